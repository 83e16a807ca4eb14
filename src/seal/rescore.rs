//! Recomputing a snapshot's scorecard from its sealed answers with today's rules, and
//! saying where and why the stored one differs.

use super::{SealError, scorecard, stamp};
use crate::catalog::Catalog;
use crate::model::Snapshot;
use crate::report::escape::pct;
use crate::scoring::{RULES_VERSION, Scorecard};

/// Replaces the stored scorecard of `snap` (shown as `shown`) with one computed from its
/// answers with today's rules; when the two differ, returns the `SCORECARD DIFFERS` notice
/// naming the first figure that differs (with both values) and why it may differ: a
/// questionnaire changed since the snapshot was taken, the scoring rules changed, or the
/// scorecard was altered. An error (unknown profile) leaves the snapshot as it was.
pub fn rescore(
    shown: &str,
    snap: &mut Snapshot,
    catalog: &Catalog,
) -> Result<Option<String>, SealError> {
    let fresh = scorecard(snap, catalog)?;
    let rules = snap.scoring_rules;
    let stored = snap.scorecard.replace(fresh);
    snap.scoring_rules = Some(RULES_VERSION);
    let (Some(stored), Some(fresh)) = (stored, snap.scorecard.as_ref()) else {
        return Ok(None);
    };
    if stored == *fresh {
        return Ok(None);
    }
    // Only when they differ: stamping a questionnaire serializes and hashes it.
    let changed = changed_questionnaires(snap, catalog);
    Ok(Some(differs(shown, &stored, rules, &changed, fresh)))
}

/// The questionnaires whose content today differs from the one the snapshot was taken
/// with, as `id version → version`.
fn changed_questionnaires(snap: &Snapshot, catalog: &Catalog) -> Vec<String> {
    (snap.questionnaires.iter())
        .filter_map(|was| {
            let now = catalog.questionnaire(&was.id)?;
            let stamp = stamp(now).ok()?;
            (stamp.sha256 != was.sha256).then(|| {
                crate::sanitize::line(&format!("{} {} → {}", was.id, was.version, now.version))
            })
        })
        .collect()
}

fn overall(card: &Scorecard) -> String {
    card.gap
        .as_ref()
        .map_or_else(|| "n/a".into(), |g| pct(g.overall.readiness))
}

/// The first figure that differs between two scorecards, with both values: overall
/// readiness, then each vendor's tier and control score, then each AI system's assessment.
fn first_difference(stored: &Scorecard, fresh: &Scorecard) -> String {
    let (a, b) = (overall(stored), overall(fresh));
    if a != b {
        return format!("overall readiness {a} stored, {b} from the answers");
    }
    let tier = |v: &crate::scoring::VendorScore| {
        let t = v.tier.as_deref().unwrap_or("no tier");
        format!("{t} tier, controls {}", pct(v.control_score))
    };
    for v in &fresh.vendors {
        let was = stored.vendors.iter().find(|w| w.subject == v.subject);
        if was != Some(v) {
            let old = was.map_or_else(|| "absent".into(), tier);
            let id = crate::sanitize::line(&v.subject);
            return format!("vendor {id}: {old} stored, {} from the answers", tier(v));
        }
    }
    for x in &fresh.aiias {
        if !stored.aiias.contains(x) {
            let id = crate::sanitize::line(&x.subject);
            return format!("the impact assessment of {id}");
        }
    }
    format!("overall readiness {a} both, but details of the gap assessment")
}

fn differs(
    shown: &str,
    stored: &Scorecard,
    rules: Option<u32>,
    changed: &[String],
    fresh: &Scorecard,
) -> String {
    let why = if !changed.is_empty() {
        format!(
            "questionnaire changed since the snapshot was taken: {}",
            changed.join(", ")
        )
    } else if rules == Some(RULES_VERSION) {
        "the scorecard was altered after scoring".into()
    } else {
        "the scoring rules changed since, or the scorecard was altered".into()
    };
    let rules = rules.map_or_else(|| "not recorded".into(), |v| format!("v{v}"));
    format!(
        "SCORECARD DIFFERS: {shown}: the stored scorecard (scoring rules {rules}) and the sealed answers scored with today's rules (v{RULES_VERSION}) differ in {}; {why}; the figures shown are computed from the answers",
        first_difference(stored, fresh)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::WorkspaceState;

    fn unsealed(org: &str, at: &str) -> Snapshot {
        WorkspaceState::new(org, "A", "generic").to_snapshot(
            at.parse().expect("time"),
            "stage-1".into(),
            String::new(),
        )
    }

    #[test]
    fn a_differing_scorecard_names_the_figure_and_the_changed_questionnaire() {
        let catalog = Catalog::builtin();
        let mut snap = unsealed("Acme", "2025-01-01T00:00:00Z");
        let json = serde_json::json!([
            {"id": "acme", "kind": "vendor", "name": "Acme"}
        ]);
        snap.subjects = serde_json::from_value(json).expect("subjects");
        let mut vendor =
            crate::model::Assessment::new("ai-vendor-due-diligence", Some("acme".into()));
        let answer = crate::model::Answer::new(crate::model::Value::Choice("special".into()));
        vendor.answers.insert("eng.data".into(), answer);
        snap.assessments.push(vendor);
        let q = catalog.questionnaire("ai-vendor-due-diligence").expect("q");
        let mut was = stamp(q).expect("stamp");
        snap.scorecard = Some(scorecard(&snap, &catalog).expect("score"));
        snap.scoring_rules = Some(RULES_VERSION);
        assert_eq!(
            rescore("a.json", &mut snap.clone(), &catalog).expect("ok"),
            None
        );
        was.version = "1.0.0".into();
        was.sha256 = "sha256:00".into();
        snap.questionnaires = vec![was];
        let card = snap.scorecard.as_mut().expect("card");
        card.vendors[0].tier = Some("low".into());
        let notice = rescore("a.json", &mut snap, &catalog)
            .expect("ok")
            .expect("differs");
        let now = &q.version;
        let tier = snap.scorecard.as_ref().expect("card").vendors[0]
            .tier
            .clone();
        assert_eq!(
            notice,
            format!(
                "SCORECARD DIFFERS: a.json: the stored scorecard (scoring rules v{RULES_VERSION}) and the sealed answers scored with today's rules (v{RULES_VERSION}) differ in vendor acme: low tier, controls 0% stored, {} tier, controls 0% from the answers; questionnaire changed since the snapshot was taken: ai-vendor-due-diligence 1.0.0 → {now}; the figures shown are computed from the answers",
                tier.expect("a tier")
            )
        );
    }
}
