//! Random DDL and DML against the space layer: tables and indexes created (single
//! and multiple extents) and freed, entries inserted and deleted in bursts, with
//! `space::check` and `btree::check` after every few steps. `SPACE_SEED=<n>`
//! replays one seed; `SPACE_EVERY=1` checks after every step and names the steps.

mod btree_support;

use btree_support::*;
use ese::btree::{self, BTree, TreeKind};

struct Live {
    tree: BTree,
    parent: u32,
    keys: Vec<Vec<u8>>,
}

fn run(seed: u64, page_size: usize) {
    eprintln!("space model: seed {seed} page {page_size}");
    let db = TestDb::new(page_size, 96, seed);
    let mut rng = Rng(seed);
    let mut trees: Vec<Live> = Vec::new();
    let mut objid = 100u32;
    for step in 0..1500 {
        match rng.below(10) {
            0 | 1 => {
                // A table under the root, or an index under a table.
                let tables: Vec<u32> = trees
                    .iter()
                    .filter(|t| t.parent == 1)
                    .map(|t| t.tree.info().root)
                    .collect();
                let parent = if tables.is_empty() || rng.below(2) == 0 {
                    1
                } else {
                    tables[rng.below(tables.len() as u64) as usize]
                };
                let multiple = rng.below(2) == 0;
                let cpg = 1 + rng.below(40) as u32;
                let kind = if parent == 1 {
                    TreeKind::Table
                } else {
                    TreeKind::Index {
                        unique: rng.below(2) == 0,
                    }
                };
                objid += 1;
                if std::env::var("SPACE_EVERY").is_ok() {
                    eprintln!("step {step}: create under {parent} cpg {cpg} multiple {multiple}");
                }
                let fdp = db
                    .space
                    .create_fdp(parent, objid, cpg, multiple, kind)
                    .unwrap_or_else(|e| panic!("seed {seed} step {step}: create: {e}"));
                let tree = BTree::open(&db.env, db.space.clone(), fdp, 80).unwrap();
                trees.push(Live {
                    tree,
                    parent,
                    keys: Vec::new(),
                });
            }
            2 if !trees.is_empty() => {
                if std::env::var("SPACE_EVERY").is_ok() {
                    eprintln!("step {step}: free");
                }
                let i = rng.below(trees.len() as u64) as usize;
                let fdp = trees[i].tree.info().root;
                db.space
                    .free_tree(fdp)
                    .unwrap_or_else(|e| panic!("seed {seed} step {step}: free {fdp}: {e}"));
                trees.retain(|t| t.tree.info().root != fdp && t.parent != fdp);
            }
            3..=6 if !trees.is_empty() => {
                let i = rng.below(trees.len() as u64) as usize;
                let t = &mut trees[i];
                let unique = t.tree.info().unique();
                for _ in 0..rng.below(300) {
                    let key = key_of(rng.below(1 << 24), &mut rng, unique);
                    let data = random_data(&mut rng, 500);
                    if t.tree.insert(&key, &data).is_ok() {
                        t.keys
                            .push([key.len().to_be_bytes().to_vec(), key, data].concat());
                    }
                }
            }
            7..=9 if !trees.is_empty() => {
                let i = rng.below(trees.len() as u64) as usize;
                let t = &mut trees[i];
                let unique = t.tree.info().unique();
                for _ in 0..rng.below(400).min(t.keys.len() as u64) {
                    let j = rng.below(t.keys.len() as u64) as usize;
                    let packed = t.keys.swap_remove(j);
                    let klen = usize::from_be_bytes(packed[..8].try_into().unwrap());
                    let (key, data) = packed[8..].split_at(klen);
                    t.tree
                        .delete(key, (!unique).then_some(data))
                        .unwrap_or_else(|e| panic!("seed {seed} step {step}: delete: {e}"));
                }
            }
            _ => {}
        }
        if std::env::var("SPACE_EVERY").is_ok() {
            eprintln!("checking after step {step} ({} trees)", trees.len());
        }
        if step % 25 == 24 || std::env::var("SPACE_EVERY").is_ok() {
            for t in &trees {
                btree::check(&db.env, t.tree.info().root)
                    .unwrap_or_else(|e| panic!("seed {seed} step {step}: {e}"));
            }
            db.check_space();
        }
    }
    db.check_space();
}

fn seeds(default: &[u64]) -> Vec<u64> {
    match std::env::var("SPACE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        Some(s) => vec![s],
        None => default.to_vec(),
    }
}

#[test]
fn space_model_4k() {
    for s in seeds(&[1, 2, 3]) {
        run(s, 4096);
    }
}

#[test]
fn space_model_32k() {
    for s in seeds(&[4]) {
        run(s, 32768);
    }
}
