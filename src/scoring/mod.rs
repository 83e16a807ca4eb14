//! Answers + questionnaire + profile → scorecard, heatmap, risk tiers, Statement of
//! Applicability and remediation plan. Pure functions; no I/O.

pub mod types;

pub use types::*;
