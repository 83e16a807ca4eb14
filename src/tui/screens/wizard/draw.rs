//! The wizard: section tree, question with its answer widget, help panel. Side by side
//! from `WIDE` columns on; narrower, the panes become tabs.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::model::{Answer, AnswerSpec, Assessment, Question, Questionnaire};
use crate::tui::answers::{self, answer_of, effective_mark, mark};
use crate::tui::ctx::Ctx;
use crate::tui::outline::{Row, RowKind};
use crate::tui::view::text::{bar, clean, clean_row, clean_text, fit};
use crate::tui::view::theme::{Glyph, Theme};
use crate::tui::view::widgets::{WIDE, scroll_offset};
use crate::tui::wizard::{Pane, WizardState};

/// Draws the wizard: outline, question and answer, information.
pub fn draw(ctx: &Ctx, w: &WizardState, f: &mut Frame, area: Rect, theme: &Theme) {
    let empty = Assessment::new("", None);
    let a = w.assessment(&ctx.data).unwrap_or(&empty);
    let Some(q) = ctx.catalog.questionnaire(&w.questionnaire) else {
        return;
    };
    if area.width >= WIDE {
        let [t, m, s] = Layout::horizontal([
            Constraint::Percentage(32),
            Constraint::Percentage(40),
            Constraint::Percentage(28),
        ])
        .areas(area);
        for (pane, rect) in [(Pane::Tree, t), (Pane::Answer, m), (Pane::Info, s)] {
            draw_pane(w, q, a, pane, f, rect, theme);
        }
    } else {
        let [tabs, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        let spans: Vec<Span> = [Pane::Tree, Pane::Answer, Pane::Info]
            .iter()
            .flat_map(|p| {
                let label = if *p == w.focus {
                    format!("[{}]", p.title())
                } else {
                    format!(" {} ", p.title())
                };
                let style = if *p == w.focus {
                    theme.focus()
                } else {
                    theme.dim()
                };
                [Span::styled(label, style), Span::raw(" ")]
            })
            .chain([Span::styled("Tab: switch", theme.dim())])
            .collect();
        crate::tui::view::widgets::put_lines(f, tabs, &[Line::from(spans)]);
        draw_pane(w, q, a, w.focus, f, rest, theme);
    }
}

fn draw_pane(
    w: &WizardState,
    q: &Questionnaire,
    a: &Assessment,
    pane: Pane,
    f: &mut Frame,
    area: Rect,
    theme: &Theme,
) {
    let inner =
        crate::tui::view::widgets::draw_block(f, area, pane.title(), pane == w.focus, theme);
    match pane {
        Pane::Tree => tree(w, q, a, f, inner, theme),
        Pane::Answer => question(w, q, a, f, inner, theme),
        Pane::Info => info(w, q, f, inner, theme),
    }
}

fn tree(
    w: &WizardState,
    q: &Questionnaire,
    a: &Assessment,
    f: &mut Frame,
    area: Rect,
    theme: &Theme,
) {
    let height = area.height as usize;
    let width = area.width as usize;
    let offset = scroll_offset(w.cursor, w.rows.len(), height);
    let lines: Vec<Line> = w
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, r)| tree_line(q, a, w, i, r, width, theme))
        .collect();
    crate::tui::view::widgets::put_lines(f, area, &lines);
}

