//! A concurrent model of transactions, checked for snapshot isolation.
//!
//! Eight sessions, each on its own thread, run random work on one table whose small
//! key space makes conflicts frequent: point reads, scans and range reads through
//! the primary and a secondary index, inserts, replaces, deletes, escrow updates,
//! nested levels with inner rollbacks, explicit rollbacks, read-only transactions
//! and single operations outside any transaction. Every value written is a tag no
//! other write uses, so a read names the write it observed. A write conflict rolls
//! the transaction back and counts as an abort; any other error is a failure.
//!
//! After the threads end, the checker replays the committed writes in commit
//! timestamp order and proves over the recorded history that every read of every
//! transaction (committed or aborted) returned exactly the state as of its snapshot
//! plus its own surviving writes (no dirty, stale or non-repeatable read), that no
//! two committed writers of one record overlapped (no lost update; two escrow
//! deltas may), that escrow reads and totals add up, and that reads outside a
//! transaction returned a committed state of their time. Then the database's own
//! check runs and a final read through both indexes must equal the model.
//!
//! A seed that takes far longer than expected fails as a deadlock; a panic on any
//! thread fails the seed. `MODEL_SEEDS=n` runs seeds `0..n` (16 by default) and
//! `MODEL_SEED=n` replays one, as a failure says:
//!
//! ```text
//! MODEL_SEED=7 cargo test -p ese --release --test concurrent_model
//! ```

mod common;

use common::Scratch;
use ese::db::{KeyLimit, Prep, SeekGrbit};
use ese::format::coltype::Value;
use ese::record::schema::parse_schema;
use ese::record::Cell;
use ese::{CreateOptions, Cursor, ErrorCode, Instance, Record, Session};
use ese_os::{Rng, SplitMix64};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const THREADS: usize = 8;
/// Record ids `0..KEYS` are inserted, replaced and deleted.
const KEYS: i32 = 48;
/// Escrow counters: only escrow updates change them, so many deltas meet.
const COUNTERS: std::ops::Range<i32> = 1000..1004;
/// Transactions (or single operations) each thread runs per seed.
const STEPS: usize = 500;
const DEFAULT_SEEDS: u64 = 16;
/// Far beyond what one seed needs; past it the seed counts as deadlocked.
const SEED_TIMEOUT: Duration = Duration::from_secs(60);

// Column ids: id 1, val 2 (the writer's tag), cnt 3 (escrow).
const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "val", "type": "Long"},
              {"name": "cnt", "type": "Long", "flags": ["EscrowUpdate"], "default": 0}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
              {"name": "byval", "key": ["+val"]}]}]}"#;

/// A record as a reader sees it: `(val, cnt)`, or absent.
type State = Option<(i32, i32)>;

/// One write of one record.
#[derive(Debug, Clone, Copy)]
enum Op {
    Insert(i32),
    Replace(i32),
    Delete,
    Delta(i32),
}

impl Op {
    fn is_delta(self) -> bool {
        matches!(self, Op::Delta(_))
    }

    /// The record after this write, or why the write could not have happened.
    fn apply(self, before: State) -> Result<State, &'static str> {
        match (self, before) {
            (Op::Insert(tag), None) => Ok(Some((tag, 0))),
            (Op::Insert(_), Some(_)) => Err("insert over a live record"),
            (Op::Replace(tag), Some((_, cnt))) => Ok(Some((tag, cnt))),
            (Op::Delete, Some(_)) => Ok(None),
            (Op::Delta(d), Some((v, cnt))) => Ok(Some((v, cnt.wrapping_add(d)))),
            (_, None) => Err("change of an absent record"),
        }
    }
}

/// What a transaction did, in order.
#[derive(Debug)]
enum Ev {
    /// A nested level began.
    Begin,
    /// The innermost nested level committed.
    Commit,
    /// The innermost nested level rolled back.
    Rollback,
    /// A point read through the primary index.
    Read { key: i32, got: State },
    /// A scan of `[lo, hi]` of the primary index (ids) or of `byval` (vals):
    /// `(id, val, cnt)` in index order.
    Scan {
        by_val: bool,
        lo: i32,
        hi: i32,
        got: Vec<(i32, i32, i32)>,
    },
    /// An insert of `key` was refused as a duplicate: the key is there.
    Exists { key: i32 },
    /// A write that succeeded.
    Write { key: i32, op: Op },
}

/// One transaction: its snapshot, its commit timestamp (`None`: aborted) and events.
#[derive(Debug)]
struct TxnRec {
    thread: usize,
    snapshot: u64,
    commit: Option<u64>,
    events: Vec<Ev>,
}

/// One operation outside any transaction, between the last commits `lo` and `hi`
/// seen before and after it.
#[derive(Debug)]
enum AutoRec {
    Read {
        key: i32,
        got: State,
        lo: u64,
        hi: u64,
    },
    Write {
        key: i32,
        op: Op,
        lo: u64,
        hi: u64,
    },
}

#[derive(Debug, Default)]
struct ThreadOut {
    txns: Vec<TxnRec>,
    autos: Vec<AutoRec>,
}

