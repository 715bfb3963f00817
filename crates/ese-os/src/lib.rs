//! The I/O seam of ese-rs.
//!
//! Every byte the engine reads or writes, every fsync, every directory change, the
//! clock and the random numbers go through the traits of this crate, so that any
//! test can swap the real machine for a deterministic one and replay a run from a
//! seed. What must hold:
//!
//! - I/O is positional only (`read_at`/`write_at`); there is no shared seek cursor.
//! - A [`File`] reports what its device guarantees (`sector_size`), so torn-write
//!   handling above can reason in sectors.
//! - Errors are plain [`std::io::Error`]s; the engine classifies them into `JET_err`
//!   codes at exactly one place.
//!
//! Implementations: [`StdFs`] (real files), [`MemFs`] (in memory) and [`SimFs`]
//! (a simulated disk with a volatile and a durable image per file, power cuts that
//! keep, drop or tear unsynced writes, and a fault plan).

use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

mod arena;
mod clock;
#[cfg(target_os = "linux")]
mod direct;
mod mem;
mod ns;
mod sim;
mod std_fs;
mod write_behind;

pub use arena::{page_buffers, PageBuf};
pub use clock::{
    Clock, Rng, SimClock, SplitMix64, SystemClock, SystemRng, SIM_CLOCK_DEFAULT_UNIX_SECS,
};
pub use mem::MemFs;
pub use sim::{
    DirPolicy, Fault, FaultKind, FaultOp, Persistence, PowerCutReport, SimConfig, SimError, SimFs,
    TearPolicy,
};
pub use std_fs::{StdFs, LOCK_GRACE};
pub use write_behind::WriteBehind;

/// How a file is opened by [`FileSystem::open`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenOptions {
    /// Allow writes through the handle.
    pub write: bool,
    /// Create the file when it does not exist.
    pub create: bool,
    /// Fail with `AlreadyExists` when the file exists (implies `create`).
    pub create_new: bool,
    /// Truncate the file to zero length on open.
    pub truncate: bool,
}

impl OpenOptions {
    /// Read-only open of an existing file.
    pub const fn read_only() -> Self {
        OpenOptions {
            write: false,
            create: false,
            create_new: false,
            truncate: false,
        }
    }
    /// Read-write open of an existing file.
    pub const fn read_write() -> Self {
        OpenOptions {
            write: true,
            create: false,
            create_new: false,
            truncate: false,
        }
    }
    /// Create a new file; fails if it exists.
    pub const fn create_new() -> Self {
        OpenOptions {
            write: true,
            create: true,
            create_new: true,
            truncate: false,
        }
    }
    /// Create the file or truncate an existing one.
    pub const fn create_truncate() -> Self {
        OpenOptions {
            write: true,
            create: true,
            create_new: false,
            truncate: true,
        }
    }
}

/// What kind of directory entry a path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file.
    File,
    /// A directory.
    Dir,
}

/// An open file: positional I/O plus the durability calls.
///
/// Implementations are shared between threads; every call is independent of the
/// others (no cursor).
pub trait File: Send + Sync + std::fmt::Debug {
    /// Reads exactly `buf.len()` bytes at `offset`. Reading past the end of the
    /// file fails with `UnexpectedEof`.
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()>;
    /// Writes all of `buf` at `offset`, growing the file when needed.
    fn write_at(&self, offset: u64, buf: &[u8]) -> io::Result<()>;
    /// [`File::write_at`] of a write the caller is about to make durable with
    /// [`File::sync_data`] (a log block): on a file system that allows it, the
    /// bytes go to the device without passing through the page cache (Linux
    /// `O_DIRECT`, for writes of whole 512-byte sectors at sector offsets into
    /// space the file already has), which saves the sync the copy into the cache
    /// and its write-back. What is durable, and when, is as for `write_at`: only
    /// what `sync_data` returned after. The default is `write_at`.
    fn write_direct_at(&self, offset: u64, buf: &[u8]) -> io::Result<()> {
        self.write_at(offset, buf)
    }
    /// The current length of the file in bytes.
    fn len(&self) -> io::Result<u64>;
    /// Whether the file is empty.
    fn is_empty(&self) -> io::Result<bool> {
        Ok(self.len()? == 0)
    }
    /// Sets the length of the file (truncates or zero-extends).
    fn set_len(&self, len: u64) -> io::Result<()>;
    /// Makes the data written so far durable (fdatasync).
    fn sync_data(&self) -> io::Result<()>;
    /// Makes data and metadata (length) durable (fsync).
    fn sync_all(&self) -> io::Result<()> {
        self.sync_data()
    }
    /// Hands the file's written data to the device and waits until the device
    /// has it, without a cache flush: no durability promise, but a later
    /// `sync_data` (of this file or another on the same device) no longer waits
    /// behind that data. Background writers call it every few hundred KiB so
    /// that a committer's sync never queues behind megabytes. The default does
    /// nothing (files without a device behind them).
    fn write_behind(&self) -> io::Result<()> {
        Ok(())
    }
    /// The device's sector size: the unit a power cut may tear writes into.
    fn sector_size(&self) -> u32 {
        512
    }
}

