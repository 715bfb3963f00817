//! The cache's file I/O: page reads with checksum verification, write-back with the
//! write-ahead rule, flushing, syncing, file growth, and the fatal-failure latch.
//!
//! Owns: [`Failure`] and the `BufferCache` methods that touch the file.
//! What must hold:
//! - A page is read into a frame latched exclusive and handed out only if it verifies
//!   (or the ECC repaired one bit).
//! - A write-back copies the page under a shared latch, releases the latch, asks the
//!   [`WalGate`](super::WalGate) for the copy's log position, computes the checksum
//!   on the copy, writes it, and only then marks the frame clean up to the copied
//!   generation. At most one write-back per frame is in flight.
//! - Page writes share the extent lock; `ensure_size` takes it alone, so `set_len`
//!   never shortens the file under a write past its end.
//! - An OS snapshot's freeze takes the backup gate and the extent lock alone:
//!   the file does not change until it lets go.
//! - The first failed page write or sync fails the cache for good (no retry); later
//!   calls get `JET_errInstanceUnavailable` naming the first error.

use super::frame::Pin;
use super::rank::{self, Rank};
use super::stats::bump;
use super::BufferCache;
use crate::format::checksum::{compute_page_checksums, correct_page, verify_page, PageCheck};
use crate::{Error, ErrorCode, Result};
use parking_lot::{Mutex, RwLockWriteGuard};
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};

/// How many bytes of pages a checkpoint writes between two hand-overs to the
/// device (see `BufferCache::write_dirty`). Measured with one durable
/// committer during checkpoints (`docs/benchmarks.md`, "Checkpoint pages
/// written behind"), the slowest commit of 10 s fell from about 11 ms to about
/// 5 ms.
pub(crate) const CHECKPOINT_BEHIND_BYTES: usize = 512 * 1024;

/// How long after a streaming backup's last read of the file a checkpoint
/// still leaves its pages to its sync (see `BufferCache::write_dirty`).
pub(crate) const BACKUP_QUIET: std::time::Duration = std::time::Duration::from_secs(1);

/// Whether a write-back may wait for the frame's write-back lock and latch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Wait {
    /// Wait (only `flush_all`, whose caller holds no write guard).
    Yes,
    /// Skip the frame if either is taken.
    No,
}

/// What a write-back did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outcome {
    /// The page was written.
    Written,
    /// Nothing to write: the frame is clean, or no longer holds the page.
    Clean,
    /// The frame was latched exclusive or being written by someone else.
    Busy,
}

/// The fatal-failure latch: once set, never cleared.
#[derive(Debug, Default)]
pub(super) struct Failure {
    failed: AtomicBool,
    /// Rank `Failure`.
    cause: Mutex<Option<String>>,
}

impl Failure {
    /// Whether the cache failed.
    pub(super) fn is_failed(&self) -> bool {
        self.failed.load(Ordering::Acquire)
    }

    /// `JET_errInstanceUnavailable` once the cache failed.
    pub(super) fn check(&self) -> Result<()> {
        if !self.is_failed() {
            return Ok(());
        }
        let cause = {
            let _rank = rank::enter(Rank::Failure);
            self.cause.lock().clone().unwrap_or_default()
        };
        Err(Error::with(
            ErrorCode::InstanceUnavailable,
            format!(
                "the database cache failed earlier and must be reopened after recovery: {cause}"
            ),
        ))
    }

    /// Fails the cache with `err` (the first cause is kept) and returns `err`.
    pub(super) fn record(&self, err: Error) -> Error {
        {
            let _rank = rank::enter(Rank::Failure);
            let mut cause = self.cause.lock();
            if cause.is_none() {
                *cause = Some(err.to_string());
            }
        }
        self.failed.store(true, Ordering::Release);
        err
    }
}

