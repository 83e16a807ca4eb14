//! Integration tests, built as one binary.

mod cli;
mod content;
mod exchange;
mod fixture;
mod golden;
mod report;
mod schema;
mod validate;
