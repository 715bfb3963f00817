//! Online streaming backup (ESE's external backup): `JetBeginExternalBackup`,
//! `JetGetAttachInfo`, `JetOpenFile`, `JetReadFile`, `JetCloseFile`, `JetGetLogInfo`,
//! `JetGetTruncateLogInfo`, `JetTruncateLog`, `JetEndExternalBackup` and
//! `JetStopBackup`, as methods of [`Instance`]. The behaviour is that of ESE's
//! engine as `docs/design/backup.md` describes it, state by state.
//!
//! What must hold:
//! * one backup per instance; every call checks, in this order, that one runs
//!   (`JET_errNoBackup`) and that it was not stopped (`JET_errBackupAbortByServer`),
//!   except closing a file and ending the backup, which a stop leaves allowed;
//! * writers never wait for the backup except while it reads one chunk of pages
//!   (at most [`MAX_CHUNK_BYTES`]): page writes of that database wait meanwhile, so
//!   no page is copied half written;
//! * a database is streamed as its header twice (`bkinfoFullCur` set to the
//!   backup's mark and first log), its pages 1 to the last as they were when it was
//!   opened, and a trailer page ([`PatchPage`]); replaying the logs from the
//!   checkpoint at begin to the roll the log list makes brings the copy to a
//!   consistent state;
//! * an error in the database phase drops that database from the backup; an
//!   error in the log phase ends the backup (as ESE does);
//! * logs are never deleted while a backup runs except by its own truncation,
//!   which never reaches the checkpoint on disk or a log not read to its end.
//! * while an OS snapshot holds the instance (`crate::snapshot`) every call here
//!   gets `JET_errBackupInProgress`.

use crate::db::{header_lgpos, now_logtime, signature_of};
use crate::format::checksum::{correct_page, verify_page, PageCheck};
use crate::format::header::{BackupInfo, DbHeader, Lgpos as HeaderLgpos, LogTime};
use crate::format::log::{CheckpointDb, Lgpos};
use crate::format::patch::PatchPage;
use crate::instance::same_file;
use crate::log::{list_generations, numbered_log_name, parse_numbered_log_name, Checkpoint};
use crate::{Database, Error, ErrorCode, Instance, Result};
use ese_os::{File, OpenOptions as FsOpen};
use parking_lot::{Mutex, MutexGuard};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

/// The grbits of the backup calls (the values of esent.h).
pub mod grbit {
    /// `JET_bitBackupIncremental`: only the logs since the last full or
    /// incremental backup.
    pub const INCREMENTAL: u32 = 0x1;
    /// `JET_bitBackupSurrogate` (not supported: `JET_errInvalidGrbit`).
    pub const SURROGATE: u32 = 0x20;
    /// `JET_bitInternalCopy`: a full backup made for a copy elsewhere.
    pub const INTERNAL_COPY: u32 = 0x40;
    /// `JET_bitBackupEndNormal`.
    pub const END_NORMAL: u32 = 0x1;
    /// `JET_bitBackupEndAbort`.
    pub const END_ABORT: u32 = 0x2;
    /// `JET_bitBackupTruncateDone`: the client truncated the logs itself.
    pub const TRUNCATE_DONE: u32 = 0x100;
    /// `JET_bitBackupNoDbHeaderUpdate`: the headers are not stamped.
    pub const NO_DB_HEADER_UPDATE: u32 = 0x200;
}

/// The alignment a read buffer needs (the OS page).
pub const BUFFER_ALIGNMENT: usize = 4096;
/// The most bytes of pages read from the file at once (ESE's
/// `JET_paramMaxCoalesceReadSize` default); page writes wait for one chunk at most.
pub const MAX_CHUNK_BYTES: usize = 512 * 1024;
/// How often a chunk whose pages fail verification is read again.
const READ_RETRIES: u32 = 3;
/// The pause before retry `n` is `n` times this.
const RETRY_PAUSE: std::time::Duration = std::time::Duration::from_millis(20);

/// A zeroed buffer aligned to [`BUFFER_ALIGNMENT`], as [`Instance::backup_read_file`]
/// needs (ESE requires OS-page-aligned read buffers).
pub struct AlignedBuffer {
    raw: Vec<u8>,
    start: usize,
    len: usize,
}

impl AlignedBuffer {
    /// A buffer of `len` zero bytes.
    pub fn new(len: usize) -> AlignedBuffer {
        let raw = vec![0u8; len + BUFFER_ALIGNMENT];
        let start = raw.as_ptr().align_offset(BUFFER_ALIGNMENT);
        AlignedBuffer { raw, start, len }
    }
}

impl std::fmt::Debug for AlignedBuffer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AlignedBuffer")
            .field("len", &self.len)
            .finish()
    }
}

impl std::ops::Deref for AlignedBuffer {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.raw[self.start..self.start + self.len]
    }
}

impl std::ops::DerefMut for AlignedBuffer {
    fn deref_mut(&mut self) -> &mut [u8] {
        &mut self.raw[self.start..self.start + self.len]
    }
}

/// A file opened for backup by [`Instance::backup_open_file`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackupFile {
    /// The handle for reading and closing (always 0: one file at a time).
    pub handle: u32,
    /// The length of the stream in bytes.
    pub size: u64,
}

/// The logs a backup must copy (`JetGetLogInfoInstance2`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogList {
    /// Full paths of the logs, lowest generation first.
    pub names: Vec<PathBuf>,
    /// The first generation listed (`JET_LOGINFO.ulGenLow`).
    pub gen_low: u32,
    /// The last generation listed (`JET_LOGINFO.ulGenHigh`).
    pub gen_high: u32,
    /// The logs' base name (`JET_LOGINFO.szBaseName`).
    pub base_name: String,
}

