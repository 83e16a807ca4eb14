//! Draws the AIIA risk matrix: inherent and residual 5×5 counts side by side (likelihood
//! rows 5 → 1, severity columns 1 → 5, `·` for none), then each AIIA with its flags.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::state::{CellImpact, RiskState, impacts_in, matrices};
use crate::scoring::{AiiaScore, RiskScore};
use crate::tui::ctx::Ctx;
use crate::tui::view::text::{clean, fit};
use crate::tui::view::theme::Theme;
use crate::tui::view::widgets::{draw_block, put_lines, scroll_offset};

type Grid = [[u32; 5]; 5];

/// Draws the risk matrix from the scored AI systems the screen keeps.
pub fn draw(_ctx: &Ctx, s: &RiskState, f: &mut Frame, area: Rect, theme: &Theme) {
    let aiias = &s.aiias;
    let which = match s.system.and_then(|i| aiias.get(i)) {
        Some((name, _)) => clean(name),
        None => format!(
            "all {}",
            crate::tui::view::text::count(aiias.len(), "AI system", "AI systems")
        ),
    };
    let title = format!("AIIA risk matrix · {which}");
    let inner = draw_block(f, area, &title, true, theme);
    let w = inner.width as usize;
    let (inherent, residual) = matrices(aiias, s);
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
        let mut spans = grid_row(&inherent, l, s, theme);
        spans.push(Span::raw("        "));
        spans.extend(grid_row(&residual, l, s, theme));
        lines.push(Line::from(spans));
    }
    let listed = impacts_in(aiias, s);
    let (l, sev) = s.cell;
    let cell = format!(
        "Cell ◂ L{l} × S{sev}: {} impact(s) before or after controls{}",
        listed.len(),
        if s.list.is_some() {
            ""
        } else {
            " (Enter lists them)"
        }
    );
    lines.push(Line::styled(fit(&cell, w), theme.dim()));
    // The list below keeps its cursor on screen; only its visible rows are laid out.
    let room = (inner.height as usize).saturating_sub(lines.len() + 1);
    match s.list {
        Some(cursor) => impact_lines(&listed, cursor, w, room, theme, &mut lines),
        None => {
            lines.push(Line::styled(
                fit("AI systems (! needs attention)", w),
                theme.title(),
            ));
            let offset = scroll_offset(s.system.unwrap_or(0), aiias.len(), room);
            for (i, (name, a)) in aiias.iter().enumerate().skip(offset).take(room) {
                let pointer = theme.pointer(s.system == Some(i));
                let text = format!("{pointer}{}  {}", clean(name), flags(a));
                lines.push(Line::raw(fit(&text, w)));
            }
        }
    }
    put_lines(f, inner, &lines);
}

/// The impacts of the cell: system, label, inherent → residual; the cursor's one reversed.
/// Only the `room` rows around the cursor are laid out.
fn impact_lines(
    listed: &[CellImpact<'_>],
    cursor: usize,
    w: usize,
    room: usize,
    theme: &Theme,
    lines: &mut Vec<Line<'_>>,
) {
    lines.push(Line::styled(
        fit(
            "Impacts in the cell (Enter opens it in the wizard, Esc closes)",
            w,
        ),
        theme.title(),
    ));
    let rating = |r: &Option<RiskScore>| {
        r.as_ref().map_or_else(
            || "—".to_string(),
            |r| format!("L{}×S{} {}", r.likelihood, r.severity, clean(&r.level)),
        )
    };
    let offset = scroll_offset(cursor, listed.len(), room);
    for (i, c) in listed.iter().enumerate().skip(offset).take(room) {
        let pointer = if i == cursor { "›" } else { " " };
        let text = format!(
            "{pointer}{} → {} · {} · {}",
            rating(&c.impact.inherent),
            rating(&c.impact.residual),
            clean(c.system),
            clean(&c.impact.label)
        );
        let style = theme.highlight(i == cursor);
        lines.push(Line::styled(fit(&text, w), style));
    }
}

/// `L5 ` and the five counts of likelihood `l`, coloured by the cell's product band; the
/// cell under the cursor ends in `◂` and is reversed.
fn grid_row<'a>(g: &Grid, l: usize, s: &RiskState, theme: &Theme) -> Vec<Span<'a>> {
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
        let here = s.cell == (l as i64, i as i64 + 1);
        let style = theme.mark(mark);
        spans.push(if here {
            Span::styled(format!("{text}◂"), style.patch(theme.selected()))
        } else {
            Span::styled(format!("{text} "), style)
        });
    }
    spans
}

/// Level and the flags of one AIIA.
fn flags(a: &AiiaScore) -> String {
    let mut out = vec![format!(
        "level {}",
        a.overall_level.as_deref().map_or_else(|| "—".into(), clean)
    )];
    out.push(crate::tui::view::text::count(
        a.impacts.len(),
        "impact",
        "impacts",
    ));
    if a.review_overdue {
        out.push("! review overdue".into());
    }
    if !a.signed_off {
        out.push("! unsigned".into());
    }
    if !a.specificity.is_empty() {
        out.push(format!(
            "! generic ({})",
            crate::tui::view::text::count(a.specificity.len(), "answer", "answers")
        ));
    }
    out.join(" · ")
}
