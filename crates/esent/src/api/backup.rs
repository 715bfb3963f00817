//! Exported streaming backup, stop and restore calls: `JetBeginExternalBackup*`,
//! `JetGetAttachInfo*`, `JetOpenFile*`, `JetOpenFileSectionInstance*`, `JetReadFile*`,
//! `JetCloseFile*`, `JetGetLogInfo*`, `JetGetTruncateLogInfoInstance*`,
//! `JetTruncateLog*`, `JetEndExternalBackup*`, `JetStopBackup*`, `JetStopService*` and
//! `JetExternalRestore*`.
//!
//! What must hold: outputs are written only when the call succeeds; the name lists are
//! multi-strings (each name ended by NUL, one more NUL at the end) filled as esent.dll
//! fills them ([`jet::list_fill`]); `JetReadFileInstance` reads straight into the
//! caller's buffer, so its alignment is the caller's.

use core::ffi::c_void;
use core::mem::size_of;

use ese_jet as jet;

use crate::api::instance::{rst_map, RstMap};
use crate::consts::*;
use crate::ffi::ptr::{self, put};
use crate::ffi::{check_cb, guard, need_mut, opt, req, warn, Enc, Jet, Owner, Ret, A, W};
use crate::types::*;
use crate::{aw, export};

export! {
    /// `JetBeginExternalBackup`: starts a streaming backup of the single instance.
    JetBeginExternalBackup(grbit: JET_GRBIT) {
        jet::jet_begin_external_backup(grbit).j()?;
        Ok(0)
    }
}

export! {
    /// `JetBeginExternalBackupInstance`: starts a streaming backup, full (0) or
    /// incremental (`JET_bitBackupIncremental`).
    JetBeginExternalBackupInstance(instance: JET_INSTANCE, grbit: JET_GRBIT) {
        jet::jet_begin_external_backup_instance(instance, grbit).j()?;
        Ok(0)
    }
}

/// Writes a list of names into the caller's buffer as `fill` says.
///
/// # Safety
/// `dst` is NULL or writable for `cb_max` bytes; `pcb` is NULL or writable.
unsafe fn put_list<E: Enc>(
    fill: jet::ListFill,
    names: &[String],
    dst: *mut E::Ch,
    cb_max: u32,
    pcb: *mut u32,
) -> Ret {
    let narrow = size_of::<E::Ch>() == 1;
    let bytes = if narrow {
        jet::multi_string_a(names)
    } else {
        jet::multi_string_w(names)
    };
    let c = jet::list_fill(fill, bytes.len(), cb_max, !dst.is_null(), narrow).j()?;
    // SAFETY: `c.copy` is at most `cb_max`, the bytes writable at `dst` (0 when NULL).
    unsafe { ptr::copy_out(dst.cast::<u8>(), &bytes[..c.copy]) };
    // SAFETY: NULL or writable.
    unsafe { put(pcb, c.actual) };
    Ok(0)
}

unsafe fn attach_info<E: Enc>(szz: *mut E::Ch, cb_max: u32, pcb: *mut u32) -> Ret {
    let names = jet::jet_get_attach_info().j()?;
    // SAFETY: forwarded C contract.
    unsafe { put_list::<E>(jet::ListFill::AttachInfo, &names, szz, cb_max, pcb) }
}

aw! {
    /// `JetGetAttachInfo`: the databases to copy (single instance); `*pcbActual` is the
    /// list's full size.
    JetGetAttachInfoA JetGetAttachInfoW = attach_info(
        szzDatabases: o, cbMax: (u32), pcbActual: (*mut u32))
}

unsafe fn attach_info_instance<E: Enc>(
    instance: JET_INSTANCE,
    szz: *mut E::Ch,
    cb_max: u32,
    pcb: *mut u32,
) -> Ret {
    let names = jet::jet_get_attach_info_instance(instance).j()?;
    // SAFETY: forwarded C contract.
    unsafe { put_list::<E>(jet::ListFill::AttachInfo, &names, szz, cb_max, pcb) }
}

