//! Cursors: moves and the deferred first entry, index selection, keys and seeks with
//! their warnings, index ranges, bookmarks, counts and positions.

mod common;
use common::*;
use ese_jet::consts::*;
use ese_jet::*;

/// A table of (k, g, name): k 1..=10, g = k / 3, name "n{k}" (ASCII).
fn setup(tag: &str) -> (Env, JET_TABLEID, Vec<JET_COLUMNID>) {
    let e = Env::new(tag);
    let mut name = col("name", JET_coltypText, 0);
    name.cp = JET_cpANSI;
    let (t, ids) = table(
        e.ses,
        e.db,
        "t",
        vec![
            col("k", JET_coltypLong, 0),
            col("g", JET_coltypLong, 0),
            name,
        ],
        vec![
            idx("pk", "+k\0\0", JET_bitIndexPrimary),
            idx("byg", "+g\0\0", 0),
            idx("byname", "+name\0\0", 0),
        ],
    );
    for k in 1..=10 {
        let n = format!("n{k:02}");
        insert(
            e.ses,
            t,
            &[
                (ids[0], &long(k)),
                (ids[1], &long(k / 3)),
                (ids[2], n.as_bytes()),
            ],
        )
        .unwrap();
    }
    (e, t, ids)
}

#[test]
fn a_new_cursor_sits_on_a_deferred_first_record() {
    let (e, _, ids) = setup("deferred");
    let t = jet_open_table(e.ses, e.db, "t", None, 0).unwrap();
    assert_eq!(get_long(e.ses, t, ids[0]), Some(1));
    let t = jet_open_table(e.ses, e.db, "t", None, 0).unwrap();
    jet_move(e.ses, t, JET_MoveNext, 0).unwrap();
    assert_eq!(
        get_long(e.ses, t, ids[0]),
        Some(2),
        "MoveNext from the deferred first goes to the second"
    );
    let t = jet_open_table(e.ses, e.db, "t", None, 0).unwrap();
    assert_eq!(
        code(jet_move(e.ses, t, JET_MovePrevious, 0)),
        JET_errNoCurrentRecord
    );
    jet_move(e.ses, t, JET_MoveNext, 0).unwrap();
    assert_eq!(
        get_long(e.ses, t, ids[0]),
        Some(1),
        "before first, MoveNext lands on the first"
    );
    jet_move(e.ses, t, JET_MoveLast, 0).unwrap();
    assert_eq!(get_long(e.ses, t, ids[0]), Some(10));
    assert_eq!(
        code(jet_move(e.ses, t, JET_MoveNext, 0)),
        JET_errNoCurrentRecord
    );
    jet_move(e.ses, t, JET_MovePrevious, 0).unwrap();
    assert_eq!(get_long(e.ses, t, ids[0]), Some(10));
    jet_move(e.ses, t, -3, 0).unwrap();
    assert_eq!(get_long(e.ses, t, ids[0]), Some(7));
    jet_move(e.ses, t, 0, 0).unwrap();
    assert_eq!(code(jet_move(e.ses, t, 1, 0x10)), JET_errInvalidGrbit);
    // An empty table has no record for any move.
    let (empty, _) = table(
        e.ses,
        e.db,
        "empty",
        vec![col("k", JET_coltypLong, 0)],
        vec![],
    );
    assert_eq!(
        code(jet_move(e.ses, empty, JET_MoveFirst, 0)),
        JET_errNoCurrentRecord
    );
    assert_eq!(
        code(jet_move(e.ses, empty, JET_MoveNext, 0)),
        JET_errNoCurrentRecord
    );
    assert_eq!(
        code(jet_retrieve_column(e.ses, empty, 1, &mut [0; 4], 0, None)),
        JET_errNoCurrentRecord
    );
}

