//! AI vendor due diligence: domain scores, control score, inherent exposure, knock-outs and
//! the residual tier.
//!
//! - Domains are the top-level sections with `scored: true`, rolled up like the gap
//!   assessment. Self-attested answers are multiplied by `scoring.self_attested_factor`;
//!   evidence past its `expires` date counts as missing.
//! - The control score is the weighted readiness over the scored domains (unanswered
//!   controls count as 0: a vendor that does not answer has not shown the control).
//! - Inherent exposure = 1 − the weighted mean (or, with `aggregate: worst`, the lowest)
//!   option score of the answered, applicable `inherent_risk.questions` (option score 1 =
//!   least exposure); its level is the first `inherent_risk.levels` entry whose `max` is at
//!   least the exposure, raised to every `floors` level whose answer is given.
//! - The tier is the first `tier_rules` row matching the inherent level and control score,
//!   then raised to at least the tier of every knock-out that fired (its answer given and
//!   its `when` condition holding), in `tiers` order; a knock-out can force any tier.

use std::sync::Arc;

use crate::model::rules::{Aggregate, Knockout, TierRule};
use crate::model::{Assessment, Profile, Questionnaire, Section, Subject};

use super::applicability::Applicability;
use super::prepared::Prepared;
use super::question::{EPSILON, effective_weight, value_score};
use super::rollup::Tally;
use super::tree::{ScoreOptions, ScoredTree, score_tree_with};
use crate::model::score::{FloorHit, KnockoutHit, QuestionFlag, VendorScore};

/// Scores one vendor review.
pub fn score_vendor(
    q: &Questionnaire,
    a: &Assessment,
    profile: &Profile,
    subject: Option<&Subject>,
    opts: ScoreOptions,
) -> VendorScore {
    score_vendor_with(&Prepared::new(q), a, profile, subject, opts)
}

/// [`score_vendor`] with a questionnaire prepared once for many assessments.
pub fn score_vendor_with(
    prepared: &Prepared<'_>,
    a: &Assessment,
    profile: &Profile,
    subject: Option<&Subject>,
    opts: ScoreOptions,
) -> VendorScore {
    let q = prepared.questionnaire;
    let tree = score_tree_with(prepared, a, profile, subject, opts);
    let app = Applicability::new(&prepared.index, profile, subject, &a.answers);
    let domains: Vec<(&Section, Tally)> = q
        .sections
        .iter()
        .filter(|s| s.scored)
        .map(|s| (s, tree.subtree(s)))
        .collect();
    // The overall tally (`tree.overall()`) summed from the domains already rolled up.
    let mut overall = Tally::default();
    domains.iter().for_each(|(_, t)| overall.merge_sums(t));
    let control_score = overall.readiness();
    let inherent_exposure = inherent_exposure(prepared, a, profile, &app, opts.weighted);
    let inherent_floors = floors(q, a, &app);
    let inherent_level = raise_level(
        q,
        inherent_exposure.and_then(|x| inherent_level(q, x)),
        &inherent_floors,
    );
    let knockouts = knockouts(q, a, &app);
    let tier = tier(q, inherent_level.as_deref(), control_score, &knockouts);
    VendorScore {
        subject: a.subject.clone().unwrap_or_default(),
        questionnaire: q.id.clone(),
        domains: domains.into_iter().map(|(s, t)| tree.node(s, t)).collect(),
        control_score,
        inherent_exposure,
        inherent_level,
        inherent_floors,
        tier,
        knockouts,
        evidence_missing: flagged(&tree, QuestionFlag::EvidenceMissing),
        evidence_expired: flagged(&tree, QuestionFlag::EvidenceExpired),
    }
}

fn flagged(tree: &ScoredTree<'_>, flag: QuestionFlag) -> Vec<Arc<str>> {
    tree.items
        .iter()
        .filter(|i| i.score.flags.contains(&flag))
        .map(|i| Arc::clone(&i.score.id))
        .collect()
}

