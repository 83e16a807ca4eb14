//! Keystroke to frame on a 1,000-question questionnaire at 200×60: `update` plus the frame
//! drawn into a ratatui `TestBackend` as the app draws it (`tui::present`, its cell diff
//! included). Target: ≤ 0.5 ms.

use clausewise::synth;
use clausewise::tui::app::update;
use clausewise::tui::msg::Msg;
use clausewise::tui::present::Presenter;
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn key(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn render(c: &mut Criterion) {
    let mut app = synth::wizard_app(1_000);
    let mut term = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    let mut presenter = Presenter::default();
    presenter.draw(&mut term, &app).expect("first frame");
    // Step into the middle so Down/Up never hit a boundary.
    for _ in 0..20 {
        update(&mut app, key(KeyCode::Down));
    }
    let mut down = true;
    c.bench_function("keystroke_to_frame_1k_questions_200x60", |b| {
        b.iter(|| {
            let k = if down { KeyCode::Down } else { KeyCode::Up };
            down = !down;
            update(&mut app, key(k));
            presenter.draw(&mut term, &app).expect("draw");
        })
    });
}

criterion_group!(benches, render);
criterion_main!(benches);
