//! Streaming backup through the Jet API, against `ese-backup-spec.md`: one test per row of
//! the API × state matrix (§4.2) and its instance-level overlays, the acceptance cases of
//! §12 that concern streaming backup, stopping and terminating (snapshots and `JetBackup`
//! aside), and ManagedEsent's streaming-backup and stop/term sequences (§10.3, §10.5).
//! Every instance is real, in a folder of its own, with logging on and one database.

mod common;
use common::*;
use ese::backup::AlignedBuffer;
use ese_jet::consts::*;
use ese_jet::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::RwLock;

/// The run mode is process-wide: the single-instance tests run alone (write), the others
/// together (read).
static MODE: RwLock<()> = RwLock::new(());

fn shared() -> std::sync::RwLockReadGuard<'static, ()> {
    MODE.read().unwrap_or_else(|e| e.into_inner())
}

fn alone() -> std::sync::RwLockWriteGuard<'static, ()> {
    MODE.write().unwrap_or_else(|e| e.into_inner())
}

const PAGE: usize = 4096;
const CHUNK: usize = 64 * 1024;

/// The code of a result: 0 for success.
fn rc<T>(r: JetResult<T>) -> i32 {
    jet_code(&r)
}

/// An instance with a database holding table `t` with one row (17), committed.
struct Db {
    /// The instance's name.
    name: String,
    e: Env,
    t: JET_TABLEID,
    id: JET_COLUMNID,
    c: JET_COLUMNID,
}

impl Db {
    fn new(tag: &str) -> Db {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = TempDir::new(tag);
        let name = format!("bk-{tag}-{}", N.fetch_add(1, Ordering::Relaxed));
        let inst = jet_create_instance(Some(&name)).unwrap();
        jet_set_system_parameter(inst, 0, JET_paramSystemPath, 0, Some(dir.s())).unwrap();
        jet_set_system_parameter(inst, 0, JET_paramLogFilePath, 0, Some(dir.s())).unwrap();
        // Small logs, so that a little work rolls them.
        jet_set_system_parameter(inst, 0, JET_paramLogFileSize, 64, None).unwrap();
        jet_init(Some(&mut inst.clone())).unwrap();
        let ses = jet_begin_session(inst, None, None).unwrap();
        let file = dir.path("test.edb");
        let db = jet_create_database(ses, &file, None, 0).unwrap();
        let e = Env {
            i: Inst { dir, inst },
            ses,
            db,
            file,
        };
        let (t, ids) = table(
            e.ses,
            e.db,
            "t",
            vec![
                col("id", JET_coltypLong, 0),
                col("blob", JET_coltypLongBinary, 0),
            ],
            vec![idx("primary", "+id\0\0", JET_bitIndexPrimary)],
        );
        jet_begin_transaction(e.ses).unwrap();
        insert(e.ses, t, &[(ids[0], &long(17))]).unwrap();
        jet_commit_transaction(e.ses, 0).unwrap();
        Db {
            name,
            e,
            t,
            id: ids[0],
            c: ids[1],
        }
    }

    fn inst(&self) -> JET_INSTANCE {
        self.e.i.inst
    }

    /// Commits about `kb` KiB in rows of 1023 bytes, so that the log rolls.
    fn churn(&self, first: i32, kb: usize) {
        let id = self.id;
        let data = vec![0x5Au8; 1023];
        for k in 0..kb as i32 {
            jet_begin_transaction(self.e.ses).unwrap();
            insert(
                self.e.ses,
                self.t,
                &[(id, &long(first + k)), (self.c, &data)],
            )
            .unwrap();
            jet_commit_transaction(self.e.ses, JET_bitCommitLazyFlush).unwrap();
        }
        jet_commit_transaction(self.e.ses, JET_bitWaitAllLevel0Commit).unwrap();
    }

    fn full_path(&self) -> String {
        Path::new(&self.e.file)
            .canonicalize()
            .unwrap()
            .to_string_lossy()
            .into_owned()
    }
}

/// Opens, reads to the end in `chunk`-byte reads and closes `name`: the bytes and the size
/// reported.
fn read_whole(inst: JET_INSTANCE, name: &str, chunk: usize) -> (Vec<u8>, u64) {
    let (h, size) = jet_open_file_instance(inst, name).unwrap();
    assert_eq!(h, 0, "one file at a time: its handle is 0");
    let mut buf = AlignedBuffer::new(chunk);
    let mut out = Vec::new();
    loop {
        let n = jet_read_file_instance(inst, h, &mut buf).unwrap() as usize;
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
    }
    jet_close_file_instance(inst, h).unwrap();
    (out, size)
}

/// Copies every listed log into `dest` (when given); returns the names.
fn copy_logs(inst: JET_INSTANCE, dest: Option<&Path>) -> Vec<String> {
    let logs = jet_get_log_info_instance(inst).unwrap();
    for l in &logs {
        let (data, size) = read_whole(inst, l, CHUNK);
        assert_eq!(data.len() as u64, size);
        if let Some(d) = dest {
            std::fs::write(d.join(Path::new(l).file_name().unwrap()), data).unwrap();
        }
    }
    logs
}

/// A complete full backup (into `dest` when given), truncating the logs if asked.
fn full_backup(inst: JET_INSTANCE, dest: Option<&Path>, truncate: bool) -> JET_LOGINFO {
    jet_begin_external_backup_instance(inst, 0).unwrap();
    for db in jet_get_attach_info_instance(inst).unwrap() {
        let (data, size) = read_whole(inst, &db, CHUNK);
        assert_eq!(data.len() as u64, size);
        if let Some(d) = dest {
            std::fs::write(d.join(Path::new(&db).file_name().unwrap()), data).unwrap();
        }
    }
    copy_logs(inst, dest);
    let (_, info) = jet_get_log_info_instance2(inst).unwrap();
    if truncate {
        jet_truncate_log_instance(inst).unwrap();
    }
    jet_end_external_backup_instance(inst).unwrap();
    info
}

/// The generation in a numbered log's name (`edb0000002A.log`).
fn generation(name: &str) -> u32 {
    let stem = Path::new(name).file_stem().unwrap().to_str().unwrap();
    u32::from_str_radix(&stem[3..], 16).unwrap()
}

