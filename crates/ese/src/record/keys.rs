//! [`index_keys`]: the entries a record has in an index (`ErrRECIEnumerateKeys` and
//! `KeySequence` in `recupd.cxx`/`rec.hxx`, `ErrRECIRetrieveKey` in `fldnorm.cxx`).
//!
//! ESE's rules:
//! * Each segment takes the column's value as the record holds it: the row's value, else the
//!   column's default, else NULL (a version column left unset is 0). A multi-valued column gives
//!   one value per `itagSequence`.
//! * Which multi-valued columns are enumerated: the first one only, unless the index is a
//!   cross-product index (every combination, the last column varying fastest) or a nested-table
//!   index (the columns' n-th values together, until every one of them is out of values). Other
//!   multi-valued columns contribute their first value.
//! * A key whose segments are all NULL is indexed only when the index allows all NULLs
//!   (`fidbAllowAllNulls`, cleared by `IgnoreNull`); one whose first segment is NULL only when it
//!   allows a first NULL (`IgnoreFirstNull` clears it); one with some NULL segment only when it
//!   allows some NULLs (`IgnoreAnyNull` clears it). After a key of all NULLs, or a skipped key,
//!   no further keys are made. An index that disallows NULL segments (`fidbNoNullSeg`) refuses
//!   the record with `JET_errNullKeyDisallowed`.
//! * Keys are normalized by `format::key` (its own normalization for Unicode text) and cut to
//!   the index's `KeyMost`; with `DisallowTruncation` a cut key is `JET_errKeyTruncated`.
//!   Identical keys are one entry.
//!
//! What must hold: for indexes without Unicode text segments the keys equal the keys ESE stores
//! (the tests compare them with the sample databases' index entries).

use super::row::{
    cell_bytes_cow, column_error, fixed_bytes, truncated, value_bytes_cow, Row, RowValue,
};
use crate::catalog::{column_flags, index_flags, ColumnDef, IndexDef, TableDef, TupleLimits};
use crate::format::coltype::Value;
use crate::format::key::{
    append_segment, make_key_from, make_key_with, KeyLimits, NormalizedKey, SegmentSpec,
};
use crate::{Error, ErrorCode, Result};
use smallvec::SmallVec;
use std::borrow::Cow;

/// `fidbCrossProduct`: every combination of multi-values is indexed.
const IDB_CROSS_PRODUCT: u32 = 0x2000;
/// `fidbDisallowTruncation`: a key that does not fit is an error.
const IDB_DISALLOW_TRUNCATION: u32 = 0x4000;
/// `fidbNestedTable`: multi-values of the same sequence number are indexed together.
const IDB_NESTED_TABLE: u32 = 0x8000;
/// `JET_ccolKeyMost`.
const SEGMENTS_MOST: usize = 16;

/// The entries of one record in one index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndexKeys {
    /// The keys, in ESE's enumeration order, without repeats (empty when the record is not in
    /// the index).
    pub keys: Vec<Vec<u8>>,
    /// Some key was cut to the index's key size (two records can then share a key).
    pub truncated: bool,
}

/// The key of record number `dbk` of a table without a primary index (its hidden sequential
/// index): the number, big-endian.
pub fn sequential_key(dbk: u32) -> Vec<u8> {
    dbk.to_be_bytes().to_vec()
}

/// What a key retrieval found (`wrnFLD*`).
enum Retrieved {
    Key(Vec<u8>, Nulls),
    /// A multi-valued column at this segment is out of values (`wrnFLDOutOfKeys`).
    OutOfKeys(usize),
}

#[derive(PartialEq, Eq)]
enum Nulls {
    None,
    All,
    First,
    Some,
}

/// One index segment with the values its column has in the record.
struct Segment<'a> {
    spec: SegmentSpec,
    tagged: bool,
    /// Enumerated by `itagSequence` (see the module header).
    multi: bool,
    /// Borrowed from the row or the column's default where they are the stored bytes.
    values: Values<'a>,
    col: &'a ColumnDef,
}

/// A segment's values: most columns have one, kept without an allocation.
type Values<'a> = SmallVec<[Cow<'a, [u8]>; 1]>;

/// How a segment is normalized and its one value (`None`: NULL).
type SegmentValue<'a> = (SegmentSpec, Option<Cow<'a, [u8]>>);

