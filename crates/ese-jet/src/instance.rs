//! Run-instance modes and the instance lifecycle: `JetCreateInstance(2)`, `JetInit(2,3)`,
//! `JetTerm(2)`, `JetGetInstanceInfo`.
//!
//! What must hold: a plain `JetInit` (no instance) puts the process in single-instance
//! mode and makes its one instance; `JetCreateInstance` or `JetEnableMultiInstance` put it
//! in multi-instance mode; each mode refuses the other's calls (-1080, -1081); when the
//! last instance ends, the process is back to no mode. Ending an instance ends its
//! sessions (rolling back their transactions) and closes their cursors first, so every
//! handle under it is stale afterwards.

use crate::consts::*;
use crate::database::AttachedDb;
use crate::params::Params;
use crate::registry::{self, err, Registry, RunMode};
use crate::{JetResult, JET_GRBIT, JET_INSTANCE};
use ese::{ErrorCode, InstanceOptions};
use parking_lot::Mutex;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;

/// An instance as the registry holds it.
pub(crate) struct InstanceEntry {
    pub(crate) name: Option<String>,
    pub(crate) display_name: Option<String>,
    pub(crate) state: Mutex<InstState>,
    /// What refuses the instance's calls before they start (spec §1.2).
    pub(crate) gate: Gate,
}

/// The instance gate: flags read without a lock by every call of the instance and its
/// sessions.
#[derive(Default)]
pub(crate) struct Gate {
    /// `JetStopServiceInstance` or `JetStopServiceInstance2(All)` ran: every call of the
    /// instance fails with `JET_errClientRequestToStopJetService`, except `JetEndSession`,
    /// `JetStopBackupInstance`, `JetStopServiceInstance(2)` and `JetTerm(2)`.
    pub(crate) stopped: AtomicBool,
    /// `JetTerm(2)` is running: calls fail with `JET_errTermInProgress`.
    pub(crate) terminating: AtomicBool,
    /// The bits `JetStopServiceInstance2` stopped (`STOP_ALL` for "All").
    pub(crate) stopped_bits: AtomicU32,
    /// `JetRestoreInstance` is restoring with this (uninitialised) instance's
    /// parameters: its calls fail with `JET_errRestoreInProgress`.
    pub(crate) restoring: AtomicBool,
}

impl Gate {
    /// `JET_errClientRequestToStopJetService` after a stop of the service,
    /// `JET_errTermInProgress` while the instance ends, `JET_errRestoreInProgress`
    /// while a restore uses it.
    pub(crate) fn check(&self) -> JetResult<()> {
        self.check_restore()?;
        if self.stopped.load(Ordering::Acquire) {
            return Err(err(
                ErrorCode::ClientRequestToStopJetService,
                "JetStopServiceInstance stopped the instance",
            ));
        }
        if self.terminating.load(Ordering::Acquire) {
            return Err(err(ErrorCode::TermInProgress, "the instance is ending"));
        }
        Ok(())
    }
}

impl Gate {
    /// `JET_errRestoreInProgress` while `JetRestoreInstance` uses the instance.
    pub(crate) fn check_restore(&self) -> JetResult<()> {
        if self.restoring.load(Ordering::Acquire) {
            return Err(err(
                ErrorCode::RestoreInProgress,
                "JetRestoreInstance is restoring with this instance",
            ));
        }
        Ok(())
    }
}

/// What changes over an instance's life.
pub(crate) struct InstState {
    pub(crate) params: Params,
    /// The running engine instance (after `JetInit`).
    pub(crate) engine: Option<ese::Instance>,
    /// Attached databases by `JET_DBID` - 1.
    pub(crate) dbs: [Option<AttachedDb>; 6],
    /// Cursors open now, for `JET_paramMaxCursors`.
    pub(crate) cursors: usize,
}

/// `JetInit3`'s restore information (`JET_RSTINFO`): a restore map of (old, new)
/// database paths for the recovery the start runs. A database the logs name by an
/// entry's old path (exactly, else by its file name) is recovered at the entry's new
/// path; one no entry names is recovered where the logs name it with
/// `JET_bitReplayMissingMapEntryDB`, else skipped (its logged changes are not
/// replayed). An empty map is as none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JET_RSTINFO {
    /// (database path in the logs, path to restore it to).
    pub rgrstmap: Vec<(String, String)>,
}

