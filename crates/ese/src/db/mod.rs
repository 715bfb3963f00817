//! Opening an ESE database file and reading it through the catalog: tables,
//! columns, indexes, records in any index's order, typed values, long values,
//! and seeks by key; and (`write`, `cursor`) creating databases and tables and
//! changing records, directly or through ESE's cursor API.
//!
//! What must hold: opening read-only (the default) never changes the file; a
//! database that was not shut down cleanly opens read-only with a warning naming
//! the log generations recovery would need; every damaged structure met on the
//! way is reported as a `JET_err` code with the page it was found on. A database
//! open for writing serves its reads from the write path's buffer cache, so the
//! reading API sees its own changes; its header says dirty until `close`.

mod check;
mod compact;
mod cursor;
mod ddl;
mod index_build;
mod logging;
mod open_trees;
mod pager;
mod recover;
mod repair;
mod schema;
mod sort;
mod space_info;
mod step;
mod table;
mod temp;
mod tree;
mod txn;
mod write;

pub use crate::catalog::{column_flags, index_flags, ColumnDef, IndexDef, KeySegment, TableDef};
pub use check::IndexCheck;
pub use compact::{compact, CompactOptions, CompactReport, CompactStatus};
pub use cursor::{
    AutoIncrement, Cursor, KeyLimit, LockKind, Prep, SecondaryBookmark, SeekGrbit, SetIndexGrbit,
    UpdateOptions,
};
pub use index_build::INDEXES_MOST;
pub(crate) use logging::lgpos_of;
pub use repair::{repair, RepairOptions, RepairReport, RepairStatus};
pub use space_info::{Extent, TableSpaceInfo, TreeSpaceInfo};
pub use table::{
    ColumnValue, Datum, IndexEntries, IndexStats, Presence, Record, RecordSize, RecordSizeOptions,
    Records, SeekOp, Table, ValueStorage,
};
pub use temp::{tt_grbit, TempColumn, TempLocation, TempOptions, TempTable, DEFAULT_MEMORY_LIMIT};
pub use txn::SessionCore;
pub(crate) use write::signature_bytes as signature_of;
pub(crate) use write::{header_lgpos, header_log_signature, now_logtime};
pub use write::{
    CreateOptions, DefragPass, WriteCheck, MIN_CACHE_PAGES, TABLE_INITIAL_PAGES,
    UNICODE_SORT_VERSION,
};

use crate::format::header::{read_best, DbHeader, DbState, HeaderCopy};
use crate::format::page::Page;
use crate::format::space::{ExtentEntry, SpaceExtents, SpaceHeader};
use crate::version::{Snapshot, TxnManager, DEFAULT_VERSION_STORE_BYTES};
use crate::{Error, ErrorCode, Result};
use ese_os::{FileSystem, OpenOptions as FsOpenOptions, StdFs};
use pager::Pager;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How a database is opened.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// Pages kept in memory at most (for writing at least [`MIN_CACHE_PAGES`]: a
    /// smaller value is raised).
    pub cache_pages: usize,
    /// Read the catalog and check the owned space at open. Without it only the
    /// header is read: enough for page-level work such as checksum verification
    /// of a database whose catalog is damaged.
    pub read_catalog: bool,
    /// Open read-only (the default): the file is never written. With `false` the
    /// database is opened for writing (it must have been shut down cleanly) and
    /// its header says dirty until [`Database::close`].
    pub read_only: bool,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            cache_pages: 4096,
            read_catalog: true,
            read_only: true,
        }
    }
}

