//! File-based backup and restore (ESE's `JetBackupInstance` and
//! `JetRestoreInstance`/`JetRestore2`), built on the streaming backup
//! ([`crate::backup`]) and on the restore of a streaming backup
//! ([`crate::restore::external_restore`]); `docs/design/file-backup.md`.
//!
//! Owns [`Instance::backup_to_folder`] (a backup set in a folder: each database's
//! stream under its file name, a 0-byte `<name>.pat` marker per database, the
//! listed logs), [`restore_from_folder`] (such a set back into databases) and
//! [`verify_backup_set`] (every page and log of a set checked, nothing written).
//!
//! What must hold:
//! * nothing is written outside the folders the caller names: every name taken
//!   from a backup set is one plain path component, symbolic links in a set or at
//!   a destination are refused, and a database's recorded original path is used
//!   only when it is absolute, holds no `..` and ends in the copy's own name;
//! * a backup set is checked whole (header pair, every page checksum, trailer,
//!   every log block, the log sequence) before a restore writes anything;
//! * a file is never left half written under its final name: database copies and
//!   logs are written under a temporary name, synced, then renamed (a database
//!   stream of a backup is written under its name with `create_new`, and its
//!   marker only after it is whole and synced, so a copy without a marker is
//!   never restored);
//! * a restore cut short by a crash is finished by running it again (copies an
//!   interrupted restore already patched are kept; `external_restore` resumes).

use crate::backup::{grbit as stream_grbit, AlignedBuffer, BackupOutcome};
use crate::format::checksum::{verify_page, PageCheck};
use crate::format::header::{read_best, DbHeader};
use crate::format::log::{LogFileHeader, LogSignature};
use crate::format::patch::PatchPage;
use crate::log::{parse_numbered_log_name, restore_marker_name};
use crate::restore::{external_restore, ExternalRestore, RestoreMapEntry};
use crate::{Error, ErrorCode, Instance, Result};
use ese_os::{EntryKind, FileSystem, OpenOptions as FsOpen, SharedFs};
use std::path::{Component, Path, PathBuf};

/// The grbits of [`Instance::backup_to_folder`] (the values of esent.h; other
/// bits are ignored, as `JetBackupInstance` ignores them).
pub mod grbit {
    /// `JET_bitBackupIncremental`: only the logs since the last full or
    /// incremental backup.
    pub const INCREMENTAL: u32 = 0x1;
    /// `JET_bitBackupAtomic`: the set is built beside the previous one and
    /// replaces it only when whole (`new`, `old` and `temp` sub-folders).
    pub const ATOMIC: u32 = 0x4;
}

/// The units of a status callback's progress (`cunitTotal` of ESE's `JET_SNPROG`).
pub const STATUS_UNITS: u32 = 100;

/// Sub-folder holding the last complete atomic backup set.
const NEW: &str = "new";
/// Sub-folder holding the previous atomic set (and an atomic incremental's logs).
const OLD: &str = "old";
/// Sub-folder an atomic full backup is built in.
const TEMP: &str = "temp";
/// Extension of the database markers.
const MARKER_EXT: &str = "pat";
/// The read buffer of a backup: 256 pages of 4 KiB, whole pages at every page size.
const READ_BUFFER: usize = 1 << 20;
/// The copy buffer of a restore and of the set checks.
const COPY_CHUNK: usize = 1 << 20;
/// The largest log file (65535 sectors of 4096 bytes): a bigger file in a set is
/// not read into memory.
const MAX_LOG_BYTES: u64 = 65535 * 4096;
/// The database page sizes.
const PAGE_SIZES: [u64; 4] = [4096, 8192, 16384, 32768];

/// A status notification of a file backup (`JET_snpBackup`) or restore
/// (`JET_snpRestore`). The engine ignores what the callback does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupStatus {
    /// `JET_sntBegin` (`cunitTotal` = [`STATUS_UNITS`]).
    Begin,
    /// `JET_sntProgress`: `done` of `total` units (`done <= total`).
    Progress {
        /// Units done (`cunitDone`).
        done: u32,
        /// Units in all (`cunitTotal`, [`STATUS_UNITS`]).
        total: u32,
    },
    /// `JET_sntComplete` (`cunitDone` = [`STATUS_UNITS`]).
    Complete,
}

/// How [`Instance::backup_to_folder`] backs up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FolderBackup {
    /// [`grbit::INCREMENTAL`] and/or [`grbit::ATOMIC`]; 0 is a full backup.
    pub grbit: u32,
    /// Create the folder when it is missing (`JET_paramCreatePathIfNotExist`);
    /// otherwise a missing folder is `JET_errInvalidPath`.
    pub create_path: bool,
}

/// Where [`restore_from_folder`] puts the restored log stream (what
/// `JetRestoreInstance` takes from the instance's parameters).
#[derive(Debug, Clone)]
pub struct FolderRestore {
    /// The log folder (`JET_paramLogFilePath`); an instance started there
    /// afterwards finds the restored stream. Not the backup folder.
    pub log_dir: PathBuf,
    /// The checkpoint folder (`JET_paramSystemPath`).
    pub checkpoint_dir: PathBuf,
    /// The logs' base name (`JET_paramBaseName`, `edb`).
    pub base_name: String,
    /// Create the destination folder when it is missing
    /// (`JET_paramCreatePathIfNotExist`); otherwise `JET_errInvalidPath`.
    pub create_path: bool,
    /// Pages each database caches while the restore replays.
    pub cache_pages: usize,
}

impl FolderRestore {
    /// A restore into `log_dir` and `checkpoint_dir` with base name `edb`,
    /// creating missing folders.
    pub fn new(log_dir: impl Into<PathBuf>, checkpoint_dir: impl Into<PathBuf>) -> FolderRestore {
        FolderRestore {
            log_dir: log_dir.into(),
            checkpoint_dir: checkpoint_dir.into(),
            base_name: "edb".into(),
            create_path: true,
            cache_pages: crate::db::OpenOptions::default().cache_pages,
        }
    }
}

/// One problem [`verify_backup_set`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The error a restore of the set fails with.
    pub code: ErrorCode,
    /// The page concerned (database copies), counted as the database counts them.
    pub page: Option<u32>,
    /// What is wrong.
    pub detail: String,
}

