//! `JetDefragment`, `JetDefragment2` and `JetDefragment3`: online defragmentation of an
//! attached database while it is in use (ESE's "OLD"), in the background.
//!
//! What a pass does (the engine's [`ese::Database::defragment`]): every leaf page of the
//! user tables' trees (records, secondary indexes, long values) below half full is
//! merged into its left sibling where it fits, one logged step per page, so writers and
//! readers go on meanwhile and a crash keeps or drops each merge whole. Offline
//! compaction (`eseutil defrag`) is the other way to shrink a database.
//!
//! What must hold, as ESE's `ErrIsamDefragment` and `ErrOLDDefragment`: one batch per
//! database at a time (`JET_wrnDefragAlreadyRunning`); `JET_bitDefragmentBatchStop`
//! stops it and says how many passes it made and for how long
//! (`JET_wrnDefragNotRunning` when none runs); `JET_paramEnableOnlineDefrag` 0 makes both
//! do nothing; a batch ends by itself after `*pcPasses` passes or `*pcSeconds` seconds
//! when given, and then calls its callback with `JET_cbtypOnlineDefragCompleted`; a
//! database being detached, or its instance ended, stops its batch first.

use crate::consts::*;
use crate::instance::InstanceEntry;
use crate::registry::err;
use crate::{JetResult, JET_CALLBACK, JET_DBID, JET_GRBIT, JET_SESID};
use ese::{ErrorCode, Warning};
use parking_lot::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What a batch did: its passes and its seconds.
type Done = (u32, u32);

/// A batch running on a database of an instance.
struct Batch {
    instance: Weak<InstanceEntry>,
    dbid: JET_DBID,
    stop: Arc<AtomicBool>,
    thread: JoinHandle<Done>,
}

static RUNNING: Mutex<Vec<Batch>> = Mutex::new(Vec::new());

/// The limits and completion callback of a batch.
struct Plan {
    passes: u32,
    seconds: u32,
    spaces_only: bool,
    callback: Option<JET_CALLBACK>,
    sesid: JET_SESID,
    dbid: JET_DBID,
}

/// The batch's thread: passes until its limits, a stop, or (without a pass limit) a
/// stop only, resting between passes that found nothing to merge.
fn run(db: ese::Database, plan: Plan, stop: Arc<AtomicBool>) -> Done {
    let start = Instant::now();
    let out_of_time =
        || plan.seconds > 0 && start.elapsed() >= Duration::from_secs(u64::from(plan.seconds));
    let stopped = || stop.load(Ordering::Acquire) || out_of_time();
    let mut passes = 0u32;
    let completed = loop {
        if stop.load(Ordering::Acquire) {
            break false;
        }
        if (plan.passes > 0 && passes >= plan.passes) || out_of_time() {
            break true;
        }
        // Only the space trees asked for: the engine keeps them compact as it frees
        // pages, so a pass has nothing to do.
        let pass = if plan.spaces_only {
            Ok(ese::db::DefragPass::default())
        } else {
            db.defragment(&stopped)
        };
        passes += 1;
        match pass {
            // A failed pass ends the batch; the error is the database's to report.
            Err(_) => break true,
            Ok(p) if p.stopped => continue,
            Ok(p) if p.merged == 0 && plan.passes == 0 => {
                // Nothing left: wait for work (or the stop) a while.
                let until = Instant::now() + Duration::from_millis(500);
                while Instant::now() < until && !stopped() {
                    std::thread::sleep(Duration::from_millis(10));
                }
            }
            Ok(_) => {}
        }
    };
    drop(db);
    if completed {
        if let Some(f) = &plan.callback {
            // As ESE, the completion callback's answer is not looked at.
            let _ = f(
                plan.sesid,
                plan.dbid,
                JET_tableidNil,
                JET_cbtypOnlineDefragCompleted,
            );
        }
    }
    let secs = u32::try_from(start.elapsed().as_secs()).unwrap_or(u32::MAX);
    (passes, secs)
}

fn same(b: &Batch, instance: &Arc<InstanceEntry>, dbid: JET_DBID) -> bool {
    b.dbid == dbid
        && b.instance
            .upgrade()
            .is_some_and(|i| Arc::ptr_eq(&i, instance))
}

/// Stops and waits for the batches `which` picks (and those of instances that are
/// gone); what each did.
pub(crate) fn stop_where(which: impl Fn(&Arc<InstanceEntry>, JET_DBID) -> bool) -> Vec<Done> {
    let stopping: Vec<Batch> = {
        let mut all = RUNNING.lock();
        let (gone, kept): (Vec<Batch>, Vec<Batch>) =
            all.drain(..).partition(|b| match b.instance.upgrade() {
                Some(i) => which(&i, b.dbid),
                None => true,
            });
        *all = kept;
        gone
    };
    stopping
        .into_iter()
        .map(|b| {
            b.stop.store(true, Ordering::Release);
            b.thread.join().unwrap_or((0, 0))
        })
        .collect()
}