fn tree_line<'a>(
    q: &Questionnaire,
    a: &Assessment,
    w: &WizardState,
    i: usize,
    r: &Row,
    width: usize,
    theme: &Theme,
) -> Line<'a> {
    let selected = i == w.cursor;
    // The pointer keeps the cursor visible without colour or reverse video.
    let indent = match (selected, r.depth) {
        (true, d) if d > 0 => format!(
            "{}{}",
            theme.glyph(Glyph::Pointer),
            " ".repeat(d as usize - 1)
        ),
        _ => " ".repeat(r.depth as usize),
    };
    let (marker, text) = match &r.kind {
        RowKind::Section => {
            let s = w.index.section(q, &r.section);
            let title = s.map_or(String::new(), |s| {
                let rf = s
                    .reference
                    .as_deref()
                    .map(|x| format!("{} ", clean(x)))
                    .unwrap_or_default();
                format!("{rf}{}", clean(&s.title))
            });
            let p = w.summary.rows.get(i).copied().unwrap_or_default();
            let suffix = if r.applicable {
                format!(" {}/{}", p.answered, p.applicable)
            } else {
                " n/a".into()
            };
            (String::new(), format!("{indent}{title}{suffix}"))
        }
        RowKind::EntryHeader(n) => (
            String::new(),
            format!(
                "{indent}{} {} {n}",
                theme.glyph(Glyph::Group),
                entry_label(w, q, &r.section)
            ),
        ),
        RowKind::AddEntry => (
            String::new(),
            format!("{indent}+ add {}", entry_label(w, q, &r.section)),
        ),
        RowKind::Question(id) => {
            let ans = answer_of(a, r);
            let question = w.index.question(q, id);
            let m = match question {
                Some(question) => effective_mark(q, &w.index, question, ans, r.applicable, w.as_of),
                None => mark(ans, r.applicable),
            };
            let flag = if ans.is_some_and(|x| x.flagged) {
                "!"
            } else {
                " "
            };
            let expired = ans.is_some_and(|x| {
                (x.evidence.iter()).any(|e| crate::tui::evidence::expired(e, w.as_of))
            });
            // Only the start of the prompt: the row is cut to the pane's width.
            let prompt = question.map(|x| clean_row(&x.prompt)).unwrap_or_default();
            let prompt = if expired {
                format!("(evidence expired) {prompt}")
            } else {
                prompt
            };
            (
                format!("{indent}{m}{flag}"),
                format!("{} {prompt}", clean(id)),
            )
        }
    };
    let base = if selected {
        theme.selected()
    } else if !r.applicable {
        theme.dim()
    } else if r.kind == RowKind::Section {
        theme.title()
    } else {
        Default::default()
    };
    let mw = unicode_width::UnicodeWidthStr::width(marker.as_str());
    let body = fit(&text, width.saturating_sub(mw));
    let mark_style = if selected {
        base
    } else {
        theme.mark(marker.trim().trim_end_matches('!'))
    };
    Line::from(vec![
        Span::styled(marker, mark_style),
        Span::styled(body, base),
    ])
}

fn entry_label(w: &WizardState, q: &Questionnaire, section: &str) -> String {
    w.index
        .section(q, section)
        .and_then(|s| s.repeatable.as_ref())
        .map_or_else(|| "entry".into(), |r| clean(&r.entry_label))
}

fn question(
    w: &WizardState,
    q: &Questionnaire,
    a: &Assessment,
    f: &mut Frame,
    area: Rect,
    theme: &Theme,
) {
    let Some(row) = w.row() else { return };
    if row.question().is_none() {
        let msg = if row.kind == RowKind::AddEntry {
            "Enter (or a) adds an entry to this section."
        } else {
            ""
        };
        f.render_widget(Paragraph::new(msg).wrap(Wrap { trim: false }), area);
        return;
    }
    let (lines, focus) = question_lines(w, q, a, area, theme);
    let h = area.height as usize;
    if lines.len() <= h {
        crate::tui::view::widgets::put_lines(f, area, &lines);
        return;
    }
    let view_h = h.saturating_sub(1).max(1);
    let max = lines.len().saturating_sub(view_h);
    // The highlighted option stays in view; PgDn scrolls on to the details below.
    let need = (focus + 2).saturating_sub(view_h);
    let offset = (w.answer_scroll as usize).max(need).min(max);
    let end = (offset + view_h).min(lines.len());
    let shown: Vec<Line> = lines.get(offset..end).unwrap_or_default().to_vec();
    crate::tui::view::widgets::put_lines(f, area, &shown);
    let arrows = match (offset > 0, end < lines.len()) {
        (true, true) => "↑↓",
        (true, false) => "↑",
        _ => "↓",
    };
    let more = format!(
        "{arrows} lines {}–{end} of {}: PgUp/PgDn scroll",
        offset + 1,
        lines.len()
    );
    let bottom = Rect {
        y: area.y + view_h as u16,
        height: 1,
        ..area
    };
    crate::tui::view::widgets::put_lines(
        f,
        bottom,
        &[Line::styled(fit(&more, area.width as usize), theme.dim())],
    );
}

