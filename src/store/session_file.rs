//! A small interim session file, `<workspace>/.clausewise/session.json`: the workspace's
//! organization, profile, subjects and assessments plus where the user left off.
//!
//! Written only through [`save`] (atomic, durable). This is a stop-gap that the store's
//! session API will replace; the TUI reaches it through one trait (`tui::persist`).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::StoreError;
use super::Workspace;
use super::atomic;
use crate::model::{Assessment, Subject};

/// Where the user left off in a questionnaire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResumePoint {
    /// Questionnaire id.
    pub questionnaire: String,
    /// Subject id, for per-subject questionnaires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The question the cursor was on.
    pub question: String,
    /// The entry of a repeatable section holding that question, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    /// Scroll offset of the question's help panel.
    #[serde(default)]
    pub scroll: u16,
}

/// Everything the wizard keeps between runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceState {
    /// Organization name.
    #[serde(default)]
    pub organization: String,
    /// Profile id.
    #[serde(default = "default_profile")]
    pub profile: String,
    /// AI systems and vendors.
    #[serde(default)]
    pub subjects: Vec<Subject>,
    /// All assessments, one per questionnaire and subject.
    #[serde(default)]
    pub assessments: Vec<Assessment>,
    /// Where the user left off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume: Option<ResumePoint>,
}

fn default_profile() -> String {
    "generic".into()
}

impl Default for WorkspaceState {
    fn default() -> Self {
        WorkspaceState {
            organization: String::new(),
            profile: default_profile(),
            subjects: Vec::new(),
            assessments: Vec::new(),
            resume: None,
        }
    }
}

/// Path of the session file in a workspace.
pub fn path(ws: &Workspace) -> PathBuf {
    ws.root.join(".clausewise").join("session.json")
}

/// Reads the session file; `None` when there is none yet.
pub fn load(ws: &Workspace) -> Result<Option<WorkspaceState>, StoreError> {
    let p = path(ws);
    let bytes = match std::fs::read(&p) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(&p, "cannot read", e)),
    };
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|e| io(&p, "cannot parse", e.into()))
}

/// Writes the session file atomically, creating `.clausewise/` if needed.
pub fn save(ws: &Workspace, state: &WorkspaceState) -> Result<(), StoreError> {
    let p = path(ws);
    if let Some(dir) = p.parent() {
        std::fs::create_dir_all(dir).map_err(|e| io(dir, "cannot create", e))?;
    }
    let mut bytes = serde_json::to_vec_pretty(state)
        .map_err(|e| io(&p, "cannot serialize", std::io::Error::other(e)))?;
    bytes.push(b'\n');
    atomic::write(&p, &bytes)
}

fn io(path: &std::path::Path, action: &'static str, source: std::io::Error) -> StoreError {
    StoreError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_missing_is_none() {
        let dir = tempfile::tempdir().expect("tempdir");
        let ws = Workspace {
            root: dir.path().to_path_buf(),
        };
        assert_eq!(load(&ws).expect("load"), None);
        let mut s = WorkspaceState {
            organization: "Acme".into(),
            ..Default::default()
        };
        s.resume = Some(ResumePoint {
            questionnaire: "q".into(),
            subject: None,
            question: "a".into(),
            entry: None,
            scroll: 2,
        });
        save(&ws, &s).expect("save");
        assert_eq!(load(&ws).expect("load"), Some(s));
    }
}
