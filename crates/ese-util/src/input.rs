//! Finds and opens the database a command works on: a path given on the command
//! line (a `.gz` file is decompressed into memory first), or, with no path, a
//! sample database from `../shared/testdata/ese-samples` beside the checkout.

use ese::db::OpenOptions;
use ese::{Database, Error, ErrorCode, Result};
use ese_os::{FileSystem, MemFs, OpenOptions as FsOpen, StdFs};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The sample the commands use when no database is named.
pub const DEFAULT_SAMPLE: &str = "SRUDB.dat.gz";

/// Where sample databases are looked for, in order.
pub fn sample_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Ok(d) = std::env::var("ESE_SAMPLES") {
        dirs.push(PathBuf::from(d));
    }
    dirs.push(PathBuf::from("../shared/testdata/ese-samples"));
    dirs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/testdata/ese-samples"));
    dirs
}

/// The default sample database, if one is beside the checkout.
pub fn default_database() -> Option<PathBuf> {
    sample_dirs()
        .into_iter()
        .map(|d| d.join(DEFAULT_SAMPLE))
        .find(|p| p.is_file())
}

/// Opens `path` read-only; `.gz` files are decompressed into memory.
pub fn open(path: &Path) -> Result<Database> {
    open_with(path, &OpenOptions::default())
}

/// Opens `path` for page-level work only: the header, not the catalog.
pub fn open_pages(path: &Path) -> Result<Database> {
    open_with(
        path,
        &OpenOptions {
            read_catalog: false,
            ..OpenOptions::default()
        },
    )
}

/// Whether `path` names a gzip-compressed database (decompressed into memory).
pub fn is_gz(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "gz")
}

fn open_with(path: &Path, opts: &OpenOptions) -> Result<Database> {
    let opts = opts.clone();
    if is_gz(path) {
        let (fs, inner) = gunzip_to_memory(path)?;
        return Database::open_with(&fs, &inner, &opts);
    }
    Database::open_with(&StdFs, path, &opts)
}

/// Decompresses a `.gz` file into an in-memory file system.
pub fn gunzip_to_memory(path: &Path) -> Result<(MemFs, PathBuf)> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(e).file(path))?;
    let mut data = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut data)
        .map_err(|e| {
            Error::with(
                ErrorCode::InvalidDatabase,
                format!("cannot decompress {}: {e}", path.display()),
            )
        })?;
    let fs = MemFs::new();
    let name = path
        .file_stem()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("db.edb"));
    let inner = Path::new("/").join(name);
    let f = fs.open(&inner, FsOpen::create_new()).map_err(Error::io)?;
    f.write_at(0, &data).map_err(Error::io)?;
    Ok((fs, inner))
}

/// The folder holding `path` (`.` for a bare file name).
pub fn folder_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The temporary file `<stem><pid>.EDB` beside `path`, as esentutl names its
/// own (`TEMPINTEG`, `TEMPDFRG`).
pub fn temp_beside(path: &Path, stem: &str) -> PathBuf {
    folder_of(path).join(format!("{stem}{}.EDB", std::process::id()))
}

/// An I/O error on `path` as the engine's error.
pub fn io_err(e: std::io::Error, path: &Path) -> Error {
    Error::io(e).file(path)
}
