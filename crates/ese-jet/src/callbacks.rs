//! `JetRegisterCallback` and `JetUnregisterCallback`: functions called around the
//! changes to a table's records (`JET_cbtypBeforeInsert`, `AfterInsert`,
//! `BeforeReplace`, `AfterReplace`, `BeforeDelete`, `AfterDelete`).
//!
//! What must hold, as in ESE's `ErrRECCallback`: a callback belongs to the table (of one
//! database of one instance) and is called for a change through any cursor of any session
//! on it, with that session, database and cursor, until it is unregistered; a callback may
//! name several types (a bitmask) and is called for each; an error from a `Before*`
//! callback stops the change with that error (an update stays prepared), while the answers
//! of `After*` callbacks are ignored. Callbacks run with no lock of the cursor held, so
//! they may call the Jet API on it (to read the record or the copy buffer).

use crate::consts::*;
use crate::cursor::{self, CursorEntry};
use crate::registry::err;
use crate::types::{JET_CBTYP, JET_HANDLE};
use crate::{JetResult, JET_DBID, JET_SESID, JET_TABLEID};
use ese::ErrorCode;
use parking_lot::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Weak};

/// A callback of `JetRegisterCallback`: called with the session, database and cursor of
/// the change and the one type it is called for; an error from a `Before*` callback stops
/// the change.
pub type JET_CALLBACK =
    Arc<dyn Fn(JET_SESID, JET_DBID, JET_TABLEID, JET_CBTYP) -> JetResult<()> + Send + Sync>;

/// The types a callback may name.
const TYPES: JET_CBTYP = JET_cbtypFinalize
    | JET_cbtypBeforeInsert
    | JET_cbtypAfterInsert
    | JET_cbtypBeforeReplace
    | JET_cbtypAfterReplace
    | JET_cbtypBeforeDelete
    | JET_cbtypAfterDelete
    | JET_cbtypUserDefinedDefaultValue
    | JET_cbtypOnlineDefragCompleted
    | JET_cbtypFreeCursorLS
    | JET_cbtypFreeTableLS;

struct Registration {
    id: JET_HANDLE,
    instance: Weak<crate::instance::InstanceEntry>,
    dbid: JET_DBID,
    table: String,
    cbtyp: JET_CBTYP,
    f: JET_CALLBACK,
}

static REGISTERED: Mutex<Vec<Registration>> = Mutex::new(Vec::new());
/// How many callbacks are registered: a change skips the lookup while none is.
static COUNT: AtomicUsize = AtomicUsize::new(0);
static NEXT_ID: AtomicUsize = AtomicUsize::new(1);

fn same_table(r: &Registration, c: &CursorEntry) -> bool {
    c.is_on(&r.instance, r.dbid, &r.table)
}

/// `JetRegisterCallback(sesid, tableid, cbtyp, pCallback, pvContext, phCallbackId)`:
/// registers `f` for the types in `cbtyp` on the cursor's table; returns the id that
/// unregisters it (`pvContext` is the caller's: the C layer keeps it in `f`). Errors:
/// `JET_errInvalidParameter` for `JET_cbtypNull` or unknown types,
/// `JET_errIllegalOperation` on a temporary table.
pub fn jet_register_callback(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    cbtyp: JET_CBTYP,
    f: JET_CALLBACK,
) -> JetResult<JET_HANDLE> {
    let c = cursor::get(sesid, tableid)?;
    if cbtyp == JET_cbtypNull || cbtyp & !TYPES != 0 {
        return Err(err(
            ErrorCode::InvalidParameter,
            format!("callback type {cbtyp:#x}"),
        ));
    }
    if c.temp().is_some() {
        return Err(err(
            ErrorCode::IllegalOperation,
            "a temporary table takes no callbacks",
        ));
    }
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed) as JET_HANDLE;
    let mut reg = REGISTERED.lock();
    reg.push(Registration {
        id,
        instance: Arc::downgrade(&c.instance),
        dbid: c.dbid,
        table: c.table.clone(),
        cbtyp,
        f,
    });
    COUNT.store(reg.len(), Ordering::Release);
    Ok(id)
}

/// `JetUnregisterCallback(sesid, tableid, cbtyp, hCallbackId)`: removes callback `id` of
/// the cursor's table. Errors: `JET_errInvalidParameter` for an id that names no callback
/// of this table.
pub fn jet_unregister_callback(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    _cbtyp: JET_CBTYP,
    id: JET_HANDLE,
) -> JetResult<()> {
    let c = cursor::get(sesid, tableid)?;
    let mut reg = REGISTERED.lock();
    let before = reg.len();
    reg.retain(|r| !(r.id == id && same_table(r, &c)));
    // Callbacks of instances that are gone go too.
    reg.retain(|r| r.instance.strong_count() > 0);
    let removed = reg.len() < before;
    COUNT.store(reg.len(), Ordering::Release);
    if !removed {
        return Err(err(
            ErrorCode::InvalidParameter,
            format!("no callback {id} on table {}", c.table),
        ));
    }
    Ok(())
}

/// Whether any callback is registered: while none is, a change skips what calling them
/// needs (a look at the cursor with its lock let go in between).
pub(crate) fn any() -> bool {
    COUNT.load(Ordering::Acquire) != 0
}

/// Calls the callbacks of type `cbtyp` of the table of cursor `c` (with no lock of the
/// cursor held), in the order they were registered; the first error stops them.
pub(crate) fn call(
    c: &CursorEntry,
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    cbtyp: JET_CBTYP,
) -> JetResult<()> {
    if !any() {
        return Ok(());
    }
    let todo: Vec<JET_CALLBACK> = REGISTERED
        .lock()
        .iter()
        .filter(|r| r.cbtyp & cbtyp != 0 && same_table(r, c))
        .map(|r| r.f.clone())
        .collect();
    for f in todo {
        f(sesid, c.dbid, tableid, cbtyp)?;
    }
    Ok(())
}
