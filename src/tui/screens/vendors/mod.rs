//! The vendor comparison: every live vendor's due-diligence score, for a vendors × domains
//! heatmap with tier, knock-outs and missing or expired evidence.

mod draw;
mod state;

pub use state::*;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::component::{Component, Go, Outcome};
use crate::tui::ctx::Ctx;
use crate::tui::keymap::{Action, Scope};
use crate::tui::view::theme::Theme;

impl Component for VendorsState {
    fn scopes(&self) -> Vec<Scope> {
        vec![Scope::Vendors, Scope::Global]
    }

    /// Moves between vendors, goes back.
    fn update(&mut self, _: &mut Ctx, action: Action) -> Outcome {
        let last = self.vendors.len().saturating_sub(1);
        if crate::tui::screens::move_in_list(&mut self.cursor, action, last) {
            return Outcome::none();
        }
        match action {
            Action::Back => Outcome::go(Go::Home),
            _ => Outcome::none(),
        }
    }

    /// Scores every live vendor once per change of the workspace.
    fn refresh(&mut self, ctx: &mut Ctx) {
        self.vendors = live_vendors(&ctx.catalog, &ctx.data, self.as_of).into();
        self.cursor = self.cursor.min(self.vendors.len().saturating_sub(1));
    }

    fn view(&self, ctx: &Ctx, f: &mut Frame, area: Rect, theme: &Theme) {
        draw::draw(ctx, self, f, area, theme);
    }
}
