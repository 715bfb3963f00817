//! The shapes ESE's split rules give: ascending loads fill leaves to the density
//! (append splits), descending loads fill them completely (prepend splits), and
//! separators are the shortest keys between two leaves.

mod btree_support;

use btree_support::*;
use ese::btree::{self, BTree};
use ese::format::page::Page;

/// (free bytes, node count) of every leaf in key order.
fn leaves(db: &TestDb, tree: &BTree) -> Vec<(usize, usize)> {
    let stats = btree::check(&db.env, tree.info().root).unwrap();
    let mut out = Vec::new();
    // Walk the leaf chain from the leftmost leaf.
    let mut pgno = stats
        .pages
        .iter()
        .copied()
        .find(|&p| {
            let b = db.cache.read(p).unwrap();
            let page = Page::new(&b, p).unwrap();
            page.is_leaf() && page.prev() == 0
        })
        .unwrap();
    while pgno != 0 {
        let b = db.cache.read(pgno).unwrap();
        let page = Page::new(&b, pgno).unwrap();
        let h = page.header();
        out.push((usize::from(h.cb_free), page.node_count()));
        pgno = page.next();
    }
    out
}

#[test]
fn ascending_loads_fill_leaves_to_the_density() {
    for page_size in [4096usize, 8192, 32768] {
        let db = TestDb::new(page_size, 128, 1);
        let tree = db.new_tree(true);
        for i in 0..20_000u32 {
            tree.insert(&i.to_be_bytes(), &[9u8; 100]).unwrap();
        }
        let reserve = (100 - 80) * page_size / 100;
        // A node: 4-byte key (its prefix count replaces 2 shared bytes at most), 100
        // bytes of data, 2-byte count, 4-byte tag.
        let cost_max = 4 + 100 + 2 + 4 + 2;
        let ls = leaves(&db, &tree);
        assert!(ls.len() > 10);
        // The first leaf is the root's old contents moved by the vertical split (the
        // appended node included); the last is still being filled.
        for (i, &(free, n)) in ls.iter().enumerate().take(ls.len() - 1).skip(1) {
            assert!(
                free >= reserve && free < reserve + cost_max,
                "page size {page_size}: leaf {i} of {} has {free} bytes free with {n} nodes (reserve {reserve})",
                ls.len()
            );
        }
    }
}

#[test]
fn descending_loads_fill_leaves() {
    let db = TestDb::new(8192, 128, 2);
    let tree = db.new_tree(true);
    for i in (0..20_000u32).rev() {
        tree.insert(&i.to_be_bytes(), &[9u8; 100]).unwrap();
    }
    let ls = leaves(&db, &tree);
    let cost_max = 4 + 100 + 2 + 4 + 2;
    // Every leaf but the first (still being filled) is full: another node would not
    // have fitted.
    for (i, &(free, _)) in ls.iter().enumerate().skip(1) {
        assert!(free < cost_max, "leaf {i} has {free} bytes free");
    }
}

#[test]
fn separators_are_the_shortest_keys_between_leaves() {
    let db = TestDb::new(4096, 128, 3);
    let tree = db.new_tree(true);
    let mut rng = Rng(4);
    let mut keys = Vec::new();
    for _ in 0..5000 {
        let mut k = b"shared-prefix-".to_vec();
        k.extend_from_slice(&rng.next().to_be_bytes());
        tree.insert(&k, &[1u8; 50]).unwrap();
        keys.push(k);
    }
    keys.sort();
    let root = tree.info().root;
    let b = db.cache.read(root).unwrap();
    let page = Page::new(&b, root).unwrap();
    assert!(page.is_parent_of_leaf());
    for i in 0..page.node_count() - 1 {
        let sep = page.node_key(i).unwrap();
        // The separator is a prefix of the first key of the right page, one byte
        // longer than what that key shares with the last key of the left page.
        let pos = keys.partition_point(|k| k.as_slice() < sep.as_slice());
        let (prev, split) = (&keys[pos - 1], &keys[pos]);
        let common = prev
            .iter()
            .zip(split.iter())
            .take_while(|(a, b)| a == b)
            .count();
        assert_eq!(sep.as_slice(), &split[..common + 1]);
    }
}

/// `insert_admitted` calls its hook once per insert that goes ahead, through
/// splits, never for a duplicate; a failing hook leaves the tree unchanged.
#[test]
fn an_admitted_insert_asks_once_and_a_refusal_changes_nothing() {
    let db = TestDb::new(4096, 128, 3);
    let tree = db.new_tree(true);
    let mut rng = Rng(11);
    let mut keys = Vec::new();
    for _ in 0..600 {
        let key = random_key(&mut rng, true);
        let mut calls = 0;
        let r = tree.insert_admitted(&key, &[7u8; 300], || {
            calls += 1;
            Ok(())
        });
        if keys.contains(&key) {
            assert_eq!(r.unwrap_err().code(), ese::ErrorCode::KeyDuplicate);
            assert_eq!(calls, 0, "a duplicate was admitted");
        } else {
            r.unwrap();
            assert_eq!(calls, 1);
            keys.push(key);
        }
    }
    let stats = btree::check(&db.env, tree.info().root).unwrap();
    assert!(stats.pages.len() > 20, "the inserts split pages");
    // A refusal: the tree keeps exactly what it had.
    let before = btree::check(&db.env, tree.info().root).unwrap();
    let fresh = loop {
        let k = random_key(&mut rng, true);
        if !keys.contains(&k) {
            break k;
        }
    };
    let e = tree
        .insert_admitted(&fresh, &[1u8; 300], || {
            Err(ese::Error::new(ese::ErrorCode::VersionStoreOutOfMemory))
        })
        .unwrap_err();
    assert_eq!(e.code(), ese::ErrorCode::VersionStoreOutOfMemory);
    assert!(tree.get(&fresh).unwrap().is_none());
    let after = btree::check(&db.env, tree.info().root).unwrap();
    assert_eq!(before.pages, after.pages);
    for k in &keys {
        assert!(tree.get(k).unwrap().is_some());
    }
}

