//! Structures of the schema: column, index and table definitions, the catalog list
//! tables and temporary tables.

#![allow(non_camel_case_types, non_snake_case)]

use core::ffi::{c_char, c_void};

use super::*;

/// Opaque hint that names an index (`JET_IdxInfoIndexId`, `JetSetCurrentIndex4`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_INDEXID {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Opaque bytes.
    pub rgbIndexId: [u8; core::mem::size_of::<JET_API_PTR>()
        + core::mem::size_of::<u32>()
        + core::mem::size_of::<u32>()],
}

/// Information about one table (`JetGetObjectInfo`, `JET_ObjInfo`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_OBJECTINFO {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Object type (`JET_objtyp*`).
    pub objtyp: JET_OBJTYP,
    /// Creation time (deprecated).
    pub dtCreate: JET_DATESERIAL,
    /// Last update time (deprecated).
    pub dtUpdate: JET_DATESERIAL,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
    /// Table flags (`JET_bitObject*`).
    pub flags: u32,
    /// Number of records.
    pub cRecord: u32,
    /// Number of pages.
    pub cPage: u32,
}

/// Temporary table of objects returned by `JET_ObjInfoList`, and the column ids to read it.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_OBJECTLIST {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Cursor (table id).
    pub tableid: JET_TABLEID,
    /// Number of records.
    pub cRecord: u32,
    /// Column id of the `containername` column of the result table.
    pub columnidcontainername: JET_COLUMNID,
    /// Column id of the `objectname` column of the result table.
    pub columnidobjectname: JET_COLUMNID,
    /// Column id of the `objtyp` column of the result table.
    pub columnidobjtyp: JET_COLUMNID,
    /// Column id of the `dtCreate` column of the result table.
    pub columniddtCreate: JET_COLUMNID,
    /// Column id of the `dtUpdate` column of the result table.
    pub columniddtUpdate: JET_COLUMNID,
    /// Column id of the `grbit` column of the result table.
    pub columnidgrbit: JET_COLUMNID,
    /// Column id of the `flags` column of the result table.
    pub columnidflags: JET_COLUMNID,
    /// Column id of the `cRecord` column of the result table.
    pub columnidcRecord: JET_COLUMNID,
    /// Column id of the `cPage` column of the result table.
    pub columnidcPage: JET_COLUMNID,
}

/// Temporary table of columns returned by `JET_ColInfoList`, and the column ids to read it.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_COLUMNLIST {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Cursor (table id).
    pub tableid: JET_TABLEID,
    /// Number of records.
    pub cRecord: u32,
    /// Column id of the `PresentationOrder` column of the result table.
    pub columnidPresentationOrder: JET_COLUMNID,
    /// Column id of the `columnname` column of the result table.
    pub columnidcolumnname: JET_COLUMNID,
    /// Column id of the `columnid` column of the result table.
    pub columnidcolumnid: JET_COLUMNID,
    /// Column id of the `coltyp` column of the result table.
    pub columnidcoltyp: JET_COLUMNID,
    /// Column id of the `Country` column of the result table.
    pub columnidCountry: JET_COLUMNID,
    /// Column id of the `Langid` column of the result table.
    pub columnidLangid: JET_COLUMNID,
    /// Column id of the `Cp` column of the result table.
    pub columnidCp: JET_COLUMNID,
    /// Column id of the `Collate` column of the result table.
    pub columnidCollate: JET_COLUMNID,
    /// Column id of the `cbMax` column of the result table.
    pub columnidcbMax: JET_COLUMNID,
    /// Column id of the `grbit` column of the result table.
    pub columnidgrbit: JET_COLUMNID,
    /// Column id of the `Default` column of the result table.
    pub columnidDefault: JET_COLUMNID,
    /// Column id of the `BaseTableName` column of the result table.
    pub columnidBaseTableName: JET_COLUMNID,
    /// Column id of the `BaseColumnName` column of the result table.
    pub columnidBaseColumnName: JET_COLUMNID,
    /// Column id of the `DefinitionName` column of the result table.
    pub columnidDefinitionName: JET_COLUMNID,
}

/// Definition of a column (`JetAddColumn`, `JET_ColInfo`, temporary tables).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_COLUMNDEF {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Column id.
    pub columnid: JET_COLUMNID,
    /// Column type (`JET_coltyp*`).
    pub coltyp: JET_COLTYP,
    /// Country/region code (obsolete; 0).
    pub wCountry: u16,
    /// Language id (obsolete; 0).
    pub langid: u16,
    /// Code page of a text column (1252 or 1200).
    pub cp: u16,
    /// Collation (obsolete; must be 0).
    pub wCollate: u16,
    /// Maximum length in bytes.
    pub cbMax: u32,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
}