aw! {
    /// `JetGetAttachInfoInstance`: the full paths of the databases to copy, as a
    /// multi-string; `*pcbActual` is the list's full size, and what fits is copied.
    JetGetAttachInfoInstanceA JetGetAttachInfoInstanceW = attach_info_instance(
        instance: (JET_INSTANCE), szzDatabases: o, cbMax: (u32), pcbActual: (*mut u32))
}

/// Writes an opened file's handle and size.
///
/// # Safety
/// Each pointer is NULL-checked by the caller and writable.
unsafe fn put_open(h: JET_HANDLE, size: u64, ph: *mut JET_HANDLE, plo: *mut u32, phi: *mut u32) {
    // SAFETY: forwarded contract.
    unsafe {
        put(ph, h);
        put(plo, size as u32);
        put(phi, (size >> 32) as u32);
    }
}

unsafe fn open_file<E: Enc>(
    name: *const E::Ch,
    ph: *mut JET_HANDLE,
    plo: *mut u32,
    phi: *mut u32,
) -> Ret {
    need_mut(ph)?;
    need_mut(plo)?;
    need_mut(phi)?;
    // SAFETY: forwarded C contract.
    let name = unsafe { req::<E>(name) }?;
    let (h, size) = jet::jet_open_file(&name).j()?;
    // SAFETY: checked non-null above.
    unsafe { put_open(h, size, ph, plo, phi) };
    Ok(0)
}

aw! {
    /// `JetOpenFile`: opens a database or log file for reading (single instance).
    JetOpenFileA JetOpenFileW = open_file(
        szFileName: s, phfFile: (*mut JET_HANDLE), pulFileSizeLow: (*mut u32),
        pulFileSizeHigh: (*mut u32))
}

unsafe fn open_file_instance<E: Enc>(
    instance: JET_INSTANCE,
    name: *const E::Ch,
    ph: *mut JET_HANDLE,
    plo: *mut u32,
    phi: *mut u32,
) -> Ret {
    need_mut(ph)?;
    need_mut(plo)?;
    need_mut(phi)?;
    // SAFETY: forwarded C contract.
    let name = unsafe { req::<E>(name) }?;
    let (h, size) = jet::jet_open_file_instance(instance, &name).j()?;
    // SAFETY: checked non-null above.
    unsafe { put_open(h, size, ph, plo, phi) };
    Ok(0)
}

aw! {
    /// `JetOpenFileInstance`: opens an attached database or a listed log for reading and
    /// returns its handle and size in bytes (low and high halves).
    JetOpenFileInstanceA JetOpenFileInstanceW = open_file_instance(
        instance: (JET_INSTANCE), szFileName: s, phfFile: (*mut JET_HANDLE),
        pulFileSizeLow: (*mut u32), pulFileSizeHigh: (*mut u32))
}

#[allow(clippy::too_many_arguments)]
unsafe fn open_file_section<E: Enc>(
    instance: JET_INSTANCE,
    name: *const E::Ch,
    ph: *mut JET_HANDLE,
    i_section: i32,
    c_sections: i32,
    ib_read: u64,
    plo: *mut u32,
    phi: *mut i32,
) -> Ret {
    need_mut(ph)?;
    need_mut(plo)?;
    need_mut(phi)?;
    // SAFETY: forwarded C contract.
    let name = unsafe { req::<E>(name) }?;
    let (h, size) =
        jet::jet_open_file_section_instance(instance, &name, i_section, c_sections, ib_read).j()?;
    // SAFETY: checked non-null above.
    unsafe { put_open(h, size, ph, plo, phi.cast::<u32>()) };
    Ok(0)
}

aw! {
    /// `JetOpenFileSectionInstance`: [`JetOpenFileInstanceA`] from byte `ibRead`; more
    /// than one section is `JET_wrnNyi` (-1), as esent.dll answers.
    JetOpenFileSectionInstanceA JetOpenFileSectionInstanceW = open_file_section(
        instance: (JET_INSTANCE), szFile: s, phFile: (*mut JET_HANDLE), iSection: (i32),
        cSections: (i32), ibRead: (u64), pulSectionSizeLow: (*mut u32),
        plSectionSizeHigh: (*mut i32))
}

