//! A small text editor state: cursor movement, insertion, paste and word wrap by display
//! width. Pure; the popup that shows it lives in `view`.

use unicode_width::UnicodeWidthChar;

use crate::sanitize;

/// Editable text with a cursor (row, column in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEditor {
    lines: Vec<Vec<char>>,
    row: usize,
    col: usize,
    /// Whether Enter inserts a new line.
    pub multiline: bool,
    /// The text is a pre-filled value nobody has touched yet: as if selected, the first
    /// typed character (or paste, Backspace, Delete) replaces it; a cursor key keeps it.
    fresh: bool,
}

/// A cursor movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// One character left.
    Left,
    /// One character right.
    Right,
    /// One line up.
    Up,
    /// One line down.
    Down,
    /// Start of line.
    Home,
    /// End of line.
    End,
}

impl TextEditor {
    /// An editor holding `text` (sanitized), cursor at the end. A one-line editor opened
    /// on a value starts with it selected (typing replaces it); a multi-line one appends.
    pub fn new(text: &str, multiline: bool) -> Self {
        let mut e = TextEditor {
            lines: vec![Vec::new()],
            row: 0,
            col: 0,
            multiline,
            fresh: false,
        };
        e.insert_str(text);
        e.fresh = !multiline && !e.is_empty();
        e
    }

    /// Whether the pre-filled value is still selected (the next edit replaces it).
    pub fn is_fresh(&self) -> bool {
        self.fresh
    }

    /// Whether there is no text.
    pub fn is_empty(&self) -> bool {
        self.lines.iter().all(Vec::is_empty)
    }

    /// Removes all text.
    pub fn clear(&mut self) {
        self.lines = vec![Vec::new()];
        self.row = 0;
        self.col = 0;
        self.fresh = false;
    }

    /// Drops a still-selected pre-filled value before an edit replaces it; true if it did.
    fn replace_fresh(&mut self) -> bool {
        let was = self.fresh;
        if was {
            self.clear();
        }
        was
    }

    /// Deletes from the start of the line to the cursor (Ctrl-U); all of a pre-filled value.
    pub fn kill_to_start(&mut self) {
        if self.replace_fresh() {
            return;
        }
        if let Some(l) = self.lines.get_mut(self.row) {
            let at = self.col.min(l.len());
            l.drain(..at);
            self.col = 0;
        }
    }

    /// Deletes the word before the cursor and the spaces after it (Ctrl-W).
    pub fn kill_word(&mut self) {
        if self.replace_fresh() {
            return;
        }
        let Some(l) = self.lines.get_mut(self.row) else {
            return;
        };
        let end = self.col.min(l.len());
        let mut start = end;
        while start > 0 && l.get(start - 1).is_some_and(|c| c.is_whitespace()) {
            start -= 1;
        }
        while start > 0 && l.get(start - 1).is_some_and(|c| !c.is_whitespace()) {
            start -= 1;
        }
        l.drain(start..end);
        self.col = start;
    }

