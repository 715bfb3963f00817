//! Shared helpers for the `format_page_*` integration tests: finding and caching
//! the gzip-compressed sample databases. Included by the other test files with
//! `#[path]`; as a test target of its own it has no tests.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

/// The ten sample databases.
pub const SAMPLES: [&str; 10] = [
    "Current.mdb",
    "SRUDB.dat",
    "Windows.edb",
    "basic.edb",
    "binary.edb",
    "default.edb",
    "index.edb",
    "large.edb",
    "multi.edb",
    "text.edb",
];

/// The sample folder: `$ESE_SAMPLES`, else the shared test data next to the repository.
pub fn samples_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("ESE_SAMPLES") {
        return PathBuf::from(d);
    }
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/testdata/ese-samples"
    ))
}

/// The decompressed bytes of sample `name` (e.g. `"basic.edb"`), cached per process.
pub fn sample(name: &str) -> Arc<Vec<u8>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<Vec<u8>>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(v) = cache.lock().unwrap().get(name) {
        return v.clone();
    }
    let path = samples_dir().join(format!("{name}.gz"));
    let file = std::fs::File::open(&path).unwrap_or_else(|e| {
        panic!(
            "cannot open sample {} (set ESE_SAMPLES): {e}",
            path.display()
        )
    });
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut out)
        .unwrap();
    let v = Arc::new(out);
    cache.lock().unwrap().insert(name.to_string(), v.clone());
    v
}

/// The page size recorded in the header of a sample file.
pub fn page_size(db: &[u8]) -> usize {
    match u32::from_le_bytes(db[236..240].try_into().unwrap()) {
        0 => 4096,
        n => n as usize,
    }
}

/// Number of logical pages (the file minus the two header pages).
pub fn page_count(db: &[u8]) -> u32 {
    (db.len() / page_size(db) - 2) as u32
}

/// Logical page `pgno` (1-based) of a sample file.
pub fn page(db: &[u8], pgno: u32) -> &[u8] {
    let ps = page_size(db);
    let off = (pgno as usize + 1) * ps;
    &db[off..off + ps]
}
