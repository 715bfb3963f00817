//! `Database::create_index` over tables with records: the built index equals, entry
//! by entry, the index the same records get when it exists from the start (every
//! kind of index, 4/8/16/32 KiB pages); checks pass; seeks, later inserts and
//! deletes, and a reopened database use it; the error cases leave the database as
//! it was.

use ese::db::{CreateOptions, Database, OpenOptions, SeekOp, WriteCheck};
use ese::format::coltype::Value;
use ese::record::schema::{parse_schema, IndexSpec, TableSpec};
use ese::record::{Cell, Row, RowValue};
use ese::{ErrorCode, Instance, InstanceOptions};
use std::path::{Path, PathBuf};

const COLUMNS: &str = r#"
   [{"name": "id", "type": "LongLong"},
    {"name": "grp", "type": "Long"},
    {"name": "opt", "type": "Long"},
    {"name": "name", "type": "Text", "cp": 1252},
    {"name": "bin", "type": "Binary"},
    {"name": "opt2", "type": "Text", "cp": 1252},
    {"name": "uni", "type": "Text", "cp": 1200},
    {"name": "tags", "type": "Text", "cp": 1252, "flags": ["Tagged", "MultiValued"]},
    {"name": "wide", "type": "LongBinary"}]"#;

/// The secondary indexes under test: every kind the engine makes.
const INDEXES: &str = r#"
   [{"name": "by_name", "key": ["+name"]},
    {"name": "uniq_bin", "key": ["+bin"], "flags": ["Unique"]},
    {"name": "multi", "key": ["+grp", "-name", "+id"]},
    {"name": "desc_grp", "key": ["-grp"]},
    {"name": "ign_null", "key": ["+opt"], "flags": ["IgnoreNull"]},
    {"name": "ign_any", "key": ["+opt", "+opt2"], "flags": ["IgnoreAnyNull"]},
    {"name": "ign_first", "key": ["+opt", "+opt2"], "flags": ["IgnoreFirstNull"]},
    {"name": "tags", "key": ["+tags"]},
    {"name": "wide_cut", "key": ["+wide"]},
    {"name": "wide_most", "key": ["+wide", "+id"], "key_most": 1000},
    {"name": "uni", "key": ["+uni"]}]"#;

fn schema(page_size: usize) -> (TableSpec, TableSpec) {
    let doc = format!(
        r#"{{"page_size": {page_size}, "tables": [
          {{"name": "ref", "columns": {COLUMNS},
            "indexes": [{{"name": "pk", "key": ["+id"], "flags": ["Primary"]}}] }},
          {{"name": "bld", "columns": {COLUMNS},
            "indexes": [{{"name": "pk", "key": ["+id"], "flags": ["Primary"]}}] }}]}}"#
    );
    let mut spec = parse_schema(&doc).unwrap();
    let secondaries = index_specs(page_size);
    let bld = spec.tables.pop().unwrap();
    let mut reference = spec.tables.pop().unwrap();
    reference.indexes.extend(secondaries);
    (reference, bld)
}

fn index_specs(page_size: usize) -> Vec<IndexSpec> {
    let doc = format!(
        r#"{{"page_size": {page_size}, "tables": [
          {{"name": "t", "columns": {COLUMNS}, "indexes": {INDEXES} }}]}}"#
    );
    parse_schema(&doc).unwrap().tables.remove(0).indexes
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut z = self.0;
        z = (z ^ (z >> 33)).wrapping_mul(0xff51afd7ed558ccd);
        z ^ (z >> 33)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Column ids as ESE assigns them for `COLUMNS`.
mod col {
    pub const ID: u32 = 1;
    pub const GRP: u32 = 2;
    pub const OPT: u32 = 3;
    pub const NAME: u32 = 128;
    pub const BIN: u32 = 129;
    pub const OPT2: u32 = 130;
    pub const UNI: u32 = 131;
    pub const TAGS: u32 = 256;
    pub const WIDE: u32 = 257;
}

fn row(id: i64, rng: &mut Rng) -> Row {
    let mut r = Row::new();
    r.set_value(col::ID, Value::LongLong(id));
    r.set_value(col::GRP, Value::Long(rng.below(7) as i32 - 3));
    if rng.below(4) != 0 {
        r.set_value(col::OPT, Value::Long(rng.below(50) as i32));
    }
    let name: String = (0..1 + rng.below(12))
        .map(|_| (b'a' + rng.below(6) as u8) as char)
        .collect();
    r.set_value(col::NAME, Value::Text(name));
    let mut bin = (id as u64).to_be_bytes().to_vec();
    bin.reverse();
    bin.extend(std::iter::repeat_n(0x5a, rng.below(20) as usize));
    r.set_value(col::BIN, Value::Binary(bin));
    if rng.below(3) != 0 {
        r.set_value(col::OPT2, Value::Text(format!("o{}", rng.below(9))));
    }
    r.set_value(col::UNI, Value::Text(format!("Ünï {} ✓", rng.below(500))));
    let ntags = rng.below(4);
    if ntags > 0 {
        let tags: Vec<Cell> = (0..ntags)
            .map(|i| Cell::Value(Value::Text(format!("tag{}-{i}", rng.below(30)))))
            .collect();
        r.set(col::TAGS, RowValue::Many(tags));
    }
    if rng.below(2) == 0 {
        let len = 200 + rng.below(900) as usize;
        let mut w = vec![b'w'; len];
        w[len - 8..].copy_from_slice(&(id as u64).to_be_bytes());
        r.set_value(col::WIDE, Value::Binary(w));
    }
    r
}

