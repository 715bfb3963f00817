//! Instances and sessions: the top of the engine's Rust API.
//!
//! Owns [`Instance`] (a system path, a log path and base name, the cache size of
//! its databases, its attached databases and the transaction manager and version
//! budget they share) and [`Session`] (the unit of transactions: begin, commit,
//! rollback, nesting, and the cursors opened through it).
//!
//! What must hold:
//! - An instance attaches at most [`DATABASES_MOST`] user databases
//!   (`JET_errTooManyAttachedDatabases`), each once (a second attach of the same
//!   file is the warning `JET_wrnDatabaseAttached` and the same database).
//! - A session may move between threads but is used by one at a time: a call while
//!   another thread is inside one is `JET_errSessionSharingViolation`.
//! - A session's transaction covers every database of its instance; ending or
//!   dropping the session rolls back what it left open.

use crate::db::{ColumnDef, Cursor, IndexDef, OpenOptions, SessionCore, TableDef};
use crate::format::log::{CheckpointDb, LogRecord};
use crate::log::{LogConfig, LogWriter};
use crate::record::schema::{ColumnSpec, IndexSpec};
use crate::recovery::{self, LogSetup};
use crate::version::{TxnManager, DEFAULT_VERSION_STORE_BYTES};
use crate::{CreateOptions, Database, Error, ErrorCode, Result, Warning};
use ese_os::{FileSystem, StdFs};
use parking_lot::Mutex;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// The most user databases one instance attaches (ESE's dbids 1–6).
pub const DATABASES_MOST: usize = 6;

/// The default most sessions of an instance. ESE's default is 16
/// (`JET_paramMaxSessions`); servers raise it, so this does too.
pub const DEFAULT_MAX_SESSIONS: usize = 1024;

/// How an instance is set up (`JetSetSystemParameter` before `JetInit`).
#[derive(Debug, Clone)]
pub struct InstanceOptions {
    /// Where the checkpoint file and temporary files go (`JET_paramSystemPath`).
    pub system_path: PathBuf,
    /// Where the transaction logs go (`JET_paramLogFilePath`).
    pub log_path: PathBuf,
    /// The three-character base name of log and checkpoint files
    /// (`JET_paramBaseName`, default `edb`).
    pub base_name: String,
    /// Pages each attached database caches (at least
    /// [`MIN_CACHE_PAGES`](crate::db::MIN_CACHE_PAGES): a smaller value is raised).
    pub cache_pages: usize,
    /// Bytes the version store may hold (`JET_paramMaxVerPages` × the version page
    /// size); beyond it changes fail with `JET_errVersionStoreOutOfMemory`.
    pub version_store_bytes: usize,
    /// The most sessions open at once (`JET_paramMaxSessions`).
    pub max_sessions: usize,
    /// Whether changes are logged and recovered (`JET_paramRecovery`, on by
    /// default). Off, the databases are written without a log, and one not shut
    /// down cleanly cannot be attached again.
    pub recovery: bool,
    /// The size of each log file in bytes (`JET_paramLogFileSize`, ESE's default
    /// 5 MiB).
    pub log_file_size: u64,
    /// The log buffer in bytes (`JET_paramLogBuffers` × 512): the most a log
    /// block holds, written when a flush comes or it is full; up to two full
    /// blocks wait for the flusher beside the one being filled. Default
    /// [`crate::log::DEFAULT_BUFFER_SIZE`] (1 MiB), at least 1 KiB.
    pub log_buffer_size: usize,
    /// Circular logging (`JET_paramCircularLog`): logs the checkpoint has passed
    /// are deleted; without it they stay until a backup truncates them.
    pub circular_log: bool,
    /// Bytes of log the instance lets accumulate past its last checkpoint before it
    /// takes one by itself (`JET_paramCheckpointDepthMax`), counted in whole log
    /// files (rounded up, at least one); `None`: [`DEFAULT_CHECKPOINT_DEPTH_FILES`]
    /// log files. A deeper checkpoint logs fewer page images and writes pages back
    /// less often; recovery then replays more log. Changed on a running instance
    /// with [`Instance::set_checkpoint_depth`].
    pub checkpoint_depth: Option<u64>,
    /// Where the recovery at the instance's start finds databases moved since
    /// their logs were written (`JetInit3`'s restore map); `None`: where the logs
    /// name them.
    pub recovery_map: Option<RecoveryMap>,
    /// Recovery replays the log and stops before its undo phase
    /// (`JET_bitRecoveryWithoutUndo`, for copies kept current by shipping logs):
    /// nothing is written to the log or the checkpoint, the databases stay dirty, and
    /// the instance does not start: [`Instance::new`] returns
    /// `JET_errRecoveredWithoutUndo`, or `JET_errRecoveredWithoutUndoDatabasesConsistent`
    /// when the log leaves nothing to undo and every database it names detached
    /// cleanly. A later start without it (after more logs are copied in, or not)
    /// recovers the rest.
    pub recovery_without_undo: bool,
    /// Where the instance's temporary files go (the folder of `JET_paramTempPath`):
    /// the sorted runs of an index build or index check over its databases (see
    /// [`crate::Database::set_temp_folder`]), written through the instance's file
    /// system. `None`: the system path.
    pub temp_path: Option<PathBuf>,
}

