//! Model test of the write path through the cursor API: random inserts (one by one and
//! in batches of `Cursor::insert_rows`), updates, deletes, seeks (EQ/LT/LE/GE/GT) and
//! range scans against a `BTreeMap`, every result compared. 100,000 operations per seed; `WRITE_SEED=<n>` replays one seed,
//! `WRITE_OPS=<n>` changes the count. A failing seed is printed.

use ese::db::{CreateOptions, Cursor, Database, KeyLimit, Prep, SeekGrbit};
use ese::format::coltype::Value;
use ese::record::schema::parse_schema;
use ese::record::{Cell, Row, RowValue};
use ese::{ErrorCode, Warning};
use std::collections::BTreeMap;
use std::ops::Bound;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const SCHEMA: &str = r#"{"page_size": PAGE, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "val", "type": "Long"},
              {"name": "txt", "type": "Text", "cp": 1252},
              {"name": "blob", "type": "LongBinary"}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
              {"name": "byval", "key": ["+val"]}]}]}"#;

fn long(v: Option<Value>) -> i32 {
    match v {
        Some(Value::Long(x)) => x,
        v => panic!("{v:?}"),
    }
}

fn current_id(c: &Cursor) -> i32 {
    long(c.retrieve_column(1, 1).unwrap().0)
}

