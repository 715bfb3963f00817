//! The identity of Unicode text keys: indexes this engine builds record its own
//! normalization (`ese-rs-casefold-utf8`) in their catalog row and in `MSysLocales`;
//! indexes built by another collation (every Unicode index Windows wrote) are foreign:
//! they read in stored order, but key computations, seeks and changes to their tables
//! are refused with `JET_errSecondaryIndexCorrupted` / `JET_errPrimaryIndexCorrupted`.

mod common;
use common::*;
use ese::catalog::locales::locale_row;
use ese::db::{
    CreateOptions, Database, KeyLimit, OpenOptions, Prep, SeekGrbit, SetIndexGrbit,
    UNICODE_SORT_VERSION,
};
use ese::format::coltype::Value;
use ese::format::header::{DbHeader, DbState};
use ese::format::key::{UNICODE_KEY_IDENTITY, UNICODE_KEY_SORT_ID, UNICODE_KEY_VERSION};
use ese::record::schema::parse_schema;
use ese::record::Row;
use ese::{ColumnValue, Datum, ErrorCode};

/// `name` in a folder of its own, removed when the test ends.
fn tmp(name: &str) -> ScratchFile {
    ScratchFile::new("ucoll", name)
}

fn code<T: std::fmt::Debug>(r: ese::Result<T>) -> ErrorCode {
    r.unwrap_err().code()
}

/// A copy of sample `name` in a temporary file, opened for writing. A sample left in
/// dirty shutdown (`Windows.edb`) is first marked clean in both header copies, since
/// without its logs it could only be opened read-only.
fn writable_sample(name: &str) -> (ScratchFile, Database) {
    let p = tmp(name);
    let mut bytes = sample_bytes(name);
    let mut header = [4096usize, 8192, 16384, 32768]
        .iter()
        .find_map(|&size| {
            DbHeader::decode(&bytes[..size])
                .ok()
                .filter(|h| h.page_size() as usize == size)
        })
        .expect("a database header");
    if header.state != DbState::CleanShutdown {
        header.state = DbState::CleanShutdown;
        let size = header.page_size() as usize;
        for copy in 0..2 {
            header.encode(&mut bytes[copy * size..(copy + 1) * size]);
        }
    }
    std::fs::write(&p, bytes).unwrap();
    let db = Database::open_with(
        &ese_os::StdFs,
        &p,
        &OpenOptions {
            read_only: false,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("open {name} for writing: {e}"));
    (p, db)
}

// Column ids: id 1, name 128 (Unicode), note 129 (ASCII).
const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "people",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "name", "type": "Text", "cp": 1200, "max_length": 100},
              {"name": "note", "type": "Text", "cp": 1252}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
              {"name": "byname", "key": ["+name"]},
              {"name": "bynote", "key": ["+note"]}]}]}"#;

fn person(id: i32, name: &str) -> Row {
    let mut r = Row::new();
    r.set_value(1, Value::Long(id));
    r.set_value(128, Value::Text(name.into()));
    r.set_value(129, Value::Text(format!("n{id}")));
    r
}

