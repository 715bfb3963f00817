//! Conditional (sparse) indexes, `JET_CONDITIONALCOLUMN`: a record is in such an
//! index only while each of its conditional columns is NULL or not, as the index
//! says (a default counting as a value, as ESE retrieves it). Kept through inserts,
//! replacements that move a record in and out, deletes, rollbacks, an index built
//! over existing records, the catalog (written and read back, both `IDXSEG`
//! layouts) and `Database::check`; the schema's errors.

mod common;

use common::Scratch;
use ese::catalog::IndexCondition;
use ese::db::{KeyLimit, Prep, SeekGrbit};
use ese::format::coltype::Value;
use ese::record::schema::{parse_schema, IndexConditionSpec, IndexSpec, KeySegmentSpec};
use ese::record::Cell;
use ese::{CreateOptions, Cursor, Database, ErrorCode, Instance};
use std::collections::BTreeMap;

// Column ids: id 1, owner 2, deleted 3, state 4 (default 7), note 256.
const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "owner", "type": "Long"},
              {"name": "deleted", "type": "Long"},
              {"name": "state", "type": "Long", "default": 7},
              {"name": "note", "type": "Text", "cp": 1252, "flags": ["Tagged"]}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
              {"name": "live", "key": ["+owner", "+id"],
               "conditions": [{"column": "deleted", "must_be_null": true}]},
              {"name": "noted_live", "key": ["-id"],
               "conditions": [{"column": "note", "must_be_null": false},
                              {"column": "deleted", "must_be_null": true}]},
              {"name": "stated", "key": ["+id"],
               "conditions": [{"column": "state", "must_be_null": false}]}]}]}"#;

/// A record of the model: owner, deleted, state (`None`: set NULL over the
/// default), note.
#[derive(Clone, Debug, PartialEq)]
struct Rec {
    owner: i32,
    deleted: Option<i32>,
    state: Option<i32>,
    note: Option<String>,
}

fn long(v: i32) -> Option<Cell> {
    Some(Cell::Value(Value::Long(v)))
}

/// Writes `r` as record `id` (insert or replace, as the cursor is prepared).
fn set(c: &mut Cursor, id: i32, r: &Rec, insert: bool) -> ese::Result<()> {
    c.prepare_update(if insert { Prep::Insert } else { Prep::Replace })?;
    if insert {
        c.set_column(1, long(id), 1)?;
    }
    c.set_column(2, long(r.owner), 1)?;
    c.set_column(3, r.deleted.and_then(long), 1)?;
    c.set_column(4, r.state.and_then(long), 1)?;
    c.set_column(
        256,
        r.note.as_ref().map(|n| Cell::Value(Value::Text(n.clone()))),
        1,
    )?;
    c.update().map(|_| ())
}

fn seek(c: &mut Cursor, id: i32) {
    c.set_index(None).unwrap();
    c.make_key(&[Some(Value::Long(id))], KeyLimit::None)
        .unwrap();
    c.seek(SeekGrbit::Eq).unwrap();
}

/// The ids `index` holds, in its order.
fn scan(c: &mut Cursor, index: &str) -> Vec<i32> {
    c.set_index(Some(index)).unwrap();
    let mut ids = Vec::new();
    if c.move_first().is_ok() {
        loop {
            match c.retrieve_column(1, 1).unwrap().0 {
                Some(Value::Long(id)) => ids.push(id),
                v => panic!("id {v:?}"),
            }
            if c.move_next().is_err() {
                break;
            }
        }
    }
    ids
}

/// What each conditional index holds for `model`.
fn expected(model: &BTreeMap<i32, Rec>) -> [(&'static str, Vec<i32>); 3] {
    let mut live: Vec<(i32, i32)> = model
        .iter()
        .filter(|(_, r)| r.deleted.is_none())
        .map(|(id, r)| (r.owner, *id))
        .collect();
    live.sort();
    let noted: Vec<i32> = model
        .iter()
        .rev()
        .filter(|(_, r)| r.note.is_some() && r.deleted.is_none())
        .map(|(id, _)| *id)
        .collect();
    let stated: Vec<i32> = model
        .iter()
        .filter(|(_, r)| r.state.is_some())
        .map(|(id, _)| *id)
        .collect();
    [
        ("live", live.into_iter().map(|(_, id)| id).collect()),
        ("noted_live", noted),
        ("stated", stated),
    ]
}

fn check_indexes(c: &mut Cursor, model: &BTreeMap<i32, Rec>, ctx: &str) {
    for (index, want) in expected(model) {
        assert_eq!(scan(c, index), want, "{ctx}: {index}");
    }
}

/// A small deterministic generator (splitmix64).
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n
    }
    fn rec(&mut self) -> Rec {
        Rec {
            owner: self.below(5) as i32,
            deleted: (self.below(3) == 0).then(|| self.below(100) as i32),
            state: (self.below(4) != 0).then(|| self.below(9) as i32),
            note: (self.below(2) == 0).then(|| format!("n{}", self.below(50))),
        }
    }
}

