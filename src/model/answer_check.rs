//! Answers checked against their questionnaire's rules before they are accepted into a
//! snapshot or a workspace: "Out of scope" only where the questionnaire allows exclusion,
//! with a justification that meets the questionnaire's rule. Pure: callers turn a problem's
//! JSON pointer into `file:line:col` (see `catalog::snapshot::check_answers`).

use super::{Answer, AnswerSpec, Assessment, Questionnaire, QuestionnaireIndex, Status, Value};
use crate::model::exclusion::justification_problem;

/// One refused answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerProblem {
    /// JSON pointer of the offending value, below `base` as given.
    pub pointer: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// The problems of an assessment's top-level answers; `base` is the assessment's pointer
/// (e.g. `/assessments/0`). Answers to questions the questionnaire does not have are left
/// to other checks.
pub fn check_assessment(q: &Questionnaire, a: &Assessment, base: &str) -> Vec<AnswerProblem> {
    let fixed = q.not_excludable();
    let index = QuestionnaireIndex::new(q);
    let mut out = Vec::new();
    for (id, answer) in &a.answers {
        let at = format!("{base}/answers/{}", pointer_escape(id));
        let spec = index.question(q, id).map(|x| &x.answer);
        let excludable = !fixed.contains(id.as_str());
        if let Some(p) = check_with(q, spec, id, answer, excludable, &at) {
            out.push(p);
        }
    }
    out
}

/// The problem of one answer, if any; `at` is the answer's pointer.
pub fn check_answer(
    q: &Questionnaire,
    id: &str,
    answer: &Answer,
    excludable: bool,
    at: &str,
) -> Option<AnswerProblem> {
    let spec = q.question(id).map(|x| &x.answer);
    check_with(q, spec, id, answer, excludable, at)
}

/// [`check_answer`] with the question's answer spec already found (`None`: no such
/// question).
fn check_with(
    q: &Questionnaire,
    spec: Option<&AnswerSpec>,
    id: &str,
    answer: &Answer,
    excludable: bool,
    at: &str,
) -> Option<AnswerProblem> {
    if let Some(spec) = spec
        && let Some(message) =
            exclusive_problem(spec, &answer.value).or_else(|| length_problem(spec, &answer.value))
    {
        return Some(AnswerProblem {
            pointer: format!("{at}/value"),
            message: format!("{id:?}: {message}"),
        });
    }
    if answer.value != Value::Status(Status::OutOfScope) {
        return None;
    }
    if !excludable {
        return Some(AnswerProblem {
            pointer: format!("{at}/value"),
            message: format!(
                "{id:?} is a requirement that cannot be excluded (only Annex A controls can): answer met, partial or gap"
            ),
        });
    }
    let rule = q.scoring.justification.as_ref();
    let problem = justification_problem(rule, answer.justification.as_deref())?;
    let field = if answer.justification.is_some() {
        "justification"
    } else {
        "value"
    };
    Some(AnswerProblem {
        pointer: format!("{at}/{field}"),
        message: format!("{id:?} is out of scope, but {problem}"),
    })
}

/// A text answer shorter than its question's `min_length`.
pub fn length_problem(spec: &AnswerSpec, value: &Value) -> Option<String> {
    let (
        AnswerSpec::Text {
            min_length: Some(min),
            ..
        },
        Value::Text(t),
    ) = (spec, value)
    else {
        return None;
    };
    let len = t.trim().chars().count();
    let min = usize::try_from(*min).unwrap_or(usize::MAX);
    (len < min).then(|| format!("the answer has {len} characters, fewer than the {min} required"))
}

/// A multi-choice answer that picks an exclusive option ("None") together with others.
pub fn exclusive_problem(spec: &AnswerSpec, value: &Value) -> Option<String> {
    let (AnswerSpec::MultiChoice { options, .. }, Value::MultiChoice(picked)) = (spec, value)
    else {
        return None;
    };
    let exclusive =
        (options.iter()).find(|o| o.exclusive && picked.contains(&o.value) && picked.len() > 1)?;
    Some(format!(
        "{:?} cannot be picked together with other options",
        exclusive.label
    ))
}

/// Parses a number as typed, refusing what could be read two ways: a comma (decimal or
/// thousands separator?), spaces or other group separators, and a dot followed by exactly
/// three digits after a non-zero whole part (`12.000`: twelve, or twelve thousand?).
pub fn parse_decimal(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let ambiguous = |why: &str| Err(format!("{t:?} is ambiguous: {why}"));
    if t.contains(',') {
        return ambiguous("use a dot for decimals and no thousands separators (12.5, 12000)");
    }
    if t.contains(|c: char| c.is_whitespace() || c == '_' || c == '\'') {
        return ambiguous("write the digits without separators (12000)");
    }
    let unsigned = t.trim_start_matches(['+', '-']);
    if let Some((whole, frac)) = unsigned.split_once('.')
        && frac.len() == 3
        && frac.bytes().all(|b| b.is_ascii_digit())
        && whole.bytes().all(|b| b.is_ascii_digit())
        && !whole.trim_start_matches('0').is_empty()
    {
        return ambiguous(&format!(
            "a dot before three digits may be a thousands separator: write {whole} or {whole}{frac}, or add a digit ({unsigned}0)"
        ));
    }
    let n: f64 = t
        .parse()
        .map_err(|_| format!("{t:?} is not a number: write digits, e.g. 12 or 3.5"))?;
    if n.is_finite() {
        Ok(n)
    } else {
        Err("the number must be finite".into())
    }
}

