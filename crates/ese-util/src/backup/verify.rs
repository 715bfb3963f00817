//! Verification of a backup set without restoring it: the layout (plain names,
//! no links, every listed file present), every page checksum of each database
//! copy, its header and trailer, and every block of every log. A set given as
//! a tar file or stream is unpacked into a private temporary folder first.
//!
//! What must hold: verification only reads the set (the temporary folder of a
//! tar set is the only thing written, and it is always removed); a problem is
//! reported per file and never stops the check of the other files.

use super::manifest::{Manifest, MANIFEST_NAME};
use super::restore::unpack_entries;
use super::{mb_per_s, round3, Phase, Progress};
use ese::format::checksum::{verify_page, PageCheck};
use ese::format::header::{read_best, DbHeader};
use ese::format::log::LogFileHeader;
use ese::format::patch::PatchPage;
use ese::{Error, ErrorCode, Result};
use serde_json::{json, Value as Json};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// Bytes read at once while checking a database copy.
const CHUNK: usize = 4 << 20;

/// The most page problems listed per file (the rest are counted).
const LISTED_MOST: usize = 20;

/// The check of one file of a set.
#[derive(Debug, Clone)]
pub struct FileCheck {
    /// The file's name in the set.
    pub file: String,
    /// `database` or `log`.
    pub kind: &'static str,
    /// Its length.
    pub bytes: u64,
    /// Pages checked (databases).
    pub pages: u64,
    /// What is wrong; empty when the file is good.
    pub problems: Vec<String>,
}

impl FileCheck {
    /// The check as one JSON object.
    pub fn to_json(&self) -> Json {
        json!({
            "file": self.file,
            "kind": self.kind,
            "bytes": self.bytes,
            "pages": self.pages,
            "ok": self.problems.is_empty(),
            "problems": self.problems,
        })
    }
}

/// What [`verify_set`] found.
#[derive(Debug, Clone)]
pub struct VerifyReport {
    /// The set checked.
    pub set: PathBuf,
    /// Its manifest, when it could be read.
    pub manifest: Option<Manifest>,
    /// Problems of the set as a whole (manifest, names, links, missing files).
    pub problems: Vec<String>,
    /// Each file's check.
    pub files: Vec<FileCheck>,
    /// Bytes read.
    pub bytes: u64,
    /// Seconds it took.
    pub seconds: f64,
    /// `bytes` per second, in MB (10^6 bytes).
    pub mb_per_s: f64,
}

impl VerifyReport {
    /// Whether anything is wrong with the set.
    pub fn is_damaged(&self) -> bool {
        !self.problems.is_empty() || self.files.iter().any(|f| !f.problems.is_empty())
    }

    /// Every problem, prefixed with its file's name.
    pub fn all_problems(&self) -> Vec<String> {
        let mut out = self.problems.clone();
        for f in &self.files {
            out.extend(f.problems.iter().map(|p| format!("{}: {p}", f.file)));
        }
        out
    }

    /// The report as one JSON object.
    pub fn to_json(&self) -> Json {
        json!({
            "command": "verify-backup",
            "set": self.set.to_string_lossy(),
            "ok": !self.is_damaged(),
            "kind": self.manifest.as_ref().map(|m| m.kind.as_str()),
            "gen_low": self.manifest.as_ref().map(|m| m.gen_low),
            "gen_high": self.manifest.as_ref().map(|m| m.gen_high),
            "problems": self.problems,
            "files": self.files.iter().map(FileCheck::to_json).collect::<Vec<_>>(),
            "bytes": self.bytes,
            "seconds": round3(self.seconds),
            "mb_per_s": round3(self.mb_per_s),
        })
    }
}