/// Definition of a column with the table it comes from (`JET_ColInfoBase`). Narrow form: strings
/// are `char` (UTF-8).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_COLUMNBASE_A {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Column id.
    pub columnid: JET_COLUMNID,
    /// Column type (`JET_coltyp*`).
    pub coltyp: JET_COLTYP,
    /// Country/region code (obsolete; 0).
    pub wCountry: u16,
    /// Language id (obsolete; 0).
    pub langid: u16,
    /// Code page of a text column (1252 or 1200).
    pub cp: u16,
    /// Padding (must be 0).
    pub wFiller: u16,
    /// Maximum length in bytes.
    pub cbMax: u32,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
    /// Table that defines the column.
    pub szBaseTableName: [c_char; 256],
    /// Column name in that table.
    pub szBaseColumnName: [c_char; 256],
}

/// Definition of a column with the table it comes from (`JET_ColInfoBase`). Wide form: strings are
/// `WCHAR` (UTF-16LE).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_COLUMNBASE_W {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Column id.
    pub columnid: JET_COLUMNID,
    /// Column type (`JET_coltyp*`).
    pub coltyp: JET_COLTYP,
    /// Country/region code (obsolete; 0).
    pub wCountry: u16,
    /// Language id (obsolete; 0).
    pub langid: u16,
    /// Code page of a text column (1252 or 1200).
    pub cp: u16,
    /// Padding (must be 0).
    pub wFiller: u16,
    /// Maximum length in bytes.
    pub cbMax: u32,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
    /// Table that defines the column.
    pub szBaseTableName: [WCHAR; 256],
    /// Column name in that table.
    pub szBaseColumnName: [WCHAR; 256],
}

/// `JET_COLUMNBASE` is the narrow form, as in esent.h without `JET_UNICODE`.
pub type JET_COLUMNBASE = JET_COLUMNBASE_A;

/// Temporary table of index segments returned by `JET_IdxInfoList`, and the column ids to read it.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_INDEXLIST {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Cursor (table id).
    pub tableid: JET_TABLEID,
    /// Number of records.
    pub cRecord: u32,
    /// Column id of the `indexname` column of the result table.
    pub columnidindexname: JET_COLUMNID,
    /// Column id of the `grbitIndex` column of the result table.
    pub columnidgrbitIndex: JET_COLUMNID,
    /// Column id of the `cKey` column of the result table.
    pub columnidcKey: JET_COLUMNID,
    /// Column id of the `cEntry` column of the result table.
    pub columnidcEntry: JET_COLUMNID,
    /// Column id of the `cPage` column of the result table.
    pub columnidcPage: JET_COLUMNID,
    /// Column id of the `cColumn` column of the result table.
    pub columnidcColumn: JET_COLUMNID,
    /// Column id of the `iColumn` column of the result table.
    pub columnidiColumn: JET_COLUMNID,
    /// Column id of the `columnid` column of the result table.
    pub columnidcolumnid: JET_COLUMNID,
    /// Column id of the `coltyp` column of the result table.
    pub columnidcoltyp: JET_COLUMNID,
    /// Column id of the `Country` column of the result table.
    pub columnidCountry: JET_COLUMNID,
    /// Column id of the `Langid` column of the result table.
    pub columnidLangid: JET_COLUMNID,
    /// Column id of the `Cp` column of the result table.
    pub columnidCp: JET_COLUMNID,
    /// Column id of the `Collate` column of the result table.
    pub columnidCollate: JET_COLUMNID,
    /// Column id of the `grbitColumn` column of the result table.
    pub columnidgrbitColumn: JET_COLUMNID,
    /// Column id of the `columnname` column of the result table.
    pub columnidcolumnname: JET_COLUMNID,
    /// Column id of the `LCMapFlags` column of the result table.
    pub columnidLCMapFlags: JET_COLUMNID,
}

/// One column to create with `JetCreateTableColumnIndex*`; `columnid` and `err` are outputs. Narrow
/// form: strings are `char` (UTF-8).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_COLUMNCREATE_A {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Column name.
    pub szColumnName: *mut c_char,
    /// Column type (`JET_coltyp*`).
    pub coltyp: JET_COLTYP,
    /// Maximum length in bytes.
    pub cbMax: u32,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
    /// Default value, or NULL.
    pub pvDefault: *mut c_void,
    /// Length of the default value in bytes.
    pub cbDefault: u32,
    /// Code page of a text column (1252 or 1200).
    pub cp: u32,
    /// Column id.
    pub columnid: JET_COLUMNID,
    /// Result for this entry, written by the engine.
    pub err: JET_ERR,
}

