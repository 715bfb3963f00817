//! The system trees of a new database (`catalog::bootstrap`) against the sample databases:
//! every system FDP's page, object id, space header and root page flags, and the first extent of
//! each owned-extent tree.

mod common;

use ese::catalog::bootstrap::{
    initial_database_pages, min_database_pages, shadow_initial_pages, PageRole,
    DEFAULT_DATABASE_PAGES,
};
use ese::catalog::{Bootstrap, Extent, SystemTree};
use ese::format::page::{flags, Page};
use ese::format::space::{ExtentEntry, SpaceHeader, SPH_V2};
use ese::ErrorCode;

fn page(db: &ese::Database, pgno: u32) -> Vec<u8> {
    db.read_raw_page(pgno)
        .unwrap_or_else(|e| panic!("page {pgno}: {e}"))
}

/// The leaf nodes of a one-page space tree root, as extents.
fn extents(db: &ese::Database, pgno: u32) -> Vec<ExtentEntry> {
    let raw = page(db, pgno);
    let p = Page::new(&raw, pgno).unwrap();
    let mut out = Vec::new();
    if !p.is_leaf() {
        return out;
    }
    for i in 0..p.node_count() {
        let n = p.node(i).unwrap();
        let key = p.node_key(i).unwrap();
        out.push(ExtentEntry::decode(&key, n.data).unwrap());
    }
    out
}

/// Flags that change as a tree grows or is written: flush type, leaf / parent-of-leaf.
const GROWTH: u32 = flags::FLUSH_TYPE_MASK | flags::LEAF | flags::PARENT_OF_LEAF;

#[test]
fn system_fdps_match_every_sample() {
    for name in common::SAMPLES {
        let db = common::open_sample(name);
        let ps = db.page_size() as u32;
        let root_raw = page(&db, 1);
        let root_sph =
            SpaceHeader::decode(Page::new(&root_raw, 1).unwrap().external_header().unwrap())
                .unwrap();
        // The root's primary extent is the size the database was created with.
        let boot = Bootstrap::new(ps, root_sph.cpg_primary).unwrap();
        for t in boot.trees() {
            let raw = page(&db, t.pgno_fdp);
            let p = Page::new(&raw, t.pgno_fdp).unwrap();
            let what = format!("{name} {:?} page {}", t.tree, t.pgno_fdp);
            assert_eq!(p.objid_fdp(), t.objid, "{what}: objid");
            assert!(p.is_root(), "{what}: not a root");
            assert_eq!(
                p.flags() & !GROWTH,
                t.root_page_flags & !GROWTH,
                "{what}: flags {:#x}",
                p.flags()
            );
            let stored = SpaceHeader::decode(p.external_header().unwrap()).unwrap();
            if stored.flags & SPH_V2 == 0 {
                assert_eq!(stored, t.space_header, "{what}: space header");
            } else {
                // Grown since: the header then keeps the size of the last allocation (v2).
                let mut grown = t.space_header;
                grown.cpg_primary = stored.cpg_primary;
                grown.flags |= SPH_V2;
                assert_eq!(stored, grown, "{what}: space header of a grown tree");
            }
            if let (Some(oe), Some(ae)) = (t.pgno_oe(), t.pgno_ae()) {
                for sp in [oe, ae] {
                    let raw = page(&db, sp);
                    let p = Page::new(&raw, sp).unwrap();
                    assert_eq!(p.objid_fdp(), t.objid, "{what}: space tree {sp} objid");
                    assert_eq!(
                        p.flags() & !GROWTH,
                        t.space_tree_page_flags.unwrap() & !GROWTH,
                        "{what}: space tree {sp} flags {:#x}",
                        p.flags()
                    );
                }
                // The primary extent stays the first owned extent.
                let owned = extents(&db, oe);
                if let Some(first) = owned.first() {
                    assert_eq!(*first, t.primary.entry(), "{what}: first owned extent");
                }
            }
        }
    }
}

#[test]
fn basic_space_trees_hold_what_creation_left_plus_the_user_table() {
    // basic.edb: a new database plus one table of 4 pages (31..=34) taken from the root.
    let db = common::open_sample("basic.edb");
    let boot = Bootstrap::new(4096, DEFAULT_DATABASE_PAGES).unwrap();
    let root = boot.tree(SystemTree::DatabaseRoot);
    assert_eq!(extents(&db, 2), vec![root.primary.entry()]);
    assert_eq!(
        root.available,
        vec![Extent {
            first: 31,
            pages: 224
        }]
    );
    let after_table = Extent {
        first: 35,
        pages: 220,
    };
    assert_eq!(extents(&db, 3), vec![after_table.entry()]);
    // RootObjects never grew: its AE is empty, its OE its primary extent.
    let ro = boot.tree(SystemTree::CatalogRootObjectsIndex);
    assert_eq!(extents(&db, 11), vec![ro.primary.entry()]);
    assert_eq!(extents(&db, 12), vec![]);
    assert!(ro.available.is_empty());
    // The catalog: owns 4..=23; after creation 13..=23 are free.
    let mso = boot.tree(SystemTree::Catalog);
    assert_eq!(extents(&db, 5), vec![mso.primary.entry()]);
    assert_eq!(
        mso.available,
        vec![Extent {
            first: 13,
            pages: 11
        }]
    );
}

