//! Schema changes on populated tables, checked by the independent readers: a file
//! where columns were added (fixed with a default, variable, tagged long text) and
//! deleted (fixed, variable, tagged long value), secondary indexes deleted (one of
//! them over Unicode text), a table with long values deleted and another renamed,
//! with rows written before and after. The file is closed, reopened read-only and
//! exported identically, then `ese-crosscheck.py --strict` (and `--strict --keys`)
//! must pass and `tools/reader-values.py` must give the values `eseutil export`
//! gives.

mod common;
use common::*;
use ese::db::{CreateOptions, Database};
use ese::format::coltype::{ColumnType, Value};
use ese::record::schema::{parse_schema, ColumnSpec};
use ese::record::Row;
use serde_json::Value as Json;
use std::path::Path;

const SCHEMA: &str = r#"{"page_size": PAGE, "tables": [
  {"name": "people",
   "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
               {"name": "age", "type": "Short"},
               {"name": "score", "type": "LongLong"},
               {"name": "grp", "type": "Long"},
               {"name": "name", "type": "Text", "cp": 1252, "max_length": 100},
               {"name": "note", "type": "Binary"},
               {"name": "uname", "type": "Text", "cp": 1200},
               {"name": "tags", "type": "Long", "flags": ["Tagged", "MultiValued"]},
               {"name": "blob", "type": "LongBinary"},
               {"name": "memo", "type": "LongText", "cp": 1252}],
   "indexes": [{"name": "pk", "key": ["+id"], "flags": ["Primary"]},
               {"name": "byname", "key": ["+name"]},
               {"name": "bygrp", "key": ["+grp", "+id"]},
               {"name": "byage", "key": ["+age", "-id"]},
               {"name": "byuname", "key": ["+uname"]}]},
  {"name": "gone",
   "columns": [{"name": "k", "type": "Long"}, {"name": "v", "type": "LongBinary"}],
   "indexes": [{"name": "pk", "key": ["+k"], "flags": ["Primary"]}]},
  {"name": "old",
   "columns": [{"name": "k", "type": "Long"}, {"name": "s", "type": "Text", "cp": 1252}],
   "indexes": [{"name": "pk", "key": ["+k"], "flags": ["Primary"]},
               {"name": "bys", "key": ["+s"]}]}]}"#;

const ROWS: i32 = 2500;

fn person(i: i32) -> Row {
    let mut row = Row::new();
    row.set_value(1, Value::Long(i));
    row.set_value(2, Value::Short((i % 90) as i16));
    row.set_value(3, Value::LongLong(i as i64 * 1_000_003));
    row.set_value(4, Value::Long(i % 17));
    row.set_value(128, Value::Text(format!("name {:05}", (i * 7919) % ROWS)));
    if i % 3 == 0 {
        row.set_value(
            129,
            Value::Binary(vec![(i % 251) as u8; (i % 40) as usize + 1]),
        );
    }
    row.set_value(130, Value::Text(format!("user {}", i % 500)));
    if i % 5 == 0 {
        row.set(
            256,
            ese::record::RowValue::Many(vec![Value::Long(i).into(), Value::Long(-i).into()]),
        );
    }
    if i % 4 == 0 {
        let len = if i % 8 == 0 { 3000 } else { 300 };
        row.set_value(257, Value::Binary(vec![(i % 256) as u8; len]));
    }
    if i % 6 == 0 {
        row.set_value(
            258,
            Value::Text(format!("memo {i} ").repeat(1 + (i % 5) as usize * 50)),
        );
    }
    row
}

fn spec(name: &str, coltype: ColumnType, default: Option<Json>) -> ColumnSpec {
    ColumnSpec {
        name: name.into(),
        coltype,
        cp: 0,
        max_length: 0,
        flags: 0,
        default,
    }
}

