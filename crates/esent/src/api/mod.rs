//! The exported functions of `libesent`, one module per area of the API. Each function is
//! the header's declaration as `#[no_mangle] pub unsafe extern "system" fn`, its body run by
//! [`crate::ffi::guard`]; A/W pairs share one body generic over [`crate::ffi::Enc`].
//!
//! What must hold: the set of exported names is exactly `functions.txt` (checked against
//! `nm -D` of the built library by `tests/exports.rs`).

#![allow(non_snake_case, non_upper_case_globals)]

pub mod backup;
pub mod cursor;
pub mod database;
pub mod ddl;
pub mod dml;
pub mod errinfo;
pub mod file_backup;
pub mod index_create;
pub mod info;
pub mod instance;
pub mod lists;
pub mod session;
pub mod snapshot;
pub mod temp;
