//! Exported database calls: `JetCreateDatabase*`, `JetAttachDatabase*`,
//! `JetDetachDatabase*`, `JetOpenDatabase*`, `JetCloseDatabase`, `JetGetDatabaseInfo*`,
//! `JetGetDatabaseFileInfo*` and `JetCompact*`.
//!
//! What must hold: `*pdbid` is written only on success (warnings included); an information
//! level the engine cannot answer is an error, never a made-up value.

use core::ffi::c_void;
use core::mem::size_of;

use ese_jet as jet;

use crate::consts::*;
use crate::ffi::ptr::{self, put};
use crate::ffi::{need_mut, opt, req, warn, write_str, Enc, Jet, Ret, Short};
use crate::types::*;
use crate::{aw, export};

unsafe fn create_database<E: Enc>(
    sesid: JET_SESID,
    file: *const E::Ch,
    connect: *const E::Ch,
    pdbid: *mut JET_DBID,
    grbit: JET_GRBIT,
) -> Ret {
    need_mut(pdbid)?;
    // SAFETY: forwarded C contract.
    let (file, connect) = unsafe { (req::<E>(file)?, opt::<E>(connect)?) };
    let dbid = jet::jet_create_database(sesid, &file, connect.as_deref(), grbit).j()?;
    // SAFETY: checked non-null.
    unsafe { put(pdbid, dbid) };
    Ok(0)
}

aw! {
    /// `JetCreateDatabase`: creates a database file, attaches it and opens it.
    JetCreateDatabaseA JetCreateDatabaseW = create_database(
        sesid: (JET_SESID), szFilename: s, szConnect: s, pdbid: (*mut JET_DBID), grbit: (JET_GRBIT))
}

unsafe fn create_database2<E: Enc>(
    sesid: JET_SESID,
    file: *const E::Ch,
    cpg_max: u32,
    pdbid: *mut JET_DBID,
    grbit: JET_GRBIT,
) -> Ret {
    need_mut(pdbid)?;
    // SAFETY: forwarded C contract.
    let file = unsafe { req::<E>(file) }?;
    let dbid = jet::jet_create_database2(sesid, &file, cpg_max, grbit).j()?;
    // SAFETY: checked non-null.
    unsafe { put(pdbid, dbid) };
    Ok(0)
}

aw! {
    /// `JetCreateDatabase2`: [`JetCreateDatabaseA`] with a size limit in pages.
    JetCreateDatabase2A JetCreateDatabase2W = create_database2(
        sesid: (JET_SESID), szFilename: s, cpgDatabaseSizeMax: (u32), pdbid: (*mut JET_DBID),
        grbit: (JET_GRBIT))
}

unsafe fn attach<E: Enc>(sesid: JET_SESID, file: *const E::Ch, grbit: JET_GRBIT) -> Ret {
    // SAFETY: forwarded C contract.
    let file = unsafe { req::<E>(file) }?;
    jet::jet_attach_database(sesid, &file, grbit).j().map(warn)
}

aw! {
    /// `JetAttachDatabase`: attaches a database file to the instance.
    JetAttachDatabaseA JetAttachDatabaseW = attach(sesid: (JET_SESID), szFilename: s, grbit: (JET_GRBIT))
}

unsafe fn attach2<E: Enc>(sesid: JET_SESID, file: *const E::Ch, cpg: u32, grbit: JET_GRBIT) -> Ret {
    // SAFETY: forwarded C contract.
    let file = unsafe { req::<E>(file) }?;
    jet::jet_attach_database2(sesid, &file, cpg, grbit)
        .j()
        .map(warn)
}

aw! {
    /// `JetAttachDatabase2`: [`JetAttachDatabaseA`] with a size limit in pages.
    JetAttachDatabase2A JetAttachDatabase2W = attach2(
        sesid: (JET_SESID), szFilename: s, cpgDatabaseSizeMax: (u32), grbit: (JET_GRBIT))
}

unsafe fn detach<E: Enc>(sesid: JET_SESID, file: *const E::Ch) -> Ret {
    // SAFETY: forwarded C contract.
    let file = unsafe { opt::<E>(file) }?;
    jet::jet_detach_database(sesid, file.as_deref())
        .j()
        .map(|()| 0)
}

