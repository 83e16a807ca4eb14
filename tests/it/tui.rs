//! The TUI without a terminal: scripted state-machine runs and `TestBackend` snapshots.

use clausewise::catalog::{Catalog, SourceFile};
use clausewise::model::{Status, Value};
use clausewise::tui::answers::answer_of;
use clausewise::tui::app::{App, Screen, update};
use clausewise::tui::ctx::Popup;
use clausewise::tui::data::WorkspaceState;
use clausewise::tui::msg::{Effect, Msg, Start};
use clausewise::tui::view::view;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};

const WIDGETS: &[u8] = include_bytes!("../fixtures/tui/widgets.json");

fn catalog() -> Catalog {
    let c = Catalog::load(
        &[SourceFile {
            path: "widgets.json".into(),
            bytes: WIDGETS.to_vec(),
        }],
        &[],
    );
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
    c
}

fn app(color: bool) -> App {
    let data = WorkspaceState {
        state: clausewise::model::WorkspaceState::new("Acme Health", "", "generic"),
        resume: None,
        ..Default::default()
    };
    App::new(catalog(), data, color)
}

fn code(app: &mut App, c: KeyCode) -> Vec<Effect> {
    update(app, Msg::Key(KeyEvent::new(c, KeyModifiers::NONE)))
}

fn ctrl(app: &mut App, c: char) -> Vec<Effect> {
    update(
        app,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    )
}

/// Presses each character of `keys` in turn; returns all effects.
fn keys(app: &mut App, keys: &str) -> Vec<Effect> {
    keys.chars()
        .flat_map(|c| code(app, KeyCode::Char(c)))
        .collect()
}

fn current_question(app: &App) -> String {
    app.wizard()
        .and_then(|w| w.row())
        .and_then(|r| r.question())
        .unwrap_or("-")
        .to_string()
}

fn value_of(app: &App, q: &str) -> Option<Value> {
    let w = app.wizard()?;
    let a = w.assessment(&app.ctx.data)?;
    let row = w.rows.iter().find(|r| r.question() == Some(q))?;
    answer_of(a, row).map(|x| x.value.clone())
}

fn open_widgets(app: &mut App) {
    let subject = clausewise::tui::screens::home::new_subject(
        &app.ctx.data,
        clausewise::model::SubjectKind::AiSystem,
        "Triage bot",
    );
    app.ctx.data.subjects.push(subject);
    app.open_wizard("widgets", Some("system-1"));
}

#[test]
fn scripted_gap_assessment_answers_flags_searches_jumps_and_resumes() {
    let mut a = App::new(Catalog::builtin(), WorkspaceState::default(), false);
    assert!(a.start(&Start::default()).is_empty());
    assert!(a.ctx.popups.is_empty(), "nothing to resume yet");
    code(&mut a, KeyCode::Enter);
    assert_eq!(current_question(&a), "c4.1.issues");
    // Answer: 1 = Met, 3 = Gap; each commit persists and moves on.
    assert_eq!(keys(&mut a, "1"), vec![Effect::Persist]);
    assert_eq!(current_question(&a), "c4.1.legal");
    assert_eq!(keys(&mut a, "3"), vec![Effect::Persist]);
    assert_eq!(value_of(&a, "c4.1.legal"), Some(Value::Status(Status::Gap)));
    // Flag the gap.
    keys(&mut a, "k");
    assert_eq!(current_question(&a), "c4.1.legal");
    assert_eq!(keys(&mut a, "f"), vec![Effect::Persist]);
    // A requirement clause cannot be excluded: Out of scope (4) is not offered.
    keys(&mut a, "j");
    let clause = current_question(&a);
    keys(&mut a, "4");
    assert!(
        a.ctx.popups.is_empty(),
        "no justification asked: nothing to exclude"
    );
    assert_eq!(value_of(&a, &clause), None);
    // An Annex A control can be excluded, with a justification that says something.
    keys(&mut a, "/");
    keys(&mut a, "a2.2.context-fit");
    code(&mut a, KeyCode::Enter);
    let third = current_question(&a);
    assert_eq!(third, "a2.2.context-fit");
    keys(&mut a, "4");
    assert!(matches!(a.ctx.popups.last(), Some(Popup::Editor(_))));
    assert_eq!(
        ctrl(&mut a, 's'),
        Vec::<Effect>::new(),
        "empty justification refused"
    );
    keys(&mut a, "N/A");
    assert_eq!(
        ctrl(&mut a, 's'),
        Vec::<Effect>::new(),
        "stock phrase refused"
    );
    match a.ctx.popups.last() {
        Some(Popup::Editor(e)) => assert!(
            e.error
                .as_deref()
                .is_some_and(|m| m.contains("stock phrase")),
            "{:?}",
            e.error
        ),
        other => panic!("{other:?}"),
    }
    keys(&mut a, " - the group policy covers us");
    assert_eq!(ctrl(&mut a, 's'), vec![Effect::Persist]);
    assert_eq!(
        value_of(&a, &third),
        Some(Value::Status(Status::OutOfScope))
    );
    // Search and jump.
    keys(&mut a, "/");
    keys(&mut a, "c4.1.legal");
    code(&mut a, KeyCode::Enter);
    assert_eq!(current_question(&a), "c4.1.legal");
    // Filters: gaps and flagged find the flagged gap.
    keys(&mut a, "/");
    code(&mut a, KeyCode::Tab);
    code(&mut a, KeyCode::Tab);
    match a.ctx.popups.last() {
        Some(Popup::Search(s)) => assert_eq!(s.results.len(), 1),
        other => panic!("{other:?}"),
    }
    code(&mut a, KeyCode::Esc);
    // Next unanswered skips answered ones.
    keys(&mut a, "n");
    let resume_at = current_question(&a);
    assert!(value_of(&a, &resume_at).is_none());
    // Quit persists; a new app offers to resume at the same question.
    assert_eq!(keys(&mut a, "q"), vec![Effect::Persist, Effect::Quit]);
    let mut b = App::new(Catalog::builtin(), a.ctx.data.clone(), false);
    b.start(&Start::default());
    assert!(matches!(b.ctx.popups.last(), Some(Popup::Confirm { .. })));
    keys(&mut b, "y");
    assert_eq!(current_question(&b), resume_at);
}

