//! Indexes over substring tuples (`JET_bitIndexTuples`): the keys ESE makes for them
//! (`ErrRECIEnumerateKeys` with `ErrRECIIRetrieveKey`'s tuple offsets), kept through
//! inserts, replacements, deletes and rollbacks, built over existing records, found by
//! substring seeks, written to and read back from the catalog (`TupleLimits`, both
//! sizes ESE writes), checked by `Database::check`; and the errors of their definitions
//! and their search keys.

mod common;

use common::Scratch;
use ese::catalog::TupleLimits;
use ese::db::{compact, CompactOptions, KeyLimit, Prep, SeekGrbit};
use ese::format::coltype::{ColumnType, Value};
use ese::format::key::{make_key, SegmentSpec};
use ese::record::schema::{parse_schema, IndexSpec, KeySegmentSpec};
use ese::record::{index_keys, Cell, Row, RowValue};
use ese::{CreateOptions, Cursor, Database, ErrorCode, Instance};
use ese_os::{Rng, SplitMix64, StdFs};
use std::collections::{BTreeMap, BTreeSet};

// Column ids: id 1, kind 2, name 128 (Text, 1252), data 129 (Binary), uname 130
// (Unicode text), tags 256 (tagged multi-valued text).
const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "kind", "type": "Long"},
              {"name": "name", "type": "Text", "cp": 1252},
              {"name": "data", "type": "Binary"},
              {"name": "uname", "type": "Text", "cp": 1200},
              {"name": "tags", "type": "Text", "cp": 1252, "flags": ["Tagged", "MultiValued"]}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
              {"name": "name_tuples", "key": ["+name"], "flags": ["Tuples"]},
              {"name": "data_tuples", "key": ["+data", "+kind"],
               "tuple_limits": {"length_min": 2, "length_max": 4, "to_index_max": 3,
                                "increment": 2, "start": 1}},
              {"name": "tag_tuples", "key": ["+tags"], "flags": ["Tuples"]},
              {"name": "uname_tuples", "key": ["+uname"],
               "tuple_limits": {"length_min": 2, "length_max": 3}}]}]}"#;

/// The normalized key of non-Unicode text `s` (upper case, `0x7F` before, `0x00` after).
fn text_key(s: &str) -> Vec<u8> {
    let mut k = vec![0x7F];
    k.extend(s.bytes().map(|b| b.to_ascii_uppercase()));
    k.push(0);
    k
}

fn row(pairs: &[(u32, RowValue)]) -> Row {
    let mut r = Row::new();
    for (id, v) in pairs {
        r.set(*id, v.clone());
    }
    r
}

fn text(s: &str) -> RowValue {
    RowValue::One(Cell::Value(Value::Text(s.into())))
}

fn create(dir: &Scratch) -> (Instance, Database) {
    let inst = Instance::new(dir.opts()).unwrap();
    let mut db = inst
        .create_database(dir.join("t.edb"), CreateOptions::default())
        .unwrap();
    db.create_table_spec(&parse_schema(SCHEMA).unwrap().tables[0])
        .unwrap();
    (inst, db)
}

