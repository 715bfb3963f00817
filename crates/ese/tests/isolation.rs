//! Transactions and isolation through sessions: snapshot reads, write conflicts on
//! one record and on one unique key, nested rollback, escrow updates, explicit
//! locks, read-only transactions, session sharing, version-store exhaustion and
//! recovery from it, with ESE's error codes; point reads (`Table::seek`) as each
//! reader sees the table, and what a cursor reads while its own replace is prepared.

use ese::db::{KeyLimit, Prep, SeekGrbit};
use ese::format::coltype::Value;
use ese::record::schema::parse_schema;
use ese::record::Cell;
use ese::{CreateOptions, Cursor, ErrorCode, Instance, InstanceOptions, LockKind, Session};

mod common;

use common::Scratch;

// Column ids: id 1, val 2, cnt 3 (escrow), name 128 (unique).
const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "val", "type": "Long"},
              {"name": "cnt", "type": "Long", "flags": ["EscrowUpdate"], "default": 0},
              {"name": "name", "type": "Text", "cp": 1252}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
              {"name": "byval", "key": ["+val"]},
              {"name": "byname", "key": ["+name"], "flags": ["Unique", "IgnoreNull"]}]}]}"#;

struct Env {
    inst: Instance,
    db: ese::Database,
    /// The folder of the database, log and checkpoint (dropped last).
    _dir: Scratch,
}

/// A database `name` with table `t` and ten records, in an instance of its
/// own folder.
fn setup(name: &str) -> Env {
    setup_with(name, |o| o)
}

/// [`setup`], with the instance options changed by `tune`.
fn setup_with(name: &str, tune: impl FnOnce(InstanceOptions) -> InstanceOptions) -> Env {
    let dir = Scratch::new("isolation");
    let p = dir.join(name);
    let inst = Instance::new(tune(dir.opts())).unwrap();
    let mut db = inst.create_database(&p, CreateOptions::default()).unwrap();
    db.create_table_spec(&parse_schema(SCHEMA).unwrap().tables[0])
        .unwrap();
    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    for id in 0..10 {
        insert(&mut c, id, id * 10, None).unwrap();
    }
    drop(c);
    Env {
        inst,
        db,
        _dir: dir,
    }
}

fn insert(c: &mut Cursor, id: i32, val: i32, name: Option<&str>) -> ese::Result<Vec<u8>> {
    c.prepare_update(Prep::Insert)?;
    c.set_column(1, Some(Cell::Value(Value::Long(id))), 1)?;
    c.set_column(2, Some(Cell::Value(Value::Long(val))), 1)?;
    if let Some(n) = name {
        c.set_column(128, Some(Cell::Value(Value::Text(n.into()))), 1)?;
    }
    let r = c.update();
    if r.is_err() {
        c.cancel_update();
    }
    r
}

fn goto(c: &mut Cursor, id: i32) -> ese::Result<()> {
    c.make_key(&[Some(Value::Long(id))], KeyLimit::None)?;
    c.seek(SeekGrbit::Eq).map(|_| ())
}

fn long(c: &Cursor, col: u32) -> Option<i32> {
    match c.retrieve_column(col, 1).unwrap().0 {
        Some(Value::Long(v)) => Some(v),
        None => None,
        other => panic!("{other:?}"),
    }
}

fn set_val(c: &mut Cursor, id: i32, val: i32) -> ese::Result<Vec<u8>> {
    goto(c, id)?;
    c.prepare_update(Prep::Replace)?;
    c.set_column(2, Some(Cell::Value(Value::Long(val))), 1)?;
    let r = c.update();
    if r.is_err() {
        c.cancel_update();
    }
    r
}

fn ids(c: &mut Cursor) -> Vec<i32> {
    let mut out = Vec::new();
    let mut r = c.move_first();
    while r.is_ok() {
        out.push(long(c, 1).unwrap());
        r = c.move_next();
    }
    out
}

fn val_of(s: &Session, db: &ese::Database, id: i32) -> Option<i32> {
    let mut c = s.open_table(db, "t").unwrap();
    goto(&mut c, id).ok()?;
    long(&c, 2)
}

