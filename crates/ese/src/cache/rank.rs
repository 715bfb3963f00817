//! Lock ranks of the buffer cache, and the debug-build check that they are taken in
//! increasing order.
//!
//! Owns: the [`Rank`] table and a per-thread record of the ranked locks a thread holds.
//! What must hold: a thread that holds a lock of rank `r` only *waits* for locks of a
//! higher rank. Non-blocking attempts (`try_lock`, `try_read`, `try_write`) may be made
//! at any time, since they cannot close a cycle. Debug builds assert the order for the
//! cache's internal locks; page latches are ordered by their callers (a B-tree takes
//! them top-down) and their guards may move between threads, so they are documented
//! here but not tracked.
//!
//! The check costs nothing in release builds: [`enter`] returns a zero-sized token.

/// The ranks of the cache's locks, lowest (taken first) to highest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Rank {
    /// `Frame::writeback`: one page write in flight per frame. Waited for only by
    /// `flush_all`, which holds no page latch.
    Writeback = 10,
    /// The page latch of a frame (shared/exclusive), held by guards. Never waited for
    /// by the cache while it holds another cache lock.
    // Listed for the table; page latches are not tracked (see the module header).
    #[allow(dead_code)]
    PageLatch = 20,
    /// `BufferCache::extent`: writes share it, `ensure_size` takes it alone so that a
    /// `set_len` never races a write past the end of the file.
    Extent = 30,
    /// `BufferCache::table`: the page map and the frames' clock state. Never held
    /// across I/O or while waiting for a latch.
    Table = 40,
    /// `Failure::cause`: the text of the error that failed the cache. A leaf.
    Failure = 50,
}

/// Proof that the current thread entered a ranked lock; leaving drops the record.
#[must_use = "the rank is released when this token is dropped"]
pub(crate) struct Held {
    #[cfg(debug_assertions)]
    rank: Rank,
}

#[cfg(debug_assertions)]
thread_local! {
    static HELD: std::cell::RefCell<Vec<Rank>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Records that the current thread is about to wait for a lock of `rank`; in debug
/// builds, panics if it already holds a lock of the same or a higher rank.
#[cfg_attr(not(debug_assertions), allow(unused_variables))]
pub(crate) fn enter(rank: Rank) -> Held {
    #[cfg(debug_assertions)]
    {
        HELD.with(|held| {
            let mut held = held.borrow_mut();
            if let Some(top) = held.iter().max() {
                assert!(
                    *top < rank,
                    "lock rank violation: waiting for {rank:?} while holding {top:?}"
                );
            }
            held.push(rank);
        });
        Held { rank }
    }
    #[cfg(not(debug_assertions))]
    Held {}
}

/// Records a lock taken without waiting (a successful `try_*`): it counts as held for
/// later checks but is not itself checked.
#[cfg_attr(not(debug_assertions), allow(unused_variables))]
pub(crate) fn tried(rank: Rank) -> Held {
    #[cfg(debug_assertions)]
    {
        HELD.with(|held| held.borrow_mut().push(rank));
        Held { rank }
    }
    #[cfg(not(debug_assertions))]
    Held {}
}

#[cfg(debug_assertions)]
impl Drop for Held {
    fn drop(&mut self) {
        HELD.with(|held| {
            let mut held = held.borrow_mut();
            if let Some(pos) = held.iter().rposition(|r| *r == self.rank) {
                held.remove(pos);
            }
        });
    }
}

#[cfg(all(test, debug_assertions))]
mod tests {
    use super::*;

    #[test]
    fn increasing_ranks_are_accepted() {
        let _a = enter(Rank::Writeback);
        let _b = enter(Rank::Extent);
        let _c = enter(Rank::Failure);
    }

    #[test]
    #[should_panic(expected = "lock rank violation")]
    fn decreasing_ranks_panic() {
        let _a = enter(Rank::Table);
        let _b = enter(Rank::Extent);
    }

    #[test]
    fn released_ranks_no_longer_count() {
        {
            let _a = enter(Rank::Table);
        }
        let _b = enter(Rank::Extent);
        let _c = tried(Rank::Writeback);
        let _d = enter(Rank::Table);
    }
}
