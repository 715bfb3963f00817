//! Cursor positions stay right across changes made between calls, and trees are
//! used from several threads at once (writers on different trees sharing the space
//! manager, readers on a tree being written).

mod btree_support;

use btree_support::*;
use ese::btree::{self, SeekOp};
use std::collections::BTreeSet;
use std::sync::Arc;

#[test]
fn positions_survive_changes_between_calls() {
    let db = TestDb::new(4096, 64, 9);
    let tree = db.new_tree(true);
    let stable: Vec<Vec<u8>> = (0..3000u32)
        .map(|i| (i * 2).to_be_bytes().to_vec())
        .collect();
    for k in &stable {
        tree.insert(k, &[1u8; 100]).unwrap();
    }
    let mut rng = Rng(10);
    let mut c = tree.cursor();
    let mut seen = Vec::new();
    let mut e = c.first().unwrap();
    let mut extra: BTreeSet<Vec<u8>> = BTreeSet::new();
    while let Some(x) = e {
        seen.push(x.key.clone());
        // Between two steps: odd keys come and go (splits, merges, released pages).
        for _ in 0..5 {
            let k = (rng.below(6000) as u32 | 1).to_be_bytes().to_vec();
            if extra.contains(&k) {
                tree.delete(&k, None).unwrap();
                extra.remove(&k);
            } else {
                tree.insert(&k, &vec![2u8; 20 + rng.below(900) as usize])
                    .unwrap();
                extra.insert(k);
            }
        }
        e = c.next().unwrap();
    }
    assert!(
        seen.windows(2).all(|w| w[0] < w[1]),
        "the walk went back or repeated"
    );
    let seen_set: BTreeSet<_> = seen.iter().cloned().collect();
    for k in &stable {
        assert!(
            seen_set.contains(k),
            "the walk skipped a key present throughout"
        );
    }
    // Backwards too, from a seek.
    let mut back = Vec::new();
    let mut e = c.seek(SeekOp::Le, &4000u32.to_be_bytes(), None).unwrap();
    while let Some(x) = e {
        back.push(x.key.clone());
        let k = (rng.below(6000) as u32 | 1).to_be_bytes().to_vec();
        if extra.remove(&k) {
            tree.delete(&k, None).unwrap();
        }
        e = c.prev().unwrap();
    }
    assert!(back.windows(2).all(|w| w[0] > w[1]));
    assert_eq!(back.iter().filter(|k| stable.contains(k)).count(), 2001);
    btree::check(&db.env, tree.info().root).unwrap();
    db.check_space();
}

#[test]
fn writers_and_readers_on_several_threads() {
    let db = Arc::new(TestDb::new(8192, 96, 12));
    let trees: Vec<_> = (0..4).map(|i| db.new_tree(i % 2 == 0)).collect();
    let mut handles = Vec::new();
    for (t, tree) in trees.iter().enumerate() {
        let tree = tree.clone();
        handles.push(std::thread::spawn(move || {
            let mut rng = Rng(100 + t as u64);
            let unique = tree.info().unique();
            let mut mine = Vec::new();
            for i in 0..6000u64 {
                let key = key_of(rng.below(1 << 20), &mut rng, unique);
                let data = (i as u32).to_be_bytes().to_vec();
                if tree.insert(&key, &data).is_ok() {
                    mine.push((key, data));
                }
                if i % 3 == 0 && !mine.is_empty() {
                    let j = rng.below(mine.len() as u64) as usize;
                    let (k, d) = mine.swap_remove(j);
                    tree.delete(&k, (!unique).then_some(d.as_slice())).unwrap();
                }
            }
            mine.len()
        }));
    }
    for tree in trees.iter().take(2) {
        let tree = tree.clone();
        handles.push(std::thread::spawn(move || {
            let mut scans = 0;
            for _ in 0..40 {
                let mut c = tree.cursor();
                let mut prev: Option<(Vec<u8>, Vec<u8>)> = None;
                let mut e = c.first().unwrap();
                while let Some(x) = e {
                    let cur = (x.key, x.data);
                    if let Some(p) = &prev {
                        assert!(p < &cur || (tree.info().unique() && p.0 < cur.0));
                    }
                    prev = Some(cur);
                    e = c.next().unwrap();
                }
                scans += 1;
            }
            scans
        }));
    }
    for h in handles {
        h.join().expect("thread panicked");
    }
    for tree in &trees {
        btree::check(&db.env, tree.info().root).unwrap();
    }
    db.check_space();
}

