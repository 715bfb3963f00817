//! Model test of multi-valued columns and the indexes over them, inside nested
//! transactions (a text and a number column indexed, a number column under a
//! unique index, a long binary column whose values go from the record into the
//! long-value tree and back as they grow and shrink): random inserts, value appends, replacements and removals by
//! `itagSequence`, deletes, begins, commits and rollbacks at up to three levels,
//! against a model kept as a stack of states (one per level). Checked as it goes:
//! every value of a record in order (`JetRetrieveColumn` by `itagSequence`), the
//! records an index over a multi-valued column holds for one value (ascending
//! with `IgnoreNull`, descending without, a text column), and whole index scans
//! (one entry per distinct value of a record, one NULL entry for a record
//! without values where NULLs are indexed). At the end the database's own check
//! (trees, space, every index against the records) and a read of everything
//! again after the instance is closed and the database reopened.
//!
//! The same on a simulated disk whose power is cut at a random operation: the
//! recovered database holds exactly what the outermost commits made durable.
//!
//! `MV_SEEDS=n` runs seeds `0..n` (24 by default), `MV_SEED=n` replays one and
//! `MV_OPS=n` sets the operations per seed (1,500); `MV_CUT_SEEDS` and
//! `MV_CUT_SEED` the same for the power cuts (48 by default); a failure names its
//! seed.

mod common;

use common::Scratch;
use ese::db::{KeyLimit, Prep, SeekGrbit};
use ese::format::coltype::Value;
use ese::record::schema::parse_schema;
use ese::record::Cell;
use ese::{
    CreateOptions, Cursor, Database, ErrorCode, Instance, InstanceOptions, Session, Warning,
};
use ese_os::{FileSystem, Rng, SimFs, SplitMix64, TearPolicy};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "tags", "type": "Long", "flags": ["Tagged", "MultiValued"]},
              {"name": "words", "type": "Text", "cp": 1252, "flags": ["Tagged", "MultiValued"]},
              {"name": "blobs", "type": "LongBinary", "flags": ["Tagged", "MultiValued"]},
              {"name": "codes", "type": "Long", "flags": ["Tagged", "MultiValued"]}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
              {"name": "bytag", "key": ["+tags"], "flags": ["IgnoreNull"]},
              {"name": "bytagdesc", "key": ["-tags"]},
              {"name": "byword", "key": ["+words"], "flags": ["IgnoreNull"]},
              {"name": "bycode", "key": ["+codes"], "flags": ["Unique", "IgnoreNull"]}]}]}"#;

const ID: u32 = 1;
const TAGS: u32 = 256;
const WORDS: u32 = 257;
const BLOBS: u32 = 258;
const CODES: u32 = 259;

/// Lower-case words only: the model compares them as stored, the index as keys.
const VOCABULARY: [&str; 12] = [
    "ash", "birch", "cedar", "elm", "fir", "hazel", "larch", "maple", "oak", "pine", "rowan", "yew",
];

const IDS: u32 = 120;
const TAG_VALUES: u32 = 24;
/// Codes are unique across records (`bycode`); a record never holds one twice.
const CODE_VALUES: u32 = 200;

/// A record of the model: its values in `itagSequence` order.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
struct Rec {
    tags: Vec<i32>,
    words: Vec<String>,
    /// Long values, each `(fill, length)`: `length` bytes counting up from `fill`.
    blobs: Vec<(u8, usize)>,
    /// Values of the unique index `bycode`, none twice in one record.
    codes: Vec<i32>,
}

/// A code `rec` does not hold yet (any code when it holds them all but one).
fn new_code(rng: &mut impl Rng, rec: &Rec) -> i32 {
    loop {
        let code = rng.below(CODE_VALUES as u64) as i32;
        if !rec.codes.contains(&code) {
            return code;
        }
    }
}

/// Whether `rec`, stored as record `id`, would share a code with another record.
fn code_taken(state: &State, id: i32, rec: &Rec) -> bool {
    state
        .iter()
        .any(|(other, r)| *other != id && r.codes.iter().any(|c| rec.codes.contains(c)))
}

/// The bytes of blob `(fill, length)`.
fn blob_bytes((fill, len): (u8, usize)) -> Vec<u8> {
    (0..len).map(|i| fill.wrapping_add(i as u8)).collect()
}

