//! Schema changes inside transactions: a created table, an added column, a created
//! or deleted index, a renamed or deleted table is seen by its own transaction at
//! once and by others after it commits (and only by snapshots taken after the
//! commit); a rollback at any level undoes it on the pages too; two transactions
//! changing one table's definition conflict; a deleted table's space goes back once
//! no snapshot reads it. Every database is checked (trees, space, indexes against
//! records) and reopened.

mod common;

use common::Scratch;
use ese::db::{KeyLimit, Prep, SeekGrbit};
use ese::format::coltype::{ColumnType, Value};
use ese::record::schema::{parse_schema, ColumnSpec, IndexSpec, KeySegmentSpec};
use ese::record::Cell;
use ese::{CreateOptions, Cursor, Database, ErrorCode, Instance, InstanceOptions, Session};
use std::path::PathBuf;

const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "val", "type": "Long"},
              {"name": "note", "type": "LongText", "cp": 1252}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
              {"name": "byval", "key": ["+val"]}]}]}"#;

fn table_def(name: &str) -> ese::db::TableDef {
    let mut spec = parse_schema(SCHEMA).unwrap().tables.remove(0);
    spec.name = name.into();
    spec.table_def(8192, "test").unwrap()
}

struct Env {
    inst: Instance,
    db: Database,
    path: PathBuf,
    /// The folder of the database, log and checkpoint (dropped last).
    _dir: Scratch,
}

fn setup(name: &str) -> Env {
    let dir = Scratch::new("ddltxn");
    let path = dir.join(name);
    let inst = Instance::new(dir.opts()).unwrap();
    let db = inst
        .create_database(&path, CreateOptions::default())
        .unwrap();
    Env {
        inst,
        db,
        path,
        _dir: dir,
    }
}

fn insert(c: &mut Cursor, id: i32, val: i32, note: Option<&str>) -> ese::Result<()> {
    c.prepare_update(Prep::Insert)?;
    c.set_column(1, Some(Cell::Value(Value::Long(id))), 1)?;
    c.set_column(2, Some(Cell::Value(Value::Long(val))), 1)?;
    if let Some(n) = note {
        c.set_column(256, Some(Cell::Value(Value::Text(n.into()))), 1)?;
    }
    let r = c.update().map(|_| ());
    if r.is_err() {
        c.cancel_update();
    }
    r
}

fn count(s: &Session, db: &Database, table: &str) -> ese::Result<usize> {
    let c = s.open_table(db, table)?;
    let n = c.table().records()?.count();
    Ok(n)
}

fn code<T: std::fmt::Debug>(r: ese::Result<T>) -> ErrorCode {
    r.unwrap_err().code()
}

fn col(name: &str, coltype: ColumnType) -> ColumnSpec {
    ColumnSpec {
        name: name.into(),
        coltype,
        cp: 0,
        max_length: 0,
        flags: 0,
        default: None,
    }
}

fn index(name: &str, column: &str) -> IndexSpec {
    IndexSpec {
        name: name.into(),
        key: vec![KeySegmentSpec {
            column: column.into(),
            descending: false,
        }],
        flags: 0,
        key_most: None,
        var_seg_mac: None,
        conditions: Vec::new(),
        tuple_limits: None,
        density: 0,
    }
}

/// Checks the database, closes it, reopens it read-only and returns its table names.
fn close_and_list(env: Env) -> Vec<String> {
    env.db.check().unwrap();
    env.inst.term().unwrap();
    drop(env.db);
    let r = Database::open(&env.path).unwrap();
    let names = r.table_names();
    for n in &names {
        // Every table's records and long values read back.
        for rec in r.table(n).unwrap().records().unwrap() {
            rec.unwrap();
        }
    }
    names
}

