//! OS snapshot backup (ESE's `JetOSSnapshot*`, the calls a volume shadow copy
//! writer makes): sessions named by a [`SnapId`] take instances through
//! prepare, freeze, thaw, log truncation and end, while a copier outside the
//! engine copies the database and log files as they lie on disk.
//! `docs/design/snapshot.md` describes the steps and where ese-rs differs.
//!
//! Owns [`SnapshotRegistry`] (the sessions of a process, or of a test) and its
//! state machine; the instance side lives in `backup::BackupContext`.
//!
//! What must hold:
//! * an instance belongs to at most one session, from its prepare to its end;
//! * from a freeze to its thaw (or time-out) no file of a member instance
//!   changes: the checkpoint lock is held (no checkpoint file or database
//!   header write), the log is paused (appends and flushes wait) and every
//!   member database's page writes and growth wait; the files then form a
//!   crash image that soft recovery brings to every commit acknowledged before
//!   the freeze;
//! * the freezing thread takes its locks in the order checkpoint, log, page
//!   writes, which is the order the engine's own threads nest them, and reads
//!   nothing that a writer waiting for the log could hold;
//! * from the freeze to the end (or time-out) the instance's backup is held:
//!   streaming calls, attach and detach get `JET_errBackupInProgress`;
//! * a freeze lets go by itself after the time-out; the next thaw then fails
//!   with `JET_errOSSnapshotTimeOut`.

use crate::backup::stamp_database;
use crate::cache::{BufferCache, WriteFreeze};
use crate::db::{header_lgpos, now_logtime};
use crate::format::header::{BackupInfo, Lgpos as HeaderLgpos, LogTime};
use crate::log::{list_generations, numbered_log_name, Checkpoint, LogPause};
use crate::{Database, Error, ErrorCode, Instance, Result};
use parking_lot::{Mutex, MutexGuard};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;
use std::time::Duration;

/// The grbits of the OS snapshot calls (the values of esent.h).
pub mod grbit {
    /// `JET_bitIncrementalSnapshot` (prepare): only the logs since the last
    /// full OS snapshot.
    pub const INCREMENTAL_SNAPSHOT: u32 = 0x1;
    /// `JET_bitCopySnapshot` (prepare): a copy that neither truncates the logs
    /// nor counts as the base of an incremental snapshot.
    pub const COPY_SNAPSHOT: u32 = 0x2;
    /// `JET_bitContinueAfterThaw` (prepare): the session lives on after the
    /// thaw, for log truncation and an explicit end.
    pub const CONTINUE_AFTER_THAW: u32 = 0x4;
    /// `JET_bitExplicitPrepare` (prepare): instances join one by one with
    /// [`SnapshotRegistry::os_snapshot_prepare_instance`](super::SnapshotRegistry::os_snapshot_prepare_instance).
    pub const EXPLICIT_PREPARE: u32 = 0x8;
    /// `JET_bitAllDatabasesSnapshot` (truncate log): every database was in
    /// the snapshot, so the logs it made unnecessary may go.
    pub const ALL_DATABASES_SNAPSHOT: u32 = 0x1;
    /// `JET_bitAbortSnapshot` (end): the snapshot failed; nothing is stamped.
    pub const ABORT_SNAPSHOT: u32 = 0x1;
}

/// A snapshot session's id (`JET_OSSNAPID`): 1 for the first prepare of a
/// registry, one more for each later one.
pub type SnapId = u64;

/// How long a freeze may last before it lets go by itself
/// (`JET_paramOSSnapshotTimeout`'s default, 70 s).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_millis(70_000);

/// One member instance of a snapshot and its databases
/// (`JET_INSTANCE_INFO`).
#[derive(Debug, Clone)]
pub struct FreezeInfo {
    /// The instance (the Jet layer maps it to its handle and display name).
    pub instance: Instance,
    /// The full paths of its databases open for writing, in database-id order.
    pub databases: Vec<PathBuf>,
}