/// `JET_errCatalogCorrupted` unless derived table `def` can be read whole: its template table
/// (found by `find`) is in the catalog, and its own fixed and variable columns come after the
/// template's (they share the record's fixed and variable areas; a column of its own at a
/// template column's place would read and write the template column's bytes).
fn check_derived(def: &TableDef, find: impl Fn(&str) -> Option<Arc<TableDef>>) -> Result<()> {
    let base = def.template_table.as_deref().unwrap_or_default();
    let corrupt = |why: String| {
        Err(Error::with(
            ErrorCode::CatalogCorrupted,
            format!("table {:?} derives from {base:?}: {why}", def.name),
        ))
    };
    let Some(template) = find(base).filter(|t| t.is_template()) else {
        return corrupt("no template table of that name is in the catalog".into());
    };
    let taken =
        crate::catalog::change::ColumnLayout::empty().with_fixed_and_variable(&template.columns);
    if let Some(c) = def.columns.iter().find(|c| {
        !c.is_template()
            && (c.is_fixed() && c.fid() <= taken.fixed_last
                || c.is_variable() && c.fid() <= taken.var_last)
    }) {
        return corrupt(format!(
            "its column {:?} has id {}, a place of the template's columns",
            c.name, c.id
        ));
    }
    Ok(())
}

/// A condition noticed while opening that does not stop reading.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenWarning {
    /// The code that names the condition (e.g. `JET_errDatabaseDirtyShutdown`).
    pub code: ErrorCode,
    /// What it means for the reader.
    pub message: String,
}

/// An index whose Unicode text keys were made by another collation than this engine's
/// (see [`TableDef::is_foreign_index`]): every such index of a database Windows wrote. It
/// reads in its stored key order; seeks and changes to its table are refused with
/// [`ForeignIndex::code`] until it is deleted and re-created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignIndex {
    /// The table.
    pub table: String,
    /// The index.
    pub index: String,
    /// Whether it is the table's primary index (which cannot be rebuilt in place: the
    /// record order itself follows its keys).
    pub primary: bool,
    /// The locale its catalog row names.
    pub locale_name: Option<String>,
    /// The sort version and sort id its catalog row records (`None`: none recorded).
    pub sort_version: Option<(u64, [u8; 16])>,
    /// It is foreign as an index over substring tuples (`JET_bitIndexTuples`) whose
    /// limits cannot be read, not by its collation.
    pub tuples: bool,
}

impl ForeignIndex {
    /// The code ESE gives for an index built by another sort order:
    /// `JET_errPrimaryIndexCorrupted` (-1413) or `JET_errSecondaryIndexCorrupted` (-1414);
    /// `JET_errFeatureNotAvailable` for a tuple index whose limits cannot be read.
    pub fn code(&self) -> ErrorCode {
        if self.tuples {
            ErrorCode::FeatureNotAvailable
        } else if self.primary {
            ErrorCode::PrimaryIndexCorrupted
        } else {
            ErrorCode::SecondaryIndexCorrupted
        }
    }
}

fn foreign_indexes(tables: &[Arc<TableDef>]) -> Vec<ForeignIndex> {
    let mut out = Vec::new();
    for t in tables {
        for ix in t.foreign_indexes() {
            out.push(ForeignIndex {
                table: t.name.clone(),
                index: ix.name.clone(),
                primary: ix.is_primary(),
                locale_name: ix.locale_name.clone(),
                sort_version: ix.sort_version,
                tuples: ix.tuples && ix.tuple_limits.is_none(),
            });
        }
    }
    out
}

pub(crate) struct DbInner {
    path: PathBuf,
    header: DbHeader,
    header_copy: HeaderCopy,
    pager: Arc<Pager>,
    /// The catalog, shared with the writer of a database open for writing.
    schema: Arc<schema::Schema>,
    warnings: Vec<OpenWarning>,
    writer: Option<Arc<write::WriterHandle>>,
    /// The read-only cache cursors use on a database open read-only.
    ro_env: parking_lot::Mutex<Option<crate::btree::TreeEnv>>,
    /// Bytes an index build or check sorts in memory (see [`Database::set_sort_memory`]).
    sort_memory: std::sync::atomic::AtomicUsize,
    /// The folder of an index build's or check's sorted runs and the file system it is on
    /// (see [`Database::set_temp_folder`]).
    temp_folder: parking_lot::Mutex<(ese_os::SharedFs, PathBuf)>,
}

impl DbInner {
    /// What "committed now" reads: the last published commit, not every
    /// transaction marked committed (a commit is marked just before its
    /// timestamp is published; a read in between would see a change that a
    /// transaction begun after it does not). Every committed change for a
    /// database without a writer.
    pub(crate) fn committed_now(&self) -> Snapshot {
        match &self.writer {
            Some(w) => Snapshot {
                txn: 0,
                ts: w.versions.manager().last_commit(),
            },
            None => Snapshot::LATEST,
        }
    }
}