/// One column to create with `JetCreateTableColumnIndex*`; `columnid` and `err` are outputs. Wide
/// form: strings are `WCHAR` (UTF-16LE).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_COLUMNCREATE_W {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Column name.
    pub szColumnName: *mut WCHAR,
    /// Column type (`JET_coltyp*`).
    pub coltyp: JET_COLTYP,
    /// Maximum length in bytes.
    pub cbMax: u32,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
    /// Default value, or NULL.
    pub pvDefault: *mut c_void,
    /// Length of the default value in bytes.
    pub cbDefault: u32,
    /// Code page of a text column (1252 or 1200).
    pub cp: u32,
    /// Column id.
    pub columnid: JET_COLUMNID,
    /// Result for this entry, written by the engine.
    pub err: JET_ERR,
}

/// `JET_COLUMNCREATE` is the narrow form, as in esent.h without `JET_UNICODE`.
pub type JET_COLUMNCREATE = JET_COLUMNCREATE_A;

/// A default value computed by a callback (`JET_bitColumnUserDefinedDefault`). Narrow form: strings
/// are `char` (UTF-8).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_USERDEFINEDDEFAULT_A {
    /// Callback, as `library!function`, or NULL.
    pub szCallback: *mut c_char,
    /// Data passed to the callback.
    pub pbUserData: *mut u8,
    /// Length of `pbUserData` in bytes.
    pub cbUserData: u32,
    /// Columns the default depends on: NUL-separated names ending with an extra NUL.
    pub szDependantColumns: *mut c_char,
}

/// A default value computed by a callback (`JET_bitColumnUserDefinedDefault`). Wide form: strings
/// are `WCHAR` (UTF-16LE).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_USERDEFINEDDEFAULT_W {
    /// Callback, as `library!function`, or NULL.
    pub szCallback: *mut WCHAR,
    /// Data passed to the callback.
    pub pbUserData: *mut u8,
    /// Length of `pbUserData` in bytes.
    pub cbUserData: u32,
    /// Columns the default depends on: NUL-separated names ending with an extra NUL.
    pub szDependantColumns: *mut WCHAR,
}

/// `JET_USERDEFINEDDEFAULT` is the narrow form, as in esent.h without `JET_UNICODE`.
pub type JET_USERDEFINEDDEFAULT = JET_USERDEFINEDDEFAULT_A;

/// A condition of a sparse (conditional) index. Narrow form: strings are `char` (UTF-8).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_CONDITIONALCOLUMN_A {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Column name.
    pub szColumnName: *mut c_char,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
}

/// A condition of a sparse (conditional) index. Wide form: strings are `WCHAR` (UTF-16LE).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_CONDITIONALCOLUMN_W {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Column name.
    pub szColumnName: *mut WCHAR,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
}

/// `JET_CONDITIONALCOLUMN` is the narrow form, as in esent.h without `JET_UNICODE`.
pub type JET_CONDITIONALCOLUMN = JET_CONDITIONALCOLUMN_A;

/// Locale (by LCID) and map flags of a Unicode index.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_UNICODEINDEX {
    /// Locale id.
    pub lcid: u32,
    /// Map flags of the Unicode normalization.
    pub dwMapFlags: u32,
}

/// Locale (by name) and map flags of a Unicode index.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_UNICODEINDEX2 {
    /// Locale name (UTF-16).
    pub szLocaleName: *mut WCHAR,
    /// Map flags of the Unicode normalization.
    pub dwMapFlags: u32,
}

/// Limits of a tuple (substring) index.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_TUPLELIMITS {
    /// Shortest tuple indexed, in characters.
    pub chLengthMin: u32,
    /// Longest tuple indexed, in characters.
    pub chLengthMax: u32,
    /// Most characters of a value that are indexed.
    pub chToIndexMax: u32,
    /// Characters between the starts of two tuples.
    pub cchIncrement: u32,
    /// Character at which tuples start.
    pub ichStart: u32,
}

/// Space allocation hints for a table, index or long-value tree.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_SPACEHINTS {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Initial page density in percent.
    pub ulInitialDensity: u32,
    /// Initial size in bytes.
    pub cbInitial: u32,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
    /// Page density kept by maintenance, in percent.
    pub ulMaintDensity: u32,
    /// Growth of each extension, in percent.
    pub ulGrowth: u32,
    /// Smallest extension in bytes.
    pub cbMinExtent: u32,
    /// Largest extension in bytes.
    pub cbMaxExtent: u32,
}

/// Union inside JET_INDEXCREATE (anonymous in C; its members are named in C as below).
#[repr(C)]
#[derive(Clone, Copy)]
pub union JET_INDEXCREATE_LOCALE {
    /// Locale id.
    pub lcid: u32,
    /// Locale and map flags of a Unicode index.
    pub pidxunicode: *mut JET_UNICODEINDEX,
}

