//! Run-instance modes and the instance lifecycle: single mode from a plain JetInit,
//! multi mode from JetCreateInstance or JetEnableMultiInstance, their refusals (-1080,
//! -1081), names, limits, folders in use, JetTerm's grbits and starting over.

mod common;
use common::*;
use ese_jet::consts::*;
use ese_jet::*;
use std::sync::Mutex;

/// The run mode is process-wide: these tests take turns.
static TURN: Mutex<()> = Mutex::new(());

fn turn() -> std::sync::MutexGuard<'static, ()> {
    TURN.lock().unwrap_or_else(|e| e.into_inner())
}

fn set_default_paths(dir: &TempDir) {
    jet_set_system_parameter(0, 0, JET_paramSystemPath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(0, 0, JET_paramLogFilePath, 0, Some(dir.s())).unwrap();
}

#[test]
fn a_plain_init_enters_single_mode_and_a_term_leaves_it() {
    let _t = turn();
    let dir = TempDir::new("single");
    set_default_paths(&dir);
    let mut inst = 0;
    jet_init(Some(&mut inst)).unwrap();
    assert_ne!(inst, 0);
    assert_eq!(
        code(jet_create_instance(Some("x"))),
        JET_errRunningInOneInstanceMode
    );
    assert_eq!(
        code(jet_enable_multi_instance(&mut [])),
        JET_errRunningInOneInstanceMode
    );
    assert_eq!(code(jet_init(None)), JET_errAlreadyInitialized);
    assert_eq!(
        code(jet_init(Some(&mut inst.clone()))),
        JET_errAlreadyInitialized
    );
    let ses = jet_begin_session(inst, None, None).unwrap();
    let db = jet_create_database(ses, &dir.path("one.edb"), None, 0).unwrap();
    assert_eq!(db, 1);
    // In single mode, a parameter set without an instance addresses the one instance.
    assert_eq!(
        code(jet_set_system_parameter(
            0,
            0,
            JET_paramMaxSessions,
            3,
            None
        )),
        JET_errAlreadyInitialized
    );
    assert!(dir.0.join("edb.log").exists());
    jet_term(inst).unwrap();
    assert_eq!(
        code(jet_begin_session(inst, None, None)),
        JET_errInvalidInstance
    );
    assert_eq!(code(jet_end_session(ses, 0)), JET_errInvalidSesid);
    // Term then init again: a new instance, which attaches the database cleanly.
    let mut again = 0;
    jet_init(Some(&mut again)).unwrap();
    assert_ne!(again, inst);
    let ses = jet_begin_session(again, None, None).unwrap();
    assert_eq!(
        jet_attach_database(ses, &dir.path("one.edb"), 0).unwrap(),
        None
    );
    jet_term2(again, JET_bitTermComplete).unwrap();
    // With no instance left the process may go multi.
    let m = jet_create_instance(Some("after-single")).unwrap();
    assert_eq!(code(jet_init(None)), JET_errRunningInMultiInstanceMode);
    jet_term(m).unwrap();
    jet_set_system_parameter(0, 0, JET_paramSystemPath, 0, Some(".")).unwrap();
    jet_set_system_parameter(0, 0, JET_paramLogFilePath, 0, Some(".")).unwrap();
}

#[test]
fn multi_mode_refuses_a_plain_init_and_checks_names_and_handles() {
    let _t = turn();
    let a = jet_create_instance(Some("a")).unwrap();
    assert_eq!(code(jet_init(None)), JET_errRunningInMultiInstanceMode);
    assert_eq!(
        code(jet_init(Some(&mut 0))),
        JET_errRunningInMultiInstanceMode
    );
    assert_eq!(
        code(jet_enable_multi_instance(&mut [])),
        JET_errSystemParamsAlreadySet
    );
    assert_eq!(
        code(jet_create_instance(Some("a"))),
        JET_errInstanceNameInUse
    );
    let anon = jet_create_instance(None).unwrap();
    assert_eq!(code(jet_create_instance(None)), JET_errInstanceNameInUse);
    assert_eq!(
        code(jet_create_instance2(Some("g"), None, 1)),
        JET_errInvalidGrbit
    );
    let mut nil = JET_instanceNil;
    assert_eq!(code(jet_init(Some(&mut nil))), JET_errInvalidParameter);
    assert_eq!(
        code(jet_begin_session(a, None, None)),
        JET_errNotInitialized
    );
    // An instance never initialized terminates at once.
    jet_term(anon).unwrap();
    assert_eq!(code(jet_term(anon)), JET_errInvalidInstance);
    assert_eq!(code(jet_term(0)), JET_errInvalidParameter);
    assert_eq!(code(jet_term(JET_instanceNil)), JET_errInvalidParameter);
    assert_eq!(code(jet_term(a ^ 0x4000_0000)), JET_errInvalidInstance);

    let dir = TempDir::new("multi");
    jet_set_system_parameter(a, 0, JET_paramSystemPath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(a, 0, JET_paramLogFilePath, 0, Some(dir.s())).unwrap();
    jet_init2(Some(&mut a.clone()), JET_bitReplayIgnoreLostLogs).unwrap();
    assert_eq!(
        code(jet_init(Some(&mut a.clone()))),
        JET_errAlreadyInitialized
    );
    let ses = jet_begin_session(a, None, None).unwrap();
    jet_create_database(ses, &dir.path("a.edb"), None, 0).unwrap();
    let info = jet_get_instance_info().unwrap();
    let me = info.iter().find(|i| i.hInstanceId == a).unwrap();
    assert_eq!(me.szInstanceName.as_deref(), Some("a"));
    assert!(me.szDatabaseFileName[0].ends_with("a.edb"));
    // A second instance on the same folders is refused.
    let b = jet_create_instance(Some("b")).unwrap();
    let other = TempDir::new("multi-b");
    jet_set_system_parameter(b, 0, JET_paramSystemPath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(b, 0, JET_paramLogFilePath, 0, Some(other.s())).unwrap();
    assert_eq!(code(jet_init(Some(&mut b.clone()))), JET_errSystemPathInUse);
    jet_set_system_parameter(b, 0, JET_paramSystemPath, 0, Some(other.s())).unwrap();
    jet_set_system_parameter(b, 0, JET_paramLogFilePath, 0, Some(dir.s())).unwrap();
    assert_eq!(
        code(jet_init(Some(&mut b.clone()))),
        JET_errLogFilePathInUse
    );
    jet_set_system_parameter(b, 0, JET_paramLogFilePath, 0, Some(other.s())).unwrap();
    jet_init(Some(&mut b.clone())).unwrap();
    assert_eq!(jet_get_instance_info().unwrap().len(), 2);
    jet_term(b).unwrap();
    assert_eq!(code(jet_term2(a, 0x100)), JET_errInvalidGrbit);
    jet_term(a).unwrap();
    assert!(jet_get_instance_info().unwrap().is_empty());
}

#[test]
fn enable_multi_instance_sets_defaults_once() {
    let _t = turn();
    let dir = TempDir::new("enable");
    let mut params = vec![
        JET_SETSYSPARAM {
            paramid: JET_paramSystemPath,
            sz: Some(dir.s().into()),
            ..Default::default()
        },
        JET_SETSYSPARAM {
            paramid: JET_paramLogFilePath,
            sz: Some(dir.s().into()),
            ..Default::default()
        },
        JET_SETSYSPARAM {
            paramid: JET_paramBaseName,
            sz: Some("abc".into()),
            ..Default::default()
        },
    ];
    assert_eq!(jet_enable_multi_instance(&mut params).unwrap(), 3);
    assert!(params.iter().all(|p| p.err == 0));
    assert_eq!(
        code(jet_enable_multi_instance(&mut [])),
        JET_errSystemParamsAlreadySet
    );
    assert_eq!(code(jet_init(None)), JET_errRunningInMultiInstanceMode);
    let i = jet_create_instance(Some("enabled")).unwrap();
    assert_eq!(
        jet_get_system_parameter(i, 0, JET_paramBaseName, 0).unwrap(),
        ParamValue::Str("abc".into())
    );
    jet_init(Some(&mut i.clone())).unwrap();
    assert!(dir.0.join("abc.log").exists());
    jet_term(i).unwrap();
    jet_set_system_parameter(0, 0, JET_paramBaseName, 0, Some("edb")).unwrap();
    // A bad entry records its error.
    let mut bad = vec![JET_SETSYSPARAM {
        paramid: 9999,
        ..Default::default()
    }];
    assert_eq!(
        code(jet_enable_multi_instance(&mut bad)),
        JET_errInvalidParameter
    );
    assert_eq!(bad[0].err, JET_errInvalidParameter);
}

#[test]
fn limits_folders_and_term_grbits() {
    let _t = turn();
    jet_set_system_parameter(0, 0, JET_paramMaxInstances, 2, None).unwrap();
    let a = jet_create_instance(Some("l1")).unwrap();
    let b = jet_create_instance(Some("l2")).unwrap();
    assert_eq!(code(jet_create_instance(Some("l3"))), -1214);
    jet_term(b).unwrap();
    // A missing folder: an error unless CreatePathIfNotExist.
    let dir = TempDir::new("limits");
    let deep = dir.path("x/y");
    jet_set_system_parameter(a, 0, JET_paramSystemPath, 0, Some(&deep)).unwrap();
    jet_set_system_parameter(a, 0, JET_paramLogFilePath, 0, Some(&deep)).unwrap();
    assert_eq!(code(jet_init(Some(&mut a.clone()))), -1023);
    jet_set_system_parameter(a, 0, JET_paramCreatePathIfNotExist, 1, None).unwrap();
    assert_eq!(
        code(jet_init2(Some(&mut a.clone()), JET_bitLogStreamMustExist)),
        -1811
    );
    assert_eq!(
        code(jet_init2(Some(&mut a.clone()), 0x2)),
        JET_errInvalidGrbit
    );
    assert_eq!(
        code(jet_init2(Some(&mut a.clone()), JET_bitRecoveryWithoutUndo)),
        JET_errRecoveredWithoutUndoDatabasesConsistent,
        "no log yet: nothing to undo, and the instance does not start"
    );
    jet_init(Some(&mut a.clone())).unwrap();
    assert!(std::path::Path::new(&deep).join("edb.log").exists());
    // A process-wide parameter closes once an instance runs, unless unchanged.
    assert_eq!(
        code(jet_set_system_parameter(
            0,
            0,
            JET_paramMaxInstances,
            3,
            None
        )),
        JET_errAlreadyInitialized
    );
    jet_set_system_parameter(0, 0, JET_paramMaxInstances, 2, None).unwrap();
    let ses = jet_begin_session(a, None, None).unwrap();
    let file = dir.path("dirty.edb");
    let db = jet_create_database(ses, &file, None, 0).unwrap();
    let (t, ids) = table(
        ses,
        db,
        "t",
        vec![col("k", JET_coltypLong, 0)],
        vec![idx("pk", "+k\0\0", JET_bitIndexPrimary)],
    );
    insert(ses, t, &[(ids[0], &long(5))]).unwrap();
    assert_eq!(code(jet_term2(a, JET_bitTermDirty)), JET_errDirtyShutdown);
    assert_eq!(code(jet_end_session(ses, 0)), JET_errInvalidSesid);
    // Left for recovery: the header on disk still says dirty (2).
    assert_eq!(jet_get_database_file_info(&file).unwrap().dbstate, 2);
    // The next instance on the folder recovers the database from the log.
    let c = jet_create_instance(Some("l4")).unwrap();
    jet_set_system_parameter(c, 0, JET_paramSystemPath, 0, Some(&deep)).unwrap();
    jet_set_system_parameter(c, 0, JET_paramLogFilePath, 0, Some(&deep)).unwrap();
    jet_init(Some(&mut c.clone())).unwrap();
    let ses = jet_begin_session(c, None, None).unwrap();
    jet_attach_database(ses, &file, 0).unwrap();
    let (db, _) = jet_open_database(ses, &file, None, 0).unwrap();
    let t = jet_open_table(ses, db, "t", None, 0).unwrap();
    assert_eq!(scan_long(ses, t, ids[0]), vec![5]);
    jet_term(c).unwrap();
    jet_set_system_parameter(0, 0, JET_paramMaxInstances, 16, None).unwrap();
}

/// `JetInit3` with a restore map: the recovery the start runs finds a database
/// that moved since its logs were written at the map's new path (the old path is
/// not created again); without the map the same start fails, the logs naming a
/// file that is gone. (What a map does to a database it does not name, with and
/// without `JET_bitReplayMissingMapEntryDB`, is tested in the engine's
/// `recovery` tests.)
#[test]
fn init3_recovers_a_moved_database_through_its_restore_map() {
    let _t = turn();
    let dir = TempDir::new("rstmap");
    let logs = dir.path("logs");
    let moved_dir = dir.path("moved");
    std::fs::create_dir_all(&logs).unwrap();
    std::fs::create_dir_all(&moved_dir).unwrap();
    let a = jet_create_instance(Some("rstmap-a")).unwrap();
    jet_set_system_parameter(a, 0, JET_paramSystemPath, 0, Some(&logs)).unwrap();
    jet_set_system_parameter(a, 0, JET_paramLogFilePath, 0, Some(&logs)).unwrap();
    jet_init(Some(&mut a.clone())).unwrap();
    let ses = jet_begin_session(a, None, None).unwrap();
    let old = dir.path("old.edb");
    let db = jet_create_database(ses, &old, None, 0).unwrap();
    let (t, cols) = table(
        ses,
        db,
        "t",
        vec![col("k", JET_coltypLong, 0)],
        vec![idx("pk", "+k\0\0", JET_bitIndexPrimary)],
    );
    for v in [10, 20, 30] {
        insert(ses, t, &[(cols[0], &long(v))]).unwrap();
    }
    assert_eq!(code(jet_term2(a, JET_bitTermDirty)), JET_errDirtyShutdown);
    // The database moves; the logs still name its old path.
    let moved = format!("{moved_dir}/old.edb");
    std::fs::rename(&old, &moved).unwrap();
    let start = |map: Option<&JET_RSTINFO>| {
        let b = jet_create_instance(Some("rstmap-b")).unwrap();
        jet_set_system_parameter(b, 0, JET_paramSystemPath, 0, Some(&logs)).unwrap();
        jet_set_system_parameter(b, 0, JET_paramLogFilePath, 0, Some(&logs)).unwrap();
        jet_init3(Some(&mut b.clone()), map, 0)
            .map(|()| b)
            .inspect_err(|_| jet_term(b).unwrap())
    };
    // The logs name a file that is gone.
    assert_eq!(code(start(None)), JET_errAttachedDatabaseMismatch);
    let map = JET_RSTINFO {
        rgrstmap: vec![(old.clone(), moved.clone())],
    };
    let b = start(Some(&map)).unwrap();
    assert!(!std::path::Path::new(&old).exists());
    let ses = jet_begin_session(b, None, None).unwrap();
    jet_attach_database(ses, &moved, 0).unwrap();
    let (db, _) = jet_open_database(ses, &moved, None, 0).unwrap();
    let t = jet_open_table(ses, db, "t", None, 0).unwrap();
    assert_eq!(scan_long(ses, t, cols[0]), vec![10, 20, 30]);
    jet_term(b).unwrap();
}
