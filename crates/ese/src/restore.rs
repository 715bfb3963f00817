//! Restore of a streaming backup (`JetExternalRestore`): hard recovery of streamed
//! database copies from the backup set's logs (`docs/design/restore.md`).
//!
//! Owns [`external_restore`]. The caller has written each database's stream to
//! its final path and gathered the backup's numbered logs in a folder; restore
//! checks the set and every copy, copies the logs into the log folder, patches
//! each copy's header, cuts its trailer page off, replays the logs from the
//! checkpoint the trailers name (databases relocated by the restore map, the
//! others skipped), undoes what never committed and closes cleanly. An instance
//! started on the log and checkpoint folders afterwards starts cleanly and
//! attaches the restored files.
//!
//! What must hold: the backup folder is only read; every step is durable before
//! the next and can be done again, so a crash at any point followed by the same
//! call ends in the same restored state, never in a mix; while a restore is
//! unfinished, the marker `<base>rst.env` in the checkpoint folder stops an
//! instance from starting there (its checkpoint names relocated databases that
//! only the restore's map explains).

use crate::format::header::{read_best, DbHeader, DbState, LogTime};
use crate::format::log::{CheckpointData, CheckpointDb, Lgpos, LogFileHeader, LogSignature};
use crate::format::patch::PatchPage;
use crate::log::{
    checkpoint_name, current_log_name, list_generations, numbered_log_name, restore_marker_name,
    tmp_log_name, Checkpoint, LogConfig, LogReader, LogWriter,
};
use crate::recovery::{self, LogSetup, Relocation};
use crate::{Error, ErrorCode, Result};
use ese_os::{File, FileSystem, OpenOptions as FsOpen, SharedFs};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One entry of a restore map (`JET_RSTMAP`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreMapEntry {
    /// The database's path as the backup's logs name it (the attach-list name,
    /// `szDatabaseName`). Matched exactly, or else by its file name.
    pub database: String,
    /// Where the caller wrote the streamed copy (`szNewDatabaseName`); the
    /// database is restored in place there.
    pub new_database: PathBuf,
}

/// What [`external_restore`] needs (`JetExternalRestore2`'s arguments).
#[derive(Debug, Clone)]
pub struct ExternalRestore {
    /// Where the restore's checkpoint goes (`szCheckpointFilePath`); an instance
    /// started afterwards uses it as its system path.
    pub checkpoint_dir: PathBuf,
    /// Where the restored log stream goes (`szLogPath`); an instance started
    /// afterwards uses it as its log path. It must not be `backup_log_dir`.
    pub log_dir: PathBuf,
    /// The folder holding the backup set's logs (`szBackupLogPath`); only read.
    pub backup_log_dir: PathBuf,
    /// The three-character base name of the logs (`szBaseName`, `edb`).
    pub base_name: String,
    /// The first generation of the backup set; 0: the lowest in `backup_log_dir`.
    pub gen_low: u32,
    /// The last generation of the backup set; 0: the highest in `backup_log_dir`.
    pub gen_high: u32,
    /// The databases to restore; databases the logs name and the map does not
    /// are skipped.
    pub map: Vec<RestoreMapEntry>,
    /// Pages each database caches while recovery undoes.
    pub cache_pages: usize,
    /// A running instance of the same log stream whose later logs the restore rolls
    /// forward through (`JetExternalRestore2`'s running target instance); `None`: the
    /// backup set's logs and what the log folder already holds.
    pub target: Option<TargetLogs>,
}

/// The logs of a running target instance that a restore replays after the backup
/// set's (`JetExternalRestore2` with a running target): the generations after the
/// set's last, up to `gen_high`, read from the target's log folder, where the target
/// has finished them (it was made to start generation `gen_high + 1` for the
/// restore). They are copied into the restore's log folder before replay, so the
/// restore never depends on the target keeping them and never writes beside them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetLogs {
    /// The target instance's log folder (`JET_paramLogFilePath`); only read.
    pub log_dir: PathBuf,
    /// The last generation to replay from it: the one the target closed for the
    /// restore.
    pub gen_high: u32,
}

impl ExternalRestore {
    /// A restore with ESE's defaults: base name `edb`, the generations found in
    /// `backup_log_dir`, an empty map (add entries to `map`).
    pub fn new(
        checkpoint_dir: impl Into<PathBuf>,
        log_dir: impl Into<PathBuf>,
        backup_log_dir: impl Into<PathBuf>,
    ) -> ExternalRestore {
        ExternalRestore {
            checkpoint_dir: checkpoint_dir.into(),
            log_dir: log_dir.into(),
            backup_log_dir: backup_log_dir.into(),
            base_name: "edb".into(),
            gen_low: 0,
            gen_high: 0,
            map: Vec::new(),
            cache_pages: crate::db::OpenOptions::default().cache_pages,
            target: None,
        }
    }
}

