//! `eseutil defrag` (esentutl `/d`): offline compaction of a database.
//!
//! The database (shut down cleanly) is copied table by table into a new file,
//! `TEMPDFRG<pid>.EDB` beside it unless another is given (`ese::db::compact`:
//! values as stored, indexes rebuilt, pages filled as a load in key order fills
//! them), and the new file is then moved over the original, as esentutl
//! instates it: the original is kept under `--backup`'s name first when given,
//! and left alone with `--preserve` (the compacted copy then stays at the
//! temporary name). The original is never written: a compaction that fails
//! leaves it as it was and removes the temporary file. Backups taken before a
//! compaction do not apply to the new file.

use crate::input::{self, io_err};
use crate::progress::Progress;
use ese::db::{compact, CompactOptions, CompactReport};
use ese::{Error, ErrorCode, Result};
use ese_os::StdFs;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Pages each of the two databases' caches holds.
pub(crate) const CACHE_PAGES: usize = 16 * 1024;

/// Syncs the folder holding `path`, so that a rename in it is on disk.
fn sync_folder(path: &Path) -> Result<()> {
    let dir = input::folder_of(path);
    std::fs::File::open(&dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| io_err(e, &dir))
}

/// Moves the new file `temp` (compacted or repaired) over `path`, `path` first
/// to `backup` when given (and back again when the second move fails).
fn instate(path: &Path, temp: &Path, backup: Option<&Path>, as_json: bool) -> Result<()> {
    if let Some(b) = backup {
        if !as_json {
            say!("Moving '{}' to '{}'...", path.display(), b.display());
        }
        std::fs::rename(path, b).map_err(|e| io_err(e, b))?;
    }
    if !as_json {
        say!("Moving '{}' to '{}'...", temp.display(), path.display());
    }
    if let Err(e) = std::fs::rename(temp, path) {
        if let Some(b) = backup {
            let _ = std::fs::rename(b, path);
        }
        return Err(io_err(e, path));
    }
    sync_folder(path)
}

/// Gives the new file `temp` the permissions of the database at `path` (so that
/// replacing a database never opens it to more readers than before) and, unless
/// `preserve`, moves it over `path` ([`instate`]). On failure `temp` is removed
/// and the original is in place, unless it went to its backup name.
pub(crate) fn put_in_place(
    path: &Path,
    temp: &Path,
    backup: Option<&Path>,
    preserve: bool,
    as_json: bool,
) -> Result<()> {
    let done = std::fs::metadata(path)
        .and_then(|m| std::fs::set_permissions(temp, m.permissions()))
        .map_err(|e| io_err(e, temp))
        .and_then(|()| match preserve {
            true => Ok(()),
            false => instate(path, temp, backup, as_json),
        });
    if done.is_err() {
        let _ = std::fs::remove_file(temp);
    }
    done
}

/// The temporary file of a command that replaces the database at `path` with a
/// new one (`temp`, else `<stem><pid>.EDB` beside it), after the checks such a
/// command makes: a `.gz` database is refused, there being no file to put the
/// result in (`JET_errInvalidParameter`, saying it cannot be `done` in place);
/// the database must exist (`JET_errFileNotFound`) and the `backup` name must
/// not (`JET_errFileAlreadyExists`).
pub(crate) fn new_file_beside(
    path: &Path,
    temp: Option<PathBuf>,
    backup: Option<&Path>,
    stem: &str,
    done: &str,
) -> Result<PathBuf> {
    if input::is_gz(path) {
        return Err(Error::with(
            ErrorCode::InvalidParameter,
            format!("a compressed database cannot be {done} in place: decompress it first"),
        )
        .file(path));
    }
    if !path.is_file() {
        return Err(Error::with(ErrorCode::FileNotFound, "no such database").file(path));
    }
    if let Some(b) = backup.filter(|b| b.exists()) {
        return Err(Error::with(
            ErrorCode::FileAlreadyExists,
            "the backup copy's file exists",
        )
        .file(b));
    }
    Ok(temp.unwrap_or_else(|| input::temp_beside(path, stem)))
}