/// The states of §4.1 this port has (no surrogate backup, no snapshot).
#[derive(Clone, Copy, Debug, PartialEq)]
enum St {
    Idle,
    FullDb,
    FullLogs,
    Incr,
    /// The state, then `JetStopBackupInstance`.
    Stop(Base),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Base {
    FullDb,
    FullLogs,
    Incr,
}

const ALL: [St; 7] = [
    St::Idle,
    St::FullDb,
    St::FullLogs,
    St::Incr,
    St::Stop(Base::FullDb),
    St::Stop(Base::FullLogs),
    St::Stop(Base::Incr),
];

/// A new instance in state `st`.
fn in_state(st: St) -> Db {
    let d = Db::new(&format!("{st:?}").to_lowercase().replace(['(', ')'], "-"));
    let inst = d.inst();
    let base = match st {
        St::Idle => return d,
        St::FullDb => Base::FullDb,
        St::FullLogs => Base::FullLogs,
        St::Incr => Base::Incr,
        St::Stop(b) => b,
    };
    match base {
        Base::FullDb => jet_begin_external_backup_instance(inst, 0).unwrap(),
        Base::FullLogs => {
            jet_begin_external_backup_instance(inst, 0).unwrap();
            read_whole(inst, &d.e.file, CHUNK);
            jet_get_log_info_instance(inst).unwrap();
        }
        Base::Incr => {
            full_backup(inst, None, true);
            d.churn(1000, 150);
            jet_begin_external_backup_instance(inst, JET_bitBackupIncremental).unwrap();
        }
    }
    if let St::Stop(_) = st {
        jet_stop_backup_instance(inst).unwrap();
    }
    d
}

/// No backup runs any more (a terminating error or an end happened).
fn assert_over(inst: JET_INSTANCE) {
    assert_eq!(rc(jet_end_external_backup_instance(inst)), JET_errNoBackup);
}

/// The backup still runs.
fn assert_running(inst: JET_INSTANCE) {
    assert_eq!(
        rc(jet_begin_external_backup_instance(inst, 0)),
        JET_errBackupInProgress
    );
}

// ---- §4.2, one test per row ----

#[test]
fn row_begin() {
    let _m = shared();
    for st in ALL {
        let d = in_state(st);
        let busy = JET_errBackupInProgress;
        let incr = rc(jet_begin_external_backup_instance(
            d.inst(),
            JET_bitBackupIncremental,
        ));
        let full = rc(jet_begin_external_backup_instance(d.inst(), 0));
        if st == St::Idle {
            assert_eq!((incr, full), (JET_errMissingFullBackup, 0));
        } else {
            assert_eq!((incr, full), (busy, busy), "{st:?}");
        }
    }
}

#[test]
fn row_get_attach_info() {
    let _m = shared();
    for st in ALL {
        let d = in_state(st);
        let r = jet_get_attach_info_instance(d.inst());
        match st {
            St::Idle => assert_eq!(rc(r), JET_errNoBackup),
            St::FullDb | St::FullLogs => assert_eq!(r.unwrap(), vec![d.full_path()]),
            St::Incr => {
                assert_eq!(rc(r), JET_errInvalidBackupSequence);
                assert_running(d.inst());
            }
            St::Stop(_) => assert_eq!(rc(r), JET_errBackupAbortByServer),
        }
    }
}

#[test]
fn row_open_file_database() {
    let _m = shared();
    for st in ALL {
        let d = in_state(st);
        let inst = d.inst();
        let r = jet_open_file_instance(inst, &d.e.file);
        match st {
            St::Idle => assert_eq!(rc(r), JET_errNoBackup),
            St::FullDb => {
                assert_eq!(r.unwrap().0, 0);
                assert_eq!(
                    rc(jet_open_file_instance(inst, &d.e.file)),
                    JET_errOutOfMemory,
                    "one file at a time"
                );
                assert_running(inst);
            }
            St::FullLogs | St::Incr => {
                assert_eq!(rc(r), JET_errInvalidBackupSequence, "{st:?}");
                assert_over(inst);
            }
            St::Stop(_) => {
                assert_eq!(rc(r), JET_errBackupAbortByServer);
                assert_running(inst);
            }
        }
    }
}

#[test]
fn open_file_section_more_than_one_section_is_nyi() {
    let _m = shared();
    let d = in_state(St::FullDb);
    let inst = d.inst();
    let r = jet_open_file_section_instance(inst, &d.e.file, 0, 2, 0);
    assert_eq!(rc(r), JET_wrnNyi);
    // Nothing was opened: the one section still opens.
    let (h, _) = jet_open_file_section_instance(inst, &d.e.file, 0, 1, 0).unwrap();
    jet_close_file_instance(inst, h).unwrap();
    assert_running(inst);
}

#[test]
fn row_open_file_listed_log() {
    let _m = shared();
    for st in ALL {
        let d = in_state(st);
        let inst = d.inst();
        // A numbered log on disk (the first listed once the list exists).
        let log = d.e.i.dir.path("edb00000001.log");
        let r = jet_open_file_instance(inst, &log);
        match st {
            St::Idle => assert_eq!(rc(r), JET_errNoBackup),
            St::FullDb => {
                assert_eq!(rc(r), JET_errDatabaseNotFound);
                assert!(jet_get_attach_info_instance(inst).is_ok(), "goes on");
            }
            St::FullLogs | St::Incr => {
                let _ = r;
                let _ = jet_close_file_instance(inst, 0);
                let logs = jet_get_log_info_instance(inst).unwrap();
                assert!(!logs.is_empty());
                let (h, size) = jet_open_file_instance(inst, &logs[0]).unwrap();
                assert!(size > 0);
                jet_close_file_instance(inst, h).unwrap();
                // A listed log deleted behind the engine's back ends the backup.
                let last = logs.last().unwrap();
                std::fs::remove_file(last).unwrap();
                assert_eq!(
                    rc(jet_open_file_instance(inst, last)),
                    JET_errMissingFileToBackup
                );
                assert_over(inst);
            }
            St::Stop(_) => assert_eq!(rc(r), JET_errBackupAbortByServer),
        }
    }
}

#[test]
fn row_open_file_current_log_or_bad_name() {
    let _m = shared();
    for st in ALL {
        let d = in_state(st);
        let inst = d.inst();
        let r = jet_open_file_instance(inst, &d.e.i.dir.path("edb.log"));
        match st {
            St::Idle => assert_eq!(rc(r), JET_errNoBackup),
            St::FullDb => {
                assert_eq!(rc(r), JET_errDatabaseNotFound);
                assert_running(inst);
            }
            St::FullLogs | St::Incr => {
                assert_eq!(rc(r), JET_errInvalidParameter, "{st:?}");
                assert_over(inst);
            }
            St::Stop(_) => assert_eq!(rc(r), JET_errBackupAbortByServer),
        }
    }
}

#[test]
fn row_read_file() {
    let _m = shared();
    for st in ALL {
        let d = in_state(st);
        let inst = d.inst();
        let mut buf = AlignedBuffer::new(CHUNK);
        match st {
            St::Idle => assert_eq!(
                rc(jet_read_file_instance(inst, 0, &mut buf)),
                JET_errNoBackup
            ),
            St::FullDb => {
                let (data, size) = read_whole(inst, &d.e.file, CHUNK);
                assert_eq!(data.len() as u64, size);
                // Read after the end: 0 bytes, again and again.
                let (h, _) = jet_open_file_instance(inst, &d.e.file).unwrap();
                while jet_read_file_instance(inst, h, &mut buf).unwrap() > 0 {}
                assert_eq!(jet_read_file_instance(inst, h, &mut buf).unwrap(), 0);
                assert_eq!(jet_read_file_instance(inst, h, &mut buf).unwrap(), 0);
                jet_close_file_instance(inst, h).unwrap();
            }
            St::FullLogs | St::Incr => {
                let logs = jet_get_log_info_instance(inst).unwrap();
                let (data, size) = read_whole(inst, &logs[0], CHUNK);
                assert_eq!(data.len() as u64, size);
                assert_eq!(
                    data,
                    std::fs::read(&logs[0]).unwrap(),
                    "a log is streamed as it is"
                );
            }
            St::Stop(_) => assert_eq!(
                rc(jet_read_file_instance(inst, 0, &mut buf)),
                JET_errBackupAbortByServer
            ),
        }
    }
}

#[test]
fn row_close_file() {
    let _m = shared();
    for st in ALL {
        let d = in_state(st);
        let inst = d.inst();
        match st {
            St::Idle => assert_eq!(rc(jet_close_file_instance(inst, 0)), JET_errNoBackup),
            St::FullDb => {
                assert_eq!(
                    rc(jet_close_file_instance(inst, 0)),
                    JET_errInvalidParameter,
                    "no file open"
                );
                let (h, _) = jet_open_file_instance(inst, &d.e.file).unwrap();
                assert_eq!(
                    rc(jet_close_file_instance(inst, h + 1)),
                    JET_errInvalidParameter
                );
                jet_close_file_instance(inst, h).unwrap();
            }
            St::FullLogs | St::Incr => {
                let logs = jet_get_log_info_instance(inst).unwrap();
                let (h, _) = jet_open_file_instance(inst, &logs[0]).unwrap();
                jet_close_file_instance(inst, h).unwrap();
            }
            St::Stop(b) => {
                // A file opened before the stop can still be closed.
                let d2 = in_state(match b {
                    Base::FullDb => St::FullDb,
                    Base::FullLogs => St::FullLogs,
                    Base::Incr => St::Incr,
                });
                let i2 = d2.inst();
                let name = if b == Base::FullDb {
                    d2.e.file.clone()
                } else {
                    jet_get_log_info_instance(i2).unwrap()[0].clone()
                };
                let (h, _) = jet_open_file_instance(i2, &name).unwrap();
                jet_stop_backup_instance(i2).unwrap();
                jet_close_file_instance(i2, h).unwrap();
                drop(d);
            }
        }
    }
}

fn row_log_list(truncate_list: bool) {
    let list = |inst| {
        if truncate_list {
            jet_get_truncate_log_info_instance(inst)
        } else {
            jet_get_log_info_instance(inst)
        }
    };
    for st in ALL {
        let d = in_state(st);
        let inst = d.inst();
        match st {
            St::Idle => assert_eq!(rc(list(inst)), JET_errNoBackup),
            St::FullDb => {
                let (h, _) = jet_open_file_instance(inst, &d.e.file).unwrap();
                assert_eq!(
                    rc(list(inst)),
                    JET_errInvalidBackupSequence,
                    "a file is open"
                );
                jet_close_file_instance(inst, h).unwrap();
                list(inst).unwrap();
                // The list moved the backup to its log phase.
                assert_eq!(
                    rc(jet_open_file_instance(inst, &d.e.file)),
                    JET_errInvalidBackupSequence
                );
                assert_over(inst);
            }
            St::FullLogs | St::Incr => {
                let a = list(inst).unwrap();
                assert_eq!(list(inst).unwrap(), a, "the same list again");
            }
            St::Stop(_) => assert_eq!(rc(list(inst)), JET_errBackupAbortByServer),
        }
    }
}

#[test]
fn row_get_log_info() {
    let _m = shared();
    row_log_list(false);
}

#[test]
fn row_get_truncate_log_info() {
    let _m = shared();
    row_log_list(true);
}

#[test]
fn row_truncate_log() {
    let _m = shared();
    for st in ALL {
        let d = in_state(st);
        let inst = d.inst();
        let r = jet_truncate_log_instance(inst);
        match st {
            St::Idle => assert_eq!(rc(r), JET_errNoBackup),
            St::FullDb => assert_eq!(rc(r), JET_errInvalidBackupSequence),
            St::Incr => {
                assert_eq!(rc(r), JET_errInvalidBackupSequence, "before the log list");
                copy_logs(inst, None);
                jet_truncate_log_instance(inst).unwrap();
            }
            St::FullLogs => {
                assert_eq!(rc(r), JET_errLogFileNotCopied);
                let logs = jet_get_log_info_instance(inst).unwrap();
                let (h, _) = jet_open_file_instance(inst, &logs[0]).unwrap();
                assert_eq!(
                    rc(jet_truncate_log_instance(inst)),
                    JET_errInvalidBackupSequence,
                    "a file is open"
                );
                jet_close_file_instance(inst, h).unwrap();
                copy_logs(inst, None);
                jet_truncate_log_instance(inst).unwrap();
            }
            St::Stop(_) => assert_eq!(rc(r), JET_errBackupAbortByServer),
        }
    }
}

fn row_end(grbit: JET_GRBIT) {
    for st in ALL {
        let d = in_state(st);
        let inst = d.inst();
        let r = jet_end_external_backup_instance2(inst, grbit);
        if st == St::Idle {
            assert_eq!(rc(r), JET_errNoBackup);
        } else {
            assert_eq!(rc(r), 0, "{st:?}: the end succeeds, abort or not");
            assert_eq!(rc(jet_get_attach_info_instance(inst)), JET_errNoBackup);
            jet_begin_external_backup_instance(inst, 0).unwrap();
        }
    }
}

#[test]
fn row_end_normal() {
    let _m = shared();
    row_end(JET_bitBackupEndNormal);
}

#[test]
fn row_end_abort() {
    let _m = shared();
    row_end(JET_bitBackupEndAbort);
}

#[test]
fn row_end_needs_exactly_one_of_normal_and_abort() {
    let _m = shared();
    for st in ALL {
        let d = in_state(st);
        for g in [0, JET_bitBackupEndNormal | JET_bitBackupEndAbort] {
            assert_eq!(
                rc(jet_end_external_backup_instance2(d.inst(), g)),
                JET_errInvalidParameter,
                "{st:?} {g:#x}"
            );
        }
        if st != St::Idle {
            assert_running(d.inst());
        }
    }
}

#[test]
fn row_stop_backup() {
    let _m = shared();
    for st in ALL {
        let d = in_state(st);
        assert_eq!(rc(jet_stop_backup_instance(d.inst())), 0, "{st:?}");
        assert_eq!(rc(jet_stop_backup_instance(d.inst())), 0, "{st:?} twice");
    }
}

// ---- §4.2 instance-level overlays ----

#[test]
fn overlay_created_not_initialized() {
    let _m = shared();
    let inst = jet_create_instance(Some("bk-not-init")).unwrap();
    let mut buf = AlignedBuffer::new(CHUNK);
    let calls: Vec<(&str, i32)> = vec![
        ("begin", rc(jet_begin_external_backup_instance(inst, 0))),
        ("attach", rc(jet_get_attach_info_instance(inst))),
        ("open", rc(jet_open_file_instance(inst, "x.edb"))),
        ("read", rc(jet_read_file_instance(inst, 0, &mut buf))),
        ("close", rc(jet_close_file_instance(inst, 0))),
        ("loginfo", rc(jet_get_log_info_instance(inst))),
        ("trunc info", rc(jet_get_truncate_log_info_instance(inst))),
        ("truncate", rc(jet_truncate_log_instance(inst))),
        ("end", rc(jet_end_external_backup_instance(inst))),
    ];
    for (what, r) in calls {
        assert_eq!(r, JET_errNotInitialized, "{what}");
    }
    assert_eq!(rc(jet_stop_backup_instance(inst)), 0);
    jet_term2(inst, 0).unwrap();
}

/// Every streaming call, End included, with the result each gives.
fn every_streaming_call(inst: JET_INSTANCE, file: &str) -> Vec<(&'static str, i32)> {
    let mut buf = AlignedBuffer::new(CHUNK);
    vec![
        ("begin", rc(jet_begin_external_backup_instance(inst, 0))),
        ("attach", rc(jet_get_attach_info_instance(inst))),
        ("open", rc(jet_open_file_instance(inst, file))),
        ("read", rc(jet_read_file_instance(inst, 0, &mut buf))),
        ("close", rc(jet_close_file_instance(inst, 0))),
        ("loginfo", rc(jet_get_log_info_instance(inst))),
        ("trunc info", rc(jet_get_truncate_log_info_instance(inst))),
        ("truncate", rc(jet_truncate_log_instance(inst))),
        ("end", rc(jet_end_external_backup_instance(inst))),
    ]
}

#[test]
fn overlay_unknown_instance_handles() {
    let _m = shared();
    let d = Db::new("bk-unknown");
    let gone = jet_create_instance(Some("bk-gone")).unwrap();
    jet_term(gone).unwrap();
    for h in [0, JET_instanceNil] {
        assert_eq!(rc(jet_stop_backup_instance(h)), JET_errInvalidParameter);
        assert_eq!(
            rc(jet_begin_external_backup_instance(h, 0)),
            JET_errInvalidParameter
        );
    }
    assert_eq!(rc(jet_stop_backup_instance(gone)), JET_errInvalidInstance);
    assert_eq!(
        rc(jet_get_attach_info_instance(gone)),
        JET_errInvalidInstance
    );
    // Case 26: no instance changed state.
    jet_begin_external_backup_instance(d.inst(), 0).unwrap();
    jet_get_attach_info_instance(d.inst()).unwrap();
}

// ---- §12 ----

#[test]
fn case01_begin_twice_then_end_then_begin() {
    let _m = shared();
    let d = Db::new("c01");
    jet_begin_external_backup_instance(d.inst(), 0).unwrap();
    assert_eq!(
        rc(jet_begin_external_backup_instance(d.inst(), 0)),
        JET_errBackupInProgress
    );
    jet_end_external_backup_instance(d.inst()).unwrap();
    jet_begin_external_backup_instance(d.inst(), 0).unwrap();
}

#[test]
fn case02_begin_with_atomic_or_snapshot_is_invalid_grbit() {
    let _m = shared();
    let d = Db::new("c02");
    for g in [JET_bitBackupAtomic, JET_bitBackupSnapshot, 0x2, 0x8, 0x100] {
        assert_eq!(
            rc(jet_begin_external_backup_instance(d.inst(), g)),
            JET_errInvalidGrbit,
            "{g:#x}"
        );
        assert_eq!(rc(jet_get_attach_info_instance(d.inst())), JET_errNoBackup);
    }
}

#[test]
fn case03_circular_logging_refuses_incremental() {
    let _m = shared();
    let dir = TempDir::new("c03");
    let inst = jet_create_instance(Some("c03")).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramSystemPath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramLogFilePath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramCircularLog, 1, None).unwrap();
    jet_init(Some(&mut inst.clone())).unwrap();
    let ses = jet_begin_session(inst, None, None).unwrap();
    jet_create_database(ses, &dir.path("c.edb"), None, 0).unwrap();
    assert_eq!(
        rc(jet_begin_external_backup_instance(
            inst,
            JET_bitBackupIncremental
        )),
        JET_errInvalidBackup
    );
    jet_begin_external_backup_instance(inst, 0).unwrap();
    jet_term(inst).unwrap();
}

