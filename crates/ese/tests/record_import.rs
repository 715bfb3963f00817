//! `record::import`: JSONL objects and CSV records, written as `eseutil export` writes them
//! (the renderer below restates its rules), parse back into rows holding the same values; parse
//! errors name the column and say why.

mod common;

use common::open_sample;
use ese::db::{column_flags, ColumnDef, TableDef};
use ese::format::coltype::{encode_value, format_guid, ole_date_to_iso8601, ColumnType, Value};
use ese::record::import::{row_from_json, row_from_jsonl, CsvColumns, CsvReader};
use ese::record::{Cell, RowValue};
use ese::{ColumnValue, Datum, ErrorCode};
use serde_json::{json, Map, Value as Json};

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// `eseutil export`'s JSON for one value (crates/ese-util/src/render.rs).
fn value_json(v: &Value) -> Json {
    let float = |x: f64| {
        serde_json::Number::from_f64(x)
            .map(Json::Number)
            .unwrap_or_else(|| json!(x.to_string()))
    };
    match v {
        Value::Bit(b) => json!(b),
        Value::UnsignedByte(x) => json!(x),
        Value::Short(x) => json!(x),
        Value::Long(x) => json!(x),
        Value::Currency(x) => json!(x),
        Value::IEEESingle(x) => float(f64::from(*x)),
        Value::IEEEDouble(x) => float(*x),
        Value::DateTime(x) => ole_date_to_iso8601(*x).map_or_else(|| float(*x), |s| json!(s)),
        Value::Binary(b) => json!(hex(b)),
        Value::Text(t) => json!(t),
        Value::UnsignedLong(x) => json!(x),
        Value::LongLong(x) => json!(x),
        Value::Guid(g) => json!(format_guid(g)),
        Value::UnsignedShort(x) => json!(x),
        Value::UnsignedLongLong(x) => json!(x),
        Value::UndecodedText(b) => json!({"undecodable": "text", "raw": hex(b)}),
    }
}

fn datum_json(d: &Datum) -> Json {
    match d {
        Datum::Value(v) => value_json(v),
        Datum::Undecodable { detail, raw, .. } => json!({"undecodable": detail, "raw": hex(raw)}),
    }
}

fn column_json(v: &ColumnValue) -> Option<Json> {
    match v {
        ColumnValue::Null => None,
        ColumnValue::Single(d) => Some(datum_json(d)),
        ColumnValue::Multi(ds) => Some(Json::Array(ds.iter().map(datum_json).collect())),
    }
}

fn csv_escape(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv_cell(v: &ColumnValue) -> String {
    match column_json(v) {
        None => String::new(),
        Some(Json::String(s)) => csv_escape(&s),
        Some(j) => csv_escape(&j.to_string()),
    }
}

/// The bytes a value is stored as, for comparing what was exported with what was parsed.
/// DateTime compares by its exported form (milliseconds).
fn canonical(col: &ColumnDef, cell: &Cell) -> String {
    match cell {
        Cell::Raw(b) => hex(b),
        Cell::Value(Value::DateTime(d)) => ole_date_to_iso8601(*d).unwrap_or_else(|| d.to_string()),
        Cell::Value(v) => hex(&encode_value(v, col.coltype, col.code_page).unwrap()),
    }
}

fn canonical_datum(col: &ColumnDef, d: &Datum) -> String {
    match d {
        Datum::Value(v) => canonical(col, &Cell::Value(v.clone())),
        Datum::Undecodable { raw, .. } => hex(raw),
    }
}

fn check_row(
    table: &TableDef,
    values: &[(&ColumnDef, ColumnValue)],
    row: &ese::record::Row,
    how: &str,
) {
    for (col, v) in values {
        let want: Vec<String> = v.data().iter().map(|d| canonical_datum(col, d)).collect();
        let got: Vec<String> = match row.get(col.id) {
            None | Some(RowValue::Null) => Vec::new(),
            Some(rv) => rv.cells().iter().map(|c| canonical(col, c)).collect(),
        };
        assert_eq!(got, want, "{how} {} column {}", table.name, col.name);
    }
}

#[test]
fn exported_records_parse_back() {
    let mut rows = 0;
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
        for table_name in db.table_names() {
            let table = db.table(&table_name).unwrap();
            let def = table.def();
            let header: Vec<String> = def.columns.iter().map(|c| csv_escape(&c.name)).collect();
            let mut csv = header.join(",") + "\n";
            let mut all = Vec::new();
            for rec in table.records().unwrap() {
                let rec = rec.unwrap();
                let values = rec.values().unwrap();
                // JSONL
                let mut obj = Map::new();
                obj.insert("_table".into(), json!(table_name));
                for (col, v) in &values {
                    if let Some(j) = column_json(v) {
                        obj.insert(col.name.clone(), j);
                    }
                }
                let line = Json::Object(obj).to_string();
                let row = row_from_jsonl(def, &line)
                    .unwrap_or_else(|e| panic!("{name} {table_name}: {e}\n{line}"));
                check_row(def, &values, &row, "JSONL");
                // CSV
                let cells: Vec<String> = values.iter().map(|(_, v)| csv_cell(v)).collect();
                csv.push_str(&cells.join(","));
                csv.push('\n');
                all.push(
                    values
                        .iter()
                        .map(|(c, v)| ((*c).clone(), v.clone()))
                        .collect::<Vec<_>>(),
                );
                rows += 1;
            }
            let mut reader = CsvReader::new(csv.as_bytes());
            let header = reader.next_record().unwrap().unwrap();
            let columns = CsvColumns::new(def, &header).unwrap();
            for values in &all {
                let fields = reader.next_record().unwrap().unwrap();
                let row = columns
                    .row(&fields)
                    .unwrap_or_else(|e| panic!("{name} {table_name} line {}: {e}", reader.line()));
                let values: Vec<(&ColumnDef, ColumnValue)> =
                    values.iter().map(|(c, v)| (c, v.clone())).collect();
                check_row(def, &values, &row, "CSV");
            }
            assert!(reader.next_record().unwrap().is_none());
        }
    }
    assert!(rows > 1000, "{rows}");
}

