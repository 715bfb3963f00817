//! Backup sets of a live instance: [`backup_instance`] streams an instance's
//! databases and logs into a folder or a tar stream, [`verify_set`] checks every
//! page and log of a set, [`restore_set`] and [`restore_tar`] restore one into a
//! new folder. `docs/eseutil-backup.md` describes the set and the commands.
//!
//! A set is flat: `<name>.edb` per database (the streamed copy: two header
//! pages, the pages, the trailer page), the numbered logs `<base>XXXXXXXX.log`,
//! and `backup.json` ([`Manifest`]), written last: a folder without it is not a
//! finished set.
//!
//! What must hold: a backup that does not complete leaves no manifest (in a
//! folder, none of the files it wrote); a restore writes nothing until the set's
//! names and contents have been checked, and never outside its target folder.

mod manifest;
mod restore;
mod verify;

pub use manifest::{check_name, stamp_checksum, Manifest, SetDatabase, SetKind, MANIFEST_NAME};
pub use restore::{restore_set, restore_tar, RestoreOptions, RestoreReport};
pub use verify::{verify_set, verify_set_with, verify_tar, FileCheck, VerifyReport};

use ese::backup::{grbit, AlignedBuffer, BackupOutcome};
use ese::{Error, ErrorCode, Instance, Result};
use serde_json::{json, Value as Json};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Bytes asked for per read of the backup stream (whole pages of every page size).
const READ_BYTES: usize = 2 << 20;

/// Where a backup goes.
pub enum BackupTarget {
    /// A folder: must be missing or empty for a full backup; for an incremental
    /// one it must hold a full set, whose manifest is extended.
    Folder(PathBuf),
    /// A tar stream of the set (the manifest is its last entry).
    Tar(Box<dyn Write>),
}

impl std::fmt::Debug for BackupTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BackupTarget::Folder(p) => f.debug_tuple("Folder").field(p).finish(),
            BackupTarget::Tar(_) => f.write_str("Tar(..)"),
        }
    }
}

/// What is being copied when [`Progress`] is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// A database copy.
    Database,
    /// A log.
    Log,
    /// Everything was copied.
    Done,
}

impl Phase {
    /// A lowercase name for output.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Database => "database",
            Phase::Log => "log",
            Phase::Done => "done",
        }
    }
}

/// One progress report of a backup, restore or verification.
#[derive(Debug, Clone)]
pub struct Progress {
    /// What is being copied.
    pub phase: Phase,
    /// The file's name in the set.
    pub file: String,
    /// Bytes of all files done so far.
    pub done: u64,
    /// The expected total (it grows when the log list is known).
    pub total: u64,
    /// Seconds since the start.
    pub seconds: f64,
}

impl Progress {
    /// The report as one JSON object.
    pub fn to_json(&self) -> Json {
        json!({
            "progress": self.phase.as_str(),
            "file": self.file,
            "bytes": self.done,
            "total": self.total,
            "seconds": round3(self.seconds),
        })
    }
}

/// How [`backup_instance`] runs.
#[derive(Default)]
pub struct BackupOptions<'a> {
    /// An incremental backup: the logs since the last full or incremental backup
    /// that truncated (`JET_bitBackupIncremental`), added to a full set's folder.
    pub incremental: bool,
    /// Delete the logs the backup made unnecessary (`JetTruncateLogInstance`).
    pub truncate: bool,
    /// Call `JetStopBackupInstance` once this many bytes were read: the next call
    /// fails with `JET_errBackupAbortByServer` and the backup is ended.
    pub stop_after_bytes: Option<u64>,
    /// Copy at most this many bytes per second (10^6 bytes is one MB/s), sleeping
    /// between reads when ahead. A backup at the disk's full speed takes much of it
    /// from the live instance's commits while it runs; a limit trades a longer
    /// backup for a smaller slowdown. `None`: as fast as the disk goes.
    pub max_bytes_per_sec: Option<u64>,
    /// Called after every read and at the end.
    pub progress: Option<&'a dyn Fn(&Progress)>,
}

/// How a backup ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every file was copied and the backup ended normally; the set is finished.
    Completed,
    /// `JetStopBackupInstance` stopped it; the set is not finished.
    Stopped,
}

