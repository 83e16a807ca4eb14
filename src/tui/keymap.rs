//! The one key table. Dispatch, the help screen (`?`) and the footer hints all read it, so
//! what the help says is what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding is active. Lookup walks the active scopes innermost first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Everywhere outside popups.
    Global,
    /// The home screen.
    Home,
    /// Any pane of the wizard.
    Wizard,
    /// The wizard's section tree.
    Tree,
    /// The wizard's answer widget.
    Answer,
    /// The wizard's help / evidence / crosswalk panel.
    Info,
    /// The search palette.
    Search,
    /// The help popup.
    Help,
    /// A yes/no confirmation.
    Confirm,
    /// A text editor popup (typed characters are inserted).
    Editor,
    /// The clause heatmap.
    Heatmap,
    /// The snapshot diff.
    Diff,
    /// Statement of Applicability and remediation plan.
    Plans,
    /// The AIIA risk matrix.
    Risk,
    /// The vendor comparison.
    Vendors,
    /// The audit findings register.
    Findings,
    /// A form popup (finding, save snapshot, report export).
    Form,
}

impl Scope {
    /// Title used on the help screen.
    pub fn title(self) -> &'static str {
        match self {
            Scope::Global => "Everywhere",
            Scope::Home => "Home",
            Scope::Wizard => "Wizard",
            Scope::Tree => "Wizard: section tree",
            Scope::Answer => "Wizard: answer",
            Scope::Info => "Wizard: help panel",
            Scope::Search => "Search palette",
            Scope::Help => "Help",
            Scope::Confirm => "Confirmation",
            Scope::Editor => "Text editor",
            Scope::Heatmap => "Clause heatmap",
            Scope::Diff => "Snapshot diff",
            Scope::Plans => "Statement of Applicability / remediation plan",
            Scope::Risk => "AIIA risk matrix",
            Scope::Vendors => "Vendor comparison",
            Scope::Findings => "Audit findings register",
            Scope::Form => "Form (finding, save snapshot, report)",
        }
    }
}

/// What a key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Quit (everything is already saved).
    Quit,
    /// Show every key binding.
    Help,
    /// Open the search palette.
    Search,
    /// Go back / close.
    Back,
    /// Move up.
    Up,
    /// Move down.
    Down,
    /// Move left.
    Left,
    /// Move right.
    Right,
    /// Move a page up.
    PageUp,
    /// Move a page down.
    PageDown,
    /// Go to the first item.
    Top,
    /// Go to the last item.
    Bottom,
    /// Next pane.
    NextPane,
    /// Previous pane.
    PrevPane,
    /// Open / choose / commit.
    Select,
    /// Pick option 1–9 (and commit single-choice answers).
    PickNumber,
    /// Toggle an option of a multi-choice answer.
    Toggle,
    /// Next unanswered question.
    NextUnanswered,
    /// Previous unanswered question.
    PrevUnanswered,
    /// Flag or unflag for follow-up.
    Flag,
    /// Edit the answer's note.
    EditNote,
    /// Show who changed the answer, when, from what to what.
    History,
    /// Edit the evidence references.
    EditEvidence,
    /// Set the owner.
    EditOwner,
    /// Set the due date.
    EditDue,
    /// Remove the answer.
    ClearAnswer,
    /// Add an entry to a repeatable section, or an AI system / vendor at home.
    Add,
    /// Remove an entry of a repeatable section.
    RemoveEntry,
    /// Rename the selected AI system or vendor.
    Rename,
    /// Retire the selected AI system or vendor.
    Retire,
    /// Resume where you left off.
    Resume,
    /// Set the organization name.
    EditOrganization,
    /// Switch to the next profile.
    NextProfile,
    /// Next search filter.
    NextFilter,
    /// Confirm.
    Yes,
    /// Decline.
    No,
    /// Save the text being edited.
    Save,
    /// Open the clause heatmap.
    Heatmap,
    /// Apply / ignore question and profile weights.
    ToggleWeights,
    /// Regroup by the next framework.
    NextPivot,
    /// Open the snapshot diff.
    OpenDiff,
    /// Compare from the next snapshot (old side).
    CycleOld,
    /// Compare to the next snapshot (new side).
    CycleNew,
    /// Open the Statement of Applicability.
    OpenSoa,
    /// Open the remediation plan.
    OpenRemediation,
    /// Open the AIIA risk matrix.
    OpenRisk,
    /// Open the vendor comparison.
    OpenVendors,
    /// Open the audit findings register.
    OpenFindings,
    /// Open the save-snapshot dialog.
    SaveSnapshot,
    /// Export a report of a snapshot.
    ExportReport,
    /// Start the next cycle from the newest snapshot (asks first).
    Reopen,
    /// Edit the selected item.
    Edit,
    /// Delete the selected item (after a confirmation).
    Delete,
}

