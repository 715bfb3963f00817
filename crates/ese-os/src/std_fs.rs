//! Real files through the operating system: `pread`/`pwrite`, `fdatasync`,
//! `sync_file_range` (Linux) for write-behind, and directory fsync. What must hold: no call keeps a seek position.

use crate::{EntryKind, File, FileSystem, OpenOptions};
use std::io;
use std::os::unix::fs::FileExt;
use std::path::Path;

/// The machine's real file system.
#[derive(Debug, Default, Clone, Copy)]
pub struct StdFs;

impl StdFs {
    /// A handle to the real file system.
    pub fn new() -> Self {
        StdFs
    }
}

#[derive(Debug)]
struct StdFile {
    file: std::fs::File,
    /// The same file opened with `O_DIRECT` for [`File::write_direct_at`].
    #[cfg(target_os = "linux")]
    direct: crate::direct::Direct,
}

impl File for StdFile {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        self.file.read_exact_at(buf, offset)
    }
    fn write_at(&self, offset: u64, buf: &[u8]) -> io::Result<()> {
        self.file.write_all_at(buf, offset)
    }
    #[cfg(target_os = "linux")]
    fn write_direct_at(&self, offset: u64, buf: &[u8]) -> io::Result<()> {
        self.direct.write_at(&self.file, offset, buf)
    }
    fn len(&self) -> io::Result<u64> {
        Ok(self.file.metadata()?.len())
    }
    fn set_len(&self, len: u64) -> io::Result<()> {
        self.file.set_len(len)
    }
    fn sync_data(&self) -> io::Result<()> {
        self.file.sync_data()
    }
    fn sync_all(&self) -> io::Result<()> {
        self.file.sync_all()
    }
    #[cfg(target_os = "linux")]
    fn write_behind(&self) -> io::Result<()> {
        // Offset 0 and length 0 name the whole file.
        crate::write_behind::sync_range(
            &self.file,
            0,
            0,
            libc::SYNC_FILE_RANGE_WAIT_BEFORE
                | libc::SYNC_FILE_RANGE_WRITE
                | libc::SYNC_FILE_RANGE_WAIT_AFTER,
        )
    }
}

/// How long [`StdFs::lock_exclusive`] keeps trying a lock held elsewhere
/// before it reports it: a child process forked by another thread of this
/// process holds every open file of its parent, locks included, until it
/// starts its program, so a lock this process just let go can still be held
/// for a moment after the handle that took it is closed.
pub const LOCK_GRACE: std::time::Duration = std::time::Duration::from_millis(200);

/// The pause between two tries of a lock within [`LOCK_GRACE`].
const LOCK_RETRY: std::time::Duration = std::time::Duration::from_millis(2);

impl FileSystem for StdFs {
    fn lock_exclusive(&self, path: &Path) -> io::Result<Option<std::fs::File>> {
        let held = std::fs::File::open(path)?;
        let start = std::time::Instant::now();
        loop {
            match held.try_lock() {
                Ok(()) => return Ok(Some(held)),
                Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < LOCK_GRACE => {
                    std::thread::sleep(LOCK_RETRY);
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(io::Error::new(
                        io::ErrorKind::WouldBlock,
                        format!(
                            "{} is in use by another instance or process",
                            path.display()
                        ),
                    ))
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(e),
            }
        }
    }

    fn open(&self, path: &Path, opts: OpenOptions) -> io::Result<Box<dyn File>> {
        if path.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "is a directory",
            ));
        }
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(opts.write)
            .create(opts.create && !opts.create_new)
            .create_new(opts.create_new)
            .truncate(opts.truncate)
            .open(path)?;
        Ok(Box::new(StdFile {
            file,
            #[cfg(target_os = "linux")]
            direct: Default::default(),
        }))
    }
    fn remove_file(&self, path: &Path) -> io::Result<()> {
        std::fs::remove_file(path)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        std::fs::rename(from, to)
    }
    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        let mut names = Vec::new();
        for entry in std::fs::read_dir(path)? {
            names.push(entry?.file_name().to_string_lossy().into_owned());
        }
        names.sort();
        Ok(names)
    }
    fn create_dir_all(&self, path: &Path) -> io::Result<()> {
        std::fs::create_dir_all(path)
    }
    fn remove_dir(&self, path: &Path) -> io::Result<()> {
        std::fs::remove_dir(path)
    }
    fn kind(&self, path: &Path) -> io::Result<Option<EntryKind>> {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => Ok(Some(EntryKind::Dir)),
            Ok(_) => Ok(Some(EntryKind::File)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }
    fn sync_dir(&self, path: &Path) -> io::Result<()> {
        std::fs::File::open(path)?.sync_all()
    }
    fn is_symlink(&self, path: &Path) -> io::Result<bool> {
        match std::fs::symlink_metadata(path) {
            Ok(m) => Ok(m.file_type().is_symlink()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e),
        }
    }
}