fn build(path: &Path, page: usize) {
    let spec_doc = parse_schema(&SCHEMA.replace("PAGE", &page.to_string())).unwrap();
    let mut db = Database::create(
        path,
        CreateOptions {
            page_size: page,
            cache_pages: 256,
            ..Default::default()
        },
    )
    .unwrap();
    for t in &spec_doc.tables {
        db.create_table_spec(t).unwrap();
    }
    for i in 0..ROWS {
        db.insert("people", &person(i)).unwrap();
    }
    for k in 0..200 {
        let mut row = Row::new();
        row.set_value(1, Value::Long(k));
        row.set_value(256, Value::Binary(vec![k as u8; 100 + k as usize * 40]));
        db.insert("gone", &row).unwrap();
        let mut row = Row::new();
        row.set_value(1, Value::Long(k));
        row.set_value(128, Value::Text(format!("s{k}")));
        db.insert("old", &row).unwrap();
    }
    // The changes.
    db.delete_index("people", "byage").unwrap();
    db.delete_index("people", "byuname").unwrap();
    db.delete_column("people", "score").unwrap();
    db.delete_column("people", "note").unwrap();
    db.delete_column("people", "blob").unwrap();
    db.delete_column("people", "age").unwrap();
    let flag = db
        .add_column(
            "people",
            &spec("flag", ColumnType::UnsignedByte, Some(serde_json::json!(7))),
        )
        .unwrap();
    let extra = db
        .add_column("people", &spec("extra", ColumnType::Text, None))
        .unwrap();
    let more = db
        .add_column("people", &spec("more", ColumnType::LongText, None))
        .unwrap();
    db.delete_table("gone").unwrap();
    db.rename_table("old", "renamed").unwrap();
    // Rows after the changes, and some old rows replaced.
    for i in ROWS..ROWS + 500 {
        let mut row = Row::new();
        row.set_value(1, Value::Long(i));
        row.set_value(4, Value::Long(i % 17));
        row.set_value(128, Value::Text(format!("late {i}")));
        row.set_value(flag.id, Value::UnsignedByte((i % 3) as u8));
        row.set_value(extra.id, Value::Text(format!("extra {i}")));
        if i % 2 == 0 {
            row.set_value(more.id, Value::Text("more ".repeat(700)));
        }
        db.insert("people", &row).unwrap();
    }
    let t = db.table("people").unwrap();
    for i in (0..ROWS).step_by(9) {
        let bm = t.make_key("pk", &[Some(Value::Long(i))]).unwrap();
        let (mut row, _) = t.record_at(&bm).unwrap().to_row().unwrap();
        row.set_value(extra.id, Value::Text(format!("changed {i}")));
        db.replace("people", &bm, &row).unwrap();
    }
    let mut row = Row::new();
    row.set_value(1, Value::Long(1000));
    row.set_value(128, Value::Text("after rename".into()));
    db.insert("renamed", &row).unwrap();
    db.check().unwrap();
    db.close().unwrap();
}

#[test]
fn schema_changes_read_by_the_independent_readers() {
    for page in [4096usize, 8192, 16384, 32768] {
        let dir = Scratch::new("ddl");
        let path = dir.file(&format!("ddl{page}.edb"));
        build(&path, page);
        let before = export_table(&path, None);
        assert!(before.iter().any(|r| r["_table"] == "renamed"));
        assert!(!before
            .iter()
            .any(|r| r["_table"] == "gone" || r["_table"] == "old"));
        let people: Vec<&Json> = before.iter().filter(|r| r["_table"] == "people").collect();
        assert_eq!(people.len(), (ROWS + 500) as usize);
        assert!(people
            .iter()
            .all(|r| r.get("score").is_none() && r.get("age").is_none()));
        assert!(people.iter().filter(|r| r["flag"] == 7).count() >= ROWS as usize);
        let r = Database::open(&path).unwrap();
        assert!(r.warnings().is_empty());
        drop(r);
        assert_eq!(export_table(&path, None), before);
        // Every index left is one dissect's key normaliser computes (ascending,
        // ASCII text and integers), so the entries must all be found.
        cross_check_keys(&path, Some("people"));
        cross_check_keys(&path, Some("renamed"));
    }
}