aw! {
    /// `JetDetachDatabase`: detaches a database (NULL: all of them).
    JetDetachDatabaseA JetDetachDatabaseW = detach(sesid: (JET_SESID), szFilename: s)
}

unsafe fn detach2<E: Enc>(sesid: JET_SESID, file: *const E::Ch, grbit: JET_GRBIT) -> Ret {
    // SAFETY: forwarded C contract.
    let file = unsafe { opt::<E>(file) }?;
    jet::jet_detach_database2(sesid, file.as_deref(), grbit)
        .j()
        .map(|()| 0)
}

aw! {
    /// `JetDetachDatabase2`: [`JetDetachDatabaseA`] with options.
    JetDetachDatabase2A JetDetachDatabase2W = detach2(sesid: (JET_SESID), szFilename: s, grbit: (JET_GRBIT))
}

unsafe fn open_database<E: Enc>(
    sesid: JET_SESID,
    file: *const E::Ch,
    connect: *const E::Ch,
    pdbid: *mut JET_DBID,
    grbit: JET_GRBIT,
) -> Ret {
    need_mut(pdbid)?;
    // SAFETY: forwarded C contract.
    let (file, connect) = unsafe { (req::<E>(file)?, opt::<E>(connect)?) };
    let (dbid, w) = jet::jet_open_database(sesid, &file, connect.as_deref(), grbit).j()?;
    // SAFETY: checked non-null.
    unsafe { put(pdbid, dbid) };
    Ok(warn(w))
}

aw! {
    /// `JetOpenDatabase`: opens an attached database for this session.
    JetOpenDatabaseA JetOpenDatabaseW = open_database(
        sesid: (JET_SESID), szFilename: s, szConnect: s, pdbid: (*mut JET_DBID), grbit: (JET_GRBIT))
}

export! {
    /// `JetCloseDatabase`: closes a database this session opened.
    JetCloseDatabase(sesid: JET_SESID, dbid: JET_DBID, grbit: JET_GRBIT) {
        jet::jet_close_database(sesid, dbid, grbit).j().map(|()| 0)
    }
}

/// Writes a 4-byte answer.
unsafe fn write_u32(pv: *mut c_void, cb: u32, v: u32) -> Ret {
    // SAFETY: `pv` is NULL or writable for `cb` bytes by the C contract.
    let out = unsafe { ptr::bytes_mut(pv, cb) }?;
    if out.len() < 4 {
        return Err(JET_errBufferTooSmall);
    }
    out[..4].copy_from_slice(&v.to_le_bytes());
    Ok(0)
}

/// A packed C structure of plain integers from the bytes ESE's headers store it as
/// (`JET_SIGNATURE`, `JET_LOGTIME`, `JET_BKINFO`: the header's layout is the structure's).
fn pod<T: Copy>(bytes: &[u8]) -> T {
    assert_eq!(
        bytes.len(),
        size_of::<T>(),
        "a header field of the structure's size"
    );
    // SAFETY: `bytes` holds `size_of::<T>()` bytes (checked above) and every `T` used here
    // is a packed structure of integers, for which any bytes are a value; the read is
    // unaligned.
    unsafe { core::ptr::read_unaligned(bytes.as_ptr().cast::<T>()) }
}

/// A header log position (`ib`, `isec`, `lGeneration`) as `JET_LGPOS`.
fn lgpos(ib: u16, isec: u16, generation: i32) -> JET_LGPOS {
    JET_LGPOS {
        ib,
        isec,
        lGeneration: generation,
    }
}

