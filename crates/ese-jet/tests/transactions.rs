//! Sessions and transactions: nesting and its limit, commit and rollback at each level,
//! commit grbits, read-only transactions, isolation between sessions, write conflicts,
//! cursors closed by a rollback, sessions ended with work open.

mod common;
use common::*;
use ese_jet::consts::*;
use ese_jet::*;

fn setup(tag: &str) -> (Env, JET_TABLEID, JET_COLUMNID) {
    let e = Env::new(tag);
    let (t, ids) = table(
        e.ses,
        e.db,
        "t",
        vec![col("k", JET_coltypLong, 0)],
        vec![idx("pk", "+k\0\0", JET_bitIndexPrimary)],
    );
    (e, t, ids[0])
}

#[test]
fn nesting_stops_at_seven_levels() {
    let (e, _, _) = setup("nest");
    let level = || jet_get_session_parameter(e.ses, JET_sesparamTransactionLevel).unwrap();
    assert_eq!(level(), 0);
    for n in 1..=7 {
        jet_begin_transaction(e.ses).unwrap();
        assert_eq!(level(), n);
    }
    assert_eq!(code(jet_begin_transaction(e.ses)), JET_errTransTooDeep);
    jet_commit_transaction(e.ses, 0).unwrap();
    assert_eq!(level(), 6);
    jet_rollback(e.ses, JET_bitRollbackAll).unwrap();
    assert_eq!(level(), 0);
    assert_eq!(
        code(jet_commit_transaction(e.ses, 0)),
        JET_errNotInTransaction
    );
    assert_eq!(code(jet_rollback(e.ses, 0)), JET_errNotInTransaction);
    assert_eq!(
        code(jet_set_session_parameter(
            e.ses,
            JET_sesparamTransactionLevel,
            1
        )),
        JET_errFeatureNotAvailable
    );
}

#[test]
fn rollback_undoes_one_level_and_commit_keeps_the_rest() {
    let (e, t, k) = setup("levels");
    jet_begin_transaction(e.ses).unwrap();
    insert(e.ses, t, &[(k, &long(1))]).unwrap();
    jet_begin_transaction(e.ses).unwrap();
    insert(e.ses, t, &[(k, &long(2))]).unwrap();
    assert_eq!(scan_long(e.ses, t, k), vec![1, 2]);
    jet_rollback(e.ses, 0).unwrap();
    assert_eq!(scan_long(e.ses, t, k), vec![1]);
    jet_begin_transaction(e.ses).unwrap();
    insert(e.ses, t, &[(k, &long(3))]).unwrap();
    jet_commit_transaction(e.ses, 0).unwrap();
    jet_commit_transaction(e.ses, JET_bitCommitLazyFlush).unwrap();
    jet_commit_transaction(e.ses, JET_bitWaitLastLevel0Commit).unwrap();
    assert_eq!(scan_long(e.ses, t, k), vec![1, 3]);
    // Rollback of everything after a commit leaves the commit.
    jet_begin_transaction(e.ses).unwrap();
    insert(e.ses, t, &[(k, &long(4))]).unwrap();
    jet_begin_transaction(e.ses).unwrap();
    insert(e.ses, t, &[(k, &long(5))]).unwrap();
    jet_rollback(e.ses, JET_bitRollbackAll).unwrap();
    assert_eq!(scan_long(e.ses, t, k), vec![1, 3]);
}

#[test]
fn commit_grbits_are_checked() {
    let (e, _, _) = setup("grbits");
    jet_commit_transaction(e.ses, JET_bitWaitAllLevel0Commit).unwrap();
    jet_begin_transaction(e.ses).unwrap();
    assert_eq!(
        code(jet_commit_transaction(e.ses, 0x100)),
        JET_errInvalidGrbit
    );
    assert_eq!(
        code(jet_commit_transaction(
            e.ses,
            JET_bitWaitLastLevel0Commit | JET_bitCommitLazyFlush
        )),
        JET_errInvalidGrbit
    );
    assert_eq!(
        code(jet_commit_transaction(
            e.ses,
            JET_bitForceNewLog | JET_bitCommitLazyFlush
        )),
        JET_errInvalidGrbit
    );
    assert_eq!(code(jet_rollback(e.ses, 2)), JET_errInvalidGrbit);
    assert_eq!(code(jet_begin_transaction2(e.ses, 4)), JET_errInvalidGrbit);
    assert_eq!(
        code(jet_begin_transaction2(e.ses, JET_bitDistributedTransaction)),
        JET_errFeatureNotAvailable
    );
    // Still one level open, which a commit ends with an id.
    let id = jet_commit_transaction2(e.ses, 0, 0).unwrap();
    assert!(id.is_some());
    jet_set_session_parameter(e.ses, JET_sesparamCommitDefault, JET_bitCommitLazyFlush).unwrap();
    assert_eq!(
        jet_get_session_parameter(e.ses, JET_sesparamCommitDefault).unwrap(),
        JET_bitCommitLazyFlush
    );
    assert_eq!(
        code(jet_set_session_parameter(
            e.ses,
            JET_sesparamCommitDefault,
            0x40
        )),
        JET_errInvalidGrbit
    );
}