/// The most map entries (ESE's `2 * dbidMax`).
pub(crate) const MAP_MOST: usize = 2 * crate::instance::DATABASES_MOST;

/// Copy buffer size.
const COPY_CHUNK: usize = 1 << 20;

/// The backup set's logs as checked, with the target's later ones.
struct BackupSet {
    lo: u32,
    hi: u32,
    /// The last generation replayed: `hi`, or the target's last.
    replay_hi: u32,
    signature: LogSignature,
    /// The headers of generations `lo..=replay_hi`.
    headers: Vec<LogFileHeader>,
    /// Where the set's last generation ends.
    end: crate::log::LogEnd,
}

/// One map entry's copy as checked.
struct CopyState {
    path: PathBuf,
    header: DbHeader,
    page_size: u64,
    len: u64,
    /// The trailer, while it is still the file's last page.
    trailer: Option<PatchPage>,
    /// The header was patched by an earlier run of this restore.
    patched: bool,
}

/// Restores streamed database copies from a backup set's logs (hard recovery;
/// `JetExternalRestore2`). See the module doc and `docs/design/restore.md`.
///
/// Errors: the backup set's logs (`JET_errFileNotFound`,
/// `JET_errGivenLogFileHasBadSignature`, `JET_errGivenLogFileIsNotContiguous`,
/// `JET_errLogCorruptDuringHardRestore`); logs already in `log_dir`
/// (`JET_errExistingLogFileHasBadSignature`,
/// `JET_errExistingLogFileIsNotContiguous`, `JET_errMissingCurrentLogFiles`);
/// a running target's logs (`JET_errMissingRestoreLogFiles`,
/// `JET_errMissingCurrentLogFiles`, `JET_errExistingLogFileHasBadSignature`,
/// `JET_errExistingLogFileIsNotContiguous`, see [`TargetLogs`]);
/// each copy (`JET_errDatabaseCorrupted`, `JET_errRestoreOfNonBackupDatabase`,
/// `JET_errBadPatchPage`, `JET_errDatabasePatchFileMismatch`,
/// `JET_errStartingRestoreLogTooHigh`, `JET_errEndingRestoreLogTooLow`); bad
/// arguments `JET_errInvalidParameter`; then whatever replay meets.
pub fn external_restore(fs: SharedFs, r: &ExternalRestore) -> Result<()> {
    check_arguments(r)?;
    for dir in [&r.log_dir, &r.checkpoint_dir] {
        // The folders' own entries must survive a power cut too.
        fs.create_dir_all(dir)
            .and_then(|()| {
                dir.ancestors()
                    .filter(|d| !d.as_os_str().is_empty())
                    .try_for_each(|d| fs.sync_dir(d))
            })
            .map_err(|e| Error::io(e).file(dir.clone()))?;
    }
    let (lo, hi) = range(fs.as_ref(), r)?;
    let mut set = check_backup_set(&fs, r, lo, hi)?;
    if let Some(t) = &r.target {
        check_target_logs(&fs, r, &mut set, t)?;
    }
    check_existing_logs(fs.as_ref(), r, &set)?;
    let copies = r
        .map
        .iter()
        .map(|e| check_copy(fs.as_ref(), &e.new_database, &set))
        .collect::<Result<Vec<_>>>()?;
    let signatures: Vec<_> = copies
        .iter()
        .map(|c| crate::db::signature_of(&c.header))
        .collect();
    if let Some(j) = (1..copies.len()).find(|&j| signatures[..j].contains(&signatures[j])) {
        return Err(Error::with(
            ErrorCode::DatabaseSignInUse,
            "two copies of the restore map are the same database (one signature): \
             each would take the other's changes",
        )
        .file(copies[j].path.clone()));
    }
    let marker = ese_os::join(&r.checkpoint_dir, &restore_marker_name(&r.base_name));
    let in_progress = fs.exists(&marker);
    let any_patched = copies.iter().any(|c| c.patched);
    if any_patched && !in_progress {
        return already_restored(fs.as_ref(), r, &set, &copies);
    }
    // Every later step may be cut by a crash and done again by the next call.
    write_marker(fs.as_ref(), r, &marker)?;
    copy_logs(fs.as_ref(), r, &set)?;
    if !any_patched {
        write_restore_checkpoint(fs.as_ref(), r, &set, &copies)?;
    } else {
        // Written before the first copy was patched; replay may have moved it on.
        let c = Checkpoint::read(fs.as_ref(), &r.checkpoint_dir, &r.base_name)?;
        if c.signature != set.signature {
            return Err(Error::with(
                ErrorCode::BadCheckpointSignature,
                "the checkpoint of the unfinished restore belongs to another log stream",
            ));
        }
    }
    for c in &copies {
        patch_copy(fs.as_ref(), c, set.hi)?;
    }
    ensure_current_log(&fs, r)?;
    let setup = LogSetup {
        config: LogConfig::new(r.log_dir.clone(), &r.base_name),
        system_dir: r.checkpoint_dir.clone(),
        cache_pages: r.cache_pages.max(16),
        relocate: None,
    };
    let relocation = Relocation {
        signatures,
        ..Relocation::of(&r.map, None)
    };
    let log = recovery::recover(&fs, &setup, Some(&relocation))?;
    drop(log);
    for c in &copies {
        check_restored(fs.as_ref(), &c.path)?;
    }
    fs.remove_file(&marker)
        .and_then(|()| fs.sync_dir(&r.checkpoint_dir))
        .map_err(|e| Error::io(e).file(marker))?;
    Ok(())
}

