//! The TUI's one door to storage: the store's [`Session`] (durable writes, advisory lock),
//! or a [`MemoryStore`] in tests.

use super::app::App;
use super::ctx::Ctx;
use super::data::WorkspaceState;
use super::msg::{Effect, Msg, SavedSnapshot};
use crate::store::StoreError;
use crate::store::live::{Batch, Committed, LiveStore, Remote};

pub use crate::store::session::WORKSPACE_SESSION;

/// The status line shown while the workspace is open read-only.
pub fn read_only_notice(why: &str) -> String {
    let why = to_the_minute(why);
    format!("READ-ONLY ({why}): you can look, but nothing can be changed here")
}

/// `text` with every RFC 3339 timestamp in it (a lock's `since 2026-12-06T10:15:30.123456789Z`)
/// shown to the minute: `2026-12-06 10:15 UTC`.
pub fn to_the_minute(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            let (core, tail) = word
                .find([')', ',', ';'])
                .map_or((word, ""), |i| word.split_at(i));
            match core.parse::<jiff::Timestamp>() {
                Ok(t) => format!("{}{tail}", t.strftime("%Y-%m-%d %H:%M UTC")),
                Err(_) => word.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The saved snapshots, newest first, for Home: (file name, cycle, date). Unreadable ones
/// are left to `validate`.
pub fn saved_snapshots(dir: &std::path::Path) -> Vec<(String, String, String)> {
    let Ok(mut entries) = crate::store::snapshots::list_meta(dir) else {
        return Vec::new();
    };
    entries.sort_by_key(|(_, meta)| std::cmp::Reverse(meta.created_at));
    entries
        .into_iter()
        .map(|(file, meta)| {
            let date = jiff::tz::TimeZone::UTC.to_datetime(meta.created_at).date();
            (file, meta.cycle, date.to_string())
        })
        .collect()
}

/// A file effect as work for another thread: what it needs is copied out of the context
/// when it is made, and it answers with the message that carries the result back.
pub type FileJob = Box<dyn FnOnce() -> Msg + Send>;

/// Performs an effect on snapshot or report files through the store, here and now (tests;
/// the shell runs [`file_job`] on another thread). `Persist`, `Quit` and `LoadHistory` are
/// the shell's own and answer with a no-op message.
pub fn perform_file_effect(app: &App, effect: Effect) -> Msg {
    file_job(&app.ctx, effect).map_or(Msg::Resize, |job| job())
}

/// The work behind a file effect (saving a snapshot, reading two for a diff, writing a
/// report, reading one to reopen); `None` for the effects the shell handles itself.
pub fn file_job(ctx: &Ctx, effect: Effect) -> Option<FileJob> {
    use crate::store::{reports, snapshots, trust};
    let dir = ctx.snapshots_dir.clone();
    Some(match effect {
        Effect::SaveSnapshot {
            cycle,
            label,
            assessor,
        } => {
            let mut state = ctx.data.state.clone();
            state.assessor = assessor;
            let catalog = ctx.catalog.clone();
            Box::new(move || {
                let now = jiff::Timestamp::now();
                let r = snapshots::save_new(&dir, &state, &catalog, (cycle, label), None, now);
                Msg::SnapshotSaved(r.map_err(|e| e.to_string()).map(|(path, snap)| {
                    SavedSnapshot {
                        file: path
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default(),
                        digest: snap.digest.unwrap_or_default(),
                        list: saved_snapshots(&dir),
                    }
                }))
            })
        }
        Effect::LoadDiff { old, new } => {
            let catalog = ctx.catalog.clone();
            Box::new(move || {
                let read = |f: &str| {
                    trust::load_for_use(&dir.join(f), Some(&catalog))
                        .map(|(s, _)| s)
                        .map_err(|e| e.to_string())
                };
                let result = read(&old).and_then(|o| Ok(Box::new((o, read(&new)?))));
                Msg::DiffLoaded { old, new, result }
            })
        }
        Effect::WriteReport { snapshot, format } => {
            let (catalog, reports_dir) = (ctx.catalog.clone(), ctx.reports_dir.clone());
            Box::new(move || {
                let r = reports::export(&dir.join(&snapshot), &reports_dir, &catalog, format);
                Msg::ReportWritten(
                    r.map(|paths| paths.iter().map(|p| p.display().to_string()).collect())
                        .map_err(|e| e.to_string()),
                )
            })
        }
        Effect::ReopenSnapshot { file } => Box::new(move || {
            let result = trust::load_for_use(&dir.join(&file), None)
                .map(|(s, _)| Box::new(s))
                .map_err(|e| e.to_string());
            Msg::SnapshotReopened { file, result }
        }),
        Effect::Persist | Effect::Quit | Effect::LoadHistory(_) => return None,
    })
}

/// Loads and saves what the wizard keeps between runs.
pub trait SessionStore {
    /// The saved state, if any.
    fn load(&self) -> Result<Option<WorkspaceState>, StoreError>;
    /// Writes one batch of committed changes durably (one transaction); called after every
    /// committed answer, before the UI moves on. Answers someone else changed first come
    /// back as conflicts, not written.
    fn commit(&mut self, batch: &Batch) -> Result<Committed, StoreError>;
    /// Opens a store that is opened lazily; the shell calls it on the saver thread once the
    /// first frame is out, before `read_only`, `watcher` and `load`.
    fn open(&mut self) -> anyhow::Result<()> {
        Ok(())
    }
    /// Why changes cannot be saved (a read-only workspace), if so.
    fn read_only(&self) -> Option<String> {
        None
    }
    /// Who changed the answers to `target`'s question (any entry), oldest first.
    fn history(
        &self,
        target: &crate::model::AnswerTarget,
    ) -> Result<Vec<crate::store::live::HistoryRow>, StoreError> {
        let _ = target;
        Ok(Vec::new())
    }
    /// How to open a second reader for what other assessors commit (called on the
    /// watcher's own thread, so opening it does not delay the first frame).
    fn watcher(&self) -> Option<OpenWatch> {
        None
    }
}

/// Opens a [`Watch`], on the thread that polls it.
pub type OpenWatch = Box<dyn FnOnce() -> Option<Box<dyn Watch>> + Send>;

/// Reports what others committed after a sequence number.
pub trait Watch: Send {
    /// What changed after `seq`.
    fn since(&mut self, seq: i64) -> Result<Remote, StoreError>;
    /// Something was committed: a good moment to checkpoint the log.
    fn tidy(&mut self) {}
}

impl Watch for LiveStore {
    fn since(&mut self, seq: i64) -> Result<Remote, StoreError> {
        self.changes_since(seq)
    }

    fn tidy(&mut self) {
        self.checkpoint();
    }
}

/// The live workspace (the TUI's store).
#[derive(Debug)]
pub struct StoreSession {
    /// The open store.
    pub store: LiveStore,
    /// The workspace, for opening the watcher's own connection.
    pub workspace: crate::store::Workspace,
}

impl SessionStore for StoreSession {
    fn load(&self) -> Result<Option<WorkspaceState>, StoreError> {
        let who = self.store.who().to_string();
        Ok(Some(WorkspaceState::from_loaded(self.store.load()?, &who)))
    }

    fn commit(&mut self, batch: &Batch) -> Result<Committed, StoreError> {
        self.store.commit(batch)
    }

    fn read_only(&self) -> Option<String> {
        self.store.read_only().map(str::to_string)
    }

    fn history(
        &self,
        target: &crate::model::AnswerTarget,
    ) -> Result<Vec<crate::store::live::HistoryRow>, StoreError> {
        self.store.history(&crate::store::live::HistoryFilter {
            question: target.question.clone(),
            questionnaire: Some(target.questionnaire.clone()),
            subject: Some(target.subject.clone().unwrap_or_default()),
        })
    }

    fn watcher(&self) -> Option<OpenWatch> {
        let who = self.store.who().to_string();
        let workspace = self.workspace.clone();
        Some(Box::new(move || {
            LiveStore::open_as(&workspace, who)
                .ok()
                .map(|s| Box::new(s) as Box<dyn Watch>)
        }))
    }
}

/// An in-memory store for tests: applies each batch to its own copy of the state (so a
/// change the app forgot to mark shows up as a difference), counts commits.
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    /// The committed state.
    pub state: Option<WorkspaceState>,
    /// How many batches were committed.
    pub saves: usize,
    /// Every batch, in order.
    pub batches: Vec<Batch>,
}

impl SessionStore for MemoryStore {
    fn load(&self) -> Result<Option<WorkspaceState>, StoreError> {
        Ok(self.state.clone())
    }

    fn commit(&mut self, batch: &Batch) -> Result<Committed, StoreError> {
        self.saves += 1;
        let state = self.state.get_or_insert_with(WorkspaceState::default);
        for p in &batch.changes {
            state.state.apply(&p.change);
        }
        if let Some(r) = &batch.resume {
            *state = WorkspaceState::from_session(state.state.clone(), r);
        }
        self.batches.push(batch.clone());
        Ok(Committed::default())
    }
}

/// Terminated (SIGHUP / SIGTERM) while saving kept failing: writes the answers as a session
/// file under `.clausewise/rescue/` or, failing that, the temporary folder, and says where
/// (or that they are lost) for the message printed after the terminal is restored.
pub fn rescue(app: &App) -> String {
    let mut dirs = Vec::new();
    if let Some(root) = app.ctx.snapshots_dir.parent() {
        dirs.push(root.join(".clausewise").join("rescue"));
    }
    dirs.push(std::env::temp_dir());
    let since = app.ctx.save.saved_at.as_deref().unwrap_or("the start");
    match crate::store::session::rescue(&dirs, WORKSPACE_SESSION, &app.ctx.data.state) {
        Ok(path) => format!(
            "clausewise: saving failed, so the answers since {since} were written to {}; \
             once the disk has room, `clausewise recover {}` puts them back",
            path.display(),
            path.display()
        ),
        Err(e) => format!(
            "clausewise: saving failed and no rescue copy could be written ({e}): the answers \
             since {since} are lost"
        ),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_lock_time_is_shown_to_the_minute() {
        let why = "held by ann@host (pid 42) since 2026-12-06T10:15:30.123456789Z";
        assert_eq!(
            super::to_the_minute(why),
            "held by ann@host (pid 42) since 2026-12-06 10:15 UTC"
        );
        assert!(super::read_only_notice(why).contains("since 2026-12-06 10:15 UTC)"));
    }
}