impl Problem {
    fn new(code: ErrorCode, detail: impl Into<String>) -> Problem {
        Problem {
            code,
            page: None,
            detail: detail.into(),
        }
    }

    fn into_error(self, file: Option<PathBuf>) -> Error {
        let mut e = Error::with(self.code, self.detail);
        if let Some(p) = self.page {
            e = e.page(p);
        }
        match file {
            Some(f) => e.file(f),
            None => e,
        }
    }
}

/// The check of one file of a backup set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCheck {
    /// The file's name in the set folder.
    pub name: String,
    /// Its length in bytes.
    pub bytes: u64,
    /// Pages checked (database copies: the header pair, the data pages and the
    /// trailer; 0 for logs).
    pub pages: u64,
    /// The first problem found, if any.
    pub problem: Option<Problem>,
}

/// What [`verify_backup_set`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSetReport {
    /// The folder holding the set: the one given, or its `new` or `old`
    /// sub-folder (an atomic backup's).
    pub dir: PathBuf,
    /// The logs' base name (empty when no log was found).
    pub base_name: String,
    /// The database copies the markers name.
    pub databases: Vec<FileCheck>,
    /// The numbered logs, lowest generation first.
    pub logs: Vec<FileCheck>,
    /// The first and last log generation (0 when there is none).
    pub gen_low: u32,
    /// See `gen_low`.
    pub gen_high: u32,
    /// Database pages checked in all.
    pub pages: u64,
    /// Bytes read in all.
    pub bytes: u64,
    /// Problems of the set as a whole (missing logs or markers, a gap in the
    /// log sequence, links, names).
    pub problems: Vec<Problem>,
}

impl BackupSetReport {
    /// Whether nothing is wrong.
    pub fn is_ok(&self) -> bool {
        self.first_problem().is_none()
    }

    /// The first problem: of the set, then of its logs, then of its copies,
    /// with the file it concerns.
    pub fn first_problem(&self) -> Option<(Option<&str>, &Problem)> {
        if let Some(p) = self.problems.first() {
            return Some((None, p));
        }
        self.logs
            .iter()
            .chain(self.databases.iter())
            .find_map(|f| f.problem.as_ref().map(|p| (Some(f.name.as_str()), p)))
    }

    /// The first problem as the error a restore gives.
    fn to_error(&self) -> Option<Error> {
        let (name, p) = self.first_problem()?;
        Some(p.clone().into_error(name.map(|n| self.dir.join(n))))
    }
}

fn invalid(what: impl Into<String>) -> Error {
    Error::with(ErrorCode::InvalidParameter, what)
}

fn bad_path(what: impl Into<String>, path: &Path) -> Error {
    Error::with(ErrorCode::InvalidPath, what).file(path)
}

/// `name` as one plain path component (what every name of a backup set must be).
fn check_plain_name(name: &str) -> std::result::Result<(), Problem> {
    let mut parts = Path::new(name).components();
    let plain = matches!(
        (parts.next(), parts.next()),
        (Some(Component::Normal(n)), None) if n == std::ffi::OsStr::new(name)
    );
    if !plain || name.contains(['/', '\\', '\0']) {
        return Err(Problem::new(
            ErrorCode::InvalidPath,
            format!("{name:?} is not a plain file name"),
        ));
    }
    Ok(())
}

/// Refuses a symbolic link at `path` (a destination or a set entry).
fn refuse_link(fs: &dyn FileSystem, path: &Path) -> Result<()> {
    if fs.is_symlink(path).map_err(|e| Error::io(e).file(path))? {
        return Err(bad_path(
            "a symbolic link: backup and restore never follow one",
            path,
        ));
    }
    Ok(())
}

/// Creates `dir` and its missing parents, every new entry synced.
fn create_dir_synced(fs: &dyn FileSystem, dir: &Path) -> Result<()> {
    fs.create_dir_all(dir)
        .and_then(|()| {
            dir.ancestors()
                .filter(|d| !d.as_os_str().is_empty())
                .try_for_each(|d| fs.sync_dir(d))
        })
        .map_err(|e| Error::io(e).file(dir))
}

/// `dir` exists as a folder, or is created when `create`; else `JET_errInvalidPath`.
fn ensure_dir(fs: &dyn FileSystem, dir: &Path, create: bool) -> Result<()> {
    refuse_link(fs, dir)?;
    match fs.kind(dir).map_err(|e| Error::io(e).file(dir))? {
        Some(EntryKind::Dir) => Ok(()),
        Some(EntryKind::File) => Err(bad_path("a file, not a folder", dir)),
        None if create => create_dir_synced(fs, dir),
        None => Err(bad_path(
            "the folder does not exist (set create_path to create it)",
            dir,
        )),
    }
}

/// Removes the files of `dir` and then `dir` (nothing when it is missing). A
/// link at `dir` is refused: its target's files are not ours to delete.
fn remove_folder(fs: &dyn FileSystem, dir: &Path) -> Result<()> {
    refuse_link(fs, dir)?;
    if fs.kind(dir).map_err(|e| Error::io(e).file(dir))? != Some(EntryKind::Dir) {
        return Ok(());
    }
    for name in fs.read_dir(dir).map_err(|e| Error::io(e).file(dir))? {
        let p = dir.join(&name);
        fs.remove_file(&p).map_err(|e| Error::io(e).file(&p))?;
    }
    fs.remove_dir(dir)
        .and_then(|()| sync_parent(fs, dir))
        .map_err(|e| Error::io(e).file(dir))
}

fn sync_parent(fs: &dyn FileSystem, p: &Path) -> std::io::Result<()> {
    match p.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => fs.sync_dir(d),
        None => Ok(()),
    }
}

/// Renames folder `from` to `to`. A file system that cannot rename folders (the
/// in-memory ones) gets the files moved one by one.
fn move_folder(fs: &dyn FileSystem, from: &Path, to: &Path) -> Result<()> {
    let io = |e| Error::io(e).file(from);
    match fs.rename(from, to) {
        Ok(()) => return sync_parent(fs, to).map_err(io),
        Err(e) if e.kind() == std::io::ErrorKind::Unsupported => {}
        Err(e) => return Err(io(e)),
    }
    create_dir_synced(fs, to)?;
    for name in fs.read_dir(from).map_err(io)? {
        fs.rename(&from.join(&name), &to.join(&name)).map_err(io)?;
    }
    fs.sync_dir(to).map_err(io)?;
    fs.remove_dir(from)
        .and_then(|()| sync_parent(fs, from))
        .map_err(io)
}

