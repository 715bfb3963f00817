//! What a database and its tables own and have free (`Database::space_info`,
//! `Table::space_info`), against the full space check's own walk of every page
//! (`Database::check`): each tree's owned pages are the same, and its free pages the same
//! but for the split buffers the check also counts; the catalog's allocation facts
//! (`Table::catalog_extras`); a table's reserved autoincrement values
//! (`Cursor::reserve_autoincrement`); and the same reads of real ESE databases.

use ese::db::{Prep, TreeSpaceInfo};
use ese::format::coltype::Value;
use ese::record::schema::parse_schema;
use ese::record::Cell;
use ese::{CreateOptions, ErrorCode, Instance};

mod common;

use common::Scratch;

// Column ids: id 1 (autoincrement), name 256 (tagged text), blob 257 (tagged long binary).
const SCHEMA: &str = r#"{"page_size": 8192, "tables": [
  {"name": "t",
   "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL", "Autoincrement"]},
               {"name": "name", "type": "Text", "cp": 1252, "flags": ["Tagged"]},
               {"name": "blob", "type": "LongBinary", "flags": ["Tagged"]}],
   "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
               {"name": "byname", "key": ["+name"]}]},
  {"name": "plain",
   "columns": [{"name": "k", "type": "Long", "flags": ["NotNULL"]}],
   "indexes": [{"name": "primary", "key": ["+k"], "flags": ["Primary"]}]}]}"#;

fn check_against(info: &TreeSpaceInfo, report: &[ese::space::TreeSpace]) {
    let t = report
        .iter()
        .find(|t| t.fdp == info.fdp)
        .unwrap_or_else(|| panic!("tree {} not in the space check", info.fdp));
    assert_eq!(
        info.owned_pages(),
        t.owned,
        "owned pages of tree {}",
        info.fdp
    );
    assert!(
        info.available_pages() <= t.available,
        "free pages of tree {}: {} against the check's {}",
        info.fdp,
        info.available_pages(),
        t.available
    );
    if !info.multiple_extents {
        // No split buffers: the two counts are one.
        assert_eq!(info.available_pages(), t.available, "tree {}", info.fdp);
    }
    // Extents are by last page, apart, and inside what the tree owns.
    for w in info.owned.windows(2) {
        assert!(w[0].last_pgno < w[1].last_pgno + 1 - w[1].pages);
    }
    for e in &info.available {
        let first = e.last_pgno + 1 - e.pages;
        assert!(
            info.owned
                .iter()
                .any(|o| o.last_pgno + 1 - o.pages <= first && e.last_pgno <= o.last_pgno),
            "free extent {e:?} of tree {} outside its owned space",
            info.fdp
        );
    }
}

/// Inserts 3,000 records (key `k`, column 1, in order; value `v`, column 128) into table
/// `name` in one transaction; returns the cursor.
fn fill_kv(inst: &Instance, db: &ese::Database, name: &str) -> ese::Cursor {
    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(db, name).unwrap();
    s.begin_transaction().unwrap();
    for k in 0..3000i32 {
        c.prepare_update(Prep::Insert).unwrap();
        c.set_column(1, Some(Cell::Value(Value::Long(k))), 1)
            .unwrap();
        let v = format!("value {k:08}").into_bytes();
        c.set_column(128, Some(Cell::Value(Value::Binary(v))), 1)
            .unwrap();
        c.update().unwrap();
    }
    s.commit_transaction().unwrap();
    c
}

