//! HTML rendering of a [`Document`]: one self-contained page (inline CSS, no scripts, no
//! external assets) with a coloured heatmap whose cells also carry the status letter, an
//! inline SVG trend chart, and print rules for "Save as PDF": `@page` size (A4 or Letter),
//! page numbers and the classification marking in the page margins, section headings kept
//! with what follows, long tables split by rows with their header repeated. On a narrow
//! screen tables turn into labelled cards, so the page never scrolls sideways. All text is
//! escaped with [`escape::html`]; text in CSS strings with [`css_string`].

use std::fmt::Write;

use super::Paper;
use super::document::{BandMark, Block, Cell, Document, HeatCell, HeatRow, Inline, TrendPoint};
use super::escape::{self, pct, status_label, status_name};

const STYLE: &str = r#"
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;background:#fff;margin:2rem auto;max-width:70rem;padding:0 1rem;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:1px solid #ccc}h3{font-size:1.05rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}
th,td{border:1px solid #bbb;padding:.25rem .45rem;text-align:left;vertical-align:top;overflow-wrap:break-word}
th{background:#eee}
dl.fields{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.2rem 1rem}dl.fields dt{font-weight:600}dl.fields dd{margin:0;overflow-wrap:anywhere}
.st{display:inline-block;min-width:1.3em;text-align:center;font-weight:700;border:1px solid #888;border-radius:3px;padding:0 .2em}
.met{background:#c6efce;color:#0b4d1c}.partial{background:#ffeb9c;color:#5c4700}.gap{background:#ffc7ce;color:#7a0014}
.out_of_scope{background:#e4e4e4;color:#333}.not_applicable{background:#f3f3f3;color:#555}.unanswered{background:#fff;color:#555;border-style:dashed}
table.heatmap td{padding:.1rem}table.heatmap th[scope=row]{width:14rem}
.hm{display:inline-block;margin:1px;padding:.2rem .35rem;border:1px solid #999;border-radius:3px;font-size:.85rem;min-width:4.5rem}
.hm b{margin-right:.25rem}.hm i{font-style:normal;font-weight:700;margin-right:.3rem}
.r0{background:#ffc7ce;color:#7a0014}.r1{background:#ffdcb8;color:#6b3300}.r2{background:#ffeb9c;color:#5c4700}.r3{background:#dcefc0;color:#2d4d0b}.r4{background:#c6efce;color:#0b4d1c}
.marking{font-weight:700;text-transform:uppercase;letter-spacing:.05em;font-size:.8rem;color:#7a0014}
figure.trend{margin:.5rem 0 1rem}figure.trend svg{width:100%;max-width:40rem;height:auto;display:block}
figure.trend figcaption{font-size:.85rem;color:#444}
@media screen and (max-width:45rem){
 body{margin:1rem auto;padding:0 .6rem}
 table,thead,tbody,tr,th,td{display:block;width:auto}
 thead tr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
 tbody tr{border:1px solid #bbb;margin:0 0 .6rem}
 td,tbody th{border:0;border-bottom:1px solid #e4e4e4}
 td[data-label]::before{content:attr(data-label) ": ";font-weight:600}
 table.heatmap th[scope=row]{width:auto}
 dl.fields{grid-template-columns:minmax(0,1fr)}dl.fields dd{margin-bottom:.3rem}
}
@media print{
 body{margin:0;max-width:none;font-size:9.5pt;line-height:1.3}
 h1,h2,h3{break-after:avoid;page-break-after:avoid}
 h2{margin-top:1rem}
 section.newpage{break-before:page}
 thead{display:table-header-group}
 tr,.hm,li,figure,dl.fields{break-inside:avoid}
 th{background:#fff}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"#;

/// The whole document as one HTML page, laid out for `paper` when printed, with
/// `classification` in the top margin of every printed page.
pub fn render(doc: &Document, paper: Paper, classification: &str) -> String {
    let title = escape::html(&doc.title);
    let size = match paper {
        Paper::A4 => "A4",
        Paper::Letter => "letter",
    };
    let marking = css_string(classification);
    let page = format!(
        "@page{{size:{size};margin:16mm 14mm 18mm;\
         @top-right{{content:{marking};font:8pt sans-serif;color:#7a0014}}\
         @bottom-center{{content:\"Page \" counter(page) \" of \" counter(pages);font:8pt sans-serif}}}}"
    );
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{STYLE}{page}\n</style>\n</head>\n<body>\n<main>\n\
         <p class=\"marking\">{}</p>\n<h1>{title}</h1>\n",
        escape::html(classification)
    );
    let mut sections = Sections::default();
    for b in &doc.blocks {
        sections.block(&mut out, b);
    }
    sections.close(&mut out);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// A CSS string literal: sanitized to one line, with every character that could end the
/// string or the style element written as a CSS escape.
pub fn css_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in crate::sanitize::line(s).chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' | '\'' => {
                let _ = write!(out, "\\{:x} ", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Wraps each `h2` and what follows it in a `<section>` labelled by the heading, starting
/// a printed page where the document asks for a break.
#[derive(Default)]
struct Sections {
    open: bool,
    count: usize,
    break_next: bool,
}

impl Sections {
    fn block(&mut self, out: &mut String, b: &Block) {
        match b {
            Block::PageBreak => self.break_next = true,
            Block::Heading(2, t) => {
                self.close(out);
                self.count += 1;
                let class = if std::mem::take(&mut self.break_next) {
                    " class=\"newpage\""
                } else {
                    ""
                };
                let id = format!("s{}", self.count);
                let _ = writeln!(
                    out,
                    "<section{class} aria-labelledby=\"{id}\">\n<h2 id=\"{id}\">{}</h2>",
                    escape::html(t)
                );
                self.open = true;
            }
            b => out.push_str(&block(b)),
        }
    }

    fn close(&mut self, out: &mut String) {
        if std::mem::take(&mut self.open) {
            out.push_str("</section>\n");
        }
    }
}

fn block(b: &Block) -> String {
    match b {
        Block::Heading(level, t) => {
            let l = level.clamp(&2, &6);
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
        Block::Trend(points) => trend(points),
        Block::PageBreak => String::new(),
    }
}

fn badge(s: crate::scoring::NodeStatus) -> String {
    format!(
        "<span class=\"st {}\" title=\"{}\">{}</span>",
        status_name(s),
        status_label(s),
        s.letter()
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

/// A table whose header row repeats on every printed page; each cell carries its column's
/// name for the narrow-screen layout.
fn table(headers: &[String], rows: &[Vec<Cell>]) -> String {
    let mut out = String::from("<table>\n<thead><tr>");
    let labels: Vec<String> = headers.iter().map(|h| escape::html(h)).collect();
    for h in &labels {
        let _ = write!(out, "<th scope=\"col\">{h}</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in rows {
        out.push_str("<tr>");
        for (i, c) in r.iter().enumerate() {
            let label = labels
                .get(i)
                .map_or(String::new(), |l| format!(" data-label=\"{l}\""));
            let _ = write!(out, "<td{label}>{}</td>", cell(c));
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
        c.status.letter(),
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
    let mut out = String::from(
        "<table class=\"heatmap\">\n<thead><tr><th scope=\"col\">Clause</th>\
         <th scope=\"col\">Overall</th><th scope=\"col\">Sub-clauses and controls</th></tr></thead>\n<tbody>\n",
    );
    for r in rows {
        let cells: String = r.cells.iter().map(heat).collect();
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{} {}</th><td data-label=\"Overall\">{}</td>\
             <td data-label=\"Sub-clauses and controls\">{cells}</td></tr>",
            escape::html(&r.head.label),
            escape::html(&r.head.title),
            heat(&r.head)
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out.push_str(&legend(bands));
    out
}

/// Chart geometry: the plot area inside a 640 × 260 view box.
const W: f64 = 640.0;
const H: f64 = 260.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 56.0;
const PAD: f64 = 40.0;

/// Readiness across cycles as an inline SVG line chart: no script, a `<title>` and a
/// `<desc>` listing every value for assistive technology, each point labelled with its
/// figure so the chart reads in black and white.
fn trend(points: &[TrendPoint]) -> String {
    let n = points.len().max(1);
    // Points sit inside the axis by PAD, so their labels clear the axis's own.
    let span = W - LEFT - RIGHT - 2.0 * PAD;
    let step = if n > 1 { span / (n - 1) as f64 } else { 0.0 };
    let x = |i: usize| LEFT + PAD + step * i as f64 + if n == 1 { span / 2.0 } else { 0.0 };
    let y = |r: f64| TOP + (1.0 - r.clamp(0.0, 1.0)) * (H - TOP - BOTTOM);
    let desc: Vec<String> = points.iter().map(point_text).collect();
    let mut svg = format!(
        "<figure class=\"trend\">\n<svg viewBox=\"0 0 {W} {H}\" role=\"img\" aria-labelledby=\"trend-title trend-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n\
         <title id=\"trend-title\">Overall readiness across audit cycles</title>\n<desc id=\"trend-desc\">{}</desc>\n",
        escape::html(&desc.join("; "))
    );
    grid(&mut svg, &y);
    let line: Vec<String> = (points.iter().enumerate())
        .filter_map(|(i, p)| p.readiness.map(|r| format!("{:.1},{:.1}", x(i), y(r))))
        .collect();
    if line.len() > 1 {
        let _ = writeln!(
            svg,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#1f4e9c\" stroke-width=\"2.5\"/>",
            line.join(" ")
        );
    }
    for (i, p) in points.iter().enumerate() {
        let (cx, label) = (x(i), escape::html(&p.cycle));
        if let Some(r) = p.readiness {
            let _ = writeln!(
                svg,
                "<circle cx=\"{cx:.1}\" cy=\"{:.1}\" r=\"4.5\" fill=\"#1f4e9c\"/><text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"13\" font-weight=\"700\" text-anchor=\"middle\" fill=\"#1a1a1a\">{}</text>",
                y(r),
                y(r) - 9.0,
                pct(r)
            );
        }
        let _ = writeln!(
            svg,
            "<text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#333\">{label}</text><text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">{}</text>",
            H - BOTTOM + 20.0,
            H - BOTTOM + 36.0,
            escape::html(&p.date)
        );
    }
    svg.push_str("</svg>\n");
    let _ = writeln!(
        svg,
        "<figcaption>Overall readiness of the gap assessment at each snapshot of this chain, oldest first: {}.</figcaption>\n</figure>",
        escape::html(&desc.join("; "))
    );
    svg
}

/// Horizontal gridlines at 0, 25, 50, 75 and 100 % with their labels.
fn grid(svg: &mut String, y: &dyn Fn(f64) -> f64) {
    for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let _ = writeln!(
            svg,
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#ccc\"/><text x=\"{}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"end\" fill=\"#333\">{}</text>",
            W - RIGHT,
            LEFT - 6.0,
            y(tick) + 4.0,
            pct(tick),
            y = y(tick)
        );
    }
}

/// `stage-2 (14 March 2025): 71.2%`.
pub fn point_text(p: &TrendPoint) -> String {
    format!(
        "{} ({}): {}",
        p.cycle,
        p.date,
        p.readiness.map_or_else(|| "no gap scores".to_string(), pct)
    )
}
