//! Everything that touches the disk: workspaces, atomic saves, session files with advisory
//! locks, and snapshot storage with its digest chain. What a snapshot's bytes, digest and
//! migrations are is decided by the pure [`crate::seal`]; this module reads and writes them.

pub mod atomic;
pub mod error;
pub mod files;
pub mod folder;
pub mod head;
pub mod live;
pub mod lock;
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
pub use snapshots::SnapshotEntry;
pub use workspace::Workspace;
