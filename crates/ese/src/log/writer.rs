//! The log writer: the in-memory tail of the log, group commit, generation
//! rollover, reserve files and the failure state machine.
//!
//! What must hold:
//! * at most one thread does log I/O at a time (`flushing`, or the state lock
//!   held across the I/O); blocks are written in sequence order, each one
//!   synced before the next is written, and never rewritten;
//! * `durable` only moves forward, and only after the sync that covers it;
//! * once `failed` is set it never clears: every call returns
//!   `JET_errLogWriteFail`;
//! * a generation file becomes `<base>.log` only after its header and zero
//!   fill are synced, and `<base>.log` is renamed to its numbered name only
//!   after all its blocks are synced;
//! * a `<base>tmp.log` prepared ahead of time (created, zero-filled and synced
//!   by the background flusher's preparer while the current generation fills)
//!   carries no header until the rollover that uses it writes and syncs one,
//!   so a power cut before that leaves a file the reader never adopts;
//! * a generation closed in memory (`State::roll`, see `Inner::close_generation`)
//!   is rolled over by the next flush before any block of the next generation
//!   is written, with the same writes, syncs and renames in the same order as
//!   `Inner::rollover`; until then `durable` stays in the closed generation.
//!
//! Speed. A rollover with a prepared file costs one header write and sync and
//! the two renames; without one (no background flusher, or the preparer had no
//! room) it makes the file itself as before. With a background flusher and a
//! prepared file, the appender that fills the current file does none of this:
//! it closes the generation in memory and goes on, and the next flush does the
//! rollover's I/O. A committer that finds no flush
//! running and more committers on their way (those released by the last flush
//! and those that arrived during it, counted in `flush_to`) waits for them on
//! the processor, yielding it, for at most half the last flush's I/O time
//! (`LogConfig::group_wait_max`) before it takes the block, so the halves that
//! would otherwise take turns, each flush carrying those that came during the
//! one before, merge into one group; a lone committer never waits. A committer
//! whose commit waits for a flush already running, or for such a gathering
//! committer, waits for the flush's end on the processor, yielding it, for
//! about twice the last flush's I/O time (`LogConfig::flush_spin_max`), and
//! only then sleeps: on a fast disk the wake-up of a sleeping thread is a large
//! part of a commit, and the committer that finds its commit not yet written
//! starts the next flush without being woken first. Neither wait happens when
//! the last flush took longer than `flush_spin_max`, and the first not when it
//! took less than [`GATHER_LEAST_IO`]. `is_failed` reads an atomic flag.
//!
//! Lock: `state` is a leaf (no other engine lock is taken while it is held),
//! so a caller holding page latches or cache locks may append and flush;
//! the cache's rank table does not need to know it. The group flusher
//! releases it during its write and sync; a thread that must write while in
//! the middle of placing a record (a full block, a rollover) first waits until
//! no flush is running, then keeps the lock through its I/O so no record of
//! another thread can slip between the pieces of its own.
//!
//! `prep` guards the name `<base>tmp.log`: the preparer holds it across its
//! I/O, a rollover takes it after `state` (order: `state`, then `prep`) and
//! keeps it until the file is renamed. The preparer never takes `state` while
//! holding `prep`.

use super::reader::LogEnd;
use super::{current_log_name, numbered_log_name, reserve_name, tmp_log_name, LogConfig};
use crate::error::{Error, ErrorCode, Result};
use crate::format::log::{
    BlockHeader, Frames, Lgpos, LogFileHeader, LogRecord, LogSignature, BLOCK_FLAG_RESUMED,
    LOG_HEADER_AREA, NO_RECORD_START,
};
use ese_os::{Clock, File, OpenOptions, Rng, SharedFs};
use parking_lot::{Condvar, Mutex, MutexGuard};
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// Zero-fill chunk size.
const ZERO_CHUNK: usize = 256 * 1024;

/// The shortest last flush's I/O time for which a committer waits for the
/// others on their way (see `Inner::gather`). Measured with 8 committers on
/// 2 cores (`docs/benchmarks.md`, "Group commit: the halves merged on the
/// processor"), the wait cost 12–18% of the commits per second when the disk
/// synced in about 30 µs and 4–10% at 40–57 µs, and gained 3–12% at 63–75 µs
/// and about 30% at about 170 µs.
const GATHER_LEAST_IO: Duration = Duration::from_micros(60);

/// The wait for committers on their way, in percent of the last flush's I/O time.
const GATHER_IO_SHARE: u32 = 50;

/// A committer's wait on the processor for a running flush, in percent of the
/// last flush's I/O time (see `Inner::spin_for_flush`).
const SPIN_IO_SHARE: u32 = 200;

/// The shortest such wait (the first flush has no time measured yet).
const SPIN_LEAST: Duration = Duration::from_micros(50);

/// The block being filled: not yet written.
#[derive(Debug)]
struct OpenBlock {
    start: u64,
    seq: u64,
    payload: Vec<u8>,
    first_record: u32,
    flags: u32,
}

/// The most payload capacity a new block reserves up front (its buffer is kept
/// for the next block, so a long run of appends allocates it once).
const SPARE_MOST: usize = 1024 * 1024;

/// Full blocks that may wait for the flusher ([`State::sealed`]) before an
/// appender whose record needs another block writes them itself.
const SEALED_MOST: usize = 2;

/// Emptied payload buffers kept for the blocks to come.
const SPARES_MOST: usize = SEALED_MOST + 1;

#[derive(Debug)]
struct State {
    generation: u32,
    file: Arc<dyn File>,
    open: Option<OpenBlock>,
    /// Where the next block starts (sector aligned, after the last written one).
    next_off: u64,
    /// Sequence number of the next block to be opened.
    next_seq: u64,
    /// crc32c of the last written block (or the chaining value).
    last_crc: u32,
    appended: Lgpos,
    durable: Lgpos,
    flushing: bool,
    failed: Option<String>,
    /// The next block opened carries [`BLOCK_FLAG_RESUMED`].
    resumed: bool,
    /// Group commit bookkeeping (see [`Inner::gather`]).
    group: Group,
    /// Full blocks taken from `open` and not yet written, in log order, each
    /// starting where the one before ends (`next_off` is past them): the
    /// next flush writes them before the open block. An appender whose record
    /// fills the open block leaves it here for the flusher instead of writing it.
    sealed: Vec<TakenBlock>,
    /// Payload buffers of written blocks, emptied, for the next blocks.
    spares: Vec<Vec<u8>>,
    /// The buffer blocks are encoded into for writing, kept from flush to flush.
    spare_image: Vec<u8>,
    /// A generation closed in memory whose I/O waits for the next flush (see
    /// [`Inner::close_generation`]): appends already go to the next one.
    roll: Option<PendingRoll>,
    /// The generation closed in memory, from its close until its rollover's
    /// renames are done: the current `<base>.log` meanwhile.
    closed: Option<u32>,
}

/// A generation closed by an appender without its I/O: its last blocks, where
/// it ends, and the prepared file that becomes the next generation. The next
/// flush (the background flusher's, woken at the close, or a committer's) writes
/// and syncs the blocks into the old file, then writes the new file's header
/// and renames the two files, exactly as a rollover does, before any block of
/// the next generation is written.
#[derive(Debug)]
struct PendingRoll {
    /// The generation closed (the current `<base>.log` until the renames).
    generation: u32,
    /// Its file.
    old_file: Arc<dyn File>,
    /// Its blocks not yet written, in order.
    blocks: Vec<TakenBlock>,
    /// Just past its last record.
    prev_end: Lgpos,
    /// The sequence number of the next generation's first block.
    first_seq: u64,
    /// `<base>tmp.log`, prepared ahead, becoming the next generation.
    new_file: Arc<dyn File>,
}

