//! The row side of `eseutil import`: JSONL objects and CSV records, as `eseutil export` writes
//! them, parsed into [`Row`]s for a table.
//!
//! Values are written as the export writes them: numbers for integer and float types (`"NaN"`,
//! `"inf"`, `"-inf"` for the floats JSON cannot hold), `true`/`false` for Bit, ISO-8601 for
//! DateTime (`YYYY-MM-DDTHH:MM:SS[.mmm]`, local time as OLE dates carry no zone; a number is
//! taken as the OLE date itself), lowercase or uppercase hex for binary, the standard string
//! form for GUIDs, plain strings for text, and `{"undecodable": …, "raw": HEX}` for bytes stored
//! as they are.
//!
//! * JSONL: one object per line, column name → value; an array holds the values of a tagged
//!   column; `null` sets the column to NULL; a column left out is not set (its default applies,
//!   NULL when it has none). A `_table` key is ignored unless the table has such a column.
//! * CSV: a header record of column names, then one record per row; an empty cell is NULL; the
//!   cell of a multi-valued column may be a JSON array. Fields follow RFC 4180 (quotes,
//!   doubled quotes, line breaks inside quotes).
//!
//! What must hold: every error names the column (and the line, for the readers) and says why;
//! values exported by `eseutil export` read back to the same values (DateTime to the
//! millisecond; a negative OLE date whose whole part is 0 reads back as the same instant with a
//! positive sign).

use super::row::{Cell, Row, RowValue};
use crate::catalog::{ColumnDef, TableDef};
use crate::format::coltype::{parse_guid, ColumnType, Value};
use crate::{Error, ErrorCode, Result};
use serde_json::Value as Json;
use std::collections::HashMap;
use std::io::BufRead;

fn bad(col: &ColumnDef, why: impl std::fmt::Display) -> Error {
    Error::with(
        ErrorCode::InvalidParameter,
        format!("column {}: {why}", col.name),
    )
}

/// Finds a table's columns by name, case-insensitively as ESE compares names, in constant time
/// (tables can have tens of thousands of columns).
pub struct ColumnNames<'t> {
    table: &'t TableDef,
    by_name: HashMap<String, &'t ColumnDef>,
}

impl<'t> ColumnNames<'t> {
    /// The names of `table`'s columns.
    pub fn new(table: &'t TableDef) -> ColumnNames<'t> {
        let by_name = table
            .columns
            .iter()
            .map(|c| (c.name.to_ascii_lowercase(), c))
            .collect();
        ColumnNames { table, by_name }
    }

    /// The column named `name`.
    pub fn get(&self, name: &str) -> Option<&'t ColumnDef> {
        self.by_name.get(&name.to_ascii_lowercase()).copied()
    }

    /// The row a JSONL line gives (see the module header).
    pub fn row_from_jsonl(&self, line: &str) -> Result<Row> {
        let v: Json = serde_json::from_str(line).map_err(|e| {
            Error::with(
                ErrorCode::InvalidParameter,
                format!("not a JSON object: {e}"),
            )
        })?;
        self.row_from_json(&v)
    }

    /// The row a JSON object gives.
    pub fn row_from_json(&self, v: &Json) -> Result<Row> {
        let obj = v.as_object().ok_or_else(|| {
            Error::with(ErrorCode::InvalidParameter, "a row must be a JSON object")
        })?;
        let mut row = Row::new();
        for (name, value) in obj {
            let Some(col) = self.get(name) else {
                if name == "_table" {
                    continue;
                }
                return Err(Error::with(
                    ErrorCode::ColumnNotFound,
                    format!("table {} has no column {name:?}", self.table.name),
                ));
            };
            row.set(col.id, json_row_value(col, value)?);
        }
        Ok(row)
    }
}

/// The row a JSONL line gives for `table` (one line; use [`ColumnNames`] for many).
pub fn row_from_jsonl(table: &TableDef, line: &str) -> Result<Row> {
    ColumnNames::new(table).row_from_jsonl(line)
}

/// The row a JSON object gives for `table` (one object; use [`ColumnNames`] for many).
pub fn row_from_json(table: &TableDef, v: &Json) -> Result<Row> {
    ColumnNames::new(table).row_from_json(v)
}

/// What a JSON value sets column `col` to.
fn json_row_value(col: &ColumnDef, v: &Json) -> Result<RowValue> {
    match v {
        Json::Null => Ok(RowValue::Null),
        Json::Array(items) if !col.is_tagged() => Err(Error::with(
            ErrorCode::MultiValuedColumnMustBeTagged,
            format!(
                "column {}: {} values for a column that holds one",
                col.name,
                items.len()
            ),
        )),
        Json::Array(items) if items.is_empty() => Ok(RowValue::Null),
        Json::Array(items) => Ok(RowValue::Many(
            items
                .iter()
                .map(|i| json_cell(col, i))
                .collect::<Result<_>>()?,
        )),
        v => Ok(RowValue::One(json_cell(col, v)?)),
    }
}

