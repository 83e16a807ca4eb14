//! The live workspace: `.clausewise/workspace.db`, an embedded SQLite database that several
//! assessors (TUIs and CLIs, different OS users on one host) read and write at once.
//!
//! - WAL mode, `synchronous=FULL`, a busy timeout, opened without following symlinks;
//!   `PRAGMA user_version` is the schema version ([`schema`]), migrated on open.
//! - One commit is one transaction ([`LiveStore::commit`]): each answer row carries a
//!   revision, and a change made against an older revision than the stored one is not
//!   written but returned as a [`Conflict`] with both values.
//! - Every change appends to `history` (who as `user@host`, when, old → new).
//! - Drafts (text being typed) live in their own table: never answers, never scored,
//!   never sealed.
//! - A JSON session of earlier versions (`.clausewise/sessions/workspace.json`) is imported
//!   once, in the transaction that creates the schema, and kept as `workspace.json.bak`.
//!
//! Snapshots stay canonical sealed JSON files ([`super::snapshots`]): a snapshot is
//! [`LiveStore::load`] plus the canonical writer.

pub mod files;
mod read;
pub mod schema;
mod write;

use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::Timestamp;
use rusqlite::{Connection, OpenFlags};

pub use self::files::{Sharing, who};
pub use self::read::{HistoryFilter, HistoryRow, Remote};
use super::error::StoreError;
use super::session::ResumeInfo;
use super::workspace::Workspace;
use crate::model::{Answer, AnswerTarget, Change, WorkspaceState};

/// The database file of a workspace.
pub fn db_path(ws: &Workspace) -> PathBuf {
    ws.root.join(".clausewise").join("workspace.db")
}

/// How long a writer waits for another writer's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// An open live workspace.
pub struct LiveStore {
    conn: Connection,
    path: PathBuf,
    who: String,
    read_only: Option<String>,
}

impl std::fmt::Debug for LiveStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveStore")
            .field("path", &self.path)
            .field("who", &self.who)
            .field("read_only", &self.read_only)
            .finish_non_exhaustive()
    }
}

/// Everything the live workspace holds for one assessor, as loaded at start.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// The committed state.
    pub state: WorkspaceState,
    /// The revision of every answer row (cleared answers included).
    pub revs: std::collections::HashMap<AnswerTarget, i64>,
    /// Where this assessor left off.
    pub resume: ResumeInfo,
    /// This assessor's drafts.
    pub drafts: Vec<Draft>,
    /// The newest history sequence number included.
    pub seq: i64,
}

/// Text that was being typed into an editor when the program stopped: never an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// The question.
    pub target: AnswerTarget,
    /// Which editor (`note`, `text`, `justification`, …).
    pub field: String,
    /// The text.
    pub text: String,
    /// When it was kept.
    pub at: Timestamp,
}

/// One change of a batch, with the revision the editor saw for an answer (`None`: write
/// whatever is stored, as an import does).
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    /// The change.
    pub change: Change,
    /// For answers: the revision it was made against (0: no answer seen).
    pub base: Option<i64>,
}

/// What one commit writes: changes, and this assessor's resume point and drafts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Batch {
    /// Committed changes, in order.
    pub changes: Vec<Pending>,
    /// The new resume point, if it moved.
    pub resume: Option<ResumeInfo>,
    /// Drafts to keep (`Some`) or drop (`None`): (question, field, text).
    pub drafts: Vec<(AnswerTarget, String, Option<String>)>,
}

impl Batch {
    /// Whether there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.resume.is_none() && self.drafts.is_empty()
    }
}

/// An answer someone else changed since the editor read it: both values, and theirs'
/// revision (commit again with it as the base to keep yours).
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// The question.
    pub target: AnswerTarget,
    /// What this assessor committed (not written).
    pub mine: Option<Answer>,
    /// What is stored.
    pub theirs: Option<Answer>,
    /// The stored revision.
    pub rev: i64,
    /// Who stored it.
    pub who: String,
    /// When.
    pub at: String,
}

