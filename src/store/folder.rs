//! Workspace folders clausewise writes into: refusing ones that are symbolic links, and the
//! lock that serialises writers of a snapshots folder.
//!
//! `snapshot save` reads the folder (to find the previous snapshot), then publishes a new
//! file chained to it. Two saves at once would both chain to the same predecessor (a fork)
//! or pick the same free name; [`FolderLock`] makes the read and the publish one step.
//! `import-answers --into FILE` takes the lock of the file's folder for its
//! read-modify-write, so concurrent imports never lose each other's answers.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use super::error::{StoreError, io_err};

/// The lock file in a snapshots folder (hidden, so never listed as a snapshot).
pub const LOCK_FILE: &str = ".clausewise-snapshots.lock";

/// Refuses `dir` when it is a symbolic link or something other than a folder; a missing
/// folder is fine (it is created as a real one).
pub fn refuse_symlinked(dir: &Path) -> Result<(), StoreError> {
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() || !m.is_dir() => Err(StoreError::NotAFolder {
            path: dir.to_path_buf(),
        }),
        _ => Ok(()),
    }
}

/// Creates `dir` (and its parents) unless it exists, then refuses it if it is not a real
/// folder.
pub fn ensure_real(dir: &Path) -> Result<(), StoreError> {
    refuse_symlinked(dir)?;
    std::fs::create_dir_all(dir).map_err(io_err("cannot create", dir))?;
    refuse_symlinked(dir)
}

/// An exclusive lock on a folder, held until dropped (the OS releases it if the process
/// dies). Waits for another holder to finish.
#[derive(Debug)]
pub struct FolderLock {
    _file: File,
    path: PathBuf,
}

impl FolderLock {
    /// Takes the lock of `dir` (a real folder, created if missing), waiting for any other
    /// holder.
    pub fn acquire(dir: &Path) -> Result<FolderLock, StoreError> {
        ensure_real(dir)?;
        let path = dir.join(LOCK_FILE);
        let file = open_lock_file(&path)?;
        match file.lock() {
            Ok(()) => {}
            // A file system without locks (some network mounts): saving still never
            // replaces a file (publishing is no-clobber); only concurrent saves may fork.
            Err(e) if e.kind() == std::io::ErrorKind::Unsupported => {}
            Err(e) => return Err(io_err("cannot lock", &path)(e)),
        }
        Ok(FolderLock { _file: file, path })
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Opens the lock file without following a symbolic link: created exclusively when new
/// (`O_EXCL` never follows a link), else opened and checked to be the plain file at `path`.
fn open_lock_file(path: &Path) -> Result<File, StoreError> {
    let mut create = OpenOptions::new();
    create.read(true).write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        create.mode(0o600);
    }
    match create.open(path) {
        Ok(f) => return Ok(f),
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
            return Err(io_err("cannot create lock", path)(e));
        }
        Err(_) => {}
    }
    let not_plain = || {
        io_err("cannot open lock", path)(std::io::Error::other(
            "it is a symbolic link or not a plain file; remove it if you did not make it",
        ))
    };
    let before = std::fs::symlink_metadata(path).map_err(io_err("cannot open lock", path))?;
    if !before.file_type().is_file() {
        return Err(not_plain());
    }
    let file = OpenOptions::new()
        .read(true)
        .open(path)
        .map_err(io_err("cannot open lock", path))?;
    if !same_file(&file, &before) {
        return Err(not_plain());
    }
    Ok(file)
}

fn same_file(file: &File, before: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        file.metadata()
            .is_ok_and(|m| m.dev() == before.dev() && m.ino() == before.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = (file, before);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn the_lock_serialises_holders() {
        let dir = tempfile::tempdir().expect("tempdir");
        let inside = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..5 {
                        let _l = FolderLock::acquire(dir.path()).expect("lock");
                        let n = inside.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(n, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(2));
                        inside.fetch_sub(1, Ordering::SeqCst);
                    }
                });
            }
        });
        assert_eq!(most.load(Ordering::SeqCst), 1, "never two holders at once");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_folder_or_lock_file_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().join("real");
        std::fs::create_dir(&real).expect("mkdir");
        let link = dir.path().join("snapshots");
        std::os::unix::fs::symlink(&real, &link).expect("link");
        let e = FolderLock::acquire(&link).expect_err("refused");
        assert!(e.to_string().contains("is a symbolic link"), "{e}");
        let victim = dir.path().join("victim");
        std::fs::write(&victim, b"v").expect("victim");
        std::os::unix::fs::symlink(&victim, real.join(LOCK_FILE)).expect("link");
        let e = FolderLock::acquire(&real).expect_err("refused");
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert_eq!(std::fs::read(&victim).expect("victim"), b"v");
        let dangling = dir.path().join("other");
        std::fs::create_dir(&dangling).expect("mkdir");
        let nowhere = dir.path().join("nowhere");
        std::os::unix::fs::symlink(&nowhere, dangling.join(LOCK_FILE)).expect("link");
        assert!(FolderLock::acquire(&dangling).is_err());
        assert!(
            !nowhere.exists(),
            "a dangling link is not followed to create"
        );
    }
}
