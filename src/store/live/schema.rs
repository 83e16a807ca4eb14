//! The live database's schema and its migrations (`PRAGMA user_version`).
//!
//! Empty strings stand for "none" in key columns: `subject = ''` is the organization's own
//! assessment, `section = '' AND entry = ''` an answer outside repeatable sections. An
//! answer row whose `body` is NULL is a cleared answer: its revision stays, so an editor
//! that saw the old answer still gets a conflict.

use std::path::PathBuf;

use rusqlite::{Connection, TransactionBehavior};

use crate::model::Change;
use crate::store::session::{WORKSPACE_SESSION, sessions_dir};
use crate::store::workspace::Workspace;

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = 1;

const V1: &str = "
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE subjects (id TEXT PRIMARY KEY, pos INTEGER NOT NULL, body TEXT NOT NULL);
CREATE TABLE assessments (
    questionnaire TEXT NOT NULL, subject TEXT NOT NULL, pos INTEGER NOT NULL,
    PRIMARY KEY (questionnaire, subject)) WITHOUT ROWID;
CREATE TABLE entries (
    questionnaire TEXT NOT NULL, subject TEXT NOT NULL, section TEXT NOT NULL,
    entry TEXT NOT NULL, pos INTEGER NOT NULL,
    PRIMARY KEY (questionnaire, subject, section, entry)) WITHOUT ROWID;
CREATE TABLE answers (
    questionnaire TEXT NOT NULL, subject TEXT NOT NULL, section TEXT NOT NULL,
    entry TEXT NOT NULL, question TEXT NOT NULL,
    body TEXT, rev INTEGER NOT NULL, seq INTEGER NOT NULL, who TEXT NOT NULL, at TEXT NOT NULL,
    PRIMARY KEY (questionnaire, subject, section, entry, question)) WITHOUT ROWID;
CREATE INDEX answers_by_seq ON answers (seq);
CREATE TABLE findings (id TEXT PRIMARY KEY, pos INTEGER NOT NULL, body TEXT NOT NULL);
CREATE TABLE history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,
    questionnaire TEXT NOT NULL DEFAULT '', subject TEXT NOT NULL DEFAULT '',
    section TEXT NOT NULL DEFAULT '', entry TEXT NOT NULL DEFAULT '',
    item TEXT NOT NULL DEFAULT '', old TEXT, new TEXT, who TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX history_by_item ON history (item, questionnaire, subject);
CREATE TABLE drafts (
    questionnaire TEXT NOT NULL, subject TEXT NOT NULL, section TEXT NOT NULL,
    entry TEXT NOT NULL, question TEXT NOT NULL, field TEXT NOT NULL, who TEXT NOT NULL,
    text TEXT NOT NULL, at TEXT NOT NULL,
    PRIMARY KEY (questionnaire, subject, section, entry, question, field, who)) WITHOUT ROWID;
CREATE TABLE resume (who TEXT PRIMARY KEY, body TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('organization', ''), ('assessor', ''), ('profile', 'generic');
";

/// Brings the schema to [`SCHEMA_VERSION`] in one transaction; a new database imports the
/// workspace's JSON session in that same transaction. Returns the imported file, to be
/// renamed to a backup once the transaction is durable.
pub fn migrate(
    conn: &mut Connection,
    ws: &Workspace,
    who: &str,
) -> rusqlite::Result<Option<PathBuf>> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version == SCHEMA_VERSION {
        return Ok(None);
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another process may have migrated while this one waited for the write lock.
    let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(newer(version));
    }
    let mut imported = None;
    if version == 0 {
        tx.execute_batch(V1)?;
        imported = import_json_session(&tx, ws, who)?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(imported)
}

/// For a read-only open: the schema must be one this build understands.
pub fn check_readable(conn: &Connection) -> rusqlite::Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    match version {
        SCHEMA_VERSION => Ok(()),
        0 => Err(message(
            "the workspace has no live data yet, and it cannot be created read-only",
        )),
        v => Err(newer(v)),
    }
}

fn newer(version: i64) -> rusqlite::Error {
    message(format!(
        "schema version {version} was written by a newer clausewise; this build understands version {SCHEMA_VERSION}: upgrade clausewise"
    ))
}

/// Imports `.clausewise/sessions/workspace.json` (the store of earlier versions).
fn import_json_session(
    tx: &rusqlite::Transaction<'_>,
    ws: &Workspace,
    who: &str,
) -> rusqlite::Result<Option<PathBuf>> {
    let path = sessions_dir(ws).join(format!("{WORKSPACE_SESSION}.json"));
    if !path.is_file() {
        return Ok(None);
    }
    let file =
        crate::store::session::read(&path).map_err(|e| message(format!("cannot import {e}")))?;
    let at = file.updated_at.to_string();
    let change = Change::Replace(Box::new(file.state));
    super::write::apply(tx, &change, None, who, &at)?;
    super::write::put_resume(tx, who, &file.resume)?;
    Ok(Some(path))
}

/// An error of our own, carried through rusqlite's error type.
fn message(text: impl Into<String>) -> rusqlite::Error {
    rusqlite::Error::ToSqlConversionFailure(text.into().into())
}