#[test]
fn records_move_in_and_out_of_conditional_indexes() {
    let dir = Scratch::new("condix");
    let path = dir.join("c.edb");
    let inst = Instance::new(dir.opts()).unwrap();
    let mut db = inst
        .create_database(&path, CreateOptions::default())
        .unwrap();
    db.create_table_spec(&parse_schema(SCHEMA).unwrap().tables[0])
        .unwrap();
    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    let mut model: BTreeMap<i32, Rec> = BTreeMap::new();
    let mut rng = Rng(11);
    for round in 0..600 {
        let ctx = format!("round {round}");
        let id = rng.below(60) as i32;
        let in_txn = rng.below(4) == 0;
        if in_txn {
            s.begin_transaction().unwrap();
        }
        let before = model.clone();
        match (model.contains_key(&id), rng.below(5)) {
            (false, _) => {
                let r = rng.rec();
                set(&mut c, id, &r, true).unwrap();
                model.insert(id, r);
            }
            (true, 0) => {
                seek(&mut c, id);
                c.delete().unwrap();
                model.remove(&id);
            }
            (true, _) => {
                seek(&mut c, id);
                let r = rng.rec();
                set(&mut c, id, &r, false).unwrap();
                model.insert(id, r);
            }
        }
        if in_txn {
            if rng.below(2) == 0 {
                s.rollback().unwrap();
                model = before;
            } else {
                s.commit_transaction().unwrap();
            }
        }
        if round % 50 == 49 {
            check_indexes(&mut c, &model, &ctx);
        }
    }
    check_indexes(&mut c, &model, "after the rounds");
    assert!(expected(&model).iter().all(|(_, ids)| !ids.is_empty()));
    assert!(
        model.values().any(|r| r.deleted.is_some()) && model.values().any(|r| r.state.is_none()),
        "both sides of every condition are there"
    );
    drop(c);
    // An index built over the records honours its conditions too.
    let spec = IndexSpec {
        name: "deleted_by_owner".into(),
        key: vec![KeySegmentSpec {
            column: "owner".into(),
            descending: false,
        }],
        flags: 0,
        key_most: None,
        var_seg_mac: None,
        conditions: vec![IndexConditionSpec {
            column: "deleted".into(),
            must_be_null: false,
        }],
        tuple_limits: None,
        density: 0,
    };
    db.create_index("t", &spec).unwrap();
    let t = db.table("t").unwrap();
    let built = t.index_entries("deleted_by_owner").unwrap().count();
    assert_eq!(
        built,
        model.values().filter(|r| r.deleted.is_some()).count()
    );
    drop(t);
    // A column an index's condition names cannot be deleted.
    assert_eq!(
        db.delete_column("t", "state").unwrap_err().code(),
        ErrorCode::ColumnInUse
    );
    db.check().unwrap();
    drop(s);
    drop(db);
    inst.term().unwrap();

    // The catalog holds the conditions: read back as written.
    let db = Database::open(&path).unwrap();
    let t = db.table("t").unwrap();
    let conds = |name: &str| -> Vec<IndexCondition> {
        t.def()
            .indexes
            .iter()
            .find(|i| i.name == name)
            .unwrap()
            .conditions
            .clone()
    };
    assert_eq!(
        conds("noted_live"),
        vec![
            IndexCondition {
                column_id: 256,
                must_be_null: false
            },
            IndexCondition {
                column_id: 3,
                must_be_null: true
            },
        ]
    );
    assert_eq!(
        conds("deleted_by_owner"),
        vec![IndexCondition {
            column_id: 3,
            must_be_null: false
        }]
    );
    assert!(conds("primary").is_empty());
    let mut c = db.open_cursor("t").unwrap();
    check_indexes(&mut c, &model, "reopened");
}

