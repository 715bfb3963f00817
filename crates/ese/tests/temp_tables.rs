//! Temporary tables and sorts (`JetOpenTempTable`): key order against a model
//! sort, duplicate handling per grbit, seeks, scrolling rules, updates, long
//! values, the spill from memory to a file and the file's removal.

mod common;

use common::Scratch;
use ese::db::{
    tt_grbit as tt, KeyLimit, Prep, SeekGrbit, TempColumn, TempLocation, TempOptions, TempTable,
};
use ese::format::coltype::{ColumnType, Value};
use ese::record::Cell;
use ese::{ErrorCode, Warning};
use ese_os::{Rng, SplitMix64};
use std::cmp::Ordering;
use std::path::Path;

/// A directory of its own for one test, so the test can see every file made;
/// removed at the end.
fn test_dir(name: &str) -> Scratch {
    Scratch::new(&format!("tt-{name}"))
}

fn files_in(dir: &Path) -> usize {
    std::fs::read_dir(dir).unwrap().count()
}

fn opts(dir: &Path, memory_limit: u64) -> TempOptions {
    TempOptions {
        dir: dir.to_path_buf(),
        memory_limit,
        ..Default::default()
    }
}

/// Inserts one record; the warning of its `prepare_update`.
fn insert(t: &mut TempTable, values: &[(u32, Option<Value>)]) -> Option<Warning> {
    let w = t.prepare_update(Prep::Insert).unwrap();
    for (id, v) in values {
        if let Some(v) = v {
            t.set_column(*id, Some(Cell::Value(v.clone())), 1).unwrap();
        }
    }
    t.update().unwrap();
    w
}

fn get(t: &TempTable, id: u32) -> Option<Value> {
    t.retrieve_column(id, 1).unwrap().0
}

/// Every record from the first, as the values of `ids`.
fn read_all(t: &mut TempTable, ids: &[u32]) -> Vec<Vec<Option<Value>>> {
    let mut out = Vec::new();
    let mut r = t.move_first();
    while r.is_ok() {
        out.push(ids.iter().map(|&id| get(t, id)).collect());
        r = t.move_next();
    }
    assert_eq!(r.unwrap_err().code(), ErrorCode::NoCurrentRecord);
    out
}

/// One record of the model: key (Long, cp1252 text), payload (insertion number).
#[derive(Clone, Debug)]
struct Rec {
    k1: Option<i32>,
    k2: Option<String>,
    n: i64,
}

fn random_text(rng: &mut SplitMix64) -> String {
    const CHARS: &[u8] = b"abcABC019xyzXYZ";
    let len = 1 + rng.next_u64() as usize % 3;
    (0..len)
        .map(|_| CHARS[rng.next_u64() as usize % CHARS.len()] as char)
        .collect()
}

fn random_recs(seed: u64, n: usize, k1_range: u64) -> Vec<Rec> {
    let mut rng = SplitMix64::new(seed);
    (0..n)
        .map(|i| {
            let k1_null = rng.next_u64().is_multiple_of(100);
            let k1 = (!k1_null).then(|| (rng.next_u64() % k1_range) as i32 - (k1_range / 2) as i32);
            let k2_null = rng.next_u64().is_multiple_of(50);
            let k2 = (!k2_null).then(|| random_text(&mut rng));
            Rec {
                k1,
                k2,
                n: i as i64,
            }
        })
        .collect()
}

/// ESE's order of one segment: NULL low (or high), values by `cmp`; a
/// descending segment reverses the whole order, NULLs included.
fn seg_cmp<T: Ord>(a: &Option<T>, b: &Option<T>, desc: bool, nulls_high: bool) -> Ordering {
    let o = match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) if nulls_high => Ordering::Greater,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) if nulls_high => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(x), Some(y)) => x.cmp(y),
    };
    if desc {
        o.reverse()
    } else {
        o
    }
}

/// Code page 1252 keys: a–z upper-cased.
fn norm(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|s| s.to_ascii_uppercase())
}

fn model_cmp(a: &Rec, b: &Rec, desc1: bool, desc2: bool, nulls_high: bool) -> Ordering {
    seg_cmp(&a.k1, &b.k1, desc1, nulls_high)
        .then_with(|| seg_cmp(&norm(&a.k2), &norm(&b.k2), desc2, nulls_high))
}

/// The model: stable sort by key; without `keep_dups` only the first record of
/// each key stays.
fn model(
    recs: &[Rec],
    desc1: bool,
    desc2: bool,
    nulls_high: bool,
    keep_dups: bool,
) -> Vec<Vec<Option<Value>>> {
    let mut v: Vec<Rec> = recs.to_vec();
    v.sort_by(|a, b| model_cmp(a, b, desc1, desc2, nulls_high).then(a.n.cmp(&b.n)));
    if !keep_dups {
        v.dedup_by(|b, a| model_cmp(a, b, desc1, desc2, nulls_high) == Ordering::Equal);
    }
    v.iter()
        .map(|r| {
            vec![
                r.k1.map(Value::Long),
                r.k2.clone().map(Value::Text),
                Some(Value::LongLong(r.n)),
            ]
        })
        .collect()
}