#[test]
fn snapshot_reads_ignore_later_commits() {
    let e = setup("snap.edb");
    let reader = e.inst.begin_session().unwrap();
    let writer = e.inst.begin_session().unwrap();
    reader.begin_transaction().unwrap();
    assert_eq!(val_of(&reader, &e.db, 3), Some(30));
    let mut w = writer.open_table(&e.db, "t").unwrap();
    writer.begin_transaction().unwrap();
    set_val(&mut w, 3, 31).unwrap();
    insert(&mut w, 100, 1000, None).unwrap();
    goto(&mut w, 5).unwrap();
    w.delete().unwrap();
    // Uncommitted: nobody else sees it; the writer does.
    assert_eq!(val_of(&reader, &e.db, 3), Some(30));
    assert_eq!(val_of(&writer, &e.db, 3), Some(31));
    assert_eq!(ids(&mut w), vec![0, 1, 2, 3, 4, 6, 7, 8, 9, 100]);
    writer.commit_transaction().unwrap();
    // Committed after the reader's snapshot: still not seen.
    let mut r = reader.open_table(&e.db, "t").unwrap();
    assert_eq!(ids(&mut r), (0..10).collect::<Vec<_>>());
    assert_eq!(val_of(&reader, &e.db, 3), Some(30));
    // Through the secondary index too.
    r.set_index(Some("byval")).unwrap();
    assert_eq!(ids(&mut r), (0..10).collect::<Vec<_>>());
    reader.commit_transaction().unwrap();
    // A new snapshot sees it.
    assert_eq!(val_of(&reader, &e.db, 3), Some(31));
    let mut r = reader.open_table(&e.db, "t").unwrap();
    assert_eq!(ids(&mut r), vec![0, 1, 2, 3, 4, 6, 7, 8, 9, 100]);
    e.db.check().unwrap();
}

#[test]
fn write_conflicts_are_immediate() {
    let e = setup("conflict.edb");
    let a = e.inst.begin_session().unwrap();
    let b = e.inst.begin_session().unwrap();
    let mut ca = a.open_table(&e.db, "t").unwrap();
    let mut cb = b.open_table(&e.db, "t").unwrap();
    a.begin_transaction().unwrap();
    b.begin_transaction().unwrap();
    set_val(&mut ca, 1, 11).unwrap();
    // Same record, uncommitted change of another session.
    assert_eq!(
        set_val(&mut cb, 1, 12).unwrap_err().code(),
        ErrorCode::WriteConflict
    );
    goto(&mut cb, 1).unwrap();
    assert_eq!(cb.delete().unwrap_err().code(), ErrorCode::WriteConflict);
    a.commit_transaction().unwrap();
    // Committed after b's snapshot: still a conflict (no lost update).
    assert_eq!(
        set_val(&mut cb, 1, 12).unwrap_err().code(),
        ErrorCode::WriteConflict
    );
    b.rollback().unwrap();
    b.begin_transaction().unwrap();
    set_val(&mut cb, 1, 12).unwrap();
    b.commit_transaction().unwrap();
    assert_eq!(val_of(&a, &e.db, 1), Some(12));

    // The same new unique key from two transactions.
    a.begin_transaction().unwrap();
    b.begin_transaction().unwrap();
    insert(&mut ca, 200, 1, Some("same")).unwrap();
    assert_eq!(
        insert(&mut cb, 201, 2, Some("same")).unwrap_err().code(),
        ErrorCode::WriteConflict
    );
    // The same new primary key.
    assert_eq!(
        insert(&mut cb, 200, 2, None).unwrap_err().code(),
        ErrorCode::WriteConflict
    );
    a.commit_transaction().unwrap();
    b.rollback().unwrap();
    // Once committed and seen, the duplicate is a duplicate.
    assert_eq!(
        insert(&mut cb, 201, 2, Some("same")).unwrap_err().code(),
        ErrorCode::KeyDuplicate
    );
    e.db.check().unwrap();
}

