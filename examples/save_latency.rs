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
        let start = Instant::now();
        let loaded = store.load()?;
        let load = start.elapsed();
        println!(
            "{n} commits into a {}-answer workspace: median {:.2} ms, p99 {:.2} ms, max {:.2} ms; whole load {:.1} ms",
            loaded.state.answer_count(),
            ms(at(50)),
            ms(at(99)),
            ms(times.last()),
            load.as_secs_f64() * 1e3,
        );
    }
    fsync_baseline(&base, n)
}

/// What the disk itself takes: 4 KB overwritten and fsynced, `n` times (a durable commit
/// cannot be faster than one of these).
fn fsync_baseline(base: &str, n: usize) -> Result<(), Box<dyn std::error::Error>> {
    use std::io::{Seek, SeekFrom, Write};
    let dir = tempfile::tempdir_in(base)?;
    let mut f = std::fs::File::create(dir.path().join("probe"))?;
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let start = Instant::now();
        f.seek(SeekFrom::Start(0))?;
        f.write_all(&[7u8; 4096])?;
        f.sync_all()?;
        times.push(start.elapsed());
    }
    times.sort();
    let median = times.get(n / 2).map_or(f64::NAN, |d| d.as_secs_f64() * 1e3);
    println!("baseline: 4 KB write + fsync on this disk, median {median:.2} ms");
    Ok(())
}
