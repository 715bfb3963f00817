//! SQLite through rusqlite (SQLite compiled from the bundled amalgamation).
//!
//! Configuration: `journal_mode=WAL`, `synchronous=OFF` while loading (commits do not wait for
//! the disk), the default page size (4 KiB) and page cache (`cache_size=-2000`, 2 MB). One
//! `WITHOUT ROWID` table `kv(k BLOB PRIMARY KEY, v BLOB)`, so records live in the primary
//! key's B-tree as in the other engines. Statements are prepared once (`prepare_cached`).
//!
//! Close: `synchronous=NORMAL`, `wal_checkpoint(TRUNCATE)` (copies the WAL into the database
//! file and syncs it), then the connection is closed. The secondary index is an expression
//! index, `CREATE INDEX kv_v8 ON kv(substr(v, 1, 8))`, looked up with the same expression.
//!
//! Concurrent workload: one connection per thread, each opened as above (WAL,
//! `synchronous=OFF`, a 5 s busy timeout); a point read is one `SELECT` outside an explicit
//! transaction (its own read transaction), an update one `UPDATE` in a `BEGIN IMMEDIATE`
//! transaction. WAL's automatic checkpoints (every 1,000 pages) run as SQLite runs them. Close: when
//! every thread's connection is closed, one more connection closes as above.
//!
//! Durable workloads: WAL, one connection per thread (a 60 s busy timeout, so that eight
//! writers queue rather than fail), each commit a `BEGIN IMMEDIATE` transaction of `INSERT`s.
//! Durable commits: `synchronous=FULL` (the WAL is synced at every commit). Lazy commits:
//! `synchronous=NORMAL` (the WAL is synced only at checkpoints); a flush sets
//! `synchronous=FULL` for one write transaction (a row of a one-row table `meta`), whose
//! commit syncs the WAL and with it every frame before it, then sets `NORMAL` back.
//!
//! Backup workload: the loaded database reopened as the durable workloads open it (WAL,
//! `synchronous=FULL`); the online backup is the backup API (`rusqlite::backup::Backup`) into a
//! fresh file of the set, every page in one `step(-1)`: see `SqliteDurable::backup` for why.

use super::{
    check_index_value, check_value, BackupDb, Commits, DurableDb, DurableWriter, Engine, Loader,
    Method, Reader, Result, Shared, Store, Writer,
};
use crate::data::INDEX_PREFIX_LEN;
use crate::set::Set;
use rusqlite::{params, Connection};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The SQLite engine.
#[derive(Debug)]
pub struct Sqlite;

fn db_path(dir: &Path) -> PathBuf {
    dir.join("bench.sqlite")
}

fn connect(dir: &Path) -> Result<Connection> {
    let conn = Connection::open(db_path(dir))?;
    let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(format!("SQLite refused WAL mode ({mode})").into());
    }
    conn.execute_batch("PRAGMA synchronous=OFF;")?;
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(conn)
}

/// Makes the WAL's content durable in the database file and closes.
fn close(conn: Connection) -> Result<()> {
    conn.execute_batch("PRAGMA synchronous=NORMAL;")?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
        r.get::<_, i64>(0)
    })?;
    conn.close().map_err(|(_, e)| e)?;
    Ok(())
}

impl Engine for Sqlite {
    fn name(&self) -> &'static str {
        "sqlite"
    }

    fn create(&self, dir: &Path, _key_len: usize) -> Result<Box<dyn Loader>> {
        let conn = connect(dir)?;
        conn.execute_batch("CREATE TABLE kv (k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID;")?;
        Ok(Box::new(SqliteDb { conn }))
    }

    fn open(&self, dir: &Path, _key_len: usize) -> Result<Box<dyn Store>> {
        Ok(Box::new(SqliteDb {
            conn: connect(dir)?,
        }))
    }

    fn open_shared(&self, dir: &Path, _key_len: usize) -> Result<Box<dyn Shared>> {
        Ok(Box::new(SqliteShared {
            dir: dir.to_path_buf(),
        }))
    }

    fn create_durable(
        &self,
        dir: &Path,
        _key_len: usize,
        commits: Commits,
    ) -> Result<Box<dyn DurableDb>> {
        let db = SqliteDurable {
            dir: dir.to_path_buf(),
            commits,
        };
        db.connect()?.execute_batch(
            "CREATE TABLE kv (k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID;
             CREATE TABLE meta (id INTEGER PRIMARY KEY, flushes INTEGER NOT NULL);",
        )?;
        Ok(Box::new(db))
    }

    fn open_backup(&self, dir: &Path, _key_len: usize) -> Result<Box<dyn BackupDb>> {
        Ok(Box::new(SqliteDurable {
            dir: dir.to_path_buf(),
            commits: Commits::Durable,
        }))
    }
}

