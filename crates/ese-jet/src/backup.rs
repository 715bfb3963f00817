//! Streaming backup, stopping backups and the service, and restore of a streaming
//! backup: `JetBeginExternalBackup(Instance)`, `JetGetAttachInfo(Instance)`,
//! `JetOpenFile(Instance)`, `JetOpenFileSectionInstance`, `JetReadFile(Instance)`,
//! `JetCloseFile(Instance)`, `JetGetLogInfo(Instance)(2)`,
//! `JetGetTruncateLogInfoInstance`, `JetTruncateLog(Instance)`,
//! `JetEndExternalBackup(Instance)(2)`, `JetStopBackup(Instance)`,
//! `JetStopService(Instance)(2)` and `JetExternalRestore(2)`, over the engine's backup
//! (`ese::Instance::begin_backup` and the rest) and restore (`ese::restore`).
//!
//! What must hold (spec `ese-backup-spec.md` §1-§4): an `…Instance` call passes the
//! instance gate first (`JET_errClientRequestToStopJetService`, `JET_errTermInProgress`,
//! `JET_errNotInitialized`), a legacy call the one-instance check (no mode:
//! `JET_errInvalidParameter`, multi-instance mode: `JET_errRunningInMultiInstanceMode`);
//! `JetStopBackupInstance` and the stop-service calls pass no gate. The registry lock is
//! never held while the engine works on backup files: the engine instance is cloned out
//! first, so a `JetStopBackupInstance` from another thread never waits for a
//! `JetReadFileInstance`.

use crate::consts::*;
use crate::instance::{engine_of, leave_mode_if_empty, InstanceEntry};
use crate::registry::{self, err, Registry, RunMode};
use crate::{JetResult, JET_GRBIT, JET_HANDLE, JET_INSTANCE};
use ese::{ErrorCode, Warning};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// The internal bit `JetStopServiceInstance2(JET_bitStopServiceAll)` records: "All" cannot
/// be resumed.
const STOP_ALL: u32 = 0x1;

/// `JetStopServiceInstance`'s checkpoint depth (bytes), to flush dirty pages sooner.
const STOPPED_CHECKPOINT_DEPTH: usize = 16384;

/// The instance `instance` names for an `…Instance` call: in single-instance mode the one
/// instance, whatever the handle (spec §1.1); otherwise `JET_errInvalidParameter` for 0
/// and `JET_instanceNil`, `JET_errInvalidInstance` for a stale handle.
pub(crate) fn find(reg: &Registry, instance: JET_INSTANCE) -> JetResult<Arc<InstanceEntry>> {
    if reg.mode == RunMode::Single {
        if let Some((_, e)) = reg.instances.iter().next() {
            return Ok(e.clone());
        }
    }
    reg.instance(instance)
}

/// The one-instance check of the legacy calls (spec §1.1).
fn the_one(reg: &Registry) -> JetResult<Arc<InstanceEntry>> {
    match reg.mode {
        RunMode::None => Err(err(
            ErrorCode::InvalidParameter,
            "no instance: the call without an instance needs single-instance mode",
        )),
        RunMode::Multi => Err(err(
            ErrorCode::RunningInMultiInstanceMode,
            "the call without an instance is refused in multi-instance mode",
        )),
        RunMode::Single => reg
            .instances
            .iter()
            .next()
            .map(|(_, e)| e.clone())
            .ok_or_else(|| err(ErrorCode::InvalidParameter, "no instance")),
    }
}

/// Passes the instance gate (spec §1.2) and returns the running engine instance.
fn enter(entry: &InstanceEntry) -> JetResult<ese::Instance> {
    entry.gate.check()?;
    engine_of(&entry.state.lock())
}

/// The gate for an `…Instance` call; the registry is released on return.
pub(crate) fn entered(instance: JET_INSTANCE) -> JetResult<(Arc<InstanceEntry>, ese::Instance)> {
    let entry = find(&registry::lock(), instance)?;
    let engine = enter(&entry)?;
    Ok((entry, engine))
}

/// The one-instance check and the gate for a legacy call.
pub(crate) fn entered_legacy() -> JetResult<(Arc<InstanceEntry>, ese::Instance)> {
    let entry = the_one(&registry::lock())?;
    let engine = enter(&entry)?;
    Ok((entry, engine))
}

fn path_string(p: &std::path::Path) -> String {
    p.to_string_lossy().into_owned()
}

/// ESE's `cchPathMax` here: the room for a path, its terminating NUL included. ESE
/// uses Windows' `MAX_PATH` (260 characters); on Linux the platform's `PATH_MAX` (4096
/// bytes) plays that part, and lengths are counted in bytes of the UTF-8 path.
pub const CCH_PATH_MAX: usize = 4096;

/// ESE's path-length check of `JetBackup`, `JetRestore` and `JetExternalRestore`
/// (spec §3.11, §3.16): `JET_errInvalidPath` for a path of `CCH_PATH_MAX - 1` bytes or
/// more, measured as given and made absolute against the current folder (the form the
/// engine is handed), whichever is longer. `what` names the path in the error.
pub(crate) fn check_path_len(what: &str, path: &str) -> JetResult<()> {
    let absolute = std::path::absolute(path)
        .map(|p| p.as_os_str().len())
        .unwrap_or(0);
    let len = path.len().max(absolute);
    if len >= CCH_PATH_MAX - 1 {
        return Err(err(
            ErrorCode::InvalidPath,
            format!(
                "the {what} is {len} bytes long: a path must be shorter than {} bytes",
                CCH_PATH_MAX - 1
            ),
        ));
    }
    Ok(())
}

/// `JetBeginExternalBackup(grbit)`: [`jet_begin_external_backup_instance`] on the one
/// instance of a single-instance process.
pub fn jet_begin_external_backup(grbit: JET_GRBIT) -> JetResult<()> {
    let (entry, engine) = entered_legacy()?;
    begin(&entry, &engine, grbit)
}

