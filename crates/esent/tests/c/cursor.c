/*
 * cursor.c: cursors, navigation, bookmarks, keys, seeks, index ranges and temporary tables
 * through the C interface, used correctly and misused (bad and foreign cursors, no key,
 * short buffers, wrong states).
 */
#include "check.h"

static JET_SESID s;
static JET_COLUMNID cid, cname;

static void insert(JET_TABLEID t, int32_t id, const char *name) {
    OK(JetPrepareUpdate(s, t, JET_prepInsert));
    OK(JetSetColumn(s, t, cid, &id, sizeof id, 0, NULL));
    OK(JetSetColumn(s, t, cname, name, (uint32_t)strlen(name), 0, NULL));
    OK(JetUpdate(s, t, NULL, 0, NULL));
}

static int32_t current_id(JET_TABLEID t) {
    int32_t id = -1;
    uint32_t cb = 0;
    OK(JetRetrieveColumn(s, t, cid, &id, sizeof id, &cb, 0, NULL));
    CHECK(cb == 4);
    return id;
}

int main(void) {
    /* Multi-instance mode with a process-wide parameter, once. */
    JET_SETSYSPARAM_A sp = {JET_paramMaxInstances, 16, NULL, -1};
    uint32_t nset = 99;
    OK(JetEnableMultiInstanceA(&sp, 1, &nset));
    CHECK(nset == 1 && sp.err == 0);
    JET_SETSYSPARAM_W spw = {JET_paramMaxInstances, 16, NULL, 0};
    EXPECT(JetEnableMultiInstanceW(&spw, 1, &nset), JET_errSystemParamsAlreadySet);
    CHECK(nset == 0);
    JET_INSTANCE inst = start_instance("cursor");
    JET_SESID other;
    JET_DBID db;
    JET_TABLEID t, t2, tx;
    OK(JetBeginSession(inst, &s, NULL, NULL));
    OK(JetBeginSession(inst, &other, NULL, NULL));
    OK(JetCreateDatabase(s, "./cursor.edb", NULL, &db, 0));
    OK(JetCreateTable(s, db, "t", 0, 0, &t));
    JET_COLUMNDEF d = coldef(JET_coltypLong, JET_bitColumnNotNULL);
    OK(JetAddColumn(s, t, "id", &d, NULL, 0, &cid));
    d = coldef(JET_coltypText, 0);
    d.cp = CP_ASCII;
    OK(JetAddColumn(s, t, "name", &d, NULL, 0, &cname));
    OK(JetCreateIndex(s, t, "primary", JET_bitIndexPrimary, "+id\0", sizeof "+id\0", 100));
    OK(JetCreateIndex(s, t, "by_name", 0, "+name\0", sizeof "+name\0", 100));
    OK(JetCloseTable(s, t));

    EXPECT(JetOpenTable(s, db, "nope", NULL, 0, 0, &t), JET_errObjectNotFound);
    EXPECT(JetOpenTable(s, db, "t", NULL, 0, 0, NULL), JET_errInvalidParameter);
    EXPECT(JetOpenTable(s, db, "t", NULL, 4, 0, &t), JET_errInvalidParameter);
    OK(JetOpenTable(s, db, "t", NULL, 0, 0, &t));

    /* An empty table. */
    EXPECT(JetMove(s, t, JET_MoveFirst, 0), JET_errNoCurrentRecord);
    EXPECT(JetMove(s, t, JET_MoveNext, 0), JET_errNoCurrentRecord);

    /* Ten records, names in reverse order of ids. */
    static const char *const NAMES[] = {"j", "i", "h", "g", "f", "e", "d", "c", "b", "a"};
    OK(JetBeginTransaction(s));
    for (int32_t i = 0; i < 10; i++)
        insert(t, i + 1, NAMES[i]);
    OK(JetCommitTransaction(s, 0));

    /* Navigation. */
    OK(JetMove(s, t, JET_MoveFirst, 0));
    CHECK(current_id(t) == 1);
    OK(JetMove(s, t, 3, 0));
    CHECK(current_id(t) == 4);
    OK(JetMove(s, t, JET_MovePrevious, 0));
    CHECK(current_id(t) == 3);
    OK(JetMove(s, t, JET_MoveLast, 0));
    CHECK(current_id(t) == 10);
    EXPECT(JetMove(s, t, JET_MoveNext, 0), JET_errNoCurrentRecord);
    EXPECT(JetMove(s, t, JET_MoveFirst, 0x1000000), JET_errInvalidGrbit);

    /* Bad, stale and foreign cursors. */
    EXPECT(JetMove(s, (JET_TABLEID)99999, JET_MoveFirst, 0), JET_errInvalidTableId);
    EXPECT(JetMove(other, t, JET_MoveFirst, 0), JET_errSesidTableIdMismatch);
    EXPECT(JetDupCursor(s, t, NULL, 0), JET_errInvalidParameter);
    OK(JetDupCursor(s, t, &t2, 0));
    OK(JetCloseTable(s, t2));
    EXPECT(JetCloseTable(s, t2), JET_errInvalidTableId);
    EXPECT(JetMove(s, t2, JET_MoveFirst, 0), JET_errInvalidTableId);

    /* Bookmarks. */
    OK(JetMove(s, t, JET_MoveFirst, 0));
    OK(JetMove(s, t, 4, 0));
    unsigned char bm[JET_cbBookmarkMost], tiny[1];
    uint32_t cbBm = 0, cb = 0;
    EXPECT(JetGetBookmark(s, t, tiny, sizeof tiny, &cbBm), JET_errBufferTooSmall);
    CHECK(cbBm == 0);
    EXPECT(JetGetBookmark(s, t, NULL, 8, &cbBm), JET_errInvalidParameter);
    OK(JetGetBookmark(s, t, bm, sizeof bm, &cbBm));
    CHECK(cbBm > 1);
    OK(JetMove(s, t, JET_MoveFirst, 0));
    OK(JetGotoBookmark(s, t, bm, cbBm));
    CHECK(current_id(t) == 5);
    EXPECT(JetGotoBookmark(s, t, NULL, 4), JET_errInvalidParameter);
    EXPECT(JetGotoBookmark(s, t, bm, 0), JET_errInvalidBookmark);

    /* Keys and seeks. */
    int32_t id = 7;
    EXPECT(JetSeek(s, t, JET_bitSeekEQ), JET_errKeyNotMade);
    EXPECT(JetMakeKey(s, t, &id, sizeof id, 0), JET_errKeyNotMade);
    EXPECT(JetMakeKey(s, t, NULL, 4, JET_bitNewKey), JET_errInvalidParameter);
    OK(JetMakeKey(s, t, &id, sizeof id, JET_bitNewKey));
    unsigned char key[JET_cbKeyMostMin], made[JET_cbKeyMostMin];
    /* The search key read back; a short buffer truncates it without a warning. */
    OK(JetRetrieveKey(s, t, made, sizeof made, &cb, JET_bitRetrieveCopy));
    uint32_t cbMade = cb;
    CHECK(cbMade > 1);
    OK(JetRetrieveKey(s, t, key, 1, &cb, JET_bitRetrieveCopy));
    CHECK(cb == cbMade && key[0] == made[0]);
    OK(JetSeek(s, t, JET_bitSeekEQ));
    CHECK(current_id(t) == 7);
    OK(JetRetrieveKey(s, t, key, sizeof key, &cb, 0));
    CHECK(cb == cbMade && memcmp(key, made, cb) == 0);
    uint32_t full = cb;
    /* A normalized key given back seeks to its entry. */
    OK(JetMove(s, t, JET_MoveFirst, 0));
    OK(JetMakeKey(s, t, made, cbMade, JET_bitNewKey | JET_bitNormalizedKey));
    OK(JetSeek(s, t, JET_bitSeekEQ));
    CHECK(current_id(t) == 7);
    EXPECT(JetRetrieveKey(s, t, key, 1, &cb, 0), JET_wrnBufferTruncated);
    CHECK(cb == full);
    id = 70;
    OK(JetMakeKey(s, t, &id, sizeof id, JET_bitNewKey));
    EXPECT(JetSeek(s, t, JET_bitSeekGE), JET_errRecordNotFound);
    OK(JetMakeKey(s, t, &id, sizeof id, JET_bitNewKey));
    OK(JetSeek(s, t, JET_bitSeekLT)); /* LT and GT never report SeekNotEqual */
    CHECK(current_id(t) == 10);
    OK(JetMakeKey(s, t, &id, sizeof id, JET_bitNewKey));
    EXPECT(JetSeek(s, t, JET_bitSeekEQ | JET_bitSeekGE), JET_errInvalidGrbit);

    /* Index ranges and counts: ids 1..4 from the start. */
    OK(JetDupCursor(s, t, &t2, 0));
    EXPECT(JetSetIndexRange(s, t2, JET_bitRangeUpperLimit), JET_errKeyNotMade);
    OK(JetCloseTable(s, t2));
    OK(JetMove(s, t, JET_MoveFirst, 0));
    id = 4;
    OK(JetMakeKey(s, t, &id, sizeof id, JET_bitNewKey));
    OK(JetSetIndexRange(s, t, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    uint32_t n = 0;
    OK(JetIndexRecordCount(s, t, &n, 0));
    CHECK(n == 4);
    OK(JetIndexRecordCount(s, t, &n, 2));
    CHECK(n == 2);
    EXPECT(JetIndexRecordCount(s, t, NULL, 0), JET_errInvalidParameter);
    OK(JetMove(s, t, 3, 0));
    EXPECT(JetMove(s, t, JET_MoveNext, 0), JET_errNoCurrentRecord);
    /* Moving off the end of a range removes it, so there is none left to remove. */
    EXPECT(JetSetIndexRange(s, t, JET_bitRangeRemove), JET_errInvalidOperation);
    /* A lower limit ends moves backward: ids 6 down to 3. */
    id = 6;
    OK(JetMakeKey(s, t, &id, sizeof id, JET_bitNewKey));
    OK(JetSeek(s, t, JET_bitSeekEQ));
    id = 3;
    OK(JetMakeKey(s, t, &id, sizeof id, JET_bitNewKey));
    OK(JetSetIndexRange(s, t, JET_bitRangeInclusive));
    n = 1;
    while (JetMove(s, t, JET_MovePrevious, 0) == JET_errSuccess)
        n++;
    CHECK(n == 4);

    /* The secondary index: names ascending means ids descending. */
    EXPECT(JetSetCurrentIndex(s, t, "nope"), JET_errIndexNotFound);
    OK(JetSetCurrentIndex2(s, t, "by_name", JET_bitMoveFirst));
    CHECK(current_id(t) == 10);
    char iname[64];
    EXPECT(JetGetCurrentIndex(s, t, iname, 4), JET_wrnBufferTruncated);
    CHECK(strcmp(iname, "by_") == 0);
    OK(JetGetCurrentIndex(s, t, iname, sizeof iname));
    CHECK(strcmp(iname, "by_name") == 0);
    uint16_t winame[16];
    OK(JetGetCurrentIndexW(s, t, winame, sizeof winame));
    CHECK(winame[0] == 'b' && winame[7] == 0);
    EXPECT(JetGetCurrentIndex(s, t, NULL, 8), JET_errInvalidParameter);
    OK(JetMakeKey(s, t, "c", 1, JET_bitNewKey));
    OK(JetSeek(s, t, JET_bitSeekEQ));
    CHECK(current_id(t) == 8);

    /* The entry's secondary key and primary bookmark, and back to it. */
    unsigned char skey[64], pbm[64];
    uint32_t cbk = 0, cbb = 0, cbk2 = 0, cbb2 = 0;
    OK(JetGetSecondaryIndexBookmark(s, t, skey, sizeof skey, &cbk, pbm, sizeof pbm, &cbb, 0));
    CHECK(cbk > 0 && cbb > 0);
    EXPECT(JetGetSecondaryIndexBookmark(s, t, skey, 1, &cbk2, pbm, sizeof pbm, &cbb2, 0),
           JET_errBufferTooSmall);
    CHECK(cbk2 == cbk && cbb2 == cbb);
    EXPECT(JetGetSecondaryIndexBookmark(s, t, skey, sizeof skey, &cbk, pbm, sizeof pbm, &cbb, 1),
           JET_errInvalidGrbit);
    OK(JetMove(s, t, JET_MoveFirst, 0));
    OK(JetGotoSecondaryIndexBookmark(s, t, skey, cbk, pbm, cbb, 0));
    CHECK(current_id(t) == 8);
    /* Its position: "c" is the third of ten names. */
    JET_RECPOS pos;
    memset(&pos, 0, sizeof pos);
    EXPECT(JetGetRecordPosition(s, t, &pos, sizeof pos - 1), JET_errInvalidParameter);
    OK(JetGetRecordPosition(s, t, &pos, sizeof pos));
    CHECK(pos.cbStruct == sizeof pos && pos.centriesLT == 2 && pos.centriesTotal == 10);
    OK(JetMove(s, t, JET_MoveLast, 0));
    OK(JetGotoPosition(s, t, &pos));
    CHECK(current_id(t) == 8);
    /* Hints, statistics, keys to read ahead. */
    OK(JetSetTableSequential(s, t, JET_bitPrereadForward));
    OK(JetResetTableSequential(s, t, 0));
    OK(JetComputeStats(s, t));
    const void *keys[2] = {skey, skey};
    uint32_t cbkeys[2] = {cbk, cbk};
    int32_t npre = -1;
    OK(JetPrereadKeys(s, t, keys, cbkeys, 2, &npre, JET_bitPrereadForward));
    CHECK(npre == 2); /* every key dealt with: pages are read when a seek needs them */
    /* Index ranges of by_name ("a" to "b", "d" to "f"), checked as ESE checks them. */
    JET_INDEX_COLUMN ca = {cname, JET_relopEquals, (void *)"a", 1, 0};
    JET_INDEX_COLUMN cb2 = {cname, JET_relopEquals, (void *)"b", 1, 0};
    JET_INDEX_COLUMN cd = {cname, JET_relopEquals, (void *)"d", 1, 0};
    JET_INDEX_COLUMN cf = {cname, JET_relopPrefixEquals, (void *)"f", 1, 0};
    JET_INDEX_RANGE rr[2] = {{&ca, 1, &cb2, 1}, {&cd, 1, &cf, 1}};
    uint32_t nr = 99;
    OK(JetPrereadIndexRanges(s, t, rr, 2, &nr, NULL, 0, JET_bitPrereadForward));
    CHECK(nr == 2);
    JET_INDEX_RANGE swapped[2] = {rr[1], rr[0]};
    EXPECT(JetPrereadIndexRanges(s, t, swapped, 2, &nr, NULL, 0, JET_bitPrereadForward),
           JET_errInvalidParameter);
    CHECK(nr == 0);
    OK(JetPrereadIndexRanges(s, t, swapped, 2, NULL, NULL, 0, JET_bitPrereadForward));
    EXPECT(JetPrereadIndexRanges(s, t, rr, 2, &nr, NULL, 0, 0), JET_errInvalidGrbit);
    EXPECT(JetPrereadIndexRanges(s, t, rr, 0, &nr, NULL, 0, JET_bitPrereadForward),
           JET_errInvalidParameter);
    JET_COLUMNID lvcols[1] = {cname};
    EXPECT(JetPrereadIndexRanges(s, t, rr, 2, &nr, lvcols, 1, JET_bitPrereadForward),
           JET_errInvalidPreread);
    EXPECT(JetPrereadKeys(s, t, keys, cbkeys, 2, &npre, 0), JET_errInvalidGrbit);
    EXPECT(JetPrereadKeys(s, t, keys, cbkeys, 0, &npre, JET_bitPrereadForward),
           JET_errInvalidParameter);
    /* The bookmarks of an index range ("c" to "e": three), through JetIntersectIndexes. */
    OK(JetMakeKey(s, t, "e", 1, JET_bitNewKey));
    OK(JetSetIndexRange(s, t, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    JET_INDEXRANGE ir = {sizeof ir, t, JET_bitRecordInIndex};
    JET_RECORDLIST rl;
    memset(&rl, 0, sizeof rl);
    EXPECT(JetIntersectIndexes(s, &ir, 1, &rl, 0), JET_errInvalidParameter);
    rl.cbStruct = sizeof rl;
    OK(JetIntersectIndexes(s, &ir, 1, &rl, 0));
    CHECK(rl.cRecord == 3 && rl.tableid != JET_tableidNil);
    OK(JetMove(s, rl.tableid, JET_MoveFirst, 0));
    unsigned char rbm[64];
    uint32_t crbm = 0;
    OK(JetRetrieveColumn(s, rl.tableid, rl.columnidBookmark, rbm, sizeof rbm, &crbm, 0, NULL));
    CHECK(crbm == cbb);
    OK(JetCloseTable(s, rl.tableid));
    JET_INDEXID hint;
    memset(&hint, 0, sizeof hint);
    EXPECT(JetSetCurrentIndex4(s, t, "primary", &hint, JET_bitMoveFirst, 1), JET_errInvalidIndexId);
    hint.cbStruct = sizeof hint;
    EXPECT(JetSetCurrentIndex4(s, t, "primary", &hint, JET_bitMoveFirst, 1), JET_errInvalidIndexId);
    OK(JetGetTableIndexInfo(s, t, "primary", &hint, sizeof hint, JET_IdxInfoIndexId));
    OK(JetSetCurrentIndex4(s, t, NULL, &hint, JET_bitMoveFirst, 1));
    CHECK(current_id(t) == 1);
    OK(JetSetCurrentIndex3(s, t, NULL, JET_bitMoveFirst, 1));

    /* A cursor filter: ids above 7, moves and seeks pass over the others. */
    int32_t seven = 7;
    JET_INDEX_COLUMN above = {cid, JET_relopGreaterThan, &seven, sizeof seven, 0};
    OK(JetSetCursorFilter(s, t, &above, 1, 0));
    OK(JetMove(s, t, JET_MoveFirst, 0));
    CHECK(current_id(t) == 8);
    int seen = 1;
    while (JetMove(s, t, JET_MoveNext, 0) == JET_errSuccess)
        seen++;
    CHECK(seen == 3);
    EXPECT(JetMove(s, t, 0, 0), JET_errFilteredMoveNotSupported);
    int32_t two = 2;
    OK(JetMakeKey(s, t, &two, sizeof two, JET_bitNewKey));
    EXPECT(JetSeek(s, t, JET_bitSeekGE), JET_wrnSeekNotEqual);
    CHECK(current_id(t) == 8);
    JET_INDEX_COLUMN bad = {cid, JET_relopEquals, NULL, sizeof seven, 0};
    EXPECT(JetSetCursorFilter(s, t, &bad, 1, 0), JET_errInvalidParameter);
    EXPECT(JetSetCursorFilter(s, t, &above, 1, 1), JET_errInvalidGrbit);
    JET_INDEX_COLUMN on_name = {cname, JET_relopEquals, (void *)"a", 1, 0};
    EXPECT(JetSetCursorFilter(s, t, &on_name, 1, 0), JET_errFilteredMoveNotSupported);
    OK(JetSetCursorFilter(s, t, NULL, 0, 0));
    OK(JetMove(s, t, JET_MoveFirst, 0));
    CHECK(current_id(t) == 1);

    /* Locks need a transaction; another session's shows in JetGetCursorInfo. */
    EXPECT(JetGetLock(s, t, JET_bitReadLock), JET_errNotInTransaction);
    OK(JetGetCursorInfo(s, t, NULL, 0, 0));
    EXPECT(JetGetCursorInfo(s, t, NULL, 0, 1), JET_errInvalidParameter);
    OK(JetBeginTransaction(s));
    OK(JetGetLock(s, t, JET_bitWriteLock));
    OK(JetGetCursorInfo(s, t, NULL, 0, 0));
    {
        JET_DBID odb;
        JET_TABLEID ot;
        OK(JetOpenDatabase(other, "./cursor.edb", NULL, &odb, 0));
        OK(JetOpenTable(other, odb, "t", NULL, 0, 0, &ot));
        int32_t one = current_id(t);
        OK(JetMakeKey(other, ot, &one, sizeof one, JET_bitNewKey));
        OK(JetSeek(other, ot, JET_bitSeekEQ));
        EXPECT(JetGetCursorInfo(other, ot, NULL, 0, 0), JET_errWriteConflict);
        OK(JetCommitTransaction(s, 0));
        OK(JetGetCursorInfo(other, ot, NULL, 0, 0));
        OK(JetCloseTable(other, ot));
        OK(JetCloseDatabase(other, odb, 0));
    }

    /* A temporary table keyed on its first column. */
    JET_COLUMNDEF td[2];
    JET_COLUMNID tcol[2];
    td[0] = coldef(JET_coltypLong, JET_bitColumnTTKey);
    td[1] = coldef(JET_coltypLong, 0);
    EXPECT(JetOpenTempTable(s, td, 2, 0, &tx, NULL), JET_errInvalidParameter);
    EXPECT(JetOpenTempTable(s, td, 0, 0, &tx, tcol), JET_errInvalidParameter);
    OK(JetOpenTempTable(s, td, 2, JET_bitTTIndexed | JET_bitTTScrollable, &tx, tcol));
    for (int32_t i = 5; i > 0; i--) {
        int32_t sq = i * i;
        OK(JetPrepareUpdate(s, tx, JET_prepInsert));
        OK(JetSetColumn(s, tx, tcol[0], &i, sizeof i, 0, NULL));
        OK(JetSetColumn(s, tx, tcol[1], &sq, sizeof sq, 0, NULL));
        OK(JetUpdate(s, tx, NULL, 0, NULL));
    }
    id = 3;
    OK(JetMakeKey(s, tx, &id, sizeof id, JET_bitNewKey));
    OK(JetSeek(s, tx, JET_bitSeekEQ));
    int32_t sq = 0;
    OK(JetRetrieveColumn(s, tx, tcol[1], &sq, sizeof sq, &cb, 0, NULL));
    CHECK(sq == 9);
    OK(JetMove(s, tx, JET_MoveFirst, 0));
    OK(JetRetrieveColumn(s, tx, tcol[0], &id, sizeof id, &cb, 0, NULL));
    CHECK(id == 1);
    OK(JetCloseTable(s, tx));
    OK(JetOpenTempTable2(s, td, 2, 1033, JET_bitTTIndexed, &tx, tcol));
    OK(JetCloseTable(s, tx));
    JET_UNICODEINDEX ui = {1033, 0};
    OK(JetOpenTempTable3(s, td, 2, &ui, JET_bitTTIndexed, &tx, tcol));
    OK(JetCloseTable(s, tx));
    JET_OPENTEMPORARYTABLE2 ot2;
    memset(&ot2, 0, sizeof ot2);
    ot2.cbStruct = sizeof ot2;
    ot2.prgcolumndef = td;
    ot2.ccolumn = 2;
    ot2.prgcolumnid = tcol;
    ot2.grbit = JET_bitTTIndexed;
    OK(JetOpenTemporaryTable2(s, &ot2));
    OK(JetCloseTable(s, ot2.tableid));
    JET_OPENTEMPORARYTABLE ot;
    memset(&ot, 0, sizeof ot);
    ot.cbStruct = sizeof ot - 1;
    ot.prgcolumndef = td;
    ot.ccolumn = 2;
    ot.prgcolumnid = tcol;
    ot.grbit = JET_bitTTIndexed;
    EXPECT(JetOpenTemporaryTable(s, &ot), JET_errInvalidParameter);
    ot.cbStruct = sizeof ot;
    OK(JetOpenTemporaryTable(s, &ot));
    CHECK(ot.tableid != 0);
    OK(JetCloseTable(s, ot.tableid));

    OK(JetCloseTable(s, t));
    OK(JetEndSession(other, 0));
    OK(JetEndSession(s, 0));
    OK(JetTerm(inst));
    printf("cursor: ok\n");
    return 0;
}
