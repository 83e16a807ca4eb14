//! What the wizard edits: the workspace state (the same type the store's sessions and
//! snapshots hold) plus where the user is, so a resumed session opens on the same question.

use std::ops::{Deref, DerefMut};

use crate::store::ResumeInfo;

/// Where the user left off in a questionnaire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResumePoint {
    /// Questionnaire id.
    pub questionnaire: String,
    /// Subject id, for per-subject questionnaires.
    pub subject: Option<String>,
    /// The question the cursor was on.
    pub question: String,
    /// The entry of a repeatable section holding that question, if any.
    pub entry: Option<String>,
    /// Scroll offset of the question's help panel.
    pub scroll: u16,
}

/// The workspace state being edited, and the resume point.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkspaceState {
    /// Organization, profile, subjects, assessments and findings.
    pub state: crate::model::WorkspaceState,
    /// Where the user left off.
    pub resume: Option<ResumePoint>,
}

impl Default for WorkspaceState {
    fn default() -> Self {
        WorkspaceState {
            state: crate::model::WorkspaceState::new("", "", "generic"),
            resume: None,
        }
    }
}

impl Deref for WorkspaceState {
    type Target = crate::model::WorkspaceState;
    fn deref(&self) -> &Self::Target {
        &self.state
    }
}

impl DerefMut for WorkspaceState {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.state
    }
}

impl WorkspaceState {
    /// Rebuilds the wizard's view of a stored session.
    pub fn from_session(state: crate::model::WorkspaceState, r: &ResumeInfo) -> Self {
        let resume = match (&r.questionnaire, &r.question) {
            (Some(q), Some(question)) => Some(ResumePoint {
                questionnaire: q.clone(),
                subject: r.subject.clone(),
                question: question.clone(),
                entry: r.entry.clone(),
                scroll: u16::try_from(r.scroll).unwrap_or(u16::MAX),
            }),
            _ => None,
        };
        WorkspaceState { state, resume }
    }

    /// The resume point as the store records it.
    pub fn resume_info(&self) -> ResumeInfo {
        match &self.resume {
            Some(r) => ResumeInfo {
                questionnaire: Some(r.questionnaire.clone()),
                subject: r.subject.clone(),
                question: Some(r.question.clone()),
                entry: r.entry.clone(),
                scroll: u32::from(r.scroll),
            },
            None => ResumeInfo::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resume_point_round_trips_through_the_store_record() {
        let d = WorkspaceState {
            resume: Some(ResumePoint {
                questionnaire: "iso42001-aiia".into(),
                subject: Some("triage".into()),
                question: "impacts.inherent".into(),
                entry: Some("impact-2".into()),
                scroll: 3,
            }),
            ..Default::default()
        };
        let back = WorkspaceState::from_session(d.state.clone(), &d.resume_info());
        assert_eq!(back, d);
        assert_eq!(
            WorkspaceState::from_session(d.state.clone(), &ResumeInfo::default()).resume,
            None
        );
    }
}
