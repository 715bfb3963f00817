//! [`MemFs`]: a file system held entirely in memory, for in-memory databases and
//! fast tests.
//!
//! What must hold:
//!
//! - It behaves like a POSIX file system for everything the [`FileSystem`] trait
//!   offers: reads past the end fail with `UnexpectedEof`, writes past the end
//!   zero-fill the gap, rename replaces its target, a removed file stays readable
//!   through handles opened before.
//! - Nothing is ever lost: there is no durability model (see [`crate::SimFs`] for
//!   one), so the sync calls only check their argument.
//! - Clones share one tree; a handle shares its file's bytes with every other
//!   handle of that file.

use crate::ns::{is_a_dir, normalize, not_found, Entry, Namespace};
use crate::{lock, past_end, read_span, span, EntryKind, File, FileSystem, OpenOptions};
use std::fmt;
use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex};

type Bytes = Arc<Mutex<Vec<u8>>>;

/// An in-memory file system. Cheap to clone; clones share the same files.
#[derive(Clone)]
pub struct MemFs {
    tree: Arc<Mutex<Namespace<Bytes>>>,
}

impl fmt::Debug for MemFs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A summary: the contents can be megabytes.
        f.debug_struct("MemFs")
            .field("entries", &lock(&self.tree).len())
            .finish()
    }
}

impl MemFs {
    /// An empty file system (only the roots `/` and `.` exist).
    pub fn new() -> Self {
        MemFs {
            tree: Arc::new(Mutex::new(Namespace::new())),
        }
    }
}

impl Default for MemFs {
    fn default() -> Self {
        MemFs::new()
    }
}

struct MemFile {
    bytes: Bytes,
    writable: bool,
}

impl fmt::Debug for MemFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemFile")
            .field("len", &lock(&self.bytes).len())
            .field("writable", &self.writable)
            .finish()
    }
}

fn read_only() -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        "file not opened for writing",
    )
}

impl File for MemFile {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        let bytes = lock(&self.bytes);
        let (start, end) = read_span(offset, buf.len())?;
        if end > bytes.len() {
            return Err(past_end());
        }
        buf.copy_from_slice(&bytes[start..end]);
        Ok(())
    }
    fn write_at(&self, offset: u64, buf: &[u8]) -> io::Result<()> {
        if !self.writable {
            return Err(read_only());
        }
        let (start, end) = span(offset, buf.len())?;
        if buf.is_empty() {
            return Ok(());
        }
        let mut bytes = lock(&self.bytes);
        if end > bytes.len() {
            bytes.resize(end, 0);
        }
        bytes[start..end].copy_from_slice(buf);
        Ok(())
    }
    fn len(&self) -> io::Result<u64> {
        Ok(lock(&self.bytes).len() as u64)
    }
    fn set_len(&self, len: u64) -> io::Result<()> {
        if !self.writable {
            return Err(read_only());
        }
        let (_, end) = span(len, 0)?;
        lock(&self.bytes).resize(end, 0);
        Ok(())
    }
    fn sync_data(&self) -> io::Result<()> {
        Ok(())
    }
}

impl FileSystem for MemFs {
    fn open(&self, path: &Path, opts: OpenOptions) -> io::Result<Box<dyn File>> {
        crate::check_open_options(opts)?;
        let path = normalize(path);
        let mut tree = lock(&self.tree);
        let bytes = match tree.get(&path) {
            Some(Entry::Dir) => return Err(is_a_dir(&path)),
            Some(Entry::File(_)) if opts.create_new => {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!("{}: file exists", path.display()),
                ))
            }
            Some(Entry::File(bytes)) => {
                if opts.truncate {
                    lock(&bytes).clear();
                }
                bytes
            }
            None if opts.create || opts.create_new => {
                tree.check_parent(&path)?;
                let bytes: Bytes = Arc::new(Mutex::new(Vec::new()));
                tree.insert(path, Entry::File(bytes.clone()));
                bytes
            }
            None => return Err(not_found(&path)),
        };
        Ok(Box::new(MemFile {
            bytes,
            writable: opts.write,
        }))
    }
    fn remove_file(&self, path: &Path) -> io::Result<()> {
        let path = normalize(path);
        let mut tree = lock(&self.tree);
        match tree.get(&path) {
            Some(Entry::File(_)) => {
                tree.remove(&path);
                Ok(())
            }
            Some(Entry::Dir) => Err(is_a_dir(&path)),
            None => Err(not_found(&path)),
        }
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        let (from, to) = (normalize(from), normalize(to));
        let mut tree = lock(&self.tree);
        let bytes = tree.check_rename(&from, &to)?;
        if from != to {
            tree.remove(&from);
            tree.insert(to, Entry::File(bytes));
        }
        Ok(())
    }
    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        lock(&self.tree).children(&normalize(path))
    }
    fn create_dir_all(&self, path: &Path) -> io::Result<()> {
        let mut tree = lock(&self.tree);
        for dir in tree.missing_dirs(&normalize(path))? {
            tree.insert(dir, Entry::Dir);
        }
        Ok(())
    }
    fn remove_dir(&self, path: &Path) -> io::Result<()> {
        let path = normalize(path);
        let mut tree = lock(&self.tree);
        tree.check_remove_dir(&path)?;
        tree.remove(&path);
        Ok(())
    }
    fn kind(&self, path: &Path) -> io::Result<Option<EntryKind>> {
        Ok(lock(&self.tree).kind(&normalize(path)))
    }
    fn sync_dir(&self, path: &Path) -> io::Result<()> {
        let path = normalize(path);
        match lock(&self.tree).kind(&path) {
            Some(EntryKind::Dir) => Ok(()),
            Some(EntryKind::File) => Err(io::Error::new(
                io::ErrorKind::NotADirectory,
                format!("{}: not a directory", path.display()),
            )),
            None => Err(not_found(&path)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_share_bytes_and_survive_removal() {
        let fs = MemFs::new();
        let a = fs.open(Path::new("/f"), OpenOptions::create_new()).unwrap();
        let b = fs.open(Path::new("/f"), OpenOptions::read_only()).unwrap();
        a.write_at(3, b"xyz").unwrap();
        let mut buf = [9u8; 6];
        b.read_at(0, &mut buf).unwrap();
        assert_eq!(&buf, b"\0\0\0xyz");
        fs.remove_file(Path::new("/f")).unwrap();
        assert!(!fs.exists(Path::new("/f")));
        b.read_at(3, &mut buf[..3]).unwrap();
        assert_eq!(&buf[..3], b"xyz");
    }

    #[test]
    fn read_only_handle_refuses_writes() {
        let fs = MemFs::new();
        fs.open(Path::new("f"), OpenOptions::create_new()).unwrap();
        let r = fs.open(Path::new("./f"), OpenOptions::read_only()).unwrap();
        assert_eq!(
            r.write_at(0, b"a").unwrap_err().kind(),
            io::ErrorKind::PermissionDenied
        );
        assert_eq!(
            r.set_len(1).unwrap_err().kind(),
            io::ErrorKind::PermissionDenied
        );
    }

    #[test]
    fn truncate_on_open_clears() {
        let fs = MemFs::new();
        let f = fs.open(Path::new("/f"), OpenOptions::create_new()).unwrap();
        f.write_at(0, b"hello").unwrap();
        let g = fs
            .open(Path::new("/f"), OpenOptions::create_truncate())
            .unwrap();
        assert_eq!(g.len().unwrap(), 0);
        assert_eq!(f.len().unwrap(), 0);
    }
}
