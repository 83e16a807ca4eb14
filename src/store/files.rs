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
