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
use crate::model::{Kind, Snapshot, SubjectKind};

/// Something that happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    /// A key press.
    Key(KeyEvent),
    /// Pasted text (bracketed paste).
    Paste(String),
    /// The terminal was resized.
    Resize,
    /// The terminal's size (columns, rows): at start and after a resize.
    Size(u16, u16),
    /// SIGTERM / SIGHUP: save the current answer and quit.
    Terminate,
    /// Saving failed; the message says why.
    PersistFailed(String),
    /// A snapshot was saved (file name and digest), or why not.
    SnapshotSaved(Result<SavedSnapshot, String>),
    /// The two snapshots of a diff were read, or why not.
    DiffLoaded {
        /// File name of the old side.
        old: String,
        /// File name of the new side.
        new: String,
        /// Both snapshots, or why they could not be read.
        result: Result<Box<(Snapshot, Snapshot)>, String>,
    },
    /// A report was written (the paths), or why not.
    ReportWritten(Result<Vec<String>, String>),
    /// A snapshot to reopen was read, or why not.
    SnapshotReopened {
        /// Its file name.
        file: String,
        /// The snapshot, or why it could not be read.
        result: Result<Box<Snapshot>, String>,
    },
    /// Saving succeeded at this time (`HH:MM`, also sent once at start).
    Saved(String),
    /// A batch is durable: the revisions written and any conflicts.
    Committed(crate::store::live::Committed),
    /// What other assessors committed.
    Remote(crate::store::live::Remote),
    /// A read-only workspace refused a change: the state as stored, or why it could not be
    /// read.
    Reverted(Result<Box<WorkspaceState>, String>),
    /// A second passed with an editor open: keep its text as a draft.
    Tick,
    /// The history of the question under the cursor, or why it could not be read.
    History(
        crate::model::AnswerTarget,
        Result<Vec<crate::store::live::HistoryRow>, String>,
    ),
    /// The workspace was read at start (on the saver thread, after the first frame).
    Loaded(Result<Box<WorkspaceState>, String>),
}

/// What to do once the workspace is read: where to start, and a profile to switch to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pending {
    /// Where to start.
    pub start: Start,
    /// `--profile`: switch the workspace to this profile.
    pub profile: Option<String>,
}

/// A snapshot just saved, and the refreshed list for Home.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedSnapshot {
    /// Its file name in `snapshots/`.
    pub file: String,
    /// Its digest (`sha256:` + hex).
    pub digest: String,
    /// The saved snapshots, newest first: (file name, cycle, date).
    pub list: Vec<(String, String, String)>,
}

/// Work for the shell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Save the workspace state now, before anything else is shown.
    Persist,
    /// Restore the terminal and exit.
    Quit,
    /// Freeze the workspace state into a new sealed snapshot in `snapshots/` (never
    /// replacing a file, chained to the previous one); answered with [`Msg::SnapshotSaved`].
    SaveSnapshot {
        /// Audit cycle.
        cycle: String,
        /// Free label.
        label: String,
        /// Who made the assessment.
        assessor: String,
    },
    /// Read two snapshot files of `snapshots/`; answered with [`Msg::DiffLoaded`].
    LoadDiff {
        /// File name of the old side.
        old: String,
        /// File name of the new side.
        new: String,
    },
    /// Read a snapshot of `snapshots/` to start the work in progress from it; answered with
    /// [`Msg::SnapshotReopened`].
    ReopenSnapshot {
        /// The snapshot's file name.
        file: String,
    },
    /// Read the history of one answer; answered with [`Msg::History`].
    LoadHistory(crate::model::AnswerTarget),
    /// Render a snapshot of `snapshots/` into `reports/`; answered with
    /// [`Msg::ReportWritten`].
    WriteReport {
        /// The snapshot's file name.
        snapshot: String,
        /// The format.
        format: crate::report::ReportFormat,
    },
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
    /// The audit findings register.
    Findings(Box<super::screens::findings::FindingsState>),
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
    /// Field `i` of the form under the editor.
    FormField(usize),
    /// The exclusion justification of a gap question, from the Statement of Applicability.
    SoaJustification(String),
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
    /// The question and field its text is kept under as a draft, if it is about a question.
    pub draft: Option<(crate::model::AnswerTarget, &'static str)>,
    /// The text it opened with (a draft is kept only once the text differs).
    pub opened_with: String,
    /// The answer it edits, captured when it opened: saving lands there even if the cursor
    /// moved since (`None` for names and form fields).
    pub target: Option<crate::model::AnswerTarget>,
    /// The question it is about, shown above the text: id and the start of its prompt.
    pub about: Option<String>,
}

