//! [`Row`]: the column values of one record to write, and their conversion to the bytes ESE
//! stores for each column (`ErrRECISetFixedColumn`, `ErrRECISetVarColumn`,
//! `ErrRECISetTaggedColumn` in `fldmod.cxx`).
//!
//! A row maps column ids to a [`RowValue`]. A column the row leaves out is "not set": ESE gives
//! it its default (a fixed or variable default is copied into the record, a tagged one is applied
//! when reading). An explicit [`RowValue::Null`] is "set to NULL", which overrides a default.
//! Each value is a typed [`Value`] or raw bytes ([`Cell::Raw`]), stored as given.
//!
//! What must hold: the byte rules are ESE's: fixed-size types need exactly their size
//! (`JET_errInvalidBufferSize`); a fixed Text or Binary column is padded (spaces or zeros) and
//! refuses longer values; a zero-length value of a fixed column is NULL; Bit is stored as 0x00 or
//! 0xFF in fixed columns.

use crate::catalog::ColumnDef;
use crate::format::coltype::{encode_value_cow, pad_fixed_text, ColumnType, Value};
use crate::{Error, ErrorCode, Result};
use smallvec::SmallVec;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// One value of a column: typed, or the bytes to store.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// A typed value, encoded for the column's type and code page.
    Value(Value),
    /// Bytes stored as they are (after the size checks of the column's type).
    Raw(Vec<u8>),
}

impl From<Value> for Cell {
    fn from(v: Value) -> Cell {
        Cell::Value(v)
    }
}

/// What a row sets a column to.
#[derive(Clone, Debug, PartialEq)]
pub enum RowValue {
    /// Set to NULL (overrides the column's default).
    Null,
    /// One value.
    One(Cell),
    /// Several values, in `itagSequence` order (tagged columns only); none is NULL.
    Many(Vec<Cell>),
}

impl RowValue {
    /// The values, none for NULL.
    pub fn cells(&self) -> &[Cell] {
        match self {
            RowValue::Null => &[],
            RowValue::One(c) => std::slice::from_ref(c),
            RowValue::Many(cs) => cs,
        }
    }
}

/// The values of one record to insert, by column id.
#[derive(Clone, Debug, Default)]
pub struct Row {
    values: Values,
}

/// A row's columns by id: the few columns most rows set in a sorted vector (inside the
/// row up to [`FEW_INLINE`] of them, one allocation past that, none for its entries), a
/// row of many columns in a tree (so that setting thousands of columns in any order
/// stays cheap).
#[derive(Clone)]
enum Values {
    Few(SmallVec<[(u32, RowValue); FEW_INLINE]>),
    Many(BTreeMap<u32, RowValue>),
}

impl Default for Values {
    fn default() -> Values {
        Values::Few(SmallVec::new())
    }
}

/// The columns a row keeps without an allocation of its own: a record of a key and a
/// value or two, as most inserts of a bulk load set.
const FEW_INLINE: usize = 3;

/// The most columns a row keeps in its sorted vector.
const FEW_MOST: usize = 32;

impl PartialEq for Row {
    fn eq(&self, other: &Row) -> bool {
        self.iter().eq(other.iter())
    }
}

/// Shown as a map from column id to value, whichever way the row keeps its columns.
impl std::fmt::Debug for Values {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Values {
    /// The columns set, in column-id order.
    fn iter(&self) -> impl Iterator<Item = (u32, &RowValue)> {
        let (few, many) = match self {
            Values::Few(v) => (Some(v.iter().map(|(id, v)| (*id, v))), None),
            Values::Many(m) => (None, Some(m.iter().map(|(id, v)| (*id, v)))),
        };
        few.into_iter().flatten().chain(many.into_iter().flatten())
    }
}

impl Row {
    /// An empty row: every column takes its default.
    pub fn new() -> Row {
        Row::default()
    }

    /// Sets column `column_id`, replacing what the row held for it.
    pub fn set(&mut self, column_id: u32, value: RowValue) -> &mut Row {
        match &mut self.values {
            Values::Few(v) => match v.binary_search_by_key(&column_id, |e| e.0) {
                Ok(i) => v[i].1 = value,
                Err(i) if v.len() < FEW_MOST => v.insert(i, (column_id, value)),
                Err(_) => {
                    let mut m: BTreeMap<u32, RowValue> = std::mem::take(v).into_iter().collect();
                    m.insert(column_id, value);
                    self.values = Values::Many(m);
                }
            },
            Values::Many(m) => {
                m.insert(column_id, value);
            }
        }
        self
    }

    /// Sets column `column_id` to one typed value.
    pub fn set_value(&mut self, column_id: u32, value: Value) -> &mut Row {
        self.set(column_id, RowValue::One(Cell::Value(value)))
    }

    /// Sets column `column_id` to NULL.
    pub fn set_null(&mut self, column_id: u32) -> &mut Row {
        self.set(column_id, RowValue::Null)
    }

