//! Crash recovery when an instance starts: redo from the checkpoint, undo of the
//! transactions that never committed, and a clean end (`docs/design/recovery.md`).
//!
//! Owns [`start_log`], which an instance calls before anything else: with no log in
//! its log directory it starts a new log stream; otherwise it recovers the stream
//! there and continues it.
//!
//! What must hold: recovery is idempotent (a crash during it is recovered again
//! from the same checkpoint, and redo and the logged undo steps make the second run
//! end where the first would have); redo applies whole steps only; a database the
//! log names but whose file is missing or another file is
//! `JET_errAttachedDatabaseMismatch` / `JET_errBadDbSignature`, never silently
//! skipped while changes for it remain.

use crate::btree::redo;
use crate::db::{Database, OpenOptions};
use crate::format::checksum::{correct_page, PageCheck};
use crate::format::header::{file_len_for, file_pages, read_best, DbHeader, DbState};
use crate::format::log::{CheckpointData, CheckpointDb, Lgpos, LogRecord, DB_SIGNATURE_SIZE};
use crate::format::pageop::LoggedOp;
use crate::format::undo::UndoInfo;
use crate::log::{
    current_log_name, list_generations, restore_marker_name, Checkpoint, LogConfig, LogEnd,
    LogReader, LogWriter,
};
use crate::version::TxnManager;
use crate::{Error, ErrorCode, Result};
use ese_os::{File, FileSystem, OpenOptions as FsOpen, SharedFs};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where an instance's log and checkpoint live, and how its log is made.
#[derive(Debug, Clone)]
pub(crate) struct LogSetup {
    /// The log's configuration (directory, base name, file size, circular).
    pub(crate) config: LogConfig,
    /// The directory of the checkpoint file.
    pub(crate) system_dir: PathBuf,
    /// Pages each database caches while recovery undoes.
    pub(crate) cache_pages: usize,
    /// Where the recovery at the instance's start finds databases that moved
    /// since their logs were written (`JetInit3`'s restore map); `None`: where
    /// the logs name them.
    pub(crate) relocate: Option<Relocation>,
}

/// The log position `lgpos` names in the checkpoint's generations.
fn start_of(generation: u32) -> Lgpos {
    Lgpos {
        generation,
        sector: 0,
        byte: 0,
    }
}

/// Whether the log directory holds a log stream.
fn has_log(fs: &dyn FileSystem, cfg: &LogConfig) -> Result<bool> {
    Ok(fs.exists(&cfg.path(&current_log_name(&cfg.base)))
        || !list_generations(fs, &cfg.dir, &cfg.base)?.is_empty())
}

/// Starts the instance's log: a new stream when there is none, else recovery and
/// a writer continuing the stream. Returns the writer. A log directory a restore
/// left unfinished is `JET_errRestoreInProgress`: its checkpoint names databases
/// by their restored paths and only the restore maps the rest.
pub(crate) fn start_log(fs: &SharedFs, setup: &LogSetup) -> Result<Arc<LogWriter>> {
    let cfg = setup.config.clone();
    check_no_restore(fs.as_ref(), setup)?;
    if !has_log(fs.as_ref(), &cfg)? {
        let clock: Arc<dyn ese_os::Clock> = Arc::new(ese_os::SystemClock::new());
        let mut rng = ese_os::SystemRng::new();
        let log = Arc::new(LogWriter::create(fs.clone(), cfg, clock, &mut rng)?);
        log.append(&[LogRecord::Init])?;
        log.flush_all()?;
        write_checkpoint(fs.as_ref(), setup, &log, &[])?;
        return Ok(log);
    }
    recover(fs, setup, setup.relocate.as_ref())
}

/// `JET_errRestoreInProgress` while a restore into the log directory is unfinished.
fn check_no_restore(fs: &dyn FileSystem, setup: &LogSetup) -> Result<()> {
    let marker = ese_os::join(&setup.system_dir, &restore_marker_name(&setup.config.base));
    if fs.exists(&marker) {
        return Err(Error::with(
            ErrorCode::RestoreInProgress,
            "a restore into this log directory has not finished: run it again",
        )
        .file(marker));
    }
    Ok(())
}

/// A log's records with their positions.
type Records = Vec<(Lgpos, LogRecord)>;

