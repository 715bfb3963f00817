//! `eseutil create` and `eseutil import`: a schema and rows in, the same rows out
//! of `export`; a bad row leaves the database as it was; the files pass the
//! independent readers when they are available.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn eseutil() -> Command {
    Command::new(env!("CARGO_BIN_EXE_eseutil"))
}

/// A folder of the test's own, removed when it ends.
fn tmpdir(name: &str) -> Scratch {
    Scratch::new(&format!("cli-{name}"))
}

const SCHEMA: &str = r#"{"page_size": PAGE,
 "tables": [{"name": "people",
   "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
               {"name": "name", "type": "Text", "cp": 1200},
               {"name": "ascii", "type": "Text", "cp": 1252},
               {"name": "score", "type": "IEEEDouble"},
               {"name": "single", "type": "IEEESingle"},
               {"name": "flag", "type": "Bit"},
               {"name": "small", "type": "UnsignedByte"},
               {"name": "short", "type": "Short"},
               {"name": "ushort", "type": "UnsignedShort"},
               {"name": "ulong", "type": "UnsignedLong"},
               {"name": "big", "type": "LongLong"},
               {"name": "money", "type": "Currency"},
               {"name": "when", "type": "DateTime"},
               {"name": "guid", "type": "GUID"},
               {"name": "bin", "type": "Binary"},
               {"name": "tags", "type": "Text", "cp": 1200, "flags": ["Tagged", "MultiValued"]},
               {"name": "bio", "type": "LongText", "cp": 1200},
               {"name": "blob", "type": "LongBinary"}],
   "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
               {"name": "byname", "key": ["+ascii", "-id"]}]}]}"#;

fn rows(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let mut r = serde_json::json!({
                "id": i, "name": format!("n{i} ü"), "ascii": format!("a{}", i % 97),
                "score": i as f64 / 3.0, "flag": i % 2 == 0, "small": i % 256,
                "short": (i % 30000) as i64 - 15000, "ushort": i % 65536, "ulong": i * 7,
                "big": (i as i64) * -1_000_000_007, "money": i * 100,
            });
            if i % 3 == 0 {
                r["tags"] = serde_json::json!(["a", format!("b{i}")]);
            }
            if i % 40 == 0 {
                r["bio"] = Value::String("long text ".repeat(300 + i));
            }
            r
        })
        .collect()
}

/// `eseutil import DB --table people FILE`.
fn import(db: &Path, file: &Path) -> std::process::Output {
    eseutil()
        .arg("import")
        .arg(db)
        .args(["--table", "people"])
        .arg(file)
        .output()
        .unwrap()
}

fn export_rows(db: &Path) -> Vec<Value> {
    common::export_table(db, Some("people"))
}

