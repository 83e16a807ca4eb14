//! The scorecard as a versioned JSON document for other tools.
//!
//! ```json
//! {
//!   "format": "clausewise-scorecard",
//!   "version": 1,
//!   "snapshot": { "organization": "…", "assessor": "…", "cycle": "…", "created_at": "…",
//!                 "label": "…", "profile": "…", "digest": "sha256:…" },
//!   "scorecard_computed": true,
//!   "scorecard": { …the snapshot's scorecard, field for field… },
//!   "impact_texts": [ { "subject": "…", "entry": "…", "text": "…the whole impact…" } ],
//!   "crosswalk": { "framework": "nist-ai-rmf", "groups": [ … ] }   // only with --framework
//! }
//! ```
//!
//! Keys are in canonical (sorted) order at every level, strings are sanitized, and the
//! document ends with a newline, so the same snapshot always gives the same bytes.
//! `scorecard` is `null` when the snapshot has no scores yet (`scorecard_computed: false`).
//! Version 1 may gain fields; a field is never renamed or removed without a new version.

use serde_json::{Map, Value, json};

use super::Context;
use super::crosswalk::Group;
use super::escape::status_name;

/// The `format` field.
pub const FORMAT: &str = "clausewise-scorecard";
/// The document version.
pub const VERSION: u32 = 1;

/// The document, pretty-printed with a trailing newline.
pub fn render(ctx: &Context<'_>, framework: Option<&str>) -> String {
    let m = &ctx.snapshot.meta;
    let mut doc = json!({
        "format": FORMAT,
        "version": VERSION,
        "snapshot": {
            "organization": m.organization,
            "assessor": m.assessor,
            "cycle": m.cycle,
            "created_at": m.created_at.to_string(),
            "label": m.label,
            "profile": m.profile,
            "digest": ctx.snapshot.digest,
        },
        "scorecard_computed": ctx.scorecard().is_some(),
        "scorecard": scorecard(ctx),
        "impact_texts": impact_texts(ctx),
    });
    if let (Some(fw), Value::Object(o)) = (framework, &mut doc) {
        let groups: Vec<Value> = super::crosswalk::group(ctx, fw).iter().map(group).collect();
        o.insert(
            "crosswalk".into(),
            json!({ "framework": fw, "groups": groups }),
        );
    }
    to_canonical_string(doc)
}

/// The stored scorecard, with the gap questions' scores as the answers give them now (see
/// [`super::rows`]): a stale stored status never contradicts the answer in the export.
fn scorecard(ctx: &Context<'_>) -> Value {
    let mut v = serde_json::to_value(ctx.scorecard()).unwrap_or(Value::Null);
    let Some(card) = ctx.scorecard() else {
        return v;
    };
    let Some(gap) = &card.gap else { return v };
    let assessment = (ctx.snapshot.assessments.iter())
        .find(|a| a.subject.is_none() && a.questionnaire == gap.questionnaire);
    let Some(a) = assessment else { return v };
    let rows = super::rows::assessment_rows(ctx, a);
    let by_id: std::collections::HashMap<&str, _> = (rows.iter())
        .filter(|r| r.entry.is_none())
        .filter_map(|r| r.score.as_ref().map(|s| (r.question_id, s)))
        .collect();
    let fresh: Vec<Value> = (gap.questions.iter())
        .map(|stored| {
            let score = by_id.get(&*stored.id).map_or(stored, |s| &**s);
            serde_json::to_value(score).unwrap_or(Value::Null)
        })
        .collect();
    if let Some(qs) = v.pointer_mut("/gap/questions") {
        *qs = Value::Array(fresh);
    }
    v
}

/// The whole text of every AIIA impact, by subject and entry: the scorecard's impact `label`
/// is cut to 60 characters for screens, and a machine-readable export carries every answer
/// uncut (the scorecard itself stays field for field).
fn impact_texts(ctx: &Context<'_>) -> Value {
    let card = ctx.scorecard();
    let texts: Vec<Value> = (card.iter())
        .flat_map(|c| &c.aiias)
        .flat_map(|a| a.impacts.iter().map(move |i| (a, i)))
        .map(|(a, i)| {
            json!({
                "subject": a.subject,
                "entry": i.entry,
                "text": super::impact::full_text(ctx, a, i),
            })
        })
        .collect();
    Value::Array(texts)
}

fn group(g: &Group) -> Value {
    json!({
        "ref": g.reference,
        "status": g.status.map(status_name),
        "counts": serde_json::to_value(g.counts).unwrap_or(Value::Null),
        "questions": g.questions,
    })
}

/// Sanitizes every string (keys and values) and sorts object keys, recursively.
pub fn canonical(v: Value) -> Value {
    match v {
        Value::String(s) => Value::String(crate::sanitize::text(&s)),
        Value::Array(a) => Value::Array(a.into_iter().map(canonical).collect()),
        Value::Object(o) => {
            let mut entries: Vec<(String, Value)> = o
                .into_iter()
                .map(|(k, v)| (crate::sanitize::line(&k), canonical(v)))
                .collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().collect::<Map<_, _>>())
        }
        other => other,
    }
}

/// [`canonical`], pretty-printed with a trailing newline.
pub fn to_canonical_string(v: Value) -> String {
    let mut s = serde_json::to_string_pretty(&canonical(v)).unwrap_or_default();
    s.push('\n');
    s
}