export! {
    /// `JetReadFile`: reads the next bytes of the open file (single instance).
    JetReadFile(hfFile: JET_HANDLE, pv: *mut c_void, cb: u32, pcbActual: *mut u32) {
        let buf = ptr::bytes_mut(pv, cb)?;
        let n = jet::jet_read_file(hfFile, buf).j()?;
        put(pcbActual, n);
        Ok(0)
    }
}

export! {
    /// `JetReadFileInstance`: reads the next bytes of the open file into `pv` (aligned
    /// to 4096 bytes, a whole number of database pages); `*pcbActual` is 0 at the end.
    JetReadFileInstance(
        instance: JET_INSTANCE, hfFile: JET_HANDLE, pv: *mut c_void, cb: u32, pcbActual: *mut u32
    ) {
        let buf = ptr::bytes_mut(pv, cb)?;
        let n = jet::jet_read_file_instance(instance, hfFile, buf).j()?;
        put(pcbActual, n);
        Ok(0)
    }
}

export! {
    /// `JetCloseFile`: closes the open file (single instance).
    JetCloseFile(hfFile: JET_HANDLE) {
        jet::jet_close_file(hfFile).j()?;
        Ok(0)
    }
}

export! {
    /// `JetCloseFileInstance`: closes the open file.
    JetCloseFileInstance(instance: JET_INSTANCE, hfFile: JET_HANDLE) {
        jet::jet_close_file_instance(instance, hfFile).j()?;
        Ok(0)
    }
}

unsafe fn log_info<E: Enc>(szz: *mut E::Ch, cb_max: u32, pcb: *mut u32) -> Ret {
    let names = jet::jet_get_log_info().j()?;
    // SAFETY: forwarded C contract.
    unsafe { put_list::<E>(jet::ListFill::LogInfo, &names, szz, cb_max, pcb) }
}

aw! {
    /// `JetGetLogInfo`: the log files to copy (single instance).
    JetGetLogInfoA JetGetLogInfoW = log_info(szzLogs: o, cbMax: (u32), pcbActual: (*mut u32))
}

unsafe fn log_info_instance<E: Enc>(
    instance: JET_INSTANCE,
    szz: *mut E::Ch,
    cb_max: u32,
    pcb: *mut u32,
) -> Ret {
    let names = jet::jet_get_log_info_instance(instance).j()?;
    // SAFETY: forwarded C contract.
    unsafe { put_list::<E>(jet::ListFill::LogInfo, &names, szz, cb_max, pcb) }
}

aw! {
    /// `JetGetLogInfoInstance`: the full paths of the log files to copy; with a buffer,
    /// `*pcbActual` is the bytes copied, without one the list's size.
    JetGetLogInfoInstanceA JetGetLogInfoInstanceW = log_info_instance(
        instance: (JET_INSTANCE), szzLogs: o, cbMax: (u32), pcbActual: (*mut u32))
}

/// A `JET_LOGINFO` form.
pub(crate) trait LogInfoForm: Copy {
    /// The encoding of its base name.
    type E: Enc;
    /// `cbSize`.
    fn cb_size(&self) -> u32;
    /// The generations and base name.
    fn read(&self) -> Result<jet::JET_LOGINFO, JET_ERR>;
    /// Stores the generations and base name, keeping `cbSize`.
    fn write(&mut self, info: &jet::JET_LOGINFO);
}

macro_rules! log_info_form {
    ($t:ty, $e:ty) => {
        impl LogInfoForm for $t {
            type E = $e;
            fn cb_size(&self) -> u32 {
                self.cbSize
            }
            fn read(&self) -> Result<jet::JET_LOGINFO, JET_ERR> {
                let n = self
                    .szBaseName
                    .iter()
                    .position(|&c| c == <<$e as Enc>::Ch>::default())
                    .unwrap_or(self.szBaseName.len());
                Ok(jet::JET_LOGINFO {
                    ulGenLow: self.ulGenLow,
                    ulGenHigh: self.ulGenHigh,
                    szBaseName: <$e>::decode(&self.szBaseName[..n])?,
                })
            }
            fn write(&mut self, info: &jet::JET_LOGINFO) {
                self.ulGenLow = info.ulGenLow;
                self.ulGenHigh = info.ulGenHigh;
                let units = <$e>::encode(&info.szBaseName);
                self.szBaseName = Default::default();
                let last = self.szBaseName.len() - 1;
                for (d, s) in self.szBaseName[..last].iter_mut().zip(units) {
                    *d = s;
                }
            }
        }
    };
}

