//! Counters of the buffer cache's work, readable at any time without a lock.
//!
//! Owns: [`CacheStats`] (a snapshot) and the atomic counters behind it.
//! What must hold: counters only grow; a snapshot is a set of independent reads, so
//! under concurrency its fields may come from slightly different instants. Hits,
//! counted on every read of a resident page by every thread, are kept in stripes of
//! their own cache line, one per thread (`crate::thread_slot`), so threads reading
//! the same pages do not contend on one counter.

use std::sync::atomic::{AtomicU64, Ordering};

/// Stripes of the hit counter.
const HIT_STRIPES: usize = 16;

/// One counter alone on its cache line.
#[derive(Debug, Default)]
#[repr(align(64))]
struct Padded(AtomicU64);

/// A snapshot of the cache's counters (see [`BufferCache::stats`](super::BufferCache::stats)).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Latch requests served by a resident page.
    pub hits: u64,
    /// Latch requests that had to bring the page in (by a read, or by `create`).
    pub misses: u64,
    /// Pages read from the file.
    pub reads: u64,
    /// Pages written to the file.
    pub writes: u64,
    /// Frames taken from one page and given to another.
    pub evictions: u64,
    /// Pages read with a single flipped bit that the checksum's ECC repaired.
    pub corrected: u64,
    /// Completed `sync_data`/`sync_all` calls.
    pub syncs: u64,
}

/// The live counters.
#[derive(Debug, Default)]
pub(super) struct Counters {
    hits: [Padded; HIT_STRIPES],
    pub(super) misses: AtomicU64,
    pub(super) reads: AtomicU64,
    pub(super) writes: AtomicU64,
    pub(super) evictions: AtomicU64,
    pub(super) corrected: AtomicU64,
    pub(super) syncs: AtomicU64,
}

/// Adds one to a counter.
pub(super) fn bump(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

impl Counters {
    /// Counts a request served by a resident page.
    pub(super) fn hit(&self) {
        let i = crate::thread_slot::slot(HIT_STRIPES);
        if let Some(c) = self.hits.get(i) {
            c.0.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Reads every counter.
    pub(super) fn snapshot(&self) -> CacheStats {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        CacheStats {
            hits: self.hits.iter().map(|c| get(&c.0)).sum(),
            misses: get(&self.misses),
            reads: get(&self.reads),
            writes: get(&self.writes),
            evictions: get(&self.evictions),
            corrected: get(&self.corrected),
            syncs: get(&self.syncs),
        }
    }
}
