//! The palette's fuzzy score: nucleo's optimal score (`Atom::score` for a fuzzy atom, case
//! ignored, text normalized, `Matcher::default()`'s configuration), worked out over text
//! folded once rather than on every keystroke, and only where the needle's characters occur.
//!
//! On each call nucleo's optimal matcher first classifies, case-folds and normalizes every
//! character of the haystack and derives the bonus a match on it earns; then it fills a
//! needle × haystack matrix. Both steps cost about the same. [`Folded`] keeps the folded
//! characters and bonuses of each prepared text, so a keystroke repeats neither. [`Scorer`]
//! computes nucleo's recurrence only at the cells where a needle character occurs: between
//! two such cells the gap score falls by a fixed amount per column, so the cells in between
//! need not be visited. The cases nucleo settles on another path (a one-character needle, a
//! match exactly as long as the needle, a haystack too large for its matrix) are handed back
//! to nucleo ([`Score::Nucleo`]). The tests compare the two on random and on real text.

use nucleo_matcher::chars::{is_upper_case, normalize, to_lower_case};

/// What matching one character scores (nucleo's `SCORE_MATCH`).
const SCORE_MATCH: u16 = 16;
/// Opening a gap between matched characters.
const PENALTY_GAP_START: u16 = 3;
/// A word starting after a non-word character.
const BONUS_BOUNDARY: u16 = 8;
/// A word starting after white space (the configuration's `bonus_boundary_white`).
const BONUS_BOUNDARY_WHITE: u16 = BONUS_BOUNDARY + 2;
/// A word starting after a delimiter (`bonus_boundary_delimiter`).
const BONUS_BOUNDARY_DELIMITER: u16 = BONUS_BOUNDARY + 1;
/// An upper-case letter after a lower-case one, or a digit after a non-digit.
const BONUS_CAMEL123: u16 = BONUS_BOUNDARY - PENALTY_GAP_START;
/// A non-word character.
const BONUS_NON_WORD: u16 = BONUS_BOUNDARY;
/// The least a consecutive match earns.
const BONUS_CONSECUTIVE: u16 = PENALTY_GAP_START + 1;
/// The first needle character's bonus counts this many times.
const BONUS_FIRST_CHAR_MULTIPLIER: u16 = 2;
/// The default configuration's delimiters.
const DELIMITERS: &[u8] = b"/,:;|";
/// Longest needle scored here (nucleo's matrix is always large enough for it).
const MAX_NEEDLE: usize = 32;
/// Longest span from the first to the last possible match scored here: with
/// [`MAX_NEEDLE`], well inside nucleo's matrix (102,400 cells), which falls back to a
/// greedy match beyond it.
const MAX_SPAN: usize = 2048;

/// A character's class, in nucleo's order (the classes after `Delimiter` are word
/// characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// White space (the class before the first character too).
    Whitespace,
    /// Punctuation and symbols other than the delimiters.
    NonWord,
    /// One of `/,:;|`.
    Delimiter,
    /// A lower-case letter.
    Lower,
    /// An upper-case letter.
    Upper,
    /// A letter without case.
    Letter,
    /// A digit or other number.
    Number,
}

/// A character of a folded text: a byte of ASCII text, or a `char` of other text (the
/// first of each grapheme, as nucleo reads it).
pub trait Sym: Copy + Eq + std::fmt::Debug {
    /// The character as nucleo compares it: lower case, and normalized when not ASCII.
    fn fold(self) -> Self;
    /// The character's class.
    fn class(self) -> Class;
    /// The needle's (lower-case ASCII) byte as this kind of character.
    fn from_ascii(b: u8) -> Self;
    /// Where `self` first occurs in `hay`.
    fn find(self, hay: &[Self]) -> Option<usize>;
    /// Where `self` last occurs in `hay`.
    fn rfind(self, hay: &[Self]) -> Option<usize>;
}

