//! Records: `JetPrepareUpdate`, `JetSetColumn(s)`, `JetRetrieveColumn(s)`,
//! `JetUpdate(2)`, `JetDelete`, `JetGetLock`, `JetEscrowUpdate`.
//!
//! Owns [`CopyBuffer`], the facade's mirror of the engine's prepared update: the values
//! `JetSetColumn` gave each column, over the record (or the defaults) the update started
//! from. It answers `JET_bitRetrieveCopy` and the long-value grbits (append, overwrite,
//! resize), which need the value being built.
//!
//! What must hold: values cross as bytes with the column type's width (fixed types
//! exactly, `JET_errInvalidBufferSize` otherwise); NULL is refused at once for a NOT NULL
//! column; an over-long value is cut with `JET_wrnColumnMaxTruncated` in a variable
//! column and refused with `JET_errColumnTooBig` in a tagged or long one; a retrieve into
//! a short buffer fills it and says `JET_wrnBufferTruncated` with the full size.

use crate::consts::*;
use crate::cursor::{self, CursorState};
use crate::registry::err;
use crate::{JetResult, JET_COLUMNID, JET_GRBIT, JET_SESID, JET_TABLEID};
use ese::catalog::column_flags;
use ese::db::{AutoIncrement, ColumnDef, Prep, Presence};
use ese::format::coltype::{encode_value, pad_fixed_text, ColumnType};
use ese::record::Cell;
use ese::{ErrorCode, LockKind, Record, Warning};
use std::collections::HashMap;

/// The facade's copy of a prepared update.
pub(crate) struct CopyBuffer {
    /// A replace (`JET_prepReplace`, `JET_prepReplaceNoLock`): the primary key must stay.
    replace: bool,
    /// The transaction level it was prepared at.
    pub(crate) level: u32,
    /// The record it started from (replace and copies).
    base: Option<Record>,
    /// The values of the columns set so far.
    changed: HashMap<JET_COLUMNID, Vec<Vec<u8>>>,
    /// The record an insert-copy replaces.
    original: Option<Vec<u8>>,
    /// A read-only copy (`JET_prepReadOnlyCopy`): every retrieve reads it, nothing sets
    /// it, `JetUpdate` refuses it.
    read_only: bool,
    /// `JET_prepInsertMustSetAutoIncrement`: the caller sets the autoincrement column.
    must_set_autoinc: bool,
}

/// The grbit a retrieve acts on: while a read-only copy is prepared every retrieve
/// reads it, and the index grbits are ignored (as ESE's `fCBSTATInsertReadOnlyCopy`).
fn effective_retrieve_grbit(st: &CursorState, grbit: JET_GRBIT) -> JET_GRBIT {
    match &st.update {
        Some(up) if up.read_only => {
            (grbit | JET_bitRetrieveCopy)
                & !(JET_bitRetrieveFromIndex | JET_bitRetrieveFromPrimaryBookmark)
        }
        _ => grbit,
    }
}

/// The values of column `col` in `rec`, as bytes: as stored (see
/// [`Record::stored_values`]).
pub(crate) fn values_of(rec: &Record, col: &ColumnDef) -> JetResult<Vec<Vec<u8>>> {
    rec.stored_values(col)
}

fn column(st: &CursorState, columnid: JET_COLUMNID) -> JetResult<ColumnDef> {
    // ESE's FCOLUMNIDValid: a field id, with the template bit for a template table's column.
    let fid = columnid & !ese::format::record::COLUMNID_TEMPLATE;
    if fid == 0 || fid > 0xFFFF {
        return Err(err(
            ErrorCode::BadColumnId,
            format!("{columnid} is not a column id"),
        ));
    }
    st.c.table()
        .def()
        .column_by_id(columnid)
        .cloned()
        .ok_or_else(|| {
            err(
                ErrorCode::ColumnNotFound,
                format!("table {} has no column {columnid}", st.c.table().name()),
            )
        })
}

impl CopyBuffer {
    /// The values column `col` has in the update now.
    fn values(&self, col: &ColumnDef) -> JetResult<Vec<Vec<u8>>> {
        if let Some(v) = self.changed.get(&col.id) {
            return Ok(v.clone());
        }
        match &self.base {
            Some(rec) => values_of(rec, col),
            None => Ok(col.default_value.clone().into_iter().collect()),
        }
    }

    /// How the update holds column `col` now: a column set to NULL over a default
    /// holds NULL (the update stores it so), one set to NULL without one is left out.
    fn presence(&self, col: &ColumnDef) -> JetResult<Presence> {
        if let Some(v) = self.changed.get(&col.id) {
            return Ok(match (v.is_empty(), col.has_default()) {
                (false, _) => Presence::Set,
                (true, true) => Presence::Null,
                (true, false) => Presence::NotInRecord,
            });
        }
        match &self.base {
            Some(rec) => Ok(rec.presence(col)?),
            None => Ok(Presence::NotInRecord),
        }
    }
}

/// What a retrieve reads: the prepared update (`JET_bitRetrieveCopy`) or the current
/// record.
enum Source<'a> {
    Copy(&'a CopyBuffer),
    Record(Record),
}

impl Source<'_> {
    /// The source `grbit` names for the cursor in `st`: the copy buffer when asked for
    /// and an update is prepared, else the current record (`JET_errNoCurrentRecord`,
    /// `JET_errRecordDeleted` without one).
    fn of(st: &mut CursorState, grbit: JET_GRBIT) -> JetResult<Source<'_>> {
        if grbit & JET_bitRetrieveCopy == 0 || st.update.is_none() {
            st.current()?;
            return Ok(Source::Record(st.c.record()?));
        }
        match &st.update {
            Some(up) => Ok(Source::Copy(up)),
            None => Err(err(ErrorCode::UpdateNotPrepared, "no update is prepared")),
        }
    }

    /// The values of `col` a retrieve with `grbit` sees: with
    /// `JET_bitRetrieveIgnoreDefault` a tagged column the source leaves to its default
    /// has none (as in ESE, where fixed and variable columns give their default
    /// whatever the grbit).
    fn values(&self, col: &ColumnDef, grbit: JET_GRBIT) -> JetResult<Vec<Vec<u8>>> {
        if grbit & JET_bitRetrieveIgnoreDefault != 0
            && col.is_tagged()
            && self.presence(col)? == Presence::NotInRecord
        {
            return Ok(Vec::new());
        }
        match self {
            Source::Copy(up) => up.values(col),
            Source::Record(rec) => values_of(rec, col),
        }
    }

    fn presence(&self, col: &ColumnDef) -> JetResult<Presence> {
        match self {
            Source::Copy(up) => up.presence(col),
            Source::Record(rec) => Ok(rec.presence(col)?),
        }
    }
}

/// One step of the tagged-column walk: the column and the value, `None` for a column
/// set to NULL over its default.
pub(crate) type Walked = (JET_COLUMNID, Option<Vec<u8>>);

/// The values `JetRetrieveColumn` with column 0 walks, in ESE's order
/// (`TAGFIELDS::ErrScan`): the table's tagged columns in record order (by id; a derived
/// table's template columns first), each value of a
/// multi-valued column in turn; a column the record leaves to its default counts once
/// with the default (not with `JET_bitRetrieveIgnoreDefault`); a column set to NULL
/// over its default counts only with `JET_bitRetrieveNull`. Errors: those of a
/// retrieve, and `JET_errBadColumnId` with `JET_bitRetrieveFromIndex` or
/// `JET_bitRetrieveFromPrimaryBookmark` (column 0 is in no index).
fn tagged_walk(st: &mut CursorState, grbit: JET_GRBIT) -> JetResult<Vec<Walked>> {
    check_retrieve_grbit(grbit)?;
    let grbit = effective_retrieve_grbit(st, grbit);
    if grbit & (JET_bitRetrieveFromIndex | JET_bitRetrieveFromPrimaryBookmark) != 0 {
        return Err(err(
            ErrorCode::BadColumnId,
            "column 0 cannot be retrieved from an index",
        ));
    }
    let def = st.c.table().def().clone();
    let mut tagged: Vec<&ColumnDef> = def.columns.iter().filter(|c| c.is_tagged()).collect();
    // In record order: a derived table's template columns first.
    tagged.sort_by_key(|c| def.tagged_order(c));
    let src = Source::of(st, grbit)?;
    let mut out = Vec::new();
    for col in tagged {
        match src.presence(col)? {
            Presence::Null => {
                if grbit & JET_bitRetrieveNull != 0 {
                    out.push((col.id, None));
                }
            }
            Presence::NotInRecord | Presence::Set => {
                for v in src.values(col, grbit)? {
                    out.push((col.id, Some(v)));
                }
            }
        }
    }
    Ok(out)
}

