//! Saving a snapshot of 10,000 answers. Target: < 10 ms plus the fsync; `seal` measures
//! the canonical JSON and digest alone, `save` the whole durable write.

use clausewise::catalog::Catalog;
use clausewise::synth;
use criterion::{Criterion, criterion_group, criterion_main};

fn save(c: &mut Criterion) {
    // Sealing is idempotent, so one snapshot is re-sealed each time (no clone measured).
    let mut snap = synth::snapshot(&Catalog::builtin(), 10_000, 0).expect("snapshot");
    let dir = tempfile::tempdir().expect("tempdir");
    c.bench_function("seal_10k_answers", |b| {
        b.iter(|| {
            std::hint::black_box(clausewise::store::snapshots::seal(&mut snap).expect("seal"))
        })
    });
    c.bench_function("save_10k_answers", |b| {
        b.iter(|| {
            clausewise::store::snapshots::save(dir.path(), "bench.json", &mut snap).expect("save")
        })
    });
}

criterion_group!(benches, save);
criterion_main!(benches);
