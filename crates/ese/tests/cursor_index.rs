//! The cursor's index semantics: `JetSetCurrentIndex2/3/4` (MoveFirst, NoMove with an
//! itagSequence, the same index again), secondary-index bookmarks, `JetIndexRecordCount`
//! and the index counts of a table, with ESE's error codes.

mod common;

use common::ScratchFile;
use ese::db::{
    CreateOptions, Cursor, Database, KeyLimit, Prep, SecondaryBookmark, SeekGrbit, SetIndexGrbit,
};
use ese::format::coltype::Value;
use ese::record::schema::parse_schema;
use ese::record::{Cell, Row, RowValue};
use ese::ErrorCode;

/// `name` in a folder of its own, removed when the test ends.
fn tmp(name: &str) -> ScratchFile {
    ScratchFile::new("curix", name)
}

// Column ids: id 1, val 2, txt 128, mv 256.
const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "val", "type": "Long"},
              {"name": "txt", "type": "Text", "cp": 1252},
              {"name": "mv", "type": "Long", "flags": ["Tagged", "MultiValued"]}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
              {"name": "byval", "key": ["+val"]},
              {"name": "bymv", "key": ["-mv"], "flags": ["IgnoreNull"]},
              {"name": "bytxt", "key": ["+txt"], "flags": ["Unique", "IgnoreNull"]},
              {"name": "empty", "key": ["+txt", "+val"], "flags": ["IgnoreAnyNull"]}]}]}"#;

/// Records id 0..10: val = 100 - 10 * id (so `byval` runs backwards), txt "t<id>",
/// mv = [id, id + 100, id + 200] for even ids and none for odd ones.
fn setup(name: &str) -> (ScratchFile, Database) {
    let p = tmp(name);
    let spec = parse_schema(SCHEMA).unwrap();
    let mut db = Database::create(&p, CreateOptions::default()).unwrap();
    db.create_table_spec(&spec.tables[0]).unwrap();
    for id in 0..10 {
        db.insert("t", &row(id)).unwrap();
    }
    (p, db)
}

fn row(id: i32) -> Row {
    let mut r = Row::new();
    r.set_value(1, Value::Long(id));
    r.set_value(2, Value::Long(100 - 10 * id));
    r.set_value(128, Value::Text(format!("t{id}")));
    if id % 2 == 0 {
        r.set(
            256,
            RowValue::Many(
                [id, id + 100, id + 200]
                    .iter()
                    .map(|v| Cell::Value(Value::Long(*v)))
                    .collect(),
            ),
        );
    }
    r
}

fn id(c: &Cursor) -> i32 {
    match c.retrieve_column(1, 1).unwrap().0 {
        Some(Value::Long(v)) => v,
        other => panic!("id: {other:?}"),
    }
}

fn code<T: std::fmt::Debug>(r: ese::Result<T>) -> ErrorCode {
    r.unwrap_err().code()
}

/// Positions `c` (on the primary index) on record `k`.
fn goto_id(c: &mut Cursor, k: i32) {
    c.make_key(&[Some(Value::Long(k))], KeyLimit::None).unwrap();
    c.seek(SeekGrbit::Eq).unwrap();
    assert_eq!(id(c), k);
}

#[test]
fn move_first_goes_to_the_start_of_the_new_index() {
    let (_p, db) = setup("movefirst.edb");
    let mut c = db.open_cursor("t").unwrap();
    goto_id(&mut c, 4);
    c.set_index(Some("byval")).unwrap();
    assert_eq!(c.current_index_name(), Some("byval"));
    assert_eq!(code(c.retrieve_column(1, 1)), ErrorCode::NoCurrentRecord);
    assert_eq!(code(c.bookmark()), ErrorCode::NoCurrentRecord);
    c.move_next().unwrap();
    assert_eq!(id(&c), 9, "byval's first entry is the smallest val");
    c.move_next().unwrap();
    assert_eq!(id(&c), 8);
    // The explicit grbit behaves the same, and a search key does not survive.
    c.make_key(&[Some(Value::Long(50))], KeyLimit::None)
        .unwrap();
    c.set_index_with(Some("bytxt"), SetIndexGrbit::MoveFirst, 7)
        .unwrap();
    assert_eq!(code(c.seek(SeekGrbit::Eq)), ErrorCode::KeyNotMade);
    c.move_next().unwrap();
    assert_eq!(id(&c), 0);
    // None and "" both select the primary index.
    c.set_index_with(Some(""), SetIndexGrbit::MoveFirst, 1)
        .unwrap();
    assert_eq!(c.current_index_name(), Some("primary"));
    c.move_last().unwrap();
    assert_eq!(id(&c), 9);
    c.set_index(Some("byval")).unwrap();
    c.set_index(None).unwrap();
    assert_eq!(code(c.retrieve_column(1, 1)), ErrorCode::NoCurrentRecord);
    c.move_next().unwrap();
    assert_eq!(id(&c), 0);
    // A prepared update is cancelled by a real index change.
    c.prepare_update(Prep::Replace).unwrap();
    c.set_index(Some("byval")).unwrap();
    assert_eq!(code(c.update()), ErrorCode::UpdateNotPrepared);
    // Unknown names, with either grbit, leave the cursor as it was.
    c.move_first().unwrap();
    assert_eq!(code(c.set_index(Some("nope"))), ErrorCode::IndexNotFound);
    assert_eq!(
        code(c.set_index_with(Some("nope"), SetIndexGrbit::NoMove, 1)),
        ErrorCode::IndexNotFound
    );
    assert_eq!(c.current_index_name(), Some("byval"));
    assert_eq!(id(&c), 9);
}

