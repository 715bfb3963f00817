//! A bookstore written against the Jet API as an application would: books with
//! multi-valued authors and long descriptions, customers, orders; secondary indexes,
//! seeks, prefix and key ranges, updates in transactions, a rollback, and everything
//! read back after the instance is ended and started again.

mod common;
use common::*;
use ese_jet::consts::*;
use ese_jet::*;

struct Books {
    t: JET_TABLEID,
    isbn: JET_COLUMNID,
    title: JET_COLUMNID,
    authors: JET_COLUMNID,
    price: JET_COLUMNID,
    stock: JET_COLUMNID,
    desc: JET_COLUMNID,
}

fn text(s: &str) -> Vec<u8> {
    utf16(s)
}

fn read_text(ses: JET_SESID, t: JET_TABLEID, c: JET_COLUMNID, itag: u32) -> Option<String> {
    get_itag(ses, t, c, itag).map(|b| from_utf16(&b))
}

fn create_schema(ses: JET_SESID, db: JET_DBID) -> (Books, JET_TABLEID, JET_TABLEID) {
    jet_begin_transaction(ses).unwrap();
    let mut tc = JET_TABLECREATE {
        szTableName: "books".into(),
        rgcolumncreate: vec![
            col("isbn", JET_coltypLongLong, JET_bitColumnNotNULL),
            col("title", JET_coltypText, JET_bitColumnNotNULL),
            col(
                "authors",
                JET_coltypText,
                JET_bitColumnTagged | JET_bitColumnMultiValued,
            ),
            col("price", JET_coltypCurrency, 0),
            col("stock", JET_coltypLong, 0),
            col("description", JET_coltypLongText, 0),
        ],
        rgindexcreate: vec![
            idx("primary", "+isbn\0\0", JET_bitIndexPrimary),
            idx("bytitle", "+title\0\0", 0),
            idx(
                "byauthor",
                "+authors\0+title\0\0",
                JET_bitIndexIgnoreAnyNull,
            ),
            idx("byprice", "-price\0+isbn\0\0", 0),
        ],
        ..Default::default()
    };
    jet_create_table_column_index(ses, db, &mut tc).unwrap();
    jet_close_table(ses, tc.tableid).unwrap();
    let (customers, _) = table(
        ses,
        db,
        "customers",
        vec![
            col("id", JET_coltypLong, JET_bitColumnNotNULL),
            col("name", JET_coltypText, 0),
            col("email", JET_coltypText, 0),
        ],
        vec![
            idx("primary", "+id\0\0", JET_bitIndexPrimary),
            idx(
                "byemail",
                "+email\0\0",
                JET_bitIndexUnique | JET_bitIndexIgnoreNull,
            ),
        ],
    );
    let (orders, _) = table(
        ses,
        db,
        "orders",
        vec![
            col("id", JET_coltypLong, 0),
            col("customer", JET_coltypLong, 0),
            col("isbn", JET_coltypLongLong, 0),
            col("qty", JET_coltypLong, 0),
        ],
        vec![
            idx("primary", "+id\0\0", JET_bitIndexPrimary),
            idx("bycustomer", "+customer\0+id\0\0", 0),
        ],
    );
    jet_commit_transaction(ses, 0).unwrap();
    let bt = jet_open_table(ses, db, "books", None, 0).unwrap();
    let id = |n: &str| jet_get_table_column_info(ses, bt, n).unwrap().columnid;
    let books = Books {
        isbn: id("isbn"),
        title: id("title"),
        authors: id("authors"),
        price: id("price"),
        stock: id("stock"),
        desc: id("description"),
        t: bt,
    };
    (books, customers, orders)
}

const BOOKS: [(i64, &str, &[&str], i64, i32); 5] = [
    (
        9780131103627,
        "The C Programming Language",
        &["Kernighan", "Ritchie"],
        45_0000,
        3,
    ),
    (
        9780201633610,
        "Design Patterns",
        &["Gamma", "Helm", "Johnson", "Vlissides"],
        55_0000,
        2,
    ),
    (
        9781593278281,
        "The Rust Programming Language",
        &["Klabnik", "Nichols"],
        40_0000,
        10,
    ),
    (
        9780262033848,
        "Introduction to Algorithms",
        &["Cormen", "Leiserson", "Rivest", "Stein"],
        95_0000,
        1,
    ),
    (9780134685991, "Effective Java", &["Bloch"], 45_0000, 0),
];

