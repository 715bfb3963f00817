//! Crash safety on the simulated disk: random power cuts under concurrent
//! sessions, an exhaustive sweep of crash points over scripted scenarios, crashes
//! during recovery, injected I/O errors at every call, and a planted lying disk
//! that the same checks must catch.
//!
//! The oracle. Every change a test makes is mirrored in a model. A transaction
//! whose commit returned `Ok` must be there after recovery; a rolled-back or
//! never-committed one must not; a commit that was in flight at the crash is all
//! there or all absent. Changes made outside transactions (creating a database
//! or a table) count as acknowledged once a later durable call (a commit, a
//! checkpoint, a detach, a clean term) returned `Ok`; before that they may be
//! lost, but only as a prefix of the log. So the recovered state must equal one
//! of the model states since the last acknowledgement (`Candidates`). Every
//! recovered database must also pass `Database::check` (trees, space, every
//! index against the records).
//!
//! Replaying and scaling (all optional):
//!
//! - `CRASH_SEED=<n>` replays one seed of `random_power_cuts` (and of
//!   `crashes_during_recovery`), printing what it does.
//! - `CRASH_SCENARIO=<name>` with `CRASH_AT=<n>` and `CRASH_TEAR=<0|1|2>`
//!   replays one point of the sweep; `CRASH_SCENARIO` alone sweeps one scenario.
//! - `CRASH_SEEDS` (random seeds, default 1000), `CRASH_ROUNDS` (power cuts per
//!   seed, default 20), `CRASH_RECOVERY_SEEDS` (default 700),
//!   `CRASH_SEED_BASE` (first seed, default 1) scale the suite up for a soak.
//! - `CRASH_SCENARIO=<name> CRASH_FAULT_AT=<n> CRASH_FAULT=<0|1|2>` replays one
//!   injected fault.
//! - Narrowing a random failure: `CRASH_WORKERS=<max>`, `CRASH_DDL=0`,
//!   `CRASH_NESTED=0`, `CRASH_CKPT=0` turn parts of the workload off;
//!   `CRASH_POLICY=<0..4>` fixes the tear policy; `CRASH_TRACE=1` prints every
//!   file call of a sweep or fault replay with its call number.
//!
//! Random runs use threads and (half of the time) a crash at a wall-clock
//! moment, so a seed replays the same workload but not always the same
//! interleaving; the sweep and the fault runs replay exactly.
//!
//! Every failure names its seed or scenario point and the command that replays
//! it.

use ese::db::{KeyLimit, Prep, SeekGrbit};
use ese::format::coltype::{ColumnType, Value};
use ese::record::schema::{parse_schema, ColumnSpec, IndexSpec, KeySegmentSpec, TableSpec};
use ese::record::Cell;
use ese::{CreateOptions, Cursor, Database, Instance, InstanceOptions, Session};
use ese_os::{
    EntryKind, Fault, FaultKind, FaultOp, File, FileSystem, OpenOptions, SimFs, TearPolicy,
};
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "val", "type": "Long"},
              {"name": "note", "type": "LongText", "cp": 1252}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
              {"name": "byval", "key": ["+val"]}]}]}"#;

const LOG_DIR: &str = "/d";
const DBS: [&str; 2] = ["/d/x.edb", "/d/y.edb"];

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn opts() -> InstanceOptions {
    InstanceOptions {
        log_file_size: 256 * 1024,
        cache_pages: 32,
        ..InstanceOptions::in_dir(LOG_DIR)
    }
}

fn spec(name: &str) -> TableSpec {
    let mut spec = parse_schema(SCHEMA).unwrap().tables.remove(0);
    spec.name = name.into();
    spec
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, one_in: u64) -> bool {
        self.below(one_in) == 0
    }
}

/// A long value whose bytes say which row and value it belongs to; `len` 0 is
/// a short one.
fn note(id: i32, val: i32, len: usize) -> String {
    let unit = format!("{id}.{val};");
    let mut s = unit.repeat(len / unit.len() + 1);
    s.truncate(len.max(unit.len()));
    s
}

fn put(c: &mut Cursor, id: i32, val: i32, text: &str) -> ese::Result<()> {
    c.make_key(&[Some(Value::Long(id))], KeyLimit::None)?;
    let exists = c.seek(SeekGrbit::Eq).is_ok();
    c.prepare_update(if exists { Prep::Replace } else { Prep::Insert })?;
    let r = (|| {
        if !exists {
            c.set_column(1, Some(Cell::Value(Value::Long(id))), 1)?;
        }
        c.set_column(2, Some(Cell::Value(Value::Long(val))), 1)?;
        c.set_column(256, Some(Cell::Value(Value::Text(text.into()))), 1)?;
        c.update().map(|_| ())
    })();
    if r.is_err() {
        c.cancel_update();
    }
    r
}

fn remove(c: &mut Cursor, id: i32) -> ese::Result<bool> {
    c.make_key(&[Some(Value::Long(id))], KeyLimit::None)?;
    if c.seek(SeekGrbit::Eq).is_err() {
        return Ok(false);
    }
    c.delete()?;
    Ok(true)
}

type Rows = BTreeMap<i32, (i32, String)>;

/// What the test knows about the disk: for each database that exists, its
/// tables (of the test's own schema) and their rows.
type Model = BTreeMap<usize, BTreeMap<String, Rows>>;

/// Every record of `table`, with the secondary index counted against it.
fn rows_of(db: &Database, table: &str) -> Result<Rows, String> {
    let t = db.table(table).map_err(|e| format!("table {table}: {e}"))?;
    let mut out = Rows::new();
    for r in t
        .records()
        .map_err(|e| format!("records of {table}: {e}"))?
    {
        let r = r.map_err(|e| format!("record of {table}: {e}"))?;
        let get = |n: &str| r.get(n).ok().and_then(|v| v.first().cloned());
        match (get("id"), get("val"), get("note")) {
            (Some(Value::Long(id)), Some(Value::Long(val)), Some(Value::Text(n))) => {
                out.insert(id, (val, n));
            }
            other => return Err(format!("bad record in {table}: {other:?}")),
        }
    }
    let n = t
        .index_entries("byval")
        .map_err(|e| format!("index of {table}: {e}"))?
        .count();
    if n != out.len() {
        return Err(format!(
            "{table}: index byval has {n} entries for {} records",
            out.len()
        ));
    }
    Ok(out)
}

/// The states the disk may legally hold after a crash: the last acknowledged
/// one and every one after it, in order.
#[derive(Clone, Debug)]
struct Candidates(Vec<Model>);

impl Candidates {
    fn new(m: Model) -> Self {
        Candidates(vec![m])
    }
    fn current(&self) -> &Model {
        self.0.last().expect("never empty")
    }
    /// A change that is not yet durable (or whose commit is in flight).
    fn push(&mut self, m: Model) {
        if self.current() != &m {
            self.0.push(m);
        }
    }
    /// A durable call returned: everything before it is on disk.
    fn ack(&mut self) {
        let m = self.0.pop().expect("never empty");
        self.0 = vec![m];
    }
    fn dbs(&self) -> BTreeSet<usize> {
        self.0.iter().flat_map(|m| m.keys().copied()).collect()
    }
}

/// Starts an instance over `fs` (recovering), attaches every database some
/// candidate has, compares with the candidates and checks the databases.
/// Returns the matching model and the instance.
fn recover_and_check(
    fs: &Arc<dyn FileSystem>,
    cands: &Candidates,
) -> Result<(Model, Instance, Vec<Option<Database>>), String> {
    let inst = Instance::with_fs(fs.clone(), opts()).map_err(|e| format!("recovery: {e}"))?;
    let mut actual = Model::new();
    let mut dbs: Vec<Option<Database>> = vec![None, None];
    for i in cands.dbs() {
        let optional = cands.0.iter().any(|m| !m.contains_key(&i));
        if !fs.exists(Path::new(DBS[i])) {
            if optional {
                continue;
            }
            return Err(format!("{} is gone", DBS[i]));
        }
        let db = match inst.attach_database(DBS[i], false) {
            Ok((db, _)) => db,
            Err(_) if optional => continue,
            Err(e) => return Err(format!("attach {}: {e}", DBS[i])),
        };
        db.check()
            .map_err(|e| format!("check of {} after recovery: {e}", DBS[i]))?;
        let mut tables = BTreeMap::new();
        for name in db.table_names() {
            if name.starts_with("MSys") {
                continue;
            }
            tables.insert(name.clone(), rows_of(&db, &name)?);
        }
        actual.insert(i, tables);
        dbs[i] = Some(db);
    }
    if cands.0.contains(&actual) {
        Ok((actual, inst, dbs))
    } else {
        Err(format!(
            "recovered state matches none of {} candidates: {}",
            cands.0.len(),
            diff(&actual, cands.current())
        ))
    }
}

