//! Setting and retrieving columns as bytes: widths of fixed types, NULL, truncation
//! warnings, multi-valued columns, JET_RETRIEVECOLUMN and JET_SETCOLUMN, the prepared
//! update's copy, long-value editing, replace and insert-copy, escrow and locks.

mod common;
use common::*;
use ese_jet::consts::*;
use ese_jet::*;

struct T {
    e: Env,
    t: JET_TABLEID,
    k: JET_COLUMNID,
    short: JET_COLUMNID,
    name: JET_COLUMNID,
    fixed: JET_COLUMNID,
    tags: JET_COLUMNID,
    blob: JET_COLUMNID,
    must: JET_COLUMNID,
    tagtext: JET_COLUMNID,
}

fn setup(tag: &str) -> T {
    let e = Env::new(tag);
    let mut name = col("name", JET_coltypText, 0);
    name.cbMax = 8;
    name.cp = JET_cpANSI;
    let mut fixed = col("fixed", JET_coltypBinary, JET_bitColumnFixed);
    fixed.cbMax = 4;
    let mut tagtext = col("tagtext", JET_coltypText, JET_bitColumnTagged);
    tagtext.cbMax = 4;
    tagtext.cp = JET_cpANSI;
    let (t, ids) = table(
        e.ses,
        e.db,
        "t",
        vec![
            col("k", JET_coltypLong, 0),
            col("short", JET_coltypShort, 0),
            name,
            fixed,
            col("tags", JET_coltypLongText, JET_bitColumnMultiValued),
            col("blob", JET_coltypLongBinary, 0),
            col("must", JET_coltypLong, JET_bitColumnNotNULL),
            tagtext,
        ],
        vec![idx("pk", "+k\0\0", JET_bitIndexPrimary)],
    );
    T {
        e,
        t,
        k: ids[0],
        short: ids[1],
        name: ids[2],
        fixed: ids[3],
        tags: ids[4],
        blob: ids[5],
        must: ids[6],
        tagtext: ids[7],
    }
}

#[test]
fn widths_nulls_and_truncation() {
    let x = setup("widths");
    let (s, t) = (x.e.ses, x.t);
    assert_eq!(
        code(jet_set_column(s, t, x.k, Some(&long(1)), 0, None)),
        JET_errUpdateNotPrepared
    );
    jet_prepare_update(s, t, JET_prepInsert).unwrap();
    assert_eq!(
        code(jet_prepare_update(s, t, JET_prepInsert)),
        JET_errAlreadyPrepared
    );
    assert_eq!(
        code(jet_set_column(s, t, x.k, Some(&[1, 2]), 0, None)),
        JET_errInvalidBufferSize
    );
    assert_eq!(
        code(jet_set_column(s, t, x.short, Some(&long(1)), 0, None)),
        JET_errInvalidBufferSize
    );
    assert_eq!(
        code(jet_set_column(
            s,
            t,
            x.fixed,
            Some(&[1, 2, 3, 4, 5]),
            0,
            None
        )),
        JET_errInvalidBufferSize
    );
    assert_eq!(
        code(jet_set_column(s, t, x.must, None, 0, None)),
        JET_errNullInvalid
    );
    assert_eq!(
        code(jet_set_column(s, t, 0, Some(&long(1)), 0, None)),
        JET_errBadColumnId
    );
    assert_eq!(
        code(jet_set_column(s, t, 200, Some(&long(1)), 0, None)),
        JET_errColumnNotFound
    );
    assert_eq!(
        code(jet_set_column(s, t, x.k, Some(&long(1)), 0x4000_0000, None)),
        JET_errInvalidGrbit
    );
    assert_eq!(
        code(jet_set_column(s, t, x.tagtext, Some(b"toolong"), 0, None)),
        JET_errColumnTooBig
    );
    jet_set_column(s, t, x.k, Some(&long(1)), 0, None).unwrap();
    jet_set_column(s, t, x.short, Some(&7i16.to_le_bytes()), 0, None).unwrap();
    jet_set_column(s, t, x.fixed, Some(&[9, 9]), 0, None).unwrap();
    let w = jet_set_column(s, t, x.name, Some(b"abcdefghij"), 0, None).unwrap();
    assert_eq!(w, Some(Warning::ColumnMaxTruncated));
    // NOT NULL checked again at update.
    assert_eq!(code(jet_update(s, t)), JET_errNullInvalid);
    jet_set_column(s, t, x.must, Some(&long(0)), 0, None).unwrap();
    jet_update(s, t).unwrap();
    assert_eq!(code(jet_update(s, t)), JET_errUpdateNotPrepared);
    assert_eq!(
        code(jet_prepare_update(s, t, JET_prepCancel)),
        JET_errUpdateNotPrepared
    );
    assert_eq!(code(jet_prepare_update(s, t, 99)), JET_errInvalidParameter);

    jet_move(s, t, JET_MoveFirst, 0).unwrap();
    assert_eq!(get(s, t, x.name).unwrap(), b"abcdefgh");
    assert_eq!(
        get(s, t, x.fixed).unwrap(),
        vec![9, 9, 0, 0],
        "fixed binary is zero-padded"
    );
    assert_eq!(get(s, t, x.short).unwrap(), 7i16.to_le_bytes());
    // A short buffer is filled and the full size returned.
    let mut buf = [0u8; 3];
    let (n, w) = jet_retrieve_column(s, t, x.name, &mut buf, 0, None).unwrap();
    assert_eq!((n, w, &buf), (8, Some(Warning::BufferTruncated), b"abc"));
    // NULL.
    let (n, w) = jet_retrieve_column(s, t, x.blob, &mut buf, 0, None).unwrap();
    assert_eq!((n, w), (0, Some(Warning::ColumnNull)));
    assert_eq!(
        code(jet_retrieve_column(
            s,
            t,
            0,
            &mut buf,
            0,
            Some(&mut JET_RETINFO::default())
        )),
        JET_errBadItagSequence
    );
    assert_eq!(
        code(jet_retrieve_column(s, t, 999, &mut buf, 0, None)),
        JET_errColumnNotFound
    );
    assert_eq!(
        code(jet_retrieve_column(
            s,
            t,
            x.k,
            &mut buf,
            JET_bitRetrieveTuple,
            None
        )),
        JET_errInvalidGrbit
    );
    assert_eq!(
        code(jet_retrieve_column(
            s,
            t,
            x.name,
            &mut buf,
            JET_bitRetrieveFromIndex,
            None
        )),
        JET_errColumnNotFound
    );
    let mut four = [0u8; 4];
    jet_retrieve_column(s, t, x.k, &mut four, JET_bitRetrieveFromIndex, None).unwrap();
    assert_eq!(four, long(1));
    // A zero-length value is not NULL.
    jet_prepare_update(s, t, JET_prepReplace).unwrap();
    jet_set_column(s, t, x.blob, Some(&[]), JET_bitSetZeroLength, None).unwrap();
    jet_update(s, t).unwrap();
    let (n, w) = jet_retrieve_column(s, t, x.blob, &mut buf, 0, None).unwrap();
    assert_eq!((n, w), (0, None));
}

#[test]
fn multi_values_and_the_column_arrays() {
    let x = setup("multi");
    let (s, t) = (x.e.ses, x.t);
    jet_prepare_update(s, t, JET_prepInsert).unwrap();
    jet_set_column(s, t, x.k, Some(&long(1)), 0, None).unwrap();
    jet_set_column(s, t, x.must, Some(&long(1)), 0, None).unwrap();
    let append = JET_SETINFO {
        ibLongValue: 0,
        itagSequence: 0,
    };
    for tag in ["red", "green", "blue"] {
        jet_set_column(s, t, x.tags, Some(&utf16(tag)), 0, Some(&append)).unwrap();
    }
    assert_eq!(
        code(jet_set_column(
            s,
            t,
            x.tags,
            Some(&utf16("green")),
            JET_bitSetUniqueMultiValues,
            Some(&append)
        )),
        JET_errMultiValuedDuplicate
    );
    // Read the copy before the update.
    let mut info = JET_RETINFO {
        itagSequence: 2,
        ..Default::default()
    };
    let mut buf = [0u8; 64];
    let (n, _) =
        jet_retrieve_column(s, t, x.tags, &mut buf, JET_bitRetrieveCopy, Some(&mut info)).unwrap();
    assert_eq!(from_utf16(&buf[..n]), "green");
    jet_update(s, t).unwrap();
    jet_move(s, t, JET_MoveFirst, 0).unwrap();
    let read = |itag| get_itag(s, t, x.tags, itag).map(|b| from_utf16(&b));
    assert_eq!(
        (read(1), read(2), read(3), read(4)),
        (
            Some("red".into()),
            Some("green".into()),
            Some("blue".into()),
            None
        )
    );
    // Replace value 2, remove value 1.
    jet_prepare_update(s, t, JET_prepReplace).unwrap();
    jet_set_column(
        s,
        t,
        x.tags,
        Some(&utf16("GREEN")),
        0,
        Some(&JET_SETINFO {
            ibLongValue: 0,
            itagSequence: 2,
        }),
    )
    .unwrap();
    jet_set_column(
        s,
        t,
        x.tags,
        None,
        0,
        Some(&JET_SETINFO {
            ibLongValue: 0,
            itagSequence: 1,
        }),
    )
    .unwrap();
    jet_update(s, t).unwrap();
    assert_eq!(
        (read(1), read(2), read(3)),
        (Some("GREEN".into()), Some("blue".into()), None)
    );
    // JetRetrieveColumns: a count, values, a truncation, a NULL.
    let (mut a, mut b, mut c) = ([0u8; 16], [0u8; 2], [0u8; 4]);
    let mut cols = [
        JET_RETRIEVECOLUMN {
            columnid: x.tags,
            itagSequence: 0,
            ..Default::default()
        },
        JET_RETRIEVECOLUMN {
            columnid: x.tags,
            pvData: &mut a,
            itagSequence: 2,
            ..Default::default()
        },
        JET_RETRIEVECOLUMN {
            columnid: x.k,
            pvData: &mut b,
            itagSequence: 1,
            ..Default::default()
        },
        JET_RETRIEVECOLUMN {
            columnid: x.blob,
            pvData: &mut c,
            itagSequence: 1,
            ..Default::default()
        },
    ];
    let w = jet_retrieve_columns(s, t, &mut cols).unwrap();
    assert!(w.is_some());
    assert_eq!(cols[0].itagSequence, 2);
    assert_eq!((cols[1].cbActual, cols[1].err), (8, 0));
    assert_eq!((cols[2].cbActual, cols[2].err), (4, JET_wrnBufferTruncated));
    assert_eq!((cols[3].cbActual, cols[3].err), (0, JET_wrnColumnNull));
    assert_eq!(from_utf16(&a[..8]), "blue");
    // JetSetColumns.
    jet_prepare_update(s, t, JET_prepReplace).unwrap();
    let mut set = [
        JET_SETCOLUMN {
            columnid: x.name,
            pvData: Some(b"zed"),
            itagSequence: 1,
            ..Default::default()
        },
        JET_SETCOLUMN {
            columnid: x.short,
            pvData: Some(&[1]),
            itagSequence: 1,
            ..Default::default()
        },
    ];
    assert_eq!(
        code(jet_set_columns(s, t, &mut set)),
        JET_errInvalidBufferSize
    );
    assert_eq!((set[0].err, set[1].err), (0, JET_errInvalidBufferSize));
    jet_update(s, t).unwrap();
    assert_eq!(get(s, t, x.name).unwrap(), b"zed");
}