/// A block taken for writing: its header and payload, encoded when written
/// (by a flush, off the log's lock).
#[derive(Debug)]
struct TakenBlock {
    header: BlockHeader,
    payload: Vec<u8>,
    start: u64,
}

/// Who takes part in group commit: callers of `flush_to` other than the
/// background flusher.
#[derive(Debug, Default)]
struct Group {
    /// Callers inside `flush_to` now (waiting or flushing).
    inside: usize,
    /// Callers inside `flush_to` when the last flush took its block: released
    /// by it, and likely to come back with their next commit.
    last: usize,
    /// Callers that came in while the last flush was writing.
    arrived_during: usize,
    /// A caller is waiting for the others before it takes the block.
    gathering: bool,
    /// How long the last group flush's write and sync took.
    io_micros: u64,
}

/// The file prepared as the next generation.
#[derive(Debug, Default)]
struct Prep {
    /// `<base>tmp.log`: full size, zero-filled, synced, no header yet.
    file: Option<Arc<dyn File>>,
    /// The last try found no space: wait for the next rollover.
    no_space: bool,
    /// The prepared file was taken by a generation closed in memory and is not
    /// yet renamed: nothing may be made under its name meanwhile.
    renaming: bool,
}

#[derive(Debug)]
struct Inner {
    fs: SharedFs,
    cfg: LogConfig,
    clock: Arc<dyn Clock>,
    signature: LogSignature,
    state: Mutex<State>,
    /// Signalled when a flush ends.
    flushed: Condvar,
    /// Wakes the background flusher.
    wake: Condvar,
    /// Fewer reserve files than configured are left (one was used, or the disk
    /// had no room to make them again).
    low_on_space: std::sync::atomic::AtomicBool,
    /// Set while a backup runs: circular logging deletes no generation.
    keep: AtomicBool,
    /// Mirrors `State::failed` for checks that must not take the lock.
    failed: AtomicBool,
    /// Counts group flushes that ended (see [`Inner::spin_for_flush`]).
    flush_ends: std::sync::atomic::AtomicU64,
    /// Counts the waits for a running flush that ended on the processor.
    spun: std::sync::atomic::AtomicU64,
    /// Counts the waits for committers on their way (`Inner::gather`).
    gathers: std::sync::atomic::AtomicU64,
    /// The next generation's file made ahead of time; see the module docs.
    prep: Mutex<Prep>,
    /// Wakes the preparer (a rollover used its file, or it must stop).
    prep_wake: Condvar,
    /// A background flusher runs: an appender that fills the current file may
    /// close it in memory and leave the rollover's I/O to the flusher.
    rolls_behind: AtomicBool,
    /// Counts the generations closed in memory whose rollover a flush did.
    rolled_behind: std::sync::atomic::AtomicU64,
}

/// Writes one log stream. Cheap to clone; clones share the stream.
///
/// Failure state machine:
/// * **fatal**: a failed write, `set_len`, sync, rename or directory sync of
///   the log makes the writer failed for good: that call and every later call
///   (append, flush) return `JET_errLogWriteFail`, with the first cause in the
///   message. Nothing is retried. The instance fails it the same way for a
///   failed write or sync of a database file (`fail_for`).
/// * **disk full**: when the next generation cannot be created because the
///   disk is full (`ENOSPC` while creating or zero-filling `<base>tmp.log`), a
///   reserve file is renamed into its place. With no reserve left, `append`
///   returns `JET_errLogDiskFull` and nothing else changes: the current file
///   is full and synced, every record appended before stays appended and
///   durable, and the next `append` tries again. After a successful rollover
///   the missing reserves are re-created; `ENOSPC` there is ignored. `ENOSPC`
///   while preparing the next generation ahead of time is not an error either:
///   the partial file is removed and the rollover makes the file itself (then
///   takes a reserve). Any other failure while preparing is fatal.
#[derive(Debug, Clone)]
pub struct LogWriter {
    inner: Arc<Inner>,
}

/// A background thread that flushes the log every interval, or sooner when
/// half of the log buffer is filled, and a second one that prepares the next
/// generation's file while the current one fills
/// ([`LogWriter::prepare_next_generation`], ESE's `JET_paramLogFileCreateAsynch`).
/// Both stop when this is dropped or by [`BackgroundFlusher::stop`], and after
/// the writer failed.
#[derive(Debug)]
pub struct BackgroundFlusher {
    inner: Arc<Inner>,
    stop: Arc<AtomicBool>,
    handles: Vec<JoinHandle<()>>,
}

impl BackgroundFlusher {
    /// Stops the thread and waits for it.
    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // From now on an appender rolls the generation over itself; one closed
        // in memory already is rolled by the next flush.
        self.inner.rolls_behind.store(false, Ordering::Release);
        {
            let _st = self.inner.state.lock();
            self.inner.wake.notify_all();
        }
        {
            let _p = self.inner.prep.lock();
            self.inner.prep_wake.notify_all();
        }
        for h in self.handles.drain(..) {
            // A panic in a background thread has already been reported;
            // there is nothing left to stop.
            let _ = h.join();
        }
    }
}

impl Drop for BackgroundFlusher {
    fn drop(&mut self) {
        self.halt();
    }
}

/// The generation after `g`, if the stream has one (`u32::MAX` is never used).
fn next_generation(g: u32) -> Option<u32> {
    g.checked_add(1).filter(|&n| n < u32::MAX)
}

fn align(x: u64, ss: u64) -> u64 {
    x.div_ceil(ss) * ss
}

fn write_fail(what: &str, e: &io::Error) -> String {
    format!("{what}: {e}")
}

fn is_disk_full(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::StorageFull
}