/// A restore map for the recovery at an instance's start (`JetInit3` with a
/// `JET_RSTINFO`): the databases of the log stream that now live elsewhere, such
/// as copies restored from a file backup to another folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecoveryMap {
    /// Each database as the logs name it, and where it is now (matched as a
    /// restore's map is: the path exactly, else the file name). At most 12.
    pub entries: Vec<crate::restore::RestoreMapEntry>,
    /// Databases no entry names are replayed where the logs name them
    /// (`JET_bitReplayMissingMapEntryDB`); otherwise they are skipped, their
    /// changes in the logs not replayed (ESE's rule for a map).
    pub replay_unmapped: bool,
}

impl RecoveryMap {
    /// The map as recovery applies it; `JET_errInvalidParameter` for more than
    /// ESE's 12 entries or an entry with an empty path.
    fn relocation(&self) -> Result<recovery::Relocation> {
        let most = crate::restore::MAP_MOST;
        if self.entries.len() > most {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                format!(
                    "a restore map of {} entries (at most {most})",
                    self.entries.len()
                ),
            ));
        }
        if self
            .entries
            .iter()
            .any(|e| e.database.is_empty() || e.new_database.as_os_str().is_empty())
        {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                "a restore map entry with an empty path",
            ));
        }
        Ok(recovery::Relocation::of(
            &self.entries,
            Some(self.replay_unmapped),
        ))
    }
}

impl Default for InstanceOptions {
    fn default() -> Self {
        InstanceOptions {
            system_path: PathBuf::from("."),
            log_path: PathBuf::from("."),
            base_name: "edb".into(),
            cache_pages: OpenOptions::default().cache_pages,
            version_store_bytes: DEFAULT_VERSION_STORE_BYTES,
            max_sessions: DEFAULT_MAX_SESSIONS,
            recovery: true,
            log_file_size: 5 * 1024 * 1024,
            log_buffer_size: crate::log::DEFAULT_BUFFER_SIZE,
            circular_log: false,
            checkpoint_depth: None,
            recovery_map: None,
            recovery_without_undo: false,
            temp_path: None,
        }
    }
}

impl InstanceOptions {
    /// Options whose system and log paths are `dir`.
    pub fn in_dir(dir: impl Into<PathBuf>) -> InstanceOptions {
        let dir = dir.into();
        InstanceOptions {
            system_path: dir.clone(),
            log_path: dir,
            ..InstanceOptions::default()
        }
    }
}

/// How a commit that ends a transaction waits for the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CommitMode {
    /// Returns once the commit is on disk (the default).
    #[default]
    Durable,
    /// Returns at once; the commit reaches the disk with the next log flush
    /// (`JET_bitCommitLazyFlush`).
    Lazy,
}

/// How often the log is flushed for lazy commits.
const LAZY_FLUSH_INTERVAL: std::time::Duration = std::time::Duration::from_millis(25);

/// An attached database and its id in the log (1–6).
struct Attached {
    path: PathBuf,
    db: Database,
    dbid: u8,
    /// The file held for writing (see [`hold`]); none when read-only.
    _held: Option<std::fs::File>,
}

/// Holds `path` for this instance (`FileSystem::lock_exclusive`): a folder or
/// file another instance or process holds is `JET_errFileAccessDenied`, as
/// esent.dll's exclusive opens answer.
pub(crate) fn hold(fs: &dyn FileSystem, path: &Path) -> Result<Option<std::fs::File>> {
    fs.lock_exclusive(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::WouldBlock {
            Error::with(
                ErrorCode::FileAccessDenied,
                format!(
                    "{} is in use by another instance or process",
                    path.display()
                ),
            )
            .file(path)
        } else {
            Error::io(e).file(path)
        }
    })
}

struct InstanceInner {
    opts: InstanceOptions,
    fs: Arc<dyn FileSystem>,
    manager: Arc<TxnManager>,
    databases: Mutex<Vec<Attached>>,
    sessions: Arc<AtomicUsize>,
    /// The log and where it lives (none with recovery off).
    log: Option<(Arc<LogWriter>, LogSetup)>,
    /// Flushes the log for lazy commits and prepares its next file; stopped by
    /// `term` or with the instance.
    flusher: Mutex<Option<crate::log::BackgroundFlusher>>,
    /// Set by `term`: no checkpoint runs afterwards (the folders are no longer
    /// held, and another instance may have them).
    ended: std::sync::atomic::AtomicBool,
    /// Held by a checkpoint and by `term`: one at a time.
    checkpointing: Mutex<()>,
    /// The log generation of the last checkpoint.
    checkpoint_gen: std::sync::atomic::AtomicU32,
    /// The checkpoint depth in log files ([`InstanceOptions::checkpoint_depth`]).
    checkpoint_depth_files: std::sync::atomic::AtomicU32,
    /// The streaming backup's state.
    backup: crate::backup::BackupContext,
    /// The log and system folders, held until `term` or the end of the instance.
    held: Mutex<Vec<std::fs::File>>,
}

/// Log files the log may grow past the last checkpoint before the instance takes
/// one by itself, unless [`InstanceOptions::checkpoint_depth`] says otherwise
/// (with ESE's default log file size, 5 MiB, ESE's default depth of 20 MiB).
pub const DEFAULT_CHECKPOINT_DEPTH_FILES: u32 = 4;

/// The checkpoint depth in whole log files: `bytes` rounded up to files of
/// `file_size`, at least one; the default without `bytes`.
fn depth_files(bytes: Option<u64>, file_size: u64) -> u32 {
    match bytes {
        None => DEFAULT_CHECKPOINT_DEPTH_FILES,
        Some(b) => u32::try_from(b.div_ceil(file_size.max(1)))
            .unwrap_or(u32::MAX)
            .max(1),
    }
}

