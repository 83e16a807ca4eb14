//! Draws the clause heatmap from its view model: counts on top, one line per row with a
//! letter per cell and the row's readiness, the cell under the cursor described below.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use super::state::{HeatmapModel, HeatmapState};
use crate::model::ReadinessBand;
use crate::report::escape::pct;
use crate::scoring::NodeScore;
use crate::scoring::bands::{find, symbol};
use crate::tui::ctx::Ctx;
use crate::tui::view::text::{clean, fit};
use crate::tui::view::theme::{Glyph, Theme};
use crate::tui::view::widgets::{draw_block, put_lines, scroll_offset};

/// Columns per cell: `[M+]` under the cursor, ` M+ ` elsewhere (status letter, band symbol).
const CELL: usize = 4;
/// Columns of the band symbol and readiness figure.
const READY: usize = 9;

/// Draws the heatmap screen from its built model.
pub fn draw(_ctx: &Ctx, s: &HeatmapState, f: &mut Frame, area: Rect, theme: &Theme) {
    let weights = if s.weighted { "on" } else { "off" };
    let title = format!("Clause heatmap · {} · weights {weights}", s.lens());
    let inner = draw_block(f, area, &title, true, theme);
    let model = match &*s.model {
        Ok(m) => m,
        Err(e) => {
            let line = Line::styled(fit(&clean(e), inner.width as usize), theme.error());
            put_lines(f, inner, &[line]);
            return;
        }
    };
    let [top, grid, detail] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Min(1),
        Constraint::Length(3),
    ])
    .areas(inner);
    let mut head = summary(&model.overall, top.width, theme);
    head.push(band_legend(&model.bands, top.width, theme));
    head.push(rows_indicator(
        model.rows.len(),
        s.row,
        grid.height,
        top.width,
        theme,
    ));
    put_lines(f, top, &head);
    put_lines(f, grid, &grid_lines(model, s, grid, theme));
    put_lines(f, detail, &detail_lines(model, s, detail.width, theme));
}

fn summary<'a>(n: &NodeScore, width: u16, theme: &Theme) -> Vec<Line<'a>> {
    let c = &n.counts;
    let counts = format!(
        "Readiness {}  ·  coverage {}  ·  M {}  P {}  G {}  X {}  - {}  ? {}",
        pct(n.readiness),
        pct(n.coverage),
        c.met,
        c.partial,
        c.gap,
        c.out_of_scope,
        c.not_applicable,
        c.unanswered
    );
    let legend = "M met  P partial  G gap  X out of scope  - n/a  ? unanswered";
    let w = width as usize;
    vec![
        Line::styled(fit(&counts, w), theme.title()),
        Line::styled(fit(legend, w), theme.dim()),
    ]
}

/// `bands . initial  : developing  + defined …`: each band's symbol and id.
fn band_legend<'a>(bands: &[ReadinessBand], width: u16, theme: &Theme) -> Line<'a> {
    let items: Vec<String> = bands
        .iter()
        .map(|b| format!("{} {}", clean(&b.symbol), clean(&b.id)))
        .collect();
    let text = format!("bands {}", items.join("  "));
    Line::styled(fit(&text, width as usize), theme.dim())
}

/// The symbol of a band id, or a blank when there is none.
fn band_symbol(bands: &[ReadinessBand], id: Option<&str>) -> String {
    symbol(bands, id).map_or_else(|| " ".to_string(), clean)
}

/// `rows 4–16 of 16 (↑↓)` when the rows do not all fit, else blank.
fn rows_indicator<'a>(
    len: usize,
    cursor: usize,
    height: u16,
    width: u16,
    theme: &Theme,
) -> Line<'a> {
    let height = height as usize;
    if len <= height {
        return Line::raw("");
    }
    let off = scroll_offset(cursor, len, height);
    let text = format!("rows {}–{} of {len} (↑↓ to scroll)", off + 1, off + height);
    Line::styled(fit(&text, width as usize), theme.dim())
}