impl Outcome {
    /// A lowercase name for output.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Completed => "completed",
            Outcome::Stopped => "stopped",
        }
    }
}

/// What [`backup_instance`] did.
#[derive(Debug, Clone)]
pub struct BackupReport {
    /// Full or incremental.
    pub kind: SetKind,
    /// The database copies written.
    pub databases: Vec<SetDatabase>,
    /// The logs written, by file name.
    pub logs: Vec<String>,
    /// The logs deleted by truncation.
    pub truncated: Vec<PathBuf>,
    /// Bytes read from the engine and written to the set.
    pub bytes: u64,
    /// Seconds from the start to the end.
    pub seconds: f64,
    /// `bytes` per second, in MB (10^6 bytes).
    pub mb_per_s: f64,
    /// How it ended.
    pub outcome: Outcome,
    /// The first log generation of the backup (0 when stopped before the list).
    pub gen_low: u32,
    /// The last log generation of the backup.
    pub gen_high: u32,
    /// The error code the read after a stop returned (`-801`).
    pub stopped_error: Option<i32>,
    /// The set (with its manifest) was finished: always when completed, and
    /// when a stop came only after the last log was copied.
    pub set_written: bool,
}

impl BackupReport {
    /// The report as one JSON object.
    pub fn to_json(&self) -> Json {
        json!({
            "command": "backup",
            "kind": self.kind.as_str(),
            "outcome": self.outcome.as_str(),
            "stopped_error": self.stopped_error,
            "set_written": self.set_written,
            "databases": self.databases.iter()
                .map(|d| json!({"original": d.original, "file": d.file, "bytes": d.bytes}))
                .collect::<Vec<_>>(),
            "logs": self.logs,
            "gen_low": self.gen_low,
            "gen_high": self.gen_high,
            "truncated": self.truncated.iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect::<Vec<_>>(),
            "bytes": self.bytes,
            "seconds": round3(self.seconds),
            "mb_per_s": round3(self.mb_per_s),
        })
    }
}

pub(crate) fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

pub(crate) fn mb_per_s(bytes: u64, seconds: f64) -> f64 {
    if seconds > 0.0 {
        bytes as f64 / 1e6 / seconds
    } else {
        0.0
    }
}

/// The engine version written into manifests.
pub fn engine_version() -> String {
    format!("ese-rs {}", env!("CARGO_PKG_VERSION"))
}

/// Makes a streaming backup of `inst` into `target`: begin, each attached
/// database streamed to `<name>.edb` (full backups), the log list and each log,
/// truncation when asked, end, then the manifest. Writers may run meanwhile.
///
/// The manifest is written once the last log was copied, before truncation.
/// A stop (`stop_after_bytes`, or `Instance::stop_backup` from elsewhere) gives
/// `Ok` with [`Outcome::Stopped`], the backup ended and, unless the set was
/// already finished, the files it wrote in a folder removed. Any other failure ends the backup (`JET_bitBackupEndAbort`)
/// and is returned. Errors of the target: `JET_errBackupDirectoryNotEmpty` for a
/// full backup into a folder that holds anything, `JET_errInvalidBackup` for an
/// incremental one into a folder without a full set.
pub fn backup_instance(
    inst: &Instance,
    target: BackupTarget,
    opts: &BackupOptions<'_>,
) -> Result<BackupReport> {
    let started = Instant::now();
    let mut sink = Sink::open(target, opts.incremental)?;
    let bits = if opts.incremental {
        grbit::INCREMENTAL
    } else {
        0
    };
    if let Err(e) = inst.begin_backup(bits) {
        sink.discard();
        return Err(e);
    }
    let mut run = Run {
        inst,
        opts,
        started,
        pacer: Pacer::new(opts.max_bytes_per_sec),
        buf: AlignedBuffer::new(READ_BYTES),
        done: 0,
        total: 0,
        stop_sent: false,
    };
    let mut report = BackupReport {
        kind: if opts.incremental {
            SetKind::Incremental
        } else {
            SetKind::Full
        },
        databases: Vec::new(),
        logs: Vec::new(),
        truncated: Vec::new(),
        bytes: 0,
        seconds: 0.0,
        mb_per_s: 0.0,
        outcome: Outcome::Completed,
        gen_low: 0,
        gen_high: 0,
        stopped_error: None,
        set_written: false,
    };
    let copied = run.copy_all(&mut sink, &mut report);
    let result = match copied {
        Ok(()) => inst.end_backup(grbit::END_NORMAL),
        Err(e) => {
            let _ = inst.backup_close_file(0);
            let stopped = e.code() == ErrorCode::BackupAbortByServer;
            let _ = inst.end_backup(if stopped {
                grbit::END_NORMAL
            } else {
                grbit::END_ABORT
            });
            Err(e)
        }
    };
    report.bytes = run.done;
    let stopped = match result {
        Ok(()) => inst.last_backup_outcome() == Some(BackupOutcome::AbortedByServer),
        Err(e) if e.code() == ErrorCode::BackupAbortByServer => true,
        Err(e) => {
            sink.discard();
            return Err(e);
        }
    };
    if stopped {
        sink.discard();
        report.outcome = Outcome::Stopped;
        report.stopped_error = Some(ErrorCode::BackupAbortByServer.value());
    }
    report.seconds = started.elapsed().as_secs_f64();
    report.mb_per_s = mb_per_s(report.bytes, report.seconds);
    run.report(Phase::Done, "");
    Ok(report)
}

