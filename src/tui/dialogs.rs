//! What the dialogs over a screen do: a confirmed question, and keys in the search palette.

use crossterm::event::KeyEvent;

use super::app::{App, Screen};
use super::ctx::{ConfirmAction, Popup};
use super::editor::edit_key;
use super::keymap::Action;
use super::msg::Effect;
use super::search::LOOKAHEAD;
use super::wizard::Pane;

impl App {
    /// Runs a confirmed action.
    pub fn confirmed(&mut self, action: ConfirmAction) -> Vec<Effect> {
        match action {
            ConfirmAction::Resume => {
                if let Some(r) = self.ctx.data.resume.clone() {
                    self.open_wizard(&r.questionnaire, r.subject.as_deref());
                }
                Vec::new()
            }
            ConfirmAction::RemoveEntry(section, id) => match &mut self.screen {
                Screen::Wizard(w) => {
                    w.remove_entry(&self.ctx.catalog, &mut self.ctx.data, &section, &id)
                }
                _ => Vec::new(),
            },
            ConfirmAction::Retire(id) => {
                if let Some(s) = self.ctx.data.subjects.iter_mut().find(|s| s.id == id) {
                    s.retired = !s.retired;
                }
                self.ctx.data.touch_subject(&id);
                vec![Effect::Persist]
            }
            ConfirmAction::DeleteFinding(id) => {
                super::screens::findings::delete(&mut self.ctx, &id)
            }
            ConfirmAction::Reopen(file) => vec![Effect::ReopenSnapshot { file }],
            ConfirmAction::QuitDiscardForm => {
                self.ctx.popups.retain(|p| !matches!(p, Popup::Form(_)));
                super::app::quit(self)
            }
            ConfirmAction::QuitUnsaved => {
                self.ctx.save.discard = true;
                vec![Effect::Quit]
            }
        }
    }

    /// Recomputes the search palette's results over the wizard's rows.
    pub fn refresh_search(&mut self) {
        if let Screen::Wizard(w) = &self.screen {
            super::screens::wizard::refresh_search(w, &mut self.ctx);
        }
    }

    /// Keys in the search palette: navigation and filters, anything else edits the query.
    pub fn search_key(&mut self, action: Option<Action>, ev: &KeyEvent) -> Vec<Effect> {
        let Some(Popup::Search(s)) = self.ctx.popups.last_mut() else {
            return Vec::new();
        };
        match action {
            Some(Action::Back) => {
                self.ctx.popups.pop();
            }
            Some(Action::Up) => s.selected = s.selected.saturating_sub(1),
            Some(Action::Down) => {
                s.selected = (s.selected + 1).min(s.results.len().saturating_sub(1));
                s.ensure_ranked(s.selected + LOOKAHEAD);
            }
            Some(Action::NextFilter) => {
                s.filter = s.filter.next();
                s.selected = 0;
                self.refresh_search();
            }
            Some(Action::Select) => {
                s.ensure_ranked(s.selected + 1);
                let target = s.results.get(s.selected).copied();
                self.ctx.popups.pop();
                if let (Some(i), Screen::Wizard(w)) = (target, &mut self.screen) {
                    w.jump(&self.ctx.catalog, &mut self.ctx.data, i);
                    w.focus = Pane::Tree;
                }
            }
            _ => {
                if edit_key(&mut s.query, ev) {
                    s.selected = 0;
                    self.refresh_search();
                }
            }
        }
        Vec::new()
    }
}