#[test]
fn not_applicable_questions_are_skipped_and_come_back_when_the_condition_holds() {
    let mut a = app(true);
    open_widgets(&mut a);
    keys(&mut a, "1");
    assert_eq!(current_question(&a), "w1.yesno");
    keys(&mut a, "2"); // No: w1.choice does not apply.
    assert_eq!(current_question(&a), "w1.multi", "skipped the n/a question");
    keys(&mut a, "k");
    assert_eq!(current_question(&a), "w1.yesno", "j/k skip n/a too");
    keys(&mut a, "1"); // Yes: now it applies; a changed answer keeps the cursor.
    assert_eq!(current_question(&a), "w1.yesno");
    keys(&mut a, "j");
    assert_eq!(
        current_question(&a),
        "w1.choice",
        "and is next in file order"
    );
}

#[test]
fn every_answer_widget_commits_a_typed_value() {
    let mut a = app(true);
    open_widgets(&mut a);
    keys(&mut a, "11"); // status Met, yes
    keys(&mut a, "2"); // choice Contract
    assert_eq!(current_question(&a), "w1.multi");
    keys(&mut a, "13");
    code(&mut a, KeyCode::Tab);
    code(&mut a, KeyCode::Enter);
    assert_eq!(
        value_of(&a, "w1.multi"),
        Some(Value::MultiChoice(vec![
            "customers".into(),
            "public".into()
        ]))
    );
    keys(&mut a, "2"); // scale level 2 (value 1)
    assert_eq!(value_of(&a, "w1.scale"), Some(Value::Scale(1)));
    code(&mut a, KeyCode::Enter); // text editor (multi-line)
    update(
        &mut a,
        Msg::Paste("Sorts patient\r\nmessages\u{1b}[31m".into()),
    );
    ctrl(&mut a, 's');
    assert_eq!(
        value_of(&a, "w1.text"),
        Some(Value::Text("Sorts patient\nmessages[31m".into()))
    );
    code(&mut a, KeyCode::Enter);
    keys(&mut a, "2025-02-30");
    code(&mut a, KeyCode::Enter);
    assert!(
        matches!(a.ctx.popups.last(), Some(Popup::Editor(e)) if e.error.is_some()),
        "invalid date refused"
    );
    for _ in 0..2 {
        code(&mut a, KeyCode::Backspace);
    }
    keys(&mut a, "28");
    code(&mut a, KeyCode::Enter);
    assert_eq!(
        value_of(&a, "w1.date").map(|v| format!("{v:?}")),
        Some("Date(2025-02-28)".into())
    );
    code(&mut a, KeyCode::Enter);
    keys(&mut a, "2000000");
    code(&mut a, KeyCode::Enter);
    assert!(
        matches!(a.ctx.popups.last(), Some(Popup::Editor(e)) if e.error.as_deref().is_some_and(|m| m.contains("maximum")))
    );
    code(&mut a, KeyCode::Esc);
    code(&mut a, KeyCode::Enter);
    keys(&mut a, "1200");
    code(&mut a, KeyCode::Enter);
    assert_eq!(value_of(&a, "w1.number"), Some(Value::Number(1200.0)));
    // Repeatable section: add an impact, rate it on the grid.
    let add = a.wizard().map(|w| {
        w.rows
            .iter()
            .position(|r| r.kind == clausewise::tui::outline::RowKind::AddEntry)
    });
    assert!(add.flatten().is_some());
    code(&mut a, KeyCode::Esc);
    keys(&mut a, "G");
    code(&mut a, KeyCode::Enter);
    assert_eq!(current_question(&a), "w2.what");
    code(&mut a, KeyCode::Enter);
    keys(&mut a, "wrong triage");
    code(&mut a, KeyCode::Enter);
    assert_eq!(current_question(&a), "w2.rating");
    code(&mut a, KeyCode::Tab);
    for c in [KeyCode::Up, KeyCode::Up, KeyCode::Up, KeyCode::Right] {
        code(&mut a, c);
    }
    code(&mut a, KeyCode::Enter);
    assert_eq!(
        value_of(&a, "w2.rating").map(|v| v.condition_values()),
        Some(vec!["3x2".to_string()])
    );
    // A first answer moves on in file order: here to the "add impact" slot.
    assert_eq!(current_question(&a), "-");
    // Note, evidence, owner, due date.
    code(&mut a, KeyCode::Esc);
    keys(&mut a, "ke");
    keys(&mut a, "RR-7");
    ctrl(&mut a, 's');
    keys(&mut a, "o");
    keys(&mut a, "CISO");
    code(&mut a, KeyCode::Enter);
    let w = a.wizard().expect("wizard");
    let row = w.row().expect("row").clone();
    let ans = answer_of(w.assessment(&a.ctx.data).expect("a"), &row).expect("answer");
    assert_eq!(
        ans.evidence.first().map(|e| e.reference.as_str()),
        Some("RR-7")
    );
    assert_eq!(ans.owner.as_deref(), Some("CISO"));
}

