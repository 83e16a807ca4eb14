//! Putting frames on the terminal: what ratatui's `Terminal::draw` does, with a cheaper diff.
//!
//! ratatui's `Buffer::diff` compares every cell through `Cell`'s `PartialEq` and measures
//! every symbol's width, changed or not: about 170 instructions a cell, 2 M for a 200×60
//! frame whatever the key changed, a third of what a key cost on most screens (issue 20).
//! [`diff`] yields the same cells in the same order (a test compares the two on random
//! buffers with wide characters, emoji, styles and skipped cells) but settles the common
//! case, a cell holding one byte in both frames, with a few comparisons.
//!
//! [`Presenter`] draws into the terminal's buffer, diffs it against the frame it showed last
//! and hands the changed cells to the backend; the terminal's own second buffer is unused.

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::buffer::{Buffer, Cell, CellDiffOption, CellWidth};
use ratatui::style::{Color, Modifier};

use super::app::App;
use super::backdrop::Steady;
use super::view;

/// Modifiers that show on a blank cell (as in ratatui's diff).
const VISIBLE_ON_BLANK: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::SLOW_BLINK)
    .union(Modifier::RAPID_BLINK)
    .union(Modifier::CROSSED_OUT);

/// Draws frames of the app onto a terminal, remembering the last one shown.
#[derive(Debug, Default)]
pub struct Presenter {
    /// The frame on the screen (blank before the first, and after a resize cleared it).
    shown: Buffer,
    /// A buffer of the same size, swapped with the terminal's while diffing.
    spare: Buffer,
    /// What the frame on the screen promised about its cells (see [`Steady`]).
    steady: Option<Steady>,
    /// Per cell, whether the frame being written holds the cell shown there already (the
    /// cells both frames promise alike); reused from frame to frame.
    known: Vec<bool>,
}

impl Presenter {
    /// Draws `app` as `terminal.draw(|f| view(app, f))` would: resizes to the terminal,
    /// renders, writes the cells that changed since the last frame, places or hides the
    /// cursor and flushes.
    pub fn draw<B: Backend>(&mut self, term: &mut Terminal<B>, app: &App) -> Result<(), B::Error> {
        term.autoresize()?;
        let drawing = view::frame(app, &mut term.get_frame());
        let area = term.current_buffer_mut().area;
        for b in [&mut self.shown, &mut self.spare] {
            if b.area != area {
                *b = Buffer::empty(area);
                self.steady = None;
            }
        }
        match drawing.steady.filter(|s| self.steady == Some(*s)) {
            Some(s) => s.mark(area, &mut self.known),
            None => self.known.clear(),
        }
        self.steady = drawing.steady;
        // The new frame into `spare`, so the backend can be borrowed while diffing it.
        std::mem::swap(term.current_buffer_mut(), &mut self.spare);
        let cells = diff_known(&self.shown, &self.spare, &self.known);
        let result = Self::write(term, cells, drawing.cursor);
        // What was drawn is now shown; the old frame, cleared, is drawn into next.
        std::mem::swap(&mut self.shown, &mut self.spare);
        std::mem::swap(term.current_buffer_mut(), &mut self.spare);
        term.current_buffer_mut().reset();
        result
    }

    /// Writes `cells` (those that changed), then the cursor, and flushes.
    fn write<B: Backend>(
        term: &mut Terminal<B>,
        cells: Vec<(u16, u16, &Cell)>,
        cursor: Option<ratatui::layout::Position>,
    ) -> Result<(), B::Error> {
        term.backend_mut().draw(cells.into_iter())?;
        match cursor {
            None => term.hide_cursor()?,
            Some(at) => {
                term.show_cursor()?;
                term.set_cursor_position(at)?;
            }
        }
        Backend::flush(term.backend_mut())
    }
}

/// The cells of `next` to write over a screen showing `prev`, with their positions: what
/// ratatui's `prev.diff(next)` gives. Both buffers have the same origin and width.
pub fn diff<'n>(prev: &Buffer, next: &'n Buffer) -> Vec<(u16, u16, &'n Cell)> {
    diff_known(prev, next, &[])
}