/// The keys `row` has in `index` of `table` (see the module header for the rules). `index` is
/// usually one of `table.indexes`. Errors: `JET_errColumnNotFound` when the index names a
/// column the table lacks, `JET_errIndexInvalidDef` for more than 16 segments,
/// `JET_errNullKeyDisallowed`, `JET_errKeyTruncated`, `JET_errAutoIncrementNotSet`, and the
/// value errors of the row's columns.
pub fn index_keys(table: &TableDef, index: &IndexDef, row: &Row) -> Result<IndexKeys> {
    if index.segments.is_empty() || index.segments.len() > SEGMENTS_MOST {
        return Err(Error::with(
            ErrorCode::IndexInvalidDef,
            format!(
                "index {} has {} key segments",
                index.name,
                index.segments.len()
            ),
        ));
    }
    // A conditional index holds only the records that meet its conditions (ESE's
    // `wrnFLDNotPresentInIndex`): NULL as `JetRetrieveColumn` reports it, a default
    // counting as a value, a multi-valued column by its first value.
    for c in &index.conditions {
        let col = segment_column(table, index, c.column_id)?;
        if column_values(col, row)?.is_empty() != c.must_be_null {
            return Ok(IndexKeys {
                keys: Vec::new(),
                truncated: false,
            });
        }
    }
    if !index.tuples && index.conditions.is_empty() && index.flags & IDB_NESTED_TABLE == 0 {
        if let Some(keys) = single_key(table, index, row)? {
            return Ok(keys);
        }
    }
    enumerated_keys(table, index, row)
}

