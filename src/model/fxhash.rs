//! A small, fast, non-cryptographic hasher (the Fx hash used in rustc) for maps keyed by
//! question and section ids (the questionnaire index, the scoring's maps). The default
//! SipHash is built to resist hash flooding, which these maps (keys from the user's own
//! questionnaire files, rebuilt per scoring run) do not need; hashing ids with it was a
//! visible share of scoring a snapshot.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Multiplier of the Fx hash.
const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// The Fx hasher: rotate, xor in eight bytes at a time, multiply.
#[derive(Debug, Clone, Copy, Default)]
pub struct FxHasher {
    hash: u64,
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            if let Some(head) = word.get_mut(..rest.len()) {
                head.copy_from_slice(rest);
            }
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A `HashMap` hashed with [`FxHasher`].
pub type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_strings_hash_alike_and_a_map_finds_its_keys() {
        let mut m: FxHashMap<&str, usize> = FxHashMap::default();
        let ids = ["a", "clause-6.1.2", "annex-a.6.2.4.long-section-id", ""];
        for (i, id) in ids.iter().enumerate() {
            m.insert(id, i);
        }
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(m.get(id), Some(&i));
        }
        assert_eq!(m.get("clause-6.1.3"), None);
    }
}
