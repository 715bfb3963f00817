//! ese-rs through its public Rust API: `Database::create`, then a session's cursor
//! (`Cursor::insert_row`, one transaction per batch, as the other engines load) to load,
//! `Table::records` to scan, `Table::seek` for point reads, `Database::create_index` for the
//! secondary index and a `Cursor` (set_index, make_key, seek, retrieve_column) to look up
//! through it.
//!
//! Configuration: 8 KiB pages, a buffer cache of [`CACHE_PAGES`] frames (256 MiB), one table
//! `kv` with a fixed Binary key column `k` (the primary index) and a variable Binary column `v`
//! (up to 255 bytes, so the 100-byte value stays in the record). The base and concurrent
//! workloads open the database on its own (`Database::create`, `Database::open_with`),
//! without an instance and so without a transaction log, as the peers load without syncing:
//! a commit never waits for the disk, and `Database::close` flushes every page, writes the
//! clean header and syncs the file.
//!
//! Concurrent workload: the loaded database opened for writing as for the reads, and one
//! session per thread (`Database::begin_session`), each with its own cursor on `kv`
//! (`Session::open_table`). A point read is a plain read outside a transaction (it sees the
//! latest committed state) through the session's view of the table, `Cursor::table` then
//! `Table::seek` on the primary index, as the single-threaded reads: 2.5 to 3 times as many
//! reads per second as `make_key`, `seek(Eq)`, `retrieve_column` on the cursor (which looks
//! the record up twice) in a trial at 100,000 records. An update is one
//! transaction: `begin_transaction`, `make_key`, `seek(Eq)`, `prepare_update(Replace)`,
//! `set_column`, `update`, `commit_transaction` (rolled back on an error). Without an
//! instance there is no log, so a commit never waits for the disk, as in the loads;
//! `Database::close` makes it durable.
//!
//! Durable workloads (`create_durable`): an `ese::Instance` with its transaction log on
//! (`InstanceOptions::in_dir(dir)`: log, checkpoint and `bench.edb` in the run's folder,
//! recovery on, ESE's default 5 MiB log files, circular logging off, [`CACHE_PAGES`] frames),
//! the database made by `Instance::create_database` and the table by `create_table_spec`. Each
//! thread has its own `Session` (`Instance::begin_session`) and cursor (`Session::open_table`);
//! a commit is `begin_transaction`, one `Cursor::insert_row` per record, then
//! `commit_transaction_with(CommitMode::Durable)` (it returns once the log holds the commit on
//! disk; sessions committing at once share one log flush) or `CommitMode::Lazy` (it returns
//! at once; the log's background flusher writes it within 25 ms). A flush is
//! `Session::flush_commits`. Close: `Instance::term` (clean close of the database and a
//! checkpoint). The recovery replay (`crate::replay`) uses the same instance options with
//! larger log files.
//!
//! Backup workload (`open_backup`): the loaded database (made without an instance, as the
//! loads are) attached to an instance with its log on (`instance_options`,
//! `Instance::attach_database`), durable commits as above. The online backup is the streaming
//! backup: `begin_backup(0)`, for each name of `backup_attach_info` `backup_open_file`, reads
//! of [`BACKUP_READ`] bytes into an `AlignedBuffer` by `backup_read_file` until it returns 0,
//! `backup_close_file`; then `backup_log_info` and each listed log the same way; then
//! `end_backup(END_NORMAL)` (`END_ABORT` after an error). The logs are not truncated.
//!
//! The secondary index `v8` is over `v` with `var_seg_mac` 10: ESE normalizes a variable binary
//! column in groups of 8 bytes plus a marker, so the key holds exactly the first 8 bytes of
//! the value (prefix byte, 8 bytes, marker).

use super::{
    check_index_value, check_value, BackupDb, Commits, DurableDb, DurableWriter, Engine, Loader,
    Method, Reader, Result, Shared, Store, Writer,
};
use crate::set::Set;
use ese::backup::{grbit, AlignedBuffer};
use ese::db::{Cursor, KeyLimit, OpenOptions, Prep, SeekGrbit};
use ese::format::coltype::{ColumnType, Value};
use ese::record::schema::{
    column_grbit, index_grbit, ColumnSpec, IndexSpec, KeySegmentSpec, TableSpec,
};
use ese::record::{Cell, Row, RowValue};
use ese::{CommitMode, Database, Instance, InstanceOptions, SeekOp, Session, Table};
use std::path::{Path, PathBuf};

