//! Durability through the log: an instance that starts over a log recovers its
//! databases (redo from the checkpoint, undo of what never committed), on the
//! simulated disk with power cuts and on real files. Every recovered database must
//! hold exactly the committed changes and pass the integrity check.
//! `RECOVERY_SEED=<n>` replays one seed of the power-cut test.

mod common;

use common::Scratch;
use ese::db::{KeyLimit, Prep, SeekGrbit};
use ese::format::coltype::Value;
use ese::record::schema::parse_schema;
use ese::record::Cell;
use ese::{CreateOptions, Cursor, Database, ErrorCode, Instance, InstanceOptions, Session};
use ese_os::{FileSystem, SimFs, TearPolicy};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "val", "type": "Long"},
              {"name": "note", "type": "LongText", "cp": 1252}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
              {"name": "byval", "key": ["+val"]}]}]}"#;

/// Small log files and the smallest cache a database gets (`MIN_CACHE_PAGES`).
fn opts(dir: &str) -> InstanceOptions {
    InstanceOptions {
        log_file_size: 256 * 1024,
        cache_pages: ese::db::MIN_CACHE_PAGES,
        ..InstanceOptions::in_dir(dir)
    }
}

/// A new database at `path` holding the table `t` of [`SCHEMA`].
fn new_db(inst: &Instance, path: impl AsRef<Path>) -> Database {
    let mut db = inst
        .create_database(path.as_ref(), CreateOptions::default())
        .unwrap();
    db.create_table_spec(&parse_schema(SCHEMA).unwrap().tables[0])
        .unwrap();
    db
}

fn put(c: &mut Cursor, id: i32, val: i32, note: &str) -> ese::Result<()> {
    c.make_key(&[Some(Value::Long(id))], KeyLimit::None)?;
    let exists = c.seek(SeekGrbit::Eq).is_ok();
    c.prepare_update(if exists { Prep::Replace } else { Prep::Insert })?;
    if !exists {
        c.set_column(1, Some(Cell::Value(Value::Long(id))), 1)?;
    }
    c.set_column(2, Some(Cell::Value(Value::Long(val))), 1)?;
    c.set_column(256, Some(Cell::Value(Value::Text(note.into()))), 1)?;
    let r = c.update().map(|_| ());
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

/// Every record of `t`: id → (val, note).
fn contents(db: &Database) -> BTreeMap<i32, (i32, String)> {
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
    assert_eq!(
        t.index_entries("byval").unwrap().count(),
        out.len(),
        "the secondary index matches"
    );
    out
}

fn note_for(seed: u64, id: i32, val: i32) -> String {
    let len = ((seed as usize).wrapping_mul(31) + id as usize * 17 + val as usize) % 3000;
    format!("{id}-{val}-").repeat(len / 8 + 1)
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
        self.next() % n
    }
}

/// Runs committed and uncommitted transactions on a simulated disk, cuts the
/// power, starts a new instance over the same disk and checks that exactly the
/// committed state is there.
fn power_cut_run(seed: u64, policy: TearPolicy) {
    let sim = Arc::new(SimFs::new());
    // The process the power cut kills: none of its threads reaches the disk after.
    let fs: Arc<dyn FileSystem> = Arc::new(sim.process());
    let path = Path::new("/d/x.edb");
    let mut rng = Rng(seed);
    let mut model: BTreeMap<i32, (i32, String)> = BTreeMap::new();
    {
        let inst = Instance::with_fs(fs.clone(), opts("/d")).unwrap();
        let db = new_db(&inst, path);
        let s: Session = inst.begin_session().unwrap();
        let mut c = s.open_table(&db, "t").unwrap();
        let txns = 5 + rng.below(40);
        for n in 0..txns {
            let mut pending = model.clone();
            s.begin_transaction().unwrap();
            for _ in 0..1 + rng.below(12) {
                let id = rng.below(200) as i32;
                if rng.below(5) == 0 {
                    if remove(&mut c, id).unwrap() {
                        pending.remove(&id);
                    }
                } else {
                    let val = rng.below(1000) as i32;
                    let note = note_for(seed, id, val);
                    put(&mut c, id, val, &note).unwrap();
                    pending.insert(id, (val, note));
                }
            }
            if rng.below(4) == 0 {
                s.rollback().unwrap();
            } else {
                s.commit_transaction().unwrap();
                model = pending;
            }
            if n % 10 == 9 && rng.below(2) == 0 {
                inst.checkpoint().unwrap();
            }
        }
        // One transaction left open at the crash.
        s.begin_transaction().unwrap();
        for _ in 0..rng.below(10) {
            let id = rng.below(200) as i32;
            let _ = put(&mut c, id, -1, "uncommitted");
        }
        sim.power_cut_with(seed, policy);
        // Everything opened before the cut is gone with it.
        std::mem::forget((c, s, db, inst));
    }
    let fs: Arc<dyn FileSystem> = Arc::new(sim.process());
    let inst =
        Instance::with_fs(fs, opts("/d")).unwrap_or_else(|e| panic!("seed {seed}: recovery: {e}"));
    let (db, _) = inst.attach_database(path, false).unwrap();
    assert_eq!(contents(&db), model, "seed {seed} {policy:?}");
    db.check()
        .unwrap_or_else(|e| panic!("seed {seed}: check after recovery: {e}"));
    inst.term().unwrap();
}

#[test]
fn power_cuts_keep_exactly_the_committed_transactions() {
    if let Some(seed) = std::env::var("RECOVERY_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        power_cut_run(seed, TearPolicy::Default);
        return;
    }
    let policies = [
        TearPolicy::Default,
        TearPolicy::AtomicSector,
        TearPolicy::KeepAll,
        TearPolicy::DropAll,
        TearPolicy::SequentialPrefix,
    ];
    for seed in 1..=40u64 {
        power_cut_run(seed, policies[seed as usize % policies.len()]);
    }
}

#[test]
fn a_clean_shutdown_needs_nothing_and_a_second_start_still_works() {
    let dir = Scratch::new("recovery-clean");
    let path = dir.join("x.edb");
    let o = dir.opts();
    {
        let inst = Instance::new(o.clone()).unwrap();
        let db = new_db(&inst, &path);
        let s = inst.begin_session().unwrap();
        let mut c = s.open_table(&db, "t").unwrap();
        for id in 0..100 {
            put(&mut c, id, id * 2, "x").unwrap();
        }
        drop(c);
        inst.term().unwrap();
    }
    for round in 0..2 {
        let inst = Instance::new(o.clone()).unwrap();
        let (db, _) = inst.attach_database(&path, false).unwrap();
        assert_eq!(contents(&db).len(), 100 + round);
        let s = inst.begin_session().unwrap();
        let mut c = s.open_table(&db, "t").unwrap();
        put(&mut c, 1000 + round as i32, 0, "y").unwrap();
        drop(c);
        db.check().unwrap();
        inst.term().unwrap();
    }
}

/// A database not shut down cleanly is refused without its log, naming the
/// generations it needs; recovery as a call of its own makes it consistent.
#[test]
fn a_dirty_database_needs_its_log_and_recovery_on_its_own_fixes_it() {
    let sim = Arc::new(SimFs::new());
    let fs: Arc<dyn FileSystem> = sim.clone();
    let path = Path::new("/d/x.edb");
    {
        let inst = Instance::with_fs(fs.clone(), opts("/d")).unwrap();
        let db = new_db(&inst, path);
        let s = inst.begin_session().unwrap();
        let mut c = s.open_table(&db, "t").unwrap();
        put(&mut c, 1, 1, "kept").unwrap();
        inst.checkpoint().unwrap();
        sim.power_cut_with(5, TearPolicy::KeepAll);
        std::mem::forget((c, s, db, inst));
    }
    // Another instance, with another log folder, cannot use it.
    let other = Instance::with_fs(fs.clone(), opts("/elsewhere")).unwrap();
    let e = other.attach_database(path, false).unwrap_err();
    assert_eq!(e.code(), ErrorCode::DatabaseDirtyShutdown);
    assert!(e.to_string().contains("generations 1 to 1"), "{e}");
    other.term().unwrap();
    Instance::recover(fs.clone(), opts("/d")).unwrap();
    let other = Instance::with_fs(fs, opts("/elsewhere")).unwrap();
    let (db, _) = other.attach_database(path, false).unwrap();
    assert_eq!(contents(&db).len(), 1);
}

