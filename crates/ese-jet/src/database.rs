//! Databases: `JetCreateDatabase(2)`, `JetAttachDatabase(2)`, `JetOpenDatabase`,
//! `JetCloseDatabase`, `JetDetachDatabase(2)`, `JetGetDatabaseInfo`,
//! `JetGetDatabaseFileInfo`.
//!
//! What must hold: a `JET_DBID` (1–6) names an attached database of the session's
//! instance, and a session may use it only while it has it open (`JetCreateDatabase` or
//! `JetOpenDatabase`, until `JetCloseDatabase`), else `JET_errInvalidDatabaseId`; a
//! database some session has open cannot be detached (`JET_errDatabaseInUse`).

use crate::consts::*;
use crate::instance::engine_of;
use crate::registry::{self, err};
use crate::session::SessionEntry;
use crate::{JetResult, JET_DBID, JET_GRBIT, JET_SESID};
use ese::{CreateOptions, ErrorCode, Warning};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// An attached database of an instance.
pub(crate) struct AttachedDb {
    /// The path as the caller gave it.
    pub(crate) path: PathBuf,
    pub(crate) db: ese::Database,
    pub(crate) read_only: bool,
    /// The session that opened it with `JET_bitDbExclusive`.
    pub(crate) exclusive: Option<JET_SESID>,
}

/// What `JetGetDatabaseInfo` and `JetGetDatabaseFileInfo` report (`JET_DbInfoFilename`,
/// `JET_DbInfoPageSize`, `JET_DbInfoFilesize`/`SpaceOwned` in pages, and the
/// `JET_DBINFOMISC` fields the engine knows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JET_DBINFO {
    /// `JET_DbInfoFilename`.
    pub filename: String,
    /// `JET_DbInfoPageSize`: bytes per page.
    pub cbPageSize: u32,
    /// `JET_DbInfoFilesize`: pages in the file.
    pub cpgFilesize: u32,
    /// The file's size in bytes (`JetGetDatabaseFileInfo`'s `JET_DbInfoFilesize`).
    pub cbFilesize: u64,
    /// The bytes the file takes on disk (`JET_DbInfoFilesizeOnDisk`): less than its size
    /// where the file system leaves holes unallocated.
    pub cbFilesizeOnDisk: u64,
    /// `JET_DBINFOMISC.ulVersion`: the format version.
    pub ulVersion: u32,
    /// `JET_DBINFOMISC.ulUpdate`: the format update.
    pub ulUpdate: u32,
    /// `JET_DBINFOMISC.dbstate` (`JET_dbstate*`: 1 just created, 2 dirty, 3 clean).
    pub dbstate: u32,
    /// Whether the handle or file is read-only.
    pub read_only: bool,
    /// The whole header, as it is now (the rest of `JET_DBINFOMISC`: signatures, log
    /// positions and times, backups, generations required).
    pub header: ese::format::header::DbHeader,
}

