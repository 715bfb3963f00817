/*
 * wide.c: the UTF-16 (W) forms of the instance, database, schema, catalog and index calls,
 * checking the names they take and give back, and one misuse or more per area (NULL
 * pointers, bad handles, short buffers, unknown names, malformed UTF-16). Also
 * JetCreateTableColumnIndex4A, read back through the W catalog calls.
 */
#define _POSIX_C_SOURCE 200809L
#include <sys/stat.h>

#include "check.h"

/* UTF-16 copies of ASCII strings, from a ring of buffers so that several can be the
   arguments of one call or the fields of one structure. */
static WCHAR *w(const char *s) {
    static WCHAR ring[64][128];
    static unsigned next;
    WCHAR *out = ring[next++ % 64];
    size_t i = 0;
    for (; s[i]; i++) {
        CHECK(i < 127);
        out[i] = (WCHAR)(unsigned char)s[i];
    }
    out[i] = 0;
    return out;
}

/* Converts the key description `key` of `n` bytes ("+a\0-b\0\0") into `out`; returns its
   size in bytes, the cbKey of the W forms. */
static uint32_t wkey(WCHAR *out, const char *key, size_t n) {
    for (size_t i = 0; i < n; i++)
        out[i] = (WCHAR)(unsigned char)key[i];
    return (uint32_t)(2 * n);
}

/* The NUL-terminated UTF-16 string `a` is the ASCII string `s`. */
static int weq(const WCHAR *a, const char *s) {
    size_t i = 0;
    for (; s[i]; i++)
        if (a[i] != (WCHAR)(unsigned char)s[i])
            return 0;
    return a[i] == 0;
}

/* The `cb` bytes of UTF-16 at `p` (a column value, no NUL) are the ASCII string `s`. */
static int wbytes_eq(const void *p, uint32_t cb, const char *s) {
    const unsigned char *b = p;
    if (cb != 2 * strlen(s))
        return 0;
    for (uint32_t i = 0; i < cb / 2; i++)
        if (b[2 * i] != (unsigned char)s[i] || b[2 * i + 1] != 0)
            return 0;
    return 1;
}

static int exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0;
}

static JET_SESID s;
static JET_COLUMNID cid, cname, cage;

static int32_t current_id(JET_TABLEID t) {
    int32_t id = -1;
    uint32_t cb = 0;
    OK(JetRetrieveColumn(s, t, cid, &id, sizeof id, &cb, 0, NULL));
    CHECK(cb == 4);
    return id;
}

/* The cursor's ids in index order, from the first entry, are `want[0..n]`. */
static void check_order(JET_TABLEID t, const int32_t *want, int n) {
    OK(JetMove(s, t, JET_MoveFirst, 0));
    for (int i = 0; i < n; i++) {
        if (i > 0)
            OK(JetMove(s, t, JET_MoveNext, 0));
        CHECK(current_id(t) == want[i]);
    }
    EXPECT(JetMove(s, t, JET_MoveNext, 0), JET_errNoCurrentRecord);
}

/* JetCreateInstance2W, JetSetSystemParameterW and JetInit3W. */
static JET_INSTANCE start(void) {
    JET_INSTANCE inst = 0, dup = 0;
    EXPECT(JetCreateInstance2W(NULL, w("wide"), w("Wide display"), 0), JET_errInvalidParameter);
    OK(JetCreateInstance2W(&inst, w("wide"), w("Wide display"), 0));
    CHECK(inst != 0 && inst != JET_instanceNil);
    EXPECT(JetCreateInstance2W(&dup, w("wide"), NULL, 0), JET_errInstanceNameInUse);
    CHECK(dup == 0);

    /* A lone surrogate is not UTF-16. */
    const WCHAR bad[] = {'.', 0xD800, '/', 0};
    EXPECT(JetSetSystemParameterW(&inst, JET_sesidNil, JET_paramSystemPath, 0, bad),
           JET_errInvalidParameter);
    OK(JetSetSystemParameterW(&inst, JET_sesidNil, JET_paramSystemPath, 0, w("./")));
    OK(JetSetSystemParameterW(&inst, JET_sesidNil, JET_paramLogFilePath, 0, w("./")));
    OK(JetSetSystemParameterW(&inst, JET_sesidNil, JET_paramBaseName, 0, w("wid")));
    char base[16];
    OK(JetGetSystemParameter(inst, JET_sesidNil, JET_paramBaseName, NULL, base, sizeof base));
    CHECK(strcmp(base, "wid") == 0);

    /* JET_RSTINFO_W: its size is checked; recovery without undo (no log yet) leaves the
     * instance not started. */
    JET_RSTINFO_W ri;
    memset(&ri, 0, sizeof ri);
    ri.cbStruct = sizeof ri - 1;
    EXPECT(JetInit3W(&inst, &ri, 0), JET_errInvalidParameter);
    JET_RSTMAP_W map = {w("old.edb"), w("new.edb")};
    ri.cbStruct = sizeof ri;
    ri.rgrstmap = &map;
    ri.crstmap = 1;
    EXPECT(JetInit3W(&inst, &ri, JET_bitRecoveryWithoutUndo),
           JET_errRecoveredWithoutUndoDatabasesConsistent);
    ri.rgrstmap = NULL;
    ri.crstmap = 0;
    EXPECT(JetInit3W(&inst, &ri, 0x80000000u), JET_errInvalidGrbit);
    OK(JetInit3W(&inst, &ri, 0));
    /* The base name given in UTF-16 named the files. */
    CHECK(exists("wid.chk") && exists("wid.log"));

    /* The instance's name came through intact. */
    uint32_t n = 0;
    JET_INSTANCE_INFO_W *info = NULL;
    OK(JetGetInstanceInfoW(&n, &info));
    CHECK(n == 1 && info[0].hInstanceId == inst && weq(info[0].szInstanceName, "wide"));
    OK(JetFreeBuffer((char *)info));
    return inst;
}