log_info_form!(JET_LOGINFO_A, A);
log_info_form!(JET_LOGINFO_W, W);

unsafe fn log_info_instance2<L: LogInfoForm>(
    instance: JET_INSTANCE,
    szz: *mut <L::E as Enc>::Ch,
    cb_max: u32,
    pcb: *mut u32,
    pinfo: *mut L,
) -> Ret {
    // SAFETY: NULL or readable by the C contract.
    let given = unsafe { ptr::read_opt(pinfo) };
    if let Some(l) = &given {
        check_cb(l.cb_size(), size_of::<L>())?;
    }
    let (names, info) = jet::jet_get_log_info_instance2(instance).j()?;
    // SAFETY: forwarded C contract.
    let r = unsafe { put_list::<L::E>(jet::ListFill::LogInfo, &names, szz, cb_max, pcb) }?;
    if let Some(mut l) = given {
        l.write(&info);
        // SAFETY: non-null (it was read) and writable by the C contract.
        unsafe { put(pinfo, l) };
    }
    Ok(r)
}

export! {
    /// `JetGetLogInfoInstance2A`: [`JetGetLogInfoInstanceA`] plus the generations listed
    /// and the base name in `*pLogInfo` (optional; its `cbSize` must be
    /// `sizeof(JET_LOGINFO_A)`).
    JetGetLogInfoInstance2A(
        instance: JET_INSTANCE, szzLogs: *mut core::ffi::c_char, cbMax: u32,
        pcbActual: *mut u32, pLogInfo: *mut JET_LOGINFO_A
    ) {
        log_info_instance2(instance, szzLogs, cbMax, pcbActual, pLogInfo)
    }
}

export! {
    /// `JetGetLogInfoInstance2W`: [`JetGetLogInfoInstance2A`] with UTF-16 names.
    JetGetLogInfoInstance2W(
        instance: JET_INSTANCE, wszzLogs: *mut WCHAR, cbMax: u32,
        pcbActual: *mut u32, pLogInfo: *mut JET_LOGINFO_W
    ) {
        log_info_instance2(instance, wszzLogs, cbMax, pcbActual, pLogInfo)
    }
}

unsafe fn truncate_log_info<E: Enc>(
    instance: JET_INSTANCE,
    szz: *mut E::Ch,
    cb_max: u32,
    pcb: *mut u32,
) -> Ret {
    let names = jet::jet_get_truncate_log_info_instance(instance).j()?;
    // SAFETY: forwarded C contract.
    unsafe { put_list::<E>(jet::ListFill::LogInfo, &names, szz, cb_max, pcb) }
}

aw! {
    /// `JetGetTruncateLogInfoInstance`: the logs a truncation would delete (possibly
    /// none: one NUL), filled as [`JetGetLogInfoInstanceA`].
    JetGetTruncateLogInfoInstanceA JetGetTruncateLogInfoInstanceW = truncate_log_info(
        instance: (JET_INSTANCE), szzLogs: o, cbMax: (u32), pcbActual: (*mut u32))
}

/// `JetTruncateLog`: deletes the logs the backup of the single instance made
/// unnecessary.
///
/// # Safety
/// No pointers; safe to call at any time.
#[no_mangle]
pub unsafe extern "system" fn JetTruncateLog() -> JET_ERR {
    guard(Owner::Process, || {
        jet::jet_truncate_log().j()?;
        Ok(0)
    })
}

export! {
    /// `JetTruncateLogInstance`: deletes the logs the backup made unnecessary (every
    /// listed log must have been read to its end).
    JetTruncateLogInstance(instance: JET_INSTANCE) {
        jet::jet_truncate_log_instance(instance).j()?;
        Ok(0)
    }
}

