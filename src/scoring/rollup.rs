//! Roll-up of question scores into a node: weighted score, readiness, coverage, counts and
//! status. Every node aggregates all the questions under it directly, so a clause's score is
//! the weighted mean of its questions (equivalently, of its children weighted by their total
//! question weight).

use std::sync::Arc;

use crate::model::Section;

use super::question::EPSILON;
use crate::model::score::{Counts, NodeScore, NodeStatus, QuestionFlag, QuestionScore};

/// Running sums over the questions of a node.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// Σ weight × score over answered applicable questions.
    pub weighted_score: f64,
    /// Σ weight over answered applicable questions.
    pub answered_weight: f64,
    /// Σ weight over applicable questions, answered or not.
    pub applicable_weight: f64,
    /// Outcome counts.
    pub counts: Counts,
    /// Question ids, in order.
    pub questions: Vec<Arc<str>>,
}

/// The id, reference and title of a node, shared by every node built for that section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeLabel {
    /// Node id.
    pub id: Arc<str>,
    /// The standard's reference, if any.
    pub reference: Option<Arc<str>>,
    /// Title.
    pub title: Arc<str>,
}

impl NodeLabel {
    /// A label from borrowed strings.
    pub fn new(id: &str, reference: Option<&str>, title: &str) -> Self {
        NodeLabel {
            id: Arc::from(id),
            reference: reference.map(Arc::from),
            title: Arc::from(title),
        }
    }

    /// The label of a section.
    pub fn of(s: &Section) -> Self {
        Self::new(&s.id, s.reference.as_deref(), &s.title)
    }
}

impl Tally {
    /// Adds one question.
    pub fn add(&mut self, q: &QuestionScore) {
        self.questions.push(q.id.clone());
        self.add_sums(q);
    }

    /// Adds the sums and counts of one question, but not its id.
    pub fn add_sums(&mut self, q: &QuestionScore) {
        let c = &mut self.counts;
        match q.status {
            NodeStatus::Met => c.met += 1,
            NodeStatus::Partial => c.partial += 1,
            NodeStatus::Gap => c.gap += 1,
            NodeStatus::OutOfScope => c.out_of_scope += 1,
            NodeStatus::NotApplicable => c.not_applicable += 1,
            NodeStatus::Unanswered => c.unanswered += 1,
        }
        if q.flags.contains(&QuestionFlag::EvidenceMissing) {
            c.evidence_missing += 1;
        }
        match (q.status, q.score) {
            (NodeStatus::Met | NodeStatus::Partial | NodeStatus::Gap, Some(s)) => {
                self.weighted_score += q.weight * s;
                self.answered_weight += q.weight;
                self.applicable_weight += q.weight;
            }
            (NodeStatus::Unanswered, _) => self.applicable_weight += q.weight,
            _ => {}
        }
    }

    /// Adds every question of another tally.
    pub fn merge(&mut self, other: &Tally) {
        self.merge_sums(other);
        self.questions.extend(other.questions.iter().cloned());
    }

    /// [`Self::merge`] taking the other tally's question ids instead of cloning them.
    pub fn absorb(&mut self, mut other: Tally) {
        let questions = std::mem::take(&mut other.questions);
        self.merge_sums(&other);
        self.questions.extend(questions);
    }

    /// Adds the sums and counts of another tally, but not its question ids.
    pub fn merge_sums(&mut self, other: &Tally) {
        self.weighted_score += other.weighted_score;
        self.answered_weight += other.answered_weight;
        self.applicable_weight += other.applicable_weight;
        let (c, o) = (&mut self.counts, &other.counts);
        c.met += o.met;
        c.partial += o.partial;
        c.gap += o.gap;
        c.out_of_scope += o.out_of_scope;
        c.not_applicable += o.not_applicable;
        c.unanswered += o.unanswered;
        c.evidence_missing += o.evidence_missing;
    }

    /// Weighted mean score of answered applicable questions; none when nothing is answered.
    pub fn score(&self) -> Option<f64> {
        (self.answered_weight > EPSILON).then(|| self.weighted_score / self.answered_weight)
    }

    /// Weighted score with unanswered questions as 0; 0 when nothing applies.
    pub fn readiness(&self) -> f64 {
        if self.applicable_weight > EPSILON {
            self.weighted_score / self.applicable_weight
        } else {
            0.0
        }
    }

    /// Share of applicable questions answered; 1 when nothing applies (nothing is left).
    pub fn coverage(&self) -> f64 {
        let c = &self.counts;
        let answered = c.met + c.partial + c.gap;
        let applicable = answered + c.unanswered;
        if applicable == 0 {
            1.0
        } else {
            f64::from(answered) / f64::from(applicable)
        }
    }

    /// The node built from this tally.
    pub fn node(&self, id: &str, reference: Option<&str>, title: &str) -> NodeScore {
        self.clone().into_node(id, reference, title)
    }

    /// [`Self::node`], moving the question ids into the node.
    pub fn into_node(self, id: &str, reference: Option<&str>, title: &str) -> NodeScore {
        self.into_labelled(&NodeLabel::new(id, reference, title))
    }