/// Checks a set folder's layout and reads its manifest: the folder holds no
/// link, the manifest is a regular file naming only plain file names, and each
/// file it names is a regular file in the folder. `JET_errInvalidPath` for a
/// link or a name outside the set, `JET_errInvalidBackup` for a missing or bad
/// manifest, `JET_errFileNotFound` for a missing file.
pub(crate) fn check_layout(set: &Path) -> Result<Manifest> {
    let entries = std::fs::read_dir(set).map_err(|e| Error::io(e).file(set))?;
    for e in entries {
        let e = e.map_err(|e| Error::io(e).file(set))?;
        let t = e.file_type().map_err(|er| Error::io(er).file(e.path()))?;
        if t.is_symlink() {
            return Err(Error::with(
                ErrorCode::InvalidPath,
                format!(
                    "the backup set holds a link, {}: links are refused",
                    e.path().display()
                ),
            ));
        }
    }
    let mpath = set.join(MANIFEST_NAME);
    let meta = std::fs::symlink_metadata(&mpath).map_err(|_| {
        Error::with(
            ErrorCode::InvalidBackup,
            format!(
                "{} has no {MANIFEST_NAME}: not a finished backup set",
                set.display()
            ),
        )
    })?;
    if !meta.is_file() || meta.len() > 16 << 20 {
        return Err(Error::with(
            ErrorCode::InvalidBackup,
            format!("{} is not a manifest file", mpath.display()),
        ));
    }
    let text = std::fs::read_to_string(&mpath).map_err(|e| Error::io(e).file(&mpath))?;
    let m = Manifest::parse(&text)?;
    for name in m.files() {
        let p = set.join(name);
        match std::fs::symlink_metadata(&p) {
            Ok(meta) if meta.is_file() => {}
            Ok(_) => {
                return Err(Error::with(
                    ErrorCode::InvalidPath,
                    format!("{} is not a regular file", p.display()),
                ))
            }
            Err(_) => {
                return Err(Error::with(
                    ErrorCode::FileNotFound,
                    format!("{} is listed in {MANIFEST_NAME} but missing", p.display()),
                ))
            }
        }
    }
    Ok(m)
}

/// Checks every page and log of the backup set `set` (a set folder, or a tar
/// file of one) without restoring it. Problems are in the report
/// ([`VerifyReport::is_damaged`]); `Err` when `set` is neither a readable
/// folder nor a tar file, or when a tar file cannot be unpacked (see
/// [`verify_tar`]).
pub fn verify_set(set: &Path) -> Result<VerifyReport> {
    verify_set_with(set, None)
}

/// [`verify_set`], reporting progress after every chunk read.
pub fn verify_set_with(set: &Path, progress: Option<&dyn Fn(&Progress)>) -> Result<VerifyReport> {
    let meta = std::fs::metadata(set).map_err(|e| Error::io(e).file(set))?;
    if meta.is_file() {
        let f = std::fs::File::open(set).map_err(|e| Error::io(e).file(set))?;
        return verify_tar_as(std::io::BufReader::new(f), set, progress);
    }
    if !meta.is_dir() {
        return Err(Error::with(
            ErrorCode::InvalidPath,
            format!("{} is neither a set folder nor a tar file", set.display()),
        ));
    }
    verify_folder(set, progress)
}

/// Checks a backup set read as a tar stream (what `eseutil backup --to -`
/// writes). The stream is unpacked into a new private folder under the
/// system's temporary folder, with the checks `restore` makes on every entry
/// (a name that is not a plain file name, or an entry that is not a regular
/// file, is `JET_errInvalidPath`; an unreadable stream or a name given twice is
/// `JET_errInvalidBackup`), then checked as a set folder; the folder is removed
/// afterwards, whatever happened. The report names the set `-`.
pub fn verify_tar(reader: impl Read, progress: Option<&dyn Fn(&Progress)>) -> Result<VerifyReport> {
    verify_tar_as(reader, Path::new("-"), progress)
}

/// [`verify_tar`], naming the set `name` in the report.
fn verify_tar_as(
    reader: impl Read,
    name: &Path,
    progress: Option<&dyn Fn(&Progress)>,
) -> Result<VerifyReport> {
    let started = Instant::now();
    let unpack = Unpacked::create()?;
    unpack_entries(reader, &unpack.0)?;
    let mut report = verify_folder(&unpack.0, progress)?;
    report.set = name.to_path_buf();
    // The unpacking is part of the check: time it with the rest.
    report.seconds = started.elapsed().as_secs_f64();
    report.mb_per_s = mb_per_s(report.bytes, report.seconds);
    Ok(report)
}

