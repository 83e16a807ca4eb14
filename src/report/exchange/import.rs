//! Importing a filled-in file: every row is validated (unknown ids, answers outside the
//! allowed set, bad dates) with errors naming sheet, row and column; nothing is imported when
//! any row is wrong unless `partial`; existing answers are kept unless `overwrite`. Imported
//! answers are marked self-attested. All text passes through [`crate::sanitize`].

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;

use jiff::Timestamp;

use super::table::{Table, column_letter};
use super::{COLUMNS, entry_id, parse, split_entry_id};
use crate::model::answer_check::check_answer;
use crate::model::{
    Answer, Assessment, Attestation, Entry, Evidence, Question, Questionnaire, Snapshot, Subject,
    SubjectKind, Value,
};
use crate::report::rows::value_text;
use crate::sanitize;

/// How to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Subject name (or id) the answers belong to; created when unknown.
    pub subject: String,
    /// Import the valid rows even when some rows are wrong.
    pub partial: bool,
    /// Replace existing answers that differ.
    pub overwrite: bool,
    /// Time stamped on imported answers.
    pub now: Timestamp,
}

/// A problem with one cell (or the header row) of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// Sheet name (file name for CSV).
    pub sheet: String,
    /// 1-based row, as a spreadsheet shows it.
    pub row: usize,
    /// Column letter.
    pub column: String,
    /// Column header.
    pub header: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}!{}{} ({}): {}",
            self.sheet, self.column, self.row, self.header, self.message
        )
    }
}

/// A valid answered row.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedRow {
    /// 1-based row.
    pub row: usize,
    /// The id cell: a question id, or `section[N].question` for an entry.
    pub id: String,
    /// For a question of a repeatable section: the section id and the entry number (1-based).
    pub entry: Option<EntryRef>,
    /// The answer to store.
    pub answer: Answer,
}

/// What happened to one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// No answer before; added.
    Added,
    /// A different answer before; replaced (with `overwrite`). Holds the old value.
    Overwritten(String),
    /// A different answer before; kept (without `overwrite`). Holds the kept value.
    Kept(String),
    /// The same answer before.
    Unchanged,
}

/// One question's change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Question id.
    pub question: String,
    /// The imported value as text.
    pub value: String,
    /// What happened.
    pub kind: ChangeKind,
}

/// A completed import.
#[derive(Debug, Clone)]
pub struct ImportOutcome {
    /// The snapshot with the answers merged in.
    pub snapshot: Snapshot,
    /// Per-question changes, in file order.
    pub changes: Vec<Change>,
    /// Rows skipped because they were wrong (only with `partial`).
    pub errors: Vec<RowError>,
    /// The subject's id.
    pub subject_id: String,
    /// Whether the subject was created.
    pub created_subject: bool,
}

/// Nothing was imported because rows were wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportFailure {
    /// Every problem found.
    pub errors: Vec<RowError>,
}

/// Validates the table and, unless rows are wrong and `partial` is off, merges the answers
/// into a copy of the snapshot.
pub fn import(
    snapshot: &Snapshot,
    q: &Questionnaire,
    table: &Table,
    opts: &ImportOptions,
) -> Result<ImportOutcome, ImportFailure> {
    let (rows, errors) = validate(q, table, opts.now);
    if !errors.is_empty() && (!opts.partial || rows.is_empty() && has_header_error(&errors)) {
        return Err(ImportFailure { errors });
    }
    let mut snapshot = snapshot.clone();
    let (subject_id, created_subject) = ensure_subject(&mut snapshot, q, &opts.subject);
    let changes = merge(&mut snapshot, q, &subject_id, rows, opts.overwrite);
    Ok(ImportOutcome {
        snapshot,
        changes,
        errors,
        subject_id,
        created_subject,
    })
}

fn has_header_error(errors: &[RowError]) -> bool {
    errors.iter().any(|e| e.row == 1)
}

/// Column positions found in the header row.
struct Columns {
    id: usize,
    answer: usize,
    reference: Option<usize>,
    date: Option<usize>,
    comment: Option<usize>,
}

fn columns(table: &Table) -> Result<Columns, RowError> {
    let header: Vec<String> = table
        .rows
        .first()
        .map(|r| {
            r.iter()
                .map(|h| h.trim().to_lowercase().replace(' ', "_"))
                .collect()
        })
        .unwrap_or_default();
    let find = |name: &str| header.iter().position(|h| h == name);
    let missing = |name: &str| RowError {
        sheet: table.sheet.clone(),
        row: 1,
        column: "-".into(),
        header: name.into(),
        message: format!(
            "the header row has no {name:?} column; expected the columns {}",
            COLUMNS.join(", ")
        ),
    };
    Ok(Columns {
        id: find("id").ok_or_else(|| missing("id"))?,
        answer: find("answer").ok_or_else(|| missing("answer"))?,
        reference: find("evidence_reference"),
        date: find("evidence_date"),
        comment: find("comment"),
    })
}

