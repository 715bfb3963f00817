//! File backup and restore: `JetBackup`, `JetBackupInstance`, `JetRestore`,
//! `JetRestore2` and `JetRestoreInstance`, over the engine's
//! `ese::Instance::backup_to_folder` and `ese::file_backup::restore_from_folder`
//! (`docs/design/file-backup.md`), with the run-mode rules of `ese-backup-spec.md` §1.1
//! and §3.16 and the status callback of esent.h (`JET_PFNSTATUS`).
//!
//! What must hold: `JetBackupInstance` passes the instance gate and `JetBackup` the
//! one-instance check first, as the streaming calls do; `JetRestore`/`JetRestore2` set
//! single-instance mode when no mode is set (`JET_errRunningInMultiInstanceMode` in
//! multi-instance mode), `JetRestoreInstance` with no instance sets multi-instance mode;
//! a restore leaves no instance behind (the process leaves the mode it set when no
//! instance is left) and an instance whose parameters it used stays uninitialised, its
//! calls refused with `JET_errRestoreInProgress` while the restore runs. The registry
//! lock is never held while files are copied.

use crate::backup::{check_path_len, entered, entered_legacy, find};
use crate::consts::*;
use crate::instance::{leave_mode_if_empty, options, InstanceEntry};
use crate::params::Params;
use crate::registry::{self, err, RunMode};
use crate::{JetResult, JET_ERR, JET_GRBIT, JET_INSTANCE, JET_SNP, JET_SNT};
use ese::file_backup::{BackupStatus, FolderBackup, FolderRestore};
use ese::ErrorCode;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// The progress a status callback receives (esent.h's `JET_SNPROG` without its
/// `cbStruct`). For backup and restore `cunitTotal` is 100 and `cunitDone` never
/// exceeds it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JET_SNPROG {
    /// Units done.
    pub cunitDone: u32,
    /// Units in all.
    pub cunitTotal: u32,
}

/// A status callback (`JET_PFNSTATUS`): called with `JET_snpBackup` or
/// `JET_snpRestore`, `JET_sntBegin`, `JET_sntProgress` or `JET_sntComplete`, and the
/// progress. Its return value is ignored, as ESE ignores it.
pub type JET_PFNSTATUS<'a> = Option<&'a mut dyn FnMut(JET_SNP, JET_SNT, &JET_SNPROG) -> JET_ERR>;

/// Runs `f` with an engine status callback that forwards to `pfn` as process `snp`.
fn with_status<T>(
    snp: JET_SNP,
    pfn: JET_PFNSTATUS<'_>,
    f: impl FnOnce(Option<&mut dyn FnMut(BackupStatus)>) -> T,
) -> T {
    match pfn {
        None => f(None),
        Some(cb) => {
            let mut forward = |s: BackupStatus| {
                let total = ese::file_backup::STATUS_UNITS;
                let (snt, done, total) = match s {
                    BackupStatus::Begin => (JET_sntBegin, 0, total),
                    BackupStatus::Progress { done, total } => (JET_sntProgress, done, total),
                    BackupStatus::Complete => (JET_sntComplete, total, total),
                };
                let _ = cb(
                    snp,
                    snt,
                    &JET_SNPROG {
                        cunitDone: done,
                        cunitTotal: total,
                    },
                );
            };
            f(Some(&mut forward))
        }
    }
}

/// A path as given, made absolute against the current folder (`""` is the current
/// folder).
fn absolute(p: &str) -> JetResult<PathBuf> {
    let p = if p.is_empty() { "." } else { p };
    std::path::absolute(p).map_err(|e| ese::Error::io(e).file(Path::new(p)))
}

/// `JetBackup(szBackupPath, grbit, pfnStatus)`: [`jet_backup_instance`] on the one
/// instance of a single-instance process (no mode: `JET_errInvalidParameter`;
/// multi-instance mode: `JET_errRunningInMultiInstanceMode`).
pub fn jet_backup(path: &str, grbit: JET_GRBIT, status: JET_PFNSTATUS<'_>) -> JetResult<()> {
    let (entry, engine) = entered_legacy()?;
    backup(&entry, &engine, path, grbit, status)
}