/// What a confirmation does on "yes".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfirmAction {
    /// Resume the saved position.
    Resume,
    /// Start the work in progress from this snapshot file.
    Reopen(String),
    /// Remove an entry (section id, entry id).
    RemoveEntry(String, String),
    /// Retire or reinstate a subject.
    Retire(String),
    /// Delete a finding, by id.
    DeleteFinding(String),
    /// Quit although the last save failed (the unsaved answers are lost).
    QuitUnsaved,
    /// Quit with a form open: the form's unsaved fields are dropped, everything else is saved.
    QuitDiscardForm,
}

/// Whether answers are on disk: drives the quit confirmation when saving keeps failing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaveState {
    /// When (`HH:MM`) the last save succeeded, or the session started.
    pub saved_at: Option<String>,
    /// The last save failed.
    pub failing: bool,
    /// The user confirmed quitting without saving.
    pub discard: bool,
    /// SIGHUP / SIGTERM: nobody is there to answer a question, so quitting goes ahead (the
    /// shell writes a rescue copy when the last save failed).
    pub terminating: bool,
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
    /// A form (finding, save snapshot, report export).
    Form(Box<super::form::Form>),
    /// Someone else changed an answer this user just committed: whose stays?
    Conflict(Box<crate::store::live::Conflict>),
    /// The history of one answer, oldest first.
    History {
        /// Title naming the question.
        title: String,
        /// One line per change.
        lines: Vec<String>,
        /// Scroll offset.
        scroll: u16,
    },
}