/// A blob of random length: most short (kept in the record), some long enough
/// to be separated into the long-value tree, a few of several pages.
fn random_blob(rng: &mut impl Rng) -> (u8, usize) {
    let len = match rng.below(10) {
        0..=5 => 1 + rng.below(200),
        6..=8 => 1_000 + rng.below(6_000),
        _ => 9_000 + rng.below(40_000),
    };
    (rng.below(256) as u8, len as usize)
}

fn blob_cell(b: (u8, usize)) -> Option<Cell> {
    Some(Cell::Value(Value::Binary(blob_bytes(b))))
}

type State = BTreeMap<i32, Rec>;

/// `rng.below(n)`: a number in `0..n`.
trait Below {
    fn below(&mut self, n: u64) -> u64;
}

impl<R: Rng> Below for R {
    fn below(&mut self, n: u64) -> u64 {
        self.gen_range(0..n)
    }
}

fn tag_cell(t: i32) -> Option<Cell> {
    Some(Cell::Value(Value::Long(t)))
}

fn word_cell(w: &str) -> Option<Cell> {
    Some(Cell::Value(Value::Text(w.into())))
}

/// `v[i] = x`, or `x` appended when `i` is past the end.
fn set_or_push<T>(v: &mut Vec<T>, i: usize, x: T) {
    match v.get_mut(i) {
        Some(slot) => *slot = x,
        None => v.push(x),
    }
}

/// Every value of multi-valued column `col` of the cursor's record, in order.
fn values(c: &Cursor, col: u32) -> Vec<Value> {
    let mut out = Vec::new();
    for n in 1.. {
        match c.retrieve_column(col, n).unwrap() {
            (Some(v), None) => out.push(v),
            (None, Some(Warning::ColumnNull)) => break,
            other => panic!("value {n} of column {col}: {other:?}"),
        }
    }
    out
}

fn read_rec(c: &Cursor) -> Rec {
    Rec {
        tags: values(c, TAGS)
            .into_iter()
            .map(|v| match v {
                Value::Long(t) => t,
                v => panic!("tag {v:?}"),
            })
            .collect(),
        words: values(c, WORDS)
            .into_iter()
            .map(|v| match v {
                Value::Text(w) => w,
                v => panic!("word {v:?}"),
            })
            .collect(),
        blobs: values(c, BLOBS)
            .into_iter()
            .map(|v| match v {
                Value::Binary(b) => {
                    let fill = b.first().copied().unwrap_or(0);
                    let rec = (fill, b.len());
                    assert_eq!(b, blob_bytes(rec), "a blob's bytes");
                    rec
                }
                v => panic!("blob {v:?}"),
            })
            .collect(),
        codes: values(c, CODES)
            .into_iter()
            .map(|v| match v {
                Value::Long(t) => t,
                v => panic!("code {v:?}"),
            })
            .collect(),
    }
}

fn current_id(c: &Cursor) -> i32 {
    match c.retrieve_column(ID, 1).unwrap().0 {
        Some(Value::Long(id)) => id,
        v => panic!("id {v:?}"),
    }
}

/// Positions `c` (on the primary index) on record `id`; whether it exists.
fn seek_id(c: &mut Cursor, id: i32) -> bool {
    c.set_index(None).unwrap();
    c.make_key(&[Some(Value::Long(id))], KeyLimit::None)
        .unwrap();
    match c.seek(SeekGrbit::Eq) {
        Ok(_) => true,
        Err(e) if e.code() == ErrorCode::RecordNotFound => false,
        Err(e) => panic!("seek {id}: {e}"),
    }
}

/// The ids `index` holds under key `value`, in the order the index gives them.
fn ids_under(c: &mut Cursor, index: &str, value: Value) -> Vec<i32> {
    c.set_index(Some(index)).unwrap();
    c.make_key(&[Some(value.clone())], KeyLimit::None).unwrap();
    let mut ids = Vec::new();
    match c.seek(SeekGrbit::Eq) {
        Ok(_) => {}
        Err(e) if e.code() == ErrorCode::RecordNotFound => return ids,
        Err(e) => panic!("seek {index} {value:?}: {e}"),
    }
    c.make_key(&[Some(value)], KeyLimit::FullColumnEnd).unwrap();
    c.set_index_range(true).unwrap();
    loop {
        ids.push(current_id(c));
        if c.move_next().is_err() {
            break;
        }
    }
    ids
}

