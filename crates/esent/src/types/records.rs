//! Structures of record access: retrieving, setting and enumerating columns,
//! positions, index ranges and record sizes.

#![allow(non_camel_case_types, non_snake_case)]

use core::ffi::c_void;

use super::*;

/// Extra input and output of `JetRetrieveColumn`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_RETINFO {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Byte offset into a long value.
    pub ibLongValue: u32,
    /// Which value of a multi-valued column (1-based; 0 as described per call).
    pub itagSequence: u32,
    /// Next tagged column id (output when walking all tagged columns).
    pub columnidNextTagged: JET_COLUMNID,
}

/// Extra input of `JetSetColumn`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_SETINFO {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Byte offset into a long value.
    pub ibLongValue: u32,
    /// Which value of a multi-valued column (1-based; 0 as described per call).
    pub itagSequence: u32,
}

/// Approximate position of a record in an index (`JetGetRecordPosition`, `JetGotoPosition`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_RECPOS {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Entries before the record.
    pub centriesLT: u32,
    /// Entries in range (always 1).
    pub centriesInRange: u32,
    /// Entries in the index.
    pub centriesTotal: u32,
}

/// Approximate position of a record, with 64-bit counts.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_RECPOS2 {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// 32-bit form of `centriesLT`.
    pub centriesLTDeprecated: u32,
    /// 32-bit form of `centriesInRange`.
    pub centriesInRangeDeprecated: u32,
    /// 32-bit form of `centriesTotal`.
    pub centriesTotalDeprecated: u32,
    /// Entries before the record.
    pub centriesLT: u64,
    /// Entries in the index.
    pub centriesTotal: u64,
}

/// Temporary table of bookmarks returned by `JetIntersectIndexes`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_RECORDLIST {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Cursor (table id).
    pub tableid: JET_TABLEID,
    /// Number of records.
    pub cRecord: u32,
    /// Column id of the bookmark column.
    pub columnidBookmark: JET_COLUMNID,
}

/// A cursor with an index range, input of `JetIntersectIndexes`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_INDEXRANGE {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Cursor (table id).
    pub tableid: JET_TABLEID,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
}

/// Start and end conditions of an index range (`JetPrereadIndexRanges`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_INDEX_RANGE {
    /// Conditions of the start of the range.
    pub rgStartColumns: *mut JET_INDEX_COLUMN,
    /// Number of entries in `rgStartColumns`.
    pub cStartColumns: u32,
    /// Conditions of the end of the range.
    pub rgEndColumns: *mut JET_INDEX_COLUMN,
    /// Number of entries in `rgEndColumns`.
    pub cEndColumns: u32,
}

/// One value to set with `JetSetColumns`; `err` is an output.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_SETCOLUMN {
    /// Column id.
    pub columnid: JET_COLUMNID,
    /// The data.
    pub pvData: *const c_void,
    /// Length of the data in bytes.
    pub cbData: u32,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
    /// Byte offset into a long value.
    pub ibLongValue: u32,
    /// Which value of a multi-valued column (1-based; 0 as described per call).
    pub itagSequence: u32,
    /// Result for this entry, written by the engine.
    pub err: JET_ERR,
}

/// One value to read with `JetRetrieveColumns`; `cbActual`, `columnidNextTagged` and `err` are
/// outputs.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_RETRIEVECOLUMN {
    /// Column id.
    pub columnid: JET_COLUMNID,
    /// The data.
    pub pvData: *mut c_void,
    /// Length of the data in bytes.
    pub cbData: u32,
    /// Actual length of the value (output).
    pub cbActual: u32,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
    /// Byte offset into a long value.
    pub ibLongValue: u32,
    /// Which value of a multi-valued column (1-based; 0 as described per call).
    pub itagSequence: u32,
    /// Next tagged column id (output when walking all tagged columns).
    pub columnidNextTagged: JET_COLUMNID,
    /// Result for this entry, written by the engine.
    pub err: JET_ERR,
}

