//! Shared by the tests that use the built C library: where `libesent.so` and `libesent.a`
//! are, found from the test binary's own path (`target/<profile>/deps/<test>`), so the tests
//! work with any `CARGO_TARGET_DIR`. `cargo test` builds the library beside the test binary
//! in `deps/` (only `cargo build` copies it up to `target/<profile>/`), so `deps/` is looked
//! at first: it holds the library of the code under test.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The crate's directory.
pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `target/<profile>/`, the folder cargo puts `libesent.so` and `libesent.a` in.
pub fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    exe.parent()
        .and_then(Path::parent)
        .expect("test binary under target/<profile>/deps")
        .to_path_buf()
}

/// The path of a built library file (`libesent.so`, `libesent.a`), building the library with
/// cargo when it is missing.
pub fn library(file: &str) -> PathBuf {
    let dir = profile_dir();
    let fresh = dir.join("deps").join(file);
    if fresh.exists() {
        return fresh;
    }
    let path = dir.join(file);
    if !path.exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut cmd = Command::new(cargo);
        cmd.args(["build", "-p", "esent"]);
        if dir.file_name().is_some_and(|n| n == "release") {
            cmd.arg("--release");
        }
        if let Some(target) = dir.parent() {
            cmd.env("CARGO_TARGET_DIR", target);
        }
        let status = cmd.status().expect("run cargo build");
        assert!(status.success(), "cargo build -p esent failed");
    }
    assert!(path.exists(), "{} not found after building", path.display());
    path
}

/// The functions the header declares (`functions.txt`).
pub fn declared_functions() -> Vec<String> {
    std::fs::read_to_string(crate_dir().join("functions.txt"))
        .expect("read functions.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}
