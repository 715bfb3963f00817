//! Frames: the fixed page buffers of the cache, their latches, pins and dirty state.
//!
//! Owns: [`Frame`] (one buffer, allocated once, reused for page after page),
//! [`FrameData`] (what the page latch protects) and [`Pin`] (a counted claim that
//! keeps a frame on its page).
//!
//! What must hold:
//! - A frame's pin count is raised under the table lock, or without it by the hint
//!   path (`BufferCache::read_hinted`), which then only *tries* the latch and checks
//!   the page number under it. Only an unpinned frame whose latch could be taken
//!   without waiting is given to another page, so a pin taken on the hint path
//!   never keeps a stale frame: whoever latches a frame re-checks its page. Every
//!   write guard, waiter and write-back holds a pin for as long as it uses the
//!   frame. A read guard from the hint path holds only the shared latch: a frame is
//!   given to another page only under its exclusive latch, so the held latch keeps
//!   the frame on its page, and leaving the pin out spares the frame's line a write
//!   per hit (pages near a root are hit by every reader at once).
//! - The usage count is an approximate counter kept beside the pins (hits raise it
//!   without the table lock; the clock lowers it under it): a lost update only
//!   blurs the eviction policy.
//! - The page latch protects the bytes, the page number they belong to, whether they
//!   are valid (a load may be in progress or may have failed) and the newest log
//!   position. Whoever latches a frame re-checks `pgno` and `valid`.
//! - Dirty state is two generation counters: `modified` is raised by a writer while it
//!   holds the exclusive latch; `cleaned` is raised to the generation a write-back
//!   copied (under a shared latch) once that copy is on disk. The frame is dirty while
//!   they differ, so a change made after the copy keeps it dirty.
//! - At most one write-back per frame is in flight (`writeback`), so the file sees a
//!   frame's images in the order they were copied.

use ese_os::PageBuf;
use parking_lot::lock_api::{ArcRwLockReadGuard, ArcRwLockWriteGuard};
use parking_lot::{Mutex, RawRwLock, RwLock};
use std::fmt;
use std::sync::atomic::{AtomicU32, AtomicU64, AtomicU8, Ordering};
use std::sync::Arc;

/// The state a page latch protects.
#[derive(Debug)]
pub(super) struct FrameData {
    /// The page image, `page_size` bytes, allocated once (beside the other
    /// frames' buffers, see [`ese_os::page_buffers`]).
    pub(super) buf: PageBuf,
    /// The logical page the bytes belong to (0: none).
    pub(super) pgno: u32,
    /// Whether `buf` holds the page (false while loading, after a failed load, or
    /// when the frame is free).
    pub(super) valid: bool,
    /// The log position of the newest change (0: none since the frame got the page).
    pub(super) lsn: u64,
    /// Whether the page's structure was checked since it came into the frame and
    /// only checked changes touched it since (see `PageWrite::structure_checked`).
    pub(super) checked: bool,
}

/// A shared page latch held by a guard.
pub(super) type ReadLatch = ArcRwLockReadGuard<RawRwLock, FrameData>;
/// An exclusive page latch held by a guard.
pub(super) type WriteLatch = ArcRwLockWriteGuard<RawRwLock, FrameData>;

/// One page buffer of the cache.
pub(super) struct Frame {
    /// The frame's position in the cache (and in the table's slots).
    pub(super) index: usize,
    /// The page latch (rank `PageLatch`).
    pub(super) latch: Arc<RwLock<FrameData>>,
    /// Guards, waiters and write-backs using the frame.
    pins: AtomicU32,
    /// Generation of the newest change (raised under the exclusive latch).
    modified: AtomicU64,
    /// Generation of the newest image known to be on disk.
    cleaned: AtomicU64,
    /// Held for the duration of one write-back (rank `Writeback`).
    pub(super) writeback: Mutex<()>,
    /// The clock's usage count (see `table.rs`).
    usage: AtomicU8,
}