/// A short description of how `a` (recovered) differs from `b` (expected).
fn diff(a: &Model, b: &Model) -> String {
    let mut out = Vec::new();
    for i in a.keys().chain(b.keys()).collect::<BTreeSet<_>>() {
        let (ta, tb) = (a.get(i), b.get(i));
        match (ta, tb) {
            (None, Some(_)) => out.push(format!("db {i} missing")),
            (Some(_), None) => out.push(format!("db {i} unexpected")),
            (Some(ta), Some(tb)) => {
                for t in ta.keys().chain(tb.keys()).collect::<BTreeSet<_>>() {
                    match (ta.get(t), tb.get(t)) {
                        (None, Some(_)) => out.push(format!("db {i} table {t} missing")),
                        (Some(_), None) => out.push(format!("db {i} table {t} unexpected")),
                        (Some(ra), Some(rb)) => {
                            let missing: Vec<_> =
                                rb.keys().filter(|k| !ra.contains_key(k)).take(5).collect();
                            let extra: Vec<_> =
                                ra.keys().filter(|k| !rb.contains_key(k)).take(5).collect();
                            let changed: Vec<_> = ra
                                .iter()
                                .filter(|(k, v)| rb.get(k).is_some_and(|w| w != *v))
                                .map(|(k, v)| {
                                    let w = &rb[k];
                                    let at = v
                                        .1
                                        .bytes()
                                        .zip(w.1.bytes())
                                        .position(|(a, b)| a != b)
                                        .unwrap_or(v.1.len().min(w.1.len()));
                                    let near = |t: &str| {
                                        t.get(at..(at + 12).min(t.len())).unwrap_or("").to_string()
                                    };
                                    format!(
                                        "{k}: val {} note {}B differing from byte {at} ({:?} for {:?}), expected val {} note {}B",
                                        v.0,
                                        v.1.len(),
                                        near(&v.1),
                                        near(&w.1),
                                        w.0,
                                        w.1.len()
                                    )
                                })
                                .take(5)
                                .collect();
                            if !missing.is_empty() || !extra.is_empty() || !changed.is_empty() {
                                out.push(format!(
                                    "db {i} table {t}: missing {missing:?} extra {extra:?} \
                                     changed {changed:?}"
                                ));
                            }
                        }
                        (None, None) => {}
                    }
                }
            }
            (None, None) => {}
        }
    }
    out.join("; ")
}

// ---------------------------------------------------------------- the disk

/// A new simulated disk holding the files of `src` (its current state, which
/// after a power cut is its durable state), all synced.
fn copy_disk(src: &dyn FileSystem) -> Arc<SimFs> {
    let dst = Arc::new(SimFs::new());
    fn walk(src: &dyn FileSystem, dst: &SimFs, dir: &Path) {
        dst.create_dir_all(dir).unwrap();
        for name in src.read_dir(dir).unwrap() {
            let p = dir.join(&name);
            match src.kind(&p).unwrap() {
                Some(EntryKind::Dir) => walk(src, dst, &p),
                Some(_) => {
                    let f = src.open(&p, OpenOptions::read_only()).unwrap();
                    let mut buf = vec![0; f.len().unwrap() as usize];
                    f.read_at(0, &mut buf).unwrap();
                    let g = dst
                        .open(
                            &p,
                            OpenOptions {
                                create: true,
                                ..OpenOptions::read_write()
                            },
                        )
                        .unwrap();
                    g.write_at(0, &buf).unwrap();
                    g.sync_all().unwrap();
                }
                None => {}
            }
        }
        dst.sync_dir(dir).unwrap();
    }
    walk(src, &dst, Path::new(LOG_DIR));
    dst.sync_dir(Path::new("/")).unwrap();
    dst
}

/// A disk with database 0 holding table `t`, shut down cleanly.
fn template() -> &'static Vec<(PathBuf, Vec<u8>)> {
    static T: OnceLock<Vec<(PathBuf, Vec<u8>)>> = OnceLock::new();
    T.get_or_init(|| {
        let sim = Arc::new(SimFs::new());
        let fs: Arc<dyn FileSystem> = sim.clone();
        let inst = Instance::with_fs(fs.clone(), opts()).unwrap();
        let mut db = inst
            .create_database(DBS[0], CreateOptions::default())
            .unwrap();
        db.create_table_spec(&spec("t")).unwrap();
        inst.term().unwrap();
        drop(db);
        drop(inst);
        let mut files = Vec::new();
        for name in fs.read_dir(Path::new(LOG_DIR)).unwrap() {
            let p = Path::new(LOG_DIR).join(name);
            let f = fs.open(&p, OpenOptions::read_only()).unwrap();
            let mut buf = vec![0; f.len().unwrap() as usize];
            f.read_at(0, &mut buf).unwrap();
            files.push((p, buf));
        }
        files
    })
}

fn template_model() -> Model {
    Model::from([(0, BTreeMap::from([("t".to_string(), Rows::new())]))])
}

fn from_template() -> Arc<SimFs> {
    let sim = Arc::new(SimFs::new());
    sim.create_dir_all(Path::new(LOG_DIR)).unwrap();
    for (p, bytes) in template() {
        let g = sim
            .open(
                p,
                OpenOptions {
                    create: true,
                    ..OpenOptions::read_write()
                },
            )
            .unwrap();
        g.write_at(0, bytes).unwrap();
        g.sync_all().unwrap();
    }
    sim.sync_dir(Path::new(LOG_DIR)).unwrap();
    sim.sync_dir(Path::new("/")).unwrap();
    sim
}

/// Ends the simulated process: every later call fails, the old handles are
/// dropped while nothing can reach the disk, then the power is cut.
fn kill_and_cut<T>(sim: &SimFs, handles: T, seed: u64, policy: TearPolicy) {
    if !sim.is_crashed() {
        sim.crash_at(sim.io_count() + 1);
    }
    drop(handles);
    sim.power_cut_with(seed, policy);
}

fn panic_text(p: Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "panic".into())
}

/// A file system that lies: its syncs do nothing. The planted fault of
/// `the_checks_catch_a_disk_that_lies`.
#[derive(Debug)]
struct LyingFs(Arc<SimFs>);
#[derive(Debug)]
struct LyingFile(Box<dyn File>);

impl File for LyingFile {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        self.0.read_at(offset, buf)
    }
    fn write_at(&self, offset: u64, buf: &[u8]) -> io::Result<()> {
        self.0.write_at(offset, buf)
    }
    fn len(&self) -> io::Result<u64> {
        self.0.len()
    }
    fn set_len(&self, len: u64) -> io::Result<()> {
        self.0.set_len(len)
    }
    fn sync_data(&self) -> io::Result<()> {
        Ok(())
    }
    fn sync_all(&self) -> io::Result<()> {
        Ok(())
    }
}

impl FileSystem for LyingFs {
    fn open(&self, path: &Path, opts: OpenOptions) -> io::Result<Box<dyn File>> {
        Ok(Box::new(LyingFile(self.0.open(path, opts)?)))
    }
    fn remove_file(&self, path: &Path) -> io::Result<()> {
        self.0.remove_file(path)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.0.rename(from, to)
    }
    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        self.0.read_dir(path)
    }
    fn create_dir_all(&self, path: &Path) -> io::Result<()> {
        self.0.create_dir_all(path)
    }
    fn remove_dir(&self, path: &Path) -> io::Result<()> {
        self.0.remove_dir(path)
    }
    fn kind(&self, path: &Path) -> io::Result<Option<EntryKind>> {
        self.0.kind(path)
    }
    fn sync_dir(&self, _path: &Path) -> io::Result<()> {
        Ok(())
    }
}

/// A file system that prints every call with the simulated disk's call count
/// (`CRASH_TRACE=1`), for reading what happened around a crash point.
#[derive(Debug)]
struct TraceFs(Arc<SimFs>);
#[derive(Debug)]
struct TraceFile(Box<dyn File>, String, Arc<SimFs>);

