//! Crosswalk: re-groups question outcomes by another framework's references (the questions'
//! `mappings`), so a report can be read as e.g. "NIST AI RMF GOVERN 1.1: 2 met, 1 gap".

use crate::model::FRAMEWORKS;
use crate::scoring::heatmap::group_by_reference;
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

/// The question rows mapped to each reference of `framework`, by reference in natural order:
/// scoring's crosswalk grouping ([`crate::scoring::heatmap::group_by_reference`]) over every
/// question row of the snapshot.
pub fn mapped_rows<'a>(ctx: &Context<'a>, framework: &str) -> Vec<(&'a str, Vec<QuestionRow<'a>>)> {
    group_by_reference(
        question_rows(ctx),
        framework,
        QuestionRow::mappings,
        same_practice,
    )
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
        .map(|(reference, rows)| {
            let counts = count(&rows);
            Group {
                reference: reference.to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;

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
