//! Diffing two snapshots of 10,000 answers each (gap + 200 AIIAs + 300 vendors against the
//! built-in questionnaires). Target: ≤ 20 ms.

use clausewise::catalog::Catalog;
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

criterion_group!(benches, diff);
criterion_main!(benches);