    /// Leaves column `column_id` unset again (its default applies).
    pub fn unset(&mut self, column_id: u32) -> &mut Row {
        match &mut self.values {
            Values::Few(v) => {
                if let Ok(i) = v.binary_search_by_key(&column_id, |e| e.0) {
                    v.remove(i);
                }
            }
            Values::Many(m) => {
                m.remove(&column_id);
            }
        }
        self
    }

    /// What the row sets column `column_id` to; `None` when it leaves the column unset.
    pub fn get(&self, column_id: u32) -> Option<&RowValue> {
        match &self.values {
            Values::Few(v) => {
                let i = v.binary_search_by_key(&column_id, |e| e.0).ok()?;
                Some(&v[i].1)
            }
            Values::Many(m) => m.get(&column_id),
        }
    }

    /// The columns the row sets, in column-id order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &RowValue)> {
        self.values.iter()
    }

    /// Sets the table's autoincrement column to `value` (the counter the caller assigned), in
    /// the column's width: 4 bytes for Long, 8 for LongLong, UnsignedLongLong and Currency.
    /// `JET_errColumnNotFound` when the table has no autoincrement column,
    /// `JET_errInvalidParameter` for 0 or a value the column cannot hold.
    pub fn set_autoincrement(
        &mut self,
        table: &crate::catalog::TableDef,
        value: u64,
    ) -> Result<()> {
        let col = table
            .columns
            .iter()
            .find(|c| c.flags & crate::catalog::column_flags::AUTOINCREMENT != 0)
            .ok_or_else(|| {
                Error::with(
                    ErrorCode::ColumnNotFound,
                    format!("table {} has no autoincrement column", table.name),
                )
            })?;
        let bad = || {
            Error::with(
                ErrorCode::InvalidParameter,
                format!("autoincrement value {value} for column {}", col.name),
            )
        };
        if value == 0 {
            return Err(bad());
        }
        let bytes = match col.coltype {
            ColumnType::Long => i32::try_from(value)
                .map_err(|_| bad())?
                .to_le_bytes()
                .to_vec(),
            _ => i64::try_from(value)
                .map_err(|_| bad())?
                .to_le_bytes()
                .to_vec(),
        };
        self.set(col.id, RowValue::One(Cell::Raw(bytes)));
        Ok(())
    }
}

/// An error about column `col`.
pub(crate) fn column_error(code: ErrorCode, col: &ColumnDef, why: impl std::fmt::Display) -> Error {
    Error::with(code, format!("column {} ({}): {why}", col.name, col.id))
}

/// The bytes of one value for column `col`, before any fixed-column padding.
pub(crate) fn cell_bytes(col: &ColumnDef, cell: &Cell) -> Result<Vec<u8>> {
    cell_bytes_cow(col, cell).map(Cow::into_owned)
}

/// [`cell_bytes`], borrowed from `cell` where its bytes are already the stored ones (raw
/// bytes, binary and text values), so that encoding a record or a key copies each value
/// once, into its place.
pub(crate) fn cell_bytes_cow<'a>(col: &ColumnDef, cell: &'a Cell) -> Result<Cow<'a, [u8]>> {
    match cell {
        Cell::Raw(b) => Ok(Cow::Borrowed(b)),
        Cell::Value(v) => value_bytes_cow(col, v),
    }
}

/// [`cell_bytes_cow`] of a decoded value.
pub(crate) fn value_bytes_cow<'a>(col: &ColumnDef, v: &'a Value) -> Result<Cow<'a, [u8]>> {
    encode_value_cow(v, col.coltype, col.code_page).map_err(|e| {
        let why = e
            .detail_text()
            .unwrap_or("value does not fit the column")
            .to_string();
        column_error(e.code(), col, why)
    })
}

/// `bytes` cut to at most `most`, still borrowed when they were.
pub(crate) fn truncated(bytes: Cow<'_, [u8]>, most: usize) -> Cow<'_, [u8]> {
    match bytes {
        Cow::Borrowed(b) => Cow::Borrowed(&b[..b.len().min(most)]),
        Cow::Owned(mut v) => {
            v.truncate(most);
            Cow::Owned(v)
        }
    }
}

/// The stored size of fixed column `col`.
pub(crate) fn fixed_size(col: &ColumnDef) -> usize {
    col.coltype.fixed_size().unwrap_or(col.max_length as usize)
}

/// The bytes of fixed column `col` for `bytes` (`None`: NULL, as a zero-length value is for
/// fixed columns): exact sizes for fixed-size types, padding for Text and Binary, Bit as
/// 0x00/0xFF.
pub(crate) fn fixed_bytes<'a>(
    col: &ColumnDef,
    bytes: Cow<'a, [u8]>,
) -> Result<Option<Cow<'a, [u8]>>> {
    if bytes.is_empty() {
        return Ok(None);
    }
    let size = fixed_size(col);
    match col.coltype {
        ColumnType::Text | ColumnType::Binary if bytes.len() < size => {
            Ok(Some(Cow::Owned(if col.coltype == ColumnType::Text {
                pad_fixed_text(&bytes, size, col.code_page)
            } else {
                let mut b = bytes.into_owned();
                b.resize(size, 0);
                b
            })))
        }
        ColumnType::Bit if bytes.len() == 1 => {
            Ok(Some(Cow::Owned(vec![if bytes[0] == 0 { 0 } else { 0xFF }])))
        }
        _ if bytes.len() == size => Ok(Some(bytes)),
        _ => Err(column_error(
            ErrorCode::InvalidBufferSize,
            col,
            format!("{} bytes for a {size}-byte fixed column", bytes.len()),
        )),
    }
}

