use super::*;
use crate::model::{Status, Subject, SubjectKind, Value};

fn workspace() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::init(dir.path()).unwrap();
    (dir, ws)
}

fn gap(q: &str) -> AnswerTarget {
    AnswerTarget {
        questionnaire: "iso42001-gap".into(),
        subject: None,
        entry: None,
        question: q.into(),
    }
}

fn met() -> Answer {
    Answer::new(Value::Status(Status::Met))
}

fn answer(target: &AnswerTarget, a: Option<Answer>, base: Option<i64>) -> Batch {
    Batch {
        changes: vec![Pending {
            change: Change::Answer {
                target: target.clone(),
                answer: a,
            },
            base,
        }],
        ..Batch::default()
    }
}

fn subject(id: &str) -> Subject {
    Subject {
        id: id.into(),
        kind: SubjectKind::AiSystem,
        name: format!("System {id}"),
        owner: None,
        role: None,
        lifecycle_stage: None,
        vendor: None,
        description: String::new(),
        retired: false,
        ..Subject::default()
    }
}

/// A state with subjects, findings-free assessments, entries (one empty) and answers.
fn rich_state() -> WorkspaceState {
    let mut s = WorkspaceState::new("Org", "A. Keller", "healthcare");
    s.subjects = vec![subject("system-2"), subject("system-1")];
    s.set_answer(&gap("c4.1.context"), met());
    let impact = |e: &str, q: &str| AnswerTarget {
        questionnaire: "iso42001-aiia".into(),
        subject: Some("system-2".into()),
        entry: Some(("impacts".into(), e.into())),
        question: q.into(),
    };
    s.set_answer(
        &impact("impact-2", "what"),
        Answer::new(Value::Text("x".into())),
    );
    s.set_answer(
        &impact("impact-1", "what"),
        Answer::new(Value::Text("y".into())),
    );
    s.set_entry_ids(
        "iso42001-aiia",
        Some("system-2"),
        "impacts",
        &["impact-2".into(), "impact-1".into(), "impact-3".into()],
    );
    s
}

#[test]
fn a_state_round_trips_with_its_order_and_empty_entries() {
    let (_d, ws) = workspace();
    let mut db = LiveStore::open_as(&ws, "ann@host".into()).unwrap();
    let state = rich_state();
    db.commit_changes(vec![Change::Replace(Box::new(state.clone()))])
        .unwrap();
    let back = db.load().unwrap();
    assert_eq!(back.state, state, "a replaced state is stored as it was");
    assert_eq!(back.revs.len(), 3);
    assert!(back.revs.values().all(|r| *r == 1));
}

#[test]
fn a_stale_base_is_a_conflict_with_both_values_and_nothing_is_overwritten() {
    let (_d, ws) = workspace();
    let mut ann = LiveStore::open_as(&ws, "ann@host".into()).unwrap();
    let mut bob = LiveStore::open_as(&ws, "bob@host".into()).unwrap();
    let t = gap("c5.1.x");
    let first = ann.commit(&answer(&t, Some(met()), Some(0))).unwrap();
    assert_eq!(first.revs, vec![(t.clone(), 1)]);
    // Bob opened the question before Ann's commit (rev 0) and answers Gap.
    let gap_answer = Answer::new(Value::Status(Status::Gap));
    let r = bob
        .commit(&answer(&t, Some(gap_answer.clone()), Some(0)))
        .unwrap();
    assert!(r.revs.is_empty());
    let c = &r.conflicts[0];
    assert_eq!(c.mine.as_ref().map(|a| &a.value), Some(&gap_answer.value));
    assert_eq!(c.theirs.as_ref().unwrap().value, Value::Status(Status::Met));
    assert_eq!((c.rev, c.who.as_str()), (1, "ann@host"));
    assert_eq!(
        ann.state().unwrap().answer(&t).unwrap().value,
        Value::Status(Status::Met)
    );
    // Keeping his: commit again against the revision he was shown.
    let r = bob
        .commit(&answer(&t, Some(gap_answer), Some(c.rev)))
        .unwrap();
    assert_eq!(r.revs, vec![(t.clone(), 2)]);
    assert_eq!(
        ann.state()
            .unwrap()
            .answer(&t)
            .unwrap()
            .answered_by
            .as_deref(),
        Some("bob@host")
    );
}

