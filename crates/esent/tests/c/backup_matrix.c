/*
 * backup_matrix.c: the streaming-backup API x state matrix (ESE's engine behaviour) through
 * the C library. For every state (no backup; a full backup in its database phase, with
 * and without a file open; in its log phase; an incremental backup; each of those after
 * JetStopBackupInstance) and every call, the state is built afresh, the call's return
 * code is compared with the matrix, and the state afterwards is probed: a call that ends
 * the backup leaves JetEndExternalBackupInstance answering JET_errNoBackup, any other
 * leaves it running (the end succeeds).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>

#include "check.h"

#define CHUNK (64 * 1024)
#define PAGE 4096

enum state { IDLE, FULL_DB, FULL_DB_H, FULL_LOGS, INCR, STOP_DB, STOP_DB_H, STOP_LOGS, STOP_INCR, NSTATES };
static const char *state_name[NSTATES] = {"idle", "full-db", "full-db+h", "full-logs", "incr",
                                          "stop/full-db", "stop/full-db+h", "stop/full-logs",
                                          "stop/incr"};

enum call {
    BEGIN_FULL, BEGIN_INCR, ATTACH_INFO, OPEN_DB, OPEN_LOG, OPEN_CURRENT_LOG, READ, CLOSE,
    LOG_INFO, TRUNCATE_LOG_INFO, TRUNCATE, END_NORMAL, END_ABORT, END_BAD, STOP, NCALLS
};
static const char *call_name[NCALLS] = {"Begin(0)", "Begin(Incr)", "GetAttachInfo", "OpenFile(db)",
                                        "OpenFile(log)", "OpenFile(edb.log)", "ReadFile",
                                        "CloseFile", "GetLogInfo", "GetTruncateLogInfo",
                                        "TruncateLog", "End(Normal)", "End(Abort)", "End(0)",
                                        "StopBackup"};

/* What a call returns in a state, and whether it ends the backup (T in the matrix). */
struct cell {
    JET_ERR code;
    int ends;
};

#define A801 {JET_errBackupAbortByServer, 0}
static const struct cell matrix[NSTATES][NCALLS] = {
    /* IDLE */
    {{0, 0}, {0, 0}, {JET_errNoBackup, 0}, {JET_errNoBackup, 0}, {JET_errNoBackup, 0},
     {JET_errNoBackup, 0}, {JET_errNoBackup, 0}, {JET_errNoBackup, 0}, {JET_errNoBackup, 0},
     {JET_errNoBackup, 0}, {JET_errNoBackup, 0}, {JET_errNoBackup, 0}, {JET_errNoBackup, 0},
     {JET_errInvalidParameter, 0}, {0, 0}},
    /* FULL_DB */
    {{JET_errBackupInProgress, 0}, {JET_errBackupInProgress, 0}, {0, 0}, {0, 0},
     {JET_errDatabaseNotFound, 0}, {JET_errDatabaseNotFound, 0}, {JET_errInvalidParameter, 0},
     {JET_errInvalidParameter, 0}, {0, 0}, {0, 0}, {JET_errInvalidBackupSequence, 0}, {0, 1},
     {0, 1}, {JET_errInvalidParameter, 0}, {0, 0}},
    /* FULL_DB_H */
    {{JET_errBackupInProgress, 0}, {JET_errBackupInProgress, 0}, {0, 0}, {JET_errOutOfMemory, 0},
     {JET_errOutOfMemory, 0}, {JET_errOutOfMemory, 0}, {0, 0}, {0, 0},
     {JET_errInvalidBackupSequence, 0}, {JET_errInvalidBackupSequence, 0},
     {JET_errInvalidBackupSequence, 0}, {0, 1}, {0, 1}, {JET_errInvalidParameter, 0}, {0, 0}},
    /* FULL_LOGS */
    {{JET_errBackupInProgress, 0}, {JET_errBackupInProgress, 0}, {0, 0},
     {JET_errInvalidBackupSequence, 1}, {0, 0}, {JET_errInvalidParameter, 1},
     {JET_errInvalidParameter, 0}, {JET_errInvalidParameter, 0}, {0, 0}, {0, 0},
     {JET_errLogFileNotCopied, 0}, {0, 1}, {0, 1}, {JET_errInvalidParameter, 0}, {0, 0}},
    /* INCR */
    {{JET_errBackupInProgress, 0}, {JET_errBackupInProgress, 0}, {JET_errInvalidBackupSequence, 0},
     {JET_errInvalidBackupSequence, 1}, {0, 0}, {JET_errInvalidParameter, 1},
     {JET_errInvalidParameter, 0}, {JET_errInvalidParameter, 0}, {0, 0}, {0, 0},
     {JET_errInvalidBackupSequence, 0}, {0, 1}, {0, 1}, {JET_errInvalidParameter, 0}, {0, 0}},
    /* STOP_DB */
    {{JET_errBackupInProgress, 0}, {JET_errBackupInProgress, 0}, A801, A801, A801, A801,
     A801, {JET_errInvalidParameter, 0}, A801, A801, A801, {0, 1}, {0, 1},
     {JET_errInvalidParameter, 0}, {0, 0}},
    /* STOP_DB_H */
    {{JET_errBackupInProgress, 0}, {JET_errBackupInProgress, 0}, A801, A801, A801, A801,
     A801, {0, 0}, A801, A801, A801, {0, 1}, {0, 1}, {JET_errInvalidParameter, 0}, {0, 0}},
    /* STOP_LOGS */
    {{JET_errBackupInProgress, 0}, {JET_errBackupInProgress, 0}, A801, A801, A801, A801,
     A801, {JET_errInvalidParameter, 0}, A801, A801, A801, {0, 1}, {0, 1},
     {JET_errInvalidParameter, 0}, {0, 0}},
    /* STOP_INCR */
    {{JET_errBackupInProgress, 0}, {JET_errBackupInProgress, 0}, A801, A801, A801, A801,
     A801, {JET_errInvalidParameter, 0}, A801, A801, A801, {0, 1}, {0, 1},
     {JET_errInvalidParameter, 0}, {0, 0}},
};

