//! Snapshot files in `snapshots/`: saving (sealed by [`crate::seal`]), listing, loading
//! (with migration), resolving names, and following a folder's digest chain.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::atomic;
use super::error::{StoreError, io_err};
use super::folder;
use super::workspace::read_snapshot_source;
use crate::catalog::{Catalog, snapshot::load_snapshot};
use crate::model::snapshot::{SNAPSHOT_FORMAT, SNAPSHOT_VERSION};
use crate::model::{Snapshot, SnapshotMeta, WorkspaceState};
use crate::seal::{SnapshotRequest, assemble, seal};

/// Largest snapshot file written and read ([`crate::catalog::MAX_SNAPSHOT_BYTES`]).
pub const MAX_SNAPSHOT_BYTES: u64 = crate::catalog::MAX_SNAPSHOT_BYTES as u64;

/// A snapshot file read from a folder.
#[derive(Debug, Clone, PartialEq)]
pub struct SnapshotEntry {
    /// Its path.
    pub path: PathBuf,
    /// Its file name.
    pub file_name: String,
    /// Its content (migrated to the current version).
    pub snapshot: Snapshot,
}

/// Seals `s` and writes it atomically to `dir/file_name`, replacing a file of that name;
/// returns the path. Low-level (tests, benches, tools): the commands publish with
/// [`publish`], which never replaces.
pub fn save(dir: &Path, file_name: &str, s: &mut Snapshot) -> Result<PathBuf, StoreError> {
    fs::create_dir_all(dir).map_err(io_err("cannot create", dir))?;
    let path = dir.join(file_name);
    let bytes = seal(s)?;
    atomic::write(&path, &bytes)?;
    Ok(path)
}

/// Seals `s` and publishes it as the new file `dir/file_name` ([`confine_name`] applies):
/// never replacing an existing file, even one created by another process meanwhile, and
/// refusing a snapshot larger than every reader accepts ([`MAX_SNAPSHOT_BYTES`]).
pub fn publish(dir: &Path, file_name: &str, s: &mut Snapshot) -> Result<PathBuf, StoreError> {
    let name = confine_name(file_name)?;
    folder::ensure_real(dir)?;
    let path = dir.join(name);
    let bytes = seal(s)?;
    let size = bytes.len() as u64;
    if size > MAX_SNAPSHOT_BYTES {
        return Err(StoreError::TooLarge {
            path,
            size,
            limit: MAX_SNAPSHOT_BYTES,
        });
    }
    atomic::write_new(&path, &bytes)?;
    Ok(path)
}

/// A snapshot file name given by a person (`--name`), confined to the snapshots folder: one
/// plain, visible file name (no folder part, no `..`, not hidden); `.json` is added when
/// missing so that the snapshot is listed.
pub fn confine_name(name: &str) -> Result<String, StoreError> {
    let mut parts = Path::new(name).components();
    let single = matches!(
        (parts.next(), parts.next()),
        (Some(std::path::Component::Normal(_)), None)
    );
    let bad = !single
        || name.contains(['/', '\\'])
        || name.starts_with('.')
        || name.chars().any(char::is_control);
    if bad {
        return Err(StoreError::NotFound(format!(
            "snapshot name {:?} is not a plain file name: give a name such as stage-2.json (it is saved in snapshots/)",
            crate::sanitize::line(name)
        )));
    }
    Ok(if name.ends_with(".json") {
        name.to_string()
    } else {
        format!("{name}.json")
    })
}

