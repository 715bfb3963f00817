//! Exported record calls: `JetRetrieveColumn(s)`, `JetEnumerateColumns`,
//! `JetPrepareUpdate`, `JetSetColumn(s)`, `JetUpdate(2)`, `JetDelete` and
//! `JetEscrowUpdate`.
//!
//! What must hold: a value larger than the caller's buffer is truncated with
//! `JET_wrnBufferTruncated` and its full size, as esent.dll does; the per-entry results of
//! the array calls are written into the caller's entries; `JetEnumerateColumns` allocates
//! only through the caller's `pfnRealloc` and frees what it allocated when it fails.

use core::ffi::c_void;
use core::mem::size_of;

use ese_jet as jet;

use crate::consts::*;
use crate::export;
use crate::ffi::ptr::{self, put};
use crate::ffi::{check_cb, need_mut, warn, write_bytes, Jet, Ret};
use crate::types::*;

export! {
    /// `JetRetrieveColumn`: one value of the current record or of the copy buffer;
    /// `*pcbActual` is the value's full size (with `JET_bitRetrievePhysicalSize`, its size
    /// as stored, the only answer: a NULL `pcbActual` is then `JET_errInvalidParameter`).
    JetRetrieveColumn(
        sesid: JET_SESID,
        tableid: JET_TABLEID,
        columnid: JET_COLUMNID,
        pvData: *mut c_void,
        cbData: u32,
        pcbActual: *mut u32,
        grbit: JET_GRBIT,
        pretinfo: *mut JET_RETINFO,
    ) {
        if grbit & JET_bitRetrievePhysicalSize != 0 && pcbActual.is_null() {
            return Err(JET_errInvalidParameter);
        }
        let buf = ptr::bytes_mut(pvData, cbData)?;
        let mut info = match ptr::read_opt(pretinfo) {
            None => None,
            Some(r) => {
                check_cb(r.cbStruct, size_of::<JET_RETINFO>())?;
                Some(jet::JET_RETINFO {
                    ibLongValue: r.ibLongValue,
                    itagSequence: r.itagSequence,
                    columnidNextTagged: r.columnidNextTagged,
                })
            }
        };
        let (cb, w) = jet::jet_retrieve_column(sesid, tableid, columnid, buf, grbit, info.as_mut()).j()?;
        put(pcbActual, cb as u32);
        if let Some(i) = info {
            let mut r = ptr::read(pretinfo)?;
            r.columnidNextTagged = i.columnidNextTagged;
            put(pretinfo, r);
        }
        Ok(warn(w))
    }
}

export! {
    /// `JetRetrieveColumns`: several values; each entry gets its `cbActual`, `err` and (for
    /// `itagSequence` 0) the number of values, also when the call fails on one of them.
    JetRetrieveColumns(
        sesid: JET_SESID,
        tableid: JET_TABLEID,
        pretrievecolumn: *mut JET_RETRIEVECOLUMN,
        cretrievecolumn: u32,
    ) {
        let entries: Vec<JET_RETRIEVECOLUMN> = ptr::slice(pretrievecolumn.cast_const(), cretrievecolumn)?.to_vec();
        // Owned buffers, copied back after the call, so that entries whose buffers overlap
        // never become aliasing Rust slices.
        let mut bufs: Vec<Vec<u8>> = Vec::with_capacity(entries.len());
        for e in &entries {
            ptr::bytes_mut(e.pvData, e.cbData)?;
            bufs.push(vec![0; e.cbData as usize]);
        }
        let mut cols: Vec<jet::JET_RETRIEVECOLUMN<'_>> = entries
            .iter()
            .zip(bufs.iter_mut())
            .map(|(e, b)| jet::JET_RETRIEVECOLUMN {
                columnid: e.columnid,
                pvData: b.as_mut_slice(),
                grbit: e.grbit,
                ibLongValue: e.ibLongValue,
                itagSequence: e.itagSequence,
                ..Default::default()
            })
            .collect();
        let r = jet::jet_retrieve_columns(sesid, tableid, &mut cols);
        let results: Vec<(usize, u32, u32, i32)> = cols
            .iter()
            .map(|c| (c.cbActual, c.itagSequence, c.columnidNextTagged, c.err))
            .collect();
        drop(cols);
        let out = ptr::slice_mut(pretrievecolumn, cretrievecolumn)?;
        for ((o, b), (cb, itag, next, err)) in out.iter_mut().zip(&bufs).zip(results) {
            let n = cb.min(b.len());
            ptr::copy_out(o.pvData.cast::<u8>(), &b[..n]);
            o.cbActual = cb as u32;
            o.itagSequence = itag;
            o.columnidNextTagged = next;
            o.err = err;
        }
        r.j().map(warn)
    }
}

