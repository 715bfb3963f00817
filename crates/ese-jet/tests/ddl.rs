//! Schema through the Jet API: tables with columns and indexes in one call, added and
//! deleted columns and indexes, what the info queries report, deleted and renamed
//! tables, the exclusive cursor of a new table, and schema changes rolled back.

mod common;
use common::*;
use ese_jet::consts::*;
use ese_jet::*;

#[test]
fn create_table_column_index_reports_ids_and_counts() {
    let e = Env::new("ddl-create");
    let mut tc = JET_TABLECREATE {
        szTableName: "people".into(),
        rgcolumncreate: vec![
            col("id", JET_coltypLong, JET_bitColumnNotNULL),
            col("name", JET_coltypText, 0),
            col(
                "tags",
                JET_coltypText,
                JET_bitColumnTagged | JET_bitColumnMultiValued,
            ),
            col("bio", JET_coltypLongText, 0),
        ],
        rgindexcreate: vec![
            idx("primary", "+id\0\0", JET_bitIndexPrimary),
            idx("byname", "+name\0-id\0\0", 0),
            idx("bytag", "+tags\0\0", JET_bitIndexIgnoreAnyNull),
        ],
        ..Default::default()
    };
    jet_create_table_column_index(e.ses, e.db, &mut tc).unwrap();
    assert_eq!(tc.cCreated, 8);
    let ids: Vec<u32> = tc.rgcolumncreate.iter().map(|c| c.columnid).collect();
    assert_eq!(ids[0], 1, "the first fixed column");
    assert_eq!(ids[1], 128, "the first variable column");
    assert!(ids[2] >= 256 && ids[3] >= 256, "tagged and long columns");
    // The creator's cursor is exclusive until closed.
    let s2 = jet_dup_session(e.ses).unwrap();
    let (db2, _) = jet_open_database(s2, &e.file, None, 0).unwrap();
    assert_eq!(code(jet_open_table(s2, db2, "people", None, 0)), -1302);
    jet_close_table(e.ses, tc.tableid).unwrap();
    let t2 = jet_open_table(s2, db2, "people", None, JET_bitTableDenyWrite).unwrap();
    assert_eq!(code(jet_open_table(e.ses, e.db, "people", None, 0)), -1302);
    let ro = jet_open_table(e.ses, e.db, "people", None, JET_bitTableReadOnly).unwrap();
    jet_close_table(s2, t2).unwrap();
    let t3 = jet_open_table(s2, db2, "people", None, JET_bitTableReadOnly).unwrap();
    assert_eq!(
        code(jet_open_table(
            e.ses,
            e.db,
            "people",
            None,
            JET_bitTableDenyRead
        )),
        -1304
    );
    jet_close_table(s2, t3).unwrap();
    jet_close_table(e.ses, ro).unwrap();
    // Info.
    let t = jet_open_table(e.ses, e.db, "people", None, 0).unwrap();
    let c = jet_get_table_column_info(e.ses, t, "NAME").unwrap();
    assert_eq!((c.columnid, c.coltyp, c.cp), (128, JET_coltypText, 1200));
    assert_ne!(c.grbit & JET_bitColumnMaybeNull, 0);
    let c = jet_get_table_column_info_by_id(e.ses, t, 1).unwrap();
    assert_eq!((c.coltyp, c.cbMax), (JET_coltypLong, 4));
    assert_ne!(c.grbit & JET_bitColumnNotNULL, 0);
    assert_ne!(c.grbit & JET_bitColumnFixed, 0);
    let c = jet_get_column_info(e.ses, e.db, "people", "tags").unwrap();
    assert_ne!(c.grbit & JET_bitColumnMultiValued, 0);
    assert_ne!(c.grbit & JET_bitColumnTagged, 0);
    assert_eq!(
        code(jet_get_table_column_info(e.ses, t, "nope")),
        JET_errColumnNotFound
    );
    assert_eq!(
        code(jet_get_column_info(e.ses, e.db, "nope", "id")),
        JET_errObjectNotFound
    );
    let list = jet_get_table_column_list(e.ses, t).unwrap();
    assert_eq!(list.len(), 4);
    assert_eq!(list[0].szBaseTableName, "people");
    let ix = jet_get_table_index_info(e.ses, t, None).unwrap();
    assert_eq!(ix.len(), 3);
    let by = jet_get_table_index_info(e.ses, t, Some("byname")).unwrap();
    assert_eq!(by[0].szKey, "+name\0-id\0\0");
    assert_eq!(
        by[0].segments,
        vec![("name".to_string(), false), ("id".to_string(), true)]
    );
    let pk = jet_get_index_info(e.ses, e.db, "people", Some("primary")).unwrap();
    assert_ne!(pk[0].grbit & JET_bitIndexPrimary, 0);
    let tag = jet_get_table_index_info(e.ses, t, Some("bytag")).unwrap();
    assert_ne!(tag[0].grbit & JET_bitIndexIgnoreAnyNull, 0);
    assert_eq!(
        code(jet_get_table_index_info(e.ses, t, Some("zz"))),
        JET_errIndexNotFound
    );
    let info = jet_get_table_info(e.ses, t).unwrap();
    assert_eq!(
        (
            info.szTableName.as_str(),
            info.dbid,
            info.ccolumns,
            info.cindexes,
            info.crecords
        ),
        ("people", e.db, 4, 3, 0)
    );
    assert_eq!(
        jet_get_table_names(e.ses, e.db).unwrap(),
        vec!["people".to_string()]
    );
}

