//! Every constant of esent.h (`crates/esent/include/esent.h`), with the same name, value and
//! C type: the facade uses them, and the C library re-exports them.
//!
//! The names and values are esent.h's, plus the constants that only the full ESE header
//! (ese.h) publishes, such as `JET_paramRecordSizeMost`, `JET_prepReadOnlyCopy` and the
//! `JET_efv*` format versions. They cover error and warning codes (`JET_err*`, `JET_wrn*`),
//! system and session parameter ids, option bits (`JET_bit*`), column types, info levels,
//! limits and the nil handles. Nothing here is computed. `crates/esent/tests/abi.rs` compiles the header and
//! checks that
//! every `#define` in it has a constant here with the same value, and the reverse, through
//! [`ALL`].
//!
//! Code pages [`JET_cpUnicode`] and [`JET_cpANSI`], which esent.h leaves to the Windows
//! headers, are here too, outside the header's tables.
//!
//! Types follow the header: codes are [`JET_ERR`](crate::types::JET_ERR), grbits
//! [`JET_GRBIT`](crate::types::JET_GRBIT), column types [`JET_COLTYP`](crate::types::JET_COLTYP),
//! `JetMove` counts `i32`, nil handles the handle type, everything else `u32`.

/// Defines the constants of one file and its `ALL` table from one list, so the two cannot drift.
macro_rules! jet_consts {
    ($( $(#[$meta:meta])* $name:ident : $ty:ty = $value:expr; )*) => {
        $( $(#[$meta])* pub const $name: $ty = $value; )*

        /// Every constant of this file: its name, its value widened to `i64`, and the size of
        /// its type in bytes.
        pub const ALL: &[(&str, i64, usize)] = &[
            $( (stringify!($name), $name as i64, ::core::mem::size_of::<$ty>()), )*
        ];
    };
}

pub mod bits;
pub mod errors;
pub mod misc;
pub mod params;

pub use bits::*;
pub use errors::*;
pub use misc::*;
pub use params::*;

/// Every constant of the header, file by file: name, value widened to `i64`, size of its type.
/// The ABI test compares this with the header's `#define` lines.
pub const ALL: &[&[(&str, i64, usize)]] = &[errors::ALL, params::ALL, bits::ALL, misc::ALL];

/// Code page Unicode (UTF-16LE).
pub const JET_cpUnicode: u32 = 1200;
/// Code page Windows-1252.
pub const JET_cpANSI: u32 = 1252;

/// The esent.h name of an error or warning number, if known.
pub fn code_name(value: i32) -> Option<&'static str> {
    if value == 0 {
        return Some("JET_errSuccess");
    }
    if value < 0 {
        ese::ErrorCode::from_i32(value).map(ese::ErrorCode::symbol)
    } else {
        ese::Warning::from_i32(value).map(ese::Warning::symbol)
    }
}