#[test]
fn space_info_agrees_with_the_space_check_as_a_table_grows() {
    let dir = Scratch::new("space-info");
    let p = dir.join("space.edb");
    let inst = Instance::new(dir.opts()).unwrap();
    let mut db = inst.create_database(&p, CreateOptions::default()).unwrap();
    for spec in parse_schema(SCHEMA).unwrap().tables {
        db.create_table_spec(&spec).unwrap();
    }
    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    let mut sizes = Vec::new();
    for round in 0..4 {
        s.begin_transaction().unwrap();
        for i in 0..400 {
            c.prepare_update(Prep::Insert).unwrap();
            let name = format!("name {round} {i:05}");
            c.set_column(256, Some(Cell::Value(Value::Text(name))), 1)
                .unwrap();
            if i % 10 == 0 {
                let blob = vec![(i % 251) as u8; 20_000];
                c.set_column(257, Some(Cell::Value(Value::Binary(blob))), 1)
                    .unwrap();
            }
            c.update().unwrap();
        }
        s.commit_transaction().unwrap();
        let report = db.check().unwrap();
        let table = c.table().space_info().unwrap();
        check_against(&table.table, &report.space);
        assert_eq!(table.indexes.len(), 1);
        assert_eq!(table.indexes[0].0, "byname");
        check_against(&table.indexes[0].1, &report.space);
        let lv = table.long_values.as_ref().expect("a long-value tree");
        check_against(lv, &report.space);
        // The table owns its children's space.
        assert!(table.table.owned_pages() > table.indexes[0].1.owned_pages() + lv.owned_pages());
        assert_eq!(
            table.available_pages(),
            table.table.available_pages()
                + table.indexes[0].1.available_pages()
                + lv.available_pages()
        );
        let root = db.space_info().unwrap();
        assert_eq!(root.owned_pages(), report.owned);
        check_against(&root, &report.space);
        sizes.push(table.table.owned_pages());
    }
    assert!(
        sizes.windows(2).all(|w| w[0] <= w[1]) && sizes[0] < sizes[3],
        "the table's owned pages grow with it: {sizes:?}"
    );
    // Another table's space is its own.
    let plain = db.table("plain").unwrap().space_info().unwrap();
    assert!(plain.indexes.is_empty() && plain.long_values.is_none());
    check_against(&plain.table, &db.check().unwrap().space);
    assert_ne!(plain.table.fdp, c.table().space_info().unwrap().table.fdp);
}

#[test]
fn catalog_extras_and_reserved_autoincrement_values() {
    let dir = Scratch::new("space-info-autoinc");
    let p = dir.join("a.edb");
    let inst = Instance::new(dir.opts()).unwrap();
    let mut db = inst.create_database(&p, CreateOptions::default()).unwrap();
    for spec in parse_schema(SCHEMA).unwrap().tables {
        db.create_table_spec(&spec).unwrap();
    }
    let t = db.table("t").unwrap();
    let extras = t.catalog_extras().unwrap();
    assert_eq!(extras.density, ese::catalog::DEFAULT_DENSITY);
    assert_eq!(extras.indexes.len(), 2);
    assert!(
        extras.lv.is_none(),
        "no long-value tree before a long value"
    );

    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    let insert = |c: &mut ese::Cursor| {
        c.prepare_update(Prep::Insert).unwrap();
        let bm = c.update().unwrap();
        c.goto_bookmark(&bm).unwrap();
        c.retrieve_column(1, 1).unwrap().0
    };
    assert_eq!(insert(&mut c), Some(Value::Long(1)));
    let (reserved, col) = c.reserve_autoincrement().unwrap();
    assert_eq!((reserved, col.name.as_str()), (2, "id"));
    // The next insert does not take the reserved value.
    assert_eq!(insert(&mut c), Some(Value::Long(3)));
    assert_eq!(c.reserve_autoincrement().unwrap().0, 4);
    let mut plain = s.open_table(&db, "plain").unwrap();
    assert_eq!(
        plain.reserve_autoincrement().unwrap_err().code(),
        ErrorCode::InvalidOperation
    );
    drop((c, plain));
    drop(s);
    // A deleted table has no catalog rows.
    let t = db.table("t").unwrap();
    db.delete_table("t").unwrap();
    assert_eq!(
        t.catalog_extras().unwrap_err().code(),
        ErrorCode::ObjectNotFound
    );
}

