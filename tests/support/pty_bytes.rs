//! Runs the real binary in a pseudo-terminal and counts what it writes to the terminal per
//! key. Shared by the `perf_pty` test (budgets asserted) and the `pty_bytes` example (a
//! table of numbers). Nothing here touches the app's code: bytes are counted on the pty's
//! master side, exactly what an SSH client would receive.

#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use expectrl::Session;

/// Start of a synchronized update (DEC private mode 2026).
pub const SYNC_BEGIN: &[u8] = b"\x1b[?2026h";
/// End of a synchronized update.
pub const SYNC_END: &[u8] = b"\x1b[?2026l";

type Pty = expectrl::session::OsSession;

/// Questions in the workspace questionnaire the harness opens.
pub const QUESTIONS: usize = 1_000;

/// Writes a workspace whose gap questionnaire is a synthetic `QUESTIONS`-question one (it
/// overrides the built-in by id, so `assess gap` opens it).
pub fn workspace(dir: &Path) {
    clausewise::store::Workspace::init(dir).expect("workspace");
    std::fs::write(
        dir.join("questionnaires/iso42001-gap.json"),
        clausewise::synth::questionnaire_json("iso42001-gap", QUESTIONS),
    )
    .expect("questionnaire");
}

/// A running app in a pty and everything it has written so far.
pub struct App {
    pub pty: Pty,
    pub out: Vec<u8>,
    pub spawned: Instant,
    /// Time from spawn to the end of the first complete frame.
    pub first: Duration,
    /// Of that, the time until the child had exec'd (the harness's fork, the pty set-up and
    /// `execve` itself; the spawn returns once the exec went through).
    pub execd: Duration,
}

