//! OS snapshot backup: `JetOSSnapshotPrepare`, `JetOSSnapshotPrepareInstance`,
//! `JetOSSnapshotFreeze`, `JetOSSnapshotGetFreezeInfo`, `JetOSSnapshotThaw`,
//! `JetOSSnapshotTruncateLog(Instance)`, `JetOSSnapshotEnd` and `JetOSSnapshotAbort`,
//! over the process's `ese::snapshot::global()` registry (`docs/design/snapshot.md`).
//!
//! What must hold (spec `ese-backup-spec.md` §3.15): the calls are process-wide and work
//! on sessions named by a [`JET_OSSNAPID`]; only `PrepareInstance` and
//! `TruncateLogInstance` pass the instance gate. This layer adds what the engine does not
//! know: the instances a prepare joins (every initialised one), `JET_errNotInitialized`
//! when no instance exists, and the handles and names of the freeze information. The
//! registry lock is never held while the engine freezes or thaws.

use crate::backup::entered;
use crate::consts::*;
use crate::instance::JET_INSTANCE_INFO;
use crate::registry::{self, err};
use crate::{JetResult, JET_GRBIT, JET_INSTANCE, JET_OSSNAPID};
use ese::snapshot::{global, FreezeInfo, SnapId};
use ese::ErrorCode;
use std::time::Duration;

/// The grbits `JetOSSnapshotPrepare` accepts.
const PREPARE_BITS: JET_GRBIT = JET_bitIncrementalSnapshot
    | JET_bitCopySnapshot
    | JET_bitContinueAfterThaw
    | JET_bitExplicitPrepare;

fn id(snap: JET_OSSNAPID) -> SnapId {
    snap as SnapId
}

/// `JetOSSnapshotPrepare(&snapId, grbit)`: a new snapshot session in its prepare phase;
/// ids start at 1 and grow by one per prepare. Without `JET_bitExplicitPrepare` every
/// initialised instance that is in no other session joins it; with it, instances join
/// through [`jet_os_snapshot_prepare_instance`]. `JET_bitIncrementalSnapshot` copies
/// only the logs since the last full snapshot, `JET_bitCopySnapshot` leaves the logs
/// and the full-backup record alone, `JET_bitContinueAfterThaw` keeps the session
/// after the thaw (for the log truncation and the end). `JET_paramOSSnapshotTimeout`
/// (milliseconds) bounds the freeze.
///
/// Errors: `JET_errInvalidGrbit` for other bits, `JET_errNotInitialized` when no
/// instance exists in the process.
pub fn jet_os_snapshot_prepare(grbit: JET_GRBIT) -> JetResult<JET_OSSNAPID> {
    if grbit & !PREPARE_BITS != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetOSSnapshotPrepare grbit {grbit:#x}"),
        ));
    }
    let (engines, timeout) = {
        let reg = registry::lock();
        if reg.instances.len() == 0 {
            return Err(err(
                ErrorCode::NotInitialized,
                "no instance exists in the process",
            ));
        }
        let engines: Vec<ese::Instance> = reg
            .instances
            .iter()
            .filter_map(|(_, e)| e.state.lock().engine.clone())
            .collect();
        let timeout = reg.params.int(JET_paramOSSnapshotTimeout) as u64;
        (engines, timeout)
    };
    global().set_timeout(Duration::from_millis(timeout));
    let snap = global().os_snapshot_prepare(grbit, &engines)?;
    Ok(snap as JET_OSSNAPID)
}

/// `JetOSSnapshotPrepareInstance(snapId, instance, grbit)`: the instance joins a session
/// prepared with `JET_bitExplicitPrepare`. Errors: the instance gate's, then
/// `JET_errInvalidGrbit` for any grbit, `JET_errOSSnapshotInvalidSnapId`,
/// `JET_errOSSnapshotInvalidSequence` after the prepare phase,
/// `JET_errOSSnapshotNotAllowed` for an instance in a session already (every instance
/// after a prepare without `JET_bitExplicitPrepare`) or running a streaming backup.
pub fn jet_os_snapshot_prepare_instance(
    snap: JET_OSSNAPID,
    instance: JET_INSTANCE,
    grbit: JET_GRBIT,
) -> JetResult<()> {
    let (_, engine) = entered(instance)?;
    global().os_snapshot_prepare_instance(id(snap), &engine, grbit)
}

/// The engine's freeze information with the instances' handles and names. An instance
/// that has ended since it joined is listed with handle 0 and no name.
fn infos(list: Vec<FreezeInfo>) -> Vec<JET_INSTANCE_INFO> {
    let reg = registry::lock();
    list.into_iter()
        .map(|fi| {
            let found = reg.instances.iter().find(|(_, e)| {
                e.state
                    .lock()
                    .engine
                    .as_ref()
                    .is_some_and(|g| g.is_same(&fi.instance))
            });
            let (h, name) = match found {
                Some((h, e)) => (h, e.name.clone().or_else(|| e.display_name.clone())),
                None => (0, None),
            };
            JET_INSTANCE_INFO {
                hInstanceId: h,
                szInstanceName: name,
                szDatabaseFileName: fi
                    .databases
                    .iter()
                    .map(|p| p.to_string_lossy().into_owned())
                    .collect(),
            }
        })
        .collect()
}