impl Sym for u8 {
    fn fold(self) -> Self {
        self.to_ascii_lowercase()
    }
    fn class(self) -> Class {
        match self {
            b'a'..=b'z' => Class::Lower,
            b'A'..=b'Z' => Class::Upper,
            b'0'..=b'9' => Class::Number,
            c if c.is_ascii_whitespace() => Class::Whitespace,
            c if DELIMITERS.contains(&c) => Class::Delimiter,
            _ => Class::NonWord,
        }
    }
    fn from_ascii(b: u8) -> Self {
        b
    }
    fn find(self, hay: &[Self]) -> Option<usize> {
        memchr::memchr(self, hay)
    }
    fn rfind(self, hay: &[Self]) -> Option<usize> {
        memchr::memrchr(self, hay)
    }
}

impl Sym for char {
    fn fold(self) -> Self {
        match u8::try_from(self) {
            Ok(b) if b.is_ascii() => char::from(b.to_ascii_lowercase()),
            _ => to_lower_case(normalize(self)),
        }
    }
    fn class(self) -> Class {
        match u8::try_from(self) {
            Ok(b) if b.is_ascii() => b.class(),
            _ if self.is_lowercase() => Class::Lower,
            _ if is_upper_case(self) => Class::Upper,
            _ if self.is_numeric() => Class::Number,
            _ if self.is_alphabetic() => Class::Letter,
            _ if self.is_whitespace() => Class::Whitespace,
            _ => Class::NonWord,
        }
    }
    fn from_ascii(b: u8) -> Self {
        char::from(b)
    }
    fn find(self, hay: &[Self]) -> Option<usize> {
        hay.iter().position(|c| *c == self)
    }
    fn rfind(self, hay: &[Self]) -> Option<usize> {
        hay.iter().rposition(|c| *c == self)
    }
}

/// The bonus for matching a character of class `class` after one of class `prev`
/// (nucleo's `Config::bonus_for` with the default configuration).
fn bonus_for(prev: Class, class: Class) -> u16 {
    if class > Class::Delimiter {
        match prev {
            Class::Whitespace => return BONUS_BOUNDARY_WHITE,
            Class::Delimiter => return BONUS_BOUNDARY_DELIMITER,
            Class::NonWord => return BONUS_BOUNDARY,
            _ => {}
        }
    }
    if prev == Class::Lower && class == Class::Upper
        || prev != Class::Number && class == Class::Number
    {
        BONUS_CAMEL123
    } else if class == Class::Whitespace {
        BONUS_BOUNDARY_WHITE
    } else if class == Class::NonWord {
        BONUS_NON_WORD
    } else {
        0
    }
}

/// Texts folded for [`Scorer::score`], back to back: each character as nucleo compares it,
/// and the bonus a match on it earns.
#[derive(Debug, Clone, Default)]
pub struct Folded<T> {
    text: Vec<T>,
    bonus: Vec<u8>,
}

/// Where one text lies in a [`Folded`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Span {
    start: u32,
    end: u32,
}

impl<T: Sym> Folded<T> {
    /// Folds `text` (as nucleo's haystack: one character per grapheme) and keeps it.
    pub fn push(&mut self, text: &[T]) -> Span {
        let start = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        let mut prev = Class::Whitespace;
        for &c in text {
            let class = c.class();
            self.text.push(c.fold());
            self.bonus
                .push(u8::try_from(bonus_for(prev, class)).unwrap_or(u8::MAX));
            prev = class;
        }
        let end = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        Span { start, end }
    }

    /// The folded text and bonuses of `span`.
    pub fn get(&self, span: Span) -> (&[T], &[u8]) {
        let r = span.start as usize..span.end as usize;
        (
            self.text.get(r.clone()).unwrap_or_default(),
            self.bonus.get(r).unwrap_or_default(),
        )
    }
}

/// The outcome of [`Scorer::score`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Score {
    /// The needle matches with this score.
    Match(u16),
    /// The needle does not match.
    NoMatch,
    /// nucleo settles this case on another path: ask it.
    Nucleo,
}

/// One cell of nucleo's matrix where a needle character matched: its score and the bonus
/// a consecutive match continues with.
#[derive(Debug, Clone, Copy)]
struct Cell {
    at: u32,
    score: u16,
    consecutive: u16,
}

