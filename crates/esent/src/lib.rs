//! esent: the C library `libesent` (`libesent.so`, `libesent.a`) and its header
//! `include/esent.h`.
//!
//! This crate owns the C ABI of the engine: the header, and the same types and constants on
//! the Rust side. [`types`] holds the handle and scalar aliases, the callback pointer types and
//! every structure as `#[repr(C)]`; [`consts`] holds every `#define` of the header with the
//! same name and value. Both are re-exported at the crate root, so `esent::JET_COLUMNDEF` and
//! `esent::JET_errInvalidParameter` name what C calls `JET_COLUMNDEF` and
//! `JET_errInvalidParameter`.
//!
//! What must hold: the header and this crate agree on every size, alignment, field offset and
//! constant value, and the header declares exactly the functions in `functions.txt`.
//! `tests/abi.rs` checks all three with the system C compiler.
//!
//! The ABI is esent.h's with fixed widths: `JET_ERR`, grbits, column ids and counts are 32-bit
//! on every target, handles are pointer-sized, `A` functions take UTF-8 and `W` functions
//! UTF-16LE, and the unsuffixed names are the `A` forms. `docs/c-abi.md` describes it for C
//! programmers.
//!
//! [`api`] exports the functions the header declares (`#[no_mangle] extern "system"`, the C
//! convention except on 32-bit Windows, as the header's `JET_API`), each a thin layer over
//! the Jet API crate `ese-jet`: pointer and `cbStruct` checks, A/W string conversion, output
//! buffers, panics caught at the boundary. [`ffi`] holds that boundary machinery; the raw
//! pointer handling is in [`ffi::ptr`], except where a call lays out memory it hands to
//! the caller (`JetGetInstanceInfo` and the snapshot freeze information, which share one
//! builder, and `JetEnumerateColumns`).

#![warn(missing_docs)]

pub mod api;
pub mod ffi;
pub mod types;

/// Every constant of the header (kept with the Jet API, which uses them too).
pub use ese_jet::consts;

pub use consts::*;
pub use types::*;
