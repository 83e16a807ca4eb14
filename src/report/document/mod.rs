//! A small format-neutral document (headings, key/value fields, tables, lists, the heatmap)
//! that the Markdown and HTML renderers both draw. Text held here is raw and untrusted: the
//! renderers sanitize and escape every piece of it.

mod aiia;
mod answers;
mod cover;
mod exec;
mod gap;
mod register;
mod vendor;

use crate::scoring::NodeStatus;

use super::Context;

/// A piece of inline content.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// Emphasised text.
    Strong(String),
    /// A status badge: its letter, coloured in HTML.
    Status(NodeStatus),
}

/// A table cell or a paragraph: a run of inlines.
pub type Cell = Vec<Inline>;

/// Plain text as a cell.
pub fn text(s: impl Into<String>) -> Cell {
    vec![Inline::Text(s.into())]
}

/// A status badge followed by its label.
pub fn status(s: NodeStatus) -> Cell {
    vec![
        Inline::Status(s),
        Inline::Text(format!(" {}", super::escape::status_label(s))),
    ]
}

/// One cell of the heatmap.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatCell {
    /// Clause or control reference (or title when there is none).
    pub label: String,
    /// Title, shown as a tooltip in HTML.
    pub title: String,
    /// Roll-up status.
    pub status: NodeStatus,
    /// Readiness 0–1.
    pub readiness: f64,
    /// Readiness band, when the node has one.
    pub band: Option<BandMark>,
}

/// How a heatmap cell shows its readiness band.
#[derive(Debug, Clone, PartialEq)]
pub struct BandMark {
    /// The band's symbol (reads without colour).
    pub symbol: String,
    /// The band's label.
    pub label: String,
    /// The band's place on a 0–4 colour scale (lowest band 0, highest 4).
    pub rank: u8,
}

impl BandMark {
    /// The mark of the band `id` among `bands` (lowest first), if it is one of them.
    pub fn of(bands: &[crate::model::ReadinessBand], id: Option<&str>) -> Option<BandMark> {
        let id = id?;
        let (i, band) = bands.iter().enumerate().find(|(_, b)| b.id == id)?;
        let top = bands.len().saturating_sub(1).max(1);
        let rank = u8::try_from((i * 4 + top / 2) / top).unwrap_or(4).min(4);
        Some(BandMark {
            symbol: band.symbol.clone(),
            label: band.label.clone(),
            rank,
        })
    }
}

/// One row of the heatmap: the clause or group itself, then its cells.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatRow {
    /// The row's own roll-up.
    pub head: HeatCell,
    /// Sub-clauses or controls.
    pub cells: Vec<HeatCell>,
}

/// A block of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading, level 1–3.
    Heading(u8, String),
    /// A paragraph.
    Paragraph(Cell),
    /// Label / value pairs.
    Fields(Vec<(String, Cell)>),
    /// A table with a header row.
    Table {
        /// Column headers.
        headers: Vec<String>,
        /// Rows of cells.
        rows: Vec<Vec<Cell>>,
    },
    /// A bulleted list.
    List(Vec<Cell>),
    /// The clause heatmap, with the readiness bands' legend, lowest first.
    Heatmap(Vec<HeatRow>, Vec<BandMark>),
    /// A page break when printed.
    PageBreak,
    /// Readiness across the audit cycles of the snapshot's chain, oldest first.
    Trend(Vec<TrendPoint>),
}

/// One cycle of the readiness trend.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoint {
    /// The audit cycle.
    pub cycle: String,
    /// The snapshot's date, in words.
    pub date: String,
    /// Overall readiness 0–1; `None` when that snapshot has no gap scores.
    pub readiness: Option<f64>,
}

/// A whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Document title.
    pub title: String,
    /// Content, in order.
    pub blocks: Vec<Block>,
}

/// Builds the report for a snapshot; with a framework, the crosswalk replaces the
/// clause-based sections after the cover.
pub fn build(ctx: &Context<'_>, framework: Option<&str>) -> Document {
    let mut blocks = cover::cover(ctx);
    match (framework, ctx.scorecard()) {
        (Some(fw), _) => blocks.extend(crosswalk_blocks(ctx, fw)),
        (None, Some(card)) => {
            blocks.extend(exec::blocks(ctx, card));
            if let Some(g) = &card.gap {
                blocks.extend(gap::blocks(ctx, g));
            }
            for g in &card.supplements {
                let title = ctx
                    .questionnaire(&g.questionnaire)
                    .map(|q| q.title.as_str());
                blocks.extend(gap::supplement_blocks(ctx, g, title));
            }
            blocks.extend(register::blocks(ctx));
            blocks.extend(card.aiias.iter().flat_map(|a| aiia::blocks(ctx, a)));
            blocks.extend(card.vendors.iter().flat_map(|v| vendor::blocks(ctx, v)));
        }
        (None, None) => {
            blocks.extend(answers::blocks(ctx));
            blocks.extend(register::blocks(ctx));
        }
    }
    Document {
        title: cover::title(ctx, framework),
        blocks,
    }
}

fn crosswalk_blocks(ctx: &Context<'_>, framework: &str) -> Vec<Block> {
    let groups = super::crosswalk::group(ctx, framework);
    let mut blocks = vec![
        Block::PageBreak,
        Block::Heading(
            2,
            format!("Crosswalk: {}", super::crosswalk::title(framework)),
        ),
    ];
    if groups.is_empty() {
        blocks.push(Block::Paragraph(text(
            "No question of the questionnaires in this snapshot maps to this framework.",
        )));
        return blocks;
    }
    blocks.push(Block::Table {
        headers: [
            "Reference",
            "Status",
            "Met",
            "Partial",
            "Gap",
            "Unanswered",
            "Questions",
        ]
        .map(String::from)
        .to_vec(),
        rows: groups.iter().map(crosswalk_row).collect(),
    });
    blocks
}

fn crosswalk_row(g: &super::crosswalk::Group) -> Vec<Cell> {
    let c = &g.counts;
    vec![
        text(g.reference.clone()),
        g.status.map_or_else(|| text("answered"), status),
        text(c.met.to_string()),
        text(c.partial.to_string()),
        text(c.gap.to_string()),
        text(c.unanswered.to_string()),
        text(g.questions.join(", ")),
    ]
}

/// `Yes` / `No`.
pub(crate) fn yes_no(b: bool) -> &'static str {
    if b { "Yes" } else { "No" }
}
