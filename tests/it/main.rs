//! Integration tests, built as one binary.

mod cli;
mod content;
mod schema;
mod score;
mod tui;
mod tui_pty;
mod validate;