/// An ESE database opened read-only.
#[derive(Clone)]
pub struct Database {
    inner: Arc<DbInner>,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("path", &self.inner.path)
            .finish()
    }
}

impl Database {
    /// Opens the database at `path` read-only on the real file system.
    pub fn open(path: impl AsRef<Path>) -> Result<Database> {
        Database::open_with(&StdFs, path.as_ref(), &OpenOptions::default())
    }

    /// Creates a new database at `path` (which must not exist unless
    /// `opts.overwrite`) on the real file system, open for writing.
    pub fn create(path: impl AsRef<Path>, opts: CreateOptions) -> Result<Database> {
        Database::create_with(&StdFs, path.as_ref(), &opts)
    }

    /// Creates a new database at `path` through `fs`: header and shadow, the
    /// database root, the catalog with its indexes and shadow, `MSysObjids` and
    /// `MSysLocales`, as ESE lays them out. Errors: `JET_errDatabaseDuplicate`
    /// when the file exists, `JET_errInvalidParameter` for a page size ESE does
    /// not support, I/O errors.
    pub fn create_with(fs: &dyn FileSystem, path: &Path, opts: &CreateOptions) -> Result<Database> {
        Database::create_in(
            fs,
            path,
            opts,
            Arc::new(TxnManager::new(DEFAULT_VERSION_STORE_BYTES)),
            None,
        )
    }

