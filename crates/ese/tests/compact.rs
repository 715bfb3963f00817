//! Offline compaction (`ese::db::compact`, `JetCompact`): the new file holds
//! every record of every user table with every value, its indexes answer as
//! the source's do, it passes the integrity check, and it is smaller when the
//! source had space to give back; a dirty source and an existing destination
//! are refused, and a failed compaction leaves no destination behind.

mod common;

use common::{
    check_written, index_entries, mem_file, sample_bytes, sorts_in_folder, ScratchFile, SAMPLES,
};
use ese::db::{compact, CompactOptions, CompactStatus, CreateOptions, Database, OpenOptions};
use ese::format::coltype::Value;
use ese::format::header::{DbHeader, DbState};
use ese::record::schema::parse_schema;
use ese::record::{Cell, Row, RowValue};
use ese::{ErrorCode, SeekOp};
use ese_os::{FileSystem, Rng, SplitMix64, StdFs};
use std::path::Path;

const ITEMS: &str = r#"{"page_size": 8192,
 "tables": [{"name": "items",
   "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
               {"name": "name", "type": "Text", "cp": 1200},
               {"name": "price", "type": "Currency"},
               {"name": "tags", "type": "Text", "cp": 1200, "flags": ["Tagged", "MultiValued"]},
               {"name": "blob", "type": "LongBinary"},
               {"name": "stock", "type": "Long", "default": 5}],
   "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
               {"name": "byname", "key": ["+name", "-id"]}]},
  {"name": "empty",
   "columns": [{"name": "k", "type": "Long"}],
   "indexes": [{"name": "pk", "key": ["+k"], "flags": ["Primary"]}]}]}"#;

/// A table's records: each one's primary key and its values as stored.
type Records = Vec<(Vec<u8>, Row)>;

/// Every record of every user table of `db`, as rows, by table name.
fn contents(db: &Database) -> Vec<(String, Records)> {
    let mut out = Vec::new();
    for name in db.table_names() {
        if name.to_ascii_lowercase().starts_with("msys") {
            continue;
        }
        let rows = db
            .table(&name)
            .unwrap()
            .records()
            .unwrap()
            .map(|r| {
                let r = r.unwrap();
                (r.key().to_vec(), r.stored_row().unwrap())
            })
            .collect();
        out.push((name, rows));
    }
    out
}

/// Makes the items database at `path`: 3,000 records, then two in three deleted.
fn make_items(path: &Path) {
    let spec = parse_schema(ITEMS).unwrap();
    let mut db = Database::create(path, CreateOptions::default()).unwrap();
    for t in &spec.tables {
        db.create_table_spec(t).unwrap();
    }
    let def = db.table("items").unwrap().def().clone();
    let col = |n: &str| def.column(n).unwrap().id;
    let (id, name, price, tags, blob) = (
        col("id"),
        col("name"),
        col("price"),
        col("tags"),
        col("blob"),
    );
    let mut keys = Vec::new();
    for i in 0..3000i32 {
        let mut row = Row::new();
        row.set_value(id, Value::Long(i));
        row.set_value(name, Value::Text(format!("item {:05}", (i * 7919) % 3001)));
        row.set_value(price, Value::Currency(i64::from(i) * 1250));
        if i % 3 == 0 {
            row.set(
                tags,
                RowValue::Many(vec![
                    Cell::Value(Value::Text(format!("t{i}"))),
                    Cell::Value(Value::Text("common".into())),
                ]),
            );
        }
        if i % 50 == 0 {
            row.set(
                blob,
                RowValue::One(Cell::Raw(
                    (0..20_000u32).map(|b| (b * 31 + i as u32) as u8).collect(),
                )),
            );
        }
        keys.push(db.insert("items", &row).unwrap());
    }
    for (i, k) in keys.iter().enumerate() {
        if i % 3 != 1 {
            db.delete("items", k).unwrap();
        }
    }
    db.close().unwrap();
}

