//! The flat view every tabular export starts from: one row per question of every assessment
//! in a snapshot (one per entry for repeatable sections), with its answer and, when scoring
//! has run, its score.

use std::borrow::Cow;
use std::sync::Arc;

use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::model::{Answer, Assessment, Mapping, Question, Questionnaire, Section, Status, Value};
use crate::scoring::question::{QuestionContext, score_question};
use crate::scoring::{NodeStatus, QuestionScore};

use super::Context;

/// One question of one assessment, with whatever is known about it.
#[derive(Debug, Clone)]
pub struct QuestionRow<'a> {
    /// Questionnaire id.
    pub questionnaire: &'a str,
    /// Subject id (AI system or vendor); none for the gap assessment.
    pub subject: Option<&'a str>,
    /// Entry id, for questions of a repeatable section.
    pub entry: Option<&'a str>,
    /// The section holding the question, when the questionnaire is available.
    pub section: Option<&'a Section>,
    /// Question id.
    pub question_id: &'a str,
    /// The question, when the questionnaire is available.
    pub question: Option<&'a Question>,
    /// The answer, if given.
    pub answer: Option<&'a Answer>,
    /// The question's effective score: worked out from the answer when the questionnaire is
    /// at hand (so a stale stored scorecard cannot contradict the answer), else the stored
    /// one, if the scorecard has it.
    pub score: Option<Cow<'a, QuestionScore>>,
}

impl<'a> QuestionRow<'a> {
    /// Status from the score; else from a status answer; else unanswered. `None` for an
    /// answered non-status question without a computed score (no number is invented).
    pub fn status(&self) -> Option<NodeStatus> {
        if let Some(s) = &self.score {
            return Some(s.status);
        }
        match self.answer.map(|a| &a.value) {
            None => Some(NodeStatus::Unanswered),
            Some(Value::Status(s)) => Some(node_status(*s)),
            Some(_) => None,
        }
    }

    /// Why the status differs from what the answer claims, if it does.
    pub fn reason(&self) -> Option<&str> {
        self.score.as_ref().and_then(|s| s.reason.as_deref())
    }

    /// The section's standard reference, if any.
    pub fn section_ref(&self) -> Option<&str> {
        self.section.and_then(|s| s.reference.as_deref())
    }

    /// The crosswalk mappings of the question (empty without the questionnaire).
    pub fn mappings(&self) -> &'a [Mapping] {
        self.question.map_or(&[], |q| q.mappings.as_slice())
    }
}

/// The roll-up status an answered [`Status`] stands for.
pub fn node_status(s: Status) -> NodeStatus {
    match s {
        Status::Met => NodeStatus::Met,
        Status::Partial => NodeStatus::Partial,
        Status::Gap => NodeStatus::Gap,
        Status::OutOfScope => NodeStatus::OutOfScope,
    }
}

/// An answer value as text (not yet sanitized or escaped): options by their stored value,
/// several values joined with `; `, ratings as `LxS`.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::Status(s) => s.as_str().to_string(),
        Value::YesNo(y) => y.as_str().to_string(),
        Value::Choice(c) | Value::Text(c) => c.clone(),
        Value::MultiChoice(cs) => cs.join("; "),
        Value::Scale(n) => n.to_string(),
        Value::LikelihoodSeverity(r) => format!("{}x{}", r.likelihood, r.severity),
        Value::Date(d) => d.to_string(),
        Value::Number(n) => number_text(*n),
    }
}

/// A number without a trailing `.0` when it is whole.
pub fn number_text(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

/// Every question row of the snapshot, assessment by assessment in snapshot order.
pub fn question_rows<'a>(ctx: &Context<'a>) -> Vec<QuestionRow<'a>> {
    ctx.snapshot
        .assessments
        .iter()
        .flat_map(|a| assessment_rows(ctx, a))
        .collect()
}