/// Delivers step `itag` (1 the first) of a tagged-column walk into `buf`: (full size,
/// warning, the step's column or 0 past the last step). A column set to NULL gives
/// `JET_wrnColumnSetNull`, a step past the last `JET_wrnColumnNull`.
pub(crate) fn deliver_walked(
    walk: &[Walked],
    itag: u32,
    ib: u32,
    buf: &mut [u8],
) -> (usize, Option<Warning>, JET_COLUMNID) {
    match walk.get(itag.max(1) as usize - 1) {
        None => (0, Some(Warning::ColumnNull), 0),
        Some((id, None)) => (0, Some(Warning::ColumnSetNull), *id),
        Some((id, Some(v))) => {
            let (n, w) = deliver(std::slice::from_ref(v), 1, ib, buf);
            (n, w, *id)
        }
    }
}

/// Applies `JetSetColumn`'s itagSequence rules to a value list (as the engine does).
pub(crate) fn apply(cells: &mut Vec<Vec<u8>>, value: Option<Vec<u8>>, itag: u32, multi: bool) {
    match (value, itag) {
        (Some(v), 0) if multi => cells.push(v),
        (Some(v), 0 | 1) => {
            if cells.is_empty() {
                cells.push(v);
            } else {
                cells[0] = v;
            }
        }
        (Some(v), n) => {
            let i = n as usize - 1;
            if i < cells.len() {
                cells[i] = v;
            } else {
                cells.push(v);
            }
        }
        (None, 0 | 1) if !multi => cells.clear(),
        (None, n) => {
            let i = n.max(1) as usize - 1;
            if i < cells.len() {
                cells.remove(i);
            }
        }
    }
}

/// `JetPrepareUpdate(sesid, tableid, prep)`: `JET_prepInsert`, `JET_prepReplace`,
/// `JET_prepReplaceNoLock` (inside a transaction it locks like Replace),
/// `JET_prepInsertCopy`, `JET_prepInsertCopyDeleteOriginal`,
/// `JET_prepInsertCopyReplaceOriginal` (both delete the original and insert the copy in
/// one transaction at `JetUpdate`), `JET_prepInsertMustSetAutoIncrement` (the caller sets
/// the autoincrement column; the other inserts and copies but the last take the table's
/// next value now, readable with `JET_bitRetrieveCopy`), `JET_prepReadOnlyCopy` (inside a transaction, also on
/// a read-only cursor: the current record copied; until `JET_prepCancel` or a rollback
/// below it every retrieve reads the copy, ignoring the index grbits, while
/// `JetSetColumn` and `JetUpdate` are `JET_errUpdateNotPrepared`, as in ESE),
/// `JET_prepCancel`. Errors: `JET_errAlreadyPrepared`,
/// `JET_errUpdateNotPrepared` (cancel without one), `JET_errNoCurrentRecord`,
/// `JET_errPermissionDenied` on a read-only cursor, `JET_errWriteConflict`,
/// `JET_errNotInTransaction` for `JET_prepReadOnlyCopy` outside a transaction,
/// `JET_errIllegalOperation` for `JET_prepInsertMustSetAutoIncrement` on a table without
/// an autoincrement column (or whose column has a default), `JET_errInvalidParameter`
/// for an unknown prep.
pub fn jet_prepare_update(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    prep: u32,
) -> JetResult<Option<Warning>> {
    let c = cursor::get(sesid, tableid)?;
    let level = c.session.session.transaction_level();
    if let Some(r) = crate::temp::with(&c, |t| t.prepare_update(prep, level)) {
        return r;
    }
    let mut st = c.lock()?;
    let engine_prep = match prep {
        JET_prepCancel => {
            if st.update.is_none() {
                return Err(err(ErrorCode::UpdateNotPrepared, "no update is prepared"));
            }
            st.cancel_update();
            return Ok(None);
        }
        JET_prepInsert => Prep::Insert,
        JET_prepReplace | JET_prepReplaceNoLock => Prep::Replace,
        JET_prepInsertCopy
        | JET_prepInsertCopyDeleteOriginal
        | JET_prepInsertCopyReplaceOriginal => Prep::InsertCopy,
        JET_prepReadOnlyCopy => {
            if st.update.is_some() {
                return Err(err(
                    ErrorCode::AlreadyPrepared,
                    "an update is already prepared",
                ));
            }
            let level = c.session.session.transaction_level();
            if level == 0 {
                return Err(err(
                    ErrorCode::NotInTransaction,
                    "JET_prepReadOnlyCopy needs a transaction",
                ));
            }
            st.current()?;
            let base = Some(st.c.record()?);
            st.update = Some(CopyBuffer {
                replace: false,
                level,
                base,
                changed: HashMap::new(),
                original: None,
                read_only: true,
                must_set_autoinc: false,
            });
            return Ok(None);
        }
        JET_prepInsertMustSetAutoIncrement => Prep::Insert,
        _ => {
            return Err(err(
                ErrorCode::InvalidParameter,
                format!("{prep} is not a JET_prep value"),
            ))
        }
    };
    if c.read_only {
        return Err(err(
            ErrorCode::PermissionDenied,
            "the cursor or database is read-only",
        ));
    }
    if st.update.is_some() {
        return Err(err(
            ErrorCode::AlreadyPrepared,
            "an update is already prepared",
        ));
    }
    let base = if engine_prep == Prep::Insert {
        None
    } else {
        st.current()?;
        Some(st.c.record()?)
    };
    let autoinc = match prep {
        JET_prepInsertMustSetAutoIncrement => AutoIncrement::MustSet,
        JET_prepInsertCopyReplaceOriginal => AutoIncrement::Keep,
        _ => AutoIncrement::Take,
    };
    let taken = st.c.prepare_update_with(engine_prep, autoinc)?;
    // The value taken is in the copy buffer at once, as in ESE.
    let prepared = (|| {
        let mut changed = HashMap::new();
        let def = st.c.table().def();
        let col = def
            .columns
            .iter()
            .find(|c| c.flags & column_flags::AUTOINCREMENT != 0);
        if let (Some(_), Some(col)) = (taken, col) {
            let cells = st.c.prepared_value(col.id).map_or(&[][..], |v| v.cells());
            let bytes = cells
                .iter()
                .map(|c| match c {
                    Cell::Raw(b) => Ok(b.clone()),
                    Cell::Value(v) => encode_value(v, col.coltype, col.code_page),
                })
                .collect::<Result<Vec<_>, _>>()?;
            changed.insert(col.id, bytes);
        }
        let original = match prep {
            JET_prepInsertCopyDeleteOriginal | JET_prepInsertCopyReplaceOriginal => {
                Some(st.c.bookmark()?)
            }
            _ => None,
        };
        Ok::<_, ese::Error>((changed, original))
    })();
    let (changed, original) = match prepared {
        Ok(p) => p,
        Err(e) => {
            st.c.cancel_update();
            return Err(e);
        }
    };
    st.update = Some(CopyBuffer {
        replace: engine_prep == Prep::Replace,
        level: c.session.session.transaction_level(),
        base,
        changed,
        original,
        read_only: false,
        must_set_autoinc: autoinc == AutoIncrement::MustSet,
    });
    Ok(None)
}

/// `JET_SETINFO`: where `JetSetColumn` writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JET_SETINFO {
    /// Offset in a long value (`JET_bitSetOverwriteLV`).
    pub ibLongValue: u32,
    /// Which value of a multi-valued column (0 appends, 1 the first).
    pub itagSequence: u32,
}

/// One entry of `JetSetColumns` (`JET_SETCOLUMN`).
#[derive(Debug, Default)]
pub struct JET_SETCOLUMN<'a> {
    /// The column.
    pub columnid: JET_COLUMNID,
    /// The value (`None`: NULL).
    pub pvData: Option<&'a [u8]>,
    /// `JET_bitSet*`.
    pub grbit: JET_GRBIT,
    /// Offset in a long value.
    pub ibLongValue: u32,
    /// Which value of a multi-valued column.
    pub itagSequence: u32,
    /// Set by the call: this entry's result.
    pub err: i32,
}

pub(crate) const SET_GRBITS: JET_GRBIT = JET_bitSetAppendLV
    | JET_bitSetOverwriteLV
    | JET_bitSetSizeLV
    | JET_bitSetZeroLength
    | JET_bitSetSeparateLV
    | JET_bitSetUniqueMultiValues
    | JET_bitSetUniqueNormalizedMultiValues
    | JET_bitSetRevertToDefaultValue
    | JET_bitSetIntrinsicLV
    | JET_bitSetUncompressed
    | JET_bitSetCompressed;