/// Escapes a key for a JSON pointer (`~` → `~0`, `/` → `~1`).
pub fn pointer_escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn questionnaire() -> Questionnaire {
        serde_json::from_value(serde_json::json!({
            "id": "t", "version": "1.0.0", "title": "T", "kind": "gap", "description": "",
            "sections": [
                {"id": "c4", "ref": "4", "title": "Context", "excludable": false, "questions": [
                    {"id": "c4.q", "prompt": "?", "help": "", "answer": {"type": "status"}}]},
                {"id": "a2", "ref": "A.2", "title": "Policies", "excludable": true, "questions": [
                    {"id": "a2.q", "prompt": "?", "help": "", "answer": {"type": "status"}}]}
            ]
        }))
        .expect("questionnaire")
    }

    fn oos(justification: Option<&str>) -> Answer {
        let mut a = Answer::new(Value::Status(Status::OutOfScope));
        a.justification = justification.map(str::to_string);
        a
    }

    #[test]
    fn a_text_answer_below_min_length_is_refused() {
        let spec: AnswerSpec =
            serde_json::from_value(serde_json::json!({"type": "text", "min_length": 20}))
                .expect("spec");
        let text = |t: &str| Value::Text(t.into());
        let p = length_problem(&spec, &text("Epic")).unwrap_or_default();
        assert!(p.contains("4 characters, fewer than the 20"), "{p}");
        assert_eq!(
            length_problem(&spec, &text("Twenty characters or more")),
            None
        );
    }

    #[test]
    fn numbers_that_read_two_ways_are_refused() {
        assert_eq!(parse_decimal(" 12 "), Ok(12.0));
        assert_eq!(parse_decimal("3.5"), Ok(3.5));
        assert_eq!(parse_decimal("0.125"), Ok(0.125));
        assert_eq!(parse_decimal("12.0000"), Ok(12.0));
        assert_eq!(parse_decimal("-4.25"), Ok(-4.25));
        for bad in [
            "12.000", "1.500", "12,5", "12 000", "1_000", "1'000", "-12.000",
        ] {
            let e = parse_decimal(bad).expect_err(bad);
            assert!(e.contains("ambiguous"), "{bad}: {e}");
        }
        assert!(parse_decimal("x").is_err());
        assert!(parse_decimal("inf").is_err());
    }

    #[test]
    fn an_exclusive_option_cannot_be_combined() {
        let spec: AnswerSpec = serde_json::from_value(serde_json::json!({
            "type": "multi_choice", "options": [
                {"value": "a", "label": "A", "score": 1.0},
                {"value": "none", "label": "None", "score": 0.0, "exclusive": true}]
        }))
        .expect("spec");
        let pick = |v: &[&str]| Value::MultiChoice(v.iter().map(|s| s.to_string()).collect());
        assert!(
            exclusive_problem(&spec, &pick(&["a", "none"])).is_some_and(|m| m.contains("None"))
        );
        assert_eq!(exclusive_problem(&spec, &pick(&["none"])), None);
        assert_eq!(exclusive_problem(&spec, &pick(&["a"])), None);
    }

    #[test]
    fn a_clause_out_of_scope_is_refused_with_the_values_pointer() {
        let q = questionnaire();
        let mut a = Assessment::new("t", None);
        let why = "Justified at length, with a reason";
        a.answers.insert("c4.q".into(), oos(Some(why)));
        let p = check_assessment(&q, &a, "/assessments/0");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].pointer, "/assessments/0/answers/c4.q/value");
        assert!(
            p[0].message.contains("cannot be excluded"),
            "{}",
            p[0].message
        );
    }

    #[test]
    fn a_control_out_of_scope_needs_an_adequate_justification() {
        let q = questionnaire();
        let mut a = Assessment::new("t", None);
        a.answers.insert("a2.q".into(), oos(Some("n/a")));
        let p = check_assessment(&q, &a, "");
        assert_eq!(p[0].pointer, "/answers/a2.q/justification");
        assert!(p[0].message.contains("stock phrase"));
        a.answers.insert("a2.q".into(), oos(None));
        assert_eq!(
            check_assessment(&q, &a, "")[0].pointer,
            "/answers/a2.q/value"
        );
        let good = "We build no AI in-house: every model is bought";
        a.answers.insert("a2.q".into(), oos(Some(good)));
        assert!(check_assessment(&q, &a, "").is_empty());
    }
}
