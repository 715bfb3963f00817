//! The tail of durable commit latency on the real disk: one thread commits one
//! record (a 16-byte key above every earlier one, 240 bytes of value) per
//! durable transaction (`CommitMode::Durable`) for `--secs` seconds, through an
//! instance with its log on (5 MiB log files, 32,768 cache frames of 8 KiB), as
//! the comparison binary's backup workload's writer does. The log rolls over to
//! a new generation every few thousand commits and the checkpointer writes the
//! database's pages meanwhile, so the slowest commits show what those cost the
//! committer.
//!
//! Each row: commits per second, the median, 99th, 99.9th percentile and
//! slowest commit, and the commits over 5 ms (count and their time summed).
//! `--preload N` (default 200,000) records are loaded lazily first, so that the
//! checkpointer has a database to write; `--reps R` (default 3), `--secs T`
//! (default 10), `--dir DIR` (default: the system's temp folder), `--log-mib M`
//! (log file size, default 5) and `--depth-mib D` (checkpoint depth, default the
//! instance's) change the run; `--slow` lists each commit over 5 ms with its time from the start of the
//! window. Run with `cargo bench -p ese --bench commit_tail`. Figures are for
//! reading; nothing is asserted.

mod support;

use ese::record::{Cell, Row, RowValue};
use ese::{CommitMode, InstanceOptions};
use ese_os::{Rng, SplitMix64};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use support::{arg, open_kv};

/// One window's commits: (start from the window's start, duration).
struct Window {
    secs: f64,
    commits: Vec<(Duration, Duration)>,
}

fn key(i: u64) -> [u8; 16] {
    let mut k = [0u8; 16];
    k[8..].copy_from_slice(&i.to_be_bytes());
    k
}

/// The instance's log settings for a run.
struct LogShape {
    /// `InstanceOptions::log_file_size`, bytes.
    file_size: u64,
    /// `InstanceOptions::checkpoint_depth`, bytes (`None`: the default).
    depth: Option<u64>,
}

fn run(dir: &Path, preload: u64, secs: f64, shape: &LogShape, rng: &mut SplitMix64) -> Window {
    let opts = InstanceOptions {
        cache_pages: 32 * 1024,
        log_file_size: shape.file_size,
        checkpoint_depth: shape.depth,
        ..InstanceOptions::in_dir(dir)
    };
    let mut kv = open_kv(dir, opts);
    let (k, v) = (kv.k, kv.v);
    let mut value = [0u8; 240];
    let mut row_of = |i: u64, rng: &mut SplitMix64| {
        for c in value.chunks_mut(8) {
            c.copy_from_slice(&rng.next_u64().to_le_bytes());
        }
        let mut row = Row::new();
        row.set(k, RowValue::One(Cell::Raw(key(i).to_vec())));
        row.set(v, RowValue::One(Cell::Raw(value.to_vec())));
        row
    };
    let mut i = 0u64;
    while i < preload {
        kv.session.begin_transaction().expect("begin");
        for _ in 0..1000.min(preload - i) {
            kv.cursor.insert_row(&row_of(i, rng)).expect("insert");
            i += 1;
        }
        kv.session
            .commit_transaction_with(CommitMode::Lazy)
            .expect("commit");
    }
    kv.session.flush_commits().expect("flush");
    std::thread::sleep(Duration::from_secs(2));
    let mut commits = Vec::new();
    let window = Duration::from_secs_f64(secs);
    let t = Instant::now();
    if std::env::args().any(|a| a == "--slow") {
        println!(
            "    window starts {:.3} s after the process",
            (t - *STARTED.get_or_init(Instant::now)).as_secs_f64()
        );
    }
    while t.elapsed() < window {
        let row = row_of(i, rng);
        i += 1;
        let a = Instant::now();
        kv.session.begin_transaction().expect("begin");
        kv.cursor.insert_row(&row).expect("insert");
        kv.session
            .commit_transaction_with(CommitMode::Durable)
            .expect("commit");
        commits.push((a - t, a.elapsed()));
    }
    let secs = t.elapsed().as_secs_f64();
    drop(kv.cursor);
    drop(kv.session);
    drop(kv.db);
    kv.instance.term().expect("term");
    Window { secs, commits }
}

/// When `main` began: `--slow` prints the window's start from it, to line the
/// slow commits up with a trace of the process.
static STARTED: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

fn main() {
    STARTED.get_or_init(Instant::now);
    let reps: usize = arg("--reps").map_or(3, |s| s.parse().expect("--reps R"));
    let secs: f64 = arg("--secs").map_or(10.0, |s| s.parse().expect("--secs T"));
    let preload: u64 = arg("--preload").map_or(200_000, |s| s.parse().expect("--preload N"));
    let base: PathBuf = arg("--dir").map_or_else(std::env::temp_dir, PathBuf::from);
    let slow = std::env::args().any(|a| a == "--slow");
    let mib = |name: &str| arg(name).map(|s| s.parse::<u64>().expect("a size in MiB") << 20);
    let shape = LogShape {
        file_size: mib("--log-mib").unwrap_or(5 << 20),
        depth: mib("--depth-mib"),
    };
    let dir = base.join("ese-commit-tail");
    let mut rng = SplitMix64::new(42);
    println!("durable 1-record commits, one thread, {secs} s per repetition, {preload} records loaded first");
    println!("| rep | commits/s | median, µs | p99, µs | p99.9, ms | slowest, ms | over 5 ms: count / summed, ms |");
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    for rep in 1..=reps {
        let w = run(&dir, preload, secs, &shape, &mut rng);
        let mut d: Vec<Duration> = w.commits.iter().map(|c| c.1).collect();
        d.sort();
        let q = |p: f64| d[((d.len() - 1) as f64 * p).round() as usize].as_secs_f64();
        let over: Vec<&(Duration, Duration)> = w
            .commits
            .iter()
            .filter(|c| c.1 > Duration::from_millis(5))
            .collect();
        let summed: f64 = over.iter().map(|c| c.1.as_secs_f64()).sum();
        println!(
            "| {rep} | {:.0} | {:.0} | {:.0} | {:.2} | {:.1} | {} / {:.0} |",
            d.len() as f64 / w.secs,
            q(0.5) * 1e6,
            q(0.99) * 1e6,
            q(0.999) * 1e3,
            q(1.0) * 1e3,
            over.len(),
            (summed * 1e3).abs(),
        );
        if slow {
            for (at, took) in over {
                println!(
                    "    at {:.3} s: {:.1} ms",
                    at.as_secs_f64(),
                    took.as_secs_f64() * 1e3
                );
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
