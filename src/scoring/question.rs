//! Scoring one question: answer value → score 0–1 and status, then the evidence rule, the
//! self-attestation discount and the flags (justification missing, overdue, follow-up).

use std::sync::Arc;

use jiff::civil::Date;

use crate::model::{
    Answer, AnswerSpec, Attestation, JustificationRule, Profile, Question, Status, Value,
};

use super::exclusion;

use crate::model::score::{NodeStatus, QuestionFlag, QuestionScore};

/// Scores are compared with this tolerance.
pub const EPSILON: f64 = 1e-9;

/// Score a claim keeps when required evidence is missing: the value of Partial.
pub const EVIDENCE_CAP: f64 = 0.5;

/// What scoring one question needs beyond the question and its answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuestionContext<'r> {
    /// The date due dates and evidence expiry are checked against.
    pub as_of: Date,
    /// Effective weight of the question (see [`effective_weight`]).
    pub weight: f64,
    /// Factor applied to self-attested answers (`scoring.self_attested_factor`), if set.
    pub self_attested_factor: Option<f64>,
    /// Whether the question may be answered "Out of scope" (see [`super::exclusion`]).
    pub excludable: bool,
    /// The questionnaire's justification rule (`scoring.justification`); none: built-in.
    pub justification: Option<&'r JustificationRule>,
}

/// Whether answers to this type carry a score (text, date, number and likelihood × severity
/// answers count for completeness only).
pub fn is_scored(spec: &AnswerSpec) -> bool {
    matches!(
        spec,
        AnswerSpec::Status
            | AnswerSpec::YesNo { .. }
            | AnswerSpec::Choice { .. }
            | AnswerSpec::MultiChoice { .. }
            | AnswerSpec::Scale { .. }
    )
}

/// Effective weight: the question's weight × the product of the profile's weights of its
/// tags; 1 for every question when weights are off.
pub fn effective_weight(q: &Question, profile: &Profile, weighted: bool) -> f64 {
    if !weighted {
        return 1.0;
    }
    q.tags
        .iter()
        .fold(q.weight, |w, tag| w * profile.tag_weight(tag))
}

/// The raw score of a value (0–1); `None` for unscored types, out-of-scope status, a value
/// of the wrong type or an unknown option.
pub fn value_score(spec: &AnswerSpec, value: &Value) -> Option<f64> {
    match (spec, value) {
        (AnswerSpec::Status, Value::Status(s)) => match s {
            Status::Met => Some(1.0),
            Status::Partial => Some(0.5),
            Status::Gap => Some(0.0),
            Status::OutOfScope => None,
        },
        (AnswerSpec::YesNo { scores }, Value::YesNo(y)) => {
            let s = scores.unwrap_or_default();
            Some(match y {
                crate::model::YesNo::Yes => s.yes,
                crate::model::YesNo::No => s.no,
                crate::model::YesNo::Unknown => s.unknown,
            })
        }
        (AnswerSpec::Choice { options }, Value::Choice(v)) => {
            options.iter().find(|o| &o.value == v).and_then(|o| o.score)
        }
        (AnswerSpec::MultiChoice { options, sum }, Value::MultiChoice(vs)) => {
            let picked = options
                .iter()
                .filter(|o| vs.contains(&o.value))
                .filter_map(|o| o.score);
            if *sum {
                Some(picked.sum::<f64>().min(1.0))
            } else {
                Some(picked.fold(0.0, f64::max))
            }
        }
        (AnswerSpec::Scale { levels }, Value::Scale(n)) => {
            levels.iter().find(|l| l.value == *n).and_then(|l| l.score)
        }
        _ => None,
    }
}

/// The best score an answer to this question can reach (1 for status questions).
pub fn top_score(spec: &AnswerSpec) -> f64 {
    let best = |scores: &mut dyn Iterator<Item = f64>| scores.fold(0.0, f64::max);
    match spec {
        AnswerSpec::YesNo { scores } => {
            let s = scores.unwrap_or_default();
            s.yes.max(s.no).max(s.unknown)
        }
        AnswerSpec::Choice { options } => best(&mut options.iter().filter_map(|o| o.score)),
        AnswerSpec::MultiChoice { options, sum: true } => {
            options.iter().filter_map(|o| o.score).sum::<f64>().min(1.0)
        }
        AnswerSpec::MultiChoice { options, .. } => {
            best(&mut options.iter().filter_map(|o| o.score))
        }
        AnswerSpec::Scale { levels } => best(&mut levels.iter().filter_map(|l| l.score)),
        _ => 1.0,
    }
}