/// `JetSetColumn(sesid, tableid, columnid, pvData, cbData, grbit, psetinfo)`: sets a value
/// in the prepared update. `None` (or empty without `JET_bitSetZeroLength`) is NULL,
/// which removes that value of a multi-valued column. `JET_bitSetAppendLV`,
/// `JET_bitSetOverwriteLV` (at `ibLongValue`) and `JET_bitSetSizeLV` (the length of
/// `data` is the new size) edit the value being built; `JET_bitSetRevertToDefaultValue`
/// goes back to the default; `JET_bitSetUniqueMultiValues` refuses a duplicate
/// (`JET_errMultiValuedDuplicate`); the storage hints are accepted. Fixed columns take
/// exactly their width (`JET_errInvalidBufferSize`; fixed Text/Binary shorter values are
/// padded); variable Text/Binary longer than cbMax are cut (`JET_wrnColumnMaxTruncated`);
/// tagged and long ones refuse it (`JET_errColumnTooBig`). Errors also:
/// `JET_errUpdateNotPrepared`, `JET_errNullInvalid`, `JET_errColumnNotFound`,
/// `JET_errBadColumnId`, `JET_errColumnNoChunk` (offset past the end),
/// `JET_errInvalidColumnType` for the autoincrement column (and the version column of a
/// replace), which the engine sets, `JET_errInvalidGrbit`.
pub fn jet_set_column(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    columnid: JET_COLUMNID,
    data: Option<&[u8]>,
    grbit: JET_GRBIT,
    setinfo: Option<&JET_SETINFO>,
) -> JetResult<Option<Warning>> {
    let c = cursor::get(sesid, tableid)?;
    let info = setinfo.copied().unwrap_or(JET_SETINFO {
        ibLongValue: 0,
        itagSequence: 1,
    });
    if let Some(r) = crate::temp::with(&c, |t| t.set_column(columnid, data, grbit, info)) {
        return r;
    }
    let mut st = c.lock()?;
    set_one(&mut st, columnid, data, grbit, info)
}

/// `JetSetColumns(sesid, tableid, psetcolumn, csetcolumn)`: [`jet_set_column`] for each
/// entry, recording each result in its `err`; stops at the first error and returns it,
/// else the last warning.
pub fn jet_set_columns(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    cols: &mut [JET_SETCOLUMN<'_>],
) -> JetResult<Option<Warning>> {
    let c = cursor::get(sesid, tableid)?;
    let temp = c.temp();
    let mut st = match temp {
        Some(_) => None,
        None => Some(c.lock()?),
    };
    let mut warning = None;
    for col in cols.iter_mut() {
        let info = JET_SETINFO {
            ibLongValue: col.ibLongValue,
            itagSequence: col.itagSequence,
        };
        let r = match (&mut st, temp) {
            (Some(st), _) => set_one(st, col.columnid, col.pvData, col.grbit, info),
            (None, Some(t)) => t
                .lock()
                .set_column(col.columnid, col.pvData, col.grbit, info),
            (None, None) => Err(err(ErrorCode::InvalidTableId, "the cursor has no table")),
        };
        match r {
            Ok(w) => {
                col.err = w.map_or(0, Warning::value);
                warning = w.or(warning);
            }
            Err(e) => {
                col.err = e.code().value();
                return Err(e);
            }
        }
    }
    Ok(warning)
}

fn set_one(
    st: &mut CursorState,
    columnid: JET_COLUMNID,
    data: Option<&[u8]>,
    grbit: JET_GRBIT,
    info: JET_SETINFO,
) -> JetResult<Option<Warning>> {
    if grbit & !SET_GRBITS != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetSetColumn grbit {grbit:#x}"),
        ));
    }
    let col = column(st, columnid)?;
    let multi = col.is_tagged() && col.is_multi_valued();
    let Some(up) = st.update.as_ref().filter(|u| !u.read_only) else {
        return Err(err(
            ErrorCode::UpdateNotPrepared,
            "no update is prepared (a read-only copy is not set)",
        ));
    };
    // ESE sets these itself: the autoincrement value (unless the caller must), and the
    // version on a replace.
    if (col.flags & column_flags::AUTOINCREMENT != 0 && !up.must_set_autoinc)
        || (up.replace && col.flags & column_flags::VERSION != 0)
    {
        return Err(err(
            ErrorCode::InvalidColumnType,
            format!("column {} is set by the engine", col.name),
        ));
    }
    let itag = info.itagSequence;
    let existing = up.values(&col)?;
    let mut value = set_value(
        grbit,
        &existing,
        itag,
        data.unwrap_or(&[]),
        info.ibLongValue,
        col.default_value.as_deref(),
    )?;
    let mut warning = None;
    if let Some(v) = value.as_mut() {
        warning = fit(&col, v)?;
        check_unique(grbit, &existing, itag, v)?;
    } else if col.flags & column_flags::NOT_NULL != 0 {
        return Err(err(
            ErrorCode::NullInvalid,
            format!("column {} cannot be NULL", col.name),
        ));
    }
    st.c.set_column(columnid, value.clone().map(Cell::Raw), itag)?;
    let mut cells = existing;
    apply(&mut cells, value, itag, multi);
    if let Some(up) = st.update.as_mut() {
        up.changed.insert(columnid, cells);
    }
    Ok(warning)
}

/// The value `JetSetColumn` with `grbit` and `bytes` leaves as value `itag` of a column
/// whose values are `existing` and whose default is `default` (see [`jet_set_column`]):
/// the default, the value resized, appended to or overwritten at `ib`
/// (`JET_errColumnNoChunk` past its end), NULL for no bytes without
/// `JET_bitSetZeroLength`, else the bytes.
pub(crate) fn set_value(
    grbit: JET_GRBIT,
    existing: &[Vec<u8>],
    itag: u32,
    bytes: &[u8],
    ib: u32,
    default: Option<&[u8]>,
) -> JetResult<Option<Vec<u8>>> {
    let current = || {
        existing
            .get(itag.max(1) as usize - 1)
            .cloned()
            .unwrap_or_default()
    };
    Ok(if grbit & JET_bitSetRevertToDefaultValue != 0 {
        default.map(<[u8]>::to_vec)
    } else if grbit & JET_bitSetSizeLV != 0 {
        let mut v = current();
        v.resize(bytes.len(), 0);
        Some(v)
    } else if grbit & JET_bitSetAppendLV != 0 {
        let mut v = current();
        v.extend_from_slice(bytes);
        Some(v)
    } else if grbit & JET_bitSetOverwriteLV != 0 {
        let mut v = current();
        let ib = ib as usize;
        if ib > v.len() {
            return Err(err(
                ErrorCode::ColumnNoChunk,
                "the offset is past the end of the value",
            ));
        }
        let end = ib + bytes.len();
        if end > v.len() {
            v.resize(end, 0);
        }
        v[ib..end].copy_from_slice(bytes);
        Some(v)
    } else if bytes.is_empty() && grbit & JET_bitSetZeroLength == 0 {
        None
    } else {
        Some(bytes.to_vec())
    })
}

/// `JET_bitSetUniqueMultiValues` (or its normalized form) in `grbit`:
/// `JET_errMultiValuedDuplicate` when `v` is among `existing` other than the value
/// `itag` it replaces.
pub(crate) fn check_unique(
    grbit: JET_GRBIT,
    existing: &[Vec<u8>],
    itag: u32,
    v: &[u8],
) -> JetResult<()> {
    let at = itag.max(1) as usize - 1;
    if grbit & (JET_bitSetUniqueMultiValues | JET_bitSetUniqueNormalizedMultiValues) != 0
        && existing
            .iter()
            .enumerate()
            .any(|(i, e)| e == v && (itag == 0 || i != at))
    {
        return Err(err(
            ErrorCode::MultiValuedDuplicate,
            "the column already has this value",
        ));
    }
    Ok(())
}

/// Checks and shapes a value for column `col` (see [`jet_set_column`]).
fn fit(col: &ColumnDef, v: &mut Vec<u8>) -> JetResult<Option<Warning>> {
    let t = col.coltype;
    if let Some(n) = t.fixed_size() {
        if v.len() != n {
            return Err(err(
                ErrorCode::InvalidBufferSize,
                format!(
                    "column {} ({}) takes {n} bytes, {} given",
                    col.name,
                    t.name(),
                    v.len()
                ),
            ));
        }
        return Ok(None);
    }
    let limit = if col.max_length == 0 {
        None
    } else {
        Some(col.max_length as usize)
    };
    match t {
        ColumnType::Text | ColumnType::Binary => {
            let max = limit.unwrap_or(255).min(255);
            if col.is_fixed() {
                if v.len() > max {
                    return Err(err(
                        ErrorCode::InvalidBufferSize,
                        format!("fixed column {} holds {max} bytes", col.name),
                    ));
                }
                if t == ColumnType::Text {
                    *v = pad_fixed_text(v, max, col.code_page);
                } else {
                    v.resize(max, 0);
                }
                Ok(None)
            } else if v.len() > max {
                if col.is_tagged() {
                    return Err(err(
                        ErrorCode::ColumnTooBig,
                        format!("column {} holds at most {max} bytes", col.name),
                    ));
                }
                v.truncate(max);
                Ok(Some(Warning::ColumnMaxTruncated))
            } else {
                Ok(None)
            }
        }
        _ => match limit {
            Some(max) if v.len() > max => Err(err(
                ErrorCode::ColumnTooBig,
                format!("column {} holds at most {max} bytes", col.name),
            )),
            _ => Ok(None),
        },
    }
}

