//! Writing the live database: one batch, one transaction; every change appends history.

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

use super::{Batch, Committed, Conflict};
use crate::model::{Answer, AnswerTarget, Change, Finding, Subject, WorkspaceState};
use crate::store::session::ResumeInfo;

/// The key columns of an answer: questionnaire, subject, section, entry, question ('' for
/// none).
pub(super) struct Key<'a>([&'a str; 5]);

impl<'a> Key<'a> {
    pub(super) fn of(t: &'a AnswerTarget) -> Key<'a> {
        let (section, entry) = t
            .entry
            .as_ref()
            .map_or(("", ""), |(s, e)| (s.as_str(), e.as_str()));
        Key([
            &t.questionnaire,
            t.subject.as_deref().unwrap_or(""),
            section,
            entry,
            &t.question,
        ])
    }
}

/// What writing one change did.
#[derive(Debug, Default)]
pub(super) struct Applied {
    revs: Vec<(AnswerTarget, i64)>,
    conflict: Option<Conflict>,
}

/// Writes `batch` in one IMMEDIATE transaction (durable on return, `synchronous=FULL`).
pub fn commit(
    conn: &mut Connection,
    batch: &Batch,
    who: &str,
    at: &str,
) -> rusqlite::Result<Committed> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut out = Committed::default();
    for p in &batch.changes {
        let applied = apply(&tx, &p.change, p.base, who, at)?;
        out.revs.extend(applied.revs);
        out.conflicts.extend(applied.conflict);
    }
    if let Some(r) = &batch.resume {
        put_resume(&tx, who, r)?;
    }
    for (target, field, text) in &batch.drafts {
        put_draft(&tx, who, target, field, text.as_deref(), at)?;
    }
    out.seq = tx.query_row("SELECT COALESCE(MAX(seq), 0) FROM history", [], |r| {
        r.get(0)
    })?;
    tx.commit()?;
    Ok(out)
}

/// Writes one change inside `tx`; `base` is the revision an answer was edited against.
pub(super) fn apply(
    tx: &Transaction<'_>,
    change: &Change,
    base: Option<i64>,
    who: &str,
    at: &str,
) -> rusqlite::Result<Applied> {
    match change {
        Change::Answer { target, answer } => {
            let answer = answer.as_ref().map(|a| stamped(a, who));
            put_answer(tx, target, answer.as_ref(), base, who, at)
        }
        Change::Entries {
            questionnaire,
            subject,
            section,
            ids,
        } => {
            let s = subject.as_deref().unwrap_or("");
            put_entries(tx, [questionnaire, s, section], ids, who, at)
        }
        Change::Subject { id, subject } => {
            put_item(tx, "subjects", "subject", id, subject.as_ref(), who, at)?;
            Ok(Applied::default())
        }
        Change::Finding { id, finding } => {
            put_item(tx, "findings", "finding", id, finding.as_ref(), who, at)?;
            Ok(Applied::default())
        }
        Change::Meta {
            organization,
            assessor,
            profile,
        } => {
            put_meta(tx, [organization, assessor, profile], who, at)?;
            Ok(Applied::default())
        }
        Change::Replace(state) => replace(tx, state, who, at),
    }
}

