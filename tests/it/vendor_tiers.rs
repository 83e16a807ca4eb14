//! Vendor tiers on the built-in due-diligence questionnaire, with the cases an auditor
//! raised: the worst driver sets the inherent risk, knock-outs can force "critical".

use clausewise::catalog::Catalog;
use clausewise::model::{
    Answer, AnswerSpec, Assessment, Evidence, Questionnaire, Status, Value, YesNo,
};
use clausewise::scoring::{ScoreOptions, VendorScore, score_vendor};
use jiff::civil::date;

/// Every scored control answered with its best option, with evidence.
fn strong_vendor(q: &Questionnaire) -> Assessment {
    let mut a = Assessment::new(q.id.clone(), Some("acme".into()));
    for (section, question) in q.questions() {
        if !section.scored {
            continue;
        }
        let best = |opts: &[clausewise::model::ChoiceOption]| {
            (opts.iter())
                .max_by(|x, y| x.score.unwrap_or(0.0).total_cmp(&y.score.unwrap_or(0.0)))
                .map(|o| o.value.clone())
        };
        let value = match &question.answer {
            AnswerSpec::Status => Some(Value::Status(Status::Met)),
            AnswerSpec::YesNo { .. } => Some(Value::YesNo(YesNo::Yes)),
            AnswerSpec::Choice { options } => best(options).map(Value::Choice),
            AnswerSpec::MultiChoice { options, .. } => {
                best(options).map(|v| Value::MultiChoice(vec![v]))
            }
            _ => None,
        };
        if let Some(v) = value {
            let mut ans = Answer::new(v);
            ans.evidence.push(Evidence {
                reference: format!("DD-{}", question.id),
                date: Some(date(2026, 1, 5)),
                expires: None,
            });
            a.answers.insert(question.id.clone(), ans);
        }
    }
    a
}

fn engage(a: &mut Assessment, data: &str, criticality: &str, autonomy: &str) {
    for (id, v) in [
        ("eng.data", data),
        ("eng.criticality", criticality),
        ("eng.autonomy", autonomy),
    ] {
        a.answers
            .insert(id.into(), Answer::new(Value::Choice(v.into())));
    }
}

fn set(a: &mut Assessment, id: &str, v: &str) {
    a.answers
        .insert(id.into(), Answer::new(Value::Choice(v.into())));
}

fn score(a: &Assessment) -> VendorScore {
    let cat = Catalog::builtin();
    let q = cat
        .questionnaire("ai-vendor-due-diligence")
        .expect("vendor");
    let p = cat.profile("generic").expect("generic");
    let opts = ScoreOptions {
        as_of: date(2026, 2, 1),
        weighted: true,
    };
    score_vendor(q, a, p, None, opts)
}

fn questionnaire() -> Questionnaire {
    let cat = Catalog::builtin();
    cat.questionnaire("ai-vendor-due-diligence")
        .expect("vendor")
        .clone()
}

#[test]
fn special_category_data_with_minor_criticality_is_not_tier_low() {
    let q = questionnaire();
    let mut a = strong_vendor(&q);
    engage(&mut a, "public", "minor", "reviewed");
    let baseline = score(&a);
    assert_eq!(baseline.inherent_level.as_deref(), Some("low"));
    assert_eq!(baseline.tier.as_deref(), Some("low"));
    // The average would dilute special-category data with two benign answers; the worst
    // driver (and the floor) make it high, so the best tier is moderate (12-month review).
    engage(&mut a, "special", "minor", "reviewed");
    let s = score(&a);
    assert_eq!(s.inherent_level.as_deref(), Some("high"));
    assert!(s.inherent_floors.iter().any(|f| f.question == "eng.data"));
    assert_eq!(s.tier.as_deref(), Some("moderate"), "{s:?}");
}

#[test]
fn a_prohibited_use_case_never_tested_is_critical_with_the_knockouts_named() {
    let q = questionnaire();
    let mut a = strong_vendor(&q);
    engage(&mut a, "personal", "minor", "reviewed");
    set(&mut a, "doc.intended-use", "excluded");
    set(&mut a, "own.tested", "none");
    set(&mut a, "own.acceptance", "none");
    let s = score(&a);
    assert_eq!(s.tier.as_deref(), Some("critical"), "{s:?}");
    let ko: Vec<&str> = s.knockouts.iter().map(|k| k.question.as_str()).collect();
    for id in ["doc.intended-use", "own.tested", "own.acceptance"] {
        assert!(ko.contains(&id), "{id} in {ko:?}");
    }
}

#[test]
fn no_change_notice_or_pinning_is_a_knockout_only_for_a_critical_use() {
    let q = questionnaire();
    let mut a = strong_vendor(&q);
    engage(&mut a, "internal", "minor", "reviewed");
    set(&mut a, "chg.notice", "none");
    set(&mut a, "chg.pinning", "no-versions");
    let minor = score(&a);
    assert!(
        minor
            .knockouts
            .iter()
            .all(|k| !k.question.starts_with("chg."))
    );
    engage(&mut a, "internal", "critical", "reviewed");
    let critical = score(&a);
    let ko: Vec<&str> = critical
        .knockouts
        .iter()
        .map(|k| k.question.as_str())
        .collect();
    assert!(
        ko.contains(&"chg.notice") && ko.contains(&"chg.pinning"),
        "{ko:?}"
    );
    assert_eq!(critical.tier.as_deref(), Some("high"));
}
