//! The store: durable session writes, locks, failures, migration, the digest chain.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use clausewise::model::{Answer, AnswerTarget, Status, Value, WorkspaceState};
use clausewise::seal::{self, VerifyProblem};
use clausewise::store::atomic::Step;
use clausewise::store::{ResumeInfo, Session, StoreError, snapshots, verify::verify};

fn state() -> WorkspaceState {
    WorkspaceState::new("Harbourline Logistics", "Tomasz", "generic")
}

fn target(q: &str) -> AnswerTarget {
    AnswerTarget {
        questionnaire: "iso42001-gap".into(),
        subject: None,
        entry: None,
        question: q.into(),
    }
}

fn met() -> Answer {
    Answer::new(Value::Status(Status::Met))
}

fn on_disk(path: &Path) -> WorkspaceState {
    let dir = path.parent().expect("dir");
    let id = path
        .file_stem()
        .expect("stem")
        .to_string_lossy()
        .into_owned();
    Session::open_read_only(dir, &id)
        .expect("readable")
        .state()
        .clone()
}

#[test]
fn each_committed_answer_is_on_disk_before_commit_returns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = Session::open(dir.path(), "gap", state).expect("open");
    let resume = ResumeInfo {
        questionnaire: Some("iso42001-gap".into()),
        question: Some("s1.q1".into()),
        scroll: 3,
        ..ResumeInfo::default()
    };
    s.commit_answer(&target("s1.q1"), met(), resume.clone())
        .expect("commit");
    assert_eq!(on_disk(s.path()).answer_count(), 1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(s.path()).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    drop(s);
    let (list, bad) = clausewise::store::session::list(dir.path()).expect("list");
    assert!(bad.is_empty());
    assert_eq!(list[0].id, "gap");
    assert_eq!(list[0].answers, 1);
    assert_eq!(list[0].resume, resume);
    assert_eq!(list[0].locked_by, None);
}

#[test]
fn an_interrupted_write_leaves_the_old_file_readable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = Session::open(dir.path(), "gap", state).expect("open");
    s.commit_answer(&target("s1.q1"), met(), ResumeInfo::default())
        .expect("commit");
    let before = fs::read(s.path()).expect("read");
    // A kill -9 after the temp file was half written and before the rename, by a process
    // that is gone now:
    let mut child = std::process::Command::new("true").spawn().expect("spawn");
    let dead = child.id();
    child.wait().expect("wait");
    let name = s
        .path()
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let tmp = s
        .path()
        .with_file_name(format!(".{name}.{dead}.Xy12Zw.tmp"));
    fs::write(&tmp, &before[..before.len() / 2]).expect("torn temp");
    assert_eq!(fs::read(s.path()).expect("read"), before);
    assert_eq!(on_disk(s.path()).answer_count(), 1);
    // A failure at the rename step: the old file stays, the answer stays in memory.
    s.set_fail_hook(Some(Box::new(|step| match step {
        Step::Rename => Err(std::io::Error::other("killed")),
        _ => Ok(()),
    })));
    let e = s
        .commit_answer(&target("s1.q2"), met(), ResumeInfo::default())
        .expect_err("fails");
    assert!(e.to_string().starts_with("cannot replace"), "{e}");
    assert_eq!(fs::read(s.path()).expect("read"), before);
    assert_eq!(s.state().answer_count(), 2);
    assert!(s.has_unsaved());
    s.set_fail_hook(None);
    s.save().expect("retry");
    assert_eq!(on_disk(s.path()).answer_count(), 2);
    assert!(!tmp.exists(), "the dead process's temp file was cleaned");
}

#[test]
fn disk_full_and_permission_denied_keep_answers_and_the_previous_file() {
    use std::io::ErrorKind::{PermissionDenied, StorageFull};
    for (kind, step, says) in [
        (StorageFull, Step::Write, "the disk is full"),
        (PermissionDenied, Step::Create, "permission denied"),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut s = Session::open(dir.path(), "gap", state).expect("open");
        let before = fs::read(s.path()).expect("read");
        s.set_fail_hook(Some(Box::new(move |at| {
            if at == step {
                Err(std::io::Error::from(kind))
            } else {
                Ok(())
            }
        })));
        let e = s
            .commit_answer(&target("s1.q1"), met(), ResumeInfo::default())
            .expect_err("fails");
        assert!(matches!(e, StoreError::Io { .. }));
        assert!(e.to_string().contains(says), "{e}");
        // Store errors reach commands that keep nothing too: the wizard adds that claim.
        assert!(!e.to_string().contains("kept in memory"), "{e}");
        assert_eq!(s.state().answer_count(), 1);
        assert_eq!(fs::read(s.path()).expect("read"), before);
        let names: Vec<_> = fs::read_dir(dir.path()).expect("ls").collect();
        assert_eq!(names.len(), 2, "session and lock file only, no temp file");
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = Session::open(dir.path(), "gap", state).expect("open");
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o500)).expect("chmod");
    let probe = dir.path().join("probe");
    if fs::write(&probe, b"x").is_ok() {
        // Running as root: permissions are not enforced; the hook test above covers it.
        let _ = fs::remove_file(&probe);
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o700)).expect("chmod");
        return;
    }
    let e = s
        .commit_answer(&target("s1.q1"), met(), ResumeInfo::default())
        .expect_err("read-only");
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o700)).expect("chmod");
    assert!(e.to_string().contains("permission denied"), "{e}");
    assert_eq!(s.state().answer_count(), 1);
}

