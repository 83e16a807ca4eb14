//! Filesystem faults through the real TUI in a pseudo-terminal: the disk fills up (a file
//! size limit set on the running process) while answering, or the workspace database cannot
//! be written at all. The screen names the database, the answer stays in memory, what was
//! committed is untouched, and once the fault is gone the next answer saves everything.
//! Quitting while saving fails asks before dropping answers; a read-only workspace says so
//! on every screen and undoes a change it cannot save.

#![cfg(target_os = "linux")]

use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use expectrl::Session;

use super::tui_pty::{Pty, answers, live, spawn, squash, wait_for};

const WIDE: u16 = 240;

fn send(s: &mut Pty, keys: &str) {
    s.write_all(keys.as_bytes()).expect("send keys");
    s.flush().expect("flush");
}

fn db(ws: &Path) -> PathBuf {
    ws.join(".clausewise/workspace.db")
}

/// Starts the gap assessment (wide, so a long error line fits) and commits one answer.
fn one_answer(mut s: Pty, ws: &Path) -> Pty {
    s.get_process_mut()
        .set_window_size(WIDE, 30)
        .expect("window size");
    wait_for(&mut s, ws, "the first question", |_, screen| {
        screen.contains("c4.1.issues")
    });
    send(&mut s, "1");
    wait_for(&mut s, ws, "the first answer on disk", |j, _| {
        answers(j) == 1
    });
    s
}

/// Answers, expects the error on screen naming the database, and checks that nothing
/// committed before changed.
fn answer_fails(s: &mut Pty, ws: &Path, before: &serde_json::Value) {
    send(s, "2");
    wait_for(s, ws, "the error on screen", |_, screen| {
        let text = squash(screen);
        text.contains("NOTSAVED") && text.contains("workspace.db")
    });
    assert_eq!(
        &live(ws)["state"],
        &before["state"],
        "what was committed is intact"
    );
}

/// With the fault gone, the next answer saves the one kept in memory too.
fn next_answer_saves(s: &mut Pty, ws: &Path) {
    send(s, "3");
    let session = wait_for(s, ws, "all three answers on disk", |j, _| answers(j) == 3);
    assert_eq!(answers(&session), 3, "{session}");
}

/// Makes the database file unwritable for this process: `chmod`, or for root (whom modes
/// do not stop) `chattr +i`; returns how to undo it, or `None` when neither works here.
fn unwritable(path: &Path) -> Option<Box<dyn Fn()>> {
    fs::set_permissions(path, fs::Permissions::from_mode(0o400)).expect("chmod");
    if fs::OpenOptions::new().write(true).open(path).is_err() {
        let p = path.to_path_buf();
        return Some(Box::new(move || {
            let _ = fs::set_permissions(&p, fs::Permissions::from_mode(0o600));
        }));
    }
    fs::set_permissions(path, fs::Permissions::from_mode(0o600)).expect("chmod");
    let ok = Command::new("chattr").arg("+i").arg(path).status();
    if ok.is_ok_and(|s| s.success()) && fs::OpenOptions::new().write(true).open(path).is_err() {
        let p = path.to_path_buf();
        return Some(Box::new(move || {
            let _ = Command::new("chattr").arg("-i").arg(&p).status();
        }));
    }
    None
}

/// Undoes the fault when the test ends, passed or not.
struct Undo(Box<dyn Fn()>);

impl Drop for Undo {
    fn drop(&mut self) {
        (self.0)();
    }
}

#[test]
fn a_read_only_workspace_says_so_on_every_screen_and_accepts_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path();
    let mut s = one_answer(spawn(ws, &["assess", "gap"]), ws);
    send(&mut s, "q");
    exits(&mut s);
    let before = live(ws);
    let Some(undo) = unwritable(&db(ws)) else {
        eprintln!("neither chmod nor chattr makes a file read-only here: nothing to test");
        return;
    };
    let _undo = Undo(undo);
    let mut s = spawn(ws, &["assess", "gap"]);
    s.get_process_mut().set_window_size(WIDE, 30).expect("size");
    wait_for(&mut s, ws, "the read-only banner", |_, screen| {
        squash(screen).contains("READ-ONLY")
    });
    send(&mut s, "3");
    std::thread::sleep(Duration::from_millis(500));
    wait_for(&mut s, ws, "the refusal", |_, screen| {
        squash(screen).contains("undone")
    });
    assert_eq!(live(ws)["state"], before["state"], "nothing written");
    send(&mut s, "q");
    exits(&mut s);
}

