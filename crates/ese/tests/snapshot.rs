//! OS snapshot backup in the engine (`docs/design/snapshot.md`): ManagedEsent's
//! call sequences, every illegal transition, the overlap with streaming
//! backup, the time-out, and a copy taken while frozen that soft recovery
//! brings back with every commit acknowledged before the freeze.

use ese::backup::{grbit as bk, AlignedBuffer};
use ese::format::coltype::Value;
use ese::record::schema::parse_schema;
use ese::record::Row;
use ese::snapshot::{grbit, SnapshotRegistry};
use ese::{CreateOptions, Database, ErrorCode, Instance, InstanceOptions};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "note", "type": "LongText", "cp": 1252}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]}]}]}"#;

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ese-snapshot-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn opts(d: &Path) -> InstanceOptions {
    InstanceOptions {
        log_file_size: 128 * 1024,
        cache_pages: 256,
        ..InstanceOptions::in_dir(d)
    }
}

fn insert(db: &Database, from: i32, n: i32) {
    for id in from..from + n {
        let mut row = Row::new();
        row.set_value(1, Value::Long(id));
        row.set_value(256, Value::Text(format!("note {id} ").repeat(20)));
        db.insert("t", &row).unwrap();
    }
}

fn setup(name: &str, n: i32) -> (PathBuf, Instance, Database) {
    let d = dir(name);
    let inst = Instance::new(opts(&d)).unwrap();
    let mut db = inst
        .create_database(d.join("db.edb"), CreateOptions::default())
        .unwrap();
    db.create_table_spec(&parse_schema(SCHEMA).unwrap().tables[0])
        .unwrap();
    insert(&db, 0, n);
    (d, inst, db)
}

fn code<T: std::fmt::Debug>(r: ese::Result<T>) -> ErrorCode {
    r.expect_err("the call should fail").code()
}

fn ids(db: &Database) -> BTreeSet<i32> {
    db.check().expect("the database checks");
    db.table("t")
        .unwrap()
        .records()
        .unwrap()
        .map(|r| match r.unwrap().get("id").unwrap().first() {
            Some(Value::Long(v)) => *v,
            other => panic!("bad id {other:?}"),
        })
        .collect()
}

/// ManagedEsent's checks of the freeze info: one instance, one database, its
/// full path.
fn check_info(info: &[ese::snapshot::FreezeInfo], inst: &Instance, d: &Path) {
    assert_eq!(info.len(), 1);
    assert!(info[0].instance.is_same(inst));
    assert_eq!(info[0].databases.len(), 1);
    assert_eq!(
        info[0].databases[0],
        std::path::absolute(d.join("db.edb")).unwrap()
    );
    assert!(info[0].databases[0].is_absolute());
}

fn done(inst: Instance, d: PathBuf) {
    inst.term().unwrap();
    let _ = std::fs::remove_dir_all(d);
}

#[test]
fn snapshot_backup_prepare_freeze_thaw_end() {
    let (d, inst, db) = setup("basic", 50);
    let reg = SnapshotRegistry::new();
    // Vista and later: ContinueAfterThaw, then an explicit end.
    let id = reg
        .os_snapshot_prepare(grbit::CONTINUE_AFTER_THAW, std::slice::from_ref(&inst))
        .unwrap();
    assert_eq!(id, 1);
    let info = reg.os_snapshot_freeze(id, 0).unwrap();
    check_info(&info, &inst, &d);
    reg.os_snapshot_thaw(id, 0).unwrap();
    reg.os_snapshot_end(id, 0).unwrap();
    assert_eq!(
        code(reg.os_snapshot_end(id, 0)),
        ErrorCode::OSSnapshotInvalidSnapId
    );
    ids(&db);
    // A normal end of a full snapshot that is not a copy stamps the full slot,
    // type OS snapshot.
    let h = db.current_header();
    assert_eq!(h.backup_type_full_prev, 1);
    assert!(h.backup_full_prev.gen_low > 0);
    assert!(h.backup_full_prev.gen_high >= h.backup_full_prev.gen_low);
    // Without ContinueAfterThaw the thaw ends the session.
    let id = reg
        .os_snapshot_prepare(0, std::slice::from_ref(&inst))
        .unwrap();
    assert_eq!(id, 2);
    check_info(&reg.os_snapshot_freeze(id, 0).unwrap(), &inst, &d);
    reg.os_snapshot_thaw(id, 0).unwrap();
    assert_eq!(
        code(reg.os_snapshot_end(id, 0)),
        ErrorCode::OSSnapshotInvalidSnapId
    );
    assert!(db.current_header().backup_full_prev.lgpos_mark >= h.backup_full_prev.lgpos_mark);
    insert(&db, 1000, 10);
    assert_eq!(ids(&db).len(), 60);
    done(inst, d);
}

