//! Template tables and the tables derived from them through the Jet facade: the column ids
//! with the template bit, values of both tables' columns through one cursor, a seek on an
//! inherited index, the column list with and without `JET_ColInfoGrbitNonDerivedColumnsOnly`'s
//! filter, and the table information naming the template.

mod common;
use common::*;
use ese_jet::consts::*;
use ese_jet::*;

#[test]
fn a_derived_table_reads_and_writes_its_template_s_columns() {
    let e = Env::new("templates");
    let mut tc = JET_TABLECREATE {
        szTableName: "Message".into(),
        rgcolumncreate: vec![
            col("id", JET_coltypLong, JET_bitColumnNotNULL),
            col("subject", JET_coltypText, 0),
        ],
        rgindexcreate: vec![
            idx("pk", "+id\0\0", JET_bitIndexPrimary),
            idx("bysubject", "+subject\0\0", 0),
        ],
        grbit: JET_bitTableCreateTemplateTable,
        ..Default::default()
    };
    jet_create_table_column_index(e.ses, e.db, &mut tc).unwrap();
    let (cid, csubject) = (tc.rgcolumncreate[0].columnid, tc.rgcolumncreate[1].columnid);
    assert_eq!((cid, csubject), (0x8000_0001, 0x8000_0080));
    jet_close_table(e.ses, tc.tableid).unwrap();
    let mut dc = JET_TABLECREATE {
        szTableName: "Inbox".into(),
        szTemplateTableName: Some("Message".into()),
        rgcolumncreate: vec![
            col("folder", JET_coltypText, 0),
            col("n", JET_coltypLong, 0),
        ],
        ..Default::default()
    };
    jet_create_table_column_index(e.ses, e.db, &mut dc).unwrap();
    let (cfolder, cn) = (dc.rgcolumncreate[0].columnid, dc.rgcolumncreate[1].columnid);
    assert_eq!((cfolder, cn), (129, 2));
    let t = dc.tableid;
    for id in 0..10i32 {
        jet_prepare_update(e.ses, t, JET_prepInsert).unwrap();
        jet_set_column(e.ses, t, cid, Some(&id.to_le_bytes()), 0, None).unwrap();
        let subject = format!("s{id}");
        jet_set_column(e.ses, t, csubject, Some(subject.as_bytes()), 0, None).unwrap();
        jet_set_column(e.ses, t, cfolder, Some(b"inbox"), 0, None).unwrap();
        jet_set_column(e.ses, t, cn, Some(&(id * 3).to_le_bytes()), 0, None).unwrap();
        jet_update(e.ses, t).unwrap();
    }
    jet_set_current_index(e.ses, t, Some("bysubject")).unwrap();
    jet_make_key(e.ses, t, Some(b"s7"), JET_bitNewKey).unwrap();
    jet_seek(e.ses, t, JET_bitSeekEQ).unwrap();
    let mut got = [0u8; 4];
    jet_retrieve_column(e.ses, t, cn, &mut got, 0, None).unwrap();
    assert_eq!(got, 21i32.to_le_bytes());
    // A replace of a template column and an own one, then a delete, through the cursor.
    jet_prepare_update(e.ses, t, JET_prepReplace).unwrap();
    // (Two UTF-16 code units: the column is Unicode text.)
    jet_set_column(e.ses, t, csubject, Some(b"s7xy"), 0, None).unwrap();
    jet_set_column(e.ses, t, cn, Some(&70i32.to_le_bytes()), 0, None).unwrap();
    jet_update(e.ses, t).unwrap();
    jet_make_key(e.ses, t, Some(b"s7xy"), JET_bitNewKey).unwrap();
    jet_seek(e.ses, t, JET_bitSeekEQ).unwrap();
    jet_retrieve_column(e.ses, t, cn, &mut got, 0, None).unwrap();
    assert_eq!(got, 70i32.to_le_bytes());
    jet_delete(e.ses, t).unwrap();
    jet_make_key(e.ses, t, Some(b"s7xy"), JET_bitNewKey).unwrap();
    assert_eq!(
        code(jet_seek(e.ses, t, JET_bitSeekEQ)),
        JET_errRecordNotFound
    );
    let info = jet_get_table_info(e.ses, t).unwrap();
    assert_eq!(info.szTemplateTableName, "Message");
    let all = jet_get_table_column_list(e.ses, t).unwrap();
    assert_eq!(all.len(), 4);
    let base: Vec<(&str, &str)> = all
        .iter()
        .map(|c| (c.szBaseColumnName.as_str(), c.szBaseTableName.as_str()))
        .collect();
    assert!(base.contains(&("subject", "Message")) && base.contains(&("folder", "Inbox")));
    assert_eq!(
        code(jet_delete_column(e.ses, t, "subject")),
        JET_errFixedInheritedDDL
    );
    assert_eq!(
        code(jet_delete_column2(
            e.ses,
            t,
            "subject",
            JET_bitDeleteColumnIgnoreTemplateColumns
        )),
        JET_errColumnNotFound
    );
    jet_close_table(e.ses, t).unwrap();
}

