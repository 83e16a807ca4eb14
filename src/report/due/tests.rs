use super::*;
use crate::catalog::Catalog;
use crate::model::{Snapshot, WorkspaceState};

fn day(s: &str) -> Date {
    s.parse().unwrap()
}

/// A snapshot with one open gap action, one Met one, expiring evidence, an AIIA signed off
/// a year ago, a vendor reviewed long ago, and findings open and closed.
fn snapshot() -> Snapshot {
    let mut s = WorkspaceState::new("Org", "Assessor", "generic").to_snapshot(
        "2026-03-01T00:00:00Z".parse().unwrap(),
        String::new(),
        String::new(),
    );
    let json = serde_json::json!({
        "subjects": [
            {"id": "triage", "kind": "ai_system", "name": "Triage bot"},
            {"id": "acme", "kind": "vendor", "name": "Acme Models", "owner": "Procurement"}
        ],
        "assessments": [
            {"questionnaire": "iso42001-gap", "answers": {
                "c4.2.register": {"value": {"status": "gap"}, "owner": "Priya", "due": "2026-02-15"},
                "c4.1.issues": {"value": {"status": "met"}, "due": "2026-02-01",
                    "evidence": [{"reference": "Context memo", "expires": "2026-03-20"}]},
                "c4.1.legal": {"value": {"status": "partial"}, "owner": "Sam", "due": "2026-09-01"}
            }},
            {"questionnaire": "iso42001-aiia", "subject": "triage", "answers": {
                "decision.owner-name": {"value": {"text": "Dana Ruiz"}},
                "decision.owner-role": {"value": {"text": "Chief risk officer"}},
                "decision.date": {"value": {"date": "2025-03-10"}}
            }},
            {"questionnaire": "ai-vendor-due-diligence", "subject": "acme", "answers": {
                "eng.use-case": {"value": {"text": "Drafting replies"},
                    "answered_at": "2025-01-05T09:00:00Z"}
            }}
        ],
        "findings": [
            {"id": "F-1", "grade": "minor", "ref": "4.1", "audit": "stage-2", "description": "x",
             "raised": "2025-10-01", "status": "open", "corrective_action": {"root_cause": "r",
             "action": "a", "owner": "Lee", "due": "2026-01-31", "status": "open"}},
            {"id": "F-2", "grade": "major", "ref": "6.1", "audit": "stage-2", "description": "y",
             "raised": "2025-10-01", "status": "closed", "corrective_action": {"root_cause": "r",
             "action": "a", "due": "2025-12-01", "status": "closed"}}
        ]
    });
    s.subjects = serde_json::from_value(json["subjects"].clone()).unwrap();
    s.assessments = serde_json::from_value(json["assessments"].clone()).unwrap();
    s.findings = serde_json::from_value(json["findings"].clone()).unwrap();
    s
}

fn list(as_of: &str, within_days: i32) -> DueList {
    let cat = Catalog::builtin();
    let qs: Vec<&Questionnaire> = cat.questionnaires.iter().map(|l| &l.item).collect();
    let profile = cat.profile("generic").unwrap();
    let opts = DueOptions {
        as_of: day(as_of),
        within_days,
    };
    due(&snapshot(), &qs, profile, opts)
}

fn summary(l: &DueList) -> Vec<(DueKind, String, String, bool)> {
    l.items
        .iter()
        .map(|i| (i.kind, i.reference.clone(), i.due.to_string(), i.overdue))
        .collect()
}

