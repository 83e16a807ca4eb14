//! The report views (heatmap, …) on the example snapshots: view-model state tests and
//! `TestBackend` snapshots at 80×24 and 160×48, colour and `NO_COLOR`.

use std::path::Path;

use clausewise::catalog::Catalog;
use clausewise::model::Snapshot;
use clausewise::store::snapshots;
use clausewise::tui::app::{App, Screen, update};
use clausewise::tui::data::WorkspaceState;
use clausewise::tui::msg::Msg;
use clausewise::tui::screens::diff::{DiffState, ordered_answers};
use clausewise::tui::screens::heatmap::{HeatmapState, PIVOTS, build};
use clausewise::tui::screens::plans::{Filter, PlansState, Tab, filtered, live_gap};
use clausewise::tui::screens::risk::{RiskState, impacts_in, live_aiias, matrices};
use clausewise::tui::screens::vendors::{VendorsState, live_vendors};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::civil::Date;

use crate::tui::render;

pub(crate) const STAGE2: &str = "snapshots/harbourline-logistics-2025-stage-2.json";
pub(crate) const SURVEILLANCE: &str = "snapshots/harbourline-logistics-2026-surveillance-1.json";

pub(crate) fn load(path: &str) -> Snapshot {
    snapshots::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).expect("example snapshot")
}

/// The app with a snapshot's answers as the live workspace state.
pub(crate) fn app_from(path: &str, color: bool) -> App {
    let s = load(path);
    let data = WorkspaceState {
        state: clausewise::model::WorkspaceState::from_snapshot(&s),
        resume: None,
        ..Default::default()
    };
    App::new(Catalog::builtin(), data, color)
}

pub(crate) fn as_of() -> Date {
    Date::constant(2025, 11, 1)
}

pub(crate) fn press(app: &mut App, code: KeyCode) {
    update(app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn heatmap(app: &App) -> &HeatmapState {
    match &app.screen {
        Screen::Heatmap(s) => s,
        other => panic!("not on the heatmap: {other:?}"),
    }
}

fn open_heatmap(app: &mut App) {
    press(app, KeyCode::Char('H'));
    if let Screen::Heatmap(s) = &mut app.screen {
        s.as_of = as_of();
    }
}

/// Snapshots a screen of the example Stage 2 workspace at both sizes, colour and NO_COLOR.
fn snap(name: &str, setup: impl Fn(&mut App)) {
    for color in [true, false] {
        let mut a = app_from(STAGE2, color);
        setup(&mut a);
        for (w, h) in [(80, 24), (160, 48)] {
            let suffix = if color { "color" } else { "nocolor" };
            insta::assert_snapshot!(format!("{name}_{w}x{h}_{suffix}"), render(&a, w, h));
        }
    }
}

#[test]
fn heatmap_rows_are_clauses_4_to_10_and_annex_a_groups() {
    let a = app_from(STAGE2, false);
    let m = build(&a.ctx.catalog, &a.ctx.data, &HeatmapState::new(as_of())).expect("model");
    let labels: Vec<&str> = m.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "4", "5", "6", "7", "8", "9", "10", "A.2", "A.3", "A.4", "A.5", "A.6", "A.7", "A.8",
            "A.9", "A.10"
        ]
    );
    assert!(m.rows.iter().all(|r| !r.cells.is_empty()));
    let card = load(STAGE2)
        .scorecard
        .and_then(|c| c.gap)
        .expect("stored scorecard");
    assert_eq!(
        m.overall.counts, card.overall.counts,
        "live scores match the stored ones"
    );
}

