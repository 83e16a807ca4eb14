//! Parsing and checking snapshot files (format, version, internal references).
//! Older versions are migrated by [`crate::seal::migrate`] before the typed parse.
//! Pure: callers pass file contents.

use std::collections::HashSet;

use crate::model::answer_check::check_assessment;
use crate::model::snapshot::SNAPSHOT_VERSION;
use crate::model::{Questionnaire, Snapshot};
use crate::seal::migrate;

use super::diagnostic::{Code, Diagnostic, Reporter};
use super::{SourceFile, parse};

/// Snapshot versions this build reads (older ones are migrated on load).
pub use crate::seal::migrate::UNDERSTOOD_VERSIONS;

/// Parses a snapshot of any understood version (migrating older ones) and checks its
/// internal references. A newer version is refused, naming the versions understood.
pub fn load_snapshot(file: &SourceFile) -> Result<Snapshot, Vec<Diagnostic>> {
    let text = parse::text_within(&file.path, &file.bytes, parse::MAX_SNAPSHOT_BYTES)
        .map_err(|d| vec![d])?;
    let mut r = Reporter::new(&file.path, text);
    let head = parse::json::<Head>(&file.path, text)
        .map_err(|d| vec![d])?
        .0;
    let version = match migrate::detect(&head) {
        Ok(v) => v,
        Err(e) => {
            r.at(&e.pointer, code_of(&e), e.message);
            return Err(r.diagnostics);
        }
    };
    let snap: Snapshot = if version == SNAPSHOT_VERSION {
        parse::json::<parse::Schemaful<Snapshot>>(&file.path, text)
            .map_err(|d| vec![d])?
            .0
    } else {
        let mut doc: serde_json::Value = parse::json(&file.path, text).map_err(|d| vec![d])?;
        if let Some(m) = doc.as_object_mut() {
            m.remove(parse::SCHEMA_KEY);
        }
        migrated(doc, &mut r)?
    };
    check(&snap, &mut r);
    if r.diagnostics.is_empty() {
        Ok(snap)
    } else {
        Err(r.diagnostics)
    }
}

/// Checks a loaded snapshot's answers against the questionnaires they answer (exclusions
/// only where allowed, justifications that meet the rule), each problem at its
/// `file:line:col`. Assessments of questionnaires not in `questionnaires` are skipped.
pub fn check_answers(
    file: &SourceFile,
    snap: &Snapshot,
    questionnaires: &[&Questionnaire],
) -> Vec<Diagnostic> {
    let Ok(text) = parse::text(&file.path, &file.bytes) else {
        return Vec::new();
    };
    let mut r = Reporter::new(&file.path, text);
    for (i, a) in snap.assessments.iter().enumerate() {
        let Some(q) = questionnaires.iter().find(|q| q.id == a.questionnaire) else {
            continue;
        };
        for p in check_assessment(q, a, &format!("/assessments/{i}")) {
            r.at(&p.pointer, Code::Invalid, p.message);
        }
    }
    r.diagnostics
}

/// What [`migrate::detect`] looks at, without building the whole document as a
/// `serde_json::Value` (several times the file's size): the top-level `format` and
/// `version` as they are, and `answers` as an empty object when it is an object. Anything
/// that is not an object reads as `null`, like a document without those keys.
struct Head(serde_json::Value);

impl<'de> serde::Deserialize<'de> for Head {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde::de::DeserializeSeed::deserialize(Shape { top: true }, d).map(Head)
    }
}

/// Reads a value's shape, skipping its content: at the top, the head object; below, an
/// empty object for an object and `null` for anything else.
#[derive(Clone, Copy)]
struct Shape {
    top: bool,
}

impl<'de> serde::de::DeserializeSeed<'de> for Shape {
    type Value = serde_json::Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Shape {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut head = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" | "version" if self.top => {
                    head.insert(key, map.next_value()?);
                }
                "answers" if self.top => {
                    head.insert(key, map.next_value_seed(Shape { top: false })?);
                }
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(serde_json::Value::Object(head))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(serde_json::Value::Null)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }

    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn head(text: &str) -> serde_json::Value {
        parse::json::<Head>("t.json", text).expect("head").0
    }

    #[test]
    fn head_keeps_format_and_version_and_only_the_shape_of_answers() {
        let doc = r#"{"x": [1, {"format": 2}], "format": "f", "version": 7,
            "answers": {"a": {"value": {"status": "met"}}}}"#;
        assert_eq!(
            head(doc),
            serde_json::json!({"format": "f", "version": 7, "answers": {}})
        );
        assert_eq!(
            head(r#"{"answers": [1], "meta": {}}"#),
            serde_json::json!({"answers": null})
        );
        assert_eq!(head("[1, 2]"), serde_json::Value::Null);
        assert_eq!(head("\"s\""), serde_json::Value::Null);
    }

    #[test]
    fn head_detects_the_same_version_as_the_whole_document() {
        for doc in [
            r#"{"answers": {}, "version": 0}"#,
            r#"{"answers": {}}"#,
            r#"{"format": "clausewise-snapshot", "version": 1}"#,
            r#"{"format": "clausewise-snapshot", "version": 99}"#,
            r#"{"format": "other"}"#,
            r#"[]"#,
        ] {
            let whole: serde_json::Value = serde_json::from_str(doc).expect("json");
            assert_eq!(
                migrate::detect(&head(doc)),
                migrate::detect(&whole),
                "{doc}"
            );
        }
    }

    #[test]
    fn a_syntax_error_is_still_reported_with_its_position() {
        let e = parse::json::<Head>("t.json", "{\n  \"format\": }").err();
        assert_eq!(e.map(|d| (d.line, d.code)), Some((2, Code::Syntax)));
    }
}
