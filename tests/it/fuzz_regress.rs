//! Replays the fuzz targets' saved inputs (`fuzz/regressions/<target>/`) and a few seeds
//! through the same functions the fuzzers run (`fuzz/src/lib.rs`, compiled in here), so CI
//! checks every crash once found without running a fuzzer.

#[path = "../../fuzz/src/lib.rs"]
mod targets;

use std::path::Path;

type Target = fn(&[u8]);

const TARGETS: [(&str, Target); 6] = [
    ("questionnaire", targets::questionnaire),
    ("profile", targets::profile),
    ("snapshot", |d| drop(targets::snapshot(d))),
    ("diff", targets::diff_two),
    ("import", targets::import_table),
    ("sanitize", targets::sanitize_text),
];

fn inputs(dir: &Path) -> Vec<Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .filter_map(|e| std::fs::read(e.path()).ok())
        .collect()
}

/// Odd inputs every target gets: empty, NUL, invalid UTF-8, deep nesting, a fixture.
fn seeds() -> Vec<Vec<u8>> {
    let snap =
        std::fs::read("snapshots/harbourline-logistics-2025-stage-2.json").unwrap_or_default();
    let mut pair = snap.clone();
    pair.push(0);
    pair.extend_from_slice(&snap);
    vec![
        Vec::new(),
        vec![0],
        vec![0xff, 0xfe, b'{'],
        "[".repeat(10_000).into_bytes(),
        "{\"a\":".repeat(10_000).into_bytes(),
        b"id,answer\r\n\"=cmd|' /C calc'!A0\",\x1b]52;c;x\x07\r\n".to_vec(),
        snap,
        pair,
    ]
}

#[test]
fn every_saved_fuzz_input_runs_clean() {
    let root = Path::new("fuzz/regressions");
    for (name, run) in TARGETS {
        for input in inputs(&root.join(name)).iter().chain(seeds().iter()) {
            run(input);
        }
    }
}

#[test]
fn the_empty_import_snapshot_loads() {
    assert!(targets::snapshot(br#"{"format":"clausewise-snapshot"}"#).is_none());
    targets::import_table(b"id,answer\r\n");
}
