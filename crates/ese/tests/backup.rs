//! Streaming backup in the engine: the database stream's layout (headers, pages,
//! trailer), the read-size rules, the log list and its roll, truncation, header
//! stamping, the stop request, and the errors of each call in each state
//! (`docs/design/backup.md`).

use ese::backup::{grbit, AlignedBuffer, BackupOutcome};
use ese::format::coltype::Value;
use ese::format::header::DbHeader;
use ese::format::patch::PatchPage;
use ese::record::schema::parse_schema;
use ese::record::Row;
use ese::{CreateOptions, Database, ErrorCode, Instance, InstanceOptions};
use std::path::{Path, PathBuf};

const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "note", "type": "LongText", "cp": 1252}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]}]}]}"#;

const PS: usize = 8192;

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ese-backup-{}-{name}", std::process::id()));
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

/// An instance in its own folder with database `db.edb` holding `n` records.
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

/// Reads the open file to its end in chunks of `chunk` bytes.
fn read_all(inst: &Instance, chunk: usize) -> Vec<u8> {
    let mut buf = AlignedBuffer::new(chunk);
    let mut out = Vec::new();
    loop {
        let n = inst.backup_read_file(0, &mut buf).unwrap();
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
    }
    out
}

/// A whole full backup: databases, logs, truncation, end. Returns the database
/// stream and the log files' bytes by name.
fn full_backup(inst: &Instance, truncate: bool) -> (Vec<u8>, Vec<(String, Vec<u8>)>) {
    inst.begin_backup(0).unwrap();
    let names = inst.backup_attach_info().unwrap();
    assert_eq!(names.len(), 1);
    let f = inst.backup_open_file(&names[0], 0).unwrap();
    let stream = read_all(inst, 64 * 1024);
    assert_eq!(stream.len() as u64, f.size);
    inst.backup_close_file(0).unwrap();
    let list = inst.backup_log_info().unwrap();
    let mut logs = Vec::new();
    for p in &list.names {
        inst.backup_open_file(&p.to_string_lossy(), 0).unwrap();
        let bytes = read_all(inst, 64 * 1024);
        inst.backup_close_file(0).unwrap();
        logs.push((p.file_name().unwrap().to_string_lossy().into_owned(), bytes));
    }
    if truncate {
        inst.backup_truncate_log().unwrap();
    }
    inst.end_backup(grbit::END_NORMAL).unwrap();
    (stream, logs)
}

#[test]
fn the_database_stream_is_headers_pages_and_a_trailer() {
    let (d, inst, db) = setup("layout", 300);
    inst.checkpoint().unwrap();
    insert(&db, 300, 50);
    inst.begin_backup(0).unwrap();
    let names = inst.backup_attach_info().unwrap();
    assert_eq!(names.len(), 1);
    assert!(Path::new(&names[0]).is_absolute());
    assert!(names[0].ends_with("db.edb"));
    let pages = db.page_count();
    let f = inst.backup_open_file(&names[0], 0).unwrap();
    assert_eq!(f.handle, 0);
    assert_eq!(f.size, (u64::from(pages) + 3) * PS as u64);
    // The first read: exactly the headers and every page; the trailer comes alone.
    let mut big = AlignedBuffer::new((pages as usize + 2) * PS);
    assert_eq!(inst.backup_read_file(0, &mut big).unwrap(), big.len());
    let mut one = AlignedBuffer::new(PS);
    assert_eq!(inst.backup_read_file(0, &mut one).unwrap(), PS);
    assert_eq!(inst.backup_read_file(0, &mut one).unwrap(), 0);
    assert_eq!(inst.backup_read_file(0, &mut one).unwrap(), 0);
    let (h0, h1) = (&big[..PS], &big[PS..2 * PS]);
    assert_eq!(h0, h1);
    let header = DbHeader::decode(h0).unwrap();
    let trailer = PatchPage::decode(&one).unwrap();
    assert!(header.backup_full_current.gen_low >= 1);
    assert_eq!(header.backup_full_current.gen_high, 0);
    assert_eq!(trailer.backup.gen_low, header.backup_full_current.gen_low);
    assert_eq!(
        trailer.backup.lgpos_mark,
        header.backup_full_current.lgpos_mark
    );
    assert!(trailer.backup.gen_high >= trailer.backup.gen_low);
    assert_eq!(trailer.db_signature, header.signature);
    assert_eq!(trailer.checkpoint.generation, trailer.backup.gen_low);
    assert!(trailer.path.ends_with("db.edb"));
    // Every data page verifies (or is unused).
    for (i, page) in big[2 * PS..].chunks(PS).enumerate() {
        let pgno = i as u32 + 1;
        let c = ese::format::checksum::verify_page(page, pgno);
        assert!(
            matches!(
                c,
                ese::format::checksum::PageCheck::Ok | ese::format::checksum::PageCheck::AllZero
            ),
            "page {pgno}: {c:?}"
        );
    }
    inst.backup_close_file(0).unwrap();
    inst.end_backup(grbit::END_NORMAL).unwrap();
    // The database phase was never left: recorded as an abort, nothing stamped.
    assert_eq!(
        inst.last_backup_outcome(),
        Some(BackupOutcome::AbortedByCaller)
    );
    assert_eq!(db.current_header().backup_copy_prev.gen_low, 0);
    inst.term().unwrap();
    let _ = std::fs::remove_dir_all(d);
}

