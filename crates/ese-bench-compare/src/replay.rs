//! The recovery replay workload (ese-rs only): how fast an instance that did not end cleanly
//! replays its log when it starts again.
//!
//! A child process (this binary, run again with the hidden first argument
//! [`CHILD_ARG`]) starts an instance with its log in a fresh folder, creates `bench.edb` and
//! commits transactions lazily (`CommitMode::Lazy`), each of [`INSERTS`] new records (16-byte
//! random key, 100 random bytes) and [`UPDATES`] replacements of the value of a random record
//! committed earlier, until the log has [`GENERATIONS`] finished generations; then it waits
//! for every commit to be on disk (`Session::flush_commits`), prints `done <records>` and
//! waits. The parent kills it with SIGKILL: no `term`, no clean close, the database file holds
//! only what the cache happened to write. The parent then measures the log past the
//! checkpoint ([`log_bytes_past_checkpoint`], and the page images among it, not timed) and
//! times `Instance::new` on the same
//! folder, which runs the whole recovery (redo from the checkpoint, undo, the clean end that
//! flushes and syncs the database); it then attaches the database and checks that it holds
//! every record the child committed (not timed).
//!
//! The log's files are [`log_file_size`] bytes each, so that the wanted amount of log fits in
//! [`GENERATIONS`] generations: the instance's own checkpoint, taken when the log has grown
//! four generations past the last one, therefore never moves while the child writes, and the
//! whole log written is past the checkpoint.
//!
//! What must hold: the figure is the log bytes past the checkpoint over the time of
//! `Instance::new`; a recovered database that lacks a committed record is an error.

use crate::data::{Rng, RAND_KEY_LEN, VALUE_LEN};
use crate::engines::ese_rs::{
    columns, count_records, create_logged, insert_rows, instance_options, replace_value,
    table_spec, TABLE_NAME,
};
use crate::engines::Result;
use ese::format::log::{Lgpos, LogRecord};
use ese::log::{list_generations, Checkpoint, LogReader};
use ese::{CommitMode, Instance, InstanceOptions};
use ese_os::StdFs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Instant;

/// The hidden first argument that runs the writing child.
pub const CHILD_ARG: &str = "__replay-writer";
/// New records per transaction.
pub const INSERTS: usize = 80;
/// Replaced values per transaction.
pub const UPDATES: usize = 20;
/// Finished log generations the child writes before it stops.
pub const GENERATIONS: u64 = 3;
/// The log's base name (the instance's default).
const BASE: &str = "edb";
/// Byte offset in a log file where its blocks begin (after the file header's area).
const FIRST_BLOCK: u64 = 4096;

/// The largest log file size in whole MiB: a log file holds at most 65,535 sectors of 512
/// bytes.
pub const MAX_LOG_FILE_MIB: u64 = 31;
/// The most log the replay writes (MiB): [`GENERATIONS`] files of [`MAX_LOG_FILE_MIB`].
pub const MAX_REPLAY_MIB: u64 = GENERATIONS * MAX_LOG_FILE_MIB;

/// The log file size for `target` bytes of log: a third of it, in whole MiB, at least ESE's
/// default 5 MiB and at most [`MAX_LOG_FILE_MIB`].
pub fn log_file_size(target: u64) -> u64 {
    let mib = 1024 * 1024;
    (target.div_ceil(GENERATIONS).div_ceil(mib) * mib).clamp(5 * mib, MAX_LOG_FILE_MIB * mib)
}

/// The instance options of the child and of the recovery: [`instance_options`] with log files
/// of [`log_file_size`]`(target)` bytes.
pub fn options(dir: &Path, target: u64) -> InstanceOptions {
    InstanceOptions {
        log_file_size: log_file_size(target),
        ..instance_options(dir)
    }
}

/// What one replay measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Replay {
    /// Log bytes past the checkpoint when the child was killed.
    pub log_bytes: u64,
    /// Bytes of the whole-page-image records among them (frames included).
    pub image_bytes: u64,
    /// Seconds `Instance::new` took (the whole recovery).
    pub secs: f64,
    /// Records the child committed (each found after recovery).
    pub records: u64,
}

/// The byte offset in its file of log position `p` with sectors of `sector_size` bytes.
fn offset(p: Lgpos, sector_size: u32) -> u64 {
    u64::from(p.sector) * u64::from(sector_size) + u64::from(p.byte)
}

/// The log bytes from the checkpoint's position to the end of the log in `dir`: in the
/// checkpoint's generation from its position to the end of the file, in each later finished
/// generation its whole block area (file size less the 4 KiB header area), in the current
/// generation from the first block to the end of the last complete record. Block headers and
/// sector padding count (recovery reads them); the unused tail of a finished generation
/// counts too (less than one record's size per file).
pub fn log_bytes_past_checkpoint(dir: &Path) -> Result<u64> {
    let checkpoint = Checkpoint::read(&StdFs, dir, BASE)?.lgpos;
    let end = LogReader::open(Arc::new(StdFs), dir, BASE)?.end()?;
    let (from, to) = (checkpoint.generation, end.end.generation);
    if to < from {
        return Err(format!("the log ends ({to}) before its checkpoint ({from})").into());
    }
    let mut bytes = 0;
    for generation in from..=to {
        let start = if generation == from {
            offset(checkpoint, end.sector_size).max(FIRST_BLOCK)
        } else {
            FIRST_BLOCK
        };
        let stop = if generation == to {
            offset(end.end, end.sector_size)
        } else {
            end.file_size
        };
        bytes += stop.saturating_sub(start);
    }
    Ok(bytes)
}