/// Real ESE databases, opened read-only: every table's trees own at least the pages of
/// its children, free pages lie inside owned ones, and the root owns them all.
#[test]
fn space_info_of_real_ese_databases() {
    for name in ["SRUDB.dat", "Current.mdb", "index.edb", "large.edb"] {
        let db = common::open_bytes(name, &common::sample_bytes(name)).unwrap();
        let root = db.space_info().unwrap();
        assert!(root.multiple_extents, "{name}: the root has space trees");
        let mut top = 0;
        for def in db.table_defs() {
            let t = db.table(&def.name).unwrap();
            let info = t.space_info().unwrap();
            let children: u64 = info
                .indexes
                .iter()
                .map(|(_, i)| i.owned_pages())
                .sum::<u64>()
                + info
                    .long_values
                    .as_ref()
                    .map_or(0, TreeSpaceInfo::owned_pages);
            assert!(
                info.table.owned_pages() > children,
                "{name}/{}: owns {} pages, its children {children}",
                def.name,
                info.table.owned_pages()
            );
            for tree in std::iter::once(&info.table)
                .chain(info.indexes.iter().map(|(_, i)| i))
                .chain(info.long_values.as_ref())
            {
                assert!(tree.available_pages() < tree.owned_pages());
            }
            let extras = t.catalog_extras().unwrap();
            assert!((20..=100).contains(&extras.density), "{name}/{}", def.name);
            top += info.table.owned_pages();
        }
        assert!(
            top + root.available_pages() < root.owned_pages(),
            "{name}: tables {top} + free {} against {} owned",
            root.available_pages(),
            root.owned_pages()
        );
    }
}

/// A table's and an index's density (`ulDensity`) are kept in the catalog, read back, and
/// followed: records appended in key order fill each leaf to the density and no more, so
/// the same records take fewer leaves at 100% than at 50%, in the table and in an index
/// built over them.
#[test]
fn densities_are_kept_and_followed() {
    let dir = Scratch::new("space-info-density");
    let p = dir.join("d.edb");
    let inst = Instance::new(dir.opts()).unwrap();
    let mut db = inst.create_database(&p, CreateOptions::default()).unwrap();
    let schema = |name: &str, density: u32| {
        format!(
            r#"{{"page_size": 8192, "tables": [{{"name": "{name}", "density": {density},
              "columns": [{{"name": "k", "type": "Long", "flags": ["NotNULL"]}},
                          {{"name": "v", "type": "Binary", "cp": 0}}],
              "indexes": [{{"name": "pk", "key": ["+k"], "flags": ["Primary"], "density": {density}}},
                          {{"name": "byv", "key": ["+v"], "density": {density}}}]}}]}}"#
        )
    };
    let mut leaves = Vec::new();
    for (name, density) in [("half", 50u32), ("full", 100)] {
        let spec = parse_schema(&schema(name, density))
            .unwrap()
            .tables
            .remove(0);
        let def = db.create_table_spec(&spec).unwrap();
        assert_eq!(def.density, density);
        assert!(def.indexes.iter().all(|ix| ix.density == density));
        let c = fill_kv(&inst, &db, name);
        let t = c.table();
        leaves.push((
            t.record_stats().unwrap().pages,
            t.index_stats("byv").unwrap().pages,
        ));
        let extras = t.catalog_extras().unwrap();
        assert_eq!(extras.density, density);
        assert!(extras.indexes.iter().all(|x| x.density == density));
    }
    let ((half_t, half_i), (full_t, full_i)) = (leaves[0], leaves[1]);
    assert!(
        full_t * 10 < half_t * 6 && full_i * 10 < half_i * 6,
        "leaves at 100% {full_t} (index {full_i}) against 50% {half_t} (index {half_i})"
    );
    // Kept across a reopen.
    db.close().unwrap();
    drop(db);
    let db = ese::Database::open(&p).unwrap();
    let t = db.table("half").unwrap();
    assert_eq!(t.def().density, 50);
    assert_eq!(t.def().index("byv").unwrap().density, 50);
    // Outside 20 to 100 is JET_errDensityInvalid.
    assert_eq!(
        parse_schema(&schema("bad", 10)).unwrap_err().code(),
        ErrorCode::DensityInvalid
    );
}