impl BackupDb for SqliteDurable {
    fn methods(&self) -> Vec<Method> {
        vec![Method::Online]
    }

    /// The online backup API into `bench.sqlite` of the set, all pages in one step (one read
    /// transaction: in WAL mode the writer goes on). Smaller steps restart from the first page
    /// whenever another connection commits, so under a writer committing every few
    /// milliseconds they would never end. The destination's commit syncs it (its default
    /// `synchronous=FULL`); the set syncs it again when it adopts it.
    fn backup(&self, _method: Method, set: &mut Set) -> Result<()> {
        let src = self.connect()?;
        let path = set.dir().join("bench.sqlite");
        {
            let mut dst = Connection::open(&path)?;
            let backup = rusqlite::backup::Backup::new(&src, &mut dst)?;
            match backup.step(-1)? {
                rusqlite::backup::StepResult::Done => {}
                other => return Err(format!("SQLite backup step: {other:?}").into()),
            }
        }
        set.adopt(&path)
    }

    fn files(&self) -> Result<Vec<PathBuf>> {
        Ok(vec![db_path(&self.dir), self.dir.join("bench.sqlite-wal")])
    }
}

/// The durable workloads' database: each thread opens a connection of its own.
struct SqliteDurable {
    dir: PathBuf,
    commits: Commits,
}

impl SqliteDurable {
    /// A connection in WAL mode with the commits' `synchronous` setting.
    fn connect(&self) -> Result<Connection> {
        let conn = connect(&self.dir)?;
        conn.execute_batch(sync_pragma(self.commits))?;
        conn.busy_timeout(Duration::from_secs(60))?;
        Ok(conn)
    }
}

fn sync_pragma(commits: Commits) -> &'static str {
    match commits {
        Commits::Durable => "PRAGMA synchronous=FULL;",
        Commits::Lazy => "PRAGMA synchronous=NORMAL;",
    }
}

/// One thread's connection to a [`SqliteDurable`].
struct SqliteDurableWriter {
    conn: Connection,
    commits: Commits,
    flushes: i64,
}

impl DurableDb for SqliteDurable {
    fn writer(&self) -> Result<Box<dyn DurableWriter + '_>> {
        Ok(Box::new(SqliteDurableWriter {
            conn: self.connect()?,
            commits: self.commits,
            flushes: 0,
        }))
    }

    fn count(&self) -> Result<u64> {
        let n: i64 = self
            .connect()?
            .query_row("SELECT count(*) FROM kv", [], |r| r.get(0))?;
        Ok(n as u64)
    }

    fn close(self: Box<Self>) -> Result<()> {
        close(self.connect()?)
    }
}

impl DurableWriter for SqliteDurableWriter {
    fn commit(&mut self, batch: &[super::Kv<'_>]) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        {
            let mut st = tx.prepare_cached("INSERT INTO kv (k, v) VALUES (?1, ?2)")?;
            for (k, v) in batch {
                st.execute(params![k, v])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        self.flushes += 1;
        self.conn.execute_batch(sync_pragma(Commits::Durable))?;
        let written = self.conn.execute(
            "INSERT OR REPLACE INTO meta (id, flushes) VALUES (1, ?1)",
            params![self.flushes],
        );
        self.conn.execute_batch(sync_pragma(self.commits))?;
        written?;
        Ok(())
    }
}

/// The concurrent workload's database: each reader and the writer open a connection of
/// their own.
struct SqliteShared {
    dir: PathBuf,
}

impl Reader for SqliteDb {
    fn get(&mut self, key: &[u8]) -> Result<u64> {
        let mut st = self.conn.prepare_cached("SELECT v FROM kv WHERE k = ?1")?;
        let mut rows = st.query(params![key])?;
        let row = rows.next()?.ok_or_else(|| super::missing("point read"))?;
        check_value(row.get_ref(0)?.as_blob()?)
    }

    fn value(&mut self, key: &[u8]) -> Result<Vec<u8>> {
        let v = self
            .conn
            .query_row("SELECT v FROM kv WHERE k = ?1", params![key], |r| r.get(0))?;
        Ok(v)
    }
}

impl Writer for SqliteDb {
    fn update(&mut self, key: &[u8], value: &[u8]) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let n = tx
            .prepare_cached("UPDATE kv SET v = ?2 WHERE k = ?1")?
            .execute(params![key, value])?;
        if n != 1 {
            return Err(super::missing("record to update"));
        }
        tx.commit()?;
        Ok(())
    }
}

impl Shared for SqliteShared {
    fn reader(&self) -> Result<Box<dyn Reader + '_>> {
        Ok(Box::new(SqliteDb {
            conn: connect(&self.dir)?,
        }))
    }