/// Which member is live depends on the context, so the value is shown as opaque.
impl core::fmt::Debug for JET_INDEXCREATE_LOCALE {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("JET_INDEXCREATE_LOCALE")
            .finish_non_exhaustive()
    }
}

/// Union inside JET_INDEXCREATE (anonymous in C; its members are named in C as below).
#[repr(C)]
#[derive(Clone, Copy)]
pub union JET_INDEXCREATE_SEGMENT {
    /// Most bytes one variable segment may add to a key (0: no limit).
    pub cbVarSegMac: u32,
    /// Tuple-index limits (with `JET_bitIndexTupleLimits`).
    pub ptuplelimits: *mut JET_TUPLELIMITS,
}

/// Which member is live depends on the context, so the value is shown as opaque.
impl core::fmt::Debug for JET_INDEXCREATE_SEGMENT {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("JET_INDEXCREATE_SEGMENT")
            .finish_non_exhaustive()
    }
}

/// One index to create (`JetCreateIndex2`, `JET_TABLECREATE`); `err` is an output. Narrow form:
/// strings are `char` (UTF-8).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_INDEXCREATE_A {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Index name.
    pub szIndexName: *mut c_char,
    /// Key description: `+`/`-` prefixed column names, each NUL-terminated, ending with an extra
    /// NUL.
    pub szKey: *mut c_char,
    /// Length of `szKey` in bytes (characters for W) including both terminating NULs.
    pub cbKey: u32,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
    /// Page density in percent (0 means the default).
    pub ulDensity: u32,
    /// The anonymous union of `lcid` and `pidxunicode`.
    pub lcid_or_pidxunicode: JET_INDEXCREATE_LOCALE,
    /// The anonymous union of `cbVarSegMac` and `ptuplelimits`.
    pub cbVarSegMac_or_ptuplelimits: JET_INDEXCREATE_SEGMENT,
    /// Conditions of a sparse index.
    pub rgconditionalcolumn: *mut JET_CONDITIONALCOLUMN_A,
    /// Number of entries in `rgconditionalcolumn`.
    pub cConditionalColumn: u32,
    /// Result for this entry, written by the engine.
    pub err: JET_ERR,
    /// Largest key in bytes (with `JET_bitIndexKeyMost`).
    pub cbKeyMost: u32,
}

/// One index to create (`JetCreateIndex2`, `JET_TABLECREATE`); `err` is an output. Wide form:
/// strings are `WCHAR` (UTF-16LE).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_INDEXCREATE_W {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Index name.
    pub szIndexName: *mut WCHAR,
    /// Key description: `+`/`-` prefixed column names, each NUL-terminated, ending with an extra
    /// NUL.
    pub szKey: *mut WCHAR,
    /// Length of `szKey` in bytes (characters for W) including both terminating NULs.
    pub cbKey: u32,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
    /// Page density in percent (0 means the default).
    pub ulDensity: u32,
    /// The anonymous union of `lcid` and `pidxunicode`.
    pub lcid_or_pidxunicode: JET_INDEXCREATE_LOCALE,
    /// The anonymous union of `cbVarSegMac` and `ptuplelimits`.
    pub cbVarSegMac_or_ptuplelimits: JET_INDEXCREATE_SEGMENT,
    /// Conditions of a sparse index.
    pub rgconditionalcolumn: *mut JET_CONDITIONALCOLUMN_W,
    /// Number of entries in `rgconditionalcolumn`.
    pub cConditionalColumn: u32,
    /// Result for this entry, written by the engine.
    pub err: JET_ERR,
    /// Largest key in bytes (with `JET_bitIndexKeyMost`).
    pub cbKeyMost: u32,
}

/// `JET_INDEXCREATE` is the narrow form, as in esent.h without `JET_UNICODE`.
pub type JET_INDEXCREATE = JET_INDEXCREATE_A;

/// One index to create with space hints (`JetCreateIndex3`, `JET_TABLECREATE3`). Narrow form:
/// strings are `char` (UTF-8).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_INDEXCREATE2_A {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Index name.
    pub szIndexName: *mut c_char,
    /// Key description: `+`/`-` prefixed column names, each NUL-terminated, ending with an extra
    /// NUL.
    pub szKey: *mut c_char,
    /// Length of `szKey` in bytes (characters for W) including both terminating NULs.
    pub cbKey: u32,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
    /// Page density in percent (0 means the default).
    pub ulDensity: u32,
    /// The anonymous union of `lcid` and `pidxunicode`.
    pub lcid_or_pidxunicode: JET_INDEXCREATE_LOCALE,
    /// The anonymous union of `cbVarSegMac` and `ptuplelimits`.
    pub cbVarSegMac_or_ptuplelimits: JET_INDEXCREATE_SEGMENT,
    /// Conditions of a sparse index.
    pub rgconditionalcolumn: *mut JET_CONDITIONALCOLUMN_A,
    /// Number of entries in `rgconditionalcolumn`.
    pub cConditionalColumn: u32,
    /// Result for this entry, written by the engine.
    pub err: JET_ERR,
    /// Largest key in bytes (with `JET_bitIndexKeyMost`).
    pub cbKeyMost: u32,
    /// Space hints, or NULL.
    pub pSpacehints: *mut JET_SPACEHINTS,
}

