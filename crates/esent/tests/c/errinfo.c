/*
 * errinfo.c: JetGetErrorInfoW through the C interface. It checks the category and the
 * hierarchy of a few codes (ESE's errdata.txt and error tree), and the misuses in ESE's
 * order: a NULL context, an unknown level or a grbit before a short buffer, and a short
 * buffer before an unknown code. Outputs are written only on success. No instance is
 * needed.
 */
#include "check.h"

/* Calls JetGetErrorInfoW for `code` and checks every field against `cat` and the
   hierarchy `h0..h3` (the rest of the places must be JET_errcatUnknown). */
static void expect_info(JET_ERR code, JET_ERRCAT cat, int h0, int h1, int h2, int h3) {
    JET_ERRINFOBASIC_W info;
    memset(&info, 0xAB, sizeof info);
    OK(JetGetErrorInfoW(&code, &info, sizeof info, JET_ErrorInfoSpecificErr, 0));
    CHECK(info.cbStruct == sizeof(JET_ERRINFOBASIC_W));
    CHECK(info.errValue == code);
    CHECK(info.errcatMostSpecific == cat);
    const int want[8] = {h0, h1, h2, h3, 0, 0, 0, 0};
    for (int i = 0; i < 8; i++) {
        if (info.rgCategoricalHierarchy[i] != want[i]) {
            fprintf(stderr, "code %d: hierarchy[%d] is %d, expected %d\n", (int)code, i,
                    info.rgCategoricalHierarchy[i], want[i]);
            exit(1);
        }
    }
    CHECK(info.lSourceLine == 0);
    CHECK(info.rgszSourceFile[0] == 0);
}

/* The values of esent.h's JET_ERRCAT. */
static void categories(void) {
    CHECK(sizeof(JET_ERRCAT) == 4);
    CHECK(JET_errcatUnknown == 0 && JET_errcatError == 1 && JET_errcatOperation == 2);
    CHECK(JET_errcatFatal == 3 && JET_errcatIO == 4 && JET_errcatResource == 5);
    CHECK(JET_errcatMemory == 6 && JET_errcatQuota == 7 && JET_errcatDisk == 8);
    CHECK(JET_errcatData == 9 && JET_errcatCorruption == 10 && JET_errcatInconsistent == 11);
    CHECK(JET_errcatFragmentation == 12 && JET_errcatApi == 13 && JET_errcatUsage == 14);
    CHECK(JET_errcatState == 15 && JET_errcatObsolete == 16 && JET_errcatMax == 17);
    CHECK(sizeof(JET_ERRINFOBASIC_W) == 152);
}

static void known_codes(void) {
    expect_info(JET_errOutOfMemory, JET_errcatMemory, JET_errcatError, JET_errcatOperation,
                JET_errcatResource, JET_errcatMemory);
    expect_info(JET_errDiskFull, JET_errcatDisk, JET_errcatError, JET_errcatOperation,
                JET_errcatResource, JET_errcatDisk);
    expect_info(JET_errWriteConflict, JET_errcatState, JET_errcatError, JET_errcatApi,
                JET_errcatState, 0);
    expect_info(JET_errRecordNotFound, JET_errcatState, JET_errcatError, JET_errcatApi,
                JET_errcatState, 0);
    expect_info(JET_errInvalidParameter, JET_errcatUsage, JET_errcatError, JET_errcatApi,
                JET_errcatUsage, 0);
    expect_info(JET_errReadVerifyFailure, JET_errcatCorruption, JET_errcatError,
                JET_errcatData, JET_errcatCorruption, 0);
    expect_info(JET_errInternalError, JET_errcatOperation, JET_errcatError,
                JET_errcatOperation, 0, 0);
    expect_info(JET_errSuccess, JET_errcatState, JET_errcatError, JET_errcatApi,
                JET_errcatState, 0);
    expect_info(JET_wrnNyi, JET_errcatUsage, JET_errcatError, JET_errcatApi, JET_errcatUsage,
                0);
    expect_info(JET_wrnBufferTruncated, JET_errcatState, JET_errcatError, JET_errcatApi,
                JET_errcatState, 0);
    /* An obsolete code: Unknown, and an empty hierarchy. */
    expect_info(JET_errRfsFailure, JET_errcatUnknown, 0, 0, 0, 0);
}

/* A larger buffer keeps its bytes past the structure; an unaligned one works. */
static void buffers(void) {
    JET_ERR code = JET_errOutOfMemory;
    unsigned char big[sizeof(JET_ERRINFOBASIC_W) + 16];
    memset(big, 0xAB, sizeof big);
    OK(JetGetErrorInfoW(&code, big, sizeof big, JET_ErrorInfoSpecificErr, 0));
    for (size_t i = sizeof(JET_ERRINFOBASIC_W); i < sizeof big; i++)
        CHECK(big[i] == 0xAB);

    unsigned char raw[sizeof(JET_ERRINFOBASIC_W) + 1];
    OK(JetGetErrorInfoW(&code, raw + 1, sizeof(JET_ERRINFOBASIC_W), JET_ErrorInfoSpecificErr,
                        0));
    JET_ERRINFOBASIC_W info;
    memcpy(&info, raw + 1, sizeof info);
    CHECK(info.cbStruct == sizeof info && info.errValue == JET_errOutOfMemory);
    CHECK(info.errcatMostSpecific == JET_errcatMemory);
}

static void misuse(void) {
    JET_ERR code = JET_errOutOfMemory;
    JET_ERR unknown = -104; /* a gap in ESE's table */
    JET_ERRINFOBASIC_W info;
    const uint32_t cb = sizeof info;
    const uint32_t level = JET_ErrorInfoSpecificErr;
    JET_ERRINFOBASIC_W untouched;
    memset(&untouched, 0xAB, sizeof untouched);
    memset(&info, 0xAB, sizeof info);

    EXPECT(JetGetErrorInfoW(NULL, &info, cb, level, 0), JET_errInvalidParameter);
    EXPECT(JetGetErrorInfoW(&code, &info, cb, 0, 0), JET_errInvalidParameter);
    EXPECT(JetGetErrorInfoW(&code, &info, cb, 2, 0), JET_errInvalidParameter);
    EXPECT(JetGetErrorInfoW(&code, &info, cb, level, 1), JET_errInvalidParameter);
    EXPECT(JetGetErrorInfoW(&code, &info, cb - 1, level, 0), JET_errInvalidBufferSize);
    EXPECT(JetGetErrorInfoW(&code, &info, 0, level, 0), JET_errInvalidBufferSize);
    EXPECT(JetGetErrorInfoW(&unknown, &info, cb, level, 0), JET_errInvalidParameter);
    EXPECT(JetGetErrorInfoW(&code, NULL, cb, level, 0), JET_errInvalidParameter);
    /* ESE's order: level, context and grbit before the size, the size before the lookup. */
    EXPECT(JetGetErrorInfoW(NULL, &info, 0, level, 0), JET_errInvalidParameter);
    EXPECT(JetGetErrorInfoW(&code, &info, 0, 2, 0), JET_errInvalidParameter);
    EXPECT(JetGetErrorInfoW(&code, &info, 0, level, 1), JET_errInvalidParameter);
    EXPECT(JetGetErrorInfoW(&unknown, &info, cb - 1, level, 0), JET_errInvalidBufferSize);
    CHECK(memcmp(&info, &untouched, sizeof info) == 0);
}

int main(void) {
    categories();
    known_codes();
    buffers();
    misuse();
    return 0;
}
