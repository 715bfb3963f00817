//! Databases written through the library, checked by the independent readers:
//! every column type, multi-values, defaults, small and multi-chunk long values
//! (compressed columns too), at 4/8/16/32 KiB pages; and a table of 110,000
//! records with deletes that merge pages. Each file is closed, reopened
//! read-only and read back identically (`eseutil export` before and after), then
//! `ese-crosscheck.py --strict` must pass and `tools/reader-values.py` must give
//! the values `eseutil export` gives.

mod common;
use common::*;
use ese::db::{CreateOptions, Database};
use ese::format::coltype::Value;
use ese::record::import::row_from_jsonl;
use ese::record::schema::parse_schema;
use ese::record::Row;
use serde_json::Value as Json;
use std::path::Path;

fn export(db: &Path) -> Vec<Json> {
    export_table(db, None)
}

const ALL_TYPES: &str = r#"{"page_size": PAGE, "tables": [{"name": "all",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "bit", "type": "Bit"},
              {"name": "ub", "type": "UnsignedByte", "default": 7},
              {"name": "sh", "type": "Short"},
              {"name": "us", "type": "UnsignedShort"},
              {"name": "lo", "type": "Long", "default": -5},
              {"name": "ul", "type": "UnsignedLong"},
              {"name": "ll", "type": "LongLong"},
              {"name": "cur", "type": "Currency"},
              {"name": "f4", "type": "IEEESingle"},
              {"name": "f8", "type": "IEEEDouble"},
              {"name": "dt", "type": "DateTime"},
              {"name": "guid", "type": "GUID"},
              {"name": "fixtext", "type": "Text", "cp": 1252, "max_length": 10, "flags": ["Fixed"]},
              {"name": "a", "type": "Text", "cp": 1252, "default": "dflt"},
              {"name": "u", "type": "Text", "cp": 1200},
              {"name": "bin", "type": "Binary"},
              {"name": "mv", "type": "Long", "flags": ["Tagged", "MultiValued"]},
              {"name": "mvt", "type": "Text", "cp": 1200, "flags": ["Tagged", "MultiValued"]},
              {"name": "lt", "type": "LongText", "cp": 1200},
              {"name": "lb", "type": "LongBinary"},
              {"name": "lbm", "type": "LongBinary", "flags": ["MultiValued"]}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
              {"name": "bya", "key": ["+a", "+id"]},
              {"name": "byf8", "key": ["-f8"]}]},
  {"name": "packed",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "lta", "type": "LongText", "cp": 1252, "flags": ["Compressed"]},
              {"name": "ltu", "type": "LongText", "cp": 1200, "flags": ["Compressed"]},
              {"name": "lbc", "type": "LongBinary", "flags": ["Compressed"]},
              {"name": "lbig", "type": "LongBinary"}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]}]}]}"#;

fn packed_row(i: u64) -> String {
    let mut r = serde_json::json!({"id": i});
    let o = r.as_object_mut().unwrap();
    match i % 4 {
        0 => o.insert(
            "lta".into(),
            "compressible ascii text "
                .repeat(1 + i as usize % 2000)
                .into(),
        ),
        1 => o.insert(
            "ltu".into(),
            "unicode text ".repeat(1 + i as usize % 2000).into(),
        ),
        2 => o.insert("lbc".into(), "61".repeat(1 + i as usize * 13 % 9000).into()),
        _ => {
            let hex: String = (0..(100 + i * 997 % 120_000))
                .map(|j| format!("{:02x}", (j * 7 + i) % 256))
                .collect();
            o.insert("lbig".into(), hex.into())
        }
    };
    r.to_string()
}