impl LogWriter {
    /// Starts a new log stream in `cfg.dir`: a new signature, generation 1 in
    /// `<base>.log`, and the reserve files. Refuses a directory that already
    /// holds a log stream (`JET_errInvalidParameter`).
    pub fn create(
        fs: SharedFs,
        cfg: LogConfig,
        clock: Arc<dyn Clock>,
        rng: &mut dyn Rng,
    ) -> Result<LogWriter> {
        cfg.validate()?;
        fs.create_dir_all(&cfg.dir)
            .and_then(|()| match cfg.dir.parent() {
                // The directory's own entry must survive a power cut too.
                Some(parent) if !parent.as_os_str().is_empty() => fs.sync_dir(parent),
                _ => Ok(()),
            })
            .map_err(|e| Error::io(e).file(&cfg.dir))?;
        let cur = cfg.path(&current_log_name(&cfg.base));
        if fs.exists(&cur) || !super::list_generations(fs.as_ref(), &cfg.dir, &cfg.base)?.is_empty()
        {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                "the log directory already holds a log stream",
            )
            .file(cur));
        }
        let mut random = [0u8; 16];
        rng.fill_bytes(&mut random);
        let signature = LogSignature {
            random,
            created_micros: unix_micros(clock.as_ref()),
        };
        let inner = Inner::new(fs, cfg, clock, signature);
        let header = inner.header(1, 1, Lgpos::MIN, 0);
        let file = inner.prepare_file(&header).map_err(|e| e.into_error())?;
        inner.rename_sync(
            &tmp_log_name(&inner.cfg.base),
            &current_log_name(&inner.cfg.base),
        )?;
        inner.replenish_reserves()?;
        let start = inner.pos(1, LOG_HEADER_AREA);
        let st = State::new(1, file, LOG_HEADER_AREA, 1, 0, start, false);
        *inner.state.lock() = st;
        Ok(LogWriter {
            inner: Arc::new(inner),
        })
    }

    /// Continues the stream a [`super::LogReader`] found the end of: new
    /// blocks go at the next sector boundary after the last valid block, with
    /// the next sequence number and the "resumed" flag, and the rest of the
    /// file is zeroed first so torn leftovers can never be read as blocks.
    /// The stream keeps its sector and file size (those of `end`).
    pub fn open_after(
        fs: SharedFs,
        mut cfg: LogConfig,
        clock: Arc<dyn Clock>,
        end: &LogEnd,
    ) -> Result<LogWriter> {
        cfg.sector_size = end.sector_size;
        cfg.file_size = end.file_size;
        cfg.validate()?;
        let inner = Inner::new(fs, cfg, clock, end.signature);
        let base = inner.cfg.base.clone();
        if end.current_is_tmp {
            inner.rename_sync(&tmp_log_name(&base), &current_log_name(&base))?;
        } else {
            inner.remove_if_exists(&tmp_log_name(&base))?;
        }
        let cur = inner.cfg.path(&current_log_name(&base));
        let io = |e| Error::io(e).file(&cur);
        let file: Arc<dyn File> =
            Arc::from(inner.fs.open(&cur, OpenOptions::read_write()).map_err(io)?);
        let mut hb = vec![0u8; LogFileHeader::SIZE];
        file.read_at(0, &mut hb).map_err(io)?;
        let h = LogFileHeader::decode(&hb)?;
        if h.generation != end.generation || h.signature != end.signature {
            return Err(Error::with(
                ErrorCode::LogGenerationMismatch,
                "the log end does not describe the current log file",
            )
            .file(cur));
        }
        if end.next_offset < inner.cfg.file_size {
            zero_fill(file.as_ref(), end.next_offset, inner.cfg.file_size)
                .and_then(|()| file.sync_data())
                .map_err(|e| {
                    Error::with(
                        ErrorCode::LogWriteFail,
                        write_fail("zeroing the log tail", &e),
                    )
                })?;
        }
        inner.replenish_reserves()?;
        let st = State::new(
            end.generation,
            file,
            end.next_offset,
            end.next_seq,
            end.last_crc,
            end.end,
            true,
        );
        *inner.state.lock() = st;
        Ok(LogWriter {
            inner: Arc::new(inner),
        })
    }

    /// Continues a stream whose last generation is a finished (numbered) file,
    /// as a restored backup set is: makes the next generation the current
    /// `<base>.log`, linked to `end` (the end of the last numbered file, from
    /// [`super::LogReader::check_finished`]). Refuses a directory that already
    /// has a current file (`JET_errInvalidParameter`). A power cut leaves either
    /// no current file (a stale `<base>tmp.log` is replaced by the next call) or
    /// a current file holding only its header.
    pub fn start_next(
        fs: SharedFs,
        mut cfg: LogConfig,
        clock: Arc<dyn Clock>,
        end: &LogEnd,
    ) -> Result<LogWriter> {
        cfg.sector_size = end.sector_size;
        cfg.file_size = end.file_size;
        cfg.validate()?;
        let inner = Inner::new(fs, cfg, clock, end.signature);
        let base = inner.cfg.base.clone();
        let cur = inner.cfg.path(&current_log_name(&base));
        if inner.fs.exists(&cur) {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                "the log directory already has a current log file",
            )
            .file(cur));
        }
        let next =
            next_generation(end.generation).ok_or_else(|| Error::new(ErrorCode::LogSequenceEnd))?;
        let header = inner.header(next, end.next_seq, end.end, end.last_crc);
        let file = inner.prepare_file(&header).map_err(|e| e.into_error())?;
        inner.rename_sync(&tmp_log_name(&base), &current_log_name(&base))?;
        inner.replenish_reserves()?;
        let start = inner.pos(next, LOG_HEADER_AREA);
        let st = State::new(
            next,
            file,
            LOG_HEADER_AREA,
            end.next_seq,
            end.last_crc,
            start,
            false,
        );
        *inner.state.lock() = st;
        Ok(LogWriter {
            inner: Arc::new(inner),
        })
    }

    /// The stream's signature.
    pub fn signature(&self) -> LogSignature {
        self.inner.signature
    }

    /// The configuration in use.
    pub fn config(&self) -> &LogConfig {
        &self.inner.cfg
    }

    /// The current generation: that of `<base>.log` (while a generation closed
    /// in memory waits for its rollover's I/O, the closed one).
    pub fn generation(&self) -> u32 {
        let st = self.inner.state.lock();
        st.closed.unwrap_or(st.generation)
    }

    /// Just past the last appended record.
    pub fn appended_lgpos(&self) -> Lgpos {
        self.inner.state.lock().appended
    }

    /// Everything before this position is durable.
    pub fn durable_lgpos(&self) -> Lgpos {
        self.inner.state.lock().durable
    }

    /// How many times a committer waiting for a running flush saw it end
    /// while waiting on the processor (`LogConfig::flush_spin_max`) rather
    /// than asleep.
    pub fn flush_waits_spun(&self) -> u64 {
        self.inner.spun.load(Ordering::Relaxed)
    }

    /// How many times a committer about to flush waited for the committers on
    /// their way first (`LogConfig::group_wait_max`).
    pub fn flush_gathers(&self) -> u64 {
        self.inner.gathers.load(Ordering::Relaxed)
    }

    /// How many generations an appender closed in memory had their rollover
    /// done by a flush, off the appender's path (see the module header).
    pub fn rollovers_behind(&self) -> u64 {
        self.inner.rolled_behind.load(Ordering::Relaxed)
    }

    /// Whether the writer has failed for good. Takes no lock.
    pub fn is_failed(&self) -> bool {
        self.inner.failed.load(Ordering::Acquire)
    }

    /// Fails the writer for good for a failure met outside the log: a write or
    /// sync of a database file is final for the instance as a log write is. The
    /// file may hold a dirty header or lack pages a failed sync dropped, and only
    /// recovery from this log brings it back, so nothing more may be logged (a
    /// clean end least of all) and no checkpoint may pass it.
    pub(crate) fn fail_for(&self, cause: &Error) {
        let mut st = self.inner.state.lock();
        let _ = self
            .inner
            .fail(&mut st, format!("the instance failed: {cause}"));
    }

    /// Whether the log runs on its reserve files (the disk had no room for a new
    /// generation, or for the reserves themselves): new changes should be refused
    /// with `JET_errLogDiskFull` until space comes back.
    pub fn low_on_space(&self) -> bool {
        self.inner
            .low_on_space
            .load(std::sync::atomic::Ordering::Acquire)
    }

    /// Makes the missing reserve files again when the disk has room; returns
    /// whether the log is out of [`low_on_space`](Self::low_on_space).
    pub fn try_replenish(&self) -> Result<bool> {
        let _st = self.inner.state.lock();
        self.inner.replenish_reserves()?;
        Ok(!self.low_on_space())
    }

    /// How many reserve files are present now.
    pub fn reserve_count(&self) -> usize {
        (1..=self.inner.cfg.reserve_files)
            .filter(|&n| {
                let p = self.inner.cfg.path(&reserve_name(&self.inner.cfg.base, n));
                self.inner.fs.exists(&p)
            })
            .count()
    }

    /// Appends `records` to the log buffer (not yet durable) and returns the
    /// position just past the last one. Records are placed one by one; a
    /// record that does not fit the current file starts a new generation.
    /// When that fails for lack of space the records placed before stay
    /// appended and `JET_errLogDiskFull` is returned. A record larger than a
    /// whole file gives `JET_errLogBufferTooSmall` before anything is placed.
    pub fn append(&self, records: &[LogRecord]) -> Result<Lgpos> {
        let mut frames = Frames::new();
        for r in records {
            frames.push(r)?;
        }
        self.append_frames(&frames)
    }

    /// [`LogWriter::append`] of records already framed (see [`Frames`]).
    pub fn append_frames(&self, frames: &Frames) -> Result<Lgpos> {
        let inner = &self.inner;
        for f in frames.iter() {
            if !inner.fits_in(LOG_HEADER_AREA, 0, f.len()) {
                return Err(Error::with(
                    ErrorCode::LogBufferTooSmall,
                    format!("a {}-byte log record does not fit a log file", f.len()),
                ));
            }
        }
        let mut st = inner.state.lock();
        inner.check(&st)?;
        for f in frames.iter() {
            // A record that will need I/O before it is placed (a full block
            // or a full file) waits for a running flush first; from then on
            // the lock is held until the record is placed, so what was
            // checked here still holds.
            loop {
                let (start, used) = st.tail();
                let rolls = !inner.fits_in(start, used, f.len());
                if rolls && inner.close_generation(&mut st) {
                    // The record goes to the next generation, in memory.
                    continue;
                }
                let seals = f.len() > inner.cfg.buffer_size - used;
                let full = seals && st.sealed.len() >= SEALED_MOST;
                if !(rolls || full) {
                    break;
                }
                if st.flushing {
                    inner.flushed.wait(&mut st);
                } else if full {
                    // The flusher is behind: this appender writes the full
                    // blocks itself (off the lock), then looks again.
                    inner.group_flush(&mut st);
                } else {
                    break;
                }
                inner.check(&st)?;
            }
            let (start, used) = st.tail();
            if !inner.fits_in(start, used, f.len()) {
                inner.rollover(&mut st)?;
            }
            inner.place(&mut st, f)?;
            crate::thread_stats::log_appended(1, f.len() as u64);
        }
        if st.flusher_due(inner.cfg.buffer_size) {
            inner.wake.notify_all();
        }
        Ok(st.appended)
    }

    /// Waits until everything before `lgpos` is durable. Concurrent callers
    /// share flushes: one writes and syncs everything appended so far while
    /// the others wait for it. `JET_errLogWriteFail` once the log failed, unless
    /// everything before `lgpos` was durable by then.
    pub fn flush_to(&self, lgpos: Lgpos) -> Result<()> {
        self.inner.flush_to(lgpos, true)
    }

    /// Makes everything appended so far durable.
    pub fn flush_all(&self) -> Result<()> {
        self.flush_to(Lgpos::MAX)
    }

    /// Starts a thread that flushes every `interval`, or as soon as half of
    /// the log buffer is filled. The interval is a wait of that thread (real
    /// time); what is written never depends on it, only when.
    pub fn start_background_flusher(&self, interval: Duration) -> BackgroundFlusher {
        let stop = Arc::new(AtomicBool::new(false));
        let w = self.clone();
        let s = stop.clone();
        let handle = std::thread::spawn(move || loop {
            let target = {
                let mut st = w.inner.state.lock();
                if s.load(Ordering::SeqCst) {
                    return;
                }
                if !st.flusher_due(w.inner.cfg.buffer_size) {
                    w.inner.wake.wait_for(&mut st, interval);
                }
                if s.load(Ordering::SeqCst) {
                    return;
                }
                st.appended
            };
            // Not counted as a committer: a lazy flush never waits for others.
            // Up to what was appended when it woke: records appended meanwhile
            // are their committers' to flush (or the next round's), so that
            // under a steady stream of commits this thread does not go on
            // flushing in their place.
            if w.inner.flush_to(target, false).is_err() {
                return;
            }
        });
        let w = self.clone();
        let s = stop.clone();
        let preparer = std::thread::spawn(move || w.inner.prepare_loop(&s));
        self.inner.rolls_behind.store(true, Ordering::Release);
        BackgroundFlusher {
            inner: self.inner.clone(),
            stop,
            handles: vec![handle, preparer],
        }
    }

    /// Makes `<base>tmp.log` ready for the next generation now, unless it is:
    /// created at full size, zero-filled and synced, with no header (the
    /// rollover writes that). The background flusher's second thread calls it
    /// after each rollover; a rollover without a prepared file makes one
    /// itself. Returns `Ok(false)` when the disk had no room (not an error:
    /// the rollover then tries again and falls back to a reserve); a failed
    /// write or sync fails the writer for good (`JET_errLogWriteFail`).
    pub fn prepare_next_generation(&self) -> Result<bool> {
        self.inner.prepare_next()
    }

    /// Starts a new generation now (the backup's log roll): everything appended
    /// so far is durable in the generation it closes. Returns the new generation.
    pub fn roll(&self) -> Result<u32> {
        let mut st = self.inner.state.lock();
        self.inner.check(&st)?;
        self.inner.rollover(&mut st)?;
        Ok(st.generation)
    }

    /// Holds the log still (an OS snapshot's freeze): waits for a flush in
    /// flight, then with `roll` starts a new generation (everything appended so
    /// far is durable in the one it closes), else writes and syncs the open
    /// block. Until the returned guard is dropped no log file changes: every
    /// append and flush waits.
    pub(crate) fn pause(&self, roll: bool) -> Result<LogPause<'_>> {
        let inner = &self.inner;
        let mut st = inner.state.lock();
        while st.flushing {
            inner.flushed.wait(&mut st);
        }
        inner.check(&st)?;
        if roll {
            inner.rollover(&mut st)?;
        } else {
            inner.write_open_locked(&mut st)?;
            st.durable = st.durable.max(st.appended);
        }
        // Not even the next generation's file is made while paused.
        let prep = inner.prep.lock();
        Ok(LogPause { st, _prep: prep })
    }

    /// While set, [`LogWriter::delete_generations_below`] deletes nothing: a
    /// backup is running and may still copy or truncate those logs itself.
    pub fn keep_generations(&self, keep: bool) {
        self.inner.keep.store(keep, Ordering::SeqCst);
    }

    /// Deletes the numbered generations below `generation` (never the
    /// current one); returns how many were removed. Nothing while a backup
    /// keeps them ([`LogWriter::keep_generations`]).
    pub fn delete_generations_below(&self, generation: u32) -> Result<usize> {
        if self.inner.keep.load(Ordering::SeqCst) {
            return Ok(0);
        }
        let cur = self.generation();
        let inner = &self.inner;
        super::delete_generations_below(
            inner.fs.as_ref(),
            &inner.cfg.dir,
            &inner.cfg.base,
            generation.min(cur),
        )
    }
}

