/*
 * restore_forms.c: the backup and restore calls not covered by backup.c and file_backup.c.
 * A streaming backup read with the W forms (JetOpenFileInstanceW,
 * JetOpenFileSectionInstanceW, JetGetTruncateLogInfoInstanceW), restored three times, by
 * JetExternalRestoreA, JetExternalRestoreW and JetExternalRestore2W, each into a folder of
 * its own and read back. Then the single-instance forms: a streaming backup through
 * JetGetAttachInfoW, JetOpenFileW and JetGetLogInfoW, a JetBackupW, and the restores
 * JetRestoreW, JetRestore2A and JetRestore2W with a status callback, each read back. Misuse
 * in each part: NULL pointers, bad handles and sizes, short buffers, the wrong run mode.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

#define CHUNK (64 * 1024)
#define PAGE 4096
#define ROWS 50

/* UTF-16 copies of ASCII strings, from a ring of buffers so that several can be the
   arguments of one call. */
static WCHAR *w(const char *s) {
    static WCHAR ring[32][1024];
    static unsigned next;
    WCHAR *out = ring[next++ % 32];
    size_t i = 0;
    for (; s[i]; i++) {
        CHECK(i < 1023 && (unsigned char)s[i] < 0x80);
        out[i] = (WCHAR)s[i];
    }
    out[i] = 0;
    return out;
}

/* The W multi-string of `cb` bytes at `wz` holds the same names as the A one at `az`. */
static int same_list(const WCHAR *wz, uint32_t cb, const char *az, uint32_t cba) {
    if (cb != 2 * cba)
        return 0;
    for (uint32_t i = 0; i < cba; i++)
        if (wz[i] != (WCHAR)(unsigned char)az[i])
            return 0;
    return 1;
}

/* Splits an A multi-string of `cb` bytes into `out`; returns the count. */
static int split(const char *szz, uint32_t cb, char out[][1024], int max) {
    CHECK(cb >= 1 && szz[cb - 1] == 0);
    int n = 0;
    for (const char *p = szz; *p; p += strlen(p) + 1) {
        CHECK(n < max);
        snprintf(out[n++], 1024, "%s", p);
    }
    return n;
}

static const char *base(const char *path) {
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static int exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0;
}

static void *aligned(size_t n) {
    void *p = NULL;
    CHECK(posix_memalign(&p, PAGE, n) == 0);
    return p;
}

static void save(const char *path, const void *data, size_t n, const char *mode) {
    FILE *f = fopen(path, mode);
    CHECK(f != NULL);
    CHECK(fwrite(data, 1, n, f) == n);
    CHECK(fclose(f) == 0);
}

static void copy(const char *from, const char *to) {
    FILE *in = fopen(from, "rb");
    CHECK(in != NULL);
    save(to, "", 0, "wb");
    static char buf[CHUNK];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        save(to, buf, n, "ab");
    fclose(in);
}

/* Removes every file of folder `dir`. */
static void empty_folder(const char *dir) {
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    struct dirent *e;
    char path[2048];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        CHECK(unlink(path) == 0);
    }
    closedir(d);
}

/* What the status callbacks saw. */
static struct {
    int calls, begins, completes, bad;
    JET_SNP snp;
} seen;

static JET_ERR JET_API status(JET_SESID sesid, JET_SNP snp, JET_SNT snt, void *pv) {
    (void)sesid;
    const JET_SNPROG *p = (const JET_SNPROG *)pv;
    seen.calls++;
    if (snp != seen.snp || p == NULL || p->cbStruct != sizeof *p || p->cunitDone > p->cunitTotal)
        seen.bad++;
    if (snt == JET_sntBegin)
        seen.begins++;
    else if (snt == JET_sntComplete)
        seen.completes++;
    else if (snt != JET_sntProgress)
        seen.bad++;
    return JET_errSuccess;
}

static void expect_status(JET_SNP snp) {
    memset(&seen, 0, sizeof seen);
    seen.snp = snp;
}

static void check_status(void) {
    CHECK(seen.calls >= 2 && seen.begins == 1 && seen.completes == 1 && seen.bad == 0);
}