/// One value of column `col` from JSON (see the module header for the forms).
pub fn json_cell(col: &ColumnDef, v: &Json) -> Result<Cell> {
    if let Some(raw) = undecodable_raw(v) {
        return hex_bytes(raw).map(Cell::Raw).map_err(|e| bad(col, e));
    }
    let t = col.coltype;
    let value = match v {
        Json::String(s) => return text_cell(col, s),
        Json::Bool(b) if t == ColumnType::Bit => Value::Bit(*b),
        Json::Number(n) if is_float(t) || t == ColumnType::DateTime => {
            let x = n
                .as_f64()
                .ok_or_else(|| bad(col, format!("{n} is not a number")))?;
            float_value(t, x)
        }
        Json::Number(n) => {
            let text = n.to_string();
            return text_cell(col, &text);
        }
        other => return Err(bad(col, format!("{other} is not a {} value", t.name()))),
    };
    Ok(Cell::Value(value))
}

/// The `raw` hex of an `{"undecodable": …, "raw": HEX}` object.
fn undecodable_raw(v: &Json) -> Option<&str> {
    let obj = v.as_object()?;
    if obj.len() != 2 || !obj.contains_key("undecodable") {
        return None;
    }
    obj.get("raw")?.as_str()
}

fn is_float(t: ColumnType) -> bool {
    matches!(t, ColumnType::IEEESingle | ColumnType::IEEEDouble)
}

fn float_value(t: ColumnType, x: f64) -> Value {
    match t {
        // an f32 exported as f64 converts back exactly
        ColumnType::IEEESingle => Value::IEEESingle(x as f32),
        ColumnType::DateTime => Value::DateTime(x),
        _ => Value::IEEEDouble(x),
    }
}

/// One value of column `col` written as text (a JSON string or a CSV cell).
fn text_cell(col: &ColumnDef, s: &str) -> Result<Cell> {
    let t = col.coltype;
    let int = |what| bad(col, format!("{s:?} is not {what}"));
    let value = match t {
        ColumnType::Text | ColumnType::LongText => Value::Text(s.to_string()),
        ColumnType::Binary | ColumnType::LongBinary => {
            return hex_bytes(s).map(Cell::Raw).map_err(|e| bad(col, e))
        }
        ColumnType::Bit => match s {
            "true" | "1" => Value::Bit(true),
            "false" | "0" => Value::Bit(false),
            _ => return Err(int("true or false")),
        },
        ColumnType::UnsignedByte => Value::UnsignedByte(s.parse().map_err(|_| int("0..=255"))?),
        ColumnType::Short => Value::Short(s.parse().map_err(|_| int("a 16-bit integer"))?),
        ColumnType::UnsignedShort => {
            Value::UnsignedShort(s.parse().map_err(|_| int("an unsigned 16-bit integer"))?)
        }
        ColumnType::Long => Value::Long(s.parse().map_err(|_| int("a 32-bit integer"))?),
        ColumnType::UnsignedLong => {
            Value::UnsignedLong(s.parse().map_err(|_| int("an unsigned 32-bit integer"))?)
        }
        ColumnType::LongLong => Value::LongLong(s.parse().map_err(|_| int("a 64-bit integer"))?),
        ColumnType::Currency => Value::Currency(s.parse().map_err(|_| int("a 64-bit integer"))?),
        ColumnType::UnsignedLongLong => {
            Value::UnsignedLongLong(s.parse().map_err(|_| int("an unsigned 64-bit integer"))?)
        }
        ColumnType::IEEESingle | ColumnType::IEEEDouble => {
            float_value(t, s.parse().map_err(|_| int("a number"))?)
        }
        ColumnType::DateTime => match iso8601_to_ole_date(s) {
            Some(d) => Value::DateTime(d),
            None => Value::DateTime(
                s.parse()
                    .map_err(|_| int("an ISO-8601 date (YYYY-MM-DDTHH:MM:SS)"))?,
            ),
        },
        ColumnType::Guid => Value::Guid(parse_guid(s).ok_or_else(|| int("a GUID"))?),
        ColumnType::Nil | ColumnType::SLV => {
            return Err(Error::with(
                ErrorCode::InvalidColumnType,
                format!("column {}: type {}", col.name, t.name()),
            ))
        }
    };
    Ok(Cell::Value(value))
}