/// Freezes `state` into a new sealed snapshot in `dir`, chained to the previous snapshot
/// of the same organization: the one path of `clausewise snapshot save` and the TUI's save
/// dialog. `name` defaults to [`free_file_name`]; an existing file is never replaced. The
/// folder's lock is held from reading the previous snapshot to publishing the new one, so
/// concurrent saves line up in one chain.
pub fn save_new(
    dir: &Path,
    state: &WorkspaceState,
    catalog: &Catalog,
    req: (String, String),
    name: Option<String>,
    now: Timestamp,
) -> Result<(PathBuf, Snapshot), StoreError> {
    let name = name.as_deref().map(confine_name).transpose()?;
    let _lock = folder::FolderLock::acquire(dir)?;
    let (entries, _) = list(dir)?;
    let (cycle, label) = req;
    // A save that waited for the lock may hold an earlier time than the one it waited
    // for: it is taken just after it, so it chains to it instead of forking beside it.
    let latest = entries
        .iter()
        .filter(|e| e.snapshot.meta.organization == state.organization)
        .map(|e| e.snapshot.meta.created_at)
        .max();
    let now = match latest {
        Some(t) if t >= now => t + jiff::SignedDuration::from_millis(1),
        _ => now,
    };
    let req = SnapshotRequest {
        cycle,
        label,
        created_at: now,
        previous: previous_digest(&entries, &state.organization, now),
    };
    let mut snap = assemble(state, catalog, req)?;
    let name = name.unwrap_or_else(|| free_file_name(dir, &snap.meta));
    let path = publish(dir, &name, &mut snap)?;
    Ok((path, snap))
}

/// The default file name for a new snapshot in `dir`: [`file_name_for`], with `-2`, `-3`, …
/// before `.json` when that name is taken, so saving never replaces an earlier snapshot.
pub fn free_file_name(dir: &Path, meta: &SnapshotMeta) -> String {
    let base = file_name_for(meta);
    let stem = base.trim_end_matches(".json").to_string();
    let mut name = base;
    let mut n = 2;
    while dir.join(&name).exists() {
        name = format!("{stem}-{n}.json");
        n += 1;
    }
    name
}

