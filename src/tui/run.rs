//! The shell: sets up and always restores the terminal, turns terminal events and signals
//! into messages, performs effects, and draws only after something happened.
//!
//! The loop blocks on a channel fed by three threads: one blocked in `crossterm::event::read`,
//! one blocked waiting for SIGTERM / SIGHUP (`signal-hook`, since crossterm has no signal
//! support) and the saver, which writes the session durably and reports each save back. No
//! frame timer, so an idle wizard uses no CPU.
//!
//! Saving: a committed change hands a copy of the state to the saver and the loop goes on
//! handling keys; the next frame is drawn once that save is on disk, so what the screen
//! shows as committed survives a kill. Changes committed while a save is in flight are
//! coalesced into one more save. A failed save is shown (`NOT SAVED: …`), the answers stay
//! in memory and the next commit writes everything again; quitting waits for the saver and
//! is refused while the last save failed.

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

use super::app::{App, update};
use super::msg::{Effect, Msg};
use super::persist::{OpenWatch, SessionStore};
use super::view::theme::TermCaps;
use crate::store::live::{Batch, Committed, Remote};
use std::time::Duration;

/// Collects a whole frame; [`FrameWriter::commit`] writes it to stdout in one `write`.
/// `flush` (which ratatui calls at the end of a draw) does nothing, so the synchronized
/// update markers queued around the draw end up in the same write.
#[derive(Debug, Default, Clone)]
pub struct FrameWriter {
    /// Leave out the DEC 2026 markers (`TERM=dumb`).
    pub no_sync: bool,
    /// The terminal's colours: 256-colour codes are rewritten below full depth.
    pub depth: super::view::theme::ColorDepth,
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
        let inner = self
            .depth
            .downgrade(&std::mem::take(&mut *self.buf.borrow_mut()));
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

/// What the loop waits for: a message for the app, or the saver reporting a finished
/// batch (the commit, or why it failed with the batch to write again).
enum Input {
    App(Msg),
    Saved(Result<Committed, (String, Batch)>),
    /// The store was opened (once the first frame was out), or why it could not be.
    Opened(Result<Opened>),
}

/// What the shell learns when the store has been opened.
struct Opened {
    /// Why nothing can be saved here, if so.
    read_only: Option<String>,
    /// How to open the watcher's connection.
    watch: Option<OpenWatch>,
}

/// Work for the saver thread.
enum Job {
    /// Write a batch in one transaction.
    Commit(Batch),
    /// Read the stored state again (a read-only workspace undoing a refused change).
    Reload,
    /// Read one answer's history.
    History(crate::model::AnswerTarget),
    /// Read the workspace at start.
    Load,
}

/// How often an open editor's text is kept as a draft.
const POLL: Duration = Duration::from_secs(1);

/// How often the watcher asks the store what others committed: a second, or
/// `CLAUSEWISE_POLL_MS` (tests that need a stale view set it high).
fn watch_interval() -> Duration {
    std::env::var("CLAUSEWISE_POLL_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(POLL, Duration::from_millis)
}

fn spawn_sources(tx: mpsc::Sender<Input>) -> Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
    ])?;
    let sig_tx = tx.clone();
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            let _ = sig_tx.send(Input::App(Msg::Terminate));
        }
    });
    std::thread::spawn(move || {
        while let Ok(ev) = event::read() {
            let msg = match ev {
                Event::Key(k) if k.kind != KeyEventKind::Release => Msg::Key(k),
                Event::Paste(s) => Msg::Paste(s),
                Event::Resize(w, h) => Msg::Size(w, h),
                _ => continue,
            };
            if tx.send(Input::App(msg)).is_err() {
                break;
            }
        }
    });
    Ok(())
}

