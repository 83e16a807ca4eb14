//! Builders shared by the diff's unit tests, and tests of the whole diff.

use jiff::civil::Date;

use super::*;
use crate::model::{
    AnswerSpec, CorrectiveAction, Finding, FindingStatus, Question, Section, SnapshotMeta, Subject,
    SubjectKind,
};
use crate::scoring::NodeStatus;

pub(crate) fn empty_snapshot(created_at: &str) -> Snapshot {
    Snapshot {
        format: crate::model::snapshot::SNAPSHOT_FORMAT.into(),
        version: 1,
        meta: SnapshotMeta {
            organization: "Org".into(),
            assessor: "A".into(),
            created_at: created_at.parse().unwrap_or_default(),
            cycle: "stage-2".into(),
            label: String::new(),
            profile: "generic".into(),
        },
        questionnaires: Vec::new(),
        subjects: Vec::new(),
        assessments: Vec::new(),
        findings: Vec::new(),
        scoring_rules: None,
        scorecard: None,
        previous: None,
        digest: None,
    }
}

pub(crate) fn subject(id: &str, kind: SubjectKind, name: &str) -> Subject {
    Subject {
        id: id.into(),
        kind,
        name: name.into(),
        owner: None,
        role: None,
        lifecycle_stage: None,
        vendor: None,
        description: String::new(),
        retired: false,
        ..Subject::default()
    }
}

pub(crate) fn finding(
    id: &str,
    grade: FindingGrade,
    reference: &str,
    status: FindingStatus,
    due: Option<Date>,
) -> Finding {
    Finding {
        id: id.into(),
        grade,
        reference: reference.into(),
        audit: "stage-2".into(),
        description: "d".into(),
        raised: Date::constant(2025, 3, 1),
        status,
        corrective_action: due.map(|d| CorrectiveAction {
            root_cause: String::new(),
            action: "fix".into(),
            owner: None,
            due: Some(d),
            status,
            effectiveness_evidence: String::new(),
        }),
    }
}

pub(crate) fn questionnaire(id: &str, questions: &[(&str, &str)]) -> Questionnaire {
    Questionnaire {
        id: id.into(),
        version: "1.0.0".into(),
        title: "T".into(),
        kind: crate::model::Kind::Gap,
        description: String::new(),
        scales: Default::default(),
        scoring: Default::default(),
        sections: vec![Section {
            id: "s6".into(),
            reference: Some("6.1".into()),
            title: "Risk".into(),
            description: None,
            scored: true,
            audience: None,
            repeatable: None,
            excludable: None,
            applies_when: None,
            questions: questions
                .iter()
                .map(|(qid, prompt)| Question {
                    id: (*qid).into(),
                    prompt: (*prompt).into(),
                    help: String::new(),
                    vendor_help: None,
                    vendor_prompt: None,
                    audience: None,
                    evidence_examples: Vec::new(),
                    weight: 1.0,
                    tags: Vec::new(),
                    applies_when: None,
                    same_as: None,
                    mappings: Vec::new(),
                    required: false,
                    evidence_required: false,
                    excludable: None,
                    role: None,
                    inventory_field: None,
                    answer: AnswerSpec::Status,
                })
                .collect(),
            sections: Vec::new(),
        }],
    }
}

#[test]
fn headline_counts_from_scorecards_and_filters() {
    use NodeStatus::*;
    use nodes::tests::{card, node};
    let mut old = empty_snapshot("2025-03-01T00:00:00Z");
    let mut new = empty_snapshot("2026-03-01T00:00:00Z");
    old.scorecard = Some(card(
        0.4,
        vec![(
            node("c6", "6", Partial, Some(0.5)),
            vec![
                node("c6.1", "6.1", Gap, Some(0.0)),
                node("c6.2", "6.2", Met, Some(1.0)),
            ],
        )],
    ));
    new.scorecard = Some(card(
        0.7,
        vec![(
            node("c6", "6", Partial, Some(0.5)),
            vec![
                node("c6.1", "6.1", Met, Some(1.0)),
                node("c6.2", "6.2", Gap, Some(0.0)),
            ],
        )],
    ));
    old.findings = vec![finding(
        "F1",
        FindingGrade::Minor,
        "6.2",
        FindingStatus::Open,
        None,
    )];
    new.findings = vec![
        finding(
            "F1",
            FindingGrade::Minor,
            "6.2",
            FindingStatus::Closed,
            None,
        ),
        finding(
            "F2",
            FindingGrade::Observation,
            "7",
            FindingStatus::Open,
            None,
        ),
    ];
    let d = diff(&old, &new, &Questionnaires::default());
    assert_eq!(d.format, "clausewise-diff");
    assert_eq!(d.version, 1);
    let h = &d.headline;
    assert_eq!((h.readiness_old, h.readiness_new), (Some(0.4), Some(0.7)));
    assert_eq!(
        (h.gaps_opened, h.gaps_closed),
        (0, 0),
        "no answers, so no gap questions"
    );
    // c6.2 regressed, and F1 (closed) sits on it: a repeat risk.
    assert_eq!(h.regressions, 2);
    assert_eq!(h.improvements, 2);
    assert!(d.has_regression());
    assert_eq!(d.findings.repeat_risk[0].regressed, ["c6.2"]);
    let r = d.filtered(Only::Regressions);
    assert_eq!(r.nodes.len(), 1);
    assert!(
        r.findings.raised.is_empty(),
        "an observation is not a regression"
    );
    assert!(r.findings.closed.is_empty());
    let json = serde_json::to_string(&d).expect("json");
    let back: SnapshotDiff = serde_json::from_str(&json).expect("back");
    assert_eq!(back, d);
}

#[test]
fn identical_snapshots_have_no_changes() {
    let s = empty_snapshot("2025-03-01T00:00:00Z");
    let d = diff(&s, &s, &Questionnaires::default());
    assert!(!d.has_regression());
    assert!(d.nodes.is_empty() && d.answers.is_empty() && d.questionnaires.is_empty());
}