#[test]
fn server2003_copy_snapshot_aborted_during_freeze_ends_normally() {
    let (d, inst, db) = setup("copy", 30);
    let reg = SnapshotRegistry::new();
    let id = reg
        .os_snapshot_prepare(grbit::COPY_SNAPSHOT, std::slice::from_ref(&inst))
        .unwrap();
    check_info(&reg.os_snapshot_freeze(id, 0).unwrap(), &inst, &d);
    reg.os_snapshot_abort(id, 0).unwrap();
    assert_eq!(
        code(reg.os_snapshot_abort(id, 0)),
        ErrorCode::OSSnapshotInvalidSnapId
    );
    // The thaw inside the abort ended the session normally: a copy snapshot
    // stamps the copy slot.
    let h = db.current_header();
    assert_eq!(h.backup_type_copy_prev, 1);
    assert!(h.backup_copy_prev.gen_low > 0);
    assert_eq!(h.backup_full_prev.gen_low, 0);
    ids(&db);
    // With ContinueAfterThaw an abort during the freeze stamps nothing.
    let id = reg
        .os_snapshot_prepare(grbit::CONTINUE_AFTER_THAW, std::slice::from_ref(&inst))
        .unwrap();
    reg.os_snapshot_freeze(id, 0).unwrap();
    reg.os_snapshot_abort(id, 0).unwrap();
    assert_eq!(db.current_header().backup_full_prev.gen_low, 0);
    inst.begin_backup(0).unwrap();
    inst.end_backup(bk::END_ABORT).unwrap();
    done(inst, d);
}