/// Buffer-cache frames (8 KiB each: 256 MiB).
pub const CACHE_PAGES: usize = 32 * 1024;
/// Page size in bytes.
pub const PAGE_SIZE: usize = 8192;
/// `var_seg_mac` of the secondary index: prefix byte + one group of 8 bytes + its marker.
pub const INDEX_VAR_SEG_MAC: u32 = 10;

const TABLE: &str = "kv";
const INDEX: &str = "v8";

/// The ese-rs engine.
#[derive(Debug)]
pub struct EseRs;

fn db_path(dir: &Path) -> PathBuf {
    dir.join("bench.edb")
}

/// The table `kv`: a fixed Binary key column `k` of `key_len` bytes (the primary index) and a
/// variable Binary value column `v`.
pub fn table_spec(key_len: usize) -> TableSpec {
    let column = |name: &str, max_length: usize, flags: u32| ColumnSpec {
        name: name.into(),
        coltype: ColumnType::Binary,
        cp: 0,
        max_length: max_length as u32,
        flags,
        default: None,
    };
    TableSpec {
        name: TABLE.into(),
        columns: vec![
            column("k", key_len, column_grbit::FIXED | column_grbit::NOT_NULL),
            column("v", 255, 0),
        ],
        indexes: vec![IndexSpec {
            name: "primary".into(),
            key: vec![KeySegmentSpec {
                column: "k".into(),
                descending: false,
            }],
            flags: index_grbit::PRIMARY | index_grbit::UNIQUE,
            key_most: None,
            var_seg_mac: None,
            conditions: Vec::new(),
            tuple_limits: None,
            density: 0,
        }],
        ..TableSpec::default()
    }
}

/// The secondary index over the value's first 8 bytes.
pub fn index_spec() -> IndexSpec {
    IndexSpec {
        name: INDEX.into(),
        key: vec![KeySegmentSpec {
            column: "v".into(),
            descending: false,
        }],
        flags: 0,
        key_most: None,
        var_seg_mac: Some(INDEX_VAR_SEG_MAC),
        conditions: Vec::new(),
        tuple_limits: None,
        density: 0,
    }
}

fn column_id(table: &Table, name: &str) -> Result<u32> {
    table
        .def()
        .column(name)
        .map(|c| c.id)
        .ok_or_else(|| format!("no column {name}").into())
}

impl Engine for EseRs {
    fn name(&self) -> &'static str {
        "ese"
    }

    fn create(&self, dir: &Path, key_len: usize) -> Result<Box<dyn Loader>> {
        let opts = ese::db::CreateOptions {
            page_size: PAGE_SIZE,
            cache_pages: CACHE_PAGES,
            ..Default::default()
        };
        let mut db = Database::create(db_path(dir), opts)?;
        db.create_table_spec(&table_spec(key_len))?;
        let table = db.table(TABLE)?;
        let session = db.begin_session()?;
        let cursor = session.open_table(&db, TABLE)?;
        Ok(Box::new(EseLoader {
            k: column_id(&table, "k")?,
            v: column_id(&table, "v")?,
            db,
            session,
            cursor,
        }))
    }

    fn open(&self, dir: &Path, _key_len: usize) -> Result<Box<dyn Store>> {
        let opts = OpenOptions {
            cache_pages: CACHE_PAGES,
            read_catalog: true,
            read_only: false,
        };
        let db = Database::open_with(&ese_os::StdFs, &db_path(dir), &opts)?;
        let table = db.table(TABLE)?;
        let v = table.def().column("v").cloned().ok_or("no column v")?;
        Ok(Box::new(EseStore {
            db,
            table,
            v,
            cursor: None,
        }))
    }

    fn open_shared(&self, dir: &Path, _key_len: usize) -> Result<Box<dyn Shared>> {
        let opts = OpenOptions {
            cache_pages: CACHE_PAGES,
            read_catalog: true,
            read_only: false,
        };
        let db = Database::open_with(&ese_os::StdFs, &db_path(dir), &opts)?;
        let v = column_id(&db.table(TABLE)?, "v")?;
        Ok(Box::new(EseShared { db, v }))
    }

    fn create_durable(
        &self,
        dir: &Path,
        key_len: usize,
        commits: Commits,
    ) -> Result<Box<dyn DurableDb>> {
        let (instance, mut db) = create_logged(&instance_options(dir), dir)?;
        db.create_table_spec(&table_spec(key_len))?;
        let table = db.table(TABLE)?;
        Ok(Box::new(EseDurable {
            mode: match commits {
                Commits::Durable => CommitMode::Durable,
                Commits::Lazy => CommitMode::Lazy,
            },
            k: column_id(&table, "k")?,
            v: column_id(&table, "v")?,
            instance,
            db,
            path: db_path(dir),
        }))
    }

    fn open_backup(&self, dir: &Path, _key_len: usize) -> Result<Box<dyn BackupDb>> {
        let instance = Instance::new(instance_options(dir))?;
        let (db, _) = instance.attach_database(db_path(dir), false)?;
        let (k, v) = columns(&db)?;
        Ok(Box::new(EseDurable {
            instance,
            db,
            mode: CommitMode::Durable,
            k,
            v,
            path: db_path(dir),
        }))
    }
}

