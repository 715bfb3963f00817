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
//! Steps 1–5 are the `base` workloads. The `concurrent` workload (see [`concurrent`]) loads
//! the ordered records into a fresh folder (not timed), then runs [`READERS`] reader threads
//! and one writer thread on that database for a fixed time: `conc_read` (reads per second, all
//! readers together), `conc_read_p99` (99th percentile of one read's latency), `conc_write`
//! (commits per second) and `conc_write_p99` (99th percentile of one update transaction's
//! latency, commit included).
//!
//! The `durable` workloads (durable commit latency against the disk's `fdatasync`, group
//! commit, a lazily committed bulk load, and ese-rs's recovery replay) are described in
//! `crate::durable`; they run after the others, in folders of their own.
//!
//! The `backup` workload (not in the default set: it loads ~1 GiB per engine) is described
//! in `crate::backup`.
//!
//! What must hold: a check that fails stops the run with an error; nothing is timed that one
//! engine does and another does not.

use crate::data::{Dataset, Rng, RAND_KEY_LEN, SEQ_KEY_LEN, VALUE_LEN};
use crate::engines::{Engine, Kv, Result, Shared, BATCH};
use crate::report::Measurement;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Barrier;
use std::time::{Duration, Instant};

/// Reader threads of the concurrent workload (plus one writer: 8 threads).
pub const READERS: usize = 7;