/// A full log disk: once the log has used its reserve files, new changes are
/// refused with `JET_errLogDiskFull` (not fatal) and nothing committed is lost;
/// when space comes back the reserves are made again and changes go on; a power
/// cut then recovers every commit.
#[test]
fn a_full_log_disk_stops_cleanly_and_loses_nothing() {
    use ese_os::{Fault, FaultKind, FaultOp};
    let sim = Arc::new(SimFs::new());
    let fs: Arc<dyn FileSystem> = sim.clone();
    let path = Path::new("/d/x.edb");
    let o = opts("/d");
    let inst = Instance::with_fs(fs.clone(), o.clone()).unwrap();
    let db = new_db(&inst, path);
    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    // No room for a new log generation from now on.
    sim.inject(
        Fault::new(FaultOp::SetLen, 1, FaultKind::DiskFull)
            .on_path("tmp.log")
            .persistent(),
    );
    sim.inject(
        Fault::new(FaultOp::SetLen, 1, FaultKind::DiskFull)
            .on_path("res")
            .persistent(),
    );
    let mut committed = 0;
    let mut refused = None;
    for id in 0..5000 {
        s.begin_transaction().unwrap();
        match put(&mut c, id, id, &"x".repeat(2000))
            .and_then(|_| s.commit_transaction().map(|_| ()))
        {
            Ok(()) => committed += 1,
            Err(e) => {
                refused = Some(e.code());
                let _ = s.rollback();
                break;
            }
        }
    }
    assert_eq!(
        refused,
        Some(ErrorCode::LogDiskFull),
        "after {committed} commits"
    );
    assert!(committed >= 3, "{committed}");
    // Still refused while the disk is full; reads go on.
    s.begin_transaction().unwrap();
    assert_eq!(
        put(&mut c, 100_000, 0, "y").unwrap_err().code(),
        ErrorCode::LogDiskFull
    );
    s.rollback().unwrap();
    assert_eq!(contents(&db).len(), committed);
    // Space comes back.
    sim.clear_faults();
    s.begin_transaction().unwrap();
    put(&mut c, 100_000, 0, "y").unwrap();
    s.commit_transaction().unwrap();
    sim.power_cut_with(3, TearPolicy::DropAll);
    std::mem::forget((c, s, db, inst));
    let inst = Instance::with_fs(fs, o).unwrap();
    let (db, _) = inst.attach_database(path, false).unwrap();
    assert_eq!(contents(&db).len(), committed + 1);
    db.check().unwrap();
}