/// `JET_RETINFO`: which value `JetRetrieveColumn` reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JET_RETINFO {
    /// Offset in a long value.
    pub ibLongValue: u32,
    /// Which value of a multi-valued column (1 the first).
    pub itagSequence: u32,
    /// Set by the call: the column a retrieve of column 0 (the tagged-column walk)
    /// found, 0 past the last; for any other column that column, as in ESE.
    pub columnidNextTagged: JET_COLUMNID,
}

/// One entry of `JetRetrieveColumns` (`JET_RETRIEVECOLUMN`).
#[derive(Debug, Default)]
pub struct JET_RETRIEVECOLUMN<'a> {
    /// The column.
    pub columnid: JET_COLUMNID,
    /// The caller's buffer (`pvData`, `cbData`).
    pub pvData: &'a mut [u8],
    /// Set by the call: the value's full size.
    pub cbActual: usize,
    /// `JET_bitRetrieve*`.
    pub grbit: JET_GRBIT,
    /// Offset in a long value.
    pub ibLongValue: u32,
    /// Which value (1 the first); 0 asks for the number of values, returned here.
    pub itagSequence: u32,
    /// Set by the call: as [`JET_RETINFO::columnidNextTagged`]; 0 after counting the
    /// walk's values (column 0, `itagSequence` 0).
    pub columnidNextTagged: JET_COLUMNID,
    /// Set by the call: this entry's result (0, a warning or an error).
    pub err: i32,
}

const RETRIEVE_GRBITS: JET_GRBIT = JET_bitRetrieveCopy
    | JET_bitRetrieveFromIndex
    | JET_bitRetrieveFromPrimaryBookmark
    | JET_bitRetrieveTag
    | JET_bitRetrieveNull
    | JET_bitRetrieveIgnoreDefault
    | JET_bitRetrieveLongId
    | JET_bitRetrieveTuple
    | JET_bitRetrievePageNumber
    | JET_bitRetrievePhysicalSize;

/// With `JET_bitRetrieveFromIndex` (not answered from the prepared update): the value of
/// `columnid` the cursor's index entry was made from, whatever `itagSequence` asks (as ESE's
/// `ErrRECIRetrieveFromIndex` gives the entry's own value), which `JET_bitRetrieveTag`
/// returns in `itagSequence`; `None` otherwise.
fn from_index_itag(
    st: &CursorState,
    columnid: JET_COLUMNID,
    grbit: JET_GRBIT,
) -> JetResult<Option<u32>> {
    let grbit = effective_retrieve_grbit(st, grbit);
    let from_copy = grbit & JET_bitRetrieveCopy != 0 && st.update.is_some();
    if grbit & JET_bitRetrieveFromIndex == 0 || from_copy || columnid == 0 {
        return Ok(None);
    }
    Ok(Some(st.c.entry_itag(columnid)?))
}

/// The grbits that ask how a value is kept rather than for the value (see
/// [`retrieve_storage`]).
const RETRIEVE_STORAGE: JET_GRBIT =
    JET_bitRetrievePageNumber | JET_bitRetrievePhysicalSize | JET_bitRetrieveLongId;

/// Whether `grbit` (of known bits only) is answered by [`retrieve_storage`].
fn asks_storage(grbit: JET_GRBIT) -> bool {
    grbit & RETRIEVE_STORAGE != 0 && grbit & !RETRIEVE_GRBITS == 0
}

/// `JetRetrieveColumn` with `JET_bitRetrievePageNumber`, `JET_bitRetrievePhysicalSize` or
/// `JET_bitRetrieveLongId`, as ESE's `ErrRECRetrieveColumn` answers them: (cbActual,
/// warning).
///
/// * `JET_bitRetrievePageNumber` (alone, else `JET_errInvalidGrbit`): the page of the
///   current index's tree holding the cursor's entry, 4 bytes (`JET_errBufferTooSmall`
///   for less room); any column id.
/// * `JET_bitRetrievePhysicalSize` (with `JET_bitRetrieveCopy` at most, else
///   `JET_errInvalidGrbit`; no buffer and no `ibLongValue`, else
///   `JET_errInvalidParameter`): the bytes the value takes as stored, in cbActual only: a
///   compressed value's compressed size, a separated long value's chunks as they are
///   stored; a value the prepared update changed counts its own length.
/// * `JET_bitRetrieveLongId` (with `JET_bitRetrieveCopy` at most): a separated long
///   value's id with `JET_wrnSeparateLongValue`, 8 bytes with room for 8, else 4 for a
///   32-bit id (`JET_errInvalidBufferSize` with less room); any other value is
///   `JET_wrnColumnNull` with cbActual 0.
///
/// Temporary tables: `JET_errInvalidTableId` for the page number (ESE's sorts), the other
/// two `JET_errFeatureNotAvailable`; so is column 0 (the tagged-column walk) for the other
/// two.
fn retrieve_storage(
    st: Option<&mut CursorState>,
    columnid: JET_COLUMNID,
    buf: &mut [u8],
    grbit: JET_GRBIT,
    ib: u32,
    itag: u32,
) -> JetResult<(usize, Option<Warning>)> {
    if grbit & JET_bitRetrievePageNumber != 0 {
        if grbit != JET_bitRetrievePageNumber {
            return Err(err(
                ErrorCode::InvalidGrbit,
                "JET_bitRetrievePageNumber takes no other bit",
            ));
        }
        let Some(st) = st else {
            return Err(err(
                ErrorCode::InvalidTableId,
                "a temporary table has no page numbers",
            ));
        };
        st.current()?;
        if buf.len() < 4 {
            return Err(err(
                ErrorCode::BufferTooSmall,
                "a page number takes 4 bytes",
            ));
        }
        let pgno = st.c.current_page()?;
        buf[..4].copy_from_slice(&pgno.to_le_bytes());
        return Ok((4, None));
    }
    if grbit & !(RETRIEVE_STORAGE | JET_bitRetrieveCopy) != 0
        || grbit & RETRIEVE_STORAGE == RETRIEVE_STORAGE & !JET_bitRetrievePageNumber
    {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("retrieve grbit {grbit:#x}: the stored form is asked with at most JET_bitRetrieveCopy"),
        ));
    }
    let physical = grbit & JET_bitRetrievePhysicalSize != 0;
    if physical && (!buf.is_empty() || ib != 0) {
        return Err(err(
            ErrorCode::InvalidParameter,
            "JET_bitRetrievePhysicalSize returns a size only: no buffer, no ibLongValue",
        ));
    }
    let Some(st) = st else {
        return Err(err(
            ErrorCode::FeatureNotAvailable,
            "a temporary table reads whole values only",
        ));
    };
    if columnid == 0 {
        return Err(err(
            ErrorCode::FeatureNotAvailable,
            "the stored form of the tagged-column walk's values",
        ));
    }
    let col = column(st, columnid)?;
    let copy = grbit & JET_bitRetrieveCopy != 0;
    let storage = match &st.update {
        Some(up) if copy => match up.changed.get(&col.id) {
            Some(values) => {
                // Values the update set are held whole until it is written.
                return Ok(match values.get(itag.max(1) as usize - 1) {
                    Some(v) if physical => (v.len(), None),
                    _ => (0, Some(Warning::ColumnNull)),
                });
            }
            None => match &up.base {
                Some(rec) => rec.value_storage(&col, itag)?,
                None => ese::db::ValueStorage::of_default(&col, itag),
            },
        },
        _ => {
            st.current()?;
            st.c.record()?.value_storage(&col, itag)?
        }
    };
    use ese::db::ValueStorage as S;
    if physical {
        let n = match storage {
            None => return Ok((0, Some(Warning::ColumnNull))),
            Some(
                S::InRecord { physical } | S::Separated { physical, .. } | S::Default { physical },
            ) => physical,
        };
        return Ok((usize::try_from(n).unwrap_or(usize::MAX), None));
    }
    let Some(S::Separated { lid, .. }) = storage else {
        return Ok((0, Some(Warning::ColumnNull)));
    };
    let n = if buf.len() >= 8 {
        8
    } else if !lid.is_lid64() && buf.len() >= 4 {
        4
    } else {
        return Err(err(
            ErrorCode::InvalidBufferSize,
            format!(
                "a long-value id takes {} bytes",
                if lid.is_lid64() { 8 } else { 4 }
            ),
        ));
    };
    buf[..n].copy_from_slice(&lid.value().to_le_bytes()[..n]);
    Ok((n, Some(Warning::SeparateLongValue)))
}

