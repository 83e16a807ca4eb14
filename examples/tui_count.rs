//! Repeats one of the TUI benches' steps `N` times, for counting instructions under
//! callgrind, which is repeatable on a loaded machine:
//! `valgrind --tool=callgrind target/release/examples/tui_count frame 0` and `… frame 10`;
//! the difference of the two totals over 10 is one step. Steps: `palette` (type `k` after
//! `ris` and delete it in the open palette over 5,000 questions: two keystrokes), `search`
//! (rank `risk` from scratch over 5,000 questions), `frame` (Down or Up, then a frame of the
//! 1,000-question wizard at 200×60).

use clausewise::synth;
use clausewise::tui::app::{Screen, update};
use clausewise::tui::msg::Msg;
use clausewise::tui::present::Presenter;
use clausewise::tui::search::{Filter, search};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn key(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn palette(runs: usize) {
    let mut app = synth::wizard_app(5_000);
    update(&mut app, key(KeyCode::Char('/')));
    for ch in "ris".chars() {
        update(&mut app, key(KeyCode::Char(ch)));
    }
    for _ in 0..runs {
        update(&mut app, key(KeyCode::Char('k')));
        update(&mut app, key(KeyCode::Backspace));
    }
}

fn ranking(runs: usize) -> anyhow::Result<()> {
    let app = synth::wizard_app(5_000);
    let Screen::Wizard(w) = &app.screen else {
        anyhow::bail!("wizard not open")
    };
    let q = app
        .ctx
        .catalog
        .questionnaire("synthetic")
        .ok_or_else(|| anyhow::anyhow!("no questionnaire"))?;
    let a = clausewise::model::Assessment::new("synthetic", None);
    for _ in 0..runs {
        std::hint::black_box(search(q, &w.rows, &a, "risk", Filter::All));
    }
    Ok(())
}

fn frame(runs: usize) -> anyhow::Result<()> {
    let mut app = synth::wizard_app(1_000);
    let mut term = Terminal::new(TestBackend::new(200, 60))?;
    let mut presenter = Presenter::default();
    presenter.draw(&mut term, &app)?;
    for _ in 0..20 {
        update(&mut app, key(KeyCode::Down));
    }
    for i in 0..runs {
        let k = if i % 2 == 0 {
            KeyCode::Down
        } else {
            KeyCode::Up
        };
        update(&mut app, key(k));
        presenter.draw(&mut term, &app)?;
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_default();
    let runs: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(1);
    match what.as_str() {
        "palette" => palette(runs),
        "search" => ranking(runs)?,
        "frame" => frame(runs)?,
        _ => anyhow::bail!("usage: tui_count palette|search|frame N"),
    }
    Ok(())
}