/// A table created with initial pages (`ulPages`) gets them as its tree's one first
/// extent: its secondary index's tree is made inside it, and records that fit in it take no
/// page from the database; the catalog keeps the figure across a reopen and a compaction.
/// A table without gets the default 4 pages and grows past them. A request the database
/// cannot give fails and leaves no table behind.
#[test]
fn initial_pages_are_the_first_extent_the_table_fills() {
    let dir = Scratch::new("space-info-pages");
    let p = dir.join("p.edb");
    let inst = Instance::new(dir.opts()).unwrap();
    let mut db = inst.create_database(&p, CreateOptions::default()).unwrap();
    let schema = |name: &str, pages: u64| {
        format!(
            r#"{{"page_size": 8192, "tables": [{{"name": "{name}", "pages": {pages},
              "columns": [{{"name": "k", "type": "Long", "flags": ["NotNULL"]}},
                          {{"name": "v", "type": "Binary", "cp": 0}}],
              "indexes": [{{"name": "pk", "key": ["+k"], "flags": ["Primary"]}},
                          {{"name": "byv", "key": ["+v"]}}]}}]}}"#
        )
    };
    let spec =
        |name: &str, pages: u64| parse_schema(&schema(name, pages)).unwrap().tables.remove(0);
    let mut owned = Vec::new();
    for (name, pages) in [("big", 200u32), ("small", 0)] {
        let def = db.create_table_spec(&spec(name, u64::from(pages))).unwrap();
        let expect = pages.max(ese::db::TABLE_INITIAL_PAGES);
        assert_eq!(def.pages, expect);
        let t = db.table(name).unwrap();
        assert_eq!(t.catalog_extras().unwrap().pages, expect);
        let before = t.space_info().unwrap();
        assert_eq!(before.table.owned_pages(), u64::from(expect));
        let fdp = before.table.fdp;
        let (_, index) = &before.indexes[0];
        assert!(
            (fdp..fdp + expect).contains(&index.fdp),
            "{name}: the index's tree at page {} is outside the table's first extent {fdp}+{expect}",
            index.fdp
        );
        let c = fill_kv(&inst, &db, name);
        owned.push(c.table().space_info().unwrap().table.owned_pages());
    }
    assert_eq!(owned[0], 200, "the records fit in the 200 pages asked for");
    assert!(owned[1] > 4, "the default table grew: {} pages", owned[1]);
    db.check().unwrap();

    // More pages than the database may have: an error, and no table.
    let e = db
        .create_table_spec(&spec("huge", u64::from(u32::MAX)))
        .unwrap_err();
    assert!(
        matches!(
            e.code(),
            ErrorCode::OutOfDatabaseSpace | ErrorCode::DiskFull
        ),
        "{e}"
    );
    assert_eq!(
        db.table("huge").unwrap_err().code(),
        ErrorCode::ObjectNotFound
    );
    db.check().unwrap();

    db.close().unwrap();
    drop(db);
    drop(inst);
    let db = ese::Database::open(&p).unwrap();
    assert_eq!(db.table("big").unwrap().def().pages, 200);
    assert_eq!(db.table("small").unwrap().def().pages, 4);
    drop(db);
    let copy = dir.join("copy.edb");
    ese::db::compact(
        &ese_os::StdFs,
        &p,
        &copy,
        &ese::db::CompactOptions::default(),
        &mut |_| Ok(()),
    )
    .unwrap();
    let db = ese::Database::open(&copy).unwrap();
    let t = db.table("big").unwrap();
    assert_eq!(t.def().pages, 200);
    let space = t.space_info().unwrap();
    assert!(space.table.owned_pages() >= 200);
    assert_eq!(space.table.owned[0].pages, 200, "{:?}", space.table.owned);
}
