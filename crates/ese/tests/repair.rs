//! Repair of a damaged database (`ese::db::repair`, what `esentutl /p` does): a
//! damaged leaf loses exactly its records, a damaged branch page loses none
//! (its leaves are reached from their neighbours), a damaged long value is left
//! out of its record only, deleted records stay deleted, a database shut down
//! dirty without its logs comes out clean; the new file passes the integrity
//! check and counts the repair in its header; a catalog that cannot be read is
//! read from its shadow; a catalog and shadow that cannot be read and an
//! existing destination are refused with nothing written.

mod common;

use common::{check_written, index_entries, sorts_in_folder, ScratchFile};
use ese::db::{repair, CreateOptions, Database, OpenOptions, RepairOptions, RepairReport};
use ese::format::coltype::Value;
use ese::format::header::{DbHeader, DbState};
use ese::format::page::Page;
use ese::record::schema::parse_schema;
use ese::record::{Cell, Row, RowValue};
use ese::ErrorCode;
use ese_os::StdFs;
use std::collections::BTreeMap;
use std::path::Path;

const SCHEMA: &str = r#"{"page_size": 8192,
 "tables": [{"name": "items",
   "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
               {"name": "name", "type": "Text", "cp": 1200},
               {"name": "tags", "type": "Text", "cp": 1200, "flags": ["Tagged", "MultiValued"]},
               {"name": "blob", "type": "LongBinary"},
               {"name": "memo", "type": "LongText", "cp": 1200, "default": "none"}],
   "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
               {"name": "byname", "key": ["+name", "-id"]}]},
  {"name": "wide",
   "columns": [{"name": "k", "type": "Binary", "flags": ["NotNULL"]},
               {"name": "n", "type": "Long"}],
   "indexes": [{"name": "pk", "key": ["+k"], "flags": ["Primary"]}]}]}"#;

/// Items made; `wide`'s keys are 200 bytes, so that its tree has branch pages
/// below the root.
const ITEMS: i32 = 3000;
const WIDE: u32 = 20_000;

/// A record's values as stored, by primary key.
type Records = BTreeMap<Vec<u8>, Row>;

fn make(path: &Path) {
    let spec = parse_schema(SCHEMA).unwrap();
    let mut db = Database::create(path, CreateOptions::default()).unwrap();
    for t in &spec.tables {
        db.create_table_spec(t).unwrap();
    }
    let def = db.table("items").unwrap().def().clone();
    let col = |n: &str| def.column(n).unwrap().id;
    let mut keys = Vec::new();
    for i in 0..ITEMS {
        let mut row = Row::new();
        row.set_value(col("id"), Value::Long(i));
        row.set_value(
            col("name"),
            Value::Text(format!("item {:05}", (i * 7919) % 3001)),
        );
        if i % 3 == 0 {
            row.set(
                col("tags"),
                RowValue::Many(vec![
                    Cell::Value(Value::Text(format!("t{i}"))),
                    Cell::Value(Value::Text("common".into())),
                ]),
            );
        }
        if i % 25 == 0 {
            let blob: Vec<u8> = (0..12_000u32).map(|b| (b * 31 + i as u32) as u8).collect();
            row.set(col("blob"), RowValue::One(Cell::Raw(blob)));
            row.set_value(col("memo"), Value::Text(format!("memo {i} ").repeat(1500)));
        }
        keys.push(db.insert("items", &row).unwrap());
    }
    // One in four deleted: they must not come back.
    for (i, k) in keys.iter().enumerate() {
        if i % 4 == 1 {
            db.delete("items", k).unwrap();
        }
    }
    let def = db.table("wide").unwrap().def().clone();
    for i in 0..WIDE {
        let mut row = Row::new();
        // Keys that differ only in their last bytes: the branch pages' separators
        // are as long as the keys, so the tree has several.
        let mut k = vec![0x33u8; 200];
        k[196..].copy_from_slice(&i.to_be_bytes());
        row.set_value(def.column("k").unwrap().id, Value::Binary(k));
        row.set_value(def.column("n").unwrap().id, Value::Long(i as i32));
        db.insert("wide", &row).unwrap();
    }
    db.close().unwrap();
}

fn records(db: &Database, table: &str) -> Records {
    db.table(table)
        .unwrap()
        .records()
        .unwrap()
        .map(|r| {
            let r = r.unwrap();
            (r.key().to_vec(), r.stored_row().unwrap())
        })
        .collect()
}

/// The pages of `table`'s record tree in the file at `path`: (pgno, is a leaf),
/// read straight from the file.
fn tree_pages(path: &Path, table: &str) -> Vec<(u32, bool)> {
    let db = Database::open(path).unwrap();
    let objid = db.table(table).unwrap().def().objid;
    let ps = db.page_size();
    let bytes = std::fs::read(path).unwrap();
    let mut out = Vec::new();
    for (i, chunk) in bytes.chunks(ps).enumerate().skip(2) {
        let pgno = (i - 1) as u32;
        let Ok(p) = Page::new(chunk, pgno) else {
            continue;
        };
        if p.objid_fdp() == objid && !p.is_space_tree() && !p.is_index() && !p.is_long_value() {
            out.push((pgno, p.is_leaf()));
        }
    }
    out
}

