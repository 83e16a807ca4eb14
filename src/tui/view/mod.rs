//! Drawing. `view(&App, &mut Frame)` never mutates the app; every string from a file or an
//! answer is sanitized (`text::clean`) before it is drawn.

pub mod diff;
pub mod findings;
pub mod heatmap;
pub mod home;
pub mod plans;
mod popups;
pub mod risk;
pub mod text;
pub mod theme;
pub mod vendors;
pub mod wizard;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::app::App;
use super::component::Component;
use super::ctx::Ctx;
use super::keymap;
use super::wizard::WizardState;
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
        color: app.ctx.color,
        ascii: app.ctx.ascii,
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
        return;
    }
    draw_header(app, f, header, theme);
    app.screen.component().view(&app.ctx, f, body, theme);
    draw_footer(app, f, footer, &bar, theme);
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
    } else if let Some(why) = &app.ctx.read_only {
        let text = crate::tui::persist::read_only_notice(why);
        put_lines(
            f,
            status,
            &[Line::styled(fit(&clean(&text), width), theme.error())],
        );
    } else {
        let status_line = match app.wizard() {
            Some(w) => wizard::progress_line(w, width, theme),
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

/// How far the wizard's Question pane can scroll at the app's terminal size (PgDn stops
/// there): laid out as [`view`] lays it out.
pub fn question_scroll_max(ctx: &Ctx, w: &WizardState) -> u16 {
    let (width, height) = ctx.size;
    let hints = keymap::hints(&w.scopes(), &w.holds(&ctx.catalog));
    let bar = u16::try_from(keymap::bar_lines(&hints, width as usize, 2).len()).unwrap_or(2);
    let body = Rect::new(0, 1, width, height.saturating_sub(2 + bar));
    let area = wizard::question_area(body);
    let max = wizard::question_scroll_max(ctx, w, area.width, area.height);
    u16::try_from(max).unwrap_or(u16::MAX)
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

/// Draws [`block`] into `area` and returns the area inside it. For a printable-ASCII title
/// the border and title cells are set directly: what `Block` draws, without first applying
/// its (default, so no-op) style to every cell of the area; `Block` draws any other title.
pub(crate) fn draw_block(
    f: &mut Frame,
    area: Rect,
    title: &str,
    focused: bool,
    theme: &Theme,
) -> Rect {
    let b = block(title, focused, theme);
    let inner = b.inner(area);
    let clipped = area.intersection(f.area());
    let ascii = title.bytes().all(|c| c.is_ascii_graphic() || c == b' ');
    if !ascii || clipped.width < 2 || clipped.height < 2 {
        f.render_widget(b, area);
        return inner;
    }
    let style = if focused {
        theme.focus()
    } else {
        ratatui::style::Style::default()
    };
    let set = theme.borders();
    let buf = f.buffer_mut();
    let (left, top) = (clipped.left(), clipped.top());
    let (right, bottom) = (clipped.right() - 1, clipped.bottom() - 1);
    let mut put = |x: u16, y: u16, symbol: &str| {
        if let Some(cell) = buf.cell_mut((x, y)) {
            cell.set_symbol(symbol).set_style(style);
        }
    };
    for x in left + 1..right {
        put(x, top, set.horizontal_top);
        put(x, bottom, set.horizontal_bottom);
    }
    for y in top + 1..bottom {
        put(left, y, set.vertical_left);
        put(right, y, set.vertical_right);
    }
    put(left, top, set.top_left);
    put(right, top, set.top_right);
    put(left, bottom, set.bottom_left);
    put(right, bottom, set.bottom_right);
    let text = format!(" {title} ");
    let room = clipped.width - 2;
    let width = u16::try_from(text.len()).unwrap_or(u16::MAX);
    let titled = Rect::new(left + 1, top, room.min(width), 1);
    buf.set_style(titled, style);
    put_span(
        buf,
        left + 1,
        top,
        &text,
        left + 1 + room,
        Default::default(),
    );
    inner
}

/// Draws pre-fitted `lines` top-down into `area`, each cut at its width, without a
/// `Paragraph`: no reflow and no restyling of the whole area (the frame starts blank, so
/// the cells after each line are already empty). For lines that do not wrap.
pub(crate) fn put_lines(f: &mut Frame, area: Rect, lines: &[Line]) {
    let area = area.intersection(f.area());
    let buf = f.buffer_mut();
    for (line, y) in lines.iter().zip(area.top()..area.bottom()) {
        let mut x = area.left();
        for span in line {
            let style = line.style.patch(span.style);
            x = put_span(buf, x, y, &span.content, area.right(), style);
        }
    }
}

/// Writes `text` from `(x, y)` up to column `right` (exclusive); returns the next column.
/// The leading printable ASCII goes one byte per cell; the rest (from the character before
/// the first other byte, which a combining mark could join) through ratatui's grapheme path.
fn put_span(
    buf: &mut ratatui::buffer::Buffer,
    x: u16,
    y: u16,
    text: &str,
    right: u16,
    style: ratatui::style::Style,
) -> u16 {
    let ascii = text
        .bytes()
        .position(|b| !(b.is_ascii_graphic() || b == b' '))
        .map_or(text.len(), |i| i.saturating_sub(1));
    let (head, tail) = text.split_at_checked(ascii).unwrap_or(("", text));
    let mut x = x;
    for i in 0..head.len() {
        if x >= right {
            return x;
        }
        if let (Some(cell), Some(symbol)) = (buf.cell_mut((x, y)), head.get(i..=i)) {
            cell.set_symbol(symbol).set_style(style);
        }
        x += 1;
    }
    if tail.is_empty() {
        return x;
    }
    let room = right.saturating_sub(x) as usize;
    buf.set_stringn(x, y, tail, room, style).0
}

/// The rows `offset..` to show so `cursor` stays visible in `height` lines.
pub(crate) fn scroll_offset(cursor: usize, len: usize, height: usize) -> usize {
    if len <= height || height == 0 {
        return 0;
    }
    cursor.saturating_sub(height / 2).min(len - height)
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::style::Stylize;

    use super::*;

    /// `draw_block` draws what `Block` draws, focused or not, titles cut or not, in ASCII.
    #[test]
    fn draw_block_matches_a_block() {
        for (ascii, focused, title, w, h) in [
            (false, true, "Question", 30, 6),
            (false, false, "Sections and a long title", 12, 3),
            (true, true, "Info", 2, 2),
            (false, false, "Réponse", 20, 4),
            (true, false, "x", 9, 1),
        ] {
            let theme = Theme { color: true, ascii };
            let draw = |direct: bool| {
                let mut term = Terminal::new(TestBackend::new(32, 8)).expect("terminal");
                term.draw(|f| {
                    let area = Rect::new(1, 1, w, h);
                    if direct {
                        draw_block(f, area, title, focused, &theme);
                    } else {
                        f.render_widget(block(title, focused, &theme), area);
                    }
                })
                .expect("draw");
                term.backend().buffer().clone()
            };
            assert_eq!(draw(true), draw(false), "{title}");
        }
    }

    /// The subject stays whole at 80 columns; the questionnaire title is cut first.
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

    /// `put_lines` draws what a `Paragraph` draws for lines that fit or are cut at the edge.
    #[test]
    fn put_lines_matches_a_paragraph() {
        let lines = vec![
            Line::from(vec![Span::raw("ab ").bold(), Span::raw("cd…").red()]),
            Line::raw("e\u{301}tat x"),
            Line::raw("人工智能 and more text than fits"),
            Line::from(vec![Span::raw("x".repeat(30)), Span::raw("tail").italic()]),
            Line::styled("ok ✓ done", ratatui::style::Style::new().dim()),
        ];
        let draw = |paragraph: bool| {
            let mut term = Terminal::new(TestBackend::new(14, 6)).expect("terminal");
            term.draw(|f| {
                let area = Rect::new(1, 0, 12, 5);
                if paragraph {
                    f.render_widget(Paragraph::new(lines.clone()), area);
                } else {
                    put_lines(f, area, &lines);
                }
            })
            .expect("draw");
            term.backend().buffer().clone()
        };
        assert_eq!(draw(false), draw(true));
    }
}
