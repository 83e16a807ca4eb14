//! The vendor questionnaire speaks to the vendor in what it sends, covers the security and
//! supply-chain topics a procurement review needs, and sets a reassessment cadence per tier.

use clausewise::catalog::Catalog;
use clausewise::model::{AnswerSpec, Questionnaire};

fn vendor(c: &Catalog) -> &Questionnaire {
    c.questionnaire("ai-vendor-due-diligence")
        .expect("vendor questionnaire")
}

#[test]
fn every_vendor_facing_question_is_put_to_the_vendor_in_its_own_words() {
    let c = Catalog::builtin();
    let q = vendor(&c);
    let ours = q.assessor_only();
    let mut asked = 0;
    for (_, x) in q.questions() {
        if ours.contains(x.id.as_str()) {
            continue;
        }
        asked += 1;
        let prompt = x
            .vendor_prompt
            .as_deref()
            .unwrap_or_else(|| panic!("{}: no vendor_prompt", x.id));
        let help = x
            .vendor_help
            .as_deref()
            .unwrap_or_else(|| panic!("{}: no vendor_help", x.id));
        assert!(prompt.ends_with('?'), "{}: {prompt}", x.id);
        for text in [prompt, help] {
            let lower = text.to_lowercase();
            assert!(
                !lower.contains("the vendor") && !lower.contains("vendor's"),
                "{}: speaks about the vendor instead of to it: {text}",
                x.id
            );
        }
        assert_ne!(
            help, x.help,
            "{}: our grading guidance would leave the building",
            x.id
        );
    }
    assert!(asked >= 40, "{asked} vendor-facing questions");
}

#[test]
fn security_supply_chain_and_eu_ai_act_topics_are_asked() {
    let c = Catalog::builtin();
    let q = vendor(&c);
    for id in [
        "sec.access",
        "sec.encryption",
        "sec.staff-access",
        "ctr.supply-chain",
        "gov.eu-ai-act",
    ] {
        let x = q.question(id).unwrap_or_else(|| panic!("{id} missing"));
        assert!(x.evidence_required, "{id} needs evidence");
        assert!(!x.mappings.is_empty(), "{id} has no mappings");
    }
    let isolation = q.question("sec.access").unwrap();
    let AnswerSpec::MultiChoice { options, .. } = &isolation.answer else {
        panic!("sec.access is multi-choice");
    };
    assert!(
        options
            .iter()
            .any(|o| o.label.contains("isolated from other customers"))
    );
    let certs = q.question("gov.certs").unwrap();
    let AnswerSpec::MultiChoice { options, .. } = &certs.answer else {
        panic!("gov.certs is multi-choice");
    };
    assert!(options.iter().any(|o| o.label.contains("CSA STAR for AI")));
    let act = q.question("gov.eu-ai-act").unwrap();
    let refs: Vec<&str> = act.mappings.iter().map(|m| m.reference.as_str()).collect();
    assert!(
        refs.contains(&"Art. 53"),
        "general-purpose AI duties: {refs:?}"
    );
}

#[test]
fn each_tier_sets_a_reassessment_cadence_that_shortens_as_risk_rises() {
    let c = Catalog::builtin();
    let q = vendor(&c);
    let months: Vec<u32> = (q.scoring.tiers.iter())
        .map(|t| {
            t.reassess_months
                .unwrap_or_else(|| panic!("{}: no cadence", t.id))
        })
        .collect();
    assert_eq!(months, [24, 12, 6, 3]);
    for t in &q.scoring.tiers {
        let m = t.reassess_months.unwrap();
        assert!(
            t.description.contains(&format!("every {m} months")),
            "{}: the description must say the same cadence: {}",
            t.id,
            t.description
        );
    }
}