fn canon(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

fn same(a: &Path, b: &Path) -> bool {
    canon(a) == canon(b)
}

fn dbid_index(dbid: JET_DBID) -> JetResult<usize> {
    match dbid {
        1..=6 => Ok(dbid as usize - 1),
        _ => Err(err(
            ErrorCode::InvalidDatabaseId,
            format!("{dbid} is not a database id"),
        )),
    }
}

/// The database `dbid` of session `s`, which must have it open; with whether the
/// session may only read it.
/// The database attached to `instance` at `path`: its handle, whether it is attached
/// read-only, and its id.
pub(crate) fn attached_at(
    instance: &crate::instance::InstanceEntry,
    path: &Path,
) -> Option<(ese::Database, bool, JET_DBID)> {
    let st = instance.state.lock();
    st.dbs.iter().enumerate().find_map(|(i, a)| {
        a.as_ref()
            .filter(|a| same(&a.path, path))
            .map(|a| (a.db.clone(), a.read_only, i as JET_DBID + 1))
    })
}

pub(crate) fn open_db(s: &SessionEntry, dbid: JET_DBID) -> JetResult<(ese::Database, bool)> {
    let i = dbid_index(dbid)?;
    let (count, ro) = {
        let st = s.state.lock();
        (st.open_dbs[i], st.db_read_only[i])
    };
    let inst = s.instance.state.lock();
    match (&inst.dbs[i], count) {
        (Some(a), n) if n > 0 => Ok((a.db.clone(), ro || a.read_only)),
        _ => Err(err(
            ErrorCode::InvalidDatabaseId,
            format!("database {dbid} is not open in this session"),
        )),
    }
}

/// `JetCreateDatabase(sesid, szFilename, szConnect, pdbid, grbit)`: [`jet_create_database2`]
/// without a size limit.
pub fn jet_create_database(
    sesid: JET_SESID,
    file: &str,
    _connect: Option<&str>,
    grbit: JET_GRBIT,
) -> JetResult<JET_DBID> {
    jet_create_database2(sesid, file, 0, grbit)
}

/// `JetCreateDatabase2(sesid, szFilename, cpgDatabaseSizeMax, pdbid, grbit)`: creates the
/// file with `JET_paramDatabasePageSize` pages, attaches it and opens it for the session.
/// `JET_bitDbOverwriteExisting` replaces an existing file; `JET_bitDbRecoveryOff` and
/// `JET_bitDbShadowingOff` are accepted (the database is logged with its instance).
/// `cpgDatabaseSizeMax` (0: none) limits the file's pages while it stays attached: a change
/// that would grow it past that is `JET_errOutOfDatabaseSpace`. Errors: `JET_errDatabaseDuplicate`,
/// `JET_errInTransaction`, `JET_errTooManyAttachedDatabases`, `JET_errInvalidGrbit`.
pub fn jet_create_database2(
    sesid: JET_SESID,
    file: &str,
    cpg_max: u32,
    grbit: JET_GRBIT,
) -> JetResult<JET_DBID> {
    let s = crate::session::get(sesid)?;
    let known = JET_bitDbOverwriteExisting | JET_bitDbRecoveryOff | JET_bitDbShadowingOff;
    if grbit & !known != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetCreateDatabase grbit {grbit:#x}"),
        ));
    }
    if file.is_empty() {
        return Err(err(ErrorCode::InvalidParameter, "no file name"));
    }
    let page_size = registry::lock().params.int(JET_paramDatabasePageSize);
    let mut inst = s.instance.state.lock();
    engine_of(&inst)?;
    let slot = inst.dbs.iter().position(Option::is_none).ok_or_else(|| {
        err(
            ErrorCode::TooManyAttachedDatabases,
            "an instance attaches at most 6 databases",
        )
    })?;
    let opts = CreateOptions {
        page_size,
        overwrite: grbit & JET_bitDbOverwriteExisting != 0,
        ..CreateOptions::default()
    };
    let db = s.session.create_database(file, opts)?;
    db.set_max_pages(cpg_max);
    db.set_extension_pages(inst.params.int(JET_paramDbExtensionSize) as u32);
    inst.dbs[slot] = Some(AttachedDb {
        path: PathBuf::from(file),
        db,
        read_only: false,
        exclusive: None,
    });
    drop(inst);
    let mut st = s.state.lock();
    st.open_dbs[slot] += 1;
    st.db_read_only[slot] = false;
    Ok(slot as JET_DBID + 1)
}

/// `JetAttachDatabase(sesid, szFilename, grbit)`: [`jet_attach_database2`] without a
/// size limit.
pub fn jet_attach_database(
    sesid: JET_SESID,
    file: &str,
    grbit: JET_GRBIT,
) -> JetResult<Option<Warning>> {
    jet_attach_database2(sesid, file, 0, grbit)
}

/// What `JET_bitDbDeleteUnicodeIndexes` does on attach (ESE's `ErrDBDeleteUnicodeIndexes`,
/// which forces the deletion of every localized secondary index): deletes the secondary
/// indexes over Unicode text of every table, those of tables created with fixed DDL too. A
/// template table's indexes and those a derived table inherits stay (this engine changes no
/// template); primary indexes stay, as in ESE.
fn delete_unicode_indexes(s: &ese::Session, db: &ese::Database) -> JetResult<()> {
    use ese::catalog::{idb, object_flags};
    for def in db.table_defs() {
        if def.flags & object_flags::SYSTEM != 0 || def.is_template() {
            continue;
        }
        for ix in &def.indexes {
            let inherited = ix.flags & idb::DERIVED_INDEX != 0;
            if ix.is_primary() || inherited || !def.has_unicode_text(ix) {
                continue;
            }
            s.with_schema_maintenance(|| s.delete_index(db, &def.name, &ix.name))?;
        }
    }
    Ok(())
}

