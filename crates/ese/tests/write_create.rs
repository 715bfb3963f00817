//! Creating databases: the new file's layout, tables, records, close and reopen.

mod common;

use common::ScratchFile;
use ese::db::{CreateOptions, Database, OpenOptions};
use ese::format::coltype::Value;
use ese::record::schema::parse_schema;
use ese::record::Row;
use ese::ErrorCode;

/// `name` in a folder of its own, removed when the test ends.
fn tmp(name: &str) -> ScratchFile {
    ScratchFile::new("write", name)
}

const PEOPLE: &str = r#"{"page_size": 8192,
 "tables": [{"name": "people",
   "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
               {"name": "name", "type": "Text", "cp": 1200},
               {"name": "score", "type": "IEEEDouble"},
               {"name": "tags", "type": "Text", "cp": 1200, "flags": ["Tagged", "MultiValued"]},
               {"name": "bio", "type": "LongText", "cp": 1200}],
   "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
               {"name": "byscore", "key": ["+score"]}]}]}"#;

#[test]
fn new_database_reads_back_with_its_system_tables() {
    for ps in [4096usize, 8192, 16384, 32768] {
        let p = tmp(&format!("empty{ps}.edb"));
        let db = Database::create(
            &p,
            CreateOptions {
                page_size: ps,
                ..Default::default()
            },
        )
        .unwrap();
        db.check().unwrap();
        assert_eq!(
            db.table_names(),
            [
                "MSysObjects",
                "MSysObjectsShadow",
                "MSysObjids",
                "MSysLocales"
            ]
        );
        assert_eq!(db.table("MSysObjects").unwrap().count().unwrap(), 72);
        db.close().unwrap();
        drop(db);
        let r = Database::open(&p).unwrap();
        assert!(r.warnings().is_empty(), "{:?}", r.warnings());
        assert_eq!(r.table("MSysObjects").unwrap().count().unwrap(), 72);
        assert_eq!(r.table("MSysObjectsShadow").unwrap().count().unwrap(), 72);
        assert_eq!(r.table("MSysObjids").unwrap().count().unwrap(), 6);
        assert_eq!(r.table("MSysLocales").unwrap().count().unwrap(), 7);
        assert_eq!(r.page_count(), 254);
    }
}

#[test]
fn table_with_records_reads_back() {
    let p = tmp("people.edb");
    let spec = parse_schema(PEOPLE).unwrap();
    let mut db = Database::create(&p, CreateOptions::default()).unwrap();
    db.create_table_spec(&spec.tables[0]).unwrap();
    let def = db.table("people").unwrap().def().clone();
    let id = def.column("id").unwrap().id;
    let name = def.column("name").unwrap().id;
    let bio = def.column("bio").unwrap().id;
    let score = def.column("score").unwrap().id;
    for i in 0..2000 {
        let mut row = Row::new();
        row.set_value(id, Value::Long(i));
        row.set_value(name, Value::Text(format!("person {i}")));
        row.set_value(score, Value::IEEEDouble(f64::from(i % 17)));
        if i % 100 == 0 {
            row.set_value(bio, Value::Text("x".repeat(5000 + i as usize)));
        }
        db.insert("people", &row).unwrap();
    }
    let mut dup = Row::new();
    dup.set_value(id, Value::Long(5));
    assert_eq!(
        db.insert("people", &dup).unwrap_err().code(),
        ErrorCode::KeyDuplicate
    );
    assert_eq!(db.table("people").unwrap().count().unwrap(), 2000);
    db.check().unwrap();
    db.close().unwrap();
    drop(db);
    let r = Database::open(&p).unwrap();
    let t = r.table("people").unwrap();
    assert_eq!(t.count().unwrap(), 2000);
    for (n, rec) in t.records().unwrap().enumerate() {
        let rec = rec.unwrap();
        let i = match rec.get("id").unwrap().first() {
            Some(Value::Long(i)) => *i,
            v => panic!("{v:?}"),
        };
        assert_eq!(i as usize, n);
        if i % 100 == 0 {
            assert_eq!(
                rec.get("bio").unwrap().first(),
                Some(&Value::Text("x".repeat(5000 + i as usize)))
            );
        }
    }
    // Reopen for writing, delete half.
    drop(r);
    let db = Database::open_with(
        &ese_os::StdFs,
        &p,
        &OpenOptions {
            read_only: false,
            ..Default::default()
        },
    )
    .unwrap();
    let t = db.table("people").unwrap();
    let keys: Vec<Vec<u8>> = t
        .records()
        .unwrap()
        .map(|r| r.unwrap().key().to_vec())
        .collect();
    for k in keys.iter().step_by(2) {
        db.delete("people", k).unwrap();
    }
    assert_eq!(db.table("people").unwrap().count().unwrap(), 1000);
    db.check().unwrap();
    db.close().unwrap();
    let r = Database::open(&p).unwrap();
    assert_eq!(r.table("people").unwrap().count().unwrap(), 1000);
}

#[test]
fn a_closed_database_file_lengthened_opens_whole_and_uses_the_pages() {
    let p = tmp("sized.edb");
    let spec = parse_schema(PEOPLE).unwrap();
    let mut db = Database::create(&p, CreateOptions::default()).unwrap();
    db.create_table_spec(&spec.tables[0]).unwrap();
    let id = db.table("people").unwrap().def().column("id").unwrap().id;
    db.close().unwrap();
    drop(db);
    let fs = ese_os::StdFs;
    let before = std::fs::metadata(&*p).unwrap().len() / 8192 - 2;
    // Never shortened; too small a size and a missing file are refused.
    assert_eq!(
        ese::db::set_database_file_size(&fs, &p, 16).unwrap() as u64,
        before
    );
    assert_eq!(
        ese::db::set_database_file_size(&fs, &p, 15)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidParameter
    );
    assert_eq!(
        ese::db::set_database_file_size(&fs, std::path::Path::new("/nonexistent/x.edb"), 100)
            .unwrap_err()
            .code(),
        ErrorCode::FileNotFound
    );
    assert_eq!(
        ese::db::set_database_file_size(&fs, &p, 3000).unwrap(),
        3000
    );
    assert_eq!(std::fs::metadata(&*p).unwrap().len(), 3002 * 8192);
    let db = Database::open_with(
        &fs,
        &p,
        &OpenOptions {
            read_only: false,
            ..OpenOptions::default()
        },
    )
    .unwrap();
    db.check().unwrap();
    for i in 0..3000 {
        let mut row = Row::new();
        row.set_value(id, Value::Long(i));
        db.insert("people", &row).unwrap();
    }
    db.check().unwrap();
    assert_eq!(db.table("people").unwrap().count().unwrap(), 3000);
    // The database owns no more than it grew to; the file is not shortened.
    assert!(std::fs::metadata(&*p).unwrap().len() >= 3002 * 8192);
    // A database left open (not cleanly shut down) is refused.
    db.insert("people", &{
        let mut r = Row::new();
        r.set_value(id, Value::Long(-1));
        r
    })
    .unwrap();
    assert_eq!(
        ese::db::set_database_file_size(&fs, &p, 4000)
            .unwrap_err()
            .code(),
        ErrorCode::DatabaseDirtyShutdown
    );
    db.close().unwrap();
}