/// After the replay: the copy at `path` must have been brought to a clean state.
/// A copy that the logs never named (no attach of its signature or of a path the
/// map gives it) is still as the backup left it, and no instance could attach
/// it: `JET_errDatabaseInconsistent` (-550), the restore is not done.
fn check_restored(fs: &dyn FileSystem, path: &Path) -> Result<()> {
    let io = |e| Error::io(e).file(path);
    let f = fs.open(path, FsOpen::read_only()).map_err(io)?;
    let len = f.len().map_err(io)?;
    let state = read_copy_header(f.as_ref(), len).map(|(h, _)| h.state);
    if state == Some(DbState::CleanShutdown) {
        return Ok(());
    }
    Err(Error::with(
        ErrorCode::DatabaseDirtyShutdown,
        format!(
            "the restore replayed no log into this copy ({}): the set's logs name no \
             database of its signature or of the path the restore map gives it",
            state.map_or("no readable header".to_string(), |s| format!("{s:?}"))
        ),
    )
    .file(path))
}

fn invalid(what: impl Into<String>) -> Error {
    Error::with(ErrorCode::InvalidParameter, what)
}

fn check_arguments(r: &ExternalRestore) -> Result<()> {
    LogConfig::new(r.log_dir.clone(), &r.base_name).validate()?;
    if r.map.is_empty() || r.map.len() > MAP_MOST {
        return Err(invalid(format!(
            "the restore map has {} entries: 1 to {MAP_MOST}",
            r.map.len()
        )));
    }
    if r.gen_low != 0 && r.gen_high != 0 && r.gen_low > r.gen_high {
        return Err(invalid("the first generation is above the last"));
    }
    if same_dir(&r.log_dir, &r.backup_log_dir) {
        return Err(invalid(
            "the log folder is the backup folder: a restore leaves the backup set as it was",
        ));
    }
    if let Some(t) = &r.target {
        if same_dir(&r.log_dir, &t.log_dir) {
            return Err(invalid(
                "the log folder is the running target instance's: the restore writes a log \
                 stream of its own",
            ));
        }
        if t.gen_high == 0 {
            return Err(invalid("the target instance's last generation is 0"));
        }
    }
    for (i, e) in r.map.iter().enumerate() {
        if r.map[..i].iter().any(|o| o.new_database == e.new_database) {
            return Err(invalid(format!(
                "{} appears twice in the restore map",
                e.new_database.display()
            )));
        }
    }
    Ok(())
}

fn same_dir(a: &Path, b: &Path) -> bool {
    let norm = |p: &Path| p.components().collect::<PathBuf>();
    norm(a) == norm(b)
}

/// The generations to restore: as given, or the lowest and highest numbered
/// logs in the backup folder.
fn range(fs: &dyn FileSystem, r: &ExternalRestore) -> Result<(u32, u32)> {
    if r.gen_low != 0 && r.gen_high != 0 {
        return Ok((r.gen_low, r.gen_high));
    }
    let gens = list_generations(fs, &r.backup_log_dir, &r.base_name)?;
    let (Some(&first), Some(&last)) = (gens.first(), gens.last()) else {
        return Err(Error::with(
            ErrorCode::FileNotFound,
            "the backup folder holds no numbered log",
        )
        .file(r.backup_log_dir.clone()));
    };
    let lo = if r.gen_low != 0 { r.gen_low } else { first };
    let hi = if r.gen_high != 0 { r.gen_high } else { last };
    if lo > hi {
        return Err(invalid("the first generation is above the last"));
    }
    Ok((lo, hi))
}

fn read_log_header(fs: &dyn FileSystem, path: &Path) -> Result<LogFileHeader> {
    let io = |e| Error::io(e).file(path);
    let f = fs.open(path, FsOpen::read_only()).map_err(io)?;
    let mut b = vec![0u8; LogFileHeader::SIZE];
    f.read_at(0, &mut b).map_err(io)?;
    LogFileHeader::decode(&b).map_err(|e| e.file(path))
}

