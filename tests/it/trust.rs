//! Files and seals you can trust (issue 18), through the real binary: concurrent saves and
//! imports in separate processes, names confined to snapshots/, symlinked folders refused,
//! forged and re-sealed scorecards, large snapshots.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use clausewise::model::{Answer, AnswerTarget, Status, Value, WorkspaceState};
use clausewise::store::{ResumeInfo, Session, Workspace, session::sessions_dir, snapshots};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_clausewise"));
    c.env("NO_COLOR", "1");
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run clausewise")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A workspace whose session holds one answer, and its path as an argument.
pub fn workspace_with_answers(org: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = Workspace::init(dir.path()).expect("init");
    let mut s = Session::open(&sessions_dir(&ws), "workspace", || {
        WorkspaceState::new(org, "Ann", "generic")
    })
    .expect("session");
    let t = AnswerTarget {
        questionnaire: "iso42001-gap".into(),
        subject: None,
        entry: None,
        question: "c4.1.issues".into(),
    };
    s.commit_answer(
        &t,
        Answer::new(Value::Status(Status::Met)),
        ResumeInfo::default(),
    )
    .expect("commit");
    let arg = dir.path().to_string_lossy().into_owned();
    (dir, arg)
}

fn snapshot_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    v.sort();
    v
}

#[test]
fn concurrent_saves_in_real_processes_replace_nothing_and_form_one_chain() {
    const N: usize = 12;
    let (dir, ws) = workspace_with_answers("Acme");
    let children: Vec<_> = (0..N)
        .map(|_| {
            bin()
                .args(["-w", &ws, "snapshot", "save", "--cycle", "stage-1"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for c in children {
        let o = c.wait_with_output().expect("wait");
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let snaps = dir.path().join("snapshots");
    let files = snapshot_files(&snaps);
    assert_eq!(files.len(), N, "every save kept its own file: {files:?}");
    let mut loaded: Vec<_> = files
        .iter()
        .map(|p| snapshots::load(p).expect("load"))
        .collect();
    loaded.sort_by_key(|s| s.meta.created_at);
    assert_eq!(loaded[0].previous, None);
    for pair in loaded.windows(2) {
        assert_eq!(pair[1].previous, pair[0].digest, "a single chain, no fork");
    }
    let o = run(&["-w", &ws, "snapshot", "verify"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let left: Vec<_> = fs::read_dir(&snaps)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "no temp files left: {left:?}");
}

#[test]
fn concurrent_imports_into_one_file_lose_nothing() {
    const N: usize = 8;
    let dir = tempfile::tempdir().expect("tempdir");
    let snap = dir.path().join("snap.json");
    let json = serde_json::to_string_pretty(&super::fixture::unscored()).expect("json");
    fs::write(&snap, json).expect("write");
    let fill = dir.path().join("fill.csv");
    let o = run(&[
        "export-questionnaire",
        "ai-vendor-due-diligence",
        "--subject",
        "x",
        "--format",
        "csv",
        "-o",
        &fill.to_string_lossy(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let children: Vec<_> = (0..N)
        .map(|i| {
            bin()
                .arg("import-answers")
                .arg(&fill)
                .args(["--subject", &format!("Vendor {i}"), "--into"])
                .arg(&snap)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for c in children {
        let o = c.wait_with_output().expect("wait");
        assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    }
    let s = snapshots::load(&snap).expect("load");
    for i in 0..N {
        let id = format!("vendor-{i}");
        assert!(
            s.subjects.iter().any(|x| x.id == id),
            "{id} kept: {:?}",
            s.subjects.iter().map(|x| &x.id).collect::<Vec<_>>()
        );
    }
}

#[test]
fn name_is_confined_to_the_snapshots_folder() {
    let (dir, ws) = workspace_with_answers("Acme");
    for bad in [
        "../escaped.json",
        "/tmp/abs.json",
        "sub/x.json",
        ".hidden.json",
        "..",
    ] {
        let o = run(&[
            "-w", &ws, "snapshot", "save", "--cycle", "stage-1", "--name", bad,
        ]);
        assert_eq!(o.status.code(), Some(1), "{bad}: {}", stdout(&o));
        assert!(
            stderr(&o).contains("not a plain file name"),
            "{bad}: {}",
            stderr(&o)
        );
    }
    assert!(!dir.path().join("escaped.json").exists());
    assert!(snapshot_files(&dir.path().join("snapshots")).is_empty());
    let o = run(&[
        "-w", &ws, "snapshot", "save", "--cycle", "stage-1", "--name", "fy26",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        dir.path().join("snapshots/fy26.json").is_file(),
        ".json added"
    );
}

#[cfg(unix)]
#[test]
fn a_symlinked_snapshots_or_clausewise_folder_is_refused() {
    let (dir, ws) = workspace_with_answers("Acme");
    let elsewhere = tempfile::tempdir().expect("elsewhere");
    let snaps = dir.path().join("snapshots");
    fs::remove_dir(&snaps).expect("rmdir");
    std::os::unix::fs::symlink(elsewhere.path(), &snaps).expect("link");
    let o = run(&["-w", &ws, "snapshot", "save", "--cycle", "stage-1"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is a symbolic link"), "{}", stderr(&o));
    assert_eq!(fs::read_dir(elsewhere.path()).expect("list").count(), 0);
    fs::remove_file(&snaps).expect("unlink");
    fs::create_dir(&snaps).expect("mkdir");
    let dot = dir.path().join(".clausewise");
    let moved = elsewhere.path().join("moved");
    fs::rename(&dot, &moved).expect("move");
    std::os::unix::fs::symlink(&moved, &dot).expect("link");
    let o = run(&["-w", &ws, "snapshot", "save", "--cycle", "stage-1"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(".clausewise is a symbolic link"),
        "{}",
        stderr(&o)
    );
}
