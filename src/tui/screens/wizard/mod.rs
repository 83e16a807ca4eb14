//! The wizard as a screen: what each key does to the questionnaire under way (move, pick,
//! commit, edit the details, undo, add and remove entries), in a context.

pub(crate) mod draw;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::model::{AnswerSpec, Status, Value};
use crate::tui::answers::{self, answer_of};
use crate::tui::component::{Component, Go, Outcome};
use crate::tui::ctx::{ConfirmAction, Ctx, Popup, Purpose};
use crate::tui::keymap::{Action, Scope, When};
use crate::tui::msg::Effect;
use crate::tui::view::theme::Theme;
use crate::tui::wizard::{Pane, WizardState, nudge_rating};

impl Component for WizardState {
    fn scopes(&self) -> Vec<Scope> {
        let pane = match self.focus {
            Pane::Tree => Scope::Tree,
            Pane::Answer => Scope::Answer,
            Pane::Info => Scope::Info,
        };
        vec![pane, Scope::Wizard, Scope::Global]
    }

    /// Wizard actions.
    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Outcome {
        let spec = self.question(&ctx.catalog).map(|(_, q)| q.answer.clone());
        let effects = match action {
            Action::Search => {
                ctx.popups.push(Popup::Search(Box::default()));
                refresh_search(self, ctx);
                Vec::new()
            }
            Action::History => self
                .current_target()
                .map(|t| vec![Effect::LoadHistory(t)])
                .unwrap_or_default(),
            Action::EditNote | Action::EditEvidence | Action::EditOwner | Action::EditDue => {
                self.edit_details(ctx, action);
                Vec::new()
            }
            Action::Select | Action::Pick(_) | Action::Toggle => {
                self.answer_action(ctx, action, spec)
            }
            Action::RemoveEntry => {
                self.ask_remove_entry(ctx);
                Vec::new()
            }
            Action::Undo => self.undo(ctx),
            Action::Back if self.focus == Pane::Tree => {
                return Outcome {
                    effects: vec![Effect::Persist],
                    go: Some(Go::Home),
                };
            }
            _ => self.navigate(ctx, action, spec.as_ref()),
        };
        Outcome::effects(effects)
    }

    /// The workspace changed: progress and readiness follow. (The wizard keeps its outline
    /// up to date itself as it commits; another assessor's answers rebuild it in `live`.)
    fn refresh(&mut self, ctx: &mut Ctx) {
        self.summarize(&ctx.catalog, &ctx.data);
    }

    fn view(&self, ctx: &Ctx, f: &mut Frame, area: Rect, theme: &Theme) {
        draw::draw(ctx, self, f, area, theme);
    }
}

/// Recomputes the search palette's results over the wizard's rows, preparing the rows'
/// text when it opens.
pub fn refresh_search(w: &WizardState, ctx: &mut Ctx) {
    let unprepared = matches!(ctx.popups.last(), Some(Popup::Search(s)) if !s.is_prepared());
    let prepared = unprepared
        .then(|| {
            let q = ctx.catalog.questionnaire(&w.questionnaire)?;
            let empty = crate::model::Assessment::new("", None);
            let a = w.assessment(&ctx.data).unwrap_or(&empty);
            Some(crate::tui::search::Haystacks::new(q, &w.index, &w.rows, a))
        })
        .flatten();
    if let Some(Popup::Search(s)) = ctx.popups.last_mut() {
        if let Some(h) = prepared {
            s.prepare(h);
        }
        s.refresh();
    }
}

impl WizardState {
    /// The conditions the key bar shows bindings under: the kind of answer the question
    /// under the cursor takes.
    pub fn holds(&self, catalog: &crate::catalog::Catalog) -> Vec<When> {
        match self.question(catalog).map(|(_, q)| &q.answer) {
            Some(AnswerSpec::LikelihoodSeverity { .. }) => vec![When::Grid],
            Some(s) if answers::typed(s) => vec![When::Typed],
            Some(AnswerSpec::MultiChoice { .. }) => vec![When::Multi, When::Choice],
            Some(_) => vec![When::Single, When::Choice],
            None => Vec::new(),
        }
    }

    /// Opens an editor about the question under the cursor: its text is kept as a draft
    /// on that question while typed.
    pub fn edit(&self, ctx: &mut Ctx, purpose: Purpose, text: &str) {
        let draft = purpose
            .draft_field()
            .and_then(|field| Some((self.current_target()?, field)));
        let about = draft
            .as_ref()
            .and_then(|_| self.question_label(&ctx.catalog));
        let multiline = purpose.multiline()
            || (purpose == Purpose::AnswerText
                && self.question(&ctx.catalog).is_some_and(|(_, q)| {
                    matches!(
                        q.answer,
                        AnswerSpec::Text {
                            multiline: true,
                            ..
                        }
                    )
                }));
        let title = purpose.title().to_string();
        ctx.open_editor(title, purpose, text, multiline, draft, about);
    }

