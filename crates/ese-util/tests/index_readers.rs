//! Every index kind, made at table creation and built later over existing rows
//! with `create_index`, checked by the independent readers' key normaliser:
//! unique, multi-column, ascending and descending segments, the ignore-null
//! variants, NULLs sorted high, multi-valued columns indexed per value, binary,
//! GUID and floating-point segments, a long key size, and indexes over substring
//! tuples.
//!
//! Two files per page size: one whose indexes dissect.database's own normaliser
//! can compute (ascending, single-valued), which must pass
//! `ese-crosscheck.py --strict --keys`; and one with every kind, where
//! `tools/reader-keys.py` (dissect's segment encoder plus ESE's descending,
//! NULL and multi-value rules) must find every key of every index. Both must
//! pass `--strict` and the engine's own integrity check.

mod common;
use common::*;
use ese::catalog::index_grbit as g;
use ese::db::{CreateOptions, Database};
use ese::format::coltype::Value;
use ese::record::schema::{parse_schema, IndexSpec, KeySegmentSpec};
use ese::record::{Cell, Row, RowValue};
use std::path::{Path, PathBuf};
use std::process::Command;

const SCHEMA: &str = r#"{"page_size": PAGE, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "val", "type": "Long"},
              {"name": "d", "type": "IEEEDouble"},
              {"name": "name", "type": "Text", "cp": 1252},
              {"name": "bin", "type": "Binary"},
              {"name": "g", "type": "GUID"},
              {"name": "sh", "type": "Short"},
              {"name": "tags", "type": "Text", "cp": 1252, "flags": ["Tagged", "MultiValued"]},
              {"name": "nums", "type": "Long", "flags": ["Tagged", "MultiValued"]}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
              INDEXES]}]}"#;

/// Indexes dissect's own normaliser computes.
const PLAIN: &str = r#"{"name": "byval", "key": ["+val"]},
              {"name": "multi", "key": ["+name", "+d", "+id"]},
              {"name": "uniq", "key": ["+name", "+id"], "flags": ["Unique"]},
              {"name": "ignany", "key": ["+val", "+name"], "flags": ["IgnoreAnyNull"]},
              {"name": "bybin", "key": ["+bin"]},
              {"name": "byguid", "key": ["+g"]}"#;

/// Every kind, descending and multi-valued included.
const ALL: &str = r#"{"name": "byval", "key": ["+val"]},
              {"name": "byvaldesc", "key": ["-val"]},
              {"name": "multi", "key": ["+name", "-d", "+id"]},
              {"name": "uniq", "key": ["-name", "+id"], "flags": ["Unique"]},
              {"name": "ignnull", "key": ["+val"], "flags": ["IgnoreNull"]},
              {"name": "ignfirst", "key": ["+val", "+sh"], "flags": ["IgnoreFirstNull"]},
              {"name": "ignany", "key": ["+val", "-name"], "flags": ["IgnoreAnyNull"]},
              {"name": "nullshigh", "key": ["+sh", "+id"], "flags": ["SortNullsHigh"]},
              {"name": "bytags", "key": ["+tags"]},
              {"name": "bynumsdesc", "key": ["-nums", "+val"]},
              {"name": "bybin", "key": ["-bin"]},
              {"name": "byguid", "key": ["+g"]},
              {"name": "nametuples", "key": ["+name", "-val"],
               "tuple_limits": {"length_min": 2, "length_max": 5, "increment": 2}}"#;

fn row(i: i32) -> Row {
    let mut r = Row::new();
    let mut x = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    r.set_value(1, Value::Long(i));
    if i % 7 != 0 {
        r.set_value(2, Value::Long((next() % 2000) as i32 - 1000));
    }
    r.set_value(
        3,
        Value::IEEEDouble((next() % 100_000) as f64 / 7.0 - 5000.0),
    );
    if i % 11 != 0 {
        r.set_value(5, Value::Short((next() % 300) as i16 - 150));
    }
    r.set_value(128, Value::Text(format!("Name{}", next() % 400)));
    let n = 1 + (next() % 30) as usize;
    r.set_value(129, Value::Binary((0..n).map(|_| next() as u8).collect()));
    let mut guid = [0u8; 16];
    for b in guid.iter_mut() {
        *b = next() as u8;
    }
    r.set_value(4, Value::Guid(guid));
    if i % 5 != 0 {
        r.set(
            256,
            RowValue::Many(vec![
                Cell::Value(Value::Text(format!("t{}", next() % 50))),
                Cell::Value(Value::Text(format!("x{}", next() % 9))),
            ]),
        );
        r.set(
            257,
            RowValue::Many(vec![
                Cell::Value(Value::Long((next() % 100) as i32)),
                Cell::Value(Value::Long(1000 + (next() % 100) as i32)),
            ]),
        );
    }
    r
}

fn seg(spec: &str) -> KeySegmentSpec {
    KeySegmentSpec {
        column: spec[1..].to_string(),
        descending: spec.starts_with('-'),
    }
}