#[test]
fn long_values_are_edited_in_place() {
    let x = setup("lv");
    let (s, t) = (x.e.ses, x.t);
    let big: Vec<u8> = (0..20_000u32).map(|i| (i % 251) as u8).collect();
    jet_prepare_update(s, t, JET_prepInsert).unwrap();
    jet_set_column(s, t, x.k, Some(&long(1)), 0, None).unwrap();
    jet_set_column(s, t, x.must, Some(&long(1)), 0, None).unwrap();
    jet_set_column(s, t, x.blob, Some(&big[..10_000]), 0, None).unwrap();
    jet_set_column(s, t, x.blob, Some(&big[10_000..]), JET_bitSetAppendLV, None).unwrap();
    jet_update(s, t).unwrap();
    jet_move(s, t, JET_MoveFirst, 0).unwrap();
    assert_eq!(get(s, t, x.blob).unwrap(), big);
    // Read from an offset.
    let mut part = [0u8; 10];
    let mut info = JET_RETINFO {
        ibLongValue: 19_995,
        itagSequence: 1,
        ..Default::default()
    };
    let (n, w) = jet_retrieve_column(s, t, x.blob, &mut part, 0, Some(&mut info)).unwrap();
    assert_eq!((n, w), (5, None));
    assert_eq!(&part[..5], &big[19_995..]);
    // Overwrite a piece and cut the size.
    jet_prepare_update(s, t, JET_prepReplace).unwrap();
    jet_set_column(
        s,
        t,
        x.blob,
        Some(&[0xAA; 3]),
        JET_bitSetOverwriteLV,
        Some(&JET_SETINFO {
            ibLongValue: 2,
            itagSequence: 1,
        }),
    )
    .unwrap();
    assert_eq!(
        code(jet_set_column(
            s,
            t,
            x.blob,
            Some(&[1]),
            JET_bitSetOverwriteLV,
            Some(&JET_SETINFO {
                ibLongValue: 50_000,
                itagSequence: 1
            })
        )),
        -1502
    );
    jet_set_column(s, t, x.blob, Some(&[0; 6]), JET_bitSetSizeLV, None).unwrap();
    jet_update(s, t).unwrap();
    assert_eq!(get(s, t, x.blob).unwrap(), vec![0, 1, 0xAA, 0xAA, 0xAA, 5]);
    // Revert to default: this column has none, so NULL.
    jet_prepare_update(s, t, JET_prepReplace).unwrap();
    jet_set_column(s, t, x.blob, None, JET_bitSetRevertToDefaultValue, None).unwrap();
    jet_update(s, t).unwrap();
    assert_eq!(get(s, t, x.blob), None);
}

#[test]
fn replace_copies_escrow_and_locks() {
    let e = Env::new("escrow");
    let mut n = col("n", JET_coltypLong, JET_bitColumnEscrowUpdate);
    n.pvDefault = Some(long(0).to_vec());
    let (t, ids) = table(
        e.ses,
        e.db,
        "t",
        vec![col("k", JET_coltypLong, 0), col("v", JET_coltypLong, 0), n],
        vec![idx("pk", "+k\0\0", JET_bitIndexPrimary)],
    );
    let (k, v, n) = (ids[0], ids[1], ids[2]);
    let s = e.ses;
    insert(s, t, &[(k, &long(1)), (v, &long(10))]).unwrap();
    seek_long(s, t, 1, JET_bitSeekEQ).unwrap();
    // A primary key change needs an insert-copy that deletes the original.
    jet_prepare_update(s, t, JET_prepReplace).unwrap();
    jet_set_column(s, t, k, Some(&long(2)), 0, None).unwrap();
    assert_eq!(code(jet_update(s, t)), -1604);
    jet_prepare_update(s, t, JET_prepCancel).unwrap();
    jet_prepare_update(s, t, JET_prepInsertCopy).unwrap();
    assert_eq!(code(jet_update(s, t)), JET_errKeyDuplicate);
    jet_prepare_update(s, t, JET_prepCancel).unwrap();
    jet_prepare_update(s, t, JET_prepInsertCopyDeleteOriginal).unwrap();
    jet_set_column(s, t, k, Some(&long(5)), 0, None).unwrap();
    jet_update(s, t).unwrap();
    assert_eq!(
        get_long(s, t, k),
        Some(5),
        "the cursor is on the new record"
    );
    assert_eq!(scan_long(s, t, v), vec![10]);
    assert_eq!(scan_long(s, t, k), vec![5]);
    // Escrow needs a transaction and returns the old value.
    seek_long(s, t, 5, JET_bitSeekEQ).unwrap();
    let mut old = [0u8; 4];
    assert_eq!(
        code(jet_escrow_update(s, t, n, &long(3), &mut old, 0)),
        JET_errNotInTransaction
    );
    assert_eq!(
        code(jet_get_lock(s, t, JET_bitReadLock)),
        JET_errNotInTransaction
    );
    jet_begin_transaction(s).unwrap();
    assert_eq!(
        jet_escrow_update(s, t, n, &long(3), &mut old, 0).unwrap(),
        4
    );
    assert_eq!(old, long(0));
    jet_escrow_update(s, t, n, &long(4), &mut old, 0).unwrap();
    assert_eq!(old, long(3));
    assert_eq!(
        code(jet_escrow_update(s, t, n, &[1, 2], &mut old, 0)),
        JET_errInvalidBufferSize
    );
    assert_eq!(
        code(jet_escrow_update(s, t, v, &long(1), &mut old, 0)),
        JET_errInvalidOperation
    );
    jet_commit_transaction(s, 0).unwrap();
    assert_eq!(get_long(s, t, n), Some(7));
    // Locks: a write lock keeps another session from changing the record.
    let s2 = jet_dup_session(s).unwrap();
    let (db2, _) = jet_open_database(s2, &e.file, None, 0).unwrap();
    let t2 = jet_open_table(s2, db2, "t", None, 0).unwrap();
    jet_begin_transaction(s).unwrap();
    jet_get_lock(s, t, JET_bitWriteLock).unwrap();
    assert_eq!(code(jet_get_lock(s, t, 3)), JET_errInvalidGrbit);
    jet_begin_transaction(s2).unwrap();
    seek_long(s2, t2, 5, JET_bitSeekEQ).unwrap();
    assert_eq!(
        code(jet_get_lock(s2, t2, JET_bitReadLock)),
        JET_errWriteConflict
    );
    jet_rollback(s2, 0).unwrap();
    jet_commit_transaction(s, 0).unwrap();
}