/// A private temporary folder that a tar set is unpacked into; removed with
/// everything in it when dropped, so on every way out of a check.
struct Unpacked(PathBuf);

impl Unpacked {
    /// Makes a new folder (readable only by this user) under the system's
    /// temporary folder; a name that exists already is never reused.
    fn create() -> Result<Unpacked> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let base = std::env::temp_dir();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        loop {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let dir = base.join(format!(
                "eseutil-verify-{}-{nanos:08x}-{n}",
                std::process::id()
            ));
            match builder.create(&dir) {
                Ok(()) => return Ok(Unpacked(dir)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => {}
                Err(e) => return Err(Error::io(e).file(&dir)),
            }
        }
    }
}

impl Drop for Unpacked {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Checks the set folder `set`.
fn verify_folder(set: &Path, progress: Option<&dyn Fn(&Progress)>) -> Result<VerifyReport> {
    let started = Instant::now();
    let mut report = VerifyReport {
        set: set.to_path_buf(),
        manifest: None,
        problems: Vec::new(),
        files: Vec::new(),
        bytes: 0,
        seconds: 0.0,
        mb_per_s: 0.0,
    };
    let m = match check_layout(set) {
        Ok(m) => m,
        Err(e) => {
            report.problems.push(describe(&e));
            report.seconds = started.elapsed().as_secs_f64();
            return Ok(report);
        }
    };
    let total: u64 = m
        .files()
        .filter_map(|f| std::fs::metadata(set.join(f)).ok())
        .map(|meta| meta.len())
        .sum();
    let mut meter = Meter {
        progress,
        started,
        done: 0,
        total,
    };
    for d in &m.databases {
        let mut check = check_database(&set.join(&d.file), &d.file, &m, &mut meter);
        if check.bytes != d.bytes {
            check.problems.push(format!(
                "{} bytes where {MANIFEST_NAME} says {}",
                check.bytes, d.bytes
            ));
        }
        report.files.push(check);
    }
    let mut stream = None;
    for (g, name) in (m.gen_low..).zip(&m.logs) {
        let check = check_log(&set.join(name), name, g, &mut stream, &mut meter);
        report.files.push(check);
    }
    report.manifest = Some(m);
    report.bytes = meter.done;
    report.seconds = started.elapsed().as_secs_f64();
    report.mb_per_s = mb_per_s(report.bytes, report.seconds);
    meter.tick(Phase::Done, "");
    Ok(report)
}

/// An error as a line of a report (its text names the code).
pub(crate) fn describe(e: &Error) -> String {
    e.to_string()
}

struct Meter<'a> {
    progress: Option<&'a dyn Fn(&Progress)>,
    started: Instant,
    done: u64,
    total: u64,
}

impl Meter<'_> {
    fn add(&mut self, n: usize, phase: Phase, file: &str) {
        self.done += n as u64;
        self.tick(phase, file);
    }
    fn tick(&self, phase: Phase, file: &str) {
        if let Some(p) = self.progress {
            p(&Progress {
                phase,
                file: file.to_string(),
                done: self.done,
                total: self.total.max(self.done),
                seconds: self.started.elapsed().as_secs_f64(),
            });
        }
    }
}

fn check_log(
    path: &Path,
    name: &str,
    generation: u32,
    stream: &mut Option<ese::format::log::LogSignature>,
    meter: &mut Meter<'_>,
) -> FileCheck {
    let mut check = FileCheck {
        file: name.to_string(),
        kind: "log",
        bytes: 0,
        pages: 0,
        problems: Vec::new(),
    };
    let data = match std::fs::read(path) {
        Ok(d) => d,
        Err(e) => {
            check.problems.push(describe(&Error::io(e).file(path)));
            return check;
        }
    };
    check.bytes = data.len() as u64;
    meter.add(data.len(), Phase::Log, name);
    match ese::log::verify_finished_file(&data) {
        Ok(g) if g == generation => {}
        Ok(g) => check
            .problems
            .push(format!("holds generation {g:08X}, not {generation:08X}")),
        Err(e) => check.problems.push(describe(&e)),
    }
    if let Ok(h) = LogFileHeader::decode(&data) {
        match stream {
            None => *stream = Some(h.signature),
            Some(s) if *s != h.signature => check
                .problems
                .push("belongs to another log stream than the set's first log".into()),
            Some(_) => {}
        }
    }
    check
}

