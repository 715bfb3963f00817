//! The buffer cache of the write path (ESE: BF): fixed page frames, page latches,
//! eviction, dirty tracking, write-back and the write-ahead rule, for one database file.
//!
//! Owns: [`BufferCache`], its guards [`PageRead`] / [`PageWrite`], the [`WalGate`]
//! upcall and [`CacheStats`]. Logical page `n` (from 1) lives at byte `(n + 1) *
//! page_size` of the file; the two header pages before it are not the cache's business.
//!
//! What must hold:
//! - Memory is bounded: `capacity_pages` frames are allocated by [`BufferCache::new`]
//!   and never more, whatever the size of the database (plus one page-sized copy per
//!   write-back in flight). Their buffers lie side by side in one block
//!   ([`ese_os::page_buffers`]: on Linux a mapping offered to transparent huge pages,
//!   so that a read's address translations mostly hit), backed when the cache is made.
//! - Every page handed out from disk passed its checksum, or had a single flipped bit
//!   repaired by the ECC (counted, and the page marked dirty so the repair reaches
//!   disk). Checksums are computed on a private copy just before the write, never on
//!   a caller's path.
//! - A frame is reused only when it is unpinned (no guard, waiter or write-back), its
//!   latch is free and its changes are on disk. Before any page write the log is made
//!   durable up to the page's newest change ([`WalGate::flush_log_to`]).
//! - A failed page write or fsync is final: the cache fails and every later call
//!   returns `JET_errInstanceUnavailable`. Fsync is never retried.
//!
//! Lock ranks (taken in increasing order; `rank.rs` holds the debug-build check):
//!
//! | rank | lock | protects | held across I/O? |
//! |---|---|---|---|
//! | 10 | `Frame::writeback` | one write-back per frame | yes (the page write) |
//! | 20 | page latch (per frame) | page bytes, page number, lsn | by the cache only while loading that page; callers may hold theirs while the cache loads or evicts for them |
//! | 30 | `BufferCache::extent` | file length vs writes (`ensure_size` alone) | yes (write / set_len) |
//! | 40 | `BufferCache::table` | page map, clock | never |
//! | 50 | `Failure::cause` | the first fatal error | never |
//!
//! The cache never *waits* for a page latch on its own behalf except in `flush_all`
//! (which must not be called by a thread holding a write guard); evictions and
//! `flush_some` only try latches and skip what is busy. So a thread holding latches
//! may evict, and a flusher never waits on a latch while holding one: two threads that
//! latch pages in the same order cannot deadlock through the cache. A thread must not
//! latch a page it already holds.
//!
//! Eviction is a clock sweep with usage counts (the policy and why: `table.rs`).
//!
//! Hits on a resident page usually skip the table lock: a hint array, indexed by a
//! hash of the page number and written whenever the table maps a page, says which
//! frame last held it. The hint is only a guess: the request *tries* that frame's
//! latch (never waits, since the frame may now hold a page the caller has latched;
//! a write also pins the frame first) and keeps it only when the latch shows the
//! page valid with the number asked for; anything else goes the locked way. The hints are a fixed array of
//! twice the frames (rounded up to a power of two), so memory stays bounded.
//!
//! Must not: interpret page contents (the dbtime in the header included), write a page
//! before the log allows it, or hold the table lock across I/O.

mod frame;
mod guard;
mod io;
mod rank;
mod stats;
mod table;
mod wal;

#[cfg(test)]
mod tests;

pub use guard::{PageRead, PageWrite};
pub(crate) use io::WriteFreeze;
pub use stats::CacheStats;
pub use wal::{NoWal, WalGate, LSN_PENDING};

use crate::format::checksum::is_valid_page_size;
use crate::format::page::prefetch_line;
use crate::{Error, ErrorCode, Result};
use ese_os::File;
use frame::{Frame, FrameData, Pin, WriteLatch};
use io::{Failure, Outcome, Wait};
use parking_lot::lock_api::ArcRwLockWriteGuard;
use parking_lot::{Mutex, RwLock};
use rank::Rank;
use stats::{bump, Counters};
use std::fmt;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use table::{Table, Victim};