export! {
    /// `JetPrepareUpdate`: starts an insert or replace, or cancels one (`JET_prep*`).
    JetPrepareUpdate(sesid: JET_SESID, tableid: JET_TABLEID, prep: u32) {
        jet::jet_prepare_update(sesid, tableid, prep).j().map(warn)
    }
}

export! {
    /// `JetSetColumn`: one value into the copy buffer (NULL with `cbData` 0: set NULL).
    JetSetColumn(
        sesid: JET_SESID,
        tableid: JET_TABLEID,
        columnid: JET_COLUMNID,
        pvData: *const c_void,
        cbData: u32,
        grbit: JET_GRBIT,
        psetinfo: *mut JET_SETINFO,
    ) {
        let data = ptr::bytes(pvData, cbData)?;
        let info = match ptr::read_opt(psetinfo) {
            None => None,
            Some(s) => {
                check_cb(s.cbStruct, size_of::<JET_SETINFO>())?;
                Some(jet::JET_SETINFO { ibLongValue: s.ibLongValue, itagSequence: s.itagSequence })
            }
        };
        jet::jet_set_column(sesid, tableid, columnid, data, grbit, info.as_ref()).j().map(warn)
    }
}

export! {
    /// `JetSetColumns`: several values; each entry gets its `err`.
    JetSetColumns(sesid: JET_SESID, tableid: JET_TABLEID, psetcolumn: *mut JET_SETCOLUMN, csetcolumn: u32) {
        let entries: Vec<JET_SETCOLUMN> = ptr::slice(psetcolumn.cast_const(), csetcolumn)?.to_vec();
        let mut cols = Vec::with_capacity(entries.len());
        for e in &entries {
            cols.push(jet::JET_SETCOLUMN {
                columnid: e.columnid,
                pvData: ptr::bytes(e.pvData, e.cbData)?,
                grbit: e.grbit,
                ibLongValue: e.ibLongValue,
                itagSequence: e.itagSequence,
                err: 0,
            });
        }
        let r = jet::jet_set_columns(sesid, tableid, &mut cols);
        let errs: Vec<i32> = cols.iter().map(|c| c.err).collect();
        drop(cols);
        for (o, e) in ptr::slice_mut(psetcolumn, csetcolumn)?.iter_mut().zip(errs) {
            o.err = e;
        }
        r.j().map(warn)
    }
}

/// Writes an update's bookmark when the caller asked for it.
/// The caller's `JET_CALLBACK` as the facade calls it: with the session, database,
/// cursor and type, `pvArg1`/`pvArg2` NULL and `context` (the pointer the caller gave)
/// passed back as it was; an error it returns becomes the facade's (one this library does
/// not know as `JET_errCallbackFailed`). `None` for a NULL callback.
pub(crate) fn c_callback(cb: JET_CALLBACK, context: *mut c_void) -> Option<jet::JET_CALLBACK> {
    let cb = cb?;
    let context = context as usize;
    Some(std::sync::Arc::new(
        move |sesid: JET_SESID, dbid: JET_DBID, tableid: JET_TABLEID, cbtyp: JET_CBTYP| {
            // SAFETY: the caller's callback with esent.h's arguments; the context is the
            // pointer it gave, passed back as it was.
            let e = unsafe {
                cb(
                    sesid,
                    dbid,
                    tableid,
                    cbtyp,
                    core::ptr::null_mut(),
                    core::ptr::null_mut(),
                    context as *mut c_void,
                    0,
                )
            };
            if e >= 0 {
                return Ok(());
            }
            let code = jet::ErrorCode::from_i32(e).unwrap_or(jet::ErrorCode::CallbackFailed);
            Err(jet::JetError::with(
                code,
                format!("the callback returned {e}"),
            ))
        },
    ))
}

unsafe fn update_out(bm: &[u8], pv: *mut c_void, cb: u32, pcb: *mut u32) -> Ret {
    if pv.is_null() {
        // SAFETY: NULL or writable by the C contract.
        unsafe { put(pcb, bm.len() as u32) };
        return Ok(0);
    }
    // SAFETY: `pv` is writable for `cb` bytes by the C contract.
    unsafe { write_bytes(pv, cb, bm, pcb) }
}