/// An instance with `JET_paramRecovery` "off".
fn no_logging(tag: &str) -> (TempDir, JET_INSTANCE) {
    let dir = TempDir::new(tag);
    let inst = jet_create_instance(Some(tag)).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramSystemPath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramLogFilePath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramRecovery, 0, Some("off")).unwrap();
    jet_init(Some(&mut inst.clone())).unwrap();
    (dir, inst)
}

#[test]
fn case04_logging_off() {
    let _m = shared();
    let (_dir, inst) = no_logging("c04");
    assert_eq!(
        rc(jet_begin_external_backup_instance(inst, 0)),
        JET_errLoggingDisabled
    );
    assert_eq!(rc(jet_stop_backup_instance(inst)), 0);
    jet_term(inst).unwrap();
}

#[test]
fn case05_incremental_without_full_backup() {
    let _m = shared();
    let d = Db::new("c05");
    assert_eq!(
        rc(jet_begin_external_backup_instance(
            d.inst(),
            JET_bitBackupIncremental
        )),
        JET_errMissingFullBackup
    );
    assert_eq!(rc(jet_get_attach_info_instance(d.inst())), JET_errNoBackup);
}

#[test]
fn case06_incremental_after_a_truncating_full_backup() {
    let _m = shared();
    let d = Db::new("c06");
    let full = full_backup(d.inst(), None, true);
    d.churn(100, 150);
    jet_begin_external_backup_instance(d.inst(), JET_bitBackupIncremental).unwrap();
    let (logs, info) = jet_get_log_info_instance2(d.inst()).unwrap();
    assert!(!logs.is_empty());
    let gens: Vec<u32> = logs.iter().map(|l| generation(l)).collect();
    assert_eq!(
        gens,
        (info.ulGenLow..=info.ulGenHigh).collect::<Vec<_>>(),
        "contiguous, from low to high"
    );
    assert!(
        info.ulGenHigh > full.ulGenHigh,
        "the new roll ends the list"
    );
    // The list starts at the first log still on disk.
    let mut on_disk: Vec<u32> = std::fs::read_dir(&d.e.i.dir.0)
        .unwrap()
        .filter_map(|e| {
            let n = e.unwrap().file_name().into_string().unwrap();
            (n.len() == 15 && n.starts_with("edb") && n.ends_with(".log")).then(|| generation(&n))
        })
        .collect();
    on_disk.sort();
    assert_eq!(on_disk.first(), Some(&info.ulGenLow));
    copy_logs(d.inst(), None);
    jet_truncate_log_instance(d.inst()).unwrap();
    jet_end_external_backup_instance(d.inst()).unwrap();
}