/// Status of a raw score: Met at the top score (or 1), Gap at 0, Partial in between.
pub fn status_of(score: f64, top: f64) -> NodeStatus {
    if score >= 1.0 - EPSILON || (top > EPSILON && score >= top - EPSILON) {
        NodeStatus::Met
    } else if score <= EPSILON {
        NodeStatus::Gap
    } else {
        NodeStatus::Partial
    }
}

/// Whether the answer has at least one evidence reference that has not expired.
pub fn has_valid_evidence(answer: &Answer, as_of: Date) -> bool {
    answer
        .evidence
        .iter()
        .any(|e| !e.reference.trim().is_empty() && e.expires.is_none_or(|x| x >= as_of))
}

/// Whether any evidence reference has expired.
pub fn has_expired_evidence(answer: &Answer, as_of: Date) -> bool {
    answer
        .evidence
        .iter()
        .any(|e| e.expires.is_some_and(|x| x < as_of))
}

/// Scores one question. `id` is the question id, or `question#entry` inside a repeatable
/// section. Returns `None` for unscored answer types.
pub fn score_question(
    q: &Question,
    id: Arc<str>,
    section: Arc<str>,
    answer: Option<&Answer>,
    applicable: bool,
    ctx: &QuestionContext<'_>,
) -> Option<QuestionScore> {
    if !is_scored(&q.answer) {
        return None;
    }
    let mut out = QuestionScore {
        id,
        section,
        status: NodeStatus::Unanswered,
        score: None,
        weight: ctx.weight,
        flags: Vec::new(),
        reason: None,
        linked_to: None,
    };
    if !applicable {
        out.status = NodeStatus::NotApplicable;
        return Some(out);
    }
    let Some(a) = answer else {
        return Some(out);
    };
    if a.value == Value::Status(Status::OutOfScope) {
        out_of_scope(&mut out, a, ctx);
    } else if let Some(raw) = value_score(&q.answer, &a.value) {
        apply_score(&mut out, q, a, raw, ctx);
    }
    if a.flagged {
        out.flags.push(QuestionFlag::FollowUp);
    }
    Some(out)
}

/// An "Out of scope" answer: a Gap where the question may not be excluded, else out of
/// scope, flagged when the justification is missing, too short or a stock phrase.
fn out_of_scope(out: &mut QuestionScore, a: &Answer, ctx: &QuestionContext<'_>) {
    if !ctx.excludable {
        out.status = NodeStatus::Gap;
        out.score = Some(0.0);
        out.flags.push(QuestionFlag::ExclusionNotAllowed);
        out.reason = Some(exclusion::NOT_EXCLUDABLE.into());
        return;
    }
    out.status = NodeStatus::OutOfScope;
    let problem = exclusion::justification_problem(ctx.justification, a.justification.as_deref());
    if let Some(p) = problem {
        out.flags.push(QuestionFlag::JustificationMissing);
        out.reason = Some(p);
    }
}

/// Sets score and status from a raw score, applying the evidence rule, the
/// self-attestation discount and the overdue and expiry flags.
fn apply_score(
    out: &mut QuestionScore,
    q: &Question,
    a: &Answer,
    raw: f64,
    ctx: &QuestionContext<'_>,
) {
    let mut score = raw;
    let mut status = status_of(raw, top_score(&q.answer));
    if has_expired_evidence(a, ctx.as_of) {
        out.flags.push(QuestionFlag::EvidenceExpired);
    }
    if q.evidence_required && score > EVIDENCE_CAP + EPSILON && !has_valid_evidence(a, ctx.as_of) {
        out.reason = Some(evidence_reason(status, a, ctx.as_of));
        score = EVIDENCE_CAP;
        status = NodeStatus::Partial;
        out.flags.push(QuestionFlag::EvidenceMissing);
    }
    if let (Some(f), Some(Attestation::SelfAttested)) = (ctx.self_attested_factor, a.attestation) {
        score *= f;
    }
    let open = matches!(status, NodeStatus::Partial | NodeStatus::Gap);
    if open && a.due.is_some_and(|d| d < ctx.as_of) {
        out.flags.push(QuestionFlag::Overdue);
    }
    out.score = Some(score);
    out.status = status;
}

