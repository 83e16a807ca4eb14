//! Statement of Applicability: one entry per Annex A control, i.e. per section whose `ref`
//! starts with `A.` and that holds questions.
//!
//! A control is applicable unless every one of its questions is out of scope or not
//! applicable. Its justification is the assessors' justifications on its answers, joined with
//! "; ". A control excluded by answers (out of scope) without any justification gets an
//! `error`; one excluded only by the questionnaire's own conditions gets a standard
//! justification saying so.

use crate::model::Section;

use super::rollup::node_status;
use super::tree::ScoredTree;
use crate::model::score::{NodeStatus, QuestionFlag, SoaEntry};

/// Justification given when the questionnaire's conditions exclude a control.
pub const CONDITION_JUSTIFICATION: &str =
    "Not applicable to this organization's AI role, industry or systems (questionnaire condition).";

/// The Statement of Applicability of a gap assessment, in file order.
pub fn statement_of_applicability(tree: &ScoredTree<'_>) -> Vec<SoaEntry> {
    let mut out = Vec::new();
    tree.questionnaire.walk_sections(&mut |s, _| {
        let is_control = s.reference.as_deref().is_some_and(|r| r.starts_with("A."));
        if is_control && !s.questions.is_empty() {
            out.push(entry(tree, s));
        }
    });
    out
}

fn entry(tree: &ScoredTree<'_>, s: &Section) -> SoaEntry {
    let t = tree.direct(s);
    let c = &t.counts;
    let applicable = c.met + c.partial + c.gap + c.unanswered > 0;
    let mut reasons: Vec<&str> = Vec::new();
    for it in tree.items.iter().filter(|i| i.section.id == s.id) {
        if let Some(j) = it.answer.and_then(|a| a.justification.as_deref()) {
            let j = j.trim();
            if !j.is_empty() && !reasons.contains(&j) {
                reasons.push(j);
            }
        }
    }
    let reference = s.reference.clone().unwrap_or_default();
    let mut justification = (!reasons.is_empty()).then(|| reasons.join("; "));
    let mut error = None;
    if !applicable && justification.is_none() {
        if c.out_of_scope == 0 {
            justification = Some(CONDITION_JUSTIFICATION.to_string());
        } else {
            error = Some(format!(
                "Control {reference} ({}) is excluded without a justification: give the reason on its out-of-scope answers.",
                s.title
            ));
        }
    } else if !applicable && let Some(why) = weak_justification(tree, s) {
        error = Some(format!(
            "Control {reference} ({}) is excluded without an adequate justification: {why}.",
            s.title
        ));
    }
    if applicable && justification.is_none() {
        justification = Some(inclusion(tree, s, node_status(c)));
    }
    let implemented = if applicable {
        node_status(c)
    } else {
        NodeStatus::OutOfScope
    };
    SoaEntry {
        reference,
        title: s.title.clone(),
        section: s.id.clone(),
        applicable,
        implemented,
        justification,
        error,
    }
}

/// The derived justification for including a control (6.1.3 asks for the reasons for
/// inclusion as well as exclusion): it applies to the organization's AI role and systems,
/// how far it is implemented, and the evidence cited. An assessor's own justification on
/// the control's answers replaces it.
fn inclusion(tree: &ScoredTree<'_>, s: &Section, status: NodeStatus) -> String {
    let state = match status {
        NodeStatus::Met => "implemented",
        NodeStatus::Partial => "partly implemented",
        NodeStatus::Gap => "not yet implemented",
        _ => "not yet assessed",
    };
    let mut refs: Vec<&str> = Vec::new();
    for it in tree.items.iter().filter(|i| i.section.id == s.id) {
        for e in it.answer.map(|a| a.evidence.as_slice()).unwrap_or_default() {
            let r = e.reference.trim();
            if !r.is_empty() && !refs.contains(&r) && refs.len() < 3 {
                refs.push(r);
            }
        }
    }
    let evidence = if refs.is_empty() {
        String::new()
    } else {
        format!("; evidence: {}", refs.join(", "))
    };
    format!(
        "Included: applies to the organization's AI role and systems in scope; {state}{evidence}."
    )
}

