//! The durable workloads: what a commit that must survive a power cut costs, against the
//! disk's own sync latency, alone and with eight threads committing at once; a bulk load of
//! lazily committed transactions; and (ese-rs only) how fast recovery replays the log.
//!
//! Per engine and repetition, each in a fresh folder on the same disk:
//! 1. `fsync`: [`DurablePlan::fsyncs`] times, append a [`FSYNC_RECORD`]-byte record to a
//!    file and `fdatasync` it (`File::sync_data`), each timed: median and p99. This is the
//!    disk's own latency, measured just before the engine's runs, in the folder they use.
//!    `fsync_pre`: the same, but the records overwrite a file written and synced beforehand
//!    (not timed), so `fdatasync` has no file size to journal: what a log that writes into
//!    pre-allocated files (as ese-rs's does) pays at least.
//! 2. `commit`: a fresh database with durable commits, one thread; [`WARMUP_COMMITS`]
//!    transactions not timed, then [`DurablePlan::commits`] transactions each inserting one
//!    new record (16-byte random key, 100 random bytes) and committing durably, each timed
//!    (insert and commit): median and p99, and each over the same quantile of step 1.
//! 3. `group`: a fresh database with durable commits, 1 thread, then another with
//!    [`GROUP_THREADS`] threads, each committing one-record transactions as in step 2 for
//!    [`DurablePlan::group_secs`]: commits per second (each thread's commits over its own
//!    running time, summed), and the ratio of the two.
//! 4. `bulk`: a fresh database with lazy commits: the first [`DurablePlan::bulk_records`]
//!    records of the random-key load in transactions of [`DurablePlan::bulk_batch`], then one
//!    flush that makes every commit durable; records per second over the whole (inserts,
//!    commits and the flush; the close is not timed).
//! 5. `replay` (ese-rs only): see `crate::replay`.
//!
//! What must hold: after each of steps 2–4 the database holds exactly the records committed
//! (counted, not timed); a database is closed before the next one is made.

use crate::data::{Rng, RAND_KEY_LEN, VALUE_LEN};
use crate::engines::{Commits, DurableDb, Engine, Kv, Result};
use crate::run::{quantile_us, worker, ThreadRun};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Barrier;
use std::time::{Duration, Instant};

/// Threads of the group-commit run.
pub const GROUP_THREADS: usize = 8;
/// Commits made before the timed ones of step 2 (file creation and first allocations).
pub const WARMUP_COMMITS: usize = 10;
/// Bytes appended before each `fdatasync` of step 1.
pub const FSYNC_RECORD: usize = 100;

/// The sizes of the durable workloads.
#[derive(Debug, Clone, PartialEq)]
pub struct DurablePlan {
    /// `fdatasync` calls timed in step 1.
    pub fsyncs: usize,
    /// Durable single-record commits timed in step 2.
    pub commits: usize,
    /// How long each group-commit run lasts.
    pub group_secs: Duration,
    /// Records of the lazy bulk load (at most the run's `--records`).
    pub bulk_records: usize,
    /// Records per transaction of the lazy bulk load.
    pub bulk_batch: usize,
    /// Log bytes the replay writes before it is killed.
    pub replay_bytes: u64,
    /// This binary, run again as the replay's writer.
    pub exe: PathBuf,
}

/// One new record for a single-record commit: a random key and value from `rng`.
fn new_record(rng: &mut Rng) -> ([u8; RAND_KEY_LEN], [u8; VALUE_LEN]) {
    let mut key = [0u8; RAND_KEY_LEN];
    let mut value = [0u8; VALUE_LEN];
    rng.fill(&mut key);
    rng.fill(&mut value);
    (key, value)
}

/// Step 1: nanoseconds of each of `n` appends and `fdatasync`s of a file in `dir`.
pub fn fsync_latencies(dir: &Path, n: usize) -> Result<Vec<u32>> {
    let path = dir.join("fsync.bin");
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)?;
    let record = [0x5Au8; FSYNC_RECORD];
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        file.write_all(&record)?;
        file.sync_data()?;
        out.push(u32::try_from(t.elapsed().as_nanos()).unwrap_or(u32::MAX));
    }
    drop(file);
    std::fs::remove_file(&path)?;
    Ok(out)
}