/// How the last backup of an instance ended. ESE's end call succeeds whatever
/// happened; this tells what really did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupOutcome {
    /// Ended normally: the headers of the databases copied were stamped.
    Completed,
    /// Ended by the client before its log phase, or with `JET_bitBackupEndAbort`.
    AbortedByCaller,
    /// Stopped by `JetStopBackupInstance` or by the instance's end.
    AbortedByServer,
    /// Ended by an error of its log phase.
    Failed(ErrorCode),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    /// A full backup copying its databases.
    Databases,
    /// After the log list was asked for (always, for an incremental backup).
    LogsAndPatches,
}

/// One database of the instance as the backup sees it.
struct DbEntry {
    dbid: u8,
    path: PathBuf,
    db: Database,
    /// Opened for copying in this backup (always, for an incremental backup).
    in_session: bool,
    /// Read to its end and closed.
    copy_done: bool,
    trailer: Option<PatchPage>,
}

struct DbStream {
    idx: usize,
    page_size: usize,
    pgno_most: u32,
    copy_most: u32,
    trailer_done: bool,
    header: Vec<u8>,
    offset: u64,
    size: u64,
}

struct LogStream {
    generation: u32,
    file: Arc<dyn File>,
    offset: u64,
    size: u64,
    verified: bool,
}

enum OpenFile {
    Db(DbStream),
    Log(LogStream),
}

struct Running {
    full: bool,
    status: Status,
    mark: HeaderLgpos,
    mark_time: LogTime,
    mark_inc: HeaderLgpos,
    mark_inc_time: LogTime,
    checkpoint: Lgpos,
    checkpoint_dbs: Vec<CheckpointDb>,
    copy_mic: u32,
    copy_mac: u32,
    delete_mic: u32,
    delete_mac: u32,
    prepared: bool,
    gen_sum_copied: u64,
    logs_truncated: bool,
    page_size: usize,
    dbs: Vec<DbEntry>,
    file: Option<OpenFile>,
}

/// An instance's backup state (ESE's `BACKUP_CONTEXT`).
pub(crate) struct BackupContext {
    running: Mutex<Option<Running>>,
    /// `JetStopBackupInstance` was called (cleared when a backup begins or ends).
    stop: AtomicBool,
    /// Cleared when the instance's end begins: no backup may start after.
    allowed: AtomicBool,
    /// Set while a backup runs (read without the lock).
    active: AtomicBool,
    last: Mutex<Option<BackupOutcome>>,
    /// The OS snapshot session the instance belongs to, from its prepare to its
    /// end (0: none; ids start at 1). See `crate::snapshot`.
    snapshot_member: AtomicU64,
    /// Set while an OS snapshot holds the instance's backup (from its freeze to
    /// its end or time-out): streaming calls, attach and detach get
    /// `JET_errBackupInProgress`.
    snapshot_holds: AtomicBool,
}

impl BackupContext {
    /// No backup running, backups allowed.
    pub(crate) fn new() -> BackupContext {
        BackupContext {
            running: Mutex::new(None),
            stop: AtomicBool::new(false),
            allowed: AtomicBool::new(true),
            active: AtomicBool::new(false),
            last: Mutex::new(None),
            snapshot_member: AtomicU64::new(0),
            snapshot_holds: AtomicBool::new(false),
        }
    }

    /// `JET_errBackupInProgress` while a backup runs (attach and detach).
    pub(crate) fn refuse_while_running(&self) -> Result<()> {
        self.refuse_while_snapshot()?;
        if self.active.load(Ordering::SeqCst) {
            return Err(Error::with(
                ErrorCode::BackupInProgress,
                "databases cannot be attached or detached while a backup runs",
            ));
        }
        Ok(())
    }
}

// The OS snapshot's side of the context (`crate::snapshot`).
impl BackupContext {
    /// `JET_errBackupInProgress` while an OS snapshot holds the instance: ESE
    /// sets the same flags as a streaming backup, so every streaming call would
    /// meet a backup it does not own.
    pub(crate) fn refuse_while_snapshot(&self) -> Result<()> {
        if self.snapshot_holds.load(Ordering::SeqCst) {
            return Err(Error::with(
                ErrorCode::BackupInProgress,
                "an OS snapshot holds the instance's backup until it ends",
            ));
        }
        Ok(())
    }