#[test]
fn cursor_moves_over_cells_and_stays_inside_the_grid() {
    let mut a = app_from(STAGE2, false);
    open_heatmap(&mut a);
    let m = build(&a.ctx.catalog, &a.ctx.data, heatmap(&a)).expect("model");
    press(&mut a, KeyCode::Right);
    press(&mut a, KeyCode::Char('l'));
    assert_eq!(
        (heatmap(&a).row, heatmap(&a).col),
        (0, 2.min(m.rows[0].cells.len() - 1))
    );
    press(&mut a, KeyCode::Left);
    press(&mut a, KeyCode::Left);
    press(&mut a, KeyCode::Left);
    assert_eq!((heatmap(&a).row, heatmap(&a).col), (0, 0));
    press(&mut a, KeyCode::Up);
    assert_eq!(heatmap(&a).row, 0);
    press(&mut a, KeyCode::Char('G'));
    let last = m.rows.len() - 1;
    assert_eq!(
        (heatmap(&a).row, heatmap(&a).col),
        (last, m.rows[last].cells.len() - 1)
    );
    press(&mut a, KeyCode::Char('g'));
    assert_eq!((heatmap(&a).row, heatmap(&a).col), (0, 0));
    // Moving to a shorter row clamps the cell.
    for _ in 0..20 {
        press(&mut a, KeyCode::Right);
    }
    press(&mut a, KeyCode::Down);
    assert!(heatmap(&a).col < m.rows[1].cells.len());
}

#[test]
fn enter_opens_the_wizard_on_the_cells_first_question() {
    let mut a = app_from(STAGE2, false);
    open_heatmap(&mut a);
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Right);
    let m = build(&a.ctx.catalog, &a.ctx.data, heatmap(&a)).expect("model");
    let first = m.cell(heatmap(&a)).expect("cell").node.questions[0].clone();
    press(&mut a, KeyCode::Enter);
    let w = a.wizard().expect("wizard open");
    assert_eq!(w.row().and_then(|r| r.question()), Some(&*first));
    // And back: H from the wizard, Esc to home.
    press(&mut a, KeyCode::Char('H'));
    heatmap(&a);
    press(&mut a, KeyCode::Esc);
    assert!(matches!(a.screen, Screen::Home(_)));
}

#[test]
fn weights_toggle_and_pivot_regroups_by_framework() {
    let mut a = app_from(STAGE2, false);
    open_heatmap(&mut a);
    let weighted = build(&a.ctx.catalog, &a.ctx.data, heatmap(&a)).expect("model");
    press(&mut a, KeyCode::Char('w'));
    assert!(!heatmap(&a).weighted);
    let plain = build(&a.ctx.catalog, &a.ctx.data, heatmap(&a)).expect("model");
    assert_eq!(weighted.overall.counts, plain.overall.counts);
    assert_ne!(weighted.overall.readiness, plain.overall.readiness);
    press(&mut a, KeyCode::Char('w'));
    let mut lenses = Vec::new();
    for _ in 0..=PIVOTS.len() {
        press(&mut a, KeyCode::Char('x'));
        let s = heatmap(&a);
        assert_eq!((s.row, s.col), (0, 0), "pivot resets the cursor");
        let m = build(&a.ctx.catalog, &a.ctx.data, s).expect("model");
        lenses.push((s.lens(), m.rows.first().map(|r| r.label.clone())));
    }
    assert_eq!(lenses[0], ("EU AI Act", Some("Annex IV".to_string())));
    assert_eq!(lenses[1].1.as_deref(), Some("GOVERN 1"));
    assert_eq!(lenses[3].0, "SOC 2");
    assert_eq!(lenses[4].0, "ISO/IEC 42001");
    assert_eq!(lenses[4].1.as_deref(), Some("4"));
}

#[test]
fn heatmap_can_answer_where_are_we_on_article_9() {
    let a = app_from(SURVEILLANCE, false);
    let mut s = HeatmapState::new(as_of());
    s.pivot = Some(0);
    let m = build(&a.ctx.catalog, &a.ctx.data, &s).expect("model");
    let art9 = m
        .rows
        .iter()
        .find(|r| r.label == "Art. 9")
        .expect("Art. 9 row");
    assert!(art9.readiness > 0.0);
}