#[test]
fn a_read_only_transaction_refuses_changes() {
    let (e, t, k) = setup("readonly");
    jet_begin_transaction2(e.ses, JET_bitTransactionReadOnly).unwrap();
    jet_prepare_update(e.ses, t, JET_prepInsert).unwrap();
    jet_set_column(e.ses, t, k, Some(&long(1)), 0, None).unwrap();
    assert_eq!(code(jet_update(e.ses, t)), JET_errTransReadOnly);
    jet_rollback(e.ses, 0).unwrap();
}

#[test]
fn other_sessions_see_only_committed_work_and_conflict_on_writes() {
    let (e, t, k) = setup("isolation");
    let other = jet_dup_session(e.ses).unwrap();
    let (db2, _) = jet_open_database(other, &e.file, None, 0).unwrap();
    let t2 = jet_open_table(other, db2, "t", None, JET_bitTableReadOnly).unwrap();
    jet_begin_transaction(e.ses).unwrap();
    insert(e.ses, t, &[(k, &long(10))]).unwrap();
    assert_eq!(scan_long(other, t2, k), Vec::<i32>::new());
    jet_commit_transaction(e.ses, 0).unwrap();
    assert_eq!(scan_long(other, t2, k), vec![10]);
    // A snapshot keeps its view while another session commits.
    jet_begin_transaction(other).unwrap();
    assert_eq!(scan_long(other, t2, k), vec![10]);
    insert(e.ses, t, &[(k, &long(11))]).unwrap();
    assert_eq!(scan_long(other, t2, k), vec![10]);
    jet_commit_transaction(other, 0).unwrap();
    assert_eq!(scan_long(other, t2, k), vec![10, 11]);
    // Write conflict: both replace one record.
    let t3 = jet_open_table(other, db2, "t", None, 0).unwrap();
    jet_begin_transaction(e.ses).unwrap();
    jet_begin_transaction(other).unwrap();
    seek_long(e.ses, t, 10, JET_bitSeekEQ).unwrap();
    jet_prepare_update(e.ses, t, JET_prepReplace).unwrap();
    seek_long(other, t3, 10, JET_bitSeekEQ).unwrap();
    assert_eq!(
        code(jet_prepare_update(other, t3, JET_prepReplace)),
        JET_errWriteConflict
    );
    assert_eq!(code(jet_delete(other, t3)), JET_errWriteConflict);
    jet_rollback(other, 0).unwrap();
    jet_prepare_update(e.ses, t, JET_prepCancel).unwrap();
    jet_commit_transaction(e.ses, 0).unwrap();
}

#[test]
fn a_rollback_closes_cursors_opened_inside_it() {
    let (e, t, k) = setup("closes");
    jet_begin_transaction(e.ses).unwrap();
    let inner = jet_open_table(e.ses, e.db, "t", None, 0).unwrap();
    jet_begin_transaction(e.ses).unwrap();
    let deeper = jet_open_table(e.ses, e.db, "t", None, 0).unwrap();
    jet_prepare_update(e.ses, t, JET_prepInsert).unwrap();
    jet_commit_transaction(e.ses, 0).unwrap();
    // `deeper` now belongs to level 1: rolling that back closes both.
    jet_rollback(e.ses, 0).unwrap();
    assert_eq!(
        code(jet_move(e.ses, inner, JET_MoveFirst, 0)),
        JET_errInvalidTableId
    );
    assert_eq!(
        code(jet_move(e.ses, deeper, JET_MoveFirst, 0)),
        JET_errInvalidTableId
    );
    // The update prepared inside was cancelled; the outer cursor lives.
    assert_eq!(code(jet_update(e.ses, t)), JET_errUpdateNotPrepared);
    insert(e.ses, t, &[(k, &long(1))]).unwrap();
    assert_eq!(scan_long(e.ses, t, k), vec![1]);
}