#[test]
fn secondary_indexes_keys_and_seeks() {
    let (e, t, ids) = setup("seek");
    assert_eq!(
        code(jet_set_current_index(e.ses, t, Some("nope"))),
        JET_errIndexNotFound
    );
    jet_set_current_index(e.ses, t, Some("byg")).unwrap();
    assert_eq!(jet_get_current_index(e.ses, t).unwrap(), "byg");
    assert_eq!(
        scan_long(e.ses, t, ids[1]),
        vec![0, 0, 1, 1, 1, 2, 2, 2, 3, 3]
    );
    assert_eq!(code(jet_seek(e.ses, t, JET_bitSeekEQ)), JET_errKeyNotMade);
    assert_eq!(
        code(jet_make_key(e.ses, t, Some(&long(1)), 0)),
        JET_errKeyNotMade
    );
    jet_make_key(e.ses, t, Some(&long(2)), JET_bitNewKey).unwrap();
    assert_eq!(
        code(jet_make_key(e.ses, t, Some(&long(2)), 0)),
        JET_errKeyIsMade
    );
    assert_eq!(code(jet_seek(e.ses, t, 0)), JET_errInvalidParameter);
    assert_eq!(
        code(jet_seek(e.ses, t, JET_bitSeekEQ | JET_bitSeekGE)),
        JET_errInvalidGrbit
    );
    assert_eq!(jet_seek(e.ses, t, JET_bitSeekEQ).unwrap(), None);
    assert_eq!(
        get_long(e.ses, t, ids[0]),
        Some(6),
        "the first record of the key"
    );
    assert_eq!(
        code(jet_make_key(e.ses, t, Some(&[1, 2]), JET_bitNewKey)),
        JET_errInvalidBufferSize
    );
    assert_eq!(
        code(seek_long(e.ses, t, 9, JET_bitSeekEQ)),
        JET_errRecordNotFound
    );
    assert_eq!(
        seek_long(e.ses, t, 9, JET_bitSeekLE).unwrap(),
        Some(Warning::SeekNotEqual)
    );
    assert_eq!(get_long(e.ses, t, ids[1]), Some(3));
    assert_eq!(
        code(seek_long(e.ses, t, 9, JET_bitSeekGE)),
        JET_errRecordNotFound
    );
    assert_eq!(seek_long(e.ses, t, 1, JET_bitSeekGT).unwrap(), None);
    assert_eq!(get_long(e.ses, t, ids[0]), Some(6));
    assert_eq!(seek_long(e.ses, t, 1, JET_bitSeekLT).unwrap(), None);
    assert_eq!(get_long(e.ses, t, ids[0]), Some(2));
    // CheckUniqueness.
    jet_set_current_index(e.ses, t, None).unwrap();
    assert_eq!(
        seek_long(e.ses, t, 4, JET_bitSeekEQ | JET_bitCheckUniqueness).unwrap(),
        Some(Warning::UniqueKey)
    );
    jet_set_current_index(e.ses, t, Some("byg")).unwrap();
    assert_eq!(
        seek_long(e.ses, t, 1, JET_bitSeekEQ | JET_bitCheckUniqueness).unwrap(),
        None
    );
    // MoveKeyNE skips the duplicates.
    jet_move(e.ses, t, JET_MoveFirst, 0).unwrap();
    jet_move(e.ses, t, JET_MoveNext, JET_bitMoveKeyNE).unwrap();
    assert_eq!(get_long(e.ses, t, ids[1]), Some(1));
    jet_move(e.ses, t, JET_MoveNext, JET_bitMoveKeyNE).unwrap();
    assert_eq!(get_long(e.ses, t, ids[1]), Some(2));
    // A text key with a prefix range.
    jet_set_current_index(e.ses, t, Some("byname")).unwrap();
    jet_make_key(e.ses, t, Some(b"n0"), JET_bitNewKey).unwrap();
    jet_seek(e.ses, t, JET_bitSeekGE).unwrap();
    jet_make_key(
        e.ses,
        t,
        Some(b"n0"),
        JET_bitNewKey | JET_bitPartialColumnEndLimit,
    )
    .unwrap();
    jet_set_index_range(e.ses, t, JET_bitRangeUpperLimit | JET_bitRangeInclusive).unwrap();
    let mut n = 1;
    while jet_move(e.ses, t, JET_MoveNext, 0).is_ok() {
        n += 1;
    }
    assert_eq!(n, 9, "n01..n09");
    assert_eq!(
        code(jet_make_key(
            e.ses,
            t,
            Some(b"a"),
            JET_bitNewKey | JET_bitFullColumnEndLimit | JET_bitStrLimit
        )),
        JET_errInvalidGrbit
    );
    // A normalized key read from an entry seeks back to it.
    jet_make_key(e.ses, t, Some(b"n07"), JET_bitNewKey).unwrap();
    jet_seek(e.ses, t, JET_bitSeekEQ).unwrap();
    let key = jet_retrieve_key(e.ses, t, 0).unwrap();
    jet_move(e.ses, t, JET_MoveFirst, 0).unwrap();
    jet_make_key(e.ses, t, Some(&key), JET_bitNewKey | JET_bitNormalizedKey).unwrap();
    assert_eq!(
        jet_retrieve_key(e.ses, t, JET_bitRetrieveCopy).unwrap(),
        key
    );
    assert_eq!(
        code(jet_make_key(e.ses, t, Some(b"x"), 0)),
        JET_errKeyIsMade,
        "no segment after a normalized key"
    );
    assert_eq!(jet_seek(e.ses, t, JET_bitSeekEQ).unwrap(), None);
    assert_eq!(get_long(e.ses, t, ids[0]), Some(7));
    // Without JET_bitNewKey, and past the entry: GT lands on the next one.
    jet_make_key(e.ses, t, Some(&key), JET_bitNormalizedKey).unwrap();
    jet_seek(e.ses, t, JET_bitSeekGT).unwrap();
    assert_eq!(get_long(e.ses, t, ids[0]), Some(8));
    // Longer than a key with its limit byte and than 255 bytes: refused, and the
    // key made before stays.
    assert_eq!(
        code(jet_make_key(
            e.ses,
            t,
            Some(&[0x7F; 300]),
            JET_bitNewKey | JET_bitNormalizedKey
        )),
        JET_errInvalidParameter
    );
    assert_eq!(
        jet_retrieve_key(e.ses, t, JET_bitRetrieveCopy).unwrap(),
        key
    );
}

