//! System parameters: defaults, process-wide defaults copied by new instances, windows
//! before and after init, global against per-instance, bad ids and values.

mod common;
use common::*;
use ese_jet::consts::*;
use ese_jet::*;
use std::sync::Mutex;

static TURN: Mutex<()> = Mutex::new(());

fn turn() -> std::sync::MutexGuard<'static, ()> {
    TURN.lock().unwrap_or_else(|e| e.into_inner())
}

fn int(instance: JET_INSTANCE, id: u32) -> usize {
    match jet_get_system_parameter(instance, 0, id, 0).unwrap() {
        ParamValue::Int(n) => n,
        v => panic!("{v:?}"),
    }
}

fn string(instance: JET_INSTANCE, id: u32) -> String {
    match jet_get_system_parameter(instance, 0, id, 0).unwrap() {
        ParamValue::Str(s) => s,
        v => panic!("{v:?}"),
    }
}

#[test]
fn defaults_are_esents() {
    let _t = turn();
    assert_eq!(int(0, JET_paramMaxSessions), 16);
    assert_eq!(int(0, JET_paramMaxVerPages), 64);
    assert_eq!(int(0, JET_paramLogFileSize), 5120);
    assert_eq!(int(0, JET_paramDatabasePageSize), 4096);
    assert_eq!(int(0, JET_paramMaxInstances), 16);
    assert_eq!(int(0, JET_paramCircularLog), 0);
    assert_eq!(int(0, JET_paramMaxColtyp), 19);
    assert_eq!(int(0, JET_paramKeyMost), 1000);
    assert_eq!(string(0, JET_paramBaseName), "edb");
    assert_eq!(string(0, JET_paramRecovery), "on");
    let text = string(0, JET_paramErrorToString);
    assert!(text.starts_with("JET_errSuccess"), "{text}");
    match jet_get_system_parameter(0, 0, JET_paramErrorToString, (-1104i32) as usize).unwrap() {
        ParamValue::Str(s) => assert!(s.starts_with("JET_errInvalidSesid"), "{s}"),
        v => panic!("{v:?}"),
    }
}

#[test]
fn bad_ids_and_values_are_invalid_parameter() {
    let _t = turn();
    assert_eq!(
        code(jet_set_system_parameter(0, 0, 9999, 1, None)),
        JET_errInvalidParameter
    );
    assert_eq!(
        code(jet_get_system_parameter(0, 0, 9999, 0)),
        JET_errInvalidParameter
    );
    assert_eq!(
        code(jet_set_system_parameter(0, 0, JET_paramKeyMost, 5, None)),
        JET_errInvalidParameter
    );
    assert_eq!(
        code(jet_set_system_parameter(
            0,
            0,
            JET_paramLogFileSize,
            10,
            None
        )),
        JET_errInvalidParameter
    );
    assert_eq!(
        code(jet_set_system_parameter(
            0,
            0,
            JET_paramBaseName,
            0,
            Some("ab")
        )),
        JET_errInvalidParameter
    );
    assert_eq!(
        code(jet_set_system_parameter(0, 0, JET_paramBaseName, 0, None)),
        JET_errInvalidParameter
    );
    assert_eq!(
        code(jet_set_system_parameter(
            0,
            0,
            JET_paramDatabasePageSize,
            5000,
            None
        )),
        JET_errInvalidParameter
    );
    assert_eq!(
        code(jet_set_system_parameter(
            0,
            0,
            JET_paramMaxTransactionSize,
            0,
            None
        )),
        JET_errInvalidParameter
    );
    // Nothing changed.
    assert_eq!(string(0, JET_paramBaseName), "edb");
    assert_eq!(int(0, JET_paramLogFileSize), 5120);
    // Bad handles.
    assert_eq!(
        code(jet_set_system_parameter(
            12345,
            0,
            JET_paramMaxSessions,
            1,
            None
        )),
        JET_errInvalidInstance
    );
    assert_eq!(
        code(jet_get_system_parameter(0, 777, JET_paramMaxSessions, 0)),
        JET_errInvalidSesid
    );
}

