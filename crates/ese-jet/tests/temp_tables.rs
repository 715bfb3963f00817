//! Temporary tables through the Jet API: a sort read back in key order, duplicates
//! removed, seeks and ranges on an indexed table, updates, and the errors of what a
//! temporary table does not do.

mod common;
use common::*;
use ese_jet::consts::*;
use ese_jet::*;

fn coldef(coltyp: u32, grbit: JET_GRBIT) -> JET_COLUMNDEF {
    JET_COLUMNDEF {
        coltyp,
        grbit,
        cp: if coltyp == JET_coltypText { 1252 } else { 0 },
        ..Default::default()
    }
}

#[test]
fn a_sort_reads_back_in_key_order_without_duplicates() {
    let e = Env::new("tt-sort");
    let (t, ids) = jet_open_temp_table(
        e.ses,
        &[
            coldef(JET_coltypText, JET_bitColumnTTKey),
            coldef(JET_coltypLong, 0),
        ],
        0,
    )
    .unwrap();
    assert_eq!(ids.len(), 2);
    for (name, n) in [("pear", 1), ("apple", 2), ("fig", 3), ("apple", 4)] {
        jet_prepare_update(e.ses, t, JET_prepInsert).unwrap();
        jet_set_column(e.ses, t, ids[0], Some(name.as_bytes()), 0, None).unwrap();
        jet_set_column(e.ses, t, ids[1], Some(&long(n)), 0, None).unwrap();
        jet_update(e.ses, t).unwrap();
    }
    // Reading during the insert phase is refused.
    assert_eq!(
        code(jet_retrieve_column(e.ses, t, ids[0], &mut [0; 8], 0, None)),
        -1312
    );
    jet_move(e.ses, t, JET_MoveFirst, 0).unwrap();
    let mut seen = Vec::new();
    loop {
        let name = String::from_utf8(get(e.ses, t, ids[0]).unwrap()).unwrap();
        seen.push((name, get_long(e.ses, t, ids[1]).unwrap()));
        if jet_move(e.ses, t, JET_MoveNext, 0).is_err() {
            break;
        }
    }
    assert_eq!(
        seen,
        vec![("apple".into(), 2), ("fig".into(), 3), ("pear".into(), 1)]
    );
    // A plain sort neither scrolls back nor seeks.
    assert_eq!(code(jet_move(e.ses, t, JET_MovePrevious, 0)), -1312);
    assert_eq!(code(jet_index_record_count(e.ses, t, 0)), -1312);
    assert_eq!(code(jet_dup_cursor(e.ses, t, 0)), -1312);
    jet_close_table(e.ses, t).unwrap();
    assert_eq!(
        code(jet_move(e.ses, t, JET_MoveFirst, 0)),
        JET_errInvalidTableId
    );
}