#[test]
fn nested_rollback_undoes_one_level() {
    let e = setup("nested.edb");
    let s = e.inst.begin_session().unwrap();
    let mut c = s.open_table(&e.db, "t").unwrap();
    s.begin_transaction().unwrap();
    set_val(&mut c, 1, 11).unwrap();
    s.begin_transaction().unwrap();
    set_val(&mut c, 2, 21).unwrap();
    insert(&mut c, 50, 500, Some("x")).unwrap();
    s.begin_transaction().unwrap();
    goto(&mut c, 3).unwrap();
    c.delete().unwrap();
    assert_eq!(s.transaction_level(), 3);
    s.rollback().unwrap();
    assert_eq!(s.transaction_level(), 2);
    assert_eq!(val_of(&s, &e.db, 3), Some(30));
    s.commit_transaction().unwrap();
    s.begin_transaction().unwrap();
    set_val(&mut c, 4, 41).unwrap();
    s.rollback().unwrap();
    assert_eq!(val_of(&s, &e.db, 1), Some(11));
    assert_eq!(val_of(&s, &e.db, 2), Some(21));
    assert_eq!(val_of(&s, &e.db, 4), Some(40));
    s.rollback().unwrap();
    assert_eq!(s.transaction_level(), 0);
    assert_eq!(val_of(&s, &e.db, 1), Some(10));
    assert_eq!(val_of(&s, &e.db, 2), Some(20));
    assert_eq!(val_of(&s, &e.db, 50), None);
    assert_eq!(
        s.rollback().unwrap_err().code(),
        ErrorCode::NotInTransaction
    );
    assert_eq!(
        s.commit_transaction().unwrap_err().code(),
        ErrorCode::NotInTransaction
    );
    for _ in 0..7 {
        s.begin_transaction().unwrap();
    }
    assert_eq!(
        s.begin_transaction().unwrap_err().code(),
        ErrorCode::TransTooDeep
    );
    s.rollback_all().unwrap();
    assert_eq!(s.transaction_level(), 0);
    e.db.check().unwrap();
}

#[test]
fn escrow_updates_commute() {
    let e = setup("escrow.edb");
    let a = e.inst.begin_session().unwrap();
    let b = e.inst.begin_session().unwrap();
    let mut ca = a.open_table(&e.db, "t").unwrap();
    let mut cb = b.open_table(&e.db, "t").unwrap();
    goto(&mut ca, 1).unwrap();
    assert_eq!(
        ca.escrow_update(3, 5, false).unwrap_err().code(),
        ErrorCode::NotInTransaction
    );
    a.begin_transaction().unwrap();
    b.begin_transaction().unwrap();
    goto(&mut cb, 1).unwrap();
    assert_eq!(ca.escrow_update(3, 5, false).unwrap(), 0);
    assert_eq!(cb.escrow_update(3, 7, false).unwrap(), 5);
    // Each sees its own delta only.
    assert_eq!(long(&ca, 3), Some(5));
    assert_eq!(long(&cb, 3), Some(7));
    // A plain change conflicts with another's delta.
    assert_eq!(
        set_val(&mut ca, 1, 99).unwrap_err().code(),
        ErrorCode::WriteConflict
    );
    b.rollback().unwrap();
    a.commit_transaction().unwrap();
    let c = e.inst.begin_session().unwrap();
    let mut cc = c.open_table(&e.db, "t").unwrap();
    goto(&mut cc, 1).unwrap();
    assert_eq!(long(&cc, 3), Some(5));
    assert_eq!(
        ca.escrow_update(2, 1, false).map_err(|e| e.code()),
        Err(ErrorCode::NotInTransaction)
    );
    a.begin_transaction().unwrap();
    goto(&mut ca, 1).unwrap();
    assert_eq!(
        ca.escrow_update(2, 1, false).unwrap_err().code(),
        ErrorCode::InvalidOperation
    );
    a.rollback().unwrap();
    e.db.check().unwrap();
}

