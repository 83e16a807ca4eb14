//! What each fuzz target runs, as plain functions: the targets in `fuzz_targets/` call them,
//! and so can a regression test replaying a saved input without libFuzzer.

use clausewise::catalog::{
    Catalog, SourceFile, load_profile, load_questionnaire, snapshot::load_snapshot,
};
use clausewise::diff::{self, Questionnaires};
use clausewise::model::Snapshot;
use clausewise::report::exchange::import::{ImportOptions, import};
use clausewise::report::exchange::table::{read_csv, read_xlsx};
use clausewise::sanitize;
use std::sync::OnceLock;

/// The built-in catalog, loaded once: validating it per input would cap the fuzzers at ~20
/// execs/s.
fn builtins() -> &'static Catalog {
    static BUILTINS: OnceLock<Catalog> = OnceLock::new();
    BUILTINS.get_or_init(Catalog::builtin)
}

fn source(path: &str, data: &[u8]) -> SourceFile {
    SourceFile {
        path: path.into(),
        bytes: data.to_vec(),
    }
}

/// Parses and validates `data` as a workspace questionnaire: the per-file step of
/// `Catalog::with_workspace`, without cloning the built-in catalog per input (the clone's
/// allocations cost more than the parse under AddressSanitizer).
pub fn questionnaire(data: &[u8]) {
    let _ = load_questionnaire(&source("q.json", data));
}

/// Parses and validates `data` as a workspace profile.
pub fn profile(data: &[u8]) {
    let _ = load_profile(&source("p.json", data));
}

/// Loads (and migrates) `data` as a snapshot.
pub fn snapshot(data: &[u8]) -> Option<Snapshot> {
    load_snapshot(&source("s.json", data)).ok()
}

/// Splits `data` at the first NUL into two snapshots and diffs them both ways.
pub fn diff_two(data: &[u8]) {
    let mut halves = data.splitn(2, |b| *b == 0);
    let (Some(a), Some(b)) = (halves.next(), halves.next()) else {
        return;
    };
    let (Some(a), Some(b)) = (snapshot(a), snapshot(b)) else {
        return;
    };
    let cat = builtins();
    let qs: Vec<_> = cat.questionnaires.iter().map(|l| &l.item).collect();
    let both = Questionnaires {
        old: qs.clone(),
        new: qs,
    };
    let _ = diff::diff(&a, &b, &both);
    let _ = diff::diff(&b, &a, &Questionnaires::default());
}

/// Reads `data` as a CSV and as an XLSX answer sheet and imports what parses into a vendor
/// due-diligence assessment.
pub fn import_table(data: &[u8]) {
    let cat = builtins();
    let Some(q) = cat.questionnaire("ai-vendor-due-diligence") else {
        return;
    };
    let opts = ImportOptions {
        subject: "Vendor".into(),
        partial: true,
        overwrite: true,
        now: jiff::Timestamp::UNIX_EPOCH,
    };
    let empty = empty_snapshot();
    let tables = [
        read_csv("a.csv", data).ok(),
        read_xlsx("a.xlsx", data, "Answers").ok(),
    ];
    for t in tables.iter().flatten() {
        let _ = import(&empty, q, t, &opts);
    }
}

fn empty_snapshot() -> Snapshot {
    let json = br#"{"format":"clausewise-snapshot","version":1,"meta":{"organization":"o","assessor":"a","created_at":"2025-01-01T00:00:00Z","cycle":"c","label":"l","profile":"generic"},"questionnaires":[],"subjects":[],"assessments":[],"findings":[]}"#;
    snapshot(json).unwrap_or_else(|| panic!("the empty snapshot loads"))
}

/// Sanitizes `data` (lossily decoded) and checks the allow-list's promises.
pub fn sanitize_text(data: &[u8]) {
    let s = String::from_utf8_lossy(data);
    let line = sanitize::line(&s);
    assert!(sanitize::is_clean_line(&line), "line() output is clean");
    assert_eq!(sanitize::line(&line), line, "line() is idempotent");
    let text = sanitize::text(&s);
    assert_eq!(sanitize::text(&text), text, "text() is idempotent");
    assert!(!text.contains('\r') && !text.contains('\u{1b}'));
}