/// Every entry of `index`, as the ids of their records, first to last.
fn scan(c: &mut Cursor, index: &str) -> Vec<i32> {
    c.set_index(Some(index)).unwrap();
    let mut ids = Vec::new();
    if c.move_first().is_err() {
        return ids;
    }
    loop {
        ids.push(current_id(c));
        if c.move_next().is_err() {
            break;
        }
    }
    ids
}

/// The ids (ascending) of the records holding `value` among their tags.
fn with_tag(state: &State, t: i32) -> Vec<i32> {
    state
        .iter()
        .filter(|(_, r)| r.tags.contains(&t))
        .map(|(id, _)| *id)
        .collect()
}

fn with_word(state: &State, w: &str) -> Vec<i32> {
    state
        .iter()
        .filter(|(_, r)| r.words.iter().any(|x| x == w))
        .map(|(id, _)| *id)
        .collect()
}

/// What a full scan of each index over the tags gives: `bytag` one entry per
/// distinct tag of a record, ascending; `bytagdesc` the same descending plus one
/// NULL entry (after the values) for each record without tags.
fn expected_scans(state: &State) -> (Vec<i32>, Vec<i32>) {
    let mut entries: BTreeSet<(i32, i32)> = BTreeSet::new();
    for (id, r) in state {
        for t in &r.tags {
            entries.insert((*t, *id));
        }
    }
    let asc: Vec<i32> = entries.iter().map(|(_, id)| *id).collect();
    let mut by_tag_desc: Vec<(i32, i32)> = entries.into_iter().collect();
    // Descending key, the bookmark ascending within one key.
    by_tag_desc.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut desc: Vec<i32> = by_tag_desc.into_iter().map(|(_, id)| id).collect();
    desc.extend(
        state
            .iter()
            .filter(|(_, r)| r.tags.is_empty())
            .map(|(id, _)| *id),
    );
    (asc, desc)
}

/// Everything the checks compare, read through `c` against `state`.
fn check_all(c: &mut Cursor, state: &State, ctx: &str) {
    let mut ids = Vec::new();
    c.set_index(None).unwrap();
    if c.move_first().is_ok() {
        loop {
            let id = current_id(c);
            assert_eq!(Some(&read_rec(c)), state.get(&id), "{ctx}: record {id}");
            ids.push(id);
            if c.move_next().is_err() {
                break;
            }
        }
    }
    assert_eq!(ids, state.keys().copied().collect::<Vec<_>>(), "{ctx}: ids");
    let (asc, desc) = expected_scans(state);
    assert_eq!(scan(c, "bytag"), asc, "{ctx}: bytag scan");
    assert_eq!(scan(c, "bytagdesc"), desc, "{ctx}: bytagdesc scan");
    for t in 0..TAG_VALUES as i32 {
        let want = with_tag(state, t);
        assert_eq!(
            ids_under(c, "bytag", Value::Long(t)),
            want,
            "{ctx}: bytag {t}"
        );
        assert_eq!(
            ids_under(c, "bytagdesc", Value::Long(t)),
            want,
            "{ctx}: bytagdesc {t}"
        );
    }
    let mut codes: Vec<(i32, i32)> = state
        .iter()
        .flat_map(|(id, r)| r.codes.iter().map(|c| (*c, *id)))
        .collect();
    codes.sort();
    assert_eq!(
        scan(c, "bycode"),
        codes.iter().map(|(_, id)| *id).collect::<Vec<_>>(),
        "{ctx}: bycode scan"
    );
    for (code, id) in codes.iter().step_by(7) {
        assert_eq!(
            ids_under(c, "bycode", Value::Long(*code)),
            vec![*id],
            "{ctx}: bycode {code}"
        );
    }
    for w in VOCABULARY {
        let want = with_word(state, w);
        assert_eq!(
            ids_under(c, "byword", Value::Text(w.into())),
            want,
            "{ctx}: byword {w}"
        );
    }
}

/// One seed's run; panics with the seed's replay command on a mismatch.
/// Where a run keeps its files: a folder on the real disk, or a simulated disk
/// whose power is cut partway (at operation `cut_at`, with `policy`).
enum Disk {
    Real(Scratch),
    Sim {
        sim: Arc<SimFs>,
        cut_at: u64,
        policy: TearPolicy,
    },
}

