/*
 * space_info.c: the information levels of a table's and a database's space and catalog
 * facts, as ESE answers them: JetGetDatabaseInfo at JET_DbInfoSpaceOwned and SpaceAvailable;
 * JetGetTableInfo at JET_TblInfoSpaceAlloc, SpaceOwned, SpaceAvailable, SpaceUsage (with its
 * extent lists), SpaceOwnedLV, SpaceAvailableLV, LVChunkMax, ObjectId and
 * RetrieveAndReserveAutoIncrement; JetGetTableIndexInfo at JET_IdxInfoSpaceAlloc, SortVersion,
 * DefinedSortVersion, SortId and IndexId, and JetSetCurrentIndex4 with the id; the buffer
 * sizes and errors ESE gives; the answers follow the table as it grows, and stay after the
 * instance restarts; a table created with initial pages owns them from the start.
 */
#include "check.h"

static uint32_t tbl_u32(JET_SESID s, JET_TABLEID t, unsigned long level) {
    uint32_t v = 0xDEADBEEF;
    OK(JetGetTableInfo(s, t, &v, sizeof v, level));
    return v;
}

static uint32_t idx_u32(JET_SESID s, JET_TABLEID t, const char *index, unsigned long level) {
    uint32_t v = 0xDEADBEEF;
    OK(JetGetTableIndexInfo(s, t, index, &v, sizeof v, level));
    return v;
}

static uint32_t db_u32(JET_SESID s, JET_DBID db, unsigned long level) {
    uint32_t v = 0xDEADBEEF;
    OK(JetGetDatabaseInfo(s, db, &v, sizeof v, level));
    return v;
}

/* JET_TblInfoSpaceUsage with its extent lists: checks the lists against the totals and
 * against the table's owned space, and returns the owned and available totals. */
static void usage(JET_SESID s, JET_TABLEID t, uint32_t owned_table, uint32_t *owned,
                  uint32_t *avail) {
    uint32_t buf[2 + 2 * 256];
    memset(buf, 0xAB, sizeof buf);
    OK(JetGetTableInfo(s, t, buf, sizeof buf, JET_TblInfoSpaceUsage));
    *owned = buf[0];
    *avail = buf[1];
    CHECK(*owned == owned_table && *avail < *owned);
    /* Owned extents, a (0, 0) sentinel, available extents, a sentinel. */
    uint32_t i = 2, sum = 0, lists = 0, prev_last = 0;
    while (lists < 2) {
        CHECK(i + 1 < sizeof buf / sizeof buf[0]);
        uint32_t last = buf[i], pages = buf[i + 1];
        i += 2;
        if (last == 0 && pages == 0) {
            CHECK(sum == (lists == 0 ? *owned : *avail));
            sum = 0;
            prev_last = 0;
            lists++;
            continue;
        }
        CHECK(pages > 0 && last + 1 >= pages && last > prev_last);
        prev_last = last;
        sum += pages;
    }
    /* Just the two totals. */
    uint32_t two[2];
    OK(JetGetTableInfo(s, t, two, sizeof two, JET_TblInfoSpaceUsage));
    CHECK(two[0] == *owned && two[1] == *avail);
    /* Room for the totals but not both sentinels; too small for the totals. */
    uint32_t five[5];
    EXPECT(JetGetTableInfo(s, t, five, sizeof five, JET_TblInfoSpaceUsage), JET_errBufferTooSmall);
    EXPECT(JetGetTableInfo(s, t, five, 4, JET_TblInfoSpaceUsage), JET_errInvalidParameter);
    /* Only the sentinels fit: both lists come back empty. */
    uint32_t six[6];
    memset(six, 0xAB, sizeof six);
    OK(JetGetTableInfo(s, t, six, sizeof six, JET_TblInfoSpaceUsage));
    CHECK(six[0] == *owned && six[2] == 0 && six[3] == 0 && six[4] == 0 && six[5] == 0);
}

