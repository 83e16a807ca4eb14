//! Questionnaire exchange with vendors: export a fill-in file (XLSX, CSV or Markdown) with one
//! row per question, and import the filled file back as self-attested answers.
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

/// The questions of a questionnaire as fill-in rows, in file order. Questions of repeatable
/// sections are left out (they need an entry per item, which a flat sheet cannot express).
pub fn fill_rows(q: &Questionnaire) -> Vec<FillRow> {
    q.questions()
        .into_iter()
        .filter(|(s, _)| s.repeatable.is_none())
        .map(|(s, question)| {
            let section = match &s.reference {
                Some(r) => format!("{r} {}", s.title),
                None => s.title.clone(),
            };
            FillRow {
                id: question.id.clone(),
                section,
                prompt: question.prompt.clone(),
                help: question.help.clone(),
                choices: parse::choices(&question.answer),
                allowed: parse::describe(q, &question.answer),
            }
        })
        .collect()
}

/// Whether a spec is answered with one value from a list (a drop-down in XLSX).
pub fn is_single_choice(spec: &AnswerSpec) -> bool {
    parse::choices(spec).is_some()
}
