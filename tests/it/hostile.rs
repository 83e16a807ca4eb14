//! Hostile text end to end: escape sequences (OSC 52 clipboard writes, OSC 0 title changes,
//! CSI), C0/C1 controls, bidi overrides and zero-width characters in questionnaire text and
//! in answers must never reach a terminal cell, a report or the CLI's output; invalid UTF-8,
//! deep nesting and 1 MB lines are refused or handled in bounded time.

use std::time::{Duration, Instant};

use clausewise::catalog::{Catalog, SourceFile};
use clausewise::report::{self, Context, ReportFormat};
use clausewise::tui::app::{App, update};
use clausewise::tui::data::WorkspaceState;
use clausewise::tui::msg::Msg;
use clausewise::tui::view::view;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::fixture;

/// Every kind of hostile text at once.
pub const HOSTILE: &str = concat!(
    "A\u{1b}]52;c;ZXZpbA==\u{7}", // OSC 52: write the clipboard
    "B\u{1b}]0;pwned\u{1b}\\",    // OSC 0: set the window title
    "C\u{1b}[2J\u{1b}[31m",       // CSI: clear screen, red
    "D\u{9b}1;1H\u{9d}0;t\u{9c}", // C1 CSI and OSC … ST
    "E\u{0}\u{8}\u{7f}\u{85}",    // NUL, backspace, DEL, NEL
    "F\u{202e}\u{2066}\u{200f}",  // bidi override, isolate, mark
    "G\u{200b}\u{feff}\u{2060}",  // zero-width space, BOM, word joiner
    "H\u{e0041}\u{fff9}",         // tag character, annotation anchor
    "I\u{ad}\u{34f}\u{180e}",     // soft hyphen, grapheme joiner, Mongolian separator
    "J\u{115f}\u{1160}\u{3164}",  // Hangul fillers
    "K\u{2028}\u{2029}\u{600}",   // line/paragraph separators, Arabic number sign
);

/// What may never be written raw: controls (other than the allowed line breaks and tabs),
/// bidi controls and invisible format characters. Deliberately independent of `sanitize`.
fn forbidden(c: char, multiline: bool) -> bool {
    let layout = matches!(c, '\n' | '\r' | '\t');
    (c.is_control() && !(multiline && layout))
        || matches!(c,
            '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}' | '\u{AD}' | '\u{34F}' | '\u{180E}'
            | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{2028}' | '\u{2029}'
            | '\u{600}'..='\u{605}')
}

fn assert_clean(what: &str, s: &str, multiline: bool) {
    let bad: Vec<(usize, char)> = s
        .char_indices()
        .filter(|&(_, c)| forbidden(c, multiline))
        .take(5)
        .collect();
    assert!(bad.is_empty(), "{what}: raw characters {bad:?}");
}

/// Adds the hostile payload to every human-readable string of a questionnaire.
fn poison(v: &mut serde_json::Value) {
    use serde_json::Value as J;
    match v {
        J::Object(m) => {
            for (k, x) in m.iter_mut() {
                let prose = matches!(
                    k.as_str(),
                    "title" | "description" | "prompt" | "help" | "label"
                );
                match x {
                    J::String(s) if prose => s.push_str(HOSTILE),
                    _ => poison(x),
                }
            }
        }
        J::Array(a) => a.iter_mut().for_each(poison),
        _ => {}
    }
}

fn hostile_questionnaire() -> Vec<u8> {
    let mut v: serde_json::Value =
        serde_json::from_slice(include_bytes!("../fixtures/tui/widgets.json")).expect("json");
    poison(&mut v);
    serde_json::to_vec_pretty(&v).expect("json")
}

fn catalog_of(bytes: Vec<u8>) -> Catalog {
    Catalog::load(
        &[SourceFile {
            path: "widgets.json".into(),
            bytes,
        }],
        &[],
    )
}

/// Every cell's symbol of one frame, checked; returns the frame as text.
pub(super) fn render_clean(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| view(app, f)).expect("draw");
    let buf = t.backend().buffer();
    let text: String = buf.content().iter().map(|c| c.symbol()).collect();
    assert_clean(&format!("frame {w}x{h}"), &text, false);
    text
}

