//! The built `libesent.so` exports exactly the functions the header declares
//! (`functions.txt`), read with `nm -D`. A missing `nm` fails the test.

mod support;

use std::collections::BTreeSet;
use std::process::Command;

#[test]
fn shared_library_exports_every_declared_function() {
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
    let exported: BTreeSet<String> = text
        .lines()
        .filter_map(|l| {
            let mut parts = l.split_whitespace().rev();
            let name = parts.next()?;
            let kind = parts.next()?;
            (kind == "T" && name.starts_with("Jet")).then(|| name.to_string())
        })
        .collect();
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
