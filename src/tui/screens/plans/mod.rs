//! The Statement of Applicability and the remediation plan, both from the live gap score;
//! one screen with two tabs (Tab switches), a cursor and, for the plan, a filter.

pub(crate) mod draw;
mod state;

pub use state::*;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::component::{Component, Go, Outcome};
use crate::tui::ctx::Ctx;
use crate::tui::ctx::Purpose;
use crate::tui::keymap::{Action, Scope};
use crate::tui::view::theme::Theme;

impl Component for PlansState {
    fn scopes(&self) -> Vec<Scope> {
        vec![Scope::Plans, Scope::Global]
    }

    /// Moves, switches tab, cycles the filter, edits a justification, goes back.
    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Outcome {
        let scored = std::sync::Arc::clone(&self.gap);
        let gap = match scored.as_ref() {
            Ok(g) => g,
            Err(e) => {
                ctx.status = Some(e.clone());
                return match action {
                    Action::Back => Outcome::go(Go::Home),
                    _ => Outcome::none(),
                };
            }
        };
        let last = len(gap, self).saturating_sub(1);
        if crate::tui::screens::move_in_list(&mut self.cursor, action, last) {
            return Outcome::none();
        }
        match action {
            Action::NextPane => {
                self.tab = if self.tab == Tab::Soa {
                    Tab::Remediation
                } else {
                    Tab::Soa
                };
                self.cursor = 0;
            }
            Action::NextFilter if self.tab == Tab::Remediation => {
                self.cycle_filter(&gap.remediation)
            }
            Action::Edit if self.tab == Tab::Soa => {
                edit_justification(ctx, gap.soa.get(self.cursor));
            }
            Action::Back => return Outcome::go(Go::Home),
            _ => {}
        }
        Outcome::none()
    }

    /// Scores the live gap assessment once per change of the workspace.
    fn refresh(&mut self, ctx: &mut Ctx) {
        self.gap = live_gap(&ctx.catalog, &ctx.data, self.as_of).into();
        if let Ok(g) = self.gap.as_ref() {
            self.cursor = self.cursor.min(len(g, self).saturating_sub(1));
        }
    }

    fn view(&self, ctx: &Ctx, f: &mut Frame, area: Rect, theme: &Theme) {
        draw::draw(ctx, self, f, area, theme);
    }
}

/// Opens the editor on an excluded control's justification.
fn edit_justification(ctx: &mut Ctx, entry: Option<&crate::scoring::SoaEntry>) {
    let Some(e) = entry else { return };
    if e.applicable {
        ctx.status = Some(format!(
            "{} is applicable: only excluded controls need a justification",
            crate::sanitize::line(&e.reference)
        ));
        return;
    }
    let purpose = Purpose::SoaJustification(e.section.clone());
    let current = e.justification.clone().filter(|_| e.error.is_none());
    ctx.edit(purpose.title(), purpose, &current.unwrap_or_default(), true);
}
