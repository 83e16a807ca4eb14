//! Commits under fire: a child process commits answers to the live SQLite workspace in a
//! loop, saying after each one that it is durable, and is killed with SIGKILL at random
//! moments, over hundreds of commits. After every kill the database passes SQLite's
//! integrity check and holds every commit the child acknowledged, in order.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use clausewise::model::{Answer, AnswerTarget, Change, Value};
use clausewise::store::{LiveStore, Workspace};

const FIRE_DIR: &str = "CLAUSEWISE_TEST_LIVE_FIRE_DIR";
const QUESTIONS: u64 = 40;

fn target(n: u64) -> AnswerTarget {
    AnswerTarget {
        questionnaire: "iso42001-gap".into(),
        subject: None,
        entry: None,
        question: format!("q{}", n % QUESTIONS),
    }
}

fn workspace(dir: &Path) -> Workspace {
    Workspace {
        root: dir.to_path_buf(),
    }
}

/// How many answer commits the history holds (the counter the child goes on from).
fn committed(store: &LiveStore) -> u64 {
    (0..QUESTIONS)
        .map(|q| {
            let filter = clausewise::store::live::HistoryFilter {
                question: format!("q{q}"),
                ..Default::default()
            };
            store.history(&filter).expect("history").len() as u64
        })
        .sum()
}

/// Run by `sigkill_during_commits_never_tears_the_database`: commits forever.
#[test]
#[ignore = "helper run as a child process"]
fn child_commits_forever() {
    let Some(dir) = std::env::var_os(FIRE_DIR) else {
        return;
    };
    let mut store = LiveStore::open(&workspace(Path::new(&dir))).expect("open");
    for n in committed(&store) + 1.. {
        let mut a = Answer::new(Value::Text(format!("answer {n}")));
        a.note = format!("{n:012}");
        store
            .commit_changes(vec![Change::Answer {
                target: target(n),
                answer: Some(a),
            }])
            .expect("commit");
        println!("COMMITTED {n}");
    }
}

/// Runs the child for `ms` milliseconds, kills it, returns the last commit it acknowledged.
fn one_life(dir: &Path, ms: u64) -> u64 {
    let mut child = Command::new(std::env::current_exe().expect("exe"))
        .args([
            "--exact",
            "live_fire::child_commits_forever",
            "--ignored",
            "--nocapture",
        ])
        .env(FIRE_DIR, dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let out = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut last = 0;
        for line in BufReader::new(out).lines() {
            let Ok(line) = line else { break };
            if let Some(n) = line.strip_prefix("COMMITTED ") {
                last = n.trim().parse().unwrap_or(last);
            }
        }
        last
    });
    std::thread::sleep(Duration::from_millis(ms));
    let _ = Command::new("kill")
        .args(["-KILL", &child.id().to_string()])
        .status();
    let _ = child.wait();
    reader.join().expect("reader")
}

/// The database is whole and holds every acknowledged commit as the latest of its question.
fn check(dir: &Path, acknowledged: u64) -> u64 {
    let conn = rusqlite::Connection::open(dir.join(".clausewise/workspace.db")).expect("open");
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity check");
    assert_eq!(ok, "ok");
    drop(conn);
    let store = LiveStore::open(&workspace(dir)).expect("reopen");
    let total = committed(&store);
    assert!(
        total >= acknowledged,
        "{total} < {acknowledged}: a commit was lost"
    );
    let state = store.state().expect("state");
    for n in total.saturating_sub(QUESTIONS - 1).max(1)..=total {
        let a = state.answer(&target(n)).expect("answer present");
        assert_eq!(
            a.note,
            format!("{n:012}"),
            "latest value of {}",
            target(n).question
        );
    }
    total
}

#[test]
fn sigkill_during_commits_never_tears_the_database() {
    let dir = tempfile::tempdir_in(".").expect("tempdir");
    Workspace::init(dir.path()).expect("init");
    let started = Instant::now();
    let mut total = 0;
    let mut lives = 0;
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    while (total < 400 || lives < 20) && started.elapsed() < Duration::from_secs(40) {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let acknowledged = one_life(dir.path(), 30 + seed % 120);
        total = check(dir.path(), acknowledged);
        lives += 1;
    }
    assert!(total >= 200, "too few commits to mean anything: {total}");
}