/// Scores needles against folded texts, reusing its scratch space.
#[derive(Debug, Clone, Default)]
pub struct Scorer {
    prev: Vec<Cell>,
    cur: Vec<Cell>,
}

impl Scorer {
    /// nucleo's optimal fuzzy score of the lower-case ASCII `needle` in the folded `hay`
    /// with its `bonus`es, or [`Score::Nucleo`] where nucleo takes another path.
    pub fn score<T: Sym>(&mut self, hay: &[T], bonus: &[u8], needle: &[u8]) -> Score {
        let (n, len) = (needle.len(), hay.len());
        if n > len {
            return Score::NoMatch;
        }
        if n < 2 || n == len || n > MAX_NEEDLE || bonus.len() != len {
            return Score::Nucleo;
        }
        let mut offsets = [0usize; MAX_NEEDLE];
        let Some(end) = prefilter(hay, needle, &mut offsets) else {
            return Score::NoMatch;
        };
        let start = offsets[0];
        if end - start == n || end - start > MAX_SPAN {
            return Score::Nucleo;
        }
        let mut rows = needle.iter().zip(offsets);
        if let Some((&c, from)) = rows.next() {
            self.first_row(hay, bonus, T::from_ascii(c), from, end);
        }
        for (&c, from) in rows {
            self.next_row(hay, bonus, T::from_ascii(c), from, end);
        }
        match self.prev.iter().map(|c| c.score).max() {
            Some(s) => Score::Match(s),
            None => Score::NoMatch,
        }
    }

    /// The matches of the needle's first character in `start..end`.
    fn first_row<T: Sym>(&mut self, hay: &[T], bonus: &[u8], c: T, start: usize, end: usize) {
        self.prev.clear();
        for at in occurrences(hay, c, start, end) {
            let b = bonus.get(at).copied().map_or(0, u16::from);
            self.prev.push(Cell {
                at: at as u32,
                score: b * BONUS_FIRST_CHAR_MULTIPLIER + SCORE_MATCH,
                consecutive: b,
            });
        }
    }

    /// The matches of the next needle character in `from..end`, each from the best earlier
    /// match of the previous character: right before it (consecutive), or further back
    /// with a gap penalty of 3 plus 1 per further column, never below 0.
    fn next_row<T: Sym>(&mut self, hay: &[T], bonus: &[u8], c: T, from: usize, end: usize) {
        self.cur.clear();
        let mut k = 0;
        // The best `score + column` among the previous row's cells at least two before.
        let mut best: Option<u32> = None;
        for at in occurrences(hay, c, from, end) {
            let at = at as u32;
            while let Some(p) = self.prev.get(k).filter(|p| p.at + 2 <= at) {
                best = best.max(Some(u32::from(p.score) + p.at));
                k += 1;
            }
            // score − 3 for the first skipped column − 1 for each further one (nucleo's
            // gap start and extension): score + column − (at + 1).
            let gap = best.map_or(0, |b| b.saturating_sub(at + 1));
            let gap = u16::try_from(gap).unwrap_or(u16::MAX);
            let diagonal = self.prev.get(k).filter(|p| p.at + 1 == at);
            let b = bonus.get(at as usize).copied().map_or(0, u16::from);
            self.cur.push(next_cell(at, gap, b, diagonal));
        }
        std::mem::swap(&mut self.prev, &mut self.cur);
    }
}

/// nucleo's `next_m_cell`: the cell matching at `at` (bonus `bonus`) after the best gapped
/// score `gap`, or continuing the `diagonal` match right before it.
fn next_cell(at: u32, gap: u16, bonus: u16, diagonal: Option<&Cell>) -> Cell {
    let Some(m) = diagonal else {
        return Cell {
            at,
            score: gap + bonus + SCORE_MATCH,
            consecutive: bonus,
        };
    };
    let mut consecutive = m.consecutive.max(BONUS_CONSECUTIVE);
    if bonus >= BONUS_BOUNDARY && bonus > consecutive {
        consecutive = bonus;
    }
    let matched = m.score + consecutive.max(bonus);
    let skipped = gap + bonus;
    if matched > skipped {
        Cell {
            at,
            score: matched + SCORE_MATCH,
            consecutive,
        }
    } else {
        Cell {
            at,
            score: skipped + SCORE_MATCH,
            consecutive: bonus,
        }
    }
}