/// The log held still by [`LogWriter::pause`].
pub(crate) struct LogPause<'a> {
    st: MutexGuard<'a, State>,
    _prep: MutexGuard<'a, Prep>,
}

impl LogPause<'_> {
    /// The generation logging is paused in (the current `<base>.log`).
    pub(crate) fn generation(&self) -> u32 {
        self.st.generation
    }

    /// Just past the last appended record (all of it durable).
    pub(crate) fn appended(&self) -> Lgpos {
        self.st.appended
    }
}

fn unix_micros(clock: &dyn Clock) -> u64 {
    clock
        .unix_time_secs()
        .saturating_mul(1_000_000)
        .saturating_add(clock.now_micros() % 1_000_000)
}

fn zero_fill(f: &dyn File, from: u64, to: u64) -> io::Result<()> {
    let zeros = vec![0u8; ZERO_CHUNK];
    let mut off = from;
    while off < to {
        let n = (to - off).min(ZERO_CHUNK as u64) as usize;
        f.write_at(off, &zeros[..n])?;
        // A committer's sync waits behind at most one chunk of zeros.
        f.write_behind()?;
        off += n as u64;
    }
    Ok(())
}

/// Why a new generation file could not be made.
enum PrepareError {
    /// No space and no reserve: not fatal.
    DiskFull,
    /// Anything else: fatal.
    Io(String),
}

impl PrepareError {
    fn into_error(self) -> Error {
        match self {
            PrepareError::DiskFull => Error::with(
                ErrorCode::LogDiskFull,
                "no space for a new log generation and no reserve left",
            ),
            PrepareError::Io(m) => Error::with(ErrorCode::LogWriteFail, m),
        }
    }
}

