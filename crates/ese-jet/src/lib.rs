//! ese-jet: the Jet API of the Extensible Storage Engine (esent.h's functions) in safe
//! Rust, over the engine crate [`ese`]. It is the layer the C library (`crates/esent`)
//! exports.
//!
//! Handles are plain integers, as in esent.h: [`JET_INSTANCE`], [`JET_SESID`] and
//! [`JET_TABLEID`] are `usize`, [`JET_DBID`], [`JET_COLUMNID`] and [`JET_GRBIT`] are
//! `u32`. A process-wide registry maps them to engine objects; each slot carries a
//! generation, so a stale or foreign handle is an error code (`JET_errInvalidInstance`,
//! `JET_errInvalidSesid`, `JET_errInvalidTableId`, `JET_errInvalidDatabaseId`), never
//! another object, never a panic. Functions have esent.h's names in snake case
//! (`JetBeginSession` is [`jet_begin_session`]) and return [`JetResult`]: errors carry
//! the `JET_err` code ([`ese::ErrorCode`], its numeric value the discriminant) with
//! context; warnings (`JET_wrn*`) come back as values ([`ese::Warning`]) beside the
//! output. Strings are `&str` (the C layer converts the A and W forms); column values are
//! bytes with the width of their column type, as esent.h passes them.
//!
//! Modules: [`consts`] (esent.h's constants); [`types`] (its scalar and handle types); `registry` (handles); [`params`] (system
//! parameters); `instance`, `session`, `database`, `ddl`, `cursor`, `dml`, `temp`,
//! `backup` (streaming backup, stopping the service, restore), `file_backup` (`JetBackup*`,
//! `JetRestore*`) and `snapshot` (`JetOSSnapshot*`) (the calls of each area,
//! all re-exported here).
//!
//! ```
//! use ese_jet::consts::*;
//! use ese_jet::*;
//!
//! # fn main() -> JetResult<()> {
//! let dir = std::env::temp_dir().join(format!("ese-jet-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let d = dir.to_str().unwrap();
//! let inst = jet_create_instance(Some("doc"))?;
//! jet_set_system_parameter(inst, 0, JET_paramSystemPath, 0, Some(d))?;
//! jet_set_system_parameter(inst, 0, JET_paramLogFilePath, 0, Some(d))?;
//! jet_init(Some(&mut inst.clone()))?;
//! let ses = jet_begin_session(inst, None, None)?;
//! let db = jet_create_database(ses, &format!("{d}/doc.edb"), None, JET_bitDbOverwriteExisting)?;
//!
//! let mut tc = JET_TABLECREATE {
//!     szTableName: "people".into(),
//!     rgcolumncreate: vec![
//!         JET_COLUMNCREATE { szColumnName: "id".into(), coltyp: JET_coltypLong, ..Default::default() },
//!         JET_COLUMNCREATE { szColumnName: "name".into(), coltyp: JET_coltypLongText, cp: JET_cpUnicode, ..Default::default() },
//!     ],
//!     rgindexcreate: vec![JET_INDEXCREATE {
//!         szIndexName: "primary".into(), szKey: "+id\0\0".into(), grbit: JET_bitIndexPrimary, ..Default::default()
//!     }],
//!     ..Default::default()
//! };
//! jet_create_table_column_index(ses, db, &mut tc)?;
//! let (id, name) = (tc.rgcolumncreate[0].columnid, tc.rgcolumncreate[1].columnid);
//! let t = tc.tableid;
//!
//! jet_begin_transaction(ses)?;
//! jet_prepare_update(ses, t, JET_prepInsert)?;
//! jet_set_column(ses, t, id, Some(&7i32.to_le_bytes()), 0, None)?;
//! let text: Vec<u8> = "Ada".encode_utf16().flat_map(u16::to_le_bytes).collect();
//! jet_set_column(ses, t, name, Some(&text), 0, None)?;
//! jet_update(ses, t)?;
//! jet_commit_transaction(ses, JET_bitCommitLazyFlush)?;
//!
//! jet_make_key(ses, t, Some(&7i32.to_le_bytes()), JET_bitNewKey)?;
//! jet_seek(ses, t, JET_bitSeekEQ)?;
//! let mut buf = [0u8; 4];
//! let (size, warning) = jet_retrieve_column(ses, t, name, &mut buf, 0, None)?;
//! assert_eq!((size, warning), (6, Some(ese::Warning::BufferTruncated)));
//!
//! jet_close_table(ses, t)?;
//! jet_end_session(ses, 0)?;
//! jet_term(inst)?;
//! assert_eq!(jet_end_session(ses, 0).unwrap_err().code(), ese::ErrorCode::InvalidSesid);
//! # std::fs::remove_dir_all(&dir).ok();
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]
#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals)]
#![forbid(unsafe_code)]

pub mod consts;
pub mod types;
pub use types::*;
mod backup;
mod callbacks;
mod cursor;
mod database;
mod ddl;
mod defrag;
mod dml;
mod errinfo;
mod file_backup;
mod filter;
mod instance;
mod local_storage;
pub mod params;
mod registry;
mod session;
mod snapshot;
mod temp;

pub use backup::*;
pub use callbacks::{jet_register_callback, jet_unregister_callback, JET_CALLBACK};
pub use cursor::*;
pub use database::*;
pub use ddl::*;
pub use defrag::{jet_defragment, jet_defragment2, jet_defragment3};
pub use dml::*;
pub use errinfo::*;
pub use file_backup::*;
pub use filter::jet_set_cursor_filter;
pub use instance::*;
pub use local_storage::{
    jet_define_runtime_callback, jet_get_ls, jet_set_ls, jet_set_runtime_callback,
    JET_RUNTIME_CALLBACK,
};
pub use params::{
    jet_enable_multi_instance, jet_get_system_parameter, jet_set_system_parameter, ParamValue,
    JET_SETSYSPARAM,
};
pub use session::*;
pub use snapshot::*;
pub use temp::{jet_open_temp_table, jet_open_temp_table2, jet_open_temporary_table};

pub use ese::thread_stats::ThreadStats;
pub use ese::{ErrorCode, Warning};

/// The error of every Jet call: the engine's error, carrying the `JET_err` code
/// ([`ese::Error::code`]) and context.
pub type JetError = ese::Error;

/// The result of every Jet call.
pub type JetResult<T> = Result<T, JetError>;

/// The numeric `JET_err` of a result: 0 for success (warnings are returned beside the
/// value, see each function).
pub fn jet_code<T>(r: &JetResult<T>) -> i32 {
    match r {
        Ok(_) => 0,
        Err(e) => e.code().value(),
    }
}
