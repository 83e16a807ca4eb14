//! The remediation plan: every Gap or Partial question (evidence-missing Met answers are
//! Partial) in a scored section, ranked overdue first, then by
//! priority = effective weight × (1 − score), where the effective weight is the question
//! weight × the profile's tag weights (the profile priority). Ties go to the earlier due
//! date, then file order. Unanswered questions are not in the plan (they show in coverage).

use std::collections::HashSet;

use super::tree::ScoredTree;
use crate::model::score::{NodeStatus, QuestionFlag, RemediationItem};

/// The remediation plan of an assessment, highest priority first.
pub fn remediation_plan(tree: &ScoredTree<'_>) -> Vec<RemediationItem> {
    let overall = tree.overall();
    let scored: HashSet<&str> = overall.questions.iter().map(|q| &**q).collect();
    let mut items: Vec<RemediationItem> = tree
        .items
        .iter()
        .filter(|i| scored.contains(&*i.score.id))
        .filter(|i| matches!(i.score.status, NodeStatus::Gap | NodeStatus::Partial))
        .map(|i| RemediationItem {
            question: i.score.id.to_string(),
            reference: i.section.reference.clone(),
            prompt: i.question.prompt.clone(),
            status: i.score.status,
            priority: i.score.weight * (1.0 - i.score.score.unwrap_or(0.0)),
            owner: i.answer.and_then(|a| a.owner.clone()),
            due: i.answer.and_then(|a| a.due),
            overdue: i.score.flags.contains(&QuestionFlag::Overdue),
        })
        .collect();
    items.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then(b.priority.total_cmp(&a.priority))
            .then_with(|| match (a.due, b.due) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
    });
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;
    use crate::scoring::testkit::*;
    use crate::scoring::tree::{ScoreOptions, score_tree};
    use jiff::civil::date;

    #[test]
    fn overdue_first_then_weight_times_one_minus_score() {
        // a: Gap w1 → 1.0; b: Partial w3 → 1.5; c: Gap w2 → 2.0 but due in the past;
        // d: Met → not in the plan; e: Gap w3 with evidence rule irrelevant → 3.0.
        let mut ev = q_status("f", 2.0);
        ev.evidence_required = true;
        let q = qn(vec![sec(
            "s",
            vec![
                q_status("a", 1.0),
                q_status("b", 3.0),
                q_status("c", 2.0),
                q_status("d", 3.0),
                q_status("e", 3.0),
                ev,
            ],
        )]);
        let mut a = assessment(&q, None);
        a.answers.insert("a".into(), status(Status::Gap));
        a.answers.insert("b".into(), status(Status::Partial));
        let mut c = status(Status::Gap);
        c.due = Some(date(2025, 1, 31));
        c.owner = Some("CISO".into());
        a.answers.insert("c".into(), c);
        a.answers.insert("d".into(), status(Status::Met));
        a.answers.insert("e".into(), status(Status::Gap));
        // f: Met without evidence → Partial 0.5 × w2 → 1.0
        a.answers.insert("f".into(), status(Status::Met));
        let p = profile();
        let opts = ScoreOptions {
            as_of: as_of(),
            weighted: true,
        };
        let plan = remediation_plan(&score_tree(&q, &a, &p, None, opts));
        let order: Vec<(&str, f64)> = plan
            .iter()
            .map(|i| (i.question.as_str(), i.priority))
            .collect();
        assert_eq!(
            order,
            [("c", 2.0), ("e", 3.0), ("b", 1.5), ("a", 1.0), ("f", 1.0)]
        );
        assert!(plan[0].overdue);
        assert_eq!(plan[0].owner.as_deref(), Some("CISO"));
        assert_eq!(plan[0].due, Some(date(2025, 1, 31)));
    }
}