#[test]
fn a_signal_keeps_an_open_editors_text_as_a_draft_never_as_the_answer() {
    let mut a = app(false);
    open_widgets(&mut a);
    keys(&mut a, "G");
    code(&mut a, KeyCode::Enter);
    code(&mut a, KeyCode::Enter);
    keys(&mut a, "draft impact");
    assert_eq!(
        update(&mut a, Msg::Terminate),
        vec![Effect::Persist, Effect::Quit]
    );
    assert_eq!(value_of(&a, "w2.what"), None, "not committed");
    let batch = a.ctx.data.take_batch();
    assert_eq!(batch.drafts.len(), 1, "{batch:?}");
    assert_eq!(batch.drafts[0].1, "text");
    assert_eq!(batch.drafts[0].2.as_deref(), Some("draft impact"));
}

/// The buffer as text; with colour, followed by a compact dump of styled runs.
pub(crate) fn render(a: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| view(a, f)).expect("draw");
    let buf = t.backend().buffer();
    let mut out = String::new();
    let mut styles = String::new();
    for y in 0..h {
        let mut line = String::new();
        let mut runs: Vec<String> = Vec::new();
        let mut last = None;
        let mut skip = 0;
        for x in 0..w {
            let cell = &buf[(x, y)];
            if skip > 0 {
                skip -= 1;
                continue;
            }
            skip = unicode_width::UnicodeWidthStr::width(cell.symbol()).saturating_sub(1);
            line.push_str(cell.symbol());
            let key = (cell.fg, cell.bg, cell.modifier);
            if key != (Color::Reset, Color::Reset, Modifier::empty()) && last != Some(key) {
                runs.push(format!(
                    "{x}:{:?}/{:?}/{:?}",
                    cell.fg, cell.bg, cell.modifier
                ));
            }
            last = Some(key);
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if a.ctx.color && !runs.is_empty() {
            styles.push_str(&format!("{y}: {}\n", runs.join(" ")));
        }
    }
    if a.ctx.color {
        out.push_str("--- styles (x:fg/bg/modifiers) ---\n");
        out.push_str(&styles);
    }
    out
}

/// Snapshots one screen at 80×24 and 160×48, in colour and under NO_COLOR.
fn snap(name: &str, setup: impl Fn(&mut App)) {
    for color in [true, false] {
        let mut a = app(color);
        setup(&mut a);
        for (w, h) in [(80, 24), (160, 48)] {
            let suffix = if color { "color" } else { "nocolor" };
            insta::assert_snapshot!(format!("{name}_{w}x{h}_{suffix}"), render(&a, w, h));
        }
    }
}

#[test]
fn snapshot_home() {
    snap("home", |a| {
        open_widgets(a);
        a.show(Screen::Home(Default::default()));
        update(a, Msg::Resize);
    });
}

#[test]
fn snapshot_wizard_tree() {
    snap("wizard_tree", |a| {
        open_widgets(a);
        keys(a, "3kf");
    });
}

#[test]
fn snapshot_wizard_answer_pane() {
    snap("wizard_answer", |a| {
        open_widgets(a);
        keys(a, "12j");
        code(a, KeyCode::Tab);
        keys(a, "j");
    });
}

#[test]
fn snapshot_wizard_grid_and_help_panel() {
    snap("wizard_grid", |a| {
        open_widgets(a);
        keys(a, "G");
        code(a, KeyCode::Enter);
        keys(a, "j");
        code(a, KeyCode::Tab);
        code(a, KeyCode::Up);
    });
}

#[test]
fn snapshot_help_popup() {
    snap("help", |a| {
        open_widgets(a);
        keys(a, "?");
    });
}

