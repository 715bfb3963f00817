//! Instances and sessions: options, the attached-database limit, attach and detach,
//! the session limit, databases of another instance, and what ending or dropping a
//! session does to its transaction.

mod common;

use common::Scratch;
use ese::db::{KeyLimit, Prep, SeekGrbit};
use ese::format::coltype::Value;
use ese::record::schema::parse_schema;
use ese::record::Cell;
use ese::{CreateOptions, ErrorCode, Instance, InstanceOptions, Warning};
use std::path::PathBuf;

/// A folder of the test's own for `name`'s instance and databases, removed when
/// the test ends.
fn dir(name: &str) -> Scratch {
    Scratch::new(&format!("inst-{name}"))
}

const SCHEMA: &str = r#"{"tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "val", "type": "Long"}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]}]}]}"#;

#[test]
fn options_are_checked() {
    let d = dir("opts");
    for bad in ["", "ed", "edbx", "e b"] {
        let o = InstanceOptions {
            base_name: bad.into(),
            ..d.opts()
        };
        assert_eq!(
            Instance::new(o).unwrap_err().code(),
            ErrorCode::InvalidParameter,
            "{bad:?}"
        );
    }
    let o = InstanceOptions {
        version_store_bytes: 0,
        ..d.opts()
    };
    assert_eq!(
        Instance::new(o).unwrap_err().code(),
        ErrorCode::InvalidParameter
    );
    let i = Instance::new(d.opts()).unwrap();
    assert_eq!(i.options().base_name, "edb");
}

#[test]
fn six_databases_at_most() {
    let d = dir("six");
    let inst = Instance::new(d.opts()).unwrap();
    for n in 0..6 {
        inst.create_database(d.join(format!("{n}.edb")), CreateOptions::default())
            .unwrap();
    }
    assert_eq!(
        inst.create_database(d.join("6.edb"), CreateOptions::default())
            .unwrap_err()
            .code(),
        ErrorCode::TooManyAttachedDatabases
    );
    // Attaching one already attached gives it back with a warning.
    let (_, w) = inst.attach_database(d.join("3.edb"), false).unwrap();
    assert_eq!(w, Some(Warning::DatabaseAttached));
    inst.detach_database(d.join("3.edb")).unwrap();
    assert_eq!(
        inst.detach_database(d.join("3.edb")).unwrap_err().code(),
        ErrorCode::DatabaseNotFound
    );
    let (db, w) = inst.attach_database(d.join("3.edb"), false).unwrap();
    assert_eq!(w, None);
    assert!(db.is_writable());
    assert_eq!(inst.databases().len(), 6);
    inst.term().unwrap();
    assert!(inst.databases().is_empty());
}

#[test]
fn sessions_are_limited_and_given_back() {
    let d = dir("sessions");
    let o = InstanceOptions {
        max_sessions: 2,
        ..d.opts()
    };
    let inst = Instance::new(o).unwrap();
    let a = inst.begin_session().unwrap();
    let b = inst.begin_session().unwrap();
    assert_eq!(
        inst.begin_session().unwrap_err().code(),
        ErrorCode::OutOfSessions
    );
    let a2 = a.clone();
    drop(a);
    assert_eq!(
        inst.begin_session().unwrap_err().code(),
        ErrorCode::OutOfSessions
    );
    drop(a2);
    let _c = inst.begin_session().unwrap();
    b.end().unwrap();
    let _d = inst.begin_session().unwrap();
}

fn set_up(inst: &Instance, path: PathBuf) -> ese::Database {
    let mut db = inst
        .create_database(path, CreateOptions::default())
        .unwrap();
    db.create_table_spec(&parse_schema(SCHEMA).unwrap().tables[0])
        .unwrap();
    db
}

fn count(inst: &Instance, db: &ese::Database) -> usize {
    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(db, "t").unwrap();
    let mut n = 0;
    let mut r = c.move_first();
    while r.is_ok() {
        n += 1;
        r = c.move_next();
    }
    n
}

