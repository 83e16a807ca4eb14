//! The AIIA risk matrix: live AIIA scores of the AI systems, one system or all of them, and
//! the 5×5 likelihood × severity counts before and after controls.

mod draw;
mod state;

pub use state::*;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::component::{Component, Go, Outcome};
use crate::tui::ctx::Ctx;
use crate::tui::keymap::{Action, Scope};
use crate::tui::view::theme::Theme;

impl Component for RiskState {
    fn scopes(&self) -> Vec<Scope> {
        vec![Scope::Risk, Scope::Global]
    }

    /// Moves over the cells or the listed impacts, lists a cell's impacts, jumps to one in
    /// the wizard, cycles the system, goes back.
    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Outcome {
        let aiias = std::sync::Arc::clone(&self.aiias);
        let listed = impacts_in(&aiias, self);
        let target = self
            .list
            .and_then(|i| listed.get(i))
            .map(|c| (c.subject.to_string(), c.impact.entry.clone()));
        if let Some(cursor) = self.list.as_mut()
            && crate::tui::screens::move_in_list(cursor, action, listed.len().saturating_sub(1))
        {
            return Outcome::none();
        }
        match (action, self.list) {
            (Action::Up, None) => self.step(1, 0),
            (Action::Down, None) => self.step(-1, 0),
            (Action::Left, None) => self.step(0, -1),
            (Action::Right, None) => self.step(0, 1),
            (Action::Select, None) if listed.is_empty() => {
                ctx.status = Some("no impact in this cell".into());
            }
            (Action::Select, None) => self.list = Some(0),
            (Action::Select, Some(_)) => {
                if let Some((subject, entry)) = target {
                    return Outcome::go(Go::Impact { subject, entry });
                }
            }
            (Action::NextFilter, _) => {
                self.cycle(aiias.len());
                self.list = None;
            }
            (Action::Back, Some(_)) => self.list = None,
            (Action::Back, None) => return Outcome::go(Go::Home),
            _ => {}
        }
        Outcome::none()
    }

    /// Scores every live AI system's impact assessment once per change of the workspace.
    fn refresh(&mut self, ctx: &mut Ctx) {
        self.aiias = live_aiias(&ctx.catalog, &ctx.data, self.as_of).into();
        if self.system.is_some_and(|i| i >= self.aiias.len()) {
            self.system = None;
        }
    }

    fn view(&self, ctx: &Ctx, f: &mut Frame, area: Rect, theme: &Theme) {
        draw::draw(ctx, self, f, area, theme);
    }
}
