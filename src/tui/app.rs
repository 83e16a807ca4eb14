//! The application state machine: `update(&mut App, Msg) -> Vec<Effect>`. No terminal and
//! no disk here; the shell (`run`) performs the effects.

use crossterm::event::KeyEvent;

use super::data::WorkspaceState;
use super::editor::{TextEditor, edit_key};
use super::home::HomeState;
use super::keymap::{self, Action, Key, Scope};
use super::search::SearchState;
use super::wizard::{Pane, WizardState};
use crate::catalog::Catalog;
use crate::model::{Kind, SubjectKind};

/// Something that happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    /// A key press.
    Key(KeyEvent),
    /// Pasted text (bracketed paste).
    Paste(String),
    /// The terminal was resized.
    Resize,
    /// SIGTERM / SIGHUP: save the current answer and quit.
    Terminate,
    /// Saving failed; the message says why.
    PersistFailed(String),
}

/// Work for the shell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Save the workspace state now, before anything else is shown.
    Persist,
    /// Restore the terminal and exit.
    Quit,
}

/// The screen under the popups.
#[derive(Debug, Clone)]
pub enum Screen {
    /// Home.
    Home(HomeState),
    /// The wizard.
    Wizard(Box<WizardState>),
    /// The clause heatmap.
    Heatmap(Box<super::screens::heatmap::HeatmapState>),
    /// The snapshot diff.
    Diff(Box<super::screens::diff::DiffState>),
    /// The Statement of Applicability and the remediation plan.
    Plans(Box<super::screens::plans::PlansState>),
    /// The AIIA risk matrix.
    Risk(Box<super::screens::risk::RiskState>),
    /// The vendor comparison.
    Vendors(Box<super::screens::vendors::VendorsState>),
}

/// What a text editor popup edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// A text answer.
    AnswerText,
    /// A date answer.
    AnswerDate,
    /// A number answer.
    AnswerNumber,
    /// The justification of an out-of-scope status.
    Justification,
    /// The answer's note.
    Note,
    /// Evidence references, one per line.
    Evidence,
    /// The answer's owner.
    Owner,
    /// The answer's due date.
    Due,
    /// The organization name.
    Organization,
    /// The name of a new AI system or vendor.
    AddSubject(SubjectKind),
    /// A new name for a subject, by id.
    Rename(String),
}

/// A text editor popup.
#[derive(Debug, Clone)]
pub struct EditorPopup {
    /// Title.
    pub title: String,
    /// What the text is for.
    pub purpose: Purpose,
    /// The editor.
    pub editor: TextEditor,
    /// Why the last save was refused.
    pub error: Option<String>,
}

/// What a confirmation does on "yes".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfirmAction {
    /// Resume the saved position.
    Resume,
    /// Remove an entry (section id, entry id).
    RemoveEntry(String, String),
    /// Retire or reinstate a subject.
    Retire(String),
}

/// Popups, stacked over the screen; the top one gets input first.
#[derive(Debug, Clone)]
pub enum Popup {
    /// Key bindings.
    Help {
        /// Scroll offset.
        scroll: u16,
    },
    /// The search palette.
    Search(Box<SearchState>),
    /// A yes/no question.
    Confirm {
        /// The question.
        message: String,
        /// What "yes" does.
        on_yes: ConfirmAction,
    },
    /// A text editor.
    Editor(Box<EditorPopup>),
}

/// Where to start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Start {
    /// Open this questionnaire kind directly.
    pub kind: Option<Kind>,
    /// For AIIA / vendor: the subject's id or name.
    pub subject: Option<String>,
}

/// The whole application state.
#[derive(Debug, Clone)]
pub struct App {
    /// Questionnaires and profiles.
    pub catalog: Catalog,
    /// What is persisted.
    pub data: WorkspaceState,
    /// The current screen.
    pub screen: Screen,
    /// Popups, bottom first.
    pub popups: Vec<Popup>,
    /// A one-line message for the user (cleared on the next key).
    pub status: Option<String>,
    /// Whether colours are used (false under `NO_COLOR`).
    pub color: bool,
    /// Set when another process holds the workspace session: who holds it.
    pub read_only: Option<String>,
    /// The workspace's `snapshots/` folder (the diff view lists it).
    pub snapshots_dir: std::path::PathBuf,
    /// Saved snapshots shown on Home, newest first: (file name, cycle, date).
    pub snapshots: Vec<(String, String, String)>,
}