/// `JetDefragment2(sesid, dbid, szTableName, pcPasses, pcSeconds, callback, grbit)`
/// (`JetDefragment`: no callback). With `JET_bitDefragmentBatchStart` a batch starts
/// on the database in the background: at most `*passes` passes and `*seconds` seconds
/// when given (non-zero), else until stopped; `callback` is called with
/// `JET_cbtypOnlineDefragCompleted` when it ends by itself. With
/// `JET_bitDefragmentBatchStop` the running batch stops and `passes` and `seconds` get
/// what it did. `JET_bitDefragmentAvailSpaceTreesOnly` limits a batch to the space trees
/// (which the engine keeps compact: nothing to do), `JET_bitDefragmentNoPartialMerges`
/// is what a pass does anyway (only whole pages are merged). `JET_bitDefragmentBTree`
/// with a table name makes one pass over that table before returning;
/// `JET_bitDefragmentBTreeBatch` with `BatchStart` (and no table, limits or callback)
/// starts a batch. The table name is otherwise not looked at, as in ESE.
///
/// Warnings: `JET_wrnDefragAlreadyRunning`, `JET_wrnDefragNotRunning`. Errors:
/// `JET_errDatabaseFileReadOnly` for a database open read-only, `JET_errInvalidGrbit`,
/// `JET_errInvalidParameter` and `JET_errInvalidName` for ESE's misuses of the B-tree
/// forms.
pub fn jet_defragment2(
    sesid: JET_SESID,
    dbid: JET_DBID,
    table: Option<&str>,
    passes: Option<&mut u32>,
    seconds: Option<&mut u32>,
    callback: Option<JET_CALLBACK>,
    grbit: JET_GRBIT,
) -> JetResult<Option<Warning>> {
    let s = crate::session::get(sesid)?;
    let (db, read_only) = crate::database::open_db(&s, dbid)?;
    defragment_db(
        (&s, sesid),
        (db, read_only, dbid),
        table,
        passes,
        seconds,
        callback,
        grbit,
    )
}

/// `JetDefragment3(sesid, szDatabaseName, szTableName, pcPasses, pcSeconds, callback,
/// pvContext, grbit)`: [`jet_defragment2`] of the database attached to the session's
/// instance at `database` (the session need not have opened it;
/// `JET_errDatabaseNotFound` when none is).
pub fn jet_defragment3(
    sesid: JET_SESID,
    database: &str,
    table: Option<&str>,
    passes: Option<&mut u32>,
    seconds: Option<&mut u32>,
    callback: Option<JET_CALLBACK>,
    grbit: JET_GRBIT,
) -> JetResult<Option<Warning>> {
    let s = crate::session::get(sesid)?;
    let found = crate::database::attached_at(&s.instance, std::path::Path::new(database));
    let Some((db, read_only, dbid)) = found else {
        return Err(err(
            ErrorCode::DatabaseNotFound,
            format!("{database} is not attached"),
        ));
    };
    defragment_db(
        (&s, sesid),
        (db, read_only, dbid),
        table,
        passes,
        seconds,
        callback,
        grbit,
    )
}