/// Step 1, `fsync_pre`: nanoseconds of each of `n` overwrites and `fdatasync`s of a file in
/// `dir` that was written and synced to its full size first.
pub fn fsync_pre_latencies(dir: &Path, n: usize) -> Result<Vec<u32>> {
    use std::os::unix::fs::FileExt;
    let path = dir.join("fsync-pre.bin");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(true)
        .read(true)
        .write(true)
        .open(&path)?;
    file.write_all_at(&vec![0u8; n * FSYNC_RECORD], 0)?;
    file.sync_all()?;
    let record = [0x5Au8; FSYNC_RECORD];
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let t = Instant::now();
        file.write_all_at(&record, (i * FSYNC_RECORD) as u64)?;
        file.sync_data()?;
        out.push(u32::try_from(t.elapsed().as_nanos()).unwrap_or(u32::MAX));
    }
    drop(file);
    std::fs::remove_file(&path)?;
    Ok(out)
}

/// Checks that `db` holds `want` records, then closes it.
fn check_and_close(db: Box<dyn DurableDb>, what: &str, want: u64) -> Result<()> {
    let got = db.count();
    let closed = db.close();
    let got = got?;
    closed?;
    if got != want {
        return Err(format!("{what}: {got} records, {want} committed").into());
    }
    Ok(())
}

/// Step 2: nanoseconds of each of `n` durable single-record commits in a fresh database of
/// `engine` in `dir`.
pub fn commit_latencies(engine: &dyn Engine, dir: &Path, n: usize, seed: u64) -> Result<Vec<u32>> {
    let db = engine.create_durable(dir, RAND_KEY_LEN, Commits::Durable)?;
    let run = (|| {
        let mut w = db.writer()?;
        let mut rng = Rng::new(seed);
        let mut out = Vec::with_capacity(n);
        for i in 0..WARMUP_COMMITS + n {
            let (key, value) = new_record(&mut rng);
            let t = Instant::now();
            w.commit(&[(&key[..], &value[..])])?;
            if i >= WARMUP_COMMITS {
                out.push(u32::try_from(t.elapsed().as_nanos()).unwrap_or(u32::MAX));
            }
        }
        Ok::<_, crate::engines::Error>(out)
    })();
    match run {
        Ok(out) => {
            check_and_close(db, "durable commits", (WARMUP_COMMITS + n) as u64)?;
            Ok(out)
        }
        Err(e) => {
            let _ = db.close();
            Err(e)
        }
    }
}

/// The figures of one group-commit run.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Commits of all threads together.
    pub commits: u64,
    /// Commits per second, all threads together.
    pub per_sec: f64,
}

/// Step 3: `threads` threads committing durable single-record transactions for `duration`
/// in a fresh database of `engine` in `dir`.
pub fn group(
    engine: &dyn Engine,
    dir: &Path,
    threads: usize,
    duration: Duration,
    seed: u64,
) -> Result<Group> {
    let db = engine.create_durable(dir, RAND_KEY_LEN, Commits::Durable)?;
    let runs = run_group(db.as_ref(), threads, duration, seed);
    let runs = match runs {
        Ok(r) => r,
        Err(e) => {
            let _ = db.close();
            return Err(e);
        }
    };
    let commits: u64 = runs.iter().map(|r| r.latencies.len() as u64).sum();
    let per_sec = runs
        .iter()
        .map(|r| r.latencies.len() as f64 / r.secs.max(1e-9))
        .sum();
    check_and_close(db, "group commits", commits)?;
    if commits == 0 {
        return Err("group commit: no commit".into());
    }
    Ok(Group { commits, per_sec })
}

fn run_group(
    db: &dyn DurableDb,
    threads: usize,
    duration: Duration,
    seed: u64,
) -> Result<Vec<ThreadRun>> {
    let start = Barrier::new(threads + 1);
    let stop = AtomicBool::new(false);
    let runs: Vec<Result<ThreadRun>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (start, stop) = (&start, &stop);
                s.spawn(move || {
                    let mut rng = Rng::new(seed ^ (t as u64 + 1).rotate_left(17));
                    let handle = db.writer().map(|mut w| {
                        Box::new(move |_: usize| {
                            let (key, value) = new_record(&mut rng);
                            w.commit(&[(&key[..], &value[..])])
                        }) as Box<dyn FnMut(usize) -> Result<()>>
                    });
                    worker(start, stop, handle, 1, seed)
                })
            })
            .collect();
        start.wait();
        std::thread::sleep(duration);
        stop.store(true, Ordering::Relaxed);
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("a committing thread panicked".into()))
            })
            .collect()
    });
    runs.into_iter().collect()
}

