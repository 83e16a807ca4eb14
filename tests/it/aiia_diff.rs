//! AIIA results: exposure apart from quality, and `diff` calling an AIIA change a
//! regression only when residual risk rises or quality falls (honest corrections are not).

use clausewise::catalog::Catalog;
use clausewise::diff::{Direction, Questionnaires, diff};
use clausewise::model::{
    Answer, Assessment, Entry, Rating, Snapshot, Subject, SubjectKind, Value, WorkspaceState, YesNo,
};
use clausewise::scoring::{ScoreOptions, score_snapshot};
use jiff::civil::date;

fn choice(v: &str) -> Answer {
    Answer::new(Value::Choice(v.into()))
}

/// One AI system's AIIA: one impact rated `residual` after controls.
fn aiia(residual: (i64, i64), edits: &[(&str, Answer)]) -> Assessment {
    let mut a = Assessment::new("iso42001-aiia", Some("triage".into()));
    a.answers
        .insert("regulation.eu-class".into(), choice("not_in_scope"));
    a.answers.insert(
        "people.vulnerable".into(),
        Answer::new(Value::MultiChoice(vec!["none_identified".into()])),
    );
    a.answers
        .insert("decision.outcome".into(), choice("accept"));
    a.answers.insert(
        "system.data.special".into(),
        Answer::new(Value::YesNo(YesNo::No)),
    );
    for (id, ans) in edits {
        a.answers.insert((*id).into(), ans.clone());
    }
    let rating = |(l, s): (i64, i64)| {
        Answer::new(Value::LikelihoodSeverity(Rating {
            likelihood: l,
            severity: s,
        }))
    };
    let mut e = Entry {
        id: "impact-1".into(),
        answers: Default::default(),
    };
    e.answers
        .insert("impacts.category".into(), choice("fairness"));
    e.answers.insert("impacts.inherent".into(), rating((4, 4)));
    e.answers
        .insert("impacts.residual".into(), rating(residual));
    a.entries.insert("impacts".into(), vec![e]);
    a
}

fn snapshot(cat: &Catalog, a: Assessment, day: i8) -> Snapshot {
    let mut state = WorkspaceState::new("Org", "Auditor", "generic");
    let system: Subject = serde_json::from_value(serde_json::json!({
        "id": "triage", "kind": "ai_system", "name": "Triage bot"
    }))
    .expect("subject");
    assert_eq!(system.kind, SubjectKind::AiSystem);
    state.subjects.push(system);
    state.assessments.push(a);
    let at = format!("2026-01-{day:02}T10:00:00Z").parse().expect("ts");
    let mut s = state.to_snapshot(at, "surveillance-1".into(), "x".into());
    let qs: Vec<_> = cat.questionnaires.iter().map(|l| &l.item).collect();
    let p = cat.profile("generic").expect("generic");
    let opts = ScoreOptions {
        as_of: date(2026, 1, 31),
        weighted: true,
    };
    s.scorecard = Some(score_snapshot(&qs, p, &s, opts));
    s
}

fn run(before: Assessment, after: Assessment) -> clausewise::diff::SnapshotDiff {
    let cat = Catalog::builtin();
    let (o, n) = (snapshot(&cat, before, 1), snapshot(&cat, after, 2));
    let qs: Vec<_> = cat.questionnaires.iter().map(|l| &l.item).collect();
    diff(
        &o,
        &n,
        &Questionnaires {
            old: qs.clone(),
            new: qs,
        },
    )
}

#[test]
fn four_honest_corrections_are_not_regressions() {
    let before = aiia((2, 2), &[]);
    let after = aiia(
        (2, 2),
        &[
            (
                "people.vulnerable",
                Answer::new(Value::MultiChoice(vec![
                    "children".into(),
                    "ill_health".into(),
                ])),
            ),
            ("decision.outcome", choice("do_not_deploy")),
            ("regulation.eu-class", choice("high_risk_annex_iii")),
            ("system.data.special", Answer::new(Value::YesNo(YesNo::Yes))),
        ],
    );
    let d = run(before, after);
    let aiia_answers: Vec<_> = (d.answers.iter())
        .filter(|a| a.questionnaire == "iso42001-aiia")
        .collect();
    assert_eq!(aiia_answers.len(), 4, "{aiia_answers:?}");
    assert!(
        aiia_answers
            .iter()
            .all(|a| a.direction == Direction::Changed)
    );
    assert!(!d.has_regression(), "{:?}", d.headline);
    // The exposure is reported, apart from quality.
    let cat = Catalog::builtin();
    let s = snapshot(
        &cat,
        aiia((2, 2), &[("decision.outcome", choice("do_not_deploy"))]),
        3,
    );
    let card = s.scorecard.expect("card");
    let e = card.aiias[0].exposure.as_ref().expect("exposure");
    assert_eq!(e.decision.as_deref(), Some("do_not_deploy"));
    assert_eq!(
        (e.max_inherent, e.max_residual, e.impacts),
        (Some(16), Some(4), 1)
    );
}

#[test]
fn residual_risk_rising_is_a_regression_with_its_reason() {
    let d = run(aiia((2, 2), &[]), aiia((3, 4), &[]));
    assert!(d.has_regression());
    let c = &d.aiias[0];
    assert_eq!(c.direction, Direction::Regressed);
    assert_eq!((c.residual_old, c.residual_new), (Some(4), Some(12)));
    assert!(c.reasons[0].contains("residual risk rose from 4 to 12"));
}

/// The SoA follows each system's recorded role: a healthcare organization (profile role
/// deployer) that records one system as provider keeps the provider controls A.6.1.2 and
/// A.6.1.3 in its Statement of Applicability.
#[test]
fn soa_applicability_follows_the_inventory_roles_not_only_the_profile() {
    let cat = Catalog::builtin();
    let qs: Vec<_> = cat.questionnaires.iter().map(|l| &l.item).collect();
    let p = cat.profile("healthcare").expect("healthcare");
    let soa_for = |role: Option<&str>| {
        let mut state = WorkspaceState::new("Clinic", "Auditor", "healthcare");
        let mut system = serde_json::json!({"id": "triage", "kind": "ai_system", "name": "Triage"});
        if let Some(r) = role {
            system["role"] = serde_json::json!(r);
        }
        state
            .subjects
            .push(serde_json::from_value(system).expect("subject"));
        state
            .assessments
            .push(Assessment::new("iso42001-gap", None));
        let s = state.to_snapshot(
            "2026-01-01T00:00:00Z".parse().expect("ts"),
            "x".into(),
            "y".into(),
        );
        let opts = ScoreOptions {
            as_of: date(2026, 1, 31),
            weighted: true,
        };
        let card = score_snapshot(&qs, p, &s, opts);
        card.gap.expect("gap").soa
    };
    let applicable = |soa: &[clausewise::scoring::SoaEntry], r: &str| {
        soa.iter().find(|e| e.reference == r).map(|e| e.applicable)
    };
    let provider = soa_for(Some("provider"));
    assert_eq!(applicable(&provider, "A.6.1.2"), Some(true));
    assert_eq!(applicable(&provider, "A.6.1.3"), Some(true));
    let included = provider
        .iter()
        .find(|e| e.reference == "A.6.1.2")
        .expect("A.6.1.2");
    assert!(
        included
            .justification
            .as_deref()
            .is_some_and(|j| j.starts_with("Included"))
    );
    // Without a recorded role the profile's role fills in.
    let by_profile = soa_for(None);
    assert_eq!(
        applicable(&by_profile, "A.6.1.2"),
        Some(p.ai_role != clausewise::model::AiRole::Deployer)
    );
}