/// How often the instance looks whether a checkpoint is due.
const CHECKPOINT_POLL: std::time::Duration = std::time::Duration::from_millis(100);

/// Starts the thread that takes a checkpoint whenever the log has grown the
/// checkpoint depth past the last one; it stops with the instance.
fn spawn_checkpointer(inner: &Arc<InstanceInner>) {
    let weak = Arc::downgrade(inner);
    let spawned = std::thread::Builder::new()
        .name("ese-checkpoint".into())
        .spawn(move || loop {
            std::thread::sleep(CHECKPOINT_POLL);
            let Some(inner) = weak.upgrade() else { return };
            let Some((log, _)) = &inner.log else { return };
            if log.is_failed() || inner.ended.load(Ordering::Acquire) {
                return;
            }
            let last = inner.checkpoint_gen.load(Ordering::Acquire);
            let depth = inner.checkpoint_depth_files.load(Ordering::Relaxed);
            if log.generation() >= last.saturating_add(depth) {
                // A failure here shows in the next change or commit.
                let _ = Instance { inner }.checkpoint();
            }
        });
    // Without the thread, checkpoints still come with `checkpoint` and `term`.
    drop(spawned);
}

/// An ESE instance (`JET_INSTANCE`): one recovery unit with its databases and
/// sessions. Clones name the same instance.
#[derive(Clone)]
pub struct Instance {
    inner: Arc<InstanceInner>,
}

impl std::fmt::Debug for Instance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Instance")
            .field("base_name", &self.inner.opts.base_name)
            .field("system_path", &self.inner.opts.system_path)
            .finish_non_exhaustive()
    }
}

/// The lowest database id (1–6) no attached database has.
fn free_dbid(dbs: &[Attached]) -> u8 {
    (1..=DATABASES_MOST as u8)
        .find(|id| dbs.iter().all(|a| a.dbid != *id))
        .unwrap_or(DATABASES_MOST as u8)
}

pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

impl Instance {
    /// Starts an instance on the real file system. `JET_errInvalidParameter` for a
    /// base name that is not three ASCII letters or digits, or a zero limit.
    pub fn new(opts: InstanceOptions) -> Result<Instance> {
        Instance::with_fs(Arc::new(StdFs), opts)
    }