/// Checks a value of a tagged column (`ErrRECISetTaggedColumn`): at most `max_length` bytes
/// (`JET_errColumnTooBig`) and, for fixed-size types, exactly their size unless zero-length
/// (`JET_errInvalidBufferSize`).
pub(crate) fn check_tagged_bytes(col: &ColumnDef, bytes: &[u8]) -> Result<()> {
    if col.max_length > 0 && bytes.len() > col.max_length as usize {
        return Err(column_error(
            ErrorCode::ColumnTooBig,
            col,
            format!("{} bytes, at most {}", bytes.len(), col.max_length),
        ));
    }
    if let Some(size) = col.coltype.fixed_size() {
        if !bytes.is_empty() && bytes.len() != size {
            return Err(column_error(
                ErrorCode::InvalidBufferSize,
                col,
                format!("{} bytes for a {size}-byte type", bytes.len()),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long(v: i32) -> RowValue {
        RowValue::One(Cell::Value(Value::Long(v)))
    }

    /// The ids a row lists, in its order.
    fn ids(r: &Row) -> Vec<u32> {
        r.iter().map(|(id, _)| id).collect()
    }

    proptest::proptest! {
        /// Any run of sets, NULLs and unsets over ids 1 to 40 leaves the row answering
        /// as a map would, whichever way it keeps its columns at the time: inside the
        /// row (up to three), in its own vector, or in a tree (past 32).
        #[test]
        fn sets_and_unsets_answer_as_a_map(
            ops in proptest::collection::vec((1u32..=40, 0u8..3), 0..120),
        ) {
            let mut r = Row::new();
            let mut model = BTreeMap::new();
            for (id, what) in ops {
                match what {
                    0 => {
                        r.set(id, long(id as i32));
                        model.insert(id, long(id as i32));
                    }
                    1 => {
                        r.set_null(id);
                        model.insert(id, RowValue::Null);
                    }
                    _ => {
                        r.unset(id);
                        model.remove(&id);
                    }
                }
                proptest::prop_assert!(r.iter().eq(model.iter().map(|(k, v)| (*k, v))));
            }
            for id in 0..=41 {
                proptest::prop_assert_eq!(r.get(id), model.get(&id));
            }
            let copy = r.clone();
            proptest::prop_assert!(copy == r);
        }
    }

    #[test]
    fn a_few_columns_set_in_any_order_are_listed_by_id() {
        let mut r = Row::new();
        r.set(9, long(9))
            .set(2, long(2))
            .set(5, long(5))
            .set(2, long(20));
        assert_eq!(ids(&r), [2, 5, 9]);
        assert_eq!(r.get(2), Some(&long(20)));
        assert_eq!(r.get(3), None);
        r.unset(5).unset(6);
        assert_eq!(ids(&r), [2, 9]);
        r.set_null(1);
        assert_eq!(r.get(1), Some(&RowValue::Null));
        assert_eq!(
            format!("{r:?}"),
            "Row { values: {1: Null, 2: One(Value(Long(20))), 9: One(Value(Long(9)))} }"
        );
    }

    #[test]
    fn many_columns_in_any_order_keep_the_same_answers() {
        // 1,000 columns in a scrambled order (a step prime to the count): past the
        // vector's size, the row moves to a tree and answers as before.
        let mut r = Row::new();
        let mut small = Row::new();
        for k in 0..1000u32 {
            let id = (k * 389) % 1000 + 1;
            r.set(id, long(id as i32));
            if id <= 10 {
                small.set(id, long(id as i32));
            }
        }
        assert_eq!(ids(&r), (1..=1000).collect::<Vec<_>>());
        assert_eq!(r.get(777), Some(&long(777)));
        assert_ne!(r, small);
        for id in 11..=1000 {
            r.unset(id);
        }
        // The same columns, one row in a tree and one in a vector: equal.
        assert_eq!(r, small);
        assert_eq!(format!("{r:?}"), format!("{small:?}"));
        r.set(3, long(-3));
        assert_ne!(r, small);
    }
}