    /// The committed answer under the cursor, if any.
    fn current_answer(&self, ctx: &Ctx) -> Option<crate::model::Answer> {
        self.row()
            .and_then(|r| self.assessment(&ctx.data).and_then(|a| answer_of(a, r)))
            .cloned()
    }

    /// `u`: puts back the answer as it was before the last change made in this wizard.
    fn undo(&mut self, ctx: &mut Ctx) -> Vec<Effect> {
        let (said, effects) = match self.undo_last(&ctx.catalog, &mut ctx.data) {
            Ok(msg) => (msg, vec![Effect::Persist]),
            Err(msg) => (msg, Vec::new()),
        };
        ctx.status = Some(said);
        effects
    }

    /// Opens the editor for the current answer's note, evidence, owner or due date.
    fn edit_details(&self, ctx: &mut Ctx, action: Action) {
        let Some(a) = self.current_answer(ctx) else {
            ctx.status = Some(
                "answer the question first, then add notes, evidence, owner or a due date".into(),
            );
            return;
        };
        let (purpose, text) = match action {
            Action::EditNote => (Purpose::Note, a.note.clone()),
            Action::EditEvidence => (
                Purpose::Evidence,
                crate::tui::evidence::to_text(&a.evidence, a.attestation),
            ),
            Action::EditOwner => (Purpose::Owner, a.owner.clone().unwrap_or_default()),
            _ => (
                Purpose::Due,
                a.due.map(|d| d.to_string()).unwrap_or_default(),
            ),
        };
        self.edit(ctx, purpose, &text);
    }

    /// Asks before removing the entry of a repeatable section the cursor is in.
    fn ask_remove_entry(&self, ctx: &mut Ctx) {
        match self.row().and_then(|r| r.entry.clone()) {
            Some((sec, id)) => ctx.popups.push(Popup::Confirm {
                message: format!(
                    "Remove {}? Its answers are deleted.",
                    crate::sanitize::line(&id)
                ),
                on_yes: ConfirmAction::RemoveEntry(sec, id),
            }),
            None => ctx.status = Some("not inside an entry of a repeatable section".into()),
        }
    }

    /// Moves between panes, questions and sections, flags, clears and adds entries.
    fn navigate(
        &mut self,
        ctx: &mut Ctx,
        action: Action,
        spec: Option<&AnswerSpec>,
    ) -> Vec<Effect> {
        let scroll_max = draw::question_scroll_max_at(ctx, self);
        let page = ctx.size.1.saturating_sub(8).max(1);
        let (c, d) = (&ctx.catalog, &mut ctx.data);
        let w = self;
        let mut status = None;
        match (action, w.focus) {
            (Action::NextPane, _) => w.focus = w.focus.cycle(true),
            (Action::PrevPane, _) => w.focus = w.focus.cycle(false),
            (Action::Back, _) => w.focus = Pane::Tree,
            (Action::Up, Pane::Tree) => w.step(c, d, -1),
            (Action::Down, Pane::Tree) => w.step(c, d, 1),
            (Action::Up, Pane::Info) => w.info_scroll = w.info_scroll.saturating_sub(1),
            (Action::Down, Pane::Info) => w.info_scroll = w.info_scroll.saturating_add(1),
            (Action::Up | Action::Down | Action::Left | Action::Right, Pane::Answer) => {
                move_pick(w, c, action, spec)
            }
            (Action::PageUp, Pane::Answer) => {
                w.answer_scroll = w.answer_scroll.min(scroll_max).saturating_sub(page)
            }
            (Action::PageDown, Pane::Answer) => {
                w.answer_scroll = w.answer_scroll.saturating_add(page).min(scroll_max)
            }
            (Action::PageUp | Action::PageDown, _) => {
                w.section_jump(c, d, action == Action::PageDown)
            }
            (Action::Top | Action::Bottom, _) => w.edge(c, d, action == Action::Bottom),
            (Action::NextUnanswered | Action::PrevUnanswered, _)
                if !w.next_unanswered(c, d, action == Action::NextUnanswered) =>
            {
                status = Some("every applicable question is answered".to_string());
            }
            (Action::Flag, _) => match w.edit_answer(c, d, |a| a.flagged = !a.flagged) {
                Ok(e) => return e,
                Err(m) => status = Some(m),
            },
            (Action::ClearAnswer, _) => return w.clear(c, d),
            (Action::Add, _) => match w.repeat_section().map(|s| w.add_entry(c, d, &s)) {
                Some(Ok(e)) => return e,
                Some(Err(m)) => status = Some(m),
                None => status = Some("entries can only be added in a repeatable section".into()),
            },
            _ => {}
        }
        if status.is_some() {
            ctx.status = status;
        }
        Vec::new()
    }

