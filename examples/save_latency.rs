//! Durable commit of one answer into the live SQLite workspace holding 1k, 10k and 100k
//! answers ([`synth::live_workspace`]): `N` commits through `LiveStore::commit_changes` (one
//! transaction with the revision check and the history row, `synchronous=FULL` in WAL
//! mode), then the median, p99 and max per size. Target: median ≤ 2 ms, p99 ≤ 10 ms.
//!
//! `cargo run --release --example save_latency -- [DIR] [N]`: DIR (default: a temp folder
//! under the current directory, i.e. on the disk the workspace lives on, not a tmpfs /tmp).

use std::time::{Duration, Instant};

use clausewise::catalog::Catalog;
use clausewise::model::Change;
use clausewise::synth;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let base = args.next().unwrap_or_else(|| ".".into());
    let n: usize = args.next().map_or(Ok(1_000), |s| s.parse())?;
    let catalog = Catalog::builtin();
    for size in [1_000, 10_000, 100_000] {
        let dir = tempfile::tempdir_in(&base)?;
        let mut store = synth::live_workspace(dir.path(), &catalog, size)?;
        let mut times: Vec<Duration> = Vec::with_capacity(n);
        for i in 0..n {
            let (target, answer) = synth::one_answer(&catalog, i).ok_or("no gap questionnaire")?;
            let start = Instant::now();
            store.commit_changes(vec![Change::Answer {
                target,
                answer: Some(answer),
            }])?;
            times.push(start.elapsed());
        }
        times.sort();
        let at = |p: usize| times.get((times.len() * p / 100).min(times.len().saturating_sub(1)));
        let ms = |d: Option<&Duration>| d.map_or(f64::NAN, |d| d.as_secs_f64() * 1e3);
        println!(
            "{n} commits into a {}-answer workspace: median {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            store.state()?.answer_count(),
            ms(at(50)),
            ms(at(99)),
            ms(times.last()),
        );
    }
    Ok(())
}
