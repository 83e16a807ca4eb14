//! Reading a snapshot's `format`, `version` and `meta` without reading the rest of the file.
//!
//! Snapshots are written with a stable key order that puts these three first, so a list of
//! saved snapshots (Home) reads a few hundred bytes of each file instead of parsing
//! megabytes of answers and scorecard. The reader stops as soon as it has all three; a file
//! that does not start that way (an older version, keys in another order, a damaged head)
//! yields nothing and the caller falls back to a full load.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

use crate::catalog::MAX_FILE_BYTES;
use crate::model::SnapshotMeta;

/// The first three fields of a snapshot file.
#[derive(Debug, Clone, PartialEq)]
pub struct Head {
    /// The `format` field.
    pub format: String,
    /// The `version` field.
    pub version: u32,
    /// The `meta` field.
    pub meta: SnapshotMeta,
}

/// Read buffer: the head of a snapshot is a few hundred bytes.
const BUFFER: usize = 8 * 1024;

/// The head of the snapshot file at `path`, read from its start up to its `meta`, or `None`
/// when the file cannot be opened or does not begin with an object holding all three fields
/// (before any damage further on, which this does not see).
pub fn read_head(path: &Path) -> Option<Head> {
    let file = File::open(path).ok()?;
    let limited = file.take(u64::try_from(MAX_FILE_BYTES).unwrap_or(u64::MAX));
    let mut de = serde_json::Deserializer::from_reader(BufReader::with_capacity(BUFFER, limited));
    let mut found = None;
    // Success means the object ended without all three fields; the error this reader
    // raises to stop early, or any syntax error, leaves `found` as it is.
    let _ = HeadSeed(&mut found).deserialize(&mut de);
    found
}

/// Deserializes the top-level object into its slot and stops with an error once the head
/// is complete (serde_json would otherwise insist on reading the object to its end).
struct HeadSeed<'h>(&'h mut Option<Head>);

/// The message of the error that stops the reader; it never reaches a user.
const STOP: &str = "snapshot head read";

impl<'de> DeserializeSeed<'de> for HeadSeed<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for HeadSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a snapshot object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (mut format, mut version, mut meta) = (None, None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => format = Some(map.next_value::<String>()?),
                "version" => version = Some(map.next_value::<u32>()?),
                "meta" => meta = Some(map.next_value::<SnapshotMeta>()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            if let (Some(format), Some(version), Some(meta)) = (&format, version, &meta) {
                *self.0 = Some(Head {
                    format: format.clone(),
                    version,
                    meta: meta.clone(),
                });
                return Err(de::Error::custom(STOP));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head_of(text: &str) -> Option<Head> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        std::fs::write(&path, text).unwrap();
        read_head(&path)
    }

    const META: &str = r#"{"organization": "Org", "assessor": "A",
        "created_at": "2026-01-02T03:04:05Z", "cycle": "stage-2", "label": "L",
        "profile": "generic"}"#;

    #[test]
    fn the_head_is_read_and_what_follows_it_is_not() {
        let text = format!(
            r#"{{"format": "clausewise-snapshot", "version": 1, "meta": {META}, "answers": [ not json"#
        );
        let head = head_of(&text).expect("head");
        assert_eq!(head.format, "clausewise-snapshot");
        assert_eq!(head.version, 1);
        assert_eq!(head.meta.organization, "Org");
        assert_eq!(head.meta.cycle, "stage-2");
    }

    #[test]
    fn fields_in_another_order_or_after_others_are_still_found() {
        let text =
            format!(r#"{{"x": [1, {{"y": 2}}], "meta": {META}, "version": 0, "format": "f"}}"#);
        let head = head_of(&text).expect("head");
        assert_eq!((head.format.as_str(), head.version), ("f", 0));
    }

    #[test]
    fn a_missing_field_a_damaged_head_or_no_object_yields_nothing() {
        for text in [
            format!(r#"{{"format": "clausewise-snapshot", "meta": {META}}}"#),
            r#"{"format": "clausewise-snapshot", "version": "#.to_string(),
            format!(r#"{{"format": 7, "version": 1, "meta": {META}}}"#),
            "[]".to_string(),
            String::new(),
        ] {
            assert_eq!(head_of(&text), None, "{text}");
        }
    }
}
