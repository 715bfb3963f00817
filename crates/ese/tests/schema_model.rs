//! Model test of secondary indexes and schema changes: random inserts, replaces,
//! deletes, scans and seeks through every index, interleaved with adding and
//! deleting columns, creating (bulk-built) and deleting indexes and renaming the
//! table, all against a model in plain Rust. Every result is compared, and the
//! engine's integrity check (trees, space, every index against the records)
//! runs after every step. `SCHEMA_SEED=<n>` replays one seed, `SCHEMA_OPS=<n>`
//! changes the number of steps. A failing seed is printed.

use ese::catalog::index_grbit;
use ese::db::{CreateOptions, Database, KeyLimit, SeekGrbit};
use ese::format::coltype::{ColumnType, Value};
use ese::record::schema::{column_grbit, ColumnSpec, IndexSpec, KeySegmentSpec, TableSpec};
use ese::record::{Cell, Row, RowValue};
use ese::ErrorCode;
use std::cmp::Ordering;
use std::collections::BTreeMap;

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
    fn chance(&mut self, one_in: u64) -> bool {
        self.below(one_in) == 0
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Fixed `Long`.
    Long,
    /// Variable `Text` in code page 1252.
    Text,
    /// Tagged multi-valued `Long`.
    Multi,
}

#[derive(Clone, Debug)]
struct MCol {
    name: String,
    id: u32,
    kind: Kind,
}

#[derive(Clone, Debug, PartialEq)]
enum MVal {
    Long(i32),
    Text(String),
    Multi(Vec<i32>),
}

#[derive(Clone, Debug)]
struct MIndex {
    name: String,
    segs: Vec<(String, bool)>,
    unique: bool,
    ignore_any_null: bool,
}