fn grid_lines<'a>(m: &HeatmapModel, s: &HeatmapState, area: Rect, theme: &Theme) -> Vec<Line<'a>> {
    let label_w = m
        .rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(2, 10);
    let avail = (area.width as usize).saturating_sub(label_w + READY + 3);
    let visible = (avail / CELL).max(1);
    let widest = m.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let col_off = scroll_offset(s.col, widest, visible);
    let height = area.height as usize;
    let row_off = scroll_offset(s.row, m.rows.len(), height);
    m.rows
        .iter()
        .enumerate()
        .skip(row_off)
        .take(height)
        .map(|(i, r)| {
            let cursor = (i == s.row).then_some(s.col);
            let mut spans = vec![Span::styled(
                format!("{:<label_w$} ", fit(&clean(&r.label), label_w)),
                theme.title(),
            )];
            spans.push(Span::styled(
                if col_off > 0 { "‹" } else { " " },
                theme.dim(),
            ));
            for (j, c) in r.cells.iter().enumerate().skip(col_off).take(visible) {
                spans.push(cell_span(&m.bands, &c.node, cursor == Some(j), theme));
            }
            let shown = r.cells.len().saturating_sub(col_off).min(visible);
            let more = r.cells.len() > col_off + visible;
            // Columns up to the widest row: readiness (and the title) follow the grid.
            let cols = visible.min(widest.max(1));
            spans.push(Span::raw(" ".repeat(cols.saturating_sub(shown) * CELL)));
            spans.push(Span::styled(theme.pointer(more), theme.dim()));
            let sym = band_symbol(&m.bands, r.band.as_deref());
            spans.push(Span::raw(format!(" {sym} {:>6}", pct(r.readiness))));
            // A wide terminal has room for the row's title after its readiness.
            let used = label_w + 2 + cols * CELL + 1 + READY;
            let room = (area.width as usize).saturating_sub(used + 2);
            if widest <= visible && room >= 12 {
                spans.push(Span::styled(
                    format!("  {}", fit(&clean(&r.title), room)),
                    theme.dim(),
                ));
            }
            Line::from(spans)
        })
        .collect()
}

fn cell_span<'a>(
    bands: &[ReadinessBand],
    n: &NodeScore,
    selected: bool,
    theme: &Theme,
) -> Span<'a> {
    let ch = n.status.letter();
    let sym = band_symbol(bands, n.band.as_deref());
    let rank = n
        .band
        .as_deref()
        .and_then(|id| bands.iter().position(|b| b.id == id))
        .map(|i| (i, bands.len()));
    let style = theme.readiness_band(n.status, rank);
    if selected {
        Span::styled(format!("[{ch}{sym}]"), style.patch(theme.selected()))
    } else {
        Span::styled(format!(" {ch}{sym} "), style)
    }
}

fn detail_lines<'a>(
    m: &HeatmapModel,
    s: &HeatmapState,
    width: u16,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let w = width as usize;
    let Some(cell) = m.cell(s) else {
        return vec![Line::styled(fit("(no cells)", w), theme.dim())];
    };
    let n = &cell.node;
    let row = m
        .rows
        .get(s.row)
        .map(|r| clean(&r.title))
        .unwrap_or_default();
    let score = n.score.map_or_else(|| "—".to_string(), pct);
    let head = if *n.title == *cell.label {
        clean(&cell.label)
    } else {
        format!("{} {}", clean(&cell.label), clean(&n.title))
    };
    let band = find(&m.bands, n.band.as_deref())
        .map_or_else(|| "no band".to_string(), |b| clean(&b.label));
    let facts = format!(
        "[{}] {band} · score {score} · readiness {} · {} · row {row}",
        n.status.letter(),
        pct(n.readiness),
        crate::tui::view::text::count(n.questions.len(), "question", "questions")
    );
    vec![
        Line::styled(fit(&theme.glyph(Glyph::Rule).repeat(w), w), theme.dim()),
        Line::styled(fit(&head, w), theme.title()),
        Line::raw(fit(&facts, w)),
    ]
}
