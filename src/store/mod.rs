//! Everything that touches the disk: workspaces, reading input files, and (later) atomic
//! saves, locking and snapshot storage.

pub mod atomic;
pub mod files;
pub mod workspace;

pub use workspace::{StoreError, Workspace};