/// Where to start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Start {
    /// Open this questionnaire kind directly.
    pub kind: Option<Kind>,
    /// For AIIA / vendor: the subject's id or name.
    pub subject: Option<String>,
    /// A gap questionnaire to open instead of the first one (e.g. `eu-ai-act-high-risk`).
    pub questionnaire: Option<String>,
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
    /// Whether only ASCII is drawn (no UTF-8 locale, or `TERM=dumb`).
    pub ascii: bool,
    /// Set when another process holds the workspace session: who holds it.
    pub read_only: Option<String>,
    /// The workspace's `snapshots/` folder (the diff view lists it).
    pub snapshots_dir: std::path::PathBuf,
    /// Saved snapshots shown on Home, newest first: (file name, cycle, date).
    pub snapshots: Vec<(String, String, String)>,
    /// The workspace's `reports/` folder (report exports go there).
    pub reports_dir: std::path::PathBuf,
    /// Whether the last save worked, and since when answers are only in memory.
    pub save: SaveState,
    /// Set while the workspace is being read at start: what to do once it is.
    pub loading: Option<Pending>,
    /// The terminal's size (columns, rows) as last reported: scrolling stops at the end.
    pub size: (u16, u16),
    /// Home's "what's left" panel, worked out once per change of the workspace (`None`:
    /// to be worked out again before Home is drawn).
    pub left: Option<std::sync::Arc<super::left::WhatsLeft>>,
    /// Home's list rows as text (progress and rating of every questionnaire and subject),
    /// worked out once per change of the workspace like [`App::left`]: with hundreds of AI
    /// systems and vendors, scoring each one on every key made Home slow.
    pub home_rows: Option<std::sync::Arc<Vec<String>>>,
    /// The AI systems and vendors scored for the risk matrix and the vendor comparison,
    /// once per change of the workspace.
    pub scored: super::screens::Scored,
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
            ascii: false,
            read_only: None,
            snapshots_dir: std::path::PathBuf::from("snapshots"),
            snapshots: Vec::new(),
            reports_dir: std::path::PathBuf::from("reports"),
            save: SaveState::default(),
            loading: None,
            size: (80, 24),
            left: None,
            home_rows: None,
            scored: Default::default(),
        }
    }

    /// Applies the start request: open a questionnaire, or offer to resume.
    pub fn start(&mut self, start: &Start) -> Vec<Effect> {
        if let Some(q) = &start.questionnaire {
            super::flow::open_wizard(self, q, None);
            return Vec::new();
        }
        match start.kind {
            Some(kind) => super::flow::open_kind(self, kind, start.subject.as_deref()),
            None => {
                if let Some(r) = &self.data.resume {
                    let message = self.resume_question(r);
                    self.popups.push(Popup::Confirm {
                        message,
                        on_yes: ConfirmAction::Resume,
                    });
                }
                Vec::new()
            }
        }
    }

    /// The resume offer in words: the questionnaire's title, the subject's name and the
    /// question's id with the start of its prompt (not internal ids alone).
    pub fn resume_question(&self, r: &super::data::ResumePoint) -> String {
        let q = self.catalog.questionnaire(&r.questionnaire);
        let title = q.map_or_else(
            || crate::sanitize::line(&r.questionnaire),
            |q| crate::sanitize::line(&q.title),
        );
        let subject = r
            .subject
            .as_ref()
            .and_then(|id| self.data.subjects.iter().find(|s| &s.id == id))
            .map(|s| format!(" for {}", crate::sanitize::line(&s.name)))
            .unwrap_or_default();
        let question = q.and_then(|q| q.question(&r.question)).map_or_else(
            || crate::sanitize::line(&r.question),
            |x| super::wizard::question_label(&x.id, &x.prompt),
        );
        let ask = format!("Resume the {title}{subject} at {question}");
        if ask.ends_with('?') || ask.ends_with('…') {
            format!("{ask} (y/n)")
        } else {
            format!("{ask}?")
        }
    }

    /// The key scopes in force, innermost first.
    pub fn scopes(&self) -> Vec<Scope> {
        match self.popups.last() {
            Some(Popup::Help { .. } | Popup::History { .. }) => {
                return vec![Scope::Help, Scope::Global];
            }
            Some(Popup::Confirm { .. } | Popup::Conflict(_)) => {
                return vec![Scope::Confirm, Scope::Global];
            }
            Some(Popup::Search(_)) => return vec![Scope::Search],
            Some(Popup::Editor(_)) => return vec![Scope::Editor],
            Some(Popup::Form(_)) => return vec![Scope::Form, Scope::Global],
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
            Screen::Findings(_) => vec![Scope::Findings, Scope::Global],
        }
    }

    /// The conditions the key bar shows bindings under: the open editor's kind, or the
    /// kind of answer the question under the wizard's cursor takes.
    pub fn holds(&self) -> Vec<keymap::When> {
        use keymap::When;
        if let Some(Popup::Editor(e)) = self.popups.last() {
            return vec![if e.editor.multiline {
                When::MultiLine
            } else {
                When::OneLine
            }];
        }
        let spec = self
            .wizard()
            .and_then(|w| w.question(&self.catalog))
            .map(|(_, q)| &q.answer);
        match spec {
            Some(crate::model::AnswerSpec::LikelihoodSeverity { .. }) => vec![When::Grid],
            Some(s) if super::answers::typed(s) => vec![When::Typed],
            Some(crate::model::AnswerSpec::MultiChoice { .. }) => vec![When::Multi, When::Choice],
            Some(_) => vec![When::Single, When::Choice],
            None => Vec::new(),
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
        let draft = super::live::draft_key(self, &purpose);
        let target = draft.as_ref().map(|(t, _)| t.clone());
        let about = target
            .as_ref()
            .and_then(|_| self.wizard()?.question_label(&self.catalog));
        let text = super::live::opening_text(self, draft.as_ref(), text);
        self.popups.push(Popup::Editor(Box::new(EditorPopup {
            title: title.into(),
            purpose,
            editor: TextEditor::new(&text, multiline),
            error: None,
            draft,
            opened_with: text,
            target,
            about,
        })));
    }
}

