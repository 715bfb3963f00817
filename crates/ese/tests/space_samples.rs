//! The space and B-tree checks on the real sample databases, and a real table
//! grown by this crate read back through the read path.

mod btree_support;

use btree_support::*;
use ese::btree::{self, BTree, SeekOp};
use ese::db::OpenOptions as DbOpenOptions;
use ese::Database;

#[test]
fn clean_samples_pass_the_space_check() {
    // The nine clean samples, and Windows.edb: dirty, 32 KiB pages, upgraded to
    // 0x620,110, whose space is consistent all the same.
    for name in SAMPLES {
        let db = SampleDb::open(name, 256);
        let report = ese::space::check(&db.env).unwrap_or_else(|e| panic!("{name}: {e}"));
        eprintln!(
            "{name}: {} trees, {} owned, {} used, {} available",
            report.trees().len(),
            report.owned,
            report.used,
            report.available
        );
        assert!(report.trees().len() >= 7, "{name}: {:?}", report.trees());
        assert!(report.used > 0 && report.owned >= report.used + report.available);
        // The catalog's trees are all found.
        let catalog = Database::open_with(&db.fs, &db.path, &DbOpenOptions::default()).unwrap();
        for t in catalog.table_defs() {
            let roots = std::iter::once(t.root)
                .chain(t.indexes.iter().map(|i| i.root))
                .chain(t.lv_root);
            for r in roots {
                assert!(
                    report.trees().iter().any(|&(fdp, _)| fdp == r),
                    "{name}: tree {r} of {} not found",
                    t.name
                );
            }
        }
    }
}

#[test]
fn sample_trees_read_through_the_cursor_as_through_the_read_path() {
    let db = SampleDb::open("index.edb", 128);
    let catalog = Database::open_with(&db.fs, &db.path, &DbOpenOptions::default()).unwrap();
    let table = catalog.table("MSysObjects").unwrap();
    let tree = BTree::open(
        &db.env,
        db.space.clone(),
        table.def().root,
        btree::DEFAULT_DENSITY,
    )
    .unwrap();
    let mut c = tree.cursor();
    let mut ours = Vec::new();
    let mut e = c.first().unwrap();
    while let Some(x) = e {
        if !x.is_deleted() {
            ours.push((x.key, x.data));
        }
        e = c.next().unwrap();
    }
    let theirs: Vec<(Vec<u8>, Vec<u8>)> = records(&table);
    assert_eq!(ours, theirs);
    // Seeks agree with the stored keys.
    for (k, d) in theirs.iter().step_by(7) {
        let got = c.seek(SeekOp::Eq, k, None).unwrap().unwrap();
        assert_eq!(&got.data, d);
    }
}

/// Grows table `basic` of basic.edb from 2 records to thousands (splits, a root
/// split keeping the FDP, single to multiple extents, file growth), then reads it
/// back with the read path and checks the space of the whole file.
#[test]
fn a_grown_table_reads_back_through_the_read_path() {
    let db = SampleDb::open("basic.edb", 64);
    let before = Database::open_with(&db.fs, &db.path, &DbOpenOptions::default()).unwrap();
    let table = before.table("basic").unwrap();
    let root = table.def().root;
    let stored = records(&table);
    assert_eq!(stored.len(), 2);
    let tree = BTree::open(&db.env, db.space.clone(), root, btree::DEFAULT_DENSITY).unwrap();
    let template = stored[0].1.clone();
    let mut want = stored.clone();
    let mut rng = Rng(42);
    for i in 0..6000u32 {
        // Keys of a Long primary key: 0x7F, then the value big-endian with the sign flipped.
        let id = 1000 + (rng.next() as u32 % 2_000_000);
        let mut key = vec![0x7F];
        key.extend_from_slice(&(id ^ 0x8000_0000).to_be_bytes());
        if want.iter().any(|(k, _)| *k == key) {
            continue;
        }
        let mut data = template.clone();
        data.extend_from_slice(&i.to_le_bytes()[..(i % 4) as usize]);
        tree.insert(&key, &data).unwrap();
        want.push((key, data));
    }
    want.sort();
    btree::check(&db.env, root).unwrap();
    ese::space::check(&db.env).unwrap();
    db.env.cache.flush_all().unwrap();
    save_for_crosscheck(&db, "grown-basic.edb");
    let after = Database::open_with(&db.fs, &db.path, &DbOpenOptions::default()).unwrap();
    let got: Vec<(Vec<u8>, Vec<u8>)> = records(&after.table("basic").unwrap());
    assert_eq!(got.len(), want.len());
    assert!(got == want, "the read path sees other records");
    // The other tables did not change.
    let objects = after.table("MSysObjects").unwrap().count().unwrap();
    assert_eq!(
        objects,
        before.table("MSysObjects").unwrap().count().unwrap()
    );
}