/// One live instance as `JetGetInstanceInfo` lists it (`JET_INSTANCE_INFO`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JET_INSTANCE_INFO {
    /// The instance handle.
    pub hInstanceId: JET_INSTANCE,
    /// The name given to `JetCreateInstance`, if any.
    pub szInstanceName: Option<String>,
    /// The paths of its attached databases.
    pub szDatabaseFileName: Vec<String>,
}

pub(crate) fn any_running(reg: &Registry) -> bool {
    reg.instances
        .iter()
        .any(|(_, e)| e.state.lock().engine.is_some())
}

fn new_entry(params: Params, name: Option<&str>, display: Option<&str>) -> Arc<InstanceEntry> {
    Arc::new(InstanceEntry {
        name: name.map(str::to_string),
        display_name: display.map(str::to_string),
        state: Mutex::new(InstState {
            params,
            engine: None,
            dbs: Default::default(),
            cursors: 0,
        }),
        gate: Gate::default(),
    })
}

/// `JetCreateInstance(pinstance, szInstanceName)`: [`jet_create_instance2`] with no
/// display name and no grbit.
pub fn jet_create_instance(name: Option<&str>) -> JetResult<JET_INSTANCE> {
    jet_create_instance2(name, None, 0)
}

/// `JetCreateInstance2(pinstance, szInstanceName, szDisplayName, grbit)`: a new instance
/// holding a copy of the process-wide parameters; the process enters multi-instance
/// mode. Errors: `JET_errRunningInOneInstanceMode` (-1080) after a plain `JetInit`,
/// `JET_errInstanceNameInUse` for a name (or no name) another instance has,
/// `JET_errTooManyInstances` beyond `JET_paramMaxInstances`, `JET_errInvalidGrbit` for
/// any grbit.
pub fn jet_create_instance2(
    name: Option<&str>,
    display_name: Option<&str>,
    grbit: JET_GRBIT,
) -> JetResult<JET_INSTANCE> {
    if grbit != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            "JetCreateInstance2 takes no grbit",
        ));
    }
    let mut reg = registry::lock();
    if reg.mode == RunMode::Single {
        return Err(err(
            ErrorCode::RunningInOneInstanceMode,
            "the process runs one instance (JetInit without an instance)",
        ));
    }
    if reg.instances.iter().any(|(_, e)| e.name.as_deref() == name) {
        return Err(err(
            ErrorCode::InstanceNameInUse,
            format!("an instance named {name:?} exists"),
        ));
    }
    if reg.instances.len() >= reg.params.int(JET_paramMaxInstances) {
        return Err(err(
            ErrorCode::TooManyInstances,
            "JET_paramMaxInstances instances exist",
        ));
    }
    let entry = new_entry(reg.params.clone(), name, display_name);
    reg.mode = RunMode::Multi;
    Ok(reg.instances.insert(entry))
}

/// `JetInit(pinstance)`: [`jet_init3`] with no restore information and no grbit.
pub fn jet_init(instance: Option<&mut JET_INSTANCE>) -> JetResult<()> {
    jet_init3(instance, None, 0)
}

/// `JetInit2(pinstance, grbit)`: [`jet_init3`] with no restore information.
pub fn jet_init2(instance: Option<&mut JET_INSTANCE>, grbit: JET_GRBIT) -> JetResult<()> {
    jet_init3(instance, None, grbit)
}

const INIT_GRBITS: JET_GRBIT = JET_bitReplayIgnoreMissingDB
    | JET_bitRecoveryWithoutUndo
    | JET_bitTruncateLogsAfterRecovery
    | JET_bitReplayMissingMapEntryDB
    | JET_bitLogStreamMustExist
    | JET_bitReplayIgnoreLostLogs
    | JET_bitAllowMissingCurrentLog
    | JET_bitKeepDbAttachedAtEndOfRecovery;