/* Sets the system and log folder of `*pinst` (NULL: the process defaults). */
static void folders(JET_INSTANCE *pinst, const char *dir) {
    OK(JetSetSystemParameter(pinst, JET_sesidNil, JET_paramSystemPath, 0, dir));
    OK(JetSetSystemParameter(pinst, JET_sesidNil, JET_paramLogFilePath, 0, dir));
    OK(JetSetSystemParameter(pinst, JET_sesidNil, JET_paramCreatePathIfNotExist, 1, NULL));
}

/* Creates database `file` with table t: ids 1..ROWS, primary index on id. */
static void fill(JET_INSTANCE inst, const char *file) {
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;
    JET_COLUMNID cid;
    OK(JetBeginSession(inst, &s, NULL, NULL));
    OK(JetCreateDatabase(s, file, NULL, &db, 0));
    OK(JetCreateTable(s, db, "t", 0, 0, &t));
    JET_COLUMNDEF d = coldef(JET_coltypLong, 0);
    OK(JetAddColumn(s, t, "id", &d, NULL, 0, &cid));
    OK(JetCreateIndex(s, t, "primary", JET_bitIndexPrimary, "+id\0", sizeof "+id\0", 100));
    OK(JetBeginTransaction(s));
    for (int32_t i = 1; i <= ROWS; i++) {
        OK(JetPrepareUpdate(s, t, JET_prepInsert));
        OK(JetSetColumn(s, t, cid, &i, sizeof i, 0, NULL));
        OK(JetUpdate(s, t, NULL, 0, NULL));
    }
    OK(JetCommitTransaction(s, 0));
    OK(JetCloseTable(s, t));
    OK(JetEndSession(s, 0));
}

/* Table t of the attached database `file` holds ids 1..ROWS. */
static void check_rows(JET_INSTANCE inst, const char *file) {
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;
    OK(JetBeginSession(inst, &s, NULL, NULL));
    OK(JetAttachDatabase(s, file, JET_bitDbReadOnly));
    OK(JetOpenDatabase(s, file, NULL, &db, JET_bitDbReadOnly));
    OK(JetOpenTable(s, db, "t", NULL, 0, JET_bitTableReadOnly, &t));
    JET_COLUMNDEF d;
    OK(JetGetTableColumnInfo(s, t, "id", &d, sizeof d, JET_ColInfo));
    int32_t n = 0;
    JET_ERR e = JetMove(s, t, JET_MoveFirst, 0);
    while (e == JET_errSuccess) {
        int32_t id = 0;
        uint32_t cb = 0;
        OK(JetRetrieveColumn(s, t, d.columnid, &id, sizeof id, &cb, 0, NULL));
        CHECK(cb == 4 && id == ++n);
        e = JetMove(s, t, JET_MoveNext, 0);
    }
    EXPECT(e, JET_errNoCurrentRecord);
    CHECK(n == ROWS);
    OK(JetCloseTable(s, t));
    OK(JetCloseDatabase(s, db, 0));
    OK(JetEndSession(s, 0));
}

/* Starts an instance on folder `dir`, checks the restored `file`, ends it. */
static void check_restored(const char *name, const char *dir, const char *file) {
    JET_INSTANCE inst = 0;
    OK(JetCreateInstance(&inst, name));
    folders(&inst, dir);
    OK(JetInit(&inst));
    check_rows(inst, file);
    OK(JetTerm2(inst, JET_bitTermComplete));
}

/* Reads the open file `h` of `inst` to its end into `dest` (NULL: nowhere); returns the
   bytes read. */
static uint64_t read_all(JET_INSTANCE inst, JET_HANDLE h, char *buf, const char *dest) {
    uint64_t total = 0;
    if (dest)
        save(dest, "", 0, "wb");
    for (;;) {
        uint32_t n = 0;
        if (inst)
            OK(JetReadFileInstance(inst, h, buf, CHUNK, &n));
        else
            OK(JetReadFile(h, buf, CHUNK, &n));
        if (n == 0)
            return total;
        if (dest)
            save(dest, buf, n, "ab");
        total += n;
    }
}