/// The simulated disk's instance options: small log files and the smallest
/// cache, so that pages are written (and logged images needed) all the time.
fn sim_opts() -> InstanceOptions {
    InstanceOptions {
        log_file_size: 256 * 1024,
        cache_pages: ese::db::MIN_CACHE_PAGES,
        ..InstanceOptions::in_dir("/d")
    }
}

fn run(seed: u64, ops: u64) {
    let dir = Scratch::new(&format!("mvmodel-{seed}"));
    run_on(seed, ops, Disk::Real(dir));
}

fn run_on(seed: u64, ops: u64, disk: Disk) {
    let (inst, path) = match &disk {
        Disk::Real(dir) => (Instance::new(dir.opts()).unwrap(), dir.join("mv.edb")),
        Disk::Sim { sim, .. } => {
            let fs: Arc<dyn FileSystem> = Arc::new(sim.process());
            (
                Instance::with_fs(fs, sim_opts()).unwrap(),
                PathBuf::from("/d/mv.edb"),
            )
        }
    };
    let mut db = inst
        .create_database(&path, CreateOptions::default())
        .unwrap();
    let spec = parse_schema(SCHEMA).unwrap();
    db.create_table_spec(&spec.tables[0]).unwrap();
    let def = db.table("t").unwrap();
    assert_eq!(def.def().column_by_id(TAGS).unwrap().name, "tags");
    assert_eq!(def.def().column_by_id(WORDS).unwrap().name, "words");
    drop(def);
    let s: Session = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    let mut rng = SplitMix64::new(seed);
    // The model: the state of each open level below the current one, and the current.
    let mut saved: Vec<State> = Vec::new();
    let mut state = State::new();
    let (mut commits, mut rollbacks, mut unique_refusals) = (0u32, 0u32, 0u32);
    let replay = match disk {
        Disk::Real(_) => "MV_SEED",
        Disk::Sim { .. } => "MV_CUT_SEED",
    };
    for op in 0..ops {
        let ctx = format!("{replay}={seed} op {op}");
        if let Disk::Sim {
            sim,
            cut_at,
            policy,
        } = &disk
        {
            if op == *cut_at {
                // What the outermost commits made durable: the state before the
                // open transaction, if any.
                let committed = saved.first().unwrap_or(&state).clone();
                sim.power_cut_with(seed, *policy);
                // Everything opened before the cut is gone with it.
                std::mem::forget((c, s, db, inst));
                recover_and_check(sim, &path, &committed, &format!("{ctx}, {policy:?} cut"));
                return;
            }
        }
        let id = rng.below(IDS as u64) as i32;
        match rng.below(100) {
            0..=7 if saved.len() < 3 => {
                s.begin_transaction().unwrap();
                saved.push(state.clone());
            }
            8..=12 if !saved.is_empty() => {
                s.commit_transaction().unwrap();
                saved.pop();
                commits += 1;
            }
            13..=15 if !saved.is_empty() => {
                s.rollback().unwrap();
                state = saved.pop().unwrap();
                rollbacks += 1;
            }
            16..=45 => {
                // Insert, or the duplicate refused.
                let rec = Rec {
                    tags: (0..rng.below(5))
                        .map(|_| rng.below(TAG_VALUES as u64) as i32)
                        .collect(),
                    words: (0..rng.below(4))
                        .map(|_| VOCABULARY[rng.below(VOCABULARY.len() as u64) as usize].into())
                        .collect(),
                    blobs: (0..rng.below(3)).map(|_| random_blob(&mut rng)).collect(),
                    codes: Vec::new(),
                };
                let mut rec = rec;
                for _ in 0..rng.below(3) {
                    let code = new_code(&mut rng, &rec);
                    rec.codes.push(code);
                }
                c.prepare_update(Prep::Insert).unwrap();
                c.set_column(ID, Some(Cell::Value(Value::Long(id))), 1)
                    .unwrap();
                for t in &rec.tags {
                    c.set_column(TAGS, tag_cell(*t), 0).unwrap();
                }
                for w in &rec.words {
                    c.set_column(WORDS, word_cell(w), 0).unwrap();
                }
                for b in &rec.blobs {
                    c.set_column(BLOBS, blob_cell(*b), 0).unwrap();
                }
                for code in &rec.codes {
                    c.set_column(CODES, tag_cell(*code), 0).unwrap();
                }
                let refused = state.contains_key(&id) || code_taken(&state, id, &rec);
                match c.update() {
                    Ok(_) => {
                        assert!(!refused, "{ctx}: inserted {id} {rec:?} over the model");
                        state.insert(id, rec);
                    }
                    Err(e) => {
                        assert_eq!(e.code(), ErrorCode::KeyDuplicate, "{ctx}: insert {id}");
                        assert!(refused, "{ctx}: {id} refused: {e}");
                        c.cancel_update();
                    }
                }
            }
            46..=75 => {
                // Change the values of one record.
                let found = seek_id(&mut c, id);
                assert_eq!(found, state.contains_key(&id), "{ctx}: seek {id}");
                if !found {
                    continue;
                }
                let mut next = state[&id].clone();
                let rec = &mut next;
                c.prepare_update(Prep::Replace).unwrap();
                for _ in 0..1 + rng.below(3) {
                    let column = [TAGS, TAGS, WORDS, BLOBS, CODES][rng.below(5) as usize];
                    let len = match column {
                        TAGS => rec.tags.len(),
                        WORDS => rec.words.len(),
                        CODES => rec.codes.len(),
                        _ => rec.blobs.len(),
                    };
                    let n = 1 + rng.below(len as u64 + 1) as u32;
                    let i = n as usize - 1;
                    let action = rng.below(3);
                    if action == 2 {
                        // Remove value n (past the last: nothing).
                        c.set_column(column, None, n).unwrap();
                        if i < len {
                            match column {
                                TAGS => drop(rec.tags.remove(i)),
                                WORDS => drop(rec.words.remove(i)),
                                CODES => drop(rec.codes.remove(i)),
                                _ => drop(rec.blobs.remove(i)),
                            }
                        }
                        continue;
                    }
                    // Append (itagSequence 0), or replace value n (past the last:
                    // appended).
                    let at = if action == 0 { 0 } else { n };
                    let i = if action == 0 { len } else { i };
                    match column {
                        TAGS => {
                            let t = rng.below(TAG_VALUES as u64) as i32;
                            c.set_column(TAGS, tag_cell(t), at).unwrap();
                            set_or_push(&mut rec.tags, i, t);
                        }
                        WORDS => {
                            let w = VOCABULARY[rng.below(VOCABULARY.len() as u64) as usize];
                            c.set_column(WORDS, word_cell(w), at).unwrap();
                            set_or_push(&mut rec.words, i, w.to_string());
                        }
                        CODES => {
                            let code = new_code(&mut rng, rec);
                            c.set_column(CODES, tag_cell(code), at).unwrap();
                            set_or_push(&mut rec.codes, i, code);
                        }
                        _ => {
                            let b = random_blob(&mut rng);
                            c.set_column(BLOBS, blob_cell(b), at).unwrap();
                            set_or_push(&mut rec.blobs, i, b);
                        }
                    }
                }
                let refused = code_taken(&state, id, &next);
                match c.update() {
                    Ok(_) => {
                        assert!(
                            !refused,
                            "{ctx}: replaced {id} with {next:?} over the model"
                        );
                        state.insert(id, next);
                    }
                    Err(e) => {
                        assert_eq!(
                            e.code(),
                            ErrorCode::KeyDuplicate,
                            "{ctx}: replace {id}: {e}"
                        );
                        assert!(refused, "{ctx}: replace {id} refused: {e}");
                        unique_refusals += 1;
                        c.cancel_update();
                        // Nothing of the refused change stays.
                        assert!(
                            seek_id(&mut c, id),
                            "{ctx}: {id} gone after a refused replace"
                        );
                        assert_eq!(Some(&read_rec(&c)), state.get(&id), "{ctx}: record {id}");
                    }
                }
            }
            76..=87 => {
                let found = seek_id(&mut c, id);
                assert_eq!(found, state.contains_key(&id), "{ctx}: seek {id}");
                if found {
                    c.delete().unwrap();
                    state.remove(&id);
                }
            }
            88..=95 => {
                // One record's values, and the index entries of one tag and one word.
                if seek_id(&mut c, id) {
                    assert_eq!(Some(&read_rec(&c)), state.get(&id), "{ctx}: record {id}");
                } else {
                    assert!(!state.contains_key(&id), "{ctx}: {id} not found");
                }
                let t = rng.below(TAG_VALUES as u64) as i32;
                let index = ["bytag", "bytagdesc"][rng.below(2) as usize];
                assert_eq!(
                    ids_under(&mut c, index, Value::Long(t)),
                    with_tag(&state, t),
                    "{ctx}: {index} {t}"
                );
                let w = VOCABULARY[rng.below(VOCABULARY.len() as u64) as usize];
                assert_eq!(
                    ids_under(&mut c, "byword", Value::Text(w.into())),
                    with_word(&state, w),
                    "{ctx}: byword {w}"
                );
            }
            96..=97 => check_all(&mut c, &state, &ctx),
            _ => {}
        }
    }
    while !saved.is_empty() {
        s.commit_transaction().unwrap();
        saved.pop();
    }
    let ctx = format!("{replay}={seed} at the end");
    check_all(&mut c, &state, &ctx);
    if ops >= 1_000 {
        // The run reached what it is for.
        let long = state
            .values()
            .flat_map(|r| &r.blobs)
            .filter(|b| b.1 > 9_000)
            .count();
        assert!(
            commits > 0 && rollbacks > 0 && unique_refusals > 0,
            "{ctx}: {commits} commits, {rollbacks} rollbacks, {unique_refusals} replaces \
             refused by the unique index"
        );
        assert!(
            state.len() > 10 && long > 0,
            "{ctx}: {} records, {long} long blobs",
            state.len()
        );
    }
    drop(c);
    drop(s);
    db.check().unwrap_or_else(|e| panic!("{ctx}: check: {e}"));
    drop(db);
    inst.term().unwrap();
    // Reopened: the same records and index entries from the file.
    let db = Database::open(&path).unwrap();
    let mut c = db.open_cursor("t").unwrap();
    check_all(&mut c, &state, &format!("{ctx}, reopened"));
}

