//! `JetSetCursorFilter`: conditions on column values that the records a cursor moves to
//! on its table's primary index must meet; records that fail them are passed over by
//! `JetMove` and `JetSeek`, as if they were not there.
//!
//! What must hold, as in ESE's `ErrRECSetCursorFilter`, `ErrRECIValidateOneMoveFilter` and
//! `ErrRECICheckCursorFilter`: a filter is set on a table cursor on its primary index and
//! applies while that index is current; every condition is checked (all must hold) on the
//! first value of its column, the column's default counting as its value; long-value and
//! text columns cannot be filtered on (`JET_errFilteredMoveNotSupported`); values of other
//! types than binary have their type's size; ordering relations compare keys as the index
//! normalizes them, so numbers compare as numbers; a NULL column is less than every value.

use crate::consts::*;
use crate::cursor::{CursorState, JET_INDEX_COLUMN};
use crate::registry::err;
use crate::{JetResult, JET_GRBIT, JET_RELOP};
use ese::db::TableDef;
use ese::format::coltype::{encode_value, ColumnType};
use ese::format::key::{normalize_segment, KeyLimits, SearchLimit, SegmentSpec};
use ese::ErrorCode;
use std::cmp::Ordering;

/// One checked condition of a cursor's filter.
#[derive(Debug, Clone)]
pub(crate) struct FilterColumn {
    column: u32,
    coltype: ColumnType,
    code_page: u32,
    relop: JET_RELOP,
    /// The value compared with: `None` for NULL (no value and no `JET_bitZeroLength`),
    /// normalized when `normalized`.
    value: Option<Vec<u8>>,
    normalized: bool,
}

/// The bytes of a fixed-size value as an ascending key segment orders them.
fn normalized(coltype: ColumnType, bytes: &[u8]) -> JetResult<Vec<u8>> {
    let spec = SegmentSpec::new(coltype, 0).fixed();
    normalize_segment(&spec, Some(bytes), KeyLimits::new(255), SearchLimit::None)
}

/// The checked form of `filters` on a table of `def` (see the module's rules).
/// Errors: `JET_errInvalidParameter` for a bad grbit, size or relop of a condition,
/// `JET_errColumnNotFound`, `JET_errFilteredMoveNotSupported` for a long-value or text
/// column.
pub(crate) fn check(def: &TableDef, filters: &[JET_INDEX_COLUMN]) -> JetResult<Vec<FilterColumn>> {
    let bad = |i: usize, why: &str| {
        err(
            ErrorCode::InvalidParameter,
            format!("cursor filter {i}: {why}"),
        )
    };
    let mut out = Vec::with_capacity(filters.len());
    for (i, f) in filters.iter().enumerate() {
        let zero_length = f.grbit == JET_bitZeroLength;
        if f.grbit & !JET_bitZeroLength != 0 || (zero_length && !f.pv.is_empty()) {
            return Err(bad(i, "grbit"));
        }
        let col = def.column_by_id(f.columnid).ok_or_else(|| {
            err(
                ErrorCode::ColumnNotFound,
                format!("cursor filter {i}: no column {}", f.columnid),
            )
        })?;
        let t = col.coltype;
        if t.is_long() || t.is_text() {
            return Err(err(
                ErrorCode::FilteredMoveNotSupported,
                format!("cursor filter {i}: a {} column", t.name()),
            ));
        }
        let bitmask = matches!(
            f.relop,
            JET_relopBitmaskEqualsZero | JET_relopBitmaskNotEqualsZero
        );
        let binary = t == ColumnType::Binary;
        if (f.relop == JET_relopPrefixEquals || zero_length) && !binary {
            return Err(bad(
                i,
                "a prefix or zero-length value needs a binary column",
            ));
        }
        if f.relop > JET_relopBitmaskNotEqualsZero {
            return Err(bad(i, "relop"));
        }
        if f.pv.is_empty() {
            if bitmask || f.relop == JET_relopPrefixEquals {
                return Err(bad(i, "an empty value with this relop"));
            }
        } else if !binary && Some(f.pv.len()) != t.fixed_size() {
            return Err(bad(i, "the value's size is not its column type's"));
        } else if bitmask && matches!(t, ColumnType::Bit | ColumnType::Guid | ColumnType::Binary) {
            return Err(bad(i, "a bitmask needs an integer column"));
        }
        let relative = matches!(
            f.relop,
            JET_relopLessThanOrEqual
                | JET_relopLessThan
                | JET_relopGreaterThanOrEqual
                | JET_relopGreaterThan
        );
        let normalize = !binary && !f.pv.is_empty() && (t == ColumnType::Bit || relative);
        let value = if f.pv.is_empty() && !zero_length {
            None
        } else if normalize {
            Some(normalized(t, &f.pv)?)
        } else {
            Some(f.pv.clone())
        };
        out.push(FilterColumn {
            column: f.columnid,
            coltype: t,
            code_page: col.code_page,
            relop: f.relop,
            value,
            normalized: normalize,
        });
    }
    Ok(out)
}

