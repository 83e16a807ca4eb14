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