    /// Joins OS snapshot session `id`; false when the instance belongs to one.
    pub(crate) fn snapshot_join(&self, id: u64) -> bool {
        self.snapshot_member
            .compare_exchange(0, id, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
    }

    /// Leaves OS snapshot session `id` (nothing if it is not the one joined).
    pub(crate) fn snapshot_leave(&self, id: u64) {
        let _ = self
            .snapshot_member
            .compare_exchange(id, 0, Ordering::SeqCst, Ordering::SeqCst);
    }

    /// Whether a streaming backup may not run now: one runs, or the instance
    /// is ending (ESE's checks before a snapshot takes the instance).
    pub(crate) fn streaming_busy(&self) -> bool {
        !self.allowed.load(Ordering::SeqCst) || self.running.lock().is_some()
    }

    /// Takes the instance's backup for an OS snapshot's freeze:
    /// `JET_errOSSnapshotNotAllowed` when a streaming backup runs or the
    /// instance is ending. Clears a stop request, as ESE does.
    pub(crate) fn snapshot_hold(&self) -> Result<()> {
        let running = self.running.lock();
        if running.is_some() || !self.allowed.load(Ordering::SeqCst) {
            return Err(Error::with(
                ErrorCode::OSSnapshotNotAllowed,
                "a streaming backup runs or the instance is ending: no snapshot",
            ));
        }
        self.stop.store(false, Ordering::SeqCst);
        self.snapshot_holds.store(true, Ordering::SeqCst);
        Ok(())
    }

    /// Gives the instance's backup back (the snapshot ended or timed out).
    pub(crate) fn snapshot_release(&self) {
        self.snapshot_holds.store(false, Ordering::SeqCst);
    }
}

fn err(code: ErrorCode, what: impl Into<String>) -> Error {
    Error::with(code, what)
}

/// A log position as an ordered tuple (ESE's field order is not the order).
fn lgpos_key(l: &HeaderLgpos) -> (i32, u16, u16) {
    (l.lgen, l.isec, l.ib)
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

impl Instance {
    fn backup_lock(&self) -> MutexGuard<'_, Option<Running>> {
        self.backup_ctx().running.lock()
    }

    /// The running backup, after the checks every streaming call makes:
    /// `JET_errNoBackup`, then `JET_errBackupAbortByServer` (unless `ending`).
    fn backup_running<'a>(
        &self,
        guard: &'a mut MutexGuard<'_, Option<Running>>,
        ending: bool,
    ) -> Result<&'a mut Running> {
        self.backup_ctx().refuse_while_snapshot()?;
        let Some(r) = guard.as_mut() else {
            return Err(err(ErrorCode::NoBackup, "no backup is running"));
        };
        if !ending && self.backup_ctx().stop.load(Ordering::SeqCst) {
            return Err(err(
                ErrorCode::BackupAbortByServer,
                "the backup was stopped (JetStopBackupInstance)",
            ));
        }
        Ok(r)
    }

    /// `JetBeginExternalBackupInstance`: starts a full backup, or with
    /// [`grbit::INCREMENTAL`] an incremental one. Errors, in ESE's order:
    /// `JET_errBackupNotAllowedYet` (the instance is ending),
    /// `JET_errLoggingDisabled` (recovery off), `JET_errLogWriteFail` (the log
    /// failed), `JET_errInvalidGrbit`, `JET_errInvalidBackup` (incremental with
    /// circular logging), `JET_errBackupInProgress`, `JET_errMissingFullBackup`
    /// (incremental without a full backup that truncated the logs), or an error
    /// reading the checkpoint. A failure leaves no backup behind.
    pub fn begin_backup(&self, bits: u32) -> Result<()> {
        let ctx = self.backup_ctx();
        if !ctx.allowed.load(Ordering::SeqCst) {
            return Err(err(
                ErrorCode::BackupNotAllowedYet,
                "the instance is ending: no backup may begin",
            ));
        }
        // Before the log's checks: a frozen snapshot holds the log still.
        ctx.refuse_while_snapshot()?;
        let Some((log, setup)) = self.log_parts() else {
            return Err(err(
                ErrorCode::LoggingDisabled,
                "the instance runs without a log (recovery off): it cannot be backed up",
            ));
        };
        if log.is_failed() {
            return Err(err(
                ErrorCode::LogWriteFail,
                "the log failed: no backup can begin",
            ));
        }
        if bits & !(grbit::INCREMENTAL | grbit::INTERNAL_COPY) != 0
            || (bits & grbit::INTERNAL_COPY != 0 && bits & grbit::INCREMENTAL != 0)
        {
            return Err(err(
                ErrorCode::InvalidGrbit,
                format!("JetBeginExternalBackup grbit {bits:#x}"),
            ));
        }
        let full = bits & grbit::INCREMENTAL == 0;
        if !full && setup.config.circular {
            return Err(err(
                ErrorCode::InvalidBackup,
                "an incremental backup needs every log since the last one: circular logging deletes them",
            ));
        }
        let mut guard = self.backup_lock();
        if guard.is_some() {
            return Err(err(ErrorCode::BackupInProgress, "a backup is running"));
        }
        let attached = self.logged_databases();
        if !full {
            for (_, path, db) in &attached {
                let h = db.backup_header().unwrap_or_else(|| db.header().clone());
                if h.backup_full_prev.gen_low == 0 || h.backup_type_full_prev != 0 {
                    return Err(err(
                        ErrorCode::MissingFullBackup,
                        format!(
                            "{} has no full backup that truncated the logs: an incremental backup needs one",
                            path.display()
                        ),
                    ));
                }
            }
        }
        let checkpoint =
            Checkpoint::read(self.fs().as_ref(), &setup.system_dir, &setup.config.base)?;
        let page_size = attached
            .iter()
            .map(|(_, _, db)| db.page_size())
            .max()
            .unwrap_or(4096);
        let mark = header_lgpos(log.appended_lgpos());
        let mark_time = now_logtime()?;
        let dbs = attached
            .into_iter()
            .map(|(dbid, path, db)| DbEntry {
                dbid,
                path,
                db,
                in_session: !full,
                copy_done: false,
                trailer: None,
            })
            .collect();
        ctx.stop.store(false, Ordering::SeqCst);
        log.keep_generations(true);
        ctx.active.store(true, Ordering::SeqCst);
        *guard = Some(Running {
            full,
            status: if full {
                Status::Databases
            } else {
                Status::LogsAndPatches
            },
            mark,
            mark_time,
            mark_inc: HeaderLgpos::default(),
            mark_inc_time: LogTime::default(),
            checkpoint: checkpoint.lgpos,
            checkpoint_dbs: checkpoint.databases,
            copy_mic: if full { checkpoint.lgpos.generation } else { 0 },
            copy_mac: 0,
            delete_mic: 0,
            delete_mac: 0,
            prepared: false,
            gen_sum_copied: 0,
            logs_truncated: false,
            page_size,
            dbs,
            file: None,
        });
        Ok(())
    }

    /// `JetGetAttachInfoInstance`: the full paths of the databases a full backup
    /// copies, in database-id order. `JET_errNoBackup`,
    /// `JET_errBackupAbortByServer`, `JET_errInvalidBackupSequence` in an
    /// incremental backup.
    pub fn backup_attach_info(&self) -> Result<Vec<String>> {
        let mut guard = self.backup_lock();
        let r = self.backup_running(&mut guard, false)?;
        if !r.full {
            return Err(err(
                ErrorCode::InvalidBackupSequence,
                "an incremental backup copies no database",
            ));
        }
        let mut dbs: Vec<&DbEntry> = r.dbs.iter().collect();
        dbs.sort_by_key(|d| d.dbid);
        Ok(dbs
            .iter()
            .map(|d| absolute(&d.path).to_string_lossy().into_owned())
            .collect())
    }

    /// `JetOpenFileInstance` (`offset` 0) and `JetOpenFileSectionInstance`: opens
    /// an attached database (full backup, before the log list) or a listed log
    /// (after it) for reading. Returns the handle and the stream's length.
    ///
    /// Errors that change nothing: `JET_errNoBackup`, `JET_errBackupAbortByServer`,
    /// `JET_errInvalidParameter` (empty name, `offset` not whole pages or inside the
    /// header pages), `JET_errOutOfMemory` (a file is open already),
    /// `JET_errDatabaseNotFound` (not an attached database, before the log list).
    /// Errors that end the backup: `JET_errInvalidBackupSequence` (a database in an
    /// incremental backup or after the log list), `JET_errInvalidParameter` (not a
    /// numbered log of this instance), `JET_errMissingFileToBackup`.
    pub fn backup_open_file(&self, name: &str, offset: u64) -> Result<BackupFile> {
        let mut guard = self.backup_lock();
        let r = self.backup_running(&mut guard, false)?;
        if name.is_empty() {
            return Err(err(ErrorCode::InvalidParameter, "no file name"));
        }
        let ps = r.page_size as u64;
        if !offset.is_multiple_of(ps) || (offset > 0 && offset / ps < 3) {
            return Err(err(
                ErrorCode::InvalidParameter,
                format!("offset {offset} is not a whole page past the header pages"),
            ));
        }
        if r.file.is_some() {
            return Err(err(
                ErrorCode::OutOfMemory,
                "a backup file is open already: one at a time",
            ));
        }
        let path = Path::new(name);
        if let Some(idx) = r.dbs.iter().position(|d| same_file(&d.path, path)) {
            if !r.full || r.status != Status::Databases {
                let e = err(
                    ErrorCode::InvalidBackupSequence,
                    "databases are copied in a full backup, before the log list",
                );
                return Err(self.end_on_error(&mut guard, e));
            }
            return Ok(open_database(r, idx, offset));
        }
        if r.status == Status::Databases {
            return Err(err(
                ErrorCode::DatabaseNotFound,
                format!("{name} is not an attached database (logs come after the log list)"),
            ));
        }
        match self.open_log(r, path) {
            Ok(f) => Ok(f),
            Err(e) => Err(self.end_on_error(&mut guard, e)),
        }
    }

    fn open_log(&self, r: &mut Running, path: &Path) -> Result<BackupFile> {
        let Some((_, setup)) = self.log_parts() else {
            return Err(err(ErrorCode::LoggingDisabled, "no log"));
        };
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(generation) = parse_numbered_log_name(&setup.config.base, &file_name) else {
            return Err(err(
                ErrorCode::InvalidParameter,
                format!("{} is not a numbered log of this instance", path.display()),
            ));
        };
        let fs = self.fs();
        let file: Arc<dyn File> = match fs.open(path, FsOpen::read_only()) {
            Ok(f) => Arc::from(f),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(err(
                    ErrorCode::MissingFileToBackup,
                    format!("log {} is missing", path.display()),
                ))
            }
            Err(e) => return Err(Error::io(e).file(path)),
        };
        let size = file.len().map_err(|e| Error::io(e).file(path))?;
        r.file = Some(OpenFile::Log(LogStream {
            generation,
            file,
            offset: 0,
            size,
            verified: false,
        }));
        Ok(BackupFile { handle: 0, size })
    }

    /// `JetReadFileInstance`: the next bytes of the open file into `buf`, which
    /// must be aligned to [`BUFFER_ALIGNMENT`] and whole pages long (at least 3
    /// pages on the first read of a database, 2 of a log). Returns how many bytes
    /// were read: 0 at the end.
    ///
    /// Errors that change nothing: `JET_errNoBackup`, `JET_errBackupAbortByServer`
    /// (also when a stop arrives during the read), `JET_errInvalidParameter`. A page
    /// that fails verification after retries (`JET_errReadVerifyFailure`) drops the
    /// database from the backup and closes its handle; a log that fails
    /// (`JET_errLogReadVerifyFailure`) ends the backup.
    pub fn backup_read_file(&self, handle: u32, buf: &mut [u8]) -> Result<usize> {
        let mut guard = self.backup_lock();
        let r = self.backup_running(&mut guard, false)?;
        if !(buf.as_ptr() as usize).is_multiple_of(BUFFER_ALIGNMENT) {
            return Err(err(
                ErrorCode::InvalidParameter,
                format!("the read buffer is not aligned to {BUFFER_ALIGNMENT} bytes"),
            ));
        }
        if handle != 0 || r.file.is_none() {
            return Err(err(
                ErrorCode::InvalidParameter,
                format!("no backup file is open as handle {handle}"),
            ));
        }
        let ps = r.page_size;
        if !buf.len().is_multiple_of(ps) {
            return Err(err(
                ErrorCode::InvalidParameter,
                format!("reads are whole pages of {ps} bytes"),
            ));
        }
        let is_db = matches!(r.file, Some(OpenFile::Db(_)));
        let result = if is_db {
            self.read_database(r, buf)
        } else {
            self.read_log(r, buf)
        };
        match result {
            Ok(n) => Ok(n),
            Err(e) if e.code() == ErrorCode::BackupAbortByServer => Err(e),
            Err(e) if e.code() == ErrorCode::InvalidParameter => Err(e),
            Err(e) if is_db && r.status == Status::Databases => {
                // The database drops out; the backup goes on.
                if let Some(OpenFile::Db(s)) = r.file.take() {
                    r.dbs[s.idx].in_session = false;
                    r.dbs[s.idx].copy_done = false;
                }
                Err(e)
            }
            Err(e) => Err(self.end_on_error(&mut guard, e)),
        }
    }

    fn read_database(&self, r: &mut Running, buf: &mut [u8]) -> Result<usize> {
        let Some(OpenFile::Db(s)) = r.file.as_mut() else {
            return Err(err(ErrorCode::InvalidParameter, "no database open"));
        };
        let ps = s.page_size;
        let cpage = buf.len() / ps;
        let fresh = s.copy_most == 0;
        if cpage == 0 || (cpage <= 2 && fresh) {
            return Err(err(
                ErrorCode::InvalidParameter,
                "the first read of a database takes at least 3 pages",
            ));
        }
        let headers = if fresh { 2 } else { 0 };
        let n = cpage.min((s.pgno_most - s.copy_most) as usize + headers);
        let room_for_trailer = n < cpage;
        if n == 0 && (!room_for_trailer || s.trailer_done) {
            return Ok(0);
        }
        let mut at = 0;
        if fresh && n >= 2 {
            buf[..ps].copy_from_slice(&s.header);
            buf[ps..2 * ps].copy_from_slice(&s.header);
            at = 2 * ps;
        }
        let db = r.dbs[s.idx].db.clone();
        let mut next = s.copy_most + 1;
        let last = s.copy_most + (n - headers.min(n)) as u32;
        let per_chunk = (MAX_CHUNK_BYTES / ps).max(1) as u32;
        while next <= last {
            if self.backup_ctx().stop.load(Ordering::SeqCst) {
                return Err(err(
                    ErrorCode::BackupAbortByServer,
                    "the backup was stopped during the read",
                ));
            }
            let end = last.min(next + per_chunk - 1);
            let len = (end - next + 1) as usize * ps;
            read_verified(&db, next, &mut buf[at..at + len], ps)?;
            at += len;
            next = end + 1;
            s.copy_most = end;
        }
        s.copy_most = last.max(s.copy_most);
        if room_for_trailer && !s.trailer_done {
            let trailer = self.trailer(r, buf.len() >= at + ps)?;
            let Some(OpenFile::Db(s)) = r.file.as_mut() else {
                return Err(err(
                    ErrorCode::InternalError,
                    "the database stream vanished",
                ));
            };
            let page = trailer.encode(ps);
            buf[at..at + ps].copy_from_slice(&page);
            at += ps;
            s.trailer_done = true;
            r.dbs[s.idx].trailer = Some(trailer);
        }
        if let Some(OpenFile::Db(s)) = r.file.as_mut() {
            s.offset += at as u64;
        }
        Ok(at)
    }

    /// The trailer of the open database's stream.
    fn trailer(&self, r: &Running, fits: bool) -> Result<PatchPage> {
        let Some(OpenFile::Db(s)) = r.file.as_ref() else {
            return Err(err(ErrorCode::InternalError, "no database open"));
        };
        if !fits {
            return Err(err(ErrorCode::InternalError, "no room for the trailer"));
        }
        let entry = &r.dbs[s.idx];
        let h: DbHeader = entry
            .db
            .backup_header()
            .unwrap_or_else(|| entry.db.header().clone());
        let generation = self.log_parts().map_or(0, |(l, _)| l.generation());
        let sig = signature_of(&h);
        let dbid = r
            .checkpoint_dbs
            .iter()
            .find(|c| c.dbid == entry.dbid && c.db_signature == sig)
            .map_or(0, |c| c.dbid);
        Ok(PatchPage {
            backup: BackupInfo {
                lgpos_mark: r.mark,
                time_mark: r.mark_time,
                gen_low: r.copy_mic,
                gen_high: generation.max(h.lgen_max_committed.max(0) as u32),
            },
            db_signature: h.signature,
            log_signature: h.log_signature,
            gen_min_required: h.lgen_min_required,
            gen_max_required: h.lgen_max_required,
            gen_max_committed: h.lgen_max_committed,
            time_gen_max_required: LogTime::default(),
            time_gen_max_committed: LogTime::default(),
            checkpoint: r.checkpoint,
            dbid,
            // The full path, as the attach list gives it: a restore without a
            // destination puts the copy back there, and refuses a relative path.
            path: absolute(&entry.path).to_string_lossy().into_owned(),
        })
    }

    fn read_log(&self, r: &mut Running, buf: &mut [u8]) -> Result<usize> {
        let ps = r.page_size;
        let Some(OpenFile::Log(s)) = r.file.as_mut() else {
            return Err(err(ErrorCode::InvalidParameter, "no log open"));
        };
        if s.offset == 0 && buf.len() < 2 * ps {
            return Err(err(
                ErrorCode::InvalidParameter,
                "the first read of a log takes at least 2 pages",
            ));
        }
        if !s.verified {
            let mut all = vec![0u8; usize::try_from(s.size).unwrap_or(usize::MAX)];
            s.file.read_at(0, &mut all).map_err(Error::io)?;
            match crate::log::verify_finished_file(&all) {
                Ok(g) if g == s.generation => {}
                Ok(g) => {
                    return Err(err(
                        ErrorCode::LogReadVerifyFailure,
                        format!(
                            "the log named {:08X} holds generation {g:08X}",
                            s.generation
                        ),
                    ))
                }
                Err(e) => {
                    return Err(err(
                        ErrorCode::LogReadVerifyFailure,
                        format!(
                            "log generation {:08X} fails verification: {e}",
                            s.generation
                        ),
                    ))
                }
            }
            s.verified = true;
        }
        let n = usize::try_from(s.size - s.offset)
            .unwrap_or(usize::MAX)
            .min(buf.len());
        if n == 0 {
            return Ok(0);
        }
        s.file.read_at(s.offset, &mut buf[..n]).map_err(Error::io)?;
        s.offset += n as u64;
        Ok(n)
    }

    /// `JetCloseFileInstance`: closes the open file (allowed after a stop). A file
    /// read to its end counts as copied. `JET_errNoBackup`,
    /// `JET_errInvalidParameter` for a handle that is not open.
    pub fn backup_close_file(&self, handle: u32) -> Result<()> {
        let mut guard = self.backup_lock();
        let r = self.backup_running(&mut guard, true)?;
        if handle != 0 || r.file.is_none() {
            return Err(err(
                ErrorCode::InvalidParameter,
                format!("no backup file is open as handle {handle}"),
            ));
        }
        match r.file.take() {
            Some(OpenFile::Db(s)) if s.offset >= s.size => {
                r.dbs[s.idx].copy_done = true;
            }
            Some(OpenFile::Log(s))
                if s.offset >= s.size
                    && s.generation >= r.copy_mic
                    && s.generation < r.copy_mac =>
            {
                r.gen_sum_copied += u64::from(s.generation);
            }
            _ => {}
        }
        Ok(())
    }

    /// `JetGetLogInfoInstance2`: the logs to copy. The first call of a backup
    /// rolls the log (the last listed generation holds everything up to now) and
    /// moves a full backup to its log phase. `JET_errNoBackup`,
    /// `JET_errBackupAbortByServer`, `JET_errInvalidBackupSequence` while a file is
    /// open, `JET_errFileNotFound` with no numbered log, `JET_errMissingFileToBackup`
    /// for an incremental backup with a gap since the last one.
    pub fn backup_log_info(&self) -> Result<LogList> {
        let mut guard = self.backup_lock();
        let r = self.backup_running(&mut guard, false)?;
        self.prepare_logs(r)?;
        let (names, base) = self.log_names(r.copy_mic, r.copy_mac);
        Ok(LogList {
            names,
            gen_low: r.copy_mic,
            gen_high: r.copy_mac.saturating_sub(1),
            base_name: base,
        })
    }

    /// `JetGetTruncateLogInfoInstance`: the logs [`Instance::backup_truncate_log`]
    /// deletes (may be none). Prepares the logs as
    /// [`Instance::backup_log_info`] does, with the same errors.
    pub fn backup_truncate_log_info(&self) -> Result<Vec<PathBuf>> {
        let mut guard = self.backup_lock();
        let r = self.backup_running(&mut guard, false)?;
        self.prepare_logs(r)?;
        Ok(self.log_names(r.delete_mic, r.delete_mac).0)
    }

    fn log_names(&self, from: u32, to: u32) -> (Vec<PathBuf>, String) {
        let Some((_, setup)) = self.log_parts() else {
            return (Vec::new(), String::new());
        };
        let dir = absolute(&setup.config.dir);
        let base = setup.config.base.clone();
        (
            (from..to)
                .map(|g| dir.join(numbered_log_name(&base, g)))
                .collect(),
            base,
        )
    }

    /// ESE's "prepare log files": once per backup, the roll and the ranges.
    fn prepare_logs(&self, r: &mut Running) -> Result<()> {
        if r.file.is_some() {
            return Err(err(
                ErrorCode::InvalidBackupSequence,
                "close the open backup file first",
            ));
        }
        if r.prepared {
            r.status = Status::LogsAndPatches;
            return Ok(());
        }
        let Some((log, setup)) = self.log_parts() else {
            return Err(err(ErrorCode::LoggingDisabled, "no log"));
        };
        let mark_inc = header_lgpos(log.appended_lgpos());
        let mark_inc_time = now_logtime()?;
        let copy_mac = log.roll()?;
        let fs = self.fs();
        let gens = list_generations(fs.as_ref(), &setup.config.dir, &setup.config.base)?;
        let Some(&first) = gens.first() else {
            return Err(err(
                ErrorCode::FileNotFound,
                "the log folder holds no numbered log",
            ));
        };
        if !r.full {
            for d in &r.dbs {
                let h =
                    d.db.backup_header()
                        .unwrap_or_else(|| d.db.header().clone());
                let last = h
                    .backup_full_prev
                    .gen_high
                    .max(h.backup_incremental_prev.gen_high);
                if first > last + 1 {
                    return Err(err(
                        ErrorCode::MissingFileToBackup,
                        format!(
                            "log generation {:08X} after the last backup of {} is missing",
                            last + 1,
                            d.path.display()
                        ),
                    ));
                }
            }
        }
        let checkpoint = Checkpoint::read(fs.as_ref(), &setup.system_dir, &setup.config.base)?;
        let mut delete_mac = checkpoint.lgpos.generation.min(copy_mac);
        if r.full {
            for d in &r.dbs {
                if !(d.in_session && d.copy_done) {
                    let h =
                        d.db.backup_header()
                            .unwrap_or_else(|| d.db.header().clone());
                    delete_mac = delete_mac.min(h.backup_full_prev.gen_high);
                }
            }
        }
        r.mark_inc = mark_inc;
        r.mark_inc_time = mark_inc_time;
        r.copy_mac = copy_mac;
        r.delete_mac = delete_mac;
        r.delete_mic = first.min(delete_mac);
        if !r.full {
            r.copy_mic = first;
        }
        r.prepared = true;
        r.status = Status::LogsAndPatches;
        Ok(())
    }

    /// `JetTruncateLogInstance`: deletes the logs
    /// [`Instance::backup_truncate_log_info`] lists, oldest first (a log already
    /// gone is skipped). `JET_errNoBackup`, `JET_errBackupAbortByServer`,
    /// `JET_errInvalidBackupSequence` (a file open, or no log list yet),
    /// `JET_errLogFileNotCopied` (a listed log was not read to its end and closed).
    pub fn backup_truncate_log(&self) -> Result<()> {
        let mut guard = self.backup_lock();
        let r = self.backup_running(&mut guard, false)?;
        if r.file.is_some() {
            return Err(err(
                ErrorCode::InvalidBackupSequence,
                "close the open backup file first",
            ));
        }
        if !r.prepared || r.copy_mic == 0 || r.copy_mac == 0 {
            return Err(err(
                ErrorCode::InvalidBackupSequence,
                "the log list was not taken yet",
            ));
        }
        let needed: u64 = (r.copy_mic..r.copy_mac).map(u64::from).sum();
        if r.gen_sum_copied < needed {
            return Err(err(
                ErrorCode::LogFileNotCopied,
                "every listed log must be read to its end and closed before truncation",
            ));
        }
        r.status = Status::LogsAndPatches;
        r.logs_truncated = true;
        let Some((_, setup)) = self.log_parts() else {
            return Ok(());
        };
        let fs = self.fs();
        // Oldest first, each removal durable before the next: a crash leaves the
        // logs on disk contiguous.
        for g in r.delete_mic..r.delete_mac {
            let p = setup.config.path(&numbered_log_name(&setup.config.base, g));
            match fs.remove_file(&p) {
                Ok(()) => fs
                    .sync_dir(&setup.config.dir)
                    .map_err(|e| Error::io(e).file(&setup.config.dir))?,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(e).file(&p)),
            }
        }
        Ok(())
    }

    /// `JetEndExternalBackupInstance2`: ends the backup. Exactly one of
    /// [`grbit::END_NORMAL`] and [`grbit::END_ABORT`] (else
    /// `JET_errInvalidParameter`); `JET_errNoBackup` when none runs (which also
    /// clears a stop request). Otherwise succeeds: a normal end of a backup that
    /// reached its log phase and was not stopped stamps the headers of the
    /// databases copied (unless [`grbit::NO_DB_HEADER_UPDATE`]); anything else is
    /// recorded as an abort ([`Instance::last_backup_outcome`]).
    pub fn end_backup(&self, bits: u32) -> Result<()> {
        let normal = bits & grbit::END_NORMAL != 0;
        let abort = bits & grbit::END_ABORT != 0;
        if normal == abort {
            return Err(err(
                ErrorCode::InvalidParameter,
                "end a backup with exactly one of JET_bitBackupEndNormal and JET_bitBackupEndAbort",
            ));
        }
        let mut guard = self.backup_lock();
        let ctx = self.backup_ctx();
        ctx.refuse_while_snapshot()?;
        let Some(r) = guard.as_ref() else {
            ctx.stop.store(false, Ordering::SeqCst);
            return Err(err(ErrorCode::NoBackup, "no backup is running"));
        };
        let outcome = if abort {
            BackupOutcome::AbortedByCaller
        } else if ctx.stop.load(Ordering::SeqCst) {
            BackupOutcome::AbortedByServer
        } else if r.status == Status::Databases {
            BackupOutcome::AbortedByCaller
        } else {
            BackupOutcome::Completed
        };
        self.finish(
            &mut guard,
            outcome,
            bits & grbit::TRUNCATE_DONE != 0,
            bits & grbit::NO_DB_HEADER_UPDATE != 0,
        );
        Ok(())
    }

    /// `JetStopBackupInstance`: the running backup's further calls fail with
    /// `JET_errBackupAbortByServer`, except closing its file and ending it. Never
    /// fails and never waits; a read in progress stops at its next chunk. The
    /// request is cleared when the next backup begins or this one ends.
    pub fn stop_backup(&self) {
        self.backup_ctx().stop.store(true, Ordering::SeqCst);
    }

    /// Whether a backup is running.
    pub fn backup_running_now(&self) -> bool {
        self.backup_ctx().active.load(Ordering::SeqCst)
    }

    /// How the last backup of this instance ended, if one did.
    pub fn last_backup_outcome(&self) -> Option<BackupOutcome> {
        *self.backup_ctx().last.lock()
    }

    /// No backup may begin any more (`JetTerm` clears ESE's "backup allowed"
    /// before its checks; a later begin gets `JET_errBackupNotAllowedYet`).
    pub fn forbid_backup(&self) {
        self.backup_ctx().allowed.store(false, Ordering::SeqCst);
    }

    /// Ends a running backup as stopped by the server (what `JetTerm` with
    /// `JET_bitTermAbrupt` or `JET_bitTermStopBackup` does); nothing when none runs.
    pub fn abort_backup(&self) {
        let mut guard = self.backup_lock();
        if guard.is_some() {
            self.finish(&mut guard, BackupOutcome::AbortedByServer, false, false);
        }
    }

    /// Ends the backup because of `e` (an error of its log phase) and returns `e`.
    fn end_on_error(&self, guard: &mut MutexGuard<'_, Option<Running>>, e: Error) -> Error {
        self.finish(guard, BackupOutcome::Failed(e.code()), false, false);
        e
    }

    /// ESE's backup clean-up: stamps the headers of a completed backup, then
    /// forgets the backup and the stop request.
    fn finish(
        &self,
        guard: &mut MutexGuard<'_, Option<Running>>,
        outcome: BackupOutcome,
        truncate_done: bool,
        no_header_update: bool,
    ) {
        let Some(r) = guard.take() else { return };
        let ctx = self.backup_ctx();
        if outcome == BackupOutcome::Completed && !no_header_update {
            // A stamp that cannot be written is only a warning in ESE: the backup
            // itself is good; the header keeps its older record.
            let _ = stamp_headers(&r, r.logs_truncated || truncate_done);
        }
        if let Some((log, _)) = self.log_parts() {
            log.keep_generations(false);
        }
        ctx.stop.store(false, Ordering::SeqCst);
        ctx.active.store(false, Ordering::SeqCst);
        *ctx.last.lock() = Some(outcome);
    }
}