/// `JetAttachDatabase2(sesid, szFilename, cpgDatabaseSizeMax, grbit)`: attaches the file
/// to the instance (it is not opened: use `JetOpenDatabase`); `cpgDatabaseSizeMax` (0:
/// none) limits the file's pages while it stays attached (a change that would grow it
/// past that is `JET_errOutOfDatabaseSpace`; a larger file grows no more). `JET_bitDbReadOnly`
/// attaches it read-only; `JET_bitDbDeleteCorruptIndexes` deletes the secondary indexes
/// another collation built and returns `JET_wrnCorruptIndexDeleted`; the maintenance
/// bits are accepted. A database already attached gives `JET_wrnDatabaseAttached`.
/// Errors: `JET_errFileNotFound`, `JET_errDatabaseDirtyShutdown`,
/// `JET_errPageSizeMismatch` for a page size other than `JET_paramDatabasePageSize`,
/// `JET_errTooManyAttachedDatabases`, `JET_errInTransaction`, `JET_errInvalidGrbit` (also
/// for `JET_bitDbDeleteUnicodeIndexes` with `JET_bitDbReadOnly`).
/// `JET_bitDbDeleteUnicodeIndexes` deletes every secondary index over Unicode text, for
/// the application to create them again (see [`delete_unicode_indexes`]).
pub fn jet_attach_database2(
    sesid: JET_SESID,
    file: &str,
    cpg_max: u32,
    grbit: JET_GRBIT,
) -> JetResult<Option<Warning>> {
    let s = crate::session::get(sesid)?;
    let known = JET_bitDbReadOnly
        | JET_bitDbDeleteCorruptIndexes
        | JET_bitDbDeleteUnicodeIndexes
        | JET_bitDbUpgrade
        | JET_bitDbEnableBackgroundMaintenance
        | JET_bitDbPurgeCacheOnAttach;
    if grbit & !known != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetAttachDatabase grbit {grbit:#x}"),
        ));
    }
    if grbit & JET_bitDbDeleteUnicodeIndexes != 0 && grbit & JET_bitDbReadOnly != 0 {
        // ESE's ErrDBAttachDatabase: deleting indexes is no read-only attach.
        return Err(err(
            ErrorCode::InvalidGrbit,
            "JET_bitDbDeleteUnicodeIndexes with JET_bitDbReadOnly",
        ));
    }
    if file.is_empty() {
        return Err(err(ErrorCode::InvalidParameter, "no file name"));
    }
    let page_size = registry::lock().params.int(JET_paramDatabasePageSize);
    let mut inst = s.instance.state.lock();
    engine_of(&inst)?;
    let path = Path::new(file);
    if inst.dbs.iter().flatten().any(|a| same(&a.path, path)) {
        return Ok(Some(Warning::DatabaseAttached));
    }
    let slot = inst.dbs.iter().position(Option::is_none).ok_or_else(|| {
        err(
            ErrorCode::TooManyAttachedDatabases,
            "an instance attaches at most 6 databases",
        )
    })?;
    let read_only = grbit & JET_bitDbReadOnly != 0;
    let (db, warning) = s.session.attach_database(path, read_only)?;
    if db.page_size() != page_size {
        let found = db.page_size();
        drop(db);
        // The attach is undone; its own error would only hide the mismatch.
        let _ = s.session.detach_database(path);
        return Err(err(
            ErrorCode::PageSizeMismatch,
            format!(
                "the database has {found}-byte pages, JET_paramDatabasePageSize is {page_size}"
            ),
        ));
    }
    db.set_max_pages(cpg_max);
    db.set_extension_pages(inst.params.int(JET_paramDbExtensionSize) as u32);
    let mut warning = warning;
    if grbit & JET_bitDbDeleteUnicodeIndexes != 0 {
        delete_unicode_indexes(&s.session, &db)?;
    }
    if grbit & JET_bitDbDeleteCorruptIndexes != 0 && !read_only {
        for f in db.foreign_indexes().into_iter().filter(|f| !f.primary) {
            s.session.delete_index(&db, &f.table, &f.index)?;
            warning = Some(Warning::CorruptIndexDeleted);
        }
    }
    inst.dbs[slot] = Some(AttachedDb {
        path: path.to_path_buf(),
        db,
        read_only,
        exclusive: None,
    });
    Ok(warning)
}