/// `JetBeginExternalBackupInstance(instance, grbit)`: starts a streaming backup, full (0)
/// or of the logs since the last full one (`JET_bitBackupIncremental`). It clears a stop
/// left by an earlier `JetStopBackupInstance`. Errors (spec §3.1):
/// `JET_errBackupNotAllowedYet` after a `JetTerm2` began, `JET_errLoggingDisabled` with
/// `JET_paramRecovery` off, `JET_errLogWriteFail` when the log failed or after
/// `JetStopServiceInstance2(JET_bitStopServiceStopAndEmitLog)`, `JET_errInvalidGrbit`
/// for any other bit, `JET_errInvalidBackup` for an incremental backup with circular
/// logging, `JET_errBackupInProgress` while a backup runs, `JET_errMissingFullBackup`
/// for an incremental backup with no full backup whose logs were truncated; the gate's
/// errors.
pub fn jet_begin_external_backup_instance(
    instance: JET_INSTANCE,
    grbit: JET_GRBIT,
) -> JetResult<()> {
    let (entry, engine) = entered(instance)?;
    begin(&entry, &engine, grbit)
}

fn begin(entry: &InstanceEntry, engine: &ese::Instance, grbit: JET_GRBIT) -> JetResult<()> {
    if entry.gate.stopped_bits.load(Ordering::Acquire) & JET_bitStopServiceStopAndEmitLog != 0 {
        if !engine.options().recovery {
            return Err(err(
                ErrorCode::LoggingDisabled,
                "logging is off (JET_paramRecovery)",
            ));
        }
        return Err(err(
            ErrorCode::LogWriteFail,
            "the log was ended by JetStopServiceInstance2(JET_bitStopServiceStopAndEmitLog)",
        ));
    }
    engine.begin_backup(grbit)
}

/// `JetGetAttachInfo`: [`jet_get_attach_info_instance`] on the one instance.
pub fn jet_get_attach_info() -> JetResult<Vec<String>> {
    let (_, engine) = entered_legacy()?;
    attach_info(&engine)
}

/// `JetGetAttachInfoInstance(instance, szz, cbMax, pcbActual)`: the full paths of the
/// databases a full backup copies, in database id order ([`multi_string_w`] and
/// [`list_fill`] give esent.h's buffer). Errors: `JET_errNoBackup`,
/// `JET_errBackupAbortByServer` after `JetStopBackupInstance`,
/// `JET_errInvalidBackupSequence` in an incremental backup; the gate's errors.
pub fn jet_get_attach_info_instance(instance: JET_INSTANCE) -> JetResult<Vec<String>> {
    let (_, engine) = entered(instance)?;
    attach_info(&engine)
}

fn attach_info(engine: &ese::Instance) -> JetResult<Vec<String>> {
    engine.backup_attach_info()
}

/// `JetOpenFile(name, &h, &lo, &hi)`: [`jet_open_file_instance`] on the one instance.
pub fn jet_open_file(name: &str) -> JetResult<(JET_HANDLE, u64)> {
    let (_, engine) = entered_legacy()?;
    open(&engine, name, 0)
}

/// `JetOpenFileInstance(instance, name, &h, &lo, &hi)`: opens an attached database (its
/// stream: two header pages, its pages, a trailer page) or, once the log list was asked
/// for, a listed log file; returns the handle (always 0: one file at a time) and the
/// size in bytes. Errors (spec §3.3): `JET_errNoBackup`, `JET_errBackupAbortByServer`,
/// `JET_errInvalidParameter` for an empty name or (in the log phase, ending the backup)
/// a name that is not a numbered log, `JET_errOutOfMemory` while a file is open,
/// `JET_errDatabaseNotFound` for a name that is no database before the log list,
/// `JET_errInvalidBackupSequence` for a database after it (ending the backup),
/// `JET_errMissingFileToBackup` for a missing log (ending the backup).
pub fn jet_open_file_instance(instance: JET_INSTANCE, name: &str) -> JetResult<(JET_HANDLE, u64)> {
    let (_, engine) = entered(instance)?;
    open(&engine, name, 0)
}

/// `JetOpenFileSectionInstance(instance, name, &h, iSection, cSections, ibRead, &lo,
/// &hi)`: [`jet_open_file_instance`] starting at byte `ib_read` (a multiple of the page
/// size past the two header pages, else `JET_errInvalidParameter`). More than one section
/// is refused with `JET_wrnNyi` (-1, [`ErrorCode::Nyi`]) as an error, as esent.dll
/// returns it.
pub fn jet_open_file_section_instance(
    instance: JET_INSTANCE,
    name: &str,
    _i_section: i32,
    c_sections: i32,
    ib_read: u64,
) -> JetResult<(JET_HANDLE, u64)> {
    let (_, engine) = entered(instance)?;
    if c_sections > 1 {
        return Err(err(ErrorCode::Nyi, "a file is read as one section"));
    }
    open(&engine, name, ib_read)
}

fn open(engine: &ese::Instance, name: &str, offset: u64) -> JetResult<(JET_HANDLE, u64)> {
    if name.is_empty() {
        return Err(err(ErrorCode::InvalidParameter, "no file name"));
    }
    let f = engine.backup_open_file(name, offset)?;
    Ok((f.handle as JET_HANDLE, f.size))
}

fn engine_handle(h: JET_HANDLE) -> JetResult<u32> {
    u32::try_from(h).map_err(|_| err(ErrorCode::InvalidParameter, format!("handle {h:#x}")))
}

/// `JetReadFile(h, pv, cb, &cbActual)`: [`jet_read_file_instance`] on the one instance.
pub fn jet_read_file(handle: JET_HANDLE, buf: &mut [u8]) -> JetResult<u32> {
    let (_, engine) = entered_legacy()?;
    read(&engine, handle, buf)
}

