//! The C test programs in `tests/c/`, compiled with the system C compiler
//! (`cc -std=c99 -Wall -Wextra -Werror`) against the header and the built library, each run
//! in a fresh temporary directory; a program passes when it exits with status 0.
//!
//! Each program runs twice: linked to `libesent.so` (with an rpath), and linked to
//! `libesent.a` with AddressSanitizer instrumenting the C side (`-fsanitize=address`; the
//! Rust code is not instrumented), which catches the library writing outside the caller's
//! buffers or the program misusing what the library returns, and LeakSanitizer, which
//! catches memory the library hands out and never frees (known engine leaks are listed in
//! `tests/c/lsan.supp`; full stacks, `fast_unwind_on_malloc=0`, let them match). `$CC`
//! picks the compiler; a missing compiler fails the tests.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

fn cc() -> String {
    std::env::var("CC").unwrap_or_else(|_| "cc".into())
}

/// A fresh empty directory for one build or run.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("esent-c-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// How a program is linked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Link {
    /// `libesent.so`, found at run time through an rpath.
    Shared,
    /// `libesent.a` with AddressSanitizer on the C code.
    StaticAsan,
}

fn compile(source: &Path, link: Link, out: &Path) {
    let c_dir = support::crate_dir().join("tests/c");
    let mut cmd = Command::new(cc());
    cmd.args(["-std=c99", "-Wall", "-Wextra", "-Werror", "-g", "-O1"])
        .arg(format!(
            "-I{}",
            support::crate_dir().join("include").display()
        ))
        .arg(format!("-I{}", c_dir.display()))
        .arg(source)
        .arg("-o")
        .arg(out);
    match link {
        Link::Shared => {
            let so = support::library("libesent.so");
            let dir = so.parent().expect("library folder");
            cmd.arg(format!("-L{}", dir.display()))
                .arg("-lesent")
                .arg(format!("-Wl,-rpath,{}", dir.display()))
                .arg("-lpthread");
        }
        Link::StaticAsan => {
            cmd.arg("-fsanitize=address")
                .arg("-fno-omit-frame-pointer")
                .arg(support::library("libesent.a"))
                .args(["-lgcc_s", "-lutil", "-lrt", "-lpthread", "-lm", "-ldl"]);
        }
    }
    let res = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run the C compiler {}: {e}", cc()));
    assert!(
        res.status.success(),
        "compiling {} failed:\n{}{}",
        source.display(),
        String::from_utf8_lossy(&res.stdout),
        String::from_utf8_lossy(&res.stderr)
    );
}

/// Compiles and runs `tests/c/<source>` both ways.
fn run_c(source: &str) {
    run_program(&support::crate_dir().join("tests/c").join(source));
}

/// Compiles and runs the C program at `path` both ways.
fn run_program(path: &Path) {
    let source = path
        .file_name()
        .and_then(|n| n.to_str())
        .expect("a C file name");
    for link in [Link::Shared, Link::StaticAsan] {
        let tag = match link {
            Link::Shared => "so",
            Link::StaticAsan => "asan",
        };
        let stem = source.trim_end_matches(".c");
        let build = scratch(&format!("{stem}-{tag}-build"));
        let exe = build.join(stem);
        compile(path, link, &exe);
        let run_dir = scratch(&format!("{stem}-{tag}-run"));
        // cargo test puts target/<profile> on LD_LIBRARY_PATH, which the loader searches
        // before the rpath; a stale libesent.so left there by an earlier cargo build would
        // be loaded instead of the one just built.
        let res = Command::new(&exe)
            .current_dir(&run_dir)
            .env_remove("LD_LIBRARY_PATH")
            .env(
                "ASAN_OPTIONS",
                "detect_leaks=1:fast_unwind_on_malloc=0:abort_on_error=0",
            )
            .env(
                "LSAN_OPTIONS",
                format!(
                    "suppressions={}",
                    support::crate_dir().join("tests/c/lsan.supp").display()
                ),
            )
            .output()
            .expect("run the C program");
        assert!(
            res.status.success(),
            "{source} ({tag}) exited with {:?}:\n--- stdout\n{}\n--- stderr\n{}",
            res.status,
            String::from_utf8_lossy(&res.stdout),
            String::from_utf8_lossy(&res.stderr)
        );
        let _ = std::fs::remove_dir_all(&build);
        let _ = std::fs::remove_dir_all(&run_dir);
    }
}

/// Every C program in `tests/c/` has its test below.
#[test]
fn every_program_is_run() {
    let listed = [
        "bookstore.c",
        "instance.c",
        "session.c",
        "database.c",
        "ddl.c",
        "cursor.c",
        "columns.c",
        "threads.c",
        "backup.c",
        "backup_matrix.c",
        "file_backup.c",
        "wide.c",
        "restore_forms.c",
        "compact.c",
        "errinfo.c",
        "tuples.c",
        "templates.c",
        "index_create.c",
        "space_info.c",
    ];
    let mut found: Vec<String> = std::fs::read_dir(support::crate_dir().join("tests/c"))
        .expect("read tests/c")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".c"))
        .collect();
    found.sort();
    let mut want: Vec<String> = listed.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(
        found, want,
        "tests/c/*.c and the tests of c_programs.rs differ"
    );
}

#[test]
fn bookstore() {
    run_c("bookstore.c");
}

#[test]
fn instance() {
    run_c("instance.c");
}

#[test]
fn session() {
    run_c("session.c");
}

#[test]
fn database() {
    run_c("database.c");
}

#[test]
fn ddl() {
    run_c("ddl.c");
}

#[test]
fn cursor() {
    run_c("cursor.c");
}

#[test]
fn columns() {
    run_c("columns.c");
}

#[test]
fn threads() {
    run_c("threads.c");
}

#[test]
fn backup() {
    run_c("backup.c");
}

#[test]
fn backup_matrix() {
    run_c("backup_matrix.c");
}

#[test]
fn file_backup() {
    run_c("file_backup.c");
}

#[test]
fn wide() {
    run_c("wide.c");
}

#[test]
fn restore_forms() {
    run_c("restore_forms.c");
}

/// The example of the README and `docs/c-abi.md` builds and runs.
#[test]
fn hello_example() {
    run_program(&support::crate_dir().join("examples/c/hello.c"));
}

#[test]
fn compact() {
    run_c("compact.c");
}

#[test]
fn tuples() {
    run_c("tuples.c");
}

#[test]
fn templates() {
    run_c("templates.c");
}

#[test]
fn index_create() {
    run_c("index_create.c");
}

#[test]
fn space_info() {
    run_c("space_info.c");
}

#[test]
fn errinfo() {
    run_c("errinfo.c");
}