impl File for TraceFile {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        let r = self.0.read_at(offset, buf);
        println!(
            "{:5} read  {} @{offset} +{} {:?}",
            self.2.io_count(),
            self.1,
            buf.len(),
            r.as_ref().err()
        );
        r
    }
    fn write_at(&self, offset: u64, buf: &[u8]) -> io::Result<()> {
        let r = self.0.write_at(offset, buf);
        println!(
            "{:5} write {} @{offset} +{} {:?}",
            self.2.io_count(),
            self.1,
            buf.len(),
            r.as_ref().err()
        );
        r
    }
    fn len(&self) -> io::Result<u64> {
        self.0.len()
    }
    fn set_len(&self, len: u64) -> io::Result<()> {
        let r = self.0.set_len(len);
        println!(
            "{:5} setlen {} {len} {:?}",
            self.2.io_count(),
            self.1,
            r.as_ref().err()
        );
        r
    }
    fn sync_data(&self) -> io::Result<()> {
        let r = self.0.sync_data();
        println!(
            "{:5} syncdata {} {:?}",
            self.2.io_count(),
            self.1,
            r.as_ref().err()
        );
        r
    }
    fn sync_all(&self) -> io::Result<()> {
        let r = self.0.sync_all();
        println!(
            "{:5} syncall {} {:?}",
            self.2.io_count(),
            self.1,
            r.as_ref().err()
        );
        r
    }
}

impl FileSystem for TraceFs {
    fn open(&self, path: &Path, opts: OpenOptions) -> io::Result<Box<dyn File>> {
        let r = self.0.open(path, opts);
        println!(
            "{:5} open {} {opts:?} {:?}",
            self.0.io_count(),
            path.display(),
            r.as_ref().err()
        );
        Ok(Box::new(TraceFile(
            r?,
            path.display().to_string(),
            self.0.clone(),
        )))
    }
    fn remove_file(&self, path: &Path) -> io::Result<()> {
        println!("{:5} remove {}", self.0.io_count(), path.display());
        self.0.remove_file(path)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        println!(
            "{:5} rename {} {}",
            self.0.io_count(),
            from.display(),
            to.display()
        );
        self.0.rename(from, to)
    }
    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        self.0.read_dir(path)
    }
    fn create_dir_all(&self, path: &Path) -> io::Result<()> {
        self.0.create_dir_all(path)
    }
    fn remove_dir(&self, path: &Path) -> io::Result<()> {
        self.0.remove_dir(path)
    }
    fn kind(&self, path: &Path) -> io::Result<Option<EntryKind>> {
        self.0.kind(path)
    }
    fn sync_dir(&self, path: &Path) -> io::Result<()> {
        println!("{:5} syncdir {}", self.0.io_count(), path.display());
        self.0.sync_dir(path)
    }
}

fn maybe_traced(sim: &Arc<SimFs>) -> Arc<dyn FileSystem> {
    if env_u64("CRASH_TRACE", 0) == 1 {
        Arc::new(TraceFs(sim.clone()))
    } else {
        sim.clone()
    }
}

// ------------------------------------------------------ (a) random power cuts

/// What one worker session knows: its rows (ids `k*10_000 ..`) and tables
/// (`k{k}n{n}`) as last acknowledged, and as they would be if the commit in
/// flight at the crash went through.
#[derive(Clone, Debug, Default, PartialEq)]
struct Part {
    rows: Rows,
    tables: BTreeSet<String>,
}

#[derive(Clone, Debug, Default)]
struct WorkerOracle {
    committed: Part,
    inflight: Option<Part>,
}

fn part_of(k: usize, m: &BTreeMap<String, Rows>) -> Part {
    let lo = k as i32 * 10_000;
    let rows = m
        .get("t")
        .map(|r| {
            r.range(lo..lo + 10_000)
                .map(|(a, b)| (*a, b.clone()))
                .collect()
        })
        .unwrap_or_default();
    let prefix = format!("k{k}n");
    let tables = m
        .keys()
        .filter(|t| t.starts_with(&prefix))
        .cloned()
        .collect();
    Part { rows, tables }
}

/// One worker's transactions. Stops at the first error after the simulated
/// crash; an error before it (a write conflict) rolls the transaction back.
#[allow(clippy::too_many_arguments)]
fn worker(
    k: usize,
    seed: u64,
    inst: &Instance,
    db: &Database,
    sim: &SimFs,
    txns: u64,
    table_seq: &AtomicU64,
    mut oracle: WorkerOracle,
) -> WorkerOracle {
    let mut rng = Rng(seed ^ (k as u64).wrapping_mul(0x51_7CC1_B727_220A));
    let Ok(s) = inst.begin_session() else {
        return oracle;
    };
    let Ok(mut c) = s.open_table(db, "t") else {
        return oracle;
    };
    let base = k as i32 * 10_000;
    for _ in 0..txns {
        if sim.is_crashed() {
            break;
        }
        let mut pending = oracle.committed.clone();
        if s.begin_transaction().is_err() {
            break;
        }
        let mut ok = true;
        let ops = 1 + rng.below(6);
        for _ in 0..ops {
            let id = base + rng.below(40) as i32;
            let r = if rng.chance(5) {
                remove(&mut c, id).map(|gone| {
                    if gone {
                        pending.rows.remove(&id);
                    }
                })
            } else {
                let val = rng.below(1000) as i32;
                let len = if rng.chance(3) {
                    rng.below(5000) as usize
                } else {
                    rng.below(40) as usize
                };
                let text = note(id, val, len);
                put(&mut c, id, val, &text).map(|()| {
                    pending.rows.insert(id, (val, text));
                })
            };
            if r.is_err() {
                ok = false;
                break;
            }
        }
        // A nested level rolled back: none of it may survive.
        if ok && rng.chance(6) && env_u64("CRASH_NESTED", 1) == 1 {
            let saved = pending.clone();
            ok = s.begin_transaction().is_ok();
            if ok {
                for _ in 0..1 + rng.below(3) {
                    let id = base + rng.below(40) as i32;
                    if put(&mut c, id, -7, &note(id, -7, 3000)).is_err() {
                        ok = false;
                        break;
                    }
                }
                ok = ok && s.rollback().is_ok();
                pending = saved;
            }
        }
        // A schema change now and then.
        if ok && rng.chance(12) && env_u64("CRASH_DDL", 1) == 1 {
            let r = if pending.tables.is_empty() || rng.chance(2) {
                let name = format!("k{k}n{}", table_seq.fetch_add(1, Ordering::Relaxed));
                let r = spec(&name)
                    .table_def(8192, "crash")
                    .and_then(|def| s.create_table(db, def))
                    .and_then(|_| s.open_table(db, &name))
                    .and_then(|mut c2| put(&mut c2, 1, 1, &note(1, 1, 2000)));
                r.map(|()| {
                    pending.tables.insert(name);
                })
            } else {
                let name = pending.tables.iter().next().cloned().expect("not empty");
                s.delete_table(db, &name).map(|()| {
                    pending.tables.remove(&name);
                })
            };
            ok = r.is_ok();
        }
        if !ok {
            if sim.is_crashed() || s.rollback().is_err() {
                break;
            }
            continue;
        }
        if rng.chance(6) {
            if s.rollback().is_err() {
                break;
            }
            continue;
        }
        oracle.inflight = Some(pending.clone());
        match s.commit_transaction() {
            Ok(_) => {
                oracle.committed = pending;
                oracle.inflight = None;
            }
            Err(_) => break,
        }
        if rng.chance(15)
            && env_u64("CRASH_CKPT", 1) == 1
            && inst.checkpoint().is_err()
            && sim.is_crashed()
        {
            break;
        }
    }
    drop(c);
    drop(s);
    oracle
}

/// Checks one worker's part of the recovered state.
fn check_part(k: usize, o: &WorkerOracle, actual: &Part) -> Result<(), String> {
    if actual == &o.committed || o.inflight.as_ref() == Some(actual) {
        return Ok(());
    }
    let show = |p: &Part| {
        format!(
            "{} rows {:?}.. tables {:?}",
            p.rows.len(),
            p.rows.keys().take(8).collect::<Vec<_>>(),
            p.tables
        )
    };
    Err(format!(
        "session {k}: recovered {}, committed {}, in flight {}",
        show(actual),
        show(&o.committed),
        o.inflight.as_ref().map_or("none".into(), show)
    ))
}

