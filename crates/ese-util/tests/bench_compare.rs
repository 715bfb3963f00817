//! The comparison benchmark (`crates/ese-bench-compare`, its own workspace) still builds and
//! runs: it is built in release mode into `target/bench-compare` (so the outer build's lock is
//! not contended), run on tiny sizes (the concurrent workload for a fraction of a second), and
//! every engine must report every workload with figures that make sense. A failed build fails
//! this test; it is never skipped.
//!
//! Speed is not asserted here (figures of a 2,000-record run mean nothing); the figures are in
//! `docs/benchmarks.md`.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const RECORDS: u64 = 2000;
const READS: u64 = 500;
const ENGINES: [&str; 4] = ["ese", "sqlite", "lmdb", "redb"];

/// Workloads and the number of checked operations each must report.
const WORKLOADS: [(&str, u64); 8] = [
    ("load_seq", RECORDS),
    ("load_rand", RECORDS),
    ("read", READS),
    ("scan", RECORDS),
    ("index_build", RECORDS),
    ("index_read", READS),
    ("size_seq", RECORDS),
    ("size_rand", RECORDS),
];

/// The concurrent workload's lines: their operation counts depend on the speed, so they are
/// only required to be positive.
const CONCURRENT: [&str; 4] = ["conc_read", "conc_read_p99", "conc_write", "conc_write_p99"];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the repository root")
}

fn build(repo: &Path) -> PathBuf {
    let target = repo.join("target/bench-compare");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args([
            "build",
            "--release",
            "--locked",
            "--jobs",
            "2",
            "--manifest-path",
        ])
        .arg(repo.join("crates/ese-bench-compare/Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .expect("cargo runs");
    assert!(
        status.success(),
        "building crates/ese-bench-compare failed: {status}"
    );
    target.join("release/ese-bench-compare")
}

#[test]
fn every_engine_runs_every_workload() {
    let repo = repo();
    let bin = build(&repo);
    let tmp = std::env::temp_dir().join(format!("bench-compare-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).unwrap();
    let json = tmp.join("out.jsonl");
    let out = Command::new(&bin)
        .args([
            "--records",
            &RECORDS.to_string(),
            "--reads",
            &READS.to_string(),
        ])
        .args(["--reps", "1", "--seed", "7", "--concurrent-secs", "0.3"])
        .args(["--workloads", "base,concurrent", "--json"])
        .arg(&json)
        .arg("--dir")
        .arg(&tmp)
        .output()
        .expect("the benchmark runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "benchmark failed:\n{stderr}");
    let lines: Vec<Value> = std::fs::read_to_string(&json)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let expected = WORKLOADS
        .iter()
        .map(|&(w, ops)| (w, Some(ops)))
        .chain(CONCURRENT.iter().map(|&w| (w, None)));
    let expected: Vec<(&str, Option<u64>)> = expected.collect();
    for engine in ENGINES {
        for &(workload, ops) in &expected {
            let m: Vec<&Value> = lines
                .iter()
                .filter(|m| m["engine"] == engine && m["workload"] == workload)
                .collect();
            assert_eq!(m.len(), 1, "{engine} {workload}: {m:?}\n{stderr}");
            let m = m[0];
            assert_eq!(m["rep"], 1);
            let got = m["ops"].as_u64().expect("a count");
            match ops {
                Some(ops) => assert_eq!(got, ops, "{engine} {workload}: {m}"),
                None => assert!(got > 0, "{engine} {workload}: {m}"),
            }
            let v = m["value"].as_f64().expect("a number");
            assert!(v.is_finite() && v > 0.0, "{engine} {workload}: {m}");
            assert!(m["unit"].as_str().is_some_and(|u| !u.is_empty()));
        }
        assert!(
            stdout.lines().nth(2).is_some_and(|h| h.contains(engine)),
            "the table names {engine}:\n{stdout}"
        );
    }
    assert!(stdout.contains("| load, keys in order | s |"), "{stdout}");
    assert!(
        stdout.contains("| concurrent: reads, 7 readers (higher is better) | reads/s |"),
        "{stdout}"
    );
    // The run's temporary databases are gone.
    let left: Vec<_> = std::fs::read_dir(&tmp)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != "out.jsonl")
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    std::fs::remove_dir_all(&tmp).unwrap();
}
