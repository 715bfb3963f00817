//! File-based backup and restore (`ese::file_backup`): ManagedEsent's backup and
//! restore sequences (a database with one row of value 17 backed up into a new
//! folder, its files deleted, restored, the row read back), incremental and
//! atomic sets, ESE's errors, a stop and an instance end during a backup, sets
//! that try to write outside their folders or hold links, damaged sets refused
//! before anything is written, sets damaged at random (checked and restored:
//! `DAMAGED_FOLDER_SETS_SEED`, `DAMAGED_FOLDER_SETS_ROUNDS`), the set check, and
//! a crash at every few I/O calls of a restore followed by the same call.
//! `FILE_RESTORE_CRASH_STEP=<n>` tries every n-th I/O call (default 1: all).

mod common;

use common::Scratch;
use ese::backup::BackupOutcome;
use ese::file_backup::{
    grbit, restore_from_folder, verify_backup_set, BackupStatus, FolderBackup, FolderRestore,
};
use ese::format::coltype::Value;
use ese::format::header::DbHeader;
use ese::format::patch::PatchPage;
use ese::record::schema::parse_schema;
use ese::record::Row;
use ese::{CreateOptions, Database, ErrorCode, Instance, InstanceOptions};
use ese_os::{FileSystem, OpenOptions, SimFs, StdFs, TearPolicy};
use std::path::{Path, PathBuf};
use std::sync::Arc;

const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "table",
  "columns": [{"name": "column", "type": "Long"}], "indexes": []}]}"#;

const PS: usize = 8192;

/// A fresh folder for one test, removed when it ends.
fn root(name: &str) -> Scratch {
    Scratch::new(&format!("filebk-{name}"))
}

fn std_fs() -> Arc<dyn FileSystem> {
    Arc::new(StdFs)
}

/// ManagedEsent's instance: logs, checkpoint and temp files in the database folder.
fn opts(d: &Path) -> InstanceOptions {
    InstanceOptions {
        log_file_size: 128 * 1024,
        cache_pages: 128,
        ..InstanceOptions::in_dir(d)
    }
}

fn insert(db: &Database, v: i32) {
    let mut row = Row::new();
    row.set_value(1, Value::Long(v));
    db.insert("table", &row).unwrap();
}

/// ManagedEsent's CreateDatabase: `<dir>/database.edb` with table `table`,
/// column `column`, one row of value 17; the instance ends cleanly.
fn create_database(fs: &Arc<dyn FileSystem>, dir: &Path) {
    let inst = Instance::with_fs(fs.clone(), opts(dir)).unwrap();
    let mut db = inst
        .create_database(dir.join("database.edb"), CreateOptions::default())
        .unwrap();
    db.create_table_spec(&parse_schema(SCHEMA).unwrap().tables[0])
        .unwrap();
    insert(&db, 17);
    drop(db);
    inst.term().unwrap();
}

/// Starts an instance on `dir`, attaches its database and runs `f`.
fn with_database<T>(
    fs: &Arc<dyn FileSystem>,
    dir: &Path,
    f: impl FnOnce(&Instance, &Database) -> T,
) -> T {
    let inst = Instance::with_fs(fs.clone(), opts(dir)).unwrap();
    let (db, _) = inst
        .attach_database(dir.join("database.edb"), false)
        .unwrap();
    let out = f(&inst, &db);
    drop(db);
    inst.term().unwrap();
    out
}

/// ManagedEsent's CheckDatabase (every value, sorted): a new instance on the
/// folder (soft recovery), the database attached read-only.
fn values(fs: &Arc<dyn FileSystem>, dir: &Path) -> Vec<i32> {
    let inst = Instance::with_fs(fs.clone(), opts(dir)).unwrap();
    let (db, _) = inst
        .attach_database(dir.join("database.edb"), true)
        .unwrap();
    let mut out: Vec<i32> = db
        .table("table")
        .unwrap()
        .records()
        .unwrap()
        .map(|r| match r.unwrap().get("column").unwrap().first() {
            Some(Value::Long(v)) => *v,
            other => panic!("unexpected value {other:?}"),
        })
        .collect();
    drop(db);
    inst.term().unwrap();
    out.sort_unstable();
    out
}

