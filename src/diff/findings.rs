//! The audit findings register compared: raised, closed, still open, overdue, dropped,
//! regraded, and closed findings whose clause has regressed since (repeat nonconformity).

use std::collections::HashMap;

use jiff::civil::Date;

use super::Questionnaires;
use super::types::{AnswerChange, FindingChanges, FindingRef, NodeChange, Regraded, RepeatRisk};
use crate::model::{Finding, FindingStatus, Snapshot};

/// Compares the registers. `nodes` and `answers` are the snapshot's node and answer
/// changes, used to spot closed findings whose clause or control has regressed.
pub fn diff(
    old: &Snapshot,
    new: &Snapshot,
    nodes: &[NodeChange],
    answers: &[AnswerChange],
    qs: &Questionnaires<'_>,
) -> FindingChanges {
    let as_of = as_of(new);
    let before: HashMap<&str, &Finding> = old.findings.iter().map(|f| (f.id.as_str(), f)).collect();
    let mut out = FindingChanges::default();
    for f in &new.findings {
        let prior = before.get(f.id.as_str());
        let closed = f.status == FindingStatus::Closed;
        match prior {
            None if closed => out.closed.push(brief(f)),
            None => out.raised.push(brief(f)),
            Some(p) if closed && p.status != FindingStatus::Closed => out.closed.push(brief(f)),
            Some(_) if !closed => out.still_open.push(brief(f)),
            Some(_) => {}
        }
        if let Some(p) = prior.filter(|p| p.grade != f.grade) {
            out.regraded.push(Regraded {
                id: f.id.clone(),
                old: p.grade,
                new: f.grade,
            });
        }
        if !closed && due(f).is_some_and(|d| d < as_of) {
            out.overdue.push(brief(f));
        }
        if closed {
            let regressed = regressed_under(&f.reference, nodes, answers, qs);
            if !regressed.is_empty() {
                out.repeat_risk.push(RepeatRisk {
                    finding: brief(f),
                    regressed,
                });
            }
        }
    }
    out.dropped = old
        .findings
        .iter()
        .filter(|o| o.status != FindingStatus::Closed)
        .filter(|o| !new.findings.iter().any(|n| n.id == o.id))
        .map(brief)
        .collect();
    out
}

/// The date overdue checks use: the new scorecard's `as_of`, else the snapshot's date.
pub fn as_of(s: &Snapshot) -> Date {
    s.scorecard.as_ref().map(|c| c.as_of).unwrap_or_else(|| {
        jiff::tz::TimeZone::UTC
            .to_datetime(s.meta.created_at)
            .date()
    })
}

fn due(f: &Finding) -> Option<Date> {
    f.corrective_action.as_ref().and_then(|c| c.due)
}

fn brief(f: &Finding) -> FindingRef {
    FindingRef {
        id: f.id.clone(),
        grade: f.grade,
        reference: f.reference.clone(),
        audit: f.audit.clone(),
        status: f.status,
        due: due(f),
    }
}

/// Whether `reference` is `finding` or lies under it (`6.1.2` under `6.1`).
pub fn under(reference: &str, finding: &str) -> bool {
    reference == finding
        || reference
            .strip_prefix(finding)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// What regressed under a clause or control: node ids, and `questionnaire:question` for
/// regressed answers whose section (or an ancestor) carries the reference.
fn regressed_under(
    reference: &str,
    nodes: &[NodeChange],
    answers: &[AnswerChange],
    qs: &Questionnaires<'_>,
) -> Vec<String> {
    let mut out: Vec<String> = nodes
        .iter()
        .filter(|n| n.direction.is_worse())
        .filter(|n| n.reference.as_deref().is_some_and(|r| under(r, reference)))
        .map(|n| n.id.clone())
        .collect();
    for a in answers.iter().filter(|a| a.direction.is_worse()) {
        let refs = qs.question_refs(&a.questionnaire, &a.question);
        if refs.iter().any(|r| under(r, reference)) {
            out.push(format!("{}:{}", a.questionnaire, a.question));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::diff::tests::{empty_snapshot, finding};
    use crate::diff::types::Direction;
    use crate::model::FindingGrade;

    #[test]
    fn raised_closed_still_open_overdue_dropped_regraded() {
        let mut old = empty_snapshot("2025-03-01T00:00:00Z");
        let mut new = empty_snapshot("2026-03-01T00:00:00Z");
        old.findings = vec![
            finding("F1", FindingGrade::Minor, "6.1", FindingStatus::Open, None),
            finding(
                "F2",
                FindingGrade::Observation,
                "7.2",
                FindingStatus::Open,
                None,
            ),
            finding("F3", FindingGrade::Minor, "8.4", FindingStatus::Open, None),
        ];
        new.findings = vec![
            finding(
                "F1",
                FindingGrade::Minor,
                "6.1",
                FindingStatus::Closed,
                None,
            ),
            finding(
                "F2",
                FindingGrade::Minor,
                "7.2",
                FindingStatus::InProgress,
                Some(date(2026, 1, 31)),
            ),
            finding(
                "F4",
                FindingGrade::Major,
                "A.6.2.4",
                FindingStatus::Open,
                None,
            ),
        ];
        let d = diff(&old, &new, &[], &[], &Questionnaires::default());
        let ids = |v: &[FindingRef]| v.iter().map(|f| f.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&d.raised), ["F4"]);
        assert_eq!(ids(&d.closed), ["F1"]);
        assert_eq!(ids(&d.still_open), ["F2"]);
        assert_eq!(ids(&d.overdue), ["F2"]);
        assert_eq!(d.overdue[0].due, Some(date(2026, 1, 31)));
        assert_eq!(ids(&d.dropped), ["F3"]);
        assert_eq!(
            d.regraded,
            vec![Regraded {
                id: "F2".into(),
                old: FindingGrade::Observation,
                new: FindingGrade::Minor
            }]
        );
        assert!(d.repeat_risk.is_empty());
    }

    #[test]
    fn a_closed_finding_whose_control_regressed_is_a_repeat_risk() {
        let mut new = empty_snapshot("2026-03-01T00:00:00Z");
        new.findings = vec![finding(
            "F1",
            FindingGrade::Minor,
            "6.1",
            FindingStatus::Closed,
            None,
        )];
        let regressed = NodeChange {
            id: "c6.1.2".into(),
            reference: Some("6.1.2".into()),
            title: "Risk assessment".into(),
            parent: Some("c6".into()),
            old_status: None,
            new_status: None,
            old_score: Some(1.0),
            new_score: Some(0.5),
            direction: Direction::Regressed,
        };
        let old = empty_snapshot("2025-03-01T00:00:00Z");
        let d = diff(&old, &new, &[regressed], &[], &Questionnaires::default());
        assert_eq!(d.repeat_risk.len(), 1);
        assert_eq!(d.repeat_risk[0].finding.id, "F1");
        assert_eq!(d.repeat_risk[0].regressed, ["c6.1.2"]);
        assert!(under("6.1.2", "6.1"));
        assert!(!under("6.10", "6.1"));
    }
}
