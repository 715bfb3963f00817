//! Fuzz target: a log damaged behind valid checksums met by recovery; the
//! input chooses the log block or header, the bytes changed and the calls made
//! after recovery (`fuzz/write_harness.rs`, `damaged_log_round`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

// The shared harness also holds the seeded choices of the test.
#[path = "../write_harness.rs"]
#[allow(dead_code)]
mod write_harness;

use write_harness::{
    clean_instance, crashed_instance, damaged_log_round, unexpected_in_log_round, Bytes, Files,
};

/// The folder of the crashed instance and the rows' bookmarks, made once per
/// process.
static CRASHED: OnceLock<(Files, Vec<Vec<u8>>)> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let (crashed, bookmarks) = CRASHED.get_or_init(|| {
        let (files, bookmarks) = clean_instance();
        (crashed_instance(&files, &bookmarks, 60), bookmarks)
    });
    let errors = damaged_log_round(crashed, bookmarks, &mut Bytes(data), 10);
    let first = unexpected_in_log_round(&errors).next();
    if let Some(e) = first {
        panic!("unexpected error {e}");
    }
});
