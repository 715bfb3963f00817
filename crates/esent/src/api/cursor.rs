//! Exported cursor calls: opening, duplicating and closing cursors, choosing the index,
//! moving, bookmarks, locks, keys, seeks, index ranges and counts.
//!
//! What must hold: `*ptableid`, `*pcbActual` and `*pcrec` are written only on success; a
//! bookmark that does not fit is `JET_errBufferTooSmall` (nothing written), a key that does
//! not fit is truncated with `JET_wrnBufferTruncated` and its full size.

use core::ffi::c_void;

use ese_jet as jet;

use crate::consts::*;
use crate::ffi::ptr::{self, put};
use crate::ffi::{need_mut, opt, req, warn, write_bytes, write_str, Enc, Jet, Ret, Short};
use crate::types::*;
use crate::{aw, export};

unsafe fn open_table<E: Enc>(
    sesid: JET_SESID,
    dbid: JET_DBID,
    name: *const E::Ch,
    params: *const c_void,
    cb_params: u32,
    grbit: JET_GRBIT,
    ptableid: *mut JET_TABLEID,
) -> Ret {
    need_mut(ptableid)?;
    // SAFETY: forwarded C contract.
    let (name, params) = unsafe { (req::<E>(name)?, ptr::bytes(params, cb_params)?) };
    let t = jet::jet_open_table(sesid, dbid, &name, params, grbit).j()?;
    // SAFETY: checked non-null.
    unsafe { put(ptableid, t) };
    Ok(0)
}

aw! {
    /// `JetOpenTable`: opens a cursor on a table.
    JetOpenTableA JetOpenTableW = open_table(
        sesid: (JET_SESID), dbid: (JET_DBID), szTableName: s, pvParameters: (*const c_void),
        cbParameters: (u32), grbit: (JET_GRBIT), ptableid: (*mut JET_TABLEID))
}

export! {
    /// `JetCloseTable`: closes a cursor (a temporary table is deleted).
    JetCloseTable(sesid: JET_SESID, tableid: JET_TABLEID) {
        jet::jet_close_table(sesid, tableid).j().map(|()| 0)
    }
}

export! {
    /// `JetDupCursor`: a second cursor on the same table.
    JetDupCursor(sesid: JET_SESID, tableid: JET_TABLEID, ptableid: *mut JET_TABLEID, grbit: JET_GRBIT) {
        need_mut(ptableid)?;
        let t = jet::jet_dup_cursor(sesid, tableid, grbit).j()?;
        put(ptableid, t);
        Ok(0)
    }
}

unsafe fn set_index<E: Enc>(sesid: JET_SESID, tableid: JET_TABLEID, name: *const E::Ch) -> Ret {
    // SAFETY: forwarded C contract.
    let name = unsafe { opt::<E>(name) }?;
    jet::jet_set_current_index(sesid, tableid, name.as_deref())
        .j()
        .map(|()| 0)
}

aw! {
    /// `JetSetCurrentIndex`: selects the cursor's index (NULL or "": the primary index).
    JetSetCurrentIndexA JetSetCurrentIndexW = set_index(sesid: (JET_SESID), tableid: (JET_TABLEID), szIndexName: s)
}

unsafe fn set_index2<E: Enc>(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    name: *const E::Ch,
    grbit: JET_GRBIT,
) -> Ret {
    // SAFETY: forwarded C contract.
    let name = unsafe { opt::<E>(name) }?;
    jet::jet_set_current_index2(sesid, tableid, name.as_deref(), grbit)
        .j()
        .map(|()| 0)
}

aw! {
    /// `JetSetCurrentIndex2`: [`JetSetCurrentIndexA`] with `JET_bitMoveFirst` or
    /// `JET_bitNoMove`.
    JetSetCurrentIndex2A JetSetCurrentIndex2W = set_index2(
        sesid: (JET_SESID), tableid: (JET_TABLEID), szIndexName: s, grbit: (JET_GRBIT))
}

unsafe fn set_index3<E: Enc>(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    name: *const E::Ch,
    grbit: JET_GRBIT,
    itag: u32,
) -> Ret {
    // SAFETY: forwarded C contract.
    let name = unsafe { opt::<E>(name) }?;
    jet::jet_set_current_index3(sesid, tableid, name.as_deref(), grbit, itag)
        .j()
        .map(|()| 0)
}

