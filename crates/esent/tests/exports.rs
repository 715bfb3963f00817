//! The built `libesent.so` exports exactly the functions the header declares
//! (`functions.txt`), read with `nm -D`, and every one of them is called by a C program
//! of `tests/c/` or `examples/c/`. A missing `nm` fails the tests.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

/// The `Jet*` functions `libesent.so` exports.
fn exported_functions() -> BTreeSet<String> {
    let so = support::library("libesent.so");
    let out = Command::new(std::env::var("NM").unwrap_or_else(|_| "nm".into()))
        .args(["-D", "--defined-only"])
        .arg(&so)
        .output()
        .expect("nm is required to check the exported symbols (install binutils or set $NM)");
    assert!(
        out.status.success(),
        "nm -D failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("nm output is text");
    text.lines()
        .filter_map(|l| {
            let mut parts = l.split_whitespace().rev();
            let name = parts.next()?;
            let kind = parts.next()?;
            (kind == "T" && name.starts_with("Jet")).then(|| name.to_string())
        })
        .collect()
}

#[test]
fn shared_library_exports_every_declared_function() {
    let exported = exported_functions();
    let declared: BTreeSet<String> = support::declared_functions().into_iter().collect();
    let missing: Vec<_> = declared.difference(&exported).collect();
    assert!(missing.is_empty(), "declared but not exported: {missing:?}");
    let extra: Vec<_> = exported.difference(&declared).collect();
    assert!(extra.is_empty(), "exported but not declared: {extra:?}");
}

#[test]
fn static_library_defines_every_declared_function() {
    let a = support::library("libesent.a");
    let out = Command::new(std::env::var("NM").unwrap_or_else(|_| "nm".into()))
        .args(["--defined-only", "-g"])
        .arg(&a)
        .output()
        .expect("nm is required to check the exported symbols (install binutils or set $NM)");
    assert!(out.status.success(), "nm failed");
    let text = String::from_utf8_lossy(&out.stdout);
    let defined: BTreeSet<&str> = text
        .lines()
        .filter_map(|l| {
            let mut parts = l.split_whitespace().rev();
            let name = parts.next()?;
            (parts.next()? == "T").then_some(name)
        })
        .collect();
    for f in support::declared_functions() {
        assert!(
            defined.contains(f.as_str()),
            "{f} not defined in libesent.a"
        );
    }
}

/// `code` with its C comments replaced by spaces, so that a name a comment mentions is not
/// taken for a call.
fn strip_comments(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    loop {
        let (at, block) = match (rest.find("/*"), rest.find("//")) {
            (None, None) => {
                out.push_str(rest);
                return out;
            }
            (Some(b), Some(l)) if l < b => (l, false),
            (Some(b), _) => (b, true),
            (None, Some(l)) => (l, false),
        };
        out.push_str(&rest[..at]);
        out.push(' ');
        rest = if block {
            rest[at + 2..]
                .find("*/")
                .map_or("", |e| &rest[at + 2 + e + 2..])
        } else {
            rest[at..].find('\n').map_or("", |e| &rest[at + e..])
        };
    }
}

/// The identifiers of `code` followed by `(`: the functions and function-like macros it
/// calls (or declares).
fn called_names(code: &str) -> BTreeSet<String> {
    let code = strip_comments(code);
    let b = code.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut names = BTreeSet::new();
    let mut i = 0;
    while i < b.len() {
        if !word(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && word(b[i]) {
            i += 1;
        }
        let mut j = i;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if !b[start].is_ascii_digit() && b.get(j) == Some(&b'(') {
            names.insert(code[start..i].to_string());
        }
    }
    names
}

/// The header's unsuffixed names (`#define JetBackup JetBackupA`), to the function each
/// one calls.
fn header_aliases() -> BTreeMap<String, String> {
    let header = std::fs::read_to_string(support::crate_dir().join("include/esent.h"))
        .expect("read include/esent.h");
    header
        .lines()
        .filter_map(|l| {
            let mut parts = l.strip_prefix("#define ")?.split_whitespace();
            let (alias, target) = (parts.next()?, parts.next()?);
            let plain = parts.next().is_none() && alias.starts_with("Jet");
            (plain && target.starts_with("Jet")).then(|| (alias.to_string(), target.to_string()))
        })
        .collect()
}

/// The C sources directly in `dir`.
fn c_sources(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "c"))
        .map(|p| {
            std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
        })
        .collect()
}

#[test]
fn every_exported_function_is_called_by_a_c_program() {
    let aliases = header_aliases();
    let mut called = BTreeSet::new();
    for dir in ["tests/c", "examples/c"] {
        for code in c_sources(&support::crate_dir().join(dir)) {
            for name in called_names(&code) {
                if let Some(target) = aliases.get(&name) {
                    called.insert(target.clone());
                }
                called.insert(name);
            }
        }
    }
    let exported = exported_functions();
    assert!(
        exported.len() > 100,
        "nm listed {} functions",
        exported.len()
    );
    let uncalled: Vec<_> = exported.difference(&called).collect();
    assert!(
        uncalled.is_empty(),
        "exported but called by no C program in tests/c or examples/c: {uncalled:?}"
    );
}

#[test]
fn calls_are_found_through_aliases_and_not_in_comments() {
    let code = "/* JetInit(x) */ OK(JetBackup (\"bk\", 0, NULL)); // JetTerm(i)\nx = 0x1f(2);";
    let names = called_names(code);
    let want: BTreeSet<String> = ["OK", "JetBackup"].map(String::from).into();
    assert_eq!(names, want);
    assert_eq!(
        header_aliases().get("JetBackup").map(String::as_str),
        Some("JetBackupA")
    );
}
