//! The screen as last drawn under a popup. While only the popup changes (typing in the
//! search palette, scrolling the help or an answer's history), the screen behind it is the
//! same: its cells are copied from the last frame instead of drawn again.
//!
//! Whether the screen may have changed is decided by the state machine, not guessed: every
//! message bumps the generation except a key or paste the search, help or history popup
//! handles while it stays open ([`Backdrop::local`]). A kept drawing is reused only for the
//! same generation, data revision, date, area and theme.

use std::cell::RefCell;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::ctx::{Ctx, Popup};

/// What a kept drawing of the screen was drawn for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Drawn {
    generation: u64,
    revision: u64,
    today: jiff::civil::Date,
    area: Rect,
    color: bool,
    ascii: bool,
}

/// A frame's promise about its cells: around `hole`, the cells of `drawn.area` are those of
/// every frame with the same `Steady` (the screen kept or restored under the one popup
/// open, which draws only inside `hole`). The presenter need not compare them with the
/// frame shown last when that frame had the same `Steady`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Steady {
    drawn: Drawn,
    hole: Rect,
}

impl Steady {
    /// For a frame drawn for `drawn` with one popup open, drawing only inside `hole`.
    pub fn new(drawn: Drawn, hole: Rect) -> Self {
        Steady { drawn, hole }
    }

    /// Marks the cells this promise covers in `known`, one flag per cell of a buffer over
    /// `area` (row by row); `false` elsewhere.
    pub fn mark(&self, area: Rect, known: &mut Vec<bool>) {
        known.clear();
        known.resize(area.area() as usize, false);
        let body = self.drawn.area.intersection(area);
        let hole = self.hole.intersection(body);
        let width = usize::from(area.width);
        let mut fill = |y: u16, x0: u16, x1: u16| {
            let row = usize::from(y - area.y) * width;
            let (a, b) = (usize::from(x0 - area.x), usize::from(x1.max(x0) - area.x));
            if let Some(cells) = known.get_mut(row + a..row + b) {
                cells.fill(true);
            }
        };
        for y in body.top()..body.bottom() {
            if (hole.top()..hole.bottom()).contains(&y) {
                fill(y, body.left(), hole.left());
                fill(y, hole.right(), body.right());
            } else {
                fill(y, body.left(), body.right());
            }
        }
    }
}

/// The screen's cells as last drawn under a popup, and the generation of the screen.
#[derive(Debug, Clone, Default)]
pub struct Backdrop {
    generation: u64,
    kept: RefCell<Option<(Drawn, Buffer)>>,
}

impl Backdrop {
    /// Which popup that changes only itself on a key is on top, if one is: the search
    /// palette (its query, filter and selection), the help or the history popup (their
    /// scroll). A key handled while one is on top and still on top after changed nothing
    /// else.
    pub fn local(top: Option<&Popup>) -> Option<u8> {
        match top? {
            Popup::Search(_) => Some(1),
            Popup::Help { .. } => Some(2),
            Popup::History { .. } => Some(3),
            _ => None,
        }
    }

    /// The screen may have changed: a kept drawing is not reused.
    pub fn invalidate(&mut self) {
        self.generation = self.generation.wrapping_add(1);
    }

    /// What the screen drawn now into `area` would be drawn for.
    pub fn drawn(&self, ctx: &Ctx, area: Rect) -> Drawn {
        Drawn {
            generation: self.generation,
            revision: ctx.revision,
            today: ctx.today,
            area,
            color: ctx.color,
            ascii: ctx.ascii,
        }
    }

    /// Copies the kept drawing into `buf` when it was drawn for `drawn`, except the cells of
    /// `hole` (which a popup clears and draws over); `false` when none is kept for it.
    pub fn restore(&self, drawn: &Drawn, buf: &mut Buffer, hole: Option<Rect>) -> bool {
        match &*self.kept.borrow() {
            Some((d, kept)) if d == drawn => copy_around(kept, buf, drawn.area, hole),
            _ => false,
        }
    }

    /// Keeps the cells of `buf` in `drawn.area` (the screen just drawn there).
    pub fn keep(&self, drawn: Drawn, buf: &Buffer) {
        let mut kept = Buffer::empty(drawn.area);
        if copy(buf, &mut kept, drawn.area) {
            *self.kept.borrow_mut() = Some((drawn, kept));
        }
    }
}

/// Copies the cells of `area` from `from` into `to`; `false` (and nothing copied) unless
/// both buffers hold all of `area`.
fn copy(from: &Buffer, to: &mut Buffer, area: Rect) -> bool {
    copy_around(from, to, area, None)
}

