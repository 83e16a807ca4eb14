//! Integration tests, built as one binary.

mod cli;
mod content;
mod schema;
mod tui;
mod tui_pty;
mod validate;
