/*
 * bookstore.c: a small shop on libesent. Customers, books (several authors each, a long
 * description) and orders; secondary indexes, seeks, index ranges, updates inside
 * transactions and a rollback, each result checked.
 */
#include "check.h"

static JET_SESID ses;
static JET_DBID db;

/* Column ids, set when the tables are created. */
static JET_COLUMNID c_id, c_name, c_city;
static JET_COLUMNID b_id, b_title, b_price, b_authors, b_desc;
static JET_COLUMNID o_id, o_customer, o_book, o_qty;

static const char *const CITIES[] = {"Paris", "Lyon", "Paris", "Nantes", "Paris"};
static const char *const NAMES[] = {"Ada", "Blaise", "Claude", "Denis", "Emilie"};

static void create_schema(void) {
    JET_COLUMNCREATE cc[3];
    JET_INDEXCREATE ic[2];
    JET_TABLECREATE tc;

    /* customers(id, name, city): primary on id, by_city on city then name. */
    memset(cc, 0, sizeof cc);
    memset(ic, 0, sizeof ic);
    memset(&tc, 0, sizeof tc);
    for (int i = 0; i < 3; i++)
        cc[i].cbStruct = sizeof cc[i];
    cc[0].szColumnName = "id";
    cc[0].coltyp = JET_coltypLong;
    cc[0].grbit = JET_bitColumnNotNULL;
    cc[1].szColumnName = "name";
    cc[1].coltyp = JET_coltypText;
    cc[1].cp = CP_ASCII;
    cc[2].szColumnName = "city";
    cc[2].coltyp = JET_coltypText;
    cc[2].cp = CP_ASCII;
    ic[0].cbStruct = sizeof ic[0];
    ic[0].szIndexName = "primary";
    ic[0].szKey = "+id\0";
    ic[0].cbKey = sizeof "+id\0";
    ic[0].grbit = JET_bitIndexPrimary;
    ic[1].cbStruct = sizeof ic[1];
    ic[1].szIndexName = "by_city";
    ic[1].szKey = "+city\0+name\0";
    ic[1].cbKey = sizeof "+city\0+name\0";
    tc.cbStruct = sizeof tc;
    tc.szTableName = "customers";
    tc.rgcolumncreate = cc;
    tc.cColumns = 3;
    tc.rgindexcreate = ic;
    tc.cIndexes = 2;
    OK(JetCreateTableColumnIndex(ses, db, &tc));
    CHECK(tc.cCreated == 6);
    CHECK(cc[0].err == 0 && cc[1].err == 0 && cc[2].err == 0);
    c_id = cc[0].columnid;
    c_name = cc[1].columnid;
    c_city = cc[2].columnid;
    OK(JetCloseTable(ses, tc.tableid));

    /* books: created column by column, with a multi-valued author column. */
    JET_TABLEID t;
    JET_COLUMNDEF d;
    OK(JetCreateTable(ses, db, "books", 0, 100, &t));
    d = coldef(JET_coltypLong, JET_bitColumnNotNULL);
    OK(JetAddColumn(ses, t, "id", &d, NULL, 0, &b_id));
    d = coldef(JET_coltypText, 0);
    OK(JetAddColumn(ses, t, "title", &d, NULL, 0, &b_title));
    d = coldef(JET_coltypLong, 0);
    int32_t zero = 0;
    OK(JetAddColumn(ses, t, "price", &d, &zero, sizeof zero, &b_price));
    d = coldef(JET_coltypText, JET_bitColumnTagged | JET_bitColumnMultiValued);
    OK(JetAddColumn(ses, t, "authors", &d, NULL, 0, &b_authors));
    d = coldef(JET_coltypLongText, 0);
    d.cp = CP_ASCII;
    OK(JetAddColumn(ses, t, "description", &d, NULL, 0, &b_desc));
    OK(JetCreateIndex(ses, t, "primary", JET_bitIndexPrimary, "+id\0", sizeof "+id\0", 100));
    OK(JetCreateIndex(ses, t, "by_price", 0, "+price\0+id\0", sizeof "+price\0+id\0", 90));
    OK(JetCreateIndex(ses, t, "by_author", 0, "+authors\0", sizeof "+authors\0", 90));
    OK(JetCloseTable(ses, t));

    /* orders(id, customer, book, qty): primary on id, by_customer on customer then id. */
    OK(JetCreateTable(ses, db, "orders", 0, 0, &t));
    d = coldef(JET_coltypLong, JET_bitColumnNotNULL);
    OK(JetAddColumn(ses, t, "id", &d, NULL, 0, &o_id));
    OK(JetAddColumn(ses, t, "customer", &d, NULL, 0, &o_customer));
    OK(JetAddColumn(ses, t, "book", &d, NULL, 0, &o_book));
    d = coldef(JET_coltypShort, 0);
    OK(JetAddColumn(ses, t, "qty", &d, NULL, 0, &o_qty));
    OK(JetCreateIndex(ses, t, "primary", JET_bitIndexPrimary | JET_bitIndexUnique, "+id\0",
                      sizeof "+id\0", 100));
    OK(JetCreateIndex(ses, t, "by_customer", 0, "+customer\0+id\0", sizeof "+customer\0+id\0",
                      100));
    OK(JetCloseTable(ses, t));
}

