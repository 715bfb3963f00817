//! Offline compaction (`JetCompact`, what `esentutl /d` runs): every user
//! table of a cleanly shut down database copied into a new database file, its
//! pages filled as a load in key order fills them, its space trees holding only
//! what the copy uses.
//!
//! Owns: [`compact`], its options, progress and report.
//!
//! What must hold: the source is only read; a source not shut down cleanly is
//! refused (`JET_errDatabaseDirtyShutdown`, as `esentutl /d` refuses it), and so
//! is a destination that exists (`JET_errDatabaseDuplicate`). Tables keep their
//! names, flags, columns (ids, types, lengths, code pages, defaults, flags) and
//! indexes; every record is copied with every value, long values whole, in the
//! primary index's order; secondary indexes are then built from the records
//! (sorted, their trees loaded bottom-up), so an
//! index whose Unicode keys another sort order made gets this engine's keys
//! (the reason `esentutl /d` is run after a change of sort order). A derived
//! table becomes a table of its own that holds its template's columns. System
//! tables (`MSys…`) are the new database's own. When anything fails, the
//! partly written destination is removed: a compaction leaves the new file
//! whole and closed cleanly, or none.

use super::{CreateOptions, Database, OpenOptions, TableDef};
use crate::format::header::DbState;
use crate::{Error, ErrorCode, Result};
use ese_os::FileSystem;
use std::path::Path;

/// How [`compact`] runs.
#[derive(Debug, Clone)]
pub struct CompactOptions {
    /// Pages each of the two databases keeps in memory at most.
    pub cache_pages: usize,
    /// Records copied per transaction of the destination.
    pub batch: usize,
}

impl Default for CompactOptions {
    fn default() -> Self {
        CompactOptions {
            cache_pages: 8192,
            batch: 1000,
        }
    }
}

/// Where a compaction is, given to its status callback after each table's
/// definition is made and after each batch of records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompactStatus {
    /// The table being copied.
    pub table: String,
    /// Tables copied whole so far.
    pub tables_done: usize,
    /// Tables to copy.
    pub tables: usize,
    /// Records copied so far, all tables.
    pub records: u64,
    /// Pages of the source copied so far, approximately: the source's pages
    /// in proportion to the tables copied whole (for a progress bar).
    pub source_pages: u32,
    /// Pages of the source.
    pub total_pages: u32,
}

/// What a compaction did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompactReport {
    /// User tables copied.
    pub tables: usize,
    /// Records copied.
    pub records: u64,
    /// Pages of the source file (header pages not counted).
    pub source_pages: u32,
    /// Pages of the new file (header pages not counted).
    pub dest_pages: u32,
}

/// Whether `name` is a table the engine keeps for itself (ESE names its own
/// `MSys…`); a new database has its own.
fn is_system_table(name: &str) -> bool {
    name.len() >= 4 && name[..4].eq_ignore_ascii_case("msys")
}

/// The definition a table of the source is created with in the destination:
/// a derived table made a table of
/// its own (it already lists its template's columns), and only the primary
/// index: the secondary ones are built once the records are in (each by sorting
/// its entries and loading its tree bottom-up, denser and sooner than entries
/// added record by record).
fn definition_for_copy(src: &TableDef) -> TableDef {
    let mut def = src.clone();
    def.indexes.retain(|ix| ix.is_primary());
    // The creation gives the table and its primary index their object id, root
    // and sort version; the long-value tree is made when first needed.
    def.lv_root = None;
    if def.template_table.take().is_some() {
        def.flags &= !crate::catalog::object_flags::TABLE_DERIVED;
    }
    def
}

