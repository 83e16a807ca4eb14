//! The clause heatmap: state (cursor, weights, crosswalk pivot) and the pure view model built
//! from the live workspace answers by [`build`]. No terminal here; tests build it directly.

mod draw;
mod state;

pub use state::*;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::component::{Component, Go, Outcome};
use crate::tui::ctx::Ctx;
use crate::tui::keymap::{Action, Scope};
use crate::tui::view::theme::Theme;

impl Component for HeatmapState {
    fn scopes(&self) -> Vec<Scope> {
        vec![Scope::Heatmap, Scope::Global]
    }

    /// Heatmap actions: move, open the questions behind a cell, toggle weights, pivot, back.
    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Outcome {
        let built = std::sync::Arc::clone(&self.model);
        let model = match &*built {
            Ok(m) => m,
            Err(e) => {
                ctx.status = Some(e.clone());
                return match action {
                    Action::Back => Outcome::go(Go::Home),
                    _ => Outcome::none(),
                };
            }
        };
        match action {
            Action::Up => self.step(model, -1, 0),
            Action::Down => self.step(model, 1, 0),
            Action::Left => self.step(model, 0, -1),
            Action::Right => self.step(model, 0, 1),
            Action::Top => self.step(model, isize::MIN, isize::MIN),
            Action::Bottom => self.step(model, isize::MAX, isize::MAX),
            Action::ToggleWeights => {
                self.weighted = !self.weighted;
                self.rebuild(ctx);
            }
            Action::NextPivot => {
                self.cycle_pivot();
                self.rebuild(ctx);
            }
            Action::Back => return Outcome::go(Go::Home),
            Action::Select => return self.open_cell(ctx, model),
            _ => {}
        }
        Outcome::none()
    }

    fn refresh(&mut self, ctx: &mut Ctx) {
        self.rebuild(ctx);
    }

    fn view(&self, ctx: &Ctx, f: &mut Frame, area: Rect, theme: &Theme) {
        draw::draw(ctx, self, f, area, theme);
    }
}

impl HeatmapState {
    /// Scores the live gap assessment again for the current lens and weights.
    fn rebuild(&mut self, ctx: &Ctx) {
        self.model = std::sync::Arc::new(build(&ctx.catalog, &ctx.data, self));
    }
}

impl HeatmapState {
    /// Opens the wizard on the first question behind the cell under the cursor.
    fn open_cell(&self, ctx: &mut Ctx, model: &HeatmapModel) -> Outcome {
        let Some(first) = model
            .cell(self)
            .and_then(|c| c.node.questions.first())
            .cloned()
        else {
            ctx.status = Some("no questions behind this cell".into());
            return Outcome::none();
        };
        Outcome::go(Go::WizardAt {
            questionnaire: model.questionnaire.clone(),
            question: first.to_string(),
        })
    }
}