/// One key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl / Alt (Shift is folded into the character).
    pub mods: KeyModifiers,
}

const fn k(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}
const fn c(ch: char) -> Key {
    k(KeyCode::Char(ch))
}
const fn ctrl(ch: char) -> Key {
    Key {
        code: KeyCode::Char(ch),
        mods: KeyModifiers::CONTROL,
    }
}

impl Key {
    /// The key of an event, with Shift folded into characters.
    pub fn of(ev: &KeyEvent) -> Key {
        let mut mods = ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match ev.code {
            KeyCode::Char(ch) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(ch.to_ascii_lowercase())
            }
            KeyCode::BackTab => {
                mods = KeyModifiers::NONE;
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, mods }
    }

    /// How the key is shown in help and hints.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(ch) => ch.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{}", base.to_uppercase())
        } else if self.mods.contains(KeyModifiers::ALT) {
            format!("Alt-{base}")
        } else {
            base
        }
    }
}

/// One row of the key table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Where it is active.
    pub scope: Scope,
    /// The keys (the first is the one shown in hints).
    pub keys: &'static [Key],
    /// What it does.
    pub action: Action,
    /// Help text.
    pub desc: &'static str,
    /// Whether the footer shows it.
    pub hint: bool,
}

const fn b(
    scope: Scope,
    keys: &'static [Key],
    action: Action,
    desc: &'static str,
    hint: bool,
) -> Binding {
    Binding {
        scope,
        keys,
        action,
        desc,
        hint,
    }
}

use Action as A;
use KeyCode as K;
use Scope as S;

const UP: &[Key] = &[k(K::Up), c('k')];
const DOWN: &[Key] = &[k(K::Down), c('j')];
const DIGITS: &[Key] = &[
    c('1'),
    c('2'),
    c('3'),
    c('4'),
    c('5'),
    c('6'),
    c('7'),
    c('8'),
    c('9'),
];

