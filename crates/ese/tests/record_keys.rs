//! `record::index_keys` against the sample databases: for every index without a Unicode text
//! segment, the keys computed from each record's values must be exactly the index entries ESE
//! stored for that record (its primary key for the primary index). Indexes over Unicode text hold
//! Windows sort keys, which this engine does not reproduce; they are skipped and counted.
//! Synthetic tables cover the NULL and multi-value rules the samples do not exercise.

mod common;
mod record_support;

use common::open_sample;
use ese::db::{column_flags, index_flags, ColumnDef, IndexDef, KeySegment, TableDef};
use ese::format::coltype::{ColumnType, Value};
use ese::record::{index_keys, sequential_key, Cell, Row, RowValue};
use ese::ErrorCode;
use record_support::{hex, row_of};
use std::collections::{BTreeMap, BTreeSet};

#[test]
fn keys_equal_the_stored_index_entries() {
    let (mut checked, mut skipped, mut entries) = (0, 0, 0);
    for name in [
        "SRUDB.dat",
        "Current.mdb",
        "index.edb",
        "basic.edb",
        "binary.edb",
        "text.edb",
        "multi.edb",
        "default.edb",
    ] {
        let db = open_sample(name);
        let large = db.page_size() > 8192;
        for table_name in db.table_names() {
            let table = db.table(&table_name).unwrap();
            let def = table.def().clone();
            let records: Vec<_> = table.records().unwrap().map(|r| r.unwrap()).collect();
            for ix in &def.indexes {
                if ix.flags & index_flags::LOCALIZED_TEXT != 0 {
                    skipped += 1;
                    continue;
                }
                let mut stored: BTreeMap<Vec<u8>, BTreeSet<Vec<u8>>> = BTreeMap::new();
                for e in table.index_entries(&ix.name).unwrap() {
                    let (key, bookmark) = e.unwrap();
                    stored.entry(bookmark).or_default().insert(key);
                }
                for rec in &records {
                    let row = row_of(rec, large);
                    let keys = index_keys(&def, ix, &row)
                        .unwrap_or_else(|e| panic!("{name} {table_name} {}: {e}", ix.name));
                    let computed: BTreeSet<Vec<u8>> = keys.keys.iter().cloned().collect();
                    let want = stored.remove(rec.key()).unwrap_or_default();
                    assert_eq!(
                        computed.iter().map(|k| hex(k)).collect::<Vec<_>>(),
                        want.iter().map(|k| hex(k)).collect::<Vec<_>>(),
                        "{name} {table_name} {} record {}",
                        ix.name,
                        hex(rec.key())
                    );
                    if ix.is_primary() {
                        assert_eq!(keys.keys, [rec.key().to_vec()]);
                    }
                    entries += computed.len();
                }
                assert!(
                    stored.is_empty(),
                    "{name} {}: entries of no record",
                    ix.name
                );
                checked += 1;
            }
        }
    }
    eprintln!("{checked} indexes checked ({entries} entries), {skipped} Unicode indexes skipped");
    assert!(checked >= 60 && entries >= 1500, "{checked} {entries}");
}

#[test]
fn tables_without_a_primary_index_use_the_sequential_key() {
    let db = open_sample("Current.mdb");
    let table = db.table("CLIENTS").unwrap();
    assert!(table.def().primary_index().is_none());
    let keys: Vec<Vec<u8>> = table
        .records()
        .unwrap()
        .map(|r| r.unwrap().key().to_vec())
        .collect();
    assert_eq!(keys.first(), Some(&sequential_key(1)));
    assert!(keys.windows(2).all(|w| w[0] < w[1]));
}

fn column(id: u32, name: &str, coltype: ColumnType, flags: u32) -> ColumnDef {
    ColumnDef {
        id,
        name: name.into(),
        coltype,
        coltype_raw: coltype.as_u32(),
        flags,
        code_page: if coltype.is_text() { 1252 } else { 0 },
        max_length: coltype.fixed_size().map_or(255, |s| s as u32),
        record_offset: if id < 128 { 4 } else { 0 },
        default_value: None,
    }
}

/// A table with a fixed Long (1), a Text (128), two multi-valued tagged Longs (256, 257) and a
/// tagged Long with a default (258).
fn table(indexes: Vec<IndexDef>) -> TableDef {
    let mut with_default = column(258, "d", ColumnType::Long, column_flags::DEFAULT);
    with_default.default_value = Some(7i32.to_le_bytes().to_vec());
    TableDef {
        name: "t".into(),
        objid: 0,
        root: 0,
        flags: 0,
        template_table: None,
        columns: vec![
            column(1, "id", ColumnType::Long, column_flags::NOT_NULL),
            column(128, "name", ColumnType::Text, 0),
            column(256, "a", ColumnType::Long, column_flags::MULTI_VALUED),
            column(257, "b", ColumnType::Long, column_flags::MULTI_VALUED),
            with_default,
        ],
        indexes,
        lv_root: None,
        lv_objid: None,
        lv_chunk_max: 0,
        density: 80,
        pages: 0,
    }
}

