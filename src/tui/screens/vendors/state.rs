//! The vendor comparison: every live vendor's due-diligence score, for a vendors × domains
//! heatmap with tier, knock-outs and missing or expired evidence.

use jiff::civil::Date;

use crate::catalog::Catalog;
use crate::model::Kind;
use crate::scoring::{ScoreOptions, VendorScore, score_vendor_with};

use crate::tui::data::WorkspaceState;

/// State of the vendor comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct VendorsState {
    /// Vendor under the cursor.
    pub cursor: usize,
    /// The date evidence expiry is checked against.
    pub as_of: Date,
    /// Every live vendor scored, with its name: built when the screen opens and when the
    /// workspace changes.
    pub vendors: crate::tui::screens::ScoredList<VendorScore>,
}

impl VendorsState {
    /// The comparison as of `as_of`, cursor on the first vendor (scored on refresh).
    pub fn new(as_of: Date) -> VendorsState {
        VendorsState {
            cursor: 0,
            as_of,
            vendors: Default::default(),
        }
    }
}

/// Scores every live vendor, with its name.
pub fn live_vendors(
    catalog: &Catalog,
    data: &WorkspaceState,
    as_of: Date,
) -> Vec<(String, VendorScore)> {
    let opts = ScoreOptions {
        as_of,
        weighted: true,
    };
    crate::tui::screens::live_subjects(catalog, data, Kind::Vendor, opts, |q, a, p, s, o| {
        score_vendor_with(q, a, p, Some(s), o)
    })
}