/// How many rounds of writing back a dirty victim a request may spend before it
/// gives up with `JET_errOutOfBuffers` (beyond one per frame).
const EXTRA_VICTIM_ROUNDS: usize = 1024;

/// How many times a request looks again (yielding in between) when every frame is
/// pinned, before `JET_errOutOfBuffers`: pins held only for a moment (a flusher, a
/// thread between lookup and latch) should not fail a request.
const PINNED_PATIENCE: usize = 64;

/// The page cache of one database file.
///
/// Share it between threads with an `Arc`; every method takes `&self`.
pub struct BufferCache {
    file: Arc<dyn File>,
    page_size: usize,
    /// The frames, in index order; fixed at construction.
    frames: Vec<Arc<Frame>>,
    /// Where each frame's page buffer and latch lie, by frame index (fixed at
    /// construction, as the frames and their buffers never move): for prefetching a
    /// hinted frame's lines all at once rather than one after another through its
    /// references.
    addrs: Box<[FrameAddrs]>,
    /// Rank `Table`.
    table: Mutex<Table>,
    /// Which frame last held a page, by a hash of its number: `pgno << 32 |
    /// (frame + 1)`, 0 when empty (see the module header; a guess, checked under
    /// the frame's latch).
    hints: Box<[AtomicU64]>,
    /// `64 − log2(hints.len())`: the hash keeps the top bits.
    hint_shift: u32,
    wal: Arc<dyn WalGate>,
    /// Rank `Extent`: page writes share it, `ensure_size` takes it alone.
    extent: RwLock<()>,
    /// Page writes share it; a streaming backup takes it alone while it reads a
    /// chunk of pages from the file, so it never reads a page half written.
    backup_gate: RwLock<()>,
    /// The file length at the last successful sync.
    synced_len: AtomicU64,
    failure: Failure,
    counters: Counters,
    /// Where the next `flush_some` starts looking.
    flush_hand: AtomicUsize,
    /// When the cache was made: the origin of `backup_read_at`.
    born: std::time::Instant,
    /// When a streaming backup last read the file, in µs since `born` plus one;
    /// 0 if never (see `BufferCache::write_dirty`).
    backup_read_at: AtomicU64,
    /// A read-only cache never dirties a frame: repairs stay in memory and
    /// `write`/`create` are refused.
    read_only: bool,
}

impl fmt::Debug for BufferCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BufferCache")
            .field("page_size", &self.page_size)
            .field("frames", &self.frames.len())
            .field("failed", &self.is_failed())
            .finish_non_exhaustive()
    }
}

/// The addresses of a frame's page buffer and latch, kept only to prefetch them
/// (nothing is read through them).
#[derive(Debug, Clone, Copy)]
struct FrameAddrs {
    /// The page buffer's first byte.
    page: usize,
    /// The latch and the state it protects.
    latch: usize,
}

/// A page found resident, or a frame claimed for it (latched exclusive, not valid).
enum Found {
    Resident(Pin),
    Claimed(Pin, WriteLatch),
}

/// What one look at the table gave a request for a page.
enum Step {
    Found(Found),
    /// A dirty victim (pinned) and its page, to write back before reuse.
    WriteBack(Pin, Option<u32>),
    /// Every frame is pinned for now.
    AllPinned,
}