fn temp(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("ese-ib-{}-{name}.edb", std::process::id()));
    let _ = std::fs::remove_file(&p);
    p
}

fn create(p: &PathBuf, page_size: usize) -> Database {
    Database::create(
        p,
        CreateOptions {
            page_size,
            ..Default::default()
        },
    )
    .unwrap()
}

fn entries(db: &Database, table: &str, index: &str) -> Vec<(Vec<u8>, Vec<u8>)> {
    db.table(table)
        .unwrap()
        .index_entries(index)
        .unwrap()
        .map(|e| e.unwrap())
        .collect()
}

/// Every secondary index of `bld` equals the same index of `ref`.
fn same_indexes(db: &Database, names: &[String]) -> usize {
    let mut total = 0;
    for n in names {
        let want = entries(db, "ref", n);
        let got = entries(db, "bld", n);
        assert_eq!(got.len(), want.len(), "index {n}: entry count");
        assert!(got == want, "index {n}: entries differ");
        total += got.len();
    }
    total
}

/// `sort_memory`: the builds' sort budget (`Database::set_sort_memory`), the default's
/// when `None`.
fn build_and_compare(page_size: usize, rows: i64, sort_memory: Option<usize>) {
    let p = temp(&format!("cmp{page_size}-{}", sort_memory.unwrap_or(0)));
    let mut db = create(&p, page_size);
    if let Some(bytes) = sort_memory {
        db.set_sort_memory(bytes);
        assert_eq!(db.sort_memory(), bytes);
    }
    let (reference, bld) = schema(page_size);
    db.create_table_spec(&reference).unwrap();
    db.create_table_spec(&bld).unwrap();
    let mut rng = Rng(page_size as u64);
    let mut ids: Vec<i64> = (0..rows).map(|i| i * 3 + 1).collect();
    // Insert in a shuffled order, as a table is filled over time.
    for i in (1..ids.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        ids.swap(i, j);
    }
    for &id in &ids {
        let r = row(id, &mut rng);
        db.insert("ref", &r).unwrap();
        db.insert("bld", &r).unwrap();
    }
    let specs = index_specs(page_size);
    let names: Vec<String> = specs.iter().map(|s| s.name.clone()).collect();
    let mut built = Vec::new();
    for s in &specs {
        let def = db.create_index("bld", s).unwrap();
        assert!(def.root != 0 && def.objid != 0, "{}", s.name);
        built.push(def);
    }
    let t = db.table("bld").unwrap();
    for n in &names {
        assert!(t.def().index(n).is_some(), "index {n} listed");
    }
    let total = same_indexes(&db, &names);
    assert!(total > rows as usize * 8, "{total} entries");
    // Multi-valued: more entries than records with tags; ignore-null: fewer.
    assert!(entries(&db, "bld", "tags").len() > rows as usize);
    assert!(entries(&db, "bld", "ign_null").len() < rows as usize);
    assert!(entries(&db, "bld", "ign_any").len() < entries(&db, "bld", "ign_first").len());
    let report = db.check().unwrap();
    assert!(report.trees >= 2 * (names.len() + 1));

    // Seeks through new indexes find the records.
    let t = db.table("bld").unwrap();
    let probe = row(ids[rows as usize / 2], &mut Rng(1));
    let want_id = ids[rows as usize / 2];
    let mut bin = (want_id as u64).to_be_bytes().to_vec();
    bin.reverse();
    let found = t
        .seek("uniq_bin", &[Some(Value::Binary(bin))], SeekOp::Ge)
        .unwrap()
        .unwrap();
    assert_eq!(
        found.get("id").unwrap().first(),
        Some(&Value::LongLong(want_id))
    );
    let _ = probe;
    for name in ["aa", "abc", "f"] {
        let by_index = t.find_all("by_name", &[Some(Value::Text(name.into()))]);
        let n = by_index.unwrap().len();
        let want = db
            .table("ref")
            .unwrap()
            .find_all("by_name", &[Some(Value::Text(name.into()))])
            .unwrap()
            .len();
        assert_eq!(n, want, "records named {name}");
    }

    // Inserts and deletes after the build keep the indexes right.
    for k in 0..rows / 4 {
        let id = rows * 3 + 10 + k;
        let r = row(id, &mut rng);
        db.insert("ref", &r).unwrap();
        db.insert("bld", &r).unwrap();
    }
    for &id in ids.iter().step_by(3) {
        let key = db
            .table("ref")
            .unwrap()
            .seek("pk", &[Some(Value::LongLong(id))], SeekOp::Eq)
            .unwrap()
            .unwrap()
            .key()
            .to_vec();
        db.delete("ref", &key).unwrap();
        db.delete("bld", &key).unwrap();
    }
    same_indexes(&db, &names);
    db.check().unwrap();
    // A duplicate in the unique index is refused after the build too.
    let mut dup = row(rows * 10, &mut rng);
    let existing = entries(&db, "bld", "uniq_bin")[0].clone();
    let rec = db
        .table("bld")
        .unwrap()
        .record_at(&existing.1)
        .unwrap()
        .get("bin")
        .unwrap()
        .first()
        .cloned()
        .unwrap();
    dup.set_value(col::BIN, rec);
    assert_eq!(
        db.insert("bld", &dup).unwrap_err().code(),
        ErrorCode::KeyDuplicate
    );

    // Close, reopen: the indexes are in the catalog and read the same.
    let before: Vec<_> = names.iter().map(|n| entries(&db, "bld", n)).collect();
    db.close().unwrap();
    drop(db);
    let r = Database::open(&p).unwrap();
    let t = r.table("bld").unwrap();
    for ((n, want), def) in names.iter().zip(&before).zip(&built) {
        assert_eq!(
            t.def().index(n),
            Some(def),
            "reopened: index {n} as created"
        );
        // The same catalog facts as the index the reference table was created with.
        let mut same = r.table("ref").unwrap().def().index(n).unwrap().clone();
        (same.objid, same.root) = (def.objid, def.root);
        assert_eq!(&same, def, "index {n} as create_table makes it");
        assert!(&entries(&r, "bld", n) == want, "reopened: index {n}");
    }
    drop(r);
    let w = Database::open_with(
        &ese_os::StdFs,
        &p,
        &OpenOptions {
            read_only: false,
            ..Default::default()
        },
    )
    .unwrap();
    w.check().unwrap();
    let r = row(rows * 20, &mut rng);
    w.insert("ref", &r).unwrap();
    w.insert("bld", &r).unwrap();
    same_indexes(&w, &names);
    w.close().unwrap();
    drop(w);
    let _ = std::fs::remove_file(&p);
}