/// The pages of `table`'s long-value tree that are leaves (not its space trees').
fn lv_leaves(path: &Path, table: &str) -> Vec<u32> {
    let db = Database::open(path).unwrap();
    let ps = db.page_size();
    let lv_root = db
        .table(table)
        .unwrap()
        .def()
        .lv_root
        .expect("a long-value tree");
    let bytes = std::fs::read(path).unwrap();
    let root = Page::new(&bytes[(lv_root as usize + 1) * ps..][..ps], lv_root).unwrap();
    let objid = root.objid_fdp();
    bytes
        .chunks(ps)
        .enumerate()
        .skip(2)
        .filter_map(|(i, chunk)| {
            let pgno = (i - 1) as u32;
            let p = Page::new(chunk, pgno).ok()?;
            let leaf = p.is_long_value() && p.is_leaf() && !p.is_space_tree();
            (p.objid_fdp() == objid && leaf && p.node_count() > 0).then_some(pgno)
        })
        .collect()
}

/// The keys of the live nodes on page `pgno` of the file at `path`.
fn keys_on(path: &Path, pgno: u32) -> Vec<Vec<u8>> {
    let ps = Database::open(path).unwrap().page_size();
    keys_in(&std::fs::read(path).unwrap(), pgno, ps)
}

/// The keys of the live nodes of page `pgno` in the file image `bytes` of pages of `ps`
/// bytes.
fn keys_in(bytes: &[u8], pgno: u32, ps: usize) -> Vec<Vec<u8>> {
    let page = Page::new(&bytes[(pgno as usize + 1) * ps..][..ps], pgno).unwrap();
    let prefix = page.key_prefix().unwrap();
    (0..page.node_count())
        .map(|i| {
            let (k, _, _) = page.node_parts(prefix, i).unwrap();
            [k[0], k[1]].concat()
        })
        .collect()
}

/// Flips the bits of 7 bytes in the middle of page `pgno`: its checksum then
/// fails (the flips do not cancel out across its 32-bit words, and are too
/// many for the checksum to correct).
fn damage(path: &Path, pgno: u32) {
    let ps = 8192;
    let mut bytes = std::fs::read(path).unwrap();
    let at = (pgno as usize + 1) * ps + ps / 2;
    for b in &mut bytes[at..at + 7] {
        *b ^= 0xff;
    }
    std::fs::write(path, &bytes).unwrap();
}

fn run(src: &Path, dst: &Path) -> ese::Result<RepairReport> {
    repair(&StdFs, src, dst, &RepairOptions::default(), &mut |_| Ok(()))
}

/// [`check_written`] a real file, which must pass.
fn check_whole(path: &Path) {
    check_written(&StdFs, path).unwrap();
}

#[test]
fn a_damaged_leaf_loses_exactly_its_records_and_nothing_deleted_comes_back() {
    let src = ScratchFile::new("repair", "items.edb");
    let dst = ScratchFile::new("repair", "items-repaired.edb");
    make(&src);
    let before = Database::open(&src).unwrap();
    let items = records(&before, "items");
    let wide = records(&before, "wide");
    drop(before);
    assert_eq!(items.len(), ITEMS as usize - ITEMS as usize / 4);
    let leaves: Vec<u32> = tree_pages(&src, "items")
        .into_iter()
        .filter(|&(_, leaf)| leaf)
        .map(|(p, _)| p)
        .collect();
    assert!(leaves.len() > 4, "{} leaves", leaves.len());
    let victim = leaves[leaves.len() / 2];
    let on_victim = keys_on(&src, victim);
    // Its deleted records' nodes may still be on it (flag-deleted): only the
    // live ones are lost.
    let lost: Vec<&Vec<u8>> = on_victim
        .iter()
        .filter(|k| items.contains_key(*k))
        .collect();
    assert!(
        lost.len() > 10,
        "{} live records on page {victim}",
        lost.len()
    );
    damage(&src, victim);
    assert_eq!(
        Database::open(&src)
            .unwrap()
            .table("items")
            .unwrap()
            .records()
            .unwrap()
            .find_map(|r| r.err())
            .map(|e| e.code()),
        Some(ErrorCode::ReadVerifyFailure),
        "the damage is seen by a reader"
    );

    let report = run(&src, &dst).unwrap();
    assert_eq!(report.bad_pages, vec![victim]);
    assert_eq!(report.tables, 2);
    assert_eq!(
        report.records as usize,
        items.len() - lost.len() + wide.len()
    );
    assert_eq!((report.records_dropped, report.values_dropped), (0, 0));
    assert!(report.indexes_dropped.is_empty());
    assert!(report.lost_anything());
    assert!(report.source_clean);
    assert_eq!(report.repair_count, 1);

    let after = Database::open(&dst).unwrap();
    let mut want = items.clone();
    for k in &lost {
        want.remove(*k);
    }
    assert_eq!(records(&after, "items"), want);
    assert_eq!(records(&after, "wide"), wide);
    // The secondary index lists exactly the records kept.
    let by_name: Vec<Vec<u8>> = after
        .table("items")
        .unwrap()
        .records_by_index("byname")
        .unwrap()
        .map(|r| r.unwrap().key().to_vec())
        .collect();
    assert_eq!(by_name.len(), want.len());
    let h = after.header().clone();
    assert_eq!(h.state, DbState::CleanShutdown);
    assert_eq!(h.repair_count, 1);
    assert_ne!(h.time_repair, Default::default());
    drop(after);
    check_whole(&dst);

    // A second repair of the repaired file finds nothing wrong and counts twice.
    let again = ScratchFile::new("repair", "again.edb");
    let report = run(&dst, &again).unwrap();
    assert!(!report.lost_anything(), "{report:?}");
    assert_eq!(report.repair_count, 2);
    assert_eq!(records(&Database::open(&again).unwrap(), "items"), want);
}