/// Why a claim without valid required evidence counts as Partial: none given, or every
/// reference expired before `as_of`.
fn evidence_reason(claimed: NodeStatus, a: &Answer, as_of: Date) -> String {
    let claimed = match claimed {
        NodeStatus::Met => "Met",
        _ => "more than Partial",
    };
    let expired = a
        .evidence
        .iter()
        .filter_map(|e| e.expires)
        .filter(|x| *x < as_of)
        .max();
    match expired {
        Some(d) => format!(
            "answered {claimed}, but its evidence expired on {d} and expired evidence counts as missing: counts as Partial"
        ),
        None => format!("answered {claimed} without the required evidence: counts as Partial"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnswerSpec, YesNoScores};
    use crate::scoring::testkit::*;
    use jiff::civil::date;

    fn ctx() -> QuestionContext<'static> {
        QuestionContext {
            as_of: as_of(),
            weight: 1.0,
            self_attested_factor: None,
            excludable: true,
            justification: None,
        }
    }

    fn run(q: &Question, a: Option<&Answer>) -> QuestionScore {
        score_question(q, q.id.as_str().into(), "s".into(), a, true, &ctx()).unwrap()
    }

    #[test]
    fn status_met_partial_gap_score_1_0_5_0() {
        let q = q_status("q", 1.0);
        assert_eq!(run(&q, Some(&status(Status::Met))).score, Some(1.0));
        assert_eq!(run(&q, Some(&status(Status::Partial))).score, Some(0.5));
        let gap = run(&q, Some(&status(Status::Gap)));
        assert_eq!((gap.score, gap.status), (Some(0.0), NodeStatus::Gap));
    }

    #[test]
    fn unanswered_and_not_applicable_have_no_score() {
        let q = q_status("q", 1.0);
        assert_eq!(run(&q, None).status, NodeStatus::Unanswered);
        let na = score_question(&q, "q".into(), "s".into(), None, false, &ctx()).unwrap();
        assert_eq!((na.status, na.score), (NodeStatus::NotApplicable, None));
    }

    #[test]
    fn out_of_scope_without_justification_is_flagged() {
        let q = q_status("q", 1.0);
        let s = run(&q, Some(&status(Status::OutOfScope)));
        assert_eq!((s.status, s.score), (NodeStatus::OutOfScope, None));
        assert_eq!(s.flags, vec![QuestionFlag::JustificationMissing]);
        let mut a = status(Status::OutOfScope);
        a.justification = Some("No AI developed in-house".into());
        assert!(run(&q, Some(&a)).flags.is_empty());
    }

    #[test]
    fn evidence_required_met_without_evidence_scores_0_5_and_is_flagged() {
        let mut q = q_status("q", 1.0);
        q.evidence_required = true;
        let s = run(&q, Some(&status(Status::Met)));
        assert_eq!((s.score, s.status), (Some(0.5), NodeStatus::Partial));
        assert_eq!(s.flags, vec![QuestionFlag::EvidenceMissing]);
        assert_eq!(
            s.reason.as_deref(),
            Some("answered Met without the required evidence: counts as Partial")
        );
        let ok = run(&q, Some(&with_evidence(status(Status::Met), None)));
        assert_eq!((ok.score, ok.status), (Some(1.0), NodeStatus::Met));
        assert_eq!(ok.reason, None);
    }

    #[test]
    fn expired_evidence_counts_as_missing() {
        let mut q = q_status("q", 1.0);
        q.evidence_required = true;
        let a = with_evidence(status(Status::Met), Some(date(2025, 5, 31)));
        let s = run(&q, Some(&a));
        assert_eq!(s.score, Some(0.5));
        assert_eq!(
            s.flags,
            vec![QuestionFlag::EvidenceExpired, QuestionFlag::EvidenceMissing]
        );
        assert!(
            s.reason
                .as_deref()
                .is_some_and(|r| r.contains("expired on 2025-05-31") && r.ends_with("Partial")),
            "{:?}",
            s.reason
        );
        // Expiring on the as-of day is still valid.
        let a = with_evidence(status(Status::Met), Some(as_of()));
        assert_eq!(run(&q, Some(&a)).score, Some(1.0));
    }

    #[test]
    fn evidence_cap_applies_to_any_claim_above_0_5_so_improving_never_lowers() {
        let mut q = q_choice("q", &[0.0, 0.75, 1.0]);
        q.evidence_required = true;
        let a = |v: &str| Answer::new(Value::Choice(v.into()));
        assert_eq!(run(&q, Some(&a("o1"))).score, Some(0.5));
        assert_eq!(run(&q, Some(&a("o2"))).score, Some(0.5));
    }

    #[test]
    fn yes_no_uses_file_scores_and_choice_top_option_is_met() {
        let q = question(
            "q",
            1.0,
            AnswerSpec::YesNo {
                scores: Some(YesNoScores {
                    yes: 1.0,
                    no: 0.0,
                    unknown: 0.25,
                }),
            },
        );
        let s = run(
            &q,
            Some(&Answer::new(Value::YesNo(crate::model::YesNo::Unknown))),
        );
        assert_eq!((s.score, s.status), (Some(0.25), NodeStatus::Partial));
        let c = q_choice("c", &[0.0, 0.8]);
        let s = run(&c, Some(&Answer::new(Value::Choice("o1".into()))));
        assert_eq!((s.score, s.status), (Some(0.8), NodeStatus::Met));
    }

    #[test]
    fn multi_choice_best_0_6_or_sum_capped_at_1() {
        let opts = options(&[0.6, 0.5, 0.3]);
        let best = question(
            "m",
            1.0,
            AnswerSpec::MultiChoice {
                options: opts.clone(),
                sum: false,
            },
        );
        let sum = question(
            "m",
            1.0,
            AnswerSpec::MultiChoice {
                options: opts,
                sum: true,
            },
        );
        let pick = Answer::new(Value::MultiChoice(vec!["o0".into(), "o2".into()]));
        assert_eq!(run(&best, Some(&pick)).score, Some(0.6));
        assert!(close(run(&sum, Some(&pick)).score.unwrap(), 0.9));
        let all = Answer::new(Value::MultiChoice(vec![
            "o0".into(),
            "o1".into(),
            "o2".into(),
        ]));
        assert_eq!(run(&sum, Some(&all)).score, Some(1.0));
    }

    #[test]
    fn scale_level_maps_to_its_score_and_wrong_type_is_unanswered() {
        let q = question(
            "s",
            1.0,
            AnswerSpec::Scale {
                levels: levels(&[0.0, 0.4, 1.0]),
            },
        );
        assert_eq!(
            run(&q, Some(&Answer::new(Value::Scale(1)))).score,
            Some(0.4)
        );
        let wrong = run(&q, Some(&Answer::new(Value::Text("x".into()))));
        assert_eq!((wrong.status, wrong.score), (NodeStatus::Unanswered, None));
    }

    #[test]
    fn text_questions_are_not_scored() {
        let q = q_text("t");
        let a = Answer::new(Value::Text("x".into()));
        assert!(score_question(&q, "t".into(), "s".into(), Some(&a), true, &ctx()).is_none());
    }

    #[test]
    fn overdue_partial_and_follow_up_are_flagged_but_met_is_never_overdue() {
        let q = q_status("q", 1.0);
        let mut a = status(Status::Partial);
        a.due = Some(date(2025, 5, 1));
        a.flagged = true;
        let s = run(&q, Some(&a));
        assert_eq!(s.flags, vec![QuestionFlag::Overdue, QuestionFlag::FollowUp]);
        a.value = Value::Status(Status::Met);
        a.flagged = false;
        assert!(run(&q, Some(&a)).flags.is_empty());
    }

    #[test]
    fn self_attested_met_with_factor_0_8_scores_0_8() {
        let q = q_status("q", 1.0);
        let mut a = status(Status::Met);
        a.attestation = Some(Attestation::SelfAttested);
        let c = QuestionContext {
            self_attested_factor: Some(0.8),
            ..ctx()
        };
        let s = score_question(&q, "q".into(), "s".into(), Some(&a), true, &c).unwrap();
        assert!(close(s.score.unwrap(), 0.8));
        assert_eq!(s.status, NodeStatus::Met);
    }

    #[test]
    fn weight_3_with_tags_fairness_1_5_and_privacy_2_is_9_or_1_unweighted() {
        let mut q = q_status("q", 3.0);
        q.tags = vec!["fairness".into(), "privacy".into(), "other".into()];
        let mut p = profile();
        p.objective_weights
            .insert(crate::model::Objective::Fairness, 1.5);
        p.objective_weights
            .insert(crate::model::Objective::Privacy, 2.0);
        assert!(close(effective_weight(&q, &p, true), 9.0));
        assert_eq!(effective_weight(&q, &p, false), 1.0);
    }
}
