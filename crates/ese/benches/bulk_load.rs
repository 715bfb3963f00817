//! A lazy bulk load through an instance with its log on, as the comparison
//! binary's "bulk load, lazy commits" line runs it: random 16-byte keys with
//! 100-byte values, transactions of `--batch` records, each inserted by one
//! `Cursor::insert_rows` (`--one-by-one`: a `Cursor::insert_row` per record) and
//! committed without waiting for the disk (`CommitMode::Lazy`), then one
//! `Session::flush_commits`; 5 MiB log files and 32,768 cache frames of 8 KiB.
//!
//! Each row: records per second (the final flush included, the clean close not),
//! the loading thread's time on a processor per record over the same span (the
//! engine's work on the caller's thread, steadier than the rate when the disk and
//! the background threads vary), the log written (generations × file size, the current one counted whole),
//! the checkpoints the instance took meanwhile (generations the checkpoint file
//! moved by, as read from `log_generation` and the checkpointer's depth), the
//! slowest transaction (insert and commit) and the sum of those over 10 ms (the
//! stalls), and the log's bytes by kind of record. Run with `cargo bench -p ese --bench bulk_load`; `--records N`
//! (default 200,000), `--batch B` (default 100), `--reps R` (default 3),
//! `--checkpoint-mib M` (the checkpoint depth, `InstanceOptions::checkpoint_depth`;
//! default: the engine's, four log files) and `--dir DIR` (default: the system's
//! temp folder) change it. Figures are for
//! reading; nothing is asserted.

mod support;

use ese::format::log::{Lgpos, LogRecord};
use ese::log::LogReader;
use ese::record::{Cell, Row, RowValue};
use ese::{CommitMode, InstanceOptions};
use ese_os::StdFs;
use ese_os::{Rng, SplitMix64};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{arg, open_kv, thread_cpu_ns, KvInstance};

/// What one load measured.
struct Load {
    secs: f64,
    /// The loading thread's time on a processor over the same span, seconds.
    cpu_secs: f64,
    log_mib: f64,
    generations: u32,
    worst: Duration,
    stalls: Duration,
    mix: Mix,
}

/// The log's bytes by kind of record (whole frames).
#[derive(Default)]
struct Mix {
    /// First change of a page after a checkpoint: its image.
    images: u64,
    /// Structural changes (splits, new pages): page operations carrying an image.
    split_images: u64,
    /// Other page operations.
    page_ops: u64,
    /// Undo information.
    undo: u64,
    /// Everything else (begin, commit, step ends, ...).
    other: u64,
}

/// Tallies the records of the log in `dir` from generation `first` on.
fn mix_of(dir: &Path, first: u32) -> Mix {
    let reader = LogReader::open(Arc::new(StdFs), dir, "edb").expect("read the log");
    let mut mix = Mix::default();
    let from = Lgpos {
        generation: first,
        sector: 0,
        byte: 0,
    };
    for r in reader.iter_from(from) {
        let (_, record) = r.expect("a record");
        let n = record.encode().expect("encode").len() as u64;
        match &record {
            LogRecord::PageImage { .. } => mix.images += n,
            LogRecord::PageOp { payload, .. } if matches!(payload.first(), Some(8 | 9)) => {
                mix.split_images += n
            }
            LogRecord::PageOp { .. } => mix.page_ops += n,
            LogRecord::Undo { .. } => mix.undo += n,
            _ => mix.other += n,
        }
    }
    mix
}

