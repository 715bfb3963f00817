//! `eseutil integrity` (esentutl `/g`): the structural check of a database.
//!
//! The check (`Database::check`: every B-tree's order, links and levels, the
//! space trees against the pages the trees use, every index against the
//! records) runs on a database open for writing, so, as esentutl does with its
//! `TEMPINTEG<pid>.EDB`, it runs on a temporary copy and the database itself is
//! never opened for writing: its header, and its bytes, stay as they are. A
//! `.gz` database is checked in memory.

use crate::input;
use ese::catalog;
use ese::db::{OpenOptions, WriteCheck};
use ese::format::header::DbState;
use ese::space::TreeSpace;
use ese::{Database, Error, ErrorCode, Result};
use ese_os::StdFs;
use serde_json::json;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Pages the copy's cache holds.
const CACHE_PAGES: usize = 16 * 1024;

/// Removes the temporary copy however the check ends.
struct TempCopy(Option<PathBuf>);

impl Drop for TempCopy {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// The codes that say the database's content is damaged (the others, such as
/// an I/O error while copying, are failures of the run, not findings).
const DAMAGE: &[ErrorCode] = &[
    ErrorCode::ReadVerifyFailure,
    ErrorCode::DatabaseCorrupted,
    ErrorCode::DatabaseCorruptedNoRepair,
    ErrorCode::CatalogCorrupted,
    ErrorCode::PrimaryIndexCorrupted,
    ErrorCode::SecondaryIndexCorrupted,
    ErrorCode::LVCorrupted,
    ErrorCode::BadPageLink,
    ErrorCode::BadParentPageLink,
    ErrorCode::BadEmptyPage,
    ErrorCode::PageNotInitialized,
    ErrorCode::DbTimeCorrupted,
    ErrorCode::DecompressionFailed,
];

/// Where the copy is checked.
enum Copy {
    /// A `.gz` database decompressed into memory.
    Memory(ese_os::MemFs, PathBuf),
    /// A temporary file.
    File(PathBuf),
}

/// Copies `path` for the check: into memory for a `.gz`, else to `temp` (which
/// must not exist).
fn make_copy(path: &Path, temp: &Path, guard: &mut TempCopy) -> Result<Copy> {
    if input::is_gz(path) {
        let (fs, inner) = input::gunzip_to_memory(path)?;
        return Ok(Copy::Memory(fs, inner));
    }
    if temp.exists() {
        return Err(Error::with(
            ErrorCode::FileAlreadyExists,
            format!("the temporary database {} exists", temp.display()),
        ));
    }
    guard.0 = Some(temp.to_path_buf());
    std::fs::copy(path, temp).map_err(|e| Error::io(e).file(temp))?;
    Ok(Copy::File(temp.to_path_buf()))
}

/// What each tree of the check is, by FDP: the database root, the catalog's
/// trees, each table, its secondary indexes and its long values.
fn tree_names(db: &Database, space: &[TreeSpace]) -> HashMap<u32, String> {
    let mut names: HashMap<u32, String> = HashMap::from([
        (1, "(database root)".to_string()),
        (catalog::PGNO_FDP_MSO, "MSysObjects".to_string()),
        (
            catalog::PGNO_FDP_MSO_SHADOW,
            "MSysObjectsShadow".to_string(),
        ),
    ]);
    for def in db.table_defs() {
        names.insert(def.root, def.name.clone());
        for ix in def.indexes.iter().filter(|i| !i.is_primary()) {
            names.insert(ix.root, format!("{}/{}", def.name, ix.name));
        }
    }
    // A table's child that is not one of its indexes holds its long values.
    for t in space {
        if !names.contains_key(&t.fdp) {
            if let Some(parent) = names.get(&t.parent).filter(|_| t.parent != 1).cloned() {
                names.insert(t.fdp, format!("{parent} (long values)"));
            }
        }
    }
    names
}

/// Opens the copy for writing and checks it; the index check's sorted runs go to
/// folder `temp_dir`.
fn check_copy(copy: &Copy, temp_dir: &Path) -> Result<(WriteCheck, HashMap<u32, String>)> {
    let opts = OpenOptions {
        cache_pages: CACHE_PAGES,
        read_catalog: true,
        read_only: false,
    };
    let db = match copy {
        Copy::Memory(fs, inner) => Database::open_with(fs, inner, &opts)?,
        Copy::File(p) => Database::open_with(&StdFs, p, &opts)?,
    };
    db.set_temp_dir(temp_dir);
    let r = db.check().map(|c| {
        let names = tree_names(&db, &c.space);
        (c, names)
    });
    let closed = db.close();
    r.and_then(|c| closed.map(|()| c))
}

/// The space by tree, as esentutl's `/ms` lists it: a tree's children indented
/// under it.
fn print_space(space: &[TreeSpace], names: &HashMap<u32, String>) {
    say!();
    say!(
        "  {:<44} {:>8} {:>8} {:>10} {:>10} {:>10}",
        "Name",
        "ObjidFDP",
        "PgnoFDP",
        "Owned",
        "Used",
        "Available"
    );
    let depth = |mut fdp: u32| {
        let mut d = 0;
        // The check found the trees nested, each inside its parent; the bound only
        // keeps a report that says otherwise from looping.
        while let Some(t) = space.iter().find(|t| t.fdp == fdp && t.parent != 0) {
            d += 1;
            fdp = t.parent;
            if d > space.len() {
                break;
            }
        }
        d
    };
    for t in space {
        let name = names
            .get(&t.fdp)
            .cloned()
            .unwrap_or_else(|| format!("(object {})", t.objid));
        let label = format!("{}{name}", "  ".repeat(depth(t.fdp)));
        say!(
            "  {label:<44} {:>8} {:>8} {:>10} {:>10} {:>10}",
            t.objid,
            t.fdp,
            t.owned,
            t.used,
            t.available
        );
    }
    say!();
}

/// `eseutil integrity`: checks `path` (see the module header); with `space`,
/// also lists each tree's owned, used and available pages. Exit code 2 when
/// the database is corrupted; a database not shut down cleanly is refused with
/// `JET_errDatabaseDirtyShutdown` (recover it first), as is a temporary file
/// that exists already.
pub fn integrity(
    path: &Path,
    temp: Option<PathBuf>,
    space: bool,
    as_json: bool,
) -> Result<ExitCode> {
    let started = Instant::now();
    let temp = temp.unwrap_or_else(|| input::temp_beside(path, "TEMPINTEG"));
    let state = input::open(path)?.header().state;
    if !as_json {
        say!("Initiating INTEGRITY mode...");
        say!("        Database: {}", path.display());
        if input::is_gz(path) {
            say!("  Temp. Database: (in memory)");
        } else {
            say!("  Temp. Database: {}", temp.display());
        }
        say!();
    }
    if !matches!(state, DbState::CleanShutdown) {
        return Err(Error::with(
            ErrorCode::DatabaseDirtyShutdown,
            format!(
                "the database is not up-to-date ({state}): recover its instance folder \
                 first (eseutil recover)"
            ),
        )
        .file(path));
    }
    if !as_json {
        say!("Checking database integrity.");
    }
    let mut guard = TempCopy(None);
    let copy = make_copy(path, &temp, &mut guard)?;
    // The index check's sorted runs go beside the temporary database.
    let result = check_copy(&copy, &input::folder_of(&temp));
    drop(copy);
    drop(guard);
    let secs = started.elapsed().as_secs_f64();
    let corrupted = match &result {
        Ok(_) => None,
        Err(e) if DAMAGE.contains(&e.code()) => Some(e),
        Err(_) => return result.map(|_| ExitCode::SUCCESS),
    };
    if as_json {
        let mut out = json!({
            "database": path.display().to_string(),
            "ok": corrupted.is_none(),
            "seconds": secs,
            "result": corrupted.map_or(0, |e| e.code().value()),
        });
        match (&result, corrupted) {
            (Ok((c, names)), _) => {
                out["space"] = json!(c
                    .space
                    .iter()
                    .map(
                        |t| json!({"fdp": t.fdp, "objid": t.objid, "parent": t.parent,
                        "name": names.get(&t.fdp), "owned": t.owned, "used": t.used,
                        "available": t.available})
                    )
                    .collect::<Vec<_>>());
                out["trees"] = json!(c.trees);
                out["tree_pages"] = json!(c.pages);
                out["entries"] = json!(c.entries);
                out["owned_pages"] = json!(c.owned);
                out["tables"] = json!(c.indexes.tables);
                out["records"] = json!(c.indexes.records);
                out["indexes"] = json!(c.indexes.indexes);
                out["index_entries"] = json!(c.indexes.entries);
            }
            (_, Some(e)) => {
                out["error"] = json!({"code": e.code().value(), "symbol": e.code().symbol(), "message": e.to_string()});
            }
            _ => {}
        }
        say!("{out}");
    } else {
        match (&result, corrupted) {
            (Ok((c, names)), _) => {
                say!(
                    "  {} trees, {} of their pages, {} entries; {} pages owned",
                    c.trees,
                    c.pages,
                    c.entries,
                    c.owned
                );
                if space {
                    print_space(&c.space, names);
                }
                say!(
                    "  {} tables, {} records; {} indexes, {} index entries compared with the records",
                    c.indexes.tables, c.indexes.records, c.indexes.indexes, c.indexes.entries
                );
                say!();
                say!("Integrity check successful.");
                say!();
                say!("Operation completed successfully in {secs:.3} seconds.");
            }
            (_, Some(e)) => {
                say!("  error {} ({}): {e}", e.code().value(), e.code().symbol());
                say!();
                say!("Database is CORRUPTED!");
                say!();
                say!(
                    "Operation terminated with error {} ({}) after {secs:.3} seconds.",
                    e.code().value(),
                    e.code().symbol()
                );
            }
            _ => {}
        }
    }
    Ok(if corrupted.is_some() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
