//! `record::schema`: the `eseutil create` schema document, ESE's validation with its error codes,
//! and the table definitions it gives, checked against the catalogs of the sample databases
//! (each sample table is described in JSON and must come back as ESE defined it).

mod common;

use common::open_sample;
use ese::db::{column_flags, index_flags, TableDef};
use ese::format::coltype::ColumnType;
use ese::record::schema::{parse_schema, DatabaseSpec};
use ese::ErrorCode;
use serde_json::{json, Value as Json};

const EXAMPLE: &str = r#"{"page_size": 8192,
 "tables": [{"name": "people",
   "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
               {"name": "name", "type": "Text", "cp": 1200},
               {"name": "score", "type": "IEEEDouble"},
               {"name": "tags", "type": "Text", "cp": 1200, "flags": ["Tagged", "MultiValued"]},
               {"name": "bio", "type": "LongText", "cp": 1200}],
   "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]}]}]}"#;

#[test]
fn the_example_document() {
    let spec = parse_schema(EXAMPLE).unwrap();
    assert_eq!(spec.page_size, 8192);
    let defs = spec.table_defs().unwrap();
    let t = &defs[0];
    assert_eq!(t.name, "people");
    let ids: Vec<(u32, &str, u16, u32)> = t
        .columns
        .iter()
        .map(|c| (c.id, c.name.as_str(), c.record_offset, c.max_length))
        .collect();
    assert_eq!(
        ids,
        [
            (1, "id", 4, 4),
            (2, "score", 8, 8),
            (128, "name", 0, 255),
            (256, "tags", 0, 255),
            (257, "bio", 0, 0),
        ]
    );
    assert_eq!(t.column("id").unwrap().flags, column_flags::NOT_NULL);
    assert_eq!(t.column("tags").unwrap().flags, column_flags::MULTI_VALUED);
    assert_eq!(t.column("name").unwrap().code_page, 1200);
    assert_eq!(t.column("score").unwrap().code_page, 0);
    let ix = t.primary_index().unwrap();
    assert_eq!(ix.flags, 0x0001_002F);
    assert_eq!(ix.key_most, 5);
    assert_eq!(ix.segments[0].column_id, 1);
    assert_eq!(ix.locale_name.as_deref(), Some("en-US"));
    assert_eq!(ix.lcmap_flags, 0x0003_0401);
}

/// A schema document describing `def` as it would have been created.
fn describe(def: &TableDef) -> Json {
    let columns: Vec<Json> = def
        .columns
        .iter()
        .map(|c| {
            let mut flags = Vec::new();
            if c.is_tagged() && !c.coltype.is_long() {
                flags.push("Tagged");
            }
            if c.is_fixed() && c.coltype.fixed_size().is_none() {
                flags.push("Fixed");
            }
            for (bit, name) in [
                (column_flags::NOT_NULL, "NotNULL"),
                (column_flags::AUTOINCREMENT, "Autoincrement"),
                (column_flags::VERSION, "Version"),
                (column_flags::MULTI_VALUED, "MultiValued"),
                (column_flags::ESCROW_UPDATE, "EscrowUpdate"),
                (column_flags::COMPRESSED, "Compressed"),
            ] {
                if c.flags & bit != 0 {
                    flags.push(name);
                }
            }
            let mut j = json!({
                "name": c.name,
                "type": &c.coltype.name()["JET_coltyp".len()..],
                "max_length": c.max_length,
                "flags": flags,
            });
            if c.coltype.is_text() {
                j["cp"] = json!(c.code_page);
            }
            if let Some(d) = &c.default_value {
                let hex: String = d.iter().map(|b| format!("{b:02x}")).collect();
                j["default"] = json!({"undecodable": "as stored", "raw": hex});
            }
            j
        })
        .collect();
    let indexes: Vec<Json> = def
        .indexes
        .iter()
        .map(|ix| {
            let key: Vec<String> = ix
                .segments
                .iter()
                .map(|s| {
                    let name = &def.column_by_id(s.column_id).unwrap().name;
                    format!("{}{name}", if s.descending { '-' } else { '+' })
                })
                .collect();
            let f = ix.flags;
            let mut flags = Vec::new();
            for (on, name) in [
                (f & index_flags::PRIMARY != 0, "Primary"),
                (
                    f & index_flags::UNIQUE != 0 && f & index_flags::PRIMARY == 0,
                    "Unique",
                ),
                (f & index_flags::NO_NULL_SEG != 0, "DisallowNull"),
                (
                    f & (index_flags::ALLOW_SOME_NULLS | index_flags::NO_NULL_SEG) == 0,
                    "IgnoreAnyNull",
                ),
                (
                    f & index_flags::ALLOW_SOME_NULLS != 0
                        && f & index_flags::ALLOW_FIRST_NULL == 0,
                    "IgnoreFirstNull",
                ),
                (
                    f & index_flags::ALLOW_FIRST_NULL != 0 && f & index_flags::ALLOW_ALL_NULLS == 0,
                    "IgnoreNull",
                ),
                (f & index_flags::SORT_NULLS_HIGH != 0, "SortNullsHigh"),
                (f & 0x4000 != 0, "DisallowTruncation"),
            ] {
                if on {
                    flags.push(name);
                }
            }
            let mut j = json!({"name": ix.name, "key": key, "flags": flags,
                "density": ix.density});
            if ix.key_most != 0 && !ix.is_primary() {
                j["key_most"] = json!(ix.key_most);
            }
            j
        })
        .collect();
    json!({"name": def.name, "columns": columns, "indexes": indexes, "density": def.density,
        "pages": def.pages})
}

#[test]
fn sample_tables_come_back_as_ese_defined_them() {
    let mut tables = 0;
    for name in [
        "basic.edb",
        "binary.edb",
        "text.edb",
        "multi.edb",
        "default.edb",
        "index.edb",
        "SRUDB.dat",
        "Current.mdb",
    ] {
        let db = open_sample(name);
        let all = db.table_defs();
        let user: Vec<&TableDef> = all
            .iter()
            .map(|t| &**t)
            .filter(|t| !t.name.starts_with("MSys"))
            .collect();
        let doc = json!({
            "page_size": db.page_size(),
            "tables": user.iter().map(|t| describe(t)).collect::<Vec<_>>(),
        });
        let spec = parse_schema(&doc.to_string()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let defs = spec.table_defs().unwrap();
        for (want, got) in user.iter().zip(&defs) {
            let mut want = (*want).clone();
            want.objid = 0;
            want.root = 0;
            want.lv_root = None;
            want.lv_objid = None;
            for ix in &mut want.indexes {
                ix.objid = 0;
                ix.root = 0;
                // Rebuilt here, a Unicode index records this engine's collation, not the
                // Windows sort version the sample's catalog holds.
                ix.sort_version = ix
                    .sort_version
                    .map(|_| ese::format::key::UNICODE_KEY_IDENTITY);
            }
            assert_eq!(got.columns, want.columns, "{name} {}", want.name);
            assert_eq!(got.indexes, want.indexes, "{name} {}", want.name);
            assert_eq!(*got, want, "{name}");
            tables += 1;
        }
    }
    assert_eq!(tables, 18);
}

fn code(doc: Json) -> ErrorCode {
    let text = doc.to_string();
    match parse_schema(&text) {
        Ok(_) => panic!("accepted: {text}"),
        Err(e) => e.code(),
    }
}

fn one_table(columns: Json, indexes: Json) -> Json {
    json!({"tables": [{"name": "t", "columns": columns, "indexes": indexes}]})
}

fn one_column(c: Json) -> Json {
    one_table(json!([c]), json!([]))
}

#[test]
fn column_errors() {
    use ErrorCode as E;
    let cases = [
        (json!({"name": "c", "type": "Wide"}), E::InvalidColumnType),
        (json!({"name": "c", "type": "SLV"}), E::InvalidColumnType),
        (json!({"name": "c", "type": "Nil"}), E::InvalidColumnType),
        (
            json!({"name": "c", "type": "Long", "flags": ["Fixed", "Tagged"]}),
            E::InvalidGrbit,
        ),
        (
            json!({"name": "c", "type": "LongText", "flags": ["Fixed"]}),
            E::InvalidGrbit,
        ),
        (
            json!({"name": "c", "type": "Long", "flags": ["Sideways"]}),
            E::InvalidGrbit,
        ),
        (
            json!({"name": "c", "type": "Text", "flags": ["MultiValued"]}),
            E::MultiValuedColumnMustBeTagged,
        ),
        (
            json!({"name": "c", "type": "Binary", "flags": ["Compressed"]}),
            E::ColumnCannotBeCompressed,
        ),
        (
            json!({"name": "c", "type": "Text", "cp": 437}),
            E::InvalidCodePage,
        ),
        (
            json!({"name": "c", "type": "Short", "flags": ["Autoincrement"]}),
            E::InvalidGrbit,
        ),
        (
            json!({"name": "c", "type": "Long", "flags": ["Autoincrement", "Tagged"]}),
            E::CannotBeTagged,
        ),
        (
            json!({"name": "c", "type": "LongLong", "flags": ["Version"]}),
            E::InvalidGrbit,
        ),
        (
            json!({"name": "c", "type": "Long", "flags": ["EscrowUpdate"]}),
            E::InvalidGrbit,
        ),
        (
            json!({"name": "c", "type": "Long", "flags": ["DeleteOnZero"]}),
            E::InvalidGrbit,
        ),
        (
            json!({"name": "c", "type": "Text", "max_length": 4, "default": "too long"}),
            E::DefaultValueTooBig,
        ),
        (
            json!({"name": "c", "type": "LongText", "default": "x".repeat(256)}),
            E::DefaultValueTooBig,
        ),
        (
            json!({"name": "c", "type": "Long", "default": "seven"}),
            E::InvalidParameter,
        ),
        (
            json!({"name": "c", "type": "Long", "size": 4}),
            E::InvalidParameter,
        ),
        (json!({"name": "a.b", "type": "Long"}), E::InvalidName),
        (json!({"name": " lead", "type": "Long"}), E::InvalidName),
        (json!({"name": "x[1]", "type": "Long"}), E::InvalidName),
        (json!({"name": "bang!", "type": "Long"}), E::InvalidName),
        (json!({"name": "tab\there", "type": "Long"}), E::InvalidName),
        (json!({"name": "   ", "type": "Long"}), E::InvalidName),
        (
            json!({"name": "n".repeat(65), "type": "Long"}),
            E::InvalidName,
        ),
        (json!({"name": "日本", "type": "Long"}), E::InvalidName),
        (
            json!({"name": "c", "type": "Binary", "flags": ["Fixed"], "max_length": 4000}),
            E::RecordTooBig,
        ),
    ];
    for (c, want) in cases {
        let text = c.to_string();
        assert_eq!(code(one_column(c)), want, "{text}");
    }
    // Names: 64 characters pass, trailing spaces are dropped, Windows-1252 letters are fine.
    let ok = one_table(
        json!([{"name": "n".repeat(64), "type": "Long"},
               {"name": "naïve  ", "type": "Long"},
               {"name": "€uro", "type": "Long"}]),
        json!([]),
    );
    let defs = parse_schema(&ok.to_string()).unwrap().table_defs().unwrap();
    assert_eq!(defs[0].columns[1].name, "naïve");
    // duplicates, case-insensitively
    let dup = one_table(
        json!([{"name": "Id", "type": "Long"}, {"name": "ID", "type": "Short"}]),
        json!([]),
    );
    assert_eq!(code(dup), E::ColumnDuplicate);
    let two_autoinc = one_table(
        json!([{"name": "a", "type": "Long", "flags": ["Autoincrement"]},
               {"name": "b", "type": "LongLong", "flags": ["Autoincrement"]}]),
        json!([]),
    );
    assert_eq!(code(two_autoinc), E::ColumnRedundant);
    let too_many: Vec<Json> = (0..128)
        .map(|i| json!({"name": format!("f{i}"), "type": "Bit"}))
        .collect();
    assert_eq!(
        code(one_table(json!(too_many), json!([]))),
        E::TooManyColumns
    );
}

#[test]
fn index_errors() {
    use ErrorCode as E;
    let cols = json!([
        {"name": "id", "type": "Long"},
        {"name": "tags", "type": "Text", "flags": ["Tagged", "MultiValued"]},
        {"name": "n", "type": "Long", "flags": ["EscrowUpdate"], "default": 0}
    ]);
    let cases = [
        (
            json!([{"name": "x", "key": ["+missing"]}]),
            E::ColumnNotFound,
        ),
        (
            json!([{"name": "p", "key": ["+id"], "flags": ["Primary"]},
                   {"name": "q", "key": ["-id"], "flags": ["Primary"]}]),
            E::IndexHasPrimary,
        ),
        (
            json!([{"name": "x", "key": ["+id"]}, {"name": "X", "key": ["-id"]}]),
            E::IndexDuplicate,
        ),
        (
            json!([{"name": "x", "key": ["+id"], "flags": ["Primary", "IgnoreNull"]}]),
            E::InvalidGrbit,
        ),
        (
            json!([{"name": "x", "key": ["+tags"], "flags": ["CrossProduct", "NestedTable"]}]),
            E::InvalidGrbit,
        ),
        (
            json!([{"name": "x", "key": ["+id"], "flags": ["Empty"]}]),
            E::InvalidGrbit,
        ),
        (
            json!([{"name": "x", "key": ["+tags"], "flags": ["Primary"]}]),
            E::IndexInvalidDef,
        ),
        (json!([{"name": "x", "key": ["id"]}]), E::IndexInvalidDef),
        (json!([{"name": "x", "key": []}]), E::IndexInvalidDef),
        (
            json!([{"name": "x", "key": vec!["+id"; 17]}]),
            E::IndexInvalidDef,
        ),
        (
            json!([{"name": "x", "key": ["+id"], "key_most": 100}]),
            E::IndexInvalidDef,
        ),
        (
            json!([{"name": "x", "key": ["+id"], "key_most": 1001}]),
            E::IndexInvalidDef,
        ),
        (
            json!([{"name": "x", "key": ["+id"], "var_seg_mac": 300}]),
            E::IndexInvalidDef,
        ),
        (
            json!([{"name": "x", "key": ["+id"], "flags": ["Unicode"]}]),
            E::IndexInvalidDef,
        ),
        (json!([{"name": "x", "key": ["+n"]}]), E::CannotIndex),
        (json!([{"name": "x.y", "key": ["+id"]}]), E::InvalidName),
    ];
    for (ix, want) in cases {
        let text = ix.to_string();
        let mut doc = one_table(cols.clone(), ix);
        doc["page_size"] = json!(4096);
        assert_eq!(code(doc), want, "{text}");
    }
}

#[test]
fn document_errors() {
    use ErrorCode as E;
    assert_eq!(parse_schema("{").unwrap_err().code(), E::InvalidParameter);
    assert_eq!(
        code(json!({"page_size": 2048, "tables": []})),
        E::InvalidParameter
    );
    assert_eq!(
        code(json!({"tables": [{"columns": []}]})),
        E::InvalidParameter
    );
    assert_eq!(code(json!({"tables": [], "extra": 1})), E::InvalidParameter);
    assert_eq!(
        code(json!({"tables": [{"name": "t"}, {"name": "T"}]})),
        E::TableDuplicate
    );
    assert_eq!(code(json!({"tables": [{"name": "a!"}]})), E::InvalidName);
    // The default page size is 4 KiB, and an empty table is allowed.
    let spec = parse_schema(r#"{"tables": [{"name": "empty"}]}"#).unwrap();
    assert_eq!(spec.page_size, 4096);
    assert!(spec.table_defs().unwrap()[0].columns.is_empty());
}

#[test]
fn ids_offsets_and_key_sizes() {
    let doc = json!({"page_size": 32768, "tables": [{"name": "t",
    "columns": [
        {"name": "a", "type": "Binary", "flags": ["Fixed"], "max_length": 10},
        {"name": "b", "type": "Text"},
        {"name": "c", "type": "GUID"},
        {"name": "d", "type": "LongBinary", "flags": ["Compressed"], "max_length": 5000},
        {"name": "e", "type": "Text", "max_length": 300},
        {"name": "f", "type": "Long", "flags": ["Version"]},
        {"name": "g", "type": "UnsignedByte", "flags": ["Tagged", "NotNULL"]},
        {"name": "h", "type": "Long", "flags": ["EscrowUpdate"], "default": 0}
    ],
    "indexes": [
        {"name": "pk", "key": ["+c", "-a"], "flags": ["Primary"]},
        {"name": "byb", "key": ["+b", "+e"], "key_most": 1000, "var_seg_mac": 100,
         "flags": ["IgnoreAnyNull", "DisallowTruncation"]},
        {"name": "byg", "key": ["+g"], "flags": ["SortNullsHigh", "IgnoreFirstNull"]}
    ]}]});
    let spec = DatabaseSpec::from_json(&doc).unwrap();
    let t = &spec.table_defs().unwrap()[0];
    let get = |n: &str| t.column(n).unwrap();
    assert_eq!(
        (get("a").id, get("a").record_offset, get("a").max_length),
        (1, 4, 10)
    );
    assert_eq!((get("c").id, get("c").record_offset), (2, 14));
    assert_eq!((get("f").id, get("f").record_offset), (3, 30));
    assert_eq!((get("h").id, get("h").record_offset), (4, 34));
    assert_eq!(
        (get("b").id, get("e").id, get("e").max_length),
        (128, 129, 255)
    );
    assert_eq!((get("d").id, get("d").max_length), (256, 5000));
    assert_eq!(get("d").flags, column_flags::COMPRESSED);
    assert_eq!(get("g").id, 257);
    assert_eq!(get("f").flags, column_flags::VERSION);
    assert_eq!(
        get("h").flags,
        column_flags::ESCROW_UPDATE | column_flags::DEFAULT
    );
    assert_eq!(get("h").default_value.as_deref(), Some(&[0, 0, 0, 0][..]));
    assert_eq!(get("c").coltype, ColumnType::Guid);
    let pk = t.index("pk").unwrap();
    // GUID (1 + 16) and fixed binary (1 + 10): the primary key can never be longer than 28.
    assert_eq!(pk.key_most, 28);
    assert!(pk.segments[1].descending);
    let byb = t.index("byb").unwrap();
    assert_eq!((byb.key_most, byb.var_seg_mac), (1000, 100));
    assert_eq!(byb.flags, 0x0001_4000);
    let byg = t.index("byg").unwrap();
    assert_eq!(byg.flags, 0x0001_0808);
}
