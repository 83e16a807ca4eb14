//! The findings register, the save-snapshot and report dialogs, the diff's load effect, SoA
//! justifications and the risk matrix's cell list: state tests (no terminal), the shell's
//! file effects on a temporary workspace, and `TestBackend` snapshots at 80×24 and 160×48,
//! colour and `NO_COLOR`, on the example snapshots.

use clausewise::model::{Finding, FindingGrade, FindingStatus, Status, Value};
use clausewise::report::ReportFormat;
use clausewise::tui::app::{App, Screen, update};
use clausewise::tui::ctx::Popup;
use clausewise::tui::form::{Form, FormKind};
use clausewise::tui::msg::{Effect, Msg, SavedSnapshot};
use clausewise::tui::persist::perform_file_effect;
use clausewise::tui::screens::findings::{FindingsState, register};
use clausewise::tui::screens::plans::live_gap;
use clausewise::tui::screens::risk::{RiskState, impacts_in, live_aiias};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::civil::Date;

use crate::tui::render;
use crate::tui_views::{STAGE2, SURVEILLANCE, app_from, as_of, load, open_risk, press};

fn ctrl_s(app: &mut App) -> Vec<Effect> {
    update(
        app,
        Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
    )
}

fn key(app: &mut App, code: KeyCode) -> Vec<Effect> {
    update(app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

/// Types text into the editor on top.
fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Clears the editor on top (Ctrl-U is not bound: backspace over the text).
fn clear_editor(app: &mut App) {
    for _ in 0..200 {
        press(app, KeyCode::End);
        press(app, KeyCode::Backspace);
    }
}

fn form(app: &App) -> &Form {
    match app.ctx.popups.last() {
        Some(Popup::Form(f)) => f,
        other => panic!("no form on top: {other:?}"),
    }
}

fn editor_error(app: &App) -> Option<String> {
    match app.ctx.popups.last() {
        Some(Popup::Editor(e)) => e.error.clone(),
        other => panic!("no editor on top: {other:?}"),
    }
}

/// Moves the form cursor to the field labelled `label`.
fn goto_field(app: &mut App, label: &str) {
    let i = form(app)
        .fields
        .iter()
        .position(|f| f.label == label)
        .expect("field");
    for _ in 0..form(app).fields.len() {
        press(app, KeyCode::Up);
    }
    for _ in 0..i {
        press(app, KeyCode::Down);
    }
}

/// Moves the form cursor to the text field labelled `label`, types `text` into its editor
/// and saves it.
fn edit_field(app: &mut App, label: &str, text: &str) {
    goto_field(app, label);
    press(app, KeyCode::Enter);
    assert!(
        matches!(app.ctx.popups.last(), Some(Popup::Editor(_))),
        "{label}: editor"
    );
    clear_editor(app);
    type_text(app, text);
    if form_field_multiline(app) {
        ctrl_s(app);
    } else {
        press(app, KeyCode::Enter);
    }
}

fn form_field_multiline(app: &App) -> bool {
    matches!(app.ctx.popups.last(), Some(Popup::Editor(e)) if e.editor.multiline)
}

fn findings_app(path: &str, color: bool) -> App {
    let mut a = app_from(path, color);
    a.show(Screen::Findings(Box::new(FindingsState::new(as_of()))));
    a
}

fn finding(id: &str, reference: &str, raised: Date, status: FindingStatus) -> Finding {
    Finding {
        id: id.into(),
        grade: FindingGrade::Minor,
        reference: reference.into(),
        audit: "internal".into(),
        description: "d".into(),
        raised,
        status,
        corrective_action: None,
    }
}

#[test]
fn register_lists_overdue_and_repeat_findings_first() {
    let mut a = app_from(SURVEILLANCE, false);
    // F-2025-01 (8.2) is closed; a new finding on 8.2 is a repeat.
    a.ctx.data.findings.push(finding(
        "F-2026-09",
        "8.2",
        Date::constant(2026, 4, 1),
        FindingStatus::Open,
    ));
    let reg = register(&a.ctx.data.findings, Date::constant(2026, 5, 1));
    let ids: Vec<&str> = reg
        .iter()
        .map(|(i, _)| a.ctx.data.findings[*i].id.as_str())
        .collect();
    assert_eq!(ids[0], "F-2026-09", "{ids:?}");
    assert!(reg[0].1.repeat && !reg[0].1.overdue);
    assert!(
        reg[1..].iter().all(|(_, f)| !f.repeat),
        "findings raised with the closed one are not repeats"
    );
    assert_eq!(ids.last(), Some(&"F-2025-01"), "closed findings come last");
    // Overdue: the Stage 2 corrective action was due 2025-06-30.
    let s2 = app_from(STAGE2, false);
    let reg = register(&s2.ctx.data.findings, as_of());
    assert_eq!(s2.ctx.data.findings[reg[0].0].id, "F-2025-01");
    assert!(reg[0].1.overdue);
    assert!(
        !register(&s2.ctx.data.findings, Date::constant(2025, 6, 1))[0]
            .1
            .overdue
    );
}

#[test]
fn findings_open_from_home_and_enter_jumps_to_the_clause_in_the_wizard() {
    let mut a = app_from(STAGE2, false);
    press(&mut a, KeyCode::Char('F'));
    assert!(matches!(a.screen, Screen::Findings(_)));
    press(&mut a, KeyCode::Enter);
    let w = a.wizard().expect("wizard");
    let q = a.ctx.catalog.questionnaire(&w.questionnaire).expect("gap");
    let row = w.row().expect("row");
    let section = q.section(&row.section).expect("section");
    assert_eq!(section.reference.as_deref(), Some("8.2"));
    press(&mut a, KeyCode::Char('F'));
    press(&mut a, KeyCode::Esc);
    assert!(matches!(a.screen, Screen::Home(_)));
}

#[test]
fn adding_a_finding_validates_clause_dates_and_required_fields_then_persists() {
    let mut a = findings_app(STAGE2, false);
    let before = a.ctx.data.findings.len();
    press(&mut a, KeyCode::Char('a'));
    assert_eq!(form(&a).kind, FormKind::Finding(None));
    assert_eq!(
        form(&a).value("id"),
        "F-2025-03",
        "next free id of the year"
    );
    // Submitting an empty form is refused and says which field.
    assert!(ctrl_s(&mut a).is_empty());
    assert!(
        form(&a)
            .error
            .as_deref()
            .is_some_and(|e| e.starts_with("clause/control")),
        "{:?}",
        form(&a).error
    );
    edit_field(&mut a, "clause/control", "9.99");
    assert!(
        editor_error(&a).is_some_and(|e| e.contains("not a clause or control")),
        "an unknown clause keeps the editor open"
    );
    press(&mut a, KeyCode::Esc);
    edit_field(&mut a, "clause/control", "A.6.2.4");
    assert_eq!(form(&a).value("clause/control"), "A.6.2.4");
    edit_field(&mut a, "raised", "2025-02-30");
    assert!(editor_error(&a).is_some_and(|e| e.contains("YYYY-MM-DD")));
    press(&mut a, KeyCode::Esc);
    edit_field(&mut a, "raised", "2025-04-02");
    edit_field(&mut a, "audit", "internal-2025");
    edit_field(
        &mut a,
        "description",
        "Model cards missing for two systems.",
    );
    edit_field(&mut a, "due", "2025-09-30");
    edit_field(&mut a, "owner", "Dana Okafor");
    // Grade: a picker (Enter or → cycles).
    goto_field(&mut a, "grade");
    press(&mut a, KeyCode::Right);
    assert_eq!(form(&a).value("grade"), "minor");
    assert_eq!(ctrl_s(&mut a), vec![Effect::Persist]);
    assert!(a.ctx.popups.is_empty(), "a saved form closes");
    assert_eq!(a.ctx.data.findings.len(), before + 1);
    let f = a.ctx.data.findings.last().expect("added");
    assert_eq!(
        (f.id.as_str(), f.grade, f.reference.as_str()),
        ("F-2025-03", FindingGrade::Minor, "A.6.2.4")
    );
    assert_eq!(f.raised, Date::constant(2025, 4, 2));
    let ca = f
        .corrective_action
        .as_ref()
        .expect("owner and due make an action");
    assert_eq!(ca.owner.as_deref(), Some("Dana Okafor"));
    assert_eq!(ca.due, Some(Date::constant(2025, 9, 30)));
    // It is overdue as of 2025-11-01 and listed first.
    let reg = register(&a.ctx.data.findings, as_of());
    assert!(
        reg.iter()
            .take(2)
            .any(|(i, _)| a.ctx.data.findings[*i].id == "F-2025-03")
    );
}

#[test]
fn editing_changes_every_field_kind_and_an_id_clash_is_refused() {
    let mut a = findings_app(STAGE2, false);
    press(&mut a, KeyCode::Char('e'));
    let FormKind::Finding(Some(id)) = form(&a).kind.clone() else {
        panic!("editing form");
    };
    assert_eq!(form(&a).value("clause/control"), "8.2");
    goto_field(&mut a, "status");
    press(&mut a, KeyCode::Enter);
    assert!(
        matches!(a.ctx.popups.last(), Some(Popup::Form(_))),
        "Enter on a picker cycles it, no editor"
    );
    assert_eq!(form(&a).value("status"), "in progress");
    edit_field(
        &mut a,
        "root cause",
        "Ownership gap after the reorganisation.",
    );
    edit_field(
        &mut a,
        "effectiveness",
        "Review held 2025-10-01, minutes in DMS-88.",
    );
    edit_field(&mut a, "id", "F-2025-02");
    assert!(ctrl_s(&mut a).is_empty());
    assert!(
        form(&a)
            .error
            .as_deref()
            .is_some_and(|e| e.contains("already used"))
    );
    edit_field(&mut a, "id", &id);
    assert_eq!(ctrl_s(&mut a), vec![Effect::Persist]);
    let f = a
        .ctx
        .data
        .findings
        .iter()
        .find(|f| f.id == id)
        .expect("kept");
    assert_eq!(f.status, FindingStatus::InProgress);
    let ca = f.corrective_action.as_ref().expect("action");
    assert_eq!(ca.root_cause, "Ownership gap after the reorganisation.");
    assert_eq!(
        ca.effectiveness_evidence,
        "Review held 2025-10-01, minutes in DMS-88."
    );
    assert_eq!(
        ca.owner.as_deref(),
        Some("Priya Raman"),
        "untouched fields kept"
    );
    // Esc cancels without a change.
    press(&mut a, KeyCode::Char('e'));
    edit_field(&mut a, "audit", "something else");
    press(&mut a, KeyCode::Esc);
    assert!(a.ctx.popups.is_empty());
    assert_eq!(
        a.ctx
            .data
            .findings
            .iter()
            .find(|f| f.id == id)
            .map(|f| f.audit.as_str()),
        Some("stage-2")
    );
}

#[test]
fn deleting_a_finding_asks_first() {
    let mut a = findings_app(STAGE2, false);
    let n = a.ctx.data.findings.len();
    press(&mut a, KeyCode::Char('D'));
    assert!(matches!(a.ctx.popups.last(), Some(Popup::Confirm { .. })));
    press(&mut a, KeyCode::Char('n'));
    assert_eq!(a.ctx.data.findings.len(), n);
    press(&mut a, KeyCode::Char('D'));
    assert_eq!(key(&mut a, KeyCode::Char('y')), vec![Effect::Persist]);
    assert_eq!(a.ctx.data.findings.len(), n - 1);
}

#[test]
fn quitting_from_an_open_form_asks_first_and_enter_keeps_the_form() {
    let mut a = findings_app(STAGE2, false);
    press(&mut a, KeyCode::Char('a'));
    assert_eq!(form(&a).fields.len(), 13);
    assert!(
        key(&mut a, KeyCode::Char('q')).is_empty(),
        "q alone never quits"
    );
    assert!(matches!(a.ctx.popups.last(), Some(Popup::Confirm { .. })));
    assert!(key(&mut a, KeyCode::Enter).is_empty(), "Enter is No");
    assert_eq!(form(&a).fields.len(), 13, "the form is still open");
    press(&mut a, KeyCode::Char('q'));
    assert_eq!(
        key(&mut a, KeyCode::Char('y')),
        vec![Effect::Persist, Effect::Quit]
    );
    assert!(a.ctx.popups.is_empty());
}

#[test]
fn save_dialog_returns_the_save_effect_and_shows_file_and_digest() {
    let mut a = app_from(STAGE2, false);
    a.ctx.data.assessor = "Mara Lind".into();
    press(&mut a, KeyCode::Char('S'));
    assert_eq!(form(&a).kind, FormKind::SaveSnapshot);
    assert_eq!(form(&a).value("assessor"), "Mara Lind", "prefilled");
    assert_eq!(form(&a).value("cycle"), "stage-1");
    press(&mut a, KeyCode::Right);
    press(&mut a, KeyCode::Right);
    assert_eq!(form(&a).value("cycle"), "surveillance-1");
    edit_field(&mut a, "cycle", "internal audit Q3");
    edit_field(&mut a, "label", "FY26 Q3");
    assert_eq!(
        ctrl_s(&mut a),
        vec![Effect::SaveSnapshot {
            cycle: "internal audit Q3".into(),
            label: "FY26 Q3".into(),
            assessor: "Mara Lind".into()
        }]
    );
    // The save runs on another thread: meanwhile the status line says so.
    assert_eq!(a.ctx.working, Some("Saving the snapshot…"));
    assert!(render(&a, 80, 24).contains("Saving the snapshot…"));
    let digest = format!("sha256:{}", "ab".repeat(32));
    let list = vec![(
        "x.json".to_string(),
        "internal audit Q3".to_string(),
        "2026-01-01".to_string(),
    )];
    update(
        &mut a,
        Msg::SnapshotSaved(Ok(SavedSnapshot {
            file: "x.json".into(),
            digest: digest.clone(),
            list: list.clone(),
        })),
    );
    assert_eq!(a.ctx.snapshots, list, "Home's list is refreshed");
    assert_eq!(a.ctx.working, None, "the result ends the working state");
    let Some(Ok(lines)) = &form(&a).outcome else {
        panic!("outcome shown");
    };
    assert!(lines[0].contains("x.json"));
    assert!(lines[1].contains("sha256:abababab"));
    assert_eq!(lines[2], digest);
    press(&mut a, KeyCode::Enter);
    assert!(a.ctx.popups.is_empty());
    // An error is shown in the dialog, clearly.
    press(&mut a, KeyCode::Char('S'));
    ctrl_s(&mut a);
    update(&mut a, Msg::SnapshotSaved(Err("disk full".into())));
    assert!(matches!(&form(&a).outcome, Some(Err(e)) if e.contains("NOT SAVED: disk full")));
}

#[test]
fn a_changed_assessor_is_persisted_before_the_save() {
    let mut a = app_from(STAGE2, false);
    press(&mut a, KeyCode::Char('S'));
    edit_field(&mut a, "assessor", "J. Auditor");
    let effects = ctrl_s(&mut a);
    assert_eq!(effects[0], Effect::Persist);
    assert!(
        matches!(&effects[1], Effect::SaveSnapshot { assessor, .. } if assessor == "J. Auditor")
    );
    assert_eq!(a.ctx.data.assessor, "J. Auditor");
}

fn home_with_snapshots(color: bool) -> App {
    let mut a = app_from(SURVEILLANCE, color);
    a.ctx.snapshots = vec![
        (
            "harbourline-logistics-2026-surveillance-1.json".into(),
            "surveillance-1".into(),
            "2026-03-12".into(),
        ),
        (
            "harbourline-logistics-2025-stage-2.json".into(),
            "stage-2".into(),
            "2025-03-14".into(),
        ),
    ];
    a
}

#[test]
fn an_empty_workspace_starts_the_next_cycle_from_the_newest_snapshot() {
    let newest = "harbourline-logistics-2026-surveillance-1.json";
    let mut a = home_with_snapshots(false);
    let hint = format!("N starts the next cycle from {newest}");
    assert!(
        !render(&a, 120, 30).contains(&hint),
        "work in progress: no hint"
    );
    assert!(key(&mut a, KeyCode::Char('N')).is_empty());
    assert!(a.ctx.popups.is_empty(), "refused over work in progress");
    assert!(
        a.ctx
            .status
            .as_deref()
            .is_some_and(|s| s.contains("--force"))
    );

    let full = load(SURVEILLANCE);
    a.ctx.data.state = clausewise::model::WorkspaceState::new("", "", "generic");
    a.data_changed();
    assert!(render(&a, 120, 30).contains(&hint));
    press(&mut a, KeyCode::Char('N'));
    assert!(matches!(a.ctx.popups.last(), Some(Popup::Confirm { .. })));
    let effects = key(&mut a, KeyCode::Char('y'));
    assert_eq!(
        effects,
        vec![Effect::ReopenSnapshot {
            file: newest.into()
        }]
    );
    let dir = tempfile::tempdir().expect("tmp");
    a.ctx.snapshots_dir = dir.path().to_path_buf();
    let missing = perform_file_effect(&a, effects[0].clone());
    assert!(
        update(&mut a, missing).is_empty(),
        "an unreadable file changes nothing"
    );
    assert_eq!(a.ctx.data.answer_count(), 0);
    a.ctx.snapshots_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots");
    let msg = perform_file_effect(&a, effects[0].clone());
    assert_eq!(update(&mut a, msg), vec![Effect::Persist]);
    assert_eq!(
        a.ctx.data.state,
        clausewise::model::WorkspaceState::from_snapshot(&full)
    );
    assert!(
        a.ctx
            .status
            .as_deref()
            .is_some_and(|s| s.starts_with("Started from"))
    );
}

#[test]
fn opening_the_diff_asks_the_shell_to_read_the_newest_two() {
    let mut a = home_with_snapshots(false);
    let effects = key(&mut a, KeyCode::Char('C'));
    let (old, new) = (
        "harbourline-logistics-2025-stage-2.json",
        "harbourline-logistics-2026-surveillance-1.json",
    );
    assert_eq!(
        effects,
        vec![Effect::LoadDiff {
            old: old.into(),
            new: new.into()
        }]
    );
    let Screen::Diff(d) = &a.screen else {
        panic!("diff screen");
    };
    assert!(d.pair().is_none(), "nothing read inside update");
    // A stale answer (another pair) is ignored; the right one fills the screen.
    let pair = || Ok(Box::new((load(STAGE2), load(SURVEILLANCE))));
    update(
        &mut a,
        Msg::DiffLoaded {
            old: "other.json".into(),
            new: new.into(),
            result: pair(),
        },
    );
    assert!(matches!(&a.screen, Screen::Diff(d) if d.pair().is_none()));
    update(
        &mut a,
        Msg::DiffLoaded {
            old: old.into(),
            new: new.into(),
            result: pair(),
        },
    );
    assert!(matches!(&a.screen, Screen::Diff(d) if d.compute(&a.ctx.catalog).is_some()));
    // With one snapshot there is nothing to compare and no effect.
    let mut one = app_from(STAGE2, false);
    one.ctx.snapshots = a.ctx.snapshots[..1].to_vec();
    assert!(key(&mut one, KeyCode::Char('C')).is_empty());
    assert!(one.ctx.status.is_some());
}

#[test]
fn cycling_a_side_over_three_snapshots_reads_the_new_pair_and_errors_show() {
    let mut a = home_with_snapshots(false);
    a.ctx
        .snapshots
        .insert(0, ("c.json".into(), "x".into(), "2027-01-01".into()));
    key(&mut a, KeyCode::Char('C'));
    let effects = key(&mut a, KeyCode::Char('o'));
    assert_eq!(
        effects,
        vec![Effect::LoadDiff {
            old: "harbourline-logistics-2025-stage-2.json".into(),
            new: "c.json".into()
        }]
    );
    update(
        &mut a,
        Msg::DiffLoaded {
            old: "harbourline-logistics-2025-stage-2.json".into(),
            new: "c.json".into(),
            result: Err("c.json: not a snapshot".into()),
        },
    );
    let screen = render(&a, 80, 24);
    assert!(
        screen.contains("✗") && screen.contains("not a snapshot"),
        "{screen}"
    );
}

#[test]
fn report_dialog_picks_snapshot_and_format_and_shows_the_paths() {
    let mut a = home_with_snapshots(false);
    press(&mut a, KeyCode::Char('E'));
    assert_eq!(form(&a).kind, FormKind::Report);
    assert_eq!(
        form(&a).value("snapshot"),
        "harbourline-logistics-2026-surveillance-1.json",
        "newest first"
    );
    press(&mut a, KeyCode::Right);
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Right);
    assert_eq!(
        ctrl_s(&mut a),
        vec![Effect::WriteReport {
            snapshot: "harbourline-logistics-2025-stage-2.json".into(),
            format: ReportFormat::Csv
        }]
    );
    update(
        &mut a,
        Msg::ReportWritten(Ok(vec!["reports/x.csv".into(), "reports/x-soa.csv".into()])),
    );
    assert!(matches!(&form(&a).outcome, Some(Ok(l)) if l.len() == 2 && l[1].contains("x-soa.csv")));
    // From the diff, the new side is preselected.
    press(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('C'));
    press(&mut a, KeyCode::Char('E'));
    assert_eq!(
        form(&a).value("snapshot"),
        "harbourline-logistics-2026-surveillance-1.json"
    );
    let mut none = app_from(STAGE2, false);
    press(&mut none, KeyCode::Char('E'));
    assert!(none.ctx.popups.is_empty() && none.ctx.status.is_some());
}

#[test]
fn the_shell_saves_chains_reads_and_reports_through_the_store() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut a = app_from(STAGE2, false);
    a.ctx.snapshots_dir = dir.path().join("snapshots");
    a.ctx.reports_dir = dir.path().join("reports");
    let save = |a: &App| {
        perform_file_effect(
            a,
            Effect::SaveSnapshot {
                cycle: "stage-2".into(),
                label: "".into(),
                assessor: "Mara".into(),
            },
        )
    };
    let Msg::SnapshotSaved(Ok(first)) = save(&a) else {
        panic!("saved");
    };
    let Msg::SnapshotSaved(Ok(second)) = save(&a) else {
        panic!("saved again");
    };
    assert_ne!(first.file, second.file, "never replaces a file");
    assert_eq!(second.list.len(), 2);
    let snap =
        clausewise::store::snapshots::load(&a.ctx.snapshots_dir.join(&second.file)).expect("load");
    assert_eq!(
        snap.previous.as_deref(),
        Some(first.digest.as_str()),
        "chained"
    );
    assert_eq!(snap.meta.assessor, "Mara");
    assert_eq!(
        snap.findings, a.ctx.data.findings,
        "findings carried into the snapshot"
    );
    let msg = perform_file_effect(
        &a,
        Effect::LoadDiff {
            old: first.file.clone(),
            new: second.file.clone(),
        },
    );
    assert!(matches!(msg, Msg::DiffLoaded { result: Ok(_), .. }));
    let msg = perform_file_effect(
        &a,
        Effect::LoadDiff {
            old: "missing.json".into(),
            new: second.file.clone(),
        },
    );
    assert!(matches!(msg, Msg::DiffLoaded { result: Err(_), .. }));
    let msg = perform_file_effect(
        &a,
        Effect::WriteReport {
            snapshot: second.file.clone(),
            format: ReportFormat::Markdown,
        },
    );
    let Msg::ReportWritten(Ok(paths)) = msg else {
        panic!("report written: {msg:?}");
    };
    assert_eq!(paths.len(), 1);
    let text = std::fs::read_to_string(&paths[0]).expect("report");
    assert!(
        paths[0].ends_with(".md") && text.starts_with('#'),
        "{}",
        paths[0]
    );
}

