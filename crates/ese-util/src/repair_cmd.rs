//! `eseutil repair` (esentutl `/p`): a damaged database, or one shut down dirty
//! without its logs, made readable again at the cost of what the damage took.
//!
//! Every user table is copied into a new file, `TEMPREPAIR<pid>.EDB` beside the
//! database unless another is given, from what can still be read of the old
//! one (`ese::db::repair`: unreadable pages passed over and their leaves'
//! neighbours followed, long values that cannot be read left out of their
//! records, secondary indexes built again), and the new file then replaces the
//! original as `defrag` instates its copy: the original kept under `--backup`'s
//! name first when given, left alone with `--preserve`. A repair that fails
//! leaves the original as it was and removes the temporary file. When anything
//! was lost the command ends with ESE's warning 595
//! (`JET_wrnDatabaseRepaired`), as esentutl does, and exits 0.

use crate::defrag_cmd::{new_file_beside, put_in_place, CACHE_PAGES};
use crate::input;
use crate::progress::Progress;
use ese::db::{repair, RepairOptions, RepairReport};
use ese::Result;
use ese_os::StdFs;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// `JET_wrnDatabaseRepaired`.
const WRN_DATABASE_REPAIRED: i32 = 595;

/// `eseutil repair`: repairs the database at `path` (see the module header).
/// Refused: a `.gz` database (there is no file to put the result in), a missing
/// one (`JET_errFileNotFound`), a temporary or backup file that exists
/// (`JET_errDatabaseDuplicate`, `JET_errFileAlreadyExists`), a catalog whose
/// shadow cannot be read either (`JET_errCatalogCorrupted`).
pub fn repair_database(
    path: &Path,
    temp: Option<PathBuf>,
    preserve: bool,
    backup: Option<PathBuf>,
    as_json: bool,
) -> Result<ExitCode> {
    let started = Instant::now();
    let temp = new_file_beside(path, temp, backup.as_deref(), "TEMPREPAIR", "repaired")?;
    if !as_json {
        say!("Initiating REPAIR mode...");
        say!("        Database: {}", path.display());
        say!("  Temp. Database: {}", temp.display());
        say!();
        say!("Checking the database.");
        say!("Scanning the database catalog.");
        say!("Repairing damaged tables.");
    }
    let mut bar: Option<Progress> = None;
    let opts = RepairOptions {
        cache_pages: CACHE_PAGES,
        // The index rebuilds' sorted runs go beside the temporary database.
        temp_dir: Some(input::folder_of(&temp)),
        ..RepairOptions::default()
    };
    let report = repair(&StdFs, path, &temp, &opts, &mut |s| {
        let b = bar.get_or_insert_with(|| Progress::new(s.tables as u64, "Repairing"));
        b.set_position(s.tables_done as u64);
        b.set_message(format!("{} ({} records)", s.table, s.records));
        Ok(())
    });
    if let Some(b) = bar {
        b.finish();
    }
    let report = report?;
    put_in_place(path, &temp, backup.as_deref(), preserve, as_json)?;
    let secs = started.elapsed().as_secs_f64();
    let warning = report.lost_anything().then_some(WRN_DATABASE_REPAIRED);
    if as_json {
        say!(
            "{}",
            json!({
                "database": path.display().to_string(),
                "temp": temp.display().to_string(),
                "preserved": preserve,
                "backup": backup.as_ref().map(|b| b.display().to_string()),
                "source_clean": report.source_clean,
                "catalog_from_shadow": report.catalog_from_shadow,
                "tables": report.tables,
                "records": report.records,
                "records_dropped": report.records_dropped,
                "values_dropped": report.values_dropped,
                "bad_pages": report.bad_pages,
                "other_bad_pages": report.other_bad_pages,
                "leaves": report.leaves,
                "orphan_leaves": report.orphan_leaves,
                "long_value_orphan_leaves": report.long_value_orphan_leaves,
                "indexes_dropped": report
                    .indexes_dropped
                    .iter()
                    .map(|(t, i)| json!({"table": t, "index": i}))
                    .collect::<Vec<_>>(),
                "tables_dropped": report
                    .tables_dropped
                    .iter()
                    .map(|(t, why)| json!({"table": t, "why": why}))
                    .collect::<Vec<_>>(),
                "names_from_shadow": report.names_from_shadow,
                "source_pages": report.source_pages,
                "dest_pages": report.dest_pages,
                "repair_count": report.repair_count,
                "warning": warning,
                "seconds": secs,
            })
        );
        return Ok(ExitCode::SUCCESS);
    }
    print_report(&report);
    if report.lost_anything() {
        say!("Repair completed. Database corruption has been repaired!");
    } else {
        say!("Repair completed. No damage was found in the tables' records.");
    }
    if preserve {
        say!(
            "The database was left as it was; the repaired copy is {}.",
            temp.display()
        );
    }
    say!();
    say!(
        "Note: the instance's log files and checkpoint do not apply to the repaired \
         database: move them away before the instance starts again, and take a full \
         backup of the database now."
    );
    say!();
    match warning {
        Some(w) => say!(
            "Operation completed successfully with {w} (JET_wrnDatabaseRepaired, Database \
             corruption has been repaired) after {secs:.3} seconds."
        ),
        None => say!("Operation completed successfully in {secs:.3} seconds."),
    }
    Ok(ExitCode::SUCCESS)
}

