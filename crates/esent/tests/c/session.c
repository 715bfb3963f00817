/*
 * session.c: sessions and transactions through the C interface, used correctly and misused
 * (NULL outputs, stale sessions, commits outside transactions, nesting too deep, bad
 * grbits, wrong parameter sizes), and JET_bitForceNewLog starting new log generations.
 */
#include "check.h"

/* Whether the numbered log generation `gen` (edbXXXXXXXX.log) exists in this folder. */
static int has_log(unsigned gen) {
    char name[32];
    snprintf(name, sizeof name, "edb%08X.log", gen);
    FILE *f = fopen(name, "rb");
    if (f)
        fclose(f);
    return f != NULL;
}

int main(void) {
    JET_INSTANCE inst = start_instance("session");
    JET_SESID s = 0, s2 = 0;
    OK(JetBeginSession(inst, &s, "user", "password"));
    uint32_t version = 0;
    OK(JetGetVersion(s, &version));
    CHECK(version != 0 && (version & 0xFF) == 0); /* 0.1.0: 0x01000000 */
    EXPECT(JetGetVersion(s, NULL), JET_errInvalidParameter);
    EXPECT(JetGetVersion(0, &version), JET_errInvalidSesid);
    uint16_t wuser[] = {'u', 0};
    OK(JetBeginSessionW(inst, &s2, wuser, NULL));
    OK(JetEndSession(s2, 0));
    EXPECT(JetEndSession(s2, 0), JET_errInvalidSesid);
    EXPECT(JetBeginTransaction(s2), JET_errInvalidSesid);
    EXPECT(JetBeginTransaction((JET_SESID)12345), JET_errInvalidSesid);
    EXPECT(JetDupSession(s, NULL), JET_errInvalidParameter);
    OK(JetDupSession(s, &s2));
    CHECK(s2 != s);

    /* JetIdle: a compact has nothing to report, an empty version store is not full,
       the reserved bit and a stale session are refused. */
    EXPECT(JetIdle(s, JET_bitIdleCompact), JET_wrnNoIdleActivity);
    EXPECT(JetIdle(s, 0), JET_wrnNoIdleActivity);
    OK(JetIdle(s, JET_bitIdleStatus));
    EXPECT(JetIdle(s, JET_bitIdleFlushBuffers), JET_errInvalidGrbit);
    EXPECT(JetIdle((JET_SESID)12345, JET_bitIdleCompact), JET_errInvalidSesid);

    /* Transaction levels. */
    EXPECT(JetCommitTransaction(s, 0), JET_errNotInTransaction);
    EXPECT(JetRollback(s, 0), JET_errNotInTransaction);
    uint32_t level = 99, cb = 0;
    OK(JetGetSessionParameter(s, JET_sesparamTransactionLevel, &level, sizeof level, &cb));
    CHECK(level == 0 && cb == 4);
    for (int i = 0; i < 7; i++)
        OK(JetBeginTransaction(s));
    EXPECT(JetBeginTransaction(s), JET_errTransTooDeep);
    OK(JetGetSessionParameter(s, JET_sesparamTransactionLevel, &level, sizeof level, NULL));
    CHECK(level == 7);
    EXPECT(JetGetSessionParameter(s, JET_sesparamTransactionLevel, &level, 2, NULL),
           JET_errInvalidBufferSize);
    EXPECT(JetGetSessionParameter(s, JET_sesparamTransactionLevel, NULL, 4, NULL),
           JET_errInvalidParameter);
    OK(JetCommitTransaction(s, JET_bitCommitLazyFlush));
    OK(JetRollback(s, JET_bitRollbackAll));
    OK(JetGetSessionParameter(s, JET_sesparamTransactionLevel, &level, sizeof level, NULL));
    CHECK(level == 0);

    /* Grbits. */
    EXPECT(JetBeginTransaction2(s, 0x10000000u), JET_errInvalidGrbit);
    OK(JetBeginTransaction2(s, JET_bitTransactionReadOnly));
    EXPECT(JetCommitTransaction(s, 0x40000000u), JET_errInvalidGrbit);
    OK(JetCommitTransaction(s, 0));
    OK(JetBeginTransaction3(s, 77, 0));
    JET_COMMIT_ID id;
    memset(&id, 0xff, sizeof id);
    OK(JetCommitTransaction2(s, 0, 0, &id));
    CHECK(id.commitId >= 0);
    OK(JetBeginTransaction(s));
    OK(JetCommitTransaction2(s, JET_bitCommitLazyFlush, 0, NULL));

    /* JET_bitForceNewLog: one new generation per call, in or outside a transaction,
     * alone only; inside a transaction it commits nothing. */
    unsigned gen = 1;
    while (has_log(gen))
        gen++;
    for (int i = 0; i < 10; i++) {
        CHECK(!has_log(gen));
        OK(JetCommitTransaction(s, JET_bitForceNewLog));
        CHECK(has_log(gen));
        gen++;
    }
    EXPECT(JetCommitTransaction(s, JET_bitForceNewLog | JET_bitCommitLazyFlush),
           JET_errInvalidGrbit);
    OK(JetBeginTransaction(s));
    OK(JetCommitTransaction2(s, JET_bitForceNewLog, 0, NULL));
    CHECK(has_log(gen));
    OK(JetGetSessionParameter(s, JET_sesparamTransactionLevel, &level, sizeof level, NULL));
    CHECK(level == 1);
    OK(JetCommitTransaction(s, 0));

    /* Session parameters. */
    uint32_t v = JET_bitCommitLazyFlush;
    EXPECT(JetSetSessionParameter(s, JET_sesparamCommitDefault, &v, 2), JET_errInvalidBufferSize);
    EXPECT(JetSetSessionParameter(s, JET_sesparamCommitDefault, NULL, 4), JET_errInvalidParameter);
    OK(JetSetSessionParameter(s, JET_sesparamCommitDefault, &v, sizeof v));
    v = 0;
    OK(JetGetSessionParameter(s, JET_sesparamCommitDefault, &v, sizeof v, NULL));
    CHECK(v == JET_bitCommitLazyFlush);
    /* The operation context, as a client sets it before its calls. */
    JET_OPERATIONCONTEXT oc = {42, 7, 2, 3, 0}, back;
    memset(&back, 0, sizeof back);
    EXPECT(JetSetSessionParameter(s, JET_sesparamOperationContext, &oc, 4),
           JET_errInvalidBufferSize);
    OK(JetSetSessionParameter(s, JET_sesparamOperationContext, &oc, sizeof oc));
    cb = 0;
    OK(JetGetSessionParameter(s, JET_sesparamOperationContext, NULL, 0, &cb));
    CHECK(cb == sizeof oc);
    EXPECT(JetGetSessionParameter(s, JET_sesparamOperationContext, &back, 4, NULL),
           JET_errInvalidBufferSize);
    OK(JetGetSessionParameter(s, JET_sesparamOperationContext, &back, sizeof back, &cb));
    CHECK(back.ulUserID == 42 && back.nOperationID == 7 && back.nOperationType == 2 &&
          back.nClientType == 3 && cb == sizeof back);
    /* A client description: kept to its NUL, a short buffer too small. */
    char desc[32];
    OK(JetSetSessionParameter(s, JET_sesparamClientComponentDesc, "indexer", 8));
    EXPECT(JetGetSessionParameter(s, JET_sesparamClientComponentDesc, desc, 4, &cb),
           JET_errBufferTooSmall);
    CHECK(cb == 8);
    OK(JetGetSessionParameter(s, JET_sesparamClientComponentDesc, desc, sizeof desc, &cb));
    CHECK(strcmp(desc, "indexer") == 0 && cb == 8);
    /* The cache priority: the instance's until set; 0 to 1000. */
    OK(JetGetSessionParameter(s, JET_sesparamCachePriority, &v, sizeof v, NULL));
    CHECK(v == 100);
    v = 1001;
    EXPECT(JetSetSessionParameter(s, JET_sesparamCachePriority, &v, sizeof v),
           JET_errInvalidParameter);
    v = 1;
    EXPECT(JetSetSessionParameter(s, JET_sesparamTransactionLevel, &v, sizeof v),
           JET_errFeatureNotAvailable);
    EXPECT(JetSetSessionParameter(s, JET_sesparamMaxValueInvalid, &v, sizeof v),
           JET_errInvalidSesparamId);

    /* Contexts. */
    OK(JetSetSessionContext(s, 0x1234));
    OK(JetResetSessionContext(s));

    OK(JetEndSession(s2, 0));
    OK(JetEndSession(s, 0));
    OK(JetTerm(inst));
    printf("session: ok\n");
    return 0;
}
