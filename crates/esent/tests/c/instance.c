/*
 * instance.c: instances and system parameters through the C interface, used correctly and
 * misused (NULL outputs, nil and stale handles, unknown ids and grbits, short buffers,
 * calls in the wrong state).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <sys/stat.h>

#include "check.h"

/* JetInit3 with a restore map: a database moves after a dirty end; its logs still name the
   old path. Without the map the start fails; with it the database is recovered where it is
   now, and holds the committed row. */
static void restore_map(void) {
    CHECK(mkdir("rst", 0755) == 0 && mkdir("moved", 0755) == 0);
    JET_INSTANCE c = instance_in("c", "rst/");
    OK(JetInit(&c));
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;
    JET_COLUMNID k;
    OK(JetBeginSession(c, &s, NULL, NULL));
    OK(JetCreateDatabase(s, "rst/x.edb", NULL, &db, 0));
    /* The database's header names the instance's log by its signature. */
    JET_SIGNATURE sig;
    memset(&sig, 0, sizeof sig);
    EXPECT(JetGetInstanceMiscInfo(c, &sig, sizeof sig - 1, JET_InstanceMiscInfoLogSignature),
           JET_errBufferTooSmall);
    EXPECT(JetGetInstanceMiscInfo(c, &sig, sizeof sig, 9), JET_errInvalidParameter);
    OK(JetGetInstanceMiscInfo(c, &sig, sizeof sig, JET_InstanceMiscInfoLogSignature));
    JET_DBINFOMISC2 misc;
    memset(&misc, 0xAB, sizeof misc);
    OK(JetGetDatabaseInfo(s, db, &misc, sizeof misc, JET_DbInfoMisc));
    CHECK(memcmp(&misc.signLog, &sig, sizeof sig) == 0);
    CHECK(sig.logtimeCreate.bYear > 100 && misc.dbstate == JET_dbstateDirtyShutdown);
    CHECK(misc.genMinRequired >= 1 && misc.genMaxRequired >= misc.genMinRequired);
    CHECK(misc.cbPageSize > 0 && misc.signDb.logtimeCreate.bYear > 100);
    OK(JetCreateTable(s, db, "t", 0, 100, &t));
    JET_COLUMNDEF def = coldef(JET_coltypLong, 0);
    OK(JetAddColumn(s, t, "k", &def, NULL, 0, &k));
    int32_t v = 4242;
    OK(JetBeginTransaction(s));
    OK(JetPrepareUpdate(s, t, JET_prepInsert));
    OK(JetSetColumn(s, t, k, &v, sizeof v, 0, NULL));
    OK(JetUpdate(s, t, NULL, 0, NULL));
    OK(JetCommitTransaction(s, 0));
    EXPECT(JetTerm2(c, JET_bitTermDirty), JET_errDirtyShutdown);
    CHECK(rename("rst/x.edb", "moved/x.edb") == 0);

    JET_INSTANCE d = instance_in("d", "rst/");
    EXPECT(JetInit3(&d, NULL, 0), JET_errAttachedDatabaseMismatch);
    JET_RSTMAP map = {"rst/x.edb", "moved/x.edb"};
    JET_RSTINFO rst;
    memset(&rst, 0, sizeof rst);
    rst.cbStruct = sizeof rst;
    rst.rgrstmap = &map;
    rst.crstmap = 1;
    OK(JetInit3(&d, &rst, JET_bitReplayMissingMapEntryDB));
    struct stat st;
    CHECK(stat("rst/x.edb", &st) != 0); /* nothing made at the old path */
    OK(JetBeginSession(d, &s, NULL, NULL));
    OK(JetAttachDatabase(s, "moved/x.edb", 0));
    OK(JetOpenDatabase(s, "moved/x.edb", NULL, &db, 0));
    OK(JetOpenTable(s, db, "t", NULL, 0, 0, &t));
    OK(JetMove(s, t, JET_MoveFirst, 0));
    int32_t got = 0;
    uint32_t cb = 0;
    OK(JetRetrieveColumn(s, t, k, &got, sizeof got, &cb, 0, NULL));
    CHECK(cb == sizeof got && got == 4242);
    EXPECT(JetMove(s, t, JET_MoveNext, 0), JET_errNoCurrentRecord);
    OK(JetTerm(d));
}