#[test]
fn case07_full_without_truncation_is_a_copy() {
    let _m = shared();
    let d = Db::new("c07");
    full_backup(d.inst(), None, false);
    assert_eq!(
        rc(jet_begin_external_backup_instance(
            d.inst(),
            JET_bitBackupIncremental
        )),
        JET_errMissingFullBackup
    );
    // The same backup ended with TruncateDone counts as a full backup.
    jet_begin_external_backup_instance(d.inst(), 0).unwrap();
    read_whole(d.inst(), &d.e.file, CHUNK);
    copy_logs(d.inst(), None);
    jet_end_external_backup_instance2(d.inst(), JET_bitBackupEndNormal | JET_bitBackupTruncateDone)
        .unwrap();
    jet_begin_external_backup_instance(d.inst(), JET_bitBackupIncremental).unwrap();
}

#[test]
fn case08_incremental_refuses_databases() {
    let _m = shared();
    let d = in_state(St::Incr);
    assert_eq!(
        rc(jet_get_attach_info_instance(d.inst())),
        JET_errInvalidBackupSequence
    );
    assert_running(d.inst());
    assert_eq!(
        rc(jet_open_file_instance(d.inst(), &d.e.file)),
        JET_errInvalidBackupSequence
    );
    assert_over(d.inst());
}

#[test]
fn case09_a_log_before_the_log_list_is_no_database() {
    let _m = shared();
    let d = in_state(St::FullDb);
    assert_eq!(
        rc(jet_open_file_instance(
            d.inst(),
            &d.e.i.dir.path("edb00000001.log")
        )),
        JET_errDatabaseNotFound
    );
    jet_get_attach_info_instance(d.inst()).unwrap();
}

#[test]
fn case10_database_after_the_log_list_ends_the_backup() {
    let _m = shared();
    let d = in_state(St::FullDb);
    jet_get_log_info_instance(d.inst()).unwrap();
    assert_eq!(
        rc(jet_open_file_instance(d.inst(), &d.e.file)),
        JET_errInvalidBackupSequence
    );
    assert_over(d.inst());
}

#[test]
fn case11_one_file_at_a_time() {
    let _m = shared();
    let d = in_state(St::FullDb);
    jet_open_file_instance(d.inst(), &d.e.file).unwrap();
    assert_eq!(
        rc(jet_open_file_instance(d.inst(), &d.e.file)),
        JET_errOutOfMemory
    );
}

#[test]
fn case12_bad_reads_are_invalid_parameter_and_the_backup_goes_on() {
    let _m = shared();
    let d = in_state(St::FullDb);
    let inst = d.inst();
    let (h, _) = jet_open_file_instance(inst, &d.e.file).unwrap();
    let mut buf = AlignedBuffer::new(CHUNK + PAGE);
    assert_eq!(
        rc(jet_read_file_instance(inst, h, &mut buf[1..1 + CHUNK])),
        JET_errInvalidParameter,
        "misaligned"
    );
    assert_eq!(
        rc(jet_read_file_instance(inst, h, &mut buf[..CHUNK - 1])),
        JET_errInvalidParameter,
        "not whole pages"
    );
    assert_eq!(
        rc(jet_read_file_instance(inst, h, &mut buf[..2 * PAGE])),
        JET_errInvalidParameter,
        "first read under three pages"
    );
    assert_eq!(
        rc(jet_read_file_instance(inst, h + 7, &mut buf[..CHUNK])),
        JET_errInvalidParameter,
        "a handle that is not open"
    );
    assert!(jet_read_file_instance(inst, h, &mut buf[..CHUNK]).unwrap() > 0);
}

#[test]
fn case13_14_database_stream_layout() {
    let _m = shared();
    let d = in_state(St::FullDb);
    let inst = d.inst();
    let (data, size) = read_whole(inst, &d.e.file, CHUNK);
    assert_eq!(data.len() as u64, size);
    assert_eq!(size as usize % PAGE, 0);
    let pages = size as usize / PAGE;
    assert!(pages >= 4, "two headers, pages, a trailer");
    assert_eq!(
        data[..PAGE],
        data[PAGE..2 * PAGE],
        "pages 0 and 1: the header"
    );
    // Case 14: a first read of all but the trailer, then the trailer alone.
    let (h, _) = jet_open_file_instance(inst, &d.e.file).unwrap();
    let mut buf = AlignedBuffer::new((pages - 1) * PAGE);
    assert_eq!(
        jet_read_file_instance(inst, h, &mut buf).unwrap() as usize,
        (pages - 1) * PAGE
    );
    assert_eq!(
        jet_read_file_instance(inst, h, &mut buf).unwrap() as usize,
        PAGE
    );
    assert_eq!(jet_read_file_instance(inst, h, &mut buf).unwrap(), 0);
    jet_close_file_instance(inst, h).unwrap();
}

#[test]
fn case15_16_log_list_repeats_and_needs_no_open_file() {
    let _m = shared();
    let d = Db::new("c15");
    d.churn(100, 150);
    jet_begin_external_backup_instance(d.inst(), 0).unwrap();
    read_whole(d.inst(), &d.e.file, CHUNK);
    let (a, info) = jet_get_log_info_instance2(d.inst()).unwrap();
    let (b, info2) = jet_get_log_info_instance2(d.inst()).unwrap();
    assert_eq!((&a, &info), (&b, &info2));
    // The list runs from the checkpoint's generation at the begin to the roll: one log
    // when the checkpoint had caught up with the log.
    assert!(!a.is_empty());
    assert_eq!(generation(&a[0]), info.ulGenLow);
    assert_eq!(generation(a.last().unwrap()), info.ulGenHigh);
    assert_eq!(info.szBaseName, "edb");
    // Case 16.
    let (h, _) = jet_open_file_instance(d.inst(), &a[0]).unwrap();
    assert_eq!(
        rc(jet_get_log_info_instance(d.inst())),
        JET_errInvalidBackupSequence
    );
    jet_close_file_instance(d.inst(), h).unwrap();
    assert_eq!(jet_get_log_info_instance(d.inst()).unwrap(), a);
}

#[test]
fn case17_18_truncation_needs_every_log_copied() {
    let _m = shared();
    let d = Db::new("c17");
    d.churn(100, 150);
    jet_begin_external_backup_instance(d.inst(), 0).unwrap();
    assert_eq!(
        rc(jet_truncate_log_instance(d.inst())),
        JET_errInvalidBackupSequence,
        "case 18"
    );
    read_whole(d.inst(), &d.e.file, CHUNK);
    let logs = jet_get_log_info_instance(d.inst()).unwrap();
    // The first log read only in part.
    let (h, _) = jet_open_file_instance(d.inst(), &logs[0]).unwrap();
    let mut buf = AlignedBuffer::new(2 * PAGE);
    jet_read_file_instance(d.inst(), h, &mut buf).unwrap();
    jet_close_file_instance(d.inst(), h).unwrap();
    assert_eq!(
        rc(jet_truncate_log_instance(d.inst())),
        JET_errLogFileNotCopied
    );
    copy_logs(d.inst(), None);
    jet_truncate_log_instance(d.inst()).unwrap();
    jet_truncate_log_instance(d.inst()).unwrap();
    jet_end_external_backup_instance(d.inst()).unwrap();
}

#[test]
fn case19_a_deleted_log_ends_the_backup() {
    let _m = shared();
    let d = Db::new("c19");
    d.churn(100, 150);
    jet_begin_external_backup_instance(d.inst(), 0).unwrap();
    let logs = jet_get_log_info_instance(d.inst()).unwrap();
    std::fs::remove_file(&logs[0]).unwrap();
    assert_eq!(
        rc(jet_open_file_instance(d.inst(), &logs[0])),
        JET_errMissingFileToBackup
    );
    assert_over(d.inst());
}

#[test]
fn case20_a_corrupt_log_ends_the_backup() {
    let _m = shared();
    let d = Db::new("c20");
    d.churn(100, 150);
    jet_begin_external_backup_instance(d.inst(), 0).unwrap();
    let logs = jet_get_log_info_instance(d.inst()).unwrap();
    let victim = &logs[0];
    let mut bytes = std::fs::read(victim).unwrap();
    for b in &mut bytes[PAGE + 512..PAGE + 576] {
        *b ^= 0xA5;
    }
    std::fs::write(victim, bytes).unwrap();
    let (h, _) = jet_open_file_instance(d.inst(), victim).unwrap();
    let mut buf = AlignedBuffer::new(CHUNK);
    let mut got = 0;
    loop {
        match jet_read_file_instance(d.inst(), h, &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                got = e.code().value();
                break;
            }
        }
    }
    assert_eq!(got, JET_errLogReadVerifyFailure);
    assert_over(d.inst());
}

