//! The crash suite's model, oracle and disks: rows and candidates, recovery
//! with its check, the template disk, and the lying and tracing file systems.

use ese::db::{KeyLimit, Prep, SeekGrbit};
use ese::format::coltype::Value;
use ese::record::schema::{parse_schema, TableSpec};
use ese::record::{Cell, Row, RowValue};
use ese::{CreateOptions, Cursor, Database, Instance, InstanceOptions};
use ese_os::{EntryKind, File, FileSystem, OpenOptions, SimFs, TearPolicy};
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

pub(crate) const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "val", "type": "Long"},
              {"name": "note", "type": "LongText", "cp": 1252}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
              {"name": "byval", "key": ["+val"]}]}]}"#;

pub(crate) const LOG_DIR: &str = "/d";
pub(crate) const DBS: [&str; 2] = ["/d/x.edb", "/d/y.edb"];

pub(crate) fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub(crate) fn opts() -> InstanceOptions {
    InstanceOptions {
        log_file_size: 256 * 1024,
        // Small blocks: records span blocks and full blocks wait for the
        // flusher (sealed) in every scenario.
        log_buffer_size: 16 * 1024,
        cache_pages: 32,
        ..InstanceOptions::in_dir(LOG_DIR)
    }
}

pub(crate) fn spec(name: &str) -> TableSpec {
    let mut spec = parse_schema(SCHEMA).unwrap().tables.remove(0);
    spec.name = name.into();
    spec
}

pub(crate) struct Rng(pub(crate) u64);
impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub(crate) fn chance(&mut self, one_in: u64) -> bool {
        self.below(one_in) == 0
    }
}

/// A long value whose bytes say which row and value it belongs to; `len` 0 is
/// a short one.
pub(crate) fn note(id: i32, val: i32, len: usize) -> String {
    let unit = format!("{id}.{val};");
    let mut s = unit.repeat(len / unit.len() + 1);
    s.truncate(len.max(unit.len()));
    s
}

