//! Deterministic RFC 4122 UUIDs for reproducible exports: the SHA-256 of a seed and a path
//! of ids, truncated to 128 bits, with the version set to 5 (name-based, SHA) and the
//! RFC 4122 variant. The same snapshot therefore always exports the same UUIDs.

use sha2::{Digest, Sha256};

/// A version-5-style UUID (lowercase, hyphenated) from `seed` and `parts`.
pub fn derive(seed: &str, parts: &[&str]) -> String {
    let mut h = Sha256::new();
    h.update(b"clausewise-uuid\0");
    h.update(seed.as_bytes());
    for p in parts {
        h.update([0u8]);
        h.update(p.as_bytes());
    }
    let digest = h.finalize();
    let mut b = [0u8; 16];
    for (slot, byte) in b.iter_mut().zip(digest.iter()) {
        *slot = *byte;
    }
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        hex.get(0..8).unwrap_or_default(),
        hex.get(8..12).unwrap_or_default(),
        hex.get(12..16).unwrap_or_default(),
        hex.get(16..20).unwrap_or_default(),
        hex.get(20..32).unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_stable_v5_and_distinct() {
        let a = derive("sha256:abc", &["finding", "4.1"]);
        assert_eq!(a, derive("sha256:abc", &["finding", "4.1"]));
        assert_ne!(a, derive("sha256:abc", &["finding", "4.2"]));
        assert_ne!(a, derive("sha256:abd", &["finding", "4.1"]));
        let parts: Vec<&str> = a.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('5'));
        assert!(matches!(
            parts[3].chars().next(),
            Some('8' | '9' | 'a' | 'b')
        ));
    }
}
