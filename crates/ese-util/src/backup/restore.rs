//! Restore of a backup set (a folder, a tar file or a tar stream) into a new
//! folder: the set is checked whole, the database copies are put in the folder,
//! and the engine's hard recovery (`external_restore`) replays the set's logs
//! into them. Afterwards an instance started with `InstanceOptions::in_dir` on
//! the folder attaches `<folder>/<name>.edb`.
//!
//! What must hold: nothing is written before the set's names, links and
//! contents were checked (a tar stream is unpacked first, into a temporary
//! folder inside the target, with the same checks on every entry); nothing is
//! written outside the target folder; the target must be missing or empty, and a
//! restore that fails leaves it as empty as it was.

use super::manifest::{check_name, Manifest, SetKind};
use super::verify::{check_layout, verify_set_with, VerifyReport};
use super::{mb_per_s, round3, sync_dir, Phase, Progress};
use ese::restore::{external_restore, ExternalRestore, RestoreMapEntry};
use ese::{Error, ErrorCode, Result};
use serde_json::{json, Value as Json};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// How a restore runs.
#[derive(Default)]
pub struct RestoreOptions<'a> {
    /// Called while the set is verified and copied.
    pub progress: Option<&'a dyn Fn(&Progress)>,
}

/// What a restore did.
#[derive(Debug, Clone)]
pub struct RestoreReport {
    /// The folder restored into.
    pub target: PathBuf,
    /// Each database: its original path and where it was restored.
    pub databases: Vec<(String, PathBuf)>,
    /// The log generations replayed from the set.
    pub gen_low: u32,
    /// The last one.
    pub gen_high: u32,
    /// Bytes of the set verified and copied.
    pub bytes: u64,
    /// Seconds verifying the set.
    pub verify_seconds: f64,
    /// Seconds in all.
    pub seconds: f64,
    /// `bytes` per second in all, in MB (10^6 bytes).
    pub mb_per_s: f64,
}

impl RestoreReport {
    /// The report as one JSON object.
    pub fn to_json(&self) -> Json {
        json!({
            "command": "restore",
            "target": self.target.to_string_lossy(),
            "databases": self.databases.iter()
                .map(|(o, p)| json!({"original": o, "restored": p.to_string_lossy()}))
                .collect::<Vec<_>>(),
            "gen_low": self.gen_low,
            "gen_high": self.gen_high,
            "bytes": self.bytes,
            "verify_seconds": round3(self.verify_seconds),
            "seconds": round3(self.seconds),
            "mb_per_s": round3(self.mb_per_s),
        })
    }
}

/// The temporary folder a tar stream is unpacked into, inside the target.
const UNPACK_DIR: &str = ".eseutil-restore-unpack";

/// Restores the backup set `set` (a set folder, or a tar file of one) into
/// `target_dir`, which must be missing or empty
/// (`JET_errBackupDirectoryNotEmpty`). Refused before anything is written: a
/// name outside the set or a link (`JET_errInvalidPath`), a missing or bad
/// manifest or an incremental set alone (`JET_errInvalidBackup`), a damaged set
/// (`JET_errDatabaseCorrupted`, listing what
/// [`super::verify_set`] found).
pub fn restore_set(
    set: &Path,
    target_dir: &Path,
    opts: &RestoreOptions<'_>,
) -> Result<RestoreReport> {
    let meta = std::fs::symlink_metadata(set).map_err(|e| Error::io(e).file(set))?;
    if meta.is_file() {
        let f = std::fs::File::open(set).map_err(|e| Error::io(e).file(set))?;
        return restore_tar(std::io::BufReader::new(f), target_dir, opts);
    }
    if !meta.is_dir() {
        return Err(Error::with(
            ErrorCode::InvalidPath,
            format!("{} is neither a set folder nor a tar file", set.display()),
        ));
    }
    let started = Instant::now();
    // Checked whole before the target is touched.
    let checked = check_set(set, opts)?;
    let made = prepare_target(target_dir)?;
    let result = restore_checked(set, target_dir, opts, false, started, checked);
    if result.is_err() {
        empty_target(target_dir, made);
    }
    result
}