#[test]
fn ending_or_dropping_a_session_rolls_back() {
    let d = dir("end");
    let inst = Instance::new(d.opts()).unwrap();
    let db = set_up(&inst, d.join("a.edb"));
    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    s.begin_transaction().unwrap();
    for id in 0..3 {
        c.prepare_update(Prep::Insert).unwrap();
        c.set_column(1, Some(Cell::Value(Value::Long(id))), 1)
            .unwrap();
        c.update().unwrap();
    }
    s.clone().end().unwrap();
    assert_eq!(count(&inst, &db), 0);
    assert_eq!(c.move_first().unwrap_err().code(), ErrorCode::InvalidSesid);
    assert_eq!(
        s.begin_transaction().unwrap_err().code(),
        ErrorCode::InvalidSesid
    );

    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    s.begin_transaction().unwrap();
    c.prepare_update(Prep::Insert).unwrap();
    c.set_column(1, Some(Cell::Value(Value::Long(9))), 1)
        .unwrap();
    c.update().unwrap();
    drop(c);
    drop(s);
    assert_eq!(count(&inst, &db), 0);
    assert_eq!(inst.active_transactions(), 0);
    db.check().unwrap();
}

#[test]
fn a_database_of_another_instance_is_refused() {
    let d = dir("other");
    let d2 = dir("other-two");
    let one = Instance::new(d.opts()).unwrap();
    let two = Instance::new(d2.opts()).unwrap();
    let db = set_up(&one, d.join("a.edb"));
    let s = two.begin_session().unwrap();
    assert_eq!(
        s.open_table(&db, "t").unwrap_err().code(),
        ErrorCode::InvalidDatabaseId
    );
}

#[test]
fn a_transaction_spans_databases() {
    let d = dir("span");
    let inst = Instance::new(d.opts()).unwrap();
    let a = set_up(&inst, d.join("a.edb"));
    let b = set_up(&inst, d.join("b.edb"));
    let s = inst.begin_session().unwrap();
    let mut ca = s.open_table(&a, "t").unwrap();
    let mut cb = s.open_table(&b, "t").unwrap();
    for commit in [false, true] {
        s.begin_transaction().unwrap();
        for c in [&mut ca, &mut cb] {
            c.prepare_update(Prep::Insert).unwrap();
            c.set_column(1, Some(Cell::Value(Value::Long(1))), 1)
                .unwrap();
            c.update().unwrap();
        }
        // Uncommitted changes keep a database from detaching.
        assert_eq!(
            inst.detach_database(d.join("b.edb")).unwrap_err().code(),
            ErrorCode::InTransaction
        );
        if commit {
            s.commit_transaction().unwrap();
        } else {
            s.rollback().unwrap();
        }
        let n = usize::from(commit);
        assert_eq!((count(&inst, &a), count(&inst, &b)), (n, n));
    }
    ca.make_key(&[Some(Value::Long(1))], KeyLimit::None)
        .unwrap();
    ca.seek(SeekGrbit::Eq).unwrap();
    drop((ca, cb));
    inst.detach_database(d.join("b.edb")).unwrap();
    a.check().unwrap();
}

#[test]
fn database_calls_run_outside_transactions() {
    let d = dir("intx");
    let inst = Instance::new(d.opts()).unwrap();
    let s = inst.begin_session().unwrap();
    let db = s
        .create_database(d.join("a.edb"), CreateOptions::default())
        .unwrap();
    s.begin_transaction().unwrap();
    assert_eq!(
        s.create_database(d.join("b.edb"), CreateOptions::default())
            .unwrap_err()
            .code(),
        ErrorCode::InTransaction
    );
    assert_eq!(
        s.attach_database(d.join("a.edb"), false)
            .unwrap_err()
            .code(),
        ErrorCode::InTransaction
    );
    assert_eq!(
        s.detach_database(d.join("a.edb")).unwrap_err().code(),
        ErrorCode::InTransaction
    );
    s.commit_transaction().unwrap();
    let (again, w) = s.attach_database(d.join("a.edb"), false).unwrap();
    assert_eq!(w, Some(Warning::DatabaseAttached));
    assert_eq!(again.path(), db.path());
    s.detach_database(d.join("a.edb")).unwrap();
    // A session of a database opened on its own has no instance to attach to.
    let lone = ese::Database::create(d.join("c.edb"), CreateOptions::default()).unwrap();
    let ls = lone.begin_session().unwrap();
    assert_eq!(
        ls.attach_database(d.join("a.edb"), false)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidParameter
    );
}