/// ESE's directory preparation (spec §3.11 step 3): returns where the set goes.
fn prepare_folder(
    fs: &dyn FileSystem,
    dir: &Path,
    full: bool,
    atomic: bool,
    create: bool,
) -> Result<PathBuf> {
    ensure_dir(fs, dir, create)?;
    let (new, old, temp) = (dir.join(NEW), dir.join(OLD), dir.join(TEMP));
    for p in [&new, &old, &temp] {
        refuse_link(fs, p)?;
    }
    remove_folder(fs, &temp)?;
    if !atomic {
        let names = fs.read_dir(dir).map_err(|e| Error::io(e).file(dir))?;
        let busy = if full {
            !names.is_empty()
        } else {
            names.iter().any(|n| n == NEW || n == OLD)
        };
        if busy {
            return Err(Error::with(
                ErrorCode::BackupDirectoryNotEmpty,
                if full {
                    "a full backup needs an empty folder"
                } else {
                    "the folder holds an atomic backup (new or old): back up atomically"
                },
            )
            .file(dir));
        }
        return Ok(dir.to_path_buf());
    }
    if fs.exists(&new) {
        remove_folder(fs, &old)?;
        move_folder(fs, &new, &old)?;
    }
    if full {
        create_dir_synced(fs, &temp).map_err(|e| {
            Error::with(
                ErrorCode::MakeBackupDirectoryFail,
                format!("the temporary backup folder cannot be made: {e}"),
            )
            .file(&temp)
        })?;
        return Ok(temp);
    }
    // ESE writes an atomic incremental backup to a bare relative `old\`; the
    // logs belong to the set in `<dir>/old`.
    if fs.kind(&old).map_err(|e| Error::io(e).file(&old))? != Some(EntryKind::Dir) {
        return Err(bad_path(
            "no atomic full backup in this folder to add the logs to",
            dir,
        ));
    }
    Ok(old)
}

fn create_error(e: std::io::Error, path: &Path) -> Error {
    if e.kind() == std::io::ErrorKind::AlreadyExists {
        Error::with(ErrorCode::FileAlreadyExists, "the file exists already").file(path)
    } else {
        Error::io(e).file(path)
    }
}

/// The file name of `path` as a plain name.
fn file_name_of(path: &Path) -> Result<String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    check_plain_name(&name).map_err(|p| p.into_error(Some(path.to_path_buf())))?;
    Ok(name)
}