#[test]
fn a_compacted_database_holds_every_record_in_fewer_pages() {
    let src = ScratchFile::new("compact", "items.edb");
    let dst = ScratchFile::new("compact", "items-new.edb");
    make_items(&src);
    let before = Database::open(&src).unwrap();
    let want = contents(&before);
    assert_eq!(want.iter().map(|(_, r)| r.len()).sum::<usize>(), 1000);
    let mut seen: Vec<CompactStatus> = Vec::new();
    let report = compact(
        &StdFs,
        &src,
        &dst,
        &CompactOptions {
            batch: 64,
            ..CompactOptions::default()
        },
        &mut |s| {
            seen.push(s.clone());
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(report.tables, 2);
    assert_eq!(report.records, 1000);
    assert_eq!(report.source_pages, before.page_count());
    assert!(
        report.dest_pages < report.source_pages,
        "{} pages after, {} before",
        report.dest_pages,
        report.source_pages
    );
    assert_eq!(
        seen.last().map(|s| (s.tables_done, s.records)),
        Some((2, 1000))
    );
    assert!(seen.windows(2).all(|w| w[0].records <= w[1].records));

    let after = Database::open(&dst).unwrap();
    assert_eq!(after.page_count(), report.dest_pages);
    assert_eq!(contents(&after), want);
    // The same column ids, so the rows compare as they are; the defaults too.
    let (a, b) = (
        before.table("items").unwrap().def().clone(),
        after.table("items").unwrap().def().clone(),
    );
    assert_eq!(a.columns, b.columns);
    assert_eq!(
        a.indexes
            .iter()
            .map(|i| (&i.name, &i.segments, i.flags))
            .collect::<Vec<_>>(),
        b.indexes
            .iter()
            .map(|i| (&i.name, &i.segments, i.flags))
            .collect::<Vec<_>>()
    );
    // The secondary index answers as the source's.
    let by_name = |db: &Database| -> Vec<Vec<u8>> {
        db.table("items")
            .unwrap()
            .records_by_index("byname")
            .unwrap()
            .map(|r| r.unwrap().key().to_vec())
            .collect()
    };
    assert_eq!(by_name(&after), by_name(&before));
    let hit = after
        .table("items")
        .unwrap()
        .seek("primary", &[Some(Value::Long(1501))], SeekOp::Eq)
        .unwrap()
        .expect("record 1501");
    assert_eq!(
        hit.get("price").unwrap().first(),
        Some(&Value::Currency(1501 * 1250))
    );
    drop(after);
    // The new file passes the integrity check, opened for writing.
    let check = check_written(&StdFs, &dst).unwrap();
    assert!(check.trees > 0 && check.entries > 0, "{check:?}");
}

/// The statistics `JET_bitCompactStats` asks for, appended to a text file: one line
/// per table with its records, their bytes as stored and leaf pages, and its long
/// values; a second compaction appends; a file that cannot be opened stops the
/// compaction before a destination is made.
#[test]
fn a_compaction_appends_its_statistics_to_a_file() {
    let src = ScratchFile::new("compact-stats", "items.edb");
    let dir = src.parent().unwrap().to_path_buf();
    make_items(&src);
    let source = Database::open(&src).unwrap();
    let items = source.table("items").unwrap();
    let row_bytes: usize = items
        .records()
        .unwrap()
        .map(|r| r.unwrap().raw().len())
        .sum();
    let pages = items.record_stats().unwrap().pages;
    drop(items);
    drop(source);
    let stats = dir.join("DFRGINFO.TXT");
    let opts = CompactOptions {
        stats: Some(stats.clone()),
        ..CompactOptions::default()
    };
    let first = dir.join("first.edb");
    let report = compact(&StdFs, &src, &first, &opts, &mut |_| Ok(())).unwrap();
    let text = std::fs::read_to_string(&stats).unwrap();
    assert!(
        text.contains(&format!("Compaction of {}", src.display())),
        "{text}"
    );
    let line = |name: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("Table {name}:")))
            .unwrap_or_else(|| panic!("no line for {name} in {text}"))
            .to_string()
    };
    assert!(
        line("items").starts_with(&format!(
            "Table items: 1000 records, {row_bytes} bytes of records in {pages} leaf pages;"
        )),
        "{text}"
    );
    // Twenty records kept a 20,000-byte value apart from the record.
    let lv: Vec<u64> = line("items")
        .rsplit(':')
        .next()
        .unwrap()
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert!(
        lv.len() == 2 && lv[0] >= 20 * 20_000 / 4 && lv[1] > 0,
        "{text}"
    );
    assert!(
        line("empty").starts_with("Table empty: 0 records, 0 bytes of records"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "Done: 2 table(s), 1000 records; {} pages before, {} after;",
            report.source_pages, report.dest_pages
        )),
        "{text}"
    );
    // A second compaction appends its own report.
    compact(
        &StdFs,
        &src,
        &dir.join("second.edb"),
        &opts,
        &mut |_| Ok(()),
    )
    .unwrap();
    let again = std::fs::read_to_string(&stats).unwrap();
    assert!(again.starts_with(&text));
    assert_eq!(again.matches("Compaction of").count(), 2);
    // A statistics path that cannot be opened (a folder): refused, nothing made.
    let third = dir.join("third.edb");
    let e = compact(
        &StdFs,
        &src,
        &third,
        &CompactOptions {
            stats: Some(dir.clone()),
            ..CompactOptions::default()
        },
        &mut |_| Ok(()),
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::FileAccessDenied);
    assert!(!third.exists());
}

