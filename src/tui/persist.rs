//! The TUI's one door to storage: the store's [`Session`] (durable writes, advisory lock),
//! or a [`MemoryStore`] in tests.

use super::data::WorkspaceState;
use crate::store::{Session, StoreError};

pub use crate::store::session::WORKSPACE_SESSION;

/// The status line shown while the workspace is open read-only.
pub fn read_only_notice(holder: &str) -> String {
    format!("READ-ONLY: the workspace session is {holder}; changes are not saved")
}

/// Loads and saves what the wizard keeps between runs.
pub trait SessionStore {
    /// The saved state, if any.
    fn load(&self) -> Result<Option<WorkspaceState>, StoreError>;
    /// Saves the state durably; called after every committed answer, before the UI moves on.
    fn save(&mut self, state: &WorkspaceState) -> Result<(), StoreError>;
    /// Why changes cannot be saved (another process holds the session), if so.
    fn read_only(&self) -> Option<String> {
        None
    }
}

/// A store session, plus who holds it when it was opened read-only.
#[derive(Debug)]
pub struct StoreSession {
    /// The open session.
    pub session: Session,
    /// Set when another process holds the lock: "held by user@host pid N since T".
    pub held_by: Option<String>,
}

impl SessionStore for StoreSession {
    fn load(&self) -> Result<Option<WorkspaceState>, StoreError> {
        let s = &self.session;
        Ok(Some(WorkspaceState::from_session(
            s.state().clone(),
            s.resume(),
        )))
    }

    fn save(&mut self, data: &WorkspaceState) -> Result<(), StoreError> {
        let resume = data.resume_info();
        self.session.update(|state, r| {
            *state = data.state.clone();
            *r = resume;
        })
    }

    fn read_only(&self) -> Option<String> {
        self.held_by.clone()
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