impl BufferCache {
    /// A cache of `capacity_pages` frames of `page_size` bytes over `file`, calling
    /// `wal` before each page write.
    ///
    /// Fails with `JET_errInvalidParameter` for a page size ESE does not support or a
    /// capacity of 0, and `JET_errOutOfMemory` when the frames cannot be allocated.
    pub fn new(
        file: Arc<dyn File>,
        page_size: usize,
        capacity_pages: usize,
        wal: Arc<dyn WalGate>,
    ) -> Result<BufferCache> {
        if !is_valid_page_size(page_size) {
            crate::bail!(InvalidParameter, "unsupported page size {page_size}");
        }
        if capacity_pages == 0 {
            crate::bail!(InvalidParameter, "a cache needs at least one frame");
        }
        let len = file
            .len()
            .map_err(|e| Error::io(e).detail("reading the database file's length failed"))?;
        let out_of_memory = || {
            Error::with(
                ErrorCode::OutOfMemory,
                format!("cannot allocate {capacity_pages} frames of {page_size} bytes"),
            )
        };
        // Buffers first, frames after (see `Frame::with_buffer`).
        let buffers = ese_os::page_buffers(capacity_pages, page_size).ok_or_else(out_of_memory)?;
        let mut frames = Vec::new();
        frames
            .try_reserve_exact(capacity_pages)
            .map_err(|_| out_of_memory())?;
        let mut addrs = Vec::new();
        addrs
            .try_reserve_exact(capacity_pages)
            .map_err(|_| out_of_memory())?;
        for (index, buf) in buffers.into_iter().enumerate() {
            // The buffer moves into the frame; its bytes stay where they are.
            let page = buf.as_ptr() as usize;
            let frame = Arc::new(Frame::with_buffer(index, buf));
            addrs.push(FrameAddrs {
                page,
                latch: Arc::as_ptr(&frame.latch) as usize,
            });
            frames.push(frame);
        }
        let hint_len = capacity_pages
            .checked_mul(2)
            .and_then(usize::checked_next_power_of_two)
            .ok_or_else(out_of_memory)?
            .max(2);
        let mut hints = Vec::new();
        hints
            .try_reserve_exact(hint_len)
            .map_err(|_| out_of_memory())?;
        hints.resize_with(hint_len, || AtomicU64::new(0));
        Ok(BufferCache {
            file,
            page_size,
            frames,
            addrs: addrs.into_boxed_slice(),
            table: Mutex::new(Table::new(capacity_pages)),
            hints: hints.into_boxed_slice(),
            hint_shift: 64 - hint_len.trailing_zeros(),
            wal,
            extent: RwLock::new(()),
            backup_gate: RwLock::new(()),
            synced_len: AtomicU64::new(len),
            failure: Failure::default(),
            counters: Counters::default(),
            flush_hand: AtomicUsize::new(0),
            born: std::time::Instant::now(),
            backup_read_at: AtomicU64::new(0),
            read_only: false,
        })
    }

    /// Makes this cache read-only: the file is never written (a page whose single
    /// flipped bit the ECC repaired is repaired in memory only), and `write` and
    /// `create` fail with `JET_errPermissionDenied`.
    pub fn into_read_only(mut self) -> BufferCache {
        self.read_only = true;
        self
    }