/// Why an out-of-scope answer of the control is not adequately justified, if one is not.
fn weak_justification<'t>(tree: &'t ScoredTree<'_>, s: &Section) -> Option<&'t str> {
    (tree.items.iter())
        .filter(|i| i.section.id == s.id)
        .find(|i| i.score.flags.contains(&QuestionFlag::JustificationMissing))
        .and_then(|i| i.score.reason.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Section, Status};
    use crate::scoring::testkit::*;
    use crate::scoring::tree::{ScoreOptions, score_tree};

    fn control(id: &str, r: &str, qs: &[&str]) -> Section {
        let mut s = sec(id, qs.iter().map(|q| q_status(q, 1.0)).collect());
        s.reference = Some(r.into());
        s
    }

    fn soa_of(answers: &[(&str, Status, Option<&str>)]) -> Vec<SoaEntry> {
        let q = qn(vec![group(
            "a2",
            "A.2",
            vec![
                control("a2.2", "A.2.2", &["x", "y"]),
                control("a2.3", "A.2.3", &["z"]),
            ],
        )]);
        let mut a = assessment(&q, None);
        for (id, st, j) in answers {
            let mut ans = status(*st);
            ans.justification = j.map(str::to_string);
            a.answers.insert(id.to_string(), ans);
        }
        let p = profile();
        let opts = ScoreOptions {
            as_of: as_of(),
            weighted: true,
        };
        statement_of_applicability(&score_tree(&q, &a, &p, None, opts))
    }

    #[test]
    fn every_control_leaf_gets_an_entry_and_partial_is_implemented_partial() {
        let soa = soa_of(&[("x", Status::Met, None), ("y", Status::Gap, None)]);
        assert_eq!(soa.len(), 2, "A.2 itself holds no questions");
        assert!(soa[0].applicable);
        assert_eq!(soa[0].implemented, NodeStatus::Partial);
        assert_eq!(soa[1].implemented, NodeStatus::Unanswered);
        // Included controls carry a justification for inclusion too.
        let why = soa[0].justification.as_deref().unwrap_or_default();
        assert!(
            why.starts_with("Included: ") && why.contains("partly implemented"),
            "{why}"
        );
        let why = soa[1].justification.as_deref().unwrap_or_default();
        assert!(why.contains("not yet assessed"), "{why}");
    }

    #[test]
    fn control_out_of_scope_with_justification_is_excluded_cleanly() {
        let why = "No third parties supply AI components to us";
        let soa = soa_of(&[("z", Status::OutOfScope, Some(why))]);
        assert!(!soa[1].applicable);
        assert_eq!(soa[1].justification.as_deref(), Some(why));
        assert_eq!(soa[1].error, None);
    }

    #[test]
    fn excluding_a_control_with_a_stock_phrase_or_too_short_a_reason_is_an_error() {
        let soa = soa_of(&[("z", Status::OutOfScope, Some("n/a"))]);
        let err = soa[1].error.as_deref().unwrap_or_default();
        assert!(
            err.contains("A.2.3") && err.contains("stock phrase"),
            "{err}"
        );
        let soa = soa_of(&[("z", Status::OutOfScope, Some("Epic"))]);
        let err = soa[1].error.as_deref().unwrap_or_default();
        assert!(err.contains("4 characters"), "{err}");
    }

    #[test]
    fn excluding_a_control_without_justification_is_an_error() {
        let soa = soa_of(&[("z", Status::OutOfScope, Some("  "))]);
        let err = soa[1].error.as_deref().unwrap();
        assert!(
            err.contains("A.2.3") && err.contains("without a justification"),
            "{err}"
        );
    }

    #[test]
    fn one_applicable_question_keeps_the_control_applicable() {
        let soa = soa_of(&[
            ("x", Status::OutOfScope, Some("n/a")),
            ("y", Status::Met, None),
        ]);
        assert!(soa[0].applicable);
        assert_eq!(soa[0].implemented, NodeStatus::Met);
    }
}
