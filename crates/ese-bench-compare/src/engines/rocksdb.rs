//! RocksDB through the `rocksdb` crate (feature `rocksdb`: it compiles RocksDB from source).
//!
//! Configuration: `Options::default()` with `create_if_missing` and
//! `create_missing_column_families` (RocksDB's defaults otherwise: a 32 MiB block cache, a
//! 64 MiB memtable, the write-ahead log on, Snappy compression), the default column family for
//! the records and a column family `v8` for the secondary index. A batch is one `WriteBatch`
//! written with the default `WriteOptions` (no sync). Close: `flush` of both column families
//! (memtables to synced SST files), then the database is dropped.
//!
//! Concurrent workload: one `DB` shared by every thread; a point read is `get_pinned`, an
//! update one `put` with the default `WriteOptions` (no sync). Close as above.
//!
//! Durable workloads: one `DB` shared by every thread (RocksDB groups concurrent writers'
//! WAL writes and syncs), each commit one `WriteBatch` written with `write_opt`. Durable
//! commits: `WriteOptions::set_sync(true)` (the WAL is synced before the write returns). Lazy
//! commits: `set_sync(false)`, the WAL on; a flush is `flush_wal(true)` (writes and syncs the
//! WAL).
//!
//! The index maps value[0..8] + key to an empty value. It is built by scanning the records,
//! sorting the index keys in memory and writing them as one `WriteBatch`; a lookup seeks a raw
//! iterator (one per batch of lookups) to the 8-byte prefix and reads the record it names.
//!
//! Backup workload: two online backups, a `Checkpoint` copied into the set, and `BackupEngine`
//! (see `RocksDurable::backup`).

use super::{
    check_index_value, check_value, index_key, BackupDb, Commits, DurableDb, DurableWriter, Engine,
    Loader, Method, Reader, Result, Shared, Store, Writer,
};
use crate::data::INDEX_PREFIX_LEN;
use crate::set::Set;
use ::rocksdb::{ColumnFamily, Options, WriteBatch, WriteOptions, DB};
use std::path::Path;

const INDEX_CF: &str = "v8";

/// The RocksDB engine.
#[derive(Debug)]
pub struct Rocks;

struct RocksDb {
    db: DB,
}

fn open(dir: &Path) -> Result<RocksDb> {
    let mut opts = Options::default();
    opts.create_if_missing(true);
    opts.create_missing_column_families(true);
    let db = DB::open_cf(&opts, dir.join("rocksdb"), ["default", INDEX_CF])?;
    Ok(RocksDb { db })
}

impl RocksDb {
    fn index_cf(&self) -> Result<&ColumnFamily> {
        self.db
            .cf_handle(INDEX_CF)
            .ok_or_else(|| "no column family v8".into())
    }

    fn close(self) -> Result<()> {
        self.db.flush()?;
        self.db.flush_cf(self.index_cf()?)?;
        drop(self.db);
        Ok(())
    }
}

impl Engine for Rocks {
    fn name(&self) -> &'static str {
        "rocksdb"
    }

    fn create(&self, dir: &Path, _key_len: usize) -> Result<Box<dyn Loader>> {
        Ok(Box::new(open(dir)?))
    }

    fn open(&self, dir: &Path, _key_len: usize) -> Result<Box<dyn Store>> {
        Ok(Box::new(open(dir)?))
    }

    fn open_shared(&self, dir: &Path, _key_len: usize) -> Result<Box<dyn Shared>> {
        Ok(Box::new(open(dir)?))
    }

    fn create_durable(
        &self,
        dir: &Path,
        _key_len: usize,
        commits: Commits,
    ) -> Result<Box<dyn DurableDb>> {
        Ok(Box::new(RocksDurable {
            db: open(dir)?,
            sync: commits == Commits::Durable,
        }))
    }

    fn open_backup(&self, dir: &Path, _key_len: usize) -> Result<Box<dyn BackupDb>> {
        Ok(Box::new(RocksDurable {
            db: open(dir)?,
            sync: true,
        }))
    }
}

impl BackupDb for RocksDurable {
    fn methods(&self) -> Vec<Method> {
        vec![Method::Online, Method::Second]
    }

    /// `Online`: `Checkpoint::create_checkpoint` into a folder beside the set (same disk: the
    /// SST files are hard links, the rest copies; the memtable is flushed first), then every
    /// file of that folder copied into the set, then the checkpoint folder removed.
    /// `Second`: `BackupEngine::create_new_backup_flush` (memtable flushed first) into the set,
    /// `BackupEngineOptions::set_sync(true)` (each copied file synced), one thread.
    fn backup(&self, method: Method, set: &mut Set) -> Result<()> {
        match method {
            Method::Online => {
                let name = set
                    .dir()
                    .file_name()
                    .and_then(|n| n.to_str())
                    .ok_or("a set folder without a name")?;
                let ckpt = set.dir().with_file_name(format!("{name}-checkpoint"));
                ::rocksdb::checkpoint::Checkpoint::new(&self.db.db)?.create_checkpoint(&ckpt)?;
                let copied = set.copy_dir(&ckpt);
                let removed = std::fs::remove_dir_all(&ckpt);
                copied?;
                removed?;
                Ok(())
            }
            Method::Second => {
                let mut opts = ::rocksdb::backup::BackupEngineOptions::new(set.dir())?;
                opts.set_sync(true);
                let env = ::rocksdb::Env::new()?;
                let mut engine = ::rocksdb::backup::BackupEngine::open(&opts, &env)?;
                engine.create_new_backup_flush(&self.db.db, true)?;
                drop(engine);
                let dir = set.dir().to_path_buf();
                set.adopt(&dir)
            }
        }
    }

