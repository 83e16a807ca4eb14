//! Checking a snapshot's seal where it is used: its digest, and its `previous` link against
//! the snapshot before it in the same folder when that file is there, read here and judged
//! by [`crate::seal::check`]. `report`, `diff`,
//! `score`, `snapshot show` and the TUI refuse a file that fails (unless told to show it
//! marked UNVERIFIED); `validate` and `snapshot verify` list the problems.

use std::path::Path;

use super::error::StoreError;
use super::snapshots::{list_meta, load};
use crate::catalog::Catalog;
use crate::model::Snapshot;
use crate::seal::check::{SealProblem, digest_problem, link_problem};
use crate::seal::rescore;

/// Loads the snapshot at `path` and checks its seal.
pub fn load_checked(path: &Path) -> Result<(Snapshot, Vec<SealProblem>), StoreError> {
    let mut snap = load(path)?;
    let problems = check(path, &mut snap)?;
    Ok((snap, problems))
}

/// Checks the seal of `snap`, read from `path`: its digest, then its `previous` link
/// against the latest earlier snapshot of the same organization in the same folder.
pub fn check(path: &Path, snap: &mut Snapshot) -> Result<Vec<SealProblem>, StoreError> {
    let mut problems: Vec<SealProblem> = digest_problem(snap)?.into_iter().collect();
    if let Some(p) = folder_link_problem(path, snap)? {
        problems.push(p);
    }
    Ok(problems)
}

/// The `previous` link of `snap` against the latest earlier snapshot of the same
/// organization in the folder of `path`, when there is one and it can be read.
fn folder_link_problem(path: &Path, snap: &Snapshot) -> Result<Option<SealProblem>, StoreError> {
    if snap.previous.is_none() {
        return Ok(None);
    }
    let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) else {
        return Ok(None);
    };
    let own = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let before = list_meta(dir)?
        .into_iter()
        .filter(|(name, m)| {
            Some(name) != own.as_ref()
                && m.organization == snap.meta.organization
                && m.created_at < snap.meta.created_at
        })
        .max_by_key(|(_, m)| m.created_at);
    let Some((name, _)) = before else {
        return Ok(None);
    };
    // A predecessor that cannot be read says nothing about this file's link.
    let Ok(before_snap) = load(&dir.join(&name)) else {
        return Ok(None);
    };
    let before_digest = before_snap.digest.unwrap_or_default();
    Ok(link_problem(snap, name, before_digest))
}

/// Loads `path` for use by the app: refused ([`StoreError::Invalid`], naming the fault)
/// when its seal is broken; with a catalog, its scorecard recomputed from the answers with
/// today's rules ([`rescore()`]). Returns the notices its output must carry.
pub fn load_for_use(
    path: &Path,
    catalog: Option<&Catalog>,
) -> Result<(Snapshot, Vec<String>), StoreError> {
    let (mut snap, problems) = load_checked(path)?;
    let broken: Vec<String> = problems
        .iter()
        .filter(|p| p.is_broken())
        .map(ToString::to_string)
        .collect();
    if !broken.is_empty() {
        return Err(StoreError::Invalid {
            path: path.to_path_buf(),
            message: format!("refused: {}", broken.join("; ")),
        });
    }
    let shown = crate::sanitize::line(&path.display().to_string());
    let mut notices: Vec<String> = problems
        .iter()
        .map(|p| format!("UNVERIFIED: {shown}: {p}"))
        .collect();
    if let Some(c) = catalog {
        notices.extend(rescore(&shown, &mut snap, c).ok().flatten());
    }
    Ok((snap, notices))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::WorkspaceState;
    use crate::store::snapshots::save;

    fn sealed(org: &str, at: &str, previous: Option<String>) -> Snapshot {
        let mut s = WorkspaceState::new(org, "A", "generic").to_snapshot(
            at.parse().expect("time"),
            "stage-1".into(),
            String::new(),
        );
        s.previous = previous;
        s
    }

    #[test]
    fn a_good_chain_checks_out_and_each_fault_is_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut a = sealed("Acme", "2025-01-01T00:00:00Z", None);
        let pa = save(dir.path(), "a.json", &mut a).expect("save");
        let mut b = sealed("Acme", "2025-06-01T00:00:00Z", a.digest.clone());
        let pb = save(dir.path(), "b.json", &mut b).expect("save");
        assert_eq!(load_checked(&pb).expect("check").1, []);
        assert_eq!(load_checked(&pa).expect("check").1, []);
        // Re-sealing an edited predecessor breaks the link of the one after it.
        a.meta.assessor = "Mallory".into();
        save(dir.path(), "a.json", &mut a).expect("reseal");
        let (_, p) = load_checked(&pb).expect("check");
        assert!(matches!(&p[..], [SealProblem::Link { before, .. }] if before == "a.json"));
        assert!(p[0].is_broken());
        // An edit without re-sealing breaks the file's own digest.
        let text = std::fs::read_to_string(&pa).expect("read");
        std::fs::write(&pa, text.replace("Mallory", "Eve")).expect("edit");
        let (_, p) = load_checked(&pa).expect("check");
        assert!(matches!(&p[..], [SealProblem::Edited { .. }]), "{p:?}");
        assert!(p[0].to_string().contains("edited after it was sealed"));
    }

    #[test]
    fn an_unsealed_file_or_one_that_travelled_alone_is_not_broken() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut a = sealed("Acme", "2025-01-01T00:00:00Z", Some("sha256:00".into()));
        let pa = save(dir.path(), "a.json", &mut a).expect("save");
        assert_eq!(load_checked(&pa).expect("check").1, []);
        let json =
            serde_json::to_string(&sealed("Acme", "2025-01-01T00:00:00Z", None)).expect("json");
        let pu = dir.path().join("u.json");
        std::fs::write(&pu, json).expect("write");
        let (_, p) = load_checked(&pu).expect("check");
        assert_eq!(p, [SealProblem::Unsealed]);
        assert!(!p[0].is_broken());
    }
}
