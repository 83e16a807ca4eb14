//! clausewise: ISO/IEC 42001:2023 gap assessments, AI system impact assessments and AI vendor
//! due diligence in the terminal.
//!
//! A pure core (`model`, `catalog`, `scoring`, `seal`, `diff`, `report`) wrapped by thin shells:
//! `store` is the only module that touches the disk, `tui` the only one that touches the
//! terminal, and `cli` parses arguments and renders results.
//!
//! No code outside tests may panic on input data: `unwrap`, `expect` and indexing that can
//! panic are denied here and allowed only in `#[cfg(test)]` code.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
#![cfg_attr(
    test,
    allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

pub mod catalog;
pub mod cli;
pub mod clock;
pub mod diff;
pub mod model;
pub mod report;
pub mod sanitize;
pub mod scoring;
pub mod seal;
pub mod store;
#[doc(hidden)]
pub mod synth;
pub mod tui;