/// The key table.
pub const KEYMAP: &[Binding] = &[
    b(
        S::Global,
        &[c('q'), ctrl('c')],
        A::Quit,
        "quit (everything is saved)",
        true,
    ),
    b(
        S::Global,
        &[c('?'), k(K::F(1))],
        A::Help,
        "help: all keys",
        true,
    ),
    b(S::Home, UP, A::Up, "previous item", false),
    b(S::Home, DOWN, A::Down, "next item", false),
    b(
        S::Home,
        &[k(K::Enter), c('l'), k(K::Right)],
        A::Select,
        "open the assessment",
        true,
    ),
    b(
        S::Home,
        &[c('a')],
        A::Add,
        "add an AI system or vendor",
        true,
    ),
    b(
        S::Home,
        &[c('r')],
        A::Rename,
        "rename the AI system or vendor",
        true,
    ),
    b(
        S::Home,
        &[c('x')],
        A::Retire,
        "retire / reinstate the AI system or vendor",
        true,
    ),
    b(
        S::Home,
        &[c('R')],
        A::Resume,
        "resume where you left off",
        true,
    ),
    b(
        S::Home,
        &[c('O')],
        A::EditOrganization,
        "set the organization name",
        false,
    ),
    b(S::Home, &[c('P')], A::NextProfile, "switch profile", false),
    b(S::Home, &[c('H')], A::Heatmap, "clause heatmap", false),
    b(
        S::Home,
        &[c('C')],
        A::OpenDiff,
        "compare snapshots (diff)",
        false,
    ),
    b(
        S::Home,
        &[c('A')],
        A::OpenSoa,
        "Statement of Applicability",
        false,
    ),
    b(
        S::Wizard,
        &[c('A')],
        A::OpenSoa,
        "Statement of Applicability",
        false,
    ),
    b(
        S::Home,
        &[c('M')],
        A::OpenRemediation,
        "remediation plan",
        false,
    ),
    b(
        S::Wizard,
        &[c('M')],
        A::OpenRemediation,
        "remediation plan",
        false,
    ),
    b(S::Home, &[c('I')], A::OpenRisk, "AIIA risk matrix", false),
    b(S::Wizard, &[c('I')], A::OpenRisk, "AIIA risk matrix", false),
    b(
        S::Home,
        &[c('V')],
        A::OpenVendors,
        "vendor comparison",
        false,
    ),
    b(
        S::Wizard,
        &[c('V')],
        A::OpenVendors,
        "vendor comparison",
        false,
    ),
    b(
        S::Home,
        &[c('F')],
        A::OpenFindings,
        "audit findings register",
        false,
    ),
    b(
        S::Wizard,
        &[c('F')],
        A::OpenFindings,
        "audit findings register",
        false,
    ),
    b(
        S::Home,
        &[c('S')],
        A::SaveSnapshot,
        "save a snapshot (cycle, label, assessor)",
        false,
    ),
    b(
        S::Home,
        &[c('E')],
        A::ExportReport,
        "export a report of a saved snapshot",
        false,
    ),
    b(
        S::Home,
        &[c('N')],
        A::Reopen,
        "start the next cycle from the newest snapshot",
        false,
    ),
    b(
        S::Wizard,
        &[c('C')],
        A::OpenDiff,
        "compare snapshots (diff)",
        false,
    ),
    b(S::Wizard, &[c('H')], A::Heatmap, "clause heatmap", false),
    b(
        S::Wizard,
        &[c('/'), ctrl('p')],
        A::Search,
        "search and filter questions",
        true,
    ),
    b(S::Wizard, &[k(K::Tab)], A::NextPane, "next pane", true),
    b(
        S::Wizard,
        &[k(K::BackTab)],
        A::PrevPane,
        "previous pane",
        false,
    ),
    b(
        S::Wizard,
        &[c('n')],
        A::NextUnanswered,
        "next unanswered question",
        true,
    ),
    b(
        S::Wizard,
        &[c('p')],
        A::PrevUnanswered,
        "previous unanswered question",
        false,
    ),
    b(
        S::Wizard,
        DIGITS,
        A::PickNumber,
        "pick option 1-9 (single choice: answer it)",
        true,
    ),
    b(
        S::Wizard,
        &[c('f')],
        A::Flag,
        "flag / unflag for follow-up",
        true,
    ),
    b(S::Wizard, &[c('N')], A::EditNote, "edit the note", false),
    b(
        S::Wizard,
        &[c('L')],
        A::History,
        "log of changes: who, when, old -> new",
        false,
    ),
    b(
        S::Wizard,
        &[c('e')],
        A::EditEvidence,
        "edit evidence references",
        false,
    ),
    b(S::Wizard, &[c('o')], A::EditOwner, "set the owner", false),
    b(S::Wizard, &[c('d')], A::EditDue, "set the due date", false),
    b(
        S::Wizard,
        &[c('X')],
        A::ClearAnswer,
        "clear the answer",
        false,
    ),
    b(
        S::Wizard,
        &[c('a')],
        A::Add,
        "add an entry to a repeatable section",
        false,
    ),
    b(
        S::Wizard,
        &[c('D')],
        A::RemoveEntry,
        "remove this entry",
        false,
    ),
    b(S::Tree, UP, A::Up, "previous question", false),
    b(S::Tree, DOWN, A::Down, "next question", false),
    b(
        S::Tree,
        &[k(K::PageUp)],
        A::PageUp,
        "previous section",
        false,
    ),
    b(
        S::Tree,
        &[k(K::PageDown)],
        A::PageDown,
        "next section",
        false,
    ),
    b(
        S::Tree,
        &[c('g'), k(K::Home)],
        A::Top,
        "first question",
        false,
    ),
    b(
        S::Tree,
        &[c('G'), k(K::End)],
        A::Bottom,
        "last question",
        false,
    ),
    b(
        S::Tree,
        &[k(K::Enter), c('l'), k(K::Right)],
        A::Select,
        "answer this question",
        true,
    ),
    b(
        S::Tree,
        &[k(K::Esc), c('h'), k(K::Left)],
        A::Back,
        "back to home",
        true,
    ),
    b(S::Answer, UP, A::Up, "previous option", false),
    b(S::Answer, DOWN, A::Down, "next option", false),
    b(
        S::Answer,
        &[k(K::Left), c('h')],
        A::Left,
        "lower severity",
        false,
    ),
    b(
        S::Answer,
        &[k(K::Right), c('l')],
        A::Right,
        "higher severity",
        false,
    ),
    b(
        S::Answer,
        &[c(' ')],
        A::Toggle,
        "toggle option (multi choice)",
        true,
    ),
    b(
        S::Answer,
        &[k(K::Enter)],
        A::Select,
        "commit the answer / open the editor",
        true,
    ),
    b(
        S::Answer,
        &[k(K::Esc)],
        A::Back,
        "back to the section tree",
        true,
    ),
    b(S::Info, UP, A::Up, "scroll up", false),
    b(S::Info, DOWN, A::Down, "scroll down", false),
    b(
        S::Info,
        &[k(K::Esc)],
        A::Back,
        "back to the section tree",
        true,
    ),
    b(
        S::Search,
        &[k(K::Up), ctrl('k')],
        A::Up,
        "previous result",
        false,
    ),
    b(
        S::Search,
        &[k(K::Down), ctrl('j')],
        A::Down,
        "next result",
        false,
    ),
    b(S::Search, &[k(K::Tab)], A::NextFilter, "next filter", true),
    b(
        S::Search,
        &[k(K::Enter)],
        A::Select,
        "jump to the result",
        true,
    ),
    b(S::Search, &[k(K::Esc)], A::Back, "close", true),
    b(
        S::Search,
        &[ctrl('c')],
        A::Quit,
        "quit (everything is saved)",
        false,
    ),
    b(
        S::Help,
        &[k(K::Esc), c('q'), c('?')],
        A::Back,
        "close",
        true,
    ),
    b(S::Help, UP, A::Up, "scroll up", false),
    b(S::Help, DOWN, A::Down, "scroll down", false),
    b(S::Confirm, &[c('y'), k(K::Enter)], A::Yes, "yes", true),
    b(S::Confirm, &[c('n'), k(K::Esc)], A::No, "no", true),
    b(S::Editor, &[ctrl('s')], A::Save, "save", true),
    b(
        S::Editor,
        &[k(K::Enter)],
        A::Select,
        "save (single line) / new line (multi-line)",
        true,
    ),
    b(S::Editor, &[k(K::Esc)], A::Back, "cancel", true),
    b(
        S::Editor,
        &[ctrl('c')],
        A::Quit,
        "quit (the text is saved if valid)",
        false,
    ),
    b(S::Heatmap, UP, A::Up, "previous row", false),
    b(S::Heatmap, DOWN, A::Down, "next row", false),
    b(
        S::Heatmap,
        &[k(K::Left), c('h')],
        A::Left,
        "previous cell",
        false,
    ),
    b(
        S::Heatmap,
        &[k(K::Right), c('l')],
        A::Right,
        "next cell",
        false,
    ),
    b(
        S::Heatmap,
        &[c('g'), k(K::Home)],
        A::Top,
        "first cell",
        false,
    ),
    b(
        S::Heatmap,
        &[c('G'), k(K::End)],
        A::Bottom,
        "last cell",
        false,
    ),
    b(
        S::Heatmap,
        &[k(K::Enter)],
        A::Select,
        "open the questions behind the cell",
        true,
    ),
    b(
        S::Heatmap,
        &[c('w')],
        A::ToggleWeights,
        "toggle weights (on/off)",
        true,
    ),
    b(
        S::Heatmap,
        &[c('x')],
        A::NextPivot,
        "crosswalk: next framework",
        true,
    ),
    b(S::Heatmap, &[k(K::Esc)], A::Back, "back to home", true),
    b(S::Diff, UP, A::Up, "previous change", false),
    b(S::Diff, DOWN, A::Down, "next change", false),
    b(S::Diff, &[k(K::PageUp)], A::PageUp, "ten changes up", false),
    b(
        S::Diff,
        &[k(K::PageDown)],
        A::PageDown,
        "ten changes down",
        false,
    ),
    b(
        S::Diff,
        &[c('g'), k(K::Home)],
        A::Top,
        "first change",
        false,
    ),
    b(
        S::Diff,
        &[c('G'), k(K::End)],
        A::Bottom,
        "last change",
        false,
    ),
    b(
        S::Diff,
        &[k(K::Enter)],
        A::Select,
        "old and new side by side (on/off)",
        true,
    ),
    b(
        S::Diff,
        &[c('o')],
        A::CycleOld,
        "old side: next snapshot",
        true,
    ),
    b(
        S::Diff,
        &[c('n')],
        A::CycleNew,
        "new side: next snapshot",
        true,
    ),
    b(
        S::Diff,
        &[c('E')],
        A::ExportReport,
        "export a report of the new side",
        false,
    ),
    b(
        S::Diff,
        &[k(K::Esc)],
        A::Back,
        "close the detail / back to home",
        true,
    ),
    b(S::Plans, UP, A::Up, "previous row", false),
    b(S::Plans, DOWN, A::Down, "next row", false),
    b(S::Plans, &[k(K::PageUp)], A::PageUp, "ten rows up", false),
    b(
        S::Plans,
        &[k(K::PageDown)],
        A::PageDown,
        "ten rows down",
        false,
    ),
    b(S::Plans, &[c('g'), k(K::Home)], A::Top, "first row", false),
    b(S::Plans, &[c('G'), k(K::End)], A::Bottom, "last row", false),
    b(
        S::Plans,
        &[k(K::Tab)],
        A::NextPane,
        "switch tab: SoA, remediation plan",
        true,
    ),
    b(
        S::Plans,
        &[c('f')],
        A::NextFilter,
        "filter the plan: all, overdue, each owner",
        true,
    ),
    b(
        S::Plans,
        &[c('e')],
        A::Edit,
        "justify an excluded control (SoA tab)",
        false,
    ),
    b(S::Plans, &[k(K::Esc)], A::Back, "back to home", true),
    b(
        S::Risk,
        &[c('s')],
        A::NextFilter,
        "AI system: all, then each in turn",
        true,
    ),
    b(
        S::Risk,
        &[k(K::Up), c('k')],
        A::Up,
        "higher likelihood / previous impact",
        false,
    ),
    b(
        S::Risk,
        &[k(K::Down), c('j')],
        A::Down,
        "lower likelihood / next impact",
        false,
    ),
    b(
        S::Risk,
        &[k(K::Left), c('h')],
        A::Left,
        "lower severity",
        false,
    ),
    b(
        S::Risk,
        &[k(K::Right), c('l')],
        A::Right,
        "higher severity",
        false,
    ),
    b(
        S::Risk,
        &[k(K::Enter)],
        A::Select,
        "list the cell's impacts / open the impact in the wizard",
        true,
    ),
    b(
        S::Risk,
        &[k(K::Esc)],
        A::Back,
        "close the list / back to home",
        true,
    ),
    b(S::Vendors, UP, A::Up, "previous vendor", false),
    b(S::Vendors, DOWN, A::Down, "next vendor", false),
    b(S::Vendors, &[k(K::Esc)], A::Back, "back to home", true),
    b(S::Findings, UP, A::Up, "previous finding", false),
    b(S::Findings, DOWN, A::Down, "next finding", false),
    b(
        S::Findings,
        &[k(K::PageUp)],
        A::PageUp,
        "ten findings up",
        false,
    ),
    b(
        S::Findings,
        &[k(K::PageDown)],
        A::PageDown,
        "ten findings down",
        false,
    ),
    b(
        S::Findings,
        &[c('g'), k(K::Home)],
        A::Top,
        "first finding",
        false,
    ),
    b(
        S::Findings,
        &[c('G'), k(K::End)],
        A::Bottom,
        "last finding",
        false,
    ),
    b(
        S::Findings,
        &[k(K::Enter)],
        A::Select,
        "jump to the wizard (the finding's clause or control)",
        true,
    ),
    b(S::Findings, &[c('a')], A::Add, "add a finding", true),
    b(S::Findings, &[c('e')], A::Edit, "edit the finding", true),
    b(
        S::Findings,
        &[c('D'), k(K::Delete)],
        A::Delete,
        "delete the finding (asks first)",
        true,
    ),
    b(S::Findings, &[k(K::Esc)], A::Back, "back to home", true),
    b(S::Form, &[k(K::Up), c('k')], A::Up, "previous field", false),
    b(S::Form, &[k(K::Down), c('j')], A::Down, "next field", false),
    b(
        S::Form,
        &[k(K::Left), c('h')],
        A::Left,
        "picker: previous choice",
        false,
    ),
    b(
        S::Form,
        &[k(K::Right), c('l')],
        A::Right,
        "picker: next choice",
        false,
    ),
    b(
        S::Form,
        &[k(K::Enter)],
        A::Select,
        "edit the field / next choice",
        true,
    ),
    b(S::Form, &[ctrl('s')], A::Save, "save / confirm", true),
    b(S::Form, &[k(K::Esc)], A::Back, "cancel / close", true),
];