/// The bitwise AND of two values of one integer size is zero.
fn and_is_zero(a: &[u8], b: &[u8]) -> bool {
    a.iter().zip(b).all(|(x, y)| x & y == 0)
}

/// Whether the current record meets every condition of `filter`.
pub(crate) fn matches(st: &CursorState, filter: &[FilterColumn]) -> JetResult<bool> {
    for f in filter {
        let (value, _) = st.c.retrieve_column(f.column, 1)?;
        let data = match value {
            Some(v) => {
                let raw = encode_value(&v, f.coltype, f.code_page)?;
                Some(if f.normalized {
                    normalized(f.coltype, &raw)?
                } else {
                    raw
                })
            }
            None => None,
        };
        let null = f.value.is_none();
        let want: &[u8] = f.value.as_deref().unwrap_or_default();
        let ok = match &data {
            Some(d) => {
                let cmp = d.as_slice().cmp(want);
                match f.relop {
                    JET_relopEquals => !null && d.as_slice() == want,
                    JET_relopPrefixEquals => d.starts_with(want),
                    JET_relopNotEquals => null || d.as_slice() != want,
                    JET_relopLessThanOrEqual => !null && cmp != Ordering::Greater,
                    JET_relopLessThan => cmp == Ordering::Less,
                    JET_relopGreaterThanOrEqual => cmp != Ordering::Less,
                    JET_relopGreaterThan => null || cmp == Ordering::Greater,
                    JET_relopBitmaskEqualsZero => and_is_zero(d, want),
                    _ => !and_is_zero(d, want),
                }
            }
            // NULL is less than every value and holds no bits.
            None => match f.relop {
                JET_relopEquals | JET_relopGreaterThanOrEqual => null,
                JET_relopNotEquals | JET_relopLessThan => !null,
                JET_relopLessThanOrEqual | JET_relopBitmaskEqualsZero => true,
                _ => false,
            },
        };
        if !ok {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `JetSetCursorFilter(sesid, tableid, rgColumnFilters, cColumnFilters, grbit)`: sets the
/// conditions (none: removes the filter) the records `JetMove` and `JetSeek` land on must
/// meet while the cursor is on its table's primary index; each is a column, a relation
/// (`JET_relopEquals`, `NotEquals`, `LessThan(OrEqual)`, `GreaterThan(OrEqual)`,
/// `PrefixEquals` for binary columns, `BitmaskEqualsZero`/`NotEqualsZero` for integers) and
/// a value (empty: NULL, or a zero-length binary value with `JET_bitZeroLength`). A
/// refused filter leaves none. `JetMove(0)` on the filtered index is then
/// `JET_errFilteredMoveNotSupported`, as in ESE.
///
/// Errors: `JET_errInvalidGrbit` for a grbit, `JET_errFilteredMoveNotSupported` on a
/// secondary index, a temporary table, a long-value or text column, and those of the
/// conditions (`JET_errInvalidParameter`, `JET_errColumnNotFound`).
pub fn jet_set_cursor_filter(
    sesid: crate::JET_SESID,
    tableid: crate::JET_TABLEID,
    filters: &[JET_INDEX_COLUMN],
    grbit: JET_GRBIT,
) -> JetResult<()> {
    let c = crate::cursor::get(sesid, tableid)?;
    if c.temp().is_some() {
        return Err(err(
            ErrorCode::FilteredMoveNotSupported,
            "a temporary table takes no cursor filter",
        ));
    }
    let mut st = c.lock()?;
    st.filter.clear();
    if grbit != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetSetCursorFilter grbit {grbit:#x}"),
        ));
    }
    if !st.on_primary() {
        return Err(err(
            ErrorCode::FilteredMoveNotSupported,
            "a cursor filter needs the primary index current",
        ));
    }
    let def = st.c.table().def().clone();
    st.filter = check(&def, filters)?;
    Ok(())
}
