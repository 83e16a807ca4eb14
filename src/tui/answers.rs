//! Answer helpers the wizard and its views share: picker options per answer type, the
//! status mark shown in the tree, a one-line description of a value, input validation,
//! and where an answer lives in an assessment (top level or inside a repeatable entry).

use jiff::civil::Date;

use super::outline::Row;
use crate::model::{
    Answer, AnswerSpec, Assessment, Question, Questionnaire, QuestionnaireIndex, Status, Value,
    YesNo,
};
use crate::scoring::question::{QuestionContext, score_question};
use crate::scoring::{NodeStatus, QuestionScore};

/// One option of a picker.
#[derive(Debug, Clone, PartialEq)]
pub struct PickOption {
    /// Label shown.
    pub label: String,
    /// One-line explanation, if any.
    pub detail: Option<String>,
    /// What choosing it stores (for multi choice: the option's value as a choice).
    pub value: Value,
}

fn opt(label: impl Into<String>, detail: Option<String>, value: Value) -> PickOption {
    PickOption {
        label: label.into(),
        detail,
        value,
    }
}

/// The options a picker shows; empty for answer types edited as text or as a grid.
pub fn options(spec: &AnswerSpec) -> Vec<PickOption> {
    match spec {
        AnswerSpec::Status => Status::ALL
            .iter()
            .map(|s| opt(s.label(), None, Value::Status(*s)))
            .collect(),
        AnswerSpec::YesNo { .. } => [
            ("Yes", YesNo::Yes),
            ("No", YesNo::No),
            ("Unknown", YesNo::Unknown),
        ]
        .into_iter()
        .map(|(l, v)| opt(l, None, Value::YesNo(v)))
        .collect(),
        AnswerSpec::Choice { options } | AnswerSpec::MultiChoice { options, .. } => options
            .iter()
            .map(|o| {
                opt(
                    o.label.clone(),
                    o.description.clone(),
                    Value::Choice(o.value.clone()),
                )
            })
            .collect(),
        AnswerSpec::Scale { levels } => levels
            .iter()
            .map(|l| {
                opt(
                    format!("{} {}", l.value, l.label),
                    l.description.clone(),
                    Value::Scale(l.value),
                )
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether one pick commits the answer (status, yes/no, choice, scale).
pub fn single_pick(spec: &AnswerSpec) -> bool {
    matches!(
        spec,
        AnswerSpec::Status
            | AnswerSpec::YesNo { .. }
            | AnswerSpec::Choice { .. }
            | AnswerSpec::Scale { .. }
    )
}

/// Whether the answer is typed in an editor (text, date, number).
pub fn typed(spec: &AnswerSpec) -> bool {
    matches!(
        spec,
        AnswerSpec::Text { .. } | AnswerSpec::Date | AnswerSpec::Number { .. }
    )
}

/// The options the picker offers for a question: [`options`] without "Out of scope" when
/// the question may not be excluded.
pub fn offered(spec: &AnswerSpec, excludable: bool) -> Vec<PickOption> {
    let mut out = options(spec);
    if !excludable {
        out.retain(|o| o.value != Value::Status(Status::OutOfScope));
    }
    out
}

/// Index of the stored value among the offered options (0 when it is not one of them).
pub fn picked_index(offered: &[PickOption], answer: Option<&Answer>) -> usize {
    let Some(a) = answer else { return 0 };
    offered.iter().position(|o| o.value == a.value).unwrap_or(0)
}

/// The mark in the tree: a letter in brackets, so nothing relies on colour.
pub fn mark(answer: Option<&Answer>, applicable: bool) -> &'static str {
    if !applicable {
        return "n/a";
    }
    match answer.map(|a| &a.value) {
        None => "[ ]",
        Some(Value::Status(Status::Met)) => "[M]",
        Some(Value::Status(Status::Partial)) => "[P]",
        Some(Value::Status(Status::Gap)) => "[G]",
        Some(Value::Status(Status::OutOfScope)) => "[X]",
        Some(Value::YesNo(YesNo::Yes)) => "[Y]",
        Some(Value::YesNo(YesNo::No)) => "[N]",
        Some(Value::YesNo(YesNo::Unknown)) => "[?]",
        Some(_) => "[*]",
    }
}

/// What an answer counts as on `as_of` under the questionnaire's rules (the evidence rule,
/// exclusions), as the heatmap and the reports count it; `None` for unscored types and
/// unanswered questions.
pub fn effective(
    q: &Questionnaire,
    index: &QuestionnaireIndex,
    question: &Question,
    answer: Option<&Answer>,
    as_of: Date,
) -> Option<QuestionScore> {
    let a = answer?;
    // Exclusion matters only to an "Out of scope" answer.
    let excludable =
        a.value != Value::Status(Status::OutOfScope) || index.excludable(q, &question.id);
    let ctx = QuestionContext {
        as_of,
        weight: 1.0,
        self_attested_factor: None,
        excludable,
        justification: q.scoring.justification.as_ref(),
    };
    let id = question.id.as_str().into();
    score_question(question, id, "".into(), Some(a), true, &ctx)
}

/// Why an answer counts as something else than it says (Met without the required evidence
/// counts as Partial, a requirement answered Out of scope as Gap), or why its exclusion is
/// not justified, if so.
pub fn effective_reason(
    q: &Questionnaire,
    index: &QuestionnaireIndex,
    question: &Question,
    answer: Option<&Answer>,
    as_of: Date,
) -> Option<String> {
    effective(q, index, question, answer, as_of).and_then(|s| s.reason)
}

/// The tree mark of what an answer counts as: [`mark`], except that an answer the evidence
/// rule demotes shows `[P]` and an exclusion that is not allowed `[G]`, as the heatmap
/// counts them.
pub fn effective_mark(
    q: &Questionnaire,
    index: &QuestionnaireIndex,
    question: &Question,
    answer: Option<&Answer>,
    applicable: bool,
    as_of: Date,
) -> &'static str {
    if !applicable {
        return mark(answer, applicable);
    }
    match effective(q, index, question, answer, as_of) {
        Some(s) if s.reason.is_some() && s.status == NodeStatus::Partial => "[P]",
        Some(s) if s.reason.is_some() && s.status == NodeStatus::Gap => "[G]",
        _ => mark(answer, applicable),
    }
}

/// Toggles option `v` in a multi-choice draft, keeping exclusive options ("None") alone:
/// picking one clears the others, picking another clears it.
pub fn toggle_multi(spec: &AnswerSpec, multi: &mut Vec<String>, v: String) {
    if let Some(p) = multi.iter().position(|x| *x == v) {
        multi.remove(p);
        return;
    }
    let exclusive = |value: &str| match spec {
        AnswerSpec::MultiChoice { options, .. } => {
            options.iter().any(|o| o.exclusive && o.value == value)
        }
        _ => false,
    };
    if exclusive(&v) {
        multi.clear();
    } else {
        multi.retain(|x| !exclusive(x));
    }
    multi.push(v);
}

/// Whether an answer counts as a gap for the "gaps" filter.
pub fn is_gap(a: &Answer) -> bool {
    matches!(
        a.value,
        Value::Status(Status::Gap | Status::Partial) | Value::YesNo(YesNo::No | YesNo::Unknown)
    )
}

/// One-line text of a value, with option labels instead of stored values.
pub fn describe(q: &Questionnaire, spec: &AnswerSpec, value: &Value) -> String {
    let label = |v: &str| match spec {
        AnswerSpec::Choice { options } | AnswerSpec::MultiChoice { options, .. } => options
            .iter()
            .find(|o| o.value == v)
            .map_or_else(|| v.to_string(), |o| o.label.clone()),
        _ => v.to_string(),
    };
    match (value, spec) {
        (Value::Status(s), _) => s.label().to_string(),
        (Value::YesNo(y), _) => y.as_str().to_string(),
        (Value::Choice(c), _) => label(c),
        (Value::MultiChoice(cs), _) => cs.iter().map(|c| label(c)).collect::<Vec<_>>().join(", "),
        (Value::Scale(n), AnswerSpec::Scale { levels }) => levels
            .iter()
            .find(|l| l.value == *n)
            .map_or_else(|| n.to_string(), |l| format!("{n} {}", l.label)),
        (
            Value::LikelihoodSeverity(r),
            AnswerSpec::LikelihoodSeverity {
                likelihood,
                severity,
            },
        ) => {
            let lab = |scale: &str, v: i64| {
                q.scales
                    .get(scale)
                    .and_then(|s| s.levels.iter().find(|l| l.value == v))
                    .map_or_else(|| v.to_string(), |l| format!("{v} {}", l.label))
            };
            format!(
                "likelihood {} × severity {}",
                lab(likelihood, r.likelihood),
                lab(severity, r.severity)
            )
        }
        (Value::Number(n), AnswerSpec::Number { unit: Some(u), .. }) => format!("{n} {u}"),
        (v, _) => v.condition_values().join(", "),
    }
}

/// Parses a `YYYY-MM-DD` date.
pub fn parse_date(s: &str) -> Result<Date, String> {
    s.trim().parse::<Date>().map_err(|_| {
        format!(
            "\"{}\" is not a date: write it as YYYY-MM-DD, e.g. 2025-06-30",
            s.trim()
        )
    })
}

/// Parses a number and checks it against optional bounds.
pub fn parse_number(s: &str, min: Option<f64>, max: Option<f64>) -> Result<f64, String> {
    let n = crate::model::answer_check::parse_decimal(s)?;
    if let Some(lo) = min.filter(|lo| n < *lo) {
        return Err(format!("{n} is below the minimum {lo}"));
    }
    if let Some(hi) = max.filter(|hi| n > *hi) {
        return Err(format!("{n} is above the maximum {hi}"));
    }
    Ok(n)
}

/// The answer a row holds in an assessment.
pub fn answer_of<'a>(a: &'a Assessment, row: &Row) -> Option<&'a Answer> {
    let q = row.question()?;
    match &row.entry {
        None => a.answers.get(q),
        Some((sec, id)) => a
            .entries
            .get(sec)?
            .iter()
            .find(|e| &e.id == id)?
            .answers
            .get(q),
    }
}