#[test]
fn a_created_table_is_private_until_commit_and_gone_after_rollback() {
    let env = setup("create.edb");
    let (a, b) = (
        env.inst.begin_session().unwrap(),
        env.inst.begin_session().unwrap(),
    );
    a.begin_transaction().unwrap();
    a.create_table(&env.db, table_def("x")).unwrap();
    let mut c = a.open_table(&env.db, "x").unwrap();
    for i in 0..50 {
        insert(&mut c, i, i, Some(&"long value ".repeat(400))).unwrap();
    }
    drop(c);
    assert_eq!(count(&a, &env.db, "x").unwrap(), 50);
    assert_eq!(code(b.open_table(&env.db, "x")), ErrorCode::ObjectNotFound);
    assert!(!env.db.table_names().contains(&"x".to_string()));
    assert!(a.table_names(&env.db).unwrap().contains(&"x".to_string()));
    // The name is taken by an uncommitted table: a second creator conflicts.
    b.begin_transaction().unwrap();
    assert_eq!(
        code(b.create_table(&env.db, table_def("X"))),
        ErrorCode::WriteConflict
    );
    b.rollback().unwrap();
    b.begin_read_only_transaction().unwrap();
    assert_eq!(
        code(b.create_table(&env.db, table_def("y"))),
        ErrorCode::TransReadOnly
    );
    assert_eq!(
        code(b.add_column(&env.db, "MSysObjects", &col("z", ColumnType::Long))),
        ErrorCode::TransReadOnly
    );
    b.rollback().unwrap();
    a.rollback().unwrap();
    assert_eq!(code(a.open_table(&env.db, "x")), ErrorCode::ObjectNotFound);
    env.db.check().unwrap();
    // The name is free again, and a committed creation is seen by later snapshots only.
    b.begin_transaction().unwrap();
    let before = b.snapshot_timestamp();
    a.create_table(&env.db, table_def("x")).unwrap();
    assert_eq!(code(b.open_table(&env.db, "x")), ErrorCode::ObjectNotFound);
    assert_eq!(b.snapshot_timestamp(), before);
    b.commit_transaction().unwrap();
    assert_eq!(count(&b, &env.db, "x").unwrap(), 0);
    let names = close_and_list(env);
    assert!(names.contains(&"x".to_string()));
}

#[test]
fn rollback_of_an_inner_level_keeps_the_outer_levels_schema() {
    let env = setup("nested.edb");
    let s = env.inst.begin_session().unwrap();
    s.begin_transaction().unwrap();
    s.create_table(&env.db, table_def("t")).unwrap();
    let mut c = s.open_table(&env.db, "t").unwrap();
    insert(&mut c, 1, 10, None).unwrap();
    drop(c);
    s.begin_transaction().unwrap();
    s.add_column(&env.db, "t", &col("extra", ColumnType::Long))
        .unwrap();
    s.create_index(&env.db, "t", &index("byextra", "extra"))
        .unwrap();
    let mut c = s.open_table(&env.db, "t").unwrap();
    assert!(c.table().def().column("extra").is_some());
    insert(&mut c, 2, 20, None).unwrap();
    drop(c);
    s.rollback().unwrap();
    let c = s.open_table(&env.db, "t").unwrap();
    assert!(c.table().def().column("extra").is_none());
    assert!(c.table().def().index("byextra").is_none());
    assert_eq!(c.table().records().unwrap().count(), 1);
    drop(c);
    s.commit_transaction().unwrap();
    env.db.check().unwrap();
    let names = close_and_list(env);
    assert!(names.contains(&"t".to_string()));
}

#[test]
fn an_added_column_is_seen_by_others_after_commit_and_undone_by_rollback() {
    let env = setup("addcol.edb");
    let (a, b) = (
        env.inst.begin_session().unwrap(),
        env.inst.begin_session().unwrap(),
    );
    a.create_table(&env.db, table_def("t")).unwrap();
    let mut c = a.open_table(&env.db, "t").unwrap();
    for i in 0..20 {
        insert(&mut c, i, i * 2, None).unwrap();
    }
    drop(c);
    a.begin_transaction().unwrap();
    let extra = a
        .add_column(&env.db, "t", &col("extra", ColumnType::Long))
        .unwrap();
    let mut c = a.open_table(&env.db, "t").unwrap();
    c.make_key(&[Some(Value::Long(3))], KeyLimit::None).unwrap();
    c.seek(SeekGrbit::Eq).unwrap();
    c.prepare_update(Prep::Replace).unwrap();
    c.set_column(extra.id, Some(Cell::Value(Value::Long(99))), 1)
        .unwrap();
    c.update().unwrap();
    drop(c);
    // Another session reads the committed definition and cannot write the table
    // while its definition is changing.
    let mut other = b.open_table(&env.db, "t").unwrap();
    assert!(other.table().def().column("extra").is_none());
    assert_eq!(
        code(insert(&mut other, 100, 0, None)),
        ErrorCode::WriteConflict
    );
    assert_eq!(
        code(b.add_column(&env.db, "t", &col("other", ColumnType::Long))),
        ErrorCode::WriteConflict
    );
    a.rollback().unwrap();
    let c = b.open_table(&env.db, "t").unwrap();
    assert!(c.table().def().column("extra").is_none());
    drop(c);
    insert(&mut other, 100, 0, None).unwrap();
    // Committed: seen by new snapshots, not by one taken before.
    b.begin_transaction().unwrap();
    a.add_column(&env.db, "t", &col("extra", ColumnType::Long))
        .unwrap();
    assert!(b
        .open_table(&env.db, "t")
        .unwrap()
        .table()
        .def()
        .column("extra")
        .is_none());
    b.commit_transaction().unwrap();
    assert!(b
        .open_table(&env.db, "t")
        .unwrap()
        .table()
        .def()
        .column("extra")
        .is_some());
    drop(other);
    close_and_list(env);
}