/* Copies the file `name` of the backup into folder `dir` with JetOpenFileInstanceW. */
static void copy_w(JET_INSTANCE inst, const char *name, const char *dir, char *buf) {
    JET_HANDLE h = 99;
    uint32_t lo = 0, hi = 0;
    OK(JetOpenFileInstanceW(inst, w(name), &h, &lo, &hi));
    char dest[2048];
    snprintf(dest, sizeof dest, "%s/%s", dir, base(name));
    CHECK(read_all(inst, h, buf, dest) == ((uint64_t)hi << 32 | lo));
    OK(JetCloseFileInstance(inst, h));
}

/* The streaming backup of `inst` into folder bk/; returns the database's name in the
   backup and the generations. */
static void stream_backup(JET_INSTANCE inst, char *db_name, JET_LOGINFO_A *info) {
    char *buf = aligned(CHUNK);
    char names[64][1024];
    char szz[8192];
    uint32_t cb = 0;
    CHECK(mkdir("bk", 0755) == 0);
    EXPECT(JetGetTruncateLogInfoInstanceW(inst, NULL, 0, &cb), JET_errNoBackup);
    OK(JetBeginExternalBackupInstance(inst, 0));
    OK(JetGetAttachInfoInstanceA(inst, szz, sizeof szz, &cb));
    CHECK(split(szz, cb, names, 64) == 1);
    snprintf(db_name, 1024, "%s", names[0]);

    /* JetOpenFileInstanceW. */
    JET_HANDLE h;
    uint32_t lo, hi;
    int32_t hi_s;
    EXPECT(JetOpenFileInstanceW(inst, w(db_name), NULL, &lo, &hi), JET_errInvalidParameter);
    EXPECT(JetOpenFileInstanceW(inst, w(db_name), &h, &lo, NULL), JET_errInvalidParameter);
    EXPECT(JetOpenFileInstanceW(inst, NULL, &h, &lo, &hi), JET_errInvalidParameter);
    EXPECT(JetOpenFileInstanceW(inst, w("./nothing.edb"), &h, &lo, &hi), JET_errDatabaseNotFound);
    EXPECT(JetOpenFileInstanceW((JET_INSTANCE)0x5eed, w(db_name), &h, &lo, &hi),
           JET_errInvalidInstance);
    copy_w(inst, db_name, "bk", buf);
    struct stat st;
    CHECK(stat("bk/data.edb", &st) == 0 && st.st_size > 0 && st.st_size % PAGE == 0);

    /* JetOpenFileSectionInstanceW: one section, from the start, is the whole stream. */
    EXPECT(JetOpenFileSectionInstanceW(inst, w(db_name), &h, 0, 2, 0, &lo, &hi_s), JET_wrnNyi);
    EXPECT(JetOpenFileSectionInstanceW(inst, w(db_name), NULL, 0, 1, 0, &lo, &hi_s),
           JET_errInvalidParameter);
    EXPECT(JetOpenFileSectionInstanceW(inst, NULL, &h, 0, 1, 0, &lo, &hi_s),
           JET_errInvalidParameter);
    OK(JetOpenFileSectionInstanceW(inst, w(db_name), &h, 0, 1, 0, &lo, &hi_s));
    CHECK(hi_s == 0 && (off_t)lo == st.st_size);
    CHECK(read_all(inst, h, buf, NULL) == lo);
    OK(JetCloseFileInstance(inst, h));

    /* The logs, each copied through its W name. */
    OK(JetGetLogInfoInstance2A(inst, szz, sizeof szz, &cb, info));
    int n = split(szz, cb, names, 64);
    CHECK(n >= 1 && (uint32_t)n == info->ulGenHigh - info->ulGenLow + 1);
    for (int i = 0; i < n; i++)
        copy_w(inst, names[i], "bk", buf);

    /* JetGetTruncateLogInfoInstanceW: the A list in UTF-16, twice the bytes. */
    uint32_t cba = 0, cbw = 0;
    OK(JetGetTruncateLogInfoInstanceA(inst, szz, sizeof szz, &cba));
    CHECK(cba >= 1 && szz[cba - 1] == 0);
    OK(JetGetTruncateLogInfoInstanceW(inst, NULL, 0, &cbw));
    CHECK(cbw == 2 * cba);
    WCHAR *wz = malloc(cbw + 8);
    CHECK(wz != NULL);
    memset(wz, 0x7F, cbw + 8);
    OK(JetGetTruncateLogInfoInstanceW(inst, wz, cbw + 8, &cb));
    CHECK(cb == cbw && same_list(wz, cb, szz, cba));
    CHECK(((unsigned char *)wz)[cbw] == 0x7F);
    /* A short W buffer: what fits is copied, and *pcbActual says how much. */
    memset(wz, 0x7F, cbw + 8);
    OK(JetGetTruncateLogInfoInstanceW(inst, wz, 2, &cb));
    CHECK(cb == 2 && wz[0] == (WCHAR)(unsigned char)szz[0] && wz[1] == 0x7F7F);
    EXPECT(JetGetTruncateLogInfoInstanceW((JET_INSTANCE)0x5eed, wz, cbw, &cb),
           JET_errInvalidInstance);
    free(wz);

    OK(JetTruncateLogInstance(inst));
    OK(JetEndExternalBackupInstance(inst));
    EXPECT(JetGetTruncateLogInfoInstanceW(inst, NULL, 0, &cb), JET_errNoBackup);
    free(buf);
}

