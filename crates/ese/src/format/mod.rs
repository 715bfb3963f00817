//! Persisted bytes only: ESE's database header, page layout, checksums, nodes,
//! records, long values, compression, key normalization, and the write-ahead
//! log and checkpoint files. Pure functions over
//! byte slices, no I/O; every decoder takes untrusted input and returns a
//! `JET_err` instead of panicking.

pub mod checksum;
pub mod coltype;
pub mod compress;
pub mod header;
pub mod key;
pub mod log;
pub mod lv;
pub mod page;
pub mod pageop;
pub mod patch;
pub mod record;
pub mod space;
pub mod undo;

/// Runs `put`, which appends to `out`; when it fails, `out` is cut back to what
/// it held before, so an encoder that appends leaves nothing half written.
pub(crate) fn put_whole<T>(
    out: &mut Vec<u8>,
    put: impl FnOnce(&mut Vec<u8>) -> crate::Result<T>,
) -> crate::Result<T> {
    let start = out.len();
    let done = put(out);
    if done.is_err() {
        out.truncate(start);
    }
    done
}

/// Whether every byte of `bytes` is zero. Reads 32 bytes per step without an
/// early exit inside the step, which compiles to a few vector instructions: the
/// free gap of a page is checked this way before every logged image, and is
/// mostly zeros, where a byte-by-byte scan costs three instructions a byte.
pub(crate) fn is_zero(bytes: &[u8]) -> bool {
    let mut steps = bytes.chunks_exact(32);
    let whole = steps
        .by_ref()
        .all(|s| s.iter().fold(0u8, |acc, &b| acc | b) == 0);
    whole && steps.remainder().iter().all(|&b| b == 0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn is_zero_finds_a_set_byte_anywhere() {
        for len in [0usize, 1, 31, 32, 33, 64, 100, 4096] {
            let mut buf = vec![0u8; len];
            assert!(super::is_zero(&buf), "{len} zeros");
            for at in 0..len {
                buf[at] = 0x10;
                assert!(!super::is_zero(&buf), "byte {at} of {len}");
                buf[at] = 0;
            }
        }
    }
}
