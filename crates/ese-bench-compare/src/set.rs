//! A backup set: the files of one backup written into a target folder on the same disk as
//! the database, and made durable as a real backup is.
//!
//! Owns [`Set`] (the folder and its byte count) and [`SetFile`] (one file being written).
//! Files this crate writes itself are written behind in chunks of [`Set::write_behind`]
//! bytes (`ese_os::WriteBehind`: at most two chunks queued at the disk, as `eseutil backup`
//! writes a set) and synced at their end; without it they are synced every `sync_every`
//! bytes with `File::sync_data` (0: once, at the end of the file). Either way the set's
//! writes reach the disk in steps rather than in one long flush that the writer's commits
//! would queue behind. Files an engine's own backup call writes are synced once, when they
//! are adopted.
//!
//! What must hold: every byte counted is in a file of the folder, and every file of the set
//! and the folder itself are synced before [`Set::finish`] returns.

use crate::engines::Result;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Bytes of one read of a plain file copy.
pub const COPY_CHUNK: usize = 1 << 20;

/// The target folder of one backup and what has been written into it.
#[derive(Debug)]
pub struct Set {
    dir: PathBuf,
    sync_every: u64,
    behind: u64,
    bytes: u64,
    files: u64,
}

/// One file of a [`Set`] being written.
#[derive(Debug)]
pub struct SetFile {
    file: File,
    sync_every: u64,
    behind: Option<ese_os::WriteBehind>,
    unsynced: u64,
    written: u64,
}

impl SetFile {
    /// Appends `buf`, syncing the data every `sync_every` bytes.
    pub fn write(&mut self, buf: &[u8]) -> Result<()> {
        self.file.write_all(buf)?;
        self.written += buf.len() as u64;
        if let Some(wb) = &mut self.behind {
            wb.wrote(&self.file, buf.len())?;
            return Ok(());
        }
        self.unsynced += buf.len() as u64;
        if self.sync_every > 0 && self.unsynced >= self.sync_every {
            self.file.sync_data()?;
            self.unsynced = 0;
        }
        Ok(())
    }
}

impl Set {
    /// A new, empty set in `dir` (created; it must not exist), syncing its files every
    /// `sync_every` bytes (0: once per file).
    pub fn new(dir: &Path, sync_every: u64) -> Result<Set> {
        std::fs::create_dir(dir)?;
        Ok(Set {
            dir: dir.to_path_buf(),
            sync_every,
            behind: 0,
            bytes: 0,
            files: 0,
        })
    }

    /// Writes the set's files behind in chunks of `chunk` bytes (`ese_os::WriteBehind`)
    /// instead of syncing them every `sync_every` bytes; 0 leaves the syncs.
    pub fn write_behind(mut self, chunk: u64) -> Set {
        self.behind = chunk;
        self
    }

    /// The set's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Creates the file `name` (a plain name, no folder) in the set.
    pub fn create(&self, name: &str) -> Result<SetFile> {
        if name.contains('/') || name.contains("..") {
            return Err(format!("{name:?} is not a plain file name").into());
        }
        Ok(SetFile {
            file: File::create(self.dir.join(name))?,
            sync_every: self.sync_every,
            behind: (self.behind > 0).then(|| ese_os::WriteBehind::new(self.behind)),
            unsynced: 0,
            written: 0,
        })
    }

    /// Syncs `file` and counts it in the set.
    pub fn close(&mut self, file: SetFile) -> Result<()> {
        file.file.sync_all()?;
        self.bytes += file.written;
        self.files += 1;
        Ok(())
    }

    /// Copies the file `from` into the set as `name` with plain reads of [`COPY_CHUNK`]
    /// bytes; a file that is gone (a peer deleted it meanwhile) is skipped.
    pub fn copy_file(&mut self, from: &Path, name: &str) -> Result<()> {
        let mut src = match File::open(from) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e.into()),
        };
        let mut out = self.create(name)?;
        let mut buf = vec![0u8; COPY_CHUNK];
        loop {
            let n = src.read(&mut buf)?;
            if n == 0 {
                break;
            }
            out.write(&buf[..n])?;
        }
        self.close(out)
    }

    /// Copies every file of the folder `from` (not its subfolders) into the set (RocksDB's
    /// checkpoint).
    #[cfg_attr(not(feature = "rocksdb"), allow(dead_code))]
    pub fn copy_dir(&mut self, from: &Path) -> Result<()> {
        for entry in std::fs::read_dir(from)? {
            let entry = entry?;
            if entry.file_type()?.is_file() {
                let name = entry.file_name();
                let name = name.to_str().ok_or("a file name that is not UTF-8")?;
                self.copy_file(&entry.path(), name)?;
            }
        }
        Ok(())
    }

    /// Syncs and counts every file under `path` (a file or a folder, recursively) that an
    /// engine's own backup call wrote into the set.
    pub fn adopt(&mut self, path: &Path) -> Result<()> {
        let meta = std::fs::metadata(path)?;
        if meta.is_dir() {
            for entry in std::fs::read_dir(path)? {
                self.adopt(&entry?.path())?;
            }
            File::open(path)?.sync_all()?;
        } else {
            File::open(path)?.sync_all()?;
            self.bytes += meta.len();
            self.files += 1;
        }
        Ok(())
    }

    /// Syncs the folder; returns (bytes, files) of the set.
    pub fn finish(self) -> Result<(u64, u64)> {
        File::open(&self.dir)?.sync_all()?;
        Ok((self.bytes, self.files))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_and_counts() {
        let base = std::env::temp_dir().join(format!("ese-bench-set-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        std::fs::create_dir_all(&base).unwrap();
        let src = base.join("src.bin");
        std::fs::write(&src, vec![7u8; COPY_CHUNK + 5]).unwrap();
        let mut set = Set::new(&base.join("set"), 4096).unwrap();
        set.copy_file(&src, "copy.bin").unwrap();
        set.copy_file(&base.join("gone"), "gone").unwrap();
        let mut f = set.create("own.bin").unwrap();
        f.write(b"abc").unwrap();
        set.close(f).unwrap();
        assert!(set.create("../x").is_err());
        let (bytes, files) = set.finish().unwrap();
        assert_eq!((bytes, files), (COPY_CHUNK as u64 + 8, 2));
        assert_eq!(
            std::fs::read(base.join("set/copy.bin")).unwrap(),
            std::fs::read(&src).unwrap()
        );
        std::fs::remove_dir_all(&base).unwrap();
    }
}