/// Answers one information level from a [`jet::JET_DBINFO`]. `JET_DbInfoMisc` fills the
/// `JET_DBINFOMISC` fields the engine knows and zeroes the rest of the caller's structure
/// (up to `JET_DBINFOMISC4`).
unsafe fn db_info<E: Enc>(info: &jet::JET_DBINFO, pv: *mut c_void, cb: u32, level: u32) -> Ret {
    match level & !JET_DbInfoUseCachedResult {
        // SAFETY: `pv` is NULL or writable for `cb` bytes by the C contract.
        JET_DbInfoFilename => unsafe { write_str::<E>(pv.cast(), cb, &info.filename, Short::Fail) },
        // SAFETY: `pv` is NULL or writable for `cb` bytes by the C contract.
        JET_DbInfoPageSize => unsafe { write_u32(pv, cb, info.cbPageSize) },
        // SAFETY: `pv` is NULL or writable for `cb` bytes by the C contract.
        JET_DbInfoFilesize => unsafe { write_u32(pv, cb, info.cpgFilesize) },
        // SAFETY: `pv` is NULL or writable for `cb` bytes by the C contract.
        JET_DbInfoFilesizeOnDisk => unsafe {
            let pages = info.cbFilesizeOnDisk / u64::from(info.cbPageSize.max(1));
            write_u32(pv, cb, u32::try_from(pages).unwrap_or(u32::MAX))
        },
        // SAFETY: `pv` is NULL or writable for `cb` bytes by the C contract.
        JET_DbInfoVersion => unsafe { write_u32(pv, cb, info.ulVersion) },
        // SAFETY: `pv` is NULL or writable for `cb` bytes by the C contract.
        JET_DbInfoOptions => unsafe {
            write_u32(pv, cb, if info.read_only { JET_bitDbReadOnly } else { 0 })
        },
        // SAFETY: `pv` is NULL or writable for `cb` bytes by the C contract.
        JET_DbInfoFileType => unsafe { write_u32(pv, cb, JET_filetypeDatabase) },
        // The legacy levels, answered as ESE's `ErrIsamGetDatabaseInfo` answers them: no
        // connect string, country 1, code page 1252, collation 0, the default locale's LCID
        // (en-US, as this engine's indexes record), seven transaction levels.
        JET_DbInfoConnect => {
            // SAFETY: `pv` is NULL or writable for `cb` bytes by the C contract.
            let out = unsafe { ptr::bytes_mut(pv, cb) }?;
            *out.first_mut().ok_or(JET_errBufferTooSmall)? = 0;
            Ok(0)
        }
        JET_DbInfoCountry
        | JET_DbInfoCp
        | JET_DbInfoCollate
        | JET_DbInfoLCID
        | JET_DbInfoTransactions => {
            if cb != 4 {
                return Err(JET_errInvalidBufferSize);
            }
            let v = match level & !JET_DbInfoUseCachedResult {
                JET_DbInfoCountry => 1,
                JET_DbInfoCp => 1252,
                JET_DbInfoCollate => 0,
                JET_DbInfoLCID => 0x0409,
                _ => 7,
            };
            // SAFETY: `pv` is NULL or writable for `cb` bytes by the C contract.
            unsafe { write_u32(pv, cb, v) }
        }
        JET_DbInfoIsam => Err(JET_errFeatureNotAvailable),
        JET_DbInfoMisc => {
            if (cb as usize) < size_of::<JET_DBINFOMISC>() {
                return Err(JET_errBufferTooSmall);
            }
            let n = (cb as usize).min(size_of::<JET_DBINFOMISC4>());
            // SAFETY: `pv` is NULL or writable for `cb` bytes by the C contract.
            let out = unsafe { ptr::bytes_mut(pv, n as u32) }?;
            out.fill(0);
            let h = &info.header;
            let m = JET_DBINFOMISC {
                ulVersion: info.ulVersion,
                ulUpdate: info.ulUpdate,
                signDb: pod(&h.signature.encode()),
                dbstate: info.dbstate,
                lgposConsistent: lgpos(
                    h.lgpos_consistent.ib,
                    h.lgpos_consistent.isec,
                    h.lgpos_consistent.lgen,
                ),
                logtimeConsistent: pod(&h.time_consistent.encode()),
                logtimeAttach: pod(&h.time_attach.encode()),
                lgposAttach: lgpos(h.lgpos_attach.ib, h.lgpos_attach.isec, h.lgpos_attach.lgen),
                logtimeDetach: pod(&h.time_detach.encode()),
                lgposDetach: lgpos(h.lgpos_detach.ib, h.lgpos_detach.isec, h.lgpos_detach.lgen),
                signLog: pod(&h.log_signature.encode()),
                bkinfoFullPrev: pod(&h.backup_full_prev.encode()),
                bkinfoIncPrev: pod(&h.backup_incremental_prev.encode()),
                bkinfoFullCur: pod(&h.backup_full_current.encode()),
                fShadowingDisabled: u32::from(h.db_flags & 1 != 0),
                fUpgradeDb: 0,
                dwMajorVersion: h.os_major,
                dwMinorVersion: h.os_minor,
                dwBuildNumber: h.os_build,
                lSPNumber: h.os_service_pack,
                cbPageSize: info.cbPageSize,
            };
            if n >= size_of::<JET_DBINFOMISC2>() {
                let m2 = JET_DBINFOMISC2 {
                    ulVersion: m.ulVersion,
                    ulUpdate: m.ulUpdate,
                    signDb: m.signDb,
                    dbstate: m.dbstate,
                    lgposConsistent: m.lgposConsistent,
                    logtimeConsistent: m.logtimeConsistent,
                    logtimeAttach: m.logtimeAttach,
                    lgposAttach: m.lgposAttach,
                    logtimeDetach: m.logtimeDetach,
                    lgposDetach: m.lgposDetach,
                    signLog: m.signLog,
                    bkinfoFullPrev: m.bkinfoFullPrev,
                    bkinfoIncPrev: m.bkinfoIncPrev,
                    bkinfoFullCur: m.bkinfoFullCur,
                    fShadowingDisabled: m.fShadowingDisabled,
                    fUpgradeDb: m.fUpgradeDb,
                    dwMajorVersion: m.dwMajorVersion,
                    dwMinorVersion: m.dwMinorVersion,
                    dwBuildNumber: m.dwBuildNumber,
                    lSPNumber: m.lSPNumber,
                    cbPageSize: m.cbPageSize,
                    genMinRequired: h.lgen_min_required.max(0) as u32,
                    genMaxRequired: h.lgen_max_required.max(0) as u32,
                    logtimeGenMaxCreate: pod(&h.time_gen_max_create.encode()),
                    ulRepairCount: h.repair_count,
                    logtimeRepair: pod(&h.time_repair.encode()),
                    ulRepairCountOld: h.repair_count_old,
                    ulECCFixSuccess: h.ecc_fix_success,
                    logtimeECCFixSuccess: pod(&h.time_ecc_fix_success.encode()),
                    ulECCFixSuccessOld: h.ecc_fix_success_old,
                    ulECCFixFail: h.ecc_fix_fail,
                    logtimeECCFixFail: pod(&h.time_ecc_fix_fail.encode()),
                    ulECCFixFailOld: h.ecc_fix_fail_old,
                    ulBadChecksum: h.bad_checksum,
                    logtimeBadChecksum: pod(&h.time_bad_checksum.encode()),
                    ulBadChecksumOld: h.bad_checksum_old,
                };
                // SAFETY: `pv` is writable for `n >= size_of::<JET_DBINFOMISC2>()` bytes.
                unsafe { put(pv.cast::<JET_DBINFOMISC2>(), m2) };
            } else {
                // SAFETY: `pv` is writable for `cb >= size_of::<JET_DBINFOMISC>()` bytes.
                unsafe { put(pv.cast::<JET_DBINFOMISC>(), m) };
            }
            Ok(0)
        }
        _ => Err(JET_errInvalidParameter),
    }
}