#[test]
fn the_shell_refuses_a_forged_snapshot_for_diff_reopen_and_report() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut a = app_from(STAGE2, false);
    a.ctx.snapshots_dir = dir.path().join("snapshots");
    a.ctx.reports_dir = dir.path().join("reports");
    let Msg::SnapshotSaved(Ok(saved)) = perform_file_effect(
        &a,
        Effect::SaveSnapshot {
            cycle: "stage-2".into(),
            label: "".into(),
            assessor: "Mara".into(),
        },
    ) else {
        panic!("saved");
    };
    let path = a.ctx.snapshots_dir.join(&saved.file);
    let mut v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
    v["scorecard"]["gap"]["overall"]["readiness"] = serde_json::json!(0.99);
    std::fs::write(&path, serde_json::to_vec_pretty(&v).expect("json")).expect("forge");
    let file = saved.file.clone();
    let refused = |e: &str| e.contains(&file) && e.contains("edited after it was sealed");
    let msg = perform_file_effect(
        &a,
        Effect::LoadDiff {
            old: file.clone(),
            new: file.clone(),
        },
    );
    assert!(
        matches!(&msg, Msg::DiffLoaded { result: Err(e), .. } if refused(e)),
        "{msg:?}"
    );
    let msg = perform_file_effect(&a, Effect::ReopenSnapshot { file: file.clone() });
    assert!(
        matches!(&msg, Msg::SnapshotReopened { result: Err(e), .. } if refused(e)),
        "{msg:?}"
    );
    let msg = perform_file_effect(
        &a,
        Effect::WriteReport {
            snapshot: file.clone(),
            format: ReportFormat::Markdown,
        },
    );
    assert!(
        matches!(&msg, Msg::ReportWritten(Err(e)) if refused(e)),
        "{msg:?}"
    );
    assert!(
        !a.ctx.reports_dir.exists()
            || std::fs::read_dir(&a.ctx.reports_dir).expect("ls").count() == 0
    );
}

