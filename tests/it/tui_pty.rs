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
        let session = live(ws);
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

/// The live workspace as JSON shaped like the session files of earlier versions:
/// `{"state": …, "resume": …, "drafts": [[question, field, text], …]}`; null when there is
/// none yet.
pub(super) fn live(ws: &Path) -> serde_json::Value {
    let ws = clausewise::store::Workspace {
        root: ws.to_path_buf(),
    };
    match clausewise::store::live::peek(&ws) {
        Ok(Some(l)) => serde_json::json!({
            "state": l.state,
            "resume": l.resume,
            "drafts": l.drafts.iter().map(|d| {
                serde_json::json!([d.target.question, d.field, d.text])
            }).collect::<Vec<_>>(),
        }),
        _ => serde_json::Value::Null,
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

fn send(s: &mut Pty, keys: &str) {
    s.write_all(keys.as_bytes()).expect("send keys");
    s.flush().expect("flush");
}

fn kill(s: &Pty) {
    let _ = Command::new("kill")
        .args(["-KILL", &s.get_process().pid().to_string()])
        .status();
}

/// The printed characters of terminal output without control sequences or spaces (the
/// renderer moves the cursor over blanks, so words are not contiguous in the byte stream).
pub(super) fn squash(out: &str) -> String {
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

fn status_of(j: &serde_json::Value, q: &str) -> String {
    j["state"]["assessments"][0]["answers"][q]["value"]["status"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn two_assessors_answer_at_once_and_each_sees_the_others_answers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path();
    let mut first = spawn(ws, &["assess", "gap"]);
    wait_for(&mut first, ws, "the first question", |_, screen| {
        screen.contains("c4.1.issues")
    });
    let mut second = spawn(ws, &["assess", "gap"]);
    wait_for(&mut second, ws, "the first question", |_, screen| {
        screen.contains("c4.1.issues")
    });
    send(&mut first, "1");
    wait_for(&mut first, ws, "Met on disk", |j, _| {
        status_of(j, "c4.1.issues") == "met"
    });
    wait_for(
        &mut second,
        ws,
        "the other's answer on screen",
        |_, screen| squash(screen).contains("changed1answer"),
    );
    // The second assessor answers the next question; the first sees it without a restart.
    send(&mut second, "j3");
    wait_for(
        &mut first,
        ws,
        "both answers, each on the other's screen",
        |j, screen| {
            status_of(j, "c4.1.legal") == "gap" && squash(screen).contains("changed1answer")
        },
    );
    kill(&first);
    kill(&second);
}

#[test]
fn a_conflicting_edit_shows_both_values_and_keeps_the_chosen_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path();
    let mut first = spawn(ws, &["assess", "gap"]);
    wait_for(&mut first, ws, "the first question", |_, screen| {
        screen.contains("c4.1.issues")
    });
    // The second never refreshes: its view stays the one it opened with.
    let mut second =
        super::tui_pty::spawn_env(ws, &["assess", "gap"], &[("CLAUSEWISE_POLL_MS", "600000")]);
    wait_for(&mut second, ws, "the first question", |_, screen| {
        screen.contains("c4.1.issues")
    });
    send(&mut first, "1");
    wait_for(&mut first, ws, "Met on disk", |j, _| {
        status_of(j, "c4.1.issues") == "met"
    });
    send(&mut second, "3");
    std::thread::sleep(Duration::from_millis(500));
    // A new size makes the whole screen be drawn again, so its text can be read whole.
    second
        .get_process_mut()
        .set_window_size(101, 30)
        .expect("resize");
    wait_for(&mut second, ws, "both values on screen", |_, screen| {
        let flat = squash(screen);
        flat.contains("Theirs:met") && flat.contains("Yours:gap")
    });
    assert_eq!(
        status_of(&live(ws), "c4.1.issues"),
        "met",
        "nothing overwritten yet"
    );
    send(&mut second, "y");
    wait_for(&mut second, ws, "the chosen value on disk", |j, _| {
        status_of(j, "c4.1.issues") == "gap"
    });
    let store = clausewise::store::LiveStore::open(&clausewise::store::Workspace {
        root: ws.to_path_buf(),
    })
    .expect("open");
    let history = store
        .history(&clausewise::store::live::HistoryFilter {
            question: "c4.1.issues".into(),
            ..Default::default()
        })
        .expect("history");
    assert_eq!(history.len(), 2, "both commits in the history: {history:?}");
    kill(&first);
    kill(&second);
}

#[test]
fn an_earlier_json_session_opens_in_the_wizard_with_its_answers_and_resume_point() {
    use clausewise::model::{Answer, AnswerTarget, Status, Value, WorkspaceState};
    use clausewise::store::{ResumeInfo, session::sessions_dir};
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path();
    let w = clausewise::store::Workspace::init(ws).expect("workspace");
    let mut old = clausewise::store::Session::open(&sessions_dir(&w), "workspace", || {
        WorkspaceState::new("Acme Health", "Ann", "generic")
    })
    .expect("session");
    let target = AnswerTarget {
        questionnaire: "iso42001-gap".into(),
        subject: None,
        entry: None,
        question: "c4.1.issues".into(),
    };
    let resume = ResumeInfo {
        questionnaire: Some("iso42001-gap".into()),
        question: Some("c4.1.legal".into()),
        ..Default::default()
    };
    old.commit_answer(&target, Answer::new(Value::Status(Status::Met)), resume)
        .expect("commit");
    drop(old);
    let mut s = spawn(ws, &[]);
    wait_for(&mut s, ws, "the resume offer", |_, screen| {
        squash(screen).contains("Resume")
    });
    send(&mut s, "y");
    std::thread::sleep(Duration::from_millis(300));
    s.get_process_mut()
        .set_window_size(101, 30)
        .expect("resize");
    let after = wait_for(&mut s, ws, "the imported answer on screen", |_, screen| {
        screen.contains("c4.1.legal") && squash(screen).contains("[P]c4.1.issues")
    });
    // Met without the evidence the question requires counts as Partial (issue 19).
    assert_eq!(status_of(&after, "c4.1.issues"), "met");
    assert!(sessions_dir(&w).join("workspace.json.bak").exists());
    kill(&s);
}

/// Evidence references of `q` in the live workspace.
fn evidence_of(j: &serde_json::Value, q: &str) -> Vec<String> {
    j["state"]["assessments"][0]["answers"][q]["evidence"]
        .as_array()
        .map(|v| {
            v.iter()
                .map(|e| {
                    e.as_str()
                        .or(e["reference"].as_str())
                        .unwrap_or_default()
                        .to_string()
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_changed_answer_keeps_the_cursor_its_evidence_lands_there_and_u_undoes_both() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path();
    let mut s = spawn(ws, &["assess", "gap"]);
    wait_for(&mut s, ws, "the first question", |_, screen| {
        screen.contains("c4.1.issues")
    });
    send(&mut s, "1");
    wait_for(&mut s, ws, "met on disk", |j, _| {
        status_of(j, "c4.1.issues") == "met"
    });
    // Back to it and change it: the cursor stays, so the next `e` is about it.
    send(&mut s, "k3");
    wait_for(&mut s, ws, "gap on disk", |j, _| {
        status_of(j, "c4.1.issues") == "gap"
    });
    send(&mut s, "e");
    wait_for(&mut s, ws, "the editor naming the question", |_, screen| {
        squash(screen).contains("c4.1.issues·")
    });
    send(&mut s, "register-v3\x13");
    let j = wait_for(&mut s, ws, "the evidence on disk", |j, _| {
        !evidence_of(j, "c4.1.issues").is_empty()
    });
    assert_eq!(
        evidence_of(&j, "c4.1.issues"),
        vec!["register-v3".to_string()]
    );
    assert!(evidence_of(&j, "c4.1.legal").is_empty(), "not elsewhere");
    send(&mut s, "u");
    wait_for(&mut s, ws, "the evidence undone", |j, screen| {
        evidence_of(j, "c4.1.issues").is_empty()
            && status_of(j, "c4.1.issues") == "gap"
            && squash(screen).contains("Undone:c4.1.issues")
    });
    send(&mut s, "u");
    wait_for(&mut s, ws, "the change undone", |j, _| {
        status_of(j, "c4.1.issues") == "met"
    });
    send(&mut s, "q");
    let _ = s.get_process().wait();
    let out = Command::new(env!("CARGO_BIN_EXE_clausewise"))
        .arg("--workspace")
        .arg(ws)
        .args(["history", "c4.1.issues", "--json"])
        .output()
        .expect("history");
    let rows = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        rows.lines().count(),
        5,
        "met, gap, evidence, and two undos, one JSON line each: {rows}"
    );
}

/// The bytes the app writes under `env` until the first question is drawn.
fn first_screen(env: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path();
    let mut s = spawn_env(ws, &["assess", "gap"], env);
    let mut screen = String::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !squash(&screen).contains("c4.1.issues") {
        assert!(Instant::now() < deadline, "no first screen: {screen:?}");
        drain(&mut s, &mut screen);
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    drain(&mut s, &mut screen);
    send(&mut s, "q");
    let _ = s.get_process().wait();
    screen
}

#[test]
fn colour_depth_follows_the_terminal_and_no_color_and_clicolor_force() {
    let linux = first_screen(&[("NO_COLOR", ""), ("TERM", "linux"), ("LANG", "C.UTF-8")]);
    assert!(
        !linux.contains("38;5;"),
        "no 256-colour codes on the console"
    );
    assert!(
        linux.contains("\u{1b}[36"),
        "but the eight colours: {linux:?}"
    );
    let vt100 = first_screen(&[("NO_COLOR", ""), ("TERM", "vt100"), ("LANG", "C.UTF-8")]);
    assert!(!vt100.contains("38;5;") && !vt100.contains("\u{1b}[36"));
    let forced = first_screen(&[
        ("NO_COLOR", ""),
        ("TERM", "vt100"),
        ("CLICOLOR_FORCE", "1"),
        ("LANG", "C.UTF-8"),
    ]);
    assert!(!forced.contains("38;5;") && forced.contains("\u{1b}[36"));
    let xterm = first_screen(&[("NO_COLOR", ""), ("LANG", "C.UTF-8")]);
    assert!(xterm.contains("38;5;"), "xterm-256color keeps its codes");
}

/// Start-up draws its first frame before the workspace's own questionnaires are read; a
/// malformed one is named with its position in the status line once they are, and is not
/// offered.
#[test]
fn a_malformed_workspace_questionnaire_is_named_with_its_position() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path();
    std::fs::create_dir_all(ws.join("questionnaires")).expect("folder");
    std::fs::write(
        ws.join("questionnaires/broken.json"),
        "{\n  \"id\": \"broken\",\n  \"version\": 1\n}\n",
    )
    .expect("write");
    let mut s = spawn(ws, &[]);
    let mut screen = String::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    // `squash` drops whitespace (ratatui moves the cursor between words).
    while !squash(&screen).contains("workspacefileskipped") {
        assert!(Instant::now() < deadline, "no notice: {screen:?}");
        drain(&mut s, &mut screen);
        std::thread::sleep(Duration::from_millis(20));
    }
    let text = squash(&screen);
    let notice = "1 workspace file skipped (run `clausewise validate`): questionnaires/broken.json:3:14: error: `version`";
    assert!(text.contains(&squash(notice)), "{text}");
    assert!(
        text.contains("0/220answered"),
        "the built-ins are there: {text}"
    );
    send(&mut s, "q");
    let _ = s.get_process().wait();
}