#[test]
fn a_dirty_source_and_an_existing_destination_are_refused() {
    let src = ScratchFile::new("compact", "dirty.edb");
    let dst = ScratchFile::new("compact", "dirty-new.edb");
    make_items(&src);
    // Its header (both copies) made to say what a crash leaves: dirty.
    let mut bytes = std::fs::read(&src).unwrap();
    let ps = Database::open(&src).unwrap().page_size();
    for copy in 0..2 {
        let page = &mut bytes[copy * ps..(copy + 1) * ps];
        let mut h = DbHeader::decode(page).unwrap();
        h.state = DbState::DirtyShutdown;
        h.encode(page);
    }
    std::fs::write(&src, &bytes).unwrap();
    let e = compact(&StdFs, &src, &dst, &CompactOptions::default(), &mut |_| {
        Ok(())
    })
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::DatabaseDirtyShutdown, "{e}");
    assert!(!dst.exists());

    let clean = ScratchFile::new("compact", "clean.edb");
    make_items(&clean);
    std::fs::write(&dst, b"keep me").unwrap();
    let e = compact(
        &StdFs,
        &clean,
        &dst,
        &CompactOptions::default(),
        &mut |_| Ok(()),
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::DatabaseDuplicate, "{e}");
    assert_eq!(std::fs::read(&dst).unwrap(), b"keep me");
}

/// The secondary indexes' rebuilds sort in runs in the folder the options name: one
/// that is not there fails the compaction with `JET_errTempFileOpenError` and leaves no
/// destination; once it is there the compaction goes through it and leaves nothing in it.
#[test]
fn index_rebuilds_sort_in_the_folder_given() {
    let src = ScratchFile::new("compact", "sorts.edb");
    let dst = ScratchFile::new("compact", "sorts-new.edb");
    make_items(&src);
    let folder = dst.parent().unwrap().join("sorts");
    let opts = CompactOptions {
        temp_dir: Some(folder.clone()),
        sort_memory: Some(4096),
        ..CompactOptions::default()
    };
    sorts_in_folder(&folder, &dst, || {
        compact(&StdFs, &src, &dst, &opts, &mut |_| Ok(()))
    });
    let (a, b) = (Database::open(&src).unwrap(), Database::open(&dst).unwrap());
    assert!(contents(&a) == contents(&b));
    let entries = index_entries(&b, "items", "byname");
    assert_eq!(entries.len(), 1000);
    assert!(index_entries(&a, "items", "byname") == entries);
}

#[test]
fn a_compaction_stopped_part_way_leaves_no_destination() {
    let src = ScratchFile::new("compact", "stop.edb");
    let dst = ScratchFile::new("compact", "stop-new.edb");
    make_items(&src);
    let mut calls = 0;
    let e = compact(
        &StdFs,
        &src,
        &dst,
        &CompactOptions {
            batch: 100,
            ..CompactOptions::default()
        },
        &mut |s| {
            calls += 1;
            if s.records >= 300 {
                return Err(ese::Error::with(ErrorCode::CallbackFailed, "stopped"));
            }
            Ok(())
        },
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::CallbackFailed);
    assert!(calls > 1);
    assert!(!dst.exists(), "a partly written destination was left");
    // The source is untouched and still clean.
    assert_eq!(contents(&Database::open(&src).unwrap()).len(), 2);
}