#[test]
fn no_move_keeps_the_record() {
    let (_p, db) = setup("nomove.edb");
    let mut c = db.open_cursor("t").unwrap();
    // Without a current record: NoCurrentRecord, and the index stays.
    assert_eq!(
        code(c.set_index_with(Some("byval"), SetIndexGrbit::NoMove, 1)),
        ErrorCode::NoCurrentRecord
    );
    assert_eq!(c.current_index_name(), Some("primary"));
    goto_id(&mut c, 4);
    c.set_index_with(Some("byval"), SetIndexGrbit::NoMove, 0)
        .unwrap();
    assert_eq!(c.current_index_name(), Some("byval"));
    assert_eq!(id(&c), 4);
    // Moves follow the new index: val runs opposite to id.
    c.move_next().unwrap();
    assert_eq!(id(&c), 3);
    c.move_prev().unwrap();
    c.move_prev().unwrap();
    assert_eq!(id(&c), 5);
    // And back to the primary index by its name.
    c.set_index_with(Some("PRIMARY"), SetIndexGrbit::NoMove, 1)
        .unwrap();
    assert_eq!(c.current_index_name(), Some("primary"));
    assert_eq!(id(&c), 5);
    c.move_next().unwrap();
    assert_eq!(id(&c), 6);
}

#[test]
fn no_move_on_a_multi_valued_index_takes_the_itag_sequence() {
    let (_p, db) = setup("nomove_mv.edb");
    let mut c = db.open_cursor("t").unwrap();
    // The keys of record 4's values in bymv (descending on mv).
    let mut keys = Vec::new();
    {
        let mut k = db.open_cursor("t").unwrap();
        k.set_index(Some("bymv")).unwrap();
        for v in [4, 104, 204] {
            k.make_key(&[Some(Value::Long(v))], KeyLimit::None).unwrap();
            k.seek(SeekGrbit::Eq).unwrap();
            keys.push(k.secondary_bookmark().unwrap().secondary_key);
        }
    }
    for (itag, want) in [(0u32, 0usize), (1, 0), (2, 1), (3, 2)] {
        c.set_index(None).unwrap();
        goto_id(&mut c, 4);
        c.set_index_with(Some("bymv"), SetIndexGrbit::NoMove, itag)
            .unwrap();
        assert_eq!(id(&c), 4, "itag {itag}");
        let b = c.secondary_bookmark().unwrap();
        assert_eq!(b.secondary_key, keys[want], "itag {itag}");
        assert_eq!(b.primary_bookmark, c.bookmark().unwrap());
    }
    // From the entry of value 204 (the smallest key, descending), the next entries are
    // the other records' largest values.
    c.move_next().unwrap();
    assert_eq!(c.retrieve_column(256, 1).unwrap().0, Some(Value::Long(2)));
    // No value 4: BadItagSequence, after the index changed.
    c.set_index(None).unwrap();
    goto_id(&mut c, 4);
    assert_eq!(
        code(c.set_index_with(Some("bymv"), SetIndexGrbit::NoMove, 4)),
        ErrorCode::BadItagSequence
    );
    assert_eq!(c.current_index_name(), Some("bymv"));
    assert_eq!(code(c.retrieve_column(1, 1)), ErrorCode::NoCurrentRecord);
    // A record bymv leaves out (no mv: IgnoreNull): NoCurrentRecord, on the new
    // index, before its first entry.
    c.set_index(None).unwrap();
    goto_id(&mut c, 3);
    assert_eq!(
        code(c.set_index_with(Some("bymv"), SetIndexGrbit::NoMove, 1)),
        ErrorCode::NoCurrentRecord
    );
    assert_eq!(c.current_index_name(), Some("bymv"));
    c.move_next().unwrap();
    assert_eq!(c.retrieve_column(256, 1).unwrap().0, Some(Value::Long(8)));
    // An index without multi-valued columns ignores the itag sequence.
    c.set_index(None).unwrap();
    goto_id(&mut c, 3);
    c.set_index_with(Some("byval"), SetIndexGrbit::NoMove, 9)
        .unwrap();
    assert_eq!(id(&c), 3);
    // goto_bookmark on bymv lands on the entry of the first value.
    let bm3 = {
        let mut p = db.open_cursor("t").unwrap();
        goto_id(&mut p, 6);
        p.bookmark().unwrap()
    };
    c.set_index(Some("bymv")).unwrap();
    c.goto_bookmark(&bm3).unwrap();
    assert_eq!(id(&c), 6);
    c.move_prev().unwrap();
    assert_eq!(c.retrieve_column(256, 1).unwrap().0, Some(Value::Long(8)));
    assert_eq!(code(c.goto_bookmark(&[])), ErrorCode::InvalidBookmark);
}

