/*
 * backup.c: a full streaming backup through the C API (aligned buffers from
 * posix_memalign, the multi-string lists and their buffer rules, misuse), a stop in the
 * middle of a backup, a stop from a second thread while the main thread reads, an
 * external restore of the backup into a new folder read back afterwards, and the legacy
 * single-instance forms.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>

#include "check.h"

#define CHUNK (64 * 1024)
#define PAGE 4096

static JET_COLUMNID cid, cblob;

/* The last component of a path. */
static const char *base(const char *path) {
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* A 4096-aligned buffer of `n` bytes. */
static void *aligned(size_t n) {
    void *p = NULL;
    CHECK(posix_memalign(&p, PAGE, n) == 0);
    return p;
}

/* Creates the database with table t: the row 17, then `rows` rows of 1023 bytes. */
static void fill(JET_INSTANCE inst, const char *file, int rows) {
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;
    OK(JetBeginSession(inst, &s, NULL, NULL));
    OK(JetCreateDatabase(s, file, NULL, &db, 0));
    OK(JetCreateTable(s, db, "t", 0, 0, &t));
    JET_COLUMNDEF d = coldef(JET_coltypLong, 0);
    OK(JetAddColumn(s, t, "id", &d, NULL, 0, &cid));
    d = coldef(JET_coltypLongBinary, 0);
    OK(JetAddColumn(s, t, "blob", &d, NULL, 0, &cblob));
    OK(JetCreateIndex(s, t, "primary", JET_bitIndexPrimary, "+id\0", 5, 100));
    static char blob[1023];
    memset(blob, 0x5A, sizeof blob);
    for (int32_t i = 0; i <= rows; i++) {
        int32_t id = i == 0 ? 17 : 1000 + i;
        OK(JetBeginTransaction(s));
        OK(JetPrepareUpdate(s, t, JET_prepInsert));
        OK(JetSetColumn(s, t, cid, &id, sizeof id, 0, NULL));
        if (i > 0)
            OK(JetSetColumn(s, t, cblob, blob, sizeof blob, 0, NULL));
        OK(JetUpdate(s, t, NULL, 0, NULL));
        OK(JetCommitTransaction(s, i == rows ? 0 : JET_bitCommitLazyFlush));
    }
    OK(JetCloseTable(s, t));
    OK(JetEndSession(s, 0));
}

/* Writes `n` bytes to `path`. */
static void save(const char *path, const void *data, size_t n, const char *mode) {
    FILE *f = fopen(path, mode);
    CHECK(f != NULL);
    CHECK(fwrite(data, 1, n, f) == n);
    CHECK(fclose(f) == 0);
}

/* Reads the open file `h` to its end into `dest` (when not NULL); returns the bytes. */
static uint64_t read_to_end(JET_INSTANCE inst, JET_HANDLE h, char *buf, const char *dest) {
    uint64_t total = 0;
    if (dest)
        save(dest, "", 0, "wb");
    for (;;) {
        uint32_t n = 0xFFFFFFFFu;
        OK(JetReadFileInstance(inst, h, buf, CHUNK, &n));
        if (n == 0)
            break;
        CHECK(n <= CHUNK && n % PAGE == 0);
        if (dest)
            save(dest, buf, n, "ab");
        total += n;
    }
    /* Again at the end: still 0 bytes. */
    uint32_t n = 7;
    OK(JetReadFileInstance(inst, h, buf, CHUNK, &n));
    CHECK(n == 0);
    return total;
}

/* Copies one file of the backup into folder `dir` (NULL: read only). */
static void copy_file(JET_INSTANCE inst, const char *name, const char *dir, char *buf) {
    JET_HANDLE h = 99;
    uint32_t lo = 0, hi = 0;
    OK(JetOpenFileInstanceA(inst, name, &h, &lo, &hi));
    CHECK(h == 0);
    char dest[1024];
    if (dir)
        snprintf(dest, sizeof dest, "%s/%s", dir, base(name));
    uint64_t total = read_to_end(inst, h, buf, dir ? dest : NULL);
    CHECK(total == ((uint64_t)hi << 32 | lo));
    OK(JetCloseFileInstance(inst, h));
}

/* Splits a multi-string of `cb` bytes (A form) into `out`; returns the count. */
static int split_a(const char *szz, uint32_t cb, char out[][1024], int max) {
    CHECK(cb >= 1 && szz[cb - 1] == 0);
    CHECK(cb == 1 || (cb >= 2 && szz[cb - 2] == 0));
    int n = 0;
    for (const char *p = szz; *p; p += strlen(p) + 1) {
        CHECK(n < max);
        snprintf(out[n++], 1024, "%s", p);
    }
    return n;
}

/* The attached databases (A form), with the checks of the buffer rules of §3.2. */
static int attach_info(JET_INSTANCE inst, char out[][1024]) {
    uint32_t need = 0, got = 0;
    OK(JetGetAttachInfoInstanceA(inst, NULL, 0, &need));
    CHECK(need > 2);
    char *szz = malloc(need + 8);
    CHECK(szz != NULL);
    /* A non-zero cbMax too small: the A form fails, nothing written. */
    memset(szz, 0x7F, need + 8);
    EXPECT(JetGetAttachInfoInstanceA(inst, szz, need - 1, &got), JET_errBufferTooSmall);
    CHECK(szz[0] == 0x7F);
    OK(JetGetAttachInfoInstanceA(inst, szz, need + 8, &got));
    CHECK(got == need && szz[need] == 0x7F);
    int n = split_a(szz, got, out, 8);
    free(szz);

    /* W: a short buffer is cut, *pcbActual is still the full size. */
    uint32_t needw = 0;
    OK(JetGetAttachInfoInstanceW(inst, NULL, 0, &needw));
    CHECK(needw == 2 * need);
    WCHAR *w = malloc(needw + 8);
    CHECK(w != NULL);
    memset(w, 0x7F, needw + 8);
    OK(JetGetAttachInfoInstanceW(inst, w, 4, &got));
    CHECK(got == needw);
    CHECK(((unsigned char *)w)[4] == 0x7F);
    OK(JetGetAttachInfoInstanceW(inst, w, needw, &got));
    CHECK(got == needw && w[needw / 2 - 1] == 0 && w[needw / 2 - 2] == 0);
    CHECK(w[0] == (WCHAR)out[0][0]);
    free(w);
    return n;
}

/* The logs to copy (A form) and JET_LOGINFO, with the checks of the buffer rules of §3.6. */
static int log_info(JET_INSTANCE inst, char out[][1024], JET_LOGINFO_A *info) {
    uint32_t need = 0, got = 0;
    OK(JetGetLogInfoInstanceA(inst, NULL, 0, &need));
    CHECK(need > 2);
    char *szz = malloc(need);
    CHECK(szz != NULL);
    JET_LOGINFO_A li;
    memset(&li, 0, sizeof li);
    li.cbSize = sizeof li - 1;
    EXPECT(JetGetLogInfoInstance2A(inst, szz, need, &got, &li), JET_errInvalidParameter);
    li.cbSize = sizeof li;
    OK(JetGetLogInfoInstance2A(inst, szz, need, &got, &li));
    CHECK(got == need);
    CHECK(li.cbSize == sizeof li && strcmp(li.szBaseName, "edb") == 0);
    CHECK(li.ulGenLow >= 1 && li.ulGenHigh >= li.ulGenLow);
    int n = split_a(szz, got, out, 64);
    CHECK((uint32_t)n == li.ulGenHigh - li.ulGenLow + 1);
    free(szz);
    *info = li;

    /* W with a buffer: *pcbActual is what was copied (min(cbMax, size)). */
    uint32_t needw = 0;
    OK(JetGetLogInfoInstanceW(inst, NULL, 0, &needw));
    CHECK(needw == 2 * need);
    WCHAR *w = malloc(needw);
    CHECK(w != NULL);
    OK(JetGetLogInfoInstanceW(inst, w, 6, &got));
    CHECK(got == 6);
    JET_LOGINFO_W lw;
    memset(&lw, 0, sizeof lw);
    lw.cbSize = sizeof lw;
    OK(JetGetLogInfoInstance2W(inst, w, needw, &got, &lw));
    CHECK(got == needw && w[needw / 2 - 1] == 0 && w[needw / 2 - 2] == 0);
    CHECK(lw.ulGenLow == li.ulGenLow && lw.ulGenHigh == li.ulGenHigh);
    CHECK(lw.szBaseName[0] == 'e' && lw.szBaseName[2] == 'b' && lw.szBaseName[3] == 0);
    free(w);
    return n;
}

/* A full backup of `inst` into folder `dir`, logs truncated. */
static void full_backup(JET_INSTANCE inst, const char *dir, JET_LOGINFO_A *info, char *db_name) {
    char names[64][1024];
    char *buf = aligned(CHUNK + PAGE);
    OK(JetBeginExternalBackupInstance(inst, 0));
    EXPECT(JetBeginExternalBackupInstance(inst, 0), JET_errBackupInProgress);
    int n = attach_info(inst, names);
    CHECK(n == 1);
    snprintf(db_name, 1024, "%s", names[0]);
    CHECK(strcmp(base(db_name), "bk.edb") == 0);

    /* Misuse of the file calls; the backup goes on. */
    JET_HANDLE h;
    uint32_t lo, hi;
    EXPECT(JetOpenFileInstanceA(inst, db_name, NULL, &lo, &hi), JET_errInvalidParameter);
    EXPECT(JetOpenFileInstanceA(inst, db_name, &h, NULL, &hi), JET_errInvalidParameter);
    EXPECT(JetOpenFileInstanceA(inst, NULL, &h, &lo, &hi), JET_errInvalidParameter);
    int32_t hi_s;
    EXPECT(JetOpenFileSectionInstanceA(inst, db_name, &h, 0, 2, 0, &lo, &hi_s), -1);
    EXPECT(JetOpenFileInstanceA(inst, "./nothing.edb", &h, &lo, &hi), JET_errDatabaseNotFound);
    OK(JetOpenFileInstanceA(inst, db_name, &h, &lo, &hi));
    JET_HANDLE h2;
    EXPECT(JetOpenFileInstanceA(inst, db_name, &h2, &lo, &hi), JET_errOutOfMemory);
    uint32_t got = 12345;
    EXPECT(JetReadFileInstance(inst, h, buf + 1, CHUNK, &got), JET_errInvalidParameter);
    CHECK(got == 12345);
    EXPECT(JetReadFileInstance(inst, h, buf, CHUNK - 1, &got), JET_errInvalidParameter);
    EXPECT(JetReadFileInstance(inst, h, buf, 2 * PAGE, &got), JET_errInvalidParameter);
    EXPECT(JetReadFileInstance(inst, h, NULL, CHUNK, &got), JET_errInvalidParameter);
    EXPECT(JetReadFileInstance(inst, h + 5, buf, CHUNK, &got), JET_errInvalidParameter);
    OK(JetCloseFileInstance(inst, h));
    EXPECT(JetCloseFileInstance(inst, h), JET_errInvalidParameter);

    copy_file(inst, db_name, dir, buf);
    EXPECT(JetTruncateLogInstance(inst), JET_errInvalidBackupSequence);
    n = log_info(inst, names, info);
    CHECK(n >= 1);
    for (int i = 0; i < n; i++)
        copy_file(inst, names[i], dir, buf);
    uint32_t cb = 0;
    OK(JetGetTruncateLogInfoInstanceA(inst, NULL, 0, &cb));
    CHECK(cb >= 1);
    OK(JetTruncateLogInstance(inst));
    OK(JetEndExternalBackupInstance(inst));
    EXPECT(JetEndExternalBackupInstance(inst), JET_errNoBackup);
    EXPECT(JetEndExternalBackupInstance2(inst, 0), JET_errInvalidParameter);
    free(buf);
}

/* JetStopBackupInstance in the middle: -801, then the end succeeds, and a new backup works. */
static void stop_mid_backup(JET_INSTANCE inst, const char *db_name) {
    char *buf = aligned(CHUNK);
    JET_HANDLE h;
    uint32_t lo, hi, got;
    OK(JetBeginExternalBackupInstance(inst, 0));
    OK(JetOpenFileInstanceA(inst, db_name, &h, &lo, &hi));
    OK(JetReadFileInstance(inst, h, buf, CHUNK, &got));
    OK(JetStopBackupInstance(inst));
    EXPECT(JetReadFileInstance(inst, h, buf, CHUNK, &got), JET_errBackupAbortByServer);
    uint32_t cb;
    EXPECT(JetGetAttachInfoInstanceA(inst, NULL, 0, &cb), JET_errBackupAbortByServer);
    EXPECT(JetGetLogInfoInstanceA(inst, NULL, 0, &cb), JET_errBackupAbortByServer);
    EXPECT(JetTruncateLogInstance(inst), JET_errBackupAbortByServer);
    OK(JetCloseFileInstance(inst, h));
    EXPECT(JetBeginExternalBackupInstance(inst, 0), JET_errBackupInProgress);
    OK(JetEndExternalBackupInstance(inst));
    EXPECT(JetGetAttachInfoInstanceA(inst, NULL, 0, &cb), JET_errNoBackup);
    /* The next backup goes ahead (the stop was cleared). */
    OK(JetBeginExternalBackupInstance(inst, 0));
    copy_file(inst, db_name, NULL, buf);
    OK(JetEndExternalBackupInstance2(inst, JET_bitBackupEndAbort));
    free(buf);
}

struct stopper {
    JET_INSTANCE inst;
    pthread_mutex_t m;
    int reading;
    JET_ERR err;
};

static void *stop_later(void *arg) {
    struct stopper *st = arg;
    for (;;) {
        pthread_mutex_lock(&st->m);
        int r = st->reading;
        pthread_mutex_unlock(&st->m);
        if (r)
            break;
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    struct timespec ts = {0, 20000000};
    nanosleep(&ts, NULL);
    st->err = JetStopBackupInstance(st->inst);
    return NULL;
}

/* A stop from another thread ends the main thread's read loop with -801. */
static void stop_from_thread(JET_INSTANCE inst, const char *db_name) {
    char *buf = aligned(CHUNK);
    struct stopper st;
    st.inst = inst;
    st.reading = 0;
    st.err = 1;
    CHECK(pthread_mutex_init(&st.m, NULL) == 0);
    pthread_t th;
    CHECK(pthread_create(&th, NULL, stop_later, &st) == 0);
    OK(JetBeginExternalBackupInstance(inst, 0));
    pthread_mutex_lock(&st.m);
    st.reading = 1;
    pthread_mutex_unlock(&st.m);
    JET_ERR last = 0;
    int open = 0;
    long rounds = 0;
    JET_HANDLE h = 0;
    /* Read the database again and again until the stop arrives. */
    while (last == 0) {
        CHECK(++rounds < 1000000);
        if (!open) {
            uint32_t lo, hi;
            last = JetOpenFileInstanceA(inst, db_name, &h, &lo, &hi);
            open = last == 0;
            continue;
        }
        uint32_t got = 0;
        last = JetReadFileInstance(inst, h, buf, CHUNK, &got);
        if (last == 0 && got == 0) {
            OK(JetCloseFileInstance(inst, h));
            open = 0;
        }
    }
    CHECK(pthread_join(th, NULL) == 0);
    CHECK(st.err == 0);
    EXPECT(last, JET_errBackupAbortByServer);
    if (open)
        OK(JetCloseFileInstance(inst, h));
    OK(JetEndExternalBackupInstance(inst));
    pthread_mutex_destroy(&st.m);
    free(buf);
}

/* Restores the backup in ./backup into ./restored and reads the row 17 back. */
static void restore(const char *db_name, JET_LOGINFO_A *info) {
    CHECK(mkdir("restored", 0755) == 0);
    /* The streamed copy goes where the map says. */
    FILE *in = fopen("backup/bk.edb", "rb");
    CHECK(in != NULL);
    char *all = malloc(64 << 20);
    CHECK(all != NULL);
    size_t n = fread(all, 1, 64 << 20, in);
    fclose(in);
    save("restored/bk.edb", all, n, "wb");
    free(all);

    JET_RSTMAP_A map;
    map.szDatabaseName = (char *)db_name;
    map.szNewDatabaseName = "./restored/bk.edb";
    JET_LOGINFO_A li = *info;
    li.cbSize = sizeof li + 1;
    EXPECT(JetExternalRestore2A("./restored", "./restored", &map, 1, "./backup", &li, NULL, NULL,
                                NULL, NULL),
           JET_errInvalidParameter);
    li.cbSize = sizeof li;
    EXPECT(JetExternalRestore2A("./restored", "./restored", &map, 1, "./backup", &li, NULL,
                                "./x", NULL, NULL),
           JET_errInvalidParameter);
    EXPECT(JetExternalRestore2A("./restored", "./restored", &map, -1, "./backup", &li, NULL, NULL,
                                NULL, NULL),
           JET_errInvalidParameter);
    /* A target instance named but not running. */
    EXPECT(JetExternalRestore2A("./restored", "./restored", &map, 1, "./backup", &li,
                                "no-such-instance", NULL, NULL, NULL),
           JET_errBadRestoreTargetInstance);
    OK(JetExternalRestore2A("./restored", "./restored", &map, 1, "./backup", &li, NULL, NULL,
                            NULL, NULL));

    CHECK(mkdir("check", 0755) == 0);
    JET_INSTANCE inst = 0;
    OK(JetCreateInstance(&inst, "check"));
    OK(JetSetSystemParameter(&inst, JET_sesidNil, JET_paramSystemPath, 0, "./check/"));
    OK(JetSetSystemParameter(&inst, JET_sesidNil, JET_paramLogFilePath, 0, "./check/"));
    OK(JetInit(&inst));
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;
    OK(JetBeginSession(inst, &s, NULL, NULL));
    OK(JetAttachDatabase(s, "./restored/bk.edb", 0));
    OK(JetOpenDatabase(s, "./restored/bk.edb", NULL, &db, 0));
    OK(JetOpenTable(s, db, "t", NULL, 0, 0, &t));
    int32_t key = 17;
    OK(JetMakeKey(s, t, &key, sizeof key, JET_bitNewKey));
    OK(JetSeek(s, t, JET_bitSeekEQ));
    key = 1001;
    OK(JetMakeKey(s, t, &key, sizeof key, JET_bitNewKey));
    OK(JetSeek(s, t, JET_bitSeekEQ));
    OK(JetCloseTable(s, t));
    OK(JetEndSession(s, 0));
    OK(JetTerm2(inst, JET_bitTermComplete));
}

/* The legacy forms: no mode, multi-instance mode, then a single-instance backup. */
static void legacy(void) {
    EXPECT(JetStopBackup(), JET_errInvalidParameter);
    EXPECT(JetBeginExternalBackup(0), JET_errInvalidParameter);
    JET_INSTANCE m = 0;
    OK(JetCreateInstance(&m, "multi"));
    EXPECT(JetStopBackup(), JET_errRunningInMultiInstanceMode);
    EXPECT(JetStopService(), JET_errRunningInMultiInstanceMode);
    EXPECT(JetTruncateLog(), JET_errRunningInMultiInstanceMode);
    EXPECT(JetEndExternalBackup(), JET_errRunningInMultiInstanceMode);
    OK(JetTerm(m));

    CHECK(mkdir("single", 0755) == 0);
    OK(JetSetSystemParameter(NULL, JET_sesidNil, JET_paramSystemPath, 0, "./single/"));
    OK(JetSetSystemParameter(NULL, JET_sesidNil, JET_paramLogFilePath, 0, "./single/"));
    JET_INSTANCE inst = 0;
    OK(JetInit(&inst));
    fill(inst, "./single/bk.edb", 1);
    OK(JetStopBackup());
    OK(JetBeginExternalBackup(0));
    char szz[4096];
    uint32_t cb = 0;
    OK(JetGetAttachInfoA(szz, sizeof szz, &cb));
    char names[64][1024];
    CHECK(split_a(szz, cb, names, 64) == 1);
    char *buf = aligned(CHUNK);
    JET_HANDLE h;
    uint32_t lo, hi, got;
    OK(JetOpenFileA(names[0], &h, &lo, &hi));
    uint64_t total = 0;
    do {
        OK(JetReadFile(h, buf, CHUNK, &got));
        total += got;
    } while (got > 0);
    CHECK(total == ((uint64_t)hi << 32 | lo));
    OK(JetCloseFile(h));
    OK(JetGetLogInfoA(szz, sizeof szz, &cb));
    int n = split_a(szz, cb, names, 64);
    CHECK(n >= 1);
    for (int i = 0; i < n; i++) {
        OK(JetOpenFileA(names[i], &h, &lo, &hi));
        do
            OK(JetReadFile(h, buf, CHUNK, &got));
        while (got > 0);
        OK(JetCloseFile(h));
    }
    OK(JetTruncateLog());
    OK(JetEndExternalBackup());
    EXPECT(JetEndExternalBackup(), JET_errNoBackup);
    free(buf);
    /* A restore needs an instance of its own. */
    JET_LOGINFO_A li;
    memset(&li, 0, sizeof li);
    li.cbSize = sizeof li;
    EXPECT(JetExternalRestore2A("./single", "./single", NULL, 0, "./single", &li, NULL, NULL,
                                NULL, NULL),
           JET_errRunningInOneInstanceMode);
    OK(JetStopService());
    JET_SESID s;
    EXPECT(JetBeginSession(inst, &s, NULL, NULL), JET_errClientRequestToStopJetService);
    OK(JetStopBackup());
    OK(JetTerm(inst));
}

int main(void) {
    CHECK(mkdir("backup", 0755) == 0);
    JET_INSTANCE inst = 0;
    OK(JetCreateInstance(&inst, "bk"));
    OK(JetSetSystemParameter(&inst, JET_sesidNil, JET_paramSystemPath, 0, "./"));
    OK(JetSetSystemParameter(&inst, JET_sesidNil, JET_paramLogFilePath, 0, "./"));
    OK(JetSetSystemParameter(&inst, JET_sesidNil, JET_paramLogFileSize, 64, NULL));
    OK(JetInit(&inst));
    fill(inst, "./bk.edb", 150);

    JET_LOGINFO_A info;
    char db_name[1024];
    full_backup(inst, "backup", &info, db_name);
    stop_mid_backup(inst, db_name);
    stop_from_thread(inst, db_name);

    /* The service stopped: every backup call fails until JetTerm, which still works. */
    OK(JetBeginExternalBackupInstance(inst, 0));
    OK(JetStopServiceInstance(inst));
    EXPECT(JetEndExternalBackupInstance(inst), JET_errClientRequestToStopJetService);
    EXPECT(JetCloseFileInstance(inst, 0), JET_errClientRequestToStopJetService);
    OK(JetStopBackupInstance(inst));
    EXPECT(JetStopServiceInstance2(inst, JET_bitStopServiceResume),
           JET_errSuccess); /* nothing recorded to resume */
    OK(JetTerm(inst));
    EXPECT(JetStopBackupInstance(inst), JET_errInvalidInstance);

    restore(db_name, &info);
    legacy();
    return 0;
}