aw! {
    /// `JetSetCurrentIndex3`: [`JetSetCurrentIndex2A`] on a given value of a multi-valued
    /// key.
    JetSetCurrentIndex3A JetSetCurrentIndex3W = set_index3(
        sesid: (JET_SESID), tableid: (JET_TABLEID), szIndexName: s, grbit: (JET_GRBIT),
        itagSequence: (u32))
}

unsafe fn set_index4<E: Enc>(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    name: *const E::Ch,
    pindexid: *mut JET_INDEXID,
    grbit: JET_GRBIT,
    itag: u32,
) -> Ret {
    // SAFETY: forwarded C contract.
    let name = unsafe { opt::<E>(name) }?;
    let hint = if pindexid.is_null() {
        None
    } else {
        // SAFETY: non-null: a JET_INDEXID whose first field is its `cbStruct`.
        let cb = unsafe { ptr::read_cb_struct(pindexid.cast_const().cast()) }?;
        // ESE checks `cbStruct` before anything else of the hint.
        if cb as usize != core::mem::size_of::<JET_INDEXID>() {
            return Err(JET_errInvalidIndexId);
        }
        // SAFETY: checked size; the structure is `cb` readable bytes.
        unsafe { ptr::bytes(pindexid.cast_const().cast(), cb) }?
    };
    jet::jet_set_current_index4(sesid, tableid, name.as_deref(), hint, grbit, itag)
        .j()
        .map(|()| 0)
}

// The hint's bytes are the facade's.
const _: () = assert!(core::mem::size_of::<JET_INDEXID>() == jet::JET_INDEXID_SIZE);

aw! {
    /// `JetSetCurrentIndex4`: [`JetSetCurrentIndex3A`] with a `JET_INDEXID` from
    /// `JET_IdxInfoIndexId`: the index it names, whatever the name says
    /// (`JET_errInvalidIndexId` for a hint of another size, table or index).
    JetSetCurrentIndex4A JetSetCurrentIndex4W = set_index4(
        sesid: (JET_SESID), tableid: (JET_TABLEID), szIndexName: s, pindexid: (*mut JET_INDEXID),
        grbit: (JET_GRBIT), itagSequence: (u32))
}

unsafe fn get_index<E: Enc>(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    out: *mut E::Ch,
    cb: u32,
) -> Ret {
    need_mut(out)?;
    let name = jet::jet_get_current_index(sesid, tableid).j()?;
    // SAFETY: `out` is writable for `cb` bytes by the C contract.
    unsafe { write_str::<E>(out, cb, &name, Short::Truncate) }
}

aw! {
    /// `JetGetCurrentIndex`: the name of the cursor's index (truncated with
    /// `JET_wrnBufferTruncated` when the buffer is short).
    JetGetCurrentIndexA JetGetCurrentIndexW = get_index(
        sesid: (JET_SESID), tableid: (JET_TABLEID), szIndexName: o, cbIndexName: (u32))
}

export! {
    /// `JetMove`: moves by `cRow` entries, or to `JET_MoveFirst`/`JET_MoveLast`.
    JetMove(sesid: JET_SESID, tableid: JET_TABLEID, cRow: i32, grbit: JET_GRBIT) {
        jet::jet_move(sesid, tableid, cRow, grbit).j().map(|()| 0)
    }
}

export! {
    /// `JetGetBookmark`: the current record's bookmark (`JET_errBufferTooSmall` when it
    /// does not fit).
    JetGetBookmark(
        sesid: JET_SESID,
        tableid: JET_TABLEID,
        pvBookmark: *mut c_void,
        cbMax: u32,
        pcbActual: *mut u32,
    ) {
        let out = ptr::bytes_mut(pvBookmark, cbMax)?;
        let bm = jet::jet_get_bookmark(sesid, tableid).j()?;
        if bm.len() > out.len() {
            return Err(JET_errBufferTooSmall);
        }
        out[..bm.len()].copy_from_slice(&bm);
        put(pcbActual, bm.len() as u32);
        Ok(0)
    }
}

