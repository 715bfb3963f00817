/*
 * compact.c: JetCompact of a database with many deleted records into a new, smaller
 * file that holds the same records and answers the same seeks, with a status callback
 * (JET_snpCompact); statistics appended to DFRGINFO.TXT (JET_bitCompactStats); the W
 * form; misuse: an attached source (-1202), NULL paths, a destination that exists
 * (-1201), a conversion (-1002), bad and obsolete grbits.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdatomic.h>
#include <sys/stat.h>
#include <time.h>

#include "check.h"

/* What the status callback saw. */
static struct {
    int calls, begins, progress, completes, bad;
} seen;

static JET_ERR JET_API status(JET_SESID sesid, JET_SNP snp, JET_SNT snt, void *pv) {
    (void)sesid;
    const JET_SNPROG *p = (const JET_SNPROG *)pv;
    seen.calls++;
    if (snp != JET_snpCompact || p == NULL || p->cbStruct != sizeof *p ||
        p->cunitDone > p->cunitTotal)
        seen.bad++;
    if (snt == JET_sntBegin)
        seen.begins++;
    else if (snt == JET_sntProgress)
        seen.progress++;
    else if (snt == JET_sntComplete)
        seen.completes++;
    else
        seen.bad++;
    return JET_errSuccess;
}

/* The online defragmentation's completion callback. */
static atomic_int defrag_done;
static JET_ERR JET_API on_defrag(JET_SESID sesid, JET_DBID dbid, JET_TABLEID tableid,
                                 JET_CBTYP cbtyp, void *pvArg1, void *pvArg2, void *pvContext,
                                 JET_API_PTR ulUnused) {
    (void)sesid, (void)dbid, (void)pvArg1, (void)pvArg2, (void)pvContext, (void)ulUnused;
    if (cbtyp == JET_cbtypOnlineDefragCompleted && tableid == JET_tableidNil)
        atomic_fetch_add(&defrag_done, 1);
    return JET_errSuccess;
}

static long file_size(const char *path) {
    struct stat st;
    CHECK(stat(path, &st) == 0);
    return (long)st.st_size;
}

/* Counts the records of table t of `file` (attached and opened here) and checks that
   record `id` holds `id * 3`. */
static int count_records(JET_SESID s, const char *file, int32_t id) {
    JET_DBID db;
    JET_TABLEID t;
    JET_COLUMNDEF d;
    OK(JetAttachDatabase(s, file, JET_bitDbReadOnly));
    OK(JetOpenDatabase(s, file, NULL, &db, JET_bitDbReadOnly));
    OK(JetOpenTable(s, db, "t", NULL, 0, JET_bitTableReadOnly, &t));
    JET_COLUMNID cid_v;
    {
        JET_COLUMNBASE b;
        OK(JetGetTableColumnInfo(s, t, "v", &b, sizeof b, JET_ColInfoBase));
        cid_v = b.columnid;
    }
    (void)d;
    int n = 0;
    JET_ERR e = JetMove(s, t, JET_MoveFirst, 0);
    while (e == JET_errSuccess) {
        n++;
        e = JetMove(s, t, JET_MoveNext, 0);
    }
    EXPECT(e, JET_errNoCurrentRecord);
    OK(JetMakeKey(s, t, &id, sizeof id, JET_bitNewKey));
    OK(JetSeek(s, t, JET_bitSeekEQ));
    int32_t v = 0;
    uint32_t cb = 0;
    OK(JetRetrieveColumn(s, t, cid_v, &v, sizeof v, &cb, 0, NULL));
    CHECK(cb == 4 && v == id * 3);
    OK(JetCloseTable(s, t));
    OK(JetCloseDatabase(s, db, 0));
    OK(JetDetachDatabase(s, file));
    return n;
}