fn add_book(
    ses: JET_SESID,
    b: &Books,
    (isbn, title, authors, price, stock): (i64, &str, &[&str], i64, i32),
) {
    jet_prepare_update(ses, b.t, JET_prepInsert).unwrap();
    jet_set_column(ses, b.t, b.isbn, Some(&isbn.to_le_bytes()), 0, None).unwrap();
    jet_set_column(ses, b.t, b.title, Some(&text(title)), 0, None).unwrap();
    for a in authors {
        jet_set_column(
            ses,
            b.t,
            b.authors,
            Some(&text(a)),
            0,
            Some(&JET_SETINFO {
                ibLongValue: 0,
                itagSequence: 0,
            }),
        )
        .unwrap();
    }
    jet_set_column(ses, b.t, b.price, Some(&price.to_le_bytes()), 0, None).unwrap();
    jet_set_column(ses, b.t, b.stock, Some(&stock.to_le_bytes()), 0, None).unwrap();
    let desc = format!("{title}. ").repeat(300);
    jet_set_column(ses, b.t, b.desc, Some(&text(&desc)), 0, None).unwrap();
    jet_update(ses, b.t).unwrap();
}

fn seek_isbn(ses: JET_SESID, b: &Books, isbn: i64) -> JetResult<Option<Warning>> {
    jet_set_current_index(ses, b.t, None)?;
    jet_make_key(ses, b.t, Some(&isbn.to_le_bytes()), JET_bitNewKey)?;
    jet_seek(ses, b.t, JET_bitSeekEQ)
}

/// Places an order in one transaction: stock goes down, or nothing happens.
fn order(
    ses: JET_SESID,
    b: &Books,
    orders: JET_TABLEID,
    id: i32,
    customer: i32,
    isbn: i64,
    qty: i32,
) -> JetResult<()> {
    jet_begin_transaction(ses)?;
    let r = (|| {
        seek_isbn(ses, b, isbn)?;
        jet_prepare_update(ses, b.t, JET_prepReplace)?;
        let stock = get_long(ses, b.t, b.stock).unwrap_or(0);
        if stock < qty {
            jet_prepare_update(ses, b.t, JET_prepCancel)?;
            return Err(ese::Error::new(ErrorCode::InvalidOperation));
        }
        jet_set_column(
            ses,
            b.t,
            b.stock,
            Some(&(stock - qty).to_le_bytes()),
            0,
            None,
        )?;
        jet_update(ses, b.t)?;
        insert(
            ses,
            orders,
            &[
                (1, &long(id)),
                (2, &long(customer)),
                (3, &isbn.to_le_bytes()),
                (4, &long(qty)),
            ],
        )?;
        Ok(())
    })();
    match r {
        Ok(()) => jet_commit_transaction(ses, JET_bitCommitLazyFlush),
        Err(e) => {
            jet_rollback(ses, 0)?;
            Err(e)
        }
    }
}

fn titles_by_author(ses: JET_SESID, b: &Books, author: &str) -> Vec<String> {
    jet_set_current_index(ses, b.t, Some("byauthor")).unwrap();
    jet_make_key(ses, b.t, Some(&text(author)), JET_bitNewKey).unwrap();
    if jet_seek(ses, b.t, JET_bitSeekEQ | JET_bitSetIndexRange).is_err() {
        return Vec::new();
    }
    let mut out = vec![read_text(ses, b.t, b.title, 1).unwrap()];
    while jet_move(ses, b.t, JET_MoveNext, 0).is_ok() {
        out.push(read_text(ses, b.t, b.title, 1).unwrap());
    }
    out
}