/// With circular logging the instance checkpoints by itself as the log grows and
/// deletes the generations the checkpoint has passed: the log stays a few files
/// long however much is written, and a power cut still recovers every commit.
#[test]
fn circular_logging_keeps_the_log_short() {
    let sim = Arc::new(SimFs::new());
    let fs: Arc<dyn FileSystem> = sim.clone();
    let path = Path::new("/d/x.edb");
    let o = InstanceOptions {
        log_file_size: 64 * 1024,
        circular_log: true,
        ..opts("/d")
    };
    let inst = Instance::with_fs(fs.clone(), o.clone()).unwrap();
    let db = new_db(&inst, path);
    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    let logs = || {
        fs.read_dir(Path::new("/d"))
            .unwrap()
            .into_iter()
            .filter(|n| n.ends_with(".log"))
            .count()
    };
    // Paced so that the instance's checkpoint thread (it looks every 100 ms) sees
    // the log grow a few generations at a time.
    let mut most = 0;
    for round in 0..30 {
        for id in 0..50 {
            s.begin_transaction().unwrap();
            put(&mut c, id, round, &"z".repeat(1500)).unwrap();
            s.commit_transaction().unwrap();
            if id % 10 == 9 {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
        most = most.max(logs());
    }
    inst.checkpoint().unwrap();
    assert!(logs() <= 8, "{} log files after a checkpoint", logs());
    assert!(most <= 30, "the log grew to {most} files");
    sim.power_cut_with(11, TearPolicy::Default);
    std::mem::forget((c, s, db, inst));
    let inst = Instance::with_fs(fs, o).unwrap();
    let (db, _) = inst.attach_database(path, false).unwrap();
    let got = contents(&db);
    assert_eq!(got.len(), 50);
    assert!(got.values().all(|(v, _)| *v == 29));
    db.check().unwrap();
}

/// A transaction that deletes a record and inserts one with the same key (and the
/// same secondary index entry) reuses the flag-deleted nodes; a crash before its
/// commit must bring the old record and its index entries back, not lose them.
#[test]
fn an_open_delete_and_reinsert_of_one_key_is_undone_whole() {
    for policy in [TearPolicy::DropAll, TearPolicy::KeepAll] {
        let sim = Arc::new(SimFs::new());
        let fs: Arc<dyn FileSystem> = sim.clone();
        let path = Path::new("/d/x.edb");
        let mut model = BTreeMap::new();
        {
            let inst = Instance::with_fs(fs.clone(), opts("/d")).unwrap();
            let db = new_db(&inst, path);
            let s = inst.begin_session().unwrap();
            let mut c = s.open_table(&db, "t").unwrap();
            s.begin_transaction().unwrap();
            for id in 1..=5 {
                put(&mut c, id, id * 10, "before").unwrap();
                model.insert(id, (id * 10, "before".to_string()));
            }
            s.commit_transaction().unwrap();
            s.begin_transaction().unwrap();
            // Another key, then the same index entry (val 20 for id 2 again).
            assert!(remove(&mut c, 3).unwrap());
            put(&mut c, 3, 77, "after").unwrap();
            assert!(remove(&mut c, 2).unwrap());
            put(&mut c, 2, 20, "after").unwrap();
            // A durable commit of another session takes the open changes' log
            // records to the disk with it.
            let s2 = inst.begin_session().unwrap();
            let mut c2 = s2.open_table(&db, "t").unwrap();
            s2.begin_transaction().unwrap();
            put(&mut c2, 100, 1, "other").unwrap();
            s2.commit_transaction().unwrap();
            model.insert(100, (1, "other".to_string()));
            sim.power_cut_with(3, policy);
            std::mem::forget((c, c2, s, s2, db, inst));
        }
        let inst = Instance::with_fs(fs, opts("/d")).unwrap();
        let (db, _) = inst.attach_database(path, false).unwrap();
        assert_eq!(contents(&db), model, "{policy:?}");
        db.check().unwrap();
        inst.term().unwrap();
    }
}

/// A disk with `/d/x.edb` attached to a new instance, 20 rows committed in `t`.
fn with_committed_rows() -> (Arc<SimFs>, Instance, Database, Session) {
    let sim = Arc::new(SimFs::new());
    let fs: Arc<dyn FileSystem> = sim.clone();
    let inst = Instance::with_fs(fs, opts("/d")).unwrap();
    let db = new_db(&inst, "/d/x.edb");
    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    s.begin_transaction().unwrap();
    for id in 0..20 {
        put(&mut c, id, id, "kept").unwrap();
    }
    s.commit_transaction().unwrap();
    (sim, inst, db, s)
}

/// A failed write or sync of a database file is final for the instance, as a
/// failed log write is: no later call logs a clean end over the database or
/// tries the sync again, and the next start recovers it with every commit.
/// Each case fails one call on `x.edb`: the shadow copy of the header an attach
/// marks dirty (the primary copy is dirty already), a page written at `term`,
/// the sync of the file after its pages at a detach.
#[test]
fn a_failed_database_write_or_sync_is_final_for_the_instance() {
    use ese_os::{Fault, FaultKind, FaultOp};
    let path = Path::new("/d/x.edb");
    for (case, op, nth) in [
        ("attach", FaultOp::Write, 2),
        ("term", FaultOp::Write, 1),
        ("detach", FaultOp::Sync, 2),
    ] {
        let (sim, inst, db, s) = with_committed_rows();
        let fault = Fault::new(op, nth, FaultKind::Eio).on_path("x.edb");
        match case {
            "attach" => {
                inst.detach_database(path).unwrap();
                sim.inject(fault);
                assert!(inst.attach_database(path, false).is_err(), "{case}");
            }
            "term" => {
                sim.inject(fault);
                assert!(inst.term().is_err(), "{case}");
            }
            _ => {
                sim.inject(fault);
                assert!(inst.detach_database(path).is_err(), "{case}");
                // The fault is spent: only a sync tried again could pass now.
                assert!(inst.detach_database(path).is_err(), "{case} again");
            }
        }
        assert!(
            inst.term().is_err(),
            "{case}: a clean end after the failure"
        );
        sim.power_cut_with(7, TearPolicy::KeepAll);
        std::mem::forget((s, db, inst));
        let fs: Arc<dyn FileSystem> = sim.clone();
        let inst = Instance::with_fs(fs, opts("/d")).unwrap();
        let (db, _) = inst
            .attach_database(path, false)
            .unwrap_or_else(|e| panic!("{case}: {e}"));
        assert_eq!(contents(&db).len(), 20, "{case}");
        db.check().unwrap();
        drop(db);
        inst.term().unwrap();
    }
}

/// `term` with a transaction still open leaves its database dirty: the instance
/// is unavailable from then on, so a second `term` does not log a clean end over
/// it, and the next start rolls the transaction back.
#[test]
fn a_term_that_leaves_a_database_dirty_keeps_its_log() {
    let (sim, inst, db, s) = with_committed_rows();
    let mut c = s.open_table(&db, "t").unwrap();
    s.begin_transaction().unwrap();
    put(&mut c, 100, 0, "never committed").unwrap();
    assert_eq!(inst.term().unwrap_err().code(), ErrorCode::InTransaction);
    assert!(inst.term().is_err());
    sim.power_cut_with(3, TearPolicy::KeepAll);
    std::mem::forget((c, s, db, inst));
    let fs: Arc<dyn FileSystem> = sim.clone();
    let inst = Instance::with_fs(fs, opts("/d")).unwrap();
    let (db, _) = inst.attach_database("/d/x.edb", false).unwrap();
    assert_eq!(contents(&db).len(), 20);
    db.check().unwrap();
    drop(db);
    inst.term().unwrap();
}

/// Appends `records` after the end of the log in `/d`, as an instance would have
/// before a power cut, and makes them durable.
fn append_to_log(fs: &Arc<dyn FileSystem>, records: &[ese::format::log::LogRecord]) {
    use ese::log::{LogConfig, LogReader, LogWriter};
    let reader = LogReader::open(fs.clone(), Path::new("/d"), "edb").unwrap();
    let end = reader.end().unwrap();
    let clock: Arc<dyn ese_os::Clock> = Arc::new(ese_os::SystemClock::new());
    let log = LogWriter::open_after(fs.clone(), LogConfig::new("/d", "edb"), clock, &end).unwrap();
    log.append(records).unwrap();
    log.flush_all().unwrap();
}

/// Every record of the log in `/d`, oldest first.
fn log_records(fs: &Arc<dyn FileSystem>) -> Vec<ese::format::log::LogRecord> {
    let reader = ese::log::LogReader::open(fs.clone(), Path::new("/d"), "edb").unwrap();
    let (records, _) = reader.read_all_from(ese::format::log::Lgpos::MIN).unwrap();
    records.into_iter().map(|(_, r)| r).collect()
}

/// The id the log gave the first database it attached.
fn attached_dbid(fs: &Arc<dyn FileSystem>) -> u8 {
    use ese::format::log::LogRecord;
    log_records(fs)
        .iter()
        .find_map(|r| match r {
            LogRecord::Attach { dbid, .. } => Some(*dbid),
            _ => None,
        })
        .unwrap()
}

/// A logged change of page `pgno` of database `dbid` from `dbtime_before` to
/// the next dbtime: the page's links set to none.
fn set_links(dbid: u8, pgno: u32, dbtime_before: u64) -> ese::format::log::LogRecord {
    use ese::format::pageop::LoggedOp;
    ese::format::log::LogRecord::PageOp {
        dbid,
        pgno,
        objid: 0,
        dbtime_before,
        dbtime_after: dbtime_before + 1,
        txn: 0,
        op: 1,
        payload: LoggedOp::<Vec<u8>>::SetLinks { prev: 0, next: 0 }
            .encode()
            .unwrap(),
    }
}

/// Starts an instance on `sim` whose first checkpoint write fails (its recovery
/// crashes at the very end), then cuts the power.
fn recovery_cut_short_at_its_checkpoint(sim: &Arc<SimFs>) {
    use ese_os::{Fault, FaultKind, FaultOp};
    sim.inject(Fault::new(FaultOp::Write, 1, FaultKind::Eio).on_path("edb.chk"));
    let fs: Arc<dyn FileSystem> = sim.clone();
    assert!(Instance::with_fs(fs, opts("/d")).is_err());
    sim.clear_faults();
    sim.power_cut_with(5, TearPolicy::KeepAll);
}

/// A step a power cut cut short (its first records durable, its end lost) never
/// happened. The next start logs `Init` after it and then steps of its own; when
/// that recovery crashes before its checkpoint, the one after must still leave
/// the cut step out, not join it to the first step logged after `Init`.
#[test]
fn a_step_cut_short_stays_out_after_a_crash_during_recovery() {
    let (sim, inst, db, s) = with_committed_rows();
    sim.power_cut_with(3, TearPolicy::KeepAll);
    std::mem::forget((s, db, inst));
    let fs: Arc<dyn FileSystem> = sim.clone();
    let dbid = attached_dbid(&fs);
    // The cut step's change goes from a dbtime no page has reached: applied, it
    // is a change missing from the log (`JET_errLogCorrupted`).
    append_to_log(&fs, &[set_links(dbid, 1, 1 << 40)]);
    sim.power_cut_with(5, TearPolicy::KeepAll);
    recovery_cut_short_at_its_checkpoint(&sim);
    let inst = Instance::with_fs(fs, opts("/d")).unwrap();
    let (db, _) = inst.attach_database("/d/x.edb", false).unwrap();
    assert_eq!(contents(&db).len(), 20);
    db.check().unwrap();
    drop(db);
    inst.term().unwrap();
}

/// A detach is logged on its own, with no step end after it. As the last record
/// before a crash it still counts: the recovery that follows leaves the detached
/// database alone (logs no image of its pages and does not attach it again).
#[test]
fn a_detach_just_before_a_crash_keeps_the_database_detached() {
    use ese::format::log::LogRecord;
    let (sim, inst, db, s) = with_committed_rows();
    drop(db);
    inst.detach_database("/d/x.edb").unwrap();
    sim.power_cut_with(3, TearPolicy::KeepAll);
    std::mem::forget((s, inst));
    let fs: Arc<dyn FileSystem> = sim.clone();
    Instance::with_fs(fs.clone(), opts("/d"))
        .unwrap()
        .term()
        .unwrap();
    let records = log_records(&fs);
    let init = records
        .iter()
        .rposition(|r| matches!(r, LogRecord::Init))
        .unwrap();
    let touched: Vec<_> = records[init..]
        .iter()
        .filter_map(|r| match r {
            LogRecord::Attach { dbid, .. } => Some(format!("attach of {dbid}")),
            LogRecord::PageImage { dbid, pgno, .. } => Some(format!("image of {dbid}:{pgno}")),
            _ => None,
        })
        .collect();
    assert!(touched.is_empty(), "{touched:?}");
    let inst = Instance::with_fs(fs, opts("/d")).unwrap();
    let (db, _) = inst.attach_database("/d/x.edb", false).unwrap();
    assert_eq!(contents(&db).len(), 20);
    db.check().unwrap();
    drop(db);
    inst.term().unwrap();
}

/// A transaction open across a checkpoint holds the checkpoint back to its
/// begin, so redo starts before the checkpoint's image epoch: the page changes
/// logged in between carry no image. A page written back after the checkpoint
/// (changed again, its image logged) whose write a power cut tore reads as
/// unreadable; those older changes must wait for its image, not fail recovery.
#[test]
fn a_torn_page_behind_a_held_back_checkpoint_is_rebuilt_from_its_image() {
    use ese::format::log::LogRecord;
    use ese::format::undo::UndoInfo;
    use ese_os::OpenOptions;
    let (sim, inst, db, s) = with_committed_rows();
    let open = inst.begin_session().unwrap();
    let mut c = open.open_table(&db, "t").unwrap();
    open.begin_transaction().unwrap();
    put(&mut c, 100, 100, "never committed").unwrap();
    inst.checkpoint().unwrap();
    let mut c2 = s.open_table(&db, "t").unwrap();
    s.begin_transaction().unwrap();
    put(&mut c2, 101, 101, "committed").unwrap();
    s.commit_transaction().unwrap();
    let fs: Arc<dyn FileSystem> = sim.clone();
    let records = log_records(&fs);
    let committed: Vec<u64> = records
        .iter()
        .filter_map(|r| match r {
            LogRecord::Commit { txn, .. } => Some(*txn),
            _ => None,
        })
        .collect();
    let open_txn = records
        .iter()
        .rev()
        .find_map(|r| match r {
            LogRecord::Begin { txn, .. } if !committed.contains(txn) => Some(*txn),
            _ => None,
        })
        .unwrap();
    // The records' tree: its one page holds every row.
    let root = records
        .iter()
        .find_map(|r| match r {
            LogRecord::Undo { txn, info, .. } if *txn == open_txn => {
                match UndoInfo::decode(info).unwrap() {
                    UndoInfo::Node { root, .. } => Some(root),
                    _ => None,
                }
            }
            _ => None,
        })
        .unwrap();
    // The page as a torn write-back leaves it: one sector of garbage.
    let file = fs
        .open(Path::new("/d/x.edb"), OpenOptions::read_write())
        .unwrap();
    let mut x = 0x2545_F491u32;
    let garbage: Vec<u8> = (0..512)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (x >> 24) as u8
        })
        .collect();
    file.write_at((u64::from(root) + 1) * 8192 + 4096, &garbage)
        .unwrap();
    file.sync_all().unwrap();
    sim.power_cut_with(3, TearPolicy::KeepAll);
    std::mem::forget((c, c2, open, s, db, inst));
    let inst = Instance::with_fs(fs, opts("/d")).unwrap();
    let (db, _) = inst.attach_database("/d/x.edb", false).unwrap();
    let rows = contents(&db);
    assert_eq!(rows.len(), 21);
    assert!(rows.contains_key(&101) && !rows.contains_key(&100));
    db.check().unwrap();
    drop(db);
    inst.term().unwrap();
}

