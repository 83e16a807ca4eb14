//! Prints the bytes-per-key table and start-up time of the real binary in a pseudo-terminal.
//! Build the binary first: `cargo build --release && cargo run --release --example pty_bytes`.
//! `pty_bytes --startup [RUNS]` prints only the start-up rows, over RUNS runs each (31 by
//! default; otherwise 15).

use std::path::PathBuf;
use std::time::Duration;

#[path = "../tests/support/pty_bytes.rs"]
mod pty_bytes;

use pty_bytes::{App, SYNC_BEGIN, SYNC_END, count, one_synchronized_frame, visible};

fn row(what: &str, bytes: &[u8], budget: &str) {
    println!(
        "| {what} | {} | {} | {} | {budget} |",
        bytes.len(),
        visible(bytes).len(),
        if bytes.is_empty() {
            "-".to_string()
        } else {
            one_synchronized_frame(bytes).to_string()
        }
    );
}

fn main() -> anyhow::Result<()> {
    let bin: PathBuf = std::env::current_exe()?
        .parent()
        .and_then(|p| p.parent())
        .map(|p| p.join("clausewise"))
        .ok_or_else(|| anyhow::anyhow!("cannot locate the target folder"))?;
    anyhow::ensure!(bin.exists(), "build the binary first: {}", bin.display());
    let mut args = std::env::args().skip(1);
    let first = args.next();
    if let Some(make) = first.as_deref().and_then(|a| a.strip_prefix("--make-")) {
        let dir = PathBuf::from(args.next().unwrap_or_default());
        return make_workspace(make, &dir);
    }
    let only_start = first.as_deref() == Some("--startup");
    let runs: usize = match args.next() {
        Some(n) => n.parse()?,
        None if only_start => 31,
        None => 15,
    };
    let dir = tempfile::tempdir()?;
    pty_bytes::workspace(dir.path());

    // The harness's own floor: a program that writes one frame marker and waits, spawned
    // and read exactly as the app is (fork, exec, the pty, reading the master).
    let floor = || {
        let mut cmd = std::process::Command::new("/usr/bin/printf");
        cmd.arg("\\033[?2026h\\033[?2026l");
        let app = App::spawn_command(cmd, 80, 24);
        let t = (app.first, app.execd);
        app.quit();
        t
    };
    report(
        "the harness alone: `printf` of one empty frame",
        runs,
        floor,
    );
    start_up(&bin, dir.path(), "", runs)?;
    // The large workspaces are written by a child process: a harness that had held them in
    // memory would fork more slowly, and the runs would measure its fork.
    let make = |what: &str, dir: &std::path::Path| -> anyhow::Result<String> {
        let out = std::process::Command::new(std::env::current_exe()?)
            .arg(format!("--make-{what}"))
            .arg(dir)
            .output()?;
        anyhow::ensure!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Let the kernel write the new files back first, so the runs measure start-up and
        // not the write-back.
        std::process::Command::new("sync").status()?;
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    // The live workspace holding about 100,000 answers (the first frame does not wait for it).
    let live = tempfile::tempdir_in(".")?;
    let answers = make("live", live.path())?;
    start_up(
        &bin,
        live.path(),
        &format!(", a live workspace of {answers} answers"),
        runs,
    )?;
    // Home lists saved snapshots at start-up: two of 10,000 answers each (5.5 MB files).
    let with_snapshots = tempfile::tempdir()?;
    make("snapshots", with_snapshots.path())?;
    start_up(
        &bin,
        with_snapshots.path(),
        ", two 10,000-answer snapshots",
        runs,
    )?;
    if only_start {
        return Ok(());
    }

    let mut app = App::spawn(&bin, dir.path(), 80, 24);
    println!("| what | bytes | visible bytes | one synchronized write | budget |");
    println!("|---|---|---|---|---|");
    let first = app.out.clone();
    row("first frame 80×24", &first, "-");
    let before = app.cpu_ticks();
    let idle = app.idle(Duration::from_secs(5));
    let ticks = app.cpu_ticks() - before;
    row("idle 5 s", &idle, "0");
    row("next question (↓) 80×24", &app.send(b"\x1b[B"), "≤ 1536");
    row("next question (j) 80×24", &app.send(b"j"), "≤ 1536");
    app.send(b"g");
    let edge = app.send(b"k");
    row("↑ at the first question", &edge, "0");
    println!("|   (those bytes: {:?}) |", String::from_utf8_lossy(&edge));
    // The second question of each section is a text question: open its editor and type.
    app.send(b"j");
    let open = app.send(b"\r");
    row("open the text editor (Enter)", &open, "-");
    row("type one character", &app.send(b"x"), "≤ 128");
    row("type another character", &app.send(b"y"), "≤ 128");
    app.send(b"\x1b");
    row(
        "resize to 200×60 (full repaint)",
        &app.resize(200, 60),
        "≤ 24576",
    );
    row(
        "resize to 80×24 (full repaint)",
        &app.resize(80, 24),
        "≤ 6144",
    );
    let all = app.out.clone();
    println!(
        "\nidle CPU over 5 s: {ticks} clock ticks; frames: {} begin / {} end markers",
        count(&all, SYNC_BEGIN),
        count(&all, SYNC_END)
    );
    app.quit();
    Ok(())
}

/// Writes the harness workspace in `dir` with `what` (`live`: a live workspace of about
/// 100,000 answers, printing their number; `snapshots`: two 10,000-answer snapshots).
fn make_workspace(what: &str, dir: &std::path::Path) -> anyhow::Result<()> {
    pty_bytes::workspace(dir);
    let catalog = clausewise::catalog::Catalog::builtin();
    match what {
        "live" => {
            let store = clausewise::synth::live_workspace(dir, &catalog, 100_000)?;
            println!("{}", store.state()?.answer_count());
        }
        "snapshots" => {
            for variant in 0..2 {
                let mut snap = clausewise::synth::snapshot(&catalog, 10_000, variant)?;
                let name = format!("s{variant}.json");
                clausewise::store::snapshots::save(&dir.join("snapshots"), &name, &mut snap)?;
            }
        }
        other => anyhow::bail!("unknown --make-{other}"),
    }
    Ok(())
}

/// Prints min, median, p90 and max of `runs` start-ups to the first full frame in `ws`.
fn start_up(
    bin: &std::path::Path,
    ws: &std::path::Path,
    also: &str,
    runs: usize,
) -> anyhow::Result<()> {
    let what = format!(
        "start-up to first full frame ({} questions{also}, 80×24)",
        pty_bytes::QUESTIONS
    );
    report(&what, runs, || App::first_frame(bin, ws, 80, 24));
    Ok(())
}

/// Runs `once` `runs` times and prints min, median, p90 and max of the first of the two
/// times it returns, and the median of the second (until the child had exec'd).
fn report(what: &str, runs: usize, mut once: impl FnMut() -> (Duration, Duration)) {
    let (mut t, mut execd): (Vec<Duration>, Vec<Duration>) = (0..runs).map(|_| once()).unzip();
    t.sort();
    execd.sort();
    let ms = |t: &[Duration], i: usize| t.get(i).map_or(f64::NAN, |d| d.as_secs_f64() * 1e3);
    let p90 = (runs * 9).div_ceil(10).saturating_sub(1);
    println!(
        "{what}, {runs} runs: min {:.1} ms, median {:.1} ms, p90 {:.1} ms, max {:.1} ms \
         (median until exec'd: {:.1} ms)\n",
        ms(&t, 0),
        ms(&t, runs / 2),
        ms(&t, p90),
        ms(&t, runs.saturating_sub(1)),
        ms(&execd, runs / 2),
    );
}
