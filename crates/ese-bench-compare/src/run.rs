//! The driver: runs every workload of one repetition against one engine, each load on a fresh
//! database in a fresh folder, and turns the timings into [`Measurement`]s.
//!
//! Per engine and repetition:
//! 1. `load_seq`: create (not timed), insert every record with keys in order in batches of
//!    [`BATCH`], close (timed: the clean close is part of the load); `size_seq`: the bytes of
//!    every file in the folder afterwards.
//! 2. reopen (not timed), one full scan to warm the caches (not timed, checked), then `scan`:
//!    a second full scan, counting records and summing value bytes (checked).
//! 3. `read`: point reads of random existing keys, [`BATCH`] per read transaction, each value
//!    checked by length.
//! 4. `index_build`: the secondary index over value[0..8] (checked afterwards by counting its
//!    entries, not timed), then `index_read`: lookups through it, each checked.
//! 5. close, then `load_rand` and `size_rand` as in 1 with 16-byte random keys in a fresh
//!    folder, checked afterwards by a scan (not timed).
//!
//! What must hold: a check that fails stops the run with an error; nothing is timed that one
//! engine does and another does not.

use crate::data::{Dataset, RAND_KEY_LEN, SEQ_KEY_LEN, VALUE_LEN};
use crate::engines::{Engine, Kv, Result, BATCH};
use crate::report::Measurement;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The inputs of every workload, borrowed from one [`Dataset`].
pub struct Inputs<'a> {
    /// The records of the ordered load.
    pub seq: Vec<Kv<'a>>,
    /// The records of the random load, in insertion order.
    pub rand: Vec<Kv<'a>>,
    /// Keys for the point reads.
    pub read_keys: Vec<&'a [u8]>,
    /// Values whose prefix the index lookups search.
    pub index_values: Vec<&'a [u8]>,
}

impl<'a> Inputs<'a> {
    /// Borrows everything from `data` and `seq_keys` (from [`Dataset::seq_keys`]).
    pub fn new(data: &'a Dataset, seq_keys: &'a [[u8; SEQ_KEY_LEN]]) -> Inputs<'a> {
        let n = data.records;
        Inputs {
            seq: (0..n).map(|i| (&seq_keys[i][..], data.value(i))).collect(),
            rand: (0..n).map(|i| (data.rand_key(i), data.value(i))).collect(),
            read_keys: data.read_probes.iter().map(|&i| &seq_keys[i][..]).collect(),
            index_values: data.index_probes.iter().map(|&i| data.value(i)).collect(),
        }
    }
}

fn secs(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

fn check(what: &str, got: u64, want: u64) -> Result<()> {
    if got != want {
        return Err(format!("{what}: {got}, expected {want}").into());
    }
    Ok(())
}

/// The bytes of every file under `dir`.
pub fn dir_size(dir: &Path) -> Result<u64> {
    let mut total = 0;
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let meta = e.metadata()?;
        total += if meta.is_dir() {
            dir_size(&e.path())?
        } else {
            meta.len()
        };
    }
    Ok(total)
}

/// A fresh, empty folder under `base`.
fn fresh_dir(base: &Path, name: &str) -> Result<PathBuf> {
    let dir = base.join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Loads `records` into a fresh database of `engine` in `dir`; returns the seconds taken by
/// the inserts and the close.
fn load(engine: &dyn Engine, dir: &Path, key_len: usize, records: &[Kv<'_>]) -> Result<f64> {
    let mut loader = engine.create(dir, key_len)?;
    let t = Instant::now();
    for batch in records.chunks(BATCH) {
        loader.insert_batch(batch)?;
    }
    loader.close()?;
    Ok(secs(t))
}

/// Runs every workload of repetition `rep` against `engine` in folders under `base`.
pub fn run_engine(
    engine: &dyn Engine,
    rep: usize,
    base: &Path,
    inputs: &Inputs<'_>,
    out: &mut dyn FnMut(Measurement),
) -> Result<()> {
    let name = engine.name();
    let n = inputs.seq.len() as u64;
    let mut emit = |workload, value, unit, ops| {
        out(Measurement {
            engine: name.to_string(),
            workload,
            rep,
            value,
            unit,
            ops,
        })
    };
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    let us_per_op = |s: f64, ops: usize| s * 1e6 / ops.max(1) as f64;

    // 1. The ordered load.
    let dir = fresh_dir(base, &format!("{name}-{rep}-seq"))?;
    let s = load(engine, &dir, SEQ_KEY_LEN, &inputs.seq)?;
    emit("load_seq", s, "s", n);
    emit("size_seq", mib(dir_size(&dir)?), "MiB", n);

    // 2. Scans: one to warm, one timed.
    let mut store = engine.open(&dir, SEQ_KEY_LEN)?;
    let (count, bytes) = store.scan()?;
    check("records after the ordered load", count, n)?;
    check(
        "value bytes after the ordered load",
        bytes,
        n * VALUE_LEN as u64,
    )?;
    let t = Instant::now();
    let (count, bytes) = store.scan()?;
    let s = secs(t);
    check("records scanned", count, n)?;
    check("value bytes scanned", bytes, n * VALUE_LEN as u64)?;
    emit("scan", s, "s", count);

    // 3. Point reads.
    let t = Instant::now();
    let mut bytes = 0;
    for batch in inputs.read_keys.chunks(BATCH) {
        bytes += store.get_batch(batch)?;
    }
    let s = secs(t);
    let reads = inputs.read_keys.len();
    check("value bytes read", bytes, (reads * VALUE_LEN) as u64)?;
    emit("read", us_per_op(s, reads), "us/op", reads as u64);

    // 4. The secondary index and lookups through it.
    let t = Instant::now();
    store.build_index()?;
    let s = secs(t);
    let entries = store.index_len()?;
    check("secondary-index entries", entries, n)?;
    emit("index_build", s, "s", entries);
    let t = Instant::now();
    let mut bytes = 0;
    for batch in inputs.index_values.chunks(BATCH) {
        bytes += store.index_get_batch(batch)?;
    }
    let s = secs(t);
    let lookups = inputs.index_values.len();
    check(
        "value bytes found through the index",
        bytes,
        (lookups * VALUE_LEN) as u64,
    )?;
    emit("index_read", us_per_op(s, lookups), "us/op", lookups as u64);
    store.close()?;
    std::fs::remove_dir_all(&dir)?;

    // 5. The random load, checked by a scan afterwards.
    let dir = fresh_dir(base, &format!("{name}-{rep}-rand"))?;
    let s = load(engine, &dir, RAND_KEY_LEN, &inputs.rand)?;
    let size = dir_size(&dir)?;
    let mut store = engine.open(&dir, RAND_KEY_LEN)?;
    let (count, _) = store.scan()?;
    store.close()?;
    check("records after the random load", count, n)?;
    emit("load_rand", s, "s", count);
    emit("size_rand", mib(size), "MiB", count);
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