/// One index to create with space hints (`JetCreateIndex3`, `JET_TABLECREATE3`). Wide form: strings
/// are `WCHAR` (UTF-16LE).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_INDEXCREATE2_W {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Index name.
    pub szIndexName: *mut WCHAR,
    /// Key description: `+`/`-` prefixed column names, each NUL-terminated, ending with an extra
    /// NUL.
    pub szKey: *mut WCHAR,
    /// Length of `szKey` in bytes (characters for W) including both terminating NULs.
    pub cbKey: u32,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
    /// Page density in percent (0 means the default).
    pub ulDensity: u32,
    /// The anonymous union of `lcid` and `pidxunicode`.
    pub lcid_or_pidxunicode: JET_INDEXCREATE_LOCALE,
    /// The anonymous union of `cbVarSegMac` and `ptuplelimits`.
    pub cbVarSegMac_or_ptuplelimits: JET_INDEXCREATE_SEGMENT,
    /// Conditions of a sparse index.
    pub rgconditionalcolumn: *mut JET_CONDITIONALCOLUMN_W,
    /// Number of entries in `rgconditionalcolumn`.
    pub cConditionalColumn: u32,
    /// Result for this entry, written by the engine.
    pub err: JET_ERR,
    /// Largest key in bytes (with `JET_bitIndexKeyMost`).
    pub cbKeyMost: u32,
    /// Space hints, or NULL.
    pub pSpacehints: *mut JET_SPACEHINTS,
}

/// `JET_INDEXCREATE2` is the narrow form, as in esent.h without `JET_UNICODE`.
pub type JET_INDEXCREATE2 = JET_INDEXCREATE2_A;

/// One index to create with a locale name (`JetCreateIndex4`, `JET_TABLECREATE4`). Narrow form:
/// strings are `char` (UTF-8).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_INDEXCREATE3_A {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Index name.
    pub szIndexName: *mut c_char,
    /// Key description: `+`/`-` prefixed column names, each NUL-terminated, ending with an extra
    /// NUL.
    pub szKey: *mut c_char,
    /// Length of `szKey` in bytes (characters for W) including both terminating NULs.
    pub cbKey: u32,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
    /// Page density in percent (0 means the default).
    pub ulDensity: u32,
    /// Locale and map flags of a Unicode index.
    pub pidxunicode: *mut JET_UNICODEINDEX2,
    /// The anonymous union of `cbVarSegMac` and `ptuplelimits`.
    pub cbVarSegMac_or_ptuplelimits: JET_INDEXCREATE_SEGMENT,
    /// Conditions of a sparse index.
    pub rgconditionalcolumn: *mut JET_CONDITIONALCOLUMN_A,
    /// Number of entries in `rgconditionalcolumn`.
    pub cConditionalColumn: u32,
    /// Result for this entry, written by the engine.
    pub err: JET_ERR,
    /// Largest key in bytes (with `JET_bitIndexKeyMost`).
    pub cbKeyMost: u32,
    /// Space hints, or NULL.
    pub pSpacehints: *mut JET_SPACEHINTS,
}

/// One index to create with a locale name (`JetCreateIndex4`, `JET_TABLECREATE4`). Wide form:
/// strings are `WCHAR` (UTF-16LE).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_INDEXCREATE3_W {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Index name.
    pub szIndexName: *mut WCHAR,
    /// Key description: `+`/`-` prefixed column names, each NUL-terminated, ending with an extra
    /// NUL.
    pub szKey: *mut WCHAR,
    /// Length of `szKey` in bytes (characters for W) including both terminating NULs.
    pub cbKey: u32,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
    /// Page density in percent (0 means the default).
    pub ulDensity: u32,
    /// Locale and map flags of a Unicode index.
    pub pidxunicode: *mut JET_UNICODEINDEX2,
    /// The anonymous union of `cbVarSegMac` and `ptuplelimits`.
    pub cbVarSegMac_or_ptuplelimits: JET_INDEXCREATE_SEGMENT,
    /// Conditions of a sparse index.
    pub rgconditionalcolumn: *mut JET_CONDITIONALCOLUMN_W,
    /// Number of entries in `rgconditionalcolumn`.
    pub cConditionalColumn: u32,
    /// Result for this entry, written by the engine.
    pub err: JET_ERR,
    /// Largest key in bytes (with `JET_bitIndexKeyMost`).
    pub cbKeyMost: u32,
    /// Space hints, or NULL.
    pub pSpacehints: *mut JET_SPACEHINTS,
}

