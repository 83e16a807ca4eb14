//! The snapshot diff screen: which two snapshots, the cursor over changed answers, and
//! whether the side-by-side detail is open. The diff itself is `crate::diff::diff`.

mod draw;
mod state;

pub use state::*;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::component::{Component, Go, Outcome};
use crate::tui::ctx::Ctx;
use crate::tui::keymap::{Action, Scope};
use crate::tui::view::theme::Theme;

impl Component for DiffState {
    fn scopes(&self) -> Vec<Scope> {
        vec![Scope::Diff, Scope::Global]
    }

    /// Diff actions: move over changed answers, detail on/off, pick either side, back.
    fn update(&mut self, _: &mut Ctx, action: Action) -> Outcome {
        let len = self.diff.as_ref().map_or(0, |d| d.answers.len());
        if crate::tui::screens::move_in_list(&mut self.cursor, action, len.saturating_sub(1)) {
            return Outcome::none();
        }
        match action {
            Action::Select => self.detail = !self.detail,
            Action::CycleOld => return Outcome::effects(self.cycle(false)),
            Action::CycleNew => return Outcome::effects(self.cycle(true)),
            Action::Back if self.detail => self.detail = false,
            Action::Back => return Outcome::go(Go::Home),
            _ => {}
        }
        Outcome::none()
    }

    /// Works out the diff once its pair is read (it does not depend on the workspace).
    fn refresh(&mut self, ctx: &mut Ctx) {
        if self.diff.is_none() {
            self.diff = self.compute(&ctx.catalog).map(Into::into);
        }
    }

    fn view(&self, ctx: &Ctx, f: &mut Frame, area: Rect, theme: &Theme) {
        draw::draw(ctx, self, f, area, theme);
    }
}