#[test]
fn force_new_log_starts_one_generation_per_call() {
    let d = dir("roll");
    let d2 = dir("roll-off");
    let opts = d.opts();
    let inst = Instance::new(opts.clone()).unwrap();
    let db = set_up(&inst, d.join("a.edb"));
    let first = inst.log_generation().unwrap();
    for n in 1..=10 {
        assert_eq!(inst.force_new_log().unwrap(), Some(first + n));
    }
    assert_eq!(inst.log_generation(), Some(first + 10));
    // Inside a transaction: the transaction goes on and commits afterwards.
    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    s.begin_transaction().unwrap();
    c.prepare_update(Prep::Insert).unwrap();
    c.set_column(1, Some(Cell::Value(Value::Long(1))), 1)
        .unwrap();
    c.update().unwrap();
    assert_eq!(inst.force_new_log().unwrap(), Some(first + 11));
    assert_eq!(s.transaction_level(), 1);
    s.commit_transaction().unwrap();
    drop(c);
    drop(s);
    let logs = ese::log::list_generations(&ese_os::StdFs, &opts.log_path, "edb").unwrap();
    assert!(logs.contains(&(first + 10)), "{logs:?}");
    assert_eq!(count(&inst, &db), 1);
    drop(db);
    inst.term().unwrap();

    let o = InstanceOptions {
        recovery: false,
        ..d2.opts()
    };
    let off = Instance::new(o).unwrap();
    assert_eq!(off.log_generation(), None);
    assert_eq!(off.force_new_log().unwrap(), None);
}

#[test]
fn index_stats_count_entries_keys_and_leaf_pages() {
    let d = dir("stats");
    let inst = Instance::new(d.opts()).unwrap();
    let db = set_up(&inst, d.join("a.edb"));
    let empty = db.table("t").unwrap().record_stats().unwrap();
    assert_eq!(empty, ese::db::IndexStats::default());
    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    s.begin_transaction().unwrap();
    for id in 0..3 {
        c.prepare_update(Prep::Insert).unwrap();
        c.set_column(1, Some(Cell::Value(Value::Long(id))), 1)
            .unwrap();
        c.update().unwrap();
    }
    s.commit_transaction().unwrap();
    let t = db.table("t").unwrap();
    let want = ese::db::IndexStats {
        entries: 3,
        keys: 3,
        pages: 1,
    };
    assert_eq!(t.record_stats().unwrap(), want);
    assert_eq!(t.index_stats("primary").unwrap(), want);
    assert_eq!(
        t.index_stats("nope").unwrap_err().code(),
        ErrorCode::IndexNotFound
    );
}

/// Runs `flock -n PATH true`: whether another process can take `path` now.
fn another_process_can_lock(path: &std::path::Path) -> bool {
    std::process::Command::new("flock")
        .arg("-n")
        .arg(path)
        .arg("true")
        .status()
        .expect("flock (util-linux) runs")
        .success()
}

