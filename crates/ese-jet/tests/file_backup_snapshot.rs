//! File backup and restore (`JetBackupInstance`, `JetRestoreInstance`, the legacy forms)
//! and OS snapshot backup (`JetOSSnapshot*`) through the Jet API, against
//! `ese-backup-spec.md`: ManagedEsent's sequences (§10.2, §10.4), the acceptance cases 32
//! and 34 of §12, and the run-mode rules of §1.1 and §3.16.
//!
//! Snapshots and the legacy calls are process-wide (a prepare joins every initialised
//! instance, the run mode belongs to the process), so those tests run alone; the others
//! run together.

mod common;
use common::*;
use ese_jet::consts::*;
use ese_jet::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::RwLock;

static MODE: RwLock<()> = RwLock::new(());

fn shared() -> std::sync::RwLockReadGuard<'static, ()> {
    MODE.read().unwrap_or_else(|e| e.into_inner())
}

fn alone() -> std::sync::RwLockWriteGuard<'static, ()> {
    MODE.write().unwrap_or_else(|e| e.into_inner())
}

fn rc<T>(r: JetResult<T>) -> i32 {
    jet_code(&r)
}

/// ManagedEsent's test folder: the database, its logs and checkpoint in `database/`, the
/// backup set in `backup/`.
struct Fixture {
    root: TempDir,
    db: &'static str,
    bk: &'static str,
}

impl Fixture {
    fn new(tag: &str) -> Fixture {
        Fixture::named(tag, "database", "backup")
    }

    /// The folders under other names (ManagedEsent's Unicode-path tests).
    fn named(tag: &str, db: &'static str, bk: &'static str) -> Fixture {
        let f = Fixture {
            root: TempDir::new(tag),
            db,
            bk,
        };
        f.create_database();
        f
    }

    fn db_dir(&self) -> String {
        self.root.path(self.db)
    }

    fn backup_dir(&self) -> String {
        self.root.path(self.bk)
    }

    fn db_file(&self) -> String {
        format!("{}/database.edb", self.db_dir())
    }

    /// CreateInstance (MT:1223-1242): a unique name, small logs, every folder the
    /// database folder, `CreatePathIfNotExist`.
    fn instance(&self) -> JET_INSTANCE {
        static N: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "fbk-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let inst = jet_create_instance2(Some(&name), Some(&format!("DatabaseFileTests_{name}")), 0)
            .unwrap();
        let d = self.db_dir();
        jet_set_system_parameter(inst, 0, JET_paramLogFileSize, 128, None).unwrap();
        jet_set_system_parameter(inst, 0, JET_paramLogFilePath, 0, Some(&d)).unwrap();
        jet_set_system_parameter(inst, 0, JET_paramSystemPath, 0, Some(&d)).unwrap();
        jet_set_system_parameter(inst, 0, JET_paramCreatePathIfNotExist, 1, None).unwrap();
        jet_set_system_parameter(inst, 0, JET_paramNoInformationEvent, 1, None).unwrap();
        jet_set_system_parameter(inst, 0, JET_paramCheckpointDepthMax, 512 * 1024, None).unwrap();
        inst
    }

    fn started(&self) -> JET_INSTANCE {
        let inst = self.instance();
        jet_init(Some(&mut inst.clone())).unwrap();
        inst
    }

    /// CreateDatabase (MT:514-543): table `table`, Long column `column`, one row of 17.
    fn create_database(&self) {
        let _ = std::fs::remove_dir_all(self.db_dir());
        let inst = self.started();
        let ses = jet_begin_session(inst, None, None).unwrap();
        let db =
            jet_create_database(ses, &self.db_file(), None, JET_bitDbOverwriteExisting).unwrap();
        jet_begin_transaction(ses).unwrap();
        let t = jet_create_table(ses, db, "table", 0, 100).unwrap();
        let def = JET_COLUMNDEF {
            coltyp: JET_coltypLong,
            ..Default::default()
        };
        let (c, _) = jet_add_column(ses, t, "column", &def, None).unwrap();
        jet_prepare_update(ses, t, JET_prepInsert).unwrap();
        jet_set_column(ses, t, c, Some(&long(17)), 0, None).unwrap();
        jet_update(ses, t).unwrap();
        jet_commit_transaction(ses, 0).unwrap();
        jet_term2(inst, 0).unwrap();
    }