/// `JetInit3(pinstance, prstInfo, grbit)`: starts an instance: resolves its paths
/// (creating missing folders only with `JET_paramCreatePathIfNotExist`, else
/// `JET_errInvalidPath`), opens its log and checkpoint and runs recovery when logs exist.
///
/// With `None`, or `Some(&mut 0)`, the process enters single-instance mode and the one
/// instance is made from the process-wide parameters; its handle is written back
/// through `instance` when given. Errors: `JET_errRunningInMultiInstanceMode` (-1081)
/// for that in multi-instance mode, `JET_errAlreadyInitialized` for an instance already
/// started (or a second plain `JetInit`), `JET_errInvalidParameter` for
/// `JET_instanceNil`, `JET_errInvalidInstance` for a stale handle,
/// `JET_errSystemPathInUse`/`JET_errLogFilePathInUse` when another running instance uses
/// the folder, `JET_errInvalidGrbit` for an unknown grbit, `JET_errInvalidParameter` for
/// a restore map of more than 12 entries or with an empty path (see [`JET_RSTINFO`] for
/// what a map does); the engine's errors (log and recovery) otherwise. The other
/// recovery grbits are accepted: the engine's recovery already replays what it finds.
///
/// `JET_bitRecoveryWithoutUndo` (log shipping): the log is replayed to its end and
/// recovery stops before undo, writing nothing to the log or the checkpoint; the call
/// then fails with `JET_errRecoveredWithoutUndo` (or
/// `JET_errRecoveredWithoutUndoDatabasesConsistent` when nothing was left to undo), and
/// the instance stays not started, so a later `JetInit` (after more log files are copied
/// in, or not) recovers the rest.
pub fn jet_init3(
    instance: Option<&mut JET_INSTANCE>,
    rstinfo: Option<&JET_RSTINFO>,
    grbit: JET_GRBIT,
) -> JetResult<()> {
    if grbit & !INIT_GRBITS != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetInit grbit {grbit:#x}"),
        ));
    }
    let map = rstinfo
        .filter(|r| !r.rgrstmap.is_empty())
        .map(|r| ese::RecoveryMap {
            entries: r
                .rgrstmap
                .iter()
                .map(|(old, new)| ese::restore::RestoreMapEntry {
                    database: old.clone(),
                    new_database: PathBuf::from(new),
                })
                .collect(),
            replay_unmapped: grbit & JET_bitReplayMissingMapEntryDB != 0,
        });
    let mut reg = registry::lock();
    let given = instance.as_deref().copied().unwrap_or(0);
    let (handle, entry, legacy) = if given == 0 {
        match reg.mode {
            RunMode::Multi => {
                return Err(err(
                    ErrorCode::RunningInMultiInstanceMode,
                    "JetInit needs an instance in multi-instance mode",
                ))
            }
            RunMode::Single => {
                return Err(err(
                    ErrorCode::AlreadyInitialized,
                    "the one instance is already initialized",
                ))
            }
            RunMode::None => {
                let entry = new_entry(reg.params.clone(), None, None);
                (reg.instances.insert(entry.clone()), entry, true)
            }
        }
    } else {
        let entry = reg.instance(given)?;
        entry.gate.check_restore()?;
        if entry.state.lock().engine.is_some() {
            return Err(err(
                ErrorCode::AlreadyInitialized,
                "the instance is already initialized",
            ));
        }
        (given, entry, false)
    };
    match start(&reg, handle, &entry, grbit, map) {
        Ok(()) => {
            if legacy {
                reg.mode = RunMode::Single;
                if let Some(p) = instance {
                    *p = handle;
                }
            }
            Ok(())
        }
        Err(e) => {
            if legacy {
                reg.instances.remove(handle);
            }
            Err(e)
        }
    }
}

/// A folder the instance needs: created with `CreatePathIfNotExist`, else it must exist.
fn folder(p: &Path, create: bool) -> JetResult<PathBuf> {
    let p = if p.as_os_str().is_empty() {
        Path::new(".")
    } else {
        p
    };
    if !p.is_dir() {
        if !create {
            return Err(err(
                ErrorCode::InvalidPath,
                format!(
                    "{} is not a folder (JET_paramCreatePathIfNotExist is off)",
                    p.display()
                ),
            ));
        }
        std::fs::create_dir_all(p).map_err(|e| ese::Error::io(e).file(p))?;
    }
    Ok(p.canonicalize().unwrap_or_else(|_| p.to_path_buf()))
}

