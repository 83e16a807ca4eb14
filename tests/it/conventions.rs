//! The command line by the ecosystem's conventions: `-o -`, usage errors exit 2, a missing
//! workspace is an error, no terminal is explained, completions and a man page, shareable
//! outputs honour the umask, and `due` lists follow-up work with exit 1 when overdue.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_clausewise");

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run clausewise")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn stage2() -> String {
    repo("snapshots/harbourline-logistics-2025-stage-2.json")
        .display()
        .to_string()
}

#[test]
fn dash_output_is_standard_output_for_every_writer() {
    let dir = tempfile::tempdir().unwrap();
    let ws = repo(".").display().to_string();
    let snap = stage2();
    let cases: [&[&str]; 4] = [
        &["-w", &ws, "report", &snap, "--format", "json", "-o", "-"],
        &["-w", &ws, "report", &snap, "--format", "csv", "-o", "-"],
        &[
            "-w",
            &ws,
            "export-questionnaire",
            "ai-vendor-due-diligence",
            "--subject",
            "Acme",
            "--format",
            "csv",
            "-o",
            "-",
        ],
        &[
            "-w",
            &ws,
            "export-questionnaire",
            "ai-vendor-due-diligence",
            "--subject",
            "Acme",
            "-o",
            "-",
        ],
    ];
    for args in cases {
        let o = run_in(dir.path(), args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o.stderr));
        assert!(o.stdout.len() > 100, "{args:?}: nothing on standard output");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(left.is_empty(), "{args:?} wrote a file: {left:?}");
    }
    let xlsx = run_in(dir.path(), cases[3]);
    assert!(
        xlsx.stdout.starts_with(b"PK"),
        "an xlsx (zip) on standard output"
    );
    let json = run_in(dir.path(), cases[0]);
    serde_json::from_slice::<serde_json::Value>(&json.stdout).expect("the report JSON");
}