#[test]
fn layout_per_page_size() {
    for ps in [2048u32, 4096, 8192, 16384, 32768] {
        let b = Bootstrap::new(ps, DEFAULT_DATABASE_PAGES).unwrap();
        let shadow = shadow_initial_pages(ps);
        let fdp = |t| b.tree(t).pgno_fdp;
        assert_eq!(fdp(SystemTree::DatabaseRoot), 1);
        assert_eq!(fdp(SystemTree::Catalog), 4);
        assert_eq!(fdp(SystemTree::CatalogNameIndex), 7);
        assert_eq!(fdp(SystemTree::CatalogRootObjectsIndex), 10);
        assert_eq!(fdp(SystemTree::CatalogShadow), 24);
        assert_eq!(fdp(SystemTree::Objids), 24 + shadow);
        assert_eq!(fdp(SystemTree::Locales), 25 + shadow);
        assert_eq!(b.first_free_page(), Some(26 + shadow));
        assert_eq!(b.objid_last(), 7);
        assert_eq!(min_database_pages(ps).unwrap(), 25 + shadow);
        assert_eq!(
            initial_database_pages(ps, 256).unwrap(),
            DEFAULT_DATABASE_PAGES
        );
        // The smallest database has no free page left.
        let m = Bootstrap::new(ps, min_database_pages(ps).unwrap()).unwrap();
        assert_eq!(m.first_free_page(), None);
        assert!(m.tree(SystemTree::DatabaseRoot).available.is_empty());
        let err = Bootstrap::new(ps, min_database_pages(ps).unwrap() - 1).unwrap_err();
        assert_eq!(err.code(), ErrorCode::DatabaseInvalidPages);
    }
    assert_eq!(
        Bootstrap::new(1024, 254).unwrap_err().code(),
        ErrorCode::InvalidParameter
    );
    // SRUDB.dat was created with a 16-page extension size: 30 + 16 pages.
    assert_eq!(initial_database_pages(4096, 16).unwrap(), 46);
}

#[test]
fn page_roles_of_a_new_4k_database() {
    let b = Bootstrap::new(4096, DEFAULT_DATABASE_PAGES).unwrap();
    use PageRole::*;
    use SystemTree::*;
    let expect = [
        (1, DatabaseRoot, Root),
        (2, DatabaseRoot, OwnedExtentRoot),
        (3, DatabaseRoot, AvailableExtentRoot),
        (4, Catalog, Root),
        (5, Catalog, OwnedExtentRoot),
        (6, Catalog, AvailableExtentRoot),
        (7, CatalogNameIndex, Root),
        (8, CatalogNameIndex, OwnedExtentRoot),
        (9, CatalogNameIndex, AvailableExtentRoot),
        (10, CatalogRootObjectsIndex, Root),
        (11, CatalogRootObjectsIndex, OwnedExtentRoot),
        (12, CatalogRootObjectsIndex, AvailableExtentRoot),
        (13, Catalog, Available),
        (23, Catalog, Available),
        (24, CatalogShadow, Root),
        (25, CatalogShadow, OwnedExtentRoot),
        (26, CatalogShadow, AvailableExtentRoot),
        (27, CatalogShadow, Available),
        (28, CatalogShadow, Available),
        (29, Objids, Root),
        (30, Locales, Root),
        (31, DatabaseRoot, Available),
        (254, DatabaseRoot, Available),
    ];
    for (pgno, tree, role) in expect {
        assert_eq!(b.page_role(pgno), Some((tree, role)), "page {pgno}");
    }
    assert_eq!(b.page_role(255), None);
    assert_eq!(b.page_role(0), None);
}

#[test]
fn small_page_catalog_split_at_creation() {
    // On 4 KiB pages the 72 rows of a new catalog (about 4.7 KB with keys) do not fit the root:
    // inserting the 60th row split it into leaves 13 and 14 from the catalog's own available
    // space (the shadow likewise into 27 and 28). Every 4 KiB sample keeps leaf 13 as creation
    // left it (same dbtime but in Current.mdb), holding exactly the first 59 rows; the root's separator is the
    // 60th row's key.
    let rows = ese::catalog::new_database_rows(4096).unwrap();
    let keys: Vec<Vec<u8>> = rows.iter().map(|r| r.primary_key().unwrap()).collect();
    for name in [
        "basic.edb",
        "binary.edb",
        "text.edb",
        "multi.edb",
        "default.edb",
        "index.edb",
        "SRUDB.dat",
        "Current.mdb",
    ] {
        let db = common::open_sample(name);
        for (root, left) in [(4u32, 13u32), (24, 27)] {
            let raw = page(&db, left);
            let p = Page::new(&raw, left).unwrap();
            let stored: Vec<Vec<u8>> = (0..p.node_count())
                .map(|i| p.node_key(i).unwrap())
                .collect();
            assert_eq!(stored, keys[..59], "{name}: leaf {left}");
            if name != "Current.mdb" {
                // Current.mdb rewrote the leaf since (same keys, later dbtime).
                assert_eq!(
                    p.dbtime(),
                    if left == 13 { 292 } else { 294 },
                    "{name}: leaf {left}"
                );
            }
            let raw = page(&db, root);
            let r = Page::new(&raw, root).unwrap();
            assert!(r.is_parent_of_leaf());
            assert_eq!(
                r.node_key(0).unwrap(),
                keys[59],
                "{name}: separator of {root}"
            );
            assert_eq!(
                ese::format::page::child_pgno(&r.node(0).unwrap()).unwrap(),
                left
            );
        }
    }
}
