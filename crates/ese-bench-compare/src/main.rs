//! `ese-bench-compare`: one binary that runs the same workloads against ese-rs and its peers
//! (SQLite, LMDB, redb, and RocksDB with the `rocksdb` feature), interleaved, and prints a
//! table of medians with each engine's ratio to the best peer.
//!
//! ```text
//! ese-bench-compare [--records N] [--reads M] [--index-reads K] [--reps R]
//!                   [--engines ese,sqlite,lmdb,redb,rocksdb] [--dir DIR] [--seed S]
//!                   [--json FILE] [--workloads base,concurrent,durable] [--concurrent-secs T]
//!                   [--fsyncs N] [--durable-commits N] [--group-secs T] [--bulk-records N]
//!                   [--bulk-batch N] [--replay-mib N] [--backup-mib N] [--backup-secs T]
//!                   [--backup-sync-mib N] [--backup-behind-kib N] [--backup-set-dir DIR]
//! ```
//!
//! Repetition r runs every engine once, the order rotated by r; each load goes to a fresh
//! database in a fresh folder under `DIR` (the system's temporary folder by default), which is
//! removed afterwards. See `run` for the workloads and `docs/benchmarks.md` for the engines'
//! configuration.

#![deny(unsafe_code)]

mod backup;
mod data;
mod durable;
mod engines;
mod replay;
mod report;
mod run;
mod set;

use engines::Result;
use report::Measurement;
use std::io::Write;
use std::path::PathBuf;

/// The command line.
#[derive(Debug, Clone)]
struct Args {
    records: usize,
    reads: usize,
    index_reads: Option<usize>,
    reps: usize,
    engines: Option<Vec<String>>,
    dir: Option<PathBuf>,
    seed: u64,
    json: Option<PathBuf>,
    base: bool,
    concurrent: bool,
    concurrent_secs: f64,
    durable: bool,
    fsyncs: usize,
    durable_commits: usize,
    group_secs: f64,
    bulk_records: usize,
    bulk_batch: usize,
    replay_mib: usize,
    backup: bool,
    backup_mib: usize,
    backup_secs: f64,
    backup_sync_mib: usize,
    backup_behind_kib: usize,
    backup_set_dir: Option<PathBuf>,
}

