//! Snapshot format versions and the migrations between them. Pure: JSON in, JSON out.
//!
//! # Version 0 (before `format` existed)
//!
//! The earliest snapshots were a flat object without `format`:
//!
//! ```json
//! {
//!   "version": 0,
//!   "organization": "Northwind Mutual",
//!   "assessor": "J. Doe",
//!   "created_at": "2024-03-01T09:00:00Z",
//!   "cycle": "stage-1",
//!   "label": "optional",
//!   "profile": "generic",
//!   "questionnaires": { "iso42001-gap": "0.1.0" },
//!   "subjects": [ { "id": "claims-triage", "kind": "ai_system", "name": "Claims triage" } ],
//!   "answers": {
//!     "iso42001-gap/s1.q1": { "value": { "status": "met" } },
//!     "iso42001-aiia/claims-triage/s1.q1": { "value": { "status": "partial" } }
//!   },
//!   "findings": []
//! }
//! ```
//!
//! - `version` is optional (absent means 0); a file without `format` is taken as version 0
//!   when it has a top-level `answers` object.
//! - `questionnaires` maps id → version; there was no content hash, so the migrated stamps
//!   carry an empty `sha256` (read as "unknown": a diff does not report a content change).
//! - `answers` is one flat map keyed `questionnaire/question` (organization-wide, i.e. the
//!   gap assessment) or `questionnaire/subject/question`; answers have the version 1 shape.
//!   Repeatable sections did not exist.
//! - `subjects` and `findings` have the version 1 shape.
//!
//! # Version 1
//!
//! [`crate::model::Snapshot`]: `format`, `version`, `meta`, `questionnaires` (stamps),
//! `subjects`, `assessments`, `findings`, `scorecard`, `previous`, `digest`.

use serde_json::{Map, Value, json};

use crate::model::snapshot::{SNAPSHOT_FORMAT, SNAPSHOT_VERSION};

/// Every snapshot version this build reads; all but the last are migrated on load.
pub const UNDERSTOOD_VERSIONS: &[u32] = &[0, SNAPSHOT_VERSION];

/// Why a document could not be brought to the current version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct MigrateError {
    /// JSON pointer (into the original document) of the offending value.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// Whether the problem is a version this build does not understand.
    pub unsupported_version: bool,
}

fn schema(pointer: impl Into<String>, message: impl Into<String>) -> MigrateError {
    MigrateError {
        pointer: pointer.into(),
        message: message.into(),
        unsupported_version: false,
    }
}

/// The versions understood, for messages: `0 and 1`.
pub fn understood_list() -> String {
    let v: Vec<String> = UNDERSTOOD_VERSIONS.iter().map(u32::to_string).collect();
    match v.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => v.join(""),
    }
}

/// The version a document claims, after checking `format`.
pub fn detect(doc: &Value) -> Result<u32, MigrateError> {
    match doc.get("format") {
        Some(Value::String(f)) if f == SNAPSHOT_FORMAT => {}
        None if doc.get("answers").is_some_and(Value::is_object) => return version_of(doc, 0),
        other => {
            return Err(schema(
                "/format",
                format!(
                    "not a clausewise snapshot: `format` is {}, expected {SNAPSHOT_FORMAT:?}",
                    other.map_or("missing".to_string(), Value::to_string)
                ),
            ));
        }
    }
    version_of(doc, SNAPSHOT_VERSION)
}

fn version_of(doc: &Value, default: u32) -> Result<u32, MigrateError> {
    let raw = doc.get("version");
    let found = match raw {
        None if default == 0 => return Ok(0),
        None => None,
        Some(v) => v.as_u64(),
    };
    match found.and_then(|v| u32::try_from(v).ok()) {
        Some(v) if UNDERSTOOD_VERSIONS.contains(&v) => Ok(v),
        _ => Err(MigrateError {
            pointer: "/version".into(),
            message: format!(
                "snapshot version {} is not supported; this build understands versions {} \
                 (older ones are migrated on load); a newer clausewise may read it",
                raw.map_or("missing".to_string(), Value::to_string),
                understood_list()
            ),
            unsupported_version: true,
        }),
    }
}

/// Brings a document of any understood version to the current one.
/// Returns the migrated document and the version it was found in.
pub fn to_current(doc: Value) -> Result<(Value, u32), MigrateError> {
    let from = detect(&doc)?;
    let current = if from == 0 { v0_to_v1(doc)? } else { doc };
    Ok((current, from))
}

/// Version 0 → version 1 (see the module documentation for both shapes).
pub fn v0_to_v1(doc: Value) -> Result<Value, MigrateError> {
    let Value::Object(mut o) = doc else {
        return Err(schema("", "a snapshot must be a JSON object"));
    };
    let mut take = |k: &str| o.remove(k).unwrap_or(Value::Null);
    let meta = json!({
        "organization": take("organization"),
        "assessor": take("assessor"),
        "created_at": take("created_at"),
        "cycle": take("cycle"),
        "label": match take("label") { Value::Null => Value::String(String::new()), l => l },
        "profile": take("profile"),
    });
    let stamps = v0_stamps(take("questionnaires"))?;
    let assessments = v0_assessments(take("answers"))?;
    let or_empty = |v: Value| if v.is_null() { json!([]) } else { v };
    let subjects = or_empty(take("subjects"));
    let findings = or_empty(take("findings"));
    take("version");
    if let Some(k) = o.keys().next() {
        return Err(schema(
            format!("/{k}"),
            format!("unknown field {k:?} in a version 0 snapshot"),
        ));
    }
    Ok(json!({
        "format": SNAPSHOT_FORMAT,
        "version": SNAPSHOT_VERSION,
        "meta": meta,
        "questionnaires": stamps,
        "subjects": subjects,
        "assessments": assessments,
        "findings": findings,
    }))
}