/// `JET_INDEXCREATE3` is the narrow form, as in esent.h without `JET_UNICODE`.
pub type JET_INDEXCREATE3 = JET_INDEXCREATE3_A;

/// A table with its columns and indexes (`JetCreateTableColumnIndex`); `tableid` and `cCreated` are
/// outputs. Narrow form: strings are `char` (UTF-8).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_TABLECREATE_A {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Table name.
    pub szTableName: *mut c_char,
    /// Template table name, or NULL.
    pub szTemplateTableName: *mut c_char,
    /// Initial size in pages.
    pub ulPages: u32,
    /// Page density in percent (0 means the default).
    pub ulDensity: u32,
    /// Columns to create.
    pub rgcolumncreate: *mut JET_COLUMNCREATE_A,
    /// Number of entries in `rgcolumncreate`.
    pub cColumns: u32,
    /// Indexes to create.
    pub rgindexcreate: *mut JET_INDEXCREATE_A,
    /// Number of entries in `rgindexcreate`.
    pub cIndexes: u32,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
    /// Cursor (table id).
    pub tableid: JET_TABLEID,
    /// Number of objects created: the table, its columns and its indexes (output).
    pub cCreated: u32,
}

/// A table with its columns and indexes (`JetCreateTableColumnIndex`); `tableid` and `cCreated` are
/// outputs. Wide form: strings are `WCHAR` (UTF-16LE).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_TABLECREATE_W {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Table name.
    pub szTableName: *mut WCHAR,
    /// Template table name, or NULL.
    pub szTemplateTableName: *mut WCHAR,
    /// Initial size in pages.
    pub ulPages: u32,
    /// Page density in percent (0 means the default).
    pub ulDensity: u32,
    /// Columns to create.
    pub rgcolumncreate: *mut JET_COLUMNCREATE_W,
    /// Number of entries in `rgcolumncreate`.
    pub cColumns: u32,
    /// Indexes to create.
    pub rgindexcreate: *mut JET_INDEXCREATE_W,
    /// Number of entries in `rgindexcreate`.
    pub cIndexes: u32,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
    /// Cursor (table id).
    pub tableid: JET_TABLEID,
    /// Number of objects created: the table, its columns and its indexes (output).
    pub cCreated: u32,
}

/// `JET_TABLECREATE` is the narrow form, as in esent.h without `JET_UNICODE`.
pub type JET_TABLECREATE = JET_TABLECREATE_A;

/// `JET_TABLECREATE` plus a callback (`JetCreateTableColumnIndex2`). Narrow form: strings are
/// `char` (UTF-8).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_TABLECREATE2_A {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Table name.
    pub szTableName: *mut c_char,
    /// Template table name, or NULL.
    pub szTemplateTableName: *mut c_char,
    /// Initial size in pages.
    pub ulPages: u32,
    /// Page density in percent (0 means the default).
    pub ulDensity: u32,
    /// Columns to create.
    pub rgcolumncreate: *mut JET_COLUMNCREATE_A,
    /// Number of entries in `rgcolumncreate`.
    pub cColumns: u32,
    /// Indexes to create.
    pub rgindexcreate: *mut JET_INDEXCREATE_A,
    /// Number of entries in `rgindexcreate`.
    pub cIndexes: u32,
    /// Callback, as `library!function`, or NULL.
    pub szCallback: *mut c_char,
    /// When the callback runs (`JET_cbtyp*`).
    pub cbtyp: JET_CBTYP,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
    /// Cursor (table id).
    pub tableid: JET_TABLEID,
    /// Number of objects created: the table, its columns and its indexes (output).
    pub cCreated: u32,
}

/// `JET_TABLECREATE` plus a callback (`JetCreateTableColumnIndex2`). Wide form: strings are `WCHAR`
/// (UTF-16LE).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_TABLECREATE2_W {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Table name.
    pub szTableName: *mut WCHAR,
    /// Template table name, or NULL.
    pub szTemplateTableName: *mut WCHAR,
    /// Initial size in pages.
    pub ulPages: u32,
    /// Page density in percent (0 means the default).
    pub ulDensity: u32,
    /// Columns to create.
    pub rgcolumncreate: *mut JET_COLUMNCREATE_W,
    /// Number of entries in `rgcolumncreate`.
    pub cColumns: u32,
    /// Indexes to create.
    pub rgindexcreate: *mut JET_INDEXCREATE_W,
    /// Number of entries in `rgindexcreate`.
    pub cIndexes: u32,
    /// Callback, as `library!function`, or NULL.
    pub szCallback: *mut WCHAR,
    /// When the callback runs (`JET_cbtyp*`).
    pub cbtyp: JET_CBTYP,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
    /// Cursor (table id).
    pub tableid: JET_TABLEID,
    /// Number of objects created: the table, its columns and its indexes (output).
    pub cCreated: u32,
}