/// Gives a running instance's engine its `JET_paramCheckpointDepthMax` (after the
/// parameter changed); an instance not started takes it at `JetInit`.
pub(crate) fn push_checkpoint_depth(st: &InstState) {
    if let Some(engine) = &st.engine {
        engine.set_checkpoint_depth(Some(st.params.int(JET_paramCheckpointDepthMax) as u64));
    }
}

/// The log buffer in bytes for `JET_paramLogBuffers` (`sectors`, in 512-byte
/// units), as ESE sizes it (`LOG_WRITE_BUFFER::ErrLGInitLogBuffers`): at least
/// two database pages and four sectors, since a split's records must fit, and at
/// most what a log file of `file_size` bytes holds after its header and one
/// sector.
pub(crate) fn log_buffer_bytes(sectors: usize, page_size: usize, file_size: u64) -> usize {
    const SECTOR: usize = 512;
    let least = 2 * page_size + 4 * SECTOR;
    let most = usize::try_from(file_size.saturating_sub(ese::format::log::LOG_HEADER_AREA))
        .unwrap_or(usize::MAX)
        .saturating_sub(SECTOR)
        .max(least);
    sectors.saturating_mul(SECTOR).clamp(least, most)
}

/// The engine options an instance's parameters give.
pub(crate) fn options(p: &Params, global: &Params) -> InstanceOptions {
    let engine_default = InstanceOptions::default();
    let ver_page = global
        .int(JET_paramVerPageSize)
        .max(2 * global.int(JET_paramDatabasePageSize));
    let cache = global
        .int(JET_paramCacheSizeMax)
        .min(engine_default.cache_pages)
        .max(global.int(JET_paramCacheSizeMin))
        .max(ese::db::MIN_CACHE_PAGES);
    let recovery = p.str(JET_paramRecovery);
    InstanceOptions {
        system_path: PathBuf::from(p.str(JET_paramSystemPath)),
        log_path: PathBuf::from(p.str(JET_paramLogFilePath)),
        base_name: p.str(JET_paramBaseName).to_string(),
        cache_pages: cache,
        version_store_bytes: p.int(JET_paramMaxVerPages).saturating_mul(ver_page),
        max_sessions: p.int(JET_paramMaxSessions).max(1),
        recovery: recovery.eq_ignore_ascii_case("on") || recovery == "repair",
        log_file_size: (p.int(JET_paramLogFileSize) as u64) * 1024,
        log_buffer_size: log_buffer_bytes(
            p.int(JET_paramLogBuffers),
            global.int(JET_paramDatabasePageSize),
            (p.int(JET_paramLogFileSize) as u64) * 1024,
        ),
        circular_log: p.int(JET_paramCircularLog) != 0,
        checkpoint_depth: Some(p.int(JET_paramCheckpointDepthMax) as u64),
        recovery_map: None,
        recovery_without_undo: false,
        temp_path: None,
    }
}

/// The temporary database `JET_paramTempPath` (`temp`) names for an instance whose
/// system folder is `system`, as ESE resolves it: a relative path against the system
/// folder, and a folder (a path that ends in a separator, or an existing folder) gets
/// `tmp.edb` appended. Its folder is where the instance's temporary files go; an
/// existing folder is given in its canonical form.
pub(crate) fn temp_database(temp: &str, system: &Path) -> PathBuf {
    let p = system.join(temp);
    let p = if temp.is_empty() || temp.ends_with(['/', '\\']) || p.is_dir() {
        p.join("tmp.edb")
    } else {
        p
    };
    match (p.parent(), p.file_name()) {
        (Some(dir), Some(name)) => match dir.canonicalize() {
            Ok(dir) => dir.join(name),
            Err(_) => p.clone(),
        },
        _ => p.clone(),
    }
}