    /// Starts an instance whose files go through `fs`.
    pub fn with_fs(fs: Arc<dyn FileSystem>, opts: InstanceOptions) -> Result<Instance> {
        if opts.base_name.len() != 3 || !opts.base_name.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                format!(
                    "base name {:?}: three letters or digits, such as \"edb\"",
                    opts.base_name
                ),
            ));
        }
        if opts.max_sessions == 0 || opts.version_store_bytes == 0 || opts.cache_pages == 0 {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                "sessions, version store and cache must each allow at least one",
            ));
        }
        let mut held = Vec::new();
        let log = if opts.recovery {
            let mut config = LogConfig::new(opts.log_path.clone(), &opts.base_name);
            config.file_size = opts.log_file_size;
            config.buffer_size = opts.log_buffer_size;
            config.circular = opts.circular_log;
            let relocate = opts
                .recovery_map
                .as_ref()
                .map(RecoveryMap::relocation)
                .transpose()?;
            let setup = LogSetup {
                config,
                system_dir: opts.system_path.clone(),
                cache_pages: opts.cache_pages,
                relocate,
            };
            fs.create_dir_all(&opts.system_path)
                .map_err(|e| Error::io(e).file(&opts.system_path))?;
            fs.create_dir_all(&opts.log_path)
                .map_err(|e| Error::io(e).file(&opts.log_path))?;
            // No other instance or process may use the log or the checkpoint
            // while this one does (recovery included).
            held.extend(hold(fs.as_ref(), &opts.log_path)?);
            if !same_file(&opts.system_path, &opts.log_path) {
                held.extend(hold(fs.as_ref(), &opts.system_path)?);
            }
            if opts.recovery_without_undo {
                let code = recovery::recover_without_undo(&fs, &setup)?;
                return Err(Error::with(
                    code,
                    "the log was replayed up to its end; the undo phase was skipped as asked",
                ));
            }
            Some((recovery::start_log(&fs, &setup)?, setup))
        } else if opts.recovery_without_undo {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                "recovery without undo needs the log (recovery on)",
            ));
        } else {
            None
        };
        let flusher = log
            .as_ref()
            .map(|(l, _)| l.start_background_flusher(LAZY_FLUSH_INTERVAL));
        let depth = depth_files(opts.checkpoint_depth, opts.log_file_size);
        let instance = Instance {
            inner: Arc::new(InstanceInner {
                manager: Arc::new(TxnManager::new(opts.version_store_bytes)),
                opts,
                fs,
                databases: Mutex::new(Vec::new()),
                sessions: Arc::new(AtomicUsize::new(0)),
                checkpoint_gen: std::sync::atomic::AtomicU32::new(
                    log.as_ref().map_or(0, |(l, _)| l.generation()),
                ),
                checkpoint_depth_files: std::sync::atomic::AtomicU32::new(depth),
                log,
                flusher: Mutex::new(flusher),
                ended: std::sync::atomic::AtomicBool::new(false),
                checkpointing: Mutex::new(()),
                backup: crate::backup::BackupContext::new(),
                held: Mutex::new(held),
            }),
        };
        if instance.inner.log.is_some() {
            spawn_checkpointer(&instance.inner);
        }
        Ok(instance)
    }

    /// Recovers the log and databases of `opts` on its own (`eseutil /r`): starts an
    /// instance, which runs recovery when its log directory holds a log, and ends
    /// it. Afterwards every database the log named is consistent.
    pub fn recover(fs: Arc<dyn FileSystem>, opts: InstanceOptions) -> Result<()> {
        Instance::with_fs(fs, opts)?.term()
    }

    /// The options the instance was started with.
    pub fn options(&self) -> &InstanceOptions {
        &self.inner.opts
    }

    /// Begins a session (`JetBeginSession`): `JET_errOutOfSessions` when
    /// [`InstanceOptions::max_sessions`] are open.
    pub fn begin_session(&self) -> Result<Session> {
        let n = self.inner.sessions.fetch_add(1, Ordering::AcqRel);
        if n >= self.inner.opts.max_sessions {
            self.inner.sessions.fetch_sub(1, Ordering::AcqRel);
            return Err(Error::with(
                ErrorCode::OutOfSessions,
                format!("{n} sessions are open, the most this instance allows"),
            ));
        }
        Ok(Session::over(
            Arc::new(SessionCore::new(self.inner.manager.clone())),
            Some(self.inner.sessions.clone()),
            Some(self.clone()),
        ))
    }

    fn check_room(&self, dbs: &[Attached]) -> Result<()> {
        if dbs.len() >= DATABASES_MOST {
            return Err(Error::with(
                ErrorCode::TooManyAttachedDatabases,
                format!("an instance attaches at most {DATABASES_MOST} databases"),
            ));
        }
        Ok(())
    }

    /// The folder of the instance's temporary files (see
    /// [`InstanceOptions::temp_path`]).
    pub fn temp_dir(&self) -> PathBuf {
        (self.inner.opts.temp_path.clone()).unwrap_or_else(|| self.inner.opts.system_path.clone())
    }

    /// Creates a database and attaches it (`JetCreateDatabase`):
    /// `JET_errDatabaseDuplicate` when the file exists (unless `opts.overwrite`),
    /// `JET_errTooManyAttachedDatabases` beyond [`DATABASES_MOST`].
    pub fn create_database(&self, path: impl AsRef<Path>, opts: CreateOptions) -> Result<Database> {
        let path = path.as_ref();
        self.inner.backup.refuse_while_running()?;
        let mut dbs = self.inner.databases.lock();
        self.check_room(&dbs)?;
        let mut opts = opts;
        opts.cache_pages = self.inner.opts.cache_pages;
        let dbid = free_dbid(&dbs);
        let db = Database::create_in(
            self.inner.fs.as_ref(),
            path,
            &opts,
            self.inner.manager.clone(),
            self.log_target(dbid),
        )?;
        db.set_temp_folder(self.inner.fs.clone(), self.temp_dir());
        let held = match hold(self.inner.fs.as_ref(), path) {
            Ok(h) => h,
            Err(e) => {
                let _ = db.close();
                return Err(e);
            }
        };
        dbs.push(Attached {
            path: path.to_path_buf(),
            db: db.clone(),
            dbid,
            _held: held,
        });
        Ok(db)
    }

    /// Attaches an existing database (`JetAttachDatabase`), for writing unless
    /// `read_only`. A database already attached comes back with
    /// `JET_wrnDatabaseAttached`.
    pub fn attach_database(
        &self,
        path: impl AsRef<Path>,
        read_only: bool,
    ) -> Result<(Database, Option<Warning>)> {
        let path = path.as_ref();
        self.inner.backup.refuse_while_running()?;
        let mut dbs = self.inner.databases.lock();
        if let Some(a) = dbs.iter().find(|a| same_file(&a.path, path)) {
            return Ok((a.db.clone(), Some(Warning::DatabaseAttached)));
        }
        self.check_room(&dbs)?;
        let opts = OpenOptions {
            cache_pages: self.inner.opts.cache_pages,
            read_only,
            ..OpenOptions::default()
        };
        let dbid = free_dbid(&dbs);
        // A file another instance or process writes is refused before it is
        // opened; a read-only attach holds nothing.
        let held = if read_only {
            None
        } else {
            hold(self.inner.fs.as_ref(), path)?
        };
        let db = Database::open_in(
            self.inner.fs.as_ref(),
            path,
            &opts,
            self.inner.manager.clone(),
            if read_only {
                None
            } else {
                self.log_target(dbid)
            },
            None,
        )?;
        db.set_temp_folder(self.inner.fs.clone(), self.temp_dir());
        dbs.push(Attached {
            path: path.to_path_buf(),
            db: db.clone(),
            dbid,
            _held: held,
        });
        Ok((db, None))
    }

    /// Detaches a database (`JetDetachDatabase`): it is closed cleanly.
    /// `JET_errDatabaseNotFound` when it is not attached, `JET_errInTransaction`
    /// while a transaction has uncommitted changes in it.
    pub fn detach_database(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        self.inner.backup.refuse_while_running()?;
        let mut dbs = self.inner.databases.lock();
        let i = dbs
            .iter()
            .position(|a| same_file(&a.path, path))
            .ok_or_else(|| {
                Error::with(
                    ErrorCode::DatabaseNotFound,
                    format!("{} is not attached", path.display()),
                )
            })?;
        dbs[i].db.close()?;
        let gone = dbs.remove(i);
        self.log_detach(&gone)?;
        Ok(())
    }

    /// The attached databases.
    pub fn databases(&self) -> Vec<Database> {
        self.inner
            .databases
            .lock()
            .iter()
            .map(|a| a.db.clone())
            .collect()
    }

    /// Bytes the version store holds now.
    pub fn version_store_bytes(&self) -> usize {
        self.inner.manager.bytes()
    }

    /// Bytes the version store may hold ([`InstanceOptions::version_store_bytes`]).
    pub fn version_store_limit(&self) -> usize {
        self.inner.manager.limit()
    }

    /// Transactions open now.
    pub fn active_transactions(&self) -> usize {
        self.inner.manager.active_count()
    }

    /// Ends the instance leaving its databases for recovery (`JetTerm2` with
    /// `JET_bitTermDirty`): what was logged so far is made durable, then the
    /// log takes nothing more, so no database is closed cleanly: each keeps its
    /// dirty header and loses the changes only its cache held, and the next
    /// start recovers them from the log, as after a crash. Every later change or
    /// commit of the instance fails; drop it (and its databases and sessions). Without a
    /// log (recovery off) there is nothing to recover from: the databases are
    /// closed as a drop closes them. Returns the final flush's error.
    pub fn term_dirty(&self) -> Result<()> {
        let Some((log, _)) = &self.inner.log else {
            return Ok(());
        };
        let flushed = log.flush_all();
        log.fail_for(&Error::with(
            ErrorCode::DirtyShutdown,
            "the instance was ended leaving its databases for recovery (JET_bitTermDirty)",
        ));
        flushed
    }

    /// Ends the instance (`JetTerm`): ends a running backup (as stopped by the
    /// server) and detaches every database cleanly. Sessions
    /// should have ended; a database with uncommitted changes, or whose close
    /// failed, is left dirty and its error returned, and the instance is then
    /// unavailable until it is started again, which recovers the database.
    pub fn term(&self) -> Result<()> {
        // A backup still running ends as stopped by the server (ESE's abrupt end).
        self.forbid_backup();
        self.abort_backup();
        let _one = self.inner.checkpointing.lock();
        let mut dbs = self.inner.databases.lock();
        let mut first = None;
        for a in dbs.drain(..) {
            match a.db.close() {
                Ok(()) => {
                    if let Err(e) = self.log_detach(&a) {
                        first.get_or_insert(e);
                    }
                }
                Err(e) => {
                    // The database leaves the instance dirty and needs this log:
                    // nothing may log a clean end or move the checkpoint past its
                    // attach record any more (a second `term` included).
                    if let Some((log, _)) = &self.inner.log {
                        log.fail_for(&e);
                    }
                    first.get_or_insert(e);
                }
            }
        }
        if first.is_none() {
            if let Some((log, setup)) = &self.inner.log {
                // Everything is in the database files: recovery has nothing to do.
                let clean = log
                    .append(&[LogRecord::Term { clean: true }])
                    .and_then(|_| {
                        recovery::write_checkpoint(self.inner.fs.as_ref(), setup, log, &[])
                    });
                if let Err(e) = clean {
                    first.get_or_insert(e);
                }
            }
        }
        // Nothing of this instance writes any more (no checkpoint, no log file
        // prepared ahead); then another instance or process may take its files.
        self.inner.ended.store(true, Ordering::Release);
        if let Some(f) = self.inner.flusher.lock().take() {
            f.stop();
        }
        self.inner.held.lock().clear();
        match first {
            None => Ok(()),
            Some(e) => Err(e),
        }
    }

    /// Takes a checkpoint (ESE does this as the log grows): every change logged
    /// before it is written to the database files, and recovery starts there.
    /// Without recovery there is nothing to do.
    pub fn checkpoint(&self) -> Result<()> {
        let Some((log, setup)) = &self.inner.log else {
            return Ok(());
        };
        let _one = self.inner.checkpointing.lock();
        if self.inner.ended.load(Ordering::Acquire) {
            // Ended: everything is in the files, and the folders may be another
            // instance's now.
            return Ok(());
        }
        let (dbs, listed): (Vec<Database>, Vec<CheckpointDb>) = self
            .inner
            .databases
            .lock()
            .iter()
            .filter(|a| a.db.is_writable())
            .map(|a| {
                (
                    a.db.clone(),
                    CheckpointDb {
                        dbid: a.dbid,
                        path: a.path.to_string_lossy().into_owned(),
                        db_signature: crate::db::signature_of(a.db.header()),
                    },
                )
            })
            .unzip();
        // Taken together (see `checkpoint_floor`): a transaction that is not in
        // `oldest` logs its begin after `at`, or its end before it.
        let (oldest, mut at) = self.inner.manager.checkpoint_floor(|| log.appended_lgpos());
        for db in &dbs {
            if let Some(p) = db.checkpoint()? {
                at = at.min(p);
            }
        }
        if let Some(lsn) = oldest {
            at = at.min(crate::db::lgpos_of(lsn));
        }
        let now = log.generation();
        recovery::write_checkpoint_at(self.inner.fs.as_ref(), setup, log, at, &listed)?;
        // A long transaction may hold the checkpoint back: the next one is due
        // when the log has grown again, not at once.
        self.inner.checkpoint_gen.store(now, Ordering::Release);
        Ok(())
    }

    /// Whether `other` names this same instance (clones do).
    pub fn is_same(&self, other: &Instance) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }

    /// The lock a checkpoint holds (an OS snapshot's freeze holds it too: no
    /// checkpoint and no header write while the files are copied).
    pub(crate) fn checkpoint_lock(&self) -> parking_lot::MutexGuard<'_, ()> {
        self.inner.checkpointing.lock()
    }

    /// Starts a new log generation now (`JetCommitTransaction(JET_bitForceNewLog)`):
    /// everything logged so far is durable in the generation it closes. Returns the
    /// new generation, or `None` with recovery off, where ESE does nothing and
    /// succeeds (`ErrLGForceLogRollover` returns at once when logging is disabled).
    /// Works in or outside a transaction and leaves transactions as they are. A
    /// failed log is `JET_errLogWriteFail`, a full disk `JET_errDiskFull`.
    pub fn force_new_log(&self) -> Result<Option<u32>> {
        match &self.inner.log {
            Some((log, _)) => log.roll().map(Some),
            None => Ok(None),
        }
    }

    /// Sets the checkpoint depth of the running instance
    /// (`JET_paramCheckpointDepthMax`; see [`InstanceOptions::checkpoint_depth`]):
    /// the next automatic checkpoint comes once the log has grown that far past the
    /// last one.
    pub fn set_checkpoint_depth(&self, bytes: Option<u64>) {
        self.inner.checkpoint_depth_files.store(
            depth_files(bytes, self.inner.opts.log_file_size),
            Ordering::Relaxed,
        );
    }

    /// The signature of the instance's log as ESE's database headers hold it
    /// (`JetGetInstanceMiscInfo`'s `JET_InstanceMiscInfoLogSignature`; the same value the
    /// headers of its attached databases name), or `None` with recovery off.
    pub fn log_signature(&self) -> Result<Option<crate::format::header::Signature>> {
        match &self.inner.log {
            Some((l, _)) => crate::db::header_log_signature(&l.signature()).map(Some),
            None => Ok(None),
        }
    }

    /// The current log generation, or `None` with recovery off.
    pub fn log_generation(&self) -> Option<u32> {
        self.inner.log.as_ref().map(|(l, _)| l.generation())
    }

    /// The streaming backup's state.
    pub(crate) fn backup_ctx(&self) -> &crate::backup::BackupContext {
        &self.inner.backup
    }

    /// The file system the instance's files go through.
    pub(crate) fn fs(&self) -> &Arc<dyn FileSystem> {
        &self.inner.fs
    }

    /// The log writer and where the log lives (none with recovery off).
    pub(crate) fn log_parts(&self) -> Option<(&Arc<LogWriter>, &LogSetup)> {
        self.inner.log.as_ref().map(|(l, s)| (l, s))
    }

    /// The attached databases open for writing (so logged): id, path, handle.
    pub(crate) fn logged_databases(&self) -> Vec<(u8, PathBuf, Database)> {
        self.inner
            .databases
            .lock()
            .iter()
            .filter(|a| a.db.is_writable())
            .map(|a| (a.dbid, a.path.clone(), a.db.clone()))
            .collect()
    }

    /// The log and database id a database attached as `dbid` is logged to.
    fn log_target(&self, dbid: u8) -> Option<(Arc<LogWriter>, u8)> {
        self.inner.log.as_ref().map(|(l, _)| (l.clone(), dbid))
    }

    /// Logs that database `a` was detached (after its clean close).
    fn log_detach(&self, a: &Attached) -> Result<()> {
        if let Some((log, _)) = &self.inner.log {
            log.append(&[LogRecord::Detach { dbid: a.dbid }])?;
            log.flush_all()?;
        }
        Ok(())
    }
}

