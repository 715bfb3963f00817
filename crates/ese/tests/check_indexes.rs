//! The index integrity check (`Database::check_indexes`): every index of every
//! sample agrees with its records, and a damaged index entry is reported with
//! ESE's code.

mod common;

use common::{open_sample, SAMPLES};
use ese::db::{CreateOptions, Database};
use ese::format::checksum::compute_page_checksums;
use ese::format::coltype::Value;
use ese::format::page::Page;
use ese::record::schema::parse_schema;
use ese::record::{Cell, Row, RowValue};
use ese::ErrorCode;

#[test]
fn every_sample_index_agrees_with_its_records() {
    let mut exact = 0;
    for name in SAMPLES {
        let db = open_sample(name);
        let r = db.check_indexes().unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(r.records > 0, "{name}: no records read");
        exact += r.indexes;
    }
    // 55 secondary indexes of the samples have keys this engine makes.
    assert!(exact >= 55, "only {exact} indexes compared entry by entry");
}

const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "val", "type": "Long"},
              {"name": "tags", "type": "Text", "cp": 1252, "flags": ["Tagged", "MultiValued"]}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
              {"name": "byval", "key": ["-val", "+id"]},
              {"name": "bytag", "key": ["+tags"], "flags": ["IgnoreAnyNull"]}]}]}"#;

fn build(path: &std::path::Path) -> (u32, u32) {
    let _ = std::fs::remove_file(path);
    let spec = parse_schema(SCHEMA).unwrap();
    let mut db = Database::create(path, CreateOptions::default()).unwrap();
    db.create_table_spec(&spec.tables[0]).unwrap();
    let before = db.check().unwrap();
    for i in 0..3000 {
        let mut row = Row::new();
        row.set(1, RowValue::One(Cell::Value(Value::Long(i))));
        row.set(2, RowValue::One(Cell::Value(Value::Long(i % 97))));
        if i % 3 != 0 {
            row.set(
                256,
                RowValue::Many(vec![
                    Cell::Value(Value::Text(format!("tag{}", i % 11))),
                    Cell::Value(Value::Text(format!("other{}", i % 5))),
                ]),
            );
        }
        db.insert("t", &row).unwrap();
    }
    let r = db.check().unwrap();
    // The same counts with the index check sorting in runs in temporary files.
    db.set_sort_memory(4096);
    assert_eq!(db.check().unwrap().indexes, r.indexes);
    assert_eq!(r.indexes.records - before.indexes.records, 3000);
    assert_eq!(r.indexes.indexes, before.indexes.indexes);
    // byval: one entry per record; bytag: two per record with tags.
    assert_eq!(r.indexes.entries - before.indexes.entries, 3000 + 2 * 2000);
    let ix = db.table("t").unwrap().def().index("byval").unwrap().clone();
    db.close().unwrap();
    (ix.root, ix.objid)
}

#[test]
fn a_changed_index_entry_is_reported() {
    let path = std::env::temp_dir().join(format!("ese-checkix-{}.edb", std::process::id()));
    let (root, objid) = build(&path);
    let mut bytes = std::fs::read(&path).unwrap();
    let page = 8192usize;
    // Change the bookmark of one entry in a leaf of the byval index, keeping the
    // page checksum valid.
    let mut changed = false;
    for pgno in root..(bytes.len() / page - 1) as u32 {
        let off = (pgno as usize + 1) * page;
        let at = {
            let p = Page::new(&bytes[off..off + page], pgno).unwrap();
            if p.objid_fdp() != objid || !p.is_leaf() || p.is_space_tree() || p.tag_count() < 3 {
                continue;
            }
            // The last byte of the second node: the end of the record bookmark
            // this index entry points at.
            let (line, _) = p.tag(2).unwrap();
            line.as_ptr() as usize - p.data().as_ptr() as usize + line.len() - 1
        };
        bytes[off + at] ^= 0x01;
        compute_page_checksums(&mut bytes[off..off + page], pgno);
        changed = true;
        break;
    }
    assert!(changed, "no index leaf found");
    std::fs::write(&path, &bytes).unwrap();
    let db = Database::open(&path).unwrap();
    // Sorted in memory, and in runs in temporary files (4 KiB: dozens of them).
    for sort_memory in [db.sort_memory(), 4096] {
        db.set_sort_memory(sort_memory);
        let err = db.check_indexes().expect_err("damage must be found");
        assert!(
            err.code() == ErrorCode::SecondaryIndexCorrupted && err.to_string().contains("byval"),
            "{err}"
        );
    }
    let _ = std::fs::remove_file(&path);
}