/// Detaches `/d/x.edb` (20 rows) with the `nth` sync of its file failing, cuts
/// the power as `seed` says, and recovers: every row must be there.
fn detach_failing_sync_then_cut(nth: u64, seed: u64) {
    use ese_os::{Fault, FaultKind, FaultOp};
    let (sim, inst, db, s) = with_committed_rows();
    sim.inject(Fault::new(FaultOp::Sync, nth, FaultKind::Eio).on_path("x.edb"));
    assert!(inst.detach_database("/d/x.edb").is_err());
    sim.clear_faults();
    sim.power_cut_with(seed, TearPolicy::Default);
    std::mem::forget((s, db, inst));
    let fs: Arc<dyn FileSystem> = sim.clone();
    let inst = Instance::with_fs(fs, opts("/d"))
        .unwrap_or_else(|e| panic!("sync {nth} failed, cut {seed}: {e}"));
    let (db, _) = inst.attach_database("/d/x.edb", false).unwrap();
    assert_eq!(contents(&db).len(), 20, "sync {nth} failed, cut {seed}");
    db.check().unwrap();
    drop(db);
    inst.term().unwrap();
}

/// A power cut while a database header is rewritten (here at a detach, whose
/// header or shadow sync fails) may tear the copy being written, never both:
/// recovery finds the database by the other copy, whatever the cut keeps.
#[test]
fn a_power_cut_during_a_header_write_leaves_one_copy_readable() {
    for nth in 2..=4 {
        for seed in 0..30 {
            detach_failing_sync_then_cut(nth, seed);
        }
    }
}

/// Pages a detach wrote but could not sync, torn by a power cut. ESE's page
/// checksum misses some tears (cut 16 leaves a page whose tag array is the old,
/// empty one under a new header, and the checksum still holds): redo rebuilds
/// every page the log has an image of from that image, whatever the disk holds.
#[test]
fn a_torn_page_its_checksum_misses_is_rebuilt_from_its_image() {
    for seed in 0..30 {
        detach_failing_sync_then_cut(1, seed);
    }
}

/// A simulated disk holding `/d/x.edb` with table `table` (given `setup` after
/// it is made) and 150 records of 4,000-byte notes, shut down cleanly: read
/// through a 32-page cache, the records push the catalog's pages out.
fn loaded_disk(
    table: &ese::record::schema::TableSpec,
    o: &InstanceOptions,
    setup: impl FnOnce(&mut Database),
) -> Arc<SimFs> {
    let sim = Arc::new(SimFs::new());
    let fs: Arc<dyn FileSystem> = sim.clone();
    let inst = Instance::with_fs(fs, o.clone()).unwrap();
    let mut db = inst
        .create_database("/d/x.edb", CreateOptions::default())
        .unwrap();
    db.create_table_spec(table).unwrap();
    setup(&mut db);
    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, &table.name).unwrap();
    for batch in 0..15 {
        s.begin_transaction().unwrap();
        for id in batch * 10..batch * 10 + 10 {
            put(&mut c, id, id, &"x".repeat(4000)).unwrap();
        }
        s.commit_transaction().unwrap();
    }
    drop((c, s, db));
    inst.term().unwrap();
    sim
}

/// After a change that failed part way: a later commit to `table` (if it is
/// there) brings the change's step to the log, the power is cut, and the
/// database is recovered and attached again.
fn commit_cut_and_recover(
    sim: &Arc<SimFs>,
    (inst, db): (Instance, Database),
    table: &str,
    seed: u64,
    o: &InstanceOptions,
) -> ese::Result<(Instance, Database)> {
    let _ = inst.begin_session().and_then(|s| {
        s.begin_transaction()?;
        let mut c = s.open_table(&db, table)?;
        put(&mut c, 1, 1, "x")?;
        s.commit_transaction().map(|_| ())
    });
    sim.power_cut_with(seed, TearPolicy::KeepAll);
    std::mem::forget((db, inst));
    attach(sim, o)
}

/// An instance on `sim`'s disk (recovering it if need be) with `/d/x.edb` attached.
fn attach(sim: &Arc<SimFs>, o: &InstanceOptions) -> ese::Result<(Instance, Database)> {
    let fs: Arc<dyn FileSystem> = sim.clone();
    let inst = Instance::with_fs(fs, o.clone())?;
    let (db, _) = inst.attach_database("/d/x.edb", false)?;
    Ok((inst, db))
}

/// The names of the database's own tables (no `MSys` ones), sorted.
fn user_tables(db: &Database) -> Vec<String> {
    let mut names = db.table_names();
    names.retain(|n| !n.starts_with("MSys"));
    names.sort();
    names
}

/// A table creation or deletion that fails between the catalog trees (a read of
/// one of their pages fails) leaves no half-made or half-removed table: the change
/// is undone at once from the undo information it logged ahead, and a recovery that
/// meets its pages undoes it too. Before, the pages it had changed reached the log
/// without undo information: recovery met a table row missing from a name index,
/// or column rows whose table row was gone (`JET_errCatalogCorrupted`).
#[test]
fn a_schema_change_failing_part_way_is_undone() {
    use ese_os::{Fault, FaultKind, FaultOp};
    let schema = parse_schema(SCHEMA).unwrap();
    // The smallest cache: the catalog pages are read again once the records are.
    let o = opts("/d");
    let mut failed = 0;
    for delete in [false, true] {
        for nth in 1..=40 {
            let sim = loaded_disk(&schema.tables[0], &o, |_| {});
            let (inst, mut db) = attach(&sim, &o).unwrap();
            assert_eq!(contents(&db).len(), 150);
            // Every page is read again: the fault meets the change's trees.
            sim.inject(Fault::new(FaultOp::Read, nth, FaultKind::Eio).on_path("x.edb"));
            let r = if delete {
                db.delete_table("t")
            } else {
                let mut t = schema.tables[0].clone();
                t.name = "u".into();
                db.create_table_spec(&t).map(|_| ())
            };
            sim.clear_faults();
            failed += usize::from(r.is_err());
            let names = user_tables(&db);
            let expected: Vec<String> = match (&r, delete) {
                (Err(_), _) => vec!["t".into()],
                (Ok(()), false) => vec!["t".into(), "u".into()],
                (Ok(()), true) => vec![],
            };
            assert_eq!(names, expected, "delete {delete}, read {nth}: {r:?}");
            db.check()
                .unwrap_or_else(|e| panic!("delete {delete}, read {nth}: {r:?}: {e}"));
            let (_inst, db) = commit_cut_and_recover(&sim, (inst, db), "t", nth, &o)
                .unwrap_or_else(|e| panic!("delete {delete}, read {nth}: {r:?}: {e}"));
            assert_eq!(
                user_tables(&db),
                expected,
                "delete {delete}, read {nth}: {r:?}"
            );
            db.check()
                .unwrap_or_else(|e| panic!("delete {delete}, read {nth}: {r:?}: {e}"));
        }
    }
    assert!(failed > 0, "no read fault met a schema change");
}

