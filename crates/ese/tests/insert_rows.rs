//! `Cursor::insert_rows`: a batch of rows inserted as one change, every row or none.
//! The rows and their index entries land; a row that fails (a duplicate primary key,
//! a unique index's duplicate, a duplicate inside the batch) leaves none of the batch
//! and keeps what the transaction did before; outside a transaction the batch commits
//! at once; batches larger than a logged step (a small cache ends steps between rows)
//! come back after a power cut when committed, and not when rolled back or in flight.

use ese::db::{KeyLimit, Prep, SeekGrbit};
use ese::format::coltype::Value;
use ese::record::schema::parse_schema;
use ese::record::{Cell, Row, RowValue};
use ese::{CommitMode, CreateOptions, Cursor, ErrorCode, Instance, InstanceOptions};
use ese_os::{FileSystem, SimFs, TearPolicy};
use std::path::Path;
use std::sync::Arc;

mod common;

use common::Scratch;

// Column ids: id 1, val 2, name 128 (unique, NULLs left out of its index).
const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "val", "type": "Long"},
              {"name": "name", "type": "Text", "cp": 1252}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
              {"name": "byval", "key": ["+val"]},
              {"name": "byname", "key": ["+name"], "flags": ["Unique", "IgnoreNull"]}]}]}"#;

/// A row of table `t`.
fn row(id: i32, val: i32, name: Option<&str>) -> Row {
    let mut r = Row::new();
    r.set(1, RowValue::One(Cell::Value(Value::Long(id))));
    r.set(2, RowValue::One(Cell::Value(Value::Long(val))));
    if let Some(n) = name {
        r.set(128, RowValue::One(Cell::Value(Value::Text(n.into()))));
    }
    r
}

/// Rows `ids`, each with value `id * 3` and no name.
fn rows(ids: impl IntoIterator<Item = i32>) -> Vec<Row> {
    ids.into_iter().map(|id| row(id, id * 3, None)).collect()
}

/// The ids the cursor's current index lists, in its order.
fn ids(c: &mut Cursor) -> Vec<i32> {
    let mut out = Vec::new();
    let mut r = c.move_first();
    while r.is_ok() {
        match c.retrieve_column(1, 1).unwrap().0 {
            Some(Value::Long(v)) => out.push(v),
            other => panic!("id {other:?}"),
        }
        r = c.move_next();
    }
    out
}

/// A fresh database `name` in `dir` with table `t` and records 0..10 (value
/// `id * 3`), in instance `inst`.
fn fresh(inst: &Instance, dir: &Scratch, name: &str) -> ese::Database {
    let mut db = inst
        .create_database(dir.join(name), CreateOptions::default())
        .unwrap();
    db.create_table_spec(&parse_schema(SCHEMA).unwrap().tables[0])
        .unwrap();
    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    c.insert_rows(&rows(0..10)).unwrap();
    db
}

/// The integrity check passes and the index `byval` has one entry per record.
fn assert_whole(db: &ese::Database, records: u64) {
    let check = db.check().unwrap();
    assert_eq!(db.table("t").unwrap().count().unwrap(), records);
    assert!(check.trees >= 3, "{check:?}");
}

#[test]
fn a_batch_inserts_every_row_and_its_index_entries() {
    let dir = Scratch::new("insert_rows");
    let inst = Instance::new(dir.opts()).unwrap();
    let db = fresh(&inst, &dir, "all.edb");
    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    s.begin_transaction().unwrap();
    // Out of key order, with names: the unique index gets its entries too.
    let batch: Vec<Row> = (10..600)
        .rev()
        .map(|id| row(id, 1000 - id, Some(&format!("n{id:04}"))))
        .collect();
    c.insert_rows(&batch).unwrap();
    s.commit_transaction().unwrap();
    assert_eq!(ids(&mut c), (0..600).collect::<Vec<_>>());
    // By value: 0..10 have 0, 3, .. 27; 10..600 have 1000 - id (401..=990).
    c.set_index(Some("byval")).unwrap();
    let by_val = ids(&mut c);
    assert_eq!(by_val.len(), 600);
    let mut expect: Vec<(i32, i32)> = (0..10).map(|id| (id * 3, id)).collect();
    expect.extend((10..600).map(|id| (1000 - id, id)));
    expect.sort();
    assert_eq!(by_val, expect.iter().map(|&(_, id)| id).collect::<Vec<_>>());
    c.set_index(Some("byname")).unwrap();
    assert_eq!(ids(&mut c), (10..600).collect::<Vec<_>>());
    assert_whole(&db, 600);
}

#[test]
fn a_failing_row_leaves_none_of_the_batch_and_keeps_the_transaction() {
    let dir = Scratch::new("insert_rows");
    let inst = Instance::new(dir.opts()).unwrap();
    let db = fresh(&inst, &dir, "fail.edb");
    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    s.begin_transaction().unwrap();
    c.insert_rows(&rows([50])).unwrap();
    // A primary key that exists, after three good rows.
    let e = c.insert_rows(&rows([60, 61, 62, 5, 63])).unwrap_err();
    assert_eq!(e.code(), ErrorCode::KeyDuplicate, "{e}");
    // The same key twice in the batch.
    let e = c.insert_rows(&rows([70, 71, 70])).unwrap_err();
    assert_eq!(e.code(), ErrorCode::KeyDuplicate, "{e}");
    // A unique index's duplicate, on the last row.
    let named = [
        row(80, 1, Some("x")),
        row(81, 2, None),
        row(82, 3, Some("x")),
    ];
    let e = c.insert_rows(&named).unwrap_err();
    assert_eq!(e.code(), ErrorCode::KeyDuplicate, "{e}");
    let mut expect: Vec<i32> = (0..10).collect();
    expect.push(50);
    assert_eq!(ids(&mut c), expect);
    c.set_index(Some("byname")).unwrap();
    assert_eq!(ids(&mut c), Vec::<i32>::new());
    c.set_index(None).unwrap();
    // The transaction goes on: a good batch after the failures, then the commit.
    c.insert_rows(&rows(90..95)).unwrap();
    s.commit_transaction().unwrap();
    expect.extend(90..95);
    let other = inst.begin_session().unwrap();
    let mut c2 = other.open_table(&db, "t").unwrap();
    assert_eq!(ids(&mut c2), expect);
    assert_whole(&db, expect.len() as u64);
}