impl BufferCache {
    /// Reads and verifies page `pgno` into `buf`. Returns whether a flipped bit was
    /// repaired.
    pub(super) fn read_page(&self, pgno: u32, buf: &mut [u8]) -> Result<bool> {
        self.file
            .read_at(self.offset(pgno), buf)
            .map_err(|e| read_error(e, pgno))?;
        bump(&self.counters.reads);
        match verify_page(buf, pgno) {
            PageCheck::Ok => Ok(false),
            PageCheck::AllZero => Err(Error::with(
                ErrorCode::PageNotInitialized,
                format!("page {pgno} is not initialized (all zeros)"),
            )
            .page(pgno)),
            _ => match correct_page(buf, pgno) {
                PageCheck::Corrected { .. } => {
                    bump(&self.counters.corrected);
                    Ok(true)
                }
                _ => Err(Error::with(
                    ErrorCode::ReadVerifyFailure,
                    format!("checksum mismatch on page {pgno}"),
                )
                .page(pgno)),
            },
        }
    }

    /// Writes the pinned frame's page `pgno` to the file if it is dirty.
    pub(super) fn write_back(&self, pin: &Pin, pgno: u32, wait: Wait) -> Result<Outcome> {
        let frame = pin.frame();
        let (_io, _io_rank) = match wait {
            Wait::Yes => {
                let held = rank::enter(Rank::Writeback);
                (frame.writeback.lock(), held)
            }
            Wait::No => match frame.writeback.try_lock() {
                Some(io) => (io, rank::tried(Rank::Writeback)),
                None => return Ok(Outcome::Busy),
            },
        };
        let mut image = Vec::new();
        image.try_reserve_exact(self.page_size).map_err(|_| {
            Error::with(
                ErrorCode::OutOfMemory,
                format!("no memory to write back page {pgno}"),
            )
            .page(pgno)
        })?;
        let (generation, lsn) = {
            let data = match wait {
                // Recursive: the caller may hold this page shared with a writer queued.
                Wait::Yes => frame.latch.read_recursive(),
                Wait::No => match frame.latch.try_read() {
                    Some(data) => data,
                    None => return Ok(Outcome::Busy),
                },
            };
            if !data.valid || data.pgno != pgno || !frame.is_dirty() {
                return Ok(Outcome::Clean);
            }
            if data.lsn == super::LSN_PENDING {
                // Its step has not reached the log: skipped like a latched page.
                return Ok(Outcome::Busy);
            }
            image.extend_from_slice(&data.buf);
            (frame.generation(), data.lsn)
        };
        // No page latch is held from here on.
        self.wal.flush_log_to(lsn)?;
        compute_page_checksums(&mut image, pgno);
        self.write_page(pgno, &image)?;
        frame.mark_clean(generation);
        Ok(Outcome::Written)
    }

    /// Writes one page image; a failure fails the cache.
    fn write_page(&self, pgno: u32, image: &[u8]) -> Result<()> {
        // Waits while a backup reads a chunk of the file (a few hundred KiB).
        let _backup = self.backup_gate.read();
        let _rank = rank::enter(Rank::Extent);
        let _extent = self.extent.read();
        // Nothing more reaches the file once the cache failed.
        self.failure.check()?;
        self.file.write_at(self.offset(pgno), image).map_err(|e| {
            let err = Error::io(e)
                .detail(format!("writing page {pgno} failed"))
                .page(pgno);
            self.failure.record(err)
        })?;
        bump(&self.counters.writes);
        Ok(())
    }

    /// Reads the file's pages from `first` on into `buf` (whole pages) for a
    /// streaming backup, with no page write in flight or starting meanwhile, so no
    /// page is read half written. Pages past the end of the file read as zeros
    /// (their contents are in the log since the backup began). Not verified.
    pub(crate) fn read_for_backup(&self, first: u32, buf: &mut [u8]) -> Result<()> {
        let _gate = self.backup_gate.write();
        self.backup_read_at.store(
            self.micros_since_born().saturating_add(1),
            Ordering::Relaxed,
        );
        let at = self.offset(first);
        let len = self
            .file
            .len()
            .map_err(|e| Error::io(e).detail("reading the database file's length failed"))?;
        let have = usize::try_from(len.saturating_sub(at))
            .unwrap_or(usize::MAX)
            .min(buf.len());
        buf[have..].fill(0);
        if have > 0 {
            self.file
                .read_at(at, &mut buf[..have])
                .map_err(|e| read_error(e, first))?;
        }
        bump(&self.counters.reads);
        Ok(())
    }