/// The indexes' rebuilds sort in runs in the folder the options name: one that is not
/// there fails the repair with `JET_errTempFileOpenError` and leaves no destination;
/// once it is there the repair goes through it and leaves nothing in it.
#[test]
fn index_rebuilds_sort_in_the_folder_given() {
    let src = ScratchFile::new("repair", "sorts.edb");
    let dst = ScratchFile::new("repair", "sorts-new.edb");
    make(&src);
    let folder = dst.parent().unwrap().join("sorts");
    let opts = RepairOptions {
        temp_dir: Some(folder.clone()),
        sort_memory: Some(4096),
        ..RepairOptions::default()
    };
    let report = sorts_in_folder(&folder, &dst, || {
        repair(&StdFs, &src, &dst, &opts, &mut |_| Ok(()))
    });
    assert_eq!((report.records_dropped, report.bad_pages.len()), (0, 0));
    check_whole(&dst);
    let (a, b) = (Database::open(&src).unwrap(), Database::open(&dst).unwrap());
    assert_eq!(records(&a, "items"), records(&b, "items"));
    let entries = index_entries(&b, "items", "byname");
    assert_eq!(entries.len(), records(&a, "items").len());
    assert!(index_entries(&a, "items", "byname") == entries);
}

#[test]
fn a_damaged_branch_page_loses_no_record() {
    let src = ScratchFile::new("repair", "wide.edb");
    let dst = ScratchFile::new("repair", "wide-repaired.edb");
    make(&src);
    let before = Database::open(&src).unwrap();
    let wide = records(&before, "wide");
    let root = before.table("wide").unwrap().def().root;
    drop(before);
    let branches: Vec<u32> = tree_pages(&src, "wide")
        .into_iter()
        .filter(|&(p, leaf)| !leaf && p != root)
        .map(|(p, _)| p)
        .collect();
    assert!(
        branches.len() >= 2,
        "the tree has {} branch pages below its root",
        branches.len()
    );
    let victim = branches[branches.len() / 2];
    damage(&src, victim);

    let report = run(&src, &dst).unwrap();
    assert_eq!(report.bad_pages, vec![victim]);
    assert_eq!(records(&Database::open(&dst).unwrap(), "wide"), wide);
    check_whole(&dst);
}

/// A table whose root page cannot be read: a walk from the root reaches nothing,
/// and the scan of the file for the tree's leaves finds them all. The pages that
/// deletions emptied and gave back (a run of records deleted whole) hold nothing,
/// so no deleted record comes back; and a leaf damaged too loses exactly its own.
#[test]
fn a_damaged_root_loses_no_record_and_released_pages_give_nothing_back() {
    let src = ScratchFile::new("repair", "root.edb");
    let dst = ScratchFile::new("repair", "root-repaired.edb");
    make(&src);
    {
        let opts = OpenOptions {
            read_only: false,
            ..OpenOptions::default()
        };
        let db = Database::open_with(&StdFs, &src, &opts).unwrap();
        let run: Vec<Vec<u8>> = records(&db, "items")
            .into_keys()
            .skip(600)
            .take(900)
            .collect();
        for k in &run {
            db.delete("items", k).unwrap();
        }
        db.close().unwrap();
    }
    let before = Database::open(&src).unwrap();
    let items = records(&before, "items");
    let wide = records(&before, "wide");
    let def = before.table("items").unwrap().def().clone();
    drop(before);
    assert_eq!(items.len(), ITEMS as usize - ITEMS as usize / 4 - 900);
    // Pages of the tree given back: emptied (the flag, no nodes).
    let bytes = std::fs::read(&*src).unwrap();
    let released = bytes
        .chunks(8192)
        .enumerate()
        .skip(2)
        .filter(|(i, chunk)| {
            Page::new(chunk, (*i - 1) as u32).is_ok_and(|p| {
                p.objid_fdp() == def.objid
                    && p.flags() & ese::format::page::flags::EMPTY != 0
                    && p.node_count() == 0
            })
        })
        .count();
    assert!(released > 3, "{released} pages of the tree given back");
    let leaves: Vec<u32> = tree_pages(&src, "items")
        .into_iter()
        .filter(|&(p, leaf)| leaf && keys_on(&src, p).iter().any(|k| items.contains_key(k)))
        .map(|(p, _)| p)
        .collect();
    let victim = leaves[leaves.len() / 3];
    let lost: Vec<Vec<u8>> = keys_on(&src, victim)
        .into_iter()
        .filter(|k| items.contains_key(k))
        .collect();
    assert!(!lost.is_empty());
    damage(&src, def.root);
    damage(&src, victim);

    let report = run(&src, &dst).unwrap();
    // The damaged leaf is named apart: neither the walk nor the scan could read
    // whose it was.
    assert_eq!(report.bad_pages, vec![def.root]);
    assert_eq!(report.other_bad_pages, vec![victim]);
    assert_eq!(
        report.orphan_leaves as usize,
        leaves.len() - 1,
        "{report:?}"
    );
    let mut want = items.clone();
    for k in &lost {
        want.remove(k);
    }
    let after = Database::open(&dst).unwrap();
    assert_eq!(records(&after, "items"), want);
    assert_eq!(records(&after, "wide"), wide);
    drop(after);
    check_whole(&dst);
}

