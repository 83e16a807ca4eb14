//! Markdown rendering of a [`Document`]: GitHub-flavoured tables that read well in a git
//! host's viewer. All text is escaped with [`escape::markdown`].

use std::fmt::Write;

use super::document::{BandMark, Block, Cell, Document, HeatCell, HeatRow, Inline, TrendPoint};
use super::escape::{self, pct};

/// The whole document as Markdown.
pub fn render(doc: &Document) -> String {
    let mut out = format!("# {}\n", escape::markdown(&doc.title));
    for b in &doc.blocks {
        out.push('\n');
        out.push_str(&block(b));
    }
    out
}

fn block(b: &Block) -> String {
    match b {
        Block::Heading(level, t) => {
            let hashes = "#".repeat(usize::from(*level).clamp(1, 6));
            format!("{hashes} {}\n", escape::markdown(t))
        }
        Block::Paragraph(c) => format!("{}\n", cell(c)),
        Block::Fields(fields) => fields
            .iter()
            .map(|(k, v)| format!("- **{}:** {}\n", escape::markdown(k), cell(v)))
            .collect(),
        Block::Table { headers, rows } => table(
            headers,
            rows.iter().map(|r| r.iter().map(cell).collect()).collect(),
        ),
        Block::List(items) => items.iter().map(|c| format!("- {}\n", cell(c))).collect(),
        Block::Heatmap(rows, legend) => heatmap(rows, legend),
        Block::PageBreak => "---\n".to_string(),
        Block::Trend(points) => trend(points),
    }
}

/// Inline content; a status badge is its letter in bold.
fn cell(c: &Cell) -> String {
    c.iter()
        .map(|i| match i {
            Inline::Text(t) => escape::markdown(t),
            Inline::Strong(t) if t.trim().is_empty() => escape::markdown(t),
            Inline::Strong(t) => format!("**{}**", escape::markdown(t.trim())),
            Inline::Status(s) => format!("**{}**", s.letter()),
        })
        .collect()
}

/// A table from escaped cells.
fn table(headers: &[String], rows: Vec<Vec<String>>) -> String {
    let mut out = String::new();
    let head: Vec<String> = headers.iter().map(|h| escape::markdown(h)).collect();
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let _ = writeln!(out, "|{}", " --- |".repeat(headers.len()));
    for r in rows {
        let _ = writeln!(out, "| {} |", r.join(" | "));
    }
    out
}

fn heat(c: &HeatCell) -> String {
    format!(
        "{} **{}**{} {}",
        escape::markdown(&c.label),
        c.status.letter(),
        band_symbol(c),
        pct(c.readiness)
    )
}

/// ` ` and the band's escaped symbol, or nothing when the cell has no band.
fn band_symbol(c: &HeatCell) -> String {
    // A symbol is escaped as if at a line start: `#`, `+`, `-` and `*` stay literal.
    (c.band.as_ref()).map_or_else(String::new, |b| format!(" {}", escape::markdown(&b.symbol)))
}

/// `Bands: . Initial · : Developing …` under the heatmap.
fn legend(bands: &[BandMark]) -> String {
    if bands.is_empty() {
        return String::new();
    }
    let items: Vec<String> = (bands.iter())
        .map(|b| {
            format!(
                "{} {}",
                escape::markdown(&b.symbol),
                escape::markdown(&b.label)
            )
        })
        .collect();
    format!("\nReadiness bands: {}\n", items.join(" · "))
}

/// One table row per clause or group: its own status, then each sub-clause or control.
fn heatmap(rows: &[HeatRow], bands: &[BandMark]) -> String {
    let body = rows
        .iter()
        .map(|r| {
            let cells: Vec<String> = r.cells.iter().map(heat).collect();
            vec![
                escape::markdown(&r.head.label),
                escape::markdown(&r.head.title),
                format!(
                    "**{}**{} {}",
                    r.head.status.letter(),
                    band_symbol(&r.head),
                    pct(r.head.readiness)
                ),
                cells.join(" · "),
            ]
        })
        .collect();
    let mut out = table(
        &["Clause", "Title", "Overall", "Sub-clauses and controls"].map(String::from),
        body,
    );
    out.push_str(&legend(bands));
    out
}

/// The readiness trend as a table: each cycle, its date, readiness and the change from the
/// one before (in points of the figures shown).
fn trend(points: &[TrendPoint]) -> String {
    let mut before: Option<f64> = None;
    let rows = points
        .iter()
        .map(|p| {
            let change = match (before, p.readiness) {
                (Some(b), Some(r)) => escape::points(escape::pct_shown(r) - escape::pct_shown(b)),
                _ => "–".into(),
            };
            if p.readiness.is_some() {
                before = p.readiness;
            }
            vec![
                escape::markdown(&p.cycle),
                escape::markdown(&p.date),
                p.readiness.map_or_else(|| "no gap scores".into(), pct),
                change,
            ]
        })
        .collect();
    table(
        &["Cycle", "Date", "Readiness", "Change (points)"].map(String::from),
        rows,
    )
}
