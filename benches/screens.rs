//! Every screen on the synthetic enterprise workspace (10,000 answers over the gap
//! assessment, 200 AI systems and 300 vendors) at 200×60: opening it from Home (`update` on
//! its key plus the first frame), and one key on it (Down/Up, `update` plus `view` into a
//! ratatui `TestBackend`, its cell diff included). Targets (issue #20): a key ≤ 1 ms,
//! opening ≤ 20 ms.

use clausewise::catalog::Catalog;
use clausewise::synth;
use clausewise::tui::app::{App, Screen, update};
use clausewise::tui::msg::Msg;
use clausewise::tui::view::view;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn key(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

/// Home on the enterprise workspace, its first frame drawn.
fn home() -> (App, Terminal<TestBackend>) {
    let catalog = Catalog::builtin();
    let data = clausewise::tui::data::WorkspaceState {
        state: synth::workspace_state(&catalog, 10_000, 0),
        ..Default::default()
    };
    let app = App::new(catalog, data, true);
    let mut term = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    term.draw(|f| view(&app, f)).expect("first frame");
    (app, term)
}

/// Whether the app shows a given screen.
type IsScreen = fn(&Screen) -> bool;

/// The screens reached from Home by one key, with a check that the key opened them.
const SCREENS: &[(&str, char, IsScreen)] = &[
    ("heatmap", 'H', |s| matches!(s, Screen::Heatmap(_))),
    ("soa", 'A', |s| matches!(s, Screen::Plans(_))),
    ("remediation", 'M', |s| matches!(s, Screen::Plans(_))),
    ("risk_matrix", 'I', |s| matches!(s, Screen::Risk(_))),
    ("vendors", 'V', |s| matches!(s, Screen::Vendors(_))),
    ("findings", 'F', |s| matches!(s, Screen::Findings(_))),
];

/// Down and Up in turn on the current screen, each followed by a frame.
fn keys(c: &mut Criterion, name: &str, app: &mut App, term: &mut Terminal<TestBackend>) {
    let mut down = true;
    c.bench_function(&format!("screen_key/{name}"), |b| {
        b.iter(|| {
            let k = if down { KeyCode::Down } else { KeyCode::Up };
            down = !down;
            update(app, key(k));
            term.draw(|f| view(app, f)).expect("draw");
        })
    });
}

fn screens(c: &mut Criterion) {
    let (app, mut term) = home();
    let mut at_home = app.clone();
    keys(c, "home", &mut at_home, &mut term);
    for (name, open, is) in SCREENS {
        let mut probe = app.clone();
        update(&mut probe, key(KeyCode::Char(*open)));
        assert!(is(&probe.screen), "{open} does not open {name}");
        c.bench_function(&format!("screen_open/{name}"), |b| {
            b.iter_batched(
                || app.clone(),
                |mut a| {
                    update(&mut a, key(KeyCode::Char(*open)));
                    term.draw(|f| view(&a, f)).expect("draw");
                    a
                },
                BatchSize::LargeInput,
            )
        });
        keys(c, name, &mut probe, &mut term);
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = screens
}
criterion_main!(benches);