/// The Question pane's lines wrapped to `area`'s width, and the line of the highlighted
/// option (or the answer widget's first line), which scrolling keeps in view. Below 12
/// rows the blank spacer lines go, so the options show at 60×15.
fn question_lines<'a>(
    w: &WizardState,
    q: &Questionnaire,
    a: &Assessment,
    area: Rect,
    theme: &Theme,
) -> (Vec<Line<'a>>, usize) {
    let Some(row) = w.row() else {
        return (Vec::new(), 0);
    };
    let Some(question) = row.question().and_then(|id| w.index.question(q, id)) else {
        return (Vec::new(), 0);
    };
    let ans = answer_of(a, row);
    let mut lines = header_lines(w, q, row, question, theme);
    if area.height < 12 {
        lines.retain(|l| l.width() > 0);
    }
    let widget_at = lines.len();
    let focus = if !row.applicable {
        lines.push(Line::styled(
            "n/a: does not apply to this organization, subject or earlier answers; skipped.",
            theme.dim(),
        ));
        widget_at
    } else {
        let widget = widget_lines(q, w, question, ans, theme);
        let picked = if matches!(question.answer, AnswerSpec::LikelihoodSeverity { .. })
            || answers::typed(&question.answer)
        {
            0
        } else {
            w.pick
        };
        lines.extend(widget);
        widget_at + picked
    };
    if let Some(ans) = ans {
        lines.extend(detail_lines(q, w, question, ans, theme));
    }
    wrap(lines, area.width as usize, focus)
}

/// Word-wraps one-style lines to `width` (lines of several spans, such as grid rows, are
/// kept as they are); returns them and where line `focus` went.
fn wrap<'a>(lines: Vec<Line<'a>>, width: usize, focus: usize) -> (Vec<Line<'a>>, usize) {
    let mut out = Vec::new();
    let mut moved = 0;
    for (i, line) in lines.into_iter().enumerate() {
        if i == focus {
            moved = out.len();
        }
        if line.spans.len() > 1 || line.width() <= width || width == 0 {
            out.push(line);
            continue;
        }
        let style = line
            .style
            .patch(line.spans.first().map(|s| s.style).unwrap_or_default());
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        let editor = crate::tui::editor::TextEditor::new(&text, true);
        out.extend(
            editor
                .wrapped(width + 1)
                .0
                .into_iter()
                .map(|l| Line::styled(l, style)),
        );
    }
    (out, moved)
}

/// The Question pane's text area inside the wizard's `body`: the middle column from
/// `WIDE` columns on, else the tab under the tab line; less the border.
pub(crate) fn question_area(body: Rect) -> Rect {
    let pane = if body.width >= WIDE {
        let [_, m, _] = Layout::horizontal([
            Constraint::Percentage(32),
            Constraint::Percentage(40),
            Constraint::Percentage(28),
        ])
        .areas(body);
        m
    } else {
        let [_, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
        rest
    };
    pane.inner(ratatui::layout::Margin::new(1, 1))
}

/// How far the Question pane of a `width`×`height` area can scroll for the question under
/// the cursor (what PgDn stops at).
pub(crate) fn question_scroll_max(ctx: &Ctx, w: &WizardState, width: u16, height: u16) -> usize {
    let Some(q) = ctx.catalog.questionnaire(&w.questionnaire) else {
        return 0;
    };
    let empty = Assessment::new("", None);
    let a = w.assessment(&ctx.data).unwrap_or(&empty);
    let area = Rect::new(0, 0, width, height);
    let theme = Theme {
        color: false,
        ascii: false,
    };
    let (lines, _) = question_lines(w, q, a, area, &theme);
    let view_h = (height as usize).saturating_sub(1).max(1);
    if lines.len() <= height as usize {
        return 0;
    }
    lines.len().saturating_sub(view_h)
}

fn header_lines<'a>(
    w: &WizardState,
    q: &Questionnaire,
    row: &Row,
    question: &Question,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let section = w.index.section(q, &row.section);
    let path = section.map_or(String::new(), |s| {
        format!(
            "{} {}",
            s.reference.as_deref().map(clean).unwrap_or_default(),
            clean(&s.title)
        )
    });
    let mut tags = vec![clean(&question.id)];
    if question.required {
        tags.push("required".into());
    }
    if question.evidence_required {
        tags.push("evidence required".into());
    }
    if let Some((_, e)) = &row.entry {
        tags.push(clean(e));
    }
    let mut lines = vec![
        Line::styled(path.trim().to_string(), theme.dim()),
        Line::styled(tags.join(" · "), theme.dim()),
        Line::raw(""),
    ];
    lines.extend(
        clean_text(&question.prompt)
            .lines()
            .map(|l| Line::styled(l.to_string(), theme.title())),
    );
    lines.push(Line::raw(""));
    lines
}