#[test]
fn bad_definitions_give_esents_errors() {
    let e = Env::new("ddl-bad");
    let make = |cols: Vec<JET_COLUMNCREATE>, idxs: Vec<JET_INDEXCREATE>| {
        let mut tc = JET_TABLECREATE {
            szTableName: "x".into(),
            rgcolumncreate: cols,
            rgindexcreate: idxs,
            ..Default::default()
        };
        let r = jet_create_table_column_index(e.ses, e.db, &mut tc);
        (r, tc)
    };
    let (r, tc) = make(vec![col("a", 13, 0)], vec![]);
    assert_eq!(code(r), JET_errInvalidColumnType);
    assert_eq!(tc.rgcolumncreate[0].err, JET_errInvalidColumnType);
    let (r, _) = make(
        vec![col("a", JET_coltypLong, 0), col("A", JET_coltypLong, 0)],
        vec![],
    );
    assert_eq!(code(r), JET_errColumnDuplicate);
    let (r, tc) = make(
        vec![col("a", JET_coltypLong, 0)],
        vec![idx("i", "a\0\0", 0)],
    );
    assert_eq!(code(r), JET_errIndexInvalidDef);
    assert_eq!(tc.rgindexcreate[0].err, JET_errIndexInvalidDef);
    let (r, _) = make(
        vec![col("a", JET_coltypLong, 0)],
        vec![idx("i", "+a\0\0junk", 0)],
    );
    assert_eq!(code(r), JET_errIndexInvalidDef);
    let (r, _) = make(
        vec![col("a", JET_coltypLong, 0)],
        vec![idx("i", "+b\0\0", 0)],
    );
    assert_eq!(code(r), JET_errColumnNotFound);
    let (r, _) = make(
        vec![col("a", JET_coltypLong, 0)],
        vec![
            idx("p", "+a\0\0", JET_bitIndexPrimary),
            idx("q", "-a\0\0", JET_bitIndexPrimary),
        ],
    );
    assert_eq!(code(r), -1402);
    let (r, _) = make(
        vec![col("a", JET_coltypLong, JET_bitColumnMultiValued)],
        vec![],
    );
    assert_eq!(code(r), -1509);
    let mut tc = JET_TABLECREATE {
        szTableName: "d".into(),
        ulDensity: 10,
        ..Default::default()
    };
    assert_eq!(
        code(jet_create_table_column_index(e.ses, e.db, &mut tc)),
        JET_errDensityInvalid
    );
    // A template table that does not exist.
    let mut tc = JET_TABLECREATE {
        szTableName: "d".into(),
        szTemplateTableName: Some("t".into()),
        ..Default::default()
    };
    assert_eq!(
        code(jet_create_table_column_index(e.ses, e.db, &mut tc)),
        JET_errObjectNotFound
    );
    // Nothing was left behind; a good table and a duplicate.
    assert!(jet_get_table_names(e.ses, e.db).unwrap().is_empty());
    let t = jet_create_table(e.ses, e.db, "plain", 0, 0).unwrap();
    assert_eq!(
        code(jet_create_table(e.ses, e.db, "PLAIN", 0, 0)),
        JET_errTableDuplicate
    );
    jet_close_table(e.ses, t).unwrap();
}

