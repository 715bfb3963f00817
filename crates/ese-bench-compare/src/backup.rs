//! The backup workload: an online backup of a ~1 GiB database while one writer commits
//! durable single-record transactions, against a plain copy (`cp` + fsync) of the same files.
//!
//! Per engine and repetition, in fresh folders under the run's folder (one disk; the sets
//! under [`BackupPlan::set_base`] when given):
//! 1. load (timed, `bk_load`): [`BackupPlan::bytes`] / ([`RAND_KEY_LEN`] + [`VALUE_LEN`])
//!    records, keys a 16-byte big-endian counter (in order), values [`VALUE_LEN`] random bytes
//!    from the data generator, through the engine's loader (transactions of [`BATCH`] records,
//!    commits not waiting for the disk, then the clean close); `bk_db`: the folder's size.
//! 2. the database reopened with durable commits (`Engine::open_backup`); one writer thread
//!    commits one new random record per durable transaction from then until the end, each
//!    commit's start and latency kept.
//! 3. after [`SETTLE`], a window of [`BackupPlan::idle`] without backup: the writer's
//!    commits/s and worst commit latency (`bk_idle_*`).
//! 4. `cp`: the engine's database files copied with plain 1 MiB reads into a fresh set
//!    folder (`crate::set::Set`: written behind in chunks of [`BackupPlan::behind`] bytes,
//!    or synced every [`BackupPlan::sync_every`] bytes; each file and the folder synced at
//!    the end); then each of the engine's online backups
//!    (`Method`) into a fresh set folder; then `cp` again (the first copy after the load was
//!    the slowest for every engine in a trial: both are reported). Each: MB/s (set bytes, 10^6, over the
//!    seconds from the start to the synced folder), and over the same window the writer's
//!    commits/s, its ratio to the idle window's, and its worst commit latency. The set is
//!    removed after [`SETTLE`], and the next starts after another [`SETTLE`].
//!
//! A commit counts in a window when it ends inside it; its latency counts when it overlaps
//! the window (a commit held up by the backup's last sync counts even if it ends after it).
//!
//! What must hold: the writer runs for the whole duration; every engine gets the same data
//! and the same writer; the database files are in the operating system's page cache after
//! the load for every engine alike (nothing drops it).

use crate::data::{Rng, RAND_KEY_LEN};
use crate::engines::{BackupDb, Engine, Kv, Method, Result, BATCH};
use crate::set::Set;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Bytes of each value of the backup workload (the most ese-rs's `v` column takes in the
/// record is 255).
pub const VALUE_LEN: usize = 240;
/// Pause before each measured window and before removing a set, so that one step's
/// write-back does not land in the next one's window.
pub const SETTLE: Duration = Duration::from_secs(2);

/// The sizes of the backup workload.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupPlan {
    /// Key and value bytes loaded.
    pub bytes: u64,
    /// The window without backup.
    pub idle: Duration,
    /// Bytes after which a file of a set is synced (0: once, at its end).
    pub sync_every: u64,
    /// Chunk of the set's write-behind (`ese_os::WriteBehind`; 0: none, the syncs above).
    pub behind: u64,
    /// The folder under which the sets (and the `cp` copies) are made; `None`: the run's
    /// folder, beside the database.
    pub set_base: Option<std::path::PathBuf>,
}

/// One durable commit of the writer.
#[derive(Debug, Clone, Copy)]
struct Commit {
    /// Nanoseconds from the writer's start to the commit's start.
    start: u64,
    /// Nanoseconds the commit took.
    took: u64,
}

/// The writer's figures over one window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WindowStats {
    /// Commits ending in the window, per second.
    pub per_sec: f64,
    /// Commits ending in the window.
    pub commits: u64,
    /// The longest commit overlapping the window, in milliseconds.
    pub worst_ms: f64,
}

/// The writer's figures over `[from, to)` (nanoseconds from its start).
fn window(commits: &[Commit], from: u64, to: u64) -> WindowStats {
    let ended = commits
        .iter()
        .filter(|c| (from..to).contains(&(c.start + c.took)))
        .count() as u64;
    let worst = commits
        .iter()
        .filter(|c| c.start < to && c.start + c.took > from)
        .map(|c| c.took)
        .max()
        .unwrap_or(0);
    WindowStats {
        per_sec: ended as f64 / ((to - from) as f64 / 1e9).max(1e-9),
        commits: ended,
        worst_ms: worst as f64 / 1e6,
    }
}

