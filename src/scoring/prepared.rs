//! A questionnaire prepared once for scoring many assessments: its question index (every
//! question with its place, by id), the AIIA role of every question (see
//! [`role_of`](super::aiia::roles::role_of)) and its repeatable sections, so neither the tree
//! walk nor the lower-casing of ids is repeated per assessment.
//! [`score_snapshot`](super::score_snapshot) prepares each questionnaire once and shares it
//! across all the assessments that use it, together with the effective weight of every
//! question under the snapshot's profile ([`Prepared::weighted`]).

use std::sync::{Arc, OnceLock};

use crate::model::rules::SpecificityRule;
use crate::model::{Profile, Question, QuestionRole, Questionnaire, Section};

use super::aiia::roles::role_of;
use super::applicability::{Placed, QuestionIndex};
use super::question::effective_weight;
use super::rollup::{NodeLabel, Tally};
use super::specificity::{Finding, Table};
use crate::model::fxhash::FxHashMap;
use crate::model::score::NodeScore;

/// A questionnaire with its question index and question roles.
#[derive(Debug, Clone)]
pub struct Prepared<'a> {
    /// The questionnaire.
    pub questionnaire: &'a Questionnaire,
    /// Every question by id, with its place, in file order.
    pub index: QuestionIndex<'a>,
    /// Role of every question, in file order (parallel to the index).
    roles: Vec<Option<QuestionRole>>,
    /// Id of every question and of the section holding it, shared by every score of it
    /// (parallel to the index).
    ids: Vec<(Arc<str>, Arc<str>)>,
    /// The label of every section, shared by every node built for it.
    labels: Arc<SectionLabels>,
    /// Questions outside repeatable sections that have a role, in file order.
    plain_roles: Vec<(QuestionRole, &'a Question)>,
    /// Every repeatable section with the sections above it (top level first), in file order.
    repeatables: Vec<Vec<&'a Section>>,
    /// Effective weights worked out for one profile (see [`Self::weighted`]).
    weights: Option<Weights<'a>>,
    /// The specificity rule sets by id, each compiled the first time an answer is checked
    /// against it (most assessments answer few of the questions that have one).
    matchers: FxHashMap<&'a str, (&'a SpecificityRule, OnceLock<Table>)>,
    /// Whether each question may be answered "Out of scope" (parallel to the index).
    excludable: Vec<bool>,
    /// Every asked question that others link to (`same_as`), with their ids in file order.
    linked: FxHashMap<&'a str, Vec<&'a str>>,
}

/// The node label of every section of a questionnaire (see [`NodeLabel`]), by the
/// section's address, so every assessment's nodes share one copy of the strings.
#[derive(Debug, Clone, Default)]
pub struct SectionLabels {
    by_section: FxHashMap<usize, NodeLabel>,
}

impl SectionLabels {
    /// The labels of every section of `questionnaire`.
    pub fn new(questionnaire: &Questionnaire) -> Self {
        let mut by_section = FxHashMap::default();
        questionnaire.walk_sections(&mut |s, _| {
            by_section.insert(address(s), NodeLabel::of(s));
        });
        SectionLabels { by_section }
    }

    /// The label of a section of the questionnaire, if it is one.
    pub fn get(&self, s: &Section) -> Option<&NodeLabel> {
        self.by_section.get(&address(s))
    }

    /// The node of a section from its tally, with the shared label (a fresh one for a
    /// section of another questionnaire).
    pub fn node(&self, s: &Section, t: Tally) -> NodeScore {
        match self.get(s) {
            Some(label) => t.into_labelled(label),
            None => t.into_labelled(&NodeLabel::of(s)),
        }
    }
}

/// A section's address: the sections of a questionnaire are told apart by where they are,
/// as two may share an id in a malformed file.
fn address(s: &Section) -> usize {
    std::ptr::from_ref(s).addr()
}

/// Effective weights of every question (parallel to the index) under one profile.
#[derive(Debug, Clone)]
struct Weights<'a> {
    profile: &'a Profile,
    weighted: bool,
    values: Vec<f64>,
}

impl<'a> Prepared<'a> {
    /// Indexes a questionnaire and works out its question roles.
    pub fn new(questionnaire: &'a Questionnaire) -> Self {
        let index = QuestionIndex::new(questionnaire);
        let roles: Vec<_> = index.iter().map(|p| role_of(p.question)).collect();
        let plain_roles = index
            .iter()
            .zip(&roles)
            .filter(|(p, _)| p.repeatable().is_none())
            .filter_map(|(p, r)| r.map(|r| (r, p.question)))
            .collect();
        let labels = SectionLabels::new(questionnaire);
        let ids = index
            .iter()
            .map(|p| {
                let section = p.section().and_then(|s| labels.get(s));
                let section = section.map_or_else(|| Arc::from(""), |l| Arc::clone(&l.id));
                (Arc::from(p.question.id.as_str()), section)
            })
            .collect();
        let fixed = questionnaire.not_excludable();
        let excludable = (index.iter())
            .map(|p| !fixed.contains(p.question.id.as_str()))
            .collect();
        let mut repeatables = Vec::new();
        questionnaire.walk_sections(&mut |s, ancestors| {
            if s.repeatable.is_some() {
                let mut path = ancestors.to_vec();
                path.push(s);
                repeatables.push(path);
            }
        });
        let mut linked: FxHashMap<&'a str, Vec<&'a str>> = FxHashMap::default();
        for p in index.iter() {
            if let Some(to) = p.question.same_as.as_deref() {
                linked.entry(to).or_default().push(p.question.id.as_str());
            }
        }
        Prepared {
            linked,
            questionnaire,
            index,
            roles,
            ids,
            labels: Arc::new(labels),
            plain_roles,
            repeatables,
            weights: None,
            matchers: (questionnaire.scoring.specificity.iter())
                .map(|(id, rule)| (id.as_str(), (rule, OnceLock::new())))
                .collect(),
            excludable,
        }
    }