    /// [`Database::create_with`] for an instance whose transactions `manager` orders.
    pub(crate) fn create_in(
        fs: &dyn FileSystem,
        path: &Path,
        opts: &CreateOptions,
        manager: Arc<TxnManager>,
        log: Option<(Arc<crate::log::LogWriter>, u8)>,
    ) -> Result<Database> {
        if !crate::catalog::bootstrap::is_supported_page_size(opts.page_size as u32)
            || opts.page_size < 4096
        {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                format!("page size {}: 4096, 8192, 16384 or 32768", opts.page_size),
            ));
        }
        let mode = if opts.overwrite {
            FsOpenOptions::create_truncate()
        } else {
            FsOpenOptions::create_new()
        };
        let file: Arc<dyn ese_os::File> = Arc::from(fs.open(path, mode).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Error::with(
                    ErrorCode::DatabaseDuplicate,
                    "the database file already exists",
                )
                .file(path)
            } else {
                Error::io(e).file(path)
            }
        })?);
        let logged = log.is_some();
        let log = Arc::new(db_log(log, path));
        if logged {
            // The new file's directory entry is durable before the log names it.
            // A bare file name lives in the current directory (`Path::parent`
            // gives an empty path for it).
            let dir = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            fs.sync_dir(dir).map_err(|e| Error::io(e).file(path))?;
        }
        let writer =
            Database::create_writer(file.clone(), opts, manager, log).map_err(|e| e.file(path))?;
        Database::over_writer(path, writer, Vec::new())
    }

    fn over_writer(
        path: &Path,
        writer: Arc<write::Writer>,
        warnings: Vec<OpenWarning>,
    ) -> Result<Database> {
        let header = writer.header();
        let pager = Arc::new(Pager::over_cache(
            writer.file().clone(),
            writer.cache().clone(),
        )?);
        let tables =
            read_catalog(&pager, crate::catalog::PGNO_FDP_MSO).map_err(|e| e.file(path))?;
        writer.schema.reset(tables);
        let mut warnings = warnings;
        for f in foreign_indexes(&writer.schema.visible(Snapshot::LATEST)) {
            let (what, until) = if f.tuples {
                (
                    "is an index over substring tuples whose limits are not of a size ESE writes",
                    "it is deleted",
                )
            } else {
                (
                    "holds Unicode text keys of another collation",
                    "it is rebuilt",
                )
            };
            warnings.push(OpenWarning {
                code: f.code(),
                message: format!(
                    "index {} of table {} {what}: it reads in stored order, but seeks on it and changes to the table are refused until {until}",
                    f.index, f.table
                ),
            });
        }
        Ok(Database {
            inner: Arc::new(DbInner {
                path: path.to_path_buf(),
                header,
                header_copy: HeaderCopy::Primary,
                pager,
                schema: writer.schema.clone(),
                warnings,
                writer: Some(Arc::new(write::WriterHandle(writer))),
                ro_env: parking_lot::Mutex::new(None),
                sort_memory: sort::SORT_MEMORY_MOST.into(),
                temp_folder: parking_lot::Mutex::new((Arc::new(StdFs), std::env::temp_dir())),
            }),
        })
    }

    /// Opens the database at `path` through `fs`: read-only unless
    /// `opts.read_only` is false. Opening for writing a file that cannot be
    /// written is `JET_errDatabaseFileReadOnly`; a database not shut down
    /// cleanly is `JET_errDatabaseDirtyShutdown` (no log to recover from).
    pub fn open_with(fs: &dyn FileSystem, path: &Path, opts: &OpenOptions) -> Result<Database> {
        Database::open_in(
            fs,
            path,
            opts,
            Arc::new(TxnManager::new(DEFAULT_VERSION_STORE_BYTES)),
            None,
            None,
        )
    }

    /// [`Database::open_with`] for an instance whose transactions `manager` orders,
    /// logged to `log` as its database id. `recovered`: see `Writer::open`.
    pub(crate) fn open_in(
        fs: &dyn FileSystem,
        path: &Path,
        opts: &OpenOptions,
        manager: Arc<TxnManager>,
        log: Option<(Arc<crate::log::LogWriter>, u8)>,
        recovered: Option<u64>,
    ) -> Result<Database> {
        if !opts.read_only {
            let file: Arc<dyn ese_os::File> =
                Arc::from(fs.open(path, FsOpenOptions::read_write()).map_err(|e| {
                    match e.kind() {
                        std::io::ErrorKind::PermissionDenied => Error::with(
                            ErrorCode::DatabaseFileReadOnly,
                            "the database file cannot be opened for writing",
                        )
                        .file(path),
                        _ => classify_open_error(e, path),
                    }
                })?);
            let len = file.len().map_err(|e| Error::io(e).file(path))?;
            if len < 2 * 4096 {
                return Err(Error::with(
                    ErrorCode::InvalidDatabase,
                    format!("file is {len} bytes, too small to be an ESE database"),
                )
                .file(path));
            }
            let (header, copy) = read_headers(file.as_ref(), len).map_err(|e| e.file(path))?;
            refuse_unrestored_copy(&header).map_err(|e| e.file(path))?;
            let mut warnings = Vec::new();
            if copy == HeaderCopy::Shadow {
                warnings.push(OpenWarning {
                    code: ErrorCode::ReadVerifyFailure,
                    message: "the primary database header is damaged; the shadow copy was used"
                        .into(),
                });
            }
            let log = Arc::new(db_log(log, path));
            let writer = Database::open_writer(file, header, opts, manager, log, recovered)
                .map_err(|e| e.file(path))?;
            return Database::over_writer(path, writer, warnings);
        }
        Database::open_read_only(fs, path, opts, crate::catalog::PGNO_FDP_MSO, true)
    }

    /// Opens the database at `path` read-only, its catalog (when `opts` asks for
    /// it) read from the tree at `catalog_root`: `MSysObjects`, or for a repair
    /// whose `MSysObjects` cannot be read, `MSysObjectsShadow`, which holds the
    /// same rows. With `check_extents` a file shorter than the space the
    /// database owns is refused (a repair reads what there is).
    pub(crate) fn open_read_only(
        fs: &dyn FileSystem,
        path: &Path,
        opts: &OpenOptions,
        catalog_root: u32,
        check_extents: bool,
    ) -> Result<Database> {
        let file = fs
            .open(path, FsOpenOptions::read_only())
            .map_err(|e| classify_open_error(e, path))?;
        let len = file.len().map_err(|e| Error::io(e).file(path))?;
        if len < 2 * 4096 {
            return Err(Error::with(
                ErrorCode::InvalidDatabase,
                format!("file is {len} bytes, too small to be an ESE database"),
            )
            .file(path));
        }
        let (header, header_copy) = read_headers(file.as_ref(), len).map_err(|e| e.file(path))?;
        let page_size = header.page_size() as usize;
        let pager = Arc::new(
            Pager::new(Arc::from(file), page_size, opts.cache_pages).map_err(|e| e.file(path))?,
        );
        let mut warnings = Vec::new();
        if header_copy == HeaderCopy::Shadow {
            warnings.push(OpenWarning {
                code: ErrorCode::ReadVerifyFailure,
                message: "the primary database header is damaged; the shadow copy was used".into(),
            });
        }
        if header.state != DbState::CleanShutdown {
            warnings.push(OpenWarning {
                code: ErrorCode::DatabaseDirtyShutdown,
                message: format!(
                    "the database was not shut down cleanly (state {}); recovery would need log generations {} to {}; it is read as it stands on disk",
                    header.state, header.lgen_min_required, header.lgen_max_required
                ),
            });
        }
        let tables = if opts.read_catalog {
            let owned = if check_extents {
                owned_extents(&pager).map_err(|e| e.file(path))?
            } else {
                Vec::new()
            };
            if let Some(last) = owned.iter().map(|&(_, last)| last).max() {
                if last > pager.page_count() {
                    return Err(Error::with(
                        ErrorCode::DatabaseCorrupted,
                        format!(
                            "the file is truncated: the database owns pages up to {last}, the file holds {}",
                            pager.page_count()
                        ),
                    )
                    .file(path));
                }
            }
            read_catalog(&pager, catalog_root).map_err(|e| e.file(path))?
        } else {
            Vec::new()
        };
        Ok(Database {
            inner: Arc::new(DbInner {
                path: path.to_path_buf(),
                header,
                header_copy,
                pager,
                schema: Arc::new(schema::Schema::new(tables)),
                warnings,
                writer: None,
                ro_env: parking_lot::Mutex::new(None),
                sort_memory: sort::SORT_MEMORY_MOST.into(),
                temp_folder: parking_lot::Mutex::new((Arc::new(StdFs), std::env::temp_dir())),
            }),
        })
    }

    /// The file this database was opened from.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// The database header.
    pub fn header(&self) -> &DbHeader {
        &self.inner.header
    }

    /// Which copy of the header was read.
    pub fn header_copy(&self) -> HeaderCopy {
        self.inner.header_copy
    }

    /// Conditions noticed at open (dirty shutdown, damaged primary header).
    pub fn warnings(&self) -> &[OpenWarning] {
        &self.inner.warnings
    }

    /// The page size in bytes.
    pub fn page_size(&self) -> usize {
        self.inner.pager.page_size()
    }

    /// How many logical pages the file holds.
    pub fn page_count(&self) -> u32 {
        self.inner.pager.page_count()
    }

    /// The table definitions of the catalog tree rooted at `root` (`MSysObjects` or
    /// its shadow), read from the file as it is now.
    pub(super) fn catalog_at(&self, root: u32) -> Result<Vec<TableDef>> {
        read_catalog(&self.inner.pager, root)
    }

    /// Limits the file to `max_pages` pages (`cpgDatabaseSizeMax` of
    /// `JetCreateDatabase2` and `JetAttachDatabase2`; 0 lifts the limit): a change
    /// that needs the file to grow past it fails with `JET_errOutOfDatabaseSpace` and
    /// leaves nothing behind, as in ESE. The limit lasts while the database stays open;
    /// a read-only database never grows, and ignores it.
    pub fn set_max_pages(&self, max_pages: u32) {
        if let Ok(w) = self.writer() {
            w.space.set_max_pages(max_pages);
        }
    }

    /// Grows the file until the database owns at least `pages` pages
    /// (`JetResizeDatabase`, `JetGrowDatabase`): the new pages are free space of the
    /// database, added in its growth steps, so it may end larger; a database already
    /// that large is left alone. Returns the pages it owns (the file holds two header
    /// pages more). Errors: `JET_errPermissionDenied` read-only,
    /// `JET_errOutOfDatabaseSpace` past the size limit, `JET_errDiskFull`.
    pub fn grow_to(&self, pages: u32) -> Result<u32> {
        self.writer()?.grow_to(pages)
    }

    /// The pages the database owns (the last page number; the file holds two header
    /// pages more, and may hold free pages past it).
    pub fn owned_pages(&self) -> Option<u32> {
        self.writer().ok().map(|w| w.space.last_pgno())
    }

    /// Sets how many bytes of keys and bookmarks an index build
    /// ([`Database::create_index`]) or the index check ([`Database::check_indexes`])
    /// sorts in memory, 64 MiB by default (at least 4 KiB): past it, sorted runs go to
    /// files of the database's temporary folder ([`Database::set_temp_dir`]) and are
    /// merged. More keeps large builds off the disk; less bounds their memory.
    pub fn set_sort_memory(&self, bytes: usize) {
        self.inner
            .sort_memory
            .store(bytes.max(4096), std::sync::atomic::Ordering::Relaxed);
    }

    /// The bytes an index build or check sorts in memory (see
    /// [`Database::set_sort_memory`]).
    pub fn sort_memory(&self) -> usize {
        self.inner
            .sort_memory
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Sets the folder where an index build or the index check puts its sorted runs
    /// when it outgrows [`Database::set_sort_memory`] (files
    /// `ese-index-sort-<pid>-<n>.tmp`, removed however the build ends), a folder of the
    /// real file system; [`Database::set_temp_folder`] names one on another. By default
    /// the system's temporary folder; a database attached to an [`crate::Instance`] gets
    /// the instance's temporary folder (`JET_paramTempPath`) on the instance's file
    /// system, and `eseutil` puts them beside its temporary database. A folder that
    /// cannot take a run fails the build with `JET_errTempFileOpenError`.
    pub fn set_temp_dir(&self, dir: impl Into<PathBuf>) {
        self.set_temp_folder(Arc::new(StdFs), dir);
    }

    /// [`Database::set_temp_dir`] for folder `dir` of file system `fs`: the sorted runs
    /// are written and read back through `fs`.
    pub fn set_temp_folder(&self, fs: ese_os::SharedFs, dir: impl Into<PathBuf>) {
        *self.inner.temp_folder.lock() = (fs, dir.into());
    }

    /// The folder of sorted runs (see [`Database::set_temp_dir`]).
    pub fn temp_dir(&self) -> PathBuf {
        self.inner.temp_folder.lock().1.clone()
    }

    /// Sets the step the file grows by, in pages (`JET_paramDbExtensionSize`, 256 by
    /// default; at least 1). A read-only database ignores it.
    pub fn set_extension_pages(&self, pages: u32) {
        if let Ok(w) = self.writer() {
            w.space.set_extension_pages(pages);
        }
    }

    /// The most pages the file may grow to (see [`Database::set_max_pages`]); `None` for
    /// a database open read-only.
    pub fn max_pages(&self) -> Option<u32> {
        self.writer().ok().map(|w| w.space.max_pages())
    }

    /// Single-bit page errors corrected in memory so far.
    pub fn corrected_pages(&self) -> u64 {
        self.inner.pager.corrected_count()
    }

    /// Every table in catalog order, system tables included, as committed now.
    pub fn table_defs(&self) -> Vec<Arc<TableDef>> {
        self.inner.schema.visible(self.inner.committed_now())
    }

    /// The indexes whose Unicode text keys were made by another collation (see
    /// [`ForeignIndex`]), in catalog order. A database opened for writing also lists them
    /// among its [`warnings`](Database::warnings).
    pub fn foreign_indexes(&self) -> Vec<ForeignIndex> {
        foreign_indexes(&self.table_defs())
    }

    /// The names of every table in catalog order.
    pub fn table_names(&self) -> Vec<String> {
        self.table_names_at(self.inner.committed_now())
    }

    /// The names of the tables `snap` sees, in catalog order.
    pub(crate) fn table_names_at(&self, snap: Snapshot) -> Vec<String> {
        let defs = self.inner.schema.visible(snap);
        defs.iter().map(|t| t.name.clone()).collect()
    }

    /// Opens the table named `name` (case-insensitive) as committed now.
    /// `JET_errObjectNotFound` for no such table; `JET_errCatalogCorrupted` for a table
    /// derived from a template table the catalog lacks, or whose own fixed or variable
    /// columns take places of the template's.
    pub fn table(&self, name: &str) -> Result<Table> {
        self.table_at(name, self.inner.committed_now())
    }

    /// The table named `name` as snapshot `snap` sees it.
    pub(crate) fn table_at(&self, name: &str, snap: Snapshot) -> Result<Table> {
        let def = self.inner.schema.find(name, snap).ok_or_else(|| {
            Error::with(
                ErrorCode::ObjectNotFound,
                format!("no table named {name:?}"),
            )
        })?;
        if def.template_table.is_some() {
            check_derived(&def, |name| self.inner.schema.find(name, snap))?;
        }
        Ok(Table::new(self.inner.clone(), def))
    }

    /// Reads the raw bytes of logical page `pgno` without verifying them.
    pub fn read_raw_page(&self, pgno: u32) -> Result<Vec<u8>> {
        let mut buf = vec![0u8; self.page_size()];
        self.inner.pager.read_raw(pgno, &mut buf)?;
        Ok(buf)
    }

    /// Reads the raw bytes of logical page `pgno` into `buf` (one page long)
    /// without verifying them.
    pub fn read_raw_page_into(&self, pgno: u32, buf: &mut [u8]) -> Result<()> {
        if buf.len() != self.page_size() {
            return Err(Error::with(
                ErrorCode::InvalidBufferSize,
                "buffer is not one page long",
            ));
        }
        self.inner.pager.read_raw(pgno, buf)
    }

    /// The page ranges `(first, last)` the database owns, from its root
    /// owned-extent tree; pages outside them are not part of the database.
    pub fn owned_extents(&self) -> Result<Vec<(u32, u32)>> {
        owned_extents(&self.inner.pager)
    }
}