#[test]
fn a_report_written_by_the_shell_shows_a_resealed_scorecard_with_both_figures() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut a = app_from(STAGE2, false);
    a.ctx.snapshots_dir = dir.path().join("snapshots");
    a.ctx.reports_dir = dir.path().join("reports");
    let Msg::SnapshotSaved(Ok(saved)) = perform_file_effect(
        &a,
        Effect::SaveSnapshot {
            cycle: "stage-2".into(),
            label: "".into(),
            assessor: "Mara".into(),
        },
    ) else {
        panic!("saved");
    };
    let path = a.ctx.snapshots_dir.join(&saved.file);
    let mut s = clausewise::store::snapshots::load(&path).expect("load");
    if let Some(g) = s.scorecard.as_mut().and_then(|c| c.gap.as_mut()) {
        g.overall.readiness = 0.99;
    }
    clausewise::store::snapshots::save(&a.ctx.snapshots_dir, &saved.file, &mut s).expect("reseal");
    let msg = perform_file_effect(
        &a,
        Effect::WriteReport {
            snapshot: saved.file.clone(),
            format: ReportFormat::Html,
        },
    );
    let Msg::ReportWritten(Ok(paths)) = msg else {
        panic!("report written: {msg:?}");
    };
    let text = std::fs::read_to_string(&paths[0]).expect("report");
    assert!(
        text.contains("SCORECARD DIFFERS") && text.contains("99%"),
        "{text}"
    );
}

