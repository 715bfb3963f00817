//! `eseutil defrag` (esentutl `/d`): the database replaced by a smaller file
//! that exports the same records, passes the integrity check and the
//! independent readers, and keeps the original's permissions; `--preserve`
//! leaves the original, `--backup` keeps it under another name; a dirty
//! database is refused and left as it was, with no temporary file behind.

mod common;
use common::*;
use ese::db::{CreateOptions, Database};
use ese::format::coltype::Value;
use ese::format::header::{DbHeader, DbState};
use ese::record::schema::parse_schema;
use ese::record::Row;
use serde_json::Value as Json;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

const SCHEMA: &str = r#"{"page_size": 8192,
 "tables": [{"name": "notes",
   "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
               {"name": "title", "type": "Text", "cp": 1200},
               {"name": "body", "type": "LongText", "cp": 1200},
               {"name": "labels", "type": "Text", "cp": 1252, "flags": ["Tagged", "MultiValued"]}],
   "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
               {"name": "bytitle", "key": ["+title"]}]}]}"#;

/// The names of the files in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// 20,000 notes, three in four then deleted: a file with much space to give back.
fn make_notes(path: &Path) {
    let spec = parse_schema(SCHEMA).unwrap();
    let mut db = Database::create(path, CreateOptions::default()).unwrap();
    db.create_table_spec(&spec.tables[0]).unwrap();
    let def = db.table("notes").unwrap().def().clone();
    let col = |n: &str| def.column(n).unwrap().id;
    let mut keys = Vec::new();
    for i in 0..20_000i32 {
        let mut row = Row::new();
        row.set_value(col("id"), Value::Long(i));
        row.set_value(col("title"), Value::Text(format!("note {}", 20_000 - i)));
        // Most long values belong to records deleted below, some to kept ones.
        if i % 20 == 1 || i % 200 == 0 {
            row.set_value(col("body"), Value::Text("long body ".repeat(900)));
        }
        keys.push(db.insert("notes", &row).unwrap());
    }
    for (i, k) in keys.iter().enumerate() {
        if i % 4 != 0 {
            db.delete("notes", k).unwrap();
        }
    }
    db.close().unwrap();
}

fn run_json(args: &[&str]) -> Json {
    let out = eseutil(args);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    serde_json::from_str(text(&out.stdout).trim()).unwrap()
}