#[test]
fn explicit_locks() {
    let e = setup("locks.edb");
    let a = e.inst.begin_session().unwrap();
    let b = e.inst.begin_session().unwrap();
    let mut ca = a.open_table(&e.db, "t").unwrap();
    let mut cb = b.open_table(&e.db, "t").unwrap();
    goto(&mut ca, 2).unwrap();
    goto(&mut cb, 2).unwrap();
    assert_eq!(
        ca.get_lock(LockKind::Read).unwrap_err().code(),
        ErrorCode::NotInTransaction
    );
    a.begin_transaction().unwrap();
    b.begin_transaction().unwrap();
    ca.get_lock(LockKind::Read).unwrap();
    cb.get_lock(LockKind::Read).unwrap();
    assert_eq!(
        cb.get_lock(LockKind::Write).unwrap_err().code(),
        ErrorCode::WriteConflict
    );
    assert_eq!(
        set_val(&mut cb, 2, 1).unwrap_err().code(),
        ErrorCode::WriteConflict
    );
    a.commit_transaction().unwrap();
    // a's lock ended with its transaction.
    set_val(&mut cb, 2, 1).unwrap();
    b.commit_transaction().unwrap();
    a.begin_transaction().unwrap();
    b.begin_transaction().unwrap();
    goto(&mut ca, 4).unwrap();
    ca.get_lock(LockKind::Write).unwrap();
    goto(&mut cb, 4).unwrap();
    assert_eq!(
        cb.get_lock(LockKind::Read).unwrap_err().code(),
        ErrorCode::WriteConflict
    );
    // A prepared replace write-locks at once.
    goto(&mut cb, 5).unwrap();
    cb.prepare_update(Prep::Replace).unwrap();
    goto(&mut ca, 5).unwrap();
    assert_eq!(
        ca.prepare_update(Prep::Replace).unwrap_err().code(),
        ErrorCode::WriteConflict
    );
    a.rollback().unwrap();
    b.rollback().unwrap();
    e.db.check().unwrap();
}

#[test]
fn read_only_transactions_refuse_changes() {
    let e = setup("ro.edb");
    let s = e.inst.begin_session().unwrap();
    let mut c = s.open_table(&e.db, "t").unwrap();
    s.begin_read_only_transaction().unwrap();
    assert_eq!(
        set_val(&mut c, 1, 2).unwrap_err().code(),
        ErrorCode::TransReadOnly
    );
    s.commit_transaction().unwrap();
    set_val(&mut c, 1, 2).unwrap();
}

#[test]
fn version_store_exhaustion_and_recovery() {
    let e = setup_with("verstore.edb", |o| InstanceOptions {
        version_store_bytes: 64 * 1024,
        ..o
    });
    let old = e.inst.begin_session().unwrap();
    old.begin_transaction().unwrap();
    assert_eq!(val_of(&old, &e.db, 1), Some(10));
    let w = e.inst.begin_session().unwrap();
    let mut c = w.open_table(&e.db, "t").unwrap();
    let mut err = None;
    for i in 0..10_000 {
        if let Err(x) = set_val(&mut c, 1 + i % 9, i) {
            err = Some(x);
            break;
        }
    }
    let err = err.expect("the version store never filled");
    assert_eq!(err.code(), ErrorCode::VersionStoreOutOfMemory);
    let msg = err.to_string();
    assert!(msg.contains(&format!("session {}", old.id())), "{msg}");
    // The old snapshot still reads its values.
    assert_eq!(val_of(&old, &e.db, 1), Some(10));
    old.commit_transaction().unwrap();
    // Cleanup frees the store; changes go on.
    for i in 0..1000 {
        set_val(&mut c, 1 + i % 9, i).unwrap();
    }
    e.db.check().unwrap();
}