pub(super) fn key(app: &mut App, c: KeyCode) {
    update(app, Msg::Key(KeyEvent::new(c, KeyModifiers::NONE)));
}

pub(super) fn keys(app: &mut App, s: &str) {
    s.chars().for_each(|c| key(app, KeyCode::Char(c)));
}

/// An app on the hostile questionnaire, for a hostile organization and AI system.
pub(super) fn hostile_app() -> App {
    let cat = catalog_of(hostile_questionnaire());
    let data = WorkspaceState {
        state: clausewise::model::WorkspaceState::new(format!("Org {HOSTILE}"), "", "generic"),
        resume: None,
        ..Default::default()
    };
    let mut app = App::new(cat, data, true);
    let subject = clausewise::tui::screens::home::new_subject(
        &app.ctx.data,
        clausewise::model::SubjectKind::AiSystem,
        &format!("Bot {HOSTILE}"),
    );
    app.ctx.data.subjects.push(subject);
    app.open_wizard("widgets", Some("system-1"));
    app
}

#[test]
fn hostile_questionnaire_text_never_reaches_a_cell() {
    let mut app = hostile_app();
    let mut screens = 0;
    let mut frame = |app: &App| {
        for (w, h) in [(80, 24), (200, 60)] {
            render_clean(app, w, h);
        }
        screens += 1;
    };
    frame(&app);
    for step in ["j", "jj", "?", "?", "/", "\u{1b}"] {
        match step {
            "\u{1b}" => key(&mut app, KeyCode::Esc),
            s => keys(&mut app, s),
        }
        frame(&app);
    }
    key(&mut app, KeyCode::Tab);
    frame(&app);
    assert_eq!(screens, 8);
}

#[test]
fn hostile_typed_and_pasted_answers_never_reach_a_cell() {
    let mut app = hostile_app();
    keys(&mut app, "1N");
    update(&mut app, Msg::Paste(format!("pasted {HOSTILE}\r\nline 2")));
    render_clean(&app, 100, 30);
    for c in HOSTILE.chars() {
        key(&mut app, KeyCode::Char(c));
    }
    render_clean(&app, 100, 30);
    key(&mut app, KeyCode::Esc);
    render_clean(&app, 100, 30);
}

/// The fixture snapshot with the payload appended to organization, notes and names.
fn hostile_snapshot() -> clausewise::model::Snapshot {
    let mut s = fixture::scored();
    s.meta.organization.push_str(HOSTILE);
    s.meta.assessor.push_str(HOSTILE);
    s.meta.label.push_str(HOSTILE);
    for a in &mut s.assessments {
        for ans in a.answers.values_mut() {
            ans.note.push_str(HOSTILE);
            ans.owner = Some(format!("owner {HOSTILE}"));
        }
    }
    for subj in &mut s.subjects {
        subj.name.push_str(HOSTILE);
    }
    s
}

/// The formats checked here: every one but the OSCAL plan of action and milestones.
fn formats() -> impl Iterator<Item = ReportFormat> {
    (ReportFormat::ALL.into_iter()).filter(|f| *f != ReportFormat::OscalPoam)
}

#[test]
fn hostile_answers_never_reach_a_report_raw() {
    let s = hostile_snapshot();
    let cat = fixture::catalog();
    let ctx = Context::new(&s, fixture::questionnaires(&cat));
    for format in formats() {
        let bytes = report::render(&ctx, format, None).expect("render");
        let text = String::from_utf8(bytes).expect("utf-8");
        assert_clean(&format!("{format:?}"), &text, true);
        let carries_notes = format != ReportFormat::SoaCsv;
        assert!(
            !carries_notes || text.contains("ZXZpbA=="),
            "{format:?} dropped the text around the escape"
        );
    }
}

fn clausewise(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_clausewise"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run clausewise")
}

/// A workspace with a hostile questionnaire (valid), and one with a hostile broken file.
fn hostile_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let q = dir.path().join("questionnaires");
    std::fs::create_dir_all(&q).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("profiles")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("snapshots")).expect("mkdir");
    std::fs::write(q.join("widgets.json"), hostile_questionnaire()).expect("write");
    let broken = format!("{{\"id\": \"x{HOSTILE}\", \"title\": 3, \"{HOSTILE}\": 1}}");
    // A file name cannot hold NUL or `/`; everything else of the payload can.
    let name = format!("bad{}.json", HOSTILE.replace(['\0', '/'], ""));
    std::fs::write(q.join(name), broken).expect("write");
    dir
}