/// Where a session stands (ESE's `Start`, `Thaw`, `Abort` and `End` last no
/// longer than the call that passes through them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Prepare,
    Freeze,
    TimeOut,
    AllowLogTruncate,
    LogTruncated,
}

/// What the freeze found for one member instance.
#[derive(Clone)]
struct Frozen {
    /// Database id, full path, handle.
    databases: Vec<(u8, PathBuf, Database)>,
    /// The log position where logging was paused.
    mark: HeaderLgpos,
    mark_time: LogTime,
    /// The first log generation the copy needs.
    copy_mic: u32,
    /// One past the last finished generation the copy holds.
    copy_mac: u32,
    /// Truncation deletes the logs below this (0 once done).
    delete_mac: u32,
}

struct Member {
    instance: Instance,
    frozen: Option<Frozen>,
}

/// The thread that holds the freeze.
struct Freezer {
    thaw: mpsc::Sender<()>,
    handle: JoinHandle<()>,
}

struct SessionState {
    phase: Phase,
    members: Vec<Member>,
    freezer: Option<Freezer>,
    /// Set by the freezing thread when the time-out let the freeze go.
    timed_out: Arc<AtomicBool>,
    /// Removed from the registry (a call that found it before then gets
    /// `JET_errOSSnapshotInvalidSnapId`).
    ended: bool,
}

impl SessionState {
    fn phase(&self) -> Phase {
        if self.phase == Phase::Freeze && self.timed_out.load(Ordering::SeqCst) {
            Phase::TimeOut
        } else {
            self.phase
        }
    }
}

struct Session {
    id: SnapId,
    bits: u32,
    state: Mutex<SessionState>,
}

impl Session {
    fn has(&self, bit: u32) -> bool {
        self.bits & bit != 0
    }
}

/// The OS snapshot sessions of a process ([`global`]), or of a test. The
/// methods are ESE's `JetOSSnapshot*` calls.
pub struct SnapshotRegistry {
    next: AtomicU64,
    sessions: Mutex<HashMap<SnapId, Arc<Session>>>,
    timeout_ms: AtomicU64,
}

impl std::fmt::Debug for SnapshotRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SnapshotRegistry")
            .field("sessions", &self.sessions.lock().len())
            .field("timeout", &self.timeout())
            .finish()
    }
}

impl Default for SnapshotRegistry {
    fn default() -> Self {
        SnapshotRegistry::new()
    }
}

/// The registry of the process (ESE's snapshot calls are process-wide).
pub fn global() -> &'static SnapshotRegistry {
    static GLOBAL: OnceLock<SnapshotRegistry> = OnceLock::new();
    GLOBAL.get_or_init(SnapshotRegistry::new)
}

fn err(code: ErrorCode, what: impl Into<String>) -> Error {
    Error::with(code, what)
}

fn sequence(what: &str) -> Error {
    err(
        ErrorCode::OSSnapshotInvalidSequence,
        format!("{what} is not allowed at this point of the snapshot"),
    )
}

fn only_zero(bits: u32, call: &str) -> Result<()> {
    if bits != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("{call} takes no grbit ({bits:#x})"),
        ));
    }
    Ok(())
}

