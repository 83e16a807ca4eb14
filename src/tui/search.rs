//! The search palette's state: a query, a filter and ranked results over the wizard's rows.

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Matcher, Utf32Str};

use super::answers::{answer_of, describe, is_gap};
use super::editor::TextEditor;
use super::fuzzy::{Folded, Score, Scorer, Span};
use super::outline::Row;
use super::view::text::{clean, clean_row};
use crate::model::{Assessment, Questionnaire, QuestionnaireIndex, Status, Value};

/// Which questions a search considers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// Every question.
    All,
    /// Applicable questions without an answer.
    Unanswered,
    /// Gap or partial (or no / unknown).
    Gaps,
    /// Flagged for follow-up.
    Flagged,
    /// Evidence is required but none is recorded.
    EvidenceMissing,
}

impl Filter {
    /// Filters in the order Tab cycles through them.
    pub const ALL: [Filter; 5] = [
        Filter::All,
        Filter::Unanswered,
        Filter::Gaps,
        Filter::Flagged,
        Filter::EvidenceMissing,
    ];

    /// Label shown in the palette.
    pub fn label(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::Unanswered => "unanswered",
            Filter::Gaps => "gaps",
            Filter::Flagged => "flagged",
            Filter::EvidenceMissing => "evidence missing",
        }
    }

    /// The next filter.
    pub fn next(self) -> Filter {
        let i = Filter::ALL.iter().position(|f| *f == self).unwrap_or(0);
        Filter::ALL.get(i + 1).copied().unwrap_or(Filter::All)
    }
}

/// The palette.
#[derive(Debug, Clone)]
pub struct SearchState {
    /// The query being typed.
    pub query: TextEditor,
    /// The active filter.
    pub filter: Filter,
    /// Every matching row, best first, except that rows ranking below the first screenful
    /// may still be in file order: read them through [`SearchState::window`], or call
    /// [`SearchState::ensure_ranked`] first.
    pub results: Vec<usize>,
    /// How many of `results` are in their final order.
    ranked: usize,
    /// Selected result.
    pub selected: usize,
    /// The rows' searchable text, once prepared.
    haystacks: Option<Haystacks>,
    /// Earlier rankings, each query extending the one below: typing a character re-ranks
    /// only the previous hits, deleting one reuses the earlier ranking.
    history: Vec<Step>,
}

/// One ranking of the palette's history.
#[derive(Debug, Clone)]
struct Step {
    query: String,
    filter: Filter,
    hits: Hits,
}

/// The matches of one query: `ranked` as `(key, candidate)` best first, then `pending`
/// candidates, which rank below every ranked one (matches only outside the id and prompt)
/// and are scored only when needed (see [`Haystacks::rank_pending`]).
#[derive(Debug, Clone, Default)]
struct Hits {
    ranked: Vec<(i64, usize)>,
    pending: Vec<usize>,
}

impl Hits {
    /// Every matching candidate, ranked ones first.
    fn candidates(&self) -> impl Iterator<Item = usize> + '_ {
        self.ranked
            .iter()
            .map(|(_, ci)| *ci)
            .chain(self.pending.iter().copied())
    }
}

/// Results ranked ahead of the selection, so a terminal up to this many rows tall shows
/// only ranked results while moving down (a taller one ranks them in the view).
pub const LOOKAHEAD: usize = 256;

/// How many rankings the palette keeps.
const HISTORY: usize = 32;

impl SearchState {
    /// An empty palette.
    pub fn new() -> Self {
        SearchState {
            query: TextEditor::new("", false),
            filter: Filter::All,
            results: Vec::new(),
            ranked: 0,
            selected: 0,
            haystacks: None,
            history: Vec::new(),
        }
    }

    /// Row `row`'s question id and prompt as a result shows them, sanitized, once the rows
    /// are prepared.
    pub fn label(&self, row: usize) -> Option<&str> {
        self.haystacks.as_ref()?.label(row)
    }

