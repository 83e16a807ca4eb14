//! Errors from the store, each saying what was being done, on which path, and what to try.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::lock::LockInfo;

/// Errors from the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// An I/O operation failed on a path.
    #[error("{action} {path}: {source}{hint}", hint = hint(source))]
    Io {
        /// What was being done ("cannot read", "cannot create").
        action: &'static str,
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// `--workspace` names a folder that does not exist (or is not a folder).
    #[error(
        "no workspace at {path}: it is not a folder; create one with `clausewise init {path}`, or fix --workspace",
        path = path.display()
    )]
    NoWorkspace {
        /// The path given.
        path: PathBuf,
    },
    /// No platform data directory could be found.
    #[error("no workspace: pass --workspace DIR, run inside a workspace, or set HOME")]
    NoDataDir,
    /// Another process holds the session's lock.
    #[error(
        "{path} is being edited by {holder}; open it read-only to view it, or wait until they close it"
    )]
    Locked {
        /// The session file.
        path: PathBuf,
        /// Who holds the lock.
        holder: LockInfo,
    },
    /// A write was attempted on a session opened read-only.
    #[error("{path} is open read-only; nothing was saved")]
    ReadOnly {
        /// The session file.
        path: PathBuf,
    },
    /// A file could not be understood (syntax, schema, version).
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong, with the position when known.
        message: String,
    },
    /// The live workspace database refused an operation.
    #[error("{path}: {message}{hint}", hint = db_hint(*.full))]
    Database {
        /// The database file.
        path: PathBuf,
        /// What SQLite said, and what was being done.
        message: String,
        /// Whether the disk (or the quota) is full.
        full: bool,
    },
    /// The workspace cannot be changed here (read-only file system or permissions).
    #[error("the workspace at {path} is read-only here ({why}); nothing was saved")]
    WorkspaceReadOnly {
        /// The database file.
        path: PathBuf,
        /// Why.
        why: String,
    },
    /// Nothing matched a name.
    #[error("{0}")]
    NotFound(String),
    /// A file that is never replaced (a snapshot) already exists.
    #[error(
        "{path} already exists; a snapshot is never replaced: choose another name (--name)",
        path = path.display()
    )]
    Exists {
        /// The file.
        path: PathBuf,
    },
    /// A workspace folder is a symbolic link (or not a folder), so writing into it could
    /// land anywhere.
    #[error(
        "{path} is a symbolic link or not a folder; clausewise writes only into real folders of the workspace: replace it with a folder (or pass --workspace with the real path)",
        path = path.display()
    )]
    NotAFolder {
        /// The folder.
        path: PathBuf,
    },
    /// A file is larger than a reader accepts.
    #[error("{path}: the file is {size} bytes; the limit is {limit} bytes", path = path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A value could not be turned into JSON (a bug, not an input problem).
    #[error("cannot encode JSON: {0}")]
    Encode(#[from] serde_json::Error),
}

impl From<crate::seal::SealError> for StoreError {
    fn from(e: crate::seal::SealError) -> Self {
        match e {
            crate::seal::SealError::NotFound(m) => StoreError::NotFound(m),
            crate::seal::SealError::Encode(e) => StoreError::Encode(e),
        }
    }
}

/// A hint for the common I/O failures people can fix themselves. It says nothing about
/// what was kept: only the caller knows (the wizard keeps unsaved answers in memory and
/// says so; a command that failed to write a file kept nothing).
fn hint(e: &std::io::Error) -> &'static str {
    match e.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            " (the disk is full: free some space and try again)"
        }
        ErrorKind::FileTooLarge => {
            " (the file size limit was reached: raise `ulimit -f` or free space and try again)"
        }
        ErrorKind::ReadOnlyFilesystem => {
            " (the file system is read-only: choose another workspace)"
        }
        ErrorKind::PermissionDenied => " (permission denied: check the folder's owner and mode)",
        _ => "",
    }
}

fn db_hint(full: bool) -> &'static str {
    if full {
        " (the disk is full: free some space; nothing of this change was written, and everything committed before it is intact)"
    } else {
        ""
    }
}

/// Maps an I/O error on `path` to a [`StoreError`] saying what was being done.
pub(crate) fn io_err<'a>(
    action: &'static str,
    path: &'a Path,
) -> impl FnOnce(std::io::Error) -> StoreError + 'a {
    move |source| StoreError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disk_full_says_so_and_claims_nothing_about_answers() {
        let e = io_err("cannot write", Path::new("s.json"))(std::io::Error::from(
            ErrorKind::StorageFull,
        ));
        let text = e.to_string();
        assert!(text.starts_with("cannot write s.json: "), "{text}");
        assert!(text.contains("the disk is full"), "{text}");
        assert!(!text.contains("kept in memory"), "{text}");
    }
}
