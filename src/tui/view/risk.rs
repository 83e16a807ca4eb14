//! Draws the AIIA risk matrix: inherent and residual 5×5 counts side by side (likelihood
//! rows 5 → 1, severity columns 1 → 5, `·` for none), then each AIIA with its flags.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::block;
use super::text::{clean, fit};
use super::theme::{Glyph, Theme};
use crate::scoring::AiiaScore;
use crate::tui::app::App;
use crate::tui::screens::risk::{RiskState, live_aiias, matrices};

type Grid = [[u32; 5]; 5];

pub(super) fn draw(app: &App, s: &RiskState, f: &mut Frame, area: Rect, theme: &Theme) {
    let aiias = live_aiias(&app.catalog, &app.data, s.as_of);
    let which = match s.system.and_then(|i| aiias.get(i)) {
        Some((name, _)) => clean(name),
        None => format!("all {} AI systems", aiias.len()),
    };
    let b = block(&format!("AIIA risk matrix · {which}"), true, theme);
    let inner = b.inner(area);
    f.render_widget(b, area);
    let w = inner.width as usize;
    let (inherent, residual) = matrices(&aiias, s);
    let mut lines = vec![
        Line::styled(
            fit(
                "Inherent (before controls) Residual (after controls)   L likelihood, S severity",
                w,
            ),
            theme.title(),
        ),
        Line::raw(fit("L\\S  1  2  3  4  5         L\\S  1  2  3  4  5", w)),
    ];
    for l in (1..=5).rev() {
        let mut spans = grid_row(&inherent, l, theme);
        spans.push(Span::raw("        "));
        spans.extend(grid_row(&residual, l, theme));
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        fit("AI systems (! needs attention)", w),
        theme.title(),
    ));
    for (i, (name, a)) in aiias.iter().enumerate() {
        let pointer = if s.system == Some(i) {
            theme.glyph(Glyph::Pointer)
        } else {
            " "
        };
        let text = format!("{pointer}{}  {}", clean(name), flags(a));
        lines.push(Line::raw(fit(&text, w)));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// `L5 ` and the five counts of likelihood `l`, coloured by the cell's product band.
fn grid_row<'a>(g: &Grid, l: usize, theme: &Theme) -> Vec<Span<'a>> {
    let mut spans = vec![Span::raw(format!("L{l}  "))];
    let row = g.get(l - 1).copied().unwrap_or_default();
    for (i, n) in row.iter().enumerate() {
        let product = l * (i + 1);
        let mark = match product {
            15.. => "[G]",
            8.. => "[P]",
            _ => "[M]",
        };
        let text = if *n == 0 {
            " ·".to_string()
        } else {
            format!("{n:>2}")
        };
        spans.push(Span::styled(format!("{text} "), theme.mark(mark)));
    }
    spans
}

/// Level and the flags of one AIIA.
fn flags(a: &AiiaScore) -> String {
    let mut out = vec![format!(
        "level {}",
        a.overall_level.as_deref().map_or_else(|| "—".into(), clean)
    )];
    out.push(format!("{} impacts", a.impacts.len()));
    if a.review_overdue {
        out.push("! review overdue".into());
    }
    if !a.signed_off {
        out.push("! unsigned".into());
    }
    if !a.specificity.is_empty() {
        out.push(format!("! generic ({} answers)", a.specificity.len()));
    }
    out.join(" · ")
}