/* JetCreateDatabase{,2}W, JetDetachDatabaseW, JetAttachDatabase2W and
   JetGetDatabaseFileInfoW. Returns the open database wide.edb. */
static JET_DBID databases(void) {
    JET_DBID db = 0, db2 = 0;
    EXPECT(JetCreateDatabaseW(s, w("wide.edb"), NULL, NULL, 0), JET_errInvalidParameter);
    EXPECT(JetCreateDatabaseW(s, NULL, NULL, &db, 0), JET_errInvalidParameter);
    EXPECT(JetCreateDatabaseW((JET_SESID)0x5eed, w("wide.edb"), NULL, &db, 0),
           JET_errInvalidSesid);
    OK(JetCreateDatabaseW(s, w("wide.edb"), NULL, &db, 0));
    CHECK(exists("wide.edb"));
    EXPECT(JetCreateDatabaseW(s, w("wide.edb"), NULL, &db2, 0), JET_errDatabaseDuplicate);
    CHECK(db2 == 0);

    OK(JetCreateDatabase2W(s, w("second.edb"), 1024, &db2, 0));
    CHECK(db2 != 0 && db2 != db && exists("second.edb"));
    char name[1024];
    OK(JetGetDatabaseInfo(s, db2, name, sizeof name, JET_DbInfoFilename));
    CHECK(strstr(name, "second.edb") != NULL);
    OK(JetCloseDatabase(s, db2, 0));
    OK(JetDetachDatabaseW(s, w("second.edb")));
    EXPECT(JetDetachDatabaseW(s, w("second.edb")), JET_errDatabaseNotFound);

    /* The header of the detached file. */
    JET_DBINFOMISC misc;
    memset(&misc, 0xAB, sizeof misc);
    EXPECT(JetGetDatabaseFileInfoW(w("second.edb"), &misc, sizeof misc - 1, JET_DbInfoMisc),
           JET_errBufferTooSmall);
    EXPECT(JetGetDatabaseFileInfoW(w("second.edb"), NULL, sizeof misc, JET_DbInfoMisc),
           JET_errInvalidParameter);
    EXPECT(JetGetDatabaseFileInfoW(NULL, &misc, sizeof misc, JET_DbInfoMisc),
           JET_errInvalidParameter);
    EXPECT(JetGetDatabaseFileInfoW(w("absent.edb"), &misc, sizeof misc, JET_DbInfoMisc),
           JET_errFileNotFound);
    OK(JetGetDatabaseFileInfoW(w("second.edb"), &misc, sizeof misc, JET_DbInfoMisc));
    CHECK(misc.ulVersion == 0x620 && misc.dbstate == JET_dbstateCleanShutdown);
    uint32_t page = 0;
    OK(JetGetDatabaseFileInfoW(w("second.edb"), &page, sizeof page, JET_DbInfoPageSize));
    CHECK(page == misc.cbPageSize && page >= 4096);
    WCHAR wname[1024];
    /* A file's name is not one of the levels ESE's JetGetDatabaseFileInfo answers. */
    EXPECT(JetGetDatabaseFileInfoW(w("second.edb"), wname, sizeof wname, JET_DbInfoFilename),
           JET_errInvalidParameter);

    EXPECT(JetAttachDatabase2W(s, w("absent.edb"), 0, 0), JET_errFileNotFound);
    EXPECT(JetAttachDatabase2W(s, NULL, 0, 0), JET_errInvalidParameter);
    OK(JetAttachDatabase2W(s, w("second.edb"), 0, 0));
    EXPECT(JetAttachDatabase2W(s, w("second.edb"), 0, 0), JET_wrnDatabaseAttached);
    OK(JetOpenDatabaseW(s, w("second.edb"), NULL, &db2, 0));
    OK(JetGetDatabaseInfoW(s, db2, wname, sizeof wname, JET_DbInfoFilename));
    size_t len = 0;
    while (wname[len])
        len++;
    CHECK(len >= 10 && weq(wname + len - 10, "second.edb"));
    /* A W buffer one unit short of the name and its NUL. */
    memset(wname, 0x55, sizeof wname);
    EXPECT(JetGetDatabaseInfoW(s, db2, wname, (uint32_t)(2 * len), JET_DbInfoFilename),
           JET_errBufferTooSmall);
    CHECK(wname[0] == 0x5555);
    OK(JetCloseDatabase(s, db2, 0));
    OK(JetDetachDatabaseW(s, w("second.edb")));
    return db;
}

static void insert(JET_TABLEID t, int32_t id, const char *name, int32_t age) {
    OK(JetPrepareUpdate(s, t, JET_prepInsert));
    OK(JetSetColumn(s, t, cid, &id, sizeof id, 0, NULL));
    OK(JetSetColumn(s, t, cname, w(name), (uint32_t)(2 * strlen(name)), 0, NULL));
    OK(JetSetColumn(s, t, cage, &age, sizeof age, 0, NULL));
    OK(JetUpdate(s, t, NULL, 0, NULL));
}

static void column_create(JET_COLUMNCREATE_W *c, const char *name, JET_COLTYP coltyp) {
    memset(c, 0, sizeof *c);
    c->cbStruct = sizeof *c;
    c->szColumnName = w(name);
    c->coltyp = coltyp;
    if (coltyp == JET_coltypText)
        c->cp = CP_UNICODE;
    c->err = 99;
}

/* The four tables, one per JetCreateTableColumnIndex form. people: id, name, age and the
   indexes primary (+id) and byname (+name), with four rows. */