#[test]
fn built_indexes_equal_inserted_ones_4k() {
    build_and_compare(4096, 3000, None);
}

#[test]
fn built_indexes_equal_inserted_ones_8k() {
    build_and_compare(8192, 4000, None);
}

#[test]
fn built_indexes_equal_inserted_ones_16k() {
    build_and_compare(16384, 4000, None);
}

#[test]
fn built_indexes_equal_inserted_ones_32k() {
    build_and_compare(32768, 6000, None);
}

/// The same with a sort of 4 KiB: every build writes dozens of sorted runs to temporary
/// files and merges them, and the indexes equal the inserted ones all the same (the
/// check after them sorts in runs too).
#[test]
fn built_indexes_equal_inserted_ones_through_sorted_runs() {
    build_and_compare(8192, 4000, Some(4096));
}

/// Sorted runs go to the database's temporary folder: an instance's (its `temp_path`,
/// else its system path), where a folder that is not there fails the build with
/// `JET_errTempFileOpenError` and the database as it was; once the folder is there
/// the build and the index check go through it and leave nothing in it.
#[test]
fn sorted_runs_go_to_the_instance_temporary_folder() {
    let dir = std::env::temp_dir().join(format!("ese-ib-{}-tempdir", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let scratch = dir.join("scratch");
    let plain = Instance::new(InstanceOptions::in_dir(dir.join("plain"))).unwrap();
    assert_eq!(plain.temp_dir(), dir.join("plain"));
    drop(plain);
    let fs: std::sync::Arc<dyn ese_os::FileSystem> = std::sync::Arc::new(ese_os::StdFs);
    let other = Instance::with_fs(fs, InstanceOptions::in_dir(dir.join("fs"))).unwrap();
    assert_eq!(other.temp_dir(), dir.join("fs"));
    drop(other);
    let inst = Instance::new(InstanceOptions {
        temp_path: Some(scratch.clone()),
        ..InstanceOptions::in_dir(&dir)
    })
    .unwrap();
    assert_eq!(inst.temp_dir(), scratch);
    let mut db = inst
        .create_database(dir.join("t.edb"), CreateOptions::default())
        .unwrap();
    assert_eq!(db.temp_dir(), scratch);
    let (_, mut seq) = schema(8192);
    seq.indexes.retain(|ix| ix.name == "pk");
    seq.name = "seq".into();
    db.create_table_spec(&seq).unwrap();
    let mut rng = Rng(5);
    for id in 0..3000 {
        db.insert("seq", &row(id, &mut rng)).unwrap();
    }
    let memory = db.sort_memory();
    let before = state(&db);
    db.set_sort_memory(4096);
    let err = db
        .create_index("seq", &spec("by_name", &["+name"], 0))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::TempFileOpenError, "{err}");
    assert!(err.to_string().contains("scratch"), "{err}");
    // The index check sorts in runs there too.
    assert_eq!(db.check().unwrap_err().code(), ErrorCode::TempFileOpenError);
    db.set_sort_memory(memory);
    let after = state(&db);
    db.set_sort_memory(4096);
    assert_eq!(before.0, after.0, "trees, entries, pages and owned space");
    assert!(before.2 == after.2, "catalog rows");
    std::fs::create_dir_all(&scratch).unwrap();
    db.create_index("seq", &spec("by_name", &["+name"], 0))
        .unwrap();
    assert_eq!(entries(&db, "seq", "by_name").len(), 3000);
    db.check().unwrap();
    assert_eq!(std::fs::read_dir(&scratch).unwrap().count(), 0, "runs left");
    drop(db);
    drop(inst);
    let _ = std::fs::remove_dir_all(&dir);
}

/// An instance on a file system of its own sorts through it: its temporary folder is a
/// folder of that file system (the real disk has no `/sys/scratch`), missing there
/// at first (`JET_errTempFileOpenError`), then made there, after which the build and
/// the index check go through it and leave it empty.
#[test]
fn an_instance_on_its_own_file_system_sorts_through_it() {
    use ese_os::FileSystem;
    let mem = ese_os::MemFs::new();
    mem.create_dir_all(Path::new("/sys")).unwrap();
    let inst = Instance::with_fs(
        std::sync::Arc::new(mem.clone()),
        InstanceOptions {
            temp_path: Some("/sys/scratch".into()),
            ..InstanceOptions::in_dir("/sys")
        },
    )
    .unwrap();
    let mut db = inst
        .create_database("/sys/t.edb", CreateOptions::default())
        .unwrap();
    assert_eq!(db.temp_dir(), Path::new("/sys/scratch"));
    let (_, mut seq) = schema(8192);
    seq.indexes.retain(|ix| ix.name == "pk");
    seq.name = "seq".into();
    db.create_table_spec(&seq).unwrap();
    let mut rng = Rng(6);
    for id in 0..3000 {
        db.insert("seq", &row(id, &mut rng)).unwrap();
    }
    db.set_sort_memory(4096);
    let err = db
        .create_index("seq", &spec("by_name", &["+name"], 0))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::TempFileOpenError, "{err}");
    mem.create_dir_all(Path::new("/sys/scratch")).unwrap();
    db.create_index("seq", &spec("by_name", &["+name"], 0))
        .unwrap();
    assert_eq!(entries(&db, "seq", "by_name").len(), 3000);
    db.check().unwrap();
    assert!(mem.read_dir(Path::new("/sys/scratch")).unwrap().is_empty());
    drop(db);
    drop(inst);
}