/// `<stem>.pat` for a database file name.
fn marker_for(file_name: &str) -> String {
    let stem = Path::new(file_name).file_stem().map_or_else(
        || file_name.to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    format!("{stem}.{MARKER_EXT}")
}

impl Instance {
    /// `JetBackupInstance`: backs the instance up into the folder `dir`, on the
    /// streaming calls as ESE does. A full backup writes each attached
    /// database's stream as `<dir>/<file name>` (never over an existing file:
    /// `JET_errFileAlreadyExists`) and a 0-byte `<dir>/<stem>.pat` marker once the
    /// copy is whole; every backup then copies the listed logs into the folder
    /// (over older copies), truncates the logs and ends the backup normally (the
    /// end's result is the call's). A failure ends it as aborted.
    ///
    /// The folder: missing → created with `create_path`, else
    /// `JET_errInvalidPath`. Non-atomic full: it must be empty
    /// (`JET_errBackupDirectoryNotEmpty`); non-atomic incremental: no `new` or
    /// `old` in it (same error). With [`grbit::ATOMIC`] a full backup is built in
    /// `<dir>/temp` (`JET_errMakeBackupDirectoryFail`) and becomes `<dir>/new`
    /// when whole, the set it replaces going from `new` to `old` and then away; an
    /// atomic incremental adds its logs to `<dir>/old`.
    ///
    /// `status` gets [`BackupStatus::Begin`] (full backups), a
    /// [`BackupStatus::Progress`] after each database, and
    /// [`BackupStatus::Complete`]. A stop ([`Instance::stop_backup`]) fails the
    /// next read with `JET_errBackupAbortByServer`, which is returned; the
    /// instance's end during the backup gives `JET_errTermInProgress`. Otherwise
    /// the errors of [`Instance::begin_backup`] and the other streaming calls.
    pub fn backup_to_folder(
        &self,
        dir: &Path,
        opts: &FolderBackup,
        status: Option<&mut dyn FnMut(BackupStatus)>,
    ) -> Result<()> {
        let mut status = status;
        let mut notify = |s: BackupStatus| {
            if let Some(f) = status.as_deref_mut() {
                f(s);
            }
        };
        if dir.as_os_str().is_empty() {
            // ESE's "truncate only" branch cannot succeed (spec §3.11 step 1).
            return Err(invalid("no backup folder given"));
        }
        let dir = std::path::absolute(dir).map_err(|e| Error::io(e).file(dir))?;
        let full = opts.grbit & grbit::INCREMENTAL == 0;
        let atomic = opts.grbit & grbit::ATOMIC != 0;
        self.begin_backup(if full { 0 } else { stream_grbit::INCREMENTAL })?;
        let fs = self.fs().clone();
        let run = self.folder_backup(
            fs.as_ref(),
            &dir,
            full,
            atomic,
            opts.create_path,
            &mut notify,
        );
        let out = match run {
            Ok(()) => self
                .end_backup(stream_grbit::END_NORMAL)
                .map_err(|e| self.ended_by_term(e)),
            Err(e) => {
                let e = self.ended_by_term(e);
                let _ = self.end_backup(stream_grbit::END_ABORT);
                Err(e)
            }
        };
        // As ESE, whatever happened; a temp folder the preparation refused (a
        // link) is left alone.
        let _ = remove_folder(fs.as_ref(), &dir.join(TEMP));
        out
    }

    /// `JET_errNoBackup` because the instance's end aborted the backup is
    /// `JET_errTermInProgress`.
    fn ended_by_term(&self, e: Error) -> Error {
        if e.code() == ErrorCode::NoBackup
            && !self.backup_running_now()
            && self.last_backup_outcome() == Some(BackupOutcome::AbortedByServer)
        {
            return Error::with(
                ErrorCode::TermInProgress,
                "the instance is ending: the backup was aborted",
            );
        }
        e
    }

    fn folder_backup(
        &self,
        fs: &dyn FileSystem,
        dir: &Path,
        full: bool,
        atomic: bool,
        create: bool,
        notify: &mut dyn FnMut(BackupStatus),
    ) -> Result<()> {
        let target = prepare_folder(fs, dir, full, atomic, create)?;
        if full {
            notify(BackupStatus::Begin);
            let names = self.backup_attach_info()?;
            let n = names.len() as u64 + 1;
            for (i, name) in names.iter().enumerate() {
                self.copy_database_to(fs, name, &target)?;
                let done = (i as u64 + 1) * u64::from(STATUS_UNITS) / n;
                notify(BackupStatus::Progress {
                    done: u32::try_from(done).unwrap_or(STATUS_UNITS),
                    total: STATUS_UNITS,
                });
            }
        }
        let list = self.backup_log_info()?;
        for p in &list.names {
            self.copy_log_to(fs, p, &target)?;
        }
        fs.sync_dir(&target)
            .map_err(|e| Error::io(e).file(&target))?;
        if atomic && full {
            // The set is whole: it becomes `new`, and the one before goes.
            let new = dir.join(NEW);
            move_folder(fs, &target, &new)?;
            remove_folder(fs, &dir.join(OLD))?;
        }
        self.backup_truncate_log()?;
        notify(BackupStatus::Complete);
        Ok(())
    }

    /// Streams the open backup file into `out` from offset 0; returns its length.
    fn stream_to(&self, out: &dyn ese_os::File, path: &Path) -> Result<u64> {
        let mut buf = AlignedBuffer::new(READ_BUFFER);
        let mut at = 0u64;
        loop {
            let n = self.backup_read_file(0, &mut buf)?;
            if n == 0 {
                return Ok(at);
            }
            out.write_at(at, &buf[..n])
                .map_err(|e| Error::io(e).file(path))?;
            at += n as u64;
        }
    }

    /// One database's stream into `<target>/<file name>`, then its marker.
    fn copy_database_to(&self, fs: &dyn FileSystem, name: &str, target: &Path) -> Result<()> {
        let file_name = file_name_of(Path::new(name))?;
        let out = target.join(&file_name);
        let marker = target.join(marker_for(&file_name));
        for p in [&out, &marker] {
            refuse_link(fs, p)?;
            if fs.exists(p) {
                return Err(Error::with(
                    ErrorCode::FileAlreadyExists,
                    "the backup set holds this name already",
                )
                .file(p.as_path()));
            }
        }
        let opened = self.backup_open_file(name, 0)?;
        let file = match fs.open(&out, FsOpen::create_new()) {
            Ok(f) => f,
            Err(e) => {
                let _ = self.backup_close_file(0);
                return Err(create_error(e, &out));
            }
        };
        let copied = self.stream_to(file.as_ref(), &out).and_then(|n| {
            if n != opened.size {
                return Err(Error::with(
                    ErrorCode::DiskIO,
                    format!("the stream gave {n} of {} bytes", opened.size),
                )
                .file(&out));
            }
            self.backup_close_file(0)?;
            file.sync_all().map_err(|e| Error::io(e).file(&out))
        });
        if let Err(e) = copied {
            // A stream that failed leaves nothing under the database's name.
            let _ = self.backup_close_file(0);
            drop(file);
            let _ = fs.remove_file(&out);
            return Err(e);
        }
        let m = fs
            .open(&marker, FsOpen::create_new())
            .map_err(|e| create_error(e, &marker))?;
        m.sync_all().map_err(|e| Error::io(e).file(&marker))?;
        fs.sync_dir(target).map_err(|e| Error::io(e).file(target))
    }

    /// One listed log into `<target>/<name>`, over an older copy, through a
    /// temporary name.
    fn copy_log_to(&self, fs: &dyn FileSystem, path: &Path, target: &Path) -> Result<()> {
        let name = file_name_of(path)?;
        let out = target.join(&name);
        let tmp = target.join(format!("{name}.tmp"));
        refuse_link(fs, &out)?;
        if fs.is_symlink(&tmp).unwrap_or(false) || fs.exists(&tmp) {
            fs.remove_file(&tmp).map_err(|e| Error::io(e).file(&tmp))?;
        }
        let opened = self.backup_open_file(&path.to_string_lossy(), 0)?;
        let file = match fs.open(&tmp, FsOpen::create_new()) {
            Ok(f) => f,
            Err(e) => {
                let _ = self.backup_close_file(0);
                return Err(create_error(e, &tmp));
            }
        };
        let copied = self.stream_to(file.as_ref(), &tmp).and_then(|n| {
            if n != opened.size {
                return Err(Error::with(
                    ErrorCode::DiskIO,
                    format!("the log gave {n} of {} bytes", opened.size),
                )
                .file(path));
            }
            self.backup_close_file(0)?;
            file.sync_all().map_err(|e| Error::io(e).file(&tmp))
        });
        drop(file);
        if let Err(e) = copied {
            let _ = self.backup_close_file(0);
            let _ = fs.remove_file(&tmp);
            return Err(e);
        }
        fs.rename(&tmp, &out).map_err(|e| Error::io(e).file(&out))
    }
}

/// One database copy of a set, found through its marker.
struct CopyInfo {
    name: String,
    path: PathBuf,
    header: DbHeader,
    trailer: PatchPage,
}

/// A set as checked: the report and what a restore needs.
struct Examined {
    report: BackupSetReport,
    copies: Vec<CopyInfo>,
}

/// The folder holding the set: `src` if it has logs, else `src/new`, else
/// `src/old` (spec §3.16 step 4); with the base name found there.
fn locate_set(
    fs: &dyn FileSystem,
    src: &Path,
    base: Option<&str>,
) -> Result<Option<(PathBuf, String)>> {
    for (i, dir) in [src.to_path_buf(), src.join(NEW), src.join(OLD)]
        .into_iter()
        .enumerate()
    {
        if i > 0 {
            refuse_link(fs, &dir)?;
        }
        if fs.kind(&dir).map_err(|e| Error::io(e).file(&dir))? != Some(EntryKind::Dir) {
            if i == 0 {
                return Err(bad_path("the backup folder does not exist", &dir));
            }
            continue;
        }
        let names = fs.read_dir(&dir).map_err(|e| Error::io(e).file(&dir))?;
        let found = match base {
            Some(b) => names
                .iter()
                .any(|n| parse_numbered_log_name(b, n).is_some())
                .then(|| b.to_string()),
            None => detect_base(&names),
        };
        if let Some(b) = found {
            return Ok(Some((dir, b)));
        }
    }
    Ok(None)
}

/// The base name of the numbered logs among `names` (the most frequent one).
fn detect_base(names: &[String]) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for n in names {
        let Some(base) = n.get(..3) else { continue };
        if n.len() != 15 || parse_numbered_log_name(base, n).is_none() {
            continue;
        }
        let base = base.to_ascii_lowercase();
        match counts.iter_mut().find(|(b, _)| *b == base) {
            Some((_, c)) => *c += 1,
            None => counts.push((base, 1)),
        }
    }
    counts.into_iter().max_by_key(|(_, c)| *c).map(|(b, _)| b)
}

