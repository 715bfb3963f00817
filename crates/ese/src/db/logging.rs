//! What a database open for writing tells the log: its page changes and the undo
//! information of its transactions' changes, step by step (see
//! `docs/design/recovery.md`).
//!
//! Owns [`DbLog`], the database's [`PageChangeSink`], and [`LogGate`], the
//! write-ahead gate its cache asks before writing a page. Without a log `DbLog`
//! records nothing and every change is at log position 0.
//!
//! What must hold: the records of one step (everything between taking and letting
//! go of the writer lock) reach the log as one run closed by a `StepEnd`; the pages
//! the step changed carry [`LSN_PENDING`] until then, so the cache writes none of
//! them back before the whole step is in the log, and afterwards the step's end
//! position. The first change of a page after a checkpoint began is logged as the
//! page's whole image.

use crate::btree::{logged_ref, PageChangeSink, PageOp};
use crate::cache::{BufferCache, WalGate, LSN_PENDING};
use crate::format::log::{
    encode_page_image_into, encode_page_op_into, encode_undo_into, Frames, Lgpos, LogRecord,
    PageOpHead,
};
use crate::log::LogWriter;
use crate::{Error, ErrorCode, Result};
use hashbrown::HashSet;
use parking_lot::Mutex;
use std::sync::{Arc, OnceLock};

/// A log position as the cache orders them.
pub(crate) fn lsn_of(lg: Lgpos) -> u64 {
    (u64::from(lg.generation) << 32) | (u64::from(lg.sector) << 16) | u64::from(lg.byte)
}

/// The log position of a cache position.
pub(crate) fn lgpos_of(lsn: u64) -> Lgpos {
    Lgpos {
        generation: (lsn >> 32) as u32,
        sector: (lsn >> 16) as u16,
        byte: lsn as u16,
    }
}

/// The write-ahead rule over the instance's log.
#[derive(Debug)]
pub(crate) struct LogGate {
    pub(crate) log: Arc<LogWriter>,
}

impl WalGate for LogGate {
    fn flush_log_to(&self, lsn: u64) -> Result<()> {
        if lsn == 0 {
            return Ok(());
        }
        if lsn == LSN_PENDING {
            return Err(Error::with(
                ErrorCode::InternalError,
                "a page whose step is not in the log was about to be written",
            ));
        }
        self.log.flush_to(lgpos_of(lsn))
    }
}

#[derive(Debug, Default)]
struct Step {
    /// The step's records, framed as they come.
    frames: Frames,
    pages: Vec<u32>,
}

#[derive(Debug)]
struct Logged {
    log: Arc<LogWriter>,
    dbid: u8,
    /// The database file, as the attach record names it.
    path: String,
    /// The cache whose frames get their step's position (set once the cache exists).
    cache: OnceLock<Arc<BufferCache>>,
    step: Mutex<Step>,
    /// Pages whose image is in the log since the current checkpoint began.
    imaged: Mutex<HashSet<u32>>,
    /// The first failed append (code and message): every later step reports it.
    failed: Mutex<Option<(ErrorCode, String)>>,
}

impl Logged {
    /// Adds `record` to the current step; one that cannot be framed fails the log.
    fn note(&self, record: &LogRecord) {
        let framed = self.step.lock().frames.push(record);
        if let Err(e) = framed {
            self.fail(&e);
        }
    }

    /// Fails the log for good with `e` (the first failure is the one kept).
    fn fail(&self, e: &Error) {
        self.failed
            .lock()
            .get_or_insert_with(|| (e.code(), e.to_string()));
    }
}

/// The log of one database (see the module header).
#[derive(Debug, Default)]
pub(crate) struct DbLog {
    inner: Option<Logged>,
}

impl DbLog {
    /// A database whose changes are not logged.
    pub(crate) fn none() -> DbLog {
        DbLog { inner: None }
    }