#[test]
fn every_clean_sample_compacts_to_the_same_records() {
    for name in SAMPLES {
        let bytes = sample_bytes(name);
        let (fs, src) = mem_file(name, &bytes);
        let dst = Path::new("/compacted.edb");
        let source = Database::open_with(&fs, &src, &OpenOptions::default()).unwrap();
        let clean = source.header().state == DbState::CleanShutdown;
        let r = compact(&fs, &src, dst, &CompactOptions::default(), &mut |_| Ok(()));
        if !clean {
            assert_eq!(
                r.unwrap_err().code(),
                ErrorCode::DatabaseDirtyShutdown,
                "{name}"
            );
            assert!(!fs.exists(dst), "{name}");
            continue;
        }
        let report = r.unwrap_or_else(|e| panic!("{name}: {e}"));
        let after = Database::open_with(&fs, dst, &OpenOptions::default()).unwrap();
        let want = contents(&source);
        assert_eq!(report.tables, want.len(), "{name}");
        assert_eq!(
            report.records,
            want.iter().map(|(_, r)| r.len() as u64).sum::<u64>(),
            "{name}"
        );
        let got = contents(&after);
        assert_eq!(got.len(), want.len(), "{name}");
        for ((tn, w), (gn, g)) in want.iter().zip(&got) {
            assert_eq!(tn, gn, "{name}");
            let (a, b) = (source.table(tn).unwrap(), after.table(tn).unwrap());
            assert_eq!(a.def().columns, b.def().columns, "{name} table {tn}");
            let shape = |d: &ese::db::TableDef| -> Vec<_> {
                d.indexes
                    .iter()
                    .map(|i| {
                        (
                            (i.name.clone(), i.segments.clone(), i.flags, i.key_most),
                            (i.lcid, i.lcmap_flags, i.var_seg_mac, i.locale_name.clone()),
                        )
                    })
                    .collect()
            };
            assert_eq!(shape(a.def()), shape(b.def()), "{name} table {tn}");
            assert_eq!(g.len(), w.len(), "{name} table {tn}");
            for (i, (x, y)) in w.iter().zip(g).enumerate() {
                assert_eq!(x.1, y.1, "{name} table {tn} record {i}");
            }
        }
        drop(after);
        check_written(&fs, dst).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

const MIXED: &str = r#"{"page_size": 8192,
 "tables": [{"name": "mixed",
   "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
               {"name": "flag", "type": "Bit"},
               {"name": "amount", "type": "Currency", "default": 42},
               {"name": "label", "type": "Text", "cp": 1252, "max_length": 60},
               {"name": "blob", "type": "Binary"},
               {"name": "words", "type": "Text", "cp": 1200, "flags": ["Tagged", "MultiValued"]},
               {"name": "big", "type": "LongBinary"},
               {"name": "note", "type": "LongText", "cp": 1200},
               {"name": "n", "type": "Long", "flags": ["Tagged"]}],
   "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
               {"name": "bylabel", "key": ["+label", "-id"], "flags": ["Unique"]},
               {"name": "bywords", "key": ["+words"]},
               {"name": "byamount", "key": ["-amount", "+flag"], "flags": ["IgnoreAnyNull"]},
               {"name": "withn", "key": ["+n", "+id"],
                "conditions": [{"column": "n", "must_be_null": false}]},
               {"name": "noblob", "key": ["+flag", "+id"],
                "conditions": [{"column": "blob", "must_be_null": true},
                               {"column": "n", "must_be_null": false}]}]},
  {"name": "log",
   "columns": [{"name": "at", "type": "LongLong"},
               {"name": "what", "type": "Text", "cp": 1252}],
   "indexes": []}]}"#;

/// `n` random bytes.
fn random_bytes(g: &mut SplitMix64, n: u64) -> Vec<u8> {
    let mut b = vec![0; n as usize];
    g.fill_bytes(&mut b);
    b
}