#[test]
fn snapshot_search_popup() {
    snap("search", |a| {
        open_widgets(a);
        keys(a, "/");
        keys(a, "data");
    });
}

#[test]
fn snapshot_editor_popup_with_wide_text() {
    snap("editor", |a| {
        open_widgets(a);
        keys(a, "1kN");
        keys(
            a,
            "Policy approved by the board 人工智能 e\u{301}tat and more words to wrap",
        );
    });
}

#[test]
fn snapshot_resume_confirm() {
    snap("resume", |a| {
        open_widgets(a);
        keys(a, "1");
        a.show(Screen::Home(Default::default()));
        a.start(&Start::default());
    });
}

#[test]
fn hostile_text_never_reaches_the_buffer() {
    let mut a = app(false);
    a.ctx.data.organization = "Evil\u{1b}]52;c;x\u{7}\u{1b}[2J Corp".into();
    let out = render(&a, 80, 24);
    assert!(
        !out.contains('\u{1b}') && out.contains("Evil]52;c;x[2J Corp"),
        "{out}"
    );
}

#[test]
fn every_size_from_1x1_renders_without_panic() {
    let mut a = app(true);
    open_widgets(&mut a);
    keys(&mut a, "?");
    for w in (1..=90).step_by(7) {
        for h in (1..=30).step_by(3) {
            render(&a, w, h);
        }
    }
    let small = render(&a, 30, 10);
    assert!(small.contains("terminal too small"), "{small}");
}

#[test]
fn home_shows_a_vendors_risk_tier_from_scoring() {
    use clausewise::model::{Answer, AnswerTarget, SubjectKind};
    let mut a = app(false);
    let vendor = clausewise::tui::screens::home::new_subject(
        &a.ctx.data,
        SubjectKind::Vendor,
        "Acme Models",
    );
    let id = vendor.id.clone();
    a.ctx.data.subjects.push(vendor);
    let target = AnswerTarget {
        questionnaire: "ai-vendor-due-diligence".into(),
        subject: Some(id.clone()),
        entry: None,
        question: "data.training".into(),
    };
    a.ctx
        .data
        .set_answer(&target, Answer::new(Value::Choice("always".into())));
    a.data_changed();
    let s = a
        .ctx
        .data
        .subjects
        .iter()
        .find(|s| s.id == id)
        .expect("vendor");
    let rating =
        clausewise::tui::progress::subject_rating(&a.ctx.catalog, &a.ctx.data, s, a.ctx.today);
    assert_eq!(
        rating.as_deref(),
        Some("tier high"),
        "the training knock-out forces High"
    );
    let screen = render(&a, 100, 30);
    assert!(
        screen.contains("Acme Models") && screen.contains("tier high"),
        "{screen}"
    );
}

#[test]
fn home_lists_saved_snapshots_newest_first() {
    let mut a = app(false);
    let screen = render(&a, 100, 30);
    assert!(
        screen.contains("Snapshots (0 saved; C compares two)"),
        "{screen}"
    );
    a.ctx.snapshots = vec![
        (
            "acme-2026-surveillance-1.json".into(),
            "surveillance-1".into(),
            "2026-03-12".into(),
        ),
        (
            "acme-2025-stage-2.json".into(),
            "stage-2".into(),
            "2025-03-14".into(),
        ),
    ];
    let screen = render(&a, 100, 30);
    let newest = screen.find("surveillance-1  ·  acme-2026-surveillance-1.json  ·  2026-03-12");
    let older = screen.find("stage-2  ·  acme-2025-stage-2.json  ·  2025-03-14");
    assert!(
        newest.is_some() && older.is_some() && newest < older,
        "{screen}"
    );
}

#[test]
fn quitting_while_saving_keeps_failing_asks_and_only_y_discards() {
    use clausewise::tui::app::may_quit;
    use clausewise::tui::ctx::ConfirmAction;
    let mut a = app(false);
    update(&mut a, Msg::Saved("14:05 UTC".into()));
    assert!(may_quit(&mut a), "saved: quit at once");
    assert_eq!(keys(&mut a, "q"), vec![Effect::Persist, Effect::Quit]);
    update(&mut a, Msg::PersistFailed("disk full".into()));
    assert!(!may_quit(&mut a), "the last save failed: no silent exit");
    let Some(Popup::Confirm { message, on_yes }) = a.ctx.popups.last() else {
        panic!("a confirmation is shown, got {:?}", a.ctx.popups.last());
    };
    assert_eq!(
        message,
        "Saving failed: quit without saving? (answers since 14:05 UTC would be lost) y/N"
    );
    assert_eq!(on_yes, &ConfirmAction::QuitUnsaved);
    assert!(!may_quit(&mut a));
    assert_eq!(a.ctx.popups.len(), 1, "asked once, not stacked");
    assert!(code(&mut a, KeyCode::Enter).is_empty(), "Enter is No");
    assert!(a.ctx.popups.is_empty());
    assert!(!may_quit(&mut a), "still failing: asked again");
    assert!(keys(&mut a, "n").is_empty());
    assert!(!may_quit(&mut a));
    assert_eq!(keys(&mut a, "y"), vec![Effect::Quit]);
    assert!(may_quit(&mut a), "confirmed: the shell exits");
}