/// `JetReadFileInstance(instance, h, pv, cb, &cbActual)`: the next bytes of the open
/// file; 0 at its end (again and again). `buf` must start on a 4096-byte boundary and
/// hold a whole number of database pages, at least three for the first read of a
/// database and two for a log (else `JET_errInvalidParameter`, and the backup goes on).
/// A handle that is not open is `JET_errInvalidParameter` (esent.dll does not check it).
/// Errors: `JET_errNoBackup`, `JET_errBackupAbortByServer`, a page's verification error
/// (that database leaves the backup and its handle is closed),
/// `JET_errLogReadVerifyFailure` (ending the backup).
pub fn jet_read_file_instance(
    instance: JET_INSTANCE,
    handle: JET_HANDLE,
    buf: &mut [u8],
) -> JetResult<u32> {
    let (_, engine) = entered(instance)?;
    read(&engine, handle, buf)
}

fn read(engine: &ese::Instance, handle: JET_HANDLE, buf: &mut [u8]) -> JetResult<u32> {
    let h = engine_handle(handle)?;
    if u32::try_from(buf.len()).is_err() {
        return Err(err(ErrorCode::InvalidParameter, "read larger than 4 GiB"));
    }
    let n = engine.backup_read_file(h, buf)?;
    Ok(n as u32)
}

/// `JetCloseFile(h)`: [`jet_close_file_instance`] on the one instance.
pub fn jet_close_file(handle: JET_HANDLE) -> JetResult<()> {
    let (_, engine) = entered_legacy()?;
    engine.backup_close_file(engine_handle(handle)?)
}

/// `JetCloseFileInstance(instance, h)`: closes the open file; a file read to its end
/// counts as copied. Allowed after `JetStopBackupInstance`. Errors: `JET_errNoBackup`,
/// `JET_errInvalidParameter` for a handle that is not open.
pub fn jet_close_file_instance(instance: JET_INSTANCE, handle: JET_HANDLE) -> JetResult<()> {
    let (_, engine) = entered(instance)?;
    engine.backup_close_file(engine_handle(handle)?)
}

/// `JET_LOGINFO`: the generation range and base name of a backup's logs
/// (`JetGetLogInfoInstance2`, `JetExternalRestore2`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JET_LOGINFO {
    /// The first generation listed.
    pub ulGenLow: u32,
    /// The last generation listed.
    pub ulGenHigh: u32,
    /// The log base name (`JET_paramBaseName`, three characters).
    pub szBaseName: String,
}

/// `JetGetLogInfo`: [`jet_get_log_info_instance`] on the one instance.
pub fn jet_get_log_info() -> JetResult<Vec<String>> {
    let (_, engine) = entered_legacy()?;
    log_info(&engine).map(|(names, _)| names)
}

/// `JetGetLogInfoInstance(instance, szz, cbMax, pcbActual)`: the full paths of the log
/// files to copy. The first call of a backup closes the current log (the list then
/// ends with it) and moves a full backup to its log phase; later calls give the same
/// list. Errors: `JET_errNoBackup`, `JET_errBackupAbortByServer`,
/// `JET_errInvalidBackupSequence` while a file is open, `JET_errMissingFileToBackup`
/// for an incremental backup with a gap.
pub fn jet_get_log_info_instance(instance: JET_INSTANCE) -> JetResult<Vec<String>> {
    jet_get_log_info_instance2(instance).map(|(names, _)| names)
}

/// `JetGetLogInfoInstance2(instance, szz, cbMax, pcbActual, pLogInfo)`:
/// [`jet_get_log_info_instance`] with the generations listed and the base name.
pub fn jet_get_log_info_instance2(instance: JET_INSTANCE) -> JetResult<(Vec<String>, JET_LOGINFO)> {
    let (_, engine) = entered(instance)?;
    log_info(&engine)
}

fn log_info(engine: &ese::Instance) -> JetResult<(Vec<String>, JET_LOGINFO)> {
    let list = engine.backup_log_info()?;
    let names = list.names.iter().map(|p| path_string(p)).collect();
    Ok((
        names,
        JET_LOGINFO {
            ulGenLow: list.gen_low,
            ulGenHigh: list.gen_high,
            szBaseName: list.base_name,
        },
    ))
}

/// `JetGetTruncateLogInfoInstance(instance, szz, cbMax, pcbActual)`: the full paths of
/// the logs `JetTruncateLogInstance` would delete (possibly none). Prepares the log list
/// as [`jet_get_log_info_instance`] does, with its errors.
pub fn jet_get_truncate_log_info_instance(instance: JET_INSTANCE) -> JetResult<Vec<String>> {
    let (_, engine) = entered(instance)?;
    let names = engine.backup_truncate_log_info()?;
    Ok(names.iter().map(|p| path_string(p)).collect())
}

/// `JetTruncateLog()`: [`jet_truncate_log_instance`] on the one instance.
pub fn jet_truncate_log() -> JetResult<()> {
    let (_, engine) = entered_legacy()?;
    engine.backup_truncate_log()
}

/// `JetTruncateLogInstance(instance)`: deletes the logs the backup made unnecessary.
/// Every listed log must have been read to its end and closed first
/// (`JET_errLogFileNotCopied`). Errors: `JET_errNoBackup`, `JET_errBackupAbortByServer`,
/// `JET_errInvalidBackupSequence` before the log list or while a file is open.
pub fn jet_truncate_log_instance(instance: JET_INSTANCE) -> JetResult<()> {
    let (_, engine) = entered(instance)?;
    engine.backup_truncate_log()
}