impl State {
    #[allow(clippy::too_many_arguments)]
    fn new(
        generation: u32,
        file: Arc<dyn File>,
        next_off: u64,
        next_seq: u64,
        last_crc: u32,
        pos: Lgpos,
        resumed: bool,
    ) -> State {
        State {
            generation,
            file,
            open: None,
            next_off,
            next_seq,
            last_crc,
            appended: pos,
            durable: pos,
            flushing: false,
            failed: None,
            resumed,
            group: Group::default(),
            sealed: Vec::new(),
            spares: Vec::new(),
            spare_image: Vec::new(),
            roll: None,
            closed: None,
        }
    }

    /// Whether the background flusher has work before its interval is up: a
    /// generation closed in memory, a full block sealed, or the open block half
    /// of `buffer_size` full.
    fn flusher_due(&self, buffer_size: usize) -> bool {
        self.roll.is_some()
            || !self.sealed.is_empty()
            || self
                .open
                .as_ref()
                .is_some_and(|b| b.payload.len() >= buffer_size / 2)
    }

    /// Where the next payload byte goes: the open block's start and fill.
    fn tail(&self) -> (u64, usize) {
        match &self.open {
            Some(b) => (b.start, b.payload.len()),
            None => (self.next_off, 0),
        }
    }
}

/// A stand-in file for the moment before the real one is opened.
#[derive(Debug)]
struct NoFile;

impl File for NoFile {
    fn read_at(&self, _: u64, _: &mut [u8]) -> io::Result<()> {
        Err(io::Error::other("no log file"))
    }
    fn write_at(&self, _: u64, _: &[u8]) -> io::Result<()> {
        Err(io::Error::other("no log file"))
    }
    fn len(&self) -> io::Result<u64> {
        Ok(0)
    }
    fn set_len(&self, _: u64) -> io::Result<()> {
        Err(io::Error::other("no log file"))
    }
    fn sync_data(&self) -> io::Result<()> {
        Err(io::Error::other("no log file"))
    }
}

impl Inner {
    fn new(fs: SharedFs, cfg: LogConfig, clock: Arc<dyn Clock>, signature: LogSignature) -> Inner {
        let st = State::new(0, Arc::new(NoFile), 0, 0, 0, Lgpos::MIN, false);
        Inner {
            fs,
            cfg,
            clock,
            signature,
            state: Mutex::new(st),
            flushed: Condvar::new(),
            wake: Condvar::new(),
            low_on_space: std::sync::atomic::AtomicBool::new(false),
            keep: AtomicBool::new(false),
            failed: AtomicBool::new(false),
            flush_ends: std::sync::atomic::AtomicU64::new(0),
            spun: std::sync::atomic::AtomicU64::new(0),
            gathers: std::sync::atomic::AtomicU64::new(0),
            prep: Mutex::new(Prep::default()),
            prep_wake: Condvar::new(),
            rolls_behind: AtomicBool::new(false),
            rolled_behind: std::sync::atomic::AtomicU64::new(0),
        }
    }

    fn pos(&self, generation: u32, off: u64) -> Lgpos {
        // `LogConfig::validate` bounds the file to 65535 sectors and every
        // offset used is within the file, so the sector number fits.
        Lgpos::from_offset(generation, off, self.cfg.sector_size).unwrap_or(Lgpos::MAX)
    }

    fn header(
        &self,
        generation: u32,
        first_seq: u64,
        prev_end: Lgpos,
        prev_crc: u32,
    ) -> LogFileHeader {
        LogFileHeader {
            sector_size: self.cfg.sector_size,
            generation,
            circular: self.cfg.circular,
            file_size: self.cfg.file_size,
            signature: self.signature,
            created_micros: unix_micros(self.clock.as_ref()),
            prev_end,
            prev_last_crc: prev_crc,
            first_seq,
        }
    }

    fn check(&self, st: &State) -> Result<()> {
        match &st.failed {
            Some(m) => Err(Error::with(ErrorCode::LogWriteFail, m.clone())),
            None => Ok(()),
        }
    }

    /// Marks the writer failed for good and returns the error to report.
    fn fail(&self, st: &mut State, msg: String) -> Error {
        let m = st.failed.get_or_insert(msg).clone();
        self.failed.store(true, Ordering::Release);
        self.flushed.notify_all();
        Error::with(ErrorCode::LogWriteFail, m)
    }

    /// Whether `len` more bytes, placed in a block starting at `start` that
    /// holds `used` payload bytes (and in further blocks as needed), end
    /// within the file.
    fn fits_in(&self, start: u64, used: usize, len: usize) -> bool {
        let ss = u64::from(self.cfg.sector_size);
        let max = self.cfg.buffer_size;
        let hdr = BlockHeader::SIZE as u64;
        let (mut start, mut used, mut rem) = (start, used, len);
        loop {
            let room = max.saturating_sub(used);
            if rem <= room {
                return align(start + hdr + (used + rem) as u64, ss) <= self.cfg.file_size;
            }
            rem -= room;
            start = align(start + hdr + max as u64, ss);
            used = 0;
            if start >= self.cfg.file_size {
                return false;
            }
        }
    }

    /// Places one framed record, writing full blocks as it goes. The caller
    /// made sure the record fits the file and that no flush is running when
    /// the record needs a block written.
    fn place(&self, st: &mut State, frame: &[u8]) -> Result<()> {
        let max = self.cfg.buffer_size;
        let mut rest = frame;
        let mut first = true;
        loop {
            if st.open.as_ref().is_some_and(|b| b.payload.len() >= max) {
                // Left for the flusher (the appender checked there is room).
                let full = self.take_block(st);
                st.sealed.extend(full);
            }
            if st.open.is_none() {
                let flags = if std::mem::take(&mut st.resumed) {
                    BLOCK_FLAG_RESUMED
                } else {
                    0
                };
                let mut payload = st.spares.pop().unwrap_or_default();
                payload.reserve(max.min(SPARE_MOST));
                let b = OpenBlock {
                    start: st.next_off,
                    seq: st.next_seq,
                    payload,
                    first_record: NO_RECORD_START,
                    flags,
                };
                st.next_seq += 1;
                st.open = Some(b);
            }
            let Some(b) = st.open.as_mut() else {
                continue;
            };
            if first && b.first_record == NO_RECORD_START {
                b.first_record = b.payload.len() as u32;
            }
            first = false;
            let take = (max - b.payload.len()).min(rest.len());
            b.payload.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            if rest.is_empty() {
                let end = b.start + BlockHeader::SIZE as u64 + b.payload.len() as u64;
                let g = st.generation;
                st.appended = self.pos(g, end);
                return Ok(());
            }
        }
    }

    /// Takes the open block for writing; advances `next_off` past it.
    fn take_block(&self, st: &mut State) -> Option<TakenBlock> {
        let b = st.open.take()?;
        let header = BlockHeader {
            generation: st.generation,
            seq: b.seq,
            payload_len: b.payload.len() as u32,
            first_record: b.first_record,
            flags: b.flags,
        };
        st.next_off =
            b.start + BlockHeader::block_len(b.payload.len(), self.cfg.sector_size) as u64;
        Some(TakenBlock {
            header,
            payload: b.payload,
            start: b.start,
        })
    }

    /// The blocks a flush writes: the sealed ones, then the open one.
    fn take_blocks(&self, st: &mut State) -> Vec<TakenBlock> {
        let mut blocks = std::mem::take(&mut st.sealed);
        blocks.extend(self.take_block(st));
        blocks
    }

    /// Keeps written blocks' buffers for the blocks to come.
    fn give_back(st: &mut State, blocks: Vec<TakenBlock>, image: Vec<u8>) {
        for b in blocks {
            if st.spares.len() < SPARES_MOST {
                let mut payload = b.payload;
                payload.clear();
                st.spares.push(payload);
            }
        }
        st.spare_image = image;
    }

