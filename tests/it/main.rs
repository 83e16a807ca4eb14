//! Integration tests, built as one binary.

mod cli;
mod diff_examples;
mod schema;
mod snapshot_cli;
mod store;
mod validate;
