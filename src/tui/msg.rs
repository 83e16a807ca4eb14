//! What flows through the state machine: the messages it receives ([`Msg`]), the work it
//! asks of the shell ([`Effect`]) and where it starts ([`Start`]). A leaf: it depends on no
//! other part of the TUI but the workspace data it carries.

use crossterm::event::KeyEvent;

use super::data::WorkspaceState;
use crate::model::{Kind, Snapshot};

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

impl Msg {
    /// Whether this is the result of a file effect (snapshot saved, diff read, report
    /// written, snapshot read to reopen).
    pub fn is_file_result(&self) -> bool {
        matches!(
            self,
            Msg::SnapshotSaved(_)
                | Msg::DiffLoaded { .. }
                | Msg::ReportWritten(_)
                | Msg::SnapshotReopened { .. }
        )
    }
}

impl Effect {
    /// What the status line says while this file effect runs on another thread.
    pub fn working(&self) -> Option<&'static str> {
        Some(match self {
            Effect::SaveSnapshot { .. } => "Saving the snapshot…",
            Effect::LoadDiff { .. } => "Reading the two snapshots…",
            Effect::WriteReport { .. } => "Writing the report…",
            Effect::ReopenSnapshot { .. } => "Reading the snapshot…",
            Effect::Persist | Effect::Quit | Effect::LoadHistory(_) => return None,
        })
    }
}
