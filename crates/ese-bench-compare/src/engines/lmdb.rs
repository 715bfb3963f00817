//! LMDB through heed (LMDB compiled from source by `lmdb-master-sys`).
//!
//! Configuration: `NO_SYNC` (commits do not wait for the disk), a map of [`MAP_SIZE`] bytes
//! (address space only; the file grows as pages are written), two named databases: `kv` and
//! the secondary index `v8`. LMDB has no cache of its own: reads go through the memory map,
//! so the operating system's page cache is its cache. Close: `Env::force_sync` (fsync), then
//! the environment is closed.
//!
//! The index maps value[0..8] + key to an empty value. It is built by scanning `kv` in one
//! read transaction, sorting the index keys in memory, and writing them in one write
//! transaction; a lookup positions a cursor at the first index key with the 8-byte prefix
//! (`get_greater_than_or_equal_to`) and reads the record it names.
//!
//! Concurrent workload: one environment shared by every thread; each point read is a read
//! transaction of its own (`Env::read_txn`, `get`, dropped), each update a write transaction
//! (`put`, `commit`; `NO_SYNC` as in the loads). Close as above.
//!
//! Durable workloads: one environment shared by every thread, each commit a write
//! transaction of `put`s (LMDB has one writer at a time: the threads take turns). Durable
//! commits: the default flags (no `NO_SYNC`), so each commit syncs the data file and then the
//! meta page. Lazy commits: `NO_SYNC`, and a flush is `Env::force_sync`.
//!
//! heed marks opening an environment and choosing `NO_SYNC` `unsafe` (a memory map whose file
//! another process could change; a crash may lose recent commits). Those two calls are the
//! only `unsafe` code of this crate, each with its reason.
//!
//! Backup workload: the loaded environment reopened without `NO_SYNC`; the online backup is
//! `Env::copy_to_path` without compaction (`mdb_env_copy2`, `CompactionOption::Disabled`).

use super::{
    check_index_value, check_value, index_key, BackupDb, Commits, DurableDb, DurableWriter, Engine,
    Loader, Method, Reader, Result, Shared, Store, Writer,
};
use crate::data::INDEX_PREFIX_LEN;
use crate::set::Set;
use heed::types::{Bytes, Unit};
use heed::{CompactionOption, Database, Env, EnvFlags, EnvOpenOptions};
use std::path::Path;

/// Bytes of address space reserved for the map.
pub const MAP_SIZE: usize = 16 << 30;

/// The LMDB engine.
#[derive(Debug)]
pub struct Lmdb;

/// Opens the environment in `dir`, with `NO_SYNC` unless `commits` is durable.
#[allow(unsafe_code)]
fn open_env(dir: &Path, commits: Commits) -> Result<Env> {
    let mut opts = EnvOpenOptions::new();
    opts.map_size(MAP_SIZE).max_dbs(4);
    if commits == Commits::Lazy {
        // SAFETY: NO_SYNC only gives up durability of the latest commits on a crash; `close`
        // (and a lazy run's flush) calls `force_sync` before the measurement ends, and
        // nothing here depends on surviving a crash.
        unsafe {
            opts.flags(EnvFlags::NO_SYNC);
        }
    }
    // SAFETY: the folder is this process's own fresh temporary folder: no other process maps
    // or writes the file while the environment is open, and it is opened once at a time.
    let env = unsafe { opts.open(dir)? };
    Ok(env)
}

struct LmdbDb {
    env: Env,
    kv: Database<Bytes, Bytes>,
    index: Database<Bytes, Unit>,
}

impl LmdbDb {
    fn open(dir: &Path) -> Result<LmdbDb> {
        LmdbDb::open_as(dir, Commits::Lazy)
    }

    /// Opens (or creates) the environment in `dir` and its two databases.
    fn open_as(dir: &Path, commits: Commits) -> Result<LmdbDb> {
        let env = open_env(dir, commits)?;
        let mut wtxn = env.write_txn()?;
        let kv = env.create_database(&mut wtxn, Some("kv"))?;
        let index = env.create_database(&mut wtxn, Some("v8"))?;
        wtxn.commit()?;
        Ok(LmdbDb { env, kv, index })
    }

    fn close(self) -> Result<()> {
        self.env.force_sync()?;
        let closing = self.env.prepare_for_closing();
        closing.wait();
        Ok(())
    }
}

impl Engine for Lmdb {
    fn name(&self) -> &'static str {
        "lmdb"
    }

    fn create(&self, dir: &Path, _key_len: usize) -> Result<Box<dyn Loader>> {
        Ok(Box::new(LmdbDb::open(dir)?))
    }

    fn open(&self, dir: &Path, _key_len: usize) -> Result<Box<dyn Store>> {
        Ok(Box::new(LmdbDb::open(dir)?))
    }

    fn open_shared(&self, dir: &Path, _key_len: usize) -> Result<Box<dyn Shared>> {
        Ok(Box::new(LmdbDb::open(dir)?))
    }

    fn create_durable(
        &self,
        dir: &Path,
        _key_len: usize,
        commits: Commits,
    ) -> Result<Box<dyn DurableDb>> {
        Ok(Box::new(LmdbDb::open_as(dir, commits)?))
    }

    fn open_backup(&self, dir: &Path, _key_len: usize) -> Result<Box<dyn BackupDb>> {
        Ok(Box::new(LmdbDb::open_as(dir, Commits::Durable)?))
    }
}

