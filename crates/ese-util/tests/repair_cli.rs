//! `eseutil repair` (esentutl `/p`): a database with a damaged leaf is replaced
//! by one holding every other record, which passes `checksum`, `integrity` and
//! the independent readers, keeps the original's permissions and reports the
//! lost page with warning 595; `--preserve` leaves the damaged original as it
//! was; a catalog that cannot be read is read from its shadow, and a database
//! whose catalog and shadow cannot be read is refused and left alone, with no
//! temporary file behind.

mod common;
use common::*;
use ese::db::{CreateOptions, Database};
use ese::format::coltype::Value;
use ese::format::page::Page;
use ese::record::schema::parse_schema;
use ese::record::Row;
use serde_json::Value as Json;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

const SCHEMA: &str = r#"{"page_size": 8192,
 "tables": [{"name": "notes",
   "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
               {"name": "title", "type": "Text", "cp": 1200},
               {"name": "body", "type": "LongText", "cp": 1200}],
   "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
               {"name": "bytitle", "key": ["+title"]}]}]}"#;

const NOTES: i32 = 4000;

fn make_notes(path: &Path) {
    let spec = parse_schema(SCHEMA).unwrap();
    let mut db = Database::create(path, CreateOptions::default()).unwrap();
    db.create_table_spec(&spec.tables[0]).unwrap();
    let def = db.table("notes").unwrap().def().clone();
    let col = |n: &str| def.column(n).unwrap().id;
    for i in 0..NOTES {
        let mut row = Row::new();
        row.set_value(col("id"), Value::Long(i));
        row.set_value(col("title"), Value::Text(format!("note {}", NOTES - i)));
        if i % 100 == 0 {
            row.set_value(col("body"), Value::Text("long body ".repeat(900)));
        }
        db.insert("notes", &row).unwrap();
    }
    db.close().unwrap();
}

/// A leaf page of the notes table's records in the middle of the file.
fn a_leaf(path: &Path) -> u32 {
    let db = Database::open(path).unwrap();
    let objid = db.table("notes").unwrap().def().objid;
    let ps = db.page_size();
    let bytes = std::fs::read(path).unwrap();
    let leaves: Vec<u32> = bytes
        .chunks(ps)
        .enumerate()
        .skip(2)
        .filter_map(|(i, chunk)| {
            let pgno = (i - 1) as u32;
            let p = Page::new(chunk, pgno).ok()?;
            (p.objid_fdp() == objid
                && p.is_leaf()
                && !p.is_space_tree()
                && !p.is_index()
                && !p.is_long_value()
                && p.node_count() > 0)
                .then_some(pgno)
        })
        .collect();
    assert!(leaves.len() > 4, "{} leaves", leaves.len());
    leaves[leaves.len() / 2]
}

/// Flips the bits of 7 bytes in the middle of page `pgno` (its checksum fails).
fn damage(path: &Path, pgno: u32) {
    let mut bytes = std::fs::read(path).unwrap();
    let at = (pgno as usize + 1) * 8192 + 4096;
    for b in &mut bytes[at..at + 7] {
        *b ^= 0xff;
    }
    std::fs::write(path, &bytes).unwrap();
}

/// The names of the files in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn repair_replaces_a_damaged_database_with_one_holding_every_readable_record() {
    let dir = Scratch::new("repair-replace");
    let db = dir.file("notes.edb");
    make_notes(&db);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).unwrap();
    let before = export_table(&db, Some("notes"));
    assert_eq!(before.len(), NOTES as usize);
    let leaf = a_leaf(&db);
    damage(&db, leaf);
    let bad = eseutil(&["checksum", s(&db)]);
    assert!(!bad.status.success(), "the damage is seen");

    let out = eseutil(&["repair", s(&db), "--json"]);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let r: Json = serde_json::from_str(text(&out.stdout).trim()).unwrap();
    assert_eq!(r["bad_pages"], serde_json::json!([leaf]), "{r}");
    assert_eq!(r["warning"], 595, "{r}");
    assert_eq!(r["tables"], 1);
    assert_eq!(r["repair_count"], 1);
    let kept = r["records"].as_u64().unwrap() as usize;
    assert!(kept < before.len() && kept > before.len() - 200, "{r}");
    assert_eq!(names(&dir), vec!["notes.edb"], "a temporary file was left");
    assert_eq!(
        std::fs::metadata(&db).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // Every record kept is as it was; only a run of ids (the damaged leaf's) is gone.
    let after = export_table(&db, Some("notes"));
    assert_eq!(after.len(), kept);
    let ids = |v: &[Json]| -> Vec<i64> { v.iter().map(|r| r["id"].as_i64().unwrap()).collect() };
    let (was, now) = (ids(&before), ids(&after));
    let gone: Vec<i64> = was.iter().copied().filter(|i| !now.contains(i)).collect();
    assert!(
        gone.windows(2).all(|w| w[1] == w[0] + 1),
        "the records lost are one leaf's run: {gone:?}"
    );
    for rec in &after {
        let i = rec["id"].as_i64().unwrap() as usize;
        assert_eq!(rec, &before[i]);
    }
    for cmd in ["checksum", "integrity"] {
        let ok = eseutil(&[cmd, s(&db)]);
        assert!(ok.status.success(), "{cmd}: {}", text(&ok.stdout));
    }
    let header = eseutil(&["header", s(&db), "--json"]);
    assert!(header.status.success());
    cross_check(&db, None);
}

#[test]
fn preserve_leaves_the_original_a_catalog_is_read_from_its_shadow() {
    let dir = Scratch::new("repair-keep");
    let db = dir.file("notes.edb");
    let copy = dir.file("repaired.edb");
    make_notes(&db);
    damage(&db, a_leaf(&db));
    let damaged = std::fs::read(&db).unwrap();
    let out = eseutil(&["repair", s(&db), "--preserve", "--temp", s(&copy)]);
    let said = text(&out.stdout);
    assert!(out.status.success(), "{said}{}", text(&out.stderr));
    for line in [
        "Initiating REPAIR mode...",
        "1 page could not be read (if it was a leaf, what it held is lost): ",
        "Repair completed. Database corruption has been repaired!",
        "Operation completed successfully with 595 (JET_wrnDatabaseRepaired",
    ] {
        assert!(said.contains(line), "{line:?} not in:\n{said}");
    }
    assert_eq!(
        std::fs::read(&db).unwrap(),
        damaged,
        "the original was written"
    );
    let ok = eseutil(&["integrity", s(&copy)]);
    assert!(ok.status.success(), "{}", text(&ok.stdout));

    // The catalog's root page (MSysObjects, page 4) damaged: its shadow is read.
    std::fs::remove_file(&copy).unwrap();
    damage(&db, 4);
    let out = eseutil(&["repair", s(&db), "--preserve", "--temp", s(&copy)]);
    let said = text(&out.stdout);
    assert!(out.status.success(), "{said}{}", text(&out.stderr));
    assert!(
        said.contains("it was rebuilt from MSysObjectsShadow"),
        "{said}"
    );
    let ok = eseutil(&["integrity", s(&copy)]);
    assert!(ok.status.success(), "{}", text(&ok.stdout));
    std::fs::remove_file(&copy).unwrap();

    // And the shadow's root (page 24): nothing to go on.
    damage(&db, 24);
    let damaged = std::fs::read(&db).unwrap();
    let out = eseutil(&["repair", s(&db)]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("-1220") && err.contains("catalog"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), damaged);
    assert_eq!(names(&dir), vec!["notes.edb"], "a temporary file was left");
}