/// ManagedEsent's Backup: attach, back up into `backup` with `bits`.
fn backup(
    fs: &Arc<dyn FileSystem>,
    dir: &Path,
    to: &Path,
    bits: u32,
    status: Option<&mut dyn FnMut(BackupStatus)>,
) -> ese::Result<()> {
    with_database(fs, dir, |inst, _| {
        inst.backup_to_folder(
            to,
            &FolderBackup {
                grbit: bits,
                create_path: true,
            },
            status,
        )
    })
}

/// ManagedEsent's DeleteDatabaseFiles: the folder emptied (database, logs, checkpoint).
fn delete_database_files(fs: &dyn FileSystem, dir: &Path) {
    for n in fs.read_dir(dir).unwrap() {
        fs.remove_file(&dir.join(n)).unwrap();
    }
}

/// ManagedEsent's Restore: logs and checkpoint go to the database folder.
fn restore(
    fs: &Arc<dyn FileSystem>,
    from: &Path,
    dest: Option<&Path>,
    db_dir: &Path,
    status: Option<&mut dyn FnMut(BackupStatus)>,
) -> ese::Result<()> {
    let mut r = FolderRestore::new(db_dir, db_dir);
    r.cache_pages = 64;
    restore_from_folder(fs.clone(), from, dest, &r, status)
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|it| {
            it.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn code<T: std::fmt::Debug>(r: ese::Result<T>) -> ErrorCode {
    r.expect_err("the call should fail").code()
}

/// Rewrites the trailer of the copy at `path` through `change`.
fn edit_trailer(path: &Path, change: impl FnOnce(&mut PatchPage)) {
    let mut bytes = std::fs::read(path).unwrap();
    let n = bytes.len();
    let mut t = PatchPage::decode(&bytes[n - PS..]).unwrap();
    change(&mut t);
    bytes[n - PS..].copy_from_slice(&t.encode(PS));
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn backup_and_restore_without_status_callback() {
    let r = root("plain");
    let (db_dir, bk) = (r.join("database"), r.join("backup"));
    let fs = std_fs();
    create_database(&fs, &db_dir);
    backup(&fs, &db_dir, &bk, 0, None).unwrap();
    // The set: the stream, its 0-byte marker, the logs; nothing next to the live database.
    let set = names(&bk);
    assert!(set.contains(&"database.edb".to_string()), "{set:?}");
    assert_eq!(std::fs::metadata(bk.join("database.pat")).unwrap().len(), 0);
    assert!(set.iter().any(|n| n.starts_with("edb") && n.len() == 15));
    assert!(!names(&db_dir).iter().any(|n| n.ends_with(".pat")));
    // A normal full backup that truncated the logs: bkinfoFullPrev is stamped.
    let live = std::fs::read(db_dir.join("database.edb")).unwrap();
    let h = DbHeader::decode(&live[..PS]).unwrap();
    assert_ne!(h.backup_full_prev.gen_low, 0);
    let report = verify_backup_set(fs.as_ref(), &bk).unwrap();
    assert!(report.is_ok(), "{report:?}");
    delete_database_files(fs.as_ref(), &db_dir);
    restore(&fs, &bk, None, &db_dir, None).unwrap();
    assert_eq!(values(&fs, &db_dir), vec![17]);
    assert_eq!(set, names(&bk), "the set is only read");
    // Restoring again over the restored database: the logs in the log folder
    // continue the set, so the restore rolls forward through them (as ESE's).
    with_database(&fs, &db_dir, |_, db| insert(db, 99));
    restore(&fs, &bk, None, &db_dir, None).unwrap();
    assert_eq!(values(&fs, &db_dir), vec![17, 99]);
    // The replay went through the later instance's detach: the database is
    // clean, and opens for writing.
    let h = DbHeader::decode(&std::fs::read(db_dir.join("database.edb")).unwrap()[..PS]).unwrap();
    assert_eq!(h.state, ese::format::header::DbState::CleanShutdown);
    with_database(&fs, &db_dir, |_, db| insert(db, 100));
    assert_eq!(values(&fs, &db_dir), vec![17, 99, 100]);
    // Without them it gives the set's state.
    delete_database_files(fs.as_ref(), &db_dir);
    restore(&fs, &bk, None, &db_dir, None).unwrap();
    assert_eq!(values(&fs, &db_dir), vec![17]);
}

#[test]
fn backup_and_restore_with_status_callback() {
    let r = root("callback");
    let (db_dir, bk) = (r.join("database"), r.join("backup"));
    let fs = std_fs();
    create_database(&fs, &db_dir);
    let mut seen = Vec::new();
    let mut cb = |s: BackupStatus| seen.push(s);
    backup(&fs, &db_dir, &bk, 0, Some(&mut cb)).unwrap();
    assert_eq!(seen.first(), Some(&BackupStatus::Begin));
    assert_eq!(seen.last(), Some(&BackupStatus::Complete));
    delete_database_files(fs.as_ref(), &db_dir);
    let mut restored = Vec::new();
    let mut cb = |s: BackupStatus| restored.push(s);
    // ManagedEsent's RestoreWithCallbackException: the destination is the database folder.
    restore(&fs, &bk, Some(&db_dir), &db_dir, Some(&mut cb)).unwrap();
    assert_eq!(restored.first(), Some(&BackupStatus::Begin));
    assert_eq!(restored.last(), Some(&BackupStatus::Complete));
    for s in seen.iter().chain(&restored) {
        if let BackupStatus::Progress { done, total } = s {
            assert!(done <= total, "{s:?}");
        }
    }
    assert_eq!(values(&fs, &db_dir), vec![17]);
}

#[test]
fn incremental_into_the_same_folder_then_restore() {
    let r = root("incremental");
    let (db_dir, bk) = (r.join("database"), r.join("backup"));
    let fs = std_fs();
    create_database(&fs, &db_dir);
    backup(&fs, &db_dir, &bk, 0, None).unwrap();
    with_database(&fs, &db_dir, |_, db| {
        for v in 18..40 {
            insert(db, v);
        }
    });
    backup(&fs, &db_dir, &bk, grbit::INCREMENTAL, None).unwrap();
    delete_database_files(fs.as_ref(), &db_dir);
    restore(&fs, &bk, None, &db_dir, None).unwrap();
    let want: Vec<i32> = std::iter::once(17).chain(18..40).collect();
    assert_eq!(values(&fs, &db_dir), want);
}

#[test]
fn atomic_backups_rotate_new_and_old() {
    let r = root("atomic");
    let (db_dir, bk) = (r.join("database"), r.join("backup"));
    let fs = std_fs();
    create_database(&fs, &db_dir);
    backup(&fs, &db_dir, &bk, grbit::ATOMIC, None).unwrap();
    assert_eq!(names(&bk), vec!["new"]);
    with_database(&fs, &db_dir, |_, db| insert(db, 18));
    backup(&fs, &db_dir, &bk, grbit::ATOMIC, None).unwrap();
    assert_eq!(names(&bk), vec!["new"], "the older set went, temp too");
    assert!(names(&bk.join("new")).contains(&"database.pat".to_string()));
    // An incremental one moves the set to old and adds its logs there.
    with_database(&fs, &db_dir, |_, db| insert(db, 19));
    backup(&fs, &db_dir, &bk, grbit::ATOMIC | grbit::INCREMENTAL, None).unwrap();
    assert_eq!(names(&bk), vec!["old"]);
    // A non-atomic backup refuses the folder of an atomic one.
    assert_eq!(
        code(backup(&fs, &db_dir, &bk, grbit::INCREMENTAL, None)),
        ErrorCode::BackupDirectoryNotEmpty
    );
    delete_database_files(fs.as_ref(), &db_dir);
    restore(&fs, &bk, None, &db_dir, None).unwrap();
    assert_eq!(values(&fs, &db_dir), vec![17, 18, 19]);
}

#[test]
fn ese_errors_of_folder_backup_and_restore() {
    let r = root("errors");
    let (db_dir, bk) = (r.join("database"), r.join("backup"));
    let fs = std_fs();
    create_database(&fs, &db_dir);
    // -504: a non-atomic full backup into a folder that is not empty.
    std::fs::create_dir_all(&bk).unwrap();
    std::fs::write(bk.join("stray"), b"x").unwrap();
    assert_eq!(
        code(backup(&fs, &db_dir, &bk, 0, None)),
        ErrorCode::BackupDirectoryNotEmpty
    );
    // A missing folder without create_path.
    let missing = r.join("missing");
    let no_create = with_database(&fs, &db_dir, |inst, _| {
        inst.backup_to_folder(&missing, &FolderBackup::default(), None)
    });
    assert_eq!(code(no_create), ErrorCode::InvalidPath);
    std::fs::remove_file(bk.join("stray")).unwrap();
    backup(&fs, &db_dir, &bk, 0, None).unwrap();
    // -1811: no logs in the folder nor in new/old.
    let empty = r.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    assert_eq!(
        code(restore(
            &fs,
            &empty,
            Some(&r.join("out")),
            &r.join("logs"),
            None
        )),
        ErrorCode::FileNotFound
    );
    // -538: logs, but no marker.
    std::fs::remove_file(bk.join("database.pat")).unwrap();
    assert_eq!(
        code(restore(
            &fs,
            &bk,
            Some(&r.join("out")),
            &r.join("logs"),
            None
        )),
        ErrorCode::PatchFileMissing
    );
    // No source at all.
    assert_eq!(
        code(restore(&fs, Path::new(""), None, &r.join("logs"), None)),
        ErrorCode::InvalidParameter
    );
    assert!(!r.join("out").exists() && !r.join("logs").exists());
}

#[test]
fn two_databases_of_one_file_name_collide() {
    let r = root("collide");
    let (a, b, bk) = (r.join("a"), r.join("b"), r.join("backup"));
    let fs = std_fs();
    std::fs::create_dir_all(&b).unwrap();
    let inst = Instance::with_fs(fs.clone(), opts(&a)).unwrap();
    for d in [&a, &b] {
        let mut db = inst
            .create_database(d.join("database.edb"), CreateOptions::default())
            .unwrap();
        db.create_table_spec(&parse_schema(SCHEMA).unwrap().tables[0])
            .unwrap();
    }
    let e = inst.backup_to_folder(
        &bk,
        &FolderBackup {
            grbit: 0,
            create_path: true,
        },
        None,
    );
    assert_eq!(code(e), ErrorCode::FileAlreadyExists);
    assert!(!inst.backup_running_now());
    assert_ne!(inst.last_backup_outcome(), Some(BackupOutcome::Completed));
    inst.term().unwrap();
}

#[test]
fn a_stop_during_a_file_backup_ends_it_and_the_next_one_works() {
    let r = root("stop");
    let (db_dir, bk) = (r.join("database"), r.join("backup"));
    let fs = std_fs();
    create_database(&fs, &db_dir);
    with_database(&fs, &db_dir, |inst, _| {
        let mut cb = |s: BackupStatus| {
            if s == BackupStatus::Begin {
                inst.stop_backup();
            }
        };
        let opts = FolderBackup {
            grbit: 0,
            create_path: true,
        };
        assert_eq!(
            code(inst.backup_to_folder(&bk, &opts, Some(&mut cb))),
            ErrorCode::BackupAbortByServer
        );
        assert!(!inst.backup_running_now());
        assert_eq!(
            inst.last_backup_outcome(),
            Some(BackupOutcome::AbortedByCaller)
        );
        assert!(!bk.join("database.edb").exists(), "no half copy is left");
        inst.backup_to_folder(&r.join("again"), &opts, None)
            .unwrap();
        assert_eq!(inst.last_backup_outcome(), Some(BackupOutcome::Completed));
    });
    delete_database_files(fs.as_ref(), &db_dir);
    restore(&fs, &r.join("again"), None, &db_dir, None).unwrap();
    assert_eq!(values(&fs, &db_dir), vec![17]);
}

#[test]
fn the_instance_ending_during_a_file_backup_gives_term_in_progress() {
    let r = root("term");
    let (db_dir, bk) = (r.join("database"), r.join("backup"));
    let fs = std_fs();
    create_database(&fs, &db_dir);
    let inst = Instance::with_fs(fs.clone(), opts(&db_dir)).unwrap();
    let (db, _) = inst
        .attach_database(db_dir.join("database.edb"), false)
        .unwrap();
    drop(db);
    let mut cb = |s: BackupStatus| {
        if s == BackupStatus::Begin {
            inst.term().unwrap();
        }
    };
    let e = inst.backup_to_folder(
        &bk,
        &FolderBackup {
            grbit: 0,
            create_path: true,
        },
        Some(&mut cb),
    );
    assert_eq!(code(e), ErrorCode::TermInProgress);
    assert_eq!(
        inst.last_backup_outcome(),
        Some(BackupOutcome::AbortedByServer)
    );
}

#[test]
fn recorded_paths_with_dot_dot_or_not_absolute_are_refused() {
    let r = root("paths");
    let (db_dir, bk) = (r.join("database"), r.join("backup"));
    let fs = std_fs();
    create_database(&fs, &db_dir);
    backup(&fs, &db_dir, &bk, 0, None).unwrap();
    delete_database_files(fs.as_ref(), &db_dir);
    let copy = bk.join("database.edb");
    let original = std::fs::read(&copy).unwrap();
    let escape = format!("{}/../x/database.edb", db_dir.display());
    for bad in [
        "../x/database.edb".to_string(),
        "database.edb".to_string(),
        escape,
        format!("{}/other.edb", db_dir.display()),
    ] {
        std::fs::write(&copy, &original).unwrap();
        edit_trailer(&copy, |t| t.path = bad.clone());
        assert_eq!(
            code(restore(&fs, &bk, None, &db_dir, None)),
            ErrorCode::InvalidPath,
            "{bad}"
        );
        assert!(names(&db_dir).is_empty(), "{bad}: nothing written");
        assert!(!r.join("x").exists());
    }
    // With a destination the recorded path only names the database in the logs.
    std::fs::write(&copy, &original).unwrap();
    restore(&fs, &bk, Some(&db_dir), &db_dir, None).unwrap();
    assert_eq!(values(&fs, &db_dir), vec![17]);
}

#[test]
fn links_in_a_set_or_at_a_destination_are_refused() {
    use std::os::unix::fs::symlink;
    let r = root("links");
    let (db_dir, bk) = (r.join("database"), r.join("backup"));
    let fs = std_fs();
    create_database(&fs, &db_dir);
    backup(&fs, &db_dir, &bk, 0, None).unwrap();
    let outside = r.join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    let secret = outside.join("secret");
    std::fs::write(&secret, b"keep me").unwrap();
    let keep = || assert_eq!(std::fs::read(&secret).unwrap(), b"keep me");
    // A link at the name of a log an incremental backup writes.
    let first = names(&db_dir)
        .into_iter()
        .find(|n| n.len() == 15 && n.ends_with(".log"))
        .unwrap();
    let at = bk.join(&first);
    let saved = std::fs::read(&at).ok();
    let _ = std::fs::remove_file(&at);
    symlink(&secret, &at).unwrap();
    assert_eq!(
        code(backup(&fs, &db_dir, &bk, grbit::INCREMENTAL, None)),
        ErrorCode::InvalidPath
    );
    keep();
    std::fs::remove_file(&at).unwrap();
    if let Some(b) = saved {
        std::fs::write(&at, b).unwrap();
    }
    // A `temp` link in a backup folder: the backup neither empties nor follows it.
    let bk2 = r.join("backup2");
    std::fs::create_dir_all(&bk2).unwrap();
    symlink(&outside, bk2.join("temp")).unwrap();
    assert_eq!(
        code(backup(&fs, &db_dir, &bk2, grbit::ATOMIC, None)),
        ErrorCode::InvalidPath
    );
    keep();
    delete_database_files(fs.as_ref(), &db_dir);
    // A link in the set, in place of the copy.
    let copy = bk.join("database.edb");
    let moved = r.join("database.edb.real");
    std::fs::rename(&copy, &moved).unwrap();
    symlink(&moved, &copy).unwrap();
    assert_eq!(
        code(restore(&fs, &bk, None, &db_dir, None)),
        ErrorCode::InvalidPath
    );
    let report = verify_backup_set(fs.as_ref(), &bk).unwrap();
    assert_eq!(
        report.first_problem().unwrap().1.code,
        ErrorCode::InvalidPath
    );
    assert!(names(&db_dir).is_empty());
    std::fs::remove_file(&copy).unwrap();
    std::fs::rename(&moved, &copy).unwrap();
    // A link where the database goes.
    let dest = r.join("dest");
    std::fs::create_dir_all(&dest).unwrap();
    symlink(&secret, dest.join("database.edb")).unwrap();
    assert_eq!(
        code(restore(&fs, &bk, Some(&dest), &r.join("logs"), None)),
        ErrorCode::InvalidPath
    );
    keep();
    assert!(!r.join("logs").exists());
    // The set itself is good.
    restore(&fs, &bk, None, &db_dir, None).unwrap();
    assert_eq!(values(&fs, &db_dir), vec![17]);
}

#[test]
fn a_damaged_set_is_refused_before_anything_is_written() {
    let r = root("damaged");
    let (db_dir, bk) = (r.join("database"), r.join("backup"));
    let fs = std_fs();
    create_database(&fs, &db_dir);
    with_database(&fs, &db_dir, |_, db| {
        for v in 0..200 {
            insert(db, v);
        }
    });
    backup(&fs, &db_dir, &bk, 0, None).unwrap();
    let good = verify_backup_set(fs.as_ref(), &bk).unwrap();
    assert!(good.is_ok(), "{good:?}");
    assert_eq!(good.dir, bk);
    assert_eq!(good.databases.len(), 1);
    assert_eq!(good.logs.len() as u32, good.gen_high - good.gen_low + 1);
    let copy = bk.join("database.edb");
    let original = std::fs::read(&copy).unwrap();
    assert_eq!(good.databases[0].bytes, original.len() as u64);
    assert_eq!(good.pages, (original.len() / PS) as u64);
    assert!(good.bytes > good.databases[0].bytes);
    // A data page with one byte changed (far from the checksum: not repairable
    // as one bit).
    let mut bad = original.clone();
    let at = 3 * PS + 1000;
    bad[at] ^= 0xFF;
    std::fs::write(&copy, &bad).unwrap();
    let report = verify_backup_set(fs.as_ref(), &bk).unwrap();
    let (name, p) = report.first_problem().unwrap();
    assert_eq!(name, Some("database.edb"));
    assert_eq!(p.code, ErrorCode::ReadVerifyFailure);
    assert_eq!(p.page, Some(2));
    let dest = r.join("dest");
    let logs = r.join("logs");
    assert_eq!(
        code(restore(&fs, &bk, Some(&dest), &logs, None)),
        ErrorCode::ReadVerifyFailure
    );
    assert!(!dest.exists() && !logs.exists(), "nothing was written");
    // A damaged trailer.
    let mut bad = original.clone();
    let n = bad.len();
    bad[n - PS + 300] ^= 1;
    std::fs::write(&copy, &bad).unwrap();
    assert_eq!(
        code(restore(&fs, &bk, Some(&dest), &logs, None)),
        ErrorCode::BadPatchPage
    );
    std::fs::write(&copy, &original).unwrap();
    // A damaged log.
    let log = bk.join(&good.logs[0].name);
    let log_bytes = std::fs::read(&log).unwrap();
    let mut bad = log_bytes.clone();
    // In the payload of the first block (blocks start at 4096).
    bad[4096 + 40] ^= 0x10;
    std::fs::write(&log, &bad).unwrap();
    let report = verify_backup_set(fs.as_ref(), &bk).unwrap();
    assert_eq!(
        report.logs[0].problem.as_ref().map(|p| p.code),
        Some(ErrorCode::LogCorruptDuringHardRestore)
    );
    assert_eq!(
        code(restore(&fs, &bk, Some(&dest), &logs, None)),
        ErrorCode::LogCorruptDuringHardRestore
    );
    // A log cut short inside its written part: what is left reads as a whole
    // log that ends early.
    let used = log_bytes.iter().rposition(|&x| x != 0).unwrap() + 1;
    std::fs::write(&log, &log_bytes[..used - 100]).unwrap();
    let report = verify_backup_set(fs.as_ref(), &bk).unwrap();
    let p = report.logs[0].problem.as_ref().expect("a log cut short");
    assert_eq!(p.code, ErrorCode::LogCorruptDuringHardRestore);
    assert!(p.detail.contains("cut short"), "{p:?}");
    assert_eq!(
        code(restore(&fs, &bk, Some(&dest), &logs, None)),
        ErrorCode::LogCorruptDuringHardRestore
    );
    // A missing log in the middle.
    std::fs::write(&log, &log_bytes).unwrap();
    if good.logs.len() >= 3 {
        std::fs::remove_file(bk.join(&good.logs[1].name)).unwrap();
        let report = verify_backup_set(fs.as_ref(), &bk).unwrap();
        assert_eq!(report.problems[0].code, ErrorCode::FileNotFound);
    }
    assert!(!dest.exists() && !logs.exists(), "nothing was written");
}

/// Every file under `dir` on a simulated disk, recursively.
fn sim_files(fs: &dyn FileSystem, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    for n in fs.read_dir(dir).unwrap() {
        let p = dir.join(n);
        match fs.kind(&p).unwrap() {
            Some(ese_os::EntryKind::Dir) => sim_files(fs, &p, out),
            _ => {
                let f = fs.open(&p, OpenOptions::read_only()).unwrap();
                let mut b = vec![0u8; f.len().unwrap() as usize];
                f.read_at(0, &mut b).unwrap();
                out.push((p, b));
            }
        }
    }
}

#[test]
fn a_restore_cut_short_finishes_when_run_again() {
    let (db_dir, bk) = (Path::new("/db"), Path::new("/backup"));
    let sim = Arc::new(SimFs::new());
    let fs: Arc<dyn FileSystem> = sim.clone();
    create_database(&fs, db_dir);
    with_database(&fs, db_dir, |_, db| {
        for v in 18..30 {
            insert(db, v);
        }
    });
    backup(&fs, db_dir, bk, 0, None).unwrap();
    let mut set = Vec::new();
    sim_files(fs.as_ref(), bk, &mut set);
    let want: Vec<i32> = std::iter::once(17).chain(18..30).collect();
    let fresh = || {
        let sim = Arc::new(SimFs::new());
        for (p, b) in &set {
            sim.create_dir_all(p.parent().unwrap()).unwrap();
            let f = sim.open(p, OpenOptions::create_new()).unwrap();
            f.write_at(0, b).unwrap();
            f.sync_all().unwrap();
        }
        for d in ["/", "/backup"] {
            sim.sync_dir(Path::new(d)).unwrap();
        }
        sim.create_dir_all(db_dir).unwrap();
        sim.sync_dir(Path::new("/")).unwrap();
        sim
    };
    let sim = fresh();
    let start = sim.io_count();
    let fs: Arc<dyn FileSystem> = sim.clone();
    restore(&fs, bk, None, db_dir, None).unwrap();
    let calls = sim.io_count() - start;
    assert!(calls > 50, "a restore makes {calls} calls");
    assert_eq!(values(&fs, db_dir), want);
    let step: u64 = std::env::var("FILE_RESTORE_CRASH_STEP")
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
        sim.crash_at(sim.io_count() + k);
        let fs: Arc<dyn FileSystem> = sim.clone();
        let first = restore(&fs, bk, None, db_dir, None);
        sim.power_cut_with(k, policy);
        if let Err(e) = restore(&fs, bk, None, db_dir, None) {
            panic!(
                "call {k} of {calls} ({policy:?}, first run {first:?}): the second run failed: {e}"
            );
        }
        assert_eq!(
            values(&fs, db_dir),
            want,
            "call {k} of {calls} ({policy:?})"
        );
        k += step;
    }
}

#[test]
fn atomic_backups_on_a_file_system_without_folder_renames() {
    let (db_dir, bk) = (Path::new("/db"), Path::new("/backup"));
    let fs: Arc<dyn FileSystem> = Arc::new(SimFs::new());
    create_database(&fs, db_dir);
    backup(&fs, db_dir, bk, grbit::ATOMIC, None).unwrap();
    with_database(&fs, db_dir, |_, db| insert(db, 18));
    backup(&fs, db_dir, bk, grbit::ATOMIC, None).unwrap();
    assert_eq!(fs.read_dir(bk).unwrap(), vec!["new"]);
    let report = verify_backup_set(fs.as_ref(), bk).unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!(report.dir, bk.join("new"));
    delete_database_files(fs.as_ref(), db_dir);
    restore(&fs, bk, None, db_dir, None).unwrap();
    assert_eq!(values(&fs, db_dir), vec![17, 18]);
}

/// splitmix64, so that a seed replays a round.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// What [`damaged_copy`] does to one file of a set.
#[derive(Clone, Copy)]
enum Damage {
    /// A byte of its written part changed.
    Byte,
    /// Cut short.
    Cut,
    /// Left out.
    Missing,
}

/// A copy of the set `files` in `dir` with one change chosen by `rng`: a byte of
/// the database copy or of a log's written part, the marker given bytes, a file
/// cut short or missing. Returns what was done.
fn damaged_copy(files: &[(String, Vec<u8>)], dir: &Path, rng: &mut Rng) -> String {
    std::fs::create_dir_all(dir).unwrap();
    let kind = rng.below(10);
    let of = |suffix: &str, rng: &mut Rng| {
        let c: Vec<usize> = (0..files.len())
            .filter(|&i| files[i].0.ends_with(suffix))
            .collect();
        c[rng.below(c.len())]
    };
    let (target, damage) = match kind {
        0..=4 => (of(".edb", rng), Damage::Byte),
        5..=7 => (of(".log", rng), Damage::Byte),
        8 => (rng.below(files.len()), Damage::Cut),
        _ => (rng.below(files.len()), Damage::Missing),
    };
    let mut said = String::new();
    for (i, (name, bytes)) in files.iter().enumerate() {
        let mut b = bytes.clone();
        if i == target {
            match damage {
                Damage::Byte => {
                    // A log's unused tail is zeros: its written part is where a
                    // change matters.
                    let used = b.iter().rposition(|&x| x != 0).map_or(b.len(), |p| p + 1);
                    let at = rng.below(used);
                    let mask = (1 + rng.below(255)) as u8;
                    b[at] ^= mask;
                    said = format!("{name}: byte {at} ^= {mask:#04x}");
                }
                Damage::Cut => {
                    let at = rng.below(b.len());
                    b.truncate(at);
                    said = format!("{name}: cut at {at} of {}", bytes.len());
                }
                Damage::Missing => {
                    said = format!("{name}: missing");
                    continue;
                }
            }
        }
        std::fs::write(dir.join(name), b).unwrap();
    }
    said
}

#[test]
fn folder_sets_damaged_at_random_are_refused_or_restored_whole() {
    // Each round: the set with one change, checked and restored into a new
    // folder. A restore that succeeds restored exactly the set's rows and the
    // check found nothing; a check that finds a problem means a refused restore;
    // a refused restore wrote nothing. `DAMAGED_FOLDER_SETS_ROUNDS` (default
    // 200) or one `DAMAGED_FOLDER_SETS_SEED`.
    let r = root("random");
    let (db_dir, bk) = (r.join("database"), r.join("backup"));
    let fs = std_fs();
    create_database(&fs, &db_dir);
    with_database(&fs, &db_dir, |_, db| {
        for v in 0..300 {
            insert(db, v);
        }
    });
    backup(&fs, &db_dir, &bk, 0, None).unwrap();
    let want = values(&fs, &db_dir);
    assert_eq!(want.len(), 301);
    let mut files: Vec<(String, Vec<u8>)> = names(&bk)
        .into_iter()
        .map(|n| {
            let b = std::fs::read(bk.join(&n)).unwrap();
            (n, b)
        })
        .collect();
    files.sort();
    assert!(files.iter().any(|f| f.0.ends_with(".pat")));
    assert!(files.iter().any(|f| f.0.ends_with(".log")));
    let seeds: Vec<u64> = match std::env::var("DAMAGED_FOLDER_SETS_SEED") {
        Ok(s) => vec![s.parse().expect("DAMAGED_FOLDER_SETS_SEED is a number")],
        Err(_) => {
            let n: u64 = std::env::var("DAMAGED_FOLDER_SETS_ROUNDS")
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(200);
            (0..n)
                .map(|i| 0xf01d_0000 + i)
                // A log cut short inside its written part: the check passed it,
                // and the restore replayed what was left.
                .chain([4028432537])
                .collect()
        }
    };
    let (mut restored, n) = (0, seeds.len());
    for seed in seeds {
        let mut rng = Rng(seed);
        let set = r.join(format!("set-{seed}"));
        let what = damaged_copy(&files, &set, &mut rng);
        let ctx = format!("DAMAGED_FOLDER_SETS_SEED={seed} ({what})");
        // A panic inside either call is reported with the round's seed.
        let unwound = |call: &str| -> String { format!("{ctx}: {call} panicked") };
        let report = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            verify_backup_set(fs.as_ref(), &set)
        }))
        .unwrap_or_else(|_| panic!("{}", unwound("verify_backup_set")));
        let out = r.join(format!("out-{seed}"));
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            restore(&fs, &set, Some(&out), &out, None)
        }))
        .unwrap_or_else(|_| panic!("{}", unwound("the restore")));
        match result {
            Ok(()) => {
                restored += 1;
                match &report {
                    Ok(rep) => assert!(rep.is_ok(), "{ctx}: restored, but the check found {rep:?}"),
                    Err(e) => panic!("{ctx}: restored, but the check failed: {e}"),
                }
                assert_eq!(values(&fs, &out), want, "{ctx}");
                std::fs::remove_dir_all(&out).unwrap();
            }
            Err(e) => {
                assert!(
                    !out.exists(),
                    "{ctx}: the refused restore ({e}) wrote {}",
                    out.display()
                );
                if let Ok(rep) = &report {
                    assert!(
                        !rep.is_ok(),
                        "{ctx}: the check found nothing, but the restore failed: {e}"
                    );
                }
            }
        }
        std::fs::remove_dir_all(&set).unwrap();
    }
    eprintln!(
        "{n} rounds: {restored} restored whole, {} refused",
        n - restored
    );
    if n >= 100 {
        assert!(restored > 0 && restored < n, "{restored} of {n} restored");
    }
}