    /// An initialised instance with the database attached and open.
    fn open(&self) -> (JET_INSTANCE, JET_SESID) {
        let inst = self.started();
        let ses = jet_begin_session(inst, None, None).unwrap();
        jet_attach_database(ses, &self.db_file(), 0).unwrap();
        jet_open_database(ses, &self.db_file(), None, 0).unwrap();
        (inst, ses)
    }

    /// Backup (MT:547-574): a non-atomic full backup into a folder that does not exist.
    fn backup(&self, status: JET_PFNSTATUS<'_>) {
        let (inst, _) = self.open();
        jet_backup_instance(inst, &self.backup_dir(), 0, status).unwrap();
        jet_term2(inst, 0).unwrap();
    }

    /// DeleteDatabaseFiles (MT:1055-1060).
    fn delete_database_files(&self) {
        std::fs::remove_dir_all(self.db_dir()).unwrap();
        std::fs::create_dir_all(self.db_dir()).unwrap();
    }

    /// Restore (MT:1064-1082): an instance created, not initialised; no destination.
    fn restore(&self, status: JET_PFNSTATUS<'_>) {
        let inst = self.instance();
        jet_restore_instance(inst, &self.backup_dir(), None, status).unwrap();
        jet_term(inst).unwrap();
    }

    /// CheckDatabase (MT:1190-1221): recovery, a read-only attach, the row of 17.
    fn check_database(&self) {
        let inst = self.started();
        let ses = jet_begin_session(inst, None, None).unwrap();
        jet_attach_database(ses, &self.db_file(), JET_bitDbReadOnly).unwrap();
        let (db, _) = jet_open_database(ses, &self.db_file(), None, JET_bitDbReadOnly).unwrap();
        let t = jet_open_table(ses, db, "table", None, 0).unwrap();
        let c = jet_get_table_column_info(ses, t, "column")
            .unwrap()
            .columnid;
        jet_move(ses, t, JET_MoveFirst, 0).unwrap();
        assert_eq!(get_long(ses, t, c), Some(17));
        jet_term2(inst, 0).unwrap();
    }

    fn full_db_path(&self) -> PathBuf {
        Path::new(&self.db_file()).canonicalize().unwrap()
    }
}

/// One status notification.
type Note = (JET_SNP, JET_SNT, u32, u32);

fn recorder(notes: &mut Vec<Note>) -> impl FnMut(JET_SNP, JET_SNT, &JET_SNPROG) -> JET_ERR + '_ {
    move |snp, snt, p| {
        notes.push((snp, snt, p.cunitDone, p.cunitTotal));
        // Any answer is ignored.
        JET_errCallbackFailed
    }
}

fn check_notes(notes: &[Note], snp: JET_SNP) {
    assert!(!notes.is_empty(), "the status callback was called");
    for &(s, snt, done, total) in notes {
        assert_eq!(s, snp);
        assert!(done <= total, "cunitDone {done} > cunitTotal {total}");
        assert!([JET_sntBegin, JET_sntProgress, JET_sntComplete].contains(&snt));
    }
    assert_eq!(notes.last().unwrap().1, JET_sntComplete);
}

#[test]
fn backup_restore_without_status_callback() {
    let _g = alone();
    let f = Fixture::new("bkrs");
    f.backup(None);
    let b = PathBuf::from(f.backup_dir());
    assert!(b.join("database.edb").is_file());
    assert_eq!(std::fs::metadata(b.join("database.pat")).unwrap().len(), 0);
    f.delete_database_files();
    f.restore(None);
    f.check_database();
    // The teardown rule of BackupRestoreTests: nothing leaks.
    assert_eq!(jet_get_instance_info().unwrap().len(), 0);
}