/// Sorts `recs` in a temporary table; the records read back and the warnings.
fn run_sort(
    recs: &[Rec],
    desc1: bool,
    desc2: bool,
    grbit: u32,
    o: &TempOptions,
) -> (Vec<Vec<Option<Value>>>, usize, TempLocation) {
    let k1 = TempColumn::new(ColumnType::Long);
    let k2 = TempColumn::new(ColumnType::Text).cp(1252);
    let cols = [
        if desc1 { k1.descending() } else { k1.key() },
        if desc2 { k2.descending() } else { k2.key() },
        TempColumn::new(ColumnType::LongLong),
    ];
    let (mut t, ids) = TempTable::open_with(&cols, grbit, o).unwrap();
    let mut overflows = 0;
    for r in recs {
        let w = insert(
            &mut t,
            &[
                (ids[0], r.k1.map(Value::Long)),
                (ids[1], r.k2.clone().map(Value::Text)),
                (ids[2], Some(Value::LongLong(r.n))),
            ],
        );
        if w == Some(Warning::SortOverflow) {
            overflows += 1;
        }
    }
    let got = read_all(&mut t, &ids);
    (got, overflows, t.location())
}

#[test]
fn sort_of_100000_random_records_matches_a_model_sort() {
    let dir = test_dir("sort100k");
    let recs = random_recs(0x5EED_0001, 100_000, 4000);
    let want = model(&recs, false, true, false, false);
    // Past 4 MiB of in-memory database the sort moves to its file.
    let (got, overflows, loc) = run_sort(&recs, false, true, 0, &opts(&dir, 4 << 20));
    assert_eq!(overflows, 1);
    assert!(matches!(loc, TempLocation::File(_)));
    assert!(want.len() > 10_000 && want.len() < 100_000);
    assert_eq!(got.len(), want.len());
    assert_eq!(got, want);
    assert_eq!(files_in(&dir), 0);
}

#[test]
fn descending_first_key_nulls_low_and_high() {
    let dir = test_dir("nulls");
    let recs = random_recs(0x5EED_0002, 20_000, 300);
    for nulls_high in [false, true] {
        for (d1, d2) in [(true, false), (false, false), (true, true)] {
            let grbit = if nulls_high { tt::SORT_NULLS_HIGH } else { 0 };
            let want = model(&recs, d1, d2, nulls_high, false);
            let (got, _, _) = run_sort(&recs, d1, d2, grbit, &opts(&dir, 1 << 30));
            assert_eq!(got, want, "desc {d1} {d2}, nulls high {nulls_high}");
        }
    }
    // NULL keys really are at the ends.
    let (got, _, _) = run_sort(&recs, false, false, 0, &opts(&dir, 1 << 30));
    assert_eq!(got[0][0], None);
    let (got, _, _) = run_sort(
        &recs,
        false,
        false,
        tt::SORT_NULLS_HIGH,
        &opts(&dir, 1 << 30),
    );
    assert_eq!(got.last().unwrap()[0], None);
}

