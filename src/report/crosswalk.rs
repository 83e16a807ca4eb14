//! Crosswalk: re-groups question outcomes by another framework's references (the questions'
//! `mappings`), so a report can be read as e.g. "NIST AI RMF GOVERN 1.1: 2 met, 1 gap".

use std::collections::BTreeMap;

use crate::model::FRAMEWORKS;
use crate::scoring::{Counts, NodeStatus};

use super::Context;
use super::rows::{QuestionRow, question_rows};

/// All questions mapped to one reference of a framework.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The framework's reference, e.g. `GOVERN 1.1`.
    pub reference: String,
    /// Roll-up of the questions' statuses; `None` when only answered non-status questions
    /// without a computed score are mapped here.
    pub status: Option<NodeStatus>,
    /// Outcome counts.
    pub counts: Counts,
    /// The mapped questions as `questionnaire:question` (plus `@subject` for per-subject ones).
    pub questions: Vec<String>,
}

/// The human title of a framework id (the id itself when unknown).
pub fn title(framework: &str) -> &str {
    FRAMEWORKS
        .iter()
        .find(|(id, _)| *id == framework)
        .map_or(framework, |(_, t)| t.split(" (").next().unwrap_or(t))
}

/// The question rows mapped to each reference of `framework`, by reference in natural order.
pub fn mapped_rows<'a>(
    ctx: &Context<'a>,
    framework: &str,
) -> BTreeMap<RefKey, Vec<QuestionRow<'a>>> {
    let mut by_ref: BTreeMap<RefKey, Vec<QuestionRow<'a>>> = BTreeMap::new();
    for row in question_rows(ctx) {
        let mut refs: Vec<&str> = row
            .mappings()
            .iter()
            .filter(|m| m.framework == framework)
            .map(|m| m.reference.as_str())
            .collect();
        refs.dedup();
        for r in refs {
            let rows = by_ref.entry(RefKey::new(r)).or_default();
            // A linked pair (`same_as`) mapped to the same reference is one practice.
            if !rows.iter().any(|x| same_practice(x, &row)) {
                rows.push(row.clone());
            }
        }
    }
    by_ref
}

/// Whether two rows are one practice asked once: the same assessment and entry, and one
/// question linked to the other (`same_as`).
fn same_practice(a: &QuestionRow<'_>, b: &QuestionRow<'_>) -> bool {
    let linked = |x: &QuestionRow<'_>, y: &QuestionRow<'_>| {
        x.question
            .and_then(|q| q.same_as.as_deref())
            .is_some_and(|to| to == y.question_id)
    };
    (a.questionnaire, a.subject, a.entry) == (b.questionnaire, b.subject, b.entry)
        && (linked(a, b) || linked(b, a))
}

/// Groups by reference with their roll-up.
pub fn group(ctx: &Context<'_>, framework: &str) -> Vec<Group> {
    mapped_rows(ctx, framework)
        .into_iter()
        .map(|(key, rows)| {
            let counts = count(&rows);
            Group {
                reference: key.text,
                status: roll_up(&counts, rows.len()),
                counts,
                questions: rows.iter().map(label).collect(),
            }
        })
        .collect()
}

fn label(r: &QuestionRow<'_>) -> String {
    let mut s = format!("{}:{}", r.questionnaire, r.question_id);
    if let Some(sub) = r.subject {
        s.push('@');
        s.push_str(sub);
    }
    if let Some(e) = r.entry {
        s.push('#');
        s.push_str(e);
    }
    s
}

fn count(rows: &[QuestionRow<'_>]) -> Counts {
    let mut c = Counts::default();
    for s in rows.iter().filter_map(QuestionRow::status) {
        match s {
            NodeStatus::Met => c.met += 1,
            NodeStatus::Partial => c.partial += 1,
            NodeStatus::Gap => c.gap += 1,
            NodeStatus::OutOfScope => c.out_of_scope += 1,
            NodeStatus::NotApplicable => c.not_applicable += 1,
            NodeStatus::Unanswered => c.unanswered += 1,
        }
    }
    c
}

/// The group's status by scoring's rule ([`crate::scoring::rollup::node_status`]); none
/// while some question in it has no status (only non-status answers without a score).
fn roll_up(c: &Counts, total: usize) -> Option<NodeStatus> {
    let with_status =
        (c.met + c.partial + c.gap + c.out_of_scope + c.not_applicable + c.unanswered) as usize;
    if with_status < total {
        return None;
    }
    Some(crate::scoring::rollup::node_status(c))
}

/// A reference sorted naturally: `GOVERN 1.2` before `GOVERN 1.10`, `Art. 9` before `Art. 10`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RefKey {
    parts: Vec<Part>,
    /// The reference as written.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Num(u64),
    Word(String),
}

impl RefKey {
    fn new(s: &str) -> Self {
        let mut parts = Vec::new();
        let mut cur = String::new();
        let mut digits = false;
        for c in s.chars().chain(std::iter::once(' ')) {
            if !cur.is_empty() && (c.is_ascii_digit() != digits || !c.is_alphanumeric()) {
                parts.push(match cur.parse() {
                    Ok(n) if digits => Part::Num(n),
                    _ => Part::Word(cur.to_lowercase()),
                });
                cur.clear();
            }
            if c.is_alphanumeric() {
                digits = c.is_ascii_digit();
                cur.push(c);
            }
        }
        RefKey {
            parts,
            text: s.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_sort_naturally() {
        let mut v = ["Art. 10", "Art. 9", "GOVERN 1.10", "GOVERN 1.2"].map(RefKey::new);
        v.sort();
        let t: Vec<_> = v.iter().map(|k| k.text.as_str()).collect();
        assert_eq!(t, ["Art. 9", "Art. 10", "GOVERN 1.2", "GOVERN 1.10"]);
    }

    #[test]
    fn roll_up_follows_the_counts() {
        let c = |met, partial, gap| Counts {
            met,
            partial,
            gap,
            ..Counts::default()
        };
        assert_eq!(roll_up(&c(2, 0, 0), 2), Some(NodeStatus::Met));
        assert_eq!(roll_up(&c(1, 0, 1), 2), Some(NodeStatus::Partial));
        assert_eq!(roll_up(&c(0, 0, 2), 2), Some(NodeStatus::Gap));
        assert_eq!(roll_up(&c(1, 0, 0), 2), None);
    }
}