/// `JetEndExternalBackup()`: [`jet_end_external_backup_instance`] on the one instance.
pub fn jet_end_external_backup() -> JetResult<()> {
    let (_, engine) = entered_legacy()?;
    engine.end_backup(JET_bitBackupEndNormal)
}

/// `JetEndExternalBackupInstance(instance)`:
/// `JetEndExternalBackupInstance2(instance, JET_bitBackupEndNormal)`.
pub fn jet_end_external_backup_instance(instance: JET_INSTANCE) -> JetResult<()> {
    jet_end_external_backup_instance2(instance, JET_bitBackupEndNormal)
}

/// `JetEndExternalBackupInstance2(instance, grbit)`: ends the backup, normally
/// (`JET_bitBackupEndNormal`, with `JET_bitBackupTruncateDone` or
/// `JET_bitBackupNoDbHeaderUpdate`) or as an abort (`JET_bitBackupEndAbort`). As in
/// esent.dll it succeeds even when the end is recorded as an abort (after
/// `JetStopBackupInstance`, or a full backup that never reached its logs). Errors:
/// `JET_errInvalidParameter` unless exactly one of Normal and Abort is given,
/// `JET_errNoBackup` (which also clears a stop left by `JetStopBackupInstance`).
pub fn jet_end_external_backup_instance2(
    instance: JET_INSTANCE,
    grbit: JET_GRBIT,
) -> JetResult<()> {
    let (_, engine) = entered(instance)?;
    engine.end_backup(grbit)
}

/// `JetStopBackup()`: [`jet_stop_backup_instance`] on the one instance (after the
/// one-instance check, without the gate).
pub fn jet_stop_backup() -> JetResult<()> {
    let entry = the_one(&registry::lock())?;
    stop_backup(&entry);
    Ok(())
}

/// `JetStopBackupInstance(instance)`: asks the running backup to stop: its later calls
/// get `JET_errBackupAbortByServer`, except `JetCloseFileInstance` and
/// `JetEndExternalBackupInstance` (which then records an abort and succeeds). Returns at
/// once, without waiting for a call in flight. With no backup running the request is
/// kept until the next `JetBeginExternalBackupInstance` clears it, as esent.dll does. It
/// passes no gate: it works after `JetStopServiceInstance`, while the instance ends, on
/// an instance not yet initialized (then it does nothing) and with logging off. Errors:
/// the instance lookup's only.
pub fn jet_stop_backup_instance(instance: JET_INSTANCE) -> JetResult<()> {
    let entry = find(&registry::lock(), instance)?;
    stop_backup(&entry);
    Ok(())
}

fn stop_backup(entry: &InstanceEntry) {
    let engine = entry.state.lock().engine.clone();
    if let Some(engine) = engine {
        engine.stop_backup();
    }
}

/// `JetStopService()`: [`jet_stop_service_instance`] on the one instance.
pub fn jet_stop_service() -> JetResult<()> {
    let entry = the_one(&registry::lock())?;
    stop_service(&entry);
    Ok(())
}

/// `JetStopServiceInstance(instance)`: prepares the instance for its end: from now on
/// every call of the instance and of its sessions fails with
/// `JET_errClientRequestToStopJetService`, except `JetEndSession`,
/// `JetStopBackupInstance`, the stop-service calls and `JetTerm(2)` (which is the only
/// way to end a backup left running). The checkpoint depth becomes 16 KiB. It cannot be
/// resumed. Errors: the instance lookup's only.
pub fn jet_stop_service_instance(instance: JET_INSTANCE) -> JetResult<()> {
    let entry = find(&registry::lock(), instance)?;
    stop_service(&entry);
    Ok(())
}

fn stop_service(entry: &InstanceEntry) {
    let mut st = entry.state.lock();
    st.params
        .set_int(JET_paramCheckpointDepthMax, STOPPED_CHECKPOINT_DEPTH);
    crate::instance::push_checkpoint_depth(&st);
    drop(st);
    entry.gate.stopped.store(true, Ordering::Release);
}

/// `JetStopServiceInstance2(instance, grbit)` (spec §3.12): `JET_bitStopServiceAll` (0)
/// is [`jet_stop_service_instance`] and cannot be resumed;
/// `JET_bitStopServiceBackgroundUserTasks` and `JET_bitStopServiceQuiesceCaches` are
/// recorded and resumable (the engine has no background tasks to pause; quiescing takes
/// a checkpoint); `JET_bitStopServiceStopAndEmitLog`, alone, ends the log stream for
/// backups: a later `JetBeginExternalBackupInstance` gives `JET_errLogWriteFail`.
/// `JET_bitStopServiceResume` resumes the bits given with it, or every stopped bit.
/// Errors: `JET_errInvalidGrbit` for other bits, StopAndEmitLog with another bit or
/// resumed; `JET_errClientRequestToStopJetService` for resuming after "All"; the
/// instance lookup's.
pub fn jet_stop_service_instance2(instance: JET_INSTANCE, grbit: JET_GRBIT) -> JetResult<()> {
    let entry = find(&registry::lock(), instance)?;
    let known = JET_bitStopServiceBackgroundUserTasks
        | JET_bitStopServiceQuiesceCaches
        | JET_bitStopServiceStopAndEmitLog
        | JET_bitStopServiceResume;
    if grbit & !known != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetStopServiceInstance2 grbit {grbit:#x}"),
        ));
    }
    let gate = &entry.gate;
    if grbit & JET_bitStopServiceResume != 0 {
        let given = grbit & !JET_bitStopServiceResume;
        let stopped = gate.stopped_bits.load(Ordering::Acquire);
        let set = if given == 0 { stopped } else { given };
        if set & JET_bitStopServiceStopAndEmitLog != 0 {
            return Err(err(
                ErrorCode::InvalidGrbit,
                "the end of the log stream cannot be resumed",
            ));
        }
        if set & STOP_ALL != 0 {
            return Err(err(
                ErrorCode::ClientRequestToStopJetService,
                "JetStopServiceInstance2(All) cannot be resumed",
            ));
        }
        gate.stopped_bits.fetch_and(!set, Ordering::AcqRel);
        return Ok(());
    }
    if grbit & JET_bitStopServiceStopAndEmitLog != 0 {
        if grbit != JET_bitStopServiceStopAndEmitLog {
            return Err(err(
                ErrorCode::InvalidGrbit,
                "JET_bitStopServiceStopAndEmitLog must be alone",
            ));
        }
        let engine = entry.state.lock().engine.clone();
        if let Some(engine) = engine {
            // The commits made so far reach the log before its stream ends.
            engine.checkpoint()?;
        }
        gate.stopped_bits.fetch_or(grbit, Ordering::AcqRel);
        return Ok(());
    }
    let bits = if grbit == JET_bitStopServiceAll {
        STOP_ALL | JET_bitStopServiceBackgroundUserTasks | JET_bitStopServiceQuiesceCaches
    } else {
        grbit
    };
    if bits & JET_bitStopServiceQuiesceCaches != 0 {
        let engine = entry.state.lock().engine.clone();
        if let Some(engine) = engine {
            engine.checkpoint()?;
        }
    }
    gate.stopped_bits.fetch_or(bits, Ordering::AcqRel);
    if bits & STOP_ALL != 0 {
        stop_service(&entry);
    }
    Ok(())
}

