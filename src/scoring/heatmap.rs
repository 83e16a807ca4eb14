//! The clause heatmap (rows = scored top-level sections, cells = the sections under each row
//! that hold questions, in file order) and the crosswalk pivot that regroups the same
//! question scores by another framework's references.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashSet};

use crate::model::{Mapping, Section};

use super::rollup::Tally;
use super::tree::{Item, ScoredTree};
use crate::model::score::{HeatmapRow, NodeScore};

/// One heatmap row per scored top-level section.
pub fn heatmap_rows(tree: &ScoredTree<'_>) -> Vec<HeatmapRow> {
    tree.questionnaire
        .sections
        .iter()
        .filter(|s| s.scored)
        .map(|s| HeatmapRow {
            node: tree.node(s, tree.subtree(s)),
            cells: cells(tree, s),
        })
        .collect()
}

/// The cells of a row: every scored section in its subtree (itself included) that holds
/// questions, each covering only the questions it holds directly.
fn cells(tree: &ScoredTree<'_>, row: &Section) -> Vec<NodeScore> {
    fn go(tree: &ScoredTree<'_>, s: &Section, out: &mut Vec<NodeScore>) {
        if !s.questions.is_empty() {
            out.push(tree.node(s, tree.direct(s)));
        }
        for c in s.sections.iter().filter(|c| c.scored) {
            go(tree, c, out);
        }
    }
    let mut out = Vec::new();
    go(tree, row, &mut out);
    out
}

/// Regroups question scores by the references they map to in `framework`, one node per
/// reference (id and `ref` = the reference), sorted naturally (`Art. 9` before `Art. 10`).
/// Only questions in scored sections count; a question mapped twice to the same reference
/// counts once, and so does a linked pair (`same_as`) mapped to the same reference, while a
/// linked question's own mappings still bring its answer to references the asked one lacks.
pub fn crosswalk(tree: &ScoredTree<'_>, framework: &str) -> Vec<(String, NodeScore)> {
    let scored_sections = tree.scored_questions();
    let scored: HashSet<&str> = scored_sections.questions.iter().map(|q| &**q).collect();
    let items = tree.items.iter().filter(|i| scored.contains(&*i.score.id));
    let same = |a: &&Item<'_>, b: &&Item<'_>| practice(a) == practice(b);
    group_by_reference(items, framework, item_mappings, same)
        .into_iter()
        .map(|(r, items)| {
            let mut t = Tally::default();
            items.iter().for_each(|it| t.add(&it.score));
            (r.to_string(), t.node(r, Some(r), r))
        })
        .collect()
}

/// The practice an item answers: the question it is linked to (`same_as`), else itself.
fn practice<'x>(it: &'x Item<'_>) -> &'x str {
    it.score.linked_to.as_deref().unwrap_or(&it.score.id)
}

/// The mappings of an item's question.
fn item_mappings<'t>(it: &&Item<'t>) -> &'t [Mapping] {
    it.question.mappings.as_slice()
}

