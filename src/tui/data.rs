//! What the wizard edits: the workspace state (the same type the store's sessions and
//! snapshots hold) plus where the user is, so a resumed session opens on the same question.

use std::collections::HashMap;
use std::ops::{Deref, DerefMut};

use crate::model::{AnswerTarget, Change};
use crate::store::ResumeInfo;
use crate::store::live::{Batch, Committed, Draft, Loaded, Pending};

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

/// The workspace state being edited, the resume point, and what was committed here but is
/// not yet in the live store.
#[derive(Debug, Clone)]
pub struct WorkspaceState {
    /// Organization, profile, subjects, assessments and findings.
    pub state: crate::model::WorkspaceState,
    /// Where the user left off.
    pub resume: Option<ResumePoint>,
    /// What changed since the last batch was taken.
    pub dirty: Dirty,
    /// The store's revision of each answer this user last saw (0 or missing: none).
    pub revs: HashMap<AnswerTarget, i64>,
    /// Drafts kept from an earlier run that ended while text was being typed.
    pub drafts: Vec<Draft>,
    /// Who commits here (`user@host`): stamped on each answer committed.
    pub who: String,
    /// The live store's history sequence number this state includes.
    pub seq: i64,
}

/// The parts of the state changed since the last batch, by key; their values are read when
/// the batch is taken, so a part changed twice is written once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dirty {
    answers: Vec<AnswerTarget>,
    entries: Vec<(String, Option<String>, String)>,
    subjects: Vec<String>,
    findings: Vec<String>,
    meta: bool,
    replace: bool,
    resume: bool,
    drafts: Vec<(AnswerTarget, String, Option<String>)>,
}

fn push_once<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}

impl Dirty {
    /// The changes these keys stand for, with their values in `state`: replace, metadata,
    /// subjects, entry lists, findings, then answers (the order a batch is written in).
    fn changes_from(&self, state: &crate::model::WorkspaceState) -> Vec<Change> {
        let mut changes = Vec::new();
        if self.replace {
            changes.push(Change::Replace(Box::new(state.clone())));
        }
        if self.meta {
            changes.push(Change::Meta {
                organization: state.organization.clone(),
                assessor: state.assessor.clone(),
                profile: state.profile.clone(),
            });
        }
        for id in &self.subjects {
            let subject = state.subjects.iter().find(|s| &s.id == id).cloned();
            changes.push(Change::Subject {
                id: id.clone(),
                subject,
            });
        }
        for (q, s, section) in &self.entries {
            changes.push(Change::Entries {
                ids: state.entry_ids(q, s.as_deref(), section),
                questionnaire: q.clone(),
                subject: s.clone(),
                section: section.clone(),
            });
        }
        for id in &self.findings {
            let finding = state.findings.iter().find(|f| &f.id == id).cloned();
            changes.push(Change::Finding {
                id: id.clone(),
                finding,
            });
        }
        for t in &self.answers {
            let answer = state.answer(t).cloned();
            changes.push(Change::Answer {
                target: t.clone(),
                answer,
            });
        }
        changes
    }
}

impl PartialEq for WorkspaceState {
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state && self.resume == other.resume
    }
}

