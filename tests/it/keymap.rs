//! The key table as a whole (issue #20 item 5): every action is bound, named in the help
//! with its key, and reachable (a key dispatches it in a state the app gets into by keys);
//! every key-bar label shows in the key bar of such a state.

use std::sync::OnceLock;

use clausewise::tui::app::{App, update};
use clausewise::tui::keymap::{
    Action, Binding, HELP_ORDER, HelpLine, KEYMAP, Key, Scope, When, help_lines, hints, lookup,
};
use clausewise::tui::msg::Msg;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::tui_views::{STAGE2, app_from};

/// The position of `a` in [`Action::ALL`]. No wildcard: a new action does not compile until
/// it has an arm here, and then this test fails until `ALL` lists it at that place.
fn position(a: Action) -> Option<usize> {
    Some(match a {
        Action::Quit => 0,
        Action::Help => 1,
        Action::Search => 2,
        Action::Back => 3,
        Action::Up => 4,
        Action::Down => 5,
        Action::Left => 6,
        Action::Right => 7,
        Action::PageUp => 8,
        Action::PageDown => 9,
        Action::Top => 10,
        Action::Bottom => 11,
        Action::NextPane => 12,
        Action::PrevPane => 13,
        Action::Select => 14,
        Action::Pick(n @ 1..=9) => 14 + usize::from(n),
        Action::Pick(_) => return None,
        Action::Toggle => 24,
        Action::NextUnanswered => 25,
        Action::PrevUnanswered => 26,
        Action::Flag => 27,
        Action::EditNote => 28,
        Action::History => 29,
        Action::EditEvidence => 30,
        Action::EditOwner => 31,
        Action::EditDue => 32,
        Action::ClearAnswer => 33,
        Action::Add => 34,
        Action::RemoveEntry => 35,
        Action::Rename => 36,
        Action::Retire => 37,
        Action::Resume => 38,
        Action::EditOrganization => 39,
        Action::NextProfile => 40,
        Action::NextFilter => 41,
        Action::Yes => 42,
        Action::No => 43,
        Action::Save => 44,
        Action::Heatmap => 45,
        Action::ToggleWeights => 46,
        Action::NextPivot => 47,
        Action::OpenDiff => 48,
        Action::CycleOld => 49,
        Action::CycleNew => 50,
        Action::OpenSoa => 51,
        Action::OpenRemediation => 52,
        Action::OpenRisk => 53,
        Action::OpenVendors => 54,
        Action::OpenFindings => 55,
        Action::SaveSnapshot => 56,
        Action::ExportReport => 57,
        Action::Reopen => 58,
        Action::Edit => 59,
        Action::Delete => 60,
        Action::Undo => 61,
        Action::EditText => 62,
    })
}

#[test]
fn all_lists_every_action_once_in_declaration_order() {
    for (i, a) in Action::ALL.iter().enumerate() {
        assert_eq!(position(*a), Some(i), "{a:?}");
    }
    assert_eq!(position(Action::EditText), Some(Action::ALL.len() - 1));
    assert_eq!(position(Action::Pick(0)), None);
    assert_eq!(position(Action::Pick(10)), None);
}

#[test]
fn every_action_is_bound_to_a_key() {
    for a in Action::ALL {
        assert!(
            KEYMAP.iter().any(|b| b.action == *a && !b.keys.is_empty()),
            "{a:?} has no key"
        );
    }
}

/// The help's lines under a screen's heading, as (keys, description).
fn help_section(lines: &[HelpLine], scope: Scope) -> Vec<(String, &'static str)> {
    lines
        .iter()
        .skip_while(|l| **l != HelpLine::Heading(scope.title()))
        .skip(1)
        .map_while(|l| match l {
            HelpLine::Binding(keys, desc) => Some((keys.clone(), *desc)),
            _ => None,
        })
        .collect()
}

/// Whether the keys of a help line (`Esc q ?`, or a run such as `1-9`) name `key`.
fn names(shown: &str, key: &Key) -> bool {
    let label = key.label();
    if shown.split(' ').any(|s| s == label) {
        return true;
    }
    let one = |s: &str| {
        let mut cs = s.chars();
        cs.next().filter(|_| cs.next().is_none())
    };
    match (shown.split_once('-'), one(&label)) {
        (Some((lo, hi)), Some(k)) => match (one(lo), one(hi)) {
            (Some(lo), Some(hi)) => (lo..=hi).contains(&k),
            _ => false,
        },
        _ => false,
    }
}

/// Whether the help lists `b` under its screen, with its text and every one of its keys.
fn in_help(lines: &[HelpLine], b: &Binding) -> bool {
    help_section(lines, b.scope)
        .iter()
        .any(|(keys, desc)| *desc == b.desc && b.keys.iter().all(|k| names(keys, k)))
}

#[test]
fn every_binding_is_in_the_help_under_its_screen_with_all_its_keys() {
    let lines = help_lines();
    for b in KEYMAP {
        assert!(HELP_ORDER.contains(&b.scope), "{:?} has no help", b.scope);
        assert!(in_help(&lines, b), "not in the help: {b:?}");
    }
    for a in Action::ALL {
        assert!(
            KEYMAP.iter().any(|b| b.action == *a && in_help(&lines, b)),
            "{a:?} is not in the help"
        );
    }
    assert!(names("1-9", &Key::of(&plain(KeyCode::Char('7')))));
    assert!(!names("Ctrl-S", &Key::of(&plain(KeyCode::Char('S')))));
}

