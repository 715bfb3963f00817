//! redb.
//!
//! Configuration: the defaults of `Database::create` (a 1 GiB cache), tables `kv`
//! (`&[u8]` → `&[u8]`) and the secondary index `v8` (`&[u8]` → `()`). Every load transaction
//! commits with `Durability::None` (not persisted until a durable commit). Close: one empty
//! transaction committed with `Durability::Immediate` (which writes and syncs everything
//! before it), then the database is dropped.
//!
//! Concurrent workload: one `Database` shared by every thread; each point read is a read
//! transaction of its own (`begin_read`, `open_table`, `get`), each update a write transaction
//! committed with `Durability::None` as in the loads. Close as above.
//!
//! Durable workloads: one `Database` shared by every thread, each commit a write transaction
//! of `insert`s (redb has one writer at a time: the threads take turns). Durable commits:
//! `Durability::Immediate`. Lazy commits: `Durability::None`, and a flush is an empty
//! transaction committed with `Durability::Immediate` (which persists every commit before it).
//!
//! The index maps value[0..8] + key to `()`. It is built by scanning `kv` in one read
//! transaction, sorting the index keys in memory and inserting them in one write transaction
//! (`Durability::None`); a lookup takes the first index key at or after the 8-byte prefix
//! (`range(prefix..)`) and reads the record it names.
//!
//! Backup workload: redb has no online backup; the stand-in is a plain copy of the file while a
//! read transaction is held open (see `RedbDurable::backup`: not consistent by construction).

use super::{
    check_index_value, check_value, index_key, BackupDb, Commits, DurableDb, DurableWriter, Engine,
    Loader, Method, Reader, Result, Shared, Store, Writer,
};
use crate::data::INDEX_PREFIX_LEN;
use crate::set::Set;
use ::redb::{
    Database, Durability, ReadableDatabase, ReadableTable, ReadableTableMetadata, TableDefinition,
};
use std::path::{Path, PathBuf};

const KV: TableDefinition<&[u8], &[u8]> = TableDefinition::new("kv");
const INDEX: TableDefinition<&[u8], ()> = TableDefinition::new("v8");

/// The redb engine.
#[derive(Debug)]
pub struct Redb;

fn db_path(dir: &Path) -> PathBuf {
    dir.join("bench.redb")
}

struct RedbDb {
    db: Database,
}

impl RedbDb {
    /// Commits an empty transaction with `Durability::Immediate`: every commit before it is
    /// then persistent.
    fn sync(&self) -> Result<()> {
        let mut txn = self.db.begin_write()?;
        txn.set_durability(Durability::Immediate)?;
        txn.commit()?;
        Ok(())
    }

    fn close(self) -> Result<()> {
        self.sync()?;
        drop(self.db);
        Ok(())
    }
}

/// The durable workloads' database.
struct RedbDurable {
    db: RedbDb,
    durability: Durability,
    /// The database file.
    path: PathBuf,
}

impl DurableDb for RedbDurable {
    fn writer(&self) -> Result<Box<dyn DurableWriter + '_>> {
        Ok(Box::new(self))
    }

    fn count(&self) -> Result<u64> {
        let txn = self.db.db.begin_read()?;
        Ok(txn.open_table(KV)?.len()?)
    }

    fn close(self: Box<Self>) -> Result<()> {
        self.db.close()
    }
}

impl DurableWriter for &RedbDurable {
    fn commit(&mut self, batch: &[super::Kv<'_>]) -> Result<()> {
        let mut txn = self.db.db.begin_write()?;
        txn.set_durability(self.durability)?;
        {
            let mut t = txn.open_table(KV)?;
            for (k, v) in batch {
                t.insert(*k, *v)?;
            }
        }
        txn.commit()?;
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        self.db.sync()
    }
}

impl Engine for Redb {
    fn name(&self) -> &'static str {
        "redb"
    }

    fn create(&self, dir: &Path, _key_len: usize) -> Result<Box<dyn Loader>> {
        let db = Database::create(db_path(dir))?;
        let txn = db.begin_write()?;
        txn.open_table(KV)?;
        txn.commit()?;
        Ok(Box::new(RedbDb { db }))
    }

    fn open(&self, dir: &Path, _key_len: usize) -> Result<Box<dyn Store>> {
        Ok(Box::new(RedbDb {
            db: Database::open(db_path(dir))?,
        }))
    }

    fn open_shared(&self, dir: &Path, _key_len: usize) -> Result<Box<dyn Shared>> {
        Ok(Box::new(RedbDb {
            db: Database::open(db_path(dir))?,
        }))
    }

    fn create_durable(
        &self,
        dir: &Path,
        _key_len: usize,
        commits: Commits,
    ) -> Result<Box<dyn DurableDb>> {
        let db = Database::create(db_path(dir))?;
        let mut txn = db.begin_write()?;
        txn.set_durability(Durability::Immediate)?;
        txn.open_table(KV)?;
        txn.commit()?;
        Ok(Box::new(RedbDurable {
            db: RedbDb { db },
            durability: match commits {
                Commits::Durable => Durability::Immediate,
                Commits::Lazy => Durability::None,
            },
            path: db_path(dir),
        }))
    }