static void tables(JET_DBID db) {
    JET_COLUMNCREATE_W cols[3];
    column_create(&cols[0], "id", JET_coltypLong);
    cols[0].grbit = JET_bitColumnNotNULL;
    column_create(&cols[1], "name", JET_coltypText);
    column_create(&cols[2], "age", JET_coltypLong);
    WCHAR kid[8], kname[8];
    JET_INDEXCREATE_W idx[2];
    memset(idx, 0, sizeof idx);
    idx[0].cbStruct = sizeof idx[0];
    idx[0].szIndexName = w("primary");
    idx[0].szKey = kid;
    idx[0].cbKey = wkey(kid, "+id\0", sizeof "+id\0");
    idx[0].grbit = JET_bitIndexPrimary;
    idx[0].ulDensity = 100;
    idx[0].err = 99;
    idx[1] = idx[0];
    idx[1].szIndexName = w("byname");
    idx[1].szKey = kname;
    idx[1].cbKey = wkey(kname, "+name\0", sizeof "+name\0");
    idx[1].grbit = 0;
    JET_TABLECREATE_W tc;
    memset(&tc, 0, sizeof tc);
    tc.cbStruct = sizeof tc - 1;
    tc.szTableName = w("people");
    tc.rgcolumncreate = cols;
    tc.cColumns = 3;
    tc.rgindexcreate = idx;
    tc.cIndexes = 2;
    EXPECT(JetCreateTableColumnIndexW(s, db, &tc), JET_errInvalidParameter);
    CHECK(tc.tableid == 0 && cols[0].err == 99);
    tc.cbStruct = sizeof tc;
    OK(JetCreateTableColumnIndexW(s, db, &tc));
    CHECK(tc.tableid != 0 && tc.cCreated == 6);
    for (int i = 0; i < 3; i++)
        CHECK(cols[i].columnid != 0 && cols[i].err == 0);
    CHECK(idx[0].err == 0 && idx[1].err == 0);
    cid = cols[0].columnid;
    cname = cols[1].columnid;
    cage = cols[2].columnid;
    JET_TABLEID t = tc.tableid;
    OK(JetBeginTransaction(s));
    insert(t, 1, "carol", 41);
    insert(t, 2, "alice", 30);
    insert(t, 3, "bob", 25);
    insert(t, 4, "dave", 35);
    OK(JetCommitTransaction(s, 0));
    OK(JetCloseTable(s, t));
    tc.tableid = 0;
    EXPECT(JetCreateTableColumnIndexW(s, db, &tc), JET_errTableDuplicate);
    CHECK(tc.tableid == 0);

    /* 2W: no callback. */
    JET_COLUMNCREATE_W c2;
    column_create(&c2, "v", JET_coltypLong);
    WCHAR kv[8];
    JET_INDEXCREATE_W i2 = idx[0];
    i2.szKey = kv;
    i2.cbKey = wkey(kv, "+v\0", sizeof "+v\0");
    JET_TABLECREATE2_W tc2;
    memset(&tc2, 0, sizeof tc2);
    tc2.cbStruct = sizeof tc2;
    tc2.szTableName = w("t2");
    tc2.rgcolumncreate = &c2;
    tc2.cColumns = 1;
    tc2.rgindexcreate = &i2;
    tc2.cIndexes = 1;
    tc2.szCallback = w("callback");
    tc2.cbtyp = JET_cbtypBeforeInsert;
    EXPECT(JetCreateTableColumnIndex2W(s, db, &tc2), JET_errFeatureNotAvailable);
    tc2.szCallback = NULL;
    tc2.cbtyp = 0;
    OK(JetCreateTableColumnIndex2W(s, db, &tc2));
    CHECK(tc2.tableid != 0 && tc2.cCreated == 3 && c2.err == 0 && c2.columnid != 0);
    OK(JetCloseTable(s, tc2.tableid));

    /* 3W: space hints (accepted). */
    JET_SPACEHINTS hints;
    memset(&hints, 0, sizeof hints);
    hints.cbStruct = sizeof hints;
    hints.ulInitialDensity = 90;
    hints.cbInitial = 64 * 1024;
    JET_COLUMNCREATE_W c3[2];
    column_create(&c3[0], "k", JET_coltypLong);
    column_create(&c3[1], "note", JET_coltypLongText);
    WCHAR kk[8];
    JET_INDEXCREATE2_W i3;
    memset(&i3, 0, sizeof i3);
    i3.cbStruct = sizeof i3;
    i3.szIndexName = w("pk");
    i3.szKey = kk;
    i3.cbKey = wkey(kk, "+k\0", sizeof "+k\0");
    i3.grbit = JET_bitIndexPrimary | JET_bitIndexUnique;
    i3.pSpacehints = &hints;
    i3.err = 99;
    JET_TABLECREATE3_W tc3;
    memset(&tc3, 0, sizeof tc3);
    tc3.cbStruct = sizeof tc3;
    tc3.szTableName = w("t3");
    tc3.rgcolumncreate = c3;
    tc3.cColumns = 2;
    tc3.rgindexcreate = &i3;
    tc3.cIndexes = 1;
    tc3.pSeqSpacehints = &hints;
    tc3.pLVSpacehints = &hints;
    tc3.cbSeparateLV = 1024;
    i3.cbStruct = sizeof(JET_INDEXCREATE_W);
    EXPECT(JetCreateTableColumnIndex3W(s, db, &tc3), JET_errInvalidParameter);
    i3.cbStruct = sizeof i3;
    OK(JetCreateTableColumnIndex3W(s, db, &tc3));
    CHECK(tc3.tableid != 0 && tc3.cCreated == 4 && i3.err == 0);
    CHECK(c3[1].columnid != 0 && c3[1].columnid != c3[0].columnid);
    OK(JetCloseTable(s, tc3.tableid));

    /* 4A: UTF-8 names, read back through the W calls below. */
    JET_COLUMNCREATE_A c4[2];
    memset(c4, 0, sizeof c4);
    c4[0].cbStruct = sizeof c4[0];
    c4[0].szColumnName = "serial";
    c4[0].coltyp = JET_coltypLong;
    c4[1] = c4[0];
    c4[1].szColumnName = "label";
    c4[1].coltyp = JET_coltypText;
    c4[1].cp = CP_UNICODE;
    JET_INDEXCREATE3_A i4;
    memset(&i4, 0, sizeof i4);
    i4.cbStruct = sizeof i4;
    i4.szIndexName = "bylabel";
    i4.szKey = "+label\0-serial\0";
    i4.cbKey = sizeof "+label\0-serial\0";
    i4.ulDensity = 80;
    i4.pSpacehints = &hints;
    i4.err = 99;
    JET_TABLECREATE4_A tc4;
    memset(&tc4, 0, sizeof tc4);
    tc4.cbStruct = sizeof tc4;
    tc4.szTableName = "t4";
    tc4.rgcolumncreate = c4;
    tc4.cColumns = 2;
    tc4.rgindexcreate = &i4;
    tc4.cIndexes = 1;
    EXPECT(JetCreateTableColumnIndex4A(s, db, NULL), JET_errInvalidParameter);
    /* A sparse index: only the records with a label. */
    i4.cConditionalColumn = 1;
    EXPECT(JetCreateTableColumnIndex4A(s, db, &tc4), JET_errInvalidParameter);
    JET_CONDITIONALCOLUMN_A cond;
    memset(&cond, 0, sizeof cond);
    cond.cbStruct = sizeof cond - 1;
    cond.szColumnName = "label";
    cond.grbit = JET_bitIndexColumnMustBeNonNull;
    i4.rgconditionalcolumn = &cond;
    EXPECT(JetCreateTableColumnIndex4A(s, db, &tc4), JET_errIndexInvalidDef);
    cond.cbStruct = sizeof cond;
    cond.grbit = JET_bitIndexColumnMustBeNull | JET_bitIndexColumnMustBeNonNull;
    EXPECT(JetCreateTableColumnIndex4A(s, db, &tc4), JET_errInvalidGrbit);
    cond.grbit = JET_bitIndexColumnMustBeNonNull;
    OK(JetCreateTableColumnIndex4A(s, db, &tc4));
    CHECK(tc4.tableid != 0 && tc4.cCreated == 4 && i4.err == 0);
    CHECK(c4[0].err == 0 && c4[1].err == 0);
    OK(JetCloseTable(s, tc4.tableid));

    JET_COLUMNDEF def;
    OK(JetGetColumnInfoW(s, db, w("t4"), w("label"), &def, sizeof def, JET_ColInfo));
    CHECK(def.columnid == c4[1].columnid && def.coltyp == JET_coltypText);
    JET_INDEXLIST il;
    OK(JetGetIndexInfoW(s, db, w("t4"), w("bylabel"), &il, sizeof il, JET_IdxInfo));
    CHECK(il.cRecord == 2);
    WCHAR col[64];
    uint32_t cb = 0;
    OK(JetRetrieveColumn(s, il.tableid, il.columnidcolumnname, col, sizeof col, &cb, 0, NULL));
    CHECK(wbytes_eq(col, cb, "label"));
    OK(JetMove(s, il.tableid, JET_MoveNext, 0));
    OK(JetRetrieveColumn(s, il.tableid, il.columnidcolumnname, col, sizeof col, &cb, 0, NULL));
    CHECK(wbytes_eq(col, cb, "serial"));

    JET_GRBIT g = 0;
    OK(JetRetrieveColumn(s, il.tableid, il.columnidgrbitColumn, &g, sizeof g, &cb, 0, NULL));
    CHECK(g == JET_bitKeyDescending);
    OK(JetCloseTable(s, il.tableid));
    /* Of two records only the one with a label is in the sparse index. */
    static const uint16_t label_x[] = {'x'};
    JET_TABLEID t4;
    OK(JetOpenTableW(s, db, w("t4"), NULL, 0, 0, &t4));
    for (int32_t k = 1; k <= 2; k++) {
        OK(JetPrepareUpdate(s, t4, JET_prepInsert));
        OK(JetSetColumn(s, t4, c4[0].columnid, &k, sizeof k, 0, NULL));
        if (k == 2)
            OK(JetSetColumn(s, t4, c4[1].columnid, label_x, sizeof label_x, 0, NULL));
        OK(JetUpdate(s, t4, NULL, 0, NULL));
    }
    OK(JetSetCurrentIndexW(s, t4, w("bylabel")));
    uint32_t in_index = 0;
    OK(JetIndexRecordCount(s, t4, &in_index, 0));
    CHECK(in_index == 1);
    /* The W forms of JetRenameColumn and JetRenameTable (renamed back after). */
    OK(JetRenameColumnW(s, t4, w("serial"), w("serial2"), 0));
    JET_COLUMNDEF rdef;
    OK(JetGetTableColumnInfoW(s, t4, w("serial2"), &rdef, sizeof rdef, JET_ColInfo));
    CHECK(rdef.columnid == c4[0].columnid);
    OK(JetRenameColumnW(s, t4, w("serial2"), w("serial"), 0));
    OK(JetCloseTable(s, t4));
    OK(JetRenameTableW(s, db, w("t4"), w("t4b")));
    EXPECT(JetRenameTableW(s, db, w("t4"), w("t4c")), JET_errObjectNotFound);
    OK(JetRenameTableW(s, db, w("t4b"), w("t4")));
}

