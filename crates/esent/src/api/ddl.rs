//! Exported schema calls: `JetCreateTable*`, `JetCreateTableColumnIndex` 1 to 4,
//! `JetDeleteTable*`, `JetAddColumn*`, `JetDeleteColumn*`, `JetCreateIndex` 1 to 4 and
//! `JetDeleteIndex*`.
//!
//! What must hold: every caller structure's `cbStruct` is checked against the form the call
//! expects; the per-entry results (`columnid`, `err`) are written back into the caller's
//! arrays whether or not the call succeeds, as esent.dll does; `tableid` and `cCreated`
//! only on success. Callbacks (`szCallback`) and conditional columns are
//! `JET_errFeatureNotAvailable`; space hints are accepted and unused.

use core::ffi::c_void;
use core::mem::size_of;

use ese_jet as jet;

use crate::consts::*;
use crate::ffi::ptr::{self, put};
use crate::ffi::{check_cb, need, need_mut, req, warn, Enc, Jet, Ret, A, W};
use crate::types::*;
use crate::{aw, export};

unsafe fn create_table<E: Enc>(
    sesid: JET_SESID,
    dbid: JET_DBID,
    name: *const E::Ch,
    pages: u32,
    density: u32,
    ptableid: *mut JET_TABLEID,
) -> Ret {
    need_mut(ptableid)?;
    // SAFETY: forwarded C contract.
    let name = unsafe { req::<E>(name) }?;
    let t = jet::jet_create_table(sesid, dbid, &name, pages, density).j()?;
    // SAFETY: checked non-null.
    unsafe { put(ptableid, t) };
    Ok(0)
}

aw! {
    /// `JetCreateTable`: an empty table and an exclusive cursor on it.
    JetCreateTableA JetCreateTableW = create_table(
        sesid: (JET_SESID), dbid: (JET_DBID), szTableName: s, lPages: (u32), lDensity: (u32),
        ptableid: (*mut JET_TABLEID))
}

/// The fields every `JET_COLUMNCREATE` form shares.
trait ColumnIn: Copy {
    type E: Enc;
    fn to_jet(&self) -> Result<(u32, *const <Self::E as Enc>::Ch, jet::JET_COLUMNCREATE), JET_ERR>;
    fn set_out(&mut self, columnid: JET_COLUMNID, err: JET_ERR);
}

macro_rules! column_in {
    ($ty:ty, $e:ty) => {
        impl ColumnIn for $ty {
            type E = $e;
            fn to_jet(
                &self,
            ) -> Result<(u32, *const <$e as Enc>::Ch, jet::JET_COLUMNCREATE), JET_ERR> {
                // SAFETY: `pvDefault` is NULL or `cbDefault` readable bytes by the C contract.
                let default = unsafe { ptr::bytes(self.pvDefault, self.cbDefault) }?;
                Ok((
                    self.cbStruct,
                    self.szColumnName.cast_const(),
                    jet::JET_COLUMNCREATE {
                        coltyp: self.coltyp,
                        cbMax: self.cbMax,
                        grbit: self.grbit,
                        pvDefault: default.map(<[u8]>::to_vec),
                        cp: self.cp,
                        ..Default::default()
                    },
                ))
            }
            fn set_out(&mut self, columnid: JET_COLUMNID, err: JET_ERR) {
                self.columnid = columnid;
                self.err = err;
            }
        }
    };
}

column_in!(JET_COLUMNCREATE_A, A);
column_in!(JET_COLUMNCREATE_W, W);

/// The fields every `JET_INDEXCREATE` form shares.
trait IndexIn: Copy {
    type E: Enc;
    /// `cbStruct`, name, key, `cbKey`, and the rest converted.
    #[allow(clippy::type_complexity)]
    fn parts(
        &self,
    ) -> (
        u32,
        *const <Self::E as Enc>::Ch,
        *const <Self::E as Enc>::Ch,
        u32,
        jet::JET_INDEXCREATE,
    );
    /// The conditional columns (`rgconditionalcolumn`, `cConditionalColumn`):
    /// `JET_errInvalidParameter` for a NULL array with entries,
    /// `JET_errIndexInvalidDef` for an entry of another `cbStruct` (as ESE).
    ///
    /// # Safety
    /// `rgconditionalcolumn` is NULL or `cConditionalColumn` readable entries whose
    /// names are NUL-terminated (the C contract).
    unsafe fn conditions(&self) -> Result<Vec<jet::JET_CONDITIONALCOLUMN>, JET_ERR>;
    fn set_err(&mut self, err: JET_ERR);
}

