//! `Table::seek_column`: a point read that copies one column's bytes into the caller's
//! buffer gives what `Table::seek` and `Record::stored_values` give, for every reader:
//! committed records, another session's uncommitted insert, replace and delete (the
//! reader sees the record as it was), a transaction's own changes and its snapshot,
//! NULLs, defaults, tagged and long values, secondary indexes, partial keys and the
//! other seek operators (which take the copying path); and readers on threads beside a
//! writer never see a value that was not committed whole.

use ese::db::{ColumnDef, Prep, SeekOp, Table};
use ese::format::coltype::Value;
use ese::record::schema::parse_schema;
use ese::record::Cell;
use ese::{CreateOptions, Cursor, Database, Instance};
use std::sync::atomic::{AtomicBool, Ordering};

mod common;

use common::Scratch;

// Column ids: id 1, n 2 (default 7), val 128, note 256 (tagged), blob 257 (long binary).
const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "n", "type": "Long", "default": 7},
              {"name": "val", "type": "Binary"},
              {"name": "note", "type": "Text", "cp": 1252, "flags": ["Tagged"]},
              {"name": "blob", "type": "LongBinary", "flags": ["Tagged"]}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
              {"name": "byval", "key": ["+val"]}]}]}"#;

/// A scratch folder named after `name`, an instance on it, and database `s.edb` there
/// holding table `t` (no records yet).
fn with_table(name: &str) -> (Scratch, Instance, Database) {
    let dir = Scratch::new(name);
    let inst = Instance::new(dir.opts()).unwrap();
    let mut db = inst
        .create_database(dir.join("s.edb"), CreateOptions::default())
        .unwrap();
    db.create_table_spec(&parse_schema(SCHEMA).unwrap().tables[0])
        .unwrap();
    (dir, inst, db)
}

fn insert(c: &mut Cursor, id: i32, val: Option<&[u8]>, note: &str, blob: usize) {
    c.prepare_update(Prep::Insert).unwrap();
    c.set_column(1, Some(Cell::Value(Value::Long(id))), 1)
        .unwrap();
    if let Some(v) = val {
        c.set_column(128, Some(Cell::Value(Value::Binary(v.to_vec()))), 1)
            .unwrap();
    }
    c.set_column(256, Some(Cell::Value(Value::Text(note.into()))), 1)
        .unwrap();
    if blob > 0 {
        let b = vec![(id % 251) as u8; blob];
        c.set_column(257, Some(Cell::Value(Value::Binary(b))), 1)
            .unwrap();
    }
    c.update().unwrap();
}

/// Three readers on threads of scope `s`, each with a session of its own on table `t`
/// of `db`, calling `read(table, column val, buffer, state, number)` with the reader's
/// own buffer and state and numbers in a pseudo-random order of its own, until `stop`
/// is set and it has made at least 1,000 reads.
fn spawn_readers<'scope, 'env>(
    s: &'scope std::thread::Scope<'scope, 'env>,
    inst: &'env Instance,
    db: &'env Database,
    stop: &'env AtomicBool,
    read: impl Fn(&Table, &ColumnDef, &mut Vec<u8>, &mut Vec<u8>, i32) + Send + Copy + 'env,
) {
    for r in 0..3 {
        s.spawn(move || {
            let session = inst.begin_session().unwrap();
            let cur = session.open_table(db, "t").unwrap();
            let t = cur.table();
            let col = t.def().column_by_id(128).unwrap().clone();
            let (mut buf, mut state) = (Vec::new(), Vec::new());
            let mut k: i32 = r * 7919;
            let mut reads = 0;
            while !stop.load(Ordering::Relaxed) || reads < 1000 {
                k = (k * 31 + 17) % 1_000_003;
                read(t, &col, &mut buf, &mut state, k);
                reads += 1;
            }
        });
    }
}

fn goto(c: &mut Cursor, id: i32) {
    c.make_key(&[Some(Value::Long(id))], ese::db::KeyLimit::None)
        .unwrap();
    c.seek(ese::db::SeekGrbit::Eq).unwrap();
}

/// What a read gives: no record, or the record's column (`None` for NULL).
type Read = Option<Option<Vec<u8>>>;

/// The column through `seek_column`, and as `seek` and `stored_values` give it.
fn both(t: &Table, index: &str, key: &[Option<Value>], op: SeekOp, col: u32) -> (Read, Read) {
    let def = t.def().column_by_id(col).unwrap().clone();
    let mut buf = vec![0xEE; 3];
    let fast = t
        .seek_column(index, key, op, &def, &mut buf)
        .unwrap()
        .map(|has| has.then(|| buf.clone()));
    if fast == Some(None) {
        assert!(buf.is_empty(), "a NULL leaves the buffer empty");
    }
    let slow = t
        .seek(index, key, op)
        .unwrap()
        .map(|r| r.stored_values(&def).unwrap().into_iter().next());
    (fast, slow)
}

