//! Reading the live database: the whole state, what changed since, and the history.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::write::parse;
use super::{Draft, Loaded};
use crate::model::{Answer, AnswerTarget, Assessment, Entry, WorkspaceState};
use crate::store::session::ResumeInfo;

/// What other assessors committed since a sequence number.
#[derive(Debug, Clone, PartialEq)]
pub enum Remote {
    /// Nothing new.
    Nothing,
    /// Only answers changed: (question, new answer or cleared, revision, who).
    Answers {
        /// The rows.
        rows: Vec<(AnswerTarget, Option<Answer>, i64, String)>,
        /// The newest sequence number included.
        seq: i64,
    },
    /// Subjects, entries, findings or metadata changed: everything, re-read.
    Reload(Box<Loaded>),
}

/// Which answers' history to show.
#[derive(Debug, Clone, Default)]
pub struct HistoryFilter {
    /// Question id.
    pub question: String,
    /// Questionnaire id (any when none).
    pub questionnaire: Option<String>,
    /// Subject id (any when none; "" for the organization's own assessment).
    pub subject: Option<String>,
}

/// One committed change of one answer.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryRow {
    /// Sequence number (order of commits).
    pub seq: i64,
    /// The answer's place.
    pub target: AnswerTarget,
    /// Before (none: unanswered).
    pub old: Option<Answer>,
    /// After (none: cleared).
    pub new: Option<Answer>,
    /// Who (`user@host`).
    pub who: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}

fn target(r: &Row<'_>, first: usize) -> rusqlite::Result<AnswerTarget> {
    let s: String = r.get(first + 1)?;
    let section: String = r.get(first + 2)?;
    let entry: String = r.get(first + 3)?;
    Ok(AnswerTarget {
        questionnaire: r.get(first)?,
        subject: (!s.is_empty()).then_some(s),
        entry: (!section.is_empty() || !entry.is_empty()).then_some((section, entry)),
        question: r.get(first + 4)?,
    })
}

fn max_seq(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM history", [], |r| {
        r.get(0)
    })
}

/// Everything for `who`, read in one transaction.
pub fn load(conn: &Connection, who: &str) -> rusqlite::Result<Loaded> {
    let tx = conn.unchecked_transaction()?;
    let (state, revs) = state(&tx)?;
    let resume = tx
        .query_row("SELECT body FROM resume WHERE who = ?1", [who], |r| {
            r.get::<_, String>(0)
        })
        .optional()?
        .map(|b| parse::<ResumeInfo>(&b))
        .transpose()?
        .unwrap_or_default();
    let drafts = drafts(&tx, who)?;
    let seq = max_seq(&tx)?;
    tx.finish()?;
    Ok(Loaded {
        state,
        revs,
        resume,
        drafts,
        seq,
    })
}

fn drafts(conn: &Connection, who: &str) -> rusqlite::Result<Vec<Draft>> {
    let mut stmt = conn.prepare(
        "SELECT questionnaire, subject, section, entry, question, field, text, at FROM drafts
         WHERE who = ?1 ORDER BY at",
    )?;
    let rows = stmt.query_map([who], |r| {
        let at: String = r.get(7)?;
        Ok(Draft {
            target: target(r, 0)?,
            field: r.get(5)?,
            text: r.get(6)?,
            at: at.parse().unwrap_or_default(),
        })
    })?;
    rows.collect()
}

/// The committed state and every answer row's revision.
pub fn state(conn: &Connection) -> rusqlite::Result<(WorkspaceState, HashMap<AnswerTarget, i64>)> {
    let meta = |k: &str| -> rusqlite::Result<String> {
        conn.query_row("SELECT value FROM meta WHERE key = ?1", [k], |r| r.get(0))
            .optional()
            .map(Option::unwrap_or_default)
    };
    let mut state = WorkspaceState::new(meta("organization")?, meta("assessor")?, meta("profile")?);
    state.subjects = bodies(conn, "SELECT body FROM subjects ORDER BY pos")?;
    state.findings = bodies(conn, "SELECT body FROM findings ORDER BY pos")?;
    let mut index = assessments(conn, &mut state)?;
    let revs = answers(conn, &mut state, &mut index)?;
    Ok((state, revs))
}

fn bodies<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    sql: &str,
) -> rusqlite::Result<Vec<T>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    rows.map(|b| parse(&b?)).collect()
}

type Index = HashMap<(String, String), usize>;

/// The assessments and their (possibly empty) entries, in order.
fn assessments(conn: &Connection, state: &mut WorkspaceState) -> rusqlite::Result<Index> {
    let mut index = Index::new();
    let mut stmt = conn.prepare("SELECT questionnaire, subject FROM assessments ORDER BY pos")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (q, s) = row?;
        index.insert((q.clone(), s.clone()), state.assessments.len());
        let subject = (!s.is_empty()).then_some(s);
        state.assessments.push(Assessment::new(q, subject));
    }
    let mut stmt = conn.prepare(
        "SELECT questionnaire, subject, section, entry FROM entries ORDER BY questionnaire, subject, section, pos",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok([r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?])
    })?;
    for row in rows {
        let [q, s, section, id] = row?;
        let a = assessment(state, &mut index, &q, &s);
        a.entries.entry(section).or_default().push(Entry {
            id,
            answers: Default::default(),
        });
    }
    Ok(index)
}

