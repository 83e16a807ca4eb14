use jiff::civil::date;

use super::*;
use crate::model::rules::{InherentLevel, InherentRisk, Tier};
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