/// Spec §7.2 item 1: every generation there, one stream, each continuing the
/// one before.
fn check_backup_set(fs: &SharedFs, r: &ExternalRestore, lo: u32, hi: u32) -> Result<BackupSet> {
    let mut headers: Vec<LogFileHeader> = Vec::new();
    for g in lo..=hi {
        let path = ese_os::join(&r.backup_log_dir, &numbered_log_name(&r.base_name, g));
        if !fs.exists(&path) {
            return Err(Error::with(
                ErrorCode::FileNotFound,
                format!("generation {g:08X} of the backup set is missing"),
            )
            .file(path));
        }
        let h = read_log_header(fs.as_ref(), &path).map_err(|e| {
            Error::with(
                ErrorCode::LogCorruptDuringHardRestore,
                format!("the header of a backup log cannot be read: {e}"),
            )
            .file(path.clone())
        })?;
        if let Some(first) = headers.first() {
            if h.signature != first.signature {
                return Err(Error::with(
                    ErrorCode::GivenLogFileHasBadSignature,
                    format!("generation {g:08X} belongs to another log stream"),
                )
                .file(path));
            }
        }
        if h.generation != g || (g > lo && h.prev_end.generation != g - 1) {
            return Err(not_contiguous(g).file(path));
        }
        headers.push(h);
    }
    let reader = LogReader::open_finished(fs.clone(), &r.backup_log_dir, &r.base_name, lo, hi)?;
    let end = reader.check_finished().map_err(|e| match e.code() {
        ErrorCode::InvalidLogSequence => not_contiguous(0).detail(e.to_string()),
        _ => Error::with(
            ErrorCode::LogCorruptDuringHardRestore,
            format!("a log of the backup set is damaged: {e}"),
        ),
    })?;
    let signature = headers
        .first()
        .map(|h| h.signature)
        .ok_or_else(|| invalid("no generations to restore"))?;
    Ok(BackupSet {
        lo,
        hi,
        replay_hi: hi,
        signature,
        headers,
        end,
    })
}

/// The running target's logs after the set (spec §3.16, §7.2 with a target
/// instance): generations `set.hi + 1..=t.gen_high` in the target's log folder,
/// each there, of the set's stream and continuing the one before it, the first
/// continuing the set's last; every block read and checked. A missing
/// `t.gen_high` is `JET_errMissingRestoreLogFiles`, a missing one before it
/// `JET_errMissingCurrentLogFiles`, another stream's
/// `JET_errExistingLogFileHasBadSignature`, a log that does not continue the
/// one before it (or a target whose log ends before the set's)
/// `JET_errExistingLogFileIsNotContiguous`. Extends `set` to replay them.
fn check_target_logs(
    fs: &SharedFs,
    r: &ExternalRestore,
    set: &mut BackupSet,
    t: &TargetLogs,
) -> Result<()> {
    let not_contiguous =
        |what: String| Error::with(ErrorCode::ExistingLogFileIsNotContiguous, what);
    let name = |g| ese_os::join(&t.log_dir, &numbered_log_name(&r.base_name, g));
    let bad_signature = |g: u32| {
        Error::with(
            ErrorCode::ExistingLogFileHasBadSignature,
            format!(
                "generation {g:08X} of the target instance belongs to another log stream than \
                 the backup set"
            ),
        )
        .file(name(g))
    };
    let last = name(t.gen_high);
    if !fs.exists(&last) {
        return Err(Error::with(
            ErrorCode::MissingRestoreLogFiles,
            format!(
                "generation {:08X}, the target instance's last for the restore, is missing",
                t.gen_high
            ),
        )
        .file(last));
    }
    if read_log_header(fs.as_ref(), &last)?.signature != set.signature {
        return Err(bad_signature(t.gen_high));
    }
    if t.gen_high < set.hi {
        return Err(not_contiguous(format!(
            "the target instance's log ends at generation {:08X}, before the backup set's \
             last ({:08X})",
            t.gen_high, set.hi
        ))
        .file(t.log_dir.clone()));
    }
    if t.gen_high == set.hi {
        return Ok(());
    }
    for g in set.hi + 1..=t.gen_high {
        let path = name(g);
        if !fs.exists(&path) {
            return Err(Error::with(
                ErrorCode::MissingCurrentLogFiles,
                format!("generation {g:08X} is missing from the target instance's log folder"),
            )
            .file(path));
        }
        let h = read_log_header(fs.as_ref(), &path)?;
        if h.signature != set.signature {
            return Err(bad_signature(g));
        }
        let continues = if g == set.hi + 1 {
            set.end.continued_by(&h)
        } else {
            h.prev_end.generation == g - 1
        };
        if h.generation != g || !continues {
            return Err(not_contiguous(format!(
                "generation {g:08X} of the target instance does not continue the one before it"
            ))
            .file(path));
        }
        set.headers.push(h);
    }
    let reader =
        LogReader::open_finished(fs.clone(), &t.log_dir, &r.base_name, set.hi + 1, t.gen_high)?;
    reader.check_finished().map_err(|e| match e.code() {
        ErrorCode::InvalidLogSequence => not_contiguous(e.to_string()),
        _ => e,
    })?;
    set.replay_hi = t.gen_high;
    Ok(())
}