/// Step 1: loads the records into a fresh database of `engine` in `dir`; returns the
/// records and the seconds.
fn load(engine: &dyn Engine, dir: &Path, bytes: u64, seed: u64) -> Result<(u64, f64)> {
    let records = bytes / (RAND_KEY_LEN + VALUE_LEN) as u64;
    let mut rng = Rng::new(seed);
    let mut keys = vec![[0u8; RAND_KEY_LEN]; BATCH];
    let mut values = vec![[0u8; VALUE_LEN]; BATCH];
    let mut loader = engine.create(dir, RAND_KEY_LEN)?;
    let t = Instant::now();
    let mut done = 0u64;
    while done < records {
        let n = (records - done).min(BATCH as u64) as usize;
        for i in 0..n {
            keys[i] = u128::from(done + i as u64).to_be_bytes();
            rng.fill(&mut values[i]);
        }
        let batch: Vec<Kv<'_>> = (0..n).map(|i| (&keys[i][..], &values[i][..])).collect();
        loader.insert_batch(&batch)?;
        done += n as u64;
    }
    loader.close()?;
    Ok((records, t.elapsed().as_secs_f64()))
}

/// The writer of step 2: durable one-record commits of new random keys (above every loaded
/// key: the first byte is 0xFF) until `stop`.
fn writer(db: &dyn BackupDb, stop: &AtomicBool, epoch: Instant, seed: u64) -> Result<Vec<Commit>> {
    let mut w = db.writer()?;
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(1 << 16);
    let (mut key, mut value) = ([0u8; RAND_KEY_LEN], [0u8; VALUE_LEN]);
    while !stop.load(Ordering::Relaxed) {
        rng.fill(&mut key);
        key[0] = 0xFF;
        rng.fill(&mut value);
        let start = epoch.elapsed().as_nanos() as u64;
        w.commit(&[(&key[..], &value[..])])?;
        let end = epoch.elapsed().as_nanos() as u64;
        out.push(Commit {
            start,
            took: end - start,
        });
    }
    Ok(out)
}

/// One backup of step 4: its name, (from, to) in nanoseconds from the writer's start, and
/// the set's bytes.
struct Done {
    line: Line,
    from: u64,
    to: u64,
    bytes: u64,
    /// CPU seconds of the process over the window.
    cpu: f64,
}

/// Clock ticks per second of `/proc`'s CPU times (`USER_HZ`, 100 on Linux).
const USER_HZ: f64 = 100.0;

/// The process's user and system CPU seconds so far (from `/proc/self/stat`; 0 where that
/// cannot be read).
fn cpu_secs() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // The fields after the command name (which may hold spaces) end with ')'.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after ')'.
    let tick = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / USER_HZ
}

/// The lines of one backup kind.
#[derive(Debug, Clone, Copy)]
pub struct Line {
    /// MB/s.
    pub mbs: &'static str,
    /// The writer's commits/s.
    pub cps: &'static str,
    /// The writer's commits/s over the idle window's.
    pub ratio: &'static str,
    /// The writer's worst commit latency.
    pub worst: &'static str,
    /// The set's size.
    pub size: &'static str,
    /// The process's CPU seconds during it.
    pub cpu: &'static str,
}

/// The lines of `cp`.
pub const CP: Line = Line {
    mbs: "bk_cp_mbs",
    cps: "bk_cp_cps",
    ratio: "bk_cp_ratio",
    worst: "bk_cp_worst",
    size: "bk_cp_size",
    cpu: "bk_cp_cpu",
};
/// The lines of the `cp` after the online backups.
pub const CP_AFTER: Line = Line {
    mbs: "bk_cpa_mbs",
    cps: "bk_cpa_cps",
    ratio: "bk_cpa_ratio",
    worst: "bk_cpa_worst",
    size: "bk_cpa_size",
    cpu: "bk_cpa_cpu",
};
/// The lines of [`Method::Online`].
pub const ONLINE: Line = Line {
    mbs: "bk_on_mbs",
    cps: "bk_on_cps",
    ratio: "bk_on_ratio",
    worst: "bk_on_worst",
    size: "bk_on_size",
    cpu: "bk_on_cpu",
};
/// The lines of [`Method::Second`].
pub const SECOND: Line = Line {
    mbs: "bk_on2_mbs",
    cps: "bk_on2_cps",
    ratio: "bk_on2_ratio",
    worst: "bk_on2_worst",
    size: "bk_on2_size",
    cpu: "bk_on2_cpu",
};

/// One step of step 4.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// `cp` of the database files, first (`false`) or last (`true`).
    Cp(bool),
    /// One of the engine's online backups.
    Backup(Method),
}