#[test]
fn ending_a_session_rolls_back_and_closes_everything() {
    let (e, t, k) = setup("end");
    let s2 = jet_begin_session(e.i.inst, None, None).unwrap();
    let (db2, _) = jet_open_database(s2, &e.file, None, 0).unwrap();
    let t2 = jet_open_table(s2, db2, "t", None, 0).unwrap();
    jet_begin_transaction(s2).unwrap();
    insert(s2, t2, &[(k, &long(42))]).unwrap();
    assert_eq!(code(jet_end_session(s2, 1)), JET_errInvalidGrbit);
    jet_end_session(s2, 0).unwrap();
    assert_eq!(
        code(jet_move(s2, t2, JET_MoveFirst, 0)),
        JET_errInvalidSesid
    );
    assert_eq!(code(jet_begin_transaction(s2)), JET_errInvalidSesid);
    assert_eq!(scan_long(e.ses, t, k), Vec::<i32>::new());
    // Sessions on other threads work at once.
    let inst = e.i.inst;
    let file = e.file.clone();
    let handles: Vec<_> = (0..4)
        .map(|n| {
            let file = file.clone();
            std::thread::spawn(move || {
                let s = jet_begin_session(inst, None, None).unwrap();
                let (db, _) = jet_open_database(s, &file, None, 0).unwrap();
                let t = jet_open_table(s, db, "t", None, 0).unwrap();
                for i in 0..25 {
                    jet_begin_transaction(s).unwrap();
                    insert(s, t, &[(k, &long(1000 * n + i))]).unwrap();
                    jet_commit_transaction(s, JET_bitCommitLazyFlush).unwrap();
                }
                jet_end_session(s, 0).unwrap();
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    assert_eq!(scan_long(e.ses, t, k).len(), 100);
}

#[test]
fn session_contexts_and_idle() {
    let (e, _, _) = setup("context");
    assert_eq!(
        code(jet_reset_session_context(e.ses)),
        JET_errSessionContextNotSetByThisThread
    );
    jet_set_session_context(e.ses, 42).unwrap();
    assert_eq!(
        code(jet_set_session_context(e.ses, 43)),
        JET_errSessionContextAlreadySet
    );
    let ses = e.ses;
    let other =
        std::thread::spawn(move || jet_reset_session_context(ses).map_err(|e| e.code().value()));
    assert_eq!(
        other.join().unwrap(),
        Err(JET_errSessionContextNotSetByThisThread)
    );
    jet_reset_session_context(e.ses).unwrap();
    assert_eq!(jet_idle(e.ses, 0).unwrap(), Some(Warning::NoIdleActivity));
    assert_eq!(code(jet_idle(e.ses, 0x100)), JET_errInvalidGrbit);
}

/// `JetIdle` as ESE's: `JET_bitIdleStatus` says `JET_wrnIdleFull` while the version
/// store is more than half full; `JET_bitIdleCompact` cleans it in the calling thread
/// (what a live snapshot needs stays); `JET_bitIdleFlushBuffers` is reserved.
#[test]
fn idle_status_reports_a_half_full_version_store_and_compact_cleans_it() {
    let dir = TempDir::new("idle-full");
    let inst = jet_create_instance(Some("idle-full")).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramSystemPath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramLogFilePath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramMaxVerPages, 4, None).unwrap();
    jet_init(Some(&mut inst.clone())).unwrap();
    let i = Inst { dir, inst };
    let ses = jet_begin_session(i.inst, None, None).unwrap();
    let db = jet_create_database(ses, &i.dir.path("idle.edb"), None, 0).unwrap();
    let (t, ids) = table(
        ses,
        db,
        "t",
        vec![
            col("k", JET_coltypLong, 0),
            col("v", JET_coltypLongBinary, 0),
        ],
        vec![idx("pk", "+k\0\0", JET_bitIndexPrimary)],
    );
    assert_eq!(jet_idle(ses, JET_bitIdleStatus).unwrap(), None);

    // A reader's snapshot keeps the versions of every commit after it.
    let reader = jet_begin_session(i.inst, None, None).unwrap();
    jet_begin_transaction(reader).unwrap();
    let mut n = 0;
    while jet_idle(ses, JET_bitIdleStatus).unwrap().is_none() {
        assert!(n < 10_000, "the version store never got half full");
        jet_begin_transaction(ses).unwrap();
        insert(ses, t, &[(ids[0], &long(n)), (ids[1], &[7u8; 200])]).unwrap();
        jet_commit_transaction(ses, JET_bitCommitLazyFlush).unwrap();
        n += 1;
    }
    assert_eq!(
        jet_idle(ses, JET_bitIdleStatus).unwrap(),
        Some(Warning::IdleFull)
    );
    assert_eq!(
        jet_idle(ses, JET_bitIdleCompact).unwrap(),
        Some(Warning::NoIdleActivity)
    );
    assert_eq!(
        jet_idle(ses, JET_bitIdleStatus).unwrap(),
        Some(Warning::IdleFull)
    );

    // The snapshot ends: a compact leaves nothing to report.
    jet_commit_transaction(reader, 0).unwrap();
    assert_eq!(
        jet_idle(ses, JET_bitIdleCompact).unwrap(),
        Some(Warning::NoIdleActivity)
    );
    assert_eq!(jet_idle(ses, JET_bitIdleStatus).unwrap(), None);
    assert_eq!(
        code(jet_idle(ses, JET_bitIdleFlushBuffers)),
        JET_errInvalidGrbit
    );
    assert_eq!(scan_long(ses, t, ids[0]).len(), n as usize);
    jet_end_session(reader, 0).unwrap();
}

/// The highest numbered log generation in `dir` (`edb00000001.log` …), 0 for none.
fn last_numbered_log(dir: &str) -> u32 {
    ese::log::list_generations(&ese_os::StdFs, std::path::Path::new(dir), "edb")
        .unwrap()
        .into_iter()
        .max()
        .unwrap_or(0)
}

#[test]
fn force_new_log_rolls_one_generation_per_call() {
    let (e, t, k) = setup("newlog");
    let before = last_numbered_log(e.i.dir.s());
    // ManagedEsent's GenerateSomeLogs: ten calls outside any transaction.
    for n in 1..=10 {
        jet_commit_transaction(e.ses, JET_bitForceNewLog).unwrap();
        assert_eq!(last_numbered_log(e.i.dir.s()), before + n);
    }
    // Inside a transaction it rolls the log and commits nothing.
    jet_begin_transaction(e.ses).unwrap();
    jet_prepare_update(e.ses, t, JET_prepInsert).unwrap();
    jet_set_column(e.ses, t, k, Some(&7i32.to_le_bytes()), 0, None).unwrap();
    jet_update(e.ses, t).unwrap();
    assert_eq!(
        jet_commit_transaction2(e.ses, JET_bitForceNewLog, 0).unwrap(),
        None
    );
    assert_eq!(last_numbered_log(e.i.dir.s()), before + 11);
    assert_eq!(
        jet_get_session_parameter(e.ses, JET_sesparamTransactionLevel).unwrap(),
        1
    );
    jet_commit_transaction(e.ses, 0).unwrap();
    jet_move(e.ses, t, JET_MoveFirst, 0).unwrap();
    assert_eq!(
        code(jet_move(e.ses, t, JET_MoveNext, 0)),
        JET_errNoCurrentRecord
    );
}

#[test]
fn force_new_log_with_recovery_off_does_nothing() {
    let dir = common::TempDir::new("newlog-off");
    let inst = jet_create_instance(Some("newlog-off")).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramSystemPath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramLogFilePath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramRecovery, 0, Some("off")).unwrap();
    jet_init(Some(&mut inst.clone())).unwrap();
    let ses = jet_begin_session(inst, None, None).unwrap();
    jet_commit_transaction(ses, JET_bitForceNewLog).unwrap();
    assert_eq!(last_numbered_log(dir.s()), 0);
    jet_end_session(ses, 0).unwrap();
    jet_term(inst).unwrap();
}

/// The session parameters ESE keeps per session, as `ErrIsamSetSessionParameter` and
/// `ErrIsamGetSessionParameter` take and give them.
#[test]
fn session_parameters_are_kept_as_set() {
    let e = Env::new("sesparams");
    let s = e.ses;
    let bytes = |id| jet_get_session_parameter_bytes(s, id).unwrap();
    // Never set: zeros, the cache priority of the instance (ESE's default 100).
    assert_eq!(bytes(JET_sesparamOperationContext), vec![0; 8]);
    assert_eq!(bytes(JET_sesparamClientActivityId), vec![0; 16]);
    assert_eq!(
        jet_get_session_parameter(s, JET_sesparamCorrelationID).unwrap(),
        0
    );
    assert_eq!(
        jet_get_session_parameter(s, JET_sesparamCachePriority).unwrap(),
        100
    );
    assert_eq!(bytes(JET_sesparamClientComponentDesc), vec![0]);
    assert_eq!(bytes(JET_sesparamCommitGenericContext), Vec::<u8>::new());
    // Set, then read back.
    let ctx = [1, 0, 0, 0, 7, 2, 3, 0x80];
    jet_set_session_parameter_bytes(s, JET_sesparamOperationContext, &ctx).unwrap();
    assert_eq!(bytes(JET_sesparamOperationContext), ctx.to_vec());
    jet_set_session_parameter(s, JET_sesparamCorrelationID, 0xC0FFEE).unwrap();
    assert_eq!(
        jet_get_session_parameter(s, JET_sesparamCorrelationID).unwrap(),
        0xC0FFEE
    );
    jet_set_session_parameter(s, JET_sesparamCachePriority, 1000).unwrap();
    assert_eq!(
        jet_get_session_parameter(s, JET_sesparamCachePriority).unwrap(),
        1000
    );
    let guid: Vec<u8> = (1..=16).collect();
    jet_set_session_parameter_bytes(s, JET_sesparamClientActivityId, &guid).unwrap();
    assert_eq!(bytes(JET_sesparamClientActivityId), guid);
    jet_set_session_parameter_bytes(s, JET_sesparamCommitGenericContext, b"ctx-42").unwrap();
    assert_eq!(bytes(JET_sesparamCommitGenericContext), b"ctx-42".to_vec());
    jet_set_session_parameter(s, JET_sesparamCommitContextContainsCustomerData, 9).unwrap();
    assert_eq!(
        jet_get_session_parameter(s, JET_sesparamCommitContextContainsCustomerData).unwrap(),
        1
    );
    jet_set_session_parameter(
        s,
        JET_sesparamIOPriority,
        JET_IOPriorityLow | JET_IOPriorityMarkAsMaintenance | 0x0300_0000,
    )
    .unwrap();
    // A description string up to its NUL; one of 32 bytes or more cut with "...".
    assert_eq!(
        jet_set_session_parameter_bytes(s, JET_sesparamClientComponentDesc, b"store\0junk")
            .unwrap(),
        None
    );
    assert_eq!(bytes(JET_sesparamClientComponentDesc), b"store\0".to_vec());
    let long = [b'x'; 40];
    assert_eq!(
        jet_set_session_parameter_bytes(s, JET_sesparamClientActionDesc, &long).unwrap(),
        Some(Warning::BufferTruncated)
    );
    let mut want = vec![b'x'; 28];
    want.extend_from_slice(b"...\0");
    assert_eq!(bytes(JET_sesparamClientActionDesc), want);
    // Each session has its own.
    let other = jet_begin_session(e.i.inst, None, None).unwrap();
    assert_eq!(
        jet_get_session_parameter(other, JET_sesparamCorrelationID).unwrap(),
        0
    );
    jet_end_session(other, 0).unwrap();
    // ESE's errors.
    let bad = |id, v: &[u8]| code(jet_set_session_parameter_bytes(s, id, v));
    assert_eq!(
        bad(JET_sesparamOperationContext, &[0; 4]),
        JET_errInvalidBufferSize
    );
    assert_eq!(
        bad(JET_sesparamCorrelationID, &[0; 8]),
        JET_errInvalidBufferSize
    );
    assert_eq!(
        bad(JET_sesparamClientActivityId, &[0; 15]),
        JET_errInvalidBufferSize
    );
    assert_eq!(
        bad(JET_sesparamCachePriority, &1001u32.to_le_bytes()),
        JET_errInvalidParameter
    );
    assert_eq!(
        bad(JET_sesparamIOPriority, &2u32.to_le_bytes()),
        JET_errInvalidGrbit
    );
    assert_eq!(
        bad(JET_sesparamCommitDefault, &[0; 2]),
        JET_errInvalidBufferSize
    );
    assert_eq!(
        bad(JET_sesparamTransactionLevel, &[0; 4]),
        JET_errFeatureNotAvailable
    );
    assert_eq!(
        bad(JET_sesparamMaxValueInvalid, &[0; 4]),
        JET_errInvalidSesparamId
    );
    assert_eq!(
        code(jet_get_session_parameter_bytes(s, 4200)),
        JET_errInvalidSesparamId
    );
    // A value that is not 4 bytes through the 4-byte call.
    assert_eq!(
        code(jet_get_session_parameter(s, JET_sesparamOperationContext)),
        JET_errInvalidBufferSize
    );
    // What was refused left the value as it was.
    assert_eq!(bytes(JET_sesparamOperationContext), ctx.to_vec());
    assert_eq!(
        jet_get_session_parameter(s, JET_sesparamCachePriority).unwrap(),
        1000
    );
}