/// Opens database `idx` of the backup for streaming from `offset`.
fn open_database(r: &mut Running, idx: usize, offset: u64) -> BackupFile {
    let entry = &mut r.dbs[idx];
    let ps = entry.db.page_size();
    let mut header = entry
        .db
        .backup_header()
        .unwrap_or_else(|| entry.db.header().clone());
    header.backup_full_current = BackupInfo {
        lgpos_mark: r.mark,
        time_mark: r.mark_time,
        gen_low: r.copy_mic,
        gen_high: 0,
    };
    let mut page = vec![0u8; ps];
    header.encode(&mut page);
    let pgno_most = entry.db.page_count();
    let resume_at = (offset / ps as u64) as u32;
    let copy_most = if offset > 0 {
        (resume_at - 2).min(pgno_most)
    } else {
        0
    };
    let size = (u64::from(pgno_most) + 3) * ps as u64;
    entry.in_session = true;
    entry.copy_done = false;
    entry.trailer = None;
    r.file = Some(OpenFile::Db(DbStream {
        idx,
        page_size: ps,
        pgno_most,
        copy_most,
        trailer_done: false,
        header: page,
        offset,
        size,
    }));
    BackupFile { handle: 0, size }
}

/// Reads pages `first..` of `db` into `buf` and verifies each one (a zero page is
/// fine, one flipped bit is repaired); a chunk that fails is read again a few
/// times before `JET_errReadVerifyFailure`.
fn read_verified(db: &Database, first: u32, buf: &mut [u8], ps: usize) -> Result<()> {
    let mut attempt = 0;
    loop {
        db.read_for_backup(first, buf)?;
        let mut bad = None;
        for (i, page) in buf.chunks_mut(ps).enumerate() {
            let pgno = first + i as u32;
            match verify_page(page, pgno) {
                PageCheck::Ok | PageCheck::AllZero => {}
                _ => {
                    if !matches!(correct_page(page, pgno), PageCheck::Corrected { .. }) {
                        bad = Some(pgno);
                        break;
                    }
                }
            }
        }
        let Some(pgno) = bad else { return Ok(()) };
        attempt += 1;
        if attempt > READ_RETRIES {
            return Err(err(
                ErrorCode::ReadVerifyFailure,
                format!("page {pgno} fails its checksum (read {attempt} times)"),
            )
            .page(pgno));
        }
        std::thread::sleep(RETRY_PAUSE * attempt);
    }
}

