/*
 * ddl.c: tables, columns and indexes and the catalog queries through the C interface, used
 * correctly and misused (wrong cbStruct, duplicates, unknown names and types, short
 * buffers, information levels the engine does not answer).
 */
#include "check.h"

int main(void) {
    JET_INSTANCE inst = start_instance("ddl");
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;
    OK(JetBeginSession(inst, &s, NULL, NULL));
    OK(JetCreateDatabase(s, "./ddl.edb", NULL, &db, 0));

    /* JetCreateTable. */
    EXPECT(JetCreateTable(s, db, NULL, 0, 0, &t), JET_errInvalidParameter);
    EXPECT(JetCreateTable(s, db, "t", 0, 0, NULL), JET_errInvalidParameter);
    EXPECT(JetCreateTable(s, db, "t", 0, 5, &t), JET_errDensityInvalid);
    OK(JetCreateTable(s, db, "t", 0, 0, &t));

    /* JetAddColumn. */
    JET_COLUMNDEF d = coldef(JET_coltypLong, 0);
    JET_COLUMNID a, b, c;
    d.cbStruct = 4;
    EXPECT(JetAddColumn(s, t, "a", &d, NULL, 0, &a), JET_errInvalidParameter);
    d.cbStruct = sizeof d;
    EXPECT(JetAddColumn(s, t, "a", NULL, NULL, 0, &a), JET_errInvalidParameter);
    OK(JetAddColumn(s, t, "a", &d, NULL, 0, &a));
    EXPECT(JetAddColumn(s, t, "a", &d, NULL, 0, &b), JET_errColumnDuplicate);
    d.coltyp = 99;
    EXPECT(JetAddColumn(s, t, "bad", &d, NULL, 0, &b), JET_errInvalidColumnType);
    d = coldef(JET_coltypText, 0);
    uint16_t wb[] = {'b', 0};
    OK(JetAddColumnW(s, t, wb, &d, NULL, 0, &b));
    d = coldef(JET_coltypLongBinary, 0);
    OK(JetAddColumn(s, t, "c", &d, NULL, 0, NULL));
    OK(JetAddColumn(s, t, "gone", &d, NULL, 0, &c));

    /* Column information. */
    JET_COLUMNDEF info;
    OK(JetGetTableColumnInfo(s, t, "b", &info, sizeof info, JET_ColInfo));
    CHECK(info.columnid == b && info.coltyp == JET_coltypText && info.cbStruct == sizeof info);
    EXPECT(JetGetTableColumnInfo(s, t, "b", &info, sizeof info - 1, JET_ColInfo),
           JET_errBufferTooSmall);
    EXPECT(JetGetTableColumnInfo(s, t, "zz", &info, sizeof info, JET_ColInfo),
           JET_errColumnNotFound);
    OK(JetGetTableColumnInfo(s, t, (const char *)&a, &info, sizeof info, JET_ColInfoByColid));
    CHECK(info.coltyp == JET_coltypLong);
    /* The column list: a temporary table sorted by name, one row per column. */
    JET_COLUMNLIST list;
    EXPECT(JetGetTableColumnInfo(s, t, NULL, &list, sizeof list - 1, JET_ColInfoList),
           JET_errBufferTooSmall);
    OK(JetGetTableColumnInfo(s, t, NULL, &list, sizeof list, JET_ColInfoList));
    CHECK(list.cbStruct == sizeof list && list.cRecord == 4);
    static const char *const SORTED[] = {"a", "b", "c", "gone"};
    for (int i = 0; i < 4; i++) {
        char cname[64];
        uint32_t cb = 0;
        JET_COLUMNID id = 0;
        JET_COLTYP typ = 0;
        if (i > 0)
            OK(JetMove(s, list.tableid, JET_MoveNext, 0));
        OK(JetRetrieveColumn(s, list.tableid, list.columnidcolumnname, cname, sizeof cname, &cb, 0,
                             NULL));
        CHECK(cb == strlen(SORTED[i]) && memcmp(cname, SORTED[i], cb) == 0);
        OK(JetRetrieveColumn(s, list.tableid, list.columnidcolumnid, &id, sizeof id, &cb, 0, NULL));
        OK(JetRetrieveColumn(s, list.tableid, list.columnidcoltyp, &typ, sizeof typ, &cb, 0, NULL));
        CHECK(i != 0 || (id == a && typ == JET_coltypLong));
        CHECK(i != 1 || (id == b && typ == JET_coltypText));
    }
    EXPECT(JetMove(s, list.tableid, JET_MoveNext, 0), JET_errNoCurrentRecord);
    OK(JetCloseTable(s, list.tableid));
    /* JET_COLUMNBASE: the definition with the table's and the column's names. */
    JET_COLUMNBASE base;
    OK(JetGetTableColumnInfo(s, t, "a", &base, sizeof base, JET_ColInfoBase));
    CHECK(base.cbStruct == sizeof base && base.columnid == a && base.coltyp == JET_coltypLong);
    CHECK(strcmp(base.szBaseTableName, "t") == 0 && strcmp(base.szBaseColumnName, "a") == 0);
    EXPECT(JetGetTableColumnInfo(s, t, "a", &base, sizeof base - 1, JET_ColInfoBase),
           JET_errBufferTooSmall);
    JET_COLUMNBASE_W wbase;
    OK(JetGetTableColumnInfoW(s, t, (const WCHAR *)&b, &wbase, sizeof wbase,
                              JET_ColInfoBaseByColid));
    CHECK(wbase.columnid == b && wbase.szBaseColumnName[0] == 'b' &&
          wbase.szBaseColumnName[1] == 0);
    EXPECT(JetGetTableColumnInfo(s, t, "a", &info, sizeof info, 77), JET_errInvalidParameter);

    uint32_t cb = 0;

    /* JetDeleteColumn. */
    OK(JetDeleteColumn(s, t, "gone"));
    EXPECT(JetDeleteColumn(s, t, "gone"), JET_errColumnNotFound);
    EXPECT(JetDeleteColumn2(s, t, NULL, 0), JET_errInvalidParameter);

    /* JetRenameColumn: the column keeps its id. */
    OK(JetRenameColumn(s, t, "c", "c2", 0));
    JET_COLUMNDEF rd;
    OK(JetGetTableColumnInfo(s, t, "c2", &rd, sizeof rd, JET_ColInfo));
    EXPECT(JetGetTableColumnInfo(s, t, "c", &rd, sizeof rd, JET_ColInfo), JET_errColumnNotFound);
    EXPECT(JetRenameColumn(s, t, "c2", "a", 0), JET_errColumnDuplicate);
    EXPECT(JetRenameColumn(s, t, "nope", "x", 0), JET_errColumnNotFound);
    EXPECT(JetRenameColumn(s, t, NULL, "x", 0), JET_errInvalidParameter);
    OK(JetBeginTransaction(s));
    EXPECT(JetRenameColumn(s, t, "c2", "c", 0), JET_errInTransaction);
    OK(JetRollback(s, 0));
    OK(JetRenameColumn(s, t, "c2", "c", 0));

    /* JetCreateIndex and its array forms. */
    EXPECT(JetCreateIndex(s, t, "i", 0, "+zz\0", sizeof "+zz\0", 0), JET_errColumnNotFound);
    EXPECT(JetCreateIndex(s, t, "i", 0, NULL, 4, 0), JET_errInvalidParameter);
    OK(JetCreateIndex(s, t, "primary", JET_bitIndexPrimary, "+a\0", sizeof "+a\0", 100));
    EXPECT(JetCreateIndex(s, t, "primary", 0, "+b\0", sizeof "+b\0", 100), JET_errIndexDuplicate);
    EXPECT(JetCreateIndex(s, t, "p2", JET_bitIndexPrimary, "+b\0", sizeof "+b\0", 100),
           JET_errIndexHasPrimary);
    JET_INDEXCREATE ic[2];
    memset(ic, 0, sizeof ic);
    ic[0].cbStruct = sizeof ic[0];
    ic[0].szIndexName = "by_b";
    ic[0].szKey = "-b\0";
    ic[0].cbKey = sizeof "-b\0";
    ic[1] = ic[0];
    ic[1].szIndexName = "by_b_a";
    ic[1].szKey = "+b\0+a\0";
    ic[1].cbKey = sizeof "+b\0+a\0";
    ic[1].cbStruct = 3;
    EXPECT(JetCreateIndex2(s, t, ic, 2), JET_errInvalidParameter);
    ic[1].cbStruct = sizeof ic[1];
    OK(JetCreateIndex2(s, t, ic, 2));
    CHECK(ic[0].err == 0 && ic[1].err == 0);
    EXPECT(JetCreateIndex2(s, t, ic, 0), JET_errInvalidParameter);
    JET_INDEXCREATE2 ic2;
    memset(&ic2, 0, sizeof ic2);
    ic2.cbStruct = sizeof ic2;
    ic2.szIndexName = "by_a_desc";
    ic2.szKey = "-a\0";
    ic2.cbKey = sizeof "-a\0";
    OK(JetCreateIndex3(s, t, &ic2, 1));
    JET_INDEXCREATE3_W ic3;
    uint16_t wname[] = {'w', 'i', 0}, wkey[] = {'+', 'b', 0, 0};
    memset(&ic3, 0, sizeof ic3);
    ic3.cbStruct = sizeof ic3;
    ic3.szIndexName = wname;
    ic3.szKey = wkey;
    ic3.cbKey = sizeof wkey;
    OK(JetCreateIndex4W(s, t, &ic3, 1));

    /* Index and table information. */
    uint32_t count = 0;
    OK(JetGetTableIndexInfo(s, t, NULL, &count, sizeof count, JET_IdxInfoCount));
    CHECK(count == 5);
    /* The index list: one row per key column, sorted by index name and key position. */
    JET_INDEXLIST il;
    OK(JetGetTableIndexInfo(s, t, NULL, &il, sizeof il, JET_IdxInfoList));
    CHECK(il.cRecord == 6);
    char iname[64];
    JET_GRBIT gcol = 0;
    OK(JetRetrieveColumn(s, il.tableid, il.columnidindexname, iname, sizeof iname, &cb, 0, NULL));
    CHECK(cb == 9 && memcmp(iname, "by_a_desc", 9) == 0);
    OK(JetRetrieveColumn(s, il.tableid, il.columnidgrbitColumn, &gcol, sizeof gcol, &cb, 0, NULL));
    CHECK(gcol == JET_bitKeyDescending);
    OK(JetCloseTable(s, il.tableid));
    OK(JetGetTableIndexInfo(s, t, "by_b_a", &il, sizeof il, JET_IdxInfo));
    CHECK(il.cRecord == 2);
    OK(JetMove(s, il.tableid, JET_MoveLast, 0));
    JET_COLUMNID keycol = 0;
    OK(JetRetrieveColumn(s, il.tableid, il.columnidcolumnid, &keycol, sizeof keycol, &cb, 0, NULL));
    CHECK(keycol == a);
    OK(JetCloseTable(s, il.tableid));
    EXPECT(JetGetTableIndexInfo(s, t, NULL, &il, sizeof il - 1, JET_IdxInfoList),
           JET_errBufferTooSmall);
    EXPECT(JetGetTableIndexInfo(s, t, "nope", &count, sizeof count, JET_IdxInfoCount),
           JET_errIndexNotFound);
    char tname[64];
    OK(JetGetTableInfo(s, t, tname, sizeof tname, JET_TblInfoName));
    CHECK(strcmp(tname, "t") == 0);
    JET_DBID tdb = 0;
    OK(JetGetTableInfo(s, t, &tdb, sizeof tdb, JET_TblInfoDbid));
    CHECK(tdb == db);
    JET_OBJECTINFO oi;
    OK(JetGetTableInfo(s, t, &oi, sizeof oi, JET_TblInfo));
    CHECK(oi.objtyp == JET_objtypTable && oi.cRecord == 0);
    uint32_t owned = 0;
    OK(JetGetTableInfo(s, t, &owned, sizeof owned, JET_TblInfoSpaceOwned));
    CHECK(owned >= 1);
    EXPECT(JetGetTableInfo(s, t, &oi, sizeof oi, JET_TblInfoOLC), JET_errFeatureNotAvailable);
    OK(JetDeleteIndex(s, t, "by_b_a"));
    EXPECT(JetDeleteIndex(s, t, "by_b_a"), JET_errIndexNotFound);
    OK(JetCloseTable(s, t));
    OK(JetGetColumnInfo(s, db, "t", "a", &info, sizeof info, JET_ColInfo));
    CHECK(info.columnid == a);
    OK(JetGetColumnInfo(s, db, "t", (const char *)&b, &info, sizeof info, JET_ColInfoByColid));
    CHECK(info.coltyp == JET_coltypText);
    OK(JetGetIndexInfo(s, db, "t", NULL, &count, sizeof count, JET_IdxInfoCount));
    CHECK(count == 4);
    OK(JetGetObjectInfo(s, db, JET_objtypTable, NULL, "t", &oi, sizeof oi, JET_ObjInfo));
    CHECK(oi.objtyp == JET_objtypTable);
    EXPECT(JetGetObjectInfo(s, db, JET_objtypTable, NULL, "nope", &oi, sizeof oi, JET_ObjInfo),
           JET_errObjectNotFound);
    /* The table list: one row per table, sorted by name. */
    JET_OBJECTLIST ol;
    EXPECT(JetGetObjectInfo(s, db, JET_objtypTable, NULL, NULL, &ol, sizeof ol - 1,
                            JET_ObjInfoListNoStats),
           JET_errBufferTooSmall);
    OK(JetGetObjectInfo(s, db, JET_objtypTable, NULL, NULL, &ol, sizeof ol, JET_ObjInfoList));
    CHECK(ol.cbStruct == sizeof ol && ol.cRecord == 1);
    OK(JetRetrieveColumn(s, ol.tableid, ol.columnidobjectname, tname, sizeof tname, &cb, 0, NULL));
    CHECK(cb == 1 && tname[0] == 't');
    uint32_t records = 99;
    OK(JetRetrieveColumn(s, ol.tableid, ol.columnidcRecord, &records, sizeof records, &cb, 0,
                         NULL));
    CHECK(records == 0);
    OK(JetCloseTable(s, ol.tableid));

    /* JetCreateTableColumnIndex: a bad column fails the call and is marked. */
    JET_COLUMNCREATE cc[2];
    JET_TABLECREATE tc;
    memset(cc, 0, sizeof cc);
    memset(&tc, 0, sizeof tc);
    cc[0].cbStruct = sizeof cc[0];
    cc[0].szColumnName = "k";
    cc[0].coltyp = JET_coltypLong;
    cc[1] = cc[0];
    cc[1].szColumnName = "v";
    cc[1].coltyp = 99;
    tc.cbStruct = sizeof tc;
    tc.szTableName = "u";
    tc.rgcolumncreate = cc;
    tc.cColumns = 2;
    tc.tableid = 4242;
    EXPECT(JetCreateTableColumnIndex(s, db, &tc), JET_errInvalidColumnType);
    CHECK(cc[1].err == JET_errInvalidColumnType && tc.tableid == 4242);
    tc.cbStruct = sizeof tc + 8;
    EXPECT(JetCreateTableColumnIndex(s, db, &tc), JET_errInvalidParameter);
    EXPECT(JetCreateTableColumnIndex(s, db, NULL), JET_errInvalidParameter);
    tc.cbStruct = sizeof tc;
    cc[1].coltyp = JET_coltypBinary;
    tc.cColumns = 3;
    tc.rgcolumncreate = NULL;
    EXPECT(JetCreateTableColumnIndex(s, db, &tc), JET_errInvalidParameter);
    tc.rgcolumncreate = cc;
    tc.cColumns = 2;
    OK(JetCreateTableColumnIndex(s, db, &tc));
    CHECK(tc.cCreated == 3 && tc.tableid != 4242 && cc[0].err == 0 && cc[1].err == 0);
    OK(JetCloseTable(s, tc.tableid));

    /* JET_TABLECREATE2 and 3 (A): a callback is refused, space hints are accepted. */
    JET_COLUMNCREATE c2 = cc[0];
    JET_TABLECREATE2 t2;
    memset(&t2, 0, sizeof t2);
    t2.cbStruct = sizeof t2;
    t2.szTableName = "t2";
    t2.rgcolumncreate = &c2;
    t2.cColumns = 1;
    t2.szCallback = "cb";
    EXPECT(JetCreateTableColumnIndex2(s, db, &t2), JET_errFeatureNotAvailable);
    t2.szCallback = NULL;
    t2.cbStruct = sizeof(JET_TABLECREATE);
    EXPECT(JetCreateTableColumnIndex2(s, db, &t2), JET_errInvalidParameter);
    t2.cbStruct = sizeof t2;
    OK(JetCreateTableColumnIndex2(s, db, &t2));
    OK(JetCloseTable(s, t2.tableid));
    JET_SPACEHINTS hints;
    memset(&hints, 0, sizeof hints);
    hints.cbStruct = sizeof hints;
    JET_INDEXCREATE2 i3;
    memset(&i3, 0, sizeof i3);
    i3.cbStruct = sizeof i3;
    i3.szIndexName = "pk";
    i3.szKey = "+k\0";
    i3.cbKey = sizeof "+k\0";
    i3.grbit = JET_bitIndexPrimary;
    i3.pSpacehints = &hints;
    JET_TABLECREATE3 t3;
    memset(&t3, 0, sizeof t3);
    t3.cbStruct = sizeof t3;
    t3.szTableName = "t3";
    t3.rgcolumncreate = &c2;
    t3.cColumns = 1;
    t3.rgindexcreate = &i3;
    t3.cIndexes = 1;
    t3.pSeqSpacehints = &hints;
    OK(JetCreateTableColumnIndex3(s, db, &t3));
    CHECK(t3.cCreated == 3 && i3.err == 0);
    JET_INDEXCREATE3 i4;
    memset(&i4, 0, sizeof i4);
    i4.cbStruct = sizeof i4;
    i4.szIndexName = "by_k";
    i4.szKey = "-k\0";
    i4.cbKey = sizeof "-k\0";
    OK(JetCreateIndex4(s, t3.tableid, &i4, 1));
    OK(JetCloseTable(s, t3.tableid));
    /* JetRenameTable. */
    OK(JetRenameTable(s, db, "t3", "t3b"));
    EXPECT(JetRenameTable(s, db, "t3", "t3c"), JET_errObjectNotFound);
    EXPECT(JetRenameTable(s, db, "t3b", "t2"), JET_errTableDuplicate);
    OK(JetDeleteTable(s, db, "t2"));
    OK(JetDeleteTable(s, db, "t3b"));

    /* JET_TABLECREATE4 (W) with JET_INDEXCREATE3 entries; a callback is refused. */
    JET_COLUMNCREATE_W wc;
    JET_INDEXCREATE3_W wi;
    JET_TABLECREATE4_W t4;
    uint16_t wtab[] = {'v', 0}, wcol[] = {'x', 0}, wik[] = {'+', 'x', 0, 0}, winame[] = {'p', 0};
    memset(&wc, 0, sizeof wc);
    memset(&wi, 0, sizeof wi);
    memset(&t4, 0, sizeof t4);
    wc.cbStruct = sizeof wc;
    wc.szColumnName = wcol;
    wc.coltyp = JET_coltypLongLong;
    wi.cbStruct = sizeof wi;
    wi.szIndexName = winame;
    wi.szKey = wik;
    wi.cbKey = sizeof wik;
    wi.grbit = JET_bitIndexPrimary;
    t4.cbStruct = sizeof t4;
    t4.szTableName = wtab;
    t4.rgcolumncreate = &wc;
    t4.cColumns = 1;
    t4.rgindexcreate = &wi;
    t4.cIndexes = 1;
    uint16_t wcb[] = {'f', 0};
    t4.szCallback = wcb;
    EXPECT(JetCreateTableColumnIndex4W(s, db, &t4), JET_errFeatureNotAvailable);
    t4.szCallback = NULL;
    OK(JetCreateTableColumnIndex4W(s, db, &t4));
    CHECK(t4.cCreated == 3 && wi.err == 0);

    /* A names are UTF-8 and W names UTF-16: both spell the same table. */
    JET_TABLEID tu;
    OK(JetCreateTable(s, db, "caf\xc3\xa9", 0, 0, &tu));
    OK(JetCloseTable(s, tu));
    uint16_t wcafe[] = {'c', 'a', 'f', 0xe9, 0};
    OK(JetOpenTableW(s, db, wcafe, NULL, 0, 0, &tu));
    uint16_t wtname[16];
    OK(JetGetTableInfoW(s, tu, wtname, sizeof wtname, JET_TblInfoName));
    CHECK(memcmp(wtname, wcafe, sizeof wcafe) == 0);
    OK(JetCloseTable(s, tu));
    EXPECT(JetCreateTable(s, db, "bad\xff", 0, 0, &tu), JET_errInvalidParameter);
    uint16_t wbad[] = {'x', 0xd800, 0};
    EXPECT(JetCreateTableW(s, db, wbad, 0, 0, &tu), JET_errInvalidParameter);
    OK(JetDeleteTable(s, db, "caf\xc3\xa9"));

    /* JetDeleteTable. */
    EXPECT(JetDeleteTable(s, db, "nope"), JET_errObjectNotFound);
    OK(JetCloseTable(s, t4.tableid));
    uint16_t wv[] = {'v', 0};
    OK(JetDeleteTableW(s, db, wv));
    OK(JetDeleteTable(s, db, "u"));
    EXPECT(JetOpenTable(s, db, "u", NULL, 0, 0, &t), JET_errObjectNotFound);

    /* Statistics and defaults: 50 records, whose index by_g has 5 keys. */
    JET_TABLEID st;
    JET_COLUMNID sid, sg, sdf;
    OK(JetCreateTable(s, db, "stats", 0, 0, &st));
    d = coldef(JET_coltypLong, 0);
    OK(JetAddColumn(s, st, "id", &d, NULL, 0, &sid));
    OK(JetAddColumn(s, st, "g", &d, NULL, 0, &sg));
    int32_t dflt = 42, got = 0;
    OK(JetAddColumn(s, st, "dflt", &d, &dflt, sizeof dflt, &sdf));
    OK(JetCreateIndex(s, st, "primary", JET_bitIndexPrimary, "+id\0", sizeof "+id\0", 100));
    OK(JetCreateIndex(s, st, "by_g", 0, "+g\0", sizeof "+g\0", 100));
    OK(JetBeginTransaction(s));
    for (int32_t i = 0; i < 50; i++) {
        int32_t g = i % 5;
        OK(JetPrepareUpdate(s, st, JET_prepInsert));
        OK(JetSetColumn(s, st, sid, &i, sizeof i, 0, NULL));
        OK(JetSetColumn(s, st, sg, &g, sizeof g, 0, NULL));
        OK(JetUpdate(s, st, NULL, 0, NULL));
    }
    OK(JetCommitTransaction(s, 0));
    uint32_t ckey = 0, centry = 0, cpage = 0;
    OK(JetGetTableIndexInfo(s, st, "by_g", &il, sizeof il, JET_IdxInfo));
    OK(JetRetrieveColumn(s, il.tableid, il.columnidcKey, &ckey, sizeof ckey, &cb, 0, NULL));
    OK(JetRetrieveColumn(s, il.tableid, il.columnidcEntry, &centry, sizeof centry, &cb, 0, NULL));
    OK(JetRetrieveColumn(s, il.tableid, il.columnidcPage, &cpage, sizeof cpage, &cb, 0, NULL));
    CHECK(ckey == 5 && centry == 50 && cpage == 1);
    OK(JetCloseTable(s, il.tableid));
    OK(JetGetIndexInfo(s, db, "stats", "primary", &il, sizeof il, JET_IdxInfo));
    OK(JetRetrieveColumn(s, il.tableid, il.columnidcKey, &ckey, sizeof ckey, &cb, 0, NULL));
    OK(JetRetrieveColumn(s, il.tableid, il.columnidcEntry, &centry, sizeof centry, &cb, 0, NULL));
    OK(JetRetrieveColumn(s, il.tableid, il.columnidcPage, &cpage, sizeof cpage, &cb, 0, NULL));
    CHECK(ckey == 50 && centry == 50 && cpage == 1);
    OK(JetCloseTable(s, il.tableid));
    /* JET_OBJECTINFO: records and pages; the dates stay 0, as ESE leaves them. */
    OK(JetGetTableInfo(s, st, &oi, sizeof oi, JET_TblInfo));
    CHECK(oi.cRecord == 50 && oi.cPage == 1 && oi.dtCreate == 0 && oi.dtUpdate == 0);
    OK(JetGetObjectInfo(s, db, JET_objtypTable, NULL, "stats", &oi, sizeof oi, JET_ObjInfo));
    CHECK(oi.cRecord == 50 && oi.cPage == 1);
    OK(JetGetObjectInfo(s, db, JET_objtypTable, NULL, "stats", &oi, sizeof oi,
                        JET_ObjInfoNoStats));
    CHECK(oi.cRecord == 0 && oi.cPage == 0);
    /* The column list's Default column: the default value, or NULL. */
    OK(JetGetTableColumnInfo(s, st, NULL, &list, sizeof list, JET_ColInfoList));
    OK(JetRetrieveColumn(s, list.tableid, list.columnidDefault, &got, sizeof got, &cb, 0, NULL));
    CHECK(cb == sizeof got && got == 42); /* "dflt" sorts first */
    OK(JetMove(s, list.tableid, JET_MoveNext, 0));
    EXPECT(JetRetrieveColumn(s, list.tableid, list.columnidDefault, &got, sizeof got, &cb, 0,
                             NULL),
           JET_wrnColumnNull);
    OK(JetCloseTable(s, list.tableid));
    OK(JetCloseTable(s, st));
    /* A new default value, set while the table is closed. */
    int32_t d77 = 77;
    EXPECT(JetSetColumnDefaultValue(s, db, "stats", "dflt", NULL, 0, 0), JET_errNullInvalid);
    EXPECT(JetSetColumnDefaultValue(s, db, "stats", "nope", &d77, sizeof d77, 0),
           JET_errColumnNotFound);
    OK(JetSetColumnDefaultValue(s, db, "stats", "dflt", &d77, sizeof d77, 0));
    uint16_t wstats[] = {'s', 't', 'a', 't', 's', 0}, wdflt[] = {'d', 'f', 'l', 't', 0};
    EXPECT(JetSetColumnDefaultValueW(s, db, wstats, wdflt, &d77, 2, 0), JET_errInvalidBufferSize);
    OK(JetOpenTable(s, db, "stats", NULL, 0, 0, &st));
    EXPECT(JetSetColumnDefaultValue(s, db, "stats", "dflt", &d77, sizeof d77, 0),
           JET_errTableInUse);
    OK(JetGetTableColumnInfo(s, st, NULL, &list, sizeof list, JET_ColInfoList));
    OK(JetRetrieveColumn(s, list.tableid, list.columnidDefault, &got, sizeof got, &cb, 0, NULL));
    CHECK(cb == sizeof got && got == 77);
    OK(JetCloseTable(s, list.tableid));
    OK(JetCloseTable(s, st));

    OK(JetEndSession(s, 0));
    OK(JetTerm(inst));
    printf("ddl: ok\n");
    return 0;
}