const USAGE: &str =
    "usage: ese-bench-compare [--records N] [--reads M] [--index-reads K] [--reps R]
                         [--engines LIST] [--dir DIR] [--seed S] [--json FILE]
                         [--workloads LIST] [--concurrent-secs T] [--fsyncs N]
                         [--durable-commits N] [--group-secs T] [--bulk-records N]
                         [--bulk-batch N] [--replay-mib N] [--backup-mib N]
                         [--backup-secs T] [--backup-sync-mib N] [--backup-behind-kib N]
                         [--backup-set-dir DIR]

  --records N      records per load (default 1000000)
  --reads M        point reads (default 200000)
  --index-reads K  lookups through the secondary index (default: M)
  --reps R         repetitions, engines interleaved (default 3)
  --engines LIST   comma-separated, from: ese, sqlite, lmdb, redb, rocksdb (default: all built)
  --dir DIR        folder for the temporary databases (default: the system's temp folder)
  --seed S         seed of the generated data (default 42)
  --json FILE      also write one JSON object per measurement to FILE
  --workloads LIST comma-separated, from: base (loads, reads, scan, index, sizes),
                   concurrent (7 readers and 1 writer on one database) and durable (fdatasync,
                   durable commits, group commit, lazy bulk load, recovery replay)
                   (default: those three), and backup (an online backup of a ~1 GiB
                   database while one writer commits durably; not in the default)
  --concurrent-secs T  seconds each engine runs the concurrent workload (default 5)
  --fsyncs N       durable: raw appends + fdatasync timed per engine (default 1000)
  --durable-commits N  durable: single-record durable commits timed (default 1000)
  --group-secs T   durable: seconds of each group-commit run, 1 and 8 threads (default 3)
  --bulk-records N durable: records of the lazy bulk load, at most --records (default 200000)
  --bulk-batch N   durable: records per lazily committed transaction (default 100)
  --replay-mib N   durable: MiB of log ese-rs writes before the crash it recovers from
                   (default 90, at most 93; 0 skips the replay)
  --backup-mib N   backup: MiB of keys and values loaded (default 1024)
  --backup-secs T  backup: seconds of the writer's window without backup (default 10)
  --backup-behind-kib N  backup: the set's files are written behind in chunks of N KiB
                   (sync_file_range: at most two chunks queued at the disk) and synced once
                   at their end, as `eseutil backup` writes a set (default 1024; 0: the
                   syncs of --backup-sync-mib instead)
  --backup-sync-mib N  backup, with --backup-behind-kib 0: the set's files are synced every
                   N MiB written (default 8; 0: once per file, at its end)
  --backup-set-dir DIR  backup: the sets and the `cp` copies are written into fresh folders
                   under DIR instead of beside the database (another disk, or a memory file
                   system to take the set's writes off the database's disk)";

fn parse_args(mut it: impl Iterator<Item = String>) -> Result<Args> {
    let mut a = Args {
        records: 1_000_000,
        reads: 200_000,
        index_reads: None,
        reps: 3,
        engines: None,
        dir: None,
        seed: 42,
        json: None,
        base: true,
        concurrent: true,
        concurrent_secs: 5.0,
        durable: true,
        fsyncs: 1000,
        durable_commits: 1000,
        group_secs: 3.0,
        bulk_records: 200_000,
        bulk_batch: 100,
        replay_mib: 90,
        backup: false,
        backup_mib: 1024,
        backup_secs: 10.0,
        backup_sync_mib: 8,
        backup_behind_kib: 1024,
        backup_set_dir: None,
    };
    while let Some(flag) = it.next() {
        if flag == "--help" || flag == "-h" {
            println!("{USAGE}");
            std::process::exit(0);
        }
        let value = it
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        let number = |v: &str| -> Result<usize> {
            v.replace('_', "")
                .parse()
                .map_err(|_| format!("{flag}: {v:?} is not a number").into())
        };
        let seconds = |v: &str| -> Result<f64> {
            v.parse()
                .ok()
                .filter(|t: &f64| t.is_finite() && *t > 0.0)
                .ok_or_else(|| format!("{flag}: {v:?} is not a positive number").into())
        };
        match flag.as_str() {
            "--records" => a.records = number(&value)?,
            "--reads" => a.reads = number(&value)?,
            "--index-reads" => a.index_reads = Some(number(&value)?),
            "--reps" => a.reps = number(&value)?,
            "--seed" => a.seed = number(&value)? as u64,
            "--engines" => {
                a.engines = Some(value.split(',').map(|s| s.trim().to_string()).collect())
            }
            "--dir" => a.dir = Some(PathBuf::from(value)),
            "--json" => a.json = Some(PathBuf::from(value)),
            "--workloads" => {
                (a.base, a.concurrent, a.durable, a.backup) = (false, false, false, false);
                for w in value.split(',').map(str::trim) {
                    match w {
                        "base" => a.base = true,
                        "concurrent" => a.concurrent = true,
                        "durable" => a.durable = true,
                        "backup" => a.backup = true,
                        _ => {
                            return Err(format!(
                            "unknown workload {w:?}: base, concurrent, durable or backup\n{USAGE}"
                        )
                            .into())
                        }
                    }
                }
            }
            "--concurrent-secs" => a.concurrent_secs = seconds(&value)?,
            "--fsyncs" => a.fsyncs = number(&value)?,
            "--durable-commits" => a.durable_commits = number(&value)?,
            "--group-secs" => a.group_secs = seconds(&value)?,
            "--bulk-records" => a.bulk_records = number(&value)?,
            "--bulk-batch" => a.bulk_batch = number(&value)?,
            "--replay-mib" => a.replay_mib = number(&value)?,
            "--backup-mib" => a.backup_mib = number(&value)?,
            "--backup-secs" => a.backup_secs = seconds(&value)?,
            "--backup-sync-mib" => a.backup_sync_mib = number(&value)?,
            "--backup-behind-kib" => a.backup_behind_kib = number(&value)?,
            "--backup-set-dir" => a.backup_set_dir = Some(PathBuf::from(value)),
            _ => return Err(format!("unknown flag {flag}\n{USAGE}").into()),
        }
    }
    if a.records == 0 || a.reps == 0 {
        return Err("--records and --reps must be at least 1".into());
    }
    if !a.base && !a.concurrent && !a.durable && !a.backup {
        return Err("--workloads names no workload".into());
    }
    if a.replay_mib as u64 > replay::MAX_REPLAY_MIB {
        return Err(format!(
            "--replay-mib: at most {} (three log files of the largest size)",
            replay::MAX_REPLAY_MIB
        )
        .into());
    }
    if a.backup_mib == 0 {
        return Err("--backup-mib must be at least 1".into());
    }
    if a.fsyncs == 0 || a.durable_commits == 0 || a.bulk_records == 0 || a.bulk_batch == 0 {
        return Err(
            "--fsyncs, --durable-commits, --bulk-records and --bulk-batch must be at least 1"
                .into(),
        );
    }
    Ok(a)
}

/// The workloads of `a`, as printed.
fn workloads_text(a: &Args) -> String {
    let mut w = Vec::new();
    if a.base {
        w.push("base".to_string());
    }
    if a.concurrent {
        w.push(format!(
            "concurrent ({} readers, 1 writer, {} s)",
            run::READERS,
            a.concurrent_secs
        ));
    }
    if a.durable {
        w.push(format!(
            "durable ({} fdatasyncs, {} commits, group commit {} s, bulk {} records by {}, replay {} MiB)",
            a.fsyncs,
            a.durable_commits,
            a.group_secs,
            a.bulk_records.min(a.records),
            a.bulk_batch,
            a.replay_mib
        ));
    }
    if a.backup {
        w.push(format!(
            "backup ({} MiB, {} s without backup, set {}{})",
            a.backup_mib,
            a.backup_secs,
            if a.backup_behind_kib > 0 {
                format!("written behind in {} KiB chunks", a.backup_behind_kib)
            } else if a.backup_sync_mib == 0 {
                "synced once per file, at its end".to_string()
            } else {
                format!("synced every {} MiB", a.backup_sync_mib)
            },
            a.backup_set_dir
                .as_ref()
                .map_or(String::new(), |d| format!(", under {}", d.display()))
        ));
    }
    w.join(" + ")
}

fn select_engines(wanted: &Option<Vec<String>>) -> Result<Vec<Box<dyn engines::Engine>>> {
    let mut all = engines::all();
    let Some(wanted) = wanted else {
        return Ok(all);
    };
    let mut out = Vec::new();
    for w in wanted {
        let i = all.iter().position(|e| e.name() == w).ok_or_else(|| {
            let built: Vec<&str> = engines::all().iter().map(|e| e.name()).collect();
            let hint = if w == "rocksdb" {
                " (build with --features rocksdb)"
            } else {
                ""
            };
            format!(
                "unknown engine {w:?}{hint}; this build has {}",
                built.join(", ")
            )
        })?;
        out.push(all.remove(i));
    }
    Ok(out)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some(replay::CHILD_ARG) {
        if let Err(e) = replay::child_main(&args[1..]) {
            eprintln!("ese-bench-compare {}: {e}", replay::CHILD_ARG);
            std::process::exit(2);
        }
        return;
    }
    if let Err(e) = real_main() {
        eprintln!("ese-bench-compare: {e}");
        std::process::exit(1);
    }
}

fn real_main() -> Result<()> {
    let args = parse_args(std::env::args().skip(1))?;
    let engines = select_engines(&args.engines)?;
    let names: Vec<&str> = engines.iter().map(|e| e.name()).collect();
    let index_reads = args.index_reads.unwrap_or(args.reads);
    let base = args
        .dir
        .clone()
        .unwrap_or_else(std::env::temp_dir)
        .join(format!("ese-bench-compare-{}", std::process::id()));
    std::fs::create_dir_all(&base)?;
    let mut json = match &args.json {
        Some(p) => Some(std::io::BufWriter::new(std::fs::File::create(p)?)),
        None => None,
    };
    let plan = run::Plan {
        base: args.base,
        concurrent: args
            .concurrent
            .then(|| std::time::Duration::from_secs_f64(args.concurrent_secs)),
        durable: if args.durable {
            Some(durable::DurablePlan {
                fsyncs: args.fsyncs,
                commits: args.durable_commits,
                group_secs: std::time::Duration::from_secs_f64(args.group_secs),
                bulk_records: args.bulk_records,
                bulk_batch: args.bulk_batch,
                replay_bytes: args.replay_mib as u64 * 1024 * 1024,
                exe: std::env::current_exe()?,
            })
        } else {
            None
        },
        backup: args.backup.then(|| backup::BackupPlan {
            bytes: args.backup_mib as u64 * 1024 * 1024,
            idle: std::time::Duration::from_secs_f64(args.backup_secs),
            sync_every: args.backup_sync_mib as u64 * 1024 * 1024,
            behind: args.backup_behind_kib as u64 * 1024,
            set_base: args.backup_set_dir.clone(),
        }),
        seed: args.seed,
    };
    eprintln!(
        "ese-bench-compare: {} records, {} reads, {} index lookups, {} reps, seed {}, engines {}, workloads {}, in {}",
        args.records,
        args.reads,
        index_reads,
        args.reps,
        args.seed,
        names.join(","),
        workloads_text(&args),
        base.display()
    );
    let data = data::Dataset::generate(args.seed, args.records, args.reads, index_reads);
    let seq_keys = data.seq_keys();
    let inputs = run::Inputs::new(&data, &seq_keys);
    let mut all: Vec<Measurement> = Vec::new();
    let mut result: Result<()> = Ok(());
    'reps: for rep in 1..=args.reps {
        for i in 0..engines.len() {
            let engine = &engines[(i + rep - 1) % engines.len()];
            let mut failed = None;
            let r = run::run_engine(engine.as_ref(), rep, &base, &inputs, &plan, &mut |m| {
                eprintln!(
                    "  rep {rep} {:<8} {:<12} {:>12} {}",
                    m.engine,
                    m.workload,
                    report::fmt_figure(m.value),
                    m.unit
                );
                if let Some(j) = json.as_mut() {
                    if let Err(e) = writeln!(j, "{}", m.json()).and_then(|_| j.flush()) {
                        failed = Some(e);
                    }
                }
                all.push(m);
            });
            if let Some(e) = failed {
                result = Err(e.into());
                break 'reps;
            }
            if let Err(e) = r {
                result = Err(format!("{} (rep {rep}): {e}", engine.name()).into());
                break 'reps;
            }
        }
    }
    let _ = std::fs::remove_dir_all(&base);
    result?;
    println!(
        "{} records, {} point reads, {} index lookups, {} reps, workloads {} (median (min–max) **ratio to the best peer**; a ratio above 1 is behind)\n",
        args.records,
        args.reads,
        index_reads,
        args.reps,
        workloads_text(&args)
    );
    print!("{}", report::table(&all, &names));
    let targets = report::durable_targets(&all, &names);
    if !targets.is_empty() {
        println!("\nTargets of the durable workloads (ese-rs, medians):\n\n{targets}");
    }
    let targets = report::backup_targets(&all, &names);
    if !targets.is_empty() {
        println!("\nTargets of the backup workload (ese-rs, medians):\n\n{targets}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Result<Args> {
        parse_args(s.split_whitespace().map(String::from))
    }

    #[test]
    fn flags_parse() {
        let a = args("--records 2_000 --reads 500 --reps 1 --engines ese,lmdb --seed 7").unwrap();
        assert_eq!((a.records, a.reads, a.reps, a.seed), (2000, 500, 1, 7));
        assert_eq!(a.engines.unwrap(), vec!["ese", "lmdb"]);
        assert!(args("--records").is_err());
        assert!(args("--bogus 1").is_err());
        assert!(args("--reps 0").is_err());
        assert!(a_default().base && a_default().concurrent && a_default().durable);
        assert!(!a_default().backup);
        let a = args("--workloads backup --backup-mib 64 --backup-sync-mib 0").unwrap();
        assert!(a.backup && !a.base && !a.durable);
        assert_eq!((a.backup_mib, a.backup_sync_mib), (64, 0));
        assert_eq!(a.backup_behind_kib, 1024);
        let a = args("--workloads backup --backup-behind-kib 0").unwrap();
        assert_eq!((a.backup_sync_mib, a.backup_behind_kib), (8, 0));
        assert!(args("--backup-mib 0").is_err());
        assert_eq!(a.backup_set_dir, None);
        let a = args("--workloads backup --backup-set-dir /dev/shm/sets").unwrap();
        assert_eq!(a.backup_set_dir, Some(PathBuf::from("/dev/shm/sets")));
        let a = args("--workloads concurrent --concurrent-secs 0.5").unwrap();
        assert!(!a.base && a.concurrent && !a.durable);
        assert_eq!(a.concurrent_secs, 0.5);
        let a = args("--workloads durable --group-secs 0.5 --replay-mib 0").unwrap();
        assert!(!a.base && !a.concurrent && a.durable);
        assert_eq!((a.group_secs, a.replay_mib), (0.5, 0));
        assert!(args("--bulk-batch 0").is_err());
        assert!(args("--replay-mib 94").is_err());
        assert!(args("--workloads nosuch").is_err());
        assert!(args("--concurrent-secs 0").is_err());
    }

    fn a_default() -> Args {
        args("").unwrap()
    }

    #[test]
    fn unknown_engine_is_an_error() {
        assert!(select_engines(&Some(vec!["nosuch".into()])).is_err());
        assert_eq!(select_engines(&None).unwrap().len(), engines::all().len());
    }
}
