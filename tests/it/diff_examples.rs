//! The diff of the two example snapshots, field by field. Question ids come from the
//! built-in questionnaires by clause reference, as the example generator picks them.

use std::path::Path;

use clausewise::catalog::Catalog;
use clausewise::diff::{AnswerField, Direction, Questionnaires, diff};
use clausewise::model::{FindingGrade, FindingStatus, Kind, Snapshot};
use clausewise::store::snapshots;
use jiff::civil::date;

fn load(name: &str) -> Snapshot {
    snapshots::load(&Path::new("snapshots").join(name)).expect(name)
}

fn pair() -> (Snapshot, Snapshot) {
    (
        load("harbourline-logistics-2025-stage-2.json"),
        load("harbourline-logistics-2026-surveillance-1.json"),
    )
}

#[test]
fn the_examples_are_chained() {
    let (old, new) = pair();
    assert!(old.digest.is_some());
    assert_eq!(old.previous, None);
    assert_eq!(new.previous, old.digest);
}

#[test]
fn example_diff_field_by_field() {
    let (old, new) = pair();
    let catalog = Catalog::builtin();
    let qs = Questionnaires {
        old: Vec::new(),
        new: catalog.questionnaires.iter().map(|l| &l.item).collect(),
    };
    let d = diff(&old, &new, &qs);
    let gap = catalog.questionnaire_of_kind(Kind::Gap).expect("gap");
    // The example generator lets the last question of 8.2 (AI risk assessment) slip back.
    let regressed_id = (gap.questions().into_iter())
        .filter(|(s, _)| s.reference.as_deref() == Some("8.2"))
        .map(|(_, q)| q.id.clone())
        .next_back()
        .expect("8.2 has questions");

    assert_eq!(d.old.organization, "Harbourline Logistics");
    assert_eq!(
        (d.old.cycle.as_str(), d.new.cycle.as_str()),
        ("stage-2", "surveillance-1")
    );
    assert_eq!(d.old.label, "FY25 Stage 2 certification audit");
    assert_eq!(d.new.digest, new.digest);

    // Headline: gaps counted per question from the two snapshots' own answers, readiness
    // from their scorecards.
    let gap_ids = |s: &clausewise::model::Snapshot| -> std::collections::BTreeSet<String> {
        s.assessments
            .iter()
            .filter(|a| a.questionnaire == gap.id)
            .flat_map(|a| a.answers.iter())
            .filter(|(_, a)| {
                a.value == clausewise::model::Value::Status(clausewise::model::Status::Gap)
            })
            .map(|(id, _)| id.clone())
            .collect()
    };
    let (was, is) = (gap_ids(&old), gap_ids(&new));
    let h = &d.headline;
    assert!(!was.is_empty(), "the Stage 2 example has gaps");
    assert_eq!(h.gaps_closed, was.difference(&is).count());
    assert_eq!(h.gaps_opened, is.difference(&was).count());
    assert!(
        h.gaps_closed > h.gaps_opened,
        "a year of remediation closes gaps"
    );
    let overall = |s: &clausewise::model::Snapshot| {
        s.scorecard
            .as_ref()
            .and_then(|c| c.gap.as_ref())
            .map(|g| g.overall.readiness)
    };
    assert_eq!(
        (h.readiness_old, h.readiness_new),
        (overall(&old), overall(&new))
    );
    assert!(h.readiness_new > h.readiness_old);
    assert!(d.has_regression());

    // Answers: exactly one got worse, first, with every field change.
    let worse: Vec<_> = d
        .answers
        .iter()
        .filter(|a| a.direction.is_worse())
        .collect();
    assert_eq!(worse.len(), 1);
    let a = &d.answers[0];
    assert_eq!(a.direction, Direction::Regressed);
    assert_eq!(
        (a.questionnaire.as_str(), a.subject.as_deref()),
        (gap.id.as_str(), None)
    );
    assert_eq!(a.question, regressed_id);
    let fields: Vec<(AnswerField, Option<&str>, Option<&str>)> = a
        .fields
        .iter()
        .map(|f| (f.field, f.old.as_deref(), f.new.as_deref()))
        .collect();
    let evidence = format!("HL-ISMS/{regressed_id}");
    assert_eq!(
        fields,
        vec![
            (AnswerField::Value, Some("met"), Some("partial")),
            (
                AnswerField::Note,
                None,
                Some("Procedure owner left in Q4; the annual review was missed.")
            ),
            (AnswerField::Evidence, Some(evidence.as_str()), None),
            (AnswerField::Attestation, Some("evidence_backed"), None),
            (AnswerField::Owner, None, Some("Priya Raman")),
            (AnswerField::Due, None, Some("2026-06-30")),
        ]
    );

    // Inventory.
    let added: Vec<(&str, Option<&str>)> = d
        .assessments
        .added
        .iter()
        .map(|x| (x.questionnaire.as_str(), x.subject.as_deref()))
        .collect();
    let aiia = catalog.questionnaire_of_kind(Kind::Aiia).expect("aiia");
    let vendor = catalog.questionnaire_of_kind(Kind::Vendor).expect("vendor");
    assert_eq!(
        added,
        vec![
            (aiia.id.as_str(), Some("customs-classifier")),
            (vendor.id.as_str(), Some("tariffmind")),
        ]
    );
    assert!(d.assessments.removed.is_empty());
    let new_subjects: Vec<&str> = d.subjects.added.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(new_subjects, ["customs-classifier", "tariffmind"]);
    assert_eq!(d.subjects.renamed.len(), 1);
    assert_eq!(d.subjects.renamed[0].id, "demand-forecast");
    assert_eq!(d.subjects.renamed[0].old_name, "Demand forecasting model");
    assert_eq!(d.subjects.renamed[0].new_name, "Network demand forecaster");
    assert!(d.subjects.removed.is_empty() && d.subjects.retired.is_empty());

    // Findings.
    let f = &d.findings;
    let ids =
        |v: &[clausewise::diff::FindingRef]| v.iter().map(|x| x.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&f.raised), ["F-2026-01"]);
    assert_eq!(f.raised[0].grade, FindingGrade::Minor);
    assert_eq!(f.raised[0].audit, "surveillance-1");
    assert_eq!(ids(&f.closed), ["F-2025-01"]);
    assert_eq!(f.closed[0].status, FindingStatus::Closed);
    assert_eq!(ids(&f.still_open), ["F-2025-02"]);
    assert_eq!(ids(&f.overdue), ["F-2025-02"]);
    assert_eq!(f.overdue[0].due, Some(date(2026, 1, 31)));
    assert!(f.dropped.is_empty() && f.regraded.is_empty());
    assert_eq!(f.repeat_risk.len(), 1);
    assert_eq!(f.repeat_risk[0].finding.id, "F-2025-01");
    assert!(
        f.repeat_risk[0]
            .regressed
            .contains(&format!("{}:{regressed_id}", gap.id)),
        "{:?}",
        f.repeat_risk[0].regressed
    );

    // Same questionnaires on both sides: nothing to report there.
    assert!(d.questionnaires.is_empty());
}