/// The outcome of a commit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Committed {
    /// New revisions of the answers written.
    pub revs: Vec<(AnswerTarget, i64)>,
    /// Answers not written because someone else changed them first.
    pub conflicts: Vec<Conflict>,
    /// The newest history sequence number after the commit.
    pub seq: i64,
}

impl LiveStore {
    /// Opens (creating and migrating when needed) the live workspace of `ws` as `who`.
    /// Falls back to read-only, saying why, when the database cannot be written here.
    pub fn open(ws: &Workspace) -> Result<LiveStore, StoreError> {
        Self::open_as(ws, who())
    }

    /// [`LiveStore::open`] with an explicit assessor name (tests).
    pub fn open_as(ws: &Workspace, who: String) -> Result<LiveStore, StoreError> {
        let path = db_path(ws);
        let sharing = files::prepare(ws, &path)?;
        let writable = files::prepare_db_file(&path, sharing);
        let (conn, read_only) = match writable {
            Ok(()) => match open_conn(&path, false) {
                Ok(c) if !c.is_readonly(rusqlite::MAIN_DB).unwrap_or(true) => (c, None),
                Ok(c) => (
                    c,
                    Some("the database file is not writable by you".to_string()),
                ),
                Err(e) => (open_conn(&path, true)?, Some(e.to_string())),
            },
            Err(why) => (open_conn(&path, true)?, Some(why)),
        };
        let mut store = LiveStore {
            conn,
            path,
            who,
            read_only,
        };
        store.init(ws)?;
        Ok(store)
    }

    fn init(&mut self, ws: &Workspace) -> Result<(), StoreError> {
        let path = self.path.clone();
        let err = db_err(&path, "cannot prepare the workspace database");
        if self.read_only.is_some() {
            return schema::check_readable(&self.conn).map_err(err);
        }
        retry_busy(|| self.conn.pragma_update(None, "journal_mode", "WAL"))
            .map_err(db_err(&path, "cannot switch to WAL mode"))?;
        let imported = schema::migrate(&mut self.conn, ws, &self.who).map_err(err)?;
        if let Some(json) = imported {
            files::keep_as_backup(&json);
        }
        Ok(())
    }