#[test]
fn case21_a_corrupt_page_drops_that_database() {
    let _m = shared();
    let d = Db::new("c21");
    d.churn(100, 16);
    // Push every page to the file, then damage one in the middle.
    jet_commit_transaction(d.e.ses, JET_bitWaitAllLevel0Commit).unwrap();
    let file = d.e.file.clone();
    jet_close_table(d.e.ses, d.t).unwrap();
    jet_close_database(d.e.ses, d.e.db, 0).unwrap();
    jet_detach_database(d.e.ses, Some(&file)).unwrap();
    let mut bytes = std::fs::read(&file).unwrap();
    let page = (bytes.len() / PAGE) / 2;
    for b in &mut bytes[page * PAGE + 100..page * PAGE + 200] {
        *b ^= 0xFF;
    }
    std::fs::write(&file, bytes).unwrap();
    jet_attach_database(d.e.ses, &file, 0).unwrap();
    jet_begin_external_backup_instance(d.inst(), 0).unwrap();
    let (h, _) = jet_open_file_instance(d.inst(), &file).unwrap();
    let mut buf = AlignedBuffer::new(CHUNK);
    let err = loop {
        match jet_read_file_instance(d.inst(), h, &mut buf) {
            Ok(0) => panic!("the damaged page was not found"),
            Ok(_) => {}
            Err(e) => break e.code().value(),
        }
    };
    assert!(
        [
            JET_errReadVerifyFailure,
            JET_errReadPgnoVerifyFailure,
            JET_errReadLostFlushVerifyFailure,
            JET_errDiskReadVerificationFailure
        ]
        .contains(&err),
        "{err}"
    );
    assert_eq!(
        rc(jet_close_file_instance(d.inst(), h)),
        JET_errInvalidParameter,
        "the handle was closed for us"
    );
    jet_get_attach_info_instance(d.inst()).unwrap();
    jet_end_external_backup_instance(d.inst()).unwrap();
}

#[test]
fn case22_stop_mid_backup() {
    let _m = shared();
    let d = in_state(St::FullDb);
    let inst = d.inst();
    let (h, _) = jet_open_file_instance(inst, &d.e.file).unwrap();
    let mut buf = AlignedBuffer::new(CHUNK);
    jet_read_file_instance(inst, h, &mut buf).unwrap();
    jet_stop_backup_instance(inst).unwrap();
    let abort = JET_errBackupAbortByServer;
    assert_eq!(rc(jet_get_attach_info_instance(inst)), abort);
    assert_eq!(rc(jet_read_file_instance(inst, h, &mut buf)), abort);
    assert_eq!(rc(jet_open_file_instance(inst, &d.e.file)), abort);
    assert_eq!(rc(jet_get_log_info_instance(inst)), abort);
    assert_eq!(rc(jet_get_truncate_log_info_instance(inst)), abort);
    assert_eq!(rc(jet_truncate_log_instance(inst)), abort);
    jet_close_file_instance(inst, h).unwrap();
    assert_eq!(
        rc(jet_begin_external_backup_instance(inst, 0)),
        JET_errBackupInProgress
    );
    jet_end_external_backup_instance2(inst, JET_bitBackupEndNormal | JET_bitBackupTruncateDone)
        .unwrap();
    assert_eq!(rc(jet_get_attach_info_instance(inst)), JET_errNoBackup);
    assert_eq!(
        rc(jet_begin_external_backup_instance(
            inst,
            JET_bitBackupIncremental
        )),
        JET_errMissingFullBackup,
        "the stopped backup stamped no header"
    );
    jet_begin_external_backup_instance(inst, 0).unwrap();
    jet_get_attach_info_instance(inst).unwrap();
}

#[test]
fn end_normal_stamps_the_headers_only_after_the_log_phase() {
    let _m = shared();
    let ended = JET_bitBackupEndNormal | JET_bitBackupTruncateDone;
    // FULL_DB: the end is recorded as an abort by the caller.
    let d = in_state(St::FullDb);
    read_whole(d.inst(), &d.e.file, CHUNK);
    jet_end_external_backup_instance2(d.inst(), ended).unwrap();
    assert_eq!(
        rc(jet_begin_external_backup_instance(
            d.inst(),
            JET_bitBackupIncremental
        )),
        JET_errMissingFullBackup
    );
    // FULL_LOGS with every log copied: a full backup.
    let d = in_state(St::FullLogs);
    copy_logs(d.inst(), None);
    jet_end_external_backup_instance2(d.inst(), ended).unwrap();
    jet_begin_external_backup_instance(d.inst(), JET_bitBackupIncremental).unwrap();
}

#[test]
fn case23_a_stop_while_idle_is_cleared_by_the_next_begin() {
    let _m = shared();
    let d = Db::new("c23");
    jet_stop_backup_instance(d.inst()).unwrap();
    full_backup(d.inst(), None, true);
}

#[test]
fn case24_a_stop_while_idle_is_cleared_by_an_end() {
    let _m = shared();
    let d = Db::new("c24");
    jet_stop_backup_instance(d.inst()).unwrap();
    assert_eq!(
        rc(jet_end_external_backup_instance(d.inst())),
        JET_errNoBackup
    );
    jet_begin_external_backup_instance(d.inst(), 0).unwrap();
    jet_get_attach_info_instance(d.inst()).unwrap();
}

