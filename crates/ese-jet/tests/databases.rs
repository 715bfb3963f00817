//! Databases: create, attach, open, close, detach, their warnings and errors, read-only
//! and exclusive use, and database information.

mod common;
use common::*;
use ese_jet::consts::*;
use ese_jet::*;

#[test]
fn create_attach_open_close_detach() {
    let i = Inst::new("dbs");
    let ses = jet_begin_session(i.inst, None, None).unwrap();
    let file = i.dir.path("a.edb");
    let db = jet_create_database(ses, &file, None, 0).unwrap();
    assert_eq!(db, 1);
    assert_eq!(code(jet_create_database(ses, &file, None, 0)), -1201);
    assert_eq!(
        code(jet_create_database(ses, &i.dir.path("b.edb"), None, 0x4)),
        JET_errInvalidGrbit
    );
    assert_eq!(
        jet_attach_database(ses, &file, 0).unwrap(),
        Some(Warning::DatabaseAttached)
    );
    let info = jet_get_database_info(ses, db).unwrap();
    assert_eq!(info.cbPageSize, 4096);
    assert!(info.filename.ends_with("a.edb"));
    let (t, ids) = table(
        ses,
        db,
        "t",
        vec![col("k", JET_coltypLong, 0)],
        vec![idx("pk", "+k\0\0", JET_bitIndexPrimary)],
    );
    insert(ses, t, &[(ids[0], &long(7))]).unwrap();
    // Open twice, close twice; detach only when no session has it open.
    let (db2, w) = jet_open_database(ses, &file, None, 0).unwrap();
    assert_eq!((db2, w), (db, None));
    jet_close_database(ses, db, 0).unwrap();
    assert_eq!(
        code(jet_detach_database(ses, Some(&file))),
        JET_errDatabaseInUse
    );
    jet_close_database(ses, db, 0).unwrap();
    assert_eq!(
        code(jet_close_database(ses, db, 0)),
        JET_errInvalidDatabaseId
    );
    // Closing the last open closed the cursor too.
    assert_eq!(
        code(jet_move(ses, t, JET_MoveFirst, 0)),
        JET_errInvalidTableId
    );
    assert_eq!(
        code(jet_open_table(ses, db, "t", None, 0)),
        JET_errInvalidDatabaseId
    );
    jet_begin_transaction(ses).unwrap();
    assert_eq!(
        code(jet_detach_database(ses, Some(&file))),
        JET_errInTransaction
    );
    assert_eq!(
        code(jet_create_database(ses, &i.dir.path("c.edb"), None, 0)),
        JET_errInTransaction
    );
    jet_rollback(ses, 0).unwrap();
    jet_detach_database(ses, Some(&file)).unwrap();
    assert_eq!(
        code(jet_open_database(ses, &file, None, 0)),
        JET_errDatabaseNotFound
    );
    assert_eq!(
        code(jet_detach_database(ses, Some(&file))),
        JET_errDatabaseNotFound
    );
    let clean = jet_get_database_file_info(&file).unwrap();
    assert_eq!(clean.dbstate, 3, "clean shutdown after detach");
    assert_eq!(
        (clean.ulVersion, clean.ulUpdate, clean.cbPageSize),
        (0x620, 20, 4096)
    );
    assert_eq!(
        code(jet_get_database_file_info(&i.dir.path("none.edb"))),
        -1811
    );
    // Attach again: the data is there.
    assert_eq!(jet_attach_database(ses, &file, 0).unwrap(), None);
    let (db, _) = jet_open_database(ses, &file, None, 0).unwrap();
    let t = jet_open_table(ses, db, "t", None, 0).unwrap();
    assert_eq!(scan_long(ses, t, ids[0]), vec![7]);
    assert_eq!(
        code(jet_attach_database(ses, &i.dir.path("missing.edb"), 0)),
        -1811
    );
    // Overwrite replaces a detached file.
    jet_close_table(ses, t).unwrap();
    jet_close_database(ses, db, 0).unwrap();
    jet_detach_database(ses, None).unwrap();
    let db = jet_create_database(ses, &file, None, JET_bitDbOverwriteExisting).unwrap();
    assert!(jet_get_table_names(ses, db).unwrap().is_empty());
}