/// One entry of a restore map (`JET_RSTMAP`): a database as the logs name it, and where
/// its streamed copy was written (and is restored).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JET_RSTMAP {
    /// The database's path as its backup listed it (`JetGetAttachInfoInstance`).
    pub szDatabaseName: String,
    /// The path the caller wrote the streamed copy to; the restored database.
    pub szNewDatabaseName: String,
}

/// The parameters of `JetExternalRestore(2)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JET_EXTERNAL_RESTORE {
    /// `szCheckpointFilePath`: the folder of the restore's checkpoint (and temporary
    /// files); required.
    pub szCheckpointFilePath: Option<String>,
    /// `szLogPath`: the folder the restore writes its logs to (logs already there that
    /// follow the backup's are replayed too); required.
    pub szLogPath: Option<String>,
    /// The databases to restore.
    pub rgrstmap: Vec<JET_RSTMAP>,
    /// `szBackupLogPath`: the folder holding the backup's log files; required.
    pub szBackupLogPath: Option<String>,
    /// The backup's first and last log generations (0 and 0: found from the files in
    /// `szBackupLogPath`) and base name (empty: `JET_paramBaseName`).
    pub loginfo: JET_LOGINFO,
    /// `szTargetInstanceName` (`JetExternalRestore2`): the instance the restore is for,
    /// by its name; see [`jet_external_restore2`].
    pub szTargetInstanceName: Option<String>,
    /// `szTargetInstanceLogPath` (`JetExternalRestore2`): the target's log folder, with
    /// `szTargetInstanceCheckpointPath`; see [`jet_external_restore2`].
    pub szTargetInstanceLogPath: Option<String>,
    /// `szTargetInstanceCheckpointPath` (`JetExternalRestore2`): the target's checkpoint
    /// folder, with `szTargetInstanceLogPath`.
    pub szTargetInstanceCheckpointPath: Option<String>,
}

/// `JetExternalRestore(szCheckpointFilePath, szLogPath, rgrstmap, crstfilemap,
/// szBackupLogPath, genLow, genHigh, pfn)`: [`jet_external_restore2`] with no target
/// instance (the status callback belongs to the C library).
pub fn jet_external_restore(
    checkpoint_path: Option<&str>,
    log_path: Option<&str>,
    map: &[JET_RSTMAP],
    backup_log_path: Option<&str>,
    gen_low: i32,
    gen_high: i32,
) -> JetResult<()> {
    if gen_low < 0 || gen_high < 0 {
        return Err(err(ErrorCode::InvalidParameter, "negative log generation"));
    }
    jet_external_restore2(&JET_EXTERNAL_RESTORE {
        szCheckpointFilePath: checkpoint_path.map(str::to_string),
        szLogPath: log_path.map(str::to_string),
        rgrstmap: map.to_vec(),
        szBackupLogPath: backup_log_path.map(str::to_string),
        loginfo: JET_LOGINFO {
            ulGenLow: gen_low as u32,
            ulGenHigh: gen_high as u32,
            szBaseName: String::new(),
        },
        ..Default::default()
    })
    .map(|_| ())
}

/// The most databases a restore map may name (`2 * dbidMax`).
const RSTMAP_MOST: usize = 2 * 7;