/// `JetOpenDatabase(sesid, szFilename, szConnect, pdbid, grbit)`: opens an attached
/// database for the session; each open needs its `JetCloseDatabase`.
/// `JET_bitDbReadOnly` opens it read-only; a database attached read-only opens
/// read-only with `JET_wrnFileOpenReadOnly`. `JET_bitDbExclusive`: `JET_errDatabaseInUse`
/// when another session has it open; while held, other sessions get
/// `JET_errDatabaseLocked`. `JET_errDatabaseNotFound` when not attached.
pub fn jet_open_database(
    sesid: JET_SESID,
    file: &str,
    _connect: Option<&str>,
    grbit: JET_GRBIT,
) -> JetResult<(JET_DBID, Option<Warning>)> {
    let reg = registry::lock();
    let s = reg.session(sesid)?;
    if grbit & !(JET_bitDbReadOnly | JET_bitDbExclusive) != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetOpenDatabase grbit {grbit:#x}"),
        ));
    }
    let path = Path::new(file);
    let mut inst = s.instance.state.lock();
    engine_of(&inst)?;
    let slot = inst
        .dbs
        .iter()
        .position(|a| a.as_ref().is_some_and(|a| same(&a.path, path)))
        .ok_or_else(|| {
            err(
                ErrorCode::DatabaseNotFound,
                format!("{file} is not attached"),
            )
        })?;
    let others_open = reg.sessions.iter().any(|(h, o)| {
        h != sesid && Arc::ptr_eq(&o.instance, &s.instance) && o.state.lock().open_dbs[slot] > 0
    });
    let Some(a) = inst.dbs[slot].as_mut() else {
        return Err(err(
            ErrorCode::DatabaseNotFound,
            format!("{file} is not attached"),
        ));
    };
    if a.exclusive.is_some_and(|h| h != sesid) {
        return Err(err(
            ErrorCode::DatabaseLocked,
            "another session has the database open exclusively",
        ));
    }
    if grbit & JET_bitDbExclusive != 0 {
        if others_open {
            return Err(err(
                ErrorCode::DatabaseInUse,
                "another session has the database open",
            ));
        }
        a.exclusive = Some(sesid);
    }
    let warning =
        (a.read_only && grbit & JET_bitDbReadOnly == 0).then_some(Warning::FileOpenReadOnly);
    let mut st = s.state.lock();
    st.db_read_only[slot] = (st.open_dbs[slot] > 0 && st.db_read_only[slot])
        || grbit & JET_bitDbReadOnly != 0
        || a.read_only;
    st.open_dbs[slot] += 1;
    Ok((slot as JET_DBID + 1, warning))
}

/// `JetCloseDatabase(sesid, dbid, grbit)`: undoes one open; the last one closes the
/// session's cursors on the database and gives up exclusive use.
/// `JET_errInvalidDatabaseId` when the session does not have it open.
pub fn jet_close_database(sesid: JET_SESID, dbid: JET_DBID, grbit: JET_GRBIT) -> JetResult<()> {
    let mut reg = registry::lock();
    let s = reg.session(sesid)?;
    let i = dbid_index(dbid)?;
    if grbit != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            "JetCloseDatabase takes no grbit",
        ));
    }
    let left = {
        let mut st = s.state.lock();
        if st.open_dbs[i] == 0 {
            return Err(err(
                ErrorCode::InvalidDatabaseId,
                format!("database {dbid} is not open in this session"),
            ));
        }
        st.open_dbs[i] -= 1;
        st.open_dbs[i]
    };
    if left == 0 {
        if let Some(a) = s.instance.state.lock().dbs[i].as_mut() {
            if a.exclusive == Some(sesid) {
                a.exclusive = None;
            }
        }
        crate::cursor::close_where(&mut reg, |c| c.sesid == sesid && c.dbid == dbid);
    }
    Ok(())
}

/// `JetDetachDatabase(sesid, szFilename)`: [`jet_detach_database2`] with no grbit.
pub fn jet_detach_database(sesid: JET_SESID, file: Option<&str>) -> JetResult<()> {
    jet_detach_database2(sesid, file, 0)
}