#[test]
fn enumerate_columns() {
    let x = setup("enumerate");
    let (s, t) = (x.e.ses, x.t);
    jet_prepare_update(s, t, JET_prepInsert).unwrap();
    jet_set_column(s, t, x.k, Some(&long(1)), 0, None).unwrap();
    jet_set_column(s, t, x.must, Some(&long(2)), 0, None).unwrap();
    let append = JET_SETINFO {
        ibLongValue: 0,
        itagSequence: 0,
    };
    jet_set_column(s, t, x.tags, Some(&utf16("a")), 0, Some(&append)).unwrap();
    jet_set_column(s, t, x.tags, Some(&utf16("b")), 0, Some(&append)).unwrap();
    // The copy before the update.
    let copy = jet_enumerate_columns(s, t, None, JET_bitEnumerateCopy).unwrap();
    assert_eq!(
        copy.iter().map(|c| c.columnid).collect::<Vec<_>>(),
        vec![x.k, x.must, x.tags]
    );
    jet_update(s, t).unwrap();
    jet_move(s, t, JET_MoveFirst, 0).unwrap();
    let all = jet_enumerate_columns(s, t, None, 0).unwrap();
    // The fixed columns between the two set are NULL in the record: listed so, as ESE's
    // ErrRECEnumerateAllColumns lists them.
    assert_eq!(
        all.iter().map(|c| (c.columnid, c.err)).collect::<Vec<_>>(),
        vec![
            (x.k, 0),
            (x.short, JET_wrnColumnNull),
            (x.fixed, JET_wrnColumnNull),
            (x.must, 0),
            (x.tags, 0)
        ]
    );
    let tags = all.iter().find(|c| c.columnid == x.tags).unwrap();
    assert_eq!(tags.rgEnumColumnValue.len(), 2);
    assert_eq!(from_utf16(&tags.rgEnumColumnValue[1].pvData), "b");
    assert_eq!(tags.rgEnumColumnValue[1].itagSequence, 2);
    let tagged = jet_enumerate_columns(
        s,
        t,
        None,
        JET_bitEnumerateTaggedOnly | JET_bitEnumeratePresenceOnly,
    )
    .unwrap();
    // As ESE: the column is present, its values are not listed.
    assert_eq!(tagged.len(), 1);
    assert_eq!(tagged[0].err, JET_wrnColumnPresent);
    assert!(tagged[0].rgEnumColumnValue.is_empty());
    let ids = |v: &[u32]| -> Vec<JET_ENUMCOLUMNID> { v.iter().map(|&i| i.into()).collect() };
    let some = jet_enumerate_columns(s, t, Some(&ids(&[x.blob, 0, x.k])), 0).unwrap();
    assert_eq!((some[0].columnid, some[0].err), (x.blob, JET_wrnColumnNull));
    assert_eq!((some[1].columnid, some[1].err), (0, JET_wrnColumnSkipped));
    assert_eq!(some[2].rgEnumColumnValue[0].pvData, long(1));
    assert_eq!(
        code(jet_enumerate_columns(s, t, Some(&ids(&[999])), 0)),
        JET_errColumnNotFound
    );
    // Chosen values of a column: each with its own answer.
    let chosen = JET_ENUMCOLUMNID {
        columnid: x.tags,
        rgtagSequence: vec![2, 0, 5, 1],
    };
    let picked = jet_enumerate_columns(s, t, Some(std::slice::from_ref(&chosen)), 0).unwrap();
    let v = &picked[0].rgEnumColumnValue;
    assert_eq!(picked[0].err, 0);
    assert_eq!(
        v.iter()
            .map(|v| (v.itagSequence, v.err))
            .collect::<Vec<_>>(),
        vec![
            (2, 0),
            (0, JET_wrnColumnSkipped),
            (5, JET_wrnColumnNull),
            (1, 0)
        ]
    );
    assert_eq!(
        (from_utf16(&v[0].pvData), from_utf16(&v[3].pvData)),
        ("b".to_string(), "a".to_string())
    );
    let present = jet_enumerate_columns(
        s,
        t,
        Some(std::slice::from_ref(&chosen)),
        JET_bitEnumeratePresenceOnly,
    )
    .unwrap();
    assert_eq!(present[0].rgEnumColumnValue[0].err, JET_wrnColumnPresent);
    assert_eq!(present[0].rgEnumColumnValue[2].err, JET_wrnColumnNull);
    assert_eq!(
        code(jet_enumerate_columns(s, t, None, 0x2)),
        JET_errInvalidGrbit
    );
}

#[test]
fn the_engine_sets_autoincrement_columns() {
    let e = Env::new("autoinc");
    let (t, ids) = table(
        e.ses,
        e.db,
        "t",
        vec![
            col("id", JET_coltypLong, JET_bitColumnAutoincrement),
            col("v", JET_coltypLong, 0),
        ],
        vec![idx("pk", "+id\0\0", JET_bitIndexPrimary)],
    );
    insert(e.ses, t, &[(ids[1], &long(5))]).unwrap();
    insert(e.ses, t, &[(ids[1], &long(6))]).unwrap();
    assert_eq!(scan_long(e.ses, t, ids[0]), vec![1, 2]);
    assert_eq!(
        code(insert(e.ses, t, &[(ids[0], &long(9))])),
        JET_errInvalidColumnType
    );
    assert_eq!(scan_long(e.ses, t, ids[1]), vec![5, 6]);
}

/// One step of the tagged-column walk: (bytes, warning, the column it found).
fn walk(
    s: JET_SESID,
    t: JET_TABLEID,
    itag: u32,
    grbit: JET_GRBIT,
) -> (Vec<u8>, Option<Warning>, JET_COLUMNID) {
    let mut info = JET_RETINFO {
        itagSequence: itag,
        columnidNextTagged: 12345,
        ..Default::default()
    };
    let mut buf = [0u8; 64];
    let (n, w) = jet_retrieve_column(s, t, 0, &mut buf, grbit, Some(&mut info)).unwrap();
    (buf[..n].to_vec(), w, info.columnidNextTagged)
}

/// The number of steps of the walk, counted through `JetRetrieveColumns`.
fn walk_len(s: JET_SESID, t: JET_TABLEID, grbit: JET_GRBIT) -> u32 {
    let mut cols = [JET_RETRIEVECOLUMN {
        columnid: 0,
        grbit,
        itagSequence: 0,
        columnidNextTagged: 12345,
        ..Default::default()
    }];
    jet_retrieve_columns(s, t, &mut cols).unwrap();
    assert_eq!((cols[0].err, cols[0].columnidNextTagged), (0, 0));
    cols[0].itagSequence
}

