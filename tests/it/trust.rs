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

/// A workspace with one sealed snapshot; returns it and the snapshot's path.
fn sealed_workspace() -> (tempfile::TempDir, String, PathBuf) {
    let (dir, ws) = workspace_with_answers("Acme");
    let o = run(&[
        "-w", &ws, "snapshot", "save", "--cycle", "stage-1", "--name", "s1.json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let path = dir.path().join("snapshots/s1.json");
    (dir, ws, path)
}

/// Sets the stored overall readiness to 99% without re-sealing.
fn forge_scorecard(path: &Path) {
    let mut v: serde_json::Value =
        serde_json::from_slice(&fs::read(path).expect("read")).expect("json");
    v["scorecard"]["gap"]["overall"]["readiness"] = serde_json::json!(0.99);
    fs::write(path, serde_json::to_vec_pretty(&v).expect("json")).expect("write");
}

const REPORT_FORMATS: [&str; 6] = ["markdown", "csv", "soa-csv", "html", "json", "oscal"];

#[test]
fn a_forged_scorecard_is_refused_by_every_command_that_shows_snapshots() {
    let (_dir, ws, path) = sealed_workspace();
    forge_scorecard(&path);
    let p = path.to_string_lossy().into_owned();
    let mut commands: Vec<Vec<&str>> = REPORT_FORMATS
        .iter()
        .map(|f| vec!["-w", &ws, "report", &p, "--format", f])
        .collect();
    commands.extend([
        vec!["-w", &ws, "diff", &p, &p],
        vec!["-w", &ws, "diff", &p, &p, "--format", "json"],
        vec!["-w", &ws, "score", &p],
        vec!["-w", &ws, "snapshot", "show", &p],
        vec!["-w", &ws, "snapshot", "show", &p, "--json"],
    ]);
    for args in &commands {
        let o = run(args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stdout(&o));
        let err = stderr(&o);
        assert!(err.contains("s1.json"), "{args:?} names the file: {err}");
        assert!(
            err.contains("edited after it was sealed"),
            "{args:?}: {err}"
        );
        assert!(
            !stdout(&o).contains("99"),
            "{args:?} shows nothing: {}",
            stdout(&o)
        );
        let mut allowed = args.clone();
        allowed.push("--allow-unverified");
        let o = run(&allowed);
        assert_eq!(o.status.code(), Some(0), "{allowed:?}: {}", stderr(&o));
        assert!(
            stdout(&o).contains("UNVERIFIED"),
            "{allowed:?}: {}",
            stdout(&o)
        );
        if args.contains(&"json") || args.contains(&"oscal") {
            let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("still JSON");
            assert_eq!(v["unverified"], true, "{allowed:?}");
        }
    }
    let o = run(&["-w", &ws, "validate"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("the seal does not hold"),
        "{}",
        stdout(&o)
    );
    let o = run(&["-w", &ws, "snapshot", "list"]);
    assert!(
        stdout(&o).contains("EDITED AFTER SEALING"),
        "{}",
        stdout(&o)
    );
    let o = run(&["-w", &ws, "snapshot", "verify", &p]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("edited after it was saved"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_forged_scorecard_shown_anyway_gets_its_numbers_from_the_answers() {
    let (_dir, ws, path) = sealed_workspace();
    let honest = snapshots::load(&path).expect("load");
    let readiness = honest
        .scorecard
        .as_ref()
        .and_then(|c| c.gap.as_ref())
        .expect("gap");
    let honest_pct = clausewise::report::escape::pct(readiness.overall.readiness);
    forge_scorecard(&path);
    let p = path.to_string_lossy().into_owned();
    let o = run(&[
        "-w",
        &ws,
        "report",
        &p,
        "--format",
        "json",
        "--allow-unverified",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let shown = v["scorecard"]["gap"]["overall"]["readiness"]
        .as_f64()
        .expect("readiness");
    assert!(
        (shown - 0.99).abs() > 1e-6,
        "the forged figure is not shown"
    );
    let notices = v["notices"].to_string();
    assert!(notices.contains("SCORECARD DIFFERS"), "{notices}");
    assert!(
        notices.contains("99%") && notices.contains(&honest_pct),
        "{notices}"
    );
}

#[test]
fn an_altered_and_resealed_scorecard_is_shown_with_both_figures() {
    let (dir, ws, path) = sealed_workspace();
    let mut s = snapshots::load(&path).expect("load");
    let computed = s
        .scorecard
        .as_ref()
        .and_then(|c| c.gap.as_ref())
        .expect("gap");
    let computed_pct = clausewise::report::escape::pct(computed.overall.readiness);
    if let Some(g) = s.scorecard.as_mut().and_then(|c| c.gap.as_mut()) {
        g.overall.readiness = 0.99;
    }
    snapshots::save(&dir.path().join("snapshots"), "s1.json", &mut s).expect("reseal");
    let p = path.to_string_lossy().into_owned();
    let o = run(&["-w", &ws, "snapshot", "verify"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "the seal itself holds: {}",
        stdout(&o)
    );
    for format in REPORT_FORMATS {
        let o = run(&["-w", &ws, "report", &p, "--format", format]);
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
        let text = stdout(&o);
        assert!(text.contains("SCORECARD DIFFERS"), "{format}: {text}");
        assert!(
            text.contains("99%") && text.contains(&computed_pct),
            "{format}: {text}"
        );
        assert!(!text.contains("UNVERIFIED"), "{format}");
    }
    let o = run(&["-w", &ws, "diff", &p, &p]);
    assert!(stdout(&o).contains("SCORECARD DIFFERS"), "{}", stdout(&o));
    assert!(stderr(&o).contains("SCORECARD DIFFERS"), "{}", stderr(&o));
}

#[test]
fn verify_reports_a_missing_folder_an_empty_one_and_a_fork() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("nope");
    let o = run(&["snapshot", "verify", &missing.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("does not exist"), "{}", stderr(&o));
    let o = run(&["snapshot", "verify", &dir.path().to_string_lossy()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no snapshots"), "{}", stderr(&o));
    let (wsdir, ws, first) = sealed_workspace();
    let snaps = wsdir.path().join("snapshots");
    let a = snapshots::load(&first).expect("load");
    let fork = |name: &str, minutes: i64| {
        let mut s = a.clone();
        s.meta.created_at = a.meta.created_at + jiff::SignedDuration::from_mins(minutes);
        s.previous = a.digest.clone();
        snapshots::save(&snaps, name, &mut s).expect("save");
    };
    fork("b.json", 1);
    fork("c.json", 2);
    let o = run(&["-w", &ws, "snapshot", "verify"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("c.json: error: the chain forks here: b.json"),
        "{}",
        stdout(&o)
    );
    let o = run(&[
        "-w",
        &ws,
        "snapshot",
        "verify",
        &snaps.join("c.json").to_string_lossy(),
    ]);
    assert_eq!(o.status.code(), Some(1), "one file: {}", stdout(&o));
    let o = run(&["-w", &ws, "report", &snaps.join("c.json").to_string_lossy()]);
    assert_eq!(o.status.code(), Some(1), "report refuses the forked file");
    assert!(stderr(&o).contains("forked"), "{}", stderr(&o));
}

#[test]
fn a_100000_answer_snapshot_saves_loads_scores_diffs_and_reports() {
    let catalog = clausewise::catalog::Catalog::builtin();
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = Workspace::init(dir.path()).expect("init");
    let snaps = ws.root.join("snapshots");
    let mut names = Vec::new();
    for (variant, cycle) in [(0, "stage-2"), (1, "surveillance-1")] {
        let state =
            clausewise::synth::workspace_state_with(&catalog, 100_000, variant, (1200, 1800));
        assert_eq!(clausewise::synth::answer_count(&state), 100_000);
        let at = jiff::Timestamp::from_second(1_750_000_000 + variant as i64 * 86_400).expect("ts");
        let (path, _) = snapshots::save_new(
            &snaps,
            &state,
            &catalog,
            (cycle.into(), String::new()),
            None,
            at,
        )
        .expect("save");
        let size = fs::metadata(&path).expect("meta").len();
        assert!(
            size > 8 * 1024 * 1024,
            "larger than the old 8 MiB limit: {size}"
        );
        names.push(path.to_string_lossy().into_owned());
    }
    let w = ws.root.to_string_lossy().into_owned();
    let (old, new) = (&names[0], &names[1]);
    let out = dir.path().join("r.csv");
    let out_arg = out.to_string_lossy();
    let commands = [
        vec!["-w", &w, "snapshot", "verify"],
        vec!["-w", &w, "snapshot", "show", new],
        vec!["-w", &w, "score", new, "--format", "json"],
        vec!["-w", &w, "diff", old, new, "--format", "json"],
        vec!["-w", &w, "report", new, "--format", "csv", "-o", &out_arg],
        vec!["-w", &w, "validate"],
    ];
    // The commands only read the snapshots (the report writes its own file): run side by
    // side, so this test's minutes in a debug build are spread over the cores.
    std::thread::scope(|s| {
        let running: Vec<_> = commands
            .iter()
            .map(|args| s.spawn(move || (args, run(args))))
            .collect();
        for r in running {
            let (args, o) = r.join().expect("command thread");
            assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
            assert!(
                !stderr(&o).contains("SCORECARD DIFFERS"),
                "{args:?}: {}",
                stderr(&o)
            );
        }
    });
    let rows = fs::read_to_string(&out).expect("report").lines().count();
    assert!(rows > 100_000, "one row per answer: {rows}");
}

#[test]
fn a_too_large_snapshot_names_its_real_size() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("big.json");
    let f = fs::File::create(&p).expect("create");
    let size = clausewise::catalog::MAX_SNAPSHOT_BYTES as u64 + 12_345;
    f.set_len(size).expect("sparse file");
    let e = snapshots::load(&p).expect_err("too large");
    assert!(
        e.to_string().contains(&format!("the file is {size} bytes")),
        "{e}"
    );
    let o = run(&["report", &p.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains(&size.to_string()), "{}", stderr(&o));
}

#[test]
fn a_utf8_bom_is_named_in_the_error() {
    let (_dir, _ws, path) = sealed_workspace();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(fs::read(&path).expect("read"));
    fs::write(&path, bytes).expect("write");
    let o = run(&["snapshot", "verify", &path.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("byte order mark (BOM"),
        "{}",
        stdout(&o)
    );
    let o = run(&["validate", &path.to_string_lossy()]);
    assert!(
        stdout(&o).contains("byte order mark (BOM"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_closed_pipe_ends_output_quietly() {
    let (_dir, ws, path) = sealed_workspace();
    let p = path.to_string_lossy().into_owned();
    for args in [
        vec!["-w", &ws, "report", &p, "--format", "csv"],
        vec!["-w", &ws, "report", &p, "--format", "markdown"],
        vec!["-w", &ws, "list", "questionnaires"],
        vec!["-w", &ws, "schema", "snapshot"],
    ] {
        let mut child = bin()
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        // `| head` that has already quit: the read end is closed before the command writes
        // (starting the process takes far longer), so every write meets a closed pipe.
        drop(child.stdout.take());
        let o = child.wait_with_output().expect("wait");
        assert_ne!(
            o.status.code(),
            Some(101),
            "{args:?} panicked: {}",
            stderr(&o)
        );
        assert!(!stderr(&o).contains("panicked"), "{args:?}: {}", stderr(&o));
        assert!(
            !stderr(&o).contains("Broken pipe"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn an_os_error_is_printed_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("missing.json");
    for args in [
        vec!["report".to_string(), missing.to_string_lossy().into_owned()],
        vec!["score".into(), missing.to_string_lossy().into_owned()],
        vec!["validate".into(), missing.to_string_lossy().into_owned()],
    ] {
        let o = bin()
            .args(["-w", &dir.path().to_string_lossy()])
            .args(&args)
            .output()
            .expect("run");
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = stderr(&o);
        assert_eq!(err.matches("os error 2").count(), 1, "{args:?}: {err}");
        assert!(err.contains("missing.json"), "{args:?}: {err}");
    }
}