/// `JetEndExternalBackup`: ends the streaming backup of the single instance.
///
/// # Safety
/// No pointers; safe to call at any time.
#[no_mangle]
pub unsafe extern "system" fn JetEndExternalBackup() -> JET_ERR {
    guard(Owner::Process, || {
        jet::jet_end_external_backup().j()?;
        Ok(0)
    })
}

export! {
    /// `JetEndExternalBackupInstance`: ends the streaming backup normally.
    JetEndExternalBackupInstance(instance: JET_INSTANCE) {
        jet::jet_end_external_backup_instance(instance).j()?;
        Ok(0)
    }
}

export! {
    /// `JetEndExternalBackupInstance2`: ends the streaming backup with
    /// `JET_bitBackupEndNormal` or `JET_bitBackupEndAbort`.
    JetEndExternalBackupInstance2(instance: JET_INSTANCE, grbit: JET_GRBIT) {
        jet::jet_end_external_backup_instance2(instance, grbit).j()?;
        Ok(0)
    }
}

/// `JetStopBackup`: asks the backup of the single instance to stop.
///
/// # Safety
/// No pointers; safe to call at any time.
#[no_mangle]
pub unsafe extern "system" fn JetStopBackup() -> JET_ERR {
    guard(Owner::Process, || {
        jet::jet_stop_backup().j()?;
        Ok(0)
    })
}

export! {
    /// `JetStopBackupInstance`: asks the running backup to stop (its later calls get
    /// `JET_errBackupAbortByServer`); returns at once, from any thread.
    JetStopBackupInstance(instance: JET_INSTANCE) {
        jet::jet_stop_backup_instance(instance).j()?;
        Ok(0)
    }
}

/// `JetStopService`: quiesces the single instance.
///
/// # Safety
/// No pointers; safe to call at any time.
#[no_mangle]
pub unsafe extern "system" fn JetStopService() -> JET_ERR {
    guard(Owner::Process, || {
        jet::jet_stop_service().j()?;
        Ok(0)
    })
}

export! {
    /// `JetStopServiceInstance`: quiesces an instance: its later calls (and its
    /// sessions') fail with `JET_errClientRequestToStopJetService` until `JetTerm`.
    JetStopServiceInstance(instance: JET_INSTANCE) {
        jet::jet_stop_service_instance(instance).j()?;
        Ok(0)
    }
}

export! {
    /// `JetStopServiceInstance2`: stops or resumes parts of an instance
    /// (`JET_bitStopService*`).
    JetStopServiceInstance2(instance: JET_INSTANCE, grbit: JET_GRBIT) {
        jet::jet_stop_service_instance2(instance, grbit).j()?;
        Ok(0)
    }
}

/// Calls a restore's status callback, if any (its answer is ignored, as esent.dll does).
///
/// # Safety
/// `pfn` is NULL or a callback valid for the call.
unsafe fn status(pfn: JET_PFNSTATUS, snt: JET_SNT, done: u32) {
    if let Some(f) = pfn {
        let mut prog = JET_SNPROG {
            cbStruct: size_of::<JET_SNPROG>() as u32,
            cunitDone: done,
            cunitTotal: 100,
        };
        // SAFETY: the caller's callback with esent.h's arguments; `prog` lives through it.
        let _ = unsafe {
            f(
                0,
                JET_snpRestore,
                snt,
                (&mut prog as *mut JET_SNPROG).cast(),
            )
        };
    }
}

/// Runs a restore between the status callback's begin and completion.
///
/// # Safety
/// `pfn` is NULL or a callback valid for the call.
unsafe fn run_restore(r: &jet::JET_EXTERNAL_RESTORE, pfn: JET_PFNSTATUS) -> Ret {
    // SAFETY: forwarded contract.
    unsafe { status(pfn, JET_sntBegin, 0) };
    let warning = jet::jet_external_restore2(r).j()?;
    // SAFETY: forwarded contract.
    unsafe { status(pfn, JET_sntComplete, 100) };
    Ok(warn(warning))
}

