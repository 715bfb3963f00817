//! Offline compaction (`JetCompact`, what `esentutl /d` runs): every user
//! table of a cleanly shut down database copied into a new database file, its
//! pages filled as a load in key order fills them, its space trees holding only
//! what the copy uses.
//!
//! Owns: [`compact`], its options, progress and report.
//!
//! What must hold: the source is only read, and held for the compaction (one
//! that an instance or another process holds is refused,
//! `JET_errFileAccessDenied`); a source not shut down cleanly is
//! refused (`JET_errDatabaseDirtyShutdown`, as `esentutl /d` refuses it), and so
//! is a destination that exists (`JET_errDatabaseDuplicate`). Tables keep their
//! names, flags, columns (ids, types, lengths, code pages, defaults, flags) and
//! indexes; every record is copied with every value, long values whole, in the
//! primary index's order; secondary indexes are then built from the records
//! (sorted, their trees loaded bottom-up), so an
//! index whose Unicode keys another sort order made gets this engine's keys
//! (the reason `esentutl /d` is run after a change of sort order). Template
//! tables are copied before the tables derived from them, which stay derived. System
//! tables (`MSys…`) are the new database's own. When anything fails, the
//! partly written destination is removed: a compaction leaves the new file
//! whole and closed cleanly, or none. With [`CompactOptions::stats`] a report of
//! the source's tables and of the compaction is appended to a text file (what
//! `JET_bitCompactStats` writes to `DFRGINFO.TXT`).

use super::{CreateOptions, Database, OpenOptions, TableDef};
use crate::format::header::DbState;
use crate::{Error, ErrorCode, Result};
use ese_os::FileSystem;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// How [`compact`] runs.
#[derive(Debug, Clone)]
pub struct CompactOptions {
    /// Pages each of the two databases keeps in memory at most.
    pub cache_pages: usize,
    /// Records copied per transaction of the destination.
    pub batch: usize,
    /// A text file to append statistics to (created when missing), as
    /// `JET_bitCompactStats` appends them to `DFRGINFO.TXT`: the source's pages,
    /// then for each table its records, their bytes as stored, the leaf pages
    /// holding them, and its long-value tree's bytes and leaf pages, then the
    /// new file's pages and the time taken. A file that cannot be opened for
    /// appending stops the compaction before anything is written
    /// (`JET_errFileAccessDenied`).
    pub stats: Option<PathBuf>,
    /// The folder where the secondary indexes' rebuilds put their sorted runs when
    /// they outgrow memory (see [`Database::set_temp_dir`]); `None`: the system's
    /// temporary folder.
    pub temp_dir: Option<PathBuf>,
    /// Bytes each secondary index's rebuild sorts in memory (see
    /// [`Database::set_sort_memory`]); `None`: the default, 64 MiB.
    pub sort_memory: Option<usize>,
}

impl Default for CompactOptions {
    fn default() -> Self {
        CompactOptions {
            cache_pages: 8192,
            batch: 1000,
            stats: None,
            temp_dir: None,
            sort_memory: None,
        }
    }
}

/// The statistics file of a compaction, written at its end as it goes.
struct StatsFile {
    file: Box<dyn ese_os::File>,
    at: u64,
    path: PathBuf,
}

impl StatsFile {
    /// Opens `path` on `fs` for appending, creating it when missing.
    fn open(fs: &dyn FileSystem, path: &Path) -> Result<StatsFile> {
        let opts = ese_os::OpenOptions {
            create: true,
            ..ese_os::OpenOptions::read_write()
        };
        let file = fs.open(path, opts).and_then(|f| f.len().map(|at| (f, at)));
        match file {
            Ok((file, at)) => Ok(StatsFile {
                file,
                at,
                path: path.to_path_buf(),
            }),
            Err(e) => Err(Error::with(
                ErrorCode::FileAccessDenied,
                format!(
                    "cannot open the statistics file {} to append to it: {e}",
                    path.display()
                ),
            )),
        }
    }

