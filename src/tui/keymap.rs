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
    /// The question whether to quit and lose what is not saved (answers whose save failed,
    /// or an open form's fields): `y/N`, only `y` says yes.
    Discard,
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
            Scope::Discard => "Confirmation: quit and lose what is not saved? (y/N)",
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
    /// Pick option `n` (1–9): commit it as a single-choice answer, tick it in a multi-choice
    /// one. Each digit key has its own row, so the action alone says which option.
    Pick(u8),
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
    /// Put back the answer as it was before the last change made here.
    Undo,
    /// An editing key of a text field (handled by the field).
    EditText,
}

impl Action {
    /// Every action, `Pick(1)` to `Pick(9)` included, in declaration order. The tests check
    /// that each one is bound, shown in the help and reachable (and that this list is
    /// complete).
    pub const ALL: &[Action] = &[
        Action::Quit,
        Action::Help,
        Action::Search,
        Action::Back,
        Action::Up,
        Action::Down,
        Action::Left,
        Action::Right,
        Action::PageUp,
        Action::PageDown,
        Action::Top,
        Action::Bottom,
        Action::NextPane,
        Action::PrevPane,
        Action::Select,
        Action::Pick(1),
        Action::Pick(2),
        Action::Pick(3),
        Action::Pick(4),
        Action::Pick(5),
        Action::Pick(6),
        Action::Pick(7),
        Action::Pick(8),
        Action::Pick(9),
        Action::Toggle,
        Action::NextUnanswered,
        Action::PrevUnanswered,
        Action::Flag,
        Action::EditNote,
        Action::History,
        Action::EditEvidence,
        Action::EditOwner,
        Action::EditDue,
        Action::ClearAnswer,
        Action::Add,
        Action::RemoveEntry,
        Action::Rename,
        Action::Retire,
        Action::Resume,
        Action::EditOrganization,
        Action::NextProfile,
        Action::NextFilter,
        Action::Yes,
        Action::No,
        Action::Save,
        Action::Heatmap,
        Action::ToggleWeights,
        Action::NextPivot,
        Action::OpenDiff,
        Action::CycleOld,
        Action::CycleNew,
        Action::OpenSoa,
        Action::OpenRemediation,
        Action::OpenRisk,
        Action::OpenVendors,
        Action::OpenFindings,
        Action::SaveSnapshot,
        Action::ExportReport,
        Action::Reopen,
        Action::Edit,
        Action::Delete,
        Action::Undo,
        Action::EditText,
    ];
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

/// When a binding applies beyond its scope: the key bar shows it only then (dispatch does
/// not look at it; keys bound twice in a scope do the same thing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum When {
    /// Always.
    Always,
    /// A one-line text editor is open.
    OneLine,
    /// A multi-line text editor is open.
    MultiLine,
    /// The question takes one option (status, yes/no, choice, scale).
    Single,
    /// The question takes several options.
    Multi,
    /// The question picks from options (single or several).
    Choice,
    /// The question is a likelihood × severity grid.
    Grid,
    /// The question takes typed text, a date or a number.
    Typed,
}

/// One row of the key table: in one scope, under one condition, these keys do one action;
/// the help and the key bar show it with its text and label. Neighbouring rows that differ
/// only in key and action (the digits, one row and one `Pick(n)` each) share one help line
/// and one key-bar item, their keys shown as a run (`1-9`).
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Where it is active.
    pub scope: Scope,
    /// The keys, alternatives that do the same (the first is the one shown in the key bar).
    pub keys: &'static [Key],
    /// What it does.
    pub action: Action,
    /// Help text.
    pub desc: &'static str,
    /// Its label in the key bar (one or two words); empty: help only.
    pub bar: &'static str,
    /// When the key bar shows it.
    pub when: When,
}

const fn b(
    scope: Scope,
    keys: &'static [Key],
    action: Action,
    desc: &'static str,
    bar: &'static str,
) -> Binding {
    bw(scope, keys, action, desc, bar, When::Always)
}

const fn bw(
    scope: Scope,
    keys: &'static [Key],
    action: Action,
    desc: &'static str,
    bar: &'static str,
    when: When,
) -> Binding {
    Binding {
        scope,
        keys,
        action,
        desc,
        bar,
        when,
    }
}