/// Occurrences of `needle` in `hay`.
pub fn count(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

impl App {
    /// Spawns `bin --workspace ws assess gap` in a `cols`×`rows` pty and waits for the first
    /// complete frame.
    pub fn spawn(bin: &Path, ws: &Path, cols: u16, rows: u16) -> App {
        let mut cmd = Command::new(bin);
        cmd.arg("--workspace")
            .arg(ws)
            .args(["assess", "gap"])
            .env("NO_COLOR", "1")
            .env("TERM", "xterm-256color");
        App::spawn_command(cmd, cols, rows)
    }

    /// Spawns `cmd` in a `cols`×`rows` pty and waits for the first complete frame (the
    /// clock starts just before the fork).
    pub fn spawn_command(cmd: Command, cols: u16, rows: u16) -> App {
        let spawned = Instant::now();
        let mut pty = Session::spawn(cmd).expect("spawn in a pty");
        let execd = spawned.elapsed();
        pty.get_process_mut()
            .set_window_size(cols, rows)
            .expect("window size");
        let mut app = App {
            pty,
            out: Vec::new(),
            spawned,
            first: Duration::ZERO,
            execd,
        };
        app.until_frame(Duration::from_secs(10));
        app.first = spawned.elapsed();
        // The first frame may say the workspace is being read: wait for the screen it
        // turns into, so what follows measures keys, not start-up.
        let deadline = Instant::now() + Duration::from_secs(30);
        while count(&app.out, b"Reading") > 0
            && count(&app.out, SYNC_END) < 2
            && Instant::now() < deadline
        {
            app.drain();
            std::thread::sleep(Duration::from_millis(1));
        }
        app
    }

    /// Time from spawn to the end of the first complete frame, and of that until the child
    /// had exec'd.
    pub fn first_frame(bin: &Path, ws: &Path, cols: u16, rows: u16) -> (Duration, Duration) {
        let app = App::spawn(bin, ws, cols, rows);
        let t = (app.first, app.execd);
        app.quit();
        t
    }

    fn drain(&mut self) -> usize {
        let mut buf = [0u8; 65536];
        let mut n = 0;
        while let Ok(k) = self.pty.try_read(&mut buf) {
            if k == 0 {
                break;
            }
            self.out.extend_from_slice(&buf[..k]);
            n += k;
        }
        n
    }

    /// Blocks until the pty master has bytes to read (or `limit` passes): `poll(2)` wakes
    /// as soon as the child writes, so the harness adds no polling delay of its own.
    fn wait_readable(&self, limit: Duration) {
        use std::os::fd::AsRawFd as _;
        let mut fd = libc::pollfd {
            fd: self.pty.get_stream().as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        let ms = limit.as_millis().clamp(1, i32::MAX as u128) as i32;
        // SAFETY: one valid pollfd, for the duration of the call.
        unsafe { libc::poll(&mut fd, 1, ms) };
    }

    /// Reads until a frame ends (returns when one has, or after `limit`).
    fn until_frame(&mut self, limit: Duration) {
        let start = self.out.len();
        let deadline = Instant::now() + limit;
        loop {
            self.drain();
            if count(&self.out[start..], SYNC_END) > 0 {
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            self.wait_readable(left);
        }
    }

    /// Reads for `quiet` after the last byte (at least `quiet` in all).
    fn settle(&mut self, quiet: Duration) {
        let mut last = Instant::now();
        while last.elapsed() < quiet {
            if self.drain() > 0 {
                last = Instant::now();
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Sends `keys` and returns the bytes written in answer (everything until 150 ms of
    /// silence after a frame, or 400 ms of silence when nothing comes).
    pub fn send(&mut self, keys: &[u8]) -> Vec<u8> {
        self.settle(Duration::from_millis(50));
        let start = self.out.len();
        self.pty.write_all(keys).expect("send keys");
        self.pty.flush().expect("flush");
        self.until_frame(Duration::from_millis(400));
        self.settle(Duration::from_millis(150));
        self.out[start..].to_vec()
    }

    /// Resizes the pty and returns the bytes of the repaint.
    pub fn resize(&mut self, cols: u16, rows: u16) -> Vec<u8> {
        self.settle(Duration::from_millis(50));
        let start = self.out.len();
        self.pty
            .get_process_mut()
            .set_window_size(cols, rows)
            .expect("window size");
        self.until_frame(Duration::from_secs(2));
        self.settle(Duration::from_millis(150));
        self.out[start..].to_vec()
    }

    /// Bytes written while idle for `d`.
    pub fn idle(&mut self, d: Duration) -> Vec<u8> {
        self.settle(Duration::from_millis(50));
        let start = self.out.len();
        let end = Instant::now() + d;
        while Instant::now() < end {
            self.drain();
            std::thread::sleep(Duration::from_millis(20));
        }
        self.out[start..].to_vec()
    }

    /// utime + stime of the process, in clock ticks (`/proc/PID/stat` fields 14 and 15).
    pub fn cpu_ticks(&self) -> u64 {
        let pid = self.pty.get_process().pid();
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("stat");
        // Fields after the command name (which is in parentheses and may hold spaces).
        let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
        let f: Vec<&str> = rest.split_whitespace().collect();
        // rest starts at field 3 (state), so field 14 is f[11] and 15 is f[12].
        f[11].parse::<u64>().unwrap_or(0) + f[12].parse::<u64>().unwrap_or(0)
    }

    /// Quits with `q` and waits for the process.
    pub fn quit(mut self) {
        let _ = self.pty.write_all(b"q");
        let _ = self.pty.flush();
        self.settle(Duration::from_millis(50));
        let pid = self.pty.get_process().pid().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let _ = self.pty.get_process().wait();
    }
}

/// Whether `frame` is exactly one synchronized update: it starts with `SYNC_BEGIN`, ends
/// with `SYNC_END`, and holds no other markers.
pub fn one_synchronized_frame(frame: &[u8]) -> bool {
    frame.starts_with(SYNC_BEGIN)
        && frame.ends_with(SYNC_END)
        && count(frame, SYNC_BEGIN) == 1
        && count(frame, SYNC_END) == 1
}

/// What the terminal would show changing: the frame without the synchronized update
/// markers, a bare cursor hide and the style resets that ratatui emits on every draw.
pub fn visible(frame: &[u8]) -> Vec<u8> {
    let mut v = frame.to_vec();
    let noise: [&[u8]; 8] = [
        SYNC_BEGIN,
        SYNC_END,
        b"\x1b[?25l",
        b"\x1b[39m",
        b"\x1b[49m",
        b"\x1b[59m",
        b"\x1b[0m",
        b"\x1b[m",
    ];
    for m in noise {
        while let Some(i) = v.windows(m.len()).position(|w| w == m) {
            v.drain(i..i + m.len());
        }
    }
    v
}
