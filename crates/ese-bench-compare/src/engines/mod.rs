//! The engines under test behind one small interface: a [`Loader`] that takes records in
//! batches (one batch = one transaction where the engine has transactions) and closes cleanly,
//! a [`Store`] over a loaded database for reads, scans and the secondary index, and a
//! [`Shared`] database that many threads use at once, each through its own [`Reader`] or
//! [`Writer`] (the concurrent workload), and a [`DurableDb`] whose threads each commit
//! through a [`DurableWriter`], durably or lazily (the durable workloads).
//!
//! What must hold: every engine is driven the same way by the same driver (`crate::run`), each
//! with its ordinary public API; every read is checked (values found, lengths right), so a
//! broken engine shows as an error, never as a fast figure.

pub mod ese_rs;
pub mod lmdb;
pub mod redb;
#[cfg(feature = "rocksdb")]
pub mod rocksdb;
pub mod sqlite;

use crate::data::{INDEX_PREFIX_LEN, VALUE_LEN};
use std::path::Path;

/// Any error of any engine, with its message.
pub type Error = Box<dyn std::error::Error + Send + Sync>;
/// A result of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// One record to load: key and value.
pub type Kv<'a> = (&'a [u8], &'a [u8]);

/// Records (or lookups) per transaction.
pub const BATCH: usize = 1000;

