//! The AIIA risk matrix: live AIIA scores of the AI systems, one system or all of them, and
//! the 5×5 likelihood × severity counts before and after controls.

use jiff::civil::Date;

use crate::catalog::Catalog;
use crate::model::Kind;
use crate::scoring::{AiiaScore, ImpactScore, ScoreOptions, score_aiia_with};

use crate::tui::data::WorkspaceState;

/// State of the risk matrix screen.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskState {
    /// `None`: all AI systems; `Some(i)`: the i-th scored AIIA.
    pub system: Option<usize>,
    /// The date review checks are made against.
    pub as_of: Date,
    /// The cell under the cursor: (likelihood, severity), each 1–5.
    pub cell: (i64, i64),
    /// When the cell's impacts are listed: the impact under the list cursor.
    pub list: Option<usize>,
    /// Every live AI system's scored impact assessment, with its name: built when the
    /// screen opens and when the workspace changes.
    pub aiias: crate::tui::screens::ScoredList<AiiaScore>,
}

/// One impact in a cell, for the list: which system, which entry, before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct CellImpact<'a> {
    /// The AI system's name.
    pub system: &'a str,
    /// The AI system's subject id.
    pub subject: &'a str,
    /// The impact.
    pub impact: &'a ImpactScore,
}

impl RiskState {
    /// All systems, the cursor on the highest cell (likelihood 5, severity 5).
    pub fn new(as_of: Date) -> RiskState {
        RiskState {
            system: None,
            as_of,
            cell: (5, 5),
            list: None,
            aiias: Default::default(),
        }
    }

    /// Moves the cell cursor (clamped to the 5×5 grid).
    pub fn step(&mut self, dl: i64, ds: i64) {
        self.cell = (
            (self.cell.0 + dl).clamp(1, 5),
            (self.cell.1 + ds).clamp(1, 5),
        );
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
    crate::tui::screens::live_subjects(catalog, data, Kind::Aiia, opts, |q, a, p, s, o| {
        score_aiia_with(q, a, p, Some(s), o)
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

/// The selected systems' impacts whose inherent or residual rating is the cell under the
/// cursor, in system then register order.
pub fn impacts_in<'a>(aiias: &'a [(String, AiiaScore)], s: &RiskState) -> Vec<CellImpact<'a>> {
    let at = |r: &Option<crate::scoring::RiskScore>| {
        r.as_ref()
            .is_some_and(|r| (r.likelihood, r.severity) == s.cell)
    };
    aiias
        .iter()
        .enumerate()
        .filter(|(i, _)| s.system.is_none_or(|k| k == *i))
        .flat_map(|(_, (name, a))| {
            a.impacts
                .iter()
                .filter(|i| at(&i.inherent) || at(&i.residual))
                .map(|impact| CellImpact {
                    system: name,
                    subject: &a.subject,
                    impact,
                })
        })
        .collect()
}

fn add(into: &mut [[u32; 5]; 5], m: &[Vec<u32>]) {
    for (row, src) in into.iter_mut().zip(m) {
        for (cell, n) in row.iter_mut().zip(src) {
            *cell += n;
        }
    }
}