#[test]
fn read_only_and_exclusive_use() {
    let i = Inst::new("dbmodes");
    let ses = jet_begin_session(i.inst, None, None).unwrap();
    let file = i.dir.path("r.edb");
    let db = jet_create_database(ses, &file, None, 0).unwrap();
    let (t, ids) = table(
        ses,
        db,
        "t",
        vec![col("k", JET_coltypLong, 0)],
        vec![idx("pk", "+k\0\0", JET_bitIndexPrimary)],
    );
    insert(ses, t, &[(ids[0], &long(1))]).unwrap();
    jet_close_table(ses, t).unwrap();
    // Exclusive: refused while another session has it open, and locks others out.
    let s2 = jet_begin_session(i.inst, None, None).unwrap();
    jet_open_database(s2, &file, None, 0).unwrap();
    assert_eq!(
        code(jet_open_database(ses, &file, None, JET_bitDbExclusive)),
        JET_errDatabaseInUse
    );
    jet_close_database(s2, db, 0).unwrap();
    jet_open_database(ses, &file, None, JET_bitDbExclusive).unwrap();
    assert_eq!(code(jet_open_database(s2, &file, None, 0)), -1207);
    jet_close_database(ses, db, 0).unwrap();
    jet_close_database(ses, db, 0).unwrap();
    jet_open_database(s2, &file, None, 0).unwrap();
    jet_close_database(s2, db, 0).unwrap();
    // Read-only open: writes refused.
    let (rdb, w) = jet_open_database(ses, &file, None, JET_bitDbReadOnly).unwrap();
    assert_eq!(w, None);
    let t = jet_open_table(ses, rdb, "t", None, 0).unwrap();
    assert_eq!(
        code(jet_prepare_update(ses, t, JET_prepInsert)),
        JET_errPermissionDenied
    );
    assert_eq!(
        code(jet_create_table(ses, rdb, "u", 0, 0)),
        JET_errPermissionDenied
    );
    assert!(jet_get_database_info(ses, rdb).unwrap().read_only);
    jet_close_database(ses, rdb, 0).unwrap();
    // Read-only attach: an open says so.
    jet_detach_database(ses, Some(&file)).unwrap();
    jet_attach_database(ses, &file, JET_bitDbReadOnly).unwrap();
    let (rdb, w) = jet_open_database(ses, &file, None, 0).unwrap();
    assert_eq!(w, Some(Warning::FileOpenReadOnly));
    let t = jet_open_table(ses, rdb, "t", None, 0).unwrap();
    assert_eq!(scan_long(ses, t, ids[0]), vec![1]);
    assert_eq!(code(jet_delete(ses, t)), JET_errPermissionDenied);
    assert_eq!(
        code(jet_attach_database(ses, &file, 0x8000_0000)),
        JET_errInvalidGrbit
    );
}

#[test]
fn seven_databases_are_too_many() {
    let i = Inst::new("sixdbs");
    let ses = jet_begin_session(i.inst, None, None).unwrap();
    for n in 1..=6 {
        assert_eq!(
            jet_create_database(ses, &i.dir.path(&format!("{n}.edb")), None, 0).unwrap(),
            n
        );
    }
    assert_eq!(
        code(jet_create_database(ses, &i.dir.path("7.edb"), None, 0)),
        -1805
    );
    jet_close_database(ses, 3, 0).unwrap();
    jet_detach_database(ses, Some(&i.dir.path("3.edb"))).unwrap();
    assert_eq!(
        jet_create_database(ses, &i.dir.path("7.edb"), None, 0).unwrap(),
        3
    );
    let names: Vec<String> = jet_get_instance_info()
        .unwrap()
        .into_iter()
        .find(|x| x.hInstanceId == i.inst)
        .unwrap()
        .szDatabaseFileName;
    assert_eq!(names.len(), 6);
    assert!(names.iter().any(|n| n.ends_with("7.edb")));
}

