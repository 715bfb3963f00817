//! ese: the Extensible Storage Engine (ESE, "JET Blue") in Rust.
//!
//! Layers, lowest first: [`error`], [`format`] (persisted bytes only), then the
//! database read path in [`db`]. Dependencies point down; a lower layer never names
//! an upper one.

#![warn(missing_docs)]

pub mod btree;
pub mod cache;
pub mod error;
pub mod format;
pub mod page;
pub mod space;

pub use error::{Error, ErrorCode, Result, Warning};
pub mod db;

pub use db::{ColumnValue, Database, Datum, Record, SeekOp, Table};
