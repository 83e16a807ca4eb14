//! Answers + questionnaire + profile → scorecard, heatmap, risk tiers, Statement of
//! Applicability and remediation plan. Pure functions; no I/O.
//!
//! `docs/scoring.md` explains every rule with a worked example.

/// The version of the scoring rules, recorded in each snapshot next to the scorecard it
/// computed. Raise it whenever a change to the rules (weights, roll-ups, bands, tiers) can
/// change a scorecard computed from the same answers, so reports can say why a stored
/// scorecard differs from today's figures.
pub const RULES_VERSION: u32 = 1;

pub mod aiia;
pub mod applicability;
pub mod bands;
pub mod consistency;
pub mod gap;
pub mod heatmap;
pub mod inventory;
pub mod prepared;
pub mod question;
pub mod remediation;
pub mod rollup;
pub mod snapshot;
pub mod soa;
pub mod specificity;
pub mod tree;
pub mod vendor;
pub mod weights;

#[cfg(test)]
mod proptests;
#[cfg(test)]
pub(crate) mod testkit;

/// The exclusion and justification rules answers are checked against live in
/// [`crate::model::exclusion`]; scoring applies them.
pub use crate::model::exclusion;
/// The score types are persisted in snapshots, so they live in [`crate::model::score`];
/// scoring produces them and re-exports them under its own name.
pub use crate::model::score::*;
pub use aiia::{score_aiia, score_aiia_with};
pub use applicability::{Applicability, QuestionIndex};
pub use gap::{score_gap, score_gap_with};
pub use heatmap::{crosswalk, heatmap_rows};
pub use prepared::Prepared;
pub use snapshot::{score_snapshot, unknown_questionnaires};
pub use tree::{ScoreOptions, ScoredTree, score_tree, score_tree_with};
pub use vendor::{score_vendor, score_vendor_with};
