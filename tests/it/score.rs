//! `clausewise score` on the worked example of docs/scoring.md (hand-computed numbers).

use std::process::{Command, Output};

fn score(extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clausewise"))
        .args([
            "-w",
            "tests/fixtures/scoring/ws",
            "score",
            "tests/fixtures/scoring/snapshot.json",
        ])
        .args(["--as-of", "2025-06-01"])
        .args(extra)
        .output()
        .expect("run clausewise")
}

#[test]
fn table_shows_readiness_coverage_and_rows() {
    let o = score(&[]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.contains("readiness 50%, coverage 75%"), "{out}");
    assert!(out.contains("33.3%  P"), "{out}");
    assert!(out.contains("100%  M"), "{out}");
}

#[test]
fn json_has_the_worked_example_numbers() {
    let o = score(&["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let gap = &v["gap"];
    // score = (6×0.5 + 1×0 + 3×1) / 10 = 0.6; readiness = 6 / 12 = 0.5
    assert!((gap["overall"]["score"].as_f64().unwrap() - 0.6).abs() < 1e-9);
    assert!((gap["overall"]["readiness"].as_f64().unwrap() - 0.5).abs() < 1e-9);
    let plan: Vec<&str> = gap["remediation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["question"].as_str().unwrap())
        .collect();
    assert_eq!(plan, ["c6.1.criteria", "c6.1.risk"]);
    assert_eq!(gap["soa"][1]["applicable"], false);
    assert_eq!(
        gap["soa"][1]["justification"],
        "No AI systems are built in-house"
    );
}

#[test]
fn no_weights_gives_readiness_37_5() {
    let o = score(&["--no-weights"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("readiness 37.5%, coverage 75%"), "{out}");
}

/// A snapshot large enough to be scored on several threads gives exactly what scoring its
/// assessments one by one, in order, gives.
#[test]
fn threaded_snapshot_scoring_equals_scoring_one_by_one() {
    use clausewise::model::Kind;
    use clausewise::scoring::{ScoreOptions, score_aiia, score_gap, score_snapshot, score_vendor};
    let catalog = clausewise::catalog::Catalog::builtin();
    let snap = clausewise::synth::snapshot(&catalog, 10_000, 1).expect("snapshot");
    let qs: Vec<_> = catalog.questionnaires.iter().map(|l| &l.item).collect();
    let profile = catalog.profile("generic").expect("profile");
    let opts = ScoreOptions {
        as_of: jiff::civil::date(2025, 3, 14),
        weighted: true,
    };
    let card = score_snapshot(&qs, profile, &snap, opts);
    let subject = |id: &Option<String>| {
        let id = id.as_deref()?;
        snap.subjects.iter().rev().find(|s| s.id == id)
    };
    let (mut gap, mut aiias, mut vendors) = (None, Vec::new(), Vec::new());
    for a in &snap.assessments {
        let q = qs
            .iter()
            .find(|q| q.id == a.questionnaire)
            .expect("questionnaire");
        let s = subject(&a.subject);
        match q.kind {
            Kind::Gap if gap.is_none() => gap = Some(score_gap(q, a, profile, opts)),
            Kind::Aiia => aiias.push(score_aiia(q, a, profile, s, opts)),
            Kind::Vendor => vendors.push(score_vendor(q, a, profile, s, opts)),
            Kind::Gap => {}
        }
    }
    assert!(aiias.len() >= 100 && vendors.len() >= 100);
    assert_eq!(card.gap, gap);
    assert_eq!(card.aiias, aiias);
    assert_eq!(card.vendors, vendors);
}
