//! The shell: sets up and always restores the terminal, turns terminal events and signals
//! into messages, performs effects, and draws only after something happened.
//!
//! The loop blocks on a channel fed by two threads: one blocked in `crossterm::event::read`
//! and one blocked waiting for SIGTERM / SIGHUP (`signal-hook`, since crossterm has no
//! signal support). No frame timer, so an idle wizard uses no CPU.

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;
use std::sync::mpsc;

use anyhow::Result;
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind};
use crossterm::terminal::{
    self, BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen,
    LeaveAlternateScreen,
};
use crossterm::{cursor, execute, queue};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::app::{App, Effect, Msg, update};
use super::persist::SessionStore;
use super::view::view;

/// Collects a whole frame; [`FrameWriter::commit`] writes it to stdout in one `write`.
/// `flush` (which ratatui calls at the end of a draw) does nothing, so the synchronized
/// update markers queued around the draw end up in the same write.
#[derive(Debug, Default, Clone)]
pub struct FrameWriter {
    buf: Rc<RefCell<Vec<u8>>>,
}

impl Write for FrameWriter {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.buf.borrow_mut().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl FrameWriter {
    /// Writes the collected bytes to stdout at once.
    pub fn commit(&self) -> io::Result<()> {
        let mut buf = self.buf.borrow_mut();
        let mut out = io::stdout().lock();
        out.write_all(&buf)?;
        out.flush()?;
        buf.clear();
        Ok(())
    }
}

/// Restores the terminal: best effort, safe to call twice.
pub fn restore() {
    let _ = terminal::disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
}

/// Restores the terminal when dropped (normal exit, error or unwinding panic).
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

fn spawn_sources(tx: mpsc::Sender<Msg>) -> Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
    ])?;
    let sig_tx = tx.clone();
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            let _ = sig_tx.send(Msg::Terminate);
        }
    });
    std::thread::spawn(move || {
        while let Ok(ev) = event::read() {
            let msg = match ev {
                Event::Key(k) if k.kind != KeyEventKind::Release => Msg::Key(k),
                Event::Paste(s) => Msg::Paste(s),
                Event::Resize(..) => Msg::Resize,
                _ => continue,
            };
            if tx.send(msg).is_err() {
                break;
            }
        }
    });
    Ok(())
}

/// Runs the TUI until the user quits or a signal arrives. Every `Persist` effect is saved
/// before the next frame is drawn.
pub fn run(mut app: App, store: &mut dyn SessionStore, start_effects: Vec<Effect>) -> Result<()> {
    install_panic_hook();
    terminal::enable_raw_mode()?;
    let _guard = Guard;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        cursor::Hide
    )?;
    let frames = FrameWriter::default();
    let mut term = Terminal::new(CrosstermBackend::new(frames.clone()))?;
    let (tx, rx) = mpsc::channel();
    spawn_sources(tx)?;
    if perform(&mut app, store, start_effects) {
        return Ok(());
    }
    loop {
        draw(&mut term, &frames, &app)?;
        let Ok(msg) = rx.recv() else { break };
        let effects = update(&mut app, msg);
        if perform(&mut app, store, effects) {
            break;
        }
    }
    Ok(())
}

/// Performs effects; true when the app should quit.
fn perform(app: &mut App, store: &mut dyn SessionStore, effects: Vec<Effect>) -> bool {
    let mut quit = false;
    for e in effects {
        match e {
            Effect::Persist if store.read_only().is_some() => {
                let holder = store.read_only().unwrap_or_default();
                app.status = Some(super::persist::read_only_notice(&holder));
            }
            Effect::Persist => {
                if let Err(err) = store.save(&app.data) {
                    update(app, Msg::PersistFailed(err.to_string()));
                    quit = false;
                }
            }
            Effect::Quit => {
                quit = app
                    .status
                    .as_deref()
                    .is_none_or(|s| !s.starts_with("NOT SAVED"))
            }
        }
    }
    quit
}

fn draw(
    term: &mut Terminal<CrosstermBackend<FrameWriter>>,
    frames: &FrameWriter,
    app: &App,
) -> Result<()> {
    queue!(term.backend_mut(), BeginSynchronizedUpdate)?;
    term.draw(|f| view(app, f))?;
    queue!(term.backend_mut(), EndSynchronizedUpdate)?;
    frames.commit()?;
    Ok(())
}