/// The options of the durable workloads' instance: its log and checkpoint in `dir`,
/// recovery on, ESE's default log file size (5 MiB), [`CACHE_PAGES`] frames.
pub fn instance_options(dir: &Path) -> InstanceOptions {
    InstanceOptions {
        cache_pages: CACHE_PAGES,
        ..InstanceOptions::in_dir(dir)
    }
}

/// Starts an instance with `opts` (its log on) and creates `bench.edb` in `dir` through it.
pub fn create_logged(opts: &InstanceOptions, dir: &Path) -> Result<(Instance, Database)> {
    let instance = Instance::new(opts.clone())?;
    let create = ese::db::CreateOptions {
        page_size: PAGE_SIZE,
        ..Default::default()
    };
    let db = instance.create_database(db_path(dir), create)?;
    Ok((instance, db))
}

/// Counts the records of `kv` in `db`.
pub fn count_records(db: &Database) -> Result<u64> {
    let mut n = 0;
    for rec in db.table(TABLE)?.records()? {
        rec?;
        n += 1;
    }
    Ok(n)
}

/// Column ids of `k` and `v` in `db`.
pub fn columns(db: &Database) -> Result<(u32, u32)> {
    let table = db.table(TABLE)?;
    Ok((column_id(&table, "k")?, column_id(&table, "v")?))
}

/// Replaces the value (column `v`) of the existing record `key` through `cursor`, in the
/// cursor's session's transaction.
pub fn replace_value(cursor: &mut Cursor, v: u32, key: &[u8], value: &[u8]) -> Result<()> {
    cursor.make_key(&[Some(Value::Binary(key.to_vec()))], KeyLimit::None)?;
    cursor.seek(SeekGrbit::Eq)?;
    cursor.prepare_update(Prep::Replace)?;
    cursor.set_column(v, Some(Cell::Raw(value.to_vec())), 1)?;
    if let Err(e) = cursor.update() {
        cursor.cancel_update();
        return Err(e.into());
    }
    Ok(())
}

/// The table's name, for opening cursors on it.
pub const TABLE_NAME: &str = TABLE;

/// The durable workloads' database: an instance with its log, and `kv` in `bench.edb`.
struct EseDurable {
    instance: Instance,
    db: Database,
    mode: CommitMode,
    k: u32,
    v: u32,
    /// The database file.
    path: PathBuf,
}

/// One thread's session and cursor on an [`EseDurable`].
struct EseDurableWriter {
    session: Session,
    cursor: Cursor,
    mode: CommitMode,
    k: u32,
    v: u32,
}

impl DurableDb for EseDurable {
    fn writer(&self) -> Result<Box<dyn DurableWriter + '_>> {
        let session = self.instance.begin_session()?;
        let cursor = session.open_table(&self.db, TABLE)?;
        Ok(Box::new(EseDurableWriter {
            session,
            cursor,
            mode: self.mode,
            k: self.k,
            v: self.v,
        }))
    }

    fn count(&self) -> Result<u64> {
        count_records(&self.db)
    }

    fn close(self: Box<Self>) -> Result<()> {
        let EseDurable { instance, db, .. } = *self;
        drop(db);
        instance.term()?;
        Ok(())
    }
}

/// Bytes of each read of the streaming backup.
pub const BACKUP_READ: usize = 1 << 20;