/// `JetExternalRestore2(…, pLogInfo, szTargetInstanceName, szTargetInstanceLogPath,
/// szTargetInstanceCheckpointPath, pfn)`: restores a streaming backup (spec §3.16): the
/// caller has written each streamed database to its map entry's new path and the
/// backup's logs to `szBackupLogPath`; the restore checks them, replays the logs into the
/// mapped databases (only those), and leaves them consistent. It runs in an instance of
/// its own, so the process must not be in single-instance mode
/// (`JET_errRunningInOneInstanceMode`) and is in multi-instance mode while it runs.
/// Errors: `JET_errInvalidParameter` for a missing path, more than 14 map entries, one of
/// the two target paths without the other, or a target name with target paths;
/// `JET_errInvalidPath` for a path (checkpoint, log, backup log, target, or a map
/// entry's new database) of `CCH_PATH_MAX - 1` bytes or more, before anything is touched;
/// the target errors below; the engine's restore errors.
///
/// The target instance (optional; by `szTargetInstanceName`, or by
/// `szTargetInstanceLogPath` and `szTargetInstanceCheckpointPath`, which go together):
/// - named, and no running instance has that name (unknown, or created and not
///   initialised): `JET_errBadRestoreTargetInstance`;
/// - given by paths that no running instance logs into: the restore goes there, its log
///   into the target log folder and its checkpoint into the target checkpoint folder
///   (`szLogPath` and `szCheckpointFilePath` are then checked but not used), so an
///   instance started later on those folders starts from the restored state;
/// - running (found by name, or by its `JET_paramLogFilePath` being the target log
///   folder) with another base name than the restore's: `JET_errBadRestoreTargetInstance`;
/// - running with the restore's base name: the target starts a new log generation, and
///   the restore replays the backup's logs and then the target's own, from its log
///   folder, up to the generation the target just closed (the target's log folder is
///   only read; the restore's log goes to `szLogPath`, which must be another folder:
///   `JET_errInvalidParameter`), and returns `Some(JET_wrnTargetInstanceRunning)`. The
///   caller owns the logs and checkpoint the restore wrote in `szLogPath` and
///   `szCheckpointFilePath`. The target's logs must be of the backup's log stream and
///   continue the backup set (else `JET_errExistingLogFileHasBadSignature` or
///   `JET_errExistingLogFileIsNotContiguous`, nothing written); with circular logging,
///   or logging off, the target's logs are not used and the restore is as without a
///   target.
///
/// Returns `Some(Warning::TargetInstanceRunning)` after a restore that rolled forward
/// through a running target's logs, else `None`.
pub fn jet_external_restore2(r: &JET_EXTERNAL_RESTORE) -> JetResult<Option<Warning>> {
    let bad = |what: &str| err(ErrorCode::InvalidParameter, what.to_string());
    if r.szTargetInstanceLogPath.is_some() != r.szTargetInstanceCheckpointPath.is_some() {
        return Err(bad("the target log and checkpoint paths go together"));
    }
    if r.szTargetInstanceName.is_some() && r.szTargetInstanceLogPath.is_some() {
        return Err(bad(
            "a target instance is named or given by paths, not both",
        ));
    }
    if r.rgrstmap.len() > RSTMAP_MOST {
        return Err(bad("more than 14 restore map entries"));
    }
    let paths = [
        ("checkpoint path", &r.szCheckpointFilePath),
        ("log path", &r.szLogPath),
        ("backup log path", &r.szBackupLogPath),
        ("target instance log path", &r.szTargetInstanceLogPath),
        (
            "target instance checkpoint path",
            &r.szTargetInstanceCheckpointPath,
        ),
    ];
    for (what, p) in paths {
        if let Some(p) = p {
            check_path_len(what, p)?;
        }
    }
    for m in &r.rgrstmap {
        check_path_len("restored database path", &m.szNewDatabaseName)?;
    }
    let (checkpoint_dir, log_dir, backup_log_dir) =
        match (&r.szCheckpointFilePath, &r.szLogPath, &r.szBackupLogPath) {
            (Some(c), Some(l), Some(b)) if !c.is_empty() && !l.is_empty() && !b.is_empty() => {
                (PathBuf::from(c), PathBuf::from(l), PathBuf::from(b))
            }
            _ => return Err(bad("the checkpoint, log and backup log paths are required")),
        };
    let mut map = Vec::with_capacity(r.rgrstmap.len());
    for m in &r.rgrstmap {
        if m.szDatabaseName.is_empty() || m.szNewDatabaseName.is_empty() {
            return Err(bad("a restore map entry without a name"));
        }
        map.push(ese::restore::RestoreMapEntry {
            database: m.szDatabaseName.clone(),
            new_database: PathBuf::from(&m.szNewDatabaseName),
        });
    }
    let (base_name, cache_pages, target) = {
        let mut reg = registry::lock();
        match reg.mode {
            RunMode::Single => {
                return Err(err(
                    ErrorCode::RunningInOneInstanceMode,
                    "a restore runs in an instance of its own (single-instance mode)",
                ))
            }
            RunMode::None => reg.mode = RunMode::Multi,
            RunMode::Multi => {}
        }
        let p = &reg.params;
        let base = if r.loginfo.szBaseName.is_empty() {
            p.str(JET_paramBaseName).to_string()
        } else {
            r.loginfo.szBaseName.clone()
        };
        let target = restore_target(&reg, r, &base);
        (base, crate::instance::options(p, p).cache_pages, target)
    };
    let result = target.and_then(|target| {
        let mut job = ese::restore::ExternalRestore {
            checkpoint_dir,
            log_dir,
            backup_log_dir,
            base_name,
            gen_low: r.loginfo.ulGenLow,
            gen_high: r.loginfo.ulGenHigh,
            map,
            cache_pages,
            target: None,
        };
        match target {
            Target::None => {}
            // Paths that no running instance uses receive the restore.
            Target::Paths { checkpoint, log } => {
                job.checkpoint_dir = checkpoint;
                job.log_dir = log;
            }
            Target::Running { engine, log } => {
                if same_folder(&job.log_dir.to_string_lossy(), &log.to_string_lossy()) {
                    return Err(bad(
                        "the restore's log path is the running target instance's log folder",
                    ));
                }
                // The generation the target closes now is the last one replayed.
                job.target = engine
                    .force_new_log()?
                    .map(|current| ese::restore::TargetLogs {
                        log_dir: log,
                        gen_high: current - 1,
                    });
            }
        }
        let fs: ese_os::SharedFs = Arc::new(ese_os::StdFs);
        ese::restore::external_restore(fs, &job)?;
        Ok(job
            .target
            .is_some()
            .then_some(Warning::TargetInstanceRunning))
    });
    // The restore's own instance is gone: with no other instance the process leaves the
    // mode, as when an instance ends.
    leave_mode_if_empty(&mut registry::lock());
    result
}