/// Gives its slot back to the instance when the last handle of a session goes.
#[derive(Debug)]
struct SessionSlot {
    core: Arc<SessionCore>,
    count: Option<Arc<AtomicUsize>>,
}

impl Drop for SessionSlot {
    fn drop(&mut self) {
        // Rolls back what the session left open; an error cannot be reported here.
        let _ = self.core.end();
        if let Some(c) = &self.count {
            c.fetch_sub(1, Ordering::AcqRel);
        }
    }
}

/// A session (`JET_SESID`): the unit of transactions. Clones name the same
/// session; it may be used from any thread, by one at a time.
#[derive(Debug, Clone)]
pub struct Session {
    slot: Arc<SessionSlot>,
    instance: Option<Instance>,
}

impl Session {
    fn over(
        core: Arc<SessionCore>,
        count: Option<Arc<AtomicUsize>>,
        instance: Option<Instance>,
    ) -> Session {
        Session {
            slot: Arc::new(SessionSlot { core, count }),
            instance,
        }
    }

    /// The instance, for the calls that must run outside a transaction
    /// (`JET_errInTransaction` inside one).
    fn instance_outside_transaction(&self) -> Result<&Instance> {
        if self.core().level() > 0 {
            return Err(Error::with(
                ErrorCode::InTransaction,
                "this call must be made outside a transaction",
            ));
        }
        self.instance.as_ref().ok_or_else(|| {
            Error::with(
                ErrorCode::InvalidParameter,
                "the session belongs to a database opened without an instance",
            )
        })
    }

