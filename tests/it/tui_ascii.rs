//! ASCII mode (no UTF-8 locale, or `TERM=dumb`): every cell drawn is ASCII, borders are
//! `+-|`, and text from the questionnaires and answers is transliterated too. `TestBackend`
//! snapshots of a few screens, and the real binary in a pty under `LANG=C TERM=vt100`.

use std::path::Path;

use clausewise::catalog::Catalog;
use clausewise::model::Kind;
use clausewise::store::snapshots;
use clausewise::tui::app::{App, update};
use clausewise::tui::data::WorkspaceState;
use clausewise::tui::msg::{Msg, Start};
use clausewise::tui::view::theme::{ColorDepth, TermCaps, asciify};
use clausewise::tui::view::view;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::tui_pty::{drain, spawn_env, wait_for};

const STAGE2: &str = "snapshots/harbourline-logistics-2025-stage-2.json";

/// The example workspace in ASCII mode, with typography and hostile non-ASCII in the name.
fn ascii_app() -> App {
    let s = snapshots::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join(STAGE2)).expect("example");
    let data = WorkspaceState {
        state: clausewise::model::WorkspaceState::from_snapshot(&s),
        resume: None,
        ..Default::default()
    };
    let mut a = App::new(Catalog::builtin(), data, false);
    a.ctx.ascii = true;
    a.ctx.data.organization = "Zürich “AI” — 人工智能 ✓".into();
    a
}

fn press(a: &mut App, c: char) {
    update(
        a,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
    );
}

/// Draws the app and fails on the first cell that is not ASCII; returns the screen text.
fn all_ascii(a: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| view(a, f)).expect("draw");
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        for x in 0..w {
            let sym = buf[(x, y)].symbol();
            assert!(sym.is_ascii(), "cell {x},{y} is {sym:?} in ASCII mode");
            out.push_str(sym);
        }
        out.push('\n');
    }
    out
}

fn check(name: &str, setup: impl Fn(&mut App)) {
    let mut a = ascii_app();
    setup(&mut a);
    for (w, h) in [(80, 24), (160, 48)] {
        let screen = all_ascii(&a, w, h);
        if w == 80 {
            insta::assert_snapshot!(format!("ascii_{name}_{w}x{h}"), screen);
        }
    }
}

#[test]
fn home_in_ascii() {
    check("home", |_| {});
}

#[test]
fn wizard_in_ascii() {
    check("wizard", |a| {
        a.start(&Start {
            kind: Some(Kind::Gap),
            subject: None,
            questionnaire: None,
        });
    });
}

#[test]
fn heatmap_risk_matrix_and_vendors_in_ascii() {
    check("heatmap", |a| press(a, 'H'));
    check("risk", |a| press(a, 'I'));
    check("vendors", |a| press(a, 'V'));
}

#[test]
fn help_and_search_popups_in_ascii() {
    check("help", |a| press(a, '?'));
    check("search", |a| {
        a.start(&Start {
            kind: Some(Kind::Gap),
            subject: None,
            questionnaire: None,
        });
        press(a, '/');
    });
}