fn start(
    reg: &Registry,
    handle: JET_INSTANCE,
    entry: &InstanceEntry,
    grbit: JET_GRBIT,
    map: Option<ese::RecoveryMap>,
) -> JetResult<()> {
    let (mut opts, create, temp) = {
        let st = entry.state.lock();
        (
            options(&st.params, &reg.params),
            st.params.int(JET_paramCreatePathIfNotExist) != 0,
            st.params.str(JET_paramTempPath).to_string(),
        )
    };
    opts.system_path = folder(&opts.system_path, create)?;
    opts.log_path = folder(&opts.log_path, create)?;
    // The temporary database's folder is made, and its name put in the folder's
    // canonical form, as the other instances' are.
    let named = temp_database(&temp, &opts.system_path);
    let made = folder(named.parent().unwrap_or(&opts.system_path), create)?;
    let temp_db = named
        .file_name()
        .map_or_else(|| named.clone(), |n| made.join(n));
    opts.temp_path = Some(made);
    opts.recovery_map = map;
    opts.recovery_without_undo = grbit & JET_bitRecoveryWithoutUndo != 0;
    for (h, other) in reg.instances.iter() {
        if h == handle {
            continue;
        }
        let st = other.state.lock();
        let Some(e) = &st.engine else { continue };
        let o = e.options();
        if o.system_path == opts.system_path {
            return Err(err(
                ErrorCode::SystemPathInUse,
                format!(
                    "{} is another instance's system path",
                    o.system_path.display()
                ),
            ));
        }
        if o.log_path == opts.log_path {
            return Err(err(
                ErrorCode::LogFilePathInUse,
                format!("{} is another instance's log path", o.log_path.display()),
            ));
        }
        let other_temp = temp_database(st.params.str(JET_paramTempPath), &o.system_path);
        if other_temp == temp_db {
            return Err(err(
                ErrorCode::TempPathInUse,
                format!(
                    "{} is another instance's temporary database",
                    temp_db.display()
                ),
            ));
        }
    }
    if grbit & JET_bitLogStreamMustExist != 0 && opts.recovery {
        let log = opts.log_path.join(format!("{}.log", opts.base_name));
        if !log.exists() {
            return Err(err(
                ErrorCode::FileNotFound,
                format!(
                    "{} does not exist (JET_bitLogStreamMustExist)",
                    log.display()
                ),
            ));
        }
    }
    let engine = ese::Instance::new(opts)?;
    entry.state.lock().engine = Some(engine);
    Ok(())
}

/// `JetTerm(instance)`: `JetTerm2(instance, JET_bitTermAbrupt)`.
pub fn jet_term(instance: JET_INSTANCE) -> JetResult<()> {
    jet_term2(instance, JET_bitTermAbrupt)
}