/// Checks every data row; returns the answered valid rows and every problem. Rows with an
/// empty answer are left unanswered.
pub fn validate(
    q: &Questionnaire,
    table: &Table,
    now: Timestamp,
) -> (Vec<ParsedRow>, Vec<RowError>) {
    let cols = match columns(table) {
        Ok(c) => c,
        Err(e) => return (Vec::new(), vec![e]),
    };
    let mut ok = Vec::new();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    let ours = q.assessor_only();
    for (i, row) in table.rows.iter().enumerate().skip(1) {
        let at = |c: usize, message: String| RowError {
            sheet: table.sheet.clone(),
            row: i + 1,
            column: column_letter(c),
            header: COLUMNS
                .iter()
                .copied()
                .find(|h| cell_header(table, c) == *h)
                .unwrap_or("?")
                .to_string(),
            message,
        };
        match parse_row(q, row, &cols, now, &mut seen, &ours) {
            Ok(Some((id, entry, answer))) => ok.push(ParsedRow {
                row: i + 1,
                id,
                entry,
                answer,
            }),
            Ok(None) => {}
            Err(problems) => errors.extend(problems.into_iter().map(|(c, m)| at(c, m))),
        }
    }
    (ok, errors)
}

fn cell_header(table: &Table, c: usize) -> String {
    table
        .rows
        .first()
        .and_then(|r| r.get(c))
        .map(|h| h.trim().to_lowercase().replace(' ', "_"))
        .unwrap_or_default()
}

type Problems = Vec<(usize, String)>;

/// A repeatable section's id and an entry number (1-based).
pub type EntryRef = (String, u32);

/// A valid row: the id cell, the entry it belongs to (if any) and the answer.
type Parsed = (String, Option<EntryRef>, Answer);

/// One row: `Ok(None)` when blank or unanswered, else the answer or its problems (column, message).
/// A question in `ours` (answered by our own assessor) is refused: it was never in the
/// vendor's file, so an answer to it did not come from the exported questions.
fn parse_row(
    q: &Questionnaire,
    row: &[String],
    cols: &Columns,
    now: Timestamp,
    seen: &mut HashSet<String>,
    ours: &HashSet<&str>,
) -> Result<Option<Parsed>, Problems> {
    let cell = |c: Option<usize>| {
        c.and_then(|c| row.get(c))
            .map(|s| sanitize::text(s).trim().to_string())
            .unwrap_or_default()
    };
    let id = cell(Some(cols.id));
    let answer_text = cell(Some(cols.answer));
    if row.iter().all(|c| c.trim().is_empty()) || answer_text.is_empty() {
        return Ok(None);
    }
    let (question, entry) = resolve(q, &id).map_err(|m| vec![(cols.id, m)])?;
    if ours.contains(question.id.as_str()) {
        return Err(vec![(
            cols.id,
            format!(
                "question {id:?} is answered by our own assessor, not by the vendor, and is not part of the exported file; delete this row"
            ),
        )]);
    }
    let mut problems = Vec::new();
    if !seen.insert(id.clone()) {
        problems.push((cols.id, format!("question {id:?} appears twice")));
    }
    let value = parse::answer(q, &question.answer, &answer_text)
        .map_err(|m| problems.push((cols.answer, m)))
        .ok();
    let reference = cell(cols.reference);
    let date_text = cell(cols.date);
    let date = match (date_text.is_empty(), cols.date) {
        (false, Some(c)) => parse::date(&date_text)
            .map_err(|m| problems.push((c, m)))
            .ok(),
        _ => None,
    };
    if date.is_some() && reference.is_empty() {
        problems.push((
            cols.date.unwrap_or(cols.answer),
            "an evidence date needs an evidence reference".into(),
        ));
    }
    match value {
        Some(value) if problems.is_empty() => {
            let evidence = (!reference.is_empty()).then_some(Evidence {
                reference,
                date,
                expires: None,
            });
            let answer = self_attested(value, cell(cols.comment), evidence, now);
            // Exclusions follow the questionnaire's rules; a fill-in file carries no
            // justification, so an exclusion cannot be imported.
            let excludable = !q.not_excludable().contains(question.id.as_str());
            match check_answer(q, &id, &answer, excludable, "") {
                Some(p) => Err(vec![(cols.answer, p.message)]),
                None => Ok(Some((id, entry, answer))),
            }
        }
        _ => Err(problems),
    }
}