fn not_contiguous(g: u32) -> Error {
    Error::with(
        ErrorCode::GivenLogFileIsNotContiguous,
        format!("generation {g:08X} does not continue the one before it"),
    )
}

/// Spec §7.2 item 3: logs already in the log folder must be of the set's stream
/// and, with the set, one contiguous run (what an earlier, interrupted run of
/// this restore leaves, or the stream's own later logs to roll forward through).
fn check_existing_logs(fs: &dyn FileSystem, r: &ExternalRestore, set: &BackupSet) -> Result<()> {
    let base = &r.base_name;
    let mut gens: Vec<u32> = Vec::new();
    for g in list_generations(fs, &r.log_dir, base)? {
        let path = ese_os::join(&r.log_dir, &numbered_log_name(base, g));
        let h = read_log_header(fs, &path)?;
        if h.signature != set.signature {
            return Err(Error::with(
                ErrorCode::ExistingLogFileHasBadSignature,
                format!("generation {g:08X} in the log folder belongs to another log stream"),
            )
            .file(path));
        }
        let in_set = g
            .checked_sub(set.lo)
            .and_then(|i| set.headers.get(i as usize));
        if h.generation != g || in_set.is_some_and(|s| *s != h) {
            return Err(Error::with(
                ErrorCode::ExistingLogFileIsNotContiguous,
                format!("generation {g:08X} in the log folder is not the backup set's"),
            )
            .file(path));
        }
        gens.push(g);
    }
    let cur = ese_os::join(&r.log_dir, &current_log_name(base));
    if fs.exists(&cur) {
        let h = read_log_header(fs, &cur)?;
        if h.signature != set.signature {
            return Err(Error::with(
                ErrorCode::ExistingLogFileHasBadSignature,
                "the current log in the log folder belongs to another log stream",
            )
            .file(cur));
        }
        if h.generation <= set.replay_hi {
            return Err(Error::with(
                ErrorCode::ExistingLogFileIsNotContiguous,
                "the current log in the log folder is older than the last log to replay",
            )
            .file(cur));
        }
        gens.push(h.generation);
    }
    let (Some(&first), Some(&last)) = (gens.first(), gens.last()) else {
        return Ok(());
    };
    if gens.windows(2).any(|w| w[1] != w[0] + 1) || last.saturating_add(1) < set.lo {
        return Err(Error::with(
            ErrorCode::ExistingLogFileIsNotContiguous,
            "the logs in the log folder leave a gap",
        )
        .file(r.log_dir.clone()));
    }
    if first > set.replay_hi.saturating_add(1) {
        return Err(Error::with(
            ErrorCode::MissingCurrentLogFiles,
            format!(
                "generations {:08X} to {:08X} are missing from the log folder",
                set.replay_hi + 1,
                first - 1
            ),
        )
        .file(r.log_dir.clone()));
    }
    Ok(())
}

/// Reads the (shadowed) header of a copy at any page size.
fn read_copy_header(f: &dyn File, len: u64) -> Option<(DbHeader, u64)> {
    for ps in [4096u64, 8192, 16384, 32768] {
        if len < 2 * ps {
            continue;
        }
        let (mut a, mut b) = (vec![0u8; ps as usize], vec![0u8; ps as usize]);
        if f.read_at(0, &mut a).is_err() || f.read_at(ps, &mut b).is_err() {
            continue;
        }
        if let Ok((h, _)) = read_best(&a, &b) {
            if u64::from(h.page_size()) == ps {
                return Some((h, ps));
            }
        }
    }
    None
}

/// The trailer if the file's last page is one that belongs to `header`.
fn read_trailer(f: &dyn File, len: u64, ps: u64) -> Result<PatchPage> {
    let mut page = vec![0u8; ps as usize];
    f.read_at(len - ps, &mut page).map_err(Error::io)?;
    PatchPage::decode(&page)
}

fn matches_header(t: &PatchPage, h: &DbHeader) -> bool {
    t.db_signature == h.signature && t.backup.lgpos_mark == h.backup_full_current.lgpos_mark
}

/// The first four bytes of the stream's random signature: what a database
/// header keeps of it (see `note_log_in_header`).
fn header_log_random(s: &LogSignature) -> u32 {
    u32::from_le_bytes([s.random[0], s.random[1], s.random[2], s.random[3]])
}