#[test]
fn text_keys_are_case_insensitive_first_record_wins() {
    let cols = [
        TempColumn::new(ColumnType::Text).key(),
        TempColumn::new(ColumnType::Long),
    ];
    let (mut t, ids) = TempTable::open(&cols, 0).unwrap();
    for (i, s) in ["beta", "Alpha", "BETA", "alpha", "Gamma", "ALPHA"]
        .iter()
        .enumerate()
    {
        insert(
            &mut t,
            &[
                (ids[0], Some(Value::Text(s.to_string()))),
                (ids[1], Some(Value::Long(i as i32))),
            ],
        );
    }
    let got = read_all(&mut t, &ids);
    let want: Vec<Vec<Option<Value>>> = [("Alpha", 1), ("beta", 0), ("Gamma", 4)]
        .iter()
        .map(|(s, n)| vec![Some(Value::Text(s.to_string())), Some(Value::Long(*n))])
        .collect();
    assert_eq!(got, want);
    // Unicode text folds case too, descending here.
    let cols = [TempColumn::new(ColumnType::Text).cp(1200).descending()];
    let (mut t, ids) = TempTable::open(&cols, 0).unwrap();
    for s in ["delta", "Beta", "DELTA", "alpha", "beta"] {
        insert(&mut t, &[(ids[0], Some(Value::Text(s.into())))]);
    }
    let got: Vec<Option<Value>> = read_all(&mut t, &ids).into_iter().flatten().collect();
    let want: Vec<Option<Value>> = ["delta", "Beta", "alpha"]
        .iter()
        .map(|s| Some(Value::Text(s.to_string())))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn forward_only_keeps_duplicates_unless_unique() {
    let dir = test_dir("fwd");
    let recs = random_recs(0x5EED_0003, 30_000, 40);
    // Spill on the way, to check the hidden sequence survives it.
    let (got, overflows, loc) = run_sort(
        &recs,
        false,
        false,
        tt::FORWARD_ONLY,
        &opts(&dir, 256 << 10),
    );
    assert_eq!(overflows, 1);
    assert!(matches!(loc, TempLocation::File(_)));
    assert_eq!(got.len(), recs.len());
    assert_eq!(got, model(&recs, false, false, false, true));
    let (got, _, _) = run_sort(
        &recs,
        false,
        false,
        tt::FORWARD_ONLY | tt::UNIQUE,
        &opts(&dir, 1 << 30),
    );
    assert_eq!(got, model(&recs, false, false, false, false));
    // Unique without ForwardOnly is what a sort does anyway.
    let (got2, _, _) = run_sort(&recs, false, false, tt::UNIQUE, &opts(&dir, 1 << 30));
    assert_eq!(got2, got);
    assert_eq!(files_in(&dir), 0);
}

#[test]
fn error_on_duplicate_insertion_fails_the_insert() {
    let cols = [
        TempColumn::new(ColumnType::Text).key(),
        TempColumn::new(ColumnType::Long),
    ];
    let (mut t, ids) = TempTable::open(&cols, tt::ERROR_ON_DUPLICATE_INSERTION).unwrap();
    insert(&mut t, &[(ids[0], Some(Value::Text("one".into())))]);
    t.prepare_update(Prep::Insert).unwrap();
    t.set_column(ids[0], Some(Cell::Value(Value::Text("ONE".into()))), 1)
        .unwrap();
    assert_eq!(t.update().unwrap_err().code(), ErrorCode::KeyDuplicate);
    // The update stays prepared, as ESE's does: fix it and insert.
    t.set_column(ids[0], Some(Cell::Value(Value::Text("two".into()))), 1)
        .unwrap();
    t.update().unwrap();
    assert_eq!(read_all(&mut t, &ids[..1]).len(), 2);

    // Long-value columns make ESE materialize at open: duplicates are errors.
    let cols = [
        TempColumn::new(ColumnType::Long).key(),
        TempColumn::new(ColumnType::LongBinary),
    ];
    let (mut t, ids) = TempTable::open(&cols, 0).unwrap();
    insert(&mut t, &[(ids[0], Some(Value::Long(1)))]);
    t.prepare_update(Prep::Insert).unwrap();
    t.set_column(ids[0], Some(Cell::Value(Value::Long(1))), 1)
        .unwrap();
    assert_eq!(t.update().unwrap_err().code(), ErrorCode::KeyDuplicate);
    // ... unless long values are intrinsic: then it is a sort again.
    let (mut t, ids) = TempTable::open(&cols, tt::INTRINSIC_LVS_ONLY).unwrap();
    insert(
        &mut t,
        &[
            (ids[0], Some(Value::Long(1))),
            (ids[1], Some(Value::Binary(vec![1]))),
        ],
    );
    insert(
        &mut t,
        &[
            (ids[0], Some(Value::Long(1))),
            (ids[1], Some(Value::Binary(vec![2]))),
        ],
    );
    assert_eq!(
        read_all(&mut t, &ids),
        vec![vec![Some(Value::Long(1)), Some(Value::Binary(vec![1]))]]
    );
}

#[test]
fn records_without_key_columns_keep_insertion_order() {
    let dir = test_dir("nokey");
    let cols = [
        TempColumn::new(ColumnType::Text),
        TempColumn::new(ColumnType::Long),
    ];
    let mut rng = SplitMix64::new(0x5EED_0004);
    let vals: Vec<i32> = (0..5000).map(|_| rng.next_u64() as i32 % 100).collect();
    for limit in [1 << 30, 64 << 10] {
        let (mut t, ids) = TempTable::open_with(&cols, 0, &opts(&dir, limit)).unwrap();
        for v in &vals {
            insert(
                &mut t,
                &[
                    (ids[0], Some(Value::Text("same".into()))),
                    (ids[1], Some(Value::Long(*v))),
                ],
            );
        }
        let got: Vec<Option<Value>> = read_all(&mut t, &ids[1..])
            .into_iter()
            .map(|mut r| r.remove(0))
            .collect();
        let want: Vec<Option<Value>> = vals.iter().map(|v| Some(Value::Long(*v))).collect();
        assert_eq!(got, want, "limit {limit}");
    }
    assert_eq!(files_in(&dir), 0);
}

/// An indexed table of the even numbers 0, 2 … 198 (with their halves).
fn evens(grbit: u32) -> (TempTable, Vec<u32>) {
    let cols = [
        TempColumn::new(ColumnType::Long).key(),
        TempColumn::new(ColumnType::Long),
    ];
    let (mut t, ids) = TempTable::open(&cols, grbit).unwrap();
    for i in (0..100).rev() {
        insert(
            &mut t,
            &[
                (ids[0], Some(Value::Long(2 * i))),
                (ids[1], Some(Value::Long(i))),
            ],
        );
    }
    (t, ids)
}

#[test]
fn seek_on_an_indexed_table() {
    let (mut t, ids) = evens(tt::INDEXED);
    assert_eq!(
        t.seek(SeekGrbit::Eq).unwrap_err().code(),
        ErrorCode::KeyNotMade
    );
    let seek =
        |t: &mut TempTable, k: i32, op: SeekGrbit| -> Result<(i32, Option<Warning>), ErrorCode> {
            t.make_key(&[Some(Value::Long(k))], KeyLimit::None).unwrap();
            match t.seek(op) {
                Ok(w) => match get(t, ids[0]) {
                    Some(Value::Long(v)) => Ok((v, w)),
                    other => panic!("key {other:?}"),
                },
                Err(e) => Err(e.code()),
            }
        };
    use SeekGrbit::*;
    let nf = Err(ErrorCode::RecordNotFound);
    assert_eq!(seek(&mut t, 10, Eq), Ok((10, None)));
    assert_eq!(seek(&mut t, 11, Eq), nf);
    assert_eq!(seek(&mut t, 10, Ge), Ok((10, None)));
    assert_eq!(seek(&mut t, 11, Ge), Ok((12, Some(Warning::SeekNotEqual))));
    assert_eq!(seek(&mut t, 199, Ge), nf);
    assert_eq!(seek(&mut t, -5, Ge), Ok((0, Some(Warning::SeekNotEqual))));
    assert_eq!(seek(&mut t, 10, Gt), Ok((12, None)));
    assert_eq!(seek(&mut t, 11, Gt), Ok((12, None)));
    assert_eq!(seek(&mut t, 198, Gt), nf);
    assert_eq!(seek(&mut t, 10, Le), Ok((10, None)));
    assert_eq!(seek(&mut t, 11, Le), Ok((10, Some(Warning::SeekNotEqual))));
    assert_eq!(seek(&mut t, -1, Le), nf);
    assert_eq!(
        seek(&mut t, 500, Le),
        Ok((198, Some(Warning::SeekNotEqual)))
    );
    assert_eq!(seek(&mut t, 10, Lt), Ok((8, None)));
    assert_eq!(seek(&mut t, 11, Lt), Ok((10, None)));
    assert_eq!(seek(&mut t, 0, Lt), nf);
    // After a seek the cursor moves from there, both ways.
    seek(&mut t, 50, Eq).unwrap();
    t.move_next().unwrap();
    assert_eq!(get(&t, ids[1]), Some(Value::Long(26)));
    t.move_prev().unwrap();
    t.move_prev().unwrap();
    assert_eq!(get(&t, ids[0]), Some(Value::Long(48)));
    // Too many key values; a value of the wrong size.
    assert_eq!(
        t.make_key(
            &[Some(Value::Long(1)), Some(Value::Long(2))],
            KeyLimit::None
        )
        .unwrap_err()
        .code(),
        ErrorCode::InvalidParameter
    );
    assert!(t
        .make_key(&[Some(Value::Binary(vec![1, 2, 3]))], KeyLimit::None)
        .is_err());
}

#[test]
fn scrolling_rules_and_their_errors() {
    // A plain sort: forward only in practice.
    let (mut t, ids) = evens(0);
    // Insert phase: nothing can be read or deleted yet.
    assert_eq!(
        t.retrieve_column(ids[0], 1).unwrap_err().code(),
        ErrorCode::IllegalOperation
    );
    assert_eq!(t.delete().unwrap_err().code(), ErrorCode::IllegalOperation);
    assert!(!t.is_reading());
    t.move_next().unwrap(); // the first move ends the insert phase: first record
    assert!(t.is_reading());
    assert_eq!(get(&t, ids[0]), Some(Value::Long(0)));
    assert_eq!(
        t.move_prev().unwrap_err().code(),
        ErrorCode::IllegalOperation
    );
    assert_eq!(
        t.move_by(-1).unwrap_err().code(),
        ErrorCode::IllegalOperation
    );
    t.make_key(&[Some(Value::Long(4))], KeyLimit::None).unwrap();
    assert_eq!(
        t.seek(SeekGrbit::Eq).unwrap_err().code(),
        ErrorCode::IllegalOperation
    );
    t.move_by(3).unwrap();
    assert_eq!(get(&t, ids[0]), Some(Value::Long(6)));
    t.move_last().unwrap();
    assert_eq!(get(&t, ids[0]), Some(Value::Long(198)));
    assert_eq!(
        t.move_next().unwrap_err().code(),
        ErrorCode::NoCurrentRecord
    );
    t.move_first().unwrap();
    assert_eq!(get(&t, ids[0]), Some(Value::Long(0)));
    // Inserting after the insert phase is not allowed on a sort.
    assert_eq!(
        t.prepare_update(Prep::Insert).unwrap_err().code(),
        ErrorCode::IllegalOperation
    );

    // Scrollable: backwards from the last to the first.
    let (mut t, ids) = evens(tt::SCROLLABLE);
    t.move_last().unwrap();
    let mut back = vec![get(&t, ids[0])];
    while t.move_prev().is_ok() {
        back.push(get(&t, ids[0]));
    }
    let want: Vec<Option<Value>> = (0..100).rev().map(|i| Some(Value::Long(2 * i))).collect();
    assert_eq!(back, want);
    t.move_last().unwrap();
    t.move_by(-99).unwrap();
    assert_eq!(get(&t, ids[0]), Some(Value::Long(0)));
    assert_eq!(
        t.move_by(-1).unwrap_err().code(),
        ErrorCode::NoCurrentRecord
    );
    // Scrollable tables can seek too.
    t.make_key(&[Some(Value::Long(7))], KeyLimit::None).unwrap();
    assert_eq!(t.seek(SeekGrbit::Ge).unwrap(), Some(Warning::SeekNotEqual));
    assert_eq!(get(&t, ids[0]), Some(Value::Long(8)));

    // Forward-only sorts cannot ask for more.
    let cols = [TempColumn::new(ColumnType::Long).key()];
    for g in [
        tt::INDEXED,
        tt::SCROLLABLE,
        tt::UPDATABLE,
        tt::FORCE_MATERIALIZATION,
    ] {
        let e = TempTable::open(&cols, tt::FORWARD_ONLY | g).unwrap_err();
        assert_eq!(e.code(), ErrorCode::CannotMaterializeForwardOnlySort);
    }
    let e = TempTable::open(&[TempColumn::new(ColumnType::Long)], tt::FORWARD_ONLY).unwrap_err();
    assert_eq!(e.code(), ErrorCode::CannotMaterializeForwardOnlySort);
    let lv = [
        TempColumn::new(ColumnType::Long).key(),
        TempColumn::new(ColumnType::LongText),
    ];
    assert_eq!(
        TempTable::open(&lv, tt::FORWARD_ONLY).unwrap_err().code(),
        ErrorCode::CannotMaterializeForwardOnlySort
    );
    assert!(TempTable::open(&lv, tt::FORWARD_ONLY | tt::INTRINSIC_LVS_ONLY).is_ok());
}

#[test]
fn updates_when_updatable_and_the_error_when_not() {
    let (mut t, ids) = evens(tt::UPDATABLE | tt::INDEXED);
    t.make_key(&[Some(Value::Long(20))], KeyLimit::None)
        .unwrap();
    t.seek(SeekGrbit::Eq).unwrap();
    assert_eq!(get(&t, ids[1]), Some(Value::Long(10)));
    // Replace a non-key column (the value read before is not kept).
    t.prepare_update(Prep::Replace).unwrap();
    t.set_column(ids[1], Some(Cell::Value(Value::Long(-1))), 1)
        .unwrap();
    t.update().unwrap();
    assert_eq!(get(&t, ids[1]), Some(Value::Long(-1)));
    // Setting the key to the same value is no change; another value is.
    t.prepare_update(Prep::Replace).unwrap();
    t.set_column(ids[0], Some(Cell::Value(Value::Long(20))), 1)
        .unwrap();
    t.update().unwrap();
    // A move cancels a prepared update, as in ESE.
    t.prepare_update(Prep::Replace).unwrap();
    t.move_next().unwrap();
    assert_eq!(get(&t, ids[0]), Some(Value::Long(22)));
    let e = t.set_column(ids[1], Some(Cell::Value(Value::Long(99))), 1);
    assert_eq!(e.unwrap_err().code(), ErrorCode::UpdateNotPrepared);
    t.move_prev().unwrap();
    assert_eq!(get(&t, ids[1]), Some(Value::Long(-1)));
    t.prepare_update(Prep::Replace).unwrap();
    t.set_column(ids[0], Some(Cell::Value(Value::Long(21))), 1)
        .unwrap();
    assert_eq!(
        t.update().unwrap_err().code(),
        ErrorCode::RecordPrimaryChanged
    );
    t.cancel_update().unwrap();
    // Delete it; the cursor continues from its place.
    t.delete().unwrap();
    assert_eq!(
        t.retrieve_column(ids[0], 1).unwrap_err().code(),
        ErrorCode::NoCurrentRecord
    );
    t.move_next().unwrap();
    assert_eq!(get(&t, ids[0]), Some(Value::Long(22)));
    // Insert after reading; a duplicate is now an error.
    insert(
        &mut t,
        &[
            (ids[0], Some(Value::Long(21))),
            (ids[1], Some(Value::Long(7))),
        ],
    );
    t.prepare_update(Prep::Insert).unwrap();
    t.set_column(ids[0], Some(Cell::Value(Value::Long(22))), 1)
        .unwrap();
    assert_eq!(t.update().unwrap_err().code(), ErrorCode::KeyDuplicate);
    t.cancel_update().unwrap();
    let all = read_all(&mut t, &ids);
    assert_eq!(all.len(), 100);
    assert_eq!(all[10], vec![Some(Value::Long(21)), Some(Value::Long(7))]);
    assert_eq!(all[11][0], Some(Value::Long(22)));
    // Set a column to NULL by replace.
    t.move_first().unwrap();
    t.prepare_update(Prep::Replace).unwrap();
    t.set_column(ids[1], None, 1).unwrap();
    t.update().unwrap();
    assert_eq!(
        t.retrieve_column(ids[1], 1).unwrap(),
        (None, Some(Warning::ColumnNull))
    );

    // Not updatable: every change after the insert phase is refused.
    let (mut t, ids) = evens(tt::INDEXED);
    t.move_first().unwrap();
    let illegal = ErrorCode::IllegalOperation;
    assert_eq!(t.prepare_update(Prep::Replace).unwrap_err().code(), illegal);
    assert_eq!(t.prepare_update(Prep::Insert).unwrap_err().code(), illegal);
    assert_eq!(t.set_column(ids[1], None, 1).unwrap_err().code(), illegal);
    assert_eq!(t.update().unwrap_err().code(), illegal);
    assert_eq!(t.delete().unwrap_err().code(), illegal);
    assert_eq!(read_all(&mut t, &ids).len(), 100);
    // Unknown columns.
    assert_eq!(
        t.retrieve_column(999, 1).unwrap_err().code(),
        ErrorCode::ColumnNotFound
    );
    assert_eq!(
        t.retrieve_column(0, 1).unwrap_err().code(),
        ErrorCode::BadColumnId
    );
}

fn lv_bytes(i: u32) -> Vec<u8> {
    let mut rng = SplitMix64::new(u64::from(i) + 77);
    let mut b = vec![0u8; 100 * 1024];
    rng.fill_bytes(&mut b);
    b
}

#[test]
fn long_values_of_100_kb() {
    let dir = test_dir("lv");
    let cols = [
        TempColumn::new(ColumnType::Long).descending(),
        TempColumn::new(ColumnType::LongBinary),
    ];
    for limit in [u64::MAX, 512 << 10] {
        let (mut t, ids) = TempTable::open_with(&cols, tt::INDEXED, &opts(&dir, limit)).unwrap();
        for i in 0..24u32 {
            insert(
                &mut t,
                &[
                    (ids[0], Some(Value::Long(i as i32))),
                    (ids[1], Some(Value::Binary(lv_bytes(i)))),
                ],
            );
        }
        assert_eq!(
            matches!(t.location(), TempLocation::File(_)),
            limit != u64::MAX
        );
        let all = read_all(&mut t, &ids);
        assert_eq!(all.len(), 24);
        for (j, r) in all.iter().enumerate() {
            let i = 23 - j as u32;
            assert_eq!(r[0], Some(Value::Long(i as i32)));
            assert_eq!(r[1], Some(Value::Binary(lv_bytes(i))), "record {i}");
        }
        t.make_key(&[Some(Value::Long(5))], KeyLimit::None).unwrap();
        t.seek(SeekGrbit::Eq).unwrap();
        assert_eq!(get(&t, ids[1]), Some(Value::Binary(lv_bytes(5))));
    }
    assert_eq!(files_in(&dir), 0);
}

#[test]
fn the_temp_file_is_removed_on_drop() {
    let dir = test_dir("drop");
    let cols = [TempColumn::new(ColumnType::Long).key()];
    // A memory limit of 0: in a file from the start.
    let (mut t, ids) = TempTable::open_with(&cols, 0, &opts(&dir, 0)).unwrap();
    let TempLocation::File(path) = t.location() else {
        panic!("not in a file: {:?}", t.location());
    };
    assert!(path.starts_with(&dir));
    assert!(path.exists());
    insert(&mut t, &[(ids[0], Some(Value::Long(1)))]);
    t.move_first().unwrap();
    drop(t);
    assert!(!path.exists());
    // Memory only: never a file, however much goes in.
    let o = TempOptions {
        dir: dir.to_path_buf(),
        memory_only: true,
        memory_limit: 0,
        ..Default::default()
    };
    let (mut t, ids) = TempTable::open_with(&cols, 0, &o).unwrap();
    for i in 0..20_000 {
        assert_eq!(insert(&mut t, &[(ids[0], Some(Value::Long(i)))]), None);
    }
    assert_eq!(t.location(), TempLocation::Memory);
    assert_eq!(files_in(&dir), 0);
    assert_eq!(read_all(&mut t, &ids).len(), 20_000);
    // Two tables at once get two files.
    let (a, _) = TempTable::open_with(&cols, 0, &opts(&dir, 0)).unwrap();
    let (b, _) = TempTable::open_with(&cols, 0, &opts(&dir, 0)).unwrap();
    assert_ne!(a.location(), b.location());
    assert_eq!(files_in(&dir), 2);
    drop((a, b));
    assert_eq!(files_in(&dir), 0);
    // A directory that cannot hold the file: at open, or at the spill, where
    // nothing changes and the table stays in memory.
    let gone = dir.join("missing");
    let e = TempTable::open_with(&cols, 0, &opts(&gone, 0)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::TempFileOpenError);
    // (An empty table's database is already over a 1-byte limit.)
    let (mut t, ids) = TempTable::open_with(&cols, 0, &opts(&gone, 1)).unwrap();
    let e = t.prepare_update(Prep::Insert).unwrap_err();
    assert_eq!(e.code(), ErrorCode::TempFileOpenError);
    assert_eq!(t.location(), TempLocation::Memory);
    assert_eq!(read_all(&mut t, &ids), Vec::<Vec<Option<Value>>>::new());
}

/// An updatable, indexed (key, binary) table in `dir` of 3 MiB in memory, holding the keys
/// 0, 1,000, … 99,000.
fn thousands_table(dir: &Path) -> (TempTable, Vec<u32>) {
    let cols = [
        TempColumn::new(ColumnType::Long).key(),
        TempColumn::new(ColumnType::Binary),
    ];
    let (mut t, ids) =
        TempTable::open_with(&cols, tt::UPDATABLE | tt::INDEXED, &opts(dir, 3 << 20)).unwrap();
    for i in 0..100 {
        insert(&mut t, &[(ids[0], Some(Value::Long(i * 1000)))]);
    }
    (t, ids)
}

/// Inserts 12,000 records of a key above 1,000,000 and 200 bytes into the (key, binary)
/// table `t`, a 3 MiB table's worth; whether one of the inserts spilled it to a file.
fn insert_until_spilled(t: &mut TempTable, ids: &[u32]) -> bool {
    let mut spilled = false;
    for i in 0..12_000 {
        let w = insert(
            t,
            &[
                (ids[0], Some(Value::Long(1_000_000 + i))),
                (ids[1], Some(Value::Binary(vec![7; 200]))),
            ],
        );
        spilled |= w == Some(Warning::SortOverflow);
    }
    spilled
}

#[test]
fn below_and_above_the_spill_threshold_give_the_same_results() {
    let dir = test_dir("spill");
    let recs = random_recs(0x5EED_0005, 20_000, 1000);
    let want = model(&recs, true, false, false, false);
    // An empty table's database is 286 pages (2.3 MiB) and grows 2 MiB at a time.
    let (small, n0, loc0) = run_sort(
        &recs[..200],
        true,
        false,
        tt::SCROLLABLE,
        &opts(&dir, 4 << 20),
    );
    assert_eq!(n0, 0);
    assert_eq!(loc0, TempLocation::Memory);
    assert_eq!(small, model(&recs[..200], true, false, false, false));
    let (mem, n1, loc1) = run_sort(&recs, true, false, tt::SCROLLABLE, &opts(&dir, 64 << 20));
    assert_eq!((n1, loc1), (0, TempLocation::Memory));
    let (disk, n2, loc2) = run_sort(&recs, true, false, tt::SCROLLABLE, &opts(&dir, 128 << 10));
    assert_eq!(n2, 1, "exactly one insert moves the table");
    assert!(matches!(loc2, TempLocation::File(_)));
    assert_eq!(mem, want);
    assert_eq!(disk, want);
    assert_eq!(files_in(&dir), 0);

    // An updatable table spilling in its read phase keeps the cursor's place.
    let (mut t, ids) = thousands_table(&dir);
    t.make_key(&[Some(Value::Long(50_000))], KeyLimit::None)
        .unwrap();
    t.seek(SeekGrbit::Eq).unwrap();
    assert_eq!(t.location(), TempLocation::Memory);
    t.make_key(&[Some(Value::Long(7_500))], KeyLimit::None)
        .unwrap();
    assert!(insert_until_spilled(&mut t, &ids));
    assert_eq!(get(&t, ids[0]), Some(Value::Long(50_000)));
    t.move_next().unwrap();
    assert_eq!(get(&t, ids[0]), Some(Value::Long(51_000)));
    assert!(matches!(t.location(), TempLocation::File(_)));
    // The key made before the spill is still made.
    assert_eq!(t.seek(SeekGrbit::Ge).unwrap(), Some(Warning::SeekNotEqual));
    assert_eq!(get(&t, ids[0]), Some(Value::Long(8_000)));
    assert_eq!(read_all(&mut t, &ids).len(), 12_100);
    drop(t);
    assert_eq!(files_in(&dir), 0);
}

#[test]
fn open_checks_and_column_ids_as_ese_gives_them() {
    let cols = [
        TempColumn::new(ColumnType::Long).key(),
        TempColumn::new(ColumnType::Text),
        TempColumn::new(ColumnType::LongBinary),
        TempColumn::new(ColumnType::Short),
        TempColumn::new(ColumnType::Binary).flags(ese::record::schema::column_grbit::TAGGED),
        TempColumn::new(ColumnType::Text).cp(1200).descending(),
    ];
    let (t, ids) = TempTable::open(&cols, tt::INDEXED | tt::INTRINSIC_LVS_ONLY).unwrap();
    assert_eq!(ids, vec![1, 128, 256, 2, 257, 129]);
    assert_eq!(t.column_ids(), &ids[..]);
    let bad = |cols: &[TempColumn], grbit: u32, o: &TempOptions| {
        TempTable::open_with(cols, grbit, o).unwrap_err().code()
    };
    let d = TempOptions::default();
    assert_eq!(bad(&[], 0, &d), ErrorCode::InvalidParameter);
    assert_eq!(bad(&cols, 0x1000, &d), ErrorCode::InvalidGrbit);
    assert_eq!(
        bad(&[TempColumn::new(ColumnType::Text).cp(437).key()], 0, &d),
        ErrorCode::InvalidCodePage
    );
    let key_most = |k, v| TempOptions {
        key_most: k,
        var_seg_mac: v,
        ..Default::default()
    };
    assert_eq!(
        bad(&cols[..1], 0, &key_most(100, 0)),
        ErrorCode::InvalidParameter
    );
    assert_eq!(
        bad(&cols[..1], 0, &key_most(5000, 0)),
        ErrorCode::InvalidParameter
    );
    assert_eq!(
        bad(&cols[..1], 0, &key_most(300, 400)),
        ErrorCode::InvalidParameter
    );
    assert!(TempTable::open_with(&cols[..1], 0, &key_most(1000, 500)).is_ok());
    // A longer key size tells apart texts a 255-byte key cuts.
    let text = [TempColumn::new(ColumnType::LongText).key()];
    for (k, n) in [(0, 1), (1000, 2)] {
        let (mut t, ids) =
            TempTable::open_with(&text, tt::INTRINSIC_LVS_ONLY, &key_most(k, 0)).unwrap();
        for c in ['a', 'b'] {
            let s = format!("{}{c}", "x".repeat(400));
            insert(&mut t, &[(ids[0], Some(Value::Text(s)))]);
        }
        assert_eq!(read_all(&mut t, &ids).len(), n, "key most {k}");
    }
}

#[test]
fn a_temp_table_can_move_between_threads() {
    fn send<T: Send>(_: &T) {}
    let (mut t, ids) = evens(tt::INDEXED);
    send(&t);
    let got = std::thread::spawn(move || {
        t.move_last().unwrap();
        get(&t, ids[0])
    })
    .join()
    .unwrap();
    assert_eq!(got, Some(Value::Long(198)));
}

/// A record's normalized key (`TempTable::retrieve_key`) seeks back to it, the made key
/// comes back with `copy`, and a normalized key made before the table spills to a file is
/// still the search key after it.
#[test]
fn normalized_keys_seek_and_survive_the_spill() {
    let dir = test_dir("tt-normalized");
    let (mut t, ids) = thousands_table(&dir);
    t.make_key(&[Some(Value::Long(42_000))], KeyLimit::None)
        .unwrap();
    t.seek(SeekGrbit::Eq).unwrap();
    let key = t.retrieve_key(false).unwrap();
    assert_eq!(
        t.retrieve_key(true).unwrap(),
        key,
        "the made key is the record's"
    );
    t.move_first().unwrap();
    t.set_normalized_key(&key).unwrap();
    assert_eq!(t.retrieve_key(true).unwrap(), key);
    t.seek(SeekGrbit::Eq).unwrap();
    assert_eq!(get(&t, ids[0]), Some(Value::Long(42_000)));
    // Between 42,000 and 43,000: made normalized, kept across the spill.
    let mut between = key.clone();
    between.push(0);
    t.set_normalized_key(&between).unwrap();
    assert!(insert_until_spilled(&mut t, &ids));
    assert!(matches!(t.location(), TempLocation::File(_)));
    assert_eq!(t.retrieve_key(true).unwrap(), between);
    assert_eq!(t.seek(SeekGrbit::Ge).unwrap(), Some(Warning::SeekNotEqual));
    assert_eq!(get(&t, ids[0]), Some(Value::Long(43_000)));
    drop(t);
    assert_eq!(files_in(&dir), 0);
}

/// A key column made after a normalized key (`TempTable::make_key_after`) seeks as the
/// key made from both values, and is made again on the file's table after a spill.
#[test]
fn a_key_column_after_a_normalized_key_survives_the_spill() {
    let dir = test_dir("tt-after-normalized");
    let cols = [
        TempColumn::new(ColumnType::Long).key(),
        TempColumn::new(ColumnType::Long).key(),
        TempColumn::new(ColumnType::Binary),
    ];
    let (mut t, ids) =
        TempTable::open_with(&cols, tt::UPDATABLE | tt::INDEXED, &opts(&dir, 3 << 20)).unwrap();
    for i in 0..100 {
        for j in [1, 2] {
            insert(
                &mut t,
                &[
                    (ids[0], Some(Value::Long(i * 1000))),
                    (ids[1], Some(Value::Long(i * 10 + j))),
                ],
            );
        }
    }
    t.move_first().unwrap();
    // The first column's key alone, then the whole key from both values.
    t.make_key(&[Some(Value::Long(42_000))], KeyLimit::None)
        .unwrap();
    let prefix = t.retrieve_key(true).unwrap();
    let both = [Some(Value::Long(42_000)), Some(Value::Long(422))];
    t.make_key(&both, KeyLimit::None).unwrap();
    let whole = t.retrieve_key(true).unwrap();
    assert!(whole.starts_with(&prefix) && whole.len() > prefix.len());
    t.make_key_after(&prefix, &[Some(Value::Long(422))], KeyLimit::None)
        .unwrap();
    assert_eq!(t.retrieve_key(true).unwrap(), whole);
    t.seek(SeekGrbit::Eq).unwrap();
    assert_eq!(get(&t, ids[1]), Some(Value::Long(422)));
    // A third value is one too many.
    let e = t
        .make_key_after(
            &prefix,
            &[Some(Value::Long(1)), Some(Value::Long(2))],
            KeyLimit::None,
        )
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::KeyIsMade);
    // Made so, kept across the spill.
    t.make_key_after(&prefix, &[Some(Value::Long(421))], KeyLimit::None)
        .unwrap();
    let mut spilled = false;
    for i in 0..12_000 {
        let w = insert(
            &mut t,
            &[
                (ids[0], Some(Value::Long(1_000_000 + i))),
                (ids[1], Some(Value::Long(0))),
                (ids[2], Some(Value::Binary(vec![7; 200]))),
            ],
        );
        spilled |= w == Some(Warning::SortOverflow);
    }
    assert!(spilled);
    assert!(matches!(t.location(), TempLocation::File(_)));
    t.seek(SeekGrbit::Eq).unwrap();
    assert_eq!(get(&t, ids[0]), Some(Value::Long(42_000)));
    assert_eq!(get(&t, ids[1]), Some(Value::Long(421)));
    drop(t);
    assert_eq!(files_in(&dir), 0);
}