#[test]
fn snapshot_heatmap() {
    snap("heatmap", |a| {
        a.show(Screen::Heatmap(Box::new(HeatmapState::new(as_of()))));
        if let Screen::Heatmap(s) = &mut a.screen {
            s.row = 11;
            s.col = 3;
        }
    });
}

#[test]
fn snapshot_heatmap_pivot_eu_ai_act() {
    snap("heatmap_pivot", |a| {
        let mut s = HeatmapState::new(as_of());
        s.pivot = Some(0);
        s.row = 2;
        a.show(Screen::Heatmap(Box::new(s)));
    });
}

fn diff_state() -> DiffState {
    DiffState::new(vec![
        ("surveillance".into(), load(SURVEILLANCE)),
        ("stage-2".into(), load(STAGE2)),
    ])
    .expect("two snapshots")
}

fn diff_app(color: bool) -> App {
    let mut a = app_from(SURVEILLANCE, color);
    a.show(Screen::Diff(Box::new(diff_state())));
    a
}

fn diff_of(app: &App) -> &DiffState {
    match &app.screen {
        Screen::Diff(s) => s,
        other => panic!("not on the diff: {other:?}"),
    }
}

#[test]
fn diff_defaults_to_the_newest_two_oldest_first_and_sides_cycle_apart() {
    let mut a = diff_app(false);
    let s = diff_of(&a);
    assert_eq!((s.old, s.new), (0, 1));
    assert_eq!(s.files[0], "stage-2");
    assert!(DiffState::new(vec![("one".into(), load(STAGE2))]).is_none());
    press(&mut a, KeyCode::Char('o'));
    let s = diff_of(&a);
    assert_ne!(s.old, s.new, "the two sides never show the same snapshot");
    assert_eq!((s.old, s.new), (0, 1), "with two snapshots, o wraps back");
    press(&mut a, KeyCode::Char('n'));
    assert_eq!((diff_of(&a).old, diff_of(&a).new), (0, 1));
}

#[test]
fn diff_lists_regressions_first_and_enter_toggles_the_detail() {
    let mut a = diff_app(false);
    let d = diff_of(&a).compute(&a.ctx.catalog).expect("diff");
    let ordered = ordered_answers(&d);
    let first_better = ordered
        .iter()
        .position(|c| !c.direction.is_worse())
        .unwrap_or(ordered.len());
    assert!(
        ordered[first_better..]
            .iter()
            .all(|c| !c.direction.is_worse())
    );
    assert!(d.headline.readiness_new > d.headline.readiness_old);
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Up);
    assert_eq!(diff_of(&a).cursor, 1);
    press(&mut a, KeyCode::Char('G'));
    assert_eq!(diff_of(&a).cursor, ordered.len() - 1);
    press(&mut a, KeyCode::Enter);
    assert!(diff_of(&a).detail);
    press(&mut a, KeyCode::Esc);
    assert!(!diff_of(&a).detail);
    press(&mut a, KeyCode::Esc);
    assert!(matches!(a.screen, Screen::Home(_)));
}

fn snap_diff(name: &str, setup: impl Fn(&mut App)) {
    for color in [true, false] {
        let mut a = diff_app(color);
        setup(&mut a);
        for (w, h) in [(80, 24), (160, 48)] {
            let suffix = if color { "color" } else { "nocolor" };
            insta::assert_snapshot!(format!("{name}_{w}x{h}_{suffix}"), render(&a, w, h));
        }
    }
}

#[test]
fn snapshot_diff() {
    snap_diff("diff", |_| {});
}

#[test]
fn snapshot_diff_detail() {
    snap_diff("diff_detail", |a| {
        press(a, KeyCode::Enter);
    });
}

fn plans_app(color: bool, tab: Tab) -> App {
    let mut a = app_from(STAGE2, color);
    a.show(Screen::Plans(Box::new(PlansState::new(
        tab,
        Date::constant(2026, 3, 1),
    ))));
    a
}