/// Spec §7.3 on one copy: header, backup range, trailer, range against the set.
fn check_copy(fs: &dyn FileSystem, path: &Path, set: &BackupSet) -> Result<CopyState> {
    let io = |e| Error::io(e).file(path);
    let f = fs.open(path, FsOpen::read_only()).map_err(io)?;
    let len = f.len().map_err(io)?;
    let corrupt = |w: &str| Error::with(ErrorCode::DatabaseCorrupted, w.to_string()).file(path);
    let (header, ps) =
        read_copy_header(f.as_ref(), len).ok_or_else(|| corrupt("no readable database header"))?;
    let b = header.backup_full_current;
    if b.gen_low == 0 {
        return Err(Error::with(
            ErrorCode::RestoreOfNonBackupDatabase,
            "the file is not a streamed backup copy",
        )
        .file(path));
    }
    if len < 3 * ps || !len.is_multiple_of(ps) {
        return Err(corrupt("the file is too short for a streamed copy"));
    }
    let patched = b.gen_high != 0;
    let (trailer, found) = if patched {
        let t = read_trailer(f.as_ref(), len, ps)
            .ok()
            .filter(|t| matches_header(t, &header));
        (t, (b.gen_low, b.gen_high))
    } else {
        let t = read_trailer(f.as_ref(), len, ps).map_err(|e| e.file(path))?;
        let mismatch =
            |w: &str| Error::with(ErrorCode::DatabasePatchFileMismatch, w.to_string()).file(path);
        if !matches_header(&t, &header) {
            return Err(mismatch(
                "the trailer's database signature or mark differs from the header's",
            ));
        }
        if t.log_signature.random != header_log_random(&set.signature) {
            return Err(mismatch("the copy belongs to another log stream"));
        }
        if t.checkpoint == Lgpos::default() {
            return Err(Error::with(
                ErrorCode::BadPatchPage,
                "the trailer does not name the checkpoint to replay from",
            )
            .file(path));
        }
        let found = (
            t.backup.gen_low.min(t.checkpoint.generation),
            t.backup.gen_high,
        );
        (Some(t), found)
    };
    if found.0 < set.lo {
        return Err(Error::with(
            ErrorCode::StartingRestoreLogTooHigh,
            format!(
                "the copy needs the logs from generation {:08X}; the set starts at {:08X}",
                found.0, set.lo
            ),
        )
        .file(path));
    }
    if found.1 > set.hi {
        return Err(Error::with(
            ErrorCode::EndingRestoreLogTooLow,
            format!(
                "the copy needs the logs up to generation {:08X}; the set ends at {:08X}",
                found.1, set.hi
            ),
        )
        .file(path));
    }
    Ok(CopyState {
        path: path.to_path_buf(),
        header,
        page_size: ps,
        len,
        trailer,
        patched,
    })
}

/// Copies patched earlier without a marker: an earlier call finished; the
/// checkpoint folder must still hold its stream.
fn already_restored(
    fs: &dyn FileSystem,
    r: &ExternalRestore,
    set: &BackupSet,
    copies: &[CopyState],
) -> Result<()> {
    let done = copies.iter().all(|c| c.patched && c.trailer.is_none())
        && Checkpoint::read(fs, &r.checkpoint_dir, &r.base_name)
            .is_ok_and(|c| c.signature == set.signature);
    if done {
        return Ok(());
    }
    Err(Error::with(
        ErrorCode::DatabasePatchFileMismatch,
        "a copy was restored already, and not into this log and checkpoint folder",
    ))
}

fn write_marker(fs: &dyn FileSystem, r: &ExternalRestore, marker: &Path) -> Result<()> {
    if fs.exists(marker) {
        return Ok(());
    }
    let io = |e| Error::io(e).file(marker);
    let mut text = String::from("ese-rs restore in progress\n");
    for e in &r.map {
        text.push_str(&format!("{} -> {}\n", e.database, e.new_database.display()));
    }
    let f = fs.open(marker, FsOpen::create_new()).map_err(io)?;
    f.write_at(0, text.as_bytes()).map_err(io)?;
    f.sync_all().map_err(io)?;
    fs.sync_dir(&r.checkpoint_dir).map_err(io)
}

