//! esent.h's scalar and handle types, with fixed widths: 32-bit codes, grbits, ids and
//! column types on every target, pointer-sized handles (`uintptr_t`). The C library's
//! structures and the constants in [`crate::consts`] are written with them.

#![allow(non_camel_case_types)]

/// Pointer-sized unsigned integer used for handles and pointer-sized parameters (`uintptr_t`).
pub type JET_API_PTR = usize;
/// Result of every call: 0 success, negative error, positive warning (`int32_t`).
pub type JET_ERR = i32;
/// An engine format version (`JET_efv*`).
pub type JET_ENGINEFORMATVERSION = u32;
/// Handle of a file opened for streaming backup.
pub type JET_HANDLE = JET_API_PTR;
/// An instance handle (`JET_INSTANCE`).
pub type JET_INSTANCE = JET_API_PTR;
/// A session handle (`JET_SESID`).
pub type JET_SESID = JET_API_PTR;
/// A cursor handle (`JET_TABLEID`).
pub type JET_TABLEID = JET_API_PTR;
/// Local-storage value attached to a cursor or table.
pub type JET_LS = JET_API_PTR;
/// Handle of an OS snapshot session.
pub type JET_OSSNAPID = JET_API_PTR;
/// A column id (`JET_COLUMNID`).
pub type JET_COLUMNID = u32;
/// A database id (`JET_DBID`), 1–6 within an instance.
pub type JET_DBID = u32;
/// Object type (`JET_objtyp*`).
pub type JET_OBJTYP = u32;
/// Column type (`JET_coltyp*`).
pub type JET_COLTYP = u32;
/// Option bits (`JET_bit*`).
pub type JET_GRBIT = u32;
/// Status notification process (`JET_snp*`).
pub type JET_SNP = u32;
/// Status notification type (`JET_snt*`).
pub type JET_SNT = u32;
/// Callback type (`JET_cbtyp*`).
pub type JET_CBTYP = u32;
/// Relational operator (`JET_relop*`); an enum of the same size in esent.h.
pub type JET_RELOP = u32;