    /// `JetCreateDatabase` through this session: [`Instance::create_database`],
    /// refused inside a transaction (`JET_errInTransaction`).
    pub fn create_database(&self, path: impl AsRef<Path>, opts: CreateOptions) -> Result<Database> {
        let _g = self.core().enter()?;
        self.instance_outside_transaction()?
            .create_database(path, opts)
    }

    /// `JetAttachDatabase` through this session: [`Instance::attach_database`],
    /// refused inside a transaction (`JET_errInTransaction`).
    pub fn attach_database(
        &self,
        path: impl AsRef<Path>,
        read_only: bool,
    ) -> Result<(Database, Option<Warning>)> {
        let _g = self.core().enter()?;
        self.instance_outside_transaction()?
            .attach_database(path, read_only)
    }

    /// `JetDetachDatabase` through this session: [`Instance::detach_database`],
    /// refused inside a transaction (`JET_errInTransaction`).
    pub fn detach_database(&self, path: impl AsRef<Path>) -> Result<()> {
        let _g = self.core().enter()?;
        self.instance_outside_transaction()?.detach_database(path)
    }

    fn core(&self) -> &Arc<SessionCore> {
        &self.slot.core
    }

    /// The session's id (unique in the process), as version-store messages name it.
    pub fn id(&self) -> u64 {
        self.core().id
    }

