/*
 * index_create.c: JetGetTableIndexInfo at JET_IdxInfoCreateIndex, 2 and 3 (A and W): the
 * JET_INDEXCREATE structures that re-create an index, with every pointer inside the caller's
 * buffer; each index of a table (primary, descending multi-column, conditional, over
 * substring tuples, with a key size) re-created from them on a second table gives the same
 * structure back; a short buffer is JET_errBufferTooSmall; without a name the primary index.
 */
#include "check.h"

#define BUF 4096

/* Whether [p, p + n) lies inside the buffer. */
static int inside(const void *buf, const void *p, size_t n) {
    const char *b = (const char *)buf, *q = (const char *)p;
    return q >= b && q + n <= b + BUF;
}

/* The key description's length in bytes, both NULs included. */
static size_t key_len(const char *k) {
    size_t n = 0;
    while (k[n] != 0) {
        n += strlen(k + n) + 1;
    }
    return n + 1;
}

/* The structure of index `name` of table `t`, checked to point inside the buffer. */
static JET_INDEXCREATE *get(JET_SESID s, JET_TABLEID t, const char *name, char *buf) {
    memset(buf, 0x5A, BUF);
    OK(JetGetTableIndexInfo(s, t, name, buf, BUF, JET_IdxInfoCreateIndex));
    JET_INDEXCREATE *ic = (JET_INDEXCREATE *)buf;
    CHECK(ic->cbStruct == sizeof *ic);
    CHECK(inside(buf, ic->szIndexName, strlen(ic->szIndexName) + 1));
    CHECK(inside(buf, ic->szKey, ic->cbKey) && ic->cbKey == key_len(ic->szKey));
    CHECK((ic->grbit & JET_bitIndexUnicode) != 0);
    CHECK(inside(buf, ic->pidxunicode, sizeof *ic->pidxunicode));
    if (ic->grbit & JET_bitIndexTupleLimits) {
        CHECK(inside(buf, ic->ptuplelimits, sizeof *ic->ptuplelimits));
    }
    if (ic->cConditionalColumn > 0) {
        CHECK(inside(buf, ic->rgconditionalcolumn,
                     ic->cConditionalColumn * sizeof *ic->rgconditionalcolumn));
        for (unsigned i = 0; i < ic->cConditionalColumn; i++) {
            CHECK(inside(buf, ic->rgconditionalcolumn[i].szColumnName, 2));
        }
    }
    CHECK(ic->cbKeyMost >= 255 && ic->err == 0);
    return ic;
}

/* Two structures describe the same index. */
static void same(const JET_INDEXCREATE *a, const JET_INDEXCREATE *b) {
    CHECK(strcmp(a->szIndexName, b->szIndexName) == 0);
    CHECK(a->cbKey == b->cbKey && memcmp(a->szKey, b->szKey, a->cbKey) == 0);
    CHECK(a->grbit == b->grbit && a->ulDensity == b->ulDensity && a->cbKeyMost == b->cbKeyMost);
    CHECK(a->pidxunicode->dwMapFlags == b->pidxunicode->dwMapFlags);
    if (a->grbit & JET_bitIndexTupleLimits) {
        CHECK(memcmp(a->ptuplelimits, b->ptuplelimits, sizeof *a->ptuplelimits) == 0);
    } else {
        CHECK(a->cbVarSegMac == b->cbVarSegMac);
    }
    CHECK(a->cConditionalColumn == b->cConditionalColumn);
    for (unsigned i = 0; i < a->cConditionalColumn; i++) {
        CHECK(strcmp(a->rgconditionalcolumn[i].szColumnName,
                     b->rgconditionalcolumn[i].szColumnName) == 0);
        CHECK(a->rgconditionalcolumn[i].grbit == b->rgconditionalcolumn[i].grbit);
    }
}

static void columns(JET_SESID s, JET_TABLEID t) {
    JET_COLUMNDEF d = coldef(JET_coltypLong, JET_bitColumnNotNULL);
    JET_COLUMNID c;
    OK(JetAddColumn(s, t, "id", &d, NULL, 0, &c));
    d = coldef(JET_coltypText, 0);
    d.cp = CP_ASCII;
    OK(JetAddColumn(s, t, "name", &d, NULL, 0, &c));
    d = coldef(JET_coltypText, 0);
    d.cp = CP_UNICODE;
    OK(JetAddColumn(s, t, "title", &d, NULL, 0, &c));
    d = coldef(JET_coltypLong, 0);
    OK(JetAddColumn(s, t, "flag", &d, NULL, 0, &c));
}

