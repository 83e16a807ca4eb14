//! Drawing helpers every screen uses: a bordered block, lines put straight into the buffer,
//! the scroll offset that keeps a cursor visible, and the size limits.

use ratatui::Frame;
use ratatui::buffer::Cell;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders};

use super::theme::Theme;

/// Smallest usable terminal.
pub const MIN_WIDTH: u16 = 40;
/// Smallest usable terminal height.
pub const MIN_HEIGHT: u16 = 12;
/// From this width on, the wizard shows its three panes side by side.
pub const WIDE: u16 = 120;

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

/// Draws [`block`] into `area` and returns the area inside it. For a title of one-cell
/// characters (see [`one_cell`]) the border and title cells are set directly: what `Block`
/// draws, without first applying its (default, so no-op) style to every cell of the area;
/// `Block` draws any other title.
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
    let plain = title.chars().all(one_cell);
    if !plain || clipped.width < 2 || clipped.height < 2 {
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
    let width = u16::try_from(text.chars().count()).unwrap_or(u16::MAX);
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
/// A span of characters that are each one cell wide and never join a neighbour (printable
/// ASCII, Latin-1, dashes and quotes, arrows, box drawing: see [`one_cell`]) goes one
/// character per cell; any other span through ratatui's grapheme path.
fn put_span(
    buf: &mut ratatui::buffer::Buffer,
    x: u16,
    y: u16,
    text: &str,
    right: u16,
    style: ratatui::style::Style,
) -> u16 {
    if !text.chars().all(one_cell) {
        let room = right.saturating_sub(x) as usize;
        return buf.set_stringn(x, y, text, room, style).0;
    }
    // One cell per character: straight along the row's cells.
    let room = usize::from(right.saturating_sub(x));
    let cells = row_cells(buf, x, y, room);
    let count = if text.is_ascii() {
        for (k, cell) in cells.iter_mut().take(text.len()).enumerate() {
            cell.set_symbol(text.get(k..=k).unwrap_or(" "))
                .set_style(style);
        }
        text.len()
    } else {
        for ((i, c), cell) in text.char_indices().zip(cells.iter_mut()) {
            let symbol = text.get(i..i + c.len_utf8()).unwrap_or(" ");
            cell.set_symbol(symbol).set_style(style);
        }
        text.chars().count()
    };
    x.saturating_add(u16::try_from(count.min(room)).unwrap_or(u16::MAX))
}

/// The cells of row `y` from column `x` on, at most `len` of them (fewer at the buffer's
/// edge; none outside it).
fn row_cells(buf: &mut ratatui::buffer::Buffer, x: u16, y: u16, len: usize) -> &mut [Cell] {
    let a = buf.area;
    if !(a.left()..a.right()).contains(&x) || !(a.top()..a.bottom()).contains(&y) {
        return &mut [];
    }
    let start = usize::from(y - a.y) * usize::from(a.width) + usize::from(x - a.x);
    let len = len.min(usize::from(a.right() - x));
    buf.content.get_mut(start..start + len).unwrap_or_default()
}

/// Whether `c` is always a grapheme of its own, one cell wide: printable ASCII, Latin-1
/// letters and signs (not the soft hyphen), general punctuation (dashes, quotes, bullet,
/// ellipsis; not the zero-width and joiner characters), arrows, box drawing and blocks.
/// Combining marks, joiners, variation selectors and wide characters are none of these.
fn one_cell(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{a0}'..='\u{ac}'
        | '\u{ae}'..='\u{ff}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205e}'
        | '\u{2190}'..='\u{21ff}'
        | '\u{2500}'..='\u{259f}')
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
    use ratatui::text::Span;
    use ratatui::widgets::Paragraph;

    use super::*;

    /// `draw_block` draws what `Block` draws, focused or not, titles cut or not, in ASCII
    /// and with one-cell non-ASCII characters (`·`, `é`, `—`), and falls back to `Block`
    /// for others (`人`).
    #[test]
    fn draw_block_matches_a_block() {
        for (ascii, focused, title, w, h) in [
            (false, true, "Question", 30, 6),
            (false, false, "Sections and a long title", 12, 3),
            (true, true, "Info", 2, 2),
            (false, false, "Réponse", 20, 4),
            (true, false, "x", 9, 1),
            (false, true, "AIIA risk matrix · inherent — é", 30, 5),
            (false, true, "AIIA risk matrix · inherent", 14, 5),
            (false, false, "人工 matrix", 9, 3),
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

    /// `put_lines` draws what a `Paragraph` draws for lines that fit or are cut at the edge.
    #[test]
    fn put_lines_matches_a_paragraph() {
        let lines = vec![
            Line::from(vec![Span::raw("ab ").bold(), Span::raw("cd…").red()]),
            Line::raw("e\u{301}tat x"),
            Line::raw("人工智能 and more text than fits"),
            Line::from(vec![Span::raw("x".repeat(30)), Span::raw("tail").italic()]),
            Line::styled("ok ✓ done", ratatui::style::Style::new().dim()),
            Line::raw("— Zürich “AI” → ─┐ ¶ …"),
            Line::raw("a\u{200d}b c\u{ad}d é\u{301}"),
            Line::from(vec![Span::raw("x —"), Span::raw("\u{301}y")]),
        ];
        let draw = |paragraph: bool| {
            let mut term = Terminal::new(TestBackend::new(14, 9)).expect("terminal");
            term.draw(|f| {
                let area = Rect::new(1, 0, 12, 8);
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
