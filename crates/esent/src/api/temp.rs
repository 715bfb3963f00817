//! Exported temporary table calls: `JetOpenTempTable` 1 to 3 and `JetOpenTemporaryTable`
//! 1 and 2.
//!
//! What must hold: the cursor and the column ids are written only on success; the locale
//! (`lcid`, `pidxunicode`) is accepted and unused, as the engine has one collation.

use core::mem::size_of;

use ese_jet as jet;

use crate::api::ddl::coldef_in;
use crate::consts::*;
use crate::export;
use crate::ffi::ptr::{self, put};
use crate::ffi::{check_cb, need_mut, Jet, Ret};
use crate::types::*;

/// The caller's column definitions.
unsafe fn defs(p: *const JET_COLUMNDEF, n: u32) -> Result<Vec<jet::JET_COLUMNDEF>, JET_ERR> {
    if n == 0 {
        return Err(JET_errInvalidParameter);
    }
    // SAFETY: `p` is NULL or `n` definitions by the C contract.
    let defs = unsafe { ptr::slice(p, n) }?;
    defs.iter().map(coldef_in).collect()
}

/// Writes the cursor and the column ids.
unsafe fn outputs(
    ptableid: *mut JET_TABLEID,
    prgcolumnid: *mut JET_COLUMNID,
    n: u32,
    (t, ids): (JET_TABLEID, Vec<JET_COLUMNID>),
) -> Ret {
    // SAFETY: `prgcolumnid` holds `n` writable ids (checked non-null by the caller).
    let out = unsafe { ptr::slice_mut(prgcolumnid, n) }?;
    for (o, id) in out.iter_mut().zip(ids) {
        *o = id;
    }
    // SAFETY: checked non-null by the caller.
    unsafe { put(ptableid, t) };
    Ok(0)
}

export! {
    /// `JetOpenTempTable`: a temporary table keyed on its `JET_bitColumnTTKey` columns.
    JetOpenTempTable(
        sesid: JET_SESID,
        prgcolumndef: *const JET_COLUMNDEF,
        ccolumn: u32,
        grbit: JET_GRBIT,
        ptableid: *mut JET_TABLEID,
        prgcolumnid: *mut JET_COLUMNID,
    ) {
        need_mut(ptableid)?;
        need_mut(prgcolumnid)?;
        let cols = defs(prgcolumndef, ccolumn)?;
        let r = jet::jet_open_temp_table(sesid, &cols, grbit).j()?;
        outputs(ptableid, prgcolumnid, ccolumn, r)
    }
}

export! {
    /// `JetOpenTempTable2`: [`JetOpenTempTable`] with a locale id.
    JetOpenTempTable2(
        sesid: JET_SESID,
        prgcolumndef: *const JET_COLUMNDEF,
        ccolumn: u32,
        lcid: u32,
        grbit: JET_GRBIT,
        ptableid: *mut JET_TABLEID,
        prgcolumnid: *mut JET_COLUMNID,
    ) {
        need_mut(ptableid)?;
        need_mut(prgcolumnid)?;
        let cols = defs(prgcolumndef, ccolumn)?;
        let r = jet::jet_open_temp_table2(sesid, &cols, lcid, grbit).j()?;
        outputs(ptableid, prgcolumnid, ccolumn, r)
    }
}

export! {
    /// `JetOpenTempTable3`: [`JetOpenTempTable`] with a Unicode locale.
    JetOpenTempTable3(
        sesid: JET_SESID,
        prgcolumndef: *const JET_COLUMNDEF,
        ccolumn: u32,
        pidxunicode: *mut JET_UNICODEINDEX,
        grbit: JET_GRBIT,
        ptableid: *mut JET_TABLEID,
        prgcolumnid: *mut JET_COLUMNID,
    ) {
        need_mut(ptableid)?;
        need_mut(prgcolumnid)?;
        let cols = defs(prgcolumndef, ccolumn)?;
        let lcid = ptr::read_opt(pidxunicode.cast_const()).map_or(0, |u| u.lcid);
        let r = jet::jet_open_temp_table2(sesid, &cols, lcid, grbit).j()?;
        outputs(ptableid, prgcolumnid, ccolumn, r)
    }
}

/// `JetOpenTemporaryTable` for either structure form (same fields up to the locale).
macro_rules! open_temporary {
    ($name:ident, $ty:ty) => {
        export! {
            /// `JetOpenTemporaryTable*`: a temporary table from a structure; `tableid` and
            /// the column ids are written into it.
            $name(sesid: JET_SESID, popentemporarytable: *mut $ty) {
                let o = ptr::read(popentemporarytable.cast_const())?;
                check_cb(o.cbStruct, size_of::<$ty>())?;
                need_mut(o.prgcolumnid)?;
                let cols = defs(o.prgcolumndef, o.ccolumn)?;
                let (t, ids) =
                    jet::jet_open_temporary_table(sesid, &cols, o.grbit, o.cbKeyMost, o.cbVarSegMac).j()?;
                let out = ptr::slice_mut(o.prgcolumnid, o.ccolumn)?;
                for (d, id) in out.iter_mut().zip(ids) {
                    *d = id;
                }
                let mut o = ptr::read(popentemporarytable.cast_const())?;
                o.tableid = t;
                put(popentemporarytable, o);
                Ok(0)
            }
        }
    };
}

open_temporary!(JetOpenTemporaryTable, JET_OPENTEMPORARYTABLE);
open_temporary!(JetOpenTemporaryTable2, JET_OPENTEMPORARYTABLE2);