#[test]
fn a_size_limit_stops_growth_and_loses_nothing() {
    let i = Inst::new("dbmax");
    let ses = jet_begin_session(i.inst, None, None).unwrap();
    let file = i.dir.path("a.edb");
    const MAX: u32 = 400;
    let db = jet_create_database2(ses, &file, MAX, 0).unwrap();
    let (t, ids) = table(
        ses,
        db,
        "t",
        vec![
            col("k", JET_coltypLong, 0),
            col("v", JET_coltypLongBinary, 0),
        ],
        vec![idx("pk", "+k\0\0", JET_bitIndexPrimary)],
    );
    let value = vec![0x5Au8; 1500];
    let page = 4096u64;
    // A growth on request stops at the limit, with the error, and breaks nothing.
    assert_eq!(
        code(jet_grow_database(ses, db, 100_000)),
        JET_errOutOfDatabaseSpace
    );
    assert_eq!(
        std::fs::metadata(&file).unwrap().len(),
        (u64::from(MAX) + 2) * page
    );
    // Insert until the limit refuses one; each insert commits on its own.
    let mut n = 0;
    let refused = loop {
        match insert(ses, t, &[(ids[0], &long(n)), (ids[1], &value)]) {
            Ok(_) => n += 1,
            Err(e) => break e,
        }
        assert!(n < 10_000, "the limit never stopped the inserts");
    };
    assert_eq!(
        refused.code().value(),
        JET_errOutOfDatabaseSpace,
        "{refused}"
    );
    assert!(n > 100, "only {n} records fitted");
    // The file stayed inside the limit (its two header pages besides), and every
    // committed record is whole; the refused one left nothing.
    let len = std::fs::metadata(&file).unwrap().len();
    assert!(len <= (u64::from(MAX) + 2) * page, "{len} bytes");
    assert_eq!(scan_long(ses, t, ids[0]), (0..n).collect::<Vec<_>>());
    // In a transaction: the refusal leaves the transaction usable and its earlier
    // work in place.
    jet_begin_transaction(ses).unwrap();
    seek_long(ses, t, 0, JET_bitSeekEQ).unwrap();
    jet_delete(ses, t).unwrap();
    assert_eq!(
        code(insert(
            ses,
            t,
            &[(ids[0], &long(n)), (ids[1], &vec![1u8; 200_000])]
        )),
        JET_errOutOfDatabaseSpace
    );
    jet_commit_transaction(ses, 0).unwrap();
    assert_eq!(scan_long(ses, t, ids[0]), (1..n).collect::<Vec<_>>());
    // Room freed inside the file is used again, once the version store's cleanup has
    // removed the deleted records.
    for k in 1..20 {
        seek_long(ses, t, k, JET_bitSeekEQ).unwrap();
        jet_delete(ses, t).unwrap();
    }
    jet_idle(ses, 0).unwrap();
    insert(ses, t, &[(ids[0], &long(n)), (ids[1], &value)]).unwrap();
    // Attached again without a limit, it grows.
    jet_close_table(ses, t).unwrap();
    jet_close_database(ses, db, 0).unwrap();
    jet_detach_database(ses, Some(&file)).unwrap();
    assert_eq!(jet_attach_database2(ses, &file, 0, 0).unwrap(), None);
    let (db, _) = jet_open_database(ses, &file, None, 0).unwrap();
    let t = jet_open_table(ses, db, "t", None, 0).unwrap();
    for k in n + 1..n + 200 {
        insert(ses, t, &[(ids[0], &long(k)), (ids[1], &value)]).unwrap();
    }
    assert!(std::fs::metadata(&file).unwrap().len() > (u64::from(MAX) + 2) * page);
    // And with a limit below its size it takes no more pages.
    jet_close_table(ses, t).unwrap();
    jet_close_database(ses, db, 0).unwrap();
    jet_detach_database(ses, Some(&file)).unwrap();
    jet_attach_database2(ses, &file, MAX, 0).unwrap();
    let (db, _) = jet_open_database(ses, &file, None, 0).unwrap();
    let t = jet_open_table(ses, db, "t", None, 0).unwrap();
    let before = std::fs::metadata(&file).unwrap().len();
    let mut k = n + 200;
    let refused = loop {
        match insert(ses, t, &[(ids[0], &long(k)), (ids[1], &value)]) {
            Ok(_) => k += 1,
            Err(e) => break e,
        }
        assert!(k < n + 10_000);
    };
    assert_eq!(refused.code().value(), JET_errOutOfDatabaseSpace);
    assert_eq!(std::fs::metadata(&file).unwrap().len(), before);
    jet_close_table(ses, t).unwrap();
    jet_close_database(ses, db, 0).unwrap();
    jet_end_session(ses, 0).unwrap();
}

