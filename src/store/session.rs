//! In-progress sessions: `<workspace>/.clausewise/sessions/<id>.json`, one per assessment
//! being edited, each holding the whole [`WorkspaceState`] plus where the UI was.
//!
//! Every committed answer is written durably (temp file, fsync, rename, fsync folder) before
//! [`Session::commit_answer`] returns. When a write fails the in-memory state keeps the
//! answer, the previous file stays intact, and [`Session::save`] can be retried.
//!
//! # Session file (version 1)
//!
//! ```json
//! {
//!   "format": "clausewise-session",
//!   "version": 1,
//!   "id": "iso42001-aiia--claims-triage",
//!   "updated_at": "2026-03-02T10:15:00Z",
//!   "state": { "organization": "…", "assessor": "…", "profile": "…",
//!              "subjects": [], "assessments": [], "findings": [] },
//!   "resume": { "questionnaire": "iso42001-aiia", "subject": "claims-triage",
//!               "question": "s2.q3", "scroll": 12 }
//! }
//! ```

use std::fs;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::atomic::{self, FailHook};
use super::error::{StoreError, io_err};
use super::lock::{LockInfo, SessionLock};
use super::workspace::Workspace;
use crate::model::{Answer, AnswerTarget, WorkspaceState};
use crate::seal::canonical;

/// The `format` of a session file.
pub const SESSION_FORMAT: &str = "clausewise-session";
/// The session file version this build reads and writes.
pub const SESSION_VERSION: u32 = 1;

/// Where the UI was, so a resumed session opens on the same question.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResumeInfo {
    /// Questionnaire id on screen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub questionnaire: Option<String>,
    /// Subject id on screen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Question id under the cursor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// Entry of a repeatable section holding that question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    /// Scroll offset of the question list.
    #[serde(default)]
    pub scroll: u32,
}

/// The contents of a session file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionFile {
    /// Always [`SESSION_FORMAT`].
    pub format: String,
    /// Always [`SESSION_VERSION`].
    pub version: u32,
    /// Session id (the file stem).
    pub id: String,
    /// When it was last written.
    pub updated_at: Timestamp,
    /// The state being edited.
    pub state: WorkspaceState,
    /// Where the UI was.
    #[serde(default)]
    pub resume: ResumeInfo,
}

/// A session offered for resuming.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionSummary {
    /// Session id.
    pub id: String,
    /// Its file.
    pub path: PathBuf,
    /// Organization.
    pub organization: String,
    /// Last write.
    pub updated_at: Timestamp,
    /// Number of answers.
    pub answers: usize,
    /// Where the UI was.
    pub resume: ResumeInfo,
    /// Who is editing it right now, if anyone.
    pub locked_by: Option<LockInfo>,
}

/// An open session: the state in memory, its file, and (unless read-only) its lock.
pub struct Session {
    path: PathBuf,
    file: SessionFile,
    lock: Option<SessionLock>,
    unsaved: bool,
    hook: Option<Box<FailHook>>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("path", &self.path)
            .field("read_only", &self.lock.is_none())
            .field("unsaved", &self.unsaved)
            .finish_non_exhaustive()
    }
}

/// The session the wizard and `import-answers` use: one session holds the whole workspace.
pub const WORKSPACE_SESSION: &str = "workspace";

/// The sessions folder of a workspace.
pub fn sessions_dir(ws: &Workspace) -> PathBuf {
    ws.root.join(".clausewise").join("sessions")
}

/// The session id for an assessment: the questionnaire id, plus `--subject` when per subject.
/// Characters outside `[A-Za-z0-9._-]` become `_`.
pub fn session_id(questionnaire: &str, subject: Option<&str>) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "._-".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    match subject {
        Some(s) => format!("{}--{}", clean(questionnaire), clean(s)),
        None => clean(questionnaire),
    }
}

impl Session {
    /// Opens (resuming) or creates the session `id` in `dir`, taking its lock.
    /// `fresh` gives the state of a new session. Fails with [`StoreError::Locked`] naming the
    /// holder when another process has it open; [`Session::open_read_only`] still works then.
    pub fn open(
        dir: &Path,
        id: &str,
        fresh: impl FnOnce() -> WorkspaceState,
    ) -> Result<Session, StoreError> {
        fs::create_dir_all(dir).map_err(io_err("cannot create", dir))?;
        let path = dir.join(format!("{id}.json"));
        let lock = SessionLock::acquire(&path)?;
        let existing = path.exists();
        let file = if existing {
            read(&path)?
        } else {
            SessionFile {
                format: SESSION_FORMAT.into(),
                version: SESSION_VERSION,
                id: id.to_string(),
                updated_at: Timestamp::now(),
                state: fresh(),
                resume: ResumeInfo::default(),
            }
        };
        let mut s = Session {
            path,
            file,
            lock: Some(lock),
            unsaved: !existing,
            hook: None,
        };
        if !existing {
            s.save()?;
        }
        Ok(s)
    }

    /// Opens an existing session for viewing only, whoever holds its lock.
    pub fn open_read_only(dir: &Path, id: &str) -> Result<Session, StoreError> {
        let path = dir.join(format!("{id}.json"));
        let file = read(&path)?;
        Ok(Session {
            path,
            file,
            lock: None,
            unsaved: false,
            hook: None,
        })
    }

    /// The state being edited.
    pub fn state(&self) -> &WorkspaceState {
        &self.file.state
    }