/// A table creation whose own root (or one of its index trees, or a catalog page
/// it adds) needs the file to grow, and the growth fails (the disk is full at
/// the `set_len` that would make room): the creation fails with the disk's
/// error and leaves no table and no catalog rows of it, at once and after a
/// power cut and recovery, and the database checks whole (no page of it left
/// owned). Tables are created until the file must grow for one; the growth
/// fails at its first or second call, after 0 to 3 smaller tables made first
/// to move where in a creation the file runs out.
#[test]
fn a_table_whose_root_cannot_be_made_leaves_nothing() {
    use ese_os::{Fault, FaultKind, FaultOp};
    let schema = parse_schema(SCHEMA).unwrap();
    let o = opts("/d");
    let mut cases = 0;
    for shift in 0..4 {
        for nth in 1..=2 {
            let sim = loaded_disk(&schema.tables[0], &o, |_| {});
            let (inst, mut db) = attach(&sim, &o).unwrap();
            let mut made = Vec::new();
            for k in 0..shift {
                let mut small = schema.tables[0].clone();
                small.name = format!("s{k}");
                small.indexes.retain(|ix| ix.name == "primary");
                db.create_table_spec(&small).unwrap();
                made.push(small.name);
            }
            sim.inject(Fault::new(FaultOp::SetLen, nth, FaultKind::DiskFull).on_path("x.edb"));
            let case = format!("{shift} small tables, growth {nth}");
            let err = loop {
                let mut t = schema.tables[0].clone();
                t.name = format!("u{}", made.len());
                match db.create_table_spec(&t) {
                    Ok(_) => made.push(t.name),
                    Err(e) => break e,
                }
                assert!(made.len() < 300, "{case}: the file never had to grow");
            };
            sim.clear_faults();
            cases += 1;
            assert_eq!(
                err.code(),
                ErrorCode::DiskFull,
                "{case}, {} made: {err}",
                made.len()
            );
            let mut expected = made.clone();
            expected.push("t".into());
            expected.sort();
            assert_eq!(user_tables(&db), expected, "{case}");
            db.check().unwrap_or_else(|e| panic!("{case}: {e}"));
            // The failed name can be used again, the table made whole this time.
            let mut again = schema.tables[0].clone();
            again.name = format!("u{}", made.len());
            db.create_table_spec(&again).unwrap();
            db.delete_table(&again.name).unwrap();
            let (_inst, db) = commit_cut_and_recover(&sim, (inst, db), "t", nth, &o)
                .unwrap_or_else(|e| panic!("{case}: {e}"));
            assert_eq!(user_tables(&db), expected, "{case}, recovered");
            db.check()
                .unwrap_or_else(|e| panic!("{case}, recovered: {e}"));
            assert_eq!(contents(&db).len(), 150);
        }
    }
    assert_eq!(cases, 8);
}

/// Two hundred table creations in a 64-page cache go through: each creation's
/// step holds a dozen pages the cache may not write yet, and a request for a frame
/// must write back the others instead of waiting on those (the cache gave up with
/// `JET_errOutOfBuffers` at the 49th table, failing the instance).
#[test]
fn many_table_creations_in_a_small_cache_go_through() {
    let schema = parse_schema(SCHEMA).unwrap();
    let o = opts("/d");
    let sim = loaded_disk(&schema.tables[0], &o, |_| {});
    let (_inst, mut db) = attach(&sim, &o).unwrap();
    for k in 0..3 {
        let mut small = schema.tables[0].clone();
        small.name = format!("s{k}");
        small.indexes.retain(|ix| ix.name == "primary");
        db.create_table_spec(&small).unwrap();
    }
    for i in 0..200 {
        let mut t = schema.tables[0].clone();
        t.name = format!("u{i}");
        if let Err(e) = db.create_table_spec(&t) {
            panic!("table {i}: {e}");
        }
    }
    assert_eq!(
        db.table_names()
            .iter()
            .filter(|n| n.starts_with('u'))
            .count(),
        200
    );
    db.check().unwrap();
}

/// A cache asked for with fewer frames than one change may hold until its step
/// reaches the log is raised to `MIN_CACHE_PAGES`: with 8 (16 could not create a
/// database), a database is created, a table with ten indexes, four thousand
/// rows with long values in transactions of a hundred, and sixty more tables, and
/// the database checks whole after a power cut and recovery.
#[test]
fn a_cache_too_small_for_a_change_is_raised_to_the_minimum() {
    const MANY: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
      "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
                  {"name": "val", "type": "Long"},
                  {"name": "note", "type": "LongText", "cp": 1252}],
      "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
                  {"name": "i1", "key": ["+val"]}, {"name": "i2", "key": ["-val"]},
                  {"name": "i3", "key": ["+val", "+id"]}, {"name": "i4", "key": ["-val", "+id"]},
                  {"name": "i5", "key": ["+val", "-id"]}, {"name": "i6", "key": ["-val", "-id"]},
                  {"name": "i7", "key": ["+note"]}, {"name": "i8", "key": ["-note"]},
                  {"name": "i9", "key": ["+note", "+val"]}]}]}"#;
    let schema = parse_schema(MANY).unwrap();
    let o = InstanceOptions {
        cache_pages: 8,
        ..opts("/d")
    };
    let sim = Arc::new(SimFs::new());
    let fs: Arc<dyn FileSystem> = sim.clone();
    let inst = Instance::with_fs(fs, o.clone()).unwrap();
    let mut db = inst
        .create_database("/d/x.edb", CreateOptions::default())
        .unwrap();
    db.create_table_spec(&schema.tables[0]).unwrap();
    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    for batch in 0..40 {
        s.begin_transaction().unwrap();
        for i in 0..100 {
            let id = (batch * 100 + i) * 7919 % 4000;
            let note = "n".repeat((id as usize * 37) % 9000);
            put(&mut c, id, id % 13, &note)
                .unwrap_or_else(|e| panic!("batch {batch}, row {i}: {e}"));
        }
        s.commit_transaction().unwrap();
    }
    drop((c, s));
    for k in 0..60 {
        let mut t = schema.tables[0].clone();
        t.name = format!("u{k}");
        db.create_table_spec(&t)
            .unwrap_or_else(|e| panic!("table {k}: {e}"));
    }
    db.check().unwrap();
    let (_inst, db) = commit_cut_and_recover(&sim, (inst, db), "t", 5, &o).unwrap();
    db.check().unwrap();
    let t = db.table("t").unwrap();
    assert_eq!(t.records().unwrap().count(), 4000);
    assert_eq!(t.index_entries("i9").unwrap().count(), 4000);
}

/// A table with 120 secondary indexes next to `SCHEMA`'s table.
fn many_indexes() -> ese::record::schema::TableSpec {
    let mut indexes =
        vec![r#"{"name": "primary", "key": ["+id"], "flags": ["Primary"]}"#.to_string()];
    for i in 0..120 {
        let dir = if i % 2 == 0 { "+" } else { "-" };
        indexes.push(format!(r#"{{"name": "i{i}", "key": ["+val", "{dir}id"]}}"#));
    }
    let text = format!(
        r#"{{"page_size": 8192, "tables": [{{"name": "m",
          "columns": [{{"name": "id", "type": "Long", "flags": ["NotNULL"]}},
                      {{"name": "val", "type": "Long"}}],
          "indexes": [{}]}}]}}"#,
        indexes.join(",")
    );
    parse_schema(&text).unwrap().tables.remove(0)
}

