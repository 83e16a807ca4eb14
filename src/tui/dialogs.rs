//! What the dialogs over a screen do: a confirmed question, and keys in the search palette.

use crossterm::event::KeyEvent;

use super::app::{App, Screen};
use super::ctx::{ConfirmAction, Popup};
use super::editor::edit_key;
use super::keymap::Action;
use super::msg::Effect;
use super::search::LOOKAHEAD;
use super::wizard::Pane;

/// Runs a confirmed action.
pub fn confirmed(app: &mut App, action: ConfirmAction) -> Vec<Effect> {
    match action {
        ConfirmAction::Resume => {
            if let Some(r) = app.ctx.data.resume.clone() {
                super::nav::open_wizard(app, &r.questionnaire, r.subject.as_deref());
            }
            Vec::new()
        }
        ConfirmAction::RemoveEntry(section, id) => match &mut app.screen {
            Screen::Wizard(w) => w.remove_entry(&app.ctx.catalog, &mut app.ctx.data, &section, &id),
            _ => Vec::new(),
        },
        ConfirmAction::Retire(id) => {
            if let Some(s) = app.ctx.data.subjects.iter_mut().find(|s| s.id == id) {
                s.retired = !s.retired;
            }
            app.ctx.data.touch_subject(&id);
            vec![Effect::Persist]
        }
        ConfirmAction::DeleteFinding(id) => super::screens::findings::delete(&mut app.ctx, &id),
        ConfirmAction::Reopen(file) => vec![Effect::ReopenSnapshot { file }],
        ConfirmAction::QuitDiscardForm => {
            app.ctx.popups.retain(|p| !matches!(p, Popup::Form(_)));
            super::app::quit(app)
        }
        ConfirmAction::QuitUnsaved => {
            app.ctx.save.discard = true;
            vec![Effect::Quit]
        }
    }
}

/// Recomputes the search palette's results over the wizard's rows.
pub fn refresh_search(app: &mut App) {
    if let Screen::Wizard(w) = &app.screen {
        super::wizard_screen::refresh_search(w, &mut app.ctx);
    }
}

/// Keys in the search palette: navigation and filters, anything else edits the query.
pub fn search_key(app: &mut App, action: Option<Action>, ev: &KeyEvent) -> Vec<Effect> {
    let Some(Popup::Search(s)) = app.ctx.popups.last_mut() else {
        return Vec::new();
    };
    match action {
        Some(Action::Back) => {
            app.ctx.popups.pop();
        }
        Some(Action::Up) => s.selected = s.selected.saturating_sub(1),
        Some(Action::Down) => {
            s.selected = (s.selected + 1).min(s.results.len().saturating_sub(1));
            s.ensure_ranked(s.selected + LOOKAHEAD);
        }
        Some(Action::NextFilter) => {
            s.filter = s.filter.next();
            s.selected = 0;
            refresh_search(app);
        }
        Some(Action::Select) => {
            s.ensure_ranked(s.selected + 1);
            let target = s.results.get(s.selected).copied();
            app.ctx.popups.pop();
            if let (Some(i), Screen::Wizard(w)) = (target, &mut app.screen) {
                w.jump(&app.ctx.catalog, &mut app.ctx.data, i);
                w.focus = Pane::Tree;
            }
        }
        _ => {
            if edit_key(&mut s.query, ev) {
                s.selected = 0;
                refresh_search(app);
            }
        }
    }
    Vec::new()
}