/// Changes the first byte of every `name` in the leaves of the catalog tree whose
/// root is `root` (`MSysObjects` or its shadow) to `\x03`, a byte no name may hold,
/// and makes those pages' checksums valid again: a damaged row that still reads.
fn damage_name(path: &Path, root: u32, name: &[u8]) {
    let ps = 8192;
    let mut bytes = std::fs::read(path).unwrap();
    let objid = Page::new(&bytes[(root as usize + 1) * ps..][..ps], root)
        .unwrap()
        .objid_fdp();
    let mut changed = 0;
    for pgno in 1..(bytes.len() / ps - 1) as u32 {
        let at = (pgno as usize + 1) * ps;
        let page = &mut bytes[at..at + ps];
        let ours = Page::new(page, pgno)
            .is_ok_and(|p| p.objid_fdp() == objid && p.is_leaf() && !p.is_index());
        if !ours {
            continue;
        }
        let hits: Vec<usize> = page
            .windows(name.len())
            .enumerate()
            .filter(|(_, w)| *w == name)
            .map(|(i, _)| i)
            .collect();
        for i in &hits {
            page[*i] = 3;
        }
        if !hits.is_empty() {
            ese::format::checksum::compute_page_checksums(page, pgno);
            changed += hits.len();
        }
    }
    assert!(changed > 0, "no {name:?} in the catalog at page {root}");
    std::fs::write(path, &bytes).unwrap();
}

/// A table's name damaged in the catalog behind a valid checksum (a row that still
/// reads, with a name no table may have): the shadow catalog's name for the same
/// object is taken; damaged in both, the table is left out and named, and the other
/// tables are repaired whole. A system table's name damaged the same way is still
/// known for one (by its page) and not copied.
#[test]
fn a_damaged_table_name_is_taken_from_the_shadow_or_the_table_left_out() {
    use ese::catalog::{PGNO_FDP_MSO, PGNO_FDP_MSO_SHADOW};
    let src = ScratchFile::new("repair", "names.edb");
    make(&src);
    let before = Database::open(&src).unwrap();
    let (items, wide) = (records(&before, "items"), records(&before, "wide"));
    drop(before);
    damage_name(&src, PGNO_FDP_MSO, b"wide");
    damage_name(&src, PGNO_FDP_MSO, b"MSysObjects");
    let names = Database::open(&src).unwrap().table_names();
    assert!(!names.iter().any(|n| n == "wide"), "{names:?}");

    let dst = ScratchFile::new("repair", "names-repaired.edb");
    let report = run(&src, &dst).unwrap();
    assert_eq!(report.names_from_shadow, 1, "{report:?}");
    assert!(report.tables_dropped.is_empty(), "{report:?}");
    assert_eq!(report.tables, 2);
    assert!(report.lost_anything());
    let after = Database::open(&dst).unwrap();
    assert_eq!(records(&after, "wide"), wide);
    assert_eq!(records(&after, "items"), items);
    assert!(!after.table_names().iter().any(|n| n.starts_with('\u{3}')));
    drop(after);
    check_whole(&dst);

    damage_name(&src, PGNO_FDP_MSO_SHADOW, b"wide");
    let dst = ScratchFile::new("repair", "names-repaired-2.edb");
    let report = run(&src, &dst).unwrap();
    assert_eq!(report.names_from_shadow, 0, "{report:?}");
    assert_eq!(report.tables_dropped.len(), 1, "{report:?}");
    assert!(
        report.tables_dropped[0].1.contains("InvalidName"),
        "{report:?}"
    );
    assert_eq!(report.tables, 1);
    assert_eq!(report.records as usize, items.len());
    let after = Database::open(&dst).unwrap();
    assert_eq!(records(&after, "items"), items);
    assert_eq!(
        after
            .table_names()
            .iter()
            .filter(|n| !n.starts_with("MSys"))
            .count(),
        1
    );
    drop(after);
    check_whole(&dst);
}