#[test]
fn the_tagged_column_walk() {
    let e = Env::new("walk");
    let mut a = col("a", JET_coltypLong, JET_bitColumnTagged);
    a.pvDefault = Some(long(7).to_vec());
    let mut d = col("d", JET_coltypBinary, JET_bitColumnTagged);
    d.pvDefault = Some(vec![9, 9]);
    let mut f = col("f", JET_coltypLong, 0);
    f.pvDefault = Some(long(5).to_vec());
    let (t, ids) = table(
        e.ses,
        e.db,
        "t",
        vec![
            col("k", JET_coltypLong, 0),
            a,
            col("b", JET_coltypLongText, JET_bitColumnMultiValued),
            col("c", JET_coltypLongBinary, 0),
            d,
            f,
        ],
        vec![idx("pk", "+k\0\0", JET_bitIndexPrimary)],
    );
    let (s, k, a, b, c, d) = (e.ses, ids[0], ids[1], ids[2], ids[3], ids[4]);
    assert!(a < b && b < c && c < d, "tagged ids in creation order");
    jet_prepare_update(s, t, JET_prepInsert).unwrap();
    jet_set_column(s, t, k, Some(&long(1)), 0, None).unwrap();
    jet_set_column(s, t, b, Some(&utf16("x")), 0, None).unwrap();
    let second = JET_SETINFO {
        itagSequence: 2,
        ..Default::default()
    };
    jet_set_column(s, t, b, Some(&utf16("y")), 0, Some(&second)).unwrap();
    jet_set_column(s, t, c, Some(&[1, 2, 3]), 0, None).unwrap();
    jet_set_column(s, t, d, None, 0, None).unwrap();
    jet_update(s, t).unwrap();
    jet_move(s, t, JET_MoveFirst, 0).unwrap();

    // The record holds b (two values), c and d set to NULL over its default; a is left
    // to its default. The fixed column f is never walked.
    assert_eq!(walk(s, t, 1, 0), (long(7).to_vec(), None, a));
    assert_eq!(walk(s, t, 2, 0), (utf16("x"), None, b));
    assert_eq!(walk(s, t, 3, 0), (utf16("y"), None, b));
    assert_eq!(walk(s, t, 4, 0), (vec![1, 2, 3], None, c));
    assert_eq!(walk(s, t, 5, 0), (vec![], Some(Warning::ColumnNull), 0));
    assert_eq!(walk_len(s, t, 0), 4);
    // Without defaults a is left out; with NULLs d is a step of its own.
    assert_eq!(
        walk(s, t, 1, JET_bitRetrieveIgnoreDefault),
        (utf16("x"), None, b)
    );
    assert_eq!(walk_len(s, t, JET_bitRetrieveIgnoreDefault), 3);
    assert_eq!(
        walk(s, t, 5, JET_bitRetrieveNull),
        (vec![], Some(Warning::ColumnSetNull), d)
    );
    assert_eq!(walk_len(s, t, JET_bitRetrieveNull), 5);
    // The single column reads agree: a default unless ignored, d NULL.
    assert_eq!(get(s, t, a), Some(long(7).to_vec()));
    let (n, w) =
        jet_retrieve_column(s, t, a, &mut [0; 4], JET_bitRetrieveIgnoreDefault, None).unwrap();
    assert_eq!((n, w), (0, Some(Warning::ColumnNull)));
    assert_eq!(get(s, t, d), None);
    // A fixed column keeps its default whatever the grbit, as in ESE.
    let mut four = [0u8; 4];
    jet_retrieve_column(s, t, ids[5], &mut four, JET_bitRetrieveIgnoreDefault, None).unwrap();
    assert_eq!(four, long(5));
    // A short buffer and an offset into the value.
    let mut info = JET_RETINFO {
        itagSequence: 4,
        ibLongValue: 1,
        ..Default::default()
    };
    let mut two = [0u8; 1];
    let (n, w) = jet_retrieve_column(s, t, 0, &mut two, 0, Some(&mut info)).unwrap();
    assert_eq!(
        (n, w, two, info.columnidNextTagged),
        (2, Some(Warning::BufferTruncated), [2], c)
    );
    // Any other column reports itself as the next tagged column, as ESE does.
    let mut info = JET_RETINFO {
        itagSequence: 1,
        ..Default::default()
    };
    jet_retrieve_column(s, t, k, &mut four, 0, Some(&mut info)).unwrap();
    assert_eq!(info.columnidNextTagged, k);

    // The copy buffer: c set to NULL (no default: gone), a third value of b, a set.
    jet_prepare_update(s, t, JET_prepReplace).unwrap();
    jet_set_column(s, t, c, None, 0, None).unwrap();
    let third = JET_SETINFO {
        itagSequence: 3,
        ..Default::default()
    };
    jet_set_column(s, t, b, Some(&utf16("z")), 0, Some(&third)).unwrap();
    jet_set_column(s, t, a, Some(&long(8)), 0, None).unwrap();
    assert_eq!(
        walk(s, t, 1, JET_bitRetrieveCopy),
        (long(8).to_vec(), None, a)
    );
    assert_eq!(walk(s, t, 4, JET_bitRetrieveCopy), (utf16("z"), None, b));
    assert_eq!(
        walk(s, t, 5, JET_bitRetrieveCopy | JET_bitRetrieveNull),
        (vec![], Some(Warning::ColumnSetNull), d)
    );
    assert_eq!(walk_len(s, t, JET_bitRetrieveCopy), 4);
    // Without the grbit the walk reads the record as it is.
    assert_eq!(walk(s, t, 1, 0), (long(7).to_vec(), None, a));
    assert_eq!(walk_len(s, t, 0), 4);
    jet_update(s, t).unwrap();
    assert_eq!(walk(s, t, 1, 0), (long(8).to_vec(), None, a));
    assert_eq!(walk(s, t, 4, 0), (utf16("z"), None, b));
    assert_eq!(walk_len(s, t, 0), 4);
    assert_eq!(walk_len(s, t, JET_bitRetrieveNull), 5);

    // Mixed with other columns in one JetRetrieveColumns.
    let (mut x, mut y) = ([0u8; 8], [0u8; 8]);
    let mut cols = [
        JET_RETRIEVECOLUMN {
            columnid: 0,
            pvData: &mut x,
            itagSequence: 3,
            ..Default::default()
        },
        JET_RETRIEVECOLUMN {
            columnid: k,
            pvData: &mut y,
            itagSequence: 1,
            ..Default::default()
        },
    ];
    jet_retrieve_columns(s, t, &mut cols).unwrap();
    assert_eq!((cols[0].cbActual, cols[0].columnidNextTagged), (2, b));
    assert_eq!((cols[1].cbActual, cols[1].columnidNextTagged), (4, k));
    assert_eq!(&x[..2], &utf16("y")[..]);

    // Errors.
    let mut info = JET_RETINFO::default();
    assert_eq!(
        code(jet_retrieve_column(s, t, 0, &mut four, 0, Some(&mut info))),
        JET_errBadItagSequence
    );
    info.itagSequence = 1;
    for g in [JET_bitRetrieveFromIndex, JET_bitRetrieveFromPrimaryBookmark] {
        assert_eq!(
            code(jet_retrieve_column(s, t, 0, &mut four, g, Some(&mut info))),
            JET_errBadColumnId
        );
    }
    assert_eq!(
        code(jet_retrieve_column(
            s,
            t,
            0,
            &mut four,
            JET_bitRetrieveTuple,
            Some(&mut info)
        )),
        JET_errInvalidGrbit
    );
    jet_delete(s, t).unwrap();
    assert_eq!(
        code(jet_retrieve_column(s, t, 0, &mut four, 0, Some(&mut info))),
        JET_errRecordDeleted
    );
}

#[test]
fn a_read_only_copy_is_read_and_never_written() {
    let x = setup("rocopy");
    let (s, t) = (x.e.ses, x.t);
    insert(
        s,
        t,
        &[(x.k, &long(1)), (x.must, &long(2)), (x.name, b"first")],
    )
    .unwrap();
    jet_move(s, t, JET_MoveFirst, 0).unwrap();
    // It needs a transaction.
    assert_eq!(
        code(jet_prepare_update(s, t, JET_prepReadOnlyCopy)),
        JET_errNotInTransaction
    );
    jet_begin_transaction(s).unwrap();
    jet_prepare_update(s, t, JET_prepReadOnlyCopy).unwrap();
    assert_eq!(
        code(jet_prepare_update(s, t, JET_prepReplace)),
        JET_errAlreadyPrepared
    );
    assert_eq!(
        code(jet_prepare_update(s, t, JET_prepReadOnlyCopy)),
        JET_errAlreadyPrepared
    );
    // Nothing sets it, nothing writes it, and it stays prepared.
    assert_eq!(
        code(jet_set_column(s, t, x.name, Some(b"x"), 0, None)),
        JET_errUpdateNotPrepared
    );
    assert_eq!(code(jet_update(s, t)), JET_errUpdateNotPrepared);

    // Another session changes the record and commits; the copy keeps what it copied,
    // without JET_bitRetrieveCopy too.
    let s2 = jet_begin_session(x.e.i.inst, None, None).unwrap();
    let (db2, _) = jet_open_database(s2, &x.e.file, None, 0).unwrap();
    let t2 = jet_open_table(s2, db2, "t", None, 0).unwrap();
    jet_move(s2, t2, JET_MoveFirst, 0).unwrap();
    jet_prepare_update(s2, t2, JET_prepReplace).unwrap();
    jet_set_column(s2, t2, x.name, Some(b"second"), 0, None).unwrap();
    jet_update(s2, t2).unwrap();
    assert_eq!(get(s2, t2, x.name).unwrap(), b"second");
    assert_eq!(get(s, t, x.name).unwrap(), b"first");
    // The index grbits are ignored: k is read from the copy, and so is name, which is
    // in no index.
    let mut four = [0u8; 4];
    jet_retrieve_column(s, t, x.k, &mut four, JET_bitRetrieveFromIndex, None).unwrap();
    assert_eq!(four, long(1));
    let mut buf = [0u8; 16];
    let (n, _) =
        jet_retrieve_column(s, t, x.name, &mut buf, JET_bitRetrieveFromIndex, None).unwrap();
    assert_eq!(&buf[..n], b"first");
    // JetEnumerateColumns reads it too.
    let cols = jet_enumerate_columns(s, t, Some(&[x.name.into()]), 0).unwrap();
    assert_eq!(cols[0].rgEnumColumnValue[0].pvData, b"first");

    // Cancelled, the cursor reads the record again (its own snapshot).
    jet_prepare_update(s, t, JET_prepCancel).unwrap();
    assert_eq!(get(s, t, x.name).unwrap(), b"first");
    assert_eq!(
        code(jet_retrieve_column(
            s,
            t,
            x.name,
            &mut buf,
            JET_bitRetrieveFromIndex,
            None
        )),
        JET_errColumnNotFound
    );
    assert_eq!(code(jet_update(s, t)), JET_errUpdateNotPrepared);

    // A rollback below the level it was prepared at ends it; a read-only cursor may
    // prepare one.
    jet_begin_transaction(s).unwrap();
    jet_prepare_update(s, t, JET_prepReadOnlyCopy).unwrap();
    jet_rollback(s, 0).unwrap();
    assert_eq!(
        code(jet_prepare_update(s, t, JET_prepCancel)),
        JET_errUpdateNotPrepared
    );
    jet_commit_transaction(s, 0).unwrap();
    let ro = jet_open_table(s, x.e.db, "t", None, JET_bitTableReadOnly).unwrap();
    jet_move(s, ro, JET_MoveFirst, 0).unwrap();
    jet_begin_transaction(s).unwrap();
    assert_eq!(
        code(jet_prepare_update(s, ro, JET_prepReplace)),
        JET_errPermissionDenied
    );
    jet_prepare_update(s, ro, JET_prepReadOnlyCopy).unwrap();
    assert_eq!(get(s, ro, x.name).unwrap(), b"second");
    jet_commit_transaction(s, 0).unwrap();
    // Without a current record.
    jet_begin_transaction(s).unwrap();
    jet_prepare_update(s, ro, JET_prepCancel).unwrap();
    jet_move(s, ro, JET_MoveLast, 0).unwrap();
    assert!(jet_move(s, ro, JET_MoveNext, 0).is_err());
    assert_eq!(
        code(jet_prepare_update(s, ro, JET_prepReadOnlyCopy)),
        JET_errNoCurrentRecord
    );
    jet_commit_transaction(s, 0).unwrap();
    jet_end_session(s2, 0).unwrap();
}

