//! The sort of key and bookmark pairs behind index builds and index checks: in memory
//! up to a budget, beyond it in sorted runs in temporary files merged on reading.
//!
//! Owns [`Entries`]. Entries are `(key, bookmark)` pairs ordered by key, then bookmark
//! (the leaf order of a non-unique index tree). They are held in one buffer, key and
//! bookmark back to back, plus 24 bytes of sort record each, up to a budget
//! (`Database::set_sort_memory`, [`SORT_MEMORY_MOST`] by default). Past that, as ESE's sort spills to its temporary database, the entries are
//! sorted and written as a run to a file of the database's temporary folder, through the
//! file system that folder is on (`ese-index-sort-<pid>-<n>.tmp`, removed when the sort
//! is dropped, whichever way it ends), and reading merges the runs.
//!
//! What must hold: the entries come back in order, every one once; a run that cannot be
//! written fails the push (`JET_errTempFileOpenError` when its file cannot be made, else
//! the I/O error), and one that cannot be read back ends the reading early with the
//! error kept for [`Sorted::finish`], never a shorter list taken as whole.

use crate::{Error, ErrorCode, Result};
use ese_os::{File, SharedFs};
use std::borrow::Cow;
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::path::{Path, PathBuf};

/// The bytes an index build or check sorts in memory by default (keys, bookmarks and 24
/// bytes of sort record per entry): 64 MiB.
pub(crate) const SORT_MEMORY_MOST: usize = 64 << 20;

/// Runs made by this process so far: the number in the next run's name.
static RUNS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Bytes of the buffer each run is written or read through.
const RUN_BUFFER: usize = 256 << 10;

/// One sort record: the key's first 8 bytes (big-endian, zero-padded), and where
/// key and bookmark lie in the entry buffer.
#[derive(Clone, Copy)]
struct SortEntry {
    head: u64,
    off: usize,
    key_len: u32,
    data_len: u32,
}

/// The (key, bookmark) pairs of an index being built or checked: sorted in memory up
/// to a budget, beyond it in sorted runs in temporary files (see the module header).
pub(crate) struct Entries {
    bytes: Vec<u8>,
    list: Vec<SortEntry>,
    /// Bytes held in memory before a run is written.
    budget: usize,
    /// The file system runs are written to.
    fs: SharedFs,
    /// Where runs are written.
    dir: PathBuf,
    runs: Vec<Run>,
}

/// A sorted run of entries in a temporary file (each entry: key length and bookmark
/// length as `u32` little-endian, then both), removed when dropped.
struct Run {
    fs: SharedFs,
    path: PathBuf,
    entries: u64,
    /// Bytes written.
    len: u64,
}

impl Drop for Run {
    fn drop(&mut self) {
        let _ = self.fs.remove_file(&self.path);
    }
}

/// A run that cannot be written or read back: the build fails with the I/O error.
fn run_error(path: &Path, e: std::io::Error) -> Error {
    let at = path.display().to_string();
    Error::io(e).detail(format!("temporary sort run {at}"))
}

impl Entries {
    /// Entries sorted in memory up to `budget` bytes, past it in runs in folder `dir`
    /// of file system `fs`.
    pub(crate) fn with_budget(budget: usize, fs: SharedFs, dir: PathBuf) -> Entries {
        Entries {
            bytes: Vec::new(),
            list: Vec::new(),
            budget,
            fs,
            dir,
            runs: Vec::new(),
        }
    }

    /// Adds `(key, bookmark)`; past the budget the entries in memory go to a new run.
    pub(crate) fn push(&mut self, key: &[u8], bookmark: &[u8]) -> Result<()> {
        let mut head = [0u8; 8];
        let n = key.len().min(8);
        head[..n].copy_from_slice(&key[..n]);
        self.list.push(SortEntry {
            head: u64::from_be_bytes(head),
            off: self.bytes.len(),
            key_len: key.len() as u32,
            data_len: bookmark.len() as u32,
        });
        self.bytes.extend_from_slice(key);
        self.bytes.extend_from_slice(bookmark);
        if self.bytes.len() + self.list.len() * std::mem::size_of::<SortEntry>() > self.budget {
            self.spill()?;
        }
        Ok(())
    }

