//! Template tables and the tables derived from them (`JET_bitTableCreateTemplateTable`,
//! `szTemplateTableName`): the ids ESE gives the columns of both (the template bit on the
//! template's, the derived table's own fixed and variable columns after the template's),
//! records holding both tables' columns (template tagged entries flagged derived, so a
//! derived table's own tagged column 256 and the template's 256 are told apart), inherited
//! indexes with trees of their own, the catalog read back the same after reopening, the
//! integrity checks, the DDL ESE refuses with its codes, and a compaction that keeps it all.

use ese::catalog::{column_flags, index_flags, object_flags, TableDef};
use ese::db::{CompactOptions, CreateOptions, Database, Datum, OpenOptions};
use ese::format::coltype::Value;
use ese::format::record::{RawRecord, TaggedFlags, COLUMNID_TEMPLATE};
use ese::record::schema::{parse_schema, ColumnSpec, TableSpec};
use ese::record::{Row, RowValue};
use ese::ErrorCode;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const T: u32 = COLUMNID_TEMPLATE;
const ROWS: i32 = 600;

fn specs(page_size: usize) -> (TableSpec, TableSpec, TableSpec) {
    let doc = format!(
        r#"{{"page_size": {page_size}, "tables": [
  {{"name": "Message", "template": true,
   "columns": [{{"name": "id", "type": "Long", "flags": ["NotNULL"]}},
               {{"name": "size", "type": "LongLong"}},
               {{"name": "subject", "type": "Text", "cp": 1252, "max_length": 80}},
               {{"name": "labels", "type": "Text", "flags": ["Tagged", "MultiValued"]}},
               {{"name": "body", "type": "LongText", "cp": 1200}}],
   "indexes": [{{"name": "pk", "key": ["+id"], "flags": ["Primary"]}},
               {{"name": "bysubject", "key": ["+subject", "-id"]}}]}},
  {{"name": "Inbox", "template_table": "Message",
   "columns": [{{"name": "flags", "type": "Short"}},
               {{"name": "folder", "type": "Text", "cp": 1252}},
               {{"name": "extra", "type": "Binary", "flags": ["Tagged"]}},
               {{"name": "attachment", "type": "LongBinary"}}],
   "indexes": [{{"name": "byfolder", "key": ["+folder", "+size"]}},
               {{"name": "bylabel", "key": ["+labels"], "flags": ["IgnoreAnyNull"]}}]}},
  {{"name": "Plain",
   "columns": [{{"name": "k", "type": "Long"}}],
   "indexes": [{{"name": "pk", "key": ["+k"], "flags": ["Primary"]}}]}}]}}"#
    );
    let mut spec = parse_schema(&doc).unwrap();
    let plain = spec.tables.pop().unwrap();
    let inbox = spec.tables.pop().unwrap();
    let message = spec.tables.pop().unwrap();
    (message, inbox, plain)
}