#[test]
fn columns_and_indexes_added_and_deleted_through_a_cursor() {
    let e = Env::new("ddl-alter");
    let (t, ids) = table(
        e.ses,
        e.db,
        "t",
        vec![col("k", JET_coltypLong, 0)],
        vec![idx("pk", "+k\0\0", JET_bitIndexPrimary)],
    );
    for k in [3, 1, 2] {
        insert(e.ses, t, &[(ids[0], &long(k))]).unwrap();
    }
    seek_long(e.ses, t, 2, JET_bitSeekEQ).unwrap();
    let def = JET_COLUMNDEF {
        coltyp: JET_coltypLong,
        ..Default::default()
    };
    let (v, w) = jet_add_column(e.ses, t, "v", &def, Some(&long(9))).unwrap();
    assert_eq!(w, None);
    // The cursor sees the new column at once, on the same record, with the default.
    assert_eq!(get_long(e.ses, t, ids[0]), Some(2));
    assert_eq!(get_long(e.ses, t, v), Some(9));
    let text = JET_COLUMNDEF {
        coltyp: JET_coltypText,
        cbMax: 300,
        cp: 1252,
        ..Default::default()
    };
    let (name, w) = jet_add_column(e.ses, t, "name", &text, None).unwrap();
    assert_eq!(w, Some(Warning::ColumnMaxTruncated));
    assert_eq!(
        jet_get_table_column_info_by_id(e.ses, t, name)
            .unwrap()
            .cbMax,
        255
    );
    assert_eq!(
        code(jet_add_column(e.ses, t, "V", &def, None)),
        JET_errColumnDuplicate
    );
    // An index over data; a unique one over duplicates fails.
    jet_prepare_update(e.ses, t, JET_prepReplace).unwrap();
    jet_set_column(e.ses, t, v, Some(&long(5)), 0, None).unwrap();
    jet_update(e.ses, t).unwrap();
    jet_create_index(e.ses, t, "byv", 0, "-v\0\0", 0).unwrap();
    jet_set_current_index(e.ses, t, Some("byv")).unwrap();
    assert_eq!(scan_long(e.ses, t, v), vec![9, 9, 5]);
    assert_eq!(
        code(jet_create_index(
            e.ses,
            t,
            "uv",
            JET_bitIndexUnique,
            "+v\0\0",
            0
        )),
        JET_errKeyDuplicate
    );
    assert_eq!(
        code(jet_create_index(e.ses, t, "byv", 0, "+k\0\0", 0)),
        JET_errIndexDuplicate
    );
    assert_eq!(
        code(jet_create_index(e.ses, t, "d", 0, "+k\0\0", 5)),
        JET_errDensityInvalid
    );
    // Deleting a column an index uses is refused; the index first.
    assert_eq!(code(jet_delete_column(e.ses, t, "v")), -1046);
    jet_delete_index(e.ses, t, "byv").unwrap();
    assert_eq!(jet_get_current_index(e.ses, t).unwrap(), "pk");
    assert_eq!(
        code(jet_delete_index(e.ses, t, "byv")),
        JET_errIndexNotFound
    );
    jet_delete_column(e.ses, t, "v").unwrap();
    assert_eq!(
        code(jet_get_table_column_info(e.ses, t, "v")),
        JET_errColumnNotFound
    );
    // A renamed column keeps its id, values and index; the old name is gone.
    assert_eq!(
        code(jet_rename_column(e.ses, t, "nope", "n", 0)),
        JET_errColumnNotFound
    );
    jet_rename_column(e.ses, t, "k", "key", 0).unwrap();
    assert_eq!(
        jet_get_table_column_info(e.ses, t, "key").unwrap().columnid,
        ids[0]
    );
    assert_eq!(
        code(jet_get_table_column_info(e.ses, t, "k")),
        JET_errColumnNotFound
    );
    assert_eq!(scan_long(e.ses, t, ids[0]), vec![1, 2, 3]);
    assert_eq!(seek_long(e.ses, t, 2, JET_bitSeekEQ).unwrap(), None);
    assert_eq!(
        code(jet_rename_column(e.ses, t, "key", "NAME", 0)),
        JET_errColumnDuplicate
    );
    assert_eq!(
        code(jet_rename_column(e.ses, t, "key", "k2", 1)),
        JET_errInvalidGrbit
    );
    jet_begin_transaction(e.ses).unwrap();
    assert_eq!(
        code(jet_rename_column(e.ses, t, "key", "k2", 0)),
        JET_errInTransaction
    );
    jet_rollback(e.ses, 0).unwrap();
    assert_eq!(
        jet_get_table_column_info(e.ses, t, "key").unwrap().columnid,
        ids[0]
    );
}