/// How often things happened, to show the run exercised what it claims to.
#[derive(Debug, Default, Clone, Copy)]
struct Stats {
    commits: u64,
    conflicts: u64,
    rollbacks: u64,
    inner_rollbacks: u64,
    deltas: u64,
    duplicates: u64,
    auto_writes: u64,
    reads: u64,
}

impl Stats {
    fn add(&mut self, o: &Stats) {
        self.commits += o.commits;
        self.conflicts += o.conflicts;
        self.rollbacks += o.rollbacks;
        self.inner_rollbacks += o.inner_rollbacks;
        self.deltas += o.deltas;
        self.duplicates += o.duplicates;
        self.auto_writes += o.auto_writes;
        self.reads += o.reads;
    }
}

fn all_keys() -> impl Iterator<Item = i32> {
    (0..KEYS).chain(COUNTERS)
}

fn long(r: &Record, name: &str) -> ese::Result<i32> {
    match r.get(name)?.first() {
        Some(Value::Long(v)) => Ok(*v),
        other => panic!("column {name} holds {other:?}"),
    }
}

fn current(c: &Cursor) -> ese::Result<(i32, i32, i32)> {
    let r = c.record()?;
    Ok((long(&r, "id")?, long(&r, "val")?, long(&r, "cnt")?))
}

