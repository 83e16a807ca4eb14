//! The state being edited between snapshots: who, which profile, and every assessment.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::answer::{Answer, Assessment, Entry};
use super::snapshot::{Finding, Snapshot};
use super::subject::Subject;

/// One committed change to the workspace state: what the wizard, the CLI and the live store
/// exchange. Applying the same changes in the same order to the same state gives the same
/// state ([`WorkspaceState::apply`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// An answer set (`Some`) or cleared (`None`).
    Answer {
        /// Where.
        target: AnswerTarget,
        /// The new answer.
        answer: Option<Answer>,
    },
    /// The entries of one repeatable section, in order (added or removed entries).
    Entries {
        /// Questionnaire id.
        questionnaire: String,
        /// Subject id.
        subject: Option<String>,
        /// Repeatable section id.
        section: String,
        /// Entry ids in order.
        ids: Vec<String>,
    },
    /// An AI system or vendor added or changed (`Some`), or removed (`None`).
    Subject {
        /// Its id.
        id: String,
        /// Its record.
        subject: Option<Subject>,
    },
    /// A finding added or changed (`Some`), or deleted (`None`).
    Finding {
        /// Its id.
        id: String,
        /// Its record.
        finding: Option<Finding>,
    },
    /// Organization, assessor and profile.
    Meta {
        /// Organization name.
        organization: String,
        /// Assessor.
        assessor: String,
        /// Profile id.
        profile: String,
    },
    /// Everything replaced (a snapshot reopened as the work in progress).
    Replace(Box<WorkspaceState>),
}

/// Replaces the item `matches` finds with `new`, appends it when missing, removes it when
/// `new` is none.
fn upsert<T: Clone>(list: &mut Vec<T>, new: Option<&T>, matches: impl Fn(&T) -> bool) {
    match (list.iter().position(&matches), new) {
        (Some(i), Some(n)) => {
            if let Some(slot) = list.get_mut(i) {
                *slot = n.clone();
            }
        }
        (Some(i), None) => {
            list.remove(i);
        }
        (None, Some(n)) => list.push(n.clone()),
        (None, None) => {}
    }
}

/// An organization's in-progress work: what a session file holds and a snapshot freezes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceState {
    /// Organization name.
    pub organization: String,
    /// Who is making the assessment.
    pub assessor: String,
    /// Profile id used for scoring.
    pub profile: String,
    /// AI systems and vendors.
    #[serde(default)]
    pub subjects: Vec<Subject>,
    /// All answers, one assessment per questionnaire and subject.
    #[serde(default)]
    pub assessments: Vec<Assessment>,
    /// The audit findings register.
    #[serde(default)]
    pub findings: Vec<Finding>,
}

/// Where one answer goes.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct AnswerTarget {
    /// Questionnaire id.
    pub questionnaire: String,
    /// Subject id; none for the gap assessment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// For a repeatable section: its section id and the entry id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<(String, String)>,
    /// Question id.
    pub question: String,
}

impl WorkspaceState {
    /// An empty state.
    pub fn new(
        organization: impl Into<String>,
        assessor: impl Into<String>,
        profile: impl Into<String>,
    ) -> Self {
        WorkspaceState {
            organization: organization.into(),
            assessor: assessor.into(),
            profile: profile.into(),
            subjects: Vec::new(),
            assessments: Vec::new(),
            findings: Vec::new(),
        }
    }

    /// The state as an unsealed snapshot: metadata, subjects, answers and findings, with no
    /// questionnaire stamps, scorecard, chain link or digest yet.
    pub fn to_snapshot(
        &self,
        created_at: jiff::Timestamp,
        cycle: String,
        label: String,
    ) -> Snapshot {
        Snapshot {
            format: super::snapshot::SNAPSHOT_FORMAT.into(),
            version: super::snapshot::SNAPSHOT_VERSION,
            meta: super::SnapshotMeta {
                organization: self.organization.clone(),
                assessor: self.assessor.clone(),
                created_at,
                cycle,
                label,
                profile: self.profile.clone(),
            },
            questionnaires: Vec::new(),
            subjects: self.subjects.clone(),
            assessments: self.assessments.clone(),
            findings: self.findings.clone(),
            scoring_rules: None,
            scorecard: None,
            previous: None,
            digest: None,
        }
    }

    /// The state a snapshot froze, to carry on from it (e.g. into the next cycle).
    pub fn from_snapshot(s: &Snapshot) -> Self {
        WorkspaceState {
            organization: s.meta.organization.clone(),
            assessor: s.meta.assessor.clone(),
            profile: s.meta.profile.clone(),
            subjects: s.subjects.clone(),
            assessments: s.assessments.clone(),
            findings: s.findings.clone(),
        }
    }