#[test]
fn setting_the_current_index_again_keeps_the_position() {
    let (_p, db) = setup("same.edb");
    let mut c = db.open_cursor("t").unwrap();
    c.set_index(Some("byval")).unwrap();
    // A range over val 30..=60: ids 7, 6, 5, 4.
    c.make_key(&[Some(Value::Long(30))], KeyLimit::None)
        .unwrap();
    c.seek(SeekGrbit::Ge).unwrap();
    c.make_key(&[Some(Value::Long(60))], KeyLimit::FullColumnEnd)
        .unwrap();
    c.set_index_range(true).unwrap();
    assert_eq!(id(&c), 7);
    c.set_index(Some("BYVAL")).unwrap();
    assert_eq!(id(&c), 7);
    c.set_index_with(Some("byval"), SetIndexGrbit::NoMove, 3)
        .unwrap();
    assert_eq!(id(&c), 7);
    let mut ids = vec![id(&c)];
    while c.move_next().is_ok() {
        ids.push(id(&c));
    }
    assert_eq!(ids, [7, 6, 5, 4], "the range survives");
    // On the primary index: None, "" and its name.
    c.set_index(None).unwrap();
    goto_id(&mut c, 2);
    c.set_index(None).unwrap();
    c.set_index(Some("primary")).unwrap();
    c.set_index_with(Some(""), SetIndexGrbit::MoveFirst, 1)
        .unwrap();
    assert_eq!(id(&c), 2);
}

#[test]
fn secondary_index_bookmarks() {
    let (_p, db) = setup("secbm.edb");
    let mut c = db.open_cursor("t").unwrap();
    goto_id(&mut c, 2);
    let any = SecondaryBookmark {
        secondary_key: vec![0x7f],
        primary_bookmark: c.bookmark().unwrap(),
    };
    assert_eq!(code(c.secondary_bookmark()), ErrorCode::NoCurrentIndex);
    assert_eq!(
        code(c.goto_secondary_bookmark(&any)),
        ErrorCode::NoCurrentIndex
    );
    c.set_index(Some("bymv")).unwrap();
    assert_eq!(code(c.secondary_bookmark()), ErrorCode::NoCurrentRecord);
    // Every entry of the multi-valued index, then back to each one exactly.
    let mut all = Vec::new();
    c.move_first().unwrap();
    loop {
        all.push((
            c.secondary_bookmark().unwrap(),
            id(&c),
            c.bookmark().unwrap(),
        ));
        if c.move_next().is_err() {
            break;
        }
    }
    assert_eq!(all.len(), 15);
    for (i, (b, k, pb)) in all.iter().enumerate().rev() {
        c.goto_secondary_bookmark(b).unwrap();
        assert_eq!(id(&c), *k);
        assert_eq!(&c.bookmark().unwrap(), pb);
        assert_eq!(&c.secondary_bookmark().unwrap(), b);
        // Positioned on exactly that entry: the next one follows it.
        match all.get(i + 1) {
            Some(next) => {
                c.move_next().unwrap();
                assert_eq!(c.secondary_bookmark().unwrap(), next.0);
            }
            None => assert_eq!(code(c.move_next()), ErrorCode::NoCurrentRecord),
        }
    }
    // Empty parts are InvalidBookmark (the primary part only on a non-unique index).
    let (b, _, _) = all[3].clone();
    for bad in [
        SecondaryBookmark {
            secondary_key: Vec::new(),
            ..b.clone()
        },
        SecondaryBookmark {
            primary_bookmark: Vec::new(),
            ..b.clone()
        },
    ] {
        assert_eq!(
            code(c.goto_secondary_bookmark(&bad)),
            ErrorCode::InvalidBookmark
        );
    }
    // A range is reset and a prepared update cancelled.
    c.move_first().unwrap();
    c.make_key(&[Some(Value::Long(200))], KeyLimit::None)
        .unwrap();
    c.set_index_range(false).unwrap();
    c.prepare_update(Prep::Replace).unwrap();
    c.goto_secondary_bookmark(&all[0].0).unwrap();
    assert_eq!(code(c.update()), ErrorCode::UpdateNotPrepared);
    let mut n = 1;
    while c.move_next().is_ok() {
        n += 1;
    }
    assert_eq!(n, 15);
    // The record goes: RecordDeleted, no current entry.
    c.goto_secondary_bookmark(&b).unwrap();
    c.delete().unwrap();
    assert_eq!(
        code(c.goto_secondary_bookmark(&b)),
        ErrorCode::RecordDeleted
    );
    assert_eq!(code(c.retrieve_column(1, 1)), ErrorCode::NoCurrentRecord);
    // On a unique index the key now held by another record: RecordDeleted, and the
    // cursor stays on that other record's entry (ESE's rec.cxx).
    c.set_index(Some("bytxt")).unwrap();
    c.make_key(&[Some(Value::Text("t5".into()))], KeyLimit::None)
        .unwrap();
    c.seek(SeekGrbit::Eq).unwrap();
    let b5 = c.secondary_bookmark().unwrap();
    c.delete().unwrap();
    let mut r = row(50);
    r.set_value(128, Value::Text("t5".into()));
    db.insert("t", &r).unwrap();
    assert_eq!(
        code(c.goto_secondary_bookmark(&b5)),
        ErrorCode::RecordDeleted
    );
    assert_eq!(id(&c), 50);
    // Without the primary part a unique index finds the entry by its key alone.
    c.move_first().unwrap();
    c.goto_secondary_bookmark(&SecondaryBookmark {
        primary_bookmark: Vec::new(),
        ..b5
    })
    .unwrap();
    assert_eq!(id(&c), 50);
}