/// The saver thread: writes each batch it receives durably and reports back, until the
/// loop drops its sender.
fn saver(
    store: &mut (dyn SessionStore + Send),
    jobs: mpsc::Receiver<Job>,
    done: mpsc::Sender<Input>,
) {
    while let Ok(job) = jobs.recv() {
        let input = match job {
            Job::Commit(batch) => {
                Input::Saved(store.commit(&batch).map_err(|e| (e.to_string(), batch)))
            }
            Job::History(t) => {
                let rows = store.history(&t).map_err(|e| e.to_string());
                Input::App(Msg::History(t, rows))
            }
            Job::Load => {
                // Open first (a large database takes milliseconds), and say whether it is
                // writable before the workspace is handed over, so no key is handled
                // before the shell knows.
                let opened = store.open().map(|()| Opened {
                    read_only: store.read_only(),
                    watch: store.watcher(),
                });
                let failed = opened.is_err();
                if done.send(Input::Opened(opened)).is_err() || failed {
                    break;
                }
                Input::App(Msg::Loaded(
                    store
                        .load()
                        .map(|d| Box::new(d.unwrap_or_default()))
                        .map_err(|e| e.to_string()),
                ))
            }
            Job::Reload => Input::App(Msg::Reverted(
                store
                    .load()
                    .map(|d| Box::new(d.unwrap_or_default()))
                    .map_err(|e| e.to_string()),
            )),
        };
        if done.send(input).is_err() {
            break;
        }
    }
}

/// The watcher thread: once a second asks the store what others committed and passes it
/// on only when there is something (so an idle screen still gets no bytes).
fn watcher(open: OpenWatch, start: mpsc::Receiver<i64>, tx: mpsc::Sender<Input>) {
    // The sequence number the loaded state includes, once it is loaded.
    let Ok(mut seq) = start.recv() else {
        return;
    };
    let Some(mut watch) = open() else {
        return;
    };
    let every = watch_interval();
    loop {
        std::thread::sleep(every);
        let remote = match watch.since(seq) {
            Ok(Remote::Nothing) | Err(_) => continue,
            Ok(r) => r,
        };
        watch.tidy();
        seq = match &remote {
            Remote::Answers { seq, .. } => *seq,
            Remote::Reload(l) => l.seq,
            Remote::Nothing => seq,
        };
        if tx.send(Input::App(Msg::Remote(remote))).is_err() {
            return;
        }
    }
}

/// The loop's side of saving: at most one batch in flight; changes committed meanwhile are
/// gathered into the next one. While a batch is in flight no frame is drawn (so what is on
/// screen is on disk), but input keeps being handled: typing never waits on fsync.
struct Saves {
    jobs: mpsc::Sender<Job>,
    /// Where file work done on other threads sends its result.
    inputs: mpsc::Sender<Input>,
    /// File effects started and not answered yet.
    files: usize,
    read_only: Option<String>,
    in_flight: bool,
    /// Tells the watcher where to start once the workspace is loaded.
    start_seq: Option<mpsc::Sender<i64>>,
    /// For starting the watcher once the store is open (when that waits for the first
    /// frame): where it learns its start, and where it reports.
    watch_later: Option<(mpsc::Receiver<i64>, mpsc::Sender<Input>)>,
    /// The store is open (and whether it is read-only known): nothing is handed over before.
    open: bool,
    /// The workspace is to be read once the first frame is out.
    load: bool,
    /// What start-up still has to fill in once the first frame is out (the questionnaires
    /// and profiles, the list of saved snapshots): done before the workspace is read.
    finish: Option<FinishStart>,
}

/// The rest of start-up, run on the UI thread once the first frame is out (it may wait for
/// a catalog being read on another thread).
pub type FinishStart = Box<dyn FnOnce(&mut App) -> Result<()> + Send>;

impl Saves {
    /// Hands what changed to the saver.
    fn request(&mut self, app: &mut App) {
        self.send(app);
    }

    /// Hands the pending changes to the saver, unless a batch is already in flight. A
    /// read-only workspace drops them, and when they changed the state, reloads it so the
    /// refused change is visibly undone.
    fn send(&mut self, app: &mut App) {
        if self.in_flight || !self.open || !app.ctx.data.is_dirty() {
            return;
        }
        if self.read_only.is_some() {
            let refused = app.ctx.data.has_changes();
            app.ctx.data.discard_changes();
            if refused {
                let _ = self.jobs.send(Job::Reload);
            }
            return;
        }
        let batch = app.ctx.data.take_batch();
        self.in_flight = self.jobs.send(Job::Commit(batch)).is_ok();
        if !self.in_flight {
            update(app, Msg::PersistFailed("the saver stopped".into()));
        }
    }