/* JetGetColumnInfoW, JetGetTableIndexInfoW, JetGetIndexInfoW and JetGetObjectInfoW. */
static void catalog(JET_DBID db) {
    JET_COLUMNDEF def;
    OK(JetGetColumnInfoW(s, db, w("people"), w("name"), &def, sizeof def, JET_ColInfo));
    CHECK(def.cbStruct == sizeof def && def.columnid == cname);
    CHECK(def.coltyp == JET_coltypText && def.cp == CP_UNICODE);
    EXPECT(JetGetColumnInfoW(s, db, w("people"), w("name"), &def, sizeof def - 1, JET_ColInfo),
           JET_errBufferTooSmall);
    EXPECT(JetGetColumnInfoW(s, db, w("people"), w("nope"), &def, sizeof def, JET_ColInfo),
           JET_errColumnNotFound);
    EXPECT(JetGetColumnInfoW(s, db, w("nobody"), w("name"), &def, sizeof def, JET_ColInfo),
           JET_errObjectNotFound);
    EXPECT(JetGetColumnInfoW(s, db, NULL, w("name"), &def, sizeof def, JET_ColInfo),
           JET_errInvalidParameter);
    OK(JetGetColumnInfoW(s, db, w("people"), (const WCHAR *)&cage, &def, sizeof def,
                         JET_ColInfoByColid));
    CHECK(def.columnid == cage && def.coltyp == JET_coltypLong);

    JET_COLUMNBASE_W base;
    memset(&base, 0x55, sizeof base);
    OK(JetGetColumnInfoW(s, db, w("people"), w("age"), &base, sizeof base, JET_ColInfoBase));
    CHECK(base.cbStruct == sizeof base && base.columnid == cage);
    CHECK(weq(base.szBaseTableName, "people") && weq(base.szBaseColumnName, "age"));
    EXPECT(JetGetColumnInfoW(s, db, w("people"), w("age"), &base, sizeof base - 1,
                             JET_ColInfoBase),
           JET_errBufferTooSmall);

    /* The list: one row per column, by name, the names in UTF-16. */
    JET_COLUMNLIST cl;
    OK(JetGetColumnInfoW(s, db, w("people"), NULL, &cl, sizeof cl, JET_ColInfoList));
    CHECK(cl.cbStruct == sizeof cl && cl.cRecord == 3);
    static const char *const BY_NAME[] = {"age", "id", "name"};
    for (int i = 0; i < 3; i++) {
        WCHAR n[64];
        uint32_t cb = 0;
        JET_COLUMNID id = 0;
        if (i > 0)
            OK(JetMove(s, cl.tableid, JET_MoveNext, 0));
        OK(JetRetrieveColumn(s, cl.tableid, cl.columnidcolumnname, n, sizeof n, &cb, 0, NULL));
        CHECK(wbytes_eq(n, cb, BY_NAME[i]));
        OK(JetRetrieveColumn(s, cl.tableid, cl.columnidcolumnid, &id, sizeof id, &cb, 0, NULL));
        CHECK(id == (i == 0 ? cage : i == 1 ? cid : cname));
    }
    EXPECT(JetMove(s, cl.tableid, JET_MoveNext, 0), JET_errNoCurrentRecord);
    OK(JetCloseTable(s, cl.tableid));

    /* Indexes through a cursor and by table name. */
    JET_TABLEID t;
    OK(JetOpenTable(s, db, "people", NULL, 0, 0, &t));
    uint32_t count = 0;
    OK(JetGetTableIndexInfoW(s, t, NULL, &count, sizeof count, JET_IdxInfoCount));
    CHECK(count == 2);
    EXPECT(JetGetTableIndexInfoW(s, t, w("nope"), &count, sizeof count, JET_IdxInfoCount),
           JET_errIndexNotFound);
    EXPECT(JetGetTableIndexInfoW(s, t, NULL, &count, 2, JET_IdxInfoCount), JET_errBufferTooSmall);
    EXPECT(JetGetTableIndexInfoW(s, (JET_TABLEID)0x5eed, NULL, &count, sizeof count,
                                 JET_IdxInfoCount),
           JET_errInvalidTableId);
    JET_INDEXLIST il;
    EXPECT(JetGetTableIndexInfoW(s, t, w("byname"), &il, sizeof il - 1, JET_IdxInfo),
           JET_errBufferTooSmall);
    OK(JetGetTableIndexInfoW(s, t, w("byname"), &il, sizeof il, JET_IdxInfo));
    CHECK(il.cbStruct == sizeof il && il.cRecord == 1);
    WCHAR n[64];
    uint32_t cb = 0;
    OK(JetRetrieveColumn(s, il.tableid, il.columnidindexname, n, sizeof n, &cb, 0, NULL));
    CHECK(wbytes_eq(n, cb, "byname"));
    OK(JetRetrieveColumn(s, il.tableid, il.columnidcolumnname, n, sizeof n, &cb, 0, NULL));
    CHECK(wbytes_eq(n, cb, "name"));
    JET_COLUMNID keycol = 0;
    OK(JetRetrieveColumn(s, il.tableid, il.columnidcolumnid, &keycol, sizeof keycol, &cb, 0,
                         NULL));
    CHECK(keycol == cname);
    OK(JetCloseTable(s, il.tableid));
    OK(JetCloseTable(s, t));

    OK(JetGetIndexInfoW(s, db, w("people"), NULL, &il, sizeof il, JET_IdxInfoList));
    CHECK(il.cRecord == 2);
    OK(JetRetrieveColumn(s, il.tableid, il.columnidindexname, n, sizeof n, &cb, 0, NULL));
    CHECK(wbytes_eq(n, cb, "byname"));
    OK(JetMove(s, il.tableid, JET_MoveNext, 0));
    OK(JetRetrieveColumn(s, il.tableid, il.columnidindexname, n, sizeof n, &cb, 0, NULL));
    CHECK(wbytes_eq(n, cb, "primary"));
    JET_GRBIT g = 0;
    OK(JetRetrieveColumn(s, il.tableid, il.columnidgrbitIndex, &g, sizeof g, &cb, 0, NULL));
    CHECK(g & JET_bitIndexPrimary);
    OK(JetCloseTable(s, il.tableid));
    OK(JetGetIndexInfoW(s, db, w("people"), w("primary"), &count, sizeof count,
                        JET_IdxInfoCount));
    CHECK(count == 1);
    EXPECT(JetGetIndexInfoW(s, db, w("people"), w("nope"), &il, sizeof il, JET_IdxInfo),
           JET_errIndexNotFound);
    EXPECT(JetGetIndexInfoW(s, db, w("nobody"), NULL, &count, sizeof count, JET_IdxInfoCount),
           JET_errObjectNotFound);
    EXPECT(JetGetIndexInfoW(s, db, w("people"), NULL, NULL, sizeof count, JET_IdxInfoCount),
           JET_errInvalidParameter);

    /* Tables. */
    JET_OBJECTINFO oi;
    OK(JetGetObjectInfoW(s, db, JET_objtypTable, NULL, w("people"), &oi, sizeof oi, JET_ObjInfo));
    CHECK(oi.cbStruct == sizeof oi && oi.objtyp == JET_objtypTable && oi.cRecord == 4);
    EXPECT(JetGetObjectInfoW(s, db, JET_objtypTable, NULL, w("people"), &oi, sizeof oi - 1,
                             JET_ObjInfo),
           JET_errBufferTooSmall);
    EXPECT(JetGetObjectInfoW(s, db, JET_objtypTable, NULL, w("nobody"), &oi, sizeof oi,
                             JET_ObjInfo),
           JET_errObjectNotFound);
    EXPECT(JetGetObjectInfoW(s, db, 77, NULL, w("people"), &oi, sizeof oi, JET_ObjInfo),
           JET_errInvalidParameter);
    JET_OBJECTLIST ol;
    EXPECT(JetGetObjectInfoW(s, db, JET_objtypTable, NULL, NULL, &ol, sizeof ol - 1,
                             JET_ObjInfoList),
           JET_errBufferTooSmall);
    OK(JetGetObjectInfoW(s, db, JET_objtypTable, NULL, NULL, &ol, sizeof ol, JET_ObjInfoList));
    CHECK(ol.cbStruct == sizeof ol && ol.cRecord == 4);
    static const char *const TABLES[] = {"people", "t2", "t3", "t4"};
    for (int i = 0; i < 4; i++) {
        uint32_t records = 99;
        if (i > 0)
            OK(JetMove(s, ol.tableid, JET_MoveNext, 0));
        OK(JetRetrieveColumn(s, ol.tableid, ol.columnidobjectname, n, sizeof n, &cb, 0, NULL));
        CHECK(wbytes_eq(n, cb, TABLES[i]));
        OK(JetRetrieveColumn(s, ol.tableid, ol.columnidcRecord, &records, sizeof records, &cb, 0,
                             NULL));
        CHECK(records == (i == 0 ? 4u : i == 3 ? 2u : 0u));
    }
    OK(JetCloseTable(s, ol.tableid));
}