/// `JET_errInvalidGrbit` for a grbit no retrieve knows, `JET_errFeatureNotAvailable`
/// for one this engine does not serve.
fn check_retrieve_grbit(grbit: JET_GRBIT) -> JetResult<()> {
    if grbit & !RETRIEVE_GRBITS != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetRetrieveColumn grbit {grbit:#x}"),
        ));
    }
    if grbit & JET_bitRetrieveTuple != 0 && grbit & JET_bitRetrieveFromIndex == 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            "JET_bitRetrieveTuple reads an index entry: it needs JET_bitRetrieveFromIndex",
        ));
    }
    if grbit & RETRIEVE_STORAGE != 0 {
        // Answered by `retrieve_storage` where a single column's value is asked.
        return Err(err(
            ErrorCode::FeatureNotAvailable,
            format!("retrieve grbit {grbit:#x} asks how a value is kept, not for its values"),
        ));
    }
    Ok(())
}

/// `JET_bitRetrieveTuple`: the substring a tuple index's entry holds, read back from the
/// entry's key for a binary column (`ErrRECIRetrieveColumnFromKey`); `None` for text,
/// whose normalized key cannot be read back, and for a key that may have been cut (as
/// long as the index's longest key, or under a `cbVarSegMac` limit), as ESE then reads
/// the record.
fn tuple_from_key(
    st: &mut CursorState,
    ix: &ese::catalog::IndexDef,
    col: &ColumnDef,
) -> JetResult<Option<Vec<u8>>> {
    if col.coltype.is_text() {
        return Ok(None);
    }
    let key_most = ix.key_most_bytes();
    let seg_mac = ix.var_seg_mac as usize;
    if seg_mac != 0 && seg_mac < key_most {
        return Ok(None);
    }
    st.current()?;
    let key = st.entry_key()?;
    if key.len() >= key_most {
        return Ok(None);
    }
    let descending = ix.segments.first().is_some_and(|s| s.descending);
    let fixed = col.is_fixed().then_some(col.max_length as usize);
    Ok(ese::format::key::binary_first_segment(
        &key, descending, fixed,
    ))
}

/// The values of `columnid` a retrieve with `grbit` sees.
fn retrieve_values(
    st: &mut CursorState,
    columnid: JET_COLUMNID,
    grbit: JET_GRBIT,
) -> JetResult<Vec<Vec<u8>>> {
    check_retrieve_grbit(grbit)?;
    let grbit = effective_retrieve_grbit(st, grbit);
    let col = column(st, columnid)?;
    if grbit & JET_bitRetrieveCopy != 0 {
        if let Some(up) = &st.update {
            return Source::Copy(up).values(&col, grbit);
        }
    }
    let index = if grbit & JET_bitRetrieveFromIndex != 0 {
        st.c.index_def().cloned()
    } else if grbit & JET_bitRetrieveFromPrimaryBookmark != 0 {
        st.c.table().def().primary_index().cloned()
    } else {
        None
    };
    let tuple_index = index.as_ref().filter(|ix| {
        ix.tuple_limits.is_some() && ix.segments.first().is_some_and(|s| s.column_id == columnid)
    });
    if let Some(ix) = tuple_index.filter(|_| grbit & JET_bitRetrieveFromIndex != 0) {
        // `ErrRECIRetrieveColumnFromKey`: the first column of a tuple index holds
        // substrings, not the value.
        if grbit & JET_bitRetrieveTuple == 0 {
            return Err(err(
                ErrorCode::IndexTuplesCannotRetrieveFromIndex,
                format!("column {columnid} is the substring column of a tuple index"),
            ));
        }
        if let Some(tuple) = tuple_from_key(st, ix, &col)? {
            return Ok(vec![tuple]);
        }
        // Text (whose key cannot be read back) and a key that may be cut: the record's
        // value, the one the entry was made from (`from_index_itag`), as ESE reads it.
    }
    if grbit & (JET_bitRetrieveFromIndex | JET_bitRetrieveFromPrimaryBookmark) != 0
        && !index.is_some_and(|ix| ix.segments.iter().any(|s| s.column_id == columnid))
    {
        return Err(err(
            ErrorCode::ColumnNotFound,
            format!("column {columnid} is not in the index"),
        ));
    }
    Source::of(st, grbit & !JET_bitRetrieveCopy)?.values(&col, grbit)
}

/// Copies value `itag` (from offset `ib`) into `buf`: (full size, warning).
pub(crate) fn deliver(
    values: &[Vec<u8>],
    itag: u32,
    ib: u32,
    buf: &mut [u8],
) -> (usize, Option<Warning>) {
    let Some(v) = values.get(itag.max(1) as usize - 1) else {
        return (0, Some(Warning::ColumnNull));
    };
    let v = v.get(ib as usize..).unwrap_or(&[]);
    let n = v.len().min(buf.len());
    buf[..n].copy_from_slice(&v[..n]);
    (
        v.len(),
        (v.len() > buf.len()).then_some(Warning::BufferTruncated),
    )
}

/// `JetRetrieveColumn(sesid, tableid, columnid, pvData, cbData, pcbActual, grbit,
/// pretinfo)`: copies value `itagSequence` (default 1) of the column into `buf` and
/// returns its full size. NULL (or a value past the last) gives 0 and
/// `JET_wrnColumnNull`; a short buffer is filled and gives `JET_wrnBufferTruncated`.
/// `JET_bitRetrieveCopy` reads the prepared update; `JET_bitRetrieveFromIndex` and
/// `JET_bitRetrieveFromPrimaryBookmark` read the record (the column must be in that
/// index). `JET_bitRetrieveIgnoreDefault` gives NULL for a tagged column the record
/// leaves to its default. Column 0 walks the record's tagged values (see
/// `tagged_walk`): `itagSequence` n gives the n-th, `columnidNextTagged` the column it
/// belongs to (0 past the last, with `JET_wrnColumnNull`). Errors:
/// `JET_errNoCurrentRecord`, `JET_errRecordDeleted`, `JET_errColumnNotFound`,
/// `JET_errBadColumnId`, `JET_errBadItagSequence` for column 0 with itag 0,
/// `JET_errInvalidGrbit` for `JET_bitRetrieveTuple` without `JET_bitRetrieveFromIndex` (with
/// it, a tuple index's substring: see `tuple_from_key`). From a multi-valued index the
/// value is the entry's own, and `JET_bitRetrieveTag` returns its `itagSequence` (see
/// `from_index_itag`); `JET_bitRetrievePhysicalSize`, `JET_bitRetrieveLongId` and
/// `JET_bitRetrievePageNumber` ask how the value is kept (see `retrieve_storage`).
pub fn jet_retrieve_column(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    columnid: JET_COLUMNID,
    buf: &mut [u8],
    grbit: JET_GRBIT,
    retinfo: Option<&mut JET_RETINFO>,
) -> JetResult<(usize, Option<Warning>)> {
    let c = cursor::get(sesid, tableid)?;
    let (ib, itag) = retinfo
        .as_ref()
        .map_or((0, 1), |r| (r.ibLongValue, r.itagSequence));
    if asks_storage(grbit) {
        let r = match c.temp() {
            Some(_) => retrieve_storage(None, columnid, buf, grbit, ib, itag)?,
            None => retrieve_storage(Some(&mut *c.lock()?), columnid, buf, grbit, ib, itag)?,
        };
        if let Some(r) = retinfo {
            r.columnidNextTagged = columnid;
        }
        return Ok(r);
    }
    if columnid == 0 {
        if itag == 0 {
            return Err(err(
                ErrorCode::BadItagSequence,
                "column 0 with itag 0: use JetRetrieveColumns",
            ));
        }
        let walk = match crate::temp::with(&c, |t| t.tagged_walk(grbit)) {
            Some(r) => r?,
            None => tagged_walk(&mut *c.lock()?, grbit)?,
        };
        let (n, w, id) = deliver_walked(&walk, itag, ib, buf);
        if let Some(r) = retinfo {
            r.columnidNextTagged = id;
        }
        return Ok((n, w));
    }
    let (values, entry_itag) = match crate::temp::with(&c, |t| t.values(columnid, grbit)) {
        Some(r) => (r?, None),
        None => {
            let mut st = c.lock()?;
            let values = retrieve_values(&mut st, columnid, grbit)?;
            (values, from_index_itag(&st, columnid, grbit)?)
        }
    };
    if let Some(r) = retinfo {
        r.columnidNextTagged = columnid;
        if let Some(t) = entry_itag.filter(|_| grbit & JET_bitRetrieveTag != 0) {
            r.itagSequence = t;
        }
    }
    Ok(deliver(&values, entry_itag.unwrap_or(itag), ib, buf))
}

