//! Bytes-per-keystroke budgets, measured on the real binary in a pseudo-terminal (see
//! `tests/support/pty_bytes.rs`; `cargo run --release --example pty_bytes` prints the
//! numbers). Asserts: nothing is written and no CPU is used while idle, every frame is one
//! synchronized update, and the keystroke / resize budgets of `docs/performance.md`.

use std::path::Path;
use std::time::Duration;

#[path = "../support/pty_bytes.rs"]
mod pty_bytes;

use pty_bytes::{App, one_synchronized_frame};

const DOWN: &[u8] = b"\x1b[B";

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_clausewise"))
}

#[test]
fn idle_writes_nothing_and_frames_are_synchronized_and_within_budget() {
    let dir = tempfile::tempdir().expect("tempdir");
    pty_bytes::workspace(dir.path());
    let mut app = App::spawn(bin(), dir.path(), 80, 24);

    // Idle: not a byte, (almost) no CPU.
    let before = app.cpu_ticks();
    let idle = app.idle(Duration::from_secs(2));
    let ticks = app.cpu_ticks() - before;
    assert!(idle.is_empty(), "idle wrote {} bytes", idle.len());
    assert!(ticks <= 2, "idle used {ticks} clock ticks of CPU in 2 s");

    // Next question at 80×24.
    let next = app.send(DOWN);
    assert!(one_synchronized_frame(&next), "{next:?}");
    assert!(
        next.len() <= 1536,
        "next question wrote {} bytes",
        next.len()
    );

    // Up at the first question changes nothing: not a byte is written, twice over.
    app.send(b"g");
    for _ in 0..2 {
        let edge = app.send(b"k");
        assert!(
            edge.is_empty(),
            "a key at a boundary wrote {} bytes: {:?}",
            edge.len(),
            String::from_utf8_lossy(&edge)
        );
    }

    // Full repaints on resize.
    let big = app.resize(200, 60);
    assert!(one_synchronized_frame(&big), "{big:?}");
    assert!(
        big.len() <= 24 * 1024,
        "200×60 repaint: {} bytes",
        big.len()
    );
    let small = app.resize(80, 24);
    assert!(one_synchronized_frame(&small), "{small:?}");
    assert!(
        small.len() <= 6 * 1024,
        "80×24 repaint: {} bytes",
        small.len()
    );
    app.quit();
}
