//! The audit findings register: the workspace's findings, overdue and repeat ones first,
//! with a form to add or edit a finding and a confirmation before deleting one.

mod draw;
mod state;

pub use state::*;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::component::{Component, Go, Outcome};
use crate::tui::ctx::Ctx;
use crate::tui::ctx::{ConfirmAction, Popup};
use crate::tui::keymap::{Action, Scope};
use crate::tui::view::theme::Theme;

impl Component for FindingsState {
    fn scopes(&self) -> Vec<Scope> {
        vec![Scope::Findings, Scope::Global]
    }

    /// Moves, adds, edits, deletes, jumps to the wizard, goes back.
    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Outcome {
        let last = self.register.len().saturating_sub(1);
        if crate::tui::screens::move_in_list(&mut self.cursor, action, last) {
            return Outcome::none();
        }
        let as_of = self.as_of;
        let current = self.register.get(self.cursor).map(|r| r.0);
        let current = current.and_then(|i| ctx.data.findings.get(i)).cloned();
        match (action, current) {
            (Action::Back, _) => return Outcome::go(Go::Home),
            (Action::Add, _) => {
                let id = next_id(&ctx.data.findings, as_of);
                let form = form(None, id, gap_refs(&ctx.catalog), as_of);
                ctx.popups.push(Popup::Form(Box::new(form)));
            }
            (Action::Edit, Some(f)) => {
                let form = form(Some(&f), f.id.clone(), gap_refs(&ctx.catalog), as_of);
                ctx.popups.push(Popup::Form(Box::new(form)));
            }
            (Action::Delete, Some(f)) => ctx.popups.push(Popup::Confirm {
                message: format!(
                    "Delete finding {}? It is removed from the register.",
                    crate::sanitize::line(&f.id)
                ),
                on_yes: ConfirmAction::DeleteFinding(f.id.clone()),
            }),
            (Action::Select, Some(f)) => match first_question(&ctx.catalog, f.reference.trim()) {
                Some((questionnaire, question)) => {
                    return Outcome::go(Go::WizardAt {
                        questionnaire,
                        question,
                    });
                }
                None => ctx.status = Some(format!("no gap questions under {}", f.reference)),
            },
            (Action::Edit | Action::Delete | Action::Select, None) => {
                ctx.status = Some("no finding selected: a adds one".into());
            }
            _ => {}
        }
        Outcome::none()
    }

    /// Orders the register once per change of the workspace.
    fn refresh(&mut self, ctx: &mut Ctx) {
        self.register = register(&ctx.data.findings, self.as_of);
        self.cursor = self.cursor.min(self.register.len().saturating_sub(1));
    }

    fn view(&self, ctx: &Ctx, f: &mut Frame, area: Rect, theme: &Theme) {
        draw::draw(ctx, self, f, area, theme);
    }
}