fn absolute(p: &std::path::Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// One member instance as the freezing thread handles it.
struct Target {
    instance: Instance,
    databases: Vec<(u8, PathBuf, Database)>,
    /// The last generation each database's previous backups reached
    /// (incremental only), read before the log pauses.
    last_backed_up: Vec<(PathBuf, u32)>,
}

impl SnapshotRegistry {
    /// A registry with no session and the default time-out.
    pub fn new() -> SnapshotRegistry {
        SnapshotRegistry {
            next: AtomicU64::new(1),
            sessions: Mutex::new(HashMap::new()),
            timeout_ms: AtomicU64::new(DEFAULT_TIMEOUT.as_millis() as u64),
        }
    }

    /// How long a freeze may last (`JET_paramOSSnapshotTimeout`).
    pub fn timeout(&self) -> Duration {
        Duration::from_millis(self.timeout_ms.load(Ordering::SeqCst))
    }

    /// Sets how long later freezes may last (whole milliseconds).
    pub fn set_timeout(&self, timeout: Duration) {
        let ms = u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX);
        self.timeout_ms.store(ms, Ordering::SeqCst);
    }

    fn session(&self, id: SnapId) -> Result<Arc<Session>> {
        self.sessions.lock().get(&id).cloned().ok_or_else(|| {
            err(
                ErrorCode::OSSnapshotInvalidSnapId,
                format!("no snapshot session has id {id}"),
            )
        })
    }

    /// `JET_errOSSnapshotInvalidSnapId` for a session that ended while the
    /// caller waited for its lock.
    fn live(state: &SessionState, id: SnapId) -> Result<()> {
        if state.ended {
            return Err(err(
                ErrorCode::OSSnapshotInvalidSnapId,
                format!("snapshot session {id} has ended"),
            ));
        }
        Ok(())
    }

    /// `JetOSSnapshotPrepare`: a new session in its prepare phase. Without
    /// [`grbit::EXPLICIT_PREPARE`], every instance of `instances` that belongs
    /// to no session joins it (the Jet layer passes all its instances); with
    /// it, none does. `JET_errInvalidGrbit` for bits beyond the four.
    pub fn os_snapshot_prepare(&self, bits: u32, instances: &[Instance]) -> Result<SnapId> {
        let known = grbit::INCREMENTAL_SNAPSHOT
            | grbit::COPY_SNAPSHOT
            | grbit::CONTINUE_AFTER_THAW
            | grbit::EXPLICIT_PREPARE;
        if bits & !known != 0 {
            return Err(err(
                ErrorCode::InvalidGrbit,
                format!("JetOSSnapshotPrepare grbit {bits:#x}"),
            ));
        }
        let id = self.next.fetch_add(1, Ordering::SeqCst);
        let mut members = Vec::new();
        if bits & grbit::EXPLICIT_PREPARE == 0 {
            for i in instances {
                if i.backup_ctx().snapshot_join(id) {
                    members.push(Member {
                        instance: i.clone(),
                        frozen: None,
                    });
                }
            }
        }
        let session = Session {
            id,
            bits,
            state: Mutex::new(SessionState {
                phase: Phase::Prepare,
                members,
                freezer: None,
                timed_out: Arc::new(AtomicBool::new(false)),
                ended: false,
            }),
        };
        self.sessions.lock().insert(id, Arc::new(session));
        Ok(id)
    }

    /// `JetOSSnapshotPrepareInstance`: `instance` joins session `id`, which must
    /// be in its prepare phase (`JET_errOSSnapshotInvalidSequence`).
    /// `JET_errOSSnapshotNotAllowed` when the instance belongs to a session
    /// already (this one included), a streaming backup runs, or the instance
    /// is ending.
    pub fn os_snapshot_prepare_instance(
        &self,
        id: SnapId,
        instance: &Instance,
        bits: u32,
    ) -> Result<()> {
        only_zero(bits, "JetOSSnapshotPrepareInstance")?;
        let s = self.session(id)?;
        let mut st = s.state.lock();
        Self::live(&st, id)?;
        if st.phase() != Phase::Prepare {
            return Err(sequence("JetOSSnapshotPrepareInstance"));
        }
        let ctx = instance.backup_ctx();
        if ctx.streaming_busy() || !ctx.snapshot_join(id) {
            return Err(err(
                ErrorCode::OSSnapshotNotAllowed,
                "the instance is in a snapshot already, backs up, or is ending",
            ));
        }
        st.members.push(Member {
            instance: instance.clone(),
            frozen: None,
        });
        Ok(())
    }

    /// `JetOSSnapshotFreeze`: holds every file of the member instances still
    /// (see the module header) and returns them with their databases. The
    /// session must be in its prepare phase (`JET_errOSSnapshotInvalidSequence`).
    ///
    /// Errors, after which the session stays prepared and nothing is held:
    /// `JET_errOSSnapshotNotAllowed` (a streaming backup runs, the instance is
    /// ending, or it runs without a log), for an incremental snapshot
    /// `JET_errInvalidBackup` (circular logging), `JET_errMissingFullBackup` (a
    /// database has no full OS snapshot that truncated the logs) and
    /// `JET_errMissingFileToBackup` (the logs on disk do not reach back to the
    /// last backup), or an error of the log roll.
    pub fn os_snapshot_freeze(&self, id: SnapId, bits: u32) -> Result<Vec<FreezeInfo>> {
        only_zero(bits, "JetOSSnapshotFreeze")?;
        let s = self.session(id)?;
        let mut st = s.state.lock();
        Self::live(&st, id)?;
        if st.phase() != Phase::Prepare {
            return Err(sequence("JetOSSnapshotFreeze"));
        }
        let full = !s.has(grbit::INCREMENTAL_SNAPSHOT);
        let instances: Vec<Instance> = st.members.iter().map(|m| m.instance.clone()).collect();
        check_members(&instances, full)?;
        let mut held: Vec<&Instance> = Vec::new();
        for i in &instances {
            if let Err(e) = i.backup_ctx().snapshot_hold() {
                held.iter().for_each(|h| release(h));
                return Err(e);
            }
            if let Some((log, _)) = i.log_parts() {
                log.keep_generations(true);
            }
            held.push(i);
        }
        let targets = targets(&instances, full);
        let timed_out = Arc::new(AtomicBool::new(false));
        let (ready_tx, ready_rx) = mpsc::channel();
        let (thaw_tx, thaw_rx) = mpsc::channel();
        let timeout = self.timeout();
        let flag = timed_out.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("ese-snapshot-{}", s.id))
            .spawn(move || hold_freeze(targets, full, ready_tx, thaw_rx, timeout, flag));
        let handle = match spawned {
            Ok(h) => h,
            Err(e) => {
                instances.iter().for_each(release);
                return Err(Error::io(e).detail("starting the snapshot's freeze failed"));
            }
        };
        let frozen = match ready_rx.recv() {
            Ok(Ok(f)) => f,
            Ok(Err(e)) => {
                let _ = handle.join();
                instances.iter().for_each(release);
                return Err(e);
            }
            Err(_) => {
                let _ = handle.join();
                instances.iter().for_each(release);
                return Err(err(
                    ErrorCode::InternalError,
                    "the snapshot's freeze ended without an answer",
                ));
            }
        };
        let state = &mut *st;
        for (m, f) in state.members.iter_mut().zip(frozen) {
            m.frozen = Some(f);
        }
        state.timed_out = timed_out;
        state.freezer = Some(Freezer {
            thaw: thaw_tx,
            handle,
        });
        state.phase = Phase::Freeze;
        Ok(freeze_info(state))
    }

    /// `JetOSSnapshotGetFreezeInfo`: the member instances and their databases,
    /// from the prepare phase to the end (`JET_errOSSnapshotInvalidSequence`
    /// otherwise). Before the freeze, the databases attached now.
    pub fn os_snapshot_get_freeze_info(&self, id: SnapId, bits: u32) -> Result<Vec<FreezeInfo>> {
        only_zero(bits, "JetOSSnapshotGetFreezeInfo")?;
        let s = self.session(id)?;
        let st = s.state.lock();
        Self::live(&st, id)?;
        Ok(freeze_info(&st))
    }

    /// `JetOSSnapshotThaw`: lets the files go. The session must be frozen or
    /// timed out (`JET_errOSSnapshotInvalidSequence`); after a time-out the
    /// call fails with `JET_errOSSnapshotTimeOut`. Without
    /// [`grbit::CONTINUE_AFTER_THAW`] the session then ends by itself (normally
    /// after a good thaw, which stamps the headers; as aborted after a
    /// time-out) and its id is no longer valid.
    pub fn os_snapshot_thaw(&self, id: SnapId, bits: u32) -> Result<()> {
        only_zero(bits, "JetOSSnapshotThaw")?;
        let s = self.session(id)?;
        let mut st = s.state.lock();
        Self::live(&st, id)?;
        if !matches!(st.phase(), Phase::Freeze | Phase::TimeOut) {
            return Err(sequence("JetOSSnapshotThaw"));
        }
        let thawed = thaw(&mut st);
        if !s.has(grbit::CONTINUE_AFTER_THAW) {
            self.finish(&s, &mut st, thawed.is_ok());
        }
        thawed
    }

    /// `JetOSSnapshotTruncateLog`: for every member instance, with
    /// [`grbit::ALL_DATABASES_SNAPSHOT`] and without circular logging, deletes
    /// the logs the snapshot made unnecessary (from the first on disk to the
    /// checkpoint at the freeze), oldest first; a second call deletes nothing
    /// more. After the thaw only, and never for a copy snapshot
    /// (`JET_errOSSnapshotInvalidSequence`). `JET_errRequiredLogFilesMissing`
    /// when the logs on disk begin past that range.
    pub fn os_snapshot_truncate_log(&self, id: SnapId, bits: u32) -> Result<()> {
        self.truncate(id, None, bits)
    }

    /// `JetOSSnapshotTruncateLogInstance`: [`Self::os_snapshot_truncate_log`]
    /// for one instance; one that is not in the session gets
    /// `ErrorCode::Nyi` (-1, the value ESE returns).
    pub fn os_snapshot_truncate_log_instance(
        &self,
        id: SnapId,
        instance: &Instance,
        bits: u32,
    ) -> Result<()> {
        self.truncate(id, Some(instance), bits)
    }

    fn truncate(&self, id: SnapId, only: Option<&Instance>, bits: u32) -> Result<()> {
        if bits & !grbit::ALL_DATABASES_SNAPSHOT != 0 {
            return Err(err(
                ErrorCode::InvalidGrbit,
                format!("JetOSSnapshotTruncateLog grbit {bits:#x}"),
            ));
        }
        let s = self.session(id)?;
        let mut st = s.state.lock();
        Self::live(&st, id)?;
        let state = &mut *st;
        if !matches!(state.phase(), Phase::AllowLogTruncate | Phase::LogTruncated)
            || s.has(grbit::COPY_SNAPSHOT)
        {
            return Err(sequence("JetOSSnapshotTruncateLog"));
        }
        if let Some(i) = only {
            if !state.members.iter().any(|m| m.instance.is_same(i)) {
                return Err(err(
                    ErrorCode::Nyi,
                    "the instance is not in this snapshot session",
                ));
            }
        }
        let all = bits & grbit::ALL_DATABASES_SNAPSHOT != 0;
        let mut result = Ok(());
        for m in &mut state.members {
            if only.is_some_and(|i| !m.instance.is_same(i)) {
                continue;
            }
            if all {
                if let Err(e) = truncate_member(m) {
                    result = Err(e);
                    break;
                }
            }
        }
        result?;
        state.phase = Phase::LogTruncated;
        Ok(())
    }

    /// `JetOSSnapshotEnd`: ends the session; [`grbit::ABORT_SNAPSHOT`] says
    /// the snapshot failed. From the prepare phase the instances are released;
    /// after a thaw a normal end first stamps every member database's header
    /// (type OS snapshot: full or incremental slot, or with
    /// [`grbit::COPY_SNAPSHOT`] the copy or differential slot); during a freeze
    /// only an abort is allowed and thaws first; after a time-out only an abort.
    /// `JET_errOSSnapshotInvalidSequence` otherwise.
    pub fn os_snapshot_end(&self, id: SnapId, bits: u32) -> Result<()> {
        if bits & !grbit::ABORT_SNAPSHOT != 0 {
            return Err(err(
                ErrorCode::InvalidGrbit,
                format!("JetOSSnapshotEnd grbit {bits:#x}"),
            ));
        }
        let abort = bits & grbit::ABORT_SNAPSHOT != 0;
        let s = self.session(id)?;
        let mut st = s.state.lock();
        Self::live(&st, id)?;
        let state = &mut *st;
        match state.phase() {
            Phase::Prepare => self.finish(&s, state, false),
            Phase::AllowLogTruncate | Phase::LogTruncated => self.finish(&s, state, !abort),
            Phase::Freeze if abort => {
                // As ESE: the thaw inside ends a session without
                // ContinueAfterThaw normally, headers stamped.
                let thawed = thaw(state).is_ok();
                let normal = thawed && !s.has(grbit::CONTINUE_AFTER_THAW);
                self.finish(&s, state, normal);
            }
            Phase::TimeOut if abort => {
                let _ = thaw(state);
                self.finish(&s, state, false);
            }
            Phase::Freeze | Phase::TimeOut => return Err(sequence("JetOSSnapshotEnd")),
        }
        Ok(())
    }

    /// `JetOSSnapshotAbort`: [`Self::os_snapshot_end`] with
    /// [`grbit::ABORT_SNAPSHOT`], in any phase.
    pub fn os_snapshot_abort(&self, id: SnapId, bits: u32) -> Result<()> {
        only_zero(bits, "JetOSSnapshotAbort")?;
        self.os_snapshot_end(id, grbit::ABORT_SNAPSHOT)
    }

    /// Ends session `s` (thawed already): stamps the headers when `stamp`,
    /// releases the instances and forgets the session.
    fn finish(&self, s: &Session, state: &mut SessionState, stamp: bool) {
        let full = !s.has(grbit::INCREMENTAL_SNAPSHOT);
        let truncated = !s.has(grbit::COPY_SNAPSHOT);
        let timed_out = state.timed_out.load(Ordering::SeqCst);
        for m in &state.members {
            if let Some(f) = &m.frozen {
                if stamp && !timed_out {
                    stamp_member(f, full, truncated);
                }
                // After a time-out the freezing thread released them itself
                // (and a streaming backup may hold them since).
                if !timed_out {
                    release(&m.instance);
                }
            }
            m.instance.backup_ctx().snapshot_leave(s.id);
        }
        state.ended = true;
        self.sessions.lock().remove(&s.id);
    }
}