#[test]
fn delete_rename_and_rollback_of_tables() {
    let e = Env::new("ddl-tables");
    let (t, _) = table(e.ses, e.db, "a", vec![col("k", JET_coltypLong, 0)], vec![]);
    assert_eq!(code(jet_delete_table(e.ses, e.db, "a")), JET_errTableInUse);
    assert_eq!(
        code(jet_rename_table(e.ses, e.db, "a", "b")),
        JET_errTableInUse
    );
    jet_close_table(e.ses, t).unwrap();
    jet_rename_table(e.ses, e.db, "a", "b").unwrap();
    assert_eq!(
        code(jet_open_table(e.ses, e.db, "a", None, 0)),
        JET_errObjectNotFound
    );
    assert_eq!(code(jet_delete_table(e.ses, e.db, "MSysObjects")), -1318);
    assert_eq!(
        code(jet_delete_table(e.ses, e.db, "zz")),
        JET_errObjectNotFound
    );
    // A table created and deleted inside transactions that roll back.
    jet_begin_transaction(e.ses).unwrap();
    let t = jet_create_table(e.ses, e.db, "temp", 0, 0).unwrap();
    jet_close_table(e.ses, t).unwrap();
    jet_delete_table(e.ses, e.db, "b").unwrap();
    assert_eq!(
        jet_get_table_names(e.ses, e.db).unwrap(),
        vec!["temp".to_string()]
    );
    jet_rollback(e.ses, 0).unwrap();
    assert_eq!(
        jet_get_table_names(e.ses, e.db).unwrap(),
        vec!["b".to_string()]
    );
    jet_delete_table(e.ses, e.db, "b").unwrap();
    assert!(jet_get_table_names(e.ses, e.db).unwrap().is_empty());
}

#[test]
fn index_statistics_defaults_and_pages_are_answered() {
    let e = Env::new("stats");
    let (t, ids) = table(
        e.ses,
        e.db,
        "stats",
        vec![
            col("id", JET_coltypLong, JET_bitColumnNotNULL),
            col("grp", JET_coltypLong, 0),
            col("pad", JET_coltypBinary, 0),
        ],
        vec![
            idx("primary", "+id\0\0", JET_bitIndexPrimary),
            idx("bygrp", "+grp\0\0", 0),
        ],
    );
    let empty = index_stats(e.ses, t, "bygrp").unwrap();
    assert_eq!((empty.entries, empty.keys, empty.pages), (0, 0, 0));
    let pad = [7u8; 200];
    jet_begin_transaction(e.ses).unwrap();
    for id in 0..300i32 {
        let grp = id % 7;
        insert(
            e.ses,
            t,
            &[
                (ids[0], &id.to_le_bytes()),
                (ids[1], &grp.to_le_bytes()),
                (ids[2], &pad),
            ],
        )
        .unwrap();
    }
    jet_commit_transaction(e.ses, 0).unwrap();
    let pk = index_stats(e.ses, t, "primary").unwrap();
    assert_eq!((pk.entries, pk.keys), (300, 300));
    // 300 records of over 200 bytes need more than one 8 KiB leaf.
    assert!(pk.pages > 1 && pk.pages < 300, "{pk:?}");
    let by = index_stats(e.ses, t, "bygrp").unwrap();
    assert_eq!((by.entries, by.keys), (300, 7));
    assert!(by.pages >= 1 && by.pages <= pk.pages, "{by:?}");
    assert_eq!(code(index_stats(e.ses, t, "nope")), JET_errIndexNotFound);
    let info = jet_get_table_info(e.ses, t).unwrap();
    assert_eq!((info.crecords, info.cpages), (300, pk.pages));

    // A default value reaches the column list as the catalog holds it.
    let def = JET_COLUMNDEF {
        coltyp: JET_coltypLong,
        ..Default::default()
    };
    jet_add_column(e.ses, t, "dflt", &def, Some(&42i32.to_le_bytes())).unwrap();
    let list = jet_get_table_column_list(e.ses, t).unwrap();
    let d = list.iter().find(|c| c.szBaseColumnName == "dflt").unwrap();
    assert_eq!(d.pvDefault.as_deref(), Some(&42i32.to_le_bytes()[..]));
    let g = list.iter().find(|c| c.szBaseColumnName == "grp").unwrap();
    assert_eq!(g.pvDefault, None);
}