    fn writer(&self) -> Result<Box<dyn Writer + '_>> {
        Ok(Box::new(SqliteDb {
            conn: connect(&self.dir)?,
        }))
    }

    fn close(self: Box<Self>) -> Result<()> {
        close(connect(&self.dir)?)
    }
}

struct SqliteDb {
    conn: Connection,
}

impl Loader for SqliteDb {
    fn insert_batch(&mut self, batch: &[super::Kv<'_>]) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut st = tx.prepare_cached("INSERT INTO kv (k, v) VALUES (?1, ?2)")?;
            for (k, v) in batch {
                st.execute(params![k, v])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn close(self: Box<Self>) -> Result<()> {
        close(self.conn)
    }
}

impl Store for SqliteDb {
    fn scan(&mut self) -> Result<(u64, u64)> {
        let mut st = self.conn.prepare_cached("SELECT k, v FROM kv ORDER BY k")?;
        let mut rows = st.query([])?;
        let (mut n, mut bytes) = (0u64, 0u64);
        while let Some(row) = rows.next()? {
            bytes += check_value(row.get_ref(1)?.as_blob()?)?;
            n += 1;
        }
        Ok((n, bytes))
    }

    fn get_batch(&mut self, keys: &[&[u8]]) -> Result<u64> {
        let tx = self.conn.transaction()?;
        let mut bytes = 0;
        {
            let mut st = tx.prepare_cached("SELECT v FROM kv WHERE k = ?1")?;
            for k in keys {
                let mut rows = st.query(params![k])?;
                let row = rows.next()?.ok_or_else(|| super::missing("point read"))?;
                bytes += check_value(row.get_ref(0)?.as_blob()?)?;
            }
        }
        tx.commit()?;
        Ok(bytes)
    }

    fn build_index(&mut self) -> Result<()> {
        self.conn
            .execute_batch("CREATE INDEX kv_v8 ON kv (substr(v, 1, 8));")?;
        Ok(())
    }

    fn index_len(&mut self) -> Result<u64> {
        // The plan must use the index, or the lookups below would be scans.
        let plan: String = self.conn.query_row(
            "EXPLAIN QUERY PLAN SELECT v FROM kv WHERE substr(v, 1, 8) = ?1 LIMIT 1",
            params![&[0u8; INDEX_PREFIX_LEN][..]],
            |r| r.get(3),
        )?;
        if !plan.contains("kv_v8") {
            return Err(format!("SQLite does not use the index: {plan}").into());
        }
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM kv INDEXED BY kv_v8", [], |r| r.get(0))?;
        Ok(n as u64)
    }

    fn index_get_batch(&mut self, values: &[&[u8]]) -> Result<u64> {
        let tx = self.conn.transaction()?;
        let mut bytes = 0;
        {
            let mut st =
                tx.prepare_cached("SELECT v FROM kv WHERE substr(v, 1, 8) = ?1 LIMIT 1")?;
            for probe in values {
                let mut rows = st.query(params![&probe[..INDEX_PREFIX_LEN]])?;
                let row = rows.next()?.ok_or_else(|| super::missing("index lookup"))?;
                bytes += check_index_value(row.get_ref(0)?.as_blob()?, probe)?;
            }
        }
        tx.commit()?;
        Ok(bytes)
    }

    fn close(self: Box<Self>) -> Result<()> {
        close(self.conn)
    }
}