/// The question an id cell names, and for `section[N].question` the entry: the section must
/// be repeatable, hold the question, and allow N entries; a plain id of a question inside a
/// repeatable section is refused (it would not say which entry).
fn resolve<'q>(q: &'q Questionnaire, id: &str) -> Result<(&'q Question, Option<EntryRef>), String> {
    let unknown = || {
        format!(
            "unknown question id {id:?}; ids come from the exported file and must not be changed"
        )
    };
    let Some((sec, n, qid)) = split_entry_id(id) else {
        let question = q.question(id).ok_or_else(unknown)?;
        return match q
            .questions()
            .into_iter()
            .find(|(s, x)| x.id == id && s.repeatable.is_some())
        {
            Some((s, _)) => Err(format!(
                "question {id:?} belongs to the repeatable section {:?}: say which entry, e.g. {}",
                s.id,
                entry_id(&s.id, 1, id)
            )),
            None => Ok((question, None)),
        };
    };
    let section = q.section(sec).ok_or_else(unknown)?;
    let rep = section
        .repeatable
        .as_ref()
        .ok_or_else(|| format!("section {sec:?} is not repeatable; use the plain id {qid:?}"))?;
    let question = section
        .questions
        .iter()
        .find(|x| x.id == qid)
        .ok_or_else(|| format!("section {sec:?} has no question {qid:?}"))?;
    let n: u32 = n
        .parse()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| format!("entry number {n:?} in {id:?} must be a whole number from 1"))?;
    if let Some(max) = rep.max.filter(|max| n > *max) {
        return Err(format!(
            "entry {n} in {id:?}: the section allows at most {max} {} entries",
            rep.entry_label
        ));
    }
    Ok((question, Some((sec.to_string(), n))))
}

/// An imported answer: the vendor's own claim until someone attaches evidence they checked.
fn self_attested(value: Value, note: String, evidence: Option<Evidence>, now: Timestamp) -> Answer {
    let mut a = Answer::new(value);
    a.note = note;
    a.attestation = Some(Attestation::SelfAttested);
    a.answered_at = Some(now);
    a.evidence.extend(evidence);
    a
}

/// Finds the subject by name or id, or creates one (a vendor, or an AI system for an AIIA).
pub fn ensure_subject(s: &mut Snapshot, q: &Questionnaire, name: &str) -> (String, bool) {
    let name = sanitize::line(name).trim().to_string();
    if let Some(found) = s.subjects.iter().find(|x| x.name == name || x.id == name) {
        return (found.id.clone(), false);
    }
    let base = slug(&name);
    let mut id = base.clone();
    let mut n = 2;
    while s.subjects.iter().any(|x| x.id == id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    s.subjects.push(Subject {
        id: id.clone(),
        kind: q.kind.subject_kind().unwrap_or(SubjectKind::Vendor),
        name,
        owner: None,
        role: None,
        lifecycle_stage: None,
        vendor: None,
        description: String::new(),
        retired: false,
        ..Subject::default()
    });
    (id, true)
}

/// A lowercase id from a name: letters and digits, other runs as `-`.
pub fn slug(name: &str) -> String {
    let s: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let s = s
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if s.is_empty() { "subject".into() } else { s }
}

/// Merges valid rows into the subject's assessment; a changed snapshot loses its digest
/// (it no longer matches the content).
pub fn merge(
    s: &mut Snapshot,
    q: &Questionnaire,
    subject: &str,
    rows: Vec<ParsedRow>,
    overwrite: bool,
) -> Vec<Change> {
    let pos = s
        .assessments
        .iter()
        .position(|a| a.questionnaire == q.id && a.subject.as_deref() == Some(subject));
    let idx = pos.unwrap_or_else(|| {
        s.assessments
            .push(Assessment::new(q.id.clone(), Some(subject.to_string())));
        s.assessments.len() - 1
    });
    let mut changes = Vec::new();
    if let Some(a) = s.assessments.get_mut(idx) {
        let places = place_entries(a, q, &rows);
        for r in rows {
            changes.push(merge_one(a, &places, r, overwrite));
        }
    }
    if pos.is_none()
        || changes
            .iter()
            .any(|c| matches!(c.kind, ChangeKind::Added | ChangeKind::Overwritten(_)))
    {
        s.digest = None;
    }
    changes
}

/// Where each entry number of the file lands: entry N is the Nth existing entry of its
/// section (the order the export lists them in); numbers past the last existing entry become
/// new entries, added in ascending order and named as the wizard names entries
/// (`<entry_label>-M`, the first free M). Returns the position of every (section, N).
fn place_entries(
    a: &mut Assessment,
    q: &Questionnaire,
    rows: &[ParsedRow],
) -> BTreeMap<EntryRef, usize> {
    let wanted: BTreeSet<&EntryRef> = rows.iter().filter_map(|r| r.entry.as_ref()).collect();
    let mut places = BTreeMap::new();
    for (sec, n) in wanted {
        let label = q
            .section(sec)
            .and_then(|s| s.repeatable.as_ref())
            .map_or("entry", |rep| rep.entry_label.as_str());
        let list = a.entries.entry(sec.clone()).or_default();
        let existing = usize::try_from(*n).unwrap_or(usize::MAX).saturating_sub(1);
        if existing < list.len() {
            places.insert((sec.clone(), *n), existing);
            continue;
        }
        let mut m = list.len() + 1;
        while list.iter().any(|e| e.id == format!("{label}-{m}")) {
            m += 1;
        }
        list.push(Entry {
            id: format!("{label}-{m}"),
            answers: BTreeMap::new(),
        });
        places.insert((sec.clone(), *n), list.len() - 1);
    }
    places
}

/// The answers a row goes into and the key to store under.
fn target<'a>(
    a: &'a mut Assessment,
    places: &BTreeMap<EntryRef, usize>,
    r: &ParsedRow,
) -> (&'a mut BTreeMap<String, Answer>, String) {
    let Some(slot) = &r.entry else {
        return (&mut a.answers, r.id.clone());
    };
    let question = split_entry_id(&r.id)
        .map_or(r.id.as_str(), |(_, _, q)| q)
        .to_string();
    let entry = places
        .get(slot)
        .and_then(|p| a.entries.get_mut(&slot.0)?.get_mut(*p));
    match entry {
        Some(e) => (&mut e.answers, question),
        None => (&mut a.answers, r.id.clone()),
    }
}

