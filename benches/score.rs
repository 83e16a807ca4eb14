//! Scoring a 10,000-answer snapshot (gap + 200 AIIAs + 300 vendors against the built-in
//! questionnaires). Target: ≤ 5 ms.

use clausewise::catalog::Catalog;
use clausewise::synth;
use criterion::{Criterion, criterion_group, criterion_main};

fn score(c: &mut Criterion) {
    let catalog = Catalog::builtin();
    let snap = synth::snapshot(&catalog, 10_000, 0).expect("snapshot");
    assert_eq!(
        snap.assessments
            .iter()
            .map(|a| a.answers.len())
            .sum::<usize>(),
        10_000
    );
    let questionnaires: Vec<_> = catalog.questionnaires.iter().map(|l| &l.item).collect();
    let profile = catalog.profile("generic").expect("generic profile");
    let opts = clausewise::scoring::ScoreOptions {
        as_of: jiff::civil::date(2025, 3, 14),
        weighted: true,
    };
    c.bench_function("score_10k_answers", |b| {
        b.iter(|| {
            std::hint::black_box(clausewise::scoring::score_snapshot(
                &questionnaires,
                profile,
                &snap,
                opts,
            ))
        })
    });
}

criterion_group!(benches, score);
criterion_main!(benches);
