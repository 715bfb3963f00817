//! Bad input to the write path and the cursor API gets ESE's error codes, never a
//! panic; and a cache smaller than the data keeps its frame count.

mod common;

use common::ScratchFile;
use ese::db::{CreateOptions, Database, KeyLimit, OpenOptions, Prep, SeekGrbit};
use ese::format::coltype::Value;
use ese::record::schema::parse_schema;
use ese::record::{Cell, Row};
use ese::{ErrorCode, Warning};

/// `name` in a folder of its own, removed when the test ends.
fn tmp(name: &str) -> ScratchFile {
    ScratchFile::new("werr", name)
}

const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "txt", "type": "Text", "cp": 1252},
              {"name": "bin", "type": "Binary"},
              {"name": "big", "type": "Binary", "flags": ["Tagged", "MultiValued"]},
              {"name": "mv", "type": "Long", "flags": ["Tagged", "MultiValued"]}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
              {"name": "bytxt", "key": ["+txt"], "flags": ["Unique", "IgnoreNull"]}]}]}"#;

fn setup(name: &str) -> (ScratchFile, Database) {
    let p = tmp(name);
    let spec = parse_schema(SCHEMA).unwrap();
    let mut db = Database::create(&p, CreateOptions::default()).unwrap();
    db.create_table_spec(&spec.tables[0]).unwrap();
    (p, db)
}

#[test]
fn bad_rows_get_ese_codes() {
    let (_p, mut db) = setup("rows.edb");
    let code = |r: ese::Result<Vec<u8>>| r.unwrap_err().code();
    let mut row = Row::new();
    row.set_value(1, Value::Long(1));
    row.set_value(99, Value::Long(1));
    assert_eq!(code(db.insert("t", &row)), ErrorCode::ColumnNotFound);
    let mut row = Row::new();
    row.set(1, ese::record::RowValue::One(Cell::Raw(vec![1, 2])));
    assert_eq!(code(db.insert("t", &row)), ErrorCode::InvalidBufferSize);
    let mut row = Row::new();
    row.set_value(1, Value::Long(2));
    row.set(
        256,
        ese::record::RowValue::Many(
            (0..40)
                .map(|i| Cell::Value(Value::Binary(vec![i; 255])))
                .collect(),
        ),
    );
    assert_eq!(code(db.insert("t", &row)), ErrorCode::RecordTooBig);
    let row = Row::new();
    assert_eq!(code(db.insert("t", &row)), ErrorCode::NullInvalid);
    let mut row = Row::new();
    row.set_value(1, Value::Long(3));
    row.set_value(128, Value::Text("same".into()));
    db.insert("t", &row).unwrap();
    let mut row2 = Row::new();
    row2.set_value(1, Value::Long(4));
    row2.set_value(128, Value::Text("same".into()));
    assert_eq!(code(db.insert("t", &row2)), ErrorCode::KeyDuplicate);
    assert_eq!(code(db.insert("t", &row)), ErrorCode::KeyDuplicate);
    assert_eq!(db.table("t").unwrap().count().unwrap(), 1);
    assert_eq!(
        db.insert("nope", &row).unwrap_err().code(),
        ErrorCode::ObjectNotFound
    );
    // Table creation errors.
    let spec = parse_schema(SCHEMA).unwrap();
    assert_eq!(
        db.create_table_spec(&spec.tables[0]).unwrap_err().code(),
        ErrorCode::TableDuplicate
    );
    let mut bad = spec.tables[0].clone();
    bad.name = "a.b".into();
    assert_eq!(
        db.create_table_spec(&bad).unwrap_err().code(),
        ErrorCode::InvalidName
    );
    db.check().unwrap();
    db.close().unwrap();
    // A closed database refuses changes.
    assert_eq!(
        db.insert("t", &row2).unwrap_err().code(),
        ErrorCode::DatabaseFileReadOnly
    );
}