static void w_from(const char *s, uint16_t *w) {
    while ((*w++ = (uint16_t)(unsigned char)*s++) != 0) {
    }
}

int main(void) {
    JET_INSTANCE a = 0, b = 0, nil = JET_instanceNil;

    /* Creating. */
    EXPECT(JetCreateInstance(NULL, "a"), JET_errInvalidParameter);
    OK(JetCreateInstance(&a, "a"));
    EXPECT(JetCreateInstance(&b, "a"), JET_errInstanceNameInUse);
    CHECK(b == 0); /* outputs are written only on success */
    EXPECT(JetCreateInstance2(&b, "b", "display", 0x40), JET_errInvalidGrbit);
    uint16_t wname[8];
    w_from("b", wname);
    OK(JetCreateInstanceW(&b, wname));
    CHECK(b != 0 && b != a);

    /* Nil, zero and unknown handles. */
    EXPECT(JetInit(&nil), JET_errInvalidParameter);
    EXPECT(JetTerm(0), JET_errInvalidParameter);
    EXPECT(JetTerm(JET_instanceNil), JET_errInvalidParameter);
    JET_SESID s = 0;
    EXPECT(JetBeginSession(0, &s, NULL, NULL), JET_errInvalidParameter);
    EXPECT(JetBeginSession(JET_instanceNil, &s, NULL, NULL), JET_errInvalidParameter);
    EXPECT(JetTerm2(JET_instanceNil, JET_bitTermComplete), JET_errInvalidParameter);
    EXPECT(JetBeginSession(a, NULL, NULL, NULL), JET_errInvalidParameter);
    EXPECT(JetBeginSession(a, &s, NULL, NULL), JET_errNotInitialized);
    EXPECT(JetInit(NULL), JET_errRunningInMultiInstanceMode);

    /* Parameters. */
    EXPECT(JetSetSystemParameter(&a, JET_sesidNil, 99999, 0, NULL), JET_errInvalidParameter);
    OK(JetSetSystemParameter(&a, JET_sesidNil, JET_paramSystemPath, 0, "./"));
    OK(JetSetSystemParameter(&a, JET_sesidNil, JET_paramLogFilePath, 0, "./"));
    OK(JetSetSystemParameter(&a, JET_sesidNil, JET_paramBaseName, 0, "abc"));
    char sz[64];
    JET_API_PTR l = 0;
    EXPECT(JetGetSystemParameter(a, JET_sesidNil, JET_paramBaseName, NULL, sz, 3),
           JET_errBufferTooSmall);
    OK(JetGetSystemParameter(a, JET_sesidNil, JET_paramBaseName, NULL, sz, sizeof sz));
    CHECK(strcmp(sz, "abc") == 0);
    uint16_t wsz[16];
    OK(JetGetSystemParameterW(a, JET_sesidNil, JET_paramBaseName, NULL, wsz, sizeof wsz));
    CHECK(wsz[0] == 'a' && wsz[1] == 'b' && wsz[2] == 'c' && wsz[3] == 0);
    EXPECT(JetGetSystemParameterW(a, JET_sesidNil, JET_paramBaseName, NULL, wsz, 6),
           JET_errBufferTooSmall);
    EXPECT(JetGetSystemParameter(a, JET_sesidNil, JET_paramMaxSessions, NULL, NULL, 0),
           JET_errInvalidParameter);
    OK(JetSetSystemParameter(&a, JET_sesidNil, JET_paramMaxSessions, 64, NULL));
    OK(JetGetSystemParameter(a, JET_sesidNil, JET_paramMaxSessions, &l, NULL, 0));
    CHECK(l == 64);
    l = (JET_API_PTR)(intptr_t)JET_errInvalidParameter;
    OK(JetGetSystemParameter(a, JET_sesidNil, JET_paramErrorToString, &l, sz, sizeof sz));
    CHECK(strstr(sz, "JET_errInvalidParameter") != NULL);

    /* Starting. */
    JET_RSTINFO rst;
    memset(&rst, 0, sizeof rst);
    rst.cbStruct = sizeof rst - 1;
    EXPECT(JetInit3(&a, &rst, 0), JET_errInvalidParameter);
    EXPECT(JetInit2(&a, 0x80000000u), JET_errInvalidGrbit);
    rst.cbStruct = sizeof rst;
    JET_RSTMAP map = {"old.edb", "new.edb"};
    rst.rgrstmap = &map;
    rst.crstmap = 1;
    /* Recovery without undo with no log yet: nothing to undo, and the instance does not
     * start. */
    EXPECT(JetInit3(&a, &rst, JET_bitRecoveryWithoutUndo),
           JET_errRecoveredWithoutUndoDatabasesConsistent);
    rst.crstmap = -1;
    EXPECT(JetInit3(&a, &rst, 0), JET_errInvalidParameter);
    rst.rgrstmap = NULL;
    rst.crstmap = 0;
    OK(JetInit3(&a, &rst, 0));
    EXPECT(JetInit(&a), JET_errAlreadyInitialized);
    EXPECT(JetSetSystemParameter(&a, JET_sesidNil, JET_paramBaseName, 0, "xyz"),
           JET_errAlreadyInitialized);

    /* JetGetInstanceInfo lists the running instance a (b is not started). */
    uint32_t n = 0;
    JET_INSTANCE_INFO *info = NULL;
    EXPECT(JetGetInstanceInfo(NULL, &info), JET_errInvalidParameter);
    OK(JetGetInstanceInfo(&n, &info));
    CHECK(n == 1 && info != NULL);
    CHECK(info[0].hInstanceId == a && strcmp(info[0].szInstanceName, "a") == 0);
    CHECK(info[0].cDatabases == 0);
    OK(JetFreeBuffer((char *)info));
    OK(JetFreeBuffer(NULL));

    OK(JetBeginSession(a, &s, NULL, NULL));
    JET_DBID db;
    OK(JetCreateDatabase(s, "./a.edb", NULL, &db, 0));

    /* The calling thread's work: creating the database referenced, dirtied and logged. */
    JET_THREADSTATS3 ts3;
    memset(&ts3, 0xAB, sizeof ts3);
    EXPECT(JetGetThreadStats(&ts3, sizeof(JET_THREADSTATS) - 1), JET_errBufferTooSmall);
    OK(JetGetThreadStats(&ts3, sizeof ts3));
    CHECK(ts3.cbStruct == sizeof ts3 && ts3.cPageReferenced > 0 && ts3.cPageDirtied > 0);
    CHECK(ts3.cLogRecord > 0 && ts3.cbLogRecord > ts3.cLogRecord && ts3.cPagePreread == 0);
    JET_THREADSTATS ts;
    memset(&ts, 0xAB, sizeof ts);
    OK(JetGetThreadStats(&ts, sizeof ts));
    CHECK(ts.cbStruct == sizeof ts && ts.cPageReferenced == ts3.cPageReferenced);
    CHECK(ts.cLogRecord == ts3.cLogRecord);
    unsigned char big[128];
    memset(big, 0xAB, sizeof big);
    OK(JetGetThreadStats(big, sizeof big));
    JET_THREADSTATS3 got;
    memcpy(&got, big, sizeof got);
    CHECK(got.cbStruct == sizeof got && got.cPageDirtied == ts3.cPageDirtied);
    CHECK(big[sizeof got] == 0xAB); /* nothing past JET_THREADSTATS3 is written */
    JET_INSTANCE_INFO_W *winfo = NULL;
    OK(JetGetInstanceInfoW(&n, &winfo));
    CHECK(n == 1 && winfo[0].cDatabases == 1);
    CHECK(winfo[0].szInstanceName[0] == 'a' && winfo[0].szInstanceName[1] == 0);
    const uint16_t *f = winfo[0].szDatabaseFileName[0];
    size_t len = 0;
    while (f[len])
        len++;
    CHECK(len >= 5 && f[len - 5] == 'a' && f[len - 1] == 'b');
    OK(JetFreeBuffer((char *)winfo));

    /* Stopping: the handle is stale afterwards. */
    OK(JetTerm2(a, JET_bitTermComplete));
    EXPECT(JetTerm(a), JET_errInvalidInstance);
    EXPECT(JetBeginSession(a, &s, NULL, NULL), JET_errInvalidInstance);
    OK(JetTerm(b)); /* an instance never started can be ended */
    restore_map();
    printf("instance: ok\n");
    return 0;
}