export! {
    /// `JetGotoBookmark`: moves to the record of a bookmark.
    JetGotoBookmark(sesid: JET_SESID, tableid: JET_TABLEID, pvBookmark: *mut c_void, cbBookmark: u32) {
        let bm = ptr::bytes(pvBookmark, cbBookmark)?.ok_or(JET_errInvalidParameter)?;
        if bm.is_empty() {
            return Err(JET_errInvalidBookmark);
        }
        jet::jet_goto_bookmark(sesid, tableid, bm).j().map(|()| 0)
    }
}

export! {
    /// `JetGetLock`: a read or write lock on the current record.
    JetGetLock(sesid: JET_SESID, tableid: JET_TABLEID, grbit: JET_GRBIT) {
        jet::jet_get_lock(sesid, tableid, grbit).j().map(|()| 0)
    }
}

export! {
    /// `JetMakeKey`: adds one column value to the search key.
    JetMakeKey(sesid: JET_SESID, tableid: JET_TABLEID, pvData: *const c_void, cbData: u32, grbit: JET_GRBIT) {
        let data = ptr::bytes(pvData, cbData)?;
        jet::jet_make_key(sesid, tableid, data, grbit).j().map(|()| 0)
    }
}

export! {
    /// `JetRetrieveKey`: the normalized key of the current entry (truncated with
    /// `JET_wrnBufferTruncated` when the buffer is short; `*pcbActual` is its full size);
    /// with `JET_bitRetrieveCopy` the search key, truncated without the warning (as
    /// ESE does).
    JetRetrieveKey(
        sesid: JET_SESID,
        tableid: JET_TABLEID,
        pvKey: *mut c_void,
        cbMax: u32,
        pcbActual: *mut u32,
        grbit: JET_GRBIT,
    ) {
        ptr::bytes_mut(pvKey, cbMax)?;
        let key = jet::jet_retrieve_key(sesid, tableid, grbit).j()?;
        let w = write_bytes(pvKey, cbMax, &key, pcbActual)?;
        Ok(if grbit & JET_bitRetrieveCopy != 0 { 0 } else { w })
    }
}

export! {
    /// `JetSeek`: seeks to the search key.
    JetSeek(sesid: JET_SESID, tableid: JET_TABLEID, grbit: JET_GRBIT) {
        jet::jet_seek(sesid, tableid, grbit).j().map(warn)
    }
}

export! {
    /// `JetSetIndexRange`: limits the cursor's moves forward to the entries up to the
    /// search key (`JET_bitRangeUpperLimit`), or its moves backward to the entries
    /// from it.
    JetSetIndexRange(sesid: JET_SESID, tableidSrc: JET_TABLEID, grbit: JET_GRBIT) {
        jet::jet_set_index_range(sesid, tableidSrc, grbit).j().map(|()| 0)
    }
}

export! {
    /// `JetIndexRecordCount`: the entries from the cursor to the end of the index or range,
    /// at most `crecMax` (0: no limit).
    JetIndexRecordCount(sesid: JET_SESID, tableid: JET_TABLEID, pcrec: *mut u32, crecMax: u32) {
        need_mut(pcrec)?;
        let n = jet::jet_index_record_count(sesid, tableid, crecMax).j()?;
        put(pcrec, n);
        Ok(0)
    }
}

/// Copies `src` into the caller's `dst` of `cb_max` bytes (as much as fits) and stores
/// its full size in `pcb`; whether it fitted.
///
/// # Safety
/// `dst` is NULL with `cb_max` 0 or writable for `cb_max` bytes; `pcb` is NULL or writable.
unsafe fn give(dst: *mut c_void, cb_max: u32, pcb: *mut u32, src: &[u8]) -> Result<bool, JET_ERR> {
    // SAFETY: forwarded C contract.
    let out = unsafe { ptr::bytes_mut(dst, cb_max) }?;
    let n = src.len().min(out.len());
    out[..n].copy_from_slice(&src[..n]);
    // SAFETY: forwarded C contract.
    unsafe { put(pcb, src.len() as u32) };
    Ok(n == src.len())
}