/// The restore map of a caller's `JET_RSTMAP` array.
///
/// # Safety
/// `map` is NULL or an array of `n` entries with NUL-terminated names.
unsafe fn restore_map<M: RstMap>(map: *const M, n: i32) -> Result<Vec<jet::JET_RSTMAP>, JET_ERR> {
    // SAFETY: forwarded contract.
    let m = unsafe { rst_map(map, n) }?;
    Ok(m.rgrstmap
        .into_iter()
        .map(|(old, new)| jet::JET_RSTMAP {
            szDatabaseName: old,
            szNewDatabaseName: new,
        })
        .collect())
}

#[allow(clippy::too_many_arguments)]
unsafe fn external_restore<M: RstMap>(
    chk: *const <M::E as Enc>::Ch,
    log: *const <M::E as Enc>::Ch,
    map: *const M,
    n: i32,
    backup_log: *const <M::E as Enc>::Ch,
    gen_low: i32,
    gen_high: i32,
    pfn: JET_PFNSTATUS,
) -> Ret {
    // SAFETY: forwarded C contract.
    let (chk, log, backup_log) = unsafe {
        (
            opt::<M::E>(chk)?,
            opt::<M::E>(log)?,
            opt::<M::E>(backup_log)?,
        )
    };
    // SAFETY: forwarded C contract.
    let map = unsafe { restore_map(map, n) }?;
    if gen_low < 0 || gen_high < 0 {
        return Err(JET_errInvalidParameter);
    }
    let r = jet::JET_EXTERNAL_RESTORE {
        szCheckpointFilePath: chk,
        szLogPath: log,
        rgrstmap: map,
        szBackupLogPath: backup_log,
        loginfo: jet::JET_LOGINFO {
            ulGenLow: gen_low as u32,
            ulGenHigh: gen_high as u32,
            szBaseName: String::new(),
        },
        ..Default::default()
    };
    // SAFETY: forwarded C contract.
    unsafe { run_restore(&r, pfn) }
}

export! {
    /// `JetExternalRestoreA`: restores a streaming backup: the streamed databases already
    /// written to the map's new names, the backup's logs in `szBackupLogPath`.
    JetExternalRestoreA(
        szCheckpointFilePath: *mut core::ffi::c_char, szLogPath: *mut core::ffi::c_char,
        rgrstmap: *mut JET_RSTMAP_A, crstfilemap: i32, szBackupLogPath: *mut core::ffi::c_char,
        genLow: i32, genHigh: i32, pfn: JET_PFNSTATUS
    ) {
        external_restore(
            szCheckpointFilePath, szLogPath, rgrstmap, crstfilemap, szBackupLogPath,
            genLow, genHigh, pfn,
        )
    }
}

export! {
    /// `JetExternalRestoreW`: [`JetExternalRestoreA`] with UTF-16 paths.
    JetExternalRestoreW(
        szCheckpointFilePath: *mut WCHAR, szLogPath: *mut WCHAR, rgrstmap: *mut JET_RSTMAP_W,
        crstfilemap: i32, szBackupLogPath: *mut WCHAR, genLow: i32, genHigh: i32,
        pfn: JET_PFNSTATUS
    ) {
        external_restore(
            szCheckpointFilePath, szLogPath, rgrstmap, crstfilemap, szBackupLogPath,
            genLow, genHigh, pfn,
        )
    }
}