#[test]
fn a_damaged_long_value_is_left_out_of_its_record_only() {
    let src = ScratchFile::new("repair", "lv.edb");
    let dst = ScratchFile::new("repair", "lv-repaired.edb");
    make(&src);
    let before = Database::open(&src).unwrap();
    let items = records(&before, "items");
    let def = before.table("items").unwrap().def().clone();
    let (blob, memo) = (
        def.column("blob").unwrap().id,
        def.column("memo").unwrap().id,
    );
    drop(before);
    let lv = lv_leaves(&src, "items");
    assert!(lv.len() > 8, "{} long-value leaves", lv.len());
    for &p in &lv[lv.len() / 2..lv.len() / 2 + 4] {
        damage(&src, p);
    }

    let report = run(&src, &dst).unwrap();
    // The long-value tree's walk names them, its neighbours' links reach the rest.
    let mut bad = report.bad_pages.clone();
    bad.sort_unstable();
    assert_eq!(bad, lv[lv.len() / 2..lv.len() / 2 + 4], "{report:?}");
    assert_eq!(report.long_value_orphan_leaves, 0, "{report:?}");
    assert!(report.values_dropped >= 1, "{report:?}");
    assert_eq!(report.records_dropped, 0);
    let after = records(&Database::open(&dst).unwrap(), "items");
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        items.keys().collect::<Vec<_>>()
    );
    let (mut blobs, mut memos) = (0u64, 0u64);
    for (k, row) in &after {
        let was = &items[k];
        let mut same = row.clone();
        // A lost value without a default is left out; one with a default
        // (`memo`) is NULL, not the default it never was.
        if row.get(blob).is_none() {
            if let Some(v) = was.get(blob) {
                blobs += 1;
                same.set(blob, v.clone());
            }
        }
        if row.get(memo) == Some(&RowValue::Null) {
            if let Some(v) = was.get(memo) {
                memos += 1;
                same.set(memo, v.clone());
            }
        }
        assert_eq!(&same, was, "only long values are gone");
    }
    assert!(blobs > 0 && memos > 0, "{blobs} blobs, {memos} memos lost");
    assert_eq!(blobs + memos, report.values_dropped);
    check_whole(&dst);
}

/// A table whose long-value tree's root cannot be read: the tree's walk reaches
/// nothing, the scan of the file finds its leaves by the tree's object id (which the
/// catalog gives), and every value is read from them; with one of those leaves
/// damaged too, exactly the values it held a part of are lost.
#[test]
fn a_damaged_long_value_root_loses_only_the_values_of_damaged_leaves() {
    let src = ScratchFile::new("repair", "lv-root.edb");
    let dst = ScratchFile::new("repair", "lv-root-repaired.edb");
    let src2 = ScratchFile::new("repair", "lv-root-leaf.edb");
    let dst2 = ScratchFile::new("repair", "lv-root-leaf-repaired.edb");
    make(&src);
    let before = Database::open(&src).unwrap();
    let items = records(&before, "items");
    let def = before.table("items").unwrap().def().clone();
    drop(before);
    let lv_root = def.lv_root.expect("a long-value tree");
    let ps = 8192;
    let bytes = std::fs::read(&*src).unwrap();
    let root = Page::new(&bytes[(lv_root as usize + 1) * ps..][..ps], lv_root).unwrap();
    assert_eq!(def.lv_objid, Some(root.objid_fdp()));
    assert!(!root.is_leaf(), "the long-value tree has one page only");
    drop(bytes);
    let leaves = lv_leaves(&src, "items");
    assert!(leaves.len() > 8, "{} long-value leaves", leaves.len());
    std::fs::copy(&*src, &*src2).unwrap();

    damage(&src, lv_root);
    let report = run(&src, &dst).unwrap();
    assert_eq!(report.bad_pages, vec![lv_root], "{report:?}");
    assert_eq!(
        report.long_value_orphan_leaves as usize,
        leaves.len(),
        "{report:?}"
    );
    assert_eq!(report.values_dropped, 0, "{report:?}");
    assert_eq!(report.records_dropped, 0, "{report:?}");
    assert!(report.lost_anything());
    assert_eq!(records(&Database::open(&dst).unwrap(), "items"), items);
    check_whole(&dst);

    // The values with a part on a damaged leaf, by their LIDs there.
    let victim = leaves[leaves.len() / 2];
    let lids: std::collections::BTreeSet<_> = keys_on(&src2, victim)
        .iter()
        .map(|k| format!("{:?}", ese::format::lv::decode_lv_key(k).unwrap().0))
        .collect();
    assert!(!lids.is_empty());
    damage(&src2, lv_root);
    damage(&src2, victim);
    let report = run(&src2, &dst2).unwrap();
    assert_eq!(report.bad_pages, vec![lv_root], "{report:?}");
    assert_eq!(report.other_bad_pages, vec![victim], "{report:?}");
    assert_eq!(
        report.long_value_orphan_leaves as usize,
        leaves.len() - 1,
        "{report:?}"
    );
    assert_eq!(report.values_dropped as usize, lids.len(), "{report:?}");
    let after = records(&Database::open(&dst2).unwrap(), "items");
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        items.keys().collect::<Vec<_>>()
    );
    let changed = after.iter().filter(|(k, row)| items[*k] != **row).count();
    assert!(
        changed >= 1 && changed <= lids.len(),
        "{changed} records changed"
    );
    check_whole(&dst2);
}

