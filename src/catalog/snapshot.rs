//! Parsing and checking snapshot files (format, version, internal references).
//! Older versions are migrated by [`crate::store::migrate`] before the typed parse.

use std::collections::HashSet;

use crate::model::Snapshot;
use crate::model::snapshot::{SNAPSHOT_FORMAT, SNAPSHOT_VERSION};

use super::diagnostic::{Code, Diagnostic, Reporter};
use super::{SourceFile, parse};

/// Snapshot versions this build reads (older ones are migrated on load).
pub const UNDERSTOOD_VERSIONS: &[u32] = &[SNAPSHOT_VERSION];

/// Parses a snapshot of the current version and checks its internal references.
pub fn load_snapshot(file: &SourceFile) -> Result<Snapshot, Vec<Diagnostic>> {
    let text = parse::text(&file.path, &file.bytes).map_err(|d| vec![d])?;
    let mut r = Reporter::new(&file.path, text);
    let head: serde_json::Value = parse::json(&file.path, text).map_err(|d| vec![d])?;
    match head.get("format").and_then(|f| f.as_str()) {
        Some(SNAPSHOT_FORMAT) => {}
        other => {
            r.at(
                "/format",
                Code::Schema,
                format!(
                    "not a clausewise snapshot: `format` is {other:?}, expected {SNAPSHOT_FORMAT:?}"
                ),
            );
            return Err(r.diagnostics);
        }
    }
    let version = head.get("version").and_then(|v| v.as_u64());
    if !version.is_some_and(|v| UNDERSTOOD_VERSIONS.iter().any(|u| u64::from(*u) == v)) {
        let found = head
            .get("version")
            .map_or("missing".to_string(), |v| v.to_string());
        let understood: Vec<String> = UNDERSTOOD_VERSIONS.iter().map(u32::to_string).collect();
        r.at(
            "/version",
            Code::UnsupportedVersion,
            format!(
                "snapshot version {found} is not supported; this build understands version {}",
                understood.join(", ")
            ),
        );
        return Err(r.diagnostics);
    }
    let snap: Snapshot = parse::json(&file.path, text).map_err(|d| vec![d])?;
    check(&snap, &mut r);
    if r.diagnostics.is_empty() {
        Ok(snap)
    } else {
        Err(r.diagnostics)
    }
}

/// Internal consistency: unique subject, assessment and finding ids, known subjects.
pub fn check(s: &Snapshot, r: &mut Reporter<'_>) {
    let mut subjects = HashSet::new();
    for (i, sub) in s.subjects.iter().enumerate() {
        if !subjects.insert(sub.id.as_str()) {
            r.at(
                &format!("/subjects/{i}/id"),
                Code::DuplicateId,
                format!("duplicate subject id {:?}", sub.id),
            );
        }
    }
    let mut pairs = HashSet::new();
    for (i, a) in s.assessments.iter().enumerate() {
        if let Some(sub) = &a.subject
            && !subjects.contains(sub.as_str())
        {
            r.at(
                &format!("/assessments/{i}/subject"),
                Code::UnknownReference,
                format!("assessment refers to unknown subject {sub:?}"),
            );
        }
        if !pairs.insert((a.questionnaire.as_str(), a.subject.as_deref())) {
            r.at(
                &format!("/assessments/{i}"),
                Code::DuplicateId,
                format!(
                    "a second assessment of {:?} for subject {:?}",
                    a.questionnaire,
                    a.subject.as_deref().unwrap_or("(organization)")
                ),
            );
        }
    }
    let mut findings = HashSet::new();
    for (i, f) in s.findings.iter().enumerate() {
        if !findings.insert(f.id.as_str()) {
            r.at(
                &format!("/findings/{i}/id"),
                Code::DuplicateId,
                format!("duplicate finding id {:?}", f.id),
            );
        }
    }
}