export! {
    /// `JetUpdate`: writes the copy buffer; the new record's bookmark goes to `pvBookmark`
    /// when given.
    JetUpdate(
        sesid: JET_SESID,
        tableid: JET_TABLEID,
        pvBookmark: *mut c_void,
        cbBookmark: u32,
        pcbActual: *mut u32,
    ) {
        ptr::bytes_mut(pvBookmark, cbBookmark)?;
        let bm = jet::jet_update(sesid, tableid).j()?;
        update_out(&bm, pvBookmark, cbBookmark, pcbActual)
    }
}

export! {
    /// `JetUpdate2`: [`JetUpdate`] with options.
    JetUpdate2(
        sesid: JET_SESID,
        tableid: JET_TABLEID,
        pvBookmark: *mut c_void,
        cbBookmark: u32,
        pcbActual: *mut u32,
        grbit: JET_GRBIT,
    ) {
        ptr::bytes_mut(pvBookmark, cbBookmark)?;
        let bm = jet::jet_update2(sesid, tableid, grbit).j()?;
        update_out(&bm, pvBookmark, cbBookmark, pcbActual)
    }
}

export! {
    /// `JetDelete`: deletes the current record.
    JetDelete(sesid: JET_SESID, tableid: JET_TABLEID) {
        jet::jet_delete(sesid, tableid).j().map(|()| 0)
    }
}

export! {
    /// `JetEscrowUpdate`: adds a delta to an escrow column; the previous value goes to
    /// `pvOld` when given.
    JetEscrowUpdate(
        sesid: JET_SESID,
        tableid: JET_TABLEID,
        columnid: JET_COLUMNID,
        pv: *mut c_void,
        cbMax: u32,
        pvOld: *mut c_void,
        cbOldMax: u32,
        pcbOldActual: *mut u32,
        grbit: JET_GRBIT,
    ) {
        let delta = ptr::bytes(pv, cbMax)?.ok_or(JET_errInvalidParameter)?;
        let old = ptr::bytes_mut(pvOld, cbOldMax)?;
        let n = jet::jet_escrow_update(sesid, tableid, columnid, delta, old, grbit).j()?;
        put(pcbOldActual, n as u32);
        Ok(0)
    }
}

/// Memory allocated through the caller's `pfnRealloc`, freed on drop unless kept.
struct CAllocs {
    f: unsafe extern "system" fn(*mut c_void, *mut c_void, u32) -> *mut c_void,
    ctx: *mut c_void,
    blocks: Vec<*mut c_void>,
}

impl CAllocs {
    /// `cb` bytes from the caller's allocator (`JET_errOutOfMemory` when it fails).
    fn alloc(&mut self, cb: usize) -> Result<*mut c_void, JET_ERR> {
        let cb = u32::try_from(cb.max(1)).map_err(|_| JET_errOutOfMemory)?;
        // SAFETY: `pfnRealloc(ctx, NULL, cb)` is esent.h's contract for allocating.
        let p = unsafe { (self.f)(self.ctx, core::ptr::null_mut(), cb) };
        if p.is_null() {
            return Err(JET_errOutOfMemory);
        }
        self.blocks.push(p);
        Ok(p)
    }

    /// Keeps everything allocated: the caller owns it now.
    fn keep(mut self) {
        self.blocks.clear();
    }
}

impl Drop for CAllocs {
    fn drop(&mut self) {
        for &p in &self.blocks {
            // SAFETY: `pfnRealloc(ctx, p, 0)` frees `p`, which this allocator returned.
            unsafe { (self.f)(self.ctx, p, 0) };
        }
    }
}

