//! Exclusions: which questions may be answered "Out of scope" (ISO/IEC 42001 allows the
//! exclusion of Annex A controls with a justification in the Statement of Applicability,
//! never of the requirement clauses 4–10), and what a justification must be. Both are data:
//! `excludable` on sections and questions, `scoring.justification` in the questionnaire.

use crate::model::JustificationRule;

/// Built-in minimum length of a justification, when the questionnaire sets no rule.
pub const DEFAULT_MIN_LENGTH: u32 = 20;

/// Built-in stock phrases, when the questionnaire sets no rule.
pub const DEFAULT_STOCK_PHRASES: &[&str] = &[
    "n/a",
    "na",
    "none",
    "nothing",
    "not applicable",
    "not relevant",
    "not in scope",
    "out of scope",
    "does not apply",
    "no",
    "tbd",
    "to be decided",
    "see above",
    "as above",
    "see policy",
];

/// Lower-case letters only, words separated by one space: `"N/A."` → `"n a"`, `"Not
/// applicable (2025)"` → `"not applicable"`.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// What is wrong with a justification, if anything: missing, shorter than the minimum, or
/// nothing but a stock phrase (whatever punctuation, digits or case surround it). Without a
/// rule, the built-in one applies.
pub fn justification_problem(
    rule: Option<&JustificationRule>,
    text: Option<&str>,
) -> Option<String> {
    let text = text.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return Some("no justification".into());
    }
    let (min, phrases): (u32, Vec<&str>) = match rule {
        Some(r) => (
            r.min_length,
            r.stock_phrases.iter().map(String::as_str).collect(),
        ),
        None => (DEFAULT_MIN_LENGTH, DEFAULT_STOCK_PHRASES.to_vec()),
    };
    let norm = normalize(text);
    if let Some(p) = phrases.iter().find(|p| normalize(p) == norm) {
        return Some(format!(
            "the justification {p:?} is a stock phrase: say why the control does not apply"
        ));
    }
    let len = text.chars().count();
    let min = usize::try_from(min).unwrap_or(usize::MAX);
    (len < min).then(|| {
        format!(
            "the justification has {len} characters, fewer than the {min} required: say why the control does not apply"
        )
    })
}

/// The reason an "Out of scope" answer to a question that may not be excluded counts as a Gap.
pub const NOT_EXCLUDABLE: &str =
    "this requirement cannot be excluded (only Annex A controls can): Out of scope counts as Gap";

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> Option<String> {
        justification_problem(None, Some(text))
    }

    #[test]
    fn n_a_and_its_variants_are_stock_phrases() {
        for t in [
            "n/a",
            "N/A.",
            " NA ",
            "Not applicable",
            "not applicable (2025)",
            "TBD!",
        ] {
            let p = problem(t).unwrap_or_default();
            assert!(p.contains("stock phrase"), "{t}: {p}");
        }
    }

    #[test]
    fn short_justifications_fail_and_specific_ones_pass() {
        assert!(problem("Epic").is_some_and(|p| p.contains("4 characters")));
        assert_eq!(problem(""), Some("no justification".into()));
        assert!(justification_problem(None, None).is_some());
        let ok = "We build no AI systems in-house; every model is bought (see A.10.3).";
        assert_eq!(problem(ok), None);
    }

    #[test]
    fn the_questionnaire_rule_replaces_the_built_in_one() {
        let rule = JustificationRule {
            min_length: 3,
            stock_phrases: vec!["nope".into()],
        };
        assert_eq!(justification_problem(Some(&rule), Some("n/a")), None);
        assert!(justification_problem(Some(&rule), Some("Nope.")).is_some());
        assert!(justification_problem(Some(&rule), Some("ab")).is_some());
    }
}