/// A table whose options name another file system spills into that file system's folder,
/// not the real disk's: its file is there while the table lives and gone once it is
/// dropped, and a folder that file system lacks is refused.
#[test]
fn a_table_spills_through_the_file_system_of_its_options() {
    use ese_os::{FileSystem, MemFs};
    let fs = MemFs::new();
    fs.create_dir_all(Path::new("/spill")).unwrap();
    let on = |dir: &str, memory_limit| TempOptions {
        dir: dir.into(),
        fs: std::sync::Arc::new(fs.clone()),
        memory_limit,
        ..Default::default()
    };
    let cols = [TempColumn::new(ColumnType::Long).key()];
    // Over a 64 KiB limit: the table moves to a file.
    let (mut t, ids) = TempTable::open_with(&cols, 0, &on("/spill", 64 << 10)).unwrap();
    for i in 0..20_000 {
        insert(&mut t, &[(ids[0], Some(Value::Long(19_999 - i)))]);
    }
    let TempLocation::File(path) = t.location() else {
        panic!("not in a file: {:?}", t.location());
    };
    assert!(path.starts_with("/spill"), "{path:?}");
    assert!(fs.exists(&path));
    assert!(!path.exists(), "{path:?} on the real disk");
    let rows = read_all(&mut t, &ids);
    assert_eq!(rows.len(), 20_000);
    assert_eq!(rows[0], vec![Some(Value::Long(0))]);
    assert_eq!(rows[19_999], vec![Some(Value::Long(19_999))]);
    drop(t);
    assert!(fs.read_dir(Path::new("/spill")).unwrap().is_empty());
    let e = TempTable::open_with(&cols, 0, &on("/missing", 0)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::TempFileOpenError);
}