#[test]
fn a_created_index_rolls_back_and_a_committed_one_serves_seeks() {
    let env = setup("index.edb");
    let s = env.inst.begin_session().unwrap();
    s.create_table(&env.db, table_def("t")).unwrap();
    s.add_column(&env.db, "t", &col("k", ColumnType::Long))
        .unwrap();
    let mut c = s.open_table(&env.db, "t").unwrap();
    for i in 0..200 {
        insert(&mut c, i, i % 7, None).unwrap();
    }
    drop(c);
    let size = std::fs::metadata(&env.path).unwrap().len();
    for _ in 0..30 {
        s.begin_transaction().unwrap();
        s.create_index(&env.db, "t", &index("byk", "val")).unwrap();
        assert!(s
            .open_table(&env.db, "t")
            .unwrap()
            .table()
            .def()
            .index("byk")
            .is_some());
        s.rollback().unwrap();
    }
    env.db.check().unwrap();
    assert!(env.db.table("t").unwrap().def().index("byk").is_none());
    s.begin_transaction().unwrap();
    s.create_index(&env.db, "t", &index("byk", "val")).unwrap();
    let mut c = s.open_table(&env.db, "t").unwrap();
    insert(&mut c, 1000, 3, None).unwrap();
    drop(c);
    s.commit_transaction().unwrap();
    let t = env.db.table("t").unwrap();
    assert_eq!(t.index_entries("byk").unwrap().count(), 201);
    assert_eq!(t.records_by_index("byk").unwrap().count(), 201);
    env.db.check().unwrap();
    // Thirty indexes built and rolled back did not keep their pages.
    env.db.close().unwrap();
    let grown = std::fs::metadata(&env.path).unwrap().len() - size;
    assert!(grown < 64 * 8192, "the file grew by {grown} bytes");
    drop(t);
    close_and_list(env);
}