export! {
    /// `JetEnumerateColumns`: the values of the current record (or copy buffer), in memory
    /// from `pfnRealloc`, as [`jet::jet_enumerate_columns`] gives them (particular values of a
    /// column with `ctagSequence` and `rgtagSequence`). Values longer than `cbDataMost` are cut
    /// to it with `JET_wrnColumnTruncated`; `JET_bitEnumerateCompressOutput` gives a column
    /// with one value, all of whose values were asked for, the single-value form
    /// (`JET_wrnColumnSingleValue`).
    JetEnumerateColumns(
        sesid: JET_SESID,
        tableid: JET_TABLEID,
        cEnumColumnId: u32,
        rgEnumColumnId: *mut JET_ENUMCOLUMNID,
        pcEnumColumn: *mut u32,
        prgEnumColumn: *mut *mut JET_ENUMCOLUMN,
        pfnRealloc: JET_PFNREALLOC,
        pvReallocContext: *mut c_void,
        cbDataMost: u32,
        grbit: JET_GRBIT,
    ) {
        need_mut(pcEnumColumn)?;
        need_mut(prgEnumColumn)?;
        let f = pfnRealloc.ok_or(JET_errInvalidParameter)?;
        let ids = ptr::slice(rgEnumColumnId.cast_const(), cEnumColumnId)?;
        let mut wanted = Vec::with_capacity(ids.len());
        for i in ids {
            let tags = ptr::slice(i.rgtagSequence.cast_const(), i.ctagSequence)?;
            wanted.push(jet::JET_ENUMCOLUMNID { columnid: i.columnid, rgtagSequence: tags.to_vec() });
        }
        let list = jet::jet_enumerate_columns(
            sesid,
            tableid,
            (!wanted.is_empty()).then_some(wanted.as_slice()),
            grbit,
        )
        .j()?;
        let mut mem = CAllocs { f, ctx: pvReallocContext, blocks: Vec::new() };
        let cols = mem.alloc(list.len() * size_of::<JET_ENUMCOLUMN>())?.cast::<JET_ENUMCOLUMN>();
        let compress = grbit & JET_bitEnumerateCompressOutput != 0;
        for (k, c) in list.iter().enumerate() {
            let mut copy = |v: &jet::JET_ENUMCOLUMNVALUE| -> Result<(u32, *mut c_void, i32), JET_ERR> {
                let n = v.pvData.len().min(cbDataMost as usize);
                let p = if n == 0 { core::ptr::null_mut() } else { mem.alloc(n)? };
                ptr::copy_out(p.cast::<u8>(), &v.pvData[..n]);
                let err = if n < v.pvData.len() { JET_wrnColumnTruncated } else { v.err };
                Ok((n as u32, p, err))
            };
            // As ESE, only a column all of whose values were asked for.
            let picked = wanted.get(k).is_some_and(|w| !w.rgtagSequence.is_empty());
            let single = compress
                && !picked
                && c.err == 0
                && c.rgEnumColumnValue.len() == 1
                && c.rgEnumColumnValue[0].itagSequence == 1
                && c.rgEnumColumnValue[0].err == 0
                && c.rgEnumColumnValue[0].pvData.len() <= cbDataMost as usize;
            let entry = if single {
                let (cb, p, _) = copy(&c.rgEnumColumnValue[0])?;
                JET_ENUMCOLUMN {
                    columnid: c.columnid,
                    err: JET_wrnColumnSingleValue,
                    values: JET_ENUMCOLUMN_VALUES { single: JET_ENUMCOLUMN_SINGLE { cbData: cb, pvData: p } },
                }
            } else {
                let mut vals = Vec::with_capacity(c.rgEnumColumnValue.len());
                for v in &c.rgEnumColumnValue {
                    let (cb, p, err) = copy(v)?;
                    vals.push(JET_ENUMCOLUMNVALUE { itagSequence: v.itagSequence, err, cbData: cb, pvData: p });
                }
                let rg = if vals.is_empty() {
                    core::ptr::null_mut()
                } else {
                    mem.alloc(vals.len() * size_of::<JET_ENUMCOLUMNVALUE>())?.cast::<JET_ENUMCOLUMNVALUE>()
                };
                ptr::copy_out(rg, &vals);
                JET_ENUMCOLUMN {
                    columnid: c.columnid,
                    err: c.err,
                    values: JET_ENUMCOLUMN_VALUES {
                        multi: JET_ENUMCOLUMN_MULTI { cEnumColumnValue: vals.len() as u32, rgEnumColumnValue: rg },
                    },
                }
            };
            // SAFETY: `cols` holds `list.len()` entries and `k < list.len()`; the caller's
            // allocator returns memory aligned for any structure, as malloc does.
            cols.add(k).write_unaligned(entry);
        }
        mem.keep();
        put(pcEnumColumn, list.len() as u32);
        put(prgEnumColumn, cols);
        Ok(0)
    }
}

