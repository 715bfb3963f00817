//! The integrity check's space by tree (`WriteCheck::space`, what esentutl's
//! `/ms` lists): every tree's owned pages are its own B-tree and space-tree
//! pages, its free pages and its children's owned pages, exactly; each table and
//! secondary index is there under its object id; a deleted table's space goes
//! back to the database root.

use ese::db::{CreateOptions, Database, WriteCheck};
use ese::format::coltype::Value;
use ese::record::schema::parse_schema;
use ese::record::Row;
use std::collections::HashMap;

const SCHEMA: &str = r#"{"page_size": 8192, "tables": [
  {"name": "a",
   "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
               {"name": "val", "type": "Long"},
               {"name": "big", "type": "LongBinary"}],
   "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
               {"name": "byval", "key": ["+val"]}]},
  {"name": "b",
   "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]}],
   "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]}]}]}"#;

/// Checks the partition: owned = used + available + the children's owned.
fn assert_partition(c: &WriteCheck) {
    let root = c.space[0];
    assert_eq!((root.fdp, root.parent), (1, 0), "{:?}", c.space);
    assert_eq!(root.owned, c.owned);
    let mut children: HashMap<u32, u64> = HashMap::new();
    for t in &c.space[1..] {
        *children.entry(t.parent).or_default() += t.owned;
    }
    for t in &c.space {
        assert_eq!(
            t.owned,
            t.used + t.available + children.get(&t.fdp).copied().unwrap_or(0),
            "tree {} of {:?}",
            t.fdp,
            c.space
        );
        assert!(t.used >= 1, "tree {} uses no page", t.fdp);
    }
}

#[test]
fn space_by_tree_partitions_the_file() {
    let dir = std::env::temp_dir().join(format!("ese-space-by-tree-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("s.edb");
    let spec = parse_schema(SCHEMA).unwrap();
    let mut db = Database::create(&path, CreateOptions::default()).unwrap();
    for t in &spec.tables {
        db.create_table_spec(t).unwrap();
    }
    for id in 0..4000 {
        let mut row = Row::new();
        row.set_value(1, Value::Long(id));
        row.set_value(2, Value::Long(id % 97));
        if id % 10 == 0 {
            row.set_value(256, Value::Binary(vec![id as u8; 5000]));
        }
        db.insert("a", &row).unwrap();
        let mut row = Row::new();
        row.set_value(1, Value::Long(id));
        db.insert("b", &row).unwrap();
    }
    let c = db.check().unwrap();
    assert_partition(&c);
    let by_objid: HashMap<u32, _> = c.space.iter().map(|t| (t.objid, *t)).collect();
    let a = db.table("a").unwrap().def().clone();
    let ta = by_objid[&a.objid];
    assert_eq!(ta.fdp, a.root);
    // The table's B-tree of 4,000 records takes several pages; its secondary
    // index and its long values are children of it.
    assert!(ta.used > 10, "{ta:?}");
    for ix in a.indexes.iter().filter(|i| !i.is_primary()) {
        let t = by_objid[&ix.objid];
        assert_eq!((t.fdp, t.parent), (ix.root, a.root), "{t:?}");
    }
    let lv = c
        .space
        .iter()
        .find(|t| t.parent == a.root && a.indexes.iter().all(|i| i.root != t.fdp))
        .expect("the long-value tree under table a");
    assert!(lv.used >= 40, "{lv:?}: 400 values of 5,000 bytes");
    let b_objid = db.table("b").unwrap().def().objid;
    assert!(by_objid.contains_key(&b_objid));

    // Deleted, table b's space goes back to the root.
    let root_free_before = c.space[0].available;
    db.delete_table("b").unwrap();
    db.clean_up().unwrap();
    let c2 = db.check().unwrap();
    assert_partition(&c2);
    assert!(
        !c2.space.iter().any(|t| t.objid == b_objid),
        "{:?}",
        c2.space
    );
    assert!(
        c2.space[0].available > root_free_before,
        "{:?} then {:?}",
        c.space[0],
        c2.space[0]
    );
    db.close().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