/// The action bound to `key` in the first of `scopes` that binds it.
pub fn lookup(scopes: &[Scope], key: Key) -> Option<Action> {
    scopes.iter().find_map(|s| {
        KEYMAP
            .iter()
            .find(|b| b.scope == *s && b.keys.contains(&key))
            .map(|b| b.action)
    })
}

/// Footer hints for the active scopes: `key action` pairs, innermost scope first.
pub fn hints(scopes: &[Scope]) -> Vec<(String, &'static str)> {
    scopes
        .iter()
        .flat_map(|s| KEYMAP.iter().filter(move |b| b.scope == *s && b.hint))
        .filter_map(|b| {
            let label = match b.action {
                A::PickNumber => "1-9".to_string(),
                _ => b.keys.first()?.label(),
            };
            Some((label, short(b.desc)))
        })
        .collect()
}

fn short(desc: &'static str) -> &'static str {
    desc.split([':', '(', '/']).next().unwrap_or(desc).trim()
}

/// Every binding as help rows: (scope title, keys, description), in table order.
pub fn help_rows() -> Vec<(&'static str, String, &'static str)> {
    KEYMAP
        .iter()
        .map(|b| {
            let keys: Vec<String> = b.keys.iter().map(Key::label).collect();
            let keys = if b.action == A::PickNumber {
                "1-9".to_string()
            } else {
                keys.join(" ")
            };
            (b.scope.title(), keys, b.desc)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn no_key_is_bound_twice_in_a_scope() {
        let mut seen = HashSet::new();
        for b in KEYMAP {
            for key in b.keys {
                assert!(
                    seen.insert((b.scope, *key)),
                    "{:?} bound twice in {:?}",
                    key.label(),
                    b.scope
                );
            }
        }
    }

    #[test]
    fn shift_is_folded_and_ctrl_lowercased() {
        let ev = KeyEvent::new(KeyCode::Char('N'), KeyModifiers::SHIFT);
        assert_eq!(
            lookup(&[Scope::Wizard], Key::of(&ev)),
            Some(Action::EditNote)
        );
        let ev = KeyEvent::new(KeyCode::Char('P'), KeyModifiers::CONTROL);
        assert_eq!(lookup(&[Scope::Wizard], Key::of(&ev)), Some(Action::Search));
        assert_eq!(ctrl('s').label(), "Ctrl-S");
    }
}