/// Reads the database root's owned space: a single primary extent, or the
/// entries of its owned-extent tree (flag-deleted entries are not owned).
fn owned_extents(pager: &Pager) -> Result<Vec<(u32, u32)>> {
    let buf = pager.page(DB_ROOT)?;
    let page = Page::new(&buf, DB_ROOT)?;
    let header = SpaceHeader::decode(page.external_header()?).map_err(|e| e.page(DB_ROOT))?;
    let mut out = Vec::new();
    match header.extents {
        SpaceExtents::Single { .. } => out.push((DB_ROOT, header.cpg_primary)),
        SpaceExtents::Multiple { pgno_oe } => {
            let mut cur = tree::TreeCursor::first(pager, pgno_oe)?;
            while let Some(e) = cur.next_entry(pager)? {
                if e.is_deleted() {
                    continue;
                }
                let ext = ExtentEntry::decode(&e.key, &e.data)?;
                match ext.first_pgno() {
                    Some(first) => out.push((first, ext.last_pgno)),
                    None if ext.is_empty() => {}
                    None => {
                        return Err(Error::with(
                            ErrorCode::DatabaseCorrupted,
                            format!(
                                "owned extent ending at {} claims {} pages",
                                ext.last_pgno, ext.page_count
                            ),
                        ))
                    }
                }
            }
        }
    }
    Ok(out)
}

