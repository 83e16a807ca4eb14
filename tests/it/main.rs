//! Integration tests, built as one binary.

mod cli;
mod schema;
mod validate;