    /// [`Self::into_node`] with a label already built (its strings are shared, not copied).
    pub fn into_labelled(self, label: &NodeLabel) -> NodeScore {
        NodeScore {
            id: Arc::clone(&label.id),
            reference: label.reference.clone(),
            title: Arc::clone(&label.title),
            status: node_status(&self.counts),
            score: self.score(),
            readiness: self.readiness(),
            coverage: self.coverage(),
            counts: self.counts,
            questions: self.questions,
            band: None,
        }
    }
}

/// Status of a node from its counts.
///
/// Nothing applicable: Out of scope if anything was scoped out, else Not applicable (an
/// empty node is Unanswered). Nothing answered: Unanswered. Every applicable question Met
/// (none unanswered): Met. Nothing Met or Partial: Gap. Otherwise Partial.
pub fn node_status(c: &Counts) -> NodeStatus {
    let answered = c.met + c.partial + c.gap;
    let applicable = answered + c.unanswered;
    if applicable == 0 {
        return if c.out_of_scope > 0 {
            NodeStatus::OutOfScope
        } else if c.not_applicable > 0 {
            NodeStatus::NotApplicable
        } else {
            NodeStatus::Unanswered
        };
    }
    if answered == 0 {
        NodeStatus::Unanswered
    } else if c.met == applicable {
        NodeStatus::Met
    } else if c.met + c.partial == 0 {
        NodeStatus::Gap
    } else {
        NodeStatus::Partial
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::testkit::close;

    fn qs(status: NodeStatus, score: Option<f64>, weight: f64) -> QuestionScore {
        QuestionScore {
            id: format!("q{weight}").into(),
            section: "s".into(),
            status,
            score,
            weight,
            flags: Vec::new(),
            reason: None,
            linked_to: None,
        }
    }

    fn tally(items: &[QuestionScore]) -> Tally {
        let mut t = Tally::default();
        items.iter().for_each(|q| t.add(q));
        t
    }

    #[test]
    fn two_met_one_partial_weighted_3_2_1_gives_0_9167() {
        // (3×1 + 2×1 + 1×0.5) / 6 = 5.5 / 6 = 0.91667
        let t = tally(&[
            qs(NodeStatus::Met, Some(1.0), 3.0),
            qs(NodeStatus::Met, Some(1.0), 2.0),
            qs(NodeStatus::Partial, Some(0.5), 1.0),
        ]);
        assert!(close(t.score().unwrap(), 0.91667));
        assert_eq!(node_status(&t.counts), NodeStatus::Partial);
    }

    #[test]
    fn out_of_scope_leaves_the_denominator_met_3_plus_oos_gives_1_0() {
        let t = tally(&[
            qs(NodeStatus::Met, Some(1.0), 3.0),
            qs(NodeStatus::OutOfScope, None, 2.0),
            qs(NodeStatus::NotApplicable, None, 2.0),
        ]);
        assert_eq!(
            (t.score(), t.readiness(), t.coverage()),
            (Some(1.0), 1.0, 1.0)
        );
        assert_eq!(node_status(&t.counts), NodeStatus::Met);
    }

    #[test]
    fn met_w3_plus_unanswered_w1_gives_score_1_readiness_0_75_coverage_0_5() {
        let t = tally(&[
            qs(NodeStatus::Met, Some(1.0), 3.0),
            qs(NodeStatus::Unanswered, None, 1.0),
        ]);
        assert_eq!(t.score(), Some(1.0));
        assert!(close(t.readiness(), 0.75));
        assert!(close(t.coverage(), 0.5));
        // Not everything applicable is Met yet.
        assert_eq!(node_status(&t.counts), NodeStatus::Partial);
    }

    #[test]
    fn node_status_rules() {
        let c = |met, partial, gap, oos, na, un| Counts {
            met,
            partial,
            gap,
            out_of_scope: oos,
            not_applicable: na,
            unanswered: un,
            evidence_missing: 0,
        };
        assert_eq!(node_status(&c(2, 0, 0, 1, 1, 0)), NodeStatus::Met);
        assert_eq!(node_status(&c(0, 0, 2, 0, 0, 1)), NodeStatus::Gap);
        assert_eq!(node_status(&c(0, 1, 2, 0, 0, 0)), NodeStatus::Partial);
        assert_eq!(node_status(&c(1, 0, 1, 0, 0, 0)), NodeStatus::Partial);
        assert_eq!(node_status(&c(0, 0, 0, 2, 1, 0)), NodeStatus::OutOfScope);
        assert_eq!(node_status(&c(0, 0, 0, 0, 3, 0)), NodeStatus::NotApplicable);
        assert_eq!(node_status(&c(0, 0, 0, 1, 0, 2)), NodeStatus::Unanswered);
        assert_eq!(node_status(&Counts::default()), NodeStatus::Unanswered);
    }

    #[test]
    fn nothing_applicable_gives_readiness_0_coverage_1_and_no_score() {
        let t = tally(&[qs(NodeStatus::OutOfScope, None, 1.0)]);
        assert_eq!((t.score(), t.readiness(), t.coverage()), (None, 0.0, 1.0));
    }
}