/// The gap answers of the first Annex A control set out of scope with no justification.
fn excluded_without_justification(a: &mut App) -> (String, Vec<String>) {
    let q = a
        .ctx
        .catalog
        .questionnaire_of_kind(clausewise::model::Kind::Gap)
        .expect("gap")
        .clone();
    let gap = live_gap(&a.ctx.catalog, &a.ctx.data, as_of()).expect("gap");
    let entry = gap
        .soa
        .iter()
        .skip(1)
        .find(|e| e.applicable)
        .expect("a control")
        .clone();
    let ids: Vec<String> = q
        .section(&entry.section)
        .expect("section")
        .questions
        .iter()
        .map(|x| x.id.clone())
        .collect();
    let asmt = a.ctx.data.assessment_mut(&q.id, None);
    for id in &ids {
        let mut ans = clausewise::model::Answer::new(Value::Status(Status::OutOfScope));
        ans.justification = None;
        asmt.answers.insert(id.clone(), ans);
    }
    (entry.reference, ids)
}

#[test]
fn soa_justification_is_written_in_place_and_persisted() {
    let mut a = app_from(STAGE2, false);
    let (reference, ids) = excluded_without_justification(&mut a);
    press(&mut a, KeyCode::Char('A'));
    let gap = live_gap(&a.ctx.catalog, &a.ctx.data, as_of()).expect("gap");
    let row = gap
        .soa
        .iter()
        .position(|e| e.reference == reference)
        .expect("row");
    assert!(gap.soa[row].error.is_some());
    // On an applicable control, e says why not.
    let applicable = gap
        .soa
        .iter()
        .position(|e| e.applicable)
        .expect("applicable");
    for _ in 0..applicable {
        press(&mut a, KeyCode::Down);
    }
    press(&mut a, KeyCode::Char('e'));
    assert!(a.ctx.popups.is_empty() && a.ctx.status.is_some());
    press(&mut a, KeyCode::Char('g'));
    for _ in 0..row {
        press(&mut a, KeyCode::Down);
    }
    press(&mut a, KeyCode::Char('e'));
    assert!(matches!(a.ctx.popups.last(), Some(Popup::Editor(_))));
    assert!(ctrl_s(&mut a).is_empty(), "empty is refused");
    type_text(&mut a, "No AI systems are developed in-house.");
    assert_eq!(ctrl_s(&mut a), vec![Effect::Persist]);
    let gap = live_gap(&a.ctx.catalog, &a.ctx.data, as_of()).expect("gap");
    assert!(gap.soa[row].error.is_none());
    assert_eq!(
        gap.soa[row].justification.as_deref(),
        Some("No AI systems are developed in-house.")
    );
    let gap_q = a
        .ctx
        .catalog
        .questionnaire_of_kind(clausewise::model::Kind::Gap)
        .expect("gap");
    let asmt = a
        .ctx
        .data
        .assessments
        .iter()
        .find(|x| x.questionnaire == gap_q.id)
        .expect("gap answers");
    assert!(
        ids.iter()
            .all(|id| asmt.answers[id].justification.is_some())
    );
}

