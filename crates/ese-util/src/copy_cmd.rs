//! `eseutil copy` (esentutl `/y`): a copy of a database, log or checkpoint file
//! that checks what it copies.
//!
//! A database is copied page by page, each page's checksum verified on the
//! way: a page of the database's owned space that does not verify stops the
//! copy with `JET_errReadVerifyFailure` (-1018) naming it, unless
//! `--ignore-errors`, which copies it as it is and lists it (esentutl's `/i`);
//! a page with one flipped bit that the ECC can repair is copied as stored and
//! listed. Any other file is copied as it is. The copy is written in the
//! background as it goes, synced at its end, and takes the source's
//! permissions; it is never written over an existing file, and a copy that
//! fails is removed. The source is only read.

use crate::commands::{walk_pages, PageReport};
use crate::input::io_err;
use ese::{Database, Error, ErrorCode, Result};
use ese_os::{StdFs, WriteBehind};
use serde_json::json;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Bytes handed to the device at a time while the copy is written.
const WRITE_BEHIND_BYTES: u64 = 1 << 20;

/// What a copy found.
#[derive(Default)]
struct Found {
    database: bool,
    pages: u32,
    /// The database's pages as the copy verified them (empty for other files);
    /// the pages outside its owned space that do not verify are not part of
    /// it and are copied as they are.
    report: PageReport,
    bytes: u64,
}

/// The magic number of an ESE database header (`ulMagic`, at byte 4).
const DB_MAGIC: u32 = 0x89AB_CDEF;

/// Whether `path` begins as an ESE database does: the database magic in its
/// primary header (a damaged header is then reported by the copy).
fn is_database(path: &Path) -> bool {
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = [0u8; 8];
    f.read_exact(&mut head).is_ok()
        && u32::from_le_bytes([head[4], head[5], head[6], head[7]]) == DB_MAGIC
}

/// The destination: `to`, or the source's file name in the current folder.
fn destination(src: &Path, to: Option<PathBuf>) -> Result<PathBuf> {
    match to {
        Some(t) if t.is_dir() => Ok(t.join(src.file_name().unwrap_or_default())),
        Some(t) => Ok(t),
        None => src
            .file_name()
            .map(PathBuf::from)
            .ok_or_else(|| Error::with(ErrorCode::InvalidPath, "the source names no file")),
    }
}

/// Writes `bytes` to `out` and hands them to the device in the background.
fn put(out: &mut std::fs::File, behind: &mut WriteBehind, bytes: &[u8], dest: &Path) -> Result<()> {
    out.write_all(bytes).map_err(|e| io_err(e, dest))?;
    behind.wrote(out, bytes.len()).map_err(|e| io_err(e, dest))
}

/// Copies database `src` page by page into `out`, verifying each page.
fn copy_database(
    src: &Path,
    out: &mut std::fs::File,
    dest: &Path,
    ignore_errors: bool,
) -> Result<Found> {
    let db = Database::open_with(
        &StdFs,
        src,
        &ese::db::OpenOptions {
            read_catalog: false,
            ..ese::db::OpenOptions::default()
        },
    )?;
    let ps = db.page_size();
    let mut behind = WriteBehind::new(WRITE_BEHIND_BYTES);
    // The two header pages, as stored (each carries its own checksum, which
    // opening the database has read).
    let mut file = std::fs::File::open(src).map_err(|e| io_err(e, src))?;
    let mut headers = vec![0u8; 2 * ps];
    file.read_exact(&mut headers).map_err(|e| io_err(e, src))?;
    put(out, &mut behind, &headers, dest)?;
    let report = walk_pages(&db, Some("copying"), |pgno, page, so_far| {
        if !ignore_errors && so_far.bad_owned.last() == Some(&pgno) {
            return Err(Error::with(
                ErrorCode::ReadVerifyFailure,
                "the page's checksum does not verify (--ignore-errors copies it as it is)",
            )
            .page(pgno)
            .file(src));
        }
        put(out, &mut behind, page, dest)
    })?;
    // Whatever the file holds past its last whole page, as it is.
    let pages = db.page_count();
    let end = (2 + u64::from(pages)) * ps as u64;
    let mut rest = Vec::new();
    file.seek(SeekFrom::Start(end))
        .and_then(|_| file.read_to_end(&mut rest))
        .map_err(|e| io_err(e, src))?;
    put(out, &mut behind, &rest, dest)?;
    Ok(Found {
        database: true,
        pages,
        report,
        bytes: end + rest.len() as u64,
    })
}

