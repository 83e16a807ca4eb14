//! Checking a snapshot's seal where it is used: its digest, and its `previous` link against
//! the snapshot before it in the same folder when that file is there. `report`, `diff`,
//! `score`, `snapshot show` and the TUI refuse a file that fails (unless told to show it
//! marked UNVERIFIED); `validate` and `snapshot verify` list the problems.

use std::path::Path;

use super::error::StoreError;
use super::snapshots::{digest, list_meta, load, scorecard};
use crate::catalog::Catalog;
use crate::model::Snapshot;
use crate::report::escape::pct;
use crate::scoring::{RULES_VERSION, Scorecard};

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

/// Loads the snapshot at `path` and checks its seal.
pub fn load_checked(path: &Path) -> Result<(Snapshot, Vec<SealProblem>), StoreError> {
    let mut snap = load(path)?;
    let problems = check(path, &mut snap)?;
    Ok((snap, problems))
}

/// Checks the seal of `snap`, read from `path`: its digest, then its `previous` link
/// against the latest earlier snapshot of the same organization in the same folder.
pub fn check(path: &Path, snap: &mut Snapshot) -> Result<Vec<SealProblem>, StoreError> {
    let mut problems = Vec::new();
    let actual = digest(snap)?;
    match &snap.digest {
        None => problems.push(SealProblem::Unsealed),
        Some(stored) if *stored != actual => problems.push(SealProblem::Edited {
            stored: stored.clone(),
            actual,
        }),
        Some(_) => {}
    }
    if let Some(p) = link_problem(path, snap)? {
        problems.push(p);
    }
    Ok(problems)
}

fn link_problem(path: &Path, snap: &Snapshot) -> Result<Option<SealProblem>, StoreError> {
    let Some(previous) = &snap.previous else {
        return Ok(None);
    };
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
    Ok((before_digest != *previous).then(|| SealProblem::Link {
        previous: previous.clone(),
        before: name,
        before_digest,
    }))
}

/// Loads `path` for use by the app: refused ([`StoreError::Invalid`], naming the fault)
/// when its seal is broken; with a catalog, its scorecard recomputed from the answers with
/// today's rules ([`rescore`]). Returns the notices its output must carry.
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

/// Replaces the stored scorecard of `snap` (shown as `shown`) with one computed from its
/// answers with today's rules; when the two differ, returns the `SCORECARD DIFFERS` notice
/// naming the first figure that differs (with both values) and why it may differ: a
/// questionnaire changed since the snapshot was taken, the scoring rules changed, or the
/// scorecard was altered. An error (unknown profile) leaves the snapshot as it was.
pub fn rescore(
    shown: &str,
    snap: &mut Snapshot,
    catalog: &Catalog,
) -> Result<Option<String>, StoreError> {
    let fresh = scorecard(snap, catalog)?;
    let rules = snap.scoring_rules;
    let stored = snap.scorecard.replace(fresh);
    snap.scoring_rules = Some(RULES_VERSION);
    let (Some(stored), Some(fresh)) = (stored, snap.scorecard.as_ref()) else {
        return Ok(None);
    };
    if stored == *fresh {
        return Ok(None);
    }
    // Only when they differ: stamping a questionnaire serializes and hashes it.
    let changed = changed_questionnaires(snap, catalog);
    Ok(Some(differs(shown, &stored, rules, &changed, fresh)))
}

/// The questionnaires whose content today differs from the one the snapshot was taken
/// with, as `id version → version`.
fn changed_questionnaires(snap: &Snapshot, catalog: &Catalog) -> Vec<String> {
    (snap.questionnaires.iter())
        .filter_map(|was| {
            let now = catalog.questionnaire(&was.id)?;
            let stamp = crate::store::snapshots::stamp(now).ok()?;
            (stamp.sha256 != was.sha256).then(|| {
                crate::sanitize::line(&format!("{} {} → {}", was.id, was.version, now.version))
            })
        })
        .collect()
}

fn overall(card: &Scorecard) -> String {
    card.gap
        .as_ref()
        .map_or_else(|| "n/a".into(), |g| pct(g.overall.readiness))
}

