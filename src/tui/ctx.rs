//! The context every screen works in: questionnaires, workspace data, popups, status, the
//! day as the shell set it and a revision counter that changes whenever the workspace data
//! does (screens rebuild their derived models when it moves).

use super::data::WorkspaceState;
use super::editor::TextEditor;
use super::msg::Pending;
use super::search::SearchState;
use crate::catalog::Catalog;
use crate::model::{AnswerTarget, SubjectKind};

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

impl Purpose {
    /// The draft field an editor keeps its text under; `None` for editors that are not about
    /// one question (names, forms).
    pub fn draft_field(&self) -> Option<&'static str> {
        Some(match self {
            Purpose::AnswerText => "text",
            Purpose::AnswerDate => "date",
            Purpose::AnswerNumber => "number",
            Purpose::Justification => "justification",
            Purpose::Note => "note",
            Purpose::Evidence => "evidence",
            Purpose::Owner => "owner",
            Purpose::Due => "due",
            _ => return None,
        })
    }

    /// Whether its editor always takes several lines (a text answer may too, by question).
    pub fn multiline(&self) -> bool {
        matches!(
            self,
            Purpose::Justification
                | Purpose::Note
                | Purpose::Evidence
                | Purpose::SoaJustification(_)
        )
    }

    /// Title of an editor popup.
    pub fn title(&self) -> &'static str {
        match self {
            Purpose::AnswerText => "Answer",
            Purpose::AnswerDate => "Answer: date (YYYY-MM-DD)",
            Purpose::AnswerNumber => "Answer: number",
            Purpose::Justification => "Why is this out of scope? (required)",
            Purpose::Note => "Note",
            Purpose::Evidence => super::evidence::TITLE,
            Purpose::Owner => "Owner",
            Purpose::Due => "Due date (YYYY-MM-DD, empty to clear)",
            Purpose::Organization => "Organization name",
            Purpose::AddSubject(SubjectKind::AiSystem) => "New AI system: name",
            Purpose::AddSubject(SubjectKind::Vendor) => "New vendor: name",
            Purpose::Rename(_) => "New name",
            Purpose::FormField(_) => "Field",
            Purpose::SoaJustification(_) => "Why is this control excluded? (required)",
        }
    }
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

/// Everything but the screen: what screens read and change.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// Questionnaires and profiles.
    pub catalog: Catalog,
    /// What is persisted.
    pub data: WorkspaceState,
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
    /// Why the workspace could not be read at start. Nothing of it is shown then: an empty
    /// workspace in its place would show wrong numbers (0 answered, every clause a gap).
    pub unreadable: Option<String>,
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
    /// The time, as the shell last set it (drafts are stamped with it).
    pub now: jiff::Timestamp,
    /// Today (UTC), as the shell last set it: screens never read the clock themselves.
    pub today: jiff::civil::Date,
    /// File work under way on another thread, said in the status line (`Saving the
    /// snapshot…`) until its result arrives.
    pub working: Option<&'static str>,
    /// Moves on every change of the workspace data (committed here or by another assessor,
    /// loaded, reverted): screens rebuild what they derive from it when it does.
    pub revision: u64,
}

impl Ctx {
    /// A context for `data`, on today's date (the shell sets the clock again before each
    /// message).
    pub fn new(catalog: Catalog, data: super::data::WorkspaceState, color: bool) -> Ctx {
        let now = jiff::Timestamp::now();
        Ctx {
            catalog,
            data,
            popups: Vec::new(),
            status: None,
            color,
            ascii: false,
            read_only: None,
            unreadable: None,
            snapshots_dir: std::path::PathBuf::from("snapshots"),
            snapshots: Vec::new(),
            reports_dir: std::path::PathBuf::from("reports"),
            save: SaveState::default(),
            loading: None,
            size: (80, 24),
            today: crate::clock::date_of(now),
            now,
            revision: 0,
            working: None,
        }
    }

    /// Opens a text editor popup about no question (names, forms, justifications).
    pub fn edit(
        &mut self,
        title: impl Into<String>,
        purpose: Purpose,
        text: &str,
        multiline: bool,
    ) {
        self.open_editor(title.into(), purpose, text, multiline, None, None);
    }

    /// Opens the editor for `purpose` about no question, titled and sized by it.
    pub fn edit_for(&mut self, purpose: Purpose, text: &str) {
        let multiline = purpose.multiline();
        self.edit(purpose.title(), purpose, text, multiline);
    }

    /// Opens a text editor popup; `draft` is the question and field its text is kept under
    /// as a draft (a kept draft is offered instead of `text`), `about` the question's label.
    pub fn open_editor(
        &mut self,
        title: String,
        purpose: Purpose,
        text: &str,
        multiline: bool,
        draft: Option<(crate::model::AnswerTarget, &'static str)>,
        about: Option<String>,
    ) {
        let target = draft.as_ref().map(|(t, _)| t.clone());
        let text = self.opening_text(draft.as_ref(), text);
        self.popups.push(Popup::Editor(Box::new(EditorPopup {
            title,
            purpose,
            editor: TextEditor::new(&text, multiline),
            error: None,
            draft,
            opened_with: text,
            target,
            about,
        })));
    }

    /// The text an editor opens with: a kept draft for that question and field (said in the
    /// status line), else `text`.
    fn opening_text(&mut self, key: Option<&(AnswerTarget, &'static str)>, text: &str) -> String {
        let Some(d) = key.and_then(|(t, f)| self.data.draft(t, f)) else {
            return text.to_string();
        };
        let when = d.at.strftime("%Y-%m-%d %H:%M UTC").to_string();
        let restored = d.text.clone();
        self.status = Some(format!(
            "Restored your unsaved draft from {when}: it is not an answer until you save it (Esc discards it)"
        ));
        restored
    }

    /// Sets the clock: the time now, and today's date (UTC) from it.
    pub fn set_now(&mut self, now: jiff::Timestamp) {
        self.now = now;
        self.today = crate::clock::date_of(now);
    }
}
