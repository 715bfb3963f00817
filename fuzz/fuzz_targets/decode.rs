//! Fuzz target: every decoder of the read path over arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    harness::exercise(data);
});
