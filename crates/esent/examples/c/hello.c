/*
 * hello.c: the smallest complete libesent program. It starts an instance with its files in
 * the current directory, creates a database with one table, inserts a record in a
 * transaction, finds it again by key and prints it.
 *
 * Build and run from the repository root:
 *   cargo build --release -p esent
 *   cc -std=c99 crates/esent/examples/c/hello.c -Icrates/esent/include -Ltarget/release \
 *      -lesent -Wl,-rpath,"$PWD/target/release" -o hello && ./hello
 */
#include <stdio.h>
#include <string.h>

#include "esent.h"

/* Stops the program with a message when a call fails (warnings are positive, not errors). */
#define CALL(x)                                                   \
    do {                                                          \
        JET_ERR err_ = (x);                                       \
        if (err_ < 0) {                                           \
            fprintf(stderr, "%s failed with %d\n", #x, (int)err_); \
            return 1;                                             \
        }                                                         \
    } while (0)

int main(void) {
    JET_INSTANCE instance = 0;
    JET_SESID session;
    JET_DBID db;
    JET_TABLEID table;
    JET_COLUMNID id_column, greeting_column;

    CALL(JetCreateInstance(&instance, "hello"));
    CALL(JetSetSystemParameter(&instance, JET_sesidNil, JET_paramLogFilePath, 0, "./"));
    CALL(JetSetSystemParameter(&instance, JET_sesidNil, JET_paramSystemPath, 0, "./"));
    CALL(JetInit(&instance));
    CALL(JetBeginSession(instance, &session, NULL, NULL));
    CALL(JetCreateDatabase(session, "./hello.edb", NULL, &db, JET_bitDbOverwriteExisting));

    /* A table with a Long key and a text column. */
    JET_COLUMNDEF def;
    memset(&def, 0, sizeof def);
    def.cbStruct = sizeof def;
    CALL(JetCreateTable(session, db, "greetings", 0, 0, &table));
    def.coltyp = JET_coltypLong;
    CALL(JetAddColumn(session, table, "id", &def, NULL, 0, &id_column));
    def.coltyp = JET_coltypLongText;
    def.cp = 1252;
    CALL(JetAddColumn(session, table, "greeting", &def, NULL, 0, &greeting_column));
    CALL(JetCreateIndex(session, table, "primary", JET_bitIndexPrimary, "+id\0", sizeof "+id\0",
                        100));

    /* Insert one record. */
    int32_t id = 1;
    const char *text = "Hello from libesent";
    CALL(JetBeginTransaction(session));
    CALL(JetPrepareUpdate(session, table, JET_prepInsert));
    CALL(JetSetColumn(session, table, id_column, &id, sizeof id, 0, NULL));
    CALL(JetSetColumn(session, table, greeting_column, text, (uint32_t)strlen(text), 0, NULL));
    CALL(JetUpdate(session, table, NULL, 0, NULL));
    CALL(JetCommitTransaction(session, 0));

    /* Find it by key and read it back. */
    char buffer[64];
    uint32_t size = 0;
    CALL(JetMakeKey(session, table, &id, sizeof id, JET_bitNewKey));
    CALL(JetSeek(session, table, JET_bitSeekEQ));
    CALL(JetRetrieveColumn(session, table, greeting_column, buffer, sizeof buffer - 1, &size, 0,
                           NULL));
    buffer[size < sizeof buffer ? size : sizeof buffer - 1] = 0;
    printf("record %d: %s\n", (int)id, buffer);

    CALL(JetCloseTable(session, table));
    CALL(JetEndSession(session, 0));
    CALL(JetTerm(instance));
    return 0;
}