/* Sets a UTF-16 text value. */
static JET_ERR set_text(JET_TABLEID t, JET_COLUMNID col, const char *s, JET_SETINFO *si) {
    uint16_t buf[256];
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        buf[i] = (uint16_t)(unsigned char)s[i];
    return JetSetColumn(ses, t, col, buf, (uint32_t)(n * 2), 0, si);
}

static void description(int book, char *out, size_t n) {
    for (size_t i = 0; i + 1 < n; i++)
        out[i] = (char)('a' + (book * 7 + (int)i) % 26);
    out[n - 1] = 0;
}

static void load(void) {
    JET_TABLEID t;
    OK(JetOpenTable(ses, db, "customers", NULL, 0, 0, &t));
    OK(JetBeginTransaction(ses));
    for (int32_t i = 0; i < 5; i++) {
        int32_t id = i + 1;
        JET_SETCOLUMN sc[3];
        memset(sc, 0, sizeof sc);
        sc[0].columnid = c_id;
        sc[0].pvData = &id;
        sc[0].cbData = sizeof id;
        sc[1].columnid = c_name;
        sc[1].pvData = NAMES[i];
        sc[1].cbData = (uint32_t)strlen(NAMES[i]);
        sc[2].columnid = c_city;
        sc[2].pvData = CITIES[i];
        sc[2].cbData = (uint32_t)strlen(CITIES[i]);
        OK(JetPrepareUpdate(ses, t, JET_prepInsert));
        OK(JetSetColumns(ses, t, sc, 3));
        CHECK(sc[0].err == 0 && sc[1].err == 0 && sc[2].err == 0);
        OK(JetUpdate(ses, t, NULL, 0, NULL));
    }
    OK(JetCommitTransaction(ses, 0));
    OK(JetCloseTable(ses, t));

    static const char *const TITLES[] = {"Art of Programming", "Concrete Mathematics",
                                         "Structure and Interpretation", "Elements",
                                         "Literate Programming", "Compilers"};
    static const int32_t PRICES[] = {9900, 4500, 5000, 3000, 2500, 7000};
    static const char *const AUTHORS[][3] = {
        {"Knuth", NULL, NULL}, {"Graham", "Knuth", "Patashnik"}, {"Abelson", "Sussman", NULL},
        {"Euclid", NULL, NULL}, {"Knuth", NULL, NULL},           {"Aho", "Sethi", "Ullman"}};
    OK(JetOpenTable(ses, db, "books", NULL, 0, 0, &t));
    OK(JetBeginTransaction(ses));
    for (int32_t i = 0; i < 6; i++) {
        int32_t id = 100 + i;
        char desc[3000];
        description(i, desc, sizeof desc);
        OK(JetPrepareUpdate(ses, t, JET_prepInsert));
        OK(JetSetColumn(ses, t, b_id, &id, sizeof id, 0, NULL));
        OK(set_text(t, b_title, TITLES[i], NULL));
        OK(JetSetColumn(ses, t, b_price, &PRICES[i], sizeof PRICES[i], 0, NULL));
        for (int a = 0; a < 3 && AUTHORS[i][a]; a++) {
            JET_SETINFO si = {sizeof si, 0, 0}; /* itagSequence 0: append a value */
            OK(set_text(t, b_authors, AUTHORS[i][a], &si));
        }
        OK(JetSetColumn(ses, t, b_desc, desc, (uint32_t)strlen(desc), 0, NULL));
        unsigned char bm[JET_cbBookmarkMost];
        uint32_t cbBm = 0;
        OK(JetUpdate(ses, t, bm, sizeof bm, &cbBm));
        CHECK(cbBm > 0 && cbBm <= sizeof bm);
    }
    OK(JetCommitTransaction(ses, JET_bitCommitLazyFlush));
    OK(JetCloseTable(ses, t));

    OK(JetOpenTable(ses, db, "orders", NULL, 0, 0, &t));
    OK(JetBeginTransaction(ses));
    for (int32_t i = 0; i < 12; i++) {
        int32_t id = 1000 + i, customer = 1 + i % 4, book = 100 + i % 6;
        int16_t qty = (int16_t)(1 + i % 3);
        OK(JetPrepareUpdate(ses, t, JET_prepInsert));
        OK(JetSetColumn(ses, t, o_id, &id, sizeof id, 0, NULL));
        OK(JetSetColumn(ses, t, o_customer, &customer, sizeof customer, 0, NULL));
        OK(JetSetColumn(ses, t, o_book, &book, sizeof book, 0, NULL));
        OK(JetSetColumn(ses, t, o_qty, &qty, sizeof qty, 0, NULL));
        OK(JetUpdate(ses, t, NULL, 0, NULL));
    }
    OK(JetCommitTransaction(ses, 0));
    OK(JetCloseTable(ses, t));
}