fn read_at(fs: &dyn FileSystem, path: &Path, off: u64, buf: &mut [u8]) -> Result<()> {
    let f = fs
        .open(path, FsOpen::read_only())
        .map_err(|e| Error::io(e).file(path))?;
    f.read_at(off, buf).map_err(|e| Error::io(e).file(path))
}

/// Checks a database copy: the header pair, every data page's checksum, the
/// trailer. Returns the check and, when it passed, the header and trailer.
fn check_copy(
    fs: &dyn FileSystem,
    path: &Path,
    name: &str,
) -> (FileCheck, Option<(DbHeader, PatchPage)>) {
    let mut check = FileCheck {
        name: name.to_string(),
        bytes: 0,
        pages: 0,
        problem: None,
    };
    match check_copy_pages(fs, path, &mut check) {
        Ok(found) => (check, Some(found)),
        Err(p) => {
            check.problem = Some(p);
            (check, None)
        }
    }
}

fn check_copy_pages(
    fs: &dyn FileSystem,
    path: &Path,
    check: &mut FileCheck,
) -> std::result::Result<(DbHeader, PatchPage), Problem> {
    let io =
        |e: std::io::Error| Problem::new(ErrorCode::DiskIO, format!("cannot read the copy: {e}"));
    let f = fs.open(path, FsOpen::read_only()).map_err(io)?;
    let len = f.len().map_err(io)?;
    check.bytes = len;
    let corrupt = |w: String| Problem::new(ErrorCode::DatabaseCorrupted, w);
    // The page size is the one whose header pair reads at it.
    let mut found = None;
    for ps in PAGE_SIZES {
        if len < 3 * ps || !len.is_multiple_of(ps) {
            continue;
        }
        let (mut a, mut b) = (vec![0u8; ps as usize], vec![0u8; ps as usize]);
        if f.read_at(0, &mut a).is_err() || f.read_at(ps, &mut b).is_err() {
            continue;
        }
        if let Ok((h, _)) = read_best(&a, &b) {
            if u64::from(h.page_size()) == ps {
                found = Some((h, ps, a, b));
                break;
            }
        }
    }
    let Some((header, ps, a, b)) = found else {
        return Err(corrupt(
            "no readable database header (or too short for a backup copy)".into(),
        ));
    };
    for (i, page) in [&a, &b].into_iter().enumerate() {
        if DbHeader::decode(page).is_err() {
            return Err(corrupt(format!("header copy {i} is damaged")));
        }
    }
    if a != b {
        return Err(corrupt("the two header copies differ".into()));
    }
    check.pages = 2;
    let bk = header.backup_full_current;
    if bk.gen_low == 0 {
        return Err(Problem::new(
            ErrorCode::RestoreOfNonBackupDatabase,
            "the file is not a streamed backup copy",
        ));
    }
    if bk.gen_high != 0 {
        return Err(Problem::new(
            ErrorCode::DatabasePatchFileMismatch,
            "the copy was restored already: it is no longer a backup stream",
        ));
    }
    // Stream pages 2.. are database pages 1.. up to the trailer.
    let total = len / ps;
    let per_chunk = (COPY_CHUNK as u64 / ps).max(1);
    let mut buf = vec![0u8; (per_chunk * ps) as usize];
    let mut k = 2;
    while k < total - 1 {
        let n = per_chunk.min(total - 1 - k);
        let chunk = &mut buf[..(n * ps) as usize];
        f.read_at(k * ps, chunk).map_err(io)?;
        for (i, page) in chunk.chunks(ps as usize).enumerate() {
            let pgno = u32::try_from(k + i as u64 - 1).unwrap_or(u32::MAX);
            if let PageCheck::Mismatch { .. } = verify_page(page, pgno) {
                let mut p = Problem::new(
                    ErrorCode::ReadVerifyFailure,
                    format!("page {pgno} fails its checksum"),
                );
                p.page = Some(pgno);
                return Err(p);
            }
            check.pages += 1;
        }
        k += n;
    }
    let mut last = vec![0u8; ps as usize];
    f.read_at(len - ps, &mut last).map_err(io)?;
    let trailer = PatchPage::decode(&last)
        .map_err(|e| Problem::new(ErrorCode::BadPatchPage, format!("the trailer page: {e}")))?;
    check.pages += 1;
    if trailer.db_signature != header.signature || trailer.backup.lgpos_mark != bk.lgpos_mark {
        return Err(Problem::new(
            ErrorCode::DatabasePatchFileMismatch,
            "the trailer's database signature or mark differs from the header's",
        ));
    }
    if trailer.checkpoint == Default::default() {
        return Err(Problem::new(
            ErrorCode::BadPatchPage,
            "the trailer does not name the checkpoint to replay from",
        ));
    }
    Ok((header, trailer))
}