/// Inserts (into the primary tree and both indexes) fill a small version store
/// while an old snapshot holds it: the insert that finds it full fails whole, with
/// nothing of the record left; once the snapshot ends, inserts go on without an
/// error, cleaning the store from inside the insert when the background cleanup
/// is behind.
#[test]
fn inserts_that_fill_the_version_store_fail_whole_and_go_on_after_cleanup() {
    let e = setup_with("verstore-ins.edb", |o| InstanceOptions {
        version_store_bytes: 64 * 1024,
        ..o
    });
    let old = e.inst.begin_session().unwrap();
    old.begin_transaction().unwrap();
    assert_eq!(val_of(&old, &e.db, 1), Some(10));
    let w = e.inst.begin_session().unwrap();
    let mut c = w.open_table(&e.db, "t").unwrap();
    let mut next = 100;
    let err = loop {
        let name = format!("n{next}");
        match insert(&mut c, next, next * 3, Some(&name)) {
            Ok(_) => next += 1,
            Err(x) => break x,
        }
        assert!(next < 100_000, "the version store never filled");
    };
    assert_eq!(err.code(), ErrorCode::VersionStoreOutOfMemory);
    let failed = next;
    // Nothing of the failed record: not in the table, not in either index.
    assert!(!ids(&mut c).contains(&failed));
    c.set_index(Some("byname")).unwrap();
    c.make_key(&[Some(Value::Text(format!("n{failed}")))], KeyLimit::None)
        .unwrap();
    assert_eq!(
        c.seek(SeekGrbit::Eq).unwrap_err().code(),
        ErrorCode::RecordNotFound
    );
    c.set_index(Some("byval")).unwrap();
    c.make_key(&[Some(Value::Long(failed * 3))], KeyLimit::None)
        .unwrap();
    assert_eq!(
        c.seek(SeekGrbit::Eq).unwrap_err().code(),
        ErrorCode::RecordNotFound
    );
    c.set_index(Some("primary")).unwrap();
    // The old snapshot still reads as it began.
    assert_eq!(val_of(&old, &e.db, 1), Some(10));
    old.commit_transaction().unwrap();
    // Far more inserts than the store holds at once: none fails.
    let goal = next + 5_000;
    while next < goal {
        let name = format!("n{next}");
        insert(&mut c, next, next * 3, Some(&name)).unwrap();
        next += 1;
    }
    let all = ids(&mut c);
    assert_eq!(all.len() as i32, 10 + (next - 100));
    assert!(
        all.contains(&failed),
        "the failed key was inserted again later"
    );
    e.db.check().unwrap();
}

#[test]
fn one_session_is_used_by_one_thread_at_a_time() {
    let e = setup("sharing.edb");
    let s = e.inst.begin_session().unwrap();
    let seen = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|sc| {
        for _ in 0..2 {
            let s = s.clone();
            let db = e.db.clone();
            let seen = &seen;
            sc.spawn(move || {
                let mut c = s.open_table(&db, "t");
                let start = std::time::Instant::now();
                while !seen.load(std::sync::atomic::Ordering::Relaxed)
                    && start.elapsed() < std::time::Duration::from_secs(20)
                {
                    let r = match &mut c {
                        Ok(c) => c.move_first().and_then(|_| c.move_next()),
                        Err(e) => Err(ese::Error::new(e.code())),
                    };
                    match r {
                        Ok(()) => {}
                        Err(x) if x.code() == ErrorCode::SessionSharingViolation => {
                            seen.store(true, std::sync::atomic::Ordering::Relaxed)
                        }
                        Err(x) => panic!("{x}"),
                    }
                    if c.is_err() {
                        c = s.open_table(&db, "t");
                    }
                }
            });
        }
    });
    assert!(
        seen.into_inner(),
        "two threads never collided on one session"
    );
}

#[test]
fn schema_changes_wait_for_transactions() {
    let e = setup("ddl.edb");
    let s = e.inst.begin_session().unwrap();
    let mut c = s.open_table(&e.db, "t").unwrap();
    let spec = parse_schema(
        r#"{"tables": [{"name": "x", "columns": [{"name": "val", "type": "Long"}],
            "indexes": [{"name": "byval2", "key": ["-val"]}]}]}"#,
    )
    .unwrap();
    let ix = &spec.tables[0].indexes[0];
    s.begin_transaction().unwrap();
    set_val(&mut c, 1, 5).unwrap();
    let mut db = e.db.clone();
    assert_eq!(
        db.create_index("t", ix).unwrap_err().code(),
        ErrorCode::TableInUse
    );
    assert_eq!(
        db.delete_index("t", "byval").unwrap_err().code(),
        ErrorCode::TableInUse
    );
    s.commit_transaction().unwrap();
    db.create_index("t", ix).unwrap();
    db.delete_index("t", "byval").unwrap();
    db.check().unwrap();
}