/// A table created with more indexes than the cache has frames (121 in 64) is
/// made in several steps, each index's tree and each catalog row a point where
/// the step may end: it is made whole, and survives a power cut. When a log
/// write fails part way (at the 1st, 2nd, 4th, 8th or 16th write of the log
/// after the creation began), recovery after a power cut undoes the steps of it
/// that reached the log: the table is there whole or not at all, and the
/// database checks. Before, such a creation held every page it changed until
/// its end and ran out of frames (`JET_errOutOfBuffers`) past 48 indexes.
#[test]
fn a_table_with_many_indexes_is_made_in_steps_and_undone_whole() {
    use ese_os::{Fault, FaultKind, FaultOp};
    let schema = parse_schema(SCHEMA).unwrap();
    let many = many_indexes();
    let o = opts("/d");
    assert_eq!(o.cache_pages, 64);
    let indexes_of = |db: &Database| db.table("m").ok().map(|t| t.def().indexes.len());
    // After a creation that ended with `r`: the table whole or not there at all
    // (not there if the creation failed), the database whole, the records kept.
    let whole_or_none = |db: &Database, r: &ese::Result<ese::db::TableDef>, case: &str| {
        let got = indexes_of(db);
        assert!(
            got.is_none() || got == Some(121),
            "{case}: {r:?}: {got:?} indexes"
        );
        assert!(
            r.is_ok() || got.is_none(),
            "{case}: a failed creation stayed"
        );
        db.check().unwrap_or_else(|e| panic!("{case}: {r:?}: {e}"));
        assert_eq!(contents(db).len(), 150);
    };
    // Whole.
    {
        let sim = loaded_disk(&schema.tables[0], &o, |_| {});
        let (inst, mut db) = attach(&sim, &o).unwrap();
        db.create_table_spec(&many).unwrap();
        assert_eq!(indexes_of(&db), Some(121));
        db.check().unwrap();
        let (_inst, db) = commit_cut_and_recover(&sim, (inst, db), "t", 1, &o).unwrap();
        assert_eq!(indexes_of(&db), Some(121));
        db.check().unwrap();
    }
    let mut cut = 0;
    for nth in [1, 2, 4, 8, 16] {
        let sim = loaded_disk(&schema.tables[0], &o, |_| {});
        let (inst, mut db) = attach(&sim, &o).unwrap();
        sim.inject(Fault::new(FaultOp::Write, nth, FaultKind::Eio).on_path(".log"));
        let r = db.create_table_spec(&many);
        sim.clear_faults();
        cut += usize::from(r.is_err());
        sim.power_cut_with(nth, TearPolicy::KeepAll);
        std::mem::forget((db, inst));
        let case = format!("log write {nth}");
        let (_inst, db) = attach(&sim, &o).unwrap_or_else(|e| panic!("{case}: {r:?}: {e}"));
        whole_or_none(&db, &r, &case);
    }
    assert!(cut > 0, "no log write failed during a creation");
    // A read failing at each of the creation's reads (it makes about a dozen; the
    // others are of pages it makes): the creation is undone at once, and after a
    // power cut and recovery.
    let mut undone = 0;
    for nth in 1..=14 {
        let sim = loaded_disk(&schema.tables[0], &o, |_| {});
        let (inst, mut db) = attach(&sim, &o).unwrap();
        assert_eq!(contents(&db).len(), 150);
        sim.inject(Fault::new(FaultOp::Read, nth, FaultKind::Eio).on_path("x.edb"));
        let r = db.create_table_spec(&many);
        sim.clear_faults();
        let got = indexes_of(&db);
        if r.is_err() && db.check().is_ok() {
            undone += 1;
            assert_eq!(got, None, "read {nth}: {r:?}");
        }
        let case = format!("read {nth}");
        let (_inst, db) = commit_cut_and_recover(&sim, (inst, db), "t", nth, &o)
            .unwrap_or_else(|e| panic!("{case}: {r:?}: {e}"));
        whole_or_none(&db, &r, &case);
    }
    assert!(undone > 0, "no read failed during a creation");
}

/// The table's shape as the catalog gives it: table names, then each table's
/// columns and indexes.
fn shape(db: &Database) -> Vec<String> {
    let names = user_tables(db);
    let mut out = names.clone();
    for n in names {
        let t = db.table(&n).unwrap();
        let def = t.def();
        let mut cols: Vec<String> = def
            .columns
            .iter()
            .map(|c| format!("{n}.{}", c.name))
            .collect();
        let mut ixs: Vec<String> = def
            .indexes
            .iter()
            .map(|i| format!("{n}#{}", i.name))
            .collect();
        cols.sort();
        ixs.sort();
        out.extend(cols);
        out.extend(ixs);
    }
    out
}

/// A rename, an added or deleted column or a deleted index that fails between
/// the catalog trees (a read of one of their pages fails) is undone at once from
/// the undo information it logs before its first change, and a recovery that
/// meets its pages undoes it too: the table keeps its old shape, whole. Before,
/// these changes logged their undo information only as they ended, so a change
/// that failed part way reached the log without it and stayed half made.
#[test]
fn a_column_index_or_name_change_failing_part_way_is_undone() {
    use ese::format::coltype::ColumnType;
    use ese::record::schema::ColumnSpec;
    use ese_os::{Fault, FaultKind, FaultOp};
    let schema = parse_schema(SCHEMA).unwrap();
    let o = opts("/d");
    let extra = ColumnSpec {
        name: "extra".into(),
        coltype: ColumnType::Long,
        cp: 0,
        max_length: 0,
        flags: 0,
        default: None,
    };
    let mut failed = 0;
    for change in ["rename", "add column", "delete column", "delete index"] {
        for nth in 1..=30 {
            let sim = loaded_disk(&schema.tables[0], &o, |db| {
                db.add_column("t", &extra).unwrap();
            });
            let (inst, mut db) = attach(&sim, &o).unwrap();
            let before = shape(&db);
            // The records read through the small cache push the catalog's pages
            // out: the change reads them again, and the fault meets them.
            assert_eq!(contents(&db).len(), 150);
            sim.inject(Fault::new(FaultOp::Read, nth, FaultKind::Eio).on_path("x.edb"));
            let r = match change {
                "rename" => db.rename_table("t", "renamed"),
                "add column" => {
                    let mut c = extra.clone();
                    c.name = "added".into();
                    db.add_column("t", &c).map(|_| ())
                }
                "delete column" => db.delete_column("t", "extra"),
                _ => db.delete_index("t", "byval"),
            };
            sim.clear_faults();
            failed += usize::from(r.is_err());
            let now = shape(&db);
            let what = format!("{change}, read {nth}: {r:?}");
            if r.is_err() {
                assert_eq!(now, before, "{what}");
            } else {
                assert_ne!(now, before, "{what}");
            }
            db.check().unwrap_or_else(|e| panic!("{what}: {e}"));
            let table = if now.contains(&"t".to_string()) {
                "t"
            } else {
                "renamed"
            };
            let (_inst, db) = commit_cut_and_recover(&sim, (inst, db), table, nth, &o)
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(shape(&db), now, "{what}: after recovery");
            db.check()
                .unwrap_or_else(|e| panic!("{what}: after recovery: {e}"));
        }
    }
    assert!(failed > 0, "no read fault met a change");
    println!("{failed} changes failed part way and were undone");
}

/// The `MSysLocales` counts of indexes over Unicode text, summed.
fn locale_count(db: &Database) -> i64 {
    let prefix: Vec<u8> = "LocaleName="
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let t = db.table("MSysLocales").unwrap();
    let mut n = 0;
    for r in t.records().unwrap() {
        let r = r.unwrap();
        let key = match r.get("Key").unwrap().first() {
            Some(Value::Binary(b)) => b.clone(),
            other => panic!("bad locale key {other:?}"),
        };
        if key.starts_with(&prefix) {
            match r.get("iValue").unwrap().first() {
                Some(Value::Long(v)) => n += i64::from(*v),
                other => panic!("bad locale count {other:?}"),
            }
        }
    }
    n
}

/// A table deletion that fails part way, its rows removed but not yet its
/// index's `MSysLocales` count, is undone with the count right: counted again
/// from the catalog, not added once more to a count that was never lowered.
#[test]
fn a_table_deletion_failing_part_way_keeps_its_locale_count() {
    use ese_os::{Fault, FaultKind, FaultOp};
    const UNICODE: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
      "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
                  {"name": "val", "type": "Long"},
                  {"name": "note", "type": "LongText", "cp": 1252},
                  {"name": "word", "type": "Text", "cp": 1200}],
      "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
                  {"name": "byval", "key": ["+val"]},
                  {"name": "byword", "key": ["+word"]}]}]}"#;
    let schema = parse_schema(UNICODE).unwrap();
    let o = opts("/d");
    let mut failed = 0;
    for nth in 1..=40 {
        let sim = loaded_disk(&schema.tables[0], &o, |_| {});
        let (inst, mut db) = attach(&sim, &o).unwrap();
        assert_eq!(locale_count(&db), 1);
        assert_eq!(contents(&db).len(), 150);
        sim.inject(Fault::new(FaultOp::Read, nth, FaultKind::Eio).on_path("x.edb"));
        let r = db.delete_table("t");
        sim.clear_faults();
        failed += usize::from(r.is_err());
        let want = if r.is_err() { 1 } else { 0 };
        let what = format!("read {nth}: {r:?}");
        assert_eq!(locale_count(&db), want, "{what}");
        db.check().unwrap_or_else(|e| panic!("{what}: {e}"));
        let (_inst, db) = commit_cut_and_recover(&sim, (inst, db), "t", nth, &o)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(locale_count(&db), want, "{what}: after recovery");
        db.check()
            .unwrap_or_else(|e| panic!("{what}: after recovery: {e}"));
    }
    assert!(failed > 0, "no read fault met the deletion");
    println!("{failed} deletions failed part way and were undone");
}