/// Point seeks run without the tree lock: while a writer splits and merges pages and
/// grows and shrinks the nodes around them, every key present throughout is found
/// with its data, and a key never inserted is never found.
#[test]
fn point_seeks_during_splits_and_merges() {
    let db = Arc::new(TestDb::new(4096, 128, 13));
    let tree = db.new_tree(true);
    let stable: Vec<Vec<u8>> = (0..2000u32)
        .map(|i| (i * 4).to_be_bytes().to_vec())
        .collect();
    for k in &stable {
        tree.insert(k, &[7u8; 40]).unwrap();
    }
    let writer = {
        let tree = tree.clone();
        std::thread::spawn(move || {
            let mut rng = Rng(21);
            let mut extra: BTreeSet<Vec<u8>> = BTreeSet::new();
            for _ in 0..20000 {
                // Keys 4i + 1 come and go with sizes that force splits and merges;
                // the stable keys' data is replaced in place with other sizes.
                let k = ((rng.below(2000) as u32) * 4 + 1).to_be_bytes().to_vec();
                if extra.remove(&k) {
                    tree.delete(&k, None).unwrap();
                } else {
                    tree.insert(&k, &vec![9u8; 20 + rng.below(600) as usize])
                        .unwrap();
                    extra.insert(k);
                }
                let s = ((rng.below(2000) as u32) * 4).to_be_bytes();
                tree.replace(&s, &vec![7u8; 10 + rng.below(80) as usize])
                    .unwrap();
            }
        })
    };
    let readers: Vec<_> = (0..3u64)
        .map(|r| {
            let (tree, stable) = (tree.clone(), stable.clone());
            std::thread::spawn(move || {
                let mut rng = Rng(40 + r);
                let mut c = tree.cursor();
                for _ in 0..30000 {
                    let k = &stable[rng.below(stable.len() as u64) as usize];
                    let e = c.seek(SeekOp::Eq, k, None).unwrap();
                    let e = e.expect("a key present throughout was not found");
                    assert_eq!(&e.key, k);
                    assert!(e.data.iter().all(|&b| b == 7), "data of another node");
                    let absent = (rng.below(2000) as u32 * 4 + 2).to_be_bytes();
                    assert!(c.seek(SeekOp::Eq, &absent, None).unwrap().is_none());
                    let ge = c.seek(SeekOp::Ge, &absent, None).unwrap();
                    if let Some(g) = ge {
                        assert!(g.key.as_slice() > &absent[..]);
                    }
                }
            })
        })
        .collect();
    writer.join().expect("writer panicked");
    for h in readers {
        h.join().expect("reader panicked");
    }
    btree::check(&db.env, tree.info().root).unwrap();
}

/// A tree's leaf directory: made by its point reads once enough of them went from the
/// root, naming every leaf; made again after splits move keys to new leaves; and every
/// read right before, with, and after it, for keys present and absent.
#[test]
fn point_reads_make_and_remake_the_leaf_directory() {
    let db = TestDb::new(4096, 256, 17);
    let tree = db.new_tree(true);
    let key = |i: u32| (i * 2).to_be_bytes().to_vec();
    for i in 0..3000 {
        tree.insert(&key(i), &[i as u8; 60]).unwrap();
    }
    let read_all = |n: u32| {
        for i in 0..n {
            let e = tree.peek_ge(&key(i), None).unwrap().expect("a key present");
            assert_eq!((e.key, e.data), (key(i), vec![i as u8; 60]), "key {i}");
            let mut c = tree.cursor();
            let absent = (i * 2 + 1).to_be_bytes();
            assert!(
                c.seek(SeekOp::Eq, &absent, None).unwrap().is_none(),
                "key {}",
                i * 2 + 1
            );
        }
    };
    // Inserts in key order append to the last leaf and make no directory worth
    // the name; the reads make the one checked here.
    read_all(3000);
    let leaves = btree::check(&db.env, tree.info().root).unwrap().leaves;
    assert!(leaves > 20, "{leaves} leaves");
    assert_eq!(tree.directory_leaves(), Some(leaves));
    // Splits: the directory names the old leaves until enough reads miss.
    for i in 3000..9000 {
        tree.insert(&key(i), &[i as u8; 60]).unwrap();
    }
    let grown = btree::check(&db.env, tree.info().root).unwrap().leaves;
    assert!(grown > leaves * 2, "{grown} leaves after the inserts");
    read_all(9000);
    read_all(9000);
    assert_eq!(tree.directory_leaves(), Some(grown));
}