impl App {
    /// A new app on the home screen.
    pub fn new(catalog: Catalog, data: WorkspaceState, color: bool) -> App {
        App {
            catalog,
            data,
            screen: Screen::Home(HomeState::default()),
            popups: Vec::new(),
            status: None,
            color,
            read_only: None,
            snapshots_dir: std::path::PathBuf::from("snapshots"),
            snapshots: Vec::new(),
        }
    }

    /// Applies the start request: open a questionnaire, or offer to resume.
    pub fn start(&mut self, start: &Start) -> Vec<Effect> {
        match start.kind {
            Some(kind) => super::flow::open_kind(self, kind, start.subject.as_deref()),
            None => {
                if let Some(r) = &self.data.resume {
                    let message = format!(
                        "Resume {} at question {}?",
                        r.questionnaire,
                        crate::sanitize::line(&r.question)
                    );
                    self.popups.push(Popup::Confirm {
                        message,
                        on_yes: ConfirmAction::Resume,
                    });
                }
                Vec::new()
            }
        }
    }

    /// The key scopes in force, innermost first.
    pub fn scopes(&self) -> Vec<Scope> {
        match self.popups.last() {
            Some(Popup::Help { .. }) => return vec![Scope::Help, Scope::Global],
            Some(Popup::Confirm { .. }) => return vec![Scope::Confirm, Scope::Global],
            Some(Popup::Search(_)) => return vec![Scope::Search],
            Some(Popup::Editor(_)) => return vec![Scope::Editor],
            None => {}
        }
        match &self.screen {
            Screen::Home(_) => vec![Scope::Home, Scope::Global],
            Screen::Wizard(w) => {
                let pane = match w.focus {
                    Pane::Tree => Scope::Tree,
                    Pane::Answer => Scope::Answer,
                    Pane::Info => Scope::Info,
                };
                vec![pane, Scope::Wizard, Scope::Global]
            }
            Screen::Heatmap(_) => vec![Scope::Heatmap, Scope::Global],
            Screen::Diff(_) => vec![Scope::Diff, Scope::Global],
            Screen::Plans(_) => vec![Scope::Plans, Scope::Global],
            Screen::Risk(_) => vec![Scope::Risk, Scope::Global],
            Screen::Vendors(_) => vec![Scope::Vendors, Scope::Global],
        }
    }

    /// The wizard state, when the wizard is open.
    pub fn wizard(&self) -> Option<&WizardState> {
        match &self.screen {
            Screen::Wizard(w) => Some(w),
            _ => None,
        }
    }

    /// Opens a text editor popup.
    pub fn edit(
        &mut self,
        title: impl Into<String>,
        purpose: Purpose,
        text: &str,
        multiline: bool,
    ) {
        self.popups.push(Popup::Editor(Box::new(EditorPopup {
            title: title.into(),
            purpose,
            editor: TextEditor::new(text, multiline),
            error: None,
        })));
    }
}

/// The state machine.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let effects = dispatch(app, msg);
    if effects.contains(&Effect::Persist)
        && let Screen::Wizard(w) = &mut app.screen
    {
        w.summarize(&app.catalog, &app.data);
    }
    effects
}

fn dispatch(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(ev) => {
            app.status = None;
            on_key(app, &ev)
        }
        Msg::Paste(text) => {
            match app.popups.last_mut() {
                Some(Popup::Editor(e)) => e.editor.insert_str(&text),
                Some(Popup::Search(s)) => {
                    s.query.insert_str(&text);
                    super::flow::refresh_search(app);
                }
                _ => {
                    app.status = Some("paste into an answer: open its editor first (Enter)".into())
                }
            }
            Vec::new()
        }
        Msg::Resize => Vec::new(),
        Msg::Terminate => quit(app),
        Msg::PersistFailed(e) => {
            app.status = Some(format!("NOT SAVED: {e}"));
            Vec::new()
        }
    }
}