/// The autoincrement value in the copy buffer (`JET_bitRetrieveCopy`).
fn copy_long(s: JET_SESID, t: JET_TABLEID, c: JET_COLUMNID) -> Option<i32> {
    let mut four = [0u8; 4];
    match jet_retrieve_column(s, t, c, &mut four, JET_bitRetrieveCopy, None).unwrap() {
        (4, None) => Some(i32::from_le_bytes(four)),
        (0, Some(Warning::ColumnNull)) => None,
        other => panic!("{other:?}"),
    }
}

#[test]
fn autoincrement_values_are_taken_when_an_insert_is_prepared() {
    let e = Env::new("autoinc-prep");
    let (t, ids) = table(
        e.ses,
        e.db,
        "t",
        vec![
            col("id", JET_coltypLong, JET_bitColumnAutoincrement),
            col("v", JET_coltypLong, 0),
        ],
        vec![idx("pk", "+id\0\0", JET_bitIndexPrimary)],
    );
    let (s, id, v) = (e.ses, ids[0], ids[1]);
    insert(s, t, &[(v, &long(5))]).unwrap();
    // The value is in the copy buffer before JetUpdate, and is the record's.
    jet_prepare_update(s, t, JET_prepInsert).unwrap();
    assert_eq!(copy_long(s, t, id), Some(2));
    jet_set_column(s, t, v, Some(&long(6)), 0, None).unwrap();
    let bm = jet_update(s, t).unwrap();
    jet_goto_bookmark(s, t, &bm).unwrap();
    assert_eq!(get_long(s, t, id), Some(2));
    // A cancelled insert leaves a gap, as in ESE.
    jet_prepare_update(s, t, JET_prepInsert).unwrap();
    assert_eq!(copy_long(s, t, id), Some(3));
    jet_prepare_update(s, t, JET_prepCancel).unwrap();
    insert(s, t, &[(v, &long(7))]).unwrap();
    assert_eq!(scan_long(s, t, id), vec![1, 2, 4]);

    // A copy takes a new value (its primary key here), the original stays.
    seek_long(s, t, 1, JET_bitSeekEQ).unwrap();
    jet_prepare_update(s, t, JET_prepInsertCopy).unwrap();
    assert_eq!(copy_long(s, t, id), Some(5));
    jet_update(s, t).unwrap();
    assert_eq!(scan_long(s, t, id), vec![1, 2, 4, 5]);
    assert_eq!(scan_long(s, t, v), vec![5, 6, 7, 5]);
    // So does a copy that deletes its original.
    seek_long(s, t, 5, JET_bitSeekEQ).unwrap();
    jet_prepare_update(s, t, JET_prepInsertCopyDeleteOriginal).unwrap();
    assert_eq!(copy_long(s, t, id), Some(6));
    jet_set_column(s, t, v, Some(&long(8)), 0, None).unwrap();
    jet_update(s, t).unwrap();
    assert_eq!(get_long(s, t, id), Some(6), "on the new record");
    assert_eq!(scan_long(s, t, id), vec![1, 2, 4, 6]);
    // A copy that replaces its original keeps the value, and so the primary key: the
    // original goes first, as in ESE.
    seek_long(s, t, 6, JET_bitSeekEQ).unwrap();
    jet_prepare_update(s, t, JET_prepInsertCopyReplaceOriginal).unwrap();
    assert_eq!(copy_long(s, t, id), Some(6));
    jet_set_column(s, t, v, Some(&long(9)), 0, None).unwrap();
    jet_update(s, t).unwrap();
    assert_eq!(scan_long(s, t, id), vec![1, 2, 4, 6]);
    assert_eq!(scan_long(s, t, v), vec![5, 6, 7, 9]);

    // JET_prepInsertMustSetAutoIncrement: the caller sets it, and must.
    jet_prepare_update(s, t, JET_prepInsertMustSetAutoIncrement).unwrap();
    assert_eq!(copy_long(s, t, id), None);
    jet_set_column(s, t, v, Some(&long(10)), 0, None).unwrap();
    assert_eq!(code(jet_update(s, t)), JET_errAutoIncrementNotSet);
    jet_set_column(s, t, id, Some(&long(20)), 0, None).unwrap();
    jet_update(s, t).unwrap();
    // The counter moves past a value set so.
    jet_prepare_update(s, t, JET_prepInsert).unwrap();
    assert_eq!(copy_long(s, t, id), Some(21));
    jet_update(s, t).unwrap();
    assert_eq!(scan_long(s, t, id), vec![1, 2, 4, 6, 20, 21]);
    // Outside JET_prepInsertMustSetAutoIncrement the column is the engine's.
    jet_prepare_update(s, t, JET_prepInsert).unwrap();
    assert_eq!(
        code(jet_set_column(s, t, id, Some(&long(30)), 0, None)),
        JET_errInvalidColumnType
    );
    jet_prepare_update(s, t, JET_prepCancel).unwrap();

    // A table without an autoincrement column refuses it.
    let (t2, _) = table(
        e.ses,
        e.db,
        "plain",
        vec![col("k", JET_coltypLong, 0)],
        vec![idx("pk", "+k\0\0", JET_bitIndexPrimary)],
    );
    assert_eq!(
        code(jet_prepare_update(
            s,
            t2,
            JET_prepInsertMustSetAutoIncrement
        )),
        JET_errIllegalOperation
    );
    jet_prepare_update(s, t2, JET_prepInsert).unwrap();
    jet_prepare_update(s, t2, JET_prepCancel).unwrap();
}

#[test]
fn record_sizes() {
    let x = setup("recsize");
    let (s, t) = (x.e.ses, x.t);
    let tags: [&[u8]; 3] = [&utf16("x"), &utf16("yy"), &utf16("zzz")];
    let add = |k: i32, name: &[u8], blob: &[u8]| {
        jet_prepare_update(s, t, JET_prepInsert).unwrap();
        jet_set_column(s, t, x.k, Some(&long(k)), 0, None).unwrap();
        jet_set_column(s, t, x.must, Some(&long(0)), 0, None).unwrap();
        jet_set_column(s, t, x.name, Some(name), 0, None).unwrap();
        for v in tags {
            let app = JET_SETINFO {
                itagSequence: 0,
                ..Default::default()
            };
            jet_set_column(s, t, x.tags, Some(v), 0, Some(&app)).unwrap();
        }
        jet_set_column(s, t, x.blob, Some(blob), 0, None).unwrap();
        jet_update(s, t).unwrap();
    };
    add(1, b"abc", &vec![7u8; 20_000]);
    add(2, b"abcdef", &vec![7u8; 20_000]);
    add(3, b"abc", &[7u8; 100]);
    let at = |k: i32, grbit: JET_GRBIT| {
        seek_long(s, t, k, JET_bitSeekEQ).unwrap();
        jet_get_record_size(s, t, grbit).unwrap()
    };
    let one = at(1, 0);
    assert_eq!((one.tagged_columns, one.multi_values), (2, 2), "{one:?}");
    assert_eq!(
        (one.long_values, one.long_value_data),
        (1, 20_000),
        "{one:?}"
    );
    assert!(one.long_value_overhead > 0 && one.overhead > 10, "{one:?}");
    assert_eq!(one.long_value_data_compressed, 20_000, "{one:?}");
    // The three tags (2, 4 and 6 bytes of UTF-16) and the variable column are data.
    assert!(one.data >= 12 + 3, "{one:?}");
    // A longer name is 3 bytes more data, nothing else.
    let two = at(2, 0);
    assert_eq!(two.data, one.data + 3, "{two:?}");
    assert_eq!(two.overhead, one.overhead);
    // Without the long-value tree: the value is counted, not its size.
    let local = at(1, JET_bitRecordSizeLocal);
    assert_eq!((local.long_values, local.long_value_data), (1, 0));
    assert_eq!(local.data, one.data);
    // The long value by its root alone: the same logical size, stored as that, and only
    // the root's overhead.
    let logical = at(1, JET_bitRecordSizeExtrinsicLogicalOnly);
    assert_eq!(
        (
            logical.long_values,
            logical.long_value_data,
            logical.long_value_data_compressed
        ),
        (1, 20_000, 20_000)
    );
    assert!(
        logical.long_value_overhead < one.long_value_overhead,
        "{logical:?}"
    );
    assert_eq!((logical.data, logical.overhead), (one.data, one.overhead));
    // Nothing compressed in this record: the physical count is the same.
    assert_eq!(at(1, JET_bitRecordSizeIntrinsicPhysicalOnly), one);
    // What ESE refuses as unsupported.
    for g in [
        JET_bitRecordSizeIncludeDefaultValues,
        JET_bitRecordSizeSecondaryIndexKeyOnly,
    ] {
        assert_eq!(code(jet_get_record_size(s, t, g)), JET_errInvalidGrbit);
    }
    // A small long value stays in the record: data, no tree.
    let three = at(3, 0);
    assert_eq!(
        (three.long_values, three.long_value_data),
        (0, 0),
        "{three:?}"
    );
    assert_eq!(three.data, one.data + 100, "{three:?}");
    // The copy buffer of a replace with nothing set yet is the record.
    seek_long(s, t, 1, JET_bitSeekEQ).unwrap();
    jet_prepare_update(s, t, JET_prepReplace).unwrap();
    assert_eq!(
        jet_get_record_size(s, t, JET_bitRecordSizeInCopyBuffer).unwrap(),
        one
    );
    jet_set_column(s, t, x.name, Some(b"z"), 0, None).unwrap();
    assert_eq!(
        code(jet_get_record_size(s, t, JET_bitRecordSizeInCopyBuffer)),
        JET_errFeatureNotAvailable
    );
    jet_prepare_update(s, t, JET_prepCancel).unwrap();
    assert_eq!(code(jet_get_record_size(s, t, 0x1000)), JET_errInvalidGrbit);
    jet_move(s, t, JET_MoveLast, 0).unwrap();
    assert!(jet_move(s, t, JET_MoveNext, 0).is_err());
    assert_eq!(code(jet_get_record_size(s, t, 0)), JET_errNoCurrentRecord);
}

