//! Restore of a streaming backup (`ese::restore::external_restore`): a streamed
//! copy and its logs come back as exactly the state committed before the log
//! list, the backup folder is never changed, every check of the set and of the
//! copies fails with ESE's code, and a crash at any I/O call of a restore
//! followed by the same call ends in the complete restored state.
//! `RESTORE_CRASH_STEP=<n>` tries every n-th I/O call of the crash test (default 1: all).

use ese::db::{KeyLimit, Prep, SeekGrbit};
use ese::format::coltype::Value;
use ese::format::header::{BackupInfo, Lgpos as HeaderLgpos};
use ese::format::patch::PatchPage;
use ese::log::{numbered_log_name, Checkpoint};
use ese::record::schema::parse_schema;
use ese::record::Cell;
use ese::restore::{external_restore, ExternalRestore, RestoreMapEntry};
use ese::{CreateOptions, Cursor, Database, ErrorCode, Instance, InstanceOptions, Session};
use ese_os::{FileSystem, OpenOptions, SimFs, TearPolicy};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "val", "type": "Long"},
              {"name": "note", "type": "LongText", "cp": 1252}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
              {"name": "byval", "key": ["+val"]}]}]}"#;

const LIVE: &str = "/live";
const BACKUP: &str = "/backup";

type Model = BTreeMap<i32, (i32, String)>;

fn opts(dir: &str) -> InstanceOptions {
    InstanceOptions {
        log_file_size: 64 * 1024,
        cache_pages: 64,
        ..InstanceOptions::in_dir(dir)
    }
}

fn put(c: &mut Cursor, id: i32, val: i32, note: &str) {
    c.make_key(&[Some(Value::Long(id))], KeyLimit::None)
        .unwrap();
    let exists = c.seek(SeekGrbit::Eq).is_ok();
    c.prepare_update(if exists { Prep::Replace } else { Prep::Insert })
        .unwrap();
    if !exists {
        c.set_column(1, Some(Cell::Value(Value::Long(id))), 1)
            .unwrap();
    }
    c.set_column(2, Some(Cell::Value(Value::Long(val))), 1)
        .unwrap();
    c.set_column(256, Some(Cell::Value(Value::Text(note.into()))), 1)
        .unwrap();
    c.update().unwrap();
}

fn note(id: i32, val: i32) -> String {
    format!("{id}-{val}-").repeat((id as usize * 37 + val as usize) % 200 + 1)
}

/// Commits `ids` into `t` (one transaction) and records them in `model`.
fn commit(s: &Session, db: &Database, ids: std::ops::Range<i32>, val: i32, model: &mut Model) {
    let mut c = s.open_table(db, "t").unwrap();
    s.begin_transaction().unwrap();
    for id in ids {
        put(&mut c, id, val, &note(id, val));
        model.insert(id, (val, note(id, val)));
    }
    s.commit_transaction().unwrap();
}

/// Every record of `t`: id → (val, note).
fn contents(db: &Database) -> Model {
    let t = db.table("t").unwrap();
    let mut out = BTreeMap::new();
    for r in t.records().unwrap() {
        let r = r.unwrap();
        let get = |n: &str| r.get(n).unwrap().first().cloned();
        let (Some(Value::Long(id)), Some(Value::Long(val)), Some(Value::Text(note))) =
            (get("id"), get("val"), get("note"))
        else {
            panic!("bad record")
        };
        out.insert(id, (val, note));
    }
    assert_eq!(t.index_entries("byval").unwrap().count(), out.len());
    out
}

fn read_all(fs: &dyn FileSystem, path: &Path) -> Vec<u8> {
    let f = fs.open(path, OpenOptions::read_only()).unwrap();
    let mut b = vec![0u8; f.len().unwrap() as usize];
    f.read_at(0, &mut b).unwrap();
    b
}

fn write_all(fs: &dyn FileSystem, path: &Path, bytes: &[u8]) {
    let dir = path.parent().unwrap();
    fs.create_dir_all(dir).unwrap();
    if fs.exists(path) {
        fs.remove_file(path).unwrap();
    }
    let f = fs.open(path, OpenOptions::create_new()).unwrap();
    f.write_at(0, bytes).unwrap();
    f.sync_all().unwrap();
    for d in dir.ancestors() {
        fs.sync_dir(d).unwrap();
    }
}

