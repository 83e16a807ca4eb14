//! Reading and writing whole files for the report and exchange commands.

use std::io::Read;
use std::path::Path;

use super::StoreError;
use super::workspace::io_err;

/// Largest file `read_bytes` accepts (filled-in questionnaires are far smaller).
pub const MAX_IMPORT_BYTES: u64 = 32 * 1024 * 1024;

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// An I/O error.
    #[error(transparent)]
    Io(#[from] StoreError),
    /// The file is larger than the limit.
    #[error("{path}: larger than {limit} bytes; is this the right file?")]
    TooLarge {
        /// The file.
        path: String,
        /// The limit.
        limit: u64,
    },
}

/// Reads a whole file of at most `limit` bytes (reading one byte past it to notice).
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let f = std::fs::File::open(path).map_err(io_err("cannot read", path))?;
    let mut bytes = Vec::new();
    f.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(io_err("cannot read", path))?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            path: path.display().to_string(),
            limit,
        });
    }
    Ok(bytes)
}

/// A file stands for itself; a folder for its `*.json` files, recursively (skipping hidden
/// folders), sorted.
pub fn json_files(p: &Path) -> Result<Vec<std::path::PathBuf>, StoreError> {
    if !p.is_dir() {
        return Ok(vec![p.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut entries: Vec<std::path::PathBuf> = std::fs::read_dir(p)
        .map_err(io_err("cannot list", p))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for e in entries {
        if e.is_dir() {
            let hidden = (e.file_name()).is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if !hidden {
                out.extend(json_files(&e)?);
            }
        } else if e.extension().is_some_and(|x| x == "json") {
            out.push(e);
        }
    }
    Ok(out)
}

/// Creates a folder and its parents (for files written beside the workspace, e.g. schemas).
pub fn create_dir_all(dir: &Path) -> Result<(), StoreError> {
    std::fs::create_dir_all(dir).map_err(io_err("cannot create", dir))
}