#[test]
fn the_log_folder_and_a_written_database_are_held_for_one_instance() {
    let d = dir("held");
    let d2 = dir("held-other");
    let o = d.opts();
    let logs = o.log_path.clone();
    let a = Instance::new(o.clone()).unwrap();
    let path = logs.join("held.edb");
    a.create_database(&path, CreateOptions::default()).unwrap();
    // Another process cannot take the folder or the database while `a` runs.
    assert!(!another_process_can_lock(&logs));
    assert!(!another_process_can_lock(&path));
    // Nor can another instance: the folder, then the database from a folder of its own.
    let Err(e) = Instance::new(o.clone()) else {
        panic!("the folder is in use")
    };
    assert_eq!(e.code(), ErrorCode::FileAccessDenied, "{e}");
    let b = Instance::new(d2.opts()).unwrap();
    let Err(e) = b.attach_database(&path, false) else {
        panic!("the file is in use")
    };
    assert_eq!(e.code(), ErrorCode::FileAccessDenied, "{e}");
    // Detached, the file is free; ended, the folder is.
    a.detach_database(&path).unwrap();
    assert!(soon_free(&path));
    b.attach_database(&path, false).unwrap();
    b.term().unwrap();
    a.term().unwrap();
    assert!(soon_free(&logs));
    let again = Instance::new(o).unwrap();
    again.term().unwrap();
}

#[test]
fn a_folder_another_process_holds_is_refused() {
    let d = dir("flock");
    let o = d.opts();
    // `-o`: the lock stays with flock itself, not with the command it runs.
    let mut holder = std::process::Command::new("flock")
        .arg("-o")
        .arg(&o.log_path)
        .args(["sleep", "30"])
        .spawn()
        .expect("flock (util-linux) runs");
    // Wait until the holder has the lock.
    let t = std::time::Instant::now();
    while another_process_can_lock(&o.log_path) {
        assert!(t.elapsed().as_secs() < 10, "flock never took the folder");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let Err(e) = Instance::new(o.clone()) else {
        panic!("held by another process")
    };
    assert_eq!(e.code(), ErrorCode::FileAccessDenied, "{e}");
    // A process that ends, even killed, lets go. flock's child (the command)
    // closes its copy of the lock's descriptor only once it runs, which on a
    // busy machine can come after the killed parent is gone: wait for that.
    holder.kill().unwrap();
    holder.wait().unwrap();
    assert!(soon_free(&o.log_path), "the folder stayed held");
    Instance::new(o).unwrap().term().unwrap();
}

/// Whether another process can take `path` within 10 s. A lock let go can
/// stay held a moment longer by a copy of its descriptor in a process being
/// started (by this test process, whose other tests spawn commands, or by
/// flock itself), until that process closes it or starts its program.
fn soon_free(path: &std::path::Path) -> bool {
    let t = std::time::Instant::now();
    while !another_process_can_lock(path) {
        if t.elapsed().as_secs() >= 10 {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    true
}

/// Every file of `dir` with its bytes.
fn snapshot_of(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let bytes = std::fs::read(e.path()).unwrap_or_default();
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn an_ended_instance_writes_nothing_more() {
    let d = dir("ended");
    let o = InstanceOptions {
        log_file_size: 64 * 1024,
        ..d.opts()
    };
    let logs = o.log_path.clone();
    let inst = Instance::new(o.clone()).unwrap();
    let db = set_up(&inst, logs.join("a.edb"));
    // Rollovers up to the end, so the next file is being prepared as it ends.
    for _ in 0..6 {
        inst.force_new_log().unwrap();
    }
    drop(db);
    inst.term().unwrap();
    let ended = snapshot_of(&logs);
    // The instance is still there: its checkpointer's poll and a checkpoint
    // asked for change nothing, nor does a file prepared ahead appear.
    std::thread::sleep(std::time::Duration::from_millis(350));
    inst.checkpoint().unwrap();
    assert!(snapshot_of(&logs) == ended, "the folder changed after term");
    // Another instance takes the folder while the first is still alive.
    let next = Instance::new(o).unwrap();
    let (db, _) = next.attach_database(logs.join("a.edb"), false).unwrap();
    assert_eq!(count(&next, &db), 0);
    drop(db);
    next.term().unwrap();
    drop(inst);
}