/// `JET_TABLECREATE2` is the narrow form, as in esent.h without `JET_UNICODE`.
pub type JET_TABLECREATE2 = JET_TABLECREATE2_A;

/// `JET_TABLECREATE2` plus space hints (`JetCreateTableColumnIndex3`). Narrow form: strings are
/// `char` (UTF-8).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_TABLECREATE3_A {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Table name.
    pub szTableName: *mut c_char,
    /// Template table name, or NULL.
    pub szTemplateTableName: *mut c_char,
    /// Initial size in pages.
    pub ulPages: u32,
    /// Page density in percent (0 means the default).
    pub ulDensity: u32,
    /// Columns to create.
    pub rgcolumncreate: *mut JET_COLUMNCREATE_A,
    /// Number of entries in `rgcolumncreate`.
    pub cColumns: u32,
    /// Indexes to create.
    pub rgindexcreate: *mut JET_INDEXCREATE2_A,
    /// Number of entries in `rgindexcreate`.
    pub cIndexes: u32,
    /// Callback, as `library!function`, or NULL.
    pub szCallback: *mut c_char,
    /// When the callback runs (`JET_cbtyp*`).
    pub cbtyp: JET_CBTYP,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
    /// Space hints of the table's primary tree, or NULL.
    pub pSeqSpacehints: *mut JET_SPACEHINTS,
    /// Space hints of the long-value tree, or NULL.
    pub pLVSpacehints: *mut JET_SPACEHINTS,
    /// Long values longer than this are stored outside the record.
    pub cbSeparateLV: u32,
    /// Cursor (table id).
    pub tableid: JET_TABLEID,
    /// Number of objects created: the table, its columns and its indexes (output).
    pub cCreated: u32,
}

/// `JET_TABLECREATE2` plus space hints (`JetCreateTableColumnIndex3`). Wide form: strings are
/// `WCHAR` (UTF-16LE).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_TABLECREATE3_W {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Table name.
    pub szTableName: *mut WCHAR,
    /// Template table name, or NULL.
    pub szTemplateTableName: *mut WCHAR,
    /// Initial size in pages.
    pub ulPages: u32,
    /// Page density in percent (0 means the default).
    pub ulDensity: u32,
    /// Columns to create.
    pub rgcolumncreate: *mut JET_COLUMNCREATE_W,
    /// Number of entries in `rgcolumncreate`.
    pub cColumns: u32,
    /// Indexes to create.
    pub rgindexcreate: *mut JET_INDEXCREATE2_W,
    /// Number of entries in `rgindexcreate`.
    pub cIndexes: u32,
    /// Callback, as `library!function`, or NULL.
    pub szCallback: *mut WCHAR,
    /// When the callback runs (`JET_cbtyp*`).
    pub cbtyp: JET_CBTYP,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
    /// Space hints of the table's primary tree, or NULL.
    pub pSeqSpacehints: *mut JET_SPACEHINTS,
    /// Space hints of the long-value tree, or NULL.
    pub pLVSpacehints: *mut JET_SPACEHINTS,
    /// Long values longer than this are stored outside the record.
    pub cbSeparateLV: u32,
    /// Cursor (table id).
    pub tableid: JET_TABLEID,
    /// Number of objects created: the table, its columns and its indexes (output).
    pub cCreated: u32,
}

/// `JET_TABLECREATE3` is the narrow form, as in esent.h without `JET_UNICODE`.
pub type JET_TABLECREATE3 = JET_TABLECREATE3_A;