/// One key segment as the model orders it: NULL before any value; text by its
/// upper-cased bytes (code page 1252 keys upper-case a–z).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Seg {
    Null,
    Long(i32),
    Text(Vec<u8>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Key(Vec<(bool, Seg)>);

impl Ord for Key {
    fn cmp(&self, other: &Key) -> Ordering {
        for ((d, a), (_, b)) in self.0.iter().zip(&other.0) {
            let o = if *d { b.cmp(a) } else { a.cmp(b) };
            if o != Ordering::Equal {
                return o;
            }
        }
        self.0.len().cmp(&other.0.len())
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Key) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

type MRow = BTreeMap<String, MVal>;

struct Model {
    table: String,
    cols: Vec<MCol>,
    indexes: Vec<MIndex>,
    rows: BTreeMap<i32, MRow>,
    next_col: u32,
    next_index: u32,
    /// Schema changes made: add column, delete column, create index, delete
    /// index, rename.
    done: [u32; 5],
}

impl Model {
    fn col(&self, name: &str) -> &MCol {
        self.cols.iter().find(|c| c.name == name).unwrap()
    }

    /// The keys `row` has in `ix` (none when it is left out).
    fn keys(&self, ix: &MIndex, row: &MRow) -> Vec<Key> {
        let mut multi_done = false;
        let mut options: Vec<Vec<Seg>> = Vec::new();
        for (name, _) in &ix.segs {
            let col = self.col(name);
            let segs = match row.get(name) {
                None => vec![Seg::Null],
                Some(MVal::Long(v)) => vec![Seg::Long(*v)],
                Some(MVal::Text(t)) => vec![Seg::Text(t.to_ascii_uppercase().into_bytes())],
                Some(MVal::Multi(vs)) if vs.is_empty() => vec![Seg::Null],
                Some(MVal::Multi(vs)) if !multi_done => vs.iter().map(|v| Seg::Long(*v)).collect(),
                Some(MVal::Multi(vs)) => vec![Seg::Long(vs[0])],
            };
            if col.kind == Kind::Multi {
                multi_done = true;
            }
            options.push(segs);
        }
        let multi_at = options.iter().position(|o| o.len() > 1);
        let count = multi_at.map_or(1, |i| options[i].len());
        let mut out: Vec<Key> = Vec::new();
        for n in 0..count {
            let segs: Vec<(bool, Seg)> = ix
                .segs
                .iter()
                .zip(&options)
                .enumerate()
                .map(|(i, ((_, d), o))| {
                    (
                        *d,
                        if Some(i) == multi_at {
                            o[n].clone()
                        } else {
                            o[0].clone()
                        },
                    )
                })
                .collect();
            if ix.ignore_any_null && segs.iter().any(|(_, s)| *s == Seg::Null) {
                continue;
            }
            let k = Key(segs);
            if !out.contains(&k) {
                out.push(k);
            }
        }
        out
    }

    /// The ids in `ix`'s order, once per entry.
    fn scan(&self, ix: &MIndex) -> Vec<i32> {
        let mut entries: Vec<(Key, i32)> = Vec::new();
        for (id, row) in &self.rows {
            for k in self.keys(ix, row) {
                entries.push((k, *id));
            }
        }
        entries.sort();
        entries.into_iter().map(|(_, id)| id).collect()
    }

    /// Whether `row` (as record `id`) would break a unique index `ix`.
    fn breaks_unique(&self, ix: &MIndex, id: i32, row: &MRow) -> bool {
        if !ix.unique {
            return false;
        }
        let mine = self.keys(ix, row);
        self.rows
            .iter()
            .filter(|(other, _)| **other != id)
            .any(|(_, r)| self.keys(ix, r).iter().any(|k| mine.contains(k)))
    }

    fn unique_ok_over_all(&self, ix: &MIndex) -> bool {
        let mut seen: Vec<Key> = Vec::new();
        for row in self.rows.values() {
            for k in self.keys(ix, row) {
                if seen.contains(&k) {
                    return false;
                }
                seen.push(k);
            }
        }
        true
    }
}

fn random_value(rng: &mut Rng, kind: Kind) -> Option<MVal> {
    if rng.chance(6) {
        return None;
    }
    Some(match kind {
        Kind::Long => MVal::Long(rng.below(200) as i32 - 100),
        Kind::Text => {
            let n = rng.below(150);
            let w = if rng.chance(2) { "w" } else { "W" };
            MVal::Text(format!("{w}{n}"))
        }
        Kind::Multi => {
            let n = 1 + rng.below(3) as usize;
            let mut vs: Vec<i32> = Vec::new();
            while vs.len() < n {
                let v = rng.below(40) as i32;
                if !vs.contains(&v) {
                    vs.push(v);
                }
            }
            MVal::Multi(vs)
        }
    })
}

fn to_row(model: &Model, id: i32, row: &MRow) -> Row {
    let mut out = Row::new();
    out.set(1, RowValue::One(Cell::Value(Value::Long(id))));
    for c in &model.cols {
        match row.get(&c.name) {
            None => {}
            Some(MVal::Long(v)) => {
                out.set(c.id, RowValue::One(Cell::Value(Value::Long(*v))));
            }
            Some(MVal::Text(t)) => {
                out.set(c.id, RowValue::One(Cell::Value(Value::Text(t.clone()))));
            }
            Some(MVal::Multi(vs)) => {
                out.set(
                    c.id,
                    RowValue::Many(vs.iter().map(|v| Cell::Value(Value::Long(*v))).collect()),
                );
            }
        }
    }
    out
}

fn column_spec(name: &str, kind: Kind) -> ColumnSpec {
    let (coltype, cp, flags) = match kind {
        Kind::Long => (ColumnType::Long, 0, column_grbit::FIXED),
        Kind::Text => (ColumnType::Text, 1252, 0),
        Kind::Multi => (
            ColumnType::Long,
            0,
            column_grbit::TAGGED | column_grbit::MULTI_VALUED,
        ),
    };
    ColumnSpec {
        name: name.to_string(),
        coltype,
        cp,
        max_length: if kind == Kind::Text { 40 } else { 0 },
        flags,
        default: None,
    }
}

fn index_spec(ix: &MIndex) -> IndexSpec {
    let mut flags = 0;
    if ix.unique {
        flags |= index_grbit::UNIQUE;
    }
    if ix.ignore_any_null {
        flags |= index_grbit::IGNORE_ANY_NULL;
    }
    IndexSpec {
        name: ix.name.clone(),
        key: ix
            .segs
            .iter()
            .map(|(c, d)| KeySegmentSpec {
                column: c.clone(),
                descending: *d,
            })
            .collect(),
        flags,
        key_most: None,
        var_seg_mac: None,
        conditions: Vec::new(),
        tuple_limits: None,
        density: 0,
    }
}

fn value_of(v: &MVal) -> Value {
    match v {
        MVal::Long(x) => Value::Long(*x),
        MVal::Text(t) => Value::Text(t.clone()),
        MVal::Multi(vs) => Value::Long(vs[0]),
    }
}

fn scan_db(db: &Database, table: &str, index: &str) -> Vec<i32> {
    let t = db.table(table).unwrap();
    t.records_by_index(index)
        .unwrap()
        .map(|r| match r.unwrap().get("id").unwrap().first() {
            Some(Value::Long(x)) => *x,
            v => panic!("id {v:?}"),
        })
        .collect()
}

fn bookmark(db: &Database, table: &str, id: i32) -> Vec<u8> {
    db.table(table)
        .unwrap()
        .make_key("primary", &[Some(Value::Long(id))])
        .unwrap()
}

fn run(seed: u64, steps: u64) {
    let page = [4096, 8192, 16384, 32768][(seed % 4) as usize];
    let path = std::env::temp_dir().join(format!(
        "ese-schema-model-{seed}-{}.edb",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&path);
    let mut db = Database::create(
        &path,
        CreateOptions {
            page_size: page,
            cache_pages: 256,
            ..Default::default()
        },
    )
    .unwrap();
    let mut model = Model {
        table: "t".into(),
        cols: vec![
            MCol {
                name: "a".into(),
                id: 2,
                kind: Kind::Long,
            },
            MCol {
                name: "b".into(),
                id: 128,
                kind: Kind::Text,
            },
            MCol {
                name: "m".into(),
                id: 256,
                kind: Kind::Multi,
            },
        ],
        indexes: vec![
            MIndex {
                name: "ia".into(),
                segs: vec![("a".into(), false)],
                unique: false,
                ignore_any_null: false,
            },
            MIndex {
                name: "ib".into(),
                segs: vec![("b".into(), true), ("a".into(), false)],
                unique: false,
                ignore_any_null: false,
            },
            MIndex {
                name: "im".into(),
                segs: vec![("m".into(), false)],
                unique: false,
                ignore_any_null: true,
            },
            MIndex {
                name: "ub".into(),
                segs: vec![("b".into(), false)],
                unique: true,
                ignore_any_null: true,
            },
        ],
        rows: BTreeMap::new(),
        next_col: 0,
        next_index: 0,
        done: [0; 5],
    };
    let mut spec = TableSpec {
        name: "t".into(),
        columns: vec![ColumnSpec {
            name: "id".into(),
            coltype: ColumnType::Long,
            cp: 0,
            max_length: 0,
            flags: column_grbit::FIXED | column_grbit::NOT_NULL,
            default: None,
        }],
        indexes: vec![IndexSpec {
            name: "primary".into(),
            key: vec![KeySegmentSpec {
                column: "id".into(),
                descending: false,
            }],
            flags: index_grbit::PRIMARY | index_grbit::UNIQUE,
            key_most: None,
            var_seg_mac: None,
            conditions: Vec::new(),
            tuple_limits: None,
            density: 0,
        }],
        ..TableSpec::default()
    };
    spec.columns
        .extend(model.cols.iter().map(|c| column_spec(&c.name, c.kind)));
    spec.indexes.extend(model.indexes.iter().map(index_spec));
    let def = db.create_table_spec(&spec).unwrap();
    for c in model.cols.iter_mut() {
        c.id = def.column(&c.name).unwrap().id;
    }
    let mut rng = Rng(seed);
    let key_space = 400u64;
    for step in 0..steps {
        let ctx = |what: &str| format!("seed {seed} step {step} ({what})");
        let id = rng.below(key_space) as i32;
        let table = model.table.clone();
        match rng.below(100) {
            0..=39 => {
                let mut row = MRow::new();
                for c in &model.cols {
                    if let Some(v) = random_value(&mut rng, c.kind) {
                        row.insert(c.name.clone(), v);
                    }
                }
                let r = db.insert(&table, &to_row(&model, id, &row));
                let dup = model.rows.contains_key(&id)
                    || model
                        .indexes
                        .iter()
                        .any(|ix| model.breaks_unique(ix, id, &row));
                if dup {
                    assert_eq!(
                        r.unwrap_err().code(),
                        ErrorCode::KeyDuplicate,
                        "{}",
                        ctx("insert")
                    );
                } else {
                    r.unwrap_or_else(|e| panic!("{}: {e}", ctx("insert")));
                    model.rows.insert(id, row);
                }
            }
            40..=54 => {
                let Some((&id, _)) = model.rows.range(id..).next() else {
                    continue;
                };
                let mut row = MRow::new();
                for c in &model.cols {
                    if let Some(v) = random_value(&mut rng, c.kind) {
                        row.insert(c.name.clone(), v);
                    }
                }
                let bm = bookmark(&db, &table, id);
                let r = db.replace(&table, &bm, &to_row(&model, id, &row));
                if model
                    .indexes
                    .iter()
                    .any(|ix| model.breaks_unique(ix, id, &row))
                {
                    assert_eq!(
                        r.unwrap_err().code(),
                        ErrorCode::KeyDuplicate,
                        "{}",
                        ctx("replace")
                    );
                } else {
                    r.unwrap_or_else(|e| panic!("{}: {e}", ctx("replace")));
                    model.rows.insert(id, row);
                }
            }
            55..=64 => {
                let Some((&id, _)) = model.rows.range(id..).next() else {
                    continue;
                };
                let bm = bookmark(&db, &table, id);
                db.delete(&table, &bm)
                    .unwrap_or_else(|e| panic!("{}: {e}", ctx("delete")));
                model.rows.remove(&id);
            }
            65..=74 if !model.indexes.is_empty() => {
                let ix = &model.indexes[rng.below(model.indexes.len() as u64) as usize];
                assert_eq!(
                    scan_db(&db, &table, &ix.name),
                    model.scan(ix),
                    "{}",
                    ctx(&format!("scan {}", ix.name))
                );
            }
            75..=84 if !model.indexes.is_empty() => {
                // Seek GE on the first segment of a random index.
                let ix = model.indexes[rng.below(model.indexes.len() as u64) as usize].clone();
                let first = model.col(&ix.segs[0].0).clone();
                let Some(v) = random_value(&mut rng, first.kind) else {
                    continue;
                };
                let mut c = db.open_cursor(&table).unwrap();
                c.set_index(Some(&ix.name)).unwrap();
                c.make_key(&[Some(value_of(&v))], KeyLimit::None).unwrap();
                let got = match c.seek(SeekGrbit::Ge) {
                    Ok(_) => Some(match c.retrieve_column(1, 1).unwrap().0 {
                        Some(Value::Long(x)) => x,
                        v => panic!("{v:?}"),
                    }),
                    Err(e) => {
                        assert_eq!(e.code(), ErrorCode::RecordNotFound, "{}", ctx("seek"));
                        None
                    }
                };
                // The model: the first entry whose first segment is at or after v.
                let target = match &v {
                    MVal::Long(x) => Seg::Long(*x),
                    MVal::Text(t) => Seg::Text(t.to_ascii_uppercase().into_bytes()),
                    MVal::Multi(vs) => Seg::Long(vs[0]),
                };
                let desc = ix.segs[0].1;
                let mut entries: Vec<(Key, i32)> = Vec::new();
                for (rid, row) in &model.rows {
                    for k in model.keys(&ix, row) {
                        entries.push((k, *rid));
                    }
                }
                entries.sort();
                let want = entries
                    .iter()
                    .find(|(k, _)| {
                        let s = &k.0[0].1;
                        if desc {
                            *s <= target
                        } else {
                            *s >= target
                        }
                    })
                    .map(|(_, id)| *id);
                assert_eq!(got, want, "{}", ctx(&format!("seek {} {v:?}", ix.name)));
            }
            65..=84 => continue,
            _ => schema_step(&mut db, &mut model, &mut rng, &ctx("schema")),
        }
        let r = db
            .check()
            .unwrap_or_else(|e| panic!("{}: check: {e}", ctx("check")));
        assert!(r.indexes.records >= model.rows.len() as u64);
    }
    if steps >= 1000 {
        assert!(
            model.done.iter().all(|&n| n > 0),
            "seed {seed}: every kind of schema change happens (add column, delete column, create index, delete index, rename): {:?}",
            model.done
        );
    }
    eprintln!(
        "seed {seed}: schema changes {:?}, {} rows",
        model.done,
        model.rows.len()
    );
    // Everything again after close and reopen.
    db.close().unwrap();
    drop(db);
    let db = Database::open(&path).unwrap();
    for ix in &model.indexes {
        assert_eq!(
            scan_db(&db, &model.table, &ix.name),
            model.scan(ix),
            "seed {seed} reopened {}",
            ix.name
        );
    }
    db.check_indexes().unwrap();
    drop(db);
    let _ = std::fs::remove_file(&path);
}

fn schema_step(db: &mut Database, model: &mut Model, rng: &mut Rng, ctx: &str) {
    let table = model.table.clone();
    match rng.below(6) {
        0 => {
            // Add a column.
            let kind = [Kind::Long, Kind::Text, Kind::Multi][rng.below(3) as usize];
            model.next_col += 1;
            let name = format!("c{}", model.next_col);
            let def = db
                .add_column(&table, &column_spec(&name, kind))
                .unwrap_or_else(|e| panic!("{ctx}: add column: {e}"));
            model.cols.push(MCol {
                name,
                id: def.id,
                kind,
            });
            model.done[0] += 1;
        }
        1 => {
            // Delete a column: refused while an index uses it.
            if model.cols.is_empty() {
                return;
            }
            let c = model.cols[rng.below(model.cols.len() as u64) as usize].clone();
            let used = model
                .indexes
                .iter()
                .any(|ix| ix.segs.iter().any(|(n, _)| *n == c.name));
            let r = db.delete_column(&table, &c.name);
            if used {
                assert_eq!(
                    r.unwrap_err().code(),
                    ErrorCode::ColumnInUse,
                    "{ctx}: delete {}",
                    c.name
                );
            } else {
                r.unwrap_or_else(|e| panic!("{ctx}: delete column {}: {e}", c.name));
                model.cols.retain(|x| x.name != c.name);
                model.done[1] += 1;
                for row in model.rows.values_mut() {
                    row.remove(&c.name);
                }
            }
        }
        2 | 3 => {
            // Create an index over the existing rows.
            if model.cols.is_empty() || model.indexes.len() >= 8 {
                return;
            }
            let nsegs = 1 + rng.below(2.min(model.cols.len() as u64)) as usize;
            let mut segs: Vec<(String, bool)> = Vec::new();
            while segs.len() < nsegs {
                let c = &model.cols[rng.below(model.cols.len() as u64) as usize];
                if !segs.iter().any(|(n, _)| *n == c.name) {
                    segs.push((c.name.clone(), rng.chance(3)));
                }
            }
            model.next_index += 1;
            let ix = MIndex {
                name: format!("x{}", model.next_index),
                segs,
                unique: rng.chance(3),
                ignore_any_null: rng.chance(2),
            };
            let r = db.create_index(&table, &index_spec(&ix));
            if ix.unique && !model.unique_ok_over_all(&ix) {
                assert_eq!(
                    r.unwrap_err().code(),
                    ErrorCode::KeyDuplicate,
                    "{ctx}: create {ix:?}"
                );
            } else {
                r.unwrap_or_else(|e| panic!("{ctx}: create index {ix:?}: {e}"));
                model.indexes.push(ix);
                model.done[2] += 1;
            }
        }
        4 => {
            // Delete an index.
            if model.indexes.is_empty() {
                return;
            }
            let i = rng.below(model.indexes.len() as u64) as usize;
            let name = model.indexes[i].name.clone();
            db.delete_index(&table, &name)
                .unwrap_or_else(|e| panic!("{ctx}: delete index {name}: {e}"));
            model.indexes.remove(i);
            model.done[3] += 1;
        }
        _ => {
            // Rename the table.
            let to = if model.table == "t" { "renamed" } else { "t" };
            db.rename_table(&table, to)
                .unwrap_or_else(|e| panic!("{ctx}: rename: {e}"));
            assert_eq!(
                db.table(&table).unwrap_err().code(),
                ErrorCode::ObjectNotFound,
                "{ctx}"
            );
            model.table = to.to_string();
            model.done[4] += 1;
        }
    }
}

fn seeds() -> Vec<u64> {
    match std::env::var("SCHEMA_SEED") {
        Ok(s) => vec![s.parse().unwrap()],
        Err(_) => vec![1, 2, 3, 4],
    }
}

#[test]
fn schema_model() {
    let steps = std::env::var("SCHEMA_OPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1500);
    for seed in seeds() {
        eprintln!("schema model seed {seed}");
        run(seed, steps);
    }
}