fn plain(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// A state the app was in: its key scopes and the conditions its key bar shows under.
type State = (Vec<Scope>, Vec<When>);

struct Walk {
    app: App,
    seen: Vec<State>,
}

impl Walk {
    fn see(&mut self) {
        let state = (self.app.scopes(), self.app.holds());
        if !self.seen.contains(&state) {
            self.seen.push(state);
        }
    }

    /// Presses `keys` in turn, noting the state after each.
    fn press(&mut self, keys: &[KeyCode]) {
        for code in keys {
            update(&mut self.app, Msg::Key(plain(*code)));
            self.see();
        }
    }

    /// Opens Home's `line`-th row (from the top, wherever the cursor was).
    fn open(&mut self, line: usize) {
        self.press(&[Char('k'); 60]);
        self.press(&vec![Down; line]);
        self.press(&[Enter]);
    }

    /// Esc until Home (each Esc closes a popup, cancels, answers no or goes back a pane).
    fn home(&mut self) {
        for _ in 0..8 {
            if self.app.scopes() == [Scope::Home, Scope::Global] {
                return;
            }
            self.press(&[KeyCode::Esc]);
        }
        panic!("Esc did not lead home: {:?}", self.app.scopes());
    }
}

use KeyCode::{Char, Down, Enter, Esc, Tab};

/// Every state the app gets into from Home by keys, on the example Stage 2 workspace with
/// two snapshots listed: each screen, each popup, each wizard pane over every question of
/// every questionnaire Home opens.
fn reached() -> &'static [State] {
    static REACHED: OnceLock<Vec<State>> = OnceLock::new();
    REACHED.get_or_init(|| {
        let mut app = app_from(STAGE2, false);
        for (file, cycle) in [("b.json", "surveillance-1"), ("a.json", "stage-2")] {
            app.ctx
                .snapshots
                .push((file.into(), cycle.into(), "2025-01-01".into()));
        }
        let mut w = Walk {
            app,
            seen: Vec::new(),
        };
        w.see();
        let scripts: &[&[KeyCode]] = &[
            &[Char('?')],
            &[Char('O')],
            &[Char('S'), Enter],
            &[Char('E')],
            &[Char('N')],
            &[Char('H')],
            &[Char('V')],
            &[Char('I'), Enter],
            &[Char('F'), Char('a'), Enter],
            &[Char('F'), Char('a'), Char('q')],
            &[Char('F'), Char('D')],
            &[Char('A')],
            &[Char('M')],
            &[Char('C')],
        ];
        for keys in scripts {
            w.press(keys);
            w.home();
        }
        let mut walked = Vec::new();
        for line in 0..40 {
            w.open(line);
            let questionnaire = w.app.wizard().map(|wz| wz.questionnaire.clone());
            w.home();
            let Some(q) = questionnaire.filter(|q| !walked.contains(q)) else {
                continue;
            };
            walked.push(q);
            for keys in [&[Tab, Tab, Char('?')][..], &[Char('/')], &[Char('N')]] {
                w.open(line);
                w.press(keys);
                w.home();
            }
            // Every question, in the tree and the answer pane.
            w.open(line);
            loop {
                let at = w.app.wizard().map(|wz| wz.cursor);
                w.press(&[Tab, Esc, Char('j')]);
                if w.app.wizard().map(|wz| wz.cursor) == at {
                    break;
                }
            }
            w.home();
        }
        assert!(walked.len() >= 3, "gap, AIIA and vendor review: {walked:?}");
        w.seen
    })
}

#[test]
fn every_scope_of_the_table_is_one_the_app_gets_into() {
    let reached = reached();
    for b in KEYMAP {
        assert!(
            reached.iter().any(|(scopes, _)| scopes.contains(&b.scope)),
            "{:?} never active",
            b.scope
        );
    }
}

#[test]
fn every_action_is_dispatched_by_a_key_in_a_state_the_app_gets_into() {
    let reached = reached();
    for a in Action::ALL {
        let dispatched = reached.iter().any(|(scopes, _)| {
            KEYMAP
                .iter()
                .filter(|b| b.action == *a && scopes.contains(&b.scope))
                .any(|b| b.keys.iter().any(|k| lookup(scopes, *k) == Some(*a)))
        });
        assert!(dispatched, "no reachable state where a key does {a:?}");
    }
}

#[test]
fn every_key_bar_label_shows_in_a_key_bar_the_app_gets_into() {
    let reached = reached();
    for b in KEYMAP.iter().filter(|b| !b.bar.is_empty()) {
        let shown = reached.iter().any(|(scopes, holds)| {
            scopes.contains(&b.scope)
                && (b.when == When::Always || holds.contains(&b.when))
                && hints(scopes, holds).iter().any(|(_, l)| *l == b.bar)
        });
        assert!(shown, "never in the key bar: {b:?}");
    }
}
