//! Filesystem faults through the real TUI in a pseudo-terminal: the session folder turns
//! read-only, or the disk fills up (a file size limit set on the running process), while
//! answering. The screen names the path and the cause, the answer stays in memory, the
//! previous session file is untouched, and once the fault is gone the next answer saves
//! everything. Quitting while saving fails asks before dropping answers.
//!
//! Root ignores folder permissions, so when `chmod` does not stop a write the read-only
//! fault falls back to `chattr +i`, and failing that to a file put where the folder was:
//! the test always injects a real fault and never skips.

#![cfg(target_os = "linux")]

use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use expectrl::Session;

use super::tui_pty::{Pty, answers, spawn, wait_for};

const WIDE: u16 = 240;

fn send(s: &mut Pty, keys: &str) {
    s.write_all(keys.as_bytes()).expect("send keys");
    s.flush().expect("flush");
}

fn sessions(ws: &Path) -> PathBuf {
    ws.join(".clausewise/sessions")
}

fn session_file(ws: &Path) -> PathBuf {
    sessions(ws).join("workspace.json")
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

/// Whether a file can be created in `dir` right now.
fn writable(dir: &Path) -> bool {
    let probe = dir.join(".probe");
    let ok = fs::write(&probe, b"x").is_ok();
    let _ = fs::remove_file(&probe);
    ok
}

/// How the session folder was made unwritable, so it can be undone.
enum ReadOnly {
    Chmod,
    Immutable,
    FileInPlace(PathBuf),
}

impl ReadOnly {
    fn on(dir: &Path) -> ReadOnly {
        fs::set_permissions(dir, fs::Permissions::from_mode(0o500)).expect("chmod");
        if !writable(dir) {
            return ReadOnly::Chmod;
        }
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).expect("chmod");
        let chattr = Command::new("chattr").arg("+i").arg(dir).status();
        if chattr.is_ok_and(|s| s.success()) && !writable(dir) {
            return ReadOnly::Immutable;
        }
        let _ = Command::new("chattr").arg("-i").arg(dir).status();
        let away = dir.with_extension("away");
        fs::rename(dir, &away).expect("move the folder aside");
        fs::write(dir, b"not a folder").expect("file in its place");
        assert!(!writable(dir), "no way to make {dir:?} unwritable");
        ReadOnly::FileInPlace(away)
    }

    fn off(self, dir: &Path) {
        self.undo(dir);
        assert!(writable(dir), "fault removed");
    }

    fn undo(self, dir: &Path) {
        match self {
            ReadOnly::Chmod => {
                fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).expect("chmod")
            }
            ReadOnly::Immutable => {
                let ok = Command::new("chattr").arg("-i").arg(dir).status();
                assert!(ok.is_ok_and(|s| s.success()), "chattr -i");
            }
            ReadOnly::FileInPlace(away) => {
                fs::remove_file(dir).expect("remove the file");
                fs::rename(&away, dir).expect("folder back");
            }
        }
    }
}

/// Undoes a fault still in place when a test fails half-way (an immutable folder would
/// outlive the temporary directory).
struct Undo(Option<ReadOnly>, PathBuf);

impl Drop for Undo {
    fn drop(&mut self) {
        if let Some(fault) = self.0.take() {
            fault.undo(&self.1);
        }
    }
}

/// The previous session file, wherever the fault put it.
fn previous(ws: &Path, fault: &ReadOnly) -> Vec<u8> {
    match fault {
        ReadOnly::FileInPlace(away) => fs::read(away.join("workspace.json")),
        _ => fs::read(session_file(ws)),
    }
    .expect("previous session file")
}

/// Answers, expects the error on screen naming `path_part` and `cause`, and checks the
/// session file did not change.
fn answer_fails(s: &mut Pty, ws: &Path, before: &[u8], now: impl Fn() -> Vec<u8>, cause: &str) {
    send(s, "2");
    let dir = sessions(ws).display().to_string();
    wait_for(s, ws, "the error on screen", |_, screen| {
        let text = squash(screen);
        text.contains("NOTSAVED") && text.contains(&squash(&dir)) && text.contains(&squash(cause))
    });
    assert_eq!(now(), before, "the previous session file is intact");
}

/// With the fault gone, the next answer saves the one kept in memory too.
fn next_answer_saves(s: &mut Pty, ws: &Path) {
    send(s, "3");
    let session = wait_for(s, ws, "all three answers on disk", |j, _| answers(j) == 3);
    assert_eq!(answers(&session), 3, "{session}");
}

/// Commits one answer, makes the session folder read-only, and commits a second one that
/// fails on screen with the fault's cause; the guard undoes the fault when dropped.
fn answered_into_a_read_only_folder(ws: &Path) -> (Pty, Undo) {
    let mut s = one_answer(spawn(ws, &["assess", "gap"]), ws);
    let before = fs::read(session_file(ws)).expect("session");
    let guard = Undo(Some(ReadOnly::on(&sessions(ws))), sessions(ws));
    let fault = guard.0.as_ref().expect("fault in place");
    let cause = match fault {
        ReadOnly::Chmod => "Permission denied",
        ReadOnly::Immutable => "Operation not permitted",
        ReadOnly::FileInPlace(_) => "Not a directory",
    };
    answer_fails(&mut s, ws, &before, || previous(ws, fault), cause);
    (s, guard)
}

#[test]
fn a_read_only_session_folder_is_shown_and_saving_resumes_once_writable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path();
    let (mut s, mut guard) = answered_into_a_read_only_folder(ws);
    guard.0.take().expect("fault in place").off(&sessions(ws));
    next_answer_saves(&mut s, ws);
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
fn answered_into_a_full_disk(ws: &Path) -> (Pty, Vec<u8>) {
    let mut s = one_answer(spawn_ignoring_sigxfsz(ws), ws);
    let before = fs::read(session_file(ws)).expect("session");
    file_size_limit(&s, "16");
    answer_fails(
        &mut s,
        ws,
        &before,
        || fs::read(session_file(ws)).expect("session"),
        "File too large",
    );
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
    assert_eq!(fs::read(session_file(ws)).expect("session"), before);
}

/// The printed characters of terminal output without control sequences or spaces (the
/// renderer moves the cursor over blanks, so words are not contiguous in the byte stream).
fn squash(out: &str) -> String {
    let mut text = String::new();
    let mut chars = out.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.next_if_eq(&'[').is_some() {
                while chars.next().is_some_and(|c| !('@'..='~').contains(&c)) {}
            }
        } else if !c.is_whitespace() {
            text.push(c);
        }
    }
    text
}

fn exits(s: &mut Pty) {
    super::pty_signals::read_to_exit(s);
}

#[test]
fn sighup_while_saving_fails_writes_a_rescue_copy_and_exits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path();
    let (mut s, mut guard) = answered_into_a_read_only_folder(ws);
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
    guard.0.take().expect("fault in place").off(&sessions(ws));
}