#[test]
fn a_database_shut_down_dirty_without_its_logs_comes_out_clean() {
    let src = ScratchFile::new("repair", "dirty.edb");
    let dst = ScratchFile::new("repair", "dirty-repaired.edb");
    make(&src);
    let items = records(&Database::open(&src).unwrap(), "items");
    // Both header copies made to say what a crash leaves: dirty.
    let mut bytes = std::fs::read(&src).unwrap();
    let ps = 8192;
    for copy in 0..2 {
        let page = &mut bytes[copy * ps..(copy + 1) * ps];
        let mut h = DbHeader::decode(page).unwrap();
        h.state = DbState::DirtyShutdown;
        h.encode(page);
    }
    std::fs::write(&src, &bytes).unwrap();

    let report = run(&src, &dst).unwrap();
    assert!(!report.source_clean);
    assert!(!report.lost_anything(), "{report:?}");
    let after = Database::open(&dst).unwrap();
    assert_eq!(after.header().state, DbState::CleanShutdown);
    assert_eq!(records(&after, "items"), items);
    drop(after);
    check_whole(&dst);
    // The source was only read.
    assert_eq!(std::fs::read(&src).unwrap(), bytes);
}

#[test]
fn a_catalog_is_read_from_its_shadow_and_refused_when_neither_reads() {
    let src = ScratchFile::new("repair", "catalog.edb");
    let dst = ScratchFile::new("repair", "catalog-repaired.edb");
    make(&src);
    std::fs::write(&dst, b"keep me").unwrap();
    let e = run(&src, &dst).unwrap_err();
    assert_eq!(e.code(), ErrorCode::DatabaseDuplicate, "{e}");
    assert_eq!(std::fs::read(&dst).unwrap(), b"keep me");
    std::fs::remove_file(&dst).unwrap();

    // The catalog's root (MSysObjects, page 4 in every ESE file): its shadow
    // (page 24) is read instead.
    let items = records(&Database::open(&src).unwrap(), "items");
    damage(&src, 4);
    assert!(Database::open(&src).is_err());
    let report = run(&src, &dst).unwrap();
    assert!(
        report.catalog_from_shadow && report.lost_anything(),
        "{report:?}"
    );
    assert!(report.bad_pages.is_empty(), "{report:?}");
    assert_eq!(records(&Database::open(&dst).unwrap(), "items"), items);
    check_whole(&dst);
    std::fs::remove_file(&dst).unwrap();

    // Both: the tables cannot be known.
    damage(&src, 24);
    let e = run(&src, &dst).unwrap_err();
    assert_eq!(e.code(), ErrorCode::CatalogCorrupted, "{e}");
    assert!(!dst.exists());
}

/// Every user table of `db` with its records.
fn contents(db: &Database) -> Vec<(String, Records)> {
    db.table_names()
        .into_iter()
        .filter(|n| !n.to_ascii_lowercase().starts_with("msys"))
        .map(|n| {
            let r = records(db, &n);
            (n, r)
        })
        .collect()
}