#[test]
fn case25_legacy_calls_follow_the_run_mode() {
    let _m = alone();
    // No mode.
    while !jet_get_instance_info().unwrap().is_empty() {
        std::thread::yield_now();
    }
    let legacy = |what: &str| -> Vec<(String, i32)> {
        let mut buf = AlignedBuffer::new(CHUNK);
        vec![
            ("stop backup", rc(jet_stop_backup())),
            ("stop service", rc(jet_stop_service())),
            ("begin", rc(jet_begin_external_backup(0))),
            ("attach", rc(jet_get_attach_info())),
            ("open", rc(jet_open_file("x"))),
            ("read", rc(jet_read_file(0, &mut buf))),
            ("close", rc(jet_close_file(0))),
            ("loginfo", rc(jet_get_log_info())),
            ("truncate", rc(jet_truncate_log())),
            ("end", rc(jet_end_external_backup())),
        ]
        .into_iter()
        .map(|(n, r)| (format!("{what}: {n}"), r))
        .collect()
    };
    for (n, r) in legacy("no mode") {
        assert_eq!(r, JET_errInvalidParameter, "{n}");
    }
    let m = jet_create_instance(Some("c25-multi")).unwrap();
    for (n, r) in legacy("multi") {
        assert_eq!(r, JET_errRunningInMultiInstanceMode, "{n}");
    }
    jet_term(m).unwrap();
    // Single mode: the one instance, whatever handle an …Instance call passes.
    let dir = TempDir::new("c25");
    jet_set_system_parameter(0, 0, JET_paramSystemPath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(0, 0, JET_paramLogFilePath, 0, Some(dir.s())).unwrap();
    let mut inst = 0;
    jet_init(Some(&mut inst)).unwrap();
    let ses = jet_begin_session(inst, None, None).unwrap();
    let file = dir.path("one.edb");
    jet_create_database(ses, &file, None, 0).unwrap();
    jet_stop_backup().unwrap();
    jet_begin_external_backup(0).unwrap();
    let dbs = jet_get_attach_info().unwrap();
    assert_eq!(dbs.len(), 1);
    assert_eq!(jet_get_attach_info_instance(0).unwrap(), dbs);
    let (h, size) = jet_open_file(&dbs[0]).unwrap();
    let mut buf = AlignedBuffer::new(CHUNK);
    let mut total = 0u64;
    loop {
        let n = jet_read_file(h, &mut buf).unwrap();
        if n == 0 {
            break;
        }
        total += n as u64;
    }
    assert_eq!(total, size);
    jet_close_file(h).unwrap();
    for l in jet_get_log_info().unwrap() {
        let (h, _) = jet_open_file(&l).unwrap();
        while jet_read_file(h, &mut buf).unwrap() > 0 {}
        jet_close_file(h).unwrap();
    }
    jet_truncate_log().unwrap();
    jet_end_external_backup().unwrap();
    assert_eq!(rc(jet_end_external_backup()), JET_errNoBackup);
    // Case 33: a restore needs its own instance.
    assert_eq!(
        rc(jet_external_restore2(&JET_EXTERNAL_RESTORE {
            szCheckpointFilePath: Some(dir.s().into()),
            szLogPath: Some(dir.s().into()),
            szBackupLogPath: Some(dir.s().into()),
            ..Default::default()
        })),
        JET_errRunningInOneInstanceMode
    );
    jet_stop_service().unwrap();
    assert_eq!(
        rc(jet_begin_session(inst, None, None)),
        JET_errClientRequestToStopJetService
    );
    jet_end_session(ses, 0).unwrap();
    jet_term(inst).unwrap();
    jet_set_system_parameter(0, 0, JET_paramSystemPath, 0, Some(".")).unwrap();
    jet_set_system_parameter(0, 0, JET_paramLogFilePath, 0, Some(".")).unwrap();
}

#[test]
fn case27_stop_service_during_a_backup() {
    let _m = shared();
    let d = in_state(St::FullDb);
    let inst = d.inst();
    jet_open_file_instance(inst, &d.e.file).unwrap();
    jet_stop_service_instance(inst).unwrap();
    for (what, r) in every_streaming_call(inst, &d.e.file) {
        assert_eq!(r, JET_errClientRequestToStopJetService, "{what}");
    }
    assert_eq!(rc(jet_stop_backup_instance(inst)), 0);
    assert_eq!(
        rc(jet_begin_session(inst, None, None)),
        JET_errClientRequestToStopJetService
    );
    assert_eq!(
        rc(jet_open_database(d.e.ses, &d.e.file, None, 0)),
        JET_errClientRequestToStopJetService,
        "session calls too"
    );
    jet_term(inst).unwrap();
}

#[test]
fn case28_term_without_abrupt_refuses_a_running_backup() {
    let _m = shared();
    let d = in_state(St::FullDb);
    let inst = d.inst();
    for g in [0, JET_bitTermComplete] {
        assert_eq!(rc(jet_term2(inst, g)), JET_errBackupInProgress);
    }
    // Still usable, sessions and cursors included.
    jet_make_key(d.e.ses, d.t, Some(&long(17)), JET_bitNewKey).unwrap();
    jet_seek(d.e.ses, d.t, JET_bitSeekEQ).unwrap();
    let s2 = jet_begin_session(inst, None, None).unwrap();
    jet_end_session(s2, 0).unwrap();
    read_whole(inst, &d.e.file, CHUNK);
    jet_end_external_backup_instance(inst).unwrap();
    assert_eq!(
        rc(jet_begin_external_backup_instance(inst, 0)),
        JET_errBackupNotAllowedYet
    );
    jet_term2(inst, JET_bitTermComplete).unwrap();
}

#[test]
fn case29_term_with_stop_backup_aborts_it() {
    let _m = shared();
    let d = in_state(St::FullLogs);
    jet_term2(d.inst(), JET_bitTermStopBackup).unwrap();
    assert_eq!(
        rc(jet_get_attach_info_instance(d.inst())),
        JET_errInvalidInstance
    );
}

#[test]
fn case29b_plain_term_and_dirty_term_during_a_backup() {
    let _m = shared();
    let d = in_state(St::FullDb);
    jet_term(d.inst()).unwrap();
    let d = in_state(St::FullLogs);
    assert_eq!(
        rc(jet_term2(d.inst(), JET_bitTermDirty)),
        JET_errDirtyShutdown
    );
}

#[test]
fn case31_attach_and_detach_during_a_backup() {
    let _m = shared();
    let d = in_state(St::FullDb);
    let other = d.e.i.dir.path("other.edb");
    assert_eq!(
        rc(jet_create_database(d.e.ses, &other, None, 0)),
        JET_errBackupInProgress
    );
    jet_close_table(d.e.ses, d.t).unwrap();
    jet_close_database(d.e.ses, d.e.db, 0).unwrap();
    assert_eq!(
        rc(jet_detach_database(d.e.ses, Some(&d.e.file))),
        JET_errBackupInProgress
    );
}

// ---- stop service (§3.12) ----

#[test]
fn stop_service2_grbits() {
    let _m = shared();
    let d = Db::new("stop2");
    let inst = d.inst();
    for g in [0x1, 0x10, 0x8 | 0x2, 0x8 | 0x4] {
        assert_eq!(
            rc(jet_stop_service_instance2(inst, g)),
            JET_errInvalidGrbit,
            "{g:#x}"
        );
    }
    assert_eq!(
        rc(jet_stop_service_instance2(
            inst,
            JET_bitStopServiceResume | JET_bitStopServiceStopAndEmitLog
        )),
        JET_errInvalidGrbit
    );
    jet_stop_service_instance2(inst, JET_bitStopServiceStopAndEmitLog).unwrap();
    assert_eq!(
        rc(jet_begin_external_backup_instance(inst, 0)),
        JET_errLogWriteFail
    );
    assert_eq!(
        rc(jet_stop_service_instance2(inst, JET_bitStopServiceResume)),
        JET_errInvalidGrbit,
        "the end of the log stream cannot be resumed"
    );
    let d = Db::new("stop2-all");
    jet_stop_service_instance2(d.inst(), JET_bitStopServiceAll).unwrap();
    assert_eq!(
        rc(jet_stop_service_instance2(
            d.inst(),
            JET_bitStopServiceResume
        )),
        JET_errClientRequestToStopJetService
    );
    assert_eq!(
        rc(jet_begin_external_backup_instance(d.inst(), 0)),
        JET_errClientRequestToStopJetService
    );
    jet_term(d.inst()).unwrap();
}

// ---- ManagedEsent §10.3 ----

#[test]
fn managed_esent_streaming_backup() {
    let _m = shared();
    let dir = TempDir::new("me-stream");
    let inst = jet_create_instance(Some("me-stream")).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramSystemPath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramLogFilePath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramLogFileSize, 64, None).unwrap();
    jet_init(Some(&mut inst.clone())).unwrap();
    let ses = jet_begin_session(inst, None, None).unwrap();
    let file = dir.path("database.edb");
    let db = jet_create_database(ses, &file, None, 0).unwrap();
    let (t, ids) = table(
        ses,
        db,
        "table",
        vec![col("col", JET_coltypLong, 0)],
        vec![idx("primary", "+col\0\0", JET_bitIndexPrimary)],
    );
    jet_begin_transaction(ses).unwrap();
    insert(ses, t, &[(ids[0], &long(17))]).unwrap();
    jet_commit_transaction(ses, 0).unwrap();
    // GenerateSomeLogs, both ways: without JET_bitForceNewLog 256 rows of 1023 bytes,
    // lazily committed, in a table then deleted; with it ten log rolls.
    let (junk, jids) = table(
        ses,
        db,
        "junk",
        vec![
            col("k", JET_coltypLong, 0),
            col("data", JET_coltypLongBinary, 0),
        ],
        vec![idx("primary", "+k\0\0", JET_bitIndexPrimary)],
    );
    let data = vec![7u8; 1023];
    for k in 0..256 {
        jet_begin_transaction(ses).unwrap();
        insert(ses, junk, &[(jids[0], &long(k)), (jids[1], &data)]).unwrap();
        jet_commit_transaction(ses, JET_bitCommitLazyFlush).unwrap();
    }
    jet_close_table(ses, junk).unwrap();
    jet_delete_table(ses, db, "junk").unwrap();
    for _ in 0..10 {
        jet_commit_transaction(ses, JET_bitForceNewLog).unwrap();
    }

    jet_begin_external_backup_instance(inst, 0).unwrap();
    let dbs = jet_get_attach_info_instance(inst).unwrap();
    assert_eq!(dbs.len(), 1);
    assert!(dbs[0].contains("database.edb"), "{dbs:?}");
    let bytes = multi_string_w(&dbs);
    let fill = list_fill(ListFill::AttachInfo, bytes.len(), 8192, true, false).unwrap();
    assert_eq!(fill.actual as usize, bytes.len());
    let (data, size) = read_whole(inst, &dbs[0], CHUNK);
    assert_eq!(data.len() as u64, size);
    let logs = jet_get_log_info_instance(inst).unwrap();
    // From the checkpoint's generation, which follows the log as it rolls.
    assert!(
        logs.len() >= 2,
        "rolled generations and the current: {logs:?}"
    );
    for l in &logs {
        let (data, size) = read_whole(inst, l, CHUNK);
        assert_eq!(data.len() as u64, size);
    }
    let truncate = jet_get_truncate_log_info_instance(inst).unwrap();
    assert_eq!(
        multi_string_w(&truncate).len(),
        truncate
            .iter()
            .map(|n| 2 * n.encode_utf16().count() + 2)
            .sum::<usize>()
            + 2
    );
    jet_truncate_log_instance(inst).unwrap();
    jet_end_external_backup_instance(inst).unwrap();
    // The live database still holds 17.
    jet_make_key(ses, t, Some(&long(17)), JET_bitNewKey).unwrap();
    jet_seek(ses, t, JET_bitSeekEQ).unwrap();
    jet_term2(inst, JET_bitTermComplete).unwrap();
}