/// [`diff`], where the cells flagged in `known` (one flag per cell, row by row; missing
/// flags are `false`) are the same in both buffers. A flagged plain cell of one byte is
/// then passed over without comparing: ratatui's diff would find it unchanged and go on
/// with the next cell. Every other cell is compared as in [`diff`].
pub fn diff_known<'n>(
    prev: &Buffer,
    next: &'n Buffer,
    known: &[bool],
) -> Vec<(u16, u16, &'n Cell)> {
    let (old, new) = (&prev.content, &next.content);
    let len = new.len().min(old.len());
    let width = usize::from(prev.area.width.max(1));
    let at = |i: usize| {
        let x = i % width + usize::from(prev.area.x);
        let y = i / width + usize::from(prev.area.y);
        (
            u16::try_from(x).unwrap_or(u16::MAX),
            u16::try_from(y).unwrap_or(u16::MAX),
        )
    };
    let mut out = Vec::new();
    let mut i = 0;
    while let (Some(cur), Some(was)) = (new.get(i), old.get(i)) {
        if known.get(i) == Some(&true) && plain_byte(cur) {
            i += 1;
            continue;
        }
        if let Some(changed) = narrow_change(cur, was) {
            if changed {
                let (x, y) = at(i);
                out.push((x, y, cur));
            }
            i += 1;
            continue;
        }
        let (x, y) = at(i);
        match cur.diff_option {
            CellDiffOption::Skip => i += 1,
            _ if skipped(cur) => i += 1,
            CellDiffOption::ForcedWidth(w) => {
                if cur != was {
                    out.push((x, y, cur));
                }
                i += usize::from(w.get());
            }
            CellDiffOption::None | CellDiffOption::AlwaysUpdate => {
                let w = usize::from(cur.cell_width());
                if cur.diff_option == CellDiffOption::None && cur == was {
                    i += w.max(1);
                    continue;
                }
                out.push((x, y, cur));
                let vs16 = w > 1 && cur.symbol().contains('\u{FE0F}');
                let was_w = usize::from(was.cell_width());
                let styled_blank =
                    was.bg != Color::Reset || was.modifier.intersects(VISIBLE_ON_BLANK);
                i = if vs16 {
                    trailing(old, new, (i + 1, (i + w).min(len)), false, &mut out, at)
                } else if w > 1 {
                    i + w
                } else if was_w > w && styled_blank {
                    trailing(old, new, (i + 1, i + was_w), true, &mut out, at)
                } else {
                    i + 1
                };
            }
        }
    }
    out
}

/// The cells after a wide character that ratatui's diff writes too: all of them (`force`,
/// when the replaced character's style showed on blanks) or those whose symbol changed.
/// Returns where the diff goes on.
fn trailing<'n>(
    old: &[Cell],
    new: &'n [Cell],
    (mut i, mut end): (usize, usize),
    force: bool,
    out: &mut Vec<(u16, u16, &'n Cell)>,
    at: impl Fn(usize) -> (u16, u16),
) -> usize {
    let len = new.len().min(old.len());
    while i < end {
        let (Some(cur), Some(was)) = (new.get(i), old.get(i)) else {
            break;
        };
        let j = i;
        i += usize::from(cur.cell_width().max(1));
        end = end.max(i).min(len);
        if !skipped(cur) && (force || was.symbol() != cur.symbol()) {
            let (x, y) = at(j);
            out.push((x, y, cur));
        }
    }
    end
}

/// Whether `cell` is plain (no diff option, not skipped) and holds one byte: one column
/// wide as ratatui measures it.
#[allow(deprecated)] // `skip` is still part of a cell's equality and of skipping
fn plain_byte(cell: &Cell) -> bool {
    cell.diff_option == CellDiffOption::None && !cell.skip && cell.symbol().len() == 1
}