/// Every file of a folder and its bytes.
fn folder(fs: &dyn FileSystem, dir: &str) -> BTreeMap<String, Vec<u8>> {
    let mut names = fs.read_dir(Path::new(dir)).unwrap();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let b = read_all(fs, &Path::new(dir).join(&n));
            (n, b)
        })
        .collect()
}

fn max_numbered(fs: &dyn FileSystem) -> u32 {
    ese::log::list_generations(fs, Path::new(LIVE), "edb")
        .unwrap()
        .last()
        .copied()
        .unwrap_or(0)
}

/// Commits filler transactions (in table `f`) until the log has finished the
/// generation current now: everything committed before is in numbered logs.
fn roll(s: &Session, db: &Database, fs: &dyn FileSystem) -> u32 {
    let current = max_numbered(fs) + 1;
    let mut c = s.open_table(db, "f").unwrap();
    let mut id = 1_000_000 + (current as i32) * 10_000;
    while max_numbered(fs) < current {
        s.begin_transaction().unwrap();
        put(&mut c, id, 0, &"filler ".repeat(300));
        s.commit_transaction().unwrap();
        id += 1;
    }
    max_numbered(fs)
}

/// A database stream begun: the header pages and the data pages, and what the
/// trailer needs. The same steps as the engine's streaming backup.
struct Begun {
    path: String,
    header: ese::format::header::DbHeader,
    bytes: Vec<u8>,
    page_size: usize,
    checkpoint: ese::format::log::Lgpos,
    dbid: u8,
}

fn begin_stream(fs: &dyn FileSystem, inst: &Instance, db: &Database) -> Begun {
    inst.checkpoint().unwrap();
    let cp = Checkpoint::read(fs, Path::new(LIVE), "edb").unwrap();
    let path = db.path().to_string_lossy().into_owned();
    let mut header = db.current_header();
    header.backup_full_current = BackupInfo {
        lgpos_mark: HeaderLgpos {
            lgen: cp.lgpos.generation as i32,
            isec: cp.lgpos.sector,
            ib: cp.lgpos.byte,
        },
        gen_low: cp.lgpos.generation,
        gen_high: 0,
        ..BackupInfo::default()
    };
    let ps = header.page_size() as usize;
    let mut bytes = vec![0u8; 2 * ps];
    header.encode(&mut bytes[..ps]);
    header.encode(&mut bytes[ps..]);
    let dbid = cp
        .databases
        .iter()
        .find(|d| d.path == path)
        .map_or(0, |d| d.dbid);
    Begun {
        path,
        header,
        bytes,
        page_size: ps,
        checkpoint: cp.lgpos,
        dbid,
    }
}

/// Copies the live file's pages 1..=last into the stream.
fn copy_pages(fs: &dyn FileSystem, b: &mut Begun) {
    let live = read_all(fs, Path::new(&b.path));
    b.bytes.extend_from_slice(&live[2 * b.page_size..]);
}

/// The trailer for a stream whose logs end at `gen_high`.
fn finish_stream(b: &Begun, gen_high: u32) -> Vec<u8> {
    let t = PatchPage {
        backup: BackupInfo {
            gen_high,
            ..b.header.backup_full_current
        },
        db_signature: b.header.signature,
        log_signature: b.header.log_signature,
        gen_min_required: b.header.lgen_min_required,
        gen_max_required: b.header.lgen_max_required,
        gen_max_committed: b.header.lgen_max_committed,
        checkpoint: b.checkpoint,
        dbid: b.dbid,
        path: b.path.clone(),
        ..PatchPage::default()
    };
    let mut out = b.bytes.clone();
    out.extend_from_slice(&t.encode(b.page_size));
    out
}

/// Copies the live numbered logs `lo..=hi` into the backup folder.
fn copy_logs(fs: &dyn FileSystem, lo: u32, hi: u32) {
    for g in lo..=hi {
        let name = numbered_log_name("edb", g);
        let bytes = read_all(fs, &Path::new(LIVE).join(&name));
        write_all(fs, &Path::new(BACKUP).join(&name), &bytes);
    }
}