    /// Enter, digits and Space: commit, pick, toggle or open the editor.
    fn answer_action(
        &mut self,
        ctx: &mut Ctx,
        action: Action,
        spec: Option<AnswerSpec>,
    ) -> Vec<Effect> {
        let is_add = self
            .row()
            .is_some_and(|r| r.kind == crate::tui::outline::RowKind::AddEntry);
        if is_add && action == Action::Select {
            return match self
                .repeat_section()
                .map(|s| self.add_entry(&ctx.catalog, &mut ctx.data, &s))
            {
                Some(Ok(e)) => e,
                _ => Vec::new(),
            };
        }
        let Some(spec) = spec else { return Vec::new() };
        if !self.row().is_some_and(|r| r.applicable) {
            ctx.status = Some("this question does not apply here (n/a)".into());
            return Vec::new();
        }
        if answers::typed(&spec) {
            if action == Action::Select {
                self.open_typed_editor(ctx, &spec);
            }
            return Vec::new();
        }
        let index = match action {
            Action::Pick(n) => match usize::from(n).checked_sub(1) {
                Some(i) if i < answers::offered(&spec, self.excludable).len() => i,
                _ => return Vec::new(),
            },
            _ => self.pick,
        };
        if action == Action::Select && self.focus == Pane::Tree {
            self.focus = Pane::Answer;
            return Vec::new();
        }
        self.pick_option(ctx, action, index, &spec)
    }

    /// Picks option `index`: toggles it in a multi-choice draft, or commits it (an
    /// exclusion first asks for its justification).
    fn pick_option(
        &mut self,
        ctx: &mut Ctx,
        action: Action,
        index: usize,
        spec: &AnswerSpec,
    ) -> Vec<Effect> {
        let multi = matches!(spec, AnswerSpec::MultiChoice { .. });
        let commit_now = match action {
            Action::Select => self.focus == Pane::Answer,
            Action::Pick(_) => !multi,
            _ => false,
        };
        self.pick = index;
        if multi && matches!(action, Action::Toggle | Action::Pick(_)) {
            if let Some(Value::Choice(v)) = answers::offered(spec, self.excludable)
                .get(index)
                .map(|o| o.value.clone())
            {
                answers::toggle_multi(spec, &mut self.multi, v);
            }
            return Vec::new();
        }
        if !commit_now {
            return Vec::new();
        }
        match self.draft_value(spec) {
            Some(Value::Status(Status::OutOfScope)) => {
                let old = self.current_answer(ctx).and_then(|a| a.justification);
                self.edit(ctx, Purpose::Justification, &old.unwrap_or_default());
                Vec::new()
            }
            Some(v) => self.commit(&ctx.catalog, &mut ctx.data, v, None, ctx.now),
            None => Vec::new(),
        }
    }

    /// Opens the editor of a text, date or number answer.
    fn open_typed_editor(&self, ctx: &mut Ctx, spec: &AnswerSpec) {
        let current = self
            .current_answer(ctx)
            .map(|a| match &a.value {
                Value::Text(t) => t.clone(),
                other => other.condition_values().join(""),
            })
            .unwrap_or_default();
        let purpose = match spec {
            AnswerSpec::Date => Purpose::AnswerDate,
            AnswerSpec::Number { .. } => Purpose::AnswerNumber,
            _ => Purpose::AnswerText,
        };
        self.edit(ctx, purpose, &current);
    }
}

/// Arrows in the Answer pane: the rating grid's cell, or the highlighted option.
fn move_pick(
    w: &mut WizardState,
    c: &crate::catalog::Catalog,
    action: Action,
    spec: Option<&AnswerSpec>,
) {
    let Some(spec) = spec else { return };
    if let AnswerSpec::LikelihoodSeverity { .. } = spec {
        let (dl, ds) = match action {
            Action::Up => (1, 0),
            Action::Down => (-1, 0),
            Action::Left => (0, -1),
            _ => (0, 1),
        };
        if let Some(q) = c.questionnaire(&w.questionnaire) {
            nudge_rating(q, spec, &mut w.rating, dl, ds);
        }
        return;
    }
    let n = answers::offered(spec, w.excludable).len();
    match action {
        Action::Up => w.pick = w.pick.saturating_sub(1),
        Action::Down => w.pick = (w.pick + 1).min(n.saturating_sub(1)),
        _ => {}
    }
}