#[test]
fn a_save_that_works_again_lets_quit_through_without_asking() {
    use clausewise::tui::app::may_quit;
    let mut a = app(false);
    update(&mut a, Msg::PersistFailed("read-only".into()));
    assert!(!may_quit(&mut a));
    assert!(a.ctx.popups.len() == 1);
    // q on the question retries the save; this time it works.
    assert_eq!(keys(&mut a, "q"), vec![Effect::Persist, Effect::Quit]);
    update(&mut a, Msg::Saved("14:10 UTC".into()));
    assert!(may_quit(&mut a));
    assert_eq!(a.ctx.save.saved_at.as_deref(), Some("14:10 UTC"));
}

#[test]
fn changing_an_answer_keeps_the_cursor_and_a_first_answer_moves_on_in_file_order() {
    let mut a = App::new(Catalog::builtin(), WorkspaceState::default(), false);
    code(&mut a, KeyCode::Enter);
    keys(&mut a, "1");
    assert_eq!(
        current_question(&a),
        "c4.1.legal",
        "first answer: next in file order"
    );
    // Answer a question further down, then come back and change the first one.
    keys(&mut a, "j2");
    keys(&mut a, "gg");
    assert_eq!(current_question(&a), "c4.1.issues");
    keys(&mut a, "2");
    assert_eq!(
        current_question(&a),
        "c4.1.issues",
        "a changed answer keeps the cursor"
    );
    assert_eq!(
        value_of(&a, "c4.1.issues"),
        Some(Value::Status(Status::Partial))
    );
}

#[test]
fn an_editor_names_its_question_and_saves_there_even_if_the_cursor_moved() {
    let mut a = App::new(Catalog::builtin(), WorkspaceState::default(), false);
    code(&mut a, KeyCode::Enter);
    keys(&mut a, "1k");
    keys(&mut a, "e");
    let Some(Popup::Editor(e)) = a.ctx.popups.last() else {
        panic!("an evidence editor");
    };
    let about = e.about.clone().unwrap_or_default();
    assert!(about.starts_with("c4.1.issues · "), "{about}");
    assert!(render(&a, 80, 24).contains("c4.1.issues · "));
    // Something moves the cursor under the open editor (a reload, a remote change).
    if let Screen::Wizard(w) = &mut a.screen {
        w.cursor += 3;
    }
    keys(&mut a, "register-v3");
    ctrl(&mut a, 's');
    let w = a.wizard().expect("wizard");
    let evidence = |q: &str| {
        let row = w
            .rows
            .iter()
            .find(|r| r.question() == Some(q))
            .expect("row");
        answer_of(w.assessment(&a.ctx.data).expect("a"), row).map(|x| x.evidence.len())
    };
    assert_eq!(
        evidence("c4.1.issues"),
        Some(1),
        "landed on the question named"
    );
    assert_eq!(current_question(&a), "c4.1.issues");
}

#[test]
fn undo_puts_the_last_changed_answer_back_through_the_commit_path() {
    let mut a = App::new(Catalog::builtin(), WorkspaceState::default(), false);
    code(&mut a, KeyCode::Enter);
    keys(&mut a, "1");
    keys(&mut a, "k3");
    assert_eq!(
        value_of(&a, "c4.1.issues"),
        Some(Value::Status(Status::Gap))
    );
    a.ctx.data.take_batch();
    keys(&mut a, "j");
    assert_eq!(keys(&mut a, "u"), vec![Effect::Persist]);
    assert_eq!(current_question(&a), "c4.1.issues", "the cursor goes to it");
    assert_eq!(
        value_of(&a, "c4.1.issues"),
        Some(Value::Status(Status::Met))
    );
    let batch = a.ctx.data.take_batch();
    assert_eq!(batch.changes.len(), 1, "one commit, like any other");
    assert!(
        a.ctx
            .status
            .as_deref()
            .is_some_and(|s| s.contains("back to met")),
        "{:?}",
        a.ctx.status
    );
    assert_eq!(keys(&mut a, "u"), vec![Effect::Persist]);
    assert_eq!(
        value_of(&a, "c4.1.issues"),
        None,
        "the first answer undone too"
    );
    assert!(keys(&mut a, "u").is_empty(), "nothing left to undo");
    assert!(
        a.ctx
            .status
            .as_deref()
            .is_some_and(|s| s.contains("nothing to undo"))
    );
}

