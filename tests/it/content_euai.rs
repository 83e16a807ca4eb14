//! Issue 24 content: the EU AI Act high-risk supplement (articles covered, provider and
//! deployer lanes, 42001 mappings, its own heatmap), the FRIA elements and industry modules
//! of the AIIA, and the corrected crosswalk references.

use std::collections::{BTreeMap, BTreeSet};

use clausewise::catalog::Catalog;
use clausewise::catalog::builtin::QUESTIONNAIRES;
use clausewise::model::{
    AiRole, Answer, Assessment, Kind, Profile, Questionnaire, Snapshot, Status, Value, YesNo,
};
use clausewise::scoring::{Applicability, QuestionIndex, ScoreOptions, score_snapshot};

const SUPPLEMENT: &str = "eu-ai-act-high-risk";

/// The articles (and the annex) the supplement must cover, as in issue 24.
const ARTICLES: &[&str] = &[
    "Art. 9", "Art. 10", "Art. 11", "Annex IV", "Art. 12", "Art. 13", "Art. 14", "Art. 15",
    "Art. 17", "Art. 43", "Art. 47", "Art. 48", "Art. 49", "Art. 26", "Art. 27", "Art. 50",
    "Art. 72", "Art. 73", "Art. 53", "Art. 55",
];

const INDUSTRIES: &[(&str, &str)] = &[
    ("healthcare", "industry.healthcare."),
    ("legal-services", "industry.legal."),
    ("financial-services", "industry.finance."),
    ("hospitality", "industry.hospitality."),
    ("public-sector", "industry.public."),
];

fn catalog() -> Catalog {
    let c = Catalog::builtin();
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
    c
}

fn questionnaire<'c>(c: &'c Catalog, id: &str) -> &'c Questionnaire {
    (c.questionnaires.iter().map(|l| &l.item))
        .find(|q| q.id == id)
        .unwrap_or_else(|| panic!("{id} is built in"))
}

fn profile(c: &Catalog, id: &str, role: Option<AiRole>) -> Profile {
    let mut p = c.profile(id).expect("profile").clone();
    if let Some(r) = role {
        p.ai_role = r;
    }
    p
}

/// `Art. 26(6)` → `Art. 26`; annexes unchanged.
fn article(r: &str) -> &str {
    r.split('(').next().unwrap_or(r)
}

/// The ids of the questions that apply under `profile` with these answers.
fn applicable(q: &Questionnaire, p: &Profile, answers: &BTreeMap<String, Answer>) -> Vec<String> {
    let index = QuestionIndex::new(q);
    let app = Applicability::new(&index, p, None, answers);
    (q.questions().into_iter())
        .map(|(_, q)| q.id.clone())
        .filter(|id| app.question_applies(id, None))
        .collect()
}

fn choice(v: &str) -> Answer {
    Answer::new(Value::Choice(v.into()))
}

#[test]
fn every_builtin_is_valid_and_embedded() {
    let c = catalog();
    assert_eq!(c.questionnaires.len(), QUESTIONNAIRES.len());
    assert_eq!(c.questionnaires.len(), 4);
    let s = questionnaire(&c, SUPPLEMENT);
    assert_eq!(s.kind, Kind::Gap);
    // The supplement comes after the ISO/IEC 42001 gap assessment, which stays the main one.
    assert_eq!(
        c.questionnaire_of_kind(Kind::Gap).map(|q| q.id.as_str()),
        Some("iso42001-gap")
    );
}

#[test]
fn supplement_covers_every_listed_article() {
    let c = catalog();
    let s = questionnaire(&c, SUPPLEMENT);
    let mut per_article: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, q) in s.questions() {
        let mut arts: BTreeSet<&str> = BTreeSet::new();
        for m in q.mappings.iter().filter(|m| m.framework == "eu-ai-act") {
            arts.insert(article(&m.reference));
        }
        for a in arts {
            *per_article.entry(a).or_default() += 1;
        }
    }
    for a in ARTICLES {
        assert!(per_article.contains_key(a), "no question maps to {a}");
    }
    assert!(s.questions().len() >= 30, "{}", s.questions().len());
}

