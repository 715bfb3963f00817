//! Releasing the last child of a branch page when it is a branch page itself
//! (trees three or more levels deep): the child before it becomes the last one
//! and must take over the bound, down its whole right edge, since every branch
//! page's last node carries the page's upper bound (empty on the tree's right
//! edge). A stale bound there made later splits put separators out of order.

mod btree_support;

use btree_support::*;
use ese::btree::{self, BTree};
use ese::format::page::Page;
use std::collections::BTreeMap;

/// Every live (not flag-deleted) entry, in order, forwards and backwards.
fn live(tree: &BTree) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut c = tree.cursor();
    let mut out = Vec::new();
    let mut e = c.first().unwrap();
    while let Some(x) = e {
        if !x.is_deleted() {
            out.push((x.key, x.data));
        }
        e = c.next().unwrap();
    }
    let mut back = Vec::new();
    let mut e = c.last().unwrap();
    while let Some(x) = e {
        if !x.is_deleted() {
            back.push((x.key, x.data));
        }
        e = c.prev().unwrap();
    }
    back.reverse();
    assert_eq!(out, back, "backward scan differs");
    out
}

/// The append pattern of a long-value tree whose newest value is rolled back:
/// each append may split the last leaf and the branch pages above it, leaving
/// the new leaf alone under a new branch page; deleting it releases both.
#[test]
fn deleting_the_newest_append_keeps_the_right_edge_bounds() {
    let db = TestDb::new(4096, 256, 1);
    let tree = db.new_tree(true);
    let key = |i: u32| {
        let mut k = vec![0u8; 200];
        k[..4].copy_from_slice(&i.to_be_bytes());
        k
    };
    let mut depth = 0;
    for i in 0..1500u32 {
        tree.insert(&key(i), &[7u8; 1500]).unwrap();
        tree.delete(&key(i), None).unwrap();
        let stats = btree::check(&db.env, tree.info().root)
            .unwrap_or_else(|e| panic!("after deleting the append of {i}: {e}"));
        assert_eq!(stats.entries, u64::from(i));
        depth = depth.max(stats.depth);
        tree.insert(&key(i), &[7u8; 1500]).unwrap();
    }
    assert!(depth >= 3, "the tree reached depth {depth} only");
    let got = live(&tree);
    assert_eq!(got.len(), 1500);
    assert!(got
        .iter()
        .enumerate()
        .all(|(i, (k, _))| *k == key(i as u32)));
    db.check_space();
}

/// Runs of neighbouring keys deleted from a tree four levels deep with long keys
/// of every length (so a released subtree's bound is often a longer key than the
/// separator the page before it carried), some from the end of the key space,
/// new keys inserted between the runs, the tree checked and compared with a
/// model after each run.
#[test]
fn deleting_runs_from_a_deep_tree_keeps_it_whole() {
    for seed in [11u64, 12] {
        let db = TestDb::new(4096, 512, seed);
        let tree = db.new_tree(true);
        let mut rng = Rng(seed);
        let mut model: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
        // Groups of about twenty keys that share a long start: neighbouring
        // leaves of a group are told apart only past it, so separators are long,
        // and a branch page spans many groups, so its prefix saves little.
        let key = |rng: &mut Rng| {
            let group = rng.below(400) as u16;
            let mut k = group.to_be_bytes().to_vec();
            let long = [40, 120, 200][usize::from(group % 3)];
            k.extend((0..long).map(|i| (usize::from(group) * 7 + i) as u8));
            k.extend_from_slice(&(rng.below(1 << 24) as u32).to_be_bytes());
            k
        };
        let add = |rng: &mut Rng, model: &mut BTreeMap<Vec<u8>, Vec<u8>>, n: usize| {
            for _ in 0..n {
                let k = key(rng);
                let d = vec![0x5A; 200 + rng.below(400) as usize];
                if let std::collections::btree_map::Entry::Vacant(slot) = model.entry(k) {
                    tree.insert(slot.key(), &d).unwrap();
                    slot.insert(d);
                }
            }
        };
        add(&mut rng, &mut model, 7000);
        let mut deepest = 0;
        let mut released_edges = 0;
        for round in 0..80 {
            add(&mut rng, &mut model, 60);
            let run = 1 + rng.below(500) as usize;
            let gone: Vec<Vec<u8>> = if round % 4 == 0 {
                model.keys().rev().take(run).cloned().collect()
            } else {
                let from = key(&mut rng);
                model
                    .range(from..)
                    .take(run)
                    .map(|(k, _)| k.clone())
                    .collect()
            };
            let before = btree::check(&db.env, tree.info().root).unwrap();
            for k in gone {
                tree.delete(&k, None).unwrap();
                model.remove(&k);
            }
            let stats = btree::check(&db.env, tree.info().root)
                .unwrap_or_else(|e| panic!("seed {seed} round {round}: {e}"));
            deepest = deepest.max(stats.depth);
            let branches = |s: &btree::TreeStats| s.pages.len() - s.leaves;
            if branches(&stats) < branches(&before) {
                released_edges += 1;
            }
            let got = live(&tree);
            let want: Vec<_> = model.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            assert!(
                got == want,
                "seed {seed} round {round}: the tree differs from the model"
            );
        }
        db.check_space();
        assert!(deepest >= 4, "seed {seed}: depth {deepest} only");
        assert!(
            released_edges > 5,
            "seed {seed}: {released_edges} runs released a branch page"
        );
        eprintln!("seed {seed}: depth {deepest}, {released_edges} runs released branch pages");
    }
}