/// What recovery redoes: the databases the checkpoint names, the log's records from the
/// checkpoint on, and where the log ends. `JET_errCheckpointCorrupt` for a checkpoint past
/// the log's end: the log was made durable up to a checkpoint before it was written, so
/// one past the end is damaged (redo would skip what the log holds and leave the
/// databases needing it).
fn log_to_redo(
    fs: &SharedFs,
    setup: &LogSetup,
    relocate: Option<&Relocation>,
) -> Result<(Vec<CheckpointDb>, Records, LogEnd)> {
    let cfg = &setup.config;
    let reader = LogReader::open(fs.clone(), &cfg.dir, &cfg.base)?;
    let (from, attached) = checkpoint_start(fs.as_ref(), setup, &reader, relocate)?;
    reader.required_from(from)?;
    let (records, end) = reader.read_all_from(from)?;
    if from > end.end {
        return Err(Error::with(
            ErrorCode::CheckpointCorrupt,
            format!("the checkpoint {from} lies past the log's end {}", end.end),
        ));
    }
    Ok((attached, records, end))
}

/// The checkpoint's position and databases, or, without a readable checkpoint (none,
/// or a write of the first one failed and left no valid copy), the oldest generation
/// there and none (`required_from` still reports generations that are missing);
/// `JET_errBadCheckpointSignature` for another stream's.
fn checkpoint_start(
    fs: &dyn FileSystem,
    setup: &LogSetup,
    reader: &LogReader,
    relocate: Option<&Relocation>,
) -> Result<(Lgpos, Vec<CheckpointDb>)> {
    match Checkpoint::read(fs, &setup.system_dir, &setup.config.base) {
        Ok(c) => {
            if c.signature != reader.signature() {
                return Err(Error::with(
                    ErrorCode::BadCheckpointSignature,
                    "the checkpoint belongs to another log stream",
                ));
            }
            Ok((c.lgpos, c.databases))
        }
        Err(e)
            if relocate.is_none_or(|r| r.at_start.is_some())
                && matches!(
                    e.code(),
                    ErrorCode::CheckpointFileNotFound | ErrorCode::CheckpointCorrupt
                ) =>
        {
            Ok((
                start_of(reader.generations().first().copied().unwrap_or(1)),
                Vec::new(),
            ))
        }
        Err(e) => Err(e),
    }
}

/// Recovery without undo (`JET_bitRecoveryWithoutUndo`): redo of the log of `setup`
/// from the checkpoint to its end onto the databases, and nothing else: no log record,
/// no checkpoint, no page image is written (the log directory may be a copy that more
/// shipped generations extend), and the databases stay dirty for a later recovery,
/// which redoes from the same checkpoint (changes already in a page are skipped by its
/// dbtime). Returns the code to report: `JET_errRecoveredWithoutUndoDatabasesConsistent`
/// when no transaction is left open and every database the log names was detached
/// cleanly (nothing left to undo or close), else `JET_errRecoveredWithoutUndo`. A crash
/// while the pages are written back may tear one, which no image in the log can then
/// repair (as in ESE, where such a copy is seeded again).
pub(crate) fn recover_without_undo(fs: &SharedFs, setup: &LogSetup) -> Result<ErrorCode> {
    check_no_restore(fs.as_ref(), setup)?;
    let cfg = &setup.config;
    if !has_log(fs.as_ref(), cfg)? {
        return Ok(ErrorCode::RecoveredWithoutUndoDatabasesConsistent);
    }
    let relocate = setup.relocate.as_ref();
    let (attached, records, _) = log_to_redo(fs, setup, relocate)?;
    let analysed = redo_all(fs.as_ref(), &attached, &records, None, relocate)?;
    let consistent =
        analysed.open.is_empty() && analysed.databases.is_empty() && analysed.detached.is_empty();
    Ok(if consistent {
        ErrorCode::RecoveredWithoutUndoDatabasesConsistent
    } else {
        ErrorCode::RecoveredWithoutUndo
    })
}

/// Recovers the log stream of `setup` (which must exist): redo from the
/// checkpoint, undo, the databases closed cleanly, a checkpoint at the end.
/// With `relocate` databases are opened where it says (see [`Relocation`]).
/// Returns the writer continuing the stream.
pub(crate) fn recover(
    fs: &SharedFs,
    setup: &LogSetup,
    relocate: Option<&Relocation>,
) -> Result<Arc<LogWriter>> {
    let clock: Arc<dyn ese_os::Clock> = Arc::new(ese_os::SystemClock::new());
    let (attached, records, end) = log_to_redo(fs, setup, relocate)?;
    let log = Arc::new(LogWriter::open_after(
        fs.clone(),
        setup.config.clone(),
        clock,
        &end,
    )?);
    log.append(&[LogRecord::Init])?;
    let analysed = redo_all(fs.as_ref(), &attached, &records, Some(&log), relocate)?;
    undo_all(fs, setup, &log, &analysed)?;
    log.flush_all()?;
    write_checkpoint(fs.as_ref(), setup, &log, &[])?;
    Ok(log)
}