#[test]
fn a_replace_prepared_outside_a_transaction_checks_the_record() {
    let e = setup("nolock.edb");
    let a = e.inst.begin_session().unwrap();
    let b = e.inst.begin_session().unwrap();
    let mut ca = a.open_table(&e.db, "t").unwrap();
    let mut cb = b.open_table(&e.db, "t").unwrap();
    goto(&mut ca, 6).unwrap();
    ca.prepare_update(Prep::Replace).unwrap();
    ca.set_column(2, Some(Cell::Value(Value::Long(61))), 1)
        .unwrap();
    // Another session changes the record meanwhile: the update would lose it.
    set_val(&mut cb, 6, 62).unwrap();
    assert_eq!(ca.update().unwrap_err().code(), ErrorCode::WriteConflict);
    ca.cancel_update();
    assert_eq!(val_of(&a, &e.db, 6), Some(62));
    // Unchanged since prepared: the update goes through.
    goto(&mut ca, 6).unwrap();
    ca.prepare_update(Prep::Replace).unwrap();
    ca.set_column(2, Some(Cell::Value(Value::Long(63))), 1)
        .unwrap();
    ca.update().unwrap();
    assert_eq!(val_of(&b, &e.db, 6), Some(63));
}

#[test]
fn a_key_deleted_and_inserted_again_rolls_back_to_the_first_record() {
    let e = setup("delins.edb");
    let s = e.inst.begin_session().unwrap();
    let mut c = s.open_table(&e.db, "t").unwrap();
    s.begin_transaction().unwrap();
    goto(&mut c, 7).unwrap();
    c.delete().unwrap();
    insert(&mut c, 7, 777, Some("seven")).unwrap();
    assert_eq!(val_of(&s, &e.db, 7), Some(777));
    s.rollback().unwrap();
    assert_eq!(val_of(&s, &e.db, 7), Some(70));
    // And once more with the first transaction committed in between.
    s.begin_transaction().unwrap();
    goto(&mut c, 8).unwrap();
    c.delete().unwrap();
    s.commit_transaction().unwrap();
    let old = e.inst.begin_session().unwrap();
    s.begin_transaction().unwrap();
    insert(&mut c, 8, 888, None).unwrap();
    old.begin_transaction().unwrap();
    assert_eq!(val_of(&old, &e.db, 8), None);
    s.rollback().unwrap();
    assert_eq!(val_of(&s, &e.db, 8), None);
    assert_eq!(val_of(&old, &e.db, 8), None);
    old.commit_transaction().unwrap();
    e.db.check().unwrap();
}

#[test]
fn escrow_update_of_a_record_another_deleted_is_a_write_conflict() {
    let e = setup("escrow-deleted.edb");
    let a = e.inst.begin_session().unwrap();
    let b = e.inst.begin_session().unwrap();
    let mut ca = a.open_table(&e.db, "t").unwrap();
    let mut cb = b.open_table(&e.db, "t").unwrap();
    b.begin_transaction().unwrap();
    a.begin_transaction().unwrap();
    goto(&mut ca, 4).unwrap();
    ca.delete().unwrap();
    // b still sees record 4 (the delete is not committed), but may not change it.
    goto(&mut cb, 4).unwrap();
    assert_eq!(
        cb.escrow_update(3, 1, false).unwrap_err().code(),
        ErrorCode::WriteConflict
    );
    a.commit_transaction().unwrap();
    // Committed after b began: still a conflict for b.
    goto(&mut cb, 4).unwrap();
    assert_eq!(
        cb.escrow_update(3, 1, false).unwrap_err().code(),
        ErrorCode::WriteConflict
    );
    b.rollback().unwrap();
    e.db.check().unwrap();
}

/// The id of the record `Table::seek` finds through `c`'s table (its session's view).
fn seek_id(c: &Cursor, index: &str, v: i32, op: ese::SeekOp) -> Option<i32> {
    let rec = c
        .table()
        .seek(index, &[Some(Value::Long(v))], op)
        .unwrap()?;
    match rec.get("id").unwrap().first() {
        Some(&Value::Long(id)) => Some(id),
        other => panic!("id {other:?}"),
    }
}