/// A random row of `mixed` with primary key `id`.
fn mixed_row(def: &ese::db::TableDef, g: &mut SplitMix64, id: i32) -> Row {
    let col = |n: &str| def.column(n).unwrap().id;
    let mut row = Row::new();
    row.set_value(col("id"), Value::Long(id));
    if g.gen_range(0..3) > 0 {
        row.set_value(col("flag"), Value::Bit(g.gen_range(0..2) == 1));
    }
    match g.gen_range(0..3) {
        0 => {}
        1 => {
            row.set_null(col("amount"));
        }
        _ => {
            row.set_value(
                col("amount"),
                Value::Currency(g.gen_range(0..1000) as i64 - 500),
            );
        }
    }
    // Unique with the descending id: NULL labels never collide.
    if g.gen_range(0..4) > 0 {
        row.set_value(
            col("label"),
            Value::Text(format!("L{:04}-{id}", g.gen_range(0..50))),
        );
    }
    if g.gen_range(0..2) == 0 {
        let n = g.gen_range(0..200);
        row.set(col("blob"), RowValue::One(Cell::Raw(random_bytes(g, n))));
    }
    let words = g.gen_range(0..4);
    if words > 0 {
        let cells = (0..words)
            .map(|i| Cell::Value(Value::Text(format!("w{}-{i}", g.gen_range(0..30)))))
            .collect::<Vec<_>>();
        row.set(
            col("words"),
            if cells.len() == 1 {
                RowValue::One(cells.into_iter().next().unwrap())
            } else {
                RowValue::Many(cells)
            },
        );
    }
    if g.gen_range(0..5) == 0 {
        let n = g.gen_range(0..30_000);
        row.set(col("big"), RowValue::One(Cell::Raw(random_bytes(g, n))));
    }
    if g.gen_range(0..6) == 0 {
        let n = g.gen_range(0..3_000) as usize;
        row.set_value(col("note"), Value::Text("é€x".repeat(n)));
    }
    if g.gen_range(0..2) == 0 {
        row.set_value(col("n"), Value::Long(g.gen_range(0..1 << 20) as i32));
    }
    row
}

#[test]
fn random_tables_with_changes_compact_to_the_same_records_and_index_entries() {
    for seed in 1..=6u64 {
        let src = ScratchFile::new("compact", &format!("mixed{seed}.edb"));
        let dst = ScratchFile::new("compact", &format!("mixed{seed}-new.edb"));
        let mut g = SplitMix64::new(seed);
        {
            let spec = parse_schema(MIXED).unwrap();
            let mut db = Database::create(&src, CreateOptions::default()).unwrap();
            for t in &spec.tables {
                db.create_table_spec(t).unwrap();
            }
            let def = db.table("mixed").unwrap().def().clone();
            let log = db.table("log").unwrap().def().clone();
            let mut keys = Vec::new();
            for id in 0..(400 + g.gen_range(0..400) as i32) {
                keys.push(db.insert("mixed", &mixed_row(&def, &mut g, id)).unwrap());
                if g.gen_range(0..4) == 0 {
                    let mut r = Row::new();
                    r.set_value(
                        log.column("at").unwrap().id,
                        Value::LongLong(g.next_u64() as i64),
                    );
                    r.set_value(
                        log.column("what").unwrap().id,
                        Value::Text(format!("e{id}")),
                    );
                    db.insert("log", &r).unwrap();
                }
            }
            for k in &keys {
                let op = g.gen_range(0..4);
                match op {
                    0 => db.delete("mixed", k).unwrap(),
                    1 => {
                        let id = i32::from_be_bytes([k[1] ^ 0x80, k[2], k[3], k[4]]);
                        let row = mixed_row(&def, &mut g, id);
                        db.replace("mixed", k, &row).unwrap();
                    }
                    _ => {}
                }
            }
            db.close().unwrap();
        }
        let report = compact(&StdFs, &src, &dst, &CompactOptions::default(), &mut |_| {
            Ok(())
        })
        .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let (before, after) = (Database::open(&src).unwrap(), Database::open(&dst).unwrap());
        assert_eq!(contents(&after), contents(&before), "seed {seed}");
        assert_eq!(
            report.records,
            contents(&before)
                .iter()
                .map(|(_, r)| r.len() as u64)
                .sum::<u64>()
        );
        for ix in [
            "primary", "bylabel", "bywords", "byamount", "withn", "noblob",
        ] {
            let entries = |db: &Database| -> Vec<(Vec<u8>, Vec<u8>)> {
                db.table("mixed")
                    .unwrap()
                    .index_entries(ix)
                    .unwrap()
                    .map(|e| e.unwrap())
                    .collect()
            };
            assert_eq!(entries(&after), entries(&before), "seed {seed} index {ix}");
            if ix == "withn" || ix == "noblob" {
                // Conditional: some records are left out of it, others are in it.
                let n = entries(&before).len();
                let records = before.table("mixed").unwrap().records().unwrap().count();
                assert!(
                    n > 0 && n < records,
                    "seed {seed} index {ix}: {n} of {records}"
                );
            }
        }
        drop((before, after));
        check_written(&StdFs, &dst).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    }
}