    /// Writes `blocks` to `file` in order, each written and synced before the
    /// next is written (a block is never on disk after one that may be torn),
    /// encoding each into `image`. Returns the last block's crc32c.
    fn write_blocks(
        file: &dyn File,
        blocks: &[TakenBlock],
        sector_size: u32,
        image: &mut Vec<u8>,
    ) -> io::Result<u32> {
        let mut crc = 0;
        for b in blocks {
            crc = b.header.encode_block_into(&b.payload, sector_size, image);
            file.write_direct_at(b.start, image)?;
            file.sync_data()?;
        }
        Ok(crc)
    }

    /// Writes and syncs the sealed blocks and the open one while holding the
    /// lock (no flush may be running). `durable` stays at the last complete
    /// record.
    fn write_open_locked(&self, st: &mut State) -> Result<()> {
        self.finish_roll_locked(st)?;
        let blocks = self.take_blocks(st);
        if blocks.is_empty() {
            return Ok(());
        }
        let mut image = std::mem::take(&mut st.spare_image);
        let r = Self::write_blocks(st.file.as_ref(), &blocks, self.cfg.sector_size, &mut image);
        Self::give_back(st, blocks, image);
        match r {
            Ok(crc) => {
                st.last_crc = crc;
                st.durable = st.durable.max(st.appended);
                Ok(())
            }
            Err(e) => Err(self.fail(st, write_fail("log block write", &e))),
        }
    }

    /// [`LogWriter::flush_to`]; `counted` is false for the background
    /// flusher, which takes no part in group commit.
    fn flush_to(&self, lgpos: Lgpos, counted: bool) -> Result<()> {
        let mut st = self.state.lock();
        if counted {
            st.group.inside += 1;
            if st.flushing {
                st.group.arrived_during += 1;
            }
        }
        let r = self.flush_loop(&mut st, lgpos, counted);
        if counted {
            st.group.inside -= 1;
        }
        r
    }

    fn flush_loop(
        &self,
        st: &mut MutexGuard<'_, State>,
        lgpos: Lgpos,
        counted: bool,
    ) -> Result<()> {
        let mut gathered = false;
        let mut spun = false;
        loop {
            // Records already durable are reported so even when a later write failed
            // the log meanwhile (they are in it for good); the failure is for callers
            // whose records are not.
            let done = st.durable >= lgpos;
            if !done {
                self.check(st)?;
            }
            if done || st.durable >= st.appended {
                if gathered {
                    // Others waited for this caller's flush, which is not needed.
                    self.flushed.notify_all();
                }
                return Ok(());
            }
            if st.flushing || st.group.gathering {
                if counted && !spun {
                    // Either way the state is looked at again under the lock.
                    spun = !self.spin_for_flush(st);
                    continue;
                }
                self.flushed.wait(st);
                spun = false;
                continue;
            }
            if counted && !gathered && self.gather(st) {
                gathered = true;
                continue;
            }
            self.group_flush(st);
            gathered = false;
        }
    }

    /// Before a committer takes the block: when more committers are on their
    /// way than are inside `flush_to` (those the last flush released and those
    /// that came during it), waits until they are in, on the processor with the
    /// lock let go and yielding it between looks, for at most
    /// [`GATHER_IO_SHARE`] percent of the last flush's I/O time and
    /// `LogConfig::group_wait_max` (PostgreSQL's `commit_delay` with
    /// `commit_siblings`); not at all when that flush took longer than
    /// `LogConfig::flush_spin_max` (see [`Inner::processor_wait_base`]) or less
    /// than [`GATHER_LEAST_IO`]. A lone committer expects nobody and never
    /// waits. Committers that come in meanwhile wait for the flush that follows
    /// as for a running one. Returns whether it waited (the caller checks
    /// again).
    fn gather(&self, st: &mut MutexGuard<'_, State>) -> bool {
        let Some(last) = self.processor_wait_base(st) else {
            return false;
        };
        if last < GATHER_LEAST_IO {
            return false;
        }
        let target = st.group.last + st.group.arrived_during;
        let bound = (last * GATHER_IO_SHARE / 100).min(self.cfg.group_wait_max);
        if st.group.inside >= target || bound.is_zero() {
            return false;
        }
        st.group.gathering = true;
        self.gathers.fetch_add(1, Ordering::Relaxed);
        // Real time: the wait is about the processor, whatever the clock.
        let start = std::time::Instant::now();
        while st.group.inside < target && start.elapsed() < bound {
            MutexGuard::unlocked(st, std::thread::yield_now);
        }
        st.group.gathering = false;
        true
    }

    /// The last group flush's I/O time, which sizes the waits on the processor
    /// ([`Inner::gather`], [`Inner::spin_for_flush`]); `None` when there are
    /// none: `LogConfig::flush_spin_max` is zero, or that flush took longer.
    fn processor_wait_base(&self, st: &State) -> Option<Duration> {
        let most = self.cfg.flush_spin_max;
        let last = Duration::from_micros(st.group.io_micros);
        (!most.is_zero() && last <= most).then_some(last)
    }

    /// While a group flush runs: waits for its end off the lock on the
    /// processor, yielding it between looks, for at most
    /// [`SPIN_IO_SHARE`] percent of the last flush's I/O time and
    /// `LogConfig::flush_spin_max`; not at all when that flush took longer than
    /// `flush_spin_max`. Returns whether the flush ended meanwhile.
    fn spin_for_flush(&self, st: &mut MutexGuard<'_, State>) -> bool {
        let Some(last) = self.processor_wait_base(st) else {
            return false;
        };
        let most = self.cfg.flush_spin_max;
        let bound = (last * SPIN_IO_SHARE / 100).clamp(SPIN_LEAST.min(most), most);
        let seen = self.flush_ends.load(Ordering::Acquire);
        let ended = MutexGuard::unlocked(st, || {
            // Real time: the wait is about the processor, whatever the clock.
            let start = std::time::Instant::now();
            loop {
                if self.flush_ends.load(Ordering::Acquire) != seen {
                    return true;
                }
                if start.elapsed() >= bound {
                    return false;
                }
                std::thread::yield_now();
            }
        });
        if ended {
            self.spun.fetch_add(1, Ordering::Relaxed);
        }
        ended
    }

    /// One group flush: takes the open block, writes and syncs it without the
    /// lock, then publishes the new durable position.
    fn group_flush(&self, st: &mut MutexGuard<'_, State>) {
        if st.roll.is_some() {
            // The closed generation's rollover comes before any block of the
            // next one; the caller looks again afterwards.
            self.roll_behind(st);
            return;
        }
        let end = st.appended;
        let blocks = self.take_blocks(st);
        if blocks.is_empty() {
            st.durable = st.durable.max(end);
            return;
        }
        st.group.last = st.group.inside;
        st.group.arrived_during = 0;
        st.flushing = true;
        let file = st.file.clone();
        let clock = self.clock.clone();
        let sector_size = self.cfg.sector_size;
        let mut image = std::mem::take(&mut st.spare_image);
        // The blocks are copied and checksummed off the lock as well:
        // appenders go on filling the next block meanwhile.
        let (r, micros, blocks, image) = MutexGuard::unlocked(st, move || {
            let t0 = clock.now_micros();
            let r = Self::write_blocks(file.as_ref(), &blocks, sector_size, &mut image);
            (r, clock.now_micros().saturating_sub(t0), blocks, image)
        });
        Self::give_back(st, blocks, image);
        st.group.io_micros = micros;
        st.flushing = false;
        self.flush_ends.fetch_add(1, Ordering::Release);
        match r {
            Ok(crc) => {
                st.last_crc = crc;
                st.durable = st.durable.max(end);
            }
            Err(e) => {
                self.fail(st, write_fail("log flush", &e));
            }
        }
        self.flushed.notify_all();
    }