/// Seeks record `id` on the primary index: whether it is there.
fn goto(c: &mut Cursor, id: i32) -> ese::Result<bool> {
    c.make_key(&[Some(Value::Long(id))], KeyLimit::None)?;
    match c.seek(SeekGrbit::Eq) {
        Ok(_) => Ok(true),
        Err(e) if e.code() == ErrorCode::RecordNotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// The entries of the cursor's index whose key column lies in `[lo, hi]`.
fn scan(c: &mut Cursor, lo: i32, hi: i32) -> ese::Result<Vec<(i32, i32, i32)>> {
    let mut out = Vec::new();
    c.make_key(&[Some(Value::Long(lo))], KeyLimit::None)?;
    let mut r = c.seek(SeekGrbit::Ge).map(|_| ());
    if r.is_ok() {
        c.make_key(&[Some(Value::Long(hi))], KeyLimit::None)?;
        r = c.set_index_range(true);
    }
    loop {
        match r {
            Ok(()) => out.push(current(c)?),
            Err(e)
                if matches!(
                    e.code(),
                    ErrorCode::NoCurrentRecord | ErrorCode::RecordNotFound
                ) =>
            {
                return Ok(out)
            }
            Err(e) => return Err(e),
        }
        r = c.move_next();
    }
}

fn insert(c: &mut Cursor, id: i32, tag: i32) -> ese::Result<()> {
    c.prepare_update(Prep::Insert)?;
    c.set_column(1, Some(Cell::Value(Value::Long(id))), 1)?;
    c.set_column(2, Some(Cell::Value(Value::Long(tag))), 1)?;
    let r = c.update();
    c.cancel_update();
    r.map(|_| ())
}

/// Replaces the val of the current record.
fn replace(c: &mut Cursor, tag: i32) -> ese::Result<()> {
    c.prepare_update(Prep::Replace)?;
    c.set_column(2, Some(Cell::Value(Value::Long(tag))), 1)?;
    let r = c.update();
    c.cancel_update();
    r.map(|_| ())
}

/// The last commit timestamp, as a transaction begun now reads as of.
fn last_commit(s: &Session) -> u64 {
    s.begin_transaction().unwrap();
    let ts = s.snapshot_timestamp().unwrap();
    s.rollback().unwrap();
    ts
}

/// Why a transaction stopped early.
enum Stop {
    Conflict,
}

/// One session's thread.
struct Worker<'a> {
    thread: usize,
    rng: SplitMix64,
    s: Session,
    /// On the primary index.
    cp: Cursor,
    /// On `byval`.
    cv: Cursor,
    next_tag: i32,
    /// Writes outside transactions run one at a time, so each one's commit
    /// timestamp is the only one in its window no transaction claims.
    auto_lock: &'a Mutex<()>,
    out: ThreadOut,
    stats: Stats,
}

impl Worker<'_> {
    fn chance(&mut self, percent: u64) -> bool {
        self.rng.gen_range(0..100) < percent
    }

    fn below(&mut self, n: u64) -> i32 {
        self.rng.gen_range(0..n) as i32
    }

    fn tag(&mut self) -> i32 {
        self.next_tag += 1;
        self.next_tag
    }

    /// `Ok` passes, a write conflict stops the transaction, anything else fails.
    fn ok<T>(&self, r: ese::Result<T>, what: &str) -> Result<T, Stop> {
        match r {
            Ok(v) => Ok(v),
            Err(e) if e.code() == ErrorCode::WriteConflict => Err(Stop::Conflict),
            Err(e) => panic!("thread {}: {what}: {e}", self.thread),
        }
    }

    fn random_key(&mut self) -> i32 {
        if self.chance(12) {
            COUNTERS.start + self.below((COUNTERS.end - COUNTERS.start) as u64)
        } else {
            self.below(KEYS as u64)
        }
    }

    fn point_read(&mut self, key: i32, ev: &mut Vec<Ev>) -> Result<State, Stop> {
        self.stats.reads += 1;
        let found = goto(&mut self.cp, key);
        let got = match self.ok(found, "seek")? {
            true => {
                let (id, val, cnt) = self.ok(current(&self.cp), "read")?;
                assert_eq!(id, key, "thread {}: seek landed elsewhere", self.thread);
                Some((val, cnt))
            }
            false => None,
        };
        ev.push(Ev::Read { key, got });
        Ok(got)
    }

    fn random_scan(&mut self, ev: &mut Vec<Ev>) -> Result<(), Stop> {
        self.stats.reads += 1;
        let by_val = self.chance(50);
        let (lo, hi) = match (by_val, self.chance(50)) {
            (_, true) => (i32::MIN, i32::MAX),
            (false, false) => {
                let lo = self.below(KEYS as u64 + 8) - 4;
                (lo, lo + self.below(16))
            }
            (true, false) => {
                // Tags of one thread (or of the initial records) lie together.
                let t = self.below(THREADS as u64 + 1);
                let lo = (t << 24) + self.below(64);
                (lo, lo + self.below(128))
            }
        };
        let c = if by_val { &mut self.cv } else { &mut self.cp };
        let r = scan(c, lo, hi);
        let got = self.ok(r, "scan")?;
        ev.push(Ev::Scan {
            by_val,
            lo,
            hi,
            got,
        });
        Ok(())
    }

    /// Reads a random key, then changes it as its presence allows.
    fn random_write(&mut self, ev: &mut Vec<Ev>) -> Result<(), Stop> {
        let key = self.random_key();
        let seen = self.point_read(key, ev)?;
        let counter = COUNTERS.contains(&key);
        let roll = self.below(100);
        let op = match seen {
            Some(_) if counter || roll < 25 => {
                let d = self.below(200) - 100;
                // The value before that escrow_update returns is the page's, with
                // other transactions' uncommitted deltas in it (as ESE's is), so it
                // is no snapshot read and the checker does not hold it to one.
                let r = self.cp.escrow_update(3, i64::from(d), false);
                self.ok(r, "escrow update")?;
                self.stats.deltas += 1;
                Op::Delta(d)
            }
            Some(_) if roll < 65 => {
                let tag = self.tag();
                let r = replace(&mut self.cp, tag);
                self.ok(r, "replace")?;
                Op::Replace(tag)
            }
            Some(_) if roll < 88 => {
                let r = self.cp.delete();
                self.ok(r, "delete")?;
                Op::Delete
            }
            _ => {
                let tag = self.tag();
                match insert(&mut self.cp, key, tag) {
                    Err(e) if e.code() == ErrorCode::KeyDuplicate => {
                        self.stats.duplicates += 1;
                        ev.push(Ev::Exists { key });
                        return Ok(());
                    }
                    r => self.ok(r, "insert")?,
                }
                Op::Insert(tag)
            }
        };
        ev.push(Ev::Write { key, op });
        Ok(())
    }

    fn body(&mut self, read_only: bool, ev: &mut Vec<Ev>) -> Result<(), Stop> {
        let n = 1 + self.below(8);
        for _ in 0..n {
            let level = self.s.transaction_level();
            if !read_only && level < 4 && self.chance(8) {
                self.s.begin_transaction().unwrap();
                ev.push(Ev::Begin);
            } else if level > 1 && self.chance(10) {
                if self.chance(50) {
                    self.s.rollback().unwrap();
                    self.stats.inner_rollbacks += 1;
                    ev.push(Ev::Rollback);
                } else {
                    assert_eq!(self.s.commit_transaction().unwrap(), None);
                    ev.push(Ev::Commit);
                }
            }
            let roll = self.below(100);
            if roll < 30 || (read_only && roll < 80) {
                let key = self.random_key();
                self.point_read(key, ev)?;
            } else if roll < 45 || read_only {
                self.random_scan(ev)?;
            } else {
                self.random_write(ev)?;
            }
        }
        if read_only && self.chance(20) {
            let key = self.random_key();
            if self.point_read(key, ev)?.is_some() {
                let e = self.cp.prepare_update(Prep::Replace).unwrap_err();
                assert_eq!(e.code(), ErrorCode::TransReadOnly, "{e}");
            }
        }
        Ok(())
    }

    fn transaction(&mut self) {
        let read_only = self.chance(10);
        if read_only {
            self.s.begin_read_only_transaction().unwrap();
        } else {
            self.s.begin_transaction().unwrap();
        }
        let snapshot = self.s.snapshot_timestamp().unwrap();
        let mut events = Vec::new();
        let r = self.body(read_only, &mut events);
        let commit = match r {
            Err(Stop::Conflict) => {
                self.stats.conflicts += 1;
                self.s.rollback_all().unwrap();
                None
            }
            Ok(()) if self.chance(7) => {
                self.stats.rollbacks += 1;
                self.s.rollback_all().unwrap();
                None
            }
            Ok(()) => loop {
                match self.s.commit_transaction().unwrap() {
                    Some(ts) => break Some(ts),
                    None => events.push(Ev::Commit),
                }
            },
        };
        assert_eq!(self.s.transaction_level(), 0);
        if commit.is_some() {
            self.stats.commits += 1;
        }
        self.out.txns.push(TxnRec {
            thread: self.thread,
            snapshot,
            commit,
            events,
        });
    }

    /// One read or write outside any transaction.
    fn autocommit(&mut self) {
        let key = self.random_key();
        if self.chance(50) || COUNTERS.contains(&key) {
            let lo = last_commit(&self.s);
            let got = match goto(&mut self.cp, key).unwrap() {
                false => None,
                true => match current(&self.cp) {
                    Ok((_, val, cnt)) => Some((val, cnt)),
                    // Deleted between the seek and the read.
                    Err(e) if e.code() == ErrorCode::RecordNotFound => None,
                    Err(e) => panic!("thread {}: read outside a transaction: {e}", self.thread),
                },
            };
            let hi = last_commit(&self.s);
            self.out.autos.push(AutoRec::Read { key, got, lo, hi });
            return;
        }
        let tag = self.tag();
        let delete = self.chance(30);
        let guard = self.auto_lock.lock().unwrap();
        let lo = last_commit(&self.s);
        let (op, r) = match goto(&mut self.cp, key).unwrap() {
            false => (Op::Insert(tag), insert(&mut self.cp, key, tag)),
            true if delete => (Op::Delete, self.cp.delete()),
            true => (Op::Replace(tag), replace(&mut self.cp, tag)),
        };
        let hi = last_commit(&self.s);
        drop(guard);
        match r {
            Ok(()) => {
                self.stats.auto_writes += 1;
                self.out.autos.push(AutoRec::Write { key, op, lo, hi });
            }
            // Another session changed the record between the seek and the write.
            Err(e)
                if matches!(
                    e.code(),
                    ErrorCode::WriteConflict | ErrorCode::KeyDuplicate | ErrorCode::RecordNotFound
                ) => {}
            Err(e) => panic!("thread {}: {op:?} outside a transaction: {e}", self.thread),
        }
    }

    fn run(mut self) -> (ThreadOut, Stats) {
        for _ in 0..STEPS {
            if self.chance(10) {
                self.autocommit();
            } else {
                self.transaction();
            }
        }
        (self.out, self.stats)
    }
}