/// The log of the database at `path`: to `log` as its database id, or none.
fn db_log(log: Option<(Arc<crate::log::LogWriter>, u8)>, path: &Path) -> logging::DbLog {
    match log {
        Some((w, dbid)) => logging::DbLog::new(w, dbid, path.to_string_lossy().into_owned()),
        None => logging::DbLog::none(),
    }
}

/// `JET_errSoftRecoveryOnBackupDatabase` for a streamed backup copy that no
/// restore has finished (`bkinfoFullCur` with a low generation and no high
/// one): its pages are fuzzy until the backup's logs are replayed into it.
pub(crate) fn refuse_unrestored_copy(header: &DbHeader) -> Result<()> {
    let b = &header.backup_full_current;
    if b.gen_low != 0 && b.gen_high == 0 {
        return Err(Error::with(
            ErrorCode::SoftRecoveryOnBackupDatabase,
            "the file is a streamed backup copy that was not restored: restore it with its logs",
        ));
    }
    Ok(())
}

/// Reads every table definition from the catalog tree at `root` (`MSysObjects`,
/// or its shadow).
fn read_catalog(pager: &Pager, root: u32) -> Result<Vec<TableDef>> {
    let large = pager.page_size() > 8192;
    let mut cur = tree::TreeCursor::first(pager, root)?;
    let mut builder = crate::catalog::CatalogBuilder::new();
    while let Some(entry) = cur.next_entry(pager)? {
        if !entry.is_deleted() {
            builder.push(&entry.data, large)?;
        }
    }
    Ok(builder.finish())
}