/// The first figure that differs between two scorecards, with both values: overall
/// readiness, then each vendor's tier and control score, then each AI system's assessment.
fn first_difference(stored: &Scorecard, fresh: &Scorecard) -> String {
    let (a, b) = (overall(stored), overall(fresh));
    if a != b {
        return format!("overall readiness {a} stored, {b} from the answers");
    }
    let tier = |v: &crate::scoring::VendorScore| {
        let t = v.tier.as_deref().unwrap_or("no tier");
        format!("{t} tier, controls {}", pct(v.control_score))
    };
    for v in &fresh.vendors {
        let was = stored.vendors.iter().find(|w| w.subject == v.subject);
        if was != Some(v) {
            let old = was.map_or_else(|| "absent".into(), tier);
            let id = crate::sanitize::line(&v.subject);
            return format!("vendor {id}: {old} stored, {} from the answers", tier(v));
        }
    }
    for x in &fresh.aiias {
        if !stored.aiias.contains(x) {
            let id = crate::sanitize::line(&x.subject);
            return format!("the impact assessment of {id}");
        }
    }
    format!("overall readiness {a} both, but details of the gap assessment")
}

fn differs(
    shown: &str,
    stored: &Scorecard,
    rules: Option<u32>,
    changed: &[String],
    fresh: &Scorecard,
) -> String {
    let why = if !changed.is_empty() {
        format!(
            "questionnaire changed since the snapshot was taken: {}",
            changed.join(", ")
        )
    } else if rules == Some(RULES_VERSION) {
        "the scorecard was altered after scoring".into()
    } else {
        "the scoring rules changed since, or the scorecard was altered".into()
    };
    let rules = rules.map_or_else(|| "not recorded".into(), |v| format!("v{v}"));
    format!(
        "SCORECARD DIFFERS: {shown}: the stored scorecard (scoring rules {rules}) and the sealed answers scored with today's rules (v{RULES_VERSION}) differ in {}; {why}; the figures shown are computed from the answers",
        first_difference(stored, fresh)
    )
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

    #[test]
    fn a_differing_scorecard_names_the_figure_and_the_changed_questionnaire() {
        let catalog = Catalog::builtin();
        let mut snap = sealed("Acme", "2025-01-01T00:00:00Z", None);
        let json = serde_json::json!([
            {"id": "acme", "kind": "vendor", "name": "Acme"}
        ]);
        snap.subjects = serde_json::from_value(json).expect("subjects");
        let mut vendor =
            crate::model::Assessment::new("ai-vendor-due-diligence", Some("acme".into()));
        let answer = crate::model::Answer::new(crate::model::Value::Choice("special".into()));
        vendor.answers.insert("eng.data".into(), answer);
        snap.assessments.push(vendor);
        let q = catalog.questionnaire("ai-vendor-due-diligence").expect("q");
        let mut was = crate::store::snapshots::stamp(q).expect("stamp");
        snap.scorecard = Some(scorecard(&snap, &catalog).expect("score"));
        snap.scoring_rules = Some(RULES_VERSION);
        assert_eq!(
            rescore("a.json", &mut snap.clone(), &catalog).expect("ok"),
            None
        );
        was.version = "1.0.0".into();
        was.sha256 = "sha256:00".into();
        snap.questionnaires = vec![was];
        let card = snap.scorecard.as_mut().expect("card");
        card.vendors[0].tier = Some("low".into());
        let notice = rescore("a.json", &mut snap, &catalog)
            .expect("ok")
            .expect("differs");
        let now = &q.version;
        let tier = snap.scorecard.as_ref().expect("card").vendors[0]
            .tier
            .clone();
        assert_eq!(
            notice,
            format!(
                "SCORECARD DIFFERS: a.json: the stored scorecard (scoring rules v{RULES_VERSION}) and the sealed answers scored with today's rules (v{RULES_VERSION}) differ in vendor acme: low tier, controls 0% stored, {} tier, controls 0% from the answers; questionnaire changed since the snapshot was taken: ai-vendor-due-diligence 1.0.0 → {now}; the figures shown are computed from the answers",
                tier.expect("a tier")
            )
        );
    }
}