#[allow(clippy::too_many_arguments)]
unsafe fn external_restore2<M: RstMap, L: LogInfoForm<E = M::E>>(
    chk: *const <M::E as Enc>::Ch,
    log: *const <M::E as Enc>::Ch,
    map: *const M,
    n: i32,
    backup_log: *const <M::E as Enc>::Ch,
    pinfo: *const L,
    target: *const <M::E as Enc>::Ch,
    target_log: *const <M::E as Enc>::Ch,
    target_chk: *const <M::E as Enc>::Ch,
    pfn: JET_PFNSTATUS,
) -> Ret {
    // SAFETY: NULL-checked by `read`, else readable by the C contract.
    let info = unsafe { ptr::read(pinfo) }?;
    check_cb(info.cb_size(), size_of::<L>())?;
    let loginfo = info.read()?;
    // SAFETY: forwarded C contract: each string is NULL or NUL-terminated.
    let strings = unsafe {
        [
            opt::<M::E>(chk)?,
            opt::<M::E>(log)?,
            opt::<M::E>(backup_log)?,
            opt::<M::E>(target)?,
            opt::<M::E>(target_log)?,
            opt::<M::E>(target_chk)?,
        ]
    };
    let [chk, log, backup_log, target, target_log, target_chk] = strings;
    // SAFETY: forwarded C contract.
    let map = unsafe { restore_map(map, n) }?;
    let r = jet::JET_EXTERNAL_RESTORE {
        szCheckpointFilePath: chk,
        szLogPath: log,
        rgrstmap: map,
        szBackupLogPath: backup_log,
        loginfo,
        szTargetInstanceName: target,
        szTargetInstanceLogPath: target_log,
        szTargetInstanceCheckpointPath: target_chk,
    };
    // SAFETY: forwarded C contract.
    unsafe { run_restore(&r, pfn) }
}

export! {
    /// `JetExternalRestore2A`: [`JetExternalRestoreA`] with the backup's generations and
    /// base name in `*pLogInfo` (`cbSize` must be `sizeof(JET_LOGINFO_A)`) and an optional
    /// target instance, by name or by its log and checkpoint paths (see
    /// `ese_jet::jet_external_restore2`).
    JetExternalRestore2A(
        szCheckpointFilePath: *mut core::ffi::c_char, szLogPath: *mut core::ffi::c_char,
        rgrstmap: *mut JET_RSTMAP_A, crstfilemap: i32, szBackupLogPath: *mut core::ffi::c_char,
        pLogInfo: *mut JET_LOGINFO_A, szTargetInstanceName: *mut core::ffi::c_char,
        szTargetInstanceLogPath: *mut core::ffi::c_char,
        szTargetInstanceCheckpointPath: *mut core::ffi::c_char, pfn: JET_PFNSTATUS
    ) {
        external_restore2(
            szCheckpointFilePath, szLogPath, rgrstmap, crstfilemap, szBackupLogPath,
            pLogInfo, szTargetInstanceName, szTargetInstanceLogPath,
            szTargetInstanceCheckpointPath, pfn,
        )
    }
}

export! {
    /// `JetExternalRestore2W`: [`JetExternalRestore2A`] with UTF-16 strings.
    JetExternalRestore2W(
        szCheckpointFilePath: *mut WCHAR, szLogPath: *mut WCHAR, rgrstmap: *mut JET_RSTMAP_W,
        crstfilemap: i32, szBackupLogPath: *mut WCHAR, pLogInfo: *mut JET_LOGINFO_W,
        szTargetInstanceName: *mut WCHAR, szTargetInstanceLogPath: *mut WCHAR,
        szTargetInstanceCheckpointPath: *mut WCHAR, pfn: JET_PFNSTATUS
    ) {
        external_restore2(
            szCheckpointFilePath, szLogPath, rgrstmap, crstfilemap, szBackupLogPath,
            pLogInfo, szTargetInstanceName, szTargetInstanceLogPath,
            szTargetInstanceCheckpointPath, pfn,
        )
    }
}

export! {
    /// `JetGetInstanceMiscInfo`: `JET_InstanceMiscInfoLogSignature` writes the
    /// instance's log signature (`JET_SIGNATURE`, as database headers hold it);
    /// `JET_InstanceMiscInfoRBS` writes nothing (no revert snapshot);
    /// `JET_errBufferTooSmall` for a short buffer.
    JetGetInstanceMiscInfo(instance: JET_INSTANCE, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) {
        if InfoLevel == JET_InstanceMiscInfoLogSignature
            && (cbMax as usize) < core::mem::size_of::<JET_SIGNATURE>()
        {
            return Err(JET_errBufferTooSmall);
        }
        let got = jet::jet_get_instance_misc_info(instance, InfoLevel).j()?;
        if let Some(sig) = got {
            let bytes = sig.encode();
            let out = ptr::bytes_mut(pvResult, bytes.len() as u32)?;
            out.copy_from_slice(&bytes);
        }
        Ok(0)
    }
}
