//! Key normalization and seeks against the stored keys of real ESE indexes.

mod common;
use common::*;
use ese::format::coltype::Value;
use ese::{ColumnValue, Datum, SeekOp};

/// For every index of `index.edb` over a column type other than Unicode text, the
/// key we compute from the row equals the key ESE stored, byte for byte.
#[test]
fn index_edb_computed_keys_equal_stored_keys() {
    let db = open_sample("index.edb");
    let t = db.table("index").unwrap();
    assert_eq!(t.def().indexes.len(), 19);
    let rec = t.records().unwrap().next().unwrap().unwrap();
    let mut checked = 0;
    for idx in &t.def().indexes {
        let col = t.def().column_by_id(idx.segments[0].column_id).unwrap();
        if col.coltype.is_text() && col.code_page == 1200 {
            continue;
        }
        let v = match rec.value(col).unwrap() {
            ColumnValue::Single(Datum::Value(v)) => v,
            other => panic!("{}: {other:?}", col.name),
        };
        let key = t.make_key(&idx.name, &[Some(v)]).unwrap();
        let stored: Vec<Vec<u8>> = t
            .index_entries(&idx.name)
            .unwrap()
            .map(|e| e.unwrap().0)
            .collect();
        assert_eq!(stored.len(), 1, "{}", idx.name);
        assert_eq!(
            key, stored[0],
            "index {} over {} ({:?})",
            idx.name, col.name, col.coltype
        );
        checked += 1;
    }
    assert_eq!(checked, 17);
}

/// Seeking every normalizable index of `index.edb` finds the row (dissect's
/// test_index), and a value that is not there finds nothing.
#[test]
fn index_edb_seek_every_type() {
    let db = open_sample("index.edb");
    let t = db.table("index").unwrap();
    let cases: Vec<(&str, &str, Value)> = vec![
        ("IxId", "Id", Value::Long(1)),
        ("IxBit", "Bit", Value::Bit(false)),
        ("IxUnsignedByte", "UnsignedByte", Value::UnsignedByte(213)),
        ("IxShort", "Short", Value::Short(-1337)),
        ("IxLong", "Long", Value::Long(-13371337)),
        ("IxCurrenc", "Currency", Value::Currency(1337133713371337)),
        ("IxIEEESingle", "IEEESingle", Value::IEEESingle(1.0)),
        (
            "IxIEEEDouble",
            "IEEEDouble",
            Value::IEEEDouble(13371337.13371337),
        ),
        (
            "IxDateTime",
            "DateTime",
            Value::DateTime(f64::from_bits(4675210852477960192)),
        ),
        (
            "IxUnsignedLong",
            "UnsignedLong",
            Value::UnsignedLong(13371337),
        ),
        ("IxLongLong", "LongLong", Value::LongLong(-13371337)),
        (
            "IxUnsignedShort",
            "UnsignedShort",
            Value::UnsignedShort(1337),
        ),
        (
            "IxBinary",
            "Binary",
            Value::Binary(b"test binary data".to_vec()),
        ),
        ("IxASCII", "ASCII", Value::Text("Simple ASCII text".into())),
        (
            "IxLongASCII",
            "LongASCII",
            Value::Text(format!("Long ASCII text {}", "a".repeat(1024))),
        ),
        (
            "IxLongBinary",
            "LongBinary",
            Value::Binary([b"test long binary data ".to_vec(), vec![b'a'; 1000]].concat()),
        ),
    ];
    for (index, col, v) in cases {
        let rec = t
            .seek(index, &[Some(v.clone())], SeekOp::Eq)
            .unwrap()
            .unwrap_or_else(|| panic!("{index}: not found"));
        assert_eq!(rec.get(col).unwrap().first(), Some(&v), "{index}");
    }
    assert!(t
        .seek("IxLong", &[Some(Value::Long(42))], SeekOp::Eq)
        .unwrap()
        .is_none());
    assert!(t
        .seek("IxLong", &[Some(Value::Long(-20000000))], SeekOp::Ge)
        .unwrap()
        .is_some());
    assert!(t
        .seek("IxLong", &[Some(Value::Long(0))], SeekOp::Ge)
        .unwrap()
        .is_none());
    // ASCII keys ignore case, as ESE's normalization upper-cases a-z.
    assert!(t
        .seek(
            "IxASCII",
            &[Some(Value::Text("simple ascii TEXT".into()))],
            SeekOp::Eq
        )
        .unwrap()
        .is_some());
}

/// A Unicode-text index is read by its stored keys; equality lookups through it
/// compare values (case-insensitively, as the index does).
#[test]
fn index_unicode_lookup_walks_stored_keys() {
    let db = open_sample("index.edb");
    let t = db.table("index").unwrap();
    let found = t
        .find_all(
            "IxUnicode",
            &[Some(Value::Text("Simple Unicode text 🦊".into()))],
        )
        .unwrap();
    assert_eq!(found.len(), 1);
    let none = t
        .find_all("IxUnicode", &[Some(Value::Text("something else".into()))])
        .unwrap();
    assert!(none.is_empty());

    let db = open_sample("Current.mdb");
    let t = db.table("CLIENTS").unwrap();
    let guid = |s: &str| Value::Guid(ese::format::coltype::parse_guid(s).unwrap());
    let rows = t
        .find_all(
            "Username_RoleGuid_TenantId_index",
            &[
                Some(Value::Text("blackclover\\administrator".into())),
                Some(guid("ad495fc3-0eaa-413d-ba7d-8b13fa7ec598")),
                Some(guid("2417e4c3-5467-40c5-809b-12b59a86c102")),
            ],
        )
        .unwrap();
    assert_eq!(rows.len(), 5);
}

/// Every entry of every secondary index of the real databases points at a record,
/// and walking an index lists as many entries as it holds.
#[test]
fn secondary_indexes_resolve_to_records() {
    for name in ["SRUDB.dat", "Current.mdb", "index.edb"] {
        let db = open_sample(name);
        for td in db.table_defs() {
            let t = db.table(&td.name).unwrap();
            for idx in &td.indexes {
                for rec in t.records_by_index(&idx.name).unwrap() {
                    rec.unwrap_or_else(|e| panic!("{name}/{}/{}: {e}", td.name, idx.name));
                }
            }
        }
    }
}