#[test]
fn a_full_backup_with_truncation_stamps_the_header_and_deletes_old_logs() {
    let (d, inst, db) = setup("full", 200);
    for round in 0..3 {
        insert(&db, 1000 * (round + 1), 100);
        inst.checkpoint().unwrap();
    }
    let before = ese::log::list_generations(&ese_os::StdFs, &d, "edb").unwrap();
    assert!(before.len() >= 2, "the test needs several logs: {before:?}");
    let (stream, logs) = full_backup(&inst, true);
    assert!(!stream.is_empty());
    assert!(!logs.is_empty());
    assert_eq!(inst.last_backup_outcome(), Some(BackupOutcome::Completed));
    let h = db.current_header();
    let trailer = PatchPage::decode(&stream[stream.len() - PS..]).unwrap();
    assert_eq!(h.backup_full_prev.gen_low, trailer.backup.gen_low);
    let last_log = ese::log::parse_numbered_log_name("edb", &logs.last().unwrap().0).unwrap();
    assert_eq!(h.backup_full_prev.gen_high, last_log);
    assert_eq!(h.backup_full_prev.lgpos_mark, trailer.backup.lgpos_mark);
    // Truncation deleted the logs below the checkpoint and nothing else.
    let after = ese::log::list_generations(&ese_os::StdFs, &d, "edb").unwrap();
    let cp = ese::log::Checkpoint::read(&ese_os::StdFs, &d, "edb").unwrap();
    assert!(after.iter().all(|g| *g >= before[0]));
    assert!(after.first().is_none_or(|g| *g <= cp.lgpos.generation));
    assert!(after.len() < before.len() + 1, "{before:?} → {after:?}");
    // An incremental backup now: the logs since, rolled once more.
    insert(&db, 9000, 50);
    inst.begin_backup(grbit::INCREMENTAL).unwrap();
    assert_eq!(
        code(inst.backup_attach_info()),
        ErrorCode::InvalidBackupSequence
    );
    let list = inst.backup_log_info().unwrap();
    assert_eq!(list.gen_low, after[0]);
    assert!(list.gen_high > h.backup_full_prev.gen_high);
    for p in &list.names {
        inst.backup_open_file(&p.to_string_lossy(), 0).unwrap();
        read_all(&inst, 2 * PS);
        inst.backup_close_file(0).unwrap();
    }
    inst.backup_truncate_log().unwrap();
    inst.end_backup(grbit::END_NORMAL).unwrap();
    let h2 = db.current_header();
    assert_eq!(h2.backup_incremental_prev.gen_high, list.gen_high);
    assert_eq!(h2.backup_full_prev, h.backup_full_prev);
    inst.term().unwrap();
    let _ = std::fs::remove_dir_all(d);
}

#[test]
fn an_incremental_backup_needs_a_full_one_that_truncated() {
    let (d, inst, db) = setup("incr", 50);
    assert_eq!(
        code(inst.begin_backup(grbit::INCREMENTAL)),
        ErrorCode::MissingFullBackup
    );
    assert!(!inst.backup_running_now());
    // A full backup without truncation is a copy backup.
    full_backup(&inst, false);
    let h = db.current_header();
    assert_eq!(h.backup_full_prev.gen_low, 0);
    assert_ne!(h.backup_copy_prev.gen_low, 0);
    assert_eq!(
        code(inst.begin_backup(grbit::INCREMENTAL)),
        ErrorCode::MissingFullBackup
    );
    // Ended with TruncateDone it counts as full.
    inst.begin_backup(0).unwrap();
    let name = inst.backup_attach_info().unwrap().remove(0);
    inst.backup_open_file(&name, 0).unwrap();
    read_all(&inst, 16 * PS);
    inst.backup_close_file(0).unwrap();
    inst.backup_log_info().unwrap();
    inst.end_backup(grbit::END_NORMAL | grbit::TRUNCATE_DONE)
        .unwrap();
    assert_ne!(db.current_header().backup_full_prev.gen_low, 0);
    inst.begin_backup(grbit::INCREMENTAL).unwrap();
    inst.end_backup(grbit::END_ABORT).unwrap();
    inst.term().unwrap();
    let _ = std::fs::remove_dir_all(d);
}

