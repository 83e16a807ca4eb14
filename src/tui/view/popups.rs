//! Popups: help, search palette, confirmation, text editor. Drawn bottom to top.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::text::{clean, fit};
use super::theme::Theme;
use super::widgets::{draw_block, put_lines};
use crate::model::Assessment;
use crate::tui::answers::{answer_of, effective_mark};
use crate::tui::app::App;
use crate::tui::ctx::{EditorPopup, Popup};
use crate::tui::form::Form;
use crate::tui::keymap;
use crate::tui::search::{Filter, SearchState};

/// Draws the popups bottom to top; where the terminal's cursor goes, if a popup takes text
/// (the last one that does). `hole_blank`: the bottom popup's [`hole`] is blank already
/// (the frame starts blank and the screen was copied around it), so it need not be
/// cleared.
pub(super) fn draw(
    app: &App,
    f: &mut Frame,
    area: Rect,
    theme: &Theme,
    hole_blank: bool,
) -> Option<Position> {
    let mut cursor = None;
    for (i, p) in app.ctx.popups.iter().enumerate() {
        if !(i == 0 && hole_blank)
            && let Some(r) = cleared(p, area)
        {
            f.render_widget(Clear, r);
        }
        match p {
            Popup::Help { scroll } => help(f, area, *scroll, theme),
            Popup::Search(s) => cursor = Some(search(app, s, f, area, theme)),
            Popup::Confirm { message, .. } => confirm(f, area, message, theme),
            Popup::Editor(e) => cursor = Some(editor(e, f, area, theme)),
            Popup::Form(form) => draw_form(form, f, area, theme),
            Popup::Conflict(c) => conflict(app, c, f, area, theme),
            Popup::History {
                title,
                lines,
                scroll,
            } => history(title, lines, *scroll, f, area, theme),
        }
    }
    cursor
}

/// The cells the bottom popup clears and draws over when it is the help, the search palette
/// or the history (the popups that cover most of the screen): the screen under it need
/// not be copied there. `None` for the others.
pub(super) fn hole(app: &App, area: Rect) -> Option<Rect> {
    cleared(app.ctx.popups.first()?, area)
}

/// The rectangle of a help, search or history popup, cleared before it is drawn (the
/// others clear their own).
fn cleared(p: &Popup, area: Rect) -> Option<Rect> {
    match p {
        Popup::Help { .. } => Some(help_rect(area)),
        Popup::Search(_) => Some(search_rect(area)),
        Popup::History { lines, .. } => Some(history_rect(area, lines.len())),
        _ => None,
    }
}

fn help_rect(area: Rect) -> Rect {
    centered(area, 90, area.height)
}

fn search_rect(area: Rect) -> Rect {
    below_first_row(centered(area, 100, area.height))
}