pub(crate) fn put(c: &mut Cursor, id: i32, val: i32, text: &str) -> ese::Result<()> {
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

/// Inserts the rows `(id, val, note)` in one `Cursor::insert_rows` call.
pub(crate) fn insert_batch(c: &mut Cursor, rows: &[(i32, i32, String)]) -> ese::Result<()> {
    let rows: Vec<Row> = rows
        .iter()
        .map(|(id, val, text)| {
            let mut r = Row::new();
            r.set(1, RowValue::One(Cell::Value(Value::Long(*id))));
            r.set(2, RowValue::One(Cell::Value(Value::Long(*val))));
            r.set(256, RowValue::One(Cell::Value(Value::Text(text.clone()))));
            r
        })
        .collect();
    c.insert_rows(&rows)
}

pub(crate) fn remove(c: &mut Cursor, id: i32) -> ese::Result<bool> {
    c.make_key(&[Some(Value::Long(id))], KeyLimit::None)?;
    if c.seek(SeekGrbit::Eq).is_err() {
        return Ok(false);
    }
    c.delete()?;
    Ok(true)
}

pub(crate) type Rows = BTreeMap<i32, (i32, String)>;

/// What the test knows about the disk: for each database that exists, its
/// tables (of the test's own schema) and their rows.
pub(crate) type Model = BTreeMap<usize, BTreeMap<String, Rows>>;

/// Every record of `table`, with the secondary index counted against it.
pub(crate) fn rows_of(db: &Database, table: &str) -> Result<Rows, String> {
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
pub(crate) struct Candidates(pub(crate) Vec<Model>);

impl Candidates {
    pub(crate) fn new(m: Model) -> Self {
        Candidates(vec![m])
    }
    pub(crate) fn current(&self) -> &Model {
        self.0.last().expect("never empty")
    }
    /// A change that is not yet durable (or whose commit is in flight).
    pub(crate) fn push(&mut self, m: Model) {
        if self.current() != &m {
            self.0.push(m);
        }
    }
    /// A durable call returned: everything before it is on disk.
    pub(crate) fn ack(&mut self) {
        let m = self.0.pop().expect("never empty");
        self.0 = vec![m];
    }
    pub(crate) fn dbs(&self) -> BTreeSet<usize> {
        self.0.iter().flat_map(|m| m.keys().copied()).collect()
    }
}

/// Starts an instance over `fs` (recovering), attaches every database some
/// candidate has, compares with the candidates and checks the databases.
/// Returns the matching model and the instance.
pub(crate) fn recover_and_check(
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
pub(crate) fn diff(a: &Model, b: &Model) -> String {
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

/// What a simulated disk holds under the log folder (the databases are there
/// too): each folder (`None`) and each file with its bytes, parents first.
pub(crate) type Entries = Vec<(PathBuf, Option<Vec<u8>>)>;

/// The entries of `src` (its current state, which after a power cut is its
/// durable state).
pub(crate) fn entries_of(src: &dyn FileSystem) -> io::Result<Entries> {
    fn walk(src: &dyn FileSystem, dir: &Path, out: &mut Entries) -> io::Result<()> {
        out.push((dir.to_path_buf(), None));
        for name in src.read_dir(dir)? {
            let p = dir.join(&name);
            match src.kind(&p)? {
                Some(EntryKind::Dir) => walk(src, &p, out)?,
                Some(_) => {
                    let f = src.open(&p, OpenOptions::read_only())?;
                    let mut buf = vec![0; f.len()? as usize];
                    f.read_at(0, &mut buf)?;
                    out.push((p, Some(buf)));
                }
                None => {}
            }
        }
        Ok(())
    }
    let mut out = Entries::new();
    walk(src, Path::new(LOG_DIR), &mut out)?;
    Ok(out)
}

/// A new simulated disk holding `entries` (the log folder among them), every
/// file and folder synced.
pub(crate) fn disk_with(entries: &[(PathBuf, Option<Vec<u8>>)]) -> io::Result<Arc<SimFs>> {
    let sim = Arc::new(SimFs::new());
    sim.create_dir_all(Path::new(LOG_DIR))?;
    for (p, bytes) in entries {
        match bytes {
            None => sim.create_dir_all(p)?,
            Some(bytes) => {
                let g = sim.open(
                    p,
                    OpenOptions {
                        create: true,
                        ..OpenOptions::read_write()
                    },
                )?;
                g.write_at(0, bytes)?;
                g.sync_all()?;
            }
        }
    }
    for (p, bytes) in entries {
        if bytes.is_none() {
            sim.sync_dir(p)?;
        }
    }
    sim.sync_dir(Path::new("/"))?;
    Ok(sim)
}

/// A new simulated disk holding what `src` holds, all synced.
pub(crate) fn copy_disk(src: &dyn FileSystem) -> Arc<SimFs> {
    disk_with(&entries_of(src).unwrap()).unwrap()
}

/// Where entry `p` of a simulated disk is kept under `dir` (`/d/x.edb` is
/// `dir/d/x.edb`).
fn kept_at(dir: &Path, p: &Path) -> PathBuf {
    dir.join(p.strip_prefix("/").unwrap_or(p))
}

/// Writes what a simulated disk holds under `dir`.
pub(crate) fn save_disk(src: &dyn FileSystem, dir: &Path) -> io::Result<()> {
    let _ = std::fs::remove_dir_all(dir);
    for (p, bytes) in entries_of(src)? {
        match bytes {
            None => std::fs::create_dir_all(kept_at(dir, &p))?,
            Some(bytes) => std::fs::write(kept_at(dir, &p), bytes)?,
        }
    }
    Ok(())
}

/// A simulated disk holding what `save_disk` wrote under `dir`, synced.
pub(crate) fn load_disk(dir: &Path) -> io::Result<Arc<SimFs>> {
    fn walk(dir: &Path, at: &Path, out: &mut Entries) -> io::Result<()> {
        out.push((at.to_path_buf(), None));
        let mut names: Vec<_> = std::fs::read_dir(kept_at(dir, at))?
            .map(|e| e.map(|e| e.file_name()))
            .collect::<io::Result<_>>()?;
        names.sort();
        for name in names {
            let p = at.join(name);
            let real = kept_at(dir, &p);
            if real.is_dir() {
                walk(dir, &p, out)?;
            } else {
                out.push((p, Some(std::fs::read(real)?)));
            }
        }
        Ok(())
    }
    let mut entries = Entries::new();
    walk(dir, Path::new(LOG_DIR), &mut entries)?;
    disk_with(&entries)
}

/// A disk with database 0 holding table `t`, shut down cleanly.
pub(crate) fn template() -> &'static Entries {
    static T: OnceLock<Entries> = OnceLock::new();
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
        entries_of(fs.as_ref()).unwrap()
    })
}

/// Rows the deep template holds, each with a long value of its own leaf: the
/// long-value tree is three levels deep (its branch pages point to 543 pages
/// each), and the last page of its middle level is six appends short of full,
/// so the rounds' long values split it again and again, and the rollbacks and
/// undo that take the newest away release the page that split made.
pub(crate) const DEEP_ROWS: i32 = 1_640;

/// The first id of the deep template's rows, past every worker's ids.
pub(crate) const DEEP_FIRST_ID: i32 = 100_000;

/// [`template`] with [`DEEP_ROWS`] rows committed before the clean shutdown, so
/// that every long value a worker writes (appended at the long-value tree's
/// end) and every one a rollback or recovery undoes changes the right edge of
/// a tree three levels deep.
pub(crate) fn deep_template() -> &'static Entries {
    static T: OnceLock<Entries> = OnceLock::new();
    T.get_or_init(|| {
        let sim = disk_with(template()).unwrap();
        let fs: Arc<dyn FileSystem> = sim.clone();
        // A cache of its own size: the rounds' 32 pages are for the rounds.
        let load = InstanceOptions {
            cache_pages: 1024,
            ..opts()
        };
        let inst = Instance::with_fs(fs.clone(), load).unwrap();
        let (db, _) = inst.attach_database(DBS[0], false).unwrap();
        let s = inst.begin_session().unwrap();
        let mut c = s.open_table(&db, "t").unwrap();
        for batch in (0..DEEP_ROWS).collect::<Vec<_>>().chunks(100) {
            s.begin_transaction().unwrap();
            for &i in batch {
                let id = DEEP_FIRST_ID + i;
                put(&mut c, id, id % 1000, &note(id, id % 1000, 4_500)).unwrap();
            }
            s.commit_transaction().unwrap();
        }
        drop(c);
        drop(s);
        // A branch page of 8-byte long-value keys points to at most 455 pages
        // (12 bytes a node and its tag): past that many, three levels.
        let check = db.check().unwrap();
        let most = check.space.iter().map(|t| t.used).max().unwrap_or(0);
        assert!(
            most > 600,
            "the deep template's largest tree has {most} pages"
        );
        drop(db);
        inst.term().unwrap();
        drop(inst);
        entries_of(fs.as_ref()).unwrap()
    })
}