#[test]
fn calls_out_of_order_get_the_engines_errors() {
    let (d, inst, _db) = setup("order", 50);
    assert_eq!(code(inst.backup_attach_info()), ErrorCode::NoBackup);
    assert_eq!(code(inst.backup_open_file("x", 0)), ErrorCode::NoBackup);
    assert_eq!(
        code(inst.end_backup(grbit::END_NORMAL)),
        ErrorCode::NoBackup
    );
    assert_eq!(code(inst.end_backup(0)), ErrorCode::InvalidParameter);
    assert_eq!(
        code(inst.end_backup(grbit::END_NORMAL | grbit::END_ABORT)),
        ErrorCode::InvalidParameter
    );
    for bad in [0x2u32, 0x4, 0x8, 0x10, 0x20, 0x41] {
        assert_eq!(
            code(inst.begin_backup(bad)),
            ErrorCode::InvalidGrbit,
            "{bad:#x}"
        );
        assert_eq!(code(inst.backup_attach_info()), ErrorCode::NoBackup);
    }
    inst.begin_backup(0).unwrap();
    assert_eq!(code(inst.begin_backup(0)), ErrorCode::BackupInProgress);
    // Attach and detach wait for the backup.
    assert_eq!(
        code(inst.detach_database(d.join("db.edb"))),
        ErrorCode::BackupInProgress
    );
    let name = inst.backup_attach_info().unwrap().remove(0);
    // A log before the log list is not an attached database.
    assert_eq!(
        code(inst.backup_open_file(&d.join("edb00000001.log").to_string_lossy(), 0)),
        ErrorCode::DatabaseNotFound
    );
    assert_eq!(
        code(inst.backup_truncate_log()),
        ErrorCode::InvalidBackupSequence
    );
    assert_eq!(
        code(inst.backup_open_file("", 0)),
        ErrorCode::InvalidParameter
    );
    assert_eq!(
        code(inst.backup_open_file(&name, PS as u64)),
        ErrorCode::InvalidParameter
    );
    assert_eq!(
        code(inst.backup_open_file(&name, 100)),
        ErrorCode::InvalidParameter
    );
    inst.backup_open_file(&name, 0).unwrap();
    assert_eq!(
        code(inst.backup_open_file(&name, 0)),
        ErrorCode::OutOfMemory
    );
    assert_eq!(
        code(inst.backup_log_info()),
        ErrorCode::InvalidBackupSequence
    );
    // Read sizes and alignment.
    let mut two = AlignedBuffer::new(2 * PS);
    assert_eq!(
        code(inst.backup_read_file(0, &mut two)),
        ErrorCode::InvalidParameter
    );
    let mut odd = AlignedBuffer::new(3 * PS + 512);
    assert_eq!(
        code(inst.backup_read_file(0, &mut odd)),
        ErrorCode::InvalidParameter
    );
    let mut wide = AlignedBuffer::new(4 * PS);
    assert_eq!(
        code(inst.backup_read_file(0, &mut wide[1..3 * PS + 1])),
        ErrorCode::InvalidParameter
    );
    assert_eq!(
        code(inst.backup_read_file(7, &mut wide)),
        ErrorCode::InvalidParameter
    );
    assert_eq!(code(inst.backup_close_file(7)), ErrorCode::InvalidParameter);
    // The backup still runs: a valid read goes on from the start.
    assert_eq!(inst.backup_read_file(0, &mut wide).unwrap(), 4 * PS);
    inst.backup_close_file(0).unwrap();
    assert_eq!(code(inst.backup_close_file(0)), ErrorCode::InvalidParameter);
    let list = inst.backup_log_info().unwrap();
    assert_eq!(inst.backup_log_info().unwrap(), list);
    // The current log is never listed and cannot be opened: the backup ends.
    assert!(list.names.iter().all(|p| !p.ends_with("edb.log")));
    assert_eq!(
        code(inst.backup_truncate_log()),
        ErrorCode::LogFileNotCopied
    );
    assert_eq!(
        code(inst.backup_open_file(&d.join("edb.log").to_string_lossy(), 0)),
        ErrorCode::InvalidParameter
    );
    assert_eq!(code(inst.backup_attach_info()), ErrorCode::NoBackup);
    assert_eq!(
        code(inst.end_backup(grbit::END_NORMAL)),
        ErrorCode::NoBackup
    );
    assert!(matches!(
        inst.last_backup_outcome(),
        Some(BackupOutcome::Failed(ErrorCode::InvalidParameter))
    ));
    // After the log list, a database open ends the backup.
    inst.begin_backup(0).unwrap();
    inst.backup_log_info().unwrap();
    assert_eq!(
        code(inst.backup_open_file(&name, 0)),
        ErrorCode::InvalidBackupSequence
    );
    assert_eq!(
        code(inst.end_backup(grbit::END_NORMAL)),
        ErrorCode::NoBackup
    );
    // A listed log deleted behind the engine's back ends the backup.
    inst.begin_backup(0).unwrap();
    let list = inst.backup_log_info().unwrap();
    let victim = list.names.last().unwrap().clone();
    let saved = std::fs::read(&victim).unwrap();
    std::fs::remove_file(&victim).unwrap();
    assert_eq!(
        code(inst.backup_open_file(&victim.to_string_lossy(), 0)),
        ErrorCode::MissingFileToBackup
    );
    assert_eq!(code(inst.backup_attach_info()), ErrorCode::NoBackup);
    std::fs::write(&victim, &saved).unwrap();
    // A damaged log fails its read and ends the backup.
    inst.begin_backup(0).unwrap();
    let list = inst.backup_log_info().unwrap();
    let victim = list.names.last().unwrap().clone();
    let mut bad = saved.clone();
    bad[4096 + 40] ^= 0xFF;
    std::fs::write(&victim, &bad).unwrap();
    inst.backup_open_file(&victim.to_string_lossy(), 0).unwrap();
    let mut buf = AlignedBuffer::new(4 * PS);
    assert_eq!(
        code(inst.backup_read_file(0, &mut buf)),
        ErrorCode::LogReadVerifyFailure
    );
    assert_eq!(code(inst.backup_attach_info()), ErrorCode::NoBackup);
    std::fs::write(&victim, &saved).unwrap();
    inst.term().unwrap();
    let _ = std::fs::remove_dir_all(d);
}

