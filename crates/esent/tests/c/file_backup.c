/*
 * file_backup.c: JetBackupInstance into a new folder and JetRestoreInstance back, both with
 * a status callback; the OS snapshot sequence (JetOSSnapshotFreeze's JET_INSTANCE_INFO freed
 * with JetFreeBuffer, under AddressSanitizer and LeakSanitizer in the static build); misuse:
 * NULL outputs and paths, bad grbits, the wrong order (-2401), unknown ids (-2404), the run
 * modes of the legacy forms.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

static JET_COLUMNID cid;

/* What the status callback saw. */
static struct {
    int calls, begins, completes;
    JET_SNP snp;
    int bad;
} seen;

static JET_ERR JET_API status(JET_SESID sesid, JET_SNP snp, JET_SNT snt, void *pv) {
    (void)sesid;
    const JET_SNPROG *p = (const JET_SNPROG *)pv;
    seen.calls++;
    if (seen.snp != snp || p == NULL || p->cbStruct != sizeof *p || p->cunitDone > p->cunitTotal)
        seen.bad++;
    if (snt == JET_sntBegin)
        seen.begins++;
    else if (snt == JET_sntComplete)
        seen.completes++;
    else if (snt != JET_sntProgress)
        seen.bad++;
    /* The answer is ignored. */
    return JET_errCallbackFailed;
}

static void expect_status(JET_SNP snp) {
    memset(&seen, 0, sizeof seen);
    seen.snp = snp;
}

static int exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0;
}

/* An instance keeping its files in db/, created, not initialised. */
static JET_INSTANCE make_instance(const char *name) {
    JET_INSTANCE inst = instance_in(name, "db/");
    OK(JetSetSystemParameter(&inst, JET_sesidNil, JET_paramLogFileSize, 128, NULL));
    OK(JetSetSystemParameter(&inst, JET_sesidNil, JET_paramCreatePathIfNotExist, 1, NULL));
    return inst;
}

/* Starts an instance on db/ and opens the database; returns the session. */
static JET_SESID open_db(JET_INSTANCE *inst, const char *file, JET_GRBIT grbit, JET_DBID *db) {
    JET_SESID s;
    *inst = make_instance("fb");
    OK(JetInit(inst));
    OK(JetBeginSession(*inst, &s, NULL, NULL));
    OK(JetAttachDatabase(s, file, grbit));
    OK(JetOpenDatabase(s, file, NULL, db, grbit));
    return s;
}

/* Removes every file of folder `dir`. */
static void empty_folder(const char *dir) {
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    struct dirent *e;
    char path[2048];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        CHECK(unlink(path) == 0);
    }
    closedir(d);
}

static void check_info_a(uint32_t c, JET_INSTANCE_INFO_A *info, JET_INSTANCE inst) {
    CHECK(c == 1 && info != NULL);
    CHECK(info[0].hInstanceId == inst);
    CHECK(strcmp(info[0].szInstanceName, "fb") == 0);
    CHECK(info[0].cDatabases == 1);
    const char *f = info[0].szDatabaseFileName[0];
    CHECK(f[0] == '/' && strstr(f, "/db/file.edb") != NULL);
}

static void check_info_w(uint32_t c, JET_INSTANCE_INFO_W *info, JET_INSTANCE inst) {
    CHECK(c == 1 && info != NULL);
    CHECK(info[0].hInstanceId == inst);
    CHECK(info[0].szInstanceName[0] == 'f' && info[0].szInstanceName[1] == 'b');
    CHECK(info[0].szInstanceName[2] == 0);
    CHECK(info[0].cDatabases == 1 && info[0].szDatabaseFileName[0][0] == '/');
}

