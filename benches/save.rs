//! Saving a snapshot of 10,000 answers. Target: < 10 ms plus the fsync; `seal` measures
//! the canonical JSON and digest alone, `save` the whole durable write.

use clausewise::catalog::Catalog;
use clausewise::model::Change;
use clausewise::synth;
use criterion::{Criterion, criterion_group, criterion_main};

fn save(c: &mut Criterion) {
    // Sealing is idempotent, so one snapshot is re-sealed each time (no clone measured).
    let mut snap = synth::snapshot(&Catalog::builtin(), 10_000, 0).expect("snapshot");
    let dir = tempfile::tempdir().expect("tempdir");
    c.bench_function("seal_10k_answers", |b| {
        b.iter(|| std::hint::black_box(clausewise::seal::seal(&mut snap).expect("seal")))
    });
    c.bench_function("save_10k_answers", |b| {
        b.iter(|| {
            clausewise::store::snapshots::save(dir.path(), "bench.json", &mut snap).expect("save")
        })
    });
    session_commit(c);
}

/// One committed answer written durably into the live SQLite workspace (what the wizard
/// does per answer: one transaction, revision check, history row, WAL fsync) holding 1k,
/// 10k and 100k answers. `example save_latency` prints median and p99. Target: median ≤ 2 ms
/// and p99 ≤ 10 ms at every size.
fn session_commit(c: &mut Criterion) {
    let catalog = Catalog::builtin();
    let mut group = c.benchmark_group("live_commit_one_answer");
    for size in [1_000, 10_000, 100_000] {
        let dir = tempfile::tempdir_in(".").expect("tempdir");
        let mut store = synth::live_workspace(dir.path(), &catalog, size).expect("workspace");
        let mut i = 0;
        group.bench_function(format!("{}k", size / 1000), |b| {
            b.iter(|| {
                let (target, answer) = synth::one_answer(&catalog, i).expect("answer");
                i += 1;
                store
                    .commit_changes(vec![Change::Answer {
                        target,
                        answer: Some(answer),
                    }])
                    .expect("commit")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, save);
criterion_main!(benches);