    /// Whether the rows have been prepared (see [`SearchState::prepare`]).
    pub fn is_prepared(&self) -> bool {
        self.haystacks.is_some()
    }

    /// Sets the rows to search; forgets earlier rankings.
    pub fn prepare(&mut self, haystacks: Haystacks) {
        self.haystacks = Some(haystacks);
        self.history.clear();
    }

    /// Recomputes the results for the current query and filter: every match counted, the
    /// first screenful ranked.
    pub fn refresh(&mut self) {
        let Some(h) = &mut self.haystacks else {
            self.results.clear();
            self.ranked = 0;
            return;
        };
        let text = self.query.text();
        let query = text.trim();
        while let Some(top) = self.history.last() {
            if top.filter == self.filter && extends(query, &top.query) {
                break;
            }
            self.history.pop();
        }
        if self.history.last().is_none_or(|top| top.query != query) {
            let hits = h.rank(query, self.filter, self.history.last().map(|t| &t.hits));
            if self.history.len() >= HISTORY {
                self.history.remove(0);
            }
            self.history.push(Step {
                query: query.to_string(),
                filter: self.filter,
                hits,
            });
        }
        self.sync_results();
        self.ensure_ranked(self.selected + LOOKAHEAD);
        self.selected = self.selected.min(self.results.len().saturating_sub(1));
    }

    /// Copies the current ranking's rows into `results`.
    fn sync_results(&mut self) {
        self.results.clear();
        self.ranked = 0;
        let (Some(h), Some(top)) = (&self.haystacks, self.history.last()) else {
            return;
        };
        self.results
            .extend(top.hits.candidates().filter_map(|ci| h.row(ci)));
        self.ranked = top.hits.ranked.len();
    }

    /// Ranks the pending results when any of the first `upto` is pending.
    pub fn ensure_ranked(&mut self, upto: usize) {
        if upto <= self.ranked || self.ranked == self.results.len() {
            return;
        }
        let (Some(h), Some(top)) = (&mut self.haystacks, self.history.last_mut()) else {
            return;
        };
        h.rank_pending(&mut top.hits, &top.query);
        self.sync_results();
    }

    /// The `len` results from `offset` on, in their final order: ranked here (on a copy of
    /// the prepared rows) when the window reaches past [`SearchState::ensure_ranked`]'s.
    pub fn window(&self, offset: usize, len: usize) -> Vec<usize> {
        let end = offset.saturating_add(len).min(self.results.len());
        if end <= self.ranked {
            return self.results.get(offset..end).unwrap_or_default().to_vec();
        }
        let (Some(h), Some(top)) = (&self.haystacks, self.history.last()) else {
            return Vec::new();
        };
        let (mut h, mut hits) = (h.clone(), top.hits.clone());
        h.rank_pending(&mut hits, &top.query);
        hits.ranked
            .iter()
            .skip(offset)
            .take(len)
            .filter_map(|(_, ci)| h.row(*ci))
            .collect()
    }
}

/// Whether every row matching `query` also matches `earlier`, so ranking `query` may start
/// from `earlier`'s hits. Decided on the matcher's needles, not the typed text (it
/// lowercases, and keeps only the first character of each grapheme: `a` + combining accent
/// looks for `a` alone), and only for ASCII needles: then both are matched with the same
/// case folding and normalization, so a haystack matching `query`'s characters in order
/// also matches `earlier`'s when those are a subsequence of them. Otherwise not: a non-ASCII
/// needle can switch normalization off (`é`), and never matches ASCII text even when it
/// holds only ASCII characters (`e` + combining accent looks for `e`).
fn extends(query: &str, earlier: &str) -> bool {
    let (query, earlier) = (Query::new(query), Query::new(earlier));
    let (query, earlier) = (query.atom.needle_text(), earlier.atom.needle_text());
    if !matches!((query, earlier), (Utf32Str::Ascii(_), Utf32Str::Ascii(_))) {
        return false;
    }
    let mut want = earlier.chars().peekable();
    for c in query.chars() {
        if want.peek() == Some(&c) {
            want.next();
        }
    }
    want.peek().is_none()
}