impl fmt::Debug for Frame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Frame")
            .field("index", &self.index)
            .field("pins", &self.pins())
            .field("dirty", &self.is_dirty())
            .finish_non_exhaustive()
    }
}

impl Frame {
    /// A free frame with a zeroed buffer of `page_size` bytes, or `None` when the
    /// memory cannot be had.
    #[cfg(test)]
    pub(super) fn new(index: usize, page_size: usize) -> Option<Frame> {
        let buf = ese_os::page_buffers(1, page_size)?.pop()?;
        Some(Frame::with_buffer(index, buf))
    }

    /// A free frame over `buf`. The cache makes every buffer first, in one
    /// block, and the frames after, so the frames and their latches lie together
    /// in memory rather than each beside its page: a lookup's chain of loads
    /// (hint, frame, latch) then stays in few cache lines and pages.
    pub(super) fn with_buffer(index: usize, buf: PageBuf) -> Frame {
        Frame {
            index,
            latch: Arc::new(RwLock::new(FrameData {
                buf,
                pgno: 0,
                valid: false,
                lsn: 0,
                checked: false,
            })),
            pins: AtomicU32::new(0),
            modified: AtomicU64::new(0),
            cleaned: AtomicU64::new(0),
            writeback: Mutex::new(()),
            usage: AtomicU8::new(0),
        }
    }

    /// Counts a use of the resident page for the clock (up to `max_usage`).
    /// Written only when the count moves, so a hot page read by many threads is
    /// not a contended write of the usage count.
    pub(super) fn touch(&self, max_usage: u8) {
        let u = self.usage.load(Ordering::Relaxed);
        if u < max_usage {
            self.usage.store(u + 1, Ordering::Relaxed);
        }
    }

    /// The clock's usage count.
    pub(super) fn usage(&self) -> u8 {
        self.usage.load(Ordering::Relaxed)
    }

    /// Sets the clock's usage count (the clock hand, under the table lock).
    pub(super) fn set_usage(&self, u: u8) {
        self.usage.store(u, Ordering::Relaxed);
    }

    /// How many pins the frame has.
    pub(super) fn pins(&self) -> u32 {
        self.pins.load(Ordering::Acquire)
    }

    /// Whether the frame holds a change that is not on disk.
    pub(super) fn is_dirty(&self) -> bool {
        self.modified.load(Ordering::Acquire) != self.cleaned.load(Ordering::Acquire)
    }

    /// The generation of the newest change. Read under a latch, it covers every
    /// change visible in the bytes.
    pub(super) fn generation(&self) -> u64 {
        self.modified.load(Ordering::Acquire)
    }

    /// Records a change. The caller holds the exclusive latch.
    pub(super) fn mark_dirty(&self) {
        self.modified.fetch_add(1, Ordering::AcqRel);
    }

    /// Records that the image of generation `gen` is on disk.
    pub(super) fn mark_clean(&self, gen: u64) {
        self.cleaned.fetch_max(gen, Ordering::AcqRel);
    }

    /// Forgets the dirty state when the frame changes pages. The caller holds the
    /// table lock and the frame is unpinned and clean, so nobody races this.
    pub(super) fn reset_clean(&self) {
        self.cleaned
            .store(self.modified.load(Ordering::Acquire), Ordering::Release);
    }
}

/// A pin on a frame: while it lives the frame keeps its page. Dropping it unpins.
pub(super) struct Pin {
    frame: Arc<Frame>,
}

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pin").field(&self.frame.index).finish()
    }
}

impl Pin {
    /// Pins `frame` (under the table lock, or on the hint path; see the module
    /// invariants).
    pub(super) fn new(frame: &Arc<Frame>) -> Pin {
        frame.pins.fetch_add(1, Ordering::AcqRel);
        Pin {
            frame: Arc::clone(frame),
        }
    }

    /// The pinned frame.
    pub(super) fn frame(&self) -> &Arc<Frame> {
        &self.frame
    }
}

impl Drop for Pin {
    fn drop(&mut self) {
        self.frame.pins.fetch_sub(1, Ordering::AcqRel);
    }
}