#[test]
fn indexes_we_build_record_our_identity_and_reopen_as_not_foreign() {
    let p = tmp("ours.edb");
    let spec = parse_schema(SCHEMA).unwrap();
    let mut db = Database::create(&p, CreateOptions::default()).unwrap();
    let def = db.create_table_spec(&spec.tables[0]).unwrap();
    assert_eq!(UNICODE_SORT_VERSION, UNICODE_KEY_IDENTITY);
    let by = |n: &str| def.index(n).unwrap().clone();
    assert_eq!(by("byname").sort_version, Some(UNICODE_KEY_IDENTITY));
    assert!(by("byname").has_own_unicode_keys());
    assert_eq!(by("bynote").sort_version, None);
    assert_eq!(by("primary").sort_version, None);
    assert!(db.foreign_indexes().is_empty());
    for (i, n) in ["Straße", "STRASSE", "abc", "Ärger"].iter().enumerate() {
        db.insert("people", &person(i as i32, n)).unwrap();
    }
    db.close().unwrap();
    drop(db);

    // Read back from the catalog.
    let db = Database::open(&p).unwrap();
    let t = db.table("people").unwrap();
    let ix = t.def().index("byname").unwrap();
    assert_eq!(ix.sort_version, Some(UNICODE_KEY_IDENTITY));
    assert_eq!(ix.locale_name.as_deref(), Some("en-US"));
    assert_eq!(ix.lcmap_flags, 0x0003_0401);
    assert!(!t.def().is_foreign_index(ix));
    assert!(t.def().has_unicode_text(ix));
    assert!(db.foreign_indexes().is_empty());
    assert_eq!(t.def().index("bynote").unwrap().sort_version, None);
    // MSysLocales counts the index under our sort id and version.
    let want = locale_row("en-US", &UNICODE_KEY_SORT_ID, UNICODE_KEY_VERSION, 1);
    assert!(want
        .key
        .starts_with("LocaleName=en-US,SortID=7a1c3e52-0b6d-4f8e-8c21-6573652d7273,Ver=1"));
    let locales: Vec<Vec<u8>> = db
        .table("MSysLocales")
        .unwrap()
        .records()
        .unwrap()
        .map(|r| r.unwrap().raw().to_vec())
        .collect();
    assert!(
        locales.contains(&want.encode(false).unwrap()),
        "{} not counted in MSysLocales",
        want.key
    );
    // Keys are computed for our index: seeks find case-insensitively.
    let key = t
        .make_key("byname", &[Some(Value::Text("strasse".into()))])
        .unwrap();
    let stored: Vec<Vec<u8>> = t
        .index_entries("byname")
        .unwrap()
        .map(|e| e.unwrap().0)
        .collect();
    assert_eq!(stored.iter().filter(|k| **k == key).count(), 2);
    assert_eq!(
        t.find_all("byname", &[Some(Value::Text("STRAßE".into()))])
            .unwrap()
            .len(),
        2
    );
    let mut c = db.open_cursor("people").unwrap();
    c.set_index(Some("byname")).unwrap();
    c.make_key(&[Some(Value::Text("ärger".into()))], KeyLimit::None)
        .unwrap();
    c.seek(SeekGrbit::Eq).unwrap();
    assert_eq!(c.retrieve_column(1, 1).unwrap().0, Some(Value::Long(3)));
    drop(c);
    drop(db);

    // Opened for writing: no warning, and the table takes changes.
    let mut db = Database::open_with(
        &ese_os::StdFs,
        &p,
        &OpenOptions {
            read_only: false,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(db.warnings().is_empty(), "{:?}", db.warnings());
    let bm = db.insert("people", &person(9, "Zoë")).unwrap();
    db.delete("people", &bm).unwrap();
    let mut c = db.open_cursor("people").unwrap();
    c.set_index(Some("byname")).unwrap();
    c.make_key(&[Some(Value::Text("ABC".into()))], KeyLimit::None)
        .unwrap();
    c.seek(SeekGrbit::Eq).unwrap();
    c.prepare_update(Prep::Replace).unwrap();
    c.set_column(
        128,
        Some(ese::record::Cell::Value(Value::Text("abd".into()))),
        1,
    )
    .unwrap();
    c.update().unwrap();
    drop(c);
    // A second table made later records the identity too.
    let mut spec2 = spec.tables[0].clone();
    spec2.name = "people2".into();
    db.create_table_spec(&spec2).unwrap();
    db.check().unwrap();
    db.close().unwrap();
    drop(db);
    let db = Database::open(&p).unwrap();
    assert!(db.foreign_indexes().is_empty());
    let t = db.table("people").unwrap();
    assert_eq!(
        t.find_all("byname", &[Some(Value::Text("ABD".into()))])
            .unwrap()
            .len(),
        1
    );
    let want = locale_row("en-US", &UNICODE_KEY_SORT_ID, UNICODE_KEY_VERSION, 2);
    assert!(db
        .table("MSysLocales")
        .unwrap()
        .records()
        .unwrap()
        .any(|r| r.unwrap().raw() == want.encode(false).unwrap().as_slice()));
}

#[test]
fn an_index_with_another_identity_is_foreign() {
    let p = tmp("theirs.edb");
    let spec = parse_schema(SCHEMA).unwrap();
    let mut db = Database::create(&p, CreateOptions::default()).unwrap();
    let mut def = spec.tables[0].table_def(8192, "people").unwrap();
    // A table built as if by another version of the normalization.
    for ix in def.indexes.iter_mut() {
        ix.sort_version = None;
    }
    let def = db.create_table(def).unwrap();
    // create_table always records what it builds with.
    assert!(def.index("byname").unwrap().has_own_unicode_keys());
    let mut other = def.clone();
    let ix = other
        .indexes
        .iter_mut()
        .find(|i| i.name == "byname")
        .unwrap();
    ix.sort_version = Some((UNICODE_KEY_VERSION + (1 << 32), UNICODE_KEY_SORT_ID));
    assert!(other.is_foreign_index(other.index("byname").unwrap()));
    assert_eq!(
        code(other.check_index_keys(other.index("byname").unwrap())),
        ErrorCode::SecondaryIndexCorrupted
    );
    assert_eq!(
        code(other.check_writable()),
        ErrorCode::SecondaryIndexCorrupted
    );
    other.indexes.iter_mut().for_each(|i| {
        if i.name == "byname" {
            i.sort_version = Some((UNICODE_KEY_VERSION, [0; 16]));
        }
    });
    assert!(other.is_foreign_index(other.index("byname").unwrap()));
    assert!(!other.is_foreign_index(other.index("bynote").unwrap()));
    assert!(other
        .check_index_keys(other.index("bynote").unwrap())
        .is_ok());
    db.close().unwrap();
}

#[test]
fn index_edb_unicode_indexes_are_foreign_but_read_in_stored_order() {
    let db = open_sample("index.edb");
    let f = db.foreign_indexes();
    let names: Vec<&str> = f.iter().map(|x| x.index.as_str()).collect();
    assert_eq!(names, ["IxUnicode", "IxLongUnicode"]);
    for x in &f {
        assert_eq!(x.table, "index");
        assert!(!x.primary);
        assert_eq!(x.code(), ErrorCode::SecondaryIndexCorrupted);
        // Windows' NLS sort version, not ours.
        assert_eq!(x.sort_version.map(|v| v.0), Some(0x0006_020f_0006_020f));
    }
    // Read-only: nothing to warn about.
    assert!(db.warnings().is_empty());
    let t = db.table("index").unwrap();
    let ix = t.def().index("IxUnicode").unwrap().clone();
    let col = t
        .def()
        .column_by_id(ix.segments[0].column_id)
        .unwrap()
        .clone();
    let rec = t.records().unwrap().next().unwrap().unwrap();
    let text = match rec.value(&col).unwrap() {
        ColumnValue::Single(Datum::Value(Value::Text(s))) => s,
        other => panic!("{other:?}"),
    };
    // Stored order: entries, records, counts.
    assert_eq!(t.index_entries("IxUnicode").unwrap().count(), 1);
    assert_eq!(t.records_by_index("IxUnicode").unwrap().count(), 1);
    assert_eq!(t.index_entry_count("IxLongUnicode").unwrap(), 1);
    // By value: a scan compares case-insensitively.
    let upper = Some(Value::Text(text.to_uppercase()));
    assert_eq!(
        t.find_all("IxUnicode", std::slice::from_ref(&upper))
            .unwrap()
            .len(),
        1
    );
    // Computing a key is refused.
    assert_eq!(
        code(t.make_key("IxUnicode", std::slice::from_ref(&upper))),
        ErrorCode::SecondaryIndexCorrupted
    );
    assert_eq!(
        code(t.seek(
            "IxLongUnicode",
            std::slice::from_ref(&upper),
            ese::SeekOp::Eq
        )),
        ErrorCode::SecondaryIndexCorrupted
    );
    // Other indexes of the table still compute keys.
    assert!(t.make_key("IxId", &[Some(Value::Long(1))]).is_ok());
    // The cursor reads it in stored order, with bookmarks and counts.
    let mut c = db.open_cursor("index").unwrap();
    c.move_first().unwrap();
    let bm = c.bookmark().unwrap();
    c.set_index_with(Some("IxUnicode"), SetIndexGrbit::NoMove, 1)
        .unwrap();
    assert_eq!(c.bookmark().unwrap(), bm);
    let sb = c.secondary_bookmark().unwrap();
    c.set_index(Some("IxUnicode")).unwrap();
    assert_eq!(c.index_record_count(0).unwrap(), 1);
    c.move_first().unwrap();
    assert_eq!(c.secondary_bookmark().unwrap(), sb);
    assert_eq!(
        c.retrieve_column(col.id, 1).unwrap().0,
        Some(Value::Text(text))
    );
    c.move_last().unwrap();
    c.goto_secondary_bookmark(&sb).unwrap();
    c.goto_bookmark(&bm).unwrap();
    assert_eq!(code(c.move_next()), ErrorCode::NoCurrentRecord);
    assert_eq!(
        code(c.make_key(&[upper], KeyLimit::None)),
        ErrorCode::SecondaryIndexCorrupted
    );
    assert_eq!(
        code(c.seek(SeekGrbit::Ge)),
        ErrorCode::SecondaryIndexCorrupted
    );
    c.set_index(Some("IxId")).unwrap();
    c.make_key(&[Some(Value::Long(1))], KeyLimit::None).unwrap();
    c.seek(SeekGrbit::Eq).unwrap();
}

#[test]
fn index_edb_opened_for_writing_warns_and_refuses_changes() {
    let (_p, db) = writable_sample("index.edb");
    let w: Vec<_> = db
        .warnings()
        .iter()
        .filter(|w| w.code == ErrorCode::SecondaryIndexCorrupted)
        .collect();
    assert_eq!(w.len(), 2, "{:?}", db.warnings());
    assert!(w[0].message.contains("IxUnicode"));
    assert!(w[1].message.contains("IxLongUnicode"));
    let t = db.table("index").unwrap();
    let rec = t.records().unwrap().next().unwrap().unwrap();
    let bm = rec.key().to_vec();
    let (row, _) = rec.to_row().unwrap();
    let mut other = row.clone();
    other.set_value(1, Value::Long(2));
    let e = db.insert("index", &other).unwrap_err();
    assert_eq!(e.code(), ErrorCode::SecondaryIndexCorrupted);
    assert!(e.to_string().contains("IxUnicode"), "{e}");
    assert_eq!(
        code(db.replace("index", &bm, &row)),
        ErrorCode::SecondaryIndexCorrupted
    );
    assert_eq!(
        code(db.delete("index", &bm)),
        ErrorCode::SecondaryIndexCorrupted
    );
    let mut c = db.open_cursor("index").unwrap();
    c.move_first().unwrap();
    assert_eq!(code(c.delete()), ErrorCode::SecondaryIndexCorrupted);
    c.prepare_update(Prep::Replace).unwrap();
    assert_eq!(code(c.update()), ErrorCode::SecondaryIndexCorrupted);
    c.cancel_update();
    drop(c);
    assert_eq!(db.table("index").unwrap().count().unwrap(), 1);
    db.check().unwrap();
    db.close().unwrap();
}

#[test]
fn windows_edb_foreign_primary_index() {
    let db = open_sample("Windows.edb");
    let f = db.foreign_indexes();
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(
        (f[0].table.as_str(), f[0].index.as_str(), f[0].primary),
        ("SystemIndex_Gthr", "indexUrl", true)
    );
    assert_eq!(f[0].code(), ErrorCode::PrimaryIndexCorrupted);
    // Scanned in stored order by the cursor, flag-deleted nodes skipped.
    for table in ["SystemIndex_Gthr", "SystemIndex_PropertyStore"] {
        let t = db.table(table).unwrap();
        let mut c = db.open_cursor(table).unwrap();
        assert_eq!(c.index_record_count(0).unwrap(), t.count().unwrap());
        let mut n = 0u64;
        let mut last: Option<Vec<u8>> = None;
        while c.move_next().is_ok() {
            let b = c.bookmark().unwrap();
            assert!(last.as_ref().is_none_or(|l| *l < b), "{table}: order");
            last = Some(b);
            n += 1;
        }
        assert_eq!(n, t.count().unwrap(), "{table}");
    }
    assert_eq!(
        db.table("SystemIndex_PropertyStore")
            .unwrap()
            .count()
            .unwrap(),
        1182
    );
    // Positions do not count the flag-deleted node either.
    let mut c = db.open_cursor("SystemIndex_PropertyStore").unwrap();
    c.move_last().unwrap();
    assert_eq!(c.record_position().unwrap(), (1181, 1182));
    // The other samples: Current.mdb has three foreign secondary indexes, the rest none.
    let current = open_sample("Current.mdb").foreign_indexes();
    assert_eq!(current.len(), 3);
    assert!(current
        .iter()
        .all(|f| f.code() == ErrorCode::SecondaryIndexCorrupted));
    for name in [
        "basic.edb",
        "text.edb",
        "multi.edb",
        "SRUDB.dat",
        "large.edb",
    ] {
        assert!(open_sample(name).foreign_indexes().is_empty(), "{name}");
    }
    let t = db.table("SystemIndex_Gthr").unwrap();
    let url = t.def().index("indexUrl").unwrap().segments.len();
    assert_eq!(
        code(t.make_key("indexUrl", &vec![None; url])),
        ErrorCode::PrimaryIndexCorrupted
    );
    let mut c = db.open_cursor("SystemIndex_Gthr").unwrap();
    assert_eq!(
        code(c.make_key(&[None], KeyLimit::None)),
        ErrorCode::PrimaryIndexCorrupted
    );
    assert_eq!(
        code(c.seek(SeekGrbit::Eq)),
        ErrorCode::PrimaryIndexCorrupted
    );
    // Bookmarks (stored keys) still work.
    c.move_first().unwrap();
    c.move_next().unwrap();
    let bm = c.bookmark().unwrap();
    c.move_last().unwrap();
    c.goto_bookmark(&bm).unwrap();
    assert_eq!(c.bookmark().unwrap(), bm);
}

#[test]
fn windows_edb_opened_for_writing_keeps_other_tables_writable() {
    let (p, db) = writable_sample("Windows.edb");
    let w: Vec<_> = db
        .warnings()
        .iter()
        .filter(|w| w.code == ErrorCode::PrimaryIndexCorrupted)
        .collect();
    assert_eq!(w.len(), 1, "{:?}", db.warnings());
    assert!(w[0].message.contains("SystemIndex_Gthr"));
    let gthr = db.table("SystemIndex_Gthr").unwrap();
    let before = gthr.count().unwrap();
    let rec = gthr.records().unwrap().next().unwrap().unwrap();
    let (row, _) = rec.to_row().unwrap();
    assert_eq!(
        code(db.insert("SystemIndex_Gthr", &row)),
        ErrorCode::PrimaryIndexCorrupted
    );
    assert_eq!(
        code(db.replace("SystemIndex_Gthr", rec.key(), &row)),
        ErrorCode::PrimaryIndexCorrupted
    );
    assert_eq!(
        code(db.delete("SystemIndex_Gthr", rec.key())),
        ErrorCode::PrimaryIndexCorrupted
    );
    assert_eq!(gthr.count().unwrap(), before);
    // A table without Unicode indexes takes changes.
    let t = db.table("SystemIndex_GthrPth").unwrap();
    assert!(t.def().foreign_indexes().next().is_none());
    let n = t.count().unwrap();
    let rec = t.records().unwrap().next().unwrap().unwrap();
    let (row, _) = rec.to_row().unwrap();
    db.delete("SystemIndex_GthrPth", rec.key()).unwrap();
    assert_eq!(t.count().unwrap(), n - 1);
    let bm = db.insert("SystemIndex_GthrPth", &row).unwrap();
    assert_eq!(bm, rec.key());
    assert_eq!(t.count().unwrap(), n);
    db.replace("SystemIndex_GthrPth", &bm, &row).unwrap();
    db.close().unwrap();
    drop(db);
    let db = Database::open(&p).unwrap();
    assert_eq!(db.table("SystemIndex_GthrPth").unwrap().count().unwrap(), n);
    assert_eq!(db.foreign_indexes().len(), 1);
}

#[test]
fn foreign_indexes_are_rebuilt_with_our_keys() {
    let (_p, mut db) = writable_sample("index.edb");
    let before: Vec<String> = db
        .foreign_indexes()
        .iter()
        .map(|f| f.index.clone())
        .collect();
    assert_eq!(before, ["IxUnicode", "IxLongUnicode"]);
    let old = db
        .table("index")
        .unwrap()
        .def()
        .index("IxUnicode")
        .unwrap()
        .clone();
    for name in &before {
        db.rebuild_index("index", name).unwrap();
    }
    assert!(
        db.foreign_indexes().is_empty(),
        "{:?}",
        db.foreign_indexes()
    );
    let new = db
        .table("index")
        .unwrap()
        .def()
        .index("IxUnicode")
        .unwrap()
        .clone();
    assert_eq!(new.segments, old.segments);
    assert_eq!(new.flags & 0xffff, old.flags & 0xffff, "same index flags");
    assert_ne!(new.sort_version, old.sort_version, "our identity now");
    // The rebuilt indexes take seeks and updates; the check compares every entry.
    let r = db.check().unwrap();
    assert_eq!(r.indexes.opaque_indexes, 0);
    let t = db.table("index").unwrap();
    let rec = t.records().unwrap().next().unwrap().unwrap();
    let (row, _) = rec.to_row().unwrap();
    let mut other = row.clone();
    other.set_value(1, Value::Long(2));
    db.insert("index", &other).unwrap();
    assert_eq!(db.table("index").unwrap().count().unwrap(), 2);
    db.check().unwrap();
    // The primary index cannot be rebuilt in place.
    let primary = db
        .table("index")
        .unwrap()
        .def()
        .primary_index()
        .unwrap()
        .name
        .clone();
    assert_eq!(
        code(db.rebuild_index("index", &primary)),
        ErrorCode::IndexMustStay
    );
    db.close().unwrap();
}
