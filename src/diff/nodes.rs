//! Clause and control changes, read from the two scorecards' heatmap rows and cells.

use std::collections::HashMap;

use super::types::{Direction, NodeChange};
use crate::scoring::{NodeScore, NodeStatus, Scorecard};

const EPSILON: f64 = 1e-9;

/// Every row and cell whose status or score differs, regressions first, then in
/// questionnaire order (removed nodes last).
pub fn diff(old: Option<&Scorecard>, new: Option<&Scorecard>) -> Vec<NodeChange> {
    let old_nodes = flatten(old);
    let new_nodes = flatten(new);
    let old_by_id: HashMap<&str, &(Option<String>, &NodeScore)> =
        old_nodes.iter().map(|n| (&*n.1.id, n)).collect();
    let new_ids: HashMap<&str, ()> = new_nodes.iter().map(|n| (&*n.1.id, ())).collect();
    let mut out = Vec::new();
    for (parent, n) in &new_nodes {
        let before = old_by_id.get(&*n.id).map(|o| o.1);
        if let Some(c) = compare(parent.clone(), before, Some(n)) {
            out.push(c);
        }
    }
    for (parent, o) in &old_nodes {
        if !new_ids.contains_key(&*o.id)
            && let Some(c) = compare(parent.clone(), Some(o), None)
        {
            out.push(c);
        }
    }
    out.sort_by_key(|c| !c.direction.is_worse());
    out
}

/// Rows and their cells in order, each with its row's id (none for a row).
fn flatten(card: Option<&Scorecard>) -> Vec<(Option<String>, &NodeScore)> {
    let Some(gap) = card.and_then(|c| c.gap.as_ref()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in &gap.rows {
        out.push((None, &row.node));
        out.extend(row.cells.iter().map(|c| (Some(row.node.id.to_string()), c)));
    }
    out
}

fn compare(
    parent: Option<String>,
    old: Option<&NodeScore>,
    new: Option<&NodeScore>,
) -> Option<NodeChange> {
    let direction = match (old, new) {
        (None, None) => return None,
        (None, Some(_)) => Direction::Added,
        (Some(_), None) => Direction::Removed,
        (Some(o), Some(n)) => {
            if o.status == n.status && (o.readiness - n.readiness).abs() < EPSILON {
                return None;
            }
            direction(o, n)
        }
    };
    let shown = new.or(old)?;
    Some(NodeChange {
        id: shown.id.to_string(),
        reference: shown.reference.as_deref().map(str::to_string),
        title: shown.title.to_string(),
        parent,
        old_status: old.map(|o| o.status),
        new_status: new.map(|n| n.status),
        old_score: old.map(|o| o.readiness),
        new_score: new.map(|n| n.readiness),
        direction,
    })
}

/// Rank of a status on the met → gap → unanswered ladder; none when off the ladder.
pub fn rank(s: NodeStatus) -> Option<u8> {
    match s {
        NodeStatus::Met => Some(3),
        NodeStatus::Partial => Some(2),
        NodeStatus::Gap => Some(1),
        NodeStatus::Unanswered => Some(0),
        NodeStatus::OutOfScope | NodeStatus::NotApplicable => None,
    }
}

/// Readiness decides (so answering a question that was open is not a regression even when
/// the answer is Partial); the status ladder breaks ties.
fn direction(o: &NodeScore, n: &NodeScore) -> Direction {
    let (a, b) = (o.readiness, n.readiness);
    if (a - b).abs() >= EPSILON {
        return if b > a {
            Direction::Improved
        } else {
            Direction::Regressed
        };
    }
    match (rank(o.status), rank(n.status)) {
        (Some(a), Some(b)) if b > a => Direction::Improved,
        (Some(a), Some(b)) if b < a => Direction::Regressed,
        _ => Direction::Changed,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::scoring::{Counts, GapScore, HeatmapRow};

    pub(crate) fn node(id: &str, r: &str, status: NodeStatus, score: Option<f64>) -> NodeScore {
        NodeScore {
            id: id.into(),
            reference: Some(r.into()),
            title: format!("Title {r}").into(),
            status,
            score,
            readiness: score.unwrap_or(0.0),
            coverage: 1.0,
            counts: Counts::default(),
            questions: Vec::new(),
            band: None,
        }
    }

    pub(crate) fn card(readiness: f64, rows: Vec<(NodeScore, Vec<NodeScore>)>) -> Scorecard {
        let mut overall = node("all", "all", NodeStatus::Partial, Some(readiness));
        overall.readiness = readiness;
        Scorecard {
            profile: "generic".into(),
            weighted: true,
            as_of: date(2026, 1, 1),
            gap: Some(GapScore {
                questionnaire: "gap".into(),
                overall,
                rows: rows
                    .into_iter()
                    .map(|(node, cells)| HeatmapRow { node, cells })
                    .collect(),
                bands: Vec::new(),
                questions: Vec::new(),
                soa: Vec::new(),
                remediation: Vec::new(),
            }),
            supplements: Vec::new(),
            aiias: Vec::new(),
            vendors: Vec::new(),
        }
    }

    #[test]
    fn statuses_and_scores_compare_with_regressions_first() {
        use NodeStatus::*;
        let old = card(
            0.5,
            vec![(
                node("c6", "6", Partial, Some(0.5)),
                vec![
                    node("c6.1", "6.1", Gap, Some(0.0)),
                    node("c6.2", "6.2", Met, Some(1.0)),
                    node("c6.3", "6.3", Met, Some(1.0)),
                    node("c6.9", "6.9", Gap, Some(0.0)),
                ],
            )],
        );
        let new = card(
            0.6,
            vec![(
                node("c6", "6", Partial, Some(0.5)),
                vec![
                    node("c6.1", "6.1", Met, Some(1.0)),
                    node("c6.2", "6.2", Partial, Some(0.5)),
                    node("c6.3", "6.3", Met, Some(1.0)),
                    node("c6.4", "6.4", Gap, Some(0.0)),
                ],
            )],
        );
        let d = diff(Some(&old), Some(&new));
        let got: Vec<(&str, Direction)> = d.iter().map(|c| (c.id.as_str(), c.direction)).collect();
        assert_eq!(
            got,
            vec![
                ("c6.2", Direction::Regressed),
                ("c6.9", Direction::Removed),
                ("c6.1", Direction::Improved),
                ("c6.4", Direction::Added),
            ]
        );
        let c = &d[0];
        assert_eq!(c.reference.as_deref(), Some("6.2"));
        assert_eq!(c.parent.as_deref(), Some("c6"));
        assert_eq!((c.old_status, c.new_status), (Some(Met), Some(Partial)));
        assert_eq!((c.old_score, c.new_score), (Some(1.0), Some(0.5)));
        assert_eq!(c.title, "Title 6.2");
    }

    #[test]
    fn out_of_scope_moves_are_neither_better_nor_worse() {
        use NodeStatus::*;
        let old = card(0.5, vec![(node("c4", "4", Met, None), vec![])]);
        let new = card(0.5, vec![(node("c4", "4", OutOfScope, None), vec![])]);
        assert_eq!(
            diff(Some(&old), Some(&new))[0].direction,
            Direction::Changed
        );
        assert!(diff(None, None).is_empty());
    }
}