/// Checks made before anything is held: every member has a log, and for an
/// incremental snapshot no circular logging and a full OS snapshot that
/// truncated the logs.
fn check_members(instances: &[Instance], full: bool) -> Result<()> {
    for i in instances {
        let Some((_, setup)) = i.log_parts() else {
            return Err(err(
                ErrorCode::OSSnapshotNotAllowed,
                "the instance runs without a log (recovery off): no snapshot",
            ));
        };
        if full {
            continue;
        }
        if setup.config.circular {
            return Err(err(
                ErrorCode::InvalidBackup,
                "an incremental snapshot needs every log since the last one: circular logging deletes them",
            ));
        }
        for (_, path, db) in i.logged_databases() {
            let h = db.backup_header().unwrap_or_else(|| db.header().clone());
            if h.backup_full_prev.gen_low == 0 || h.backup_type_full_prev != 1 {
                return Err(err(
                    ErrorCode::MissingFullBackup,
                    format!(
                        "{} has no full OS snapshot that truncated the logs: an incremental snapshot needs one",
                        path.display()
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The member instances with their databases, listed once the backup is held
/// (an attach under way finishes first; later ones are refused).
fn targets(instances: &[Instance], full: bool) -> Vec<Target> {
    let mut out = Vec::new();
    for i in instances {
        let mut databases: Vec<(u8, PathBuf, Database)> = i
            .logged_databases()
            .into_iter()
            .map(|(dbid, p, db)| (dbid, absolute(&p), db))
            .collect();
        databases.sort_by_key(|d| d.0);
        let last_backed_up = if full {
            Vec::new()
        } else {
            databases
                .iter()
                .map(|(_, p, db)| {
                    let h = db.backup_header().unwrap_or_else(|| db.header().clone());
                    let last = h
                        .backup_full_prev
                        .gen_high
                        .max(h.backup_incremental_prev.gen_high);
                    (p.clone(), last)
                })
                .collect()
        };
        out.push(Target {
            instance: i.clone(),
            databases,
            last_backed_up,
        });
    }
    out
}

/// Gives instance `i`'s backup back after a freeze.
fn release(i: &Instance) {
    i.backup_ctx().snapshot_release();
    if let Some((log, _)) = i.log_parts() {
        log.keep_generations(false);
    }
}

/// The freezing thread: takes the locks (checkpoint, log, page writes, in this
/// order), reports what it froze, waits for the thaw or the time-out, and lets
/// go. After a time-out it also releases the instances' backup.
fn hold_freeze(
    targets: Vec<Target>,
    full: bool,
    ready: mpsc::Sender<Result<Vec<Frozen>>>,
    thaw: mpsc::Receiver<()>,
    timeout: Duration,
    timed_out: Arc<AtomicBool>,
) {
    let caches: Vec<Arc<BufferCache>> = targets
        .iter()
        .flat_map(|t| {
            t.databases
                .iter()
                .filter_map(|(_, _, db)| db.cache().cloned())
        })
        .collect();
    let checkpoints: Vec<MutexGuard<'_, ()>> = targets
        .iter()
        .map(|t| t.instance.checkpoint_lock())
        .collect();
    let mut pauses: Vec<LogPause<'_>> = Vec::new();
    let mut frozen = Vec::new();
    for t in &targets {
        match pause_member(t, full) {
            Ok((p, f)) => {
                pauses.push(p);
                frozen.push(f);
            }
            Err(e) => {
                drop(pauses);
                drop(checkpoints);
                let _ = ready.send(Err(e));
                return;
            }
        }
    }
    let writes: Vec<WriteFreeze<'_>> = caches.iter().map(|c| c.freeze_writes()).collect();
    if ready.send(Ok(frozen)).is_err() {
        return;
    }
    let outcome = thaw.recv_timeout(timeout);
    drop(writes);
    drop(pauses);
    drop(checkpoints);
    if matches!(outcome, Err(RecvTimeoutError::Timeout)) {
        timed_out.store(true, Ordering::SeqCst);
        targets.iter().for_each(|t| release(&t.instance));
    }
}

/// Pauses member `t`'s log (after a roll unless logging is circular) and notes
/// the ranges of the snapshot. Reads only files and the log it holds: a
/// database's locks may be held by a writer waiting for that log.
fn pause_member(t: &Target, full: bool) -> Result<(LogPause<'_>, Frozen)> {
    let Some((log, setup)) = t.instance.log_parts() else {
        return Err(err(ErrorCode::OSSnapshotNotAllowed, "no log"));
    };
    let circular = setup.config.circular;
    let pause = log.pause(!circular)?;
    let mark = header_lgpos(pause.appended());
    let mark_time = now_logtime()?;
    let fs = t.instance.fs();
    let checkpoint = Checkpoint::read(fs.as_ref(), &setup.system_dir, &setup.config.base)?;
    let gens = list_generations(fs.as_ref(), &setup.config.dir, &setup.config.base)?;
    let paused = pause.generation();
    let copy_mac = if circular {
        paused.saturating_add(1)
    } else {
        paused
    };
    let first = gens.first().copied().unwrap_or(paused);
    for (path, last) in &t.last_backed_up {
        if first > last.saturating_add(1) {
            return Err(err(
                ErrorCode::MissingFileToBackup,
                format!(
                    "log generation {:08X} after the last backup of {} is missing",
                    last + 1,
                    path.display()
                ),
            ));
        }
    }
    let ckpt = checkpoint.lgpos.generation;
    let frozen = Frozen {
        databases: t.databases.clone(),
        mark,
        mark_time,
        copy_mic: if full { ckpt } else { first },
        copy_mac,
        delete_mac: ckpt.min(copy_mac),
    };
    Ok((pause, frozen))
}

/// The freeze info of a session: the frozen lists, or before the freeze the
/// databases attached now.
fn freeze_info(state: &SessionState) -> Vec<FreezeInfo> {
    state
        .members
        .iter()
        .map(|m| {
            let databases = match &m.frozen {
                Some(f) => f.databases.iter().map(|d| d.1.clone()).collect(),
                None => {
                    let mut dbs = m.instance.logged_databases();
                    dbs.sort_by_key(|d| d.0);
                    dbs.iter().map(|d| absolute(&d.1)).collect()
                }
            };
            FreezeInfo {
                instance: m.instance.clone(),
                databases,
            }
        })
        .collect()
}

/// Signals the freezing thread and waits for it; `JET_errOSSnapshotTimeOut`
/// when the time-out had let the freeze go already.
fn thaw(state: &mut SessionState) -> Result<()> {
    if let Some(f) = state.freezer.take() {
        // The thread may be gone already (time-out): nothing receives then.
        let _ = f.thaw.send(());
        let _ = f.handle.join();
    }
    if state.timed_out.load(Ordering::SeqCst) {
        state.phase = Phase::TimeOut;
        return Err(err(
            ErrorCode::OSSnapshotTimeOut,
            "the freeze lasted longer than the snapshot time-out and was let go",
        ));
    }
    state.phase = Phase::AllowLogTruncate;
    Ok(())
}

/// Deletes member `m`'s logs below the snapshot's truncation point, oldest
/// first, each removal durable before the next; then nothing more.
fn truncate_member(m: &mut Member) -> Result<()> {
    let Some(f) = m.frozen.as_mut() else {
        return Ok(());
    };
    let Some((_, setup)) = m.instance.log_parts() else {
        return Ok(());
    };
    if setup.config.circular || f.delete_mac == 0 {
        return Ok(());
    }
    let fs = m.instance.fs();
    let gens = list_generations(fs.as_ref(), &setup.config.dir, &setup.config.base)?;
    let Some(&first) = gens.first() else {
        return Ok(());
    };
    if first > f.delete_mac {
        return Err(err(
            ErrorCode::RequiredLogFilesMissing,
            format!(
                "the first log on disk ({first:08X}) comes after the snapshot's range (below {:08X})",
                f.delete_mac
            ),
        ));
    }
    for g in first..f.delete_mac {
        let p = setup.config.path(&numbered_log_name(&setup.config.base, g));
        match fs.remove_file(&p) {
            Ok(()) => fs
                .sync_dir(&setup.config.dir)
                .map_err(|e| Error::io(e).file(&setup.config.dir))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(e).file(&p)),
        }
    }
    f.delete_mac = 0;
    Ok(())
}

/// Stamps every database of member `f` with the snapshot's record.
fn stamp_member(f: &Frozen, full: bool, truncated: bool) {
    let bk = BackupInfo {
        lgpos_mark: f.mark,
        time_mark: f.mark_time,
        gen_low: f.copy_mic,
        gen_high: f.copy_mac.saturating_sub(1),
    };
    for (_, _, db) in &f.databases {
        // As for a streaming backup, a stamp that cannot be written leaves the
        // older record: the snapshot itself is good.
        let _ = stamp_database(db, bk, full, truncated, 1);
    }
}
