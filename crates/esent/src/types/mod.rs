//! The `#[repr(C)]` types of `include/esent.h`: handle and scalar aliases, callback
//! pointers and every structure, with esent.h's names, field names and field order.
//!
//! What must hold: each structure here has the size, alignment and field offsets of the
//! header's structure on the same target; `tests/abi.rs` checks them with the system C
//! compiler. Widths are fixed (`u32` where Windows has `unsigned long`); handles are
//! `usize` (`uintptr_t`). Five structures are packed to 1 byte as in esent.h: [`JET_LOGTIME`],
//! [`JET_BKLOGTIME`], [`JET_LGPOS`], [`JET_SIGNATURE`] and [`JET_BKINFO`].
//!
//! esent.h uses anonymous unions in a few structures. Rust has none, so each becomes a named
//! field of a union type: `JET_INDEXCREATE*.lcid_or_pidxunicode`,
//! `JET_INDEXCREATE*.cbVarSegMac_or_ptuplelimits`, `JET_BKINFO.logtimeMark_or_bklogtimeMark`
//! and `JET_ENUMCOLUMN.values`. The bit-field views that C gives `bFiller1` and `bFiller2` of
//! `JET_LOGTIME` and `JET_BKLOGTIME`, and `ulFlags` of `JET_DBINFOUPGRADE`, are plain integers
//! here (bit 0 is the first bit-field).
//!
//! Structures that hold strings come as `_A` (UTF-8 `char`) and `_W` (UTF-16LE [`WCHAR`]);
//! the unsuffixed alias is the `_A` form.

#![allow(non_camel_case_types, non_snake_case)]

use core::ffi::{c_char, c_void};

pub use ese_jet::types::{
    JET_API_PTR, JET_CBTYP, JET_COLTYP, JET_COLUMNID, JET_DBID, JET_ENGINEFORMATVERSION, JET_ERR,
    JET_GRBIT, JET_HANDLE, JET_INSTANCE, JET_LS, JET_OBJTYP, JET_OSSNAPID, JET_RELOP, JET_SESID,
    JET_SNP, JET_SNT, JET_TABLEID,
};
/// OLE Automation date: days since 1899-12-30 as a double.
pub type JET_DATESERIAL = f64;
/// One UTF-16LE code unit.
pub type WCHAR = u16;
/// NUL-terminated UTF-8 string.
pub type JET_PSTR = *mut c_char;
/// NUL-terminated UTF-8 string, read only.
pub type JET_PCSTR = *const c_char;
/// NUL-terminated UTF-16LE string.
pub type JET_PWSTR = *mut WCHAR;
/// NUL-terminated UTF-16LE string, read only.
pub type JET_PCWSTR = *const WCHAR;

/// Progress callback of long operations; `pv` points to a [`JET_SNPROG`].
pub type JET_PFNSTATUS = Option<
    unsafe extern "system" fn(
        sesid: JET_SESID,
        snp: JET_SNP,
        snt: JET_SNT,
        pv: *mut c_void,
    ) -> JET_ERR,
>;
/// Record-level callback registered on a table.
pub type JET_CALLBACK = Option<
    unsafe extern "system" fn(
        sesid: JET_SESID,
        dbid: JET_DBID,
        tableid: JET_TABLEID,
        cbtyp: JET_CBTYP,
        pvArg1: *mut c_void,
        pvArg2: *mut c_void,
        pvContext: *mut c_void,
        ulUnused: JET_API_PTR,
    ) -> JET_ERR,
>;
/// Allocator of `JetEnumerateColumns`, with `realloc` semantics (`cb` 0 frees).
pub type JET_PFNREALLOC = Option<
    unsafe extern "system" fn(pvContext: *mut c_void, pv: *mut c_void, cb: u32) -> *mut c_void,
>;
/// Called when commits up to `*pCommitIdSeen` are durable.
pub type JET_PFNDURABLECOMMITCALLBACK = Option<
    unsafe extern "system" fn(
        instance: JET_INSTANCE,
        pCommitIdSeen: *mut JET_COMMIT_ID,
        grbit: JET_GRBIT,
    ) -> JET_ERR,
>;

mod headers;
mod records;
mod schema;

pub use headers::*;
pub use records::*;
pub use schema::*;
