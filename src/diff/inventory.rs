//! Assessments and subjects that appeared, disappeared, were renamed or retired.

use std::collections::{HashMap, HashSet};

use super::answers::key;
use super::types::{AssessmentChanges, AssessmentRef, Renamed, SubjectChanges, SubjectRef};
use crate::model::{Assessment, Snapshot, Subject};

/// Assessments only in one of the two snapshots.
pub fn assessments(old: &Snapshot, new: &Snapshot) -> AssessmentChanges {
    let only = |a: &Snapshot, b: &Snapshot| -> Vec<AssessmentRef> {
        let present: HashSet<(&str, Option<&str>)> = b.assessments.iter().map(key).collect();
        let names: HashMap<&str, &str> = (a.subjects.iter())
            .map(|x| (x.id.as_str(), x.name.as_str()))
            .collect();
        a.assessments
            .iter()
            .filter(|x| !present.contains(&key(x)))
            .map(|x| reference(x, &names))
            .collect()
    };
    AssessmentChanges {
        added: only(new, old),
        removed: only(old, new),
    }
}

fn reference(a: &Assessment, names: &HashMap<&str, &str>) -> AssessmentRef {
    AssessmentRef {
        questionnaire: a.questionnaire.clone(),
        subject: a.subject.clone(),
        subject_name: (a.subject.as_deref())
            .and_then(|id| names.get(id))
            .map(|n| n.to_string()),
        answers: a.answer_count(),
    }
}

fn subject_ref(s: &Subject) -> SubjectRef {
    SubjectRef {
        id: s.id.clone(),
        kind: s.kind,
        name: s.name.clone(),
    }
}

/// A snapshot's subjects by id.
fn subject_index(s: &Snapshot) -> HashMap<&str, &Subject> {
    s.subjects.iter().map(|x| (x.id.as_str(), x)).collect()
}

/// Subjects added, removed, renamed (same id, new name) and newly retired.
pub fn subjects(old: &Snapshot, new: &Snapshot) -> SubjectChanges {
    let (before, after) = (subject_index(old), subject_index(new));
    let mut out = SubjectChanges::default();
    for n in &new.subjects {
        match before.get(n.id.as_str()) {
            None => out.added.push(subject_ref(n)),
            Some(o) => {
                if o.name != n.name {
                    out.renamed.push(Renamed {
                        id: n.id.clone(),
                        old_name: o.name.clone(),
                        new_name: n.name.clone(),
                    });
                }
                if n.retired && !o.retired {
                    out.retired.push(subject_ref(n));
                }
            }
        }
    }
    out.removed = old
        .subjects
        .iter()
        .filter(|o| !after.contains_key(o.id.as_str()))
        .map(subject_ref)
        .collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::tests::{empty_snapshot, subject};
    use crate::model::SubjectKind;

    #[test]
    fn added_removed_renamed_and_retired_subjects() {
        let mut old = empty_snapshot("2025-01-01T00:00:00Z");
        let mut new = empty_snapshot("2026-01-01T00:00:00Z");
        old.subjects = vec![
            subject("a", SubjectKind::AiSystem, "Claims bot"),
            subject("b", SubjectKind::Vendor, "OldCo"),
            subject("c", SubjectKind::AiSystem, "Fraud model"),
        ];
        let mut retired = subject("c", SubjectKind::AiSystem, "Fraud model");
        retired.retired = true;
        new.subjects = vec![
            subject("a", SubjectKind::AiSystem, "Claims assistant"),
            retired,
            subject("d", SubjectKind::Vendor, "NewCo"),
        ];
        old.assessments = vec![Assessment::new("vendor", Some("b".into()))];
        new.assessments = vec![Assessment::new("vendor", Some("d".into()))];
        let s = subjects(&old, &new);
        assert_eq!(s.added.iter().map(|x| &x.id[..]).collect::<Vec<_>>(), ["d"]);
        assert_eq!(
            s.removed.iter().map(|x| &x.id[..]).collect::<Vec<_>>(),
            ["b"]
        );
        assert_eq!(
            s.renamed,
            vec![Renamed {
                id: "a".into(),
                old_name: "Claims bot".into(),
                new_name: "Claims assistant".into()
            }]
        );
        assert_eq!(
            s.retired.iter().map(|x| &x.id[..]).collect::<Vec<_>>(),
            ["c"]
        );
        let a = assessments(&old, &new);
        assert_eq!(a.added[0].subject.as_deref(), Some("d"));
        assert_eq!(a.added[0].subject_name.as_deref(), Some("NewCo"));
        assert_eq!(a.removed[0].subject_name.as_deref(), Some("OldCo"));
        assert_eq!(a.removed[0].answers, 0);
    }
}
