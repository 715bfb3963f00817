//! What the table-loading benches share: their command-line options and the `kv`
//! table they load (a fixed binary key column `k`, the primary index, and a
//! variable binary value column `v`).

use ese::db::{CreateOptions, Cursor};
use ese::format::coltype::ColumnType;
use ese::record::schema::{
    column_grbit, index_grbit, ColumnSpec, IndexSpec, KeySegmentSpec, TableSpec,
};
use ese::{Database, Instance, InstanceOptions, Session};
use std::path::Path;

/// The value given after option `name` on the command line, if any.
pub fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// This thread's time on a processor so far, in nanoseconds (Linux only; 0
/// elsewhere).
#[allow(dead_code)] // not every bench that includes this module reads it
pub fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// The table `kv` with keys of `key_len` bytes and values of up to 255.
pub fn kv_spec(key_len: u32) -> TableSpec {
    let column = |name: &str, max_length: u32, flags: u32| ColumnSpec {
        name: name.into(),
        coltype: ColumnType::Binary,
        cp: 0,
        max_length,
        flags,
        default: None,
    };
    TableSpec {
        name: "kv".into(),
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

/// The `kv` table loaded through an instance: what [`open_kv`] makes.
#[allow(dead_code)] // not every bench loads through an instance
pub struct KvInstance {
    /// The instance (its log and checkpoint in the bench's folder).
    pub instance: Instance,
    /// `bench.edb`, 8 KiB pages.
    pub db: Database,
    /// The column id of `k`.
    pub k: u32,
    /// The column id of `v`.
    pub v: u32,
    /// One session.
    pub session: Session,
    /// A cursor on `kv` in that session.
    pub cursor: Cursor,
}

/// Empties `dir`, starts an instance there with `opts`, creates `bench.edb`
/// (8 KiB pages) with the table `kv` (16-byte keys), and opens a session and a
/// cursor on it.
#[allow(dead_code)] // not every bench loads through an instance
pub fn open_kv(dir: &Path, opts: InstanceOptions) -> KvInstance {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("make the folder");
    let instance = Instance::new(opts).expect("start the instance");
    let create = CreateOptions {
        page_size: 8192,
        ..Default::default()
    };
    let mut db = instance
        .create_database(dir.join("bench.edb"), create)
        .expect("create the database");
    db.create_table_spec(&kv_spec(16))
        .expect("create the table");
    let table = db.table("kv").expect("the table");
    let k = table.def().column("k").expect("column k").id;
    let v = table.def().column("v").expect("column v").id;
    let session = instance.begin_session().expect("a session");
    let cursor = session.open_table(&db, "kv").expect("open the table");
    KvInstance {
        instance,
        db,
        k,
        v,
        session,
        cursor,
    }
}
