//! The snapshot diff screen: which two snapshots, the cursor over changed answers, and
//! whether the side-by-side detail is open. The diff itself is `crate::diff::diff`.

use crate::catalog::Catalog;
use crate::diff::{AnswerChange, Questionnaires, SnapshotDiff, diff};
use crate::model::Snapshot;
use crate::tui::app::{App, Effect, Screen};
use crate::tui::keymap::Action;

/// A snapshot with the file name it was read from.
pub type Named = (String, Snapshot);

/// Cursor and selection of the diff screen.
#[derive(Debug, Clone)]
pub struct DiffState {
    /// Snapshots by file name, oldest first.
    pub snapshots: Vec<Named>,
    /// Index of the old side.
    pub old: usize,
    /// Index of the new side.
    pub new: usize,
    /// Changed answer under the cursor (in [`ordered_answers`] order).
    pub cursor: usize,
    /// Whether old and new of the answer under the cursor are shown side by side.
    pub detail: bool,
}

impl DiffState {
    /// The newest two snapshots, oldest first; `None` with fewer than two.
    pub fn new(mut snapshots: Vec<Named>) -> Option<DiffState> {
        snapshots.sort_by_key(|(_, s)| s.meta.created_at);
        let n = snapshots.len();
        let new = n.checked_sub(1)?;
        let old = n.checked_sub(2)?;
        Some(DiffState {
            snapshots,
            old,
            new,
            cursor: 0,
            detail: false,
        })
    }

    /// Moves one side to the next snapshot (wrapping), keeping the two sides different.
    pub fn cycle(&mut self, new_side: bool) {
        let n = self.snapshots.len().max(1);
        let (side, other) = if new_side {
            (&mut self.new, self.old)
        } else {
            (&mut self.old, self.new)
        };
        *side = (*side + 1) % n;
        if *side == other {
            *side = (*side + 1) % n;
        }
        self.cursor = 0;
        self.detail = false;
    }

    /// The two snapshots compared.
    pub fn pair(&self) -> Option<(&Named, &Named)> {
        Some((self.snapshots.get(self.old)?, self.snapshots.get(self.new)?))
    }

    /// The diff of the selected pair against the catalog's questionnaires.
    pub fn compute(&self, catalog: &Catalog) -> Option<SnapshotDiff> {
        let ((_, old), (_, new)) = self.pair()?;
        let qs = Questionnaires {
            old: Vec::new(),
            new: catalog.questionnaires.iter().map(|l| &l.item).collect(),
        };
        Some(diff(old, new, &qs))
    }
}

/// Changed answers, regressions (and removals) first, then by questionnaire and question.
pub fn ordered_answers(d: &SnapshotDiff) -> Vec<&AnswerChange> {
    let mut v: Vec<&AnswerChange> = d.answers.iter().collect();
    v.sort_by_key(|a| (!a.direction.is_worse(), a.direction));
    v
}

/// Opens the diff on the newest two snapshots in the workspace's `snapshots/` folder.
pub fn open(app: &mut App) {
    let entries = match crate::store::snapshots::list(&app.snapshots_dir) {
        Ok((entries, _)) => entries,
        Err(e) => {
            app.status = Some(format!("cannot read snapshots/: {e}"));
            return;
        }
    };
    let named = entries
        .into_iter()
        .map(|e| (e.file_name, e.snapshot))
        .collect();
    match DiffState::new(named) {
        Some(s) => app.screen = Screen::Diff(Box::new(s)),
        None => app.status = Some("the diff needs two snapshots in snapshots/".into()),
    }
}

/// Diff actions: move over changed answers, detail on/off, pick either side, back.
pub fn action(app: &mut App, action: Action) -> Vec<Effect> {
    let Screen::Diff(s) = &mut app.screen else {
        return Vec::new();
    };
    let len = s.compute(&app.catalog).map_or(0, |d| d.answers.len());
    let last = len.saturating_sub(1);
    if super::move_in_list(&mut s.cursor, action, last) {
        return Vec::new();
    }
    match action {
        Action::Select => s.detail = !s.detail,
        Action::CycleOld => s.cycle(false),
        Action::CycleNew => s.cycle(true),
        Action::Back if s.detail => s.detail = false,
        Action::Back => app.screen = Screen::Home(Default::default()),
        _ => {}
    }
    Vec::new()
}