    /// The database at `path`, logged to `log` as database `dbid`.
    pub(crate) fn new(log: Arc<LogWriter>, dbid: u8, path: String) -> DbLog {
        DbLog {
            inner: Some(Logged {
                log,
                dbid,
                path,
                cache: OnceLock::new(),
                step: Mutex::new(Step::default()),
                imaged: Mutex::new(HashSet::new()),
                failed: Mutex::new(None),
            }),
        }
    }

    /// Logs the database's attach record (its header has `signature`) as a step of
    /// its own and makes it durable at once: the caller marks the header dirty
    /// next, and a dirty header whose attach the log lost could never be
    /// recovered (`JET_errDatabaseDirtyShutdown`). A failure fails the log like a
    /// failed step.
    pub(crate) fn note_attach(&self, signature: [u8; crate::format::log::DB_SIGNATURE_SIZE]) {
        if let Some(l) = &self.inner {
            let records = [
                LogRecord::Attach {
                    dbid: l.dbid,
                    path: l.path.clone(),
                    db_signature: signature,
                },
                LogRecord::StepEnd,
            ];
            if let Err(e) = l.log.append(&records).and_then(|_| l.log.flush_all()) {
                l.fail(&e);
            }
        }
    }

    /// Fails the instance with `e`, a failed write or sync of the database file:
    /// the database and the instance's log are unavailable until recovery (see
    /// `LogWriter::fail_for`).
    pub(crate) fn fail_instance(&self, e: &Error) {
        if let Some(l) = &self.inner {
            l.fail(e);
            l.log.fail_for(e);
        }
    }

    /// The write-ahead gate for the database's cache.
    pub(crate) fn gate(&self) -> Arc<dyn WalGate> {
        match &self.inner {
            Some(l) => Arc::new(LogGate { log: l.log.clone() }),
            None => Arc::new(crate::cache::NoWal),
        }
    }

    /// Names the cache whose frames the steps settle.
    pub(crate) fn set_cache(&self, cache: &Arc<BufferCache>) {
        if let Some(l) = &self.inner {
            let _ = l.cache.set(cache.clone());
        }
    }

    /// The instance's log, when the database is logged.
    pub(crate) fn writer(&self) -> Option<&Arc<LogWriter>> {
        self.inner.as_ref().map(|l| &l.log)
    }

    /// `JET_errInstanceUnavailable` once the log failed (a step could not be
    /// appended, or a write or flush of the log failed): final until the instance
    /// is started again, which recovers.
    pub(crate) fn check(&self) -> Result<()> {
        let Some(l) = &self.inner else { return Ok(()) };
        if let Some((code, what)) = l.failed.lock().clone() {
            return Err(Error::with(
                ErrorCode::InstanceUnavailable,
                format!("the log failed ({code:?}: {what}); start the instance again to recover"),
            ));
        }
        if l.log.is_failed() {
            return Err(Error::with(
                ErrorCode::InstanceUnavailable,
                "a log write failed; start the instance again to recover",
            ));
        }
        Ok(())
    }

    /// `JET_errLogDiskFull` while the log runs on its reserves: a new change is
    /// refused (not fatal) until the disk has room again; changes under way finish.
    pub(crate) fn check_space(&self) -> Result<()> {
        match &self.inner {
            // Space may have come back: the reserves are made again first.
            Some(l) if l.log.low_on_space() && !l.log.try_replenish()? => Err(Error::with(
                ErrorCode::LogDiskFull,
                "the log disk is full (the log runs on its reserve files); free space and retry",
            )),
            _ => Ok(()),
        }
    }

    /// Starts a new image epoch: the next change of every page logs its image.
    pub(crate) fn new_epoch(&self) {
        if let Some(l) = &self.inner {
            l.imaged.lock().clear();
        }
    }

    /// Adds `record` to the current step.
    pub(crate) fn note(&self, record: LogRecord) {
        if let Some(l) = &self.inner {
            l.note(&record);
        }
    }

