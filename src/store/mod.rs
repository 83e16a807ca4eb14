//! Everything that touches the disk: workspaces, atomic saves, session files with advisory
//! locks, and snapshot storage with its digest chain.

pub mod atomic;
pub mod canonical;
pub mod error;
pub mod files;
pub mod folder;
pub mod head;
pub mod live;
pub mod lock;
pub mod migrate;
pub mod pack;
pub mod reports;
pub mod session;
pub mod snapshots;
pub mod trust;
pub mod verify;
pub mod workspace;

pub use error::StoreError;
pub use live::LiveStore;
pub use lock::{LockInfo, SessionLock};
pub use session::{ResumeInfo, Session, SessionFile, SessionSummary};
pub use snapshots::{SnapshotEntry, SnapshotRequest};
pub use verify::{VerifyProblem, VerifyReport};
pub use workspace::Workspace;