/// Everything one seed recorded.
struct History {
    initial: BTreeMap<i32, State>,
    initial_ts: u64,
    txns: Vec<TxnRec>,
    autos: Vec<AutoRec>,
}

/// The committed writes of one transaction, as the checker orders them.
struct Commit {
    ts: u64,
    /// For the lost-update rule; a write outside a transaction counts as reading
    /// just before it commits, the weakest claim it can make.
    snapshot: u64,
    writes: Vec<(i32, Op)>,
    who: String,
}

/// The writes of `events` that survive the nested rollbacks among them.
fn surviving_writes(events: &[Ev]) -> Vec<(i32, Op)> {
    let mut levels: Vec<Vec<(i32, Op)>> = vec![Vec::new()];
    for e in events {
        match e {
            Ev::Begin => levels.push(Vec::new()),
            Ev::Commit => {
                let top = levels.pop().unwrap();
                levels.last_mut().unwrap().extend(top);
            }
            Ev::Rollback => {
                levels.pop();
            }
            Ev::Write { key, op } => levels.last_mut().unwrap().push((*key, *op)),
            _ => {}
        }
    }
    levels.into_iter().flatten().collect()
}

/// Each record's states in commit order: `(commit timestamp, state from then on)`.
struct Model {
    keys: HashMap<i32, Vec<(u64, State)>>,
    last_ts: u64,
    /// The sum of every committed escrow delta on the counters.
    counter_deltas: i64,
}

impl Model {
    fn at(&self, key: i32, ts: u64) -> State {
        let h = &self.keys[&key];
        let i = h.partition_point(|(t, _)| *t <= ts);
        assert!(i > 0, "snapshot {ts} predates the initial records");
        h[i - 1].1
    }

    /// The states record `key` had at some time in `[lo, hi]`.
    fn during(&self, key: i32, lo: u64, hi: u64) -> Vec<State> {
        let mut out = vec![self.at(key, lo)];
        out.extend(
            self.keys[&key]
                .iter()
                .filter(|(t, _)| *t > lo && *t <= hi)
                .map(|(_, s)| *s),
        );
        out
    }

    fn rows(&self, view: impl Fn(i32) -> State) -> Vec<(i32, i32, i32)> {
        all_keys()
            .filter_map(|k| view(k).map(|(v, c)| (k, v, c)))
            .collect()
    }
}