fn plans_of(app: &App) -> &PlansState {
    match &app.screen {
        Screen::Plans(s) => s,
        other => panic!("not on the plans: {other:?}"),
    }
}

#[test]
fn soa_lists_the_38_annex_a_controls_and_tab_switches_to_the_plan() {
    let mut a = app_from(STAGE2, false);
    press(&mut a, KeyCode::Char('A'));
    assert_eq!(plans_of(&a).tab, Tab::Soa);
    let gap = live_gap(&a.ctx.catalog, &a.ctx.data, plans_of(&a).as_of).expect("gap");
    assert_eq!(gap.soa.len(), 38);
    press(&mut a, KeyCode::Down);
    assert_eq!(plans_of(&a).cursor, 1);
    press(&mut a, KeyCode::Tab);
    assert_eq!(
        (plans_of(&a).tab, plans_of(&a).cursor),
        (Tab::Remediation, 0)
    );
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('M'));
    assert_eq!(plans_of(&a).tab, Tab::Remediation);
}

#[test]
fn remediation_filter_cycles_all_overdue_each_owner_and_back() {
    let mut a = plans_app(false, Tab::Remediation);
    let gap = live_gap(&a.ctx.catalog, &a.ctx.data, plans_of(&a).as_of).expect("gap");
    assert!(!gap.remediation.is_empty());
    press(&mut a, KeyCode::Char('f'));
    assert_eq!(plans_of(&a).filter, Filter::Overdue);
    assert!(
        filtered(&gap.remediation, &plans_of(&a).filter)
            .iter()
            .all(|i| i.overdue)
    );
    let mut owners = 0;
    for _ in 0..100 {
        press(&mut a, KeyCode::Char('f'));
        match &plans_of(&a).filter {
            Filter::Owner(o) => {
                owners += 1;
                let shown = filtered(&gap.remediation, &plans_of(&a).filter);
                assert!(!shown.is_empty());
                assert!(shown.iter().all(|i| i.owner.as_deref() == Some(o.as_str())));
            }
            Filter::All => break,
            Filter::Overdue => panic!("overdue comes once per cycle"),
        }
    }
    assert_eq!(plans_of(&a).filter, Filter::All);
    let _ = owners;
}

fn snap_plans(name: &str, tab: Tab) {
    for color in [true, false] {
        let a = plans_app(color, tab);
        for (w, h) in [(80, 24), (160, 48)] {
            let suffix = if color { "color" } else { "nocolor" };
            insta::assert_snapshot!(format!("{name}_{w}x{h}_{suffix}"), render(&a, w, h));
        }
    }
}

#[test]
fn snapshot_soa() {
    snap_plans("soa", Tab::Soa);
}

#[test]
fn snapshot_remediation() {
    snap_plans("remediation", Tab::Remediation);
}

/// Opens the risk matrix with I; its state.
pub(crate) fn open_risk(a: &mut App) -> RiskState {
    press(a, KeyCode::Char('I'));
    match &a.screen {
        Screen::Risk(s) => (**s).clone(),
        other => panic!("not on the risk matrix: {other:?}"),
    }
}

#[test]
fn risk_matrix_sums_all_systems_and_cycles_one_at_a_time() {
    let mut a = app_from(STAGE2, false);
    let s = open_risk(&mut a);
    let aiias = live_aiias(&a.ctx.catalog, &a.ctx.data, s.as_of);
    assert_eq!(aiias.len(), 2);
    let total = |g: [[u32; 5]; 5]| g.iter().flatten().sum::<u32>();
    let (all, _) = matrices(&aiias, &s);
    let mut one = s.clone();
    one.cycle(aiias.len());
    let (first, _) = matrices(&aiias, &one);
    one.cycle(aiias.len());
    let (second, _) = matrices(&aiias, &one);
    assert_eq!(total(all), total(first) + total(second));
    one.cycle(aiias.len());
    assert_eq!(one.system, None, "back to all");
    press(&mut a, KeyCode::Char('s'));
    assert!(matches!(&a.screen, Screen::Risk(s) if s.system == Some(0)));
}