    /// The assessment of a questionnaire for a subject, created empty when missing.
    pub fn assessment_mut(
        &mut self,
        questionnaire: &str,
        subject: Option<&str>,
    ) -> &mut Assessment {
        let pos = self
            .assessments
            .iter()
            .position(|a| a.questionnaire == questionnaire && a.subject.as_deref() == subject);
        if pos.is_none() {
            self.assessments
                .push(Assessment::new(questionnaire, subject.map(str::to_string)));
        }
        let i = pos.unwrap_or(self.assessments.len() - 1);
        // `i` is the position just found or of the element just pushed, so it is in bounds.
        #[allow(clippy::indexing_slicing)]
        &mut self.assessments[i]
    }

    /// Sets (or replaces) one answer, creating the assessment or entry when missing.
    pub fn set_answer(&mut self, target: &AnswerTarget, answer: Answer) {
        let a = self.assessment_mut(&target.questionnaire, target.subject.as_deref());
        match &target.entry {
            None => {
                a.answers.insert(target.question.clone(), answer);
            }
            Some((section, entry_id)) => {
                let entries = a.entries.entry(section.clone()).or_default();
                match entries.iter_mut().find(|e| &e.id == entry_id) {
                    Some(e) => {
                        e.answers.insert(target.question.clone(), answer);
                    }
                    None => entries.push(Entry {
                        id: entry_id.clone(),
                        answers: [(target.question.clone(), answer)].into_iter().collect(),
                    }),
                }
            }
        }
    }

    /// The assessment of a questionnaire for a subject, if there is one.
    pub fn assessment(&self, questionnaire: &str, subject: Option<&str>) -> Option<&Assessment> {
        self.assessments
            .iter()
            .find(|a| a.questionnaire == questionnaire && a.subject.as_deref() == subject)
    }

    /// The committed answer at `target`, if any.
    pub fn answer(&self, target: &AnswerTarget) -> Option<&Answer> {
        let a = self.assessment(&target.questionnaire, target.subject.as_deref())?;
        match &target.entry {
            None => a.answers.get(&target.question),
            Some((section, entry)) => a
                .entries
                .get(section)?
                .iter()
                .find(|e| &e.id == entry)?
                .answers
                .get(&target.question),
        }
    }

    /// Removes the answer at `target` (the assessment and entry stay).
    pub fn remove_answer(&mut self, target: &AnswerTarget) -> Option<Answer> {
        let a = self.assessment_mut(&target.questionnaire, target.subject.as_deref());
        match &target.entry {
            None => a.answers.remove(&target.question),
            Some((section, entry)) => a
                .entries
                .get_mut(section)?
                .iter_mut()
                .find(|e| &e.id == entry)?
                .answers
                .remove(&target.question),
        }
    }

    /// Sets or removes the answer at `target`.
    pub fn put_answer(&mut self, target: &AnswerTarget, answer: Option<Answer>) {
        match answer {
            Some(a) => self.set_answer(target, a),
            None => {
                self.remove_answer(target);
            }
        }
    }

    /// The ids of a repeatable section's entries, in order.
    pub fn entry_ids(
        &self,
        questionnaire: &str,
        subject: Option<&str>,
        section: &str,
    ) -> Vec<String> {
        self.assessment(questionnaire, subject)
            .and_then(|a| a.entries.get(section))
            .map(|list| list.iter().map(|e| e.id.clone()).collect())
            .unwrap_or_default()
    }

    /// Makes a repeatable section hold exactly the entries `ids`, in that order: entries kept
    /// keep their answers, new ones start empty, the others are dropped with their answers.
    pub fn set_entry_ids(
        &mut self,
        questionnaire: &str,
        subject: Option<&str>,
        section: &str,
        ids: &[String],
    ) {
        let a = self.assessment_mut(questionnaire, subject);
        let mut old = a.entries.remove(section).unwrap_or_default();
        let list: Vec<Entry> = ids
            .iter()
            .map(|id| match old.iter().position(|e| &e.id == id) {
                Some(i) => old.swap_remove(i),
                None => Entry {
                    id: id.clone(),
                    answers: Default::default(),
                },
            })
            .collect();
        if !list.is_empty() {
            a.entries.insert(section.to_string(), list);
        }
    }

    /// Applies one committed change (the same change the live store records).
    pub fn apply(&mut self, change: &Change) {
        match change {
            Change::Answer { target, answer } => self.put_answer(target, answer.clone()),
            Change::Entries {
                questionnaire,
                subject,
                section,
                ids,
            } => self.set_entry_ids(questionnaire, subject.as_deref(), section, ids),
            Change::Subject { id, subject } => {
                upsert(&mut self.subjects, subject.as_ref(), |s| &s.id == id)
            }
            Change::Finding { id, finding } => {
                upsert(&mut self.findings, finding.as_ref(), |f| &f.id == id)
            }
            Change::Meta {
                organization,
                assessor,
                profile,
            } => {
                self.organization.clone_from(organization);
                self.assessor.clone_from(assessor);
                self.profile.clone_from(profile);
            }
            Change::Replace(state) => *self = (**state).clone(),
        }
    }

