//! Filesystem faults: symlinks planted in the workspace must never make a save write outside
//! it, and files or folders deleted under a running session give a clear error, keep the
//! answers in memory, and save again once the folder is back. (Read-only folders and an
//! injected full disk are in `store.rs`; torn writes under SIGKILL in `fire.rs`.)

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use clausewise::model::{Answer, AnswerTarget, Status, Value, WorkspaceState};
use clausewise::store::lock::lock_path;
use clausewise::store::{ResumeInfo, Session, StoreError, snapshots};

use super::fixture;

const VICTIM: &[u8] = b"precious data outside the workspace\n";

fn fresh() -> WorkspaceState {
    WorkspaceState::new("Acme", "Dana", "generic")
}

fn commit(s: &mut Session, q: &str) -> Result<(), StoreError> {
    let target = AnswerTarget {
        questionnaire: "iso42001-gap".into(),
        subject: None,
        entry: None,
        question: q.into(),
    };
    s.commit_answer(
        &target,
        Answer::new(Value::Status(Status::Met)),
        ResumeInfo::default(),
    )
}

/// A workspace folder and, beside it, a file that must stay untouched.
fn workspace_and_victim() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let victim = dir.path().join("victim.txt");
    fs::write(&victim, VICTIM).expect("victim");
    let ws = dir.path().join("ws");
    fs::create_dir_all(&ws).expect("ws");
    (dir, ws, victim)
}

fn assert_untouched(victim: &Path) {
    assert_eq!(fs::read(victim).expect("victim"), VICTIM, "wrote outside");
}

#[test]
fn a_symlinked_snapshot_file_is_replaced_not_written_through() {
    let (_dir, ws, victim) = workspace_and_victim();
    let snaps = ws.join("snapshots");
    fs::create_dir_all(&snaps).expect("mkdir");
    symlink(&victim, snaps.join("s.json")).expect("symlink");
    let mut snap = fixture::unscored();
    let path = snapshots::save(&snaps, "s.json", &mut snap).expect("save");
    assert_untouched(&victim);
    assert!(
        !fs::symlink_metadata(&path)
            .expect("meta")
            .file_type()
            .is_symlink()
    );
    assert_eq!(snapshots::load(&path).expect("load"), snap);
}

#[test]
fn a_symlinked_session_file_is_replaced_not_written_through() {
    let (_dir, ws, victim) = workspace_and_victim();
    fs::write(&victim, VICTIM).expect("victim");
    let mut s = Session::open(&ws, "gap", fresh).expect("open");
    drop(s);
    fs::remove_file(ws.join("gap.json")).expect("rm");
    symlink(&victim, ws.join("gap.json")).expect("symlink");
    // Opening reads through the link (not a session: refused) and writes nothing.
    assert!(Session::open(&ws, "gap", fresh).is_err());
    assert_untouched(&victim);
    fs::remove_file(ws.join("gap.json")).expect("rm");
    s = Session::open(&ws, "gap", fresh).expect("open");
    commit(&mut s, "a").expect("commit");
    assert_untouched(&victim);
}

#[test]
fn a_symlinked_lock_file_is_refused_and_its_target_untouched() {
    let (_dir, ws, victim) = workspace_and_victim();
    symlink(&victim, lock_path(&ws.join("gap.json"))).expect("symlink");
    let e = Session::open(&ws, "gap", fresh).expect_err("refused");
    assert!(e.to_string().contains("symbolic link"), "{e}");
    assert_untouched(&victim);
}

#[test]
fn a_session_file_deleted_under_the_app_is_written_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = Session::open(dir.path(), "gap", fresh).expect("open");
    commit(&mut s, "a").expect("commit");
    fs::remove_file(s.path()).expect("rm");
    commit(&mut s, "b").expect("commit after delete");
    let back = Session::open_read_only(dir.path(), "gap").expect("read");
    assert_eq!(back.state().answer_count(), 2);
}

#[test]
fn a_sessions_folder_deleted_under_the_app_is_a_clear_error_and_nothing_is_lost() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sessions = dir.path().join("sessions");
    let mut s = Session::open(&sessions, "gap", fresh).expect("open");
    commit(&mut s, "a").expect("commit");
    fs::remove_dir_all(&sessions).expect("rm -r");
    let e = commit(&mut s, "b").expect_err("folder gone");
    assert!(e.to_string().contains("cannot create"), "{e}");
    assert!(s.has_unsaved());
    assert_eq!(s.state().answer_count(), 2);
    fs::create_dir_all(&sessions).expect("mkdir");
    s.save().expect("saved once the folder is back");
    let back = Session::open_read_only(&sessions, "gap").expect("read");
    assert_eq!(back.state().answer_count(), 2);
}
