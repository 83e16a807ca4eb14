//! The full text of an AIIA impact. Scoring keeps a short label per impact (at most 60
//! characters, ending in `…` when cut) for screens; reports and exports show the whole
//! answer the label was taken from, so nothing an auditor reads is cut.

use super::Context;
use crate::model::{Entry, Value};
use crate::scoring::{AiiaScore, ImpactScore};

/// The impact register entry behind `impact` in the AIIA `score`.
pub fn entry<'a>(ctx: &Context<'a>, score: &AiiaScore, impact: &ImpactScore) -> Option<&'a Entry> {
    ctx.snapshot
        .assessments
        .iter()
        .find(|a| {
            a.questionnaire == score.questionnaire && a.subject.as_deref() == Some(&score.subject)
        })?
        .entries
        .values()
        .flatten()
        .find(|e| e.id == impact.entry)
}

/// The whole answer `impact.label` was taken from; the label itself when it was not cut
/// (or the answer is not found). The answer to the question playing the `impact_label` role
/// is preferred, as scoring prefers it.
pub fn full_text(ctx: &Context<'_>, score: &AiiaScore, impact: &ImpactScore) -> String {
    let Some(prefix) = impact.label.strip_suffix('…') else {
        return impact.label.clone();
    };
    let prefix = prefix.trim_end();
    let Some(e) = entry(ctx, score, impact) else {
        return impact.label.clone();
    };
    let labels = role_ids(ctx, score, crate::model::QuestionRole::ImpactLabel);
    let whole = |(_, a): (&String, &crate::model::Answer)| match &a.value {
        Value::Text(t) | Value::Choice(t) if t.trim().starts_with(prefix) => {
            Some(t.trim().to_string())
        }
        _ => None,
    };
    let by_role = (e.answers.iter())
        .filter(|(id, _)| labels.contains(&id.as_str()))
        .find_map(whole);
    by_role
        .or_else(|| e.answers.iter().find_map(whole))
        .unwrap_or_else(|| impact.label.clone())
}

/// The ids of the AIIA questionnaire's questions playing `role`.
fn role_ids<'q>(
    ctx: &Context<'q>,
    score: &AiiaScore,
    role: crate::model::QuestionRole,
) -> Vec<&'q str> {
    ctx.questionnaire(&score.questionnaire)
        .map(|q| {
            (q.questions().into_iter())
                .filter(|(_, question)| {
                    crate::scoring::aiia::roles::role_of(question) == Some(role)
                })
                .map(|(_, question)| question.id.as_str())
                .collect()
        })
        .unwrap_or_default()
}

/// Without a `risk_appetite` in the questionnaire, how many of its risk levels (lowest
/// first) may be accepted: the first two (Low and Medium in the built-in AIIA).
const DEFAULT_ACCEPTABLE_LEVELS: usize = 2;

/// The AIIA questionnaire's risk levels, lowest first (the defaults without it).
pub fn levels(ctx: &Context<'_>, score: &AiiaScore) -> Vec<crate::model::rules::RiskLevel> {
    ctx.questionnaire(&score.questionnaire)
        .map_or_else(crate::scoring::aiia::default_risk_levels, |q| {
            crate::scoring::aiia::risk_levels(q)
        })
}

/// How many of `levels` (lowest first) are within the questionnaire's risk appetite.
pub fn acceptable_levels(
    ctx: &Context<'_>,
    score: &AiiaScore,
    levels: &[crate::model::rules::RiskLevel],
) -> usize {
    ctx.questionnaire(&score.questionnaire)
        .and_then(|q| q.scoring.risk_appetite.as_ref())
        .and_then(|a| levels.iter().position(|l| &l.id == a))
        .map_or(DEFAULT_ACCEPTABLE_LEVELS, |i| i + 1)
}

/// Whether the impact's residual level (inherent without one) is above the risk appetite.
pub fn above_appetite(ctx: &Context<'_>, score: &AiiaScore, impact: &ImpactScore) -> bool {
    let Some(rating) = impact.residual.as_ref().or(impact.inherent.as_ref()) else {
        return false;
    };
    let levels = levels(ctx, score);
    let rank = levels.iter().position(|l| l.id == rating.level);
    rank.is_some_and(|r| r >= acceptable_levels(ctx, score, &levels))
}

/// Why the remaining harm is acceptable: the non-blank answer to the entry's question
/// playing the `acceptance_rationale` role, whole.
pub fn rationale(ctx: &Context<'_>, score: &AiiaScore, impact: &ImpactScore) -> Option<String> {
    let ids = role_ids(ctx, score, crate::model::QuestionRole::AcceptanceRationale);
    entry(ctx, score, impact)?
        .answers
        .iter()
        .filter(|(id, _)| ids.contains(&id.as_str()))
        .map(|(_, a)| super::rows::value_text(&a.value).trim().to_string())
        .find(|t| !t.is_empty())
}