/// `eseutil defrag`: compacts the database at `path` (see the module header),
/// appending statistics to `stats` when given (`CompactOptions::stats`).
/// Refused: a `.gz` database (there is no file to put the result in), a
/// database not shut down cleanly (`JET_errDatabaseDirtyShutdown`), a temporary
/// or backup file that exists (`JET_errDatabaseDuplicate`, `JET_errFileAlreadyExists`),
/// a statistics file that cannot be opened (`JET_errFileAccessDenied`).
pub fn defrag(
    path: &Path,
    temp: Option<PathBuf>,
    preserve: bool,
    backup: Option<PathBuf>,
    stats: Option<PathBuf>,
    as_json: bool,
) -> Result<ExitCode> {
    let started = Instant::now();
    let temp = new_file_beside(path, temp, backup.as_deref(), "TEMPDFRG", "defragmented")?;
    if !as_json {
        say!("Initiating DEFRAGMENTATION mode...");
        say!("            Database: {}", path.display());
        say!("      Temp. Database: {}", temp.display());
        say!();
        say!("Defragmentation Status:");
    }
    let mut bar: Option<Progress> = None;
    let opts = CompactOptions {
        cache_pages: CACHE_PAGES,
        stats,
        // The index rebuilds' sorted runs go beside the temporary database.
        temp_dir: Some(input::folder_of(&temp)),
        ..CompactOptions::default()
    };
    let report = compact(&StdFs, path, &temp, &opts, &mut |s| {
        let b = bar.get_or_insert_with(|| Progress::new(s.tables as u64, "Defragmenting"));
        b.set_position(s.tables_done as u64);
        b.set_message(format!("{} ({} records)", s.table, s.records));
        Ok(())
    });
    if let Some(b) = bar {
        b.finish();
    }
    let report = report?;
    let source_bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let dest_bytes = std::fs::metadata(&temp).map(|m| m.len()).unwrap_or(0);
    put_in_place(path, &temp, backup.as_deref(), preserve, as_json)?;
    let secs = started.elapsed().as_secs_f64();
    let mb = |b: u64| b as f64 / 1e6;
    if as_json {
        say!(
            "{}",
            json!({
                "database": path.display().to_string(),
                "temp": temp.display().to_string(),
                "preserved": preserve,
                "backup": backup.as_ref().map(|b| b.display().to_string()),
                "tables": report.tables,
                "records": report.records,
                "source_pages": report.source_pages,
                "dest_pages": report.dest_pages,
                "source_bytes": source_bytes,
                "dest_bytes": dest_bytes,
                "seconds": secs,
                "mb_per_s": mb(source_bytes) / secs.max(1e-9),
            })
        );
        return Ok(ExitCode::SUCCESS);
    }
    print_report(&report, source_bytes, dest_bytes, secs);
    if preserve {
        say!(
            "The database was left as it was; the defragmented copy is {}.",
            temp.display()
        );
    } else {
        say!(
            "Note: take a full backup of this database now: backups taken before \
             the defragmentation do not apply to it."
        );
    }
    say!();
    say!("Operation completed successfully in {secs:.3} seconds.");
    Ok(ExitCode::SUCCESS)
}

fn print_report(r: &CompactReport, source_bytes: u64, dest_bytes: u64, secs: f64) {
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    say!();
    say!("  {} tables, {} records copied", r.tables, r.records);
    say!(
        "  {} pages ({:.1} MiB) before, {} pages ({:.1} MiB) after",
        r.source_pages,
        mib(source_bytes),
        r.dest_pages,
        mib(dest_bytes)
    );
    say!(
        "  {:.1} MB/s of the original read",
        source_bytes as f64 / 1e6 / secs.max(1e-9)
    );
    say!();
}