fn load(
    dir: &Path,
    records: &[([u8; 16], [u8; 100])],
    batch: usize,
    checkpoint_depth: Option<u64>,
    one_by_one: bool,
) -> Load {
    let opts = InstanceOptions {
        cache_pages: 32 * 1024,
        checkpoint_depth,
        ..InstanceOptions::in_dir(dir)
    };
    let log_file_size = opts.log_file_size;
    let KvInstance {
        instance,
        db,
        k,
        v,
        session,
        mut cursor,
    } = open_kv(dir, opts);
    let first_gen = instance.log_generation().unwrap_or(0);
    let (mut worst, mut stalls) = (Duration::ZERO, Duration::ZERO);
    let t = Instant::now();
    let cpu = thread_cpu_ns();
    for chunk in records.chunks(batch) {
        let a = Instant::now();
        session.begin_transaction().expect("begin");
        let rows = chunk.iter().map(|(key, value)| {
            let mut row = Row::new();
            row.set(k, RowValue::One(Cell::Raw(key.to_vec())));
            row.set(v, RowValue::One(Cell::Raw(value.to_vec())));
            row
        });
        if one_by_one {
            for row in rows {
                cursor.insert_row(&row).expect("insert");
            }
        } else {
            let rows: Vec<Row> = rows.collect();
            cursor.insert_rows(&rows).expect("insert");
        }
        session
            .commit_transaction_with(CommitMode::Lazy)
            .expect("commit");
        let d = a.elapsed();
        worst = worst.max(d);
        if d > Duration::from_millis(10) {
            stalls += d;
        }
    }
    session.flush_commits().expect("flush");
    let secs = t.elapsed().as_secs_f64();
    let cpu_secs = (thread_cpu_ns() - cpu) as f64 / 1e9;
    let generations = instance.log_generation().unwrap_or(0) - first_gen + 1;
    drop(cursor);
    drop(session);
    drop(db);
    instance.term().expect("term");
    let mix = mix_of(dir, first_gen);
    Load {
        mix,
        secs,
        cpu_secs,
        log_mib: (u64::from(generations) * log_file_size) as f64 / (1024.0 * 1024.0),
        generations,
        worst,
        stalls,
    }
}

fn main() {
    let n: usize = arg("--records").map_or(200_000, |s| s.parse().expect("--records N"));
    let batch: usize = arg("--batch").map_or(100, |s| s.parse().expect("--batch B"));
    let reps: usize = arg("--reps").map_or(3, |s| s.parse().expect("--reps R"));
    let base: PathBuf = arg("--dir").map_or_else(std::env::temp_dir, PathBuf::from);
    let depth: Option<u64> = arg("--checkpoint-mib")
        .map(|s| s.parse::<u64>().expect("--checkpoint-mib M") * 1024 * 1024);
    let one_by_one = std::env::args().any(|a| a == "--one-by-one");
    let dir = base.join("ese-bulk-load");
    let mut rng = SplitMix64::new(42);
    let records: Vec<([u8; 16], [u8; 100])> = (0..n)
        .map(|_| {
            let mut key = [0u8; 16];
            let mut value = [0u8; 100];
            key[..8].copy_from_slice(&rng.next_u64().to_be_bytes());
            key[8..].copy_from_slice(&rng.next_u64().to_be_bytes());
            for c in value.chunks_mut(8) {
                let w = rng.next_u64().to_le_bytes();
                c.copy_from_slice(&w[..c.len()]);
            }
            (key, value)
        })
        .collect();
    let depth_text = depth.map_or("the default".to_string(), |d| {
        format!("{} MiB", d / (1024 * 1024))
    });
    println!(
        "lazy bulk load: {n} records, transactions of {batch} ({}), {reps} repetitions, checkpoint depth {depth_text}",
        if one_by_one {
            "Cursor::insert_row per record"
        } else {
            "one Cursor::insert_rows per transaction"
        }
    );
    println!("| rep | records/s | loading thread's processor time per record, µs | log written, MiB | generations | slowest transaction, ms | stalls over 10 ms summed, ms | log MiB: images / split images / other page ops / undo / other |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    let mut rates = Vec::new();
    let mut cpus = Vec::new();
    for rep in 1..=reps {
        let r = load(&dir, &records, batch, depth, one_by_one);
        let rate = n as f64 / r.secs;
        rates.push(rate);
        cpus.push(r.cpu_secs * 1e6 / n as f64);
        let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
        println!(
            "| {rep} | {rate:.0} | {:.2} | {:.0} | {} | {:.1} | {:.0} | {:.1} / {:.1} / {:.1} / {:.1} / {:.1} |",
            r.cpu_secs * 1e6 / n as f64,
            r.log_mib,
            r.generations,
            r.worst.as_secs_f64() * 1e3,
            r.stalls.as_secs_f64() * 1e3,
            mib(r.mix.images),
            mib(r.mix.split_images),
            mib(r.mix.page_ops),
            mib(r.mix.undo),
            mib(r.mix.other),
        );
    }
    rates.sort_by(f64::total_cmp);
    cpus.sort_by(f64::total_cmp);
    println!(
        "median: {:.0} records/s, {:.2} µs of the loading thread's processor time per record",
        rates[rates.len() / 2],
        cpus[cpus.len() / 2]
    );
    let _ = std::fs::remove_dir_all(&dir);
}