/// The file's size in pages before and after its first growth, with
/// `JET_paramDbExtensionSize` at `ext` (or its default).
fn first_growth(tag: &str, ext: Option<usize>) -> (u64, u64) {
    let i = Inst::new(tag);
    if let Some(ext) = ext {
        jet_set_system_parameter(i.inst, 0, JET_paramDbExtensionSize, ext, None).unwrap();
    }
    let ses = jet_begin_session(i.inst, None, None).unwrap();
    let file = i.dir.path("a.edb");
    let db = jet_create_database(ses, &file, None, 0).unwrap();
    let (t, ids) = table(
        ses,
        db,
        "t",
        vec![
            col("k", JET_coltypLong, 0),
            col("v", JET_coltypLongBinary, 0),
        ],
        vec![idx("pk", "+k\0\0", JET_bitIndexPrimary)],
    );
    let pages = || std::fs::metadata(&file).unwrap().len() / 4096;
    let before = pages();
    let value = vec![7u8; 3000];
    for k in 0..10_000 {
        insert(ses, t, &[(ids[0], &long(k)), (ids[1], &value)]).unwrap();
        if pages() != before {
            let after = pages();
            jet_close_table(ses, t).unwrap();
            jet_end_session(ses, 0).unwrap();
            return (before, after);
        }
    }
    panic!("the file never grew");
}

#[test]
fn the_file_grows_by_the_extension_size() {
    let (before, after) = first_growth("dbext-16", Some(16));
    assert_eq!(after % 16, 0, "{before} -> {after} pages");
    assert!(after - before < 256, "{before} -> {after} pages");
    let (before, after) = first_growth("dbext-default", None);
    assert_eq!(after % 256, 0, "{before} -> {after} pages");
    assert!(after - before >= 256, "{before} -> {after} pages");
}

#[test]
fn databases_grow_on_request() {
    let i = Inst::new("dbgrow");
    let ses = jet_begin_session(i.inst, None, None).unwrap();
    let file = i.dir.path("a.edb");
    let db = jet_create_database(ses, &file, None, 0).unwrap();
    let file_pages = || std::fs::metadata(&file).unwrap().len() / 4096;
    let start = file_pages();
    // A grow to less than the file's size changes nothing; a shrink is refused.
    assert_eq!(jet_grow_database(ses, db, 10).unwrap() as u64, start);
    assert_eq!(
        code(jet_resize_database(ses, db, 10, 0)),
        JET_errFeatureNotAvailable
    );
    assert_eq!(
        code(jet_resize_database(ses, db, 10, 3)),
        JET_errInvalidGrbit
    );
    // Growing: at least the target, in whole extension steps; the pages are free space.
    let got = jet_grow_database(ses, db, 1000).unwrap();
    assert!(got >= 1000 && u64::from(got) == file_pages(), "{got} pages");
    assert_eq!(got % 256, 0, "{got} pages");
    assert_eq!(
        jet_resize_database(ses, db, 2000, JET_bitResizeDatabaseOnlyShrink).unwrap(),
        got
    );
    let (t, ids) = table(
        ses,
        db,
        "t",
        vec![
            col("k", JET_coltypLong, 0),
            col("v", JET_coltypLongBinary, 0),
        ],
        vec![idx("pk", "+k\0\0", JET_bitIndexPrimary)],
    );
    for k in 0..200 {
        insert(ses, t, &[(ids[0], &long(k)), (ids[1], &[9u8; 2000])]).unwrap();
    }
    assert_eq!(
        file_pages(),
        u64::from(got),
        "the inserts used the grown space"
    );
    assert_eq!(scan_long(ses, t, ids[0]).len(), 200);
    // JetSetDatabaseSize on the attached database grows it the same way.
    let n = jet_set_database_size(ses, &file, 3000).unwrap();
    assert!(n >= 3000 && file_pages() == u64::from(n) + 2, "{n}");
    assert_eq!(
        code(jet_set_database_size(ses, &file, 3)),
        JET_errInvalidParameter
    );
    assert_eq!(code(jet_set_database_size(ses, "", 100)), -1217);
    // After detaching, it lengthens the file itself, which opens with everything whole.
    jet_close_table(ses, t).unwrap();
    jet_close_database(ses, db, 0).unwrap();
    jet_detach_database(ses, Some(&file)).unwrap();
    assert_eq!(jet_set_database_size(ses, &file, 100).unwrap(), n);
    assert_eq!(jet_set_database_size(ses, &file, 5000).unwrap(), 5000);
    assert_eq!(file_pages(), 5002);
    jet_attach_database(ses, &file, 0).unwrap();
    let (db, _) = jet_open_database(ses, &file, None, 0).unwrap();
    let t = jet_open_table(ses, db, "t", None, 0).unwrap();
    for k in 200..400 {
        insert(ses, t, &[(ids[0], &long(k)), (ids[1], &[9u8; 2000])]).unwrap();
    }
    assert_eq!(scan_long(ses, t, ids[0]), (0..400).collect::<Vec<_>>());
    jet_close_table(ses, t).unwrap();
    jet_close_database(ses, db, 0).unwrap();
    jet_end_session(ses, 0).unwrap();
}