/// Checks a log: its header and every block; returns its header.
fn check_log(
    fs: &dyn FileSystem,
    path: &Path,
    name: &str,
    generation: u32,
) -> (FileCheck, Option<LogFileHeader>) {
    let mut check = FileCheck {
        name: name.to_string(),
        bytes: 0,
        pages: 0,
        problem: None,
    };
    let corrupt = |w: String| Problem::new(ErrorCode::LogCorruptDuringHardRestore, w);
    let res = (|| {
        let f = fs
            .open(path, FsOpen::read_only())
            .map_err(|e| corrupt(format!("cannot open the log: {e}")))?;
        let len = f.len().map_err(|e| corrupt(format!("{e}")))?;
        check.bytes = len;
        if len > MAX_LOG_BYTES {
            return Err(corrupt(format!("{len} bytes: larger than any log")));
        }
        let len = usize::try_from(len).map_err(|_| corrupt("the log is too large".into()))?;
        let mut all = vec![0u8; len];
        f.read_at(0, &mut all)
            .map_err(|e| corrupt(format!("cannot read the log: {e}")))?;
        match crate::log::verify_finished_file(&all) {
            Ok(g) if g == generation => {}
            Ok(g) => return Err(corrupt(format!("the file holds generation {g:08X}"))),
            Err(e) => return Err(corrupt(format!("the log fails verification: {e}"))),
        }
        LogFileHeader::decode(&all).map_err(|e| corrupt(format!("{e}")))
    })();
    match res {
        Ok(h) => (check, Some(h)),
        Err(p) => {
            check.problem = Some(p);
            (check, None)
        }
    }
}

/// The first four bytes of a log stream's signature: what a database header and
/// a trailer keep of it.
fn log_random(s: &LogSignature) -> u32 {
    u32::from_le_bytes([s.random[0], s.random[1], s.random[2], s.random[3]])
}

/// Checks a whole backup set under `src` (its own folder or its atomic
/// sub-folders); nothing is written.
fn examine(fs: &dyn FileSystem, src: &Path, base: Option<&str>) -> Result<Examined> {
    let mut report = BackupSetReport {
        dir: src.to_path_buf(),
        base_name: String::new(),
        databases: Vec::new(),
        logs: Vec::new(),
        gen_low: 0,
        gen_high: 0,
        pages: 0,
        bytes: 0,
        problems: Vec::new(),
    };
    let Some((dir, base)) = locate_set(fs, src, base)? else {
        report.problems.push(Problem::new(
            ErrorCode::FileNotFound,
            "no log files in the folder, nor in its new or old sub-folder",
        ));
        // The markers still say whether there was anything to restore.
        let names = fs.read_dir(src).map_err(|e| Error::io(e).file(src))?;
        if !names.iter().any(|n| n.ends_with(".pat")) {
            report.problems.push(missing_markers());
        }
        return Ok(Examined {
            report,
            copies: Vec::new(),
        });
    };
    report.dir = dir.clone();
    report.base_name = base.clone();
    let names = fs.read_dir(&dir).map_err(|e| Error::io(e).file(&dir))?;
    for n in &names {
        if let Err(p) = check_plain_name(n) {
            report.problems.push(p);
        } else if fs
            .is_symlink(&dir.join(n))
            .map_err(|e| Error::io(e).file(&dir))?
        {
            report.problems.push(Problem::new(
                ErrorCode::InvalidPath,
                format!("{n} is a symbolic link: a backup set holds files only"),
            ));
        }
    }
    let signature = check_logs(fs, &dir, &base, &names, &mut report);
    let copies = check_copies(fs, &dir, &names, signature.as_ref(), &mut report);
    report.pages = report.databases.iter().map(|d| d.pages).sum();
    report.bytes = report
        .databases
        .iter()
        .chain(report.logs.iter())
        .map(|d| d.bytes)
        .sum();
    Ok(Examined { report, copies })
}

fn missing_markers() -> Problem {
    Problem::new(
        ErrorCode::PatchFileMissing,
        "no .pat marker: the set names no database to restore",
    )
}

/// Checks every numbered log and the sequence; returns the stream's signature.
fn check_logs(
    fs: &dyn FileSystem,
    dir: &Path,
    base: &str,
    names: &[String],
    report: &mut BackupSetReport,
) -> Option<LogSignature> {
    let mut logs: Vec<(u32, &String)> = names
        .iter()
        .filter_map(|n| parse_numbered_log_name(base, n).map(|g| (g, n)))
        .collect();
    logs.sort();
    let mut prev: Option<(u32, LogFileHeader)> = None;
    let mut signature = None;
    for (g, name) in logs {
        let (mut check, header) = check_log(fs, &dir.join(name), name, g);
        if let Some(h) = header {
            let sig = *signature.get_or_insert(h.signature);
            if let Some((pg, _)) = &prev {
                if g == *pg {
                    report.problems.push(Problem::new(
                        ErrorCode::InvalidParameter,
                        format!("generation {g:08X} is in the set twice"),
                    ));
                } else if g != pg + 1 {
                    report.problems.push(Problem::new(
                        ErrorCode::FileNotFound,
                        format!("generations {:08X} to {:08X} are missing", pg + 1, g - 1),
                    ));
                }
            }
            if h.signature != sig {
                check.problem.get_or_insert(Problem::new(
                    ErrorCode::GivenLogFileHasBadSignature,
                    "the log belongs to another log stream",
                ));
            } else if prev.is_some() && h.prev_end.generation != g.wrapping_sub(1) {
                check.problem.get_or_insert(Problem::new(
                    ErrorCode::GivenLogFileIsNotContiguous,
                    "the log does not continue the one before it",
                ));
            }
            prev = Some((g, h));
        }
        if report.logs.is_empty() {
            report.gen_low = g;
        }
        report.gen_high = g;
        report.logs.push(check);
    }
    signature
}

