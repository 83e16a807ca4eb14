//! The search palette's state: a query, a filter and ranked results over the wizard's rows.

use std::collections::HashMap;

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Matcher, Utf32Str};

use super::answers::{answer_of, describe, is_gap};
use super::editor::TextEditor;
use super::outline::Row;
use crate::model::{Assessment, Questionnaire, Status, Value};

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
    /// Matching row indices, best first.
    pub results: Vec<usize>,
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
    hits: Vec<(i64, usize)>,
}

/// How many rankings the palette keeps.
const HISTORY: usize = 32;

impl SearchState {
    /// An empty palette.
    pub fn new() -> Self {
        SearchState {
            query: TextEditor::new("", false),
            filter: Filter::All,
            results: Vec::new(),
            selected: 0,
            haystacks: None,
            history: Vec::new(),
        }
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

    /// Recomputes the results for the current query and filter.
    pub fn refresh(&mut self) {
        let Some(h) = &mut self.haystacks else {
            self.results.clear();
            return;
        };
        let query = self.query.text();
        let query = query.trim();
        while let Some(top) = self.history.last() {
            if top.filter == self.filter && extends(query, &top.query) {
                break;
            }
            self.history.pop();
        }
        let hits = match self.history.last() {
            Some(top) if top.query == query => &top.hits,
            top => {
                let hits = h.rank(query, self.filter, top.map(|t| t.hits.as_slice()));
                if self.history.len() >= HISTORY {
                    self.history.remove(0);
                }
                self.history.push(Step {
                    query: query.to_string(),
                    filter: self.filter,
                    hits,
                });
                match self.history.last() {
                    Some(t) => &t.hits,
                    None => return,
                }
            }
        };
        self.results = hits.iter().filter_map(|(_, ci)| h.row(*ci)).collect();
        self.selected = self.selected.min(self.results.len().saturating_sub(1));
    }
}

/// Whether every row matching `query` also matches `earlier`: the characters of `earlier`
/// occur in order in `query`.
fn extends(query: &str, earlier: &str) -> bool {
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
    let mut h = Haystacks::new(q, rows, a);
    h.rank(query, filter, None)
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
    /// The matcher and its scratch buffer for non-ASCII fields, reused across keystrokes.
    matcher: Matcher,
    buf: Vec<char>,
}

#[derive(Debug, Clone)]
struct Candidate {
    row: usize,
    filters: u8,
    bounds: [u32; FIELDS + 1],
}

/// Id, section ref, section title, prompt, help, answer.
const FIELDS: usize = 6;
/// The id and prompt fields, which rank first.
const ID: usize = 0;
/// See [`ID`].
const PROMPT: usize = 3;
/// What a match in the id or prompt adds to its score (field scores are `u16`).
const PRIMARY: i64 = 1 << 16;

impl Haystacks {
    /// Prepares the rows of `q` for searching with the answers in `a`.
    pub fn new(q: &Questionnaire, rows: &[Row], a: &Assessment) -> Self {
        // One walk over the questionnaire instead of two per row (`Questionnaire::question`
        // and `::section` walk the whole tree).
        let mut questions: HashMap<&str, &crate::model::Question> = HashMap::new();
        let mut sections: HashMap<&str, &crate::model::Section> = HashMap::new();
        q.walk_sections(&mut |s, _| {
            sections.entry(s.id.as_str()).or_insert(s);
            for question in &s.questions {
                questions.entry(question.id.as_str()).or_insert(question);
            }
        });
        let mut h = Haystacks::default();
        for (i, row) in rows.iter().enumerate() {
            let Some(question) = row.question().and_then(|id| questions.get(id)) else {
                continue;
            };
            let section = sections.get(row.section.as_str()).copied();
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
            h.candidates.push(Candidate {
                row: i,
                filters,
                bounds,
            });
        }
        h
    }