#[test]
fn the_log_signature_of_the_instance_is_in_its_databases_headers() {
    let i = Inst::new("logsig");
    let ses = jet_begin_session(i.inst, None, None).unwrap();
    let file = i.dir.path("a.edb");
    let db = jet_create_database(ses, &file, None, 0).unwrap();
    let sig = jet_get_instance_misc_info(i.inst, JET_InstanceMiscInfoLogSignature)
        .unwrap()
        .unwrap();
    let info = jet_get_database_info(ses, db).unwrap();
    assert_eq!(info.header.log_signature, sig);
    assert_ne!(sig.random, 0);
    assert_eq!(
        jet_get_instance_misc_info(i.inst, JET_InstanceMiscInfoRBS).unwrap(),
        None
    );
    assert_eq!(
        code(jet_get_instance_misc_info(
            i.inst,
            JET_InstanceMiscInfoCheckpoint
        )),
        JET_errFeatureNotAvailable
    );
    assert_eq!(
        code(jet_get_instance_misc_info(i.inst, 9)),
        JET_errInvalidParameter
    );
    jet_end_session(ses, 0).unwrap();
}

#[test]
fn thread_stats_count_the_calling_threads_work() {
    std::thread::spawn(|| {
        assert_eq!(jet_get_thread_stats(), ThreadStats::default());
        let e = Env::new("tstats");
        let ses = e.ses;
        let (t, ids) = table(
            ses,
            e.db,
            "t",
            vec![
                col("k", JET_coltypLong, 0),
                col("blob", JET_coltypLongBinary, 0),
            ],
            vec![idx("pk", "+k\0\0", JET_bitIndexPrimary)],
        );
        let before = jet_get_thread_stats();
        jet_begin_transaction(ses).unwrap();
        for k in 0..200 {
            insert(ses, t, &[(ids[0], &long(k)), (ids[1], &[k as u8; 3000])]).unwrap();
        }
        jet_commit_transaction(ses, 0).unwrap();
        let wrote = jet_get_thread_stats();
        assert!(wrote.pages_referenced > before.pages_referenced + 200);
        assert!(wrote.pages_dirtied > before.pages_dirtied);
        assert!(wrote.pages_redirtied > before.pages_redirtied + 100);
        assert!(wrote.log_records >= before.log_records + 200);
        assert!(wrote.log_bytes >= before.log_bytes + 200 * 3000);
        assert_eq!(wrote.pages_preread, 0);

        // Another thread's reads count on that thread only.
        let inst = e.i.inst;
        let file = e.file.clone();
        let theirs = std::thread::spawn(move || {
            let ses = jet_begin_session(inst, None, None).unwrap();
            let (db, _) = jet_open_database(ses, &file, None, 0).unwrap();
            let t = jet_open_table(ses, db, "t", None, 0).unwrap();
            let mut n = 0;
            let mut r = jet_move(ses, t, JET_MoveFirst, 0);
            while r.is_ok() {
                n += 1;
                r = jet_move(ses, t, JET_MoveNext, 0);
            }
            assert_eq!(n, 200);
            jet_end_session(ses, 0).unwrap();
            jet_get_thread_stats()
        })
        .join()
        .unwrap();
        assert!(theirs.pages_referenced > 0);
        assert_eq!(theirs.pages_dirtied, 0);
        assert_eq!(jet_get_thread_stats(), wrote);

        // A separated long value read counts as one.
        seek_long(ses, t, 7, JET_bitSeekEQ).unwrap();
        let mut buf = vec![0u8; 3000];
        jet_retrieve_column(ses, t, ids[1], &mut buf, 0, None).unwrap();
        assert_eq!(buf, vec![7u8; 3000]);
        let read = jet_get_thread_stats();
        assert_eq!(read.long_values_read, wrote.long_values_read + 1);
        assert_eq!(read.log_records, wrote.log_records);

        // Pages not in the cache after the database is attached again: misses and reads.
        jet_close_table(ses, t).unwrap();
        jet_close_database(ses, e.db, 0).unwrap();
        jet_detach_database(ses, Some(&e.file)).unwrap();
        jet_attach_database(ses, &e.file, 0).unwrap();
        let (db, _) = jet_open_database(ses, &e.file, None, 0).unwrap();
        let t = jet_open_table(ses, db, "t", None, 0).unwrap();
        let cold = jet_get_thread_stats();
        seek_long(ses, t, 150, JET_bitSeekEQ).unwrap();
        assert_eq!(get(ses, t, ids[1]).unwrap(), vec![150u8; 3000]);
        let warm = jet_get_thread_stats();
        assert!(warm.cache_misses > cold.cache_misses);
        assert!(warm.pages_read > cold.pages_read);
        assert!(warm.long_value_cache_misses > cold.long_value_cache_misses);
        assert!(
            warm.long_value_cache_misses - cold.long_value_cache_misses
                <= warm.cache_misses - cold.cache_misses
        );
    })
    .join()
    .unwrap();
}