/// Inserts and replaces go to the leaf the tree's directory names when the key's place
/// lies inside it: the directory made by reads, then out of date as inserts split
/// leaves, deletes empty and release them and another tree takes the released pages,
/// and made again by the writes themselves. Every change lands where the long way
/// would have put it: the tree checks, its entries are the model's, duplicates and
/// replaces of absent keys are refused.
#[test]
fn writes_take_the_leaf_directory_and_stay_right_when_it_is_out_of_date() {
    let db = TestDb::new(4096, 512, 23);
    let tree = db.new_tree(true);
    let other = db.new_tree(true);
    let key = |i: u64| (i * 7919 % 1_000_003).to_be_bytes().to_vec();
    let mut model = std::collections::BTreeMap::new();
    let mut rng = Rng(29);
    for i in 0..4000u64 {
        let v = vec![(i % 251) as u8; 20 + rng.below(80) as usize];
        tree.insert(&key(i), &v).unwrap();
        model.insert(key(i), v);
    }
    // Reads make the directory.
    for k in model.keys() {
        assert!(tree.peek_ge(k, None).unwrap().is_some());
    }
    let leaves = btree::check(&db.env, tree.info().root).unwrap().leaves;
    assert_eq!(tree.directory_leaves(), Some(leaves));
    let mut next_other = 0u64;
    for round in 0..12u64 {
        for j in 0..1500u64 {
            let i = 4000 + round * 1500 + j;
            match rng.below(10) {
                // New keys, between and beyond the present ones.
                0..=4 => {
                    let v = vec![(i % 253) as u8; 10 + rng.below(300) as usize];
                    tree.insert(&key(i), &v).unwrap();
                    model.insert(key(i), v);
                }
                // A present key again: refused, the tree unchanged.
                5 => {
                    let k = key(rng.below(i));
                    if model.contains_key(&k) {
                        let e = tree.insert(&k, &[1]).unwrap_err();
                        assert_eq!(e.code(), ese::ErrorCode::KeyDuplicate);
                    }
                }
                // Replaces, some growing the record past what its leaf holds.
                6 | 7 => {
                    let k = key(rng.below(i));
                    let v = vec![(j % 241) as u8; 1 + rng.below(900) as usize];
                    match model.get_mut(&k) {
                        Some(old) => {
                            tree.replace(&k, &v).unwrap();
                            *old = v;
                        }
                        None => {
                            let e = tree.replace(&k, &v).unwrap_err();
                            assert_eq!(e.code(), ese::ErrorCode::RecordNotFound);
                        }
                    }
                }
                // Deletes in runs: leaves empty out and go back to the space manager,
                // where the other tree takes them.
                _ => {
                    let from = key(rng.below(i));
                    let run: Vec<Vec<u8>> = model
                        .range(from..)
                        .take(40)
                        .map(|(k, _)| k.clone())
                        .collect();
                    for k in run {
                        tree.delete(&k, None).unwrap();
                        model.remove(&k);
                    }
                    for _ in 0..20 {
                        other
                            .insert(&next_other.to_be_bytes(), &[7u8; 150])
                            .unwrap();
                        next_other += 1;
                    }
                }
            }
        }
        let stats = btree::check(&db.env, tree.info().root).unwrap();
        assert_eq!(stats.entries, model.len() as u64, "round {round}");
        let mut c = tree.cursor();
        let mut e = c.first().unwrap();
        let mut expected = model.iter();
        while let Some(x) = e {
            let (k, v) = expected.next().expect("an entry the model has not");
            assert_eq!((&x.key, &x.data), (k, v), "round {round}");
            e = c.next().unwrap();
        }
        assert!(expected.next().is_none(), "round {round}: entries missing");
    }
    btree::check(&db.env, other.info().root).unwrap();
    // Writes alone make a directory: a tree that was never read.
    let fresh = db.new_tree(true);
    assert_eq!(fresh.directory_leaves(), None);
    let mut fresh_model = std::collections::BTreeMap::new();
    for i in 0..6000u64 {
        let k = (rng.next() % 1_000_000).to_be_bytes().to_vec();
        if let std::collections::btree_map::Entry::Vacant(slot) = fresh_model.entry(k.clone()) {
            slot.insert(i);
            fresh.insert(&k, &[(i % 256) as u8; 60]).unwrap();
        }
    }
    assert!(
        fresh.directory_leaves().is_some(),
        "no directory after the writes"
    );
    let stats = btree::check(&db.env, fresh.info().root).unwrap();
    assert_eq!(stats.entries, fresh_model.len() as u64);
    for (k, i) in &fresh_model {
        let e = fresh.peek_ge(k, None).unwrap().expect("a key present");
        assert_eq!((&e.key, e.data[0]), (k, (*i % 256) as u8));
    }
    db.check_space();
}
