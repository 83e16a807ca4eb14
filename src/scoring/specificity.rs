//! Specificity checks on narrative answers, driven by `scoring.specificity` rule sets in the
//! questionnaire file (the most common Stage 2 finding is an AIIA too generic to test).
//!
//! A rule set flags an answer that is shorter than `min_length` characters (`too_short`);
//! that lacks one of the things listed in `requires` (a flag per missing check, with the
//! check's own message); and that uses a stock phrase without specifics (`stock_phrase`):
//! a stock phrase is flagged unless every `requires` check is satisfied. Matching is
//! case-insensitive substring matching.

use crate::model::rules::{SpecificityCheck, SpecificityRule};

/// One failed check: its id and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// `too_short`, `stock_phrase` or a `requires` check id.
    pub check: String,
    /// Why the answer was flagged.
    pub message: String,
}

/// Checks one answer against a rule set.
pub fn check_text(rule: &SpecificityRule, text: &str) -> Vec<Finding> {
    let lower = text.to_lowercase();
    let mut out = Vec::new();
    let len = text.trim().chars().count();
    if let Some(min) = rule.min_length
        && len < min as usize
    {
        out.push(Finding {
            check: "too_short".into(),
            message: format!(
                "too short to test: {len} characters, a specific answer has at least {min}"
            ),
        });
    }
    let missing: Vec<&SpecificityCheck> = rule
        .requires
        .iter()
        .filter(|c| !satisfies(c, text, &lower))
        .collect();
    if !missing.is_empty() {
        for p in rule.stock_phrases.iter().filter(|p| contains(&lower, p)) {
            out.push(Finding {
                check: "stock_phrase".into(),
                message: format!(
                    "uses the stock phrase \"{p}\" without specifics; say who, what, how much"
                ),
            });
        }
    } else if rule.requires.is_empty() {
        for p in rule.stock_phrases.iter().filter(|p| contains(&lower, p)) {
            out.push(Finding {
                check: "stock_phrase".into(),
                message: format!("uses the stock phrase \"{p}\"; replace it with specifics"),
            });
        }
    }
    out.extend(missing.into_iter().map(|c| Finding {
        check: c.id.clone(),
        message: c.message.clone(),
    }));
    out
}

fn contains(lower: &str, phrase: &str) -> bool {
    let p = phrase.trim();
    // Lower-case ASCII (the usual case) is its own lower case: no allocation.
    if p.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return !p.is_empty() && lower.contains(p);
    }
    let p = p.to_lowercase();
    !p.is_empty() && lower.contains(&p)
}

fn satisfies(check: &SpecificityCheck, text: &str, lower: &str) -> bool {
    (check.digits && text.chars().any(|c| c.is_ascii_digit()))
        || check.any_of.iter().any(|w| contains(lower, w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> SpecificityRule {
        SpecificityRule {
            min_length: Some(40),
            stock_phrases: vec!["potential bias".into(), "Appropriate controls".into()],
            requires: vec![
                SpecificityCheck {
                    id: "dataset".into(),
                    message: "names no data set".into(),
                    any_of: vec!["dataset".into(), "data set".into()],
                    digits: false,
                },
                SpecificityCheck {
                    id: "metric".into(),
                    message: "names no metric or number".into(),
                    any_of: vec!["rate".into()],
                    digits: true,
                },
            ],
        }
    }

    fn checks(text: &str) -> Vec<String> {
        check_text(&rule(), text)
            .into_iter()
            .map(|f| f.check)
            .collect()
    }

    #[test]
    fn short_generic_answer_gets_every_flag() {
        assert_eq!(
            checks("Potential bias; appropriate controls."),
            [
                "too_short",
                "stock_phrase",
                "stock_phrase",
                "dataset",
                "metric"
            ]
        );
        let f = check_text(&rule(), "Potential bias.");
        assert!(f[0].message.contains("15 characters") && f[0].message.contains("40"));
    }

    #[test]
    fn specific_answer_passes_even_with_a_stock_phrase() {
        let t = "Potential bias against applicants over 60 in the 2024 loans data set: \
                 false-negative rate 4.1% vs 2.3%.";
        assert!(checks(t).is_empty(), "{:?}", checks(t));
    }

    #[test]
    fn a_digit_satisfies_a_digits_check() {
        let t = "The credit data set shows a gap of 3 points between groups of applicants.";
        assert!(checks(t).is_empty());
    }
}
