//! Exported OS snapshot calls: `JetOSSnapshotPrepare`, `JetOSSnapshotPrepareInstance`,
//! `JetOSSnapshotFreeze*`, `JetOSSnapshotGetFreezeInfo*`, `JetOSSnapshotThaw`,
//! `JetOSSnapshotTruncateLog`, `JetOSSnapshotTruncateLogInstance`, `JetOSSnapshotEnd` and
//! `JetOSSnapshotAbort`, over `ese-jet`'s `jet_os_snapshot_*`.
//!
//! What must hold: NULL output pointers are `JET_errInvalidParameter` before the engine is
//! asked (a freeze with nowhere to put its answer never happens); the instance information
//! is one C allocation, laid out as `JetGetInstanceInfo`'s, that `JetFreeBuffer` releases.

use ese_jet as jet;

use crate::api::instance::{put_instance_info, InfoRaw};
use crate::export;
use crate::ffi::ptr::put;
use crate::ffi::{need_mut, Enc, Jet, Ret, A, W};
use crate::types::*;

export! {
    /// `JetOSSnapshotPrepare`: a new snapshot session (`*psnapId`); without
    /// `JET_bitExplicitPrepare` every initialised instance joins it.
    /// `JET_errNotInitialized` when no instance exists.
    JetOSSnapshotPrepare(psnapId: *mut JET_OSSNAPID, grbit: JET_GRBIT) {
        need_mut(psnapId)?;
        let id = jet::jet_os_snapshot_prepare(grbit).j()?;
        // SAFETY: checked non-null; writable by the C contract.
        unsafe { put(psnapId, id) };
        Ok(0)
    }
}

export! {
    /// `JetOSSnapshotPrepareInstance`: the instance joins a session prepared with
    /// `JET_bitExplicitPrepare` (grbit 0).
    JetOSSnapshotPrepareInstance(snapId: JET_OSSNAPID, instance: JET_INSTANCE, grbit: JET_GRBIT) {
        jet::jet_os_snapshot_prepare_instance(snapId, instance, grbit).j()?;
        Ok(0)
    }
}

/// Which of the two calls answers with the instance information.
#[derive(Clone, Copy)]
enum Info {
    Freeze,
    Get,
}

unsafe fn freeze_info<E: Enc>(
    which: Info,
    snap: JET_OSSNAPID,
    pc: *mut u32,
    pa: *mut *mut InfoRaw<E::Ch>,
    grbit: JET_GRBIT,
) -> Ret {
    need_mut(pc)?;
    need_mut(pa)?;
    let infos = match which {
        Info::Freeze => jet::jet_os_snapshot_freeze(snap, grbit),
        Info::Get => jet::jet_os_snapshot_get_freeze_info(snap, grbit),
    }
    .j()?;
    // SAFETY: both pointers were checked non-null; writable by the C contract.
    unsafe { put_instance_info::<E>(&infos, pc, pa) }
}

export! {
    /// `JetOSSnapshotFreezeA`: holds the member instances' files still until the thaw and
    /// returns the members and their databases in one buffer to release with
    /// `JetFreeBuffer` (grbit 0).
    JetOSSnapshotFreezeA(
        snapId: JET_OSSNAPID, pcInstanceInfo: *mut u32,
        paInstanceInfo: *mut *mut JET_INSTANCE_INFO_A, grbit: JET_GRBIT
    ) {
        freeze_info::<A>(Info::Freeze, snapId, pcInstanceInfo, paInstanceInfo.cast(), grbit)
    }
}

export! {
    /// `JetOSSnapshotFreezeW`: [`JetOSSnapshotFreezeA`] with UTF-16 strings.
    JetOSSnapshotFreezeW(
        snapId: JET_OSSNAPID, pcInstanceInfo: *mut u32,
        paInstanceInfo: *mut *mut JET_INSTANCE_INFO_W, grbit: JET_GRBIT
    ) {
        freeze_info::<W>(Info::Freeze, snapId, pcInstanceInfo, paInstanceInfo.cast(), grbit)
    }
}

export! {
    /// `JetOSSnapshotGetFreezeInfoA`: what the freeze returned, until the session ends
    /// (released with `JetFreeBuffer`; grbit 0).
    JetOSSnapshotGetFreezeInfoA(
        snapId: JET_OSSNAPID, pcInstanceInfo: *mut u32,
        paInstanceInfo: *mut *mut JET_INSTANCE_INFO_A, grbit: JET_GRBIT
    ) {
        freeze_info::<A>(Info::Get, snapId, pcInstanceInfo, paInstanceInfo.cast(), grbit)
    }
}

export! {
    /// `JetOSSnapshotGetFreezeInfoW`: [`JetOSSnapshotGetFreezeInfoA`] with UTF-16 strings.
    JetOSSnapshotGetFreezeInfoW(
        snapId: JET_OSSNAPID, pcInstanceInfo: *mut u32,
        paInstanceInfo: *mut *mut JET_INSTANCE_INFO_W, grbit: JET_GRBIT
    ) {
        freeze_info::<W>(Info::Get, snapId, pcInstanceInfo, paInstanceInfo.cast(), grbit)
    }
}

export! {
    /// `JetOSSnapshotThaw`: lets the files go; without `JET_bitContinueAfterThaw` the
    /// session ends (grbit 0).
    JetOSSnapshotThaw(snapId: JET_OSSNAPID, grbit: JET_GRBIT) {
        jet::jet_os_snapshot_thaw(snapId, grbit).j()?;
        Ok(0)
    }
}

export! {
    /// `JetOSSnapshotTruncateLog`: after the thaw, `JET_bitAllDatabasesSnapshot` deletes
    /// the logs the snapshot made unnecessary.
    JetOSSnapshotTruncateLog(snapId: JET_OSSNAPID, grbit: JET_GRBIT) {
        jet::jet_os_snapshot_truncate_log(snapId, grbit).j()?;
        Ok(0)
    }
}

export! {
    /// `JetOSSnapshotTruncateLogInstance`: [`JetOSSnapshotTruncateLog`] for one instance;
    /// -1 (esent.dll's `JET_wrnNyi`) for an instance outside the session.
    JetOSSnapshotTruncateLogInstance(snapId: JET_OSSNAPID, instance: JET_INSTANCE, grbit: JET_GRBIT) {
        jet::jet_os_snapshot_truncate_log_instance(snapId, instance, grbit).j()?;
        Ok(0)
    }
}

export! {
    /// `JetOSSnapshotEnd`: ends the session; `JET_bitAbortSnapshot` stamps nothing.
    JetOSSnapshotEnd(snapId: JET_OSSNAPID, grbit: JET_GRBIT) {
        jet::jet_os_snapshot_end(snapId, grbit).j()?;
        Ok(0)
    }
}

export! {
    /// `JetOSSnapshotAbort`: `JetOSSnapshotEnd(snapId, JET_bitAbortSnapshot)` in any phase
    /// (grbit 0).
    JetOSSnapshotAbort(snapId: JET_OSSNAPID, grbit: JET_GRBIT) {
        jet::jet_os_snapshot_abort(snapId, grbit).j()?;
        Ok(0)
    }
}