    fn open_backup(&self, dir: &Path, _key_len: usize) -> Result<Box<dyn BackupDb>> {
        Ok(Box::new(RedbDurable {
            db: RedbDb {
                db: Database::open(db_path(dir))?,
            },
            durability: Durability::Immediate,
            path: db_path(dir),
        }))
    }
}

impl BackupDb for RedbDurable {
    fn methods(&self) -> Vec<Method> {
        vec![Method::Online]
    }

    /// redb has no online backup. The stand-in: a read transaction held open while the file
    /// is copied with plain reads, so that the pages of its snapshot are not reused
    /// meanwhile. It is not a consistent copy by construction: the header (the commit slots)
    /// is copied first and may name a later commit whose pages are overwritten before they
    /// are copied; the copy opens only if redb's repair on open finds a valid commit.
    fn backup(&self, _method: Method, set: &mut Set) -> Result<()> {
        let snapshot = self.db.db.begin_read()?;
        let copied = set.copy_file(&self.path, "bench.redb");
        drop(snapshot);
        copied
    }

    fn files(&self) -> Result<Vec<PathBuf>> {
        Ok(vec![self.path.clone()])
    }
}

impl Reader for &RedbDb {
    fn get(&mut self, key: &[u8]) -> Result<u64> {
        let txn = self.db.begin_read()?;
        let t = txn.open_table(KV)?;
        let v = t.get(key)?.ok_or_else(|| super::missing("point read"))?;
        check_value(v.value())
    }

    fn value(&mut self, key: &[u8]) -> Result<Vec<u8>> {
        let txn = self.db.begin_read()?;
        let t = txn.open_table(KV)?;
        let v = t.get(key)?.ok_or_else(|| super::missing("value"))?;
        Ok(v.value().to_vec())
    }
}

impl Writer for &RedbDb {
    fn update(&mut self, key: &[u8], value: &[u8]) -> Result<()> {
        let mut txn = self.db.begin_write()?;
        txn.set_durability(Durability::None)?;
        txn.open_table(KV)?.insert(key, value)?;
        txn.commit()?;
        Ok(())
    }
}

impl Shared for RedbDb {
    fn reader(&self) -> Result<Box<dyn Reader + '_>> {
        Ok(Box::new(self))
    }

    fn writer(&self) -> Result<Box<dyn Writer + '_>> {
        Ok(Box::new(self))
    }

    fn close(self: Box<Self>) -> Result<()> {
        RedbDb::close(*self)
    }
}

impl Loader for RedbDb {
    fn insert_batch(&mut self, batch: &[super::Kv<'_>]) -> Result<()> {
        let mut txn = self.db.begin_write()?;
        txn.set_durability(Durability::None)?;
        {
            let mut t = txn.open_table(KV)?;
            for (k, v) in batch {
                t.insert(*k, *v)?;
            }
        }
        txn.commit()?;
        Ok(())
    }

    fn close(self: Box<Self>) -> Result<()> {
        RedbDb::close(*self)
    }
}

impl Store for RedbDb {
    fn scan(&mut self) -> Result<(u64, u64)> {
        let txn = self.db.begin_read()?;
        let t = txn.open_table(KV)?;
        let (mut n, mut bytes) = (0u64, 0u64);
        for e in t.iter()? {
            let (_, v) = e?;
            bytes += check_value(v.value())?;
            n += 1;
        }
        Ok((n, bytes))
    }

    fn get_batch(&mut self, keys: &[&[u8]]) -> Result<u64> {
        let txn = self.db.begin_read()?;
        let t = txn.open_table(KV)?;
        let mut bytes = 0;
        for k in keys {
            let v = t.get(*k)?.ok_or_else(|| super::missing("point read"))?;
            bytes += check_value(v.value())?;
        }
        Ok(bytes)
    }

    fn build_index(&mut self) -> Result<()> {
        let mut keys = Vec::new();
        {
            let txn = self.db.begin_read()?;
            let t = txn.open_table(KV)?;
            for e in t.iter()? {
                let (k, v) = e?;
                keys.push(index_key(v.value(), k.value()));
            }
        }
        keys.sort_unstable();
        let mut txn = self.db.begin_write()?;
        txn.set_durability(Durability::None)?;
        {
            let mut t = txn.open_table(INDEX)?;
            for k in &keys {
                t.insert(k.as_slice(), ())?;
            }
        }
        txn.commit()?;
        Ok(())
    }

    fn index_len(&mut self) -> Result<u64> {
        let txn = self.db.begin_read()?;
        Ok(txn.open_table(INDEX)?.len()?)
    }

    fn index_get_batch(&mut self, values: &[&[u8]]) -> Result<u64> {
        let txn = self.db.begin_read()?;
        let index = txn.open_table(INDEX)?;
        let kv = txn.open_table(KV)?;
        let mut bytes = 0;
        for probe in values {
            let prefix = &probe[..INDEX_PREFIX_LEN];
            let (ik, _) = index
                .range(prefix..)?
                .next()
                .transpose()?
                .filter(|(ik, _)| ik.value().starts_with(prefix))
                .ok_or_else(|| super::missing("index lookup"))?;
            let v = kv
                .get(&ik.value()[INDEX_PREFIX_LEN..])?
                .ok_or_else(|| super::missing("record named by the index"))?;
            bytes += check_index_value(v.value(), probe)?;
        }
        Ok(bytes)
    }

    fn close(self: Box<Self>) -> Result<()> {
        RedbDb::close(*self)
    }
}