/// Writes the backup's record into the headers of the databases it covers
/// (ESE's header stamping at a normal end).
fn stamp_headers(r: &Running, truncated: bool) -> Result<()> {
    let gen_high = r.copy_mac.saturating_sub(1);
    let mut first = None;
    for d in &r.dbs {
        let bk = if r.full {
            let Some(t) = d.trailer.as_ref().filter(|_| d.in_session && d.copy_done) else {
                continue;
            };
            BackupInfo {
                lgpos_mark: t.backup.lgpos_mark,
                time_mark: t.backup.time_mark,
                gen_low: r.copy_mic,
                gen_high,
            }
        } else {
            BackupInfo {
                lgpos_mark: r.mark_inc,
                time_mark: r.mark_inc_time,
                gen_low: r.copy_mic,
                gen_high,
            }
        };
        let res = stamp_database(&d.db, bk, r.full, truncated, 0);
        if let Err(e) = res {
            first.get_or_insert(e);
        }
    }
    first.map_or(Ok(()), Err)
}

/// Writes backup record `bk` of type `backup_type` (0 normal, 1 OS snapshot)
/// into `db`'s header and its shadow, in the slot ESE chooses: full or
/// incremental (`full`), truncated (full or incremental slot) or not (copy or
/// differential slot). A slot holding a newer record is left alone; a full
/// stamp clears the incremental and differential records; a truncated stamp of
/// type normal clears the snapshot record.
pub(crate) fn stamp_database(
    db: &Database,
    bk: BackupInfo,
    full: bool,
    truncated: bool,
    backup_type: u32,
) -> Result<()> {
    let newer = |old: &BackupInfo| lgpos_key(&old.lgpos_mark) <= lgpos_key(&bk.lgpos_mark);
    let normal = backup_type == 0;
    db.update_header(|h| match (full, truncated) {
        (true, true) => {
            if newer(&h.backup_full_prev) {
                h.backup_full_prev = bk;
                h.backup_type_full_prev = backup_type;
                h.backup_incremental_prev = BackupInfo::default();
                h.backup_type_incremental_prev = 0;
                h.backup_differential_prev = BackupInfo::default();
                h.backup_type_differential_prev = 0;
                if normal {
                    h.backup_snapshot_current = BackupInfo::default();
                }
            }
        }
        (true, false) => {
            if newer(&h.backup_copy_prev) {
                h.backup_copy_prev = bk;
                h.backup_type_copy_prev = backup_type;
            }
        }
        (false, true) => {
            if newer(&h.backup_incremental_prev) {
                h.backup_incremental_prev = bk;
                h.backup_type_incremental_prev = backup_type;
                if normal {
                    h.backup_snapshot_current = BackupInfo::default();
                }
            }
        }
        (false, false) => {
            if newer(&h.backup_differential_prev) {
                h.backup_differential_prev = bk;
                h.backup_type_differential_prev = backup_type;
            }
        }
    })
}