/// Bytes from hex (either case).
fn hex_bytes(s: &str) -> std::result::Result<Vec<u8>, String> {
    if !s.len().is_multiple_of(2) {
        return Err(format!("hex of odd length {}", s.len()));
    }
    s.as_bytes()
        .chunks(2)
        .map(|p| {
            std::str::from_utf8(p)
                .ok()
                .and_then(|d| u8::from_str_radix(d, 16).ok())
                .ok_or_else(|| format!("{:?} is not hex", String::from_utf8_lossy(p)))
        })
        .collect()
}

/// Days from 1970-01-01 to the proleptic Gregorian date `y-m-d`.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses `YYYY-MM-DD[(T| )HH:MM:SS[.fff]][Z]` (years 100..=9999) into an OLE date with the
/// Windows meaning: whole days from 1899-12-30, the time of day as the fraction's magnitude
/// (so days before the epoch subtract it). The inverse of
/// `format::coltype::ole_date_to_iso8601`.
pub fn iso8601_to_ole_date(s: &str) -> Option<f64> {
    let s = s.strip_suffix('Z').unwrap_or(s);
    let (date, time) = match s.find(['T', ' ']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let num = |t: &str, digits: usize| -> Option<i64> {
        (t.len() == digits && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let mut parts = date.split('-');
    let y = num(parts.next()?, 4)?;
    let m = num(parts.next()?, 2)?;
    let d = num(parts.next()?, 2)?;
    if parts.next().is_some() || !(100..=9999).contains(&y) || !(1..=12).contains(&m) {
        return None;
    }
    let days = days_from_civil(y, m, d);
    // reject day numbers the month does not have (2023-02-30)
    let next_month = if m == 12 {
        days_from_civil(y + 1, 1, 1)
    } else {
        days_from_civil(y, m + 1, 1)
    };
    if d < 1 || days >= next_month {
        return None;
    }
    let ms = match time {
        None => 0,
        Some(t) => {
            let (hms, frac) = match t.split_once('.') {
                Some((a, b)) => (a, Some(b)),
                None => (t, None),
            };
            let mut f = hms.split(':');
            let h = num(f.next()?, 2)?;
            let mi = num(f.next()?, 2)?;
            let sec = num(f.next()?, 2)?;
            if f.next().is_some() || h > 23 || mi > 59 || sec > 59 {
                return None;
            }
            let milli = match frac {
                None => 0,
                Some(fr) if (1..=3).contains(&fr.len()) => {
                    num(fr, fr.len())? * 10i64.pow(3 - fr.len() as u32)
                }
                Some(_) => return None,
            };
            ((h * 60 + mi) * 60 + sec) * 1000 + milli
        }
    };
    let day = days - days_from_civil(1899, 12, 30);
    let frac = ms as f64 / 86_400_000.0;
    Some(if day >= 0 {
        day as f64 + frac
    } else {
        day as f64 - frac
    })
}

/// Reads CSV records (RFC 4180) from a text stream.
pub struct CsvReader<R> {
    input: R,
    /// Lines read so far.
    lines: usize,
    /// The line the last record started on.
    record_line: usize,
}

impl<R: BufRead> CsvReader<R> {
    /// A reader of `input`.
    pub fn new(input: R) -> CsvReader<R> {
        CsvReader {
            input,
            lines: 0,
            record_line: 0,
        }
    }

    /// The line the last record started on (1-based).
    pub fn line(&self) -> usize {
        self.record_line
    }

    /// The next record's fields, `None` at the end. A quoted field may span lines; an
    /// unterminated quote or a quote inside an unquoted field is `JET_errInvalidParameter`.
    pub fn next_record(&mut self) -> Result<Option<Vec<String>>> {
        let mut text = String::new();
        let start = self.lines + 1;
        self.record_line = start;
        loop {
            let mut buf = String::new();
            let n = self.input.read_line(&mut buf).map_err(Error::io)?;
            if n == 0 {
                if text.is_empty() {
                    return Ok(None);
                }
                return Err(Error::with(
                    ErrorCode::InvalidParameter,
                    format!("CSV line {start}: unterminated quoted field"),
                ));
            }
            self.lines += 1;
            text.push_str(&buf);
            if text.matches('"').count().is_multiple_of(2) {
                break;
            }
        }
        let record = text.strip_suffix('\n').unwrap_or(&text);
        let record = record.strip_suffix('\r').unwrap_or(record);
        split_csv(record).map(Some).map_err(|why| {
            Error::with(
                ErrorCode::InvalidParameter,
                format!("CSV line {start}: {why}"),
            )
        })
    }
}

/// The fields of one CSV record.
fn split_csv(record: &str) -> std::result::Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = record.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (false, '"') if at_start => {
                quoted = true;
                at_start = false;
            }
            (false, '"') => return Err("quote inside an unquoted field".into()),
            (false, ',') => {
                fields.push(std::mem::take(&mut field));
                at_start = true;
            }
            (false, c) => {
                field.push(c);
                at_start = false;
            }
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => {
                quoted = false;
                if !matches!(chars.peek(), None | Some(',')) {
                    return Err("text after a closing quote".into());
                }
            }
            (true, c) => field.push(c),
        }
    }
    if quoted {
        return Err("unterminated quoted field".into());
    }
    fields.push(field);
    Ok(fields)
}

