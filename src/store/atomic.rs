//! Durable, atomic file writes: temp file in the same folder, fsync, rename, fsync folder.
//! A crash at any point leaves either the old file or the new one, never a torn one.

use std::fs::{self, File, OpenOptions};
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

/// Writes `bytes` to `path` atomically and durably; new files get mode 0600 on Unix.
/// On failure the previous file, if any, is left untouched and the temp file removed.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    write_with(path, bytes, None)
}

/// [`write`], with a hook called before each step (fault injection).
pub fn write_with(path: &Path, bytes: &[u8], hook: Option<&FailHook>) -> Result<(), StoreError> {
    let check = |step: Step| hook.map_or(Ok(()), |h| h(step));
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let tmp = temp_path(path);
    let result = write_tmp(&tmp, bytes, &check).and_then(|()| {
        check(Step::Rename)
            .and_then(|()| fs::rename(&tmp, path))
            .map_err(err("cannot replace", path))
    });
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
        return result;
    }
    check(Step::SyncDir).map_err(err("cannot flush folder", &dir))?;
    sync_dir(&dir)
}

/// The temp file a write to `path` goes through: hidden, same folder, per process.
pub fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

fn write_tmp(
    tmp: &Path,
    bytes: &[u8],
    check: &dyn Fn(Step) -> std::io::Result<()>,
) -> Result<(), StoreError> {
    let mut opts = OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = check(Step::Create)
        .and_then(|()| opts.open(tmp))
        .map_err(err("cannot create", tmp))?;
    check(Step::Write)
        .and_then(|()| f.write_all(bytes))
        .map_err(err("cannot write", tmp))?;
    check(Step::Sync)
        .and_then(|()| f.sync_all())
        .map_err(err("cannot flush to disk", tmp))
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
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("a.json");
        write(&p, b"one").expect("first write");
        write(&p, b"two").expect("second write");
        assert_eq!(fs::read(&p).expect("read"), b"two");
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&p).expect("meta").permissions().mode() & 0o777,
                0o600
            );
        }
    }

    #[test]
    fn failure_keeps_the_old_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("a.json");
        write(&p, b"old").expect("write");
        // Renaming a file over a non-empty directory fails: the old content must survive.
        let target = dir.path().join("sub");
        fs::create_dir(&target).expect("mkdir");
        fs::write(target.join("x"), b"x").expect("fill");
        assert!(write(&target, b"new").is_err());
        let full = |_: Step| Err(std::io::Error::from(std::io::ErrorKind::StorageFull));
        let e = write_with(&p, b"new", Some(&full)).expect_err("disk full");
        assert!(e.to_string().contains("disk is full"), "{e}");
        assert_eq!(fs::read(&p).expect("read"), b"old");
        assert_eq!(
            fs::read_dir(dir.path()).expect("list").count(),
            2,
            "temp file removed"
        );
    }
}