/// `JetDetachDatabase2(sesid, szFilename, grbit)`: detaches the database (`None`: every
/// database of the instance), closing it cleanly. `JET_errDatabaseInUse` while any
/// session has it open, unless `JET_bitForceCloseAndDetach` closes those opens and
/// their cursors first; `JET_errDatabaseNotFound` when not attached;
/// `JET_errInTransaction` inside a transaction.
pub fn jet_detach_database2(
    sesid: JET_SESID,
    file: Option<&str>,
    grbit: JET_GRBIT,
) -> JetResult<()> {
    // A database being detached stops its online defragmentation first, before the
    // registry is locked: the batch's thread may call back into the API as it ends.
    if let Ok(s) = crate::session::get(sesid) {
        let inst = s.instance.clone();
        let one = file.and_then(|f| attached_at(&inst, Path::new(f)).map(|(_, _, dbid)| dbid));
        if file.is_none() || one.is_some() {
            crate::defrag::stop_where(|i, dbid| {
                Arc::ptr_eq(i, &inst) && one.is_none_or(|d| d == dbid)
            });
        }
    }
    let mut reg = registry::lock();
    let s = reg.session(sesid)?;
    if grbit & !JET_bitForceCloseAndDetach != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetDetachDatabase2 grbit {grbit:#x}"),
        ));
    }
    if s.session.transaction_level() > 0 {
        return Err(err(
            ErrorCode::InTransaction,
            "JetDetachDatabase must be called outside a transaction",
        ));
    }
    let slots: Vec<usize> = {
        let inst = s.instance.state.lock();
        engine_of(&inst)?;
        match file {
            Some(f) => {
                let p = Path::new(f);
                let i = inst
                    .dbs
                    .iter()
                    .position(|a| a.as_ref().is_some_and(|a| same(&a.path, p)))
                    .ok_or_else(|| {
                        err(ErrorCode::DatabaseNotFound, format!("{f} is not attached"))
                    })?;
                vec![i]
            }
            None => (0..6).filter(|&i| inst.dbs[i].is_some()).collect(),
        }
    };
    let force = grbit & JET_bitForceCloseAndDetach == JET_bitForceCloseAndDetach;
    for &i in &slots {
        let users: Vec<Arc<SessionEntry>> = reg
            .sessions
            .iter()
            .filter(|(_, o)| {
                Arc::ptr_eq(&o.instance, &s.instance) && o.state.lock().open_dbs[i] > 0
            })
            .map(|(_, o)| o.clone())
            .collect();
        if !users.is_empty() {
            if !force {
                return Err(err(
                    ErrorCode::DatabaseInUse,
                    "a session has the database open (JetCloseDatabase first)",
                ));
            }
            for u in users {
                u.state.lock().open_dbs[i] = 0;
            }
            let dbid = i as JET_DBID + 1;
            let inst = s.instance.clone();
            crate::cursor::close_where(&mut reg, |c| {
                c.dbid == dbid && Arc::ptr_eq(&c.instance, &inst)
            });
        }
    }
    for i in slots {
        let path = match &s.instance.state.lock().dbs[i] {
            Some(a) => a.path.clone(),
            None => continue,
        };
        s.session.detach_database(&path)?;
        s.instance.state.lock().dbs[i] = None;
        let dbid = i as JET_DBID + 1;
        crate::local_storage::free_tables(|inst, d, _| d == dbid && Arc::ptr_eq(inst, &s.instance));
    }
    Ok(())
}

/// `JetGetDatabaseInfo(sesid, dbid, ...)`: what the engine knows of an open database.
pub fn jet_get_database_info(sesid: JET_SESID, dbid: JET_DBID) -> JetResult<JET_DBINFO> {
    let s = crate::session::get(sesid)?;
    let (db, read_only) = open_db(&s, dbid)?;
    let h = db.current_header();
    let (cb, on_disk) = file_sizes(db.path())?;
    Ok(JET_DBINFO {
        filename: db.path().to_string_lossy().into_owned(),
        cbPageSize: db.page_size() as u32,
        cpgFilesize: db.page_count(),
        cbFilesize: cb,
        cbFilesizeOnDisk: on_disk,
        ulVersion: h.version,
        ulUpdate: h.update_major,
        dbstate: h.state.to_u32(),
        read_only,
        header: h,
    })
}

/// A file's size in bytes and the bytes it takes on disk (its allocated blocks where the
/// system tells them, else its size).
fn file_sizes(path: &Path) -> JetResult<(u64, u64)> {
    let m = std::fs::metadata(path).map_err(ese::Error::io)?;
    #[cfg(unix)]
    let on_disk = std::os::unix::fs::MetadataExt::blocks(&m).saturating_mul(512);
    #[cfg(not(unix))]
    let on_disk = m.len();
    Ok((m.len(), on_disk))
}

/// `JetGetDatabaseInfo(JET_DbInfoSpaceOwned / JET_DbInfoSpaceAvailable)`: the pages the
/// open database owns (the whole database) and the pages no tree of it has, as ESE counts
/// them from the database root's owned- and available-extent trees.
pub fn jet_get_database_space(sesid: JET_SESID, dbid: JET_DBID) -> JetResult<(u32, u32)> {
    let s = crate::session::get(sesid)?;
    let (db, _) = open_db(&s, dbid)?;
    let space = db.space_info()?;
    let pages = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    Ok((pages(space.owned_pages()), pages(space.available_pages())))
}

