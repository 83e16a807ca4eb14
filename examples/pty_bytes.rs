//! Prints the bytes-per-key table and start-up time of the real binary in a pseudo-terminal.
//! Build the binary first: `cargo build --release && cargo run --release --example pty_bytes`.

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
    let dir = tempfile::tempdir()?;
    pty_bytes::workspace(dir.path());

    start_up(&bin, dir.path(), "")?;
    // The live workspace holding about 100,000 answers (the first frame does not wait for it).
    let live = tempfile::tempdir_in(".")?;
    pty_bytes::workspace(live.path());
    let store = clausewise::synth::live_workspace(
        live.path(),
        &clausewise::catalog::Catalog::builtin(),
        100_000,
    )?;
    let answers = store.state()?.answer_count();
    drop(store);
    // Let the kernel write the new 50 MB file back first, so the runs measure start-up and
    // not the write-back.
    std::process::Command::new("sync").status()?;
    start_up(
        &bin,
        live.path(),
        &format!(", a live workspace of {answers} answers"),
    )?;
    // Home lists saved snapshots at start-up: two of 10,000 answers each (5.5 MB files).
    let with_snapshots = tempfile::tempdir()?;
    pty_bytes::workspace(with_snapshots.path());
    let catalog = clausewise::catalog::Catalog::builtin();
    let snapshots = with_snapshots.path().join("snapshots");
    for variant in 0..2 {
        let mut snap = clausewise::synth::snapshot(&catalog, 10_000, variant)?;
        clausewise::store::snapshots::save(&snapshots, &format!("s{variant}.json"), &mut snap)?;
    }
    std::process::Command::new("sync").status()?;
    start_up(&bin, with_snapshots.path(), ", two 10,000-answer snapshots")?;

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

/// Prints min, median and max of 15 start-ups to the first full frame in `ws`.
fn start_up(bin: &std::path::Path, ws: &std::path::Path, also: &str) -> anyhow::Result<()> {
    let mut starts: Vec<Duration> = (0..15).map(|_| App::first_frame(bin, ws, 80, 24)).collect();
    starts.sort();
    let ms = |d: Option<&Duration>| d.map_or(f64::NAN, |d| d.as_secs_f64() * 1e3);
    println!(
        "start-up to first full frame ({} questions{also}, 80×24, 15 runs): min {:.1} ms, median {:.1} ms, max {:.1} ms\n",
        pty_bytes::QUESTIONS,
        ms(starts.first()),
        ms(starts.get(starts.len() / 2)),
        ms(starts.last())
    );
    Ok(())
}
