//! Snapshots as values: assembling one from a workspace state, its canonical JSON form,
//! sealing it (digest) and checking a seal, migrating older formats, and recomputing its
//! scorecard. Pure: no disk, no clock ("when" is part of the request); `crate::store`
//! reads and writes the files and calls these functions.
//!
//! The `digest` is `sha256:` + hex of the canonical JSON ([`canonical`]) of the snapshot
//! with `digest` left out; `previous` is the digest of the previous snapshot of the same
//! organization. Editing a sealed file breaks its digest; re-sealing an edited file breaks
//! the `previous` link of the snapshot after it.

pub mod canonical;
pub mod check;
pub mod migrate;
pub mod rescore;

use jiff::Timestamp;

use crate::catalog::Catalog;
use crate::model::{Questionnaire, QuestionnaireStamp, Snapshot, WorkspaceState};

pub use check::{SealProblem, VerifyProblem, VerifyReport};
pub use rescore::rescore;

/// Why a snapshot could not be assembled, scored or sealed.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    /// A questionnaire or profile the snapshot names is not in the catalog.
    #[error("{0}")]
    NotFound(String),
    /// A value could not be turned into JSON (a bug, not an input problem).
    #[error("cannot encode JSON: {0}")]
    Encode(#[from] serde_json::Error),
}

/// The stamp of a questionnaire: id, version and SHA-256 of its canonical JSON.
pub fn stamp(q: &Questionnaire) -> Result<QuestionnaireStamp, SealError> {
    Ok(QuestionnaireStamp {
        id: q.id.clone(),
        version: q.version.clone(),
        sha256: canonical::digest_of(q)?,
    })
}

/// What a new snapshot is taken as.
#[derive(Debug, Clone, PartialEq)]
pub struct SnapshotRequest {
    /// Audit cycle (`stage-2`, `surveillance-1`, …).
    pub cycle: String,
    /// Free label.
    pub label: String,
    /// When it is taken.
    pub created_at: Timestamp,
    /// Digest of the previous snapshot of the same organization.
    pub previous: Option<String>,
}