#[test]
fn help_scrolls_by_page_and_stops_at_the_end() {
    let mut a = app(false);
    open_widgets(&mut a);
    update(&mut a, Msg::Size(80, 24));
    keys(&mut a, "?");
    let scroll = |a: &App| match a.ctx.popups.last() {
        Some(Popup::Help { scroll }) => *scroll,
        other => panic!("{other:?}"),
    };
    code(&mut a, KeyCode::PageDown);
    assert!(scroll(&a) > 10, "a page");
    code(&mut a, KeyCode::End);
    let end = scroll(&a);
    assert_eq!(end, clausewise::tui::app::help_max_scroll((80, 24)));
    code(&mut a, KeyCode::PageDown);
    code(&mut a, KeyCode::Down);
    assert_eq!(scroll(&a), end, "stops at the end");
    code(&mut a, KeyCode::Up);
    assert_eq!(scroll(&a), end - 1, "and moves back at once");
    let screen = render(&a, 80, 24);
    assert!(screen.contains("of 18"), "{screen}");
    code(&mut a, KeyCode::Home);
    assert_eq!(scroll(&a), 0);
}

#[test]
fn the_subject_is_named_in_aiia_and_vendor_wizards_at_80_columns() {
    for (kind, name) in [
        (
            clausewise::model::Kind::Aiia,
            "Triage bot for emergency intake",
        ),
        (clausewise::model::Kind::Vendor, "Acme Model Hosting GmbH"),
    ] {
        for color in [true, false] {
            let data = WorkspaceState {
                state: clausewise::model::WorkspaceState::new(
                    "Harbourline Logistics International",
                    "",
                    "generic",
                ),
                ..Default::default()
            };
            let mut a = App::new(Catalog::builtin(), data, color);
            a.start(&Start {
                kind: Some(kind),
                subject: Some(name.into()),
                questionnaire: None,
            });
            for (w, h) in [(80, 24), (200, 60)] {
                let screen = render(&a, w, h);
                let header = screen.lines().next().unwrap_or_default();
                assert!(header.ends_with(name), "{w}: {header}");
            }
        }
    }
}

#[test]
fn the_question_pane_shows_its_options_at_60x15_and_scrolls_to_the_details() {
    for color in [true, false] {
        let mut a = App::new(Catalog::builtin(), WorkspaceState::default(), color);
        update(&mut a, Msg::Size(60, 15));
        code(&mut a, KeyCode::Enter);
        keys(&mut a, "1k");
        keys(&mut a, "o");
        keys(&mut a, "Priya Raman");
        code(&mut a, KeyCode::Enter);
        code(&mut a, KeyCode::Tab);
        let screen = render(&a, 60, 15);
        assert!(screen.contains("(•) Met"), "{screen}");
        assert!(
            screen.contains("PgUp/PgDn scroll"),
            "an indicator: {screen}"
        );
        assert!(!screen.contains("Owner (o): Priya"), "{screen}");
        code(&mut a, KeyCode::PageDown);
        code(&mut a, KeyCode::PageDown);
        let screen = render(&a, 60, 15);
        assert!(screen.contains("Owner (o): Priya Raman"), "{screen}");
        assert!(screen.contains("↑ lines"), "at the end: {screen}");
        insta::assert_snapshot!(
            format!(
                "question_scrolled_60x15_{}",
                if color { "color" } else { "nocolor" }
            ),
            screen
        );
    }
}

#[test]
fn home_says_what_is_left_and_where_the_workspace_is() {
    let mut a = App::new(Catalog::builtin(), WorkspaceState::default(), false);
    a.ctx.snapshots_dir = "/srv/audit/acme/snapshots".into();
    code(&mut a, KeyCode::Enter);
    keys(&mut a, "3kd");
    keys(&mut a, "2020-01-31");
    code(&mut a, KeyCode::Enter);
    code(&mut a, KeyCode::Esc);
    assert!(matches!(a.screen, Screen::Home(_)));
    let home_left = |a: &App| match &a.screen {
        Screen::Home(h) => h.left.clone().expect("worked out on the way home"),
        _ => panic!("home"),
    };
    let left = home_left(&a);
    for (w, h) in [(80, 24), (200, 60)] {
        let screen = render(&a, w, h);
        assert!(screen.contains("What's left"), "{screen}");
        assert!(screen.contains("228 questions unanswered"), "{screen}");
        assert!(screen.contains("! Actions: 1 overdue"), "{screen}");
        assert!(screen.contains("Workspace: /srv/audit/acme"), "{screen}");
    }
    // Drawing does not work it out again: the same one until the workspace changes.
    render(&a, 80, 24);
    assert!(std::sync::Arc::ptr_eq(&left, &home_left(&a)));
    code(&mut a, KeyCode::Down);
    assert!(std::sync::Arc::ptr_eq(&left, &home_left(&a)));
}