/// What the reader expects a scan to return, given its view of each record.
fn expected_scan(
    view: impl Fn(i32) -> State,
    by_val: bool,
    lo: i32,
    hi: i32,
) -> Vec<(i32, i32, i32)> {
    let mut rows: Vec<_> = all_keys()
        .filter_map(|k| view(k).map(|(v, c)| (k, v, c)))
        .filter(|&(k, v, _)| {
            let x = if by_val { v } else { k };
            lo <= x && x <= hi
        })
        .collect();
    if by_val {
        rows.sort_by_key(|&(k, v, _)| (v, k));
    }
    rows
}

/// Builds the model from the committed writes and proves the rules of the module
/// header over the whole history.
fn check(h: &History) -> Result<Model, String> {
    let mut commits = Vec::new();
    let mut known: HashSet<u64> = HashSet::new();
    for (i, t) in h.txns.iter().enumerate() {
        if let Some(ts) = t.commit {
            if !known.insert(ts) {
                return Err(format!("commit timestamp {ts} given twice"));
            }
            if ts <= t.snapshot {
                return Err(format!(
                    "txn {i} committed at {ts}, not after its snapshot {}",
                    t.snapshot
                ));
            }
            commits.push(Commit {
                ts,
                snapshot: t.snapshot,
                writes: surviving_writes(&t.events),
                who: format!("txn {i} (thread {}, snapshot {})", t.thread, t.snapshot),
            });
        }
    }
    let mut claimed = known.clone();
    for a in &h.autos {
        if let AutoRec::Write { key, op, lo, hi } = a {
            let free: Vec<u64> = (lo + 1..=*hi).filter(|t| !claimed.contains(t)).collect();
            let [ts] = free[..] else {
                return Err(format!(
                    "the write {op:?} of {key} outside a transaction has commit candidates {free:?} in ({lo}, {hi}]"
                ));
            };
            claimed.insert(ts);
            commits.push(Commit {
                ts,
                snapshot: ts - 1,
                writes: vec![(*key, *op)],
                who: format!("autocommit {op:?} of {key}"),
            });
        }
    }
    commits.sort_by_key(|c| c.ts);
    let last_ts = commits.last().map_or(h.initial_ts, |c| c.ts);
    if let Some(t) = (h.initial_ts + 1..=last_ts).find(|t| !claimed.contains(t)) {
        return Err(format!(
            "commit timestamp {t} belongs to no recorded commit"
        ));
    }

    // Replay in commit order; check every write could happen and none was lost.
    let mut cur = h.initial.clone();
    let mut keys: HashMap<i32, Vec<(u64, State)>> = all_keys()
        .map(|k| (k, vec![(h.initial_ts, h.initial[&k])]))
        .collect();
    let mut last_any: HashMap<i32, (u64, &str)> = HashMap::new();
    let mut last_full: HashMap<i32, (u64, &str)> = HashMap::new();
    let mut writer_of: HashMap<i32, String> = h
        .initial
        .values()
        .flatten()
        .map(|&(tag, _)| (tag, "the initial load".to_string()))
        .collect();
    let mut counter_deltas = 0i64;
    for c in &commits {
        let mut touched: BTreeMap<i32, bool> = BTreeMap::new();
        for &(key, op) in &c.writes {
            let s = cur.get_mut(&key).unwrap();
            *s = op
                .apply(*s)
                .map_err(|why| format!("{} commits {op:?} of {key}: {why}", c.who))?;
            *touched.entry(key).or_insert(false) |= !op.is_delta();
            if let (Op::Delta(d), true) = (op, COUNTERS.contains(&key)) {
                counter_deltas += i64::from(d);
            }
            if let Op::Insert(tag) | Op::Replace(tag) = op {
                writer_of.insert(tag, c.who.clone());
            }
        }
        for (&key, &full) in &touched {
            let bound = if full {
                last_any.get(&key)
            } else {
                last_full.get(&key)
            };
            if let Some((ts, who)) = bound {
                if c.snapshot < *ts {
                    return Err(format!(
                        "lost update of {key}: {} (committed at {}) overlaps {who} (committed at {ts})",
                        c.who, c.ts
                    ));
                }
            }
            keys.get_mut(&key).unwrap().push((c.ts, cur[&key]));
            last_any.insert(key, (c.ts, &c.who));
            if full {
                last_full.insert(key, (c.ts, &c.who));
            }
        }
    }
    let model = Model {
        keys,
        last_ts,
        counter_deltas,
    };

    // Where a wrong value came from, for the failure message.
    let mut aborted_tags: HashMap<i32, usize> = HashMap::new();
    for (i, t) in h.txns.iter().enumerate() {
        for e in &t.events {
            if let Ev::Write {
                op: Op::Insert(tag) | Op::Replace(tag),
                ..
            } = e
            {
                if t.commit.is_none() || !writer_of.contains_key(tag) {
                    aborted_tags.insert(*tag, i);
                }
            }
        }
    }
    let origin = |s: &State| -> String {
        match s {
            None => "absence".into(),
            Some((tag, _)) => match (writer_of.get(tag), aborted_tags.get(tag)) {
                (Some(w), _) => format!("the write of {w}"),
                (None, Some(i)) => format!("a write of txn {i} that never committed (dirty read)"),
                (None, None) => "a tag nobody wrote".into(),
            },
        }
    };

    for (i, t) in h.txns.iter().enumerate() {
        check_reads(&model, t).map_err(|(what, got)| {
            format!(
                "txn {i} (thread {}, snapshot {}, commit {:?}): {what}; it read {}\nits events: {:?}",
                t.thread,
                t.snapshot,
                t.commit,
                origin(&got),
                t.events
            )
        })?;
    }
    for a in &h.autos {
        if let AutoRec::Read { key, got, lo, hi } = a {
            let states = model.during(*key, *lo, *hi);
            if !states.contains(got) {
                return Err(format!(
                    "a read of {key} outside a transaction in [{lo}, {hi}] got {got:?} ({}), not one of {states:?}",
                    origin(got)
                ));
            }
        }
    }
    Ok(model)
}