/// Restores a backup set read as a tar stream (what `eseutil backup --to -`
/// writes) into `target_dir`. Every entry must be a regular file with a plain
/// name (links, folders and names with `..` or `/` are refused); the stream is
/// unpacked into a temporary folder inside the target, checked as a set folder,
/// and removed afterwards.
pub fn restore_tar(
    reader: impl Read,
    target_dir: &Path,
    opts: &RestoreOptions<'_>,
) -> Result<RestoreReport> {
    let started = Instant::now();
    let made = prepare_target(target_dir)?;
    let unpack = target_dir.join(UNPACK_DIR);
    let result = unpack_tar(reader, &unpack)
        .and_then(|()| check_set(&unpack, opts))
        .and_then(|checked| restore_checked(&unpack, target_dir, opts, true, started, checked));
    let _ = std::fs::remove_dir_all(&unpack);
    if result.is_err() {
        empty_target(target_dir, made);
    }
    result
}

/// Checks that the target is missing or empty and creates it; returns whether
/// it was made.
fn prepare_target(target: &Path) -> Result<bool> {
    match std::fs::symlink_metadata(target) {
        Ok(meta) if meta.is_dir() => {
            let mut entries = std::fs::read_dir(target).map_err(|e| Error::io(e).file(target))?;
            if entries.next().is_some() {
                return Err(Error::with(
                    ErrorCode::BackupDirectoryNotEmpty,
                    format!(
                        "{} is not empty: a restore goes into a new or empty folder",
                        target.display()
                    ),
                ));
            }
            Ok(false)
        }
        Ok(_) => Err(Error::with(
            ErrorCode::InvalidPath,
            format!("{} is not a folder", target.display()),
        )),
        Err(_) => {
            std::fs::create_dir_all(target).map_err(|e| Error::io(e).file(target))?;
            Ok(true)
        }
    }
}

/// Removes what a failed restore put in the target (it was empty before).
fn empty_target(target: &Path, made: bool) {
    if let Ok(entries) = std::fs::read_dir(target) {
        for e in entries.flatten() {
            let p = e.path();
            match e.file_type() {
                Ok(t) if t.is_dir() => {
                    let _ = std::fs::remove_dir_all(&p);
                }
                _ => {
                    let _ = std::fs::remove_file(&p);
                }
            }
        }
    }
    if made {
        let _ = std::fs::remove_dir(target);
    }
}

fn unpack_tar(reader: impl Read, dir: &Path) -> Result<()> {
    std::fs::create_dir(dir).map_err(|e| Error::io(e).file(dir))?;
    unpack_entries(reader, dir)
}

/// Unpacks a tar stream of a set into the existing empty folder `dir`. Every
/// entry must be a regular file with a plain name (`JET_errInvalidPath`
/// otherwise, before that entry is written); a stream that cannot be read or
/// names one file twice is `JET_errInvalidBackup`.
pub(crate) fn unpack_entries(reader: impl Read, dir: &Path) -> Result<()> {
    let mut archive = tar::Archive::new(reader);
    let bad_tar = |e: std::io::Error| {
        Error::with(
            ErrorCode::InvalidBackup,
            format!("the tar stream cannot be read: {e}"),
        )
    };
    for entry in archive.entries().map_err(bad_tar)? {
        let mut entry = entry.map_err(bad_tar)?;
        let raw = entry.path_bytes().into_owned();
        let name = String::from_utf8(raw).map_err(|_| {
            Error::with(
                ErrorCode::InvalidPath,
                "the tar stream names a file that is not UTF-8",
            )
        })?;
        check_name(&name)?;
        if entry.header().entry_type() != tar::EntryType::Regular {
            return Err(Error::with(
                ErrorCode::InvalidPath,
                format!(
                    "the tar entry {name:?} is not a regular file (links and folders are refused)"
                ),
            ));
        }
        let path = dir.join(&name);
        let mut out = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| {
                Error::with(
                    ErrorCode::InvalidBackup,
                    format!(
                        "the tar entry {name:?} cannot be unpacked (twice in the stream?): {e}"
                    ),
                )
            })?;
        std::io::copy(&mut entry, &mut out).map_err(bad_tar)?;
        out.flush().map_err(|e| Error::io(e).file(&path))?;
    }
    Ok(())
}

