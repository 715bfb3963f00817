//! The write-ahead log: writer with group commit, reader, generations and the
//! checkpoint file.
//!
//! This layer owns the files of one log stream in one directory: the current
//! generation `<base>.log`, finished generations `<base>XXXXXXXX.log`, the
//! file being prepared as the next generation `<base>tmp.log`, the reserves
//! `<base>res00001.jrs`… and the checkpoint `<base>.chk`. The bytes are those
//! of [`crate::format::log`]; the rules are in `docs/design/log-format.md`.
//!
//! What must hold:
//! * a sector that was synced is never written again; each flush writes one
//!   block of whole sectors at a sector boundary and syncs it before the next
//!   block is written, so a power cut can only tear the last block;
//! * a record reported durable ([`LogWriter::flush_to`] returned `Ok`) is read
//!   back by [`LogReader`] after any power cut;
//! * a failed write, `set_len` or sync makes the writer fail for good with
//!   `JET_errLogWriteFail`; fsync is never retried;
//! * a full disk while starting a generation is not fatal: reserves are used,
//!   then `JET_errLogDiskFull` is returned until space is back.
//!
//! All I/O goes through [`ese_os::FileSystem`]; time through [`ese_os::Clock`].

mod checkpoint;
mod reader;
mod writer;

pub use checkpoint::Checkpoint;
pub use reader::{read_header, verify_finished_file};
pub use reader::{LogEnd, LogIter, LogReader, ReadEnd};
pub(crate) use writer::LogPause;
pub use writer::{BackgroundFlusher, LogWriter};

use crate::error::{Error, ErrorCode, Result};
use ese_os::FileSystem;
use std::path::{Path, PathBuf};

/// ESE's default log file size (`JET_paramLogFileSize`, 5120 KiB).
pub const DEFAULT_LOG_FILE_SIZE: u64 = 5120 * 1024;
/// The smallest log file size accepted.
pub const MIN_LOG_FILE_SIZE: u64 = crate::format::log::MIN_FILE_SIZE;
/// The default number of reserve files.
pub const DEFAULT_RESERVE_FILES: u32 = 2;
/// The default largest block payload: a record stream longer than this is
/// written as several blocks (the log buffer size).
pub const DEFAULT_BUFFER_SIZE: usize = 1024 * 1024;

/// The default of [`LogConfig::group_wait_max`]. Measured with 8 committers on
/// 2 cores and a disk syncing in about 170 µs, the wait on the processor raised
/// the commits per second by about 30% (`docs/benchmarks.md`, "Group commit:
/// the halves merged on the processor").
pub const DEFAULT_GROUP_WAIT_MAX: std::time::Duration = std::time::Duration::from_micros(300);

/// The default of [`LogConfig::flush_spin_max`]. Measured with 8 committers on
/// 2 cores and a disk syncing in about 150 µs, waiting on the processor raised
/// the commits per second by a third (`docs/benchmarks.md`, "Group commit:
/// committers waiting on the processor").
pub const DEFAULT_FLUSH_SPIN_MAX: std::time::Duration = std::time::Duration::from_millis(1);

/// Where and how a log stream is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogConfig {
    /// The log directory.
    pub dir: PathBuf,
    /// The three-character base name, such as `edb`.
    pub base: String,
    /// Size of every log file in bytes (multiple of `sector_size`, at least
    /// [`MIN_LOG_FILE_SIZE`], at most 65535 sectors).
    pub file_size: u64,
    /// 512 or 4096.
    pub sector_size: u32,
    /// Circular logging: the owner of the checkpoint deletes generations the
    /// checkpoint no longer needs with [`LogWriter::delete_generations_below`].
    pub circular: bool,
    /// How many reserve files are kept for a full disk.
    pub reserve_files: u32,
    /// The largest payload of one block; a flush of more writes it in several
    /// blocks (records then continue from one block into the next).
    pub buffer_size: usize,
    /// The longest a committer about to flush waits for the committers on
    /// their way, like PostgreSQL's `commit_delay` (see `LogWriter::flush_to`);
    /// the wait is on the processor, bounded also by half the last flush's own
    /// write-and-sync time, and there is none when that flush took longer than
    /// [`LogConfig::flush_spin_max`]. Zero turns it off.
    pub group_wait_max: std::time::Duration,
    /// The longest a committer whose commit waits for a flush already running
    /// waits for its end on the processor (yielding it to other threads
    /// between looks) instead of sleeping until it is woken; the wait is also
    /// bounded by twice the last flush's write-and-sync time, and there is none
    /// when that flush took longer than this. On a fast disk a sleeping
    /// committer's wake-up is a large part of its commit. Zero turns it off.
    pub flush_spin_max: std::time::Duration,
}

impl LogConfig {
    /// The defaults of ESE for `dir` and `base`.
    pub fn new(dir: impl Into<PathBuf>, base: &str) -> Self {
        LogConfig {
            dir: dir.into(),
            base: base.to_string(),
            file_size: DEFAULT_LOG_FILE_SIZE,
            sector_size: 512,
            circular: false,
            reserve_files: DEFAULT_RESERVE_FILES,
            buffer_size: DEFAULT_BUFFER_SIZE,
            group_wait_max: DEFAULT_GROUP_WAIT_MAX,
            flush_spin_max: DEFAULT_FLUSH_SPIN_MAX,
        }
    }