#[test]
fn supplement_questions_map_to_the_42001_clause_or_control_that_carries_them() {
    let c = catalog();
    let gap = questionnaire(&c, "iso42001-gap");
    let mut refs = BTreeSet::new();
    gap.walk_sections(&mut |s, _| {
        refs.extend(s.reference.clone());
    });
    for (_, q) in questionnaire(&c, SUPPLEMENT).questions() {
        let iso: Vec<&str> = (q.mappings.iter())
            .filter(|m| m.framework == "iso42001")
            .map(|m| m.reference.as_str())
            .collect();
        assert!(!iso.is_empty(), "{}: no iso42001 mapping", q.id);
        for r in iso {
            assert!(
                refs.contains(r),
                "{}: {r} is no clause or control of 42001",
                q.id
            );
        }
        assert!(
            q.mappings.iter().any(|m| m.framework == "eu-ai-act"),
            "{}: no eu-ai-act mapping",
            q.id
        );
    }
}

#[test]
fn providers_see_the_provider_lane_and_deployers_the_deployer_lane() {
    let c = catalog();
    let s = questionnaire(&c, SUPPLEMENT);
    let none = BTreeMap::new();
    let provider = applicable(s, &profile(&c, "generic", Some(AiRole::Provider)), &none);
    let deployer = applicable(s, &profile(&c, "generic", Some(AiRole::Deployer)), &none);
    let both = applicable(s, &profile(&c, "generic", Some(AiRole::Both)), &none);
    let has = |ids: &[String], prefix: &str| ids.iter().any(|i| i.starts_with(prefix));
    for p in ["ps.", "po.", "tr.provider."] {
        assert!(
            has(&provider, p) && !has(&deployer, p) && has(&both, p),
            "{p}"
        );
    }
    for p in ["dp.", "tr.deployer."] {
        assert!(
            has(&deployer, p) && !has(&provider, p) && has(&both, p),
            "{p}"
        );
    }
    // Scope questions apply to everyone; the GPAI section only once scope.gpai is yes.
    assert!(has(&provider, "scope.") && has(&deployer, "scope."));
    assert!(!has(&both, "gp."));
    let gpai: BTreeMap<String, Answer> = [(
        "scope.gpai".to_string(),
        Answer::new(Value::YesNo(YesNo::Yes)),
    )]
    .into();
    assert!(has(
        &applicable(s, &profile(&c, "generic", Some(AiRole::Provider)), &gpai),
        "gp."
    ));
    // "No high-risk system" switches both high-risk lanes off, not transparency.
    let low: BTreeMap<String, Answer> = [("scope.high-risk".to_string(), choice("none"))].into();
    let low = applicable(s, &profile(&c, "generic", Some(AiRole::Both)), &low);
    assert!(!has(&low, "ps.") && !has(&low, "po.") && !has(&low, "dp."));
    assert!(has(&low, "tr."));
}

#[test]
fn industry_modules_appear_only_for_their_industry() {
    let c = catalog();
    let aiia = questionnaire(&c, "iso42001-aiia");
    let none = BTreeMap::new();
    let all: Vec<String> = (aiia.questions().into_iter())
        .map(|(_, q)| q.id.clone())
        .filter(|id| id.starts_with("industry."))
        .collect();
    assert!(all.len() >= 10, "{} industry questions", all.len());
    let generic = applicable(aiia, &profile(&c, "generic", None), &none);
    assert!(!generic.iter().any(|i| i.starts_with("industry.")));
    for (profile_id, prefix) in INDUSTRIES {
        let seen = applicable(aiia, &profile(&c, profile_id, None), &none);
        let industry: Vec<&String> = seen.iter().filter(|i| i.starts_with("industry.")).collect();
        assert!(industry.len() >= 2, "{profile_id}: {industry:?}");
        assert!(
            industry.iter().all(|i| i.starts_with(prefix)),
            "{profile_id} sees another industry's questions: {industry:?}"
        );
    }
}

