//! `clausewise pack`: the auditor pack holds the reports, the snapshot chain and the
//! evidence inside the workspace (never outside it, symbolic links included), and its
//! SHA256SUMS verifies, and stops verifying when a file changes.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::report_exec::{STAGE_2, SURVEILLANCE, example};

/// A workspace with the example chain, the surveillance snapshot re-saved with evidence
/// references: a file inside, a path climbing out, a symbolic link pointing out, a URL.
fn workspace(tmp: &Path) -> (PathBuf, PathBuf) {
    let ws = tmp.join("ws");
    let snaps = ws.join("snapshots");
    std::fs::create_dir_all(&snaps).expect("mkdir");
    std::fs::create_dir_all(ws.join("evidence")).expect("mkdir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots");
    std::fs::copy(src.join(STAGE_2), snaps.join(STAGE_2)).expect("copy");
    std::fs::write(
        ws.join("evidence/policy.txt"),
        "AI policy v3, approved 2026-01-10\n",
    )
    .expect("write");
    std::fs::write(tmp.join("secret.txt"), "TOP-SECRET-42\n").expect("write");
    std::os::unix::fs::symlink(tmp.join("secret.txt"), ws.join("evidence/link.txt"))
        .expect("symlink");
    let mut s = example(SURVEILLANCE);
    let gap = s
        .assessments
        .iter_mut()
        .find(|a| a.subject.is_none())
        .expect("gap");
    let answer = gap.answers.values_mut().next().expect("an answer");
    for r in [
        "evidence/policy.txt",
        "../secret.txt",
        "evidence/link.txt",
        "https://example.com/x.pdf",
    ] {
        answer.evidence.push(clausewise::model::Evidence {
            reference: r.into(),
            date: None,
            expires: None,
        });
    }
    let path = clausewise::store::snapshots::save(&snaps, SURVEILLANCE, &mut s).expect("save");
    (ws, path)
}

fn pack(ws: &Path, snapshot: &Path, out: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_clausewise"))
        .arg("-w")
        .arg(ws)
        .arg("pack")
        .arg(snapshot)
        .arg("-o")
        .arg(out)
        .output()
        .expect("run clausewise")
}

/// Checks SHA256SUMS in `dir`: with `sha256sum -c` when the machine has it, and by
/// recomputing every line here in any case. Returns whether everything matched.
fn sums_verify(dir: &Path) -> bool {
    use sha2::{Digest, Sha256};
    let sums = std::fs::read_to_string(dir.join("SHA256SUMS")).expect("SHA256SUMS");
    let ours = sums.lines().all(|l| {
        let (hash, name) = l.split_once("  ").expect("two spaces");
        std::fs::read(dir.join(name)).is_ok_and(|b| {
            let hex: String = Sha256::digest(&b)
                .iter()
                .map(|x| format!("{x:02x}"))
                .collect();
            hex == hash
        })
    });
    if let Ok(out) = Command::new("sha256sum")
        .arg("-c")
        .arg("--quiet")
        .arg("SHA256SUMS")
        .current_dir(dir)
        .output()
    {
        assert_eq!(
            out.status.success(),
            ours,
            "sha256sum -c and the recomputation agree"
        );
    }
    ours
}

/// Every file under `dir`, relative, `/`-separated.
fn files(dir: &Path, under: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).expect("list") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            files(&p, under, out);
        } else {
            out.push(
                p.strip_prefix(under)
                    .expect("under")
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
}

#[test]
fn the_pack_verifies_and_a_changed_file_fails() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (ws, snapshot) = workspace(tmp.path());
    let out = tmp.path().join("pack");
    let run = pack(&ws, &snapshot, &out);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut all = Vec::new();
    files(&out, &out, &mut all);
    all.sort();
    for want in [
        "README.txt",
        "SHA256SUMS",
        "answers-soa.csv",
        "answers.csv",
        "evidence/evidence/policy.txt",
        "oscal-assessment-results.json",
        "oscal-poam.json",
        "report.html",
        &format!("snapshots/{STAGE_2}"),
        &format!("snapshots/{SURVEILLANCE}"),
    ] {
        assert!(all.iter().any(|f| f == want), "{want} missing from {all:?}");
    }
    // Nothing from outside the workspace, whether by `..` or by a symbolic link.
    assert!(
        !all.iter()
            .any(|f| f.contains("secret") || f.contains("link")),
        "{all:?}"
    );
    let secret = "TOP-SECRET-42";
    for f in &all {
        let bytes = std::fs::read(out.join(f)).expect("read");
        assert!(!String::from_utf8_lossy(&bytes).contains(secret), "{f}");
    }
    let readme = std::fs::read_to_string(out.join("README.txt")).expect("readme");
    assert!(
        readme.contains("../secret.txt: outside the workspace"),
        "{readme}"
    );
    assert!(
        readme.contains("evidence/link.txt: outside the workspace"),
        "{readme}"
    );
    assert!(readme.contains("sha256sum -c SHA256SUMS"));
    // Every file but SHA256SUMS is listed, and the snapshots are byte for byte.
    let sums = std::fs::read_to_string(out.join("SHA256SUMS")).expect("sums");
    assert_eq!(sums.lines().count(), all.len() - 1);
    assert_eq!(
        std::fs::read(out.join("snapshots").join(STAGE_2)).expect("copy"),
        std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("snapshots")
                .join(STAGE_2)
        )
        .expect("orig")
    );
    let verify = Command::new(env!("CARGO_BIN_EXE_clausewise"))
        .args(["snapshot", "verify"])
        .arg(out.join("snapshots"))
        .output()
        .expect("verify");
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
    assert!(sums_verify(&out), "a fresh pack verifies");
    // One changed byte in the report and the check fails.
    let report = out.join("report.html");
    let mut html = std::fs::read(&report).expect("read");
    let at = html.len() / 2;
    html[at] ^= 1;
    std::fs::write(&report, html).expect("write");
    assert!(!sums_verify(&out), "a changed file must fail");
}

#[test]
fn a_pack_is_written_only_into_an_empty_folder() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (ws, snapshot) = workspace(tmp.path());
    let out = tmp.path().join("busy");
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(out.join("old.txt"), "x").expect("write");
    let run = pack(&ws, &snapshot, &out);
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("not empty"));
    assert!(!out.join("SHA256SUMS").exists());
}