fn assessment<'a>(
    state: &'a mut WorkspaceState,
    index: &mut Index,
    q: &str,
    s: &str,
) -> &'a mut Assessment {
    let n = state.assessments.len();
    let i = *index.entry((q.to_string(), s.to_string())).or_insert(n);
    if i >= n {
        let subject = (!s.is_empty()).then(|| s.to_string());
        state.assessments.push(Assessment::new(q, subject));
        index.insert((q.to_string(), s.to_string()), n);
        return state
            .assessments
            .last_mut()
            .unwrap_or_else(|| unreachable!("just pushed"));
    }
    state
        .assessments
        .get_mut(i)
        .unwrap_or_else(|| unreachable!("indexed"))
}

fn answers(
    conn: &Connection,
    state: &mut WorkspaceState,
    index: &mut Index,
) -> rusqlite::Result<HashMap<AnswerTarget, i64>> {
    let mut revs = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT questionnaire, subject, section, entry, question, body, rev FROM answers",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let t = target(r, 0)?;
        revs.insert(t.clone(), r.get(6)?);
        let Some(body) = r.get_ref(5)?.as_str_or_null()? else {
            continue;
        };
        let answer: Answer = parse(body)?;
        let a = assessment(
            state,
            index,
            &t.questionnaire,
            t.subject.as_deref().unwrap_or(""),
        );
        match t.entry {
            None => {
                a.answers.insert(t.question, answer);
            }
            Some((section, id)) => {
                let list = a.entries.entry(section).or_default();
                if !list.iter().any(|e| e.id == id) {
                    list.push(Entry {
                        id: id.clone(),
                        answers: Default::default(),
                    });
                }
                if let Some(e) = list.iter_mut().find(|e| e.id == id) {
                    e.answers.insert(t.question, answer);
                }
            }
        }
    }
    Ok(revs)
}

/// What changed after `seq`.
pub fn changes_since(conn: &Connection, who: &str, seq: i64) -> rusqlite::Result<Remote> {
    let newest = max_seq(conn)?;
    if newest <= seq {
        return Ok(Remote::Nothing);
    }
    let structural: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM history WHERE seq > ?1 AND kind != 'answer')",
        [seq],
        |r| r.get(0),
    )?;
    if structural {
        return Ok(Remote::Reload(Box::new(load(conn, who)?)));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT questionnaire, subject, section, entry, question, body, rev, who, seq FROM answers
         WHERE seq > ?1 AND seq <= ?2 ORDER BY seq",
    )?;
    let rows = stmt.query_map(params![seq, newest], |r| {
        let body: Option<String> = r.get(5)?;
        Ok((
            target(r, 0)?,
            body,
            r.get::<_, i64>(6)?,
            r.get::<_, String>(7)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (t, body, rev, by) = row?;
        out.push((t, body.as_deref().map(parse).transpose()?, rev, by));
    }
    Ok(Remote::Answers {
        rows: out,
        seq: newest,
    })
}

/// The answer history matching `f`, oldest first.
pub fn history(conn: &Connection, f: &super::HistoryFilter) -> rusqlite::Result<Vec<HistoryRow>> {
    let mut stmt = conn.prepare(
        "SELECT questionnaire, subject, section, entry, item, old, new, who, at, seq FROM history
         WHERE kind = 'answer' AND item = ?1 AND (?2 IS NULL OR questionnaire = ?2)
         AND (?3 IS NULL OR subject = ?3) ORDER BY seq",
    )?;
    let rows = stmt.query_map(params![f.question, f.questionnaire, f.subject], |r| {
        let old: Option<String> = r.get(5)?;
        let new: Option<String> = r.get(6)?;
        Ok((target(r, 0)?, old, new, r.get(7)?, r.get(8)?, r.get(9)?))
    })?;
    rows.map(|row| {
        let (target, old, new, who, at, seq) = row?;
        Ok(HistoryRow {
            seq,
            target,
            old: old.as_deref().map(parse).transpose()?,
            new: new.as_deref().map(parse).transpose()?,
            who,
            at,
        })
    })
    .collect()
}

/// The places of all answers that are set (not cleared).
pub fn live_targets(conn: &Connection) -> rusqlite::Result<Vec<AnswerTarget>> {
    let mut stmt = conn.prepare(
        "SELECT questionnaire, subject, section, entry, question FROM answers WHERE body IS NOT NULL",
    )?;
    let rows = stmt.query_map([], |r| target(r, 0))?;
    rows.collect()
}