/// A file system: opens files and changes directories.
pub trait FileSystem: Send + Sync + std::fmt::Debug {
    /// Opens (or creates, by `opts`) the file at `path`.
    fn open(&self, path: &Path, opts: OpenOptions) -> io::Result<Box<dyn File>>;
    /// Removes a file.
    fn remove_file(&self, path: &Path) -> io::Result<()>;
    /// Renames a file, replacing `to` if it exists.
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    /// Lists the names (not full paths) in a directory, sorted.
    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>>;
    /// Creates a directory and its missing parents.
    fn create_dir_all(&self, path: &Path) -> io::Result<()>;
    /// Removes an empty directory.
    fn remove_dir(&self, path: &Path) -> io::Result<()>;
    /// What `path` names, or `None` when nothing is there.
    fn kind(&self, path: &Path) -> io::Result<Option<EntryKind>>;
    /// Makes the entries of directory `path` (creates, renames, removes) durable.
    fn sync_dir(&self, path: &Path) -> io::Result<()>;
    /// Whether `path` itself is a symbolic link (not followed). File systems
    /// without links answer `false`.
    fn is_symlink(&self, path: &Path) -> io::Result<bool> {
        let _ = path;
        Ok(false)
    }
    /// Whether something exists at `path`.
    fn exists(&self, path: &Path) -> bool {
        matches!(self.kind(path), Ok(Some(_)))
    }
    /// Holds `path` (a folder or a file) for as long as the returned handle
    /// lives, so that no other process, and no other holder in this one, holds
    /// it at the same time: an advisory exclusive lock (`flock`) on the real
    /// file system, released when the handle is dropped or the process ends
    /// (a killed one included). Held elsewhere: `ErrorKind::WouldBlock`, once
    /// the lock stayed held for [`LOCK_GRACE`] (a lock just let go may still be
    /// held by a child process forked meanwhile, until it starts its program). File
    /// systems no other process can see (the in-memory and simulated ones) hold
    /// nothing and answer `Ok(None)`.
    fn lock_exclusive(&self, path: &Path) -> io::Result<Option<std::fs::File>> {
        let _ = path;
        Ok(None)
    }
}

/// A shared, dynamically dispatched file system.
pub type SharedFs = Arc<dyn FileSystem>;

/// Joins a directory and a file name the same way on every file system.
pub fn join(dir: &Path, name: &str) -> PathBuf {
    dir.join(name)
}

/// The largest file the in-memory file systems accept (1 TiB), so a wild offset
/// fails with `FileTooLarge` instead of exhausting memory.
pub const MAX_MEM_FILE_LEN: u64 = 1 << 40;

/// Locks `mutex`, carrying on after a panic in another holder: every critical
/// section here leaves its data consistent before anything that can panic.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The byte range `[offset, offset + len)` as `usize` bounds, or an error when it
/// overflows or passes [`MAX_MEM_FILE_LEN`].
pub(crate) fn span(offset: u64, len: usize) -> io::Result<(usize, usize)> {
    let end = offset
        .checked_add(len as u64)
        .filter(|&end| end <= MAX_MEM_FILE_LEN);
    match end {
        // Both bounds are at most MAX_MEM_FILE_LEN, which fits in usize on the
        // 64-bit targets this crate supports; `try_from` still guards others.
        Some(end) => match (usize::try_from(offset), usize::try_from(end)) {
            (Ok(start), Ok(end)) => Ok((start, end)),
            _ => Err(too_large()),
        },
        None => Err(too_large()),
    }
}

/// [`span`] for a read: a range past the size limit lies past the end of any
/// file, and reads as a real file's read past its end does (`UnexpectedEof`).
pub(crate) fn read_span(offset: u64, len: usize) -> io::Result<(usize, usize)> {
    span(offset, len).map_err(|_| past_end())
}

/// The error of a read past the end of a file.
pub(crate) fn past_end() -> io::Error {
    io::Error::new(io::ErrorKind::UnexpectedEof, "read past end of file")
}

fn too_large() -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        "offset past the in-memory file size limit",
    )
}

/// Rejects option combinations the operating system rejects too: creating or
/// truncating requires write access.
pub(crate) fn check_open_options(opts: OpenOptions) -> io::Result<()> {
    if (opts.create || opts.create_new || opts.truncate) && !opts.write {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "create and truncate need write access",
        ));
    }
    Ok(())
}
