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
/// (or the answer is not found).
pub fn full_text(ctx: &Context<'_>, score: &AiiaScore, impact: &ImpactScore) -> String {
    let Some(prefix) = impact.label.strip_suffix('…') else {
        return impact.label.clone();
    };
    let prefix = prefix.trim_end();
    entry(ctx, score, impact)
        .into_iter()
        .flat_map(|e| e.answers.values())
        .find_map(|a| match &a.value {
            Value::Text(t) | Value::Choice(t) if t.trim().starts_with(prefix) => {
                Some(t.trim().to_string())
            }
            _ => None,
        })
        .unwrap_or_else(|| impact.label.clone())
}