fn widget_lines<'a>(
    q: &Questionnaire,
    w: &WizardState,
    question: &Question,
    ans: Option<&Answer>,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let spec = &question.answer;
    let focused = w.focus == Pane::Answer;
    match spec {
        AnswerSpec::LikelihoodSeverity {
            likelihood,
            severity,
        } => grid_lines(q, w, likelihood, severity, theme),
        _ if answers::typed(spec) => {
            let current = ans
                .map(|a| answers::describe(q, spec, &a.value))
                .unwrap_or_else(|| "(no answer yet)".into());
            let mut out: Vec<Line> = clean_text(&current)
                .lines()
                .map(|l| Line::raw(l.to_string()))
                .collect();
            out.push(Line::styled(typed_hint(spec), theme.dim()));
            out
        }
        _ => {
            let multi = matches!(spec, AnswerSpec::MultiChoice { .. });
            let opts = answers::offered(spec, w.excludable);
            let mut out: Vec<Line> = opts
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    let chosen = if multi {
                        matches!(&o.value, crate::model::Value::Choice(v) if w.multi.contains(v))
                    } else {
                        ans.is_some_and(|a| a.value == o.value)
                    };
                    let boxed = match (multi, chosen) {
                        (true, true) => "[x]",
                        (true, false) => "[ ]",
                        (false, true) => "(•)",
                        (false, false) => "( )",
                    };
                    let pointer = theme.pointer(focused && i == w.pick);
                    let detail = o
                        .detail
                        .as_deref()
                        .map(|d| format!(" — {}", clean(d)))
                        .unwrap_or_default();
                    let text = format!("{pointer}{} {boxed} {}{detail}", i + 1, clean(&o.label));
                    let style = theme.highlight(focused && i == w.pick);
                    Line::styled(text, style)
                })
                .collect();
            let hint = if multi {
                "1-9 / Space toggle, Enter saves the selection"
            } else {
                "1-9 answers directly; Enter on the Question pane commits"
            };
            out.push(Line::styled(hint, theme.dim()));
            out
        }
    }
}

fn typed_hint(spec: &AnswerSpec) -> String {
    match spec {
        AnswerSpec::Date => "Enter: type a date (YYYY-MM-DD)".into(),
        AnswerSpec::Number { min, max, unit } => {
            let bound = |b: &Option<f64>| b.map(|v| v.to_string()).unwrap_or_else(|| "…".into());
            format!(
                "Enter: type a number ({}–{}{})",
                bound(min),
                bound(max),
                unit.as_deref()
                    .map(|u| format!(" {}", clean(u)))
                    .unwrap_or_default()
            )
        }
        AnswerSpec::Text {
            min_length: Some(n),
            ..
        } => format!("Enter: write the answer (at least {n} characters)"),
        _ => "Enter: write the answer".into(),
    }
}

fn grid_lines<'a>(
    q: &Questionnaire,
    w: &WizardState,
    lik: &str,
    sev: &str,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let levels = |id: &str| {
        q.scales
            .get(id)
            .map(|s| s.levels.clone())
            .unwrap_or_default()
    };
    let (ls, ss) = (levels(lik), levels(sev));
    let mut out = vec![Line::styled(
        "likelihood ↑↓ × severity ←→, Enter commits",
        theme.dim(),
    )];
    for l in ls.iter().rev() {
        let mut spans = vec![Span::raw(format!("L{} ", l.value))];
        for s in &ss {
            let here = l.value == w.rating.likelihood && s.value == w.rating.severity;
            let cell = format!("{:>3}", l.value * s.value);
            let text = if here {
                format!("[{cell}]")
            } else {
                format!(" {cell} ")
            };
            spans.push(Span::styled(text, theme.highlight(here)));
        }
        out.push(Line::from(spans));
    }
    let head: String = ss.iter().map(|s| format!("  S{} ", s.value)).collect();
    out.push(Line::raw(format!("   {head}")));
    let label = |v: &[crate::model::ScaleLevelAnchor], x: i64| {
        v.iter()
            .find(|l| l.value == x)
            .map(|l| format!("{} ({})", clean(&l.label), clean(&l.description)))
            .unwrap_or_default()
    };
    out.push(Line::raw(format!(
        "likelihood: {}",
        label(&ls, w.rating.likelihood)
    )));
    out.push(Line::raw(format!(
        "severity: {}",
        label(&ss, w.rating.severity)
    )));
    out
}