/// `JetRetrieveColumns(sesid, tableid, pretrievecolumn, cretrievecolumn)`:
/// [`jet_retrieve_column`] for each entry, each result in its `err` and `cbActual`; an
/// entry with `itagSequence` 0 gets the number of values there instead (for column 0,
/// the number of steps of the tagged-column walk). Stops at the first error and returns
/// it, else the last warning.
pub fn jet_retrieve_columns(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    cols: &mut [JET_RETRIEVECOLUMN<'_>],
) -> JetResult<Option<Warning>> {
    let c = cursor::get(sesid, tableid)?;
    let temp = c.temp();
    let mut st = match temp {
        Some(_) => None,
        None => Some(c.lock()?),
    };
    let mut warning = None;
    for col in cols.iter_mut() {
        if asks_storage(col.grbit) {
            let r = retrieve_storage(
                st.as_deref_mut(),
                col.columnid,
                col.pvData,
                col.grbit,
                col.ibLongValue,
                col.itagSequence,
            );
            match r {
                Ok((n, w)) => {
                    col.cbActual = n;
                    col.columnidNextTagged = col.columnid;
                    col.err = w.map_or(0, Warning::value);
                    warning = w.or(warning);
                }
                Err(e) => {
                    col.err = e.code().value();
                    return Err(e);
                }
            }
            continue;
        }
        if col.columnid == 0 {
            let walk = match (&mut st, temp) {
                (Some(st), _) => tagged_walk(st, col.grbit),
                (None, Some(t)) => t.lock().tagged_walk(col.grbit),
                (None, None) => Err(err(ErrorCode::InvalidTableId, "the cursor has no table")),
            };
            let walk = match walk {
                Ok(w) => w,
                Err(e) => {
                    col.err = e.code().value();
                    return Err(e);
                }
            };
            if col.itagSequence == 0 {
                col.itagSequence = walk.len() as u32;
                col.cbActual = 0;
                col.columnidNextTagged = 0;
                col.err = 0;
                continue;
            }
            let (n, w, id) = deliver_walked(&walk, col.itagSequence, col.ibLongValue, col.pvData);
            col.cbActual = n;
            col.columnidNextTagged = id;
            col.err = w.map_or(0, Warning::value);
            warning = w.or(warning);
            continue;
        }
        let r = {
            match (&mut st, temp) {
                (Some(st), _) => retrieve_values(st, col.columnid, col.grbit)
                    .and_then(|v| Ok((v, from_index_itag(st, col.columnid, col.grbit)?))),
                (None, Some(t)) => t.lock().values(col.columnid, col.grbit).map(|v| (v, None)),
                (None, None) => Err(err(ErrorCode::InvalidTableId, "the cursor has no table")),
            }
        };
        let (values, entry_itag) = match r {
            Ok(v) => v,
            Err(e) => {
                col.err = e.code().value();
                return Err(e);
            }
        };
        col.columnidNextTagged = col.columnid;
        if col.itagSequence == 0 {
            col.itagSequence = values.len() as u32;
            col.cbActual = 0;
            col.err = 0;
            continue;
        }
        let itag = entry_itag.unwrap_or(col.itagSequence);
        if col.grbit & JET_bitRetrieveTag != 0 {
            col.itagSequence = itag;
        }
        let (n, w) = deliver(&values, itag, col.ibLongValue, col.pvData);
        col.cbActual = n;
        col.err = w.map_or(0, Warning::value);
        warning = w.or(warning);
    }
    Ok(warning)
}

/// `JetUpdate(sesid, tableid, pvBookmark, cbBookmark, pcbActual)`: [`jet_update2`] with
/// no grbit.
pub fn jet_update(sesid: JET_SESID, tableid: JET_TABLEID) -> JetResult<Vec<u8>> {
    jet_update2(sesid, tableid, 0)
}

/// `JetUpdate2(sesid, tableid, pvBookmark, cbBookmark, pcbActual, grbit)`: writes the
/// prepared update and returns the record's bookmark. After an insert the cursor stays
/// where it was; after a replace it stays on the record; an insert-copy that replaces its
/// original moves to the new record. Outside a transaction the change commits at once.
/// `JET_bitUpdateNoVersion` is accepted; with `JET_bitUpdateEnforceOptionallyUniqueIndices`
/// the update keeps optionally unique indexes (`JET_bitIndexOptionallyUnique`) unique
/// (`JET_errKeyDuplicate`; `JET_errWriteConflict` against another transaction's change of an
/// entry of the key). Errors: `JET_errUpdateNotPrepared`, `JET_errKeyDuplicate`,
/// `JET_errNullInvalid`, `JET_errRecordPrimaryChanged`, `JET_errWriteConflict`, the
/// engine's others; the update stays prepared after an error.
pub fn jet_update2(sesid: JET_SESID, tableid: JET_TABLEID, grbit: JET_GRBIT) -> JetResult<Vec<u8>> {
    let c = cursor::get(sesid, tableid)?;
    if let Some(r) = crate::temp::with(&c, |t| t.update()) {
        return r;
    }
    if grbit & !(JET_bitUpdateNoVersion | JET_bitUpdateEnforceOptionallyUniqueIndices) != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetUpdate2 grbit {grbit:#x}"),
        ));
    }
    let opts = ese::db::UpdateOptions {
        enforce_optionally_unique: grbit & JET_bitUpdateEnforceOptionallyUniqueIndices != 0,
    };
    // The Before* callback first, with no lock held (it may read the copy buffer).
    let (replace, moves_original) = if crate::callbacks::any() {
        match c.lock()?.update.as_ref() {
            Some(up) if !up.read_only => (Some(up.replace), up.original.is_some()),
            _ => (None, false),
        }
    } else {
        (None, false)
    };
    if moves_original {
        return update_moving_original(&c, sesid, tableid, opts);
    }
    if let Some(replace) = replace {
        let before = if replace {
            JET_cbtypBeforeReplace
        } else {
            JET_cbtypBeforeInsert
        };
        crate::callbacks::call(&c, sesid, tableid, before)?;
    }
    let bm = update_locked(&c, opts)?;
    if let Some(replace) = replace {
        let after = if replace {
            JET_cbtypAfterReplace
        } else {
            JET_cbtypAfterInsert
        };
        // As ESE, an After* callback's answer is not the call's.
        let _ = crate::callbacks::call(&c, sesid, tableid, after);
    }
    Ok(bm)
}

/// [`jet_update2`] once its grbit is checked and the Before* callback has run.
fn update_locked(c: &cursor::CursorEntry, opts: ese::db::UpdateOptions) -> JetResult<Vec<u8>> {
    let mut st = c.lock()?;
    let Some(up) = st.update.as_ref() else {
        return Err(err(ErrorCode::UpdateNotPrepared, "no update is prepared"));
    };
    if up.read_only {
        return Err(err(
            ErrorCode::UpdateNotPrepared,
            "a read-only copy is not written (JET_prepCancel ends it)",
        ));
    }
    if up.replace {
        check_primary_kept(&st, up)?;
    }
    let original = up.original.clone();
    let Some(original) = original else {
        let bm = st.c.update_with(opts)?;
        st.update = None;
        return Ok(bm);
    };
    // Delete the original and insert the copy as one transaction, in that order as ESE
    // does (`ErrRECIInsert`), so that the copy may keep the original's primary key.
    let s = &c.session.session;
    s.begin_transaction()?;
    let r = (|| {
        st.c.delete_bookmark(&original)?;
        let bm = st.c.update_with(opts)?;
        st.c.goto_bookmark(&bm)?;
        Ok::<_, ese::Error>(bm)
    })();
    match r {
        Ok(bm) => {
            s.commit_transaction()?;
            st.update = None;
            st.moved_to_record();
            Ok(bm)
        }
        Err(e) => {
            // The error that matters is the one that stopped the update.
            let _ = s.rollback();
            st.update = None;
            Err(e)
        }
    }
}