    /// Holds every write to the file still (an OS snapshot's freeze): page
    /// writes in flight finish first, then no page write and no change of the
    /// file's length starts until the returned guard is dropped. A thread that
    /// needs a page written meanwhile waits. The locks are not rank-checked:
    /// the freezing thread takes them cache after cache and nothing else, and
    /// no other thread holds the locks of two caches at once.
    pub(crate) fn freeze_writes(&self) -> WriteFreeze<'_> {
        let gate = self.backup_gate.write();
        let extent = self.extent.write();
        WriteFreeze {
            _gate: gate,
            _extent: extent,
        }
    }

    /// Makes every write so far durable: `sync_all` if the file's length changed
    /// since the last sync (so growth survives a power cut), `sync_data` otherwise.
    fn sync(&self) -> Result<()> {
        let len = self
            .file
            .len()
            .map_err(|e| Error::io(e).detail("reading the database file's length failed"))?;
        let grew = len != self.synced_len.load(Ordering::Acquire);
        let synced = if grew {
            self.file.sync_all()
        } else {
            self.file.sync_data()
        };
        synced.map_err(|e| {
            self.failure
                .record(Error::io(e).detail("flushing the database file to disk failed"))
        })?;
        self.synced_len.store(len, Ordering::Release);
        bump(&self.counters.syncs);
        Ok(())
    }

    /// Writes every dirty page (in page order), then syncs the file.
    ///
    /// Waits for pages latched exclusive by other threads, so the calling thread must
    /// not hold a write guard. Pages dirtied while the flush runs may or may not be
    /// included. Errors: the WAL gate's error (nothing is failed), or the first failed
    /// write or sync (the cache is failed).
    pub fn flush_all(&self) -> Result<()> {
        self.write_dirty(&self.dirty_now(), true)?;
        self.failure.check()?;
        self.sync()
    }

    /// The pages dirty now, as `(pgno, frame)` in page order: what a checkpoint
    /// that lets writers go on must write (see [`Self::write_dirty`]).
    pub(crate) fn dirty_now(&self) -> Vec<(u32, usize)> {
        let mut targets = {
            let _rank = rank::enter(Rank::Table);
            self.table.lock().dirty(&self.frames, 0, usize::MAX)
        };
        targets.sort_unstable();
        targets
    }

    /// Writes back each of `targets` (from [`Self::dirty_now`]) that still holds
    /// its page and is dirty, whatever it holds by now; does not sync. Returns the
    /// frames skipped: with `wait` false, those latched exclusive, being written by
    /// another thread, or changed by a step not yet in the log; with `wait` true
    /// the first two are waited for (the caller holds no write guard), so only the
    /// last are skipped, and none when the caller holds the database's writer lock
    /// (no step runs). A frame that no longer holds its page was written back
    /// before it was given up.
    ///
    /// Every [`CHECKPOINT_BEHIND_BYTES`] of pages written, the pages are handed to
    /// the device and waited for (`File::write_behind`), so that the sync after
    /// them has little left to write and a committer's log sync meanwhile never
    /// queues behind megabytes of pages; not while a streaming backup reads the
    /// file (one read in the last [`BACKUP_QUIET`]), whose stream then has the
    /// disk and leaves the pages to that sync. A failed hand-over fails the
    /// cache, as a failed write does: the written pages may be lost, and the sync
    /// after it need not report it again.
    pub(crate) fn write_dirty(
        &self,
        targets: &[(u32, usize)],
        wait: bool,
    ) -> Result<Vec<(u32, usize)>> {
        self.failure.check()?;
        let mode = if wait { Wait::Yes } else { Wait::No };
        let behind = (CHECKPOINT_BEHIND_BYTES / self.page_size).max(1);
        let mut busy = Vec::new();
        let mut written = 0usize;
        for &(pgno, index) in targets {
            match self.write_back_if_holds(index, pgno, mode)? {
                Outcome::Busy => busy.push((pgno, index)),
                Outcome::Written => {
                    written += 1;
                    if written.is_multiple_of(behind) && !self.backup_reading() {
                        self.file.write_behind().map_err(|e| {
                            self.failure.record(
                                Error::io(e).detail("handing written pages to the disk failed"),
                            )
                        })?;
                    }
                }
                Outcome::Clean => {}
            }
        }
        Ok(busy)
    }

    /// µs since the cache was made.
    fn micros_since_born(&self) -> u64 {
        u64::try_from(self.born.elapsed().as_micros()).unwrap_or(u64::MAX)
    }

    /// Whether a streaming backup read the file within the last [`BACKUP_QUIET`].
    fn backup_reading(&self) -> bool {
        let at = self.backup_read_at.load(Ordering::Relaxed);
        let quiet = u64::try_from(BACKUP_QUIET.as_micros()).unwrap_or(u64::MAX);
        at != 0 && self.micros_since_born().saturating_sub(at - 1) < quiet
    }

    /// Makes every page write so far durable (see [`Self::flush_all`]).
    pub(crate) fn sync_file(&self) -> Result<()> {
        self.failure.check()?;
        self.sync()
    }

    /// Background write-back: writes up to `max` dirty pages, walking the frames from
    /// where the previous call stopped and skipping pages latched exclusive or being
    /// written. Does not sync. Returns how many pages were written.
    pub fn flush_some(&self, max: usize) -> Result<usize> {
        self.failure.check()?;
        let n = self.frames.len();
        if max == 0 {
            return Ok(0);
        }
        let start = self.flush_hand.load(Ordering::Relaxed) % n;
        let mut targets = {
            let _rank = rank::enter(Rank::Table);
            self.table.lock().dirty(&self.frames, start, max)
        };
        if let Some((_, index)) = targets.last() {
            self.flush_hand.store((index + 1) % n, Ordering::Relaxed);
        }
        targets.sort_unstable();
        let mut written = 0;
        for (pgno, index) in targets {
            if self.write_back_if_holds(index, pgno, Wait::No)? == Outcome::Written {
                written += 1;
            }
        }
        Ok(written)
    }

    /// Pins frame `index` if it still holds `pgno` and writes it back; one pin at a
    /// time, so flushing never keeps the frames it has not reached from eviction.
    fn write_back_if_holds(&self, index: usize, pgno: u32, wait: Wait) -> Result<Outcome> {
        let pin = {
            let _rank = rank::enter(Rank::Table);
            self.table.lock().pin_if_holds(&self.frames, index, pgno)
        };
        match pin {
            Some(pin) => self.write_back(&pin, pgno, wait),
            None => Ok(Outcome::Clean),
        }
    }

    /// Grows the file so that it holds at least `pages` logical pages (plus the two
    /// header pages). Never shrinks it. A failure (e.g. `JET_errDiskFull`) is returned
    /// but does not fail the cache: nothing written was lost.
    pub fn ensure_size(&self, pages: u32) -> Result<()> {
        self.failure.check()?;
        let want = crate::format::header::file_len_for(pages, self.page_size);
        let _rank = rank::enter(Rank::Extent);
        let _extent = self.extent.write();
        let len = self
            .file
            .len()
            .map_err(|e| Error::io(e).detail("reading the database file's length failed"))?;
        if len < want {
            self.file.set_len(want).map_err(|e| {
                Error::io(e).detail(format!("growing the database file to {pages} pages failed"))
            })?;
        }
        Ok(())
    }

    /// How many whole logical pages the file holds now (written pages only; dirty
    /// pages past the end are not counted until they are written).
    pub fn file_pages(&self) -> Result<u32> {
        let len = self
            .file
            .len()
            .map_err(|e| Error::io(e).detail("reading the database file's length failed"))?;
        let pages = crate::format::header::file_pages(len, self.page_size);
        Ok(u32::try_from(pages).unwrap_or(u32::MAX))
    }
}

/// The file of a cache held still by [`BufferCache::freeze_writes`].
pub(crate) struct WriteFreeze<'a> {
    _gate: RwLockWriteGuard<'a, ()>,
    _extent: RwLockWriteGuard<'a, ()>,
}

/// The error for a failed page read: past the end of the file, or an I/O error.
fn read_error(err: io::Error, pgno: u32) -> Error {
    let beyond = err.kind() == io::ErrorKind::UnexpectedEof;
    let err = Error::io(err).page(pgno);
    if beyond {
        err.detail(format!("page {pgno} lies beyond the end of the file"))
    } else {
        err.detail(format!("reading page {pgno} failed"))
    }
}
