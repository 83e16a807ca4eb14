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
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"  ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
    value.serialize(&mut ser)?;
    out.push(b'\n');
    Ok(out)
}

/// `sha256:` followed by the lowercase hex SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    let mut s = String::with_capacity(7 + 64);
    s.push_str("sha256:");
    for b in hash.iter() {
        s.push(hex_digit(b >> 4));
        s.push(hex_digit(b & 0x0f));
    }
    s
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
    fn sha256_of_empty_input_is_the_known_value() {
        assert_eq!(
            sha256(b""),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