/// 1 − weighted mean score of the answered, applicable engagement questions.
fn inherent_exposure(
    prepared: &Prepared<'_>,
    a: &Assessment,
    profile: &Profile,
    app: &Applicability<'_>,
    weighted: bool,
) -> Option<f64> {
    let rules = prepared.questionnaire.scoring.inherent_risk.as_ref()?;
    let (mut sum, mut weight, mut worst) = (0.0, 0.0, f64::INFINITY);
    for id in &rules.questions {
        let question = prepared.index.get(id).map(|p| p.question);
        let (Some(question), Some(answer)) = (question, a.answers.get(id)) else {
            continue;
        };
        if !app.question_applies(id, None) {
            continue;
        }
        if let Some(s) = value_score(&question.answer, &answer.value) {
            let w = effective_weight(question, profile, weighted);
            sum += w * s;
            weight += w;
            worst = worst.min(s);
        }
    }
    let combined = match rules.aggregate {
        Aggregate::Mean => sum / weight,
        Aggregate::Worst => worst,
    };
    (weight > EPSILON).then_some(1.0 - combined)
}

/// Inherent floors whose question applies and is answered with one of the listed values.
fn floors(q: &Questionnaire, a: &Assessment, app: &Applicability<'_>) -> Vec<FloorHit> {
    let Some(rules) = &q.scoring.inherent_risk else {
        return Vec::new();
    };
    (rules.floors.iter())
        .filter(|f| answered_one_of(a, app, &f.question, &f.one_of))
        .map(|f| FloorHit {
            question: f.question.clone(),
            level: f.level.clone(),
            reason: f.reason.clone(),
        })
        .collect()
}

/// The level raised to the highest floor that fired (levels ordered as listed). A floor
/// sets a level even when no engagement question was answered.
fn raise_level(q: &Questionnaire, level: Option<String>, hits: &[FloorHit]) -> Option<String> {
    let levels = q
        .scoring
        .inherent_risk
        .as_ref()
        .map(|r| r.levels.as_slice());
    let rank = |id: &str| levels.and_then(|l| l.iter().position(|x| x.id == id));
    level
        .into_iter()
        .chain(hits.iter().map(|h| h.level.clone()))
        .max_by_key(|l| rank(l))
}

/// Whether `question` applies and is answered with one of `values`.
fn answered_one_of(
    a: &Assessment,
    app: &Applicability<'_>,
    question: &str,
    values: &[String],
) -> bool {
    app.question_applies(question, None)
        && a.answers
            .get(question)
            .is_some_and(|ans| ans.value.matches_any(values))
}

/// The inherent level of an exposure (the last level above every `max`).
pub fn inherent_level(q: &Questionnaire, exposure: f64) -> Option<String> {
    let levels = &q.scoring.inherent_risk.as_ref()?.levels;
    levels
        .iter()
        .find(|l| exposure <= l.max + EPSILON)
        .or(levels.last())
        .map(|l| l.id.clone())
}

/// Knock-outs whose question applies and is answered with one of the listed values.
fn knockouts(q: &Questionnaire, a: &Assessment, app: &Applicability<'_>) -> Vec<KnockoutHit> {
    let fired = |k: &&Knockout| {
        answered_one_of(a, app, &k.question, &k.one_of) && app.holds(k.when.as_ref(), None)
    };
    q.scoring
        .knockouts
        .iter()
        .filter(fired)
        .map(|k| KnockoutHit {
            question: k.question.clone(),
            tier: k.tier.clone(),
            reason: k.reason.clone(),
        })
        .collect()
}

/// Whether a tier rule row matches.
fn row_matches(r: &TierRule, level: Option<&str>, control: f64) -> bool {
    level.is_some_and(|l| r.inherent.iter().any(|x| x == l))
        && r.control_at_least.is_none_or(|m| control + EPSILON >= m)
        && r.control_below.is_none_or(|m| control < m - EPSILON)
}

/// The tier: first matching rule, raised to every fired knock-out's tier.
pub fn tier(
    q: &Questionnaire,
    level: Option<&str>,
    control: f64,
    hits: &[KnockoutHit],
) -> Option<String> {
    let rank = |id: &str| q.scoring.tiers.iter().position(|t| t.id == id);
    let from_rules = q
        .scoring
        .tier_rules
        .iter()
        .find(|r| row_matches(r, level, control))
        .map(|r| r.tier.as_str());
    from_rules
        .into_iter()
        .chain(hits.iter().map(|h| h.tier.as_str()))
        .max_by_key(|t| rank(t))
        .map(str::to_string)
}

#[cfg(test)]
mod tests;
