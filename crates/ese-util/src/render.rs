//! Turns column values into JSON and CSV text, the same way for every command.
//!
//! Rules: NULL columns are left out of JSON objects (empty cells in CSV);
//! multi-valued columns are arrays; binary is lowercase hex; DateTime is an
//! ISO-8601 string; GUID is its canonical string form; a value that cannot be
//! decoded is an object `{"undecodable": reason, "raw": hex}`.

use ese::format::coltype::{format_guid, ole_date_to_iso8601, Value};
use ese::{ColumnValue, Datum};
use serde_json::{json, Map, Value as Json};

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0xF)]));
    }
    s
}

/// JSON for one value.
pub fn value_json(v: &Value) -> Json {
    match v {
        Value::Bit(b) => json!(b),
        Value::UnsignedByte(x) => json!(x),
        Value::Short(x) => json!(x),
        Value::Long(x) => json!(x),
        Value::Currency(x) => json!(x),
        Value::IEEESingle(x) => float_json(f64::from(*x)),
        Value::IEEEDouble(x) => float_json(*x),
        Value::DateTime(x) => match ole_date_to_iso8601(*x) {
            Some(s) => json!(s),
            None => float_json(*x),
        },
        Value::Binary(b) => json!(hex(b)),
        Value::Text(t) => json!(t),
        Value::UnsignedLong(x) => json!(x),
        Value::LongLong(x) => json!(x),
        Value::Guid(g) => json!(format_guid(g)),
        Value::UnsignedShort(x) => json!(x),
        Value::UnsignedLongLong(x) => json!(x),
        Value::UndecodedText(b) => {
            json!({"undecodable": "text not valid in its code page", "raw": hex(b)})
        }
    }
}

fn float_json(x: f64) -> Json {
    serde_json::Number::from_f64(x)
        .map(Json::Number)
        .unwrap_or_else(|| json!(x.to_string()))
}

/// JSON for one stored datum.
pub fn datum_json(d: &Datum) -> Json {
    match d {
        Datum::Value(v) => value_json(v),
        Datum::Undecodable { detail, raw, .. } => json!({"undecodable": detail, "raw": hex(raw)}),
    }
}

/// JSON for a column value; `None` for NULL.
pub fn column_json(v: &ColumnValue) -> Option<Json> {
    match v {
        ColumnValue::Null => None,
        ColumnValue::Single(d) => Some(datum_json(d)),
        ColumnValue::Multi(ds) => Some(Json::Array(ds.iter().map(datum_json).collect())),
    }
}

/// A JSON object of a record's non-NULL columns, and of the NULLs it stores over
/// a column's default (as `null`: left out, `import` would give the column its
/// default again).
pub fn record_json(values: &[(&ese::db::ColumnDef, ColumnValue)]) -> Json {
    let mut map = Map::with_capacity(values.len());
    for (col, v) in values {
        match column_json(v) {
            Some(j) => {
                map.insert(col.name.clone(), j);
            }
            None if col.has_default() => {
                map.insert(col.name.clone(), Json::Null);
            }
            None => {}
        }
    }
    Json::Object(map)
}

/// One CSV cell for a column value.
pub fn csv_cell(v: &ColumnValue) -> String {
    match column_json(v) {
        None => String::new(),
        Some(Json::String(s)) => csv_escape(&s),
        Some(j) => csv_escape(&j.to_string()),
    }
}

/// Quotes a CSV field when it needs it (RFC 4180).
pub fn csv_escape(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