/// How long a copy that has moved `done` bytes after `elapsed` must wait to stay at
/// `rate` bytes per second (zero when it is behind; a `rate` of 0 counts as 1).
fn pace_delay(done: u64, rate: u64, elapsed: Duration) -> Duration {
    let due = Duration::from_secs_f64(done as f64 / rate.max(1) as f64);
    due.saturating_sub(elapsed)
}

/// Holds a copy to at most a rate: after each piece, sleeps while the copy is ahead.
#[derive(Debug)]
pub struct Pacer {
    rate: Option<u64>,
    started: Instant,
    done: u64,
}

impl Pacer {
    /// A copy starting now, at most `rate` bytes per second (`None`: no limit).
    pub fn new(rate: Option<u64>) -> Pacer {
        Pacer {
            rate,
            started: Instant::now(),
            done: 0,
        }
    }

    /// `n` more bytes copied; sleeps until they are due.
    pub fn copied(&mut self, n: usize) {
        self.done += n as u64;
        if let Some(rate) = self.rate {
            let wait = pace_delay(self.done, rate, self.started.elapsed());
            if !wait.is_zero() {
                std::thread::sleep(wait);
            }
        }
    }
}

/// The state of one backup's copying.
struct Run<'a> {
    inst: &'a Instance,
    opts: &'a BackupOptions<'a>,
    started: Instant,
    pacer: Pacer,
    buf: AlignedBuffer,
    done: u64,
    total: u64,
    stop_sent: bool,
}