/// `<organization>-<year>-<cycle>.json` (`snapshot` when the organization is not set),
/// lowercase, with `-` for anything else.
pub fn file_name_for(meta: &SnapshotMeta) -> String {
    let slug = |s: &str| -> String {
        let mut out = String::new();
        for c in s.chars().flat_map(char::to_lowercase) {
            if c.is_ascii_alphanumeric() {
                out.push(c);
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
        out.trim_end_matches('-').to_string()
    };
    let year = jiff::tz::TimeZone::UTC.to_datetime(meta.created_at).year();
    let org = Some(slug(&meta.organization)).filter(|o| !o.is_empty());
    format!(
        "{}-{year}-{}.json",
        org.as_deref().unwrap_or("snapshot"),
        slug(&meta.cycle)
    )
}

/// Reads and migrates one snapshot file.
pub fn load(path: &Path) -> Result<Snapshot, StoreError> {
    let src = read_snapshot_source(path, &path.display().to_string())?;
    load_snapshot(&src).map_err(|ds| StoreError::Invalid {
        path: path.to_path_buf(),
        message: ds
            .iter()
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect::<Vec<_>>()
            .join("; "),
    })
}

/// The `*.json` files of `dir` (not hidden ones), sorted by name; none if it is missing.
fn snapshot_paths(dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(io_err("cannot list", dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && p.file_name()
                    .is_some_and(|n| !n.to_string_lossy().starts_with('.'))
                && p.is_file()
        })
        .collect();
    paths.sort();
    Ok(paths)
}

/// The metadata of every readable snapshot in `dir` (file name, metadata), for lists that
/// need no answers (the app's Home at start-up): only the head of each file is read (see
/// [`super::head`]), falling back to a full load (and migration) for older formats. Files
/// whose head cannot be read are left out; a file damaged further on is listed, and says
/// what is wrong with it when it is opened (as `snapshot verify` and `validate` do).
pub fn list_meta(dir: &Path) -> Result<Vec<(String, SnapshotMeta)>, StoreError> {
    let mut out = Vec::new();
    for path in snapshot_paths(dir)? {
        let head = super::head::read_head(&path)
            .filter(|h| h.format == SNAPSHOT_FORMAT && h.version == SNAPSHOT_VERSION);
        let meta = match head {
            Some(h) => Some(h.meta),
            None => load(&path).ok().map(|s| s.meta),
        };
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if let (Some(meta), Some(name)) = (meta, name) {
            out.push((name, meta));
        }
    }
    Ok(out)
}

/// Every `*.json` snapshot in `dir`, sorted by organization then time; files that cannot be
/// read come back separately, with their names.
pub fn list(dir: &Path) -> Result<(Vec<SnapshotEntry>, Vec<StoreError>), StoreError> {
    let mut ok = Vec::new();
    let mut bad = Vec::new();
    for path in snapshot_paths(dir)? {
        match load(&path) {
            Ok(snapshot) => ok.push(SnapshotEntry {
                file_name: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                path,
                snapshot,
            }),
            Err(e) => bad.push(e),
        }
    }
    ok.sort_by(|a, b| {
        (&a.snapshot.meta.organization, a.snapshot.meta.created_at)
            .cmp(&(&b.snapshot.meta.organization, b.snapshot.meta.created_at))
            .then(a.file_name.cmp(&b.file_name))
    });
    Ok((ok, bad))
}

/// The digest of the latest snapshot of `organization` taken before `before`.
pub fn previous_digest(
    entries: &[SnapshotEntry],
    organization: &str,
    before: Timestamp,
) -> Option<String> {
    entries
        .iter()
        .filter(|e| e.snapshot.meta.organization == organization)
        .filter(|e| e.snapshot.meta.created_at < before)
        .max_by_key(|e| e.snapshot.meta.created_at)
        .and_then(|e| e.snapshot.digest.clone())
}

/// Finds a snapshot by path, file name, file stem or label, in `dir`.
pub fn resolve(dir: &Path, name: &str) -> Result<PathBuf, StoreError> {
    let direct = Path::new(name);
    if direct.is_file() {
        return Ok(direct.to_path_buf());
    }
    for candidate in [dir.join(name), dir.join(format!("{name}.json"))] {
        if candidate.is_file() {
            return Ok(candidate);
        }
    }
    let (entries, _) = list(dir)?;
    let mut hits = entries.iter().filter(|e| e.snapshot.meta.label == name);
    match (hits.next(), hits.next()) {
        (Some(e), None) => Ok(e.path.clone()),
        (Some(_), Some(_)) => Err(StoreError::NotFound(format!(
            "more than one snapshot in {} is labelled {name:?}; give the file name",
            dir.display()
        ))),
        (None, _) => Err(StoreError::NotFound(format!(
            "no snapshot {name:?}: not a file, nor a name or label in {}",
            dir.display()
        ))),
    }
}

/// The snapshots before the one at `path` in its chain, newest first: its `previous` digest
/// looked up among the snapshots of its folder ([`list`]), then that one's, until a link
/// names no snapshot there. Each link is to an earlier snapshot of the same organization
/// (as `snapshot verify` checks); the walk stops at one that is not, and never loops.
pub fn predecessors(path: &Path, snap: &Snapshot) -> Result<Vec<PathBuf>, StoreError> {
    let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) else {
        return Ok(Vec::new());
    };
    let (entries, _) = list(dir)?;
    let by_digest: std::collections::HashMap<&str, &SnapshotEntry> = (entries.iter())
        .filter_map(|e| e.snapshot.digest.as_deref().map(|d| (d, e)))
        .collect();
    let mut out = Vec::new();
    let (mut previous, mut after) = (snap.previous.as_deref(), &snap.meta);
    while let Some(e) = previous.and_then(|d| by_digest.get(d)) {
        let m = &e.snapshot.meta;
        if m.organization != after.organization
            || m.created_at >= after.created_at
            || out.len() >= entries.len()
        {
            break;
        }
        out.push(e.path.clone());
        (previous, after) = (e.snapshot.previous.as_deref(), m);
    }
    Ok(out)
}