/* Puts a copy of the streamed database into the new folder `dir`. */
static void stage(const char *dir) {
    char path[1024];
    CHECK(mkdir(dir, 0755) == 0);
    snprintf(path, sizeof path, "%s/data.edb", dir);
    copy("bk/data.edb", path);
}

/* The backup in bk/ restored by each of the three external restore forms. */
static void external_restores(const char *db_name, const JET_LOGINFO_A *info) {
    /* A, with the generations. */
    stage("ra");
    JET_RSTMAP_A map = {(char *)db_name, "ra/data.edb"};
    EXPECT(JetExternalRestoreA("ra", "ra", &map, 1, "bk", -1, (int32_t)info->ulGenHigh, NULL),
           JET_errInvalidParameter);
    EXPECT(JetExternalRestoreA("ra", "ra", &map, -1, "bk", (int32_t)info->ulGenLow,
                               (int32_t)info->ulGenHigh, NULL),
           JET_errInvalidParameter);
    EXPECT(JetExternalRestoreA(NULL, "ra", &map, 1, "bk", (int32_t)info->ulGenLow,
                               (int32_t)info->ulGenHigh, NULL),
           JET_errInvalidParameter);
    expect_status(JET_snpRestore);
    OK(JetExternalRestoreA("ra", "ra", &map, 1, "bk", (int32_t)info->ulGenLow,
                           (int32_t)info->ulGenHigh, status));
    check_status();
    check_restored("ra", "ra/", "ra/data.edb");

    /* W, the generations found in the backup folder (0, 0). */
    stage("rw");
    JET_RSTMAP_W wmap = {w(db_name), w("rw/data.edb")};
    EXPECT(JetExternalRestoreW(w("rw"), w("rw"), &wmap, 1, NULL, 0, 0, NULL),
           JET_errInvalidParameter);
    const WCHAR bad[] = {'r', 0xDC00, 0};
    EXPECT(JetExternalRestoreW(w("rw"), (WCHAR *)bad, &wmap, 1, w("bk"), 0, 0, NULL),
           JET_errInvalidParameter);
    expect_status(JET_snpRestore);
    OK(JetExternalRestoreW(w("rw"), w("rw"), &wmap, 1, w("bk"), 0, 0, status));
    check_status();
    check_restored("rw", "rw/", "rw/data.edb");

    /* 2W, with a JET_LOGINFO_W. */
    stage("r2w");
    JET_RSTMAP_W map2 = {w(db_name), w("r2w/data.edb")};
    JET_LOGINFO_W li;
    memset(&li, 0, sizeof li);
    li.cbSize = sizeof li;
    li.ulGenLow = info->ulGenLow;
    li.ulGenHigh = info->ulGenHigh;
    for (int i = 0; info->szBaseName[i]; i++)
        li.szBaseName[i] = (WCHAR)info->szBaseName[i];
    li.cbSize = sizeof li - 2;
    EXPECT(JetExternalRestore2W(w("r2w"), w("r2w"), &map2, 1, w("bk"), &li, NULL, NULL, NULL,
                                NULL),
           JET_errInvalidParameter);
    li.cbSize = sizeof li;
    EXPECT(JetExternalRestore2W(w("r2w"), w("r2w"), &map2, 1, w("bk"), NULL, NULL, NULL, NULL,
                                NULL),
           JET_errInvalidParameter);
    /* A target named but not running. */
    EXPECT(JetExternalRestore2W(w("r2w"), w("r2w"), &map2, 1, w("bk"), &li, w("other"), NULL,
                                NULL, NULL),
           JET_errBadRestoreTargetInstance);
    expect_status(JET_snpRestore);
    OK(JetExternalRestore2W(w("r2w"), w("r2w"), &map2, 1, w("bk"), &li, NULL, NULL, NULL,
                            status));
    check_status();
    check_restored("r2w", "r2w/", "r2w/data.edb");
}