fn detail_lines<'a>(
    q: &Questionnaire,
    w: &WizardState,
    question: &Question,
    a: &Answer,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let today = w.as_of;
    let mut out = vec![
        Line::raw(""),
        Line::styled(
            format!(
                "Answer: {}",
                clean(&answers::describe(q, &question.answer, &a.value))
            ),
            theme.title(),
        ),
    ];
    if let Some(why) = answers::effective_reason(q, &w.index, question, Some(a), today) {
        out.push(Line::styled(
            format!("Scoring note: {}", clean(&why)),
            theme.error(),
        ));
    }
    let mut field = |name: &str, value: String| out.push(Line::raw(format!("{name}: {value}")));
    if let Some(j) = &a.justification {
        field("Justification", clean(j));
    }
    if a.flagged {
        field("Flag", "! flagged for follow-up".into());
    }
    field(
        "Note (N)",
        if a.note.is_empty() {
            "—".into()
        } else {
            clean(&a.note)
        },
    );
    let ev: Vec<String> = (a.evidence.iter())
        .map(|e| crate::tui::evidence::describe(e, today))
        .collect();
    let missing = question.evidence_required && ev.is_empty();
    field(
        "Evidence (e)",
        if ev.is_empty() {
            if missing {
                "— missing (required)".into()
            } else {
                "—".into()
            }
        } else {
            ev.join("; ")
        },
    );
    if let Some(att) = a.attestation {
        let word = match att {
            crate::model::Attestation::SelfAttested => "self-attested (no evidence seen)",
            crate::model::Attestation::EvidenceBacked => "evidence-backed",
        };
        field("Attestation (e)", word.into());
    }
    field("Owner (o)", a.owner.as_deref().map_or("—".into(), clean));
    field("Due (d)", a.due.map_or("—".into(), |d| d.to_string()));
    if a.evidence
        .iter()
        .any(|e| crate::tui::evidence::expired(e, today))
    {
        out.push(Line::styled(
            "! evidence expired: renew it, or record the new item (e)",
            theme.error(),
        ));
    }
    out
}

fn info(w: &WizardState, q: &Questionnaire, f: &mut Frame, area: Rect, theme: &Theme) {
    let Some(question) = w
        .row()
        .and_then(|r| r.question())
        .and_then(|id| w.index.question(q, id))
    else {
        return;
    };
    let mut lines = vec![Line::styled("What an auditor looks for", theme.title())];
    lines.extend(
        clean_text(&question.help)
            .lines()
            .map(|l| Line::raw(l.to_string())),
    );
    let evidence: Vec<String> = question
        .evidence_examples
        .iter()
        .map(|e| format!("{} {}", theme.glyph(Glyph::Bullet), clean(e)))
        .collect();
    titled_block(&mut lines, "Evidence examples", evidence, theme);
    let crosswalk: Vec<String> = question
        .mappings
        .iter()
        .map(|m| format!("{}: {}", clean(&m.framework), clean(&m.reference)))
        .collect();
    titled_block(&mut lines, "Crosswalk", crosswalk, theme);
    if !question.tags.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("Tags: {}", clean(&question.tags.join(", "))),
            theme.dim(),
        ));
    }
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((w.info_scroll, 0)),
        area,
    );
}

/// The status line under the wizard: overall progress and the section's readiness.
pub(crate) fn progress_line<'a>(w: &WizardState, width: usize, theme: &Theme) -> Line<'a> {
    let p = w.summary.overall;
    let top = w.row().map_or(0, |r| r.top);
    let sp = w.summary.top(top);
    let ready = w
        .summary
        .readiness
        .get(top)
        .copied()
        .flatten()
        .map_or("—".into(), crate::report::escape::pct);
    let text = format!(
        "{}/{} answered {} {} · this clause {}/{} · readiness {ready}",
        p.answered,
        p.applicable,
        bar(p.ratio(), 12, theme),
        crate::report::escape::pct_whole(p.ratio()),
        sp.answered,
        sp.applicable
    );
    Line::styled(fit(&text, width), theme.dim())
}

/// A blank line, a title and the items, when there are items.
fn titled_block(lines: &mut Vec<Line<'_>>, title: &'static str, items: Vec<String>, theme: &Theme) {
    if items.is_empty() {
        return;
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(title, theme.title()));
    lines.extend(items.into_iter().map(Line::raw));
}

/// How far the wizard's Question pane can scroll at the app's terminal size (PgDn stops
/// there): laid out as [`view`] lays it out.
pub fn question_scroll_max_at(ctx: &Ctx, w: &WizardState) -> u16 {
    let (width, height) = ctx.size;
    let hints = crate::tui::keymap::hints(
        &crate::tui::component::Component::scopes(w),
        &w.holds(&ctx.catalog),
    );
    let bar =
        u16::try_from(crate::tui::keymap::bar_lines(&hints, width as usize, 2).len()).unwrap_or(2);
    let body = Rect::new(0, 1, width, height.saturating_sub(2 + bar));
    let area = question_area(body);
    let max = question_scroll_max(ctx, w, area.width, area.height);
    u16::try_from(max).unwrap_or(u16::MAX)
}