fn check(
    t: &Table,
    index: &str,
    key: &[Option<Value>],
    op: SeekOp,
    col: u32,
) -> Option<Option<Vec<u8>>> {
    let (fast, slow) = both(t, index, key, op, col);
    assert_eq!(fast, slow, "{index} {key:?} {op:?} column {col}");
    fast
}

fn id(i: i32) -> Vec<Option<Value>> {
    vec![Some(Value::Long(i))]
}

#[test]
fn seek_column_reads_what_seek_reads_for_every_reader() {
    let (dir, inst, db) = with_table("seek-column");
    let p = dir.join("s.edb");
    let w = inst.begin_session().unwrap();
    let mut c = w.open_table(&db, "t").unwrap();
    for i in 0..50 {
        let val = format!("value {i:03}");
        let val = (i % 7 != 3).then_some(val.as_bytes());
        insert(
            &mut c,
            i,
            val,
            &format!("note {i}"),
            if i % 10 == 0 { 9000 } else { 0 },
        );
    }
    let r = inst.begin_session().unwrap();
    let rc = r.open_table(&db, "t").unwrap();
    let t = rc.table();
    // Committed records: values, NULLs, defaults, tagged and long values, misses.
    for i in [0, 1, 3, 10, 17, 49] {
        for col in [1, 2, 128, 256, 257] {
            check(t, "primary", &id(i), SeekOp::Eq, col);
        }
    }
    assert_eq!(
        check(t, "primary", &id(2), SeekOp::Eq, 2),
        Some(Some(7i32.to_le_bytes().to_vec()))
    );
    assert_eq!(check(t, "primary", &id(3), SeekOp::Eq, 128), Some(None));
    assert_eq!(check(t, "primary", &id(99), SeekOp::Eq, 128), None);
    assert_eq!(
        check(t, "primary", &id(5), SeekOp::Eq, 128),
        Some(Some(b"value 005".to_vec()))
    );
    // Other operators, partial keys and secondary indexes take the copying path.
    check(t, "primary", &id(5), SeekOp::Ge, 128);
    check(t, "primary", &id(5), SeekOp::Gt, 128);
    check(t, "primary", &[], SeekOp::Ge, 128);
    check(
        t,
        "byval",
        &[Some(Value::Binary(b"value 012".to_vec()))],
        SeekOp::Eq,
        1,
    );

    // Another session's uncommitted changes: the reader sees the records as they were.
    w.begin_transaction().unwrap();
    goto(&mut c, 5);
    c.prepare_update(Prep::Replace).unwrap();
    c.set_column(
        128,
        Some(Cell::Value(Value::Binary(b"changed".to_vec()))),
        1,
    )
    .unwrap();
    c.update().unwrap();
    goto(&mut c, 6);
    c.delete().unwrap();
    insert(&mut c, 60, Some(b"new"), "new", 0);
    assert_eq!(
        check(t, "primary", &id(5), SeekOp::Eq, 128),
        Some(Some(b"value 005".to_vec()))
    );
    assert_eq!(
        check(t, "primary", &id(6), SeekOp::Eq, 128),
        Some(Some(b"value 006".to_vec()))
    );
    assert_eq!(check(t, "primary", &id(60), SeekOp::Eq, 128), None);
    // The writer sees its own changes.
    let wt = c.table();
    assert_eq!(
        check(wt, "primary", &id(5), SeekOp::Eq, 128),
        Some(Some(b"changed".to_vec()))
    );
    assert_eq!(check(wt, "primary", &id(6), SeekOp::Eq, 128), None);
    assert_eq!(
        check(wt, "primary", &id(60), SeekOp::Eq, 128),
        Some(Some(b"new".to_vec()))
    );
    // A reader's transaction keeps its snapshot after the writer commits.
    r.begin_transaction().unwrap();
    assert_eq!(
        check(t, "primary", &id(5), SeekOp::Eq, 128),
        Some(Some(b"value 005".to_vec()))
    );
    w.commit_transaction().unwrap();
    assert_eq!(
        check(t, "primary", &id(5), SeekOp::Eq, 128),
        Some(Some(b"value 005".to_vec()))
    );
    assert_eq!(check(t, "primary", &id(60), SeekOp::Eq, 128), None);
    r.commit_transaction().unwrap();
    assert_eq!(
        check(t, "primary", &id(5), SeekOp::Eq, 128),
        Some(Some(b"changed".to_vec()))
    );
    assert_eq!(check(t, "primary", &id(6), SeekOp::Eq, 128), None);
    // A database open read-only reads through the copying path, the same.
    drop((c, rc));
    drop((w, r));
    db.close().unwrap();
    let ro = ese::Database::open(&p).unwrap();
    let t = ro.table("t").unwrap();
    for i in [0, 5, 6, 60] {
        check(&t, "primary", &id(i), SeekOp::Eq, 128);
    }
}