/// The locale id of a `JET_INDEXCREATE`/`2` (through `pidxunicode` with
/// `JET_bitIndexUnicode`).
fn lcid_of(grbit: JET_GRBIT, u: JET_INDEXCREATE_LOCALE) -> u32 {
    if grbit & JET_bitIndexUnicode != 0 {
        // SAFETY: with JET_bitIndexUnicode the union holds `pidxunicode`, NULL or a
        // readable JET_UNICODEINDEX by the C contract.
        unsafe { ptr::read_opt(u.pidxunicode.cast_const()) }.map_or(0, |x| x.lcid)
    } else {
        // SAFETY: without JET_bitIndexUnicode the union holds `lcid`; any bits are a u32.
        unsafe { u.lcid }
    }
}

macro_rules! index_in {
    ($ty:ty, $e:ty, $cond:ty, |$s:ident| $lcid:expr) => {
        impl IndexIn for $ty {
            type E = $e;
            fn parts(
                &self,
            ) -> (
                u32,
                *const <$e as Enc>::Ch,
                *const <$e as Enc>::Ch,
                u32,
                jet::JET_INDEXCREATE,
            ) {
                let $s = self;
                let (seg, tuples) = if self.grbit & JET_bitIndexTupleLimits != 0 {
                    // SAFETY: with JET_bitIndexTupleLimits the union holds `ptuplelimits`,
                    // NULL or a readable JET_TUPLELIMITS by the C contract.
                    let t = unsafe {
                        ptr::read_opt(self.cbVarSegMac_or_ptuplelimits.ptuplelimits.cast_const())
                    };
                    (0, t.map(|t| jet::JET_TUPLELIMITS {
                        chLengthMin: t.chLengthMin,
                        chLengthMax: t.chLengthMax,
                        chToIndexMax: t.chToIndexMax,
                        cchIncrement: t.cchIncrement,
                        ichStart: t.ichStart,
                    }))
                } else {
                    // SAFETY: without JET_bitIndexTupleLimits the union holds `cbVarSegMac`.
                    (unsafe { self.cbVarSegMac_or_ptuplelimits.cbVarSegMac }, None)
                };
                (
                    self.cbStruct,
                    self.szIndexName.cast_const(),
                    self.szKey.cast_const(),
                    self.cbKey,
                    jet::JET_INDEXCREATE {
                        grbit: self.grbit,
                        ulDensity: self.ulDensity,
                        lcid: $lcid,
                        cbVarSegMac: seg,
                        ptuplelimits: tuples,
                        cbKeyMost: self.cbKeyMost,
                        ..Default::default()
                    },
                )
            }
            unsafe fn conditions(&self) -> Result<Vec<jet::JET_CONDITIONALCOLUMN>, JET_ERR> {
                // SAFETY: NULL or `cConditionalColumn` entries, by the caller's contract.
                let entries = unsafe {
                    ptr::slice(self.rgconditionalcolumn.cast_const(), self.cConditionalColumn)
                }?;
                let mut out = Vec::with_capacity(entries.len());
                for c in entries {
                    if c.cbStruct as usize != size_of::<$cond>() {
                        return Err(JET_errIndexInvalidDef);
                    }
                    // SAFETY: the name is NUL-terminated, by the caller's contract.
                    let name = unsafe { req::<$e>(c.szColumnName.cast_const()) }?;
                    out.push(jet::JET_CONDITIONALCOLUMN {
                        szColumnName: name,
                        grbit: c.grbit,
                    });
                }
                Ok(out)
            }
            fn set_err(&mut self, err: JET_ERR) {
                self.err = err;
            }
        }
    };
}