    /// A batch finished: records it, or shows the failure and keeps its changes for the
    /// next batch; then sends what was committed meanwhile.
    fn finished(&mut self, app: &mut App, result: Result<Committed, (String, Batch)>) {
        self.in_flight = false;
        match result {
            Ok(c) => {
                update(app, Msg::Committed(c));
                update(app, Msg::Saved(clock()));
                self.send(app);
            }
            Err((e, batch)) => {
                app.ctx.data.requeue(batch);
                update(app, Msg::PersistFailed(e));
            }
        }
    }

    /// Whether everything handed over is on disk (or failed and was reported).
    fn idle(&self) -> bool {
        !self.in_flight
    }

    /// The store is open: a read-only one is said on every screen from now on (before any
    /// key typed meanwhile is handled), and the watcher starts.
    fn opened(&mut self, app: &mut App, opened: Opened) {
        if let Some(why) = &opened.read_only {
            let notice = super::persist::read_only_notice(why);
            app.ctx.status = Some(match app.ctx.status.take() {
                Some(s) => format!("{notice} · {s}"),
                None => notice,
            });
            app.ctx.read_only = Some(why.clone());
        }
        self.read_only = opened.read_only;
        self.open = true;
        if let (Some(watch), Some((seq, tx))) = (opened.watch, self.watch_later.take()) {
            std::thread::spawn(move || watcher(watch, seq, tx));
        }
    }
}

/// Whether the wizard can draw: standard output is a terminal, and keys can be read (from
/// standard input, or from the controlling terminal as crossterm does when it is piped).
pub fn has_terminal() -> bool {
    use std::io::IsTerminal as _;
    io::stdout().is_terminal()
        && (io::stdin().is_terminal()
            || std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open("/dev/tty")
                .is_ok())
}

/// Runs the TUI until the user quits or a signal arrives. Every `Persist` effect is saved
/// by a saver thread; the next frame is drawn once it is on disk. `caps` (decided once from
/// the environment) turns off synchronized output under `TERM=dumb`; colour and ASCII are
/// already in `app`. Returns a note for the user to print once the terminal is restored
/// (where a rescue copy went, when a signal ended the app while saving failed).
pub fn run(
    app: App,
    store: &mut (dyn SessionStore + Send),
    start_effects: Vec<Effect>,
    caps: TermCaps,
) -> Result<Option<String>> {
    run_with(app, store, start_effects, caps, None)
}

/// [`run`] with part of start-up left to `finish` (e.g. the catalog still being read, so
/// `app.ctx.catalog` is empty until then): the first frame ("Reading the workspace…") goes out
/// without waiting for it, and `finish` runs before the workspace is read. An error there
/// ends the app with that error once the terminal is restored.
pub fn run_with(
    mut app: App,
    store: &mut (dyn SessionStore + Send),
    start_effects: Vec<Effect>,
    caps: TermCaps,
    mut finish: Option<FinishStart>,
) -> Result<Option<String>> {
    // Without a workspace to read there is no "reading" frame to draw first.
    if app.ctx.loading.is_none()
        && let Some(f) = finish.take()
    {
        f(&mut app)?;
    }
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
        depth: caps.depth,
        ..FrameWriter::default()
    };
    let mut term = Terminal::new(CrosstermBackend::new(frames.clone()))?;
    let (tx, rx) = mpsc::channel();
    spawn_sources(tx.clone())?;
    update(&mut app, Msg::Saved(clock()));
    if let Ok((w, h)) = terminal::size() {
        update(&mut app, Msg::Size(w, h));
    }
    // The saver opens the store and reads the workspace once the first frame is out;
    // without a workspace to read, the store is opened here.
    let load = app.ctx.loading.is_some();
    let (seq_tx, seq_rx) = mpsc::channel();
    let mut watch_later = Some((seq_rx, tx.clone()));
    if !load {
        store.open()?;
        if let (Some(watch), Some((seq_rx, tx))) = (store.watcher(), watch_later.take()) {
            std::thread::spawn(move || watcher(watch, seq_rx, tx));
        }
    }
    let read_only = store.read_only();
    std::thread::scope(|scope| {
        let (jobs, job_rx) = mpsc::channel();
        let inputs = tx.clone();
        scope.spawn(move || saver(store, job_rx, tx));
        let mut saves = Saves {
            jobs,
            inputs,
            files: 0,
            read_only,
            in_flight: false,
            start_seq: Some(seq_tx),
            watch_later,
            open: !load,
            load,
            finish,
        };
        if !saves.load
            && let Some(tx) = saves.start_seq.take()
        {
            let _ = tx.send(app.ctx.data.seq);
        }
        let mut presenter = super::present::Presenter::default();
        event_loop(app, &mut saves, &rx, start_effects, |app| {
            draw(&mut term, &mut presenter, &frames, app)
        })
    })
}