#[derive(Default, Debug, Clone, Copy)]
struct Stats {
    power_cuts: u64,
    commits: u64,
}

/// One seed: `rounds` times, start (recovering), check, run 2–4 workers, crash
/// at a random call or a random moment, cut the power.
fn random_run(seed: u64, rounds: u64, lying: bool, verbose: bool) -> Result<Stats, String> {
    let mut rng = Rng(seed);
    let sim = from_template();
    let fs: Arc<dyn FileSystem> = if lying {
        Arc::new(LyingFs(sim.clone()))
    } else {
        sim.clone()
    };
    let table_seq = AtomicU64::new(0);
    let mut oracles: Vec<WorkerOracle> = vec![WorkerOracle::default(); 4];
    let mut stats = Stats::default();
    let mut span = 400u64;
    let policies = [
        TearPolicy::Default,
        TearPolicy::AtomicSector,
        TearPolicy::SequentialPrefix,
        TearPolicy::DropAll,
        TearPolicy::KeepAll,
    ];
    for round in 0..=rounds {
        let inst = Instance::with_fs(fs.clone(), opts())
            .map_err(|e| format!("round {round}: recovery: {e}"))?;
        let (db, _) = inst
            .attach_database(DBS[0], false)
            .map_err(|e| format!("round {round}: attach: {e}"))?;
        db.check()
            .map_err(|e| format!("round {round}: check after recovery: {e}"))?;
        let mut tables = BTreeMap::new();
        for name in db.table_names() {
            if !name.starts_with("MSys") {
                tables.insert(name.clone(), rows_of(&db, &name)?);
            }
        }
        for (k, o) in oracles.iter_mut().enumerate() {
            let actual = part_of(k, &tables);
            check_part(k, o, &actual).map_err(|e| format!("round {round}: {e}"))?;
            *o = WorkerOracle {
                committed: actual,
                inflight: None,
            };
        }
        if round > 0 {
            stats.power_cuts += 1;
        }
        if round == rounds {
            inst.term().map_err(|e| format!("term: {e}"))?;
            break;
        }
        let workers = (2 + rng.below(3) as usize).min(env_u64("CRASH_WORKERS", 4) as usize);
        let txns = 1 + rng.below(6);
        let start = sim.io_count();
        let by_count = rng.chance(2);
        let crash_point = start + 1 + rng.below(span);
        if by_count {
            sim.crash_at(crash_point);
        }
        let wait = Duration::from_micros(rng.below(4_000));
        let policy = policies[rng.below(policies.len() as u64) as usize];
        let policy = match env_u64("CRASH_POLICY", 9) {
            9 => policy,
            p => policies[p as usize],
        };
        let cut_seed = rng.next();
        if verbose {
            println!(
                "round {round}: {workers} workers × {txns} txns, crash {}, {policy:?}",
                if by_count {
                    format!("at call {crash_point}")
                } else {
                    format!("after {wait:?}")
                }
            );
        }
        let results: Vec<std::thread::Result<WorkerOracle>> = std::thread::scope(|sc| {
            let hs: Vec<_> = (0..workers)
                .map(|k| {
                    let (inst, db, sim, o) = (&inst, &db, &*sim, oracles[k].clone());
                    let ts = &table_seq;
                    let s = seed.wrapping_add(round);
                    sc.spawn(move || worker(k, s, inst, db, sim, txns, ts, o))
                })
                .collect();
            if !by_count {
                let t = Instant::now();
                while t.elapsed() < wait && hs.iter().any(|h| !h.is_finished()) {
                    std::thread::sleep(Duration::from_micros(200));
                }
                if !sim.is_crashed() {
                    sim.crash_at(sim.io_count() + 1);
                }
            }
            hs.into_iter().map(|h| h.join()).collect()
        });
        for (k, r) in results.into_iter().enumerate() {
            match r {
                Ok(o) => {
                    stats.commits += 1;
                    oracles[k] = o;
                }
                Err(p) => {
                    return Err(format!(
                        "round {round}: worker {k} panicked: {}",
                        panic_text(p)
                    ))
                }
            }
        }
        span = span.max((sim.io_count() - start) * 5 / 4 + 1);
        kill_and_cut(&sim, (db, inst), cut_seed, policy);
    }
    Ok(stats)
}

fn replay_hint(var: &str, seed: u64) -> String {
    format!("replay: {var}={seed} cargo test --release -p ese --test crash_suite -- --nocapture")
}

#[test]
fn random_power_cuts() {
    if let Some(seed) = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        let rounds = env_u64("CRASH_ROUNDS", 20);
        let r = random_run(seed, rounds, false, true);
        println!("seed {seed}: {r:?}");
        r.unwrap();
        return;
    }
    let seeds = env_u64("CRASH_SEEDS", 1000);
    let rounds = env_u64("CRASH_ROUNDS", 20);
    let first = env_u64("CRASH_SEED_BASE", 1);
    let t = Instant::now();
    let total = Mutex::new(Stats::default());
    let failed = Mutex::new(Vec::new());
    let next = AtomicU64::new(first);
    std::thread::scope(|sc| {
        for _ in 0..2 {
            sc.spawn(|| loop {
                let seed = next.fetch_add(1, Ordering::Relaxed);
                if seed >= first + seeds {
                    return;
                }
                match catch_unwind(AssertUnwindSafe(|| random_run(seed, rounds, false, false))) {
                    Ok(Ok(s)) => {
                        let mut t = total.lock().unwrap();
                        t.power_cuts += s.power_cuts;
                        t.commits += s.commits;
                    }
                    Ok(Err(e)) => {
                        println!(
                            "FAIL seed {seed}: {e}\n  {}",
                            replay_hint("CRASH_SEED", seed)
                        );
                        failed.lock().unwrap().push(seed);
                    }
                    Err(p) => {
                        println!(
                            "FAIL seed {seed}: panic {}\n  {}",
                            panic_text(p),
                            replay_hint("CRASH_SEED", seed)
                        );
                        failed.lock().unwrap().push(seed);
                    }
                }
            });
        }
    });
    let total = total.into_inner().unwrap();
    let failed = failed.into_inner().unwrap();
    println!(
        "random power cuts: seeds {first}..{}, {} power cuts, {} passed seeds, {} failed seeds {:?}, {:.1?}",
        first + seeds,
        total.power_cuts,
        seeds as usize - failed.len(),
        failed.len(),
        failed,
        t.elapsed()
    );
    assert!(failed.is_empty(), "failing seeds: {failed:?}");
}

// ------------------------------------------------------------ (e) teeth

#[test]
fn the_checks_catch_a_disk_that_lies() {
    // Syncs that do nothing lose acknowledged commits at a power cut that
    // drops what was not synced; the same checks must say so.
    let mut caught = 0;
    for seed in 1..=20u64 {
        let r = catch_unwind(AssertUnwindSafe(|| random_run(seed, 4, true, false)));
        if !matches!(r, Ok(Ok(_))) {
            caught += 1;
        }
    }
    println!("lying disk: caught by {caught} of 20 seeds");
    assert!(caught > 0, "the checks never noticed lost commits");
    // And the same seeds pass on an honest disk.
    for seed in 1..=3u64 {
        random_run(seed, 4, false, false).unwrap();
    }
}

// ---------------------------------------------------- (b) the scripted sweep

