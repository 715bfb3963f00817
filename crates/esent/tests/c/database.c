/*
 * database.c: creating, attaching, opening, closing and detaching databases and reading
 * their information through the C interface, used correctly and misused, and a database
 * named by a bare file name ("books.edb") in the current directory; JetGetDatabaseFileInfo's
 * levels, Upgrade (with headers of older versions) and DBInUse among them.
 */
#include "check.h"

int main(void) {
    JET_INSTANCE inst = start_instance("database");
    JET_SESID s;
    JET_DBID db = 0, db2 = 0;
    OK(JetBeginSession(inst, &s, NULL, NULL));

    EXPECT(JetCreateDatabase(s, NULL, NULL, &db, 0), JET_errInvalidParameter);
    EXPECT(JetCreateDatabase(s, "./d.edb", NULL, NULL, 0), JET_errInvalidParameter);
    EXPECT(JetCreateDatabase(s, "./d.edb", NULL, &db, 0x8000), JET_errInvalidGrbit);
    EXPECT(JetCreateDatabase((JET_SESID)7, "./d.edb", NULL, &db, 0), JET_errInvalidSesid);
    CHECK(db == 0);
    OK(JetCreateDatabase(s, "./d.edb", NULL, &db, 0));
    CHECK(db != 0 && db != JET_dbidNil);
    EXPECT(JetCreateDatabase(s, "./d.edb", NULL, &db2, 0), JET_errDatabaseDuplicate);

    /* Information about the open database. */
    char name[256];
    EXPECT(JetGetDatabaseInfo(s, db, name, 4, JET_DbInfoFilename), JET_errBufferTooSmall);
    OK(JetGetDatabaseInfo(s, db, name, sizeof name, JET_DbInfoFilename));
    CHECK(strstr(name, "d.edb") != NULL);
    uint16_t wname[256];
    OK(JetGetDatabaseInfoW(s, db, wname, sizeof wname, JET_DbInfoFilename));
    CHECK(wname[0] != 0);
    uint32_t page = 0, pages = 0;
    OK(JetGetDatabaseInfo(s, db, &page, sizeof page, JET_DbInfoPageSize));
    CHECK(page == 4096 || page == 8192 || page == 16384 || page == 32768);
    EXPECT(JetGetDatabaseInfo(s, db, &page, 2, JET_DbInfoPageSize), JET_errBufferTooSmall);
    EXPECT(JetGetDatabaseInfo(s, db, NULL, 4, JET_DbInfoPageSize), JET_errInvalidParameter);
    OK(JetGetDatabaseInfo(s, db, &pages, sizeof pages, JET_DbInfoFilesize));
    CHECK(pages > 0);
    JET_DBINFOMISC misc;
    EXPECT(JetGetDatabaseInfo(s, db, &misc, sizeof misc - 1, JET_DbInfoMisc),
           JET_errBufferTooSmall);
    OK(JetGetDatabaseInfo(s, db, &misc, sizeof misc, JET_DbInfoMisc));
    CHECK(misc.ulVersion == 0x620 && misc.cbPageSize == page);
    EXPECT(JetGetDatabaseInfo(s, db, &page, sizeof page, 9999), JET_errInvalidParameter);
    /* The legacy levels, as ESE answers them. */
    uint32_t legacy = 0;
    OK(JetGetDatabaseInfo(s, db, &legacy, sizeof legacy, JET_DbInfoCountry));
    CHECK(legacy == 1);
    OK(JetGetDatabaseInfo(s, db, &legacy, sizeof legacy, JET_DbInfoCp));
    CHECK(legacy == 1252);
    OK(JetGetDatabaseInfo(s, db, &legacy, sizeof legacy, JET_DbInfoLCID));
    CHECK(legacy == 0x409);
    OK(JetGetDatabaseInfo(s, db, &legacy, sizeof legacy, JET_DbInfoTransactions));
    CHECK(legacy == 7);
    char connect[8] = "xyz";
    OK(JetGetDatabaseInfo(s, db, connect, sizeof connect, JET_DbInfoConnect));
    CHECK(connect[0] == 0);
    unsigned long long wide_country = 0;
    EXPECT(JetGetDatabaseInfo(s, db, &wide_country, sizeof wide_country, JET_DbInfoCountry),
           JET_errInvalidBufferSize);
    EXPECT(JetGetDatabaseInfo(s, db, &legacy, sizeof legacy, JET_DbInfoIsam),
           JET_errFeatureNotAvailable);
    OK(JetGetDatabaseInfo(s, db, &legacy, sizeof legacy, JET_DbInfoFilesizeOnDisk));
    CHECK(legacy > 0);
    EXPECT(JetGetDatabaseInfo(s, 6, &page, sizeof page, JET_DbInfoPageSize),
           JET_errInvalidDatabaseId);

    /* Close, detach, and the file's own header. */
    EXPECT(JetCloseDatabase(s, 5, 0), JET_errInvalidDatabaseId);
    OK(JetCloseDatabase(s, db, 0));
    OK(JetDetachDatabase(s, "./d.edb"));
    EXPECT(JetDetachDatabase(s, "./d.edb"), JET_errDatabaseNotFound);
    EXPECT(JetOpenDatabase(s, "./d.edb", NULL, &db, 0), JET_errDatabaseNotFound);
    JET_DBINFOMISC4 misc4;
    memset(&misc4, 0x55, sizeof misc4);
    OK(JetGetDatabaseFileInfo("./d.edb", &misc4, sizeof misc4, JET_DbInfoMisc));
    CHECK(misc4.ulVersion == 0x620 && misc4.dbstate == JET_dbstateCleanShutdown);
    EXPECT(JetGetDatabaseFileInfo("./missing.edb", &misc, sizeof misc, JET_DbInfoMisc),
           JET_errFileNotFound);
    EXPECT(JetGetDatabaseFileInfo(NULL, &misc, sizeof misc, JET_DbInfoMisc),
           JET_errInvalidParameter);
    /* The file's size in bytes, a QWORD, as ESE's JetGetDatabaseFileInfo gives it. */
    FILE *df = fopen("./d.edb", "rb");
    CHECK(df != NULL && fseek(df, 0, SEEK_END) == 0);
    long bytes = ftell(df);
    fclose(df);
    unsigned long long size = 0, on_disk = 0;
    OK(JetGetDatabaseFileInfo("./d.edb", &size, sizeof size, JET_DbInfoFilesize));
    CHECK(size == (unsigned long long)bytes && size % page == 0);
    OK(JetGetDatabaseFileInfo("./d.edb", &on_disk, sizeof on_disk, JET_DbInfoFilesizeOnDisk));
    CHECK(on_disk > 0 && on_disk <= size + 65536);
    EXPECT(JetGetDatabaseFileInfo("./d.edb", &page, sizeof page, JET_DbInfoFilesize),
           JET_errInvalidBufferSize);
    char fname[64];
    EXPECT(JetGetDatabaseFileInfo("./d.edb", fname, sizeof fname, JET_DbInfoFilename),
           JET_errInvalidParameter);
    /* Upgrade: ESE's estimates from the size, and the header's version (current). */
    JET_DBINFOUPGRADE up;
    memset(&up, 0x55, sizeof up);
    up.cbStruct = sizeof up;
    OK(JetGetDatabaseFileInfo("./d.edb", &up, sizeof up, JET_DbInfoUpgrade));
    CHECK(up.cbStruct == sizeof up && up.cbFilesizeLow == (unsigned long)bytes && up.cbFilesizeHigh == 0);
    CHECK(up.cbFreeSpaceRequiredLow == (uint32_t)(((unsigned long long)bytes * 10) >> 6));
    CHECK(up.csecToUpgrade == (uint32_t)(((unsigned long long)bytes * 3600) >> 30));
    CHECK(up.fAlreadyUpgraded && !up.fUpgradable && up.ulFlags == 2);
    EXPECT(JetGetDatabaseFileInfo("./d.edb", &up, sizeof up - 4, JET_DbInfoUpgrade),
           JET_errInvalidBufferSize);
    up.cbStruct = 0;
    EXPECT(JetGetDatabaseFileInfo("./d.edb", &up, sizeof up, JET_DbInfoUpgrade),
           JET_errInvalidParameter);
    EXPECT(JetGetDatabaseFileInfo("./missing.edb", &up, sizeof up, JET_DbInfoUpgrade),
           JET_errFileNotFound);
    /* Headers of older versions, one whose conversion did not finish, and no header. */
    struct { const char *name; uint32_t magic, version, state; JET_ERR err; uint32_t flags; } hdrs[] = {
        {"./v500.edb", 0x89abcdef, 0x500, 3, JET_errSuccess, 1},
        {"./v550.edb", 0x89abcdef, 0x550, 3, JET_errSuccess, 1},
        {"./dir.edb", 0x89abcdef, 0x400, 3, JET_errSuccess, 1},
        {"./v400.edb", 0x89abcdef, 0x400, 3, JET_errSuccess, 0},
        {"./half.edb", 0x89abcdef, 0x620, 4, JET_errDatabaseIncompleteUpgrade, 2},
        {"./none.edb", 0x12345678, 0x620, 3, JET_errSuccess, 0},
    };
    for (size_t i = 0; i < sizeof hdrs / sizeof hdrs[0]; i++) {
        unsigned char pg[8192];
        memset(pg, 0, sizeof pg);
        memcpy(pg + 4, &hdrs[i].magic, 4);
        memcpy(pg + 8, &hdrs[i].version, 4);
        memcpy(pg + 52, &hdrs[i].state, 4);
        FILE *hf = fopen(hdrs[i].name, "wb");
        CHECK(hf != NULL && fwrite(pg, 1, sizeof pg, hf) == sizeof pg);
        fclose(hf);
        memset(&up, 0, sizeof up);
        up.cbStruct = sizeof up;
        EXPECT(JetGetDatabaseFileInfo(hdrs[i].name, &up, sizeof up, JET_DbInfoUpgrade), hdrs[i].err);
        CHECK(up.ulFlags == hdrs[i].flags && up.cbFilesizeLow == sizeof pg);
        remove(hdrs[i].name);
    }
    /* In use: not while detached. */
    int in_use = 7;
    OK(JetGetDatabaseFileInfo("./d.edb", &in_use, sizeof in_use, JET_DbInfoDBInUse));
    CHECK(in_use == 0);
    EXPECT(JetGetDatabaseFileInfo("./d.edb", &size, sizeof size, JET_DbInfoDBInUse),
           JET_errInvalidBufferSize);
    EXPECT(JetGetDatabaseFileInfo("./missing.edb", &in_use, sizeof in_use, JET_DbInfoDBInUse),
           JET_errFileNotFound);

    /* Attach and open again, with the W forms. */
    uint16_t wfile[] = {'.', '/', 'd', '.', 'e', 'd', 'b', 0};
    OK(JetAttachDatabaseW(s, wfile, 0));
    EXPECT(JetAttachDatabaseW(s, wfile, 0), JET_wrnDatabaseAttached);
    /* In use while attached, under another name for the same file too. */
    OK(JetGetDatabaseFileInfo("d.edb", &in_use, sizeof in_use, JET_DbInfoDBInUse));
    CHECK(in_use == 1);
    OK(JetOpenDatabaseW(s, wfile, NULL, &db, 0));
    OK(JetCloseDatabase(s, db, 0));
    OK(JetOpenDatabase(s, "./d.edb", NULL, &db, JET_bitDbReadOnly));
    JET_TABLEID t;
    EXPECT(JetCreateTable(s, db, "t", 0, 0, &t), JET_errPermissionDenied);
    OK(JetCloseDatabase(s, db, 0));
    OK(JetDetachDatabase2W(s, wfile, 0));

    /* A second database, with a size limit; JetDetachDatabase(NULL) detaches all. */
    OK(JetCreateDatabase2(s, "./e.edb", 1024, &db2, JET_bitDbOverwriteExisting));
    /* Grown on request, up to its limit; a shrink is refused. */
    uint32_t cpg = 0;
    OK(JetGrowDatabase(s, db2, 600, &cpg));
    CHECK(cpg >= 600);
    EXPECT(JetResizeDatabase(s, db2, 5000, &cpg, 0), JET_errOutOfDatabaseSpace);
    EXPECT(JetResizeDatabase(s, db2, 10, &cpg, 0), JET_errFeatureNotAvailable);
    OK(JetResizeDatabase(s, db2, 10, &cpg, JET_bitResizeDatabaseOnlyGrow));
    CHECK(cpg >= 600 && cpg <= 1026);
    OK(JetCloseDatabase(s, db2, 0));
    OK(JetAttachDatabase2(s, "./d.edb", 0, 0));
    EXPECT(JetDetachDatabase2(s, "./d.edb", 0x40000000u), JET_errInvalidGrbit);
    OK(JetDetachDatabase2(s, "./d.edb", 0));
    OK(JetAttachDatabase(s, "./d.edb", 0));
    OK(JetDetachDatabase(s, NULL));
    EXPECT(JetOpenDatabase(s, "./e.edb", NULL, &db2, 0), JET_errDatabaseNotFound);
    /* Detached files are lengthened, never shortened. */
    OK(JetSetDatabaseSize(s, "./e.edb", 2000, &cpg));
    CHECK(cpg == 2000);
    OK(JetSetDatabaseSizeW(s, wfile, 100, &cpg));
    CHECK(cpg >= 100);
    EXPECT(JetSetDatabaseSize(s, "./e.edb", 3, &cpg), JET_errInvalidParameter);

    /* A bare file name: the database lives in the current directory. */
    OK(JetCreateDatabase(s, "books.edb", NULL, &db, 0));
    OK(JetCreateTable(s, db, "t", 0, 0, &t));
    OK(JetCloseTable(s, t));
    OK(JetCloseDatabase(s, db, 0));
    OK(JetDetachDatabase(s, "books.edb"));
    FILE *f = fopen("./books.edb", "rb");
    CHECK(f != NULL);
    fclose(f);
    OK(JetAttachDatabase(s, "books.edb", 0));
    OK(JetOpenDatabase(s, "books.edb", NULL, &db, 0));
    OK(JetOpenTable(s, db, "t", NULL, 0, 0, &t));
    OK(JetCloseTable(s, t));
    OK(JetCloseDatabase(s, db, 0));
    OK(JetDetachDatabase(s, "books.edb"));

    OK(JetEndSession(s, 0));
    OK(JetTerm(inst));
    printf("database: ok\n");
    return 0;
}