#[test]
fn a_stopped_backup_fails_every_call_but_close_and_end() {
    let (d, inst, db) = setup("stop", 100);
    // A stop while idle is harmless: the next backup clears it.
    inst.stop_backup();
    inst.begin_backup(0).unwrap();
    let name = inst.backup_attach_info().unwrap().remove(0);
    inst.backup_open_file(&name, 0).unwrap();
    let mut buf = AlignedBuffer::new(4 * PS);
    inst.backup_read_file(0, &mut buf).unwrap();
    inst.stop_backup();
    let abort = ErrorCode::BackupAbortByServer;
    assert_eq!(code(inst.backup_read_file(0, &mut buf)), abort);
    assert_eq!(code(inst.backup_attach_info()), abort);
    assert_eq!(code(inst.backup_open_file(&name, 0)), abort);
    assert_eq!(code(inst.backup_log_info()), abort);
    assert_eq!(code(inst.backup_truncate_log_info()), abort);
    assert_eq!(code(inst.backup_truncate_log()), abort);
    assert_eq!(code(inst.begin_backup(0)), ErrorCode::BackupInProgress);
    inst.backup_close_file(0).unwrap();
    inst.end_backup(grbit::END_NORMAL).unwrap();
    assert_eq!(
        inst.last_backup_outcome(),
        Some(BackupOutcome::AbortedByServer)
    );
    assert_eq!(db.current_header().backup_copy_prev.gen_low, 0);
    assert_eq!(code(inst.backup_attach_info()), ErrorCode::NoBackup);
    // The instance keeps working and the next backup is a normal one.
    insert(&db, 500, 10);
    full_backup(&inst, true);
    assert_eq!(inst.last_backup_outcome(), Some(BackupOutcome::Completed));
    // A stop while idle, then an end: no backup, and the stop is gone.
    inst.stop_backup();
    assert_eq!(
        code(inst.end_backup(grbit::END_NORMAL)),
        ErrorCode::NoBackup
    );
    inst.begin_backup(0).unwrap();
    inst.backup_attach_info().unwrap();
    inst.end_backup(grbit::END_ABORT).unwrap();
    inst.term().unwrap();
    let _ = std::fs::remove_dir_all(d);
}