/// The database's root tree (its space is the whole file).
const DB_ROOT: u32 = 1;

fn classify_open_error(e: std::io::Error, path: &Path) -> Error {
    let err = Error::io(e).file(path);
    if err.code() == ErrorCode::FileAccessDenied {
        return Error::with(
            ErrorCode::FileAccessDenied,
            "cannot open the database file (a directory, or no permission)",
        )
        .file(path);
    }
    err
}

/// `JetSetDatabaseSize` on a database file that is not open: a cleanly shut down
/// database file is lengthened to hold `pages` pages after its two header pages (never
/// shortened) and synced, as ESE's `ErrIsamSetDatabaseSize` does; the new pages become
/// the database's when it next grows. Returns the pages the file holds now. Errors:
/// `JET_errInvalidParameter` for fewer than 16 pages, `JET_errDatabaseDirtyShutdown` (ESE's `JET_errDatabaseInconsistent`, the same code) for
/// a file not cleanly shut down, the header's and the file system's.
pub fn set_database_file_size(fs: &dyn FileSystem, path: &Path, pages: u32) -> Result<u32> {
    if pages < 16 {
        return Err(Error::with(
            ErrorCode::InvalidParameter,
            format!("a database of {pages} pages"),
        ));
    }
    let file = fs
        .open(path, FsOpenOptions::read_write())
        .map_err(|e| classify_open_error(e, path))?;
    let len = file.len().map_err(Error::io)?;
    let (header, _) = read_headers(file.as_ref(), len)?;
    if header.state != DbState::CleanShutdown {
        return Err(Error::with(
            ErrorCode::DatabaseDirtyShutdown,
            format!(
                "the database is in state {:?}, not cleanly shut down",
                header.state
            ),
        )
        .file(path));
    }
    let page_size = header.page_size() as usize;
    let now = crate::format::header::file_pages(len, page_size);
    if now >= u64::from(pages) {
        return Ok(u32::try_from(now).unwrap_or(u32::MAX));
    }
    file.set_len(crate::format::header::file_len_for(pages, page_size))
        .map_err(Error::io)?;
    file.sync_all().map_err(Error::io)?;
    Ok(pages)
}

