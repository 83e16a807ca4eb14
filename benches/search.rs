//! The search palette over a 5,000-question questionnaire: the ranking function alone and a
//! whole keystroke in the palette (update, which re-ranks) and opening it. Target: ≤ 2 ms per
//! keystroke.

use clausewise::synth;
use clausewise::tui::app::{Screen, update};
use clausewise::tui::msg::Msg;
use clausewise::tui::search::{Filter, search};
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn bench(c: &mut Criterion) {
    let app = synth::wizard_app(5_000);
    let Screen::Wizard(w) = &app.screen else {
        panic!("wizard not open")
    };
    let q = app
        .ctx
        .catalog
        .questionnaire("synthetic")
        .expect("questionnaire");
    let a = w
        .assessment(&app.ctx.data)
        .cloned()
        .unwrap_or_else(|| clausewise::model::Assessment::new("synthetic", None));
    assert!(w.rows.len() >= 5_000);
    for query in ["r", "risk", "risk rev"] {
        c.bench_function(&format!("search_5k_questions/{query}"), |b| {
            b.iter(|| std::hint::black_box(search(q, &w.rows, &a, query, Filter::All)))
        });
    }
    // Opening the palette (prepares every row's text) and closing it again.
    let mut closed = app.clone();
    c.bench_function("palette_open_close_5k_questions", |b| {
        b.iter(|| {
            update(&mut closed, key(KeyCode::Char('/')));
            update(&mut closed, key(KeyCode::Esc));
        })
    });
    // A keystroke in the open palette: type a character, then delete it (two keystrokes).
    let mut app = app.clone();
    update(&mut app, key(KeyCode::Char('/')));
    for ch in "ris".chars() {
        update(&mut app, key(KeyCode::Char(ch)));
    }
    c.bench_function("palette_keystroke_5k_questions_x2", |b| {
        b.iter(|| {
            update(&mut app, key(KeyCode::Char('k')));
            update(&mut app, key(KeyCode::Backspace));
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
