/*
 * threads.c: eight threads, each with its own session and cursor on one shared table,
 * insert their own records in transactions and read them back, at the same time.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>

#include "check.h"

#define THREADS 8
#define PER_THREAD 200
#define PER_TRANSACTION 20

static JET_INSTANCE inst;
static JET_COLUMNID cid, cowner, cpayload;

struct worker {
    int32_t n;
    int failed;
};

static void *work(void *arg) {
    struct worker *w = arg;
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;
    OK(JetBeginSession(inst, &s, NULL, NULL));
    OK(JetOpenDatabase(s, "./threads.edb", NULL, &db, 0));
    OK(JetOpenTable(s, db, "t", NULL, 0, 0, &t));
    for (int32_t i = 0; i < PER_THREAD; i++) {
        if (i % PER_TRANSACTION == 0)
            OK(JetBeginTransaction(s));
        int32_t id = w->n * 100000 + i;
        char payload[64];
        int len = snprintf(payload, sizeof payload, "thread %d record %d", (int)w->n, (int)i);
        OK(JetPrepareUpdate(s, t, JET_prepInsert));
        OK(JetSetColumn(s, t, cid, &id, sizeof id, 0, NULL));
        OK(JetSetColumn(s, t, cowner, &w->n, sizeof w->n, 0, NULL));
        OK(JetSetColumn(s, t, cpayload, payload, (uint32_t)len, 0, NULL));
        OK(JetUpdate(s, t, NULL, 0, NULL));
        if (i % PER_TRANSACTION == PER_TRANSACTION - 1)
            OK(JetCommitTransaction(s, JET_bitCommitLazyFlush));
    }
    /* One more transaction that is rolled back leaves nothing behind. */
    OK(JetBeginTransaction(s));
    int32_t extra = w->n * 100000 + 99999;
    OK(JetPrepareUpdate(s, t, JET_prepInsert));
    OK(JetSetColumn(s, t, cid, &extra, sizeof extra, 0, NULL));
    OK(JetSetColumn(s, t, cowner, &w->n, sizeof w->n, 0, NULL));
    OK(JetUpdate(s, t, NULL, 0, NULL));
    OK(JetRollback(s, 0));

    /* Read back: every record by seek, then the thread's range by the owner index. */
    OK(JetBeginTransaction(s));
    for (int32_t i = 0; i < PER_THREAD; i++) {
        int32_t id = w->n * 100000 + i, got = -1;
        uint32_t cb;
        char payload[64], want[64];
        int len = snprintf(want, sizeof want, "thread %d record %d", (int)w->n, (int)i);
        OK(JetMakeKey(s, t, &id, sizeof id, JET_bitNewKey));
        OK(JetSeek(s, t, JET_bitSeekEQ));
        OK(JetRetrieveColumn(s, t, cowner, &got, sizeof got, &cb, 0, NULL));
        CHECK(got == w->n);
        OK(JetRetrieveColumn(s, t, cpayload, payload, sizeof payload, &cb, 0, NULL));
        CHECK(cb == (uint32_t)len && memcmp(payload, want, cb) == 0);
    }
    OK(JetMakeKey(s, t, &extra, sizeof extra, JET_bitNewKey));
    EXPECT(JetSeek(s, t, JET_bitSeekEQ), JET_errRecordNotFound);
    OK(JetSetCurrentIndex(s, t, "by_owner"));
    OK(JetMakeKey(s, t, &w->n, sizeof w->n, JET_bitNewKey));
    OK(JetSeek(s, t, JET_bitSeekGE));
    OK(JetMakeKey(s, t, &w->n, sizeof w->n, JET_bitNewKey | JET_bitFullColumnEndLimit));
    OK(JetSetIndexRange(s, t, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    uint32_t count = 0;
    OK(JetIndexRecordCount(s, t, &count, 0));
    CHECK(count == PER_THREAD);
    OK(JetCommitTransaction(s, 0));

    OK(JetCloseTable(s, t));
    OK(JetCloseDatabase(s, db, 0));
    OK(JetEndSession(s, 0));
    w->failed = 0;
    return NULL;
}

int main(void) {
    inst = start_instance("threads");
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;
    OK(JetBeginSession(inst, &s, NULL, NULL));
    OK(JetCreateDatabase(s, "./threads.edb", NULL, &db, 0));
    OK(JetCreateTable(s, db, "t", 0, 0, &t));
    JET_COLUMNDEF d = coldef(JET_coltypLong, JET_bitColumnNotNULL);
    OK(JetAddColumn(s, t, "id", &d, NULL, 0, &cid));
    OK(JetAddColumn(s, t, "owner", &d, NULL, 0, &cowner));
    d = coldef(JET_coltypLongBinary, 0);
    OK(JetAddColumn(s, t, "payload", &d, NULL, 0, &cpayload));
    OK(JetCreateIndex(s, t, "primary", JET_bitIndexPrimary, "+id\0", sizeof "+id\0", 100));
    OK(JetCreateIndex(s, t, "by_owner", 0, "+owner\0+id\0", sizeof "+owner\0+id\0", 100));
    OK(JetCloseTable(s, t));
    OK(JetCloseDatabase(s, db, 0));

    pthread_t th[THREADS];
    struct worker w[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i].n = i + 1;
        w[i].failed = 1;
        CHECK(pthread_create(&th[i], NULL, work, &w[i]) == 0);
    }
    for (int i = 0; i < THREADS; i++) {
        CHECK(pthread_join(th[i], NULL) == 0);
        CHECK(w[i].failed == 0);
    }

    /* All records from one session afterwards. */
    OK(JetOpenDatabase(s, "./threads.edb", NULL, &db, 0));
    OK(JetOpenTable(s, db, "t", NULL, 0, JET_bitTableReadOnly, &t));
    OK(JetMove(s, t, JET_MoveFirst, 0));
    uint32_t total = 0;
    OK(JetIndexRecordCount(s, t, &total, 0));
    CHECK(total == THREADS * PER_THREAD);
    OK(JetCloseTable(s, t));
    OK(JetEndSession(s, 0));
    OK(JetTerm(inst));
    printf("threads: ok\n");
    return 0;
}