#[test]
fn ascii_mode_is_decided_from_the_locale_and_term() {
    let caps = |vars: &[(&str, &str)]| {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        TermCaps::from_env(move |k| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()))
    };
    let utf8 = caps(&[("LANG", "en_GB.UTF-8"), ("TERM", "xterm-256color")]);
    assert_eq!(
        utf8,
        TermCaps {
            color: true,
            depth: ColorDepth::Full,
            ascii: false,
            sync: true
        }
    );
    assert!(caps(&[("LANG", "C"), ("TERM", "vt100")]).ascii);
    assert!(
        caps(&[("TERM", "xterm")]).ascii,
        "no locale at all is the C locale"
    );
    assert!(
        !caps(&[("TERM", "xterm"), ("CLAUSEWISE_ASCII", "0")]).ascii,
        "CLAUSEWISE_ASCII=0 forces Unicode when LANG was not forwarded"
    );
    assert!(
        caps(&[("LANG", "en_GB.UTF-8"), ("CLAUSEWISE_ASCII", "1")]).ascii,
        "CLAUSEWISE_ASCII=1 forces ASCII"
    );
    assert!(
        caps(&[("LC_ALL", "C"), ("LANG", "de_DE.UTF-8")]).ascii,
        "LC_ALL wins"
    );
    assert!(
        !caps(&[("LC_ALL", ""), ("LC_CTYPE", "en_US.utf8")]).ascii,
        "empty is unset"
    );
    assert!(
        !caps(&[("LANG", "C.UTF-8"), ("TERM", "vt100")]).ascii,
        "vt100 with UTF-8"
    );
    let dumb = caps(&[("LANG", "en_US.UTF-8"), ("TERM", "dumb")]);
    assert_eq!(
        dumb,
        TermCaps {
            color: false,
            depth: ColorDepth::None,
            ascii: true,
            sync: false
        }
    );
    assert!(!caps(&[("LANG", "C.UTF-8"), ("NO_COLOR", "1")]).color);
    let depth = |vars: &[(&str, &str)]| caps(vars).depth;
    assert_eq!(
        depth(&[("TERM", "vt100")]),
        ColorDepth::None,
        "vt100 has no colour"
    );
    assert_eq!(depth(&[("TERM", "linux")]), ColorDepth::Eight);
    assert_eq!(depth(&[("TERM", "xterm")]), ColorDepth::Sixteen);
    assert_eq!(depth(&[("TERM", "xterm-256color")]), ColorDepth::Full);
    assert_eq!(
        depth(&[("TERM", "vt100"), ("CLICOLOR_FORCE", "1")]),
        ColorDepth::Eight,
        "CLICOLOR_FORCE turns colour on"
    );
    assert_eq!(
        depth(&[
            ("TERM", "xterm-256color"),
            ("NO_COLOR", "1"),
            ("CLICOLOR_FORCE", "1")
        ]),
        ColorDepth::None,
        "NO_COLOR wins"
    );
    assert_eq!(
        depth(&[("TERM", "xterm"), ("CLICOLOR", "0")]),
        ColorDepth::None
    );
    // crossterm writes even named colours as 256-colour codes: rewritten below full depth.
    let frame = b"\x1b[38;5;8;49mdim\x1b[38;5;14;1mcyan\x1b[48;5;1mred";
    assert_eq!(
        ColorDepth::Sixteen.downgrade(frame),
        b"\x1b[90;49mdim\x1b[96;1mcyan\x1b[41mred".to_vec()
    );
    assert_eq!(
        ColorDepth::Eight.downgrade(frame),
        b"\x1b[39;49mdim\x1b[36;1mcyan\x1b[41mred".to_vec()
    );
    assert_eq!(
        asciify("a → b · c … ✓ ✗ ▲▼ █░ “q” — 人"),
        "a > b . c ... + x ^v #. \"q\" - ?"
    );
}

#[test]
fn the_binary_under_lang_c_and_vt100_writes_no_byte_above_0x7f() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = dir.path();
    let env = [
        ("LANG", "C"),
        ("LC_ALL", ""),
        ("LC_CTYPE", ""),
        ("TERM", "vt100"),
    ];
    let mut s = spawn_env(ws, &["assess", "gap"], &env);
    wait_for(&mut s, ws, "the first question", |_, screen| {
        screen.contains("c4.1.issues")
    });
    let mut out = Vec::new();
    for keys in ["1", "?", "\u{1b}", "/", "\u{1b}", "\u{1b}", "H", "\u{1b}"] {
        std::io::Write::write_all(&mut s, keys.as_bytes()).expect("keys");
        std::thread::sleep(std::time::Duration::from_millis(150));
        let mut text = String::new();
        drain(&mut s, &mut text);
        out.extend_from_slice(text.as_bytes());
    }
    std::io::Write::write_all(&mut s, b"q").expect("quit");
    out.extend_from_slice(super::pty_signals::read_to_exit(&mut s).as_bytes());
    assert!(out.len() > 1000, "drew screens: {} bytes", out.len());
    let high = out.iter().position(|b| *b >= 0x80);
    assert_eq!(
        high,
        None,
        "non-ASCII byte in {:?}",
        String::from_utf8_lossy(&out)
    );
}
