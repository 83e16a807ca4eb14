//! Where the app goes: opening the wizard on a questionnaire kind, a subject, a question
//! or an impact entry. Only [`App`] changes the screen; screens ask with a `Go`.

use super::app::{App, Screen};
use super::msg::Effect;
use super::screens::home;
use super::wizard::WizardState;
use crate::model::{AnswerSpec, Kind, SubjectKind};

impl App {
    /// Opens the questionnaire of `kind`; per-subject kinds need a subject id or name
    /// (a new name is added to the inventory).
    pub fn open_kind(&mut self, kind: Kind, subject: Option<&str>) -> Vec<Effect> {
        let Some(q) = self
            .ctx
            .catalog
            .questionnaire_of_kind(kind)
            .map(|q| q.id.clone())
        else {
            self.ctx.status = Some(format!("no {} questionnaire is loaded", kind.as_str()));
            return Vec::new();
        };
        let mut effects = Vec::new();
        let subject_id = match (kind.per_subject(), subject) {
            (false, _) => None,
            (true, Some(name)) => Some(self.find_or_add_subject(kind, name, &mut effects)),
            (true, None) => {
                self.ctx.status = Some(format!(
                    "choose or add a subject for the {} questionnaire",
                    kind.as_str()
                ));
                return effects;
            }
        };
        self.open_wizard(&q, subject_id.as_deref());
        effects
    }

    fn find_or_add_subject(&mut self, kind: Kind, name: &str, effects: &mut Vec<Effect>) -> String {
        if let Some(s) = self
            .ctx
            .data
            .subjects
            .iter()
            .find(|s| s.id == name || s.name == name)
        {
            return s.id.clone();
        }
        let sk = kind.subject_kind().unwrap_or(SubjectKind::AiSystem);
        let s = home::new_subject(&self.ctx.data, sk, name);
        let id = s.id.clone();
        self.ctx.data.subjects.push(s);
        self.ctx.data.touch_subject(&id);
        effects.push(Effect::Persist);
        id
    }

    /// Opens the wizard on a questionnaire, at the saved position when it is the resume point.
    pub fn open_wizard(&mut self, questionnaire: &str, subject: Option<&str>) {
        let saved = self.ctx.data.resume.clone();
        let Some(mut w) = WizardState::open(
            &self.ctx.catalog,
            &mut self.ctx.data,
            questionnaire,
            subject,
            self.ctx.today,
        ) else {
            self.ctx.status = Some(format!("unknown questionnaire {questionnaire}"));
            return;
        };
        if let Some(r) = saved
            && r.questionnaire == questionnaire
            && r.subject.as_deref() == subject
        {
            w.goto_resume(&self.ctx.catalog, &mut self.ctx.data, &r);
        }
        self.show(Screen::Wizard(Box::new(w)));
    }

    /// Opens the wizard on `questionnaire` (no subject) at the question `question`.
    pub fn open_wizard_at(&mut self, questionnaire: &str, question: &str) {
        self.open_wizard(questionnaire, None);
        if let Screen::Wizard(w) = &mut self.screen
            && let Some(i) = w.rows.iter().position(|r| r.question() == Some(question))
        {
            w.jump(&self.ctx.catalog, &mut self.ctx.data, i);
        }
    }

    /// Opens the AIIA of `subject` in the wizard at the rating question of impact `entry`.
    pub fn open_impact(&mut self, subject: &str, entry: &str) {
        let Some(qid) = self
            .ctx
            .catalog
            .questionnaire_of_kind(Kind::Aiia)
            .map(|q| q.id.clone())
        else {
            return;
        };
        self.open_wizard(&qid, Some(subject));
        let (catalog, data) = (&self.ctx.catalog, &mut self.ctx.data);
        let (Screen::Wizard(w), Some(q)) = (&mut self.screen, catalog.questionnaire(&qid)) else {
            return;
        };
        let is_rating = |id: &str| {
            q.question(id)
                .is_some_and(|x| matches!(x.answer, AnswerSpec::LikelihoodSeverity { .. }))
        };
        let in_entry = |r: &super::outline::Row| r.entry.as_ref().is_some_and(|(_, e)| e == entry);
        let rows = &w.rows;
        let i = rows
            .iter()
            .position(|r| in_entry(r) && r.question().is_some_and(is_rating))
            .or_else(|| {
                rows.iter()
                    .position(|r| in_entry(r) && r.question().is_some())
            });
        if let Some(i) = i {
            w.jump(catalog, data, i);
        }
    }
}