/// Copies the logs to replay that the log folder lacks (the set's, then the
/// target's), each whole under a temporary name first, so a crash never leaves
/// part of one under its name.
fn copy_logs(fs: &dyn FileSystem, r: &ExternalRestore, set: &BackupSet) -> Result<()> {
    let tmp = ese_os::join(&r.log_dir, &format!("{}rst.tmp", r.base_name));
    for g in set.lo..=set.replay_hi {
        let name = numbered_log_name(&r.base_name, g);
        let dst = ese_os::join(&r.log_dir, &name);
        if fs.exists(&dst) {
            continue;
        }
        let from_dir = match &r.target {
            Some(t) if g > set.hi => &t.log_dir,
            _ => &r.backup_log_dir,
        };
        let src = ese_os::join(from_dir, &name);
        let io_src = |e| Error::io(e).file(&src);
        let io_tmp = |e| Error::io(e).file(&tmp);
        let from = fs.open(&src, FsOpen::read_only()).map_err(io_src)?;
        let len = from.len().map_err(io_src)?;
        if fs.exists(&tmp) {
            fs.remove_file(&tmp).map_err(io_tmp)?;
        }
        let to = fs.open(&tmp, FsOpen::create_new()).map_err(io_tmp)?;
        let mut off = 0u64;
        let mut buf = vec![0u8; COPY_CHUNK];
        while off < len {
            let n = (len - off).min(COPY_CHUNK as u64) as usize;
            from.read_at(off, &mut buf[..n]).map_err(io_src)?;
            to.write_at(off, &buf[..n]).map_err(io_tmp)?;
            off += n as u64;
        }
        to.sync_all().map_err(io_tmp)?;
        fs.rename(&tmp, &dst)
            .and_then(|()| fs.sync_dir(&r.log_dir))
            .map_err(io_tmp)?;
    }
    Ok(())
}

/// The checkpoint replay starts from: the trailers' (one backup, one
/// checkpoint), with the copies attached there under their new paths.
fn write_restore_checkpoint(
    fs: &dyn FileSystem,
    r: &ExternalRestore,
    set: &BackupSet,
    copies: &[CopyState],
) -> Result<()> {
    let mut at: Option<Lgpos> = None;
    let mut databases: Vec<CheckpointDb> = Vec::new();
    for c in copies {
        let Some(t) = &c.trailer else { continue };
        if at.is_some_and(|a| a != t.checkpoint) {
            return Err(Error::with(
                ErrorCode::DatabasePatchFileMismatch,
                "the copies come from backups that began at different checkpoints",
            )
            .file(c.path.clone()));
        }
        at = Some(t.checkpoint);
        if t.dbid == 0 {
            continue;
        }
        if t.dbid as usize > crate::instance::DATABASES_MOST
            || databases.iter().any(|d| d.dbid == t.dbid)
        {
            return Err(Error::with(
                ErrorCode::DatabasePatchFileMismatch,
                format!("the trailer names database id {}, which is taken", t.dbid),
            )
            .file(c.path.clone()));
        }
        databases.push(CheckpointDb {
            dbid: t.dbid,
            path: c.path.to_string_lossy().into_owned(),
            db_signature: crate::db::signature_of(&c.header),
        });
    }
    let lgpos = at.ok_or_else(|| invalid("no copy to restore"))?;
    let data = CheckpointData {
        signature: set.signature,
        lgpos,
        gen_min: lgpos.generation,
        gen_max: set.hi,
        databases,
    };
    // A stale checkpoint (another stream's, or an earlier attempt's) goes first.
    let path = ese_os::join(&r.checkpoint_dir, &checkpoint_name(&r.base_name));
    if fs.exists(&path) {
        fs.remove_file(&path)
            .and_then(|()| fs.sync_dir(&r.checkpoint_dir))
            .map_err(|e| Error::io(e).file(&path))?;
    }
    Checkpoint::write(fs, &r.checkpoint_dir, &r.base_name, &data)?;
    Ok(())
}

/// Spec §7.3 item 5: the header takes the restore's last generation, then the
/// trailer is cut off (the file is then as long as a live one of its pages).
fn patch_copy(fs: &dyn FileSystem, c: &CopyState, hi: u32) -> Result<()> {
    if c.patched && c.trailer.is_none() {
        return Ok(());
    }
    let io = |e| Error::io(e).file(&c.path);
    let f = fs.open(&c.path, FsOpen::read_write()).map_err(io)?;
    if !c.patched {
        let mut h = c.header.clone();
        h.backup_full_current.gen_high = hi;
        let hi = i32::try_from(hi).unwrap_or(i32::MAX);
        if h.lgen_max_required < hi {
            h.lgen_max_required = hi;
            h.time_gen_max_required = LogTime::default();
        }
        if h.lgen_max_committed < hi {
            h.lgen_max_committed = hi;
            h.time_gen_max_create = LogTime::default();
        }
        let mut page = vec![0u8; c.page_size as usize];
        h.encode(&mut page);
        // Copy by copy, each synced: a crash tears at most the one being written.
        for at in [0, c.page_size] {
            f.write_at(at, &page).map_err(io)?;
            f.sync_all().map_err(io)?;
        }
    }
    f.set_len(c.len - c.page_size).map_err(io)?;
    f.sync_all().map_err(io)
}

