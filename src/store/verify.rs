//! `snapshot verify`: reads a folder of snapshots and has [`crate::seal::check`] check every
//! digest and every `previous` link.

use std::path::Path;

use super::error::StoreError;
use super::snapshots::list;
use crate::model::Snapshot;
use crate::seal::check::{VerifyProblem, VerifyReport, verify_chain};

/// Checks every snapshot in `dir`: its digest, and that `previous` names an earlier
/// snapshot of the same organization in the folder.
pub fn verify(dir: &Path) -> Result<VerifyReport, StoreError> {
    let (mut entries, bad) = list(dir)?;
    let mut report = VerifyReport::default();
    for e in bad {
        let name = match &e {
            StoreError::Invalid { path, .. } | StoreError::Io { path, .. } => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            _ => String::new(),
        };
        report.checked.push(name.clone());
        let message = e.to_string();
        report
            .problems
            .push((name, VerifyProblem::Unreadable { message }));
    }
    let mut files: Vec<(&str, &mut Snapshot)> = (entries.iter_mut())
        .map(|e| (e.file_name.as_str(), &mut e.snapshot))
        .collect();
    verify_chain(&mut files, &mut report)?;
    Ok(report)
}
