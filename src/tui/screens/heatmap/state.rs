//! The clause heatmap: state (cursor, weights, crosswalk pivot) and the pure view model built
//! from the live workspace answers by [`build`]. No terminal here; tests build it directly.

use std::collections::HashSet;

use jiff::civil::Date;

use crate::catalog::Catalog;
use crate::model::ReadinessBand;
use crate::scoring::bands::{assign, band_of, bands_or_default};
use crate::scoring::rollup::{Tally, node_status};
use crate::scoring::{
    NodeScore, NodeStatus, ScoreOptions, ScoredTree, crosswalk, heatmap_rows, score_tree,
};

use crate::tui::data::WorkspaceState;

/// The frameworks the pivot cycles through: (mapping framework id, display name).
pub const PIVOTS: &[(&str, &str)] = &[
    ("eu-ai-act", "EU AI Act"),
    ("nist-ai-rmf", "NIST AI RMF"),
    ("iso27001", "ISO/IEC 27001"),
    ("soc2", "SOC 2"),
];

/// Cursor and lens of the heatmap screen.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatmapState {
    /// Row under the cursor.
    pub row: usize,
    /// Cell under the cursor within the row.
    pub col: usize,
    /// Whether question and profile weights are applied.
    pub weighted: bool,
    /// `None`: ISO/IEC 42001 clauses; `Some(i)`: regrouped by `PIVOTS[i]`.
    pub pivot: Option<usize>,
    /// The date overdue checks are made against.
    pub as_of: Date,
    /// What it draws, built when it opens, when the lens or weights change and when the
    /// workspace does.
    pub model: std::sync::Arc<Result<HeatmapModel, String>>,
}

impl HeatmapState {
    /// A heatmap at the first cell, weighted, on the ISO/IEC 42001 clauses.
    pub fn new(as_of: Date) -> HeatmapState {
        HeatmapState {
            row: 0,
            col: 0,
            weighted: true,
            pivot: None,
            as_of,
            model: std::sync::Arc::new(Err("not scored yet".into())),
        }
    }

    /// The next lens: 42001 → each framework in turn → back to 42001.
    pub fn cycle_pivot(&mut self) {
        self.pivot = match self.pivot {
            None => Some(0),
            Some(i) if i + 1 < PIVOTS.len() => Some(i + 1),
            Some(_) => None,
        };
        self.row = 0;
        self.col = 0;
    }

    /// Name of the current lens.
    pub fn lens(&self) -> &'static str {
        self.pivot
            .and_then(|i| PIVOTS.get(i))
            .map_or("ISO/IEC 42001", |p| p.1)
    }

    /// Moves the cursor by rows and cells, kept inside `model`.
    pub fn step(&mut self, model: &HeatmapModel, drow: isize, dcol: isize) {
        let last_row = model.rows.len().saturating_sub(1);
        self.row = self.row.saturating_add_signed(drow).min(last_row);
        let len = model.rows.get(self.row).map_or(0, |r| r.cells.len());
        self.col = self
            .col
            .saturating_add_signed(dcol)
            .min(len.saturating_sub(1));
    }
}

/// One cell: a sub-clause, control or framework reference.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Short label (the reference).
    pub label: String,
    /// Its score.
    pub node: NodeScore,
}

/// One row: a clause, Annex A group or framework group.
#[derive(Debug, Clone, PartialEq)]
pub struct GridRow {
    /// Short label (`4`, `A.6`, `Art. 9`, `GOVERN 1`).
    pub label: String,
    /// Title.
    pub title: String,
    /// Row readiness (unanswered counted as 0).
    pub readiness: f64,
    /// The row's readiness band id, if it has one.
    pub band: Option<String>,
    /// The cells.
    pub cells: Vec<Cell>,
}

/// Everything the heatmap draws.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatmapModel {
    /// The gap questionnaire's id.
    pub questionnaire: String,
    /// Overall roll-up.
    pub overall: NodeScore,
    /// The rows.
    pub rows: Vec<GridRow>,
    /// The readiness bands (the questionnaire's, else the built-in ones), lowest first.
    pub bands: Vec<ReadinessBand>,
}

impl HeatmapModel {
    /// The cell under the cursor.
    pub fn cell(&self, s: &HeatmapState) -> Option<&Cell> {
        self.rows.get(s.row).and_then(|r| r.cells.get(s.col))
    }
}