/// A backup made on a live instance: the streams, the log range, what a
/// restore must show, and the instance still running.
struct Backup {
    fs: Arc<SimFs>,
    streams: Vec<(String, Vec<u8>)>,
    gen_low: u32,
    gen_high: u32,
    model: Model,
    inst: Instance,
    dbs: Vec<Database>,
    session: Session,
}

fn create_db(inst: &Instance, path: &str) -> Database {
    let mut db = inst
        .create_database(path, CreateOptions::default())
        .unwrap();
    let schema = parse_schema(SCHEMA).unwrap();
    db.create_table_spec(&schema.tables[0]).unwrap();
    let mut f = schema.tables[0].clone();
    f.name = "f".into();
    db.create_table_spec(&f).unwrap();
    db
}

/// `n` databases `/live/d<i>.edb`, each with the same committed work; every
/// database is streamed, with records committed while the pages are copied, an
/// open transaction at the end and records committed after the log list.
fn make_backup(n: usize) -> Backup {
    let sim = Arc::new(SimFs::new());
    let fs: Arc<dyn FileSystem> = sim.clone();
    let inst = Instance::with_fs(fs.clone(), opts(LIVE)).unwrap();
    let dbs: Vec<Database> = (0..n)
        .map(|i| create_db(&inst, &format!("{LIVE}/d{i}.edb")))
        .collect();
    let s = inst.begin_session().unwrap();
    let mut model = Model::new();
    let mut m = Model::new();
    for db in &dbs {
        m = model.clone();
        commit(&s, db, 0..60, 1, &mut m);
        commit(&s, db, 30..40, 2, &mut m);
    }
    model = m;
    roll(&s, &dbs[0], fs.as_ref());
    let mut begun: Vec<Begun> = dbs
        .iter()
        .map(|db| begin_stream(fs.as_ref(), &inst, db))
        .collect();
    let gen_low = begun[0].checkpoint.generation;
    let mut m = model.clone();
    for db in &dbs {
        m = model.clone();
        commit(&s, db, 100..130, 3, &mut m);
    }
    model = m;
    for b in &mut begun {
        copy_pages(fs.as_ref(), b);
    }
    let mut m = model.clone();
    for db in &dbs {
        m = model.clone();
        commit(&s, db, 0..10, 4, &mut m);
        commit(&s, db, 200..260, 5, &mut m);
    }
    model = m;
    roll(&s, &dbs[0], fs.as_ref());
    // Left open: the restore rolls it back.
    let s2 = inst.begin_session().unwrap();
    s2.begin_transaction().unwrap();
    for db in &dbs {
        let mut c = s2.open_table(db, "t").unwrap();
        put(&mut c, 5, 99, "never committed");
        put(&mut c, 900, 99, "never committed");
    }
    let gen_high = roll(&s, &dbs[0], fs.as_ref());
    copy_logs(fs.as_ref(), gen_low, gen_high);
    let streams = begun
        .iter()
        .map(|b| (b.path.clone(), finish_stream(b, gen_high)))
        .collect();
    // After the log list: never in the restore.
    let mut after = Model::new();
    for db in &dbs {
        commit(&s, db, 300..320, 6, &mut after);
    }
    std::mem::forget(s2);
    Backup {
        fs: sim,
        streams,
        gen_low,
        gen_high,
        model,
        inst,
        dbs,
        session: s,
    }
}

fn restore_args(b: &Backup, which: &[usize]) -> ExternalRestore {
    let mut r = ExternalRestore::new("/r/chk", "/r/log", BACKUP);
    r.cache_pages = 64;
    for &i in which {
        r.map.push(RestoreMapEntry {
            database: b.streams[i].0.clone(),
            new_database: PathBuf::from(format!("/r/db/d{i}.edb")),
        });
    }
    r
}

/// Writes the streams `which` to their restore paths.
fn place_streams(b: &Backup, which: &[usize]) {
    for &i in which {
        write_all(
            b.fs.as_ref(),
            Path::new(&format!("/r/db/d{i}.edb")),
            &b.streams[i].1,
        );
    }
}

/// Starts an instance on the restored folders and returns database `i`'s records.
fn restored_contents(fs: Arc<dyn FileSystem>, i: usize) -> Model {
    let inst = Instance::with_fs(
        fs,
        InstanceOptions {
            log_path: "/r/log".into(),
            system_path: "/r/chk".into(),
            ..opts("/r")
        },
    )
    .unwrap();
    let (db, _) = inst
        .attach_database(format!("/r/db/d{i}.edb"), false)
        .unwrap();
    let out = contents(&db);
    db.check().unwrap();
    inst.term().unwrap();
    out
}

