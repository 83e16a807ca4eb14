//! Specificity checks on narrative answers, driven by `scoring.specificity` rule sets in the
//! questionnaire file (the most common Stage 2 finding is an AIIA too generic to test).
//!
//! A rule set flags an answer that is shorter than `min_length` characters (`too_short`);
//! that lacks one of the things listed in `requires` (a flag per missing check, with the
//! check's own message); and that uses a stock phrase (`stock_phrase`), always: digits or
//! keywords around a stock phrase do not make it specific. Matching is case-insensitive
//! substring matching.

use crate::model::rules::{SpecificityCheck, SpecificityRule};

/// One failed check: its id and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// `too_short`, `stock_phrase` or a `requires` check id.
    pub check: String,
    /// Why the answer was flagged.
    pub message: String,
}

/// Checks one answer against a rule set (compiling it first; to check many answers against
/// one rule set, compile it once with [`Matcher::new`]).
pub fn check_text(rule: &SpecificityRule, text: &str) -> Vec<Finding> {
    Matcher::new(rule).check(text)
}

/// A rule set compiled for checking many answers: every stock phrase and `any_of` word
/// lower-cased once and filed under a hash of its first three bytes, so an answer is scanned
/// once for all of them (one bucket look-up per byte) instead of once per phrase, and ASCII
/// answers (the usual case) are not copied. The bucket table is sized to the rule's needles
/// (a power of two, at most [`MAX_BUCKETS`]), so compiling a rule set is cheap enough to do
/// once per assessment scored.
#[derive(Debug, Clone)]
pub struct Matcher<'r> {
    rule: &'r SpecificityRule,
    table: Table,
}

/// The compiled needles of a rule set, owned (so it can be kept apart from the rule, e.g.
/// compiled lazily next to it).
#[derive(Debug, Clone)]
pub struct Table {
    /// Lower-cased, trimmed needles of at least [`PREFIX`] bytes with their slot, sorted by
    /// bucket: the stock phrase at index `i` has slot `i`; the `any_of` words of check `k`
    /// have slot `stock_phrases.len() + k`.
    needles: Vec<(String, usize)>,
    /// Needles in bucket `k` are `needles[starts[k]..starts[k + 1]]`; its length is the
    /// number of buckets (a power of two) plus one.
    starts: Vec<usize>,
    /// Non-empty needles shorter than [`PREFIX`] bytes, tried at every byte.
    short: Vec<(String, usize)>,
}

/// Bytes of a needle's prefix that choose its bucket.
const PREFIX: usize = 3;

/// Most buckets a rule set gets.
const MAX_BUCKETS: usize = 4096;

/// Fewest buckets a rule set gets.
const MIN_BUCKETS: usize = 16;

/// The number of buckets for `needles` needles: about four per needle, a power of two.
fn buckets_for(needles: usize) -> usize {
    needles
        .saturating_mul(4)
        .next_power_of_two()
        .clamp(MIN_BUCKETS, MAX_BUCKETS)
}

/// The bucket of a (lower-cased) three-byte prefix among `mask + 1` buckets (a power of
/// two).
fn bucket(a: u8, b: u8, c: u8, mask: usize) -> usize {
    (usize::from(a) * 961 + usize::from(b) * 31 + usize::from(c)) & mask
}

/// The bucket of a byte string's first [`PREFIX`] bytes, lower-cased; none if shorter.
fn bucket_of(bytes: &[u8], mask: usize) -> Option<usize> {
    match bytes.get(..PREFIX)? {
        &[a, b, c] => Some(bucket(
            a.to_ascii_lowercase(),
            b.to_ascii_lowercase(),
            c.to_ascii_lowercase(),
            mask,
        )),
        _ => None,
    }
}

impl<'r> Matcher<'r> {
    /// Compiles a rule set.
    pub fn new(rule: &'r SpecificityRule) -> Self {
        Matcher {
            rule,
            table: Table::new(rule),
        }
    }

    /// Checks one answer.
    pub fn check(&self, text: &str) -> Vec<Finding> {
        self.table.check(self.rule, text)
    }
}

impl Table {
    /// Compiles the needles of a rule set.
    pub fn new(rule: &SpecificityRule) -> Self {
        let stock = rule.stock_phrases.len();
        let phrases = rule.stock_phrases.iter().enumerate();
        let words = rule
            .requires
            .iter()
            .enumerate()
            .flat_map(|(k, c)| c.any_of.iter().map(move |w| (stock + k, w)));
        let (mut needles, short): (Vec<(String, usize)>, Vec<_>) = phrases
            .chain(words)
            .map(|(slot, p)| (p.trim().to_lowercase(), slot))
            .filter(|(p, _)| !p.is_empty())
            .partition(|(p, _)| p.len() >= PREFIX);
        let mask = buckets_for(needles.len()) - 1;
        needles.sort_by_cached_key(|(p, _)| bucket_of(p.as_bytes(), mask));
        // Counted per bucket (shifted by one), then summed: `starts[k]` is the number of
        // needles in buckets before `k`.
        let mut starts = vec![0; mask + 2];
        for (p, _) in &needles {
            if let Some(n) = bucket_of(p.as_bytes(), mask).and_then(|k| starts.get_mut(k + 1)) {
                *n += 1;
            }
        }
        let mut at = 0;
        for s in &mut starts {
            at += *s;
            *s = at;
        }
        Table {
            needles,
            starts,
            short,
        }
    }