/// The target instance of `JetExternalRestore2`, as found.
enum Target {
    /// None given, or a running one whose logs are not replayed (circular logging, or
    /// logging off).
    None,
    /// Given by paths that no running instance logs into: the restore goes there.
    Paths {
        /// The target checkpoint folder.
        checkpoint: PathBuf,
        /// The target log folder.
        log: PathBuf,
    },
    /// Running with the restore's base name: its logs are replayed after the backup's.
    Running {
        /// The running instance.
        engine: ese::Instance,
        /// Its log folder.
        log: PathBuf,
    },
}

/// The target instance of `JetExternalRestore2` (spec §3.16). A target named but not
/// running (unknown, or created and not initialised) is `JET_errBadRestoreTargetInstance`;
/// a running one, found by name or by its log folder, is `JET_errBadRestoreTargetInstance`
/// when its base name is not the restore's. Called with the registry locked; reads each
/// instance's state.
fn restore_target(reg: &Registry, r: &JET_EXTERNAL_RESTORE, base_name: &str) -> JetResult<Target> {
    let bad = |what: String| err(ErrorCode::BadRestoreTargetInstance, what);
    let running = |e: &InstanceEntry| {
        let st = e.state.lock();
        st.engine.as_ref().map(|engine| {
            (
                st.params.str(JET_paramBaseName).to_string(),
                st.params.str(JET_paramLogFilePath).to_string(),
                engine.clone(),
            )
        })
    };
    let found = if let Some(name) = &r.szTargetInstanceName {
        let by_name = reg
            .instances
            .iter()
            .filter(|(_, e)| e.name.as_deref() == Some(name.as_str()))
            .find_map(|(_, e)| running(e));
        match by_name {
            Some(found) => (found, format!("the target instance {name:?}")),
            None => return Err(bad(format!("no running instance is named {name:?}"))),
        }
    } else if let (Some(log), Some(chk)) = (
        &r.szTargetInstanceLogPath,
        &r.szTargetInstanceCheckpointPath,
    ) {
        let by_path = reg
            .instances
            .iter()
            .filter_map(|(_, e)| running(e))
            .find(|(_, l, _)| same_folder(l, log));
        match by_path {
            Some(found) => (found, format!("the instance logging into {log:?}")),
            None => {
                return Ok(Target::Paths {
                    checkpoint: PathBuf::from(chk),
                    log: PathBuf::from(log),
                })
            }
        }
    } else {
        return Ok(Target::None);
    };
    let ((target_base, target_log, engine), who) = found;
    // Exact: log file names differ by case on this platform.
    if target_base != base_name {
        return Err(bad(format!(
            "{who} logs under the base name {target_base:?}, the backup under {base_name:?}"
        )));
    }
    // With circular logging its logs are probably gone: ESE does not replay them.
    if engine.options().circular_log || engine.log_generation().is_none() {
        return Ok(Target::None);
    }
    Ok(Target::Running {
        engine,
        log: PathBuf::from(target_log),
    })
}