#[test]
fn index_ranges() {
    let (e, t, ids) = setup("range");
    jet_set_current_index(e.ses, t, Some("byg")).unwrap();
    assert_eq!(
        code(jet_set_index_range(e.ses, t, JET_bitRangeRemove)),
        JET_errInvalidOperation
    );
    // SeekEQ | SetIndexRange visits exactly the duplicates.
    seek_long(e.ses, t, 2, JET_bitSeekEQ | JET_bitSetIndexRange).unwrap();
    let mut ks = vec![get_long(e.ses, t, ids[0]).unwrap()];
    while jet_move(e.ses, t, JET_MoveNext, 0).is_ok() {
        ks.push(get_long(e.ses, t, ids[0]).unwrap());
    }
    assert_eq!(ks, vec![6, 7, 8]);
    // An explicit range, counted, then removed.
    seek_long(e.ses, t, 1, JET_bitSeekEQ).unwrap();
    jet_make_key(e.ses, t, Some(&long(2)), JET_bitNewKey).unwrap();
    jet_set_index_range(e.ses, t, JET_bitRangeUpperLimit | JET_bitRangeInclusive).unwrap();
    assert_eq!(jet_index_record_count(e.ses, t, 0).unwrap(), 6);
    assert_eq!(jet_index_record_count(e.ses, t, 4).unwrap(), 4);
    jet_set_index_range(e.ses, t, JET_bitRangeRemove).unwrap();
    assert_eq!(jet_index_record_count(e.ses, t, 0).unwrap(), 8);
    // Exclusive upper limit; a current entry outside the range.
    seek_long(e.ses, t, 1, JET_bitSeekEQ).unwrap();
    jet_make_key(e.ses, t, Some(&long(2)), JET_bitNewKey).unwrap();
    jet_set_index_range(e.ses, t, JET_bitRangeUpperLimit).unwrap();
    assert_eq!(jet_index_record_count(e.ses, t, 0).unwrap(), 3);
    seek_long(e.ses, t, 3, JET_bitSeekEQ).unwrap();
    jet_make_key(e.ses, t, Some(&long(2)), JET_bitNewKey).unwrap();
    assert_eq!(
        code(jet_set_index_range(e.ses, t, JET_bitRangeUpperLimit)),
        JET_errNoCurrentRecord
    );
    // Lower limits end moves backward: from the last entry of g = 2 (k 8) down to
    // g = 1, inclusive (k 8..3) and not (k 8..6).
    for (grbit, want) in [
        (JET_bitRangeInclusive, vec![8, 7, 6, 5, 4, 3]),
        (0, vec![8, 7, 6]),
    ] {
        seek_long(e.ses, t, 2, JET_bitSeekLE).unwrap();
        jet_move(e.ses, t, JET_MoveNext, JET_bitMoveKeyNE).unwrap();
        jet_move(e.ses, t, JET_MovePrevious, 0).unwrap();
        jet_make_key(e.ses, t, Some(&long(1)), JET_bitNewKey).unwrap();
        jet_set_index_range(e.ses, t, grbit).unwrap();
        let mut ks = vec![get_long(e.ses, t, ids[0]).unwrap()];
        while jet_move(e.ses, t, JET_MovePrevious, 0).is_ok() {
            ks.push(get_long(e.ses, t, ids[0]).unwrap());
        }
        assert_eq!(ks, want, "lower limit, grbit {grbit:#x}");
        // The move out of the range removed it: the cursor walks on from the start.
        jet_move(e.ses, t, JET_MoveFirst, 0).unwrap();
        assert_eq!(get_long(e.ses, t, ids[1]), Some(0));
    }
    // A lower limit does not bound moves forward.
    seek_long(e.ses, t, 2, JET_bitSeekEQ).unwrap();
    jet_make_key(e.ses, t, Some(&long(2)), JET_bitNewKey).unwrap();
    jet_set_index_range(e.ses, t, JET_bitRangeInclusive).unwrap();
    assert_eq!(jet_index_record_count(e.ses, t, 0).unwrap(), 5);
    jet_move(e.ses, t, JET_MoveLast, 0).unwrap();
    assert_eq!(get_long(e.ses, t, ids[0]), Some(10));
    // A current entry below the lower limit.
    seek_long(e.ses, t, 0, JET_bitSeekEQ).unwrap();
    jet_make_key(e.ses, t, Some(&long(1)), JET_bitNewKey).unwrap();
    assert_eq!(
        code(jet_set_index_range(e.ses, t, JET_bitRangeInclusive)),
        JET_errNoCurrentRecord
    );
    // Instant duration tests and drops.
    seek_long(e.ses, t, 0, JET_bitSeekEQ).unwrap();
    jet_make_key(e.ses, t, Some(&long(0)), JET_bitNewKey).unwrap();
    jet_set_index_range(
        e.ses,
        t,
        JET_bitRangeUpperLimit | JET_bitRangeInclusive | JET_bitRangeInstantDuration,
    )
    .unwrap();
    assert_eq!(jet_index_record_count(e.ses, t, 0).unwrap(), 10);
    // MoveFirst drops a range.
    seek_long(e.ses, t, 0, JET_bitSeekEQ | JET_bitSetIndexRange).unwrap();
    jet_move(e.ses, t, JET_MoveFirst, 0).unwrap();
    assert_eq!(jet_index_record_count(e.ses, t, 0).unwrap(), 10);
}

#[test]
fn bookmarks_positions_and_set_index_no_move() {
    let (e, t, ids) = setup("bookmarks");
    seek_long(e.ses, t, 7, JET_bitSeekEQ).unwrap();
    let bm = jet_get_bookmark(e.ses, t).unwrap();
    assert_eq!(bm.len(), 5, "0x7F and the four key bytes");
    assert_eq!(jet_retrieve_key(e.ses, t, 0).unwrap(), bm);
    // The search key read back: the key made for the seek, the entry's own.
    assert_eq!(jet_retrieve_key(e.ses, t, JET_bitRetrieveCopy).unwrap(), bm);
    // With an end limit, one 0xFF byte after it; given back normalized it bounds
    // a range as the key it was read from does (k 5, 6, 7).
    jet_make_key(
        e.ses,
        t,
        Some(&long(7)),
        JET_bitNewKey | JET_bitFullColumnEndLimit,
    )
    .unwrap();
    let limit = jet_retrieve_key(e.ses, t, JET_bitRetrieveCopy).unwrap();
    assert_eq!(limit, [bm.as_slice(), &[0xFF]].concat());
    seek_long(e.ses, t, 5, JET_bitSeekEQ).unwrap();
    jet_make_key(e.ses, t, Some(&limit), JET_bitNewKey | JET_bitNormalizedKey).unwrap();
    jet_set_index_range(e.ses, t, JET_bitRangeUpperLimit | JET_bitRangeInclusive).unwrap();
    assert_eq!(jet_index_record_count(e.ses, t, 0).unwrap(), 3);
    // A new cursor has no search key.
    let t2 = jet_open_table(e.ses, e.db, "t", None, 0).unwrap();
    assert_eq!(
        code(jet_retrieve_key(e.ses, t2, JET_bitRetrieveCopy)),
        JET_errKeyNotMade
    );
    seek_long(e.ses, t, 7, JET_bitSeekEQ).unwrap();
    jet_move(e.ses, t, JET_MoveFirst, 0).unwrap();
    jet_goto_bookmark(e.ses, t, &bm).unwrap();
    assert_eq!(get_long(e.ses, t, ids[0]), Some(7));
    assert_eq!(
        code(jet_goto_bookmark(e.ses, t, &[])),
        JET_errInvalidBookmark
    );
    let pos = jet_get_record_position(e.ses, t).unwrap();
    assert_eq!((pos.centriesLT, pos.centriesTotal), (6, 10));
    jet_goto_position(
        e.ses,
        t,
        &JET_RECPOS {
            centriesLT: 1,
            centriesInRange: 1,
            centriesTotal: 2,
        },
    )
    .unwrap();
    assert_eq!(get_long(e.ses, t, ids[0]), Some(6));
    // NoMove keeps the record on the new index.
    jet_goto_bookmark(e.ses, t, &bm).unwrap();
    jet_set_current_index2(e.ses, t, Some("byg"), JET_bitNoMove).unwrap();
    assert_eq!(get_long(e.ses, t, ids[0]), Some(7));
    jet_move(e.ses, t, JET_MoveNext, 0).unwrap();
    assert_eq!(get_long(e.ses, t, ids[0]), Some(8));
    let (sk, pb) = jet_get_secondary_index_bookmark(e.ses, t).unwrap();
    jet_move(e.ses, t, JET_MoveFirst, 0).unwrap();
    jet_goto_secondary_index_bookmark(e.ses, t, &sk, &pb, 0).unwrap();
    assert_eq!(get_long(e.ses, t, ids[0]), Some(8));
    assert_eq!(
        code(jet_set_current_index2(e.ses, t, None, 0x40)),
        JET_errInvalidGrbit
    );
    // Deleted through the cursor: reads say RecordDeleted, a bookmark to it too.
    jet_set_current_index(e.ses, t, None).unwrap();
    jet_goto_bookmark(e.ses, t, &bm).unwrap();
    jet_delete(e.ses, t).unwrap();
    assert_eq!(
        code(jet_retrieve_column(e.ses, t, ids[0], &mut [0; 4], 0, None)),
        JET_errRecordDeleted
    );
    assert_eq!(code(jet_delete(e.ses, t)), JET_errRecordDeleted);
    jet_move(e.ses, t, JET_MoveNext, 0).unwrap();
    assert_eq!(get_long(e.ses, t, ids[0]), Some(8));
    assert_eq!(code(jet_goto_bookmark(e.ses, t, &bm)), JET_errRecordDeleted);
    // A duplicate cursor is independent.
    let d = jet_dup_cursor(e.ses, t, 0).unwrap();
    assert_eq!(get_long(e.ses, d, ids[0]), Some(1));
    assert_eq!(get_long(e.ses, t, ids[0]), Some(8));
    assert_eq!(code(jet_dup_cursor(e.ses, t, 1)), JET_errInvalidGrbit);
}

