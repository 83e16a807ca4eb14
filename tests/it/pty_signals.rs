//! Signals in a pseudo-terminal: SIGHUP (a dropped SSH connection) or SIGKILL in the middle
//! of typing a note keeps the typed text as a draft (never a committed answer), and SIGTERM leaves the terminal as it found it (main screen,
//! cursor shown). A panic restores the terminal too (debug builds have a test-only panic
//! key). SIGKILL between answers is in `tui_pty.rs`.

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use super::tui_pty::{Pty, answers, drain, live, spawn, spawn_env, wait_for};

fn send(s: &mut Pty, keys: &str) {
    s.write_all(keys.as_bytes()).expect("send keys");
    s.flush().expect("flush");
}

fn signal(s: &Pty, sig: &str) {
    let pid = s.get_process().pid().to_string();
    let ok = Command::new("kill")
        .args([sig, &pid])
        .status()
        .expect("kill");
    assert!(ok.success());
}

/// Reads the pty until the app exits; returns everything it wrote.
pub(super) fn read_to_exit(s: &mut Pty) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut out = String::new();
    while s.get_process().is_alive().unwrap_or(false) {
        drain(s, &mut out);
        assert!(Instant::now() < deadline, "still running: {out:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
    drain(s, &mut out);
    out
}

/// Reads until the app has been quiet for a moment (it has drawn what it was sent).
fn settle(s: &mut Pty) {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut quiet_since = Instant::now();
    let mut out = String::new();
    while quiet_since.elapsed() < Duration::from_millis(300) && Instant::now() < deadline {
        let before = out.len();
        drain(s, &mut out);
        if out.len() != before {
            quiet_since = Instant::now();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Reads until the first question is on screen; returns what was written so far.
fn first_question(s: &mut Pty) -> String {
    let mut out = String::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !out.contains("c4.1.issues") {
        assert!(Instant::now() < deadline, "no first question: {out:?}");
        drain(s, &mut out);
        std::thread::sleep(Duration::from_millis(20));
    }
    out
}

/// Starts the gap assessment and answers the first question.
fn started(ws: &Path) -> Pty {
    let mut s = spawn(ws, &["assess", "gap"]);
    wait_for(&mut s, ws, "the first question", |_, screen| {
        screen.contains("c4.1.issues")
    });
    send(&mut s, "1");
    wait_for(&mut s, ws, "the answer on disk", |j, _| answers(j) == 1);
    s
}

#[test]
fn sighup_mid_edit_keeps_the_typed_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path();
    let mut s = started(ws);
    send(&mut s, "k");
    send(&mut s, "N");
    wait_for(&mut s, ws, "the note editor", |_, screen| {
        screen.contains("note") || screen.contains("Note")
    });
    send(&mut s, "typed before the hangup");
    settle(&mut s);
    signal(&s, "-HUP");
    read_to_exit(&mut s);
    let session = live(ws);
    assert_eq!(answers(&session), 1, "{session}");
    let state = session["state"].to_string();
    assert!(
        !state.contains("typed before the hangup"),
        "half-typed text is never a committed answer: {state}"
    );
    assert_eq!(
        session["drafts"],
        serde_json::json!([["c4.1.issues", "note", "typed before the hangup"]]),
        "kept as a draft on that question"
    );
    // On the next run the draft is offered in that question's note editor.
    let mut s = spawn(ws, &["assess", "gap"]);
    wait_for(&mut s, ws, "the question", |_, screen| {
        screen.contains("c4.1.issues")
    });
    send(&mut s, "gg");
    send(&mut s, "N");
    wait_for(&mut s, ws, "the note editor", |_, screen| {
        screen.contains("Note")
    });
    // The editor opened with the draft: saving it as it is commits the typed text.
    send(&mut s, "\x13");
    let saved = wait_for(&mut s, ws, "the note committed", |j, _| {
        j["state"].to_string().contains("typed before the hangup")
    });
    assert_eq!(
        saved["drafts"],
        serde_json::json!([]),
        "the draft is gone once saved"
    );
    signal(&s, "-KILL");
}

#[test]
fn sigkill_while_typing_keeps_a_draft_that_is_never_an_answer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path();
    let mut s = started(ws);
    send(&mut s, "k");
    send(&mut s, "N");
    wait_for(&mut s, ws, "the note editor", |_, screen| {
        screen.contains("Note")
    });
    send(&mut s, "killed mid-word");
    wait_for(&mut s, ws, "the draft kept within a second", |j, _| {
        j["drafts"].to_string().contains("killed mid-word")
    });
    signal(&s, "-KILL");
    let _ = s.get_process().wait();
    let session = live(ws);
    assert!(!session["state"].to_string().contains("killed mid-word"));
    assert_eq!(answers(&session), 1);
}

#[test]
fn sigterm_restores_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path();
    let mut s = spawn(ws, &["assess", "gap"]);
    let mut out = first_question(&mut s);
    signal(&s, "-TERM");
    out.push_str(&read_to_exit(&mut s));
    let entered = out
        .rfind("\u{1b}[?1049h")
        .expect("entered the alternate screen");
    let after = out.get(entered..).unwrap_or_default();
    assert!(after.contains("\u{1b}[?1049l"), "left the alternate screen");
    assert!(
        after.contains("\u{1b}[?25h"),
        "showed the cursor: {after:?}"
    );
}

#[test]
fn a_panic_restores_the_terminal_and_keeps_committed_answers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path();
    let mut s = spawn_env(ws, &["assess", "gap"], &[("CLAUSEWISE_TEST_PANIC", "1")]);
    let mut out = first_question(&mut s);
    send(&mut s, "1");
    wait_for(&mut s, ws, "the answer on disk", |j, _| answers(j) == 1);
    send(&mut s, "!");
    out.push_str(&read_to_exit(&mut s));
    let panic_at = out
        .find("deliberate panic")
        .unwrap_or_else(|| panic!("the panic message is printed: {out:?}"));
    let before = out.get(..panic_at).unwrap_or_default();
    let entered = before
        .rfind("\u{1b}[?1049h")
        .expect("entered the alternate screen");
    let restore = before.get(entered..).unwrap_or_default();
    for (seq, what) in [
        ("\u{1b}[?2026l", "ended synchronized output"),
        ("\u{1b}[?1049l", "left the alternate screen"),
        ("\u{1b}[?25h", "showed the cursor"),
        ("\u{1b}[?2004l", "disabled bracketed paste"),
    ] {
        let last_frame_end = restore.rfind("\u{1b}[?2026h").unwrap_or(0);
        let tail = restore.get(last_frame_end..).unwrap_or_default();
        assert!(tail.contains(seq), "{what} before the message: {tail:?}");
    }
    let session = live(ws);
    assert_eq!(
        answers(&session),
        1,
        "the committed answer survived: {session}"
    );
}