    fn key(&self, e: &SortEntry) -> &[u8] {
        &self.bytes[e.off..e.off + e.key_len as usize]
    }

    fn data(&self, e: &SortEntry) -> &[u8] {
        let s = e.off + e.key_len as usize;
        &self.bytes[s..s + e.data_len as usize]
    }

    /// Key, then bookmark: the leaf order of a non-unique tree (the head compares
    /// as the key does, since a zero pad sorts below every byte a longer key has).
    fn cmp(&self, a: &SortEntry, b: &SortEntry) -> Ordering {
        a.head
            .cmp(&b.head)
            .then_with(|| self.key(a).cmp(self.key(b)))
            .then_with(|| self.data(a).cmp(self.data(b)))
    }

    fn sort_memory(&mut self) {
        let mut list = std::mem::take(&mut self.list);
        list.sort_unstable_by(|a, b| self.cmp(a, b));
        self.list = list;
    }

    /// Writes the entries in memory, sorted, as a new run, and lets them go.
    fn spill(&mut self) -> Result<()> {
        self.sort_memory();
        // A name taken (a file left by a process that had this process id) is passed
        // over for the next, a thousand times at most.
        let mut tries = 0;
        let (path, file) = loop {
            tries += 1;
            let n = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let path = self
                .dir
                .join(format!("ese-index-sort-{}-{n}.tmp", std::process::id()));
            match self.fs.open(&path, ese_os::OpenOptions::create_new()) {
                Ok(file) => break (path, file),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && tries < 1000 => {}
                Err(e) => {
                    return Err(Error::with(
                        ErrorCode::TempFileOpenError,
                        format!("temporary sort run {}: {e}", path.display()),
                    ))
                }
            }
        };
        // Removed from here on, whatever happens.
        let mut run = Run {
            fs: self.fs.clone(),
            path,
            entries: self.list.len() as u64,
            len: 0,
        };
        let mut out = RunWriter {
            file: &*file,
            buf: Vec::with_capacity(RUN_BUFFER),
            at: 0,
        };
        for e in &self.list {
            let write = |out: &mut RunWriter<'_>| {
                out.put(&e.key_len.to_le_bytes())?;
                out.put(&e.data_len.to_le_bytes())?;
                out.put(self.key(e))?;
                out.put(self.data(e))
            };
            write(&mut out).map_err(|e| run_error(&run.path, e))?;
        }
        run.len = out.finish().map_err(|e| run_error(&run.path, e))?;
        self.runs.push(run);
        self.bytes.clear();
        self.list.clear();
        Ok(())
    }

    /// Ends the insert phase: the entries in memory sorted, or written as the last
    /// run when runs were written.
    pub(crate) fn sort(&mut self) -> Result<()> {
        if self.runs.is_empty() {
            self.sort_memory();
            Ok(())
        } else if self.list.is_empty() {
            Ok(())
        } else {
            self.spill()
        }
    }

    /// The entries in order (after [`Entries::sort`]); a run that cannot be read
    /// back ends the iteration early with [`Sorted::error`] set.
    pub(crate) fn iter(&self) -> Result<Sorted<'_>> {
        if self.runs.is_empty() {
            return Ok(Sorted(Source::Memory(self, self.list.iter())));
        }
        let mut merge = Merge {
            readers: Vec::with_capacity(self.runs.len()),
            heap: BinaryHeap::with_capacity(self.runs.len()),
            error: None,
        };
        for (i, run) in self.runs.iter().enumerate() {
            let file = (run.fs)
                .open(&run.path, ese_os::OpenOptions::read_only())
                .map_err(|e| run_error(&run.path, e))?;
            merge.readers.push(RunReader {
                file,
                buf: Vec::new(),
                pos: 0,
                at: 0,
                len: run.len,
                left: run.entries,
                path: &run.path,
            });
            // A run that cannot be read ends the merge before its first entry,
            // the error kept for `Sorted::finish` as for a later read.
            if let Err(e) = merge.refill(i) {
                merge.error = Some(e);
                break;
            }
        }
        Ok(Sorted(Source::Merge(merge)))
    }

    /// The first key that two entries share, if any (after [`Entries::sort`]).
    pub(crate) fn duplicate_key(&self) -> Result<Option<Vec<u8>>> {
        let mut sorted = self.iter()?;
        let mut last: Option<Vec<u8>> = None;
        for (k, _) in sorted.by_ref() {
            if last.as_deref() == Some(&k[..]) {
                return Ok(Some(k.into_owned()));
            }
            match &mut last {
                Some(l) => {
                    l.clear();
                    l.extend_from_slice(&k);
                }
                None => last = Some(k.into_owned()),
            }
        }
        sorted.finish()?;
        Ok(None)
    }
}

