/*
 * tuples.c: an index over substring tuples (JET_bitIndexTuples, JET_TUPLELIMITS) through the
 * C interface: created with and without limits, kept by inserts, a replacement and a delete,
 * searched for a substring with an index range, and the definitions and calls ESE refuses.
 */
#include "check.h"

/* Inserts record `id` with name `name`. */
static void insert(JET_SESID s, JET_TABLEID t, JET_COLUMNID cid, JET_COLUMNID cname, int32_t id,
                   const char *name) {
    OK(JetPrepareUpdate(s, t, JET_prepInsert));
    OK(JetSetColumn(s, t, cid, &id, sizeof id, 0, NULL));
    OK(JetSetColumn(s, t, cname, name, (uint32_t)strlen(name), 0, NULL));
    OK(JetUpdate(s, t, NULL, 0, NULL));
}

/* The ids of the records whose name holds `sub`, found on index `index`: a key of the
 * substring as a partial column start limit, a seek, then a range to the partial end. */
static int containing(JET_SESID s, JET_TABLEID t, JET_COLUMNID cid, const char *index,
                      const char *sub, int32_t *ids, int most) {
    OK(JetSetCurrentIndex(s, t, index));
    OK(JetMakeKey(s, t, sub, (uint32_t)strlen(sub),
                  JET_bitNewKey | JET_bitPartialColumnStartLimit));
    JET_ERR e = JetSeek(s, t, JET_bitSeekGE);
    if (e == JET_errRecordNotFound) {
        return 0;
    }
    CHECK(e >= 0);
    OK(JetMakeKey(s, t, sub, (uint32_t)strlen(sub),
                  JET_bitNewKey | JET_bitPartialColumnEndLimit));
    e = JetSetIndexRange(s, t, JET_bitRangeUpperLimit | JET_bitRangeInclusive);
    if (e == JET_errNoCurrentRecord) {
        return 0;
    }
    OK(e);
    int n = 0;
    do {
        int32_t id = 0;
        uint32_t cb = 0;
        OK(JetRetrieveColumn(s, t, cid, &id, sizeof id, &cb, 0, NULL));
        /* A name can hold the substring twice: one entry per distinct tuple. */
        int seen = 0;
        for (int i = 0; i < n; i++) {
            seen |= ids[i] == id;
        }
        if (!seen) {
            CHECK(n < most);
            ids[n++] = id;
        }
    } while (JetMove(s, t, JET_MoveNext, 0) == JET_errSuccess);
    return n;
}

static int has(const int32_t *ids, int n, int32_t id) {
    for (int i = 0; i < n; i++) {
        if (ids[i] == id) {
            return 1;
        }
    }
    return 0;
}