#[test]
fn a_stop_from_another_thread_ends_a_read_loop() {
    let (d, inst, db) = setup("stopthread", 2000);
    let _ = db;
    for _ in 0..5 {
        inst.begin_backup(0).unwrap();
        let name = inst.backup_attach_info().unwrap().remove(0);
        inst.backup_open_file(&name, 0).unwrap();
        let stopper = {
            let inst = inst.clone();
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(2));
                inst.stop_backup();
            })
        };
        let mut buf = AlignedBuffer::new(3 * PS);
        let err = loop {
            match inst.backup_read_file(0, &mut buf) {
                Ok(0) => {
                    // Read to the end before the stop came: the next read fails.
                    stopper.join().unwrap();
                    break inst.backup_read_file(0, &mut buf).unwrap_err();
                }
                Ok(_) => {}
                Err(e) => break e,
            }
        };
        assert_eq!(err.code(), ErrorCode::BackupAbortByServer);
        inst.backup_close_file(0).unwrap();
        inst.end_backup(grbit::END_NORMAL).unwrap();
    }
    inst.term().unwrap();
    let _ = std::fs::remove_dir_all(d);
}

#[test]
fn a_damaged_page_drops_its_database_and_the_backup_goes_on() {
    let (d, inst, db) = setup("badpage", 300);
    inst.checkpoint().unwrap();
    let path = d.join("db.edb");
    // Damage a page the cache holds clean (it is not written back again).
    let victim: u32 = std::env::var("BACKUP_VICTIM")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(db.page_count() / 2);
    let at = (u64::from(victim) + 1) * PS as u64 + 200;
    {
        use std::os::unix::fs::FileExt;
        let f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        // Not a repeated word: ESE's older XOR checksum cannot see an even
        // number of equal words.
        let junk: Vec<u8> = (0..64u32).map(|i| (i * 37 + 11) as u8).collect();
        f.write_all_at(&junk, at).unwrap();
        f.sync_all().unwrap();
    }
    inst.begin_backup(0).unwrap();
    inst.backup_open_file(&path.to_string_lossy(), 0).unwrap();
    let mut buf = AlignedBuffer::new(16 * PS);
    let e = loop {
        match inst.backup_read_file(0, &mut buf) {
            Ok(0) => panic!("the damaged page was not noticed"),
            Ok(_) => {}
            Err(e) => break e,
        }
    };
    assert_eq!(e.code(), ErrorCode::ReadVerifyFailure);
    // Its handle was closed for it; the backup goes on.
    assert_eq!(code(inst.backup_close_file(0)), ErrorCode::InvalidParameter);
    assert_eq!(inst.backup_attach_info().unwrap().len(), 1);
    let list = inst.backup_log_info().unwrap();
    for p in &list.names {
        inst.backup_open_file(&p.to_string_lossy(), 0).unwrap();
        read_all(&inst, 4 * PS);
        inst.backup_close_file(0).unwrap();
    }
    // The database was not copied: the logs it may need stay.
    assert!(inst.backup_truncate_log_info().unwrap().is_empty());
    inst.backup_truncate_log().unwrap();
    inst.end_backup(grbit::END_NORMAL).unwrap();
    assert_eq!(inst.last_backup_outcome(), Some(BackupOutcome::Completed));
    assert_eq!(db.current_header().backup_full_prev.gen_low, 0);
    inst.term().unwrap();
    let _ = std::fs::remove_dir_all(d);
}

#[test]
fn without_a_log_there_is_no_backup() {
    let d = dir("nolog");
    let inst = Instance::new(InstanceOptions {
        recovery: false,
        ..opts(&d)
    })
    .unwrap();
    assert_eq!(code(inst.begin_backup(0)), ErrorCode::LoggingDisabled);
    inst.stop_backup();
    inst.forbid_backup();
    inst.term().unwrap();
    let inst = Instance::new(opts(&d)).unwrap();
    inst.forbid_backup();
    assert_eq!(code(inst.begin_backup(0)), ErrorCode::BackupNotAllowedYet);
    inst.term().unwrap();
    let _ = std::fs::remove_dir_all(d);
}

#[test]
fn writers_go_on_while_a_backup_reads() {
    let (d, inst, db) = setup("writers", 500);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (db, stop) = (db.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut id = 100_000;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                insert(&db, id, 1);
                id += 1;
            }
            id - 100_000
        })
    };
    for _ in 0..3 {
        let (stream, logs) = full_backup(&inst, true);
        assert!(PatchPage::decode(&stream[stream.len() - PS..]).is_ok());
        assert!(!logs.is_empty());
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written = writer.join().unwrap();
    assert!(written > 0);
    inst.term().unwrap();
    let _ = std::fs::remove_dir_all(d);
}