/// Gives the log folder a current log after the set's numbered ones (unless an
/// earlier run made it, or left it as `<base>tmp.log` that recovery adopts).
fn ensure_current_log(fs: &SharedFs, r: &ExternalRestore) -> Result<()> {
    let base = &r.base_name;
    if fs.exists(&ese_os::join(&r.log_dir, &current_log_name(base))) {
        return Ok(());
    }
    let gens = list_generations(fs.as_ref(), &r.log_dir, base)?;
    let last = gens
        .last()
        .copied()
        .ok_or_else(|| invalid("the log folder holds no log"))?;
    let tmp = ese_os::join(&r.log_dir, &tmp_log_name(base));
    if fs.exists(&tmp) {
        if let Ok(h) = read_log_header(fs.as_ref(), &tmp) {
            if h.generation == last.saturating_add(1) {
                return Ok(());
            }
        }
    }
    let end =
        LogReader::open_finished(fs.clone(), &r.log_dir, base, last, last)?.check_finished()?;
    let clock: Arc<dyn ese_os::Clock> = Arc::new(ese_os::SystemClock::new());
    let cfg = LogConfig::new(r.log_dir.clone(), base);
    LogWriter::start_next(fs.clone(), cfg, clock, &end)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NO_SIG: [u8; crate::format::log::DB_SIGNATURE_SIZE] =
        [0; crate::format::log::DB_SIGNATURE_SIZE];

    #[test]
    fn relocation_matches_by_signature_first() {
        let (mut a, mut b) = (NO_SIG, NO_SIG);
        a[0] = 1;
        b[0] = 2;
        let r = Relocation {
            map: vec![
                ("/live/a.edb".into(), "/r/a.edb".into()),
                ("/live/b.edb".into(), "/r/b.edb".into()),
            ],
            at_start: None,
            signatures: vec![a, b],
        };
        // A path the map does not give (a damaged map, a moved database).
        assert_eq!(
            r.target("/elsewhere/x.edb", &b).as_deref(),
            Some("/r/b.edb")
        );
        // The signature wins over a path that names another entry.
        assert_eq!(r.target("/live/a.edb", &b).as_deref(), Some("/r/b.edb"));
        assert_eq!(r.target("/live/a.edb", &a).as_deref(), Some("/r/a.edb"));
        // Another database: by path, as without signatures.
        assert_eq!(
            r.target("/live/b.edb", &NO_SIG).as_deref(),
            Some("/r/b.edb")
        );
        assert_eq!(r.target("/elsewhere/x.edb", &NO_SIG), None);
    }

    #[test]
    fn relocation_matches_exactly_then_by_file_name() {
        let r = Relocation {
            map: vec![
                ("C:\\data\\a.edb".into(), "/r/a.edb".into()),
                ("/live/b.edb".into(), "/r/b2.edb".into()),
            ],
            at_start: None,
            signatures: Vec::new(),
        };
        assert_eq!(
            r.target("C:\\data\\a.edb", &NO_SIG).as_deref(),
            Some("/r/a.edb")
        );
        assert_eq!(r.target("/r/a.edb", &NO_SIG).as_deref(), Some("/r/a.edb"));
        assert_eq!(
            r.target("/elsewhere/A.EDB", &NO_SIG).as_deref(),
            Some("/r/a.edb")
        );
        assert_eq!(
            r.target("/live/b.edb", &NO_SIG).as_deref(),
            Some("/r/b2.edb")
        );
        assert_eq!(r.target("/r/b2.edb", &NO_SIG).as_deref(), Some("/r/b2.edb"));
        assert_eq!(r.target("/live/c.edb", &NO_SIG), None);
        // At an instance's start: unmapped databases replayed in place, or skipped.
        let keep = Relocation {
            at_start: Some(true),
            ..r.clone()
        };
        assert_eq!(
            keep.target("/live/c.edb", &NO_SIG).as_deref(),
            Some("/live/c.edb")
        );
        assert_eq!(
            keep.target("/live/b.edb", &NO_SIG).as_deref(),
            Some("/r/b2.edb")
        );
        let skip = Relocation {
            at_start: Some(false),
            ..r
        };
        assert_eq!(skip.target("/live/c.edb", &NO_SIG), None);
    }

    #[test]
    fn arguments_are_checked() {
        let mut r = ExternalRestore::new("/c", "/l", "/b");
        assert_eq!(
            check_arguments(&r).unwrap_err().code(),
            ErrorCode::InvalidParameter
        );
        r.map.push(RestoreMapEntry {
            database: "/x.edb".into(),
            new_database: "/y.edb".into(),
        });
        assert!(check_arguments(&r).is_ok());
        r.log_dir = "/b/".into();
        assert_eq!(
            check_arguments(&r).unwrap_err().code(),
            ErrorCode::InvalidParameter
        );
        r.log_dir = "/l".into();
        r.gen_low = 5;
        r.gen_high = 4;
        assert!(check_arguments(&r).is_err());
        r.gen_high = 0;
        r.base_name = "toolong".into();
        assert!(check_arguments(&r).is_err());
    }
}