/// nucleo's prefilter: the needle's characters matched greedily from the first place its
/// first character can start (their columns into `offsets`), and the end of the span
/// nucleo scores (after the last occurrence of the last character); `None` without a match.
fn prefilter<T: Sym>(hay: &[T], needle: &[u8], offsets: &mut [usize]) -> Option<usize> {
    let (&first, &last) = (needle.first()?, needle.last()?);
    let room = hay.len().checked_sub(needle.len())? + 1;
    let mut at = T::from_ascii(first).find(hay.get(..room)?)?;
    *offsets.first_mut()? = at;
    for (&c, slot) in needle.iter().zip(offsets.iter_mut()).skip(1) {
        at += 1 + T::from_ascii(c).find(hay.get(at + 1..)?)?;
        *slot = at;
    }
    let last_at = at + T::from_ascii(last).rfind(hay.get(at..)?)?;
    Some(last_at + 1)
}

/// The columns in `from..end` where `hay` holds `c`.
fn occurrences<T: Sym>(hay: &[T], c: T, from: usize, end: usize) -> impl Iterator<Item = usize> {
    let mut at = from;
    std::iter::from_fn(move || {
        let i = c.find(hay.get(at..end)?)?;
        let found = at + i;
        at = found + 1;
        Some(found)
    })
}

#[cfg(test)]
mod tests {
    use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
    use nucleo_matcher::{Matcher, Utf32Str};
    use proptest::prelude::*;

    use super::*;

    /// What the palette gets for `needle` in `text`: this module's score, or nucleo's where
    /// it hands the case back; and whether nucleo was asked.
    fn ours(text: &str, needle: &str, matcher: &mut Matcher) -> (Option<u16>, bool) {
        let atom = atom(needle);
        let Utf32Str::Ascii(n) = atom.needle_text() else {
            panic!("the tests use ASCII needles");
        };
        let n = n.to_vec();
        let mut buf = Vec::new();
        let hay = Utf32Str::new(text, &mut buf);
        let mut scorer = Scorer::default();
        let score = match hay {
            Utf32Str::Ascii(bytes) => {
                let mut f = Folded::default();
                let span = f.push(bytes);
                let (t, b) = f.get(span);
                scorer.score(t, b, &n)
            }
            Utf32Str::Unicode(chars) => {
                let mut f = Folded::default();
                let span = f.push(chars);
                let (t, b) = f.get(span);
                scorer.score(t, b, &n)
            }
        };
        match score {
            Score::Match(s) => (Some(s), false),
            Score::NoMatch => (None, false),
            Score::Nucleo => (atom.score(hay, matcher), true),
        }
    }

    fn atom(needle: &str) -> Atom {
        Atom::new(
            needle,
            CaseMatching::Ignore,
            Normalization::Smart,
            AtomKind::Fuzzy,
            false,
        )
    }

    fn nucleo(text: &str, needle: &str, matcher: &mut Matcher) -> Option<u16> {
        let mut buf = Vec::new();
        atom(needle).score(Utf32Str::new(text, &mut buf), matcher)
    }

    /// The configuration the constants above copy.
    #[test]
    fn the_default_configuration_is_the_one_copied() {
        let c = Matcher::default().config;
        assert!(c.normalize && c.ignore_case && !c.prefer_prefix);
    }