#[test]
fn sequential_hints_statistics_and_preread_keys() {
    let (e, t, ids) = setup("hints");
    let s = e.ses;
    // The hints change nothing a scan returns.
    jet_set_table_sequential(s, t, JET_bitPrereadForward).unwrap();
    assert_eq!(scan_long(s, t, ids[0]), (1..=10).collect::<Vec<_>>());
    jet_reset_table_sequential(s, t, 0).unwrap();
    assert_eq!(
        code(jet_set_table_sequential(s, 999_999, 0)),
        JET_errInvalidTableId
    );
    jet_compute_stats(s, t).unwrap();
    // Keys in the current index's order; every key is dealt with (pages are read when
    // a seek needs them).
    let (k1, k2) = (vec![0x7f, 0x80, 0, 0, 1], vec![0x7f, 0x80, 0, 0, 2]);
    assert_eq!(
        jet_preread_keys(s, t, &[&k1, &k2], JET_bitPrereadForward).unwrap(),
        2
    );
    jet_preread_keys(s, t, &[&k2, &k1, &k1], JET_bitPrereadBackward).unwrap();
    assert_eq!(
        code(jet_preread_keys(s, t, &[&k2, &k1], JET_bitPrereadForward)),
        JET_errInvalidParameter
    );
    assert_eq!(code(jet_preread_keys(s, t, &[&k1], 0)), JET_errInvalidGrbit);
    assert_eq!(
        code(jet_preread_keys(
            s,
            t,
            &[&k1],
            JET_bitPrereadForward | JET_bitPrereadBackward
        )),
        JET_errInvalidGrbit
    );
    assert_eq!(
        code(jet_preread_keys(s, t, &[], JET_bitPrereadForward)),
        JET_errInvalidParameter
    );
    let long_key = vec![1u8; 3000];
    assert_eq!(
        code(jet_preread_keys(s, t, &[&[][..]], JET_bitPrereadForward)),
        JET_errInvalidBufferSize
    );
    assert_eq!(
        code(jet_preread_keys(s, t, &[&long_key], JET_bitPrereadForward)),
        JET_errInvalidBufferSize
    );
}

#[test]
fn cursor_info_reports_other_sessions_uncommitted_changes() {
    let (e, t, ids) = setup("cursorinfo");
    let s = e.ses;
    let s2 = jet_begin_session(e.i.inst, None, None).unwrap();
    let (db2, _) = jet_open_database(s2, &e.file, None, 0).unwrap();
    let t2 = jet_open_table(s2, db2, "t", None, 0).unwrap();
    seek_long(s, t, 1, JET_bitSeekEQ).unwrap();
    jet_get_cursor_info(s, t, 0, 0).unwrap();
    assert_eq!(
        code(jet_get_cursor_info(s, t, 4, 0)),
        JET_errInvalidParameter
    );
    assert_eq!(
        code(jet_get_cursor_info(s, t, 0, 1)),
        JET_errInvalidParameter
    );
    // Another session's uncommitted replace: a conflict until it commits.
    jet_begin_transaction(s2).unwrap();
    seek_long(s2, t2, 1, JET_bitSeekEQ).unwrap();
    jet_prepare_update(s2, t2, JET_prepReplace).unwrap();
    jet_set_column(s2, t2, ids[1], Some(&long(42)), 0, None).unwrap();
    jet_update(s2, t2).unwrap();
    assert_eq!(code(jet_get_cursor_info(s, t, 0, 0)), JET_errWriteConflict);
    // Its own session sees no conflict.
    jet_get_cursor_info(s2, t2, 0, 0).unwrap();
    jet_commit_transaction(s2, 0).unwrap();
    jet_get_cursor_info(s, t, 0, 0).unwrap();
    // A write lock, until it is rolled back; other records are free.
    jet_begin_transaction(s2).unwrap();
    seek_long(s2, t2, 2, JET_bitSeekEQ).unwrap();
    jet_get_lock(s2, t2, JET_bitWriteLock).unwrap();
    seek_long(s, t, 2, JET_bitSeekEQ).unwrap();
    assert_eq!(code(jet_get_cursor_info(s, t, 0, 0)), JET_errWriteConflict);
    seek_long(s, t, 3, JET_bitSeekEQ).unwrap();
    jet_get_cursor_info(s, t, 0, 0).unwrap();
    jet_rollback(s2, 0).unwrap();
    seek_long(s, t, 2, JET_bitSeekEQ).unwrap();
    jet_get_cursor_info(s, t, 0, 0).unwrap();
    // Off a record.
    jet_move(s, t, JET_MoveLast, 0).unwrap();
    assert!(jet_move(s, t, JET_MoveNext, 0).is_err());
    assert_eq!(
        code(jet_get_cursor_info(s, t, 0, 0)),
        JET_errNoCurrentRecord
    );
    jet_end_session(s2, 0).unwrap();
}