fn col(id: u32, name: &str, t: ColumnType, flags: u32) -> ColumnDef {
    ColumnDef {
        id,
        name: name.into(),
        coltype: t,
        coltype_raw: t.as_u32(),
        flags,
        code_page: if t.is_text() { 1200 } else { 0 },
        max_length: t.fixed_size().map_or(255, |s| s as u32),
        record_offset: if id < 128 { 4 } else { 0 },
        default_value: None,
    }
}

fn people() -> TableDef {
    TableDef {
        name: "people".into(),
        objid: 0,
        root: 0,
        flags: 0,
        template_table: None,
        columns: vec![
            col(1, "id", ColumnType::Long, column_flags::NOT_NULL),
            col(2, "score", ColumnType::IEEEDouble, 0),
            col(3, "born", ColumnType::DateTime, 0),
            col(4, "key", ColumnType::Guid, 0),
            col(5, "ok", ColumnType::Bit, 0),
            col(128, "name", ColumnType::Text, 0),
            col(129, "photo", ColumnType::Binary, 0),
            col(256, "tags", ColumnType::Text, column_flags::MULTI_VALUED),
            col(257, "n", ColumnType::UnsignedLongLong, 0),
        ],
        indexes: Vec::new(),
        lv_root: None,
        lv_objid: None,
        lv_chunk_max: 0,
        density: 80,
        pages: 0,
    }
}

#[test]
fn jsonl_values() {
    let t = people();
    let row = row_from_jsonl(
        &t,
        r#"{"id": 7, "score": "NaN", "born": "1999-03-01T12:00:00", "key": "{3F360AF1-6766-46DC-9AF2-0DACF295C2A1}",
            "ok": true, "name": null, "photo": "00FFab", "tags": ["a", "b"], "n": 18446744073709551615}"#,
    )
    .unwrap();
    let one = |id| match row.get(id).unwrap() {
        RowValue::One(Cell::Value(v)) => v.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(one(1), Value::Long(7));
    assert!(matches!(one(2), Value::IEEEDouble(x) if x.is_nan()));
    assert_eq!(one(3), Value::DateTime(36220.5));
    assert_eq!(
        format_guid(match &one(4) {
            Value::Guid(g) => g,
            _ => unreachable!(),
        }),
        "3f360af1-6766-46dc-9af2-0dacf295c2a1"
    );
    assert_eq!(one(5), Value::Bit(true));
    assert_eq!(row.get(128), Some(&RowValue::Null));
    assert_eq!(
        row.get(129),
        Some(&RowValue::One(Cell::Raw(vec![0, 0xFF, 0xAB])))
    );
    assert_eq!(row.get(256).unwrap().cells().len(), 2);
    assert_eq!(one(257), Value::UnsignedLongLong(u64::MAX));
    // raw bytes, a number for a DateTime, and a column left out (not set)
    let row = row_from_json(
        &t,
        &json!({"id": {"undecodable": "x", "raw": "01000000"}, "born": 1.5}),
    )
    .unwrap();
    assert_eq!(
        row.get(1),
        Some(&RowValue::One(Cell::Raw(vec![1, 0, 0, 0])))
    );
    assert_eq!(one_of(&row, 3), Value::DateTime(1.5));
    assert!(row.get(2).is_none());
}