/// The state machine.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let changes_data = matches!(
        msg,
        Msg::Committed(_)
            | Msg::Remote(crate::store::live::Remote::Answers { .. })
            | Msg::Remote(crate::store::live::Remote::Reload(_))
            | Msg::Loaded(_)
            | Msg::Reverted(_)
            | Msg::SnapshotReopened { .. }
    );
    let effects = dispatch(app, msg);
    if effects.contains(&Effect::Persist)
        && let Screen::Wizard(w) = &mut app.screen
    {
        w.summarize(&app.catalog, &app.data);
    }
    if changes_data || effects.contains(&Effect::Persist) {
        app.left = None;
        app.home_rows = None;
        app.scored = Default::default();
    }
    if app.loading.is_none() {
        app.scored.keep_for(&app.catalog, &app.data, &app.screen);
    }
    if matches!(app.screen, Screen::Home(_)) && app.loading.is_none() {
        if app.left.is_none() {
            let today = crate::clock::today_utc();
            app.left = super::left::WhatsLeft::of(&app.catalog, &app.data, today).map(Into::into);
        }
        if app.home_rows.is_none() {
            app.home_rows = Some(super::view::home::row_texts(app).into());
        }
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
        Msg::Size(w, h) => {
            app.size = (w, h);
            clamp_help(app);
            Vec::new()
        }
        Msg::Terminate => {
            app.save.terminating = true;
            quit(app)
        }
        Msg::PersistFailed(e) => {
            app.status = Some(format!(
                "NOT SAVED: {e}; your answers are kept in memory and saved with the next one"
            ));
            app.save.failing = true;
            Vec::new()
        }
        Msg::Saved(at) => {
            app.save.failing = false;
            app.save.saved_at = Some(at);
            Vec::new()
        }
        Msg::Committed(c) => {
            super::live::committed(app, c);
            Vec::new()
        }
        Msg::Remote(r) => {
            super::live::remote(app, r);
            Vec::new()
        }
        Msg::Reverted(r) => {
            match r {
                Ok(data) => {
                    let keep = std::mem::take(&mut app.data.resume);
                    app.data.state = data.state;
                    app.data.revs = data.revs;
                    app.data.resume = keep;
                    super::live::refresh_screen(app);
                    let why = app.read_only.clone().unwrap_or_default();
                    app.status = Some(format!(
                        "READ-ONLY ({why}): that change was not saved and has been undone"
                    ));
                }
                Err(e) => {
                    app.status = Some(format!("READ-ONLY: cannot re-read the workspace: {e}"))
                }
            }
            Vec::new()
        }
        Msg::Tick => super::live::keep_draft(app),
        Msg::Loaded(r) => loaded(app, r),
        Msg::History(target, rows) => {
            super::live::show_history(app, &target, rows);
            Vec::new()
        }
        Msg::SnapshotSaved(r) => super::screens::snapshots::saved(app, r),
        Msg::DiffLoaded { old, new, result } => {
            super::screens::diff::loaded(app, &old, &new, result);
            Vec::new()
        }
        Msg::ReportWritten(r) => super::screens::snapshots::written(app, r),
        Msg::SnapshotReopened { file, result } => {
            super::screens::snapshots::reopened(app, &file, result)
        }
    }
}

fn on_key(app: &mut App, ev: &KeyEvent) -> Vec<Effect> {
    let action = keymap::lookup(&app.scopes(), Key::of(ev));
    let in_form = matches!(app.popups.last(), Some(Popup::Form(_)));
    if action == Some(Action::Quit) && !in_form {
        return quit(app);
    }
    match app.popups.last() {
        Some(Popup::Editor(_)) => return editor_key(app, action, ev),
        Some(Popup::Search(_)) => return super::flow::search_key(app, action, ev),
        Some(Popup::Form(_)) => return form_key(app, action),
        Some(_) => return popup_key(app, default_no(app, action, ev)),
        None => {}
    }
    let Some(action) = action else {
        return Vec::new();
    };
    if action == Action::Help {
        app.popups.push(Popup::Help { scroll: 0 });
        return Vec::new();
    }
    if let Some(effects) = open_screen(app, action) {
        return effects;
    }
    match app.screen {
        Screen::Home(_) => super::flow::home_action(app, action),
        Screen::Wizard(_) => super::flow::wizard_action(app, action, ev),
        Screen::Heatmap(_) => super::screens::heatmap::action(app, action),
        Screen::Diff(_) => super::screens::diff::action(app, action),
        Screen::Plans(_) => super::screens::plans::action(app, action),
        Screen::Risk(_) => super::screens::risk::action(app, action),
        Screen::Vendors(_) => super::screens::vendors::action(app, action),
        Screen::Findings(_) => super::screens::findings::action(app, action),
    }
}

