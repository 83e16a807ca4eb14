//! The AIIA risk matrix: live AIIA scores of the AI systems, one system or all of them, and
//! the 5×5 likelihood × severity counts before and after controls.

use jiff::civil::Date;

use crate::catalog::Catalog;
use crate::model::Kind;
use crate::scoring::{AiiaScore, ScoreOptions, score_aiia};
use crate::tui::app::{App, Effect, Screen};
use crate::tui::data::WorkspaceState;
use crate::tui::keymap::Action;

/// State of the risk matrix screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskState {
    /// `None`: all AI systems; `Some(i)`: the i-th scored AIIA.
    pub system: Option<usize>,
    /// The date review checks are made against.
    pub as_of: Date,
}

impl RiskState {
    /// All systems.
    pub fn new(as_of: Date) -> RiskState {
        RiskState {
            system: None,
            as_of,
        }
    }

    /// All → each system → all.
    pub fn cycle(&mut self, systems: usize) {
        self.system = match self.system {
            None if systems > 0 => Some(0),
            Some(i) if i + 1 < systems => Some(i + 1),
            _ => None,
        };
    }
}

/// Scores every live (not retired) AI system's AIIA, with the system's name.
pub fn live_aiias(
    catalog: &Catalog,
    data: &WorkspaceState,
    as_of: Date,
) -> Vec<(String, AiiaScore)> {
    let opts = ScoreOptions {
        as_of,
        weighted: true,
    };
    super::live_subjects(catalog, data, Kind::Aiia, opts, |q, a, p, s, o| {
        score_aiia(q, a, p, Some(s), o)
    })
}

/// The selected AIIAs' matrices summed: (inherent, residual), `[likelihood-1][severity-1]`.
pub fn matrices(aiias: &[(String, AiiaScore)], s: &RiskState) -> ([[u32; 5]; 5], [[u32; 5]; 5]) {
    let mut inherent = [[0; 5]; 5];
    let mut residual = [[0; 5]; 5];
    let chosen = aiias
        .iter()
        .enumerate()
        .filter(|(i, _)| s.system.is_none_or(|k| k == *i));
    for (_, (_, a)) in chosen {
        add(&mut inherent, &a.matrix_inherent);
        add(&mut residual, &a.matrix_residual);
    }
    (inherent, residual)
}

fn add(into: &mut [[u32; 5]; 5], m: &[Vec<u32>]) {
    for (row, src) in into.iter_mut().zip(m) {
        for (cell, n) in row.iter_mut().zip(src) {
            *cell += n;
        }
    }
}

/// Opens the matrix on all systems, as of today.
pub fn open(app: &mut App) {
    let today = jiff::tz::TimeZone::UTC
        .to_datetime(jiff::Timestamp::now())
        .date();
    app.screen = Screen::Risk(Box::new(RiskState::new(today)));
}

/// Cycles the system, goes back.
pub fn action(app: &mut App, action: Action) -> Vec<Effect> {
    let Screen::Risk(s) = &app.screen else {
        return Vec::new();
    };
    let n = live_aiias(&app.catalog, &app.data, s.as_of).len();
    let Screen::Risk(s) = &mut app.screen else {
        return Vec::new();
    };
    match action {
        Action::NextFilter => s.cycle(n),
        Action::Back => app.screen = Screen::Home(Default::default()),
        _ => {}
    }
    Vec::new()
}
