//! AI system impact assessments compared as an auditor reads them: the risk exposure (the
//! highest residual likelihood × severity) apart from the quality of the assessment
//! (completeness, sign-off, specificity findings). Disclosing more — naming vulnerable
//! groups, classing a system high-risk, deciding not to deploy — is not a regression; only
//! a rise in residual risk or a fall in quality is. The per-answer changes of an AIIA are
//! therefore reported as changes, never as regressions by option score (see
//! [`super::answers`]).

use std::collections::{HashMap, HashSet};

use super::types::{AiiaChange, Direction};
use crate::scoring::{AiiaScore, Scorecard};

/// The highest residual product of an AIIA's impacts (inherent where no residual was
/// rated); none without rated impacts.
pub fn max_residual(a: &AiiaScore) -> Option<i64> {
    (a.impacts.iter())
        .filter_map(|i| i.residual.as_ref().or(i.inherent.as_ref()))
        .map(|r| r.product)
        .max()
}

/// The questionnaire ids the two scorecards score as AIIAs.
pub fn aiia_questionnaires<'a>(
    old: Option<&'a Scorecard>,
    new: Option<&'a Scorecard>,
) -> HashSet<&'a str> {
    (old.into_iter().chain(new))
        .flat_map(|c| c.aiias.iter().map(|a| a.questionnaire.as_str()))
        .collect()
}

/// Every AIIA scored in both snapshots whose exposure or quality moved, regressions first.
pub fn diff(old: Option<&Scorecard>, new: Option<&Scorecard>) -> Vec<AiiaChange> {
    let (Some(old), Some(new)) = (old, new) else {
        return Vec::new();
    };
    let before: HashMap<(&str, &str), &AiiaScore> = (old.aiias.iter())
        .map(|a| ((a.questionnaire.as_str(), a.subject.as_str()), a))
        .collect();
    let mut out: Vec<AiiaChange> = (new.aiias.iter())
        .filter_map(|n| {
            let o = before.get(&(n.questionnaire.as_str(), n.subject.as_str()))?;
            compare(o, n)
        })
        .collect();
    out.sort_by_key(|c| !c.direction.is_worse());
    out
}

/// The change between two scores of one AIIA, if its exposure or quality moved.
fn compare(o: &AiiaScore, n: &AiiaScore) -> Option<AiiaChange> {
    let mut worse = Vec::new();
    let mut better = Vec::new();
    let (ro, rn) = (max_residual(o), max_residual(n));
    match (ro, rn) {
        (Some(a), Some(b)) if b > a => worse.push(format!("residual risk rose from {a} to {b}")),
        (None, Some(b)) => worse.push(format!("residual risk {b} where none was rated")),
        (Some(a), Some(b)) if b < a => better.push(format!("residual risk fell from {a} to {b}")),
        _ => {}
    }
    let (co, cn) = (o.completeness, n.completeness);
    if cn + 1e-9 < co {
        worse.push(format!("completeness fell from {} to {}", pct(co), pct(cn)));
    } else if cn > co + 1e-9 {
        better.push(format!("completeness rose from {} to {}", pct(co), pct(cn)));
    }
    match (o.signed_off, n.signed_off) {
        (true, false) => worse.push("sign-off lost".into()),
        (false, true) => better.push("signed off".into()),
        _ => {}
    }
    let (so, sn) = (o.specificity.len(), n.specificity.len());
    if sn > so {
        worse.push(format!("specificity findings rose from {so} to {sn}"));
    } else if sn < so {
        better.push(format!("specificity findings fell from {so} to {sn}"));
    }
    let direction = if !worse.is_empty() {
        Direction::Regressed
    } else if !better.is_empty() {
        Direction::Improved
    } else if o.overall_level != n.overall_level || o.impacts.len() != n.impacts.len() {
        Direction::Changed
    } else {
        return None;
    };
    Some(AiiaChange {
        questionnaire: n.questionnaire.clone(),
        subject: n.subject.clone(),
        direction,
        residual_old: ro,
        residual_new: rn,
        level_old: o.overall_level.clone(),
        level_new: n.overall_level.clone(),
        reasons: worse.into_iter().chain(better).collect(),
    })
}

fn pct(x: f64) -> String {
    crate::report::escape::pct(x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::{ImpactScore, RiskScore};

    fn aiia(residual: i64, completeness: f64, signed_off: bool) -> AiiaScore {
        let risk = |p: i64| RiskScore {
            likelihood: 1,
            severity: p,
            product: p,
            level: if p > 9 {
                "high".into()
            } else {
                "medium".into()
            },
        };
        AiiaScore {
            subject: "triage".into(),
            questionnaire: "aiia".into(),
            impacts: vec![ImpactScore {
                entry: "e1".into(),
                label: "x".into(),
                inherent: Some(risk(20)),
                residual: Some(risk(residual)),
            }],
            overall_level: Some(risk(residual).level),
            matrix_inherent: Vec::new(),
            matrix_residual: Vec::new(),
            completeness,
            missing: Vec::new(),
            signed_off,
            next_review: None,
            review_overdue: false,
            specificity: Vec::new(),
            consistency: Vec::new(),
            exposure: None,
        }
    }

    fn one(o: AiiaScore, n: AiiaScore) -> Option<AiiaChange> {
        compare(&o, &n)
    }

    #[test]
    fn residual_rising_or_quality_falling_is_a_regression() {
        let c = one(aiia(6, 1.0, true), aiia(12, 1.0, true)).expect("change");
        assert_eq!(c.direction, Direction::Regressed);
        assert_eq!(c.reasons, ["residual risk rose from 6 to 12"]);
        let c = one(aiia(6, 1.0, true), aiia(6, 0.8, false)).expect("change");
        assert_eq!(c.direction, Direction::Regressed);
        assert_eq!(c.reasons.len(), 2, "{:?}", c.reasons);
    }

    #[test]
    fn lower_residual_and_better_quality_improve_and_no_move_is_no_change() {
        let c = one(aiia(12, 0.8, false), aiia(6, 1.0, true)).expect("change");
        assert_eq!(c.direction, Direction::Improved);
        assert!(one(aiia(6, 1.0, true), aiia(6, 1.0, true)).is_none());
    }
}