#[test]
fn a_conditional_index_in_the_legacy_layout_reads_and_writes_the_same() {
    // Without the extended-columns flag, a condition is a signed 16-bit column id,
    // negative for must-be-NULL: the catalog row encodes and decodes it so.
    use ese::catalog::table::{index_row, IndexExtras};
    let spec = parse_schema(SCHEMA).unwrap();
    let def = spec.tables[0].table_def(8192, "test").unwrap();
    let mut ix = def
        .indexes
        .iter()
        .find(|i| i.name == "noted_live")
        .unwrap()
        .clone();
    let extended = index_row(1, &ix, &IndexExtras::default()).unwrap();
    assert_eq!(
        extended.conditional_columns.as_deref(),
        Some(&[0, 0, 0, 1, 0x20, 0, 3, 0][..]),
        "IDXSEGs: flags, reserved, column id (256, then 3 with fIDXSEGMustBeNull)"
    );
    ix.flags &= !ese::catalog::index_flags::EXTENDED_COLUMNS;
    let legacy = index_row(1, &ix, &IndexExtras::default()).unwrap();
    assert_eq!(
        legacy.conditional_columns.as_deref(),
        Some(&[0, 1, 0xFD, 0xFF][..]),
        "256, then -3"
    );
}

#[test]
fn conditions_the_schema_refuses() {
    let cases = [
        (
            r#"{"name": "p", "key": ["+id"], "flags": ["Primary"],
                "conditions": [{"column": "owner", "must_be_null": true}]}"#,
            ErrorCode::IndexInvalidDef,
        ),
        (
            r#"{"name": "x", "key": ["+owner"],
                "conditions": [{"column": "nope", "must_be_null": true}]}"#,
            ErrorCode::ColumnNotFound,
        ),
        (
            r#"{"name": "x", "key": ["+owner"],
                "conditions": [{"column": "owner"}]}"#,
            ErrorCode::InvalidParameter,
        ),
    ];
    for (index, code) in cases {
        let schema = format!(
            r#"{{"page_size": 8192, "tables": [{{"name": "t",
              "columns": [{{"name": "id", "type": "Long", "flags": ["NotNULL"]}},
                          {{"name": "owner", "type": "Long"}}],
              "indexes": [{index}]}}]}}"#
        );
        let got =
            parse_schema(&schema).and_then(|s| s.tables[0].table_def(8192, "test").map(|_| ()));
        assert_eq!(got.unwrap_err().code(), code, "{index}");
    }
    let many: Vec<String> = (0..17)
        .map(|_| r#"{"column": "owner", "must_be_null": true}"#.to_string())
        .collect();
    let schema = format!(
        r#"{{"page_size": 8192, "tables": [{{"name": "t",
          "columns": [{{"name": "id", "type": "Long", "flags": ["NotNULL"]}},
                      {{"name": "owner", "type": "Long"}}],
          "indexes": [{{"name": "x", "key": ["+id"], "conditions": [{}]}}]}}]}}"#,
        many.join(",")
    );
    let got = parse_schema(&schema).and_then(|s| s.tables[0].table_def(8192, "test").map(|_| ()));
    assert_eq!(got.unwrap_err().code(), ErrorCode::IndexInvalidDef);
}

/// An index over substring tuples in a catalog ESE wrote (its row has `TupleLimits`):
/// this engine makes no tuple keys, so the index is foreign: readable in stored
/// order, while changes to its table are refused with `JET_errFeatureNotAvailable`
/// rather than written with keys ESE would not make.
#[test]
fn a_tuple_index_from_a_catalog_is_foreign() {
    use ese::catalog::{table_rows, CatalogBuilder, IndexExtras, TableExtras};
    let spec = parse_schema(SCHEMA).unwrap();
    let mut def = spec.tables[0].table_def(8192, "test").unwrap();
    def.objid = 5;
    def.root = 6;
    for (i, ix) in def.indexes.iter_mut().enumerate() {
        ix.objid = if ix.is_primary() { 5 } else { 7 + i as u32 };
        ix.root = 20 + i as u32;
    }
    let extras = TableExtras {
        indexes: def
            .indexes
            .iter()
            .map(|ix| IndexExtras {
                tuple_limits: (ix.name == "live").then(|| vec![3, 0, 0, 0, 10, 0, 0, 0]),
                ..IndexExtras::default()
            })
            .collect(),
        ..TableExtras::default()
    };
    let mut b = CatalogBuilder::new();
    for row in table_rows(&def, &extras).unwrap() {
        b.push(&row.encode(false).unwrap(), false).unwrap();
    }
    let read = b.finish().remove(0);
    let live = read.index("live").unwrap();
    assert!(live.tuples && read.is_foreign_index(live));
    assert!(!read.is_foreign_index(read.index("stated").unwrap()));
    let e = read.check_writable().unwrap_err();
    assert_eq!(e.code(), ErrorCode::FeatureNotAvailable, "{e}");
    assert!(e.to_string().contains("tuples"), "{e}");
    // The conditions came through the same rows.
    assert_eq!(read.index("live").unwrap().conditions.len(), 1);
}