use Action as A;
use KeyCode as K;
use Scope as S;
use When as W;

const UP: &[Key] = &[k(K::Up), c('k')];
const DOWN: &[Key] = &[k(K::Down), c('j')];
const PICK: &str = "pick option 1-9 (one option: that is the answer)";
const TICK: &str = "tick or untick option 1-9";

/// The key table, grouped by scope in help order.
pub const KEYMAP: &[Binding] = &[
    b(
        S::Home,
        &[k(K::Enter), c('l'), k(K::Right)],
        A::Select,
        "open the assessment or AI system / vendor",
        "open",
    ),
    b(S::Home, UP, A::Up, "previous item", ""),
    b(S::Home, DOWN, A::Down, "next item", ""),
    b(
        S::Home,
        &[c('a')],
        A::Add,
        "add an AI system or vendor",
        "add",
    ),
    b(
        S::Home,
        &[c('r')],
        A::Rename,
        "rename the AI system or vendor",
        "rename",
    ),
    b(
        S::Home,
        &[c('x')],
        A::Retire,
        "retire / reinstate the AI system or vendor",
        "retire",
    ),
    b(
        S::Home,
        &[c('R')],
        A::Resume,
        "resume where you left off",
        "resume",
    ),
    b(S::Home, &[c('H')], A::Heatmap, "clause heatmap", "heatmap"),
    b(
        S::Home,
        &[c('V')],
        A::OpenVendors,
        "vendor comparison",
        "vendors",
    ),
    b(S::Home, &[c('I')], A::OpenRisk, "AIIA risk matrix", "risk"),
    b(
        S::Home,
        &[c('F')],
        A::OpenFindings,
        "audit findings register",
        "findings",
    ),
    b(
        S::Home,
        &[c('S')],
        A::SaveSnapshot,
        "save a snapshot (cycle, label, assessor)",
        "snapshot",
    ),
    b(
        S::Home,
        &[c('E')],
        A::ExportReport,
        "export a report of a saved snapshot",
        "report",
    ),
    b(
        S::Home,
        &[c('C')],
        A::OpenDiff,
        "compare snapshots (diff)",
        "diff",
    ),
    b(
        S::Home,
        &[c('A')],
        A::OpenSoa,
        "Statement of Applicability",
        "SoA",
    ),
    b(
        S::Home,
        &[c('M')],
        A::OpenRemediation,
        "remediation plan",
        "plan",
    ),
    b(
        S::Home,
        &[c('N')],
        A::Reopen,
        "start the next cycle from the newest snapshot",
        "next cycle",
    ),
    b(
        S::Home,
        &[c('O')],
        A::EditOrganization,
        "set the organization name",
        "organization",
    ),
    b(
        S::Home,
        &[c('P')],
        A::NextProfile,
        "switch profile",
        "profile",
    ),
    b(
        S::Tree,
        &[k(K::Enter), c('l'), k(K::Right)],
        A::Select,
        "answer this question",
        "answer",
    ),
    b(S::Tree, UP, A::Up, "previous question", ""),
    b(S::Tree, DOWN, A::Down, "next question", ""),
    b(S::Tree, &[k(K::PageUp)], A::PageUp, "previous section", ""),
    b(S::Tree, &[k(K::PageDown)], A::PageDown, "next section", ""),
    b(S::Tree, &[c('g'), k(K::Home)], A::Top, "first question", ""),
    b(
        S::Tree,
        &[c('G'), k(K::End)],
        A::Bottom,
        "last question",
        "",
    ),
    b(
        S::Tree,
        &[k(K::Esc), c('h'), k(K::Left)],
        A::Back,
        "back to home",
        "home",
    ),
    bw(
        S::Answer,
        UP,
        A::Up,
        "previous option / higher likelihood",
        "",
        W::Always,
    ),
    bw(
        S::Answer,
        DOWN,
        A::Down,
        "next option / lower likelihood",
        "",
        W::Always,
    ),
    bw(
        S::Answer,
        &[k(K::Left), c('h')],
        A::Left,
        "lower severity (likelihood × severity grid)",
        "",
        W::Grid,
    ),
    bw(
        S::Answer,
        &[k(K::Right), c('l')],
        A::Right,
        "higher severity (likelihood × severity grid)",
        "",
        W::Grid,
    ),
    bw(
        S::Answer,
        &[c(' ')],
        A::Toggle,
        "toggle an option (several may be chosen)",
        "toggle",
        W::Multi,
    ),
    bw(
        S::Answer,
        &[k(K::Enter)],
        A::Select,
        "answer with the highlighted option",
        "answer",
        W::Single,
    ),
    bw(
        S::Answer,
        &[k(K::Enter)],
        A::Select,
        "save the options ticked",
        "save ticks",
        W::Multi,
    ),
    bw(
        S::Answer,
        &[k(K::Enter)],
        A::Select,
        "answer with the rating on the grid",
        "answer",
        W::Grid,
    ),
    bw(
        S::Answer,
        &[k(K::Enter)],
        A::Select,
        "type the answer (text, date or number)",
        "type answer",
        W::Typed,
    ),
    b(
        S::Answer,
        &[k(K::PageDown)],
        A::PageDown,
        "scroll the question down (owner, due and more)",
        "",
    ),
    b(
        S::Answer,
        &[k(K::PageUp)],
        A::PageUp,
        "scroll the question up",
        "",
    ),
    b(
        S::Answer,
        &[k(K::Esc)],
        A::Back,
        "back to the section tree",
        "tree",
    ),
    b(S::Info, UP, A::Up, "scroll up", ""),
    b(S::Info, DOWN, A::Down, "scroll down", ""),
    b(
        S::Info,
        &[k(K::Esc)],
        A::Back,
        "back to the section tree",
        "tree",
    ),
    // One row per digit: the help and the key bar show the run as `1-9`.
    bw(S::Wizard, &[c('1')], A::Pick(1), PICK, "pick", W::Single),
    bw(S::Wizard, &[c('2')], A::Pick(2), PICK, "pick", W::Single),
    bw(S::Wizard, &[c('3')], A::Pick(3), PICK, "pick", W::Single),
    bw(S::Wizard, &[c('4')], A::Pick(4), PICK, "pick", W::Single),
    bw(S::Wizard, &[c('5')], A::Pick(5), PICK, "pick", W::Single),
    bw(S::Wizard, &[c('6')], A::Pick(6), PICK, "pick", W::Single),
    bw(S::Wizard, &[c('7')], A::Pick(7), PICK, "pick", W::Single),
    bw(S::Wizard, &[c('8')], A::Pick(8), PICK, "pick", W::Single),
    bw(S::Wizard, &[c('9')], A::Pick(9), PICK, "pick", W::Single),
    bw(S::Wizard, &[c('1')], A::Pick(1), TICK, "tick", W::Multi),
    bw(S::Wizard, &[c('2')], A::Pick(2), TICK, "tick", W::Multi),
    bw(S::Wizard, &[c('3')], A::Pick(3), TICK, "tick", W::Multi),
    bw(S::Wizard, &[c('4')], A::Pick(4), TICK, "tick", W::Multi),
    bw(S::Wizard, &[c('5')], A::Pick(5), TICK, "tick", W::Multi),
    bw(S::Wizard, &[c('6')], A::Pick(6), TICK, "tick", W::Multi),
    bw(S::Wizard, &[c('7')], A::Pick(7), TICK, "tick", W::Multi),
    bw(S::Wizard, &[c('8')], A::Pick(8), TICK, "tick", W::Multi),
    bw(S::Wizard, &[c('9')], A::Pick(9), TICK, "tick", W::Multi),
    b(
        S::Wizard,
        &[c('n')],
        A::NextUnanswered,
        "next unanswered question",
        "unanswered",
    ),
    b(
        S::Wizard,
        &[c('p')],
        A::PrevUnanswered,
        "previous unanswered question",
        "",
    ),
    b(
        S::Wizard,
        &[c('/'), ctrl('p')],
        A::Search,
        "search and filter questions",
        "search",
    ),
    b(S::Wizard, &[k(K::Tab)], A::NextPane, "next pane", "pane"),
    b(
        S::Wizard,
        &[k(K::BackTab)],
        A::PrevPane,
        "previous pane",
        "",
    ),
    b(
        S::Wizard,
        &[c('e')],
        A::EditEvidence,
        "edit evidence references",
        "evidence",
    ),
    b(S::Wizard, &[c('N')], A::EditNote, "edit the note", "note"),
    b(S::Wizard, &[c('o')], A::EditOwner, "set the owner", "owner"),
    b(S::Wizard, &[c('d')], A::EditDue, "set the due date", "due"),
    b(
        S::Wizard,
        &[c('u')],
        A::Undo,
        "undo the last change to an answer here (kept in the history)",
        "undo",
    ),
    b(
        S::Wizard,
        &[c('f')],
        A::Flag,
        "flag / unflag for follow-up",
        "flag",
    ),
    b(
        S::Wizard,
        &[c('L')],
        A::History,
        "log of changes: who, when, old -> new",
        "history",
    ),
    b(S::Wizard, &[c('X')], A::ClearAnswer, "clear the answer", ""),
    b(
        S::Wizard,
        &[c('a')],
        A::Add,
        "add an entry to a repeatable section",
        "",
    ),
    b(
        S::Wizard,
        &[c('D')],
        A::RemoveEntry,
        "remove this entry",
        "",
    ),
    b(S::Wizard, &[c('H')], A::Heatmap, "clause heatmap", ""),
    b(
        S::Wizard,
        &[c('C')],
        A::OpenDiff,
        "compare snapshots (diff)",
        "",
    ),
    b(
        S::Wizard,
        &[c('A')],
        A::OpenSoa,
        "Statement of Applicability",
        "",
    ),
    b(
        S::Wizard,
        &[c('M')],
        A::OpenRemediation,
        "remediation plan",
        "",
    ),
    b(S::Wizard, &[c('I')], A::OpenRisk, "AIIA risk matrix", ""),
    b(
        S::Wizard,
        &[c('V')],
        A::OpenVendors,
        "vendor comparison",
        "",
    ),
    b(
        S::Wizard,
        &[c('F')],
        A::OpenFindings,
        "audit findings register",
        "",
    ),
    b(
        S::Heatmap,
        &[k(K::Enter)],
        A::Select,
        "open the questions behind the cell",
        "open",
    ),
    b(S::Heatmap, UP, A::Up, "previous row", ""),
    b(S::Heatmap, DOWN, A::Down, "next row", ""),
    b(
        S::Heatmap,
        &[k(K::Left), c('h')],
        A::Left,
        "previous cell",
        "",
    ),
    b(
        S::Heatmap,
        &[k(K::Right), c('l')],
        A::Right,
        "next cell",
        "",
    ),
    b(S::Heatmap, &[c('g'), k(K::Home)], A::Top, "first cell", ""),
    b(S::Heatmap, &[c('G'), k(K::End)], A::Bottom, "last cell", ""),
    b(
        S::Heatmap,
        &[c('w')],
        A::ToggleWeights,
        "toggle weights (on/off)",
        "weights",
    ),
    b(
        S::Heatmap,
        &[c('x')],
        A::NextPivot,
        "crosswalk: next framework",
        "crosswalk",
    ),
    b(S::Heatmap, &[k(K::Esc)], A::Back, "back to home", "home"),
    b(
        S::Diff,
        &[k(K::Enter)],
        A::Select,
        "old and new side by side (on/off)",
        "side by side",
    ),
    b(S::Diff, UP, A::Up, "previous change", ""),
    b(S::Diff, DOWN, A::Down, "next change", ""),
    b(S::Diff, &[k(K::PageUp)], A::PageUp, "ten changes up", ""),
    b(
        S::Diff,
        &[k(K::PageDown)],
        A::PageDown,
        "ten changes down",
        "",
    ),
    b(S::Diff, &[c('g'), k(K::Home)], A::Top, "first change", ""),
    b(S::Diff, &[c('G'), k(K::End)], A::Bottom, "last change", ""),
    b(
        S::Diff,
        &[c('o')],
        A::CycleOld,
        "old side: next snapshot",
        "old side",
    ),
    b(
        S::Diff,
        &[c('n')],
        A::CycleNew,
        "new side: next snapshot",
        "new side",
    ),
    b(
        S::Diff,
        &[c('E')],
        A::ExportReport,
        "export a report of the new side",
        "report",
    ),
    b(
        S::Diff,
        &[k(K::Esc)],
        A::Back,
        "close the detail / back to home",
        "back",
    ),
    b(
        S::Plans,
        &[k(K::Tab)],
        A::NextPane,
        "switch tab: SoA, remediation plan",
        "tab",
    ),
    b(S::Plans, UP, A::Up, "previous row", ""),
    b(S::Plans, DOWN, A::Down, "next row", ""),
    b(S::Plans, &[k(K::PageUp)], A::PageUp, "ten rows up", ""),
    b(
        S::Plans,
        &[k(K::PageDown)],
        A::PageDown,
        "ten rows down",
        "",
    ),
    b(S::Plans, &[c('g'), k(K::Home)], A::Top, "first row", ""),
    b(S::Plans, &[c('G'), k(K::End)], A::Bottom, "last row", ""),
    b(
        S::Plans,
        &[c('f')],
        A::NextFilter,
        "filter the plan: all, overdue, each owner",
        "filter",
    ),
    b(
        S::Plans,
        &[c('e')],
        A::Edit,
        "justify an excluded control (SoA tab)",
        "justify",
    ),
    b(S::Plans, &[k(K::Esc)], A::Back, "back to home", "home"),
    b(
        S::Risk,
        &[k(K::Enter)],
        A::Select,
        "list the cell's impacts / open the impact in the wizard",
        "open",
    ),
    b(
        S::Risk,
        &[c('s')],
        A::NextFilter,
        "AI system: all, then each in turn",
        "AI system",
    ),
    b(
        S::Risk,
        &[k(K::Up), c('k')],
        A::Up,
        "higher likelihood / previous impact",
        "",
    ),
    b(
        S::Risk,
        &[k(K::Down), c('j')],
        A::Down,
        "lower likelihood / next impact",
        "",
    ),
    b(
        S::Risk,
        &[k(K::Left), c('h')],
        A::Left,
        "lower severity",
        "",
    ),
    b(
        S::Risk,
        &[k(K::Right), c('l')],
        A::Right,
        "higher severity",
        "",
    ),
    b(
        S::Risk,
        &[k(K::Esc)],
        A::Back,
        "close the list / back to home",
        "back",
    ),
    b(S::Vendors, UP, A::Up, "previous vendor", ""),
    b(S::Vendors, DOWN, A::Down, "next vendor", ""),
    b(S::Vendors, &[k(K::Esc)], A::Back, "back to home", "home"),
    b(
        S::Findings,
        &[k(K::Enter)],
        A::Select,
        "jump to the wizard (the finding's clause or control)",
        "wizard",
    ),
    b(S::Findings, &[c('a')], A::Add, "add a finding", "add"),
    b(S::Findings, &[c('e')], A::Edit, "edit the finding", "edit"),
    b(
        S::Findings,
        &[c('D'), k(K::Delete)],
        A::Delete,
        "delete the finding (asks first)",
        "delete",
    ),
    b(S::Findings, UP, A::Up, "previous finding", ""),
    b(S::Findings, DOWN, A::Down, "next finding", ""),
    b(
        S::Findings,
        &[k(K::PageUp)],
        A::PageUp,
        "ten findings up",
        "",
    ),
    b(
        S::Findings,
        &[k(K::PageDown)],
        A::PageDown,
        "ten findings down",
        "",
    ),
    b(
        S::Findings,
        &[c('g'), k(K::Home)],
        A::Top,
        "first finding",
        "",
    ),
    b(
        S::Findings,
        &[c('G'), k(K::End)],
        A::Bottom,
        "last finding",
        "",
    ),
    b(S::Findings, &[k(K::Esc)], A::Back, "back to home", "home"),
    b(
        S::Search,
        &[k(K::Enter)],
        A::Select,
        "jump to the result",
        "jump",
    ),
    b(
        S::Search,
        &[k(K::Tab)],
        A::NextFilter,
        "next filter",
        "filter",
    ),
    b(
        S::Search,
        &[k(K::Up), ctrl('k')],
        A::Up,
        "previous result",
        "",
    ),
    b(
        S::Search,
        &[k(K::Down), ctrl('j')],
        A::Down,
        "next result",
        "",
    ),
    b(S::Search, &[k(K::Esc)], A::Back, "close", "close"),
    b(
        S::Search,
        &[ctrl('c')],
        A::Quit,
        "quit (everything is saved)",
        "",
    ),
    bw(
        S::Editor,
        &[k(K::Enter)],
        A::Select,
        "save (one-line field)",
        "save",
        W::OneLine,
    ),
    bw(
        S::Editor,
        &[ctrl('s')],
        A::Save,
        "save",
        "save",
        W::MultiLine,
    ),
    bw(S::Editor, &[ctrl('s')], A::Save, "save", "", W::OneLine),
    bw(
        S::Editor,
        &[k(K::Enter)],
        A::Select,
        "new line (multi-line text)",
        "new line",
        W::MultiLine,
    ),
    b(
        S::Editor,
        &[k(K::Esc)],
        A::Back,
        "cancel (keeps nothing)",
        "cancel",
    ),
    b(
        S::Editor,
        &[ctrl('u')],
        A::EditText,
        "clear to the line start (all of a pre-filled value)",
        "clear",
    ),
    b(
        S::Editor,
        &[ctrl('w')],
        A::EditText,
        "delete the word before the cursor",
        "del word",
    ),
    b(
        S::Editor,
        &[k(K::Home), ctrl('a')],
        A::EditText,
        "start of the line",
        "",
    ),
    b(
        S::Editor,
        &[k(K::End), ctrl('e')],
        A::EditText,
        "end of the line",
        "",
    ),
    b(
        S::Editor,
        &[ctrl('c')],
        A::Quit,
        "quit (the text is saved if valid)",
        "",
    ),
    b(
        S::Form,
        &[k(K::Enter)],
        A::Select,
        "edit the field / next choice",
        "edit",
    ),
    b(S::Form, &[ctrl('s')], A::Save, "save / confirm", "save"),
    b(S::Form, &[k(K::Up), c('k')], A::Up, "previous field", ""),
    b(S::Form, &[k(K::Down), c('j')], A::Down, "next field", ""),
    b(
        S::Form,
        &[k(K::Left), c('h')],
        A::Left,
        "picker: previous choice",
        "",
    ),
    b(
        S::Form,
        &[k(K::Right), c('l')],
        A::Right,
        "picker: next choice",
        "",
    ),
    b(S::Form, &[k(K::Esc)], A::Back, "cancel / close", "cancel"),
    b(S::Confirm, &[c('y'), k(K::Enter)], A::Yes, "yes", "yes"),
    b(S::Confirm, &[c('n'), k(K::Esc)], A::No, "no", "no"),
    b(
        S::Discard,
        &[c('y')],
        A::Yes,
        "yes, quit and lose it",
        "yes",
    ),
    b(
        S::Discard,
        &[c('n'), k(K::Enter), k(K::Esc)],
        A::No,
        "no, stay (the default)",
        "no",
    ),
    b(
        S::Help,
        &[k(K::Esc), c('q'), c('?')],
        A::Back,
        "close",
        "close",
    ),
    b(S::Help, UP, A::Up, "scroll up", ""),
    b(S::Help, DOWN, A::Down, "scroll down", ""),
    b(S::Help, &[k(K::PageUp)], A::PageUp, "a page up", "page up"),
    b(
        S::Help,
        &[k(K::PageDown), c(' ')],
        A::PageDown,
        "a page down",
        "page down",
    ),
    b(S::Help, &[c('g'), k(K::Home)], A::Top, "top", "top"),
    b(S::Help, &[c('G'), k(K::End)], A::Bottom, "end", "end"),
    b(
        S::Global,
        &[c('?'), k(K::F(1))],
        A::Help,
        "help: all keys",
        "help",
    ),
    b(
        S::Global,
        &[c('q'), ctrl('c')],
        A::Quit,
        "quit (everything is saved)",
        "quit",
    ),
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

/// The key bar for the active scopes: `(key, label)` pairs of the entries with a bar
/// label whose condition holds, innermost scope first (so the global help and quit last).
pub fn hints(scopes: &[Scope], holds: &[When]) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    let shown = scopes.iter().flat_map(|s| {
        entries().filter(move |(b, _)| {
            b.scope == *s
                && !b.bar.is_empty()
                && (b.when == When::Always || holds.contains(&b.when))
        })
    });
    for (b, rows) in shown {
        let label = keys_label(rows, true);
        // An inner scope may rebind the key (in help, `?` closes): show what it does here.
        let does = b
            .keys
            .first()
            .is_some_and(|k| lookup(scopes, *k) == Some(b.action));
        if does && !out.iter().any(|(k, _)| *k == label) {
            out.push((label, b.bar));
        }
    }
    out
}