/// Actions that open a screen or a dialog from any screen; `None` for other actions.
fn open_screen(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    use super::screens as s;
    match action {
        Action::Heatmap => s::heatmap::open(app),
        Action::OpenDiff => return Some(s::diff::open(app)),
        Action::OpenFindings => s::findings::open(app),
        Action::SaveSnapshot => s::snapshots::open_save(app),
        Action::ExportReport => s::snapshots::export_action(app),
        Action::Reopen => s::snapshots::ask_reopen(app),
        Action::OpenRisk => s::risk::open(app),
        Action::OpenVendors => s::vendors::open(app),
        Action::OpenSoa => s::plans::open(app, s::plans::Tab::Soa),
        Action::OpenRemediation => s::plans::open(app, s::plans::Tab::Remediation),
        _ => return None,
    }
    Some(Vec::new())
}

/// Keys in a form: move between fields, cycle a picker, edit a field, submit, cancel.
fn form_key(app: &mut App, action: Option<Action>) -> Vec<Effect> {
    let Some(Popup::Form(form)) = app.popups.last_mut() else {
        return Vec::new();
    };
    let Some(action) = action else {
        return Vec::new();
    };
    if form.outcome.is_some() {
        if matches!(action, Action::Back | Action::Select | Action::Save) {
            app.popups.pop();
        }
        return Vec::new();
    }
    if form.navigate(action) {
        return Vec::new();
    }
    match action {
        Action::Back => {
            app.popups.pop();
        }
        Action::Save => return super::screens::snapshots::submit_form(app),
        Action::Quit => app.popups.push(Popup::Confirm {
            message: "Quit and drop this form's unsaved fields? (y/N)".into(),
            on_yes: ConfirmAction::QuitDiscardForm,
        }),
        Action::Select => {
            let i = form.cursor;
            let Some(field) = form.fields.get_mut(i) else {
                return Vec::new();
            };
            if field.is_picker() && !field.free {
                field.cycle(true);
                return Vec::new();
            }
            let (title, text, ml) = (field.label, field.value.clone(), field.multiline);
            app.edit(title, Purpose::FormField(i), &text, ml);
        }
        _ => {}
    }
    Vec::new()
}

/// The workspace was read: show it, then start as asked (switching the profile first).
fn loaded(app: &mut App, r: Result<Box<WorkspaceState>, String>) -> Vec<Effect> {
    let Some(pending) = app.loading.take() else {
        return Vec::new();
    };
    match r {
        Ok(data) => app.data = *data,
        Err(e) => {
            app.read_only = Some(format!("the workspace could not be read: {e}"));
            return Vec::new();
        }
    }
    if let Some(p) = pending.profile.filter(|p| *p != app.data.profile) {
        app.data.profile = p;
        app.data.touch_meta();
    }
    let mut effects = app.start(&pending.start);
    if app.data.is_dirty() {
        effects.push(Effect::Persist);
    }
    effects
}

/// Saves any open editor's text if it is valid, then asks the shell to persist and quit.
pub(super) fn quit(app: &mut App) -> Vec<Effect> {
    if app.save.terminating {
        // Nobody confirmed this text: it is kept as a draft, never committed.
        super::live::keep_draft(app);
        app.popups.retain(|p| !matches!(p, Popup::Editor(_)));
    }
    while let Some(Popup::Editor(_)) = app.popups.last() {
        if let Some(Popup::Editor(e)) = app.popups.pop() {
            let _ = super::flow::apply_edit(app, &e.purpose, e.target.as_ref(), &e.editor.text());
        }
    }
    if let Some(w) = app.wizard() {
        let w = w.clone();
        w.record_resume(&mut app.data);
    }
    vec![Effect::Persist, Effect::Quit]
}

/// Whether the shell may exit on [`Effect::Quit`]: yes unless the last save failed and the
/// user has not confirmed quitting without saving; then that confirmation is shown (once).
pub fn may_quit(app: &mut App) -> bool {
    if !app.save.failing || app.save.discard || app.save.terminating {
        return true;
    }
    if !asking_to_discard(app) {
        let since = app.save.saved_at.as_deref().unwrap_or("the start");
        app.popups.push(Popup::Confirm {
            message: format!(
                "Saving failed: quit without saving? (answers since {since} would be lost) y/N"
            ),
            on_yes: ConfirmAction::QuitUnsaved,
        });
    }
    false
}

fn asking_to_discard(app: &App) -> bool {
    matches!(
        app.popups.last(),
        Some(Popup::Confirm {
            on_yes: ConfirmAction::QuitUnsaved | ConfirmAction::QuitDiscardForm,
            ..
        })
    )
}