#[test]
fn risk_cell_lists_its_impacts_and_enter_opens_one_in_the_wizard() {
    let mut a = app_from(STAGE2, false);
    let s = open_risk(&mut a);
    let aiias = live_aiias(&a.ctx.catalog, &a.ctx.data, s.as_of);
    let (system, subject, entry, cell) = aiias
        .iter()
        .find_map(|(n, x)| {
            let i = x.impacts.iter().find(|i| i.inherent.is_some())?;
            let r = i.inherent.as_ref()?;
            Some((
                n.clone(),
                x.subject.clone(),
                i.entry.clone(),
                (r.likelihood, r.severity),
            ))
        })
        .expect("a rated impact");
    // Walk the cursor from (5,5) to the cell.
    for _ in 0..(5 - cell.0) {
        press(&mut a, KeyCode::Down);
    }
    for _ in 0..(5 - cell.1) {
        press(&mut a, KeyCode::Left);
    }
    let Screen::Risk(s) = &a.screen else { panic!() };
    assert_eq!(s.cell, cell);
    let listed = impacts_in(&aiias, s);
    let at = listed
        .iter()
        .position(|c| c.impact.entry == entry && c.system == system)
        .expect("listed");
    press(&mut a, KeyCode::Enter);
    assert!(matches!(&a.screen, Screen::Risk(s) if s.list == Some(0)));
    for _ in 0..at {
        press(&mut a, KeyCode::Down);
    }
    press(&mut a, KeyCode::Enter);
    let w = a.wizard().expect("wizard on the impact");
    assert_eq!(w.subject.as_deref(), Some(subject.as_str()));
    let row = w.row().expect("row");
    assert_eq!(
        row.entry.as_ref().map(|(_, e)| e.as_str()),
        Some(entry.as_str())
    );
    let (_, q) = w.question(&a.ctx.catalog).expect("question");
    assert!(matches!(
        q.answer,
        clausewise::model::AnswerSpec::LikelihoodSeverity { .. }
    ));
    // An empty cell says so; Esc closes the list before leaving.
    let mut b = app_from(STAGE2, false);
    b.show(Screen::Risk(Box::new(RiskState::new(as_of()))));
    if let Screen::Risk(s) = &mut b.screen {
        s.cell = (1, 1);
        s.list = Some(0);
    }
    press(&mut b, KeyCode::Esc);
    assert!(matches!(&b.screen, Screen::Risk(s) if s.list.is_none()));
}