/// An index over an empty table, and over a table small enough for the root.
#[test]
fn empty_and_small_tables() {
    let p = temp("small");
    let mut db = create(&p, 8192);
    let (reference, bld) = schema(8192);
    db.create_table_spec(&reference).unwrap();
    db.create_table_spec(&bld).unwrap();
    let specs = index_specs(8192);
    db.create_index("bld", &specs[0]).unwrap();
    assert!(entries(&db, "bld", "by_name").is_empty());
    let mut rng = Rng(5);
    for id in 0..5 {
        let r = row(id, &mut rng);
        db.insert("ref", &r).unwrap();
        db.insert("bld", &r).unwrap();
    }
    let before = locales(&db);
    for s in &specs[1..] {
        db.create_index("bld", s).unwrap();
    }
    // The one index over Unicode text counts once more for its locale and sort
    // version; the schema rows stay.
    let after = locales(&db);
    assert_eq!(before.len(), after.len());
    let changed: Vec<_> = before.iter().zip(&after).filter(|(b, a)| b != a).collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    let ((bk, bv), (ak, av)) = (changed[0].0, changed[0].1);
    assert_eq!((bk, bv + 1), (ak, *av));
    let units: Vec<u16> = bk
        .chunks(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let name = String::from_utf16_lossy(&units);
    assert!(name.contains("en-US"), "{name:?}");
    let names: Vec<String> = specs.iter().map(|s| s.name.clone()).collect();
    same_indexes(&db, &names);
    db.check().unwrap();
    db.close().unwrap();
    drop(db);
    let _ = std::fs::remove_file(&p);
}

/// `MSysLocales` as (key, value) pairs, in key order.
fn locales(db: &Database) -> Vec<(Vec<u8>, i32)> {
    db.table("MSysLocales")
        .unwrap()
        .records()
        .unwrap()
        .map(|r| {
            let r = r.unwrap();
            let key = match r.get("Key").unwrap().first() {
                Some(Value::Binary(b)) => b.clone(),
                v => panic!("{v:?}"),
            };
            let value = match r.get("iValue").unwrap().first() {
                Some(Value::Long(v)) => *v,
                v => panic!("{v:?}"),
            };
            (key, value)
        })
        .collect()
}

fn spec(name: &str, key: &[&str], flags: u32) -> IndexSpec {
    IndexSpec {
        name: name.into(),
        key: key
            .iter()
            .map(|k| ese::record::schema::KeySegmentSpec {
                column: k[1..].into(),
                descending: k.starts_with('-'),
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

fn state(db: &Database) -> (WriteCheck, u32, Vec<String>) {
    let c = db.check().unwrap();
    let h = db.current_header();
    let catalog: Vec<String> = db
        .table("MSysObjects")
        .unwrap()
        .records()
        .unwrap()
        .map(|r| format!("{:?}", r.unwrap().raw()))
        .collect();
    (c, h.objid_last, catalog)
}

#[test]
fn errors_leave_the_database_unchanged() {
    use ese::record::schema::index_grbit as g;
    let p = temp("errors");
    let mut db = create(&p, 8192);
    let (reference, mut bld) = schema(8192);
    db.create_table_spec(&reference).unwrap();
    bld.indexes.clear();
    bld.name = "seq".into();
    db.create_table_spec(&bld).unwrap();
    let mut rng = Rng(9);
    for id in 0..2000 {
        let r = row(id, &mut rng);
        db.insert("ref", &r).unwrap();
        db.insert("seq", &r).unwrap();
    }
    let before = state(&db);
    let code =
        |db: &mut Database, t: &str, s: &IndexSpec| db.create_index(t, s).unwrap_err().code();
    assert_eq!(
        code(&mut db, "ref", &spec("PK", &["+name"], 0)),
        ErrorCode::IndexDuplicate
    );
    assert_eq!(
        code(&mut db, "ref", &spec("x", &["+nope"], 0)),
        ErrorCode::ColumnNotFound
    );
    assert_eq!(
        code(&mut db, "ref", &spec("bad.name", &["+name"], 0)),
        ErrorCode::InvalidName
    );
    assert_eq!(
        code(&mut db, "nope", &spec("x", &["+name"], 0)),
        ErrorCode::ObjectNotFound
    );
    let mut too_short = spec("x", &["+name"], g::KEY_MOST);
    too_short.key_most = Some(100);
    assert_eq!(code(&mut db, "ref", &too_short), ErrorCode::IndexInvalidDef);
    let seventeen: Vec<String> = (0..17).map(|_| "+grp".to_string()).collect();
    let refs: Vec<&str> = seventeen.iter().map(String::as_str).collect();
    assert_eq!(
        code(&mut db, "ref", &spec("x", &refs, 0)),
        ErrorCode::IndexInvalidDef
    );
    assert_eq!(
        code(&mut db, "ref", &spec("pk2", &["+bin"], g::PRIMARY)),
        ErrorCode::IndexHasPrimary
    );
    assert_eq!(
        code(&mut db, "seq", &spec("pk", &["+id"], g::PRIMARY)),
        ErrorCode::TableNotEmpty
    );
    // A unique index over keys records share: refused, nothing left behind; also
    // when the keys are sorted in runs (the repeat then found by merging them).
    for sort_memory in [db.sort_memory(), 4096] {
        db.set_sort_memory(sort_memory);
        assert_eq!(
            code(&mut db, "ref", &spec("ugrp", &["+grp"], g::UNIQUE)),
            ErrorCode::KeyDuplicate
        );
        assert_eq!(
            code(&mut db, "seq", &spec("uname", &["+name"], g::UNIQUE)),
            ErrorCode::KeyDuplicate
        );
    }
    let after = state(&db);
    assert_eq!(before.0, after.0, "trees, entries, pages and owned space");
    assert_eq!(before.1, after.1, "objid_last");
    assert!(before.2 == after.2, "catalog rows");
    assert!(db.table("ref").unwrap().def().index("ugrp").is_none());
    // The failed builds left nothing: the same names can be built now.
    db.create_index("seq", &spec("ugrp", &["+grp"], 0)).unwrap();
    db.create_index("seq", &spec("uname", &["+bin"], g::UNIQUE))
        .unwrap();
    db.check().unwrap();
    db.close().unwrap();
    drop(db);
    let mut r = Database::open(&p).unwrap();
    assert!(r.table("seq").unwrap().def().index("uname").is_some());
    assert_eq!(entries(&r, "seq", "uname").len(), 2000);
    assert_eq!(
        code(&mut r, "seq", &spec("ro", &["+grp"], 0)),
        ErrorCode::PermissionDenied
    );
    drop(r);
    let _ = std::fs::remove_file(&p);
}

#[test]
fn primary_index_on_an_empty_table_and_the_index_limit() {
    use ese::record::schema::index_grbit as g;
    let p = temp("limit");
    let mut db = create(&p, 8192);
    let (_, mut bld) = schema(8192);
    bld.indexes.clear();
    bld.name = "empty".into();
    db.create_table_spec(&bld).unwrap();
    let def = db
        .create_index("empty", &spec("pk", &["+id"], g::PRIMARY))
        .unwrap();
    assert!(def.is_primary());
    let t = db.table("empty").unwrap();
    assert_eq!(def.root, t.def().root);
    let mut rng = Rng(3);
    for id in [5i64, 1, 3] {
        db.insert("empty", &row(id, &mut rng)).unwrap();
    }
    let keys: Vec<i64> = db
        .table("empty")
        .unwrap()
        .records()
        .unwrap()
        .map(|r| match r.unwrap().get("id").unwrap().first() {
            Some(Value::LongLong(v)) => *v,
            v => panic!("{v:?}"),
        })
        .collect();
    assert_eq!(keys, vec![1, 3, 5], "records in primary-key order");
    let mut n = db.table("empty").unwrap().def().indexes.len();
    while n < ese::db::INDEXES_MOST {
        db.create_index("empty", &spec(&format!("i{n}"), &["+grp"], 0))
            .unwrap();
        n += 1;
    }
    assert_eq!(
        db.create_index("empty", &spec("one_more", &["+grp"], 0))
            .unwrap_err()
            .code(),
        ErrorCode::TooManyIndexes
    );
    db.insert("empty", &row(7, &mut rng)).unwrap();
    assert_eq!(entries(&db, "empty", "i299").len(), 4);
    db.check().unwrap();
    db.close().unwrap();
    drop(db);
    let r = Database::open(&p).unwrap();
    assert_eq!(
        r.table("empty").unwrap().def().indexes.len(),
        ese::db::INDEXES_MOST
    );
    drop(r);
    let _ = std::fs::remove_file(&p);
}

#[test]
fn index_over_200000_rows() {
    let p = temp("big");
    let mut db = create(&p, 8192);
    let doc = r#"{"page_size": 8192, "tables": [{"name": "big",
        "columns": [{"name": "id", "type": "LongLong"}, {"name": "v", "type": "Long"}],
        "indexes": [{"name": "pk", "key": ["+id"], "flags": ["Primary"]}]}]}"#;
    let s = parse_schema(doc).unwrap();
    db.create_table_spec(&s.tables[0]).unwrap();
    let mut rng = Rng(11);
    for id in 0..200_000i64 {
        let mut r = Row::new();
        r.set_value(1, Value::LongLong(id));
        r.set_value(2, Value::Long(rng.below(1000) as i32));
        db.insert("big", &r).unwrap();
    }
    db.create_index("big", &spec("v", &["+v"], 0)).unwrap();
    let t = db.table("big").unwrap();
    let n = t.index_entries("v").unwrap().count();
    assert_eq!(n as u64, t.count().unwrap());
    assert_eq!(n, 200_000);
    let e: Vec<_> = t.index_entries("v").unwrap().map(|e| e.unwrap()).collect();
    assert!(e.windows(2).all(|w| w[0] < w[1]), "key then bookmark order");
    db.check().unwrap();
    db.close().unwrap();
    drop(db);
    let _ = std::fs::remove_file(&p);
}

// The bulk loader itself, on trees of the B-tree layer.

mod btree_support;

use btree_support::{key_of, Rng as TreeRng, TestDb};
use ese::btree::{self, BTree, PageChangeSink, PageOp, SeekOp as TreeSeek, TreeEnv};
use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;

/// Counts the changes of each page and what kind they were.
#[derive(Debug, Default)]
struct Recorder {
    images: Mutex<Vec<u32>>,
    others: Mutex<u64>,
}

impl PageChangeSink for Recorder {
    fn changed(
        &self,
        pgno: u32,
        before: u64,
        after: u64,
        op: &PageOp<'_>,
        _page: &[u8],
    ) -> ese::Result<u64> {
        assert!(after > before, "dbtime grows on page {pgno}");
        match op {
            PageOp::Image { .. } => self.images.lock().unwrap().push(pgno),
            _ => *self.others.lock().unwrap() += 1,
        }
        Ok(after)
    }
}

fn scan(tree: &BTree) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut c = tree.cursor();
    let mut out = Vec::new();
    let mut e = c.first().unwrap();
    while let Some(x) = e {
        out.push((x.key, x.data));
        e = c.next().unwrap();
    }
    out
}

/// Entries in tree order: unique keys, or (non-unique) few keys with many
/// data values each, so equal keys span pages.
fn sorted_entries(rng: &mut TreeRng, n: u64, unique: bool) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut set = BTreeMap::new();
    while (set.len() as u64) < n {
        let (k, d) = if unique {
            let v = rng.below(n * 20);
            (
                key_of(v, rng, true),
                vec![(v % 251) as u8; 1 + (v % 40) as usize],
            )
        } else {
            let v = rng.below(n / 50 + 1);
            let mut k = key_of(v, &mut TreeRng(v), false);
            k.truncate(k.len().min(40));
            k.push(0);
            // Keys stay prefix-free: no 0 byte before the last.
            let l = k.len();
            k[..l - 1].iter_mut().for_each(|b| *b = (*b).max(1));
            (k, rng.next().to_be_bytes().to_vec())
        };
        set.insert((k, d), ());
    }
    set.into_keys().collect()
}