    /// Why this store cannot be written, if it cannot.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Who this store writes as (`user@host`).
    pub fn who(&self) -> &str {
        &self.who
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads everything for this assessor.
    pub fn load(&self) -> Result<Loaded, StoreError> {
        read::load(&self.conn, &self.who).map_err(db_err(&self.path, "cannot read"))
    }

    /// The committed state only.
    pub fn state(&self) -> Result<WorkspaceState, StoreError> {
        // One read transaction, so a commit by someone else cannot land half-way through.
        let read = || {
            let tx = self.conn.unchecked_transaction()?;
            let (state, _) = read::state(&tx)?;
            tx.finish()?;
            Ok(state)
        };
        read().map_err(db_err(&self.path, "cannot read"))
    }

    /// What others committed after history sequence `seq` ([`Remote::Nothing`] when
    /// nothing; cheap to call once a second).
    pub fn changes_since(&self, seq: i64) -> Result<Remote, StoreError> {
        read::changes_since(&self.conn, &self.who, seq).map_err(db_err(&self.path, "cannot read"))
    }

    /// The history of answers, newest last.
    pub fn history(&self, filter: &HistoryFilter) -> Result<Vec<HistoryRow>, StoreError> {
        read::history(&self.conn, filter).map_err(db_err(&self.path, "cannot read the history"))
    }

    /// Writes a batch in one transaction: durable when this returns `Ok`.
    pub fn commit(&mut self, batch: &Batch) -> Result<Committed, StoreError> {
        if let Some(why) = &self.read_only {
            return Err(StoreError::WorkspaceReadOnly {
                path: self.path.clone(),
                why: why.clone(),
            });
        }
        let now = Timestamp::now().to_string();
        write::commit(&mut self.conn, batch, &self.who, &now)
            .map_err(db_err(&self.path, "cannot save"))
    }

    /// Copies committed pages from the write-ahead log into the database without waiting
    /// for readers or writers (the TUI's watcher calls it when something changed, so the
    /// commits on the saver thread seldom pay for a checkpoint themselves).
    pub fn checkpoint(&self) {
        if self.read_only.is_none() {
            let _ = self
                .conn
                .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
        }
    }

    /// Commits plain changes with no revision check (imports, reopen).
    pub fn commit_changes(&mut self, changes: Vec<Change>) -> Result<Committed, StoreError> {
        let batch = Batch {
            changes: changes
                .into_iter()
                .map(|change| Pending { change, base: None })
                .collect(),
            ..Batch::default()
        };
        self.commit(&batch)
    }
}

/// Reads the live workspace of `ws` as this OS user sees it, creating and changing nothing:
/// `None` when it has none yet (tests, and commands that only look).
pub fn peek(ws: &Workspace) -> Result<Option<Loaded>, StoreError> {
    let path = db_path(ws);
    if !path.is_file() {
        return Ok(None);
    }
    let conn = open_conn(&path, true)?;
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(db_err(&path, "cannot read"))?;
    if version == 0 {
        return Ok(None);
    }
    schema::check_readable(&conn).map_err(db_err(&path, "cannot read"))?;
    read::load(&conn, &who())
        .map(Some)
        .map_err(db_err(&path, "cannot read"))
}

fn open_conn(path: &Path, read_only: bool) -> Result<Connection, StoreError> {
    let mut flags = OpenFlags::SQLITE_OPEN_NOFOLLOW | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    flags |= if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE
    };
    let conn = Connection::open_with_flags(path, flags)
        .or_else(|e| match read_only {
            // A read-only file system cannot hold the WAL index: read the file as immutable.
            true => {
                Connection::open_with_flags(immutable_uri(path), flags | OpenFlags::SQLITE_OPEN_URI)
            }
            false => Err(e),
        })
        .map_err(db_err(path, "cannot open"))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .and_then(|()| conn.pragma_update(None, "synchronous", "FULL"))
        // A committing writer checkpoints only past 4,000 pages (16 MB); below that the
        // watcher's passive checkpoints and the last connection's close keep the log short.
        .and_then(|()| conn.pragma_update(None, "wal_autocheckpoint", 4000))
        .and_then(|()| conn.pragma_update(None, "foreign_keys", "ON"))
        .map_err(db_err(path, "cannot configure"))?;
    Ok(conn)
}

/// Runs `f` again while SQLite answers "busy" at once, for up to [`BUSY_TIMEOUT`]. Setting
/// the journal mode can fail that way without SQLite waiting through its busy handler: when
/// several processes open the workspace together (one recovering the write-ahead log,
/// another reading the header), one of them got "database is locked" at once.
fn retry_busy<T>(mut f: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let start = std::time::Instant::now();
    let mut pause = Duration::from_millis(1);
    loop {
        match f() {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy
                    && start.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            other => return other,
        }
    }
}

fn immutable_uri(path: &Path) -> String {
    let p = path
        .to_string_lossy()
        .replace('%', "%25")
        .replace('?', "%3f")
        .replace('#', "%23");
    format!("file:{p}?immutable=1")
}

/// Maps an SQLite error to a [`StoreError`] naming the file and what was being done.
pub(crate) fn db_err<'a>(
    path: &'a Path,
    action: &'static str,
) -> impl Fn(rusqlite::Error) -> StoreError + 'a {
    move |e| {
        let full = matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::DiskFull));
        StoreError::Database {
            path: path.to_path_buf(),
            message: format!("{action}: {e}"),
            full,
        }
    }
}

#[cfg(test)]
mod tests;