unsafe fn get_database_info<E: Enc>(
    sesid: JET_SESID,
    dbid: JET_DBID,
    pv: *mut c_void,
    cb: u32,
    level: u32,
) -> Ret {
    need_mut(pv)?;
    let space = level & !JET_DbInfoUseCachedResult;
    if space == JET_DbInfoSpaceOwned || space == JET_DbInfoSpaceAvailable {
        // As ESE's `ErrSPGetInfo` on the database root: `SpaceOwned` takes exactly a
        // ULONG, `SpaceAvailable` at least one (the rest zeroed).
        if space == JET_DbInfoSpaceOwned && cb != 4 {
            return Err(JET_errInvalidBufferSize);
        }
        if cb < 4 {
            return Err(JET_errInvalidParameter);
        }
        let (owned, available) = jet::jet_get_database_space(sesid, dbid).j()?;
        // SAFETY: `pv` is writable for `cb` bytes by the C contract.
        let out = unsafe { ptr::bytes_mut(pv, cb) }?;
        out.fill(0);
        let v = if space == JET_DbInfoSpaceOwned {
            owned
        } else {
            available
        };
        out[..4].copy_from_slice(&v.to_le_bytes());
        return Ok(0);
    }
    let info = jet::jet_get_database_info(sesid, dbid).j()?;
    // SAFETY: forwarded C contract.
    unsafe { db_info::<E>(&info, pv, cb, level) }
}