#[test]
fn cursor_errors_and_warnings() {
    let (_p, db) = setup("cursor.edb");
    let mut c = db.open_cursor("t").unwrap();
    assert_eq!(
        c.move_first().unwrap_err().code(),
        ErrorCode::NoCurrentRecord
    );
    assert_eq!(
        c.retrieve_column(1, 1).unwrap_err().code(),
        ErrorCode::NoCurrentRecord
    );
    assert_eq!(c.delete().unwrap_err().code(), ErrorCode::NoCurrentRecord);
    assert_eq!(c.bookmark().unwrap_err().code(), ErrorCode::NoCurrentRecord);
    assert_eq!(
        c.prepare_update(Prep::Replace).unwrap_err().code(),
        ErrorCode::NoCurrentRecord
    );
    assert_eq!(c.update().unwrap_err().code(), ErrorCode::UpdateNotPrepared);
    assert_eq!(
        c.seek(SeekGrbit::Eq).unwrap_err().code(),
        ErrorCode::KeyNotMade
    );
    assert_eq!(
        c.set_index(Some("nope")).unwrap_err().code(),
        ErrorCode::IndexNotFound
    );
    for i in 0..10 {
        c.prepare_update(Prep::Insert).unwrap();
        c.set_column(1, Some(Cell::Value(Value::Long(i * 10))), 1)
            .unwrap();
        c.set_column(131, Some(Cell::Value(Value::Long(i))), 0)
            .unwrap_err();
        c.set_column(257, Some(Cell::Value(Value::Long(i))), 0)
            .unwrap();
        c.set_column(257, Some(Cell::Value(Value::Long(i + 100))), 0)
            .unwrap();
        c.update().unwrap();
    }
    assert_eq!(
        c.set_column(0, None, 1).unwrap_err().code(),
        ErrorCode::BadColumnId
    );
    c.prepare_update(Prep::Insert).unwrap();
    assert_eq!(
        c.prepare_update(Prep::Insert).unwrap_err().code(),
        ErrorCode::AlreadyPrepared
    );
    assert_eq!(
        c.set_column(1, Some(Cell::Raw(vec![1])), 1)
            .and_then(|_| c.update().map(|_| ()))
            .unwrap_err()
            .code(),
        ErrorCode::InvalidBufferSize
    );
    c.cancel_update();
    c.make_key(&[Some(Value::Long(35))], KeyLimit::None)
        .unwrap();
    assert_eq!(c.seek(SeekGrbit::Ge).unwrap(), Some(Warning::SeekNotEqual));
    assert_eq!(c.retrieve_column(1, 1).unwrap().0, Some(Value::Long(40)));
    assert_eq!(c.retrieve_column(257, 2).unwrap().0, Some(Value::Long(104)));
    assert_eq!(
        c.retrieve_column(257, 3).unwrap(),
        (None, Some(Warning::ColumnNull))
    );
    assert_eq!(
        c.retrieve_column(128, 1).unwrap(),
        (None, Some(Warning::ColumnNull))
    );
    assert_eq!(
        c.retrieve_column(77, 1).unwrap_err().code(),
        ErrorCode::ColumnNotFound
    );
    let bm = c.bookmark().unwrap();
    assert_eq!(c.record_position().unwrap(), (4, 10));
    c.move_by(3).unwrap();
    assert_eq!(c.retrieve_column(1, 1).unwrap().0, Some(Value::Long(70)));
    c.move_by(-2).unwrap();
    assert_eq!(c.retrieve_column(1, 1).unwrap().0, Some(Value::Long(50)));
    c.goto_bookmark(&bm).unwrap();
    assert_eq!(c.retrieve_column(1, 1).unwrap().0, Some(Value::Long(40)));
    c.make_key(&[Some(Value::Long(35))], KeyLimit::None)
        .unwrap();
    assert_eq!(
        c.seek(SeekGrbit::Eq).unwrap_err().code(),
        ErrorCode::RecordNotFound
    );
    // Insert-copy, replace with a multi-value removed, delete.
    c.goto_bookmark(&bm).unwrap();
    c.prepare_update(Prep::InsertCopy).unwrap();
    c.set_column(1, Some(Cell::Value(Value::Long(41))), 1)
        .unwrap();
    c.update().unwrap();
    c.prepare_update(Prep::Replace).unwrap();
    c.set_column(257, None, 1).unwrap();
    c.update().unwrap();
    assert_eq!(c.retrieve_column(257, 1).unwrap().0, Some(Value::Long(104)));
    c.delete().unwrap();
    assert_eq!(
        c.goto_bookmark(&bm).unwrap_err().code(),
        ErrorCode::RecordDeleted
    );
    assert_eq!(db.table("t").unwrap().count().unwrap(), 10);
    db.check().unwrap();
    db.close().unwrap();
}

