//! Questionnaire exchange with vendors: export a fill-in file (XLSX, CSV or Markdown) with one
//! row per question (one per question and entry slot in repeatable sections, id
//! `section[N].question`), and import the filled file back as self-attested answers.
//!
//! Pure: export returns bytes, import takes bytes and a snapshot and returns a new snapshot
//! plus a summary. Only the CLI reads and writes files (through `crate::store`).

pub mod export;
pub mod import;
pub mod parse;
pub mod table;

use crate::model::{AnswerSpec, Questionnaire};

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
    /// What a good answer shows.
    pub help: String,
    /// The allowed answers as a list, when the answer is one value from a fixed set.
    pub choices: Option<Vec<String>>,
    /// The allowed answers described for people.
    pub allowed: String,
}

/// Blank entries exported for each repeatable section (at least its `min`, at most its `max`).
pub const ENTRY_SLOTS: u32 = 3;

/// The questions of a questionnaire as fill-in rows, in file order. A repeatable section
/// (e.g. the AIIA impact register) gets [`ENTRY_SLOTS`] blank entries (at least its `min`,
/// at most its `max`), each question once per entry with the id `section[N].question`
/// (see [`entry_id`]), entry by entry.
pub fn fill_rows(q: &Questionnaire) -> Vec<FillRow> {
    let mut out = Vec::new();
    let mut done: Vec<&str> = Vec::new();
    for (s, question) in q.questions() {
        let section = match &s.reference {
            Some(r) => format!("{r} {}", s.title),
            None => s.title.clone(),
        };
        let row = |id: String, section: String, question: &crate::model::Question| FillRow {
            id,
            section,
            prompt: question.prompt.clone(),
            help: question.help.clone(),
            choices: parse::choices(&question.answer),
            allowed: parse::describe(q, &question.answer),
        };
        let Some(rep) = &s.repeatable else {
            out.push(row(question.id.clone(), section, question));
            continue;
        };
        if done.contains(&s.id.as_str()) {
            continue;
        }
        done.push(&s.id);
        let slots = ENTRY_SLOTS.max(rep.min).min(rep.max.unwrap_or(u32::MAX));
        for n in 1..=slots {
            let label = format!("{section} — {} {n}", rep.entry_label);
            for question in &s.questions {
                out.push(row(
                    entry_id(&s.id, n, &question.id),
                    label.clone(),
                    question,
                ));
            }
        }
    }
    out
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
