/*
 * columns.c: setting, retrieving and enumerating column values through the C interface,
 * used correctly and misused (no prepared update, wrong sizes, bad column ids and grbits,
 * wrong cbStruct, short buffers).
 */
#include "check.h"

static JET_SESID s;

/* The JET_PFNREALLOC of JetEnumerateColumns: realloc, counting live blocks. */
static int live_blocks;

/* A callback that counts its calls and refuses deletes. */
static int callback_calls;
static JET_ERR JET_API on_change(JET_SESID sesid, JET_DBID dbid, JET_TABLEID tableid,
                                 JET_CBTYP cbtyp, void *pvArg1, void *pvArg2, void *pvContext,
                                 JET_API_PTR ulUnused) {
    (void)sesid, (void)dbid, (void)tableid, (void)pvArg1, (void)pvArg2, (void)ulUnused;
    *(int *)pvContext += 1;
    return cbtyp == JET_cbtypBeforeDelete ? JET_errCallbackFailed : JET_errSuccess;
}
/* The runtime callback: frees local storage values (here: notes them). */
static JET_LS freed_cursor_ls, freed_table_ls;
static int frees;
static JET_ERR JET_API free_ls(JET_SESID sesid, JET_DBID dbid, JET_TABLEID tableid,
                               JET_CBTYP cbtyp, void *pvArg1, void *pvArg2, void *pvContext,
                               JET_API_PTR ulUnused) {
    (void)pvArg2, (void)pvContext, (void)ulUnused;
    CHECK(sesid == JET_sesidNil && dbid == JET_dbidNil && tableid == JET_tableidNil);
    if (cbtyp == JET_cbtypFreeCursorLS)
        freed_cursor_ls = (JET_LS)pvArg1;
    if (cbtyp == JET_cbtypFreeTableLS)
        freed_table_ls = (JET_LS)pvArg1;
    frees++;
    return JET_errSuccess;
}
static void *JET_API my_realloc(void *ctx, void *pv, uint32_t cb) {
    (void)ctx;
    if (cb == 0) {
        if (pv)
            live_blocks--;
        free(pv);
        return NULL;
    }
    if (!pv)
        live_blocks++;
    return realloc(pv, cb);
}

