//! Text for drawing: sanitized, and fitted to a width by display width with `…` when cut.

use unicode_width::UnicodeWidthChar;

use crate::sanitize;

/// One sanitized line.
pub fn clean(s: &str) -> String {
    sanitize::line(s)
}

/// [`clean`] of the start of `s` only: enough for one list row (no terminal is wider
/// than this many columns), without sanitizing a long prompt that is cut anyway.
pub fn clean_row(s: &str) -> String {
    /// More characters than any row shows.
    const ROW_MAX: usize = 256;
    // Fewer bytes than that many characters: nothing to cut (and no need to count).
    if s.len() <= ROW_MAX {
        return clean(s);
    }
    match s.char_indices().nth(ROW_MAX) {
        Some((cut, _)) => clean(s.get(..cut).unwrap_or(s)),
        None => clean(s),
    }
}

/// `n` and the noun in the right number: `1 AI system`, `2 AI systems`, `0 vendors`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Sanitized multi-line text, tabs expanded.
pub fn clean_text(s: &str) -> String {
    sanitize::text(s).replace('\t', "    ")
}

/// `s` cut to at most `width` columns, ending in `…` when something was cut.
pub fn fit(s: &str, width: usize) -> String {
    // Printable ASCII: one column per byte.
    if s.bytes().all(|b| b.is_ascii_graphic() || b == b' ') {
        return match s.get(..width.saturating_sub(1)) {
            _ if s.len() <= width => s.to_string(),
            Some(head) if width > 0 => format!("{head}…"),
            _ => String::new(),
        };
    }
    // One walk, stopping as soon as `s` is known not to fit: where a cut keeps at most
    // `width - 1` columns (room for the `…`), and whether the whole exceeds `width`.
    let (mut w, mut cut) = (0, None);
    for (i, c) in s.char_indices() {
        let cw = if matches!(c, ' '..='~') {
            1
        } else {
            c.width().unwrap_or(0)
        };
        if cut.is_none() && w + cw > width.saturating_sub(1) {
            cut = Some(i);
        }
        w += cw;
        if w > width {
            break;
        }
    }
    match cut {
        _ if w <= width => s.to_string(),
        Some(i) if width > 0 => format!("{}…", s.get(..i).unwrap_or_default()),
        _ => String::new(),
    }
}

/// A text progress bar such as `█████░░░░░` (`#####.....` in ASCII), `width` cells wide.
pub fn bar(ratio: f64, width: usize, theme: &super::theme::Theme) -> String {
    use super::theme::Glyph;
    let full = ((ratio.clamp(0.0, 1.0)) * width as f64).round() as usize;
    theme.glyph(Glyph::BarFull).repeat(full)
        + &theme
            .glyph(Glyph::BarEmpty)
            .repeat(width.saturating_sub(full))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_say_one_thing_and_many_things() {
        assert_eq!(count(1, "AI system", "AI systems"), "1 AI system");
        assert_eq!(count(0, "vendor", "vendors"), "0 vendors");
        assert_eq!(count(2, "entry", "entries"), "2 entries");
    }

    #[test]
    fn fits_by_display_width() {
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("人工智能", 5), "人工…");
        assert_eq!(fit("e\u{301}tat", 4), "e\u{301}tat");
        assert_eq!(fit("abc", 0), "");
        assert_eq!(fit("abc", 3), "abc");
        assert_eq!(fit("abcd", 1), "…");
    }

    /// The definition [`fit`] computes in one walk: the whole when its width fits, else
    /// the longest start within `width - 1` columns and `…`.
    fn fit_by_definition(s: &str, width: usize) -> String {
        let total: usize = s.chars().map(|c| c.width().unwrap_or(0)).sum();
        if total <= width {
            return s.to_string();
        }
        if width == 0 {
            return String::new();
        }
        let (mut out, mut w) = (String::new(), 0);
        for c in s.chars() {
            let cw = c.width().unwrap_or(0);
            if w + cw > width - 1 {
                break;
            }
            w += cw;
            out.push(c);
        }
        out.push('…');
        out
    }

    proptest::proptest! {
        #[test]
        fn fit_cuts_as_its_definition_says(
            s in "[a-z \u{301}\u{200d}人é—’\t]{0,40}",
            width in 0usize..30,
        ) {
            proptest::prop_assert_eq!(fit(&s, width), fit_by_definition(&s, width));
        }

        #[test]
        fn a_row_is_the_clean_start_of_the_text(s in "[a-zé人\u{1b}\n]{0,400}") {
            let row = clean_row(&s);
            let whole = clean(&s);
            proptest::prop_assert!(whole.starts_with(&row));
            if s.chars().count() <= 256 {
                proptest::prop_assert_eq!(row, whole);
            }
        }
    }
}