fn bulk_case(page_size: usize, unique: bool, n: u64) {
    let db = TestDb::new(page_size, 256, 1);
    let rec = std::sync::Arc::new(Recorder::default());
    let env = TreeEnv {
        cache: db.env.cache.clone(),
        dbtime: db.env.dbtime.clone(),
        sink: rec.clone(),
    };
    let mut rng = TreeRng(page_size as u64 ^ n ^ unique as u64);
    let items = sorted_entries(&mut rng, n, unique);
    let reopen = |t: BTree| BTree::open(&env, db.space.clone(), t.info().root, 80).unwrap();
    let bulk = reopen(db.new_tree(unique));
    let stats = bulk.bulk_load(items.iter().map(|(k, d)| (k, d))).unwrap();
    assert_eq!(stats.entries, items.len() as u64);
    let tree_stats = btree::check(&env, bulk.info().root).unwrap();
    assert_eq!(tree_stats.entries, items.len() as u64);
    assert_eq!(tree_stats.leaves as u64, stats.leaves);
    assert_eq!(tree_stats.pages.len() as u64, stats.pages);
    assert_eq!(tree_stats.depth as u32, stats.depth);
    db.check_space();
    // One whole-page image per page, nothing else.
    let images = rec.images.lock().unwrap().clone();
    assert_eq!(*rec.others.lock().unwrap(), 0);
    let distinct: HashSet<u32> = images.iter().copied().collect();
    assert_eq!(distinct.len(), images.len(), "each page written once");
    let pages: HashSet<u32> = tree_stats.pages.iter().copied().collect();
    if items.is_empty() {
        assert!(
            distinct.is_empty(),
            "an empty load leaves the root as it is"
        );
    } else {
        assert_eq!(distinct, pages, "every page of the tree came through apply");
    }
    assert!(scan(&bulk) == items, "entries in order");

    // The same entries appended one by one fill the same number of leaves.
    let appended = db.new_tree(unique);
    for (k, d) in &items {
        appended.insert(k, d).unwrap();
    }
    let app_stats = btree::check(&db.env, appended.info().root).unwrap();
    assert!(scan(&appended) == items);
    assert_eq!(
        app_stats.leaves, tree_stats.leaves,
        "leaves filled to density"
    );
    // Inserted in random order: the same entries.
    let random = db.new_tree(unique);
    let mut order: Vec<usize> = (0..items.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i as u64 + 1) as usize);
    }
    for &i in &order {
        random.insert(&items[i].0, &items[i].1).unwrap();
    }
    assert!(scan(&random) == items);

    // Ordinary changes and seeks keep working on the loaded tree.
    let mut model: BTreeMap<(Vec<u8>, Vec<u8>), ()> =
        items.iter().cloned().map(|e| (e, ())).collect();
    for step in 0..n.min(6000) {
        let i = rng.below(items.len() as u64) as usize;
        let (k, d) = items[i].clone();
        match step % 3 {
            0 => {
                if model.remove(&(k.clone(), d.clone())).is_some() {
                    bulk.delete(&k, Some(&d)).unwrap();
                }
            }
            1 => {
                let k2 = key_of(rng.below(n * 40), &mut rng, unique);
                let d2 = vec![7u8; 1 + rng.below(30) as usize];
                let key = (k2.clone(), d2.clone());
                let present = if unique {
                    model.keys().any(|(mk, _)| mk == &k2)
                } else {
                    model.contains_key(&key)
                };
                if !present {
                    bulk.insert(&k2, &d2).unwrap();
                    model.insert(key, ());
                }
            }
            _ => {
                let mut c = bulk.cursor();
                let got = c.seek(TreeSeek::Ge, &k, None).unwrap().map(|e| e.key);
                let want = model
                    .range((k.clone(), Vec::new())..)
                    .next()
                    .map(|e| e.0 .0.clone());
                assert_eq!(got, want, "seek ≥ after {step} steps");
            }
        }
    }
    let after: Vec<_> = model.into_keys().collect();
    assert!(scan(&bulk) == after, "after changes");
    btree::check(&env, bulk.info().root).unwrap();
    db.check_space();
}

