//! What a log rollover costs the thread that appends: lazily appended
//! 1,000-byte records on the real disk (5 MiB log files, ESE's default), with a
//! short pause every 100 records as a bulk load's own work would make, first
//! with the next generation made by the appending thread at each rollover
//! (no background flusher), then with it prepared ahead by the background
//! flusher's preparer ([`LogWriter::prepare_next_generation`]). The two modes
//! alternate for `--reps` repetitions so a disk whose speed drifts affects
//! both alike.
//!
//! Each row: MiB appended per second (the final flush included), the slowest
//! `append`, and the sum of the appends that took over 1 ms (the rollover
//! stalls). Run with `cargo bench -p ese --bench log_rollover`; `--mib N`
//! (default 60), `--reps R` (default 3), `--secs T`, `--waits LIST` (µs,
//! default `0,200`) and `--dir DIR` (default: the system's temp folder) change
//! it. Figures are for reading; nothing is asserted.
//!
//! A second table is group commit on the same disk: 1 and 8 threads, each
//! appending a begin and a commit record, spinning 20 µs (a transaction's own
//! work) and flushing to its commit, for `--secs` seconds (default 2): commits
//! per second and per sync of the log file, with the committer about to flush
//! waiting for the others on their way for at most each `LogConfig::group_wait_max`
//! of the list (0: no wait).

use ese::format::log::LogRecord;
use ese::log::{LogConfig, LogWriter};
use ese_os::{
    Clock, EntryKind, File, FileSystem, OpenOptions, SharedFs, SplitMix64, StdFs, SystemClock,
};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// One run: (seconds, slowest append in ms, appends over 1 ms summed in ms).
fn run(dir: &Path, ahead: bool, mib: u64) -> (f64, f64, f64) {
    let _ = std::fs::remove_dir_all(dir);
    let fs: SharedFs = Arc::new(StdFs);
    let cfg = LogConfig::new(dir, "edb");
    let w = LogWriter::create(
        fs,
        cfg,
        Arc::new(SystemClock::new()),
        &mut SplitMix64::new(1),
    )
    .expect("create the log");
    let bg = ahead.then(|| w.start_background_flusher(Duration::from_millis(25)));
    // Let the preparer make its first file, as it would while an instance starts.
    std::thread::sleep(Duration::from_millis(300));
    let rec = |i: u64| LogRecord::PageOp {
        dbid: 1,
        pgno: i as u32,
        objid: 2,
        dbtime_before: i,
        dbtime_after: i + 1,
        txn: i,
        op: 7,
        payload: vec![7u8; 1000],
    };
    let n = mib * 1024 * 1024 / 1040;
    let t = Instant::now();
    let (mut worst, mut stalls) = (Duration::ZERO, Duration::ZERO);
    for i in 0..n {
        let a = Instant::now();
        w.append(&[rec(i)]).expect("append");
        let d = a.elapsed();
        if d > Duration::from_millis(1) {
            stalls += d;
        }
        worst = worst.max(d);
        if i % 100 == 0 {
            std::thread::sleep(Duration::from_micros(200));
        }
    }
    w.flush_all().expect("flush");
    let total = t.elapsed();
    drop(bg);
    let _ = std::fs::remove_dir_all(dir);
    (
        total.as_secs_f64(),
        worst.as_secs_f64() * 1e3,
        stalls.as_secs_f64() * 1e3,
    )
}

/// The real file system, counting the syncs of files.
#[derive(Debug)]
struct Counting {
    inner: StdFs,
    syncs: Arc<AtomicU64>,
}

#[derive(Debug)]
struct CountingFile {
    inner: Box<dyn File>,
    syncs: Arc<AtomicU64>,
}

impl File for CountingFile {
    fn read_at(&self, o: u64, b: &mut [u8]) -> io::Result<()> {
        self.inner.read_at(o, b)
    }
    fn write_at(&self, o: u64, b: &[u8]) -> io::Result<()> {
        self.inner.write_at(o, b)
    }
    fn len(&self) -> io::Result<u64> {
        self.inner.len()
    }
    fn set_len(&self, l: u64) -> io::Result<()> {
        self.inner.set_len(l)
    }
    fn sync_data(&self) -> io::Result<()> {
        self.syncs.fetch_add(1, Ordering::Relaxed);
        self.inner.sync_data()
    }
    fn sync_all(&self) -> io::Result<()> {
        self.syncs.fetch_add(1, Ordering::Relaxed);
        self.inner.sync_all()
    }
}