/* Entries from the cursor's position to the end of its range. */
static int count_forward(JET_TABLEID t) {
    int n = 1;
    JET_ERR err;
    while ((err = JetMove(ses, t, JET_MoveNext, 0)) == JET_errSuccess)
        n++;
    EXPECT(err, JET_errNoCurrentRecord);
    return n;
}

static void customers_queries(void) {
    JET_TABLEID t;
    char buf[64];
    uint32_t cb;
    OK(JetOpenTable(ses, db, "customers", NULL, 0, JET_bitTableReadOnly, &t));

    /* Seek on the primary index. */
    int32_t id = 3;
    OK(JetMakeKey(ses, t, &id, sizeof id, JET_bitNewKey));
    OK(JetSeek(ses, t, JET_bitSeekEQ));
    OK(JetRetrieveColumn(ses, t, c_name, buf, sizeof buf, &cb, 0, NULL));
    CHECK(cb == 6 && memcmp(buf, "Claude", 6) == 0);
    id = 42;
    OK(JetMakeKey(ses, t, &id, sizeof id, JET_bitNewKey));
    EXPECT(JetSeek(ses, t, JET_bitSeekEQ), JET_errRecordNotFound);
    OK(JetMakeKey(ses, t, &id, sizeof id, JET_bitNewKey));
    EXPECT(JetSeek(ses, t, JET_bitSeekLE), JET_wrnSeekNotEqual);
    int32_t got = 0;
    OK(JetRetrieveColumn(ses, t, c_id, &got, sizeof got, &cb, 0, NULL));
    CHECK(got == 5 && cb == 4);

    /* Everyone in Paris, through the secondary index and an index range. */
    OK(JetSetCurrentIndex(ses, t, "by_city"));
    OK(JetGetCurrentIndex(ses, t, buf, sizeof buf));
    CHECK(strcmp(buf, "by_city") == 0);
    OK(JetMakeKey(ses, t, "Paris", 5, JET_bitNewKey));
    OK(JetSeek(ses, t, JET_bitSeekGE));
    OK(JetMakeKey(ses, t, "Paris", 5, JET_bitNewKey | JET_bitFullColumnEndLimit));
    OK(JetSetIndexRange(ses, t, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    uint32_t count = 0;
    OK(JetIndexRecordCount(ses, t, &count, 0));
    CHECK(count == 3);
    OK(JetRetrieveColumn(ses, t, c_name, buf, sizeof buf, &cb, 0, NULL));
    CHECK(cb == 3 && memcmp(buf, "Ada", 3) == 0); /* Paris, sorted by name */
    CHECK(count_forward(t) == 3);
    OK(JetCloseTable(ses, t));
}

static void books_queries(void) {
    JET_TABLEID t;
    uint16_t w[64];
    uint32_t cb;
    OK(JetOpenTable(ses, db, "books", NULL, 0, 0, &t));

    /* Books by Knuth: the multi-valued index has one entry per author. */
    OK(JetSetCurrentIndex(ses, t, "by_author"));
    uint16_t knuth[] = {'K', 'n', 'u', 't', 'h'};
    OK(JetMakeKey(ses, t, knuth, sizeof knuth, JET_bitNewKey));
    OK(JetSeek(ses, t, JET_bitSeekEQ));
    OK(JetMakeKey(ses, t, knuth, sizeof knuth, JET_bitNewKey | JET_bitFullColumnEndLimit));
    OK(JetSetIndexRange(ses, t, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    CHECK(count_forward(t) == 3);

    /* Book 101's authors, one by one and counted. */
    OK(JetSetCurrentIndex(ses, t, NULL));
    int32_t id = 101;
    OK(JetMakeKey(ses, t, &id, sizeof id, JET_bitNewKey));
    OK(JetSeek(ses, t, JET_bitSeekEQ));
    JET_RETINFO ri = {sizeof ri, 0, 2, 0};
    OK(JetRetrieveColumn(ses, t, b_authors, w, sizeof w, &cb, 0, &ri));
    CHECK(cb == 10 && w[0] == 'K' && w[4] == 'h');
    ri.itagSequence = 4;
    EXPECT(JetRetrieveColumn(ses, t, b_authors, w, sizeof w, &cb, 0, &ri), JET_wrnColumnNull);
    JET_RETRIEVECOLUMN rc[2];
    memset(rc, 0, sizeof rc);
    rc[0].columnid = b_authors; /* itagSequence 0: count the values */
    rc[1].columnid = b_price;
    int32_t price = 0;
    rc[1].pvData = &price;
    rc[1].cbData = sizeof price;
    rc[1].itagSequence = 1;
    OK(JetRetrieveColumns(ses, t, rc, 2));
    CHECK(rc[0].itagSequence == 3);
    CHECK(rc[1].err == 0 && rc[1].cbActual == 4 && price == 4500);

    /* The long description: a short buffer is truncated with the full size reported. */
    char small[100], full[4000], want[3000];
    description(1, want, sizeof want);
    EXPECT(JetRetrieveColumn(ses, t, b_desc, small, sizeof small, &cb, 0, NULL),
           JET_wrnBufferTruncated);
    CHECK(cb == strlen(want) && memcmp(small, want, sizeof small) == 0);
    OK(JetRetrieveColumn(ses, t, b_desc, full, sizeof full, &cb, 0, NULL));
    CHECK(cb == strlen(want) && memcmp(full, want, cb) == 0);
    /* From an offset inside the long value. */
    JET_RETINFO off = {sizeof off, 2000, 1, 0};
    OK(JetRetrieveColumn(ses, t, b_desc, full, sizeof full, &cb, 0, &off));
    CHECK(cb == strlen(want) - 2000 && memcmp(full, want + 2000, cb) == 0);

    /* A price change inside a transaction, then the cheapest book through by_price. */
    OK(JetBeginTransaction(ses));
    OK(JetPrepareUpdate(ses, t, JET_prepReplace));
    int32_t newprice = 1000;
    OK(JetSetColumn(ses, t, b_price, &newprice, sizeof newprice, 0, NULL));
    OK(JetUpdate(ses, t, NULL, 0, NULL));
    OK(JetCommitTransaction(ses, 0));
    OK(JetSetCurrentIndex(ses, t, "by_price"));
    OK(JetMove(ses, t, JET_MoveFirst, 0));
    OK(JetRetrieveColumn(ses, t, b_id, &id, sizeof id, &cb, 0, NULL));
    CHECK(id == 101);
    OK(JetRetrieveColumn(ses, t, b_title, w, sizeof w, &cb, 0, NULL));
    CHECK(cb == 2 * strlen("Concrete Mathematics") && w[0] == 'C');
    OK(JetCloseTable(ses, t));
}

static void orders_queries(void) {
    JET_TABLEID t, c;
    uint32_t cb;
    OK(JetOpenTable(ses, db, "orders", NULL, 0, 0, &t));
    OK(JetOpenTable(ses, db, "customers", NULL, 0, 0, &c));

    /* Customer 2's orders: ids 1001, 1005, 1009. */
    OK(JetSetCurrentIndex(ses, t, "by_customer"));
    int32_t customer = 2;
    OK(JetMakeKey(ses, t, &customer, sizeof customer, JET_bitNewKey));
    OK(JetSeek(ses, t, JET_bitSeekGE));
    OK(JetMakeKey(ses, t, &customer, sizeof customer, JET_bitNewKey | JET_bitFullColumnEndLimit));
    OK(JetSetIndexRange(ses, t, JET_bitRangeUpperLimit | JET_bitRangeInclusive));
    int32_t ids[8];
    int n = 0;
    do {
        CHECK(n < 8);
        OK(JetRetrieveColumn(ses, t, o_id, &ids[n], sizeof ids[n], &cb, 0, NULL));
        n++;
    } while (JetMove(ses, t, JET_MoveNext, 0) == JET_errSuccess);
    CHECK(n == 3 && ids[0] == 1001 && ids[1] == 1005 && ids[2] == 1009);

    /* A rollback undoes an insert and a delete. */
    OK(JetBeginTransaction(ses));
    OK(JetSetCurrentIndex(ses, t, NULL));
    int32_t id = 2000, book = 100;
    int16_t qty = 1;
    OK(JetPrepareUpdate(ses, t, JET_prepInsert));
    OK(JetSetColumn(ses, t, o_id, &id, sizeof id, 0, NULL));
    OK(JetSetColumn(ses, t, o_customer, &customer, sizeof customer, 0, NULL));
    OK(JetSetColumn(ses, t, o_book, &book, sizeof book, 0, NULL));
    OK(JetSetColumn(ses, t, o_qty, &qty, sizeof qty, 0, NULL));
    OK(JetUpdate(ses, t, NULL, 0, NULL));
    int32_t five = 5;
    OK(JetMakeKey(ses, c, &five, sizeof five, JET_bitNewKey));
    OK(JetSeek(ses, c, JET_bitSeekEQ));
    OK(JetDelete(ses, c));
    OK(JetRollback(ses, 0));
    OK(JetMakeKey(ses, t, &id, sizeof id, JET_bitNewKey));
    EXPECT(JetSeek(ses, t, JET_bitSeekEQ), JET_errRecordNotFound);
    OK(JetMakeKey(ses, c, &five, sizeof five, JET_bitNewKey));
    OK(JetSeek(ses, c, JET_bitSeekEQ));

    /* A duplicate order id is refused by the unique primary index. */
    id = 1000;
    OK(JetBeginTransaction(ses));
    OK(JetPrepareUpdate(ses, t, JET_prepInsert));
    OK(JetSetColumn(ses, t, o_id, &id, sizeof id, 0, NULL));
    OK(JetSetColumn(ses, t, o_customer, &customer, sizeof customer, 0, NULL));
    OK(JetSetColumn(ses, t, o_book, &book, sizeof book, 0, NULL));
    EXPECT(JetUpdate(ses, t, NULL, 0, NULL), JET_errKeyDuplicate);
    OK(JetPrepareUpdate(ses, t, JET_prepCancel));
    OK(JetRollback(ses, 0));

    /* Twelve orders in all. */
    OK(JetMove(ses, t, JET_MoveFirst, 0));
    CHECK(count_forward(t) == 12);
    OK(JetCloseTable(ses, c));
    OK(JetCloseTable(ses, t));
}

int main(void) {
    JET_INSTANCE inst = start_instance("bookstore");
    OK(JetBeginSession(inst, &ses, NULL, NULL));
    OK(JetCreateDatabase(ses, "./bookstore.edb", NULL, &db, 0));
    create_schema();
    load();
    customers_queries();
    books_queries();
    orders_queries();

    /* The data survives a clean restart. */
    OK(JetCloseDatabase(ses, db, 0));
    OK(JetDetachDatabase(ses, "./bookstore.edb"));
    OK(JetEndSession(ses, 0));
    OK(JetTerm(inst));
    inst = start_instance("bookstore again");
    OK(JetBeginSession(inst, &ses, NULL, NULL));
    OK(JetAttachDatabase(ses, "./bookstore.edb", 0));
    OK(JetOpenDatabase(ses, "./bookstore.edb", NULL, &db, 0));
    customers_queries();
    OK(JetEndSession(ses, 0));
    OK(JetTerm2(inst, JET_bitTermComplete));
    printf("bookstore: ok\n");
    return 0;
}