/// Step 4: seconds to load `records` in lazily committed transactions of `batch` and make
/// them durable, in a fresh database of `engine` in `dir`.
pub fn bulk_lazy(engine: &dyn Engine, dir: &Path, records: &[Kv<'_>], batch: usize) -> Result<f64> {
    let db = engine.create_durable(dir, RAND_KEY_LEN, Commits::Lazy)?;
    let run = (|| {
        let mut w = db.writer()?;
        let t = Instant::now();
        for chunk in records.chunks(batch.max(1)) {
            w.commit(chunk)?;
        }
        w.flush()?;
        Ok::<_, crate::engines::Error>(t.elapsed().as_secs_f64())
    })();
    match run {
        Ok(s) => {
            check_and_close(db, "lazy bulk load", records.len() as u64)?;
            Ok(s)
        }
        Err(e) => {
            let _ = db.close();
            Err(e)
        }
    }
}

/// Runs steps 1–5 for `engine` in repetition `rep`, in folders under `base`; `rand` holds
/// the random-key records; `seed` is the repetition's seed.
pub fn run(
    engine: &dyn Engine,
    rep: usize,
    base: &Path,
    rand: &[Kv<'_>],
    plan: &DurablePlan,
    seed: u64,
    emit: &mut dyn FnMut(&'static str, f64, &'static str, u64),
) -> Result<()> {
    let name = engine.name();
    let fresh = |step: &str| crate::run::fresh_dir(base, &format!("{name}-{rep}-{step}"));

    // 1. The disk.
    let dir = fresh("fsync")?;
    let mut fs = fsync_latencies(&dir, plan.fsyncs)?;
    std::fs::remove_dir_all(&dir)?;
    let n = fs.len() as u64;
    let (fs50, fs99) = (quantile_us(&mut fs, 0.5), quantile_us(&mut fs, 0.99));
    emit("fsync_p50", fs50, "us", n);
    emit("fsync_p99", fs99, "us", n);
    let dir = fresh("fsync-pre")?;
    let mut pre = fsync_pre_latencies(&dir, plan.fsyncs)?;
    std::fs::remove_dir_all(&dir)?;
    let (pre50, pre99) = (quantile_us(&mut pre, 0.5), quantile_us(&mut pre, 0.99));
    emit("fsync_pre_p50", pre50, "us", n);
    emit("fsync_pre_p99", pre99, "us", n);

    // 2. One thread's durable commits.
    let dir = fresh("commit")?;
    let mut c = commit_latencies(engine, &dir, plan.commits, seed)?;
    std::fs::remove_dir_all(&dir)?;
    let n = c.len() as u64;
    let (c50, c99) = (quantile_us(&mut c, 0.5), quantile_us(&mut c, 0.99));
    emit("commit_p50", c50, "us", n);
    emit("commit_p99", c99, "us", n);
    emit("commit_p50_fsync", c50 / fs50, "x", n);
    emit("commit_p99_fsync", c99 / fs99, "x", n);
    emit("commit_p50_fsync_pre", c50 / pre50, "x", n);

    // 3. Group commit: 1 thread, then GROUP_THREADS.
    let dir = fresh("group1")?;
    let one = group(engine, &dir, 1, plan.group_secs, seed ^ 1)?;
    std::fs::remove_dir_all(&dir)?;
    emit("group_1", one.per_sec, "commits/s", one.commits);
    let dir = fresh("group8")?;
    let many = group(engine, &dir, GROUP_THREADS, plan.group_secs, seed ^ 8)?;
    std::fs::remove_dir_all(&dir)?;
    emit("group_8", many.per_sec, "commits/s", many.commits);
    emit(
        "group_scaling",
        many.per_sec / one.per_sec,
        "x",
        many.commits,
    );

    // 4. The lazy bulk load.
    let records = &rand[..plan.bulk_records.min(rand.len())];
    let dir = fresh("bulk")?;
    let s = bulk_lazy(engine, &dir, records, plan.bulk_batch)?;
    std::fs::remove_dir_all(&dir)?;
    let n = records.len() as u64;
    emit("bulk_lazy", n as f64 / s.max(1e-9), "records/s", n);

    // 5. Recovery replay, ese-rs only.
    if name == crate::report::SUBJECT && plan.replay_bytes > 0 {
        let dir = fresh("replay")?;
        let r = crate::replay::replay(&plan.exe, &dir, plan.replay_bytes, seed)?;
        std::fs::remove_dir_all(&dir)?;
        let mib = r.log_bytes as f64 / (1024.0 * 1024.0);
        emit("replay_log", mib, "MiB", r.records);
        let images = r.image_bytes as f64 / (1024.0 * 1024.0);
        emit("replay_images", images, "MiB", r.records);
        emit("replay_s", r.secs, "s", r.records);
        emit("replay_rate", mib / r.secs.max(1e-9), "MiB/s", r.records);
    }
    Ok(())
}