#[test]
fn online_defragmentation_merges_sparse_leaves_and_keeps_every_record() {
    let path = ScratchFile::new("compact", "online.edb");
    let spec = parse_schema(
        r#"{"tables": [{"name": "t",
            "columns": [{"name": "k", "type": "Long", "flags": ["NotNULL"]},
                        {"name": "pad", "type": "Binary", "max_length": 255}],
            "indexes": [{"name": "primary", "key": ["+k"], "flags": ["Primary"]},
                        {"name": "bypad", "key": ["+pad", "+k"]}]}]}"#,
    )
    .unwrap();
    let mut db = Database::create(&path, CreateOptions::default()).unwrap();
    for t in &spec.tables {
        db.create_table_spec(t).unwrap();
    }
    let def = db.table("t").unwrap().def().clone();
    let (k, pad) = (def.column("k").unwrap().id, def.column("pad").unwrap().id);
    let mut keys = Vec::new();
    for i in 0..3000i32 {
        let mut row = Row::new();
        row.set_value(k, Value::Long(i));
        row.set_value(pad, Value::Binary(vec![(i % 251) as u8; 120]));
        keys.push((i, db.insert("t", &row).unwrap()));
    }
    // Nine records in ten deleted from the right: each page thins out while its left
    // neighbour is still full, so the deletes' own merges find no room.
    for (i, bm) in keys.iter().rev() {
        if i % 10 != 0 {
            db.delete("t", bm).unwrap();
        }
    }
    let pages = |db: &Database, ix: &str| db.table("t").unwrap().index_stats(ix).unwrap().pages;
    // The version clean-up a pass begins with, done first so the counts below are the
    // pass's own.
    db.clean_up().unwrap();
    let before = (pages(&db, "primary"), pages(&db, "bypad"));
    let records_before = contents(&db);
    // Asked to stop at once, it does nothing.
    let pass = db.defragment(&|| true).unwrap();
    assert_eq!((pass.leaves, pass.merged, pass.stopped), (0, 0, true));
    let pass = db.defragment(&|| false).unwrap();
    assert!(pass.merged > 0 && !pass.stopped, "{pass:?}");
    let after = (pages(&db, "primary"), pages(&db, "bypad"));
    assert!(
        after.0 < before.0 && after.1 <= before.1,
        "{before:?} -> {after:?}"
    );
    assert_eq!(
        before.0 + before.1 - after.0 - after.1,
        pass.merged,
        "every merge freed a leaf of one of the trees"
    );
    assert_eq!(contents(&db), records_before);
    let t = db.table("t").unwrap();
    assert_eq!(t.records().unwrap().count(), 300);
    assert_eq!(t.index_entries("bypad").unwrap().count(), 300);
    drop(t);
    // Passes go on until nothing is left to merge.
    let mut passes = 0;
    while db.defragment(&|| false).unwrap().merged > 0 {
        passes += 1;
        assert!(passes < 20);
    }
    db.check().unwrap();
    db.close().unwrap();
    check_written(&StdFs, &path).unwrap();
    assert_eq!(contents(&Database::open(&path).unwrap()), records_before);
}