#[test]
fn intersecting_index_ranges() {
    let (e, t, ids) = setup("intersect");
    let s = e.ses;
    let a = jet_open_table(s, e.db, "t", None, 0).unwrap();
    let b = jet_open_table(s, e.db, "t", None, 0).unwrap();
    // a: g in 1..=2 (k 3..=8); b: name in "n04"..="n09" (k 4..=9).
    jet_set_current_index(s, a, Some("byg")).unwrap();
    seek_long(s, a, 1, JET_bitSeekGE).unwrap();
    jet_make_key(s, a, Some(&long(2)), JET_bitNewKey).unwrap();
    jet_set_index_range(s, a, JET_bitRangeUpperLimit | JET_bitRangeInclusive).unwrap();
    jet_set_current_index(s, b, Some("byname")).unwrap();
    jet_make_key(s, b, Some(b"n04"), JET_bitNewKey).unwrap();
    jet_seek(s, b, JET_bitSeekGE).unwrap();
    jet_make_key(s, b, Some(b"n09"), JET_bitNewKey).unwrap();
    jet_set_index_range(s, b, JET_bitRangeUpperLimit | JET_bitRangeInclusive).unwrap();
    let r = |tableid| JET_INDEXRANGE {
        tableid,
        grbit: JET_bitRecordInIndex,
    };
    let list = jet_intersect_indexes(s, &[r(a), r(b)], 0).unwrap();
    assert_eq!(list.cRecord, 5);
    // The bookmarks, in order, lead to records 4..=8.
    let mut ks = Vec::new();
    jet_move(s, list.tableid, JET_MoveFirst, 0).unwrap();
    loop {
        let bm = get(s, list.tableid, list.columnidBookmark).unwrap();
        jet_goto_bookmark(s, t, &bm).unwrap();
        ks.push(get_long(s, t, ids[0]).unwrap());
        if jet_move(s, list.tableid, JET_MoveNext, 0).is_err() {
            break;
        }
    }
    assert_eq!(ks, vec![4, 5, 6, 7, 8]);
    jet_close_table(s, list.tableid).unwrap();
    // The cursors were walked to the ends of their ranges.
    assert_eq!(
        code(jet_intersect_indexes(s, &[r(a), r(b)], 0)),
        JET_errNoCurrentRecord
    );
    // Errors.
    assert_eq!(
        code(jet_intersect_indexes(s, &[], 0)),
        JET_errInvalidParameter
    );
    jet_set_current_index(s, a, Some("byname")).unwrap();
    assert_eq!(
        code(jet_intersect_indexes(s, &[r(a), r(b)], 0)),
        JET_errInvalidParameter
    );
    assert_eq!(
        code(jet_intersect_indexes(
            s,
            &[JET_INDEXRANGE {
                tableid: a,
                grbit: JET_bitRecordNotInIndex
            }],
            0
        )),
        JET_errInvalidGrbit
    );
    jet_set_current_index(s, a, None).unwrap();
    assert_eq!(
        code(jet_intersect_indexes(s, &[r(a)], 0)),
        JET_errInvalidParameter
    );
    // One range alone gives its own bookmarks (g = 3: records 9 and 10).
    jet_set_current_index(s, a, Some("byg")).unwrap();
    seek_long(s, a, 3, JET_bitSeekEQ).unwrap();
    jet_make_key(s, a, Some(&long(3)), JET_bitNewKey).unwrap();
    jet_set_index_range(s, a, JET_bitRangeUpperLimit | JET_bitRangeInclusive).unwrap();
    assert_eq!(jet_intersect_indexes(s, &[r(a)], 0).unwrap().cRecord, 2);
}

#[test]
fn local_storage_on_cursors_and_tables() {
    let (e, t, _) = setup("ls");
    let (ses, inst) = (e.ses, e.i.inst);
    assert_eq!(
        code(jet_set_ls(ses, t, 5, JET_bitLSCursor)),
        JET_errLSCallbackNotSpecified
    );
    let freed = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = freed.clone();
    let f: JET_RUNTIME_CALLBACK =
        std::sync::Arc::new(move |cbtyp, ls| log.lock().unwrap().push((cbtyp, ls)));
    assert_eq!(
        code(jet_set_runtime_callback(inst, 0, 0, Some(f.clone()))),
        JET_errInvalidParameter
    );
    jet_set_runtime_callback(inst, 0, 0x1234, Some(f)).unwrap();
    assert_eq!(
        jet_get_system_parameter(inst, 0, JET_paramRuntimeCallback, 0).unwrap(),
        ParamValue::Int(0x1234)
    );
    let freed_now = || freed.lock().unwrap().clone();

    // The cursor's value: set once, read, taken back with a reset (not freed then).
    assert_eq!(code(jet_get_ls(ses, t, 0)), JET_errLSNotSet);
    jet_set_ls(ses, t, 5, 0).unwrap();
    assert_eq!(code(jet_set_ls(ses, t, 6, 0)), JET_errLSAlreadySet);
    assert_eq!(jet_get_ls(ses, t, JET_bitLSCursor).unwrap(), 5);
    assert_eq!(
        code(jet_set_ls(ses, t, 6, JET_bitLSCursor | JET_bitLSTable)),
        JET_errInvalidGrbit
    );
    assert_eq!(code(jet_get_ls(ses, t, 0x100)), JET_errInvalidGrbit);
    assert_eq!(jet_get_ls(ses, t, JET_bitLSReset).unwrap(), 5);
    assert_eq!(jet_get_ls(ses, t, JET_bitLSReset).unwrap(), JET_LSNil);
    jet_set_ls(ses, t, 7, 0).unwrap();
    jet_set_ls(ses, t, 0, JET_bitLSReset).unwrap();
    assert_eq!(code(jet_get_ls(ses, t, 0)), JET_errLSNotSet);
    jet_set_ls(ses, t, 7, 0).unwrap();

    // Another cursor (a duplicate too) has a value of its own and shares the table's.
    let t2 = jet_dup_cursor(ses, t, 0).unwrap();
    assert_eq!(code(jet_get_ls(ses, t2, 0)), JET_errLSNotSet);
    assert_eq!(code(jet_get_ls(ses, t2, JET_bitLSTable)), JET_errLSNotSet);
    jet_set_ls(ses, t, 100, JET_bitLSTable).unwrap();
    assert_eq!(jet_get_ls(ses, t2, JET_bitLSTable).unwrap(), 100);
    assert_eq!(
        code(jet_set_ls(ses, t2, 101, JET_bitLSTable)),
        JET_errLSAlreadySet
    );
    assert!(freed_now().is_empty());

    // Closing a cursor frees its value, once.
    jet_close_table(ses, t).unwrap();
    assert_eq!(freed_now(), vec![(JET_cbtypFreeCursorLS, 7)]);

    // A renamed table keeps its value; detaching the database frees it.
    jet_close_table(ses, t2).unwrap();
    jet_rename_table(ses, e.db, "t", "u").unwrap();
    let u = jet_open_table(ses, e.db, "u", None, 0).unwrap();
    assert_eq!(jet_get_ls(ses, u, JET_bitLSTable).unwrap(), 100);
    jet_set_ls(ses, u, 8, 0).unwrap();
    // Ending the session closes the cursor and frees its value.
    jet_end_session(ses, 0).unwrap();
    assert_eq!(
        freed_now(),
        vec![(JET_cbtypFreeCursorLS, 7), (JET_cbtypFreeCursorLS, 8)]
    );
    let ses = jet_begin_session(inst, None, None).unwrap();
    jet_detach_database(ses, Some(&e.file)).unwrap();
    assert_eq!(freed_now()[2..], [(JET_cbtypFreeTableLS, 100)]);

    // Ending the instance frees the tables' values left.
    jet_attach_database(ses, &e.file, 0).unwrap();
    let (db, _) = jet_open_database(ses, &e.file, None, 0).unwrap();
    let u = jet_open_table(ses, db, "u", None, 0).unwrap();
    jet_set_ls(ses, u, 200, JET_bitLSTable).unwrap();
    // A table value taken back with a reset is the caller's.
    assert_eq!(
        jet_get_ls(ses, u, JET_bitLSTable | JET_bitLSReset).unwrap(),
        200
    );
    assert_eq!(code(jet_get_ls(ses, u, JET_bitLSTable)), JET_errLSNotSet);
    jet_set_ls(ses, u, 300, JET_bitLSTable).unwrap();
    jet_term(inst).unwrap();
    assert_eq!(
        freed_now()[3..],
        [(JET_cbtypFreeTableLS, 300)],
        "the cursor had no value; the table's is freed once"
    );
}