/// [`index_keys`] of a record that meets `index`'s conditions, by enumeration of its key
/// sequences (every case, the one [`single_key`] takes included).
fn enumerated_keys(table: &TableDef, index: &IndexDef, row: &Row) -> Result<IndexKeys> {
    let cross = index.flags & IDB_CROSS_PRODUCT != 0;
    let nested = index.flags & IDB_NESTED_TABLE != 0;
    if index.tuples && index.tuple_limits.is_none() {
        return Err(Error::with(
            ErrorCode::FeatureNotAvailable,
            format!(
                "index {} is an index over substring tuples whose limits cannot be read",
                index.name
            ),
        ));
    }
    // Most indexes have a few segments: kept without an allocation.
    let mut segments: SmallVec<[Segment<'_>; 4]> = SmallVec::with_capacity(index.segments.len());
    let mut multi_seen = false;
    for seg in &index.segments {
        let col = segment_column(table, index, seg.column_id)?;
        let mv = col.is_tagged() && col.is_multi_valued();
        let multi = mv && (cross || nested || !multi_seen);
        multi_seen |= mv;
        segments.push(Segment {
            spec: segment_spec(index, col, seg.descending),
            tagged: col.is_tagged(),
            multi,
            values: column_values(col, row)?,
            col,
        });
    }
    match index.tuple_limits {
        Some(t) => enumerate_tuples(index, &segments, index_limits(index), nested, t),
        None => enumerate(index, &segments, index_limits(index), nested),
    }
}

/// The one key of a record whose every segment holds exactly one value and no column of
/// which is multi-valued, in an index without conditions or tuples (most records in most
/// indexes, nested-table ones aside): what [`enumerate`] makes of it in its first and only
/// round, without its bookkeeping. `None` when some segment is NULL, has several values or
/// is multi-valued: the caller then goes [`enumerate`]'s way, which also names the column a
/// NULL rule refuses.
fn single_key(table: &TableDef, index: &IndexDef, row: &Row) -> Result<Option<IndexKeys>> {
    let mut parts: SmallVec<[SegmentValue<'_>; 4]> = SmallVec::with_capacity(index.segments.len());
    for seg in &index.segments {
        let col = segment_column(table, index, seg.column_id)?;
        if col.is_tagged() && col.is_multi_valued() {
            return Ok(None);
        }
        let mut values = column_values(col, row)?;
        if values.len() != 1 {
            return Ok(None);
        }
        parts.push((segment_spec(index, col, seg.descending), values.pop()));
    }
    let key = make_key_from(&parts, index_limits(index))?;
    // Every segment has a value: no NULL rule applies.
    debug_assert!(!key.any_null && !key.all_null);
    if key.truncated && index.flags & IDB_DISALLOW_TRUNCATION != 0 {
        return Err(Error::with(
            ErrorCode::KeyTruncated,
            "the key does not fit the index's key size",
        ));
    }
    Ok(Some(IndexKeys {
        keys: vec![key.bytes],
        truncated: key.truncated,
    }))
}

/// The bytes of one character of a tuple index's first column: 2 for Unicode text, 1
/// for other text and binary.
fn tuple_unit(col: &ColumnDef) -> usize {
    if col.coltype.is_text() && col.code_page == crate::format::coltype::CP_UNICODE {
        2
    } else {
        1
    }
}

/// The substring of `value` a tuple index indexes at character `offset`
/// (`ErrRECIIRetrieveKey`): from there to the end, cut to the longest substring;
/// `None` (`wrnFLDOutOfTuples`) when that is shorter than the shortest (a NULL or
/// zero-length value has none).
fn tuple_at(value: Option<&[u8]>, offset: usize, unit: usize, t: TupleLimits) -> Option<&[u8]> {
    let v = value.unwrap_or(&[]);
    let rest = v.get(offset.saturating_mul(unit)..).unwrap_or(&[]);
    let rest = &rest[..rest.len().min(t.length_max as usize * unit)];
    (rest.len() >= t.length_min as usize * unit).then_some(rest)
}

/// `ErrRECIEnumerateKeys` for an index over substring tuples: for each key sequence, the
/// keys whose first segment is the substring at each tuple offset (`start`, then every
/// `increment` characters, at most `to_index_max` of them), until a substring is shorter
/// than the shortest (`wrnFLDOutOfTuples`: then the first column's next value, or the end
/// when it is not multi-valued). A record whose first column is NULL or too short has no
/// entry; the other segments follow the index's NULL rules as in [`enumerate`].
fn enumerate_tuples(
    index: &IndexDef,
    segments: &[Segment<'_>],
    limits: KeyLimits,
    nested: bool,
    t: TupleLimits,
) -> Result<IndexKeys> {
    let has_multi = segments.iter().any(|s| s.multi);
    let multi_most = segments.iter().rposition(|s| s.multi);
    let first_multi = segments.first().is_some_and(|s| s.multi);
    let disallow_truncation = index.flags & IDB_DISALLOW_TRUNCATION != 0;
    let unit = segments.first().map_or(1, |s| tuple_unit(s.col));
    let mut itags_all = [1usize; SEGMENTS_MOST];
    let itags = &mut itags_all[..segments.len()];
    let mut out = IndexKeys::default();
    // A long value makes thousands of tuples: repeats are found by hash.
    let mut seen: std::collections::HashSet<Vec<u8>> = std::collections::HashSet::new();
    loop {
        let value = segments[0].values.get(itags[0] - 1).map(|v| &**v);
        if itags[0] > 1 && value.is_none() && !nested {
            // The first column is out of values (`wrnFLDOutOfKeys`).
            return Ok(out);
        }
        let mut rollover = None;
        let mut offset = t.start as usize;
        for _ in 0..t.to_index_max {
            let Some(sub) = tuple_at(value, offset, unit, t) else {
                if !first_multi {
                    return Ok(out);
                }
                rollover = Some(1);
                break;
            };
            match retrieve_with(
                segments,
                itags,
                Some(sub),
                limits,
                nested,
                &mut out.truncated,
                disallow_truncation,
            )? {
                Retrieved::OutOfKeys(i) => {
                    rollover = Some(i);
                    break;
                }
                Retrieved::Key(key, nulls) => {
                    // The first segment, a substring, is never NULL.
                    let (insert, done) = null_rule(index, segments, itags, &nulls)?;
                    if insert && seen.insert(key.clone()) {
                        out.keys.push(key);
                    }
                    if done {
                        return Ok(out);
                    }
                }
            }
            offset += t.increment as usize;
        }
        if !has_multi || !advance(segments, itags, rollover, multi_most, nested) {
            return Ok(out);
        }
    }
}

/// The values `col` has in the record `row` makes, defaults applied.
fn column_values<'a>(col: &'a ColumnDef, row: &'a Row) -> Result<Values<'a>> {
    let cells = match row.get(col.id) {
        Some(RowValue::Null) => return Ok(Values::new()),
        Some(v) => v.cells(),
        None if col.flags & column_flags::AUTOINCREMENT != 0 => {
            return Err(column_error(
                ErrorCode::AutoIncrementNotSet,
                col,
                "the autoincrement value must be set",
            ))
        }
        None if col.flags & column_flags::VERSION != 0 => {
            return Ok(smallvec::smallvec![Cow::Owned(vec![0; 4])])
        }
        None => {
            return Ok(match &col.default_value {
                Some(d) if col.flags & column_flags::DEFAULT != 0 => {
                    plain(col, Cow::Borrowed(d))?.into_iter().collect()
                }
                _ => Values::new(),
            })
        }
    };
    let mut out = Values::with_capacity(cells.len());
    for c in cells {
        out.extend(plain(col, cell_bytes_cow(col, c)?)?);
    }
    Ok(out)
}

/// A value as the record stores it: fixed columns padded (zero-length is NULL), variable ones
/// cut to the column's size.
fn plain<'a>(col: &ColumnDef, bytes: Cow<'a, [u8]>) -> Result<Option<Cow<'a, [u8]>>> {
    if col.is_fixed() {
        return fixed_bytes(col, bytes);
    }
    if col.is_variable() {
        let most = match col.max_length as usize {
            0 => 255,
            n => n.min(255),
        };
        return Ok(Some(truncated(bytes, most)));
    }
    Ok(Some(bytes))
}

/// The key `JetMakeKey` makes of `values` for the first `values.len()` segments of `index`:
/// each value as a record would hold it (fixed columns padded, a zero-length fixed value
/// NULL, variable ones cut to their size), `None` a NULL segment, NULL segments allowed and a
/// key too long cut, as [`index_keys`] gives the first key of a row holding exactly these
/// values with the index's NULL and truncation rules lifted. Errors: `JET_errColumnNotFound`
/// when the index names a column the table lacks, `JET_errIndexInvalidDef` for no values or
/// more than 16, and the values' errors.
pub fn search_key(table: &TableDef, index: &IndexDef, values: &[Option<Value>]) -> Result<Vec<u8>> {
    let mut key = Vec::new();
    search_key_onto(table, index, values, &mut key)?;
    Ok(key)
}

/// [`search_key`] onto the end of `out` (a buffer a caller keeps from key to key); on
/// an error `out` may hold part of the key.
pub(crate) fn search_key_onto(
    table: &TableDef,
    index: &IndexDef,
    values: &[Option<Value>],
    out: &mut Vec<u8>,
) -> Result<()> {
    search_key_into(table, index, 0, values, index_limits(index).key_most, out)
}

/// [`search_key`] for the segments of `index` from number `first` on, made to follow
/// a key already `key_most - avail` bytes long (`JetMakeKey` after a normalized key,
/// which counts as the first segment): the bytes to append.
pub fn search_key_after(
    table: &TableDef,
    index: &IndexDef,
    first: usize,
    values: &[Option<Value>],
    avail: usize,
) -> Result<Vec<u8>> {
    let mut key = Vec::new();
    search_key_into(table, index, first, values, avail, &mut key)?;
    Ok(key)
}

/// [`search_key_after`] onto the end of `out`; on an error `out` may hold part of the
/// key.
fn search_key_into(
    table: &TableDef,
    index: &IndexDef,
    first: usize,
    values: &[Option<Value>],
    avail: usize,
    out: &mut Vec<u8>,
) -> Result<()> {
    if values.is_empty() || first + values.len() > index.segments.len().min(SEGMENTS_MOST) {
        return Err(Error::with(
            ErrorCode::IndexInvalidDef,
            format!(
                "index {} has {} key segments, {} values given",
                index.name,
                index.segments.len(),
                values.len()
            ),
        ));
    }
    // Each segment is normalized as soon as its value is read; with no room left
    // (`avail` 0: ESE marks the key too big) the values are still checked, and the
    // segments add nothing.
    let limits = index_limits(index);
    limits.check()?;
    let mut key = NormalizedKey {
        bytes: std::mem::take(out),
        all_null: true,
        ..NormalizedKey::default()
    };
    let mut left = avail.min(limits.key_most);
    let made = (|| {
        for ((i, seg), v) in index.segments.iter().enumerate().skip(first).zip(values) {
            let col = segment_column(table, index, seg.column_id)?;
            let mut bytes = match v {
                Some(v) => plain(col, value_bytes_cow(col, v)?)?,
                None => None,
            };
            if let (0, Some(t)) = (i, index.tuple_limits) {
                // `ErrFLDNormalizeSegment` on a tuple index's first segment: a NULL or
                // empty value is too small; text must hold the shortest substring and is
                // cut to the longest (binary is normalized as given).
                let b = bytes.as_deref().unwrap_or(&[]);
                let text = col.coltype.is_text();
                let unit = tuple_unit(col);
                if b.is_empty() || text && b.len() / unit < t.length_min as usize {
                    return Err(Error::with(
                        ErrorCode::IndexTuplesKeyTooSmall,
                        format!(
                            "index {} indexes substrings of {} to {} characters: the key's \
                             first value has {}",
                            index.name,
                            t.length_min,
                            t.length_max,
                            b.len() / unit
                        ),
                    ));
                }
                if text {
                    let most = t.length_max as usize * unit;
                    bytes = bytes.map(|b| truncated(b, most));
                }
            }
            if avail > 0 {
                let spec = segment_spec(index, col, seg.descending);
                let at = i - first;
                append_segment(at, &spec, bytes.as_deref(), limits, &mut left, &mut key)?;
            }
        }
        Ok(())
    })();
    *out = key.bytes;
    made
}

/// The column of `index`'s segment on `column_id`: `JET_errColumnNotFound` when `table` lacks it.
fn segment_column<'a>(
    table: &'a TableDef,
    index: &IndexDef,
    column_id: u32,
) -> Result<&'a ColumnDef> {
    table.column_by_id(column_id).ok_or_else(|| {
        Error::with(
            ErrorCode::ColumnNotFound,
            format!("index {} names missing column {column_id}", index.name),
        )
    })
}