/// The app under `sh`, which ignores SIGXFSZ before `exec` (the disposition survives it), so
/// a write past the file size limit fails with EFBIG instead of killing the process.
fn spawn_ignoring_sigxfsz(ws: &Path) -> Pty {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg("trap '' XFSZ; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_clausewise"))
        .arg("--workspace")
        .arg(ws)
        .args(["assess", "gap"])
        .env("NO_COLOR", "1")
        .env("TERM", "xterm-256color");
    Session::spawn(cmd).expect("spawn in a pty")
}

/// Sets the running app's file size limit (bytes, or `unlimited`) with `prlimit`.
fn file_size_limit(s: &Pty, soft: &str) {
    let pid = s.get_process().pid().to_string();
    let ok = Command::new("prlimit")
        .args(["--pid", &pid, &format!("--fsize={soft}:unlimited")])
        .status()
        .expect("prlimit (util-linux)");
    assert!(ok.success(), "prlimit failed");
}

/// One answer saved, then the disk "fills up" and the next answer fails; returns the app and
/// the session file as it was before the fault.
fn answered_into_a_full_disk(ws: &Path) -> (Pty, serde_json::Value) {
    let mut s = one_answer(spawn_ignoring_sigxfsz(ws), ws);
    let before = live(ws);
    // Room for no more log pages, but for a small rescue file.
    let wal = fs::metadata(ws.join(".clausewise/workspace.db-wal")).map_or(16, |m| m.len());
    file_size_limit(&s, &wal.to_string());
    answer_fails(&mut s, ws, &before);
    (s, before)
}

#[test]
fn a_full_disk_is_shown_and_saving_resumes_once_there_is_room() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path();
    let (mut s, _) = answered_into_a_full_disk(ws);
    file_size_limit(&s, "unlimited");
    next_answer_saves(&mut s, ws);
}

#[test]
fn quitting_while_the_disk_stays_full_asks_and_y_quits_keeping_the_last_saved_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path();
    let (mut s, before) = answered_into_a_full_disk(ws);
    send(&mut s, "q");
    let asked = |_: &serde_json::Value, screen: &str| {
        squash(screen).contains("Savingfailed:quitwithoutsaving?(answerssince")
    };
    wait_for(&mut s, ws, "the quit question", asked);
    send(&mut s, "\r");
    std::thread::sleep(Duration::from_millis(300));
    assert!(s.get_process().is_alive().unwrap_or(false), "Enter is No");
    send(&mut s, "q");
    wait_for(&mut s, ws, "asked again", asked);
    send(&mut s, "y");
    exits(&mut s);
    assert_eq!(live(ws)["state"], before["state"]);
}

fn exits(s: &mut Pty) {
    super::pty_signals::read_to_exit(s);
}

#[test]
fn sighup_while_saving_fails_writes_a_rescue_copy_and_exits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path();
    let (mut s, _) = answered_into_a_full_disk(ws);
    let pid = s.get_process().pid().to_string();
    let hup = Command::new("kill").args(["-HUP", &pid]).status();
    assert!(hup.expect("kill").success());
    let out = squash(&super::pty_signals::read_to_exit(&mut s));
    assert!(
        out.contains("rescue"),
        "says where the rescue copy went: {out}"
    );
    let rescued: Vec<PathBuf> = fs::read_dir(ws.join(".clausewise/rescue"))
        .expect("rescue folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    assert_eq!(rescued.len(), 1, "{rescued:?}");
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(&rescued[0]).expect("rescue file")).expect("json");
    assert_eq!(
        answers(&json),
        2,
        "both answers, the unsaved one too: {json}"
    );
    // `clausewise recover` brings the unsaved answer back into the workspace.
    let out = Command::new(env!("CARGO_BIN_EXE_clausewise"))
        .arg("--workspace")
        .arg(ws)
        .arg("recover")
        .arg(&rescued[0])
        .output()
        .expect("recover");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(answers(&live(ws)), 2);
}
