//! Drawing. `view(&App, &mut Frame)` never mutates the app; every string from a file or an
//! answer is sanitized (`text::clean`) before it is drawn.

mod diff;
mod findings;
mod heatmap;
mod home;
mod plans;
mod popups;
mod risk;
pub mod text;
pub mod theme;
mod vendors;
mod wizard;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::app::{App, Screen};
use super::keymap;
use text::{clean, fit};
use theme::Theme;

/// Smallest usable terminal.
pub const MIN_WIDTH: u16 = 40;
/// Smallest usable terminal height.
pub const MIN_HEIGHT: u16 = 12;
/// From this width on, the wizard shows its three panes side by side.
pub const WIDE: u16 = 120;

/// Draws the whole app.
pub fn view(app: &App, f: &mut Frame) {
    let area = f.area();
    let theme = Theme {
        color: app.color,
        ascii: app.ascii,
    };
    draw_all(app, f, area, &theme);
    if theme.ascii {
        theme::asciify_buffer(f.buffer_mut());
    }
}

fn draw_all(app: &App, f: &mut Frame, area: Rect, theme: &Theme) {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(f, area, theme);
        return;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(2),
    ])
    .areas(area);
    draw_header(app, f, header, theme);
    match &app.screen {
        Screen::Home(h) => home::draw(app, h, f, body, theme),
        Screen::Wizard(w) => wizard::draw(app, w, f, body, theme),
        Screen::Heatmap(s) => heatmap::draw(app, s, f, body, theme),
        Screen::Diff(s) => diff::draw(app, s, f, body, theme),
        Screen::Plans(s) => plans::draw(app, s, f, body, theme),
        Screen::Risk(s) => risk::draw(app, s, f, body, theme),
        Screen::Vendors(s) => vendors::draw(app, s, f, body, theme),
        Screen::Findings(s) => findings::draw(app, s, f, body, theme),
    }
    draw_footer(app, f, footer, theme);
    popups::draw(app, f, body, theme);
}

fn too_small(f: &mut Frame, area: Rect, theme: &Theme) {
    let msg = format!(
        "terminal too small: {}×{}, need {MIN_WIDTH}×{MIN_HEIGHT}",
        area.width, area.height
    );
    let lines: Vec<Line> = vec![Line::styled(msg, theme.error())];
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

fn draw_header(app: &App, f: &mut Frame, area: Rect, theme: &Theme) {
    let org = if app.data.organization.is_empty() {
        "(organization not set: O)".to_string()
    } else {
        clean(&app.data.organization)
    };
    let mut text = format!("clausewise · {org} · profile {}", clean(&app.data.profile));
    if let Some(w) = app.wizard()
        && let Some(q) = app.catalog.questionnaire(&w.questionnaire)
    {
        text.push_str(&format!(" · {}", clean(&q.title)));
        if let Some(s) = w
            .subject
            .as_ref()
            .and_then(|id| app.data.subjects.iter().find(|s| &s.id == id))
        {
            text.push_str(&format!(" · {}", clean(&s.name)));
        }
    }
    f.render_widget(
        Paragraph::new(Line::styled(fit(&text, area.width as usize), theme.title())),
        area,
    );
}

fn draw_footer(app: &App, f: &mut Frame, area: Rect, theme: &Theme) {
    let [status, hints] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let width = area.width as usize;
    if let Some(msg) = &app.status {
        // A message too long for one line (a save error naming a deep path) takes the hint
        // line too, so its cause is not cut off at 80 columns.
        let text = format!("! {}", clean(msg));
        let split = text.char_indices().nth(width).map(|(i, _)| i);
        if let Some((first, rest)) = split.and_then(|i| Some((text.get(..i)?, text.get(i..)?))) {
            let lines = vec![
                Line::styled(first.to_string(), theme.error()),
                Line::styled(fit(rest, width), theme.error()),
            ];
            f.render_widget(Paragraph::new(lines), area);
            return;
        }
        f.render_widget(Paragraph::new(Line::styled(text, theme.error())), status);
    } else {
        let status_line = match app.wizard() {
            Some(w) => wizard::progress_line(w, width, theme),
            None => Line::styled(
                fit("Saved automatically after every answer.", width),
                theme.dim(),
            ),
        };
        f.render_widget(Paragraph::new(status_line), status);
    }
    f.render_widget(Paragraph::new(hint_line(app, width, theme)), hints);
}

/// The keys of the active scopes that fit in `width`.
fn hint_line<'a>(app: &App, width: usize, theme: &Theme) -> Line<'a> {
    let mut spans = Vec::new();
    let mut used = 0;
    for (key, desc) in keymap::hints(&app.scopes()) {
        let len = key.chars().count() + desc.chars().count() + 3;
        if used + len > width {
            spans.push(Span::styled("…", theme.dim()));
            break;
        }
        used += len;
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::raw(format!(" {desc}  ")));
    }
    Line::from(spans)
}

/// A bordered block, highlighted when focused.
pub(crate) fn block<'a>(title: &str, focused: bool, theme: &Theme) -> Block<'a> {
    let b = Block::default()
        .borders(Borders::ALL)
        .border_set(theme.borders())
        .title(format!(" {title} "));
    if focused {
        b.border_style(theme.focus()).title_style(theme.focus())
    } else {
        b
    }
}

/// The rows `offset..` to show so `cursor` stays visible in `height` lines.
pub(crate) fn scroll_offset(cursor: usize, len: usize, height: usize) -> usize {
    if len <= height || height == 0 {
        return 0;
    }
    cursor.saturating_sub(height / 2).min(len - height)
}