    /// Haystack characters: both cases, digits, white space, delimiters, other
    /// punctuation, accented and case-less letters, a combining accent, an em dash.
    const HAY: &[char] = &[
        'a', 'b', 'r', 'i', 's', 'k', 'A', 'B', 'R', 'I', 'S', 'K', '1', '2', ' ', ' ', '\t', '/',
        ',', ':', ';', '|', '-', '.', '(', '_', 'é', 'É', 'ß', 'ﬁ', '字', 'Ω', '\u{301}', '—', '٣',
    ];
    /// Needle characters: lower-case ASCII as the palette's atoms hold them.
    const NEEDLE: &[char] = &['a', 'b', 'r', 'i', 's', 'k', '1', '2', ' ', '-', '/', '.'];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// On random text the score is nucleo's, match or not.
        #[test]
        fn scores_equal_nucleos(
            hay in prop::collection::vec(prop::sample::select(HAY), 0..60),
            needle in prop::collection::vec(prop::sample::select(NEEDLE), 1..6),
        ) {
            let (hay, needle): (String, String) =
                (hay.into_iter().collect(), needle.into_iter().collect());
            let mut m = Matcher::default();
            prop_assert_eq!(ours(&hay, &needle, &mut m).0, nucleo(&hay, &needle, &mut m));
        }

        /// So is the score of a needle taken from the text itself (every third character
        /// or so, in runs): many matches, long consecutive ones, ties between a consecutive
        /// and a gapped match.
        #[test]
        fn scores_of_needles_from_the_text_equal_nucleos(
            hay in prop::collection::vec(prop::sample::select(HAY), 2..60),
            picks in prop::collection::vec(0u8..3, 60),
        ) {
            let needle: String = hay
                .iter()
                .zip(&picks)
                .filter(|(c, pick)| **pick == 0 && c.is_ascii())
                .map(|(c, _)| c.to_ascii_lowercase())
                .take(MAX_NEEDLE)
                .collect();
            let hay: String = hay.into_iter().collect();
            let mut m = Matcher::default();
            prop_assert_eq!(ours(&hay, &needle, &mut m).0, nucleo(&hay, &needle, &mut m));
        }
    }

    /// On the built-in questionnaires' prompts, help and ids, every needle made of two to
    /// five of their characters scores as nucleo scores it, and nearly all are scored here.
    #[test]
    fn real_text_scores_equal_nucleos() {
        let catalog = crate::catalog::Catalog::builtin();
        let mut texts = Vec::new();
        for q in &catalog.questionnaires {
            for (_, question) in q.item.questions() {
                texts.push(question.id.clone());
                texts.push(question.prompt.clone());
                texts.push(question.help.clone());
            }
        }
        let needles = [
            "ri", "risk", "ai", "data", "imp", "a.6", "6.1", "sup", "evl", "mgmt", "ow", "  ", "—",
            "4.1", "bias", "xq", "ee", "ss", "tion", "a ", " a", "polic",
        ];
        let mut m = Matcher::default();
        let (mut here, mut total) = (0, 0);
        for text in &texts {
            for needle in needles.iter().filter(|n| n.is_ascii()) {
                let (score, asked) = ours(text, needle, &mut m);
                assert_eq!(
                    score,
                    nucleo(text, needle, &mut m),
                    "{needle:?} in {text:?}"
                );
                total += 1;
                here += usize::from(!asked);
            }
        }
        assert!(texts.len() > 500, "only {} texts", texts.len());
        assert!(here * 10 > total * 9, "only {here} of {total} scored here");
    }

    /// Each case nucleo settles on another path is handed back to it.
    #[test]
    fn other_paths_are_nucleos() {
        let mut s = Scorer::default();
        let mut f = Folded::default();
        for (text, needle, want) in [
            ("risk", "r", Score::Nucleo),
            ("risk", "risk", Score::Nucleo),
            ("a risk", "ri", Score::Nucleo),
            ("a ri sk", "ri", Score::Nucleo),
            ("ab", "abc", Score::NoMatch),
            ("xyz", "ab", Score::NoMatch),
            ("a ri ki", "ri", Score::Match(62)),
        ] {
            let span = f.push(text.as_bytes());
            let (t, b) = f.get(span);
            let got = s.score(t, b, needle.as_bytes());
            // The last one is checked against nucleo too.
            if let Score::Match(score) = got {
                assert_eq!(Some(score), nucleo(text, needle, &mut Matcher::default()));
            }
            assert_eq!(got, want, "{needle:?} in {text:?}");
        }
    }
}
