//! Drawing. `view(&App, &mut Frame)` never mutates the app; every string from a file or an
//! answer is sanitized (`text::clean`) before it is drawn.

mod popups;
pub mod text;
pub mod theme;
pub mod widgets;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::app::App;
use super::backdrop::Steady;
use super::keymap;
use text::{clean, fit};
use theme::Theme;

use widgets::put_lines;
pub use widgets::{MIN_HEIGHT, MIN_WIDTH, WIDE};

/// Draws the whole app, the terminal's cursor where a popup takes text.
pub fn view(app: &App, f: &mut Frame) {
    if let Some(cursor) = draw(app, f) {
        f.set_cursor_position(cursor);
    }
}

/// Draws the whole app; where the terminal's cursor goes (`None`: hidden).
pub fn draw(app: &App, f: &mut Frame) -> Option<Position> {
    frame(app, f).cursor
}

/// What drawing a frame tells the presenter besides its cells.
#[derive(Debug, Clone, Copy, Default)]
pub struct Drawing {
    /// Where the terminal's cursor goes (`None`: hidden).
    pub cursor: Option<Position>,
    /// The cells that are those of any frame drawn with the same promise.
    pub steady: Option<Steady>,
}

/// Draws the whole app: [`draw`], and which cells are those of the last frame.
pub fn frame(app: &App, f: &mut Frame) -> Drawing {
    let area = f.area();
    let theme = Theme {
        color: app.ctx.color,
        ascii: app.ctx.ascii,
    };
    let drawing = draw_all(app, f, area, &theme);
    if theme.ascii {
        theme::asciify_buffer(f.buffer_mut());
    }
    drawing
}

fn draw_all(app: &App, f: &mut Frame, area: Rect, theme: &Theme) -> Drawing {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(f, area, theme);
        return Drawing::default();
    }
    let bar = key_bar(app, area.width as usize, theme);
    let bar_height = u16::try_from(bar.len()).unwrap_or(2);
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1 + bar_height),
    ])
    .areas(area);
    if app.ctx.loading.is_some() {
        put_lines(
            f,
            body,
            &[Line::styled(
                fit("Reading the workspace…", body.width as usize),
                theme.dim(),
            )],
        );
        return Drawing::default();
    }
    if let Some(why) = &app.ctx.unreadable {
        unreadable(f, body, why, theme);
        return Drawing::default();
    }
    draw_header(app, f, header, theme);
    let (hole_blank, steady) = draw_screen(app, f, body, theme);
    draw_footer(app, f, footer, &bar, theme);
    let cursor = popups::draw(app, f, body, theme, hole_blank);
    Drawing { cursor, steady }
}

/// The screen, under any popups: copied from the last frame while only a popup changed
/// (see [`Backdrop`](super::backdrop::Backdrop)), else drawn (and kept, when a popup will
/// cover it). Whether the bottom popup's [`popups::hole`] was left blank (copied around),
/// and, with one such popup open, the screen around it as a [`Steady`] promise: every
/// frame drawn for the same kept screen and hole has the same cells there.
fn draw_screen(app: &App, f: &mut Frame, body: Rect, theme: &Theme) -> (bool, Option<Steady>) {
    if app.ctx.popups.is_empty() {
        app.screen.component().view(&app.ctx, f, body, theme);
        return (false, None);
    }
    let drawn = app.backdrop.drawn(&app.ctx, body);
    let hole = popups::hole(app, body);
    let steady = hole
        .filter(|_| app.ctx.popups.len() == 1)
        .map(|h| Steady::new(drawn, h));
    if (app.backdrop).restore(&drawn, f.buffer_mut(), hole) {
        return (hole.is_some(), steady);
    }
    app.screen.component().view(&app.ctx, f, body, theme);
    app.backdrop.keep(drawn, f.buffer_mut());
    (false, steady)
}

/// In place of the workspace when it could not be read: why, and that nothing is shown.
fn unreadable(f: &mut Frame, area: Rect, why: &str, theme: &Theme) {
    let lines = vec![
        Line::styled("The workspace could not be read:", theme.error()),
        Line::styled(clean(why), theme.error()),
        Line::default(),
        Line::raw(
            "Nothing of it is shown, so that no number on screen is wrong, and nothing \
             can be changed. Press q to quit.",
        ),
    ];
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
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
    let org = if app.ctx.data.organization.is_empty() {
        "(organization not set: O)".to_string()
    } else {
        clean(&app.ctx.data.organization)
    };
    let profile = format!("profile {}", clean(&app.ctx.data.profile));
    let mut title = None;
    let mut subject = None;
    if let Some(w) = app.wizard()
        && let Some(q) = app.ctx.catalog.questionnaire(&w.questionnaire)
    {
        title = Some(clean(&q.title));
        subject = w
            .subject
            .as_ref()
            .and_then(|id| app.ctx.data.subjects.iter().find(|s| &s.id == id))
            .map(|s| clean(&s.name));
    }
    let text = header_text(
        &org,
        &profile,
        title.as_deref(),
        subject.as_deref(),
        area.width as usize,
    );
    put_lines(
        f,
        area,
        &[Line::styled(fit(&text, area.width as usize), theme.title())],
    );
}