static void snapshots(JET_INSTANCE inst) {
    JET_OSSNAPID id = 0, id2 = 0;
    uint32_t c = 0;
    JET_INSTANCE_INFO_A *info = NULL;
    JET_INSTANCE_INFO_W *winfo = NULL;

    EXPECT(JetOSSnapshotPrepare(NULL, 0), JET_errInvalidParameter);
    EXPECT(JetOSSnapshotPrepare(&id, 0x10), JET_errInvalidGrbit);
    CHECK(id == 0);
    OK(JetOSSnapshotPrepare(&id, JET_bitContinueAfterThaw));
    CHECK(id != 0);
    /* Every instance joined already. */
    EXPECT(JetOSSnapshotPrepareInstance(id, inst, 0), JET_errOSSnapshotNotAllowed);
    EXPECT(JetOSSnapshotThaw(id, 0), JET_errOSSnapshotInvalidSequence);
    EXPECT(JetOSSnapshotTruncateLog(id, 0), JET_errOSSnapshotInvalidSequence);
    EXPECT(JetOSSnapshotFreeze(id, NULL, &info, 0), JET_errInvalidParameter);
    EXPECT(JetOSSnapshotFreeze(id, &c, NULL, 0), JET_errInvalidParameter);
    EXPECT(JetOSSnapshotFreeze(id, &c, &info, 1), JET_errInvalidGrbit);
    EXPECT(JetOSSnapshotFreeze(id + 1000, &c, &info, 0), JET_errOSSnapshotInvalidSnapId);
    CHECK(c == 0 && info == NULL);

    OK(JetOSSnapshotFreeze(id, &c, &info, 0));
    check_info_a(c, info, inst);
    OK(JetFreeBuffer((char *)info));
    info = NULL;
    EXPECT(JetOSSnapshotFreeze(id, &c, &info, 0), JET_errOSSnapshotInvalidSequence);
    EXPECT(JetBeginExternalBackupInstance(inst, 0), JET_errBackupInProgress);
    OK(JetOSSnapshotGetFreezeInfoW(id, &c, &winfo, 0));
    check_info_w(c, winfo, inst);
    OK(JetFreeBuffer((char *)winfo));
    EXPECT(JetOSSnapshotEnd(id, 0), JET_errOSSnapshotInvalidSequence);
    EXPECT(JetOSSnapshotEnd(id, 4), JET_errInvalidGrbit);
    OK(JetOSSnapshotThaw(id, 0));
    OK(JetOSSnapshotTruncateLog(id, JET_bitAllDatabasesSnapshot));
    OK(JetOSSnapshotTruncateLogInstance(id, inst, JET_bitAllDatabasesSnapshot));
    EXPECT(JetOSSnapshotTruncateLog(id, 2), JET_errInvalidGrbit);
    OK(JetOSSnapshotGetFreezeInfoA(id, &c, &info, 0));
    check_info_a(c, info, inst);
    OK(JetFreeBuffer((char *)info));
    OK(JetOSSnapshotEnd(id, 0));
    EXPECT(JetOSSnapshotEnd(id, 0), JET_errOSSnapshotInvalidSnapId);
    EXPECT(JetOSSnapshotAbort(id, 0), JET_errOSSnapshotInvalidSnapId);
    EXPECT(JetOSSnapshotGetFreezeInfoA(id, &c, &info, 0), JET_errOSSnapshotInvalidSnapId);

    /* Explicit prepare; an abort while frozen. */
    OK(JetOSSnapshotPrepare(&id2, JET_bitContinueAfterThaw | JET_bitExplicitPrepare));
    CHECK(id2 == id + 1);
    EXPECT(JetOSSnapshotPrepareInstance(id2, inst, 1), JET_errInvalidGrbit);
    EXPECT(JetOSSnapshotPrepareInstance(id2, JET_instanceNil, 0), JET_errInvalidParameter);
    OK(JetOSSnapshotPrepareInstance(id2, inst, 0));
    OK(JetOSSnapshotFreezeW(id2, &c, &winfo, 0));
    check_info_w(c, winfo, inst);
    OK(JetFreeBuffer((char *)winfo));
    EXPECT(JetOSSnapshotAbort(id2, 1), JET_errInvalidGrbit);
    OK(JetOSSnapshotAbort(id2, 0));
    OK(JetBeginExternalBackupInstance(inst, 0));
    OK(JetEndExternalBackupInstance(inst));
}