/// The one crosswalk grouping: `items` grouped by the references of `framework` they map to
/// (`mappings` of an item), one group per reference, in natural order ([`natural_cmp`]). An
/// item mapped twice to one reference counts once there, and so does an item that is one
/// practice with an item already in the group (`same`: a linked pair, `same_as`, asked
/// once). The heatmap's pivot ([`crosswalk`]) and the reports' crosswalk render its result.
pub fn group_by_reference<'m, T: Clone>(
    items: impl IntoIterator<Item = T>,
    framework: &str,
    mappings: impl Fn(&T) -> &'m [Mapping],
    same: impl Fn(&T, &T) -> bool,
) -> Vec<(&'m str, Vec<T>)> {
    let mut groups: BTreeMap<&'m str, Vec<T>> = BTreeMap::new();
    for item in items {
        let mut refs: Vec<&'m str> = (mappings(&item).iter())
            .filter(|m| m.framework == framework)
            .map(|m| m.reference.as_str())
            .collect();
        refs.dedup();
        for r in refs {
            let group = groups.entry(r).or_default();
            if !group.iter().any(|x| same(x, &item)) {
                group.push(item.clone());
            }
        }
    }
    let mut out: Vec<(&'m str, Vec<T>)> = groups.into_iter().collect();
    out.sort_by(|a, b| natural_cmp(a.0, b.0));
    out
}

/// Compares strings with digit runs as numbers: `A.2` < `A.10`, `Art. 9` < `Art. 10`.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (ka, kb) = (natural_key(a), natural_key(b));
    ka.cmp(&kb).then_with(|| a.cmp(b))
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Chunk {
    Num(u128),
    Text(String),
}

fn natural_key(s: &str) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut digits = String::new();
    let mut text = String::new();
    for ch in s.chars() {
        if ch.is_ascii_digit() {
            if !text.is_empty() {
                out.push(Chunk::Text(std::mem::take(&mut text)));
            }
            digits.push(ch);
        } else {
            if !digits.is_empty() {
                out.push(Chunk::Num(digits.parse().unwrap_or(u128::MAX)));
                digits.clear();
            }
            text.push(ch);
        }
    }
    if !digits.is_empty() {
        out.push(Chunk::Num(digits.parse().unwrap_or(u128::MAX)));
    }
    if !text.is_empty() {
        out.push(Chunk::Text(text));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;
    use crate::scoring::testkit::*;
    use crate::scoring::tree::{ScoreOptions, score_tree};

    fn opts() -> ScoreOptions {
        ScoreOptions {
            as_of: as_of(),
            weighted: true,
        }
    }

    fn mapped(id: &str, refs: &[&str]) -> crate::model::Question {
        let mut q = q_status(id, 1.0);
        q.mappings = refs
            .iter()
            .map(|r| Mapping {
                framework: "eu-ai-act".into(),
                reference: r.to_string(),
            })
            .collect();
        q
    }

    #[test]
    fn rows_are_top_level_sections_and_cells_the_sections_holding_questions() {
        let q = qn(vec![
            group(
                "c6",
                "6",
                vec![
                    sec("c6.1", vec![q_status("a", 1.0)]),
                    sec("c6.2", vec![q_status("b", 1.0)]),
                ],
            ),
            sec("c7", vec![q_status("c", 1.0)]),
        ]);
        let mut a = assessment(&q, None);
        a.answers.insert("a".into(), status(Status::Met));
        a.answers.insert("b".into(), status(Status::Gap));
        let p = profile();
        let tree = score_tree(&q, &a, &p, None, opts());
        let rows = heatmap_rows(&tree);
        assert_eq!(rows.len(), 2);
        let ids: Vec<&str> = rows[0].cells.iter().map(|c| &*c.id).collect();
        assert_eq!(ids, ["c6.1", "c6.2"]);
        // Row 6: (1 + 0) / 2 = 0.5; questions behind it a and b.
        assert_eq!(rows[0].node.score, Some(0.5));
        assert_eq!(rows[0].node.questions, ["a".into(), "b".into()]);
        assert_eq!(&*rows[1].cells[0].id, "c7");
    }

    #[test]
    fn crosswalk_groups_by_reference_sorted_art_9_before_art_10() {
        let q = qn(vec![sec(
            "s",
            vec![
                mapped("a", &["Art. 10"]),
                mapped("b", &["Art. 9", "Art. 10"]),
                mapped("c", &[]),
            ],
        )]);
        let mut a = assessment(&q, None);
        a.answers.insert("a".into(), status(Status::Met));
        a.answers.insert("b".into(), status(Status::Gap));
        let p = profile();
        let tree = score_tree(&q, &a, &p, None, opts());
        let cw = crosswalk(&tree, "eu-ai-act");
        let refs: Vec<&str> = cw.iter().map(|(r, _)| r.as_str()).collect();
        assert_eq!(refs, ["Art. 9", "Art. 10"]);
        // Art. 10: a Met (1) and b Gap (0) → 0.5.
        assert_eq!(cw[1].1.score, Some(0.5));
        assert_eq!(cw[0].1.score, Some(0.0));
        assert!(crosswalk(&tree, "soc2").is_empty());
    }

    #[test]
    fn natural_order_of_annex_refs() {
        let mut v = vec!["A.10.2", "A.2.3", "A.2.10", "A.2"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, ["A.2", "A.2.3", "A.2.10", "A.10.2"]);
        let mut v = ["Art. 10", "Art. 9", "GOVERN 1.10", "GOVERN 1.2"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, ["Art. 9", "Art. 10", "GOVERN 1.2", "GOVERN 1.10"]);
    }
}