/// A drop of a table that a crash leaves open is undone by recovery, and the
/// table's object id stays taken: a table created afterwards gets another one.
/// (Recovery counted the object ids it found before undoing the drop, so the
/// restored table's id was handed out again, and rolling back or dropping the
/// newcomer took the restored table's catalog rows with it.)
#[test]
fn a_drop_recovery_undoes_keeps_the_object_id_of_the_table_taken() {
    let sim = Arc::new(SimFs::new());
    let fs: Arc<dyn FileSystem> = sim.clone();
    let path = Path::new("/d/x.edb");
    let spec = |name: &str| {
        let mut t = parse_schema(SCHEMA).unwrap().tables[0].clone();
        t.name = name.into();
        t
    };
    let kept_objid;
    {
        let inst = Instance::with_fs(fs.clone(), opts("/d")).unwrap();
        let mut db = inst
            .create_database(path, CreateOptions::default())
            .unwrap();
        db.create_table_spec(&spec("t")).unwrap();
        kept_objid = db.create_table_spec(&spec("k")).unwrap().objid;
        let s = inst.begin_session().unwrap();
        s.begin_transaction().unwrap();
        s.delete_table(&db, "k").unwrap();
        // A durable commit of another session takes the open drop's log records
        // to the disk with it.
        let s2 = inst.begin_session().unwrap();
        let mut c2 = s2.open_table(&db, "t").unwrap();
        s2.begin_transaction().unwrap();
        put(&mut c2, 1, 1, "other").unwrap();
        s2.commit_transaction().unwrap();
        sim.power_cut_with(5, TearPolicy::DropAll);
        std::mem::forget((c2, s, s2, db, inst));
    }
    let inst = Instance::with_fs(fs, opts("/d")).unwrap();
    let (mut db, _) = inst.attach_database(path, false).unwrap();
    assert!(db.table_names().contains(&"k".to_string()));
    assert_eq!(db.table("k").unwrap().def().objid, kept_objid);
    // A newcomer rolled back takes nothing of `k` with it.
    let s = inst.begin_session().unwrap();
    s.begin_transaction().unwrap();
    let rolled = s
        .create_table(&db, spec("n").table_def(8192, "n").unwrap())
        .unwrap();
    assert_ne!(rolled.objid, kept_objid);
    s.rollback().unwrap();
    let newcomer = db.create_table_spec(&spec("m")).unwrap();
    assert_ne!(newcomer.objid, kept_objid);
    db.delete_table("m").unwrap();
    assert!(db.table_names().contains(&"k".to_string()));
    assert_eq!(db.table("k").unwrap().def().objid, kept_objid);
    db.check().unwrap();
    drop(s);
    drop(db);
    inst.term().unwrap();
}

/// Copies the file at `from` to `to` (a new file) and makes the copy durable.
fn copy_file(fs: &dyn FileSystem, sim: &SimFs, from: &Path, to: &Path) {
    let bytes = sim.volatile_image(from).expect("the file to copy");
    let f = fs.open(to, ese_os::OpenOptions::create_new()).unwrap();
    f.write_at(0, &bytes).unwrap();
    f.sync_all().unwrap();
    fs.sync_dir(to.parent().unwrap()).unwrap();
}

/// `JetInit3`'s restore map: the recovery at a start finds a database moved since
/// its logs were written at the map's path, and recovers it there; a database the
/// map does not name is replayed in place only with `replay_unmapped`
/// (`JET_bitReplayMissingMapEntryDB`), else left as it was.
#[test]
fn a_start_with_a_restore_map_recovers_a_moved_database() {
    use ese::restore::RestoreMapEntry;
    use ese::RecoveryMap;
    let (a, b, moved) = ("/d/a.edb", "/d/b.edb", "/moved/a.edb");
    for replay_unmapped in [false, true] {
        let sim = Arc::new(SimFs::new());
        let mut models = Vec::new();
        {
            let fs: Arc<dyn FileSystem> = Arc::new(sim.process());
            let inst = Instance::with_fs(fs, opts("/d")).unwrap();
            let dbs: Vec<Database> = [a, b].iter().map(|path| new_db(&inst, path)).collect();
            let mut held = Vec::new();
            for (k, (path, db)) in [a, b].into_iter().zip(dbs).enumerate() {
                let s: Session = inst.begin_session().unwrap();
                let mut c = s.open_table(&db, "t").unwrap();
                let mut model = BTreeMap::new();
                for id in 0..30 {
                    let val = id * 10 + k as i32;
                    s.begin_transaction().unwrap();
                    put(&mut c, id, val, &format!("{path} {id}")).unwrap();
                    s.commit_transaction().unwrap();
                    model.insert(id, (val, format!("{path} {id}")));
                }
                // A delete never committed: undone by the recovery.
                s.begin_transaction().unwrap();
                remove(&mut c, 7).unwrap();
                models.push(model);
                held.push((c, s, db));
            }
            // What was not synced is lost: the committed rows come back by redo.
            sim.power_cut_with(1, TearPolicy::DropAll);
            std::mem::forget((held, inst));
        }
        let fs: Arc<dyn FileSystem> = Arc::new(sim.process());
        fs.create_dir_all(Path::new("/moved")).unwrap();
        copy_file(fs.as_ref(), &sim, Path::new(a), Path::new(moved));
        fs.remove_file(Path::new(a)).unwrap();
        fs.sync_dir(Path::new("/d")).unwrap();
        let b_before = sim.volatile_image(Path::new(b)).unwrap();
        // Without the map the logs name a file that is gone.
        assert!(Instance::with_fs(fs.clone(), opts("/d")).is_err());
        let mut o = opts("/d");
        o.recovery_map = Some(RecoveryMap {
            entries: vec![RestoreMapEntry {
                database: a.into(),
                new_database: moved.into(),
            }],
            replay_unmapped,
        });
        let inst = Instance::with_fs(fs.clone(), o).unwrap();
        assert!(!fs.exists(Path::new(a)), "nothing written at the old path");
        let (db, _) = inst.attach_database(moved, false).unwrap();
        assert_eq!(
            contents(&db),
            models[0],
            "replay_unmapped {replay_unmapped}"
        );
        db.check().unwrap();
        if replay_unmapped {
            let (db_b, _) = inst.attach_database(b, false).unwrap();
            assert_eq!(contents(&db_b), models[1]);
            db_b.check().unwrap();
        } else {
            assert_eq!(
                sim.volatile_image(Path::new(b)).unwrap(),
                b_before,
                "a database the map does not name is left as it was"
            );
            assert_eq!(
                inst.attach_database(b, false).unwrap_err().code(),
                ErrorCode::DatabaseDirtyShutdown
            );
        }
        drop(db);
        inst.term().unwrap();
    }
}

/// A restore map longer than ESE's 12 entries, or with an empty path, is refused
/// before anything is read.
#[test]
fn a_bad_restore_map_is_an_invalid_parameter() {
    use ese::restore::RestoreMapEntry;
    use ese::RecoveryMap;
    let entry = |i: usize, new: &str| RestoreMapEntry {
        database: format!("/d/{i}.edb"),
        new_database: new.into(),
    };
    for entries in [
        (0..13).map(|i| entry(i, "/m/x.edb")).collect::<Vec<_>>(),
        vec![entry(0, "")],
    ] {
        let sim = Arc::new(SimFs::new());
        let mut o = opts("/d");
        o.recovery_map = Some(RecoveryMap {
            entries,
            replay_unmapped: false,
        });
        let r = Instance::with_fs(Arc::new(sim.process()), o);
        assert_eq!(r.unwrap_err().code(), ErrorCode::InvalidParameter);
    }
}

