//! HTML rendering of a [`Document`]: one self-contained page (inline CSS, no scripts, no
//! external assets) with a coloured heatmap whose cells also carry the status letter, and a
//! print stylesheet for "Save as PDF". All text is escaped with [`escape::html`].

use std::fmt::Write;

use super::document::{BandMark, Block, Cell, Document, HeatCell, HeatRow, Inline};
use super::escape::{self, pct, status_label, status_letter, status_name};

const STYLE: &str = r#"
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;background:#fff;margin:2rem auto;max-width:70rem;padding:0 1rem;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:1px solid #ccc}h3{font-size:1.05rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}
th,td{border:1px solid #bbb;padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:#eee}
dl.fields{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dl.fields dt{font-weight:600}dl.fields dd{margin:0}
.st{display:inline-block;min-width:1.3em;text-align:center;font-weight:700;border:1px solid #888;border-radius:3px;padding:0 .2em}
.met{background:#c6efce;color:#0b4d1c}.partial{background:#ffeb9c;color:#5c4700}.gap{background:#ffc7ce;color:#7a0014}
.out_of_scope{background:#e4e4e4;color:#333}.not_applicable{background:#f3f3f3;color:#555}.unanswered{background:#fff;color:#555;border-style:dashed}
table.heatmap td{border:1px solid #fff;padding:0}table.heatmap th{text-align:left;width:14rem}
.hm{display:inline-block;margin:1px;padding:.2rem .35rem;border:1px solid #999;border-radius:3px;font-size:.85rem;min-width:4.5rem}
.hm b{margin-right:.25rem}.hm i{font-style:normal;font-weight:700;margin-right:.3rem}
.r0{background:#ffc7ce;color:#7a0014}.r1{background:#ffdcb8;color:#6b3300}.r2{background:#ffeb9c;color:#5c4700}.r3{background:#dcefc0;color:#2d4d0b}.r4{background:#c6efce;color:#0b4d1c}
hr.page{border:0;margin:0}
@media print{
 body{margin:0;max-width:none;font-size:10pt}
 h2{break-after:avoid}table,tr,.hm{break-inside:avoid}
 hr.page{break-after:page}
 th{background:#fff}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"#;

/// The whole document as one HTML page.
pub fn render(doc: &Document) -> String {
    let title = escape::html(&doc.title);
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
    );
    for b in &doc.blocks {
        out.push_str(&block(b));
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn block(b: &Block) -> String {
    match b {
        Block::Heading(level, t) => {
            let l = level.clamp(&1, &5) + 1;
            format!("<h{l}>{}</h{l}>\n", escape::html(t))
        }
        Block::Paragraph(c) => format!("<p>{}</p>\n", cell(c)),
        Block::Fields(fields) => {
            let items: String = fields
                .iter()
                .map(|(k, v)| format!("<dt>{}</dt><dd>{}</dd>", escape::html(k), cell(v)))
                .collect();
            format!("<dl class=\"fields\">{items}</dl>\n")
        }
        Block::Table { headers, rows } => table(headers, rows),
        Block::List(items) => {
            let li: String = items
                .iter()
                .map(|c| format!("<li>{}</li>", cell(c)))
                .collect();
            format!("<ul>{li}</ul>\n")
        }
        Block::Heatmap(rows, legend) => heatmap(rows, legend),
        Block::PageBreak => "<hr class=\"page\">\n".to_string(),
    }
}

fn badge(s: crate::scoring::NodeStatus) -> String {
    format!(
        "<span class=\"st {}\" title=\"{}\">{}</span>",
        status_name(s),
        status_label(s),
        status_letter(s)
    )
}

fn cell(c: &Cell) -> String {
    c.iter()
        .map(|i| match i {
            Inline::Text(t) => escape::html(t),
            Inline::Strong(t) => format!("<strong>{}</strong>", escape::html(t)),
            Inline::Status(s) => badge(*s),
        })
        .collect()
}

fn table(headers: &[String], rows: &[Vec<Cell>]) -> String {
    let mut out = String::from("<table>\n<thead><tr>");
    for h in headers {
        let _ = write!(out, "<th>{}</th>", escape::html(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in rows {
        out.push_str("<tr>");
        for c in r {
            let _ = write!(out, "<td>{}</td>", cell(c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// A coloured cell: the status letter, the reference and the readiness, with the title and
/// status as a tooltip.
fn heat(c: &HeatCell) -> String {
    // Coloured by readiness band when the cell has one, else by status.
    let (class, symbol, band) = match &c.band {
        Some(b) => (
            format!("r{}", b.rank),
            format!("<i>{}</i>", escape::html(&b.symbol)),
            format!(" — {}", escape::html(&b.label)),
        ),
        None => (
            status_name(c.status).to_string(),
            String::new(),
            String::new(),
        ),
    };
    format!(
        "<span class=\"hm {class}\" title=\"{} — {}{band}\"><b>{}</b>{symbol}{} {}</span>",
        escape::html(&c.title),
        status_label(c.status),
        status_letter(c.status),
        escape::html(&c.label),
        pct(c.readiness)
    )
}

/// The bands' legend under the heatmap, each in its colour with its symbol.
fn legend(bands: &[BandMark]) -> String {
    if bands.is_empty() {
        return String::new();
    }
    let items: String = (bands.iter())
        .map(|b| {
            let (sym, label) = (escape::html(&b.symbol), escape::html(&b.label));
            format!("<span class=\"hm r{}\"><i>{sym}</i> {label}</span>", b.rank)
        })
        .collect();
    format!("<p class=\"bands\">Readiness bands: {items}</p>\n")
}

fn heatmap(rows: &[HeatRow], bands: &[BandMark]) -> String {
    let mut out = String::from("<table class=\"heatmap\">\n<tbody>\n");
    for r in rows {
        let cells: String = r.cells.iter().map(heat).collect();
        let _ = writeln!(
            out,
            "<tr><th>{} {}</th><td>{}</td><td>{cells}</td></tr>",
            escape::html(&r.head.label),
            escape::html(&r.head.title),
            heat(&r.head)
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out.push_str(&legend(bands));
    out
}
