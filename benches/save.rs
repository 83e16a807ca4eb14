//! Saving a snapshot of 10,000 answers. Target: < 10 ms plus the fsync; `seal` measures
//! the canonical JSON and digest alone, `save` the whole durable write.

use clausewise::catalog::Catalog;
use clausewise::store::session::{ResumeInfo, Session};
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
    session_commit(c);
}

/// One committed answer saved durably into a realistic workspace session (what the wizard
/// does per answer; `example save_latency` prints its median and p99). Target: median ≤ 2 ms.
fn session_commit(c: &mut Criterion) {
    let catalog = Catalog::builtin();
    let state = synth::session_state(&catalog);
    let dir = tempfile::tempdir_in(".").expect("tempdir");
    let mut session = Session::open(dir.path(), "workspace", || state).expect("session");
    let mut i = 0;
    c.bench_function("session_commit_one_answer", |b| {
        b.iter(|| {
            let (target, answer) = synth::one_answer(&catalog, i).expect("answer");
            i += 1;
            session
                .commit_answer(&target, answer, ResumeInfo::default())
                .expect("commit")
        })
    });
}

criterion_group!(benches, save);
criterion_main!(benches);