/// `-w DIR init` creates the workspace in DIR, not in the current directory; a second,
/// different folder is refused.
#[test]
fn init_creates_the_workspace_given_with_w() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let ws_s = ws.display().to_string();
    let o = run_in(dir.path(), &["-w", &ws_s, "init"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(ws.join("snapshots").is_dir(), "created in the -w folder");
    assert!(
        !dir.path().join("snapshots").exists(),
        "not in the current directory"
    );
    let other = dir.path().join("other").display().to_string();
    let o = run_in(dir.path(), &["-w", &ws_s, "init", &other]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("two folders given"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(
        run_in(dir.path(), &["-w", &ws_s, "init", &ws_s])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn usage_errors_exit_2_with_clap_s_message() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().display().to_string();
    assert_eq!(run_in(dir.path(), &["init", &ws]).status.code(), Some(0));
    let o = run_in(dir.path(), &["-w", &ws, "snapshot", "save"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("the following required arguments were not provided")
            && text(&o.stderr).contains("--cycle <CYCLE>"),
        "{}",
        text(&o.stderr)
    );
    let o = run_in(dir.path(), &["report", &stage2(), "--framework", "cobit"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains("invalid value 'cobit' for '--framework <FRAMEWORK>'")
            && err.contains("eu-ai-act"),
        "{err}"
    );
    let o = run_in(dir.path(), &["-w", &ws, "due", "--within", "3 months"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("use days like 30d"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn a_missing_workspace_is_an_error_not_an_empty_one() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope").display().to_string();
    for args in [
        vec!["-w", &missing, "list", "snapshots"],
        vec!["-w", &missing, "report", "x.json"],
        vec!["-w", &missing, "due"],
    ] {
        let o = run_in(dir.path(), &args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = text(&o.stderr);
        assert!(
            err.starts_with(&format!(
                "error: no workspace at {missing}: it is not a folder"
            )),
            "{args:?}: {err}"
        );
        assert!(o.stdout.is_empty(), "{args:?}: {}", text(&o.stdout));
    }
    assert!(!dir.path().join("nope").exists(), "nothing was created");
}

#[test]
fn without_a_terminal_the_wizard_says_what_to_use_instead() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().display().to_string();
    for args in [vec!["-w", &ws], vec!["-w", &ws, "assess", "gap"]] {
        let o = run_in(dir.path(), &args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = text(&o.stderr);
        assert!(
            err.contains("the interactive wizard needs a terminal"),
            "{err}"
        );
        assert!(err.contains("clausewise export-questionnaire"), "{err}");
        assert!(!err.contains("No such device"), "{err}");
    }
}

#[test]
fn completions_for_each_shell_and_a_man_page() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "_clausewise()"),
        ("zsh", "#compdef clausewise"),
        ("fish", "complete -c clausewise"),
        ("elvish", "clausewise"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let o = run_in(dir.path(), &["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let s = text(&o.stdout);
        assert!(s.contains(marker), "{shell}: {}", &s[..s.len().min(300)]);
        assert!(
            s.contains("export-questionnaire"),
            "{shell} completes subcommands"
        );
    }
    let o = run_in(dir.path(), &["man"]);
    assert_eq!(o.status.code(), Some(0));
    let man = text(&o.stdout);
    assert!(man.contains(".TH clausewise 1"), "{man}");
    assert!(
        man.contains("import\\-answers") || man.contains("import-answers"),
        "{man}"
    );
    let o = run_in(dir.path(), &["completions", "tcsh"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[cfg(unix)]
#[test]
fn shareable_outputs_honour_the_umask_workspace_data_stays_private() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    for (umask, want) in [("022", 0o644), ("027", 0o640), ("077", 0o600)] {
        let out = dir.path().join(format!("report-{umask}.md"));
        let script = format!("umask {umask}; exec \"$0\" -w \"$1\" report \"$2\" -o \"$3\"");
        let o = Command::new("sh")
            .args(["-c", &script, BIN])
            .arg(repo("."))
            .arg(stage2())
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        assert_eq!(mode(&out), want, "umask {umask}");
    }
    let ws = dir.path().join("ws");
    let script = "umask 022; \"$0\" init \"$1\" && exec \"$0\" -w \"$1\" snapshot reopen \"$2\"";
    let o = Command::new("sh")
        .args(["-c", script, BIN])
        .arg(&ws)
        .arg(stage2())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let db: Vec<PathBuf> = std::fs::read_dir(ws.join(".clausewise"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    assert!(!db.is_empty(), "reopen wrote the workspace database");
    for p in db {
        assert_eq!(mode(&p) & 0o077, 0, "{} stays private", p.display());
    }
}

#[test]
fn due_lists_overdue_work_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let ws = repo(".").display().to_string();
    let snap = repo("snapshots/harbourline-logistics-2026-surveillance-1.json");
    let snap = snap.display().to_string();
    let args = [
        "-w",
        &ws,
        "due",
        "--snapshot",
        &snap,
        "--as-of",
        "2026-04-01",
    ];
    let o = run_in(dir.path(), &args);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.starts_with("1 overdue, 0 due by 2026-05-01 (as of 2026-04-01)\n"),
        "{out}"
    );
    assert!(
        out.contains("! 2026-01-31  finding  F-2025-02  corrective action for observation finding on 4.2 · owner Priya Raman"),
        "{out}"
    );
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json", "--within", "13w"]);
    let o = run_in(dir.path(), &json_args);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["overdue"], 1);
    assert_eq!(v["until"], "2026-07-01");
    let kinds: Vec<&str> = (v["items"].as_array().unwrap().iter())
        .filter_map(|i| i["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"finding") && kinds.contains(&"action"),
        "{kinds:?}"
    );
    let before = [
        "-w",
        &ws,
        "due",
        "--snapshot",
        &snap,
        "--as-of",
        "2025-01-01",
        "--within",
        "0d",
    ];
    let o = run_in(dir.path(), &before);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
}

#[test]
fn due_reads_the_live_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().display().to_string();
    assert_eq!(run_in(dir.path(), &["init", &ws]).status.code(), Some(0));
    let o = run_in(dir.path(), &["-w", &ws, "due"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).ends_with("nothing due\n"),
        "{}",
        text(&o.stdout)
    );
    let snap = repo("snapshots/harbourline-logistics-2026-surveillance-1.json");
    let o = run_in(
        dir.path(),
        &["-w", &ws, "snapshot", "reopen", &snap.display().to_string()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let o = run_in(dir.path(), &["-w", &ws, "due", "--as-of", "2026-04-01"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("F-2025-02"), "{}", text(&o.stdout));
}
