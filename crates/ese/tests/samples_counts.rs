//! Every sample opens, and every table's record count equals what the
//! independent readers report (shared/testdata/ese-samples/README.md).

mod common;
use common::*;

fn counts(name: &str) -> Vec<(String, u64)> {
    let db = open_sample(name);
    db.table_names()
        .into_iter()
        .map(|t| {
            let n = db
                .table(&t)
                .unwrap()
                .count()
                .unwrap_or_else(|e| panic!("{name}/{t}: {e}"));
            (t, n)
        })
        .collect()
}

fn check(name: &str, expected: &[(&str, u64)], total_tables: usize) {
    let got = counts(name);
    assert_eq!(got.len(), total_tables, "{name}: table count; got {got:?}");
    for (t, n) in expected {
        let found = got
            .iter()
            .find(|(g, _)| g == t)
            .unwrap_or_else(|| panic!("{name}: no table {t}"));
        assert_eq!(found.1, *n, "{name}/{t}");
    }
}

const SYS: [&str; 4] = [
    "MSysObjects",
    "MSysObjectsShadow",
    "MSysObjids",
    "MSysLocales",
];

fn sys(objects: u64, objids: u64, locales: u64) -> Vec<(&'static str, u64)> {
    vec![
        (SYS[0], objects),
        (SYS[1], objects),
        (SYS[2], objids),
        (SYS[3], locales),
    ]
}

#[test]
fn samples_basic_counts() {
    let mut e = sys(87, 7, 7);
    e.push(("basic", 2));
    check("basic.edb", &e, 5);
}

#[test]
fn samples_binary_counts() {
    let mut e = sys(87, 8, 7);
    e.push(("binary", 1));
    check("binary.edb", &e, 5);
}

#[test]
fn samples_text_counts() {
    let mut e = sys(102, 8, 7);
    e.push(("text", 1));
    check("text.edb", &e, 5);
}

#[test]
fn samples_multi_counts() {
    let mut e = sys(97, 8, 7);
    e.push(("multi", 2));
    check("multi.edb", &e, 5);
}

#[test]
fn samples_default_counts() {
    let mut e = sys(93, 7, 7);
    e.push(("default", 1));
    check("default.edb", &e, 5);
}

#[test]
fn samples_index_counts() {
    let mut e = sys(112, 26, 8);
    e.push(("index", 1));
    check("index.edb", &e, 5);
}

#[test]
fn samples_large_counts() {
    let mut e = sys(65068, 7, 7);
    e.push(("large", 16));
    check("large.edb", &e, 5);
}

#[test]
fn samples_srudb_counts() {
    let mut e = sys(161, 28, 7);
    e.extend([("SruDbIdMapTable", 106), ("SruDbCheckpointTable", 0)]);
    let got = counts("SRUDB.dat");
    assert_eq!(got.len(), 12);
    for (t, n) in &e {
        let found = got
            .iter()
            .find(|(g, _)| g == t)
            .unwrap_or_else(|| panic!("no table {t} in {got:?}"));
        assert_eq!(found.1, *n, "SRUDB.dat/{t}");
    }
    let d10 = got
        .iter()
        .find(|(t, _)| t.starts_with("{D10CA2FE"))
        .expect("D10CA2FE table");
    assert_eq!(d10.1, 203);
    // The six GUID-named tables hold 6, 3, 203, 3, 3, 2 records in catalog order of their names.
    let mut guid_counts: Vec<u64> = got
        .iter()
        .filter(|(t, _)| t.starts_with('{'))
        .map(|(_, n)| *n)
        .collect();
    guid_counts.sort_unstable();
    assert_eq!(guid_counts, vec![2, 3, 3, 3, 6, 203]);
}

#[test]
fn samples_current_mdb_counts() {
    let mut e = sys(467, 16, 8);
    e.extend([
        ("ROLE_ACCESS", 3),
        ("CLIENTS", 19),
        ("DNS", 12),
        ("VIRTUALMACHINES", 0),
    ]);
    check("Current.mdb", &e, 8);
}

/// `Windows.edb` is a dirty database: it opens read-only with a warning, and its one
/// node flagged deleted (WorkID 1267 in `SystemIndex_PropertyStore`) is not a record,
/// the rule libesedb follows and the one ESE applies to a committed delete.
#[test]
fn samples_windows_edb_counts() {
    let db = open_sample("Windows.edb");
    assert!(db
        .warnings()
        .iter()
        .any(|w| w.code == ese::ErrorCode::DatabaseDirtyShutdown));
    let names = db.table_names();
    assert_eq!(names.len(), 41);
    let expect = [
        ("MSysObjects", 894),
        ("MSysObjids", 49),
        ("SystemIndex_Gthr", 1184),
        ("SystemIndex_GthrPth", 267),
        ("SystemIndex_1_Properties", 281),
        ("ChangeTracking", 115),
        ("SystemIndex_1_OCC_59", 130),
        ("SystemIndex_PropertyStore", 1182),
    ];
    for (t, n) in expect {
        assert_eq!(db.table(t).unwrap().count().unwrap(), n, "Windows.edb/{t}");
    }
}