/// `JET_INDEXCREATE.rgconditionalcolumn`: a sparse index of the records whose
/// `flag` is set and whose `gone` is not, kept as records change; a condition
/// without exactly one of the two grbits is `JET_errInvalidGrbit`.
#[test]
fn conditional_indexes_hold_the_records_that_meet_their_conditions() {
    let e = Env::new("ddl-conditional");
    let mut sparse = idx("sparse", "+k\0\0", 0);
    sparse.rgconditionalcolumn = vec![
        JET_CONDITIONALCOLUMN {
            szColumnName: "flag".into(),
            grbit: JET_bitIndexColumnMustBeNonNull,
        },
        JET_CONDITIONALCOLUMN {
            szColumnName: "gone".into(),
            grbit: JET_bitIndexColumnMustBeNull,
        },
    ];
    let (t, ids) = table(
        e.ses,
        e.db,
        "t",
        vec![
            col("k", JET_coltypLong, 0),
            col("flag", JET_coltypLong, 0),
            col("gone", JET_coltypLong, 0),
        ],
        vec![idx("pk", "+k\0\0", JET_bitIndexPrimary), sparse],
    );
    for k in 1..=9 {
        let mut vals: Vec<(JET_COLUMNID, [u8; 4])> = vec![(ids[0], long(k))];
        if k % 2 == 1 {
            vals.push((ids[1], long(1)));
        }
        if k % 3 == 0 {
            vals.push((ids[2], long(1)));
        }
        let vals: Vec<(JET_COLUMNID, &[u8])> = vals.iter().map(|(c, v)| (*c, &v[..])).collect();
        insert(e.ses, t, &vals).unwrap();
    }
    jet_set_current_index(e.ses, t, Some("sparse")).unwrap();
    assert_eq!(
        scan_long(e.ses, t, ids[0]),
        vec![1, 5, 7],
        "odd, not a multiple of 3"
    );
    // Record 3 loses `gone` and joins; record 5 loses `flag` and leaves.
    jet_set_current_index(e.ses, t, None).unwrap();
    for (k, c) in [(3, ids[2]), (5, ids[1])] {
        seek_long(e.ses, t, k, JET_bitSeekEQ).unwrap();
        jet_prepare_update(e.ses, t, JET_prepReplace).unwrap();
        jet_set_column(e.ses, t, c, None, 0, None).unwrap();
        jet_update(e.ses, t).unwrap();
    }
    jet_set_current_index(e.ses, t, Some("sparse")).unwrap();
    assert_eq!(scan_long(e.ses, t, ids[0]), vec![1, 3, 7]);
    // A condition with both grbits, or neither.
    for grbit in [
        JET_bitIndexColumnMustBeNull | JET_bitIndexColumnMustBeNonNull,
        0,
    ] {
        let mut bad = idx("bad", "+k\0\0", 0);
        bad.rgconditionalcolumn = vec![JET_CONDITIONALCOLUMN {
            szColumnName: "flag".into(),
            grbit,
        }];
        assert_eq!(
            code(jet_create_index2(e.ses, t, std::slice::from_mut(&mut bad))),
            JET_errInvalidGrbit
        );
    }
}