impl Default for SearchState {
    fn default() -> Self {
        Self::new()
    }
}

fn passes(filter: Filter, q: &crate::model::Question, row: &Row, a: &Assessment) -> bool {
    let ans = answer_of(a, row);
    match filter {
        Filter::All => true,
        Filter::Unanswered => row.applicable && ans.is_none(),
        Filter::Gaps => ans.is_some_and(is_gap),
        Filter::Flagged => ans.is_some_and(|a| a.flagged),
        Filter::EvidenceMissing => {
            q.evidence_required
                && ans.is_some_and(|a| {
                    a.evidence.is_empty() && a.value != Value::Status(Status::OutOfScope)
                })
        }
    }
}

/// Question rows passing `filter`, ranked by fuzzy match of `query` (its characters in order,
/// case ignored): a question whose id is the query first, then matches in the id or prompt,
/// then matches only in the section ref or title, help or answer; by score within each
/// group, file order among equals (file order for an empty query).
pub fn search(
    q: &Questionnaire,
    rows: &[Row],
    a: &Assessment,
    query: &str,
    filter: Filter,
) -> Vec<usize> {
    let mut h = Haystacks::new(q, &QuestionnaireIndex::new(q), rows, a);
    let mut hits = h.rank(query, filter, None);
    h.rank_pending(&mut hits, query);
    hits.ranked
        .into_iter()
        .filter_map(|(_, ci)| h.row(ci))
        .collect()
}

/// Which filters a prepared row passes, one bit per `Filter::ALL` entry.
fn filter_bit(filter: Filter) -> u8 {
    let i = Filter::ALL.iter().position(|f| *f == filter).unwrap_or(0);
    1 << i
}

/// The searchable text of every question row, built once when the palette opens (answers
/// cannot change while it is open) so a keystroke only matches.
#[derive(Debug, Clone, Default)]
pub struct Haystacks {
    /// All fields of all rows, back to back.
    text: String,
    /// Per candidate: its row index, the filters it passes and where its fields start in
    /// `text` (the last entry is the end of the last field).
    candidates: Vec<Candidate>,
    /// The fields of candidates with non-ASCII text as the matcher reads them (one
    /// character per grapheme), converted once rather than on every keystroke.
    chars: Vec<char>,
    /// The matcher, reused across keystrokes.
    matcher: Matcher,
    /// Per candidate: its question's id and prompt as a result row shows them (sanitized,
    /// the prompt cut to a row's length), so drawing the results does not clean them
    /// again on every keystroke.
    labels: Vec<String>,
    /// The id and prompt of every candidate folded for scoring (see [`super::fuzzy`]):
    /// ASCII fields here, others in `folded_chars`.
    folded_bytes: Folded<u8>,
    /// The id and prompt fields that are not ASCII to the matcher, folded.
    folded_chars: Folded<char>,
    /// Scores the id and prompt, reused across keystrokes.
    scorer: Scorer,
}

#[derive(Debug, Clone)]
struct Candidate {
    row: usize,
    filters: u8,
    /// Whether all its fields are ASCII (matched without conversion).
    ascii: bool,
    bounds: [u32; FIELDS + 1],
    /// Where its fields start in `chars`, and which are matched from there (one bit per
    /// field; the others, ASCII to the matcher, from `text`).
    char_bounds: [u32; FIELDS + 1],
    unicode: u8,
    /// Its id and prompt in `folded_bytes` or `folded_chars` (by `unicode`), in
    /// [`PRIMARY_FIELDS`] order.
    folded: [Span; 2],
}