/// Mixed work on trees four levels deep with long separators: inserts spread
/// over the key space and appended past its end, replaces that grow or shrink
/// values, single deletes and runs of deletes (the newest appends among them),
/// against a model, the tree checked every few hundred operations.
#[test]
fn mixed_work_on_deep_trees_matches_a_model() {
    for seed in [21u64, 22, 23] {
        let db = TestDb::new(4096, 512, seed);
        let tree = db.new_tree(true);
        let mut rng = Rng(seed);
        let mut model: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
        let group_key = |group: u16, n: u32| {
            let mut k = group.to_be_bytes().to_vec();
            let long = [40, 120, 200][usize::from(group % 3)];
            k.extend((0..long).map(|i| (usize::from(group) * 7 + i) as u8));
            k.extend_from_slice(&n.to_be_bytes());
            k
        };
        for _ in 0..7000 {
            let k = group_key(rng.below(400) as u16, rng.below(1 << 24) as u32);
            let d = vec![1u8; 100 + rng.below(500) as usize];
            if let std::collections::btree_map::Entry::Vacant(slot) = model.entry(k) {
                tree.insert(slot.key(), &d).unwrap();
                slot.insert(d);
            }
        }
        let mut next_group = 400u16;
        let mut appended: Vec<Vec<u8>> = Vec::new();
        let mut deepest = 0;
        for step in 0..30_000u32 {
            let data = |rng: &mut Rng| vec![(step % 251) as u8; 100 + rng.below(500) as usize];
            match rng.below(100) {
                0..=39 => {
                    let k = group_key(rng.below(400) as u16, rng.below(1 << 24) as u32);
                    let d = data(&mut rng);
                    if let std::collections::btree_map::Entry::Vacant(slot) = model.entry(k) {
                        tree.insert(slot.key(), &d).unwrap();
                        slot.insert(d);
                    }
                }
                40..=59 => {
                    // Appends past the end, a new group now and then.
                    if rng.below(20) == 0 {
                        next_group += 1;
                    }
                    let k = group_key(next_group, step);
                    let d = data(&mut rng);
                    tree.insert(&k, &d).unwrap();
                    model.insert(k.clone(), d);
                    appended.push(k);
                }
                60..=74 => {
                    let probe = group_key(rng.below(400) as u16, rng.below(1 << 24) as u32);
                    let found = model.range(probe..).next().map(|(k, _)| k.clone());
                    if let Some(k) = found {
                        let d = data(&mut rng);
                        tree.replace(&k, &d).unwrap();
                        model.insert(k, d);
                    }
                }
                75..=89 => {
                    // The newest appends go again, as a rolled back value would.
                    for _ in 0..=rng.below(3) {
                        if let Some(k) = appended.pop() {
                            if model.remove(&k).is_some() {
                                tree.delete(&k, None).unwrap();
                            }
                        }
                    }
                }
                90..=98 => {
                    let probe = group_key(rng.below(400) as u16, rng.below(1 << 24) as u32);
                    let found = model.range(probe..).next().map(|(k, _)| k.clone());
                    if let Some(k) = found {
                        tree.delete(&k, None).unwrap();
                        model.remove(&k);
                    }
                }
                _ => {
                    let probe = group_key(rng.below(400) as u16, 0);
                    let run = 1 + rng.below(60) as usize;
                    let gone: Vec<Vec<u8>> = model
                        .range(probe..)
                        .take(run)
                        .map(|(k, _)| k.clone())
                        .collect();
                    for k in gone {
                        tree.delete(&k, None).unwrap();
                        model.remove(&k);
                    }
                }
            }
            if step % 500 == 499 {
                let stats = btree::check(&db.env, tree.info().root)
                    .unwrap_or_else(|e| panic!("seed {seed} step {step}: {e}"));
                deepest = deepest.max(stats.depth);
            }
        }
        let got = live(&tree);
        let want: Vec<_> = model.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        assert!(got == want, "seed {seed}: the tree differs from the model");
        db.check_space();
        assert!(deepest >= 4, "seed {seed}: depth {deepest} only");
        eprintln!("seed {seed}: depth {deepest}, {} entries", model.len());
    }
}

