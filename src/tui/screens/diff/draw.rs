//! Draws the snapshot diff: the two sides and the headline, the clause rows that moved, and
//! the changed answers (regressions first) or, on Enter, old and new side by side.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use super::state::DiffState;
use crate::diff::{AnswerChange, AnswerField, Direction, FieldChange, NodeChange, SnapshotDiff};
use crate::report::escape::pct;
use crate::tui::ctx::Ctx;
use crate::tui::view::text::{clean, fit};
use crate::tui::view::theme::{Glyph, Theme};
use crate::tui::view::widgets::{draw_block, put_lines, scroll_offset};

/// The symbol of a direction (read without colour), from the theme's glyph table.
pub fn arrow(d: Direction, theme: &Theme) -> &'static str {
    match d {
        Direction::Regressed => theme.glyph(Glyph::Down),
        Direction::Removed => theme.glyph(Glyph::Removed),
        Direction::Improved => theme.glyph(Glyph::Up),
        Direction::Added => "+",
        Direction::Changed => "~",
    }
}

fn dir_style(d: Direction, theme: &Theme) -> ratatui::style::Style {
    match d {
        Direction::Regressed | Direction::Removed => theme.mark("[G]"),
        Direction::Improved | Direction::Added => theme.mark("[M]"),
        Direction::Changed => theme.mark("[P]"),
    }
}

/// Draws the diff the screen worked out: headline, clause changes, changed answers.
pub fn draw(_ctx: &Ctx, s: &DiffState, f: &mut Frame, area: Rect, theme: &Theme) {
    let inner = draw_block(f, area, "Snapshot diff", true, theme);
    let (Some(d), Some(((old_name, _), (new_name, _)))) = (s.diff.as_deref(), s.pair()) else {
        let (old, new) = (s.files.get(s.old), s.files.get(s.new));
        let what = format!(
            "{} → {}",
            clean(old.map_or("?", |f| f.as_str())),
            clean(new.map_or("?", |f| f.as_str()))
        );
        let line = match &s.error {
            Some(e) => Line::styled(
                fit(&format!("✗ {what}: {}", clean(e)), inner.width as usize),
                theme.error(),
            ),
            None => Line::raw(fit(&format!("reading {what}…"), inner.width as usize)),
        };
        put_lines(f, inner, &[line]);
        return;
    };
    let w = inner.width as usize;
    let rows: Vec<&NodeChange> = d.nodes.iter().filter(|n| n.parent.is_none()).collect();
    let node_h = (rows.len() as u16 + 1).min(inner.height / 3);
    let [top, nodes, list] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(node_h),
        Constraint::Min(1),
    ])
    .areas(inner);
    let head = headline(d, old_name, new_name, w, theme);
    put_lines(f, top, &head);
    let shown = (nodes.height as usize).saturating_sub(1);
    put_lines(f, nodes, &node_lines(&rows, shown, w, theme));
    let answers: Vec<_> = d.answers.iter().collect();
    let lines = match answers.get(s.cursor) {
        Some(a) if s.detail => detail_lines(a, w, theme),
        _ => answer_lines(&answers, s.cursor, list.height as usize, w, theme),
    };
    put_lines(f, list, &lines);
}

fn headline<'a>(d: &SnapshotDiff, old: &str, new: &str, w: usize, theme: &Theme) -> Vec<Line<'a>> {
    let h = &d.headline;
    let r = |x: Option<f64>| x.map_or_else(|| "—".to_string(), pct);
    let sides = format!("{} → {}  (o / n: pick)", clean(old), clean(new));
    let head = format!(
        "Readiness {} → {}  ·  gaps opened {} closed {}  ·  ▼ {} ▲ {}",
        r(h.readiness_old),
        r(h.readiness_new),
        h.gaps_opened,
        h.gaps_closed,
        h.regressions,
        h.improvements
    );
    vec![
        Line::styled(fit(&sides, w), theme.dim()),
        Line::styled(fit(&head, w), theme.title()),
        Line::raw(""),
    ]
}