/* Names beyond ASCII (the Windows-1252 characters e-acute and the euro sign) go through
   UTF-16 both ways and meet their UTF-8 spelling; a character outside Windows-1252 is an
   invalid name, malformed UTF-16 an invalid parameter. */
static void non_ascii(JET_DBID db) {
    const WCHAR cafe[] = {'c', 'a', 'f', 0xE9, 0x20AC, 0};
    const char *cafe8 = "caf\xc3\xa9\xe2\x82\xac";
    const WCHAR astral[] = {'x', 0xD83D, 0xDE00, 0};
    const WCHAR lone[] = {'x', 0xDE00, 'y', 0};
    JET_TABLEID t;
    OK(JetOpenTable(s, db, "t3", NULL, 0, JET_bitTableDenyRead, &t));
    JET_COLUMNDEF d = coldef(JET_coltypLong, 0);
    JET_COLUMNID c = 0;
    EXPECT(JetAddColumnW(s, t, astral, &d, NULL, 0, &c), JET_errInvalidName);
    EXPECT(JetAddColumnW(s, t, lone, &d, NULL, 0, &c), JET_errInvalidParameter);
    OK(JetAddColumnW(s, t, cafe, &d, NULL, 0, &c));
    JET_COLUMNDEF def;
    OK(JetGetColumnInfo(s, db, "t3", cafe8, &def, sizeof def, JET_ColInfo));
    CHECK(def.columnid == c);
    JET_COLUMNBASE_W wbase;
    OK(JetGetColumnInfoW(s, db, w("t3"), cafe, &wbase, sizeof wbase, JET_ColInfoBase));
    CHECK(wbase.columnid == c && memcmp(wbase.szBaseColumnName, cafe, sizeof cafe) == 0);
    JET_COLUMNBASE_A abase;
    OK(JetGetColumnInfo(s, db, "t3", cafe8, &abase, sizeof abase, JET_ColInfoBase));
    CHECK(strcmp(abase.szBaseColumnName, cafe8) == 0);

    /* An index of the same name on it. */
    const WCHAR key[] = {'+', 'c', 'a', 'f', 0xE9, 0x20AC, 0, 0};
    OK(JetCreateIndexW(s, t, cafe, 0, key, sizeof key, 100));
    JET_INDEXLIST il;
    OK(JetGetTableIndexInfoW(s, t, cafe, &il, sizeof il, JET_IdxInfo));
    CHECK(il.cRecord == 1);
    WCHAR n[16];
    uint32_t cb = 0;
    OK(JetRetrieveColumn(s, il.tableid, il.columnidindexname, n, sizeof n, &cb, 0, NULL));
    CHECK(cb == sizeof cafe - 2 && memcmp(n, cafe, cb) == 0);
    OK(JetRetrieveColumn(s, il.tableid, il.columnidcolumnname, n, sizeof n, &cb, 0, NULL));
    CHECK(cb == sizeof cafe - 2 && memcmp(n, cafe, cb) == 0);
    OK(JetCloseTable(s, il.tableid));
    OK(JetSetCurrentIndexW(s, t, cafe));
    WCHAR cur[16];
    OK(JetGetCurrentIndexW(s, t, cur, sizeof cur));
    CHECK(memcmp(cur, cafe, sizeof cafe) == 0);
    OK(JetSetCurrentIndex(s, t, cafe8));
    OK(JetSetCurrentIndexW(s, t, NULL));
    OK(JetDeleteIndexW(s, t, cafe));
    OK(JetDeleteColumnW(s, t, cafe));
    EXPECT(JetGetColumnInfo(s, db, "t3", cafe8, &def, sizeof def, JET_ColInfo),
           JET_errColumnNotFound);
    OK(JetCloseTable(s, t));
}

