//! `clausewise snapshot …` and `clausewise diff …` through the real binary.

use std::path::Path;
use std::process::{Command, Output};

use clausewise::model::{Answer, AnswerTarget, Status, Value, WorkspaceState};
use clausewise::store::{LiveStore, ResumeInfo, Session, Workspace, session::sessions_dir};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clausewise"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run clausewise")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const OLD: &str = "harbourline-logistics-2025-stage-2";
const NEW: &str = "harbourline-logistics-2026-surveillance-1.json";

#[test]
fn diff_of_the_examples_fails_on_regression_with_exit_3() {
    let o = run(&["-w", ".", "diff", OLD, NEW, "--fail-on-regression"]);
    assert_eq!(
        o.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = out(&o);
    assert!(text.starts_with("Harbourline Logistics: stage-2"), "{text}");
    assert!(!text.contains('\x1b'), "no colour with NO_COLOR or a pipe");
    assert!(text.contains("repeat risk"), "{text}");
    let o = run(&["-w", ".", "diff", OLD, NEW]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn diff_json_is_versioned_and_markdown_has_headings() {
    let o = run(&[
        "-w",
        ".",
        "diff",
        OLD,
        NEW,
        "--format",
        "json",
        "--only",
        "regressions",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["format"], "clausewise-diff");
    assert_eq!(v["version"], 1);
    assert!(v["subjects"]["added"].as_array().is_some_and(Vec::is_empty));
    assert_eq!(v["answers"][0]["direction"], "regressed");
    let o = run(&["-w", ".", "diff", OLD, NEW, "--format", "markdown"]);
    assert!(
        out(&o).starts_with("## Harbourline Logistics"),
        "{}",
        out(&o)
    );
    assert!(out(&o).contains("\n### Findings\n"));
}

#[test]
fn verify_and_list_on_the_repository() {
    let o = run(&["-w", ".", "snapshot", "verify"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(out(&o).starts_with("ok: 2 snapshot(s)"), "{}", out(&o));
    let o = run(&["-w", ".", "snapshot", "list"]);
    assert!(out(&o).contains("harbourline-logistics-2025-stage-2.json"));
}

#[test]
fn save_freezes_the_session_chained_to_the_last_snapshot() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = Workspace::init(dir.path()).expect("init");
    let ws_arg = dir.path().to_string_lossy().into_owned();
    let o = run(&["-w", &ws_arg, "snapshot", "save", "--cycle", "stage-1"]);
    assert_eq!(o.status.code(), Some(1));
    let t = AnswerTarget {
        questionnaire: "iso42001-gap".into(),
        subject: None,
        entry: None,
        question: "s1.q1".into(),
    };
    LiveStore::open(&ws)
        .expect("live")
        .commit_changes(vec![
            clausewise::model::Change::Meta {
                organization: "Acme".into(),
                assessor: "Ann".into(),
                profile: "generic".into(),
            },
            clausewise::model::Change::Answer {
                target: t,
                answer: Some(Answer::new(Value::Status(Status::Gap))),
            },
        ])
        .expect("commit");
    for (cycle, name) in [("stage-1", "a.json"), ("stage-2", "b.json")] {
        let o = run(&[
            "-w", &ws_arg, "snapshot", "save", "--cycle", cycle, "--name", name,
        ]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let load = |n: &str| clausewise::store::snapshots::load(&dir.path().join("snapshots").join(n));
    let (a, b) = (load("a.json").expect("a"), load("b.json").expect("b"));
    assert_eq!(b.previous, a.digest);
    assert_eq!(a.questionnaires[0].id, "iso42001-gap");
    let o = run(&["-w", &ws_arg, "snapshot", "verify"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    let v0 = Path::new("tests/fixtures/snapshots/v0.json")
        .canonicalize()
        .expect("v0");
    let o = run(&[
        "-w",
        &ws_arg,
        "snapshot",
        "save",
        "--from",
        &v0.to_string_lossy(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v = load("v0.json").expect("resealed");
    assert_eq!(v.version, 1);
    assert!(v.digest.is_some());
}

#[test]
fn saving_the_same_cycle_twice_never_replaces_the_earlier_snapshot() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = Workspace::init(dir.path()).expect("workspace");
    let ws_arg = ws.root.display().to_string();
    let mut s = Session::open(&sessions_dir(&ws), "workspace", || {
        WorkspaceState::new("", "", "generic")
    })
    .expect("session");
    let target = AnswerTarget {
        questionnaire: "iso42001-gap".into(),
        subject: None,
        entry: None,
        question: "c4.1.issues".into(),
    };
    s.commit_answer(
        &target,
        Answer::new(Value::Status(Status::Met)),
        ResumeInfo::default(),
    )
    .expect("commit");
    drop(s);
    for _ in 0..2 {
        let o = run(&["-w", &ws_arg, "snapshot", "save", "--cycle", "stage-1"]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let year = jiff::Timestamp::now().to_string()[..4].to_string();
    for name in [
        format!("snapshot-{year}-stage-1.json"),
        format!("snapshot-{year}-stage-1-2.json"),
    ] {
        assert!(
            ws.root.join("snapshots").join(&name).is_file(),
            "{name}: no organization gives a safe name, and a second save a new one"
        );
    }
    let o = run(&["-w", &ws_arg, "snapshot", "verify"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    let taken = format!("snapshot-{year}-stage-1.json");
    let o = run(&[
        "-w", &ws_arg, "snapshot", "save", "--cycle", "stage-1", "--name", &taken,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("already exists; a snapshot is never replaced")
    );
}

#[test]
fn reopen_starts_the_workspace_session_from_a_snapshot_and_never_replaces_work_silently() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = Workspace::init(dir.path()).expect("workspace");
    let ws_arg = dir.path().to_string_lossy().into_owned();
    let example = Path::new("snapshots").join(format!("{OLD}.json"));
    let example = example.canonicalize().expect("example snapshot");
    let example_arg = example.to_string_lossy().into_owned();
    let snap = clausewise::store::snapshots::load(&example).expect("load");

    let o = run(&["-w", &ws_arg, "snapshot", "reopen", &example_arg]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let live = || LiveStore::open(&ws).expect("live").state().expect("state");
    assert_eq!(live(), WorkspaceState::from_snapshot(&snap));
    assert!(
        !live().findings.is_empty(),
        "last cycle's findings carried over"
    );
    let answers = live().answer_count();
    assert!(
        out(&o).contains(&format!("{answers} answers")),
        "{}",
        out(&o)
    );

    // Work in progress that differs from the snapshot is not replaced without --force.
    let mut store = LiveStore::open(&ws).expect("live");
    let deletions = snap
        .findings
        .iter()
        .map(|f| clausewise::model::Change::Finding {
            id: f.id.clone(),
            finding: None,
        })
        .collect();
    store.commit_changes(deletions).expect("edit");
    drop(store);
    let o = run(&["-w", &ws_arg, "snapshot", "reopen", &example_arg]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    assert!(
        live().findings.is_empty(),
        "refused: the session is untouched"
    );
    let o = run(&["-w", &ws_arg, "snapshot", "reopen", &example_arg, "--force"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(live().findings, snap.findings);
}