impl BackupDb for LmdbDb {
    fn methods(&self) -> Vec<Method> {
        vec![Method::Online]
    }

    /// `mdb_env_copy2` without compaction (`Env::copy_to_path` with
    /// `CompactionOption::Disabled`): a read transaction's snapshot copied page by page into
    /// `data.mdb` of the set, then synced when the set adopts it.
    fn backup(&self, _method: Method, set: &mut Set) -> Result<()> {
        let path = set.dir().join("data.mdb");
        drop(self.env.copy_to_path(&path, CompactionOption::Disabled)?);
        set.adopt(&path)
    }

    fn files(&self) -> Result<Vec<std::path::PathBuf>> {
        Ok(vec![self.env.path().join("data.mdb")])
    }
}

impl DurableDb for LmdbDb {
    fn writer(&self) -> Result<Box<dyn DurableWriter + '_>> {
        Ok(Box::new(self))
    }

    fn count(&self) -> Result<u64> {
        let rtxn = self.env.read_txn()?;
        Ok(self.kv.len(&rtxn)?)
    }

    fn close(self: Box<Self>) -> Result<()> {
        LmdbDb::close(*self)
    }
}

impl DurableWriter for &LmdbDb {
    fn commit(&mut self, batch: &[super::Kv<'_>]) -> Result<()> {
        let mut wtxn = self.env.write_txn()?;
        for (k, v) in batch {
            self.kv.put(&mut wtxn, k, v)?;
        }
        wtxn.commit()?;
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        self.env.force_sync()?;
        Ok(())
    }
}

impl Reader for &LmdbDb {
    fn get(&mut self, key: &[u8]) -> Result<u64> {
        let rtxn = self.env.read_txn()?;
        let v = self
            .kv
            .get(&rtxn, key)?
            .ok_or_else(|| super::missing("point read"))?;
        check_value(v)
    }

    fn value(&mut self, key: &[u8]) -> Result<Vec<u8>> {
        let rtxn = self.env.read_txn()?;
        let v = self.kv.get(&rtxn, key)?;
        Ok(v.ok_or_else(|| super::missing("value"))?.to_vec())
    }
}

impl Writer for &LmdbDb {
    fn update(&mut self, key: &[u8], value: &[u8]) -> Result<()> {
        let mut wtxn = self.env.write_txn()?;
        self.kv.put(&mut wtxn, key, value)?;
        wtxn.commit()?;
        Ok(())
    }
}

impl Shared for LmdbDb {
    fn reader(&self) -> Result<Box<dyn Reader + '_>> {
        Ok(Box::new(self))
    }

    fn writer(&self) -> Result<Box<dyn Writer + '_>> {
        Ok(Box::new(self))
    }

    fn close(self: Box<Self>) -> Result<()> {
        LmdbDb::close(*self)
    }
}

impl Loader for LmdbDb {
    fn insert_batch(&mut self, batch: &[super::Kv<'_>]) -> Result<()> {
        let mut wtxn = self.env.write_txn()?;
        for (k, v) in batch {
            self.kv.put(&mut wtxn, k, v)?;
        }
        wtxn.commit()?;
        Ok(())
    }

    fn close(self: Box<Self>) -> Result<()> {
        LmdbDb::close(*self)
    }
}

impl Store for LmdbDb {
    fn scan(&mut self) -> Result<(u64, u64)> {
        let rtxn = self.env.read_txn()?;
        let (mut n, mut bytes) = (0u64, 0u64);
        for e in self.kv.iter(&rtxn)? {
            let (_, v) = e?;
            bytes += check_value(v)?;
            n += 1;
        }
        Ok((n, bytes))
    }

    fn get_batch(&mut self, keys: &[&[u8]]) -> Result<u64> {
        let rtxn = self.env.read_txn()?;
        let mut bytes = 0;
        for k in keys {
            let v = self
                .kv
                .get(&rtxn, k)?
                .ok_or_else(|| super::missing("point read"))?;
            bytes += check_value(v)?;
        }
        Ok(bytes)
    }

    fn build_index(&mut self) -> Result<()> {
        let mut keys = Vec::new();
        {
            let rtxn = self.env.read_txn()?;
            for e in self.kv.iter(&rtxn)? {
                let (k, v) = e?;
                keys.push(index_key(v, k));
            }
        }
        keys.sort_unstable();
        let mut wtxn = self.env.write_txn()?;
        for k in &keys {
            self.index.put(&mut wtxn, k, &())?;
        }
        wtxn.commit()?;
        Ok(())
    }

    fn index_len(&mut self) -> Result<u64> {
        let rtxn = self.env.read_txn()?;
        Ok(self.index.len(&rtxn)?)
    }

    fn index_get_batch(&mut self, values: &[&[u8]]) -> Result<u64> {
        let rtxn = self.env.read_txn()?;
        let mut bytes = 0;
        for probe in values {
            let prefix = &probe[..INDEX_PREFIX_LEN];
            let (ik, ()) = self
                .index
                .get_greater_than_or_equal_to(&rtxn, prefix)?
                .filter(|(ik, _)| ik.starts_with(prefix))
                .ok_or_else(|| super::missing("index lookup"))?;
            let v = self
                .kv
                .get(&rtxn, &ik[INDEX_PREFIX_LEN..])?
                .ok_or_else(|| super::missing("record named by the index"))?;
            bytes += check_index_value(v, probe)?;
        }
        Ok(bytes)
    }

    fn close(self: Box<Self>) -> Result<()> {
        LmdbDb::close(*self)
    }
}