index_in!(JET_INDEXCREATE_A, A, JET_CONDITIONALCOLUMN_A, |s| lcid_of(
    s.grbit,
    s.lcid_or_pidxunicode
));
index_in!(JET_INDEXCREATE_W, W, JET_CONDITIONALCOLUMN_W, |s| lcid_of(
    s.grbit,
    s.lcid_or_pidxunicode
));
index_in!(JET_INDEXCREATE2_A, A, JET_CONDITIONALCOLUMN_A, |s| lcid_of(
    s.grbit,
    s.lcid_or_pidxunicode
));
index_in!(JET_INDEXCREATE2_W, W, JET_CONDITIONALCOLUMN_W, |s| lcid_of(
    s.grbit,
    s.lcid_or_pidxunicode
));
index_in!(JET_INDEXCREATE3_A, A, JET_CONDITIONALCOLUMN_A, |s| {
    let _ = s;
    0
});
index_in!(JET_INDEXCREATE3_W, W, JET_CONDITIONALCOLUMN_W, |s| {
    let _ = s;
    0
});

/// Converts the caller's column entries.
unsafe fn columns_in<C: ColumnIn>(
    p: *const C,
    n: u32,
) -> Result<Vec<jet::JET_COLUMNCREATE>, JET_ERR> {
    // SAFETY: `p` is NULL or `n` entries by the C contract.
    let entries = unsafe { ptr::slice(p, n) }?;
    let mut out = Vec::with_capacity(entries.len());
    for c in entries {
        let (cb, name, mut col) = c.to_jet()?;
        check_cb(cb, size_of::<C>())?;
        // SAFETY: the entry's name is NUL-terminated by the C contract.
        col.szColumnName = unsafe { req::<C::E>(name) }?;
        out.push(col);
    }
    Ok(out)
}

/// Converts the caller's index entries; `cbKey` is in bytes in both forms.
unsafe fn indexes_in<I: IndexIn>(
    p: *const I,
    n: u32,
) -> Result<Vec<jet::JET_INDEXCREATE>, JET_ERR> {
    // SAFETY: `p` is NULL or `n` entries by the C contract.
    let entries = unsafe { ptr::slice(p, n) }?;
    let mut out = Vec::with_capacity(entries.len());
    for ix in entries {
        let (cb, name, key, cb_key, mut idx) = ix.parts();
        check_cb(cb, size_of::<I>())?;
        // SAFETY: name NUL-terminated; key `cbKey` readable bytes; the conditional
        // columns as `conditions` needs them, by the C contract.
        unsafe {
            idx.szIndexName = req::<I::E>(name)?;
            idx.szKey = key_in::<I::E>(key, cb_key)?;
            idx.rgconditionalcolumn = ix.conditions()?;
        }
        out.push(idx);
    }
    Ok(out)
}

/// Reads a key description of `cb` bytes (`"+a\0-b\0\0"`).
unsafe fn key_in<E: Enc>(key: *const E::Ch, cb: u32) -> Result<String, JET_ERR> {
    need(key)?;
    let n = cb as usize / size_of::<E::Ch>();
    if n == 0 {
        return Err(JET_errInvalidParameter);
    }
    // SAFETY: `key` is readable for `cb` bytes by the C contract.
    let units = unsafe { ptr::read_units(key, n) }?;
    E::decode(&units)
}

/// Writes the per-entry results back into the caller's arrays.
unsafe fn write_back<C: ColumnIn, I: IndexIn>(
    pc: *mut C,
    nc: u32,
    cols: &[jet::JET_COLUMNCREATE],
    pi: *mut I,
    ni: u32,
    idxs: &[jet::JET_INDEXCREATE],
) {
    // SAFETY: the arrays were read with these lengths above (so are non-null when the
    // length is not 0) and are writable by the C contract.
    unsafe {
        if let Ok(out) = ptr::slice_mut(pc, nc) {
            for (o, c) in out.iter_mut().zip(cols) {
                o.set_out(c.columnid, c.err);
            }
        }
        if let Ok(out) = ptr::slice_mut(pi, ni) {
            for (o, i) in out.iter_mut().zip(idxs) {
                o.set_err(i.err);
            }
        }
    }
}

