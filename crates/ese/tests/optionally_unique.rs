//! Optionally unique indexes (`JET_bitIndexOptionallyUnique`): duplicates go in by plain
//! updates; an update that enforces them (`JET_bitUpdateEnforceOptionallyUniqueIndices`) is
//! `JET_errKeyDuplicate` against another record's entry and `JET_errWriteConflict` against
//! another transaction's uncommitted one, on insert and on replace; deleted entries no longer
//! count; the flag survives reopening; definitions ESE refuses are refused.

use ese::db::{KeyLimit, Prep, SeekGrbit, UpdateOptions};
use ese::format::coltype::Value;
use ese::record::schema::parse_schema;
use ese::record::Cell;
use ese::{CreateOptions, Cursor, ErrorCode, Instance};

mod common;

use common::Scratch;

// Column ids: id 1, name 128.
const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "name", "type": "Text", "cp": 1252}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
              {"name": "byname", "key": ["+name"], "flags": ["OptionallyUnique", "IgnoreNull"]}]}]}"#;

const ENFORCE: UpdateOptions = UpdateOptions {
    enforce_optionally_unique: true,
};

fn insert(c: &mut Cursor, id: i32, name: &str, opts: UpdateOptions) -> ese::Result<Vec<u8>> {
    c.prepare_update(Prep::Insert)?;
    c.set_column(1, Some(Cell::Value(Value::Long(id))), 1)?;
    c.set_column(128, Some(Cell::Value(Value::Text(name.into()))), 1)?;
    let r = c.update_with(opts);
    if r.is_err() {
        c.cancel_update();
    }
    r
}

fn rename(c: &mut Cursor, id: i32, name: &str, opts: UpdateOptions) -> ese::Result<Vec<u8>> {
    c.set_index(None)?;
    c.make_key(&[Some(Value::Long(id))], KeyLimit::None)?;
    c.seek(SeekGrbit::Eq)?;
    c.prepare_update(Prep::Replace)?;
    c.set_column(128, Some(Cell::Value(Value::Text(name.into()))), 1)?;
    let r = c.update_with(opts);
    if r.is_err() {
        c.cancel_update();
    }
    r
}

fn code<T: std::fmt::Debug>(r: ese::Result<T>) -> ErrorCode {
    r.unwrap_err().code()
}

#[test]
fn enforced_updates_keep_an_optionally_unique_index_unique() {
    let dir = Scratch::new("optionally-unique");
    let p = dir.join("ou.edb");
    let inst = Instance::new(dir.opts()).unwrap();
    let mut db = inst.create_database(&p, CreateOptions::default()).unwrap();
    let def = db
        .create_table_spec(&parse_schema(SCHEMA).unwrap().tables[0])
        .unwrap();
    let flag = ese::catalog::idb::OPTIONALLY_UNIQUE;
    assert_ne!(def.index("byname").unwrap().flags & flag, 0);
    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();

    // Plain updates do not enforce it.
    insert(&mut c, 1, "ann", UpdateOptions::default()).unwrap();
    insert(&mut c, 2, "ann", UpdateOptions::default()).unwrap();
    insert(&mut c, 3, "bob", ENFORCE).unwrap();
    assert_eq!(
        code(insert(&mut c, 4, "bob", ENFORCE)),
        ErrorCode::KeyDuplicate
    );
    assert_eq!(
        code(insert(&mut c, 4, "ann", ENFORCE)),
        ErrorCode::KeyDuplicate
    );
    insert(&mut c, 4, "cat", ENFORCE).unwrap();
    // A replace that moves a record onto another's key, and one that keeps its own.
    assert_eq!(
        code(rename(&mut c, 4, "bob", ENFORCE)),
        ErrorCode::KeyDuplicate
    );
    rename(&mut c, 4, "cat", ENFORCE).unwrap();
    rename(&mut c, 4, "bob", UpdateOptions::default()).unwrap();
    rename(&mut c, 4, "dan", ENFORCE).unwrap();

    // A deleted record's entry no longer counts.
    c.set_index(None).unwrap();
    c.make_key(&[Some(Value::Long(3))], KeyLimit::None).unwrap();
    c.seek(SeekGrbit::Eq).unwrap();
    c.delete().unwrap();
    insert(&mut c, 5, "bob", ENFORCE).unwrap();

    // Another transaction's uncommitted entry: a write conflict; once committed, a
    // duplicate.
    let s2 = inst.begin_session().unwrap();
    let mut c2 = s2.open_table(&db, "t").unwrap();
    s2.begin_transaction().unwrap();
    insert(&mut c2, 6, "eve", ENFORCE).unwrap();
    assert_eq!(
        code(insert(&mut c, 7, "eve", ENFORCE)),
        ErrorCode::WriteConflict
    );
    insert(&mut c, 7, "eve", UpdateOptions::default()).unwrap();
    s2.commit_transaction().unwrap();
    assert_eq!(
        code(insert(&mut c, 8, "eve", ENFORCE)),
        ErrorCode::KeyDuplicate
    );
    drop((c, c2));

    // Definitions ESE refuses: an optionally unique primary or unique index.
    for flags in [
        r#""Primary", "OptionallyUnique""#,
        r#""Unique", "OptionallyUnique""#,
    ] {
        let doc = SCHEMA.replace(r#""OptionallyUnique", "IgnoreNull""#, flags);
        assert_eq!(
            parse_schema(&doc).unwrap_err().code(),
            ErrorCode::InvalidGrbit,
            "{flags}"
        );
    }
    drop(s);
    drop(s2);
    db.close().unwrap();
    drop(db);
    drop(inst);
    let inst = Instance::new(dir.opts()).unwrap();
    let (db, _) = inst.attach_database(&p, true).unwrap();
    let t = db.table("t").unwrap();
    assert_ne!(t.def().index("byname").unwrap().flags & flag, 0);
}