fn code(r: ese::Result<()>) -> ErrorCode {
    r.unwrap_err().code()
}

#[test]
fn a_full_restore_shows_what_was_committed_before_the_log_list() {
    let b = make_backup(1);
    assert!(b.gen_high > b.gen_low, "the set spans generations");
    let fs: Arc<dyn FileSystem> = b.fs.clone();
    let before = folder(fs.as_ref(), BACKUP);
    place_streams(&b, &[0]);
    external_restore(fs.clone(), &restore_args(&b, &[0])).unwrap();
    assert_eq!(
        folder(fs.as_ref(), BACKUP),
        before,
        "the backup folder is as it was"
    );
    assert_eq!(restored_contents(fs.clone(), 0), b.model);
    // The restored copy carries the restore's range; no trailer is left.
    let bytes = read_all(fs.as_ref(), Path::new("/r/db/d0.edb"));
    let h = ese::format::header::DbHeader::decode(&bytes[..8192]).unwrap();
    assert_eq!(h.backup_full_current.gen_low, b.gen_low);
    assert_eq!(h.backup_full_current.gen_high, b.gen_high);
    assert!(PatchPage::decode(&bytes[bytes.len() - 8192..]).is_err());
    // The same call again finds the work done.
    external_restore(fs.clone(), &restore_args(&b, &[0])).unwrap();
    assert_eq!(restored_contents(fs.clone(), 0), b.model);
    // The live instance went on untouched.
    assert_eq!(contents(&b.dbs[0]).get(&300).map(|v| v.0), Some(6));
    drop(b.session);
    drop(b.inst);
}

#[test]
fn a_raw_stream_cannot_be_attached() {
    let b = make_backup(1);
    let fs: Arc<dyn FileSystem> = b.fs.clone();
    place_streams(&b, &[0]);
    let inst = Instance::with_fs(fs.clone(), opts("/other")).unwrap();
    assert_eq!(
        inst.attach_database("/r/db/d0.edb", false)
            .unwrap_err()
            .code(),
        ErrorCode::SoftRecoveryOnBackupDatabase
    );
    inst.term().unwrap();
}

#[test]
fn an_altered_trailer_is_refused() {
    let b = make_backup(1);
    let fs: Arc<dyn FileSystem> = b.fs.clone();
    let r = restore_args(&b, &[0]);
    let path = Path::new("/r/db/d0.edb");
    let stream = &b.streams[0].1;
    let ps = 8192;
    // A flipped byte: the checksum fails.
    let mut bad = stream.clone();
    let n = bad.len();
    bad[n - ps + 300] ^= 1;
    write_all(fs.as_ref(), path, &bad);
    assert_eq!(
        code(external_restore(fs.clone(), &r)),
        ErrorCode::BadPatchPage
    );
    // A valid trailer with another mark.
    let mut t = PatchPage::decode(&stream[n - ps..]).unwrap();
    t.backup.lgpos_mark.ib += 1;
    let mut other = stream.clone();
    other[n - ps..].copy_from_slice(&t.encode(ps));
    write_all(fs.as_ref(), path, &other);
    assert_eq!(
        code(external_restore(fs.clone(), &r)),
        ErrorCode::DatabasePatchFileMismatch
    );
    // Too short to hold header pages and a trailer.
    write_all(fs.as_ref(), path, &stream[..2 * ps]);
    assert_eq!(
        code(external_restore(fs.clone(), &r)),
        ErrorCode::DatabaseCorrupted
    );
    // No readable header.
    write_all(fs.as_ref(), path, &vec![0u8; 4 * ps]);
    assert_eq!(
        code(external_restore(fs.clone(), &r)),
        ErrorCode::DatabaseCorrupted
    );
    assert!(
        !fs.exists(Path::new("/r/chk/edbrst.env")),
        "nothing started"
    );
}