/// The layout and contents of a set, checked whole: its manifest and verification.
fn check_set(set: &Path, opts: &RestoreOptions<'_>) -> Result<(Manifest, VerifyReport)> {
    let m = check_layout(set)?;
    if m.kind == SetKind::Incremental {
        return Err(Error::with(
            ErrorCode::InvalidBackup,
            "an incremental set holds no database: add it to its full set's folder \
             (eseutil backup --incremental --to FOLDER) and restore that",
        ));
    }
    let verify = verify_set_with(set, opts.progress)?;
    if verify.is_damaged() {
        let problems = verify.all_problems();
        let shown: Vec<&str> = problems.iter().take(5).map(String::as_str).collect();
        return Err(Error::with(
            ErrorCode::DatabaseCorrupted,
            format!(
                "the backup set is damaged ({} problems; see eseutil verify-backup): {}; nothing was restored",
                problems.len(),
                shown.join("; ")
            ),
        ));
    }
    Ok((m, verify))
}

/// Restores a set [`check_set`] accepted into the prepared target.
fn restore_checked(
    set: &Path,
    target: &Path,
    opts: &RestoreOptions<'_>,
    set_inside_target: bool,
    started: Instant,
    (m, verify): (Manifest, VerifyReport),
) -> Result<RestoreReport> {
    let verify_seconds = started.elapsed().as_secs_f64();
    let target_abs = std::path::absolute(target).map_err(|e| Error::io(e).file(target))?;
    let mut map = Vec::new();
    let mut copied = 0u64;
    for d in &m.databases {
        let from = set.join(&d.file);
        let to = target_abs.join(&d.file);
        if set_inside_target {
            std::fs::rename(&from, &to).map_err(|e| Error::io(e).file(&to))?;
        } else {
            let at = Meter {
                before: verify.bytes + copied,
                total: verify.bytes + m.databases.iter().map(|d| d.bytes).sum::<u64>(),
                started,
            };
            copied += copy_file(&from, &to, &d.file, &at, opts)?;
        }
        map.push(RestoreMapEntry {
            database: d.original.clone(),
            new_database: to,
        });
    }
    sync_dir(&target_abs)?;
    let databases = map
        .iter()
        .map(|e| (e.database.clone(), e.new_database.clone()))
        .collect();
    let mut r = ExternalRestore::new(&target_abs, &target_abs, set);
    r.base_name = m.base_name.clone();
    r.gen_low = m.gen_low;
    r.gen_high = m.gen_high;
    r.map = map;
    external_restore(Arc::new(ese_os::StdFs), &r)?;
    sync_dir(&target_abs)?;
    let seconds = started.elapsed().as_secs_f64();
    let bytes = verify.bytes + copied;
    Ok(RestoreReport {
        target: target_abs,
        databases,
        gen_low: m.gen_low,
        gen_high: m.gen_high,
        bytes,
        verify_seconds,
        seconds,
        mb_per_s: mb_per_s(bytes, seconds),
    })
}

/// Copies a database copy into the target as a new file (created as the engine
/// creates its files, not with the set's permissions) and syncs it.
/// Where a copy stands in the whole restore, for progress.
struct Meter {
    before: u64,
    total: u64,
    started: Instant,
}

fn copy_file(
    from: &Path,
    to: &Path,
    name: &str,
    at: &Meter,
    opts: &RestoreOptions<'_>,
) -> Result<u64> {
    let mut src = std::fs::File::open(from).map_err(|e| Error::io(e).file(from))?;
    let mut dst = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(to)
        .map_err(|e| Error::io(e).file(to))?;
    let mut buf = vec![0u8; 4 << 20];
    let mut n = 0u64;
    loop {
        let got = src.read(&mut buf).map_err(|e| Error::io(e).file(from))?;
        if got == 0 {
            break;
        }
        dst.write_all(&buf[..got])
            .map_err(|e| Error::io(e).file(to))?;
        n += got as u64;
        if let Some(p) = opts.progress {
            p(&Progress {
                phase: Phase::Database,
                file: name.to_string(),
                done: at.before + n,
                total: at.total.max(at.before + n),
                seconds: at.started.elapsed().as_secs_f64(),
            });
        }
    }
    dst.sync_all().map_err(|e| Error::io(e).file(to))?;
    Ok(n)
}
