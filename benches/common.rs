//! A synthetic snapshot of many answers, shared by the diff and save benches.

use clausewise::model::snapshot::SNAPSHOT_FORMAT;
use clausewise::model::{
    Answer, Assessment, Evidence, Snapshot, SnapshotMeta, Status, Subject, SubjectKind, Value,
};

/// A snapshot with `answers` answers spread over a gap assessment and 20 AIIAs; `shift`
/// changes the status of every seventh answer and the note of every eleventh.
pub fn snapshot(answers: usize, shift: usize) -> Snapshot {
    let subjects: Vec<Subject> = (0..20)
        .map(|i| Subject {
            id: format!("sys-{i}"),
            kind: SubjectKind::AiSystem,
            name: format!("System {i}"),
            owner: None,
            role: None,
            lifecycle_stage: None,
            vendor: None,
            description: String::new(),
            retired: false,
        })
        .collect();
    let mut assessments = vec![Assessment::new("iso42001-gap", None)];
    assessments.extend(
        subjects
            .iter()
            .map(|s| Assessment::new("iso42001-aiia", Some(s.id.clone()))),
    );
    let per = answers / assessments.len() + 1;
    for i in 0..answers {
        let status = Status::ALL[(i + usize::from(i % 7 == 0) * shift) % 3];
        let mut a = Answer::new(Value::Status(status));
        a.note = if i % 11 == 0 && shift > 0 {
            "changed".into()
        } else {
            format!("note {i}")
        };
        a.evidence.push(Evidence {
            reference: format!("DOC-{i}"),
            date: None,
            expires: None,
        });
        if let Some(target) = assessments.get_mut(i / per) {
            target.answers.insert(format!("s{}.q{}", i / 10, i % 10), a);
        }
    }
    Snapshot {
        format: SNAPSHOT_FORMAT.into(),
        version: 1,
        meta: SnapshotMeta {
            organization: "Bench Org".into(),
            assessor: "Bench".into(),
            created_at: jiff::Timestamp::UNIX_EPOCH,
            cycle: "stage-2".into(),
            label: String::new(),
            profile: "generic".into(),
        },
        questionnaires: Vec::new(),
        subjects,
        assessments,
        findings: Vec::new(),
        scorecard: None,
        previous: None,
        digest: None,
    }
}