    /// Checks one answer against `rule`, the rule set this table was compiled from.
    pub fn check(&self, rule: &SpecificityRule, text: &str) -> Vec<Finding> {
        let stock = rule.stock_phrases.len();
        let found = self.found(text, stock + rule.requires.len());
        let hit = |slot: usize| found.get(slot).copied().unwrap_or(false);
        let mut out: Vec<Finding> = too_short(rule, text).into_iter().collect();
        let digits = text.bytes().any(|b| b.is_ascii_digit());
        let missing: Vec<&SpecificityCheck> = (rule.requires.iter().enumerate())
            .filter(|(k, c)| !((c.digits && digits) || hit(stock + k)))
            .map(|(_, c)| c)
            .collect();
        let phrases = || {
            (rule.stock_phrases.iter().enumerate())
                .filter(|(i, _)| hit(*i))
                .map(|(_, p)| p)
        };
        // A stock phrase is a finding whatever digits or keywords surround it: adding "2025"
        // and a data-set name to "appropriate safeguards are in place" does not make the
        // safeguards testable.
        out.extend(phrases().map(|p| Finding {
            check: "stock_phrase".into(),
            message: format!(
                "uses the stock phrase \"{p}\"; replace it with specifics: who, what, how much"
            ),
        }));
        out.extend(missing.into_iter().map(|c| Finding {
            check: c.id.clone(),
            message: c.message.clone(),
        }));
        out
    }

    /// Which slots have a needle in the lower case of `text`. ASCII text is compared byte
    /// by byte ignoring ASCII case, which is exactly its lower case; other text is
    /// lower-cased first, as `str::to_lowercase` does.
    fn found(&self, text: &str, slots: usize) -> Vec<bool> {
        let mut found = vec![false; slots];
        if text.is_ascii() {
            self.scan(text.as_bytes(), &mut found);
        } else {
            self.scan(text.to_lowercase().as_bytes(), &mut found);
        }
        found
    }

    fn scan(&self, hay: &[u8], found: &mut [bool]) {
        let mut mark = |rest: &[u8], needles: &[(String, usize)]| {
            for (needle, slot) in needles {
                let n = needle.as_bytes();
                if rest
                    .get(..n.len())
                    .is_some_and(|w| w.eq_ignore_ascii_case(n))
                    && let Some(f) = found.get_mut(*slot)
                {
                    *f = true;
                }
            }
        };
        if !self.short.is_empty() {
            for i in 0..hay.len() {
                mark(hay.get(i..).unwrap_or_default(), &self.short);
            }
        }
        let mask = self.starts.len().saturating_sub(2);
        for (i, w) in hay.windows(PREFIX).enumerate() {
            let &[a, b, c] = w else {
                continue;
            };
            let lower = u8::to_ascii_lowercase;
            let k = bucket(lower(&a), lower(&b), lower(&c), mask);
            let (Some(&lo), Some(&hi)) = (self.starts.get(k), self.starts.get(k + 1)) else {
                continue;
            };
            if lo < hi {
                let rest = hay.get(i..).unwrap_or_default();
                let range = lo..hi;
                mark(rest, self.needles.get(range).unwrap_or_default());
            }
        }
    }
}