export! {
    /// `JetGetSecondaryIndexBookmark`: the current entry's secondary key and its record's
    /// primary bookmark; each short buffer is filled as far as it goes and the call is
    /// `JET_errBufferTooSmall` (both sizes still given), as in ESE.
    JetGetSecondaryIndexBookmark(
        sesid: JET_SESID,
        tableid: JET_TABLEID,
        pvSecondaryKey: *mut c_void,
        cbSecondaryKeyMax: u32,
        pcbSecondaryKeyActual: *mut u32,
        pvPrimaryBookmark: *mut c_void,
        cbPrimaryBookmarkMax: u32,
        pcbPrimaryBookmarkActual: *mut u32,
        grbit: JET_GRBIT,
    ) {
        if grbit != 0 {
            return Err(JET_errInvalidGrbit);
        }
        let (key, bm) = jet::jet_get_secondary_index_bookmark(sesid, tableid).j()?;
        // SAFETY: forwarded C contract.
        let a = unsafe { give(pvSecondaryKey, cbSecondaryKeyMax, pcbSecondaryKeyActual, &key) }?;
        // SAFETY: forwarded C contract.
        let b = unsafe { give(pvPrimaryBookmark, cbPrimaryBookmarkMax, pcbPrimaryBookmarkActual, &bm) }?;
        if a && b { Ok(0) } else { Err(JET_errBufferTooSmall) }
    }
}

export! {
    /// `JetGotoSecondaryIndexBookmark`: moves to the entry of a secondary key and primary
    /// bookmark in the current secondary index.
    JetGotoSecondaryIndexBookmark(
        sesid: JET_SESID,
        tableid: JET_TABLEID,
        pvSecondaryKey: *mut c_void,
        cbSecondaryKey: u32,
        pvPrimaryBookmark: *mut c_void,
        cbPrimaryBookmark: u32,
        grbit: JET_GRBIT,
    ) {
        let key = ptr::bytes(pvSecondaryKey, cbSecondaryKey)?.ok_or(JET_errInvalidParameter)?;
        let bm = ptr::bytes(pvPrimaryBookmark, cbPrimaryBookmark)?.unwrap_or(&[]);
        if key.is_empty() {
            return Err(JET_errInvalidBookmark);
        }
        jet::jet_goto_secondary_index_bookmark(sesid, tableid, key, bm, grbit).j().map(|()| 0)
    }
}

export! {
    /// `JetGetRecordPosition`: the current entry's approximate place in its index
    /// (`cbRecpos` at least `sizeof(JET_RECPOS)`); counts past 32 bits are cut to it.
    JetGetRecordPosition(sesid: JET_SESID, tableid: JET_TABLEID, precpos: *mut JET_RECPOS, cbRecpos: u32) {
        need_mut(precpos)?;
        if (cbRecpos as usize) < core::mem::size_of::<JET_RECPOS>() {
            return Err(JET_errInvalidParameter);
        }
        let p = jet::jet_get_record_position(sesid, tableid).j()?;
        let cut = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
        put(
            precpos,
            JET_RECPOS {
                cbStruct: core::mem::size_of::<JET_RECPOS>() as u32,
                centriesLT: cut(p.centriesLT),
                centriesInRange: cut(p.centriesInRange),
                centriesTotal: cut(p.centriesTotal),
            },
        );
        Ok(0)
    }
}

export! {
    /// `JetGotoPosition`: moves to the entry at the fraction `centriesLT / centriesTotal`
    /// of the current index.
    JetGotoPosition(sesid: JET_SESID, tableid: JET_TABLEID, precpos: *mut JET_RECPOS) {
        let p = ptr::read(precpos.cast_const())?;
        let pos = jet::JET_RECPOS {
            centriesLT: u64::from(p.centriesLT),
            centriesInRange: u64::from(p.centriesInRange),
            centriesTotal: u64::from(p.centriesTotal),
        };
        jet::jet_goto_position(sesid, tableid, &pos).j().map(|()| 0)
    }
}

export! {
    /// `JetSetTableSequential`: a hint that the cursor will scan its index in order.
    JetSetTableSequential(sesid: JET_SESID, tableid: JET_TABLEID, grbit: JET_GRBIT) {
        jet::jet_set_table_sequential(sesid, tableid, grbit).j().map(|()| 0)
    }
}

export! {
    /// `JetResetTableSequential`: ends the hint of `JetSetTableSequential`.
    JetResetTableSequential(sesid: JET_SESID, tableid: JET_TABLEID, grbit: JET_GRBIT) {
        jet::jet_reset_table_sequential(sesid, tableid, grbit).j().map(|()| 0)
    }
}