aw! {
    /// `JetGetDatabaseInfo`: information about an open database: `JET_DbInfoFilename`,
    /// `PageSize`, `Filesize`, `FilesizeOnDisk`, `SpaceOwned` and `SpaceAvailable` (the
    /// database root's owned and free pages), `Version`, `Options`, `FileType`, `Misc`, and
    /// the legacy `Connect`, `Country`, `LCID`, `Cp`, `Collate`, `Transactions` (`Isam`:
    /// `JET_errFeatureNotAvailable`, as in ESE);
    /// other levels are `JET_errInvalidParameter`.
    JetGetDatabaseInfoA JetGetDatabaseInfoW = get_database_info(
        sesid: (JET_SESID), dbid: (JET_DBID), pvResult: (*mut c_void), cbMax: (u32), InfoLevel: (u32))
}

unsafe fn get_database_file_info<E: Enc>(
    file: *const E::Ch,
    pv: *mut c_void,
    cb: u32,
    level: u32,
) -> Ret {
    need_mut(pv)?;
    // SAFETY: forwarded C contract.
    let file = unsafe { req::<E>(file) }?;
    match level {
        // From the header as it is, without opening the database (ESE reads it for this
        // level whatever its checksum).
        JET_DbInfoUpgrade => {
            const SIZE: u32 = size_of::<JET_DBINFOUPGRADE>() as u32;
            let u = jet::jet_get_database_file_upgrade_info(&file).j()?;
            if cb != SIZE {
                return Err(JET_errInvalidBufferSize);
            }
            // SAFETY: `pv` is writable for `cb` bytes by the C contract.
            let out = unsafe { ptr::bytes_mut(pv, cb) }?;
            if out[..4] != SIZE.to_le_bytes() {
                return Err(JET_errInvalidParameter);
            }
            let flags = u32::from(u.fUpgradable) | u32::from(u.fAlreadyUpgraded) << 1;
            for (i, v) in [
                SIZE,
                u.cbFilesize as u32,
                (u.cbFilesize >> 32) as u32,
                u.cbFreeSpaceRequired as u32,
                (u.cbFreeSpaceRequired >> 32) as u32,
                u.csecToUpgrade,
                flags,
            ]
            .into_iter()
            .enumerate()
            {
                out[i * 4..i * 4 + 4].copy_from_slice(&v.to_le_bytes());
            }
            if u.upgrade_incomplete() {
                return Err(JET_errDatabaseIncompleteUpgrade);
            }
            return Ok(0);
        }
        JET_DbInfoDBInUse => {
            let in_use = jet::jet_database_file_in_use(&file).j()?;
            if cb != 4 {
                return Err(JET_errInvalidBufferSize);
            }
            // SAFETY: `pv` is writable for `cb` (4) bytes by the C contract.
            let out = unsafe { ptr::bytes_mut(pv, cb) }?;
            out.copy_from_slice(&u32::from(in_use).to_le_bytes());
            return Ok(0);
        }
        _ => {}
    }
    let info = jet::jet_get_database_file_info(&file).j()?;
    match level {
        // Of a file, as ESE's `JetGetDatabaseFileInfoEx`: its size in bytes, a QWORD.
        JET_DbInfoFilesize | JET_DbInfoFilesizeOnDisk => {
            if cb != 8 {
                return Err(JET_errInvalidBufferSize);
            }
            let v = if level == JET_DbInfoFilesize {
                info.cbFilesize
            } else {
                info.cbFilesizeOnDisk
            };
            // SAFETY: `pv` is writable for `cb` (8) bytes by the C contract.
            let out = unsafe { ptr::bytes_mut(pv, cb) }?;
            out.copy_from_slice(&v.to_le_bytes());
            Ok(0)
        }
        // SAFETY: forwarded C contract.
        JET_DbInfoMisc | JET_DbInfoPageSize | JET_DbInfoFileType => unsafe {
            db_info::<E>(&info, pv, cb, level)
        },
        _ => Err(JET_errInvalidParameter),
    }
}