#[test]
fn evidence_items_keep_dates_and_attestation_and_expired_ones_are_marked() {
    for color in [true, false] {
        let mut a = App::new(Catalog::builtin(), WorkspaceState::default(), color);
        code(&mut a, KeyCode::Enter);
        keys(&mut a, "1ke");
        keys(
            &mut a,
            "ISO cert 2291 | issued 2024-01-01 | expires 2025-01-01",
        );
        code(&mut a, KeyCode::Enter);
        keys(&mut a, "attestation: evidence-backed");
        ctrl(&mut a, 's');
        assert!(
            a.ctx.popups.is_empty(),
            "{:?}",
            a.ctx.popups.last().map(|_| "a popup")
        );
        let w = a.wizard().expect("wizard");
        let row = w.row().expect("row").clone();
        let ans = answer_of(w.assessment(&a.ctx.data).expect("a"), &row).expect("answer");
        assert_eq!(ans.evidence[0].expires, Some(jiff::civil::date(2025, 1, 1)));
        assert_eq!(
            ans.attestation,
            Some(clausewise::model::Attestation::EvidenceBacked)
        );
        let tree = render(&a, 80, 24);
        assert!(tree.contains("(evidence expired) Can the"), "{tree}");
        let wide = render(&a, 200, 60);
        assert!(
            wide.contains("ISO cert 2291 (issued 2024-01-01, EXPIRED 2025-01-01)"),
            "{wide}"
        );
        assert!(wide.contains("! evidence expired"), "{wide}");
        // Reopened, the editor shows the items as they are stored; a bad date is refused.
        keys(&mut a, "e");
        match a.ctx.popups.last() {
            Some(Popup::Editor(e)) => assert_eq!(
                e.editor.text(),
                "ISO cert 2291 | issued 2024-01-01 | expires 2025-01-01\nattestation: evidence-backed"
            ),
            _ => panic!("the evidence editor"),
        }
        code(&mut a, KeyCode::Enter);
        keys(&mut a, "SOC2 | 2025-02-30");
        ctrl(&mut a, 's');
        assert!(
            matches!(a.ctx.popups.last(), Some(Popup::Editor(e)) if e.error.as_deref().is_some_and(|m| m.starts_with("line 3:"))),
            "refused, naming the line"
        );
    }
}

#[test]
fn a_linked_question_is_asked_once_and_every_asked_answer_completes_progress() {
    use clausewise::tui::applicability::Context;
    use clausewise::tui::outline;
    let c = Catalog::builtin();
    let q = c.questionnaire("iso42001-gap").expect("gap");
    let linked: Vec<&str> = (q.questions().into_iter())
        .filter(|(_, x)| x.same_as.is_some())
        .map(|(_, x)| x.id.as_str())
        .collect();
    assert!(linked.contains(&"a2.2.approved-policy"), "{linked:?}");
    let profile = c.profile("generic");
    let rows_of = |a: &clausewise::model::Assessment| {
        outline::build(
            q,
            Context {
                profile,
                subject: None,
                assessment: a,
            },
        )
    };
    let mut a = clausewise::model::Assessment::new("iso42001-gap", None);
    let rows = rows_of(&a);
    let asked: Vec<String> = rows
        .iter()
        .filter_map(|r| r.question())
        .map(String::from)
        .collect();
    for id in &linked {
        assert!(
            !asked.iter().any(|x| x == id),
            "{id} is asked through the question it links to"
        );
    }
    assert!(asked.iter().any(|x| x == "c5.2.approved"));
    assert_eq!(asked.len() + linked.len(), q.question_count());
    // Met on every asked question: the wizard counts every applicable one as answered.
    for id in asked {
        let answer = clausewise::model::Answer::new(Value::Status(Status::Met));
        a.answers.insert(id, answer);
    }
    let p = clausewise::tui::progress::of_rows(&rows_of(&a), &a, None);
    assert!(p.applicable > 200, "{}", p.applicable);
    assert_eq!(p.answered, p.applicable);
}

#[test]
fn home_shows_an_ai_systems_inventory_facts() {
    let mut state = clausewise::model::WorkspaceState::new("Org", "", "generic");
    state.subjects = serde_json::from_value(serde_json::json!([{
        "id": "triage", "kind": "ai_system", "name": "Triage bot",
        "eu_ai_act_class": "high_risk_annex_iii", "personal_data": true,
        "model": "Claude", "model_version": "3.5"
    }]))
    .expect("subject");
    let data = WorkspaceState {
        state,
        ..Default::default()
    };
    let mut a = App::new(Catalog::builtin(), data, false);
    update(&mut a, Msg::Tick);
    let wide = render(&a, 130, 40);
    let row = wide
        .lines()
        .find(|l| l.contains("Triage bot"))
        .expect("the AI system's row");
    assert!(
        row.contains("EU high-risk (Annex III)  ·  personal data  ·  Claude 3.5"),
        "{row}"
    );
}

