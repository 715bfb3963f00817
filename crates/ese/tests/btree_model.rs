//! Model test of the B+tree: random inserts, replaces, deletes, seeks and range
//! scans against a `BTreeMap`, on every page size, with the structural check run
//! periodically. Seeds are printed; `BTREE_SEED=<n>` replays one seed and
//! `BTREE_OPS=<n>` changes the operation count.

mod btree_support;

use btree_support::*;
use ese::btree::{check, SeekOp};
use ese::ErrorCode;
use std::collections::BTreeMap;
use std::ops::Bound;

#[derive(Clone, Copy)]
struct Shape {
    unique: bool,
    page_size: usize,
}

fn run(seed: u64, shape: Shape, ops: usize) {
    eprintln!(
        "btree model: seed {seed} page {} unique {}",
        shape.page_size, shape.unique
    );
    let db = TestDb::new(shape.page_size, 64, seed);
    let tree = db.new_tree(shape.unique);
    let mut rng = Rng(seed);
    let mut model: BTreeMap<(Vec<u8>, Vec<u8>), Vec<u8>> = BTreeMap::new();
    let mut max_data = ese::page::max_node_size(shape.page_size) - 2 - 240;
    if !shape.unique {
        max_data = max_data.min(2 * ese::page::key_most_for_page(shape.page_size) - 240);
    }
    let mut ascending = 0u64;
    for step in 0..ops {
        let phase = (step / 20_000) % 3; // bulk ascending, random, delete-heavy
        let r = rng.below(100);
        if r < 45 || (phase == 0 && r < 80) {
            let key = if phase == 0 {
                ascending += 1;
                key_of(ascending * 7, &mut rng, shape.unique)
            } else {
                random_key(&mut rng, shape.unique)
            };
            let data = random_data(&mut rng, max_data);
            let mk = if shape.unique {
                (key.clone(), vec![])
            } else {
                (key.clone(), data.clone())
            };
            let res = tree.insert(&key, &data);
            match model.entry(mk) {
                std::collections::btree_map::Entry::Occupied(_) => {
                    let code = res.expect_err("duplicate accepted").code();
                    let want = if shape.unique {
                        ErrorCode::KeyDuplicate
                    } else {
                        ErrorCode::MultiValuedIndexViolation
                    };
                    assert_eq!(code, want, "seed {seed} step {step}");
                }
                std::collections::btree_map::Entry::Vacant(slot) => {
                    res.unwrap_or_else(|e| panic!("seed {seed} step {step}: insert: {e}"));
                    slot.insert(data);
                }
            }
        } else if r < 55 && shape.unique {
            let Some(key) = pick(&model, &mut rng) else {
                continue;
            };
            let data = random_data(&mut rng, max_data);
            tree.replace(&key.0, &data)
                .unwrap_or_else(|e| panic!("seed {seed} step {step}: replace: {e}"));
            model.insert(key, data);
        } else if r < 80 || phase == 2 {
            let Some(key) = pick(&model, &mut rng) else {
                continue;
            };
            let data = if shape.unique {
                None
            } else {
                Some(key.1.as_slice())
            };
            tree.delete(&key.0, data)
                .unwrap_or_else(|e| panic!("seed {seed} step {step}: delete: {e}"));
            model.remove(&key);
        } else {
            scan(&tree, &model, &mut rng, shape.unique, seed, step);
        }
        if step % 5_000 == 4_999 {
            check(tree.env(), tree.info().root)
                .unwrap_or_else(|e| panic!("seed {seed} step {step}: check: {e}"));
            db.check_space();
        }
    }
    check(tree.env(), tree.info().root).unwrap_or_else(|e| panic!("seed {seed} final check: {e}"));
    full_compare(&tree, &model, shape.unique);
    db.check_space();
}

fn pick(
    model: &BTreeMap<(Vec<u8>, Vec<u8>), Vec<u8>>,
    rng: &mut Rng,
) -> Option<(Vec<u8>, Vec<u8>)> {
    if model.is_empty() {
        return None;
    }
    let probe = random_key(rng, true);
    model
        .range((probe, vec![])..)
        .next()
        .or_else(|| model.iter().next())
        .map(|(k, _)| k.clone())
}

