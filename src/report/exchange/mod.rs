//! Questionnaire exchange with vendors: export a fill-in file (XLSX, CSV or Markdown) with one
//! row per question (one per question and entry slot in repeatable sections, id
//! `section[N].question`), and import the filled file back as self-attested answers.
//!
//! Pure: export returns bytes, import takes bytes and a snapshot and returns a new snapshot
//! plus a summary. Only the CLI reads and writes files (through `crate::store`).

pub mod about;
pub mod export;
pub mod import;
pub mod parse;
pub mod table;

use crate::model::{Answer, AnswerSpec, Assessment, Questionnaire};
use crate::report::rows::value_text;

/// Columns of a fill-in file, in order.
pub const COLUMNS: [&str; 9] = [
    "id",
    "section",
    "prompt",
    "help",
    "allowed_answers",
    "answer",
    "evidence_reference",
    "evidence_date",
    "comment",
];

/// How many leading columns are read-only (locked in XLSX).
pub const READ_ONLY_COLUMNS: usize = 5;

/// Name of the sheet holding the questions.
pub const SHEET: &str = "Questionnaire";

/// One question as a row of the fill-in file.
#[derive(Debug, Clone, PartialEq)]
pub struct FillRow {
    /// Question id.
    pub id: String,
    /// Section reference and title.
    pub section: String,
    /// The question.
    pub prompt: String,
    /// Help for the vendor (the question's `vendor_help`; assessor guidance never).
    pub help: String,
    /// The section's description (what the section is about and how to answer it).
    pub section_description: Option<String>,
    /// The allowed answers as a list, when the answer is one value from a fixed set.
    pub choices: Option<Vec<String>>,
    /// The allowed answers described for people.
    pub allowed: String,
    /// Pre-filled answer columns (answer, evidence reference, evidence date, comment) for an
    /// existing entry of a repeatable section; empty for a blank row.
    pub filled: Vec<String>,
}

/// Blank entries exported for each repeatable section (at least its `min`, at most its `max`).
pub const ENTRY_SLOTS: u32 = 3;

/// The questions of a questionnaire as fill-in rows, in file order. A repeatable section
/// (e.g. the AIIA impact register) is written entry by entry, each question once per entry
/// with the id `section[N].question` (see [`entry_id`]): first the `existing` assessment's
/// entries, pre-filled, as entries 1…k, then [`ENTRY_SLOTS`] blank entries (at least the
/// section's `min` in all, never more than its `max`).
///
/// Only the questions a vendor answers are written: a question or section whose audience
/// is `assessor` (how we will use the vendor, our own testing) never leaves the building,
/// and neither does the assessor's `help`.
pub fn fill_rows(q: &Questionnaire, existing: Option<&Assessment>) -> Vec<FillRow> {
    let mut out = Vec::new();
    let mut done: Vec<&str> = Vec::new();
    let ours = q.assessor_only();
    for (s, question) in q.questions() {
        if ours.contains(question.id.as_str()) {
            continue;
        }
        let section = match &s.reference {
            Some(r) => format!("{r} {}", s.title),
            None => s.title.clone(),
        };
        let row = |id: String, section: String, question: &crate::model::Question| FillRow {
            id,
            section,
            prompt: (question.vendor_prompt.as_ref())
                .map_or_else(|| question.prompt.clone(), Clone::clone),
            help: question.vendor_help.clone().unwrap_or_default(),
            section_description: s.description.clone(),
            choices: parse::choices(&question.answer),
            allowed: parse::describe(q, &question.answer),
            filled: Vec::new(),
        };
        let Some(rep) = &s.repeatable else {
            out.push(row(question.id.clone(), section, question));
            continue;
        };
        if done.contains(&s.id.as_str()) {
            continue;
        }
        done.push(&s.id);
        let entries = existing
            .and_then(|a| a.entries.get(&s.id))
            .map_or(&[][..], Vec::as_slice);
        let have = u32::try_from(entries.len()).unwrap_or(u32::MAX);
        let slots = (have + ENTRY_SLOTS)
            .max(rep.min)
            .min(rep.max.unwrap_or(u32::MAX).max(have));
        for (n, entry) in (1..=slots).map(|n| (n, entries.get(n as usize - 1))) {
            let label = format!("{section} — {} {n}", rep.entry_label);
            for question in s.questions.iter().filter(|x| !ours.contains(x.id.as_str())) {
                let mut r = row(entry_id(&s.id, n, &question.id), label.clone(), question);
                r.filled = entry
                    .and_then(|e| e.answers.get(&question.id))
                    .map_or_else(Vec::new, filled);
                out.push(r);
            }
        }
    }
    out
}

/// An answer as the four answer columns of a fill-in row.
fn filled(a: &Answer) -> Vec<String> {
    let evidence = a.evidence.first();
    vec![
        value_text(&a.value),
        evidence.map(|e| e.reference.clone()).unwrap_or_default(),
        evidence
            .and_then(|e| e.date)
            .map(|d| d.to_string())
            .unwrap_or_default(),
        a.note.clone(),
    ]
}

/// The id of a question of entry `n` (1-based) of a repeatable section: `section[n].question`.
pub fn entry_id(section: &str, n: u32, question: &str) -> String {
    format!("{section}[{n}].{question}")
}

/// Splits `section[n].question` into its parts; `None` for a plain question id.
pub fn split_entry_id(id: &str) -> Option<(&str, &str, &str)> {
    let (section, rest) = id.split_once('[')?;
    let (n, question) = rest.split_once("].")?;
    Some((section, n, question))
}

/// Whether a spec is answered with one value from a list (a drop-down in XLSX).
pub fn is_single_choice(spec: &AnswerSpec) -> bool {
    parse::choices(spec).is_some()
}
