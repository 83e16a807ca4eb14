//! The TUI's one door to storage. Seam: when the store's session API lands, implement
//! [`SessionStore`] for it (or replace [`FileStore`]'s two bodies) and nothing else changes.

use crate::store::session_file::{self, WorkspaceState};
use crate::store::{StoreError, Workspace};

/// Loads and saves what the wizard keeps between runs.
pub trait SessionStore {
    /// The saved state, if any.
    fn load(&self) -> Result<Option<WorkspaceState>, StoreError>;
    /// Saves the state durably; called after every committed answer, before the UI moves on.
    fn save(&mut self, state: &WorkspaceState) -> Result<(), StoreError>;
}

/// The interim session file in `<workspace>/.clausewise/session.json`.
#[derive(Debug, Clone)]
pub struct FileStore {
    /// The workspace.
    pub workspace: Workspace,
}

impl SessionStore for FileStore {
    fn load(&self) -> Result<Option<WorkspaceState>, StoreError> {
        session_file::load(&self.workspace)
    }

    fn save(&mut self, state: &WorkspaceState) -> Result<(), StoreError> {
        session_file::save(&self.workspace, state)
    }
}

/// An in-memory store for tests: counts saves and keeps the last state.
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    /// The last saved state.
    pub state: Option<WorkspaceState>,
    /// How many times `save` was called.
    pub saves: usize,
}

impl SessionStore for MemoryStore {
    fn load(&self) -> Result<Option<WorkspaceState>, StoreError> {
        Ok(self.state.clone())
    }

    fn save(&mut self, state: &WorkspaceState) -> Result<(), StoreError> {
        self.saves += 1;
        self.state = Some(state.clone());
        Ok(())
    }
}
