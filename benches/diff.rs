//! Diffing two snapshots of 10,000 answers each (gap + 200 AIIAs + 300 vendors against the
//! built-in questionnaires). Target: ≤ 20 ms.
//!
//! And the linear-diff check: 200,000 answers over 10,000 assessments, with a serde parse
//! of both files alongside; the diff should take at most twice the parse.

use clausewise::catalog::Catalog;
use clausewise::model::Snapshot;
use clausewise::seal::{self, SnapshotRequest};
use clausewise::synth;
use criterion::{Criterion, criterion_group, criterion_main};

fn diff(c: &mut Criterion) {
    let catalog = Catalog::builtin();
    let old = synth::snapshot(&catalog, 10_000, 0).expect("old snapshot");
    let new = synth::snapshot(&catalog, 10_000, 1).expect("new snapshot");
    let qs = clausewise::diff::Questionnaires::default();
    c.bench_function("diff_10k_answers", |b| {
        b.iter(|| std::hint::black_box(clausewise::diff::diff(&old, &new, &qs)))
    });
}

/// 200,000 answers spread over 10,000 assessments (5,000 AI systems, 5,000 vendors).
fn wide(catalog: &Catalog, variant: usize) -> Snapshot {
    let state = synth::workspace_state_with(catalog, 200_000, variant, (5_000, 5_000));
    let req = SnapshotRequest {
        cycle: format!("cycle-{variant}"),
        label: "200k answers, 10k assessments".into(),
        created_at: jiff::Timestamp::from_second(1_741_946_400).unwrap_or_default(),
        previous: None,
    };
    let mut s = seal::assemble(&state, catalog, req).expect("snapshot");
    // The scorecard is not what this compares; drop it so the files are answers only.
    s.scorecard = None;
    s
}

fn diff_wide(c: &mut Criterion) {
    let catalog = Catalog::builtin();
    let (old, new) = (wide(&catalog, 0), wide(&catalog, 1));
    let texts = [
        serde_json::to_string(&old).expect("json"),
        serde_json::to_string(&new).expect("json"),
    ];
    let qs = clausewise::diff::Questionnaires::default();
    let mut g = c.benchmark_group("diff_200k_answers_10k_assessments");
    g.sample_size(10);
    g.bench_function("diff", |b| {
        b.iter(|| std::hint::black_box(clausewise::diff::diff(&old, &new, &qs)))
    });
    g.bench_function("serde_parse_both", |b| {
        b.iter(|| {
            for t in &texts {
                let s: Snapshot = serde_json::from_str(t).expect("parse");
                std::hint::black_box(s);
            }
        })
    });
    g.finish();
}

criterion_group!(benches, diff, diff_wide);
criterion_main!(benches);
