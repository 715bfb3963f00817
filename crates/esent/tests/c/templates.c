/*
 * templates.c: a template table (JET_bitTableCreateTemplateTable) and a table derived from it
 * (szTemplateTableName) through the C interface: the column ids ESE gives both, records of the
 * derived table holding the template's columns and its own, a seek on an inherited index, the
 * table information that names the template, the column list without the inherited columns,
 * the DDL ESE refuses on both tables, and all of it again after the instance restarts.
 */
#include "check.h"

#define TEMPLATE_BIT 0x80000000u

static JET_COLUMNCREATE column(const char *name, JET_COLTYP coltyp, uint32_t cp, JET_GRBIT grbit) {
    JET_COLUMNCREATE c;
    memset(&c, 0, sizeof c);
    c.cbStruct = sizeof c;
    c.szColumnName = (char *)name;
    c.coltyp = coltyp;
    c.cp = cp;
    c.grbit = grbit;
    return c;
}

static JET_INDEXCREATE index_of(const char *name, const char *key, uint32_t cb, JET_GRBIT grbit) {
    JET_INDEXCREATE i;
    memset(&i, 0, sizeof i);
    i.cbStruct = sizeof i;
    i.szIndexName = (char *)name;
    i.szKey = (char *)key;
    i.cbKey = cb;
    i.grbit = grbit;
    i.ulDensity = 100;
    return i;
}

static JET_COLUMNID column_id(JET_SESID s, JET_TABLEID t, const char *name) {
    JET_COLUMNDEF d;
    OK(JetGetTableColumnInfo(s, t, name, &d, sizeof d, JET_ColInfo));
    return d.columnid;
}

/* The rows of a column list (every column, or only the table's own). */
static uint32_t listed(JET_SESID s, JET_TABLEID t, JET_GRBIT flags) {
    JET_COLUMNLIST list;
    OK(JetGetTableColumnInfo(s, t, NULL, &list, sizeof list, JET_ColInfoList | flags));
    OK(JetCloseTable(s, list.tableid));
    return list.cRecord;
}

/* Checks record `id` of the derived table: its subject (a template column) and folder (its own). */
static void check_row(JET_SESID s, JET_TABLEID t, int32_t id) {
    JET_COLUMNID cid = column_id(s, t, "id"), csubject = column_id(s, t, "subject"),
                 cfolder = column_id(s, t, "folder"), cextra = column_id(s, t, "extra");
    OK(JetSetCurrentIndex(s, t, "bysubject"));
    char want[32];
    snprintf(want, sizeof want, "subject %03d", id);
    OK(JetMakeKey(s, t, want, (uint32_t)strlen(want), JET_bitNewKey));
    OK(JetSeek(s, t, JET_bitSeekEQ));
    int32_t got = -1;
    uint32_t cb = 0;
    OK(JetRetrieveColumn(s, t, cid, &got, sizeof got, &cb, 0, NULL));
    CHECK(got == id);
    char buf[64];
    OK(JetRetrieveColumn(s, t, csubject, buf, sizeof buf, &cb, 0, NULL));
    CHECK(cb == strlen(want) && memcmp(buf, want, cb) == 0);
    snprintf(want, sizeof want, "folder %d", id % 4);
    OK(JetRetrieveColumn(s, t, cfolder, buf, sizeof buf, &cb, 0, NULL));
    CHECK(cb == strlen(want) && memcmp(buf, want, cb) == 0);
    uint8_t extra[8];
    OK(JetRetrieveColumn(s, t, cextra, extra, sizeof extra, &cb, 0, NULL));
    CHECK(cb == 2 && extra[0] == (uint8_t)id && extra[1] == 0xEE);
}

