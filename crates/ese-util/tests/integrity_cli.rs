//! `eseutil integrity` (esentutl `/g`): every clean sample passes; damage behind
//! valid page checksums is found (exit code 2, "Database is CORRUPTED!") without
//! the database being written; a dirty database and an existing temporary file
//! are refused with their codes.

mod common;
use common::{eseutil, s, text, Scratch};

use ese::format::checksum::compute_page_checksums;
use ese::format::coltype::Value;
use ese::record::schema::parse_schema;
use ese::record::Row;
use ese::{CreateOptions, Database};
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "val", "type": "Long"},
              {"name": "pad", "type": "Binary"}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
              {"name": "byval", "key": ["+val"]}]}]}"#;

/// A folder of the test's own, removed when it ends.
fn tmpdir(name: &str) -> Scratch {
    Scratch::new(&format!("integ-{name}"))
}

/// Files in `dir` other than `keep`.
fn others(dir: &Path, keep: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p != keep)
        .collect()
}

/// A database of 3,000 rows made by the engine, closed cleanly.
fn made(dir: &Path) -> PathBuf {
    let path = dir.join("d.edb");
    let mut db = Database::create(&path, CreateOptions::default()).unwrap();
    db.create_table_spec(&parse_schema(SCHEMA).unwrap().tables[0])
        .unwrap();
    for id in 0..3000 {
        let mut row = Row::new();
        row.set_value(1, Value::Long(id));
        row.set_value(2, Value::Long((id * 7919) % 3001));
        row.set_value(128, Value::Binary(vec![(id % 251) as u8; 40]));
        db.insert("t", &row).unwrap();
    }
    db.close().unwrap();
    path
}

#[test]
fn every_clean_sample_passes() {
    for name in common::SAMPLES {
        if name == "Windows.edb" {
            continue; // Dirty Shutdown: refused, see below.
        }
        let path = common::samples().join(format!("{name}.gz"));
        let o = eseutil(&["integrity", s(&path), "--json"]);
        assert!(
            o.status.success(),
            "{name}: {}{}",
            text(&o.stdout),
            text(&o.stderr)
        );
        let j: Json = serde_json::from_str(text(&o.stdout).trim()).unwrap();
        assert_eq!(j["ok"], true, "{name}: {j}");
        assert!(j["records"].as_u64().unwrap() > 0, "{name}: {j}");
        assert!(j["trees"].as_u64().unwrap() >= 4, "{name}: {j}");
        // The space by tree: the database root first; every tree's owned pages
        // are its used and available pages and its children's owned pages.
        let space = j["space"].as_array().unwrap();
        assert_eq!(space[0]["name"], "(database root)", "{name}: {j}");
        assert!(space.iter().any(|t| t["name"] == "MSysObjects"), "{name}");
        for t in space {
            let children: u64 = space
                .iter()
                .filter(|c| c["parent"] == t["fdp"])
                .map(|c| c["owned"].as_u64().unwrap())
                .sum();
            assert_eq!(
                t["owned"].as_u64().unwrap(),
                t["used"].as_u64().unwrap() + t["available"].as_u64().unwrap() + children,
                "{name}: {t}"
            );
        }
        let o = eseutil(&["integrity", s(&path), "--space"]);
        assert!(o.status.success(), "{name}");
        let out = text(&o.stdout);
        assert!(
            out.contains("Available") && out.contains("  MSysObjectsShadow"),
            "{name}: {out}"
        );
    }
    let o = eseutil(&["integrity", s(&common::samples().join("Windows.edb.gz"))]);
    assert!(!o.status.success());
    assert!(text(&o.stderr).contains("-550"), "{}", text(&o.stderr));
}

#[test]
fn a_made_database_passes_and_is_not_written() {
    let dir = tmpdir("clean");
    let path = made(&dir);
    let before = std::fs::read(&path).unwrap();
    let o = eseutil(&["integrity", s(&path)]);
    assert!(o.status.success(), "{}{}", text(&o.stdout), text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("Integrity check successful."), "{out}");
    let o = eseutil(&["integrity", s(&path), "--json"]);
    let j: Json = serde_json::from_str(text(&o.stdout).trim()).unwrap();
    // The table's 3,000 rows besides the catalog's; the secondary index's 3,000 entries.
    assert!(j["records"].as_u64().unwrap() >= 3000, "{j}");
    assert!(j["index_entries"].as_u64().unwrap() >= 3000, "{j}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the database was written"
    );
    assert!(
        others(&dir, &path).is_empty(),
        "left behind: {:?}",
        others(&dir, &path)
    );

    // A temporary file that exists is the user's: refused, and kept.
    let temp = dir.join("mine.edb");
    std::fs::write(&temp, b"keep me").unwrap();
    let o = eseutil(&["integrity", s(&path), "--temp", s(&temp)]);
    assert!(!o.status.success());
    assert!(
        text(&o.stderr).contains("JET_errFileAlreadyExists"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(std::fs::read(&temp).unwrap(), b"keep me");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn damage_behind_valid_checksums_is_found() {
    let dir = tmpdir("damaged");
    let clean_path = made(&dir);
    let clean = std::fs::read(&clean_path).unwrap();
    std::fs::remove_file(&clean_path).unwrap();
    let page = 8192usize;
    let pages = clean.len() / page;
    let path = dir.join("x.edb");
    let mut rng = 0x51F1_5EED_u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let (mut corrupted, mut runs) = (0, 0);
    while corrupted < 3 && runs < 200 {
        runs += 1;
        let mut b = clean.clone();
        // A page in use (not all zeros), past the header's two pages.
        let p = loop {
            let p = 2 + next() as usize % (pages - 2);
            if b[p * page..(p + 1) * page].iter().any(|&x| x != 0) {
                break p;
            }
        };
        for _ in 0..1 + next() % 3 {
            let off = 40 + next() as usize % (page - 40);
            b[p * page + off] = next() as u8;
        }
        compute_page_checksums(&mut b[p * page..(p + 1) * page], (p - 1) as u32);
        std::fs::write(&path, &b).unwrap();
        let o = eseutil(&["integrity", s(&path), "--json"]);
        match o.status.code() {
            Some(0) => {}
            Some(2) => {
                corrupted += 1;
                let j: Json = serde_json::from_str(text(&o.stdout).trim()).unwrap();
                assert_eq!(j["ok"], false, "{j}");
                assert!(j["result"].as_i64().unwrap() < 0, "{j}");
            }
            // The catalog itself unreadable: the read-only open fails first.
            Some(1) => assert!(
                text(&o.stderr).contains("eseutil: error -"),
                "{}",
                text(&o.stderr)
            ),
            other => panic!("run {runs}: exit {other:?}: {}", text(&o.stderr)),
        }
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b,
            "run {runs}: the database was written"
        );
        assert!(
            others(&dir, &path).is_empty(),
            "run {runs}: left behind {:?}",
            others(&dir, &path)
        );
    }
    assert_eq!(
        corrupted, 3,
        "only {corrupted} of {runs} damaged copies were reported"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