fn scan(
    tree: &ese::btree::BTree,
    model: &BTreeMap<(Vec<u8>, Vec<u8>), Vec<u8>>,
    rng: &mut Rng,
    unique: bool,
    seed: u64,
    step: usize,
) {
    let probe = random_key(rng, unique);
    let op = [SeekOp::Ge, SeekOp::Gt, SeekOp::Le, SeekOp::Lt, SeekOp::Eq][rng.below(5) as usize];
    let mut c = tree.cursor();
    let got = c.seek(op, &probe, None).unwrap();
    let keys_eq = |k: &Vec<u8>| k.as_slice() == probe.as_slice();
    let want = match op {
        SeekOp::Ge => model
            .range((Bound::Included((probe.clone(), vec![])), Bound::Unbounded))
            .next(),
        SeekOp::Eq => model
            .range((Bound::Included((probe.clone(), vec![])), Bound::Unbounded))
            .next()
            .filter(|((k, _), _)| keys_eq(k)),
        SeekOp::Gt => model
            .range((Bound::Included((probe.clone(), vec![])), Bound::Unbounded))
            .find(|((k, _), _)| !keys_eq(k)),
        SeekOp::Lt => model
            .range((Bound::Unbounded, Bound::Excluded((probe.clone(), vec![]))))
            .next_back(),
        SeekOp::Le => model
            .range(..)
            .rev()
            .find(|((k, _), _)| k.as_slice() <= probe.as_slice()),
    };
    let want = want.map(|((k, _), v)| (k.clone(), v.clone()));
    let got_kv = got.map(|e| (e.key, e.data));
    assert_eq!(
        got_kv.as_ref().map(|x| &x.0),
        want.as_ref().map(|x| &x.0),
        "seed {seed} step {step}: seek {op:?}"
    );
    assert_eq!(got_kv, want, "seed {seed} step {step}: seek {op:?} data");
    if op == SeekOp::Ge {
        // A point read finds what the seek found and keeps no position: the next
        // step starts from the first entry.
        let mut p = tree.cursor();
        let peeked = p.peek_ge(&probe, None).unwrap().map(|e| (e.key, e.data));
        assert_eq!(peeked, want, "seed {seed} step {step}: peek_ge");
        let first = model
            .iter()
            .next()
            .map(|((k, _), v)| (k.clone(), v.clone()));
        let next = p.next().unwrap().map(|e| (e.key, e.data));
        assert_eq!(next, first, "seed {seed} step {step}: step after peek_ge");
    }
    // A short range scan in either direction.
    let forward = rng.below(2) == 0;
    let Some((k0, v0)) = got_kv else { return };
    let mut it: Vec<(Vec<u8>, Vec<u8>)> = if forward {
        model
            .range((
                Bound::Excluded((k0.clone(), if unique { vec![] } else { v0.clone() })),
                Bound::Unbounded,
            ))
            .take(20)
            .map(|((k, _), v)| (k.clone(), v.clone()))
            .collect()
    } else {
        model
            .range(..(k0.clone(), if unique { vec![] } else { v0.clone() }))
            .rev()
            .take(20)
            .map(|((k, _), v)| (k.clone(), v.clone()))
            .collect()
    };
    for want in it.drain(..) {
        let e = if forward { c.next() } else { c.prev() }
            .unwrap()
            .expect("scan ended early");
        assert_eq!((e.key, e.data), want, "seed {seed} step {step}: scan");
    }
}

fn full_compare(
    tree: &ese::btree::BTree,
    model: &BTreeMap<(Vec<u8>, Vec<u8>), Vec<u8>>,
    _unique: bool,
) {
    let mut c = tree.cursor();
    let mut got = Vec::new();
    let mut e = c.first().unwrap();
    while let Some(x) = e {
        got.push((x.key, x.data));
        e = c.next().unwrap();
    }
    let want: Vec<(Vec<u8>, Vec<u8>)> = model
        .iter()
        .map(|((k, _), v)| (k.clone(), v.clone()))
        .collect();
    assert_eq!(got.len(), want.len());
    assert!(got == want, "tree contents differ from the model");
    let mut back = Vec::new();
    let mut e = c.last().unwrap();
    while let Some(x) = e {
        back.push((x.key, x.data));
        e = c.prev().unwrap();
    }
    back.reverse();
    assert!(back == want, "backward scan differs");
}

fn ops() -> usize {
    std::env::var("BTREE_OPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000)
}

fn seeds(default: &[u64]) -> Vec<u64> {
    match std::env::var("BTREE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        Some(s) => vec![s],
        None => default.to_vec(),
    }
}

#[test]
fn model_unique_4k() {
    for s in seeds(&[1, 2]) {
        run(
            s,
            Shape {
                unique: true,
                page_size: 4096,
            },
            ops(),
        );
    }
}

#[test]
fn model_unique_8k() {
    for s in seeds(&[3]) {
        run(
            s,
            Shape {
                unique: true,
                page_size: 8192,
            },
            ops(),
        );
    }
}

#[test]
fn model_unique_16k() {
    for s in seeds(&[4]) {
        run(
            s,
            Shape {
                unique: true,
                page_size: 16384,
            },
            ops(),
        );
    }
}

#[test]
fn model_unique_32k() {
    for s in seeds(&[5]) {
        run(
            s,
            Shape {
                unique: true,
                page_size: 32768,
            },
            ops(),
        );
    }
}

#[test]
fn model_non_unique_4k() {
    for s in seeds(&[6, 7]) {
        run(
            s,
            Shape {
                unique: false,
                page_size: 4096,
            },
            ops(),
        );
    }
}

#[test]
fn model_non_unique_32k() {
    for s in seeds(&[8]) {
        run(
            s,
            Shape {
                unique: false,
                page_size: 32768,
            },
            ops(),
        );
    }
}