#[test]
fn index_record_count() {
    let (_p, db) = setup("count.edb");
    let t = db.table("t").unwrap();
    assert_eq!(t.index_count(), 5);
    assert_eq!(t.index_entry_count("primary").unwrap(), 10);
    assert_eq!(t.index_entry_count("byval").unwrap(), 10);
    assert_eq!(t.index_entry_count("bymv").unwrap(), 15);
    assert_eq!(t.index_entry_count("empty").unwrap(), 10);
    assert_eq!(code(t.index_entry_count("nope")), ErrorCode::IndexNotFound);
    let mut c = db.open_cursor("t").unwrap();
    // A cursor not positioned yet counts the whole index (ESE's deferred move-first).
    assert_eq!(c.index_record_count(0).unwrap(), 10);
    assert_eq!(c.index_record_count(4).unwrap(), 4);
    c.set_index(Some("bymv")).unwrap();
    assert_eq!(c.index_record_count(0).unwrap(), 15);
    assert_eq!(c.index_record_count(100).unwrap(), 15);
    assert_eq!(c.index_record_count(1).unwrap(), 1);
    // From the current entry, itself included; the cursor does not move.
    c.move_first().unwrap();
    c.move_by(5).unwrap();
    let here = c.secondary_bookmark().unwrap();
    assert_eq!(c.index_record_count(0).unwrap(), 10);
    assert_eq!(c.secondary_bookmark().unwrap(), here);
    // Within an index range: mv descending, from 204 down to 100 (exclusive).
    c.set_index(Some("bymv")).unwrap();
    c.make_key(&[Some(Value::Long(204))], KeyLimit::None)
        .unwrap();
    c.seek(SeekGrbit::Eq).unwrap();
    c.make_key(&[Some(Value::Long(100))], KeyLimit::None)
        .unwrap();
    c.set_index_range(false).unwrap();
    // 204, 202, 200, 108, 106, 104, 102: 7 entries before the key of 100.
    assert_eq!(c.index_record_count(0).unwrap(), 7);
    assert_eq!(c.index_record_count(3).unwrap(), 3);
    // Off the end: NoCurrentRecord.
    c.move_last().unwrap();
    assert_eq!(c.index_record_count(0).unwrap(), 1);
    assert_eq!(code(c.move_next()), ErrorCode::NoCurrentRecord);
    assert_eq!(code(c.index_record_count(0)), ErrorCode::NoCurrentRecord);
    // An index without entries: 0.
    let mut e = db.open_cursor("t").unwrap();
    for k in 0..10 {
        goto_id(&mut e, k);
        e.prepare_update(Prep::Replace).unwrap();
        e.set_column(2, None, 1).unwrap();
        e.update().unwrap();
    }
    e.set_index(Some("empty")).unwrap();
    assert_eq!(e.index_record_count(0).unwrap(), 0);
    assert_eq!(
        db.table("t").unwrap().index_entry_count("empty").unwrap(),
        0
    );
    assert_eq!(code(e.move_first()), ErrorCode::NoCurrentRecord);
}