#[test]
fn validate_and_list_print_no_raw_escapes() {
    let dir = hostile_workspace();
    let ws = dir.path().to_string_lossy().into_owned();
    for args in [
        vec!["--workspace", &ws, "validate"],
        vec!["--workspace", &ws, "list", "questionnaires"],
        vec![
            "--workspace",
            &ws,
            "list",
            "questionnaires",
            "--format",
            "json",
        ],
    ] {
        let o = clausewise(&args);
        let out = String::from_utf8_lossy(&o.stdout);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_clean(&format!("{args:?} stdout"), &out, true);
        assert_clean(&format!("{args:?} stderr"), &err, true);
    }
}

#[test]
fn invalid_utf8_and_deep_nesting_are_diagnosed_not_crashed() {
    let mut bad_utf8 = hostile_questionnaire();
    bad_utf8.splice(10..10, [0xff, 0xfe, 0xc0]);
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000)).into_bytes();
    let deep_obj = "{\"a\":".repeat(100_000).into_bytes();
    for bytes in [bad_utf8, deep, deep_obj] {
        let c = catalog_of(bytes);
        assert!(!c.diagnostics.is_empty(), "refused with a diagnostic");
        for d in &c.diagnostics {
            assert_clean("diagnostic", &d.message, false);
            assert!(d.message.len() < 4096, "bounded message");
        }
    }
}

/// A questionnaire whose help text and an answer note are one 1 MB line each.
#[test]
fn a_one_megabyte_line_loads_and_renders_in_bounded_time() {
    let big = "word ".repeat(200_000) + HOSTILE;
    let mut v: serde_json::Value =
        serde_json::from_slice(include_bytes!("../fixtures/tui/widgets.json")).expect("json");
    v["sections"][0]["questions"][0]["help"] = serde_json::Value::String(big.clone());
    let start = Instant::now();
    let cat = catalog_of(serde_json::to_vec(&v).expect("json"));
    assert!(cat.diagnostics.is_empty(), "{:?}", cat.diagnostics);
    let mut app = App::new(cat, WorkspaceState::default(), false);
    let subject = clausewise::tui::screens::home::new_subject(
        &app.ctx.data,
        clausewise::model::SubjectKind::AiSystem,
        "Bot",
    );
    app.ctx.data.subjects.push(subject);
    app.open_wizard("widgets", Some("system-1"));
    for (w, h) in [(80, 24), (400, 120)] {
        render_clean(&app, w, h);
    }
    keys(&mut app, "1N");
    update(&mut app, Msg::Paste(big.clone()));
    render_clean(&app, 120, 40);
    key(&mut app, KeyCode::Esc);
    render_clean(&app, 120, 40);
    let mut s = fixture::scored();
    if let Some(a) = s
        .assessments
        .first_mut()
        .and_then(|a| a.answers.values_mut().next())
    {
        a.note = big;
    }
    let cat = fixture::catalog();
    let ctx = Context::new(&s, fixture::questionnaires(&cat));
    for format in formats() {
        report::render(&ctx, format, None).expect("render");
    }
    let took = start.elapsed();
    assert!(took < Duration::from_secs(20), "took {took:?}");
    eprintln!("1 MB line: loaded, rendered and reported in {took:?}");
}

/// Two hostile snapshots (the second with every note changed) in a workspace's snapshots/.
fn hostile_snapshots() -> (tempfile::TempDir, String, String) {
    let dir = hostile_workspace();
    let snaps = dir.path().join("snapshots");
    let mut old = hostile_snapshot();
    old.meta.profile = "generic".into();
    let mut new = old.clone();
    new.meta.created_at = "2026-03-01T09:30:00Z".parse().expect("ts");
    for a in &mut new.assessments {
        a.answers.values_mut().for_each(|x| x.note.push('!'));
    }
    let path = |name: &str, s: &mut clausewise::model::Snapshot| {
        let p = clausewise::store::snapshots::save(&snaps, name, s).expect("save");
        p.to_string_lossy().into_owned()
    };
    let (a, b) = (path("old.json", &mut old), path("new.json", &mut new));
    (dir, a, b)
}