    /// Adds the undo information of change `id` of `txn` to the current step,
    /// written by `info` (an encoder of `format::undo`) straight into it.
    /// Information that cannot be encoded fails the log (recovery could not undo
    /// the change).
    pub(crate) fn note_undo(
        &self,
        txn: u64,
        id: u64,
        info: impl FnOnce(&mut Vec<u8>) -> Result<()>,
    ) {
        if let Some(l) = &self.inner {
            let framed = l
                .step
                .lock()
                .frames
                .push_with(|out| encode_undo_into(out, l.dbid, txn, id, info));
            if let Err(e) = framed {
                l.fail(&e);
            }
        }
    }

    /// Notes that change `id` of `txn` was undone, in the current step.
    pub(crate) fn note_undone(&self, txn: u64, id: u64) {
        if let Some(l) = &self.inner {
            l.note(&LogRecord::Undone {
                dbid: l.dbid,
                txn,
                id,
            });
        }
    }

    /// Ends the current step: its records go to the log as one run, and the pages
    /// it changed get the run's end position.
    pub(crate) fn end_step(&self) {
        let Some(l) = &self.inner else { return };
        let (mut frames, mut pages) = {
            let mut step = l.step.lock();
            if step.frames.is_empty() {
                return;
            }
            (
                std::mem::take(&mut step.frames),
                std::mem::take(&mut step.pages),
            )
        };
        if let Err(e) = frames.push(&LogRecord::StepEnd) {
            l.fail(&e);
            return;
        }
        match l.log.append_frames(&frames) {
            Ok(end) => {
                let lsn = lsn_of(end);
                if let Some(cache) = l.cache.get() {
                    pages.sort_unstable();
                    pages.dedup();
                    for &pgno in &pages {
                        // Pages of a running step are never evicted: resident.
                        if let Ok(mut w) = cache.write(pgno) {
                            w.settle_lsn(lsn);
                        }
                    }
                }
            }
            Err(e) => l.fail(&e),
        }
        // The buffers go back for the next step.
        frames.clear();
        pages.clear();
        let mut step = l.step.lock();
        if step.frames.is_empty() && step.pages.is_empty() {
            step.frames = frames;
            step.pages = pages;
        }
    }
}

impl DbLog {
    /// The most page records one step gathers before a safe point closes it: a
    /// quarter of the cache, so a long operation never holds most frames pending.
    fn step_limit(l: &Logged) -> usize {
        l.cache.get().map_or(64, |c| (c.frame_count() / 4).max(8))
    }
}

impl PageChangeSink for DbLog {
    fn broken(&self, cause: &Error) {
        if let Some(l) = &self.inner {
            // Failed first: nothing of the step may reach the log after this.
            self.fail_instance(cause);
            *l.step.lock() = Step::default();
        }
    }

    fn safe_point(&self) {
        let Some(l) = &self.inner else { return };
        if l.step.lock().pages.len() >= Self::step_limit(l) {
            self.end_step();
        }
    }

    fn changed(
        &self,
        pgno: u32,
        dbtime_before: u64,
        dbtime_after: u64,
        op: &PageOp<'_>,
        page: &[u8],
    ) -> Result<u64> {
        let Some(l) = &self.inner else { return Ok(0) };
        let first = l.imaged.lock().insert(pgno);
        let mut step = l.step.lock();
        if first {
            step.frames
                .push_with(|out| encode_page_image_into(out, l.dbid, pgno, dbtime_after, page))?;
        } else {
            let head = PageOpHead {
                dbid: l.dbid,
                pgno,
                objid: 0,
                dbtime_before,
                dbtime_after,
                txn: 0,
                op: PAGE_OP,
            };
            let logged = logged_ref(op)?;
            step.frames
                .push_with(|out| encode_page_op_into(out, &head, |out| logged.encode_into(out)))?;
        }
        step.pages.push(pgno);
        Ok(LSN_PENDING)
    }

    fn grew(&self, last_pgno: u32) -> Result<()> {
        let Some(l) = &self.inner else { return Ok(()) };
        l.step.lock().frames.push(&LogRecord::ExtendDb {
            dbid: l.dbid,
            last_pgno,
        })
    }
}

/// The `op` of the engine's page records: the payload is a `format::pageop::LoggedOp`.
pub(crate) const PAGE_OP: u8 = 1;