/// [`jet_defragment2`] once the database (its handle, whether it is read-only, its id)
/// is known.
fn defragment_db(
    (s, sesid): (&Arc<crate::session::SessionEntry>, JET_SESID),
    (db, read_only, dbid): (ese::Database, bool, JET_DBID),
    table: Option<&str>,
    mut passes: Option<&mut u32>,
    mut seconds: Option<&mut u32>,
    callback: Option<JET_CALLBACK>,
    grbit: JET_GRBIT,
) -> JetResult<Option<Warning>> {
    if grbit & JET_bitDefragmentBTreeBatch != 0 {
        if passes.is_some() || seconds.is_some() || callback.is_some() || table.is_some() {
            return Err(err(
                ErrorCode::InvalidParameter,
                "JET_bitDefragmentBTreeBatch takes no table, limits or callback",
            ));
        }
        if grbit & !JET_bitDefragmentBTreeBatch != JET_bitDefragmentBatchStart {
            return Err(err(
                ErrorCode::InvalidGrbit,
                format!("JetDefragment grbit {grbit:#x}"),
            ));
        }
        return defragment_db(
            (s, sesid),
            (db, read_only, dbid),
            None,
            None,
            None,
            None,
            JET_bitDefragmentBatchStart,
        );
    }
    if grbit & JET_bitDefragmentBTree != 0 {
        for out in [passes.as_deref_mut(), seconds.as_deref_mut()]
            .into_iter()
            .flatten()
        {
            *out = 0;
        }
        if grbit & !JET_bitDefragmentBTree != 0 {
            return Err(err(
                ErrorCode::InvalidGrbit,
                format!("JetDefragment grbit {grbit:#x}"),
            ));
        }
        if callback.is_some() {
            return Err(err(
                ErrorCode::InvalidParameter,
                "JET_bitDefragmentBTree takes no callback",
            ));
        }
        let Some(name) = table else {
            return Err(err(
                ErrorCode::InvalidName,
                "JET_bitDefragmentBTree needs a table name",
            ));
        };
        if read_only {
            return Err(read_only_err());
        }
        let t = db.table(name)?;
        let never = || false;
        db.defragment_table(&t, &never)?;
        return Ok(None);
    }
    let stop_asked = grbit & JET_bitDefragmentBatchStop != 0;
    if stop_asked {
        for out in [passes.as_deref_mut(), seconds.as_deref_mut()]
            .into_iter()
            .flatten()
        {
            *out = 0;
        }
    }
    let level = s
        .instance
        .state
        .lock()
        .params
        .int(JET_paramEnableOnlineDefrag) as u32;
    let level = if level & JET_OnlineDefragAllOBSOLETE != 0 {
        JET_OnlineDefragAll
    } else {
        level
    };
    let spaces_only = if grbit & JET_bitDefragmentAvailSpaceTreesOnly != 0 {
        level & (JET_OnlineDefragDatabases | JET_OnlineDefragSpaceTrees) != 0
    } else {
        level & JET_OnlineDefragSpaceTrees != 0 && level & JET_OnlineDefragDatabases == 0
    };
    let grbit = grbit & !(JET_bitDefragmentAvailSpaceTreesOnly | JET_bitDefragmentNoPartialMerges);
    if level == 0 {
        return Ok(None);
    }
    if read_only {
        return Err(read_only_err());
    }
    let instance = s.instance.clone();
    match grbit {
        JET_bitDefragmentBatchStart => {
            let mut running = RUNNING.lock();
            // A batch that ended by itself is gone.
            running.retain(|b| !b.thread.is_finished() || !same(b, &instance, dbid));
            if running.iter().any(|b| same(b, &instance, dbid)) {
                return Ok(Some(Warning::DefragAlreadyRunning));
            }
            if level & JET_OnlineDefragDatabases == 0 && !spaces_only {
                return Ok(None);
            }
            let plan = Plan {
                passes: passes.map_or(0, |p| *p),
                seconds: seconds.map_or(0, |s| *s),
                spaces_only,
                callback,
                sesid,
                dbid,
            };
            let stop = Arc::new(AtomicBool::new(false));
            let stop_thread = stop.clone();
            let thread = std::thread::Builder::new()
                .name("ese-defrag".into())
                .spawn(move || run(db, plan, stop_thread))
                .map_err(|e| {
                    err(
                        ErrorCode::OutOfMemory,
                        format!("no defragmentation thread: {e}"),
                    )
                })?;
            running.push(Batch {
                instance: Arc::downgrade(&instance),
                dbid,
                stop,
                thread,
            });
            Ok(None)
        }
        JET_bitDefragmentBatchStop => {
            let done = stop_where(|i, d| d == dbid && Arc::ptr_eq(i, &instance));
            match done.first() {
                Some(&(p, secs)) => {
                    if let Some(out) = passes {
                        *out = p;
                    }
                    if let Some(out) = seconds {
                        *out = secs;
                    }
                    Ok(None)
                }
                None if level & (JET_OnlineDefragDatabases | JET_OnlineDefragSpaceTrees) != 0 => {
                    Ok(Some(Warning::DefragNotRunning))
                }
                None => Ok(None),
            }
        }
        _ => Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetDefragment grbit {grbit:#x}"),
        )),
    }
}

fn read_only_err() -> crate::JetError {
    err(
        ErrorCode::DatabaseFileReadOnly,
        "the database is open read-only",
    )
}

/// `JetDefragment(sesid, dbid, szTableName, pcPasses, pcSeconds, grbit)`:
/// [`jet_defragment2`] without a callback.
pub fn jet_defragment(
    sesid: JET_SESID,
    dbid: JET_DBID,
    table: Option<&str>,
    passes: Option<&mut u32>,
    seconds: Option<&mut u32>,
    grbit: JET_GRBIT,
) -> JetResult<Option<Warning>> {
    jet_defragment2(sesid, dbid, table, passes, seconds, None, grbit)
}