/// The answer map a row's answer belongs in (`None` if its entry is gone).
pub fn answers_mut<'a>(
    a: &'a mut Assessment,
    row: &Row,
) -> Option<&'a mut std::collections::BTreeMap<String, Answer>> {
    match &row.entry {
        None => Some(&mut a.answers),
        Some((sec, id)) => a
            .entries
            .get_mut(sec)?
            .iter_mut()
            .find(|e| &e.id == id)
            .map(|e| &mut e.answers),
    }
}

/// One line for an answer in a conflict or the history: its value, or "(no answer)".
pub fn answer_line(a: Option<&Answer>) -> String {
    match a {
        None => "(no answer)".into(),
        Some(a) => {
            let mut s = crate::report::rows::value_text(&a.value);
            if !a.note.is_empty() {
                s.push_str(" · note: ");
                s.push_str(&a.note);
            }
            crate::sanitize::line(&s)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_dates_and_bounded_numbers() {
        assert!(parse_date("2025-02-30").is_err());
        assert_eq!(
            parse_date(" 2025-06-30 ").map(|d| d.to_string()),
            Ok("2025-06-30".into())
        );
        assert_eq!(parse_number("5", Some(0.0), Some(10.0)), Ok(5.0));
        assert!(
            parse_number("11", None, Some(10.0))
                .unwrap_err()
                .contains("maximum")
        );
        assert!(
            parse_number("x", None, None)
                .unwrap_err()
                .contains("not a number")
        );
    }

    #[test]
    fn out_of_scope_is_offered_only_where_exclusion_is_allowed() {
        let all = offered(&AnswerSpec::Status, true);
        let fixed = offered(&AnswerSpec::Status, false);
        assert_eq!(all.len(), 4);
        assert_eq!(fixed.len(), 3);
        assert!(
            fixed
                .iter()
                .all(|o| o.value != Value::Status(Status::OutOfScope))
        );
        let oos = Answer::new(Value::Status(Status::OutOfScope));
        assert_eq!(picked_index(&all, Some(&oos)), 3);
        assert_eq!(picked_index(&fixed, Some(&oos)), 0);
    }

    #[test]
    fn none_clears_the_others_and_another_option_clears_none() {
        let spec: AnswerSpec = serde_json::from_value(serde_json::json!({
            "type": "multi_choice", "options": [
                {"value": "a", "label": "A", "score": 0.5},
                {"value": "b", "label": "B", "score": 0.5},
                {"value": "none", "label": "None", "score": 0.0, "exclusive": true}]
        }))
        .expect("spec");
        let mut m = Vec::new();
        toggle_multi(&spec, &mut m, "a".into());
        toggle_multi(&spec, &mut m, "b".into());
        assert_eq!(m, ["a", "b"]);
        toggle_multi(&spec, &mut m, "none".into());
        assert_eq!(m, ["none"]);
        toggle_multi(&spec, &mut m, "a".into());
        assert_eq!(m, ["a"]);
        toggle_multi(&spec, &mut m, "a".into());
        assert!(m.is_empty());
    }

    #[test]
    fn marks_are_letters() {
        assert_eq!(mark(None, false), "n/a");
        assert_eq!(mark(None, true), "[ ]");
        let a = Answer::new(Value::Status(Status::Gap));
        assert_eq!(mark(Some(&a), true), "[G]");
    }

    #[test]
    fn met_without_required_evidence_shows_as_partial_with_the_reason() {
        let mut qn: Questionnaire = serde_json::from_value(serde_json::json!({
            "id": "t", "version": "1.0.0", "title": "T", "kind": "gap", "description": "",
            "sections": [{"id": "c4", "title": "Context", "excludable": false, "questions": [
                {"id": "q", "prompt": "Is it done?", "help": "", "weight": 1,
                 "required": true, "evidence_required": true, "answer": {"type": "status"}}
            ]}]
        }))
        .expect("questionnaire");
        let mut q = qn.question("q").expect("q").clone();
        let day = jiff::civil::date(2026, 1, 1);
        // Indexed afresh each time: the test changes the questionnaire on the way.
        let mark_of = |qn: &Questionnaire, q: &Question, a: Option<&Answer>, applicable| {
            effective_mark(qn, &QuestionnaireIndex::new(qn), q, a, applicable, day)
        };
        let reason_of = |qn: &Questionnaire, q: &Question, a: &Answer| {
            effective_reason(qn, &QuestionnaireIndex::new(qn), q, Some(a), day)
        };
        let met = Answer::new(Value::Status(Status::Met));
        assert_eq!(mark(Some(&met), true), "[M]");
        assert_eq!(mark_of(&qn, &q, Some(&met), true), "[P]");
        let why = reason_of(&qn, &q, &met).expect("reason");
        assert!(why.contains("without the required evidence"), "{why}");
        // Expired evidence counts as missing.
        let mut old = met.clone();
        old.evidence.push(crate::model::Evidence {
            reference: "DOC-1".into(),
            date: None,
            expires: Some(jiff::civil::date(2025, 12, 31)),
        });
        assert_eq!(mark_of(&qn, &q, Some(&old), true), "[P]");
        assert!(reason_of(&qn, &q, &old).is_some_and(|r| r.contains("expired")));
        // Valid evidence, or no evidence rule: Met as answered.
        old.evidence[0].expires = None;
        assert_eq!(mark_of(&qn, &q, Some(&old), true), "[M]");
        q.evidence_required = false;
        assert_eq!(mark_of(&qn, &q, Some(&met), true), "[M]");
        assert_eq!(mark_of(&qn, &q, Some(&met), false), "n/a");
        // A requirement answered Out of scope shows as the Gap it counts as.
        let oos = Answer::new(Value::Status(Status::OutOfScope));
        assert_eq!(mark_of(&qn, &q, Some(&oos), true), "[G]");
        qn.sections[0].excludable = Some(true);
        assert_eq!(mark_of(&qn, &q, Some(&oos), true), "[X]");
    }
}