/// Whether two folder paths name the same folder: compared resolved when both exist,
/// else made absolute against the current folder.
fn same_folder(a: &str, b: &str) -> bool {
    let resolve = |p: &str| {
        let p = if p.is_empty() { "." } else { p };
        std::fs::canonicalize(p)
            .or_else(|_| std::path::absolute(p))
            .ok()
            .map(|p| p.components().collect::<PathBuf>())
    };
    match (resolve(a), resolve(b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// How a list call fills the caller's buffer (spec §3.2, §3.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFill {
    /// `JetGetAttachInfo(Instance)`: `*pcbActual` is always the full size; what fits is
    /// copied.
    AttachInfo,
    /// `JetGetLogInfo(Instance)(2)`, `JetGetTruncateLogInfoInstance`: with a buffer,
    /// `*pcbActual` is what was copied (`min(cbMax, size)`); without, the full size.
    LogInfo,
}

/// What a list call copies and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListCopy {
    /// Bytes to copy into the caller's buffer.
    pub copy: usize,
    /// The value for `*pcbActual`.
    pub actual: u32,
}

/// The answer of a list call for a list of `size` bytes and a buffer of `cb_max` bytes
/// (`has_buffer`: the buffer pointer is not NULL). A too-small buffer is not an error for
/// the W forms (the list is cut); the A forms (`narrow`) return `JET_errBufferTooSmall`
/// for a non-zero `cb_max` that is too small, as esent.dll's conversion does.
pub fn list_fill(
    fill: ListFill,
    size: usize,
    cb_max: u32,
    has_buffer: bool,
    narrow: bool,
) -> JetResult<ListCopy> {
    let cb = if has_buffer { cb_max as usize } else { 0 };
    if narrow && has_buffer && cb != 0 && cb < size {
        return Err(err(
            ErrorCode::BufferTooSmall,
            format!("the list needs {size} bytes, the buffer has {cb}"),
        ));
    }
    let copy = cb.min(size);
    let actual = match fill {
        ListFill::AttachInfo => size,
        ListFill::LogInfo if has_buffer => copy,
        ListFill::LogInfo => size,
    };
    let actual = u32::try_from(actual)
        .map_err(|_| err(ErrorCode::InvalidParameter, "list larger than 4 GiB"))?;
    Ok(ListCopy { copy, actual })
}

/// A list of names as esent.h's W multi-string: UTF-16LE, each name ended by a NUL, one
/// more NUL at the end (an empty list is one NUL, 2 bytes).
pub fn multi_string_w(names: &[String]) -> Vec<u8> {
    let mut out = Vec::new();
    for n in names {
        for u in n.encode_utf16().chain([0]) {
            out.extend_from_slice(&u.to_le_bytes());
        }
    }
    out.extend_from_slice(&[0, 0]);
    out
}

/// A list of names as an A multi-string: UTF-8, each name ended by a NUL, one more NUL
/// at the end.
pub fn multi_string_a(names: &[String]) -> Vec<u8> {
    let mut out = Vec::new();
    for n in names {
        out.extend_from_slice(n.as_bytes());
        out.push(0);
    }
    out.push(0);
    out
}

/// `JetGetInstanceMiscInfo(instance, pvResult, cbMax, InfoLevel)`: with
/// `JET_InstanceMiscInfoLogSignature`, the signature of the instance's log as database
/// headers hold it (zero with recovery off); with `JET_InstanceMiscInfoRBS`, `None`
/// (this engine keeps no revert snapshot, so ESE writes nothing either).
/// `JET_InstanceMiscInfoCheckpoint`, a level ESE does not publish, is
/// `JET_errFeatureNotAvailable`; other levels `JET_errInvalidParameter`.
pub fn jet_get_instance_misc_info(
    instance: JET_INSTANCE,
    info_level: u32,
) -> JetResult<Option<ese::format::header::Signature>> {
    match info_level {
        JET_InstanceMiscInfoLogSignature | JET_InstanceMiscInfoRBS => {}
        JET_InstanceMiscInfoCheckpoint => {
            return Err(err(
                ErrorCode::FeatureNotAvailable,
                "JET_InstanceMiscInfoCheckpoint is not supported",
            ))
        }
        _ => {
            return Err(err(
                ErrorCode::InvalidParameter,
                format!("instance information level {info_level}"),
            ))
        }
    }
    let (_, engine) = entered(instance)?;
    if info_level == JET_InstanceMiscInfoRBS {
        return Ok(None);
    }
    Ok(Some(engine.log_signature()?.unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Case 30 of spec §12: while `JetTerm` runs, the streaming calls get
    /// `JET_errTermInProgress` and `JetStopBackupInstance` still succeeds.
    #[test]
    fn calls_during_term_get_term_in_progress() {
        let dir = std::env::temp_dir().join(format!("ese-jet-bk-term-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let d = dir.to_str().unwrap();
        let inst = crate::jet_create_instance(Some("bk-term-unit")).unwrap();
        crate::jet_set_system_parameter(inst, 0, JET_paramSystemPath, 0, Some(d)).unwrap();
        crate::jet_set_system_parameter(inst, 0, JET_paramLogFilePath, 0, Some(d)).unwrap();
        crate::jet_init(Some(&mut inst.clone())).unwrap();
        let ses = crate::jet_begin_session(inst, None, None).unwrap();
        let entry = registry::lock().instance(inst).unwrap();
        entry.gate.terminating.store(true, Ordering::Release);
        let term = ErrorCode::TermInProgress;
        let code = |r: JetResult<()>| r.unwrap_err().code();
        assert_eq!(code(jet_begin_external_backup_instance(inst, 0)), term);
        assert_eq!(code(jet_get_attach_info_instance(inst).map(|_| ())), term);
        assert_eq!(code(jet_end_external_backup_instance(inst)), term);
        assert_eq!(code(jet_close_file_instance(inst, 0)), term);
        assert_eq!(code(crate::jet_begin_transaction(ses)), term);
        assert_eq!(code(crate::jet_term(inst)), term, "one term at a time");
        jet_stop_backup_instance(inst).unwrap();
        entry.gate.terminating.store(false, Ordering::Release);
        crate::jet_term(inst).unwrap();
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn path_length_limit_counts_the_absolute_path() {
        let fits = format!("/{}", "a".repeat(CCH_PATH_MAX - 3));
        assert_eq!(fits.len(), CCH_PATH_MAX - 2);
        assert!(check_path_len("path", &fits).is_ok());
        let over = format!("/{}", "a".repeat(CCH_PATH_MAX - 2));
        let e = check_path_len("path", &over).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidPath);
        // A relative path is measured with the current folder in front of it.
        let cwd = std::env::current_dir().unwrap().as_os_str().len();
        let relative = "b".repeat(CCH_PATH_MAX - 2 - cwd);
        assert!(relative.len() < CCH_PATH_MAX - 1);
        let e = check_path_len("path", &relative).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidPath);
    }

    #[test]
    fn multi_strings_end_in_two_nuls() {
        let names = vec!["a".to_string(), "bc".to_string()];
        assert_eq!(multi_string_a(&names), b"a\0bc\0\0");
        assert_eq!(multi_string_a(&[]), b"\0");
        assert_eq!(
            multi_string_w(&names),
            [b'a', 0, 0, 0, b'b', 0, b'c', 0, 0, 0, 0, 0]
        );
        assert_eq!(multi_string_w(&[]), [0, 0]);
    }

    #[test]
    fn attach_info_reports_the_full_size_log_info_what_was_copied() {
        let f = |fill, cb, buf, narrow| {
            list_fill(fill, 10, cb, buf, narrow).map(|c| (c.copy, c.actual))
        };
        assert_eq!(f(ListFill::AttachInfo, 4, true, false).unwrap(), (4, 10));
        assert_eq!(f(ListFill::AttachInfo, 40, true, false).unwrap(), (10, 10));
        assert_eq!(f(ListFill::AttachInfo, 40, false, false).unwrap(), (0, 10));
        assert_eq!(f(ListFill::LogInfo, 4, true, false).unwrap(), (4, 4));
        assert_eq!(f(ListFill::LogInfo, 40, true, false).unwrap(), (10, 10));
        assert_eq!(f(ListFill::LogInfo, 40, false, false).unwrap(), (0, 10));
        assert_eq!(f(ListFill::LogInfo, 0, true, false).unwrap(), (0, 0));
        assert_eq!(
            f(ListFill::LogInfo, 4, true, true).unwrap_err().code(),
            ErrorCode::BufferTooSmall
        );
        assert_eq!(f(ListFill::AttachInfo, 0, true, true).unwrap(), (0, 10));
    }
}
