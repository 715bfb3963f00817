//! A NULL a record stores over its column's default stays NULL wherever the
//! record is read back as a row: the record's row says NULL (left out, the
//! column would take its default again), an index built after the record has
//! no entry for it where the default would have one, replacing the record finds
//! the index entries it has (not the ones its default would make), a JET-style
//! replace that sets another column keeps it, and the integrity check agrees.

mod common;

use common::ScratchFile;
use ese::db::{CreateOptions, Database, KeyLimit, Prep, SeekGrbit};
use ese::format::coltype::Value;
use ese::record::schema::{parse_schema, IndexSpec, KeySegmentSpec};
use ese::record::{Cell, Row, RowValue};
use ese::SeekOp;

const SCHEMA: &str = r#"{"page_size": 8192,
 "tables": [{"name": "t",
   "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
               {"name": "amount", "type": "Currency", "default": 42},
               {"name": "tag", "type": "Text", "cp": 1252, "default": "none", "flags": ["Tagged"]},
               {"name": "flag", "type": "Bit"}],
   "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
               {"name": "byamount", "key": ["+amount"], "flags": ["IgnoreAnyNull"]}]}]}"#;

/// The primary bookmarks of index `ix`'s entries.
fn bookmarks(db: &Database, ix: &str) -> Vec<Vec<u8>> {
    db.table("t")
        .unwrap()
        .index_entries(ix)
        .unwrap()
        .map(|e| e.unwrap().1)
        .collect()
}

/// Record `id` of table `t`.
fn record(db: &Database, id: i32) -> ese::db::Record {
    db.table("t")
        .unwrap()
        .seek("primary", &[Some(Value::Long(id))], SeekOp::Eq)
        .unwrap()
        .unwrap()
}

#[test]
fn a_null_stored_over_a_default_stays_null_in_rows_indexes_and_replaces() {
    let path = ScratchFile::new("nulldef", "t.edb");
    let spec = parse_schema(SCHEMA).unwrap();
    let mut db = Database::create(&path, CreateOptions::default()).unwrap();
    db.create_table_spec(&spec.tables[0]).unwrap();
    let def = db.table("t").unwrap().def().clone();
    let col = |n: &str| def.column(n).unwrap().id;
    let row = |id: i32, amount: Option<Option<i64>>| {
        let mut r = Row::new();
        r.set_value(col("id"), Value::Long(id));
        r.set_value(col("flag"), Value::Bit(true));
        match amount {
            None => {}
            Some(None) => {
                r.set_null(col("amount"));
                r.set_null(col("tag"));
            }
            Some(Some(v)) => {
                r.set_value(col("amount"), Value::Currency(v));
            }
        }
        r
    };
    let a = db.insert("t", &row(1, None)).unwrap(); // the default, 42
    let b = db.insert("t", &row(2, Some(None))).unwrap(); // NULL over the default
    let c = db.insert("t", &row(3, Some(Some(7)))).unwrap();
    assert_eq!(bookmarks(&db, "byamount"), vec![c.clone(), a.clone()]);

    let rec = record(&db, 2);
    let (r, _) = rec.to_row().unwrap();
    assert_eq!(r.get(col("amount")), Some(&RowValue::Null));
    assert_eq!(r.get(col("tag")), Some(&RowValue::Null));
    assert_eq!(
        rec.stored_row().unwrap().get(col("amount")),
        Some(&RowValue::Null)
    );
    assert_eq!(
        record(&db, 1).get("amount").unwrap().first(),
        Some(&Value::Currency(42))
    );

    // An index made now gives the NULL record no entry, as the first one did.
    db.create_index(
        "t",
        &IndexSpec {
            name: "later".into(),
            key: vec![KeySegmentSpec {
                column: "amount".into(),
                descending: false,
            }],
            flags: ese::record::schema::index_grbit::IGNORE_ANY_NULL,
            key_most: None,
            var_seg_mac: None,
            conditions: Vec::new(),
            tuple_limits: None,
            density: 0,
        },
    )
    .unwrap();
    assert_eq!(bookmarks(&db, "later"), vec![c.clone(), a.clone()]);

    // Replacing the NULL record finds the entries it has.
    let mut new = row(2, Some(None));
    new.set_value(col("flag"), Value::Bit(false));
    db.replace("t", &b, &new).unwrap();
    let mut with_value = row(2, Some(Some(99)));
    with_value.set_value(col("flag"), Value::Bit(false));
    db.replace("t", &b, &with_value).unwrap();
    assert_eq!(
        bookmarks(&db, "byamount"),
        vec![c.clone(), a.clone(), b.clone()]
    );
    db.replace("t", &b, &row(2, Some(None))).unwrap();
    assert_eq!(bookmarks(&db, "later"), vec![c.clone(), a.clone()]);

    // A JET-style replace that sets another column keeps the NULL (the record
    // is read back as a row for the update).
    let mut cur = db.open_cursor("t").unwrap();
    cur.make_key(&[Some(Value::Long(2))], KeyLimit::None)
        .unwrap();
    cur.seek(SeekGrbit::Eq).unwrap();
    cur.prepare_update(Prep::Replace).unwrap();
    cur.set_column(col("flag"), Some(Cell::Value(Value::Bit(true))), 1)
        .unwrap();
    cur.update().unwrap();
    let (v, _) = cur.retrieve_column(col("amount"), 1).unwrap();
    assert_eq!(v, None);
    let (t, _) = cur.retrieve_column(col("tag"), 1).unwrap();
    assert_eq!(t, None);
    drop(cur);
    assert_eq!(bookmarks(&db, "byamount"), vec![c, a]);
    db.check().unwrap();
    db.close().unwrap();
}