fn all_types_row(i: u64) -> String {
    let mut r = serde_json::json!({"id": i});
    let o = r.as_object_mut().unwrap();
    if i % 5 != 1 {
        o.insert("bit".into(), Json::Bool(i.is_multiple_of(2)));
        o.insert("ub".into(), (i % 256).into());
        o.insert("sh".into(), ((i % 60000) as i64 - 30000).into());
        o.insert("us".into(), (i % 65536).into());
        o.insert("lo".into(), (i as i64 * -7).into());
        o.insert("ul".into(), (i * 13).into());
        o.insert("ll".into(), (i as i64 * -123_456_789_011).into());
        o.insert("cur".into(), (i as i64 * 10_000).into());
        o.insert("f4".into(), (0.5 + i as f64).into());
        o.insert("f8".into(), (i as f64 / 7.0).into());
        o.insert("fixtext".into(), format!("f{}", i % 1000).into());
        o.insert("a".into(), format!("text {}", i % 333).into());
        o.insert("u".into(), format!("ünï {i} ✓").into());
        o.insert("bin".into(), "00ff10".into());
        o.insert("mv".into(), serde_json::json!([i, i + 1, i * 3]));
        o.insert("mvt".into(), serde_json::json!(["x", format!("y{i}")]));
    }
    match i % 7 {
        0 => {
            o.insert(
                "lt".into(),
                "long unicode ✓ ".repeat(10 + i as usize % 60).into(),
            );
        }
        2 => {
            let hex: String = (0..(100 + i * 37 % 3000))
                .map(|j| format!("{:02x}", (j * 7 + i) % 256))
                .collect();
            o.insert("lb".into(), hex.into());
        }
        4 => {
            o.insert("lbm".into(), serde_json::json!(["0102", "03".repeat(3000)]));
        }
        _ => {}
    }
    r.to_string()
}

#[test]
fn every_column_type_at_every_page_size() {
    for page in [4096usize, 8192, 16384, 32768] {
        let dir = Scratch::new("wr");
        let path = dir.file(&format!("types{page}.edb"));
        let spec = parse_schema(&ALL_TYPES.replace("PAGE", &page.to_string())).unwrap();
        let mut db = Database::create(
            &path,
            CreateOptions {
                page_size: page,
                cache_pages: 128,
                ..Default::default()
            },
        )
        .unwrap();
        let def = db.create_table_spec(&spec.tables[0]).unwrap();
        let packed = db.create_table_spec(&spec.tables[1]).unwrap();
        for i in 0..700 {
            let row = row_from_jsonl(&def, &all_types_row(i)).unwrap();
            db.insert("all", &row).unwrap();
            let row = row_from_jsonl(&packed, &packed_row(i)).unwrap();
            db.insert("packed", &row).unwrap();
        }
        db.check().unwrap();
        db.close().unwrap();
        drop(db);
        let before = export(&path);
        assert!(before.iter().filter(|r| r["id"].is_number()).count() >= 700);
        // Reopen for writing, change nothing, close: the same rows.
        let db = Database::open_with(
            &ese_os::StdFs,
            &path,
            &ese::db::OpenOptions {
                read_only: false,
                ..Default::default()
            },
        )
        .unwrap();
        db.close().unwrap();
        drop(db);
        assert_eq!(export(&path), before);
        // dissect cannot read long values of more than two chunks (it adds up
        // chunk offsets instead of taking them: `chunk_offset += next_chunk_offset`
        // in `Table.get_long_value`), so its values are compared on the table of
        // shorter long values; the strict cross-check reads every table.
        cross_check(&path, Some("all"));
    }
}

#[test]
fn a_hundred_thousand_records_with_splits_and_merges() {
    let dir = Scratch::new("wr");
    let path = dir.file("bulk.edb");
    let spec = parse_schema(
        r#"{"page_size": 4096, "tables": [{"name": "bulk",
        "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
                    {"name": "grp", "type": "Long"},
                    {"name": "name", "type": "Text", "cp": 1252}],
        "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
                    {"name": "bygrp", "key": ["+grp", "+name"]}]}]}"#,
    )
    .unwrap();
    let mut db = Database::create(
        &path,
        CreateOptions {
            page_size: 4096,
            cache_pages: 512,
            ..Default::default()
        },
    )
    .unwrap();
    let def = db.create_table_spec(&spec.tables[0]).unwrap();
    let n = 110_000i32;
    // Interleaved order: splits in the middle as well as appends.
    for k in 0..n {
        let i = (k * 7919) % n;
        let mut row = Row::new();
        row.set_value(1, Value::Long(i));
        row.set_value(2, Value::Long(i % 97));
        row.set_value(128, Value::Text(format!("name number {i}")));
        db.insert("bulk", &row).unwrap();
    }
    db.check().unwrap();
    // Delete two thirds, in runs, so that whole pages empty and merge.
    let t = db.table("bulk").unwrap();
    let keys: Vec<Vec<u8>> = t
        .records()
        .unwrap()
        .map(|r| r.unwrap().key().to_vec())
        .collect();
    for (j, k) in keys.iter().enumerate() {
        if (j / 50) % 3 != 0 {
            db.delete("bulk", k).unwrap();
        }
    }
    let left = db.table("bulk").unwrap().count().unwrap();
    assert_eq!(
        left,
        keys.iter()
            .enumerate()
            .filter(|(j, _)| (j / 50) % 3 == 0)
            .count() as u64
    );
    let _ = def;
    db.check().unwrap();
    db.close().unwrap();
    drop(db);
    let r = Database::open(&path).unwrap();
    assert_eq!(r.table("bulk").unwrap().count().unwrap(), left);
    assert!(r.warnings().is_empty());
    drop(r);
    cross_check(&path, None);
}