/// Id, section ref, section title, prompt, help, answer.
const FIELDS: usize = 6;
/// The id field.
const ID: usize = 0;
/// The id and prompt fields, whose matches rank first.
const PRIMARY_FIELDS: [usize; 2] = [ID, 3];
/// Section ref and title, help, answer: scored only when neither id nor prompt matches.
const SECONDARY: [usize; 4] = [1, 2, 4, 5];
/// What a match in the id or prompt adds to its score (field scores are `u16`).
const PRIMARY: i64 = 1 << 16;

impl Haystacks {
    /// Prepares the rows of `q` (indexed by `index`) for searching with the answers in `a`.
    pub fn new(
        q: &Questionnaire,
        index: &QuestionnaireIndex,
        rows: &[Row],
        a: &Assessment,
    ) -> Self {
        let mut h = Haystacks::default();
        let mut buf = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            let Some(question) = row.question().and_then(|id| index.question(q, id)) else {
                continue;
            };
            let section = index.section(q, &row.section);
            let filters = Filter::ALL
                .iter()
                .filter(|f| passes(**f, question, row, a))
                .fold(0, |bits, f| bits | filter_bit(*f));
            let mut bounds = [0u32; FIELDS + 1];
            let mut push = |k: usize, s: &str| {
                if let Some(b) = bounds.get_mut(k) {
                    *b = u32::try_from(h.text.len()).unwrap_or(u32::MAX);
                }
                h.text.push_str(s);
            };
            push(0, &question.id);
            push(
                1,
                section.and_then(|s| s.reference.as_deref()).unwrap_or(""),
            );
            push(2, section.map_or("", |s| s.title.as_str()));
            push(3, &question.prompt);
            push(4, &question.help);
            if let Some(ans) = answer_of(a, row) {
                let described = describe(q, &question.answer, &ans.value);
                push(5, &described);
                h.text.push(' ');
                h.text.push_str(&ans.note);
            } else {
                push(5, "");
            }
            if let Some(end) = bounds.get_mut(FIELDS) {
                *end = u32::try_from(h.text.len()).unwrap_or(u32::MAX);
            }
            let start = bounds.first().copied().unwrap_or(0) as usize;
            let ascii = h.text.get(start..).is_some_and(str::is_ascii);
            let mut c = Candidate {
                row: i,
                filters,
                ascii,
                bounds,
                char_bounds: [0; FIELDS + 1],
                unicode: 0,
                folded: [Span::default(); 2],
            };
            if !ascii {
                h.convert(&mut c, &mut buf);
            }
            h.fold(&mut c);
            h.candidates.push(c);
            h.labels.push(label(question));
        }
        h
    }

    /// Converts the fields of `c` as the matcher would on every match
    /// ([`Utf32Str::new`]), keeping those it reads as characters.
    fn convert(&mut self, c: &mut Candidate, buf: &mut Vec<char>) {
        for k in 0..FIELDS {
            if let Some(b) = c.char_bounds.get_mut(k) {
                *b = u32::try_from(self.chars.len()).unwrap_or(u32::MAX);
            }
            if let Utf32Str::Unicode(chars) = Utf32Str::new(field(&self.text, c, k), buf) {
                self.chars.extend_from_slice(chars);
                c.unicode |= 1 << k;
            }
        }
        if let Some(end) = c.char_bounds.get_mut(FIELDS) {
            *end = u32::try_from(self.chars.len()).unwrap_or(u32::MAX);
        }
    }

    /// Folds the id and prompt of `c` for scoring.
    fn fold(&mut self, c: &mut Candidate) {
        let mut folded = [Span::default(); 2];
        for (k, span) in PRIMARY_FIELDS.iter().zip(folded.iter_mut()) {
            *span = match haystack(&self.text, &self.chars, c, *k) {
                Utf32Str::Ascii(bytes) => self.folded_bytes.push(bytes),
                Utf32Str::Unicode(chars) => self.folded_chars.push(chars),
            };
        }
        c.folded = folded;
    }

    /// The score of an ASCII `needle` in primary field `slot` (of [`PRIMARY_FIELDS`]) of
    /// `c`, from its folded text.
    fn folded_score(&mut self, c: usize, slot: usize, needle: &[u8]) -> Score {
        let Some(cand) = self.candidates.get(c) else {
            return Score::NoMatch;
        };
        let (Some(k), Some(span)) = (PRIMARY_FIELDS.get(slot), cand.folded.get(slot)) else {
            return Score::Nucleo;
        };
        if cand.unicode & (1 << k) == 0 {
            let (text, bonus) = self.folded_bytes.get(*span);
            self.scorer.score(text, bonus, needle)
        } else {
            let (text, bonus) = self.folded_chars.get(*span);
            self.scorer.score(text, bonus, needle)
        }
    }

    /// The best score of `query` in the id and prompt of candidate `c`: from their folded
    /// text, or by nucleo where it settles the case on another path.
    fn best_primary(&mut self, c: usize, query: &Query) -> Option<i64> {
        let Utf32Str::Ascii(needle) = query.atom.needle_text() else {
            return self.best(c, &PRIMARY_FIELDS, query);
        };
        let mut best = None;
        for (slot, k) in PRIMARY_FIELDS.iter().enumerate() {
            let score = match self.folded_score(c, slot, needle) {
                Score::Match(s) => Some(i64::from(s)),
                Score::NoMatch => None,
                Score::Nucleo => self.best(c, std::slice::from_ref(k), query),
            };
            best = best.max(score);
        }
        best
    }

    /// The best score of `query` in the `fields` of candidate `c`, by nucleo.
    fn best(&mut self, c: usize, fields: &[usize], query: &Query) -> Option<i64> {
        let Haystacks {
            text,
            candidates,
            matcher,
            chars,
            ..
        } = self;
        let c = candidates.get(c)?;
        let needle = match query.atom.needle_text() {
            Utf32Str::Ascii(n) if c.ascii => Some(n),
            _ => None,
        };
        let mut best = None;
        for k in fields {
            let hay = match needle {
                Some(n) => {
                    let f = field(text, c, *k).as_bytes();
                    // Rejected without the matcher's call overhead (it would reject too).
                    if !in_order(n, f) {
                        continue;
                    }
                    Utf32Str::Ascii(f)
                }
                None => haystack(text, chars, c, *k),
            };
            best = best.max(query.atom.score(hay, matcher).map(i64::from));
        }
        best
    }

    /// The ranking key of `query` over candidate `c` from a match in the id or prompt:
    /// the better field score raised by [`PRIMARY`], by twice that for an id equal to the
    /// query; `None` without such a match. Every such key is above every [`SECONDARY`]
    /// one.
    fn primary(&mut self, c: usize, query: &Query) -> Option<i64> {
        let s = self.best_primary(c, query)?;
        let cand = self.candidates.get(c)?;
        let exact = field(&self.text, cand, ID).eq_ignore_ascii_case(&query.text);
        Some(s + if exact { 2 * PRIMARY } else { PRIMARY })
    }

    /// Whether `query` matches any [`SECONDARY`] field of candidate `c`, without scoring:
    /// for ASCII text and needle, the needle's characters in order, ASCII case ignored,
    /// which is exactly when the matcher finds a match (its prefilter rejects all others).
    fn matches_secondary(&mut self, c: usize, query: &Query) -> bool {
        let Some(cand) = self.candidates.get(c) else {
            return false;
        };
        match query.atom.needle_text() {
            Utf32Str::Ascii(needle) if cand.ascii => SECONDARY
                .iter()
                .any(|k| in_order(needle, field(&self.text, cand, *k).as_bytes())),
            _ => self.best(c, &SECONDARY, query).is_some(),
        }
    }

    /// Ranks the candidates numbered `among` (all when `None`) passing `filter`: matches in
    /// the id or prompt scored and ranked best first (file order among equals), the others
    /// pending.
    fn rank(&mut self, query: &str, filter: Filter, among: Option<&Hits>) -> Hits {
        let bit = filter_bit(filter);
        let query = Query::new(query);
        let mut hits = Hits::default();
        let count = self.candidates.len();
        let mut one = |ci: usize| {
            if self.candidates.get(ci).is_none_or(|c| c.filters & bit == 0) {
                return;
            }
            if query.text.is_empty() {
                hits.ranked.push((0, ci));
            } else if let Some(key) = self.primary(ci, &query) {
                hits.ranked.push((key, ci));
            } else if self.matches_secondary(ci, &query) {
                hits.pending.push(ci);
            }
        };
        match among {
            Some(prev) => prev.candidates().for_each(&mut one),
            None => (0..count).for_each(&mut one),
        }
        sort_hits(&mut hits.ranked);
        hits
    }

    /// Scores and ranks the pending candidates of `hits` (matches of `query`), after the
    /// ranked ones.
    fn rank_pending(&mut self, hits: &mut Hits, query: &str) {
        let query = Query::new(query);
        let mut tail: Vec<(i64, usize)> = hits
            .pending
            .drain(..)
            .map(|ci| (self.best(ci, &SECONDARY, &query).unwrap_or(0), ci))
            .collect();
        sort_hits(&mut tail);
        hits.ranked.append(&mut tail);
    }

    /// The row index of candidate `ci`.
    fn row(&self, ci: usize) -> Option<usize> {
        self.candidates.get(ci).map(|c| c.row)
    }

    /// The shown id and prompt of row `row` (see [`Haystacks::labels`]).
    fn label(&self, row: usize) -> Option<&str> {
        let ci = self.candidates.binary_search_by_key(&row, |c| c.row).ok()?;
        self.labels.get(ci).map(String::as_str)
    }
}