#[test]
fn bulk_load_unique_all_page_sizes() {
    for ps in [4096, 8192, 16384, 32768] {
        bulk_case(ps, true, 20_000);
    }
}

#[test]
fn bulk_load_non_unique_all_page_sizes() {
    for ps in [4096, 8192, 16384, 32768] {
        bulk_case(ps, false, 20_000);
    }
}

#[test]
fn bulk_load_small_and_three_level_trees() {
    for n in [0, 1, 2, 30] {
        bulk_case(8192, false, n);
    }
    // Long keys on small pages: several branch levels.
    let db = TestDb::new(4096, 128, 2);
    let t = db.new_tree(true);
    let items: Vec<(Vec<u8>, Vec<u8>)> = (0..20_000u32)
        .map(|i| {
            let mut k = vec![b'k'; 200];
            k.extend_from_slice(&i.to_be_bytes());
            k.extend_from_slice(&[b'z'; 40]);
            (k, vec![1u8; 10])
        })
        .collect();
    let stats = t.bulk_load(items.iter().map(|(k, d)| (k, d))).unwrap();
    assert!(stats.depth >= 3, "depth {}", stats.depth);
    let s = btree::check(&db.env, t.info().root).unwrap();
    assert_eq!(s.depth as u32, stats.depth);
    assert!(scan(&t) == items);
    db.check_space();
}

