//! Helpers shared by the `eseutil` tests: where the samples and the independent
//! readers are.
#![allow(dead_code)]

use serde_json::Value as Json;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The folder of sample databases: `$ESE_SAMPLES`, or `../shared/...` beside the checkout.
pub fn samples() -> PathBuf {
    std::env::var("ESE_SAMPLES")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/testdata/ese-samples")
        })
}

/// The Python that has the independent ESE readers: `ESE_READERS_PY`, or the
/// `.readers` virtual environment `.ci/run` makes in the checkout. Under CI (`CI`
/// set) a missing reader fails the test instead of skipping it.
pub fn reader_python() -> Option<String> {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.readers/bin/python");
    match std::env::var("ESE_READERS_PY") {
        Ok(p) if !p.is_empty() => Some(p),
        _ if venv.is_file() => Some(venv.to_string_lossy().into_owned()),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "ESE_READERS_PY is not set: CI must install the independent ESE readers"
            );
            eprintln!("ESE_READERS_PY not set: the reader cross-check is not run here");
            None
        }
    }
}

/// The ten sample databases.
pub const SAMPLES: [&str; 10] = [
    "basic.edb",
    "binary.edb",
    "text.edb",
    "multi.edb",
    "default.edb",
    "index.edb",
    "large.edb",
    "SRUDB.dat",
    "Current.mdb",
    "Windows.edb",
];

/// Runs `eseutil` with `args`.
pub fn eseutil(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_eseutil"))
        .args(args)
        .output()
        .expect("run eseutil")
}

/// Output bytes as text.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A path as a `&str` argument.
pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A folder for one test's files, removed with them when the guard drops; with
/// `ESE_WRITE_DIR` set, made in that folder instead and kept for a look afterwards.
pub struct Scratch {
    path: PathBuf,
    keep: bool,
}

impl Scratch {
    /// A new, empty folder `ese-<tag>-<pid>-<n>` under the system's temporary
    /// folder, or under `$ESE_WRITE_DIR`.
    pub fn new(tag: &str) -> Scratch {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let kept = std::env::var_os("ESE_WRITE_DIR").map(PathBuf::from);
        let keep = kept.is_some();
        let base = kept.unwrap_or_else(std::env::temp_dir);
        let path = base.join(format!("ese-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Scratch { path, keep }
    }

    /// `name` in the folder, with any file left there by an earlier run removed.
    pub fn file(&self, name: &str) -> PathBuf {
        let p = self.path.join(name);
        let _ = std::fs::remove_file(&p);
        p
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// One JSON value a line of `out`.
fn jsonl(out: &[u8]) -> Vec<Json> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// `eseutil export` of `db` (of `table` only, when given), one JSON object a record.
pub fn export_table(db: &Path, table: Option<&str>) -> Vec<Json> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_eseutil"));
    cmd.arg("export").arg(db);
    if let Some(t) = table {
        cmd.args(["--table", t]);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    jsonl(&out.stdout)
}

/// `eseutil checksum` passes `db`, the independent readers agree with each
/// other (`ese-crosscheck.py --strict`), and their values equal `eseutil
/// export`'s (of `table` only, when given).
pub fn cross_check(db: &Path, table: Option<&str>) {
    cross_check_with(db, table, false);
}

/// [`cross_check`], and the readers find every index entry of `db` too
/// (`--strict --keys`: for indexes dissect's key normaliser computes).
pub fn cross_check_keys(db: &Path, table: Option<&str>) {
    cross_check_with(db, table, true);
}

/// Runs `ese-crosscheck.py` with `flags` on `db`; its output, `Err` when it fails.
fn crosscheck(py: &str, db: &Path, flags: &[&str]) -> Result<String, String> {
    let tool =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/tools/ese-crosscheck.py");
    let out = Command::new(py)
        .arg(&tool)
        .args(flags)
        .arg(db)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if out.status.success() {
        Ok(text)
    } else {
        Err(text)
    }
}

fn cross_check_with(db: &Path, table: Option<&str>, keys: bool) {
    let ck = Command::new(env!("CARGO_BIN_EXE_eseutil"))
        .arg("checksum")
        .arg(db)
        .output()
        .unwrap();
    assert!(
        ck.status.success(),
        "{}",
        String::from_utf8_lossy(&ck.stdout)
    );
    let Some(py) = reader_python() else { return };
    if let Err(e) = crosscheck(&py, db, &["--strict"]) {
        panic!("{}: {e}", db.display());
    }
    if keys {
        match crosscheck(&py, db, &["--strict", "--keys"]) {
            Ok(text) => eprintln!("--strict --keys: {text}"),
            Err(e) => panic!("{} --keys: {e}", db.display()),
        }
    }
    let values = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/reader-values.py");
    let mut cmd = Command::new(&py);
    cmd.arg(&values).arg(db);
    if let Some(t) = table {
        cmd.args(["--table", t]);
    }
    let theirs = cmd.output().unwrap();
    assert!(
        theirs.status.success(),
        "{}",
        String::from_utf8_lossy(&theirs.stderr)
    );
    let theirs = jsonl(&theirs.stdout);
    let ours = export_table(db, table);
    assert_eq!(theirs.len(), ours.len(), "{}", db.display());
    for (i, (a, b)) in theirs.iter().zip(&ours).enumerate() {
        assert_eq!(a, b, "{}: record {i}", db.display());
    }
}