fn print_report(r: &RepairReport) {
    say!();
    if r.catalog_from_shadow {
        say!(
            "  The catalog (MSysObjects) could not be read: it was rebuilt from \
             MSysObjectsShadow."
        );
    }
    if !r.source_clean {
        say!("  The database was not shut down cleanly: its state is what its pages hold.");
    }
    say!(
        "  {} tables, {} records written from {} leaf pages",
        r.tables,
        r.records,
        r.leaves
    );
    if !r.bad_pages.is_empty() {
        let (n, what) = match r.bad_pages.len() {
            1 => (
                1,
                "page could not be read (if it was a leaf, what it held is lost)",
            ),
            n => (
                n,
                "pages could not be read (what the leaves among them held is lost)",
            ),
        };
        say!("  {n} {what}: {}", page_list(&r.bad_pages));
        if !r.other_bad_pages.is_empty() {
            say!(
                "  {} more pages could not be read, whose they were cannot be told (what \
                 the leaves among them held is lost): {}",
                r.other_bad_pages.len(),
                page_list(&r.other_bad_pages)
            );
        }
        if r.orphan_leaves > 0 {
            say!(
                "  {} leaf pages below them were found by scanning the file and read",
                r.orphan_leaves
            );
        }
        if r.long_value_orphan_leaves > 0 {
            say!(
                "  {} long-value leaf pages below them were found by scanning the file and \
                 read",
                r.long_value_orphan_leaves
            );
        }
    }
    if r.records_dropped > 0 {
        say!(
            "  {} records could not be written again and were left out",
            r.records_dropped
        );
    }
    if r.values_dropped > 0 {
        say!(
            "  {} values that could not be read were left out of their records",
            r.values_dropped
        );
    }
    if r.names_from_shadow > 0 {
        say!(
            "  {} table names that could not be read were taken from MSysObjectsShadow",
            r.names_from_shadow
        );
    }
    for (t, why) in &r.tables_dropped {
        say!("  table {t:?} could not be created again and was left out: {why}");
    }
    for (t, i) in &r.indexes_dropped {
        say!("  index {i} of table {t} could not be built again and was left out");
    }
    say!(
        "  {} pages before, {} after; repair count {}",
        r.source_pages,
        r.dest_pages,
        r.repair_count
    );
    say!();
}

/// The first 20 of `pages`, comma-separated, with ", ..." when there are more.
fn page_list(pages: &[u32]) -> String {
    let shown: Vec<String> = pages.iter().take(20).map(u32::to_string).collect();
    let more = if pages.len() > 20 { ", ..." } else { "" };
    format!("{}{more}", shown.join(", "))
}