impl EseDurable {
    /// Streams the file `name` (a database or a log) of the running backup into `set`.
    fn stream_file(&self, name: &str, set: &mut Set, buf: &mut AlignedBuffer) -> Result<()> {
        let file = self.instance.backup_open_file(name, 0)?;
        let base = Path::new(name)
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| format!("{name}: no file name"))?;
        let mut out = set.create(base)?;
        let copied = (|| {
            loop {
                let n = self.instance.backup_read_file(file.handle, buf)?;
                if n == 0 {
                    break;
                }
                out.write(&buf[..n])?;
            }
            Ok::<_, super::Error>(())
        })();
        let closed = self.instance.backup_close_file(file.handle);
        copied?;
        closed?;
        set.close(out)
    }

    /// The streaming backup's steps after `begin_backup`: every database, the log list, every
    /// log.
    fn stream_all(&self, set: &mut Set) -> Result<()> {
        let mut buf = AlignedBuffer::new(BACKUP_READ);
        for name in self.instance.backup_attach_info()? {
            self.stream_file(&name, set, &mut buf)?;
        }
        let logs = self.instance.backup_log_info()?;
        for log in &logs.names {
            let name = log.to_str().ok_or("a log path that is not UTF-8")?;
            self.stream_file(name, set, &mut buf)?;
        }
        Ok(())
    }
}

impl BackupDb for EseDurable {
    fn methods(&self) -> Vec<Method> {
        vec![Method::Online]
    }

    /// The streaming backup: `begin_backup`, every database streamed in reads of
    /// [`BACKUP_READ`] bytes, the log list, every log, `end_backup`.
    fn backup(&self, _method: Method, set: &mut Set) -> Result<()> {
        self.instance.begin_backup(0)?;
        match self.stream_all(set) {
            Ok(()) => {
                self.instance.end_backup(grbit::END_NORMAL)?;
                Ok(())
            }
            Err(e) => {
                let _ = self.instance.end_backup(grbit::END_ABORT);
                Err(e)
            }
        }
    }

    fn files(&self) -> Result<Vec<PathBuf>> {
        Ok(vec![self.path.clone()])
    }
}

/// Inserts `batch` through `cursor` as one row each (`k`, `v`), all in one
/// `Cursor::insert_rows` call (every row or none), as RocksDB gets its batch in one
/// `WriteBatch`.
pub fn insert_rows(cursor: &mut Cursor, k: u32, v: u32, batch: &[super::Kv<'_>]) -> Result<()> {
    let rows: Vec<Row> = batch
        .iter()
        .map(|(key, value)| {
            let mut row = Row::new();
            row.set(k, RowValue::One(Cell::Raw(key.to_vec())));
            row.set(v, RowValue::One(Cell::Raw(value.to_vec())));
            row
        })
        .collect();
    cursor.insert_rows(&rows)?;
    Ok(())
}

impl DurableWriter for EseDurableWriter {
    fn commit(&mut self, batch: &[super::Kv<'_>]) -> Result<()> {
        self.session.begin_transaction()?;
        if let Err(e) = insert_rows(&mut self.cursor, self.k, self.v, batch) {
            self.session.rollback_all()?;
            return Err(e);
        }
        self.session.commit_transaction_with(self.mode)?;
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        self.session.flush_commits()?;
        Ok(())
    }
}

/// The concurrent workload's database.
struct EseShared {
    db: Database,
    /// Column id of `v`.
    v: u32,
}

/// One thread's session and its cursor on `kv`.
struct EseSession {
    session: Session,
    cursor: Cursor,
    v: u32,
    /// The point read's key and the buffer its value is read into, kept from read to
    /// read (as a `JetRetrieveColumn` caller keeps its buffer).
    key: [Option<Value>; 1],
    buf: Vec<u8>,
}

impl EseShared {
    fn session(&self) -> Result<EseSession> {
        let session = self.db.begin_session()?;
        let cursor = session.open_table(&self.db, TABLE)?;
        Ok(EseSession {
            session,
            cursor,
            v: self.v,
            key: [Some(Value::Binary(Vec::new()))],
            buf: Vec::new(),
        })
    }
}

impl EseSession {
    fn seek(&mut self, key: &[u8]) -> Result<()> {
        self.cursor
            .make_key(&[Some(Value::Binary(key.to_vec()))], KeyLimit::None)?;
        self.cursor.seek(SeekGrbit::Eq)?;
        Ok(())
    }

    fn replace(&mut self, key: &[u8], value: &[u8]) -> Result<()> {
        replace_value(&mut self.cursor, self.v, key, value)
    }
}

impl Reader for EseSession {
    /// The value copied into the session's buffer (`Table::seek_column`: the column's
    /// bytes, as `JetRetrieveColumn` gives them), its length checked.
    fn get(&mut self, key: &[u8]) -> Result<u64> {
        if let Some(Value::Binary(k)) = &mut self.key[0] {
            k.clear();
            k.extend_from_slice(key);
        }
        let table = self.cursor.table();
        let v = table.def().column_by_id(self.v).ok_or("no column v")?;
        match table.seek_column("primary", &self.key, SeekOp::Eq, v, &mut self.buf)? {
            Some(true) => check_value(&self.buf),
            _ => Err(super::missing("point read")),
        }
    }

    fn value(&mut self, key: &[u8]) -> Result<Vec<u8>> {
        self.seek(key)?;
        let (v, _) = self.cursor.retrieve_column(self.v, 1)?;
        Ok(binary(v.as_ref())?.to_vec())
    }
}

impl Writer for EseSession {
    fn update(&mut self, key: &[u8], value: &[u8]) -> Result<()> {
        self.session.begin_transaction()?;
        match self.replace(key, value) {
            Ok(()) => {
                self.session.commit_transaction()?;
                Ok(())
            }
            Err(e) => {
                self.session.rollback_all()?;
                Err(e)
            }
        }
    }
}

impl Shared for EseShared {
    fn reader(&self) -> Result<Box<dyn Reader + '_>> {
        Ok(Box::new(self.session()?))
    }

    fn writer(&self) -> Result<Box<dyn Writer + '_>> {
        Ok(Box::new(self.session()?))
    }

    fn close(self: Box<Self>) -> Result<()> {
        self.db.close()?;
        Ok(())
    }
}

