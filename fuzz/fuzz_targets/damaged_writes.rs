//! Fuzz target: damaged pages behind valid checksums met by the write path; the
//! input chooses the pages, the bytes changed and the calls made
//! (`fuzz/write_harness.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

// The shared harness also holds the seeded choices of the test.
#[path = "../write_harness.rs"]
#[allow(dead_code)]
mod write_harness;

use write_harness::{clean_database, fuzz_round, unexpected};

/// The clean database, made once per process.
static CLEAN: OnceLock<(Vec<u8>, Vec<Vec<u8>>)> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let (clean, bookmarks) = CLEAN.get_or_init(clean_database);
    if let Some(errors) = fuzz_round(clean, bookmarks, data) {
        if let Some(e) = unexpected(&errors).next() {
            panic!("unexpected error {e}");
        }
    }
});
