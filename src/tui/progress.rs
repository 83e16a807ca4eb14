//! Progress (answered / applicable) and a simple section readiness, from outline rows.
//! Seam: scoring's readiness can replace [`readiness`] without touching the views.

use super::answers::answer_of;
use super::applicability::Context;
use super::data::WorkspaceState;
use super::outline::{self, Row};
use crate::catalog::Catalog;
use crate::model::{Assessment, Status, Value, YesNo};

/// Answered and applicable question counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// Applicable questions with an answer.
    pub answered: usize,
    /// Applicable questions.
    pub applicable: usize,
}

impl Progress {
    /// Answered share, 0–1.
    pub fn ratio(&self) -> f64 {
        if self.applicable == 0 {
            0.0
        } else {
            self.answered as f64 / self.applicable as f64
        }
    }
}

/// Progress over rows (optionally only those under one top-level section).
pub fn of_rows(rows: &[Row], a: &Assessment, top: Option<usize>) -> Progress {
    let mut p = Progress::default();
    for r in rows
        .iter()
        .filter(|r| r.applicable && r.question().is_some() && top.is_none_or(|t| r.top == t))
    {
        p.applicable += 1;
        if answer_of(a, r).is_some() {
            p.answered += 1;
        }
    }
    p
}

/// Readiness of a top-level section, 0–1: met and yes count 1, partial ½, gap / no /
/// unknown 0, out of scope is left out; other answer types count 1 once answered.
pub fn readiness(rows: &[Row], a: &Assessment, top: usize) -> Option<f64> {
    let (mut sum, mut n) = (0.0, 0usize);
    for r in rows.iter().filter(|r| r.applicable && r.top == top) {
        let Some(ans) = answer_of(a, r) else {
            if r.question().is_some() {
                n += 1;
            }
            continue;
        };
        let score = match ans.value {
            Value::Status(Status::OutOfScope) => continue,
            Value::Status(Status::Met) | Value::YesNo(YesNo::Yes) => 1.0,
            Value::Status(Status::Partial) => 0.5,
            Value::Status(Status::Gap) | Value::YesNo(_) => 0.0,
            _ => 1.0,
        };
        sum += score;
        n += 1;
    }
    (n > 0).then(|| sum / n as f64)
}

/// The condition context for an assessment of a questionnaire.
pub fn context<'a>(
    catalog: &'a Catalog,
    data: &'a WorkspaceState,
    assessment: &'a Assessment,
) -> Context<'a> {
    Context {
        profile: catalog.profile(&data.profile),
        subject: assessment
            .subject
            .as_ref()
            .and_then(|id| data.subjects.iter().find(|s| &s.id == id)),
        assessment,
    }
}

/// Progress of one questionnaire for one subject (nothing answered if never started).
pub fn of_assessment(
    catalog: &Catalog,
    data: &WorkspaceState,
    questionnaire: &str,
    subject: Option<&str>,
) -> Progress {
    let Some(q) = catalog.questionnaire(questionnaire) else {
        return Progress::default();
    };
    let empty = Assessment::new(questionnaire, subject.map(str::to_string));
    let a = find(data, questionnaire, subject).unwrap_or(&empty);
    of_rows(&outline::build(q, context(catalog, data, a)), a, None)
}

/// The assessment of a questionnaire for a subject, if started.
pub fn find<'a>(
    data: &'a WorkspaceState,
    questionnaire: &str,
    subject: Option<&str>,
) -> Option<&'a Assessment> {
    data.assessments
        .iter()
        .find(|a| a.questionnaire == questionnaire && a.subject.as_deref() == subject)
}