/// Checks every copy a marker names against the log set.
fn check_copies(
    fs: &dyn FileSystem,
    dir: &Path,
    names: &[String],
    signature: Option<&LogSignature>,
    report: &mut BackupSetReport,
) -> Vec<CopyInfo> {
    let markers: Vec<&String> = names
        .iter()
        .filter(|n| Path::new(n).extension().is_some_and(|e| e == MARKER_EXT))
        .collect();
    if markers.is_empty() {
        report.problems.push(missing_markers());
    }
    let mut copies = Vec::new();
    for marker in markers {
        let stem = Path::new(marker)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let candidates: Vec<&String> = names
            .iter()
            .filter(|n| *n != marker && !n.ends_with(".tmp"))
            .filter(|n| {
                Path::new(n)
                    .file_stem()
                    .is_some_and(|s| s.to_string_lossy() == stem)
            })
            .collect();
        let name = match candidates.as_slice() {
            [one] => (*one).clone(),
            [] => {
                report.databases.push(FileCheck {
                    name: marker.clone(),
                    bytes: 0,
                    pages: 0,
                    problem: Some(Problem::new(
                        ErrorCode::FileNotFound,
                        format!("the copy of database {stem} that the marker names is missing"),
                    )),
                });
                continue;
            }
            _ => {
                report.databases.push(FileCheck {
                    name: marker.clone(),
                    bytes: 0,
                    pages: 0,
                    problem: Some(Problem::new(
                        ErrorCode::InvalidParameter,
                        format!("several files could be the copy of database {stem}"),
                    )),
                });
                continue;
            }
        };
        let path = dir.join(&name);
        let (mut check, found) = check_copy(fs, &path, &name);
        if let Some((header, trailer)) = found {
            if let Some(p) = range_problem(&trailer, signature, report) {
                check.problem = Some(p);
            } else {
                copies.push(CopyInfo {
                    name: name.clone(),
                    path,
                    header,
                    trailer,
                });
            }
        }
        report.databases.push(check);
    }
    copies
}

/// A copy's trailer against the set's logs: same stream, its range inside.
fn range_problem(
    t: &PatchPage,
    signature: Option<&LogSignature>,
    report: &BackupSetReport,
) -> Option<Problem> {
    let sig = signature?;
    if t.log_signature.random != log_random(sig) {
        return Some(Problem::new(
            ErrorCode::DatabasePatchFileMismatch,
            "the copy belongs to another log stream than the set's logs",
        ));
    }
    let low = t.backup.gen_low.min(t.checkpoint.generation);
    if low < report.gen_low {
        return Some(Problem::new(
            ErrorCode::StartingRestoreLogTooHigh,
            format!(
                "the copy needs the logs from generation {low:08X}; the set starts at {:08X}",
                report.gen_low
            ),
        ));
    }
    if t.backup.gen_high > report.gen_high {
        return Some(Problem::new(
            ErrorCode::EndingRestoreLogTooLow,
            format!(
                "the copy needs the logs up to generation {:08X}; the set ends at {:08X}",
                t.backup.gen_high, report.gen_high
            ),
        ));
    }
    None
}

/// Checks a backup set folder without restoring it: every database copy a
/// `.pat` marker names (the header pair, every page checksum, the trailer and
/// its ties to the header and to the logs) and every numbered log (header,
/// every block, one stream without gaps). Looks in `dir`, else `dir/new`, else
/// `dir/old`, as a restore does. The report counts pages, logs and bytes and
/// gives the first problem of each file; the call itself fails only when the
/// folder cannot be read (`JET_errInvalidPath` when it is missing or a link is
/// in the way).
pub fn verify_backup_set(fs: &dyn FileSystem, dir: &Path) -> Result<BackupSetReport> {
    Ok(examine(fs, dir, None)?.report)
}

/// The path a copy goes back to when no destination folder is given: the one
/// its trailer recorded, if it is absolute, holds no `.` or `..` and ends in the
/// copy's own name.
fn recorded_path(c: &CopyInfo) -> Result<PathBuf> {
    plain_recorded_path(&c.trailer.path, &c.name, &c.path)
}

fn plain_recorded_path(recorded: &str, name: &str, copy: &Path) -> Result<PathBuf> {
    let p = PathBuf::from(recorded);
    let plain = p.is_absolute()
        && !recorded.contains('\0')
        && p.components().all(|x| {
            matches!(
                x,
                Component::RootDir | Component::Prefix(_) | Component::Normal(_)
            )
        })
        && !recorded.split(['/', '\\']).any(|s| s == ".." || s == ".");
    if !plain {
        return Err(bad_path(
            format!(
                "the copy records {:?} as its place: not a plain absolute path",
                recorded
            ),
            copy,
        ));
    }
    if p.file_name().is_none_or(|n| n.to_string_lossy() != name) {
        return Err(bad_path(
            format!(
                "the copy records {:?} as its place: another file name than the copy's",
                recorded
            ),
            copy,
        ));
    }
    Ok(p)
}

fn same_path(a: &Path, b: &Path) -> bool {
    let norm = |p: &Path| {
        std::path::absolute(p)
            .unwrap_or_else(|_| p.to_path_buf())
            .components()
            .collect::<PathBuf>()
    };
    norm(a) == norm(b)
}

/// Whether `target` holds this copy's database as an interrupted restore left
/// it (header patched, same database and backup mark).
fn patched_by_restore(fs: &dyn FileSystem, target: &Path, c: &CopyInfo) -> bool {
    let ps = u64::from(c.header.page_size());
    let (mut a, mut b) = (vec![0u8; ps as usize], vec![0u8; ps as usize]);
    if read_at(fs, target, 0, &mut a).is_err() || read_at(fs, target, ps, &mut b).is_err() {
        return false;
    }
    read_best(&a, &b).is_ok_and(|(h, _)| {
        h.signature == c.header.signature
            && h.backup_full_current.lgpos_mark == c.header.backup_full_current.lgpos_mark
            && h.backup_full_current.gen_high != 0
    })
}

/// Copies `from` to `to` whole: under a temporary name, synced, renamed.
fn copy_file(fs: &dyn FileSystem, from: &Path, to: &Path) -> Result<()> {
    let name = file_name_of(to)?;
    let dir = to.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!("{name}.restoring"));
    refuse_link(fs, &tmp)?;
    if fs.exists(&tmp) {
        fs.remove_file(&tmp).map_err(|e| Error::io(e).file(&tmp))?;
    }
    let src = fs
        .open(from, FsOpen::read_only())
        .map_err(|e| Error::io(e).file(from))?;
    let len = src.len().map_err(|e| Error::io(e).file(from))?;
    let out = fs
        .open(&tmp, FsOpen::create_new())
        .map_err(|e| create_error(e, &tmp))?;
    let mut buf = vec![0u8; COPY_CHUNK];
    let mut at = 0u64;
    while at < len {
        let n = (len - at).min(COPY_CHUNK as u64) as usize;
        src.read_at(at, &mut buf[..n])
            .map_err(|e| Error::io(e).file(from))?;
        out.write_at(at, &buf[..n])
            .map_err(|e| Error::io(e).file(&tmp))?;
        at += n as u64;
    }
    out.sync_all().map_err(|e| Error::io(e).file(&tmp))?;
    drop(out);
    fs.rename(&tmp, to)
        .and_then(|()| fs.sync_dir(dir))
        .map_err(|e| Error::io(e).file(to))
}

