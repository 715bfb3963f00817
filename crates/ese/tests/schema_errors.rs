//! Bad input to schema changes gets ESE's error codes and changes nothing:
//! duplicate keys in a unique index, indexes over columns that do not exist,
//! deleting a column an index uses, and names that are too long or invalid, for
//! tables, columns and indexes alike.

mod common;

use common::ScratchFile;
use ese::catalog::index_grbit;
use ese::db::{CreateOptions, Database};
use ese::format::coltype::{ColumnType, Value};
use ese::record::schema::{column_grbit, parse_schema, ColumnSpec, IndexSpec, KeySegmentSpec};
use ese::record::Row;
use ese::ErrorCode;

/// `name` in a folder of its own, removed when the test ends.
fn tmp(name: &str) -> ScratchFile {
    ScratchFile::new("serr", name)
}

const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "txt", "type": "Text", "cp": 1252},
              {"name": "n", "type": "Long"}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
              {"name": "byn", "key": ["+n"]}]}]}"#;

fn setup(name: &str) -> (ScratchFile, Database) {
    let p = tmp(name);
    let spec = parse_schema(SCHEMA).unwrap();
    let mut db = Database::create(&p, CreateOptions::default()).unwrap();
    db.create_table_spec(&spec.tables[0]).unwrap();
    for i in 0..500 {
        let mut row = Row::new();
        row.set_value(1, Value::Long(i));
        row.set_value(128, Value::Text(format!("v{}", i % 10)));
        row.set_value(2, Value::Long(i));
        db.insert("t", &row).unwrap();
    }
    (p, db)
}

fn index(name: &str, cols: &[&str], flags: u32) -> IndexSpec {
    IndexSpec {
        name: name.into(),
        key: cols
            .iter()
            .map(|c| KeySegmentSpec {
                column: c.to_string(),
                descending: false,
            })
            .collect(),
        flags,
        key_most: None,
        var_seg_mac: None,
        conditions: Vec::new(),
        tuple_limits: None,
        density: 0,
    }
}

fn column(name: &str) -> ColumnSpec {
    ColumnSpec {
        name: name.into(),
        coltype: ColumnType::Long,
        cp: 0,
        max_length: 0,
        flags: column_grbit::TAGGED,
        default: None,
    }
}

/// The catalog as a comparable value, to show a refused change left it alone.
fn catalog(db: &Database) -> String {
    format!("{:?}", db.table_defs())
}

#[test]
fn duplicate_keys_in_unique_indexes() {
    let (_p, mut db) = setup("dup.edb");
    let before = catalog(&db);
    let owned = db.check().unwrap().owned;
    // A unique index over values that repeat cannot be built.
    let e = db
        .create_index("t", &index("utxt", &["txt"], index_grbit::UNIQUE))
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::KeyDuplicate, "{e}");
    assert_eq!(catalog(&db), before);
    let after = db.check().unwrap();
    assert_eq!(after.owned, owned, "a refused build keeps no space");
    // Over unique values it can; then an insert that repeats a key is refused.
    db.create_index("t", &index("un", &["n"], index_grbit::UNIQUE))
        .unwrap();
    let mut row = Row::new();
    row.set_value(1, Value::Long(10_000));
    row.set_value(2, Value::Long(7));
    assert_eq!(
        db.insert("t", &row).unwrap_err().code(),
        ErrorCode::KeyDuplicate
    );
    assert_eq!(db.table("t").unwrap().count().unwrap(), 500);
    db.check().unwrap();
}

