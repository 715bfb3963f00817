//! Exported file backup and restore calls: `JetBackup*`, `JetBackupInstance*`,
//! `JetRestore*`, `JetRestore2*` and `JetRestoreInstance*`, over `ese-jet`'s
//! `jet_backup_instance` and `jet_restore_instance` family.
//!
//! What must hold: the caller's status callback is called with a `JET_SNPROG` whose
//! `cbStruct` is its size, `cunitDone <= cunitTotal`, and session 0; its answer is
//! ignored, as esent.dll ignores it. A NULL path is `JET_errInvalidParameter` before
//! anything happens.

use core::mem::size_of;

use ese_jet as jet;

use crate::aw;
use crate::ffi::{opt, req, Enc, Jet, Ret};
use crate::types::*;

/// Runs `f` with a Jet status callback that forwards each notification to `pfn`.
///
/// # Safety
/// `pfn` is NULL or a callback valid for the call.
pub(crate) unsafe fn with_pfn<T>(
    pfn: JET_PFNSTATUS,
    f: impl FnOnce(jet::JET_PFNSTATUS<'_>) -> T,
) -> T {
    let Some(cb) = pfn else {
        return f(None);
    };
    let mut forward = |snp: JET_SNP, snt: JET_SNT, p: &jet::JET_SNPROG| -> JET_ERR {
        let mut prog = JET_SNPROG {
            cbStruct: size_of::<JET_SNPROG>() as u32,
            cunitDone: p.cunitDone,
            cunitTotal: p.cunitTotal,
        };
        // SAFETY: the caller's callback with esent.h's arguments; `prog` lives through it.
        unsafe { cb(0, snp, snt, (&mut prog as *mut JET_SNPROG).cast()) }
    };
    f(Some(&mut forward))
}

unsafe fn backup<E: Enc>(path: *const E::Ch, grbit: JET_GRBIT, pfn: JET_PFNSTATUS) -> Ret {
    // SAFETY: forwarded C contract.
    let path = unsafe { req::<E>(path) }?;
    // SAFETY: forwarded C contract.
    unsafe { with_pfn(pfn, |s| jet::jet_backup(&path, grbit, s)) }.j()?;
    Ok(0)
}

aw! {
    /// `JetBackup`: [`JetBackupInstanceA`] on the single instance (no mode:
    /// `JET_errInvalidParameter`; multi-instance mode: `JET_errRunningInMultiInstanceMode`).
    JetBackupA JetBackupW = backup(szBackupPath: s, grbit: (JET_GRBIT), pfnStatus: (JET_PFNSTATUS))
}

unsafe fn backup_instance<E: Enc>(
    instance: JET_INSTANCE,
    path: *const E::Ch,
    grbit: JET_GRBIT,
    pfn: JET_PFNSTATUS,
) -> Ret {
    // SAFETY: forwarded C contract.
    let path = unsafe { req::<E>(path) }?;
    // SAFETY: forwarded C contract.
    unsafe { with_pfn(pfn, |s| jet::jet_backup_instance(instance, &path, grbit, s)) }.j()?;
    Ok(0)
}

aw! {
    /// `JetBackupInstance`: backs the instance up into the folder `szBackupPath` (made
    /// absolute; created with `JET_paramCreatePathIfNotExist`): each database's stream and
    /// a 0-byte `<name>.pat` marker, the logs; then truncates the logs.
    /// `JET_bitBackupIncremental` and `JET_bitBackupAtomic` are read, other bits ignored.
    JetBackupInstanceA JetBackupInstanceW = backup_instance(
        instance: (JET_INSTANCE), szBackupPath: s, grbit: (JET_GRBIT),
        pfnStatus: (JET_PFNSTATUS))
}

unsafe fn restore<E: Enc>(src: *const E::Ch, pfn: JET_PFNSTATUS) -> Ret {
    // SAFETY: forwarded C contract.
    let src = unsafe { req::<E>(src) }?;
    // SAFETY: forwarded C contract.
    unsafe { with_pfn(pfn, |s| jet::jet_restore(&src, s)) }.j()?;
    Ok(0)
}

aw! {
    /// `JetRestore`: restores a `JetBackup` folder with the process-wide parameters, the
    /// databases back where they were (single-instance mode; `JET_errRunningInMultiInstanceMode`
    /// in multi-instance mode).
    JetRestoreA JetRestoreW = restore(sz: s, pfn: (JET_PFNSTATUS))
}

unsafe fn restore2<E: Enc>(src: *const E::Ch, dest: *const E::Ch, pfn: JET_PFNSTATUS) -> Ret {
    // SAFETY: forwarded C contract.
    let (src, dest) = unsafe { (req::<E>(src)?, opt::<E>(dest)?) };
    // SAFETY: forwarded C contract.
    unsafe { with_pfn(pfn, |s| jet::jet_restore2(&src, dest.as_deref(), s)) }.j()?;
    Ok(0)
}

aw! {
    /// `JetRestore2`: [`JetRestoreA`] with the databases written to `szDest` (NULL: where
    /// they were).
    JetRestore2A JetRestore2W = restore2(sz: s, szDest: s, pfn: (JET_PFNSTATUS))
}

unsafe fn restore_instance<E: Enc>(
    instance: JET_INSTANCE,
    src: *const E::Ch,
    dest: *const E::Ch,
    pfn: JET_PFNSTATUS,
) -> Ret {
    // SAFETY: forwarded C contract.
    let (src, dest) = unsafe { (req::<E>(src)?, opt::<E>(dest)?) };
    // SAFETY: forwarded C contract.
    unsafe {
        with_pfn(pfn, |s| {
            jet::jet_restore_instance(instance, &src, dest.as_deref(), s)
        })
    }
    .j()?;
    Ok(0)
}

aw! {
    /// `JetRestoreInstance`: restores a `JetBackup` folder with the parameters of a
    /// created, uninitialised instance (it stays uninitialised; `JET_errAlreadyInitialized`
    /// for a running one), or with the process-wide parameters for 0 or `JET_instanceNil`;
    /// the databases go to `szDest`, or where they were for NULL.
    JetRestoreInstanceA JetRestoreInstanceW = restore_instance(
        instance: (JET_INSTANCE), sz: s, szDest: s, pfn: (JET_PFNSTATUS))
}