impl Run<'_> {
    fn report(&self, phase: Phase, file: &str) {
        if let Some(p) = self.opts.progress {
            p(&Progress {
                phase,
                file: file.to_string(),
                done: self.done,
                total: self.total.max(self.done),
                seconds: self.started.elapsed().as_secs_f64(),
            });
        }
    }

    fn copy_all(&mut self, sink: &mut Sink, report: &mut BackupReport) -> Result<()> {
        if !self.opts.incremental {
            let names = self.inst.backup_attach_info()?;
            let live = self.inst.databases();
            self.total = names
                .iter()
                .filter_map(|n| live.iter().find(|d| same_path(d.path(), Path::new(n))))
                .map(|d| (u64::from(d.page_count()) + 3) * d.page_size() as u64)
                .sum();
            let mut taken: Vec<String> = Vec::new();
            for original in names {
                let file = set_file_name(&original, &taken)?;
                taken.push(file.clone());
                let f = self.inst.backup_open_file(&original, 0)?;
                self.copy_file(sink, &file, f.size, Phase::Database)?;
                self.inst.backup_close_file(0)?;
                report.databases.push(SetDatabase {
                    original,
                    file,
                    bytes: f.size,
                });
            }
        }
        let list = self.inst.backup_log_info()?;
        report.gen_low = list.gen_low;
        report.gen_high = list.gen_high;
        if let Some(full) = &sink.existing {
            if list.gen_low > full.gen_high + 1 || list.base_name != full.base_name {
                return Err(Error::with(
                    ErrorCode::MissingFileToBackup,
                    format!(
                        "the incremental logs start at {:08X}, after a gap: the set ends at {:08X}",
                        list.gen_low, full.gen_high
                    ),
                ));
            }
        }
        self.total += list
            .names
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum::<u64>();
        for (g, path) in (list.gen_low..).zip(&list.names) {
            let file = manifest::log_name(&list.base_name, g);
            let f = self.inst.backup_open_file(&path.to_string_lossy(), 0)?;
            self.copy_file(sink, &file, f.size, Phase::Log)?;
            self.inst.backup_close_file(0)?;
            report.logs.push(file);
        }
        sink.base_name = list.base_name;
        // The set is finished before any log is deleted: a failure after this
        // point leaves a whole set, never truncated logs without one.
        let manifest = sink.manifest(report);
        sink.finish(&manifest)?;
        report.set_written = true;
        if self.opts.truncate {
            report.truncated = self.inst.backup_truncate_log_info()?;
            self.inst.backup_truncate_log()?;
        }
        Ok(())
    }

    /// Streams the open backup file into the set as `name`.
    fn copy_file(&mut self, sink: &mut Sink, name: &str, size: u64, phase: Phase) -> Result<()> {
        self.report(phase, name);
        let mut out = sink.begin_file(name, size)?;
        let mut written = 0u64;
        loop {
            let n = self.inst.backup_read_file(0, &mut self.buf)?;
            if n == 0 {
                break;
            }
            out.write(sink, &self.buf[..n])?;
            written += n as u64;
            self.done += n as u64;
            self.pacer.copied(n);
            if let Some(limit) = self.opts.stop_after_bytes {
                if self.done >= limit && !self.stop_sent {
                    self.stop_sent = true;
                    self.inst.stop_backup();
                }
            }
            self.report(phase, name);
        }
        if written != size {
            return Err(Error::with(
                ErrorCode::BadBackupDatabaseSize,
                format!("{name}: the engine streamed {written} bytes of {size}"),
            ));
        }
        out.finish(sink)
    }
}

fn same_path(a: &Path, b: &Path) -> bool {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    abs(a) == abs(b)
}

/// The copy's file name in the set: the database's own file name, made unique
/// (`name-2.edb`) when two databases share one.
fn set_file_name(original: &str, taken: &[String]) -> Result<String> {
    let p = Path::new(original);
    let stem = p
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "database".into());
    let ext = p
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_else(|| "edb".into());
    let mut name = format!("{stem}.{ext}");
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name))
        || name.eq_ignore_ascii_case(MANIFEST_NAME)
    {
        name = format!("{stem}-{n}.{ext}");
        n += 1;
    }
    check_name(&name)?;
    Ok(name)
}

fn io_err(e: std::io::Error, path: &Path) -> Error {
    Error::io(e).file(path)
}

/// Where the set's files go.
struct Sink {
    target: SinkTarget,
    /// A full set the incremental backup extends.
    existing: Option<Manifest>,
    base_name: String,
}

enum SinkTarget {
    Folder {
        dir: PathBuf,
        /// The folder did not exist before.
        made_dir: bool,
        /// Files this backup put in the folder that were not there before.
        written: Vec<PathBuf>,
    },
    Tar(Box<tar::Builder<Box<dyn Write>>>),
}

/// Chunk in which a backup set's file is written behind (`ese_os::WriteBehind`): once a
/// chunk is complete its write-back starts and the chunk before it is waited for, so the
/// live instance's commits queue behind at most two chunks of the set at the disk, where
/// one sync at the end of a file makes them wait for all of it (hundreds of milliseconds
/// for a 1 GiB database), and the set reaches the disk at its speed without a cache flush
/// in between. Each file is synced once, at its end. `docs/benchmarks.md`, "Online backup
/// under a writer", has the figures.
pub const SET_WRITE_BEHIND_BYTES: u64 = 1 << 20;

/// One file being written to the set.
enum FileOut {
    Folder {
        tmp: PathBuf,
        path: PathBuf,
        file: std::fs::File,
        behind: ese_os::WriteBehind,
    },
    /// A tar entry: its bytes go straight to the stream after its header.
    Tar { size: u64, written: u64 },
}