#[test]
fn vista_continue_after_thaw_truncates_the_logs() {
    let (d, inst, db) = setup("vista", 100);
    for round in 0..3 {
        insert(&db, 1000 * (round + 1), 100);
        // A generation per round, however little the round logged.
        inst.force_new_log().unwrap();
        inst.checkpoint().unwrap();
    }
    let before = ese::log::list_generations(&ese_os::StdFs, &d, "edb").unwrap();
    assert!(before.len() >= 2, "the test needs several logs: {before:?}");
    let reg = SnapshotRegistry::new();
    let id = reg
        .os_snapshot_prepare(grbit::CONTINUE_AFTER_THAW, std::slice::from_ref(&inst))
        .unwrap();
    check_info(&reg.os_snapshot_freeze(id, 0).unwrap(), &inst, &d);
    let cp = ese::log::Checkpoint::read(&ese_os::StdFs, &d, "edb").unwrap();
    check_info(&reg.os_snapshot_get_freeze_info(id, 0).unwrap(), &inst, &d);
    reg.os_snapshot_thaw(id, 0).unwrap();
    check_info(&reg.os_snapshot_get_freeze_info(id, 0).unwrap(), &inst, &d);
    reg.os_snapshot_truncate_log(id, grbit::ALL_DATABASES_SNAPSHOT)
        .unwrap();
    let after = ese::log::list_generations(&ese_os::StdFs, &d, "edb").unwrap();
    assert_eq!(
        after.first().copied(),
        Some(cp.lgpos.generation),
        "{before:?} → {after:?}"
    );
    // Repeated: nothing more goes.
    reg.os_snapshot_truncate_log(id, grbit::ALL_DATABASES_SNAPSHOT)
        .unwrap();
    assert_eq!(
        ese::log::list_generations(&ese_os::StdFs, &d, "edb").unwrap(),
        after
    );
    reg.os_snapshot_end(id, 0).unwrap();
    let full = db.current_header();
    assert_eq!(full.backup_type_full_prev, 1);
    assert_eq!(full.backup_full_prev.gen_low, cp.lgpos.generation);
    ids(&db);
    // A streaming incremental backup needs a normal full one, not a snapshot.
    assert_eq!(
        code(inst.begin_backup(bk::INCREMENTAL)),
        ErrorCode::MissingFullBackup
    );
    // An incremental snapshot now has its base; it stamps the incremental slot.
    insert(&db, 9000, 50);
    let id = reg
        .os_snapshot_prepare(
            grbit::INCREMENTAL_SNAPSHOT | grbit::CONTINUE_AFTER_THAW,
            std::slice::from_ref(&inst),
        )
        .unwrap();
    reg.os_snapshot_freeze(id, 0).unwrap();
    reg.os_snapshot_thaw(id, 0).unwrap();
    reg.os_snapshot_truncate_log(id, grbit::ALL_DATABASES_SNAPSHOT)
        .unwrap();
    reg.os_snapshot_end(id, 0).unwrap();
    let h = db.current_header();
    assert_eq!(h.backup_type_incremental_prev, 1);
    assert_eq!(h.backup_incremental_prev.gen_low, after[0]);
    assert!(h.backup_incremental_prev.gen_high > full.backup_full_prev.gen_high);
    assert_eq!(h.backup_full_prev, full.backup_full_prev);
    done(inst, d);
}

#[test]
fn win7_explicit_prepare_and_instance_calls() {
    let (d, inst, db) = setup("win7", 40);
    let (d2, other, db2) = setup("win7-other", 5);
    let reg = SnapshotRegistry::new();
    let id = reg
        .os_snapshot_prepare(
            grbit::CONTINUE_AFTER_THAW | grbit::EXPLICIT_PREPARE,
            &[inst.clone(), other.clone()],
        )
        .unwrap();
    // Explicit: nobody joined yet.
    assert!(reg.os_snapshot_get_freeze_info(id, 0).unwrap().is_empty());
    reg.os_snapshot_prepare_instance(id, &inst, 0).unwrap();
    assert_eq!(
        code(reg.os_snapshot_prepare_instance(id, &inst, 0)),
        ErrorCode::OSSnapshotNotAllowed
    );
    assert_eq!(
        code(reg.os_snapshot_prepare_instance(id, &inst, 1)),
        ErrorCode::InvalidGrbit
    );
    check_info(&reg.os_snapshot_freeze(id, 0).unwrap(), &inst, &d);
    check_info(&reg.os_snapshot_get_freeze_info(id, 0).unwrap(), &inst, &d);
    // The other instance is not frozen.
    insert(&db2, 100, 5);
    reg.os_snapshot_thaw(id, 0).unwrap();
    assert_eq!(
        code(reg.os_snapshot_truncate_log_instance(id, &other, grbit::ALL_DATABASES_SNAPSHOT)),
        ErrorCode::Nyi
    );
    assert_eq!(ErrorCode::Nyi as i32, -1);
    reg.os_snapshot_truncate_log_instance(id, &inst, grbit::ALL_DATABASES_SNAPSHOT)
        .unwrap();
    reg.os_snapshot_end(id, 0).unwrap();
    ids(&db);
    // The instance left the session: it may join another one.
    let id = reg
        .os_snapshot_prepare(grbit::EXPLICIT_PREPARE, &[])
        .unwrap();
    reg.os_snapshot_prepare_instance(id, &inst, 0).unwrap();
    // Without ExplicitPrepare every instance joined already.
    let id2 = reg
        .os_snapshot_prepare(0, std::slice::from_ref(&other))
        .unwrap();
    assert_eq!(
        code(reg.os_snapshot_prepare_instance(id2, &other, 0)),
        ErrorCode::OSSnapshotNotAllowed
    );
    assert_eq!(
        code(reg.os_snapshot_prepare_instance(id2, &inst, 0)),
        ErrorCode::OSSnapshotNotAllowed
    );
    reg.os_snapshot_end(id, 0).unwrap();
    reg.os_snapshot_end(id2, grbit::ABORT_SNAPSHOT).unwrap();
    done(other, d2);
    done(inst, d);
}

