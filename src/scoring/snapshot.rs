//! Scoring a whole snapshot: the gap assessment (the assessment of a `gap` questionnaire
//! with no subject), one AIIA per AI system and one review per vendor. Assessments of
//! retired subjects and of questionnaires not at hand are left out (see
//! [`unknown_questionnaires`]).

use std::collections::HashMap;

use crate::model::{Assessment, Kind, Profile, Questionnaire, Snapshot, Subject};

use super::aiia::score_aiia_with;
use super::gap::score_gap_with;
use super::prepared::Prepared;
use super::tree::ScoreOptions;
use super::types::Scorecard;
use super::vendor::score_vendor_with;

/// Scores every assessment of a snapshot. Each questionnaire is prepared (indexed, with the
/// effective weights under `profile`) once and shared by every assessment that uses it;
/// subjects are looked up by id in a map.
pub fn score_snapshot(
    questionnaires: &[&Questionnaire],
    profile: &Profile,
    snapshot: &Snapshot,
    opts: ScoreOptions,
) -> Scorecard {
    let mut prepared: HashMap<&str, Prepared<'_>> = HashMap::new();
    for q in questionnaires {
        prepared
            .entry(q.id.as_str())
            .or_insert_with(|| Prepared::new(q).weighted(profile, opts.weighted));
    }
    let subjects: HashMap<&str, &Subject> = snapshot
        .subjects
        .iter()
        .rev()
        .map(|s| (s.id.as_str(), s))
        .collect();
    let subject = |a: &Assessment| {
        a.subject
            .as_deref()
            .and_then(|id| subjects.get(id).copied())
    };
    let mut card = Scorecard {
        profile: profile.id.clone(),
        weighted: opts.weighted,
        as_of: opts.as_of,
        gap: None,
        aiias: Vec::new(),
        vendors: Vec::new(),
    };
    for a in &snapshot.assessments {
        let s = subject(a);
        if s.is_some_and(|s| s.retired) {
            continue;
        }
        let Some(p) = prepared.get(a.questionnaire.as_str()) else {
            continue;
        };
        match (p.questionnaire.kind, &a.subject) {
            (Kind::Gap, None) if card.gap.is_none() => {
                card.gap = Some(score_gap_with(p, a, profile, opts));
            }
            (Kind::Aiia, Some(_)) => card.aiias.push(score_aiia_with(p, a, profile, s, opts)),
            (Kind::Vendor, Some(_)) => card.vendors.push(score_vendor_with(p, a, profile, s, opts)),
            _ => {}
        }
    }
    card
}

/// Ids of questionnaires the snapshot's assessments use that are not in `questionnaires`.
pub fn unknown_questionnaires(
    questionnaires: &[&Questionnaire],
    snapshot: &Snapshot,
) -> Vec<String> {
    let mut out: Vec<String> = snapshot
        .assessments
        .iter()
        .map(|a| a.questionnaire.clone())
        .filter(|id| !questionnaires.iter().any(|q| &q.id == id))
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::snapshot::{SNAPSHOT_FORMAT, SNAPSHOT_VERSION};
    use crate::model::{SnapshotMeta, Status, SubjectKind};
    use crate::scoring::testkit::*;

    fn subject(id: &str, kind: SubjectKind, retired: bool) -> Subject {
        Subject {
            id: id.into(),
            kind,
            name: id.into(),
            owner: None,
            role: None,
            lifecycle_stage: None,
            vendor: None,
            description: String::new(),
            retired,
        }
    }

    #[test]
    fn gap_aiias_and_vendors_are_routed_by_kind_and_retired_subjects_skipped() {
        let gap = qn(vec![sec("c4", vec![q_status("a", 1.0)])]);
        let mut aiia = qn(vec![sec("s", vec![q_text("t")])]);
        aiia.id = "aiia".into();
        aiia.kind = Kind::Aiia;
        let mut vendor = qn(vec![sec("v", vec![q_status("v1", 1.0)])]);
        vendor.id = "vendor".into();
        vendor.kind = Kind::Vendor;
        let mut g = assessment(&gap, None);
        g.answers.insert("a".into(), status(Status::Met));
        let snap = Snapshot {
            format: SNAPSHOT_FORMAT.into(),
            version: SNAPSHOT_VERSION,
            meta: SnapshotMeta {
                organization: "Org".into(),
                assessor: "Me".into(),
                created_at: jiff::Timestamp::UNIX_EPOCH,
                cycle: "stage-1".into(),
                label: String::new(),
                profile: "test".into(),
            },
            questionnaires: Vec::new(),
            subjects: vec![
                subject("sys", SubjectKind::AiSystem, false),
                subject("old", SubjectKind::AiSystem, true),
                subject("acme", SubjectKind::Vendor, false),
            ],
            assessments: vec![
                g,
                assessment(&aiia, Some("sys")),
                assessment(&aiia, Some("old")),
                assessment(&vendor, Some("acme")),
                Assessment::new("missing", None),
            ],
            findings: Vec::new(),
            scorecard: None,
            previous: None,
            digest: None,
        };
        let qs = [&gap, &aiia, &vendor];
        let opts = ScoreOptions {
            as_of: as_of(),
            weighted: false,
        };
        let card = score_snapshot(&qs, &profile(), &snap, opts);
        assert_eq!(card.gap.as_ref().map(|g| g.overall.readiness), Some(1.0));
        assert_eq!(card.aiias.len(), 1);
        assert_eq!(card.aiias[0].subject, "sys");
        assert_eq!(card.vendors[0].subject, "acme");
        assert!(!card.weighted);
        assert_eq!(unknown_questionnaires(&qs, &snap), ["missing"]);
    }
}
