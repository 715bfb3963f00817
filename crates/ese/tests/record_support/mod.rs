//! Helpers shared by the `record_*` tests: rows rebuilt from the records of the sample
//! databases, and a raw walk of a tree's leaf entries.
#![allow(dead_code)]

use ese::db::{column_flags, ColumnDef};
use ese::format::coltype::{encode_value, Value};
use ese::format::compress::decompress;
use ese::format::page::Page;
use ese::format::record::{split_values, Field, RawRecord};
use ese::record::{Cell, Row, RowValue};
use ese::{ColumnValue, Database, Datum};

/// Values given as bytes because the read path's value drops their trailing NULs.
pub static RAW_TEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The leaf entries of the tree rooted at `root`, in key order.
pub fn tree_entries(db: &Database, root: u32) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(pgno) = stack.pop() {
        let raw = db.read_raw_page(pgno).unwrap();
        let page = Page::new(&raw, pgno).unwrap();
        let prefix = page.key_prefix().unwrap().to_vec();
        let nodes: Vec<_> = page.nodes().map(|n| n.unwrap()).collect();
        if page.is_leaf() {
            for n in nodes {
                if !n.is_deleted() {
                    out.push((n.key(&prefix).unwrap(), n.data.to_vec()));
                }
            }
        } else {
            for n in nodes.iter().rev() {
                stack.push(n.child_pgno().unwrap());
            }
        }
    }
    out
}

/// The row that makes `rec`: values as the read path decodes them (raw bytes when it cannot),
/// explicit NULLs where the record stores them, and columns at their default left unset.
pub fn row_of(rec: &ese::Record, large: bool) -> Row {
    let raw = RawRecord::decode(rec.raw(), large).unwrap();
    let mut row = Row::new();
    let values = rec.values().unwrap();
    for (col, value) in &values {
        let col: &ColumnDef = col;
        let field = if col.is_tagged() {
            match raw.tagged_field(col.id).unwrap() {
                None => Field::NotInRecord,
                Some(f) if f.is_null() => Field::Null,
                Some(f) => Field::Data(f.data),
            }
        } else if col.is_fixed() {
            let size = col.coltype.fixed_size().unwrap_or(col.max_length as usize);
            raw.fixed_field(col.id, col.record_offset as usize, size)
                .unwrap()
        } else {
            raw.variable_field(col.id).unwrap()
        };
        match field {
            Field::NotInRecord => continue,
            Field::Null => {
                row.set_null(col.id);
                continue;
            }
            Field::Data(d) if !col.is_tagged() && is_default(col, d) => continue,
            Field::Data(_) => {}
        }
        // The bytes the record holds for each value, when it holds them (not separated).
        let stored: Vec<Option<Vec<u8>>> = match field {
            Field::Data(_) if col.is_tagged() => {
                let f = raw.tagged_field(col.id).unwrap().unwrap();
                split_values(&f)
                    .unwrap()
                    .iter()
                    .map(|v| match (v.separated, v.compressed) {
                        (true, _) => None,
                        (false, true) => Some(decompress(v.data).unwrap()),
                        (false, false) => Some(v.data.to_vec()),
                    })
                    .collect()
            }
            Field::Data(d) => vec![Some(d.to_vec())],
            _ => unreachable!(),
        };
        let cells: Vec<Cell> = value
            .data()
            .into_iter()
            .zip(stored.into_iter().chain(std::iter::repeat(None)))
            .map(|(d, stored)| match d {
                // A fixed text column holds the text padded with spaces; the application set
                // the text without them (an odd-sized Unicode column even ends in half a space).
                Datum::Value(Value::Text(t)) if col.is_fixed() => {
                    Cell::Value(Value::Text(t.trim_end_matches(' ').into()))
                }
                // The read path drops trailing NULs from text; such values are given as bytes.
                Datum::Value(v) => match stored {
                    Some(b) if encode_value(v, col.coltype, col.code_page).unwrap() != b => {
                        RAW_TEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        Cell::Raw(b)
                    }
                    _ => Cell::Value(v.clone()),
                },
                Datum::Undecodable { raw, .. } => Cell::Raw(raw.clone()),
            })
            .collect();
        let value = match value {
            ColumnValue::Multi(_) => RowValue::Many(cells),
            _ => RowValue::One(cells.into_iter().next().unwrap()),
        };
        row.set(col.id, value);
    }
    row
}

/// A fixed or variable value equal to the column's default (after ESE's Bit normalisation).
fn is_default(col: &ColumnDef, data: &[u8]) -> bool {
    if col.flags & column_flags::DEFAULT == 0 {
        return false;
    }
    match &col.default_value {
        Some(d) if col.coltype == ese::format::coltype::ColumnType::Bit => {
            data.len() == 1 && d.len() == 1 && (data[0] != 0) == (d[0] != 0)
        }
        Some(d) => d.as_slice() == data,
        None => false,
    }
}