#[test]
fn callbacks_around_changes() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    let x = setup("callbacks");
    let (s, t) = (x.e.ses, x.t);
    let seen: Arc<Mutex<Vec<(JET_CBTYP, i32)>>> = Arc::default();
    let (seen2, k) = (seen.clone(), x.k);
    // Reads the copy buffer (or the record) from inside the callback.
    let f: JET_CALLBACK = Arc::new(move |ses, _db, tid, cbtyp| {
        let mut four = [0u8; 4];
        let grbit = if cbtyp & (JET_cbtypBeforeInsert | JET_cbtypBeforeReplace) != 0 {
            JET_bitRetrieveCopy
        } else {
            0
        };
        let before = JET_cbtypBeforeInsert | JET_cbtypBeforeReplace | JET_cbtypBeforeDelete;
        let got = if cbtyp & before != 0 {
            jet_retrieve_column(ses, tid, k, &mut four, grbit, None)?;
            i32::from_le_bytes(four)
        } else {
            -1
        };
        seen2.lock().unwrap().push((cbtyp, got));
        Ok(())
    });
    let all = JET_cbtypBeforeInsert
        | JET_cbtypAfterInsert
        | JET_cbtypBeforeReplace
        | JET_cbtypAfterReplace
        | JET_cbtypBeforeDelete
        | JET_cbtypAfterDelete;
    let id = jet_register_callback(s, t, all, f).unwrap();
    // A second one refuses replaces that set k's record's `must` to 13, and deletes of 7.
    let refusals = Arc::new(AtomicUsize::new(0));
    let (r2, must) = (refusals.clone(), x.must);
    let g: JET_CALLBACK = Arc::new(move |ses, _db, tid, cbtyp| {
        let mut four = [0u8; 4];
        let copy = if cbtyp == JET_cbtypBeforeReplace {
            JET_bitRetrieveCopy
        } else {
            0
        };
        let col = if cbtyp == JET_cbtypBeforeReplace {
            must
        } else {
            k
        };
        jet_retrieve_column(ses, tid, col, &mut four, copy, None)?;
        let v = i32::from_le_bytes(four);
        if (cbtyp == JET_cbtypBeforeReplace && v == 13)
            || (cbtyp == JET_cbtypBeforeDelete && v == 7)
        {
            r2.fetch_add(1, Ordering::Relaxed);
            return Err(ese::Error::with(ErrorCode::CallbackFailed, "refused"));
        }
        Ok(())
    });
    let gid =
        jet_register_callback(s, t, JET_cbtypBeforeReplace | JET_cbtypBeforeDelete, g).unwrap();

    insert(s, t, &[(x.k, &long(7)), (x.must, &long(1))]).unwrap();
    // Another cursor, even another session's, on the same table calls them too.
    let s2 = jet_begin_session(x.e.i.inst, None, None).unwrap();
    let (db2, _) = jet_open_database(s2, &x.e.file, None, 0).unwrap();
    let t2 = jet_open_table(s2, db2, "t", None, 0).unwrap();
    insert(s2, t2, &[(x.k, &long(8)), (x.must, &long(1))]).unwrap();
    assert_eq!(
        *seen.lock().unwrap(),
        vec![
            (JET_cbtypBeforeInsert, 7),
            (JET_cbtypAfterInsert, -1),
            (JET_cbtypBeforeInsert, 8),
            (JET_cbtypAfterInsert, -1)
        ]
    );
    seen.lock().unwrap().clear();
    // A refused replace stays prepared and changes nothing; then it goes through.
    seek_long(s, t, 7, JET_bitSeekEQ).unwrap();
    jet_prepare_update(s, t, JET_prepReplace).unwrap();
    jet_set_column(s, t, x.must, Some(&long(13)), 0, None).unwrap();
    assert_eq!(code(jet_update(s, t)), JET_errCallbackFailed);
    assert_eq!(get_long(s, t, x.must), Some(1));
    jet_set_column(s, t, x.must, Some(&long(14)), 0, None).unwrap();
    jet_update(s, t).unwrap();
    assert_eq!(get_long(s, t, x.must), Some(14));
    // A refused delete leaves the record.
    assert_eq!(code(jet_delete(s, t)), JET_errCallbackFailed);
    assert_eq!(get_long(s, t, x.k), Some(7));
    seek_long(s, t, 8, JET_bitSeekEQ).unwrap();
    jet_delete(s, t).unwrap();
    assert_eq!(refusals.load(Ordering::Relaxed), 2);
    assert_eq!(
        *seen.lock().unwrap(),
        vec![
            (JET_cbtypBeforeReplace, 7),
            (JET_cbtypBeforeReplace, 7),
            (JET_cbtypAfterReplace, -1),
            (JET_cbtypBeforeDelete, 7),
            (JET_cbtypBeforeDelete, 8),
            (JET_cbtypAfterDelete, -1)
        ]
    );
    // An insert-copy that deletes its original calls the delete's callbacks first, as
    // ESE's `ErrRECIInsert`: a refused delete changes nothing and leaves it prepared.
    seen.lock().unwrap().clear();
    seek_long(s, t, 7, JET_bitSeekEQ).unwrap();
    jet_prepare_update(s, t, JET_prepInsertCopyDeleteOriginal).unwrap();
    jet_set_column(s, t, x.k, Some(&long(70)), 0, None).unwrap();
    assert_eq!(code(jet_update(s, t)), JET_errCallbackFailed);
    assert_eq!(scan_long(s, t, x.k), vec![7]);
    jet_prepare_update(s, t, JET_prepCancel).unwrap();
    insert(s, t, &[(x.k, &long(20)), (x.must, &long(1))]).unwrap();
    seek_long(s, t, 20, JET_bitSeekEQ).unwrap();
    jet_prepare_update(s, t, JET_prepInsertCopyDeleteOriginal).unwrap();
    jet_set_column(s, t, x.k, Some(&long(21)), 0, None).unwrap();
    jet_update(s, t).unwrap();
    assert_eq!(scan_long(s, t, x.k), vec![7, 21]);
    assert_eq!(
        *seen.lock().unwrap(),
        vec![
            (JET_cbtypBeforeDelete, 7),
            (JET_cbtypBeforeInsert, 20),
            (JET_cbtypAfterInsert, -1),
            (JET_cbtypBeforeDelete, 20),
            (JET_cbtypAfterDelete, -1),
            (JET_cbtypBeforeInsert, 21),
            (JET_cbtypAfterInsert, -1)
        ]
    );
    seek_long(s, t, 21, JET_bitSeekEQ).unwrap();
    jet_delete(s, t).unwrap();
    // Unregistered, they are not called; a wrong id or type is refused.
    jet_unregister_callback(s, t, all, id).unwrap();
    jet_unregister_callback(s, t, 0, gid).unwrap();
    assert_eq!(
        code(jet_unregister_callback(s, t, all, id)),
        JET_errInvalidParameter
    );
    seen.lock().unwrap().clear();
    insert(s, t, &[(x.k, &long(9)), (x.must, &long(13))]).unwrap();
    seek_long(s, t, 7, JET_bitSeekEQ).unwrap();
    jet_delete(s, t).unwrap();
    assert!(seen.lock().unwrap().is_empty());
    assert_eq!(scan_long(s, t, x.k), vec![9]);
    let noop: JET_CALLBACK = Arc::new(|_, _, _, _| Ok(()));
    assert_eq!(
        code(jet_register_callback(s, t, JET_cbtypNull, noop.clone())),
        JET_errInvalidParameter
    );
    assert_eq!(
        code(jet_register_callback(s, t, 0x10000, noop)),
        JET_errInvalidParameter
    );
    jet_end_session(s2, 0).unwrap();
}

#[test]
fn enumerate_columns_left_to_their_default() {
    let e = Env::new("enumerate-default");
    // A tagged column: as in ESE, a new record holds the defaults of fixed and variable
    // columns, not of tagged ones.
    let mut d = col("d", JET_coltypLong, JET_bitColumnTagged);
    d.pvDefault = Some(long(7).to_vec());
    let (t, ids) = table(
        e.ses,
        e.db,
        "t",
        vec![col("k", JET_coltypLong, 0), d],
        vec![idx("pk", "+k\0\0", JET_bitIndexPrimary)],
    );
    let (k, d) = (ids[0], ids[1]);
    let s = e.ses;
    jet_prepare_update(s, t, JET_prepInsert).unwrap();
    jet_set_column(s, t, k, Some(&long(1)), 0, None).unwrap();
    jet_update(s, t).unwrap();
    jet_move(s, t, JET_MoveFirst, 0).unwrap();
    let one = |grbit, tags: Vec<u32>| {
        let id = JET_ENUMCOLUMNID {
            columnid: d,
            rgtagSequence: tags,
        };
        jet_enumerate_columns(s, t, Some(std::slice::from_ref(&id)), grbit)
            .unwrap()
            .remove(0)
    };
    // The default is the column's value, unless the call ignores defaults.
    assert_eq!(one(0, vec![]).rgEnumColumnValue[0].pvData, long(7));
    let ignored = one(JET_bitEnumerateIgnoreDefault, vec![]);
    assert_eq!(
        (ignored.err, ignored.rgEnumColumnValue.len()),
        (JET_wrnColumnDefault, 0)
    );
    let ignored = one(JET_bitEnumerateIgnoreDefault, vec![1]);
    assert_eq!(ignored.rgEnumColumnValue[0].err, JET_wrnColumnDefault);
    let all = jet_enumerate_columns(s, t, None, JET_bitEnumerateIgnoreDefault).unwrap();
    assert_eq!(all.iter().map(|c| c.columnid).collect::<Vec<_>>(), vec![k]);
    let all = jet_enumerate_columns(s, t, None, 0).unwrap();
    assert_eq!(
        all.iter().map(|c| c.columnid).collect::<Vec<_>>(),
        vec![k, d]
    );
}