/// Where a restore, or the recovery at an instance's start, finds the databases
/// its logs name (`JET_RSTMAP`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Relocation {
    /// `(path as the logs name it, path of the restored file)`.
    pub(crate) map: Vec<(String, String)>,
    /// `None` for a restore: databases the map does not name are skipped.
    /// `Some(replay_unmapped)` for the recovery at an instance's start
    /// (`JetInit3`): the checkpoint's databases are relocated too, and those the
    /// map does not name are replayed where the logs name them with
    /// `replay_unmapped` (`JET_bitReplayMissingMapEntryDB`), else skipped.
    pub(crate) at_start: Option<bool>,
    /// The database signature of each entry's restored file, in `map`'s order
    /// (a restore reads them from the copies; empty when they are not known):
    /// an attach whose signature one of them has is replayed into that file,
    /// whatever path the log gives it (ESE's `ErrReplaceRstMapEntryBySignature`).
    pub(crate) signatures: Vec<[u8; DB_SIGNATURE_SIZE]>,
}

/// The last component of a path written with either separator.
fn file_name_of(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

impl Relocation {
    /// The relocation of `entries`; `at_start` as [`Relocation::at_start`].
    pub(crate) fn of(
        entries: &[crate::restore::RestoreMapEntry],
        at_start: Option<bool>,
    ) -> Relocation {
        Relocation {
            map: entries
                .iter()
                .map(|e| {
                    (
                        e.database.clone(),
                        e.new_database.to_string_lossy().into_owned(),
                    )
                })
                .collect(),
            at_start,
            signatures: Vec::new(),
        }
    }

    /// The restored file for a database the log names `logged` with `signature`:
    /// the entry whose restored file has that signature, else an entry whose
    /// logged path is `logged` exactly, or whose restored path is (the restore's
    /// own records name it so), or else whose logged file name is the same.
    /// `None`: the database is not restored and its records are skipped.
    pub(crate) fn target(
        &self,
        logged: &str,
        signature: &[u8; DB_SIGNATURE_SIZE],
    ) -> Option<String> {
        if let Some(i) = self.signatures.iter().position(|s| s == signature) {
            return self.map.get(i).map(|(_, to)| to.clone());
        }
        if let Some((_, to)) = self
            .map
            .iter()
            .find(|(from, to)| from == logged || to == logged)
        {
            return Some(to.clone());
        }
        let name = file_name_of(logged);
        self.map
            .iter()
            .find(|(from, _)| file_name_of(from).eq_ignore_ascii_case(name))
            .map(|(_, to)| to.clone())
            .or_else(|| (self.at_start == Some(true)).then(|| logged.to_string()))
    }
}

/// Writes the checkpoint: recovery starts at the log's end as it stands now (the
/// caller made every change before it durable in the database files).
pub(crate) fn write_checkpoint(
    fs: &dyn FileSystem,
    setup: &LogSetup,
    log: &LogWriter,
    databases: &[CheckpointDb],
) -> Result<()> {
    write_checkpoint_at(fs, setup, log, log.appended_lgpos(), databases)
}

/// Writes checkpoint position `at`.
pub(crate) fn write_checkpoint_at(
    fs: &dyn FileSystem,
    setup: &LogSetup,
    log: &LogWriter,
    at: Lgpos,
    databases: &[CheckpointDb],
) -> Result<()> {
    log.flush_to(at)?;
    let data = CheckpointData {
        signature: log.signature(),
        lgpos: at,
        gen_min: at.generation,
        gen_max: log.generation(),
        databases: databases.to_vec(),
    };
    Checkpoint::write(fs, &setup.system_dir, &setup.config.base, &data)?;
    if setup.config.circular {
        log.delete_generations_below(at.generation)?;
    }
    Ok(())
}

/// One database as redo sees it.
struct RedoDb {
    path: String,
    file: Option<Arc<dyn File>>,
    page_size: usize,
    pages: HashMap<u32, Vec<u8>>,
    max_dbtime: u64,
    /// Whether any page record for it was read.
    changed: bool,
    /// Pages unreadable on disk whose logged changes wait for the page's image
    /// further on in the log (see `redo_one`).
    awaiting: BTreeSet<u32>,
    /// The last page redo may write: the file's when it was opened, raised by
    /// the growths the log holds (`LogRecord::ExtendDb`). A growth logged
    /// before redo's start was synced by the checkpoint that followed it.
    last_pgno: u32,
    /// Whether its header said clean shutdown when redo opened it.
    clean: bool,
}

/// What redo found: per database the newest dbtime and whether the log changed
/// its pages, and the changes of every transaction that neither committed nor
/// rolled back, oldest first.
pub(crate) struct Analysed {
    databases: BTreeMap<u8, (String, u64, bool)>,
    open: BTreeMap<u64, Vec<(u8, u64, UndoInfo)>>,
    /// The newest dbtime seen of each database id, detached ones included.
    floors: BTreeMap<u8, u64>,
    /// Databases whose detach redo replayed while their header was not clean (a
    /// restored copy rolled forward through its detach, or a detach whose header
    /// write a crash cut short): database id, path and newest dbtime. Recovery
    /// closes them cleanly, as the detach did.
    detached: Vec<(u8, String, u64)>,
}

fn mismatch(what: String) -> Error {
    Error::with(ErrorCode::AttachedDatabaseMismatch, what)
}

fn open_db(fs: &dyn FileSystem, path: &str, signature: &[u8; DB_SIGNATURE_SIZE]) -> Result<RedoDb> {
    let p = Path::new(path);
    let file: Arc<dyn File> = Arc::from(fs.open(p, FsOpen::read_write()).map_err(|e| {
        mismatch(format!(
            "the log names database {path}, which cannot be opened: {e}"
        ))
    })?);
    let len = file.len().map_err(|e| Error::io(e).file(p))?;
    let mut found = None;
    for ps in [4096usize, 8192, 16384, 32768] {
        if len < 2 * ps as u64 {
            continue;
        }
        let (mut a, mut b) = (vec![0u8; ps], vec![0u8; ps]);
        file.read_at(0, &mut a).map_err(|e| Error::io(e).file(p))?;
        file.read_at(ps as u64, &mut b)
            .map_err(|e| Error::io(e).file(p))?;
        if let Ok((h, _)) = read_best(&a, &b) {
            if h.page_size() as usize == ps {
                found = Some((h, ps));
                break;
            }
        }
    }
    let (header, page_size): (DbHeader, usize) =
        found.ok_or_else(|| mismatch(format!("database {path} has no readable header")))?;
    crate::db::refuse_unrestored_copy(&header).map_err(|e| e.file(p))?;
    if crate::db::signature_of(&header) != *signature {
        return Err(Error::with(
            ErrorCode::BadDbSignature,
            format!("database {path} is not the one the log names (another signature)"),
        ));
    }
    Ok(RedoDb {
        path: path.to_string(),
        file: Some(file),
        page_size,
        pages: HashMap::new(),
        max_dbtime: header.dbtime,
        changed: false,
        awaiting: BTreeSet::new(),
        last_pgno: u32::try_from(file_pages(len, page_size)).unwrap_or(u32::MAX),
        clean: header.state == DbState::CleanShutdown,
    })
}

impl RedoDb {
    fn page(&mut self, pgno: u32) -> Result<&mut Vec<u8>> {
        let ps = self.page_size;
        if pgno == 0 || pgno > self.last_pgno {
            // Pages are changed only inside the file: a record naming one past
            // its end and every logged growth is damaged.
            return Err(Error::with(
                ErrorCode::LogCorrupted,
                format!(
                    "a logged change names page {pgno}, past the database's last page {}",
                    self.last_pgno
                ),
            )
            .page(pgno));
        }
        if !self.pages.contains_key(&pgno) {
            let mut buf = vec![0u8; ps];
            if let Some(f) = &self.file {
                let at = (u64::from(pgno) + 1) * ps as u64;
                let len = f.len().map_err(Error::io)?;
                if at + ps as u64 <= len {
                    f.read_at(at, &mut buf).map_err(Error::io)?;
                    // A page whose write a power cut tore can carry its new header
                    // over old bytes: judged by that header's dbtime it would look
                    // newer than its logged image and keep its damage. It counts as
                    // unreadable, so the image (always logged for a page changed
                    // since the checkpoint) rebuilds it.
                    if let PageCheck::Mismatch { .. } = correct_page(&mut buf, pgno) {
                        buf.fill(0);
                    }
                }
            }
            self.pages.insert(pgno, buf);
        }
        self.pages
            .get_mut(&pgno)
            .ok_or_else(|| Error::with(ErrorCode::InternalError, "redo page vanished"))
    }

    /// Writes every redone page back (with its checksums) and syncs the file.
    fn write_back(&mut self) -> Result<()> {
        self.write_back_logged(None)
    }

    /// [`RedoDb::write_back`]; with `log` (database `dbid` in it) every page is
    /// first logged whole and the log flushed: the pages are written in place, and
    /// a crash that tears one must find its image in the log, not only changes
    /// that need the page as it was.
    fn write_back_logged(&mut self, log: Option<(&LogWriter, u8)>) -> Result<()> {
        if let Some(pgno) = self.awaiting.first() {
            return Err(Error::with(
                ErrorCode::LogCorrupted,
                "logged changes find their page unreadable, and the log holds no image of it",
            )
            .page(*pgno));
        }
        let Some(f) = &self.file else { return Ok(()) };
        let mut pgnos: Vec<u32> = self.pages.keys().copied().collect();
        pgnos.sort_unstable();
        if let Some((log, dbid)) = log {
            for chunk in pgnos.chunks(16) {
                let mut records: Vec<LogRecord> = chunk
                    .iter()
                    .filter_map(|p| {
                        self.pages.get(p).map(|page| LogRecord::PageImage {
                            dbid,
                            pgno: *p,
                            dbtime: page_dbtime(page),
                            image: page.clone(),
                        })
                    })
                    .collect();
                records.push(LogRecord::StepEnd);
                log.append(&records)?;
            }
            log.flush_all()?;
        }
        for pgno in pgnos {
            if let Some(page) = self.pages.get_mut(&pgno) {
                crate::format::checksum::compute_page_checksums(page, pgno);
                let at = (u64::from(pgno) + 1) * self.page_size as u64;
                f.write_at(at, page)
                    .map_err(|e| Error::io(e).file(&self.path))?;
            }
        }
        // The growths redo read are made whole in the file: the space tree it
        // redid owns those pages, and later changes of them log no growth.
        let want = file_len_for(self.last_pgno, self.page_size);
        if f.len().map_err(|e| Error::io(e).file(&self.path))? < want {
            f.set_len(want).map_err(|e| Error::io(e).file(&self.path))?;
        }
        f.sync_all().map_err(|e| Error::io(e).file(&self.path))?;
        self.pages.clear();
        Ok(())
    }
}

/// The dbtime in a page header (0 when the header is unreadable).
fn page_dbtime(page: &[u8]) -> u64 {
    crate::format::page::PageHeader::decode(page).map_or(0, |h| h.dbtime)
}

/// Redoes every whole step of `records` onto the database files and collects the
/// undo information of the transactions left open. The databases still attached at
/// the end have their redone pages logged whole in `log` before they are written
/// (without a log, recovery without undo, they are written as they are).
fn redo_all(
    fs: &dyn FileSystem,
    attached: &[CheckpointDb],
    records: &[(Lgpos, LogRecord)],
    log: Option<&LogWriter>,
    relocate: Option<&Relocation>,
) -> Result<Analysed> {
    let mut dbs: BTreeMap<u8, RedoDb> = BTreeMap::new();
    for a in attached {
        let path = match relocate.filter(|r| r.at_start.is_some()) {
            None => a.path.clone(),
            Some(r) => match r.target(&a.path, &a.db_signature) {
                Some(p) => p,
                // Skipped: its records are skipped as those of an attach the map
                // does not name.
                None => continue,
            },
        };
        dbs.insert(a.dbid, open_db(fs, &path, &a.db_signature)?);
    }
    let mut out = Analysed {
        databases: BTreeMap::new(),
        open: BTreeMap::new(),
        floors: BTreeMap::new(),
        detached: Vec::new(),
    };
    let mut undone: HashSet<(u64, u64)> = HashSet::new();
    let mut step: Vec<&LogRecord> = Vec::new();
    for (_, rec) in records {
        match rec {
            LogRecord::StepEnd => {
                for r in step.drain(..) {
                    redo_one(fs, &mut dbs, &mut out, &mut undone, r, relocate)?;
                }
            }
            // Outside steps: commits, rollbacks and the instance's own records.
            LogRecord::Commit { txn, .. } | LogRecord::Rollback { txn } => {
                out.open.remove(txn);
            }
            // A detach is logged on its own, after the database's last step, with
            // no step end behind it: held for one, it would not count when the
            // log ends there or the next start's `Init` follows.
            LogRecord::Detach { .. } => {
                redo_one(fs, &mut dbs, &mut out, &mut undone, rec, relocate)?
            }
            // Every start logs `Init` after the log it found: a step still open
            // there was cut short by a crash (its end never reached the log), so
            // it never happened and must not join the steps logged after.
            LogRecord::Init => step.clear(),
            LogRecord::Term { .. } | LogRecord::Checkpoint { .. } => {}
            _ => step.push(rec),
        }
    }
    // A step without its end never happened: none of its pages reached the disk.
    for (dbid, mut db) in dbs {
        db.write_back_logged(log.map(|l| (l, dbid)))?;
        out.databases
            .insert(dbid, (db.path.clone(), db.max_dbtime, db.changed));
    }
    for (txn, ops) in out.open.iter_mut() {
        ops.retain(|(_, id, _)| !undone.contains(&(*txn, *id)));
    }
    Ok(out)
}

fn redo_one(
    fs: &dyn FileSystem,
    dbs: &mut BTreeMap<u8, RedoDb>,
    out: &mut Analysed,
    undone: &mut HashSet<(u64, u64)>,
    rec: &LogRecord,
    relocate: Option<&Relocation>,
) -> Result<()> {
    match rec {
        LogRecord::Attach {
            dbid,
            path,
            db_signature,
        } => {
            let path = match relocate {
                None => path.clone(),
                Some(r) => match r.target(path, db_signature) {
                    Some(p) => p,
                    None => {
                        if let Some(mut old) = dbs.remove(dbid) {
                            old.write_back()?;
                            out.databases
                                .insert(*dbid, (old.path.clone(), old.max_dbtime, old.changed));
                        }
                        return Ok(());
                    }
                },
            };
            let mut carried = out
                .databases
                .get(dbid)
                .map_or(0, |d| d.1)
                .max(out.floors.get(dbid).copied().unwrap_or(0));
            if let Some(mut old) = dbs.remove(dbid) {
                old.write_back()?;
                carried = carried.max(old.max_dbtime);
                out.databases
                    .insert(*dbid, (old.path.clone(), old.max_dbtime, old.changed));
            }
            let mut db = open_db(fs, &path, db_signature)?;
            // A header written at a detach may not have reached the disk: the dbtimes
            // seen before stay the floor.
            db.max_dbtime = db.max_dbtime.max(carried);
            dbs.insert(*dbid, db);
        }
        LogRecord::Detach { dbid } => {
            if let Some(mut old) = dbs.remove(dbid) {
                old.write_back()?;
                let floor = out.floors.entry(*dbid).or_insert(0);
                *floor = (*floor).max(old.max_dbtime);
                out.detached.retain(|(_, p, _)| *p != old.path);
                if !old.clean {
                    out.detached.push((*dbid, old.path.clone(), old.max_dbtime));
                }
            }
            out.databases.remove(dbid);
        }
        LogRecord::PageImage {
            dbid,
            pgno,
            dbtime,
            image,
        } => {
            // A restore skips every record of a database it does not restore:
            // its attach was skipped, so its id is unknown here.
            if relocate.is_some() && !dbs.contains_key(dbid) {
                return Ok(());
            }
            let db = dbs.get_mut(dbid).ok_or_else(|| {
                mismatch(format!(
                    "a page image names database {dbid}, never attached"
                ))
            })?;
            db.max_dbtime = db.max_dbtime.max(*dbtime);
            db.changed = true;
            // Whatever the page holds: a torn write can show a newer header over
            // old sectors that its checksum does not catch, and every change after
            // this image is in the log.
            crate::btree::restore_image(db.page(*pgno)?, *pgno, *dbtime, image)?;
            db.awaiting.remove(pgno);
        }
        LogRecord::PageOp {
            dbid,
            pgno,
            dbtime_before,
            dbtime_after,
            payload,
            ..
        } => {
            // A restore skips every record of a database it does not restore:
            // its attach was skipped, so its id is unknown here.
            if relocate.is_some() && !dbs.contains_key(dbid) {
                return Ok(());
            }
            let db = dbs.get_mut(dbid).ok_or_else(|| {
                mismatch(format!(
                    "a page change names database {dbid}, never attached"
                ))
            })?;
            db.max_dbtime = db.max_dbtime.max(*dbtime_after);
            db.changed = true;
            let op = LoggedOp::decode(payload)?;
            let page = db.page(*pgno)?;
            // A transaction open across a checkpoint holds the checkpoint back to
            // its begin, so redo can start before the checkpoint's image epoch,
            // where changes carry no image. The checkpoint synced them in their
            // pages; such a page unreadable now was torn by a later write-back,
            // which follows a later change that logged the page's image: the
            // changes before that image wait for it (and fail if it never comes).
            if page_dbtime(page) == 0 && *dbtime_before != 0 {
                db.awaiting.insert(*pgno);
                return Ok(());
            }
            redo(page, *pgno, *dbtime_before, *dbtime_after, &op)?;
        }
        LogRecord::Begin { txn, .. } => {
            out.open.insert(*txn, Vec::new());
        }
        LogRecord::Undo {
            dbid,
            txn,
            id,
            info,
        } => {
            let info = UndoInfo::decode(info)?;
            out.open.entry(*txn).or_default().push((*dbid, *id, info));
        }
        LogRecord::Undone { txn, id, .. } => {
            undone.insert((*txn, *id));
        }
        // A growth of a database redo does not replay (a restore skips it)
        // changes nothing here.
        LogRecord::ExtendDb { dbid, last_pgno } => {
            if let Some(db) = dbs.get_mut(dbid) {
                db.last_pgno = db.last_pgno.max(*last_pgno);
            }
        }
        _ => {}
    }
    Ok(())
}

/// Undoes the open transactions' changes in every database redo touched, leaves each
/// database consistent and closed, and logs each transaction's rollback.
fn undo_all(
    fs: &SharedFs,
    setup: &LogSetup,
    log: &Arc<LogWriter>,
    analysed: &Analysed,
) -> Result<()> {
    let manager = Arc::new(TxnManager::new(crate::version::DEFAULT_VERSION_STORE_BYTES));
    let opts = OpenOptions {
        cache_pages: setup.cache_pages,
        read_only: false,
        ..OpenOptions::default()
    };
    let open = |dbid: u8, path: &str, dbtime: u64| {
        Database::open_in(
            fs.as_ref(),
            Path::new(path),
            &opts,
            manager.clone(),
            Some((log.clone(), dbid)),
            Some(dbtime),
        )
    };
    // Detached in the log but not clean on disk: attached and closed again,
    // before the others take their ids.
    for (dbid, path, dbtime) in &analysed.detached {
        if analysed.databases.values().any(|(p, _, _)| p == path) {
            continue;
        }
        open(*dbid, path, *dbtime)?.close()?;
        log.append(&[LogRecord::Detach { dbid: *dbid }])?;
    }
    let mut opened: BTreeMap<u8, Database> = BTreeMap::new();
    for (dbid, (path, dbtime, changed)) in &analysed.databases {
        let db = match open(*dbid, path, *dbtime) {
            Ok(db) => db,
            // A database whose creation the crash cut short: its header (synced
            // before the attach record) is there, its first pages never reached
            // the log or the file. Nothing of it can have been acknowledged, so
            // it stays detached, as it is, instead of failing the instance (an
            // attach then reports the file's state).
            Err(e)
                if !changed
                    && matches!(
                        e.code(),
                        ErrorCode::FileIOBeyondEOF | ErrorCode::PageNotInitialized
                    ) =>
            {
                log.append(&[LogRecord::Detach { dbid: *dbid }])?;
                continue;
            }
            Err(e) => return Err(e),
        };
        opened.insert(*dbid, db);
    }
    for (txn, ops) in &analysed.open {
        let mut by_db: BTreeMap<u8, Vec<(u64, UndoInfo)>> = BTreeMap::new();
        for (dbid, id, info) in ops {
            by_db.entry(*dbid).or_default().push((*id, info.clone()));
        }
        for (dbid, ops) in by_db {
            if let Some(db) = opened.get(&dbid) {
                db.recover_undo(*txn, &ops)?;
            }
        }
        log.append(&[LogRecord::Rollback { txn: *txn }])?;
    }
    for (dbid, db) in opened {
        db.close()?;
        log.append(&[LogRecord::Detach { dbid }])?;
    }
    Ok(())
}
