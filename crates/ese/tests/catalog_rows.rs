//! Catalog rows (`catalog::row`, `catalog::system`, `catalog::table`) against the sample
//! databases: the system rows of a new database and the rows of each user table encode to the
//! record bytes ESE stored, and their keys are the stored keys of `MSysObjects`, its `Name` and
//! `RootObjects` indexes and of `MSysObjectsShadow`.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use ese::catalog::system::MSO_COLUMNS;
use ese::catalog::{new_database_rows, sysobj, table_rows, CatalogRow, TableExtras};
use ese::Database;

/// (primary key, record) of every row of a catalog table.
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

fn entries(db: &Database, index: &str) -> BTreeSet<(Vec<u8>, Vec<u8>)> {
    db.table("MSysObjects")
        .unwrap()
        .index_entries(index)
        .unwrap()
        .map(|e| e.unwrap())
        .collect()
}

fn large(db: &Database) -> bool {
    db.page_size() > 8192
}

/// Samples small enough to check every row of (large.edb has 65,068 catalog rows; it is
/// checked on its system rows).
const FULL: [&str; 9] = [
    "basic.edb",
    "binary.edb",
    "text.edb",
    "multi.edb",
    "default.edb",
    "index.edb",
    "SRUDB.dat",
    "Current.mdb",
    "Windows.edb",
];

#[test]
fn every_stored_row_decodes_and_encodes_back() {
    for name in FULL {
        let db = common::open_sample(name);
        for (key, rec) in stored(&db, "MSysObjects") {
            let row = CatalogRow::decode(&rec, large(&db))
                .unwrap_or_else(|e| panic!("{name}: {e} in {rec:02x?}"));
            assert_eq!(row.encode(large(&db)).unwrap(), rec, "{name}: {row:?}");
            assert_eq!(row.primary_key().unwrap(), key, "{name}: {}", row.name);
        }
    }
}

#[test]
fn new_database_rows_are_the_stored_system_rows() {
    for name in common::SAMPLES {
        let db = common::open_sample(name);
        let expected = new_database_rows(db.page_size() as u32).unwrap();
        assert_eq!(expected.len(), 72);
        let system: BTreeSet<u32> = [2, 3, 6, 7].into();
        let mut found = 0;
        for (key, rec) in stored(&db, "MSysObjects") {
            let row = CatalogRow::decode(&rec, large(&db)).unwrap();
            if !system.contains(&row.objid_table) {
                continue;
            }
            found += 1;
            let exp = expected
                .iter()
                .find(|r| r.primary_key().unwrap() == key)
                .unwrap_or_else(|| panic!("{name}: stored system row {row:?} not expected"));
            assert_eq!(*exp, row, "{name}");
            assert_eq!(exp.encode(large(&db)).unwrap(), rec, "{name}: {}", exp.name);
        }
        assert_eq!(found, expected.len(), "{name}: system rows");
        // In primary-key order, as the tree holds them.
        let keys: Vec<_> = expected.iter().map(|r| r.primary_key().unwrap()).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
    }
}

#[test]
fn index_keys_are_the_stored_name_and_root_objects_entries() {
    for name in FULL {
        let db = common::open_sample(name);
        let rows: Vec<CatalogRow> = stored(&db, "MSysObjects")
            .iter()
            .map(|(_, rec)| CatalogRow::decode(rec, large(&db)).unwrap())
            .collect();
        let mut by_name = BTreeSet::new();
        let mut root_objects = BTreeSet::new();
        for r in &rows {
            let pk = r.primary_key().unwrap();
            by_name.insert((r.name_key().unwrap(), pk.clone()));
            if let Some(k) = r.root_objects_key().unwrap() {
                root_objects.insert((k, pk));
            }
        }
        assert_eq!(entries(&db, "Name"), by_name, "{name}: Name index");
        assert_eq!(
            entries(&db, "RootObjects"),
            root_objects,
            "{name}: RootObjects index"
        );
        assert_eq!(
            root_objects.len(),
            rows.iter().filter(|r| r.row_type == sysobj::TABLE).count()
        );
    }
}

