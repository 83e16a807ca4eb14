//! The state being edited between snapshots: who, which profile, and every assessment.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::answer::{Answer, Assessment, Entry};
use super::snapshot::{Finding, Snapshot};
use super::subject::Subject;

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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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