/// The header line: `clausewise · organization · profile · questionnaire · subject`. When
/// it does not fit, the questionnaire title is cut first, then the profile and the app name
/// go, then the organization is cut: the subject (the AI system or vendor being answered
/// for) stays whole as long as it fits on its own.
pub fn header_text(
    org: &str,
    profile: &str,
    title: Option<&str>,
    subject: Option<&str>,
    width: usize,
) -> String {
    use unicode_width::UnicodeWidthStr;
    let join = |parts: &[&str]| parts.join(" · ");
    let Some(title) = title else {
        return join(&["clausewise", org, profile]);
    };
    let tail: Vec<&str> = subject.into_iter().collect();
    for head in [
        vec!["clausewise", org, profile],
        vec!["clausewise", org],
        vec![org],
    ] {
        let fixed = join(&[head.clone(), tail.clone()].concat()).width() + 3;
        let room = width.saturating_sub(fixed);
        // A title cut below 12 columns says little: drop more of the head first.
        if room >= title.width().min(12) {
            let short = fit(title, room);
            return join(&[head, vec![short.as_str()], tail].concat());
        }
    }
    match subject {
        Some(s) => {
            let room = width.saturating_sub(s.width() + 3);
            format!("{} · {s}", fit(org, room.max(1)))
        }
        None => join(&[org, title]),
    }
}

fn draw_footer(app: &App, f: &mut Frame, area: Rect, bar: &[Line], theme: &Theme) {
    let [status, hints] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let width = area.width as usize;
    if let Some(msg) = &app.ctx.status {
        // A message too long for one line (a save error naming a deep path) takes the hint
        // line too, so its cause is not cut off at 80 columns.
        let text = format!("! {}", clean(msg));
        let split = text.char_indices().nth(width).map(|(i, _)| i);
        if let Some((first, rest)) = split.and_then(|i| Some((text.get(..i)?, text.get(i..)?))) {
            let lines = vec![
                Line::styled(first.to_string(), theme.error()),
                Line::styled(fit(rest, width), theme.error()),
            ];
            put_lines(f, area, &lines);
            return;
        }
        put_lines(f, status, &[Line::styled(text, theme.error())]);
    } else if let Some(working) = app.ctx.working {
        put_lines(f, status, &[Line::styled(fit(working, width), theme.dim())]);
    } else if let Some(why) = &app.ctx.read_only {
        let text = crate::tui::persist::read_only_notice(why);
        put_lines(
            f,
            status,
            &[Line::styled(fit(&clean(&text), width), theme.error())],
        );
    } else {
        let status_line = match app.wizard() {
            Some(w) => crate::tui::screens::wizard::draw::progress_line(w, width, theme),
            None => Line::styled(
                fit("Saved automatically after every answer.", width),
                theme.dim(),
            ),
        };
        put_lines(f, status, &[status_line]);
    }
    put_lines(f, hints, bar);
}

/// The context key bar: the current screen's keys (and help, quit), at most two lines.
fn key_bar<'a>(app: &App, width: usize, theme: &Theme) -> Vec<Line<'a>> {
    let items = keymap::hints(&app.scopes(), &app.holds());
    keymap::bar_lines(&items, width, 2)
        .into_iter()
        .map(|line| {
            let mut spans = Vec::new();
            for (i, (key, label)) in line.into_iter().enumerate() {
                if i > 0 {
                    spans.push(Span::raw("  "));
                }
                spans.push(Span::styled(key, theme.key()));
                if !label.is_empty() {
                    spans.push(Span::raw(format!(" {label}")));
                }
            }
            Line::from(spans)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_keeps_the_subject_and_cuts_the_title_first() {
        let h = header_text(
            "Harbourline Logistics",
            "profile healthcare",
            Some("ISO/IEC 42001 AI system impact assessment (AIIA)"),
            Some("Triage bot for emergency intake"),
            80,
        );
        assert!(h.ends_with(" · Triage bot for emergency intake"), "{h}");
        assert!(h.contains("ISO/IEC"), "{h}");
        assert!(
            unicode_width::UnicodeWidthStr::width(h.as_str()) <= 80,
            "{h}"
        );
        let h = header_text("Org", "profile generic", Some("Gap"), None, 80);
        assert_eq!(h, "clausewise · Org · profile generic · Gap");
        let h = header_text(
            &"O".repeat(70),
            "profile generic",
            Some("T"),
            Some("Acme"),
            60,
        );
        assert!(h.ends_with(" · Acme"), "{h}");
    }
}
