//! Answers: a typed value plus the notes, evidence, owner and due date around it.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Gap-assessment status of a requirement or control.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Fully in place, with evidence.
    Met,
    /// Partly in place.
    Partial,
    /// Not in place.
    Gap,
    /// Excluded from scope; needs a justification.
    OutOfScope,
}

impl Status {
    /// All statuses in picker order.
    pub const ALL: [Status; 4] = [
        Status::Met,
        Status::Partial,
        Status::Gap,
        Status::OutOfScope,
    ];

    /// The lowercase name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Partial => "partial",
            Status::Gap => "gap",
            Status::OutOfScope => "out_of_scope",
        }
    }

    /// Label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Status::Met => "Met",
            Status::Partial => "Partial",
            Status::Gap => "Gap",
            Status::OutOfScope => "Out of scope",
        }
    }
}

/// Yes / No / Unknown.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum YesNo {
    /// Yes.
    Yes,
    /// No.
    No,
    /// Not known.
    Unknown,
}

impl YesNo {
    /// The lowercase name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            YesNo::Yes => "yes",
            YesNo::No => "no",
            YesNo::Unknown => "unknown",
        }
    }
}

/// Likelihood and severity, each on a 1–5 scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    /// Likelihood level.
    pub likelihood: i64,
    /// Severity level.
    pub severity: i64,
}

/// The typed value of an answer; the variant matches the question's answer type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Value {
    /// A status answer.
    Status(Status),
    /// A yes/no/unknown answer.
    YesNo(YesNo),
    /// The chosen option's value.
    Choice(String),
    /// The chosen options' values.
    MultiChoice(Vec<String>),
    /// The chosen level's value.
    Scale(i64),
    /// A likelihood × severity rating.
    LikelihoodSeverity(Rating),
    /// Free text.
    Text(String),
    /// A calendar date.
    Date(#[schemars(with = "String", extend("format" = "date"))] Date),
    /// A number.
    Number(f64),
}

impl Value {
    /// The value as the strings an `applies_when` condition compares with.
    pub fn condition_values(&self) -> Vec<String> {
        match self {
            Value::Status(s) => vec![s.as_str().into()],
            Value::YesNo(y) => vec![y.as_str().into()],
            Value::Choice(c) => vec![c.clone()],
            Value::MultiChoice(cs) => cs.clone(),
            Value::Scale(n) => vec![n.to_string()],
            Value::LikelihoodSeverity(r) => vec![format!("{}x{}", r.likelihood, r.severity)],
            Value::Text(t) => vec![t.clone()],
            Value::Date(d) => vec![d.to_string()],
            Value::Number(n) => vec![n.to_string()],
        }
    }

    /// Whether one of [`Self::condition_values`] is in `wanted`, without building them for
    /// the values that are already strings.
    pub fn matches_any(&self, wanted: &[String]) -> bool {
        let has = |v: &str| wanted.iter().any(|w| w == v);
        match self {
            Value::Status(s) => has(s.as_str()),
            Value::YesNo(y) => has(y.as_str()),
            Value::Choice(c) | Value::Text(c) => has(c),
            Value::MultiChoice(cs) => cs.iter().any(|c| has(c)),
            other => other.condition_values().iter().any(|c| has(c)),
        }
    }

    /// The answer type name this value belongs to (matches `AnswerSpec::type_name`).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Status(_) => "status",
            Value::YesNo(_) => "yes_no",
            Value::Choice(_) => "choice",
            Value::MultiChoice(_) => "multi_choice",
            Value::Scale(_) => "scale",
            Value::LikelihoodSeverity(_) => "likelihood_severity",
            Value::Text(_) => "text",
            Value::Date(_) => "date",
            Value::Number(_) => "number",
        }
    }
}

/// Where an answer's claim comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Attestation {
    /// The vendor (or answering party) said so; no evidence seen.
    SelfAttested,
    /// Backed by evidence the assessor has seen.
    EvidenceBacked,
}

/// A reference to a piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Where the evidence is: document id, path or URL.
    pub reference: String,
    /// When the evidence was issued or last checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>", extend("format" = "date"))]
    pub date: Option<Date>,
    /// When the evidence stops being valid (certificates, SOC 2 reports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>", extend("format" = "date"))]
    pub expires: Option<Date>,
}

/// One answer to one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// The typed value.
    pub value: Value,
    /// Why a status of out of scope (or a not-applicable answer) is justified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
    /// Free notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Evidence references.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// Whether the answer is self-attested or evidence-backed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attestation: Option<Attestation>,
    /// Who owns the follow-up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// When the follow-up is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>", extend("format" = "date"))]
    pub due: Option<Date>,
    /// Flagged for follow-up.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub flagged: bool,
    /// When the answer was last committed (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>", extend("format" = "date-time"))]
    pub answered_at: Option<Timestamp>,
    /// Who last committed the answer (`user@host`), as the live workspace recorded it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_by: Option<String>,
}

impl Answer {
    /// A bare answer with only a value.
    pub fn new(value: Value) -> Self {
        Answer {
            value,
            justification: None,
            note: String::new(),
            evidence: Vec::new(),
            attestation: None,
            owner: None,
            due: None,
            flagged: false,
            answered_at: None,
            answered_by: None,
        }
    }
}

/// One entry of a repeatable section (e.g. one impact of an AIIA).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Stable id of the entry within its section, e.g. `impact-3`.
    pub id: String,
    /// Answers by question id.
    #[serde(default)]
    pub answers: BTreeMap<String, Answer>,
}

/// All answers to one questionnaire, for one subject (or the organization, for `gap`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// The questionnaire's id.
    pub questionnaire: String,
    /// The subject's id (AI system or vendor); absent for the gap assessment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Answers to non-repeatable questions, by question id.
    #[serde(default)]
    pub answers: BTreeMap<String, Answer>,
    /// Entries of repeatable sections, by section id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub entries: BTreeMap<String, Vec<Entry>>,
}

impl Assessment {
    /// An empty assessment.
    pub fn new(questionnaire: impl Into<String>, subject: Option<String>) -> Self {
        Assessment {
            questionnaire: questionnaire.into(),
            subject,
            answers: BTreeMap::new(),
            entries: BTreeMap::new(),
        }
    }

    /// The number of answers, including those inside entries.
    pub fn answer_count(&self) -> usize {
        self.answers.len()
            + self
                .entries
                .values()
                .flatten()
                .map(|e| e.answers.len())
                .sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_any_agrees_with_condition_values() {
        let values = [
            Value::Status(Status::Met),
            Value::YesNo(YesNo::No),
            Value::Choice("a".into()),
            Value::MultiChoice(vec!["b".into(), "c".into()]),
            Value::Scale(3),
            Value::LikelihoodSeverity(Rating {
                likelihood: 2,
                severity: 4,
            }),
            Value::Text("free".into()),
            Value::Date(jiff::civil::date(2025, 3, 14)),
            Value::Number(1.5),
        ];
        let lists: [&[&str]; 6] = [
            &["met"],
            &["no", "x"],
            &["c"],
            &["3", "2x4"],
            &["free"],
            &["2025-03-14", "1.5", "a"],
        ];
        for wanted in lists {
            let wanted: Vec<String> = wanted.iter().map(|s| s.to_string()).collect();
            for v in &values {
                let expected = v.condition_values().iter().any(|c| wanted.contains(c));
                assert_eq!(v.matches_any(&wanted), expected, "{v:?} in {wanted:?}");
            }
        }
    }
}
