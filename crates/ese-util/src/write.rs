//! The subcommands that write: `create` (a database from a JSON schema) and
//! `import` (rows from JSONL or CSV, as `export` writes them, into one table).
//!
//! What must hold: an import is all or nothing. Rows go into a copy of the
//! database (`DB.import-tmp` beside it), which replaces the original only after
//! every row went in and the copy was closed cleanly; a bad row is reported with
//! its line number and the copy is removed, leaving the original untouched.

use crate::Format;
use ese::db::{CreateOptions, OpenOptions};
use ese::record::import::{CsvColumns, CsvReader};
use ese::record::schema::parse_schema;
use ese::{Database, Error, ErrorCode, Result};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `eseutil create DB --schema SCHEMA.json`: a new database with the schema's
/// tables (and page size).
pub fn create(path: &Path, schema: &Path, cache_pages: usize) -> Result<ExitCode> {
    let text = std::fs::read_to_string(schema).map_err(|e| Error::io(e).file(schema))?;
    let spec = parse_schema(&text)?;
    let defs = spec.table_defs()?;
    let mut db = Database::create(
        path,
        CreateOptions {
            page_size: spec.page_size,
            cache_pages,
            ..Default::default()
        },
    )?;
    let made = (|| -> Result<()> {
        for def in defs {
            db.create_table(def)?;
        }
        db.close()
    })();
    if let Err(e) = made {
        drop(db);
        let _ = std::fs::remove_file(path);
        return Err(e);
    }
    say!(
        "created {} ({} bytes per page, {} tables)",
        path.display(),
        spec.page_size,
        spec.tables.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".import-tmp");
    path.with_file_name(name)
}

/// `eseutil import DB --table T FILE`: loads every row of `file` into table
/// `table`, all or nothing.
pub fn import(
    path: &Path,
    table: &str,
    file: &Path,
    format: Option<Format>,
    cache_pages: usize,
) -> Result<ExitCode> {
    let format = format.unwrap_or_else(|| match file.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("csv") => Format::Csv,
        _ => Format::Jsonl,
    });
    let tmp = temp_path(path);
    std::fs::copy(path, &tmp).map_err(|e| Error::io(e).file(path))?;
    let result = import_into(&tmp, table, file, format, cache_pages);
    match result {
        Ok(n) => {
            std::fs::rename(&tmp, path).map_err(|e| Error::io(e).file(path))?;
            say!("imported {n} rows into {table}");
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

fn at_line(e: Error, file: &Path, line: usize) -> Error {
    let what = e
        .detail_text()
        .map_or_else(|| e.to_string(), str::to_string);
    let msg = format!("{}: line {line}: {what}", file.display());
    Error::with(e.code(), msg)
}

fn import_into(
    db_path: &Path,
    table: &str,
    file: &Path,
    format: Format,
    cache_pages: usize,
) -> Result<u64> {
    let db = Database::open_with(
        &ese_os::StdFs,
        db_path,
        &OpenOptions {
            read_only: false,
            cache_pages,
            ..Default::default()
        },
    )?;
    let def = db.table(table)?.def().clone();
    let input = std::fs::File::open(file).map_err(|e| Error::io(e).file(file))?;
    let input = std::io::BufReader::new(input);
    let mut n = 0u64;
    match format {
        Format::Jsonl => {
            for (i, line) in input.lines().enumerate() {
                let line = line.map_err(|e| Error::io(e).file(file))?;
                if line.trim().is_empty() {
                    continue;
                }
                let row = ese::record::import::row_from_jsonl(&def, &line)
                    .map_err(|e| at_line(e, file, i + 1))?;
                db.insert(&def.name, &row)
                    .map_err(|e| at_line(e, file, i + 1))?;
                n += 1;
            }
        }
        Format::Csv => {
            let mut reader = CsvReader::new(input);
            let header = reader
                .next_record()?
                .ok_or_else(|| Error::with(ErrorCode::InvalidParameter, "empty CSV file"))?;
            let cols = CsvColumns::new(&def, &header).map_err(|e| at_line(e, file, 1))?;
            loop {
                let rec = reader
                    .next_record()
                    .map_err(|e| at_line(e, file, reader.line()))?;
                let Some(fields) = rec else { break };
                let line = reader.line();
                let row = cols.row(&fields).map_err(|e| at_line(e, file, line))?;
                db.insert(&def.name, &row)
                    .map_err(|e| at_line(e, file, line))?;
                n += 1;
            }
        }
    }
    db.close()?;
    Ok(n)
}