#[test]
fn a_second_opener_learns_who_holds_the_lock_and_can_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut first = Session::open(dir.path(), "gap", state).expect("open");
    first
        .commit_answer(&target("s1.q1"), met(), ResumeInfo::default())
        .expect("commit");
    let e = Session::open(dir.path(), "gap", state).expect_err("locked");
    let StoreError::Locked { holder, .. } = &e else {
        panic!("{e:?}");
    };
    assert_eq!(holder.pid, std::process::id());
    assert!(e.to_string().contains("read-only"), "{e}");
    assert!(
        e.to_string().contains(&format!("(pid {})", holder.pid)),
        "{e}"
    );
    let mut viewer = Session::open_read_only(dir.path(), "gap").expect("viewer");
    assert!(viewer.is_read_only());
    assert_eq!(viewer.state().answer_count(), 1);
    let e = viewer
        .commit_answer(&target("s1.q2"), met(), ResumeInfo::default())
        .expect_err("read-only");
    assert!(matches!(e, StoreError::ReadOnly { .. }));
    drop(first);
    Session::open(dir.path(), "gap", state).expect("free after close");
}

const CHILD_DIR: &str = "CLAUSEWISE_TEST_LOCK_DIR";

/// Run by `another_process_holding_the_lock_is_named`: holds the lock until stdin closes.
#[test]
#[ignore = "helper run as a child process"]
fn child_holds_lock() {
    let Some(dir) = std::env::var_os(CHILD_DIR) else {
        return;
    };
    let _s = Session::open(Path::new(&dir), "gap", state).expect("child open");
    println!("LOCKED");
    let mut sink = String::new();
    let _ = std::io::stdin().read_line(&mut sink);
}

#[test]
fn another_process_holding_the_lock_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let exe = std::env::current_exe().expect("exe");
    let mut child = Command::new(exe)
        .args([
            "--exact",
            "store::child_holds_lock",
            "--ignored",
            "--nocapture",
        ])
        .env(CHILD_DIR, dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    let out = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(out).lines();
    assert!(lines.any(|l| l.is_ok_and(|l| l.contains("LOCKED"))));
    let e = Session::open(dir.path(), "gap", state).expect_err("held by child");
    match e {
        StoreError::Locked { holder, .. } => assert_eq!(holder.pid, child.id()),
        other => panic!("{other:?}"),
    }
    drop(child.stdin.take());
    child.wait().expect("child exits");
    Session::open(dir.path(), "gap", state).expect("released when the child exits");
}

fn examples() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let names = [
        "harbourline-logistics-2025-stage-2.json",
        "harbourline-logistics-2026-surveillance-1.json",
    ];
    for n in names {
        fs::copy(Path::new("snapshots").join(n), dir.path().join(n)).expect("copy");
    }
    let (a, b) = (dir.path().join(names[0]), dir.path().join(names[1]));
    (dir, a, b)
}

#[test]
fn resaving_an_unchanged_snapshot_is_byte_identical() {
    let (_dir, a, b) = examples();
    for p in [a, b] {
        let bytes = fs::read(&p).expect("read");
        let mut s = snapshots::load(&p).expect("load");
        assert_eq!(seal::seal(&mut s).expect("seal"), bytes);
    }
}

#[test]
fn the_digest_chain_catches_a_hand_edit() {
    let (dir, a, _b) = examples();
    assert!(verify(dir.path()).expect("verify").is_ok());
    let text = fs::read_to_string(&a).expect("read");
    let edited = text.replacen("\"minor\"", "\"observation\"", 1);
    assert_ne!(text, edited);
    fs::write(&a, edited).expect("edit");
    let r = verify(dir.path()).expect("verify");
    assert_eq!(r.problems.len(), 1, "{r:?}");
    assert_eq!(r.problems[0].0, "harbourline-logistics-2025-stage-2.json");
    assert!(matches!(
        r.problems[0].1,
        VerifyProblem::EditedAfterSave { .. }
    ));
    // Re-sealing the edited file hides the edit in that file but breaks the next link.
    let mut s = snapshots::load(&a).expect("load");
    snapshots::save(
        dir.path(),
        "harbourline-logistics-2025-stage-2.json",
        &mut s,
    )
    .expect("save");
    let r = verify(dir.path()).expect("verify");
    assert_eq!(r.problems.len(), 1, "{r:?}");
    assert_eq!(
        r.problems[0].0,
        "harbourline-logistics-2026-surveillance-1.json"
    );
    assert!(matches!(r.problems[0].1, VerifyProblem::BrokenLink { .. }));
}