/* JetSetCurrentIndex{,2,3,4}W, then seeks by a UTF-16 key. */
static void cursors(JET_DBID db) {
    JET_TABLEID t;
    OK(JetOpenTable(s, db, "people", NULL, 0, 0, &t));
    static const int32_t BY_ID[] = {1, 2, 3, 4}, BY_NAME[] = {2, 3, 1, 4};
    check_order(t, BY_ID, 4);
    OK(JetSetCurrentIndexW(s, t, w("byname")));
    check_order(t, BY_NAME, 4);
    WCHAR cur[32];
    OK(JetGetCurrentIndexW(s, t, cur, sizeof cur));
    CHECK(weq(cur, "byname"));
    EXPECT(JetSetCurrentIndexW(s, t, w("nope")), JET_errIndexNotFound);
    EXPECT(JetSetCurrentIndexW(s, (JET_TABLEID)0x5eed, w("byname")), JET_errInvalidTableId);
    OK(JetGetCurrentIndexW(s, t, cur, sizeof cur));
    CHECK(weq(cur, "byname"));

    /* NoMove keeps the record (bob, 3) across the change of index. */
    OK(JetMove(s, t, JET_MoveFirst, 0));
    OK(JetMove(s, t, JET_MoveNext, 0));
    CHECK(current_id(t) == 3);
    OK(JetSetCurrentIndex2W(s, t, w("primary"), JET_bitNoMove));
    CHECK(current_id(t) == 3);
    OK(JetMove(s, t, JET_MoveNext, 0));
    CHECK(current_id(t) == 4);
    OK(JetSetCurrentIndex2W(s, t, w("byname"), JET_bitMoveFirst));
    CHECK(current_id(t) == 2);
    OK(JetSetCurrentIndex2W(s, t, NULL, JET_bitMoveFirst));
    CHECK(current_id(t) == 1);
    EXPECT(JetSetCurrentIndex2W(s, t, w("byname"), 0x100), JET_errInvalidGrbit);

    OK(JetSetCurrentIndex3W(s, t, w("byname"), JET_bitMoveFirst, 1));
    CHECK(current_id(t) == 2);
    EXPECT(JetSetCurrentIndex3W(s, t, w("nope"), JET_bitMoveFirst, 1), JET_errIndexNotFound);

    JET_INDEXID hint;
    OK(JetGetTableIndexInfoW(s, t, w("primary"), &hint, sizeof hint, JET_IdxInfoIndexId));
    hint.cbStruct = sizeof hint - 1;
    EXPECT(JetSetCurrentIndex4W(s, t, w("primary"), &hint, JET_bitMoveFirst, 1),
           JET_errInvalidIndexId);
    hint.cbStruct = sizeof hint;
    OK(JetSetCurrentIndex4W(s, t, w("byname"), &hint, JET_bitMoveFirst, 1));
    check_order(t, BY_ID, 4);
    OK(JetSetCurrentIndex4W(s, t, w("byname"), NULL, JET_bitMoveFirst, 1));
    check_order(t, BY_NAME, 4);

    /* Seeks on the UTF-16 names. */
    OK(JetMakeKey(s, t, w("carol"), 10, JET_bitNewKey));
    OK(JetSeek(s, t, JET_bitSeekEQ));
    CHECK(current_id(t) == 1);
    OK(JetMakeKey(s, t, w("b"), 2, JET_bitNewKey));
    EXPECT(JetSeek(s, t, JET_bitSeekGE), JET_wrnSeekNotEqual);
    CHECK(current_id(t) == 3);
    OK(JetMakeKey(s, t, w("eve"), 6, JET_bitNewKey));
    EXPECT(JetSeek(s, t, JET_bitSeekEQ), JET_errRecordNotFound);
    OK(JetCloseTable(s, t));
}