/// `JetBackupInstance(instance, szBackupPath, grbit, pfnStatus)`: backs the instance up
/// into the folder `path` (made absolute against the current folder first): each
/// attached database's stream with a 0-byte `<name>.pat` marker (full backups), the logs,
/// then the logs are truncated (spec §3.11). A missing folder is created when the
/// instance's `JET_paramCreatePathIfNotExist` is set, else `JET_errInvalidPath`.
/// `JET_bitBackupIncremental` backs up the logs since the last backup,
/// `JET_bitBackupAtomic` builds the set beside the previous one; other bits are ignored,
/// as ESE ignores them. The status callback gets `(JET_snpBackup, JET_sntBegin)` (full
/// backups), a `JET_sntProgress` after each database and `JET_sntComplete`.
///
/// Errors: the gate's (`JET_errClientRequestToStopJetService`,
/// `JET_errTermInProgress`, `JET_errRestoreInProgress`, `JET_errNotInitialized`);
/// `JET_errInvalidParameter` for an empty path (ESE's "truncate only", which cannot
/// succeed there); `JET_errLogWriteFail` after
/// `JetStopServiceInstance2(JET_bitStopServiceStopAndEmitLog)`; `JET_errInvalidPath`
/// for a path of `CCH_PATH_MAX - 1` bytes or more (given or made absolute), before
/// anything is touched;
/// `JET_errBackupDirectoryNotEmpty` for a full non-atomic backup into a folder holding
/// files; `JET_errBackupAbortByServer` after `JetStopBackupInstance`; the errors of
/// `JetBeginExternalBackupInstance` and of the file copies.
pub fn jet_backup_instance(
    instance: JET_INSTANCE,
    path: &str,
    grbit: JET_GRBIT,
    status: JET_PFNSTATUS<'_>,
) -> JetResult<()> {
    let (entry, engine) = entered(instance)?;
    backup(&entry, &engine, path, grbit, status)
}

fn backup(
    entry: &InstanceEntry,
    engine: &ese::Instance,
    path: &str,
    grbit: JET_GRBIT,
    status: JET_PFNSTATUS<'_>,
) -> JetResult<()> {
    if path.is_empty() {
        return Err(err(ErrorCode::InvalidParameter, "no backup folder given"));
    }
    if entry.gate.stopped_bits.load(Ordering::Acquire) & JET_bitStopServiceStopAndEmitLog != 0
        && engine.options().recovery
    {
        return Err(err(
            ErrorCode::LogWriteFail,
            "the log was ended by JetStopServiceInstance2(JET_bitStopServiceStopAndEmitLog)",
        ));
    }
    check_path_len("backup path", path)?;
    let dir = absolute(path)?;
    let create_path = entry.state.lock().params.int(JET_paramCreatePathIfNotExist) != 0;
    let opts = FolderBackup { grbit, create_path };
    with_status(JET_snpBackup, status, |s| {
        engine.backup_to_folder(&dir, &opts, s)
    })
}

/// `JetRestore(sz, pfn)`: [`jet_restore2`] with no destination folder.
pub fn jet_restore(src: &str, status: JET_PFNSTATUS<'_>) -> JetResult<()> {
    jet_restore2(src, None, status)
}

/// `JetRestore2(sz, szDest, pfn)`: restores the backup set in folder `src` (written by
/// `JetBackup(Instance)`) with the process-wide parameters (log folder, system folder,
/// base name, `JET_paramCreatePathIfNotExist`); see [`jet_restore_instance`] for what it
/// does. It runs as the legacy single instance: with no mode set the process is in
/// single-instance mode while it runs and leaves it afterwards.
///
/// Errors: `JET_errInvalidParameter` for an empty `src` or `dest`; `JET_errInvalidPath`
/// for one of `CCH_PATH_MAX - 1` bytes or more;
/// `JET_errRunningInMultiInstanceMode` in multi-instance mode;
/// `JET_errAfterInitialization` when the single instance runs; `JET_errRestoreInProgress`
/// while another legacy restore runs; the restore's errors.
pub fn jet_restore2(src: &str, dest: Option<&str>, status: JET_PFNSTATUS<'_>) -> JetResult<()> {
    check_args(src, dest)?;
    let (params, cache_pages) = {
        let mut reg = registry::lock();
        match reg.mode {
            RunMode::Multi => {
                return Err(err(
                    ErrorCode::RunningInMultiInstanceMode,
                    "JetRestore is refused in multi-instance mode (JetRestoreInstance)",
                ))
            }
            RunMode::Single if reg.instances.len() > 0 => {
                return Err(err(
                    ErrorCode::AfterInitialization,
                    "the single instance is running: restore before JetInit",
                ))
            }
            RunMode::Single => {
                return Err(err(
                    ErrorCode::RestoreInProgress,
                    "another JetRestore is running",
                ))
            }
            RunMode::None => reg.mode = RunMode::Single,
        }
        let p = reg.params.clone();
        let cache = options(&p, &reg.params).cache_pages;
        (p, cache)
    };
    let r = restore(&params, cache_pages, src, dest, status);
    leave_mode_if_empty(&mut registry::lock());
    r
}