struct EseLoader {
    db: Database,
    session: Session,
    cursor: Cursor,
    k: u32,
    v: u32,
}

impl Loader for EseLoader {
    /// One transaction per batch, as the other engines load.
    fn insert_batch(&mut self, batch: &[super::Kv<'_>]) -> Result<()> {
        self.session.begin_transaction()?;
        insert_rows(&mut self.cursor, self.k, self.v, batch)?;
        self.session.commit_transaction()?;
        Ok(())
    }

    fn close(self: Box<Self>) -> Result<()> {
        self.db.close()?;
        Ok(())
    }
}

struct EseStore {
    db: Database,
    table: Table,
    v: ese::db::ColumnDef,
    /// The cursor on the secondary index, opened after the index exists.
    cursor: Option<Cursor>,
}

fn binary(v: Option<&Value>) -> Result<&[u8]> {
    match v {
        Some(Value::Binary(b)) => Ok(b),
        _ => Err("the value column is not a binary value".into()),
    }
}

impl Store for EseStore {
    fn scan(&mut self) -> Result<(u64, u64)> {
        let (mut n, mut bytes) = (0u64, 0u64);
        for rec in self.table.records()? {
            let rec = rec?;
            bytes += check_value(binary(rec.value(&self.v)?.first())?)?;
            n += 1;
        }
        Ok((n, bytes))
    }

    /// Each value copied into one buffer kept for the batch (`Table::seek_column`, as the
    /// concurrent workload's readers read), its length checked.
    fn get_batch(&mut self, keys: &[&[u8]]) -> Result<u64> {
        let mut bytes = 0;
        let mut key = [Some(Value::Binary(Vec::new()))];
        let mut buf = Vec::new();
        for k in keys {
            if let Some(Value::Binary(b)) = &mut key[0] {
                b.clear();
                b.extend_from_slice(k);
            }
            match self
                .table
                .seek_column("primary", &key, SeekOp::Eq, &self.v, &mut buf)?
            {
                Some(true) => bytes += check_value(&buf)?,
                _ => return Err(super::missing("point read")),
            }
        }
        Ok(bytes)
    }

    fn build_index(&mut self) -> Result<()> {
        self.db.create_index(TABLE, &index_spec())?;
        Ok(())
    }

    fn index_len(&mut self) -> Result<u64> {
        let table = self.db.table(TABLE)?;
        let mut n = 0;
        for e in table.index_entries(INDEX)? {
            e?;
            n += 1;
        }
        Ok(n)
    }

    fn index_get_batch(&mut self, values: &[&[u8]]) -> Result<u64> {
        if self.cursor.is_none() {
            let mut c = self.db.open_cursor(TABLE)?;
            c.set_index(Some(INDEX))?;
            self.cursor = Some(c);
        }
        let cursor = self.cursor.as_mut().ok_or("no cursor")?;
        let mut bytes = 0;
        for probe in values {
            cursor.make_key(&[Some(Value::Binary(probe.to_vec()))], KeyLimit::None)?;
            cursor.seek(SeekGrbit::Eq)?;
            let (v, _) = cursor.retrieve_column(self.v.id, 1)?;
            bytes += check_index_value(binary(v.as_ref())?, probe)?;
        }
        Ok(bytes)
    }

    fn close(self: Box<Self>) -> Result<()> {
        drop(self.cursor);
        self.db.close()?;
        Ok(())
    }
}