fn json<T: serde::Serialize>(v: &T) -> rusqlite::Result<String> {
    serde_json::to_string(v).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

pub(super) fn parse<T: serde::de::DeserializeOwned>(body: &str) -> rusqlite::Result<T> {
    serde_json::from_str(body).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Appends a history row and returns its sequence number.
fn log(
    tx: &Transaction<'_>,
    kind: &str,
    key: [&str; 5],
    old: Option<&str>,
    new: Option<&str>,
    who_at: (&str, &str),
) -> rusqlite::Result<i64> {
    tx.prepare_cached(
        "INSERT INTO history (kind, questionnaire, subject, section, entry, item, old, new, who, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        kind, key[0], key[1], key[2], key[3], key[4], old, new, who_at.0, who_at.1
    ])?;
    Ok(tx.last_insert_rowid())
}

/// Sets or clears one answer, unless someone else changed it after revision `base`.
fn put_answer(
    tx: &Transaction<'_>,
    target: &AnswerTarget,
    answer: Option<&Answer>,
    base: Option<i64>,
    who: &str,
    at: &str,
) -> rusqlite::Result<Applied> {
    let k = Key::of(target).0;
    let stored: Option<(Option<String>, i64, String, String)> = tx
        .prepare_cached(
            "SELECT body, rev, who, at FROM answers WHERE questionnaire = ?1 AND subject = ?2
             AND section = ?3 AND entry = ?4 AND question = ?5",
        )?
        .query_row(params![k[0], k[1], k[2], k[3], k[4]], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let (old, rev, old_who, old_at) = stored.unwrap_or((None, 0, String::new(), String::new()));
    if base.is_some_and(|b| b != rev) {
        let theirs = old.as_deref().map(parse).transpose()?;
        let conflict = Conflict {
            target: target.clone(),
            mine: answer.cloned(),
            theirs,
            rev,
            who: old_who,
            at: old_at,
        };
        return Ok(Applied {
            revs: Vec::new(),
            conflict: Some(conflict),
        });
    }
    let new = answer.map(json).transpose()?;
    if new == old {
        return Ok(Applied {
            revs: vec![(target.clone(), rev)],
            conflict: None,
        });
    }
    if new.is_some() {
        ensure_assessment(tx, k[0], k[1])?;
        if !k[3].is_empty() {
            ensure_entry(tx, [k[0], k[1], k[2], k[3]])?;
        }
    }
    let seq = log(tx, "answer", k, old.as_deref(), new.as_deref(), (who, at))?;
    tx.prepare_cached(
        "INSERT INTO answers (questionnaire, subject, section, entry, question, body, rev, seq, who, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT DO UPDATE SET body = excluded.body, rev = excluded.rev, seq = excluded.seq,
         who = excluded.who, at = excluded.at",
    )?
    .execute(params![k[0], k[1], k[2], k[3], k[4], new, rev + 1, seq, who, at])?;
    Ok(Applied {
        revs: vec![(target.clone(), rev + 1)],
        conflict: None,
    })
}

/// The answer as committed here: who committed it last, unless it already says (the
/// history records who wrote it either way). A reopened snapshot keeps its answers as
/// they were.
fn stamped(a: &Answer, who: &str) -> Answer {
    let mut a = a.clone();
    if a.answered_by.is_none() {
        a.answered_by = Some(who.to_string());
    }
    a
}

fn ensure_assessment(tx: &Transaction<'_>, q: &str, s: &str) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO assessments (questionnaire, subject, pos)
         VALUES (?1, ?2, (SELECT COALESCE(MAX(pos), 0) + 1 FROM assessments))",
    )?
    .execute(params![q, s])?;
    Ok(())
}

fn ensure_entry(tx: &Transaction<'_>, k: [&str; 4]) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO entries (questionnaire, subject, section, entry, pos)
         VALUES (?1, ?2, ?3, ?4, (SELECT COALESCE(MAX(pos), 0) + 1 FROM entries
           WHERE questionnaire = ?1 AND subject = ?2 AND section = ?3))",
    )?
    .execute(params![k[0], k[1], k[2], k[3]])?;
    Ok(())
}