#[test]
fn bulk_load_refuses_bad_input() {
    let db = TestDb::new(8192, 64, 3);
    let t = db.new_tree(true);
    let e = |k: &[u8]| (k.to_vec(), vec![1u8]);
    let err = t.bulk_load([e(b"b"), e(b"a")]).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidParameter);
    let t = db.new_tree(true);
    let err = t.bulk_load([e(b"a"), e(b"a")]).unwrap_err();
    assert_eq!(err.code(), ErrorCode::KeyDuplicate);
    let n = db.new_tree(false);
    let err = n.bulk_load([e(b"a\0"), e(b"a\0")]).unwrap_err();
    assert_eq!(err.code(), ErrorCode::MultiValuedIndexViolation);
    let n = db.new_tree(false);
    let err = n
        .bulk_load([(b"a\0".to_vec(), vec![2u8]), (b"a\0".to_vec(), vec![1u8])])
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidParameter);
    let t = db.new_tree(true);
    let err = t.bulk_load([(b"a".to_vec(), Vec::new())]).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidParameter);
    let err = t.bulk_load([(vec![b'k'; 3000], vec![1u8])]).unwrap_err();
    assert_eq!(err.code(), ErrorCode::KeyTooBig);
    // A tree that has entries cannot be bulk-loaded.
    t.insert(b"x", b"y").unwrap();
    let err = t.bulk_load([e(b"z")]).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidParameter);
    // The failed loads left trees that still check and work.
    btree::check(&db.env, t.info().root).unwrap();
    db.check_space();
}