#[test]
fn industry_modules_hold_the_practitioner_checks() {
    let c = catalog();
    let aiia = questionnaire(&c, "iso42001-aiia");
    let text: BTreeMap<String, String> = (aiia.questions().into_iter())
        .filter(|(_, q)| q.id.starts_with("industry."))
        .map(|(_, q)| (q.id.clone(), q.prompt.to_lowercase()))
        .collect();
    for (prefix, words) in [
        ("industry.healthcare.", &["urgent clinical"][..]),
        (
            "industry.legal.",
            &["checked against a primary source", "benchmark"],
        ),
        (
            "industry.finance.",
            &["disparate impact", "adverse", "sr 11-7", "drift"],
        ),
        ("industry.hospitality.", &["fairness", "pci dss"]),
        (
            "industry.public.",
            &["explanation", "appeal", "public register"],
        ),
    ] {
        for w in words {
            assert!(
                text.iter()
                    .any(|(id, p)| id.starts_with(prefix) && p.contains(w)),
                "{prefix}: nothing asks about {w:?}"
            );
        }
    }
}

#[test]
fn aiia_holds_the_fria_elements() {
    let c = catalog();
    let aiia = questionnaire(&c, "iso42001-aiia");
    let maps = |id: &str| -> Vec<String> {
        let (_, q) = (aiia.questions().into_iter())
            .find(|(_, q)| q.id == id)
            .unwrap_or_else(|| panic!("{id}"));
        q.mappings.iter().map(|m| m.reference.clone()).collect()
    };
    assert!(maps("system.use.period").contains(&"Art. 27(1)(b)".into()));
    assert!(maps("system.use.instructions").contains(&"Art. 13".into()));
    assert!(maps("people.materialised").contains(&"Art. 27(1)(f)".into()));
    let (_, q) = (aiia.questions().into_iter())
        .find(|(_, q)| q.id == "people.materialised")
        .expect("materialised");
    assert!(q.prompt.contains("complain"));
    for rules in ["period", "response"] {
        assert!(aiia.scoring.specificity.contains_key(rules), "{rules}");
    }
}

#[test]
fn fixed_mappings_are_well_formed_and_the_weak_ones_gone() {
    let c = catalog();
    for l in &c.questionnaires {
        for (_, q) in l.item.questions() {
            for m in &q.mappings {
                let bad = match m.framework.as_str() {
                    "soc2" => !m.reference.contains('.'),
                    "hitrust" => !m.reference.contains('.'),
                    _ => false,
                };
                assert!(
                    !bad,
                    "{}/{}: {} {}",
                    l.item.id, q.id, m.framework, m.reference
                );
            }
        }
    }
    let gap = questionnaire(&c, "iso42001-gap");
    let find = |id: &str| {
        (gap.questions().into_iter())
            .find(|(_, q)| q.id == id)
            .map(|(_, q)| q.clone())
            .unwrap_or_else(|| panic!("{id}"))
    };
    for id in ["a5.3.records", "a5.3.retention", "a5.3.shared"] {
        assert!(
            !find(id).mappings.iter().any(|m| m.reference == "Annex IV"),
            "{id} still maps to Annex IV"
        );
    }
    let pairs = |id: &str| -> Vec<(String, String)> {
        (find(id).mappings.iter())
            .map(|m| (m.framework.clone(), m.reference.clone()))
            .collect()
    };
    assert!(pairs("a8.5.privacy-notice").contains(&("soc2".into(), "P1.1".into())));
    assert!(pairs("a8.5.privacy-notice").contains(&("hitrust".into(), "13.b".into())));
    assert!(pairs("c10.2.incident-process").contains(&("hitrust".into(), "11.c".into())));
    let climate = find("c4.1.climate").help;
    assert!(climate.contains("Amendment 1") && climate.contains("2024"));
    assert!(!climate.contains("the 2024 amendment to the management system standards"));
}