/// One step of a scripted scenario. Row and table changes run inside the
/// scenario's transactions (`Begin` … `Commit`/`Rollback`, nestable).
#[derive(Clone, Copy, Debug)]
enum Op {
    /// Creates database `i` with table `t` (outside transactions).
    CreateDb(usize),
    /// Inserts or replaces ids `id..id + n` with values of `len` bytes.
    Put {
        db: usize,
        table: &'static str,
        id: i32,
        n: i32,
        val: i32,
        len: usize,
    },
    /// Deletes ids `id..id + n` (those that exist).
    Del {
        db: usize,
        table: &'static str,
        id: i32,
        n: i32,
    },
    CreateTable(usize, &'static str),
    DeleteTable(usize, &'static str),
    RenameTable(usize, &'static str, &'static str),
    CreateIndex(usize, &'static str, &'static str),
    DeleteIndex(usize, &'static str, &'static str),
    AddColumn(usize, &'static str, &'static str),
    Begin,
    Commit,
    Rollback,
    Checkpoint,
    Detach(usize),
    Attach(usize),
    /// A clean term and a new instance re-attaching what was attached.
    Restart,
}

use Op::*;

const fn ins(db: usize, table: &'static str, id: i32, n: i32, val: i32, len: usize) -> Op {
    Put {
        db,
        table,
        id,
        n,
        val,
        len,
    }
}

const fn del(db: usize, table: &'static str, id: i32, n: i32) -> Op {
    Del { db, table, id, n }
}

struct Scenario {
    name: &'static str,
    /// Starts from an empty disk (else from the template: database 0 with `t`).
    empty: bool,
    ops: Vec<Op>,
}

fn sc(name: &'static str, empty: bool, ops: Vec<Op>) -> Scenario {
    Scenario { name, empty, ops }
}

/// Wraps `ops` in one committed transaction.
fn txn(ops: &[Op]) -> Vec<Op> {
    let mut v = vec![Begin];
    v.extend_from_slice(ops);
    v.push(Commit);
    v
}

fn cat(parts: &[Vec<Op>]) -> Vec<Op> {
    parts.concat()
}

fn scenarios() -> Vec<Scenario> {
    vec![
        sc("create_db", true, vec![CreateDb(0)]),
        sc(
            "create_db_then_commit",
            true,
            cat(&[vec![CreateDb(0)], txn(&[ins(0, "t", 1, 3, 1, 10)])]),
        ),
        sc("one_insert", false, txn(&[ins(0, "t", 1, 1, 1, 10)])),
        sc(
            "inserts_in_three_txns",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 5, 1, 20)]),
                txn(&[ins(0, "t", 5, 5, 2, 20)]),
                txn(&[ins(0, "t", 10, 5, 3, 20)]),
            ]),
        ),
        sc(
            "inserts_split",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 120, 1, 200)]),
                txn(&[ins(0, "t", 120, 60, 2, 200)]),
            ]),
        ),
        sc(
            "long_values",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 4, 1, 9000)]),
                txn(&[ins(0, "t", 4, 2, 2, 30000)]),
            ]),
        ),
        sc(
            "replace_long_values",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 4, 1, 6000)]),
                txn(&[ins(0, "t", 0, 4, 2, 50)]),
                txn(&[ins(0, "t", 2, 2, 3, 12000)]),
            ]),
        ),
        sc(
            "deletes_merge",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 150, 1, 150)]),
                txn(&[del(0, "t", 10, 120)]),
            ]),
        ),
        sc(
            "delete_long_values",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 3, 1, 10000)]),
                txn(&[del(0, "t", 0, 3)]),
            ]),
        ),
        sc(
            "replaces",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 30, 1, 100)]),
                txn(&[ins(0, "t", 0, 30, 2, 300)]),
                txn(&[ins(0, "t", 10, 10, 3, 10)]),
            ]),
        ),
        sc(
            "rollback",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 10, 1, 100)]),
                vec![
                    Begin,
                    ins(0, "t", 5, 20, 9, 500),
                    del(0, "t", 0, 3),
                    Rollback,
                ],
                txn(&[ins(0, "t", 30, 2, 2, 10)]),
            ]),
        ),
        sc(
            "rollback_split",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 20, 1, 100)]),
                vec![Begin, ins(0, "t", 20, 150, 9, 200), Rollback],
            ]),
        ),
        sc(
            "nested_rollback",
            false,
            cat(&[vec![
                Begin,
                ins(0, "t", 0, 5, 1, 50),
                Begin,
                ins(0, "t", 5, 5, 9, 3000),
                del(0, "t", 0, 2),
                Rollback,
                ins(0, "t", 10, 2, 1, 50),
                Commit,
            ]]),
        ),
        sc(
            "nested_commit_outer_rollback",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 3, 1, 10)]),
                vec![Begin, Begin, ins(0, "t", 3, 5, 9, 2000), Commit, Rollback],
                txn(&[ins(0, "t", 8, 1, 1, 10)]),
            ]),
        ),
        sc(
            "open_txn_at_crash",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 10, 1, 100)]),
                vec![Begin, ins(0, "t", 10, 40, 9, 400), del(0, "t", 0, 5)],
            ]),
        ),
        sc(
            "create_table",
            false,
            txn(&[CreateTable(0, "u"), ins(0, "u", 0, 10, 1, 100)]),
        ),
        sc(
            "create_table_rolled_back",
            false,
            cat(&[
                vec![
                    Begin,
                    CreateTable(0, "u"),
                    ins(0, "u", 0, 30, 1, 300),
                    Rollback,
                ],
                txn(&[ins(0, "t", 0, 2, 1, 10)]),
            ]),
        ),
        sc(
            "delete_table",
            false,
            cat(&[
                txn(&[CreateTable(0, "u"), ins(0, "u", 0, 40, 1, 200)]),
                txn(&[DeleteTable(0, "u")]),
            ]),
        ),
        sc(
            "delete_table_rolled_back",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 40, 1, 200)]),
                vec![Begin, DeleteTable(0, "t"), Rollback],
                txn(&[ins(0, "t", 40, 1, 1, 10)]),
            ]),
        ),
        sc(
            "rename_table",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 10, 1, 50)]),
                txn(&[RenameTable(0, "t", "v")]),
                txn(&[ins(0, "v", 10, 2, 2, 50)]),
            ]),
        ),
        sc(
            "create_index",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 80, 1, 100)]),
                txn(&[CreateIndex(0, "t", "bynote")]),
            ]),
        ),
        sc(
            "create_index_rolled_back",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 60, 1, 100)]),
                vec![Begin, CreateIndex(0, "t", "bynote"), Rollback],
                txn(&[ins(0, "t", 60, 5, 1, 100)]),
            ]),
        ),
        sc(
            "delete_index",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 60, 1, 100)]),
                txn(&[CreateIndex(0, "t", "bynote")]),
                txn(&[DeleteIndex(0, "t", "bynote")]),
                txn(&[ins(0, "t", 60, 5, 1, 100)]),
            ]),
        ),
        sc(
            "add_column",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 10, 1, 100)]),
                txn(&[AddColumn(0, "t", "extra")]),
                txn(&[ins(0, "t", 10, 5, 1, 100)]),
            ]),
        ),
        sc(
            "ddl_mix_rolled_back",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 20, 1, 100)]),
                vec![
                    Begin,
                    CreateTable(0, "u"),
                    ins(0, "u", 0, 5, 1, 10),
                    AddColumn(0, "t", "extra"),
                    CreateIndex(0, "t", "bynote"),
                    ins(0, "t", 20, 5, 2, 10),
                    Rollback,
                ],
            ]),
        ),
        sc(
            "checkpoint",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 50, 1, 200)]),
                vec![Checkpoint],
                txn(&[ins(0, "t", 0, 50, 2, 100)]),
                vec![Begin, ins(0, "t", 50, 10, 9, 50)],
            ]),
        ),
        sc(
            "checkpoint_during_txn",
            false,
            cat(&[
                vec![
                    Begin,
                    ins(0, "t", 0, 30, 1, 300),
                    Checkpoint,
                    ins(0, "t", 30, 30, 1, 300),
                    Commit,
                ],
                vec![Begin, ins(0, "t", 60, 10, 2, 100), Checkpoint],
            ]),
        ),
        sc(
            "detach_attach",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 30, 1, 200)]),
                vec![Detach(0), Attach(0)],
                txn(&[ins(0, "t", 30, 10, 2, 200)]),
            ]),
        ),
        sc(
            "clean_term_restart",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 30, 1, 200)]),
                vec![Restart],
                txn(&[ins(0, "t", 0, 10, 2, 3000)]),
            ]),
        ),
        sc(
            "two_databases",
            false,
            cat(&[
                vec![CreateDb(1)],
                txn(&[ins(0, "t", 0, 20, 1, 100), ins(1, "t", 0, 20, 2, 100)]),
                vec![
                    Begin,
                    ins(1, "t", 20, 5, 9, 100),
                    ins(0, "t", 20, 5, 9, 100),
                    Rollback,
                ],
            ]),
        ),
        sc(
            "two_databases_detach_one",
            false,
            cat(&[
                vec![CreateDb(1)],
                txn(&[ins(1, "t", 0, 30, 2, 500)]),
                vec![Detach(1)],
                txn(&[ins(0, "t", 0, 10, 1, 100)]),
            ]),
        ),
        sc(
            "many_generations",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 40, 1, 4000)]),
                txn(&[ins(0, "t", 0, 40, 2, 4000)]),
                txn(&[ins(0, "t", 0, 40, 3, 4000)]),
            ]),
        ),
        sc(
            "restart_then_rollback",
            false,
            cat(&[
                txn(&[ins(0, "t", 0, 10, 1, 100)]),
                vec![
                    Restart,
                    Begin,
                    del(0, "t", 0, 10),
                    ins(0, "t", 10, 10, 9, 100),
                    Rollback,
                ],
                txn(&[ins(0, "t", 20, 1, 1, 1)]),
            ]),
        ),
    ]
}