/// A question as a result row shows it after its mark: its id and prompt, sanitized, the
/// prompt cut to a row's length.
pub fn label(question: &crate::model::Question) -> String {
    format!("{} {}", clean(&question.id), clean_row(&question.prompt))
}

/// Best key first, file order among equals.
fn sort_hits(hits: &mut [(i64, usize)]) {
    hits.sort_unstable_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
}

/// Whether the (lowercase ASCII) `needle` occurs in order in `hay`, ASCII case ignored:
/// the matcher's own prefilter test, which decides ASCII matches.
fn in_order(needle: &[u8], hay: &[u8]) -> bool {
    let mut rest = hay;
    for &c in needle {
        let found = if c.is_ascii_lowercase() {
            memchr::memchr2(c, c.to_ascii_uppercase(), rest)
        } else {
            memchr::memchr(c, rest)
        };
        match found.and_then(|i| rest.get(i + 1..)) {
            Some(after) => rest = after,
            None => return false,
        }
    }
    true
}

/// Field `k` of candidate `c` as the matcher reads it, from the prepared `text` and
/// `chars`.
fn haystack<'s>(text: &'s str, chars: &'s [char], c: &Candidate, k: usize) -> Utf32Str<'s> {
    if c.unicode & (1 << k) == 0 {
        return Utf32Str::Ascii(field(text, c, k).as_bytes());
    }
    let start = c.char_bounds.get(k).copied().unwrap_or(0) as usize;
    let end = c.char_bounds.get(k + 1).copied().unwrap_or(0) as usize;
    Utf32Str::Unicode(chars.get(start..end).unwrap_or_default())
}

