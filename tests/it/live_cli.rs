//! The live workspace from the command line: a team workspace's permissions, the import of
//! an earlier version's JSON session, and `history`.

use std::process::{Command, Output};

use clausewise::model::{Answer, AnswerTarget, Change, Status, Value, WorkspaceState};
use clausewise::store::{LiveStore, ResumeInfo, Session, Workspace, session::sessions_dir};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clausewise"))
        .args(args)
        .output()
        .expect("run clausewise")
}

fn gap(q: &str) -> AnswerTarget {
    AnswerTarget {
        questionnaire: "iso42001-gap".into(),
        subject: None,
        entry: None,
        question: q.into(),
    }
}

#[cfg(unix)]
#[test]
fn init_shared_makes_setgid_folders_and_a_group_writable_database() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path().join("team");
    let o = run(&["init", "--shared", &ws.display().to_string()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mode = |p: &std::path::Path| std::fs::metadata(p).expect("meta").permissions().mode();
    for folder in [".clausewise", "snapshots", "questionnaires", "profiles"] {
        let m = mode(&ws.join(folder));
        assert_eq!(
            m & 0o2070,
            0o2070,
            "{folder}: setgid and group rwx, got {m:o}"
        );
    }
    let db = mode(&ws.join(".clausewise/workspace.db"));
    assert_eq!(db & 0o060, 0o060, "group read-write database, got {db:o}");
    // A private workspace stays private.
    let private = dir.path().join("mine");
    assert!(
        run(&["init", &private.display().to_string()])
            .status
            .success()
    );
    let store = LiveStore::open(&Workspace { root: private }).expect("open");
    assert_eq!(mode(store.path()) & 0o077, 0, "private database");
}

#[test]
fn an_earlier_json_session_is_imported_by_the_first_command_and_kept_as_a_backup() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = Workspace::init(dir.path()).expect("workspace");
    let mut s = Session::open(&sessions_dir(&ws), "workspace", || {
        WorkspaceState::new("Acme", "Ann", "generic")
    })
    .expect("session");
    s.commit_answer(
        &gap("c5.1.accountable-exec"),
        Answer::new(Value::Status(Status::Gap)),
        ResumeInfo::default(),
    )
    .expect("commit");
    drop(s);
    let w = dir.path().display().to_string();
    let o = run(&["-w", &w, "snapshot", "save", "--cycle", "stage-1"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(sessions_dir(&ws).join("workspace.json.bak").exists());
    assert!(!sessions_dir(&ws).join("workspace.json").exists());
    let state = LiveStore::open(&ws).expect("open").state().expect("state");
    assert_eq!(state.organization, "Acme");
    assert_eq!(state.answer_count(), 1);
}

#[test]
fn history_prints_who_when_and_old_to_new() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = Workspace::init(dir.path()).expect("workspace");
    let mut store = LiveStore::open(&ws).expect("open");
    let t = gap("c6.1.2.criteria");
    for status in [Status::Gap, Status::Partial, Status::Met] {
        store
            .commit_changes(vec![Change::Answer {
                target: t.clone(),
                answer: Some(Answer::new(Value::Status(status))),
            }])
            .expect("commit");
    }
    let w = dir.path().display().to_string();
    let o = run(&["-w", &w, "history", "c6.1.2.criteria"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].ends_with("(no answer) -> gap"), "{text}");
    assert!(lines[1].ends_with("gap -> partial"), "{text}");
    assert!(lines[2].ends_with("partial -> met"), "{text}");
    assert!(lines.iter().all(|l| l.contains(store.who())), "{text}");
    let o = run(&["-w", &w, "history", "c6.1.2.criteria", "--json"]);
    let first: serde_json::Value = serde_json::from_str(
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .next()
            .expect("line"),
    )
    .expect("json");
    assert_eq!(first["new"]["value"]["status"], "gap");
    assert!(first["old"].is_null());
}