/// A new process's instance over the simulated disk after a power cut: recovery
/// runs, and the database holds `committed` exactly and passes its check.
fn recover_and_check(sim: &SimFs, path: &Path, committed: &State, ctx: &str) {
    let fs: Arc<dyn FileSystem> = Arc::new(sim.process());
    let inst = Instance::with_fs(fs, sim_opts()).unwrap_or_else(|e| panic!("{ctx}: recovery: {e}"));
    let (db, _) = inst
        .attach_database(path, false)
        .unwrap_or_else(|e| panic!("{ctx}: attach: {e}"));
    {
        let s = inst.begin_session().unwrap();
        let mut c = s.open_table(&db, "t").unwrap();
        check_all(&mut c, committed, ctx);
    }
    db.check()
        .unwrap_or_else(|e| panic!("{ctx}: check after recovery: {e}"));
    drop(db);
    inst.term().unwrap();
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().map(|s| {
        s.parse()
            .unwrap_or_else(|_| panic!("{name} is not a number: {s}"))
    })
}

/// The same work on a simulated disk, its power cut at a random operation with
/// each way of tearing writes: recovery keeps exactly what the outermost commits
/// made durable, indexes over multi-valued columns and long values included.
/// `MV_CUT_SEEDS=n` (48 by default) and `MV_CUT_SEED=n` as above.
#[test]
fn a_power_cut_keeps_exactly_the_committed_values_and_index_entries() {
    let ops = env_u64("MV_OPS").unwrap_or(1_500);
    let policies = [
        TearPolicy::Default,
        TearPolicy::AtomicSector,
        TearPolicy::KeepAll,
        TearPolicy::DropAll,
        TearPolicy::SequentialPrefix,
    ];
    let seeds: Vec<u64> = match env_u64("MV_CUT_SEED") {
        Some(s) => vec![s],
        None => (0..env_u64("MV_CUT_SEEDS").unwrap_or(48)).collect(),
    };
    for seed in seeds {
        let mut rng = SplitMix64::new(!seed);
        let disk = Disk::Sim {
            sim: Arc::new(SimFs::new()),
            cut_at: ops / 4 + rng.below(ops - ops / 4),
            policy: policies[seed as usize % policies.len()],
        };
        run_on(seed, ops, disk);
    }
}

#[test]
fn multi_valued_columns_and_their_indexes_follow_the_model() {
    let ops = env_u64("MV_OPS").unwrap_or(1_500);
    let seeds: Vec<u64> = match env_u64("MV_SEED") {
        Some(s) => vec![s],
        None => (0..env_u64("MV_SEEDS").unwrap_or(24)).collect(),
    };
    for seed in seeds {
        run(seed, ops);
    }
}
