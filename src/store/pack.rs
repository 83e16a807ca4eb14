//! The disk side of `clausewise pack`: reading a snapshot file and evidence files confined to
//! the workspace, and writing the pack's files into an empty folder through the atomic
//! writer ([`super::atomic::write_shared`]). What goes into a pack is decided by the caller
//! (`crate::report::pack` renders the checksums and the README).

use std::path::{Component, Path, PathBuf};

use super::error::{StoreError, io_err};
use super::files::{ReadError, read_bytes};

/// Largest evidence file copied into a pack.
pub const MAX_EVIDENCE_BYTES: u64 = 64 * 1024 * 1024;

/// Largest snapshot file copied (as `snapshot save` allows).
pub const MAX_SNAPSHOT_BYTES: u64 = 256 * 1024 * 1024;

/// Why an evidence reference was not copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skipped {
    /// A URL or a document id, not a path to a file in the workspace.
    NotAPath,
    /// The path leads outside the workspace (`..`, an absolute path elsewhere, or a
    /// symbolic link pointing out).
    Outside,
    /// No regular file there.
    Missing,
    /// Larger than [`MAX_EVIDENCE_BYTES`].
    TooLarge,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Skipped::NotAPath => "not a file path in the workspace (a URL or document id)",
            Skipped::Outside => "outside the workspace; not copied",
            Skipped::Missing => "no such file in the workspace",
            Skipped::TooLarge => "larger than the 64 MiB a pack copies",
        })
    }
}

/// The bytes of an evidence file named by `reference`, a path relative to the workspace
/// `root` (or absolute inside it), with the path it takes in the pack (relative to the
/// workspace, `/`-separated). Symbolic links are followed only as far as they stay inside
/// the workspace: the resolved file must lie under the resolved root.
pub fn evidence(root: &Path, reference: &str) -> Result<(String, Vec<u8>), Skipped> {
    let r = reference.trim();
    if r.is_empty() || r.contains("://") || r.starts_with("mailto:") {
        return Err(Skipped::NotAPath);
    }
    let given = Path::new(r);
    let joined = if given.is_absolute() {
        given.to_path_buf()
    } else {
        root.join(given)
    };
    let root = root.canonicalize().map_err(|_| Skipped::Missing)?;
    let Ok(real) = joined.canonicalize() else {
        // Not there; say "outside" for a path that would leave the workspace anyway.
        let escapes = given.is_absolute()
            || given
                .components()
                .any(|c| matches!(c, Component::ParentDir));
        return Err(if escapes {
            Skipped::Outside
        } else {
            Skipped::Missing
        });
    };
    let rel = real.strip_prefix(&root).map_err(|_| Skipped::Outside)?;
    if !real.is_file() {
        return Err(Skipped::Missing);
    }
    let name: Vec<String> = (rel.components())
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match read_bytes(&real, MAX_EVIDENCE_BYTES) {
        Ok(bytes) => Ok((name.join("/"), bytes)),
        Err(ReadError::TooLarge { .. }) => Err(Skipped::TooLarge),
        Err(ReadError::Io(_)) => Err(Skipped::Missing),
    }
}

/// The bytes of a snapshot file, as saved (the pack keeps them byte for byte, so their
/// digests verify).
pub fn snapshot_bytes(path: &Path) -> Result<Vec<u8>, StoreError> {
    read_bytes(path, MAX_SNAPSHOT_BYTES).map_err(|e| match e {
        ReadError::Io(e) => e,
        ReadError::TooLarge { limit, .. } => StoreError::TooLarge {
            path: path.to_path_buf(),
            size: limit + 1,
            limit,
        },
    })
}

/// Writes `files` (relative `/`-separated names and bytes) into `dir`, which must be missing
/// or empty so the pack holds nothing its checksums do not cover. Each file is written
/// atomically and durably; names that are absolute or climb out with `..` are refused.
pub fn write(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<Vec<PathBuf>, StoreError> {
    super::folder::ensure_real(dir)?;
    let mut entries = std::fs::read_dir(dir).map_err(io_err("cannot list", dir))?;
    if entries.next().is_some() {
        return Err(StoreError::Invalid {
            path: dir.to_path_buf(),
            message: "the folder is not empty; a pack is written into a new or empty folder, so it holds nothing its checksums do not cover".into(),
        });
    }
    let mut written = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let rel = Path::new(name);
        if rel.is_absolute() || !rel.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(StoreError::Invalid {
                path: rel.to_path_buf(),
                message: "a pack file name must stay inside the pack".into(),
            });
        }
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            super::folder::ensure_real(parent)?;
        }
        super::atomic::write_shared(&path, bytes)?;
        written.push(path);
    }
    Ok(written)
}
