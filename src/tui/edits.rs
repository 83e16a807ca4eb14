//! Saving an editor popup's text into what it was opened on: a name, the organization, a
//! form field, an SoA justification, or an answer in the wizard.

use super::answers::{parse_date, parse_number};
use super::app::{App, Screen};
use super::ctx::{Ctx, Popup, Purpose};
use super::msg::Effect;
use super::screens::home;
use super::wizard::WizardState;
use crate::model::{AnswerSpec, Status, Value};

impl App {
    /// Applies saved editor text to what the editor was opened on (`target`, for answers);
    /// `Err` keeps the editor open with the message.
    pub fn apply_edit(
        &mut self,
        purpose: &Purpose,
        target: Option<&crate::model::AnswerTarget>,
        text: &str,
    ) -> Result<Vec<Effect>, String> {
        let t = text.trim();
        let nonempty = |what: &str| {
            if t.is_empty() {
                Err(format!("{what} cannot be empty: type it, or Esc to cancel"))
            } else {
                Ok(t.to_string())
            }
        };
        match purpose {
            Purpose::Organization => {
                self.ctx.data.organization = nonempty("the name")?;
                self.ctx.data.touch_meta();
                Ok(vec![Effect::Persist])
            }
            Purpose::AddSubject(kind) => {
                let s = home::new_subject(&self.ctx.data, *kind, &nonempty("the name")?);
                self.ctx.data.touch_subject(&s.id);
                self.ctx.data.subjects.push(s);
                Ok(vec![Effect::Persist])
            }
            Purpose::Rename(id) => {
                let name = nonempty("the name")?;
                if let Some(s) = self.ctx.data.subjects.iter_mut().find(|s| &s.id == id) {
                    s.name = name;
                }
                self.ctx.data.touch_subject(id);
                Ok(vec![Effect::Persist])
            }
            Purpose::FormField(i) => match self.ctx.popups.last_mut() {
                Some(Popup::Form(form)) => form.set(*i, text).map(|()| Vec::new()),
                _ => Ok(Vec::new()),
            },
            Purpose::SoaJustification(question) => super::screens::plans::justify(
                &mut self.ctx,
                question,
                &nonempty("the justification")?,
            ),
            _ => self.apply_answer_edit(purpose, target, text),
        }
    }

    fn apply_answer_edit(
        &mut self,
        purpose: &Purpose,
        target: Option<&crate::model::AnswerTarget>,
        text: &str,
    ) -> Result<Vec<Effect>, String> {
        let Screen::Wizard(w) = &mut self.screen else {
            return Err("the wizard is not open".into());
        };
        answer_edit(w, &mut self.ctx, purpose, target, text)
    }
}

/// Whether a text answer is shorter than the question's `min_length` (enforced at commit).
fn too_short(text: &str, min_length: Option<u32>) -> bool {
    let min = min_length.map_or(0, |m| usize::try_from(m).unwrap_or(usize::MAX));
    text.chars().count() < min
}

/// Saves an editor's text into the answer it was opened on (`target`, else the question
/// under the cursor): a typed answer, an exclusion's justification or a detail.
fn answer_edit(
    w: &mut WizardState,
    ctx: &mut Ctx,
    purpose: &Purpose,
    target: Option<&crate::model::AnswerTarget>,
    text: &str,
) -> Result<Vec<Effect>, String> {
    let t = text.trim().to_string();
    let at = match target {
        Some(target) => w.row_of(target).ok_or_else(|| {
            format!(
                "{} is no longer in this questionnaire's outline: Esc to cancel",
                crate::sanitize::line(&target.question)
            )
        })?,
        None => w.cursor,
    };
    let questionnaire = ctx.catalog.questionnaire(&w.questionnaire);
    let question = w
        .rows
        .get(at)
        .and_then(|r| r.question())
        .and_then(|id| w.index.question(questionnaire?, id));
    let spec = question.map(|q| q.answer.clone());
    let rule = questionnaire.and_then(|q| q.scoring.justification.clone());
    let (c, d, now) = (&ctx.catalog, &mut ctx.data, ctx.now);
    match (purpose, &spec) {
        (Purpose::AnswerText, _) if t.is_empty() => Err("type an answer, or Esc to cancel".into()),
        (Purpose::AnswerText, Some(AnswerSpec::Text { min_length, .. }))
            if too_short(&t, *min_length) =>
        {
            Err(format!(
                "at least {} characters, please ({} so far): say who, what, how much",
                min_length.unwrap_or_default(),
                t.chars().count()
            ))
        }
        (Purpose::AnswerText, _) => Ok(w.commit_at(
            c,
            d,
            at,
            Value::Text(text.trim_end().to_string()),
            None,
            now,
        )),
        (Purpose::AnswerDate, _) => {
            parse_date(&t).map(|v| w.commit_at(c, d, at, Value::Date(v), None, now))
        }
        (Purpose::AnswerNumber, Some(AnswerSpec::Number { min, max, .. })) => {
            parse_number(&t, *min, *max).map(|v| w.commit_at(c, d, at, Value::Number(v), None, now))
        }
        (Purpose::Justification, _) if t.is_empty() => Err(
            "out of scope needs a justification (it goes into the Statement of Applicability)"
                .into(),
        ),
        (Purpose::Justification, _) => {
            match crate::scoring::exclusion::justification_problem(rule.as_ref(), Some(&t)) {
                Some(p) => Err(format!("{p} (it goes into the Statement of Applicability)")),
                None => Ok(w.commit_at(
                    c,
                    d,
                    at,
                    Value::Status(Status::OutOfScope),
                    Some(t.clone()),
                    now,
                )),
            }
        }
        (Purpose::Note, _) => w.edit_answer_at(c, d, at, |a| a.note = text.trim_end().to_string()),
        (Purpose::Owner, _) => w.edit_answer_at(c, d, at, |a| {
            a.owner = Some(t.clone()).filter(|o| !o.is_empty())
        }),
        (Purpose::Due, _) if t.is_empty() => w.edit_answer_at(c, d, at, |a| a.due = None),
        (Purpose::Due, _) => {
            parse_date(&t).and_then(|due| w.edit_answer_at(c, d, at, |a| a.due = Some(due)))
        }
        (Purpose::Evidence, _) => super::evidence::parse(text).and_then(|(items, att)| {
            w.edit_answer_at(c, d, at, |a| {
                a.evidence = items;
                a.attestation = att;
            })
        }),
        _ => Err("nothing to save here".into()),
    }
}