/// Snapshots one setup at both sizes, colour and NO_COLOR.
fn snap(name: &str, make: impl Fn(bool) -> App) {
    for color in [true, false] {
        let a = make(color);
        for (w, h) in [(80, 24), (160, 48)] {
            let suffix = if color { "color" } else { "nocolor" };
            insta::assert_snapshot!(format!("{name}_{w}x{h}_{suffix}"), render(&a, w, h));
        }
    }
}

#[test]
fn snapshot_findings_register() {
    snap("findings", |c| {
        let mut a = findings_app(SURVEILLANCE, c);
        let mut f = finding(
            "F-2026-02",
            "8.2",
            Date::constant(2026, 3, 12),
            FindingStatus::Open,
        );
        f.audit = "surveillance-1".into();
        f.description = "AI risk assessment records for Q4 2025 were not filed.".into();
        a.ctx.data.findings.push(f);
        // Opened as of 1 April, after the finding was added: the register is ordered then.
        let s = FindingsState::new(Date::constant(2026, 4, 1));
        a.show(Screen::Findings(Box::new(s)));
        a
    });
}

#[test]
fn snapshot_finding_form() {
    snap("finding_form", |c| {
        let mut a = findings_app(STAGE2, c);
        press(&mut a, KeyCode::Char('e'));
        a
    });
}