aw! {
    /// `JetGetDatabaseFileInfo`: a file's information without attaching it, the levels
    /// ESE's `JetGetDatabaseFileInfoEx` answers: `JET_DbInfoFilesize` and
    /// `JET_DbInfoFilesizeOnDisk` (bytes, a 64-bit number: `cbMax` must be 8),
    /// `JET_DbInfoMisc`, `JET_DbInfoPageSize`, `JET_DbInfoFileType`, `JET_DbInfoUpgrade`
    /// (a `JET_DBINFOUPGRADE` with its `cbStruct` set: ESE's estimates and the header's
    /// version, read without opening the database; `JET_errDatabaseIncompleteUpgrade`
    /// after filling it for a file whose conversion did not finish) and
    /// `JET_DbInfoDBInUse` (a `BOOL`: whether an instance of this process has the file
    /// attached); other levels are `JET_errInvalidParameter`.
    JetGetDatabaseFileInfoA JetGetDatabaseFileInfoW = get_database_file_info(
        szDatabaseName: s, pvResult: (*mut c_void), cbMax: (u32), InfoLevel: (u32))
}

unsafe fn compact<E: Enc>(
    sesid: JET_SESID,
    src: *const E::Ch,
    dest: *const E::Ch,
    pfn: JET_PFNSTATUS,
    pconvert: *const c_void,
    grbit: JET_GRBIT,
) -> Ret {
    // SAFETY: forwarded C contract.
    let (src, dest) = unsafe { (req::<E>(src)?, req::<E>(dest)?) };
    let convert = !pconvert.is_null();
    // SAFETY: forwarded C contract.
    unsafe {
        crate::api::file_backup::with_pfn(pfn, |st| {
            jet::jet_compact(sesid, &src, &dest, st, convert, grbit)
        })
    }
    .j()?;
    Ok(0)
}

aw! {
    /// `JetCompact`: copies the database file `szDatabaseSrc` (shut down cleanly, not
    /// attached) into a new, compacted file `szDatabaseDest`, reporting `JET_snpCompact`
    /// progress to `pfnStatus`; `pconvert` must be NULL (`JET_errFeatureNotAvailable`).
    JetCompactA JetCompactW = compact(
        sesid: (JET_SESID), szDatabaseSrc: s, szDatabaseDest: s, pfnStatus: (JET_PFNSTATUS),
        pconvert: (*const c_void), grbit: (JET_GRBIT))
}

export! {
    /// `JetGrowDatabase`: grows the database to at least `cpg` pages (counting its two
    /// header pages); `*pcpgReal` gets the file's size in pages.
    JetGrowDatabase(sesid: JET_SESID, dbid: JET_DBID, cpg: u32, pcpgReal: *mut u32) {
        let n = jet::jet_grow_database(sesid, dbid, cpg).j()?;
        put(pcpgReal, n);
        Ok(0)
    }
}

export! {
    /// `JetResizeDatabase`: grows the database to `cpgTarget` pages (a shrink is
    /// `JET_errFeatureNotAvailable`, as in ESE without shrinking enabled);
    /// `*pcpgActual` gets the file's size in pages.
    JetResizeDatabase(sesid: JET_SESID, dbid: JET_DBID, cpgTarget: u32, pcpgActual: *mut u32, grbit: JET_GRBIT) {
        put(pcpgActual, 0);
        let n = jet::jet_resize_database(sesid, dbid, cpgTarget, grbit).j()?;
        put(pcpgActual, n);
        Ok(0)
    }
}

unsafe fn set_size<E: Enc>(
    sesid: JET_SESID,
    file: *const E::Ch,
    cpg: u32,
    pcpg_real: *mut u32,
) -> Ret {
    // SAFETY: forwarded C contract.
    let file = unsafe { opt::<E>(file) }?.unwrap_or_default();
    let n = jet::jet_set_database_size(sesid, &file, cpg).j()?;
    // SAFETY: forwarded C contract.
    unsafe { put(pcpg_real, n) };
    Ok(0)
}

aw! {
    /// `JetSetDatabaseSize`: lengthens a cleanly shut down database file to `cpg` pages
    /// after its header pages (an attached one grows through its space);
    /// `*pcpgReal` gets the pages it holds.
    JetSetDatabaseSizeA JetSetDatabaseSizeW = set_size(
        sesid: (JET_SESID), szDatabaseName: s, cpg: (u32), pcpgReal: (*mut u32))
}