/// Index flags as `JetCreateIndex` with no NULL grbits stores them.
const ALLOW_NULLS: u32 =
    index_flags::ALLOW_ALL_NULLS | index_flags::ALLOW_FIRST_NULL | index_flags::ALLOW_SOME_NULLS;

fn index(segments: &[u32], flags: u32) -> IndexDef {
    IndexDef {
        name: "ix".into(),
        objid: 0,
        root: 0,
        flags: flags | index_flags::EXTENDED_COLUMNS,
        segments: segments
            .iter()
            .map(|&c| KeySegment {
                column_id: c,
                descending: false,
            })
            .collect(),
        lcmap_flags: 0,
        lcid: 0,
        locale_name: None,
        key_most: 0,
        var_seg_mac: 0,
        sort_version: None,
        conditions: Vec::new(),
        tuples: false,
        tuple_limits: None,
        density: 80,
    }
}

fn long_key(v: i32) -> Vec<u8> {
    let mut k = vec![0x7F];
    k.extend_from_slice(&((v as u32) ^ 0x8000_0000).to_be_bytes());
    k
}

fn longs(vs: &[i32]) -> RowValue {
    RowValue::Many(vs.iter().map(|&v| Cell::Value(Value::Long(v))).collect())
}

fn keys(ix: IndexDef, row: &Row) -> Vec<Vec<u8>> {
    let t = table(vec![ix.clone()]);
    index_keys(&t, &ix, row).unwrap().keys
}

#[test]
fn multi_valued_segments() {
    let mut row = Row::new();
    row.set_value(1, Value::Long(1));
    row.set(256, longs(&[10, 20]));
    row.set(257, longs(&[1, 2, 3]));
    // Only the first multi-valued column is enumerated; the second gives its first value.
    let k = keys(index(&[256, 257], ALLOW_NULLS), &row);
    let cat = |a: i32, b: i32| [long_key(a), long_key(b)].concat();
    assert_eq!(k, [cat(10, 1), cat(20, 1)]);
    // Cross product: every combination, the last column varying fastest.
    let k = keys(index(&[256, 257], ALLOW_NULLS | 0x2000), &row);
    assert_eq!(
        k,
        [
            cat(10, 1),
            cat(10, 2),
            cat(10, 3),
            cat(20, 1),
            cat(20, 2),
            cat(20, 3)
        ]
    );
    // Nested table: the n-th values together, NULL where a column has run out.
    let k = keys(index(&[256, 257], ALLOW_NULLS | 0x8000), &row);
    let null_then = |b: i32| [vec![0x00], long_key(b)].concat();
    assert_eq!(k, [cat(10, 1), cat(20, 2), null_then(3)]);
    // Repeated values give one entry.
    row.set(256, longs(&[5, 5, 6]));
    let k = keys(index(&[256], ALLOW_NULLS), &row);
    assert_eq!(k, [long_key(5), long_key(6)]);
}

#[test]
fn null_rules() {
    let mut row = Row::new();
    row.set_value(1, Value::Long(1));
    let null_name = [long_key(1), vec![0x00]].concat();
    // id set, name NULL: "some NULL" — kept unless IgnoreAnyNull.
    assert_eq!(keys(index(&[1, 128], ALLOW_NULLS), &row), [null_name]);
    assert!(keys(index(&[1, 128], 0), &row).is_empty());
    // name first: a NULL first segment — dropped by IgnoreFirstNull.
    let first = keys(index(&[128, 1], ALLOW_NULLS), &row);
    assert_eq!(first, [[vec![0x00], long_key(1)].concat()]);
    let ignore_first = index_flags::ALLOW_SOME_NULLS;
    assert!(keys(index(&[128, 1], ignore_first), &row).is_empty());
    // all NULL: dropped by IgnoreNull, kept otherwise.
    let ignore_null = index_flags::ALLOW_SOME_NULLS | index_flags::ALLOW_FIRST_NULL;
    assert!(keys(index(&[128, 256], ignore_null), &row).is_empty());
    assert_eq!(
        keys(index(&[128, 256], ALLOW_NULLS), &row),
        [vec![0x00, 0x00]]
    );
    // NULLs sort high.
    assert_eq!(
        keys(
            index(&[128, 256], ALLOW_NULLS | index_flags::SORT_NULLS_HIGH),
            &row
        ),
        [vec![0xC0, 0xC0]]
    );
    // DisallowNull refuses the record.
    let t = table(vec![]);
    let ix = index(&[128], index_flags::NO_NULL_SEG);
    assert_eq!(
        index_keys(&t, &ix, &row).unwrap_err().code(),
        ErrorCode::NullKeyDisallowed
    );
    // A zero-length value is not NULL.
    row.set_value(128, Value::Text(String::new()));
    assert_eq!(keys(index(&[128], 0), &row), [vec![0x40]]);
    // An empty multi-valued column is NULL.
    assert!(keys(index(&[256], 0), &row).is_empty());
}