/* JetCreateIndex{,2,3}W, JetDeleteIndexW, JetDeleteColumn{,2}W. */
static void schema_changes(JET_DBID db) {
    JET_TABLEID t;
    OK(JetOpenTable(s, db, "people", NULL, 0, JET_bitTableDenyRead, &t));
    WCHAR kage[16];
    uint32_t cbage = wkey(kage, "+age\0", sizeof "+age\0");
    EXPECT(JetCreateIndexW(s, t, w("byage"), 0, kage, 0, 100), JET_errInvalidParameter);
    EXPECT(JetCreateIndexW(s, t, w("byage"), 0, NULL, cbage, 100), JET_errInvalidParameter);
    EXPECT(JetCreateIndexW(s, t, NULL, 0, kage, cbage, 100), JET_errInvalidParameter);
    WCHAR knope[16];
    uint32_t cbnope = wkey(knope, "+nope\0", sizeof "+nope\0");
    EXPECT(JetCreateIndexW(s, t, w("bynope"), 0, knope, cbnope, 100), JET_errColumnNotFound);
    OK(JetCreateIndexW(s, t, w("byage"), 0, kage, cbage, 100));
    EXPECT(JetCreateIndexW(s, t, w("byage"), 0, kage, cbage, 100), JET_errIndexDuplicate);
    static const int32_t BY_AGE[] = {3, 2, 4, 1}, BY_AGE_DESC[] = {1, 4, 2, 3};
    OK(JetSetCurrentIndexW(s, t, w("byage")));
    check_order(t, BY_AGE, 4);

    WCHAR kdesc[16];
    JET_INDEXCREATE_W ic;
    memset(&ic, 0, sizeof ic);
    ic.cbStruct = sizeof ic;
    ic.szIndexName = w("byagedesc");
    ic.szKey = kdesc;
    ic.cbKey = wkey(kdesc, "-age\0", sizeof "-age\0");
    ic.ulDensity = 90;
    ic.err = 99;
    EXPECT(JetCreateIndex2W(s, t, &ic, 0), JET_errInvalidParameter);
    EXPECT(JetCreateIndex2W(s, t, NULL, 1), JET_errInvalidParameter);
    OK(JetCreateIndex2W(s, t, &ic, 1));
    CHECK(ic.err == 0);
    OK(JetSetCurrentIndexW(s, t, w("byagedesc")));
    check_order(t, BY_AGE_DESC, 4);

    JET_SPACEHINTS hints;
    memset(&hints, 0, sizeof hints);
    hints.cbStruct = sizeof hints;
    hints.ulInitialDensity = 80;
    WCHAR ktwo[32];
    JET_INDEXCREATE2_W ic2[2];
    memset(ic2, 0, sizeof ic2);
    ic2[0].cbStruct = sizeof ic2[0];
    ic2[0].szIndexName = w("byname_age");
    ic2[0].szKey = ktwo;
    ic2[0].cbKey = wkey(ktwo, "+name\0+age\0", sizeof "+name\0+age\0");
    ic2[0].pSpacehints = &hints;
    ic2[0].err = 99;
    ic2[1] = ic2[0];
    ic2[1].szIndexName = w("byname_age");
    ic2[1].err = 99;
    /* The second is a duplicate of the first: the first stays, the second has the error. */
    EXPECT(JetCreateIndex3W(s, t, ic2, 2), JET_errIndexDuplicate);
    CHECK(ic2[0].err == 0 && ic2[1].err == JET_errIndexDuplicate);
    OK(JetSetCurrentIndexW(s, t, w("byname_age")));
    static const int32_t BY_NAME[] = {2, 3, 1, 4};
    check_order(t, BY_NAME, 4);
    uint32_t count = 0;
    OK(JetGetTableIndexInfoW(s, t, NULL, &count, sizeof count, JET_IdxInfoCount));
    CHECK(count == 5);

    /* JetDeleteIndexW. */
    OK(JetSetCurrentIndexW(s, t, NULL));
    EXPECT(JetDeleteIndexW(s, t, NULL), JET_errInvalidParameter);
    EXPECT(JetDeleteIndexW(s, t, w("primary")), JET_errIndexMustStay);
    OK(JetDeleteIndexW(s, t, w("byage")));
    EXPECT(JetDeleteIndexW(s, t, w("byage")), JET_errIndexNotFound);
    EXPECT(JetSetCurrentIndexW(s, t, w("byage")), JET_errIndexNotFound);
    EXPECT(JetGetTableIndexInfoW(s, t, w("byage"), &count, sizeof count, JET_IdxInfoCount),
           JET_errIndexNotFound);
    OK(JetGetTableIndexInfoW(s, t, NULL, &count, sizeof count, JET_IdxInfoCount));
    CHECK(count == 4);

    /* JetDeleteColumnW: not while an index uses the column. */
    EXPECT(JetDeleteColumnW(s, t, w("age")), JET_errColumnInUse);
    OK(JetDeleteIndexW(s, t, w("byagedesc")));
    OK(JetDeleteIndexW(s, t, w("byname_age")));
    EXPECT(JetDeleteColumnW(s, t, NULL), JET_errInvalidParameter);
    EXPECT(JetDeleteColumnW((JET_SESID)0x5eed, t, w("age")), JET_errInvalidSesid);
    OK(JetDeleteColumnW(s, t, w("age")));
    EXPECT(JetDeleteColumnW(s, t, w("age")), JET_errColumnNotFound);
    JET_COLUMNDEF def;
    EXPECT(JetGetColumnInfoW(s, db, w("people"), w("age"), &def, sizeof def, JET_ColInfo),
           JET_errColumnNotFound);
    uint32_t cb = 0;
    int32_t v = 0;
    OK(JetMove(s, t, JET_MoveFirst, 0));
    EXPECT(JetRetrieveColumn(s, t, cage, &v, sizeof v, &cb, 0, NULL), JET_errColumnNotFound);

    /* JetDeleteColumn2W. */
    JET_COLUMNDEF d = coldef(JET_coltypLong, 0);
    JET_COLUMNID extra;
    OK(JetAddColumnW(s, t, w("extra"), &d, NULL, 0, &extra));
    EXPECT(JetDeleteColumn2W(s, t, w("nope"), 0), JET_errColumnNotFound);
    EXPECT(JetDeleteColumn2W(s, t, NULL, 0), JET_errInvalidParameter);
    OK(JetDeleteColumn2W(s, t, w("extra"), JET_bitDeleteColumnIgnoreTemplateColumns));
    EXPECT(JetGetColumnInfoW(s, db, w("people"), w("extra"), &def, sizeof def, JET_ColInfo),
           JET_errColumnNotFound);
    JET_COLUMNLIST cl;
    OK(JetGetColumnInfoW(s, db, w("people"), NULL, &cl, sizeof cl, JET_ColInfoList));
    CHECK(cl.cRecord == 2);
    OK(JetCloseTable(s, cl.tableid));

    /* The rows are still there, names and all. */
    static const int32_t BY_ID[] = {1, 2, 3, 4};
    check_order(t, BY_ID, 4);
    WCHAR name[16];
    OK(JetMove(s, t, JET_MoveFirst, 0));
    OK(JetRetrieveColumn(s, t, cname, name, sizeof name, &cb, 0, NULL));
    CHECK(wbytes_eq(name, cb, "carol"));
    OK(JetCloseTable(s, t));
}

int main(void) {
    JET_INSTANCE inst = start();
    OK(JetBeginSession(inst, &s, NULL, NULL));
    JET_DBID db = databases();
    tables(db);
    catalog(db);
    non_ascii(db);
    cursors(db);
    schema_changes(db);
    OK(JetCloseDatabase(s, db, 0));
    /* NULL detaches every database. */
    OK(JetDetachDatabaseW(s, NULL));
    EXPECT(JetDetachDatabaseW(s, w("wide.edb")), JET_errDatabaseNotFound);
    OK(JetEndSession(s, 0));
    OK(JetTerm2(inst, JET_bitTermComplete));

    /* The detached file's header after the end. */
    JET_DBINFOMISC misc;
    OK(JetGetDatabaseFileInfoW(w("wide.edb"), &misc, sizeof misc, JET_DbInfoMisc));
    CHECK(misc.dbstate == JET_dbstateCleanShutdown);
    return 0;
}
