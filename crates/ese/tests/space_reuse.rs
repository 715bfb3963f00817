//! Space over time: freed pages are reused (a steady insert/delete workload stops
//! growing the file), fragmented available space grows multi-level space trees fed
//! by their split buffers, whole trees give their space back, and a cache much
//! smaller than the tree suffices.

mod btree_support;

use btree_support::*;
use ese::btree::{self, BTree, TreeKind};
use std::collections::VecDeque;

#[test]
fn steady_insert_delete_stops_growing_the_file() {
    let db = TestDb::new(4096, 64, 1);
    let tree = db.new_tree(true);
    let mut rng = Rng(11);
    let mut live: VecDeque<Vec<u8>> = VecDeque::new();
    let mut n = 0u64;
    let mut sizes = Vec::new();
    for round in 0..12 {
        for _ in 0..4000 {
            n += 1;
            let key = key_of(n, &mut rng, true);
            let data = random_data(&mut rng, 600);
            if tree.insert(&key, &data).is_ok() {
                live.push_back(key);
            }
            if live.len() > 3000 {
                // Delete an old entry and a random one: pages empty out and merge.
                let old = live.pop_front().unwrap();
                tree.delete(&old, None).unwrap();
                let i = rng.below(live.len() as u64) as usize;
                let k = live.remove(i).unwrap();
                tree.delete(&k, None).unwrap();
            }
        }
        sizes.push(db.space.last_pgno());
        if round % 4 == 3 {
            btree::check(&db.env, tree.info().root).unwrap();
            db.check_space();
        }
    }
    eprintln!("owned pages per round: {sizes:?}");
    let settled = sizes[5];
    assert!(
        sizes[6..].iter().all(|&s| s == settled),
        "the file kept growing: {sizes:?}"
    );
}

#[test]
fn fragmented_space_grows_space_trees_and_shrinks_back() {
    // Many single pages freed out of order: the AE tree splits (its split buffer
    // must be refilled), then coalesces back as everything is freed.
    let db = TestDb::new(4096, 48, 2);
    let tree = db.new_tree(true);
    let mut keys = Vec::new();
    for i in 0..12_000u32 {
        let key = i.to_be_bytes().to_vec();
        tree.insert(&key, &[7u8; 700]).unwrap();
        keys.push(key);
    }
    db.check_space();
    // Empty every other leaf-sized run of keys: each emptied page is freed alone.
    let mut rng = Rng(3);
    for chunk in keys.chunks(5).step_by(2) {
        for k in chunk {
            tree.delete(k, None).unwrap();
        }
        if rng.below(50) == 0 {
            db.check_space();
        }
    }
    btree::check(&db.env, tree.info().root).unwrap();
    let report = ese::space::check(&db.env).unwrap();
    eprintln!("after fragmenting: {report:?}");
    let ae_depth = space_tree_depth(&db, tree.info().root);
    assert!(ae_depth >= 2, "the AE tree stayed a single page");
    for chunk in keys.chunks(5).skip(1).step_by(2) {
        for k in chunk {
            tree.delete(k, None).unwrap();
        }
    }
    btree::check(&db.env, tree.info().root).unwrap();
    db.check_space();
    let c = tree.cursor().first().unwrap();
    assert!(c.is_none());
}