/// `JetCreateTableColumnIndex` for one `JET_TABLECREATE` form: `$cb` the form's size,
/// `$callback` whether it has `szCallback`.
macro_rules! table_create {
    ($fname:ident, $ty:ty, $e:ty, $callback:tt) => {
        export! {
            /// `JetCreateTableColumnIndex*`: a table with its columns and indexes; each
            /// entry gets its `columnid`/`err`, the structure its `tableid` and `cCreated`.
            $fname(sesid: JET_SESID, dbid: JET_DBID, ptablecreate: *mut $ty) {
                let tc = ptr::read(ptablecreate.cast_const())?;
                check_cb(tc.cbStruct, size_of::<$ty>())?;
                table_create!(@callback tc $callback);
                let mut j = jet::JET_TABLECREATE {
                    szTableName: req::<$e>(tc.szTableName)?,
                    szTemplateTableName: <$e as Enc>::read(tc.szTemplateTableName)?,
                    ulPages: tc.ulPages,
                    ulDensity: tc.ulDensity,
                    rgcolumncreate: columns_in(tc.rgcolumncreate.cast_const(), tc.cColumns)?,
                    rgindexcreate: indexes_in(tc.rgindexcreate.cast_const(), tc.cIndexes)?,
                    grbit: tc.grbit,
                    ..Default::default()
                };
                let r = jet::jet_create_table_column_index(sesid, dbid, &mut j);
                write_back(tc.rgcolumncreate, tc.cColumns, &j.rgcolumncreate, tc.rgindexcreate, tc.cIndexes, &j.rgindexcreate);
                r.j()?;
                let mut out = ptr::read(ptablecreate.cast_const())?;
                out.tableid = j.tableid;
                out.cCreated = j.cCreated;
                put(ptablecreate, out);
                Ok(0)
            }
        }
    };
    (@callback $tc:ident no) => {};
    (@callback $tc:ident yes) => {
        if !$tc.szCallback.is_null() {
            return Err(JET_errFeatureNotAvailable);
        }
    };
}

table_create!(JetCreateTableColumnIndexA, JET_TABLECREATE_A, A, no);
table_create!(JetCreateTableColumnIndexW, JET_TABLECREATE_W, W, no);
table_create!(JetCreateTableColumnIndex2A, JET_TABLECREATE2_A, A, yes);
table_create!(JetCreateTableColumnIndex2W, JET_TABLECREATE2_W, W, yes);
table_create!(JetCreateTableColumnIndex3A, JET_TABLECREATE3_A, A, yes);
table_create!(JetCreateTableColumnIndex3W, JET_TABLECREATE3_W, W, yes);
table_create!(JetCreateTableColumnIndex4A, JET_TABLECREATE4_A, A, yes);
table_create!(JetCreateTableColumnIndex4W, JET_TABLECREATE4_W, W, yes);

unsafe fn delete_table<E: Enc>(sesid: JET_SESID, dbid: JET_DBID, name: *const E::Ch) -> Ret {
    // SAFETY: forwarded C contract.
    let name = unsafe { req::<E>(name) }?;
    jet::jet_delete_table(sesid, dbid, &name).j().map(|()| 0)
}

aw! {
    /// `JetDeleteTable`: deletes a table.
    JetDeleteTableA JetDeleteTableW = delete_table(sesid: (JET_SESID), dbid: (JET_DBID), szTableName: s)
}

/// The engine's column definition from the caller's `JET_COLUMNDEF`.
pub(crate) fn coldef_in(d: &JET_COLUMNDEF) -> Result<jet::JET_COLUMNDEF, JET_ERR> {
    check_cb(d.cbStruct, size_of::<JET_COLUMNDEF>())?;
    Ok(jet::JET_COLUMNDEF {
        columnid: d.columnid,
        coltyp: d.coltyp,
        wCountry: d.wCountry,
        langid: d.langid,
        cp: d.cp,
        wCollate: d.wCollate,
        cbMax: d.cbMax,
        grbit: d.grbit,
    })
}

