//! Bytes → typed value, with every failure turned into a positioned [`Diagnostic`].

use serde::de::DeserializeOwned;

use super::diagnostic::{Code, Diagnostic};
use super::source_map::SourceMap;

/// Largest input file accepted, in bytes (a 1,000-question questionnaire is ~1 MiB).
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

fn diag(file: &str, line: usize, column: usize, code: Code, message: String) -> Diagnostic {
    Diagnostic {
        file: file.to_string(),
        line,
        column,
        code,
        message,
    }
}

/// Largest snapshot file accepted, in bytes: what `snapshot save` may write (it refuses
/// more), so that every reader accepts every snapshot written. A 100,000-answer snapshot
/// is about 60 MiB.
pub const MAX_SNAPSHOT_BYTES: usize = 256 * 1024 * 1024;

/// The UTF-8 byte order mark some editors put at the start of a file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Checks size and encoding, returning the text.
pub fn text<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, Diagnostic> {
    text_within(file, bytes, MAX_FILE_BYTES)
}

/// [`text`] with another size limit. Readers stop one byte past the limit, so a longer
/// input is reported as more than the limit (readers that know the file's size say it).
pub fn text_within<'a>(file: &str, bytes: &'a [u8], limit: usize) -> Result<&'a str, Diagnostic> {
    if bytes.len() > limit {
        return Err(diag(
            file,
            1,
            1,
            Code::TooLarge,
            format!("file is larger than the limit; the limit is {limit} bytes"),
        ));
    }
    if bytes.starts_with(BOM) {
        return Err(diag(
            file,
            1,
            1,
            Code::NotUtf8,
            "file starts with a UTF-8 byte order mark (BOM, bytes EF BB BF), which JSON does not allow; save it as UTF-8 without BOM".into(),
        ));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let good = bytes.get(..e.valid_up_to()).unwrap_or_default();
        let valid = std::str::from_utf8(good).unwrap_or_default();
        let (line, column) = SourceMap::new("").line_col_in(valid);
        diag(
            file,
            line,
            column,
            Code::NotUtf8,
            format!(
                "file is not valid UTF-8 (invalid byte at offset {}); save it as UTF-8",
                e.valid_up_to()
            ),
        )
    })
}

/// Strips serde_json's trailing " at line N column M" from a message.
fn bare_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Parses `text` as JSON into `T`. Syntax errors, wrong types, unknown and missing fields
/// come back as one diagnostic naming the field path. The fast path parses once; only a
/// failing file is parsed again to find the path of the offending field.
pub fn json<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, Diagnostic> {
    if let Ok(v) = serde_json::from_str::<T>(text) {
        return Ok(v);
    }
    // Real syntax errors fail the untyped pass too; anything else (including a number out of
    // range) is a problem with one field, reported with its path.
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text)
        && (e.is_syntax() || e.is_eof())
    {
        return Err(diag(
            file,
            e.line().max(1),
            e.column().max(1),
            Code::Syntax,
            format!("invalid JSON: {}", bare_message(&e)),
        ));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let err = match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(v) => return Ok(v),
        Err(err) => err,
    };
    let path = shorten(&err.path().to_string());
    let inner = err.inner();
    let field = if path == "." {
        "the document".to_string()
    } else {
        format!("`{path}`")
    };
    Err(diag(
        file,
        inner.line().max(1),
        inner.column().max(1),
        Code::Schema,
        format!("{field}: {}", bare_message(inner)),
    ))
}

/// Keeps a field path readable: very deep paths keep their start and end.
fn shorten(path: &str) -> String {
    const MAX: usize = 100;
    if path.chars().count() <= MAX {
        return path.to_string();
    }
    let head: String = path.chars().take(60).collect();
    let tail: String = path
        .chars()
        .rev()
        .take(30)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("{head}…{tail}")
}

impl SourceMap {
    /// Line and column just after `prefix`.
    pub fn line_col_in(&self, prefix: &str) -> (usize, usize) {
        let line = prefix.matches('\n').count() + 1;
        let col = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    }
}

/// A document whose top level may carry a `"$schema"` key (the JSON Schema an editor
/// validates it against): the key is skipped, everything else goes to `T` with the same
/// positions and field paths, so `T` can keep refusing unknown fields.
#[derive(Debug)]
pub struct Schemaful<T>(pub T);

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Schemaful<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(SkipSchema(d)).map(Schemaful)
    }
}

/// The key editors read the schema from.
pub const SCHEMA_KEY: &str = "$schema";

/// A deserializer that hands structs a map without its `$schema` entry.
struct SkipSchema<D>(D);

impl<'de, D: serde::Deserializer<'de>> serde::Deserializer<'de> for SkipSchema<D> {
    type Error = D::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(v)
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_struct(name, fields, SkipVisitor(v))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

struct SkipVisitor<V>(V);

impl<'de, V: serde::de::Visitor<'de>> serde::de::Visitor<'de> for SkipVisitor<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.expecting(f)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(SkipMap(map))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(seq)
    }
}

struct SkipMap<A>(A);

impl<'de, A: serde::de::MapAccess<'de>> serde::de::MapAccess<'de> for SkipMap<A> {
    type Error = A::Error;

    fn next_key_seed<K: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        use serde::de::IntoDeserializer as _;
        while let Some(key) = self.0.next_key::<String>()? {
            if key == SCHEMA_KEY {
                self.0.next_value::<serde::de::IgnoredAny>()?;
                continue;
            }
            return seed.deserialize(key.into_deserializer()).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<S: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, A::Error> {
        self.0.next_value_seed(seed)
    }
}

#[cfg(test)]
mod schema_key_tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        id: String,
        n: u32,
    }

    #[test]
    fn a_schema_key_is_skipped_and_other_unknown_keys_still_refused() {
        let ok = r#"{"$schema": "../schema/x.json", "id": "a", "n": 1}"#;
        let doc = json::<Schemaful<Doc>>("f.json", ok).unwrap().0;
        assert_eq!(
            doc,
            Doc {
                id: "a".into(),
                n: 1
            }
        );
        let bad = "{\"$schema\": \"x\",\n  \"id\": \"a\",\n  \"extra\": 1, \"n\": 1}";
        let d = json::<Schemaful<Doc>>("f.json", bad).unwrap_err();
        assert!(d.message.contains("unknown field `extra`"), "{d}");
        assert_eq!(d.line, 3, "{d}");
        let wrong = "{\"id\": \"a\",\n \"n\": \"x\"}";
        let d = json::<Schemaful<Doc>>("f.json", wrong).unwrap_err();
        assert!(d.message.starts_with("`n`:"), "{d}");
        assert_eq!(d.line, 2, "{d}");
    }
}
