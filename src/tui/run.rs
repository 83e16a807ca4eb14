//! The shell: sets up and always restores the terminal, turns terminal events and signals
//! into messages, performs effects, and draws only after something happened.
//!
//! The loop blocks on a channel fed by two threads: one blocked in `crossterm::event::read`
//! and one blocked waiting for SIGTERM / SIGHUP (`signal-hook`, since crossterm has no
//! signal support). No frame timer, so an idle wizard uses no CPU.

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use anyhow::Result;
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::app::{App, Effect, Msg, update};
use super::persist::SessionStore;
use super::view::theme::TermCaps;
use super::view::view;

/// Collects a whole frame; [`FrameWriter::commit`] writes it to stdout in one `write`.
/// `flush` (which ratatui calls at the end of a draw) does nothing, so the synchronized
/// update markers queued around the draw end up in the same write.
#[derive(Debug, Default, Clone)]
pub struct FrameWriter {
    /// Leave out the DEC 2026 markers (`TERM=dumb`).
    pub no_sync: bool,
    buf: Rc<RefCell<Vec<u8>>>,
    /// The control sequences that ended the last frame written (style resets, cursor).
    last_tail: Rc<RefCell<Vec<u8>>>,
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

/// Whether frames are wrapped in synchronized output (so `restore` must end it).
static SYNC: AtomicBool = AtomicBool::new(true);

/// DEC mode 2026: the terminal shows the frame only once it is complete.
const BEGIN_SYNC: &[u8] = b"\x1b[?2026h";
const END_SYNC: &[u8] = b"\x1b[?2026l";

/// The trailing run of CSI control sequences of `bytes` (after the last printed text).
fn control_tail(bytes: &[u8]) -> &[u8] {
    let (mut i, mut tail_start) = (0, 0);
    while i < bytes.len() {
        if bytes.get(i..i + 2) == Some(b"\x1b[") {
            i += 2;
            while bytes.get(i).is_some_and(|b| !(0x40..=0x7e).contains(b)) {
                i += 1;
            }
            i += 1;
        } else {
            i += 1;
            tail_start = i;
        }
    }
    bytes.get(tail_start..).unwrap_or_default()
}

impl FrameWriter {
    /// The bytes to send for the frame collected so far, wrapped in synchronized output, or
    /// `None` when it changes nothing on screen: no cell was redrawn and its closing
    /// sequences (style resets, cursor position and visibility) equal the last frame's.
    pub fn take_frame(&self) -> Option<Vec<u8>> {
        let inner = std::mem::take(&mut *self.buf.borrow_mut());
        let tail = control_tail(&inner);
        let mut last = self.last_tail.borrow_mut();
        if tail.len() == inner.len() && inner == *last {
            return None;
        }
        *last = tail.to_vec();
        if self.no_sync {
            return Some(inner);
        }
        Some([BEGIN_SYNC, &inner, END_SYNC].concat())
    }