    /// `JetBeginTransaction`: begins a transaction, or a nested level inside one
    /// (`JET_errTransTooDeep` beyond 7 levels). The outermost level takes the
    /// snapshot every read of the transaction sees.
    pub fn begin_transaction(&self) -> Result<()> {
        let _g = self.core().enter()?;
        self.core().begin(false)
    }

    /// `JetBeginTransaction2(JET_bitTransactionReadOnly)`: a transaction whose
    /// changes fail with `JET_errTransReadOnly`.
    pub fn begin_read_only_transaction(&self) -> Result<()> {
        let _g = self.core().enter()?;
        self.core().begin(true)
    }

    /// `JetCommitTransaction`: commits the innermost level
    /// (`JET_errNotInTransaction` outside one). When that ends the transaction,
    /// returns its commit timestamp: the transactions whose snapshot is at or after
    /// it see its changes.
    ///
    /// With recovery on, a commit that ends the transaction returns once the log
    /// holds it on disk (many sessions committing at once share one flush).
    pub fn commit_transaction(&self) -> Result<Option<u64>> {
        self.commit_transaction_with(CommitMode::Durable)
    }

    /// [`Session::commit_transaction`], waiting for the disk or not (`JetCommitTransaction`
    /// with or without `JET_bitCommitLazyFlush`). A lazy commit is visible at once
    /// and durable within the log's background flush interval, or at the next
    /// durable commit or [`Session::flush_commits`].
    pub fn commit_transaction_with(&self, mode: CommitMode) -> Result<Option<u64>> {
        let _g = self.core().enter()?;
        self.core().commit(mode == CommitMode::Lazy)
    }

    /// Waits until every transaction committed so far is durable
    /// (`JET_bitWaitAllLevel0Commit`, `JetCommitTransaction2`).
    pub fn flush_commits(&self) -> Result<()> {
        let _g = self.core().enter()?;
        match self.instance.as_ref().and_then(|i| i.inner.log.as_ref()) {
            Some((log, _)) => log.flush_all(),
            None => Ok(()),
        }
    }

    /// `JetRollback`: undoes the innermost level (`JET_errNotInTransaction` outside
    /// one).
    pub fn rollback(&self) -> Result<()> {
        let _g = self.core().enter()?;
        self.core().rollback(false)
    }

    /// `JetRollback(JET_bitRollbackAll)`: undoes every level.
    pub fn rollback_all(&self) -> Result<()> {
        let _g = self.core().enter()?;
        self.core().rollback(true)
    }

    /// The nesting level (`JET_sesparamTransactionLevel`; 0 outside a transaction).
    pub fn transaction_level(&self) -> u32 {
        u32::from(self.core().level())
    }

    /// The commit timestamp the open transaction reads as of, if one is open.
    pub fn snapshot_timestamp(&self) -> Option<u64> {
        self.core().snapshot_ts()
    }

    /// `JetOpenTable`: a cursor on table `name` of `db` that reads and writes
    /// through this session. `JET_errInvalidDatabaseId` when `db` is open for
    /// writing in another instance.
    pub fn open_table(&self, db: &Database, name: &str) -> Result<Cursor> {
        let _g = self.core().enter()?;
        self.same_instance(db)?;
        db.open_cursor_in(name, Some(self.core().clone()))
    }

    /// Checks that `db` belongs to this session's instance.
    fn same_instance(&self, db: &Database) -> Result<()> {
        if let Some(m) = db.txn_manager() {
            if !Arc::ptr_eq(m, &self.core().manager) {
                return Err(Error::with(
                    ErrorCode::InvalidDatabaseId,
                    "the database belongs to another instance",
                ));
            }
        }
        Ok(())
    }

    /// Runs schema change `f` on `db` for this session.
    fn ddl<R>(
        &self,
        db: &Database,
        f: impl FnOnce(&Database, &Arc<SessionCore>) -> Result<R>,
    ) -> Result<R> {
        let _g = self.core().enter()?;
        self.same_instance(db)?;
        f(db, self.core())
    }

    /// Runs `f` with this session's additions and changes of columns and indexes allowed on
    /// tables created with fixed DDL (`JET_bitTableCreateFixedDDL`), as ESE allows them
    /// through the cursor that created the table and through one opened with
    /// `JET_bitTablePermitDDL`; a template table may gain columns while no table derives
    /// from it (`JET_errTableInUse` after), nothing else. Deletes stay `JET_errFixedDDL`, as
    /// in ESE; system tables stay fixed.
    pub fn with_fixed_ddl_permitted<R>(&self, f: impl FnOnce() -> R) -> R {
        with_flag(&self.core().permit_fixed_ddl, f)
    }

    /// Runs `f` as the engine's own catalog maintenance: this session's schema changes may
    /// change tables with fixed DDL, deletes included (as ESE's
    /// `ErrDBDeleteUnicodeIndexes` deletes their indexes through the catalog); system
    /// tables stay fixed. For maintenance a caller asked for (`JET_bitDbDeleteUnicodeIndexes`),
    /// not for an application's own schema changes.
    pub fn with_schema_maintenance<R>(&self, f: impl FnOnce() -> R) -> R {
        with_flag(&self.core().schema_maintenance, f)
    }

