//! Durable save of one committed answer into a realistic workspace session
//! ([`synth::session_state`]: gap assessment, 3 AIIAs and 3 vendor reviews, all answered):
//! `N` commits through `Session::commit_answer` (canonical JSON, temp file, fsync, rename,
//! fsync folder), then the median, p99 and max. Target: median ≤ 2 ms, p99 ≤ 10 ms.
//!
//! `cargo run --release --example save_latency -- [DIR] [N]`: DIR (default: a temp folder
//! under the current directory, i.e. on the disk the workspace lives on, not a tmpfs /tmp).

use std::time::{Duration, Instant};

use clausewise::catalog::Catalog;
use clausewise::store::session::{ResumeInfo, Session};
use clausewise::synth;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let base = args.next().unwrap_or_else(|| ".".into());
    let n: usize = args.next().map_or(Ok(1_000), |s| s.parse())?;
    let dir = tempfile::tempdir_in(base)?;
    let catalog = Catalog::builtin();
    let state = synth::session_state(&catalog);
    let mut session = Session::open(dir.path(), "workspace", || state)?;
    let bytes = std::fs::metadata(session.path())?.len();
    let mut times: Vec<Duration> = Vec::with_capacity(n);
    for i in 0..n {
        let (target, answer) = synth::one_answer(&catalog, i).ok_or("no gap questionnaire")?;
        let start = Instant::now();
        session.commit_answer(&target, answer, ResumeInfo::default())?;
        times.push(start.elapsed());
    }
    times.sort();
    let at = |p: usize| times.get((times.len() * p / 100).min(times.len().saturating_sub(1)));
    let ms = |d: Option<&Duration>| d.map_or(f64::NAN, |d| d.as_secs_f64() * 1e3);
    println!(
        "{n} saves into a {}-answer, {bytes}-byte session: median {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        synth::answer_count(session.state()),
        ms(at(50)),
        ms(at(99)),
        ms(times.last()),
    );
    Ok(())
}