#[test]
fn trees_free_their_space_to_their_parent() {
    let db = TestDb::new(8192, 64, 3);
    let table = db
        .space
        .create_fdp(1, 10, 8, true, TreeKind::Table)
        .unwrap();
    let index = db
        .space
        .create_fdp(table, 11, 1, false, TreeKind::Index { unique: false })
        .unwrap();
    let t = BTree::open(&db.env, db.space.clone(), table, 80).unwrap();
    let ix = BTree::open(&db.env, db.space.clone(), index, 80).unwrap();
    for i in 0..5000u32 {
        t.insert(&i.to_be_bytes(), &[1u8; 300]).unwrap();
        ix.insert(&[(i % 97) as u8, 0], &i.to_be_bytes()).unwrap();
    }
    db.check_space();
    let before = ese::space::check(&db.env).unwrap();
    assert_eq!(before.trees().len(), 3);
    db.space.free_tree(index).unwrap();
    let mid = ese::space::check(&db.env).unwrap();
    assert_eq!(mid.trees().len(), 2);
    db.space.free_tree(table).unwrap();
    let after = ese::space::check(&db.env).unwrap();
    assert_eq!(after.trees().len(), 1);
    assert_eq!(after.owned, after.used + after.available);
    // The space is reused: a new table of the same size does not grow the file.
    let last = db.space.last_pgno();
    let again = db
        .space
        .create_fdp(1, 12, 8, true, TreeKind::Table)
        .unwrap();
    let t2 = BTree::open(&db.env, db.space.clone(), again, 80).unwrap();
    for i in 0..5000u32 {
        t2.insert(&i.to_be_bytes(), &[1u8; 300]).unwrap();
    }
    assert_eq!(db.space.last_pgno(), last);
    db.check_space();
}

#[test]
fn a_small_cache_serves_a_large_tree() {
    for page_size in [4096, 32768] {
        let db = TestDb::new(page_size, 24, 4);
        let tree = db.new_tree(true);
        let mut rng = Rng(5);
        let max = ese::page::max_node_size(page_size) / 3;
        for i in 0..20_000u32 {
            let key = (rng.next() as u32).to_be_bytes();
            let _ = tree.insert(&key, &vec![i as u8; 50 + (i as usize % max)]);
        }
        let stats = btree::check(&db.env, tree.info().root).unwrap();
        assert!(
            stats.pages.len() > 10 * db.cache.frame_count(),
            "{} pages",
            stats.pages.len()
        );
        assert!(db.cache.resident_pages() <= db.cache.frame_count());
        db.check_space();
    }
}

/// The depth of the AE tree of FDP `fdp`.
fn space_tree_depth(db: &TestDb, fdp: u32) -> usize {
    let buf = db.cache.read(fdp).unwrap();
    let page = ese::format::page::Page::new(&buf, fdp).unwrap();
    let sph = ese::format::space::SpaceHeader::decode(page.external_header().unwrap()).unwrap();
    drop(buf);
    btree::check(&db.env, sph.pgno_ae().expect("multiple extents"))
        .unwrap()
        .depth
}

#[test]
fn children_of_a_single_extent_table_take_pages_from_its_bitmap() {
    let db = TestDb::new(4096, 64, 6);
    // As ESE lays out user tables: a single-extent table, its indexes carved from
    // the table's bitmap one page each, until the table converts to extents.
    let table = db
        .space
        .create_fdp(1, 20, 4, false, TreeKind::Table)
        .unwrap();
    let mut children = Vec::new();
    for i in 0..5u32 {
        let ix = db
            .space
            .create_fdp(
                table,
                21 + i,
                1,
                false,
                TreeKind::Index { unique: i % 2 == 0 },
            )
            .unwrap();
        children.push(ix);
    }
    assert_eq!(&children[..3], &[table + 1, table + 2, table + 3]);
    db.check_space();
    let t = BTree::open(&db.env, db.space.clone(), table, 80).unwrap();
    let trees: Vec<BTree> = children
        .iter()
        .map(|&c| BTree::open(&db.env, db.space.clone(), c, 80).unwrap())
        .collect();
    for i in 0..3000u32 {
        t.insert(&i.to_be_bytes(), &[3u8; 200]).unwrap();
        for (j, ix) in trees.iter().enumerate() {
            let key = [(i % 50) as u8, j as u8, 0];
            let data = i.to_be_bytes();
            if ix.info().unique() {
                let _ = ix.insert(&i.to_be_bytes(), &data);
            } else {
                ix.insert(&key, &data).unwrap();
            }
        }
    }
    db.check_space();
    for &c in &children[1..] {
        db.space.free_tree(c).unwrap();
    }
    let report = ese::space::check(&db.env).unwrap();
    assert_eq!(report.trees().len(), 3);
}