/// A new instance (multi-instance mode) whose system and log folder is `dir`, not started.
fn instance_in(dir: &TempDir, tag: &str) -> JET_INSTANCE {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let inst = jet_create_instance(Some(&format!("{tag}-{n}"))).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramSystemPath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramLogFilePath, 0, Some(dir.s())).unwrap();
    inst
}

/// The bytes of the log and checkpoint files in `dir`, by name.
fn log_files(dir: &TempDir) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir.0)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x == "log" || x == "chk" || x == "jrs")
        })
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn recovery_without_undo_replays_and_stops_before_undo() {
    let dir = TempDir::new("noundo");
    let file = dir.path("ship.edb");
    // Committed records, then a transaction left open when the instance ends dirty.
    let a = instance_in(&dir, "noundo");
    jet_init(Some(&mut a.clone())).unwrap();
    let ses = jet_begin_session(a, None, None).unwrap();
    let db = jet_create_database(ses, &file, None, 0).unwrap();
    let (t, ids) = table(
        ses,
        db,
        "t",
        vec![col("k", JET_coltypLong, 0)],
        vec![idx("pk", "+k\0\0", JET_bitIndexPrimary)],
    );
    for k in 1..=100 {
        insert(ses, t, &[(ids[0], &long(k))]).unwrap();
    }
    jet_begin_transaction(ses).unwrap();
    for k in 101..=110 {
        insert(ses, t, &[(ids[0], &long(k))]).unwrap();
    }
    assert_eq!(code(jet_term2(a, JET_bitTermDirty)), JET_errDirtyShutdown);
    let logged = log_files(&dir);
    assert!(logged.iter().any(|(n, _)| n.ends_with(".chk")));

    // Replayed to the log's end, stopped before undo: nothing written to the log or the
    // checkpoint, the database still dirty, the instance not started; twice the same.
    let b = instance_in(&dir, "noundo");
    for _ in 0..2 {
        assert_eq!(
            code(jet_init3(
                Some(&mut b.clone()),
                None,
                JET_bitRecoveryWithoutUndo
            )),
            JET_errRecoveredWithoutUndo
        );
        assert!(
            log_files(&dir) == logged,
            "recovery without undo wrote to the log"
        );
        let info = jet_get_database_file_info(&file).unwrap();
        assert_eq!(info.dbstate, JET_dbstateDirtyShutdown);
        assert_eq!(
            code(jet_begin_session(b, None, None)),
            JET_errNotInitialized
        );
    }

    // A start with undo recovers the rest: the committed records, not the open ones.
    jet_init(Some(&mut b.clone())).unwrap();
    let ses = jet_begin_session(b, None, None).unwrap();
    jet_attach_database(ses, &file, 0).unwrap();
    let (db, _) = jet_open_database(ses, &file, None, 0).unwrap();
    let t = jet_open_table(ses, db, "t", None, 0).unwrap();
    assert_eq!(scan_long(ses, t, ids[0]), (1..=100).collect::<Vec<_>>());
    jet_close_table(ses, t).unwrap();
    jet_end_session(ses, 0).unwrap();
    jet_term(b).unwrap();

    // After a clean end nothing is left to undo.
    let c = instance_in(&dir, "noundo");
    assert_eq!(
        code(jet_init3(
            Some(&mut c.clone()),
            None,
            JET_bitRecoveryWithoutUndo
        )),
        JET_errRecoveredWithoutUndoDatabasesConsistent
    );
    jet_term(c).unwrap();
}

/// Copies the log files of `from` into `to`, as log shipping does.
fn ship_logs(from: &TempDir, to: &TempDir) {
    for e in std::fs::read_dir(&from.0).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "log") {
            std::fs::copy(&p, to.0.join(p.file_name().unwrap())).unwrap();
        }
    }
}