#[test]
fn snapshot_save_dialog_after_saving() {
    snap("save_snapshot", |c| {
        let mut a = app_from(STAGE2, c);
        a.ctx.data.assessor = "Mara Lind".into();
        press(&mut a, KeyCode::Char('S'));
        ctrl_s(&mut a);
        update(
            &mut a,
            Msg::SnapshotSaved(Ok(SavedSnapshot {
                file: "harbourline-logistics-2025-stage-1.json".into(),
                digest: format!("sha256:{}", "0123456789abcdef".repeat(4)),
                list: Vec::new(),
            })),
        );
        a
    });
}

#[test]
fn snapshot_report_dialog() {
    snap("report_dialog", |c| {
        let mut a = home_with_snapshots(c);
        press(&mut a, KeyCode::Char('E'));
        a
    });
}

#[test]
fn snapshot_risk_cell_list() {
    snap("risk_cell", |c| {
        let mut a = app_from(STAGE2, c);
        let aiias = live_aiias(&a.ctx.catalog, &a.ctx.data, as_of());
        let cell = aiias
            .iter()
            .flat_map(|(_, x)| &x.impacts)
            .find_map(|i| i.inherent.as_ref().map(|r| (r.likelihood, r.severity)))
            .expect("a rated impact");
        let mut s = RiskState::new(as_of());
        s.cell = cell;
        s.list = Some(0);
        a.show(Screen::Risk(Box::new(s)));
        a
    });
}

