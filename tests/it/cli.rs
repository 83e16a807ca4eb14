//! The real binary: exit codes and output of the foundation subcommands.

use std::process::{Command, Output};

fn clausewise(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clausewise"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run clausewise")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn validate_on_the_repository_passes() {
    let o = clausewise(&["--workspace", ".", "validate"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        stdout(&o),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(stdout(&o).starts_with("ok: "), "{}", stdout(&o));
}

#[test]
fn validate_on_each_invalid_fixture_exits_1_with_a_positioned_line() {
    for entry in std::fs::read_dir("tests/fixtures/invalid").expect("fixtures") {
        let path = entry.expect("entry").path();
        let shown = path.display().to_string();
        let o = clausewise(&["validate", &shown]);
        assert_eq!(o.status.code(), Some(1), "{shown}");
        let first = stdout(&o).lines().next().unwrap_or_default().to_string();
        let rest = first
            .strip_prefix(&format!("{shown}:"))
            .unwrap_or_else(|| panic!("{first}"));
        let mut parts = rest.splitn(3, ':');
        let line: usize = parts
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("{first}"));
        let col: usize = parts
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("{first}"));
        assert!(line >= 1 && col >= 1);
        assert!(
            parts.next().is_some_and(|m| m.starts_with(" error: ")),
            "{first}"
        );
    }
}

#[test]
fn list_questionnaires_json_names_id_kind_version_and_counts() {
    let o = clausewise(&[
        "--workspace",
        ".",
        "list",
        "questionnaires",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let items = v.as_array().expect("array");
    let kinds: Vec<&str> = items.iter().filter_map(|i| i["kind"].as_str()).collect();
    assert_eq!(kinds, ["gap", "aiia", "vendor", "gap"]);
    for i in items {
        for key in ["id", "version", "title"] {
            assert!(
                i[key].as_str().is_some_and(|s| !s.is_empty()),
                "{key} in {i}"
            );
        }
        assert!(
            i["sections"].as_u64().is_some_and(|n| n > 0)
                && i["questions"].as_u64().is_some_and(|n| n > 0),
            "{i}"
        );
    }
}

#[test]
fn init_creates_a_workspace_that_lists_builtins() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path().join("ws");
    let ws_s = ws.display().to_string();
    assert_eq!(clausewise(&["init", &ws_s]).status.code(), Some(0));
    for folder in ["questionnaires", "profiles", "snapshots"] {
        assert!(ws.join(folder).is_dir(), "{folder}");
    }
    let o = clausewise(&["--workspace", &ws_s, "list", "profiles"]);
    let out = stdout(&o);
    for id in [
        "generic",
        "healthcare",
        "financial-services",
        "legal-services",
        "hospitality",
        "public-sector",
    ] {
        assert!(out.contains(id), "{id} missing from\n{out}");
    }
}

#[test]
fn usage_errors_exit_2_and_help_documents_exit_codes() {
    assert_eq!(clausewise(&["no-such-command"]).status.code(), Some(2));
    assert_eq!(clausewise(&["list", "gizmos"]).status.code(), Some(2));
    let help = clausewise(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    for part in [
        "Exit codes: 0 success;",
        "1 a problem found",
        "2 usage error",
        "3 `diff --fail-on-regression`",
    ] {
        assert!(stdout(&help).contains(part), "{part}: {}", stdout(&help));
    }
    let v = clausewise(&["--version"]);
    assert!(stdout(&v).starts_with("clausewise "));
}
