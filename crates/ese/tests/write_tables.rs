//! Tables without a primary index (sequential keys), autoincrement, version and
//! escrow columns, defaults, and several tables in one database, read back after
//! close and reopen.

use ese::db::{CreateOptions, Database, OpenOptions};
use ese::format::coltype::Value;
use ese::record::schema::parse_schema;
use ese::record::Row;

const SCHEMA: &str = r#"{"page_size": 16384, "tables": [
  {"name": "log",
   "columns": [{"name": "n", "type": "Long", "flags": ["Autoincrement"]},
               {"name": "msg", "type": "Text", "cp": 1252},
               {"name": "ver", "type": "Long", "flags": ["Version"]},
               {"name": "cnt", "type": "Long", "flags": ["EscrowUpdate"], "default": 0},
               {"name": "lvl", "type": "Short", "default": 3}],
   "indexes": [{"name": "bymsg", "key": ["+msg"]}]},
  {"name": "kv",
   "columns": [{"name": "k", "type": "Text", "cp": 1200, "flags": ["NotNULL"]},
               {"name": "v", "type": "LongBinary"}],
   "indexes": [{"name": "pk", "key": ["+k"], "flags": ["Primary"]}]}]}"#;

#[test]
fn sequential_autoincrement_defaults_and_two_tables() {
    let p = std::env::temp_dir().join(format!("ese-wt-{}.edb", std::process::id()));
    let _ = std::fs::remove_file(&p);
    let spec = parse_schema(SCHEMA).unwrap();
    let mut db = Database::create(
        &p,
        CreateOptions {
            page_size: 16384,
            ..Default::default()
        },
    )
    .unwrap();
    for t in &spec.tables {
        db.create_table_spec(t).unwrap();
    }
    for i in 0..3000 {
        let mut row = Row::new();
        row.set_value(128, Value::Text(format!("message {}", i % 10)));
        db.insert("log", &row).unwrap();
        let mut kv = Row::new();
        kv.set_value(128, Value::Text(format!("key ✓ {i}")));
        kv.set_value(256, Value::Binary(vec![i as u8; (i % 50) as usize * 100]));
        db.insert("kv", &kv).unwrap();
    }
    db.check().unwrap();
    db.close().unwrap();
    drop(db);
    // Reopen for writing: counters continue.
    let db = Database::open_with(
        &ese_os::StdFs,
        &p,
        &OpenOptions {
            read_only: false,
            ..Default::default()
        },
    )
    .unwrap();
    let mut row = Row::new();
    row.set_value(128, Value::Text("after reopen".into()));
    db.insert("log", &row).unwrap();
    db.close().unwrap();
    drop(db);
    let r = Database::open(&p).unwrap();
    let log = r.table("log").unwrap();
    let recs: Vec<_> = log.records().unwrap().map(|r| r.unwrap()).collect();
    assert_eq!(recs.len(), 3001);
    for (i, rec) in recs.iter().enumerate() {
        assert_eq!(rec.key(), &(i as u32 + 1).to_be_bytes());
        assert_eq!(
            rec.get("n").unwrap().first(),
            Some(&Value::Long(i as i32 + 1))
        );
        assert_eq!(rec.get("lvl").unwrap().first(), Some(&Value::Short(3)));
        assert_eq!(rec.get("cnt").unwrap().first(), Some(&Value::Long(0)));
    }
    let kv = r.table("kv").unwrap();
    assert_eq!(kv.count().unwrap(), 3000);
    for rec in kv.records().unwrap() {
        let rec = rec.unwrap();
        let k = match rec.get("k").unwrap().first() {
            Some(Value::Text(t)) => t.clone(),
            v => panic!("{v:?}"),
        };
        let i: usize = k.rsplit(' ').next().unwrap().parse().unwrap();
        let v = rec.get("v").unwrap();
        if i.is_multiple_of(50) {
            // A zero-length value (the row sets one; JetSetColumn would need
            // JET_bitSetZeroLength for it).
            assert!(v.is_null() || v.first() == Some(&Value::Binary(Vec::new())));
        } else {
            assert_eq!(
                v.first(),
                Some(&Value::Binary(vec![i as u8; (i % 50) * 100]))
            );
        }
    }
    let _ = std::fs::remove_file(&p);
}

/// A fixed Binary key column holds its value padded with zeros to the column's size, and
/// its key is made of the padded value. `Table::make_key` (and so `Table::seek` and
/// `Table::find_all`) makes the key of a shorter value the same way, as the cursor's
/// `make_key` does (`JetMakeKey`): a record stored with a short key is found by it.
#[test]
fn table_keys_pad_a_short_value_of_a_fixed_column_as_the_record_holds_it() {
    use ese::db::{KeyLimit, SeekGrbit, SeekOp};
    let p = std::env::temp_dir().join(format!("ese-wt-fixed-{}.edb", std::process::id()));
    let _ = std::fs::remove_file(&p);
    let spec = parse_schema(
        r#"{"tables": [{"name": "kv",
           "columns": [{"name": "k", "type": "Binary", "max_length": 8, "flags": ["Fixed", "NotNULL"]},
                       {"name": "v", "type": "Long"}],
           "indexes": [{"name": "pk", "key": ["+k"], "flags": ["Primary"]}]}]}"#,
    )
    .unwrap();
    let mut db = Database::create(&p, CreateOptions::default()).unwrap();
    db.create_table_spec(&spec.tables[0]).unwrap();
    for (i, k) in [&b"ab"[..], b"abc", b"abcdefgh", b"b"].iter().enumerate() {
        let mut row = Row::new();
        row.set_value(1, Value::Binary(k.to_vec()));
        row.set_value(2, Value::Long(i as i32));
        db.insert("kv", &row).unwrap();
    }
    let t = db.table("kv").unwrap();
    let session = db.begin_session().unwrap();
    let mut cursor = session.open_table(&db, "kv").unwrap();
    for (i, k) in [&b"ab"[..], b"abc", b"abcdefgh", b"b"].iter().enumerate() {
        let values = [Some(Value::Binary(k.to_vec()))];
        let padded = [Some(Value::Binary(
            k.iter()
                .copied()
                .chain(std::iter::repeat(0))
                .take(8)
                .collect(),
        ))];
        assert_eq!(
            t.make_key("pk", &values).unwrap(),
            t.make_key("pk", &padded).unwrap(),
            "{k:?}"
        );
        cursor.make_key(&values, KeyLimit::None).unwrap();
        cursor.seek(SeekGrbit::Eq).unwrap();
        let (v, _) = cursor.retrieve_column(2, 1).unwrap();
        assert_eq!(v, Some(Value::Long(i as i32)), "{k:?}");
        let rec = t.seek("pk", &values, SeekOp::Eq).unwrap();
        let rec = rec.unwrap_or_else(|| panic!("{k:?} not found"));
        assert_eq!(rec.get("v").unwrap().first(), Some(&Value::Long(i as i32)));
        assert_eq!(t.find_all("pk", &values).unwrap().len(), 1, "{k:?}");
    }
    drop((cursor, session, t));
    db.close().unwrap();
    let _ = std::fs::remove_file(&p);
}