#[test]
fn backup_restore_with_status_callback() {
    let _g = alone();
    let f = Fixture::new("bkrscb");
    let mut notes = Vec::new();
    f.backup(Some(&mut recorder(&mut notes)));
    check_notes(&notes, JET_snpBackup);
    assert_eq!(notes[0].1, JET_sntBegin);
    f.delete_database_files();
    let mut notes = Vec::new();
    f.restore(Some(&mut recorder(&mut notes)));
    check_notes(&notes, JET_snpRestore);
    f.check_database();
    assert_eq!(jet_get_instance_info().unwrap().len(), 0);
}

#[test]
fn backup_restore_with_unicode_paths() {
    let _s = shared();
    let f = Fixture::named("bkuni", "字会意", "한글");
    f.backup(None);
    f.delete_database_files();
    f.restore(None);
    f.check_database();
}

#[test]
fn restore_into_a_destination_folder() {
    let _s = shared();
    let f = Fixture::new("bkdest");
    f.backup(None);
    f.delete_database_files();
    let inst = f.instance();
    let d = f.db_dir();
    jet_restore_instance(inst, &f.backup_dir(), Some(&d), None).unwrap();
    jet_term(inst).unwrap();
    f.check_database();
}

#[test]
fn restore_instance_refuses_bad_arguments_and_states() {
    let _s = shared();
    let f = Fixture::new("bkargs");
    f.backup(None);
    let inst = f.instance();
    // A missing source: no effect, the instance is still usable.
    assert_eq!(
        rc(jet_restore_instance(inst, "", Some("x"), None)),
        JET_errInvalidParameter
    );
    assert_eq!(
        rc(jet_restore_instance(inst, &f.backup_dir(), Some(""), None)),
        JET_errInvalidParameter
    );
    // While the restore runs, the instance's calls get -506.
    let mut seen = Vec::new();
    let b = f.backup_dir();
    f.delete_database_files();
    let mut cb = |_: JET_SNP, snt: JET_SNT, _: &JET_SNPROG| {
        if snt == JET_sntBegin {
            seen.push(rc(jet_init(Some(&mut inst.clone()))));
            seen.push(rc(jet_restore_instance(inst, &b, None, None)));
            seen.push(rc(jet_backup_instance(inst, &b, 0, None)));
            seen.push(rc(jet_begin_external_backup_instance(inst, 0)));
            seen.push(rc(jet_term(inst)));
        }
        0
    };
    jet_restore_instance(inst, &f.backup_dir(), None, Some(&mut cb)).unwrap();
    assert_eq!(seen, vec![JET_errRestoreInProgress; 5]);
    // Afterwards it is still uninitialised: JetInit recovers the restored database.
    jet_init(Some(&mut inst.clone())).unwrap();
    // An initialised instance cannot restore.
    assert_eq!(
        rc(jet_restore_instance(inst, &f.backup_dir(), None, None)),
        JET_errAlreadyInitialized
    );
    jet_term(inst).unwrap();
    f.check_database();
    // A stale handle.
    assert_eq!(
        rc(jet_restore_instance(inst, &f.backup_dir(), None, None)),
        JET_errInvalidInstance
    );
}

#[test]
fn case_34_a_set_without_markers_or_logs() {
    let _s = shared();
    let f = Fixture::new("bk34");
    f.backup(None);
    std::fs::remove_file(Path::new(&f.backup_dir()).join("database.pat")).unwrap();
    let inst = f.instance();
    assert_eq!(
        rc(jet_restore_instance(inst, &f.backup_dir(), None, None)),
        JET_errPatchFileMissing
    );
    let empty = f.root.path("empty");
    std::fs::create_dir_all(&empty).unwrap();
    assert_eq!(
        rc(jet_restore_instance(inst, &empty, None, None)),
        JET_errFileNotFound
    );
    jet_term(inst).unwrap();
}