/// The in-out counters of `JetDefragment`: read (NULL: none), written back after.
unsafe fn defrag_counts(
    passes: *mut u32,
    seconds: *mut u32,
    f: impl FnOnce(Option<&mut u32>, Option<&mut u32>) -> Ret,
) -> Ret {
    // SAFETY: forwarded C contract: each is NULL or readable.
    let (mut p, mut s) = unsafe { (ptr::read_opt(passes), ptr::read_opt(seconds)) };
    let r = f(p.as_mut(), s.as_mut());
    if let Some(v) = p {
        // SAFETY: non-null (it was read), writable by the C contract.
        unsafe { put(passes, v) };
    }
    if let Some(v) = s {
        // SAFETY: as above.
        unsafe { put(seconds, v) };
    }
    r
}

#[allow(clippy::too_many_arguments)]
unsafe fn defragment2<E: Enc>(
    sesid: JET_SESID,
    dbid: JET_DBID,
    table: *const E::Ch,
    passes: *mut u32,
    seconds: *mut u32,
    callback: JET_CALLBACK,
    grbit: JET_GRBIT,
) -> Ret {
    // SAFETY: forwarded C contract.
    let table = unsafe { opt::<E>(table) }?;
    // The facade does not look at a completion callback's answer, as ESE does not.
    let callback = crate::api::dml::c_callback(callback, core::ptr::null_mut());
    // SAFETY: forwarded C contract.
    unsafe {
        defrag_counts(passes, seconds, |p, s| {
            jet::jet_defragment2(sesid, dbid, table.as_deref(), p, s, callback, grbit)
                .j()
                .map(warn)
        })
    }
}

unsafe fn defragment<E: Enc>(
    sesid: JET_SESID,
    dbid: JET_DBID,
    table: *const E::Ch,
    passes: *mut u32,
    seconds: *mut u32,
    grbit: JET_GRBIT,
) -> Ret {
    // SAFETY: forwarded C contract.
    unsafe { defragment2::<E>(sesid, dbid, table, passes, seconds, None, grbit) }
}

#[allow(clippy::too_many_arguments)]
unsafe fn defragment3<E: Enc>(
    sesid: JET_SESID,
    database: *const E::Ch,
    table: *const E::Ch,
    passes: *mut u32,
    seconds: *mut u32,
    callback: JET_CALLBACK,
    context: *mut c_void,
    grbit: JET_GRBIT,
) -> Ret {
    // SAFETY: forwarded C contract.
    let database = unsafe { req::<E>(database) }?;
    // SAFETY: forwarded C contract.
    let table = unsafe { opt::<E>(table) }?;
    let callback = crate::api::dml::c_callback(callback, context);
    // SAFETY: forwarded C contract.
    unsafe {
        defrag_counts(passes, seconds, |p, s| {
            jet::jet_defragment3(sesid, &database, table.as_deref(), p, s, callback, grbit)
                .j()
                .map(warn)
        })
    }
}

aw! {
    /// `JetDefragment`: online defragmentation of the database in the background
    /// (`JET_bitDefragmentBatchStart`, `JET_bitDefragmentBatchStop`; `*pcPasses` and
    /// `*pcSeconds` limit a batch and get what a stopped one did).
    JetDefragmentA JetDefragmentW = defragment(
        sesid: (JET_SESID), dbid: (JET_DBID), szTableName: s, pcPasses: (*mut u32),
        pcSeconds: (*mut u32), grbit: (JET_GRBIT))
}

aw! {
    /// `JetDefragment2`: [`JetDefragmentA`] with a callback called with
    /// `JET_cbtypOnlineDefragCompleted` when a batch ends by itself.
    JetDefragment2A JetDefragment2W = defragment2(
        sesid: (JET_SESID), dbid: (JET_DBID), szTableName: s, pcPasses: (*mut u32),
        pcSeconds: (*mut u32), callback: (JET_CALLBACK), grbit: (JET_GRBIT))
}

aw! {
    /// `JetDefragment3`: [`JetDefragment2A`] of the database attached at
    /// `szDatabaseName`; the callback gets `pvContext` back.
    JetDefragment3A JetDefragment3W = defragment3(
        sesid: (JET_SESID), szDatabaseName: s, szTableName: s, pcPasses: (*mut u32),
        pcSeconds: (*mut u32), callback: (JET_CALLBACK), pvContext: (*mut c_void),
        grbit: (JET_GRBIT))
}