#[test]
fn a_deleted_table_stays_for_older_snapshots_and_comes_back_on_rollback() {
    let env = setup("drop.edb");
    let (a, b) = (
        env.inst.begin_session().unwrap(),
        env.inst.begin_session().unwrap(),
    );
    a.create_table(&env.db, table_def("t")).unwrap();
    let mut c = a.open_table(&env.db, "t").unwrap();
    for i in 0..100 {
        insert(&mut c, i, i, Some(&"v".repeat(3000))).unwrap();
    }
    drop(c);
    // Rolled back: the table, its records and long values are all there.
    a.begin_transaction().unwrap();
    a.delete_table(&env.db, "t").unwrap();
    assert_eq!(code(a.open_table(&env.db, "t")), ErrorCode::ObjectNotFound);
    assert_eq!(
        count(&b, &env.db, "t").unwrap(),
        100,
        "others still read it"
    );
    let mut other = b.open_table(&env.db, "t").unwrap();
    assert_eq!(
        code(insert(&mut other, 500, 0, None)),
        ErrorCode::WriteConflict
    );
    drop(other);
    a.rollback().unwrap();
    assert_eq!(count(&a, &env.db, "t").unwrap(), 100);
    env.db.check().unwrap();
    // Committed while an older snapshot reads on: it still sees every record.
    b.begin_transaction().unwrap();
    let old = b.open_table(&env.db, "t").unwrap();
    a.begin_transaction().unwrap();
    let third = env.inst.begin_session().unwrap();
    insert(&mut third.open_table(&env.db, "t").unwrap(), 100, 0, None).unwrap();
    assert_eq!(
        code(a.delete_table(&env.db, "t")),
        ErrorCode::TableInUse,
        "a transaction older than the last change cannot drop the table"
    );
    a.rollback().unwrap();
    let mut pending = third.open_table(&env.db, "t").unwrap();
    third.begin_transaction().unwrap();
    insert(&mut pending, 101, 0, None).unwrap();
    assert_eq!(
        code(a.delete_table(&env.db, "t")),
        ErrorCode::TableInUse,
        "another transaction has uncommitted changes"
    );
    third.rollback().unwrap();
    drop(pending);
    a.delete_table(&env.db, "t").unwrap();
    assert_eq!(code(a.open_table(&env.db, "t")), ErrorCode::ObjectNotFound);
    assert_eq!(count(&b, &env.db, "t").unwrap(), 100);
    let notes: usize = old
        .table()
        .records()
        .unwrap()
        .map(|r| {
            let r = r.unwrap();
            match r.get("note").unwrap().first() {
                Some(Value::Text(t)) => t.len(),
                other => panic!("{other:?}"),
            }
        })
        .sum();
    assert_eq!(notes, 100 * 3000);
    drop(old);
    b.commit_transaction().unwrap();
    assert_eq!(code(b.open_table(&env.db, "t")), ErrorCode::ObjectNotFound);
    // Its space goes back: creating and dropping it again and again keeps the file.
    env.db.check().unwrap();
    let size = std::fs::metadata(&env.path).unwrap().len();
    for round in 0..20 {
        a.create_table(&env.db, table_def("t")).unwrap();
        let mut c = a.open_table(&env.db, "t").unwrap();
        for i in 0..100 {
            insert(&mut c, i, round, Some(&"v".repeat(3000))).unwrap();
        }
        drop(c);
        a.delete_table(&env.db, "t").unwrap();
    }
    env.db.check().unwrap();
    env.db.close().unwrap();
    let grown = std::fs::metadata(&env.path)
        .unwrap()
        .len()
        .saturating_sub(size);
    assert!(grown < 200 * 8192, "the file grew by {grown} bytes");
    let names = close_and_list(env);
    assert!(!names.contains(&"t".to_string()));
}

#[test]
fn deleted_indexes_and_renames_roll_back() {
    let env = setup("dropindex.edb");
    let s = env.inst.begin_session().unwrap();
    s.create_table(&env.db, table_def("t")).unwrap();
    let mut c = s.open_table(&env.db, "t").unwrap();
    for i in 0..100 {
        insert(&mut c, i, 100 - i, None).unwrap();
    }
    drop(c);
    s.begin_transaction().unwrap();
    s.delete_index(&env.db, "t", "byval").unwrap();
    s.rename_table(&env.db, "t", "u").unwrap();
    assert_eq!(code(s.open_table(&env.db, "t")), ErrorCode::ObjectNotFound);
    let mut c = s.open_table(&env.db, "u").unwrap();
    assert!(c.table().def().index("byval").is_none());
    insert(&mut c, 1000, 5, None).unwrap();
    drop(c);
    // Others see the committed name and index meanwhile.
    assert_eq!(
        env.db
            .table("t")
            .unwrap()
            .index_entries("byval")
            .unwrap()
            .count(),
        100
    );
    s.rollback().unwrap();
    let t = env.db.table("t").unwrap();
    assert_eq!(t.index_entries("byval").unwrap().count(), 100);
    assert_eq!(t.records_by_index("byval").unwrap().count(), 100);
    env.db.check().unwrap();
    // Committed, each in its own transaction.
    s.begin_transaction().unwrap();
    s.delete_index(&env.db, "t", "byval").unwrap();
    s.commit_transaction().unwrap();
    s.rename_table(&env.db, "t", "u").unwrap();
    let mut c = s.open_table(&env.db, "u").unwrap();
    insert(&mut c, 1000, 5, None).unwrap();
    drop((c, t));
    let names = close_and_list(env);
    assert!(names.contains(&"u".to_string()) && !names.contains(&"t".to_string()));
}