/// `JetRestoreInstance(instance, sz, szDest, pfn)`: restores the backup set in folder
/// `src` (spec §3.16): the set is checked whole (`JET_errFileNotFound` when it holds no
/// logs, also not in `src/new` or `src/old`; `JET_errPatchFileMissing` without a
/// `.pat` marker; the damage errors of `ese::file_backup::verify_backup_set`), each
/// database copy goes to `dest/<file name>` or, with `dest` `None`, back to the path it
/// was backed up from, and the set's logs are replayed into the log folder (then the
/// logs already there that follow them). The status callback gets
/// `(JET_snpRestore, JET_sntBegin)`, a `JET_sntProgress` per copy and `JET_sntComplete`.
///
/// The instance: 0 or `JET_instanceNil` restores with the process-wide parameters (the
/// process enters multi-instance mode if no mode is set, and leaves it afterwards when no
/// instance exists); a created, uninitialised instance lends its parameters (log folder,
/// system folder, base name, `JET_paramCreatePathIfNotExist`) and is still
/// uninitialised afterwards (`JetInit` then recovers the restored databases, `JetTerm`
/// frees it); while the restore runs its other calls get `JET_errRestoreInProgress`. In
/// single-instance mode the handle is ignored and the one instance is used.
///
/// Errors: `JET_errInvalidParameter` for an empty `src` or `dest` and
/// `JET_errInvalidPath` for one of `CCH_PATH_MAX - 1` bytes or more (before anything
/// else), `JET_errInvalidInstance` for a stale handle, `JET_errAlreadyInitialized` for an
/// initialised instance, `JET_errRestoreInProgress` while it is restoring already; the
/// restore's errors.
pub fn jet_restore_instance(
    instance: JET_INSTANCE,
    src: &str,
    dest: Option<&str>,
    status: JET_PFNSTATUS<'_>,
) -> JetResult<()> {
    check_args(src, dest)?;
    let (entry, params, cache_pages) = {
        let mut reg = registry::lock();
        let nil = instance == 0 || instance == usize::MAX;
        let entry = if nil && reg.mode != RunMode::Single {
            if reg.mode == RunMode::None {
                reg.mode = RunMode::Multi;
            }
            None
        } else {
            let e = find(&reg, instance)?;
            e.gate.check_restore()?;
            if e.state.lock().engine.is_some() {
                return Err(err(
                    ErrorCode::AlreadyInitialized,
                    "the instance is initialised: restore with an uninitialised one",
                ));
            }
            e.gate.restoring.store(true, Ordering::Release);
            Some(e)
        };
        let p = match &entry {
            Some(e) => e.state.lock().params.clone(),
            None => reg.params.clone(),
        };
        let cache = options(&p, &reg.params).cache_pages;
        (entry, p, cache)
    };
    let r = restore(&params, cache_pages, src, dest, status);
    match entry {
        Some(e) => e.gate.restoring.store(false, Ordering::Release),
        None => leave_mode_if_empty(&mut registry::lock()),
    }
    r
}

/// `JET_errInvalidParameter` for an empty source or destination, then
/// `JET_errInvalidPath` for one as long as `CCH_PATH_MAX - 1` bytes or more, before any
/// effect.
fn check_args(src: &str, dest: Option<&str>) -> JetResult<()> {
    if src.is_empty() || dest.is_some_and(str::is_empty) {
        return Err(err(
            ErrorCode::InvalidParameter,
            "the backup folder (and a destination, when given) must not be empty",
        ));
    }
    check_path_len("backup folder", src)?;
    if let Some(dest) = dest {
        check_path_len("destination folder", dest)?;
    }
    Ok(())
}

/// The engine's restore with the folders and names of `params`.
fn restore(
    params: &Params,
    cache_pages: usize,
    src: &str,
    dest: Option<&str>,
    status: JET_PFNSTATUS<'_>,
) -> JetResult<()> {
    let opts = FolderRestore {
        log_dir: absolute(params.str(JET_paramLogFilePath))?,
        checkpoint_dir: absolute(params.str(JET_paramSystemPath))?,
        base_name: params.str(JET_paramBaseName).to_string(),
        create_path: params.int(JET_paramCreatePathIfNotExist) != 0,
        cache_pages,
    };
    let src = absolute(src)?;
    let dest = dest.map(absolute).transpose()?;
    let fs: ese_os::SharedFs = Arc::new(ese_os::StdFs);
    with_status(JET_snpRestore, status, |s| {
        ese::file_backup::restore_from_folder(fs, &src, dest.as_deref(), &opts, s)
    })
}
