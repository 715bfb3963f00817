//! ese: the Extensible Storage Engine (ESE, "JET Blue") in Rust.
//!
//! Layers, lowest first: [`error`]; [`format`](mod@format) (persisted bytes only); [`page`]
//! (changes to one page image); [`log`] (the write-ahead log: writer with group
//! commit, reader, generations, checkpoint file); [`cache`] (buffer frames, latches, write-back);
//! [`btree`] and [`space`] (B+trees and their owned/available extents);
//! [`record`] and [`catalog`] (rows, long values, index keys, system tables);
//! [`version`] (transaction timestamps, snapshots and the version store); [`db`],
//! opening database files, reading and changing them in transactions; and
//! [`instance`], instances and sessions. Dependencies point down; a
//! lower layer never names an upper one. `docs/architecture.md` has the map.

#![warn(missing_docs)]

pub mod backup;
pub mod btree;
pub mod cache;
pub mod catalog;
pub mod db;
pub mod error;
pub mod file_backup;
pub mod format;
pub mod instance;
pub mod log;
pub mod page;
pub mod record;
mod recovery;
pub mod restore;
pub mod snapshot;
pub mod space;
mod thread_kept;
mod thread_slot;
pub mod thread_stats;
pub mod version;

pub use db::{
    ColumnValue, CreateOptions, Cursor, Database, Datum, LockKind, Record, SeekOp, Table,
};
pub use error::{Error, ErrorCode, Result, Warning};
pub use instance::{CommitMode, Instance, InstanceOptions, RecoveryMap, Session};