impl Default for WorkspaceState {
    fn default() -> Self {
        WorkspaceState {
            state: crate::model::WorkspaceState::new("", "", "generic"),
            resume: None,
            dirty: Dirty::default(),
            revs: HashMap::new(),
            drafts: Vec::new(),
            who: String::new(),
            seq: 0,
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
    /// The wizard's view of what the live store loaded.
    pub fn from_loaded(loaded: Loaded, who: &str) -> Self {
        let mut d = Self::from_session(loaded.state, &loaded.resume);
        d.revs = loaded.revs;
        d.drafts = loaded.drafts;
        d.who = who.to_string();
        d.seq = loaded.seq;
        d
    }

    /// Marks an answer as committed here (set, changed or cleared).
    pub fn touch_answer(&mut self, target: AnswerTarget) {
        push_once(&mut self.dirty.answers, target);
    }

    /// Marks the entry list of a repeatable section as changed.
    pub fn touch_entries(&mut self, questionnaire: &str, subject: Option<&str>, section: &str) {
        let key = (
            questionnaire.to_string(),
            subject.map(str::to_string),
            section.to_string(),
        );
        push_once(&mut self.dirty.entries, key);
    }

    /// Marks a subject as added, changed or removed.
    pub fn touch_subject(&mut self, id: &str) {
        push_once(&mut self.dirty.subjects, id.to_string());
    }

    /// Marks a finding as added, changed or deleted.
    pub fn touch_finding(&mut self, id: &str) {
        push_once(&mut self.dirty.findings, id.to_string());
    }

    /// Marks organization, assessor or profile as changed.
    pub fn touch_meta(&mut self) {
        self.dirty.meta = true;
    }

    /// Marks the whole state as replaced (a reopened snapshot).
    pub fn touch_replace(&mut self) {
        self.dirty = Dirty {
            replace: true,
            drafts: std::mem::take(&mut self.dirty.drafts),
            ..Dirty::default()
        };
    }

    /// Marks the resume point as moved.
    pub fn touch_resume(&mut self) {
        self.dirty.resume = true;
    }

    /// Keeps (`Some`) or drops (`None`) a draft of an editor's text for a question.
    pub fn put_draft(&mut self, target: AnswerTarget, field: &str, text: Option<String>) {
        self.drafts
            .retain(|d| !(d.target == target && d.field == field));
        self.dirty
            .drafts
            .retain(|(t, f, _)| !(t == &target && f == field));
        self.dirty.drafts.push((target, field.to_string(), text));
    }

    /// The kept draft of an editor for a question, if any.
    pub fn draft(&self, target: &AnswerTarget, field: &str) -> Option<&Draft> {
        self.drafts
            .iter()
            .find(|d| &d.target == target && d.field == field)
    }

    /// Whether anything waits to be written.
    pub fn is_dirty(&self) -> bool {
        self.dirty != Dirty::default()
    }

    /// Takes what changed since the last batch, with the current values and the revision
    /// each answer was edited against; answers written are stamped with who wrote them.
    pub fn take_batch(&mut self) -> Batch {
        let dirty = std::mem::take(&mut self.dirty);
        for target in &dirty.answers {
            self.stamp(target);
        }
        let changes = dirty
            .changes_from(&self.state)
            .into_iter()
            .map(|change| {
                let base = match &change {
                    Change::Answer { target, .. } => {
                        Some(self.revs.get(target).copied().unwrap_or(0))
                    }
                    _ => None,
                };
                Pending { change, base }
            })
            .collect();
        Batch {
            changes,
            resume: dirty.resume.then(|| self.resume_info()),
            drafts: dirty.drafts,
        }
    }

    /// Stamps who commits the answer at `target` (when there is one).
    fn stamp(&mut self, target: &AnswerTarget) {
        let who = (!self.who.is_empty()).then(|| self.who.clone());
        if let Some(mut answer) = self.state.answer(target).cloned()
            && answer.answered_by != who
        {
            answer.answered_by = who;
            self.state.set_answer(target, answer);
        }
    }

    /// Whether the answer at `target` was changed here and not yet handed to the store.
    pub fn is_pending(&self, target: &AnswerTarget) -> bool {
        self.dirty.answers.contains(target)
    }

    /// Marks again what a failed batch held, so the next batch writes it.
    pub fn requeue(&mut self, batch: Batch) {
        for p in batch.changes {
            match p.change {
                Change::Answer { target, .. } => self.touch_answer(target),
                Change::Entries {
                    questionnaire,
                    subject,
                    section,
                    ..
                } => self.touch_entries(&questionnaire, subject.as_deref(), &section),
                Change::Subject { id, .. } => self.touch_subject(&id),
                Change::Finding { id, .. } => self.touch_finding(&id),
                Change::Meta { .. } => self.touch_meta(),
                Change::Replace(_) => self.dirty.replace = true,
            }
        }
        self.dirty.resume |= batch.resume.is_some();
        for d in batch.drafts {
            if !self
                .dirty
                .drafts
                .iter()
                .any(|(t, f, _)| t == &d.0 && f == &d.1)
            {
                self.dirty.drafts.push(d);
            }
        }
    }

    /// Whether the state itself changed (not only the resume point or drafts).
    pub fn has_changes(&self) -> bool {
        let d = &self.dirty;
        d.replace
            || d.meta
            || !(d.answers.is_empty()
                && d.entries.is_empty()
                && d.subjects.is_empty()
                && d.findings.is_empty())
    }

    /// Takes a state others changed structurally (re-read whole), keeping what changed here
    /// and is not written yet on top of it, with the revisions it was edited against.
    pub fn rebase(
        &mut self,
        state: crate::model::WorkspaceState,
        revs: HashMap<AnswerTarget, i64>,
    ) {
        let old = std::mem::replace(&mut self.state, state);
        let mine = std::mem::take(&mut self.revs);
        self.revs = revs;
        let changes = self.dirty.changes_from(&old);
        for t in &self.dirty.answers {
            match mine.get(t) {
                Some(rev) => self.revs.insert(t.clone(), *rev),
                None => self.revs.remove(t),
            };
        }
        for c in &changes {
            self.state.apply(c);
        }
    }

    /// Forgets what changed here (a read-only workspace reloads instead).
    pub fn discard_changes(&mut self) {
        self.dirty = Dirty::default();
    }

    /// Records the revisions a commit wrote.
    pub fn committed(&mut self, c: &Committed) {
        for (t, rev) in &c.revs {
            self.revs.insert(t.clone(), *rev);
        }
    }

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
        WorkspaceState {
            state,
            resume,
            ..Default::default()
        }
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