/// Handles inputs and effects until the app quits with everything saved (or the user
/// confirmed quitting without saving, or a signal ended it while saving failed: then a
/// rescue copy is written and the returned note says where).
fn event_loop(
    mut app: App,
    saves: &mut Saves,
    rx: &mpsc::Receiver<Input>,
    mut effects: Vec<Effect>,
    mut draw: impl FnMut(&App) -> Result<()>,
) -> Result<Option<String>> {
    let mut quitting = false;
    // Keys typed before the workspace was read, handled once it is.
    let mut backlog = Vec::new();
    loop {
        quitting |= perform(&mut app, saves, std::mem::take(&mut effects));
        if !app.ctx.save.failing {
            saves.send(&mut app);
        }
        if saves.idle() {
            // A snapshot or report being written is waited for before quitting.
            let files_done = saves.files == 0;
            if quitting && files_done && super::app::may_quit(&mut app) {
                let rescue =
                    app.ctx.save.failing && app.ctx.save.terminating && !app.ctx.save.discard;
                return Ok(rescue.then(|| super::persist::rescue(&app)));
            }
            if files_done {
                quitting = false;
            }
            draw(&app)?;
            if std::mem::take(&mut saves.load) {
                // The saver opens the store meanwhile; what it reads is handled after this.
                let _ = saves.jobs.send(Job::Load);
                if let Some(finish) = saves.finish.take() {
                    finish(&mut app)?;
                }
            }
        }
        // With an editor open, wake once a second to keep its text as a draft.
        let editing = matches!(app.ctx.popups.last(), Some(super::ctx::Popup::Editor(_)));
        let input = if editing {
            match rx.recv_timeout(POLL) {
                Err(mpsc::RecvTimeoutError::Timeout) => Ok(Input::App(Msg::Tick)),
                other => other.map_err(|_| mpsc::RecvError),
            }
        } else {
            rx.recv()
        };
        // The clock is an input: set here, read by the state machine from its context.
        app.ctx.set_now(jiff::Timestamp::now());
        if let Ok(Input::App(msg)) = &input
            && msg.is_file_result()
        {
            saves.files = saves.files.saturating_sub(1);
        }
        match input {
            Ok(Input::App(msg)) if quitting && !msg.is_file_result() => {}
            Ok(Input::App(msg @ (Msg::Key(_) | Msg::Paste(_)))) if app.ctx.loading.is_some() => {
                backlog.push(msg);
            }
            Ok(Input::App(msg @ Msg::Loaded(_))) => {
                effects = update(&mut app, msg);
                if let Some(tx) = saves.start_seq.take() {
                    let _ = tx.send(app.ctx.data.seq);
                }
                for msg in std::mem::take(&mut backlog) {
                    quitting |= perform(&mut app, saves, std::mem::take(&mut effects));
                    effects = update(&mut app, msg);
                }
            }
            Ok(Input::App(msg)) => {
                test_panic(&msg);
                effects = update(&mut app, msg);
            }
            Ok(Input::Saved(result)) => saves.finished(&mut app, result),
            Ok(Input::Opened(Ok(opened))) => saves.opened(&mut app, opened),
            Ok(Input::Opened(Err(e))) => return Err(e),
            Err(_) => return Ok(None),
        }
    }
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

/// Performs effects; true when the app asked to quit. Saves go to the saver thread; each
/// file effect (snapshot, diff, report) runs on a thread of its own and its result comes
/// back as a message, so the screen keeps answering keys meanwhile.
fn perform(app: &mut App, saves: &mut Saves, effects: Vec<Effect>) -> bool {
    let mut quit = false;
    for e in effects {
        match e {
            Effect::Persist => saves.request(app),
            Effect::LoadHistory(t) => {
                let _ = saves.jobs.send(Job::History(t));
            }
            Effect::Quit => quit = true,
            other => {
                if let Some(job) = super::persist::file_job(&app.ctx, other) {
                    saves.files += 1;
                    let inputs = saves.inputs.clone();
                    std::thread::spawn(move || {
                        let _ = inputs.send(Input::App(job()));
                    });
                }
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
    presenter: &mut super::present::Presenter,
    frames: &FrameWriter,
    app: &App,
) -> Result<()> {
    presenter.draw(term, app)?;
    frames.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::StoreError;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    /// Fails its first `fail` saves, then keeps the state; notes a frame drawn mid-save.
    #[derive(Default)]
    struct Flaky {
        fail: usize,
        saves: usize,
        saved: Option<Batch>,
        saving: std::sync::Arc<std::sync::atomic::AtomicBool>,
    }

    impl SessionStore for Flaky {
        fn load(&self) -> Result<Option<crate::tui::data::WorkspaceState>, StoreError> {
            Ok(None)
        }
        fn commit(&mut self, batch: &Batch) -> Result<Committed, StoreError> {
            use std::sync::atomic::Ordering::SeqCst;
            self.saving.store(true, SeqCst);
            std::thread::sleep(std::time::Duration::from_millis(5));
            self.saves += 1;
            let failed = self.saves <= self.fail;
            if !failed {
                self.saved = Some(batch.clone());
            }
            self.saving.store(false, SeqCst);
            if failed {
                return Err(StoreError::ReadOnly {
                    path: "disk full".into(),
                });
            }
            Ok(Committed::default())
        }
    }

    /// Runs the loop with a saver thread, sending the next scripted message after each
    /// frame; returns the status line of every frame drawn.
    fn drive(store: &mut Flaky, script: Vec<Msg>) -> Vec<Option<String>> {
        drive_app(store, crate::synth::wizard_app(20), script).0
    }

    /// [`drive`] on `app`; also returns the exit note.
    fn drive_app(
        store: &mut Flaky,
        app: App,
        script: Vec<Msg>,
    ) -> (Vec<Option<String>>, Option<String>) {
        let saving = store.saving.clone();
        let (tx, rx) = mpsc::channel();
        let mut script = script.into_iter();
        let mut frames = Vec::new();
        let note = std::thread::scope(|scope| {
            let (jobs, job_rx) = mpsc::channel();
            let done = tx.clone();
            scope.spawn(move || saver(store, job_rx, done));
            let mut saves = Saves {
                jobs,
                inputs: tx.clone(),
                files: 0,
                read_only: None,
                in_flight: false,
                start_seq: None,
                watch_later: None,
                open: true,
                load: false,
                finish: None,
            };
            event_loop(app, &mut saves, &rx, Vec::new(), |app| {
                assert!(
                    !saving.load(std::sync::atomic::Ordering::SeqCst),
                    "drawn mid-save"
                );
                frames.push(app.ctx.status.clone());
                if let Some(msg) = script.next() {
                    tx.send(Input::App(msg)).expect("send");
                }
                Ok(())
            })
            .expect("loop")
        });
        (frames, note)
    }

    #[test]
    fn quitting_waits_for_the_save() {
        let mut store = Flaky::default();
        let frames = drive(&mut store, vec![Msg::Terminate]);
        assert_eq!(frames.len(), 1, "{frames:?}");
        assert_eq!(store.saves, 1);
        assert!(store.saved.is_some());
    }

    #[test]
    fn a_failed_save_is_shown_and_quitting_is_refused_until_a_save_succeeds() {
        // Opening the wizard records where the user is: that first batch fails, and so
        // does the one `q` sends, so quitting asks first; `n` stays, and the third `q`
        // writes everything kept in memory and quits.
        let mut store = Flaky {
            fail: 2,
            ..Flaky::default()
        };
        let key = |c| Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        let frames = drive(&mut store, vec![key('q'), key('n'), key('q')]);
        assert_eq!(frames.len(), 3, "{frames:?}");
        for shown in frames.iter().take(2) {
            let shown = shown.clone().unwrap_or_default();
            assert!(shown.starts_with("NOT SAVED"), "{shown}");
        }
        assert_eq!(store.saves, 3);
        let saved = store.saved.expect("the third save went through");
        assert!(
            saved.resume.is_some(),
            "the failed batches were written again"
        );
    }

    #[test]
    fn a_signal_while_saving_fails_exits_with_a_rescue_copy_instead_of_waiting_forever() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut app = crate::synth::wizard_app(20);
        app.ctx.snapshots_dir = dir.path().join("snapshots");
        let mut store = Flaky {
            fail: 99,
            ..Flaky::default()
        };
        let (frames, note) = drive_app(&mut store, app.clone(), vec![Msg::Terminate]);
        assert_eq!(frames.len(), 1, "no frame after the signal: {frames:?}");
        let note = note.expect("a rescue note");
        let rescue_dir = dir.path().join(".clausewise").join("rescue");
        assert!(note.contains(&rescue_dir.display().to_string()), "{note}");
        let file = std::fs::read_dir(&rescue_dir)
            .expect("rescue folder")
            .next()
            .expect("one file")
            .expect("entry")
            .path();
        let saved: crate::store::session::SessionFile =
            serde_json::from_slice(&std::fs::read(&file).expect("read")).expect("a session file");
        assert_eq!(
            saved.state, app.ctx.data.state,
            "every answer in the rescue copy"
        );
    }

    #[test]
    fn changes_committed_during_a_save_are_coalesced_into_one_more() {
        let (jobs, job_rx) = mpsc::channel();
        let mut saves = Saves {
            jobs,
            inputs: mpsc::channel().0,
            files: 0,
            read_only: None,
            in_flight: false,
            start_seq: None,
            watch_later: None,
            open: true,
            load: false,
            finish: None,
        };
        let mut app = crate::synth::wizard_app(5);
        for i in 0..3 {
            app.ctx.data.organization = format!("Org {i}");
            app.ctx.data.touch_meta();
            saves.request(&mut app);
        }
        assert_eq!(job_rx.try_iter().count(), 1, "one save in flight");
        assert!(!saves.idle());
        saves.finished(&mut app, Ok(Committed::default()));
        let rest: Vec<Job> = job_rx.try_iter().collect();
        assert_eq!(rest.len(), 1, "the rest in one save");
        let Some(Job::Commit(batch)) = rest.first() else {
            panic!("a commit");
        };
        assert_eq!(batch.changes.len(), 1, "the organization once, as last set");
        saves.finished(&mut app, Ok(Committed::default()));
        assert!(saves.idle());
        assert_eq!(job_rx.try_iter().count(), 0);
    }

    /// A store that is opened by the shell (as the live workspace is once the first frame
    /// is out) and turns out to be read-only.
    #[derive(Default)]
    struct OpensReadOnly {
        opened: bool,
        commits: usize,
    }

    impl SessionStore for OpensReadOnly {
        fn open(&mut self) -> Result<()> {
            self.opened = true;
            Ok(())
        }
        fn read_only(&self) -> Option<String> {
            self.opened.then(|| "read-only file system".to_string())
        }
        fn load(&self) -> Result<Option<crate::tui::data::WorkspaceState>, StoreError> {
            assert!(self.opened, "read before it was opened");
            Ok(None)
        }
        fn commit(&mut self, _: &Batch) -> Result<Committed, StoreError> {
            self.commits += 1;
            Ok(Committed::default())
        }
    }

    #[test]
    fn a_key_typed_before_the_store_is_open_is_refused_visibly_when_it_is_read_only() {
        let mut store = OpensReadOnly::default();
        let mut app = crate::synth::wizard_app(5);
        app.ctx.loading = Some(crate::tui::msg::Pending {
            start: crate::tui::msg::Start {
                kind: Some(crate::model::Kind::Gap),
                ..Default::default()
            },
            profile: None,
        });
        let (tx, rx) = mpsc::channel();
        // Typed before the first frame: the store is not even open yet.
        let key = Msg::Key(KeyEvent::new(KeyCode::Char('1'), KeyModifiers::NONE));
        tx.send(Input::App(key)).expect("send");
        let mut frames: Vec<(Option<String>, Option<String>)> = Vec::new();
        std::thread::scope(|scope| {
            let (jobs, job_rx) = mpsc::channel();
            let done = tx.clone();
            let store = &mut store;
            scope.spawn(move || saver(store, job_rx, done));
            let mut saves = Saves {
                jobs,
                inputs: tx.clone(),
                files: 0,
                read_only: None,
                in_flight: false,
                start_seq: None,
                watch_later: None,
                open: false,
                load: true,
                finish: None,
            };
            event_loop(app, &mut saves, &rx, Vec::new(), |app| {
                frames.push((app.ctx.read_only.clone(), app.ctx.status.clone()));
                let undone = app
                    .ctx
                    .status
                    .as_deref()
                    .is_some_and(|s| s.contains("undone"));
                if undone {
                    tx.send(Input::App(Msg::Terminate)).expect("send");
                }
                Ok(())
            })
            .expect("loop")
        });
        assert_eq!(store.commits, 0, "nothing written");
        assert_eq!(
            frames[0].0, None,
            "the first frame does not wait for the store"
        );
        // From the frame after the store opened on, every frame says read-only (the view
        // shows `read_only` whenever no other status is up).
        let known = frames.iter().position(|f| f.0.is_some()).expect("said");
        assert!(frames[known..].iter().all(|f| f.0.is_some()), "{frames:?}");
        let notice = frames[known].1.as_deref().unwrap_or_default();
        assert!(notice.starts_with("READ-ONLY"), "{notice}");
        let last = frames.last().and_then(|f| f.1.clone()).unwrap_or_default();
        assert!(
            last.contains("undone"),
            "the key was refused visibly: {last}"
        );
    }

    #[test]
    fn read_only_saves_nothing_and_undoes_the_change_visibly() {
        let (jobs, job_rx) = mpsc::channel();
        let mut saves = Saves {
            jobs,
            inputs: mpsc::channel().0,
            files: 0,
            read_only: Some("read-only file system".into()),
            in_flight: false,
            start_seq: None,
            watch_later: None,
            open: true,
            load: false,
            finish: None,
        };
        let mut app = crate::synth::wizard_app(5);
        app.ctx.read_only = Some("read-only file system".into());
        let before = app.ctx.data.state.clone();
        app.ctx.data.organization = "Changed".into();
        app.ctx.data.touch_meta();
        saves.request(&mut app);
        let jobs: Vec<Job> = job_rx.try_iter().collect();
        assert!(
            matches!(jobs.as_slice(), [Job::Reload]),
            "no commit, a reload"
        );
        assert!(!app.ctx.data.is_dirty());
        let stored =
            crate::tui::data::WorkspaceState::from_session(before.clone(), &Default::default());
        update(&mut app, Msg::Reverted(Ok(Box::new(stored))));
        assert_eq!(app.ctx.data.state, before, "the refused change is undone");
        assert!(
            app.ctx
                .status
                .as_deref()
                .is_some_and(|s| s.starts_with("READ-ONLY"))
        );
    }

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