#[test]
fn the_keys_are_the_substrings_at_each_offset() {
    let dir = Scratch::new("tuplekeys");
    let (inst, db) = create(&dir);
    let t = db.table("t").unwrap();
    let def = t.def();
    let ix = |n: &str| def.indexes.iter().find(|i| i.name == n).unwrap();
    assert_eq!(ix("name_tuples").tuple_limits, Some(TupleLimits::DEFAULT));
    // Defaults: substrings of 3 to 10 characters at every character.
    let keys = index_keys(
        def,
        ix("name_tuples"),
        &row(&[(128, text("abcdefghijklm"))]),
    )
    .unwrap();
    let want: Vec<Vec<u8>> = [
        "abcdefghij",
        "bcdefghijk",
        "cdefghijkl",
        "defghijklm",
        "efghijklm",
        "fghijklm",
        "ghijklm",
        "hijklm",
        "ijklm",
        "jklm",
        "klm",
    ]
    .iter()
    .map(|s| text_key(s))
    .collect();
    assert_eq!(keys.keys, want);
    // A repeated substring is one entry; too short, NULL and empty values have none.
    let keys = index_keys(def, ix("name_tuples"), &row(&[(128, text("abab"))])).unwrap();
    assert_eq!(keys.keys, vec![text_key("abab"), text_key("bab")]);
    let keys = index_keys(def, ix("name_tuples"), &row(&[(128, text("aaaa"))])).unwrap();
    assert_eq!(keys.keys, vec![text_key("aaaa"), text_key("aaa")]);
    for v in [text("ab"), RowValue::Null, text("")] {
        let keys = index_keys(def, ix("name_tuples"), &row(&[(128, v.clone())])).unwrap();
        assert!(keys.keys.is_empty(), "{v:?}: {:?}", keys.keys);
    }
    // Limits 2 to 4, start 1, step 2, at most 3: offsets 1, 3, 5 of the binary value,
    // each binary-normalized, then the second segment.
    let data = RowValue::One(Cell::Raw(b"0123456789".to_vec()));
    let keys = index_keys(
        def,
        ix("data_tuples"),
        &row(&[(129, data), (2, RowValue::One(Cell::Value(Value::Long(5))))]),
    )
    .unwrap();
    let bin = |s: &[u8]| {
        // FLDNormalizeBinarySegment of fewer than 8 bytes: padded, then its length.
        let mut k = vec![0x7F];
        k.extend_from_slice(s);
        k.resize(1 + 8, 0);
        k.push(s.len() as u8);
        k.extend_from_slice(&[0x7F, 0x80, 0, 0, 5]);
        k
    };
    assert_eq!(keys.keys, vec![bin(b"1234"), bin(b"3456"), bin(b"5678")]);
    // Each value of a multi-valued first column makes its own tuples.
    let tags = RowValue::Many(vec![
        Cell::Value(Value::Text("red".into())),
        Cell::Value(Value::Text("blue".into())),
    ]);
    let keys = index_keys(def, ix("tag_tuples"), &row(&[(256, tags)])).unwrap();
    assert_eq!(
        keys.keys,
        vec![text_key("red"), text_key("blue"), text_key("lue")]
    );
    // Unicode text counts characters of two bytes.
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let ukey = |s: &str| {
        let spec = SegmentSpec::new(ColumnType::Text, 1200);
        make_key(&[(spec, Some(&utf16(s)[..]))], 255).unwrap().bytes
    };
    let uname = RowValue::One(Cell::Value(Value::Text("abcd".into())));
    let keys = index_keys(def, ix("uname_tuples"), &row(&[(130, uname)])).unwrap();
    assert_eq!(keys.keys, vec![ukey("abc"), ukey("bcd"), ukey("cd")]);
    drop(t);
    drop(db);
    inst.term().unwrap();
}

fn set(c: &mut Cursor, id: i32, name: Option<&str>, insert: bool) -> ese::Result<()> {
    c.prepare_update(if insert { Prep::Insert } else { Prep::Replace })?;
    if insert {
        c.set_column(1, Some(Cell::Value(Value::Long(id))), 1)?;
    }
    c.set_column(128, name.map(|n| Cell::Value(Value::Text(n.into()))), 1)?;
    c.update().map(|_| ())
}

/// The ids of the records whose name holds `sub` (at least 3 characters), as a
/// substring search on the tuple index finds them: seek to the first tuple that starts
/// with `sub`, then walk while the tuples do.
fn containing(c: &mut Cursor, sub: &str) -> BTreeSet<i32> {
    c.set_index(Some("name_tuples")).unwrap();
    c.make_key(
        &[Some(Value::Text(sub.into()))],
        KeyLimit::PartialColumnStart,
    )
    .unwrap();
    let mut out = BTreeSet::new();
    if c.seek(SeekGrbit::Ge).is_err() {
        return out;
    }
    let prefix = {
        let mut k = text_key(sub);
        k.pop();
        k
    };
    loop {
        let key = c.secondary_bookmark().unwrap().secondary_key;
        if !key.starts_with(&prefix) {
            break;
        }
        match c.retrieve_column(1, 1).unwrap().0 {
            Some(Value::Long(id)) => {
                out.insert(id);
            }
            v => panic!("id {v:?}"),
        }
        if c.move_next().is_err() {
            break;
        }
    }
    out
}

/// A number below `n` drawn from `rng`.
fn below(rng: &mut SplitMix64, n: u64) -> u64 {
    rng.next_u64() % n
}

/// A name of 0 to 13 letters of "abcd", or (one time in eight) none.
fn name(rng: &mut SplitMix64) -> Option<String> {
    if below(rng, 8) == 0 {
        return None;
    }
    let len = below(rng, 14) as usize;
    Some(
        (0..len)
            .map(|_| b"abcd"[below(rng, 4) as usize] as char)
            .collect(),
    )
}

