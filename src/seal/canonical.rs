//! Canonical JSON: the one byte form of a value that snapshots are written, hashed and
//! compared in.
//!
//! Keys follow struct field order (maps are `BTreeMap`s, so sorted), 2-space indent, one
//! value per line, a trailing newline. Serializing straight from the typed value (never via
//! `serde_json::Value`, whose map would reorder struct fields) keeps that order, and floats
//! print in their shortest round-tripping form, so load → save is byte-identical.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// The canonical bytes of `value`.
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    let mut out = Vec::with_capacity(64 * 1024);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Pretty::default());
    value.serialize(&mut ser)?;
    out.push(b'\n');
    Ok(out)
}

/// The canonical bytes of `value` as they appear when it is nested `depth` objects deep
/// (its inner lines indented for that depth; no trailing newline), for assembling a
/// document from pieces serialized separately.
pub fn nested_to_vec<T: Serialize + ?Sized>(
    value: &T,
    depth: usize,
) -> Result<Vec<u8>, serde_json::Error> {
    let mut out = Vec::with_capacity(64 * 1024);
    let pretty = Pretty {
        depth,
        has_value: false,
    };
    let mut ser = serde_json::Serializer::with_formatter(&mut out, pretty);
    value.serialize(&mut ser)?;
    Ok(out)
}

/// `,` + newline + spaces: the separators and indentation written in one piece.
const BREAK: &[u8] = b",\n                                                                ";

/// serde_json's `PrettyFormatter` with a 2-space indent, byte for byte, but writing each
/// line break with its indentation in one call instead of one call per level (most of the
/// writes of a deeply nested snapshot).
#[derive(Debug, Default)]
struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    /// A newline (after a comma unless `first`) and the current indentation.
    fn line<W: ?Sized + std::io::Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        let from = usize::from(first);
        let mut spaces = 2 * self.depth;
        match BREAK.get(from..2 + spaces) {
            Some(piece) => return w.write_all(piece),
            None => w.write_all(BREAK.get(from..2).unwrap_or(b"\n"))?,
        }
        while spaces > 0 {
            let n = spaces.min(BREAK.len() - 2);
            w.write_all(BREAK.get(2..2 + n).unwrap_or_default())?;
            spaces -= n;
        }
        Ok(())
    }

    fn open<W: ?Sized + std::io::Write>(&mut self, w: &mut W, b: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b)
    }

    fn close<W: ?Sized + std::io::Write>(&mut self, w: &mut W, b: &[u8]) -> std::io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        if self.has_value {
            self.line(w, true)?;
        }
        w.write_all(b)
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// `sha256:` followed by the lowercase hex SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> String {
    let mut h = Sha256Hasher::default();
    h.update(bytes);
    h.finish()
}

/// [`sha256`] of bytes given in pieces.
#[derive(Debug, Clone, Default)]
pub struct Sha256Hasher(Sha256);

impl Sha256Hasher {
    /// Takes in the next piece.
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// `sha256:` + hex of every piece taken in, in order.
    pub fn finish(self) -> String {
        let hash = self.0.finalize();
        let mut s = String::with_capacity(7 + 64);
        s.push_str("sha256:");
        for b in hash.iter() {
            s.push(hex_digit(b >> 4));
            s.push(hex_digit(b & 0x0f));
        }
        s
    }
}

fn hex_digit(n: u8) -> char {
    char::from_digit(u32::from(n), 16).unwrap_or('0')
}

/// `sha256:` + hex of the canonical JSON of `value`.
pub fn digest_of<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    Ok(sha256(&to_vec(value)?))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[derive(Serialize)]
    struct S {
        zeta: u32,
        alpha: BTreeMap<String, f64>,
        list: Vec<u8>,
    }

    #[test]
    fn struct_order_sorted_maps_two_space_indent_trailing_newline() {
        let mut alpha = BTreeMap::new();
        alpha.insert("b".to_string(), 0.1);
        alpha.insert("a".to_string(), 2.0);
        let s = S {
            zeta: 1,
            alpha,
            list: vec![1, 2],
        };
        let text = String::from_utf8(to_vec(&s).expect("json")).expect("utf8");
        assert_eq!(
            text,
            "{\n  \"zeta\": 1,\n  \"alpha\": {\n    \"a\": 2.0,\n    \"b\": 0.1\n  },\n  \"list\": [\n    1,\n    2\n  ]\n}\n"
        );
    }

    #[test]
    fn same_bytes_as_serde_json_pretty_printer_at_any_depth() {
        let mut deep = serde_json::json!({"leaf": [1.5, "x", null, [], {}]});
        for i in 0..70 {
            deep = serde_json::json!({ "k": deep, "list": [i, {"a": [true]}], "e": [] });
        }
        let mut expected = Vec::new();
        let fmt = serde_json::ser::PrettyFormatter::with_indent(b"  ");
        let mut ser = serde_json::Serializer::with_formatter(&mut expected, fmt);
        deep.serialize(&mut ser).expect("json");
        expected.push(b'\n');
        assert_eq!(
            String::from_utf8(to_vec(&deep).expect("json")).expect("utf8"),
            String::from_utf8(expected).expect("utf8")
        );
    }

    #[test]
    fn sha256_of_empty_input_is_the_known_value() {
        assert_eq!(
            sha256(b""),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn a_nested_value_serialized_alone_matches_its_bytes_in_the_document() {
        let inner = serde_json::json!({"a": [1, {"b": []}, {}], "c": "x\ny"});
        let doc = serde_json::json!({"k": inner});
        let whole = String::from_utf8(to_vec(&doc).expect("json")).expect("utf8");
        let piece = String::from_utf8(nested_to_vec(&inner, 1).expect("json")).expect("utf8");
        assert_eq!(whole, format!("{{\n  \"k\": {piece}\n}}\n"));
        assert_eq!(nested_to_vec(&inner, 0).expect("json"), {
            let mut v = to_vec(&inner).expect("json");
            v.pop();
            v
        });
    }
}
