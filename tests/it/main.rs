//! Integration tests, built as one binary.

mod cli;
mod content;
mod diff_examples;
mod exchange;
mod fire;
mod fixture;
mod fsfaults;
mod fuzz_regress;
mod golden;
mod hostile;
mod perf_pty;
mod props;
mod pty_faults;
mod pty_signals;
mod report;
mod schema;
mod score;
mod sizes;
mod snapshot_cli;
mod store;
mod tui;
mod tui_ascii;
mod tui_forms;
mod tui_pty;
mod tui_views;
mod validate;