#[test]
fn preread_index_ranges_checks_ranges_as_ese() {
    let (e, t, ids) = setup("prereadranges");
    let s = e.ses;
    let eq = |v: i32| JET_INDEX_COLUMN {
        columnid: ids[0],
        relop: JET_relopEquals,
        pv: long(v).to_vec(),
        grbit: 0,
    };
    let range = |a: i32, b: i32| JET_INDEX_RANGE {
        rgStartColumns: vec![eq(a)],
        rgEndColumns: vec![eq(b)],
    };
    let fwd = JET_bitPrereadForward;
    let ranges = [range(1, 3), range(5, 5), range(7, 9)];
    assert_eq!(
        jet_preread_index_ranges(s, t, &ranges, true, &[], fwd).unwrap(),
        3
    );
    // Making the keys leaves the last one as the search key, as in ESE.
    assert_eq!(
        jet_seek(s, t, JET_bitSeekLE).unwrap(),
        Some(Warning::SeekNotEqual)
    );
    assert_eq!(get_long(s, t, ids[0]), Some(9));
    // A range without an end is its start's key; backward, the ends swap.
    let single = JET_INDEX_RANGE {
        rgStartColumns: vec![eq(4)],
        rgEndColumns: vec![],
    };
    assert_eq!(
        jet_preread_index_ranges(s, t, &[single], true, &[], fwd).unwrap(),
        1
    );
    let back = [range(9, 7), range(3, 1)];
    assert_eq!(
        jet_preread_index_ranges(s, t, &back, true, &[], JET_bitPrereadBackward).unwrap(),
        2
    );
    // Uncounted ranges may come in any order, not overlapping.
    let shuffled = [range(7, 9), range(1, 3)];
    jet_preread_index_ranges(s, t, &shuffled, false, &[], fwd).unwrap();
    assert_eq!(
        code(jet_preread_index_ranges(s, t, &shuffled, true, &[], fwd)),
        JET_errInvalidParameter
    );
    let overlapping = [range(1, 5), range(3, 9)];
    assert_eq!(
        code(jet_preread_index_ranges(
            s,
            t,
            &overlapping,
            false,
            &[],
            fwd
        )),
        JET_errInvalidParameter
    );
    assert_eq!(
        code(jet_preread_index_ranges(
            s,
            t,
            &[range(3, 1)],
            true,
            &[],
            fwd
        )),
        JET_errInvalidParameter
    );
    // Normalized keys: one value per end.
    let key = |v: i32| {
        jet_make_key(s, t, Some(&long(v)), JET_bitNewKey).unwrap();
        jet_retrieve_key(s, t, JET_bitRetrieveCopy).unwrap()
    };
    let norm = |a: i32, b: i32| JET_INDEX_RANGE {
        rgStartColumns: vec![JET_INDEX_COLUMN {
            pv: key(a),
            ..Default::default()
        }],
        rgEndColumns: vec![JET_INDEX_COLUMN {
            pv: key(b),
            ..Default::default()
        }],
    };
    let n = [norm(1, 2), norm(6, 8)];
    assert_eq!(
        jet_preread_index_ranges(s, t, &n, true, &[], fwd | JET_bitPrereadNormalizedKey).unwrap(),
        2
    );
    // Misuse.
    assert_eq!(
        code(jet_preread_index_ranges(s, t, &[], true, &[], fwd)),
        JET_errInvalidParameter
    );
    assert_eq!(
        code(jet_preread_index_ranges(s, t, &ranges, true, &[], 0)),
        JET_errInvalidGrbit
    );
    assert_eq!(
        code(jet_preread_index_ranges(
            s,
            t,
            &ranges,
            true,
            &[],
            fwd | 0x100
        )),
        JET_errInvalidGrbit
    );
    let mut not_equals = range(1, 3);
    not_equals.rgStartColumns[0].relop = JET_relopGreaterThan;
    assert_eq!(
        code(jet_preread_index_ranges(
            s,
            t,
            &[not_equals],
            true,
            &[],
            fwd
        )),
        JET_errInvalidParameter
    );
    let mut zero_length = range(1, 3);
    zero_length.rgEndColumns[0].grbit = JET_bitZeroLength;
    assert_eq!(
        code(jet_preread_index_ranges(
            s,
            t,
            &[zero_length],
            true,
            &[],
            fwd
        )),
        JET_errInvalidParameter
    );
    // Long values to read ahead: tagged long-value columns, on the primary index.
    assert_eq!(
        code(jet_preread_index_ranges(
            s,
            t,
            &ranges,
            true,
            &[ids[2]],
            fwd
        )),
        JET_errMustBeSeparateLongValue
    );
    let def = JET_COLUMNDEF {
        coltyp: JET_coltypLongBinary,
        grbit: JET_bitColumnTagged,
        ..Default::default()
    };
    let (blob, _) = jet_add_column(s, t, "blob", &def, None).unwrap();
    assert_eq!(
        jet_preread_index_ranges(s, t, &ranges, true, &[blob], fwd).unwrap(),
        3
    );
    jet_set_current_index(s, t, Some("byg")).unwrap();
    let by_g = [range(0, 1)];
    assert_eq!(
        code(jet_preread_index_ranges(s, t, &by_g, true, &[blob], fwd)),
        JET_errInvalidPreread
    );
    assert_eq!(
        jet_preread_index_ranges(s, t, &by_g, true, &[], fwd).unwrap(),
        1
    );
}