unsafe fn add_column<E: Enc>(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    name: *const E::Ch,
    pdef: *const JET_COLUMNDEF,
    pv_default: *const c_void,
    cb_default: u32,
    pcolumnid: *mut JET_COLUMNID,
) -> Ret {
    // SAFETY: forwarded C contract.
    let (name, def, default) = unsafe {
        (
            req::<E>(name)?,
            ptr::read(pdef)?,
            ptr::bytes(pv_default, cb_default)?,
        )
    };
    let def = coldef_in(&def)?;
    let (id, w) = jet::jet_add_column(sesid, tableid, &name, &def, default).j()?;
    // SAFETY: NULL or writable by the C contract.
    unsafe { put(pcolumnid, id) };
    Ok(warn(w))
}

aw! {
    /// `JetAddColumn`: adds a column; its id goes to `pcolumnid` when given.
    JetAddColumnA JetAddColumnW = add_column(
        sesid: (JET_SESID), tableid: (JET_TABLEID), szColumnName: s,
        pcolumndef: (*const JET_COLUMNDEF), pvDefault: (*const c_void), cbDefault: (u32),
        pcolumnid: (*mut JET_COLUMNID))
}

unsafe fn delete_column<E: Enc>(sesid: JET_SESID, tableid: JET_TABLEID, name: *const E::Ch) -> Ret {
    // SAFETY: forwarded C contract.
    let name = unsafe { req::<E>(name) }?;
    jet::jet_delete_column(sesid, tableid, &name)
        .j()
        .map(|()| 0)
}

aw! {
    /// `JetDeleteColumn`: deletes a column.
    JetDeleteColumnA JetDeleteColumnW = delete_column(sesid: (JET_SESID), tableid: (JET_TABLEID), szColumnName: s)
}

unsafe fn rename_table<E: Enc>(
    sesid: JET_SESID,
    dbid: JET_DBID,
    from: *const E::Ch,
    to: *const E::Ch,
) -> Ret {
    // SAFETY: forwarded C contract.
    let (from, to) = unsafe { (req::<E>(from)?, req::<E>(to)?) };
    jet::jet_rename_table(sesid, dbid, &from, &to)
        .j()
        .map(|()| 0)
}

aw! {
    /// `JetRenameTable`: renames a table (no cursor may have it open).
    JetRenameTableA JetRenameTableW = rename_table(sesid: (JET_SESID), dbid: (JET_DBID), szName: s, szNameNew: s)
}

unsafe fn rename_column<E: Enc>(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    from: *const E::Ch,
    to: *const E::Ch,
    grbit: JET_GRBIT,
) -> Ret {
    // SAFETY: forwarded C contract.
    let (from, to) = unsafe { (req::<E>(from)?, req::<E>(to)?) };
    jet::jet_rename_column(sesid, tableid, &from, &to, grbit)
        .j()
        .map(|()| 0)
}

aw! {
    /// `JetRenameColumn`: renames a column of the cursor's table, outside a transaction.
    JetRenameColumnA JetRenameColumnW = rename_column(sesid: (JET_SESID), tableid: (JET_TABLEID), szName: s, szNameNew: s, grbit: (JET_GRBIT))
}

unsafe fn delete_column2<E: Enc>(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    name: *const E::Ch,
    grbit: JET_GRBIT,
) -> Ret {
    // SAFETY: forwarded C contract.
    let name = unsafe { req::<E>(name) }?;
    jet::jet_delete_column2(sesid, tableid, &name, grbit)
        .j()
        .map(|()| 0)
}

aw! {
    /// `JetDeleteColumn2`: [`JetDeleteColumnA`] with options.
    JetDeleteColumn2A JetDeleteColumn2W = delete_column2(
        sesid: (JET_SESID), tableid: (JET_TABLEID), szColumnName: s, grbit: (JET_GRBIT))
}

unsafe fn create_index<E: Enc>(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    name: *const E::Ch,
    grbit: JET_GRBIT,
    key: *const E::Ch,
    cb_key: u32,
    density: u32,
) -> Ret {
    // SAFETY: forwarded C contract.
    let (name, key) = unsafe { (req::<E>(name)?, key_in::<E>(key, cb_key)?) };
    jet::jet_create_index(sesid, tableid, &name, grbit, &key, density)
        .j()
        .map(|()| 0)
}

