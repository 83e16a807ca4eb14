use jiff::civil::date;

use super::*;
use crate::model::Condition;
use crate::model::rules::{InherentFloor, InherentLevel, InherentRisk, Tier};
use crate::model::{Answer, Attestation, Kind, Status, Value, YesNo};
use crate::scoring::testkit::*;

fn vendor_q() -> Questionnaire {
    let mut data = q_choice("eng.data", &[1.0, 0.5, 0.0]);
    data.weight = 2.0;
    let mut engagement = sec(
        "engagement",
        vec![data, q_choice("eng.critical", &[1.0, 0.0])],
    );
    engagement.scored = false;
    let mut policy = q_status("gov.policy", 1.0);
    policy.evidence_required = true;
    let mut soc2 = q_status("sec.soc2", 1.0);
    soc2.evidence_required = true;
    let mut q = qn(vec![
        engagement,
        sec(
            "governance",
            vec![policy, q_yes_no("gov.training"), q_yes_no("gov.incident")],
        ),
        sec("security", vec![soc2]),
    ]);
    q.id = "test-vendor".into();
    q.kind = Kind::Vendor;
    let s = &mut q.scoring;
    s.self_attested_factor = Some(0.8);
    s.inherent_risk = Some(InherentRisk {
        questions: vec!["eng.data".into(), "eng.critical".into()],
        aggregate: Aggregate::Mean,
        floors: Vec::new(),
        levels: [("low", 0.34), ("medium", 0.67), ("high", 1.0)]
            .into_iter()
            .map(|(id, max)| InherentLevel {
                id: id.into(),
                label: id.into(),
                max,
            })
            .collect(),
    });
    s.tiers = ["low", "moderate", "high", "critical"]
        .into_iter()
        .map(|id| Tier {
            id: id.into(),
            label: id.into(),
            description: String::new(),
            reassess_months: None,
        })
        .collect();
    let rule = |inh: &str, at_least, below, tier: &str| TierRule {
        inherent: vec![inh.into()],
        control_at_least: at_least,
        control_below: below,
        tier: tier.into(),
    };
    s.tier_rules = vec![
        rule("high", None, Some(0.5), "critical"),
        rule("high", None, None, "high"),
        rule("medium", Some(0.75), None, "moderate"),
        rule("medium", None, None, "high"),
        rule("low", Some(0.5), None, "low"),
        rule("low", None, None, "moderate"),
    ];
    s.knockouts = vec![Knockout {
        question: "gov.incident".into(),
        one_of: vec!["no".into()],
        tier: "high".into(),
        reason: "no incident-notification commitment".into(),
        when: None,
    }];
    q
}

fn answers(data: &str, critical: &str, incident: YesNo) -> Assessment {
    let q = vendor_q();
    let mut a = assessment(&q, Some("acme"));
    let put = |a: &mut Assessment, id: &str, ans: Answer| {
        a.answers.insert(id.into(), ans);
    };
    put(&mut a, "eng.data", Answer::new(Value::Choice(data.into())));
    put(
        &mut a,
        "eng.critical",
        Answer::new(Value::Choice(critical.into())),
    );
    let mut policy = with_evidence(status(Status::Met), None);
    policy.attestation = Some(Attestation::SelfAttested);
    put(&mut a, "gov.policy", policy);
    put(
        &mut a,
        "gov.training",
        Answer::new(Value::YesNo(YesNo::Yes)),
    );
    put(&mut a, "gov.incident", Answer::new(Value::YesNo(incident)));
    put(
        &mut a,
        "sec.soc2",
        with_evidence(status(Status::Met), Some(date(2025, 3, 31))),
    );
    a
}

fn score(a: &Assessment) -> VendorScore {
    let opts = ScoreOptions {
        as_of: as_of(),
        weighted: true,
    };
    score_vendor(&vendor_q(), a, &profile(), None, opts)
}

#[test]
fn self_attested_0_8_and_expired_soc2_0_5_give_control_0_825_and_moderate_tier() {
    // governance: 0.8 (self-attested Met × 0.8) + 1 + 1 → 2.8 / 3 = 0.9333
    // security: Met with evidence expired 2025-03-31 → missing → 0.5
    // control = 3.3 / 4 = 0.825
    // exposure = 1 − (2×0.5 + 1×0) / 3 = 0.6667 → medium (≤ 0.67); medium ∧ ≥ 0.75 → moderate
    let s = score(&answers("o1", "o1", YesNo::Yes));
    assert_eq!(s.domains.len(), 2, "engagement is not a scored domain");
    assert!(close(s.domains[0].score.unwrap(), 0.9333));
    assert_eq!(s.domains[1].score, Some(0.5));
    assert!(close(s.control_score, 0.825));
    assert!(close(s.inherent_exposure.unwrap(), 0.6667));
    assert_eq!(s.inherent_level.as_deref(), Some("medium"));
    assert_eq!(s.tier.as_deref(), Some("moderate"));
    assert_eq!(s.evidence_expired, [Arc::from("sec.soc2")]);
    assert_eq!(s.evidence_missing, [Arc::from("sec.soc2")]);
    assert!(s.knockouts.is_empty());
}

