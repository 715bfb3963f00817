//! `MSysObjids` and `MSysLocales` (`catalog::objids`, `catalog::locales`) against the sample
//! databases: records and keys of a new database, plus what user tables and indexes add.

mod common;

use ese::catalog::locales::{format_sort_id, locale_key, locales_for_rows, new_database_locales};
use ese::catalog::objids::{new_database_objids, objids_for_rows};
use ese::catalog::{CatalogRow, LocaleRow, ObjidRow};
use ese::Database;

fn stored(db: &Database, table: &str) -> Vec<(Vec<u8>, Vec<u8>)> {
    db.table(table)
        .unwrap()
        .records()
        .unwrap()
        .map(|r| {
            let r = r.unwrap();
            (r.key().to_vec(), r.raw().to_vec())
        })
        .collect()
}

fn catalog(db: &Database) -> Vec<CatalogRow> {
    stored(db, "MSysObjects")
        .iter()
        .map(|(_, rec)| CatalogRow::decode(rec, db.page_size() > 8192).unwrap())
        .collect()
}

fn objid_records(rows: &[ObjidRow], large: bool) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut out: Vec<_> = rows
        .iter()
        .map(|r| (r.key().unwrap(), r.encode(large).unwrap()))
        .collect();
    out.sort();
    out
}

fn locale_records(rows: &[LocaleRow], large: bool) -> Vec<(Vec<u8>, Vec<u8>)> {
    rows.iter()
        .map(|r| (r.index_key().unwrap(), r.encode(large).unwrap()))
        .collect()
}

#[test]
fn msys_objids_of_every_sample_follows_from_its_catalog() {
    for name in common::SAMPLES {
        if name == "large.edb" {
            continue; // 65,068 catalog rows; its MSysObjids is checked below
        }
        let db = common::open_sample(name);
        let large = db.page_size() > 8192;
        let expected = objid_records(&objids_for_rows(&catalog(&db)), large);
        assert_eq!(stored(&db, "MSysObjids"), expected, "{name}");
    }
}

#[test]
fn msys_objids_of_a_new_database_and_basic() {
    let new = new_database_objids();
    assert_eq!(
        new.iter()
            .map(|r| (r.objid, r.objid_table, r.row_type))
            .collect::<Vec<_>>(),
        [
            (2, 2, 1),
            (3, 3, 1),
            (4, 2, 3),
            (5, 2, 3),
            (6, 6, 1),
            (7, 7, 1)
        ]
    );
    for (name, user) in [
        ("basic.edb", vec![ObjidRow::table(8)]),
        ("large.edb", vec![ObjidRow::table(8)]),
    ] {
        let db = common::open_sample(name);
        let large = db.page_size() > 8192;
        let mut rows = new.clone();
        rows.extend(user);
        assert_eq!(
            stored(&db, "MSysObjids"),
            objid_records(&rows, large),
            "{name}"
        );
    }
    // text.edb: the table and, once a long value was separated, its long-value tree.
    let db = common::open_sample("text.edb");
    let mut rows = new.clone();
    rows.extend([ObjidRow::table(8), ObjidRow::long_value(9, 8)]);
    assert_eq!(stored(&db, "MSysObjids"), objid_records(&rows, false));
}

#[test]
fn msys_locales_of_every_sample_follows_from_its_catalog() {
    // The locale counters only ever grow: deleting an index does not decrement them
    // (`ErrCATIAddLocale` is the only writer). Databases whose indexes were only created match
    // exactly; the others (Current.mdb, whose tables are recreated over time) hold more.
    let mut grown = Vec::new();
    for name in common::SAMPLES {
        if name == "large.edb" {
            continue;
        }
        let db = common::open_sample(name);
        let large = db.page_size() > 8192;
        let ours = locales_for_rows(&catalog(&db)).unwrap();
        let theirs = stored(&db, "MSysLocales");
        assert_eq!(theirs.len(), ours.len(), "{name}");
        for ((k, rec), row) in theirs.iter().zip(&ours) {
            assert_eq!(*k, row.index_key().unwrap(), "{name}: {}", row.key);
            if *rec == row.encode(large).unwrap() {
                continue;
            }
            let value = i32::from_le_bytes([rec[5], rec[6], rec[7], rec[8]]);
            assert!(
                row.key.starts_with("LocaleName=") && value > row.value,
                "{name}: {}",
                row.key
            );
            let again = LocaleRow {
                value,
                ..row.clone()
            };
            assert_eq!(*rec, again.encode(large).unwrap(), "{name}: {}", row.key);
            grown.push((name, value, row.value));
        }
    }
    assert_eq!(grown, [("Current.mdb", 117, 3)]);
}

#[test]
fn msys_locales_of_a_new_database() {
    let new = new_database_locales();
    assert_eq!(new.len(), 7);
    for name in ["basic.edb", "large.edb", "binary.edb", "text.edb"] {
        let db = common::open_sample(name);
        let large = db.page_size() > 8192;
        assert_eq!(
            stored(&db, "MSysLocales"),
            locale_records(&new, large),
            "{name}"
        );
    }
    // The stored order is the key order.
    let keys: Vec<_> = new.iter().map(|r| r.index_key().unwrap()).collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn a_unicode_index_counts_its_locale() {
    // index.edb: IxUnicode and IxLongUnicode are over Unicode text, en-US, one sort version.
    let db = common::open_sample("index.edb");
    let rows = catalog(&db);
    let unicode: Vec<_> = rows
        .iter()
        .filter(|r| r.flags & ese::catalog::idb::LOCALIZED_TEXT != 0)
        .collect();
    assert_eq!(unicode.len(), 2);
    let (version, sort_id) = (unicode[0].version.unwrap(), unicode[0].sort_id.unwrap());
    assert_eq!(
        format_sort_id(&sort_id),
        "00000001-57ee-1e5c-00b4-d0000bb1e11e"
    );
    let key = locale_key("en-US", &sort_id, version);
    assert_eq!(
        key,
        "LocaleName=en-US,SortID=00000001-57ee-1e5c-00b4-d0000bb1e11e,Ver=6020f0006020f"
    );
    let locales = locales_for_rows(&rows).unwrap();
    let row = locales.iter().find(|l| l.key == key).unwrap();
    assert_eq!((row.value_type, row.value), (2, 2));
}