/// Replays one transaction's reads against its snapshot and its own writes: the
/// first wrong read, with the state it returned.
fn check_reads(model: &Model, t: &TxnRec) -> Result<(), (String, State)> {
    let mut own: HashMap<i32, State> = HashMap::new();
    // Per open nested level, the own states its writes replaced.
    let mut undo: Vec<Vec<(i32, Option<State>)>> = vec![Vec::new()];
    for (n, e) in t.events.iter().enumerate() {
        let view = |k: i32| {
            own.get(&k)
                .copied()
                .unwrap_or_else(|| model.at(k, t.snapshot))
        };
        match e {
            Ev::Begin => undo.push(Vec::new()),
            Ev::Commit => {
                let top = undo.pop().unwrap();
                undo.last_mut().unwrap().extend(top);
            }
            Ev::Rollback => {
                for (k, before) in undo.pop().unwrap().into_iter().rev() {
                    match before {
                        Some(s) => own.insert(k, s),
                        None => own.remove(&k),
                    };
                }
            }
            Ev::Read { key, got } => {
                let want = view(*key);
                if *got != want {
                    return Err((
                        format!("event {n}: read of {key} got {got:?}, expected {want:?}"),
                        *got,
                    ));
                }
            }
            Ev::Scan {
                by_val,
                lo,
                hi,
                got,
            } => {
                let want = expected_scan(view, *by_val, *lo, *hi);
                if *got != want {
                    let wrong = got
                        .iter()
                        .find(|r| !want.contains(r))
                        .map(|&(_, v, c)| Some((v, c)))
                        .unwrap_or(None);
                    let index = if *by_val { "byval" } else { "primary" };
                    return Err((
                        format!("event {n}: scan of {index} [{lo}, {hi}] got {got:?}, expected {want:?}"),
                        wrong,
                    ));
                }
            }
            Ev::Exists { key } => {
                let want = view(*key);
                if want.is_none() {
                    return Err((
                        format!(
                            "event {n}: insert of {key} was a duplicate, but the key is absent"
                        ),
                        None,
                    ));
                }
            }
            Ev::Write { key, op } => {
                let before = view(*key);
                let after = op.apply(before).map_err(|why| {
                    (
                        format!("event {n}: {op:?} of {key} succeeded on {before:?}: {why}"),
                        before,
                    )
                })?;
                undo.last_mut().unwrap().push((*key, own.get(key).copied()));
                own.insert(*key, after);
            }
        }
    }
    Ok(())
}