/// A table handle opened before `create_index` does not know the new index: its
/// changes are refused rather than leaving the index behind; database handles share
/// the catalog, so one cloned before sees the index.
#[test]
fn handles_from_before_the_build_are_refused() {
    let p = temp("stale");
    let mut db = create(&p, 8192);
    let (reference, _) = schema(8192);
    db.create_table_spec(&reference).unwrap();
    let mut rng = Rng(21);
    for id in 0..50 {
        db.insert("ref", &row(id, &mut rng)).unwrap();
    }
    // The table's open trees exist (inserts made them) or not (fresh table).
    for (table, warm) in [("ref", true), ("fresh", false)] {
        if !warm {
            let (_, mut t) = schema(8192);
            t.name = table.into();
            db.create_table_spec(&t).unwrap();
        }
        let clone = db.clone();
        let mut old = db.open_cursor(table).unwrap();
        db.create_index(table, &spec(&format!("{table}_x"), &["+grp"], 0))
            .unwrap();
        let err = old.insert_row(&row(1000, &mut rng)).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidParameter);
        clone.insert(table, &row(1001, &mut rng)).unwrap();
        let n = db.table(table).unwrap().count().unwrap();
        assert_eq!(
            entries(&db, table, &format!("{table}_x")).len() as u64,
            n,
            "the index has every record of {table}"
        );
    }
    // A primary index on an empty table without one: old handles are refused too.
    let (_, mut t) = schema(8192);
    t.name = "seq".into();
    t.indexes.clear();
    db.create_table_spec(&t).unwrap();
    db.create_index("seq", &spec("x", &["+grp"], 0)).unwrap();
    let mut old = db.open_cursor("seq").unwrap();
    db.create_index(
        "seq",
        &spec("pk", &["+id"], ese::record::schema::index_grbit::PRIMARY),
    )
    .unwrap();
    assert!(old.insert_row(&row(5, &mut rng)).is_err());
    db.insert("seq", &row(5, &mut rng)).unwrap();
    db.insert("seq", &row(2, &mut rng)).unwrap();
    assert_eq!(entries(&db, "seq", "x").len(), 2);
    db.check().unwrap();
    db.close().unwrap();
    drop((db, old));
    let _ = std::fs::remove_file(&p);
}

/// A load that runs out of space leaves the tree empty and every page accounted
/// for; freeing the tree gives the space back for a smaller load.
#[test]
fn bulk_load_out_of_space_loses_nothing() {
    use ese::cache::{BufferCache, NoWal};
    use ese::space::{SpaceManager, SpaceParams};
    use ese_os::{FileSystem, MemFs, OpenOptions as FsOpen};
    use std::sync::atomic::AtomicU64;
    use std::sync::Arc;
    let fs = MemFs::new();
    let file = fs
        .open(std::path::Path::new("/full.edb"), FsOpen::create_new())
        .unwrap();
    let cache = Arc::new(BufferCache::new(Arc::from(file), 4096, 64, Arc::new(NoWal)).unwrap());
    let env = TreeEnv::new(cache, Arc::new(AtomicU64::new(0)));
    let params = SpaceParams {
        db_extension_pages: 16,
        max_pages: 300,
        ..SpaceParams::default()
    };
    let space = Arc::new(SpaceManager::create_database(env.clone(), params, 32).unwrap());
    let kind = ese::btree::TreeKind::Index { unique: false };
    let items: Vec<(Vec<u8>, Vec<u8>)> = (0..100_000u32)
        .map(|i| {
            let mut k = b"key".to_vec();
            k.extend_from_slice(&(i / 3).to_be_bytes());
            k.push(0);
            (k, i.to_be_bytes().to_vec())
        })
        .collect();
    let fdp = space.create_fdp(1, 5, 1, false, kind).unwrap();
    let tree = BTree::open(&env, space.clone(), fdp, 80).unwrap();
    let err = tree
        .bulk_load(items.iter().map(|(k, d)| (k, d)))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::OutOfDatabaseSpace, "{err}");
    let s = btree::check(&env, fdp).unwrap();
    assert_eq!(
        (s.entries, s.pages.len()),
        (0, 1),
        "the tree is still empty"
    );
    ese::space::check(&env).unwrap();
    space.free_tree(fdp).unwrap();
    let report = ese::space::check(&env).unwrap();
    assert!(report.available > 200, "{report:?}");
    let fdp = space.create_fdp(1, 6, 1, false, kind).unwrap();
    let tree = BTree::open(&env, space.clone(), fdp, 80).unwrap();
    let stats = tree
        .bulk_load(items[..20_000].iter().map(|(k, d)| (k, d)))
        .unwrap();
    assert_eq!(stats.entries, 20_000);
    assert_eq!(btree::check(&env, fdp).unwrap().entries, 20_000);
    ese::space::check(&env).unwrap();
}
