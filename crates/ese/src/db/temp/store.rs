//! Where a temporary table's records live: an ESE database on an in-memory
//! file system while it is small, then an ESE database in a file of the
//! temporary directory, on the file system [`TempOptions::fs`] names ([`Store::spill`]).
//!
//! Owns the database, the one table in it and the cursor on that table. Both
//! places hold the same table definition, so keys, bookmarks of keyed tables
//! and record bytes are the same in either.
//!
//! What must hold: a file this store created is removed when the store is
//! dropped (after its database is closed), and also when creating or filling
//! it fails; a failed spill leaves the records where they were.

use super::TempOptions;
use crate::catalog::TableDef;
use crate::db::{CreateOptions, Cursor, Database};
use crate::{Error, ErrorCode, Result};
use ese_os::{FileSystem, MemFs};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The name of the one table of a temporary database.
pub(super) const TABLE: &str = "TempTable";

/// Tries at a unique file name before giving up.
const NAME_TRIES: u32 = 64;

/// Numbers the temporary files of this process (with the process id, a name
/// no other temporary table of any process is using).
static NEXT_FILE: AtomicU64 = AtomicU64::new(0);

/// Where the records are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TempLocation {
    /// In an ESE database on an in-memory file system.
    Memory,
    /// In an ESE database in this file (deleted when the table is dropped).
    File(PathBuf),
}

struct Open {
    /// Kept for its reference to the database's cache and file.
    _db: Database,
    cursor: Cursor,
}

pub(super) struct Store {
    /// The definition without object ids or roots, to create the table again.
    def: TableDef,
    opts: TempOptions,
    open: Option<Open>,
    /// The file of the database, when it is on disk.
    file: Option<PathBuf>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("file", &self.file)
            .finish_non_exhaustive()
    }
}

fn closed() -> Error {
    Error::with(
        ErrorCode::InvalidTableId,
        "the temporary table's storage is gone",
    )
}

/// Creates a database at `path` on `fs` holding table `def`; the cursor on it.
fn create(fs: &dyn FileSystem, path: &Path, def: &TableDef, opts: &TempOptions) -> Result<Open> {
    let initial_pages = crate::catalog::bootstrap::min_database_pages(opts.page_size as u32)?;
    let mut db = Database::create_with(
        fs,
        path,
        &CreateOptions {
            page_size: opts.page_size,
            cache_pages: opts.cache_pages.max(16),
            initial_pages,
            overwrite: false,
        },
    )?;
    db.create_table(def.clone())?;
    let cursor = db.open_cursor(TABLE)?;
    Ok(Open { _db: db, cursor })
}

/// Creates a database in a new file of `opts.dir` (a name no one uses).
fn create_file(def: &TableDef, opts: &TempOptions) -> Result<(Open, PathBuf)> {
    for _ in 0..NAME_TRIES {
        let n = NEXT_FILE.fetch_add(1, Ordering::Relaxed);
        let path = opts
            .dir
            .join(format!("ese-temp-{}-{n}.edb", std::process::id()));
        match create(&*opts.fs, &path, def, opts) {
            Ok(open) => return Ok((open, path)),
            Err(e) if e.code() == ErrorCode::DatabaseDuplicate => continue,
            Err(e) => {
                if opts.fs.exists(&path) {
                    let _ = opts.fs.remove_file(&path);
                }
                return Err(Error::with(
                    ErrorCode::TempFileOpenError,
                    format!("cannot create a temporary database in {:?}: {e}", opts.dir),
                ));
            }
        }
    }
    Err(Error::with(
        ErrorCode::TempFileOpenError,
        format!("no free temporary file name in {:?}", opts.dir),
    ))
}

impl Store {
    /// An empty store: in memory (the table spills later), or straight on disk
    /// when the memory limit is 0 and memory only was not asked for.
    pub(super) fn new(def: TableDef, opts: TempOptions) -> Result<Store> {
        let (open, file) = if opts.memory_limit == 0 && !opts.memory_only {
            let (open, path) = create_file(&def, &opts)?;
            (open, Some(path))
        } else {
            let fs = MemFs::new();
            (create(&fs, Path::new("/temp.edb"), &def, &opts)?, None)
        };
        Ok(Store {
            def,
            opts,
            open: Some(open),
            file,
        })
    }

    /// The cursor on the table.
    pub(super) fn cursor(&mut self) -> Result<&mut Cursor> {
        self.open.as_mut().map(|o| &mut o.cursor).ok_or_else(closed)
    }

    /// The cursor on the table (shared).
    pub(super) fn cursor_ref(&self) -> Result<&Cursor> {
        self.open.as_ref().map(|o| &o.cursor).ok_or_else(closed)
    }

    /// Where the records are.
    pub(super) fn location(&self) -> TempLocation {
        match &self.file {
            Some(p) => TempLocation::File(p.clone()),
            None => TempLocation::Memory,
        }
    }

    /// Whether the in-memory database has outgrown the memory limit.
    pub(super) fn over_limit(&self) -> bool {
        if self.file.is_some() || self.opts.memory_only {
            return false;
        }
        let Some(open) = &self.open else {
            return false;
        };
        let db = &open._db;
        db.page_count() as u64 * db.page_size() as u64 > self.opts.memory_limit
    }

    /// Moves every record to a database in a new temporary file, in key order
    /// (a table without key columns keeps its order and gets new sequential
    /// bookmarks). The cursor keeps its place by position when it is on a
    /// record (otherwise it is before the first); its made key and index range
    /// are not carried over. On failure the file is removed and the records
    /// stay in memory.
    pub(super) fn spill(&mut self) -> Result<()> {
        let (mut target, path) = create_file(&self.def, &self.opts)?;
        match self.copy_into(&mut target) {
            Ok(()) => {
                self.open = Some(target);
                self.file = Some(path);
                Ok(())
            }
            Err(e) => {
                drop(target);
                let _ = self.opts.fs.remove_file(&path);
                Err(e)
            }
        }
    }

    fn copy_into(&mut self, target: &mut Open) -> Result<()> {
        let cur = self.cursor()?;
        // Where the cursor is, by position: bookmarks of tables without a key
        // are renumbered by the copy.
        let place = match cur.record_position() {
            Ok((before, _)) => Some(before),
            Err(e) if e.code() == ErrorCode::NoCurrentRecord => None,
            Err(e) => return Err(e),
        };
        // A second cursor, so the caller's keeps its made key.
        let mut walk = self
            .open
            .as_ref()
            .ok_or_else(closed)?
            ._db
            .open_cursor(TABLE)?;
        let mut more = first_ok(walk.move_first())?;
        while more {
            let (row, _) = walk.record()?.to_row()?;
            target._db.insert(TABLE, &row)?;
            more = first_ok(walk.move_next())?;
        }
        if let Some(n) = place {
            target.cursor.move_first()?;
            target.cursor.move_by(n as i64)?;
        }
        Ok(())
    }
}

/// `Ok(true)` on a record, `Ok(false)` past the end.
fn first_ok(r: Result<()>) -> Result<bool> {
    match r {
        Ok(()) => Ok(true),
        Err(e) if e.code() == ErrorCode::NoCurrentRecord => Ok(false),
        Err(e) => Err(e),
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // Close the database (its cache writes back) before its file goes.
        self.open = None;
        if let Some(path) = self.file.take() {
            // Nothing to report to from a drop; a file that cannot be removed
            // stays in the temporary directory under its ese-temp- name.
            let _ = self.opts.fs.remove_file(&path);
        }
    }
}