/// Four sessions on threads create, change and delete their own tables in
/// transactions that commit or roll back at random, while a fifth writes records of
/// a shared table; every committed table is there afterwards with its rows, nothing
/// rolled back is, and the database checks.
#[test]
fn concurrent_schema_changes_keep_the_database_sound() {
    let env = setup("concurrent.edb");
    env.inst
        .begin_session()
        .unwrap()
        .create_table(&env.db, table_def("shared"))
        .unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (s, db, stop) = (
            env.inst.begin_session().unwrap(),
            env.db.clone(),
            stop.clone(),
        );
        std::thread::spawn(move || {
            let mut c = s.open_table(&db, "shared").unwrap();
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                match insert(&mut c, n, n, None) {
                    Ok(()) => n += 1,
                    Err(e) => panic!("{e}"),
                }
            }
            n
        })
    };
    let workers: Vec<_> = (0..4)
        .map(|w| {
            let (s, db) = (env.inst.begin_session().unwrap(), env.db.clone());
            std::thread::spawn(move || {
                let mut rng = 0x9e3779b97f4a7c15u64 ^ w;
                let mut next = || {
                    rng ^= rng << 13;
                    rng ^= rng >> 7;
                    rng ^= rng << 17;
                    rng
                };
                let mut kept = std::collections::BTreeMap::new();
                for i in 0..40 {
                    let name = format!("w{w}_{i}");
                    s.begin_transaction().unwrap();
                    let step = (|| -> ese::Result<usize> {
                        s.create_table(&db, table_def(&name))?;
                        let mut c = s.open_table(&db, &name)?;
                        let rows = (next() % 20) as usize;
                        for r in 0..rows {
                            insert(&mut c, r as i32, r as i32, Some("x"))?;
                        }
                        drop(c);
                        if next() % 2 == 0 {
                            s.add_column(&db, &name, &col("extra", ColumnType::Long))?;
                        }
                        if next() % 3 == 0 {
                            s.create_index(&db, &name, &index("byextra", "val"))?;
                        }
                        Ok(rows)
                    })();
                    match step {
                        Ok(rows) if next() % 3 != 0 => {
                            s.commit_transaction().unwrap();
                            kept.insert(name.clone(), rows);
                        }
                        Ok(_) => s.rollback().unwrap(),
                        // Index builds meet the shared writer's changes.
                        Err(e) if e.code() == ErrorCode::TableInUse => s.rollback().unwrap(),
                        Err(e) => panic!("{name}: {e}"),
                    }
                    if next() % 4 == 0 {
                        if let Some(gone) = kept.keys().next().cloned() {
                            match s.delete_table(&db, &gone) {
                                Ok(()) => {
                                    kept.remove(&gone);
                                }
                                Err(e) if e.code() == ErrorCode::TableInUse => {}
                                Err(e) => panic!("{gone}: {e}"),
                            }
                        }
                    }
                }
                kept
            })
        })
        .collect();
    let mut kept = std::collections::BTreeMap::new();
    for w in workers {
        kept.extend(w.join().unwrap());
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let shared = writer.join().unwrap();
    assert!(kept.len() > 10, "only {} tables committed", kept.len());
    let s = env.inst.begin_session().unwrap();
    assert_eq!(count(&s, &env.db, "shared").unwrap(), shared as usize);
    let mut names: Vec<String> = env
        .db
        .table_names()
        .into_iter()
        .filter(|n| n.starts_with('w'))
        .collect();
    names.sort();
    assert_eq!(names, kept.keys().cloned().collect::<Vec<_>>());
    for (name, rows) in &kept {
        assert_eq!(count(&s, &env.db, name).unwrap(), *rows, "{name}");
    }
    drop(s);
    let listed = close_and_list(env);
    assert_eq!(
        listed.iter().filter(|n| n.starts_with('w')).count(),
        kept.len()
    );
}