    /// Checks the settings: `JET_errInvalidParameter` when one is out of range.
    pub fn validate(&self) -> Result<()> {
        let bad = |w: &str| Err(Error::with(ErrorCode::InvalidParameter, w.to_string()));
        check_base(&self.base)?;
        if !matches!(self.sector_size, 512 | 4096) {
            return bad("log sector size must be 512 or 4096");
        }
        if !crate::format::log::file_size_fits(self.file_size, self.sector_size) {
            return bad("log file size out of range or not whole sectors");
        }
        if self.buffer_size < 1024 || self.buffer_size > (u32::MAX / 2) as usize {
            return bad("log buffer size out of range");
        }
        Ok(())
    }

    /// The path of a file in the log directory.
    pub fn path(&self, name: &str) -> PathBuf {
        ese_os::join(&self.dir, name)
    }
}

fn check_base(base: &str) -> Result<()> {
    if base.len() == 3 && base.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(())
    } else {
        Err(Error::with(
            ErrorCode::InvalidParameter,
            format!("log base name {base:?} is not three letters or digits"),
        ))
    }
}

/// `<base>.log`: the current generation.
pub fn current_log_name(base: &str) -> String {
    format!("{base}.log")
}

/// `<base>XXXXXXXX.log`: a finished generation (8 uppercase hex digits).
pub fn numbered_log_name(base: &str, generation: u32) -> String {
    format!("{base}{generation:08X}.log")
}

/// `<base>tmp.log`: the next generation while it is being prepared.
pub fn tmp_log_name(base: &str) -> String {
    format!("{base}tmp.log")
}

/// `<base>.chk`: the checkpoint file.
pub fn checkpoint_name(base: &str) -> String {
    format!("{base}.chk")
}

/// `<base>rst.env`: present in the checkpoint directory while a restore into
/// the log directory runs; an instance refuses to start over it.
pub fn restore_marker_name(base: &str) -> String {
    format!("{base}rst.env")
}

/// `<base>resNNNNN.jrs`: reserve file number `n` (1-based).
pub fn reserve_name(base: &str, n: u32) -> String {
    format!("{base}res{n:05}.jrs")
}

/// The generation a numbered log file name carries, if `name` is one of
/// `base`'s numbered logs (case of the base and of the hex digits ignored).
pub fn parse_numbered_log_name(base: &str, name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    let rest = lower.strip_prefix(&base.to_ascii_lowercase())?;
    let hex = rest.strip_suffix(".log")?;
    if hex.len() != 8 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(hex, 16).ok()
}

/// The numbered generations present in `dir`, sorted.
pub fn list_generations(fs: &dyn FileSystem, dir: &Path, base: &str) -> Result<Vec<u32>> {
    let names = fs.read_dir(dir).map_err(|e| Error::io(e).file(dir))?;
    let mut gens: Vec<u32> = names
        .iter()
        .filter_map(|n| parse_numbered_log_name(base, n))
        .collect();
    gens.sort_unstable();
    gens.dedup();
    Ok(gens)
}

/// Deletes every numbered generation below `generation`, oldest first, syncing
/// the directory after each; returns how many files were removed. The current `<base>.log`
/// is never touched.
pub fn delete_generations_below(
    fs: &dyn FileSystem,
    dir: &Path,
    base: &str,
    generation: u32,
) -> Result<usize> {
    let mut removed = 0;
    for g in list_generations(fs, dir, base)? {
        if g < generation {
            let p = ese_os::join(dir, &numbered_log_name(base, g));
            fs.remove_file(&p).map_err(|e| Error::io(e).file(&p))?;
            // Durable before the next one goes: a crash leaves the generations
            // on disk contiguous.
            fs.sync_dir(dir).map_err(|e| Error::io(e).file(dir))?;
            removed += 1;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_ese() {
        assert_eq!(current_log_name("edb"), "edb.log");
        assert_eq!(numbered_log_name("edb", 0x1A), "edb0000001A.log");
        assert_eq!(checkpoint_name("edb"), "edb.chk");
        assert_eq!(reserve_name("edb", 1), "edbres00001.jrs");
        assert_eq!(reserve_name("edb", 2), "edbres00002.jrs");
        assert_eq!(
            parse_numbered_log_name("edb", "edb0000001A.log"),
            Some(0x1A)
        );
        assert_eq!(
            parse_numbered_log_name("edb", "EDB0000001a.LOG"),
            Some(0x1A)
        );
        assert_eq!(parse_numbered_log_name("edb", "edb.log"), None);
        assert_eq!(parse_numbered_log_name("edb", "edbtmp.log"), None);
        assert_eq!(parse_numbered_log_name("edb", "abc0000001A.log"), None);
        assert_eq!(parse_numbered_log_name("edb", "edb000001A.log"), None);
    }

    #[test]
    fn config_is_validated() {
        let mut c = LogConfig::new("/l", "edb");
        assert!(c.validate().is_ok());
        c.file_size = 1000;
        assert!(c.validate().is_err());
        c.file_size = MIN_LOG_FILE_SIZE;
        c.sector_size = 1024;
        assert!(c.validate().is_err());
        c.sector_size = 512;
        c.base = "toolong".into();
        assert!(c.validate().is_err());
        c.base = "edb".into();
        c.file_size = 65536 * 512;
        assert!(c.validate().is_err());
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod writer_reader_tests;