int main(void) {
    JET_INSTANCE inst = start_instance("templates");
    JET_SESID s;
    JET_DBID db;
    OK(JetBeginSession(inst, &s, NULL, NULL));
    OK(JetCreateDatabase(s, "./templates.edb", NULL, &db, 0));

    /* The template: its column ids carry the template bit. */
    JET_COLUMNCREATE tcols[4] = {
        column("id", JET_coltypLong, 0, JET_bitColumnNotNULL),
        column("subject", JET_coltypText, CP_ASCII, 0),
        column("labels", JET_coltypText, CP_UNICODE, JET_bitColumnTagged | JET_bitColumnMultiValued),
        column("body", JET_coltypLongText, CP_UNICODE, 0),
    };
    JET_INDEXCREATE tidx[2] = {
        index_of("pk", "+id\0", sizeof "+id\0", JET_bitIndexPrimary),
        index_of("bysubject", "+subject\0", sizeof "+subject\0", 0),
    };
    JET_TABLECREATE tc;
    memset(&tc, 0, sizeof tc);
    tc.cbStruct = sizeof tc;
    tc.szTableName = "Message";
    tc.rgcolumncreate = tcols;
    tc.cColumns = 4;
    tc.rgindexcreate = tidx;
    tc.cIndexes = 2;
    tc.grbit = JET_bitTableCreateTemplateTable;
    tc.szTemplateTableName = "Other";
    EXPECT(JetCreateTableColumnIndex(s, db, &tc), JET_errCannotNestDDL);
    tc.szTemplateTableName = NULL;
    OK(JetCreateTableColumnIndex(s, db, &tc));
    CHECK(tcols[0].columnid == (TEMPLATE_BIT | 1) && tcols[1].columnid == (TEMPLATE_BIT | 128));
    CHECK(tcols[2].columnid == (TEMPLATE_BIT | 256) && tcols[3].columnid == (TEMPLATE_BIT | 257));
    JET_COLUMNDEF cd = coldef(JET_coltypLong, 0);
    JET_COLUMNID cnew;
    EXPECT(JetAddColumn(s, tc.tableid, "more", &cd, NULL, 0, &cnew), JET_errFixedDDL);
    OK(JetCloseTable(s, tc.tableid));

    /* A plain table, which nothing can derive from. */
    JET_TABLEID plain;
    OK(JetCreateTable(s, db, "Plain", 0, 0, &plain));
    OK(JetCloseTable(s, plain));

    /* The derived table: the template's columns and indexes, then its own. */
    JET_COLUMNCREATE dcols[2] = {
        column("folder", JET_coltypText, CP_ASCII, 0),
        column("extra", JET_coltypBinary, 0, JET_bitColumnTagged),
    };
    JET_INDEXCREATE didx[1] = {index_of("byfolder", "+folder\0+subject\0",
                                        sizeof "+folder\0+subject\0", 0)};
    JET_TABLECREATE dc;
    memset(&dc, 0, sizeof dc);
    dc.cbStruct = sizeof dc;
    dc.szTableName = "Inbox";
    dc.rgcolumncreate = dcols;
    dc.cColumns = 2;
    dc.rgindexcreate = didx;
    dc.cIndexes = 1;
    dc.szTemplateTableName = "Missing";
    EXPECT(JetCreateTableColumnIndex(s, db, &dc), JET_errObjectNotFound);
    dc.szTemplateTableName = "Plain";
    EXPECT(JetCreateTableColumnIndex(s, db, &dc), JET_errDDLNotInheritable);
    dc.szTemplateTableName = "Message";
    OK(JetCreateTableColumnIndex(s, db, &dc));
    /* Its variable column follows the template's; its tagged ids start at 256 again. */
    CHECK(dcols[0].columnid == 129 && dcols[1].columnid == 256);
    JET_TABLEID t = dc.tableid;
    CHECK(column_id(s, t, "subject") == tcols[1].columnid);

    OK(JetBeginTransaction(s));
    for (int32_t id = 0; id < 40; id++) {
        char subject[32], folder[32];
        snprintf(subject, sizeof subject, "subject %03d", id);
        snprintf(folder, sizeof folder, "folder %d", id % 4);
        uint8_t extra[2] = {(uint8_t)id, 0xEE};
        OK(JetPrepareUpdate(s, t, JET_prepInsert));
        OK(JetSetColumn(s, t, tcols[0].columnid, &id, sizeof id, 0, NULL));
        OK(JetSetColumn(s, t, tcols[1].columnid, subject, (uint32_t)strlen(subject), 0, NULL));
        static const uint16_t label[] = {'x'};
        OK(JetSetColumn(s, t, tcols[2].columnid, label, sizeof label, 0, NULL));
        OK(JetSetColumn(s, t, dcols[0].columnid, folder, (uint32_t)strlen(folder), 0, NULL));
        OK(JetSetColumn(s, t, dcols[1].columnid, extra, sizeof extra, 0, NULL));
        OK(JetUpdate(s, t, NULL, 0, NULL));
    }
    OK(JetCommitTransaction(s, 0));
    check_row(s, t, 7);
    check_row(s, t, 33);

    /* What the table says of its template. */
    char name[64];
    OK(JetGetTableInfo(s, t, name, sizeof name, JET_TblInfoTemplateTableName));
    CHECK(strcmp(name, "Message") == 0);
    JET_OBJECTINFO oi;
    OK(JetGetTableInfo(s, t, &oi, sizeof oi, JET_TblInfo));
    CHECK((oi.flags & JET_bitObjectTableDerived) != 0 && oi.cRecord == 40);
    CHECK(listed(s, t, 0) == 6);
    CHECK(listed(s, t, JET_ColInfoGrbitNonDerivedColumnsOnly) == 2);

    /* The inherited part cannot change through the derived table; its own part can. */
    EXPECT(JetDeleteColumn(s, t, "subject"), JET_errFixedInheritedDDL);
    EXPECT(JetDeleteIndex(s, t, "bysubject"), JET_errFixedInheritedDDL);
    EXPECT(JetAddColumn(s, t, "subject", &cd, NULL, 0, &cnew), JET_errColumnDuplicate);
    OK(JetAddColumn(s, t, "count", &cd, NULL, 0, &cnew));
    CHECK(cnew == 2); /* after the template's fixed column 1 */
    OK(JetDeleteIndex(s, t, "byfolder"));
    OK(JetCloseTable(s, t));
    EXPECT(JetDeleteTable(s, db, "Message"), JET_errCannotDeleteTemplateTable);

    OK(JetCloseDatabase(s, db, 0));
    OK(JetDetachDatabase(s, "./templates.edb"));
    OK(JetEndSession(s, 0));
    OK(JetTerm(inst));

    /* After a restart the catalog gives the same tables. */
    inst = start_instance("templates2");
    OK(JetBeginSession(inst, &s, NULL, NULL));
    OK(JetAttachDatabase(s, "./templates.edb", 0));
    OK(JetOpenDatabase(s, "./templates.edb", NULL, &db, 0));
    OK(JetOpenTable(s, db, "Inbox", NULL, 0, 0, &t));
    CHECK(column_id(s, t, "labels") == (TEMPLATE_BIT | 256) && column_id(s, t, "extra") == 256);
    CHECK(column_id(s, t, "count") == 2);
    check_row(s, t, 21);
    OK(JetCloseTable(s, t));
    OK(JetEndSession(s, 0));
    OK(JetTerm(inst));
    return 0;
}