/// `JET_TABLECREATE3` with `JET_INDEXCREATE3` indexes (`JetCreateTableColumnIndex4`). Narrow form:
/// strings are `char` (UTF-8).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_TABLECREATE4_A {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Table name.
    pub szTableName: *mut c_char,
    /// Template table name, or NULL.
    pub szTemplateTableName: *mut c_char,
    /// Initial size in pages.
    pub ulPages: u32,
    /// Page density in percent (0 means the default).
    pub ulDensity: u32,
    /// Columns to create.
    pub rgcolumncreate: *mut JET_COLUMNCREATE_A,
    /// Number of entries in `rgcolumncreate`.
    pub cColumns: u32,
    /// Indexes to create.
    pub rgindexcreate: *mut JET_INDEXCREATE3_A,
    /// Number of entries in `rgindexcreate`.
    pub cIndexes: u32,
    /// Callback, as `library!function`, or NULL.
    pub szCallback: *mut c_char,
    /// When the callback runs (`JET_cbtyp*`).
    pub cbtyp: JET_CBTYP,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
    /// Space hints of the table's primary tree, or NULL.
    pub pSeqSpacehints: *mut JET_SPACEHINTS,
    /// Space hints of the long-value tree, or NULL.
    pub pLVSpacehints: *mut JET_SPACEHINTS,
    /// Long values longer than this are stored outside the record.
    pub cbSeparateLV: u32,
    /// Cursor (table id).
    pub tableid: JET_TABLEID,
    /// Number of objects created: the table, its columns and its indexes (output).
    pub cCreated: u32,
}

/// `JET_TABLECREATE3` with `JET_INDEXCREATE3` indexes (`JetCreateTableColumnIndex4`). Wide form:
/// strings are `WCHAR` (UTF-16LE).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_TABLECREATE4_W {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Table name.
    pub szTableName: *mut WCHAR,
    /// Template table name, or NULL.
    pub szTemplateTableName: *mut WCHAR,
    /// Initial size in pages.
    pub ulPages: u32,
    /// Page density in percent (0 means the default).
    pub ulDensity: u32,
    /// Columns to create.
    pub rgcolumncreate: *mut JET_COLUMNCREATE_W,
    /// Number of entries in `rgcolumncreate`.
    pub cColumns: u32,
    /// Indexes to create.
    pub rgindexcreate: *mut JET_INDEXCREATE3_W,
    /// Number of entries in `rgindexcreate`.
    pub cIndexes: u32,
    /// Callback, as `library!function`, or NULL.
    pub szCallback: *mut WCHAR,
    /// When the callback runs (`JET_cbtyp*`).
    pub cbtyp: JET_CBTYP,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
    /// Space hints of the table's primary tree, or NULL.
    pub pSeqSpacehints: *mut JET_SPACEHINTS,
    /// Space hints of the long-value tree, or NULL.
    pub pLVSpacehints: *mut JET_SPACEHINTS,
    /// Long values longer than this are stored outside the record.
    pub cbSeparateLV: u32,
    /// Cursor (table id).
    pub tableid: JET_TABLEID,
    /// Number of objects created: the table, its columns and its indexes (output).
    pub cCreated: u32,
}

/// `JET_TABLECREATE4` is the narrow form, as in esent.h without `JET_UNICODE`.
pub type JET_TABLECREATE4 = JET_TABLECREATE4_A;

/// Temporary table to open (`JetOpenTemporaryTable`); `tableid` and the column ids are outputs.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_OPENTEMPORARYTABLE {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Columns of the table.
    pub prgcolumndef: *const JET_COLUMNDEF,
    /// Number of columns.
    pub ccolumn: u32,
    /// Locale and map flags of a Unicode index.
    pub pidxunicode: *mut JET_UNICODEINDEX,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
    /// Column ids assigned (output, one per column).
    pub prgcolumnid: *mut JET_COLUMNID,
    /// Largest key in bytes (with `JET_bitIndexKeyMost`).
    pub cbKeyMost: u32,
    /// Most bytes one variable segment may add to a key (0: no limit).
    pub cbVarSegMac: u32,
    /// Cursor (table id).
    pub tableid: JET_TABLEID,
}

/// Temporary table to open with a locale name (`JetOpenTemporaryTable2`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_OPENTEMPORARYTABLE2 {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Columns of the table.
    pub prgcolumndef: *const JET_COLUMNDEF,
    /// Number of columns.
    pub ccolumn: u32,
    /// Locale and map flags of a Unicode index.
    pub pidxunicode: *mut JET_UNICODEINDEX2,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
    /// Column ids assigned (output, one per column).
    pub prgcolumnid: *mut JET_COLUMNID,
    /// Largest key in bytes (with `JET_bitIndexKeyMost`).
    pub cbKeyMost: u32,
    /// Most bytes one variable segment may add to a key (0: no limit).
    pub cbVarSegMac: u32,
    /// Cursor (table id).
    pub tableid: JET_TABLEID,
}

/// One column condition of a cursor filter or index range.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_INDEX_COLUMN {
    /// Column id.
    pub columnid: JET_COLUMNID,
    /// Comparison (`JET_relop*`).
    pub relop: JET_RELOP,
    /// Value compared with.
    pub pv: *mut c_void,
    /// Length of `pv` in bytes.
    pub cb: u32,
    /// Option bits (`JET_bit*`).
    pub grbit: JET_GRBIT,
}