#[test]
fn defaults_and_explicit_nulls() {
    let mut row = Row::new();
    row.set_value(1, Value::Long(1));
    // Column 258 is not set: its default 7 is indexed.
    assert_eq!(keys(index(&[258], ALLOW_NULLS), &row), [long_key(7)]);
    // Set to NULL it overrides the default.
    row.set_null(258);
    assert_eq!(keys(index(&[258], ALLOW_NULLS), &row), [vec![0x00]]);
    // A column the table lacks.
    let t = table(vec![]);
    assert_eq!(
        index_keys(&t, &index(&[999], 0), &row).unwrap_err().code(),
        ErrorCode::ColumnNotFound
    );
}

#[test]
fn truncation() {
    let mut row = Row::new();
    row.set_value(1, Value::Long(1));
    row.set_value(128, Value::Text("x".repeat(250)));
    let t = table(vec![]);
    let ix = index(&[1, 128], ALLOW_NULLS);
    let k = index_keys(&t, &ix, &row).unwrap();
    assert!(k.truncated);
    assert_eq!(k.keys[0].len(), 255);
    let strict = index(&[1, 128], ALLOW_NULLS | 0x4000);
    assert_eq!(
        index_keys(&t, &strict, &row).unwrap_err().code(),
        ErrorCode::KeyTruncated
    );
}

/// The key `JetMakeKey` makes the old way: a row holding exactly `values` for the first
/// segments, the index's NULL and truncation rules lifted, and its first key.
fn made_key_by_row(def: &TableDef, ix: &IndexDef, values: &[Option<Value>]) -> Vec<u8> {
    let mut ix = ix.clone();
    ix.segments.truncate(values.len());
    ix.flags |= ALLOW_NULLS;
    ix.flags &= !(index_flags::NO_NULL_SEG | index_flags::DISALLOW_TRUNCATION);
    let mut row = Row::new();
    for (seg, v) in ix.segments.iter().zip(values) {
        match v {
            Some(v) => row.set(seg.column_id, RowValue::One(Cell::Value(v.clone()))),
            None => row.set_null(seg.column_id),
        };
    }
    index_keys(def, &ix, &row)
        .unwrap()
        .keys
        .into_iter()
        .next()
        .unwrap_or_default()
}

#[test]
fn search_keys_equal_the_first_key_of_a_row_of_the_values() {
    let mut compared = 0;
    for name in [
        "index.edb",
        "basic.edb",
        "binary.edb",
        "text.edb",
        "multi.edb",
        "default.edb",
    ] {
        let db = open_sample(name);
        for table_name in db.table_names() {
            let table = db.table(&table_name).unwrap();
            let def = table.def().clone();
            let records: Vec<_> = table
                .records()
                .unwrap()
                .take(40)
                .map(|r| r.unwrap())
                .collect();
            for ix in def
                .indexes
                .iter()
                .filter(|ix| ix.flags & index_flags::LOCALIZED_TEXT == 0)
            {
                'records: for rec in &records {
                    let mut values = Vec::new();
                    for seg in &ix.segments {
                        let col = def.column_by_id(seg.column_id).unwrap();
                        let v = rec.value(col).unwrap();
                        if v.is_null() {
                            values.push(None);
                        } else if let Some(v) = v.first() {
                            values.push(Some(v.clone()));
                        } else {
                            continue 'records;
                        }
                    }
                    for n in 1..=values.len() {
                        let want = made_key_by_row(&def, ix, &values[..n]);
                        let got = ese::record::search_key(&def, ix, &values[..n]).unwrap();
                        assert_eq!(hex(&got), hex(&want), "{name} {table_name} {} {n}", ix.name);
                        compared += 1;
                    }
                }
            }
        }
    }
    assert!(compared >= 500, "{compared}");
    // Values the samples lack: text past its column's size, NULLs first and between, an
    // empty text, a multi-valued column, a column with a default given NULL.
    let ix = index(&[128, 1, 256, 258], ALLOW_NULLS);
    let def = table(vec![ix.clone()]);
    let long_text = Value::Text("x".repeat(300));
    for values in [
        vec![Some(long_text.clone()), Some(Value::Long(5))],
        vec![None, Some(Value::Long(-5)), Some(Value::Long(9)), None],
        vec![
            Some(Value::Text(String::new())),
            None,
            None,
            Some(Value::Long(1)),
        ],
        vec![Some(Value::Text("abc".into())), Some(Value::Long(i32::MIN))],
    ] {
        let want = made_key_by_row(&def, &ix, &values);
        assert_eq!(ese::record::search_key(&def, &ix, &values).unwrap(), want);
    }
    // A value of the wrong type: the same error both ways.
    let wrong = [Some(Value::Binary(vec![1]))];
    let mut row = Row::new();
    row.set(128, RowValue::One(Cell::Value(Value::Binary(vec![1]))));
    let old = index_keys(&def, &index(&[128], ALLOW_NULLS), &row).unwrap_err();
    let new = ese::record::search_key(&def, &ix, &wrong).unwrap_err();
    assert_eq!(new.code(), old.code());
}