/// Runs one seed: the threads, the checker, the final reads and the database check.
fn run_seed(seed: u64) -> Result<Stats, String> {
    let dir = Scratch::new("model");
    let path = dir.join("model.edb");
    let inst = Instance::new(dir.opts()).map_err(|e| e.to_string())?;
    let mut db = inst
        .create_database(&path, CreateOptions::default())
        .map_err(|e| e.to_string())?;
    db.create_table_spec(&parse_schema(SCHEMA).unwrap().tables[0])
        .map_err(|e| e.to_string())?;

    let mut rng = SplitMix64::new(seed);
    let mut initial: BTreeMap<i32, State> = all_keys().map(|k| (k, None)).collect();
    let setup = inst.begin_session().unwrap();
    let mut c = setup.open_table(&db, "t").unwrap();
    setup.begin_transaction().unwrap();
    for k in all_keys() {
        if COUNTERS.contains(&k) || rng.gen_range(0..2) == 0 {
            // Initial tags lie below every thread's (thread t uses (t + 1) << 24 …).
            let tag = k + 1;
            insert(&mut c, k, tag).unwrap();
            initial.insert(k, Some((tag, 0)));
        }
    }
    let initial_ts = setup.commit_transaction().unwrap().unwrap();
    drop(c);

    let auto_lock = Mutex::new(());
    let results: Vec<std::thread::Result<(ThreadOut, Stats)>> = std::thread::scope(|sc| {
        let handles: Vec<_> = (0..THREADS)
            .map(|thread| {
                let inst = &inst;
                let db = &db;
                let auto_lock = &auto_lock;
                let rng = SplitMix64::new(
                    seed.wrapping_mul(0x9E37_79B9)
                        .wrapping_add(thread as u64 + 1),
                );
                sc.spawn(move || {
                    let s = inst.begin_session().unwrap();
                    let cp = s.open_table(db, "t").unwrap();
                    let mut cv = s.open_table(db, "t").unwrap();
                    cv.set_index(Some("byval")).unwrap();
                    Worker {
                        thread,
                        rng,
                        s,
                        cp,
                        cv,
                        next_tag: ((thread as i32) + 1) << 24,
                        auto_lock,
                        out: ThreadOut::default(),
                        stats: Stats::default(),
                    }
                    .run()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join()).collect()
    });
    let mut h = History {
        initial,
        initial_ts,
        txns: Vec::new(),
        autos: Vec::new(),
    };
    let mut stats = Stats::default();
    for (thread, r) in results.into_iter().enumerate() {
        match r {
            Ok((out, st)) => {
                h.txns.extend(out.txns);
                h.autos.extend(out.autos);
                stats.add(&st);
            }
            Err(p) => return Err(format!("thread {thread} panicked: {}", panic_text(&p))),
        }
    }

    let model = check(&h)?;
    final_reads(&inst, &db, &model)?;
    db.check().map_err(|e| format!("database check: {e}"))?;
    inst.term().map_err(|e| e.to_string())?;
    Ok(stats)
}

/// Reads every record through both indexes and point by point: all must equal the
/// model's last state, and the escrow counters the sum of their committed deltas.
fn final_reads(inst: &Instance, db: &ese::Database, model: &Model) -> Result<(), String> {
    let s = inst.begin_session().unwrap();
    let mut cp = s.open_table(db, "t").unwrap();
    let mut cv = s.open_table(db, "t").unwrap();
    cv.set_index(Some("byval")).unwrap();
    s.begin_transaction().unwrap();
    let ts = s.snapshot_timestamp().unwrap();
    if ts != model.last_ts {
        return Err(format!(
            "the last commit is {ts}, the model's {}",
            model.last_ts
        ));
    }
    let want = model.rows(|k| model.at(k, ts));
    let got = scan(&mut cp, i32::MIN, i32::MAX).map_err(|e| e.to_string())?;
    if got != want {
        return Err(format!("final primary scan {got:?}, model {want:?}"));
    }
    let want_v = expected_scan(|k| model.at(k, ts), true, i32::MIN, i32::MAX);
    let got = scan(&mut cv, i32::MIN, i32::MAX).map_err(|e| e.to_string())?;
    if got != want_v {
        return Err(format!("final byval scan {got:?}, model {want_v:?}"));
    }
    for k in all_keys() {
        let got = match goto(&mut cp, k).map_err(|e| e.to_string())? {
            true => current(&cp)
                .map(|(_, v, c)| Some((v, c)))
                .map_err(|e| e.to_string())?,
            false => None,
        };
        if got != model.at(k, ts) {
            return Err(format!(
                "final read of {k}: {got:?}, model {:?}",
                model.at(k, ts)
            ));
        }
    }
    let total: i64 = got
        .iter()
        .filter(|(k, _, _)| COUNTERS.contains(k))
        .map(|&(_, _, c)| i64::from(c))
        .sum();
    if total != model.counter_deltas {
        return Err(format!(
            "the escrow counters hold {total} in all, their committed deltas add up to {}",
            model.counter_deltas
        ));
    }
    s.commit_transaction().unwrap();
    Ok(())
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "a panic without a message".into())
}

/// Runs `seed` on a thread of its own, failing if it does not finish in time.
fn run_watched(seed: u64) -> Stats {
    let replay =
        format!("replay: MODEL_SEED={seed} cargo test -p ese --release --test concurrent_model");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name(format!("model-seed-{seed}"))
        .spawn(move || {
            let r = std::panic::catch_unwind(|| run_seed(seed));
            let _ = tx.send(r.map_err(|p| panic_text(&p)));
        })
        .unwrap();
    match rx.recv_timeout(SEED_TIMEOUT) {
        Ok(Ok(Ok(stats))) => stats,
        Ok(Ok(Err(msg))) => panic!("seed {seed}: {msg}\n{replay}"),
        Ok(Err(msg)) => panic!("seed {seed} panicked: {msg}\n{replay}"),
        Err(_) => {
            panic!("seed {seed} did not finish within {SEED_TIMEOUT:?} (deadlock?)\n{replay}")
        }
    }
}

fn env_u64(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    Some(
        v.trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v:?} is not a number")),
    )
}

#[test]
fn concurrent_sessions_keep_snapshot_isolation() {
    let seeds: Vec<u64> = match env_u64("MODEL_SEED") {
        Some(s) => vec![s],
        None => (0..env_u64("MODEL_SEEDS").unwrap_or(DEFAULT_SEEDS)).collect(),
    };
    let start = Instant::now();
    let mut total = Stats::default();
    for &seed in &seeds {
        total.add(&run_watched(seed));
    }
    eprintln!(
        "{} seeds × {THREADS} threads × {STEPS} steps in {:.1} s: {total:?}",
        seeds.len(),
        start.elapsed().as_secs_f64()
    );
    // The run must have met what it is meant to check.
    assert!(total.commits > 0 && total.reads > 0, "{total:?}");
    assert!(total.conflicts > 0, "no write conflict happened: {total:?}");
    assert!(
        total.deltas > 0 && total.inner_rollbacks > 0 && total.auto_writes > 0,
        "{total:?}"
    );
    assert!(total.rollbacks > 0 && total.duplicates > 0, "{total:?}");
}

/// An escrow update of a record another transaction deleted (uncommitted, or
/// committed after this one began) is a write conflict, as a replace or delete of
/// it is: the record still exists in this transaction's snapshot.
#[test]
fn escrow_update_of_a_record_deleted_by_another_transaction_conflicts() {
    let dir = Scratch::new("model");
    let path = dir.join("escrow.edb");
    let inst = Instance::new(dir.opts()).unwrap();
    let mut db = inst
        .create_database(&path, CreateOptions::default())
        .unwrap();
    db.create_table_spec(&parse_schema(SCHEMA).unwrap().tables[0])
        .unwrap();
    let a = inst.begin_session().unwrap();
    let b = inst.begin_session().unwrap();
    let mut ca = a.open_table(&db, "t").unwrap();
    let mut cb = b.open_table(&db, "t").unwrap();
    insert(&mut ca, 1, 1).unwrap();
    insert(&mut ca, 2, 2).unwrap();
    for committed in [false, true] {
        let id = if committed { 2 } else { 1 };
        b.begin_transaction().unwrap();
        assert!(goto(&mut cb, id).unwrap());
        a.begin_transaction().unwrap();
        assert!(goto(&mut ca, id).unwrap());
        ca.delete().unwrap();
        if committed {
            a.commit_transaction().unwrap();
        }
        let e = cb.escrow_update(3, 1, false).unwrap_err();
        assert_eq!(e.code(), ErrorCode::WriteConflict, "{e}");
        b.rollback_all().unwrap();
        if !committed {
            a.rollback_all().unwrap();
        }
    }
    db.check().unwrap();
    inst.term().unwrap();
}

/// Rolling back a transaction that deleted a record and then inserted the same key
/// brings back the record as it was, in the table and in its indexes.
#[test]
fn rollback_of_delete_then_insert_of_one_key_restores_the_record() {
    let dir = Scratch::new("model");
    let path = dir.join("reinsert.edb");
    let inst = Instance::new(dir.opts()).unwrap();
    let mut db = inst
        .create_database(&path, CreateOptions::default())
        .unwrap();
    db.create_table_spec(&parse_schema(SCHEMA).unwrap().tables[0])
        .unwrap();
    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    let mut cv = s.open_table(&db, "t").unwrap();
    cv.set_index(Some("byval")).unwrap();
    insert(&mut c, 1, 10).unwrap();
    s.begin_transaction().unwrap();
    assert!(goto(&mut c, 1).unwrap());
    c.delete().unwrap();
    insert(&mut c, 1, 99).unwrap();
    s.rollback().unwrap();
    assert!(goto(&mut c, 1).unwrap());
    assert_eq!(current(&c).unwrap(), (1, 10, 0));
    assert_eq!(scan(&mut cv, i32::MIN, i32::MAX).unwrap(), vec![(1, 10, 0)]);
    db.check().unwrap();
    inst.term().unwrap();
}

/// A replace prepared outside a transaction does not overwrite a change committed
/// after it was prepared (here an escrow delta to a column it leaves alone): the
/// update is a write conflict and the delta stays.
#[test]
fn optimistic_replace_does_not_overwrite_a_later_commit() {
    let dir = Scratch::new("model");
    let path = dir.join("optimistic.edb");
    let inst = Instance::new(dir.opts()).unwrap();
    let mut db = inst
        .create_database(&path, CreateOptions::default())
        .unwrap();
    db.create_table_spec(&parse_schema(SCHEMA).unwrap().tables[0])
        .unwrap();
    let a = inst.begin_session().unwrap();
    let b = inst.begin_session().unwrap();
    let mut ca = a.open_table(&db, "t").unwrap();
    let mut cb = b.open_table(&db, "t").unwrap();
    insert(&mut ca, 1, 10).unwrap();
    assert!(goto(&mut ca, 1).unwrap());
    ca.prepare_update(Prep::Replace).unwrap();
    ca.set_column(2, Some(Cell::Value(Value::Long(11))), 1)
        .unwrap();
    b.begin_transaction().unwrap();
    assert!(goto(&mut cb, 1).unwrap());
    cb.escrow_update(3, 5, false).unwrap();
    b.commit_transaction().unwrap();
    let e = ca.update().unwrap_err();
    assert_eq!(e.code(), ErrorCode::WriteConflict, "{e}");
    ca.cancel_update();
    assert!(goto(&mut ca, 1).unwrap());
    assert_eq!(current(&ca).unwrap(), (1, 10, 5));
    // Prepared again, it sees the delta and keeps it.
    replace(&mut ca, 12).unwrap();
    assert!(goto(&mut ca, 1).unwrap());
    assert_eq!(current(&ca).unwrap(), (1, 12, 5));
    db.check().unwrap();
    inst.term().unwrap();
}