/// The bytes of the page-image records (whole frames) in the log in `dir` from its
/// checkpoint on.
pub fn image_bytes_past_checkpoint(dir: &Path) -> Result<u64> {
    let checkpoint = Checkpoint::read(&StdFs, dir, BASE)?.lgpos;
    let reader = LogReader::open(Arc::new(StdFs), dir, BASE)?;
    let mut bytes = 0;
    for r in reader.iter_from(checkpoint) {
        let (_, record) = r?;
        if matches!(record, LogRecord::PageImage { .. }) {
            bytes += record.encode()?.len() as u64;
        }
    }
    Ok(bytes)
}

/// Runs the child in `dir`, kills it, and times the recovery; `target` is the log bytes to
/// write, `seed` the seed of the child's keys and values.
pub fn replay(exe: &Path, dir: &Path, target: u64, seed: u64) -> Result<Replay> {
    let mut child = Command::new(exe)
        .arg(CHILD_ARG)
        .arg(dir)
        .arg(target.to_string())
        .arg(seed.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let stdout = child.stdout.take().ok_or("the child has no stdout")?;
    let mut line = String::new();
    let read = BufReader::new(stdout).read_line(&mut line);
    // SIGKILL: the instance ends as in a crash (the log on disk, nothing closed).
    let killed = child.kill();
    let status = child.wait()?;
    let records = line
        .strip_prefix("done ")
        .and_then(|n| n.trim().parse::<u64>().ok());
    let Some(records) = records else {
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        read?;
        return Err(format!("the replay writer ended ({status}) with {line:?}: {err}").into());
    };
    killed?;
    let log_bytes = log_bytes_past_checkpoint(dir)?;
    let image_bytes = image_bytes_past_checkpoint(dir)?;
    let opts = options(dir, target);
    let t = Instant::now();
    let instance = Instance::new(opts)?;
    let secs = t.elapsed().as_secs_f64();
    let (db, _) = instance.attach_database(dir.join("bench.edb"), false)?;
    let found = count_records(&db)?;
    drop(db);
    instance.term()?;
    if found != records {
        return Err(format!("{found} records after recovery, {records} committed").into());
    }
    Ok(Replay {
        log_bytes,
        image_bytes,
        secs,
        records,
    })
}

/// The child: `args` are the folder, the target log bytes and the seed. Writes as the
/// module says, prints `done <records>`, then waits for SIGKILL (or for its standard input to
/// close, when it exits without ending the instance).
pub fn child_main(args: &[String]) -> Result<()> {
    let [dir, target, seed] = args else {
        return Err(format!("{CHILD_ARG} DIR BYTES SEED").into());
    };
    let dir = Path::new(dir);
    let target: u64 = target.parse()?;
    let seed: u64 = seed.parse()?;
    let (instance, mut db) = create_logged(&options(dir, target), dir)?;
    db.create_table_spec(&table_spec(RAND_KEY_LEN))?;
    let (k, v) = columns(&db)?;
    let session = instance.begin_session()?;
    let mut cursor = session.open_table(&db, TABLE_NAME)?;
    let mut rng = Rng::new(seed);
    let mut keys: Vec<[u8; RAND_KEY_LEN]> = Vec::new();
    let mut values = vec![0u8; INSERTS * VALUE_LEN];
    let mut value = [0u8; VALUE_LEN];
    for txn in 0u64.. {
        let before = keys.len();
        for _ in 0..INSERTS {
            let mut key = [0u8; RAND_KEY_LEN];
            rng.fill(&mut key);
            keys.push(key);
        }
        rng.fill(&mut values);
        let batch: Vec<_> = keys[before..]
            .iter()
            .zip(values.chunks(VALUE_LEN))
            .map(|(key, value)| (&key[..], value))
            .collect();
        session.begin_transaction()?;
        insert_rows(&mut cursor, k, v, &batch)?;
        if before > 0 {
            for _ in 0..UPDATES {
                rng.fill(&mut value);
                replace_value(&mut cursor, v, &keys[rng.below(before)], &value)?;
            }
        }
        session.commit_transaction_with(CommitMode::Lazy)?;
        if txn % 64 == 63 && list_generations(&StdFs, dir, BASE)?.len() as u64 >= GENERATIONS {
            break;
        }
    }
    session.flush_commits()?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "done {}", keys.len())?;
    out.flush()?;
    drop(out);
    // Waits for the kill; an end of input means the parent is gone.
    let mut rest = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut rest);
    std::process::exit(3);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_files_hold_the_target_in_three_generations() {
        let mib = 1024 * 1024;
        assert_eq!(log_file_size(90 * mib), 30 * mib);
        assert_eq!(log_file_size(mib), 5 * mib);
        assert_eq!(log_file_size(200 * mib), MAX_LOG_FILE_MIB * mib);
        assert!(GENERATIONS * log_file_size(MAX_REPLAY_MIB * mib) >= MAX_REPLAY_MIB * mib);
    }

    #[test]
    fn offsets_count_sectors_and_bytes() {
        let p = Lgpos {
            generation: 3,
            sector: 10,
            byte: 7,
        };
        assert_eq!(offset(p, 512), 5127);
    }
}