fn run(seed: u64, ops: u64) {
    let page = [4096, 8192, 16384, 32768][(seed % 4) as usize];
    let path = std::env::temp_dir().join(format!("ese-model-{seed}-{}.edb", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let spec = parse_schema(&SCHEMA.replace("PAGE", &page.to_string())).unwrap();
    let mut db = Database::create(
        &path,
        CreateOptions {
            page_size: page,
            cache_pages: 256,
            ..Default::default()
        },
    )
    .unwrap();
    db.create_table_spec(&spec.tables[0]).unwrap();
    let mut c = db.open_cursor("t").unwrap();
    let mut rng = Rng(seed);
    let mut model: BTreeMap<i32, (i32, String, usize)> = BTreeMap::new();
    let key_space = 20_000u64;
    for op in 0..ops {
        let ctx = || format!("seed {seed} op {op}");
        let id = rng.below(key_space) as i32;
        match rng.below(100) {
            0..=2 => {
                // A batch in one call: all of it, or nothing when a key is taken (by a
                // record or by an earlier row of the batch).
                let mut rows = Vec::new();
                let mut batch: Vec<(i32, (i32, String, usize))> = Vec::new();
                for _ in 0..1 + rng.below(20) {
                    let id = if rng.below(4) == 0 {
                        id + rng.below(3) as i32
                    } else {
                        rng.below(key_space) as i32
                    };
                    let val = rng.below(500) as i32;
                    let txt = format!("t{}", rng.below(1000));
                    let blob = if rng.below(30) == 0 {
                        2000 + rng.below(20_000) as usize
                    } else {
                        0
                    };
                    let mut row = Row::new();
                    row.set(1, RowValue::One(Cell::Value(Value::Long(id))));
                    row.set(2, RowValue::One(Cell::Value(Value::Long(val))));
                    row.set(128, RowValue::One(Cell::Value(Value::Text(txt.clone()))));
                    if blob > 0 {
                        let b = vec![(id % 251) as u8; blob];
                        row.set(256, RowValue::One(Cell::Value(Value::Binary(b))));
                    }
                    rows.push(row);
                    batch.push((id, (val, txt, blob)));
                }
                let taken = batch.iter().enumerate().any(|(i, (id, _))| {
                    model.contains_key(id) || batch[..i].iter().any(|(earlier, _)| earlier == id)
                });
                let r = c.insert_rows(&rows);
                if taken {
                    assert_eq!(r.unwrap_err().code(), ErrorCode::KeyDuplicate, "{}", ctx());
                } else {
                    r.unwrap_or_else(|e| panic!("{}: {e}", ctx()));
                    model.extend(batch);
                }
            }
            3..=44 => {
                let val = rng.below(500) as i32;
                let txt = format!("t{}", rng.below(1000));
                let blob = if rng.below(50) == 0 {
                    2000 + rng.below(20_000) as usize
                } else {
                    0
                };
                c.prepare_update(Prep::Insert).unwrap();
                c.set_column(1, Some(Cell::Value(Value::Long(id))), 1)
                    .unwrap();
                c.set_column(2, Some(Cell::Value(Value::Long(val))), 1)
                    .unwrap();
                c.set_column(128, Some(Cell::Value(Value::Text(txt.clone()))), 1)
                    .unwrap();
                if blob > 0 {
                    c.set_column(
                        256,
                        Some(Cell::Value(Value::Binary(vec![(id % 251) as u8; blob]))),
                        1,
                    )
                    .unwrap();
                }
                let r = c.update();
                match model.entry(id) {
                    std::collections::btree_map::Entry::Occupied(_) => {
                        assert_eq!(r.unwrap_err().code(), ErrorCode::KeyDuplicate, "{}", ctx());
                        c.cancel_update();
                    }
                    std::collections::btree_map::Entry::Vacant(v) => {
                        r.unwrap_or_else(|e| panic!("{}: {e}", ctx()));
                        v.insert((val, txt, blob));
                    }
                }
            }
            45..=59 => {
                c.make_key(&[Some(Value::Long(id))], KeyLimit::None)
                    .unwrap();
                let r = c.seek(SeekGrbit::Eq);
                match model.get_mut(&id) {
                    None => assert_eq!(
                        r.unwrap_err().code(),
                        ErrorCode::RecordNotFound,
                        "{}",
                        ctx()
                    ),
                    Some(m) => {
                        r.unwrap();
                        let val = rng.below(500) as i32;
                        c.prepare_update(Prep::Replace).unwrap();
                        c.set_column(2, Some(Cell::Value(Value::Long(val))), 1)
                            .unwrap();
                        // Now and then the long value changes too (or goes).
                        let blob = match rng.below(8) {
                            0 => Some(0),
                            1 => Some(2000 + rng.below(20_000) as usize),
                            2 => Some(1 + rng.below(500) as usize),
                            _ => None,
                        };
                        match blob {
                            Some(0) => c.set_column(256, None, 1).unwrap(),
                            Some(n) => c
                                .set_column(
                                    256,
                                    Some(Cell::Value(Value::Binary(vec![(id % 251) as u8; n]))),
                                    1,
                                )
                                .unwrap(),
                            None => {}
                        }
                        c.update().unwrap_or_else(|e| panic!("{}: {e}", ctx()));
                        m.0 = val;
                        if let Some(n) = blob {
                            m.2 = n;
                        }
                        assert_eq!(current_id(&c), id, "{}", ctx());
                    }
                }
            }
            60..=74 => {
                c.make_key(&[Some(Value::Long(id))], KeyLimit::None)
                    .unwrap();
                let r = c.seek(SeekGrbit::Eq);
                match model.remove(&id) {
                    None => assert_eq!(
                        r.unwrap_err().code(),
                        ErrorCode::RecordNotFound,
                        "{}",
                        ctx()
                    ),
                    Some(_) => {
                        r.unwrap();
                        c.delete().unwrap();
                        assert_eq!(
                            c.retrieve_column(1, 1).unwrap_err().code(),
                            ErrorCode::NoCurrentRecord
                        );
                    }
                }
            }
            75..=89 => {
                let (grbit, want) = match rng.below(5) {
                    0 => (SeekGrbit::Eq, model.get_key_value(&id).map(|(k, _)| *k)),
                    1 => (SeekGrbit::Ge, model.range(id..).next().map(|(k, _)| *k)),
                    2 => (
                        SeekGrbit::Gt,
                        model
                            .range((Bound::Excluded(id), Bound::Unbounded))
                            .next()
                            .map(|(k, _)| *k),
                    ),
                    3 => (
                        SeekGrbit::Le,
                        model.range(..=id).next_back().map(|(k, _)| *k),
                    ),
                    _ => (
                        SeekGrbit::Lt,
                        model.range(..id).next_back().map(|(k, _)| *k),
                    ),
                };
                c.make_key(&[Some(Value::Long(id))], KeyLimit::None)
                    .unwrap();
                let r = c.seek(grbit);
                match want {
                    None => assert_eq!(
                        r.unwrap_err().code(),
                        ErrorCode::RecordNotFound,
                        "{} {grbit:?}",
                        ctx()
                    ),
                    Some(k) => {
                        let w = r.unwrap_or_else(|e| panic!("{} {grbit:?}: {e}", ctx()));
                        assert_eq!(current_id(&c), k, "{} {grbit:?}", ctx());
                        let ne = matches!(grbit, SeekGrbit::Ge | SeekGrbit::Le) && k != id;
                        assert_eq!(w, ne.then_some(Warning::SeekNotEqual), "{}", ctx());
                        let (v, _) = c.retrieve_column(2, 1).unwrap();
                        assert_eq!(long(v), model[&k].0, "{}", ctx());
                        if rng.below(4) == 0 {
                            let (b, _) = c.retrieve_column(256, 1).unwrap();
                            let n = model[&k].2;
                            let want = (n > 0).then(|| Value::Binary(vec![(k % 251) as u8; n]));
                            assert_eq!(b, want, "{}", ctx());
                        }
                    }
                }
            }
            _ => {
                // A range scan on the primary or the secondary index, up to 50 entries.
                let hi = id + rng.below(300) as i32;
                let inclusive = rng.below(2) == 0;
                let secondary = rng.below(3) == 0;
                if secondary {
                    c.set_index(Some("byval")).unwrap();
                    let lo = rng.below(500) as i32;
                    let hi = lo + rng.below(5) as i32;
                    let mut want: Vec<(i32, i32)> = model
                        .iter()
                        .filter(|(_, m)| m.0 >= lo && (m.0 < hi || (inclusive && m.0 == hi)))
                        .map(|(k, m)| (m.0, *k))
                        .collect();
                    want.sort();
                    let mut got = Vec::new();
                    c.make_key(&[Some(Value::Long(lo))], KeyLimit::None)
                        .unwrap();
                    if c.seek(SeekGrbit::Ge).is_ok() {
                        c.make_key(
                            &[Some(Value::Long(hi))],
                            if inclusive {
                                KeyLimit::FullColumnEnd
                            } else {
                                KeyLimit::None
                            },
                        )
                        .unwrap();
                        if c.set_index_range(inclusive).is_ok() {
                            loop {
                                let v = long(c.retrieve_column(2, 1).unwrap().0);
                                got.push((v, current_id(&c)));
                                if c.move_next().is_err() {
                                    break;
                                }
                            }
                        }
                    }
                    assert_eq!(
                        got,
                        want,
                        "{} secondary range {lo}..{hi} {inclusive}",
                        ctx()
                    );
                    c.set_index(None).unwrap();
                } else {
                    let want: Vec<i32> = if inclusive {
                        model.range(id..=hi).map(|(k, _)| *k).take(50).collect()
                    } else {
                        model.range(id..hi).map(|(k, _)| *k).take(50).collect()
                    };
                    let mut got = Vec::new();
                    c.make_key(&[Some(Value::Long(id))], KeyLimit::None)
                        .unwrap();
                    if c.seek(SeekGrbit::Ge).is_ok() {
                        c.make_key(&[Some(Value::Long(hi))], KeyLimit::None)
                            .unwrap();
                        if c.set_index_range(inclusive).is_ok() {
                            while got.len() < 50 {
                                got.push(current_id(&c));
                                if c.move_next().is_err() {
                                    break;
                                }
                            }
                        }
                    }
                    assert_eq!(got, want, "{} range {id}..{hi} {inclusive}", ctx());
                    // And backwards from the end of the range.
                    if let Some(&last) = want.last() {
                        let back: Vec<i32> = model
                            .range(..=last)
                            .rev()
                            .take(5)
                            .map(|(k, _)| *k)
                            .collect();
                        let mut got = Vec::new();
                        c.make_key(&[Some(Value::Long(last))], KeyLimit::None)
                            .unwrap();
                        c.seek(SeekGrbit::Eq).unwrap();
                        while got.len() < 5 {
                            got.push(current_id(&c));
                            if c.move_prev().is_err() {
                                break;
                            }
                        }
                        assert_eq!(got, back, "{} backwards", ctx());
                        // Backwards from there with a lower limit at the range's
                        // start: the range's ids in reverse, then the end of it.
                        let lower: Vec<i32> = model
                            .range(id..=last)
                            .rev()
                            .map(|(k, _)| *k)
                            .filter(|&k| inclusive || k != id)
                            .collect();
                        c.make_key(&[Some(Value::Long(last))], KeyLimit::None)
                            .unwrap();
                        c.seek(SeekGrbit::Eq).unwrap();
                        c.make_key(&[Some(Value::Long(id))], KeyLimit::None)
                            .unwrap();
                        let mut got = Vec::new();
                        match c.set_lower_index_range(inclusive) {
                            Ok(()) => loop {
                                got.push(current_id(&c));
                                if c.move_prev().is_err() {
                                    break;
                                }
                            },
                            Err(e) => assert_eq!(e.code(), ErrorCode::NoCurrentRecord),
                        }
                        assert_eq!(got, lower, "{} lower limit {id} {inclusive}", ctx());
                    }
                }
            }
        }
        if op % 25_000 == 24_999 {
            db.check()
                .unwrap_or_else(|e| panic!("{}: check: {e}", ctx()));
        }
    }
    db.check().unwrap();
    db.close().unwrap();
    drop(c);
    drop(db);
    // Read back through the read path.
    let r = Database::open(&path).unwrap();
    let t = r.table("t").unwrap();
    let ids: Vec<i32> = t
        .records()
        .unwrap()
        .map(|rec| long(rec.unwrap().get("id").unwrap().first().cloned()))
        .collect();
    assert_eq!(
        ids,
        model.keys().copied().collect::<Vec<_>>(),
        "seed {seed}"
    );
    let _ = std::fs::remove_file(&path);
}

#[test]
fn model_inserts_updates_deletes_seeks_ranges() {
    let ops: u64 = std::env::var("WRITE_OPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let seeds: Vec<u64> = match std::env::var("WRITE_SEED") {
        Ok(s) => vec![s.parse().expect("WRITE_SEED is a number")],
        Err(_) => vec![1, 2, 3],
    };
    for seed in seeds {
        eprintln!("write_model: seed {seed} ({ops} operations; replay with WRITE_SEED={seed})");
        run(seed, ops);
    }
}