/// A run being written: its bytes gathered into writes of [`RUN_BUFFER`].
struct RunWriter<'a> {
    file: &'a dyn File,
    buf: Vec<u8>,
    /// Bytes written to the file so far.
    at: u64,
}

impl RunWriter<'_> {
    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        if self.buf.len() + bytes.len() > RUN_BUFFER && !self.buf.is_empty() {
            self.flush()?;
        }
        self.buf.extend_from_slice(bytes);
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.write_at(self.at, &self.buf)?;
        self.at += self.buf.len() as u64;
        self.buf.clear();
        Ok(())
    }

    /// Writes what is left; the run's length in bytes.
    fn finish(mut self) -> std::io::Result<u64> {
        if !self.buf.is_empty() {
            self.flush()?;
        }
        Ok(self.at)
    }
}

/// One run being read back, [`RUN_BUFFER`] bytes at a time.
struct RunReader<'a> {
    file: Box<dyn File>,
    buf: Vec<u8>,
    /// Bytes of `buf` already taken.
    pos: usize,
    /// Bytes of the file read into buffers so far.
    at: u64,
    /// Bytes the run was written with: reading stops there, and a file found
    /// shorter fails the read (`UnexpectedEof`).
    len: u64,
    left: u64,
    path: &'a Path,
}

impl RunReader<'_> {
    /// Fills `out` from the run.
    fn read_exact(&mut self, mut out: &mut [u8]) -> std::io::Result<()> {
        while !out.is_empty() {
            if self.pos == self.buf.len() {
                let n = (self.len - self.at).min(RUN_BUFFER as u64) as usize;
                if n == 0 {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::UnexpectedEof,
                        "sort run ends early",
                    ));
                }
                self.buf.resize(n, 0);
                self.file.read_at(self.at, &mut self.buf)?;
                self.at += n as u64;
                self.pos = 0;
            }
            let take = out.len().min(self.buf.len() - self.pos);
            out[..take].copy_from_slice(&self.buf[self.pos..self.pos + take]);
            self.pos += take;
            out = &mut out[take..];
        }
        Ok(())
    }

    /// The run's next entry, `None` at its end.
    fn next(&mut self) -> Result<Option<(Vec<u8>, Vec<u8>)>> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        let path = self.path;
        let mut read = |buf: &mut [u8]| self.read_exact(buf).map_err(|e| run_error(path, e));
        let mut lens = [0u8; 8];
        read(&mut lens)?;
        let klen = u32::from_le_bytes([lens[0], lens[1], lens[2], lens[3]]) as usize;
        let dlen = u32::from_le_bytes([lens[4], lens[5], lens[6], lens[7]]) as usize;
        let mut key = vec![0; klen];
        let mut data = vec![0; dlen];
        read(&mut key)?;
        read(&mut data)?;
        Ok(Some((key, data)))
    }
}

/// A run's next entry: key, bookmark, and the run's index.
type Head = (Vec<u8>, Vec<u8>, usize);

/// The merge of every run: the lowest (key, bookmark) of the runs' heads first.
struct Merge<'a> {
    readers: Vec<RunReader<'a>>,
    /// Each run's next entry, lowest first.
    heap: BinaryHeap<Reverse<Head>>,
    error: Option<Error>,
}

impl Merge<'_> {
    /// Puts run `i`'s next entry among the heads.
    fn refill(&mut self, i: usize) -> Result<()> {
        if let Some((k, d)) = self.readers[i].next()? {
            self.heap.push(Reverse((k, d, i)));
        }
        Ok(())
    }
}

/// The entries of an [`Entries`] in order: borrowed from memory, or merged from runs.
pub(crate) struct Sorted<'a>(Source<'a>);

enum Source<'a> {
    Memory(&'a Entries, std::slice::Iter<'a, SortEntry>),
    Merge(Merge<'a>),
}