/// The engine objects of a scenario run and the model beside them.
struct World {
    fs: Arc<dyn FileSystem>,
    inst: Option<Instance>,
    s: Option<Session>,
    dbs: [Option<Database>; 2],
    cands: Candidates,
    /// The model as the open transaction sees it, and one saved state per level.
    pending: Model,
    saved: Vec<Model>,
}

impl World {
    fn start(fs: Arc<dyn FileSystem>, model: Model) -> Result<World, ese::Error> {
        let inst = Instance::with_fs(fs.clone(), opts())?;
        let mut dbs = [None, None];
        for &i in model.keys() {
            dbs[i] = Some(inst.attach_database(DBS[i], false)?.0);
        }
        let s = inst.begin_session()?;
        Ok(World {
            fs,
            inst: Some(inst),
            s: Some(s),
            dbs,
            cands: Candidates::new(model.clone()),
            pending: model,
            saved: Vec::new(),
        })
    }

    fn inst(&self) -> ese::Result<&Instance> {
        self.inst.as_ref().ok_or_else(|| {
            ese::Error::with(ese::ErrorCode::NotInitialized, "no instance after an error")
        })
    }
    fn s(&self) -> ese::Result<&Session> {
        self.s.as_ref().ok_or_else(|| {
            ese::Error::with(ese::ErrorCode::InvalidSesid, "no session after an error")
        })
    }
    fn db(&self, i: usize) -> ese::Result<&Database> {
        self.dbs[i].as_ref().ok_or_else(|| {
            ese::Error::with(ese::ErrorCode::DatabaseNotFound, "detached after an error")
        })
    }

    fn step(&mut self, op: Op) -> ese::Result<()> {
        match op {
            CreateDb(i) => {
                let mut m = self.cands.current().clone();
                m.insert(i, BTreeMap::new());
                self.cands.push(m.clone());
                m.entry(i).or_default().insert("t".into(), Rows::new());
                self.cands.push(m.clone());
                self.pending = m;
                let mut db = self
                    .inst()?
                    .create_database(DBS[i], CreateOptions::default())?;
                db.create_table_spec(&spec("t"))?;
                self.dbs[i] = Some(db);
            }
            Put {
                db,
                table,
                id,
                n,
                val,
                len,
            } => {
                let mut c = self.s()?.open_table(self.db(db)?, table)?;
                for id in id..id + n {
                    let text = note(id, val, len);
                    put(&mut c, id, val, &text)?;
                    self.pending
                        .entry(db)
                        .or_default()
                        .entry(table.into())
                        .or_default()
                        .insert(id, (val, text));
                }
            }
            Del { db, table, id, n } => {
                let mut c = self.s()?.open_table(self.db(db)?, table)?;
                for id in id..id + n {
                    if remove(&mut c, id)? {
                        if let Some(r) = self.pending.get_mut(&db).and_then(|t| t.get_mut(table)) {
                            r.remove(&id);
                        }
                    }
                }
            }
            CreateTable(db, name) => {
                let def = spec(name).table_def(8192, "sweep")?;
                self.s()?.create_table(self.db(db)?, def)?;
                self.pending
                    .entry(db)
                    .or_default()
                    .insert(name.into(), Rows::new());
            }
            DeleteTable(db, name) => {
                self.s()?.delete_table(self.db(db)?, name)?;
                self.pending.entry(db).or_default().remove(name);
            }
            RenameTable(db, from, to) => {
                self.s()?.rename_table(self.db(db)?, from, to)?;
                let t = self.pending.entry(db).or_default();
                let rows = t.remove(from).unwrap_or_default();
                t.insert(to.into(), rows);
            }
            CreateIndex(db, table, name) => {
                let spec = IndexSpec {
                    name: name.into(),
                    key: vec![
                        KeySegmentSpec {
                            column: "note".into(),
                            descending: false,
                        },
                        KeySegmentSpec {
                            column: "id".into(),
                            descending: true,
                        },
                    ],
                    flags: 0,
                    key_most: None,
                    var_seg_mac: None,
                };
                self.s()?.create_index(self.db(db)?, table, &spec)?;
            }
            DeleteIndex(db, table, name) => self.s()?.delete_index(self.db(db)?, table, name)?,
            AddColumn(db, table, name) => {
                let spec = ColumnSpec {
                    name: name.into(),
                    coltype: ColumnType::Long,
                    cp: 0,
                    max_length: 0,
                    flags: 0,
                    default: None,
                };
                self.s()?.add_column(self.db(db)?, table, &spec)?;
            }
            Begin => {
                self.saved.push(self.pending.clone());
                self.s()?.begin_transaction()?;
            }
            Commit => {
                let outer = self.saved.len() == 1;
                if outer {
                    self.cands.push(self.pending.clone());
                }
                self.s()?.commit_transaction()?;
                self.saved.pop();
                if outer {
                    self.cands.ack();
                }
            }
            Rollback => {
                self.s()?.rollback()?;
                self.pending = self.saved.pop().expect("in a transaction");
            }
            Checkpoint => {
                self.inst()?.checkpoint()?;
                if self.saved.is_empty() {
                    self.cands.ack();
                }
            }
            Detach(i) => {
                self.dbs[i] = None;
                self.inst()?.detach_database(DBS[i])?;
                if self.saved.is_empty() {
                    self.cands.ack();
                }
            }
            Attach(i) => {
                self.dbs[i] = Some(self.inst()?.attach_database(DBS[i], false)?.0);
            }
            Restart => {
                let attached: Vec<usize> = (0..2).filter(|&i| self.dbs[i].is_some()).collect();
                self.s = None;
                self.dbs = [None, None];
                self.inst()?.term()?;
                self.cands.ack();
                self.inst = None;
                let inst = Instance::with_fs(self.fs.clone(), opts())?;
                for i in attached {
                    self.dbs[i] = Some(inst.attach_database(DBS[i], false)?.0);
                }
                self.s = Some(inst.begin_session()?);
                self.inst = Some(inst);
            }
        }
        Ok(())
    }

    /// Runs the ops, stopping at the first error.
    fn run(&mut self, ops: &[Op]) -> ese::Result<()> {
        for &op in ops {
            self.step(op)?;
        }
        Ok(())
    }

    fn handles(self) -> impl Sized {
        (self.s, self.dbs, self.inst)
    }
}

/// A fresh disk for `scenario` and the model it holds.
fn disk_for(scenario: &Scenario) -> (Arc<SimFs>, Model) {
    if scenario.empty {
        let sim = Arc::new(SimFs::new());
        (sim, Model::new())
    } else {
        (from_template(), template_model())
    }
}

const TEARS: [TearPolicy; 3] = [
    TearPolicy::Default,
    TearPolicy::SequentialPrefix,
    TearPolicy::DropAll,
];

/// Runs `scenario` on a fresh disk, crashing at call `at` (counted from the
/// scenario's start; `None` runs it whole), cuts the power with `tear`,
/// recovers and checks. Returns how many calls the scenario made.
fn sweep_point(scenario: &Scenario, at: Option<u64>, tear: usize) -> Result<u64, String> {
    let (sim, model) = disk_for(scenario);
    let fs: Arc<dyn FileSystem> = maybe_traced(&sim);
    let base = sim.io_count();
    if let Some(n) = at {
        sim.crash_at(base + n);
    }
    let mut w = match World::start(fs.clone(), model.clone()) {
        Ok(w) => w,
        Err(e) if sim.is_crashed() => {
            let _ = e;
            kill_and_cut(&sim, (), at.unwrap_or(0), TEARS[tear]);
            let cands = Candidates::new(model);
            let (_, inst, dbs) = recover_and_check(&fs, &cands)?;
            drop(dbs);
            inst.term().map_err(|e| format!("term: {e}"))?;
            return Ok(0);
        }
        Err(e) => return Err(format!("start: {e}")),
    };
    let r = w.run(&scenario.ops);
    let used = sim.io_count() - base;
    match (&r, at) {
        (Err(e), None) => return Err(format!("uncrashed run failed: {e}")),
        (Err(e), Some(_)) if !sim.is_crashed() => {
            return Err(format!("an op failed before the crash point: {e}"))
        }
        _ => {}
    }
    let cands = w.cands.clone();
    kill_and_cut(
        &sim,
        w.handles(),
        at.unwrap_or(0).wrapping_mul(7919),
        TEARS[tear],
    );
    let (_, inst, dbs) = recover_and_check(&fs, &cands)?;
    drop(dbs);
    inst.term()
        .map_err(|e| format!("term after recovery: {e}"))?;
    Ok(used)
}