/// `JetCompact`: copies every user table of the database at `src` (which must
/// have been shut down cleanly) into a new database at `dst` with the same page
/// size, on `fs`. `status` is called as the copy goes; an error it returns
/// stops the compaction with that error. On any failure the destination is
/// removed. Errors: the source's open errors, `JET_errDatabaseDirtyShutdown`,
/// `JET_errDatabaseDuplicate` when `dst` exists, and whatever reading a
/// damaged source or writing the destination meets.
pub fn compact(
    fs: &dyn FileSystem,
    src: &Path,
    dst: &Path,
    opts: &CompactOptions,
    status: &mut dyn FnMut(&CompactStatus) -> Result<()>,
) -> Result<CompactReport> {
    let source = Database::open_with(
        fs,
        src,
        &OpenOptions {
            cache_pages: opts.cache_pages,
            read_catalog: true,
            read_only: true,
        },
    )?;
    let state = source.header().state;
    if state != DbState::CleanShutdown {
        return Err(Error::with(
            ErrorCode::DatabaseDirtyShutdown,
            format!(
                "{} is in state {state:?}: only a database shut down cleanly can be compacted \
                 (run recovery first)",
                src.display()
            ),
        ));
    }
    if fs.exists(dst) {
        return Err(Error::with(
            ErrorCode::DatabaseDuplicate,
            format!("{} exists", dst.display()),
        ));
    }
    let dest = Database::create_with(
        fs,
        dst,
        &CreateOptions {
            page_size: source.page_size(),
            cache_pages: opts.cache_pages,
            ..CreateOptions::default()
        },
    )?;
    let copied = copy_tables(&source, &dest, opts, status).and_then(|report| {
        dest.close()?;
        Ok(report)
    });
    match copied {
        Ok(mut report) => {
            drop(dest);
            report.dest_pages = Database::open_with(fs, dst, &OpenOptions::default())
                .map(|d| d.page_count())
                .unwrap_or(0);
            Ok(report)
        }
        Err(e) => {
            drop(dest);
            let _ = fs.remove_file(dst);
            Err(e)
        }
    }
}

/// Creates and fills every user table of `source` in `dest`.
fn copy_tables(
    source: &Database,
    dest: &Database,
    opts: &CompactOptions,
    status: &mut dyn FnMut(&CompactStatus) -> Result<()>,
) -> Result<CompactReport> {
    let defs: Vec<_> = source
        .table_defs()
        .into_iter()
        .filter(|t| !is_system_table(&t.name))
        .collect();
    let source_pages = source.page_count();
    let mut at = CompactStatus {
        table: String::new(),
        tables_done: 0,
        tables: defs.len(),
        records: 0,
        source_pages: 0,
        total_pages: source.page_count(),
    };
    let total: u64 = defs.len().max(1) as u64;
    let session = dest.begin_session()?;
    let batch = opts.batch.max(1);
    for def in &defs {
        at.table = def.name.clone();
        dest.create_table_in(None, definition_for_copy(def))?;
        status(&at)?;
        let mut cursor = session.open_table(dest, &def.name)?;
        let mut in_txn = 0usize;
        for rec in source.table(&def.name)?.records()? {
            let row = rec?.stored_row()?;
            if in_txn == 0 {
                session.begin_transaction()?;
            }
            if let Err(e) = cursor.insert_row(&row) {
                let _ = session.rollback_all();
                let why = e.detail_text().unwrap_or_default().to_string();
                return Err(e.detail(format!("copying a record of table {}: {why}", def.name)));
            }
            in_txn += 1;
            at.records += 1;
            if in_txn == batch {
                session.commit_transaction()?;
                in_txn = 0;
                status(&at)?;
            }
        }
        if in_txn > 0 {
            session.commit_transaction()?;
        }
        for ix in def.indexes.iter().filter(|ix| !ix.is_primary()) {
            dest.create_index_copy(&def.name, ix.clone())?;
        }
        at.tables_done += 1;
        at.source_pages = (u64::from(source_pages) * at.tables_done as u64 / total)
            .min(u64::from(u32::MAX)) as u32;
        status(&at)?;
    }
    drop(session);
    Ok(CompactReport {
        tables: defs.len(),
        records: at.records,
        source_pages,
        dest_pages: 0,
    })
}