/// `Table::seek` reads as its reader sees the table: an entry another session inserted
/// and has not committed is stepped over, one it deleted is still found, and the
/// session's own changes are seen by it alone; the same through a secondary index,
/// whose entry names the record read next. Every seek whose first entry at or after
/// the key is not seen goes on to the next seen one.
#[test]
fn table_seeks_read_what_their_reader_sees() {
    use ese::SeekOp::{Eq, Ge, Gt};
    let env = setup("table_seek.edb");
    let (a, b) = (
        env.inst.begin_session().unwrap(),
        env.inst.begin_session().unwrap(),
    );
    let ca = a.open_table(&env.db, "t").unwrap();
    let mut cb = b.open_table(&env.db, "t").unwrap();
    b.begin_transaction().unwrap();
    goto(&mut cb, 5).unwrap();
    cb.delete().unwrap();
    insert(&mut cb, 12, 120, None).unwrap();

    // A, outside a transaction: the committed state.
    assert_eq!(seek_id(&ca, "primary", 5, Eq), Some(5));
    assert_eq!(seek_id(&ca, "primary", 4, Gt), Some(5));
    assert_eq!(seek_id(&ca, "primary", 10, Ge), None);
    assert_eq!(seek_id(&ca, "primary", 12, Eq), None);
    assert_eq!(seek_id(&ca, "byval", 50, Eq), Some(5));
    assert_eq!(seek_id(&ca, "byval", 120, Eq), None);
    assert_eq!(seek_id(&ca, "byval", 95, Ge), None);
    // A, in a transaction begun now, reads the same.
    a.begin_transaction().unwrap();
    assert_eq!(seek_id(&ca, "primary", 5, Ge), Some(5));
    assert_eq!(seek_id(&ca, "primary", 10, Ge), None);

    // B sees its own changes.
    assert_eq!(seek_id(&cb, "primary", 5, Eq), None);
    assert_eq!(seek_id(&cb, "primary", 5, Ge), Some(6));
    assert_eq!(seek_id(&cb, "primary", 4, Gt), Some(6));
    assert_eq!(seek_id(&cb, "primary", 10, Ge), Some(12));
    assert_eq!(seek_id(&cb, "primary", 12, Eq), Some(12));
    assert_eq!(seek_id(&cb, "byval", 50, Eq), None);
    assert_eq!(seek_id(&cb, "byval", 50, Ge), Some(6));
    assert_eq!(seek_id(&cb, "byval", 95, Ge), Some(12));
    b.commit_transaction().unwrap();

    // A's snapshot is unchanged by B's commit; outside it, A reads the new state.
    assert_eq!(seek_id(&ca, "primary", 5, Eq), Some(5));
    assert_eq!(seek_id(&ca, "primary", 10, Ge), None);
    a.commit_transaction().unwrap();
    assert_eq!(seek_id(&ca, "primary", 5, Eq), None);
    assert_eq!(seek_id(&ca, "primary", 5, Ge), Some(6));
    assert_eq!(seek_id(&ca, "primary", 10, Ge), Some(12));
    assert_eq!(seek_id(&ca, "byval", 120, Eq), Some(12));
    drop((ca, cb, a, b));
}

/// `Cursor::retrieve_column` reads the record as stored while a replace is prepared,
/// and the replaced value once it is written.
#[test]
fn retrieve_column_reads_the_stored_record_during_a_prepared_replace() {
    let env = setup("retrieve_prepared.edb");
    let s = env.inst.begin_session().unwrap();
    let mut c = s.open_table(&env.db, "t").unwrap();
    goto(&mut c, 3).unwrap();
    c.prepare_update(Prep::Replace).unwrap();
    c.set_column(2, Some(Cell::Value(Value::Long(333))), 1)
        .unwrap();
    assert_eq!(long(&c, 2), Some(30));
    c.update().unwrap();
    goto(&mut c, 3).unwrap();
    assert_eq!(long(&c, 2), Some(333));
}