impl Sink {
    fn open(target: BackupTarget, incremental: bool) -> Result<Sink> {
        match target {
            BackupTarget::Tar(w) => Ok(Sink {
                target: SinkTarget::Tar(Box::new(tar::Builder::new(w))),
                existing: None,
                base_name: "edb".into(),
            }),
            BackupTarget::Folder(dir) => {
                let made_dir = !dir.exists();
                let existing = if incremental {
                    let text = std::fs::read_to_string(dir.join(MANIFEST_NAME)).map_err(|e| {
                        Error::with(
                            ErrorCode::InvalidBackup,
                            format!(
                                "an incremental backup goes into the folder of a full set: {}: {e}",
                                dir.join(MANIFEST_NAME).display()
                            ),
                        )
                    })?;
                    let m = Manifest::parse(&text)?;
                    if m.kind != SetKind::Full {
                        return Err(Error::with(
                            ErrorCode::InvalidBackup,
                            format!("{} does not hold a full set", dir.display()),
                        ));
                    }
                    Some(m)
                } else {
                    if !made_dir {
                        let mut entries = std::fs::read_dir(&dir).map_err(|e| io_err(e, &dir))?;
                        if entries.next().is_some() {
                            return Err(Error::with(
                                ErrorCode::BackupDirectoryNotEmpty,
                                format!("{} is not empty", dir.display()),
                            ));
                        }
                    }
                    std::fs::create_dir_all(&dir).map_err(|e| io_err(e, &dir))?;
                    None
                };
                Ok(Sink {
                    target: SinkTarget::Folder {
                        dir,
                        made_dir,
                        written: Vec::new(),
                    },
                    existing,
                    base_name: "edb".into(),
                })
            }
        }
    }

    fn begin_file(&mut self, name: &str, size: u64) -> Result<FileOut> {
        check_name(name)?;
        match &mut self.target {
            SinkTarget::Folder { dir, written, .. } => {
                let path = dir.join(name);
                let tmp = dir.join(format!("{name}.part"));
                let file = std::fs::File::create(&tmp).map_err(|e| io_err(e, &tmp))?;
                written.push(tmp.clone());
                if !path.exists() {
                    written.push(path.clone());
                }
                Ok(FileOut::Folder {
                    tmp,
                    path,
                    file,
                    behind: ese_os::WriteBehind::new(SET_WRITE_BEHIND_BYTES),
                })
            }
            SinkTarget::Tar(b) => {
                let mut h = tar_header(size);
                h.set_path(name).map_err(|e| io_err(e, Path::new(name)))?;
                h.set_cksum();
                b.get_mut()
                    .write_all(h.as_bytes())
                    .map_err(|e| io_err(e, Path::new(name)))?;
                Ok(FileOut::Tar { size, written: 0 })
            }
        }
    }

    fn discard(&mut self) {
        if let SinkTarget::Folder {
            dir,
            made_dir,
            written,
        } = &mut self.target
        {
            for p in written.drain(..) {
                let _ = std::fs::remove_file(p);
            }
            if *made_dir {
                let _ = std::fs::remove_dir(dir);
            }
        }
    }

    fn manifest(&self, report: &BackupReport) -> Manifest {
        let created = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        match &self.existing {
            Some(full) => {
                let gen_high = full.gen_high.max(report.gen_high);
                let mut m = full.clone();
                m.gen_high = gen_high;
                m.logs = (m.gen_low..=gen_high)
                    .map(|g| manifest::log_name(&m.base_name, g))
                    .collect();
                m.incrementals.push((report.gen_low, report.gen_high));
                m.engine = engine_version();
                m.created = created;
                m
            }
            None => Manifest {
                kind: report.kind,
                engine: engine_version(),
                base_name: self.base_name.clone(),
                gen_low: report.gen_low,
                gen_high: report.gen_high,
                databases: report.databases.clone(),
                logs: report.logs.clone(),
                incrementals: Vec::new(),
                created,
            },
        }
    }