#[test]
fn backup_instance_errors() {
    let _s = shared();
    let f = Fixture::new("bkerr");
    let (inst, _) = f.open();
    assert_eq!(
        rc(jet_backup_instance(inst, "", 0, None)),
        JET_errInvalidParameter
    );
    // A full non-atomic backup needs an empty folder.
    let busy = f.root.path("busy");
    std::fs::create_dir_all(&busy).unwrap();
    std::fs::write(format!("{busy}/file"), b"x").unwrap();
    assert_eq!(
        rc(jet_backup_instance(inst, &busy, 0, None)),
        JET_errBackupDirectoryNotEmpty
    );
    // Without CreatePathIfNotExist a missing folder is an invalid path.
    jet_set_system_parameter(inst, 0, JET_paramCreatePathIfNotExist, 0, None).unwrap();
    assert_eq!(
        rc(jet_backup_instance(
            inst,
            &f.root.path("none/deeper"),
            0,
            None
        )),
        JET_errInvalidPath
    );
    // A streaming backup running: -505.
    jet_begin_external_backup_instance(inst, 0).unwrap();
    assert_eq!(
        rc(jet_backup_instance(inst, &f.backup_dir(), 0, None)),
        JET_errBackupInProgress
    );
    jet_end_external_backup_instance(inst).unwrap();
    // Unknown bits are ignored, as ESE ignores them; an incremental backup follows.
    jet_set_system_parameter(inst, 0, JET_paramCreatePathIfNotExist, 1, None).unwrap();
    jet_backup_instance(inst, &f.backup_dir(), 0x100, None).unwrap();
    jet_backup_instance(inst, &f.backup_dir(), JET_bitBackupIncremental, None).unwrap();
    jet_term2(inst, 0).unwrap();
    // An instance created but not initialised.
    let other = f.instance();
    assert_eq!(
        rc(jet_backup_instance(other, &f.backup_dir(), 0, None)),
        JET_errNotInitialized
    );
    jet_term(other).unwrap();
}

#[test]
fn paths_of_cch_path_max_minus_one_bytes_are_invalid() {
    let _s = shared();
    let f = Fixture::new("bklong");
    let base = f.root.path("long");
    let too_long = path_of_len(&base, CCH_PATH_MAX - 1);
    let (inst, _) = f.open();
    // JetBackupInstance: refused before the folder is made (CreatePathIfNotExist is set).
    assert_eq!(
        rc(jet_backup_instance(inst, &too_long, 0, None)),
        JET_errInvalidPath
    );
    assert_eq!(
        rc(jet_backup_instance(
            inst,
            &path_of_len(&base, 6000),
            0,
            None
        )),
        JET_errInvalidPath
    );
    assert!(
        !Path::new(&base).exists(),
        "a refused backup made its folder"
    );
    // The instance is untouched: a backup into a short path works.
    jet_backup_instance(inst, &f.backup_dir(), 0, None).unwrap();
    jet_term2(inst, 0).unwrap();

    // JetRestoreInstance: a long source or destination, before the instance is used.
    let r = f.instance();
    assert_eq!(
        rc(jet_restore_instance(r, &too_long, None, None)),
        JET_errInvalidPath
    );
    assert_eq!(
        rc(jet_restore_instance(
            r,
            &f.backup_dir(),
            Some(&too_long),
            None
        )),
        JET_errInvalidPath
    );
    assert!(
        !Path::new(&base).exists(),
        "a refused restore made its folder"
    );
    // One byte shorter passes the check; the restore then fails for its own reasons (a
    // folder holding no logs, whose `new` and `old` are beyond the platform's limit).
    let just_fits = path_of_len(&base, CCH_PATH_MAX - 2);
    std::fs::create_dir_all(&just_fits).unwrap();
    let code = rc(jet_restore_instance(r, &just_fits, None, None));
    assert!(code < 0 && code != JET_errInvalidPath, "{code}");
    std::fs::remove_dir_all(&base).unwrap();
    jet_term(r).unwrap();
    f.delete_database_files();
    f.restore(None);
    f.check_database();
}