/// The vendor comparison keeps its scores between keys; an answer committed by someone
/// else drops them, and what it shows is again what the answers score.
#[test]
fn kept_vendor_scores_follow_a_change_made_elsewhere() {
    use clausewise::model::{Answer, AnswerTarget};
    use clausewise::store::live::Remote;
    use clausewise::tui::screens::vendors::live_vendors;
    let c = Catalog::builtin();
    let data = WorkspaceState {
        state: clausewise::synth::session_state(&c),
        ..Default::default()
    };
    let mut a = App::new(c, data, false);
    keys(&mut a, "V");
    let Screen::Vendors(s) = &a.screen else {
        panic!("the vendor comparison")
    };
    let as_of = s.as_of;
    let before = std::sync::Arc::clone(&s.vendors);
    let vendor = before[0].1.subject.clone();
    let target = AnswerTarget {
        questionnaire: "ai-vendor-due-diligence".into(),
        subject: Some(vendor.clone()),
        entry: None,
        question: "doc.intended-use".into(),
    };
    let answer = Answer::new(Value::Choice("excluded".into()));
    let rows = vec![(target, Some(answer), 99, "other@host".to_string())];
    update(&mut a, Msg::Remote(Remote::Answers { rows, seq: 99 }));
    let Screen::Vendors(s) = &a.screen else {
        panic!("still the vendor comparison")
    };
    let kept = std::sync::Arc::clone(&s.vendors);
    let fresh = live_vendors(&a.ctx.catalog, &a.ctx.data, as_of);
    assert_eq!(*kept, fresh, "the kept scores are the answers' scores");
    assert_eq!(
        kept[0].1.tier.as_deref(),
        Some("critical"),
        "the knock-out counts"
    );
    assert_ne!(before[0].1.tier, kept[0].1.tier);
}

/// The risk matrix and the vendor comparison prepare their questionnaire once for every
/// subject: on the enterprise workspace (200 AI systems, 300 vendors) each score is the
/// one scoring that subject on its own gives.
#[test]
fn screens_score_every_subject_as_scoring_it_alone_does_at_enterprise_scale() {
    use clausewise::scoring::{ScoreOptions, score_aiia, score_vendor};
    use clausewise::tui::screens::risk::live_aiias;
    use clausewise::tui::screens::vendors::live_vendors;
    let c = Catalog::builtin();
    let data = WorkspaceState {
        state: clausewise::synth::workspace_state(&c, 10_000, 0),
        ..Default::default()
    };
    let as_of = jiff::civil::date(2026, 12, 6);
    let opts = ScoreOptions {
        as_of,
        weighted: true,
    };
    let profile = c.profile(&data.profile).expect("profile");
    let (c, d) = (&c, &data);
    let alone = |kind: clausewise::model::Kind| {
        let q = c.questionnaire_of_kind(kind).expect("questionnaire");
        let assessments = d
            .assessments
            .iter()
            .filter(move |a| a.questionnaire == q.id);
        assessments.filter_map(move |a| {
            let s = (d.subjects.iter()).find(|s| Some(&s.id) == a.subject.as_ref())?;
            Some((q, a, s))
        })
    };
    let aiias = live_aiias(c, d, as_of);
    let expected: Vec<_> = alone(clausewise::model::Kind::Aiia)
        .map(|(q, a, s)| (s.name.clone(), score_aiia(q, a, profile, Some(s), opts)))
        .collect();
    assert_eq!(aiias.len(), 200);
    assert_eq!(aiias, expected);
    let vendors = live_vendors(c, d, as_of);
    let expected: Vec<_> = alone(clausewise::model::Kind::Vendor)
        .map(|(q, a, s)| (s.name.clone(), score_vendor(q, a, profile, Some(s), opts)))
        .collect();
    assert_eq!(vendors.len(), 300);
    assert_eq!(vendors, expected);
}

/// A workspace that could not be read at start is not shown as an empty one (0 answered,
/// every clause a gap, numbers an auditor would read as true): the screen says why, no key
/// opens a screen on it, and `q` still quits.
#[test]
fn an_unreadable_workspace_shows_why_and_no_numbers() {
    for color in [true, false] {
        let mut a = App::new(Catalog::builtin(), WorkspaceState::default(), color);
        a.ctx.loading = Some(clausewise::tui::msg::Pending {
            start: Start::default(),
            profile: None,
        });
        update(
            &mut a,
            Msg::Loaded(Err("database disk image is malformed \u{1b}[2J".into())),
        );
        for code in ['H', 'A', 'V', 'I', 'F', 'D']
            .map(KeyCode::Char)
            .into_iter()
            .chain([KeyCode::Enter])
        {
            update(&mut a, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
            assert!(
                matches!(a.screen, Screen::Home(_)),
                "{code:?} opened {:?}",
                a.screen
            );
            assert!(a.ctx.popups.is_empty(), "{code:?} opened a popup");
        }
        for (w, h) in [(80, 24), (160, 48)] {
            let shown = render(&a, w, h);
            assert!(
                shown.contains("The workspace could not be read:"),
                "{shown}"
            );
            assert!(
                shown.contains("database disk image is malformed"),
                "{shown}"
            );
            assert!(!shown.contains('\u{1b}'), "escape sequence drawn: {shown}");
            assert!(
                !shown.contains("answered") && !shown.contains('%'),
                "{shown}"
            );
            let suffix = if color { "color" } else { "nocolor" };
            insta::assert_snapshot!(format!("unreadable_workspace_{w}x{h}_{suffix}"), shown);
        }
        let quit = update(
            &mut a,
            Msg::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE)),
        );
        assert!(quit.contains(&Effect::Quit), "{quit:?}");
    }
}