#[test]
fn managed_esent_streaming_backup2_partial_copy_ends_normally() {
    let _m = shared();
    let d = Db::new("me-stream2");
    jet_begin_external_backup_instance(d.inst(), 0).unwrap();
    let (h, _) = jet_open_file_instance(d.inst(), &d.e.file).unwrap();
    let mut buf = AlignedBuffer::new(CHUNK);
    jet_read_file_instance(d.inst(), h, &mut buf).unwrap();
    jet_close_file_instance(d.inst(), h).unwrap();
    jet_end_external_backup_instance2(d.inst(), JET_bitBackupEndNormal).unwrap();
    jet_make_key(d.e.ses, d.t, Some(&long(17)), JET_bitNewKey).unwrap();
    jet_seek(d.e.ses, d.t, JET_bitSeekEQ).unwrap();
}

// ---- ManagedEsent §10.5 ----

#[test]
fn managed_esent_stop_backup_with_logging_off() {
    let _m = shared();
    let (_dir, inst) = no_logging("me-stopbk");
    jet_stop_backup_instance(inst).unwrap();
    jet_term2(inst, JET_bitTermComplete).unwrap();
}

#[test]
fn managed_esent_stop_service_then_term() {
    let _m = shared();
    let (_dir, inst) = no_logging("me-stopsvc");
    jet_stop_service_instance(inst).unwrap();
    jet_term(inst).unwrap();
    let (_dir, inst) = no_logging("me-stopsvc2");
    jet_stop_service_instance2(inst, JET_bitStopServiceAll).unwrap();
    jet_term(inst).unwrap();
}

#[test]
fn managed_esent_stop_service_stops_sessions() {
    let _m = shared();
    let (_dir, inst) = no_logging("me-stopsvc-ses");
    let ses = jet_begin_session(inst, None, None).unwrap();
    jet_stop_service_instance(inst).unwrap();
    assert_eq!(
        rc(jet_begin_session(inst, None, None)),
        JET_errClientRequestToStopJetService
    );
    assert_eq!(
        rc(jet_begin_transaction(ses)),
        JET_errClientRequestToStopJetService
    );
    // Basic.cs: end the session, then a dirty term.
    jet_end_session(ses, 0).unwrap();
    assert_eq!(rc(jet_term2(inst, JET_bitTermDirty)), JET_errDirtyShutdown);
}

#[test]
fn managed_esent_stop_service2_resumable_bits_keep_sessions() {
    let _m = shared();
    let (_dir, inst) = no_logging("me-stop2");
    for g in [
        JET_bitStopServiceQuiesceCaches,
        JET_bitStopServiceBackgroundUserTasks,
    ] {
        jet_stop_service_instance2(inst, g).unwrap();
        let s = jet_begin_session(inst, None, None).unwrap();
        jet_end_session(s, 0).unwrap();
        jet_stop_service_instance2(inst, JET_bitStopServiceResume).unwrap();
        let s = jet_begin_session(inst, None, None).unwrap();
        jet_end_session(s, 0).unwrap();
    }
    jet_term(inst).unwrap();
}

#[test]
fn managed_esent_abrupt_term_and_term_of_an_uninitialized_instance() {
    let _m = shared();
    let (_dir, inst) = no_logging("me-abrupt");
    jet_term2(inst, JET_bitTermAbrupt).unwrap();
    let inst = jet_create_instance(Some("me-uninit")).unwrap();
    jet_term2(inst, 0).unwrap();
}

// ---- restore ----

#[test]
fn external_restore_of_a_streaming_backup() {
    let _m = shared();
    let d = Db::new("restore");
    d.churn(100, 150);
    let backup = TempDir::new("restore-backup");
    let info = full_backup(d.inst(), Some(&backup.0), true);
    let live = d.full_path();
    // Changes after the backup are not in it.
    d.churn(5000, 2);
    drop(d);

    let target = TempDir::new("restore-target");
    let name = Path::new(&live).file_name().unwrap().to_owned();
    let restored: PathBuf = target.0.join(&name);
    std::fs::copy(backup.0.join(&name), &restored).unwrap();
    let map = vec![JET_RSTMAP {
        szDatabaseName: live.clone(),
        szNewDatabaseName: restored.to_string_lossy().into_owned(),
    }];
    let bad_pairs = JET_EXTERNAL_RESTORE {
        szCheckpointFilePath: Some(target.s().into()),
        szLogPath: Some(target.s().into()),
        rgrstmap: map.clone(),
        szBackupLogPath: Some(backup.s().into()),
        loginfo: info.clone(),
        szTargetInstanceLogPath: Some(target.s().into()),
        ..Default::default()
    };
    assert_eq!(
        rc(jet_external_restore2(&bad_pairs)),
        JET_errInvalidParameter
    );
    jet_external_restore2(&JET_EXTERNAL_RESTORE {
        szCheckpointFilePath: Some(target.s().into()),
        szLogPath: Some(target.s().into()),
        rgrstmap: map,
        szBackupLogPath: Some(backup.s().into()),
        loginfo: info,
        ..Default::default()
    })
    .unwrap();

    // The restored database attaches cleanly and holds the rows of the backup.
    let i = Inst::new("restore-check");
    let ses = jet_begin_session(i.inst, None, None).unwrap();
    let path = restored.to_str().unwrap();
    jet_attach_database(ses, path, 0).unwrap();
    let (db, _) = jet_open_database(ses, path, None, 0).unwrap();
    let t = jet_open_table(ses, db, "t", None, 0).unwrap();
    for k in [17, 100, 107] {
        jet_make_key(ses, t, Some(&long(k)), JET_bitNewKey).unwrap();
        jet_seek(ses, t, JET_bitSeekEQ).unwrap();
    }
    jet_make_key(ses, t, Some(&long(5000)), JET_bitNewKey).unwrap();
    assert_eq!(rc(jet_seek(ses, t, JET_bitSeekEQ)), JET_errRecordNotFound);
}

#[test]
fn external_restore_refuses_paths_of_cch_path_max_minus_one_bytes() {
    let _m = shared();
    let root = TempDir::new("restore-long");
    let base = root.path("long");
    let too_long = path_of_len(&base, CCH_PATH_MAX - 1);
    let short = root.path("short");
    let good = JET_EXTERNAL_RESTORE {
        szCheckpointFilePath: Some(short.clone()),
        szLogPath: Some(short.clone()),
        rgrstmap: vec![JET_RSTMAP {
            szDatabaseName: "/nowhere/test.edb".into(),
            szNewDatabaseName: format!("{short}/test.edb"),
        }],
        szBackupLogPath: Some(short.clone()),
        ..Default::default()
    };
    type Set = fn(&mut JET_EXTERNAL_RESTORE, String);
    let cases: [(&str, Set); 6] = [
        ("checkpoint", |r, p| r.szCheckpointFilePath = Some(p)),
        ("log", |r, p| r.szLogPath = Some(p)),
        ("backup log", |r, p| r.szBackupLogPath = Some(p)),
        ("map", |r, p| r.rgrstmap[0].szNewDatabaseName = p),
        ("target log", |r, p| {
            r.szTargetInstanceLogPath = Some(p);
            r.szTargetInstanceCheckpointPath = Some(r.szLogPath.clone().unwrap());
        }),
        ("target checkpoint", |r, p| {
            r.szTargetInstanceLogPath = Some(r.szLogPath.clone().unwrap());
            r.szTargetInstanceCheckpointPath = Some(p);
        }),
    ];
    for (what, set) in cases {
        let mut r = good.clone();
        set(&mut r, too_long.clone());
        assert_eq!(rc(jet_external_restore2(&r)), JET_errInvalidPath, "{what}");
        assert!(!Path::new(&base).exists(), "{what}: a folder was made");
        assert!(!Path::new(&short).exists(), "{what}: a folder was made");
    }
    // The legacy form checks the same paths.
    assert_eq!(
        rc(jet_external_restore(
            Some(&short),
            Some(&too_long),
            &good.rgrstmap,
            Some(&short),
            0,
            0
        )),
        JET_errInvalidPath
    );
    assert!(!Path::new(&short).exists());
}

/// A running instance named `name` logging into `dir` under the base name `base`.
fn running_instance(name: &str, dir: &TempDir, base: &str) -> JET_INSTANCE {
    let inst = jet_create_instance(Some(name)).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramSystemPath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramLogFilePath, 0, Some(dir.s())).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramBaseName, 0, Some(base)).unwrap();
    jet_init(Some(&mut inst.clone())).unwrap();
    inst
}