static JET_INSTANCE inst;
static char db_name[1024];
static char log_name[1024];
static char *buf;

/* Reads the open handle to its end. */
static void drain(JET_HANDLE h) {
    uint32_t got = 0;
    do {
        OK(JetReadFileInstance(inst, h, buf, CHUNK, &got));
    } while (got > 0);
}

/* The first name of a double-NUL list. */
static void first_name(const char *szz, char *out) {
    size_t n = strlen(szz);
    CHECK(n < 1024);
    memcpy(out, szz, n + 1);
}

/* A full backup with truncation, so an incremental one may follow; remembers a log name. */
static void full_backup_truncated(void) {
    static char list[16384];
    uint32_t cb = 0;
    JET_HANDLE h;
    uint32_t lo, hi;
    OK(JetBeginExternalBackupInstance(inst, 0));
    OK(JetGetAttachInfoInstanceA(inst, list, sizeof list, &cb));
    first_name(list, db_name);
    OK(JetOpenFileInstanceA(inst, db_name, &h, &lo, &hi));
    drain(h);
    OK(JetCloseFileInstance(inst, h));
    OK(JetGetLogInfoInstanceA(inst, list, sizeof list, &cb));
    first_name(list, log_name);
    for (const char *p = list; *p; p += strlen(p) + 1) {
        OK(JetOpenFileInstanceA(inst, p, &h, &lo, &hi));
        drain(h);
        OK(JetCloseFileInstance(inst, h));
    }
    OK(JetTruncateLogInstance(inst));
    OK(JetEndExternalBackupInstance(inst));
}

/* Builds state `s` from no backup. */
static void enter(enum state s) {
    static char list[16384];
    uint32_t cb = 0;
    JET_HANDLE h;
    uint32_t lo, hi;
    int stop = s >= STOP_DB;
    enum state base = s == STOP_DB ? FULL_DB : s == STOP_DB_H ? FULL_DB_H : s == STOP_LOGS ? FULL_LOGS
                                             : s == STOP_INCR ? INCR : s;
    switch (base) {
    case IDLE:
        break;
    case FULL_DB:
        OK(JetBeginExternalBackupInstance(inst, 0));
        break;
    case FULL_DB_H:
        OK(JetBeginExternalBackupInstance(inst, 0));
        OK(JetOpenFileInstanceA(inst, db_name, &h, &lo, &hi));
        CHECK(h == 0);
        break;
    case FULL_LOGS:
        OK(JetBeginExternalBackupInstance(inst, 0));
        OK(JetGetLogInfoInstanceA(inst, list, sizeof list, &cb));
        first_name(list, log_name);
        break;
    case INCR:
        OK(JetBeginExternalBackupInstance(inst, JET_bitBackupIncremental));
        break;
    default:
        CHECK(0);
    }
    if (stop)
        OK(JetStopBackupInstance(inst));
}