#[test]
fn illegal_transitions_unknown_ids_and_grbits() {
    let (d, inst, _db) = setup("seq", 10);
    let reg = SnapshotRegistry::new();
    let seq = ErrorCode::OSSnapshotInvalidSequence;
    // Grbits.
    assert_eq!(
        code(reg.os_snapshot_prepare(0x10, &[])),
        ErrorCode::InvalidGrbit
    );
    // Unknown ids, every call.
    let bad = 4242;
    let unknown = ErrorCode::OSSnapshotInvalidSnapId;
    assert_eq!(
        code(reg.os_snapshot_prepare_instance(bad, &inst, 0)),
        unknown
    );
    assert_eq!(code(reg.os_snapshot_freeze(bad, 0)), unknown);
    assert_eq!(code(reg.os_snapshot_get_freeze_info(bad, 0)), unknown);
    assert_eq!(code(reg.os_snapshot_thaw(bad, 0)), unknown);
    assert_eq!(code(reg.os_snapshot_truncate_log(bad, 0)), unknown);
    assert_eq!(
        code(reg.os_snapshot_truncate_log_instance(bad, &inst, 0)),
        unknown
    );
    assert_eq!(code(reg.os_snapshot_end(bad, 0)), unknown);
    assert_eq!(code(reg.os_snapshot_abort(bad, 0)), unknown);

    let cont = grbit::CONTINUE_AFTER_THAW;
    // An incremental snapshot needs a full OS snapshot first.
    let id = reg
        .os_snapshot_prepare(
            cont | grbit::INCREMENTAL_SNAPSHOT,
            std::slice::from_ref(&inst),
        )
        .unwrap();
    assert_eq!(
        code(reg.os_snapshot_freeze(id, 0)),
        ErrorCode::MissingFullBackup
    );
    // The failed freeze left the session prepared and the instance free.
    inst.begin_backup(0).unwrap();
    inst.end_backup(bk::END_ABORT).unwrap();
    reg.os_snapshot_end(id, 0).unwrap();
    let id = reg
        .os_snapshot_prepare(cont, std::slice::from_ref(&inst))
        .unwrap();
    for b in [1u32, 2] {
        assert_eq!(code(reg.os_snapshot_freeze(id, b)), ErrorCode::InvalidGrbit);
        assert_eq!(code(reg.os_snapshot_thaw(id, b)), ErrorCode::InvalidGrbit);
        assert_eq!(code(reg.os_snapshot_abort(id, b)), ErrorCode::InvalidGrbit);
        assert_eq!(
            code(reg.os_snapshot_get_freeze_info(id, b)),
            ErrorCode::InvalidGrbit
        );
    }
    assert_eq!(code(reg.os_snapshot_end(id, 2)), ErrorCode::InvalidGrbit);
    assert_eq!(
        code(reg.os_snapshot_truncate_log(id, 2)),
        ErrorCode::InvalidGrbit
    );
    // Prepare: no thaw, no truncation.
    assert_eq!(code(reg.os_snapshot_thaw(id, 0)), seq);
    assert_eq!(code(reg.os_snapshot_truncate_log(id, 0)), seq);
    assert_eq!(
        code(reg.os_snapshot_truncate_log_instance(id, &inst, 0)),
        seq
    );
    reg.os_snapshot_freeze(id, 0).unwrap();
    // Freeze: no second freeze, no join, no truncation, no normal end.
    assert_eq!(code(reg.os_snapshot_freeze(id, 0)), seq);
    assert_eq!(code(reg.os_snapshot_prepare_instance(id, &inst, 0)), seq);
    assert_eq!(code(reg.os_snapshot_truncate_log(id, 0)), seq);
    assert_eq!(code(reg.os_snapshot_end(id, 0)), seq);
    reg.os_snapshot_get_freeze_info(id, 0).unwrap();
    reg.os_snapshot_thaw(id, 0).unwrap();
    // Thawed: no second thaw, no freeze, no join.
    assert_eq!(code(reg.os_snapshot_thaw(id, 0)), seq);
    assert_eq!(code(reg.os_snapshot_freeze(id, 0)), seq);
    assert_eq!(code(reg.os_snapshot_prepare_instance(id, &inst, 0)), seq);
    reg.os_snapshot_truncate_log(id, 0).unwrap();
    // Log truncated: again, then the same refusals.
    reg.os_snapshot_truncate_log(id, 0).unwrap();
    assert_eq!(code(reg.os_snapshot_thaw(id, 0)), seq);
    assert_eq!(code(reg.os_snapshot_freeze(id, 0)), seq);
    reg.os_snapshot_end(id, 0).unwrap();
    // Ended: the id is gone.
    assert_eq!(code(reg.os_snapshot_get_freeze_info(id, 0)), unknown);
    assert_eq!(code(reg.os_snapshot_thaw(id, 0)), unknown);

    // Prepare → End is legal, and so is an abort from the prepare phase.
    let id = reg
        .os_snapshot_prepare(cont, std::slice::from_ref(&inst))
        .unwrap();
    reg.os_snapshot_end(id, 0).unwrap();
    let id = reg
        .os_snapshot_prepare(cont, std::slice::from_ref(&inst))
        .unwrap();
    reg.os_snapshot_abort(id, 0).unwrap();
    // Truncation of a copy snapshot is out of sequence.
    let id = reg
        .os_snapshot_prepare(cont | grbit::COPY_SNAPSHOT, std::slice::from_ref(&inst))
        .unwrap();
    reg.os_snapshot_freeze(id, 0).unwrap();
    reg.os_snapshot_thaw(id, 0).unwrap();
    assert_eq!(
        code(reg.os_snapshot_truncate_log(id, grbit::ALL_DATABASES_SNAPSHOT)),
        seq
    );
    assert_eq!(
        code(reg.os_snapshot_truncate_log_instance(id, &inst, grbit::ALL_DATABASES_SNAPSHOT)),
        seq
    );
    reg.os_snapshot_end(id, 0).unwrap();
    done(inst, d);
}

