//! The data every engine gets: keys, values and lookup probes, generated from a seed.
//!
//! Owns [`Dataset`] and the generator [`Rng`] (xoshiro256**, seeded through splitmix64).
//!
//! What must hold: the same seed and sizes give the same bytes on every run and for every engine;
//! values are random bytes (incompressible); sequential keys are distinct and in ascending byte
//! order; random keys are 16 random bytes (a collision among a million has odds of about 2^-88,
//! and would show as a failed count check, never as a silently wrong figure).

/// Bytes in every value.
pub const VALUE_LEN: usize = 100;
/// Bytes of a sequential key (a big-endian counter).
pub const SEQ_KEY_LEN: usize = 8;
/// Bytes of a random key.
pub const RAND_KEY_LEN: usize = 16;
/// Bytes of a value that the secondary index covers.
pub const INDEX_PREFIX_LEN: usize = 8;

/// A small, fast, deterministic generator (xoshiro256**).
#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// A generator whose whole stream follows from `seed`.
    pub fn new(seed: u64) -> Rng {
        let mut z = seed;
        let mut next = || {
            z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut x = z;
            x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            x ^ (x >> 31)
        };
        Rng {
            s: [next(), next(), next(), next()],
        }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// A number in `0..n` (`n > 0`; the tiny modulo bias does not matter here).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Fills `buf` with random bytes.
    pub fn fill(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            let b = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&b[..chunk.len()]);
        }
    }
}

/// Everything the workloads read or write, made once per run.
#[derive(Debug)]
pub struct Dataset {
    /// Records per load.
    pub records: usize,
    /// `records` values of [`VALUE_LEN`] bytes, back to back.
    values: Vec<u8>,
    /// `records` random keys of [`RAND_KEY_LEN`] bytes, back to back, in insertion order.
    rand_keys: Vec<u8>,
    /// Record numbers for the point reads (into the sequential load).
    pub read_probes: Vec<usize>,
    /// Record numbers for the secondary-index lookups.
    pub index_probes: Vec<usize>,
}

impl Dataset {
    /// Generates the data for `records` records, `reads` point reads and `index_reads`
    /// index lookups from `seed`.
    pub fn generate(seed: u64, records: usize, reads: usize, index_reads: usize) -> Dataset {
        let mut rng = Rng::new(seed);
        let mut values = vec![0u8; records * VALUE_LEN];
        rng.fill(&mut values);
        let mut rand_keys = vec![0u8; records * RAND_KEY_LEN];
        rng.fill(&mut rand_keys);
        let n = records.max(1);
        let read_probes = (0..reads).map(|_| rng.below(n)).collect();
        let index_probes = (0..index_reads).map(|_| rng.below(n)).collect();
        Dataset {
            records,
            values,
            rand_keys,
            read_probes,
            index_probes,
        }
    }

    /// The value of record `i` (the same for both loads).
    pub fn value(&self, i: usize) -> &[u8] {
        &self.values[i * VALUE_LEN..(i + 1) * VALUE_LEN]
    }

    /// The sequential key of record `i`: `i` as an 8-byte big-endian counter.
    pub fn seq_key(i: usize) -> [u8; SEQ_KEY_LEN] {
        (i as u64).to_be_bytes()
    }

    /// The random key of record `i` of the random-order load.
    pub fn rand_key(&self, i: usize) -> &[u8] {
        &self.rand_keys[i * RAND_KEY_LEN..(i + 1) * RAND_KEY_LEN]
    }

    /// Every sequential key, in ascending order.
    pub fn seq_keys(&self) -> Vec<[u8; SEQ_KEY_LEN]> {
        (0..self.records).map(Dataset::seq_key).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_data() {
        let a = Dataset::generate(7, 100, 10, 10);
        let b = Dataset::generate(7, 100, 10, 10);
        assert_eq!(a.value(42), b.value(42));
        assert_eq!(a.rand_key(99), b.rand_key(99));
        assert_eq!(a.read_probes, b.read_probes);
        let c = Dataset::generate(8, 100, 10, 10);
        assert_ne!(a.value(42), c.value(42));
    }

    #[test]
    fn sequential_keys_sort_in_order() {
        let keys = Dataset::generate(1, 300, 0, 0).seq_keys();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
    }
}