int main(void) {
    JET_INSTANCE inst = start_instance("tuples");
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;
    OK(JetBeginSession(inst, &s, NULL, NULL));
    OK(JetCreateDatabase(s, "./tuples.edb", NULL, &db, 0));
    OK(JetCreateTable(s, db, "notes", 0, 0, &t));
    JET_COLUMNDEF d = coldef(JET_coltypLong, 0);
    JET_COLUMNID cid, cname;
    OK(JetAddColumn(s, t, "id", &d, NULL, 0, &cid));
    d = coldef(JET_coltypText, 0);
    d.cp = CP_ASCII;
    OK(JetAddColumn(s, t, "name", &d, NULL, 0, &cname));
    OK(JetCreateIndex(s, t, "primary", JET_bitIndexPrimary, "+id\0", sizeof "+id\0", 100));

    /* The definitions ESE refuses. */
    EXPECT(JetCreateIndex(s, t, "u", JET_bitIndexTuples | JET_bitIndexUnique, "+name\0",
                          sizeof "+name\0", 100),
           JET_errIndexTuplesNonUniqueOnly);
    EXPECT(JetCreateIndex(s, t, "l", JET_bitIndexTuples, "+id\0", sizeof "+id\0", 100),
           JET_errIndexTuplesTextBinaryColumnsOnly);
    JET_INDEXCREATE ic;
    memset(&ic, 0, sizeof ic);
    ic.cbStruct = sizeof ic;
    ic.szIndexName = "limited";
    ic.szKey = "+name\0";
    ic.cbKey = sizeof "+name\0";
    ic.grbit = JET_bitIndexTupleLimits;
    EXPECT(JetCreateIndex2(s, t, &ic, 1), JET_errIndexInvalidDef);
    JET_TUPLELIMITS bad = {1, 6, 0, 0, 0};
    ic.ptuplelimits = &bad;
    EXPECT(JetCreateIndex2(s, t, &ic, 1), JET_errIndexTuplesInvalidLimits);
    ic.grbit = JET_bitIndexTuples;
    ic.ptuplelimits = NULL;
    ic.cbVarSegMac = 8;
    EXPECT(JetCreateIndex2(s, t, &ic, 1), JET_errIndexTuplesVarSegMacNotAllowed);

    /* Substrings of 3 to 6 characters; then JET_bitIndexTuples alone, which takes the
     * instance's JET_paramIndexTuples* (3 to 10 by default; here the shortest made 4). */
    JET_TUPLELIMITS limits = {3, 6, 0, 1, 0};
    ic.grbit = JET_bitIndexTupleLimits;
    ic.ptuplelimits = &limits;
    OK(JetCreateIndex2(s, t, &ic, 1));
    JET_API_PTR min = 0;
    OK(JetGetSystemParameter(inst, 0, JET_paramIndexTuplesLengthMin, &min, NULL, 0));
    CHECK(min == 3);
    OK(JetSetSystemParameter(&inst, 0, JET_paramIndexTuplesLengthMin, 4, NULL));
    OK(JetCreateIndex(s, t, "tuples", JET_bitIndexTuples, "+name\0", sizeof "+name\0", 100));

    OK(JetBeginTransaction(s));
    insert(s, t, cid, cname, 1, "the quick brown fox");
    insert(s, t, cid, cname, 2, "Downtown");
    insert(s, t, cid, cname, 3, "ox");
    insert(s, t, cid, cname, 4, "Owner");
    OK(JetCommitTransaction(s, 0));

    int32_t ids[8];
    int n = containing(s, t, cid, "limited", "own", ids, 8);
    CHECK(n == 3 && has(ids, n, 1) && has(ids, n, 2) && has(ids, n, 4));
    n = containing(s, t, cid, "tuples", "quick", ids, 8);
    CHECK(n == 1 && ids[0] == 1);
    n = containing(s, t, cid, "tuples", "zzzz", ids, 8);
    CHECK(n == 0);
    /* Longer than the longest tuple: the key is cut to it. */
    n = containing(s, t, cid, "limited", "downtown", ids, 8);
    CHECK(n == 1 && ids[0] == 2);

    /* A replacement and a delete move the entries. */
    OK(JetSetCurrentIndex(s, t, NULL));
    int32_t id = 2;
    OK(JetMakeKey(s, t, &id, sizeof id, JET_bitNewKey));
    OK(JetSeek(s, t, JET_bitSeekEQ));
    OK(JetPrepareUpdate(s, t, JET_prepReplace));
    OK(JetSetColumn(s, t, cname, "uptown", 6, 0, NULL));
    OK(JetUpdate(s, t, NULL, 0, NULL));
    id = 4;
    OK(JetMakeKey(s, t, &id, sizeof id, JET_bitNewKey));
    OK(JetSeek(s, t, JET_bitSeekEQ));
    OK(JetDelete(s, t));
    n = containing(s, t, cid, "limited", "own", ids, 8);
    CHECK(n == 2 && has(ids, n, 1) && has(ids, n, 2));
    n = containing(s, t, cid, "tuples", "down", ids, 8);
    CHECK(n == 0);

    /* Keys shorter than the shortest tuple, and the tuple column from the index. */
    OK(JetSetCurrentIndex(s, t, "tuples"));
    EXPECT(JetMakeKey(s, t, "fox", 3, JET_bitNewKey), JET_errIndexTuplesKeyTooSmall);
    OK(JetSetCurrentIndex(s, t, "limited"));
    EXPECT(JetMakeKey(s, t, "ab", 2, JET_bitNewKey), JET_errIndexTuplesKeyTooSmall);
    OK(JetMakeKey(s, t, "fox", 3, JET_bitNewKey));
    OK(JetSeek(s, t, JET_bitSeekEQ));
    char buf[64];
    uint32_t cb = 0;
    EXPECT(JetRetrieveColumn(s, t, cname, buf, sizeof buf, &cb, JET_bitRetrieveFromIndex, NULL),
           JET_errIndexTuplesCannotRetrieveFromIndex);
    OK(JetRetrieveColumn(s, t, cname, buf, sizeof buf, &cb, 0, NULL));
    CHECK(cb == strlen("the quick brown fox") && memcmp(buf, "the quick brown fox", cb) == 0);

    /* A primary tuple index, on a new table. */
    JET_TABLEID t2;
    OK(JetCreateTable(s, db, "p", 0, 0, &t2));
    d = coldef(JET_coltypText, 0);
    d.cp = CP_ASCII;
    OK(JetAddColumn(s, t2, "name", &d, NULL, 0, NULL));
    EXPECT(JetCreateIndex(s, t2, "primary", JET_bitIndexPrimary | JET_bitIndexTuples, "+name\0",
                          sizeof "+name\0", 100),
           JET_errIndexTuplesSecondaryIndexOnly);
    OK(JetCloseTable(s, t2));

    OK(JetCloseTable(s, t));
    OK(JetCloseDatabase(s, db, 0));
    OK(JetDetachDatabase(s, "./tuples.edb"));
    OK(JetEndSession(s, 0));
    OK(JetTerm(inst));
    return 0;
}