#[test]
fn a_copy_kept_current_by_shipped_logs_recovers_to_the_source() {
    let (src, dst) = (TempDir::new("shipsrc"), TempDir::new("shipdst"));
    let (file, copy) = (src.path("ship.edb"), dst.path("ship.edb"));
    let map = JET_RSTINFO {
        rgrstmap: vec![(file.clone(), copy.clone())],
    };
    // The source: a database with records 1..=50, shut down cleanly; the copy seeded
    // from its files.
    let s = instance_in(&src, "shipsrc");
    jet_init(Some(&mut s.clone())).unwrap();
    let ses = jet_begin_session(s, None, None).unwrap();
    let db = jet_create_database(ses, &file, None, 0).unwrap();
    let (t, ids) = table(
        ses,
        db,
        "t",
        vec![col("k", JET_coltypLong, 0)],
        vec![idx("pk", "+k\0\0", JET_bitIndexPrimary)],
    );
    for k in 1..=50 {
        insert(ses, t, &[(ids[0], &long(k))]).unwrap();
    }
    jet_term(s).unwrap();
    for e in std::fs::read_dir(&src.0).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dst.0.join(p.file_name().unwrap())).unwrap();
    }
    // Twice: the source goes on (and stops abruptly), its logs are shipped, and the
    // copy replays them without undo.
    for round in 1..=2 {
        let s = instance_in(&src, "shipsrc");
        jet_init(Some(&mut s.clone())).unwrap();
        let ses = jet_begin_session(s, None, None).unwrap();
        jet_attach_database(ses, &file, 0).unwrap();
        let (db, _) = jet_open_database(ses, &file, None, 0).unwrap();
        let t = jet_open_table(ses, db, "t", None, 0).unwrap();
        for k in 1 + 50 * round..=50 + 50 * round {
            insert(ses, t, &[(ids[0], &long(k))]).unwrap();
        }
        jet_begin_transaction(ses).unwrap();
        insert(ses, t, &[(ids[0], &long(1000 + round))]).unwrap();
        assert_eq!(code(jet_term2(s, JET_bitTermDirty)), JET_errDirtyShutdown);
        ship_logs(&src, &dst);
        let before = std::fs::read(&copy).unwrap();
        let r = instance_in(&dst, "shipdst");
        assert_eq!(
            code(jet_init3(
                Some(&mut r.clone()),
                Some(&map),
                JET_bitRecoveryWithoutUndo
            )),
            JET_errRecoveredWithoutUndo,
            "round {round}"
        );
        assert!(
            std::fs::read(&copy).unwrap() != before,
            "round {round}: nothing replayed"
        );
        jet_term(r).unwrap();
    }
    // Brought up: the copy holds what the source committed, not what it left open.
    let r = instance_in(&dst, "shipdst");
    jet_init3(Some(&mut r.clone()), Some(&map), 0).unwrap();
    let ses = jet_begin_session(r, None, None).unwrap();
    jet_attach_database(ses, &copy, 0).unwrap();
    let (db, _) = jet_open_database(ses, &copy, None, 0).unwrap();
    let t = jet_open_table(ses, db, "t", None, 0).unwrap();
    assert_eq!(scan_long(ses, t, ids[0]), (1..=150).collect::<Vec<_>>());
    jet_close_table(ses, t).unwrap();
    jet_end_session(ses, 0).unwrap();
    jet_term(r).unwrap();
}