/// The sizes of the current record as `JET_RECSIZE2` (added to `*total` with
/// `JET_bitRecordSizeRunningTotal`).
fn record_size(
    sesid: JET_SESID,
    tableid: JET_TABLEID,
    grbit: JET_GRBIT,
    total: JET_RECSIZE2,
) -> Result<JET_RECSIZE2, JET_ERR> {
    let z = jet::jet_get_record_size(sesid, tableid, grbit).j()?;
    let base = if grbit & JET_bitRecordSizeRunningTotal != 0 {
        total
    } else {
        JET_RECSIZE2 {
            cbData: 0,
            cbLongValueData: 0,
            cbOverhead: 0,
            cbLongValueOverhead: 0,
            cNonTaggedColumns: 0,
            cTaggedColumns: 0,
            cLongValues: 0,
            cMultiValues: 0,
            cCompressedColumns: 0,
            cbDataCompressed: 0,
            cbLongValueDataCompressed: 0,
        }
    };
    Ok(JET_RECSIZE2 {
        cbData: base.cbData + z.data,
        cbLongValueData: base.cbLongValueData + z.long_value_data,
        cbOverhead: base.cbOverhead + z.overhead,
        cbLongValueOverhead: base.cbLongValueOverhead + z.long_value_overhead,
        cNonTaggedColumns: base.cNonTaggedColumns + z.non_tagged_columns,
        cTaggedColumns: base.cTaggedColumns + z.tagged_columns,
        cLongValues: base.cLongValues + z.long_values,
        cMultiValues: base.cMultiValues + z.multi_values,
        cCompressedColumns: base.cCompressedColumns + z.compressed_columns,
        cbDataCompressed: base.cbDataCompressed + z.data_compressed,
        cbLongValueDataCompressed: base.cbLongValueDataCompressed + z.long_value_data_compressed,
    })
}

export! {
    /// `JetGetRecordSize2`: the sizes of the current record (or of an unchanged copy
    /// buffer), added to `*precsize` with `JET_bitRecordSizeRunningTotal`.
    JetGetRecordSize2(sesid: JET_SESID, tableid: JET_TABLEID, precsize: *mut JET_RECSIZE2, grbit: JET_GRBIT) {
        let total = ptr::read(precsize.cast_const())?;
        let z = record_size(sesid, tableid, grbit, total)?;
        put(precsize, z);
        Ok(0)
    }
}

export! {
    /// `JetGetRecordSize`: [`JetGetRecordSize2`] without the compression counters.
    JetGetRecordSize(sesid: JET_SESID, tableid: JET_TABLEID, precsize: *mut JET_RECSIZE, grbit: JET_GRBIT) {
        let t = ptr::read(precsize.cast_const())?;
        let total = JET_RECSIZE2 {
            cbData: t.cbData,
            cbLongValueData: t.cbLongValueData,
            cbOverhead: t.cbOverhead,
            cbLongValueOverhead: t.cbLongValueOverhead,
            cNonTaggedColumns: t.cNonTaggedColumns,
            cTaggedColumns: t.cTaggedColumns,
            cLongValues: t.cLongValues,
            cMultiValues: t.cMultiValues,
            cCompressedColumns: 0,
            cbDataCompressed: 0,
            cbLongValueDataCompressed: 0,
        };
        let z = record_size(sesid, tableid, grbit, total)?;
        put(
            precsize,
            JET_RECSIZE {
                cbData: z.cbData,
                cbLongValueData: z.cbLongValueData,
                cbOverhead: z.cbOverhead,
                cbLongValueOverhead: z.cbLongValueOverhead,
                cNonTaggedColumns: z.cNonTaggedColumns,
                cTaggedColumns: z.cTaggedColumns,
                cLongValues: z.cLongValues,
                cMultiValues: z.cMultiValues,
            },
        );
        Ok(0)
    }
}

export! {
    /// `JetRegisterCallback`: `pCallback` is called as
    /// `pCallback(sesid, dbid, tableid, cbtyp, NULL, NULL, pvContext, 0)` around each change
    /// of the cursor's table of a type in `cbtyp` (`JET_cbtypBefore*`/`After*` of inserts,
    /// replaces and deletes); a `Before*` callback's error stops the change with it (an
    /// error code this library does not know as `JET_errCallbackFailed`).
    JetRegisterCallback(
        sesid: JET_SESID,
        tableid: JET_TABLEID,
        cbtyp: JET_CBTYP,
        pCallback: JET_CALLBACK,
        pvContext: *mut c_void,
        phCallbackId: *mut JET_HANDLE,
    ) {
        need_mut(phCallbackId)?;
        let f = c_callback(pCallback, pvContext).ok_or(JET_errInvalidParameter)?;
        let id = jet::jet_register_callback(sesid, tableid, cbtyp, f).j()?;
        put(phCallbackId, id);
        Ok(0)
    }
}

export! {
    /// `JetUnregisterCallback`: removes a callback `JetRegisterCallback` registered.
    JetUnregisterCallback(sesid: JET_SESID, tableid: JET_TABLEID, cbtyp: JET_CBTYP, hCallbackId: JET_HANDLE) {
        jet::jet_unregister_callback(sesid, tableid, cbtyp, hCallbackId).j().map(|()| 0)
    }
}