int main(void) {
    JET_INSTANCE inst = start_instance("compact");
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;
    JET_COLUMNID cid_id, cid_v, cid_pad;
    OK(JetBeginSession(inst, &s, NULL, NULL));

    /* 3,000 records with padding; two in three deleted. */
    OK(JetCreateDatabase(s, "./src.edb", NULL, &db, 0));
    OK(JetCreateTable(s, db, "t", 0, 100, &t));
    JET_COLUMNDEF d = coldef(JET_coltypLong, 0);
    OK(JetAddColumn(s, t, "id", &d, NULL, 0, &cid_id));
    OK(JetAddColumn(s, t, "v", &d, NULL, 0, &cid_v));
    JET_COLUMNDEF dp = coldef(JET_coltypLongBinary, 0);
    OK(JetAddColumn(s, t, "pad", &dp, NULL, 0, &cid_pad));
    OK(JetCreateIndex(s, t, "primary", JET_bitIndexPrimary, "+id\0", 5, 100));
    static unsigned char pad[3000];
    memset(pad, 0x5a, sizeof pad);
    for (int32_t i = 0; i < 3000; i++) {
        int32_t v = i * 3;
        if (i % 100 == 0)
            OK(JetBeginTransaction(s));
        OK(JetPrepareUpdate(s, t, JET_prepInsert));
        OK(JetSetColumn(s, t, cid_id, &i, sizeof i, 0, NULL));
        OK(JetSetColumn(s, t, cid_v, &v, sizeof v, 0, NULL));
        OK(JetSetColumn(s, t, cid_pad, pad, sizeof pad, 0, NULL));
        OK(JetUpdate(s, t, NULL, 0, NULL));
        if (i % 100 == 99)
            OK(JetCommitTransaction(s, 0));
    }
    OK(JetBeginTransaction(s));
    OK(JetMove(s, t, JET_MoveFirst, 0));
    for (int32_t i = 0; i < 3000; i++) {
        if (i % 3 != 0)
            OK(JetDelete(s, t));
        JET_ERR e = JetMove(s, t, JET_MoveNext, 0);
        CHECK(e == JET_errSuccess || (e == JET_errNoCurrentRecord && i == 2999));
    }
    OK(JetCommitTransaction(s, 0));
    OK(JetCloseTable(s, t));
    OK(JetCloseDatabase(s, db, 0));

    /* Attached: refused. Then misuse. */
    EXPECT(JetCompact(s, "./src.edb", "./dst.edb", NULL, NULL, 0), JET_errDatabaseInUse);
    OK(JetDetachDatabase(s, "./src.edb"));
    EXPECT(JetCompact(s, NULL, "./dst.edb", NULL, NULL, 0), JET_errInvalidParameter);
    EXPECT(JetCompact(s, "./src.edb", NULL, NULL, NULL, 0), JET_errInvalidParameter);
    EXPECT(JetCompact(s, "./src.edb", "./dst.edb", NULL, NULL, 0x8), JET_errInvalidGrbit);
    EXPECT(JetCompact(s, "./src.edb", "./dst.edb", NULL, NULL, JET_bitCompactRepair),
           JET_errFeatureNotAvailable);
    JET_CONVERT_A conv;
    memset(&conv, 0, sizeof conv);
    EXPECT(JetCompact(s, "./src.edb", "./dst.edb", NULL, &conv, 0), JET_errFeatureNotAvailable);
    EXPECT(JetCompact((JET_SESID)7, "./src.edb", "./dst.edb", NULL, NULL, 0), JET_errInvalidSesid);
    OK(JetBeginTransaction(s));
    EXPECT(JetCompact(s, "./src.edb", "./dst.edb", NULL, NULL, 0), JET_errInTransaction);
    OK(JetRollback(s, 0));

    /* The compaction, with a status callback. */
    memset(&seen, 0, sizeof seen);
    OK(JetCompact(s, "./src.edb", "./dst.edb", status, NULL, 0));
    CHECK(seen.begins == 1 && seen.completes == 1 && seen.progress >= 1 && seen.bad == 0);
    CHECK(file_size("./dst.edb") < file_size("./src.edb"));
    EXPECT(JetCompact(s, "./src.edb", "./dst.edb", NULL, NULL, 0), JET_errDatabaseDuplicate);
    CHECK(count_records(s, "./dst.edb", 2997) == 1000);
    CHECK(count_records(s, "./src.edb", 2997) == 1000);

    /* JET_bitCompactStats: with a callback, statistics appended to DFRGINFO.TXT in the
     * current directory; without one, the bit is ignored (as in ESE). */
    remove("./DFRGINFO.TXT");
    OK(JetCompact(s, "./src.edb", "./nostats.edb", NULL, NULL, JET_bitCompactStats));
    {
        struct stat st;
        CHECK(stat("./DFRGINFO.TXT", &st) != 0);
    }
    OK(JetCompact(s, "./src.edb", "./stats.edb", status, NULL, JET_bitCompactStats));
    long stats_size = file_size("./DFRGINFO.TXT");
    CHECK(stats_size > 0);
    {
        char text[4096];
        FILE *f = fopen("./DFRGINFO.TXT", "r");
        CHECK(f != NULL);
        size_t n = fread(text, 1, sizeof text - 1, f);
        fclose(f);
        text[n] = 0;
        CHECK(strstr(text, "Table t: 1000 records") != NULL);
        CHECK(strstr(text, "Done: 1 table(s), 1000 records") != NULL);
    }
    OK(JetCompact(s, "./src.edb", "./stats2.edb", status, NULL, JET_bitCompactStats));
    CHECK(file_size("./DFRGINFO.TXT") > stats_size);

    /* The W form, without a callback. */
    const WCHAR wsrc[] = {'.', '/', 's', 'r', 'c', '.', 'e', 'd', 'b', 0};
    const WCHAR wdst[] = {'.', '/', 'w', '.', 'e', 'd', 'b', 0};
    OK(JetCompactW(s, wsrc, wdst, NULL, NULL, 0));
    CHECK(count_records(s, "./w.edb", 1500) == 1000);

    /* Online defragmentation of an attached database: nine records in ten deleted from
     * the right, then a batch of one pass in the background, its end through the
     * callback. */
    OK(JetCreateDatabase(s, "./online.edb", NULL, &db, 0));
    OK(JetCreateTable(s, db, "t", 0, 100, &t));
    JET_COLUMNDEF db2 = coldef(JET_coltypBinary, 0);
    OK(JetAddColumn(s, t, "id", &d, NULL, 0, &cid_id));
    OK(JetAddColumn(s, t, "pad", &db2, NULL, 0, &cid_pad));
    OK(JetCreateIndex(s, t, "primary", JET_bitIndexPrimary, "+id\0", 5, 100));
    for (int32_t i = 0; i < 1000; i++) {
        OK(JetPrepareUpdate(s, t, JET_prepInsert));
        OK(JetSetColumn(s, t, cid_id, &i, sizeof i, 0, NULL));
        OK(JetSetColumn(s, t, cid_pad, pad, 120, 0, NULL));
        OK(JetUpdate(s, t, NULL, 0, NULL));
    }
    OK(JetMove(s, t, JET_MoveLast, 0));
    for (int32_t i = 999; i >= 0; i--) {
        if (i % 10 != 0)
            OK(JetDelete(s, t));
        JET_ERR e = JetMove(s, t, JET_MovePrevious, 0);
        CHECK(e == JET_errSuccess || (e == JET_errNoCurrentRecord && i == 0));
    }
    EXPECT(JetDefragment(s, db, NULL, NULL, NULL, JET_bitDefragmentBatchStop),
           JET_wrnDefragNotRunning);
    uint32_t passes = 1, secs = 0;
    OK(JetDefragment2(s, db, NULL, &passes, NULL, on_defrag, JET_bitDefragmentBatchStart));
    for (int waited = 0; atomic_load(&defrag_done) == 0 && waited < 3000; waited++) {
        struct timespec ten_ms = {0, 10 * 1000 * 1000};
        nanosleep(&ten_ms, NULL);
    }
    CHECK(atomic_load(&defrag_done) == 1);
    OK(JetDefragment3(s, "./online.edb", "t", NULL, NULL, NULL, NULL, JET_bitDefragmentBTree));
    EXPECT(JetDefragment3(s, "./none.edb", NULL, NULL, NULL, NULL, NULL,
                          JET_bitDefragmentBatchStart),
           JET_errDatabaseNotFound);
    OK(JetDefragment(s, db, NULL, NULL, NULL, JET_bitDefragmentBatchStart));
    EXPECT(JetDefragmentW(s, db, NULL, NULL, NULL, JET_bitDefragmentBatchStart),
           JET_wrnDefragAlreadyRunning);
    passes = 0;
    OK(JetDefragment(s, db, NULL, &passes, &secs, JET_bitDefragmentBatchStop));
    CHECK(secs < 60); /* the passes it made: none if stopped before its first */
    EXPECT(JetDefragment(s, db, NULL, NULL, NULL, 0x8), JET_errInvalidGrbit);
    /* The W forms. */
    const WCHAR wt[] = {'t', 0};
    const WCHAR wonline[] = {'.', '/', 'o', 'n', 'l', 'i', 'n', 'e', '.', 'e', 'd', 'b', 0};
    OK(JetDefragment2W(s, db, wt, NULL, NULL, NULL, JET_bitDefragmentBTree));
    OK(JetDefragment3W(s, wonline, wt, NULL, NULL, NULL, NULL, JET_bitDefragmentBTree));
    int n = 0;
    JET_ERR e = JetMove(s, t, JET_MoveFirst, 0);
    while (e == JET_errSuccess) {
        n++;
        e = JetMove(s, t, JET_MoveNext, 0);
    }
    CHECK(n == 100);
    OK(JetCloseTable(s, t));

    OK(JetEndSession(s, 0));
    OK(JetTerm(inst));
    printf("compact: ok\n");
    return 0;
}