#[test]
fn a_columns_default_value_is_changed() {
    let e = Env::new("setdefault");
    let (t, ids) = table(
        e.ses,
        e.db,
        "t",
        vec![
            col("k", JET_coltypLong, 0),
            col("v", JET_coltypLong, 0),
            col("tag", JET_coltypBinary, JET_bitColumnTagged),
            col("lv", JET_coltypLongBinary, 0),
        ],
        vec![idx("pk", "+k\0\0", JET_bitIndexPrimary)],
    );
    insert(e.ses, t, &[(ids[0], &long(1))]).unwrap();
    // The table must be closed.
    assert_eq!(
        code(jet_set_column_default_value(
            e.ses, e.db, "t", "tag", b"x", 0
        )),
        JET_errTableInUse
    );
    jet_close_table(e.ses, t).unwrap();
    jet_set_column_default_value(e.ses, e.db, "t", "tag", b"abc", 0).unwrap();
    jet_set_column_default_value(e.ses, e.db, "t", "v", &long(9), 0).unwrap();
    jet_set_column_default_value(e.ses, e.db, "t", "lv", &[7u8; 200], 0).unwrap();
    let t = jet_open_table(e.ses, e.db, "t", None, 0).unwrap();
    // A record without a tagged value reads the new default.
    seek_long(e.ses, t, 1, JET_bitSeekEQ).unwrap();
    assert_eq!(get(e.ses, t, ids[2]).unwrap(), b"abc");
    assert_eq!(get(e.ses, t, ids[3]).unwrap(), vec![7u8; 200]);
    // A new record takes the defaults.
    insert(e.ses, t, &[(ids[0], &long(2))]).unwrap();
    seek_long(e.ses, t, 2, JET_bitSeekEQ).unwrap();
    assert_eq!(get_long(e.ses, t, ids[1]), Some(9));
    assert_eq!(get(e.ses, t, ids[2]).unwrap(), b"abc");
    let info = jet_get_table_column_info(e.ses, t, "v").unwrap();
    assert_ne!(info.grbit & JET_bitColumnFixed, 0);
    jet_close_table(e.ses, t).unwrap();
    // The catalog keeps it: the database opened again reads it.
    jet_close_database(e.ses, e.db, 0).unwrap();
    jet_detach_database(e.ses, Some(&e.file)).unwrap();
    jet_attach_database(e.ses, &e.file, 0).unwrap();
    let (db, _) = jet_open_database(e.ses, &e.file, None, 0).unwrap();
    let t = jet_open_table(e.ses, db, "t", None, 0).unwrap();
    insert(e.ses, t, &[(ids[0], &long(3))]).unwrap();
    seek_long(e.ses, t, 3, JET_bitSeekEQ).unwrap();
    assert_eq!(get_long(e.ses, t, ids[1]), Some(9));
    assert_eq!(get(e.ses, t, ids[2]).unwrap(), b"abc");
    jet_close_table(e.ses, t).unwrap();
    // Inside a transaction, a rollback undoes it.
    jet_begin_transaction(e.ses).unwrap();
    jet_set_column_default_value(e.ses, db, "t", "tag", b"zzz", 0).unwrap();
    jet_rollback(e.ses, 0).unwrap();
    let t = jet_open_table(e.ses, db, "t", None, 0).unwrap();
    seek_long(e.ses, t, 3, JET_bitSeekEQ).unwrap();
    assert_eq!(get(e.ses, t, ids[2]).unwrap(), b"abc");
    jet_close_table(e.ses, t).unwrap();
    // Misuse, as ESE refuses it.
    let set = |c: &str, v: &[u8]| code(jet_set_column_default_value(e.ses, db, "t", c, v, 0));
    assert_eq!(set("v", &[]), JET_errNullInvalid);
    assert_eq!(set("nope", &long(1)), JET_errColumnNotFound);
    assert_eq!(set("k", &long(1)), JET_errColumnInUse);
    assert_eq!(set("v", &[1, 2]), JET_errInvalidBufferSize);
    assert_eq!(set("tag", &[0u8; 256]), JET_errDefaultValueTooBig);
    assert_eq!(set("lv", &[0u8; 256]), JET_errDefaultValueTooBig);
    assert_eq!(
        code(jet_set_column_default_value(
            e.ses,
            db,
            "u",
            "v",
            &long(1),
            0
        )),
        JET_errObjectNotFound
    );
}