#[test]
fn streaming_backup_and_snapshot_exclude_each_other() {
    let (d, inst, db) = setup("overlap", 20);
    let reg = SnapshotRegistry::new();
    let cont = grbit::CONTINUE_AFTER_THAW;
    // A streaming backup runs: the freeze is not allowed, the session stays.
    inst.begin_backup(0).unwrap();
    let id = reg
        .os_snapshot_prepare(cont, std::slice::from_ref(&inst))
        .unwrap();
    assert_eq!(
        code(reg.os_snapshot_freeze(id, 0)),
        ErrorCode::OSSnapshotNotAllowed
    );
    assert_eq!(
        code(
            reg.os_snapshot_prepare_instance(
                reg.os_snapshot_prepare(grbit::EXPLICIT_PREPARE, &[])
                    .unwrap(),
                &inst,
                0
            )
        ),
        ErrorCode::OSSnapshotNotAllowed
    );
    inst.end_backup(bk::END_ABORT).unwrap();
    reg.os_snapshot_freeze(id, 0).unwrap();
    // Frozen, then thawed but not ended: every streaming call, attach and
    // detach get JET_errBackupInProgress.
    for thawed in [false, true] {
        if thawed {
            reg.os_snapshot_thaw(id, 0).unwrap();
        }
        let busy = ErrorCode::BackupInProgress;
        assert_eq!(code(inst.begin_backup(0)), busy);
        assert_eq!(code(inst.begin_backup(bk::INCREMENTAL)), busy);
        assert_eq!(code(inst.backup_attach_info()), busy);
        assert_eq!(code(inst.backup_open_file("x", 0)), busy);
        let mut buf = AlignedBuffer::new(3 * 8192);
        assert_eq!(code(inst.backup_read_file(0, &mut buf)), busy);
        assert_eq!(code(inst.backup_close_file(0)), busy);
        assert_eq!(code(inst.backup_log_info()), busy);
        assert_eq!(code(inst.backup_truncate_log_info()), busy);
        assert_eq!(code(inst.backup_truncate_log()), busy);
        assert_eq!(code(inst.end_backup(bk::END_NORMAL)), busy);
        assert_eq!(code(inst.end_backup(bk::END_ABORT)), busy);
        assert_eq!(code(inst.detach_database(d.join("db.edb"))), busy);
        assert_eq!(
            code(inst.create_database(d.join("other.edb"), CreateOptions::default())),
            busy
        );
        // A stop request is harmless.
        inst.stop_backup();
    }
    reg.os_snapshot_end(id, 0).unwrap();
    // Ended: streaming backups work again.
    inst.begin_backup(0).unwrap();
    inst.backup_attach_info().unwrap();
    inst.end_backup(bk::END_ABORT).unwrap();
    ids(&db);
    done(inst, d);
}