#[test]
fn hostile_finding_text_never_reaches_the_buffer() {
    let evil = "\u{1b}]52;c;aGk=\u{7}\u{1b}[2J\u{202e}evil\r";
    let mut a = findings_app(STAGE2, true);
    let mut f = finding(evil, evil, Date::constant(2025, 5, 1), FindingStatus::Open);
    f.description = evil.into();
    f.audit = evil.into();
    a.ctx.data.findings.insert(0, f);
    let mut screens = vec![render(&a, 80, 24), render(&a, 160, 48)];
    press(&mut a, KeyCode::Char('e'));
    screens.push(render(&a, 80, 24));
    for s in screens {
        assert!(
            !s.contains('\u{1b}') && !s.contains('\u{202e}') && !s.contains('\u{7}'),
            "{s}"
        );
    }
}

#[test]
fn a_long_save_error_keeps_its_cause_visible_at_80_columns() {
    let mut a = home_with_snapshots(false);
    a.ctx.status = Some(format!(
        "NOT SAVED: cannot write /home/lead/{}/.clausewise/sessions/workspace.json: No space left on device (os error 28)",
        "clients/harbourline-logistics/iso42001/2026"
    ));
    let screen = render(&a, 80, 24);
    assert!(screen.contains("No space left on device"), "{screen}");
    a.ctx.status = None;
    assert!(
        render(&a, 80, 24).contains("H heatmap"),
        "the key bar is back"
    );
}