aw! {
    /// `JetCreateIndex`: an index from a key description of `cbKey` bytes.
    JetCreateIndexA JetCreateIndexW = create_index(
        sesid: (JET_SESID), tableid: (JET_TABLEID), szIndexName: s, grbit: (JET_GRBIT), szKey: s,
        cbKey: (u32), lDensity: (u32))
}

/// `JetCreateIndex2/3/4` for one `JET_INDEXCREATE` form.
unsafe fn create_indexes<I: IndexIn>(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    p: *mut I,
    n: u32,
) -> Ret {
    if n == 0 {
        return Err(JET_errInvalidParameter);
    }
    // SAFETY: forwarded C contract.
    let mut idxs = unsafe { indexes_in(p.cast_const(), n) }?;
    let r = jet::jet_create_index2(sesid, tableid, &mut idxs);
    // SAFETY: `p` holds `n` writable entries (read above).
    unsafe { write_back::<JET_COLUMNCREATE_A, I>(core::ptr::null_mut(), 0, &[], p, n, &idxs) };
    r.j().map(|()| 0)
}

macro_rules! create_index_n {
    ($a:ident, $w:ident, $ta:ty, $tw:ty) => {
        export! {
            /// `JetCreateIndex2/3/4`: the indexes of an array, in turn; each entry gets its
            /// `err`.
            $a(sesid: JET_SESID, tableid: JET_TABLEID, pindexcreate: *mut $ta, cIndexCreate: u32) {
                create_indexes(sesid, tableid, pindexcreate, cIndexCreate)
            }
        }
        export! {
            /// `JetCreateIndex2/3/4`, UTF-16 form.
            $w(sesid: JET_SESID, tableid: JET_TABLEID, pindexcreate: *mut $tw, cIndexCreate: u32) {
                create_indexes(sesid, tableid, pindexcreate, cIndexCreate)
            }
        }
    };
}

create_index_n!(
    JetCreateIndex2A,
    JetCreateIndex2W,
    JET_INDEXCREATE_A,
    JET_INDEXCREATE_W
);
create_index_n!(
    JetCreateIndex3A,
    JetCreateIndex3W,
    JET_INDEXCREATE2_A,
    JET_INDEXCREATE2_W
);
create_index_n!(
    JetCreateIndex4A,
    JetCreateIndex4W,
    JET_INDEXCREATE3_A,
    JET_INDEXCREATE3_W
);

unsafe fn delete_index<E: Enc>(sesid: JET_SESID, tableid: JET_TABLEID, name: *const E::Ch) -> Ret {
    // SAFETY: forwarded C contract.
    let name = unsafe { req::<E>(name) }?;
    jet::jet_delete_index(sesid, tableid, &name).j().map(|()| 0)
}

aw! {
    /// `JetDeleteIndex`: deletes an index.
    JetDeleteIndexA JetDeleteIndexW = delete_index(sesid: (JET_SESID), tableid: (JET_TABLEID), szIndexName: s)
}

unsafe fn set_column_default<E: Enc>(
    sesid: JET_SESID,
    dbid: JET_DBID,
    table: *const E::Ch,
    column: *const E::Ch,
    pv: *const c_void,
    cb: u32,
    grbit: JET_GRBIT,
) -> Ret {
    // SAFETY: forwarded C contract.
    let table = unsafe { req::<E>(table) }?;
    // SAFETY: forwarded C contract.
    let column = unsafe { req::<E>(column) }?;
    // SAFETY: forwarded C contract: `pv` is NULL or readable for `cb` bytes.
    let data = unsafe { ptr::bytes(pv, cb) }?.unwrap_or_default();
    jet::jet_set_column_default_value(sesid, dbid, &table, &column, data, grbit)
        .j()
        .map(|()| 0)
}

aw! {
    /// `JetSetColumnDefaultValue`: the column's new default value (the table closed).
    JetSetColumnDefaultValueA JetSetColumnDefaultValueW = set_column_default(
        sesid: (JET_SESID), dbid: (JET_DBID), szTableName: s, szColumnName: s,
        pvData: (*const c_void), cbData: (u32), grbit: (JET_GRBIT))
}