fn merge_one(
    a: &mut Assessment,
    places: &BTreeMap<EntryRef, usize>,
    r: ParsedRow,
    overwrite: bool,
) -> Change {
    let value = value_text(&r.answer.value);
    let (answers, key) = target(a, places, &r);
    let kind = match answers.get(&key) {
        None => ChangeKind::Added,
        Some(old) if same(old, &r.answer) => ChangeKind::Unchanged,
        Some(old) if overwrite => ChangeKind::Overwritten(value_text(&old.value)),
        Some(old) => ChangeKind::Kept(value_text(&old.value)),
    };
    if matches!(kind, ChangeKind::Added | ChangeKind::Overwritten(_)) {
        answers.insert(key, r.answer);
    }
    Change {
        question: r.id,
        value,
        kind,
    }
}

/// Same value, note and evidence (the time stamp does not count).
fn same(a: &Answer, b: &Answer) -> bool {
    a.value == b.value && a.note == b.note && a.evidence == b.evidence
}

/// A summary for people: counts, then one line per change and per skipped row.
pub fn summary(o: &ImportOutcome) -> String {
    let count = |f: fn(&ChangeKind) -> bool| o.changes.iter().filter(|c| f(&c.kind)).count();
    let mut out = format!(
        "{} added, {} overwritten, {} kept (use --overwrite to replace), {} unchanged, {} rows skipped with errors{}\n",
        count(|k| matches!(k, ChangeKind::Added)),
        count(|k| matches!(k, ChangeKind::Overwritten(_))),
        count(|k| matches!(k, ChangeKind::Kept(_))),
        count(|k| matches!(k, ChangeKind::Unchanged)),
        o.errors.len(),
        if o.created_subject {
            format!("; new subject {:?}", o.subject_id)
        } else {
            String::new()
        }
    );
    for c in &o.changes {
        let line = match &c.kind {
            ChangeKind::Added => format!("  + {}: {}", c.question, c.value),
            ChangeKind::Overwritten(old) => format!("  ~ {}: {} -> {}", c.question, old, c.value),
            ChangeKind::Kept(old) => {
                format!("  = {}: kept {} (file says {})", c.question, old, c.value)
            }
            ChangeKind::Unchanged => continue,
        };
        out.push_str(&sanitize::line(&line));
        out.push('\n');
    }
    for e in &o.errors {
        out.push_str(&format!("  ! {}\n", sanitize::line(&e.to_string())));
    }
    out
}