    fn finish(&mut self, m: &Manifest) -> Result<()> {
        let text = m.to_json();
        match &mut self.target {
            SinkTarget::Folder { dir, written, .. } => {
                let path = dir.join(MANIFEST_NAME);
                let tmp = dir.join(format!("{MANIFEST_NAME}.part"));
                written.push(tmp.clone());
                let mut f = std::fs::File::create(&tmp).map_err(|e| io_err(e, &tmp))?;
                f.write_all(text.as_bytes())
                    .and_then(|()| f.sync_all())
                    .map_err(|e| io_err(e, &tmp))?;
                std::fs::rename(&tmp, &path).map_err(|e| io_err(e, &path))?;
                sync_dir(dir)?;
                written.clear();
                Ok(())
            }
            SinkTarget::Tar(b) => {
                let mut h = tar_header(text.len() as u64);
                b.append_data(&mut h, MANIFEST_NAME, text.as_bytes())
                    .and_then(|()| b.finish())
                    .and_then(|()| b.get_mut().flush())
                    .map_err(|e| io_err(e, Path::new(MANIFEST_NAME)))
            }
        }
    }
}

fn tar_header(size: u64) -> tar::Header {
    let mut h = tar::Header::new_ustar();
    h.set_entry_type(tar::EntryType::Regular);
    h.set_size(size);
    h.set_mode(0o644);
    h.set_mtime(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
    );
    h
}

/// Makes a folder's entries durable (a no-op where folders cannot be opened).
pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    match std::fs::File::open(dir) {
        Ok(f) => f.sync_all().or_else(|e| {
            // Some systems refuse to sync a folder handle; the files are synced.
            if e.kind() == std::io::ErrorKind::PermissionDenied
                || e.kind() == std::io::ErrorKind::InvalidInput
            {
                Ok(())
            } else {
                Err(io_err(e, dir))
            }
        }),
        Err(_) => Ok(()),
    }
}

impl FileOut {
    fn write(&mut self, sink: &mut Sink, bytes: &[u8]) -> Result<()> {
        match (self, &mut sink.target) {
            (
                FileOut::Folder {
                    tmp, file, behind, ..
                },
                _,
            ) => file
                .write_all(bytes)
                .and_then(|()| behind.wrote(file, bytes.len()))
                .map_err(|e| io_err(e, tmp)),
            (FileOut::Tar { size, written }, SinkTarget::Tar(b)) => {
                if *written + bytes.len() as u64 > *size {
                    return Err(Error::with(
                        ErrorCode::BadBackupDatabaseSize,
                        "the engine streamed more bytes than the file's size",
                    ));
                }
                *written += bytes.len() as u64;
                b.get_mut()
                    .write_all(bytes)
                    .map_err(|e| io_err(e, Path::new("-")))
            }
            (FileOut::Tar { .. }, SinkTarget::Folder { .. }) => Err(Error::with(
                ErrorCode::InternalError,
                "a tar entry written to a folder",
            )),
        }
    }

    fn finish(self, sink: &mut Sink) -> Result<()> {
        match (self, &mut sink.target) {
            (
                FileOut::Folder {
                    tmp, path, file, ..
                },
                _,
            ) => {
                file.sync_all().map_err(|e| io_err(e, &tmp))?;
                drop(file);
                std::fs::rename(&tmp, &path).map_err(|e| io_err(e, &path))
            }
            (FileOut::Tar { written, .. }, SinkTarget::Tar(b)) => {
                let pad = (512 - written % 512) % 512;
                b.get_mut()
                    .write_all(&[0u8; 512][..pad as usize])
                    .map_err(|e| io_err(e, Path::new("-")))
            }
            (FileOut::Tar { .. }, SinkTarget::Folder { .. }) => Ok(()),
        }
    }
}

#[cfg(test)]
mod pace_tests {
    use super::pace_delay;
    use std::time::Duration;

    #[test]
    fn a_copy_ahead_of_its_rate_waits_for_the_difference() {
        // 10 MB at 5 MB/s are due at 2 s: after 0.5 s, 1.5 s to wait.
        let d = pace_delay(10_000_000, 5_000_000, Duration::from_millis(500));
        assert_eq!(d, Duration::from_millis(1500));
    }

    #[test]
    fn a_copy_behind_its_rate_does_not_wait() {
        let d = pace_delay(1_000_000, 5_000_000, Duration::from_secs(1));
        assert_eq!(d, Duration::ZERO);
        // A rate of 0 is taken as 1 byte per second rather than dividing by zero.
        assert_eq!(pace_delay(3, 0, Duration::ZERO), Duration::from_secs(3));
    }
}