/// How segment `col` (descending or not) of `index` is normalized.
pub(crate) fn segment_spec(index: &IndexDef, col: &ColumnDef, descending: bool) -> SegmentSpec {
    SegmentSpec {
        coltype: col.coltype,
        code_page: col.code_page,
        descending,
        fixed_column: col.is_fixed(),
        sort_nulls_high: index.flags & index_flags::SORT_NULLS_HIGH != 0,
        dotnet_guid: index.flags & index_flags::DOT_NET_GUID != 0,
    }
}

/// The key size limits of `index`.
pub(crate) fn index_limits(index: &IndexDef) -> KeyLimits {
    let key_most = index.key_most_bytes();
    KeyLimits {
        key_most,
        var_seg_mac: match index.var_seg_mac as usize {
            0 => key_most,
            n => n.min(key_most),
        },
    }
}

/// `ErrRECIRetrieveKey` for the values selected by `itags`.
fn retrieve(
    segments: &[Segment<'_>],
    itags: &[usize],
    limits: KeyLimits,
    nested: bool,
    truncated: &mut bool,
    disallow_truncation: bool,
) -> Result<Retrieved> {
    retrieve_with(
        segments,
        itags,
        None,
        limits,
        nested,
        truncated,
        disallow_truncation,
    )
}

/// [`retrieve`] with the first segment's value given (a tuple index's substring).
fn retrieve_with(
    segments: &[Segment<'_>],
    itags: &[usize],
    first: Option<&[u8]>,
    limits: KeyLimits,
    nested: bool,
    truncated: &mut bool,
    disallow_truncation: bool,
) -> Result<Retrieved> {
    let mut parts: SmallVec<[_; 4]> = SmallVec::with_capacity(segments.len());
    let mut all_mv_out = true;
    for (i, (seg, &itag)) in segments.iter().zip(itags).enumerate() {
        let value = match (i, first) {
            (0, Some(f)) => Some(f),
            _ => seg.values.get(itag - 1).map(|v| &**v),
        };
        if seg.tagged {
            all_mv_out = all_mv_out && itag > 1 && value.is_none();
        }
        if itag > 1 && value.is_none() && !nested {
            return Ok(Retrieved::OutOfKeys(i));
        }
        parts.push((seg.spec, value));
    }
    if nested && all_mv_out {
        return Ok(Retrieved::OutOfKeys(0));
    }
    let key = make_key_with(&parts, limits)?;
    if key.truncated {
        if disallow_truncation {
            return Err(Error::with(
                ErrorCode::KeyTruncated,
                "the key does not fit the index's key size",
            ));
        }
        *truncated = true;
    }
    let nulls = if key.all_null {
        Nulls::All
    } else if key.first_null {
        Nulls::First
    } else if key.any_null {
        Nulls::Some
    } else {
        Nulls::None
    };
    Ok(Retrieved::Key(key.bytes, nulls))
}

/// `ErrRECIEnumerateKeys` over `KeySequence`.
fn enumerate(
    index: &IndexDef,
    segments: &[Segment<'_>],
    limits: KeyLimits,
    nested: bool,
) -> Result<IndexKeys> {
    let has_multi = segments.iter().any(|s| s.multi);
    let multi_most = segments.iter().rposition(|s| s.multi);
    let disallow_truncation = index.flags & IDB_DISALLOW_TRUNCATION != 0;
    // At most `SEGMENTS_MOST` segments (checked by `index_keys`): no allocation.
    let mut itags_all = [1usize; SEGMENTS_MOST];
    let itags = &mut itags_all[..segments.len()];
    let mut out = IndexKeys::default();
    loop {
        let rollover = match retrieve(
            segments,
            itags,
            limits,
            nested,
            &mut out.truncated,
            disallow_truncation,
        )? {
            Retrieved::OutOfKeys(i) => Some(i),
            Retrieved::Key(key, nulls) => {
                let (insert, done) = null_rule(index, segments, itags, &nulls)?;
                if insert && !out.keys.contains(&key) {
                    out.keys.push(key);
                }
                if done || !has_multi {
                    return Ok(out);
                }
                None
            }
        };
        if !advance(segments, itags, rollover, multi_most, nested) {
            return Ok(out);
        }
    }
}

/// What `index`'s NULL rules make of a key with `nulls` (`ErrRECIEnumerateKeys`):
/// whether it is an entry, and whether the enumeration ends after it. An index that
/// disallows NULL segments refuses it with `JET_errNullKeyDisallowed`, naming the
/// column of the first NULL segment of the values `itags` select.
#[inline]
fn null_rule(
    index: &IndexDef,
    segments: &[Segment<'_>],
    itags: &[usize],
    nulls: &Nulls,
) -> Result<(bool, bool)> {
    if index.flags & index_flags::NO_NULL_SEG != 0 && *nulls != Nulls::None {
        let seg = segments
            .iter()
            .zip(itags.iter())
            .find(|(s, &t)| s.values.get(t - 1).is_none())
            .map(|(s, _)| s.col);
        return Err(match seg {
            Some(col) => column_error(
                ErrorCode::NullKeyDisallowed,
                col,
                format!("index {} disallows NULL segments", index.name),
            ),
            None => Error::new(ErrorCode::NullKeyDisallowed),
        });
    }
    let allow = |f: u32| index.flags & f != 0;
    Ok(match nulls {
        Nulls::None => (true, false),
        Nulls::All => (allow(index_flags::ALLOW_ALL_NULLS), true),
        Nulls::First => {
            let a = allow(index_flags::ALLOW_FIRST_NULL);
            (a, !a)
        }
        Nulls::Some => {
            let a = allow(index_flags::ALLOW_SOME_NULLS);
            (a, !a)
        }
    })
}

/// `KeySequence::Increment`: moves to the next combination of multi-value sequence numbers;
/// false when there is none.
fn advance(
    segments: &[Segment<'_>],
    itags: &mut [usize],
    rollover: Option<usize>,
    multi_most: Option<usize>,
    nested: bool,
) -> bool {
    let Some(most) = multi_most else {
        return false;
    };
    match rollover {
        None if nested => {
            for (seg, t) in segments.iter().zip(itags.iter_mut()) {
                if seg.multi {
                    *t += 1;
                }
            }
        }
        None => itags[most] += 1,
        Some(0) => return false,
        Some(i) => {
            let Some(j) = (0..i).rev().find(|&j| segments[j].multi) else {
                return false;
            };
            itags[j] += 1;
            for t in itags.iter_mut().take(most + 1).skip(i) {
                *t = 1;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::KeySegment;
    use crate::format::coltype::ColumnType;
    use crate::record::Cell;
    use proptest::prelude::*;

    fn column(id: u32, coltype: ColumnType, flags: u32, max_length: u32) -> ColumnDef {
        ColumnDef {
            id,
            name: format!("c{id}"),
            coltype,
            coltype_raw: coltype.as_u32(),
            flags,
            code_page: if coltype.is_text() { 1252 } else { 0 },
            max_length,
            record_offset: if id < 128 { 4 } else { 0 },
            default_value: None,
        }
    }

    /// Fixed Long (1), fixed 16-byte Binary (2), Text of at most 40 (128), Binary (129), a
    /// tagged Long with a default (256), a multi-valued tagged Long (257).
    fn table() -> TableDef {
        let mut with_default = column(256, ColumnType::Long, column_flags::DEFAULT, 4);
        with_default.default_value = Some(7i32.to_le_bytes().to_vec());
        TableDef {
            name: "t".into(),
            objid: 0,
            root: 0,
            flags: 0,
            template_table: None,
            columns: vec![
                column(1, ColumnType::Long, 0, 4),
                column(2, ColumnType::Binary, 0, 16),
                column(128, ColumnType::Text, 0, 40),
                column(129, ColumnType::Binary, 0, 255),
                with_default,
                column(257, ColumnType::Long, column_flags::MULTI_VALUED, 4),
            ],
            indexes: Vec::new(),
            lv_root: None,
            lv_objid: None,
            lv_chunk_max: 0,
            density: 80,
            pages: 0,
        }
    }

    const COLUMNS: [u32; 6] = [1, 2, 128, 129, 256, 257];

    /// An index over `segments` (column id, descending) with `flags` and a key size of
    /// `key_most` (0: the default).
    fn index(segments: &[(u32, bool)], flags: u32, key_most: u32) -> IndexDef {
        IndexDef {
            name: "ix".into(),
            objid: 0,
            root: 0,
            flags: flags | index_flags::EXTENDED_COLUMNS,
            segments: segments
                .iter()
                .map(|&(column_id, descending)| KeySegment {
                    column_id,
                    descending,
                })
                .collect(),
            lcmap_flags: 0,
            lcid: 0,
            locale_name: None,
            key_most,
            var_seg_mac: 0,
            sort_version: None,
            conditions: Vec::new(),
            tuples: false,
            tuple_limits: None,
            density: 80,
        }
    }

    /// A value of column `id` made from `n` and `len`, or its absence or NULL.
    fn value(id: u32, choice: u8, n: i32, len: usize) -> Option<RowValue> {
        let cell = |v: Vec<u8>| RowValue::One(Cell::Raw(v));
        match choice % 4 {
            0 => None,
            1 => Some(RowValue::Null),
            _ => Some(match id {
                1 | 256 => cell(n.to_le_bytes().to_vec()),
                2 => cell(vec![n as u8; 16]),
                128 | 129 => cell((0..len).map(|i| b'a' + (i as u8 + n as u8) % 26).collect()),
                _ => RowValue::Many(
                    (0..len % 4 + 1)
                        .map(|i| Cell::Raw((n + i as i32 % 2).to_le_bytes().to_vec()))
                        .collect(),
                ),
            }),
        }
    }

    proptest! {
        /// The one-key way gives what the enumeration gives: the same keys, the same
        /// truncation, the same error.
        #[test]
        fn a_single_key_is_the_enumerated_one(
            segments in proptest::collection::vec((0usize..6, any::<bool>()), 1..4),
            flags in 0u32..0x10000,
            key_most in prop_oneof![Just(0u32), 4u32..40],
            values in proptest::collection::vec((any::<u8>(), any::<i32>(), 0usize..60), 6),
        ) {
            let table = table();
            let segments: Vec<(u32, bool)> =
                segments.iter().map(|&(c, descending)| (COLUMNS[c], descending)).collect();
            let index = index(&segments, flags & !IDB_NESTED_TABLE, key_most);
            let mut row = Row::new();
            for (&id, &(choice, n, len)) in COLUMNS.iter().zip(&values) {
                if let Some(v) = value(id, choice, n, len) {
                    row.set(id, v);
                }
            }
            let fast = index_keys(&table, &index, &row);
            let enumerated = enumerated_keys(&table, &index, &row);
            match (fast, enumerated) {
                (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
                (Err(a), Err(b)) => prop_assert_eq!(a.code(), b.code()),
                (a, b) => prop_assert!(false, "one way {a:?}, the other {b:?}"),
            }
        }
    }

    #[test]
    fn a_record_with_one_value_per_segment_takes_the_one_key_way() {
        let table = table();
        let index = index(&[(2, false)], 0, 0);
        let mut row = Row::new();
        row.set(2, RowValue::One(Cell::Raw(vec![9; 16])));
        let one = single_key(&table, &index, &row).unwrap().expect("one key");
        let mut want = vec![0x7F];
        want.extend_from_slice(&[9; 16]);
        assert_eq!(one.keys, vec![want]);
        // NULL: the enumeration's way, which applies the NULL rules.
        row.set(2, RowValue::Null);
        assert!(single_key(&table, &index, &row).unwrap().is_none());
    }
}