    /// `JetCreateTableColumnIndex` in this session's transaction (or, outside one,
    /// committed at once): the table is seen by this transaction only until it
    /// commits, and a rollback deletes it again. `def` as for
    /// [`Database::create_table`], whose errors it has, and
    /// `JET_errWriteConflict` when another transaction is creating a table of the
    /// same name.
    pub fn create_table(&self, db: &Database, def: TableDef) -> Result<TableDef> {
        self.ddl(db, |db, s| db.create_table_in(Some(s), def))
    }

    /// `JetAddColumn` in this session's transaction: see [`Database::add_column`].
    /// Other transactions see the column once this one has committed.
    pub fn add_column(&self, db: &Database, table: &str, spec: &ColumnSpec) -> Result<ColumnDef> {
        self.ddl(db, |db, s| db.add_column_in(Some(s), table, spec))
    }

    /// `JetDeleteColumn` in this session's transaction: see
    /// [`Database::delete_column`].
    pub fn delete_column(&self, db: &Database, table: &str, name: &str) -> Result<()> {
        self.ddl(db, |db, s| db.delete_column_in(Some(s), table, name))
    }

    /// `JetCreateIndex` in this session's transaction: see [`Database::create_index`].
    pub fn create_index(&self, db: &Database, table: &str, spec: &IndexSpec) -> Result<IndexDef> {
        self.ddl(db, |db, s| db.create_index_in(Some(s), table, spec))
    }

    /// `JetDeleteIndex` in this session's transaction: see [`Database::delete_index`].
    /// The index's space goes back once the deletion has committed and no snapshot
    /// reads it.
    pub fn delete_index(&self, db: &Database, table: &str, name: &str) -> Result<()> {
        self.ddl(db, |db, s| db.delete_index_in(Some(s), table, name))
    }

    /// `JetDeleteTable` in this session's transaction: see [`Database::delete_table`].
    /// Other transactions see the table until this one has committed.
    pub fn delete_table(&self, db: &Database, name: &str) -> Result<()> {
        self.ddl(db, |db, s| db.delete_table_in(Some(s), name))
    }

    /// `JetRenameTable` in this session's transaction: see [`Database::rename_table`].
    pub fn rename_table(&self, db: &Database, from: &str, to: &str) -> Result<()> {
        self.ddl(db, |db, s| db.rename_table_in(Some(s), from, to))
    }

    /// `JetRenameColumn` in this session's transaction: see [`Database::rename_column`].
    pub fn rename_column(&self, db: &Database, table: &str, from: &str, to: &str) -> Result<()> {
        self.ddl(db, |db, s| db.rename_column_in(Some(s), table, from, to))
    }

    /// `JetSetColumnDefaultValue` in this session's transaction: see
    /// [`Database::set_column_default`].
    pub fn set_column_default(
        &self,
        db: &Database,
        table: &str,
        column: &str,
        value: &[u8],
    ) -> Result<()> {
        self.ddl(db, |db, s| {
            db.set_column_default_in(Some(s), table, column, value)
        })
    }

    /// The tables of `db` as this session sees them now (its transaction's
    /// snapshot and its own schema changes), in catalog order.
    pub fn table_names(&self, db: &Database) -> Result<Vec<String>> {
        self.ddl(db, |db, s| Ok(db.table_names_at(s.snapshot())))
    }

    /// `JetEndSession`: rolls back any open transaction; every further call of
    /// the session and its cursors gets `JET_errInvalidSesid`.
    pub fn end(self) -> Result<()> {
        let _g = self.core().enter()?;
        self.core().end()
    }
}

impl Database {
    /// A session over this database's own transaction manager, for a database
    /// opened on its own rather than attached to an [`Instance`].
    pub fn begin_session(&self) -> Result<Session> {
        let m = self.txn_manager().ok_or_else(|| {
            Error::with(
                ErrorCode::PermissionDenied,
                "the database is open read-only",
            )
        })?;
        Ok(Session::over(
            Arc::new(SessionCore::new(m.clone())),
            None,
            None,
        ))
    }
}

/// Runs `f` with `flag` set, then sets it back to what it was.
fn with_flag<R>(flag: &std::sync::atomic::AtomicBool, f: impl FnOnce() -> R) -> R {
    struct Restore<'a>(&'a std::sync::atomic::AtomicBool, bool);
    impl Drop for Restore<'_> {
        fn drop(&mut self) {
            self.0.store(self.1, std::sync::atomic::Ordering::Release);
        }
    }
    let _restore = Restore(flag, flag.swap(true, std::sync::atomic::Ordering::AcqRel));
    f()
}

#[cfg(test)]
mod depth_tests {
    use super::*;

    #[test]
    fn checkpoint_depth_counts_whole_log_files() {
        let mib = 1024 * 1024;
        assert_eq!(depth_files(None, 5 * mib), DEFAULT_CHECKPOINT_DEPTH_FILES);
        assert_eq!(depth_files(Some(20 * mib), 5 * mib), 4);
        assert_eq!(depth_files(Some(20 * mib + 1), 5 * mib), 5);
        assert_eq!(depth_files(Some(16 * 1024), 5 * mib), 1);
        assert_eq!(depth_files(Some(0), 5 * mib), 1);
        assert_eq!(depth_files(Some(u64::MAX), 1), u32::MAX);
    }
}