    /// The changes that turn `self` into `after` (metadata, subjects, findings, entry lists,
    /// then answers), each part only where it differs.
    pub fn changes_to(&self, after: &WorkspaceState) -> Vec<Change> {
        let mut out = Vec::new();
        if (&self.organization, &self.assessor, &self.profile)
            != (&after.organization, &after.assessor, &after.profile)
        {
            out.push(Change::Meta {
                organization: after.organization.clone(),
                assessor: after.assessor.clone(),
                profile: after.profile.clone(),
            });
        }
        let ids = |a: &[Subject], b: &[Subject]| -> Vec<String> {
            let mut v: Vec<String> = Vec::new();
            for s in a.iter().chain(b) {
                if !v.contains(&s.id) {
                    v.push(s.id.clone());
                }
            }
            v
        };
        for id in ids(&self.subjects, &after.subjects) {
            let (old, new) = (
                self.subjects.iter().find(|s| s.id == id),
                after.subjects.iter().find(|s| s.id == id),
            );
            if old != new {
                out.push(Change::Subject {
                    id,
                    subject: new.cloned(),
                });
            }
        }
        for f in &self.findings {
            if !after.findings.iter().any(|n| n.id == f.id) {
                out.push(Change::Finding {
                    id: f.id.clone(),
                    finding: None,
                });
            }
        }
        for f in &after.findings {
            if self.findings.iter().find(|o| o.id == f.id) != Some(f) {
                out.push(Change::Finding {
                    id: f.id.clone(),
                    finding: Some(f.clone()),
                });
            }
        }
        out.extend(self.entry_changes(after));
        out.extend(self.answer_changes(after));
        out
    }

    fn entry_changes(&self, after: &WorkspaceState) -> Vec<Change> {
        let mut out = Vec::new();
        let sections = self
            .assessments
            .iter()
            .chain(&after.assessments)
            .flat_map(|a| {
                a.entries
                    .keys()
                    .map(move |k| (a.questionnaire.clone(), a.subject.clone(), k.clone()))
            });
        let mut seen = Vec::new();
        for key in sections {
            if seen.contains(&key) {
                continue;
            }
            let (q, s, section) = &key;
            let ids = after.entry_ids(q, s.as_deref(), section);
            if self.entry_ids(q, s.as_deref(), section) != ids {
                out.push(Change::Entries {
                    questionnaire: q.clone(),
                    subject: s.clone(),
                    section: section.clone(),
                    ids,
                });
            }
            seen.push(key);
        }
        out
    }

    fn answer_changes(&self, after: &WorkspaceState) -> Vec<Change> {
        let mut out = Vec::new();
        for (target, a) in after.answers() {
            if self.answer(&target) != Some(a) {
                out.push(Change::Answer {
                    target,
                    answer: Some(a.clone()),
                });
            }
        }
        for (target, _) in self.answers() {
            if after.answer(&target).is_none() {
                out.push(Change::Answer {
                    target,
                    answer: None,
                });
            }
        }
        out
    }

    /// Every answer with its place.
    pub fn answers(&self) -> Vec<(AnswerTarget, &Answer)> {
        let mut out = Vec::new();
        for a in &self.assessments {
            let at = |entry: Option<(String, String)>, q: &String| AnswerTarget {
                questionnaire: a.questionnaire.clone(),
                subject: a.subject.clone(),
                entry,
                question: q.clone(),
            };
            out.extend(a.answers.iter().map(|(q, ans)| (at(None, q), ans)));
            for (section, list) in &a.entries {
                for e in list {
                    let key = || Some((section.clone(), e.id.clone()));
                    out.extend(e.answers.iter().map(|(q, ans)| (at(key(), q), ans)));
                }
            }
        }
        out
    }

    /// Number of answers over every assessment.
    pub fn answer_count(&self) -> usize {
        self.assessments.iter().map(Assessment::answer_count).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Status, Value};

    #[test]
    fn set_answer_creates_assessments_and_entries_once() {
        let mut s = WorkspaceState::new("Org", "A", "generic");
        let t = AnswerTarget {
            questionnaire: "aiia".into(),
            subject: Some("bot".into()),
            entry: Some(("impacts".into(), "impact-1".into())),
            question: "q1".into(),
        };
        s.set_answer(&t, Answer::new(Value::Status(Status::Gap)));
        s.set_answer(&t, Answer::new(Value::Status(Status::Met)));
        assert_eq!(s.assessments.len(), 1);
        assert_eq!(s.answer_count(), 1);
        let e = &s.assessments[0].entries["impacts"][0];
        assert_eq!(e.answers["q1"].value, Value::Status(Status::Met));
    }
}
