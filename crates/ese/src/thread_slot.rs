//! A small number per thread, for structures striped by thread (the cache's hit
//! counters, the undo lock's slots, the read pins' shards).
//!
//! Threads are numbered in the order they first ask, so that up to `n` threads
//! take `n` different stripes of `n` or more; a hash of the thread's id would put
//! two of eight threads on one stripe of sixteen more often than not, and those
//! two would write one cache line on every read.

use std::sync::atomic::{AtomicUsize, Ordering};

static NEXT: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static SLOT: usize = NEXT.fetch_add(1, Ordering::Relaxed);
}

/// This thread's number, modulo `stripes` (at least 1).
pub(crate) fn slot(stripes: usize) -> usize {
    SLOT.with(|s| *s) % stripes.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_take_different_stripes_until_they_wrap() {
        let slots: Vec<usize> = (0..8)
            .map(|_| {
                std::thread::spawn(|| (slot(1 << 20), slot(1 << 20)))
                    .join()
                    .unwrap()
            })
            .map(|(a, b)| {
                assert_eq!(a, b, "a thread keeps its number");
                a
            })
            .collect();
        let mut sorted = slots.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 8, "eight threads, eight numbers: {slots:?}");
        assert!(slot(1) == 0);
    }
}