    /// Where the UI was.
    pub fn resume(&self) -> &ResumeInfo {
        &self.file.resume
    }

    /// The session file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the session was opened read-only.
    pub fn is_read_only(&self) -> bool {
        self.lock.is_none()
    }

    /// A stale lock (from a process that died) this session took over, if any.
    pub fn took_over(&self) -> Option<&LockInfo> {
        self.lock.as_ref().and_then(|l| l.took_over.as_ref())
    }

    /// Whether the in-memory state has changes the file does not (after a failed write).
    pub fn has_unsaved(&self) -> bool {
        self.unsaved
    }

    /// Injects failures into the next writes (tests and fault drills).
    pub fn set_fail_hook(&mut self, hook: Option<Box<FailHook>>) {
        self.hook = hook;
    }

    /// Records one committed answer and writes the session durably before returning.
    /// `answered_at` is set to now when the caller left it empty. On error the answer stays
    /// in memory (see [`Session::has_unsaved`]) and the previous file is intact.
    pub fn commit_answer(
        &mut self,
        target: &AnswerTarget,
        mut answer: Answer,
        resume: ResumeInfo,
    ) -> Result<(), StoreError> {
        if answer.answered_at.is_none() {
            answer.answered_at = Some(Timestamp::now());
        }
        self.update(|state, r| {
            state.set_answer(target, answer);
            *r = resume;
        })
    }

    /// Applies any other committed change (subjects, findings, metadata) and writes durably.
    pub fn update(
        &mut self,
        change: impl FnOnce(&mut WorkspaceState, &mut ResumeInfo),
    ) -> Result<(), StoreError> {
        if self.is_read_only() {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
            });
        }
        change(&mut self.file.state, &mut self.file.resume);
        self.unsaved = true;
        self.save()
    }

    /// Writes the in-memory state (again), e.g. to retry after a failure.
    pub fn save(&mut self) -> Result<(), StoreError> {
        if self.is_read_only() {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
            });
        }
        let previous = self.file.updated_at;
        self.file.updated_at = Timestamp::now();
        let bytes = canonical::to_vec(&self.file)?;
        match atomic::write_with(&self.path, &bytes, self.hook.as_deref()) {
            Ok(()) => {
                self.unsaved = false;
                Ok(())
            }
            Err(e) => {
                self.file.updated_at = previous;
                Err(e)
            }
        }
    }
}

pub(crate) fn read(path: &Path) -> Result<SessionFile, StoreError> {
    let bytes = fs::read(path).map_err(io_err("cannot read", path))?;
    let invalid = |message: String| StoreError::Invalid {
        path: path.to_path_buf(),
        message,
    };
    let head: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| invalid(e.to_string()))?;
    let format = head.get("format").and_then(|f| f.as_str());
    let version = head.get("version").and_then(|v| v.as_u64());
    if format != Some(SESSION_FORMAT) || version != Some(u64::from(SESSION_VERSION)) {
        return Err(invalid(format!(
            "not a clausewise session of version {SESSION_VERSION} (format {format:?}, version {version:?})"
        )));
    }
    serde_json::from_value(head).map_err(|e| invalid(e.to_string()))
}

/// The sessions in `dir` to offer for resuming, most recently updated first. Unreadable
/// files are skipped (and reported in the second list).
pub fn list(dir: &Path) -> Result<(Vec<SessionSummary>, Vec<StoreError>), StoreError> {
    let mut out = Vec::new();
    let mut bad = Vec::new();
    if !dir.is_dir() {
        return Ok((out, bad));
    }
    for entry in fs::read_dir(dir).map_err(io_err("cannot list", dir))? {
        let path = entry.map_err(io_err("cannot list", dir))?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let Some(name) = name.filter(|n| n.ends_with(".json") && !n.starts_with('.')) else {
            continue;
        };
        match read(&path) {
            Ok(f) => out.push(SessionSummary {
                id: name.trim_end_matches(".json").to_string(),
                organization: f.state.organization.clone(),
                updated_at: f.updated_at,
                answers: f.state.answer_count(),
                resume: f.resume,
                locked_by: SessionLock::holder(&path),
                path,
            }),
            Err(e) => bad.push(e),
        }
    }
    out.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then(a.id.cmp(&b.id)));
    Ok((out, bad))
}

/// Writes `state` as a complete session file into the first of `dirs` that takes it (the
/// last resort when the process must exit and the session file cannot be written, e.g.
/// SIGHUP with a full disk). Returns the file written; moving it over
/// `.clausewise/sessions/<id>.json` restores the session.
pub fn rescue(dirs: &[PathBuf], id: &str, state: &WorkspaceState) -> Result<PathBuf, StoreError> {
    let now = Timestamp::now();
    let file = SessionFile {
        format: SESSION_FORMAT.into(),
        version: SESSION_VERSION,
        id: id.to_string(),
        updated_at: now,
        state: state.clone(),
        resume: ResumeInfo::default(),
    };
    let bytes = canonical::to_vec(&file)?;
    let name = format!(
        "clausewise-rescue-{id}-{}-{}.json",
        now.as_second(),
        std::process::id()
    );
    let mut last = None;
    for dir in dirs {
        let path = dir.join(&name);
        let written = fs::create_dir_all(dir)
            .map_err(io_err("cannot create", dir))
            .and_then(|()| atomic::write(&path, &bytes));
        match written {
            Ok(()) => return Ok(path),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| StoreError::Invalid {
        path: PathBuf::new(),
        message: "no folder to write a rescue file to".into(),
    }))
}