#[test]
fn cursor_filters_pass_over_records_on_the_primary_index() {
    let (e, _, ids) = setup("filter");
    let s = e.ses;
    let t = jet_open_table(s, e.db, "t", None, 0).unwrap();
    let cond = |c: JET_COLUMNID, relop: JET_RELOP, v: &[u8]| JET_INDEX_COLUMN {
        columnid: c,
        relop,
        pv: v.to_vec(),
        grbit: 0,
    };
    let k = |t| get_long(s, t, ids[0]).unwrap();
    let forward = |t| {
        let mut out = Vec::new();
        let mut r = jet_move(s, t, JET_MoveFirst, 0);
        while r.is_ok() {
            out.push(k(t));
            r = jet_move(s, t, JET_MoveNext, 0);
        }
        assert_eq!(code(r), JET_errNoCurrentRecord);
        out
    };
    // g = k / 3 is 1 for k 3, 4, 5. A new cursor's deferred first record is filtered too.
    jet_set_cursor_filter(s, t, &[cond(ids[1], JET_relopEquals, &long(1))], 0).unwrap();
    assert_eq!(k(t), 3);
    assert_eq!(forward(t), [3, 4, 5]);
    jet_move(s, t, JET_MoveLast, 0).unwrap();
    assert_eq!(k(t), 5);
    jet_move(s, t, JET_MovePrevious, 0).unwrap();
    assert_eq!(k(t), 4);
    jet_move(s, t, JET_MoveFirst, 0).unwrap();
    jet_move(s, t, 2, 0).unwrap();
    assert_eq!(k(t), 5);
    assert_eq!(code(jet_move(s, t, 0, 0)), JET_errFilteredMoveNotSupported);
    // Seeks land on records that meet it.
    assert_eq!(seek_long(s, t, 4, JET_bitSeekEQ).unwrap(), None);
    assert_eq!(
        code(seek_long(s, t, 7, JET_bitSeekEQ)),
        JET_errRecordNotFound
    );
    assert_eq!(
        seek_long(s, t, 1, JET_bitSeekGE).unwrap(),
        Some(Warning::SeekNotEqual)
    );
    assert_eq!(k(t), 3);
    assert_eq!(
        seek_long(s, t, 9, JET_bitSeekLE).unwrap(),
        Some(Warning::SeekNotEqual)
    );
    assert_eq!(k(t), 5);
    assert_eq!(
        code(seek_long(s, t, 5, JET_bitSeekGT)),
        JET_errRecordNotFound
    );
    // Several conditions all hold; ordering compares numbers, not bytes.
    jet_set_cursor_filter(
        s,
        t,
        &[
            cond(ids[0], JET_relopGreaterThan, &long(2)),
            cond(ids[0], JET_relopLessThanOrEqual, &long(8)),
            cond(ids[1], JET_relopNotEquals, &long(1)),
        ],
        0,
    )
    .unwrap();
    assert_eq!(forward(t), [6, 7, 8]);
    jet_set_cursor_filter(s, t, &[cond(ids[0], JET_relopLessThan, &long(-1))], 0).unwrap();
    assert_eq!(forward(t), Vec::<i32>::new());
    // Bitmasks of integers: g & 2 is not zero for g 2 and 3.
    jet_set_cursor_filter(
        s,
        t,
        &[cond(ids[1], JET_relopBitmaskNotEqualsZero, &long(2))],
        0,
    )
    .unwrap();
    assert_eq!(forward(t), [6, 7, 8, 9, 10]);
    jet_set_cursor_filter(
        s,
        t,
        &[cond(ids[1], JET_relopBitmaskEqualsZero, &long(3))],
        0,
    )
    .unwrap();
    assert_eq!(forward(t), [1, 2]);
    // NULL: no record's g is NULL.
    jet_set_cursor_filter(s, t, &[cond(ids[1], JET_relopEquals, &[])], 0).unwrap();
    assert_eq!(forward(t), Vec::<i32>::new());
    jet_set_cursor_filter(s, t, &[cond(ids[1], JET_relopNotEquals, &[])], 0).unwrap();
    assert_eq!(forward(t).len(), 10);
    // On a secondary index the filter does not apply; back on the primary it does.
    jet_set_cursor_filter(s, t, &[cond(ids[1], JET_relopEquals, &long(3))], 0).unwrap();
    jet_set_current_index(s, t, Some("byg")).unwrap();
    assert_eq!(forward(t).len(), 10);
    assert_eq!(
        code(jet_set_cursor_filter(s, t, &[], 0)),
        JET_errFilteredMoveNotSupported
    );
    jet_set_current_index(s, t, Some("pk")).unwrap();
    assert_eq!(forward(t).len(), 10, "a refused filter leaves none");
    jet_set_cursor_filter(s, t, &[cond(ids[1], JET_relopEquals, &long(3))], 0).unwrap();
    assert_eq!(forward(t), [9, 10]);
    jet_set_cursor_filter(s, t, &[], 0).unwrap();
    assert_eq!(forward(t).len(), 10);
    // Misuse.
    let refused = |f: JET_INDEX_COLUMN, grbit| code(jet_set_cursor_filter(s, t, &[f], grbit));
    assert_eq!(
        refused(cond(ids[1], JET_relopEquals, &long(1)), 1),
        JET_errInvalidGrbit
    );
    assert_eq!(
        refused(cond(ids[2], JET_relopEquals, b"n01"), 0),
        JET_errFilteredMoveNotSupported
    );
    assert_eq!(
        refused(cond(ids[1], JET_relopEquals, &[1, 0]), 0),
        JET_errInvalidParameter
    );
    assert_eq!(
        refused(cond(ids[1], JET_relopPrefixEquals, &long(1)), 0),
        JET_errInvalidParameter
    );
    assert_eq!(
        refused(cond(ids[1], JET_relopBitmaskEqualsZero, &[]), 0),
        JET_errInvalidParameter
    );
    let mut zero = cond(ids[1], JET_relopEquals, &long(1));
    zero.grbit = JET_bitZeroLength;
    assert_eq!(refused(zero, 0), JET_errInvalidParameter);
    assert_eq!(
        refused(cond(999, JET_relopEquals, &long(1)), 0),
        JET_errColumnNotFound
    );
    assert_eq!(forward(t).len(), 10);
}

