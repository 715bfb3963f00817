//! Local storage: `JetSetLS` and `JetGetLS`, one application value (`JET_LS`) kept on a
//! cursor or on a table, and the runtime callback (`JET_paramRuntimeCallback`) that frees
//! it (`JET_cbtypFreeCursorLS`, `JET_cbtypFreeTableLS`).
//!
//! What must hold, as in ESE's `ErrIsamSetLS`/`ErrIsamGetLS`: setting needs the
//! instance's runtime callback; a value is set once (`JET_errLSAlreadySet` until it is
//! reset); a value still set when its cursor closes (or, for a table's, when its database
//! is detached, its table deleted or its instance ended) is handed to the runtime
//! callback, exactly once, to be freed; a value taken back with `JET_bitLSReset` is the
//! caller's again and is not freed by the engine.
//!
//! The callback that frees a value is the one the instance had when the value was set.
//! It runs where the cursor or table goes away, possibly with the engine's locks held:
//! it must only free the value, not call the Jet API.

use crate::consts::*;
use crate::cursor;
use crate::registry::err;
use crate::types::{JET_CBTYP, JET_LS};
use crate::{JetResult, JET_DBID, JET_GRBIT, JET_INSTANCE, JET_SESID, JET_TABLEID};
use ese::ErrorCode;
use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::{Arc, Weak};

/// The runtime callback as the engine calls it: with `JET_cbtypFreeCursorLS` or
/// `JET_cbtypFreeTableLS` and the value to free.
pub type JET_RUNTIME_CALLBACK = Arc<dyn Fn(JET_CBTYP, JET_LS) + Send + Sync>;

/// The functions behind `JET_paramRuntimeCallback` values, by value.
static DEFINED: Mutex<Option<HashMap<usize, JET_RUNTIME_CALLBACK>>> = Mutex::new(None);

/// Sets `JET_paramRuntimeCallback` of the instance (`instance`, else `sesid`'s, else the
/// process-wide default, as [`crate::jet_set_system_parameter`] picks) to `f`, under the
/// number `key` (`JetGetSystemParameter` gives it back; the C library passes the
/// function's address). `None` clears the parameter. Errors as
/// [`crate::jet_set_system_parameter`]'s.
pub fn jet_set_runtime_callback(
    instance: JET_INSTANCE,
    sesid: JET_SESID,
    key: usize,
    f: Option<JET_RUNTIME_CALLBACK>,
) -> JetResult<()> {
    let key = match f {
        Some(f) if key != 0 => {
            jet_define_runtime_callback(key, f);
            key
        }
        Some(_) => {
            return Err(err(
                ErrorCode::InvalidParameter,
                "a runtime callback needs a non-zero key",
            ))
        }
        None => 0,
    };
    crate::jet_set_system_parameter(instance, sesid, JET_paramRuntimeCallback, key, None)
}

/// Defines `f` as the runtime callback of every instance whose
/// `JET_paramRuntimeCallback` is `key` (set with `JetSetSystemParameter` or
/// `JetEnableMultiInstance`); a later definition of the same key replaces it.
pub fn jet_define_runtime_callback(key: usize, f: JET_RUNTIME_CALLBACK) {
    DEFINED
        .lock()
        .get_or_insert_with(HashMap::new)
        .insert(key, f);
}

/// The runtime callback of the cursor's instance now.
fn runtime_callback(c: &cursor::CursorEntry) -> JetResult<JET_RUNTIME_CALLBACK> {
    let key = c.instance.state.lock().params.int(JET_paramRuntimeCallback);
    let f = (key != 0)
        .then(|| DEFINED.lock().as_ref().and_then(|m| m.get(&key).cloned()))
        .flatten();
    f.ok_or_else(|| {
        err(
            ErrorCode::LSCallbackNotSpecified,
            "JetSetLS needs JET_paramRuntimeCallback",
        )
    })
}

/// A value set on a cursor, with the callback that frees it.
#[derive(Default)]
pub(crate) struct CursorLs(Mutex<Option<(JET_LS, JET_RUNTIME_CALLBACK)>>);

impl Drop for CursorLs {
    fn drop(&mut self) {
        if let Some((ls, f)) = self.0.get_mut().take() {
            f(JET_cbtypFreeCursorLS, ls);
        }
    }
}

/// A value set on a table of a database of an instance.
struct TableLs {
    instance: Weak<crate::instance::InstanceEntry>,
    dbid: JET_DBID,
    table: String,
    ls: JET_LS,
    f: JET_RUNTIME_CALLBACK,
}

static TABLES: Mutex<Vec<TableLs>> = Mutex::new(Vec::new());

fn same_table(t: &TableLs, c: &cursor::CursorEntry) -> bool {
    c.is_on(&t.instance, t.dbid, &t.table)
}