#[test]
fn outside_a_transaction_a_batch_commits_at_once_or_not_at_all() {
    let dir = Scratch::new("insert_rows");
    let inst = Instance::new(dir.opts()).unwrap();
    let db = fresh(&inst, &dir, "auto.edb");
    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    let other = inst.begin_session().unwrap();
    let mut c2 = other.open_table(&db, "t").unwrap();
    c.insert_rows(&rows(10..20)).unwrap();
    // Committed: another session sees it at once.
    assert_eq!(ids(&mut c2), (0..20).collect::<Vec<_>>());
    let e = c.insert_rows(&rows([20, 21, 3])).unwrap_err();
    assert_eq!(e.code(), ErrorCode::KeyDuplicate);
    assert_eq!(ids(&mut c2), (0..20).collect::<Vec<_>>());
    // An empty batch changes nothing.
    c.insert_rows(&[]).unwrap();
    assert_whole(&db, 20);
}

#[test]
fn a_batch_is_refused_while_an_update_is_prepared() {
    let dir = Scratch::new("insert_rows");
    let inst = Instance::new(dir.opts()).unwrap();
    let db = fresh(&inst, &dir, "prep.edb");
    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    c.prepare_update(Prep::Insert).unwrap();
    let e = c.insert_rows(&rows([40])).unwrap_err();
    assert_eq!(e.code(), ErrorCode::AlreadyPrepared);
    c.cancel_update();
    c.insert_rows(&rows([40])).unwrap();
    c.make_key(&[Some(Value::Long(40))], KeyLimit::None)
        .unwrap();
    c.seek(SeekGrbit::Eq).unwrap();
}

#[test]
fn batches_of_many_steps_keep_exactly_the_committed_ones_through_power_cuts() {
    let policies = [
        TearPolicy::Default,
        TearPolicy::KeepAll,
        TearPolicy::DropAll,
        TearPolicy::SequentialPrefix,
    ];
    for (seed, policy) in policies.into_iter().enumerate() {
        let seed = seed as u64;
        let sim = Arc::new(SimFs::new());
        // The process the power cut kills: none of its threads reaches the disk after.
        let fs: Arc<dyn FileSystem> = Arc::new(sim.process());
        let path = Path::new("/d/big.edb");
        // The smallest cache: a step ends at a safe point once it holds a quarter of
        // the frames, so each batch below spans many steps.
        let opts = InstanceOptions {
            log_file_size: 256 * 1024,
            cache_pages: ese::db::MIN_CACHE_PAGES,
            ..InstanceOptions::in_dir("/d")
        };
        {
            let inst = Instance::with_fs(fs, opts.clone()).unwrap();
            let mut db = inst
                .create_database(path, CreateOptions::default())
                .unwrap();
            db.create_table_spec(&parse_schema(SCHEMA).unwrap().tables[0])
                .unwrap();
            let s = inst.begin_session().unwrap();
            let mut c = s.open_table(&db, "t").unwrap();
            // Rolled back: nothing of it may come back.
            s.begin_transaction().unwrap();
            c.insert_rows(&rows(100_000..105_000)).unwrap();
            s.rollback().unwrap();
            // Committed lazily, then flushed: all of it must come back.
            s.begin_transaction().unwrap();
            let batch: Vec<Row> = (0..5_000)
                .map(|id| row(id, id, Some(&format!("{:08}", id * 7 % 5_003))))
                .collect();
            c.insert_rows(&batch).unwrap();
            s.commit_transaction_with(CommitMode::Lazy).unwrap();
            s.flush_commits().unwrap();
            if seed % 2 == 1 {
                inst.checkpoint().unwrap();
            }
            // In flight at the cut: nothing of it may come back.
            s.begin_transaction().unwrap();
            c.insert_rows(&rows(200_000..205_000)).unwrap();
            sim.power_cut_with(seed, policy);
            // Everything opened before the cut is gone with it.
            std::mem::forget((c, s, db, inst));
        }
        let fs: Arc<dyn FileSystem> = Arc::new(sim.process());
        let inst = Instance::with_fs(fs, opts).unwrap();
        let (db, _) = inst.attach_database(path, false).unwrap();
        assert_whole(&db, 5_000);
        let s = inst.begin_session().unwrap();
        let mut c = s.open_table(&db, "t").unwrap();
        assert_eq!(ids(&mut c), (0..5_000).collect::<Vec<_>>(), "{policy:?}");
        c.set_index(Some("byname")).unwrap();
        assert_eq!(ids(&mut c).len(), 5_000, "{policy:?}");
        drop(c);
        drop(s);
        drop(db);
        inst.term().unwrap();
    }
}
