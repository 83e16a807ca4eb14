//! Finding, creating and reading a workspace: a folder with `questionnaires/`, `profiles/`
//! and `snapshots/`.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::catalog::{Catalog, MAX_FILE_BYTES, MAX_SNAPSHOT_BYTES, SourceFile};

pub use super::error::StoreError;
pub(crate) use super::error::io_err;

/// The sub-folders every workspace has.
pub const FOLDERS: [&str; 3] = ["questionnaires", "profiles", "snapshots"];

/// A workspace on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    /// Its root folder.
    pub root: PathBuf,
}

impl Workspace {
    /// `--workspace DIR` if given; else the current directory when it has the workspace
    /// folders; else the platform data directory (created if missing).
    pub fn discover(explicit: Option<&Path>) -> Result<Workspace, StoreError> {
        if let Some(dir) = explicit {
            if !dir.is_dir() {
                return Err(StoreError::NoWorkspace {
                    path: dir.to_path_buf(),
                });
            }
            return Ok(Workspace {
                root: dir.to_path_buf(),
            });
        }
        if let Ok(cwd) = std::env::current_dir()
            && Workspace::is_workspace(&cwd)
        {
            return Ok(Workspace { root: cwd });
        }
        let dirs = directories::ProjectDirs::from("org", "clausewise", "clausewise")
            .ok_or(StoreError::NoDataDir)?;
        Workspace::init(dirs.data_dir())
    }

    /// Whether `dir` has all the workspace folders.
    pub fn is_workspace(dir: &Path) -> bool {
        FOLDERS.iter().all(|f| dir.join(f).is_dir())
    }

    /// Creates the workspace folders under `dir` (keeping anything already there).
    pub fn init(dir: &Path) -> Result<Workspace, StoreError> {
        for f in FOLDERS.iter().copied().chain([".clausewise"]) {
            let p = dir.join(f);
            fs::create_dir_all(&p).map_err(io_err("cannot create", &p))?;
        }
        Ok(Workspace {
            root: dir.to_path_buf(),
        })
    }

    /// The `*.json` files of one workspace folder, sorted by name; a missing folder is empty.
    pub fn files_in(&self, folder: &str) -> Result<Vec<SourceFile>, StoreError> {
        let dir = self.root.join(folder);
        if !dir.is_dir() {
            return Ok(Vec::new());
        }
        let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
            .map_err(io_err("cannot list", &dir))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json") && p.is_file())
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| {
                let shown = format!("{folder}/{}", file_name(p));
                let limit = if folder == "snapshots" {
                    MAX_SNAPSHOT_BYTES
                } else {
                    MAX_FILE_BYTES
                };
                read_limited(p, &shown, limit as u64)
            })
            .collect()
    }

    /// Whether the workspace file at `rel` exists and holds exactly `bytes`.
    pub fn holds(&self, rel: &str, bytes: &[u8]) -> bool {
        fs::read(self.root.join(rel)).is_ok_and(|b| b == bytes)
    }

    /// The catalog: built-ins overridden by this workspace's questionnaires and profiles.
    pub fn catalog(&self) -> Result<Catalog, StoreError> {
        Ok(Catalog::load(
            &self.files_in("questionnaires")?,
            &self.files_in("profiles")?,
        ))
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Reads a file for validation, reading at most one byte past the size limit so that a huge
/// file is reported without being loaded whole.
pub fn read_source(path: &Path, shown_as: &str) -> Result<SourceFile, StoreError> {
    read_limited(path, shown_as, MAX_FILE_BYTES as u64)
}

/// Reads a snapshot (or any file given on the command line) under the snapshot limit,
/// which `snapshot save` enforces when writing; a larger file is refused with its size.
pub fn read_snapshot_source(path: &Path, shown_as: &str) -> Result<SourceFile, StoreError> {
    let limit = MAX_SNAPSHOT_BYTES as u64;
    let f = fs::File::open(path).map_err(io_err("cannot read", path))?;
    let size = f.metadata().map_err(io_err("cannot read", path))?.len();
    if size > limit {
        return Err(StoreError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit,
        });
    }
    read_limited(path, shown_as, limit)
}

fn read_limited(path: &Path, shown_as: &str, limit: u64) -> Result<SourceFile, StoreError> {
    let f = fs::File::open(path).map_err(io_err("cannot read", path))?;
    let mut bytes = Vec::new();
    f.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(io_err("cannot read", path))?;
    Ok(SourceFile {
        path: shown_as.to_string(),
        bytes,
    })
}