/// With hundreds of AI systems, the one picked with `s` and the impact under the list
/// cursor stay on screen at 80×24: the lists scroll to keep them visible.
#[test]
fn risk_matrix_keeps_the_picked_system_and_impact_on_screen() {
    use clausewise::model::{Answer, AnswerTarget, Kind, Rating, SubjectKind, Value};
    let catalog = Catalog::builtin();
    let mut state = clausewise::synth::workspace_state(&catalog, 2_000, 0);
    // One impact rated likelihood 4 × severity 4 before controls for each of 60 systems.
    let aiia = catalog.questionnaire_of_kind(Kind::Aiia).expect("AIIA");
    let systems: Vec<String> = (state.subjects.iter())
        .filter(|s| s.kind == SubjectKind::AiSystem)
        .take(60)
        .map(|s| s.id.clone())
        .collect();
    for id in systems {
        let target = AnswerTarget {
            questionnaire: aiia.id.clone(),
            subject: Some(id),
            entry: Some(("impacts".into(), "impact-1".into())),
            question: "impacts.inherent".into(),
        };
        let rating = Rating {
            likelihood: 4,
            severity: 4,
        };
        state.set_answer(&target, Answer::new(Value::LikelihoodSeverity(rating)));
    }
    let data = WorkspaceState {
        state,
        ..Default::default()
    };
    let mut a = App::new(catalog, data, false);
    let s = open_risk(&mut a);
    let aiias = live_aiias(&a.ctx.catalog, &a.ctx.data, s.as_of);
    assert!(aiias.len() > 40, "{} AI systems", aiias.len());
    for _ in 0..40 {
        press(&mut a, KeyCode::Char('s'));
    }
    let Screen::Risk(s) = &a.screen else {
        panic!("not on the risk matrix")
    };
    assert_eq!(s.system, Some(39));
    let picked = format!("›{}", aiias[39].0);
    let text = render(&a, 80, 24);
    assert!(text.contains(&picked), "{picked} not shown:\n{text}");
    // Back to all systems, then the impacts of cell L4 × S4, the cursor far down the list.
    while matches!(&a.screen, Screen::Risk(s) if s.system.is_some()) {
        press(&mut a, KeyCode::Char('s'));
    }
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Left);
    let Screen::Risk(s) = &a.screen else {
        panic!("not on the risk matrix")
    };
    assert_eq!(impacts_in(&aiias, s).len(), 60);
    press(&mut a, KeyCode::Enter);
    for _ in 0..35 {
        press(&mut a, KeyCode::Down);
    }
    let Screen::Risk(s) = &a.screen else {
        panic!("not on the risk matrix")
    };
    assert_eq!(s.list, Some(35));
    let text = render(&a, 80, 24);
    assert!(
        text.lines().any(|l| l.starts_with("│›")),
        "no impact under the cursor shown:\n{text}"
    );
}

#[test]
fn snapshot_risk_matrix() {
    snap("risk", |a| {
        a.show(Screen::Risk(Box::new(RiskState::new(as_of()))));
    });
}

#[test]
fn vendor_comparison_opens_from_home_with_the_example_vendor() {
    let mut a = app_from(STAGE2, false);
    press(&mut a, KeyCode::Char('V'));
    let Screen::Vendors(s) = &a.screen else {
        panic!("not on the vendor comparison");
    };
    let vendors = live_vendors(&a.ctx.catalog, &a.ctx.data, s.as_of);
    assert_eq!(vendors.len(), 1);
    assert!(!vendors[0].1.domains.is_empty());
    press(&mut a, KeyCode::Down);
    assert!(matches!(&a.screen, Screen::Vendors(s) if s.cursor == 0));
}

#[test]
fn snapshot_vendor_comparison() {
    snap("vendors", |a| {
        a.show(Screen::Vendors(Box::new(VendorsState::new(as_of()))));
    });
}