/// Makes a repeatable section hold exactly `ids`; answers of dropped entries are cleared.
fn put_entries(
    tx: &Transaction<'_>,
    k: [&str; 3],
    ids: &[String],
    who: &str,
    at: &str,
) -> rusqlite::Result<Applied> {
    let old: Vec<String> = tx
        .prepare_cached(
            "SELECT entry FROM entries WHERE questionnaire = ?1 AND subject = ?2 AND section = ?3
             ORDER BY pos",
        )?
        .query_map(params![k[0], k[1], k[2]], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if old == ids {
        return Ok(Applied::default());
    }
    let mut applied = Applied::default();
    for gone in old.iter().filter(|e| !ids.contains(e)) {
        applied
            .revs
            .extend(clear_entry(tx, [k[0], k[1], k[2], gone], who, at)?);
    }
    ensure_assessment(tx, k[0], k[1])?;
    for (pos, id) in ids.iter().enumerate() {
        tx.prepare_cached(
            "INSERT INTO entries (questionnaire, subject, section, entry, pos) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT DO UPDATE SET pos = excluded.pos",
        )?
        .execute(params![k[0], k[1], k[2], id, pos as i64 + 1])?;
    }
    let key = [k[0], k[1], k[2], "", ""];
    log(
        tx,
        "entries",
        key,
        Some(&json(&old)?),
        Some(&json(&ids)?),
        (who, at),
    )?;
    Ok(applied)
}

/// Removes one entry and clears its answers (each cleared answer in the history).
fn clear_entry(
    tx: &Transaction<'_>,
    k: [&str; 4],
    who: &str,
    at: &str,
) -> rusqlite::Result<Vec<(AnswerTarget, i64)>> {
    let questions: Vec<String> = tx
        .prepare_cached(
            "SELECT question FROM answers WHERE questionnaire = ?1 AND subject = ?2
             AND section = ?3 AND entry = ?4 AND body IS NOT NULL",
        )?
        .query_map(params![k[0], k[1], k[2], k[3]], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut revs = Vec::new();
    for question in questions {
        let target = AnswerTarget {
            questionnaire: k[0].to_string(),
            subject: (!k[1].is_empty()).then(|| k[1].to_string()),
            entry: Some((k[2].to_string(), k[3].to_string())),
            question,
        };
        revs.extend(put_answer(tx, &target, None, None, who, at)?.revs);
    }
    tx.prepare_cached(
        "DELETE FROM entries WHERE questionnaire = ?1 AND subject = ?2 AND section = ?3 AND entry = ?4",
    )?
    .execute(params![k[0], k[1], k[2], k[3]])?;
    Ok(revs)
}

/// Upserts (or deletes) a subject or finding, keeping its place in the list.
fn put_item<T: serde::Serialize>(
    tx: &Transaction<'_>,
    table: &str,
    kind: &str,
    id: &str,
    item: Option<&T>,
    who: &str,
    at: &str,
) -> rusqlite::Result<()> {
    let old: Option<String> = tx
        .prepare_cached(&format!("SELECT body FROM {table} WHERE id = ?1"))?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let new = item.map(json).transpose()?;
    if new == old {
        return Ok(());
    }
    match &new {
        Some(body) => tx
            .prepare_cached(&format!(
                "INSERT INTO {table} (id, pos, body)
                 VALUES (?1, (SELECT COALESCE(MAX(pos), 0) + 1 FROM {table}), ?2)
                 ON CONFLICT DO UPDATE SET body = excluded.body"
            ))?
            .execute(params![id, body])?,
        None => tx
            .prepare_cached(&format!("DELETE FROM {table} WHERE id = ?1"))?
            .execute([id])?,
    };
    log(
        tx,
        kind,
        ["", "", "", "", id],
        old.as_deref(),
        new.as_deref(),
        (who, at),
    )?;
    Ok(())
}

const META_KEYS: [&str; 3] = ["organization", "assessor", "profile"];

fn put_meta(
    tx: &Transaction<'_>,
    values: [&String; 3],
    who: &str,
    at: &str,
) -> rusqlite::Result<()> {
    let old: Vec<String> = META_KEYS
        .iter()
        .map(|k| {
            tx.query_row("SELECT value FROM meta WHERE key = ?1", [k], |r| r.get(0))
                .optional()
                .map(Option::unwrap_or_default)
        })
        .collect::<rusqlite::Result<_>>()?;
    if old.iter().zip(values).all(|(o, n)| o == n) {
        return Ok(());
    }
    for (k, v) in META_KEYS.iter().zip(values) {
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT DO UPDATE SET value = excluded.value",
            params![k, v],
        )?;
    }
    log(
        tx,
        "meta",
        ["", "", "", "", ""],
        Some(&json(&old)?),
        Some(&json(&values)?),
        (who, at),
    )?;
    Ok(())
}

/// Replaces the whole state (a reopened snapshot, or the imported JSON session).
fn replace(
    tx: &Transaction<'_>,
    state: &WorkspaceState,
    who: &str,
    at: &str,
) -> rusqlite::Result<Applied> {
    let mut applied = Applied::default();
    let live = super::read::live_targets(tx)?;
    let wanted: std::collections::HashSet<AnswerTarget> =
        state.answers().into_iter().map(|(t, _)| t).collect();
    for t in live.iter().filter(|t| !wanted.contains(*t)) {
        applied
            .revs
            .extend(put_answer(tx, t, None, None, who, at)?.revs);
    }
    tx.execute_batch(
        "DELETE FROM subjects; DELETE FROM findings; DELETE FROM assessments; DELETE FROM entries;",
    )?;
    put_meta(
        tx,
        [&state.organization, &state.assessor, &state.profile],
        who,
        at,
    )?;
    for s in &state.subjects {
        put_item::<Subject>(tx, "subjects", "subject", &s.id, Some(s), who, at)?;
    }
    for f in &state.findings {
        put_item::<Finding>(tx, "findings", "finding", &f.id, Some(f), who, at)?;
    }
    for a in &state.assessments {
        let s = a.subject.as_deref().unwrap_or("");
        ensure_assessment(tx, &a.questionnaire, s)?;
        for (section, list) in &a.entries {
            for e in list {
                ensure_entry(tx, [&a.questionnaire, s, section, &e.id])?;
            }
        }
    }
    for (t, answer) in state.answers() {
        applied
            .revs
            .extend(put_answer(tx, &t, Some(answer), None, who, at)?.revs);
    }
    log(tx, "replace", ["", "", "", "", ""], None, None, (who, at))?;
    Ok(applied)
}

/// Records where `who` left off.
pub(super) fn put_resume(tx: &Transaction<'_>, who: &str, r: &ResumeInfo) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO resume (who, body) VALUES (?1, ?2) ON CONFLICT DO UPDATE SET body = excluded.body",
    )?
    .execute(params![who, json(r)?])?;
    Ok(())
}

fn put_draft(
    tx: &Transaction<'_>,
    who: &str,
    target: &AnswerTarget,
    field: &str,
    text: Option<&str>,
    at: &str,
) -> rusqlite::Result<()> {
    let k = Key::of(target).0;
    match text {
        Some(text) => tx
            .prepare_cached(
                "INSERT INTO drafts (questionnaire, subject, section, entry, question, field, who, text, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT DO UPDATE SET text = excluded.text, at = excluded.at",
            )?
            .execute(params![k[0], k[1], k[2], k[3], k[4], field, who, text, at])?,
        None => tx
            .prepare_cached(
                "DELETE FROM drafts WHERE questionnaire = ?1 AND subject = ?2 AND section = ?3
                 AND entry = ?4 AND question = ?5 AND field = ?6 AND who = ?7",
            )?
            .execute(params![k[0], k[1], k[2], k[3], k[4], field, who])?,
    };
    Ok(())
}
