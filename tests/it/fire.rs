//! Saves under fire: a child process loops on session commits and snapshot saves and is
//! killed with SIGKILL at random moments, many times over. After each kill every file must
//! parse and hold a complete content no older than the last one seen, and the leftover temp
//! files must never be listed as sessions or snapshots.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use clausewise::model::{Answer, AnswerTarget, Value, WorkspaceState};
use clausewise::seal;
use clausewise::store::{ResumeInfo, Session, snapshots};

use super::fixture;

const FIRE_DIR: &str = "CLAUSEWISE_TEST_FIRE_DIR";
const SNAPSHOT: &str = "fire.json";
const SNAPSHOTS: &str = "snapshots";
const KILLS: usize = 120;
const BUDGET: Duration = Duration::from_secs(12);

fn target() -> AnswerTarget {
    AnswerTarget {
        questionnaire: "iso42001-gap".into(),
        subject: None,
        entry: None,
        question: "q".into(),
    }
}

/// The counter a session or snapshot was written with (a padded note, so writes take time).
fn counter_note(n: u64) -> String {
    format!("{n:012}{}", "x".repeat(16 * 1024))
}

fn counter_of(note: &str) -> u64 {
    note.get(..12)
        .and_then(|s| s.parse().ok())
        .expect("complete counter")
}

/// Run by `sigkill_during_saves_never_tears_a_file`: saves forever, from where it was.
#[test]
#[ignore = "helper run as a child process"]
fn child_saves_forever() {
    let Some(dir) = std::env::var_os(FIRE_DIR) else {
        return;
    };
    let dir = Path::new(&dir);
    let fresh = || WorkspaceState::new("Acme", "Dana", "generic");
    let mut s = Session::open(dir, "gap", fresh).expect("child open");
    let mut snap = fixture::unscored();
    let first = session_counter(dir).unwrap_or(0) + 1;
    for n in first.. {
        let mut a = Answer::new(Value::Text("t".into()));
        a.note = counter_note(n);
        s.commit_answer(&target(), a, ResumeInfo::default())
            .expect("commit");
        snap.meta.label = counter_note(n);
        snapshots::save(&dir.join(SNAPSHOTS), SNAPSHOT, &mut snap).expect("snapshot");
        if n == first {
            println!("SAVED {n}");
        }
    }
}

fn spawn_child(dir: &Path) -> Child {
    Command::new(std::env::current_exe().expect("exe"))
        .args([
            "--exact",
            "fire::child_saves_forever",
            "--ignored",
            "--nocapture",
        ])
        .env(FIRE_DIR, dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn")
}

/// Waits until the child has saved at least once in this life.
fn wait_saving(child: &mut Child) {
    let out = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(out).lines();
    assert!(
        lines.any(|l| l.is_ok_and(|l| l.starts_with("SAVED"))),
        "the child died before saving"
    );
}

fn session_counter(dir: &Path) -> Option<u64> {
    let s = Session::open_read_only(dir, "gap").ok()?;
    let a = s.state().assessments.first()?.answers.get("q")?;
    Some(counter_of(&a.note))
}

/// Checks both files: complete, sealed, no older than before; returns the new counters.
fn check_files(dir: &Path, seen: (u64, u64)) -> (u64, u64) {
    let session = session_counter(dir).expect("the session file parses and holds the answer");
    let path = dir.join(SNAPSHOTS).join(SNAPSHOT);
    let mut snap = snapshots::load(&path).expect("the snapshot parses");
    let bytes = std::fs::read(&path).expect("read");
    assert_eq!(seal::seal(&mut snap).expect("seal"), bytes, "digest intact");
    let snapshot = counter_of(&snap.meta.label);
    assert!(session >= seen.0 && snapshot >= seen.1, "went back in time");
    let (sessions, bad) = clausewise::store::session::list(dir).expect("list sessions");
    assert!(
        bad.is_empty() && sessions.len() == 1,
        "{sessions:?} {bad:?}"
    );
    let (snaps, bad) = snapshots::list(&dir.join(SNAPSHOTS)).expect("list snapshots");
    assert!(
        bad.is_empty() && snaps.len() == 1,
        "temp files listed: {bad:?}"
    );
    (session, snapshot)
}

/// A small xorshift, so kill points vary without a random-number dependency.
fn next(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

#[cfg(unix)]
#[test]
fn sigkill_during_saves_never_tears_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let start = Instant::now();
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64 ^ u64::from(std::process::id());
    let mut seen = (0, 0);
    let mut kills = 0;
    while kills < KILLS && start.elapsed() < BUDGET {
        let mut child = spawn_child(dir.path());
        wait_saving(&mut child);
        std::thread::sleep(Duration::from_micros(next(&mut seed) % 8000));
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        kills += 1;
        seen = check_files(dir.path(), seen);
    }
    assert!(kills >= 20, "only {kills} kills in the time budget");
    assert!(seen.0 > 0 && seen.1 > 0);
    eprintln!("{kills} kills; last counters {seen:?}");
}