#[test]
fn supplement_is_scored_with_its_own_heatmap_next_to_the_gap_assessment() {
    let c = catalog();
    let qs: Vec<&Questionnaire> = c.questionnaires.iter().map(|l| &l.item).collect();
    let p = profile(&c, "generic", Some(AiRole::Both));
    let mut eu = Assessment::new(SUPPLEMENT, None);
    eu.answers.insert(
        "ps.art9.rms".into(),
        Answer::new(Value::Status(Status::Met)),
    );
    eu.answers.insert(
        "dp.art26.use".into(),
        Answer::new(Value::Status(Status::Gap)),
    );
    let mut gap = Assessment::new("iso42001-gap", None);
    gap.answers.insert(
        "c4.1.climate".into(),
        Answer::new(Value::Status(Status::Met)),
    );
    let mut snap: Snapshot = serde_json::from_value(serde_json::json!({
        "format": "clausewise-snapshot", "version": 1,
        "meta": {"organization": "Org", "assessor": "Me", "created_at": "2026-01-01T00:00:00Z",
                 "cycle": "stage-1", "profile": "generic"},
        "subjects": [], "assessments": []
    }))
    .expect("snapshot");
    // The supplement first: the 42001 assessment is still the main one.
    snap.assessments = vec![eu, gap];
    let opts = ScoreOptions {
        as_of: jiff::civil::date(2026, 1, 1),
        weighted: true,
    };
    let card = score_snapshot(&qs, &p, &snap, opts);
    assert_eq!(
        card.gap.as_ref().map(|g| g.questionnaire.as_str()),
        Some("iso42001-gap")
    );
    assert_eq!(card.supplements.len(), 1);
    let s = &card.supplements[0];
    assert_eq!(s.questionnaire, SUPPLEMENT);
    let rows: Vec<&str> = s.rows.iter().map(|r| r.node.label()).collect();
    assert_eq!(
        rows,
        [
            "Art. 6",
            "Art. 8-15",
            "Art. 16",
            "Art. 26-27",
            "Art. 50",
            "Art. 53-55"
        ]
    );
    let cells: Vec<&str> = (s.rows.iter())
        .flat_map(|r| r.cells.iter().map(|c| c.label()))
        .collect();
    for a in [
        "Art. 9", "Art. 15", "Art. 17", "Art. 43", "Art. 73", "Art. 27", "Art. 55",
    ] {
        assert!(cells.contains(&a), "no heatmap cell {a}: {cells:?}");
    }
    assert!(s.soa.is_empty(), "the supplement has no Annex A controls");
    assert!(!s.remediation.is_empty());
}

#[test]
fn the_wizard_opens_the_supplement_when_asked_for_it() {
    use clausewise::tui::app::{App, Screen};
    use clausewise::tui::msg::Start;
    let mut a = App::new(Catalog::builtin(), Default::default(), false);
    a.start(&Start {
        kind: Some(Kind::Gap),
        subject: None,
        questionnaire: Some(SUPPLEMENT.into()),
    });
    let Screen::Wizard(w) = &a.screen else {
        panic!("not the wizard");
    };
    assert_eq!(w.questionnaire, SUPPLEMENT);
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 48)).expect("term");
    t.draw(|f| clausewise::tui::view::view(&a, f))
        .expect("draw");
    let screen: String = (t.backend().buffer().content.iter())
        .map(|c| c.symbol())
        .collect();
    assert!(
        screen.contains("EU AI Act high-risk supplement"),
        "{screen}"
    );
    assert!(screen.contains("scope.high-risk"), "{screen}");
}