/* Makes call `c`; returns its code. */
static JET_ERR call(enum call c) {
    static char list[16384];
    uint32_t cb = 0, lo = 0, hi = 0, got = 0;
    JET_HANDLE h = 0;
    JET_ERR e;
    switch (c) {
    case BEGIN_FULL:
        return JetBeginExternalBackupInstance(inst, 0);
    case BEGIN_INCR:
        return JetBeginExternalBackupInstance(inst, JET_bitBackupIncremental);
    case ATTACH_INFO:
        return JetGetAttachInfoInstanceA(inst, list, sizeof list, &cb);
    case OPEN_DB:
        e = JetOpenFileInstanceA(inst, db_name, &h, &lo, &hi);
        if (e == 0)
            OK(JetCloseFileInstance(inst, h));
        return e;
    case OPEN_LOG:
        e = JetOpenFileInstanceA(inst, log_name, &h, &lo, &hi);
        if (e == 0)
            OK(JetCloseFileInstance(inst, h));
        return e;
    case OPEN_CURRENT_LOG:
        return JetOpenFileInstanceA(inst, "./edb.log", &h, &lo, &hi);
    case READ:
        return JetReadFileInstance(inst, 0, buf, CHUNK, &got);
    case CLOSE:
        return JetCloseFileInstance(inst, 0);
    case LOG_INFO:
        return JetGetLogInfoInstanceA(inst, list, sizeof list, &cb);
    case TRUNCATE_LOG_INFO:
        return JetGetTruncateLogInfoInstanceA(inst, list, sizeof list, &cb);
    case TRUNCATE:
        return JetTruncateLogInstance(inst);
    case END_NORMAL:
        return JetEndExternalBackupInstance2(inst, JET_bitBackupEndNormal);
    case END_ABORT:
        return JetEndExternalBackupInstance2(inst, JET_bitBackupEndAbort);
    case END_BAD:
        e = JetEndExternalBackupInstance2(inst, 0);
        CHECK(JetEndExternalBackupInstance2(inst, JET_bitBackupEndNormal | JET_bitBackupEndAbort) ==
              e);
        return e;
    case STOP:
        return JetStopBackupInstance(inst);
    default:
        CHECK(0);
        return 0;
    }
}

int main(void) {
    buf = NULL;
    CHECK(posix_memalign((void **)&buf, PAGE, CHUNK) == 0);
    inst = 0;
    OK(JetCreateInstance(&inst, "matrix"));
    OK(JetSetSystemParameter(&inst, JET_sesidNil, JET_paramSystemPath, 0, "./"));
    OK(JetSetSystemParameter(&inst, JET_sesidNil, JET_paramLogFilePath, 0, "./"));
    OK(JetSetSystemParameter(&inst, JET_sesidNil, JET_paramLogFileSize, 64, NULL));
    OK(JetInit(&inst));
    {
        JET_SESID s;
        JET_DBID db;
        JET_TABLEID t;
        JET_COLUMNID cid;
        OK(JetBeginSession(inst, &s, NULL, NULL));
        OK(JetCreateDatabase(s, "./matrix.edb", NULL, &db, 0));
        OK(JetCreateTable(s, db, "t", 0, 0, &t));
        JET_COLUMNDEF d = coldef(JET_coltypLong, 0);
        OK(JetAddColumn(s, t, "id", &d, NULL, 0, &cid));
        for (int32_t i = 0; i < 200; i++) {
            OK(JetBeginTransaction(s));
            OK(JetPrepareUpdate(s, t, JET_prepInsert));
            OK(JetSetColumn(s, t, cid, &i, sizeof i, 0, NULL));
            OK(JetUpdate(s, t, NULL, 0, NULL));
            OK(JetCommitTransaction(s, 0));
        }
        OK(JetCloseTable(s, t));
        OK(JetEndSession(s, 0));
    }
    full_backup_truncated();
    int cells = 0;
    for (int s = 0; s < NSTATES; s++) {
        for (int c = 0; c < NCALLS; c++) {
            enter((enum state)s);
            JET_ERR want = matrix[s][c].code;
            JET_ERR got = call((enum call)c);
            if (got != want) {
                fprintf(stderr, "%s in state %s returned %d, expected %d\n", call_name[c],
                        state_name[s], (int)got, (int)want);
                exit(1);
            }
            /* The state afterwards. */
            int running = s != IDLE && c != END_NORMAL && c != END_ABORT && !matrix[s][c].ends;
            if (s == IDLE && (c == BEGIN_FULL || c == BEGIN_INCR))
                running = 1;
            if (running && s >= STOP_DB && c != STOP) {
                /* A stopped backup still answers -801 until its end. */
                EXPECT(JetGetAttachInfoInstanceA(inst, NULL, 0, NULL), JET_errBackupAbortByServer);
            }
            JET_ERR end = JetEndExternalBackupInstance(inst);
            if (end != (running ? JET_errSuccess : JET_errNoBackup)) {
                fprintf(stderr, "after %s in state %s the end returned %d (backup %s)\n",
                        call_name[c], state_name[s], (int)end,
                        running ? "expected running" : "expected over");
                exit(1);
            }
            cells++;
        }
    }
    CHECK(cells == NSTATES * NCALLS);
    /* A stop left over from idle is cleared by the next backup, which works normally. */
    OK(JetStopBackupInstance(inst));
    full_backup_truncated();
    OK(JetTerm2(inst, JET_bitTermComplete));
    free(buf);
    printf("%d cells of the backup matrix checked\n", cells);
    return 0;
}