/// `term_dirty` (`JetTerm2` with `JET_bitTermDirty`): every commit made so far
/// stays (a lazy one included), the database keeps its dirty header on disk,
/// nothing more is written by the dropped handles, and the next start recovers
/// it; the instance refuses work afterwards.
#[test]
fn a_dirty_term_leaves_the_databases_for_recovery() {
    let sim = Arc::new(SimFs::new());
    let path = Path::new("/d/x.edb");
    let fs: Arc<dyn FileSystem> = Arc::new(sim.process());
    let inst = Instance::with_fs(fs.clone(), opts("/d")).unwrap();
    let db = new_db(&inst, path);
    let s: Session = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    for id in 0..10 {
        s.begin_transaction().unwrap();
        put(&mut c, id, id, "kept").unwrap();
        s.commit_transaction_with(if id == 9 {
            ese::CommitMode::Lazy
        } else {
            ese::CommitMode::Durable
        })
        .unwrap();
    }
    inst.term_dirty().unwrap();
    s.begin_transaction().unwrap();
    let later = put(&mut c, 50, 50, "after").and_then(|()| s.commit_transaction().map(|_| ()));
    assert!(later.is_err(), "the instance takes no more changes");
    let _ = s.rollback();
    drop((c, s, db, inst));
    let header = ese::Database::open_with(
        fs.as_ref(),
        path,
        &ese::db::OpenOptions {
            read_catalog: false,
            ..ese::db::OpenOptions::default()
        },
    )
    .unwrap()
    .header()
    .state;
    assert_eq!(header, ese::format::header::DbState::DirtyShutdown);
    // The same start that follows a crash.
    let inst = Instance::with_fs(fs, opts("/d")).unwrap();
    let (db, _) = inst.attach_database(path, false).unwrap();
    assert_eq!(contents(&db).len(), 10);
    db.check().unwrap();
    drop(db);
    inst.term().unwrap();
}

/// The length of `path` on `fs`.
fn file_len(fs: &Arc<dyn FileSystem>, path: &str) -> u64 {
    use ese_os::OpenOptions;
    fs.open(Path::new(path), OpenOptions::read_only())
        .unwrap()
        .len()
        .unwrap()
}

/// Each growth of a database file is logged (`ExtendDb`, in the step that grew
/// it), and a recovery after a power cut leaves the file at least as long as
/// the growths it read, with every committed row there.
#[test]
fn growths_of_the_file_are_logged_and_redo_keeps_them() {
    use ese::format::log::LogRecord;
    let sim = Arc::new(SimFs::new());
    let fs: Arc<dyn FileSystem> = sim.clone();
    // No checkpoint and no eviction before the power cut: nothing syncs the
    // file, so the cut takes its growths back.
    let o = InstanceOptions {
        checkpoint_depth: Some(64 << 20),
        cache_pages: 4096,
        ..opts("/d")
    };
    let inst = Instance::with_fs(fs.clone(), o.clone()).unwrap();
    let db = new_db(&inst, "/d/x.edb");
    let first_len = file_len(&fs, "/d/x.edb");
    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    let note = "n".repeat(900);
    for batch in 0..20 {
        s.begin_transaction().unwrap();
        for id in batch * 200..(batch + 1) * 200 {
            put(&mut c, id, id, &note).unwrap();
        }
        s.commit_transaction().unwrap();
    }
    let grown_len = file_len(&fs, "/d/x.edb");
    assert!(grown_len > first_len, "{grown_len} > {first_len}");
    sim.power_cut_with(11, TearPolicy::DropAll);
    std::mem::forget((c, s, db, inst));
    let growths: Vec<u32> = log_records(&fs)
        .iter()
        .filter_map(|r| match r {
            LogRecord::ExtendDb { last_pgno, .. } => Some(*last_pgno),
            _ => None,
        })
        .collect();
    assert!(growths.len() >= 2, "the creation and a growth: {growths:?}");
    assert!(growths.windows(2).all(|w| w[0] < w[1]), "{growths:?}");
    let last = *growths.last().unwrap();
    let whole = (u64::from(last) + 2) * 8192;
    assert!(
        file_len(&fs, "/d/x.edb") < whole,
        "the cut took the growths back"
    );
    let inst = Instance::with_fs(fs.clone(), o.clone()).unwrap();
    assert!(
        file_len(&fs, "/d/x.edb") >= whole,
        "redo makes the growths whole"
    );
    let (db, _) = inst.attach_database("/d/x.edb", false).unwrap();
    assert_eq!(contents(&db).len(), 4000);
    db.check().unwrap();
    // The pages of the last growth not yet used are the space tree's: rows
    // written there log no growth, and the recovery after the next cut (from
    // the checkpoint the first recovery wrote) writes them in the file.
    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    s.begin_transaction().unwrap();
    for id in 4000..4100 {
        put(&mut c, id, id, &note).unwrap();
    }
    s.commit_transaction().unwrap();
    sim.power_cut_with(12, TearPolicy::DropAll);
    std::mem::forget((c, s, db, inst));
    let inst = Instance::with_fs(fs.clone(), o).unwrap();
    let (db, _) = inst.attach_database("/d/x.edb", false).unwrap();
    assert_eq!(contents(&db).len(), 4100);
    db.check().unwrap();
    drop(db);
    inst.term().unwrap();
}

/// A logged change naming a page past the database file and past every growth
/// the log holds is a damaged log (`JET_errLogCorrupted`): redo writes nothing
/// there, and the file keeps its length.
#[test]
fn a_logged_change_past_the_file_and_its_growths_is_a_damaged_log() {
    use ese::format::log::LogRecord;
    let (sim, inst, db, s) = with_committed_rows();
    sim.power_cut_with(3, TearPolicy::KeepAll);
    std::mem::forget((s, db, inst));
    let fs: Arc<dyn FileSystem> = sim.clone();
    let dbid = attached_dbid(&fs);
    let len = file_len(&fs, "/d/x.edb");
    let pgno = 3_000_000;
    append_to_log(&fs, &[set_links(dbid, pgno, 0), LogRecord::StepEnd]);
    let e = Instance::with_fs(fs.clone(), opts("/d")).unwrap_err();
    assert_eq!(e.code(), ErrorCode::LogCorrupted, "{e}");
    assert!(e.to_string().contains(&format!("page {pgno}")), "{e}");
    assert_eq!(file_len(&fs, "/d/x.edb"), len);
}

/// A database grown on request (`JetResizeDatabase`) between committed transactions,
/// then a power cut: after recovery the growth is there when a commit after it was
/// durable, the committed rows are, and the integrity check passes.
#[test]
fn a_growth_on_request_survives_power_cuts() {
    let policies = [
        TearPolicy::Default,
        TearPolicy::AtomicSector,
        TearPolicy::KeepAll,
        TearPolicy::DropAll,
        TearPolicy::SequentialPrefix,
    ];
    for seed in 1..=15u64 {
        let policy = policies[seed as usize % policies.len()];
        let sim = Arc::new(SimFs::new());
        let fs: Arc<dyn FileSystem> = Arc::new(sim.process());
        let path = Path::new("/d/g.edb");
        let mut rng = Rng(seed);
        let mut model: BTreeMap<i32, (i32, String)> = BTreeMap::new();
        let target;
        {
            let inst = Instance::with_fs(fs.clone(), opts("/d")).unwrap();
            let db = new_db(&inst, path);
            let s: Session = inst.begin_session().unwrap();
            let mut c = s.open_table(&db, "t").unwrap();
            let grow_at = rng.below(6);
            let mut grown = 0;
            for n in 0..8 {
                if n == grow_at {
                    let owned = db.owned_pages().unwrap();
                    grown = owned + 1 + rng.below(3000) as u32;
                    let got = db.grow_to(grown).unwrap();
                    assert!(got >= grown, "seed {seed}: grew to {got} of {grown}");
                }
                s.begin_transaction().unwrap();
                for _ in 0..1 + rng.below(6) {
                    let id = rng.below(100) as i32;
                    let val = rng.below(1000) as i32;
                    let note = note_for(seed, id, val);
                    put(&mut c, id, val, &note).unwrap();
                    model.insert(id, (val, note));
                }
                s.commit_transaction().unwrap();
            }
            target = grown;
            sim.power_cut_with(seed, policy);
            std::mem::forget((c, s, db, inst));
        }
        let fs: Arc<dyn FileSystem> = Arc::new(sim.process());
        let inst = Instance::with_fs(fs, opts("/d"))
            .unwrap_or_else(|e| panic!("seed {seed}: recovery: {e}"));
        let (db, _) = inst.attach_database(path, false).unwrap();
        assert_eq!(contents(&db), model, "seed {seed} {policy:?}");
        let owned = db.owned_pages().unwrap();
        assert!(
            owned >= target,
            "seed {seed}: {owned} pages owned, grown to {target}"
        );
        db.check()
            .unwrap_or_else(|e| panic!("seed {seed}: check after recovery: {e}"));
        inst.term().unwrap();
    }
}