#[test]
fn a_freeze_past_its_time_out_lets_go_and_thaw_fails() {
    let (d, inst, db) = setup("timeout", 20);
    let reg = SnapshotRegistry::new();
    reg.set_timeout(Duration::from_millis(200));
    assert_eq!(reg.timeout(), Duration::from_millis(200));
    // ContinueAfterThaw: after the failed thaw only an abort ends it.
    let id = reg
        .os_snapshot_prepare(grbit::CONTINUE_AFTER_THAW, std::slice::from_ref(&inst))
        .unwrap();
    reg.os_snapshot_freeze(id, 0).unwrap();
    // A writer blocked by the freeze goes on once the time-out lets go.
    let started = Instant::now();
    insert(&db, 100, 1);
    assert!(started.elapsed() >= Duration::from_millis(100));
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(
        code(reg.os_snapshot_thaw(id, 0)),
        ErrorCode::OSSnapshotTimeOut
    );
    reg.os_snapshot_get_freeze_info(id, 0).unwrap();
    assert_eq!(
        code(reg.os_snapshot_thaw(id, 0)),
        ErrorCode::OSSnapshotTimeOut
    );
    assert_eq!(
        code(reg.os_snapshot_truncate_log(id, 0)),
        ErrorCode::OSSnapshotInvalidSequence
    );
    assert_eq!(
        code(reg.os_snapshot_end(id, 0)),
        ErrorCode::OSSnapshotInvalidSequence
    );
    // The backup flags went with the time-out.
    inst.begin_backup(0).unwrap();
    inst.end_backup(bk::END_ABORT).unwrap();
    reg.os_snapshot_end(id, grbit::ABORT_SNAPSHOT).unwrap();
    assert_eq!(db.current_header().backup_full_prev.gen_low, 0);
    // Without ContinueAfterThaw the failed thaw ends the session.
    let id = reg
        .os_snapshot_prepare(0, std::slice::from_ref(&inst))
        .unwrap();
    reg.os_snapshot_freeze(id, 0).unwrap();
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(
        code(reg.os_snapshot_thaw(id, 0)),
        ErrorCode::OSSnapshotTimeOut
    );
    assert_eq!(
        code(reg.os_snapshot_abort(id, 0)),
        ErrorCode::OSSnapshotInvalidSnapId
    );
    assert_eq!(db.current_header().backup_full_prev.gen_low, 0);
    insert(&db, 200, 5);
    assert_eq!(ids(&db).len(), 26);
    done(inst, d);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn file_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn files_copied_while_frozen_recover_every_acknowledged_commit() {
    let (d, inst, db) = setup("consistent", 200);
    let acked = Arc::new(Mutex::new(Vec::<i32>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (db, acked, stop) = (db.clone(), acked.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut id = 100_000;
            while !stop.load(Ordering::SeqCst) {
                insert(&db, id, 1);
                acked.lock().unwrap().push(id);
                id += 1;
            }
        })
    };
    let wait_for = |n: usize| {
        let deadline = Instant::now() + Duration::from_secs(30);
        while acked.lock().unwrap().len() < n {
            assert!(Instant::now() < deadline, "the writer made no progress");
            std::thread::sleep(Duration::from_millis(5));
        }
    };
    wait_for(300);
    // Checkpoints and log rolls meanwhile, so the copy needs several logs.
    inst.checkpoint().unwrap();
    wait_for(600);
    let reg = SnapshotRegistry::new();
    let id = reg
        .os_snapshot_prepare(grbit::CONTINUE_AFTER_THAW, std::slice::from_ref(&inst))
        .unwrap();
    let info = reg.os_snapshot_freeze(id, 0).unwrap();
    let before: BTreeSet<i32> = acked.lock().unwrap().iter().copied().collect();
    let files = file_bytes(&d);
    let copy = dir("consistent-copy");
    copy_dir(&d, &copy);
    std::thread::sleep(Duration::from_millis(300));
    // Nothing moved on disk and no commit was acknowledged while frozen (the
    // commit in flight at the freeze may have been counted since).
    assert!(file_bytes(&d) == files, "the files changed while frozen");
    let frozen_count = acked.lock().unwrap().len();
    assert!(frozen_count <= before.len() + 1);
    reg.os_snapshot_thaw(id, 0).unwrap();
    wait_for(frozen_count + 50);
    reg.os_snapshot_end(id, 0).unwrap();
    stop.store(true, Ordering::SeqCst);
    writer.join().unwrap();
    let all: BTreeSet<i32> = acked.lock().unwrap().iter().copied().collect();
    assert_eq!(info[0].databases.len(), 1);
    drop(db);
    inst.term().unwrap();
    drop(inst);
    // Put the copy where the files were and start an instance on it: soft
    // recovery replays the copied logs.
    let live = dir("consistent-live");
    std::fs::remove_dir_all(&live).unwrap();
    std::fs::rename(&d, &live).unwrap();
    std::fs::rename(&copy, &d).unwrap();
    let inst = Instance::new(opts(&d)).unwrap();
    let (db, _) = inst.attach_database(d.join("db.edb"), false).unwrap();
    let got = ids(&db);
    for i in 0..200 {
        assert!(got.contains(&i), "initial record {i} is missing");
    }
    let missing: Vec<_> = before.difference(&got).collect();
    assert!(
        missing.is_empty(),
        "acknowledged before the freeze but lost: {missing:?}"
    );
    let extra: Vec<_> = got
        .iter()
        .filter(|i| **i >= 200 && !all.contains(i))
        .collect();
    assert!(extra.is_empty(), "never committed: {extra:?}");
    // The restored database takes changes.
    insert(&db, 50_000, 10);
    ids(&db);
    done(inst, d);
    let _ = std::fs::remove_dir_all(live);
}
