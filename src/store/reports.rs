//! Report files in `reports/`: a snapshot rendered by `crate::report` and written with the
//! store's atomic writer, as `clausewise report -o` writes them.

use std::fs;
use std::path::{Path, PathBuf};

use super::error::{StoreError, io_err};
use crate::catalog::Catalog;
use crate::model::Snapshot;
use crate::report::{Context, ReportFormat, Seal, render};

/// Renders the snapshot file `snapshot` (its seal checked, its numbers recomputed from the
/// answers: [`super::trust::load_for_use`]) with the catalog's questionnaires into `dir` as
/// `<snapshot stem>.<ext>` (for csv, the Statement of Applicability too, as
/// `<stem>-soa.csv`, as the CLI does). Returns the paths written.
pub fn export(
    snapshot: &Path,
    dir: &Path,
    catalog: &Catalog,
    format: ReportFormat,
) -> Result<Vec<PathBuf>, StoreError> {
    let (snap, notices) = super::trust::load_for_use(snapshot, Some(catalog))?;
    let history = history(snapshot, &snap, catalog)?;
    let seal = Seal::of(snap.digest.is_some(), &notices);
    let ctx = Context::new(&snap, catalog.questionnaires.iter().map(|l| &l.item))
        .with_history(history.iter().map(|(_, s)| s).collect())
        .with_seal(seal);
    let stem = snapshot
        .file_stem()
        .map_or_else(|| "report".into(), |s| s.to_string_lossy().into_owned());
    let mut jobs = vec![(format, format!("{stem}.{}", format.extension()))];
    if format == ReportFormat::Csv {
        jobs.push((ReportFormat::SoaCsv, format!("{stem}-soa.csv")));
    }
    fs::create_dir_all(dir).map_err(io_err("cannot create", dir))?;
    let mut written = Vec::new();
    for (f, name) in jobs {
        let bytes = render(&ctx, f, None).map_err(|e| StoreError::Invalid {
            path: snapshot.to_path_buf(),
            message: e.to_string(),
        })?;
        let bytes =
            crate::report::notice::with_notices(crate::report::notice::kind_of(f), &notices, bytes);
        let path = dir.join(name);
        // A report is meant to be shared: the umask decides who may read it.
        super::atomic::write_shared(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// The snapshots before `snap` (read from `path`) in its chain
/// ([`super::snapshots::predecessors`]), oldest first, with their files, each loaded as a
/// report's own snapshot is (seal checked, scores recomputed); the chain ends at one that
/// is refused or does not verify, so a forged figure never reaches a trend.
pub fn history(
    path: &Path,
    snap: &Snapshot,
    catalog: &Catalog,
) -> Result<Vec<(PathBuf, Snapshot)>, StoreError> {
    let mut out = Vec::new();
    for p in super::snapshots::predecessors(path, snap)? {
        match super::trust::load_for_use(&p, Some(catalog)) {
            Ok((before, notices)) if notices.iter().all(|n| !n.starts_with("UNVERIFIED")) => {
                out.push((p, before));
            }
            _ => break,
        }
    }
    out.reverse();
    Ok(out)
}
