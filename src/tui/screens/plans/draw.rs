//! Draws the Statement of Applicability and the remediation plan: a one-line summary, the
//! list with a cursor, and the selected row's full text below.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use super::state::{PlansState, Tab, filtered};
use crate::scoring::{GapScore, RemediationItem, SoaEntry};
use crate::tui::ctx::Ctx;
use crate::tui::view::text::{clean, fit};
use crate::tui::view::theme::{Glyph, Theme};
use crate::tui::view::widgets::{draw_block, put_lines, scroll_offset};

/// One list row: its text, its status letter, whether it needs attention (`!`).
#[derive(Clone, Default)]
pub(crate) struct Row {
    /// The row's text.
    pub text: String,
    /// The status letter, shown as `[x]`.
    pub mark: char,
    /// Whether `!` is shown.
    pub alert: bool,
}

/// Draws the SoA or the remediation plan from the gap score the screen keeps.
pub fn draw(_ctx: &Ctx, s: &PlansState, f: &mut Frame, area: Rect, theme: &Theme) {
    let title = match s.tab {
        Tab::Soa => "Statement of Applicability".to_string(),
        Tab::Remediation => format!("Remediation plan · filter {}", s.filter_label()),
    };
    let inner = draw_block(f, area, &title, true, theme);
    let gap = match s.gap.as_ref() {
        Ok(g) => g,
        Err(e) => {
            let line = Line::styled(fit(&clean(e), inner.width as usize), theme.error());
            put_lines(f, inner, &[line]);
            return;
        }
    };
    // Only the rows on screen are laid out: the plan can run to hundreds of items.
    let items = filtered(&gap.remediation, &s.filter);
    let (summary, len, detail) = match s.tab {
        Tab::Soa => soa(gap, s.cursor),
        Tab::Remediation => plan(gap, &items, s),
    };
    let row = |i: usize| {
        let row = match s.tab {
            Tab::Soa => gap.soa.get(i).map(soa_row),
            Tab::Remediation => items.get(i).map(|x| plan_row(x)),
        };
        row.unwrap_or_default()
    };
    let [top, list, below] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(4),
    ])
    .areas(inner);
    let w = inner.width as usize;
    put_lines(f, top, &[Line::styled(fit(&summary, w), theme.title())]);
    put_lines(f, list, &list_lines(len, row, s.cursor, list, theme));
    let mut lines = vec![Line::styled(
        theme.glyph(Glyph::Rule).repeat(w),
        theme.dim(),
    )];
    lines.extend(detail.iter().map(|d| Line::raw(fit(d, w))));
    put_lines(f, below, &lines);
}

/// The rows visible around the cursor: `›` on the cursor, `!` when alerting, `[x]` mark.
pub(crate) fn list_lines<'a>(
    len: usize,
    row: impl Fn(usize) -> Row,
    cursor: usize,
    area: Rect,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let (h, w) = (area.height as usize, area.width as usize);
    let off = scroll_offset(cursor, len, h);
    (off..len)
        .take(h)
        .map(|i| (i, row(i)))
        .map(|(i, r)| {
            let mark = format!("[{}]", r.mark);
            let style = theme.highlight(i == cursor);
            Line::from(vec![
                Span::raw(theme.pointer(i == cursor)),
                Span::styled(if r.alert { "!" } else { " " }, theme.error()),
                Span::styled(mark.clone(), theme.mark(&mark)),
                Span::styled(fit(&format!(" {}", r.text), w.saturating_sub(5)), style),
            ])
        })
        .collect()
}

fn soa(gap: &GapScore, cursor: usize) -> (String, usize, Vec<String>) {
    let applicable = gap.soa.iter().filter(|e| e.applicable).count();
    let missing = gap.soa.iter().filter(|e| e.error.is_some()).count();
    let summary = format!(
        "{} · {applicable} applicable · {missing} need a justification (!: e writes it)",
        crate::tui::view::text::count(gap.soa.len(), "control", "controls")
    );
    let detail = gap.soa.get(cursor).map(soa_detail).unwrap_or_default();
    (summary, gap.soa.len(), detail)
}

fn soa_row(e: &SoaEntry) -> Row {
    let appl = if e.applicable {
        "applicable"
    } else {
        "excluded"
    };
    Row {
        text: format!("{:<8} {appl:<10}  {}", clean(&e.reference), clean(&e.title)),
        mark: e.implemented.letter(),
        alert: e.error.is_some(),
    }
}

fn soa_detail(e: &SoaEntry) -> Vec<String> {
    let just = e
        .justification
        .as_deref()
        .map_or_else(|| "(none)".into(), clean);
    let mut out = vec![
        format!("{} {}", clean(&e.reference), clean(&e.title)),
        format!("Justification: {just}"),
    ];
    if let Some(err) = &e.error {
        out.push(format!("! {}", clean(err)));
    }
    out
}

fn plan(
    gap: &GapScore,
    items: &[&RemediationItem],
    s: &PlansState,
) -> (String, usize, Vec<String>) {
    let overdue = gap.remediation.iter().filter(|i| i.overdue).count();
    let summary = format!(
        "{} of {} shown · {overdue} overdue (!) · highest priority first",
        items.len(),
        crate::tui::view::text::count(gap.remediation.len(), "item", "items")
    );
    let detail = items
        .get(s.cursor)
        .map(|i| plan_detail(i))
        .unwrap_or_default();
    (summary, items.len(), detail)
}

fn plan_row(i: &RemediationItem) -> Row {
    let owner = i.owner.as_deref().map_or_else(|| "—".into(), clean);
    let due = i.due.map_or_else(|| "—".into(), |d| d.to_string());
    let reference = i.reference.as_deref().map_or_else(String::new, clean);
    Row {
        text: format!(
            "{:>5.2} {reference:<8} {:<14} {due:<10} {}",
            i.priority,
            fit(&owner, 14),
            crate::tui::view::text::clean_row(&i.prompt)
        ),
        mark: i.status.letter(),
        alert: i.overdue,
    }
}

fn plan_detail(i: &RemediationItem) -> Vec<String> {
    vec![
        clean(&i.prompt),
        format!(
            "{} · priority {:.2} (weight × profile × (1 − score))",
            clean(&i.question),
            i.priority
        ),
    ]
}