#[test]
// The indices are the replay knobs printed on failure.
#[allow(clippy::needless_range_loop)]
fn sweep_every_crash_point() {
    let only = std::env::var("CRASH_SCENARIO").ok();
    let all = scenarios();
    assert!(all.len() >= 30);
    if let (Some(name), Some(at)) = (&only, std::env::var("CRASH_AT").ok()) {
        let s = all
            .iter()
            .find(|s| s.name == name)
            .expect("a scenario of that name");
        let at: u64 = at.parse().unwrap();
        let tear = env_u64("CRASH_TEAR", 0) as usize;
        let r = sweep_point(s, Some(at), tear);
        println!("{name} at {at} {:?}: {r:?}", TEARS[tear]);
        r.unwrap();
        return;
    }
    let t = Instant::now();
    let jobs: Vec<&Scenario> = all
        .iter()
        .filter(|s| only.as_ref().is_none_or(|n| n == s.name))
        .collect();
    let points = AtomicU64::new(0);
    let failed = Mutex::new(Vec::new());
    let next = AtomicU64::new(0);
    std::thread::scope(|sc| {
        for _ in 0..2 {
            sc.spawn(|| loop {
                let j = next.fetch_add(1, Ordering::Relaxed) as usize;
                let Some(s) = jobs.get(j) else { return };
                let count = match sweep_point(s, None, 0) {
                    Ok(c) => c,
                    Err(e) => {
                        println!("FAIL scenario {} uncrashed: {e}", s.name);
                        failed.lock().unwrap().push((s.name, 0, 0));
                        continue;
                    }
                };
                let mut fails = 0;
                for n in 1..=count + 1 {
                    for tear in 0..TEARS.len() {
                        let r = catch_unwind(AssertUnwindSafe(|| sweep_point(s, Some(n), tear)))
                            .unwrap_or_else(|p| Err(format!("panic: {}", panic_text(p))));
                        points.fetch_add(1, Ordering::Relaxed);
                        if let Err(e) = r {
                            fails += 1;
                            if fails <= 3 {
                                println!(
                                    "FAIL {} at call {n} {:?}: {e}\n  replay: CRASH_SCENARIO={} CRASH_AT={n} CRASH_TEAR={tear} cargo test --release -p ese --test crash_suite sweep -- --nocapture",
                                    s.name, TEARS[tear], s.name
                                );
                            }
                            failed.lock().unwrap().push((s.name, n, tear));
                        }
                    }
                }
                if fails > 3 {
                    println!("  ... {} had {fails} failing points", s.name);
                }
            });
        }
    });
    let failed = failed.into_inner().unwrap();
    let names: BTreeSet<&str> = failed.iter().map(|f| f.0).collect();
    println!(
        "sweep: {} scenarios, {} crash points × tears run, {} failed in {names:?}, {:.1?}",
        jobs.len(),
        points.load(Ordering::Relaxed),
        failed.len(),
        t.elapsed()
    );
    assert!(failed.is_empty());
}

/// Points of the sweep that once failed, each with the fix it checks.
#[test]
fn regression_points() {
    let all = scenarios();
    let points: [(&str, u64, usize); 6] = [
        // A torn page whose new header claimed a dbtime past its logged image.
        ("checkpoint", 45, 0),
        ("checkpoint", 46, 1),
        // A database created just before the crash: header only.
        ("create_db", 41, 0),
        ("create_db", 42, 0),
        ("two_databases", 50, 0),
        ("two_databases_detach_one", 48, 0),
    ];
    for (name, at, tear) in points {
        let s = all.iter().find(|s| s.name == name).unwrap();
        sweep_point(s, Some(at), tear).unwrap_or_else(|e| panic!("{name} at {at}: {e}"));
    }
    // The attach of a database: its header is marked dirty only after its
    // attach record is durable (else JET_errDatabaseDirtyShutdown for ever).
    let s = all.iter().find(|s| s.name == "one_insert").unwrap();
    for at in 15..=45 {
        for tear in 0..TEARS.len() {
            sweep_point(s, Some(at), tear).unwrap_or_else(|e| panic!("one_insert at {at}: {e}"));
        }
    }
}

/// The first checkpoint write of a new log stream fails: the instance that
/// follows must still start (from the oldest generation), not fail with
/// `JET_errCheckpointCorrupt` for ever.
#[test]
fn a_failed_first_checkpoint_write_does_not_block_the_next_start() {
    for kind in [FaultKind::Eio, FaultKind::DiskFull] {
        let sim = Arc::new(SimFs::new());
        let fs: Arc<dyn FileSystem> = sim.clone();
        sim.inject(Fault::new(FaultOp::Write, 1, kind).on_path("edb.chk"));
        let r = Instance::with_fs(fs.clone(), opts());
        assert!(r.is_err(), "the failed checkpoint write is reported");
        sim.clear_faults();
        kill_and_cut(&sim, r, 1, TearPolicy::KeepAll);
        let inst = Instance::with_fs(fs.clone(), opts()).expect("the next start recovers");
        let db = inst
            .create_database(DBS[0], CreateOptions::default())
            .unwrap();
        db.check().unwrap();
        drop(db);
        inst.term().unwrap();
    }
}

// ------------------------------------------- (c) crashes during recovery

/// One seed: a workload crashed at a random call and cut, then chains of one
/// to three crashes at random calls of the recovery itself (each followed by a
/// power cut), then a full recovery checked against the workload's oracle.
/// Returns how many crashes landed inside recovery.
fn recovery_crash_run(seed: u64, chains: u64) -> Result<u64, String> {
    let mut rng = Rng(seed ^ 0xC0FFEE);
    let sim = from_template();
    let table_seq = AtomicU64::new(0);
    let oracles = {
        let fs: Arc<dyn FileSystem> = sim.clone();
        let inst = Instance::with_fs(fs, opts()).map_err(|e| format!("start: {e}"))?;
        let (db, _) = inst
            .attach_database(DBS[0], false)
            .map_err(|e| format!("attach: {e}"))?;
        let workers = 2 + rng.below(2) as usize;
        let start = sim.io_count();
        sim.crash_at(start + 50 + rng.below(400));
        let txns = 3 + rng.below(8);
        let results: Vec<_> = std::thread::scope(|sc| {
            let hs: Vec<_> = (0..workers)
                .map(|k| {
                    let (inst, db, sim, ts) = (&inst, &db, &*sim, &table_seq);
                    sc.spawn(move || {
                        worker(k, seed, inst, db, sim, txns, ts, WorkerOracle::default())
                    })
                })
                .collect();
            hs.into_iter().map(|h| h.join()).collect()
        });
        let mut oracles = Vec::new();
        for r in results {
            oracles.push(r.map_err(|p| format!("worker panicked: {}", panic_text(p)))?);
        }
        kill_and_cut(&sim, (db, inst), rng.next(), TearPolicy::Default);
        oracles
    };
    // The disk as the crash left it, and how many calls its recovery makes.
    let image = copy_disk(&*sim);
    let probe = copy_disk(&*image);
    let c0 = probe.io_count();
    check_recovered(&(probe.clone() as Arc<dyn FileSystem>), &oracles)?;
    let count = probe.io_count() - c0;
    let mut crashes = 0;
    for chain in 0..chains {
        let disk = copy_disk(&*image);
        let fs: Arc<dyn FileSystem> = disk.clone();
        for _ in 0..1 + rng.below(3) {
            disk.crash_at(disk.io_count() + 1 + rng.below(count));
            let r = catch_unwind(AssertUnwindSafe(|| Instance::with_fs(fs.clone(), opts())))
                .map_err(|p| format!("chain {chain}: recovery panicked: {}", panic_text(p)))?;
            let attached = r.as_ref().ok().map(|i| i.attach_database(DBS[0], false));
            if disk.is_crashed() {
                crashes += 1;
            }
            let policy = [
                TearPolicy::Default,
                TearPolicy::SequentialPrefix,
                TearPolicy::DropAll,
            ][rng.below(3) as usize];
            kill_and_cut(&disk, (attached, r), rng.next(), policy);
        }
        check_recovered(&fs, &oracles).map_err(|e| format!("chain {chain}: {e}"))?;
    }
    Ok(crashes)
}

