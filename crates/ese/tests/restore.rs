//! Restore of a streaming backup (`ese::restore::external_restore`): a streamed
//! copy and its logs come back as exactly the state committed before the log
//! list, the backup folder is never changed, every check of the set and of the
//! copies fails with ESE's code, and a crash at any I/O call of a restore
//! followed by the same call ends in the complete restored state.
//! `RESTORE_CRASH_STEP=<n>` tries every n-th I/O call of the crash test (default 1: all).

use ese::backup::{grbit, AlignedBuffer};
use ese::db::{KeyLimit, Prep, SeekGrbit};
use ese::format::coltype::Value;
use ese::format::header::BackupInfo;
use ese::format::patch::PatchPage;
use ese::log::numbered_log_name;
use ese::record::schema::parse_schema;
use ese::record::Cell;
use ese::restore::{external_restore, ExternalRestore, RestoreMapEntry, TargetLogs};
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

/// Reads the open backup file to its end; `between` runs after the first chunk
/// (changes made while the file is being copied).
fn read_file(inst: &Instance, mut between: impl FnMut()) -> Vec<u8> {
    let mut buf = AlignedBuffer::new(64 * 1024);
    let mut out = Vec::new();
    loop {
        let n = inst.backup_read_file(0, &mut buf).unwrap();
        if n == 0 {
            break;
        }
        if out.is_empty() {
            between();
        }
        out.extend_from_slice(&buf[..n]);
    }
    out
}