static void insert(JET_SESID s, JET_TABLEID t, JET_COLUMNID cname, JET_COLUMNID cblob, int i) {
    static unsigned char blob[20000];
    char name[32];
    snprintf(name, sizeof name, "name %05d", i);
    OK(JetPrepareUpdate(s, t, JET_prepInsert));
    OK(JetSetColumn(s, t, cname, name, (uint32_t)strlen(name), 0, NULL));
    if (i % 10 == 0) {
        memset(blob, i & 0xFF, sizeof blob);
        OK(JetSetColumn(s, t, cblob, blob, sizeof blob, 0, NULL));
    }
    OK(JetUpdate(s, t, NULL, 0, NULL));
}

int main(void) {
    JET_INSTANCE inst = start_instance("space_info");
    JET_SESID s;
    JET_DBID db;
    OK(JetBeginSession(inst, &s, NULL, NULL));
    OK(JetCreateDatabase(s, "space.edb", NULL, &db, 0));

    JET_TABLEID t, plain;
    JET_COLUMNID cid, cname, cblob, cwide, ck;
    OK(JetCreateTable(s, db, "t", 0, 100, &t));
    JET_COLUMNDEF d = coldef(JET_coltypLong, JET_bitColumnAutoincrement);
    OK(JetAddColumn(s, t, "id", &d, NULL, 0, &cid));
    d = coldef(JET_coltypText, JET_bitColumnTagged);
    d.cp = CP_ASCII;
    OK(JetAddColumn(s, t, "name", &d, NULL, 0, &cname));
    d = coldef(JET_coltypLongBinary, JET_bitColumnTagged);
    OK(JetAddColumn(s, t, "blob", &d, NULL, 0, &cblob));
    d = coldef(JET_coltypText, JET_bitColumnTagged);
    OK(JetAddColumn(s, t, "wide", &d, NULL, 0, &cwide));
    OK(JetCreateIndex(s, t, "primary", JET_bitIndexPrimary, "+id\0", 5, 100));
    OK(JetCreateIndex(s, t, "byname", 0, "+name\0", 7, 90));
    OK(JetCreateIndex(s, t, "bywide", 0, "+wide\0", 7, 80));
    /* lPages: the table's tree gets 64 pages at once (ESE's initial pages). */
    OK(JetCreateTable(s, db, "plain", 64, 100, &plain));
    d = coldef(JET_coltypLong, JET_bitColumnNotNULL);
    OK(JetAddColumn(s, plain, "k", &d, NULL, 0, &ck));
    OK(JetCreateIndex(s, plain, "primary", JET_bitIndexPrimary, "+k\0", 4, 100));

    /* The database root: owned pages, of which some are free; SpaceOwned takes exactly a
     * ULONG. */
    uint32_t db_owned = db_u32(s, db, JET_DbInfoSpaceOwned);
    uint32_t db_avail = db_u32(s, db, JET_DbInfoSpaceAvailable);
    CHECK(db_owned >= 16 && db_avail < db_owned);
    uint32_t two[2];
    EXPECT(JetGetDatabaseInfo(s, db, two, sizeof two, JET_DbInfoSpaceOwned),
           JET_errInvalidBufferSize);
    EXPECT(JetGetDatabaseInfo(s, db, two, 2, JET_DbInfoSpaceAvailable), JET_errInvalidParameter);

    /* The catalog's facts: initial pages and density, object ids, the LV chunk size. */
    uint32_t alloc[2];
    OK(JetGetTableInfo(s, t, alloc, sizeof alloc, JET_TblInfoSpaceAlloc));
    CHECK(alloc[0] == 4 && alloc[1] == 100);
    OK(JetGetTableInfo(s, plain, alloc, sizeof alloc, JET_TblInfoSpaceAlloc));
    CHECK(alloc[0] == 64 && alloc[1] == 100);
    CHECK(tbl_u32(s, plain, JET_TblInfoSpaceOwned) == 64);
    EXPECT(JetGetTableInfo(s, t, alloc, 4, JET_TblInfoSpaceAlloc), JET_errBufferTooSmall);
    uint32_t objid = tbl_u32(s, t, JET_TblInfoObjectId), objid_plain = tbl_u32(s, plain, JET_TblInfoObjectId);
    CHECK(objid > 0 && objid_plain > 0 && objid != objid_plain);
    uint32_t chunk = tbl_u32(s, t, JET_TblInfoLVChunkMax);
    uint32_t page_size = 0;
    OK(JetGetDatabaseInfo(s, db, &page_size, sizeof page_size, JET_DbInfoPageSize));
    CHECK(chunk >= page_size / 4 && chunk < page_size);
    uint32_t density = 0, v0 = 0;
    OK(JetGetTableIndexInfo(s, t, "byname", &density, sizeof density, JET_IdxInfoSpaceAlloc));
    CHECK(density == 90);
    OK(JetGetTableIndexInfo(s, t, "bywide", &v0, sizeof v0, JET_IdxInfoSpaceAlloc));
    CHECK(v0 == 80);
    EXPECT(JetCreateIndex(s, t, "dense", 0, "+name\0", 7, 10), JET_errDensityInvalid);
    /* The create-index description carries the same density. */
    char buf[4096];
    OK(JetGetTableIndexInfo(s, t, "byname", buf, sizeof buf, JET_IdxInfoCreateIndex));
    CHECK(((JET_INDEXCREATE *)buf)->ulDensity == density);

    /* Space as the table grows: owned pages grow, the LV tree appears. */
    OK(JetCloseTable(s, t));
    OK(JetOpenTable(s, db, "t", NULL, 0, 0, &t));
    uint32_t owned_before = tbl_u32(s, t, JET_TblInfoSpaceOwned);
    CHECK(tbl_u32(s, t, JET_TblInfoSpaceOwnedLV) == 0);
    CHECK(tbl_u32(s, t, JET_TblInfoSpaceAvailableLV) == 0);
    uint32_t last_owned = owned_before;
    for (int round = 0; round < 3; round++) {
        OK(JetBeginTransaction(s));
        for (int i = 0; i < 400; i++) {
            insert(s, t, cname, cblob, round * 400 + i);
        }
        OK(JetCommitTransaction(s, 0));
        uint32_t owned = tbl_u32(s, t, JET_TblInfoSpaceOwned);
        uint32_t avail = tbl_u32(s, t, JET_TblInfoSpaceAvailable);
        uint32_t lv_owned = tbl_u32(s, t, JET_TblInfoSpaceOwnedLV);
        uint32_t lv_avail = tbl_u32(s, t, JET_TblInfoSpaceAvailableLV);
        uint32_t u_owned, u_avail;
        usage(s, t, owned, &u_owned, &u_avail);
        CHECK(owned >= last_owned && lv_owned > 0 && lv_avail < lv_owned);
        /* Available counts the table's own free pages, its indexes' and its LV tree's. */
        CHECK(avail >= u_avail + lv_avail);
        /* Each index's own share: the primary index's owned pages are the table's without
           those of its secondary indexes and LV tree; the free pages add up. */
        uint32_t pk_owned = idx_u32(s, t, NULL, JET_IdxInfoSpaceOwned);
        uint32_t pk_avail = idx_u32(s, t, NULL, JET_IdxInfoSpaceAvailable);
        uint32_t by_owned = idx_u32(s, t, "byname", JET_IdxInfoSpaceOwned);
        uint32_t by_avail = idx_u32(s, t, "byname", JET_IdxInfoSpaceAvailable);
        uint32_t wide_owned = idx_u32(s, t, "bywide", JET_IdxInfoSpaceOwned);
        uint32_t wide_avail = idx_u32(s, t, "bywide", JET_IdxInfoSpaceAvailable);
        CHECK(pk_owned + by_owned + wide_owned + lv_owned == owned);
        CHECK(pk_avail == u_avail && by_avail < by_owned && wide_avail < wide_owned);
        CHECK(avail == u_avail + by_avail + wide_avail + lv_avail);
        uint32_t by_owned2 = 0;
        OK(JetGetIndexInfo(s, db, "t", "byname", &by_owned2, sizeof by_owned2, JET_IdxInfoSpaceOwned));
        CHECK(by_owned2 == by_owned);
        /* The table's owned space includes the LV tree's. */
        CHECK(owned > lv_owned + u_avail);
        /* And lies inside the database's. */
        CHECK(owned + tbl_u32(s, plain, JET_TblInfoSpaceOwned) < db_u32(s, db, JET_DbInfoSpaceOwned));
        last_owned = owned;
    }
    CHECK(last_owned > owned_before);
    /* An index's owned pages take exactly a ULONG, its free ones at least one. */
    EXPECT(JetGetTableIndexInfo(s, t, "byname", two, sizeof two, JET_IdxInfoSpaceOwned),
           JET_errInvalidBufferSize);
    OK(JetGetTableIndexInfo(s, t, "byname", two, sizeof two, JET_IdxInfoSpaceAvailable));
    EXPECT(JetGetTableIndexInfo(s, t, "byname", two, 2, JET_IdxInfoSpaceAvailable),
           JET_errBufferTooSmall);
    EXPECT(JetGetTableIndexInfo(s, t, "nope", two, 4, JET_IdxInfoSpaceAvailable),
           JET_errIndexNotFound);
    /* SpaceAvailable takes exactly a ULONG. */
    EXPECT(JetGetTableInfo(s, t, two, sizeof two, JET_TblInfoSpaceAvailable),
           JET_errInvalidBufferSize);

    /* Sort versions: this engine's own sort for the Unicode index, none for the other. */
    uint32_t v = 0xFFFFFFFF;
    OK(JetGetTableIndexInfo(s, t, "byname", &v, sizeof v, JET_IdxInfoSortVersion));
    CHECK(v == 0);
    unsigned char sortid[16], zeros[16] = {0};
    OK(JetGetTableIndexInfo(s, t, "byname", sortid, sizeof sortid, JET_IdxInfoSortId));
    CHECK(memcmp(sortid, zeros, 16) == 0);
    OK(JetGetTableIndexInfo(s, t, "bywide", sortid, sizeof sortid, JET_IdxInfoSortId));
    CHECK(memcmp(sortid, zeros, 16) != 0);
    EXPECT(JetGetTableIndexInfo(s, t, "bywide", sortid, 8, JET_IdxInfoSortId), JET_errBufferTooSmall);
    uint32_t defined = 0;
    OK(JetGetTableIndexInfo(s, t, "bywide", &defined, sizeof defined, JET_IdxInfoDefinedSortVersion));
    OK(JetGetTableIndexInfo(s, t, "bywide", &v, sizeof v, JET_IdxInfoSortVersion));
    CHECK(v != 0 || defined != 0);

    /* Reserved autoincrement values are not taken by inserts. */
    uint32_t reserved = 0;
    OK(JetGetTableInfo(s, t, &reserved, sizeof reserved, JET_TblInfoRetrieveAndReserveAutoIncrement));
    CHECK(reserved == 1201);
    OK(JetPrepareUpdate(s, t, JET_prepInsert));
    int32_t next = 0;
    uint32_t cb = 0;
    OK(JetRetrieveColumn(s, t, cid, &next, sizeof next, &cb, JET_bitRetrieveCopy, NULL));
    CHECK(next == 1202);
    OK(JetPrepareUpdate(s, t, JET_prepCancel));
    uint64_t wide_buf = 0;
    EXPECT(JetGetTableInfo(s, t, &wide_buf, sizeof wide_buf, JET_TblInfoRetrieveAndReserveAutoIncrement),
           JET_errInvalidBufferSize);
    EXPECT(JetGetTableInfo(s, plain, &reserved, sizeof reserved, JET_TblInfoRetrieveAndReserveAutoIncrement),
           JET_errInvalidOperation);

    /* Index ids: JetSetCurrentIndex4 goes to the index the id names, whatever the name. */
    JET_INDEXID byname, bywide, plain_primary;
    OK(JetGetTableIndexInfo(s, t, "byname", &byname, sizeof byname, JET_IdxInfoIndexId));
    OK(JetGetTableIndexInfo(s, t, "bywide", &bywide, sizeof bywide, JET_IdxInfoIndexId));
    OK(JetGetTableIndexInfo(s, plain, NULL, &plain_primary, sizeof plain_primary, JET_IdxInfoIndexId));
    CHECK(byname.cbStruct == sizeof byname && memcmp(&byname, &bywide, sizeof byname) != 0);
    EXPECT(JetGetTableIndexInfo(s, t, "byname", &byname, sizeof byname - 1, JET_IdxInfoIndexId),
           JET_errBufferTooSmall);
    char current[JET_cbNameMost + 1];
    OK(JetSetCurrentIndex4(s, t, "bywide", &byname, JET_bitMoveFirst, 1));
    OK(JetGetCurrentIndex(s, t, current, sizeof current));
    CHECK(strcmp(current, "byname") == 0);
    OK(JetSetCurrentIndex4(s, t, NULL, &bywide, JET_bitMoveFirst, 1));
    OK(JetGetCurrentIndex(s, t, current, sizeof current));
    CHECK(strcmp(current, "bywide") == 0);
    EXPECT(JetSetCurrentIndex4(s, t, "byname", &plain_primary, JET_bitMoveFirst, 1), JET_errInvalidIndexId);
    JET_INDEXID bad = byname;
    bad.rgbIndexId[sizeof bad.rgbIndexId - 1] ^= 0x40; /* another root page */
    EXPECT(JetSetCurrentIndex4(s, t, "byname", &bad, JET_bitMoveFirst, 1), JET_errInvalidIndexId);
    bad = byname;
    bad.cbStruct = sizeof bad - 1;
    EXPECT(JetSetCurrentIndex4(s, t, "byname", &bad, JET_bitMoveFirst, 1), JET_errInvalidIndexId);
    OK(JetGetCurrentIndex(s, t, current, sizeof current));
    CHECK(strcmp(current, "bywide") == 0);
    /* An index deleted since its id was taken. */
    OK(JetCloseTable(s, t));
    OK(JetOpenTable(s, db, "t", NULL, 0, JET_bitTableDenyRead, &t));
    OK(JetDeleteIndex(s, t, "bywide"));
    EXPECT(JetSetCurrentIndex4(s, t, NULL, &bywide, JET_bitMoveFirst, 1), JET_errInvalidIndexId);
    OK(JetSetCurrentIndex4(s, t, NULL, &byname, JET_bitMoveFirst, 1));

    /* A temporary table has no catalog rows or space of its own. */
    JET_COLUMNDEF td = coldef(JET_coltypLong, JET_bitColumnTTKey);
    JET_COLUMNID tcol;
    JET_TABLEID tt;
    OK(JetOpenTempTable(s, &td, 1, 0, &tt, &tcol));
    EXPECT(JetGetTableInfo(s, tt, &v, sizeof v, JET_TblInfoObjectId), JET_errInvalidOperation);
    EXPECT(JetGetTableInfo(s, tt, &v, sizeof v, JET_TblInfoSpaceOwned), JET_errInvalidOperation);
    OK(JetCloseTable(s, tt));

    /* After a restart: the same catalog facts and long values. */
    uint32_t owned_now = tbl_u32(s, t, JET_TblInfoSpaceOwned);
    uint32_t lv_now = tbl_u32(s, t, JET_TblInfoSpaceOwnedLV);
    OK(JetCloseTable(s, t));
    OK(JetCloseTable(s, plain));
    OK(JetCloseDatabase(s, db, 0));
    OK(JetEndSession(s, 0));
    OK(JetTerm(inst));
    inst = start_instance("space_info");
    OK(JetBeginSession(inst, &s, NULL, NULL));
    OK(JetAttachDatabase(s, "space.edb", 0));
    OK(JetOpenDatabase(s, "space.edb", NULL, &db, 0));
    OK(JetOpenTable(s, db, "t", NULL, 0, 0, &t));
    /* The deleted index's space may have gone back to the database since. */
    uint32_t owned_after = tbl_u32(s, t, JET_TblInfoSpaceOwned);
    CHECK(owned_after <= owned_now && owned_after > lv_now);
    CHECK(tbl_u32(s, t, JET_TblInfoSpaceOwnedLV) == lv_now);
    CHECK(tbl_u32(s, t, JET_TblInfoObjectId) == objid);
    OK(JetGetTableIndexInfo(s, t, "byname", &v, sizeof v, JET_IdxInfoSpaceAlloc));
    CHECK(v == density);
    OK(JetSetCurrentIndex4(s, t, "bywide", &byname, JET_bitMoveFirst, 1));
    OK(JetGetCurrentIndex(s, t, current, sizeof current));
    CHECK(strcmp(current, "byname") == 0);
    OK(JetCloseTable(s, t));
    OK(JetEndSession(s, 0));
    OK(JetTerm(inst));
    return 0;
}