#[test]
fn legacy_calls_follow_the_run_mode() {
    let _g = alone();
    let f = Fixture::new("bklegacy");
    // No mode: JetBackup is -1003.
    assert_eq!(
        rc(jet_backup(&f.backup_dir(), 0, None)),
        JET_errInvalidParameter
    );
    // Multi-instance mode: the legacy calls are -1081.
    let inst = f.instance();
    assert_eq!(
        rc(jet_backup(&f.backup_dir(), 0, None)),
        JET_errRunningInMultiInstanceMode
    );
    assert_eq!(
        rc(jet_restore(&f.backup_dir(), None)),
        JET_errRunningInMultiInstanceMode
    );
    assert_eq!(
        rc(jet_restore2(&f.backup_dir(), None, None)),
        JET_errRunningInMultiInstanceMode
    );
    jet_term(inst).unwrap();
    f.backup(None);
    f.delete_database_files();

    // The process-wide parameters point at the database folder for the legacy restore.
    let d = f.db_dir();
    let set = |p: u32, s: &str| jet_set_system_parameter(0, 0, p, 0, Some(s)).unwrap();
    set(JET_paramLogFilePath, &d);
    set(JET_paramSystemPath, &d);
    let mut notes = Vec::new();
    jet_restore2(&f.backup_dir(), None, Some(&mut recorder(&mut notes))).unwrap();
    check_notes(&notes, JET_snpRestore);
    // The mode was released: a multi-instance restore and instances work again.
    assert_eq!(jet_get_instance_info().unwrap().len(), 0);
    f.check_database();

    // Single-instance mode with its instance running: -1850, and JetBackup works.
    jet_set_system_parameter(0, 0, JET_paramCreatePathIfNotExist, 1, None).unwrap();
    let mut one = 0;
    jet_init(Some(&mut one)).unwrap();
    assert_eq!(
        rc(jet_restore(&f.backup_dir(), None)),
        JET_errAfterInitialization
    );
    let again = f.root.path("again");
    let ses = jet_begin_session(one, None, None).unwrap();
    jet_attach_database(ses, &f.db_file(), 0).unwrap();
    jet_backup(&again, 0, None).unwrap();
    jet_term(one).unwrap();
    jet_set_system_parameter(0, 0, JET_paramCreatePathIfNotExist, 0, None).unwrap();

    // JetRestoreInstance without an instance: the process-wide parameters, multi-instance
    // mode while it runs, nothing left afterwards.
    f.delete_database_files();
    jet_restore_instance(JET_instanceNil, &again, None, None).unwrap();
    assert_eq!(jet_get_instance_info().unwrap().len(), 0);
    let mut one = 0;
    jet_init(Some(&mut one)).unwrap();
    jet_term(one).unwrap();
    set(JET_paramLogFilePath, ".");
    set(JET_paramSystemPath, ".");
    f.check_database();
}

fn assert_info(info: &[JET_INSTANCE_INFO], inst: JET_INSTANCE, f: &Fixture) {
    assert_eq!(info.len(), 1);
    assert_eq!(info[0].hInstanceId, inst);
    assert!(info[0]
        .szInstanceName
        .as_deref()
        .unwrap()
        .starts_with("fbk-"));
    assert_eq!(info[0].szDatabaseFileName.len(), 1);
    assert_eq!(
        PathBuf::from(&info[0].szDatabaseFileName[0]),
        f.full_db_path()
    );
}

#[test]
fn snapshot_basic() {
    let _g = alone();
    let f = Fixture::new("snap");
    let (inst, _) = f.open();
    let id = jet_os_snapshot_prepare(JET_bitContinueAfterThaw).unwrap();
    let info = jet_os_snapshot_freeze(id, 0).unwrap();
    assert_info(&info, inst, &f);
    jet_os_snapshot_thaw(id, 0).unwrap();
    jet_os_snapshot_end(id, 0).unwrap();
    assert_eq!(
        rc(jet_os_snapshot_end(id, 0)),
        JET_errOSSnapshotInvalidSnapId
    );
    jet_term2(inst, 0).unwrap();
    f.check_database();

    // Without ContinueAfterThaw the thaw ends the session.
    let (inst, _) = f.open();
    let id = jet_os_snapshot_prepare(0).unwrap();
    assert_info(&jet_os_snapshot_freeze(id, 0).unwrap(), inst, &f);
    jet_os_snapshot_thaw(id, 0).unwrap();
    assert_eq!(
        rc(jet_os_snapshot_end(id, 0)),
        JET_errOSSnapshotInvalidSnapId
    );
    jet_term2(inst, 0).unwrap();
    f.check_database();
}

