//! Advisory locks on session files, so two people on one host cannot silently overwrite
//! each other's answers.
//!
//! A session `x.json` is guarded by `x.json.lock`: the holder keeps an exclusive OS lock
//! (`flock`) on it and writes who it is (user, host, pid, since) into it. The OS drops the
//! lock when the holder dies, so a lock file still naming a dead process is stale and is
//! taken over. Where the file system cannot lock, the recorded pid decides: a live process
//! on this host, or any process on another host, keeps the lock.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::error::{StoreError, io_err};

/// Who holds a lock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockInfo {
    /// Login name.
    pub user: String,
    /// Host name.
    pub host: String,
    /// Process id.
    pub pid: u32,
    /// When the lock was taken (RFC 3339, UTC).
    pub since: Timestamp,
}

impl std::fmt::Display for LockInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}@{} (pid {}) since {}",
            crate::sanitize::line(&self.user),
            crate::sanitize::line(&self.host),
            self.pid,
            self.since
        )
    }
}

impl LockInfo {
    /// This process, now.
    pub fn current() -> LockInfo {
        LockInfo {
            user: std::env::var("USER")
                .or_else(|_| std::env::var("LOGNAME"))
                .unwrap_or_else(|_| "unknown".into()),
            host: host_name(),
            pid: std::process::id(),
            since: Timestamp::now(),
        }
    }

    /// Whether this names a process on this host that no longer runs.
    pub fn is_stale(&self) -> bool {
        self.host == host_name() && !pid_alive(self.pid)
    }
}

/// This machine's host name.
pub fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "unknown-host".into())
}

/// Whether a process with this id runs on this host (true when it cannot be told).
pub fn pid_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// A held lock; dropping it releases the lock and clears the holder record.
#[derive(Debug)]
pub struct SessionLock {
    file: File,
    path: PathBuf,
    /// This process's record.
    pub info: LockInfo,
    /// A stale holder (dead process) whose lock was taken over, if any.
    pub took_over: Option<LockInfo>,
}

/// The lock file guarding `target`.
pub fn lock_path(target: &Path) -> PathBuf {
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    target.with_file_name(name)
}

impl SessionLock {
    /// Takes the lock guarding `target`, or says who holds it ([`StoreError::Locked`]).
    pub fn acquire(target: &Path) -> Result<SessionLock, StoreError> {
        let path = lock_path(target);
        let mut opts = OpenOptions::new();
        opts.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        refuse_symlink(&path)?;
        let mut file = opts
            .open(&path)
            .map_err(io_err("cannot open lock", &path))?;
        if !same_file(&file, &path) {
            return Err(not_a_plain_file(&path));
        }
        let previous = read_info(&mut file);
        let locked = |holder: Option<LockInfo>| StoreError::Locked {
            path: target.to_path_buf(),
            holder: holder.unwrap_or_else(unknown_holder),
        };
        // With an OS lock the recorded holder is only shown to others (who read it through
        // the same page cache): it needs no fsync, which would delay every start-up. Without
        // one, the record is the lock and must reach the disk (and other hosts) first.
        let durable = match file.try_lock() {
            Ok(()) => false,
            Err(TryLockError::WouldBlock) => return Err(locked(previous)),
            Err(TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => {
                if let Some(p) = previous.as_ref().filter(|p| !p.is_stale()) {
                    return Err(locked(Some(p.clone())));
                }
                true
            }
            Err(TryLockError::Error(e)) => return Err(io_err("cannot lock", &path)(e)),
        };
        let info = LockInfo::current();
        write_info(&mut file, &info, durable).map_err(io_err("cannot write lock", &path))?;
        Ok(SessionLock {
            file,
            path,
            info,
            took_over: previous,
        })
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Who holds the lock on `target`, if anyone (a stale record counts as nobody).
    pub fn holder(target: &Path) -> Option<LockInfo> {
        let path = lock_path(target);
        let mut file = File::open(&path).ok()?;
        let info = read_info(&mut file)?;
        match file.try_lock_shared() {
            Ok(()) => {
                let _ = file.unlock();
                None
            }
            Err(TryLockError::WouldBlock) => Some(info),
            Err(TryLockError::Error(_)) => (!info.is_stale()).then_some(info),
        }
    }
}

/// A lock path that is a symbolic link is refused: writing the record through it (and
/// truncating it on release) would overwrite whatever it points at, e.g. a link planted in a
/// shared workspace pointing at another file of the user's.
fn refuse_symlink(path: &Path) -> Result<(), StoreError> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(not_a_plain_file(path)),
        _ => Ok(()),
    }
}

fn not_a_plain_file(path: &Path) -> StoreError {
    io_err("cannot open lock", path)(std::io::Error::other(
        "it is a symbolic link or was swapped while opening; remove it if you did not make it",
    ))
}

/// Whether the opened file is still the plain file at `path` (no link swapped in between).
fn same_file(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::symlink_metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        // Clear the record first, so a reader never sees an unlocked file naming us.
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

fn unknown_holder() -> LockInfo {
    LockInfo {
        user: "unknown".into(),
        host: "unknown-host".into(),
        pid: 0,
        since: Timestamp::UNIX_EPOCH,
    }
}

fn read_info(file: &mut File) -> Option<LockInfo> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    file.take(4096).read_to_string(&mut text).ok()?;
    serde_json::from_str(&text).ok()
}

/// Records the holder in the lock file, flushed to disk when `durable`.
fn write_info(file: &mut File, info: &LockInfo, durable: bool) -> std::io::Result<()> {
    let text = serde_json::to_string(info).map_err(std::io::Error::other)?;
    file.set_len(0)?;
    file.seek(SeekFrom::Start(0))?;
    file.write_all(text.as_bytes())?;
    file.write_all(b"\n")?;
    if durable { file.sync_all() } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_handle_is_refused_with_the_holder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("s.json");
        let first = SessionLock::acquire(&target).expect("first");
        assert!(first.took_over.is_none());
        match SessionLock::acquire(&target) {
            Err(StoreError::Locked { holder, .. }) => {
                assert_eq!(holder.pid, std::process::id());
                assert_eq!(holder.host, host_name());
            }
            other => panic!("expected Locked, got {other:?}"),
        }
        assert_eq!(
            SessionLock::holder(&target).map(|h| h.pid),
            Some(first.info.pid)
        );
        drop(first);
        assert!(SessionLock::holder(&target).is_none());
        SessionLock::acquire(&target).expect("free again");
    }

    #[test]
    fn a_record_left_by_a_dead_process_is_taken_over() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("s.json");
        let mut child = std::process::Command::new("true").spawn().expect("spawn");
        let dead = child.id();
        child.wait().expect("wait");
        let stale = LockInfo {
            pid: dead,
            ..LockInfo::current()
        };
        assert!(stale.is_stale());
        std::fs::write(
            lock_path(&target),
            serde_json::to_string(&stale).expect("json"),
        )
        .expect("write");
        let lock = SessionLock::acquire(&target).expect("taken over");
        assert_eq!(lock.took_over.as_ref().map(|t| t.pid), Some(dead));
    }
}
