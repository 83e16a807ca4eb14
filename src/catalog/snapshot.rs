//! Parsing and checking snapshot files (format, version, internal references).
//! Older versions are migrated by [`crate::store::migrate`] before the typed parse.
//! Pure: callers pass file contents.

use std::collections::HashSet;

use crate::model::Snapshot;
use crate::model::snapshot::SNAPSHOT_VERSION;
use crate::store::migrate;

use super::diagnostic::{Code, Diagnostic, Reporter};
use super::{SourceFile, parse};

/// Snapshot versions this build reads (older ones are migrated on load).
pub use crate::store::migrate::UNDERSTOOD_VERSIONS;

/// Parses a snapshot of any understood version (migrating older ones) and checks its
/// internal references. A newer version is refused, naming the versions understood.
pub fn load_snapshot(file: &SourceFile) -> Result<Snapshot, Vec<Diagnostic>> {
    let text = parse::text(&file.path, &file.bytes).map_err(|d| vec![d])?;
    let mut r = Reporter::new(&file.path, text);
    let head: serde_json::Value = parse::json(&file.path, text).map_err(|d| vec![d])?;
    let version = match migrate::detect(&head) {
        Ok(v) => v,
        Err(e) => {
            r.at(&e.pointer, code_of(&e), e.message);
            return Err(r.diagnostics);
        }
    };
    let snap: Snapshot = if version == SNAPSHOT_VERSION {
        parse::json(&file.path, text).map_err(|d| vec![d])?
    } else {
        migrated(head, &mut r)?
    };
    check(&snap, &mut r);
    if r.diagnostics.is_empty() {
        Ok(snap)
    } else {
        Err(r.diagnostics)
    }
}

fn code_of(e: &migrate::MigrateError) -> Code {
    if e.unsupported_version {
        Code::UnsupportedVersion
    } else {
        Code::Schema
    }
}

/// Migrates an older document and parses the result; problems point into the original.
fn migrated(head: serde_json::Value, r: &mut Reporter<'_>) -> Result<Snapshot, Vec<Diagnostic>> {
    let (doc, from) = match migrate::to_current(head) {
        Ok(x) => x,
        Err(e) => {
            r.at(&e.pointer, code_of(&e), e.message);
            return Err(std::mem::take(&mut r.diagnostics));
        }
    };
    serde_path_to_error::deserialize::<_, Snapshot>(doc).map_err(|e| {
        r.at(
            "",
            Code::Schema,
            format!(
                "after migrating from version {from}: `{}`: {}",
                e.path(),
                e.inner()
            ),
        );
        std::mem::take(&mut r.diagnostics)
    })
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