/// `JetRestoreInstance` / `JetRestore2`: restores a backup set folder made by
/// [`Instance::backup_to_folder`] (or any folder holding database streams under
/// their file names, a `<stem>.pat` marker for each and the logs).
///
/// The set is found in `src`, else `src/new`, else `src/old`
/// (`JET_errFileNotFound` when none holds logs); the markers name the
/// databases (`JET_errPatchFileMissing` without one). Everything is checked
/// first, as [`verify_backup_set`] does, and the first problem is the error;
/// names that are not plain file names and symbolic links in the set or at a
/// destination are `JET_errInvalidPath`. Each copy then goes to
/// `dest/<file name>`, or with `dest` `None` back to the path it was backed up
/// from (recorded in its trailer), and [`external_restore`] replays the set's
/// logs into `opts.log_dir` and `opts.checkpoint_dir`. Running it again after a
/// crash finishes the restore. `status` gets [`BackupStatus::Begin`], progress
/// and [`BackupStatus::Complete`].
pub fn restore_from_folder(
    fs: SharedFs,
    src: &Path,
    dest: Option<&Path>,
    opts: &FolderRestore,
    status: Option<&mut dyn FnMut(BackupStatus)>,
) -> Result<()> {
    let mut status = status;
    let mut notify = |s: BackupStatus| {
        if let Some(f) = status.as_deref_mut() {
            f(s);
        }
    };
    if src.as_os_str().is_empty() || dest.is_some_and(|d| d.as_os_str().is_empty()) {
        return Err(invalid("no backup folder or an empty destination given"));
    }
    let ex = examine(fs.as_ref(), src, Some(&opts.base_name))?;
    if let Some(e) = ex.report.to_error() {
        return Err(e);
    }
    let set_dir = ex.report.dir.clone();
    let mut targets: Vec<PathBuf> = Vec::new();
    for c in &ex.copies {
        let t = match dest {
            Some(d) => d.join(&c.name),
            None => recorded_path(c)?,
        };
        if same_path(t.parent().unwrap_or(Path::new("")), &set_dir) {
            return Err(invalid(
                "the restore would write into the backup set: give another destination",
            ));
        }
        if targets.iter().any(|o| same_path(o, &t)) {
            return Err(invalid(format!("two copies go to {}", t.display())));
        }
        refuse_link(fs.as_ref(), &t)?;
        if fs.kind(&t).map_err(|e| Error::io(e).file(&t))? == Some(EntryKind::Dir) {
            return Err(bad_path("a folder is where the database goes", &t));
        }
        targets.push(t);
    }
    for dir in [&opts.log_dir, &opts.checkpoint_dir] {
        refuse_link(fs.as_ref(), dir)?;
    }
    notify(BackupStatus::Begin);
    if let Some(d) = dest {
        ensure_dir(fs.as_ref(), d, opts.create_path)?;
    }
    let marker = opts
        .checkpoint_dir
        .join(restore_marker_name(&opts.base_name));
    let resuming = fs.exists(&marker);
    let n = ex.copies.len() as u64 + 1;
    let mut map = Vec::new();
    for (i, (c, t)) in ex.copies.iter().zip(&targets).enumerate() {
        if let Some(parent) = t.parent().filter(|p| !p.as_os_str().is_empty()) {
            ensure_dir(fs.as_ref(), parent, opts.create_path)?;
        }
        // A copy an interrupted restore already patched stays: the restore
        // goes on from it.
        if !(resuming && patched_by_restore(fs.as_ref(), t, c)) {
            copy_file(fs.as_ref(), &c.path, t)?;
        }
        map.push(RestoreMapEntry {
            database: c.trailer.path.clone(),
            new_database: t.clone(),
        });
        let done = (i as u64 + 1) * u64::from(STATUS_UNITS) / n;
        notify(BackupStatus::Progress {
            done: u32::try_from(done).unwrap_or(STATUS_UNITS),
            total: STATUS_UNITS,
        });
    }
    let mut r = ExternalRestore::new(&opts.checkpoint_dir, &opts.log_dir, &set_dir);
    r.base_name = opts.base_name.clone();
    r.cache_pages = opts.cache_pages;
    r.gen_low = ex.report.gen_low;
    r.gen_high = ex.report.gen_high;
    r.map = map;
    external_restore(fs, &r)?;
    notify(BackupStatus::Complete);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_only() {
        for ok in ["database.edb", "edb00000001.log", "a b.pat"] {
            assert!(check_plain_name(ok).is_ok(), "{ok}");
        }
        for bad in ["", ".", "..", "../x", "/abs", "a/b", "a\\b", "x\0y"] {
            assert!(check_plain_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn markers_and_bases() {
        assert_eq!(marker_for("database.edb"), "database.pat");
        assert_eq!(marker_for("noext"), "noext.pat");
        let names: Vec<String> = ["edb00000001.log", "edb00000002.log", "x.edb", "abc.log"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(detect_base(&names).as_deref(), Some("edb"));
        assert_eq!(detect_base(&names[2..]), None);
    }

    #[test]
    fn recorded_paths_must_be_plain_and_absolute() {
        assert!(plain_recorded_path(
            "/live/database.edb",
            "database.edb",
            Path::new("/set/database.edb")
        )
        .is_ok());
        for bad in [
            "database.edb",
            "../database.edb",
            "/live/../etc/database.edb",
            "/live/./database.edb",
            "/live/other.edb",
            "",
        ] {
            assert_eq!(
                plain_recorded_path(bad, "database.edb", Path::new("/set/database.edb"))
                    .unwrap_err()
                    .code(),
                ErrorCode::InvalidPath,
                "{bad}"
            );
        }
    }
}
