//! End to end in a pseudo-terminal: answer three questions, SIGKILL the process, start it
//! again and check the answers survived and the session resumes on the next question.

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use expectrl::Session;

pub(super) type Pty = expectrl::session::OsSession;

pub(super) fn spawn(ws: &Path, args: &[&str]) -> Pty {
    spawn_env(ws, args, &[])
}

/// [`spawn`] with extra environment variables (set after the defaults, so they win).
pub(super) fn spawn_env(ws: &Path, args: &[&str], env: &[(&str, &str)]) -> Pty {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_clausewise"));
    cmd.arg("--workspace")
        .arg(ws)
        .args(args)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm-256color")
        .envs(env.iter().copied());
    let mut s = Session::spawn(cmd).expect("spawn in a pty");
    s.get_process_mut()
        .set_window_size(100, 30)
        .expect("window size");
    s
}

/// Reads whatever the app has written (so it never blocks on a full pty) into `screen`.
pub(super) fn drain(s: &mut Pty, screen: &mut String) {
    let mut buf = [0u8; 8192];
    while let Ok(n) = s.try_read(&mut buf) {
        if n == 0 {
            break;
        }
        screen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
}

/// Waits until `done(session file, screen output)` holds, reading the pty meanwhile.
pub(super) fn wait_for(
    s: &mut Pty,
    ws: &Path,
    what: &str,
    done: impl Fn(&serde_json::Value, &str) -> bool,
) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut screen = String::new();
    loop {
        drain(s, &mut screen);
        let session = std::fs::read(ws.join(".clausewise/sessions/workspace.json"))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or(serde_json::Value::Null);
        if done(&session, &screen) {
            return session;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; screen: {screen:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

pub(super) fn answers(session: &serde_json::Value) -> usize {
    session["state"]["assessments"][0]["answers"]
        .as_object()
        .map_or(0, |m| m.len())
}

#[test]
fn answers_survive_sigkill_and_the_session_resumes_on_the_same_question() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path();
    let mut s = spawn(ws, &["assess", "gap"]);
    wait_for(&mut s, ws, "the first question", |_, screen| {
        screen.contains("c4.1.issues")
    });
    for (i, key) in ["1", "2", "3"].iter().enumerate() {
        s.write_all(key.as_bytes()).expect("send key");
        s.flush().expect("flush");
        wait_for(&mut s, ws, "the answer on disk", |j, _| answers(j) == i + 1);
    }
    let saved = wait_for(&mut s, ws, "the resume point", |j, _| {
        j["resume"]["question"].is_string()
    });
    let next = saved["resume"]["question"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let pid = s.get_process().pid().to_string();
    let killed = Command::new("kill")
        .args(["-KILL", &pid])
        .status()
        .expect("kill");
    assert!(killed.success());
    let _ = s.get_process().wait();

    let mut s = spawn(ws, &[]);
    wait_for(&mut s, ws, "the resume offer", |_, screen| {
        screen.contains("Resume")
    });
    s.write_all(b"y").expect("send y");
    s.flush().expect("flush");
    let after = wait_for(&mut s, ws, "the resumed question", |_, screen| {
        screen.contains(&next)
    });
    assert_eq!(answers(&after), 3, "{after}");
    let values: Vec<String> = after["state"]["assessments"][0]["answers"]
        .as_object()
        .map(|m| {
            m.values()
                .map(|a| a["value"]["status"].to_string())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        values.contains(&"\"met\"".to_string()) && values.contains(&"\"gap\"".to_string()),
        "{values:?}"
    );
    s.write_all(b"q").expect("send q");
    s.flush().expect("flush");
    let _ = s.get_process().wait();
}

#[test]
fn a_second_process_opens_read_only_and_names_the_holder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path();
    let mut first = spawn(ws, &["assess", "gap"]);
    wait_for(&mut first, ws, "the first question", |_, screen| {
        screen.contains("c4.1.issues")
    });
    let mut second = spawn(ws, &["assess", "gap"]);
    let pid = first.get_process().pid().to_string();
    wait_for(&mut second, ws, "the read-only notice", |_, screen| {
        let flat: String = screen.split_whitespace().collect::<Vec<_>>().join(" ");
        flat.contains("READ-ONLY") && flat.contains(&format!("pid {pid}"))
    });
    // An answer typed in the read-only view never reaches the holder's file.
    second.write_all(b"1").expect("send key");
    second.flush().expect("flush");
    std::thread::sleep(Duration::from_millis(300));
    let on_disk = wait_for(&mut first, ws, "the session file", |j, _| !j.is_null());
    assert_eq!(answers(&on_disk), 0);
    for s in [&first, &second] {
        let _ = Command::new("kill")
            .args(["-KILL", &s.get_process().pid().to_string()])
            .status();
    }
}