    fn files(&self) -> Result<Vec<std::path::PathBuf>> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(self.db.db.path())? {
            let entry = entry?;
            if entry.file_type()?.is_file() {
                out.push(entry.path());
            }
        }
        Ok(out)
    }
}

/// The durable workloads' database.
struct RocksDurable {
    db: RocksDb,
    /// `WriteOptions::set_sync` of every commit.
    sync: bool,
}

impl DurableDb for RocksDurable {
    fn writer(&self) -> Result<Box<dyn DurableWriter + '_>> {
        Ok(Box::new(self))
    }

    fn count(&self) -> Result<u64> {
        let mut it = self.db.db.raw_iterator();
        it.seek_to_first();
        let mut n = 0;
        while it.valid() {
            n += 1;
            it.next();
        }
        it.status()?;
        Ok(n)
    }

    fn close(self: Box<Self>) -> Result<()> {
        self.db.close()
    }
}

impl DurableWriter for &RocksDurable {
    fn commit(&mut self, batch: &[super::Kv<'_>]) -> Result<()> {
        let mut b = WriteBatch::default();
        for (k, v) in batch {
            b.put(k, v);
        }
        let mut opts = WriteOptions::default();
        opts.set_sync(self.sync);
        self.db.db.write_opt(b, &opts)?;
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        self.db.db.flush_wal(true)?;
        Ok(())
    }
}

impl Reader for &RocksDb {
    fn get(&mut self, key: &[u8]) -> Result<u64> {
        let v = self
            .db
            .get_pinned(key)?
            .ok_or_else(|| super::missing("point read"))?;
        check_value(&v)
    }

    fn value(&mut self, key: &[u8]) -> Result<Vec<u8>> {
        let v = self.db.get(key)?;
        v.ok_or_else(|| super::missing("value"))
    }
}

impl Writer for &RocksDb {
    fn update(&mut self, key: &[u8], value: &[u8]) -> Result<()> {
        self.db.put(key, value)?;
        Ok(())
    }
}

impl Shared for RocksDb {
    fn reader(&self) -> Result<Box<dyn Reader + '_>> {
        Ok(Box::new(self))
    }

    fn writer(&self) -> Result<Box<dyn Writer + '_>> {
        Ok(Box::new(self))
    }

    fn close(self: Box<Self>) -> Result<()> {
        RocksDb::close(*self)
    }
}

impl Loader for RocksDb {
    fn insert_batch(&mut self, batch: &[super::Kv<'_>]) -> Result<()> {
        let mut b = WriteBatch::default();
        for (k, v) in batch {
            b.put(k, v);
        }
        self.db.write(b)?;
        Ok(())
    }

    fn close(self: Box<Self>) -> Result<()> {
        RocksDb::close(*self)
    }
}

impl Store for RocksDb {
    fn scan(&mut self) -> Result<(u64, u64)> {
        let mut it = self.db.raw_iterator();
        it.seek_to_first();
        let (mut n, mut bytes) = (0u64, 0u64);
        while it.valid() {
            bytes += check_value(it.value().ok_or("an entry without a value")?)?;
            n += 1;
            it.next();
        }
        it.status()?;
        Ok((n, bytes))
    }

    fn get_batch(&mut self, keys: &[&[u8]]) -> Result<u64> {
        let mut bytes = 0;
        for k in keys {
            let v = self
                .db
                .get_pinned(k)?
                .ok_or_else(|| super::missing("point read"))?;
            bytes += check_value(&v)?;
        }
        Ok(bytes)
    }

    fn build_index(&mut self) -> Result<()> {
        let mut keys = Vec::new();
        {
            let mut it = self.db.raw_iterator();
            it.seek_to_first();
            while it.valid() {
                let (k, v) = it.item().ok_or("an entry without a key")?;
                keys.push(index_key(v, k));
                it.next();
            }
            it.status()?;
        }
        keys.sort_unstable();
        let cf = self.index_cf()?;
        let mut b = WriteBatch::default();
        for k in &keys {
            b.put_cf(cf, k, b"");
        }
        self.db.write(b)?;
        Ok(())
    }

    fn index_len(&mut self) -> Result<u64> {
        let mut it = self.db.raw_iterator_cf(self.index_cf()?);
        it.seek_to_first();
        let mut n = 0;
        while it.valid() {
            n += 1;
            it.next();
        }
        it.status()?;
        Ok(n)
    }

    fn index_get_batch(&mut self, values: &[&[u8]]) -> Result<u64> {
        let cf = self.index_cf()?;
        let mut it = self.db.raw_iterator_cf(cf);
        let mut bytes = 0;
        for probe in values {
            let prefix = &probe[..INDEX_PREFIX_LEN];
            it.seek(prefix);
            let ik = it
                .key()
                .filter(|ik| ik.starts_with(prefix))
                .ok_or_else(|| super::missing("index lookup"))?;
            let v = self
                .db
                .get_pinned(&ik[INDEX_PREFIX_LEN..])?
                .ok_or_else(|| super::missing("record named by the index"))?;
            bytes += check_index_value(&v, probe)?;
        }
        it.status()?;
        Ok(bytes)
    }

    fn close(self: Box<Self>) -> Result<()> {
        RocksDb::close(*self)
    }
}
