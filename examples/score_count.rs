//! Scores the bench's 10,000-answer snapshot (gap + 200 AIIAs + 300 vendors) `N` times, for
//! counting instructions under callgrind, which is repeatable on a loaded machine:
//! `taskset -c 0 valgrind --tool=callgrind target/release/examples/score_count 0` and `… 1`;
//! the difference of the two totals is one scoring run (`taskset` keeps it on one thread, as
//! a large snapshot is otherwise split over the cores).

fn main() -> anyhow::Result<()> {
    let runs: usize = std::env::args()
        .nth(1)
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(1);
    let catalog = clausewise::catalog::Catalog::builtin();
    let snap = clausewise::synth::snapshot(&catalog, 10_000, 0)?;
    let questionnaires: Vec<_> = catalog.questionnaires.iter().map(|l| &l.item).collect();
    let profile = catalog
        .profile("generic")
        .ok_or_else(|| anyhow::anyhow!("no generic profile"))?;
    let opts = clausewise::scoring::ScoreOptions {
        as_of: jiff::civil::date(2025, 3, 14),
        weighted: true,
    };
    for _ in 0..runs {
        std::hint::black_box(clausewise::scoring::score_snapshot(
            &questionnaires,
            profile,
            std::hint::black_box(&snap),
            opts,
        ));
    }
    Ok(())
}