/// Which workloads a run does.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The single-threaded workloads (loads, scan, point reads, index, sizes).
    pub base: bool,
    /// The concurrent workload, run for this long per engine and repetition.
    pub concurrent: Option<Duration>,
    /// The durable workloads, with their sizes.
    pub durable: Option<crate::durable::DurablePlan>,
    /// The backup workload, with its sizes.
    pub backup: Option<crate::backup::BackupPlan>,
    /// Seed of the concurrent and durable workloads' keys and new values (the same for every
    /// engine within a repetition).
    pub seed: u64,
}

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
pub(crate) fn fresh_dir(base: &Path, name: &str) -> Result<PathBuf> {
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

/// Runs the workloads of `plan` of repetition `rep` against `engine` in folders under `base`.
pub fn run_engine(
    engine: &dyn Engine,
    rep: usize,
    base: &Path,
    inputs: &Inputs<'_>,
    plan: &Plan,
    out: &mut dyn FnMut(Measurement),
) -> Result<()> {
    let name = engine.name();
    let mut emit = |workload: &'static str, value: f64, unit: &'static str, ops: u64| {
        out(Measurement {
            engine: name.to_string(),
            workload,
            rep,
            value,
            unit,
            ops,
        })
    };
    if plan.base {
        base_workloads(engine, rep, base, inputs, &mut emit)?;
    }
    if let Some(duration) = plan.concurrent {
        let dir = fresh_dir(base, &format!("{name}-{rep}-conc"))?;
        load(engine, &dir, SEQ_KEY_LEN, &inputs.seq)?;
        let seed = plan.seed ^ (rep as u64).rotate_left(32);
        let c = concurrent(engine, &dir, inputs.seq.len(), duration, seed)?;
        emit("conc_read", c.reads_per_sec, "reads/s", c.reads);
        emit("conc_read_p99", c.read_p99_us, "us", c.reads);
        emit("conc_write", c.commits_per_sec, "commits/s", c.commits);
        emit("conc_write_p99", c.commit_p99_us, "us", c.commits);
        std::fs::remove_dir_all(&dir)?;
    }
    if let Some(durable) = &plan.durable {
        let seed = plan.seed ^ (rep as u64).rotate_left(40);
        crate::durable::run(engine, rep, base, &inputs.rand, durable, seed, &mut emit)?;
    }
    if let Some(backup) = &plan.backup {
        let seed = plan.seed ^ (rep as u64).rotate_left(48);
        crate::backup::run(engine, rep, base, backup, seed, &mut emit)?;
    }
    Ok(())
}

/// Steps 1–5 of the module's description.
fn base_workloads(
    engine: &dyn Engine,
    rep: usize,
    base: &Path,
    inputs: &Inputs<'_>,
    emit: &mut dyn FnMut(&'static str, f64, &'static str, u64),
) -> Result<()> {
    let name = engine.name();
    let n = inputs.seq.len() as u64;
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

/// The figures of one concurrent run.
#[derive(Debug, Clone, PartialEq)]
pub struct Concurrent {
    /// Reads done by all readers together.
    pub reads: u64,
    /// Reads per second, all readers together (each reader's count over its own running
    /// time, summed).
    pub reads_per_sec: f64,
    /// 99th percentile of one read's latency, in microseconds.
    pub read_p99_us: f64,
    /// Update transactions the writer committed.
    pub commits: u64,
    /// Commits per second.
    pub commits_per_sec: f64,
    /// 99th percentile of one update transaction's latency (commit included), in
    /// microseconds.
    pub commit_p99_us: f64,
}

/// What one thread of the concurrent (or group-commit) workload did.
#[derive(Debug, Default)]
pub(crate) struct ThreadRun {
    /// Nanoseconds of each operation, saturated at `u32::MAX` (4.3 s).
    pub(crate) latencies: Vec<u32>,
    /// Seconds from the common start to the thread's last operation's end.
    pub(crate) secs: f64,
    /// The writer's last update: record number and value.
    last: Option<(usize, Vec<u8>)>,
}

/// The `q`-quantile of `v` (nearest rank), in microseconds; `v` is reordered.
pub fn quantile_us(v: &mut [u32], q: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1;
    let (_, x, _) = v.select_nth_unstable(rank);
    f64::from(*x) / 1000.0
}

/// Runs one thread's loop: `op` with a fresh random record number until `stop` is set (or
/// `op` fails, which sets it), timing each call.
pub(crate) fn worker(
    start: &Barrier,
    stop: &AtomicBool,
    handle: Result<Box<dyn FnMut(usize) -> Result<()> + '_>>,
    records: usize,
    seed: u64,
) -> Result<ThreadRun> {
    // Every thread reaches the barrier, even one whose handle failed, so none waits forever.
    start.wait();
    let mut op = handle.inspect_err(|_| stop.store(true, Ordering::Relaxed))?;
    let mut rng = Rng::new(seed);
    let mut run = ThreadRun {
        latencies: Vec::with_capacity(1 << 20),
        ..ThreadRun::default()
    };
    let t = Instant::now();
    while !stop.load(Ordering::Relaxed) {
        let i = rng.below(records);
        let t0 = Instant::now();
        if let Err(e) = op(i) {
            stop.store(true, Ordering::Relaxed);
            return Err(e);
        }
        let ns = t0.elapsed().as_nanos();
        run.latencies.push(u32::try_from(ns).unwrap_or(u32::MAX));
    }
    run.secs = secs(t);
    Ok(run)
}

/// The concurrent workload on the loaded database in `dir` (ordered keys, `records` of them):
/// [`READERS`] threads reading random records and one updating random records, one
/// transaction per update, for `duration`; then the writer's last value is read back and
/// compared.
pub fn concurrent(
    engine: &dyn Engine,
    dir: &Path,
    records: usize,
    duration: Duration,
    seed: u64,
) -> Result<Concurrent> {
    let shared = engine.open_shared(dir, SEQ_KEY_LEN)?;
    let result = run_concurrent(shared.as_ref(), records, duration, seed);
    let closed = shared.close();
    let c = result?;
    closed?;
    Ok(c)
}

fn run_concurrent(
    shared: &dyn Shared,
    records: usize,
    duration: Duration,
    seed: u64,
) -> Result<Concurrent> {
    let start = Barrier::new(READERS + 2);
    let stop = AtomicBool::new(false);
    let (readers, writer) = std::thread::scope(|s| {
        let readers: Vec<_> = (0..READERS)
            .map(|t| {
                let (start, stop) = (&start, &stop);
                s.spawn(move || {
                    let handle = shared.reader().map(|mut r| {
                        // `get` checks the value's length.
                        Box::new(move |i: usize| r.get(&Dataset::seq_key(i)).map(|_| ()))
                            as Box<dyn FnMut(usize) -> Result<()>>
                    });
                    worker(start, stop, handle, records, seed ^ (t as u64 + 1))
                })
            })
            .collect();
        let writer = {
            let (start, stop) = (&start, &stop);
            s.spawn(move || {
                let mut rng = Rng::new(!seed);
                let last = std::cell::RefCell::new(None);
                let handle = shared.writer().map(|mut w| {
                    let last = &last;
                    Box::new(move |i: usize| {
                        let mut value = vec![0u8; VALUE_LEN];
                        rng.fill(&mut value);
                        w.update(&Dataset::seq_key(i), &value)?;
                        *last.borrow_mut() = Some((i, value));
                        Ok(())
                    }) as Box<dyn FnMut(usize) -> Result<()>>
                });
                let mut run = worker(start, stop, handle, records, !seed ^ 1)?;
                run.last = last.take();
                Ok::<ThreadRun, crate::engines::Error>(run)
            })
        };
        start.wait();
        std::thread::sleep(duration);
        stop.store(true, Ordering::Relaxed);
        let readers: Vec<Result<ThreadRun>> = readers
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err("a reader panicked".into())))
            .collect();
        let writer = writer
            .join()
            .unwrap_or_else(|_| Err("the writer panicked".into()));
        (readers, writer)
    });
    let mut writer = writer?;
    let mut read_latencies = Vec::new();
    let mut reads_per_sec = 0.0;
    for r in readers {
        let r = r?;
        reads_per_sec += r.latencies.len() as f64 / r.secs.max(1e-9);
        read_latencies.extend_from_slice(&r.latencies);
    }
    let reads = read_latencies.len() as u64;
    let commits = writer.latencies.len() as u64;
    if reads == 0 || commits == 0 {
        return Err(format!("concurrent run: {reads} reads and {commits} commits").into());
    }
    // The writer's last commit is what a new read sees.
    let (i, value) = writer.last.take().ok_or("the writer kept no last value")?;
    let got = shared.reader()?.value(&Dataset::seq_key(i))?;
    if got != value {
        return Err("the writer's last committed value does not read back".into());
    }
    Ok(Concurrent {
        reads,
        reads_per_sec,
        read_p99_us: quantile_us(&mut read_latencies, 0.99),
        commits,
        commits_per_sec: commits as f64 / writer.secs.max(1e-9),
        commit_p99_us: quantile_us(&mut writer.latencies, 0.99),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_by_nearest_rank() {
        let mut v: Vec<u32> = (1..=100).map(|x| x * 1000).collect();
        assert_eq!(quantile_us(&mut v, 0.99), 99.0);
        assert_eq!(quantile_us(&mut v, 0.5), 50.0);
        assert_eq!(quantile_us(&mut [7000], 0.99), 7.0);
        assert!(quantile_us(&mut [], 0.99).is_nan());
    }
}
