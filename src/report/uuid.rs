//! Deterministic UUIDs for reproducible exports: RFC 9562 version 5 (name-based, SHA-1),
//! made by the `uuid` crate in clausewise's own namespace ([`namespace`]). The name is the
//! seed (the snapshot digest) and a path of ids, each preceded by a NUL byte, so the same
//! snapshot always exports the same UUIDs and no two paths share a name.

use uuid::Uuid;

/// The URL clausewise's UUID namespace is derived from (`NAMESPACE_URL`, RFC 9562 §6.6).
pub const NAMESPACE_NAME: &str = "https://clausewise.dev/ns/oscal";

/// clausewise's namespace: the v5 UUID of [`NAMESPACE_NAME`] in the URL namespace
/// (worked out once; every exported UUID is derived from it).
pub fn namespace() -> Uuid {
    static NAMESPACE: std::sync::LazyLock<Uuid> =
        std::sync::LazyLock::new(|| Uuid::new_v5(&Uuid::NAMESPACE_URL, NAMESPACE_NAME.as_bytes()));
    *NAMESPACE
}

/// A version 5 UUID (lowercase, hyphenated) from `seed` and `parts`.
pub fn derive(seed: &str, parts: &[&str]) -> String {
    let mut name =
        Vec::with_capacity(seed.len() + parts.iter().map(|p| p.len() + 1).sum::<usize>());
    name.extend_from_slice(seed.as_bytes());
    for p in parts {
        name.push(0);
        name.extend_from_slice(p.as_bytes());
    }
    Uuid::new_v5(&namespace(), &name).hyphenated().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_stable_distinct_rfc9562_version_5() {
        let a = derive("sha256:abc", &["finding", "4.1"]);
        assert_eq!(a, derive("sha256:abc", &["finding", "4.1"]));
        assert_ne!(a, derive("sha256:abc", &["finding", "4.2"]));
        assert_ne!(a, derive("sha256:abd", &["finding", "4.1"]));
        // A NUL-separated path: moving a boundary gives another name.
        assert_ne!(derive("s", &["ab", "c"]), derive("s", &["a", "bc"]));
        let u = Uuid::parse_str(&a).expect("a UUID");
        assert_eq!(u.get_version(), Some(uuid::Version::Sha1));
        assert_eq!(u.get_variant(), uuid::Variant::RFC4122);
        assert_eq!(a, a.to_lowercase());
    }

    #[test]
    fn version_5_is_sha1_of_namespace_and_name() {
        // RFC 9562 §5.5 by hand: SHA-1 of the namespace's bytes and the name, the first 16
        // bytes, version nibble 5, variant bits 10.
        let name = b"sha256:abc\0finding\x004.1";
        let mut bytes = namespace().as_bytes().to_vec();
        bytes.extend_from_slice(name);
        let digest = sha1_of(&bytes);
        let mut b: [u8; 16] = digest[..16].try_into().expect("16 bytes");
        b[6] = (b[6] & 0x0f) | 0x50;
        b[8] = (b[8] & 0x3f) | 0x80;
        assert_eq!(
            Uuid::from_bytes(b).hyphenated().to_string(),
            derive("sha256:abc", &["finding", "4.1"])
        );
        assert_eq!(
            sha1_of(b"abc")[..4],
            [0xa9, 0x99, 0x3e, 0x36],
            "FIPS 180 test vector"
        );
        // The namespace itself is the published v5 of its URL.
        assert_eq!(namespace().get_version(), Some(uuid::Version::Sha1));
    }

    /// SHA-1 (FIPS 180-4), written out for the test so it checks the crate independently.
    fn sha1_of(msg: &[u8]) -> [u8; 20] {
        let mut h: [u32; 5] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
        let mut m = msg.to_vec();
        let bits = (msg.len() as u64) * 8;
        m.push(0x80);
        while m.len() % 64 != 56 {
            m.push(0);
        }
        m.extend_from_slice(&bits.to_be_bytes());
        for chunk in m.chunks(64) {
            let mut w = [0u32; 80];
            for (i, word) in chunk.chunks(4).enumerate() {
                w[i] = u32::from_be_bytes(word.try_into().expect("4 bytes"));
            }
            for i in 16..80 {
                w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
            }
            let [mut a, mut b, mut c, mut d, mut e] = h;
            for (i, wi) in w.iter().enumerate() {
                let (f, k) = match i {
                    0..=19 => ((b & c) | (!b & d), 0x5A827999),
                    20..=39 => (b ^ c ^ d, 0x6ED9EBA1),
                    40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDC),
                    _ => (b ^ c ^ d, 0xCA62C1D6),
                };
                let t = a
                    .rotate_left(5)
                    .wrapping_add(f)
                    .wrapping_add(e)
                    .wrapping_add(k)
                    .wrapping_add(*wi);
                (e, d, c, b, a) = (d, c, b.rotate_left(30), a, t);
            }
            for (s, v) in h.iter_mut().zip([a, b, c, d, e]) {
                *s = s.wrapping_add(v);
            }
        }
        let mut out = [0u8; 20];
        for (i, v) in h.iter().enumerate() {
            out[i * 4..i * 4 + 4].copy_from_slice(&v.to_be_bytes());
        }
        out
    }
}
