//! Cross-check against an independent ESE reader: every record of every sample, as
//! `eseutil export` writes it, equals what dissect.database reads (through
//! `tools/reader-values.py`, which normalizes dissect's values to the export's form).
//!
//! Needs a Python with dissect.database installed: `ESE_READERS_PY`, or the
//! `.readers` virtual environment that `.ci/run` makes in the checkout. In CI (`CI` set) a missing reader fails the test instead of skipping it.
//! `Windows.edb` is left out: dissect cannot read its long values (it miscounts chunk
//! offsets and then reports Xpress9 data), and it counts the flag-deleted node that
//! this engine does not (docs/read-path.md).

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

#[test]
fn readers_dissect_reads_the_same_records_and_values() {
    let Some(py) = reader_python() else { return };
    let tool = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/reader-values.py");
    // Windows.edb is left out (see the module's comment).
    for s in SAMPLES.into_iter().filter(|&s| s != "Windows.edb") {
        let db = samples().join(format!("{s}.gz"));
        let theirs = Command::new(&py)
            .arg(&tool)
            .arg(&db)
            .output()
            .expect("run the reader");
        assert!(
            theirs.status.success(),
            "{s}: {}",
            String::from_utf8_lossy(&theirs.stderr)
        );
        let ours = Command::new(env!("CARGO_BIN_EXE_eseutil"))
            .arg("export")
            .arg(&db)
            .output()
            .unwrap();
        assert!(
            ours.status.success(),
            "{s}: {}",
            String::from_utf8_lossy(&ours.stderr)
        );
        let (a, b) = (lines(&theirs.stdout), lines(&ours.stdout));
        assert_eq!(a.len(), b.len(), "{s}: record count");
        for (i, (x, y)) in a.iter().zip(&b).enumerate() {
            assert_eq!(x, y, "{s}: record {i} differs");
        }
    }
}