#[test]
fn read_only_databases_refuse_writes() {
    let (p, db) = setup("ro.edb");
    let mut row = Row::new();
    row.set_value(1, Value::Long(1));
    db.insert("t", &row).unwrap();
    db.close().unwrap();
    drop(db);
    let mut r = Database::open(&p).unwrap();
    assert_eq!(
        r.insert("t", &row).unwrap_err().code(),
        ErrorCode::PermissionDenied
    );
    let spec = parse_schema(SCHEMA).unwrap();
    assert_eq!(
        r.create_table_spec(&spec.tables[0]).unwrap_err().code(),
        ErrorCode::PermissionDenied
    );
    let mut c = r.open_cursor("t").unwrap();
    c.move_first().unwrap();
    assert_eq!(c.retrieve_column(1, 1).unwrap().0, Some(Value::Long(1)));
    assert_eq!(
        c.prepare_update(Prep::Insert).unwrap_err().code(),
        ErrorCode::PermissionDenied
    );
    assert_eq!(c.delete().unwrap_err().code(), ErrorCode::PermissionDenied);
    drop(c);
    drop(r);
    // A file that cannot be written, opened for writing.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
        let opts = OpenOptions {
            read_only: false,
            ..Default::default()
        };
        let is_root = std::fs::OpenOptions::new().write(true).open(&p).is_ok();
        if !is_root {
            assert_eq!(
                Database::open_with(&ese_os::StdFs, &p, &opts)
                    .unwrap_err()
                    .code(),
                ErrorCode::DatabaseFileReadOnly
            );
        }
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    // A database left dirty (not closed) cannot be opened for writing.
    let p2 = tmp("dirty.edb");
    let d = tmp("dirty2.edb");
    std::fs::copy(&p, &p2).unwrap();
    {
        let w = Database::open_with(
            &ese_os::StdFs,
            &p2,
            &OpenOptions {
                read_only: false,
                ..Default::default()
            },
        )
        .unwrap();
        // Copy the file while it says dirty.
        std::fs::copy(&p2, &d).unwrap();
        w.close().unwrap();
    }
    let ro = Database::open(&d).unwrap();
    assert_eq!(ro.warnings()[0].code, ErrorCode::DatabaseDirtyShutdown);
    let opts = OpenOptions {
        read_only: false,
        ..Default::default()
    };
    assert_eq!(
        Database::open_with(&ese_os::StdFs, &d, &opts)
            .unwrap_err()
            .code(),
        ErrorCode::DatabaseDirtyShutdown
    );
    assert_eq!(
        Database::create(&p, CreateOptions::default())
            .unwrap_err()
            .code(),
        ErrorCode::DatabaseDuplicate
    );
    assert_eq!(
        Database::create(
            tmp("ps.edb"),
            CreateOptions {
                page_size: 1000,
                ..Default::default()
            }
        )
        .unwrap_err()
        .code(),
        ErrorCode::InvalidParameter
    );
}

fn peak_rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

#[test]
fn memory_stays_bounded_by_the_cache() {
    let p = tmp("mem.edb");
    let spec = parse_schema(SCHEMA).unwrap();
    let frames = 64;
    let mut db = Database::create(
        &p,
        CreateOptions {
            page_size: 8192,
            cache_pages: frames,
            ..Default::default()
        },
    )
    .unwrap();
    db.create_table_spec(&spec.tables[0]).unwrap();
    let cache = db.cache().unwrap().clone();
    assert_eq!(cache.frame_count(), frames);
    let before = peak_rss_kib();
    // 10x the cache: 64 frames x 8 KiB = 512 KiB; load about 6 MiB of records.
    for i in 0..30_000 {
        let mut row = Row::new();
        row.set_value(1, Value::Long(i));
        row.set_value(129, Value::Binary(vec![(i % 251) as u8; 180]));
        db.insert("t", &row).unwrap();
        assert!(cache.resident_pages() <= frames);
    }
    assert_eq!(cache.frame_count(), frames);
    let pages = db.page_count();
    assert!(
        u64::from(pages) * 8192 >= 10 * frames as u64 * 8192,
        "{pages} pages"
    );
    db.check().unwrap();
    db.close().unwrap();
    let after = peak_rss_kib();
    eprintln!(
        "memory: cache {frames} frames of 8 KiB, file {pages} pages; peak RSS {before:?} KiB before, {after:?} KiB after loading"
    );
}

#[test]
fn keys_too_long_are_cut_or_refused() {
    let p = tmp("keys.edb");
    let spec = parse_schema(
        r#"{"page_size": 8192, "tables": [{"name": "k",
        "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
                    {"name": "a", "type": "Text", "cp": 1252},
                    {"name": "b", "type": "Text", "cp": 1252}],
        "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
                    {"name": "bya", "key": ["+a"]},
                    {"name": "byb", "key": ["+b"], "flags": ["DisallowTruncation"]}]}]}"#,
    )
    .unwrap();
    let mut db = Database::create(&p, CreateOptions::default()).unwrap();
    db.create_table_spec(&spec.tables[0]).unwrap();
    let long = "x".repeat(255);
    let mut row = Row::new();
    row.set_value(1, Value::Long(1));
    row.set_value(128, Value::Text(long.clone()));
    db.insert("k", &row).unwrap();
    let mut row = Row::new();
    row.set_value(1, Value::Long(2));
    row.set_value(129, Value::Text(long));
    assert_eq!(
        db.insert("k", &row).unwrap_err().code(),
        ErrorCode::KeyTruncated
    );
    assert_eq!(db.table("k").unwrap().count().unwrap(), 1);
    db.check().unwrap();
    // Dropped without close: the writer still flushes and marks it clean.
    drop(db);
    let r = Database::open(&p).unwrap();
    assert!(r.warnings().is_empty());
    assert_eq!(r.table("k").unwrap().count().unwrap(), 1);
}