#[test]
fn create_import_export_round_trip_at_every_page_size() {
    for page in [4096, 8192, 16384, 32768] {
        let dir = tmpdir(&format!("rt{page}"));
        let schema = dir.join("schema.json");
        std::fs::write(&schema, SCHEMA.replace("PAGE", &page.to_string())).unwrap();
        let db = dir.join("people.edb");
        let st = eseutil()
            .arg("create")
            .arg(&db)
            .arg("--schema")
            .arg(&schema)
            .status()
            .unwrap();
        assert!(st.success());
        let input = rows(1500);
        let jsonl = dir.join("rows.jsonl");
        let text: String = input.iter().map(|r| format!("{r}\n")).collect();
        std::fs::write(&jsonl, text).unwrap();
        let out = import(&db, &jsonl);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let back = export_rows(&db);
        assert_eq!(back.len(), input.len());
        for (a, b) in input.iter().zip(&back) {
            for (k, v) in a.as_object().unwrap() {
                let got = &b[k];
                match (v.as_f64(), got.as_f64()) {
                    (Some(x), Some(y)) => assert!((x - y).abs() < 1e-9, "{k}: {v} vs {got}"),
                    _ => assert_eq!(v, got, "{k}"),
                }
            }
        }
        // A bad row: nothing of the import stays behind.
        let bad = dir.join("bad.jsonl");
        std::fs::write(&bad, "{\"id\": 100000}\n{\"id\": 100001, \"small\": 999}\n").unwrap();
        let out = import(&db, &bad);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("line 2"), "{err}");
        assert_eq!(export_rows(&db).len(), input.len());
        // Export as CSV, import into a fresh database, same rows.
        let csv = eseutil()
            .args(["export", "--format", "csv", "--table", "people"])
            .arg(&db)
            .output()
            .unwrap();
        assert!(csv.status.success());
        let csv_file = dir.join("rows.csv");
        std::fs::write(&csv_file, &csv.stdout).unwrap();
        let db2 = dir.join("copy.edb");
        assert!(eseutil()
            .arg("create")
            .arg(&db2)
            .arg("--schema")
            .arg(&schema)
            .status()
            .unwrap()
            .success());
        let out = import(&db2, &csv_file);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(export_rows(&db2), back);
        let ck = eseutil().arg("checksum").arg(&db).output().unwrap();
        assert!(ck.status.success());
        if let Some(py) = reader_python() {
            let tool = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/tools/ese-crosscheck.py");
            let out = Command::new(&py)
                .arg(&tool)
                .arg("--strict")
                .arg(&db)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            let values = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/reader-values.py");
            let theirs = Command::new(&py).arg(&values).arg(&db).output().unwrap();
            assert!(
                theirs.status.success(),
                "{}",
                String::from_utf8_lossy(&theirs.stderr)
            );
            let ours = eseutil().arg("export").arg(&db).output().unwrap();
            let a: Vec<Value> = String::from_utf8_lossy(&theirs.stdout)
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            let b: Vec<Value> = String::from_utf8_lossy(&ours.stdout)
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            assert_eq!(a.len(), b.len(), "page {page}");
            assert!(a == b, "page {page}: dissect's values differ from export's");
        }
    }
}

/// A NULL stored over a column's default survives `export` and `import`: the
/// export says `null` for it (left out, the import would give the column its
/// default again), and a column left to its default exports its default.
#[test]
fn a_null_over_a_default_survives_export_and_import() {
    let dir = tmpdir("nulldef");
    let schema = dir.file("schema.json");
    std::fs::write(
        &schema,
        r#"{"page_size": 8192, "tables": [{"name": "people",
            "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
                        {"name": "level", "type": "Long", "default": 3},
                        {"name": "note", "type": "Text", "cp": 1252, "default": "n/a", "flags": ["Tagged"]}],
            "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]}]}]}"#,
    )
    .unwrap();
    let rows = dir.file("rows.jsonl");
    std::fs::write(
        &rows,
        "{\"id\": 1}\n{\"id\": 2, \"level\": null, \"note\": null}\n{\"id\": 3, \"level\": 9, \"note\": \"x\"}\n",
    )
    .unwrap();
    let (a, b) = (dir.file("a.edb"), dir.file("b.edb"));
    for db in [&a, &b] {
        let out = eseutil()
            .arg("create")
            .arg(db)
            .arg("--schema")
            .arg(&schema)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let imported = |db: &Path, file: &Path| {
        let out = import(db, file);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    imported(&a, &rows);
    let first = export_rows(&a);
    assert_eq!(first[0]["level"], 3);
    assert_eq!(first[0]["note"], "n/a");
    assert!(
        first[1]["level"].is_null() && first[1].get("level").is_some(),
        "{}",
        first[1]
    );
    assert!(
        first[1]["note"].is_null() && first[1].get("note").is_some(),
        "{}",
        first[1]
    );
    assert_eq!(first[2]["level"], 9);
    let again = dir.file("again.jsonl");
    let lines: Vec<String> = first.iter().map(|r| r.to_string()).collect();
    std::fs::write(&again, lines.join("\n") + "\n").unwrap();
    imported(&b, &again);
    assert_eq!(export_rows(&b), first);
}