#[test]
fn segments_made_after_a_normalized_key_are_appended_to_it() {
    let (e, t, ids) = setup("normappend");
    jet_create_index(e.ses, t, "by_g_name", 0, "+g\0-name\0\0", 100).unwrap();
    jet_set_current_index(e.ses, t, Some("by_g_name")).unwrap();
    // The first segment made alone, read back normalized.
    jet_make_key(e.ses, t, Some(&long(2)), JET_bitNewKey).unwrap();
    let first = jet_retrieve_key(e.ses, t, JET_bitRetrieveCopy).unwrap();
    // The whole key made segment by segment.
    jet_make_key(e.ses, t, Some(b"n07"), 0).unwrap();
    let whole = jet_retrieve_key(e.ses, t, JET_bitRetrieveCopy).unwrap();
    assert!(whole.len() > first.len());
    // The normalized first segment, then the second: ESE appends it.
    jet_make_key(e.ses, t, Some(&first), JET_bitNewKey | JET_bitNormalizedKey).unwrap();
    jet_make_key(e.ses, t, Some(b"n07"), 0).unwrap();
    assert_eq!(
        jet_retrieve_key(e.ses, t, JET_bitRetrieveCopy).unwrap(),
        whole
    );
    jet_seek(e.ses, t, JET_bitSeekEQ).unwrap();
    assert_eq!(get_long(e.ses, t, ids[0]), Some(7));
    // The index has no third segment; a limit after the normalized key ends it too.
    assert_eq!(
        code(jet_make_key(e.ses, t, Some(b"x"), 0)),
        JET_errKeyIsMade
    );
    jet_make_key(e.ses, t, Some(&first), JET_bitNewKey | JET_bitNormalizedKey).unwrap();
    jet_make_key(e.ses, t, Some(b"n0"), JET_bitPartialColumnEndLimit).unwrap();
    let appended = jet_retrieve_key(e.ses, t, JET_bitRetrieveCopy).unwrap();
    assert_eq!(
        code(jet_make_key(e.ses, t, Some(b"x"), 0)),
        JET_errKeyIsMade
    );
    // The same limit made segment by segment.
    jet_make_key(e.ses, t, Some(&long(2)), JET_bitNewKey).unwrap();
    jet_make_key(e.ses, t, Some(b"n0"), JET_bitPartialColumnEndLimit).unwrap();
    assert_eq!(
        jet_retrieve_key(e.ses, t, JET_bitRetrieveCopy).unwrap(),
        appended
    );
}

/// `JET_bitBookmarkPermitVirtualCurrency`: a secondary index bookmark whose entry is gone
/// gives `JET_errRecordDeleted` either way, but with the grbit the cursor stays where the
/// entry would be, so that the next and previous moves go to its neighbours, as in ESE.
#[test]
fn virtual_currency_at_a_deleted_secondary_index_entry() {
    let (e, t, ids) = setup("virtual-currency");
    let s = e.ses;
    jet_set_current_index(s, t, Some("byname")).unwrap();
    let goto_name = |name: &str| {
        jet_make_key(s, t, Some(name.as_bytes()), JET_bitNewKey).unwrap();
        jet_seek(s, t, JET_bitSeekEQ).unwrap();
    };
    goto_name("n05");
    assert_eq!(get_long(s, t, ids[0]), Some(5));
    let (sk, pb) = jet_get_secondary_index_bookmark(s, t).unwrap();
    jet_delete(s, t).unwrap();
    let virtual_goto = || {
        jet_move(s, t, JET_MoveFirst, 0).unwrap();
        assert_eq!(
            code(jet_goto_secondary_index_bookmark(
                s,
                t,
                &sk,
                &pb,
                JET_bitBookmarkPermitVirtualCurrency
            )),
            JET_errRecordDeleted
        );
        assert_eq!(
            code(jet_retrieve_column(s, t, ids[0], &mut [0; 4], 0, None)),
            JET_errRecordDeleted
        );
    };
    virtual_goto();
    jet_move(s, t, JET_MoveNext, 0).unwrap();
    assert_eq!(get_long(s, t, ids[0]), Some(6));
    virtual_goto();
    jet_move(s, t, JET_MovePrevious, 0).unwrap();
    assert_eq!(get_long(s, t, ids[0]), Some(4));
    // Without the grbit the cursor has no position left: a move starts over.
    goto_name("n08");
    assert_eq!(
        code(jet_goto_secondary_index_bookmark(s, t, &sk, &pb, 0)),
        JET_errRecordDeleted
    );
    jet_move(s, t, JET_MoveNext, 0).unwrap();
    assert_eq!(get_long(s, t, ids[0]), Some(1));
    // A live entry is reached as without the grbit; unknown grbits are refused.
    goto_name("n07");
    let (sk7, pb7) = jet_get_secondary_index_bookmark(s, t).unwrap();
    jet_move(s, t, JET_MoveFirst, 0).unwrap();
    jet_goto_secondary_index_bookmark(s, t, &sk7, &pb7, JET_bitBookmarkPermitVirtualCurrency)
        .unwrap();
    assert_eq!(get_long(s, t, ids[0]), Some(7));
    jet_move(s, t, JET_MoveNext, 0).unwrap();
    assert_eq!(get_long(s, t, ids[0]), Some(8));
    assert_eq!(
        code(jet_goto_secondary_index_bookmark(s, t, &sk7, &pb7, 2)),
        JET_errInvalidGrbit
    );
}