/// [`jet_update2`] of an insert-copy that deletes its original while callbacks are
/// registered, in ESE's order (`ErrRECIInsert`, which deletes through `ErrIsamDelete`): in
/// one transaction, `BeforeDelete` on the original, its delete, `AfterDelete`,
/// `BeforeInsert`, the insert; then `AfterInsert`. The callbacks run with no lock held; an
/// error of a `Before*` callback rolls the delete back and leaves the update prepared.
fn update_moving_original(
    c: &cursor::CursorEntry,
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    opts: ese::db::UpdateOptions,
) -> JetResult<Vec<u8>> {
    let s = &c.session.session;
    s.begin_transaction()?;
    let mut engine_failed = false;
    let r = (|| {
        crate::callbacks::call(c, sesid, tableid, JET_cbtypBeforeDelete)?;
        {
            let mut st = c.lock()?;
            let original = st.update.as_ref().and_then(|up| up.original.clone());
            let original = original
                .ok_or_else(|| err(ErrorCode::UpdateNotPrepared, "no update is prepared"))?;
            engine_failed = true;
            st.c.delete_bookmark(&original)?;
            engine_failed = false;
        }
        let _ = crate::callbacks::call(c, sesid, tableid, JET_cbtypAfterDelete);
        crate::callbacks::call(c, sesid, tableid, JET_cbtypBeforeInsert)?;
        let mut st = c.lock()?;
        engine_failed = true;
        let bm = st.c.update_with(opts)?;
        st.c.goto_bookmark(&bm)?;
        Ok::<_, ese::Error>(bm)
    })();
    match r {
        Ok(bm) => {
            s.commit_transaction()?;
            {
                let mut st = c.lock()?;
                st.update = None;
                st.moved_to_record();
            }
            let _ = crate::callbacks::call(c, sesid, tableid, JET_cbtypAfterInsert);
            Ok(bm)
        }
        Err(e) => {
            // The error that matters is the one that stopped the update.
            let _ = s.rollback();
            if engine_failed {
                c.lock()?.update = None;
            }
            Err(e)
        }
    }
}

/// `JET_errRecordPrimaryChanged` when a replace changed a primary key column.
fn check_primary_kept(st: &CursorState, up: &CopyBuffer) -> JetResult<()> {
    let (def, Some(base)) = (st.c.table().def(), &up.base) else {
        return Ok(());
    };
    let Some(pk) = def.primary_index() else {
        return Ok(());
    };
    for seg in &pk.segments {
        if !up.changed.contains_key(&seg.column_id) {
            continue;
        }
        let Some(col) = def.column_by_id(seg.column_id) else {
            continue;
        };
        if up.values(col)? != values_of(base, col)? {
            return Err(err(
                ErrorCode::RecordPrimaryChanged,
                format!("a replace cannot change primary key column {}", col.name),
            ));
        }
    }
    Ok(())
}

/// `JetDelete(sesid, tableid)`: deletes the current record; the cursor stays on its
/// place (reads give `JET_errRecordDeleted`, moves go to its neighbours). Outside a
/// transaction the delete commits at once. Errors: `JET_errNoCurrentRecord`,
/// `JET_errRecordDeleted`, `JET_errPermissionDenied`, `JET_errWriteConflict`.
pub fn jet_delete(sesid: JET_SESID, tableid: JET_TABLEID) -> JetResult<()> {
    let c = cursor::get(sesid, tableid)?;
    if let Some(r) = crate::temp::with(&c, |t| t.delete()) {
        return r;
    }
    if c.read_only {
        return Err(err(
            ErrorCode::PermissionDenied,
            "the cursor or database is read-only",
        ));
    }
    if crate::callbacks::any() {
        c.lock()?.current()?;
        crate::callbacks::call(&c, sesid, tableid, JET_cbtypBeforeDelete)?;
    }
    let mut st = c.lock()?;
    st.current()?;
    st.c.delete()?;
    st.on_deleted = true;
    drop(st);
    // As ESE, an AfterDelete callback's answer is not the call's.
    let _ = crate::callbacks::call(&c, sesid, tableid, JET_cbtypAfterDelete);
    Ok(())
}

/// `JetGetLock(sesid, tableid, grbit)`: `JET_bitReadLock` or `JET_bitWriteLock` on the
/// current record until the transaction ends. `JET_errNotInTransaction`,
/// `JET_errWriteConflict`, `JET_errPermissionDenied` (write lock, read-only cursor),
/// `JET_errInvalidGrbit`.
pub fn jet_get_lock(sesid: JET_SESID, tableid: JET_TABLEID, grbit: JET_GRBIT) -> JetResult<()> {
    let c = cursor::get(sesid, tableid)?;
    let kind = match grbit {
        JET_bitReadLock => LockKind::Read,
        JET_bitWriteLock => LockKind::Write,
        _ => {
            return Err(err(
                ErrorCode::InvalidGrbit,
                format!("JetGetLock grbit {grbit:#x}"),
            ))
        }
    };
    if kind == LockKind::Write && c.read_only {
        return Err(err(
            ErrorCode::PermissionDenied,
            "the cursor or database is read-only",
        ));
    }
    let mut st = c.lock()?;
    st.current()?;
    st.c.get_lock(kind)
}

/// `JetEscrowUpdate(sesid, tableid, columnid, pv, cbMax, pvOld, cbOldMax, pcbOldActual,
/// grbit)`: adds `delta` (4 bytes for a Long column, 8 for a LongLong one) to an escrow
/// column of the current record; the value before goes to `old` (as much as fits) and
/// its size is returned. `JET_bitEscrowNoRollback`: the delta survives a rollback.
/// Errors: `JET_errNotInTransaction`, `JET_errInvalidBufferSize`,
/// `JET_errInvalidOperation` for a column not made for escrow, `JET_errWriteConflict`.
pub fn jet_escrow_update(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    columnid: JET_COLUMNID,
    delta: &[u8],
    old: &mut [u8],
    grbit: JET_GRBIT,
) -> JetResult<usize> {
    let c = cursor::get(sesid, tableid)?;
    if grbit & !JET_bitEscrowNoRollback != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetEscrowUpdate grbit {grbit:#x}"),
        ));
    }
    if c.read_only {
        return Err(err(
            ErrorCode::PermissionDenied,
            "the cursor or database is read-only",
        ));
    }
    let mut st = c.lock()?;
    let col = column(&st, columnid)?;
    let d = match (col.coltype, delta.len()) {
        (ColumnType::Long, 4) => {
            i64::from(i32::from_le_bytes([delta[0], delta[1], delta[2], delta[3]]))
        }
        (ColumnType::LongLong, 8) => {
            let mut b = [0u8; 8];
            b.copy_from_slice(delta);
            i64::from_le_bytes(b)
        }
        _ => {
            return Err(err(
                ErrorCode::InvalidBufferSize,
                format!("the delta for column {} has the column's width", col.name),
            ))
        }
    };
    st.current()?;
    let before =
        st.c.escrow_update(columnid, d, grbit & JET_bitEscrowNoRollback != 0)?;
    let bytes = if delta.len() == 4 {
        (before as i32).to_le_bytes().to_vec()
    } else {
        before.to_le_bytes().to_vec()
    };
    let n = bytes.len().min(old.len());
    old[..n].copy_from_slice(&bytes[..n]);
    Ok(bytes.len())
}

/// One value of `JetEnumerateColumns`' answer (`JET_ENUMCOLUMNVALUE`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JET_ENUMCOLUMNVALUE {
    /// Which value (from 1).
    pub itagSequence: u32,
    /// 0, or a warning: `JET_wrnColumnNull` (no such value), `JET_wrnColumnSkipped` (value
    /// 0 asked for), `JET_wrnColumnDefault` (left to the default, with
    /// `JET_bitEnumerateIgnoreDefault`), `JET_wrnColumnPresent` (with
    /// `JET_bitEnumeratePresenceOnly`).
    pub err: i32,
    /// The bytes (empty with a warning).
    pub pvData: Vec<u8>,
}

/// One column of `JetEnumerateColumns`' answer (`JET_ENUMCOLUMN`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JET_ENUMCOLUMN {
    /// The column.
    pub columnid: JET_COLUMNID,
    /// 0, or a warning for the whole column (its values are then not listed):
    /// `JET_wrnColumnNull` (no value), `JET_wrnColumnSkipped` (column 0 asked for),
    /// `JET_wrnColumnDefault` (left to the default, with `JET_bitEnumerateIgnoreDefault`),
    /// `JET_wrnColumnPresent` (with `JET_bitEnumeratePresenceOnly`).
    pub err: i32,
    /// Its values.
    pub rgEnumColumnValue: Vec<JET_ENUMCOLUMNVALUE>,
}

/// One column asked of `JetEnumerateColumns` (`JET_ENUMCOLUMNID`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JET_ENUMCOLUMNID {
    /// The column (0: skipped, `JET_wrnColumnSkipped`).
    pub columnid: JET_COLUMNID,
    /// The values wanted, by `itagSequence` (from 1; 0 skips a place); empty for all of them.
    pub rgtagSequence: Vec<u32>,
}

impl From<JET_COLUMNID> for JET_ENUMCOLUMNID {
    fn from(columnid: JET_COLUMNID) -> JET_ENUMCOLUMNID {
        JET_ENUMCOLUMNID {
            columnid,
            rgtagSequence: Vec::new(),
        }
    }
}

const ENUMERATE_GRBITS: JET_GRBIT = JET_bitEnumerateCopy
    | JET_bitEnumerateIgnoreDefault
    | JET_bitEnumerateLocal
    | JET_bitEnumeratePresenceOnly
    | JET_bitEnumerateTaggedOnly
    | JET_bitEnumerateCompressOutput
    | JET_bitEnumerateIgnoreUserDefinedDefault
    | JET_bitEnumerateInRecordOnly;