/// `JetGetDatabaseFileInfo(szDatabaseName, ...)`: reads a database file's header without
/// an instance (read-only; the file is not changed). `JET_errFileNotFound`,
/// `JET_errInvalidDatabase`/`JET_errDatabaseCorrupted` for a file that is not one.
pub fn jet_get_database_file_info(file: &str) -> JetResult<JET_DBINFO> {
    let db = ese::Database::open_with(
        &ese_os::StdFs,
        Path::new(file),
        &ese::db::OpenOptions {
            read_catalog: false,
            ..ese::db::OpenOptions::default()
        },
    )?;
    let h = db.header();
    let (cb, on_disk) = file_sizes(Path::new(file))?;
    Ok(JET_DBINFO {
        filename: file.to_string(),
        cbPageSize: db.page_size() as u32,
        cpgFilesize: db.page_count(),
        cbFilesize: cb,
        cbFilesizeOnDisk: on_disk,
        ulVersion: h.version,
        ulUpdate: h.update_major,
        dbstate: h.state.to_u32(),
        read_only: true,
        header: h.clone(),
    })
}

/// What `JetGetDatabaseFileInfo` answers at `JET_DbInfoUpgrade` (`JET_DBINFOUPGRADE`),
/// as ESE's `JetGetDatabaseFileInfoEx` makes it: the file's size, ESE's estimates of the
/// free space and time an in-place upgrade of it would take, and whether its header is of
/// a version ESE upgrades in place or of the current one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JET_DBINFOUPGRADE {
    /// The file's size in bytes.
    pub cbFilesize: u64,
    /// ESE's estimate of the free disk space an upgrade needs: 10/64 of the file.
    pub cbFreeSpaceRequired: u64,
    /// ESE's estimate of an upgrade's time: an hour per GiB of the file.
    pub csecToUpgrade: u32,
    /// The header is of a version ESE upgraded in place (0x500, 0x550; 0x400 only for a
    /// file named `dir.edb`, as ESE has it).
    pub fUpgradable: bool,
    /// The header is of the current version (0x620).
    pub fAlreadyUpgraded: bool,
    /// The header's state (`JET_dbstate*`; 0 when no header could be read): a file of the
    /// current version whose state is `JET_dbstateBeingConverted` has an upgrade that did
    /// not finish, which the C call reports as `JET_errDatabaseIncompleteUpgrade` after
    /// filling in the structure, as ESE does.
    pub dbstate: u32,
}

impl JET_DBINFOUPGRADE {
    /// The file is of the current version and its conversion did not finish
    /// (`JET_dbstateBeingConverted`): `JET_errDatabaseIncompleteUpgrade` for the C call.
    pub fn upgrade_incomplete(&self) -> bool {
        self.fAlreadyUpgraded && self.dbstate == JET_dbstateBeingConverted
    }
}

/// `JetGetDatabaseFileInfo(szDatabaseName, JET_DbInfoUpgrade)`: see [`JET_DBINFOUPGRADE`].
/// The header is read as it is, its checksum not checked, as ESE reads it for this level
/// (a file whose first page carries no database magic, or is too short, is neither
/// upgradable nor upgraded; the shadow copy is read when the first page has no magic).
/// `JET_errFileNotFound` when there is no such file.
pub fn jet_get_database_file_upgrade_info(file: &str) -> JetResult<JET_DBINFOUPGRADE> {
    use std::io::Read;
    let path = Path::new(file);
    let (cb, _) = file_sizes(path)?;
    let mut out = JET_DBINFOUPGRADE {
        cbFilesize: cb,
        cbFreeSpaceRequired: cb.saturating_mul(10) >> 6,
        csecToUpgrade: u32::try_from(cb.saturating_mul(3600) >> 30).unwrap_or(u32::MAX),
        ..JET_DBINFOUPGRADE::default()
    };
    // The primary header and, for its shadow, room for the largest page size.
    let mut head = Vec::new();
    std::fs::File::open(path)
        .map_err(ese::Error::io)?
        .take(2 * 32 * 1024)
        .read_to_end(&mut head)
        .map_err(ese::Error::io)?;
    let u32_at = |at: usize| {
        head.get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let magic = ese::format::header::DB_MAGIC;
    // The fields ESE looks at: magic (4), version (8), state (52); of the primary header,
    // else of the shadow (page 1) at the first page size ESE has where the magic is.
    let header_at = [0usize, 4096, 8192, 16384, 32768]
        .into_iter()
        .find(|&at| u32_at(at + 4) == Some(magic));
    let Some(at) = header_at else {
        return Ok(out);
    };
    let (version, state) = (u32_at(at + 8).unwrap_or(0), u32_at(at + 52).unwrap_or(0));
    out.dbstate = state;
    match version {
        0x620 => out.fAlreadyUpgraded = true,
        0x500 | 0x550 => out.fUpgradable = true,
        0x400 => {
            out.fUpgradable = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.eq_ignore_ascii_case("dir.edb"));
        }
        _ => {}
    }
    Ok(out)
}