#[test]
fn a_v0_snapshot_is_migrated_on_load() {
    let s = snapshots::load(Path::new("tests/fixtures/snapshots/v0.json")).expect("migrated");
    assert_eq!(s.version, 1);
    assert_eq!(s.meta.organization, "Harbourline Logistics");
    assert_eq!(s.meta.cycle, "stage-1");
    assert_eq!(s.meta.label, "FY24 readiness review");
    assert_eq!(s.questionnaires.len(), 2);
    assert_eq!(s.questionnaires[0].id, "iso42001-aiia");
    assert_eq!(s.questionnaires[0].sha256, "");
    assert_eq!(s.assessments.len(), 2);
    let gap = &s.assessments[1];
    assert_eq!(gap.questionnaire, "iso42001-gap");
    assert_eq!(gap.subject, None);
    assert_eq!(gap.answers["s1.q1"].value, Value::Status(Status::Partial));
    assert_eq!(gap.answers["s1.q1"].owner.as_deref(), Some("Priya Raman"));
    assert_eq!(s.assessments[0].subject.as_deref(), Some("route-optimizer"));
    assert_eq!(s.findings[0].id, "F-2024-01");
    assert_eq!(s.digest, None);
    // Sealing it writes version 1, which loads back unchanged.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s2 = s.clone();
    let p = snapshots::save(dir.path(), "v1.json", &mut s2).expect("save");
    assert!(
        fs::read_to_string(&p)
            .expect("read")
            .contains("\"version\": 1,")
    );
    assert_eq!(snapshots::load(&p).expect("reload"), s2);
}

#[test]
fn a_future_version_is_refused_naming_the_versions_understood() {
    let e = snapshots::load(Path::new(
        "tests/fixtures/invalid/snapshot-future-version.json",
    ))
    .expect_err("refused");
    let text = e.to_string();
    assert!(
        text.contains(
            "snapshot version 99 is not supported; this build understands versions 0 and 1"
        ),
        "{text}"
    );
}

#[test]
fn list_meta_reads_the_same_metadata_as_a_full_load_and_skips_files_with_a_broken_head() {
    let dir = tempfile::tempdir().expect("tempdir");
    for f in std::fs::read_dir("snapshots").expect("examples") {
        let p = f.expect("entry").path();
        std::fs::copy(&p, dir.path().join(p.file_name().expect("name"))).expect("copy");
    }
    std::fs::copy(
        "tests/fixtures/snapshots/v0.json",
        dir.path().join("old.json"),
    )
    .expect("v0");
    std::fs::write(dir.path().join("broken.json"), b"{\"format\": ").expect("broken");
    // Damaged after its metadata: listed (its head is whole), refused when loaded.
    let example = std::fs::read_to_string("snapshots/harbourline-logistics-2025-stage-2.json")
        .expect("example");
    let cut = example
        .find("\"questionnaires\"")
        .expect("questionnaires key");
    std::fs::write(dir.path().join("tail.json"), &example[..cut + 20]).expect("tail");
    let (full, bad) = clausewise::store::snapshots::list(dir.path()).expect("list");
    assert_eq!(bad.len(), 2, "the broken file and the damaged tail");
    let mut expected: Vec<_> = full
        .into_iter()
        .map(|e| (e.file_name, e.snapshot.meta))
        .collect();
    let stage_2 = expected
        .iter()
        .find(|(f, _)| f == "harbourline-logistics-2025-stage-2.json")
        .map(|(_, m)| m.clone())
        .expect("stage 2 example");
    expected.push(("tail.json".to_string(), stage_2));
    expected.sort_by(|a, b| a.0.cmp(&b.0));
    let metas = clausewise::store::snapshots::list_meta(dir.path()).expect("list_meta");
    assert_eq!(
        metas.len(),
        4,
        "two examples, the migrated v0 and the damaged tail"
    );
    assert_eq!(metas, expected);
}

/// A large snapshot's scorecard is serialized on a second thread and spliced in: the sealed
/// bytes are still exactly the canonical JSON of the whole snapshot, with and without a
/// `previous` link, and its digest is the SHA-256 of those bytes without the digest line.
#[test]
fn a_large_snapshot_seals_to_its_canonical_bytes() {
    use clausewise::seal::canonical;
    let catalog = clausewise::catalog::Catalog::builtin();
    let mut snap = clausewise::synth::snapshot(&catalog, 10_000, 0).expect("snapshot");
    assert!(snap.scorecard.is_some());
    for previous in [None, Some("sha256:\"quoted\"\n\u{1b}[31m".to_string())] {
        snap.previous = previous;
        let sealed = seal::seal(&mut snap).expect("seal");
        assert_eq!(sealed, canonical::to_vec(&snap).expect("json"));
        let digest = snap.digest.take().expect("digest");
        assert_eq!(digest, canonical::digest_of(&snap).expect("json"));
        assert_eq!(seal::digest(&mut snap).expect("digest"), digest);
    }
}