    /// Whether the cache is read-only.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    fn check_writable(&self, pgno: u32) -> Result<()> {
        if self.read_only {
            return Err(Error::with(
                ErrorCode::PermissionDenied,
                "the database is open read-only",
            )
            .page(pgno));
        }
        Ok(())
    }

    /// Latches page `pgno` shared, reading it from the file if it is not resident.
    ///
    /// Errors: `JET_errReadVerifyFailure` (checksum mismatch that the ECC cannot
    /// repair), `JET_errPageNotInitialized` (an all-zero page),
    /// `JET_errFileIOBeyondEOF` (past the end of the file), `JET_errOutOfBuffers`
    /// (every frame latched), `JET_errInstanceUnavailable` (the cache failed), or the
    /// read's I/O error. Each carries the page number.
    pub fn read(&self, pgno: u32) -> Result<PageRead> {
        self.check_request(pgno)?;
        crate::thread_stats::page_referenced();
        if let Some(page) = self.read_hinted(pgno) {
            return Ok(page);
        }
        self.read_locked(pgno)
    }

    /// The locked way of [`BufferCache::read`], once the hint did not serve it.
    fn read_locked(&self, pgno: u32) -> Result<PageRead> {
        loop {
            match self.find_or_claim(pgno)? {
                Found::Resident(pin) => {
                    let latch = pin.frame().latch.read_arc();
                    if latch.valid && latch.pgno == pgno {
                        return Ok(PageRead::new(latch, pin));
                    }
                    // The load we waited for failed: look again (and load it ourselves).
                }
                Found::Claimed(pin, latch) => {
                    let (pin, latch) = self.load(pin, latch, pgno)?;
                    return Ok(PageRead::new(ArcRwLockWriteGuard::downgrade(latch), pin));
                }
            }
        }
    }

    /// Runs `f` on the bytes of page `pgno` latched shared, the latch borrowed
    /// for the call only: for a page that is looked at and left, such as a branch
    /// page on the way down a tree. A resident page found through the hint costs
    /// no reference count of its own this way (pages near a root are read by
    /// every reader at once); otherwise the page is read as [`BufferCache::read`]
    /// reads it. Errors as for [`BufferCache::read`].
    pub fn with_read<R>(&self, pgno: u32, f: impl FnOnce(&[u8]) -> R) -> Result<R> {
        self.with_read_at(pgno, 0, f).map(|(r, _)| r)
    }

    /// [`BufferCache::with_read`] through the frame a caller remembers for `pgno`
    /// (`frame`: its index + 1, from this call's answer before; 0 for none), checked
    /// under its latch to hold the page, else through the cache's hint and table as
    /// `with_read` reads; also gives the frame that held the page (index + 1; 0 when
    /// the page was read the locked way).
    pub(crate) fn with_read_at<R, F: FnOnce(&[u8]) -> R>(
        &self,
        pgno: u32,
        frame: u32,
        f: F,
    ) -> Result<(R, u32)> {
        self.check_request(pgno)?;
        crate::thread_stats::page_referenced();
        let mut f = f;
        if let Some(kept) = (frame as usize)
            .checked_sub(1)
            .and_then(|i| self.frame_at(i))
        {
            match self.read_in(kept, pgno, f) {
                Ok(r) => return Ok((r, frame)),
                Err(back) => f = back,
            }
        }
        if let Some(hinted) = self.hinted(pgno) {
            let index = u32::try_from(hinted.index + 1).unwrap_or(0);
            match self.read_in(hinted, pgno, f) {
                Ok(r) => return Ok((r, index)),
                Err(back) => f = back,
            }
        }
        let page = self.read_locked(pgno)?;
        Ok((f(&page), 0))
    }

    /// `f` on `frame`'s bytes under its read latch if it holds `pgno` (counted as a
    /// hit); `f` back otherwise, or when the latch is held exclusive.
    fn read_in<R, F: FnOnce(&[u8]) -> R>(
        &self,
        frame: &Frame,
        pgno: u32,
        f: F,
    ) -> std::result::Result<R, F> {
        // No pin: the latch alone keeps the frame on its page (see `frame.rs`).
        match frame.latch.try_read() {
            Some(latch) if self.hint_holds(frame, &latch, pgno) => Ok(f(&latch.buf)),
            _ => Err(f),
        }
    }

    /// [`Self::write`] of `pgno` through `frame` (index + 1; 0: none), the frame the
    /// caller last found the page in (as [`Self::with_read_at`] reads): a frame that
    /// still holds the page is latched without the hint table's lookup. Also gives
    /// the frame the page was latched in when known (index + 1; 0: not known).
    pub(crate) fn write_at(&self, pgno: u32, frame: u32) -> Result<(PageWrite, u32)> {
        self.check_request(pgno)?;
        self.check_writable(pgno)?;
        crate::thread_stats::page_referenced();
        if let Some(kept) = (frame as usize)
            .checked_sub(1)
            .and_then(|i| self.frame_at(i))
        {
            if let Some(page) = self.write_in(kept, pgno) {
                return Ok((page, frame));
            }
        }
        if let Some(hinted) = self.hinted(pgno) {
            if let Some(page) = self.write_in(hinted, pgno) {
                return Ok((page, u32::try_from(hinted.index + 1).unwrap_or(0)));
            }
        }
        self.write_resident_or_load(pgno).map(|page| (page, 0))
    }

    /// `frame` latched exclusive if it holds `pgno` (counted as a hit); `None`
    /// otherwise, or when its latch is taken.
    fn write_in(&self, frame: &Arc<Frame>, pgno: u32) -> Option<PageWrite> {
        let pin = Pin::new(frame);
        let latch = frame.latch.try_write_arc()?;
        self.hint_holds(frame, &latch, pgno)
            .then(|| PageWrite::new(latch, pin))
    }

    /// Latches page `pgno` exclusive for a change, reading it if it is not resident.
    /// The page becomes dirty at the first mutable access to its bytes. Errors as for
    /// [`BufferCache::read`].
    pub fn write(&self, pgno: u32) -> Result<PageWrite> {
        self.check_request(pgno)?;
        self.check_writable(pgno)?;
        crate::thread_stats::page_referenced();
        if let Some(page) = self.hinted(pgno).and_then(|f| self.write_in(f, pgno)) {
            return Ok(page);
        }
        self.write_resident_or_load(pgno)
    }

    /// [`Self::write`] the long way: the page found in the table (waiting for its
    /// latch) or read into a frame claimed for it.
    fn write_resident_or_load(&self, pgno: u32) -> Result<PageWrite> {
        loop {
            match self.find_or_claim(pgno)? {
                Found::Resident(pin) => {
                    let latch = pin.frame().latch.write_arc();
                    if latch.valid && latch.pgno == pgno {
                        return Ok(PageWrite::new(latch, pin));
                    }
                }
                Found::Claimed(pin, latch) => {
                    let (pin, latch) = self.load(pin, latch, pgno)?;
                    return Ok(PageWrite::new(latch, pin));
                }
            }
        }
    }

    /// Latches page `pgno` exclusive as a new page: nothing is read, the bytes are
    /// zeroed (also when the page was resident), and the page is dirty. The file grows
    /// when the page is written, if it lies past the end.
    pub fn create(&self, pgno: u32) -> Result<PageWrite> {
        self.check_request(pgno)?;
        self.check_writable(pgno)?;
        crate::thread_stats::page_referenced();
        loop {
            let (pin, mut latch) = match self.find_or_claim(pgno)? {
                Found::Resident(pin) => {
                    let latch = pin.frame().latch.write_arc();
                    if !(latch.valid && latch.pgno == pgno) {
                        continue;
                    }
                    (pin, latch)
                }
                Found::Claimed(pin, latch) => (pin, latch),
            };
            latch.buf.fill(0);
            latch.valid = true;
            latch.checked = false;
            crate::thread_stats::page_changed(pin.frame().is_dirty());
            pin.frame().mark_dirty();
            return Ok(PageWrite::new_dirty(latch, pin));
        }
    }

    /// The hint slot of `pgno`.
    fn hint_slot(&self, pgno: u32) -> Option<&AtomicU64> {
        // Fibonacci hashing: the top bits of the product spread nearby page numbers.
        let h = u64::from(pgno).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.hint_shift;
        self.hints.get(h as usize)
    }

    /// Notes that frame `index` holds `pgno` now.
    fn set_hint(&self, pgno: u32, index: usize) {
        if let (Some(slot), Ok(i)) = (self.hint_slot(pgno), u32::try_from(index + 1)) {
            slot.store(u64::from(pgno) << 32 | u64::from(i), Ordering::Relaxed);
        }
    }

    /// The frame that last held `pgno`, if the hint still names it ([`Self::frame_at`]).
    fn hinted(&self, pgno: u32) -> Option<&Arc<Frame>> {
        let v = self.hint_slot(pgno)?.load(Ordering::Relaxed);
        let index = (v & u64::from(u32::MAX)) as usize;
        if v >> 32 != u64::from(pgno) || index == 0 {
            return None;
        }
        self.frame_at(index - 1)
    }

    /// Frame `index`, about to be latched and read. The lines the caller reads next
    /// (the frame, its latch, the page's header and the end of its tag array) start
    /// loading together here, rather than each after the load that leads to it.
    fn frame_at(&self, index: usize) -> Option<&Arc<Frame>> {
        let frame = self.frames.get(index)?;
        if let Some(a) = self.addrs.get(index) {
            let end = a.page + self.page_size;
            prefetch_line(a.page as *const u8);
            prefetch_line((end - 64) as *const u8);
            prefetch_line((end - 128) as *const u8);
            prefetch_line(Arc::as_ptr(frame).cast());
            prefetch_line(a.latch as *const u8);
        }
        Some(frame)
    }

    /// Whether the hinted `frame`, latched, holds `pgno`; counts the hit if so.
    fn hint_holds(&self, frame: &Frame, data: &FrameData, pgno: u32) -> bool {
        if !(data.valid && data.pgno == pgno) {
            return false;
        }
        frame.touch(table::MAX_USAGE);
        self.counters.hit();
        true
    }

    /// The hint path of [`BufferCache::read`]: `None` sends the request the locked way.
    fn read_hinted(&self, pgno: u32) -> Option<PageRead> {
        let frame = self.hinted(pgno)?;
        // No pin: the latch alone keeps the frame on its page (see `frame.rs`).
        let latch = frame.latch.try_read_arc()?;
        self.hint_holds(frame, &latch, pgno)
            .then(|| PageRead::latched(latch))
    }

    /// The page size in bytes.
    pub fn page_size(&self) -> usize {
        self.page_size
    }

    /// How many frames the cache has (its capacity, fixed at construction).
    pub fn frame_count(&self) -> usize {
        self.frames.len()
    }

    /// How many pages are resident now.
    pub fn resident_pages(&self) -> usize {
        let _rank = rank::enter(Rank::Table);
        self.table.lock().resident()
    }

    /// How many frames hold changes not yet written.
    pub fn dirty_pages(&self) -> usize {
        self.frames.iter().filter(|f| f.is_dirty()).count()
    }

    /// The counters so far.
    pub fn stats(&self) -> CacheStats {
        self.counters.snapshot()
    }

    /// Fails the cache with `err`: nothing more is written to the file (a page
    /// image in memory that must never reach the disk).
    pub fn fail(&self, err: Error) {
        let _ = self.failure.record(err);
    }

    /// Whether a failed write or fsync has made the cache unusable.
    pub fn is_failed(&self) -> bool {
        self.failure.is_failed()
    }

    /// The byte offset of logical page `pgno`.
    fn offset(&self, pgno: u32) -> u64 {
        (u64::from(pgno) + 1) * self.page_size as u64
    }

    /// Refuses requests once the cache failed, and page 0 (the shadow header).
    fn check_request(&self, pgno: u32) -> Result<()> {
        self.failure.check()?;
        if pgno == 0 {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                "page 0 is the shadow database header, not a cache page",
            )
            .page(pgno));
        }
        Ok(())
    }

    /// Finds `pgno`'s frame and pins it, or claims a frame for it (writing back a
    /// dirty victim first if that is what the clock offers).
    fn find_or_claim(&self, pgno: u32) -> Result<Found> {
        let mut written: Option<usize> = None;
        let mut all_pinned = 0;
        let rounds = self.frames.len() + EXTRA_VICTIM_ROUNDS;
        for _ in 0..rounds {
            let give_up = all_pinned >= PINNED_PATIENCE;
            match self.find_or_choose(pgno, written.take(), give_up)? {
                Step::Found(found) => return Ok(found),
                Step::AllPinned => {
                    all_pinned += 1;
                    std::thread::yield_now();
                }
                Step::WriteBack(victim, old) => {
                    let index = victim.frame().index;
                    let outcome = match old {
                        Some(old) => self.write_back(&victim, old, Wait::No)?,
                        None => Outcome::Clean,
                    };
                    // Unpin before retaking the table lock: only unpinned frames are reused.
                    drop(victim);
                    match outcome {
                        Outcome::Busy => std::thread::yield_now(),
                        Outcome::Written | Outcome::Clean => written = Some(index),
                    }
                }
            }
        }
        Err(self.out_of_buffers(pgno, "stayed busy or dirty"))
    }

    /// One look under the table lock: the resident page, a frame claimed for it, or
    /// a dirty victim to write back first. `written` is a victim this request wrote
    /// back, tried first; `give_up` turns "every frame is pinned" into the error.
    fn find_or_choose(&self, pgno: u32, written: Option<usize>, give_up: bool) -> Result<Step> {
        let _rank = rank::enter(Rank::Table);
        let mut table = self.table.lock();
        if let Some(index) = table.lookup(pgno) {
            let frame = &self.frames[index];
            frame.touch(table::MAX_USAGE);
            self.counters.hit();
            self.set_hint(pgno, index);
            let pin = Pin::new(frame);
            return Ok(Step::Found(Found::Resident(pin)));
        }
        if let Some(index) = written {
            if let Some(latch) = table.take_if_reusable(&self.frames, index) {
                return Ok(Step::Found(self.claim(&mut table, index, latch, pgno)));
            }
        }
        match table.choose_victim(&self.frames) {
            Victim::Clean(index, latch) => {
                Ok(Step::Found(self.claim(&mut table, index, latch, pgno)))
            }
            Victim::Dirty(pin) => {
                let old = table.page_of(pin.frame().index);
                Ok(Step::WriteBack(pin, old))
            }
            Victim::None if give_up => Err(self.out_of_buffers(pgno, "are latched")),
            Victim::None => Ok(Step::AllPinned),
        }
    }

    /// Gives the exclusively latched, unpinned frame `index` to `pgno` and pins it.
    /// The caller holds the table lock.
    fn claim(&self, table: &mut Table, index: usize, mut latch: WriteLatch, pgno: u32) -> Found {
        let frame = &self.frames[index];
        if table.assign(index, pgno).is_some() {
            bump(&self.counters.evictions);
        }
        frame.set_usage(1);
        self.set_hint(pgno, index);
        bump(&self.counters.misses);
        frame.reset_clean();
        latch.pgno = pgno;
        latch.valid = false;
        latch.lsn = 0;
        latch.checked = false;
        Found::Claimed(Pin::new(frame), latch)
    }

    /// Reads `pgno` into a claimed frame. On failure the frame is given up.
    fn load(&self, pin: Pin, mut latch: WriteLatch, pgno: u32) -> Result<(Pin, WriteLatch)> {
        let miss = crate::thread_stats::Miss::start();
        let read = self.read_page(pgno, &mut latch.buf);
        miss.done(read.is_ok());
        match read {
            Ok(corrected) => {
                latch.valid = true;
                if corrected && !self.read_only {
                    // Write the repaired image back at the next write-back. It is the
                    // page as last written, so no log position is needed.
                    pin.frame().mark_dirty();
                }
                Ok((pin, latch))
            }
            Err(err) => {
                self.abandon(pin, latch);
                Err(err)
            }
        }
    }

    /// Takes a frame whose load failed off its page. Waiters wake to an invalid frame
    /// and look the page up again.
    fn abandon(&self, pin: Pin, mut latch: WriteLatch) {
        latch.valid = false;
        latch.pgno = 0;
        let _rank = rank::enter(Rank::Table);
        let mut table = self.table.lock();
        drop(latch);
        // A pin taken meanwhile on the hint path only keeps the frame off the free
        // list; the clock still finds it, unmapped and unpinned, later.
        let last = pin.frame().pins() == 1;
        table.release(pin.frame().index, last);
        drop(pin);
    }

    fn out_of_buffers(&self, pgno: u32, why: &str) -> Error {
        Error::with(
            ErrorCode::OutOfBuffers,
            format!(
                "no cache frame for page {pgno}: all {} frames {why}",
                self.frames.len()
            ),
        )
        .page(pgno)
    }
}