impl FileSystem for Counting {
    fn open(&self, p: &Path, o: OpenOptions) -> io::Result<Box<dyn File>> {
        Ok(Box::new(CountingFile {
            inner: self.inner.open(p, o)?,
            syncs: self.syncs.clone(),
        }))
    }
    fn remove_file(&self, p: &Path) -> io::Result<()> {
        self.inner.remove_file(p)
    }
    fn rename(&self, a: &Path, b: &Path) -> io::Result<()> {
        self.inner.rename(a, b)
    }
    fn read_dir(&self, p: &Path) -> io::Result<Vec<String>> {
        self.inner.read_dir(p)
    }
    fn create_dir_all(&self, p: &Path) -> io::Result<()> {
        self.inner.create_dir_all(p)
    }
    fn remove_dir(&self, p: &Path) -> io::Result<()> {
        self.inner.remove_dir(p)
    }
    fn kind(&self, p: &Path) -> io::Result<Option<EntryKind>> {
        self.inner.kind(p)
    }
    fn sync_dir(&self, p: &Path) -> io::Result<()> {
        self.inner.sync_dir(p)
    }
}

/// One group-commit run: (commits per second, commits per sync).
fn group(dir: &Path, threads: u64, wait_max: Duration, secs: u64) -> (f64, f64) {
    let _ = std::fs::remove_dir_all(dir);
    let syncs = Arc::new(AtomicU64::new(0));
    let fs: SharedFs = Arc::new(Counting {
        inner: StdFs,
        syncs: syncs.clone(),
    });
    let mut cfg = LogConfig::new(dir, "edb");
    cfg.group_wait_max = wait_max;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock::new());
    let w = LogWriter::create(fs, cfg, clock, &mut SplitMix64::new(1)).expect("create the log");
    let stop = AtomicBool::new(false);
    let commits = AtomicU64::new(0);
    let before = syncs.load(Ordering::Relaxed);
    let t = Instant::now();
    std::thread::scope(|s| {
        for k in 0..threads {
            let (w, stop, commits) = (w.clone(), &stop, &commits);
            s.spawn(move || {
                let mut txn = k << 32;
                while !stop.load(Ordering::Relaxed) {
                    txn += 1;
                    let spin = Instant::now();
                    while spin.elapsed() < Duration::from_micros(20) {
                        std::hint::spin_loop();
                    }
                    let p = w
                        .append(&[
                            LogRecord::Begin {
                                txn,
                                session: k as u32,
                            },
                            LogRecord::Commit {
                                txn,
                                commit_ts: txn,
                            },
                        ])
                        .expect("append");
                    w.flush_to(p).expect("flush");
                    commits.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
        std::thread::sleep(Duration::from_secs(secs));
        stop.store(true, Ordering::Relaxed);
    });
    let elapsed = t.elapsed().as_secs_f64();
    let n = commits.load(Ordering::Relaxed) as f64;
    let used = (syncs.load(Ordering::Relaxed) - before).max(1) as f64;
    let _ = std::fs::remove_dir_all(dir);
    (n / elapsed, n / used)
}

fn main() {
    let mib: u64 = arg("--mib").and_then(|s| s.parse().ok()).unwrap_or(60);
    let reps: u32 = arg("--reps").and_then(|s| s.parse().ok()).unwrap_or(3);
    let base = arg("--dir").map_or_else(std::env::temp_dir, PathBuf::from);
    let dir = base.join(format!("ese-log-rollover-{}", std::process::id()));
    println!(
        "| rep | next generation | MiB/s | slowest append (ms) | appends over 1 ms, summed (ms) |"
    );
    println!("| --- | --- | --- | --- | --- |");
    for r in 1..=reps {
        for ahead in [false, true] {
            let (t, worst, stalls) = run(&dir, ahead, mib);
            let mode = if ahead {
                "prepared ahead"
            } else {
                "made at the rollover"
            };
            println!(
                "| {r} | {mode} | {:.1} | {worst:.1} | {stalls:.0} |",
                mib as f64 / t
            );
        }
    }
    let secs: u64 = arg("--secs").and_then(|s| s.parse().ok()).unwrap_or(2);
    println!();
    let waits: Vec<u64> = arg("--waits")
        .unwrap_or_else(|| "0,200".into())
        .split(',')
        .filter_map(|w| w.trim().parse().ok())
        .collect();
    println!("| rep | longest wait, µs | 1 thread, commits/s | 8 threads, commits/s | 8 / 1 | commits per sync, 8 threads |");
    println!("| --- | --- | --- | --- | --- | --- |");
    for r in 1..=reps {
        for &wait in &waits {
            let wait_max = Duration::from_micros(wait);
            let (one, _) = group(&dir, 1, wait_max, secs);
            let (eight, per_sync) = group(&dir, 8, wait_max, secs);
            println!(
                "| {r} | {wait} | {one:.0} | {eight:.0} | {:.2} | {per_sync:.2} |",
                eight / one
            );
        }
    }
}