#[test]
fn overdue_and_upcoming_work_of_every_kind_earliest_first() {
    let l = list("2026-03-01", 30);
    assert_eq!(l.until, day("2026-03-31"));
    let want: Vec<(DueKind, String, String, bool)> = vec![
        (
            DueKind::VendorReassessment,
            "acme".into(),
            "2026-01-05".into(),
            true,
        ),
        (DueKind::Finding, "F-1".into(), "2026-01-31".into(), true),
        (
            DueKind::Action,
            "c4.2.register".into(),
            "2026-02-15".into(),
            true,
        ),
        (
            DueKind::AiiaReview,
            "triage".into(),
            "2026-03-10".into(),
            false,
        ),
        (
            DueKind::Evidence,
            "c4.1.issues".into(),
            "2026-03-20".into(),
            false,
        ),
    ];
    assert_eq!(summary(&l), want, "{:#?}", l.items);
    assert_eq!((l.overdue, l.upcoming), (3, 2));
}

#[test]
fn met_answers_closed_findings_and_far_dates_are_left_out() {
    let l = list("2026-03-01", 30);
    let refs: Vec<&str> = l.items.iter().map(|i| i.reference.as_str()).collect();
    // c4.1.issues is Met: its due date is no action (only its evidence expiry is listed).
    assert!(
        !l.items
            .iter()
            .any(|i| i.kind == DueKind::Action && i.reference == "c4.1.issues")
    );
    assert!(!refs.contains(&"F-2"), "closed finding listed: {refs:?}");
    assert!(
        !refs.contains(&"c4.1.legal"),
        "September action listed: {refs:?}"
    );
    let wide = list("2026-03-01", 200);
    assert!(
        wide.items
            .iter()
            .any(|i| i.reference == "c4.1.legal" && i.owner.as_deref() == Some("Sam"))
    );
}

#[test]
fn nothing_is_overdue_before_the_first_date() {
    let l = list("2025-01-01", 0);
    assert_eq!(l.overdue, 0, "{:#?}", l.items);
    assert!(l.items.is_empty(), "{:#?}", l.items);
}

#[test]
fn subject_names_and_owners_are_carried() {
    let l = list("2026-03-01", 30);
    let vendor = l
        .items
        .iter()
        .find(|i| i.kind == DueKind::VendorReassessment)
        .unwrap();
    assert_eq!(vendor.subject.as_deref(), Some("Acme Models"));
    assert_eq!(vendor.owner.as_deref(), Some("Procurement"));
    let aiia = l
        .items
        .iter()
        .find(|i| i.kind == DueKind::AiiaReview)
        .unwrap();
    assert_eq!(aiia.subject.as_deref(), Some("Triage bot"));
}

#[test]
fn a_vendor_is_reassessed_at_its_tiers_cadence() {
    let mut s = snapshot();
    let vendor = (s.assessments.iter_mut())
        .find(|a| a.subject.as_deref() == Some("acme"))
        .unwrap();
    let answers = serde_json::json!({
        "eng.data": {"value": {"choice": "special"}, "answered_at": "2025-12-01T09:00:00Z"},
        "gov.ai-policy": {"value": {"choice": "none"}, "answered_at": "2025-12-01T09:00:00Z"},
        "data.training": {"value": {"choice": "opt-out"}, "answered_at": "2025-12-01T09:00:00Z"}
    });
    vendor
        .answers
        .extend(serde_json::from_value::<BTreeMap<String, crate::model::Answer>>(answers).unwrap());
    let cat = Catalog::builtin();
    let qs: Vec<&Questionnaire> = cat.questionnaires.iter().map(|l| &l.item).collect();
    let profile = cat.profile("generic").unwrap();
    let opts = DueOptions {
        as_of: day("2026-02-01"),
        within_days: 60,
    };
    let l = due(&s, &qs, profile, opts);
    let item = (l.items.iter())
        .find(|i| i.kind == DueKind::VendorReassessment)
        .expect("reassessment");
    // High inherent risk (special-category data) with no AI policy: the critical tier,
    // reassessed every 3 months (the profile alone would say 12).
    assert_eq!(profile.review_months, 12);
    assert_eq!(item.due, day("2026-03-01"));
    assert_eq!(
        item.what,
        "vendor due diligence reassessment (last reviewed 2025-12-01; Critical tier: every 3 months)"
    );
}
