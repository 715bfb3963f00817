//! Fuzz target: a database with pages damaged behind valid checksums (and one
//! perhaps without) repaired into a new file; the input chooses the pages and
//! the bytes changed (`fuzz/write_harness.rs`, `repair_round`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

// The shared harness also holds the seeded choices of the test.
#[path = "../write_harness.rs"]
#[allow(dead_code)]
mod write_harness;

use write_harness::{clean_database, fuzz_repair_round, unexpected};

/// The clean database, made once per process.
static CLEAN: OnceLock<(Vec<u8>, Vec<Vec<u8>>)> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let (clean, _) = CLEAN.get_or_init(clean_database);
    if let Some(Err(e)) = fuzz_repair_round(clean, data) {
        if let Some(e) = unexpected(std::slice::from_ref(&e)).next() {
            panic!("unexpected error {e}");
        }
    }
});