/// `JetTerm2(instance, grbit)`: ends the instance. Its sessions end (their transactions
/// roll back) and their cursors close; its databases are detached cleanly, except with
/// `JET_bitTermDirty`, which leaves them for recovery and returns
/// `JET_errDirtyShutdown`. An instance created but never initialized just goes. The
/// handle is stale afterwards; when no instance is left the process leaves its run mode,
/// so `JetInit` or `JetCreateInstance` may start over.
///
/// Backups (spec §3.13): the instance first stops accepting new backups (a later
/// `JetBeginExternalBackupInstance` gives `JET_errBackupNotAllowedYet`, even if this
/// call fails); `JET_bitTermAbrupt` (plain `JetTerm`) and `JET_bitTermStopBackup` abort a
/// running backup; with neither (grbit 0 or `JET_bitTermComplete`) a running backup makes
/// the call fail with `JET_errBackupInProgress` and the instance stays as it was, its
/// sessions included; `JET_bitTermDirty` does not look at backups. While the call runs,
/// the instance's other calls get `JET_errTermInProgress`. It works after
/// `JetStopServiceInstance`.
///
/// Errors: `JET_errInvalidParameter` for 0 or `JET_instanceNil`,
/// `JET_errInvalidInstance` for a stale handle, `JET_errInvalidGrbit` for an unknown
/// grbit, `JET_errTermInProgress` when another `JetTerm` of the instance runs, the
/// engine's error when a database cannot be closed cleanly (the instance is gone all the
/// same).
pub fn jet_term2(instance: JET_INSTANCE, grbit: JET_GRBIT) -> JetResult<()> {
    let all = JET_bitTermComplete | JET_bitTermAbrupt | JET_bitTermStopBackup | JET_bitTermDirty;
    let (entry, engine) = {
        let mut reg = registry::lock();
        let entry = reg.instance(instance)?;
        entry.gate.check_restore()?;
        if grbit & !all != 0 {
            return Err(err(
                ErrorCode::InvalidGrbit,
                format!("JetTerm2 grbit {grbit:#x}"),
            ));
        }
        let engine = entry.state.lock().engine.clone();
        let Some(engine) = engine else {
            reg.instances.remove(instance);
            leave_mode_if_empty(&mut reg);
            return Ok(());
        };
        if entry.gate.terminating.swap(true, Ordering::AcqRel) {
            return Err(err(
                ErrorCode::TermInProgress,
                "another JetTerm of this instance is running",
            ));
        }
        (entry, engine)
    };
    // The backup steps run without the registry: an abort waits for the backup call in
    // flight, which may be reading a file.
    engine.forbid_backup();
    if grbit & (JET_bitTermAbrupt | JET_bitTermStopBackup) != 0 {
        engine.abort_backup();
    }
    if grbit & (JET_bitTermAbrupt | JET_bitTermDirty) == 0 && engine.backup_running_now() {
        entry.gate.terminating.store(false, Ordering::Release);
        return Err(err(
            ErrorCode::BackupInProgress,
            "a backup is running (JetTerm2 without JET_bitTermAbrupt or StopBackup)",
        ));
    }
    crate::defrag::stop_where(|inst, _| Arc::ptr_eq(inst, &entry));
    let mut reg = registry::lock();
    let sessions: Vec<_> = reg
        .sessions
        .iter()
        .filter(|(_, s)| Arc::ptr_eq(&s.instance, &entry))
        .map(|(h, _)| h)
        .collect();
    for s in sessions {
        crate::session::end_locked(&mut reg, s);
    }
    {
        let mut st = entry.state.lock();
        st.dbs = Default::default();
        st.engine = None;
    }
    reg.instances.remove(instance);
    leave_mode_if_empty(&mut reg);
    crate::local_storage::free_tables(|inst, _, _| Arc::ptr_eq(inst, &entry));
    // The registry stays locked until the databases are closed: no other instance may
    // start on these folders meanwhile.
    if grbit & JET_bitTermDirty != 0 {
        // Before the last handles go: they would close the databases cleanly.
        let _ = engine.term_dirty();
        drop(engine);
        drop(reg);
        return Err(err(
            ErrorCode::DirtyShutdown,
            "the databases were left for recovery (JET_bitTermDirty)",
        ));
    }
    let r = engine.term();
    drop(reg);
    r
}

/// With no instance left, the process leaves its run mode.
pub(crate) fn leave_mode_if_empty(reg: &mut Registry) {
    if reg.instances.len() == 0 {
        reg.mode = RunMode::None;
        reg.multi_enabled = false;
    }
}

/// `JetGetInstanceInfo(pcInstanceInfo, paInstanceInfo)`: the running instances with
/// their names and attached databases.
pub fn jet_get_instance_info() -> JetResult<Vec<JET_INSTANCE_INFO>> {
    let reg = registry::lock();
    let mut out = Vec::new();
    for (h, e) in reg.instances.iter() {
        let st = e.state.lock();
        if st.engine.is_none() {
            continue;
        }
        out.push(JET_INSTANCE_INFO {
            hInstanceId: h,
            szInstanceName: e.name.clone().or_else(|| e.display_name.clone()),
            szDatabaseFileName: st
                .dbs
                .iter()
                .flatten()
                .map(|d| d.path.to_string_lossy().into_owned())
                .collect(),
        });
    }
    Ok(out)
}

/// The running engine instance of `entry` (`JET_errNotInitialized` before `JetInit`).
pub(crate) fn engine_of(st: &InstState) -> JetResult<ese::Instance> {
    st.engine.clone().ok_or_else(|| {
        err(
            ErrorCode::NotInitialized,
            "the instance has not been initialized (JetInit)",
        )
    })
}

/// `JetGetThreadStats`: the calling thread's work since its first use of the engine,
/// over every instance (pages referenced, read, dirtied and redirtied, log records and
/// their bytes, cache misses and their wait, separated long values read). The engine
/// reads no page ahead, so `pages_preread` stays 0. Needs no instance, as in ESE.
pub fn jet_get_thread_stats() -> ese::thread_stats::ThreadStats {
    ese::thread_stats::current()
}