    /// Closes the current generation and starts the next one.
    fn rollover(&self, st: &mut MutexGuard<'_, State>) -> Result<()> {
        while st.flushing {
            self.flushed.wait(st);
        }
        self.check(st)?;
        // A generation closed in memory is rolled over first (by
        // `write_open_locked`), then this one.
        self.write_open_locked(st)?;
        st.durable = st.durable.max(st.appended);
        let next =
            next_generation(st.generation).ok_or_else(|| Error::new(ErrorCode::LogSequenceEnd))?;
        let header = self.header(next, st.next_seq, st.appended, st.last_crc);
        // Held until `<base>tmp.log` is renamed: the preparer must not make a
        // new one under that name meanwhile.
        let mut prep = self.prep.lock();
        let file = match prep.file.take() {
            // Prepared ahead: full size, zero-filled and synced already; only
            // the header (which names the end of this generation) is new.
            Some(f) => match Self::head_prepared(f.as_ref(), &header) {
                Ok(()) => f,
                Err(m) => return Err(self.fail(st, m)),
            },
            None => match self.prepare_file(&header) {
                Ok(f) => f,
                Err(PrepareError::DiskFull) => return Err(PrepareError::DiskFull.into_error()),
                Err(PrepareError::Io(m)) => return Err(self.fail(st, m)),
            },
        };
        if let Err(m) = self.rename_into_place(st.generation) {
            return Err(self.fail(st, m));
        }
        st.file = file;
        st.generation = next;
        st.next_off = LOG_HEADER_AREA;
        let start = self.pos(next, LOG_HEADER_AREA);
        st.appended = start;
        st.durable = start;
        if let Err(e) = self.replenish_reserves() {
            return Err(self.fail(st, format!("log reserve: {e}")));
        }
        prep.no_space = false;
        self.prep_wake.notify_all();
        Ok(())
    }

    /// For an appender whose record does not fit the current file: closes the
    /// generation in memory when a background flusher runs, no other closed
    /// generation waits and the next generation's file is prepared. Its unwritten
    /// blocks, its end and the prepared file go to [`State::roll`], appends go on
    /// in the next generation at once (their blocks kept in memory), and the
    /// flusher is woken to do the rollover's I/O ([`Inner::roll_behind`]). The
    /// writes, syncs and renames are those of [`Inner::rollover`], in the same
    /// order, and no block of the next generation is written and nothing of it is
    /// durable before they are done. Returns whether it closed (false: the caller
    /// rolls over itself).
    fn close_generation(&self, st: &mut State) -> bool {
        if !self.rolls_behind.load(Ordering::Acquire) || st.closed.is_some() || st.failed.is_some()
        {
            return false;
        }
        let Some(next) = next_generation(st.generation) else {
            return false;
        };
        let new_file = {
            let mut prep = self.prep.lock();
            let Some(f) = prep.file.take() else {
                return false;
            };
            // Until the renames, nothing is made under `<base>tmp.log`.
            prep.renaming = true;
            f
        };
        // A flush running now writes the blocks it took into the old file; these
        // come after them, written by the rollover once it ended.
        let blocks = self.take_blocks(st);
        let old_file = std::mem::replace(&mut st.file, new_file.clone());
        st.roll = Some(PendingRoll {
            generation: st.generation,
            old_file,
            blocks,
            prev_end: st.appended,
            first_seq: st.next_seq,
            new_file,
        });
        st.closed = Some(st.generation);
        st.generation = next;
        st.next_off = LOG_HEADER_AREA;
        st.appended = self.pos(next, LOG_HEADER_AREA);
        self.wake.notify_all();
        true
    }

    /// The I/O of a generation closed in memory, off the lock, as a flush (no
    /// other flush runs meanwhile; appends go on).
    fn roll_behind(&self, st: &mut MutexGuard<'_, State>) {
        let Some(roll) = st.roll.take() else {
            return;
        };
        st.flushing = true;
        let crc = st.last_crc;
        let mut image = std::mem::take(&mut st.spare_image);
        let (r, roll, image) = MutexGuard::unlocked(st, move || {
            let r = self.roll_io(&roll, crc, &mut image);
            (r, roll, image)
        });
        st.flushing = false;
        self.flush_ends.fetch_add(1, Ordering::Release);
        self.rolled_behind.fetch_add(1, Ordering::Relaxed);
        self.rolled(st, roll, image, r);
        self.flushed.notify_all();
    }

    /// The I/O of a generation closed in memory, with the lock held (by a caller
    /// about to write or roll over itself, no flush running).
    fn finish_roll_locked(&self, st: &mut State) -> Result<()> {
        let Some(roll) = st.roll.take() else {
            return Ok(());
        };
        let mut image = std::mem::take(&mut st.spare_image);
        let r = self.roll_io(&roll, st.last_crc, &mut image);
        self.rolled(st, roll, image, r);
        self.check(st)
    }

    /// Writes and syncs the closed generation's last blocks into its file, the
    /// next generation's header into the prepared file (synced), then renames
    /// `<base>.log` to its numbered name and `<base>tmp.log` to `<base>.log`,
    /// each with its directory synced. `crc` is the last written block's when
    /// there are no blocks left. Returns the closed generation's last crc, or
    /// what failed.
    fn roll_io(
        &self,
        roll: &PendingRoll,
        crc: u32,
        image: &mut Vec<u8>,
    ) -> std::result::Result<u32, String> {
        let crc = if roll.blocks.is_empty() {
            crc
        } else {
            Self::write_blocks(
                roll.old_file.as_ref(),
                &roll.blocks,
                self.cfg.sector_size,
                image,
            )
            .map_err(|e| write_fail("log block write", &e))?
        };
        let header = self.header(roll.generation + 1, roll.first_seq, roll.prev_end, crc);
        Self::head_prepared(roll.new_file.as_ref(), &header)?;
        let steps = {
            let mut prep = self.prep.lock();
            let steps = self.rename_into_place(roll.generation);
            prep.renaming = false;
            prep.no_space = false;
            steps
        };
        steps?;
        self.prep_wake.notify_all();
        Ok(crc)
    }

    /// Writes the next generation's `header` into a prepared `<base>tmp.log` and
    /// syncs it (its size and zeros are durable already); what failed otherwise.
    fn head_prepared(file: &dyn File, header: &LogFileHeader) -> std::result::Result<(), String> {
        file.write_at(0, &header.encode())
            .and_then(|()| file.sync_data())
            .map_err(|e| write_fail("initialising a log file", &e))
    }

    /// The renames that end a rollover: `<base>.log` (generation `closed`) to its
    /// numbered name, then `<base>tmp.log` to `<base>.log`, each with the directory
    /// synced; what failed otherwise. The caller holds `prep`.
    fn rename_into_place(&self, closed: u32) -> std::result::Result<(), String> {
        let base = &self.cfg.base;
        self.rename_sync(&current_log_name(base), &numbered_log_name(base, closed))
            .and_then(|()| self.rename_sync(&tmp_log_name(base), &current_log_name(base)))
            .map_err(|e| format!("log rollover: {e}"))
    }

    /// After a closed generation's I/O: its buffers kept, and either the next
    /// generation's start durable (with the reserves made again, as after a
    /// rollover) or the writer failed.
    fn rolled(
        &self,
        st: &mut State,
        roll: PendingRoll,
        image: Vec<u8>,
        r: std::result::Result<u32, String>,
    ) {
        let next = roll.generation + 1;
        Self::give_back(st, roll.blocks, image);
        match r {
            Ok(crc) => {
                st.closed = None;
                st.last_crc = crc;
                st.durable = st.durable.max(self.pos(next, LOG_HEADER_AREA));
                if let Err(e) = self.replenish_reserves() {
                    self.fail(st, format!("log reserve: {e}"));
                }
            }
            Err(m) => {
                self.fail(st, m);
            }
        }
    }