#[test]
fn json_printed_to_a_terminal_escapes_every_raw_character_and_stays_lossless() {
    let (dir, old, new) = hostile_snapshots();
    let ws = dir.path().to_string_lossy().into_owned();
    for args in [
        vec!["-w", &ws, "snapshot", "show", &old, "--json"],
        vec!["-w", &ws, "diff", &old, &new, "--format", "json"],
        vec!["-w", &ws, "score", &old, "--format", "json"],
    ] {
        let o = clausewise(&args);
        let out = String::from_utf8_lossy(&o.stdout);
        assert_clean(&format!("{args:?}"), &out, true);
        let v: serde_json::Value = serde_json::from_str(&out).expect("still JSON");
        if args.contains(&"show") {
            let org = v["meta"]["organization"].as_str().unwrap_or_default();
            assert!(org.ends_with(HOSTILE), "lossless: {org:?}");
        }
    }
}

#[test]
fn store_loaders_refuse_deep_nesting_and_invalid_utf8() {
    let dir = tempfile::tempdir().expect("tempdir");
    let deep = "[".repeat(100_000).into_bytes();
    let bad = vec![b'{', 0xff, 0xc0, b'}'];
    for (i, bytes) in [deep, bad].into_iter().enumerate() {
        let name = format!("s{i}");
        std::fs::write(dir.path().join(format!("{name}.json")), &bytes).expect("write");
        let e = clausewise::store::Session::open_read_only(dir.path(), &name).expect_err("session");
        assert_clean("session error", &e.to_string(), false);
        let e = clausewise::store::snapshots::load(&dir.path().join(format!("{name}.json")))
            .expect_err("snapshot");
        assert_clean("snapshot error", &e.to_string(), false);
    }
}

/// Hostile snapshot file names and questionnaire ids through every command that prints
/// them (the seals hold, so nothing is refused).
#[test]
fn hostile_file_names_and_ids_are_sanitized_by_every_cli_command() {
    let dir = tempfile::tempdir().expect("tempdir");
    clausewise::store::Workspace::init(dir.path()).expect("init");
    let snaps = dir.path().join("snapshots");
    let payload = HOSTILE.replace(['\0', '/'], "");
    let mut old = hostile_snapshot();
    old.meta.profile = "generic".into();
    old.previous = None;
    for q in &mut old.questionnaires {
        q.id.push_str(HOSTILE);
        q.version.push_str(HOSTILE);
    }
    let mut new = old.clone();
    new.meta.created_at = "2026-03-01T09:30:00Z".parse().expect("ts");
    let save = |name: &str, s: &mut clausewise::model::Snapshot| {
        let p = clausewise::store::snapshots::save(&snaps, name, s).expect("save");
        p.to_string_lossy().into_owned()
    };
    let old = save(&format!("old{payload}.json"), &mut old);
    new.previous = None;
    let new = save(&format!("new{payload}.json"), &mut new);
    let ws = dir.path().to_string_lossy().into_owned();
    for args in [
        vec!["-w", &ws, "snapshot", "list"],
        vec!["-w", &ws, "snapshot", "show", &old],
        vec!["-w", &ws, "snapshot", "verify"],
        vec!["-w", &ws, "snapshot", "verify", &new],
        vec!["-w", &ws, "diff", &old, &new],
        vec!["-w", &ws, "diff", &old, &new, "--format", "markdown"],
        vec!["-w", &ws, "list", "snapshots"],
        vec!["-w", &ws, "validate"],
        vec!["-w", &ws, "score", &new],
        vec!["-w", &ws, "report", &new],
    ] {
        let o = clausewise(&args);
        let out = String::from_utf8_lossy(&o.stdout);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            !out.contains("panicked") && !err.contains("panicked"),
            "{args:?}"
        );
        assert_clean(&format!("{args:?} stdout"), &out, true);
        assert_clean(&format!("{args:?} stderr"), &err, true);
    }
}