/// Recovers `fs` and checks every worker's part against its oracle.
fn check_recovered(fs: &Arc<dyn FileSystem>, oracles: &[WorkerOracle]) -> Result<(), String> {
    let inst = Instance::with_fs(fs.clone(), opts()).map_err(|e| format!("recovery: {e}"))?;
    let (db, _) = inst
        .attach_database(DBS[0], false)
        .map_err(|e| format!("attach: {e}"))?;
    db.check()
        .map_err(|e| format!("check after recovery: {e}"))?;
    let mut tables = BTreeMap::new();
    for name in db.table_names() {
        if !name.starts_with("MSys") {
            tables.insert(name.clone(), rows_of(&db, &name)?);
        }
    }
    for (k, o) in oracles.iter().enumerate() {
        check_part(k, o, &part_of(k, &tables))?;
    }
    drop(db);
    inst.term().map_err(|e| format!("term: {e}"))
}

#[test]
fn crashes_during_recovery() {
    let chains = 10;
    if let Some(seed) = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        let r = recovery_crash_run(seed, chains);
        println!("seed {seed}: {r:?}");
        r.unwrap();
        return;
    }
    let seeds = env_u64("CRASH_RECOVERY_SEEDS", 250);
    let first = env_u64("CRASH_SEED_BASE", 1);
    let t = Instant::now();
    let crashes = AtomicU64::new(0);
    let failed = Mutex::new(Vec::new());
    for seed in first..first + seeds {
        match catch_unwind(AssertUnwindSafe(|| recovery_crash_run(seed, chains))) {
            Ok(Ok(n)) => {
                crashes.fetch_add(n, Ordering::Relaxed);
            }
            Ok(Err(e)) => {
                println!(
                    "FAIL seed {seed}: {e}\n  {}",
                    replay_hint("CRASH_SEED", seed)
                );
                failed.lock().unwrap().push(seed);
            }
            Err(p) => {
                println!(
                    "FAIL seed {seed}: panic {}\n  {}",
                    panic_text(p),
                    replay_hint("CRASH_SEED", seed)
                );
                failed.lock().unwrap().push(seed);
            }
        }
    }
    let failed = failed.into_inner().unwrap();
    println!(
        "crashes during recovery: seeds {first}..{}, {} crashes inside recovery, {} failed seeds {failed:?}, {:.1?}",
        first + seeds,
        crashes.load(Ordering::Relaxed),
        failed.len(),
        t.elapsed()
    );
    assert!(failed.is_empty());
    assert!(seeds < 200 || crashes.load(Ordering::Relaxed) >= 2000);
}

// ------------------------------------------------- (d) injected I/O errors

/// The faults tried at every call.
const FAULTS: [(&str, FaultKind, bool); 3] = [
    ("transient EIO", FaultKind::Eio, false),
    ("persistent EIO", FaultKind::Eio, true),
    ("disk full", FaultKind::DiskFull, true),
];

/// Runs `scenario` with fault `f` at its `n`th call: every op goes on after an
/// error (a failed transaction is rolled back and skipped). Then the process
/// ends, the faults are cleared, and a new instance must recover every
/// acknowledged commit. Returns whether an op saw an error.
fn fault_point(scenario: &Scenario, n: u64, f: usize) -> Result<bool, String> {
    let (sim, model) = disk_for(scenario);
    let fs: Arc<dyn FileSystem> = maybe_traced(&sim);
    let (_, kind, persistent) = FAULTS[f];
    let fault = Fault::new(FaultOp::Any, n, kind);
    sim.inject(if persistent {
        fault.persistent()
    } else {
        fault
    });
    let mut saw_error = false;
    let mut w = match World::start(fs.clone(), model.clone()) {
        Ok(w) => w,
        Err(_) => {
            sim.clear_faults();
            kill_and_cut(&sim, (), n, TearPolicy::KeepAll);
            let (_, inst, dbs) = recover_and_check(&fs, &Candidates::new(model))?;
            drop(dbs);
            inst.term().map_err(|e| format!("term: {e}"))?;
            return Ok(true);
        }
    };
    let mut skipping = false;
    let mut depth = 0usize;
    for &op in &scenario.ops {
        match op {
            Begin => depth += 1,
            Commit | Rollback => depth = depth.saturating_sub(1),
            _ => {}
        }
        if skipping {
            if depth == 0 {
                skipping = false;
            }
            continue;
        }
        if w.step(op).is_err() {
            saw_error = true;
            if !w.saved.is_empty() || matches!(op, Commit | Rollback) {
                // The transaction is over: rolled back here, or its commit
                // failed (then it stays a candidate, all or nothing).
                let _ = w.s.as_ref().map(|s| s.rollback_all());
                if let Some(m) = w.saved.first().cloned() {
                    w.pending = m;
                }
                w.saved.clear();
                skipping = depth > 0;
            }
            if matches!(op, Restart) && w.inst.is_none() {
                break;
            }
        }
    }
    // A clean end if the instance still works; then the process ends.
    if let Some(inst) = &w.inst {
        w.s = None;
        let _ = inst.term();
    }
    let cands = w.cands.clone();
    sim.clear_faults();
    kill_and_cut(&sim, w.handles(), n, TearPolicy::KeepAll);
    let (_, inst, dbs) = recover_and_check(&fs, &cands)?;
    drop(dbs);
    inst.term()
        .map_err(|e| format!("term after recovery: {e}"))?;
    Ok(saw_error)
}

#[test]
// The indices are the replay knobs printed on failure.
#[allow(clippy::needless_range_loop)]
fn injected_io_errors_at_every_call() {
    if let (Some(name), Some(n)) = (
        std::env::var("CRASH_SCENARIO").ok(),
        std::env::var("CRASH_FAULT_AT").ok(),
    ) {
        let s = scenarios().into_iter().find(|s| s.name == name).unwrap();
        let f = env_u64("CRASH_FAULT", 0) as usize;
        let r = fault_point(&s, n.parse().unwrap(), f);
        println!("{name} with {} at call {n}: {r:?}", FAULTS[f].0);
        r.unwrap();
        return;
    }
    let names = [
        "inserts_in_three_txns",
        "long_values",
        "rollback",
        "checkpoint",
        "create_table_rolled_back",
        "detach_attach",
        "clean_term_restart",
        "create_db_then_commit",
    ];
    let all = scenarios();
    let t = Instant::now();
    let mut runs = 0u64;
    let mut errors_seen = 0u64;
    let mut failed = Vec::new();
    for name in names {
        let s = all.iter().find(|s| s.name == name).unwrap();
        let count = sweep_point(s, None, 0).unwrap();
        let mut fails = 0;
        for n in 1..=count {
            for f in 0..FAULTS.len() {
                runs += 1;
                let r = catch_unwind(AssertUnwindSafe(|| fault_point(s, n, f)))
                    .unwrap_or_else(|p| Err(format!("panic: {}", panic_text(p))));
                match r {
                    Ok(saw) => errors_seen += u64::from(saw),
                    Err(e) => {
                        fails += 1;
                        if fails <= 3 {
                            println!(
                                "FAIL {name} with {} at call {n}: {e}\n  replay: CRASH_SCENARIO={name} CRASH_FAULT_AT={n} CRASH_FAULT={f} cargo test --release -p ese --test crash_suite injected -- --nocapture",
                                FAULTS[f].0
                            );
                        }
                        failed.push((name, n, f));
                    }
                }
            }
        }
    }
    println!(
        "injected faults: {} scenarios, {runs} runs, {errors_seen} saw the error, {} failed, {:.1?}",
        names.len(),
        failed.len(),
        t.elapsed()
    );
    assert!(failed.is_empty(), "{failed:?}");
}