fn history_rect(area: Rect, lines: usize) -> Rect {
    let height = u16::try_from(lines + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    centered(area, 100, height.max(3))
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// `r` without its first row (the tab bar above the panes stays in sight), reaching down to
/// the panes' bottom border so that it draws the one bottom line there; `r` itself when too
/// low to give up a row.
fn below_first_row(r: Rect) -> Rect {
    if r.height <= 8 {
        return r;
    }
    Rect {
        y: r.y + 1,
        height: r.height - 1,
        ..r
    }
}

fn help(f: &mut Frame, area: Rect, scroll: u16, theme: &Theme) {
    let r = help_rect(area);
    let all = keymap::help_lines();
    let height = r.height.saturating_sub(2) as usize;
    let max = all.len().saturating_sub(height);
    let offset = (scroll as usize).min(max);
    let title = format!(
        "Keys {}-{} of {} (PgUp/PgDn, Home/End; Esc closes)",
        offset + 1,
        (offset + height).min(all.len()),
        all.len()
    );
    let inner = draw_block(f, r, &title, true, theme);
    let width = inner.width as usize;
    let lines: Vec<Line> = all
        .iter()
        .skip(offset)
        .take(height)
        .map(|l| match l {
            keymap::HelpLine::Heading(t) => Line::styled(*t, theme.title()),
            keymap::HelpLine::Blank => Line::raw(""),
            keymap::HelpLine::Binding(keys, desc) => Line::from(vec![
                Span::styled(format!("  {:<18} ", fit(keys, 18)), theme.key()),
                Span::raw(fit(desc, width.saturating_sub(21))),
            ]),
        })
        .collect();
    put_lines(f, inner, &lines);
}

/// The palette; the cursor's place at the end of the query.
fn search(app: &App, s: &SearchState, f: &mut Frame, area: Rect, theme: &Theme) -> Position {
    let r = search_rect(area);
    let inner = draw_block(
        f,
        r,
        "Search (Tab: filter, Enter: jump, Esc: close)",
        true,
        theme,
    );
    let [input, filters, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(inner);
    let query = s.query.text();
    f.render_widget(
        Paragraph::new(format!(
            "/ {}",
            fit(&query, (input.width as usize).saturating_sub(3))
        )),
        input,
    );
    let x = input.x
        + 2
        + unicode_width::UnicodeWidthStr::width(query.as_str())
            .min(input.width.saturating_sub(3) as usize) as u16;
    let spans: Vec<Span> = Filter::ALL
        .iter()
        .map(|fl| {
            if *fl == s.filter {
                Span::styled(format!("[{}] ", fl.label()), theme.focus())
            } else {
                Span::styled(format!(" {}  ", fl.label()), theme.dim())
            }
        })
        .collect();
    put_lines(f, filters, &[Line::from(spans)]);
    results(app, s, f, list, theme);
    Position::new(x, input.y)
}

/// The palette's results that fit in `list`, the selected one highlighted.
fn results(app: &App, s: &SearchState, f: &mut Frame, list: Rect, theme: &Theme) {
    let Some(w) = app.wizard() else { return };
    let Some(q) = app.ctx.catalog.questionnaire(&w.questionnaire) else {
        return;
    };
    let empty = Assessment::new("", None);
    let a = w.assessment(&app.ctx.data).unwrap_or(&empty);
    let height = list.height as usize;
    let offset = super::widgets::scroll_offset(s.selected, s.results.len(), height);
    let mut lines: Vec<Line> = s
        .window(offset, height)
        .iter()
        .zip(offset..)
        .filter_map(|(ri, i)| {
            let row = w.rows.get(*ri)?;
            let question = w.index.question(q, row.question()?)?;
            let mark = effective_mark(
                q,
                &w.index,
                question,
                answer_of(a, row),
                row.applicable,
                w.as_of,
            );
            let text = match s.label(*ri) {
                Some(label) => format!("{mark} {label}"),
                None => format!("{mark} {}", crate::tui::search::label(question)),
            };
            let style = theme.highlight(i == s.selected);
            Some(Line::styled(fit(&text, list.width as usize), style))
        })
        .collect();
    if s.results.is_empty() {
        lines.push(Line::styled("no matching questions", theme.dim()));
    }
    // The rows are fitted: drawn straight into the buffer (typing redraws them on every key).
    put_lines(f, list, &lines);
}

fn confirm(f: &mut Frame, area: Rect, message: &str, theme: &Theme) {
    let r = centered(area, 60, 5);
    f.render_widget(Clear, r);
    let inner = draw_block(f, r, "Confirm", true, theme);
    let lines = vec![
        Line::raw(clean(message)),
        Line::from(vec![
            Span::styled("y", theme.key()),
            Span::raw(" yes   "),
            Span::styled("n", theme.key()),
            Span::raw(" no"),
        ]),
    ];
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}

fn history(title: &str, lines: &[String], scroll: u16, f: &mut Frame, area: Rect, theme: &Theme) {
    let r = history_rect(area, lines.len());
    let inner = draw_block(f, r, title, true, theme);
    let width = inner.width as usize;
    // Only the lines scrolled into view are laid out.
    let text: Vec<Line> = lines
        .iter()
        .skip(usize::from(scroll))
        .take(usize::from(inner.height))
        .map(|l| Line::raw(fit(&clean(l), width)))
        .collect();
    put_lines(f, inner, &text);
}

fn conflict(app: &App, c: &crate::store::live::Conflict, f: &mut Frame, area: Rect, theme: &Theme) {
    let r = centered(area, 76, 8);
    f.render_widget(Clear, r);
    let inner = draw_block(f, r, "Changed by someone else", true, theme);
    let mut lines: Vec<Line> = conflict_text(c)
        .into_iter()
        .map(|l| Line::raw(clean(&l)))
        .collect();
    // The question's prompt beside its id, so it is clear which answer this is about.
    if let Some(q) = (app.ctx.catalog.questionnaire(&c.target.questionnaire))
        .and_then(|q| q.question(&c.target.question))
    {
        let label = crate::tui::wizard::question_label(&q.id, &q.prompt);
        lines.insert(
            0,
            Line::styled(fit(&label, inner.width as usize), theme.title()),
        );
    }
    lines.push(Line::from(vec![
        Span::styled("y", theme.key()),
        Span::raw(" keep yours   "),
        Span::styled("n", theme.key()),
        Span::raw(" keep theirs"),
    ]));
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}

/// The text editor; the cursor's place in the text.
fn editor(e: &EditorPopup, f: &mut Frame, area: Rect, theme: &Theme) -> Position {
    let about = u16::from(e.about.is_some());
    let height = if e.editor.multiline {
        area.height.saturating_sub(2).clamp(5, 16)
    } else {
        5 + about
    };
    // Anchored to the bottom of the body, so the tree above stays in view where it can.
    let r = centered(area, 80, height);
    let r = Rect {
        y: area.bottom().saturating_sub(r.height),
        ..r
    };
    f.render_widget(Clear, r);
    let inner = draw_block(f, r, &e.title, true, theme);
    let [head, text_area, err, keys] = Layout::vertical([
        Constraint::Length(about),
        Constraint::Min(1),
        Constraint::Length(u16::from(e.error.is_some())),
        Constraint::Length(1),
    ])
    .areas(inner);
    if let Some(label) = &e.about {
        let line = Line::styled(fit(&clean(label), head.width as usize), theme.title());
        f.render_widget(Paragraph::new(line), head);
    }
    let (lines, (cy, cx)) = e.editor.wrapped(text_area.width as usize);
    let h = text_area.height as usize;
    let offset = cy.saturating_sub(h.saturating_sub(1));
    // A pre-filled value shows selected: typing replaces it.
    let style = theme.highlight(e.editor.is_fresh());
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(offset)
        .take(h)
        .map(|l| Line::styled(l, style))
        .collect();
    f.render_widget(Paragraph::new(shown), text_area);
    if let Some(msg) = &e.error {
        f.render_widget(
            Paragraph::new(Line::styled(
                fit(&format!("! {}", clean(msg)), err.width as usize),
                theme.error(),
            )),
            err,
        );
    }
    let hint = Line::styled(fit(&editor_keys(e), keys.width as usize), theme.dim());
    f.render_widget(Paragraph::new(hint), keys);
    let x = text_area.x + (cx as u16).min(text_area.width.saturating_sub(1));
    let y = text_area.y + ((cy - offset) as u16).min(text_area.height.saturating_sub(1));
    Position::new(x, y)
}

/// The keys line of an editor: which key saves (Enter only in one-line editors), and that
/// typing replaces a pre-filled value.
pub(crate) fn editor_keys(e: &EditorPopup) -> String {
    let save = if e.editor.multiline {
        "Ctrl-S save · Enter new line"
    } else {
        "Enter or Ctrl-S save"
    };
    let fresh = match (e.editor.is_fresh(), e.editor.multiline) {
        (true, _) => " · typing replaces the text (← → edit it)",
        (false, true) => " · Ctrl-U clear line · Ctrl-W delete word",
        (false, false) => " · Ctrl-U clear · Ctrl-W delete word",
    };
    format!("{save} · Esc cancel{fresh}")
}

/// A form: one line per field (`‹value›` for pickers), then the error, or the outcome once
/// submitted, and the keys.
fn draw_form(form: &Form, f: &mut Frame, area: Rect, theme: &Theme) {
    let extra = form
        .outcome
        .as_ref()
        .map_or(1, |o| o.as_ref().map_or(1, Vec::len));
    let height = (form.fields.len() + extra + 4) as u16;
    let r = centered(area, 80, height);
    f.render_widget(Clear, r);
    let inner = draw_block(f, r, &clean(&form.title), true, theme);
    let w = inner.width as usize;
    let label_w = form.fields.iter().map(|x| x.label.len()).max().unwrap_or(0);
    let mut lines: Vec<Line> = form
        .fields
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let here = i == form.cursor && form.outcome.is_none();
            let value = clean(&x.value);
            let value = if x.is_picker() {
                format!("‹ {value} ›")
            } else if value.is_empty() {
                "—".to_string()
            } else {
                value
            };
            let pointer = if here { "›" } else { " " };
            let label = format!("{pointer}{:<label_w$}  ", x.label);
            let style = theme.highlight(here);
            Line::from(vec![
                Span::styled(label.clone(), theme.key()),
                Span::styled(fit(&value, w.saturating_sub(label.chars().count())), style),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    match (&form.outcome, &form.error) {
        (Some(Ok(done)), _) => lines.extend(
            done.iter()
                .map(|d| Line::styled(fit(&clean(d), w), theme.title())),
        ),
        (Some(Err(e)), _) => lines.push(Line::styled(fit(&clean(e), w), theme.error())),
        (None, Some(e)) => lines.push(Line::styled(
            fit(&format!("! {}", clean(e)), w),
            theme.error(),
        )),
        (None, None) => {}
    }
    let keys = if form.outcome.is_some() {
        "Enter / Esc close"
    } else {
        "↑↓ field · ←→ choice · Enter edit · Ctrl-S save · Esc cancel"
    };
    lines.push(Line::styled(fit(keys, w), theme.dim()));
    f.render_widget(Paragraph::new(lines), inner);
}

/// The conflict popup's text.
fn conflict_text(c: &crate::store::live::Conflict) -> Vec<String> {
    vec![
        format!(
            "{} changed {} while you were editing it.",
            crate::sanitize::line(&c.who),
            crate::sanitize::line(&c.target.question)
        ),
        format!(
            "Theirs: {}",
            crate::tui::answers::answer_line(c.theirs.as_ref())
        ),
        format!(
            "Yours:  {}",
            crate::tui::answers::answer_line(c.mine.as_ref())
        ),
    ]
}