/// For two plain cells holding one byte each (no diff option, not skipped), whether `cur`
/// differs from `was`; `None` for any other pair. Such a pair is one column wide before and
/// after (as ratatui measures a one-byte symbol), so ratatui's diff writes `cur` exactly
/// when the two differ and goes on with the next cell: decided here without measuring
/// widths or comparing strings.
#[allow(deprecated)] // `skip` is still part of a cell's equality and of skipping
fn narrow_change(cur: &Cell, was: &Cell) -> Option<bool> {
    let plain = |c: &Cell| c.diff_option == CellDiffOption::None && !c.skip;
    if !plain(cur) || !plain(was) {
        return None;
    }
    let (&[a], &[b]) = (cur.symbol().as_bytes(), was.symbol().as_bytes()) else {
        return None;
    };
    let same = a == b
        && cur.fg == was.fg
        && cur.bg == was.bg
        && cur.underline_color == was.underline_color
        && cur.modifier == was.modifier;
    Some(!same)
}

/// Whether ratatui's diff skips `cell`.
#[allow(deprecated)] // ratatui still honours the old `skip` flag
fn skipped(cell: &Cell) -> bool {
    matches!(cell.diff_option, CellDiffOption::Skip)
        || (cell.skip && matches!(cell.diff_option, CellDiffOption::None))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;
    use std::num::NonZeroU16;

    /// A deterministic sequence of numbers (xorshift), for random buffers.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    const SYMBOLS: &[&str] = &[
        " ",
        "a",
        "b",
        "─",
        "é",
        "e\u{301}",
        "人",
        "工",
        "😀",
        "❤\u{FE0F}",
        "☀\u{FE0F}",
        "x",
    ];

    /// A random buffer: text written with `set_string` (so wide characters blank their
    /// trailing cells), random styles, and a few cells with diff options or `skip`.
    #[allow(deprecated)]
    fn random(rng: &mut Rng, area: Rect, base: Option<&Buffer>) -> Buffer {
        let mut b = base.cloned().unwrap_or_else(|| Buffer::empty(area));
        let writes = if base.is_some() { 1 + rng.next(6) } else { 40 };
        for _ in 0..writes {
            let (x, y) = (rng.next(area.width.into()), rng.next(area.height.into()));
            let text: String = (0..1 + rng.next(8))
                .map(|_| SYMBOLS[rng.next(SYMBOLS.len())])
                .collect();
            let style = match rng.next(5) {
                0 => Style::new().bg(Color::Blue),
                1 => Style::new().add_modifier(Modifier::REVERSED),
                2 => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
                _ => Style::new(),
            };
            let (x, y) = (area.x + x as u16, area.y + y as u16);
            b.set_string(x, y, text, style);
        }
        // Not in the last two cells: a cell forced wider there sends ratatui's own diff
        // past the end of the buffer (it panics; ours stops).
        let room = b.content.len().saturating_sub(2);
        for _ in 0..if room > 0 { rng.next(3) } else { 0 } {
            let i = rng.next(room);
            let cell = &mut b.content[i];
            match rng.next(4) {
                0 => cell.diff_option = CellDiffOption::Skip,
                1 => cell.diff_option = CellDiffOption::AlwaysUpdate,
                2 => {
                    cell.diff_option =
                        CellDiffOption::ForcedWidth(NonZeroU16::MIN.saturating_add(1))
                }
                _ => cell.skip = true,
            }
        }
        b
    }

    fn ours(prev: &Buffer, next: &Buffer) -> Vec<(u16, u16, Cell)> {
        diff(prev, next)
            .into_iter()
            .map(|(x, y, c)| (x, y, c.clone()))
            .collect()
    }

    fn theirs(prev: &Buffer, next: &Buffer) -> Vec<(u16, u16, Cell)> {
        prev.diff(next)
            .into_iter()
            .map(|(x, y, c)| (x, y, c.clone()))
            .collect()
    }

    /// On thousands of random pairs of buffers (a fresh frame, or a few writes over the
    /// last one), the diff writes exactly the cells ratatui's does, in the same order.
    #[test]
    fn the_diff_is_ratatuis() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let (mut cells, mut wide, mut emoji) = (0, 0, 0);
        for round in 0..3000 {
            let area = Rect::new(
                rng.next(3) as u16,
                rng.next(3) as u16,
                1 + rng.next(24) as u16,
                1 + rng.next(6) as u16,
            );
            let prev = random(&mut rng, area, None);
            let next = if round % 2 == 0 {
                random(&mut rng, area, Some(&prev))
            } else {
                random(&mut rng, area, None)
            };
            let written = ours(&prev, &next);
            assert_eq!(written, theirs(&prev, &next), "round {round}");
            assert_eq!(
                ours(&next, &next),
                theirs(&next, &next),
                "round {round}, unchanged"
            );
            cells += written.len();
            wide += written
                .iter()
                .filter(|(_, _, c)| c.cell_width() > 1)
                .count();
            emoji += (written.iter())
                .filter(|(_, _, c)| c.symbol().contains('\u{FE0F}'))
                .count();
        }
        // The rounds did exercise the wide and emoji paths.
        assert!(
            cells > 50_000 && wide > 5_000 && emoji > 1_000,
            "{cells} {wide} {emoji}"
        );
    }

    /// Where the cells flagged as known are the same in both buffers (a random half of
    /// the equal ones), the diff still writes exactly the cells ratatui's does.
    #[test]
    fn cells_known_alike_change_nothing() {
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        let mut passed = 0;
        for round in 0..2000 {
            let area = Rect::new(0, 0, 1 + rng.next(24) as u16, 1 + rng.next(6) as u16);
            let prev = random(&mut rng, area, None);
            let next = random(&mut rng, area, Some(&prev));
            let known: Vec<bool> = (prev.content.iter().zip(&next.content))
                .map(|(a, b)| a == b && rng.next(2) == 0)
                .collect();
            passed += (prev.content.iter().zip(&next.content).zip(&known))
                .filter(|((_, c), k)| **k && plain_byte(c))
                .count();
            let ours: Vec<_> = diff_known(&prev, &next, &known)
                .into_iter()
                .map(|(x, y, c)| (x, y, c.clone()))
                .collect();
            assert_eq!(ours, theirs(&prev, &next), "round {round}");
        }
        assert!(passed > 10_000, "only {passed} cells passed over");
    }

    /// Frames drawn by the presenter leave the backend showing what `Terminal::draw`
    /// leaves it showing, frame after frame, with the cursor in the same place, and a
    /// resize starts again from a cleared screen: typing, moving and filtering in the
    /// palette and scrolling the help (frames that promise the screen around the popup),
    /// opening and closing them (frames that do not).
    #[test]
    fn the_presenter_shows_what_terminal_draw_shows() {
        use crate::tui::app::update;
        use crate::tui::msg::Msg;
        use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        use ratatui::backend::TestBackend;
        let mut app = crate::synth::wizard_app(40);
        let mut ours = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
        let mut theirs = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
        let mut presenter = Presenter::default();
        let (ch, back) = (KeyCode::Char, KeyCode::Backspace);
        let keys = [
            ch('/'),
            ch('r'),
            ch('i'),
            ch('s'),
            back,
            ch('k'),
            KeyCode::Down,
            KeyCode::Tab,
            back,
            KeyCode::Esc,
            ch('?'),
            KeyCode::Down,
            KeyCode::PageDown,
            KeyCode::Esc,
            ch('/'),
            ch('q'),
        ];
        let mut promised = 0;
        for (n, k) in keys.into_iter().enumerate() {
            update(&mut app, Msg::Key(KeyEvent::new(k, KeyModifiers::NONE)));
            if n == 3 {
                ours.backend_mut().resize(80, 24);
                theirs.backend_mut().resize(80, 24);
            }
            let before = presenter.steady;
            presenter.draw(&mut ours, &app).expect("draw");
            promised += usize::from(before.is_some() && before == presenter.steady);
            theirs.draw(|f| view::view(&app, f)).expect("draw");
            assert_eq!(
                ours.backend().buffer(),
                theirs.backend().buffer(),
                "after {k:?}"
            );
            assert_eq!(
                ours.backend_mut().get_cursor_position().ok(),
                theirs.backend_mut().get_cursor_position().ok(),
                "cursor after {k:?}"
            );
        }
        assert!(promised >= 6, "only {promised} frames kept their promise");
    }
}