#[test]
fn snapshot_server2003_copy_and_abort() {
    let _g = alone();
    let f = Fixture::new("snap2k3");
    let (inst, _) = f.open();
    let id = jet_os_snapshot_prepare(JET_bitCopySnapshot).unwrap();
    assert_info(&jet_os_snapshot_freeze(id, 0).unwrap(), inst, &f);
    jet_os_snapshot_abort(id, 0).unwrap();
    jet_term2(inst, 0).unwrap();
    f.check_database();
}

#[test]
fn snapshot_vista_continue_after_thaw_and_truncate() {
    let _g = alone();
    let f = Fixture::new("snapvista");
    let (inst, _) = f.open();
    let id = jet_os_snapshot_prepare(JET_bitContinueAfterThaw).unwrap();
    assert_info(&jet_os_snapshot_freeze(id, 0).unwrap(), inst, &f);
    assert_info(&jet_os_snapshot_get_freeze_info(id, 0).unwrap(), inst, &f);
    jet_os_snapshot_thaw(id, 0).unwrap();
    jet_os_snapshot_truncate_log(id, JET_bitAllDatabasesSnapshot).unwrap();
    jet_os_snapshot_end(id, 0).unwrap();
    jet_term2(inst, 0).unwrap();
    f.check_database();
}

#[test]
fn snapshot_win7_explicit_prepare() {
    let _g = alone();
    let f = Fixture::new("snapwin7");
    let (inst, _) = f.open();
    let id = jet_os_snapshot_prepare(JET_bitContinueAfterThaw | JET_bitExplicitPrepare).unwrap();
    assert_eq!(
        rc(jet_os_snapshot_prepare_instance(id, inst, 1)),
        JET_errInvalidGrbit
    );
    jet_os_snapshot_prepare_instance(id, inst, 0).unwrap();
    assert_eq!(
        rc(jet_os_snapshot_prepare_instance(id, inst, 0)),
        JET_errOSSnapshotNotAllowed
    );
    assert_info(&jet_os_snapshot_freeze(id, 0).unwrap(), inst, &f);
    assert_info(&jet_os_snapshot_get_freeze_info(id, 0).unwrap(), inst, &f);
    jet_os_snapshot_thaw(id, 0).unwrap();
    jet_os_snapshot_truncate_log_instance(id, inst, JET_bitAllDatabasesSnapshot).unwrap();
    jet_os_snapshot_end(id, 0).unwrap();
    jet_term2(inst, 0).unwrap();
    f.check_database();
}