#[test]
fn a_created_index_logs_its_undo_before_the_steps_that_load_it() {
    use ese::format::log::{Lgpos, LogRecord};
    use ese::format::undo::UndoInfo;
    // A small cache: the bulk load closes several steps (a quarter of the cache
    // each) before the index's catalog rows are written.
    let dir = Scratch::new("ddltxn");
    let opts = InstanceOptions {
        cache_pages: 64,
        ..dir.opts()
    };
    let log_dir = opts.log_path.clone();
    let path = dir.join("indexsteps.edb");
    let inst = Instance::new(opts).unwrap();
    let db = inst
        .create_database(&path, CreateOptions::default())
        .unwrap();
    let s = inst.begin_session().unwrap();
    s.create_table(&db, table_def("t")).unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    for i in 0..1000 {
        let note = format!("{i:05}").repeat(40);
        insert(&mut c, i, i % 7, Some(&note)).unwrap();
    }
    drop(c);
    s.begin_transaction().unwrap();
    s.create_index(&db, "t", &index("bynote", "note")).unwrap();
    s.commit_transaction().unwrap();
    drop(s);
    drop(db);
    inst.term().unwrap();

    let reader =
        ese::log::LogReader::open(std::sync::Arc::new(ese_os::StdFs), &log_dir, "edb").unwrap();
    let from = Lgpos {
        generation: reader.generations()[0],
        sector: 0,
        byte: 0,
    };
    let recs: Vec<LogRecord> = reader
        .read_all_from(from)
        .unwrap()
        .0
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    // The last schema change that made a tree: the index.
    let (undo_at, txn, fdp) = recs
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, r)| match r {
            LogRecord::Undo { txn, info, .. } => match UndoInfo::decode(info).unwrap() {
                UndoInfo::Schema { created, .. } if !created.is_empty() => {
                    Some((i, *txn, created[0]))
                }
                _ => None,
            },
            _ => None,
        })
        .expect("the index's undo information");
    let first_change = recs
        .iter()
        .position(|r| match r {
            LogRecord::PageImage { pgno, .. } | LogRecord::PageOp { pgno, .. } => *pgno == fdp,
            _ => false,
        })
        .expect("the index's root is logged");
    let commit = recs
        .iter()
        .position(|r| matches!(r, LogRecord::Commit { txn: t, .. } if *t == txn))
        .expect("the commit");
    let ends = |a: usize, b: usize| {
        recs[a.min(b)..a.max(b)]
            .iter()
            .filter(|r| matches!(r, LogRecord::StepEnd))
            .count()
    };
    // The load did span steps, and a crash after any of them finds the tree in
    // undo information of the same step as its root: recovery frees it.
    assert_eq!(
        ends(first_change, undo_at),
        0,
        "the index's root and its undo information are in one step"
    );
    assert!(ends(undo_at, commit) > 1, "the load closed steps");
}

/// `JetRenameColumn`: the column keeps its id, values and index under its new name;
/// other sessions see the new name once the rename commits; a rollback gives the
/// old name back; a name in use or a missing column is refused; the file keeps it.
#[test]
fn a_renamed_column_keeps_its_values_and_index() {
    let env = setup("renamecol.edb");
    let (a, b) = (
        env.inst.begin_session().unwrap(),
        env.inst.begin_session().unwrap(),
    );
    a.create_table(&env.db, table_def("t")).unwrap();
    let mut c = a.open_table(&env.db, "t").unwrap();
    for i in 0..20 {
        insert(&mut c, i, i * 2, None).unwrap();
    }
    drop(c);
    let id = a
        .open_table(&env.db, "t")
        .unwrap()
        .table()
        .def()
        .column("val")
        .unwrap()
        .id;
    a.begin_transaction().unwrap();
    a.rename_column(&env.db, "t", "val", "amount").unwrap();
    let t = a.open_table(&env.db, "t").unwrap();
    assert_eq!(t.table().def().column("amount").unwrap().id, id);
    assert!(t.table().def().column("val").is_none());
    drop(t);
    // Another session still sees the committed name.
    let other = b.open_table(&env.db, "t").unwrap();
    assert!(other.table().def().column("val").is_some());
    drop(other);
    a.rollback().unwrap();
    let t = a.open_table(&env.db, "t").unwrap();
    assert_eq!(t.table().def().column("val").unwrap().id, id);
    drop(t);
    assert_eq!(
        code(a.rename_column(&env.db, "t", "nope", "x")),
        ErrorCode::ColumnNotFound
    );
    assert_eq!(
        code(a.rename_column(&env.db, "t", "val", "ID")),
        ErrorCode::ColumnDuplicate
    );
    a.rename_column(&env.db, "t", "val", "amount").unwrap();
    // The index over the column and its values are the column's, by id.
    let mut c = b.open_table(&env.db, "t").unwrap();
    c.set_index(Some("byval")).unwrap();
    c.make_key(&[Some(Value::Long(14))], KeyLimit::None)
        .unwrap();
    c.seek(SeekGrbit::Eq).unwrap();
    assert_eq!(c.retrieve_column(1, 1).unwrap().0, Some(Value::Long(7)));
    assert_eq!(c.retrieve_column(id, 1).unwrap().0, Some(Value::Long(14)));
    drop(c);
    drop((a, b));
    env.db.check().unwrap();
    env.inst.term().unwrap();
    drop(env.db);
    // The file keeps the new name (the folder stays until `env._dir` drops).
    let db = Database::open(&env.path).unwrap();
    let t = db.table("t").unwrap();
    assert_eq!(t.def().column("amount").unwrap().id, id);
    assert!(t.def().column("val").is_none());
}