/// Takes records into a fresh database.
pub trait Loader {
    /// Inserts `batch` as one transaction committed without waiting for the disk (engines
    /// without transactions just insert).
    fn insert_batch(&mut self, batch: &[Kv<'_>]) -> Result<()>;
    /// Makes everything durable and closes the database cleanly.
    fn close(self: Box<Self>) -> Result<()>;
}

/// A loaded database, open for reads and for building the secondary index.
pub trait Store {
    /// Walks every record in key order: (records, value bytes).
    fn scan(&mut self) -> Result<(u64, u64)>;
    /// Looks up every key of `keys` (one read transaction where the engine has them); returns
    /// the value bytes found. A missing key or a value of the wrong length is an error.
    fn get_batch(&mut self, keys: &[&[u8]]) -> Result<u64>;
    /// Builds the secondary index over the first [`INDEX_PREFIX_LEN`] bytes of the value by
    /// scanning the records, committed as the loads commit (without waiting for the disk).
    fn build_index(&mut self) -> Result<()>;
    /// Counts the entries of the secondary index (not timed: the check of the build).
    fn index_len(&mut self) -> Result<u64>;
    /// For each value of `values` (a loaded record's value), finds a record through the
    /// secondary index whose value starts with the same [`INDEX_PREFIX_LEN`] bytes and reads
    /// its value; returns the value bytes read. A miss is an error.
    fn index_get_batch(&mut self, values: &[&[u8]]) -> Result<u64>;
    /// Closes the database.
    fn close(self: Box<Self>) -> Result<()>;
}

/// One thread's handle for point reads on a [`Shared`] database: each read is a read
/// transaction of its own (or a plain read outside one, where that is the engine's way) and
/// sees the latest committed state.
pub trait Reader {
    /// Reads the value of `key`; returns its length. A missing key or a value of the wrong
    /// length is an error.
    fn get(&mut self, key: &[u8]) -> Result<u64>;
    /// The value of `key`, copied out (not timed: the check of the writer's last update).
    fn value(&mut self, key: &[u8]) -> Result<Vec<u8>>;
}

/// The writing thread's handle on a [`Shared`] database.
pub trait Writer {
    /// Replaces the value of the existing record `key` with `value` in one transaction,
    /// committed as the loads commit (without waiting for the disk).
    fn update(&mut self, key: &[u8], value: &[u8]) -> Result<()>;
}

/// A loaded database open for many threads at once.
pub trait Shared: Sync {
    /// A reader for the calling thread (the thread keeps it for the whole run).
    fn reader(&self) -> Result<Box<dyn Reader + '_>>;
    /// The writer, for the calling thread.
    fn writer(&self) -> Result<Box<dyn Writer + '_>>;
    /// Closes the database (after every reader and writer is gone).
    fn close(self: Box<Self>) -> Result<()>;
}

/// How the transactions of a [`DurableDb`] commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Commits {
    /// A commit returns once it is on disk (it survives a power cut).
    Durable,
    /// A commit returns without waiting for the disk; [`DurableWriter::flush`] makes every
    /// commit so far durable.
    Lazy,
}

/// A fresh database of the durable workloads, shared by the threads that commit to it.
pub trait DurableDb: Sync {
    /// A writer for the calling thread (the thread keeps it for the whole run).
    fn writer(&self) -> Result<Box<dyn DurableWriter + '_>>;
    /// Counts the records (not timed: the check that every commit is there).
    fn count(&self) -> Result<u64>;
    /// Closes the database (after every writer is gone).
    fn close(self: Box<Self>) -> Result<()>;
}

/// One thread's handle on a [`DurableDb`].
pub trait DurableWriter {
    /// Inserts `batch` (keys not in the database yet) as one transaction and commits it as
    /// the database was created to ([`Commits`]).
    fn commit(&mut self, batch: &[Kv<'_>]) -> Result<()>;
    /// Returns once every transaction committed so far (by any thread) is durable.
    fn flush(&mut self) -> Result<()>;
}

/// An engine's online backup, as a line of the backup workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// The engine's own online backup (ese-rs's streaming backup, SQLite's backup API, LMDB's
    /// env copy, RocksDB's checkpoint copied into the set, redb's stand-in).
    Online,
    /// A second one where the engine has it (RocksDB's `BackupEngine`).
    #[cfg_attr(not(feature = "rocksdb"), allow(dead_code))]
    Second,
}

/// A loaded database of the backup workload, open with durable commits, that can be backed
/// up while its writer commits.
pub trait BackupDb: DurableDb {
    /// The online backups this engine has, [`Method::Online`] first.
    fn methods(&self) -> Vec<Method>;
    /// Copies a consistent image of the database into `set` by `method` while writers go
    /// on committing (every file of the set counted and synced through `set`).
    fn backup(&self, method: Method, set: &mut crate::set::Set) -> Result<()>;
    /// The database's own files, which the `cp` baseline copies.
    fn files(&self) -> Result<Vec<std::path::PathBuf>>;
}

/// An engine: creates fresh databases and opens loaded ones.
pub trait Engine {
    /// Short name used in the output (`ese`, `sqlite`, …).
    fn name(&self) -> &'static str;
    /// Creates a fresh database in the empty folder `dir`, with a table whose keys are
    /// `key_len` bytes (not timed).
    fn create(&self, dir: &Path, key_len: usize) -> Result<Box<dyn Loader>>;
    /// Opens the database that `create` made in `dir` and that was loaded and closed (not
    /// timed).
    fn open(&self, dir: &Path, key_len: usize) -> Result<Box<dyn Store>>;
    /// Opens the database that `create` made in `dir` and that was loaded and closed, for
    /// concurrent readers and a writer (not timed).
    fn open_shared(&self, dir: &Path, key_len: usize) -> Result<Box<dyn Shared>>;
    /// Creates a fresh database in the empty folder `dir` for the durable workloads, with a
    /// table whose keys are `key_len` bytes, committing as `commits` says (not timed).
    fn create_durable(
        &self,
        dir: &Path,
        key_len: usize,
        commits: Commits,
    ) -> Result<Box<dyn DurableDb>>;
    /// Opens the database that `create` made in `dir` and that was loaded and closed, with
    /// durable commits, for the backup workload (not timed).
    fn open_backup(&self, dir: &Path, key_len: usize) -> Result<Box<dyn BackupDb>>;
}

/// Every engine this build has, in the default order.
pub fn all() -> Vec<Box<dyn Engine>> {
    #[allow(unused_mut)]
    let mut v: Vec<Box<dyn Engine>> = vec![
        Box::new(ese_rs::EseRs),
        Box::new(sqlite::Sqlite),
        Box::new(lmdb::Lmdb),
        Box::new(redb::Redb),
    ];
    #[cfg(feature = "rocksdb")]
    v.push(Box::new(rocksdb::Rocks));
    v
}

/// Checks one value read back: its length.
pub fn check_value(value: &[u8]) -> Result<u64> {
    if value.len() != VALUE_LEN {
        return Err(format!("a value of {} bytes, {VALUE_LEN} expected", value.len()).into());
    }
    Ok(value.len() as u64)
}

/// Checks a value found through the secondary index against the probe it was looked up by.
pub fn check_index_value(value: &[u8], probe: &[u8]) -> Result<u64> {
    let n = check_value(value)?;
    if value[..INDEX_PREFIX_LEN] != probe[..INDEX_PREFIX_LEN] {
        return Err("the secondary index led to a record with another value prefix".into());
    }
    Ok(n)
}

/// The secondary-index key the key-value peers store: the value's first
/// [`INDEX_PREFIX_LEN`] bytes, then the primary key (so equal prefixes stay distinct).
pub fn index_key(value: &[u8], primary: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(INDEX_PREFIX_LEN + primary.len());
    k.extend_from_slice(&value[..INDEX_PREFIX_LEN]);
    k.extend_from_slice(primary);
    k
}

/// A missing key, as an error.
pub fn missing(what: &str) -> Error {
    format!("{what}: not found").into()
}