    /// The ranking key of `query` over candidate `c`, `None` if no field matches: the best
    /// field score, raised by [`PRIMARY`] for a match in the id or prompt and by twice that
    /// for an id equal to the query. The other fields are scored only when neither matches.
    fn score(&mut self, ci: usize, query: &Query) -> Option<i64> {
        let c = self.candidates.get(ci)?;
        let (text, matcher, buf) = (&self.text, &mut self.matcher, &mut self.buf);
        let mut best = |fields: &[usize]| {
            fields
                .iter()
                .filter_map(|k| {
                    let f = field(text, c, *k);
                    query.atom.score(Utf32Str::new(f, buf), matcher)
                })
                .max()
                .map(i64::from)
        };
        if let Some(s) = best(&[ID, PROMPT]) {
            let exact = field(text, c, ID).eq_ignore_ascii_case(&query.text);
            return Some(s + if exact { 2 * PRIMARY } else { PRIMARY });
        }
        best(&[1, 2, 4, 5])
    }

    /// Ranks the candidates numbered `among` (all when `None`) passing `filter`:
    /// `(key, candidate)`, best first, file order among equals.
    fn rank(
        &mut self,
        query: &str,
        filter: Filter,
        among: Option<&[(i64, usize)]>,
    ) -> Vec<(i64, usize)> {
        let bit = filter_bit(filter);
        let query = Query::new(query);
        let count = self.candidates.len();
        let mut one = |ci: usize| {
            let c = self.candidates.get(ci)?;
            if c.filters & bit == 0 {
                return None;
            }
            if query.text.is_empty() {
                return Some((0, ci));
            }
            self.score(ci, &query).map(|s| (s, ci))
        };
        let mut hits: Vec<(i64, usize)> = match among {
            Some(prev) => prev.iter().filter_map(|(_, ci)| one(*ci)).collect(),
            None => (0..count).filter_map(one).collect(),
        };
        hits.sort_unstable_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        hits
    }

    /// The row index of candidate `ci`.
    fn row(&self, ci: usize) -> Option<usize> {
        self.candidates.get(ci).map(|c| c.row)
    }
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
        let q = app.catalog.questionnaire("synthetic").expect("synthetic");
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
        let q = app.catalog.questionnaire("synthetic").expect("synthetic");
        let prompt = q.question("q7").expect("q7").prompt.clone();
        let mut a = Assessment::new("synthetic", None);
        let mut answer = Answer::new(Value::Status(Status::Partial));
        answer.note = prompt.clone();
        a.answers.insert("q3".into(), answer);
        let results = search(q, &rows, &a, &prompt, Filter::All);
        assert_eq!(ids(&rows, &results), ["q7", "q3"]);
    }

    #[test]
    fn typing_and_deleting_ranks_as_a_fresh_search_and_restores_results() {
        let (app, rows) = fixture();
        let q = app.catalog.questionnaire("synthetic").expect("synthetic");
        let a = Assessment::new("synthetic", None);
        let mut s = SearchState::new();
        s.prepare(Haystacks::new(q, &rows, &a));
        let mut seen: HashMap<String, Vec<usize>> = HashMap::new();
        let typed = [
            "r", "ri", "ris", "risk", "risk ", "risk r", "risk", "ris", "rev", "Q1", "q12", "q1",
            "",
        ];
        for query in typed {
            s.query = TextEditor::new(query, false);
            s.refresh();
            assert_eq!(
                s.results,
                search(q, &rows, &a, query, Filter::All),
                "{query:?}"
            );
            let earlier = seen
                .entry(query.trim().to_string())
                .or_insert(s.results.clone());
            assert_eq!(
                &s.results, earlier,
                "{query:?} changed after typing and deleting"
            );
        }
        assert!(s.history.len() <= HISTORY);
    }

    #[test]
    fn filters_and_empty_queries_keep_file_order() {
        let (app, rows) = fixture();
        let q = app.catalog.questionnaire("synthetic").expect("synthetic");
        let a = Assessment::new("synthetic", None);
        let all = search(q, &rows, &a, "  ", Filter::All);
        assert_eq!(all.len(), 300);
        assert!(all.windows(2).all(|w| w.first() < w.last()));
        assert!(search(q, &rows, &a, "", Filter::Flagged).is_empty());
        assert!(search(q, &rows, &a, "zzzzqqq", Filter::All).is_empty());
    }
}