int main(void) {
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;
    const char *file = "db/file.edb";

    /* No instance at all: a prepare is JET_errNotInitialized. */
    JET_OSSNAPID none = 0;
    EXPECT(JetOSSnapshotPrepare(&none, 0), JET_errNotInitialized);

    /* The database: table t with the row 17. */
    inst = make_instance("fb");
    OK(JetInit(&inst));
    OK(JetBeginSession(inst, &s, NULL, NULL));
    OK(JetCreateDatabase(s, file, NULL, &db, 0));
    OK(JetCreateTable(s, db, "t", 0, 0, &t));
    JET_COLUMNDEF d = coldef(JET_coltypLong, 0);
    OK(JetAddColumn(s, t, "id", &d, NULL, 0, &cid));
    int32_t v = 17;
    OK(JetBeginTransaction(s));
    OK(JetPrepareUpdate(s, t, JET_prepInsert));
    OK(JetSetColumn(s, t, cid, &v, sizeof v, 0, NULL));
    OK(JetUpdate(s, t, NULL, 0, NULL));
    OK(JetCommitTransaction(s, 0));
    OK(JetTerm2(inst, 0));

    /* The backup, with a status callback, into a folder that does not exist. */
    s = open_db(&inst, file, 0, &db);
    EXPECT(JetBackupInstance(inst, NULL, 0, NULL), JET_errInvalidParameter);
    EXPECT(JetBackup("bk", 0, NULL), JET_errRunningInMultiInstanceMode);
    EXPECT(JetRestore("bk", NULL), JET_errRunningInMultiInstanceMode);
    expect_status(JET_snpBackup);
    OK(JetBackupInstance(inst, "bk", 0, status));
    CHECK(seen.calls >= 2 && seen.begins == 1 && seen.completes == 1 && seen.bad == 0);
    CHECK(exists("bk/file.edb") && exists("bk/file.pat"));
    EXPECT(JetBackupInstance(inst, "bk", 0, NULL), JET_errBackupDirectoryNotEmpty);
    const WCHAR wbk[] = {'b', 'k', 'w', 0};
    OK(JetBackupInstanceW(inst, wbk, 0, NULL));
    CHECK(exists("bkw/file.edb"));
    /* An incremental backup adds the newer logs to the full one. */
    OK(JetBackupInstance(inst, "bkw", JET_bitBackupIncremental, NULL));

    snapshots(inst);
    OK(JetTerm2(inst, 0));

    /* The database files go; the restore brings them back (status callback again). */
    empty_folder("db");
    inst = make_instance("rs");
    EXPECT(JetRestoreInstance(inst, NULL, NULL, NULL), JET_errInvalidParameter);
    EXPECT(JetRestoreInstance(inst, "nothing-here", NULL, NULL), JET_errInvalidPath);
    expect_status(JET_snpRestore);
    OK(JetRestoreInstance(inst, "bk", NULL, status));
    CHECK(seen.calls >= 2 && seen.begins == 1 && seen.completes == 1 && seen.bad == 0);
    /* The instance stays uninitialised: JetInit recovers the restored database. */
    OK(JetInit(&inst));
    EXPECT(JetRestoreInstance(inst, "bk", NULL, NULL), JET_errAlreadyInitialized);
    OK(JetTerm(inst));

    s = open_db(&inst, file, JET_bitDbReadOnly, &db);
    OK(JetOpenTable(s, db, "t", NULL, 0, JET_bitTableReadOnly, &t));
    OK(JetMove(s, t, JET_MoveFirst, 0));
    int32_t got = 0;
    uint32_t cb = 0;
    OK(JetRetrieveColumn(s, t, cid, &got, sizeof got, &cb, 0, NULL));
    CHECK(cb == 4 && got == 17);
    OK(JetTerm2(inst, 0));

    /* Nothing is left: no temporary restore instance. */
    uint32_t n = 99;
    JET_INSTANCE_INFO_A *all = NULL;
    OK(JetGetInstanceInfo(&n, &all));
    CHECK(n == 0);
    OK(JetFreeBuffer((char *)all));

    /* A restore without an instance, into a destination folder (W form). */
    const WCHAR wdest[] = {'o', 'u', 't', 0};
    OK(JetSetSystemParameter(NULL, JET_sesidNil, JET_paramSystemPath, 0, "rlog/"));
    OK(JetSetSystemParameter(NULL, JET_sesidNil, JET_paramLogFilePath, 0, "rlog/"));
    OK(JetSetSystemParameter(NULL, JET_sesidNil, JET_paramCreatePathIfNotExist, 1, NULL));
    OK(JetRestoreInstanceW(JET_instanceNil, wbk, wdest, NULL));
    CHECK(exists("out/file.edb"));
    OK(JetGetInstanceInfo(&n, &all));
    CHECK(n == 0);
    OK(JetFreeBuffer((char *)all));
    return 0;
}