#[test]
fn an_indexed_updatable_table_seeks_and_changes() {
    let e = Env::new("tt-indexed");
    let (t, ids) = jet_open_temp_table(
        e.ses,
        &[
            coldef(JET_coltypLong, JET_bitColumnTTKey),
            coldef(JET_coltypLong, 0),
        ],
        JET_bitTTIndexed | JET_bitTTUpdatable | JET_bitTTScrollable,
    )
    .unwrap();
    for k in [5, 1, 3, 9, 7] {
        jet_prepare_update(e.ses, t, JET_prepInsert).unwrap();
        jet_set_column(e.ses, t, ids[0], Some(&long(k)), 0, None).unwrap();
        jet_set_column(e.ses, t, ids[1], Some(&long(k * 10)), 0, None).unwrap();
        jet_update(e.ses, t).unwrap();
    }
    assert_eq!(
        seek_long(e.ses, t, 4, JET_bitSeekGE).unwrap(),
        Some(Warning::SeekNotEqual)
    );
    assert_eq!(get_long(e.ses, t, ids[0]), Some(5));
    assert_eq!(
        code(seek_long(e.ses, t, 4, JET_bitSeekEQ)),
        JET_errRecordNotFound
    );
    seek_long(e.ses, t, 3, JET_bitSeekEQ).unwrap();
    jet_make_key(e.ses, t, Some(&long(7)), JET_bitNewKey).unwrap();
    jet_set_index_range(e.ses, t, JET_bitRangeUpperLimit | JET_bitRangeInclusive).unwrap();
    let mut ks = vec![get_long(e.ses, t, ids[0]).unwrap()];
    while jet_move(e.ses, t, JET_MoveNext, 0).is_ok() {
        ks.push(get_long(e.ses, t, ids[0]).unwrap());
    }
    assert_eq!(ks, vec![3, 5, 7]);
    jet_move(e.ses, t, JET_MoveLast, 0).unwrap();
    jet_move(e.ses, t, JET_MovePrevious, 0).unwrap();
    assert_eq!(get_long(e.ses, t, ids[0]), Some(7));
    jet_prepare_update(e.ses, t, JET_prepReplace).unwrap();
    jet_set_column(e.ses, t, ids[1], Some(&long(-1)), 0, None).unwrap();
    jet_update(e.ses, t).unwrap();
    assert_eq!(get_long(e.ses, t, ids[1]), Some(-1));
    jet_delete(e.ses, t).unwrap();
    jet_move(e.ses, t, JET_MoveFirst, 0).unwrap();
    let mut cols = [JET_RETRIEVECOLUMN {
        columnid: ids[1],
        itagSequence: 0,
        ..Default::default()
    }];
    jet_retrieve_columns(e.ses, t, &mut cols).unwrap();
    assert_eq!(cols[0].itagSequence, 1);
    assert!(!jet_get_bookmark(e.ses, t).unwrap().is_empty());
    assert_eq!(
        code(jet_set_column(e.ses, t, ids[1], Some(&[1]), 0, None)),
        JET_errInvalidBufferSize
    );
    assert_eq!(
        code(jet_set_column(e.ses, t, 77, Some(&long(1)), 0, None)),
        JET_errColumnNotFound
    );
    // Ending the session closes (and deletes) the table.
    jet_end_session(e.ses, 0).unwrap();
}