int main(void) {
    JET_INSTANCE inst = start_instance("index_create");
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t, u;
    OK(JetBeginSession(inst, &s, NULL, NULL));
    OK(JetCreateDatabase(s, "./index_create.edb", NULL, &db, 0));
    OK(JetCreateTable(s, db, "src", 0, 0, &t));
    columns(s, t);
    OK(JetCreateIndex(s, t, "pk", JET_bitIndexPrimary, "+id\0", sizeof "+id\0", 100));
    OK(JetCreateIndex(s, t, "by_name_id", JET_bitIndexIgnoreNull, "-name\0+id\0",
                      sizeof "-name\0+id\0", 100));
    JET_CONDITIONALCOLUMN cond = {sizeof cond, "flag", JET_bitIndexColumnMustBeNonNull};
    JET_INDEXCREATE ic;
    memset(&ic, 0, sizeof ic);
    ic.cbStruct = sizeof ic;
    ic.szIndexName = "flagged";
    ic.szKey = "+title\0";
    ic.cbKey = sizeof "+title\0";
    ic.grbit = JET_bitIndexKeyMost;
    ic.cbKeyMost = 400;
    ic.rgconditionalcolumn = &cond;
    ic.cConditionalColumn = 1;
    OK(JetCreateIndex2(s, t, &ic, 1));
    JET_TUPLELIMITS lim = {3, 8, 100, 2, 1};
    memset(&ic, 0, sizeof ic);
    ic.cbStruct = sizeof ic;
    ic.szIndexName = "tuples";
    ic.szKey = "+name\0";
    ic.cbKey = sizeof "+name\0";
    ic.grbit = JET_bitIndexTuples | JET_bitIndexTupleLimits;
    ic.ptuplelimits = &lim;
    OK(JetCreateIndex2(s, t, &ic, 1));

    OK(JetCreateTable(s, db, "copy", 0, 0, &u));
    columns(s, u);
    static const char *const NAMES[] = {"pk", "by_name_id", "flagged", "tuples"};
    static char a[BUF], b[BUF];
    for (int i = 0; i < 4; i++) {
        JET_INDEXCREATE *x = get(s, t, NAMES[i], a);
        /* The structure re-creates the index. */
        OK(JetCreateIndex2(s, u, x, 1));
        same(x, get(s, u, NAMES[i], b));
    }
    JET_INDEXCREATE *pk = get(s, t, NAMES[0], a);
    CHECK((pk->grbit & JET_bitIndexPrimary) != 0 && strcmp(pk->szKey, "+id") == 0);
    JET_INDEXCREATE *by = get(s, t, "by_name_id", a);
    CHECK(memcmp(by->szKey, "-name\0+id\0", sizeof "-name\0+id\0") == 0);
    CHECK((by->grbit & JET_bitIndexIgnoreNull) != 0);
    JET_INDEXCREATE *fl = get(s, t, "flagged", a);
    CHECK(fl->cbKeyMost == 400 && fl->cConditionalColumn == 1);
    CHECK(strcmp(fl->rgconditionalcolumn[0].szColumnName, "flag") == 0);
    CHECK(fl->rgconditionalcolumn[0].grbit == JET_bitIndexColumnMustBeNonNull);
    JET_INDEXCREATE *tu = get(s, t, "tuples", a);
    CHECK((tu->grbit & (JET_bitIndexTuples | JET_bitIndexTupleLimits)) ==
          (JET_bitIndexTuples | JET_bitIndexTupleLimits));
    CHECK(memcmp(tu->ptuplelimits, &lim, sizeof lim) == 0);

    /* Without a name: the primary index. */
    JET_INDEXCREATE *none = get(s, t, NULL, b);
    CHECK(strcmp(none->szIndexName, "pk") == 0);

    /* A short buffer, and an index that does not exist. */
    char small[sizeof(JET_INDEXCREATE) + 4];
    EXPECT(JetGetTableIndexInfo(s, t, "flagged", small, sizeof small, JET_IdxInfoCreateIndex),
           JET_errBufferTooSmall);
    EXPECT(JetGetTableIndexInfo(s, t, "nope", a, BUF, JET_IdxInfoCreateIndex),
           JET_errIndexNotFound);

    /* Form 2: the same, with space hints. */
    OK(JetGetTableIndexInfo(s, t, "flagged", a, BUF, JET_IdxInfoCreateIndex2));
    JET_INDEXCREATE2 *i2 = (JET_INDEXCREATE2 *)a;
    CHECK(i2->cbStruct == sizeof *i2 && inside(a, i2->pSpacehints, sizeof *i2->pSpacehints));
    CHECK(i2->pSpacehints->cbStruct == sizeof(JET_SPACEHINTS));
    CHECK(i2->pSpacehints->ulInitialDensity == i2->ulDensity);
    CHECK(strcmp(i2->szIndexName, "flagged") == 0 && i2->cbKeyMost == 400);

    /* Form 3 in UTF-16 (W): the locale by name. */
    uint16_t wname[] = {'f', 'l', 'a', 'g', 'g', 'e', 'd', 0};
    OK(JetGetTableIndexInfoW(s, t, wname, a, BUF, JET_IdxInfoCreateIndex3));
    JET_INDEXCREATE3_W *i3 = (JET_INDEXCREATE3_W *)a;
    CHECK(i3->cbStruct == sizeof *i3 && inside(a, i3->pidxunicode, sizeof *i3->pidxunicode));
    CHECK(inside(a, i3->pidxunicode->szLocaleName, 2));
    CHECK(memcmp(i3->szIndexName, wname, sizeof wname) == 0);
    static const uint16_t wkey[] = {'+', 't', 'i', 't', 'l', 'e', 0, 0};
    CHECK(i3->cbKey == sizeof wkey && memcmp(i3->szKey, wkey, sizeof wkey) == 0);
    CHECK(i3->cConditionalColumn == 1 && i3->rgconditionalcolumn[0].szColumnName[0] == 'f');

    OK(JetCloseTable(s, t));
    OK(JetCloseTable(s, u));
    OK(JetEndSession(s, 0));
    OK(JetTerm(inst));
    return 0;
}
