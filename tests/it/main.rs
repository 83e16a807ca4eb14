//! Integration tests, built as one binary.

mod cli;
mod content;
mod diff_examples;
mod exchange;
mod fixture;
mod golden;
mod perf_pty;
mod report;
mod schema;
mod score;
mod snapshot_cli;
mod store;
mod tui;
mod tui_pty;
mod validate;