#[test]
fn indexes_over_missing_columns() {
    let (_p, mut db) = setup("missing.edb");
    let before = catalog(&db);
    let e = db
        .create_index("t", &index("bad", &["nosuch"], 0))
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::ColumnNotFound, "{e}");
    let e = db
        .create_index("nosuch", &index("bad", &["n"], 0))
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::ObjectNotFound, "{e}");
    let e = db.create_index("t", &index("bad", &[], 0)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::IndexInvalidDef, "{e}");
    let e = db
        .create_index("t", &index("byn", &["txt"], 0))
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::IndexDuplicate, "{e}");
    let e = db
        .create_index("t", &index("p2", &["n"], index_grbit::PRIMARY))
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::IndexHasPrimary, "{e}");
    // A table created with an index over a missing column.
    let mut spec = parse_schema(SCHEMA).unwrap().tables[0].clone();
    spec.name = "t2".into();
    spec.indexes.push(index("bad", &["nosuch"], 0));
    assert_eq!(
        db.create_table_spec(&spec).unwrap_err().code(),
        ErrorCode::ColumnNotFound
    );
    assert_eq!(catalog(&db), before);
    db.check().unwrap();
}

#[test]
fn deleting_a_column_an_index_uses() {
    let (_p, mut db) = setup("inuse.edb");
    let before = catalog(&db);
    assert_eq!(
        db.delete_column("t", "n").unwrap_err().code(),
        ErrorCode::ColumnInUse
    );
    assert_eq!(
        db.delete_column("t", "id").unwrap_err().code(),
        ErrorCode::ColumnInUse
    );
    assert_eq!(
        db.delete_column("t", "nosuch").unwrap_err().code(),
        ErrorCode::ColumnNotFound
    );
    assert_eq!(catalog(&db), before);
    // Once the index is gone, the column can go.
    db.delete_index("t", "byn").unwrap();
    db.delete_column("t", "n").unwrap();
    assert!(db.table("t").unwrap().def().column("n").is_none());
    assert_eq!(
        db.delete_index("t", "primary").unwrap_err().code(),
        ErrorCode::IndexMustStay
    );
    assert_eq!(
        db.delete_index("t", "byn").unwrap_err().code(),
        ErrorCode::IndexNotFound
    );
    db.check().unwrap();
}

#[test]
fn names_too_long_or_invalid() {
    let (_p, mut db) = setup("names.edb");
    let before = catalog(&db);
    let long = "x".repeat(65);
    let bad = [
        long.as_str(),
        "",
        " lead",
        "a.b",
        "a!b",
        "a[b",
        "a]b",
        "tab\tname",
    ];
    for name in bad {
        assert_eq!(
            db.create_index("t", &index(name, &["n"], 0))
                .unwrap_err()
                .code(),
            ErrorCode::InvalidName,
            "index {name:?}"
        );
        assert_eq!(
            db.add_column("t", &column(name)).unwrap_err().code(),
            ErrorCode::InvalidName,
            "column {name:?}"
        );
        assert_eq!(
            db.rename_table("t", name).unwrap_err().code(),
            ErrorCode::InvalidName,
            "rename to {name:?}"
        );
        let mut spec = parse_schema(SCHEMA).unwrap().tables[0].clone();
        spec.name = name.to_string();
        assert_eq!(
            db.create_table_spec(&spec).unwrap_err().code(),
            ErrorCode::InvalidName,
            "table {name:?}"
        );
    }
    // 64 characters is the limit, and fine.
    let most = "y".repeat(64);
    db.add_column("t", &column(&most)).unwrap();
    db.rename_table("t", &most).unwrap();
    assert_eq!(db.table("t").unwrap_err().code(), ErrorCode::ObjectNotFound);
    assert_ne!(catalog(&db), before);
    db.check().unwrap();
    // Duplicates.
    assert_eq!(
        db.add_column(&most, &column("id")).unwrap_err().code(),
        ErrorCode::ColumnDuplicate
    );
    let spec = parse_schema(SCHEMA).unwrap().tables[0].clone();
    db.create_table_spec(&spec).unwrap();
    assert_eq!(
        db.rename_table("t", &most).unwrap_err().code(),
        ErrorCode::TableDuplicate
    );
    assert_eq!(
        db.rename_table("nosuch", "z").unwrap_err().code(),
        ErrorCode::ObjectNotFound
    );
    assert_eq!(
        db.delete_table("nosuch").unwrap_err().code(),
        ErrorCode::ObjectNotFound
    );
    db.check().unwrap();
}