/// A branch page wrongly flagged parent-of-leaf (its children are branch pages)
/// does not mislead a writer: the child it latches for writing is not a leaf, so
/// the descent goes on through it, and inserts and reads stay right.
#[test]
fn a_wrong_parent_of_leaf_flag_does_not_mislead_inserts() {
    let db = TestDb::new(4096, 512, 5);
    let tree = db.new_tree(true);
    let mut rng = Rng(23);
    let mut keys = Vec::new();
    while keys.len() < 4000 {
        let key = random_key(&mut rng, true);
        if tree.insert(&key, &[3u8; 300]).is_ok() {
            keys.push(key);
        }
    }
    let root = tree.info().root;
    let is_pol = |pgno: u32| {
        let b = db.cache.read(pgno).unwrap();
        let page = Page::new(&b, pgno).unwrap();
        (page.is_leaf(), page.is_parent_of_leaf())
    };
    assert_eq!(is_pol(root), (false, false), "the tree has three levels");
    {
        let mut w = db.cache.write(root).unwrap();
        let flags = u32::from_le_bytes(w[36..40].try_into().unwrap());
        let wrong = flags | ese::format::page::flags::PARENT_OF_LEAF;
        w[36..40].copy_from_slice(&wrong.to_le_bytes());
    }
    assert_eq!(is_pol(root), (false, true));
    for _ in 0..500 {
        let key = random_key(&mut rng, true);
        if tree.insert(&key, &[4u8; 300]).is_ok() {
            keys.push(key);
        }
    }
    for k in &keys {
        assert!(tree.get(k).unwrap().is_some());
    }
}

/// Every key of `tree` in order, through a cursor from the first node.
fn all_keys(tree: &BTree) -> Vec<Vec<u8>> {
    let mut cursor = tree.cursor();
    let mut out = Vec::new();
    let mut entry = cursor.first().unwrap();
    while let Some(e) = entry {
        out.push(e.key.clone());
        entry = cursor.next().unwrap();
    }
    out
}

#[test]
fn appends_after_the_last_leaf_split_emptied_or_went_to_another_tree_land_in_order() {
    // Rounds of appends, inserts between the last leaf's keys (it splits, not as an
    // append, and stops being the last leaf), deletes of the last keys (its leaves
    // are released and their pages reused by the tree's next splits) and a second
    // tree taking pages, each checked against a model: an append must find the
    // tree's last leaf afresh whenever the leaf of the previous append is no longer it.
    for unique in [true, false] {
        let db = TestDb::new(4096, 512, 3);
        let a = db.new_tree(unique);
        let b = db.new_tree(true);
        let key = |i: u32| i.to_be_bytes().to_vec();
        let mut rng = Rng(11);
        let (mut ma, mut mb) = (
            std::collections::BTreeSet::new(),
            std::collections::BTreeSet::new(),
        );
        let (mut next_a, mut next_b) = (0u32, 0u32);
        for round in 0..40 {
            for _ in 0..rng.below(300) {
                next_a += 4;
                a.insert(&key(next_a), &[7u8; 60]).unwrap();
                ma.insert(next_a);
            }
            for _ in 0..rng.below(40) {
                let k = next_a.saturating_sub(4 * rng.below(60) as u32)
                    | 1
                    | (rng.below(2) as u32) << 1;
                if ma.insert(k) {
                    a.insert(&key(k), &[8u8; 60]).unwrap();
                }
            }
            for _ in 0..rng.below(250) {
                let Some(&k) = ma.iter().next_back() else {
                    break;
                };
                a.delete(&key(k), None).unwrap();
                ma.remove(&k);
            }
            for _ in 0..rng.below(120) {
                next_b += 1;
                b.insert(&key(next_b), &[1u8; 60]).unwrap();
                mb.insert(next_b);
            }
            for _ in 0..rng.below(100) {
                let Some(&k) = mb.iter().next_back() else {
                    break;
                };
                b.delete(&key(k), None).unwrap();
                mb.remove(&k);
            }
            let want_a: Vec<Vec<u8>> = ma.iter().map(|&i| key(i)).collect();
            let want_b: Vec<Vec<u8>> = mb.iter().map(|&i| key(i)).collect();
            assert_eq!(all_keys(&a), want_a, "unique {unique} round {round}");
            assert_eq!(all_keys(&b), want_b, "unique {unique} round {round}");
            btree::check(&db.env, a.info().root).unwrap();
            btree::check(&db.env, b.info().root).unwrap();
        }
        db.check_space();
    }
}