/// Finds the page size of a copy from its header pages.
fn header_of(head: &[u8]) -> Option<(DbHeader, usize)> {
    [4096usize, 8192, 16384, 32768].into_iter().find_map(|ps| {
        if head.len() < 2 * ps {
            return None;
        }
        let (h, _) = read_best(&head[..ps], &head[ps..2 * ps]).ok()?;
        (h.page_size() as usize == ps).then_some((h, ps))
    })
}

fn check_database(path: &Path, name: &str, m: &Manifest, meter: &mut Meter<'_>) -> FileCheck {
    let mut check = FileCheck {
        file: name.to_string(),
        kind: "database",
        bytes: 0,
        pages: 0,
        problems: Vec::new(),
    };
    if let Err(e) = check_database_pages(path, name, m, meter, &mut check) {
        check.problems.push(describe(&e));
    }
    check
}

fn check_database_pages(
    path: &Path,
    name: &str,
    m: &Manifest,
    meter: &mut Meter<'_>,
    check: &mut FileCheck,
) -> Result<()> {
    let io = |e: std::io::Error| Error::io(e).file(path);
    let mut f = std::fs::File::open(path).map_err(io)?;
    let len = f.metadata().map_err(io)?.len();
    check.bytes = len;
    let mut head = vec![0u8; (2 * 32768).min(len as usize)];
    f.read_exact(&mut head).map_err(io)?;
    let Some((header, ps)) = header_of(&head) else {
        return Err(Error::with(
            ErrorCode::DatabaseCorrupted,
            "neither header page decodes at any page size",
        ));
    };
    let ps64 = ps as u64;
    if len % ps64 != 0 || len < 3 * ps64 {
        return Err(Error::with(
            ErrorCode::DatabaseCorrupted,
            format!("{len} bytes: not whole pages of {ps} with a trailer"),
        ));
    }
    if header.backup_full_current.gen_low == 0 {
        check
            .problems
            .push("the header does not mark a backup copy".into());
    }
    let pages = len / ps64;
    let trailer_at = pages - 1;
    // Pages: physical page i (from 2) is database page i - 1.
    let mut reader =
        std::io::BufReader::with_capacity(CHUNK, std::fs::File::open(path).map_err(io)?);
    let mut page = vec![0u8; ps];
    let mut bad = 0u64;
    let mut chunk_bytes = 0usize;
    for i in 0..trailer_at {
        reader.read_exact(&mut page).map_err(io)?;
        chunk_bytes += ps;
        if chunk_bytes >= CHUNK {
            meter.add(chunk_bytes, Phase::Database, name);
            chunk_bytes = 0;
        }
        if i < 2 {
            continue;
        }
        let pgno = u32::try_from(i - 1).unwrap_or(u32::MAX);
        check.pages += 1;
        match verify_page(&page, pgno) {
            PageCheck::Ok | PageCheck::AllZero => {}
            _ => {
                bad += 1;
                if check.problems.len() < LISTED_MOST {
                    check
                        .problems
                        .push(format!("page {pgno} fails its checksum"));
                }
            }
        }
    }
    reader.read_exact(&mut page).map_err(io)?;
    meter.add(chunk_bytes + ps, Phase::Database, name);
    if bad > LISTED_MOST as u64 {
        check
            .problems
            .push(format!("{bad} pages fail their checksum in all"));
    }
    match PatchPage::decode(&page) {
        Err(e) => check
            .problems
            .push(format!("trailer page: {}", describe(&e))),
        Ok(t) => {
            if t.db_signature != header.signature || t.log_signature != header.log_signature {
                check
                    .problems
                    .push("the trailer page belongs to another database or log stream".into());
            }
            let first = t.backup.gen_low.min(t.checkpoint.generation);
            if first < m.gen_low || t.backup.gen_high > m.gen_high {
                check.problems.push(format!(
                    "needs logs {first:08X} to {:08X}; the set holds {:08X} to {:08X}",
                    t.backup.gen_high, m.gen_low, m.gen_high
                ));
            }
        }
    }
    Ok(())
}
