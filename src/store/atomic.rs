//! Durable, atomic file writes: temp file in the same folder, fsync, rename, fsync folder.
//! A crash at any point leaves either the old file or the new one, never a torn one.
//!
//! The temp file has an unpredictable name (`.<name>.<pid>.<random>.tmp`) and is created
//! exclusively (`O_CREAT | O_EXCL`, mode 0600) by the `tempfile` crate: a symbolic link or a
//! file planted in a shared folder is never opened, written through or inherited. Temp files
//! left by a process that died mid-write are removed by the next write of the same file.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::StoreError;
use super::workspace::io_err as err;

/// A step of an atomic write, named for fault injection in tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Creating the temp file.
    Create,
    /// Writing the bytes into it.
    Write,
    /// Flushing it to disk.
    Sync,
    /// Renaming it over the target.
    Rename,
    /// Flushing the folder entry.
    SyncDir,
}

/// Called before each [`Step`]; an error makes that step fail as if the OS had failed it.
pub type FailHook = dyn Fn(Step) -> std::io::Result<()> + Send + Sync;

/// How the temp file is published at the target path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Publish {
    /// Rename over whatever is there (a symlink is replaced, its target untouched).
    Replace,
    /// Fail when the target exists (snapshots are never replaced).
    NoClobber,
}

/// Temp files older than this are removed even when their process cannot be checked.
const ORPHAN_AGE: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// Who may read a written file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Audience {
    /// Workspace data: mode 0600 on Unix, whatever the umask.
    Owner,
    /// Files meant to be shared (reports, exports, schemas): mode 0666 less the umask, as
    /// any other program's output.
    Shared,
}

/// Writes `bytes` to `path` atomically and durably; new files get mode 0600 on Unix.
/// On failure the previous file, if any, is left untouched and the temp file removed.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    write_with(path, bytes, None)
}

/// [`write`] for a file meant to be shared (a report, an export): the same atomic and
/// durable publishing, with the permissions the user's umask gives new files (0644 under
/// the usual 022) instead of 0600.
pub fn write_shared(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    publish(path, bytes, None, Publish::Replace, Audience::Shared)
}

/// [`write`], with a hook called before each step (fault injection).
pub fn write_with(path: &Path, bytes: &[u8], hook: Option<&FailHook>) -> Result<(), StoreError> {
    publish(path, bytes, hook, Publish::Replace, Audience::Owner)
}

/// Writes a new file at `path` atomically and durably, failing (with the file untouched)
/// when `path` already exists, even when another process creates it in the meantime.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    publish(path, bytes, None, Publish::NoClobber, Audience::Owner)
}

fn publish(
    path: &Path,
    bytes: &[u8],
    hook: Option<&FailHook>,
    how: Publish,
    audience: Audience,
) -> Result<(), StoreError> {
    let check = |step: Step| hook.map_or(Ok(()), |h| h(step));
    let dir = parent_of(path);
    clean_orphans(path);
    let tmp = write_tmp(&dir, path, bytes, &check, audience)?;
    let published = check(Step::Rename).and_then(|()| match how {
        Publish::Replace => tmp.persist(path).map(drop).map_err(|e| e.error),
        Publish::NoClobber => tmp.persist_noclobber(path).map(drop).map_err(|e| e.error),
    });
    // On failure the `NamedTempFile` inside the error was dropped, removing the temp file.
    published.map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => StoreError::Exists {
            path: path.to_path_buf(),
        },
        _ => err("cannot replace", path)(e),
    })?;
    check(Step::SyncDir).map_err(err("cannot flush folder", &dir))?;
    sync_dir(&dir)
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The start of the names of the temp files this process writes `path` through:
/// `.<name>.<pid>.` (a random part and `.tmp` follow).
pub fn temp_prefix(path: &Path) -> String {
    format!(".{}.{}.", file_name(path), std::process::id())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn write_tmp(
    dir: &Path,
    path: &Path,
    bytes: &[u8],
    check: &dyn Fn(Step) -> std::io::Result<()>,
    audience: Audience,
) -> Result<tempfile::NamedTempFile, StoreError> {
    let prefix = temp_prefix(path);
    let mut tmp = check(Step::Create)
        .and_then(|()| {
            let mut b = tempfile::Builder::new();
            b.prefix(&prefix).suffix(".tmp").rand_bytes(10);
            #[cfg(unix)]
            if audience == Audience::Shared {
                use std::os::unix::fs::PermissionsExt as _;
                // Given to open(2), so the kernel applies the umask, as for any new file.
                b.permissions(fs::Permissions::from_mode(0o666));
            }
            #[cfg(not(unix))]
            let _ = audience;
            b.tempfile_in(dir)
        })
        .map_err(err("cannot create", &dir.join(format!("{prefix}*.tmp"))))?;
    let shown = tmp.path().to_path_buf();
    check(Step::Write)
        .and_then(|()| tmp.as_file_mut().write_all(bytes))
        .map_err(err("cannot write", &shown))?;
    check(Step::Sync)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(err("cannot flush to disk", &shown))?;
    Ok(tmp)
}

/// Removes the temp files of earlier writes of `path` whose process is gone (or which are a
/// day old): what a `kill -9` between creating and renaming leaves behind. Best effort; a
/// temp file of a live process (this one included) is never touched.
pub fn clean_orphans(path: &Path) {
    let dir = parent_of(path);
    let start = format!(".{}.", file_name(path));
    let Ok(entries) = fs::read_dir(&dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name
            .strip_prefix(&start)
            .and_then(|r| r.strip_suffix(".tmp"))
        else {
            continue;
        };
        let pid = rest.split('.').next().and_then(|p| p.parse::<u32>().ok());
        let Some(pid) = pid else { continue };
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age > ORPHAN_AGE);
        let orphan = pid != std::process::id() && (old || process_is_gone(pid));
        if orphan && !meta.is_dir() {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether no process `pid` exists (only known where `/proc` is mounted).
fn process_is_gone(pid: u32) -> bool {
    let proc = Path::new("/proc");
    cfg!(target_os = "linux") && proc.join("self").exists() && !proc.join(pid.to_string()).exists()
}

/// Flushes a folder's entries (the rename) to disk.
pub fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(err("cannot flush folder", dir))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests;