/// The columns of a CSV file, from its header record, for one table.
pub struct CsvColumns<'t> {
    table: &'t TableDef,
    columns: Vec<&'t ColumnDef>,
}

impl<'t> CsvColumns<'t> {
    /// Maps each header name to a column of `table` (`JET_errColumnNotFound` for a name the
    /// table lacks, `JET_errInvalidParameter` for a name given twice).
    pub fn new(table: &'t TableDef, header: &[String]) -> Result<CsvColumns<'t>> {
        let names = ColumnNames::new(table);
        let mut seen = std::collections::HashSet::new();
        let mut columns: Vec<&ColumnDef> = Vec::with_capacity(header.len());
        for name in header {
            let col = names.get(name).ok_or_else(|| {
                Error::with(
                    ErrorCode::ColumnNotFound,
                    format!("CSV header: table {} has no column {name:?}", table.name),
                )
            })?;
            if !seen.insert(col.id) {
                return Err(Error::with(
                    ErrorCode::InvalidParameter,
                    format!("CSV header: column {name:?} given twice"),
                ));
            }
            columns.push(col);
        }
        Ok(CsvColumns { table, columns })
    }

    /// The row one CSV record gives.
    pub fn row(&self, fields: &[String]) -> Result<Row> {
        if fields.len() != self.columns.len() {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                format!(
                    "{} fields for the {} columns of the header (table {})",
                    fields.len(),
                    self.columns.len(),
                    self.table.name
                ),
            ));
        }
        let mut row = Row::new();
        for (col, cell) in self.columns.iter().zip(fields) {
            row.set(col.id, csv_row_value(col, cell)?);
        }
        Ok(row)
    }
}

/// What a CSV cell sets column `col` to.
fn csv_row_value(col: &ColumnDef, cell: &str) -> Result<RowValue> {
    if cell.is_empty() {
        return Ok(RowValue::Null);
    }
    if col.is_multi_valued() && cell.starts_with('[') {
        let v: Json = serde_json::from_str(cell).map_err(|e| {
            bad(
                col,
                format!("multi-value {cell:?} is not a JSON array: {e}"),
            )
        })?;
        return json_row_value(col, &v);
    }
    if cell.starts_with('{') {
        if let Ok(v) = serde_json::from_str::<Json>(cell) {
            if let Some(raw) = undecodable_raw(&v) {
                return hex_bytes(raw)
                    .map(|b| RowValue::One(Cell::Raw(b)))
                    .map_err(|e| bad(col, e));
            }
        }
    }
    text_cell(col, cell).map(RowValue::One)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::coltype::ole_date_to_iso8601;

    #[test]
    fn dates_invert_the_export() {
        for d in [
            0.0,
            36220.0,
            -1.25,
            44838.5,
            2.0 + 0.001 / 86400.0,
            -657_434.0,
        ] {
            let s = ole_date_to_iso8601(d).unwrap();
            let back = iso8601_to_ole_date(&s).unwrap();
            assert_eq!(ole_date_to_iso8601(back).unwrap(), s, "{d}");
        }
        assert_eq!(iso8601_to_ole_date("1999-03-01T00:00:00"), Some(36220.0));
        assert_eq!(iso8601_to_ole_date("1899-12-29T06:00:00"), Some(-1.25));
        assert_eq!(iso8601_to_ole_date("1999-03-01"), Some(36220.0));
        assert_eq!(iso8601_to_ole_date("2023-02-30T00:00:00"), None);
        assert_eq!(iso8601_to_ole_date("0099-01-01T00:00:00"), None);
        assert_eq!(iso8601_to_ole_date("1999-3-1"), None);
    }

    #[test]
    fn csv_fields() {
        let text = "a,\"b,c\",\"d\"\"e\"\r\n\"multi\nline\",,x\n";
        let mut r = CsvReader::new(text.as_bytes());
        assert_eq!(r.next_record().unwrap().unwrap(), ["a", "b,c", "d\"e"]);
        assert_eq!(r.next_record().unwrap().unwrap(), ["multi\nline", "", "x"]);
        assert_eq!(r.line(), 2);
        assert!(r.next_record().unwrap().is_none());
        assert!(split_csv("a\"b").is_err());
        assert!(split_csv("\"a\"b").is_err());
        let mut bad = CsvReader::new("\"open\n".as_bytes());
        assert!(bad.next_record().is_err());
    }
}