/// Lays the key bar out in at most `max_lines` lines of `width` columns, two spaces
/// between items. When not everything fits, screen keys are dropped from the end (the
/// last items, help and quit, always stay) and a line ends with `…`.
pub fn bar_lines(
    items: &[(String, &'static str)],
    width: usize,
    max_lines: usize,
) -> Vec<Vec<(String, &'static str)>> {
    let (screen, globals) = items.split_at(items.len() - items.len().min(2));
    for n in (0..=screen.len()).rev() {
        let mut shown: Vec<(String, &'static str)> = screen.iter().take(n).cloned().collect();
        if n < screen.len() {
            shown.push(("…".into(), ""));
        }
        shown.extend(globals.iter().cloned());
        let lines = pack(&shown, width);
        if lines.len() <= max_lines {
            return lines;
        }
    }
    let mut lines = pack(globals, width);
    lines.truncate(max_lines.max(1));
    lines
}

/// Greedy packing of bar items into lines of `width` columns.
fn pack(items: &[(String, &'static str)], width: usize) -> Vec<Vec<(String, &'static str)>> {
    let mut lines: Vec<Vec<(String, &'static str)>> = vec![Vec::new()];
    let mut used = 0;
    for (key, label) in items {
        let len = item_width(key, label);
        let gap = if used == 0 { 0 } else { 2 };
        if used > 0 && used + gap + len > width {
            lines.push(Vec::new());
            used = 0;
        }
        used += if used == 0 { len } else { gap + len };
        if let Some(l) = lines.last_mut() {
            l.push((key.clone(), *label));
        }
    }
    lines
}

/// Columns one bar item takes: the key, a space and the label (the key alone if none).
pub fn item_width(key: &str, label: &str) -> usize {
    use unicode_width::UnicodeWidthStr;
    if label.is_empty() {
        key.width()
    } else {
        key.width() + 1 + label.width()
    }
}

/// Whether two neighbouring rows are one entry of the help and the key bar: they differ
/// only in their keys and action (the digits, one row each).
fn same_entry(a: &Binding, b: &Binding) -> bool {
    a.scope == b.scope && a.desc == b.desc && a.bar == b.bar && a.when == b.when
}

/// The table's entries, in table order: each run of rows shown as one help line and one
/// key-bar item, with its first row.
fn entries() -> impl Iterator<Item = (&'static Binding, &'static [Binding])> {
    KEYMAP
        .chunk_by(same_entry)
        .filter_map(|rows| rows.first().map(|b| (b, rows)))
}

/// How an entry's keys are shown: a run of rows by its first and last key (`1-9`); one
/// row by its keys, in the key bar only the first.
fn keys_label(rows: &[Binding], first_only: bool) -> String {
    let first_key = |b: &Binding| b.keys.first().map(Key::label).unwrap_or_default();
    match rows {
        [first, .., last] => format!("{}-{}", first_key(first), first_key(last)),
        [b] if first_only => first_key(b),
        [b] => b.keys.iter().map(Key::label).collect::<Vec<_>>().join(" "),
        [] => String::new(),
    }
}

/// Scopes in the order the help screen lists them.
pub const HELP_ORDER: &[Scope] = &[
    Scope::Global,
    Scope::Home,
    Scope::Wizard,
    Scope::Tree,
    Scope::Answer,
    Scope::Info,
    Scope::Editor,
    Scope::Search,
    Scope::Heatmap,
    Scope::Diff,
    Scope::Plans,
    Scope::Risk,
    Scope::Vendors,
    Scope::Findings,
    Scope::Form,
    Scope::Confirm,
    Scope::Discard,
    Scope::Help,
];

/// One line of the help screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// A screen's heading.
    Heading(&'static str),
    /// One binding: its keys and what it does.
    Binding(String, &'static str),
    /// Space between screens.
    Blank,
}

/// The help screen: every entry once, grouped by screen (one heading each), one line per
/// entry (a binding, or a run of them such as the digits).
pub fn help_lines() -> Vec<HelpLine> {
    let mut out = Vec::new();
    for scope in HELP_ORDER {
        if !out.is_empty() {
            out.push(HelpLine::Blank);
        }
        out.push(HelpLine::Heading(scope.title()));
        for (b, rows) in entries().filter(|(b, _)| b.scope == *scope) {
            out.push(HelpLine::Binding(keys_label(rows, false), b.desc));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn home_names_heatmap_vendors_risk_snapshot_and_help_in_two_lines_at_80_columns() {
        let lines = bar_lines(&hints(&[Scope::Home, Scope::Global], &[]), 80, 2);
        assert!(lines.len() <= 2);
        let labels: Vec<&str> = lines.iter().flatten().map(|(_, l)| *l).collect();
        for want in ["heatmap", "vendors", "risk", "snapshot", "help", "quit"] {
            assert!(labels.contains(&want), "{want}: {labels:?}");
        }
        let narrow = bar_lines(&hints(&[Scope::Home, Scope::Global], &[]), 40, 2);
        let last = narrow.last().expect("a line");
        assert_eq!(last.last().map(|(_, l)| *l), Some("quit"), "{narrow:?}");
        assert!(narrow.iter().flatten().any(|(k, _)| k == "…"));
    }

    #[test]
    fn every_scope_is_in_the_help_once_and_every_entry_on_one_line() {
        let lines = help_lines();
        for scope in HELP_ORDER {
            let n = lines
                .iter()
                .filter(|l| **l == HelpLine::Heading(scope.title()))
                .count();
            assert_eq!(n, 1, "{scope:?}");
        }
        let bindings = lines
            .iter()
            .filter(|l| matches!(l, HelpLine::Binding(..)))
            .count();
        assert_eq!(bindings, entries().count());
    }

    #[test]
    fn a_run_of_rows_is_one_key_each_in_order_so_its_label_names_them_all() {
        for (_, rows) in entries().filter(|(_, rows)| rows.len() > 1) {
            let keys: Vec<Key> = rows.iter().flat_map(|b| b.keys.iter().copied()).collect();
            assert_eq!(keys.len(), rows.len(), "one key per row: {rows:?}");
            let codes: Vec<u32> = keys
                .iter()
                .map(|k| match k.code {
                    KeyCode::Char(ch) if k.mods.is_empty() => u32::from(ch),
                    _ => panic!("a run of plain characters: {rows:?}"),
                })
                .collect();
            assert!(codes.windows(2).all(|w| w[1] == w[0] + 1), "{rows:?}");
        }
        for when in [When::Single, When::Multi] {
            let pick: Vec<&Binding> = KEYMAP
                .iter()
                .filter(|b| b.when == when && matches!(b.action, Action::Pick(_)))
                .collect();
            assert_eq!(pick.len(), 9, "{when:?}");
            for (n, b) in (1..=9).zip(&pick) {
                assert_eq!(b.action, Action::Pick(n));
                assert_eq!(b.keys, &[c(char::from(b'0' + n))]);
            }
        }
    }

    #[test]
    fn the_bar_says_which_key_saves_in_each_editor_and_toggle_only_for_several() {
        let one = hints(&[Scope::Editor], &[When::OneLine]);
        assert!(one.contains(&("Enter".into(), "save")), "{one:?}");
        let multi = hints(&[Scope::Editor], &[When::MultiLine]);
        assert!(multi.contains(&("Ctrl-S".into(), "save")), "{multi:?}");
        assert!(multi.contains(&("Enter".into(), "new line")), "{multi:?}");
        let single = hints(&[Scope::Answer], &[When::Single, When::Choice]);
        assert!(
            !single.iter().any(|(_, l)| l.contains("toggle")),
            "{single:?}"
        );
        let several = hints(&[Scope::Answer], &[When::Multi, When::Choice]);
        assert!(several.contains(&("Space".into(), "toggle")), "{several:?}");
    }

    #[test]
    fn a_key_bound_twice_in_a_scope_does_the_same_under_another_condition() {
        let mut seen = HashSet::new();
        for b in KEYMAP {
            for key in b.keys {
                if let Some(other) = KEYMAP
                    .iter()
                    .find(|o| o.scope == b.scope && o.keys.contains(key))
                    .filter(|o| !std::ptr::eq(*o, b))
                {
                    assert_eq!(other.action, b.action, "{} in {:?}", key.label(), b.scope);
                }
                assert!(
                    seen.insert((b.scope, *key, b.when)),
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