/// The page numbers of the children of branch page `pgno`, in order.
fn children(db: &TestDb, pgno: u32) -> Vec<u32> {
    let buf = db.cache.read(pgno).unwrap();
    let page = Page::new(&buf, pgno).unwrap();
    (0..page.node_count())
        .map(|i| page.node(i).unwrap().child_pgno().unwrap())
        .collect()
}

/// The full keys of the nodes of leaf `pgno`.
fn leaf_keys(db: &TestDb, pgno: u32) -> Vec<Vec<u8>> {
    let buf = db.cache.read(pgno).unwrap();
    let page = Page::new(&buf, pgno).unwrap();
    assert!(page.is_leaf(), "page {pgno} is not a leaf");
    let prefix = page.key_prefix().unwrap();
    (0..page.node_count())
        .map(|i| {
            let ([a, b], _, _) = page.node_parts(prefix, i).unwrap();
            [a, b].concat()
        })
        .collect()
}

/// The keys of every leaf below page `pgno`.
fn keys_below(db: &TestDb, pgno: u32) -> Vec<Vec<u8>> {
    let is_leaf = {
        let buf = db.cache.read(pgno).unwrap();
        Page::new(&buf, pgno).unwrap().is_leaf()
    };
    if is_leaf {
        return leaf_keys(db, pgno);
    }
    children(db, pgno)
        .into_iter()
        .flat_map(|c| keys_below(db, c))
        .collect()
}

/// Keys in families of one to six: a long shared start, then a short tail, so
/// that the separators between pages are long inside a family and short
/// between two. Sorted, distinct.
fn family_keys(seed: u64, families: usize) -> Vec<Vec<u8>> {
    let mut rng = Rng(seed);
    let letter = |rng: &mut Rng| b'a' + rng.below(2) as u8;
    let mut keys = std::collections::BTreeSet::new();
    for _ in 0..families {
        let start: Vec<u8> = (0..100).map(|_| letter(&mut rng)).collect();
        for _ in 0..1 + rng.below(6) {
            let mut k = start.clone();
            k.extend((0..1 + rng.below(12)).map(|_| letter(&mut rng)));
            keys.insert(k);
        }
    }
    keys.into_iter().collect()
}

/// Families of keys in [`full_deep_tree`]: enough for four levels.
const FAMILIES: usize = 8_000;

