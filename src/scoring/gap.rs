//! The gap assessment: overall roll-up, heatmap rows, question scores, Statement of
//! Applicability and remediation plan.

use crate::model::{Assessment, Profile, Questionnaire};

use super::bands::{assign, assign_rows, bands_or_default};
use super::heatmap::heatmap_rows;
use super::prepared::Prepared;
use super::remediation::remediation_plan;
use super::soa::statement_of_applicability;
use super::tree::{ScoreOptions, score_tree_with};
use crate::model::score::GapScore;

/// Scores a gap assessment.
pub fn score_gap(
    questionnaire: &Questionnaire,
    assessment: &Assessment,
    profile: &Profile,
    opts: ScoreOptions,
) -> GapScore {
    score_gap_with(&Prepared::new(questionnaire), assessment, profile, opts)
}

/// [`score_gap`] with a questionnaire prepared once for many assessments.
pub fn score_gap_with(
    prepared: &Prepared<'_>,
    assessment: &Assessment,
    profile: &Profile,
    opts: ScoreOptions,
) -> GapScore {
    let questionnaire = prepared.questionnaire;
    let tree = score_tree_with(prepared, assessment, profile, None, opts);
    let bands = bands_or_default(&questionnaire.scoring.bands);
    let mut overall = tree
        .overall()
        .node(&questionnaire.id, None, &questionnaire.title);
    assign(&bands, &mut overall);
    let mut rows = heatmap_rows(&tree);
    assign_rows(&bands, &mut rows);
    GapScore {
        questionnaire: questionnaire.id.clone(),
        overall,
        rows,
        bands,
        questions: tree.question_scores(),
        soa: statement_of_applicability(&tree),
        remediation: remediation_plan(&tree),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Objective, Status};
    use crate::scoring::testkit::*;
    use crate::scoring::{NodeStatus, QuestionFlag};

    fn scenario(weighted: bool) -> GapScore {
        // Clause 6: q1 w3 Met (fairness), q2 w1 Gap. Clause 7: q3 w2 Partial, q4 w2 unanswered.
        let mut q1 = q_status("q1", 3.0);
        q1.tags = vec!["fairness".into()];
        let q = qn(vec![
            sec("c6", vec![q1, q_status("q2", 1.0)]),
            sec("c7", vec![q_status("q3", 2.0), q_status("q4", 2.0)]),
        ]);
        let mut a = assessment(&q, None);
        a.answers.insert("q1".into(), status(Status::Met));
        a.answers.insert("q2".into(), status(Status::Gap));
        a.answers.insert("q3".into(), status(Status::Partial));
        let mut p = profile();
        p.objective_weights.insert(Objective::Fairness, 2.0);
        score_gap(
            &q,
            &a,
            &p,
            ScoreOptions {
                as_of: as_of(),
                weighted,
            },
        )
    }

    #[test]
    fn weighted_overall_score_0_7778_readiness_0_6364_coverage_0_75() {
        // Effective weights: q1 3×2 = 6, q2 1, q3 2, q4 2.
        // score = (6×1 + 1×0 + 2×0.5) / (6+1+2) = 7/9 = 0.7778
        // readiness = 7 / 11 = 0.6364; coverage = 3/4 answered.
        let g = scenario(true);
        assert!(close(g.overall.score.unwrap(), 0.7778));
        assert!(close(g.overall.readiness, 0.6364));
        assert!(close(g.overall.coverage, 0.75));
        // Row 6: 6/7 = 0.8571, Partial (q2 is a Gap).
        assert!(close(g.rows[0].node.score.unwrap(), 0.8571));
        assert_eq!(g.rows[0].node.status, crate::scoring::NodeStatus::Partial);
    }

    #[test]
    fn a_requirement_clause_answered_out_of_scope_counts_as_gap_with_the_reason() {
        // Clause 6 may not be excluded (as in the built-in questionnaire); A.5 may.
        let mut clause = sec("c6", vec![q_status("q1", 1.0)]);
        clause.excludable = Some(false);
        let control = sec("a5", vec![q_status("q2", 1.0)]);
        let q = qn(vec![clause, control]);
        let mut a = assessment(&q, None);
        let mut oos = status(Status::OutOfScope);
        oos.justification = Some("n/a".into());
        a.answers.insert("q1".into(), oos.clone());
        a.answers.insert("q2".into(), oos);
        let opts = ScoreOptions {
            as_of: as_of(),
            weighted: true,
        };
        let g = score_gap(&q, &a, &profile(), opts);
        let (q1, q2) = (&g.questions[0], &g.questions[1]);
        assert_eq!((q1.status, q1.score), (NodeStatus::Gap, Some(0.0)));
        assert!(q1.flags.contains(&QuestionFlag::ExclusionNotAllowed));
        assert!(
            q1.reason
                .as_deref()
                .is_some_and(|r| r.contains("cannot be excluded"))
        );
        assert_eq!(g.rows[0].node.status, NodeStatus::Gap);
        // The control's exclusion stands, but "n/a" is flagged as a stock phrase.
        assert_eq!(q2.status, NodeStatus::OutOfScope);
        assert!(q2.flags.contains(&QuestionFlag::JustificationMissing));
        assert!(
            q2.reason
                .as_deref()
                .is_some_and(|r| r.contains("stock phrase"))
        );
    }

    #[test]
    fn every_heatmap_node_carries_its_band_and_the_bands_are_listed() {
        // Weighted: row 6 readiness 6/7 = 0.857 (managed); row 7 = 1/4 (developing);
        // overall 7/11 = 0.636 (defined). Same status Partial, three different bands.
        let g = scenario(true);
        let band = |n: &crate::scoring::NodeScore| n.band.clone();
        assert_eq!(band(&g.rows[0].node).as_deref(), Some("managed"));
        assert_eq!(band(&g.rows[1].node).as_deref(), Some("developing"));
        assert_eq!(band(&g.overall).as_deref(), Some("defined"));
        assert!(
            g.rows
                .iter()
                .all(|r| r.cells.iter().all(|c| c.band.is_some()))
        );
        assert_eq!(g.bands.len(), 5);
        let json = serde_json::to_value(&g).expect("json");
        assert_eq!(json["rows"][1]["cells"][0]["band"], "developing");
    }

    #[test]
    fn unweighted_overall_score_0_5_readiness_0_375() {
        // Every weight 1: score = (1 + 0 + 0.5) / 3 = 0.5; readiness = 1.5 / 4 = 0.375.
        let g = scenario(false);
        assert!(close(g.overall.score.unwrap(), 0.5));
        assert!(close(g.overall.readiness, 0.375));
        assert!(g.questions.iter().all(|q| q.weight == 1.0));
    }

    /// Clause 5 asks `asked` (w3); control A.2 holds `dup`, linked to it (w3), and A.3
    /// holds `other` (w1).
    fn linked_pair() -> crate::model::Questionnaire {
        let mut dup = q_status("dup", 3.0);
        dup.same_as = Some("asked".into());
        dup.mappings = vec![crate::model::Mapping {
            framework: "iso27001".into(),
            reference: "A.5.1".into(),
        }];
        let mut asked = q_status("asked", 3.0);
        asked.mappings = dup.mappings.clone();
        let mut clause = sec("c5", vec![asked]);
        clause.reference = Some("5".into());
        let mut a2 = sec("a2", vec![dup]);
        a2.reference = Some("A.2".into());
        let mut a3 = sec("a3", vec![q_status("other", 1.0)]);
        a3.reference = Some("A.3".into());
        qn(vec![clause, a2, a3])
    }

    fn weighted() -> ScoreOptions {
        ScoreOptions {
            as_of: as_of(),
            weighted: true,
        }
    }

    #[test]
    fn a_linked_pair_weighs_once_and_fills_both_cells_and_the_soa() {
        let q = linked_pair();
        let mut a = assessment(&q, None);
        a.answers.insert("asked".into(), status(Status::Met));
        a.answers.insert("other".into(), status(Status::Gap));
        let g = score_gap(&q, &a, &profile(), weighted());
        // Once: (3×1 + 1×0) / (3 + 1) = 0.75; counted twice it would be 6/7 = 0.857.
        assert!(close(g.overall.readiness, 0.75), "{}", g.overall.readiness);
        assert_eq!(g.overall.counts.met, 1);
        assert_eq!(&*g.overall.questions, ["asked".into(), "other".into()]);
        // Both cells are filled with the one answer.
        let cell = |i: usize| g.rows[i].cells[0].status;
        assert_eq!((cell(0), cell(1)), (NodeStatus::Met, NodeStatus::Met));
        assert_eq!(g.rows[1].node.questions, ["dup".into()]);
        // The control is in the SoA with the asked question's status.
        let a2 = g.soa.iter().find(|e| e.reference == "A.2").expect("A.2");
        assert!(a2.applicable);
        assert_eq!(a2.implemented, NodeStatus::Met);
        let dup = g.questions.iter().find(|s| &*s.id == "dup").expect("dup");
        assert_eq!(dup.linked_to.as_deref(), Some("asked"));
        assert_eq!(dup.reason, None);
    }

    #[test]
    fn a_linked_gap_is_one_remediation_item_and_one_crosswalk_entry() {
        let q = linked_pair();
        let mut a = assessment(&q, None);
        a.answers.insert("asked".into(), status(Status::Gap));
        let g = score_gap(&q, &a, &profile(), weighted());
        let plan: Vec<&str> = g.remediation.iter().map(|r| r.question.as_str()).collect();
        assert_eq!(plan, ["asked"]);
        let tree = crate::scoring::score_tree(&q, &a, &profile(), None, weighted());
        let cw = crate::scoring::crosswalk(&tree, "iso27001");
        assert_eq!(cw.len(), 1);
        assert_eq!(cw[0].1.questions, ["asked".into()]);
        assert_eq!(cw[0].1.counts.gap, 1);
    }

    #[test]
    fn an_old_snapshot_that_answered_both_scores_with_the_asked_answer_and_says_so() {
        let q = linked_pair();
        let mut a = assessment(&q, None);
        a.answers.insert("asked".into(), status(Status::Met));
        a.answers.insert("dup".into(), status(Status::Gap));
        let g = score_gap(&q, &a, &profile(), weighted());
        let dup = g.questions.iter().find(|s| &*s.id == "dup").expect("dup");
        assert_eq!(dup.status, NodeStatus::Met);
        let reason = dup.reason.as_deref().unwrap_or_default();
        assert!(
            reason.contains("asked as asked") && reason.contains("(gap)"),
            "{reason}"
        );
        assert!(close(g.overall.readiness, 3.0 / 4.0));
        // Only the linked question answered (before the link existed): its answer counts
        // for the asked question too, once.
        let mut b = assessment(&q, None);
        b.answers.insert("dup".into(), status(Status::Partial));
        let g = score_gap(&q, &b, &profile(), weighted());
        let asked = g
            .questions
            .iter()
            .find(|s| &*s.id == "asked")
            .expect("asked");
        assert_eq!(asked.status, NodeStatus::Partial);
        assert!(
            asked
                .reason
                .as_deref()
                .is_some_and(|r| r.contains("linked"))
        );
        assert_eq!(g.overall.counts.partial, 1);
        assert!(close(g.overall.readiness, 1.5 / 4.0));
    }

    #[test]
    fn non_scored_sections_stay_out_of_the_roll_up() {
        let mut info = sec("info", vec![q_status("x", 1.0)]);
        info.scored = false;
        let q = qn(vec![info, sec("c4", vec![q_status("y", 1.0)])]);
        let mut a = assessment(&q, None);
        a.answers.insert("x".into(), status(Status::Gap));
        a.answers.insert("y".into(), status(Status::Met));
        let g = score_gap(
            &q,
            &a,
            &profile(),
            ScoreOptions {
                as_of: as_of(),
                weighted: true,
            },
        );
        assert_eq!(g.overall.score, Some(1.0));
        assert_eq!(g.rows.len(), 1);
        assert!(g.remediation.is_empty());
    }
}