/// On the quit-without-saving question only `y` means yes (Enter is No: `y/N`).
fn default_no(app: &App, action: Option<Action>, ev: &KeyEvent) -> Option<Action> {
    let typed_y = matches!(ev.code, crossterm::event::KeyCode::Char('y' | 'Y'));
    if action == Some(Action::Yes) && asking_to_discard(app) && !typed_y {
        return Some(Action::No);
    }
    action
}

fn popup_key(app: &mut App, action: Option<Action>) -> Vec<Effect> {
    let Some(top) = app.popups.last_mut() else {
        return Vec::new();
    };
    match (top, action) {
        (Popup::Help { .. }, Some(Action::Back)) | (Popup::Confirm { .. }, Some(Action::No)) => {
            app.popups.pop();
        }
        (Popup::Help { scroll }, Some(a @ (Action::Up | Action::Down | Action::PageUp))) => {
            *scroll = match a {
                Action::Up => scroll.saturating_sub(1),
                Action::Down => scroll.saturating_add(1),
                _ => scroll.saturating_sub(help_page(app.size)),
            };
            clamp_help(app);
        }
        (Popup::Help { scroll }, Some(a @ (Action::PageDown | Action::Top | Action::Bottom))) => {
            *scroll = match a {
                Action::PageDown => scroll.saturating_add(help_page(app.size)),
                Action::Top => 0,
                _ => u16::MAX,
            };
            clamp_help(app);
        }
        (Popup::History { .. }, Some(Action::Back)) => {
            app.popups.pop();
        }
        (Popup::History { scroll, .. }, Some(Action::Up)) => *scroll = scroll.saturating_sub(1),
        (Popup::History { scroll, .. }, Some(Action::Down)) => *scroll = scroll.saturating_add(1),
        (Popup::Conflict(_), Some(Action::Yes)) => return super::live::resolve(app, true),
        (Popup::Conflict(_), Some(Action::No)) => return super::live::resolve(app, false),
        (Popup::Confirm { on_yes, .. }, Some(Action::Yes)) => {
            let on_yes = on_yes.clone();
            app.popups.pop();
            return super::flow::confirmed(app, on_yes);
        }
        _ => {}
    }
    Vec::new()
}

/// Lines of the help popup visible at a terminal size: its body, less the header, footer
/// and the popup's border.
pub fn help_page(size: (u16, u16)) -> u16 {
    let scopes = [Scope::Help, Scope::Global];
    let bar = keymap::bar_lines(&keymap::hints(&scopes, &[]), usize::from(size.0), 2).len();
    let bar = u16::try_from(bar).unwrap_or(2);
    size.1.saturating_sub(1 + 1 + bar + 2).max(1)
}

/// The furthest the help can scroll at a terminal size: its last line at the bottom.
pub fn help_max_scroll(size: (u16, u16)) -> u16 {
    let len = u16::try_from(keymap::help_lines().len()).unwrap_or(u16::MAX);
    len.saturating_sub(help_page(size))
}

/// Keeps the help popup's scroll within its text, so scrolling stops at the end.
fn clamp_help(app: &mut App) {
    let max = help_max_scroll(app.size);
    for p in &mut app.popups {
        if let Popup::Help { scroll } = p {
            *scroll = (*scroll).min(max);
        }
    }
}

fn editor_key(app: &mut App, action: Option<Action>, ev: &KeyEvent) -> Vec<Effect> {
    let Some(Popup::Editor(e)) = app.popups.last_mut() else {
        return Vec::new();
    };
    match action {
        Some(Action::Back) => {
            let key = e.draft.clone();
            app.popups.pop();
            return super::live::drop_draft(app, key.as_ref());
        }
        Some(Action::Select) if e.editor.multiline => e.editor.insert('\n'),
        Some(Action::Save | Action::Select) => {
            let Some(Popup::Editor(mut e)) = app.popups.pop() else {
                return Vec::new();
            };
            match super::flow::apply_edit(app, &e.purpose, e.target.as_ref(), &e.editor.text()) {
                Ok(mut effects) => {
                    let dropped = super::live::drop_draft(app, e.draft.as_ref());
                    if effects.is_empty() {
                        effects = dropped;
                    }
                    return effects;
                }
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
