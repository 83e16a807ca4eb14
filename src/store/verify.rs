//! `snapshot verify`: every digest and every `previous` link of a folder of snapshots.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use super::error::StoreError;
use super::snapshots::{SnapshotEntry, digest, list};

/// One thing wrong with one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum VerifyProblem {
    /// The file could not be read or parsed.
    Unreadable {
        /// Why.
        message: String,
    },
    /// The file has no digest (never sealed, or migrated from version 0).
    Unsealed,
    /// The content does not match the digest: the file was edited after it was saved.
    EditedAfterSave {
        /// Digest written in the file.
        stored: String,
        /// Digest of the content as it is now.
        actual: String,
    },
    /// `previous` names no snapshot of the folder: the one before was removed, or edited and
    /// re-sealed.
    BrokenLink {
        /// The digest `previous` names.
        previous: String,
    },
    /// `previous` names a snapshot of another organization, or a later one.
    WrongLink {
        /// The digest `previous` names.
        previous: String,
        /// The file it belongs to.
        points_to: String,
        /// Why it is wrong.
        reason: String,
    },
    /// Another snapshot names the same `previous`: the chain forked (two saves at once, or
    /// a snapshot taken from an older copy of the folder).
    Fork {
        /// The digest both name.
        previous: String,
        /// The other file that names it (the earlier one).
        sibling: String,
    },
}

/// What `verify` found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    /// Files checked, in order.
    pub checked: Vec<String>,
    /// Problems, each with its file name.
    pub problems: Vec<(String, VerifyProblem)>,
}

impl VerifyReport {
    /// Whether nothing was wrong.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

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
    let mut by_digest: HashMap<String, usize> = HashMap::new();
    for (i, e) in entries.iter_mut().enumerate() {
        report.checked.push(e.file_name.clone());
        let actual = digest(&mut e.snapshot)?;
        // Links are checked against the digest a file records, so an edited file is
        // reported once, on itself; re-sealing it is what breaks the next link.
        if let Some(stored) = &e.snapshot.digest {
            by_digest.insert(stored.clone(), i);
        }
        match &e.snapshot.digest {
            None => report
                .problems
                .push((e.file_name.clone(), VerifyProblem::Unsealed)),
            Some(stored) if *stored != actual => report.problems.push((
                e.file_name.clone(),
                VerifyProblem::EditedAfterSave {
                    stored: stored.clone(),
                    actual,
                },
            )),
            Some(_) => {}
        }
    }
    for e in &entries {
        if let Some(p) = link_problem(e, &entries, &by_digest) {
            report.problems.push((e.file_name.clone(), p));
        }
    }
    report.problems.extend(forks(&entries));
    Ok(report)
}

/// Every snapshot whose `previous` an earlier snapshot of the same organization already
/// names (entries are sorted by organization, then time).
fn forks(entries: &[SnapshotEntry]) -> Vec<(String, VerifyProblem)> {
    let mut first: HashMap<(&str, &str), &str> = HashMap::new();
    let mut out = Vec::new();
    for e in entries {
        let Some(previous) = e.snapshot.previous.as_deref() else {
            continue;
        };
        let key = (e.snapshot.meta.organization.as_str(), previous);
        match first.get(&key) {
            Some(sibling) => out.push((
                e.file_name.clone(),
                VerifyProblem::Fork {
                    previous: previous.to_string(),
                    sibling: (*sibling).to_string(),
                },
            )),
            None => {
                first.insert(key, &e.file_name);
            }
        }
    }
    out
}

fn link_problem(
    e: &SnapshotEntry,
    entries: &[SnapshotEntry],
    by_digest: &HashMap<String, usize>,
) -> Option<VerifyProblem> {
    let previous = e.snapshot.previous.as_ref()?;
    let Some(target) = by_digest.get(previous).and_then(|i| entries.get(*i)) else {
        return Some(VerifyProblem::BrokenLink {
            previous: previous.clone(),
        });
    };
    let reason = if target.snapshot.meta.organization != e.snapshot.meta.organization {
        "it is a snapshot of another organization"
    } else if target.snapshot.meta.created_at >= e.snapshot.meta.created_at {
        "it was not taken earlier"
    } else {
        return None;
    };
    Some(VerifyProblem::WrongLink {
        previous: previous.clone(),
        points_to: target.file_name.clone(),
        reason: reason.into(),
    })
}
