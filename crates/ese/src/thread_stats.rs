//! Work done by the calling thread, counted as it happens: pages referenced, read,
//! dirtied, log records written (ESE's `JET_THREADSTATS`, read by `JetGetThreadStats`).
//!
//! Owns: the per-thread counters and [`ThreadStats`], a snapshot of them.
//! What must hold: counters only grow and only the thread they belong to changes
//! them (plain thread-local cells, no atomics: a count costs a few instructions on
//! the read path); they count from the thread's first use of the engine on, over
//! every instance and database it touches.

use std::cell::Cell;
use std::time::Instant;

/// A snapshot of the calling thread's counters (see [`current`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ThreadStats {
    /// Pages the thread asked the buffer cache for (each latch of a page, read or
    /// write, resident or not).
    pub pages_referenced: u64,
    /// Pages the thread read from a database file into the cache.
    pub pages_read: u64,
    /// Pages read ahead of need for the thread (the engine reads none ahead: 0).
    pub pages_preread: u64,
    /// Clean pages the thread changed (each becomes dirty).
    pub pages_dirtied: u64,
    /// Pages the thread changed that were dirty already.
    pub pages_redirtied: u64,
    /// Log records the thread appended.
    pub log_records: u64,
    /// Bytes of the log records the thread appended.
    pub log_bytes: u64,
    /// Requests for pages that were not in the cache.
    pub cache_misses: u64,
    /// Microseconds the thread waited for the reads of those pages.
    pub cache_miss_micros: u64,
    /// Long values the thread read from the long-value tree.
    pub long_values_read: u64,
    /// Cache misses while reading those long values.
    pub long_value_cache_misses: u64,
    /// Microseconds of those misses' reads.
    pub long_value_cache_miss_micros: u64,
}

/// The live counters of one thread.
struct Live {
    pages_referenced: Cell<u64>,
    pages_read: Cell<u64>,
    pages_dirtied: Cell<u64>,
    pages_redirtied: Cell<u64>,
    log_records: Cell<u64>,
    log_bytes: Cell<u64>,
    cache_misses: Cell<u64>,
    cache_miss_micros: Cell<u64>,
    long_values_read: Cell<u64>,
    long_value_cache_misses: Cell<u64>,
    long_value_cache_miss_micros: Cell<u64>,
    /// Inside a long value's read: misses count for it too.
    in_long_value: Cell<bool>,
}

thread_local! {
    static LIVE: Live = const {
        Live {
            pages_referenced: Cell::new(0),
            pages_read: Cell::new(0),
            pages_dirtied: Cell::new(0),
            pages_redirtied: Cell::new(0),
            log_records: Cell::new(0),
            log_bytes: Cell::new(0),
            cache_misses: Cell::new(0),
            cache_miss_micros: Cell::new(0),
            long_values_read: Cell::new(0),
            long_value_cache_misses: Cell::new(0),
            long_value_cache_miss_micros: Cell::new(0),
            in_long_value: Cell::new(false),
        }
    };
}

/// Adds `n` to a counter.
#[inline(always)]
fn add(c: &Cell<u64>, n: u64) {
    c.set(c.get().wrapping_add(n));
}

/// The calling thread's counters now.
pub fn current() -> ThreadStats {
    LIVE.with(|l| ThreadStats {
        pages_referenced: l.pages_referenced.get(),
        pages_read: l.pages_read.get(),
        pages_preread: 0,
        pages_dirtied: l.pages_dirtied.get(),
        pages_redirtied: l.pages_redirtied.get(),
        log_records: l.log_records.get(),
        log_bytes: l.log_bytes.get(),
        cache_misses: l.cache_misses.get(),
        cache_miss_micros: l.cache_miss_micros.get(),
        long_values_read: l.long_values_read.get(),
        long_value_cache_misses: l.long_value_cache_misses.get(),
        long_value_cache_miss_micros: l.long_value_cache_miss_micros.get(),
    })
}

/// Counts a page asked of the cache.
#[inline(always)]
pub(crate) fn page_referenced() {
    LIVE.with(|l| add(&l.pages_referenced, 1));
}

/// Counts a change to a page, clean before it (`was_dirty` false) or not.
#[inline]
pub(crate) fn page_changed(was_dirty: bool) {
    LIVE.with(|l| {
        if was_dirty {
            add(&l.pages_redirtied, 1);
        } else {
            add(&l.pages_dirtied, 1);
        }
    });
}

/// Counts appended log records and their bytes.
pub(crate) fn log_appended(records: u64, bytes: u64) {
    LIVE.with(|l| {
        add(&l.log_records, records);
        add(&l.log_bytes, bytes);
    });
}

/// A cache miss being served: [`Miss::read`] counts the page read and the wait.
pub(crate) struct Miss {
    start: Instant,
}

impl Miss {
    /// Starts timing a miss.
    pub(crate) fn start() -> Miss {
        Miss {
            start: Instant::now(),
        }
    }

    /// Counts the miss; `read` whether the page was read from the file (a read
    /// that failed is a miss without a page read).
    pub(crate) fn done(self, read: bool) {
        let micros = u64::try_from(self.start.elapsed().as_micros()).unwrap_or(u64::MAX);
        LIVE.with(|l| {
            add(&l.cache_misses, 1);
            add(&l.cache_miss_micros, micros);
            if read {
                add(&l.pages_read, 1);
            }
            if l.in_long_value.get() {
                add(&l.long_value_cache_misses, 1);
                add(&l.long_value_cache_miss_micros, micros);
            }
        });
    }
}

/// Marks the calling thread as reading a long value until the guard drops, and
/// counts the long value read.
pub(crate) struct LongValueRead {
    outer: bool,
}

impl LongValueRead {
    /// Starts a long value's read.
    pub(crate) fn start() -> LongValueRead {
        LIVE.with(|l| {
            add(&l.long_values_read, 1);
            LongValueRead {
                outer: l.in_long_value.replace(true),
            }
        })
    }
}

impl Drop for LongValueRead {
    fn drop(&mut self) {
        LIVE.with(|l| l.in_long_value.set(self.outer));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_belong_to_their_thread() {
        let before = current();
        page_referenced();
        page_changed(false);
        page_changed(true);
        log_appended(3, 120);
        let after = current();
        assert_eq!(after.pages_referenced, before.pages_referenced + 1);
        assert_eq!(after.pages_dirtied, before.pages_dirtied + 1);
        assert_eq!(after.pages_redirtied, before.pages_redirtied + 1);
        assert_eq!(after.log_records, before.log_records + 3);
        assert_eq!(after.log_bytes, before.log_bytes + 120);
        let other = std::thread::spawn(current).join().unwrap();
        assert_eq!(other, ThreadStats::default());
    }

    #[test]
    fn misses_inside_a_long_value_count_twice() {
        let before = current();
        Miss::start().done(true);
        {
            let _lv = LongValueRead::start();
            Miss::start().done(true);
            {
                let _inner = LongValueRead::start();
            }
            Miss::start().done(false);
        }
        Miss::start().done(true);
        let after = current();
        assert_eq!(after.cache_misses - before.cache_misses, 4);
        assert_eq!(after.pages_read - before.pages_read, 3);
        assert_eq!(after.long_values_read - before.long_values_read, 2);
        assert_eq!(
            after.long_value_cache_misses - before.long_value_cache_misses,
            2
        );
    }
}