int main(void) {
    JET_INSTANCE inst = start_instance("columns");
    JET_DBID db;
    JET_TABLEID t;
    JET_COLUMNID cid, ctext, cbin, clong, cmv, cesc, cauto;
    OK(JetBeginSession(inst, &s, NULL, NULL));
    OK(JetCreateDatabase(s, "./columns.edb", NULL, &db, 0));
    OK(JetCreateTable(s, db, "t", 0, 0, &t));
    JET_COLUMNDEF d = coldef(JET_coltypLong, JET_bitColumnNotNULL);
    OK(JetAddColumn(s, t, "id", &d, NULL, 0, &cid));
    d = coldef(JET_coltypText, 0);
    OK(JetAddColumn(s, t, "text", &d, NULL, 0, &ctext));
    d = coldef(JET_coltypBinary, 0);
    d.cbMax = 16;
    OK(JetAddColumn(s, t, "bin", &d, NULL, 0, &cbin));
    d = coldef(JET_coltypLongBinary, 0);
    OK(JetAddColumn(s, t, "long", &d, NULL, 0, &clong));
    d = coldef(JET_coltypLong, JET_bitColumnTagged | JET_bitColumnMultiValued);
    OK(JetAddColumn(s, t, "mv", &d, NULL, 0, &cmv));
    d = coldef(JET_coltypLong, JET_bitColumnEscrowUpdate);
    int32_t zero = 0;
    OK(JetAddColumn(s, t, "counter", &d, &zero, sizeof zero, &cesc));
    d = coldef(JET_coltypLong, JET_bitColumnAutoincrement);
    OK(JetAddColumn(s, t, "auto", &d, NULL, 0, &cauto));
    OK(JetCreateIndex(s, t, "primary", JET_bitIndexPrimary, "+id\0", sizeof "+id\0", 100));

    /* Setting needs a prepared update. */
    int32_t id = 1;
    EXPECT(JetSetColumn(s, t, cid, &id, sizeof id, 0, NULL), JET_errUpdateNotPrepared);
    EXPECT(JetUpdate(s, t, NULL, 0, NULL), JET_errUpdateNotPrepared);
    EXPECT(JetPrepareUpdate(s, t, 77), JET_errInvalidParameter);
    OK(JetBeginTransaction(s));
    OK(JetPrepareUpdate(s, t, JET_prepInsert));
    EXPECT(JetSetColumn(s, t, cid, &id, 3, 0, NULL), JET_errInvalidBufferSize);
    EXPECT(JetSetColumn(s, t, cid, NULL, 4, 0, NULL), JET_errInvalidParameter);
    EXPECT(JetSetColumn(s, t, 0xFFFF, &id, sizeof id, 0, NULL), JET_errColumnNotFound);
    EXPECT(JetSetColumn(s, t, cid, &id, sizeof id, 0x80000000u, NULL), JET_errInvalidGrbit);
    JET_SETINFO si = {sizeof si - 4, 0, 1};
    EXPECT(JetSetColumn(s, t, cmv, &id, sizeof id, 0, &si), JET_errInvalidParameter);
    /* A NOT NULL column left unset. */
    EXPECT(JetUpdate(s, t, NULL, 0, NULL), JET_errNullInvalid);
    OK(JetSetColumn(s, t, cid, &id, sizeof id, 0, NULL));
    uint16_t text[] = {'h', 'e', 'l', 'l', 'o'};
    OK(JetSetColumn(s, t, ctext, text, sizeof text, 0, NULL));
    unsigned char big[17] = {0};
    /* Longer than cbMax: cut to it, with a warning. */
    EXPECT(JetSetColumn(s, t, cbin, big, sizeof big, 0, NULL), JET_wrnColumnMaxTruncated);
    static unsigned char lv[10000];
    for (size_t i = 0; i < sizeof lv; i++)
        lv[i] = (unsigned char)(i * 31);
    OK(JetSetColumn(s, t, clong, lv, 6000, 0, NULL));
    OK(JetSetColumn(s, t, clong, lv + 6000, 4000, JET_bitSetAppendLV, NULL));
    for (int32_t v = 10; v <= 30; v += 10) {
        JET_SETINFO app = {sizeof app, 0, 0};
        OK(JetSetColumn(s, t, cmv, &v, sizeof v, 0, &app));
    }
    /* The copy buffer can be read before the update. */
    int32_t got = 0;
    uint32_t cb = 0;
    OK(JetRetrieveColumn(s, t, cid, &got, sizeof got, &cb, JET_bitRetrieveCopy, NULL));
    CHECK(got == 1 && cb == 4);
    OK(JetUpdate(s, t, NULL, 0, NULL));
    OK(JetCommitTransaction(s, 0));

    /* JetSetColumns: per-entry results. */
    OK(JetBeginTransaction(s));
    OK(JetPrepareUpdate(s, t, JET_prepInsert));
    JET_SETCOLUMN sc[2];
    memset(sc, 0, sizeof sc);
    id = 2;
    sc[0].columnid = cid;
    sc[0].pvData = &id;
    sc[0].cbData = sizeof id;
    sc[1].columnid = 0xFFFF;
    sc[1].pvData = &id;
    sc[1].cbData = sizeof id;
    EXPECT(JetSetColumns(s, t, sc, 2), JET_errColumnNotFound);
    CHECK(sc[0].err == 0 && sc[1].err == JET_errColumnNotFound);
    EXPECT(JetSetColumns(s, t, NULL, 2), JET_errInvalidParameter);
    unsigned char bmk[JET_cbBookmarkMost], bm1[1];
    uint32_t cbBm = 0;
    EXPECT(JetUpdate2(s, t, bm1, sizeof bm1, &cbBm, 0x40000000u), JET_errInvalidGrbit);
    EXPECT(JetUpdate(s, t, bm1, sizeof bm1, &cbBm), JET_wrnBufferTruncated);
    CHECK(cbBm > 1);
    id = 3;
    OK(JetPrepareUpdate(s, t, JET_prepInsert));
    OK(JetSetColumn(s, t, cid, &id, sizeof id, 0, NULL));
    OK(JetUpdate2(s, t, bmk, sizeof bmk, &cbBm, 0));
    OK(JetCommitTransaction(s, 0));

    /* Retrieving record 1. */
    id = 1;
    OK(JetMakeKey(s, t, &id, sizeof id, JET_bitNewKey));
    OK(JetSeek(s, t, JET_bitSeekEQ));
    OK(JetGetBookmark(s, t, bmk, sizeof bmk, &cbBm));
    uint16_t wbuf[8];
    EXPECT(JetRetrieveColumn(s, t, ctext, wbuf, 4, &cb, 0, NULL), JET_wrnBufferTruncated);
    CHECK(cb == sizeof text && wbuf[0] == 'h' && wbuf[1] == 'e');
    EXPECT(JetRetrieveColumn(s, t, ctext, NULL, 0, &cb, 0, NULL), JET_wrnBufferTruncated);
    CHECK(cb == sizeof text);
    EXPECT(JetRetrieveColumn(s, t, ctext, NULL, 8, &cb, 0, NULL), JET_errInvalidParameter);
    OK(JetRetrieveColumn(s, t, ctext, wbuf, sizeof wbuf, &cb, 0, NULL));
    CHECK(cb == sizeof text && memcmp(wbuf, text, sizeof text) == 0);
    static unsigned char lvout[10000];
    OK(JetRetrieveColumn(s, t, clong, lvout, sizeof lvout, &cb, 0, NULL));
    CHECK(cb == sizeof lv && memcmp(lv, lvout, sizeof lv) == 0);
    /* How the long value is kept: its stored size, its long-value id, the record's page. */
    OK(JetRetrieveColumn(s, t, clong, NULL, 0, &cb, JET_bitRetrievePhysicalSize, NULL));
    CHECK(cb == sizeof lv);
    EXPECT(JetRetrieveColumn(s, t, clong, NULL, 0, NULL, JET_bitRetrievePhysicalSize, NULL),
           JET_errInvalidParameter);
    unsigned long long lid = 0;
    EXPECT(JetRetrieveColumn(s, t, clong, &lid, sizeof lid, &cb, JET_bitRetrieveLongId, NULL),
           JET_wrnSeparateLongValue);
    CHECK(cb == 8 && lid != 0);
    EXPECT(JetRetrieveColumn(s, t, ctext, &lid, sizeof lid, &cb, JET_bitRetrieveLongId, NULL),
           JET_wrnColumnNull);
    uint32_t pgno = 0;
    OK(JetRetrieveColumn(s, t, 0, &pgno, sizeof pgno, &cb, JET_bitRetrievePageNumber, NULL));
    CHECK(cb == 4 && pgno > 2);
    JET_RETINFO ri = {sizeof ri + 1, 0, 1, 0};
    EXPECT(JetRetrieveColumn(s, t, cmv, &got, sizeof got, &cb, 0, &ri), JET_errInvalidParameter);
    ri.cbStruct = sizeof ri;
    ri.itagSequence = 3;
    OK(JetRetrieveColumn(s, t, cmv, &got, sizeof got, &cb, 0, &ri));
    CHECK(got == 30);
    EXPECT(JetRetrieveColumn(s, t, 0xFFFF, &got, sizeof got, &cb, 0, NULL), JET_errColumnNotFound);
    EXPECT(JetRetrieveColumn(s, t, cid, &got, sizeof got, &cb, 0x40000000u, NULL),
           JET_errInvalidGrbit);
    int32_t autoval = 0;
    OK(JetRetrieveColumn(s, t, cauto, &autoval, sizeof autoval, &cb, 0, NULL));
    CHECK(autoval >= 1);

    /* JetRetrieveColumns: values, a NULL and a missing column. */
    JET_RETRIEVECOLUMN rc[3];
    int32_t v0 = 0, v1 = 0;
    memset(rc, 0, sizeof rc);
    rc[0].columnid = cid;
    rc[0].pvData = &v0;
    rc[0].cbData = sizeof v0;
    rc[0].itagSequence = 1;
    rc[1].columnid = cmv;
    rc[1].pvData = &v1;
    rc[1].cbData = sizeof v1;
    rc[1].itagSequence = 2;
    rc[2].columnid = 0xFFFF;
    rc[2].itagSequence = 1;
    JET_ERR err = JetRetrieveColumns(s, t, rc, 3);
    CHECK(err == JET_errColumnNotFound || err == JET_errSuccess);
    CHECK(rc[0].err == 0 && v0 == 1 && rc[1].err == 0 && v1 == 20);
    CHECK(rc[2].err == JET_errColumnNotFound);

    /* Column 0 walks the tagged columns by id: the long value, then mv's three values. */
    JET_RETINFO wi = {sizeof wi, 0, 3, 0};
    OK(JetRetrieveColumn(s, t, 0, &got, sizeof got, &cb, 0, &wi));
    CHECK(got == 20 && cb == 4 && wi.columnidNextTagged == cmv);
    wi.itagSequence = 1;
    EXPECT(JetRetrieveColumn(s, t, 0, &got, sizeof got, &cb, 0, &wi), JET_wrnBufferTruncated);
    CHECK(cb == sizeof lv && wi.columnidNextTagged == clong);
    wi.itagSequence = 5;
    EXPECT(JetRetrieveColumn(s, t, 0, &got, sizeof got, &cb, 0, &wi), JET_wrnColumnNull);
    CHECK(cb == 0 && wi.columnidNextTagged == 0);
    JET_RETRIEVECOLUMN wc;
    memset(&wc, 0, sizeof wc);
    OK(JetRetrieveColumns(s, t, &wc, 1));
    CHECK(wc.itagSequence == 4 && wc.err == 0 && wc.columnidNextTagged == 0);

    /* Escrow updates need a transaction and report the value before. */
    int32_t delta = 5, old = -1;
    EXPECT(JetEscrowUpdate(s, t, cesc, &delta, sizeof delta, &old, sizeof old, &cb, 0),
           JET_errNotInTransaction);
    OK(JetBeginTransaction(s));
    OK(JetEscrowUpdate(s, t, cesc, &delta, sizeof delta, &old, sizeof old, &cb, 0));
    CHECK(old == 0 && cb == 4);
    OK(JetEscrowUpdate(s, t, cesc, &delta, sizeof delta, NULL, 0, NULL, 0));
    EXPECT(JetEscrowUpdate(s, t, cesc, &delta, 2, NULL, 0, NULL, 0), JET_errInvalidBufferSize);
    EXPECT(JetEscrowUpdate(s, t, cesc, NULL, 4, NULL, 0, NULL, 0), JET_errInvalidParameter);
    OK(JetCommitTransaction(s, 0));
    OK(JetRetrieveColumn(s, t, cesc, &got, sizeof got, &cb, 0, NULL));
    CHECK(got == 10);

    /* A read-only copy: inside a transaction, read by every retrieve, never written. */
    EXPECT(JetPrepareUpdate(s, t, JET_prepReadOnlyCopy), JET_errNotInTransaction);
    OK(JetBeginTransaction(s));
    OK(JetPrepareUpdate(s, t, JET_prepReadOnlyCopy));
    EXPECT(JetSetColumn(s, t, cesc, &delta, sizeof delta, 0, NULL), JET_errUpdateNotPrepared);
    EXPECT(JetUpdate(s, t, NULL, 0, NULL), JET_errUpdateNotPrepared);
    got = 0;
    OK(JetRetrieveColumn(s, t, cesc, &got, sizeof got, &cb, 0, NULL));
    CHECK(got == 10);
    OK(JetPrepareUpdate(s, t, JET_prepCancel));
    OK(JetCommitTransaction(s, 0));

    /* The record's sizes: the 10000-byte long value lies in the long-value tree. */
    JET_RECSIZE rs;
    memset(&rs, 0, sizeof rs);
    OK(JetGetRecordSize(s, t, &rs, 0));
    CHECK(rs.cLongValues == 1 && rs.cbLongValueData == sizeof lv && rs.cMultiValues == 2);
    JET_RECSIZE2 rs2;
    memset(&rs2, 0, sizeof rs2);
    OK(JetGetRecordSize2(s, t, &rs2, JET_bitRecordSizeLocal));
    CHECK(rs2.cLongValues == 1 && rs2.cbLongValueData == 0 && rs2.cbData == rs.cbData);
    OK(JetGetRecordSize2(s, t, &rs2, JET_bitRecordSizeRunningTotal));
    CHECK(rs2.cLongValues == 2 && rs2.cbData == 2 * rs.cbData);
    EXPECT(JetGetRecordSize(s, t, NULL, 0), JET_errInvalidParameter);

    /* A callback around replaces and deletes: the delete is refused. */
    JET_HANDLE hcb = 0;
    EXPECT(JetRegisterCallback(s, t, JET_cbtypBeforeReplace, NULL, NULL, &hcb),
           JET_errInvalidParameter);
    OK(JetRegisterCallback(s, t, JET_cbtypBeforeReplace | JET_cbtypAfterReplace |
                                     JET_cbtypBeforeDelete,
                           on_change, &callback_calls, &hcb));
    OK(JetBeginTransaction(s));
    OK(JetPrepareUpdate(s, t, JET_prepReplace));
    OK(JetUpdate(s, t, NULL, 0, NULL));
    CHECK(callback_calls == 2);
    EXPECT(JetDelete(s, t), JET_errCallbackFailed);
    CHECK(callback_calls == 3);
    OK(JetCommitTransaction(s, 0));
    OK(JetUnregisterCallback(s, t, JET_cbtypBeforeDelete, hcb));
    EXPECT(JetUnregisterCallback(s, t, JET_cbtypBeforeDelete, hcb), JET_errInvalidParameter);

    /* The autoincrement value is in the copy buffer as soon as an insert is prepared. */
    OK(JetPrepareUpdate(s, t, JET_prepInsert));
    int32_t next = 0;
    OK(JetRetrieveColumn(s, t, cauto, &next, sizeof next, &cb, JET_bitRetrieveCopy, NULL));
    CHECK(next > autoval && cb == 4);
    OK(JetPrepareUpdate(s, t, JET_prepCancel));
    /* Or the caller sets it, and must. */
    OK(JetPrepareUpdate(s, t, JET_prepInsertMustSetAutoIncrement));
    EXPECT(JetUpdate(s, t, NULL, 0, NULL), JET_errAutoIncrementNotSet);
    OK(JetPrepareUpdate(s, t, JET_prepCancel));

    /* JetEnumerateColumns through the caller's allocator. */
    uint32_t ncol = 0;
    JET_ENUMCOLUMN *cols = NULL;
    EXPECT(JetEnumerateColumns(s, t, 0, NULL, &ncol, &cols, NULL, NULL, 1024, 0),
           JET_errInvalidParameter);
    OK(JetEnumerateColumns(s, t, 0, NULL, &ncol, &cols, my_realloc, NULL, 1024, 0));
    CHECK(ncol >= 6 && cols != NULL);
    int seen_mv = 0, seen_long = 0;
    for (uint32_t i = 0; i < ncol; i++) {
        if (cols[i].columnid == cmv) {
            seen_mv = 1;
            CHECK(cols[i].cEnumColumnValue == 3);
            CHECK(*(int32_t *)cols[i].rgEnumColumnValue[2].pvData == 30);
        }
        if (cols[i].columnid == clong) {
            seen_long = 1;
            CHECK(cols[i].rgEnumColumnValue[0].cbData == 1024);
            CHECK(cols[i].rgEnumColumnValue[0].err == JET_wrnColumnTruncated);
        }
    }
    CHECK(seen_mv && seen_long);
    for (uint32_t i = 0; i < ncol; i++) {
        for (uint32_t k = 0; k < cols[i].cEnumColumnValue; k++)
            my_realloc(NULL, cols[i].rgEnumColumnValue[k].pvData, 0);
        my_realloc(NULL, cols[i].rgEnumColumnValue, 0);
    }
    my_realloc(NULL, cols, 0);
    CHECK(live_blocks == 0);
    JET_ENUMCOLUMNID want = {cid, 0, NULL};
    OK(JetEnumerateColumns(s, t, 1, &want, &ncol, &cols, my_realloc, NULL, 1024,
                           JET_bitEnumerateCompressOutput));
    CHECK(ncol == 1 && cols[0].err == JET_wrnColumnSingleValue);
    CHECK(cols[0].cbData == 4 && *(int32_t *)cols[0].pvData == 1);
    my_realloc(NULL, cols[0].pvData, 0);
    my_realloc(NULL, cols, 0);
    CHECK(live_blocks == 0);
    /* Chosen values of a column, and a place skipped with 0. */
    uint32_t tags[3] = {3, 0, 1};
    JET_ENUMCOLUMNID pick = {cmv, 3, tags};
    OK(JetEnumerateColumns(s, t, 1, &pick, &ncol, &cols, my_realloc, NULL, 1024,
                           JET_bitEnumerateCompressOutput));
    CHECK(ncol == 1 && cols[0].err == JET_errSuccess && cols[0].cEnumColumnValue == 3);
    CHECK(cols[0].rgEnumColumnValue[0].itagSequence == 3);
    CHECK(*(int32_t *)cols[0].rgEnumColumnValue[0].pvData == 30);
    CHECK(cols[0].rgEnumColumnValue[1].err == JET_wrnColumnSkipped);
    CHECK(*(int32_t *)cols[0].rgEnumColumnValue[2].pvData == 10);
    for (uint32_t k = 0; k < cols[0].cEnumColumnValue; k++)
        my_realloc(NULL, cols[0].rgEnumColumnValue[k].pvData, 0);
    my_realloc(NULL, cols[0].rgEnumColumnValue, 0);
    my_realloc(NULL, cols, 0);
    CHECK(live_blocks == 0);

    /* A replace, a delete, and reading the deleted record. */
    OK(JetBeginTransaction(s));
    OK(JetPrepareUpdate(s, t, JET_prepReplace));
    OK(JetSetColumn(s, t, ctext, NULL, 0, 0, NULL));
    OK(JetUpdate(s, t, NULL, 0, NULL));
    EXPECT(JetRetrieveColumn(s, t, ctext, wbuf, sizeof wbuf, &cb, 0, NULL), JET_wrnColumnNull);
    OK(JetDelete(s, t));
    EXPECT(JetRetrieveColumn(s, t, cid, &got, sizeof got, &cb, 0, NULL), JET_errRecordDeleted);
    OK(JetRollback(s, 0));
    OK(JetGotoBookmark(s, t, bmk, cbBm));
    OK(JetRetrieveColumn(s, t, ctext, wbuf, sizeof wbuf, &cb, 0, NULL));
    CHECK(cb == sizeof text);

    /* Local storage on the cursor and the table, freed through the runtime callback. */
    JET_LS ls = 0;
    EXPECT(JetSetLS(s, t, 11, JET_bitLSCursor), JET_errLSCallbackNotSpecified);
    OK(JetSetSystemParameter(&inst, JET_sesidNil, JET_paramRuntimeCallback,
                             (JET_API_PTR)free_ls, NULL));
    JET_API_PTR param = 0;
    OK(JetGetSystemParameter(inst, JET_sesidNil, JET_paramRuntimeCallback, &param, NULL, 0));
    CHECK(param == (JET_API_PTR)free_ls);
    EXPECT(JetGetLS(s, t, &ls, JET_bitLSCursor), JET_errLSNotSet);
    CHECK(ls == JET_LSNil);
    EXPECT(JetGetLS(s, t, NULL, 0), JET_errInvalidParameter);
    OK(JetSetLS(s, t, 11, JET_bitLSCursor));
    EXPECT(JetSetLS(s, t, 12, 0), JET_errLSAlreadySet);
    EXPECT(JetSetLS(s, t, 12, JET_bitLSCursor | JET_bitLSTable), JET_errInvalidGrbit);
    OK(JetGetLS(s, t, &ls, 0));
    CHECK(ls == 11);
    OK(JetSetLS(s, t, 21, JET_bitLSTable));
    JET_TABLEID t2;
    OK(JetDupCursor(s, t, &t2, 0));
    OK(JetGetLS(s, t2, &ls, JET_bitLSTable));
    CHECK(ls == 21);
    EXPECT(JetGetLS(s, t2, &ls, JET_bitLSCursor), JET_errLSNotSet);
    OK(JetSetLS(s, t2, 31, 0));
    OK(JetGetLS(s, t2, &ls, JET_bitLSReset));
    CHECK(ls == 31); /* taken back: the caller's, not freed */
    OK(JetCloseTable(s, t2));
    CHECK(frees == 0);

    OK(JetCloseTable(s, t));
    CHECK(frees == 1 && freed_cursor_ls == 11);
    OK(JetEndSession(s, 0));
    OK(JetTerm(inst));
    CHECK(frees == 2 && freed_table_ls == 21);
    printf("columns: ok\n");
    return 0;
}