#[test]
fn record_size_of_compressed_values_by_their_stored_bytes() {
    let e = Env::new("recsize-compressed");
    let (t, ids) = table(
        e.ses,
        e.db,
        "t",
        vec![
            col("k", JET_coltypLong, 0),
            col("c", JET_coltypLongBinary, JET_bitColumnCompressed),
        ],
        vec![idx("pk", "+k\0\0", JET_bitIndexPrimary)],
    );
    let s = e.ses;
    jet_prepare_update(s, t, JET_prepInsert).unwrap();
    jet_set_column(s, t, ids[0], Some(&long(1)), 0, None).unwrap();
    jet_set_column(s, t, ids[1], Some(&[0u8; 600]), 0, None).unwrap();
    jet_update(s, t).unwrap();
    jet_move(s, t, JET_MoveFirst, 0).unwrap();
    let logical = jet_get_record_size(s, t, 0).unwrap();
    let physical = jet_get_record_size(s, t, JET_bitRecordSizeIntrinsicPhysicalOnly).unwrap();
    assert_eq!(logical.compressed_columns, 1, "{logical:?}");
    assert!(logical.data_compressed < logical.data, "{logical:?}");
    // Stored bytes, not decompressed: data is what the record holds.
    assert_eq!(physical.data, logical.data_compressed, "{physical:?}");
    assert_eq!(physical.data_compressed, logical.data_compressed);
    assert_eq!(physical.compressed_columns, 0);
}

#[test]
fn retrieved_bytes_are_the_stored_bytes() {
    // As ESE, a value comes back as it was set, even bytes no type reading keeps: here an
    // odd number of bytes in a Unicode text column.
    let e = Env::new("retrieve-raw");
    let (t, ids) = table(
        e.ses,
        e.db,
        "t",
        vec![
            col("k", JET_coltypLong, 0),
            col("u", JET_coltypText, 0),
            col(
                "m",
                JET_coltypText,
                JET_bitColumnTagged | JET_bitColumnMultiValued,
            ),
        ],
        vec![idx("pk", "+k\0\0", JET_bitIndexPrimary)],
    );
    let s = e.ses;
    jet_prepare_update(s, t, JET_prepInsert).unwrap();
    jet_set_column(s, t, ids[0], Some(&long(1)), 0, None).unwrap();
    jet_set_column(s, t, ids[1], Some(b"abc"), 0, None).unwrap();
    let append = JET_SETINFO {
        ibLongValue: 0,
        itagSequence: 0,
    };
    jet_set_column(s, t, ids[2], Some(b"xyz"), 0, Some(&append)).unwrap();
    jet_set_column(s, t, ids[2], Some(b"w"), 0, Some(&append)).unwrap();
    jet_update(s, t).unwrap();
    jet_move(s, t, JET_MoveFirst, 0).unwrap();
    let mut buf = [0u8; 8];
    let (n, _) = jet_retrieve_column(s, t, ids[1], &mut buf, 0, None).unwrap();
    assert_eq!(&buf[..n], b"abc");
    let mut second = JET_RETINFO {
        itagSequence: 2,
        ..Default::default()
    };
    let (n, _) = jet_retrieve_column(s, t, ids[2], &mut buf, 0, Some(&mut second)).unwrap();
    assert_eq!(&buf[..n], b"w");
    let all = jet_enumerate_columns(s, t, Some(&[ids[2].into()]), 0).unwrap();
    assert_eq!(all[0].rgEnumColumnValue[0].pvData, b"xyz");
}

/// `JET_bitRetrievePhysicalSize`, `JET_bitRetrieveLongId` and `JET_bitRetrievePageNumber`:
/// how a value is kept and where the record lies, as ESE answers them.
#[test]
fn physical_sizes_long_value_ids_and_page_numbers() {
    let e = Env::new("retrieve-stored-form");
    let (t, ids) = table(
        e.ses,
        e.db,
        "t",
        vec![
            col("k", JET_coltypLong, 0),
            col("c", JET_coltypLongBinary, JET_bitColumnCompressed),
            col("big", JET_coltypLongBinary, 0),
            col("small", JET_coltypLongBinary, 0),
            col("n", JET_coltypLong, 0),
            col("pad", JET_coltypLongBinary, 0),
        ],
        vec![idx("pk", "+k\0\0", JET_bitIndexPrimary)],
    );
    let (s, k, c, big, small, n, pad) = (e.ses, ids[0], ids[1], ids[2], ids[3], ids[4], ids[5]);
    let bytes: Vec<u8> = (0..20_000u32).map(|i| (i * 7 % 251) as u8).collect();
    for key in [1, 2] {
        insert(
            s,
            t,
            &[
                (k, &long(key)),
                (c, &[0u8; 600]),
                (big, &bytes),
                (small, &[1, 2, 3]),
            ],
        )
        .unwrap();
    }
    jet_move(s, t, JET_MoveFirst, 0).unwrap();
    let stored = |col, grbit| jet_retrieve_column(s, t, col, &mut [], grbit, None);
    let ps = JET_bitRetrievePhysicalSize;

    // Physical sizes: compressed as compressed, a separated value by its chunks, NULL none.
    let (cn, w) = stored(c, ps).unwrap();
    assert!(cn > 0 && cn < 600 && w.is_none(), "{cn} {w:?}");
    assert_eq!(stored(big, ps).unwrap(), (20_000, None));
    assert_eq!(stored(small, ps).unwrap(), (3, None));
    assert_eq!(stored(n, ps).unwrap(), (0, Some(Warning::ColumnNull)));
    assert_eq!(
        stored(c, 0).unwrap(),
        (600, Some(Warning::BufferTruncated)),
        "the value itself is 600 bytes"
    );
    let mut four = [0u8; 4];
    assert_eq!(
        code(jet_retrieve_column(s, t, c, &mut four, ps, None)),
        JET_errInvalidParameter
    );
    let mut at = JET_RETINFO {
        ibLongValue: 5,
        itagSequence: 1,
        columnidNextTagged: 0,
    };
    assert_eq!(
        code(jet_retrieve_column(s, t, c, &mut [], ps, Some(&mut at))),
        JET_errInvalidParameter
    );
    for bad in [ps | JET_bitRetrieveFromIndex, ps | JET_bitRetrieveLongId] {
        assert_eq!(code(stored(c, bad)), JET_errInvalidGrbit);
    }

    // Long-value ids: of a separated value only.
    let mut eight = [0u8; 8];
    let li = JET_bitRetrieveLongId;
    assert_eq!(
        jet_retrieve_column(s, t, big, &mut eight, li, None).unwrap(),
        (8, Some(Warning::SeparateLongValue))
    );
    let lid = u64::from_le_bytes(eight);
    assert_ne!(lid, 0);
    if lid <= u64::from(u32::MAX) {
        assert_eq!(
            jet_retrieve_column(s, t, big, &mut four, li, None).unwrap(),
            (4, Some(Warning::SeparateLongValue))
        );
        assert_eq!(u64::from(u32::from_le_bytes(four)), lid);
    }
    assert_eq!(
        code(jet_retrieve_column(s, t, big, &mut [0u8; 2], li, None)),
        JET_errInvalidBufferSize
    );
    for col in [c, small, n] {
        assert_eq!(
            jet_retrieve_column(s, t, col, &mut eight, li, None).unwrap(),
            (0, Some(Warning::ColumnNull))
        );
    }
    jet_move(s, t, JET_MoveNext, 0).unwrap();
    let mut other = [0u8; 8];
    jet_retrieve_column(s, t, big, &mut other, li, None).unwrap();
    assert_ne!(
        u64::from_le_bytes(other),
        lid,
        "each record has its own long value"
    );
    jet_move(s, t, JET_MoveFirst, 0).unwrap();

    // The prepared update: what it set counts its own length; the rest as stored.
    jet_prepare_update(s, t, JET_prepReplace).unwrap();
    jet_set_column(s, t, small, Some(&[9u8; 10]), 0, None).unwrap();
    let copy = JET_bitRetrieveCopy;
    assert_eq!(stored(small, ps | copy).unwrap(), (10, None));
    assert_eq!(stored(big, ps | copy).unwrap(), (20_000, None));
    assert_eq!(
        jet_retrieve_column(s, t, big, &mut eight, li | copy, None).unwrap(),
        (8, Some(Warning::SeparateLongValue))
    );
    assert_eq!(u64::from_le_bytes(eight), lid);
    jet_prepare_update(s, t, JET_prepCancel).unwrap();

    // Page numbers: both records in one leaf; after splits the first and the last apart,
    // and a cursor whose page changed under it finds its record's page again.
    let pn = JET_bitRetrievePageNumber;
    let page = |t| {
        let mut b = [0u8; 4];
        assert_eq!(
            jet_retrieve_column(s, t, 0, &mut b, pn, None).unwrap(),
            (4, None)
        );
        u32::from_le_bytes(b)
    };
    let first = page(t);
    jet_move(s, t, JET_MoveNext, 0).unwrap();
    assert_eq!(page(t), first);
    assert_eq!(
        code(jet_retrieve_column(s, t, 0, &mut [0u8; 2], pn, None)),
        JET_errBufferTooSmall
    );
    assert_eq!(
        code(jet_retrieve_column(s, t, 0, &mut four, pn | copy, None)),
        JET_errInvalidGrbit
    );
    jet_move(s, t, JET_MoveFirst, 0).unwrap();
    let t2 = jet_open_table(s, e.db, "t", None, 0).unwrap();
    for key in 3..400 {
        insert(s, t2, &[(k, &long(key)), (pad, &[7u8; 200])]).unwrap();
    }
    jet_move(s, t2, JET_MoveFirst, 0).unwrap();
    let fresh_first = page(t2);
    assert_ne!(
        fresh_first, first,
        "the root split: the first record moved to a leaf"
    );
    assert_eq!(
        page(t),
        fresh_first,
        "the stale cursor finds its record's page again"
    );
    jet_move(s, t2, JET_MoveLast, 0).unwrap();
    assert_ne!(
        page(t2),
        fresh_first,
        "400 records of 200 bytes fill more than one leaf"
    );
    jet_close_table(s, t2).unwrap();
    jet_move(s, t, JET_MoveFirst, 0).unwrap();
    assert_eq!(
        code(jet_move(s, t, JET_MovePrevious, 0)),
        JET_errNoCurrentRecord
    );
    assert_eq!(
        code(jet_retrieve_column(s, t, 0, &mut four, pn, None)),
        JET_errNoCurrentRecord
    );
}