/* The single-instance streaming backup: JetGetAttachInfoW, JetOpenFileW, JetGetLogInfoW. */
static void legacy_stream(void) {
    char *buf = aligned(CHUNK);
    char szz[8192], names[64][1024];
    WCHAR wz[8192];
    uint32_t cba = 0, cbw = 0, cb = 0;
    EXPECT(JetGetAttachInfoW(wz, sizeof wz, &cb), JET_errNoBackup);
    OK(JetBeginExternalBackup(0));

    OK(JetGetAttachInfoA(szz, sizeof szz, &cba));
    CHECK(split(szz, cba, names, 64) == 1 && strcmp(base(names[0]), "one.edb") == 0);
    OK(JetGetAttachInfoW(NULL, 0, &cbw));
    CHECK(cbw == 2 * cba);
    /* A short W buffer: cut, *pcbActual still the full size. */
    memset(wz, 0x7F, sizeof wz);
    OK(JetGetAttachInfoW(wz, 4, &cb));
    CHECK(cb == cbw && wz[2] == 0x7F7F);
    OK(JetGetAttachInfoW(wz, sizeof wz, &cb));
    CHECK(cb == cbw && same_list(wz, cb, szz, cba));

    JET_HANDLE h;
    uint32_t lo, hi;
    EXPECT(JetOpenFileW(NULL, &h, &lo, &hi), JET_errInvalidParameter);
    EXPECT(JetOpenFileW(wz, NULL, &lo, &hi), JET_errInvalidParameter);
    EXPECT(JetOpenFileW(w("./nothing.edb"), &h, &lo, &hi), JET_errDatabaseNotFound);
    OK(JetOpenFileW(wz, &h, &lo, &hi));
    CHECK(lo > 0 && read_all(0, h, buf, NULL) == ((uint64_t)hi << 32 | lo));
    OK(JetCloseFile(h));

    OK(JetGetLogInfoA(szz, sizeof szz, &cba));
    int n = split(szz, cba, names, 64);
    CHECK(n >= 1);
    OK(JetGetLogInfoW(NULL, 0, &cbw));
    CHECK(cbw == 2 * cba);
    /* With a buffer, *pcbActual is what was copied. */
    OK(JetGetLogInfoW(wz, 6, &cb));
    CHECK(cb == 6);
    OK(JetGetLogInfoW(wz, sizeof wz, &cb));
    CHECK(cb == cbw && same_list(wz, cb, szz, cba));
    for (const WCHAR *p = wz; *p; ) {
        OK(JetOpenFileW(p, &h, &lo, &hi));
        CHECK(read_all(0, h, buf, NULL) == ((uint64_t)hi << 32 | lo));
        OK(JetCloseFile(h));
        while (*p)
            p++;
        p++;
    }
    OK(JetTruncateLog());
    OK(JetEndExternalBackup());
    free(buf);
}