#[test]
fn new_database_index_entries_are_stored() {
    // The system rows' entries of a new database are among every sample's entries (large.edb
    // included).
    for name in common::SAMPLES {
        let db = common::open_sample(name);
        let names = entries(&db, "Name");
        let roots = entries(&db, "RootObjects");
        for r in new_database_rows(db.page_size() as u32).unwrap() {
            let pk = r.primary_key().unwrap();
            assert!(
                names.contains(&(r.name_key().unwrap(), pk.clone())),
                "{name}: {}",
                r.name
            );
            if let Some(k) = r.root_objects_key().unwrap() {
                assert!(roots.contains(&(k, pk)), "{name}: {}", r.name);
            }
        }
    }
}

#[test]
fn shadow_holds_the_same_rows() {
    for name in FULL {
        let db = common::open_sample(name);
        assert_eq!(
            stored(&db, "MSysObjectsShadow"),
            stored(&db, "MSysObjects"),
            "{name}"
        );
    }
}

#[test]
fn user_table_rows_from_table_defs_are_the_stored_rows() {
    for name in FULL {
        let db = common::open_sample(name);
        let stored_rows: BTreeMap<Vec<u8>, (CatalogRow, Vec<u8>)> = stored(&db, "MSysObjects")
            .into_iter()
            .map(|(k, rec)| (k, (CatalogRow::decode(&rec, large(&db)).unwrap(), rec)))
            .collect();
        let all: Vec<CatalogRow> = stored_rows.values().map(|v| v.0.clone()).collect();
        let mut checked = 0;
        for def in db.table_defs() {
            if [2, 3, 6, 7].contains(&def.objid) || def.template_table.is_some() {
                continue;
            }
            let extras = TableExtras::from_rows(&def, &all).unwrap();
            let rows = table_rows(&def, &extras).unwrap();
            let theirs: Vec<_> = stored_rows
                .values()
                .filter(|v| v.0.objid_table == def.objid)
                .collect();
            assert_eq!(rows.len(), theirs.len(), "{name}: rows of {}", def.name);
            for r in &rows {
                let key = r.primary_key().unwrap();
                let (row, rec) = stored_rows
                    .get(&key)
                    .unwrap_or_else(|| panic!("{name}: no stored row for {r:?}"));
                assert_eq!(r, row, "{name}: {}.{}", def.name, r.name);
                assert_eq!(r.encode(large(&db)).unwrap(), *rec, "{name}: {}", r.name);
            }
            checked += 1;
        }
        assert!(checked > 0, "{name}: no user table checked");
    }
}

#[test]
fn basic_user_table_with_default_extras() {
    // Only the table's density (80, the default) and pages (4, asked by its creator) come
    // from outside the TableDef.
    let db = common::open_sample("basic.edb");
    let def = db.table("basic").unwrap().def().clone();
    let extras = TableExtras {
        pages: 4,
        ..TableExtras::default()
    };
    let rows = table_rows(&def, &extras).unwrap();
    assert_eq!(rows.len(), 15);
    let stored_rows = stored(&db, "MSysObjects");
    for r in rows {
        let key = r.primary_key().unwrap();
        let (_, rec) = stored_rows.iter().find(|(k, _)| *k == key).unwrap();
        assert_eq!(r.encode(false).unwrap(), *rec, "{}", r.name);
    }
}

#[test]
fn catalog_schema_is_the_read_paths() {
    let db = common::open_sample("basic.edb");
    let mso = db.table("MSysObjects").unwrap();
    let cols = &mso.def().columns;
    assert_eq!(cols.len(), MSO_COLUMNS.len());
    for (c, s) in cols.iter().zip(MSO_COLUMNS.iter()) {
        assert_eq!(
            (c.id, c.name.as_str(), c.coltype),
            (s.id, s.name, s.coltype)
        );
    }
}

#[test]
fn decode_rejects_bad_rows_without_panicking() {
    let good = new_database_rows(4096).unwrap()[0].encode(false).unwrap();
    for cut in 0..good.len() {
        let _ = CatalogRow::decode(&good[..cut], false);
    }
    let mut flipped = good.clone();
    for i in 0..flipped.len() {
        for bit in 0..8 {
            flipped[i] ^= 1 << bit;
            let _ = CatalogRow::decode(&flipped, false);
            let _ = CatalogRow::decode(&flipped, true);
            flipped[i] ^= 1 << bit;
        }
    }
    // A row without its NOT NULL columns is refused.
    let empty = [0u8, 0x7F, 4, 0];
    assert!(CatalogRow::decode(&empty, false).is_err());
}