/// `JetEnumerateColumns(sesid, tableid, cEnumColumnId, rgEnumColumnId, ...)`: the values
/// of the current record (or of the prepared update with `JET_bitEnumerateCopy`), as ESE's
/// `ErrRECEnumerateReqColumns` and `ErrRECEnumerateAllColumns` give them. `columns` `None`
/// gives every column that has a value, and those the record holds as NULL with
/// `JET_wrnColumnNull` (only tagged ones with `JET_bitEnumerateTaggedOnly`; with
/// `JET_bitEnumerateIgnoreDefault` not those left to their default). Each asked column
/// comes back in order: column 0 with `JET_wrnColumnSkipped`; one without a value with
/// `JET_wrnColumnNull`, or `JET_wrnColumnDefault` when left to its default and
/// `JET_bitEnumerateIgnoreDefault` is given; with `JET_bitEnumeratePresenceOnly` one with a
/// value with `JET_wrnColumnPresent` and no values. A column asked with `rgtagSequence`
/// gets exactly those values, each with its own warning as the column would have, and
/// `JET_wrnColumnSkipped` for a 0. Errors: `JET_errNoCurrentRecord`, `JET_errColumnNotFound`
/// (`JET_errBadColumnId`) for a column the table lacks, `JET_errInvalidGrbit`.
pub fn jet_enumerate_columns(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    columns: Option<&[JET_ENUMCOLUMNID]>,
    grbit: JET_GRBIT,
) -> JetResult<Vec<JET_ENUMCOLUMN>> {
    let c = cursor::get(sesid, tableid)?;
    if grbit & !ENUMERATE_GRBITS != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetEnumerateColumns grbit {grbit:#x}"),
        ));
    }
    let mut st = c.lock()?;
    let def = st.c.table().def().clone();
    // The asked columns, each with the values asked (None for a column 0).
    let asked: Vec<(JET_COLUMNID, Option<ColumnDef>, &[u32])> = match columns {
        Some(ids) => ids
            .iter()
            .map(|id| match id.columnid {
                0 => Ok((0, None, &[][..])),
                n => Ok((n, Some(column(&st, n)?), id.rgtagSequence.as_slice())),
            })
            .collect::<JetResult<_>>()?,
        None => def
            .columns
            .iter()
            .filter(|c| grbit & JET_bitEnumerateTaggedOnly == 0 || c.is_tagged())
            .map(|c| (c.id, Some(c.clone()), &[][..]))
            .collect(),
    };
    let copy = st
        .update
        .as_ref()
        .is_some_and(|u| u.read_only || grbit & JET_bitEnumerateCopy != 0);
    let rec = if copy {
        None
    } else {
        st.current()?;
        Some(st.c.record()?)
    };
    let ignore_default = grbit & JET_bitEnumerateIgnoreDefault != 0;
    let presence_only = grbit & JET_bitEnumeratePresenceOnly != 0;
    let warn = |w: i32| JET_ENUMCOLUMNVALUE {
        err: w,
        ..JET_ENUMCOLUMNVALUE::default()
    };
    let mut out = Vec::new();
    for (columnid, col, tags) in asked {
        let Some(col) = col else {
            out.push(JET_ENUMCOLUMN {
                columnid,
                err: JET_wrnColumnSkipped,
                rgEnumColumnValue: Vec::new(),
            });
            continue;
        };
        let (presence, values) = match (&rec, &st.update) {
            (Some(r), _) => (r.presence(&col)?, values_of(r, &col)?),
            (None, Some(up)) => (up.presence(&col)?, up.values(&col)?),
            (None, None) => (Presence::NotInRecord, Vec::new()),
        };
        // Left to its default: with IgnoreDefault the default is not read.
        let defaulted = ignore_default && presence == Presence::NotInRecord;
        let values = if defaulted { Vec::new() } else { values };
        let column_warning = |w: i32| JET_ENUMCOLUMN {
            columnid,
            err: w,
            rgEnumColumnValue: Vec::new(),
        };
        if !tags.is_empty() {
            let picked = tags
                .iter()
                .map(|&itag| match itag {
                    0 => warn(JET_wrnColumnSkipped),
                    n if n as usize > values.len() && defaulted => JET_ENUMCOLUMNVALUE {
                        itagSequence: n,
                        ..warn(JET_wrnColumnDefault)
                    },
                    n if n as usize > values.len() => JET_ENUMCOLUMNVALUE {
                        itagSequence: n,
                        ..warn(JET_wrnColumnNull)
                    },
                    n if presence_only => JET_ENUMCOLUMNVALUE {
                        itagSequence: n,
                        ..warn(JET_wrnColumnPresent)
                    },
                    n => JET_ENUMCOLUMNVALUE {
                        itagSequence: n,
                        err: 0,
                        pvData: values[n as usize - 1].clone(),
                    },
                })
                .collect();
            out.push(JET_ENUMCOLUMN {
                columnid,
                err: 0,
                rgEnumColumnValue: picked,
            });
        } else if values.is_empty() {
            // Every column is listed when asked for; of all columns those the record holds
            // (a NULL one too, as ESE's `ErrRECEnumerateAllColumns` lists it).
            if columns.is_some() || presence == Presence::Null {
                out.push(column_warning(if defaulted {
                    JET_wrnColumnDefault
                } else {
                    Warning::ColumnNull.value()
                }));
            }
        } else if presence_only {
            out.push(column_warning(JET_wrnColumnPresent));
        } else {
            out.push(JET_ENUMCOLUMN {
                columnid,
                err: 0,
                rgEnumColumnValue: values
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| JET_ENUMCOLUMNVALUE {
                        itagSequence: i as u32 + 1,
                        err: 0,
                        pvData: v,
                    })
                    .collect(),
            });
        }
    }
    Ok(out)
}

/// `JetGetRecordSize2(sesid, tableid, precsize, grbit)`: the sizes of the current record
/// (see [`ese::db::RecordSize`], counted as ESE's `ErrRECIGetRecordSize` counts), its
/// primary key counted as overhead. `JET_bitRecordSizeLocal` leaves the long-value tree
/// out; `JET_bitRecordSizeRunningTotal` is the caller's to add (the C layer adds);
/// `JET_bitRecordSizeInCopyBuffer` sizes the record a prepared replace or copy started
/// from while no column of it is set yet; `JET_bitRecordSizeIntrinsicPhysicalOnly` counts
/// compressed values in the record by their stored size, `JET_bitRecordSizeExtrinsicLogicalOnly`
/// each separated value by its root (its logical size; the root's overhead). Errors:
/// `JET_errNoCurrentRecord`, `JET_errInvalidGrbit` (also for `IncludeDefaultValues` and
/// `SecondaryIndexKeyOnly`, which ESE refuses as unsupported), `JET_errFeatureNotAvailable`
/// for the copy buffer of an insert or of an update with columns set (this engine builds
/// that record only at `JetUpdate`), and on a temporary table.
pub fn jet_get_record_size(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    grbit: JET_GRBIT,
) -> JetResult<ese::db::RecordSize> {
    // As `JetGetRecordSize2`: IncludeDefaultValues and SecondaryIndexKeyOnly are refused.
    let known = JET_bitRecordSizeInCopyBuffer
        | JET_bitRecordSizeRunningTotal
        | JET_bitRecordSizeLocal
        | JET_bitRecordSizeIntrinsicPhysicalOnly
        | JET_bitRecordSizeExtrinsicLogicalOnly;
    if grbit & !known != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetGetRecordSize grbit {grbit:#x}"),
        ));
    }
    let c = cursor::get(sesid, tableid)?;
    let mut st = c.lock()?;
    let local = grbit & JET_bitRecordSizeLocal != 0;
    let copy = match &st.update {
        Some(up) if up.read_only || grbit & JET_bitRecordSizeInCopyBuffer != 0 => {
            match (&up.base, up.changed.is_empty() || up.read_only) {
                (Some(rec), true) => Some(rec.clone()),
                _ => {
                    return Err(err(
                        ErrorCode::FeatureNotAvailable,
                        "the size of a copy buffer with columns set is known only at JetUpdate",
                    ))
                }
            }
        }
        _ => None,
    };
    let rec = match copy {
        Some(r) => r,
        None => {
            st.current()?;
            st.c.record()?
        }
    };
    let key_len = rec.key().len();
    rec.size_with(
        key_len,
        ese::db::RecordSizeOptions {
            local,
            intrinsic_physical_only: grbit & JET_bitRecordSizeIntrinsicPhysicalOnly != 0,
            extrinsic_logical_only: grbit & JET_bitRecordSizeExtrinsicLogicalOnly != 0,
        },
    )
}
