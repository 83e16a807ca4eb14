//! The home screen's state: one selectable list over the questionnaires, the AI-system
//! inventory and the vendor list.

mod draw;
mod state;

pub use state::*;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::model::{Kind, SubjectKind};
use crate::tui::component::{Component, Go, Outcome};
use crate::tui::ctx::Ctx;
use crate::tui::ctx::{ConfirmAction, Popup, Purpose};
use crate::tui::keymap::{Action, Scope};
use crate::tui::msg::Effect;
use crate::tui::view::theme::Theme;

impl Component for HomeState {
    fn scopes(&self) -> Vec<Scope> {
        vec![Scope::Home, Scope::Global]
    }

    /// Moves, opens a questionnaire or subject, adds, renames or retires a subject, resumes,
    /// names the organization, switches the profile.
    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Outcome {
        let current = self.lines.get(self.cursor).map(|l| l.row.clone());
        match action {
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(self.lines.len().saturating_sub(1)),
            Action::Select => return self.select(ctx, current),
            Action::Add => {
                let kind = subject_kind_at(ctx, current.as_ref());
                ctx.edit_for(Purpose::AddSubject(kind), "");
            }
            Action::Rename | Action::Retire => match current {
                Some(HomeRow::Subject(id)) => subject_action(ctx, action, &id),
                _ => ctx.status = Some("select an AI system or vendor first".into()),
            },
            Action::Resume => match ctx.data.resume.clone() {
                Some(r) => {
                    return Outcome::go(Go::Wizard {
                        questionnaire: r.questionnaire,
                        subject: r.subject,
                    });
                }
                None => ctx.status = Some("nothing to resume yet: open an assessment".into()),
            },
            Action::EditOrganization => {
                let name = ctx.data.organization.clone();
                ctx.edit_for(Purpose::Organization, &name);
            }
            Action::NextProfile => return Outcome::effects(next_profile(ctx)),
            _ => {}
        }
        Outcome::none()
    }

    /// Works out the rows' texts and the "what's left" panel.
    fn refresh(&mut self, ctx: &mut Ctx) {
        self.lines = draw::home_lines(ctx).into();
        self.left =
            crate::tui::left::WhatsLeft::of(&ctx.catalog, &ctx.data, ctx.today).map(Into::into);
        self.cursor = self.cursor.min(self.lines.len().saturating_sub(1));
    }

    fn view(&self, ctx: &Ctx, f: &mut Frame, area: Rect, theme: &Theme) {
        draw::draw(ctx, self, f, area, theme);
    }
}

/// The kind of subject "add" makes on this row.
fn subject_kind_at(ctx: &Ctx, row: Option<&HomeRow>) -> SubjectKind {
    match row {
        Some(HomeRow::Add(k)) => *k,
        Some(HomeRow::Questionnaire(Kind::Vendor)) => SubjectKind::Vendor,
        Some(HomeRow::Subject(id)) => ctx
            .data
            .subjects
            .iter()
            .find(|s| &s.id == id)
            .map_or(SubjectKind::AiSystem, |s| s.kind),
        _ => SubjectKind::AiSystem,
    }
}

/// Rename (an editor) or retire / reinstate (a confirmation) a subject.
fn subject_action(ctx: &mut Ctx, action: Action, id: &str) {
    let Some(s) = ctx.data.subjects.iter().find(|s| s.id == id) else {
        return;
    };
    let name = crate::sanitize::line(&s.name);
    if action == Action::Rename {
        ctx.edit_for(Purpose::Rename(id.to_string()), &name);
    } else {
        let verb = if s.retired { "Reinstate" } else { "Retire" };
        ctx.popups.push(Popup::Confirm {
            message: format!("{verb} {name}? Its answers are kept."),
            on_yes: ConfirmAction::Retire(id.to_string()),
        });
    }
}

/// Switches the workspace to the next profile (wrapping).
fn next_profile(ctx: &mut Ctx) -> Vec<Effect> {
    let ids: Vec<&str> = ctx
        .catalog
        .profiles
        .iter()
        .map(|p| p.item.id.as_str())
        .collect();
    let i = ids
        .iter()
        .position(|p| *p == ctx.data.profile)
        .map_or(0, |i| i + 1);
    if let Some(next) = ids.get(i).or(ids.first()) {
        ctx.data.profile = next.to_string();
        ctx.data.touch_meta();
    }
    vec![Effect::Persist]
}

impl HomeState {
    /// Enter on a row: the gap assessment or a subject opens in the wizard; AIIA and
    /// vendor rows move to their first subject; "add" asks for a name.
    fn select(&mut self, ctx: &mut Ctx, row: Option<HomeRow>) -> Outcome {
        match row {
            Some(HomeRow::Questionnaire(Kind::Gap)) => Outcome::go(Go::Kind {
                kind: Kind::Gap,
                subject: None,
            }),
            Some(HomeRow::Questionnaire(kind)) => {
                let sk = kind.subject_kind().unwrap_or(SubjectKind::AiSystem);
                let first = self.lines.iter().position(|l| match &l.row {
                    HomeRow::Subject(id) => ctx
                        .data
                        .subjects
                        .iter()
                        .any(|s| &s.id == id && s.kind == sk),
                    HomeRow::Add(k) => *k == sk,
                    _ => false,
                });
                if let Some(i) = first {
                    self.cursor = i;
                }
                Outcome::none()
            }
            Some(HomeRow::Subject(id)) => {
                let kind = ctx
                    .data
                    .subjects
                    .iter()
                    .find(|s| s.id == id)
                    .map(|s| s.kind.assessed_by());
                kind.map_or_else(Outcome::none, |kind| {
                    Outcome::go(Go::Kind {
                        kind,
                        subject: Some(id),
                    })
                })
            }
            Some(HomeRow::Add(kind)) => {
                ctx.edit_for(Purpose::AddSubject(kind), "");
                Outcome::none()
            }
            None => Outcome::none(),
        }
    }
}
