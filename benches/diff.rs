//! Diffing two snapshots of 10,000 answers each. Target: < 20 ms.

use criterion::{Criterion, criterion_group, criterion_main};

#[path = "common.rs"]
mod common;

fn diff(c: &mut Criterion) {
    let old = common::snapshot(10_000, 0);
    let new = common::snapshot(10_000, 1);
    let qs = clausewise::diff::Questionnaires::default();
    c.bench_function("diff_10k_answers", |b| {
        b.iter(|| std::hint::black_box(clausewise::diff::diff(&old, &new, &qs)))
    });
}

criterion_group!(benches, diff);
criterion_main!(benches);
