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
    assert_eq!(tree.directory_leaves(), None, "no reads yet");
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
