//! Small builders for scoring tests: questionnaires, questions, answers and a profile,
//! built in code so tests never depend on the built-in questionnaire files.

use std::collections::BTreeMap;

use jiff::civil::{Date, date};

use crate::model::{
    AiRole, Answer, AnswerSpec, Assessment, ChoiceOption, Condition, Evidence, Kind, Profile,
    Question, Questionnaire, ScaleLevel, Section, Status, Value,
};

/// The date tests score against.
pub fn as_of() -> Date {
    date(2025, 6, 1)
}

/// A deployer profile with neutral weights and 12-month reviews.
pub fn profile() -> Profile {
    Profile {
        id: "test".into(),
        title: "Test".into(),
        industry: "testing".into(),
        description: String::new(),
        ai_role: AiRole::Deployer,
        objective_weights: BTreeMap::new(),
        tag_weights: BTreeMap::new(),
        review_months: 12,
        regulations: Vec::new(),
    }
}

/// A question of any answer type.
pub fn question(id: &str, weight: f64, answer: AnswerSpec) -> Question {
    Question {
        id: id.into(),
        prompt: format!("Prompt of {id}?"),
        help: String::new(),
        vendor_help: None,
        vendor_prompt: None,
        audience: None,
        evidence_examples: Vec::new(),
        weight,
        tags: Vec::new(),
        applies_when: None,
        same_as: None,
        mappings: Vec::new(),
        required: false,
        evidence_required: false,
        excludable: None,
        role: None,
        inventory_field: None,
        answer,
    }
}

/// A status question.
pub fn q_status(id: &str, weight: f64) -> Question {
    question(id, weight, AnswerSpec::Status)
}

/// A yes/no question with default scores.
pub fn q_yes_no(id: &str) -> Question {
    question(id, 1.0, AnswerSpec::YesNo { scores: None })
}

/// A choice question with options `o0`, `o1`, … scored as given.
pub fn q_choice(id: &str, scores: &[f64]) -> Question {
    question(
        id,
        1.0,
        AnswerSpec::Choice {
            options: options(scores),
        },
    )
}

/// Options `o0`, `o1`, … scored as given.
pub fn options(scores: &[f64]) -> Vec<ChoiceOption> {
    scores
        .iter()
        .enumerate()
        .map(|(i, s)| ChoiceOption {
            value: format!("o{i}"),
            label: format!("Option {i}"),
            score: Some(*s),
            description: None,
            exclusive: false,
        })
        .collect()
}

/// Scale levels 0, 1, … scored as given.
pub fn levels(scores: &[f64]) -> Vec<ScaleLevel> {
    scores
        .iter()
        .enumerate()
        .map(|(i, s)| ScaleLevel {
            value: i as i64,
            label: format!("L{i}"),
            description: None,
            score: Some(*s),
        })
        .collect()
}

/// A free-text question.
pub fn q_text(id: &str) -> Question {
    question(
        id,
        1.0,
        AnswerSpec::Text {
            min_length: None,
            multiline: false,
            specificity: None,
        },
    )
}

/// A section holding questions.
pub fn sec(id: &str, questions: Vec<Question>) -> Section {
    Section {
        id: id.into(),
        reference: None,
        title: format!("Section {id}"),
        description: None,
        scored: true,
        audience: None,
        repeatable: None,
        excludable: None,
        applies_when: None,
        questions,
        sections: Vec::new(),
    }
}

/// A section with a reference and child sections.
pub fn group(id: &str, reference: &str, sections: Vec<Section>) -> Section {
    let mut s = sec(id, Vec::new());
    s.reference = Some(reference.into());
    s.sections = sections;
    s
}

/// A gap questionnaire with these top-level sections.
pub fn qn(sections: Vec<Section>) -> Questionnaire {
    Questionnaire {
        id: "test-gap".into(),
        version: "1.0.0".into(),
        title: "Test gap".into(),
        kind: Kind::Gap,
        description: String::new(),
        scales: BTreeMap::new(),
        scoring: Default::default(),
        sections,
    }
}

/// An empty assessment of `q`.
pub fn assessment(q: &Questionnaire, subject: Option<&str>) -> Assessment {
    Assessment::new(q.id.clone(), subject.map(str::to_string))
}

/// A status answer.
pub fn status(s: Status) -> Answer {
    Answer::new(Value::Status(s))
}

/// An answer with one evidence reference.
pub fn with_evidence(mut a: Answer, expires: Option<Date>) -> Answer {
    a.evidence.push(Evidence {
        reference: "DOC-1".into(),
        date: None,
        expires,
    });
    a
}

/// `{ "profile": field, "in": values }`.
pub fn cond_profile(field: &str, values: &[&str]) -> Condition {
    Condition {
        profile: Some(field.into()),
        one_of: Some(values.iter().map(|v| v.to_string()).collect()),
        ..Default::default()
    }
}

/// `{ "question": id, "in": values }`.
pub fn cond_question(id: &str, values: &[&str]) -> Condition {
    Condition {
        question: Some(id.into()),
        one_of: Some(values.iter().map(|v| v.to_string()).collect()),
        ..Default::default()
    }
}

/// Approximate float equality for expected hand-computed numbers.
pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-4
}
