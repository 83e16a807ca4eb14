//! Opening a snapshot for display: the seal checked ([`crate::store::trust`]), the numbers
//! recomputed from the answers, and what the reader must know about both — notices put at
//! the top of every output format and repeated on standard error.

use std::path::Path;

use anyhow::{Context as _, Result, bail};

use crate::catalog::Catalog;
use crate::model::Snapshot;
use crate::sanitize::line;
use crate::store::{snapshots, trust};

/// A snapshot ready to show, with the notices its output must carry.
#[derive(Debug)]
pub struct Shown {
    /// The snapshot; its scorecard recomputed from the answers when a catalog was given.
    pub snapshot: Snapshot,
    /// `UNVERIFIED: …` and `SCORECARD DIFFERS: …` lines.
    pub notices: Vec<String>,
}

/// Loads `path` and checks its seal: a broken seal is an error naming the file and the
/// fault, unless `allow_unverified`, when it becomes an UNVERIFIED notice (as an unsealed
/// file always does). With a catalog the scorecard is recomputed from the answers with
/// today's rules, and a stored scorecard that differs is noticed with both figures.
pub fn open(path: &Path, allow_unverified: bool, catalog: Option<&Catalog>) -> Result<Shown> {
    let shown = line(&path.display().to_string());
    let mut snapshot =
        snapshots::load(path).with_context(|| format!("cannot open snapshot {shown}"))?;
    let mut notices = seal_notices(path, &mut snapshot, allow_unverified)?;
    if let Some(catalog) = catalog {
        match crate::seal::rescore(&shown, &mut snapshot, catalog) {
            Ok(notice) => notices.extend(notice),
            Err(e) => eprintln!(
                "note: {shown}: cannot score the answers ({}); showing the stored scorecard",
                line(&e.to_string())
            ),
        }
    }
    Ok(Shown { snapshot, notices })
}

/// Checks the seal of `snap`, read from `path`: a broken seal is an error naming the file
/// and the fault unless `allow_unverified`; what is shown anyway comes back as notices.
pub fn seal_notices(
    path: &Path,
    snap: &mut Snapshot,
    allow_unverified: bool,
) -> Result<Vec<String>> {
    let shown = line(&path.display().to_string());
    let problems = trust::check(path, snap).with_context(|| format!("cannot check {shown}"))?;
    let broken: Vec<String> = problems
        .iter()
        .filter(|p| p.is_broken())
        .map(ToString::to_string)
        .collect();
    if !broken.is_empty() && !allow_unverified {
        bail!(
            "{shown}: refused: {}; pass --allow-unverified to show it anyway, marked UNVERIFIED",
            broken.join("; ")
        );
    }
    Ok(problems
        .iter()
        .map(|p| format!("UNVERIFIED: {shown}: {p}"))
        .collect())
}

pub use crate::report::notice::{Kind, with_notices};

/// Prints the notices on standard error and puts them at the top of `body`.
pub fn decorate(kind: Kind, notices: &[String], body: Vec<u8>) -> Vec<u8> {
    for n in notices {
        eprintln!("warning: {}", line(n));
    }
    with_notices(kind, notices, body)
}