/// The text of field `k` of candidate `c` in the prepared `text`.
fn field<'t>(text: &'t str, c: &Candidate, k: usize) -> &'t str {
    let start = c.bounds.get(k).copied().unwrap_or(0) as usize;
    let end = c.bounds.get(k + 1).copied().unwrap_or(0) as usize;
    text.get(start..end).unwrap_or("")
}

/// A trimmed query and its matcher atom (characters in order, spaces literal, case ignored).
struct Query {
    text: String,
    atom: Atom,
}

impl Query {
    fn new(query: &str) -> Self {
        let text = query.trim().to_string();
        let atom = Atom::new(
            &text,
            CaseMatching::Ignore,
            Normalization::Smart,
            AtomKind::Fuzzy,
            false,
        );
        Query { text, atom }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Answer;

    /// A 300-question synthetic wizard's questionnaire and rows.
    fn fixture() -> (crate::tui::app::App, Vec<Row>) {
        let app = crate::synth::wizard_app(300);
        let crate::tui::app::Screen::Wizard(w) = &app.screen else {
            panic!("wizard not open")
        };
        let rows = w.rows.clone();
        (app, rows)
    }

    /// The question id of each result row.
    fn ids<'r>(rows: &'r [Row], results: &[usize]) -> Vec<&'r str> {
        results
            .iter()
            .filter_map(|i| rows.get(*i)?.question())
            .collect()
    }

    #[test]
    fn an_exact_id_ranks_first() {
        let (app, rows) = fixture();
        let q = app
            .ctx
            .catalog
            .questionnaire("synthetic")
            .expect("synthetic");
        let a = Assessment::new("synthetic", None);
        for query in ["q12", "Q12", " q7 ", "q120"] {
            let results = search(q, &rows, &a, query, Filter::All);
            let first = ids(&rows, &results).first().copied();
            assert_eq!(
                first,
                Some(query.trim().to_lowercase().as_str()),
                "{query:?}"
            );
        }
    }

    #[test]
    fn prompt_matches_rank_before_note_matches() {
        let (app, rows) = fixture();
        let q = app
            .ctx
            .catalog
            .questionnaire("synthetic")
            .expect("synthetic");
        let prompt = q.question("q7").expect("q7").prompt.clone();
        let mut a = Assessment::new("synthetic", None);
        let mut answer = Answer::new(Value::Status(Status::Partial));
        answer.note = prompt.clone();
        a.answers.insert("q3".into(), answer);
        let results = search(q, &rows, &a, &prompt, Filter::All);
        assert_eq!(ids(&rows, &results), ["q7", "q3"]);
    }

    /// Types `queries` one after another into a palette over the fixture and checks every
    /// ranking against a fresh search: shown windows, the whole list once ranked, the count.
    fn check_typing(queries: &[&str], filter: Filter) {
        let (app, rows) = fixture();
        let q = app
            .ctx
            .catalog
            .questionnaire("synthetic")
            .expect("synthetic");
        let mut a = Assessment::new("synthetic", None);
        let mut answer = Answer::new(Value::Status(Status::Partial));
        answer.note = "risk review résumé".into();
        a.answers.insert("q3".into(), answer);
        let mut s = SearchState::new();
        s.filter = filter;
        s.prepare(Haystacks::new(q, &QuestionnaireIndex::new(q), &rows, &a));
        for query in queries {
            s.query = TextEditor::new(query, false);
            s.refresh();
            let fresh = search(q, &rows, &a, query, filter);
            assert_eq!(s.results.len(), fresh.len(), "{query:?}: count");
            for (offset, len) in [(0, 10), (3, 40), (fresh.len().saturating_sub(5), 9)] {
                let want = fresh
                    .iter()
                    .skip(offset)
                    .take(len)
                    .copied()
                    .collect::<Vec<_>>();
                assert_eq!(s.window(offset, len), want, "{query:?}: window at {offset}");
            }
            let mut whole = s.clone();
            whole.ensure_ranked(usize::MAX);
            assert_eq!(whole.results, fresh, "{query:?}");
        }
        assert!(s.history.len() <= HISTORY);
    }

    #[test]
    fn typing_deleting_and_editing_rank_as_a_fresh_search() {
        let typed = [
            "r", "ri", "ris", "risk", "risk ", "risk r", "risk", "ris", "rev", "Q1", "q12", "q1",
            "", "k", "rk", "risk", "rsk", "rXsk", "ré", "rés", "re", "e\u{301}", "e", "",
        ];
        check_typing(&typed, Filter::All);
        check_typing(&["g", "ga", "gap", "ga", "q", "q1"], Filter::Unanswered);
    }

    /// Over every built-in questionnaire (ids like `A.6.2.3`, prompts with em dashes and
    /// accents), the id-and-prompt key from the folded text is nucleo's, for every candidate
    /// and query.
    #[test]
    fn folded_scores_rank_as_nucleo_does() {
        let catalog = crate::catalog::Catalog::builtin();
        let queries = [
            "ri",
            "risk",
            "a.6",
            "6.2",
            "imp",
            "data q",
            "ai system",
            "sup",
            "ee",
            "—x",
            "é",
            "x",
            "4",
            "polic",
            "mgmt",
            "vendor",
        ];
        let (mut asked, mut unicode) = (0, 0);
        for q in &catalog.questionnaires {
            let q = &q.item;
            let a = Assessment::new(&q.id, None);
            let ctx = crate::tui::applicability::Context {
                profile: None,
                subject: None,
                assessment: &a,
            };
            let rows = crate::tui::outline::build(q, ctx);
            let mut h = Haystacks::new(q, &QuestionnaireIndex::new(q), &rows, &a);
            unicode += h
                .candidates
                .iter()
                .filter(|c| c.unicode & (1 << 3) != 0)
                .count();
            for query in queries.map(Query::new) {
                for c in 0..h.candidates.len() {
                    let nucleo = h.best(c, &PRIMARY_FIELDS, &query);
                    assert_eq!(h.best_primary(c, &query), nucleo, "{:?} #{c}", query.text);
                    asked += 1;
                }
            }
        }
        assert!(asked > 3000, "only {asked} keys compared");
        assert!(unicode > 20, "only {unicode} prompts read as Unicode");
    }

    #[test]
    fn extending_is_decided_on_the_matchers_needles() {
        assert!(extends("risk", "ris"));
        assert!(extends("RISK", "rk"));
        assert!(extends("r i s", "ris"));
        assert!(!extends("rsk", "ris"));
        assert!(!extends("ri", "ris"));
        // Accents switch normalization off: ranked from scratch.
        assert!(!extends("résumé", "r"));
        // A lone combining mark is looked for; after a letter it is not.
        assert!(!extends("a\u{301}", "\u{301}"));
        assert!(!extends("e", "e\u{301}"));
    }

    #[test]
    fn in_order_is_what_the_matcher_accepts() {
        let mut matcher = Matcher::default();
        let hays = [
            "Ask for the Risk and check",
            "q12",
            "",
            "x-y_z",
            "RIS",
            "sir",
        ];
        for needle in ["risk", "ris", "q1", "x-z", "xyz", "sk", "ask"] {
            let atom = Query::new(needle).atom;
            for hay in hays {
                let found = atom
                    .score(Utf32Str::Ascii(hay.as_bytes()), &mut matcher)
                    .is_some();
                assert_eq!(
                    in_order(needle.as_bytes(), hay.as_bytes()),
                    found,
                    "{needle} {hay}"
                );
            }
        }
    }

    #[test]
    fn filters_and_empty_queries_keep_file_order() {
        let (app, rows) = fixture();
        let q = app
            .ctx
            .catalog
            .questionnaire("synthetic")
            .expect("synthetic");
        let a = Assessment::new("synthetic", None);
        let all = search(q, &rows, &a, "  ", Filter::All);
        assert_eq!(all.len(), 300);
        assert!(all.windows(2).all(|w| w.first() < w.last()));
        assert!(search(q, &rows, &a, "", Filter::Flagged).is_empty());
        assert!(search(q, &rows, &a, "zzzzqqq", Filter::All).is_empty());
    }
}
