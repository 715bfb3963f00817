//! Shared helpers for tests over the sample databases in `../shared`.
#![allow(dead_code)]

use ese::Database;
use ese_os::{FileSystem, MemFs, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The folder of sample databases: `$ESE_SAMPLES`, or `../shared/...` beside the checkout.
pub fn samples_dir() -> PathBuf {
    if let Ok(d) = std::env::var("ESE_SAMPLES") {
        return PathBuf::from(d);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/testdata/ese-samples")
}

/// The decompressed bytes of sample `name` (e.g. `basic.edb`). Panics when the
/// samples are missing: the tests must not pass silently without them.
pub fn sample_bytes(name: &str) -> Vec<u8> {
    let path = samples_dir().join(format!("{name}.gz"));
    let file = std::fs::File::open(&path)
        .unwrap_or_else(|e| panic!("sample {} missing ({e}); set ESE_SAMPLES", path.display()));
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut out)
        .expect("gunzip sample");
    out
}

/// An in-memory file system holding `bytes` at `/name`.
pub fn mem_file(name: &str, bytes: &[u8]) -> (MemFs, PathBuf) {
    let fs = MemFs::new();
    let path = PathBuf::from(format!("/{name}"));
    let f = fs.open(&path, OpenOptions::create_new()).expect("create");
    f.write_at(0, bytes).expect("write");
    (fs, path)
}

/// Opens `bytes` as a database.
pub fn open_bytes(name: &str, bytes: &[u8]) -> ese::Result<Database> {
    let (fs, path) = mem_file(name, bytes);
    Database::open_with(&fs, &path, &Default::default())
}

/// Opens sample `name`.
pub fn open_sample(name: &str) -> Database {
    open_bytes(name, &sample_bytes(name)).unwrap_or_else(|e| panic!("open {name}: {e}"))
}

/// All ten sample names.
pub const SAMPLES: [&str; 10] = [
    "basic.edb",
    "binary.edb",
    "text.edb",
    "multi.edb",
    "default.edb",
    "index.edb",
    "large.edb",
    "SRUDB.dat",
    "Current.mdb",
    "Windows.edb",
];

/// A folder of one test's own under the system's temporary folder, removed
/// with everything in it when the guard drops (a failing test's files go too:
/// a test run must not fill the disk it runs on).
pub struct Scratch(PathBuf);

impl Scratch {
    /// Makes a new, empty folder `ese-<tag>-<pid>-<n>`.
    pub fn new(tag: &str) -> Scratch {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("ese-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    /// Instance options whose log, checkpoint and temporary files go to this folder.
    pub fn opts(&self) -> ese::InstanceOptions {
        ese::InstanceOptions::in_dir(self.0.clone())
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A path named `name` in a [`Scratch`] folder of its own, removed with the
/// folder when dropped.
pub struct ScratchFile {
    path: PathBuf,
    _dir: Scratch,
}

impl ScratchFile {
    /// `name` in a new folder `ese-<tag>-<pid>-<n>`; nothing is created at the path.
    pub fn new(tag: &str, name: &str) -> ScratchFile {
        let dir = Scratch::new(tag);
        ScratchFile {
            path: dir.join(name),
            _dir: dir,
        }
    }
}

impl std::ops::Deref for ScratchFile {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<Path> for ScratchFile {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}

/// Database `path` on `fs` opened for writing, checked whole (`Database::check`)
/// and closed; the check's report, or its error.
pub fn check_written(fs: &dyn FileSystem, path: &Path) -> ese::Result<ese::db::WriteCheck> {
    let w = Database::open_with(
        fs,
        path,
        &ese::db::OpenOptions {
            read_only: false,
            ..ese::db::OpenOptions::default()
        },
    )?;
    let check = w.check();
    w.close()?;
    check
}

/// Every entry of index `index` of table `table`, in the tree's order.
pub fn index_entries(db: &Database, table: &str, index: &str) -> Vec<(Vec<u8>, Vec<u8>)> {
    let t = db.table(table).unwrap();
    t.index_entries(index)
        .unwrap()
        .map(|e| e.unwrap())
        .collect()
}

/// Runs `make` (a command that writes the new database `dst` and sorts in runs in folder
/// `folder`) twice: with `folder` missing it must fail with `JET_errTempFileOpenError` and
/// leave no `dst`; once `folder` is made it must succeed and leave nothing in `folder`.
/// Returns what the second run returned.
pub fn sorts_in_folder<R>(folder: &Path, dst: &Path, make: impl Fn() -> ese::Result<R>) -> R {
    let e = make()
        .err()
        .expect("a missing folder for the sorted runs went unnoticed");
    assert_eq!(e.code(), ese::ErrorCode::TempFileOpenError, "{e}");
    assert!(!dst.exists(), "a partly written destination was left");
    std::fs::create_dir(folder).unwrap();
    let out = make().unwrap();
    assert_eq!(std::fs::read_dir(folder).unwrap().count(), 0, "runs left");
    out
}