#[test]
fn history_keeps_who_when_and_old_to_new() {
    let (_d, ws) = workspace();
    let mut ann = LiveStore::open_as(&ws, "ann@host".into()).unwrap();
    let mut bob = LiveStore::open_as(&ws, "bob@host".into()).unwrap();
    let t = gap("c6.1.2.risk");
    ann.commit(&answer(
        &t,
        Some(Answer::new(Value::Status(Status::Gap))),
        None,
    ))
    .unwrap();
    bob.commit(&answer(&t, Some(met()), None)).unwrap();
    bob.commit(&answer(&t, None, None)).unwrap();
    let rows = ann
        .history(&HistoryFilter {
            question: "c6.1.2.risk".into(),
            ..Default::default()
        })
        .unwrap();
    let summary: Vec<_> = rows
        .iter()
        .map(|r| {
            (
                r.who.as_str(),
                r.old.as_ref().map(|a| a.value.clone()),
                r.new.as_ref().map(|a| a.value.clone()),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("ann@host", None, Some(Value::Status(Status::Gap))),
            (
                "bob@host",
                Some(Value::Status(Status::Gap)),
                Some(Value::Status(Status::Met))
            ),
            ("bob@host", Some(Value::Status(Status::Met)), None),
        ]
    );
    assert!(rows.iter().all(|r| r.at.parse::<Timestamp>().is_ok()));
}

#[test]
fn others_changes_arrive_as_answers_or_as_a_reload() {
    let (_d, ws) = workspace();
    let mut ann = LiveStore::open_as(&ws, "ann@host".into()).unwrap();
    let bob = LiveStore::open_as(&ws, "bob@host".into()).unwrap();
    let seq = bob.load().unwrap().seq;
    assert!(matches!(bob.changes_since(seq).unwrap(), Remote::Nothing));
    let t = gap("c7.2.x");
    ann.commit(&answer(&t, Some(met()), None)).unwrap();
    let Remote::Answers { rows, seq } = bob.changes_since(seq).unwrap() else {
        panic!("expected answers");
    };
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (&rows[0].0, rows[0].2, rows[0].3.as_str()),
        (&t, 1, "ann@host")
    );
    ann.commit_changes(vec![Change::Subject {
        id: "system-1".into(),
        subject: Some(subject("system-1")),
    }])
    .unwrap();
    let Remote::Reload(loaded) = bob.changes_since(seq).unwrap() else {
        panic!("expected a reload");
    };
    assert_eq!(loaded.state.subjects.len(), 1);
}

#[test]
fn drafts_are_per_assessor_and_never_in_the_state() {
    let (_d, ws) = workspace();
    let mut ann = LiveStore::open_as(&ws, "ann@host".into()).unwrap();
    let t = gap("c4.2.parties");
    let keep = Batch {
        drafts: vec![(t.clone(), "note".into(), Some("half a sen".into()))],
        ..Batch::default()
    };
    ann.commit(&keep).unwrap();
    let loaded = ann.load().unwrap();
    assert_eq!(loaded.drafts.len(), 1);
    assert_eq!(loaded.drafts[0].text, "half a sen");
    assert_eq!(loaded.state.answer_count(), 0);
    let bob = LiveStore::open_as(&ws, "bob@host".into()).unwrap();
    assert!(bob.load().unwrap().drafts.is_empty());
    let drop = Batch {
        drafts: vec![(t, "note".into(), None)],
        ..Batch::default()
    };
    ann.commit(&drop).unwrap();
    assert!(ann.load().unwrap().drafts.is_empty());
}