/// A column, and optionally some of its values, to enumerate (`JetEnumerateColumns`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_ENUMCOLUMNID {
    /// Column id.
    pub columnid: JET_COLUMNID,
    /// Number of entries in `rgtagSequence` (0: all values).
    pub ctagSequence: u32,
    /// Which values to enumerate.
    pub rgtagSequence: *mut u32,
}

/// One enumerated value (`JetEnumerateColumns`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_ENUMCOLUMNVALUE {
    /// Which value of a multi-valued column (1-based; 0 as described per call).
    pub itagSequence: u32,
    /// Result for this entry, written by the engine.
    pub err: JET_ERR,
    /// Length of the data in bytes.
    pub cbData: u32,
    /// The data.
    pub pvData: *mut c_void,
}

/// One arm of the anonymous union in JET_ENUMCOLUMN.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_ENUMCOLUMN_MULTI {
    /// Number of values.
    pub cEnumColumnValue: u32,
    /// The values.
    pub rgEnumColumnValue: *mut JET_ENUMCOLUMNVALUE,
}

/// One arm of the anonymous union in JET_ENUMCOLUMN.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_ENUMCOLUMN_SINGLE {
    /// Length of the data in bytes.
    pub cbData: u32,
    /// The data.
    pub pvData: *mut c_void,
}

/// The anonymous union in JET_ENUMCOLUMN (C names its members directly).
#[repr(C)]
#[derive(Clone, Copy)]
pub union JET_ENUMCOLUMN_VALUES {
    /// Used when the column has several values.
    pub multi: JET_ENUMCOLUMN_MULTI,
    /// Used when the column has a single value (`JET_wrnColumnSingleValue`).
    pub single: JET_ENUMCOLUMN_SINGLE,
}

/// Which member is live depends on the context, so the value is shown as opaque.
impl core::fmt::Debug for JET_ENUMCOLUMN_VALUES {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("JET_ENUMCOLUMN_VALUES")
            .finish_non_exhaustive()
    }
}

/// One enumerated column: its values, or its single value when `err` is `JET_wrnColumnSingleValue`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_ENUMCOLUMN {
    /// Column id.
    pub columnid: JET_COLUMNID,
    /// Result for this entry, written by the engine.
    pub err: JET_ERR,
    /// The values, or the single value (an anonymous union in C).
    pub values: JET_ENUMCOLUMN_VALUES,
}

/// Size of a record and its parts (`JetGetRecordSize`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_RECSIZE {
    /// Length of the data in bytes.
    pub cbData: u64,
    /// Bytes of long-value data.
    pub cbLongValueData: u64,
    /// Bytes of record overhead.
    pub cbOverhead: u64,
    /// Bytes of long-value overhead.
    pub cbLongValueOverhead: u64,
    /// Fixed and variable columns present.
    pub cNonTaggedColumns: u64,
    /// Tagged columns present.
    pub cTaggedColumns: u64,
    /// Long values stored separately.
    pub cLongValues: u64,
    /// Values of multi-valued columns beyond the first.
    pub cMultiValues: u64,
}

/// `JET_RECSIZE` plus compression counters (`JetGetRecordSize2`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_RECSIZE2 {
    /// Length of the data in bytes.
    pub cbData: u64,
    /// Bytes of long-value data.
    pub cbLongValueData: u64,
    /// Bytes of record overhead.
    pub cbOverhead: u64,
    /// Bytes of long-value overhead.
    pub cbLongValueOverhead: u64,
    /// Fixed and variable columns present.
    pub cNonTaggedColumns: u64,
    /// Tagged columns present.
    pub cTaggedColumns: u64,
    /// Long values stored separately.
    pub cLongValues: u64,
    /// Values of multi-valued columns beyond the first.
    pub cMultiValues: u64,
    /// Compressed columns.
    pub cCompressedColumns: u64,
    /// Bytes of record data after compression.
    pub cbDataCompressed: u64,
    /// Bytes of long-value data after compression.
    pub cbLongValueDataCompressed: u64,
}