    /// Writes the collected frame to stdout in one write, unless it changes nothing.
    pub fn commit(&self) -> io::Result<()> {
        let Some(frame) = self.take_frame() else {
            return Ok(());
        };
        let mut out = io::stdout().lock();
        out.write_all(&frame)?;
        out.flush()
    }
}

/// Restores the terminal: best effort, safe to call twice. Ends a synchronized update first
/// (a panic in the middle of writing a frame would otherwise leave the terminal frozen).
pub fn restore() {
    if SYNC.load(Ordering::Relaxed) {
        let _ = io::stdout().write_all(END_SYNC);
    }
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

/// The panic hook restores the terminal before the panic message is printed, so the message
/// lands on the normal screen and the shell is usable.
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
/// before the next frame is drawn. `caps` (decided once from the environment) turns off
/// synchronized output under `TERM=dumb`; colour and ASCII are already in `app`.
pub fn run(
    mut app: App,
    store: &mut dyn SessionStore,
    start_effects: Vec<Effect>,
    caps: TermCaps,
) -> Result<()> {
    SYNC.store(caps.sync, Ordering::Relaxed);
    install_panic_hook();
    terminal::enable_raw_mode()?;
    let _guard = Guard;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        cursor::Hide
    )?;
    let frames = FrameWriter {
        no_sync: !caps.sync,
        ..FrameWriter::default()
    };
    let mut term = Terminal::new(CrosstermBackend::new(frames.clone()))?;
    let (tx, rx) = mpsc::channel();
    spawn_sources(tx)?;
    update(&mut app, Msg::Saved(clock()));
    if perform(&mut app, store, start_effects) {
        return Ok(());
    }
    loop {
        draw(&mut term, &frames, &app)?;
        let Ok(msg) = rx.recv() else { break };
        test_panic(&msg);
        let effects = update(&mut app, msg);
        if perform(&mut app, store, effects) {
            break;
        }
    }
    Ok(())
}

/// Debug builds only: with `CLAUSEWISE_TEST_PANIC=1` the key `!` panics, so a pty test can
/// check that a panic restores the terminal. Release builds have no such key.
#[cfg(debug_assertions)]
fn test_panic(msg: &Msg) {
    let bang = matches!(msg, Msg::Key(k) if k.code == event::KeyCode::Char('!'));
    if bang && std::env::var_os("CLAUSEWISE_TEST_PANIC").is_some_and(|v| v == "1") {
        panic!("CLAUSEWISE_TEST_PANIC: deliberate panic on '!'");
    }
}

#[cfg(not(debug_assertions))]
fn test_panic(_: &Msg) {}

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
                let msg = match store.save(&app.data) {
                    Ok(()) => Msg::Saved(clock()),
                    Err(err) => Msg::PersistFailed(err.to_string()),
                };
                update(app, msg);
            }
            Effect::Quit => quit = super::app::may_quit(app),
            other => {
                let msg = super::persist::perform_file_effect(app, other);
                let more = update(app, msg);
                quit |= perform(app, store, more);
            }
        }
    }
    quit
}

/// The time as `HH:MM UTC`, for "answers since HH:MM UTC would be lost" (no time zone
/// database is bundled, and sessions over SSH span zones).
fn clock() -> String {
    format!("{} UTC", jiff::Timestamp::now().strftime("%H:%M"))
}

fn draw(
    term: &mut Terminal<CrosstermBackend<FrameWriter>>,
    frames: &FrameWriter,
    app: &App,
) -> Result<()> {
    term.draw(|f| view(app, f))?;
    frames.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_that_changes_nothing_writes_nothing() {
        let w = FrameWriter::default();
        let mut sink = w.clone();
        let trailer = b"\x1b[39m\x1b[49m\x1b[0m\x1b[?25l";
        sink.write_all(b"\x1b[1;1Hhello").expect("write");
        sink.write_all(trailer).expect("write");
        let first = w.take_frame().expect("cells changed");
        assert!(first.starts_with(BEGIN_SYNC) && first.ends_with(END_SYNC));
        sink.write_all(trailer).expect("write");
        assert_eq!(
            w.take_frame(),
            None,
            "same trailer, no cells: nothing to send"
        );
        sink.write_all(b"\x1b[3;4H\x1b[?25h").expect("write");
        assert!(w.take_frame().is_some(), "a cursor move is a change");
        sink.write_all(b"\x1b[3;4H\x1b[?25h").expect("write");
        assert_eq!(w.take_frame(), None);
    }

    #[test]
    fn control_tail_skips_printed_text() {
        assert_eq!(
            control_tail(b"ab\x1b[0mc\x1b[?25l\x1b[2;3H"),
            b"\x1b[?25l\x1b[2;3H"
        );
        assert_eq!(control_tail(b"\x1b[0m"), b"\x1b[0m");
        assert_eq!(control_tail(b"abc"), b"");
    }
}