#[test]
fn every_sample_repairs_to_the_same_records_dirty_ones_too() {
    let mut dirty = 0;
    for name in common::SAMPLES {
        let bytes = common::sample_bytes(name);
        let (fs, src) = common::mem_file(name, &bytes);
        let dst = Path::new("/repaired.edb");
        let source = Database::open_with(&fs, &src, &OpenOptions::default()).unwrap();
        let report = repair(&fs, &src, dst, &RepairOptions::default(), &mut |_| Ok(()))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        dirty += usize::from(!report.source_clean);
        assert!(!report.lost_anything(), "{name}: {report:?}");
        let want = contents(&source);
        let after = Database::open_with(&fs, dst, &OpenOptions::default()).unwrap();
        assert_eq!(after.header().state, DbState::CleanShutdown, "{name}");
        assert_eq!(
            after.header().repair_count,
            source.header().repair_count + 1,
            "{name}"
        );
        assert_eq!(report.tables, want.len(), "{name}");
        let got = contents(&after);
        assert_eq!(got.len(), want.len(), "{name}");
        for ((tn, w), (gn, g)) in want.iter().zip(&got) {
            assert_eq!(tn, gn, "{name}");
            let (a, b) = (source.table(tn).unwrap(), after.table(tn).unwrap());
            assert_eq!(a.def().columns, b.def().columns, "{name} table {tn}");
            assert_eq!(
                a.def().indexes.len(),
                b.def().indexes.len(),
                "{name} table {tn}"
            );
            assert_eq!(w.len(), g.len(), "{name} table {tn}");
            // Compared as sets: a key over Unicode text that Windows' collation
            // made sorts differently under this engine's.
            let sorted = |r: &Records| -> Vec<String> {
                let mut v: Vec<String> = r.values().map(|row| format!("{row:?}")).collect();
                v.sort();
                v
            };
            let (x, y) = (sorted(w), sorted(g));
            for (i, (a, b)) in x.iter().zip(&y).enumerate() {
                assert!(a == b, "{name} table {tn} record {i}: {a} against {b}");
            }
        }
        drop(after);
        check_written(&fs, dst).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    assert!(dirty > 0, "no sample was shut down dirty");
}

/// A key on two leaves (a crash with a split half written leaves the old leaf whole
/// beside the new one) is taken from the leaf changed last, whether the walk reaches
/// that one and the scan of the file finds the other or the other way round; every
/// other record comes out once, and those of a damaged leaf not at all.
#[test]
fn a_key_on_two_leaves_is_taken_from_the_leaf_changed_last() {
    let src = ScratchFile::new("repair", "twice.edb");
    let dst = ScratchFile::new("repair", "twice-repaired.edb");
    make(&src);
    let before = std::fs::read(&*src).unwrap();
    let leaves: Vec<u32> = tree_pages(&src, "items")
        .into_iter()
        .filter_map(|(p, leaf)| leaf.then_some(p))
        .collect();
    assert!(leaves.len() >= 4, "{} leaves", leaves.len());
    // The leaf to change (`changed`) and the leaf to damage (`lost`), which makes the
    // repair scan the file.
    let (changed, lost) = (leaves[leaves.len() / 2], leaves[1]);
    let renamed = keys_in(&before, changed, 8192);
    {
        let opts = OpenOptions {
            read_only: false,
            ..OpenOptions::default()
        };
        let db = Database::open_with(&StdFs, &src, &opts).unwrap();
        let def = db.table("items").unwrap().def().clone();
        let name = def.column("name").unwrap().id;
        let rows = records(&db, "items");
        for k in &renamed {
            let mut row = rows[k].clone();
            // As long as the old name: the records stay on their leaf.
            let Some(RowValue::One(Cell::Raw(old))) = row.get(name).cloned() else {
                panic!("no name");
            };
            let new: Vec<u8> = old.iter().map(|b| b.to_ascii_uppercase()).collect();
            row.set(name, RowValue::One(Cell::Raw(new)));
            db.replace("items", k, &row).unwrap();
        }
        db.close().unwrap();
    }
    let after = std::fs::read(&*src).unwrap();
    assert_eq!(keys_in(&after, changed, 8192), renamed, "the records moved");
    let page = |bytes: &[u8], pgno: u32| bytes[(pgno as usize + 1) * 8192..][..8192].to_vec();
    let (old_leaf, new_leaf) = (page(&before, changed), page(&after, changed));
    let expected: Records = {
        let db = Database::open(&src).unwrap();
        let lost_keys = keys_in(&after, lost, 8192);
        records(&db, "items")
            .into_iter()
            .filter(|(k, _)| !lost_keys.contains(k))
            .collect()
    };
    // The file holds two header pages, then pages 1 to `pages`.
    let pages = (after.len() / 8192 - 2) as u32;
    // The other copy of the leaf goes on a page past the file's last, which only the
    // scan finds: first the older copy there (the walk reaches the newer), then the
    // newer copy there and the older in the leaf's place (the walk reaches the older).
    for (in_place, apart) in [(&new_leaf, &old_leaf), (&old_leaf, &new_leaf)] {
        let mut bytes = after.clone();
        bytes[(changed as usize + 1) * 8192..][..8192].copy_from_slice(in_place);
        let mut copy = apart.clone();
        ese::format::checksum::compute_page_checksums(&mut copy, pages + 1);
        bytes.extend_from_slice(&copy);
        std::fs::write(&*src, &bytes).unwrap();
        damage(&src, lost);
        let _ = std::fs::remove_file(&*dst);
        let report = run(&src, &dst).unwrap();
        assert!(report.orphan_leaves >= 1, "{report:?}");
        assert!(report.bad_pages.contains(&lost), "{report:?}");
        // Each key written once: none refused as a duplicate.
        assert_eq!(report.records_dropped, 0, "{report:?}");
        let out = Database::open(&dst).unwrap();
        let got = records(&out, "items");
        assert_eq!(got.len(), expected.len());
        assert!(
            got == expected,
            "the records differ from the ones changed last"
        );
        drop(out);
        check_whole(&dst);
    }
}

/// Random damage to random pages: the repair either writes a database that
/// passes the integrity check and holds only records of the source, each as
/// it was (long values possibly left out), or refuses with a damage code;
/// it never panics. `REPAIR_SEEDS` scales it (default 40).
#[test]
fn random_damage_is_repaired_or_refused_never_wrong() {
    use ese_os::{Rng, SplitMix64};
    let src = ScratchFile::new("repair", "random.edb");
    make(&src);
    let clean = std::fs::read(&*src).unwrap();
    let source = Database::open(&src).unwrap();
    let items = records(&source, "items");
    let wide = records(&source, "wide");
    let def = source.table("items").unwrap().def().clone();
    let (blob, memo) = (
        def.column("blob").unwrap().id,
        def.column("memo").unwrap().id,
    );
    let pages = source.page_count();
    drop(source);
    let seeds: u64 = std::env::var("REPAIR_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40);
    let (mut repaired, mut refused) = (0, 0);
    for seed in 1..=seeds {
        let mut rng = SplitMix64::new(seed);
        let mut bytes = clean.clone();
        let mut hit = Vec::new();
        for _ in 0..1 + rng.gen_range(0..6) {
            let pgno = 1 + rng.gen_range(0..u64::from(pages)) as u32;
            let base = (pgno as usize + 1) * 8192;
            // Garbage over a random span, or the whole page zeroed.
            if rng.gen_range(0..4) == 0 {
                bytes[base..base + 8192].fill(0);
            } else {
                let at = rng.gen_range(0..8192 - 64) as usize;
                for b in &mut bytes[base + at..base + at + 1 + rng.gen_range(0..63) as usize] {
                    *b = rng.next_u64() as u8;
                }
            }
            hit.push(pgno);
        }
        let (fs, path) = common::mem_file("random.edb", &bytes);
        let dst = Path::new("/out.edb");
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            repair(&fs, &path, dst, &RepairOptions::default(), &mut |_| Ok(()))
        }))
        .unwrap_or_else(|_| panic!("seed {seed} (pages {hit:?}): the repair panicked"));
        let report = match r {
            Ok(report) => report,
            Err(e) => {
                assert!(
                    matches!(
                        e.code(),
                        ErrorCode::CatalogCorrupted
                            | ErrorCode::ReadVerifyFailure
                            | ErrorCode::DatabaseCorrupted
                            | ErrorCode::PageNotInitialized
                    ),
                    "seed {seed} (pages {hit:?}): {e}"
                );
                assert!(!ese_os::FileSystem::exists(&fs, dst), "seed {seed}");
                refused += 1;
                continue;
            }
        };
        repaired += 1;
        let after = Database::open_with(&fs, dst, &OpenOptions::default()).unwrap();
        for (k, row) in records(&after, "items") {
            let was = items.get(&k).unwrap_or_else(|| {
                panic!("seed {seed} (pages {hit:?}): a record not in the source")
            });
            // Each long value as it was, or lost: left out, or NULL over a default.
            let mut same = row.clone();
            if row.get(blob).is_none() {
                if let Some(v) = was.get(blob) {
                    same.set(blob, v.clone());
                }
            }
            if row.get(memo) == Some(&RowValue::Null) {
                if let Some(v) = was.get(memo) {
                    same.set(memo, v.clone());
                }
            }
            assert!(
                &same == was,
                "seed {seed} (pages {hit:?}): a record changed"
            );
        }
        for (k, row) in records(&after, "wide") {
            assert_eq!(wide.get(&k), Some(&row), "seed {seed} (pages {hit:?})");
        }
        drop(after);
        check_written(&fs, dst)
            .unwrap_or_else(|e| panic!("seed {seed} (pages {hit:?}): {e} ({report:?})"));
    }
    eprintln!("{repaired} repaired, {refused} refused");
    assert!(
        repaired > seeds / 2,
        "{repaired} repaired, {refused} refused"
    );
}