/// The rows of one assessment: the questionnaire's questions in file order, then any answers
/// whose question the questionnaire does not have (or all answers, without it).
pub fn assessment_rows<'a>(ctx: &Context<'a>, a: &'a Assessment) -> Vec<QuestionRow<'a>> {
    let base = QuestionRow {
        questionnaire: &a.questionnaire,
        subject: a.subject.as_deref(),
        entry: None,
        section: None,
        question_id: "",
        question: None,
        answer: None,
        score: None,
    };
    let scores = gap_scores(ctx, a);
    let score_of = |id: &str| scores.iter().find(|s| &*s.id == id);
    let mut out = Vec::new();
    let q = ctx.questionnaire(&a.questionnaire);
    let as_of = as_of(ctx);
    let fixed = q.map(Questionnaire::not_excludable).unwrap_or_default();
    let rules = q.map(|q| &q.scoring);
    for (section, question) in q.map(Questionnaire::questions).unwrap_or_default() {
        let rules = Rules {
            self_attested_factor: rules.and_then(|r| r.self_attested_factor),
            excludable: !fixed.contains(question.id.as_str()),
            justification: rules.and_then(|r| r.justification.as_ref()),
        };
        let with = |entry: Option<&'a str>, answer: Option<&'a Answer>| {
            let stored = score_of(&question.id);
            // Unscored sections (a vendor's engagement profile) describe, they do not score.
            let score = match answer {
                Some(ans) if section.scored => {
                    effective(question, section, ans, stored, as_of, rules)
                }
                _ => stored.map(Cow::Borrowed),
            };
            QuestionRow {
                entry,
                section: Some(section),
                question_id: &question.id,
                question: Some(question),
                answer,
                score,
                ..base.clone()
            }
        };
        if section.repeatable.is_some() {
            for e in a.entries.get(&section.id).into_iter().flatten() {
                out.push(with(Some(&e.id), e.answers.get(&question.id)));
            }
        } else {
            out.push(with(None, a.answers.get(&question.id)));
        }
    }
    let known = |id: &str| q.is_some_and(|q| q.question(id).is_some());
    out.extend(
        a.answers
            .iter()
            .filter(|(id, _)| !known(id))
            .map(|(id, ans)| QuestionRow {
                question_id: id,
                answer: Some(ans),
                score: score_of(id).map(Cow::Borrowed),
                ..base.clone()
            }),
    );
    out
}

/// The questionnaire's rules one question is scored under.
#[derive(Clone, Copy)]
struct Rules<'r> {
    self_attested_factor: Option<f64>,
    excludable: bool,
    justification: Option<&'r crate::model::JustificationRule>,
}

/// The date evidence expiry and due dates are checked against: the scorecard's, else the
/// day the snapshot was taken.
fn as_of(ctx: &Context<'_>) -> Date {
    ctx.scorecard().map_or_else(
        || {
            TimeZone::UTC
                .to_datetime(ctx.snapshot.meta.created_at)
                .date()
        },
        |c| c.as_of,
    )
}

/// The score of `answer` as scoring would give it now (evidence rule, expiry, the reason),
/// keeping the stored score's applicability and weight. A stored score that contradicts the
/// answer (a scorecard older than the answers) is not used. Unscored types: the stored one.
fn effective<'a>(
    question: &Question,
    section: &Section,
    answer: &Answer,
    stored: Option<&'a QuestionScore>,
    as_of: Date,
    rules: Rules<'_>,
) -> Option<Cow<'a, QuestionScore>> {
    let applicable = stored.is_none_or(|s| s.status != NodeStatus::NotApplicable);
    let ctx = QuestionContext {
        as_of,
        weight: stored.map_or(question.weight, |s| s.weight),
        self_attested_factor: rules.self_attested_factor,
        excludable: rules.excludable,
        justification: rules.justification,
    };
    let id = stored.map_or_else(|| Arc::from(question.id.as_str()), |s| Arc::clone(&s.id));
    let sid = Arc::from(section.id.as_str());
    match score_question(question, id, sid, Some(answer), applicable, &ctx) {
        Some(fresh) if stored == Some(&fresh) => stored.map(Cow::Borrowed),
        Some(fresh) => Some(Cow::Owned(fresh)),
        None => stored.map(Cow::Borrowed),
    }
}

/// The gap scorecard's question scores, when `a` is a scored gap assessment (the main one or
/// a supplement).
fn gap_scores<'a>(ctx: &Context<'a>, a: &Assessment) -> &'a [QuestionScore] {
    ctx.scorecard()
        .and_then(|c| {
            c.gap
                .iter()
                .chain(&c.supplements)
                .find(|g| g.questionnaire == a.questionnaire)
        })
        .filter(|_| a.subject.is_none())
        .map_or(&[], |g| g.questions.as_slice())
}