/// `JetGetDatabaseFileInfo(szDatabaseName, JET_DbInfoDBInUse)`: whether an instance of
/// this process has the database file attached, as ESE looks for the name among its
/// databases in use (the same file under another path counts). `JET_errFileNotFound`
/// when there is no such file.
pub fn jet_database_file_in_use(file: &str) -> JetResult<bool> {
    let path = Path::new(file);
    file_sizes(path)?;
    let reg = registry::lock();
    let in_use = reg.instances.iter().any(|(_, e)| {
        e.state
            .lock()
            .dbs
            .iter()
            .flatten()
            .any(|d| same(&d.path, path))
    });
    Ok(in_use)
}

/// Where `JetCompact` appends its statistics (`JET_bitCompactStats`), in the current
/// directory, as ESE names the file.
pub const COMPACT_STATS_FILE: &str = "DFRGINFO.TXT";

/// `JetCompact(sesid, szDatabaseSrc, szDatabaseDest, pfnStatus, pconvert, grbit)`: offline
/// compaction (`ese::db::compact`): every user table of the database file `src`, which must
/// have been shut down cleanly and must not be attached to the session's instance, copied
/// into the new file `dest`. `status` is called with `JET_snpCompact`: `JET_sntBegin`,
/// `JET_sntProgress` in pages of the source, `JET_sntComplete` (its answer is ignored, as
/// for the other status callbacks). With `JET_bitCompactStats` and a status callback, the
/// statistics of the source's tables and of the compaction are appended to `DFRGINFO.TXT`
/// in the current directory, as ESE appends them (`ese::db::CompactOptions::stats`;
/// without a callback the bit is ignored, as in ESE; `JET_errFileAccessDenied` when the
/// file cannot be opened). `convert` stands for a non-NULL `pconvert`, which ESE has not
/// supported since Windows Server 2003 (`JET_errFeatureNotAvailable`), as is
/// `JET_bitCompactRepair`. Errors: `JET_errInTransaction`,
/// `JET_errDatabaseInUse` for an attached source, `JET_errDatabaseDirtyShutdown`,
/// `JET_errDatabaseDuplicate` when `dest` exists, `JET_errInvalidGrbit`.
pub fn jet_compact(
    sesid: JET_SESID,
    src: &str,
    dest: &str,
    status: crate::file_backup::JET_PFNSTATUS<'_>,
    convert: bool,
    grbit: JET_GRBIT,
) -> JetResult<()> {
    let s = crate::session::get(sesid)?;
    let known = JET_bitCompactStats | JET_bitCompactRepair | JET_bitCompactPreserveOriginal;
    if grbit & !known != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetCompact grbit {grbit:#x}"),
        ));
    }
    if convert || grbit & JET_bitCompactRepair != 0 {
        return Err(err(
            ErrorCode::FeatureNotAvailable,
            "JetCompact converts and repairs no more (as ESE since Windows Server 2003)",
        ));
    }
    let stats = (grbit & JET_bitCompactStats != 0 && status.is_some())
        .then(|| std::path::PathBuf::from(COMPACT_STATS_FILE));
    if src.is_empty() || dest.is_empty() {
        return Err(err(ErrorCode::InvalidParameter, "no file name"));
    }
    if s.session.transaction_level() > 0 {
        return Err(err(
            ErrorCode::InTransaction,
            "JetCompact must be called outside a transaction",
        ));
    }
    let temp_dir = {
        let inst = s.instance.state.lock();
        let temp_dir = engine_of(&inst)?.temp_dir();
        if inst
            .dbs
            .iter()
            .flatten()
            .any(|a| same(&a.path, Path::new(src)))
        {
            return Err(err(
                ErrorCode::DatabaseInUse,
                format!("{src} is attached: detach it before compacting it"),
            ));
        }
        temp_dir
    };
    let mut status = status;
    let mut last = 0u32;
    let mut report = |snt: crate::JET_SNT, done: u32, total: u32| {
        if let Some(cb) = status.as_mut() {
            let _ = cb(
                JET_snpCompact,
                snt,
                &crate::file_backup::JET_SNPROG {
                    cunitDone: done.min(total),
                    cunitTotal: total,
                },
            );
        }
    };
    let mut begun = false;
    let r = ese::db::compact(
        &ese_os::StdFs,
        Path::new(src),
        Path::new(dest),
        &ese::db::CompactOptions {
            stats,
            temp_dir: Some(temp_dir),
            ..ese::db::CompactOptions::default()
        },
        &mut |st| {
            if !begun {
                begun = true;
                report(JET_sntBegin, 0, st.total_pages);
            }
            if st.source_pages != last {
                last = st.source_pages;
                report(JET_sntProgress, st.source_pages, st.total_pages);
            }
            Ok(())
        },
    );
    match r {
        Ok(rep) => {
            report(JET_sntComplete, rep.source_pages, rep.source_pages);
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// `JetResizeDatabase(sesid, dbid, cpgTarget, pcpgActual, grbit)`, as ESE's
/// `ErrIsamResizeDatabase`: sizes count the file's two header pages. A target above the
/// file's size grows the database to it (in `JET_paramDbExtensionSize` steps, so it may
/// end larger) unless `JET_bitResizeDatabaseOnlyShrink`; one below asks for a shrink,
/// which ESE too refuses with `JET_errFeatureNotAvailable` unless shrinking is enabled
/// (this engine does not shrink), and which `JET_bitResizeDatabaseOnlyGrow` turns into
/// nothing. Returns the file's size in pages. Errors: `JET_errInvalidGrbit` (unknown
/// bits, or both), `JET_errPermissionDenied` for a database open read-only,
/// `JET_errOutOfDatabaseSpace` past its size limit.
pub fn jet_resize_database(
    sesid: JET_SESID,
    dbid: JET_DBID,
    cpg_target: u32,
    grbit: JET_GRBIT,
) -> JetResult<u32> {
    let both = JET_bitResizeDatabaseOnlyGrow | JET_bitResizeDatabaseOnlyShrink;
    if grbit & !both != 0 || grbit & both == both {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetResizeDatabase grbit {grbit:#x}"),
        ));
    }
    let s = crate::session::get(sesid)?;
    let (db, read_only) = open_db(&s, dbid)?;
    let owned = |db: &ese::Database| -> JetResult<u32> {
        db.owned_pages().ok_or_else(|| {
            err(
                ErrorCode::PermissionDenied,
                "the database is open read-only",
            )
        })
    };
    if read_only {
        return Err(err(
            ErrorCode::PermissionDenied,
            "the database is open read-only",
        ));
    }
    let current = owned(&db)? + 2;
    if cpg_target < current {
        if grbit & JET_bitResizeDatabaseOnlyGrow == 0 {
            return Err(err(
                ErrorCode::FeatureNotAvailable,
                "shrinking a database is not enabled",
            ));
        }
    } else if cpg_target > current && grbit & JET_bitResizeDatabaseOnlyShrink == 0 {
        db.grow_to(cpg_target - 2)?;
    }
    Ok(db.page_count().saturating_add(2))
}

/// `JetGrowDatabase(sesid, dbid, cpg, pcpgReal)`: [`jet_resize_database`] with
/// `JET_bitResizeDatabaseOnlyGrow`, as in ESE.
pub fn jet_grow_database(sesid: JET_SESID, dbid: JET_DBID, cpg: u32) -> JetResult<u32> {
    jet_resize_database(sesid, dbid, cpg, JET_bitResizeDatabaseOnlyGrow)
}

/// `JetSetDatabaseSize(sesid, szDatabaseName, cpg, pcpgReal)`, as ESE's
/// `ErrIsamSetDatabaseSize`: lengthens a cleanly shut down database file to hold `cpg`
/// pages after its two header pages (never shortens it) and returns the pages it holds.
/// A database attached to the session's instance grows through its space instead (the
/// same end: at least `cpg` pages). Errors: `JET_errDatabaseInvalidPath` for an empty
/// name, `JET_errInvalidParameter` for fewer than 16 pages,
/// `JET_errDatabaseDirtyShutdown` (ESE's `JET_errDatabaseInconsistent`) for a file not
/// cleanly shut down, `JET_errFileNotFound`.
pub fn jet_set_database_size(sesid: JET_SESID, file: &str, cpg: u32) -> JetResult<u32> {
    let s = crate::session::get(sesid)?;
    if file.is_empty() {
        return Err(err(ErrorCode::DatabaseInvalidPath, "no file name"));
    }
    if cpg < 16 {
        return Err(err(
            ErrorCode::InvalidParameter,
            format!("a database of {cpg} pages"),
        ));
    }
    let attached = {
        let inst = s.instance.state.lock();
        inst.dbs
            .iter()
            .flatten()
            .find(|a| same(&a.path, Path::new(file)))
            .map(|a| (a.db.clone(), a.read_only))
    };
    match attached {
        Some((_, true)) => Err(err(
            ErrorCode::PermissionDenied,
            "the database is attached read-only",
        )),
        Some((db, false)) => {
            db.grow_to(cpg)?;
            Ok(db.page_count())
        }
        None => Ok(ese::db::set_database_file_size(
            &ese_os::StdFs,
            Path::new(file),
            cpg,
        )?),
    }
}