impl Sorted<'_> {
    /// The error that ended the iteration early, if one did.
    pub(crate) fn finish(self) -> Result<()> {
        match self.0 {
            Source::Memory(..) => Ok(()),
            Source::Merge(m) => m.error.map_or(Ok(()), Err),
        }
    }
}

impl<'a> Iterator for Sorted<'a> {
    type Item = (Cow<'a, [u8]>, Cow<'a, [u8]>);

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            Source::Memory(entries, it) => {
                let e = it.next()?;
                Some((
                    Cow::Borrowed(entries.key(e)),
                    Cow::Borrowed(entries.data(e)),
                ))
            }
            Source::Merge(m) => {
                if m.error.is_some() {
                    return None;
                }
                let Reverse((k, d, i)) = m.heap.pop()?;
                if let Err(e) = m.refill(i) {
                    m.error = Some(e);
                    return None;
                }
                Some((Cow::Owned(k), Cow::Owned(d)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ese_os::{FileSystem, MemFs, Rng, SplitMix64, StdFs};
    use std::sync::Arc;

    /// The real file system.
    fn real() -> SharedFs {
        Arc::new(StdFs)
    }

    /// A folder of its own under the system's temporary folder, removed at the end.
    struct Dir(PathBuf);

    impl Dir {
        fn new(name: &str) -> Dir {
            let d = std::env::temp_dir().join(format!("ese-sort-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&d);
            std::fs::create_dir_all(&d).unwrap();
            Dir(d)
        }

        fn files(&self) -> usize {
            std::fs::read_dir(&self.0).unwrap().count()
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// `n` entries with keys of 0 to 19 random bytes from a small alphabet (so keys
    /// repeat and share prefixes) and bookmarks of 1 to 9.
    fn random_entries(seed: u64, n: usize) -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut rng = SplitMix64::new(seed);
        (0..n)
            .map(|_| {
                let k = (0..rng.gen_range(0..20))
                    .map(|_| rng.gen_range(0..4) as u8)
                    .collect();
                let d = (0..1 + rng.gen_range(0..9))
                    .map(|_| rng.next_u64() as u8)
                    .collect();
                (k, d)
            })
            .collect()
    }

    fn sorted_by(entries: &Entries) -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut it = entries.iter().unwrap();
        let out = it
            .by_ref()
            .map(|(k, d)| (k.into_owned(), d.into_owned()))
            .collect();
        it.finish().unwrap();
        out
    }

    #[test]
    fn runs_merge_to_the_order_of_one_sort_and_are_removed() {
        let dir = Dir::new("merge");
        for seed in 1..=5 {
            let input = random_entries(seed, 20_000);
            let mut want = input.clone();
            want.sort();
            // 16 KiB: dozens of runs.
            let mut entries = Entries::with_budget(16 << 10, real(), dir.0.clone());
            for (k, d) in &input {
                entries.push(k, d).unwrap();
            }
            entries.sort().unwrap();
            assert!(entries.runs.len() > 20, "{} runs", entries.runs.len());
            assert_eq!(dir.files(), entries.runs.len());
            assert!(sorted_by(&entries) == want, "seed {seed}: not in order");
            // The same entries in memory only.
            let mut memory = Entries::with_budget(usize::MAX, real(), dir.0.clone());
            for (k, d) in &input {
                memory.push(k, d).unwrap();
            }
            memory.sort().unwrap();
            assert!(memory.runs.is_empty());
            assert!(
                sorted_by(&memory) == want,
                "seed {seed}: not in order in memory"
            );
            drop(entries);
            assert_eq!(dir.files(), 0, "a run was left behind");
        }
    }

    #[test]
    fn a_key_repeated_across_runs_is_found() {
        let dir = Dir::new("dup");
        for budget in [512, usize::MAX] {
            let mut entries = Entries::with_budget(budget, real(), dir.0.clone());
            for i in 0u32..5_000 {
                entries.push(&i.to_be_bytes(), &[1]).unwrap();
            }
            entries.sort().unwrap();
            assert_eq!(entries.duplicate_key().unwrap(), None, "budget {budget}");
            // The same key again, in a later run than the first.
            entries.push(&1234u32.to_be_bytes(), &[2]).unwrap();
            entries.sort().unwrap();
            assert_eq!(
                entries.duplicate_key().unwrap(),
                Some(1234u32.to_be_bytes().to_vec()),
                "budget {budget}"
            );
        }
    }

    #[test]
    fn a_run_that_cannot_be_read_back_fails_instead_of_ending_short() {
        let dir = Dir::new("short");
        let mut entries = Entries::with_budget(4 << 10, real(), dir.0.clone());
        // Distinct keys: a search for a repeated one reads every run whole.
        for i in 0u32..5_000 {
            entries
                .push(&i.wrapping_mul(2_654_435_761).to_be_bytes(), &[7; 5])
                .unwrap();
        }
        entries.sort().unwrap();
        let run = &entries.runs[entries.runs.len() / 2].path;
        let len = std::fs::metadata(run).unwrap().len();
        std::fs::OpenOptions::new()
            .write(true)
            .open(run)
            .unwrap()
            .set_len(len / 2)
            .unwrap();
        let mut it = entries.iter().unwrap();
        let read = it.by_ref().count();
        assert!(read < 5_000);
        let err = it.finish().unwrap_err();
        assert_eq!(err.code(), ErrorCode::FileIOBeyondEOF, "{err}");
        assert_eq!(
            entries.duplicate_key().unwrap_err().code(),
            ErrorCode::FileIOBeyondEOF
        );
    }

    #[test]
    fn a_run_name_already_taken_is_passed_over() {
        let dir = Dir::new("taken");
        // Files with the next names, as a process with this id might have left them.
        let next = RUNS.load(std::sync::atomic::Ordering::Relaxed);
        for n in next..next + 200 {
            let stale = dir
                .0
                .join(format!("ese-index-sort-{}-{n}.tmp", std::process::id()));
            std::fs::write(stale, b"left behind").unwrap();
        }
        let mut entries = Entries::with_budget(64, real(), dir.0.clone());
        for i in 0u32..10 {
            entries.push(&i.to_be_bytes(), &[0; 8]).unwrap();
        }
        entries.sort().unwrap();
        assert!(!entries.runs.is_empty());
        let got: Vec<(Vec<u8>, Vec<u8>)> = sorted_by(&entries);
        assert_eq!(got.len(), 10);
    }

    #[test]
    fn a_folder_without_room_for_runs_is_a_temp_file_error() {
        let dir = Dir::new("missing");
        let mut entries = Entries::with_budget(64, real(), dir.0.join("not-there"));
        let mut failed = None;
        for i in 0u32..100 {
            if let Err(e) = entries.push(&i.to_be_bytes(), &[0; 8]) {
                failed = Some(e);
                break;
            }
        }
        let e = failed.expect("the spill never failed");
        assert_eq!(e.code(), ErrorCode::TempFileOpenError, "{e}");
    }

    #[test]
    fn runs_go_through_the_file_system_given() {
        let fs = MemFs::new();
        fs.create_dir_all(Path::new("/sorts")).unwrap();
        let shared: SharedFs = Arc::new(fs.clone());
        let input = random_entries(9, 5_000);
        let mut want = input.clone();
        want.sort();
        let mut entries = Entries::with_budget(8 << 10, shared.clone(), "/sorts".into());
        for (k, d) in &input {
            entries.push(k, d).unwrap();
        }
        entries.sort().unwrap();
        let names = fs.read_dir(Path::new("/sorts")).unwrap();
        assert!(names.len() > 5, "{} runs", names.len());
        assert_eq!(names.len(), entries.runs.len());
        assert!(
            names.iter().all(|n| n.starts_with("ese-index-sort-")),
            "{names:?}"
        );
        // Nothing of it on the real disk.
        assert!(!Path::new("/sorts").exists());
        assert!(sorted_by(&entries) == want, "not in order");
        drop(entries);
        assert!(fs.read_dir(Path::new("/sorts")).unwrap().is_empty());
        // A folder the file system lacks.
        let mut lost = Entries::with_budget(64, shared, "/gone".into());
        let failed = (0u32..100).find_map(|i| lost.push(&i.to_be_bytes(), &[0; 8]).err());
        let e = failed.expect("the spill never failed");
        assert_eq!(e.code(), ErrorCode::TempFileOpenError, "{e}");
    }
}