/// Step 4 for one backup kind, in the fresh folder `set_dir`.
fn one_backup(
    db: &dyn BackupDb,
    kind: Kind,
    set_dir: &Path,
    plan: &BackupPlan,
    epoch: Instant,
) -> Result<Done> {
    std::thread::sleep(SETTLE);
    let from = epoch.elapsed().as_nanos() as u64;
    let cpu0 = cpu_secs();
    let mut set = Set::new(set_dir, plan.sync_every)?.write_behind(plan.behind);
    let line = match kind {
        Kind::Cp(after) => {
            for f in db.files()? {
                let name = f
                    .file_name()
                    .and_then(|n| n.to_str())
                    .ok_or("a database file without a name")?
                    .to_string();
                set.copy_file(&f, &name)?;
            }
            if after {
                CP_AFTER
            } else {
                CP
            }
        }
        Kind::Backup(m) => {
            db.backup(m, &mut set)?;
            match m {
                Method::Online => ONLINE,
                Method::Second => SECOND,
            }
        }
    };
    let (bytes, _files) = set.finish()?;
    let to = epoch.elapsed().as_nanos() as u64;
    let cpu = cpu_secs() - cpu0;
    std::thread::sleep(SETTLE);
    std::fs::remove_dir_all(set_dir)?;
    Ok(Done {
        line,
        from,
        to,
        bytes,
        cpu,
    })
}

/// Runs steps 1–4 for `engine` in repetition `rep`, in folders under `base`.
pub fn run(
    engine: &dyn Engine,
    rep: usize,
    base: &Path,
    plan: &BackupPlan,
    seed: u64,
    emit: &mut dyn FnMut(&'static str, f64, &'static str, u64),
) -> Result<()> {
    let name = engine.name();
    let dir = crate::run::fresh_dir(base, &format!("{name}-{rep}-bk"))?;
    let (records, secs) = load(engine, &dir, plan.bytes, seed)?;
    emit(
        "bk_load",
        records as f64 / secs.max(1e-9),
        "records/s",
        records,
    );
    let db_bytes = crate::run::dir_size(&dir)?;
    emit("bk_db", db_bytes as f64 / (1024.0 * 1024.0), "MiB", records);

    let set_root = plan.set_base.as_deref().unwrap_or(base);
    std::fs::create_dir_all(set_root)?;
    let db = engine.open_backup(&dir, RAND_KEY_LEN)?;
    let stop = AtomicBool::new(false);
    let epoch = Instant::now();
    let (commits, backups) = std::thread::scope(|s| {
        let w = s.spawn(|| {
            let r = writer(db.as_ref(), &stop, epoch, seed ^ 0xB4);
            stop.store(true, Ordering::Relaxed);
            r
        });
        let backups = (|| {
            std::thread::sleep(SETTLE);
            let from = epoch.elapsed().as_nanos() as u64;
            std::thread::sleep(plan.idle);
            let idle = (from, epoch.elapsed().as_nanos() as u64);
            let mut done = Vec::new();
            let kinds = std::iter::once(Kind::Cp(false))
                .chain(db.methods().into_iter().map(Kind::Backup))
                .chain(std::iter::once(Kind::Cp(true)));
            for (i, m) in kinds.enumerate() {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let set_dir = set_root.join(format!("{name}-{rep}-set{i}"));
                done.push(one_backup(db.as_ref(), m, &set_dir, plan, epoch)?);
            }
            Ok::<_, crate::engines::Error>((idle, done))
        })();
        stop.store(true, Ordering::Relaxed);
        let commits = w
            .join()
            .unwrap_or_else(|_| Err("the writer panicked".into()));
        (commits, backups)
    });
    let closed = db.close();
    let commits = commits?;
    let (idle, backups) = backups?;
    closed?;
    std::fs::remove_dir_all(&dir)?;

    let base_w = window(&commits, idle.0, idle.1);
    emit("bk_idle_cps", base_w.per_sec, "commits/s", base_w.commits);
    emit("bk_idle_worst", base_w.worst_ms, "ms", base_w.commits);
    for d in backups {
        let w = window(&commits, d.from, d.to);
        let secs = (d.to - d.from) as f64 / 1e9;
        let n = w.commits;
        emit(d.line.mbs, d.bytes as f64 / 1e6 / secs.max(1e-9), "MB/s", n);
        emit(d.line.cps, w.per_sec, "commits/s", n);
        emit(d.line.ratio, w.per_sec / base_w.per_sec.max(1e-9), "x", n);
        emit(d.line.worst, w.worst_ms, "ms", n);
        emit(d.line.size, d.bytes as f64 / (1024.0 * 1024.0), "MiB", n);
        emit(d.line.cpu, d.cpu, "s", n);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_count_ends_and_overlaps() {
        let c = [
            Commit { start: 0, took: 5 },
            Commit { start: 5, took: 20 },
            Commit { start: 25, took: 1 },
        ];
        let w = window(&c, 10, 30);
        assert_eq!(w.commits, 2);
        assert_eq!(w.worst_ms, 20.0 / 1e6);
        assert_eq!(w.per_sec, 2.0 / (20.0 / 1e9));
    }
}