/// A non-unique secondary index of index.edb gets many entries (equal keys with
/// different data included); the read path lists them in the same order.
#[test]
fn a_grown_non_unique_index_reads_back_through_the_read_path() {
    let db = SampleDb::open("index.edb", 64);
    let before = Database::open_with(&db.fs, &db.path, &DbOpenOptions::default()).unwrap();
    let table = before.table("index").unwrap();
    let def = table
        .def()
        .indexes
        .iter()
        .find(|i| !i.is_unique() && !i.is_primary())
        .unwrap()
        .clone();
    let tree = BTree::open(&db.env, db.space.clone(), def.root, btree::DEFAULT_DENSITY).unwrap();
    assert!(!tree.info().unique());
    let mut want: Vec<(Vec<u8>, Vec<u8>)> = table
        .index_entries(&def.name)
        .unwrap()
        .map(|e| e.unwrap())
        .collect();
    let mut rng = Rng(7);
    for i in 0..5000u32 {
        // Keys of one length, none a prefix of the sample's key (non-unique trees
        // need prefix-free keys, as ESE's normalised keys are).
        let n = rng.next() % 300;
        let key = vec![0x7F, 0x80 | (n >> 8) as u8, n as u8];
        let mut data = vec![
            0x7F,
            (i >> 24) as u8,
            (i >> 16) as u8,
            (i >> 8) as u8,
            i as u8,
        ];
        data.resize(400, 0x5A);
        tree.insert(&key, &data).unwrap();
        want.push((key, data));
    }
    want.sort();
    let stats = btree::check(&db.env, def.root).unwrap();
    assert!(stats.depth >= 3, "depth {}", stats.depth);
    ese::space::check(&db.env).unwrap();
    db.env.cache.flush_all().unwrap();
    save_for_crosscheck(&db, "grown-index.edb");
    let after = Database::open_with(&db.fs, &db.path, &DbOpenOptions::default()).unwrap();
    let got: Vec<(Vec<u8>, Vec<u8>)> = after
        .table("index")
        .unwrap()
        .index_entries(&def.name)
        .unwrap()
        .map(|e| e.unwrap())
        .collect();
    assert!(got == want, "the read path sees other index entries");
}

/// Writes the database to `$ESE_WRITE_DIR/name` when that is set, for the
/// independent readers (`shared/tools/ese-crosscheck.py`).
fn save_for_crosscheck(db: &SampleDb, name: &str) {
    use ese_os::{FileSystem, OpenOptions};
    let Ok(dir) = std::env::var("ESE_WRITE_DIR") else {
        return;
    };
    let f = db.fs.open(&db.path, OpenOptions::read_only()).unwrap();
    let mut bytes = vec![0u8; f.len().unwrap() as usize];
    f.read_at(0, &mut bytes).unwrap();
    std::fs::write(std::path::Path::new(&dir).join(name), bytes).unwrap();
}

/// A table's records as (primary key, stored bytes), read through the read path.
fn records(table: &ese::Table) -> Vec<(Vec<u8>, Vec<u8>)> {
    table
        .records()
        .unwrap()
        .map(|r| {
            let r = r.unwrap();
            (r.key().to_vec(), r.raw().to_vec())
        })
        .collect()
}