#[test]
fn temporary_tables_can_be_switched_off() {
    let i = Inst::new("tt-off");
    let ses = jet_begin_session(i.inst, None, None).unwrap();
    assert_eq!(
        code(jet_open_temp_table(ses, &[coldef(13, 0)], 0)),
        JET_errInvalidColumnType
    );
    assert_eq!(
        code(jet_open_temp_table(
            ses,
            &[coldef(JET_coltypLong, 0)],
            0x8000_0000
        )),
        JET_errInvalidGrbit
    );
    jet_set_system_parameter(i.inst, 0, JET_paramMaxTemporaryTables, 0, None).unwrap_err();
    let j = jet_create_instance(Some("tt-disabled")).unwrap();
    let dir = TempDir::new("tt-off-2");
    jet_set_system_parameter(j, 0, JET_paramSystemPath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(j, 0, JET_paramLogFilePath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(j, 0, JET_paramMaxTemporaryTables, 0, None).unwrap();
    jet_init(Some(&mut j.clone())).unwrap();
    let s = jet_begin_session(j, None, None).unwrap();
    assert_eq!(
        code(jet_open_temp_table(
            s,
            &[coldef(JET_coltypLong, JET_bitColumnTTKey)],
            0
        )),
        -1701
    );
    jet_term(j).unwrap();
}

#[test]
fn the_tagged_column_walk_of_a_temporary_table() {
    let e = Env::new("tt-walk");
    let (t, ids) = jet_open_temp_table(
        e.ses,
        &[
            coldef(JET_coltypLong, JET_bitColumnTTKey),
            coldef(JET_coltypLongBinary, 0),
            coldef(JET_coltypLong, 0),
            coldef(JET_coltypLongBinary, 0),
        ],
        JET_bitTTIndexed | JET_bitTTUpdatable | JET_bitTTScrollable,
    )
    .unwrap();
    assert!(ids[1] >= 256 && ids[3] > ids[1] && ids[2] < 256, "{ids:?}");
    jet_prepare_update(e.ses, t, JET_prepInsert).unwrap();
    jet_set_column(e.ses, t, ids[0], Some(&long(1)), 0, None).unwrap();
    jet_set_column(e.ses, t, ids[2], Some(&long(2)), 0, None).unwrap();
    jet_set_column(e.ses, t, ids[3], Some(b"last"), 0, None).unwrap();
    jet_update(e.ses, t).unwrap();
    jet_move(e.ses, t, JET_MoveFirst, 0).unwrap();
    let mut buf = [0u8; 8];
    let mut info = JET_RETINFO {
        itagSequence: 1,
        ..Default::default()
    };
    let (n, w) = jet_retrieve_column(e.ses, t, 0, &mut buf, 0, Some(&mut info)).unwrap();
    assert_eq!(
        (&buf[..n], w, info.columnidNextTagged),
        (&b"last"[..], None, ids[3])
    );
    info.itagSequence = 2;
    let (n, w) = jet_retrieve_column(e.ses, t, 0, &mut buf, 0, Some(&mut info)).unwrap();
    assert_eq!(
        (n, w, info.columnidNextTagged),
        (0, Some(Warning::ColumnNull), 0)
    );
    let mut cols = [JET_RETRIEVECOLUMN {
        columnid: 0,
        itagSequence: 0,
        ..Default::default()
    }];
    jet_retrieve_columns(e.ses, t, &mut cols).unwrap();
    assert_eq!(cols[0].itagSequence, 1);
}

/// `JetRetrieveKey` and `JetMakeKey(JET_bitNormalizedKey)` on a temporary table: a record's
/// key seeks back to it, and a made key comes back with `JET_bitRetrieveCopy` (the spill
/// to a file: `cargo test -p ese --test temp_tables normalized_keys`).
#[test]
fn normalized_keys_of_a_temporary_table() {
    let e = Env::new("tt-normalized");
    let s = e.ses;
    let (t, ids) = jet_open_temp_table(
        s,
        &[
            coldef(JET_coltypText, JET_bitColumnTTKey),
            coldef(JET_coltypLong, 0),
        ],
        JET_bitTTIndexed | JET_bitTTUpdatable | JET_bitTTScrollable,
    )
    .unwrap();
    for (i, name) in ["pear", "apple", "fig", "kiwi"].iter().enumerate() {
        jet_prepare_update(s, t, JET_prepInsert).unwrap();
        jet_set_column(s, t, ids[0], Some(name.as_bytes()), 0, None).unwrap();
        jet_set_column(s, t, ids[1], Some(&long(i as i32)), 0, None).unwrap();
        jet_update(s, t).unwrap();
    }
    // Not while records are inserted.
    assert_eq!(code(jet_retrieve_key(s, t, 0)), JET_errIllegalOperation);
    // Each record's key, then a seek by it lands on that record.
    jet_move(s, t, JET_MoveFirst, 0).unwrap();
    assert_eq!(
        code(jet_retrieve_key(s, t, JET_bitRetrieveCopy)),
        JET_errKeyNotMade
    );
    let mut keys = Vec::new();
    loop {
        let name = String::from_utf8(get(s, t, ids[0]).unwrap()).unwrap();
        keys.push((jet_retrieve_key(s, t, 0).unwrap(), name));
        if jet_move(s, t, JET_MoveNext, 0).is_err() {
            break;
        }
    }
    assert_eq!(keys.len(), 4);
    assert!(
        keys.windows(2).all(|w| w[0].0 < w[1].0),
        "keys in the table's order"
    );
    for (key, name) in &keys {
        jet_make_key(s, t, Some(key), JET_bitNormalizedKey).unwrap();
        assert_eq!(jet_retrieve_key(s, t, JET_bitRetrieveCopy).unwrap(), *key);
        jet_seek(s, t, JET_bitSeekEQ).unwrap();
        assert_eq!(
            String::from_utf8(get(s, t, ids[0]).unwrap()).unwrap(),
            *name
        );
    }
    // The same key as a value makes the same normalized key.
    jet_make_key(s, t, Some(b"fig"), JET_bitNewKey).unwrap();
    let fig = jet_retrieve_key(s, t, JET_bitRetrieveCopy).unwrap();
    assert!(keys.iter().any(|(k, n)| *k == fig && n == "fig"));
    // The table has one key column, which the normalized key counts as.
    jet_make_key(s, t, Some(&keys[0].0), JET_bitNormalizedKey).unwrap();
    assert_eq!(code(jet_make_key(s, t, Some(b"x"), 0)), JET_errKeyIsMade);
    // A key between two records: GE lands on the next.
    let mut between = keys[1].0.clone();
    between.push(0);
    jet_make_key(s, t, Some(&between), JET_bitNormalizedKey).unwrap();
    assert_eq!(
        jet_seek(s, t, JET_bitSeekGE).unwrap(),
        Some(Warning::SeekNotEqual)
    );
    assert_eq!(
        String::from_utf8(get(s, t, ids[0]).unwrap()).unwrap(),
        keys[2].1
    );
    jet_close_table(s, t).unwrap();
}

/// A key column made after a normalized key (`JetMakeKey` without `JET_bitNewKey` after
/// `JET_bitNormalizedKey`) is appended to it as the table's second key column.
#[test]
fn a_key_column_after_a_normalized_key() {
    let e = Env::new("tt-after-normalized");
    let s = e.ses;
    let (t, ids) = jet_open_temp_table(
        s,
        &[
            coldef(JET_coltypText, JET_bitColumnTTKey),
            coldef(JET_coltypLong, JET_bitColumnTTKey),
        ],
        JET_bitTTIndexed | JET_bitTTScrollable,
    )
    .unwrap();
    for (name, n) in [
        ("fig", 3),
        ("fig", 1),
        ("apple", 2),
        ("fig", 2),
        ("kiwi", 1),
    ] {
        insert(s, t, &[(ids[0], name.as_bytes()), (ids[1], &long(n))]).unwrap();
    }
    jet_move(s, t, JET_MoveFirst, 0).unwrap();
    // The first column's normalized key, as a key of that column alone makes it.
    jet_make_key(s, t, Some(b"fig"), JET_bitNewKey).unwrap();
    let fig = jet_retrieve_key(s, t, JET_bitRetrieveCopy).unwrap();
    // The whole key of ("fig", 2), made from values.
    jet_make_key(s, t, Some(&long(2)), 0).unwrap();
    let fig2 = jet_retrieve_key(s, t, JET_bitRetrieveCopy).unwrap();
    assert!(fig2.len() > fig.len() && fig2.starts_with(&fig));
    // The same key, the second column made after the normalized first.
    jet_make_key(s, t, Some(&fig), JET_bitNewKey | JET_bitNormalizedKey).unwrap();
    jet_make_key(s, t, Some(&long(2)), 0).unwrap();
    assert_eq!(jet_retrieve_key(s, t, JET_bitRetrieveCopy).unwrap(), fig2);
    jet_seek(s, t, JET_bitSeekEQ).unwrap();
    assert_eq!(get(s, t, ids[0]).unwrap(), b"fig");
    assert_eq!(get_long(s, t, ids[1]), Some(2));
    // Both columns given: no third.
    assert_eq!(
        code(jet_make_key(s, t, Some(&long(9)), 0)),
        JET_errKeyIsMade
    );
    // With a limit: the last record of "fig" and 1 to 2, then the first past "fig".
    jet_make_key(s, t, Some(&fig), JET_bitNewKey | JET_bitNormalizedKey).unwrap();
    jet_make_key(s, t, Some(&long(2)), JET_bitFullColumnEndLimit).unwrap();
    assert_eq!(jet_seek(s, t, JET_bitSeekLT).unwrap(), None);
    assert_eq!(get_long(s, t, ids[1]), Some(2));
    jet_move(s, t, JET_MoveNext, 0).unwrap();
    assert_eq!(get_long(s, t, ids[1]), Some(3));
    jet_close_table(s, t).unwrap();
}

/// `JetSetIndexRange` on a temporary table: an upper limit for moves forward, a lower one
/// (no `JET_bitRangeUpperLimit`) for moves backward, `JET_bitRangeInstantDuration` testing
/// the current record only, and `JET_bitRangeRemove`.
#[test]
fn index_ranges_of_a_temporary_table() {
    let e = Env::new("tt-ranges");
    let s = e.ses;
    let (t, ids) = jet_open_temp_table(
        s,
        &[coldef(JET_coltypLong, JET_bitColumnTTKey)],
        JET_bitTTIndexed | JET_bitTTScrollable,
    )
    .unwrap();
    for k in [5, 1, 3, 9, 7] {
        insert(s, t, &[(ids[0], &long(k))]).unwrap();
    }
    let walk = |grbit_move: i32| {
        let mut ks = vec![get_long(s, t, ids[0]).unwrap()];
        while jet_move(s, t, grbit_move, 0).is_ok() {
            ks.push(get_long(s, t, ids[0]).unwrap());
        }
        ks
    };
    // Removing a range that is not there.
    jet_move(s, t, JET_MoveFirst, 0).unwrap();
    assert_eq!(
        code(jet_set_index_range(s, t, JET_bitRangeRemove)),
        JET_errInvalidOperation
    );
    // A lower limit ends a walk backward: from 7 down to 3 inclusive.
    seek_long(s, t, 7, JET_bitSeekEQ).unwrap();
    jet_make_key(s, t, Some(&long(3)), JET_bitNewKey).unwrap();
    jet_set_index_range(s, t, JET_bitRangeInclusive).unwrap();
    assert_eq!(walk(JET_MovePrevious), vec![7, 5, 3]);
    // Exclusive: 7 down to 5.
    seek_long(s, t, 7, JET_bitSeekEQ).unwrap();
    jet_make_key(s, t, Some(&long(3)), JET_bitNewKey).unwrap();
    jet_set_index_range(s, t, 0).unwrap();
    assert_eq!(walk(JET_MovePrevious), vec![7, 5]);
    // The current record outside a lower limit.
    seek_long(s, t, 1, JET_bitSeekEQ).unwrap();
    jet_make_key(s, t, Some(&long(3)), JET_bitNewKey).unwrap();
    assert_eq!(
        code(jet_set_index_range(s, t, JET_bitRangeInclusive)),
        JET_errNoCurrentRecord
    );
    // Instant duration: the current record is tested, no range stays.
    seek_long(s, t, 5, JET_bitSeekEQ).unwrap();
    jet_make_key(s, t, Some(&long(3)), JET_bitNewKey).unwrap();
    assert_eq!(
        code(jet_set_index_range(
            s,
            t,
            JET_bitRangeUpperLimit | JET_bitRangeInclusive | JET_bitRangeInstantDuration
        )),
        JET_errNoCurrentRecord
    );
    seek_long(s, t, 3, JET_bitSeekEQ).unwrap();
    jet_make_key(s, t, Some(&long(5)), JET_bitNewKey).unwrap();
    jet_set_index_range(
        s,
        t,
        JET_bitRangeUpperLimit | JET_bitRangeInclusive | JET_bitRangeInstantDuration,
    )
    .unwrap();
    assert_eq!(walk(JET_MoveNext), vec![3, 5, 7, 9]);
    assert_eq!(
        code(jet_set_index_range(s, t, JET_bitRangeRemove)),
        JET_errInvalidOperation
    );
    // Removed: the walk goes on past the limit from where it stands.
    seek_long(s, t, 1, JET_bitSeekEQ).unwrap();
    jet_make_key(s, t, Some(&long(5)), JET_bitNewKey).unwrap();
    jet_set_index_range(s, t, JET_bitRangeUpperLimit | JET_bitRangeInclusive).unwrap();
    jet_move(s, t, JET_MoveNext, 0).unwrap();
    assert_eq!(get_long(s, t, ids[0]), Some(3));
    jet_set_index_range(s, t, JET_bitRangeRemove).unwrap();
    assert_eq!(get_long(s, t, ids[0]), Some(3));
    assert_eq!(walk(JET_MoveNext), vec![3, 5, 7, 9]);
    jet_close_table(s, t).unwrap();
}

/// A prepared update on a temporary table: `JET_bitRetrieveCopy` reads what it holds,
/// and `JetSetColumn` takes a table's grbits (long values appended, overwritten and
/// resized, unique multi-values).
#[test]
fn prepared_updates_of_a_temporary_table() {
    let e = Env::new("tt-prepared");
    let s = e.ses;
    let (t, ids) = jet_open_temp_table(
        s,
        &[
            coldef(JET_coltypLong, JET_bitColumnTTKey),
            coldef(JET_coltypLongBinary, 0),
            coldef(
                JET_coltypLong,
                JET_bitColumnTagged | JET_bitColumnMultiValued,
            ),
        ],
        JET_bitTTIndexed | JET_bitTTUpdatable | JET_bitTTScrollable,
    )
    .unwrap();
    let copy = |c: JET_COLUMNID| -> Option<Vec<u8>> {
        let mut buf = vec![0u8; 64];
        match jet_retrieve_column(s, t, c, &mut buf, JET_bitRetrieveCopy, None).unwrap() {
            (_, Some(Warning::ColumnNull)) => None,
            (n, _) => Some(buf[..n].to_vec()),
        }
    };
    // While records are inserted: a long value built in three appends, read back from
    // the copy before the update.
    jet_prepare_update(s, t, JET_prepInsert).unwrap();
    jet_set_column(s, t, ids[0], Some(&long(1)), 0, None).unwrap();
    for part in [&b"abc"[..], b"def", b"gh"] {
        jet_set_column(s, t, ids[1], Some(part), JET_bitSetAppendLV, None).unwrap();
    }
    assert_eq!(copy(ids[1]).as_deref(), Some(&b"abcdefgh"[..]));
    assert_eq!(copy(ids[0]), Some(long(1).to_vec()));
    assert_eq!(copy(ids[2]), None);
    // Overwritten inside and past its end, then an offset past the end.
    let at = |ib: u32| JET_SETINFO {
        ibLongValue: ib,
        itagSequence: 1,
    };
    jet_set_column(
        s,
        t,
        ids[1],
        Some(b"XY"),
        JET_bitSetOverwriteLV,
        Some(&at(2)),
    )
    .unwrap();
    jet_set_column(
        s,
        t,
        ids[1],
        Some(b"Z!"),
        JET_bitSetOverwriteLV,
        Some(&at(7)),
    )
    .unwrap();
    assert_eq!(copy(ids[1]).as_deref(), Some(&b"abXYefgZ!"[..]));
    assert_eq!(
        code(jet_set_column(
            s,
            t,
            ids[1],
            Some(b"q"),
            JET_bitSetOverwriteLV,
            Some(&at(20))
        )),
        JET_errColumnNoChunk
    );
    // Two values of the multi-valued column, a third refused as a duplicate.
    let add = JET_SETINFO {
        ibLongValue: 0,
        itagSequence: 0,
    };
    jet_set_column(s, t, ids[2], Some(&long(10)), 0, Some(&add)).unwrap();
    jet_set_column(s, t, ids[2], Some(&long(20)), 0, Some(&add)).unwrap();
    assert_eq!(
        code(jet_set_column(
            s,
            t,
            ids[2],
            Some(&long(10)),
            JET_bitSetUniqueMultiValues,
            Some(&add)
        )),
        JET_errMultiValuedDuplicate
    );
    assert_eq!(
        code(jet_set_column(s, t, ids[1], Some(b"x"), 0x1000_0000, None)),
        JET_errInvalidGrbit
    );
    jet_update(s, t).unwrap();
    for k in [2, 3] {
        insert(s, t, &[(ids[0], &long(k))]).unwrap();
    }
    seek_long(s, t, 1, JET_bitSeekEQ).unwrap();
    assert_eq!(get(s, t, ids[1]).as_deref(), Some(&b"abXYefgZ!"[..]));
    assert_eq!(get_itag(s, t, ids[2], 1), Some(long(10).to_vec()));
    assert_eq!(get_itag(s, t, ids[2], 2), Some(long(20).to_vec()));
    // Grbits that change nothing on a temporary table.
    for grbit in [
        JET_bitRetrieveIgnoreDefault,
        JET_bitRetrieveFromIndex,
        JET_bitRetrieveFromPrimaryBookmark,
    ] {
        let mut buf = [0u8; 4];
        jet_retrieve_column(s, t, ids[0], &mut buf, grbit, None).unwrap();
        assert_eq!(buf, long(1), "grbit {grbit:#x}");
    }
    // A replace: the copy starts as the record, an append extends the record's value,
    // a resize cuts it; without the copy bit the record is read as it is.
    jet_prepare_update(s, t, JET_prepReplace).unwrap();
    assert_eq!(copy(ids[1]).as_deref(), Some(&b"abXYefgZ!"[..]));
    jet_set_column(s, t, ids[1], Some(b"++"), JET_bitSetAppendLV, None).unwrap();
    assert_eq!(copy(ids[1]).as_deref(), Some(&b"abXYefgZ!++"[..]));
    jet_set_column(s, t, ids[1], Some(&[0; 4]), JET_bitSetSizeLV, None).unwrap();
    assert_eq!(copy(ids[1]).as_deref(), Some(&b"abXY"[..]));
    assert_eq!(get(s, t, ids[1]).as_deref(), Some(&b"abXYefgZ!"[..]));
    jet_set_column(
        s,
        t,
        ids[2],
        None,
        JET_bitSetRevertToDefaultValue,
        Some(&at(1)),
    )
    .unwrap();
    assert_eq!(copy(ids[2]), Some(long(20).to_vec()));
    jet_update(s, t).unwrap();
    assert_eq!(get(s, t, ids[1]).as_deref(), Some(&b"abXY"[..]));
    assert_eq!(get_itag(s, t, ids[2], 1), Some(long(20).to_vec()));
    assert_eq!(get_itag(s, t, ids[2], 2), None);
    // A move ends the prepared update: the copy is the record again.
    jet_prepare_update(s, t, JET_prepReplace).unwrap();
    jet_set_column(s, t, ids[1], Some(b"gone"), 0, None).unwrap();
    jet_move(s, t, JET_MoveNext, 0).unwrap();
    jet_move(s, t, JET_MovePrevious, 0).unwrap();
    assert_eq!(copy(ids[1]).as_deref(), Some(&b"abXY"[..]));
    assert_eq!(
        code(jet_set_column(
            s,
            t,
            ids[1],
            Some(b"x"),
            JET_bitSetAppendLV,
            None
        )),
        JET_errUpdateNotPrepared
    );
    jet_close_table(s, t).unwrap();
}

/// `JET_prepReadOnlyCopy` on a temporary table, as on a table: inside a transaction, the
/// current record copied for `JET_bitRetrieveCopy`; nothing can be set or updated through
/// it; a move, a seek or `JET_prepCancel` ends it.
#[test]
fn a_read_only_copy_of_a_temporary_table() {
    let e = Env::new("tt-read-only-copy");
    let s = e.ses;
    let (t, ids) = jet_open_temp_table(
        s,
        &[
            coldef(JET_coltypLong, JET_bitColumnTTKey),
            coldef(JET_coltypLong, 0),
        ],
        JET_bitTTIndexed | JET_bitTTUpdatable | JET_bitTTScrollable,
    )
    .unwrap();
    for k in [1, 2] {
        insert(s, t, &[(ids[0], &long(k)), (ids[1], &long(k * 10))]).unwrap();
    }
    seek_long(s, t, 2, JET_bitSeekEQ).unwrap();
    assert_eq!(
        code(jet_prepare_update(s, t, JET_prepReadOnlyCopy)),
        JET_errNotInTransaction
    );
    jet_begin_transaction(s).unwrap();
    jet_prepare_update(s, t, JET_prepReadOnlyCopy).unwrap();
    let copy = |c| {
        let mut buf = [0u8; 4];
        jet_retrieve_column(s, t, c, &mut buf, JET_bitRetrieveCopy, None).unwrap();
        buf
    };
    assert_eq!(copy(ids[1]), long(20));
    assert_eq!(
        code(jet_set_column(s, t, ids[1], Some(&long(5)), 0, None)),
        JET_errUpdateNotPrepared
    );
    assert_eq!(code(jet_update(s, t)), JET_errUpdateNotPrepared);
    assert_eq!(
        code(jet_prepare_update(s, t, JET_prepReplace)),
        JET_errAlreadyPrepared
    );
    assert_eq!(
        code(jet_prepare_update(s, t, JET_prepReadOnlyCopy)),
        JET_errAlreadyPrepared
    );
    jet_prepare_update(s, t, JET_prepCancel).unwrap();
    // A move ends it: a replace can be prepared after one.
    jet_prepare_update(s, t, JET_prepReadOnlyCopy).unwrap();
    jet_move(s, t, JET_MovePrevious, 0).unwrap();
    jet_prepare_update(s, t, JET_prepReplace).unwrap();
    assert_eq!(copy(ids[1]), long(10));
    jet_prepare_update(s, t, JET_prepCancel).unwrap();
    jet_commit_transaction(s, 0).unwrap();
    jet_close_table(s, t).unwrap();
}

/// `JET_paramTempPath`: a relative path resolves against the system path, and a folder
/// (a path ending in a separator) holds the temporary database; a temporary table that
/// outgrows memory spills into that folder and leaves nothing there once closed. A
/// second instance naming the same temporary database is refused with
/// `JET_errTempPathInUse`.
#[test]
fn a_temporary_table_spills_into_the_temp_path_folder() {
    let dir = TempDir::new("tt-temppath");
    let scratch = dir.0.join("scratch");
    let inst = jet_create_instance(Some("tt-temppath-a")).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramSystemPath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramLogFilePath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramTempPath, 0, Some("scratch/")).unwrap();
    // The folder is not there: refused unless the instance may make it.
    assert_eq!(code(jet_init(Some(&mut inst.clone()))), JET_errInvalidPath);
    jet_set_system_parameter(inst, 0, JET_paramCreatePathIfNotExist, 1, None).unwrap();
    jet_init(Some(&mut inst.clone())).unwrap();
    assert!(scratch.is_dir());
    let spilled = || {
        std::fs::read_dir(&scratch)
            .unwrap()
            .filter(|e| {
                let name = e.as_ref().unwrap().file_name();
                name.to_string_lossy().starts_with("ese-temp-")
            })
            .count()
    };
    let ses = jet_begin_session(inst, None, None).unwrap();
    let (t, ids) = jet_open_temp_table(
        ses,
        &[
            coldef(JET_coltypLong, JET_bitColumnTTKey),
            coldef(JET_coltypLongBinary, 0),
        ],
        JET_bitTTIndexed | JET_bitTTUpdatable | JET_bitTTScrollable,
    )
    .unwrap();
    // 12 MiB of values: past the 8 MiB a temporary table keeps in memory.
    let value = vec![0x5Au8; 4096];
    for k in 0..3072 {
        jet_prepare_update(ses, t, JET_prepInsert).unwrap();
        jet_set_column(ses, t, ids[0], Some(&long(k)), 0, None).unwrap();
        jet_set_column(ses, t, ids[1], Some(&value), 0, None).unwrap();
        jet_update(ses, t).unwrap();
    }
    assert_eq!(
        spilled(),
        1,
        "the spilled table's file in the temp path's folder"
    );
    jet_move(ses, t, JET_MoveLast, 0).unwrap();
    assert_eq!(get_long(ses, t, ids[0]).unwrap(), 3071);
    assert_eq!(get(ses, t, ids[1]).unwrap(), value);
    jet_close_table(ses, t).unwrap();
    assert_eq!(spilled(), 0, "removed when the table closes");

    // The same temporary database named from another instance's folders.
    let other = TempDir::new("tt-temppath-b");
    let b = jet_create_instance(Some("tt-temppath-b")).unwrap();
    jet_set_system_parameter(b, 0, JET_paramSystemPath, 0, Some(other.s())).unwrap();
    jet_set_system_parameter(b, 0, JET_paramLogFilePath, 0, Some(other.s())).unwrap();
    let same = scratch.join("tmp.edb");
    jet_set_system_parameter(b, 0, JET_paramTempPath, 0, Some(same.to_str().unwrap())).unwrap();
    assert_eq!(code(jet_init(Some(&mut b.clone()))), JET_errTempPathInUse);
    jet_set_system_parameter(b, 0, JET_paramTempPath, 0, Some("tmp.edb")).unwrap();
    jet_init(Some(&mut b.clone())).unwrap();
    jet_term(b).unwrap();
    jet_end_session(ses, 0).unwrap();
    jet_term(inst).unwrap();
}
