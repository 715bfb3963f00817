//! Writes that bypass the page cache (Linux `O_DIRECT`) for [`crate::File::write_direct_at`].
//!
//! A log block written with `pwrite` is copied into the page cache, and the
//! `fdatasync` that makes it durable first walks the file's dirty pages and writes
//! them back; written with `O_DIRECT` the block goes to the device in the write
//! call, and the sync has only the device's cache to flush. On this project's
//! machine (a virtual disk) a log-like write of 512 to 2,048 bytes and its sync took
//! 44–46 µs buffered and 37–38 µs direct, and eight committing threads made about 6%
//! more commits (`docs/benchmarks.md`, "Log blocks written past the page cache").
//!
//! The file is opened a second time with `O_DIRECT` through `/proc/self/fd/N`
//! (the same file whatever it has been renamed to since), the first time a write
//! qualifies. `O_DIRECT` wants the buffer, the offset and the length aligned to the
//! device's logical block: offsets and lengths must be whole 512-byte sectors (else
//! the write is a plain one), and the bytes are copied into a page-aligned buffer
//! kept for the next write. When the file system refuses `O_DIRECT` (tmpfs) or a
//! direct write is refused with `EINVAL` (a device with larger logical blocks), the
//! file's writes are plain from then on.
//!
//! What must hold: a direct write leaves the file's bytes exactly as the plain write
//! would (the kernel drops its cached copies of the range it writes, so later reads
//! through either handle see the new bytes), and nothing is written twice or in part
//! when the direct write is refused.

use crate::{page_buffers, PageBuf};
use std::io;
use std::os::unix::fs::{FileExt, OpenOptionsExt};
use std::os::unix::io::AsRawFd;
use std::sync::{Mutex, PoisonError};

/// The unit `O_DIRECT` writes are aligned to here.
const SECTOR: u64 = 512;

/// The direct handle of one file, opened on first use.
#[derive(Debug, Default)]
pub(crate) struct Direct {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Whether the direct handle was tried (it is not tried again).
    tried: bool,
    /// The file opened with `O_DIRECT`; `None` when refused.
    file: Option<std::fs::File>,
    /// The aligned copy of the bytes of the last write, kept for the next.
    bounce: Option<PageBuf>,
}

impl Direct {
    /// Writes `buf` at `offset` of `file` straight to the device when it can (see the
    /// module header), else as a plain positional write.
    pub(crate) fn write_at(&self, file: &std::fs::File, offset: u64, buf: &[u8]) -> io::Result<()> {
        if buf.is_empty()
            || !offset.is_multiple_of(SECTOR)
            || !(buf.len() as u64).is_multiple_of(SECTOR)
        {
            return file.write_all_at(buf, offset);
        }
        let mut guard = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let st = &mut *guard;
        if !st.tried {
            st.tried = true;
            st.file = reopen_direct(file);
        }
        let Some(direct) = st.file.as_ref() else {
            return file.write_all_at(buf, offset);
        };
        if st.bounce.as_ref().is_none_or(|b| b.len() < buf.len()) {
            // Whole 64 KiB steps, so that a growing block does not reallocate each time.
            st.bounce = buf
                .len()
                .checked_next_multiple_of(64 << 10)
                .and_then(|n| page_buffers(1, n))
                .and_then(|mut v| v.pop());
        }
        let Some(bounce) = st.bounce.as_mut() else {
            return file.write_all_at(buf, offset);
        };
        let aligned = &mut bounce[..buf.len()];
        aligned.copy_from_slice(buf);
        match direct.write_all_at(aligned, offset) {
            Err(e) if e.raw_os_error() == Some(libc::EINVAL) => {
                // Refused before anything was written: plain writes from now on.
                st.file = None;
                file.write_all_at(buf, offset)
            }
            r => r,
        }
    }
}

/// `file` opened again for reading and writing with `O_DIRECT`, or `None` when the
/// file system does not allow it.
fn reopen_direct(file: &std::fs::File) -> Option<std::fs::File> {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_DIRECT)
        .open(format!("/proc/self/fd/{}", file.as_raw_fd()))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `path` lies on a tmpfs, which refuses `O_DIRECT`.
    fn on_tmpfs(path: &std::path::Path) -> bool {
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
        // SAFETY: `c` is a NUL-terminated path and `st` a writable `statfs` the call fills.
        let mut st: libc::statfs = unsafe { std::mem::zeroed() };
        // SAFETY: as above.
        let r = unsafe { libc::statfs(c.as_ptr(), &mut st) };
        assert_eq!(r, 0, "statfs {}", path.display());
        st.f_type == libc::TMPFS_MAGIC
    }

    #[test]
    fn whole_sectors_go_direct_where_the_file_system_allows() {
        let dir = std::env::temp_dir().join(format!("ese-os-direct-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("f");
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)
            .unwrap();
        file.write_all_at(&[0u8; 4096], 0).unwrap();
        let d = Direct::default();
        // Not whole sectors: a plain write, the direct handle not even tried.
        d.write_at(&file, 10, b"x").unwrap();
        assert!(!d.state.lock().unwrap().tried);
        d.write_at(&file, 1024, &[9u8; 1024]).unwrap();
        let st = d.state.lock().unwrap();
        assert!(st.tried);
        assert_eq!(st.file.is_some(), !on_tmpfs(&dir), "O_DIRECT where allowed");
        drop(st);
        let mut back = [0u8; 4096];
        file.read_exact_at(&mut back, 0).unwrap();
        assert_eq!(back[10], b'x');
        assert!(back[1024..2048].iter().all(|&b| b == 9));
        assert!(back[2048..].iter().all(|&b| b == 0));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