#[test]
fn external_restore2_target_instances() {
    let _m = shared();
    let d = Db::new("target");
    d.churn(100, 150);
    let backup = TempDir::new("target-backup");
    let info = full_backup(d.inst(), Some(&backup.0), true);
    let live = d.full_path();
    d.churn(5000, 2);
    drop(d);
    let name = Path::new(&live).file_name().unwrap().to_owned();
    let copies = TempDir::new("target-copies");
    let restored: PathBuf = copies.0.join(&name);
    std::fs::copy(backup.0.join(&name), &restored).unwrap();
    // The restore's own folders: never used when the target is given by paths.
    let unused = TempDir::new("target-unused");
    let own = unused.path("own");
    let request = JET_EXTERNAL_RESTORE {
        szCheckpointFilePath: Some(own.clone()),
        szLogPath: Some(own.clone()),
        rgrstmap: vec![JET_RSTMAP {
            szDatabaseName: live.clone(),
            szNewDatabaseName: restored.to_string_lossy().into_owned(),
        }],
        szBackupLogPath: Some(backup.s().into()),
        loginfo: info,
        ..Default::default()
    };
    let by_name = |n: &str| JET_EXTERNAL_RESTORE {
        szTargetInstanceName: Some(n.into()),
        ..request.clone()
    };
    let by_paths = |log: &str, chk: &str| JET_EXTERNAL_RESTORE {
        szTargetInstanceLogPath: Some(log.into()),
        szTargetInstanceCheckpointPath: Some(chk.into()),
        ..request.clone()
    };
    let pid = std::process::id();

    // Named, not running: unknown, or created and not initialised.
    assert_eq!(
        rc(jet_external_restore2(&by_name(&format!("no-such-{pid}")))),
        JET_errBadRestoreTargetInstance
    );
    let idle_name = format!("target-idle-{pid}");
    let idle = jet_create_instance(Some(&idle_name)).unwrap();
    assert_eq!(
        rc(jet_external_restore2(&by_name(&idle_name))),
        JET_errBadRestoreTargetInstance
    );
    jet_term(idle).unwrap();

    // Running with another base name, found by name or by its log folder.
    let abc_dir = TempDir::new("target-abc");
    let abc_name = format!("target-abc-{pid}");
    let abc = running_instance(&abc_name, &abc_dir, "abc");
    assert_eq!(
        rc(jet_external_restore2(&by_name(&abc_name))),
        JET_errBadRestoreTargetInstance
    );
    let abc_log = format!("{}/./", abc_dir.s());
    assert_eq!(
        rc(jet_external_restore2(&by_paths(&abc_log, abc_dir.s()))),
        JET_errBadRestoreTargetInstance
    );
    jet_term(abc).unwrap();

    assert!(!Path::new(&own).exists(), "a refused restore made a folder");

    // Running with the restore's base name, but its own log stream, not the backup's:
    // its logs cannot continue the backup set.
    let same_dir = TempDir::new("target-same");
    let same_name = format!("target-same-{pid}");
    let same = running_instance(&same_name, &same_dir, "edb");
    assert_eq!(
        rc(jet_external_restore2(&by_name(&same_name))),
        JET_errExistingLogFileHasBadSignature
    );
    assert_eq!(
        rc(jet_external_restore2(&by_paths(same_dir.s(), same_dir.s()))),
        JET_errExistingLogFileHasBadSignature
    );
    // The restore's log folder must not be the running target's.
    let into_target = JET_EXTERNAL_RESTORE {
        szLogPath: Some(same_dir.s().into()),
        ..by_name(&same_name)
    };
    assert_eq!(
        rc(jet_external_restore2(&into_target)),
        JET_errInvalidParameter
    );
    jet_term(same).unwrap();
    assert!(
        !Path::new(&own).join("edb.chk").exists(),
        "a refused restore wrote a checkpoint"
    );
    std::fs::remove_dir_all(&own).unwrap();

    // Given by paths that no running instance uses (abc's folder, now that it ended):
    // the restore's log and checkpoint go there.
    let target = TempDir::new("target-paths");
    let t_log = target.path("logs");
    let t_chk = target.path("system");
    jet_external_restore2(&by_paths(&t_log, &t_chk)).unwrap();
    assert!(Path::new(&t_chk).join("edb.chk").exists());
    assert!(Path::new(&t_log).join("edb.log").exists());
    assert!(
        !Path::new(&own).exists(),
        "the restore used its own folders"
    );

    // An instance started on the target's folders finds the restored state.
    check_restored_keys(&t_chk, &t_log, &restored, &[17, 100, 107], &[5000]);
}

/// Starts an instance on a restore's checkpoint and log folders and checks that the
/// restored database at `path` has the ids `present` in table `t` and not `absent`.
fn check_restored_keys(chk: &str, log: &str, path: &Path, present: &[i32], absent: &[i32]) {
    static N: AtomicUsize = AtomicUsize::new(0);
    let name = format!(
        "restored-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    );
    let inst = jet_create_instance(Some(&name)).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramSystemPath, 0, Some(chk)).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramLogFilePath, 0, Some(log)).unwrap();
    jet_init(Some(&mut inst.clone())).unwrap();
    let ses = jet_begin_session(inst, None, None).unwrap();
    let path = path.to_str().unwrap();
    jet_attach_database(ses, path, 0).unwrap();
    let (db, _) = jet_open_database(ses, path, None, 0).unwrap();
    let t = jet_open_table(ses, db, "t", None, 0).unwrap();
    for &k in present {
        jet_make_key(ses, t, Some(&long(k)), JET_bitNewKey).unwrap();
        jet_seek(ses, t, JET_bitSeekEQ).unwrap_or_else(|e| panic!("key {k}: {e}"));
    }
    for &k in absent {
        jet_make_key(ses, t, Some(&long(k)), JET_bitNewKey).unwrap();
        assert_eq!(
            rc(jet_seek(ses, t, JET_bitSeekEQ)),
            JET_errRecordNotFound,
            "key {k}"
        );
    }
    jet_end_session(ses, 0).unwrap();
    jet_term(inst).unwrap();
}

/// Numbered log generations in `dir`.
fn numbered_logs(dir: &Path) -> Vec<u32> {
    let mut gens: Vec<u32> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.len() == 15 && n.starts_with("edb") && n.ends_with(".log"))
        .map(|n| generation(&n))
        .collect();
    gens.sort_unstable();
    gens
}

#[test]
fn external_restore2_rolls_forward_through_a_running_target() {
    let _m = shared();
    let d = Db::new("rolltarget");
    d.churn(100, 150);
    let backup = TempDir::new("rolltarget-backup");
    let info = full_backup(d.inst(), Some(&backup.0), true);
    // Committed after the backup, over several generations of the target's own log.
    d.churn(5000, 150);
    let live = d.full_path();
    let target_logs = d.e.i.dir.0.clone();
    let before = numbered_logs(&target_logs);
    assert!(
        before.last().unwrap() > &info.ulGenHigh,
        "the target's log went on after the backup"
    );
    let name = Path::new(&live).file_name().unwrap().to_owned();
    let work = TempDir::new("rolltarget-restore");
    let restored = work.0.join(&name);
    std::fs::copy(backup.0.join(&name), &restored).unwrap();
    let request = JET_EXTERNAL_RESTORE {
        szCheckpointFilePath: Some(work.path("chk")),
        szLogPath: Some(work.path("log")),
        rgrstmap: vec![JET_RSTMAP {
            szDatabaseName: live.clone(),
            szNewDatabaseName: restored.to_string_lossy().into_owned(),
        }],
        szBackupLogPath: Some(backup.s().into()),
        loginfo: info.clone(),
        szTargetInstanceName: Some(d.name.clone()),
        ..Default::default()
    };
    assert_eq!(
        jet_external_restore2(&request).unwrap(),
        Some(Warning::TargetInstanceRunning)
    );
    // The target closed one more generation for the restore, and its folder kept every
    // log it had; the restore's log folder holds the target's generations after the set.
    let after = numbered_logs(&target_logs);
    assert_eq!(after.last(), Some(&(before.last().unwrap() + 1)));
    assert!(before.iter().all(|g| after.contains(g)));
    let copied = numbered_logs(Path::new(&work.path("log")));
    assert!((info.ulGenHigh + 1..=*after.last().unwrap()).all(|g| copied.contains(&g)));

    // The target goes on; what it commits now is not in the restore.
    d.churn(9000, 2);

    // The restored database has what was committed up to the target's roll.
    check_restored_keys(
        &work.path("chk"),
        &work.path("log"),
        &restored,
        &[17, 100, 249, 5000, 5149],
        &[250, 5150, 9000],
    );

    // A second restore of the same set into its own folders: the target rolls again.
    let work2 = TempDir::new("rolltarget-restore2");
    let restored2 = work2.0.join(&name);
    std::fs::copy(backup.0.join(&name), &restored2).unwrap();
    let again = JET_EXTERNAL_RESTORE {
        szCheckpointFilePath: Some(work2.path("chk")),
        szLogPath: Some(work2.path("log")),
        rgrstmap: vec![JET_RSTMAP {
            szDatabaseName: live.clone(),
            szNewDatabaseName: restored2.to_string_lossy().into_owned(),
        }],
        ..request.clone()
    };
    assert_eq!(
        jet_external_restore2(&again).unwrap(),
        Some(Warning::TargetInstanceRunning)
    );
    let copied2 = numbered_logs(Path::new(&work2.path("log")));
    assert!(copied2.contains(&(after.last().unwrap() + 1)));
    // It has what the target committed after the first restore too.
    check_restored_keys(
        &work2.path("chk"),
        &work2.path("log"),
        &restored2,
        &[17, 5149, 9000, 9001],
        &[9002],
    );
    drop(d);
}