export! {
    /// `JetComputeStats`: walks the table's indexes (their statistics are always current
    /// when asked for).
    JetComputeStats(sesid: JET_SESID, tableid: JET_TABLEID) {
        jet::jet_compute_stats(sesid, tableid).j().map(|()| 0)
    }
}

export! {
    /// `JetPrereadKeys`: checks normalized keys in the index's order and says how many it
    /// dealt with (all of them: pages are read when a seek needs them).
    JetPrereadKeys(
        sesid: JET_SESID,
        tableid: JET_TABLEID,
        rgpvKeys: *const *const c_void,
        rgcbKeys: *const u32,
        ckeys: i32,
        pckeysPreread: *mut i32,
        grbit: JET_GRBIT,
    ) {
        put(pckeysPreread, 0);
        if ckeys <= 0 || rgpvKeys.is_null() || rgcbKeys.is_null() {
            return Err(JET_errInvalidParameter);
        }
        let pvs = ptr::slice(rgpvKeys, ckeys as u32)?;
        let cbs = ptr::slice(rgcbKeys, ckeys as u32)?;
        let mut keys = Vec::with_capacity(pvs.len());
        for (&pv, &cb) in pvs.iter().zip(cbs) {
            keys.push(ptr::bytes(pv, cb)?.ok_or(JET_errInvalidParameter)?);
        }
        let n = jet::jet_preread_keys(sesid, tableid, &keys, grbit).j()?;
        put(pckeysPreread, n as i32);
        Ok(0)
    }
}

export! {
    /// `JetGetCursorInfo`: `JET_errWriteConflict` when another session's uncommitted
    /// transaction changed or locked the current record; `cbMax` and `InfoLevel` must be 0.
    JetGetCursorInfo(sesid: JET_SESID, tableid: JET_TABLEID, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32) {
        let _ = pvResult;
        jet::jet_get_cursor_info(sesid, tableid, cbMax, InfoLevel).j().map(|()| 0)
    }
}

export! {
    /// `JetIntersectIndexes`: the primary bookmarks in every given index range, once
    /// each and in order, in a new temporary table (`precordlist->cbStruct` set by the
    /// caller).
    JetIntersectIndexes(
        sesid: JET_SESID,
        rgindexrange: *mut JET_INDEXRANGE,
        cindexrange: u32,
        precordlist: *mut JET_RECORDLIST,
        grbit: JET_GRBIT,
    ) {
        let mut out = ptr::read(precordlist.cast_const())?;
        if out.cbStruct as usize != core::mem::size_of::<JET_RECORDLIST>() {
            return Err(JET_errInvalidParameter);
        }
        if cindexrange == 0 || rgindexrange.is_null() {
            return Err(JET_errInvalidParameter);
        }
        let ranges = ptr::slice(rgindexrange.cast_const(), cindexrange)?;
        let mut list = Vec::with_capacity(ranges.len());
        for r in ranges {
            if r.cbStruct as usize != core::mem::size_of::<JET_INDEXRANGE>() {
                return Err(JET_errInvalidParameter);
            }
            list.push(jet::JET_INDEXRANGE { tableid: r.tableid, grbit: r.grbit });
        }
        let got = jet::jet_intersect_indexes(sesid, &list, grbit).j()?;
        out.tableid = got.tableid;
        out.cRecord = got.cRecord;
        out.columnidBookmark = got.columnidBookmark;
        put(precordlist, out);
        Ok(0)
    }
}

export! {
    /// `JetSetLS`: keeps `ls` on the cursor (`JET_bitLSCursor` or no target bit) or its
    /// table (`JET_bitLSTable`) until it is reset or freed through
    /// `JET_paramRuntimeCallback` (`JET_cbtypFreeCursorLS`, `JET_cbtypFreeTableLS`).
    JetSetLS(sesid: JET_SESID, tableid: JET_TABLEID, ls: JET_LS, grbit: JET_GRBIT) {
        jet::jet_set_ls(sesid, tableid, ls, grbit).j().map(|()| 0)
    }
}