fn on_key(app: &mut App, ev: &KeyEvent) -> Vec<Effect> {
    let action = keymap::lookup(&app.scopes(), Key::of(ev));
    if action == Some(Action::Quit) {
        return quit(app);
    }
    match app.popups.last() {
        Some(Popup::Editor(_)) => return editor_key(app, action, ev),
        Some(Popup::Search(_)) => return super::flow::search_key(app, action, ev),
        Some(_) => return popup_key(app, action),
        None => {}
    }
    let Some(action) = action else {
        return Vec::new();
    };
    if action == Action::Help {
        app.popups.push(Popup::Help { scroll: 0 });
        return Vec::new();
    }
    match action {
        Action::Heatmap => {
            super::screens::heatmap::open(app);
            return Vec::new();
        }
        Action::OpenDiff => {
            super::screens::diff::open(app);
            return Vec::new();
        }
        Action::OpenRisk => {
            super::screens::risk::open(app);
            return Vec::new();
        }
        Action::OpenVendors => {
            super::screens::vendors::open(app);
            return Vec::new();
        }
        Action::OpenSoa | Action::OpenRemediation => {
            let tab = if action == Action::OpenSoa {
                super::screens::plans::Tab::Soa
            } else {
                super::screens::plans::Tab::Remediation
            };
            super::screens::plans::open(app, tab);
            return Vec::new();
        }
        _ => {}
    }
    match app.screen {
        Screen::Home(_) => super::flow::home_action(app, action),
        Screen::Wizard(_) => super::flow::wizard_action(app, action, ev),
        Screen::Heatmap(_) => super::screens::heatmap::action(app, action),
        Screen::Diff(_) => super::screens::diff::action(app, action),
        Screen::Plans(_) => super::screens::plans::action(app, action),
        Screen::Risk(_) => super::screens::risk::action(app, action),
        Screen::Vendors(_) => super::screens::vendors::action(app, action),
    }
}

/// Saves any open editor's text if it is valid, then asks the shell to persist and quit.
fn quit(app: &mut App) -> Vec<Effect> {
    while let Some(Popup::Editor(_)) = app.popups.last() {
        if let Some(Popup::Editor(e)) = app.popups.pop() {
            let _ = super::flow::apply_edit(app, &e.purpose, &e.editor.text());
        }
    }
    if let Some(w) = app.wizard() {
        let w = w.clone();
        w.record_resume(&mut app.data);
    }
    vec![Effect::Persist, Effect::Quit]
}

fn popup_key(app: &mut App, action: Option<Action>) -> Vec<Effect> {
    let Some(top) = app.popups.last_mut() else {
        return Vec::new();
    };
    match (top, action) {
        (Popup::Help { .. }, Some(Action::Back)) | (Popup::Confirm { .. }, Some(Action::No)) => {
            app.popups.pop();
        }
        (Popup::Help { scroll }, Some(Action::Up)) => *scroll = scroll.saturating_sub(1),
        (Popup::Help { scroll }, Some(Action::Down)) => *scroll = scroll.saturating_add(1),
        (Popup::Confirm { on_yes, .. }, Some(Action::Yes)) => {
            let on_yes = on_yes.clone();
            app.popups.pop();
            return super::flow::confirmed(app, on_yes);
        }
        _ => {}
    }
    Vec::new()
}

fn editor_key(app: &mut App, action: Option<Action>, ev: &KeyEvent) -> Vec<Effect> {
    let Some(Popup::Editor(e)) = app.popups.last_mut() else {
        return Vec::new();
    };
    match action {
        Some(Action::Back) => {
            app.popups.pop();
        }
        Some(Action::Select) if e.editor.multiline => e.editor.insert('\n'),
        Some(Action::Save | Action::Select) => {
            let Some(Popup::Editor(mut e)) = app.popups.pop() else {
                return Vec::new();
            };
            match super::flow::apply_edit(app, &e.purpose, &e.editor.text()) {
                Ok(effects) => return effects,
                Err(msg) => {
                    e.error = Some(msg);
                    app.popups.push(Popup::Editor(e));
                }
            }
        }
        _ => {
            edit_key(&mut e.editor, ev);
        }
    }
    Vec::new()
}