#[test]
fn knockout_raises_low_tier_to_high() {
    // exposure 0 → low; control = (0.8 + 1 + 0 + 0.5) / 4 = 0.575 ≥ 0.5 → low; knock-out → high
    let s = score(&answers("o0", "o0", YesNo::No));
    assert!(close(s.control_score, 0.575));
    assert_eq!(s.inherent_level.as_deref(), Some("low"));
    assert_eq!(s.tier.as_deref(), Some("high"));
    assert_eq!(s.knockouts[0].reason, "no incident-notification commitment");
}

#[test]
fn tier_table_rows_first_match_and_knockouts_never_lower() {
    let q = vendor_q();
    let t = |level, control| tier(&q, Some(level), control, &[]);
    assert_eq!(t("high", 0.4).as_deref(), Some("critical"));
    assert_eq!(t("high", 0.9).as_deref(), Some("high"));
    assert_eq!(t("medium", 0.75).as_deref(), Some("moderate"));
    assert_eq!(t("medium", 0.7499).as_deref(), Some("high"));
    assert_eq!(t("low", 0.49).as_deref(), Some("moderate"));
    let hit = KnockoutHit {
        question: "x".into(),
        tier: "moderate".into(),
        reason: String::new(),
    };
    assert_eq!(
        tier(&q, Some("high"), 0.4, std::slice::from_ref(&hit)).as_deref(),
        Some("critical")
    );
    assert_eq!(tier(&q, None, 0.4, &[hit]).as_deref(), Some("moderate"));
    assert_eq!(tier(&q, None, 0.4, &[]), None);
}

#[test]
fn exposure_above_every_level_takes_the_last_and_unanswered_has_none() {
    let q = vendor_q();
    assert_eq!(inherent_level(&q, 1.5).as_deref(), Some("high"));
    let a = assessment(&q, Some("acme"));
    let s = score(&a);
    assert_eq!((s.inherent_exposure, s.tier), (None, None));
    assert_eq!(s.control_score, 0.0);
}

fn with_rules(edit: impl Fn(&mut Questionnaire)) -> impl Fn(&Assessment) -> VendorScore {
    let mut q = vendor_q();
    edit(&mut q);
    move |a| {
        let opts = ScoreOptions {
            as_of: as_of(),
            weighted: true,
        };
        score_vendor(&q, a, &profile(), None, opts)
    }
}

#[test]
fn the_worst_driver_decides_instead_of_the_average() {
    // eng.data o2 (score 0, the most sensitive) with eng.critical o0 (score 1):
    // mean exposure = 1 − (2×0 + 1×1)/3 = 0.667 → medium; worst = 1 − 0 = 1 → high.
    let a = answers("o2", "o0", YesNo::Yes);
    assert_eq!(score(&a).inherent_level.as_deref(), Some("medium"));
    let worst = with_rules(|q| {
        if let Some(r) = q.scoring.inherent_risk.as_mut() {
            r.aggregate = Aggregate::Worst;
        }
    });
    let s = worst(&a);
    assert_eq!(s.inherent_exposure, Some(1.0));
    assert_eq!(s.inherent_level.as_deref(), Some("high"));
}

#[test]
fn a_floor_sets_the_minimum_inherent_level_with_its_reason() {
    // Least sensitive answers (exposure 0 → low), but the floor on eng.data o0 says high.
    let a = answers("o0", "o0", YesNo::Yes);
    assert_eq!(score(&a).inherent_level.as_deref(), Some("low"));
    let floored = with_rules(|q| {
        if let Some(r) = q.scoring.inherent_risk.as_mut() {
            r.floors.push(InherentFloor {
                question: "eng.data".into(),
                one_of: vec!["o0".into()],
                level: "high".into(),
                reason: "special-category data".into(),
            });
        }
    });
    let s = floored(&a);
    assert_eq!(s.inherent_level.as_deref(), Some("high"));
    assert_eq!(s.inherent_floors[0].reason, "special-category data");
    // control 0.95 ≥ 0.5 → the table's "high" row, not "low".
    assert_eq!(s.tier.as_deref(), Some("high"));
}

#[test]
fn a_knockout_can_force_critical_and_fires_only_when_its_condition_holds() {
    let when: Condition =
        serde_json::from_value(serde_json::json!({"question": "eng.critical", "in": ["o1"]}))
            .expect("condition");
    let ko = with_rules(|q| {
        q.scoring.knockouts.push(Knockout {
            question: "gov.training".into(),
            one_of: vec!["no".into()],
            tier: "critical".into(),
            reason: "untested for a critical use".into(),
            when: Some(when.clone()),
        });
    });
    let mut a = answers("o0", "o1", YesNo::Yes);
    a.answers
        .insert("gov.training".into(), Answer::new(Value::YesNo(YesNo::No)));
    let s = ko(&a);
    assert_eq!(s.tier.as_deref(), Some("critical"));
    assert!(s.knockouts.iter().any(|k| k.tier == "critical"));
    // Not a critical use: the condition does not hold, no knock-out.
    a.answers.insert(
        "eng.critical".into(),
        Answer::new(Value::Choice("o0".into())),
    );
    assert!(ko(&a).knockouts.iter().all(|k| k.tier != "critical"));
}
