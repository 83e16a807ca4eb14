//! The snapshot diff screen: which two snapshots, the cursor over changed answers, and
//! whether the side-by-side detail is open. The diff itself is `crate::diff::diff`.

use crate::catalog::Catalog;
use crate::diff::{AnswerChange, Questionnaires, SnapshotDiff, diff};
use crate::model::Snapshot;

use crate::tui::ctx::Ctx;
use crate::tui::msg::Effect;

/// A snapshot with the file name it was read from.
pub type Named = (String, Snapshot);

/// Cursor and selection of the diff screen. The two snapshots compared are read by the
/// shell ([`Effect::LoadDiff`]) and delivered with [`DiffState::loaded`]; this state does no
/// file I/O.
#[derive(Debug, Clone)]
pub struct DiffState {
    /// Snapshot file names, oldest first.
    pub files: Vec<String>,
    /// Index of the old side.
    pub old: usize,
    /// Index of the new side.
    pub new: usize,
    /// The two snapshots compared, once read: (old, new).
    pub loaded: Option<Box<(Named, Named)>>,
    /// Why the selected pair could not be read.
    pub error: Option<String>,
    /// Changed answer under the cursor (in [`ordered_answers`] order).
    pub cursor: usize,
    /// Whether old and new of the answer under the cursor are shown side by side.
    pub detail: bool,
    /// The diff of the pair, its changed answers in [`ordered_answers`] order: worked out
    /// once when the pair is read, not on every key and frame.
    pub diff: Option<std::sync::Arc<SnapshotDiff>>,
}

impl DiffState {
    /// The newest two of already-read snapshots, oldest first; `None` with fewer than two.
    pub fn new(mut snapshots: Vec<Named>) -> Option<DiffState> {
        snapshots.sort_by_key(|(_, s)| s.meta.created_at);
        let mut s = DiffState::of_files(snapshots.iter().map(|(n, _)| n.clone()).collect())?;
        let new = snapshots.pop()?;
        let old = snapshots.pop()?;
        s.loaded = Some(Box::new((old, new)));
        Some(s)
    }

    /// The newest two of `files` (oldest first), not read yet; `None` with fewer than two.
    pub fn of_files(files: Vec<String>) -> Option<DiffState> {
        let n = files.len();
        let new = n.checked_sub(1)?;
        let old = n.checked_sub(2)?;
        Some(DiffState {
            files,
            old,
            new,
            loaded: None,
            error: None,
            cursor: 0,
            detail: false,
            diff: None,
        })
    }

    /// The effect that reads the selected pair.
    pub fn load(&self) -> Vec<Effect> {
        match (self.files.get(self.old), self.files.get(self.new)) {
            (Some(old), Some(new)) => vec![Effect::LoadDiff {
                old: old.clone(),
                new: new.clone(),
            }],
            _ => Vec::new(),
        }
    }

    /// Moves one side to the next snapshot (wrapping), keeping the two sides different;
    /// when the pair changed, drops the old pair and returns the effect that reads the new.
    pub fn cycle(&mut self, new_side: bool) -> Vec<Effect> {
        let n = self.files.len().max(1);
        let before = (self.old, self.new);
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
        if before == (self.old, self.new) {
            return Vec::new();
        }
        self.loaded = None;
        self.diff = None;
        self.error = None;
        self.load()
    }

    /// Takes the shell's answer to [`Effect::LoadDiff`], unless the selection moved on.
    pub fn loaded(
        &mut self,
        old: &str,
        new: &str,
        result: Result<Box<(Snapshot, Snapshot)>, String>,
    ) {
        let current = (self.files.get(self.old), self.files.get(self.new));
        if current != (Some(&old.to_string()), Some(&new.to_string())) {
            return;
        }
        match result {
            Ok(pair) => {
                let (o, n) = *pair;
                self.loaded = Some(Box::new(((old.to_string(), o), (new.to_string(), n))));
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// The two snapshots compared, once read.
    pub fn pair(&self) -> Option<(&Named, &Named)> {
        self.loaded.as_deref().map(|(o, n)| (o, n))
    }

    /// The diff of the selected pair against the catalog's questionnaires, its changed
    /// answers in [`ordered_answers`] order.
    pub fn compute(&self, catalog: &Catalog) -> Option<SnapshotDiff> {
        let ((_, old), (_, new)) = self.pair()?;
        let qs = Questionnaires {
            old: Vec::new(),
            new: catalog.questionnaires.iter().map(|l| &l.item).collect(),
        };
        let mut d = diff(old, new, &qs);
        d.answers
            .sort_by_key(|a| (!a.direction.is_worse(), a.direction));
        Some(d)
    }
}

/// Changed answers, regressions (and removals) first, then by questionnaire and question.
pub fn ordered_answers(d: &SnapshotDiff) -> Vec<&AnswerChange> {
    let mut v: Vec<&AnswerChange> = d.answers.iter().collect();
    v.sort_by_key(|a| (!a.direction.is_worse(), a.direction));
    v
}

/// The diff on the newest two of Home's saved snapshots, and the effect that reads them;
/// `None` (said in the status line) with fewer than two.
pub fn open(ctx: &mut Ctx) -> Option<(DiffState, Vec<Effect>)> {
    let files = ctx
        .snapshots
        .iter()
        .rev()
        .map(|(f, _, _)| f.clone())
        .collect();
    match DiffState::of_files(files) {
        Some(s) => {
            let effects = s.load();
            Some((s, effects))
        }
        None => {
            ctx.status = Some("the diff needs two snapshots in snapshots/: S saves one".into());
            None
        }
    }
}