/// Scores the live gap assessment and lays it out for the current lens.
pub fn build(
    catalog: &Catalog,
    data: &WorkspaceState,
    s: &HeatmapState,
) -> Result<HeatmapModel, String> {
    let (q, profile, a) = crate::tui::screens::gap_inputs(catalog, data)?;
    let opts = ScoreOptions {
        as_of: s.as_of,
        weighted: s.weighted,
    };
    let tree = score_tree(q, &a, &profile, None, opts);
    let bands = bands_or_default(&q.scoring.bands);
    let mut rows = match s.pivot.and_then(|i| PIVOTS.get(i)) {
        None => clause_rows(&tree),
        Some((framework, _)) => pivot_rows(&tree, framework),
    };
    for r in &mut rows {
        r.cells.iter_mut().for_each(|c| assign(&bands, &mut c.node));
    }
    let mut overall = tree.overall().node("overall", None, "Overall");
    assign(&bands, &mut overall);
    Ok(HeatmapModel {
        questionnaire: q.id.clone(),
        overall,
        rows,
        bands,
    })
}

fn clause_rows(tree: &ScoredTree<'_>) -> Vec<GridRow> {
    heatmap_rows(tree)
        .into_iter()
        .map(|r| GridRow {
            label: r.node.label().to_string(),
            title: r.node.title.to_string(),
            readiness: r.node.readiness,
            band: band_id(tree, r.node.status, r.node.readiness),
            cells: r
                .cells
                .into_iter()
                .map(|n| Cell {
                    label: n.label().to_string(),
                    node: n,
                })
                .collect(),
        })
        .collect()
}

/// The crosswalk's references grouped into rows by [`group_of`], in crosswalk order.
fn pivot_rows(tree: &ScoredTree<'_>, framework: &str) -> Vec<GridRow> {
    let mut rows: Vec<GridRow> = Vec::new();
    for (reference, node) in crosswalk(tree, framework) {
        let group = group_of(&reference);
        let cell = Cell {
            label: reference,
            node,
        };
        match rows.iter_mut().find(|r| r.label == group) {
            Some(r) => r.cells.push(cell),
            None => rows.push(GridRow {
                title: group.clone(),
                label: group,
                readiness: 0.0,
                band: None,
                cells: vec![cell],
            }),
        }
    }
    for r in &mut rows {
        let t = union_tally(tree, &r.cells);
        r.readiness = t.readiness();
        r.band = band_id(tree, node_status(&t.counts), r.readiness);
    }
    rows
}

/// The band id of a row with this status and readiness, on the questionnaire's bands.
fn band_id(tree: &ScoredTree<'_>, status: NodeStatus, readiness: f64) -> Option<String> {
    let bands = bands_or_default(&tree.questionnaire.scoring.bands);
    band_of(&bands, status, readiness).map(|b| b.id.clone())
}

/// The questions behind `cells`, each counted once.
fn union_tally(tree: &ScoredTree<'_>, cells: &[Cell]) -> Tally {
    let ids: HashSet<&str> = cells
        .iter()
        .flat_map(|c| c.node.questions.iter().map(|q| &**q))
        .collect();
    let mut t = Tally::default();
    for it in tree.items.iter().filter(|i| ids.contains(&*i.score.id)) {
        t.add(&it.score);
    }
    t
}

/// The row a framework reference belongs to: cut at `(`, then at the first `.` that follows
/// a digit. `Art. 10(2)(b)` → `Art. 10`, `GOVERN 1.2` → `GOVERN 1`, `CC6.1` → `CC6`,
/// `6.1.2` → `6`, `A.5.1` → `A.5`.
pub fn group_of(reference: &str) -> String {
    let base = reference.split('(').next().unwrap_or(reference);
    let mut prev_digit = false;
    for (i, ch) in base.char_indices() {
        if ch == '.' && prev_digit {
            return base[..i].trim().to_string();
        }
        prev_digit = ch.is_ascii_digit();
    }
    base.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_framework_references() {
        assert_eq!(group_of("Art. 10(2)(b)"), "Art. 10");
        assert_eq!(group_of("Art. 9"), "Art. 9");
        assert_eq!(group_of("GOVERN 1.2"), "GOVERN 1");
        assert_eq!(group_of("CC6.1"), "CC6");
        assert_eq!(group_of("6.1.2"), "6");
        assert_eq!(group_of("A.5.1"), "A.5");
        assert_eq!(group_of("Annex IV"), "Annex IV");
    }

    #[test]
    fn pivot_cycles_through_every_framework_and_back() {
        let mut s = HeatmapState::new(Date::constant(2026, 1, 1));
        let mut seen = vec![s.lens()];
        for _ in 0..PIVOTS.len() + 1 {
            s.cycle_pivot();
            seen.push(s.lens());
        }
        assert_eq!(
            seen,
            [
                "ISO/IEC 42001",
                "EU AI Act",
                "NIST AI RMF",
                "ISO/IEC 27001",
                "SOC 2",
                "ISO/IEC 42001"
            ]
        );
    }
}