#[test]
fn fixed_ddl_holds_except_through_a_cursor_that_permits_it() {
    let e = Env::new("fixed-ddl");
    let mut tc = JET_TABLECREATE {
        szTableName: "fixed".into(),
        rgcolumncreate: vec![col("id", JET_coltypLong, 0), col("name", JET_coltypText, 0)],
        rgindexcreate: vec![idx("pk", "+id\0\0", JET_bitIndexPrimary)],
        grbit: JET_bitTableCreateFixedDDL,
        ..Default::default()
    };
    jet_create_table_column_index(e.ses, e.db, &mut tc).unwrap();
    let def = JET_COLUMNDEF {
        coltyp: JET_coltypLong,
        ..Default::default()
    };
    // The creating cursor may still change the table.
    jet_add_column(e.ses, tc.tableid, "early", &def, None).unwrap();
    jet_close_table(e.ses, tc.tableid).unwrap();
    let info_flags = |t| jet_get_table_info(e.ses, t).unwrap().flags;
    let t = jet_open_table(e.ses, e.db, "fixed", None, 0).unwrap();
    assert_ne!(info_flags(t) & JET_bitObjectTableFixedDDL, 0);
    assert_eq!(
        code(jet_add_column(e.ses, t, "late", &def, None)),
        JET_errFixedDDL
    );
    assert_eq!(code(jet_delete_column(e.ses, t, "name")), JET_errFixedDDL);
    assert_eq!(
        code(jet_create_index(e.ses, t, "byname", 0, "+name\0\0", 100)),
        JET_errFixedDDL
    );
    jet_close_table(e.ses, t).unwrap();
    assert_eq!(
        code(jet_open_table(
            e.ses,
            e.db,
            "fixed",
            None,
            JET_bitTablePermitDDL
        )),
        JET_errInvalidGrbit
    );
    let t = jet_open_table(
        e.ses,
        e.db,
        "fixed",
        None,
        JET_bitTablePermitDDL | JET_bitTableDenyRead,
    )
    .unwrap();
    jet_add_column(e.ses, t, "late", &def, None).unwrap();
    jet_create_index(e.ses, t, "byname", 0, "+name\0\0", 100).unwrap();
    // Deletes stay refused, even through such a cursor, as ESE refuses them.
    assert_eq!(code(jet_delete_column(e.ses, t, "early")), JET_errFixedDDL);
    assert_eq!(code(jet_delete_index(e.ses, t, "byname")), JET_errFixedDDL);
    jet_close_table(e.ses, t).unwrap();
    // A template table gains columns through such a cursor while no table derives from
    // it (ESE's `ErrIsamAddColumn` checks only the cursor), never indexes; its creating
    // cursor may not change it.
    let mut tmpl = JET_TABLECREATE {
        szTableName: "tmpl".into(),
        rgcolumncreate: vec![col("id", JET_coltypLong, 0)],
        rgindexcreate: vec![idx("pk", "+id\0\0", JET_bitIndexPrimary)],
        grbit: JET_bitTableCreateTemplateTable,
        ..Default::default()
    };
    jet_create_table_column_index(e.ses, e.db, &mut tmpl).unwrap();
    assert_eq!(
        code(jet_add_column(e.ses, tmpl.tableid, "more", &def, None)),
        JET_errFixedDDL
    );
    jet_close_table(e.ses, tmpl.tableid).unwrap();
    let permit = JET_bitTablePermitDDL | JET_bitTableDenyRead;
    let t = jet_open_table(e.ses, e.db, "tmpl", None, permit).unwrap();
    let (more, _) = jet_add_column(e.ses, t, "more", &def, None).unwrap();
    assert_ne!(more & 0x8000_0000, 0, "a template column's id: {more:#x}");
    assert_eq!(
        code(jet_create_index(e.ses, t, "bymore", 0, "+more\0\0", 100)),
        JET_errFixedDDL
    );
    assert_eq!(code(jet_delete_column(e.ses, t, "more")), JET_errFixedDDL);
    jet_close_table(e.ses, t).unwrap();
    // A table derived from it has the column; then the template may not change.
    let mut derived = JET_TABLECREATE {
        szTableName: "derived".into(),
        szTemplateTableName: Some("tmpl".into()),
        rgcolumncreate: vec![col("own", JET_coltypLong, 0)],
        ..Default::default()
    };
    jet_create_table_column_index(e.ses, e.db, &mut derived).unwrap();
    let id_of = |n: &str| {
        jet_get_table_column_info(e.ses, derived.tableid, n)
            .unwrap()
            .columnid
    };
    assert_eq!(id_of("more"), more);
    let own = id_of("own");
    assert!(
        own & 0x8000_0000 == 0 && own != more & 0x7FFF_FFFF,
        "{own:#x}"
    );
    // The template's new fixed column and the derived table's own one lie apart.
    let (tid, dt) = (id_of("id"), derived.tableid);
    insert(
        e.ses,
        dt,
        &[(tid, &long(1)), (more, &long(2)), (own, &long(3))],
    )
    .unwrap();
    jet_move(e.ses, dt, JET_MoveFirst, 0).unwrap();
    assert_eq!(
        [tid, more, own].map(|c| get_long(e.ses, dt, c)),
        [Some(1), Some(2), Some(3)]
    );
    jet_close_table(e.ses, derived.tableid).unwrap();
    let t = jet_open_table(e.ses, e.db, "tmpl", None, permit).unwrap();
    assert_eq!(
        code(jet_add_column(e.ses, t, "late", &def, None)),
        JET_errTableInUse
    );
    jet_close_table(e.ses, t).unwrap();
    // The catalog keeps the added template column as the template's.
    jet_close_database(e.ses, e.db, 0).unwrap();
    jet_detach_database(e.ses, Some(&e.file)).unwrap();
    jet_attach_database(e.ses, &e.file, 0).unwrap();
    let (db, _) = jet_open_database(e.ses, &e.file, None, 0).unwrap();
    for table in ["tmpl", "derived"] {
        let t = jet_open_table(e.ses, db, table, None, 0).unwrap();
        let c = jet_get_table_column_info(e.ses, t, "more").unwrap();
        assert_eq!(c.columnid, more, "{table}");
        jet_close_table(e.ses, t).unwrap();
    }
}