export! {
    /// `JetGetLS`: the value `JetSetLS` kept (`JET_LSNil` and `JET_errLSNotSet` when none);
    /// `JET_bitLSReset` also takes it off, and the caller frees it.
    JetGetLS(sesid: JET_SESID, tableid: JET_TABLEID, pls: *mut JET_LS, grbit: JET_GRBIT) {
        need_mut(pls)?;
        let r = jet::jet_get_ls(sesid, tableid, grbit);
        put(pls, *r.as_ref().unwrap_or(&JET_LSNil));
        r.j().map(|_| 0)
    }
}

/// The caller's `JET_INDEX_COLUMN` array as the facade takes it.
unsafe fn index_columns(
    p: *mut JET_INDEX_COLUMN,
    n: u32,
) -> Result<Vec<jet::JET_INDEX_COLUMN>, JET_ERR> {
    if n == 0 {
        return Ok(Vec::new());
    }
    // SAFETY: forwarded C contract: `p` holds `n` entries.
    let cols = unsafe { ptr::slice(p.cast_const(), n) }?;
    let mut out = Vec::with_capacity(cols.len());
    for c in cols {
        // SAFETY: forwarded C contract: each value is readable for its `cb` bytes.
        let pv = unsafe { ptr::bytes(c.pv.cast_const(), c.cb) }?.unwrap_or_default();
        out.push(jet::JET_INDEX_COLUMN {
            columnid: c.columnid,
            relop: c.relop,
            pv: pv.to_vec(),
            grbit: c.grbit,
        });
    }
    Ok(out)
}

export! {
    /// `JetPrereadIndexRanges`: checks the ranges as ESE does and says in
    /// `*pcRangesPreread` (when given) how many it dealt with: all of them, as pages are
    /// read when a move needs them.
    JetPrereadIndexRanges(
        sesid: JET_SESID,
        tableid: JET_TABLEID,
        rgIndexRanges: *const JET_INDEX_RANGE,
        cIndexRanges: u32,
        pcRangesPreread: *mut u32,
        rgcolumnidPreread: *const JET_COLUMNID,
        ccolumnidPreread: u32,
        grbit: JET_GRBIT,
    ) {
        if !pcRangesPreread.is_null() {
            put(pcRangesPreread, 0);
        }
        let list = if cIndexRanges == 0 { &[][..] } else { ptr::slice(rgIndexRanges, cIndexRanges)? };
        let mut ranges = Vec::with_capacity(list.len());
        for r in list {
            ranges.push(jet::JET_INDEX_RANGE {
                rgStartColumns: index_columns(r.rgStartColumns, r.cStartColumns)?,
                rgEndColumns: index_columns(r.rgEndColumns, r.cEndColumns)?,
            });
        }
        let columns = if ccolumnidPreread == 0 {
            &[][..]
        } else {
            ptr::slice(rgcolumnidPreread, ccolumnidPreread)?
        };
        let n = jet::jet_preread_index_ranges(
            sesid, tableid, &ranges, !pcRangesPreread.is_null(), columns, grbit,
        )
        .j()?;
        if !pcRangesPreread.is_null() {
            put(pcRangesPreread, n as u32);
        }
        Ok(0)
    }
}

export! {
    /// `JetSetCursorFilter`: conditions the records `JetMove` and `JetSeek` land on must
    /// meet while the primary index is current (none: no filter); a value is given with
    /// `pv` and `cb` both set or both empty.
    JetSetCursorFilter(
        sesid: JET_SESID,
        tableid: JET_TABLEID,
        rgColumnFilters: *mut JET_INDEX_COLUMN,
        cColumnFilters: u32,
        grbit: JET_GRBIT,
    ) {
        let list = if cColumnFilters == 0 {
            &[][..]
        } else {
            ptr::slice(rgColumnFilters.cast_const(), cColumnFilters)?
        };
        let mut filters = Vec::with_capacity(list.len());
        for f in list {
            if (f.cb == 0) != f.pv.is_null() {
                // ESE refuses the filter and leaves none.
                let _ = jet::jet_set_cursor_filter(sesid, tableid, &[], 0);
                return Err(JET_errInvalidParameter);
            }
            filters.push(jet::JET_INDEX_COLUMN {
                columnid: f.columnid,
                relop: f.relop,
                pv: ptr::bytes(f.pv.cast_const(), f.cb)?.unwrap_or_default().to_vec(),
                grbit: f.grbit,
            });
        }
        jet::jet_set_cursor_filter(sesid, tableid, &filters, grbit).j().map(|()| 0)
    }
}
