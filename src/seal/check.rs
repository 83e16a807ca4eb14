//! Checking seals: a snapshot's own digest, its `previous` link, and a whole folder's chain
//! (every digest, every link, no fork). The callers in `crate::store` read the files; what
//! is wrong is decided here.

use std::collections::HashMap;

use serde::Serialize;

use super::{SealError, digest};
use crate::model::Snapshot;

/// Why a snapshot's seal does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SealProblem {
    /// No digest: the file was never sealed (or was rewritten unsealed).
    Unsealed,
    /// The content does not hash to the recorded digest: edited after it was sealed.
    Edited {
        /// Digest recorded in the file.
        stored: String,
        /// Digest of the content as it is.
        actual: String,
    },
    /// `previous` does not name the snapshot before it in the folder: that one was edited
    /// and re-sealed or replaced, or the chain forked.
    Link {
        /// The digest `previous` names.
        previous: String,
        /// The file of the snapshot before it.
        before: String,
        /// That file's digest.
        before_digest: String,
    },
}

impl SealProblem {
    /// Whether the file claims a seal that does not hold (an unsealed file claims none).
    pub fn is_broken(&self) -> bool {
        !matches!(self, SealProblem::Unsealed)
    }
}

impl std::fmt::Display for SealProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SealProblem::Unsealed => f.write_str("it is not sealed (no digest)"),
            SealProblem::Edited { stored, actual } => write!(
                f,
                "it was edited after it was sealed: digest {stored} recorded, content hashes to {actual}"
            ),
            SealProblem::Link {
                previous,
                before,
                before_digest,
            } => write!(
                f,
                "its `previous` is {previous}, but the snapshot before it, {}, has digest {before_digest}: that file was edited and re-sealed or replaced, or the chain forked",
                crate::sanitize::line(before)
            ),
        }
    }
}

/// What is wrong with the digest of `snap`: none recorded, or one its content does not
/// hash to.
pub fn digest_problem(snap: &mut Snapshot) -> Result<Option<SealProblem>, SealError> {
    let actual = digest(snap)?;
    Ok(match &snap.digest {
        None => Some(SealProblem::Unsealed),
        Some(stored) if *stored != actual => Some(SealProblem::Edited {
            stored: stored.clone(),
            actual,
        }),
        Some(_) => None,
    })
}

/// What is wrong with the `previous` link of `snap`, given the snapshot before it (the
/// latest earlier one of the same organization in its folder) as its file name and digest.
pub fn link_problem(snap: &Snapshot, before: String, before_digest: String) -> Option<SealProblem> {
    let previous = snap.previous.as_ref()?;
    (before_digest != *previous).then(|| SealProblem::Link {
        previous: previous.clone(),
        before,
        before_digest,
    })
}

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

impl From<SealProblem> for VerifyProblem {
    fn from(p: SealProblem) -> Self {
        match p {
            SealProblem::Unsealed => VerifyProblem::Unsealed,
            SealProblem::Edited { stored, actual } => {
                VerifyProblem::EditedAfterSave { stored, actual }
            }
            SealProblem::Link {
                previous,
                before,
                before_digest,
            } => VerifyProblem::WrongLink {
                previous,
                points_to: before,
                reason: format!(
                    "that snapshot's digest is {before_digest}: it was edited and re-sealed or replaced, or the chain forked"
                ),
            },
        }
    }
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

/// Checks a folder's snapshots, given as (file name, snapshot) sorted by organization then
/// time, into `report`: each one's digest, that its `previous` names an earlier snapshot of
/// the same organization among them, and that no two name the same `previous`.
pub fn verify_chain(
    files: &mut [(&str, &mut Snapshot)],
    report: &mut VerifyReport,
) -> Result<(), SealError> {
    let mut by_digest: HashMap<String, usize> = HashMap::new();
    for (i, (name, snap)) in files.iter_mut().enumerate() {
        report.checked.push((*name).to_string());
        let problem = digest_problem(snap)?;
        // Links are checked against the digest a file records, so an edited file is
        // reported once, on itself; re-sealing it is what breaks the next link.
        if let Some(stored) = &snap.digest {
            by_digest.insert(stored.clone(), i);
        }
        if let Some(p) = problem {
            report.problems.push(((*name).to_string(), p.into()));
        }
    }
    for (name, snap) in files.iter() {
        if let Some(p) = chain_link_problem(snap, files, &by_digest) {
            report.problems.push(((*name).to_string(), p));
        }
    }
    report.problems.extend(forks(files));
    Ok(())
}

/// Every snapshot whose `previous` an earlier snapshot of the same organization already
/// names (files are sorted by organization, then time).
fn forks(files: &[(&str, &mut Snapshot)]) -> Vec<(String, VerifyProblem)> {
    let mut first: HashMap<(&str, &str), &str> = HashMap::new();
    let mut out = Vec::new();
    for (name, snap) in files {
        let Some(previous) = snap.previous.as_deref() else {
            continue;
        };
        let key = (snap.meta.organization.as_str(), previous);
        match first.get(&key) {
            Some(sibling) => out.push((
                (*name).to_string(),
                VerifyProblem::Fork {
                    previous: previous.to_string(),
                    sibling: (*sibling).to_string(),
                },
            )),
            None => {
                first.insert(key, name);
            }
        }
    }
    out
}

fn chain_link_problem(
    snap: &Snapshot,
    files: &[(&str, &mut Snapshot)],
    by_digest: &HashMap<String, usize>,
) -> Option<VerifyProblem> {
    let previous = snap.previous.as_ref()?;
    let Some((target_name, target)) = by_digest.get(previous).and_then(|i| files.get(*i)) else {
        return Some(VerifyProblem::BrokenLink {
            previous: previous.clone(),
        });
    };
    let reason = if target.meta.organization != snap.meta.organization {
        "it is a snapshot of another organization"
    } else if target.meta.created_at >= snap.meta.created_at {
        "it was not taken earlier"
    } else {
        return None;
    };
    Some(VerifyProblem::WrongLink {
        previous: previous.clone(),
        points_to: (*target_name).to_string(),
        reason: reason.into(),
    })
}