/// Copies the listed logs into the backup folder; returns the list's range.
fn copy_listed_logs(inst: &Instance, fs: &dyn FileSystem) -> (u32, u32) {
    let list = inst.backup_log_info().unwrap();
    for p in &list.names {
        inst.backup_open_file(&p.to_string_lossy(), 0).unwrap();
        let bytes = read_file(inst, || {});
        inst.backup_close_file(0).unwrap();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        write_all(fs, &Path::new(BACKUP).join(name), &bytes);
    }
    (list.gen_low, list.gen_high)
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

/// A full streaming backup (truncating the logs) of `n` databases
/// `/live/d<i>.edb`, each with the same committed work: records committed and
/// generations rolled while each database is copied, records committed after
/// the copies, a transaction left open, and records committed after the log
/// list (never restored).
fn make_backup(n: usize) -> Backup {
    let sim = Arc::new(SimFs::new());
    let fs: Arc<dyn FileSystem> = sim.clone();
    let inst = Instance::with_fs(fs.clone(), opts(LIVE)).unwrap();
    let dbs: Vec<Database> = (0..n)
        .map(|i| create_db(&inst, &format!("{LIVE}/d{i}.edb")))
        .collect();
    let s = inst.begin_session().unwrap();
    let mut model = Model::new();
    let mut each = |work: &dyn Fn(&Database, &mut Model)| {
        let mut m = Model::new();
        for db in &dbs {
            m = model.clone();
            work(db, &mut m);
        }
        model = m;
    };
    each(&|db, m| {
        commit(&s, db, 0..60, 1, m);
        commit(&s, db, 30..40, 2, m);
    });
    inst.begin_backup(0).unwrap();
    let names = inst.backup_attach_info().unwrap();
    assert_eq!(names.len(), n);
    let mut streams = Vec::new();
    for name in &names {
        let f = inst.backup_open_file(name, 0).unwrap();
        let bytes = read_file(&inst, || {
            each(&|db, m| commit(&s, db, 100..130, 3, m));
            roll(&s, &dbs[0], fs.as_ref());
        });
        assert_eq!(bytes.len() as u64, f.size);
        inst.backup_close_file(0).unwrap();
        streams.push((name.clone(), bytes));
    }
    each(&|db, m| {
        commit(&s, db, 0..10, 4, m);
        commit(&s, db, 200..260, 5, m);
    });
    // Left open: the restore rolls it back.
    let s2 = inst.begin_session().unwrap();
    s2.begin_transaction().unwrap();
    for db in &dbs {
        let mut c = s2.open_table(db, "t").unwrap();
        put(&mut c, 5, 99, "never committed");
        put(&mut c, 900, 99, "never committed");
    }
    let (gen_low, gen_high) = copy_listed_logs(&inst, fs.as_ref());
    inst.backup_truncate_log().unwrap();
    inst.end_backup(grbit::END_NORMAL).unwrap();
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
    let stream = &b.streams[0].1;
    let trailer = PatchPage::decode(&stream[stream.len() - 8192..]).unwrap();
    assert_eq!(trailer.backup.gen_low, b.gen_low);
    assert!(trailer.backup.gen_high > b.gen_low && trailer.backup.gen_high <= b.gen_high);
    let mut r = restore_args(&b, &[0]);
    r.gen_low = b.gen_low + 1;
    r.gen_high = b.gen_high;
    assert_eq!(
        code(external_restore(fs.clone(), &r)),
        ErrorCode::StartingRestoreLogTooHigh
    );
    r.gen_low = b.gen_low;
    r.gen_high = trailer.backup.gen_high - 1;
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
    // The live instance ends (dirty: a transaction is open), so its file stays put.
    let _ = b.inst.term();
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
fn a_map_naming_other_paths_restores_each_copy_by_its_signature() {
    // The map's original paths are not the ones the logs name, nor their file
    // names (a map written wrongly, or a set's manifest damaged): each copy is
    // found by its database signature, as ESE finds it.
    let b = make_backup(2);
    let fs: Arc<dyn FileSystem> = b.fs.clone();
    place_streams(&b, &[0, 1]);
    let mut r = restore_args(&b, &[0, 1]);
    r.map[0].database = "/elsewhere/x.edb".into();
    r.map[1].database = "/elsewhere/y.edb".into();
    external_restore(fs.clone(), &r).unwrap();
    for i in 0..2 {
        assert_eq!(restored_contents(fs.clone(), i), b.model, "database {i}");
    }
}

#[test]
fn two_copies_of_one_database_in_the_map_are_refused() {
    let b = make_backup(1);
    let fs: Arc<dyn FileSystem> = b.fs.clone();
    place_streams(&b, &[0]);
    write_all(fs.as_ref(), Path::new("/r/db/d1.edb"), &b.streams[0].1);
    let mut r = restore_args(&b, &[0]);
    r.map.push(RestoreMapEntry {
        database: format!("{LIVE}/copy.edb"),
        new_database: PathBuf::from("/r/db/d1.edb"),
    });
    assert_eq!(
        code(external_restore(fs.clone(), &r)),
        ErrorCode::DatabaseSignInUse
    );
    assert!(
        !fs.exists(Path::new("/r/chk/edbrst.env")),
        "nothing started"
    );
}

#[test]
fn a_copy_that_no_log_replays_is_not_a_restore() {
    // A copy of a database that the set's logs do not hold (its signature
    // changed in both header pages and the trailer, all with valid checksums), at
    // a path the logs do not name: nothing replays into it, and a restore that
    // reported success would leave a file that no instance attaches.
    let b = make_backup(1);
    let fs: Arc<dyn FileSystem> = b.fs.clone();
    let ps = 8192;
    let mut stream = b.streams[0].1.clone();
    let n = stream.len();
    let mut h = ese::format::header::DbHeader::decode(&stream[..ps]).unwrap();
    h.signature.random ^= 1;
    for page in 0..2 {
        h.encode(&mut stream[page * ps..(page + 1) * ps]);
    }
    let mut t = PatchPage::decode(&stream[n - ps..]).unwrap();
    t.db_signature.random ^= 1;
    stream[n - ps..].copy_from_slice(&t.encode(ps));
    write_all(fs.as_ref(), Path::new("/r/db/d0.edb"), &stream);
    let mut r = restore_args(&b, &[0]);
    r.map[0].database = "/elsewhere/x.edb".into();
    let e = external_restore(fs.clone(), &r).unwrap_err();
    assert_eq!(e.code(), ErrorCode::DatabaseDirtyShutdown, "{e}");
    assert!(e.to_string().contains("replayed no log"), "{e}");
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
    roll(&b.session, &b.dbs[0], fs.as_ref());
    b.inst.begin_backup(grbit::INCREMENTAL).unwrap();
    let (_, hi2) = copy_listed_logs(&b.inst, fs.as_ref());
    b.inst.end_backup(grbit::END_NORMAL).unwrap();
    assert!(hi2 > b.gen_high);
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
    crash_sweep(&backup_files(&b), &restore_args(&b, &[0]), &b.model);
}

/// Cuts the power at every I/O call of `args`' restore (every
/// `RESTORE_CRASH_STEP`th) over a file system holding `files`; the same call
/// afterwards must restore database 0 to `model`, the backup folder untouched.
fn crash_sweep(files: &[(PathBuf, Vec<u8>)], args: &ExternalRestore, model: &Model) {
    let fresh = || {
        let sim = Arc::new(SimFs::new());
        for (p, v) in files {
            write_all(sim.as_ref(), p, v);
        }
        sim
    };
    // How many calls a whole restore makes.
    let sim = fresh();
    let start = sim.io_count();
    external_restore(sim.clone(), args).unwrap();
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
        let first = external_restore(sim.clone(), args);
        sim.power_cut_with(k, policy);
        assert_eq!(
            folder(sim.as_ref(), BACKUP),
            backup_before,
            "call {k} of {calls}: the backup folder changed"
        );
        let fs: Arc<dyn FileSystem> = sim.clone();
        if let Err(e) = external_restore(fs.clone(), args) {
            panic!(
                "call {k} of {calls} ({policy:?}, first run {first:?}): the second run failed: {e}"
            );
        }
        assert_eq!(
            restored_contents(fs, 0),
            *model,
            "call {k} of {calls} ({policy:?})"
        );
        k += step;
    }
}

#[test]
fn an_instance_does_not_start_over_an_unfinished_restore() {
    let b = make_backup(1);
    let files = backup_files(&b);
    let args = restore_args(&b, &[0]);
    // Cut a restore short once its marker is durable.
    let mut k = 1;
    let sim = loop {
        let sim = Arc::new(SimFs::new());
        for (p, v) in &files {
            write_all(sim.as_ref(), p, v);
        }
        sim.crash_at(sim.io_count() + k);
        let _ = external_restore(sim.clone(), &args);
        sim.power_cut_with(k, TearPolicy::DropAll);
        if sim.exists(Path::new("/r/chk/edbrst.env")) {
            break sim;
        }
        k += 1;
        assert!(k < 10_000, "the restore never wrote its marker");
    };
    let fs: Arc<dyn FileSystem> = sim.clone();
    let opts = InstanceOptions {
        log_path: "/r/log".into(),
        system_path: "/r/chk".into(),
        ..opts("/r")
    };
    assert_eq!(
        Instance::with_fs(fs.clone(), opts).unwrap_err().code(),
        ErrorCode::RestoreInProgress
    );
    external_restore(fs.clone(), &args).unwrap();
    assert_eq!(restored_contents(fs, 0), b.model);
}

/// The live instance of `b` closes its current generation, as for a restore
/// with it as the running target: returns its logs to replay after the set, and
/// what a restore through them must show (the set's records and those committed
/// after the log list, not the transaction still open).
fn target_of(b: &Backup) -> (TargetLogs, Model) {
    let current = b.inst.force_new_log().unwrap().unwrap();
    let mut model = b.model.clone();
    for id in 300..320 {
        model.insert(id, (6, note(id, 6)));
    }
    let t = TargetLogs {
        log_dir: PathBuf::from(LIVE),
        gen_high: current - 1,
    };
    (t, model)
}

#[test]
fn a_running_target_s_logs_are_replayed_after_the_set() {
    let b = make_backup(1);
    let fs: Arc<dyn FileSystem> = b.fs.clone();
    let (target, model) = target_of(&b);
    assert!(target.gen_high > b.gen_high);
    let live_before = folder(fs.as_ref(), LIVE);
    place_streams(&b, &[0]);
    let mut args = restore_args(&b, &[0]);
    args.target = Some(target.clone());
    external_restore(fs.clone(), &args).unwrap();
    assert_eq!(restored_contents(fs.clone(), 0), model);
    // The target's logs were read, not written; its own log goes on.
    let live_after = folder(fs.as_ref(), LIVE);
    for g in b.gen_high + 1..=target.gen_high {
        let name = numbered_log_name("edb", g);
        assert_eq!(live_after.get(&name), live_before.get(&name), "{name}");
    }
    let mut more = Model::new();
    commit(&b.session, &b.dbs[0], 400..410, 7, &mut more);
    assert_eq!(contents(&b.dbs[0]).get(&400).map(|v| v.0), Some(7));
    // Done again, the restore finds its work done.
    external_restore(fs.clone(), &args).unwrap();
    assert_eq!(restored_contents(fs, 0), model);
}

#[test]
fn a_running_target_s_logs_are_checked() {
    let b = make_backup(1);
    let fs: Arc<dyn FileSystem> = b.fs.clone();
    let (mut target, _) = target_of(&b);
    // One generation more, so that one can go missing before the last.
    target.gen_high = b.inst.force_new_log().unwrap().unwrap() - 1;
    place_streams(&b, &[0]);
    let with = |t: TargetLogs| {
        let mut args = restore_args(&b, &[0]);
        args.target = Some(t);
        args
    };
    // A copy of the target's folder with the logs to replay, to damage.
    let fake = |dir: &str, skip: Option<u32>| {
        for g in b.gen_high + 1..=target.gen_high {
            if Some(g) == skip {
                continue;
            }
            let name = numbered_log_name("edb", g);
            let bytes = read_all(fs.as_ref(), &Path::new(LIVE).join(&name));
            write_all(fs.as_ref(), &Path::new(dir).join(&name), &bytes);
        }
        TargetLogs {
            log_dir: PathBuf::from(dir),
            gen_high: target.gen_high,
        }
    };
    // The last generation to replay missing, one before it missing.
    let beyond = TargetLogs {
        gen_high: target.gen_high + 3,
        ..target.clone()
    };
    assert_eq!(
        code(external_restore(fs.clone(), &with(beyond))),
        ErrorCode::MissingRestoreLogFiles
    );
    assert!(
        target.gen_high >= b.gen_high + 2,
        "two generations to replay"
    );
    let gap = fake("/gap", Some(b.gen_high + 1));
    assert_eq!(
        code(external_restore(fs.clone(), &with(gap))),
        ErrorCode::MissingCurrentLogFiles
    );
    // A target whose log ends before the set's.
    let behind = TargetLogs {
        gen_high: b.gen_high - 1,
        ..target.clone()
    };
    assert!(b.gen_high > b.gen_low, "the set spans generations");
    assert_eq!(
        code(external_restore(fs.clone(), &with(behind))),
        ErrorCode::ExistingLogFileIsNotContiguous
    );
    // A generation whose blocks are damaged.
    let torn = fake("/torn", None);
    let victim = torn.log_dir.join(numbered_log_name("edb", b.gen_high + 1));
    let mut bytes = read_all(fs.as_ref(), &victim);
    let at = bytes.len() / 8;
    bytes[at] ^= 0x55;
    bytes[at + 1] ^= 0x55;
    write_all(fs.as_ref(), &victim, &bytes);
    assert!(external_restore(fs.clone(), &with(torn)).is_err());
    // Another log stream under the same base name.
    let other = Instance::with_fs(fs.clone(), opts("/other")).unwrap();
    let odb = create_db(&other, "/other/o.edb");
    let os = other.begin_session().unwrap();
    let mut m = Model::new();
    let mut g = 0;
    while g <= target.gen_high {
        commit(&os, &odb, 0..40, 1, &mut m);
        g = other.force_new_log().unwrap().unwrap();
    }
    let foreign = TargetLogs {
        log_dir: PathBuf::from("/other"),
        gen_high: target.gen_high,
    };
    assert_eq!(
        code(external_restore(fs.clone(), &with(foreign))),
        ErrorCode::ExistingLogFileHasBadSignature
    );
    // The restore's log folder is the target's.
    let mut into = with(target.clone());
    into.log_dir = PathBuf::from(LIVE);
    assert_eq!(
        code(external_restore(fs.clone(), &into)),
        ErrorCode::InvalidParameter
    );
    // None of these wrote a checkpoint; the good one restores.
    assert!(!fs.exists(Path::new("/r/chk/edb.chk")));
    external_restore(fs.clone(), &with(target)).unwrap();
    drop(os);
    other.term().unwrap();
}

#[test]
fn a_crash_at_any_io_call_of_a_restore_through_a_target_then_the_same_call_restores_it_all() {
    let b = make_backup(1);
    let (target, model) = target_of(&b);
    let mut files = backup_files(&b);
    // The target's logs as it left them; only read by the restore.
    for g in b.gen_high + 1..=target.gen_high {
        let name = numbered_log_name("edb", g);
        let bytes = read_all(b.fs.as_ref(), &Path::new(LIVE).join(&name));
        files.push((Path::new("/tlogs").join(name), bytes));
    }
    let mut args = restore_args(&b, &[0]);
    args.target = Some(TargetLogs {
        log_dir: PathBuf::from("/tlogs"),
        gen_high: target.gen_high,
    });
    crash_sweep(&files, &args, &model);
}