    /// [`LogWriter::prepare_next_generation`].
    fn prepare_next(&self) -> Result<bool> {
        if self.failed.load(Ordering::Acquire) {
            self.check(&self.state.lock())?;
        }
        let mut prep = self.prep.lock();
        if prep.file.is_some() || prep.renaming {
            return Ok(true);
        }
        match self.make_blank() {
            Ok(f) => {
                prep.file = Some(f);
                prep.no_space = false;
                Ok(true)
            }
            Err(PrepareError::DiskFull) => {
                prep.no_space = true;
                Ok(false)
            }
            Err(PrepareError::Io(m)) => {
                drop(prep);
                Err(self.fail(&mut self.state.lock(), m))
            }
        }
    }

    /// The preparer thread: makes the next generation's file whenever none is
    /// ready, until `stop` or a failure. After a full disk it waits for the
    /// next rollover (which falls back to a reserve) before trying again.
    fn prepare_loop(&self, stop: &AtomicBool) {
        loop {
            {
                let mut prep = self.prep.lock();
                loop {
                    if stop.load(Ordering::SeqCst) || self.failed.load(Ordering::Acquire) {
                        return;
                    }
                    if prep.file.is_none() && !prep.no_space && !prep.renaming {
                        break;
                    }
                    self.prep_wake.wait(&mut prep);
                }
            }
            if self.prepare_next().is_err() {
                return;
            }
        }
    }

    /// Creates `<base>tmp.log` (replacing a leftover) at full size, zero-filled
    /// and synced with its directory entry, without a header. No space is
    /// [`PrepareError::DiskFull`] (the partial file is removed); a reserve is
    /// not used here.
    fn make_blank(&self) -> std::result::Result<Arc<dyn File>, PrepareError> {
        let tmp = self.cfg.path(&tmp_log_name(&self.cfg.base));
        let f = match self.create_zeroed(&tmp) {
            Ok(f) => f,
            Err(PrepareError::DiskFull) => {
                // Best effort: a leftover is replaced by the next try.
                let _ = self.fs.remove_file(&tmp);
                return Err(PrepareError::DiskFull);
            }
            Err(e) => return Err(e),
        };
        f.sync_all()
            .and_then(|()| self.fs.sync_dir(&self.cfg.dir))
            .map_err(|e| PrepareError::Io(write_fail("preparing a log file", &e)))?;
        Ok(f)
    }

    /// Creates `tmp` (removing a leftover), sets its length and zero-fills it,
    /// without syncing. No space is [`PrepareError::DiskFull`].
    fn create_zeroed(
        &self,
        tmp: &std::path::Path,
    ) -> std::result::Result<Arc<dyn File>, PrepareError> {
        let ioerr = |what: &str, e: &io::Error| PrepareError::Io(write_fail(what, e));
        if self.fs.exists(tmp) {
            self.fs
                .remove_file(tmp)
                .map_err(|e| ioerr("removing a stale log file", &e))?;
        }
        let fresh = (|| -> io::Result<Arc<dyn File>> {
            let f: Arc<dyn File> = Arc::from(self.fs.open(tmp, OpenOptions::create_new())?);
            f.set_len(self.cfg.file_size)?;
            zero_fill(f.as_ref(), 0, self.cfg.file_size)?;
            Ok(f)
        })();
        match fresh {
            Ok(f) => Ok(f),
            Err(e) if is_disk_full(&e) => Err(PrepareError::DiskFull),
            Err(e) => Err(ioerr("creating a log file", &e)),
        }
    }

    /// Makes `<base>tmp.log` a durable, zero-filled file of `header`'s
    /// generation, from new space or from a reserve.
    fn prepare_file(
        &self,
        header: &LogFileHeader,
    ) -> std::result::Result<Arc<dyn File>, PrepareError> {
        let tmp = self.cfg.path(&tmp_log_name(&self.cfg.base));
        let ioerr = |what: &str, e: &io::Error| PrepareError::Io(write_fail(what, e));
        let f = match self.create_zeroed(&tmp) {
            Ok(f) => f,
            Err(PrepareError::DiskFull) => {
                // Best effort: the partial file is replaced by the reserve.
                let _ = self.fs.remove_file(&tmp);
                self.take_reserve(&tmp)?
            }
            Err(e) => return Err(e),
        };
        let r = f
            .write_at(0, &header.encode())
            .and_then(|()| f.sync_all())
            .and_then(|()| self.fs.sync_dir(&self.cfg.dir));
        r.map_err(|e| ioerr("initialising a log file", &e))?;
        Ok(f)
    }

    /// Renames the highest-numbered reserve to `tmp` and opens it.
    fn take_reserve(
        &self,
        tmp: &std::path::Path,
    ) -> std::result::Result<Arc<dyn File>, PrepareError> {
        let base = &self.cfg.base;
        for n in (1..=self.cfg.reserve_files).rev() {
            let p = self.cfg.path(&reserve_name(base, n));
            if !self.fs.exists(&p) {
                continue;
            }
            let r = (|| -> io::Result<Arc<dyn File>> {
                self.fs.rename(&p, tmp)?;
                self.fs.sync_dir(&self.cfg.dir)?;
                Ok(Arc::from(self.fs.open(tmp, OpenOptions::read_write())?))
            })();
            self.low_on_space
                .store(true, std::sync::atomic::Ordering::Release);
            return r.map_err(|e| PrepareError::Io(write_fail("using a log reserve", &e)));
        }
        Err(PrepareError::DiskFull)
    }

    /// Creates the missing reserve files (each made durable under a temporary
    /// name, then renamed). Running out of space is not an error.
    fn replenish_reserves(&self) -> Result<()> {
        let base = &self.cfg.base;
        let tmp = self.cfg.path(&format!("{base}res.tmp"));
        for n in 1..=self.cfg.reserve_files {
            let p = self.cfg.path(&reserve_name(base, n));
            if self.fs.exists(&p) {
                continue;
            }
            let r = (|| -> io::Result<()> {
                if self.fs.exists(&tmp) {
                    self.fs.remove_file(&tmp)?;
                }
                let f = self.fs.open(&tmp, OpenOptions::create_new())?;
                f.set_len(self.cfg.file_size)?;
                zero_fill(f.as_ref(), 0, self.cfg.file_size)?;
                f.sync_all()?;
                self.fs.rename(&tmp, &p)?;
                self.fs.sync_dir(&self.cfg.dir)
            })();
            match r {
                Ok(()) => {}
                Err(e) if is_disk_full(&e) => {
                    let _ = self.fs.remove_file(&tmp);
                    self.low_on_space
                        .store(true, std::sync::atomic::Ordering::Release);
                    return Ok(());
                }
                Err(e) => {
                    return Err(Error::with(
                        ErrorCode::LogWriteFail,
                        write_fail("creating a log reserve", &e),
                    ))
                }
            }
        }
        self.low_on_space
            .store(false, std::sync::atomic::Ordering::Release);
        Ok(())
    }

    fn rename_sync(&self, from: &str, to: &str) -> Result<()> {
        let (f, t) = (self.cfg.path(from), self.cfg.path(to));
        self.fs
            .rename(&f, &t)
            .and_then(|()| self.fs.sync_dir(&self.cfg.dir))
            .map_err(|e| Error::with(ErrorCode::LogWriteFail, write_fail("log rename", &e)).file(f))
    }

    fn remove_if_exists(&self, name: &str) -> Result<()> {
        let p = self.cfg.path(name);
        if self.fs.exists(&p) {
            self.fs
                .remove_file(&p)
                .and_then(|()| self.fs.sync_dir(&self.cfg.dir))
                .map_err(|e| Error::with(ErrorCode::LogWriteFail, write_fail("log cleanup", &e)))?;
        }
        Ok(())
    }
}