#[test]
fn a_database_that_is_not_a_backup_copy_is_refused() {
    let b = make_backup(1);
    let fs: Arc<dyn FileSystem> = b.fs.clone();
    let mut stream = b.streams[0].1.clone();
    let mut h = ese::format::header::DbHeader::decode(&stream[..8192]).unwrap();
    h.backup_full_current = BackupInfo::default();
    h.encode(&mut stream[..8192]);
    h.encode(&mut stream[8192..16384]);
    write_all(fs.as_ref(), Path::new("/r/db/d0.edb"), &stream);
    assert_eq!(
        code(external_restore(fs.clone(), &restore_args(&b, &[0]))),
        ErrorCode::RestoreOfNonBackupDatabase
    );
}

#[test]
fn the_set_must_cover_the_copy() {
    let b = make_backup(1);
    let fs: Arc<dyn FileSystem> = b.fs.clone();
    place_streams(&b, &[0]);
    let mut r = restore_args(&b, &[0]);
    r.gen_low = b.gen_low + 1;
    r.gen_high = b.gen_high;
    assert_eq!(
        code(external_restore(fs.clone(), &r)),
        ErrorCode::StartingRestoreLogTooHigh
    );
    r.gen_low = b.gen_low;
    r.gen_high = b.gen_high - 1;
    assert_eq!(
        code(external_restore(fs.clone(), &r)),
        ErrorCode::EndingRestoreLogTooLow
    );
}

#[test]
fn the_logs_of_the_set_are_checked() {
    let b = make_backup(1);
    let fs: Arc<dyn FileSystem> = b.fs.clone();
    place_streams(&b, &[0]);
    let r = restore_args(&b, &[0]);
    let name = |g: u32| Path::new(BACKUP).join(numbered_log_name("edb", g));
    let (lo, hi) = (b.gen_low, b.gen_high);
    let last = read_all(fs.as_ref(), &name(hi));
    let first = read_all(fs.as_ref(), &name(lo));
    // Another generation's file under this generation's name.
    write_all(fs.as_ref(), &name(lo), &last);
    assert_eq!(
        code(external_restore(fs.clone(), &r)),
        ErrorCode::GivenLogFileIsNotContiguous
    );
    write_all(fs.as_ref(), &name(lo), &first);
    // Another stream's log of the same generation.
    let other = Instance::with_fs(fs.clone(), opts("/other")).unwrap();
    let odb = create_db(&other, "/other/o.edb");
    let os = other.begin_session().unwrap();
    let mut c = os.open_table(&odb, "f").unwrap();
    let mut id = 0;
    while !fs.exists(&Path::new("/other").join(numbered_log_name("edb", hi))) {
        os.begin_transaction().unwrap();
        put(&mut c, id, 0, &"x".repeat(2000));
        os.commit_transaction().unwrap();
        id += 1;
    }
    let foreign = read_all(
        fs.as_ref(),
        &Path::new("/other").join(numbered_log_name("edb", hi)),
    );
    write_all(fs.as_ref(), &name(hi), &foreign);
    assert_eq!(
        code(external_restore(fs.clone(), &r)),
        ErrorCode::GivenLogFileHasBadSignature
    );
    write_all(fs.as_ref(), &name(hi), &last);
    // A missing generation.
    fs.remove_file(&name(lo)).unwrap();
    let mut explicit = r.clone();
    explicit.gen_low = lo;
    explicit.gen_high = hi;
    assert_eq!(
        code(external_restore(fs.clone(), &explicit)),
        ErrorCode::FileNotFound
    );
    write_all(fs.as_ref(), &name(lo), &first);
    // Logs of another stream in the log folder.
    for g in 1..=hi {
        let p = Path::new("/other").join(numbered_log_name("edb", g));
        if fs.exists(&p) {
            write_all(
                fs.as_ref(),
                &Path::new("/r/log").join(numbered_log_name("edb", g)),
                &read_all(fs.as_ref(), &p),
            );
        }
    }
    assert_eq!(
        code(external_restore(fs.clone(), &r)),
        ErrorCode::ExistingLogFileHasBadSignature
    );
    for n in fs.read_dir(Path::new("/r/log")).unwrap() {
        fs.remove_file(&Path::new("/r/log").join(n)).unwrap();
    }
    // A log of the set's stream in the log folder under another generation's name.
    write_all(
        fs.as_ref(),
        &Path::new("/r/log").join(numbered_log_name("edb", lo)),
        &last,
    );
    assert_eq!(
        code(external_restore(fs.clone(), &r)),
        ErrorCode::ExistingLogFileIsNotContiguous
    );
    fs.remove_file(&Path::new("/r/log").join(numbered_log_name("edb", lo)))
        .unwrap();
    // With everything put back the restore works.
    external_restore(fs.clone(), &r).unwrap();
    assert_eq!(restored_contents(fs, 0), b.model);
    drop(os);
    drop(other);
}