#[test]
fn defrag_replaces_the_database_with_a_smaller_one_holding_the_same_records() {
    let dir = Scratch::new("defrag-replace");
    let db = dir.file("notes.edb");
    make_notes(&db);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).unwrap();
    // The user table's records; the catalog's rows name new pages and objects.
    let before = export_table(&db, Some("notes"));
    assert_eq!(before.len(), 5000);
    let r = run_json(&["defrag", db.to_str().unwrap(), "--json"]);
    assert_eq!(r["tables"], 1);
    assert_eq!(r["records"], 5000);
    let (src, dst) = (
        r["source_pages"].as_u64().unwrap(),
        r["dest_pages"].as_u64().unwrap(),
    );
    assert!(dst < src, "{r}");
    assert!(
        r["dest_bytes"].as_u64().unwrap() < r["source_bytes"].as_u64().unwrap(),
        "{r}"
    );
    assert_eq!(
        std::fs::metadata(&db).unwrap().len(),
        r["dest_bytes"].as_u64().unwrap()
    );
    assert_eq!(names(&dir), vec!["notes.edb"], "a temporary file was left");
    assert_eq!(
        std::fs::metadata(&db).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(export_table(&db, Some("notes")), before);
    // The index is rebuilt and ordered; the structure checks out.
    let titles: Vec<String> = Database::open(&db)
        .unwrap()
        .table("notes")
        .unwrap()
        .records_by_index("bytitle")
        .unwrap()
        .map(|r| match r.unwrap().get("title").unwrap().first() {
            Some(Value::Text(t)) => t.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(titles.len(), 5000);
    assert!(titles
        .windows(2)
        .all(|w| w[0].to_lowercase() <= w[1].to_lowercase()));
    let ok = eseutil(&["integrity", db.to_str().unwrap()]);
    assert!(ok.status.success(), "{}", text(&ok.stdout));
    cross_check(&db, None);
}

#[test]
fn preserve_and_backup_keep_the_original() {
    let dir = Scratch::new("defrag-keep");
    let db = dir.file("notes.edb");
    make_notes(&db);
    let original = std::fs::read(&db).unwrap();
    let copy = dir.file("compacted.edb");
    let out = eseutil(&[
        "defrag",
        db.to_str().unwrap(),
        "--preserve",
        "--temp",
        copy.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(text(&out.stdout).contains("Initiating DEFRAGMENTATION mode"));
    assert!(text(&out.stdout).contains("Operation completed successfully"));
    assert_eq!(std::fs::read(&db).unwrap(), original);
    assert_eq!(
        export_table(&copy, Some("notes")),
        export_table(&db, Some("notes"))
    );

    let bak = dir.file("notes.bak");
    let r = run_json(&[
        "defrag",
        db.to_str().unwrap(),
        "--backup",
        bak.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(r["backup"], bak.to_str().unwrap());
    assert_eq!(std::fs::read(&bak).unwrap(), original);
    assert_eq!(
        export_table(&db, Some("notes")),
        export_table(&bak, Some("notes"))
    );
    // A backup name in use is refused before anything is done.
    let again = eseutil(&[
        "defrag",
        db.to_str().unwrap(),
        "--backup",
        bak.to_str().unwrap(),
    ]);
    assert!(!again.status.success());
    assert_eq!(std::fs::read(&bak).unwrap(), original);
}

/// `--stats FILE`: the table's line (its records, as the export counts them) and the
/// compaction's are appended; a second run appends again; a statistics path that is a
/// folder is refused before anything is done.
#[test]
fn stats_are_appended_to_the_file_given() {
    let dir = Scratch::new("defrag-stats");
    let db = dir.file("notes.edb");
    make_notes(&db);
    let stats = dir.file("DFRGINFO.TXT");
    let copy = dir.file("compacted.edb");
    let r = run_json(&[
        "defrag",
        db.to_str().unwrap(),
        "--preserve",
        "--temp",
        copy.to_str().unwrap(),
        "--stats",
        stats.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(r["records"], 5000);
    let report = std::fs::read_to_string(&stats).unwrap();
    assert!(
        report
            .lines()
            .any(|l| l.starts_with("Table notes: 5000 records, ") && l.contains(" leaf pages")),
        "{report}"
    );
    assert!(
        report.contains("Done: 1 table(s), 5000 records;"),
        "{report}"
    );
    let r = run_json(&[
        "defrag",
        db.to_str().unwrap(),
        "--stats",
        stats.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(r["records"], 5000);
    let again = std::fs::read_to_string(&stats).unwrap();
    assert!(again.starts_with(&report) && again.matches("Compaction of").count() == 2);
    let before = std::fs::read(&db).unwrap();
    let out = eseutil(&[
        "defrag",
        db.to_str().unwrap(),
        "--stats",
        dir.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("-1032"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert_eq!(
        names(&dir),
        ["DFRGINFO.TXT", "compacted.edb", "notes.edb"],
        "no temporary file left"
    );
}

#[test]
fn a_dirty_database_is_refused_and_left_as_it_was() {
    let dir = Scratch::new("defrag-dirty");
    let db = dir.file("notes.edb");
    make_notes(&db);
    let mut bytes = std::fs::read(&db).unwrap();
    let ps = 8192;
    for copy in 0..2 {
        let page = &mut bytes[copy * ps..(copy + 1) * ps];
        let mut h = DbHeader::decode(page).unwrap();
        h.state = DbState::DirtyShutdown;
        h.encode(page);
    }
    std::fs::write(&db, &bytes).unwrap();
    let out = eseutil(&["defrag", db.to_str().unwrap()]);
    assert!(!out.status.success());
    let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(said.contains("-550"), "{said}");
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
    assert_eq!(names(&dir), vec!["notes.edb"]);
}