#[test]
fn instances_copy_the_defaults_when_created() {
    let _t = turn();
    jet_set_system_parameter(0, 0, JET_paramMaxCursors, 77, None).unwrap();
    let a = jet_create_instance(Some("copy-a")).unwrap();
    jet_set_system_parameter(0, 0, JET_paramMaxCursors, 1024, None).unwrap();
    assert_eq!(int(a, JET_paramMaxCursors), 77);
    assert_eq!(int(0, JET_paramMaxCursors), 1024);
    // Per-instance values stay per instance.
    jet_set_system_parameter(a, 0, JET_paramMaxSessions, 2, None).unwrap();
    assert_eq!(int(a, JET_paramMaxSessions), 2);
    assert_eq!(int(0, JET_paramMaxSessions), 16);
    jet_term(a).unwrap();
}

#[test]
fn windows_close_at_init_except_for_the_same_value() {
    let _t = turn();
    let dir = TempDir::new("window");
    let a = jet_create_instance(Some("win")).unwrap();
    jet_set_system_parameter(a, 0, JET_paramSystemPath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(a, 0, JET_paramLogFilePath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(a, 0, JET_paramMaxSessions, 2, None).unwrap();
    jet_set_system_parameter(a, 0, JET_paramBaseName, 0, Some("xyz")).unwrap();
    jet_init(Some(&mut a.clone())).unwrap();
    assert!(dir.0.join("xyz.log").exists());
    assert_eq!(
        code(jet_set_system_parameter(
            a,
            0,
            JET_paramMaxSessions,
            5,
            None
        )),
        JET_errAlreadyInitialized
    );
    jet_set_system_parameter(a, 0, JET_paramMaxSessions, 2, None).unwrap();
    assert_eq!(
        code(jet_set_system_parameter(
            a,
            0,
            JET_paramBaseName,
            0,
            Some("abc")
        )),
        JET_errAlreadyInitialized
    );
    // Anytime parameters may change.
    jet_set_system_parameter(a, 0, JET_paramCachePriority, 50, None).unwrap();
    assert_eq!(int(a, JET_paramCachePriority), 50);
    // Global, pre-global-init: closed while an instance runs, even through an instance.
    assert_eq!(
        code(jet_set_system_parameter(
            a,
            0,
            JET_paramDatabasePageSize,
            8192,
            None
        )),
        JET_errAlreadyInitialized
    );
    jet_set_system_parameter(a, 0, JET_paramCacheSizeMax, 5000, None).unwrap();
    assert_eq!(int(0, JET_paramCacheSizeMax), 5000);
    // MaxSessions is enforced; a session's instance answers for it.
    let s1 = jet_begin_session(a, None, None).unwrap();
    let _s2 = jet_begin_session(a, None, None).unwrap();
    assert_eq!(code(jet_begin_session(a, None, None)), -1101);
    assert_eq!(
        jet_get_system_parameter(0, s1, JET_paramMaxSessions, 0).unwrap(),
        ParamValue::Int(2)
    );
    jet_end_session(s1, 0).unwrap();
    jet_begin_session(a, None, None).unwrap();
    jet_term(a).unwrap();
    // With no instance running the global window opens again.
    jet_set_system_parameter(0, 0, JET_paramDatabasePageSize, 8192, None).unwrap();
    assert_eq!(int(0, JET_paramKeyMost), 2000);
    jet_set_system_parameter(0, 0, JET_paramDatabasePageSize, 4096, None).unwrap();
    jet_set_system_parameter(0, 0, JET_paramCacheSizeMax, 2_000_000_000, None).unwrap();
}

#[test]
fn page_size_and_recovery_reach_the_engine() {
    let _t = turn();
    let dir = TempDir::new("pagesize");
    jet_set_system_parameter(0, 0, JET_paramDatabasePageSize, 8192, None).unwrap();
    let a = jet_create_instance(Some("ps")).unwrap();
    jet_set_system_parameter(a, 0, JET_paramSystemPath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(a, 0, JET_paramLogFilePath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(a, 0, JET_paramRecovery, 0, Some("off")).unwrap();
    jet_init(Some(&mut a.clone())).unwrap();
    let ses = jet_begin_session(a, None, None).unwrap();
    let file = dir.path("big.edb");
    let db = jet_create_database(ses, &file, None, 0).unwrap();
    assert_eq!(jet_get_database_info(ses, db).unwrap().cbPageSize, 8192);
    assert!(
        !dir.0.join("edb.log").exists(),
        "recovery off writes no log"
    );
    jet_close_database(ses, db, 0).unwrap();
    jet_detach_database(ses, Some(&file)).unwrap();
    jet_term(a).unwrap();
    // Attaching it with another page size set is a mismatch.
    jet_set_system_parameter(0, 0, JET_paramDatabasePageSize, 4096, None).unwrap();
    let b = jet_create_instance(Some("ps2")).unwrap();
    jet_set_system_parameter(b, 0, JET_paramSystemPath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(b, 0, JET_paramLogFilePath, 0, Some(dir.s())).unwrap();
    jet_init(Some(&mut b.clone())).unwrap();
    let ses = jet_begin_session(b, None, None).unwrap();
    assert_eq!(code(jet_attach_database(ses, &file, 0)), -1213);
    assert_eq!(code(jet_open_database(ses, &file, None, 0)), -1203);
    jet_term(b).unwrap();
}

/// Numbered log files (`edbXXXXXXXX.log`) in `dir`.
fn numbered_logs(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            let n = e.as_ref().unwrap().file_name();
            let n = n.to_string_lossy();
            n.len() == 15 && n.starts_with("edb") && n.ends_with(".log")
        })
        .count()
}

#[test]
fn checkpoint_depth_reaches_the_engine() {
    let _t = turn();
    let dir = TempDir::new("ckptdepth");
    let a = jet_create_instance(Some("ckptdepth")).unwrap();
    jet_set_system_parameter(a, 0, JET_paramSystemPath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(a, 0, JET_paramLogFilePath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(a, 0, JET_paramLogFileSize, 64, None).unwrap();
    jet_set_system_parameter(a, 0, JET_paramCircularLog, 1, None).unwrap();
    assert_eq!(int(a, JET_paramCheckpointDepthMax), 20 << 20);
    jet_init(Some(&mut a.clone())).unwrap();
    let ses = jet_begin_session(a, None, None).unwrap();
    let db = jet_create_database(ses, &dir.path("d.edb"), None, 0).unwrap();
    let (t, ids) = table(
        ses,
        db,
        "t",
        vec![
            col("id", JET_coltypLong, 0),
            col("blob", JET_coltypLongBinary, 0),
        ],
        vec![idx("primary", "+id\0\0", JET_bitIndexPrimary)],
    );
    let blob = vec![0x33u8; 1000];
    let mut next = 0;
    let mut commit_some = |n: i32| {
        for _ in 0..n {
            jet_begin_transaction(ses).unwrap();
            insert(ses, t, &[(ids[0], &long(next)), (ids[1], &blob)]).unwrap();
            jet_commit_transaction(ses, JET_bitCommitLazyFlush).unwrap();
            next += 1;
        }
    };
    // About 1.3 MiB of log in 64 KiB files: with ESE's default depth (20 MiB) no
    // checkpoint has passed them, so circular logging deleted none.
    commit_some(1200);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let kept = numbered_logs(&dir.0);
    assert!(kept >= 15, "{kept} numbered logs under a 20 MiB depth");
    // A depth of one log file, set on the running instance: the next checkpoints pass
    // the old logs and circular logging deletes them.
    jet_set_system_parameter(a, 0, JET_paramCheckpointDepthMax, 64 << 10, None).unwrap();
    let mut left = kept;
    for _ in 0..100 {
        commit_some(20);
        std::thread::sleep(std::time::Duration::from_millis(50));
        left = numbered_logs(&dir.0);
        if left <= 4 {
            break;
        }
    }
    assert!(left <= 4, "{left} numbered logs under a 64 KiB depth");
    jet_end_session(ses, 0).unwrap();
    jet_term(a).unwrap();
}

/// The payload sizes of the log blocks in the log files of `dir` (every generation), read
/// block by block from the end of each file's header to its first empty or unreadable
/// block.
fn log_block_payloads(dir: &std::path::Path) -> Vec<usize> {
    use ese::format::log::{BlockCheck, BlockHeader, LOG_HEADER_AREA};
    let mut sizes = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if !(name.starts_with("edb") && name.ends_with(".log")) || name == "edbtmp.log" {
            continue;
        }
        let data = std::fs::read(&path).unwrap();
        let mut off = LOG_HEADER_AREA as usize;
        while let BlockCheck::Valid(h, _) = BlockHeader::check(&data[off..]) {
            sizes.push(h.payload_len as usize);
            off += BlockHeader::block_len(h.payload_len as usize, 512);
        }
    }
    sizes
}

/// Starts an instance in `dir` with `JET_paramLogBuffers` at `sectors` (ESE's default
/// when `None`), writes a 300 KiB long value in one transaction and ends the instance;
/// returns the log's block payload sizes.
fn blocks_with_log_buffers(dir: &TempDir, sectors: Option<usize>) -> Vec<usize> {
    let inst = jet_create_instance(Some(&format!("logbuf-{sectors:?}"))).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramSystemPath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramLogFilePath, 0, Some(dir.s())).unwrap();
    if let Some(n) = sectors {
        jet_set_system_parameter(inst, 0, JET_paramLogBuffers, n, None).unwrap();
    }
    jet_init(Some(&mut inst.clone())).unwrap();
    let ses = jet_begin_session(inst, None, None).unwrap();
    let db = jet_create_database(ses, &dir.path("logbuf.edb"), None, 0).unwrap();
    let (t, c) = table(
        ses,
        db,
        "t",
        vec![col("v", JET_coltypLongBinary, 0)],
        vec![],
    );
    let value: Vec<u8> = (0..300 * 1024u32)
        .map(|i| (i * 7 + i / 977) as u8)
        .collect();
    jet_begin_transaction(ses).unwrap();
    insert(ses, t, &[(c[0], &value)]).unwrap();
    jet_commit_transaction(ses, 0).unwrap();
    jet_close_table(ses, t).unwrap();
    jet_end_session(ses, 0).unwrap();
    jet_term(inst).unwrap();
    log_block_payloads(&dir.0)
}

#[test]
fn log_buffers_size_the_log_blocks() {
    let _t = turn();
    assert_eq!(int(0, JET_paramLogBuffers), 126);
    let page = int(0, JET_paramDatabasePageSize);
    assert_eq!(page, 4096);
    // (the parameter, the largest block payload ESE's sizing gives): as set; raised to two
    // pages and four sectors; ESE's default of 126 sectors; cut to a 5 MiB file's room
    // after its 4 KiB header and a sector.
    for (sectors, most) in [
        (Some(40), 40 * 512),
        (Some(1), 2 * page + 4 * 512),
        (None, 126 * 512),
        (Some(1 << 20), 5 * 1024 * 1024 - 4096 - 512),
    ] {
        let dir = TempDir::new("logbuf");
        let sizes = blocks_with_log_buffers(&dir, sectors);
        let largest = sizes.iter().copied().max().unwrap_or(0);
        let full = sizes.iter().filter(|&&n| n == most).count();
        if most < 300 * 1024 {
            // The long value fills whole blocks of exactly the buffer's size.
            assert_eq!(largest, most, "LogBuffers {sectors:?}: blocks {sizes:?}");
            assert!(full >= 2, "LogBuffers {sectors:?}: blocks {sizes:?}");
        } else {
            // One transaction of about 300 KiB fits one block.
            assert!(largest > 300 * 1024 && largest < most, "{sizes:?}");
        }
    }
}