fn temp(name: &str, page_size: usize) -> PathBuf {
    let p = std::env::temp_dir().join(format!(
        "ese-template-{name}-{page_size}-{}.edb",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&p);
    p
}

/// A row of `Inbox` (the template's columns and its own) and its values by name.
fn row(def: &TableDef, i: i32) -> (Row, BTreeMap<String, Vec<Value>>) {
    let mut row = Row::new();
    let mut want = BTreeMap::new();
    let mut put = |name: &str, vals: Vec<Value>| {
        let id = def.column(name).unwrap().id;
        match vals.as_slice() {
            [v] => row.set_value(id, v.clone()),
            _ => row.set(
                id,
                RowValue::Many(vals.iter().cloned().map(Into::into).collect()),
            ),
        };
        want.insert(name.to_string(), vals);
    };
    put("id", vec![Value::Long(i)]);
    put("size", vec![Value::LongLong(i as i64 * 1009)]);
    put(
        "subject",
        vec![Value::Text(format!("subject {:04}", (i * 37) % ROWS))],
    );
    if i % 3 == 0 {
        put(
            "labels",
            vec![
                Value::Text(format!("l{}", i % 7)),
                Value::Text(format!("m{}", i % 5)),
            ],
        );
    }
    if i % 4 == 0 {
        let n = if i % 8 == 0 { 2500 } else { 40 };
        put("body", vec![Value::Text("b".repeat(n))]);
    }
    put("flags", vec![Value::Short((i % 300) as i16)]);
    put("folder", vec![Value::Text(format!("folder {}", i % 9))]);
    if i % 2 == 0 {
        put("extra", vec![Value::Binary(vec![i as u8; 3])]);
    }
    if i % 10 == 0 {
        put("attachment", vec![Value::Binary(vec![7; 5000])]);
    }
    (row, want)
}

fn read(db: &Database, table: &str) -> BTreeMap<i32, BTreeMap<String, Vec<Value>>> {
    let t = db.table(table).unwrap();
    let mut out = BTreeMap::new();
    for r in t.records().unwrap() {
        let r = r.unwrap();
        let mut e = BTreeMap::new();
        for (col, v) in r.values().unwrap() {
            let vals: Vec<Value> = v
                .data()
                .into_iter()
                .map(|d| match d {
                    Datum::Value(v) => v.clone(),
                    d => panic!("undecodable {d:?}"),
                })
                .collect();
            if !vals.is_empty() {
                e.insert(col.name.clone(), vals);
            }
        }
        let Some([Value::Long(k)]) = e.get("id").map(Vec::as_slice) else {
            panic!("no id in {e:?}");
        };
        out.insert(*k, e);
    }
    out
}

fn open(p: &Path, read_only: bool) -> Database {
    Database::open_with(
        &ese_os::StdFs,
        p,
        &OpenOptions {
            read_only,
            ..Default::default()
        },
    )
    .unwrap()
}

fn defs(db: &Database) -> Vec<TableDef> {
    db.table_defs()
        .iter()
        .map(|t| {
            let mut t = (**t).clone();
            t.lv_root = None;
            t.lv_objid = None;
            t
        })
        .collect()
}

fn code<T: std::fmt::Debug>(r: ese::Result<T>) -> ErrorCode {
    r.unwrap_err().code()
}

#[test]
fn derived_tables_share_the_template_s_columns_and_indexes() {
    for page_size in [4096, 8192, 32768] {
        let p = temp("share", page_size);
        let (message, inbox, plain) = specs(page_size);
        let mut db = Database::create(
            &p,
            CreateOptions {
                page_size,
                ..Default::default()
            },
        )
        .unwrap();
        let tmpl = db
            .create_table(message.template_table_def(page_size, "t").unwrap())
            .unwrap();
        assert_ne!(tmpl.flags & object_flags::TABLE_TEMPLATE, 0);
        assert_ne!(tmpl.flags & object_flags::TABLE_FIXED_DDL, 0);
        let ids: Vec<u32> = tmpl.columns.iter().map(|c| c.id).collect();
        assert_eq!(ids, [1 | T, 2 | T, 128 | T, 256 | T, 257 | T]);
        assert!(tmpl
            .columns
            .iter()
            .all(|c| c.flags & column_flags::TEMPLATE_COLUMN_ESE98 != 0));
        let derived = db
            .create_table(inbox.derived_table_def(&tmpl, page_size, "d").unwrap())
            .unwrap();
        assert_eq!(derived.template_table.as_deref(), Some("Message"));
        assert_ne!(derived.flags & object_flags::TABLE_DERIVED, 0);
        let id = |n: &str| derived.column(n).unwrap().id;
        // ESE numbers the derived table's fixed and variable columns after the
        // template's, its tagged ones from 256 again.
        assert_eq!(
            [
                id("id"),
                id("flags"),
                id("folder"),
                id("extra"),
                id("attachment")
            ],
            [1 | T, 3, 129, 256, 257]
        );
        let fixed_end = tmpl
            .columns
            .iter()
            .filter(|c| c.is_fixed())
            .map(|c| c.record_offset as u32 + c.max_length)
            .max()
            .unwrap();
        assert_eq!(
            derived.column("flags").unwrap().record_offset as u32,
            fixed_end
        );
        let names: Vec<(&str, u32)> = derived
            .indexes
            .iter()
            .map(|ix| {
                (
                    ix.name.as_str(),
                    ix.flags & (index_flags::DERIVED_INDEX | index_flags::TEMPLATE_INDEX),
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                ("pk", index_flags::DERIVED_INDEX),
                ("bysubject", index_flags::DERIVED_INDEX),
                ("byfolder", 0),
                ("bylabel", 0)
            ]
        );
        let pk = derived.primary_index().unwrap();
        assert_eq!(pk.root, derived.root);
        let tsub = tmpl.indexes.iter().find(|i| i.name == "bysubject").unwrap();
        let dsub = derived
            .indexes
            .iter()
            .find(|i| i.name == "bysubject")
            .unwrap();
        assert_ne!(
            tsub.root, dsub.root,
            "an inherited index has a tree of its own"
        );
        assert_eq!(tsub.segments, dsub.segments);
        let byfolder = derived.index("byfolder").unwrap();
        assert_eq!(byfolder.segments[1].column_id, 2 | T);
        db.create_table_spec(&plain).unwrap();

        let mut want = BTreeMap::new();
        let mut bookmarks = BTreeMap::new();
        for i in 0..ROWS {
            let (r, w) = row(&derived, i);
            bookmarks.insert(i, db.insert("Inbox", &r).unwrap());
            want.insert(i, w);
        }
        // Replaces that change template and own columns (tagged, long and indexed ones
        // among them), and deletes.
        for i in (1..ROWS).step_by(7) {
            let (mut r, mut w) = row(&derived, i + 1);
            r.set_value(1 | T, Value::Long(i));
            w.insert("id".into(), vec![Value::Long(i)]);
            let bm = db.replace("Inbox", &bookmarks[&i], &r).unwrap();
            assert_eq!(bm, bookmarks[&i], "the primary key is kept");
            want.insert(i, w);
        }
        for i in (3..ROWS).step_by(11) {
            db.delete("Inbox", &bookmarks[&i]).unwrap();
            want.remove(&i);
        }
        // The template holds records of its own too.
        for i in 0..20 {
            let mut r = Row::new();
            r.set_value(1 | T, Value::Long(i));
            r.set_value(256 | T, Value::Text(format!("t{i}")));
            db.insert("Message", &r).unwrap();
        }
        assert_eq!(read(&db, "Inbox"), want);

        // Records: the template's tagged columns are derived entries, first.
        let t = db.table("Inbox").unwrap();
        let rec = t.records().unwrap().next().unwrap().unwrap();
        let raw = RawRecord::decode(rec.raw(), page_size > 8192).unwrap();
        let tags: Vec<(u32, bool)> = raw
            .tagged()
            .unwrap()
            .iter()
            .map(|f| (f.column_id, f.flags.contains(TaggedFlags::DERIVED)))
            .collect();
        assert_eq!(tags, [(256, true), (257, true), (256, false), (257, false)]);
        let trec = db
            .table("Message")
            .unwrap()
            .records()
            .unwrap()
            .next()
            .unwrap()
            .unwrap();
        let traw = RawRecord::decode(trec.raw(), page_size > 8192).unwrap();
        assert!(!traw.tagged().unwrap()[0]
            .flags
            .contains(TaggedFlags::DERIVED));

        // Seeks through an inherited index and an own index over a template column.
        let mut c = db.open_cursor("Inbox").unwrap();
        c.set_index(Some("bysubject")).unwrap();
        assert_eq!(c.index_record_count(u64::MAX).unwrap(), want.len() as u64);
        c.set_index(Some("bylabel")).unwrap();
        let labels: usize = want
            .values()
            .filter_map(|w| w.get("labels"))
            .map(Vec::len)
            .sum();
        assert_eq!(c.index_record_count(u64::MAX).unwrap(), labels as u64);
        drop(c);
        // Every index of every table (the derived table's inherited ones too) against its
        // records.
        assert!(db.check_indexes().unwrap().records >= want.len() as u64 + 20);
        db.check().unwrap();

        // DDL ESE refuses, and what it allows.
        let col = |name: &str| ColumnSpec {
            name: name.into(),
            coltype: ese::format::coltype::ColumnType::Long,
            cp: 0,
            max_length: 0,
            flags: 0,
            default: None,
        };
        assert_eq!(
            code(db.add_column("Message", &col("x"))),
            ErrorCode::FixedDDL
        );
        assert_eq!(
            code(db.delete_column("Inbox", "subject")),
            ErrorCode::FixedInheritedDDL
        );
        assert_eq!(
            code(db.delete_index("Inbox", "bysubject")),
            ErrorCode::FixedInheritedDDL
        );
        assert_eq!(
            code(db.rename_column("Inbox", "size", "z")),
            ErrorCode::FixedInheritedDDL
        );
        assert_eq!(
            code(db.add_column("Inbox", &col("subject"))),
            ErrorCode::ColumnDuplicate
        );
        assert_eq!(
            code(db.delete_table("Message")),
            ErrorCode::CannotDeleteTemplateTable
        );
        let added = db.add_column("Inbox", &col("later")).unwrap();
        assert_eq!(
            added.id, 4,
            "after the template's and the table's own fixed columns"
        );
        db.delete_index("Inbox", "byfolder").unwrap();
        let plain_def = db.table("Plain").unwrap().def().clone();
        let again = specs(page_size).1;
        assert_eq!(
            code(again.derived_table_def(&plain_def, page_size, "d")),
            ErrorCode::DDLNotInheritable
        );
        let mut dup = specs(page_size).1;
        dup.name = "Outbox".into();
        dup.indexes.push(ese::record::schema::IndexSpec {
            name: "pk2".into(),
            key: vec![ese::record::schema::KeySegmentSpec {
                column: "flags".into(),
                descending: false,
            }],
            flags: ese::record::schema::index_grbit::PRIMARY,
            key_most: None,
            var_seg_mac: None,
            conditions: Vec::new(),
            tuple_limits: None,
            density: 0,
        });
        assert_eq!(
            code(dup.derived_table_def(&tmpl, page_size, "d")),
            ErrorCode::IndexHasPrimary
        );
        let before = defs(&db);
        db.close().unwrap();
        drop(db);

        // The catalog reads back as it was written.
        let db = open(&p, true);
        assert_eq!(defs(&db), before);
        assert_eq!(read(&db, "Inbox"), want);
        db.check_indexes().unwrap();
        drop(db);
        let db = open(&p, false);
        db.check().unwrap();
        db.close().unwrap();
        drop(db);

        // A compaction keeps the template and the derived table as such.
        let out = temp("compacted", page_size);
        ese::db::compact(
            &ese_os::StdFs,
            &p,
            &out,
            &CompactOptions::default(),
            &mut |_| Ok(()),
        )
        .unwrap();
        let db = open(&out, true);
        let d = db.table("Inbox").unwrap().def().clone();
        assert_eq!(d.template_table.as_deref(), Some("Message"));
        assert_eq!(
            d.columns
                .iter()
                .map(|c| (c.id, c.name.clone()))
                .collect::<Vec<_>>(),
            before
                .iter()
                .find(|t| t.name == "Inbox")
                .unwrap()
                .columns
                .iter()
                .map(|c| (c.id, c.name.clone()))
                .collect::<Vec<_>>()
        );
        assert_eq!(read(&db, "Inbox"), want);
        db.check_indexes().unwrap();
        drop(db);
        let _ = std::fs::remove_file(&p);
        let _ = std::fs::remove_file(&out);
    }
}

#[test]
fn a_table_whose_template_is_missing_is_refused() {
    let p = temp("orphan", 8192);
    let (_, _, plain) = specs(8192);
    let mut db = Database::create(&p, CreateOptions::default()).unwrap();
    // A catalog row that names a template no table is (as a damaged catalog could).
    let mut def = plain.table_def(8192, "t").unwrap();
    def.name = "Orphan".into();
    def.template_table = Some("Gone".into());
    def.flags |= object_flags::TABLE_DERIVED;
    db.create_table(def).unwrap();
    assert_eq!(code(db.table("Orphan")), ErrorCode::CatalogCorrupted);
    // One whose own fixed column takes a template column's place.
    let (message, _, _) = specs(8192);
    let tmpl = db
        .create_table(message.template_table_def(8192, "t").unwrap())
        .unwrap();
    let mut def = plain.table_def(8192, "t").unwrap();
    def.name = "Clash".into();
    def.template_table = Some(tmpl.name.clone());
    def.flags |= object_flags::TABLE_DERIVED;
    db.create_table(def).unwrap();
    assert_eq!(code(db.table("Clash")), ErrorCode::CatalogCorrupted);
    db.close().unwrap();
    drop(db);
    let db = open(&p, true);
    assert_eq!(code(db.table("Orphan")), ErrorCode::CatalogCorrupted);
    assert_eq!(code(db.check_indexes()), ErrorCode::CatalogCorrupted);
    drop(db);
    let _ = std::fs::remove_file(&p);
}