/// A disk made from [`deep_template`].
pub(crate) fn from_deep_template() -> Arc<SimFs> {
    disk_with(deep_template()).unwrap()
}

pub(crate) fn template_model() -> Model {
    Model::from([(0, BTreeMap::from([("t".to_string(), Rows::new())]))])
}

pub(crate) fn from_template() -> Arc<SimFs> {
    disk_with(template()).unwrap()
}

/// Ends the simulated process: every later call fails, the old handles are
/// dropped while nothing can reach the disk, then the power is cut.
pub(crate) fn kill_and_cut<T>(sim: &SimFs, handles: T, seed: u64, policy: TearPolicy) {
    if !sim.is_crashed() {
        sim.crash_at(sim.io_count() + 1);
    }
    drop(handles);
    sim.power_cut_with(seed, policy);
}

pub(crate) fn panic_text(p: Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "panic".into())
}

/// A file system that lies: its syncs do nothing. The planted fault of
/// `the_checks_catch_a_disk_that_lies`.
#[derive(Debug)]
pub(crate) struct LyingFs(pub(crate) Arc<SimFs>);
#[derive(Debug)]
pub(crate) struct LyingFile(Box<dyn File>);

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
pub(crate) struct TraceFs(Arc<SimFs>);
#[derive(Debug)]
pub(crate) struct TraceFile(Box<dyn File>, String, Arc<SimFs>);

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

/// The disk as one simulated process sees it (see [`SimFs::process`]): the
/// next power cut ends every call through it. Traced with `CRASH_TRACE=1`.
pub(crate) fn process_fs(sim: &SimFs) -> Arc<dyn FileSystem> {
    let view = Arc::new(sim.process());
    if env_u64("CRASH_TRACE", 0) == 1 {
        Arc::new(TraceFs(view))
    } else {
        view
    }
}