fn v0_stamps(q: Value) -> Result<Value, MigrateError> {
    let map = match q {
        Value::Null => Map::new(),
        Value::Object(m) => m,
        _ => {
            return Err(schema(
                "/questionnaires",
                "`questionnaires` must map questionnaire id to version",
            ));
        }
    };
    let mut out = Vec::with_capacity(map.len());
    for (id, version) in map {
        let Value::String(version) = version else {
            return Err(schema(
                format!("/questionnaires/{id}"),
                "a questionnaire version must be a string",
            ));
        };
        out.push(json!({ "id": id, "version": version, "sha256": "" }));
    }
    Ok(Value::Array(out))
}

/// (questionnaire, subject) of a version 0 answer key.
type Group = (String, Option<String>);

fn v0_assessments(answers: Value) -> Result<Value, MigrateError> {
    let Value::Object(map) = answers else {
        return Err(schema("/answers", "`answers` must be an object"));
    };
    let mut groups: Vec<(Group, Map<String, Value>)> = Vec::new();
    for (key, answer) in map {
        let parts: Vec<&str> = key.split('/').collect();
        let (q, subject, question) = match parts.as_slice() {
            [q, question] => (*q, None, *question),
            [q, s, question] => (*q, Some(s.to_string()), *question),
            _ => {
                return Err(schema(
                    format!("/answers/{}", key.replace('~', "~0").replace('/', "~1")),
                    format!(
                        "answer key {key:?} must be `questionnaire/question` or `questionnaire/subject/question`"
                    ),
                ));
            }
        };
        let group = (q.to_string(), subject);
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, m)) => {
                m.insert(question.to_string(), answer);
            }
            None => {
                let mut m = Map::new();
                m.insert(question.to_string(), answer);
                groups.push((group, m));
            }
        }
    }
    let out = groups
        .into_iter()
        .map(|((q, subject), answers)| {
            let mut a = Map::new();
            a.insert("questionnaire".into(), Value::String(q));
            if let Some(s) = subject {
                a.insert("subject".into(), Value::String(s));
            }
            a.insert("answers".into(), Value::Object(answers));
            Value::Object(a)
        })
        .collect();
    Ok(Value::Array(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v0() -> Value {
        json!({
            "organization": "Org",
            "assessor": "A",
            "created_at": "2024-03-01T09:00:00Z",
            "cycle": "stage-1",
            "profile": "generic",
            "questionnaires": { "gap": "0.1.0", "aiia": "0.2.0" },
            "subjects": [ { "id": "bot", "kind": "ai_system", "name": "Bot" } ],
            "answers": {
                "gap/q1": { "value": { "status": "met" } },
                "aiia/bot/q1": { "value": { "yes_no": "no" } },
                "gap/q2": { "value": { "status": "gap" } }
            }
        })
    }

    #[test]
    fn v0_is_detected_without_format_and_migrated() {
        let (doc, from) = to_current(v0()).expect("migrated");
        assert_eq!(from, 0);
        assert_eq!(doc["format"], SNAPSHOT_FORMAT);
        assert_eq!(doc["version"], 1);
        assert_eq!(doc["meta"]["label"], "");
        assert_eq!(doc["questionnaires"][0]["id"], "aiia");
        assert_eq!(doc["questionnaires"][0]["sha256"], "");
        assert_eq!(doc["assessments"][0]["questionnaire"], "aiia");
        assert_eq!(doc["assessments"][0]["subject"], "bot");
        assert_eq!(doc["assessments"][1]["questionnaire"], "gap");
        assert!(doc["assessments"][1].get("subject").is_none());
        assert_eq!(
            doc["assessments"][1]["answers"]["q2"]["value"]["status"],
            "gap"
        );
        assert_eq!(doc["findings"], json!([]));
    }

    #[test]
    fn a_bad_answer_key_points_at_it() {
        let mut d = v0();
        d["answers"]["a/b/c/d"] = json!({});
        let e = to_current(d).expect_err("refused");
        assert_eq!(e.pointer, "/answers/a~1b~1c~1d");
    }

    #[test]
    fn a_future_version_is_refused_naming_the_understood_ones() {
        let e = detect(&json!({ "format": SNAPSHOT_FORMAT, "version": 99 })).expect_err("no");
        assert!(e.unsupported_version);
        assert!(
            e.message.starts_with(
                "snapshot version 99 is not supported; this build understands versions 0 and 1"
            ),
            "{}",
            e.message
        );
    }

    #[test]
    fn something_else_is_not_a_snapshot() {
        let e = detect(&json!({ "id": "x" })).expect_err("no");
        assert!(
            e.message.contains("not a clausewise snapshot"),
            "{}",
            e.message
        );
    }
}