/// A database written through an instance with its log, crashed (a power cut of
/// the simulated disk while a transaction was open), recovered by the next
/// instance and shut down cleanly: the readers read it, its header says clean
/// and names no log generations, and it holds exactly what was committed.
#[test]
fn a_recovered_database_passes_the_readers() {
    use ese::db::{KeyLimit, Prep, SeekGrbit};
    use ese::record::Cell;
    use ese::{Instance, InstanceOptions};
    use ese_os::{FileSystem, OpenOptions as FsOpen, SimFs, TearPolicy};
    use std::sync::Arc;
    let sim = Arc::new(SimFs::new());
    let fs: Arc<dyn FileSystem> = sim.clone();
    let path = Path::new("/d/r.edb");
    let schema = r#"{"page_size": 8192, "tables": [{"name": "t",
      "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
                  {"name": "note", "type": "LongText", "cp": 1252}],
      "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]}]}]}"#;
    let opts = || InstanceOptions {
        cache_pages: 32,
        ..InstanceOptions::in_dir("/d")
    };
    let put = |c: &mut ese::Cursor, id: i32, note: &str| {
        c.prepare_update(Prep::Insert).unwrap();
        c.set_column(1, Some(Cell::Value(Value::Long(id))), 1)
            .unwrap();
        c.set_column(256, Some(Cell::Value(Value::Text(note.into()))), 1)
            .unwrap();
        c.update().unwrap();
    };
    {
        let inst = Instance::with_fs(fs.clone(), opts()).unwrap();
        let mut db = inst
            .create_database(path, CreateOptions::default())
            .unwrap();
        db.create_table_spec(&parse_schema(schema).unwrap().tables[0])
            .unwrap();
        let s = inst.begin_session().unwrap();
        let mut c = s.open_table(&db, "t").unwrap();
        for id in 0..300 {
            s.begin_transaction().unwrap();
            put(
                &mut c,
                id,
                &format!("committed {id} ").repeat(id as usize % 40 + 1),
            );
            s.commit_transaction().unwrap();
        }
        s.begin_transaction().unwrap();
        for id in 300..400 {
            put(&mut c, id, "never committed");
        }
        c.make_key(&[Some(Value::Long(5))], KeyLimit::None).unwrap();
        c.seek(SeekGrbit::Eq).unwrap();
        c.delete().unwrap();
        sim.power_cut_with(7, TearPolicy::KeepAll);
        std::mem::forget((c, s, db, inst));
    }
    let inst = Instance::with_fs(fs.clone(), opts()).unwrap();
    let (db, _) = inst.attach_database(path, false).unwrap();
    db.check().unwrap();
    drop(db);
    inst.term().unwrap();
    // Out of the simulated disk onto a real file, for the readers.
    let f = fs.open(path, FsOpen::read_only()).unwrap();
    let mut bytes = vec![0u8; f.len().unwrap() as usize];
    f.read_at(0, &mut bytes).unwrap();
    let dir = Scratch::new("wr");
    let out = dir.file("recovered.edb");
    std::fs::write(&out, &bytes).unwrap();
    let r = Database::open(&out).unwrap();
    let h = r.header();
    assert_eq!(h.state, ese::format::header::DbState::CleanShutdown);
    assert_eq!((h.lgen_min_required, h.lgen_max_required), (0, 0));
    assert!(h.lgpos_consistent.lgen >= 1 && h.log_signature.random != 0);
    let ids: Vec<i64> = export_table(&out, Some("t"))
        .iter()
        .map(|j| j["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, (0..300).collect::<Vec<i64>>());
    cross_check(&out, None);
}