/// `JetOSSnapshotFreeze(snapId, &cInstanceInfo, &paInstanceInfo, grbit)`: holds every
/// file of the member instances still (databases, checkpoint, logs) until the thaw or
/// the time-out, and returns the members with the full paths of their databases.
/// Writers wait meanwhile. Errors: `JET_errInvalidGrbit` for any grbit,
/// `JET_errOSSnapshotInvalidSnapId`, `JET_errOSSnapshotInvalidSequence` outside the
/// prepare phase, `JET_errOSSnapshotNotAllowed` when a member runs a streaming backup or
/// has no log, and for an incremental snapshot `JET_errInvalidBackup` (circular logging)
/// or `JET_errMissingFullBackup`; after an error the session stays prepared.
pub fn jet_os_snapshot_freeze(
    snap: JET_OSSNAPID,
    grbit: JET_GRBIT,
) -> JetResult<Vec<JET_INSTANCE_INFO>> {
    let list = global().os_snapshot_freeze(id(snap), grbit)?;
    Ok(infos(list))
}

/// `JetOSSnapshotGetFreezeInfo(snapId, &cInstanceInfo, &paInstanceInfo, grbit)`: what
/// [`jet_os_snapshot_freeze`] returned, from the prepare phase to the end (before the
/// freeze, the databases attached now). Errors: `JET_errInvalidGrbit`,
/// `JET_errOSSnapshotInvalidSnapId`.
pub fn jet_os_snapshot_get_freeze_info(
    snap: JET_OSSNAPID,
    grbit: JET_GRBIT,
) -> JetResult<Vec<JET_INSTANCE_INFO>> {
    let list = global().os_snapshot_get_freeze_info(id(snap), grbit)?;
    Ok(infos(list))
}

/// `JetOSSnapshotThaw(snapId, grbit)`: lets the files go. Without
/// `JET_bitContinueAfterThaw` the session then ends (its headers are stamped) and its id
/// is no longer valid. Errors: `JET_errInvalidGrbit`, `JET_errOSSnapshotInvalidSnapId`,
/// `JET_errOSSnapshotInvalidSequence` when not frozen, `JET_errOSSnapshotTimeOut` after
/// the time-out.
pub fn jet_os_snapshot_thaw(snap: JET_OSSNAPID, grbit: JET_GRBIT) -> JetResult<()> {
    global().os_snapshot_thaw(id(snap), grbit)
}

/// `JetOSSnapshotTruncateLog(snapId, grbit)`: after the thaw, with
/// `JET_bitAllDatabasesSnapshot`, deletes the member instances' logs the snapshot made
/// unnecessary (grbit 0 deletes nothing). Errors: `JET_errInvalidGrbit`,
/// `JET_errOSSnapshotInvalidSnapId`, `JET_errOSSnapshotInvalidSequence` before the thaw
/// or for a copy snapshot, `JET_errRequiredLogFilesMissing`.
pub fn jet_os_snapshot_truncate_log(snap: JET_OSSNAPID, grbit: JET_GRBIT) -> JetResult<()> {
    global().os_snapshot_truncate_log(id(snap), grbit)
}

/// `JetOSSnapshotTruncateLogInstance(snapId, instance, grbit)`:
/// [`jet_os_snapshot_truncate_log`] for one instance, after the instance gate. An
/// instance that is not in the session gets the error -1 (`ErrorCode::Nyi`, the value of
/// `JET_wrnNyi`, which ESE returns there).
pub fn jet_os_snapshot_truncate_log_instance(
    snap: JET_OSSNAPID,
    instance: JET_INSTANCE,
    grbit: JET_GRBIT,
) -> JetResult<()> {
    let (_, engine) = entered(instance)?;
    global().os_snapshot_truncate_log_instance(id(snap), &engine, grbit)
}

/// `JetOSSnapshotEnd(snapId, grbit)`: ends the session; after the thaw a normal end
/// stamps the member databases' headers (full or incremental slot, or with
/// `JET_bitCopySnapshot` the copy or differential slot), `JET_bitAbortSnapshot` stamps
/// nothing. From the prepare phase it releases the instances. Errors:
/// `JET_errInvalidGrbit`, `JET_errOSSnapshotInvalidSnapId`,
/// `JET_errOSSnapshotInvalidSequence` (a normal end while frozen or timed out).
pub fn jet_os_snapshot_end(snap: JET_OSSNAPID, grbit: JET_GRBIT) -> JetResult<()> {
    global().os_snapshot_end(id(snap), grbit)
}

/// `JetOSSnapshotAbort(snapId, grbit)`: [`jet_os_snapshot_end`] with
/// `JET_bitAbortSnapshot`, in any phase (a frozen session is thawed first; without
/// `JET_bitContinueAfterThaw` that thaw ends it normally, as in ESE). Errors:
/// `JET_errInvalidGrbit` for any grbit, `JET_errOSSnapshotInvalidSnapId`.
pub fn jet_os_snapshot_abort(snap: JET_OSSNAPID, grbit: JET_GRBIT) -> JetResult<()> {
    global().os_snapshot_abort(id(snap), grbit)
}