/// A tree four levels deep loaded in key order (its pages full), as `family_keys`
/// gives them, with 1,000-byte values.
fn full_deep_tree(seed: u64) -> (TestDb, BTree, Vec<Vec<u8>>) {
    let db = TestDb::new(4096, 2048, seed);
    let tree = db.new_tree(true);
    let keys = family_keys(seed, FAMILIES);
    for k in &keys {
        tree.insert(k, &[5u8; 1000]).unwrap();
    }
    let stats = btree::check(&db.env, tree.info().root).unwrap();
    assert_eq!(stats.depth, 4, "the tree is {} levels deep", stats.depth);
    (db, tree, keys)
}

/// Releasing the last child of a branch page hands its bound to the child
/// before, down that child's right edge. When a page there is nearly full and
/// the bound is longer than the key its last node carries, the bound does not
/// fit: the emptied leaf then stays, its last node flag-deleted (ESE's rule when
/// a merge would overflow a page), and the tree stays whole. For each
/// second-level page but the last (whose bound is empty), the third-level page
/// before its last child is filled by `fill` leaf splits, then every key under
/// the last child is deleted; each case in a tree of its own, built the same
/// way, until one meets a bound that does not fit.
#[test]
fn a_bound_that_does_not_fit_leaves_the_last_node_flag_deleted() {
    let seconds = {
        let (db, tree, _) = full_deep_tree(21);
        children(&db, tree.info().root).len()
    };
    let mut met = 0;
    'cases: for a in 0..seconds - 1 {
        for fill in 0..8 {
            let (db, tree, keys) = full_deep_tree(21);
            let second = children(&db, tree.info().root)[a];
            let thirds = children(&db, second);
            if thirds.len() < 2 {
                continue 'cases;
            }
            let (prev, last) = (thirds[thirds.len() - 2], thirds[thirds.len() - 1]);
            // Split `fill` leaves of the page before (not its last: its bound stays).
            let mut added = Vec::new();
            for leaf in children(&db, prev).into_iter().take(fill) {
                let mut k = leaf_keys(&db, leaf)[0].clone();
                k.extend_from_slice(b"ab");
                tree.insert(&k, &[6u8; 1000]).unwrap();
                added.push(k);
            }
            if children(&db, second) != thirds {
                continue 'cases; // the page before split: filled past full
            }
            let gone = keys_below(&db, last);
            for k in &gone {
                tree.delete(k, None).unwrap();
            }
            btree::check(&db.env, tree.info().root)
                .unwrap_or_else(|e| panic!("page {second}, {fill} leaf splits: {e}"));
            let mut want: Vec<Vec<u8>> = keys
                .iter()
                .chain(&added)
                .filter(|k| !gone.contains(k))
                .cloned()
                .collect();
            want.sort();
            let got: Vec<Vec<u8>> = live(&tree).into_iter().map(|(k, _)| k).collect();
            assert_eq!(got, want, "page {second}: the live keys");
            let mut c = tree.cursor();
            let mut kept_deleted = Vec::new();
            let mut e = c.first().unwrap();
            while let Some(x) = e {
                if x.is_deleted() {
                    kept_deleted.push(x.key.clone());
                }
                e = c.next().unwrap();
            }
            if kept_deleted.is_empty() {
                continue;
            }
            met += 1;
            assert_eq!(
                kept_deleted,
                [gone.last().unwrap().clone()],
                "one node stays flag-deleted"
            );
            // The place goes on working: the key comes back, neighbours come and go.
            let back = gone.last().unwrap();
            tree.insert(back, b"back").unwrap();
            assert_eq!(
                tree.get(back).unwrap().map(|e| e.data),
                Some(b"back".to_vec())
            );
            for k in gone.iter().rev().skip(1).take(20) {
                tree.insert(k, &[7u8; 1000]).unwrap();
            }
            for k in gone.iter().rev().take(21) {
                tree.delete(k, None).unwrap();
            }
            btree::check(&db.env, tree.info().root).unwrap();
            let got: Vec<Vec<u8>> = live(&tree).into_iter().map(|(k, _)| k).collect();
            assert_eq!(got, want);
            db.check_space();
            break 'cases;
        }
    }
    assert!(met > 0, "no emptied subtree met a bound that does not fit");
}