/// Readers on threads beside a writer that replaces values whole (each value a byte
/// repeated): every value read is one the writer wrote, never half of two.
#[test]
fn readers_beside_a_writer_never_see_a_torn_value() {
    let (_dir, inst, db) = with_table("seek-column-threads");
    let w = inst.begin_session().unwrap();
    let mut c = w.open_table(&db, "t").unwrap();
    const N: i32 = 1000;
    for i in 0..N {
        insert(&mut c, i, Some(&[0u8; 40]), "x", 0);
    }
    let stop = AtomicBool::new(false);
    std::thread::scope(|s| {
        spawn_readers(s, &inst, &db, &stop, |t, col, buf, _, k| {
            let k = k % N;
            let found = t
                .seek_column("primary", &id(k), SeekOp::Eq, col, buf)
                .unwrap();
            assert_eq!(found, Some(true), "record {k}");
            assert_eq!(buf.len(), 40);
            assert!(buf.iter().all(|&b| b == buf[0]), "a torn value {buf:?}");
            assert!(
                buf[0] == 0 || buf[0] % 2 == 1,
                "record {k}: round {} was rolled back or not committed",
                buf[0]
            );
        });
        for round in 1..=10u8 {
            w.begin_transaction().unwrap();
            for i in (0..N).step_by(3) {
                goto(&mut c, i);
                c.prepare_update(Prep::Replace).unwrap();
                c.set_column(128, Some(Cell::Value(Value::Binary(vec![round; 40]))), 1)
                    .unwrap();
                c.update().unwrap();
            }
            // Every other round is rolled back: its values must never be read.
            if round % 2 == 0 {
                w.rollback_all().unwrap();
            } else {
                w.commit_transaction().unwrap();
            }
        }
        stop.store(true, Ordering::Relaxed);
    });
    let t = c.table();
    let col = t.def().column_by_id(128).unwrap().clone();
    let mut buf = Vec::new();
    t.seek_column("primary", &id(0), SeekOp::Eq, &col, &mut buf)
        .unwrap();
    assert_eq!(buf, vec![9u8; 40], "the last committed round");
}

/// Readers on threads beside a writer whose inserts and deletes split and merge the
/// table's pages, moving the records the readers read from leaf to leaf: every
/// record present throughout is found, with a value of a round at least as new as
/// the last one the same reader saw; a record never inserted is never found.
#[test]
fn readers_follow_records_that_splits_and_merges_move() {
    let (_dir, inst, db) = with_table("seek-column-moves");
    let w = inst.begin_session().unwrap();
    let mut c = w.open_table(&db, "t").unwrap();
    const N: i32 = 800;
    for i in 0..N {
        insert(&mut c, i * 4, Some(&[0u8; 40]), "x", 0);
    }
    let stop = AtomicBool::new(false);
    std::thread::scope(|s| {
        spawn_readers(s, &inst, &db, &stop, |t, col, buf, seen, k| {
            let k = k % N;
            let found = t
                .seek_column("primary", &id(k * 4), SeekOp::Eq, col, buf)
                .unwrap();
            assert_eq!(found, Some(true), "record {}", k * 4);
            assert_eq!(buf.len(), 40);
            assert!(buf.iter().all(|&b| b == buf[0]), "a torn value {buf:?}");
            // The rounds this reader saw, by record: they never go back.
            seen.resize(N as usize, 0);
            let last = &mut seen[k as usize];
            assert!(
                buf[0] >= *last,
                "record {}: round {} after {last}",
                k * 4,
                buf[0]
            );
            *last = buf[0];
            let absent = t
                .seek_column("primary", &id(k * 4 + 2), SeekOp::Eq, col, buf)
                .unwrap();
            assert_eq!(absent, None, "record {} was never inserted", k * 4 + 2);
        });
        for round in 1..=12u8 {
            // Fillers between the records split their leaves, or merge them as they
            // go; then every record gets this round's value.
            let fill = |i: i32| i * 4 + 1 + 2 * (1 - i32::from(round) % 2);
            w.begin_transaction().unwrap();
            for i in (0..N).step_by(1 + usize::from(round % 3)) {
                insert(&mut c, fill(i), Some(&[0xFFu8; 200]), "filler", 0);
            }
            w.commit_transaction().unwrap();
            w.begin_transaction().unwrap();
            for i in 0..N {
                goto(&mut c, i * 4);
                c.prepare_update(Prep::Replace).unwrap();
                c.set_column(128, Some(Cell::Value(Value::Binary(vec![round; 40]))), 1)
                    .unwrap();
                c.update().unwrap();
            }
            w.commit_transaction().unwrap();
            w.begin_transaction().unwrap();
            for i in (0..N).step_by(1 + usize::from(round % 3)) {
                goto(&mut c, fill(i));
                c.delete().unwrap();
            }
            w.commit_transaction().unwrap();
        }
        stop.store(true, Ordering::Relaxed);
    });
    let t = c.table();
    let col = t.def().column_by_id(128).unwrap().clone();
    let mut buf = Vec::new();
    for i in 0..N {
        let found = t
            .seek_column("primary", &id(i * 4), SeekOp::Eq, &col, &mut buf)
            .unwrap();
        assert_eq!((found, buf.as_slice()), (Some(true), &[12u8; 40][..]));
    }
}