fn one_of(row: &ese::record::Row, id: u32) -> Value {
    match row.get(id).unwrap() {
        RowValue::One(Cell::Value(v)) => v.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn jsonl_errors_name_the_column() {
    let t = people();
    let err = |line: &str| {
        let e = row_from_jsonl(&t, line).unwrap_err();
        (e.code(), e.to_string())
    };
    let (c, m) = err(r#"{"id": "seven"}"#);
    assert_eq!(c, ErrorCode::InvalidParameter);
    assert!(
        m.contains("column id") && m.contains("32-bit integer"),
        "{m}"
    );
    let (c, m) = err(r#"{"id": 3000000000}"#);
    assert_eq!(c, ErrorCode::InvalidParameter);
    assert!(m.contains("column id"), "{m}");
    let (c, m) = err(r#"{"name": ["a", "b"]}"#);
    assert_eq!(c, ErrorCode::MultiValuedColumnMustBeTagged);
    assert!(m.contains("column name"), "{m}");
    let (c, m) = err(r#"{"nope": 1}"#);
    assert_eq!(c, ErrorCode::ColumnNotFound);
    assert!(m.contains("nope"), "{m}");
    assert!(err(r#"{"photo": "abc"}"#).1.contains("odd length"));
    assert!(err(r#"{"photo": "zz"}"#).1.contains("not hex"));
    assert!(err(r#"{"born": "1999-02-30T00:00:00"}"#)
        .1
        .contains("ISO-8601"));
    assert!(err(r#"{"key": "not-a-guid"}"#).1.contains("GUID"));
    assert!(err(r#"{"ok": "maybe"}"#).1.contains("true or false"));
    assert!(err(r#"{"score": [1.5]}"#).1.contains("column score"));
    assert!(err(r#"{"id": {"a": 1}}"#).1.contains("column id"));
    assert_eq!(err("[1, 2]").0, ErrorCode::InvalidParameter);
    assert_eq!(err("not json").0, ErrorCode::InvalidParameter);
}

#[test]
fn csv_rows() {
    let t = people();
    let text = "id,name,tags,photo,score,born\n\
                1,\"Smith, John\",\"[\"\"x\"\",\"\"y\"\"]\",0a0b,inf,1899-12-29T06:00:00\n\
                2,,,,,\n\
                3,\"two\nlines\",solo,,-1.25e3,2.5\n";
    let mut r = CsvReader::new(text.as_bytes());
    let header = r.next_record().unwrap().unwrap();
    let cols = CsvColumns::new(&t, &header).unwrap();
    let row = cols.row(&r.next_record().unwrap().unwrap()).unwrap();
    assert_eq!(one_of(&row, 128), Value::Text("Smith, John".into()));
    assert_eq!(row.get(256).unwrap().cells().len(), 2);
    assert_eq!(row.get(129), Some(&RowValue::One(Cell::Raw(vec![10, 11]))));
    assert_eq!(one_of(&row, 2), Value::IEEEDouble(f64::INFINITY));
    assert_eq!(one_of(&row, 3), Value::DateTime(-1.25));
    let row = cols.row(&r.next_record().unwrap().unwrap()).unwrap();
    assert_eq!(row.get(128), Some(&RowValue::Null));
    assert_eq!(row.get(256), Some(&RowValue::Null));
    let row = cols.row(&r.next_record().unwrap().unwrap()).unwrap();
    assert_eq!(r.line(), 4);
    assert_eq!(one_of(&row, 128), Value::Text("two\nlines".into()));
    assert_eq!(one_of(&row, 256), Value::Text("solo".into()));
    assert_eq!(one_of(&row, 2), Value::IEEEDouble(-1250.0));
    assert_eq!(one_of(&row, 3), Value::DateTime(2.5));
    assert!(r.next_record().unwrap().is_none());
    // errors
    assert_eq!(
        CsvColumns::new(&t, &["id".into(), "zzz".into()])
            .err()
            .unwrap()
            .code(),
        ErrorCode::ColumnNotFound
    );
    assert!(CsvColumns::new(&t, &["id".into(), "ID".into()]).is_err());
    let e = cols.row(&["1".into()]).unwrap_err();
    assert!(e.to_string().contains("6 columns"), "{e}");
    let e = cols
        .row(&[
            "x".into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ])
        .unwrap_err();
    assert!(e.to_string().contains("column id"), "{e}");
    let e = cols
        .row(&[
            "1".into(),
            String::new(),
            "[1".into(),
            String::new(),
            String::new(),
            String::new(),
        ])
        .unwrap_err();
    assert!(e.to_string().contains("column tags"), "{e}");
}
