//! Page guards: a latched, pinned page handed to a caller.
//!
//! Owns: [`PageRead`] (shared latch) and [`PageWrite`] (exclusive latch).
//! What must hold: a guard keeps its frame latched, and pinned unless it is a read
//! guard from the hint path, until it is dropped, so the page cannot be evicted or
//! changed by others meanwhile (a frame changes pages only under its exclusive
//! latch). The latch is released before the pin (field order), so a frame an
//! evictor sees unpinned is also unlatched. Guards own their latch through an `Arc`, borrow nothing from the cache,
//! and may be sent to and dropped on another thread. A write guard marks its frame
//! dirty at the first mutable access to the bytes, not when it is handed out: a page
//! latched exclusive and only read (a duplicate key found, a log position settled)
//! stays clean, so it is never written again without a change the log holds (a
//! write a power cut tears must be one recovery can rebuild).

use super::frame::{FrameData, Pin, ReadLatch, WriteLatch};
use parking_lot::lock_api::ArcRwLockWriteGuard;
use std::fmt;
use std::ops::{Deref, DerefMut};

/// A page latched shared: many readers may hold the same page at once.
///
/// Dereferences to the page's bytes (`page_size` of them).
pub struct PageRead {
    latch: ReadLatch,
    _pin: Option<Pin>,
}

impl PageRead {
    pub(super) fn new(latch: ReadLatch, pin: Pin) -> PageRead {
        PageRead {
            latch,
            _pin: Some(pin),
        }
    }

    /// A guard held by its latch alone (the hint path; see `frame.rs`).
    pub(super) fn latched(latch: ReadLatch) -> PageRead {
        PageRead { latch, _pin: None }
    }

    /// The logical page number.
    pub fn pgno(&self) -> u32 {
        self.latch.pgno
    }

    /// The log position of the page's newest change still in memory (0 if none was
    /// recorded since the page came into the cache).
    pub fn lsn(&self) -> u64 {
        self.latch.lsn
    }
}

impl Deref for PageRead {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.latch.buf
    }
}

impl fmt::Debug for PageRead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageRead")
            .field("pgno", &self.pgno())
            .field("lsn", &self.lsn())
            .finish_non_exhaustive()
    }
}

/// A page latched exclusive: its holder alone may read and change it.
///
/// Dereferences (mutably) to the page's bytes. The page is dirty from the first
/// mutable access; the cache writes it back later, computing its checksum then.
/// Changes that are logged should record their log position with
/// [`PageWrite::set_lsn`] so the write-ahead rule holds.
pub struct PageWrite {
    latch: WriteLatch,
    pin: Pin,
    /// Whether this guard marked the frame dirty already.
    dirtied: bool,
}

impl PageWrite {
    /// A guard whose frame becomes dirty at the first mutable access.
    pub(super) fn new(latch: WriteLatch, pin: Pin) -> PageWrite {
        PageWrite {
            latch,
            pin,
            dirtied: false,
        }
    }

    /// A guard over a frame its caller already marked dirty (a new page).
    pub(super) fn new_dirty(latch: WriteLatch, pin: Pin) -> PageWrite {
        PageWrite {
            latch,
            pin,
            dirtied: true,
        }
    }

    /// The logical page number.
    pub fn pgno(&self) -> u32 {
        self.latch.pgno
    }

    /// The log position of the page's newest change.
    pub fn lsn(&self) -> u64 {
        self.latch.lsn
    }

    /// Records that the page now holds the change logged at `lsn`. The page will not
    /// be written before the log is durable up to `lsn`. Positions only grow: a value
    /// lower than the current one is ignored.
    pub fn set_lsn(&mut self, lsn: u64) {
        let data: &mut FrameData = &mut self.latch;
        data.lsn = data.lsn.max(lsn);
    }

    /// Gives a page whose change was at [`LSN_PENDING`](super::LSN_PENDING) the log
    /// position `lsn` its record got; any other position stays.
    pub fn settle_lsn(&mut self, lsn: u64) {
        let data: &mut FrameData = &mut self.latch;
        if data.lsn == super::LSN_PENDING {
            data.lsn = lsn;
        }
    }

    /// Whether the page's structure was checked (by `btree::apply`) since the
    /// page came into the cache, with no unchecked change since: any mutable
    /// access to the bytes clears it, so only the change path can keep it.
    pub fn structure_checked(&self) -> bool {
        self.latch.checked
    }

    /// Records that the page's structure holds (after a checked change).
    pub fn set_structure_checked(&mut self) {
        self.latch.checked = true;
    }

    /// Trades the exclusive latch for a shared one without letting another writer in.
    pub fn downgrade(self) -> PageRead {
        PageRead::new(ArcRwLockWriteGuard::downgrade(self.latch), self.pin)
    }
}

impl Deref for PageWrite {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.latch.buf
    }
}

impl DerefMut for PageWrite {
    fn deref_mut(&mut self) -> &mut [u8] {
        if !self.dirtied {
            crate::thread_stats::page_changed(self.pin.frame().is_dirty());
            self.pin.frame().mark_dirty();
            self.dirtied = true;
        }
        self.latch.checked = false;
        &mut self.latch.buf
    }
}

impl fmt::Debug for PageWrite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageWrite")
            .field("pgno", &self.pgno())
            .field("lsn", &self.lsn())
            .finish_non_exhaustive()
    }
}
