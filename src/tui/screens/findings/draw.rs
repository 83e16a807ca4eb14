//! Draws the audit findings register: a summary, the list (overdue and repeat findings
//! first, marked `!` and tagged in words), and the selected finding's details below.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;

use super::state::{FindingsState, Flags, earlier_closed, grade_label, status_label};
use crate::model::{Finding, FindingStatus};
use crate::tui::ctx::Ctx;
use crate::tui::screens::plans::draw::{Row, list_lines};
use crate::tui::view::text::{clean, fit};
use crate::tui::view::theme::Theme;
use crate::tui::view::widgets::{draw_block, put_lines};

/// Draws the register from the order the screen keeps.
pub fn draw(ctx: &Ctx, s: &FindingsState, f: &mut Frame, area: Rect, theme: &Theme) {
    let inner = draw_block(f, area, "Audit findings register", true, theme);
    let all = &ctx.data.findings;
    let reg = &s.register;
    let [top, head, list, below] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(6),
    ])
    .areas(inner);
    let w = inner.width as usize;
    let open = all
        .iter()
        .filter(|x| x.status != FindingStatus::Closed)
        .count();
    let overdue = reg.iter().filter(|(_, fl)| fl.overdue).count();
    let repeat = reg.iter().filter(|(_, fl)| fl.repeat).count();
    let summary = format!(
        "{} · {open} not closed · {overdue} overdue · {repeat} repeat (!) · as of {}",
        crate::tui::view::text::count(all.len(), "finding", "findings"),
        s.as_of
    );
    put_lines(f, top, &[Line::styled(fit(&summary, w), theme.title())]);
    let header = format!(
        "      {:<8} {:<10} {:<5} {:<7} {:<11} {:<10} owner",
        "flags", "id", "grade", "ref", "status", "due"
    );
    put_lines(f, head, &[Line::styled(fit(&header, w), theme.dim())]);
    // Only the rows on screen are laid out.
    let row_at = |k: usize| {
        reg.get(k)
            .and_then(|&(i, fl)| Some(row(all.get(i)?, fl)))
            .unwrap_or_default()
    };
    if reg.is_empty() {
        let hint = "no findings yet: a adds one (grade, clause or control, corrective action)";
        put_lines(f, list, &[Line::raw(fit(hint, w))]);
    } else {
        put_lines(
            f,
            list,
            &list_lines(reg.len(), row_at, s.cursor, list, theme),
        );
    }
    let selected = reg
        .get(s.cursor)
        .and_then(|(i, fl)| Some((all.get(*i)?, *fl)));
    let mut lines = vec![Line::styled("─".repeat(w), theme.dim())];
    if let Some((x, fl)) = selected {
        lines.extend(detail(x, fl, all).iter().map(|d| Line::raw(fit(d, w))));
    }
    put_lines(f, below, &lines);
}

/// Short grade for the list: majors shout.
fn grade_short(x: &Finding) -> String {
    match grade_label(x.grade) {
        "major" => "MAJOR".into(),
        "observation" => "obs".into(),
        other => other.into(),
    }
}

fn row(x: &Finding, fl: Flags) -> Row {
    let ca = x.corrective_action.as_ref();
    let due = ca
        .and_then(|c| c.due)
        .map_or_else(|| "—".into(), |d| d.to_string());
    let owner = ca
        .and_then(|c| c.owner.as_deref())
        .map_or_else(|| "—".into(), clean);
    let tags = match (fl.overdue, fl.repeat) {
        (true, true) => "late rep",
        (true, false) => "late",
        (false, true) => "repeat",
        (false, false) => "",
    };
    Row {
        text: format!(
            "{tags:<8} {:<10} {:<5} {:<7} {:<11} {due:<10} {owner}",
            fit(&clean(&x.id), 10),
            grade_short(x),
            fit(&clean(&x.reference), 7),
            status_label(x.status),
        ),
        mark: match x.status {
            FindingStatus::Open => 'O',
            FindingStatus::InProgress => 'P',
            FindingStatus::Closed => 'C',
        },
        alert: fl.any(),
    }
}

fn detail(x: &Finding, fl: Flags, all: &[Finding]) -> Vec<String> {
    let mut out = vec![
        format!(
            "{} · {} · {} · raised {} at {}",
            clean(&x.id),
            grade_label(x.grade),
            clean(&x.reference),
            x.raised,
            clean(&x.audit),
        ),
        clean(&x.description),
    ];
    if let Some(c) = &x.corrective_action {
        out.push(format!(
            "Root cause: {} · Action: {} ({})",
            clean(&c.root_cause),
            clean(&c.action),
            status_label(c.status)
        ));
    }
    if fl.overdue {
        out.push("! overdue: the corrective action is past its due date".into());
    }
    if fl.repeat {
        let before: Vec<String> = earlier_closed(x, all).map(|o| clean(&o.id)).collect();
        out.push(format!(
            "! repeat: {} was closed before on the same clause/control",
            before.join(", ")
        ));
    }
    out
}
