//! The vendor comparison: every live vendor's due-diligence score, for a vendors × domains
//! heatmap with tier, knock-outs and missing or expired evidence.

use jiff::civil::Date;

use crate::catalog::Catalog;
use crate::model::Kind;
use crate::scoring::{ScoreOptions, VendorScore, score_vendor};
use crate::tui::app::{App, Screen};
use crate::tui::data::WorkspaceState;
use crate::tui::keymap::Action;
use crate::tui::msg::Effect;

/// State of the vendor comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorsState {
    /// Vendor under the cursor.
    pub cursor: usize,
    /// The date evidence expiry is checked against.
    pub as_of: Date,
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
    super::live_subjects(catalog, data, Kind::Vendor, opts, |q, a, p, s, o| {
        score_vendor(q, a, p, Some(s), o)
    })
}

/// Opens the comparison, as of today.
pub fn open(app: &mut App) {
    let as_of = jiff::tz::TimeZone::UTC
        .to_datetime(jiff::Timestamp::now())
        .date();
    app.screen = Screen::Vendors(Box::new(VendorsState { cursor: 0, as_of }));
}

/// Moves between vendors, goes back.
pub fn action(app: &mut App, action: Action) -> Vec<Effect> {
    let Screen::Vendors(s) = &app.screen else {
        return Vec::new();
    };
    let last = (app
        .ctx
        .scored
        .vendors(&app.ctx.catalog, &app.ctx.data, s.as_of)
        .len())
    .saturating_sub(1);
    let Screen::Vendors(s) = &mut app.screen else {
        return Vec::new();
    };
    if super::move_in_list(&mut s.cursor, action, last) {
        return Vec::new();
    }
    if action == Action::Back {
        app.screen = Screen::Home(Default::default());
    }
    Vec::new()
}