#[test]
fn removing_an_entry_clears_its_answers_with_history() {
    let (_d, ws) = workspace();
    let mut db = LiveStore::open_as(&ws, "ann@host".into()).unwrap();
    db.commit_changes(vec![Change::Replace(Box::new(rich_state()))])
        .unwrap();
    let r = db
        .commit_changes(vec![Change::Entries {
            questionnaire: "iso42001-aiia".into(),
            subject: Some("system-2".into()),
            section: "impacts".into(),
            ids: vec!["impact-1".into()],
        }])
        .unwrap();
    assert_eq!(r.revs.len(), 1, "impact-2's answer cleared: {r:?}");
    let state = db.state().unwrap();
    let mut expected = rich_state();
    expected.set_entry_ids(
        "iso42001-aiia",
        Some("system-2"),
        "impacts",
        &["impact-1".into()],
    );
    assert_eq!(state, expected);
}

#[test]
fn a_json_session_is_imported_once_and_kept_as_a_backup() {
    let (_d, ws) = workspace();
    let dir = crate::store::session::sessions_dir(&ws);
    let mut old = crate::store::Session::open(&dir, "workspace", rich_state).unwrap();
    old.update(|_, r| r.question = Some("c4.1.context".into()))
        .unwrap();
    drop(old);
    let db = LiveStore::open_as(&ws, "ann@host".into()).unwrap();
    let loaded = db.load().unwrap();
    assert_eq!(loaded.state, rich_state());
    assert_eq!(loaded.resume.question.as_deref(), Some("c4.1.context"));
    assert!(!dir.join("workspace.json").exists());
    assert!(dir.join("workspace.json.bak").exists());
    drop(db);
    let again = LiveStore::open_as(&ws, "ann@host".into()).unwrap();
    assert_eq!(again.load().unwrap().state.answer_count(), 3);
}

#[cfg(unix)]
#[test]
fn a_private_workspace_is_0600_and_a_symlinked_folder_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let (_d, ws) = workspace();
    let db = LiveStore::open_as(&ws, "ann@host".into()).unwrap();
    let mode = std::fs::metadata(db.path()).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let (d2, ws2) = workspace();
    let elsewhere = d2.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::remove_dir_all(ws2.root.join(".clausewise")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, ws2.root.join(".clausewise")).unwrap();
    let e = LiveStore::open_as(&ws2, "ann@host".into()).unwrap_err();
    assert!(e.to_string().contains("symbolic link"), "{e}");
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
}

#[cfg(unix)]
#[test]
fn an_unwritable_database_opens_read_only_and_refuses_commits() {
    use std::os::unix::fs::PermissionsExt;
    if unsafe { libc::geteuid() } == 0 {
        // root writes whatever the mode says; the pty test covers a read-only mount.
        return;
    }
    let (_d, ws) = workspace();
    let mut db = LiveStore::open_as(&ws, "ann@host".into()).unwrap();
    db.commit(&answer(&gap("q"), Some(met()), None)).unwrap();
    let path = db.path().to_path_buf();
    drop(db);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).unwrap();
    let mut ro = LiveStore::open_as(&ws, "ann@host".into()).unwrap();
    assert!(ro.read_only().is_some());
    assert_eq!(ro.load().unwrap().state.answer_count(), 1);
    assert!(ro.commit(&answer(&gap("q2"), Some(met()), None)).is_err());
}

/// "Busy" at once is tried again (here twice, then it works); any other error, or success,
/// is returned as it comes.
#[test]
fn busy_at_once_is_tried_again() {
    let busy = || {
        rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            Some("database is locked".into()),
        )
    };
    let mut calls = 0;
    let got = super::retry_busy(|| {
        calls += 1;
        if calls < 3 { Err(busy()) } else { Ok(calls) }
    });
    assert_eq!(got.ok(), Some(3));
    let mut calls = 0;
    let got: rusqlite::Result<()> = super::retry_busy(|| {
        calls += 1;
        Err(rusqlite::Error::QueryReturnedNoRows)
    });
    assert!(matches!(got, Err(rusqlite::Error::QueryReturnedNoRows)));
    assert_eq!(calls, 1);
}
