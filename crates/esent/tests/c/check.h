/*
 * check.h: assertions and setup shared by the C test programs of libesent.
 *
 * Each program runs in a fresh empty directory (the Rust harness tests/c_programs.rs makes
 * it), keeps its logs, checkpoint and databases there, and exits 0 only when every check
 * passed; the first failed check prints its file, line, call and codes and exits 1.
 */
#ifndef ESENT_TEST_CHECK_H
#define ESENT_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esent.h"

/* Code pages of text columns (esent.h leaves them to the caller). */
#define CP_UNICODE 1200
#define CP_ASCII 1252

/* The call must return exactly `want` (an error, a warning or JET_errSuccess). */
#define EXPECT(call, want)                                                              \
    do {                                                                                \
        JET_ERR e_ = (call);                                                            \
        if (e_ != (JET_ERR)(want)) {                                                    \
            fprintf(stderr, "%s:%d: %s returned %d, expected %d\n", __FILE__, __LINE__, \
                    #call, (int)e_, (int)(want));                                       \
            exit(1);                                                                    \
        }                                                                               \
    } while (0)

/* The call must succeed without a warning. */
#define OK(call) EXPECT(call, JET_errSuccess)

/* The condition must hold. */
#define CHECK(cond)                                                               \
    do {                                                                          \
        if (!(cond)) {                                                            \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            exit(1);                                                              \
        }                                                                         \
    } while (0)

/* Creates an instance named `name` with its log and checkpoint in `dir`, not started. */
static inline JET_INSTANCE instance_in(const char *name, const char *dir) {
    JET_INSTANCE inst = 0;
    OK(JetCreateInstance(&inst, name));
    CHECK(inst != 0 && inst != JET_instanceNil);
    OK(JetSetSystemParameter(&inst, JET_sesidNil, JET_paramSystemPath, 0, dir));
    OK(JetSetSystemParameter(&inst, JET_sesidNil, JET_paramLogFilePath, 0, dir));
    return inst;
}

/* Creates and starts an instance named `name` with its files in the current directory. */
static inline JET_INSTANCE start_instance(const char *name) {
    JET_INSTANCE inst = instance_in(name, "./");
    OK(JetInit(&inst));
    return inst;
}

/* A JET_COLUMNDEF of type `coltyp` with options `grbit`. */
static inline JET_COLUMNDEF coldef(JET_COLTYP coltyp, JET_GRBIT grbit) {
    JET_COLUMNDEF d;
    memset(&d, 0, sizeof d);
    d.cbStruct = sizeof d;
    d.coltyp = coltyp;
    d.grbit = grbit;
    if (coltyp == JET_coltypText || coltyp == JET_coltypLongText)
        d.cp = CP_UNICODE;
    return d;
}

#endif /* ESENT_TEST_CHECK_H */