#[test]
fn a_map_naming_one_of_two_databases_restores_that_one_only() {
    let b = make_backup(2);
    let fs: Arc<dyn FileSystem> = b.fs.clone();
    place_streams(&b, &[1]);
    let live0 = read_all(fs.as_ref(), Path::new(&b.streams[0].0));
    external_restore(fs.clone(), &restore_args(&b, &[1])).unwrap();
    assert_eq!(restored_contents(fs.clone(), 1), b.model);
    assert!(!fs.exists(Path::new("/r/db/d0.edb")));
    assert_eq!(
        read_all(fs.as_ref(), Path::new(&b.streams[0].0)),
        live0,
        "the database left out is not touched"
    );
}

#[test]
fn full_and_incremental_logs_restore_together() {
    let b = make_backup(1);
    let fs: Arc<dyn FileSystem> = b.fs.clone();
    let mut model = b.model.clone();
    // What the live database holds after the full backup's log list, as the
    // incremental's logs carry it (the open transaction stays open).
    for (k, v) in contents(&b.dbs[0]) {
        if (300..320).contains(&k) {
            model.insert(k, v);
        }
    }
    commit(&b.session, &b.dbs[0], 400..450, 7, &mut model);
    let hi2 = roll(&b.session, &b.dbs[0], fs.as_ref());
    copy_logs(fs.as_ref(), b.gen_high + 1, hi2);
    place_streams(&b, &[0]);
    external_restore(fs.clone(), &restore_args(&b, &[0])).unwrap();
    assert_eq!(restored_contents(fs.clone(), 0), model);
}

/// The backup's files, to set up a fresh disk for each crash point.
fn backup_files(b: &Backup) -> Vec<(PathBuf, Vec<u8>)> {
    let fs = b.fs.as_ref();
    let mut out: Vec<(PathBuf, Vec<u8>)> = folder(fs, BACKUP)
        .into_iter()
        .map(|(n, v)| (Path::new(BACKUP).join(n), v))
        .collect();
    out.push((PathBuf::from("/r/db/d0.edb"), b.streams[0].1.clone()));
    out
}

#[test]
fn a_crash_at_any_io_call_of_a_restore_then_the_same_call_restores_it_all() {
    let b = make_backup(1);
    let files = backup_files(&b);
    let args = restore_args(&b, &[0]);
    let fresh = || {
        let sim = Arc::new(SimFs::new());
        for (p, v) in &files {
            write_all(sim.as_ref(), p, v);
        }
        sim
    };
    // How many calls a whole restore makes.
    let sim = fresh();
    let start = sim.io_count();
    external_restore(sim.clone(), &args).unwrap();
    let calls = sim.io_count() - start;
    let step: u64 = std::env::var("RESTORE_CRASH_STEP")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let policies = [
        TearPolicy::Default,
        TearPolicy::DropAll,
        TearPolicy::KeepAll,
    ];
    let mut k = 1;
    while k <= calls {
        let policy = policies[(k as usize) % policies.len()];
        let sim = fresh();
        let backup_before = folder(sim.as_ref(), BACKUP);
        sim.crash_at(sim.io_count() + k);
        let first = external_restore(sim.clone(), &args);
        sim.power_cut_with(k, policy);
        assert_eq!(
            folder(sim.as_ref(), BACKUP),
            backup_before,
            "call {k} of {calls}: the backup folder changed"
        );
        let fs: Arc<dyn FileSystem> = sim.clone();
        if let Err(e) = external_restore(fs.clone(), &args) {
            panic!(
                "call {k} of {calls} ({policy:?}, first run {first:?}): the second run failed: {e}"
            );
        }
        assert_eq!(
            restored_contents(fs, 0),
            b.model,
            "call {k} of {calls} ({policy:?})"
        );
        k += step;
    }
}