/// [`copy`], leaving out the cells of `hole`.
fn copy_around(from: &Buffer, to: &mut Buffer, area: Rect, hole: Option<Rect>) -> bool {
    if from.area.intersection(area) != area || to.area.intersection(area) != area {
        return false;
    }
    let hole = hole.map(|h| h.intersection(area)).filter(|h| !h.is_empty());
    let at = |b: &Buffer, x: u16, y: u16| {
        usize::from(y - b.area.y) * usize::from(b.area.width) + usize::from(x - b.area.x)
    };
    let mut run = |y: u16, x0: u16, x1: u16| {
        let len = usize::from(x1.saturating_sub(x0));
        let (s, d) = (at(from, x0, y), at(to, x0, y));
        let src = from.content.get(s..s + len);
        let dst = to.content.get_mut(d..d + len);
        if let (Some(src), Some(dst)) = (src, dst) {
            dst.clone_from_slice(src);
        }
    };
    for y in area.top()..area.bottom() {
        match hole {
            Some(h) if (h.top()..h.bottom()).contains(&y) => {
                run(y, area.left(), h.left());
                run(y, h.right(), area.right());
            }
            _ => run(y, area.left(), area.right()),
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drawing_comes_back_only_for_what_it_was_drawn_for() {
        let mut ctx_buf = Buffer::empty(Rect::new(0, 0, 20, 6));
        ctx_buf.set_string(2, 2, "screen", ratatui::style::Style::default());
        let area = Rect::new(0, 1, 20, 4);
        let app = crate::synth::wizard_app(10);
        let mut b = Backdrop::default();
        let drawn = b.drawn(&app.ctx, area);
        b.keep(drawn, &ctx_buf);
        let mut out = Buffer::empty(ctx_buf.area);
        assert!(b.restore(&drawn, &mut out, None));
        assert_eq!(out.content, ctx_buf.content);
        // With a hole, the cells of the hole stay as they were and all others come back.
        let hole = Rect::new(1, 2, 4, 2);
        let mut holed = Buffer::empty(ctx_buf.area);
        for y in 0..6 {
            holed.set_string(0, y, "xxxxxxxx", ratatui::style::Style::default());
        }
        let before = holed.clone();
        assert!(b.restore(&drawn, &mut holed, Some(hole)));
        for y in 0..6 {
            for x in 0..20 {
                let want = if hole.contains((x, y).into()) || !area.contains((x, y).into()) {
                    before[(x, y)].symbol()
                } else {
                    ctx_buf[(x, y)].symbol()
                };
                assert_eq!(holed[(x, y)].symbol(), want, "at {x},{y}");
            }
        }
        b.invalidate();
        let now = b.drawn(&app.ctx, area);
        assert_ne!(now, drawn);
        assert!(
            !b.restore(&now, &mut out, None),
            "a new generation reuses nothing"
        );
        let elsewhere = b.drawn(&app.ctx, Rect::new(0, 0, 20, 4));
        b.keep(now, &ctx_buf);
        assert!(
            !b.restore(&elsewhere, &mut out, None),
            "another area reuses nothing"
        );
        let outside = Rect::new(10, 0, 20, 6);
        assert!(
            !copy(&ctx_buf, &mut out, outside),
            "an area past the buffer is refused"
        );
    }

    #[test]
    fn only_the_search_help_and_history_popups_change_only_themselves() {
        let help = Popup::Help { scroll: 0 };
        let search = Popup::Search(Box::default());
        let confirm = Popup::Confirm {
            message: String::new(),
            on_yes: crate::tui::ctx::ConfirmAction::QuitUnsaved,
        };
        assert!(Backdrop::local(Some(&help)).is_some());
        assert!(Backdrop::local(Some(&search)).is_some());
        assert_ne!(Backdrop::local(Some(&help)), Backdrop::local(Some(&search)));
        assert_eq!(Backdrop::local(Some(&confirm)), None);
        assert_eq!(Backdrop::local(None), None);
    }

    /// Draws `app` on `term` (which keeps what it drew) and, from scratch, on a fresh
    /// terminal: the two frames must be the same.
    fn same_as_from_scratch(
        app: &crate::tui::app::App,
        term: &mut ratatui::Terminal<ratatui::backend::TestBackend>,
    ) {
        use crate::tui::view::view;
        let kept = term.draw(|f| view(app, f)).expect("draw").buffer.clone();
        let mut fresh = app.clone();
        fresh.backdrop = Backdrop::default();
        let mut t =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 30)).expect("terminal");
        let scratch = t.draw(|f| view(&fresh, f)).expect("draw").buffer.clone();
        assert_eq!(kept, scratch);
    }

    #[test]
    fn a_screen_under_the_search_palette_is_what_drawing_it_again_gives() {
        use crate::tui::app::update;
        use crate::tui::msg::Msg;
        use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        let key = |c| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
        let mut app = crate::synth::wizard_app(40);
        let mut term =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 30)).expect("terminal");
        same_as_from_scratch(&app, &mut term);
        for k in [
            KeyCode::Char('/'),
            KeyCode::Char('q'),
            KeyCode::Down,
            KeyCode::Tab,
            KeyCode::Backspace,
        ] {
            update(&mut app, key(k));
            same_as_from_scratch(&app, &mut term);
        }
        // Another assessor answers the question under the cursor while the palette is open:
        // the wizard behind it shows the answer at once.
        let before = term.backend().buffer().clone();
        let target = crate::model::AnswerTarget {
            questionnaire: "synthetic".into(),
            subject: None,
            entry: None,
            question: "q0".into(),
        };
        let met = crate::model::Answer::new(crate::model::Value::Status(crate::model::Status::Met));
        let rows = vec![(target, Some(met), 1, "bob".to_string())];
        update(
            &mut app,
            Msg::Remote(crate::store::live::Remote::Answers { rows, seq: 1 }),
        );
        same_as_from_scratch(&app, &mut term);
        assert_ne!(
            &before,
            term.backend().buffer(),
            "the remote answer is not shown"
        );
        update(&mut app, key(KeyCode::Char('x')));
        same_as_from_scratch(&app, &mut term);
        update(&mut app, key(KeyCode::Esc));
        same_as_from_scratch(&app, &mut term);
        // Enter jumps to a result: the wizard behind the palette opened again has moved.
        let before = term.backend().buffer().clone();
        for k in [
            KeyCode::Char('/'),
            KeyCode::Char('9'),
            KeyCode::Enter,
            KeyCode::Char('/'),
        ] {
            update(&mut app, key(k));
            same_as_from_scratch(&app, &mut term);
        }
        assert_ne!(&before, term.backend().buffer(), "the jump is not shown");
    }
}