/// `JET_bitRetrieveFromIndex` on a multi-valued index gives the value the entry was made
/// from, whatever `itagSequence` asks, and `JET_bitRetrieveTag` returns that value's
/// `itagSequence`, as ESE's `ErrRECIRetrieveFromIndex` does.
#[test]
fn from_a_multi_valued_index_the_entrys_own_value_and_its_tag() {
    let e = Env::new("retrieve-tag");
    let (t, ids) = table(
        e.ses,
        e.db,
        "t",
        vec![
            col("k", JET_coltypLong, 0),
            col(
                "tags",
                JET_coltypLong,
                JET_bitColumnTagged | JET_bitColumnMultiValued,
            ),
        ],
        vec![
            idx("pk", "+k\0\0", JET_bitIndexPrimary),
            idx("bytag", "+tags\0\0", 0),
        ],
    );
    let (s, k, tags) = (e.ses, ids[0], ids[1]);
    jet_prepare_update(s, t, JET_prepInsert).unwrap();
    jet_set_column(s, t, k, Some(&long(1)), 0, None).unwrap();
    let append = JET_SETINFO {
        ibLongValue: 0,
        itagSequence: 0,
    };
    for v in [30, 10, 20] {
        jet_set_column(s, t, tags, Some(&long(v)), 0, Some(&append)).unwrap();
    }
    jet_update(s, t).unwrap();
    jet_set_current_index(s, t, Some("bytag")).unwrap();
    let mut seen = Vec::new();
    loop {
        let mut b = [0u8; 4];
        let mut info = JET_RETINFO {
            ibLongValue: 0,
            itagSequence: 1,
            columnidNextTagged: 0,
        };
        let g = JET_bitRetrieveFromIndex | JET_bitRetrieveTag;
        jet_retrieve_column(s, t, tags, &mut b, g, Some(&mut info)).unwrap();
        let from_tag = info.itagSequence;
        // Without the tag bit the same value, and itagSequence left as it was.
        let mut b2 = [0u8; 4];
        let mut info2 = JET_RETINFO {
            ibLongValue: 0,
            itagSequence: 1,
            columnidNextTagged: 0,
        };
        jet_retrieve_column(
            s,
            t,
            tags,
            &mut b2,
            JET_bitRetrieveFromIndex,
            Some(&mut info2),
        )
        .unwrap();
        assert_eq!((b2, info2.itagSequence), (b, 1));
        // Through JetRetrieveColumns as well.
        let mut b3 = [0u8; 4];
        let mut cols = [JET_RETRIEVECOLUMN {
            columnid: tags,
            pvData: &mut b3,
            cbActual: 0,
            grbit: g,
            ibLongValue: 0,
            itagSequence: 1,
            columnidNextTagged: 0,
            err: 0,
        }];
        jet_retrieve_columns(s, t, &mut cols).unwrap();
        assert_eq!(cols[0].itagSequence, from_tag);
        assert_eq!(b3, b);
        seen.push((i32::from_le_bytes(b), from_tag));
        if jet_move(s, t, JET_MoveNext, 0).is_err() {
            break;
        }
    }
    assert_eq!(seen, vec![(10, 2), (20, 3), (30, 1)]);
    // On the primary index the tag is 1; the tag bit alone changes nothing.
    jet_set_current_index(s, t, None).unwrap();
    let mut b = [0u8; 4];
    let mut info = JET_RETINFO {
        ibLongValue: 0,
        itagSequence: 3,
        columnidNextTagged: 0,
    };
    let g = JET_bitRetrieveFromIndex | JET_bitRetrieveTag;
    jet_retrieve_column(s, t, k, &mut b, g, Some(&mut info)).unwrap();
    assert_eq!((i32::from_le_bytes(b), info.itagSequence), (1, 1));
    info.itagSequence = 2;
    jet_retrieve_column(s, t, tags, &mut b, JET_bitRetrieveTag, Some(&mut info)).unwrap();
    assert_eq!((i32::from_le_bytes(b), info.itagSequence), (10, 2));
}

/// `JET_bitRetrieveTuple` with `JET_bitRetrieveFromIndex`: on an index over substring tuples
/// of a binary column, each entry's own substring, read back from its key; of a text column,
/// whose key cannot be read back, the record's value, as ESE gives them.
#[test]
fn tuples_out_of_a_tuple_index() {
    let e = Env::new("retrieve-tuple");
    let mut text = col("s", JET_coltypText, 0);
    text.cp = JET_cpANSI;
    let (t, ids) = table(
        e.ses,
        e.db,
        "t",
        vec![
            col("k", JET_coltypLong, 0),
            col("b", JET_coltypBinary, 0),
            text,
        ],
        vec![
            idx("pk", "+k\0\0", JET_bitIndexPrimary),
            idx("byb", "+b\0\0", JET_bitIndexTuples),
            idx("bys", "-s\0\0", JET_bitIndexTuples),
        ],
    );
    let (s, k, b, text) = (e.ses, ids[0], ids[1], ids[2]);
    let value = b"abcdefgh12";
    insert(s, t, &[(k, &long(1)), (b, value), (text, b"hello world")]).unwrap();
    let fi = JET_bitRetrieveFromIndex;
    let tu = JET_bitRetrieveTuple;
    jet_set_current_index(s, t, Some("byb")).unwrap();
    let mut got = Vec::new();
    loop {
        let mut buf = [0u8; 32];
        let (n, w) = jet_retrieve_column(s, t, b, &mut buf, fi | tu, None).unwrap();
        assert_eq!(w, None);
        got.push(buf[..n].to_vec());
        assert_eq!(
            code(jet_retrieve_column(s, t, b, &mut buf, fi, None)),
            JET_errIndexTuplesCannotRetrieveFromIndex
        );
        if jet_move(s, t, JET_MoveNext, 0).is_err() {
            break;
        }
    }
    // ESE's default limits: substrings of 3 to 10 bytes from every offset, in key order.
    let mut want: Vec<Vec<u8>> = (0..=value.len() - 3)
        .map(|o| value[o..value.len().min(o + 10)].to_vec())
        .collect();
    want.sort();
    assert_eq!(got, want);
    // A descending text tuple index: the record's whole value on every entry.
    jet_set_current_index(s, t, Some("bys")).unwrap();
    let mut entries = 0;
    loop {
        assert_eq!(get_tuple(s, t, text, fi | tu), b"hello world");
        entries += 1;
        if jet_move(s, t, JET_MoveNext, 0).is_err() {
            break;
        }
    }
    assert_eq!(entries, "hello world".len() - 2);
    // Not without JET_bitRetrieveFromIndex.
    let mut buf = [0u8; 32];
    assert_eq!(
        code(jet_retrieve_column(s, t, b, &mut buf, tu, None)),
        JET_errInvalidGrbit
    );
}

fn get_tuple(s: JET_SESID, t: JET_TABLEID, c: JET_COLUMNID, grbit: JET_GRBIT) -> Vec<u8> {
    let mut buf = [0u8; 64];
    let (n, _) = jet_retrieve_column(s, t, c, &mut buf, grbit, None).unwrap();
    buf[..n].to_vec()
}