    /// Appends `text` and a line end.
    fn line(&mut self, text: &str) -> Result<()> {
        let mut bytes = text.as_bytes().to_vec();
        bytes.push(b'\n');
        self.file.write_at(self.at, &bytes).map_err(|e| {
            Error::io(e).detail(format!(
                "writing the statistics file {} failed",
                self.path.display()
            ))
        })?;
        self.at += bytes.len() as u64;
        Ok(())
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
pub(super) fn is_system_table(name: &str) -> bool {
    name.as_bytes()
        .get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case(b"msys"))
}

/// The definition a table of the source is created with in the destination: its
/// own, with only the primary index: the secondary ones are built once the records are in (each by sorting
/// its entries and loading its tree bottom-up, denser and sooner than entries
/// added record by record).
pub(super) fn definition_for_copy(src: &TableDef) -> TableDef {
    let mut def = src.clone();
    def.indexes.retain(|ix| ix.is_primary());
    // The creation gives the table and its primary index their object id, root
    // and sort version; the long-value tree is made when first needed.
    def.lv_root = None;
    def.lv_objid = None;
    def
}

/// `JetCompact`: copies every user table of the database at `src` (which must
/// have been shut down cleanly) into a new database at `dst` with the same page
/// size, on `fs`. `status` is called as the copy goes; an error it returns
/// stops the compaction with that error. On any failure the destination is
/// removed. Errors: the source's open errors, `JET_errFileAccessDenied` when
/// another instance or process holds `src`, `JET_errDatabaseDirtyShutdown`,
/// `JET_errDatabaseDuplicate` when `dst` exists, and whatever reading a
/// damaged source or writing the destination meets.
pub fn compact(
    fs: &dyn FileSystem,
    src: &Path,
    dst: &Path,
    opts: &CompactOptions,
    status: &mut dyn FnMut(&CompactStatus) -> Result<()>,
) -> Result<CompactReport> {
    // Held for the compaction: a database an instance has attached is refused.
    let _held = crate::instance::hold(fs, src)?;
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
    let started = Instant::now();
    let mut stats = match &opts.stats {
        Some(path) => {
            let mut f = StatsFile::open(fs, path)?;
            f.line("")?;
            f.line(&format!(
                "Compaction of {} ({} pages of {} bytes) into {}",
                src.display(),
                source.page_count(),
                source.page_size(),
                dst.display()
            ))?;
            Some(f)
        }
        None => None,
    };
    let sorts = (opts.temp_dir.as_deref(), opts.sort_memory);
    let copied = into_new_file(fs, &source, dst, opts.cache_pages, sorts, |dest| {
        copy_tables(&source, dest, opts, stats.as_mut(), status)
    });
    match copied {
        Ok((mut report, dest_pages)) => {
            report.dest_pages = dest_pages;
            if let Some(f) = stats.as_mut() {
                f.line(&format!(
                    "Done: {} table(s), {} records; {} pages before, {} after; {:.3} s",
                    report.tables,
                    report.records,
                    report.source_pages,
                    report.dest_pages,
                    started.elapsed().as_secs_f64()
                ))?;
            }
            Ok(report)
        }
        Err(e) => {
            if let Some(f) = stats.as_mut() {
                // The compaction's own error is the one to report.
                let _ = f.line(&format!("Failed, the new file removed: {e}"));
            }
            Err(e)
        }
    }
}

/// Creates a database at `dst` on `fs` with `source`'s page size, has `fill`
/// write it, and closes it cleanly: what `fill` returned and the new file's
/// pages. On any failure the new file is removed, so that a compaction or a
/// repair leaves it whole or not at all.
pub(super) fn into_new_file<R>(
    fs: &dyn FileSystem,
    source: &Database,
    dst: &Path,
    cache_pages: usize,
    (temp_dir, sort_memory): (Option<&Path>, Option<usize>),
    fill: impl FnOnce(&Database) -> Result<R>,
) -> Result<(R, u32)> {
    let dest = Database::create_with(
        fs,
        dst,
        &CreateOptions {
            page_size: source.page_size(),
            cache_pages,
            ..CreateOptions::default()
        },
    )?;
    if let Some(d) = temp_dir {
        dest.set_temp_dir(d);
    }
    if let Some(m) = sort_memory {
        dest.set_sort_memory(m);
    }
    let done = fill(&dest).and_then(|r| dest.close().map(|()| r));
    drop(dest);
    match done {
        Ok(r) => {
            let pages = Database::open_with(fs, dst, &OpenOptions::default())
                .map(|d| d.page_count())
                .unwrap_or(0);
            Ok((r, pages))
        }
        Err(e) => {
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
    mut stats: Option<&mut StatsFile>,
    status: &mut dyn FnMut(&CompactStatus) -> Result<()>,
) -> Result<CompactReport> {
    let mut defs: Vec<_> = source
        .table_defs()
        .into_iter()
        .filter(|t| !is_system_table(&t.name))
        .collect();
    // Template tables before the tables derived from them.
    defs.sort_by_key(|t| !t.is_template());
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
        let (mut rows, mut row_bytes) = (0u64, 0u64);
        let table = source.table(&def.name)?;
        for rec in table.records()? {
            let rec = rec?;
            rows += 1;
            row_bytes += rec.raw().len() as u64;
            let row = rec.stored_row()?;
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
        if let Some(f) = stats.as_deref_mut() {
            let pages = table.record_stats()?.pages;
            let (lv, lv_bytes) = table.long_value_sizes()?;
            f.line(&format!(
                "Table {}: {rows} records, {row_bytes} bytes of records in {pages} leaf pages; \
                 long values apart from their records: {lv_bytes} bytes in {} leaf pages",
                def.name, lv.pages
            ))?;
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

#[cfg(test)]
mod tests {
    use super::is_system_table;

    #[test]
    fn system_tables_are_told_by_their_first_four_bytes() {
        assert!(is_system_table("MSysObjects"));
        assert!(is_system_table("msyslocales"));
        assert!(!is_system_table("MSy"));
        assert!(!is_system_table("items"));
        // A name whose fourth byte is inside a character (a damaged catalog's).
        assert!(!is_system_table("MS\u{20ac}sLocales"));
        assert!(!is_system_table("\u{e9}t\u{e9}"));
    }
}
