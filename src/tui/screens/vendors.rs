//! The vendor comparison: every live vendor's due-diligence score, for a vendors × domains
//! heatmap with tier, knock-outs and missing or expired evidence.

use jiff::civil::Date;

use crate::catalog::Catalog;
use crate::model::Kind;
use crate::scoring::{ScoreOptions, VendorScore, score_vendor};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::component::{Component, Go, Outcome};
use crate::tui::ctx::Ctx;
use crate::tui::data::WorkspaceState;
use crate::tui::keymap::{Action, Scope};
use crate::tui::view::theme::Theme;

/// State of the vendor comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct VendorsState {
    /// Vendor under the cursor.
    pub cursor: usize,
    /// The date evidence expiry is checked against.
    pub as_of: Date,
    /// Every live vendor scored, with its name: built when the screen opens and when the
    /// workspace changes.
    pub vendors: super::ScoredList<VendorScore>,
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
    super::live_subjects(catalog, data, Kind::Vendor, opts, |q, a, p, s, o| {
        score_vendor(q, a, p, Some(s), o)
    })
}

impl Component for VendorsState {
    fn scopes(&self) -> Vec<Scope> {
        vec![Scope::Vendors, Scope::Global]
    }

    /// Moves between vendors, goes back.
    fn update(&mut self, _: &mut Ctx, action: Action, _: &KeyEvent) -> Outcome {
        let last = self.vendors.len().saturating_sub(1);
        if super::move_in_list(&mut self.cursor, action, last) {
            return Outcome::none();
        }
        match action {
            Action::Back => Outcome::go(Go::Home),
            _ => Outcome::none(),
        }
    }

    /// Scores every live vendor once per change of the workspace.
    fn refresh(&mut self, ctx: &mut Ctx) {
        self.vendors = live_vendors(&ctx.catalog, &ctx.data, self.as_of).into();
        self.cursor = self.cursor.min(self.vendors.len().saturating_sub(1));
    }

    fn view(&self, ctx: &Ctx, f: &mut Frame, area: Rect, theme: &Theme) {
        crate::tui::view::vendors::draw(ctx, self, f, area, theme);
    }
}