    /// The text.
    pub fn text(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Cursor as (row, column in characters).
    pub fn cursor(&self) -> (usize, usize) {
        (self.row, self.col)
    }

    fn line_len(&self, row: usize) -> usize {
        self.lines.get(row).map_or(0, Vec::len)
    }

    /// Inserts one character (a newline only in multi-line editors).
    pub fn insert(&mut self, ch: char) {
        self.replace_fresh();
        if ch == '\n' {
            if self.multiline {
                let rest = match self.lines.get_mut(self.row) {
                    Some(l) => l.split_off(self.col.min(l.len())),
                    None => Vec::new(),
                };
                self.row += 1;
                self.lines.insert(self.row, rest);
                self.col = 0;
            } else {
                self.insert(' ');
            }
            return;
        }
        if let Some(l) = self.lines.get_mut(self.row) {
            let at = self.col.min(l.len());
            l.insert(at, ch);
            self.col = at + 1;
        }
    }

    /// Inserts pasted or initial text, sanitized first.
    pub fn insert_str(&mut self, s: &str) {
        for ch in sanitize::text(s).chars() {
            self.insert(if ch == '\t' { ' ' } else { ch });
        }
    }

    /// Deletes the character before the cursor (joining lines at a line start).
    pub fn backspace(&mut self) {
        if self.replace_fresh() {
            return;
        }
        if self.col > 0 {
            if let Some(l) = self.lines.get_mut(self.row) {
                self.col = self.col.min(l.len());
                l.remove(self.col - 1);
                self.col -= 1;
            }
        } else if self.row > 0 {
            let cur = self.lines.remove(self.row);
            self.row -= 1;
            self.col = self.line_len(self.row);
            if let Some(l) = self.lines.get_mut(self.row) {
                l.extend(cur);
            }
        }
    }

    /// Deletes the character under the cursor (joining lines at a line end).
    pub fn delete(&mut self) {
        if self.replace_fresh() {
            return;
        }
        let len = self.line_len(self.row);
        if self.col < len {
            if let Some(l) = self.lines.get_mut(self.row) {
                l.remove(self.col);
            }
        } else if self.row + 1 < self.lines.len() {
            let next = self.lines.remove(self.row + 1);
            if let Some(l) = self.lines.get_mut(self.row) {
                l.extend(next);
            }
        }
    }

    /// Moves the cursor (keeping a pre-filled value, now to be edited).
    pub fn go(&mut self, m: Move) {
        self.fresh = false;
        match m {
            Move::Left if self.col > 0 => self.col -= 1,
            Move::Left if self.row > 0 => {
                self.row -= 1;
                self.col = self.line_len(self.row);
            }
            Move::Right if self.col < self.line_len(self.row) => self.col += 1,
            Move::Right if self.row + 1 < self.lines.len() => {
                self.row += 1;
                self.col = 0;
            }
            Move::Up if self.row > 0 => {
                self.row -= 1;
                self.col = self.col.min(self.line_len(self.row));
            }
            Move::Down if self.row + 1 < self.lines.len() => {
                self.row += 1;
                self.col = self.col.min(self.line_len(self.row));
            }
            Move::Home => self.col = 0,
            Move::End => self.col = self.line_len(self.row),
            _ => {}
        }
    }

    /// The text wrapped to `width` columns, and the cursor's (line, column) in it.
    pub fn wrapped(&self, width: usize) -> (Vec<String>, (usize, usize)) {
        let width = width.max(2);
        let mut out = Vec::new();
        let mut cursor = (0, 0);
        for (r, line) in self.lines.iter().enumerate() {
            for (start, end) in wrap_points(line, width) {
                if r == self.row && self.col >= start && (self.col < end || end == line.len()) {
                    let before = line.get(start..self.col.min(end)).unwrap_or_default();
                    let w: usize = before.iter().map(|c| cw(*c)).sum();
                    cursor = (out.len(), w);
                }
                out.push(line.get(start..end).unwrap_or_default().iter().collect());
            }
        }
        (out, cursor)
    }
}

/// Applies an editing key (characters, Backspace, Delete, arrows, Home, End, Enter in
/// multi-line editors, and the readline keys Ctrl-U, Ctrl-W, Ctrl-A, Ctrl-E, Ctrl-H);
/// false if the key is not an editing key.
pub fn edit_key(ed: &mut TextEditor, ev: &crossterm::event::KeyEvent) -> bool {
    use crossterm::event::{KeyCode, KeyModifiers};
    if ev.modifiers.contains(KeyModifiers::CONTROL) {
        match ev.code {
            KeyCode::Char('u' | 'U') => ed.kill_to_start(),
            KeyCode::Char('w' | 'W') => ed.kill_word(),
            KeyCode::Char('a' | 'A') => ed.go(Move::Home),
            KeyCode::Char('e' | 'E') => ed.go(Move::End),
            KeyCode::Char('h' | 'H') => ed.backspace(),
            _ => return false,
        }
        return true;
    }
    if ev.modifiers.contains(KeyModifiers::ALT) {
        return false;
    }
    match ev.code {
        KeyCode::Char(c) => ed.insert(c),
        KeyCode::Enter if ed.multiline => ed.insert('\n'),
        KeyCode::Backspace => ed.backspace(),
        KeyCode::Delete => ed.delete(),
        KeyCode::Left => ed.go(Move::Left),
        KeyCode::Right => ed.go(Move::Right),
        KeyCode::Up => ed.go(Move::Up),
        KeyCode::Down => ed.go(Move::Down),
        KeyCode::Home => ed.go(Move::Home),
        KeyCode::End => ed.go(Move::End),
        _ => return false,
    }
    true
}

fn cw(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Splits a line into (start, end) character ranges no wider than `width`, breaking after
/// a space where possible.
fn wrap_points(line: &[char], width: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < line.len() {
        let mut w = 0;
        let mut end = start;
        let mut last_space = None;
        while let Some(&c) = line.get(end)
            && w + cw(c) <= width.saturating_sub(1).max(1)
        {
            w += cw(c);
            if c == ' ' {
                last_space = Some(end + 1);
            }
            end += 1;
        }
        if end < line.len()
            && let Some(s) = last_space.filter(|s| *s > start)
        {
            end = s;
        }
        if end == start {
            end += 1;
        }
        out.push((start, end));
        start = end;
    }
    if out.is_empty() {
        out.push((0, 0));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_moves_and_joins() {
        let mut e = TextEditor::new("ab\ncd", true);
        assert_eq!(e.cursor(), (1, 2));
        e.go(Move::Home);
        e.backspace();
        assert_eq!(e.text(), "abcd");
        e.insert('\n');
        e.insert('x');
        assert_eq!(e.text(), "ab\nxcd");
        e.go(Move::Up);
        e.go(Move::End);
        e.delete();
        assert_eq!(e.text(), "abxcd");
    }

    #[test]
    fn a_prefilled_one_line_value_is_replaced_by_typing_and_kept_by_a_cursor_key() {
        let mut e = TextEditor::new("A. Keller", false);
        assert!(e.is_fresh());
        e.insert_str("A. Keller");
        assert_eq!(e.text(), "A. Keller", "pasted over, not appended");
        let mut e = TextEditor::new("A. Keller", false);
        e.go(Move::End);
        e.insert('!');
        assert_eq!(e.text(), "A. Keller!");
        let mut e = TextEditor::new("A. Keller", false);
        e.backspace();
        assert_eq!(e.text(), "");
        assert!(
            !TextEditor::new("note", true).is_fresh(),
            "multi-line appends"
        );
    }

    #[test]
    fn ctrl_u_clears_to_the_line_start_and_ctrl_w_deletes_a_word() {
        use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        let mut e = TextEditor::new("", false);
        e.insert_str("due next  week  ");
        assert!(edit_key(&mut e, &ctrl('w')));
        assert_eq!(e.text(), "due next  ");
        assert!(edit_key(&mut e, &ctrl('a')));
        assert_eq!(e.cursor(), (0, 0));
        assert!(edit_key(&mut e, &ctrl('e')));
        assert!(edit_key(&mut e, &ctrl('u')));
        assert_eq!(e.text(), "");
        let mut e = TextEditor::new("ab\ncd", true);
        assert!(edit_key(&mut e, &ctrl('u')));
        assert_eq!(e.text(), "ab\n", "only the cursor's line");
        assert!(!edit_key(&mut e, &ctrl('s')), "Ctrl-S is not an edit");
    }

    #[test]
    fn single_line_paste_flattens_and_sanitizes() {
        let mut e = TextEditor::new("", false);
        e.insert_str("a\nb\u{1b}[2Jc");
        assert_eq!(e.text(), "a b[2Jc");
    }

    #[test]
    fn wraps_by_display_width_at_spaces() {
        let e = TextEditor::new("hello world 人工智能人工智能", true);
        let (lines, cursor) = e.wrapped(9);
        assert_eq!(lines, ["hello ", "world ", "人工智能", "人工智能"]);
        assert_eq!(cursor, (3, 8));
    }
}