#[test]
fn substring_searches_follow_inserts_replacements_deletes_and_rollbacks() {
    let dir = Scratch::new("tuplemodel");
    let path = dir.join("t.edb");
    let (inst, mut db) = create(&dir);
    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    let mut model: BTreeMap<i32, Option<String>> = BTreeMap::new();
    let mut rng = SplitMix64::new(5);
    let probes = ["abc", "bca", "dddd", "cab", "aaa", "abcd"];
    let check = |c: &mut Cursor, model: &BTreeMap<i32, Option<String>>, ctx: &str| {
        for p in probes {
            let want: BTreeSet<i32> = model
                .iter()
                .filter(|(_, n)| {
                    n.as_ref()
                        .is_some_and(|n| n.to_uppercase().contains(&p.to_uppercase()))
                })
                .map(|(id, _)| *id)
                .collect();
            assert_eq!(containing(c, p), want, "{ctx}: {p:?}");
        }
    };
    for round in 0..400 {
        let id = below(&mut rng, 50) as i32;
        let in_txn = below(&mut rng, 4) == 0;
        if in_txn {
            s.begin_transaction().unwrap();
        }
        let before = model.clone();
        let name = name(&mut rng);
        match (model.contains_key(&id), below(&mut rng, 4)) {
            (false, _) => {
                set(&mut c, id, name.as_deref(), true).unwrap();
                model.insert(id, name);
            }
            (true, 0) => {
                c.set_index(None).unwrap();
                c.make_key(&[Some(Value::Long(id))], KeyLimit::None)
                    .unwrap();
                c.seek(SeekGrbit::Eq).unwrap();
                c.delete().unwrap();
                model.remove(&id);
            }
            (true, _) => {
                c.set_index(None).unwrap();
                c.make_key(&[Some(Value::Long(id))], KeyLimit::None)
                    .unwrap();
                c.seek(SeekGrbit::Eq).unwrap();
                set(&mut c, id, name.as_deref(), false).unwrap();
                model.insert(id, name);
            }
        }
        if in_txn {
            if below(&mut rng, 2) == 0 {
                s.rollback().unwrap();
                model = before;
            } else {
                s.commit_transaction().unwrap();
            }
        }
        if round % 40 == 39 {
            check(&mut c, &model, &format!("round {round}"));
        }
    }
    check(&mut c, &model, "after the rounds");
    db.check().unwrap();
    drop(c);
    // An index built over the records holds the same entries as one kept by the updates.
    let spec = IndexSpec {
        name: "name_tuples_built".into(),
        key: vec![KeySegmentSpec {
            column: "name".into(),
            descending: false,
        }],
        flags: ese::catalog::index_grbit::TUPLES,
        key_most: None,
        var_seg_mac: None,
        conditions: Vec::new(),
        tuple_limits: None,
        density: 0,
    };
    db.create_index("t", &spec).unwrap();
    let t = db.table("t").unwrap();
    let kept: Vec<_> = t
        .index_entries("name_tuples")
        .unwrap()
        .map(|e| e.unwrap())
        .collect();
    let built: Vec<_> = t
        .index_entries("name_tuples_built")
        .unwrap()
        .map(|e| e.unwrap())
        .collect();
    assert!(kept.len() > model.len(), "{} entries", kept.len());
    assert_eq!(kept, built);
    drop(t);
    db.check().unwrap();
    drop(s);
    drop(db);
    inst.term().unwrap();

    // The catalog keeps the limits (LE_TUPLELIMITS, 20 bytes) and the index stays usable.
    let inst = Instance::new(dir.opts()).unwrap();
    let (db, _) = inst.attach_database(&path, false).unwrap();
    let t = db.table("t").unwrap();
    let def = t.def();
    let data = def
        .indexes
        .iter()
        .find(|i| i.name == "data_tuples")
        .unwrap();
    assert_eq!(
        data.tuple_limits,
        Some(TupleLimits {
            length_min: 2,
            length_max: 4,
            to_index_max: 3,
            increment: 2,
            start: 1
        })
    );
    assert!(!def.is_foreign_index(data));
    drop(t);
    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    check(&mut c, &model, "after reopening");
    drop(c);
    drop(s);
    db.check().unwrap();
    let entries = |db: &Database| -> Vec<_> {
        let t = db.table("t").unwrap();
        t.index_entries("name_tuples")
            .unwrap()
            .map(|e| e.unwrap())
            .collect()
    };
    let before = entries(&db);
    drop(db);
    inst.term().unwrap();

    // A compacted copy rebuilds the tuple indexes from the records: the same entries.
    let copy = dir.join("copy.edb");
    compact(
        &StdFs,
        &path,
        &copy,
        &CompactOptions::default(),
        &mut |_| Ok(()),
    )
    .unwrap();
    let db = Database::open(&copy).unwrap();
    assert_eq!(entries(&db), before);
    let t = db.table("t").unwrap();
    let data = t
        .def()
        .indexes
        .iter()
        .find(|i| i.name == "data_tuples")
        .unwrap();
    assert_eq!(data.tuple_limits.map(|l| l.increment), Some(2));
}