/// The `too_short` finding, if the trimmed answer has fewer than `min_length` characters.
fn too_short(rule: &SpecificityRule, text: &str) -> Option<Finding> {
    let min = rule.min_length?;
    let len = text.trim().chars().count();
    (len < min as usize).then(|| Finding {
        check: "too_short".into(),
        message: format!(
            "too short to test: {len} characters, a specific answer has at least {min}"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> SpecificityRule {
        SpecificityRule {
            min_length: Some(40),
            stock_phrases: vec!["potential bias".into(), "Appropriate controls".into()],
            requires: vec![
                SpecificityCheck {
                    id: "dataset".into(),
                    message: "names no data set".into(),
                    any_of: vec!["dataset".into(), "data set".into()],
                    digits: false,
                },
                SpecificityCheck {
                    id: "metric".into(),
                    message: "names no metric or number".into(),
                    any_of: vec!["rate".into()],
                    digits: true,
                },
            ],
        }
    }

    fn checks(text: &str) -> Vec<String> {
        check_text(&rule(), text)
            .into_iter()
            .map(|f| f.check)
            .collect()
    }

    #[test]
    fn short_generic_answer_gets_every_flag() {
        assert_eq!(
            checks("Potential bias; appropriate controls."),
            [
                "too_short",
                "stock_phrase",
                "stock_phrase",
                "dataset",
                "metric"
            ]
        );
        let f = check_text(&rule(), "Potential bias.");
        assert!(f[0].message.contains("15 characters") && f[0].message.contains("40"));
    }

    #[test]
    fn a_stock_phrase_is_a_finding_whatever_digits_or_keywords_surround_it() {
        // The bypass: a digit and a data-set keyword around the stock phrase used to pass.
        let t = "Potential bias against applicants over 60 in the 2024 loans data set: \
                 false-negative rate 4.1% vs 2.3%.";
        assert_eq!(checks(t), ["stock_phrase"]);
        let specific = "Applicants over 60 in the 2024 loans data set: false-negative rate \
                        4.1% vs 2.3% for younger applicants.";
        assert!(checks(specific).is_empty(), "{:?}", checks(specific));
    }

    #[test]
    fn a_digit_satisfies_a_digits_check() {
        let t = "The credit data set shows a gap of 3 points between groups of applicants.";
        assert!(checks(t).is_empty());
    }

    #[test]
    fn matching_ignores_case_in_ascii_and_non_ascii_text_alike() {
        let ascii = "POTENTIAL BIAS and APPROPRIATE CONTROLS everywhere, nothing more to add.";
        let accented = "POTENTIAL BIAS and APPROPRIATE CONTROLS für alle, nothing more to add.";
        assert_eq!(checks(ascii), checks(accented));
        assert_eq!(
            checks(ascii),
            ["stock_phrase", "stock_phrase", "dataset", "metric"]
        );
        let mut r = rule();
        r.stock_phrases = vec!["  ".into(), " DATA SET ".into(), "données".into()];
        let stock = |r: &SpecificityRule, t: &str| {
            (Matcher::new(r).check(t).iter())
                .filter(|f| f.check == "stock_phrase")
                .count()
        };
        // Stock phrases are flagged with or without a number around them.
        assert_eq!(stock(&r, "the Data Set, the DONNÉES"), 2);
        assert_eq!(stock(&r, "the Data Sets, 4 rates, the DONNÉES"), 2);
        r.requires.clear();
        let stock = |t: &str| stock(&r, t);
        assert_eq!((stock("the Data Set"), stock("DONNÉES, data set")), (1, 2));
        assert_eq!((stock("the data"), stock("donnees")), (0, 0));
    }

    /// The straightforward check the matcher replaced: lower-case the whole answer, then one
    /// substring search per phrase and word.
    fn reference(rule: &SpecificityRule, text: &str) -> Vec<Finding> {
        let lower = text.to_lowercase();
        let has = |p: &String| {
            let p = p.trim().to_lowercase();
            !p.is_empty() && lower.contains(&p)
        };
        let mut out: Vec<Finding> = too_short(rule, text).into_iter().collect();
        let digits = text.chars().any(|c| c.is_ascii_digit());
        let missing: Vec<&SpecificityCheck> = (rule.requires.iter())
            .filter(|c| !((c.digits && digits) || c.any_of.iter().any(has)))
            .collect();
        for p in rule.stock_phrases.iter().filter(|p| has(p)) {
            out.push(Finding {
                check: "stock_phrase".into(),
                message: format!(
                    "uses the stock phrase \"{p}\"; replace it with specifics: who, what, how much"
                ),
            });
        }
        out.extend(missing.into_iter().map(|c| Finding {
            check: c.id.clone(),
            message: c.message.clone(),
        }));
        out
    }

    proptest::proptest! {
        #[test]
        fn the_matcher_finds_what_lower_casing_and_searching_finds(
            text in "[aAbBéÉİΣσς1 .-]{0,40}",
            phrases in proptest::collection::vec("[ aAbBéÉİΣσς.-]{0,4}", 0..4),
            words in proptest::collection::vec("[ aAbBéÉİΣσς1]{0,3}", 0..4),
            digits: bool,
        ) {
            let rule = SpecificityRule {
                min_length: Some(10),
                stock_phrases: phrases,
                requires: vec![SpecificityCheck {
                    id: "w".into(),
                    message: "no word".into(),
                    any_of: words,
                    digits,
                }],
            };
            proptest::prop_assert_eq!(check_text(&rule, &text), reference(&rule, &text));
            let no_requires = SpecificityRule { requires: Vec::new(), ..rule };
            proptest::prop_assert_eq!(
                check_text(&no_requires, &text),
                reference(&no_requires, &text)
            );
        }
    }
}