#[test]
fn optionally_unique_index_is_enforced_by_the_updates_that_ask() {
    let e = Env::new("ddl-optionally-unique");
    let mut tc = JET_TABLECREATE {
        szTableName: "t".into(),
        rgcolumncreate: vec![col("id", JET_coltypLong, 0), col("name", JET_coltypText, 0)],
        rgindexcreate: vec![
            idx("pk", "+id\0\0", JET_bitIndexPrimary),
            idx("byname", "+name\0\0", JET_bitIndexOptionallyUnique),
        ],
        ..Default::default()
    };
    jet_create_table_column_index(e.ses, e.db, &mut tc).unwrap();
    let (cid, cname) = (tc.rgcolumncreate[0].columnid, tc.rgcolumncreate[1].columnid);
    let t = tc.tableid;
    let info = jet_get_table_index_info(e.ses, t, Some("byname")).unwrap();
    assert_ne!(info[0].grbit & JET_bitIndexOptionallyUnique, 0);
    let put = |id: i32, grbit| {
        jet_prepare_update(e.ses, t, JET_prepInsert).unwrap();
        jet_set_column(e.ses, t, cid, Some(&id.to_le_bytes()), 0, None).unwrap();
        jet_set_column(e.ses, t, cname, Some(b"same"), 0, None).unwrap();
        let r = jet_update2(e.ses, t, grbit);
        if r.is_err() {
            jet_prepare_update(e.ses, t, JET_prepCancel).unwrap();
        }
        r
    };
    put(1, 0).unwrap();
    put(2, 0).unwrap();
    assert_eq!(
        code(put(3, JET_bitUpdateEnforceOptionallyUniqueIndices)),
        JET_errKeyDuplicate
    );
    let mut bad = JET_INDEXCREATE {
        szIndexName: "u".into(),
        szKey: "+name\0\0".into(),
        grbit: JET_bitIndexUnique | JET_bitIndexOptionallyUnique,
        ..Default::default()
    };
    assert_eq!(
        code(jet_create_index2(e.ses, t, std::slice::from_mut(&mut bad))),
        JET_errInvalidGrbit
    );
    jet_close_table(e.ses, t).unwrap();
}

#[test]
fn attach_deletes_unicode_indexes_when_asked() {
    let e = Env::new("ddl-delete-unicode");
    let mut uname = col("uname", JET_coltypText, 0);
    uname.cp = 1200;
    let mut aname = col("aname", JET_coltypText, 0);
    aname.cp = 1252;
    let (t, _) = table(
        e.ses,
        e.db,
        "t",
        vec![col("id", JET_coltypLong, 0), uname, aname],
        vec![
            idx("pk", "+id\0\0", JET_bitIndexPrimary),
            idx("byu", "+uname\0\0", 0),
            idx("bya", "+aname\0\0", 0),
        ],
    );
    jet_close_table(e.ses, t).unwrap();
    // A table with fixed DDL loses its Unicode index too (ESE deletes it through the
    // catalog), though no cursor may delete it.
    let mut uname = col("uname", JET_coltypText, 0);
    uname.cp = 1200;
    let mut fixed = JET_TABLECREATE {
        szTableName: "f".into(),
        rgcolumncreate: vec![col("id", JET_coltypLong, 0), uname],
        rgindexcreate: vec![
            idx("pk", "+id\0\0", JET_bitIndexPrimary),
            idx("byu", "+uname\0\0", 0),
        ],
        grbit: JET_bitTableCreateFixedDDL,
        ..Default::default()
    };
    jet_create_table_column_index(e.ses, e.db, &mut fixed).unwrap();
    assert_eq!(
        code(jet_delete_index(e.ses, fixed.tableid, "byu")),
        JET_errFixedDDL
    );
    jet_close_table(e.ses, fixed.tableid).unwrap();
    jet_close_database(e.ses, e.db, 0).unwrap();
    jet_detach_database(e.ses, Some(&e.file)).unwrap();
    assert_eq!(
        code(jet_attach_database(
            e.ses,
            &e.file,
            JET_bitDbDeleteUnicodeIndexes | JET_bitDbReadOnly
        )),
        JET_errInvalidGrbit
    );
    jet_attach_database(e.ses, &e.file, JET_bitDbDeleteUnicodeIndexes).unwrap();
    let (db, _) = jet_open_database(e.ses, &e.file, None, 0).unwrap();
    let t = jet_open_table(e.ses, db, "t", None, 0).unwrap();
    let names: Vec<String> = jet_get_table_index_info(e.ses, t, None)
        .unwrap()
        .into_iter()
        .map(|i| i.szIndexName)
        .collect();
    assert_eq!(names, ["pk", "bya"]);
    jet_close_table(e.ses, t).unwrap();
    let f = jet_open_table(e.ses, db, "f", None, 0).unwrap();
    let names: Vec<String> = jet_get_table_index_info(e.ses, f, None)
        .unwrap()
        .into_iter()
        .map(|i| i.szIndexName)
        .collect();
    assert_eq!(names, ["pk"]);
    jet_close_table(e.ses, f).unwrap();
}
