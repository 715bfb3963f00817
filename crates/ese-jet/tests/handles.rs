//! Bad handles of every kind give their error code: 0, all ones, stale (after end or
//! close), foreign (another session's cursor), out-of-range database ids. Live handles of
//! other tests running at once differ from these (another generation, or generation 0).

mod common;
use common::*;
use ese_jet::consts::*;
use ese_jet::*;

#[test]
fn bad_instances() {
    for h in [0, JET_instanceNil] {
        assert_eq!(
            code(jet_begin_session(h, None, None)),
            JET_errInvalidParameter
        );
        assert_eq!(code(jet_term(h)), JET_errInvalidParameter);
        assert_eq!(code(jet_term2(h, 0)), JET_errInvalidParameter);
    }
    let i = Inst::new("h-inst");
    let stale = {
        let j = jet_create_instance(Some("h-stale")).unwrap();
        jet_term(j).unwrap();
        j
    };
    for h in [stale, i.inst ^ (1 << 40), 12345] {
        assert_eq!(
            code(jet_begin_session(h, None, None)),
            JET_errInvalidInstance,
            "{h:#x}"
        );
        assert_eq!(code(jet_term(h)), JET_errInvalidInstance);
        assert_eq!(code(jet_init(Some(&mut h.clone()))), JET_errInvalidInstance);
        assert_eq!(
            code(jet_set_system_parameter(
                h,
                0,
                JET_paramMaxSessions,
                2,
                None
            )),
            JET_errInvalidInstance
        );
    }
    // The live instance is untouched.
    jet_begin_session(i.inst, None, None).unwrap();
}

#[test]
fn bad_sessions() {
    let e = Env::new("h-ses");
    let s2 = jet_begin_session(e.i.inst, None, None).unwrap();
    jet_end_session(s2, 0).unwrap();
    for s in [0, JET_sesidNil, s2, e.ses ^ (1 << 40), 99] {
        assert_eq!(
            code(jet_begin_transaction(s)),
            JET_errInvalidSesid,
            "{s:#x}"
        );
        assert_eq!(code(jet_commit_transaction(s, 0)), JET_errInvalidSesid);
        assert_eq!(code(jet_rollback(s, 0)), JET_errInvalidSesid);
        assert_eq!(code(jet_end_session(s, 0)), JET_errInvalidSesid);
        assert_eq!(code(jet_dup_session(s)), JET_errInvalidSesid);
        assert_eq!(
            code(jet_open_table(s, e.db, "x", None, 0)),
            JET_errInvalidSesid
        );
        assert_eq!(
            code(jet_create_database(s, &e.i.dir.path("y.edb"), None, 0)),
            JET_errInvalidSesid
        );
        assert_eq!(
            code(jet_open_database(s, &e.file, None, 0)),
            JET_errInvalidSesid
        );
        assert_eq!(
            code(jet_get_session_parameter(s, JET_sesparamTransactionLevel)),
            JET_errInvalidSesid
        );
        assert_eq!(code(jet_move(s, 1, JET_MoveFirst, 0)), JET_errInvalidSesid);
    }
    jet_begin_transaction(e.ses).unwrap();
    jet_rollback(e.ses, 0).unwrap();
}

#[test]
fn bad_cursors() {
    let e = Env::new("h-cur");
    let (t, ids) = table(e.ses, e.db, "t", vec![col("k", JET_coltypLong, 0)], vec![]);
    insert(e.ses, t, &[(ids[0], &long(1))]).unwrap();
    let closed = jet_open_table(e.ses, e.db, "t", None, 0).unwrap();
    jet_close_table(e.ses, closed).unwrap();
    let mut buf = [0u8; 4];
    for c in [0, JET_tableidNil, closed, t ^ (1 << 40), 4242] {
        assert_eq!(
            code(jet_move(e.ses, c, JET_MoveFirst, 0)),
            JET_errInvalidTableId,
            "{c:#x}"
        );
        assert_eq!(code(jet_close_table(e.ses, c)), JET_errInvalidTableId);
        assert_eq!(
            code(jet_retrieve_column(e.ses, c, ids[0], &mut buf, 0, None)),
            JET_errInvalidTableId
        );
        assert_eq!(
            code(jet_prepare_update(e.ses, c, JET_prepInsert)),
            JET_errInvalidTableId
        );
        assert_eq!(
            code(jet_make_key(e.ses, c, Some(&long(1)), JET_bitNewKey)),
            JET_errInvalidTableId
        );
        assert_eq!(code(jet_get_bookmark(e.ses, c)), JET_errInvalidTableId);
        assert_eq!(
            code(jet_add_column(
                e.ses,
                c,
                "z",
                &JET_COLUMNDEF::default(),
                None
            )),
            JET_errInvalidTableId
        );
    }
    // Another session's cursor.
    let s2 = jet_dup_session(e.ses).unwrap();
    assert_eq!(
        code(jet_move(s2, t, JET_MoveFirst, 0)),
        JET_errSesidTableIdMismatch
    );
    assert_eq!(
        code(jet_retrieve_column(s2, t, ids[0], &mut buf, 0, None)),
        JET_errSesidTableIdMismatch
    );
    assert_eq!(code(jet_close_table(s2, t)), JET_errSesidTableIdMismatch);
    // The owner still uses it.
    assert_eq!(get_long(e.ses, t, ids[0]), Some(1));
}

#[test]
fn bad_database_ids() {
    let e = Env::new("h-db");
    let s2 = jet_dup_session(e.ses).unwrap();
    for d in [0, 7, 100, JET_dbidNil] {
        assert_eq!(
            code(jet_open_table(e.ses, d, "t", None, 0)),
            JET_errInvalidDatabaseId,
            "{d}"
        );
        assert_eq!(
            code(jet_close_database(e.ses, d, 0)),
            JET_errInvalidDatabaseId
        );
        assert_eq!(
            code(jet_create_table(e.ses, d, "t", 0, 0)),
            JET_errInvalidDatabaseId
        );
        assert_eq!(
            code(jet_get_database_info(e.ses, d)),
            JET_errInvalidDatabaseId
        );
    }
    // A database the session has not opened, and ids of no database.
    assert_eq!(
        code(jet_create_table(s2, e.db, "t", 0, 0)),
        JET_errInvalidDatabaseId
    );
    assert_eq!(code(jet_get_table_names(s2, 2)), JET_errInvalidDatabaseId);
    assert_eq!(
        code(jet_close_database(s2, e.db, 0)),
        JET_errInvalidDatabaseId
    );
    let t = jet_create_table(e.ses, e.db, "t", 0, 0).unwrap();
    jet_close_table(e.ses, t).unwrap();
}

#[test]
fn the_version_is_the_crates_in_esents_layout() {
    let i = Inst::new("version");
    let s = jet_begin_session(i.inst, None, None).unwrap();
    let v = jet_get_version(s).unwrap();
    let part = |x: &str| x.parse::<u32>().unwrap();
    let (major, minor, patch) = (
        part(env!("CARGO_PKG_VERSION_MAJOR")),
        part(env!("CARGO_PKG_VERSION_MINOR")),
        part(env!("CARGO_PKG_VERSION_PATCH")),
    );
    assert_eq!(
        (v >> 28, v >> 24 & 0xF, v >> 8 & 0xFFFF, v & 0xFF),
        (major, minor, patch, 0)
    );
    jet_end_session(s, 0).unwrap();
    assert_eq!(code(jet_get_version(s)), JET_errInvalidSesid);
}