    /// The questions linked to the asked question `id` (whose `same_as` is `id`), in file
    /// order; empty when none is.
    pub fn linked_to(&self, id: &str) -> &[&'a str] {
        self.linked.get(id).map(Vec::as_slice).unwrap_or_default()
    }

    /// Whether the question at `position` of the index may be answered "Out of scope".
    pub fn excludable(&self, position: usize) -> bool {
        self.excludable.get(position).copied().unwrap_or(true)
    }

    /// Works out the effective weight of every question under `profile` once, for
    /// [`Self::weight`] to return while scoring many assessments with that profile.
    pub fn weighted(mut self, profile: &'a Profile, weighted: bool) -> Self {
        let values = self
            .index
            .iter()
            .map(|p| effective_weight(p.question, profile, weighted))
            .collect();
        self.weights = Some(Weights {
            profile,
            weighted,
            values,
        });
        self
    }

    /// The effective weight of `question`, at `position` in the index: the one worked out by
    /// [`Self::weighted`] when it was for this very profile and setting, else computed.
    pub fn weight(
        &self,
        position: usize,
        question: &Question,
        profile: &Profile,
        weighted: bool,
    ) -> f64 {
        self.weights
            .as_ref()
            .filter(|w| std::ptr::eq(w.profile, profile) && w.weighted == weighted)
            .and_then(|w| w.values.get(position).copied())
            .unwrap_or_else(|| effective_weight(question, profile, weighted))
    }

    /// The shared id of the question at `position` in the index and of the section holding
    /// it.
    pub fn ids(&self, position: usize) -> Option<&(Arc<str>, Arc<str>)> {
        self.ids.get(position)
    }

    /// The shared node labels of the questionnaire's sections.
    pub fn labels(&self) -> &Arc<SectionLabels> {
        &self.labels
    }

    /// The role of the question with this id, if it has one.
    pub fn role(&self, id: &str) -> Option<QuestionRole> {
        self.index
            .position(id)
            .and_then(|i| self.roles.get(i).copied().flatten())
    }

    /// Every question in file order with its role.
    pub fn with_roles(&self) -> impl Iterator<Item = (&Placed<'a>, Option<QuestionRole>)> {
        self.index.iter().zip(self.roles.iter().copied())
    }

    /// Checks a free-text answer against the specificity rule set with this id (compiled
    /// on the first check against it); `None` when the questionnaire has no such rule set.
    pub fn check_specificity(&self, id: &str, text: &str) -> Option<Vec<Finding>> {
        let (rule, table) = self.matchers.get(id)?;
        Some(table.get_or_init(|| Table::new(rule)).check(rule, text))
    }

    /// Whether the questionnaire has a specificity rule set with this id.
    pub fn has_rule(&self, id: &str) -> bool {
        self.matchers.contains_key(id)
    }

    /// Questions outside repeatable sections that have a role, in file order.
    pub fn plain_roles(&self) -> &[(QuestionRole, &'a Question)] {
        &self.plain_roles
    }

    /// Every repeatable section with the sections above it (top level first, the
    /// repeatable section last), in file order.
    pub fn repeatables(&self) -> impl Iterator<Item = &[&'a Section]> {
        self.repeatables.iter().map(Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AnswerSpec;
    use crate::scoring::testkit::{q_status, q_text, qn, question, sec};

    #[test]
    fn roles_are_those_of_role_of_and_unknown_ids_have_none() {
        let q = qn(vec![sec(
            "s",
            vec![
                q_text("aiia.signoff.name"),
                question("aiia.next_review", 1.0, AnswerSpec::Date),
                q_status("plain", 1.0),
            ],
        )]);
        let p = Prepared::new(&q);
        assert_eq!(p.role("aiia.signoff.name"), Some(QuestionRole::SignoffName));
        assert_eq!(p.role("aiia.next_review"), Some(QuestionRole::ReviewDate));
        assert_eq!(p.role("plain"), None);
        assert_eq!(p.role("unknown"), None);
        let roles: Vec<_> = p.with_roles().map(|(_, r)| r).collect();
        assert_eq!(
            roles,
            [
                Some(QuestionRole::SignoffName),
                Some(QuestionRole::ReviewDate),
                None
            ]
        );
    }
}