fn index(name: &str, key: &[&str], flags: u32, var_seg_mac: Option<u32>) -> IndexSpec {
    IndexSpec {
        name: name.into(),
        key: key.iter().map(|s| seg(s)).collect(),
        flags,
        key_most: None,
        var_seg_mac,
        conditions: Vec::new(),
        tuple_limits: None,
        density: 0,
    }
}

/// A file with `indexes` made at creation, rows, then `later` built over them.
fn build(path: &Path, page: usize, indexes: &str, later: &[IndexSpec]) {
    let text = SCHEMA
        .replace("PAGE", &page.to_string())
        .replace("INDEXES", indexes);
    let spec = parse_schema(&text).unwrap();
    let mut db = Database::create(
        path,
        CreateOptions {
            page_size: page,
            ..Default::default()
        },
    )
    .unwrap();
    let def = db.create_table_spec(&spec.tables[0]).unwrap();
    // The row builder assumes these column ids.
    let ids: Vec<(String, u32)> = def.columns.iter().map(|c| (c.name.clone(), c.id)).collect();
    for (name, id) in [
        ("id", 1),
        ("val", 2),
        ("d", 3),
        ("g", 4),
        ("sh", 5),
        ("name", 128),
        ("bin", 129),
        ("tags", 256),
        ("nums", 257),
    ] {
        assert!(ids.contains(&(name.to_string(), id)), "{name}: {ids:?}");
    }
    for i in 0..2500 {
        db.insert("t", &row(i)).unwrap();
    }
    for ix in later {
        db.create_index("t", ix).unwrap();
    }
    // Rows after the builds go into every index the ordinary way.
    for i in 2500..3000 {
        db.insert("t", &row(i)).unwrap();
    }
    let r = db.check().unwrap();
    assert!(r.indexes.entries > 0);
    db.close().unwrap();
    drop(db);
    Database::open(path).unwrap().check_indexes().unwrap();
}

fn python(py: &str, args: &[&dyn AsRef<std::ffi::OsStr>]) -> (bool, String) {
    let out = Command::new(py)
        .args(args.iter().map(|a| a.as_ref()))
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

fn crosscheck_tool() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/tools/ese-crosscheck.py")
}

fn reader_keys_tool() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/reader-keys.py")
}

#[test]
fn indexes_dissect_computes_pass_strict_keys() {
    for page in [8192, 32768] {
        let dir = Scratch::new("ixr");
        let path = dir.file(&format!("plain-{page}.edb"));
        let later = [
            index("later_val_name", &["+val", "+name"], 0, None),
            index("later_uniq", &["+id", "+val"], g::UNIQUE, None),
            index("later_guid", &["+g", "+id"], g::IGNORE_ANY_NULL, None),
        ];
        build(&path, page, PLAIN, &later);
        let Some(py) = reader_python() else { return };
        let (ok, out) = python(&py, &[&crosscheck_tool(), &"--strict", &"--keys", &path]);
        assert!(ok, "{}: {out}", path.display());
        assert!(out.contains("missing=0"), "{out}");
    }
}

#[test]
fn every_index_kind_is_where_the_readers_expect_it() {
    for page in [4096, 16384] {
        let dir = Scratch::new("ixr");
        let path = dir.file(&format!("all-{page}.edb"));
        let later = [
            index("later_desc", &["-d", "+id"], 0, None),
            index("later_tags", &["+tags", "-val"], g::IGNORE_ANY_NULL, None),
            index("later_nums", &["-nums"], g::IGNORE_NULL, None),
            index("later_high", &["+sh", "-name"], g::SORT_NULLS_HIGH, None),
            index(
                "later_first",
                &["+val", "+name"],
                g::IGNORE_FIRST_NULL,
                None,
            ),
            index("later_uniq", &["-id"], g::UNIQUE, None),
            // Indexes over substring tuples, of binary and of multi-valued text.
            index("later_bintuples", &["+bin"], g::TUPLES, None),
            index("later_tagtuples", &["+tags", "+id"], g::TUPLES, None),
            // A key size above the legacy 255 (the catalog then stores KeyMost).
            IndexSpec {
                key_most: Some(600),
                flags: g::KEY_MOST,
                ..index("later_long", &["+name", "-bin", "+g"], 0, None)
            },
        ];
        build(&path, page, ALL, &later);
        let Some(py) = reader_python() else { return };
        let (ok, out) = python(&py, &[&crosscheck_tool(), &"--strict", &path]);
        assert!(ok, "{}: {out}", path.display());
        let (ok, out) = python(&py, &[&reader_keys_tool(), &path]);
        assert!(ok, "{}: {out}", path.display());
        // Every index of t was checked, with keys found and none missing.
        let lines: Vec<&str> = out.lines().filter(|l| l.starts_with("t.")).collect();
        assert_eq!(lines.len(), 1 + 13 + later.len(), "{out}");
        for l in lines {
            assert!(l.contains("missing=0") && !l.contains("found=0 "), "{l}");
        }
    }
}
