//! Gap assessment sections: executive summary, heatmap, Statement of Applicability and
//! remediation plan.

use super::{BandMark, Block, Cell, HeatCell, HeatRow, Inline, status, text, yes_no};
use crate::model::ReadinessBand;
use crate::report::Context;
use crate::report::escape::{pct, status_label};
use crate::scoring::{GapScore, NodeScore, RemediationItem, SoaEntry};

/// All gap sections.
pub fn blocks(ctx: &Context<'_>, g: &GapScore) -> Vec<Block> {
    let mut out = summary(g);
    out.push(Block::Heading(2, "Clause heatmap".into()));
    out.push(heatmap(g));
    out.extend(soa(&g.soa));
    out.extend(remediation(ctx, &g.remediation));
    out
}

/// A further gap questionnaire (e.g. the EU AI Act supplement): its own summary table,
/// heatmap and remediation plan under one heading (it has no Statement of Applicability).
pub fn supplement_blocks(ctx: &Context<'_>, g: &GapScore, title: Option<&str>) -> Vec<Block> {
    let name = title.unwrap_or(&g.questionnaire);
    let mut inner = summary(g);
    inner.push(Block::Heading(2, "Heatmap".into()));
    inner.push(heatmap(g));
    inner.extend(remediation(ctx, &g.remediation));
    let mut out = vec![Block::PageBreak, Block::Heading(2, name.to_string())];
    out.extend(inner.into_iter().map(|b| match b {
        Block::Heading(level, t) => Block::Heading(level.max(3), t),
        b => b,
    }));
    out
}

fn heatmap(g: &GapScore) -> Block {
    let legend = (g.bands.iter())
        .filter_map(|b| BandMark::of(&g.bands, Some(&b.id)))
        .collect();
    let rows = g.rows.iter().map(|r| heat_row(&g.bands, r)).collect();
    Block::Heatmap(rows, legend)
}

fn summary(g: &GapScore) -> Vec<Block> {
    let o = &g.overall;
    let headline = vec![
        Inline::Text("Overall readiness ".into()),
        Inline::Strong(pct(o.readiness)),
        Inline::Text(format!(
            " ({}); {} of applicable questions answered; {} met, {} partial, {} gap, {} unanswered.",
            status_label(o.status),
            pct(o.coverage),
            o.counts.met,
            o.counts.partial,
            o.counts.gap,
            o.counts.unanswered
        )),
    ];
    vec![
        Block::Heading(3, "Readiness by clause".into()),
        Block::Paragraph(headline),
        Block::Table {
            headers: ["Clause", "Title", "Status", "Readiness", "Coverage", "Gaps"]
                .map(String::from)
                .to_vec(),
            rows: g.rows.iter().map(|r| summary_row(&r.node)).collect(),
        },
    ]
}

fn summary_row(n: &NodeScore) -> Vec<Cell> {
    vec![
        text(label(n)),
        text(n.title.to_string()),
        status(n.status),
        text(pct(n.readiness)),
        text(pct(n.coverage)),
        text(n.counts.gap.to_string()),
    ]
}

fn label(n: &NodeScore) -> String {
    n.label().to_string()
}

fn heat(bands: &[ReadinessBand], n: &NodeScore) -> HeatCell {
    HeatCell {
        label: label(n),
        title: n.title.to_string(),
        status: n.status,
        readiness: n.readiness,
        band: BandMark::of(bands, n.band.as_deref()),
    }
}

fn heat_row(bands: &[ReadinessBand], r: &crate::scoring::HeatmapRow) -> HeatRow {
    HeatRow {
        head: heat(bands, &r.node),
        cells: r.cells.iter().map(|c| heat(bands, c)).collect(),
    }
}

fn soa(entries: &[SoaEntry]) -> Vec<Block> {
    let rows = entries
        .iter()
        .map(|e| {
            let mut just = text(justification(e));
            if let Some(err) = &e.error {
                just.push(Inline::Text(" ".into()));
                just.push(Inline::Strong(format!("({err})")));
            }
            vec![
                text(e.reference.clone()),
                text(e.title.clone()),
                text(yes_no(e.applicable)),
                status(e.implemented),
                just,
            ]
        })
        .collect();
    vec![
        Block::PageBreak,
        Block::Heading(2, "Statement of Applicability".into()),
        Block::Table {
            headers: [
                "Control",
                "Title",
                "Applicable",
                "Implementation",
                "Justification",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        },
    ]
}

/// The assessors' justification; for an included control without one, what the assessment
/// shows (included, no exclusion recorded, and its implementation status).
fn justification(e: &SoaEntry) -> String {
    match (&e.justification, e.applicable) {
        (Some(j), _) if !j.trim().is_empty() => j.clone(),
        (_, true) => format!(
            "Included: applicable, no exclusion recorded; implementation assessed as {}.",
            status_label(e.implemented)
        ),
        (_, false) => "Excluded; no justification recorded.".into(),
    }
}

fn remediation(ctx: &Context<'_>, items: &[RemediationItem]) -> Vec<Block> {
    let mut out = vec![Block::Heading(2, "Remediation plan".into())];
    if items.is_empty() {
        out.push(Block::Paragraph(text("Nothing to remediate.")));
        return out;
    }
    let rows = items
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                text((i + 1).to_string()),
                text(r.reference.clone().unwrap_or_default()),
                text(r.prompt.clone()),
                status(r.status),
                text(format!("{:.2}", r.priority)),
                text(r.owner.clone().unwrap_or_else(|| "not set".into())),
                text(r.due.map_or_else(|| "not set".into(), |d| d.to_string())),
                overdue(ctx.overdue(r.due)),
            ]
        })
        .collect();
    out.push(Block::Table {
        headers: [
            "#", "Ref", "Question", "Status", "Priority", "Owner", "Due", "Overdue",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    });
    out
}

/// `Yes` in bold when overdue, else `No`.
pub(super) fn overdue(is: bool) -> Cell {
    if is {
        vec![Inline::Strong("Yes".into())]
    } else {
        text("No")
    }
}