/// Copies any file `src` into `out` as it is.
fn copy_plain(src: &Path, out: &mut std::fs::File, dest: &Path) -> Result<Found> {
    let mut file = std::fs::File::open(src).map_err(|e| io_err(e, src))?;
    let mut behind = WriteBehind::new(WRITE_BEHIND_BYTES);
    let mut buf = vec![0u8; 1 << 20];
    let mut found = Found::default();
    loop {
        let n = file.read(&mut buf).map_err(|e| io_err(e, src))?;
        if n == 0 {
            break;
        }
        put(out, &mut behind, &buf[..n], dest)?;
        found.bytes += n as u64;
    }
    Ok(found)
}

/// `eseutil copy`: copies `src` to `to` (see the module header). Refused: a
/// destination that exists (`JET_errFileAlreadyExists`) or is the source.
pub fn copy(
    src: &Path,
    to: Option<PathBuf>,
    ignore_errors: bool,
    as_json: bool,
) -> Result<ExitCode> {
    let started = Instant::now();
    let dest = destination(src, to)?;
    let meta = std::fs::metadata(src).map_err(|e| io_err(e, src))?;
    if dest.exists() {
        return Err(
            Error::with(ErrorCode::FileAlreadyExists, "the destination exists").file(&dest),
        );
    }
    if !as_json {
        say!("Initiating COPY FILE mode...");
        say!("     Source File: {}", src.display());
        say!("Destination File: {}", dest.display());
        say!();
    }
    let mut out = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&dest)
        .map_err(|e| io_err(e, &dest))?;
    let copied = if is_database(src) {
        copy_database(src, &mut out, &dest, ignore_errors)
    } else {
        copy_plain(src, &mut out, &dest)
    }
    .and_then(|found| {
        out.sync_all().map_err(|e| io_err(e, &dest))?;
        std::fs::set_permissions(&dest, meta.permissions()).map_err(|e| io_err(e, &dest))?;
        Ok(found)
    });
    drop(out);
    let found = match copied {
        Ok(f) => f,
        Err(e) => {
            let _ = std::fs::remove_file(&dest);
            return Err(e);
        }
    };
    let secs = started.elapsed().as_secs_f64();
    let mb_s = found.bytes as f64 / 1e6 / secs.max(1e-9);
    if as_json {
        say!(
            "{}",
            json!({
                "source": src.display().to_string(),
                "destination": dest.display().to_string(),
                "database": found.database,
                "bytes": found.bytes,
                "pages": found.pages,
                "verified": found.report.ok,
                "uninitialized": found.report.zero,
                "correctable": found.report.correctable,
                "bad": found.report.bad_owned,
                "outside_owned_space": found.report.outside_owned,
                "seconds": secs,
                "mb_per_s": mb_s,
            })
        );
        return Ok(ExitCode::SUCCESS);
    }
    if found.database {
        say!(
            "  {} pages: {} verified, {} uninitialized, {} correctable (single-bit), {} bad",
            found.pages,
            found.report.ok,
            found.report.zero,
            found.report.correctable.len(),
            found.report.bad_owned.len()
        );
        if !found.report.bad_owned.is_empty() {
            say!(
                "  copied as they are, not verifying: pages {:?}",
                found.report.bad_owned
            );
        }
        if !found.report.outside_owned.is_empty() {
            say!(
                "  {} pages outside the owned space do not verify; copied as they are (not part of the database)",
                found.report.outside_owned.len()
            );
        }
    } else {
        say!("  not a database: copied as it is, not verified");
    }
    say!("  {} bytes at {mb_s:.1} MB/s", found.bytes);
    say!();
    say!("Operation completed successfully in {secs:.3} seconds.");
    Ok(ExitCode::SUCCESS)
}