/// Reads both header pages and picks the good one. The page size is not known
/// yet, so each copy is read at the offsets of every page size ESE allows.
fn read_headers(file: &dyn ese_os::File, len: u64) -> Result<(DbHeader, HeaderCopy)> {
    let mut first = vec![0u8; 4096];
    file.read_at(0, &mut first).map_err(Error::io)?;
    let mut last_err = None;
    for page_size in [4096u64, 8192, 16384, 32768, 2048] {
        if len < 2 * page_size {
            continue;
        }
        let mut primary = vec![0u8; page_size as usize];
        let mut shadow = vec![0u8; page_size as usize];
        file.read_at(0, &mut primary).map_err(Error::io)?;
        file.read_at(page_size, &mut shadow).map_err(Error::io)?;
        match read_best(&primary, &shadow) {
            Ok((h, copy)) if u64::from(h.page_size()) == page_size => {
                if !len.is_multiple_of(page_size) {
                    return Err(Error::with(
                        ErrorCode::DatabaseCorrupted,
                        format!("file length {len} is not a multiple of the page size {page_size}"),
                    ));
                }
                return Ok((h, copy));
            }
            Ok(_) => {}
            Err(e) => last_err = Some(e),
        }
    }
    Err(last_err.unwrap_or_else(|| {
        Error::with(
            ErrorCode::InvalidDatabase,
            "no valid database header at any page size",
        )
    }))
}