#[test]
fn tuple_limits_read_in_both_catalog_sizes() {
    let v1: Vec<u8> = [4u32, 8, 100]
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .collect();
    assert_eq!(
        TupleLimits::from_bytes(&v1),
        Some(TupleLimits {
            length_min: 4,
            length_max: 8,
            to_index_max: 100,
            increment: 1,
            start: 0
        })
    );
    let t = TupleLimits {
        length_min: 2,
        length_max: 9,
        to_index_max: 7,
        increment: 3,
        start: 5,
    };
    assert_eq!(t.to_bytes().len(), 20);
    assert_eq!(TupleLimits::from_bytes(&t.to_bytes()), Some(t));
    assert_eq!(TupleLimits::from_bytes(&[3, 0, 0, 0, 10, 0, 0, 0]), None);
}

#[test]
fn tuple_index_definitions_and_search_keys_get_eses_errors() {
    let dir = Scratch::new("tupleerrs");
    let (inst, mut db) = create(&dir);
    use ese::catalog::index_grbit as g;
    let spec =
        |col: &str, flags: u32, var_seg_mac: Option<u32>, t: Option<TupleLimits>| IndexSpec {
            name: "x".into(),
            key: vec![KeySegmentSpec {
                column: col.into(),
                descending: false,
            }],
            flags,
            key_most: None,
            var_seg_mac,
            conditions: Vec::new(),
            tuple_limits: t,
            density: 0,
        };
    let limits = |length_min, length_max, to_index_max| {
        Some(TupleLimits {
            length_min,
            length_max,
            to_index_max,
            increment: 1,
            start: 0,
        })
    };
    let cases = [
        (
            spec("name", g::TUPLES | g::UNIQUE, None, None),
            ErrorCode::IndexTuplesNonUniqueOnly,
        ),
        (
            spec("kind", g::TUPLES, None, None),
            ErrorCode::IndexTuplesTextBinaryColumnsOnly,
        ),
        (
            spec("name", g::TUPLES, Some(20), None),
            ErrorCode::IndexTuplesVarSegMacNotAllowed,
        ),
        (
            spec("name", g::TUPLE_LIMITS, None, None),
            ErrorCode::IndexInvalidDef,
        ),
        (
            spec("name", g::TUPLE_LIMITS, None, limits(1, 10, 0)),
            ErrorCode::IndexTuplesInvalidLimits,
        ),
        (
            spec("name", g::TUPLE_LIMITS, None, limits(6, 5, 0)),
            ErrorCode::IndexTuplesInvalidLimits,
        ),
        (
            spec("name", g::TUPLE_LIMITS, None, limits(3, 256, 0)),
            ErrorCode::IndexTuplesInvalidLimits,
        ),
        (
            spec("name", g::TUPLE_LIMITS, None, limits(3, 10, 0x8000)),
            ErrorCode::IndexTuplesInvalidLimits,
        ),
    ];
    for (s, code) in cases {
        let e = db.create_index("t", &s).unwrap_err();
        assert_eq!(e.code(), code, "{s:?}: {e}");
    }
    // A primary tuple index (a new table's: this one has its primary index).
    let e = parse_schema(
        r#"{"page_size": 8192, "tables": [{"name": "p",
           "columns": [{"name": "name", "type": "Text", "cp": 1252}],
           "indexes": [{"name": "primary", "key": ["+name"], "flags": ["Primary", "Tuples"]}]}]}"#,
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::IndexTuplesSecondaryIndexOnly, "{e}");
    // Search keys shorter than the shortest substring; longer ones are cut to the longest.
    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    c.set_index(Some("name_tuples")).unwrap();
    for short in [
        Some(Value::Text("ab".into())),
        Some(Value::Text(String::new())),
        None,
    ] {
        let e = c
            .make_key(std::slice::from_ref(&short), KeyLimit::None)
            .unwrap_err();
        assert_eq!(
            e.code(),
            ErrorCode::IndexTuplesKeyTooSmall,
            "{short:?}: {e}"
        );
    }
    c.make_key(
        &[Some(Value::Text("abcdefghijklmnop".into()))],
        KeyLimit::None,
    )
    .unwrap();
    assert_eq!(c.search_key().unwrap(), text_key("abcdefghij"));
    // Binary is normalized as given: only an empty value is too small, none is cut.
    c.set_index(Some("data_tuples")).unwrap();
    let e = c
        .make_key(&[Some(Value::Binary(Vec::new()))], KeyLimit::None)
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::IndexTuplesKeyTooSmall, "{e}");
    c.make_key(&[Some(Value::Binary(vec![b'0']))], KeyLimit::None)
        .unwrap();
    c.make_key(&[Some(Value::Binary(b"012345".to_vec()))], KeyLimit::None)
        .unwrap();
    assert_eq!(
        c.search_key().unwrap(),
        [0x7F, b'0', b'1', b'2', b'3', b'4', b'5', 0, 0, 6]
    );
    drop(c);
    drop(s);
    drop(db);
    inst.term().unwrap();
}