/// Frees the table values `which` picks (and those of instances that are gone).
pub(crate) fn free_tables(
    which: impl Fn(&Arc<crate::instance::InstanceEntry>, JET_DBID, &str) -> bool,
) {
    let freed: Vec<TableLs> = {
        let mut all = TABLES.lock();
        let (gone, kept): (Vec<TableLs>, Vec<TableLs>) =
            all.drain(..).partition(|t| match t.instance.upgrade() {
                Some(i) => which(&i, t.dbid, &t.table),
                None => true,
            });
        *all = kept;
        gone
    };
    for t in freed {
        (t.f)(JET_cbtypFreeTableLS, t.ls);
    }
}

/// Which of the cursor's and table's values a grbit names (`JET_errInvalidGrbit` for
/// both or an unknown bit), and whether it resets.
fn target(grbit: JET_GRBIT) -> JetResult<(bool, bool)> {
    if grbit & !(JET_bitLSReset | JET_bitLSCursor | JET_bitLSTable) != 0
        || grbit & JET_bitLSTable != 0 && grbit & JET_bitLSCursor != 0
    {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetSetLS/JetGetLS grbit {grbit:#x}"),
        ));
    }
    Ok((grbit & JET_bitLSTable != 0, grbit & JET_bitLSReset != 0))
}

/// A table's values exist only for tables of a database.
fn check_table(c: &cursor::CursorEntry) -> JetResult<()> {
    if c.temp().is_some() {
        return Err(err(
            ErrorCode::IllegalOperation,
            "a temporary table keeps no table local storage",
        ));
    }
    Ok(())
}

/// `JetSetLS(sesid, tableid, ls, grbit)`: keeps `ls` on the cursor (`JET_bitLSCursor` or
/// no target bit) or on its table (`JET_bitLSTable`); `JET_bitLSReset` (or `ls` =
/// `JET_LSNil`) clears it without freeing it. Errors: `JET_errLSCallbackNotSpecified`
/// without `JET_paramRuntimeCallback`, `JET_errLSAlreadySet` when a value is set,
/// `JET_errInvalidGrbit` for both targets, `JET_errIllegalOperation` for a temporary
/// table's table value.
pub fn jet_set_ls(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    ls: JET_LS,
    grbit: JET_GRBIT,
) -> JetResult<()> {
    let c = cursor::get(sesid, tableid)?;
    let f = runtime_callback(&c)?;
    let (table, reset) = target(grbit)?;
    let ls = if reset { JET_LSNil } else { ls };
    if table {
        check_table(&c)?;
        let mut all = TABLES.lock();
        let at = all.iter().position(|t| same_table(t, &c));
        return match (at, ls == JET_LSNil) {
            (Some(i), true) => {
                all.remove(i);
                Ok(())
            }
            (None, true) => Ok(()),
            (Some(_), false) => Err(err(ErrorCode::LSAlreadySet, "the table's LS is set")),
            (None, false) => {
                all.push(TableLs {
                    instance: Arc::downgrade(&c.instance),
                    dbid: c.dbid,
                    table: c.table.clone(),
                    ls,
                    f,
                });
                Ok(())
            }
        };
    }
    let mut slot = c.ls.0.lock();
    match (slot.is_some(), ls == JET_LSNil) {
        (_, true) => *slot = None,
        (true, false) => return Err(err(ErrorCode::LSAlreadySet, "the cursor's LS is set")),
        (false, false) => *slot = Some((ls, f)),
    }
    Ok(())
}

/// `JetGetLS(sesid, tableid, grbit)`: the value kept on the cursor or its table (see
/// [`jet_set_ls`]); `JET_bitLSReset` also takes it off (the caller frees it then).
/// `JET_errLSNotSet` when none is set (for the cursor's, not with `JET_bitLSReset`, which
/// then gives `JET_LSNil`, as ESE).
pub fn jet_get_ls(sesid: JET_SESID, tableid: JET_TABLEID, grbit: JET_GRBIT) -> JetResult<JET_LS> {
    let c = cursor::get(sesid, tableid)?;
    let (table, reset) = target(grbit)?;
    let not_set = || err(ErrorCode::LSNotSet, "no local storage is set");
    if table {
        check_table(&c)?;
        let mut all = TABLES.lock();
        let at = all
            .iter()
            .position(|t| same_table(t, &c))
            .ok_or_else(not_set)?;
        return Ok(if reset { all.remove(at).ls } else { all[at].ls });
    }
    let mut slot = c.ls.0.lock();
    let ls = slot.as_ref().map_or(JET_LSNil, |(ls, _)| *ls);
    if reset {
        *slot = None;
        return Ok(ls);
    }
    if ls == JET_LSNil {
        return Err(not_set());
    }
    Ok(ls)
}

/// A renamed table keeps its value.
pub(crate) fn rename_table(
    instance: &Arc<crate::instance::InstanceEntry>,
    dbid: JET_DBID,
    from: &str,
    to: &str,
) {
    for t in TABLES.lock().iter_mut() {
        if t.dbid == dbid
            && t.table.eq_ignore_ascii_case(from)
            && t.instance
                .upgrade()
                .is_some_and(|i| Arc::ptr_eq(&i, instance))
        {
            t.table = to.to_string();
        }
    }
}