/* Single-instance mode: JetBackupW and the legacy restores. */
static void legacy(void) {
    /* No mode yet: the process defaults, set in UTF-16. */
    OK(JetSetSystemParameterW(NULL, JET_sesidNil, JET_paramSystemPath, 0, w("one/")));
    OK(JetSetSystemParameterW(NULL, JET_sesidNil, JET_paramLogFilePath, 0, w("one/")));
    OK(JetSetSystemParameterW(NULL, JET_sesidNil, JET_paramCreatePathIfNotExist, 1, NULL));
    JET_INSTANCE inst = 0;
    OK(JetInit(&inst));
    CHECK(exists("one"));
    fill(inst, "one/one.edb");
    legacy_stream();

    EXPECT(JetBackupW(NULL, 0, NULL), JET_errInvalidParameter);
    EXPECT(JetRestoreW(w("fbk"), NULL), JET_errAfterInitialization);
    expect_status(JET_snpBackup);
    OK(JetBackupW(w("fbk"), 0, status));
    check_status();
    CHECK(exists("fbk/one.edb") && exists("fbk/one.pat"));
    EXPECT(JetBackupW(w("fbk"), 0, NULL), JET_errBackupDirectoryNotEmpty);
    OK(JetTerm2(inst, JET_bitTermComplete));

    /* JetRestoreW: the database back where it was, into the emptied folder. */
    empty_folder("one");
    EXPECT(JetRestoreW(NULL, NULL), JET_errInvalidParameter);
    EXPECT(JetRestoreW(w("nothing-here"), NULL), JET_errInvalidPath);
    expect_status(JET_snpRestore);
    OK(JetRestoreW(w("fbk"), status));
    check_status();
    CHECK(exists("one/one.edb"));
    inst = 0;
    OK(JetInit(&inst));
    check_rows(inst, "one/one.edb");
    OK(JetTerm2(inst, JET_bitTermComplete));

    /* JetRestore2A and JetRestore2W: into new folders, with logs of their own. */
    EXPECT(JetRestore2A("fbk", "", NULL), JET_errInvalidParameter);
    folders(NULL, "l2a/");
    expect_status(JET_snpRestore);
    OK(JetRestore2A("fbk", "d2a", status));
    check_status();
    CHECK(exists("d2a/one.edb"));
    inst = 0;
    OK(JetInit(&inst));
    check_rows(inst, "d2a/one.edb");
    OK(JetTerm2(inst, JET_bitTermComplete));

    EXPECT(JetRestore2W(NULL, w("d2w"), NULL), JET_errInvalidParameter);
    folders(NULL, "l2w/");
    expect_status(JET_snpRestore);
    OK(JetRestore2W(w("fbk"), w("d2w"), status));
    check_status();
    CHECK(exists("d2w/one.edb"));
    inst = 0;
    OK(JetInit(&inst));
    check_rows(inst, "d2w/one.edb");
    OK(JetTerm2(inst, JET_bitTermComplete));

    /* In multi-instance mode the legacy forms are refused. */
    JET_INSTANCE m = 0;
    OK(JetCreateInstance(&m, "multi"));
    EXPECT(JetBackupW(w("fbk2"), 0, NULL), JET_errRunningInMultiInstanceMode);
    EXPECT(JetRestoreW(w("fbk"), NULL), JET_errRunningInMultiInstanceMode);
    EXPECT(JetRestore2A("fbk", "d3", NULL), JET_errRunningInMultiInstanceMode);
    EXPECT(JetRestore2W(w("fbk"), w("d3"), NULL), JET_errRunningInMultiInstanceMode);
    OK(JetTerm(m));
}

int main(void) {
    JET_INSTANCE inst = 0;
    OK(JetCreateInstance(&inst, "src"));
    folders(&inst, "src/");
    OK(JetInit(&inst));
    fill(inst, "src/data.edb");
    char db_name[1024];
    JET_LOGINFO_A info;
    memset(&info, 0, sizeof info);
    info.cbSize = sizeof info;
    stream_backup(inst, db_name, &info);
    /* The backed-up instance, still running, as the target: its own logs after the
       backup's are replayed too, and the restore says the target is running. */
    stage("rt");
    JET_RSTMAP_A tmap = {db_name, "rt/data.edb"};
    EXPECT(JetExternalRestore2A("rt", "src/", &tmap, 1, "bk", &info, "src", NULL, NULL, NULL),
           JET_errInvalidParameter);
    EXPECT(JetExternalRestore2A("rt", "rt", &tmap, 1, "bk", &info, "src", NULL, NULL, NULL),
           JET_wrnTargetInstanceRunning);
    OK(JetTerm2(inst, JET_bitTermComplete));
    check_restored("rt", "rt/", "rt/data.edb");
    CHECK(strcmp(info.szBaseName, "edb") == 0);

    external_restores(db_name, &info);
    legacy();
    return 0;
}
