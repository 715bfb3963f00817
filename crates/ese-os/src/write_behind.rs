//! Streaming write-behind for a file written front to back with plain `std::fs::File`
//! writes (a backup set's file, a copy).
//!
//! Written without it, such a file piles up dirty pages in the operating system's cache
//! until its sync, which then writes them all at once; every `fdatasync` of another file on
//! the same device (a live instance's log) waits behind that burst. [`WriteBehind`] hands
//! the file to the device one chunk at a time as it is written: once a chunk is complete,
//! its write-back starts and the chunk before it is waited for and dropped from the cache,
//! so at most two chunks are ever queued at the device. Nothing here makes data durable:
//! the file's own sync at its end still does.
//!
//! On Linux this is `sync_file_range` and `posix_fadvise(POSIX_FADV_DONTNEED)`; elsewhere
//! waiting for a chunk is a `sync_data` of the file and starting one does nothing.
//!
//! What must hold: every byte reported to [`WriteBehind::wrote`] was written at the file's
//! next offset (the file is written sequentially from 0), and an error of the system calls
//! is returned, never ignored.

use std::io;

/// Paces the write-back of one sequentially written file; see the module documentation.
#[derive(Debug)]
pub struct WriteBehind {
    chunk: u64,
    /// Bytes written so far (the file's length).
    written: u64,
    /// End of the range whose write-back was started.
    started: u64,
    /// End of the range whose write-back was waited for.
    waited: u64,
}

impl WriteBehind {
    /// Pacing in chunks of `chunk` bytes (at least one byte).
    pub fn new(chunk: u64) -> WriteBehind {
        WriteBehind {
            chunk: chunk.max(1),
            written: 0,
            started: 0,
            waited: 0,
        }
    }

    /// `n` more bytes were written to `file` at its end. Once a chunk is complete, starts
    /// its write-back and waits for the chunk before it.
    pub fn wrote(&mut self, file: &std::fs::File, n: usize) -> io::Result<()> {
        self.written += n as u64;
        if self.written - self.started < self.chunk {
            return Ok(());
        }
        start(file, self.started, self.written - self.started)?;
        let (from, to) = (self.waited, self.started);
        self.started = self.written;
        if to > from {
            wait(file, from, to - from)?;
            self.waited = to;
        }
        Ok(())
    }
}

/// Starts the write-back of `len` bytes at `offset` without waiting for it.
#[cfg(target_os = "linux")]
fn start(file: &std::fs::File, offset: u64, len: u64) -> io::Result<()> {
    sync_range(file, offset, len, libc::SYNC_FILE_RANGE_WRITE)
}

/// Waits until `len` bytes at `offset` are written back, then drops them from the cache.
#[cfg(target_os = "linux")]
fn wait(file: &std::fs::File, offset: u64, len: u64) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    sync_range(
        file,
        offset,
        len,
        libc::SYNC_FILE_RANGE_WAIT_BEFORE
            | libc::SYNC_FILE_RANGE_WRITE
            | libc::SYNC_FILE_RANGE_WAIT_AFTER,
    )?;
    let (off, len) = to_off(offset, len)?;
    // SAFETY: `posix_fadvise` only reads its integer arguments; the descriptor belongs to
    // `file`, which the caller keeps open for the whole call.
    let r = unsafe { libc::posix_fadvise(file.as_raw_fd(), off, len, libc::POSIX_FADV_DONTNEED) };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::from_raw_os_error(r))
    }
}

#[cfg(target_os = "linux")]
fn to_off(offset: u64, len: u64) -> io::Result<(libc::off_t, libc::off_t)> {
    let conv = |v: u64| {
        libc::off_t::try_from(v)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "offset past off_t"))
    };
    Ok((conv(offset)?, conv(len)?))
}

/// `sync_file_range` of `len` bytes at `offset` (0 and 0: the whole file) with `flags`.
#[cfg(target_os = "linux")]
pub(crate) fn sync_range(
    file: &std::fs::File,
    offset: u64,
    len: u64,
    flags: libc::c_uint,
) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let (off, len) = to_off(offset, len)?;
    // SAFETY: `sync_file_range` only reads its integer arguments; the descriptor belongs to
    // `file`, which the caller keeps open for the whole call.
    let r = unsafe { libc::sync_file_range(file.as_raw_fd(), off, len, flags) };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn start(_file: &std::fs::File, _offset: u64, _len: u64) -> io::Result<()> {
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn wait(file: &std::fs::File, _offset: u64, _len: u64) -> io::Result<()> {
    file.sync_data()
}

#[cfg(test)]
mod tests {
    use super::WriteBehind;
    use std::io::Write;

    fn temp(name: &str) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("ese-os-wb-{}-{name}", std::process::id()))
    }

    #[test]
    fn chunks_start_and_are_waited_for_one_behind() {
        let path = temp("chunks");
        let mut f = std::fs::File::create(&path).unwrap();
        let mut wb = WriteBehind::new(4096);
        let block = vec![5u8; 1500];
        for _ in 0..10 {
            f.write_all(&block).unwrap();
            wb.wrote(&f, block.len()).unwrap();
        }
        // 15,000 bytes: chunks started at 4,500, 9,000 and 13,500 bytes; each start
        // waits for the one before it.
        assert_eq!(wb.written, 15_000);
        assert_eq!(wb.started, 13_500);
        assert_eq!(wb.waited, 9_000);
        f.sync_all().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), vec![5u8; 15_000]);
        std::fs::remove_file(&path).unwrap();
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_range_past_off_t_is_refused() {
        // A range past `off_t` is refused before any system call is made.
        let path = temp("err");
        let f = std::fs::File::create(&path).unwrap();
        let mut wb = WriteBehind::new(1);
        wb.written = u64::MAX - 1;
        let err = wb.wrote(&f, 1).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
        std::fs::remove_file(&path).unwrap();
    }
}
