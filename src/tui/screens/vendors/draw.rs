//! Draws the vendor comparison: one line per vendor with a letter per due-diligence domain
//! (numbered columns, legend below), tier, knock-outs and evidence problems; the selected
//! vendor's knock-out reasons at the bottom.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::state::VendorsState;
use crate::scoring::VendorScore;
use crate::tui::ctx::Ctx;
use crate::tui::view::text::{clean, fit};
use crate::tui::view::theme::Theme;
use crate::tui::view::widgets::{draw_block, put_lines, scroll_offset};

/// Columns of the vendor name.
const NAME: usize = 18;

/// Draws the comparison from the scored vendors the screen keeps: the rows that fit around
/// the cursor, then the domain legend and the selected vendor's details.
pub fn draw(_ctx: &Ctx, s: &VendorsState, f: &mut Frame, area: Rect, theme: &Theme) {
    let inner = draw_block(f, area, "Vendor comparison", true, theme);
    let w = inner.width as usize;
    let vendors = &s.vendors;
    let domains = vendors.first().map(|(_, v)| v.domains.len()).unwrap_or(0);
    let cols: String = (1..=domains).map(|i| format!("{i:>2} ")).collect();
    let mut lines = vec![Line::styled(
        fit(
            &format!(" {:<NAME$} {cols} tier KO ev-missing/expired", "vendor"),
            w,
        ),
        theme.title(),
    )];
    if vendors.is_empty() {
        lines.push(Line::styled(
            fit("no vendors yet: add one on home (a)", w),
            theme.dim(),
        ));
    }
    let tail = details(s, theme);
    let tail_height: usize = tail
        .iter()
        .map(|l| l.width().max(1).div_ceil(w.max(1)))
        .sum();
    let room = (inner.height as usize)
        .saturating_sub(1 + tail_height)
        .max(1);
    let first = scroll_offset(s.cursor, vendors.len(), room);
    for (i, (name, v)) in vendors.iter().enumerate().skip(first).take(room) {
        lines.push(vendor_line(name, v, i == s.cursor, w, theme));
    }
    // The rows are fitted to the width, one screen line each, so they go straight into the
    // buffer; only the details below them wrap.
    put_lines(f, inner, &lines);
    let used = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let below = Rect {
        y: inner.y.saturating_add(used),
        height: inner.height.saturating_sub(used),
        ..inner
    };
    f.render_widget(Paragraph::new(tail).wrap(Wrap { trim: false }), below);
}

/// The lines under the vendor rows: the domain legend and the selected vendor's details.
fn details<'a>(s: &VendorsState, theme: &Theme) -> Vec<Line<'a>> {
    let vendors = &s.vendors;
    let mut lines = vec![Line::raw("")];
    let legend: Vec<String> = vendors
        .first()
        .map(|(_, v)| {
            v.domains
                .iter()
                .enumerate()
                .map(|(i, d)| format!("{} {}", i + 1, clean(&d.title)))
                .collect()
        })
        .unwrap_or_default();
    lines.push(Line::styled(legend.join(" · "), theme.dim()));
    if let Some((name, v)) = vendors.get(s.cursor) {
        lines.push(Line::raw(""));
        lines.push(Line::raw(format!(
            "{}: control score {} · {} knock-outs · evidence missing {}, expired {}",
            clean(name),
            crate::report::escape::pct(v.control_score),
            v.knockouts.len(),
            v.evidence_missing.len(),
            v.evidence_expired.len()
        )));
        lines.extend(v.inherent_floors.iter().map(|f| {
            Line::styled(
                format!("! inherent >= {}: {}", clean(&f.level), clean(&f.reason)),
                theme.error(),
            )
        }));
        lines.extend(v.knockouts.iter().map(|k| {
            Line::styled(
                format!("! knock-out → {}: {}", clean(&k.tier), clean(&k.reason)),
                theme.error(),
            )
        }));
    }
    lines
}

fn vendor_line<'a>(
    name: &str,
    v: &VendorScore,
    selected: bool,
    w: usize,
    theme: &Theme,
) -> Line<'a> {
    let pointer = theme.pointer(selected);
    let style = theme.highlight(selected);
    let mut spans = vec![Span::styled(
        format!("{pointer}{:<NAME$} ", fit(&clean(name), NAME)),
        style,
    )];
    for d in &v.domains {
        let ch = d.status.letter();
        spans.push(Span::styled(
            format!("{ch:>2} "),
            theme.band(d.status, d.score),
        ));
    }
    let tier = v.tier.as_deref().map_or_else(|| "—".into(), clean);
    let rest = format!(
        " {tier} KO {} miss {} exp {}",
        v.knockouts.len(),
        v.evidence_missing.len(),
        v.evidence_expired.len()
    );
    let used = NAME + 2 + v.domains.len() * 3;
    spans.push(Span::raw(fit(&rest, w.saturating_sub(used))));
    Line::from(spans)
}