#[test]
fn a_bookstore() {
    let e = Env::new("bookstore");
    let ses = e.ses;
    let (b, customers, orders) = create_schema(ses, e.db);
    for book in BOOKS {
        add_book(ses, &b, book);
    }
    for (id, name, email) in [
        (1, "Ann", Some("ann@x.org")),
        (2, "Bob", None),
        (3, "Cy", Some("cy@x.org")),
    ] {
        let mut vals: Vec<(JET_COLUMNID, Vec<u8>)> =
            vec![(1, long(id).to_vec()), (128, text(name))];
        if let Some(m) = email {
            vals.push((129, text(m)));
        }
        let refs: Vec<(JET_COLUMNID, &[u8])> =
            vals.iter().map(|(c, v)| (*c, v.as_slice())).collect();
        insert(ses, customers, &refs).unwrap();
    }
    // The unique e-mail index refuses a second Ann, and NULL e-mails are left out of it.
    assert_eq!(
        code(insert(
            ses,
            customers,
            &[(1, &long(4)), (129, &text("ann@x.org"))]
        )),
        JET_errKeyDuplicate
    );
    jet_set_current_index(ses, customers, Some("byemail")).unwrap();
    assert_eq!(jet_index_record_count(ses, customers, 0).unwrap(), 2);

    // Seek by ISBN, read the multi-valued authors and the long description.
    seek_isbn(ses, &b, 9780201633610).unwrap();
    assert_eq!(
        read_text(ses, b.t, b.title, 1).as_deref(),
        Some("Design Patterns")
    );
    let authors: Vec<String> = (1..=5)
        .filter_map(|i| read_text(ses, b.t, b.authors, i))
        .collect();
    assert_eq!(authors, ["Gamma", "Helm", "Johnson", "Vlissides"]);
    let desc = read_text(ses, b.t, b.desc, 1).unwrap();
    assert_eq!(desc.len(), "Design Patterns. ".len() * 300);
    let mut small = [0u8; 10];
    let (n, w) = jet_retrieve_column(ses, b.t, b.desc, &mut small, 0, None).unwrap();
    assert_eq!((n, w), (desc.len() * 2, Some(Warning::BufferTruncated)));
    assert_eq!(code(seek_isbn(ses, &b, 1)), JET_errRecordNotFound);

    // The multi-valued index finds a book by each of its authors.
    assert_eq!(
        titles_by_author(ses, &b, "Stein"),
        ["Introduction to Algorithms"]
    );
    assert_eq!(
        titles_by_author(ses, &b, "ritchie"),
        ["The C Programming Language"],
        "text keys ignore case"
    );
    assert!(titles_by_author(ses, &b, "Knuth").is_empty());
    jet_set_current_index(ses, b.t, Some("byauthor")).unwrap();
    assert_eq!(
        jet_index_record_count(ses, b.t, 0).unwrap(),
        13,
        "one entry per author"
    );

    // Titles starting with "The ": a prefix range.
    jet_set_current_index(ses, b.t, Some("bytitle")).unwrap();
    jet_make_key(ses, b.t, Some(&text("The ")), JET_bitNewKey).unwrap();
    jet_seek(ses, b.t, JET_bitSeekGE).unwrap();
    jet_make_key(
        ses,
        b.t,
        Some(&text("The ")),
        JET_bitNewKey | JET_bitPartialColumnEndLimit,
    )
    .unwrap();
    jet_set_index_range(ses, b.t, JET_bitRangeUpperLimit | JET_bitRangeInclusive).unwrap();
    let mut the = vec![read_text(ses, b.t, b.title, 1).unwrap()];
    while jet_move(ses, b.t, JET_MoveNext, 0).is_ok() {
        the.push(read_text(ses, b.t, b.title, 1).unwrap());
    }
    assert_eq!(
        the,
        [
            "The C Programming Language",
            "The Rust Programming Language"
        ]
    );

    // Most expensive first; books at one price in ISBN order.
    jet_set_current_index(ses, b.t, Some("byprice")).unwrap();
    jet_move(ses, b.t, JET_MoveFirst, 0).unwrap();
    assert_eq!(
        read_text(ses, b.t, b.title, 1).as_deref(),
        Some("Introduction to Algorithms")
    );
    jet_make_key(
        ses,
        b.t,
        Some(&45_0000i64.to_le_bytes()),
        JET_bitNewKey | JET_bitFullColumnStartLimit,
    )
    .unwrap();
    jet_seek(ses, b.t, JET_bitSeekGE).unwrap();
    jet_make_key(
        ses,
        b.t,
        Some(&45_0000i64.to_le_bytes()),
        JET_bitNewKey | JET_bitFullColumnEndLimit,
    )
    .unwrap();
    jet_set_index_range(ses, b.t, JET_bitRangeUpperLimit | JET_bitRangeInclusive).unwrap();
    assert_eq!(jet_index_record_count(ses, b.t, 0).unwrap(), 2);
    assert_eq!(
        read_text(ses, b.t, b.title, 1).as_deref(),
        Some("The C Programming Language")
    );

    // Orders: stock moves with them; one that cannot be filled leaves nothing behind.
    order(ses, &b, orders, 1, 1, 9781593278281, 4).unwrap();
    order(ses, &b, orders, 2, 3, 9780131103627, 3).unwrap();
    order(ses, &b, orders, 3, 1, 9780262033848, 1).unwrap();
    assert_eq!(
        code(order(ses, &b, orders, 4, 2, 9780134685991, 1)),
        JET_errInvalidOperation
    );
    seek_isbn(ses, &b, 9781593278281).unwrap();
    assert_eq!(get_long(ses, b.t, b.stock), Some(6));
    jet_set_current_index(ses, orders, Some("bycustomer")).unwrap();
    seek_long(ses, orders, 1, JET_bitSeekEQ | JET_bitSetIndexRange).unwrap();
    assert_eq!(jet_index_record_count(ses, orders, 0).unwrap(), 2);
    assert_eq!(
        code(seek_long(ses, orders, 2, JET_bitSeekEQ)),
        JET_errRecordNotFound
    );

    // A price change rolled back; a description edited in place and committed.
    jet_begin_transaction(ses).unwrap();
    seek_isbn(ses, &b, 9780134685991).unwrap();
    jet_prepare_update(ses, b.t, JET_prepReplace).unwrap();
    jet_set_column(ses, b.t, b.price, Some(&1i64.to_le_bytes()), 0, None).unwrap();
    jet_update(ses, b.t).unwrap();
    jet_rollback(ses, 0).unwrap();
    seek_isbn(ses, &b, 9780134685991).unwrap();
    assert_eq!(get(ses, b.t, b.price).unwrap(), 45_0000i64.to_le_bytes());
    jet_begin_transaction(ses).unwrap();
    jet_prepare_update(ses, b.t, JET_prepReplace).unwrap();
    jet_set_column(
        ses,
        b.t,
        b.desc,
        Some(&text("Third edition.")),
        JET_bitSetAppendLV,
        None,
    )
    .unwrap();
    jet_set_column(
        ses,
        b.t,
        b.authors,
        Some(&text("J. Bloch")),
        0,
        Some(&JET_SETINFO {
            ibLongValue: 0,
            itagSequence: 1,
        }),
    )
    .unwrap();
    jet_update(ses, b.t).unwrap();
    jet_commit_transaction(ses, 0).unwrap();
    assert!(read_text(ses, b.t, b.desc, 1)
        .unwrap()
        .ends_with("Effective Java. Third edition."));
    assert_eq!(titles_by_author(ses, &b, "J. Bloch"), ["Effective Java"]);
    assert!(titles_by_author(ses, &b, "Bloch").is_empty());

    // A book taken off the shelf.
    seek_isbn(ses, &b, 9780201633610).unwrap();
    jet_delete(ses, b.t).unwrap();
    jet_set_current_index(ses, b.t, None).unwrap();
    assert_eq!(jet_index_record_count(ses, b.t, 0).unwrap(), 4);

    // End everything and start again: all of it is there.
    let (dir, file) = (e.i.dir.s().to_string(), e.file.clone());
    jet_term(e.i.inst).unwrap();
    let inst = jet_create_instance(Some("bookstore-again")).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramSystemPath, 0, Some(&dir)).unwrap();
    jet_set_system_parameter(inst, 0, JET_paramLogFilePath, 0, Some(&dir)).unwrap();
    jet_init(Some(&mut inst.clone())).unwrap();
    let ses = jet_begin_session(inst, None, None).unwrap();
    jet_attach_database(ses, &file, JET_bitDbReadOnly).unwrap();
    let (db, _) = jet_open_database(ses, &file, None, 0).unwrap();
    let mut names = jet_get_table_names(ses, db).unwrap();
    names.sort();
    assert_eq!(names, ["books", "customers", "orders"]);
    let bt = jet_open_table(ses, db, "books", None, 0).unwrap();
    let b2 = Books { t: bt, ..b };
    assert_eq!(titles_by_author(ses, &b2, "J. Bloch"), ["Effective Java"]);
    seek_isbn(ses, &b2, 9780262033848).unwrap();
    assert_eq!(get_long(ses, bt, b2.stock), Some(0));
    assert_eq!(
        code(seek_isbn(ses, &b2, 9780201633610)),
        JET_errRecordNotFound
    );
    jet_term(inst).unwrap();
    drop(e);
}