fn node_lines<'a>(rows: &[&NodeChange], shown: usize, w: usize, theme: &Theme) -> Vec<Line<'a>> {
    let status =
        |s: Option<crate::scoring::NodeStatus>| s.map_or('·', crate::scoring::NodeStatus::letter);
    let score = |x: Option<f64>| x.map_or_else(|| "—".to_string(), pct);
    let title = if shown < rows.len() {
        format!(
            "Clauses that moved ({}, first {shown} shown; more at 160×48)",
            rows.len()
        )
    } else {
        format!("Clauses that moved ({})", rows.len())
    };
    let mut out = vec![Line::styled(fit(&title, w), theme.title())];
    out.extend(rows.iter().take(shown).map(|n| {
        let label = n.reference.clone().unwrap_or_else(|| n.id.clone());
        let text = format!(
            " {:<5} {} → {}  {:>6} → {:<6} {}",
            clean(&label),
            status(n.old_status),
            status(n.new_status),
            score(n.old_score),
            score(n.new_score),
            clean(&n.title)
        );
        Line::from(vec![
            Span::styled(arrow(n.direction, theme), dir_style(n.direction, theme)),
            Span::raw(fit(&text, w.saturating_sub(1))),
        ])
    }));
    out
}

fn answer_lines<'a>(
    answers: &[&AnswerChange],
    cursor: usize,
    height: usize,
    w: usize,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let title = format!("Changed answers ({}), regressions first", answers.len());
    let mut out = vec![Line::styled(fit(&title, w), theme.title())];
    let height = height.saturating_sub(1);
    let off = scroll_offset(cursor, answers.len(), height);
    for (i, a) in answers.iter().enumerate().skip(off).take(height) {
        let fields: Vec<&str> = a.fields.iter().map(|f| field_name(f.field)).collect();
        let text = format!(" {}  {}", clean(&a.question), fields.join(", "));
        let style = theme.highlight(i == cursor);
        let pointer = theme.pointer(i == cursor);
        out.push(Line::from(vec![
            Span::raw(pointer),
            Span::styled(arrow(a.direction, theme), dir_style(a.direction, theme)),
            Span::styled(fit(&text, w.saturating_sub(2)), style),
        ]));
    }
    out
}

fn field_name(f: AnswerField) -> &'static str {
    match f {
        AnswerField::Value => "answer",
        AnswerField::Justification => "justification",
        AnswerField::Note => "note",
        AnswerField::Evidence => "evidence",
        AnswerField::Attestation => "attestation",
        AnswerField::Owner => "owner",
        AnswerField::Due => "due",
        AnswerField::Flagged => "flagged",
    }
}

/// Old and new of each changed field in two columns.
fn detail_lines<'a>(a: &AnswerChange, w: usize, theme: &Theme) -> Vec<Line<'a>> {
    let col = w.saturating_sub(15) / 2;
    let title = format!(
        "{} {}  (Esc: back to the list)",
        arrow(a.direction, theme),
        clean(&a.question)
    );
    let mut out = vec![
        Line::styled(fit(&title, w), theme.title()),
        Line::styled(
            format!("{:<13}  {:<col$} {}", "", fit("old", col), fit("new", col)),
            theme.dim(),
        ),
    ];
    for f in &a.fields {
        out.extend(field_rows(f, col));
    }
    out
}

fn field_rows<'a>(f: &FieldChange, col: usize) -> Vec<Line<'a>> {
    let wrap = |s: &Option<String>| -> Vec<String> {
        let text = s
            .as_deref()
            .map_or_else(|| "—".to_string(), crate::tui::view::text::clean_text);
        text.lines().flat_map(|l| chunks(l, col.max(1))).collect()
    };
    let (old, new) = (wrap(&f.old), wrap(&f.new));
    let n = old.len().max(new.len()).min(6);
    (0..n)
        .map(|i| {
            let name = if i == 0 { field_name(f.field) } else { "" };
            let o = old.get(i).map_or("", String::as_str);
            let nw = new.get(i).map_or("", String::as_str);
            Line::raw(format!("{name:<13}  {o:<col$} {nw}"))
        })
        .collect()
}

/// `s` in pieces of at most `width` columns (by display width; wide characters stay whole).
fn chunks(s: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let mut out = Vec::new();
    let (mut cur, mut used) = (String::new(), 0);
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw > width && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
            used = 0;
        }
        cur.push(c);
        used += cw;
    }
    if !cur.is_empty() || out.is_empty() {
        out.push(cur);
    }
    out
}