#[test]
fn a_truncated_file_is_repaired_and_damaged_headers_are_their_own_error() {
    let src = ScratchFile::new("repair", "cut.edb");
    let dst = ScratchFile::new("repair", "cut-repaired.edb");
    make(&src);
    let wide = records(&Database::open(&src).unwrap(), "wide");
    // The file cut before the last 20 pages of `wide`'s tree: the repair keeps
    // every record on the pages left.
    let mut tree: Vec<u32> = tree_pages(&src, "wide")
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    tree.sort_unstable();
    let cut = tree[tree.len() - 20];
    let bytes = std::fs::read(&*src).unwrap();
    std::fs::write(&*src, &bytes[..(cut as usize + 1) * 8192]).unwrap();
    let report = run(&src, &dst).unwrap();
    assert!(!report.bad_pages.is_empty(), "{report:?}");
    assert!(report.bad_pages.iter().all(|&p| p >= cut), "{report:?}");
    let got = records(&Database::open(&dst).unwrap(), "wide");
    assert!(got.len() < wide.len());
    assert!(got.iter().all(|(k, row)| wide.get(k) == Some(row)));
    check_whole(&dst);
    std::fs::remove_file(&dst).unwrap();

    // Both header copies damaged: the header's error, nothing written.
    let mut bytes = std::fs::read(&*src).unwrap();
    for copy in 0..2 {
        bytes[copy * 8192 + 100] ^= 0xff;
        bytes[copy * 8192 + 205] ^= 0xff;
    }
    std::fs::write(&*src, &bytes).unwrap();
    let e = run(&src, &dst).unwrap_err();
    assert_ne!(e.code(), ErrorCode::CatalogCorrupted, "{e}");
    assert!(!dst.exists());
}

#[test]
fn a_database_another_holder_has_is_neither_repaired_nor_compacted() {
    use ese_os::FileSystem;
    let src = ScratchFile::new("repair", "held.edb");
    let dst = ScratchFile::new("repair", "held-repaired.edb");
    make(&src);
    // What an instance that attached it holds (`flock`), here taken directly.
    let held = StdFs.lock_exclusive(&src).unwrap();
    assert!(held.is_some());
    let e = run(&src, &dst).unwrap_err();
    assert_eq!(e.code(), ErrorCode::FileAccessDenied, "{e}");
    let e = ese::db::compact(
        &StdFs,
        &src,
        &dst,
        &ese::db::CompactOptions::default(),
        &mut |_| Ok(()),
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::FileAccessDenied, "{e}");
    assert!(!dst.exists());
    drop(held);
    assert!(!run(&src, &dst).unwrap().lost_anything());
}