#[test]
fn online_defragmentation_runs_in_the_background_while_writers_go_on() {
    let e = Env::new("defrag");
    let ses = e.ses;
    let (t, ids) = table(
        ses,
        e.db,
        "t",
        vec![col("k", JET_coltypLong, 0), col("pad", JET_coltypBinary, 0)],
        vec![idx("pk", "+k\0\0", JET_bitIndexPrimary)],
    );
    for k in 0..3000 {
        insert(ses, t, &[(ids[0], &long(k)), (ids[1], &[k as u8; 120])]).unwrap();
    }
    // Nine in ten deleted from the right: pages thin out with full left neighbours.
    jet_move(ses, t, JET_MoveLast, 0).unwrap();
    loop {
        let k = get_long(ses, t, ids[0]).unwrap();
        if k % 10 != 0 {
            jet_delete(ses, t).unwrap();
        }
        if jet_move(ses, t, JET_MovePrevious, 0).is_err() {
            break;
        }
    }
    let before = jet_get_table_info(ses, t).unwrap().cpages;
    // Nothing runs yet.
    assert_eq!(
        jet_defragment(ses, e.db, None, None, None, JET_bitDefragmentBatchStop).unwrap(),
        Some(Warning::DefragNotRunning)
    );
    // One batch of two passes, its end reported through the callback.
    let (tx, rx) = std::sync::mpsc::channel();
    let tx = std::sync::Mutex::new(tx);
    let done: JET_CALLBACK = std::sync::Arc::new(move |_, dbid, tid, cbtyp| {
        tx.lock().unwrap().send((dbid, tid, cbtyp)).unwrap();
        Ok(())
    });
    let mut passes = 2;
    jet_defragment2(
        ses,
        e.db,
        None,
        Some(&mut passes),
        None,
        Some(done),
        JET_bitDefragmentBatchStart,
    )
    .unwrap();
    // Writers go on meanwhile, in another session too.
    let s2 = jet_begin_session(e.i.inst, None, None).unwrap();
    let (db2, _) = jet_open_database(s2, &e.file, None, 0).unwrap();
    let t2 = jet_open_table(s2, db2, "t", None, 0).unwrap();
    for k in 5000..5100 {
        insert(s2, t2, &[(ids[0], &long(k)), (ids[1], &[1u8; 120])]).unwrap();
    }
    let (dbid, tid, cbtyp) = rx.recv_timeout(std::time::Duration::from_secs(60)).unwrap();
    assert_eq!(
        (dbid, tid, cbtyp),
        (e.db, JET_tableidNil, JET_cbtypOnlineDefragCompleted)
    );
    let after = jet_get_table_info(ses, t).unwrap().cpages;
    assert!(after < before, "{before} -> {after} pages");
    let mut want: Vec<i32> = (0..3000).filter(|k| k % 10 == 0).collect();
    want.extend(5000..5100);
    assert_eq!(scan_long(ses, t, ids[0]), want);
    // A batch without limits runs until stopped; a second start is refused meanwhile.
    jet_defragment(ses, e.db, None, None, None, JET_bitDefragmentBatchStart).unwrap();
    assert_eq!(
        jet_defragment(ses, e.db, None, None, None, JET_bitDefragmentBatchStart).unwrap(),
        Some(Warning::DefragAlreadyRunning)
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    let (mut p, mut secs) = (99, 99);
    assert_eq!(
        jet_defragment(
            ses,
            e.db,
            None,
            Some(&mut p),
            Some(&mut secs),
            JET_bitDefragmentBatchStop
        )
        .unwrap(),
        None
    );
    assert!(p >= 1 && secs < 60, "{p} passes, {secs} s");
    // One table's pass; misuse of the B-tree forms.
    assert_eq!(
        jet_defragment(ses, e.db, Some("t"), None, None, JET_bitDefragmentBTree).unwrap(),
        None
    );
    assert_eq!(
        code(jet_defragment(
            ses,
            e.db,
            None,
            None,
            None,
            JET_bitDefragmentBTree
        )),
        JET_errInvalidName
    );
    assert_eq!(
        code(jet_defragment(ses, e.db, None, None, None, 0x8)),
        JET_errInvalidGrbit
    );
    assert_eq!(
        code(jet_defragment(
            ses,
            e.db,
            Some("t"),
            None,
            None,
            JET_bitDefragmentBTreeBatch | JET_bitDefragmentBatchStart
        )),
        JET_errInvalidParameter
    );
    // JetDefragment3 names the database by its file.
    assert_eq!(
        jet_defragment3(
            ses,
            &e.file,
            Some("t"),
            None,
            None,
            None,
            JET_bitDefragmentBTree
        )
        .unwrap(),
        None
    );
    assert_eq!(
        code(jet_defragment3(
            ses,
            &e.i.dir.path("nope.edb"),
            None,
            None,
            None,
            None,
            JET_bitDefragmentBatchStart
        )),
        JET_errDatabaseNotFound
    );
    // A running batch stops when its database is detached.
    jet_defragment(ses, e.db, None, None, None, JET_bitDefragmentBatchStart).unwrap();
    jet_end_session(s2, 0).unwrap();
    jet_close_table(ses, t).unwrap();
    jet_close_database(ses, e.db, 0).unwrap();
    jet_detach_database(ses, Some(&e.file)).unwrap();
    jet_attach_database(ses, &e.file, 0).unwrap();
    let (db, _) = jet_open_database(ses, &e.file, None, 0).unwrap();
    assert_eq!(
        jet_defragment(ses, db, None, None, None, JET_bitDefragmentBatchStop).unwrap(),
        Some(Warning::DefragNotRunning)
    );
    let t = jet_open_table(ses, db, "t", None, 0).unwrap();
    assert_eq!(scan_long(ses, t, ids[0]), want);
}