/// Freezes a workspace state into an (unsealed) snapshot: metadata, the stamps of the
/// questionnaires its assessments use, and the scorecard.
pub fn assemble(
    state: &WorkspaceState,
    catalog: &Catalog,
    req: SnapshotRequest,
) -> Result<Snapshot, SealError> {
    let mut ids: Vec<&str> = state
        .assessments
        .iter()
        .map(|a| a.questionnaire.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut questionnaires = Vec::with_capacity(ids.len());
    for id in ids {
        let q = catalog.questionnaire(id).ok_or_else(|| {
            SealError::NotFound(format!(
                "questionnaire {id:?} is answered but not in the catalog; add it to questionnaires/"
            ))
        })?;
        questionnaires.push(stamp(q)?);
    }
    let mut snap = state.to_snapshot(req.created_at, req.cycle, req.label);
    snap.questionnaires = questionnaires;
    snap.previous = req.previous;
    snap.scorecard = Some(scorecard(&snap, catalog)?);
    snap.scoring_rules = Some(crate::scoring::RULES_VERSION);
    Ok(snap)
}

/// Scores a snapshot with the catalog's questionnaires and the snapshot's profile, as of the
/// day it was taken (UTC), so the stored scorecard never changes with the calendar.
pub fn scorecard(
    snap: &Snapshot,
    catalog: &Catalog,
) -> Result<crate::model::score::Scorecard, SealError> {
    let profile = catalog.profile(&snap.meta.profile).ok_or_else(|| {
        let known: Vec<&str> = catalog
            .profiles
            .iter()
            .map(|p| p.item.id.as_str())
            .collect();
        SealError::NotFound(format!(
            "profile {:?} is not known; known profiles: {}",
            snap.meta.profile,
            known.join(", ")
        ))
    })?;
    let questionnaires: Vec<&Questionnaire> =
        catalog.questionnaires.iter().map(|l| &l.item).collect();
    let as_of = jiff::tz::TimeZone::UTC
        .to_datetime(snap.meta.created_at)
        .date();
    let opts = crate::scoring::ScoreOptions {
        as_of,
        weighted: true,
    };
    Ok(crate::scoring::score_snapshot(
        &questionnaires,
        profile,
        snap,
        opts,
    ))
}

/// The digest of a snapshot's content (its own `digest` field left out).
pub fn digest(s: &mut Snapshot) -> Result<String, SealError> {
    let kept = s.digest.take();
    let unsealed = unsealed(s);
    s.digest = kept;
    Ok(unsealed?.1)
}

/// A snapshot with at least this many answers has its scorecard serialized on a second
/// thread while the rest is serialized (and hashed) on the calling one; a thread costs
/// more than serializing a small snapshot.
const PARALLEL_MIN_ANSWERS: usize = 2_000;

/// How the canonical JSON of a snapshot ends.
const TAIL: &[u8] = b"\n}\n";

/// The canonical bytes of `s` (whose `digest` the caller has cleared) and their SHA-256:
/// [`canonical::to_vec`] and [`canonical::sha256`] of it, but for a large snapshot the
/// scorecard (about half the work) is serialized on a second thread while the rest is
/// serialized and hashed here, then spliced in at its place between `findings` and
/// `previous`.
fn unsealed(s: &mut Snapshot) -> Result<(Vec<u8>, String), serde_json::Error> {
    let answers: usize = s.assessments.iter().map(|a| a.answers.len()).sum();
    if answers < PARALLEL_MIN_ANSWERS || s.scorecard.is_none() {
        return whole(s);
    }
    let (card, previous) = (s.scorecard.take(), s.previous.take());
    let pieces = std::thread::scope(|scope| {
        let card = card.as_ref();
        let worker = std::thread::Builder::new()
            .spawn_scoped(scope, move || canonical::nested_to_vec(&card, 1));
        let head = canonical::to_vec(&*s)?;
        let mut hasher = canonical::Sha256Hasher::default();
        hasher.update(head.strip_suffix(TAIL).unwrap_or_default());
        let card = match worker {
            Ok(w) => w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
            Err(_) => canonical::nested_to_vec(&card, 1),
        };
        Ok::<_, serde_json::Error>((head, card?, hasher))
    });
    (s.scorecard, s.previous) = (card, previous);
    let (mut bytes, card, mut hasher) = pieces?;
    if !bytes.ends_with(TAIL) {
        return whole(s);
    }
    bytes.truncate(bytes.len() - TAIL.len());
    let start = bytes.len();
    let previous = s.previous.as_ref().map(serde_json::to_vec).transpose()?;
    // Room for the digest line too, which `seal` appends.
    bytes.reserve(card.len() + previous.as_ref().map_or(0, Vec::len) + 256);
    bytes.extend_from_slice(b",\n  \"scorecard\": ");
    bytes.extend_from_slice(&card);
    if let Some(p) = previous {
        bytes.extend_from_slice(b",\n  \"previous\": ");
        bytes.extend_from_slice(&p);
    }
    bytes.extend_from_slice(TAIL);
    hasher.update(bytes.get(start..).unwrap_or_default());
    Ok((bytes, hasher.finish()))
}

/// [`unsealed`] in one piece, on the calling thread.
fn whole(s: &Snapshot) -> Result<(Vec<u8>, String), serde_json::Error> {
    let bytes = canonical::to_vec(s)?;
    let d = canonical::sha256(&bytes);
    Ok((bytes, d))
}

/// Sets `digest` and returns the canonical bytes of the sealed snapshot.
pub fn seal(s: &mut Snapshot) -> Result<Vec<u8>, SealError> {
    s.digest = None;
    let (mut bytes, d) = unsealed(s)?;
    // `digest` is the last field: splice it in rather than serializing a second time.
    if bytes.ends_with(TAIL) {
        bytes.truncate(bytes.len() - TAIL.len());
        bytes.extend_from_slice(format!(",\n  \"digest\": \"{d}\"\n}}\n").as_bytes());
        s.digest = Some(d);
        Ok(bytes)
    } else {
        s.digest = Some(d);
        Ok(canonical::to_vec(s)?)
    }
}