#[test]
fn case_32_snapshot_misuse() {
    let _g = alone();
    // No instance in the process.
    assert_eq!(rc(jet_os_snapshot_prepare(0)), JET_errNotInitialized);
    let f = Fixture::new("snap32");
    let (inst, _) = f.open();
    assert_eq!(rc(jet_os_snapshot_prepare(0x10)), JET_errInvalidGrbit);

    // Freeze while a streaming backup runs: -2403, the session stays prepared.
    jet_begin_external_backup_instance(inst, 0).unwrap();
    let id = jet_os_snapshot_prepare(JET_bitContinueAfterThaw).unwrap();
    assert_eq!(
        rc(jet_os_snapshot_freeze(id, 0)),
        JET_errOSSnapshotNotAllowed
    );
    jet_end_external_backup_instance(inst).unwrap();
    // A joined instance cannot join again.
    assert_eq!(
        rc(jet_os_snapshot_prepare_instance(id, inst, 0)),
        JET_errOSSnapshotNotAllowed
    );
    // Wrong order, bad grbits.
    assert_eq!(
        rc(jet_os_snapshot_thaw(id, 0)),
        JET_errOSSnapshotInvalidSequence
    );
    assert_eq!(
        rc(jet_os_snapshot_truncate_log(id, 0)),
        JET_errOSSnapshotInvalidSequence
    );
    assert_eq!(rc(jet_os_snapshot_freeze(id, 1)), JET_errInvalidGrbit);
    assert_eq!(rc(jet_os_snapshot_end(id, 2)), JET_errInvalidGrbit);
    // Begin while frozen, and while thawed but not ended: -505.
    jet_os_snapshot_freeze(id, 0).unwrap();
    assert_eq!(
        rc(jet_os_snapshot_freeze(id, 0)),
        JET_errOSSnapshotInvalidSequence
    );
    assert_eq!(
        rc(jet_begin_external_backup_instance(inst, 0)),
        JET_errBackupInProgress
    );
    assert_eq!(
        rc(jet_backup_instance(inst, &f.backup_dir(), 0, None)),
        JET_errBackupInProgress
    );
    jet_os_snapshot_thaw(id, 0).unwrap();
    assert_eq!(
        rc(jet_begin_external_backup_instance(inst, 0)),
        JET_errBackupInProgress
    );
    jet_os_snapshot_end(id, 0).unwrap();
    jet_begin_external_backup_instance(inst, 0).unwrap();
    jet_end_external_backup_instance(inst).unwrap();
    // Unknown ids.
    for call in [
        jet_os_snapshot_thaw,
        jet_os_snapshot_end,
        jet_os_snapshot_abort,
    ] {
        assert_eq!(rc(call(id, 0)), JET_errOSSnapshotInvalidSnapId);
        assert_eq!(rc(call(987_654, 0)), JET_errOSSnapshotInvalidSnapId);
    }
    assert_eq!(
        rc(jet_os_snapshot_get_freeze_info(id, 0)),
        JET_errOSSnapshotInvalidSnapId
    );

    // TruncateLog on a copy snapshot: -2401.
    let id = jet_os_snapshot_prepare(JET_bitCopySnapshot | JET_bitContinueAfterThaw).unwrap();
    jet_os_snapshot_freeze(id, 0).unwrap();
    jet_os_snapshot_thaw(id, 0).unwrap();
    assert_eq!(
        rc(jet_os_snapshot_truncate_log(
            id,
            JET_bitAllDatabasesSnapshot
        )),
        JET_errOSSnapshotInvalidSequence
    );
    jet_os_snapshot_end(id, 0).unwrap();

    // TruncateLogInstance for an instance outside the session: -1 (JET_wrnNyi).
    let id = jet_os_snapshot_prepare(JET_bitContinueAfterThaw | JET_bitExplicitPrepare).unwrap();
    jet_os_snapshot_freeze(id, 0).unwrap();
    jet_os_snapshot_thaw(id, 0).unwrap();
    assert_eq!(
        rc(jet_os_snapshot_truncate_log_instance(
            id,
            inst,
            JET_bitAllDatabasesSnapshot
        )),
        -1
    );
    jet_os_snapshot_end(id, 0).unwrap();

    // Thaw after the time-out: -2402.
    jet_set_system_parameter(0, 0, JET_paramOSSnapshotTimeout, 100, None).unwrap();
    let id = jet_os_snapshot_prepare(JET_bitContinueAfterThaw).unwrap();
    jet_set_system_parameter(0, 0, JET_paramOSSnapshotTimeout, 70_000, None).unwrap();
    jet_os_snapshot_freeze(id, 0).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(600));
    assert_eq!(rc(jet_os_snapshot_thaw(id, 0)), JET_errOSSnapshotTimeOut);
    jet_os_snapshot_abort(id, 0).unwrap();
    jet_term2(inst, 0).unwrap();
    f.check_database();
}
