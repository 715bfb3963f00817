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
