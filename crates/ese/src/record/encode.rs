//! [`encode_insert`]: the record ESE writes when a row is inserted, with the long values it
//! separates into the long-value tree.
//!
//! The record is built the way ESE builds its copy buffer for an insert, with the row's columns
//! set in column-id order:
//! 1. The buffer starts as the fixed and variable part of the table's default record: every
//!    fixed or variable column with a default is in the record with its default value, the
//!    columns between them NULL (`ErrIsamPrepareUpdate`, `ErrFILERebuildDefaultRec`). Tagged
//!    defaults are not copied; readers apply them.
//! 2. Fixed columns: setting one past the last fixed column in the record extends the record to
//!    it, NULL included; a NULL column's bytes are `*` (`chRECFill`). Variable columns likewise,
//!    and a value longer than the column's size is cut to it with `JET_wrnColumnMaxTruncated`.
//! 3. Tagged columns: NULL is stored only for a column with a default; other values as the
//!    tagged-area rules say (see `tagged`). A long value longer than the table's preferred
//!    intrinsic size (1023 bytes unless the table's `SeparateLV` says otherwise, never below a
//!    LID nor above what a record can hold) goes to the long-value tree; a shorter one stays in
//!    the record, compressed when the column asks for it (see `lv`). When a value does not fit
//!    (`JET_errRecordTooBig`), a long value longer than half a page is separated instead; if
//!    that is not enough, ESE halves a threshold from half a page (down to a 64th, then a LID's
//!    size) and separates every long value in the record stored with more bytes than the
//!    threshold, retrying after each step (`ErrFLDSetOneColumn`, `ErrRECSetLongField`,
//!    `TAGFIELDS::ErrAffectLongValuesInWorkBuf`).
//! 4. At the end, NOT NULL columns without a default must have a value (`JET_errNullInvalid`),
//!    the autoincrement column included (`JET_errAutoIncrementNotSet`); a version column left
//!    unset is 0.
//!
//! What must hold: the record never exceeds `REC::CbRecordMost` for the table's primary key
//! size; LIDs are asked of the caller only once the record is known to fit, in the order ESE
//! would allocate them (the order values are separated in).

use super::limits::{lv_chunk_size, record_size_most, table_key_most, LV_INTRINSIC_MOST_DEFAULT};
use super::lv::{compress_value, LongValueWrite};
use super::row::{
    cell_bytes, cell_bytes_cow, check_tagged_bytes, column_error, fixed_bytes, fixed_size,
    truncated, Row, RowValue,
};
use super::tagged::{field_size, write_area, Stored, TaggedColumn};
use crate::catalog::{column_flags, ColumnDef, TableDef};
use crate::format::compress::decompress;
use crate::format::lv::Lid;
use crate::format::record::{RecordBuilder, SMALL_PAGE_MAX};
use crate::{Error, ErrorCode, Result, Warning};
use std::borrow::Cow;

/// `JET_cbColumnMost`: the size of Text and Binary columns whose catalog size is 0.
const CB_COLUMN_MOST: usize = 255;
/// `JET_cbLVColumnMost`: the longest long value.
const CB_LV_COLUMN_MOST: usize = 0x7FFF_FFFF;

/// How a table's records are encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EncodeOptions {
    /// The database's page size (4, 8, 16 or 32 KiB).
    pub page_size: usize,
    /// The table's `SeparateLV` catalog value: the longest long value kept in the record
    /// (`JET_SPACEHINTS`' `cbSeparateLV`); 0 for ESE's default of 1023 bytes.
    pub separate_lv: u32,
    /// Records hold 8-byte LIDs (`JET_efvLid64`). The format this engine writes uses 4-byte ones.
    pub lid64: bool,
}

impl EncodeOptions {
    /// Options for pages of `page_size` bytes, ESE's default separation threshold and 4-byte
    /// LIDs.
    pub fn new(page_size: usize) -> EncodeOptions {
        EncodeOptions {
            page_size,
            separate_lv: 0,
            lid64: false,
        }
    }

    fn lid_size(&self) -> usize {
        if self.lid64 {
            8
        } else {
            4
        }
    }
}

/// A warning about one column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ColumnWarning {
    /// The column.
    pub column_id: u32,
    /// What happened (`JET_wrnColumnMaxTruncated` for a variable value cut to the column size).
    pub warning: Warning,
}

/// A record ready to insert.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodedRecord {
    /// The record bytes (the data of the clustered index's leaf node).
    pub data: Vec<u8>,
    /// The separated long values with the LIDs the caller gave them, in allocation order.
    pub long_values: Vec<(Lid, LongValueWrite)>,
    /// Warnings, in column order.
    pub warnings: Vec<ColumnWarning>,
}

/// A long value chosen for the long-value tree.
struct Pending {
    column_id: u32,
    sequence: u32,
    logical: Vec<u8>,
    compress: bool,
}

/// The record being built.
struct Builder<'t> {
    table: &'t TableDef,
    opts: EncodeOptions,
    large_page: bool,
    record_most: usize,
    preferred_intrinsic: usize,
    /// Bytes of the record: fixed and variable part plus every tagged column so far.
    size: usize,
    tagged: Vec<TaggedColumn>,
    pending: Vec<Pending>,
}

/// Encodes `row` as the record ESE would insert into `table`, asking `alloc_lid` for the LID of
/// each long value that goes to the long-value tree (called in ESE's allocation order, only
/// once the record is known to fit; it must return a LID of the kind `opts.lid64` says).
///
/// The row must hold the autoincrement column's value (see [`Row::set_autoincrement`]), as
/// `JET_prepInsertMustSetAutoIncrement` callers do; the version column is 0 unless the row sets
/// it. Errors, with ESE's codes: `JET_errColumnNotFound` for a column the table lacks,
/// `JET_errNullInvalid` for a NOT NULL column left NULL, `JET_errAutoIncrementNotSet`,
/// `JET_errInvalidBufferSize` for a fixed-size value of the wrong size, `JET_errColumnTooBig`
/// for a tagged or long value over the column's maximum, `JET_errColumnDoesNotFit` for a tagged
/// value larger than any record, `JET_errMultiValuedColumnMustBeTagged` for several values in a
/// fixed or variable column, `JET_errRecordTooBig` when nothing more can be separated,
/// `JET_errFeatureNotAvailable` for encrypted columns.
pub fn encode_insert(
    table: &TableDef,
    row: &Row,
    opts: &EncodeOptions,
    alloc_lid: &mut dyn FnMut(&LongValueWrite) -> Result<Lid>,
) -> Result<EncodedRecord> {
    for (id, value) in row.iter() {
        let col = column(table, id).ok_or_else(|| {
            Error::with(
                ErrorCode::ColumnNotFound,
                format!("table {} has no column {id}", table.name),
            )
        })?;
        if !col.is_tagged() && matches!(value, RowValue::Many(v) if v.len() > 1) {
            return Err(column_error(
                ErrorCode::MultiValuedColumnMustBeTagged,
                col,
                "several values for a fixed or variable column",
            ));
        }
        if col.flags & column_flags::ENCRYPTED != 0 {
            return Err(column_error(
                ErrorCode::FeatureNotAvailable,
                col,
                "encrypted columns cannot be written",
            ));
        }
    }
    let mut warnings = Vec::new();
    let base = fixed_and_variable(table, row, opts, &mut warnings)?;
    let record_most = record_size_most(opts.page_size, table_key_most(table))?;
    if base.len() > record_most {
        return Err(Error::with(
            ErrorCode::RecordTooBig,
            format!(
                "fixed and variable columns take {} bytes, at most {record_most} fit",
                base.len()
            ),
        ));
    }
    let intrinsic_most = record_most.saturating_sub(9);
    let preferred = match opts.separate_lv as usize {
        0 => LV_INTRINSIC_MOST_DEFAULT,
        n => n,
    };
    let mut b = Builder {
        table,
        opts: *opts,
        large_page: opts.page_size > SMALL_PAGE_MAX,
        record_most,
        preferred_intrinsic: preferred.min(intrinsic_most).max(opts.lid_size()),
        size: base.len(),
        tagged: Vec::new(),
        pending: Vec::new(),
    };
    let set = |col: &ColumnDef| match row.get(col.id) {
        Some(v) => b.set_tagged(col, v),
        None => check_unset_not_null(col),
    };
    if table.is_derived() {
        // A derived table's records list the template's tagged columns first.
        let mut tagged: Vec<&ColumnDef> = table.columns.iter().filter(|c| c.is_tagged()).collect();
        tagged.sort_by_key(|c| table.tagged_order(c));
        tagged.into_iter().try_for_each(set)?;
    } else {
        table
            .columns
            .iter()
            .filter(|c| c.is_tagged())
            .try_for_each(set)?;
    }
    b.finish(base, warnings, alloc_lid)
}

/// Column `id` of `table`, by binary search when the columns are in id order (as the catalog
/// reader and `schema` give them), which matters for tables of many thousand columns.
fn column(table: &TableDef, id: u32) -> Option<&ColumnDef> {
    match table.columns.binary_search_by_key(&id, |c| c.id) {
        Ok(i) => Some(&table.columns[i]),
        Err(_) => table.column_by_id(id),
    }
}

/// A NOT NULL column the row leaves unset needs a default.
fn check_unset_not_null(col: &ColumnDef) -> Result<()> {
    if col.flags & column_flags::AUTOINCREMENT != 0 {
        return Err(column_error(
            ErrorCode::AutoIncrementNotSet,
            col,
            "the autoincrement value must be set",
        ));
    }
    if col.flags & column_flags::NOT_NULL != 0 && !has_default(col) {
        return Err(column_error(
            ErrorCode::NullInvalid,
            col,
            "NOT NULL column not set",
        ));
    }
    Ok(())
}

fn has_default(col: &ColumnDef) -> bool {
    col.flags & column_flags::DEFAULT != 0 && col.default_value.is_some()
}

fn null_invalid(col: &ColumnDef) -> Error {
    if col.flags & column_flags::AUTOINCREMENT != 0 {
        column_error(ErrorCode::AutoIncrementNotSet, col, "set to NULL")
    } else {
        column_error(ErrorCode::NullInvalid, col, "NOT NULL column set to NULL")
    }
}

/// A fixed or variable column's place in the record: `None` when the record does not reach it,
/// `Some(None)` NULL, `Some(Some(bytes))` a value (borrowed from the row or the column's
/// default where those are the stored bytes).
type Slot<'a> = Option<Option<Cow<'a, [u8]>>>;

/// The fixed or variable column value the row gives, or its default, or nothing.
fn plain_slot<'a>(
    col: &'a ColumnDef,
    row: &'a Row,
    warnings: &mut Vec<ColumnWarning>,
) -> Result<Slot<'a>> {
    let given = match row.get(col.id) {
        Some(v) => v.cells().first(),
        None if col.flags & column_flags::VERSION != 0 => {
            return Ok(Some(Some(Cow::Owned(0i32.to_le_bytes().to_vec()))))
        }
        None => {
            check_unset_not_null(col)?;
            return match (&col.default_value, has_default(col)) {
                (Some(d), true) => plain_bytes(col, Cow::Borrowed(d), warnings).map(Some),
                _ => Ok(None),
            };
        }
    };
    let bytes = match given {
        Some(cell) => plain_bytes(col, cell_bytes_cow(col, cell)?, warnings)?,
        None => None,
    };
    if bytes.is_none() && col.flags & (column_flags::NOT_NULL | column_flags::AUTOINCREMENT) != 0 {
        return Err(null_invalid(col));
    }
    Ok(Some(bytes))
}

/// The stored bytes of a fixed or variable value (`None`: NULL).
fn plain_bytes<'a>(
    col: &ColumnDef,
    bytes: Cow<'a, [u8]>,
    warnings: &mut Vec<ColumnWarning>,
) -> Result<Option<Cow<'a, [u8]>>> {
    if col.is_fixed() {
        return fixed_bytes(col, bytes);
    }
    let most = match col.max_length as usize {
        0 => CB_COLUMN_MOST,
        n => n.min(CB_COLUMN_MOST),
    };
    if bytes.len() > most {
        warnings.push(ColumnWarning {
            column_id: col.id,
            warning: Warning::ColumnMaxTruncated,
        });
        return Ok(Some(truncated(bytes, most)));
    }
    Ok(Some(bytes))
}

/// The record's fixed and variable part: header, fixed columns with their NULL bitmap, variable
/// offsets and data.
fn fixed_and_variable(
    table: &TableDef,
    row: &Row,
    opts: &EncodeOptions,
    warnings: &mut Vec<ColumnWarning>,
) -> Result<Vec<u8>> {
    // Fixed columns first, then variable ones, each in id order; a table's few
    // fixed and variable columns are kept without an allocation.
    let mut slots: smallvec::SmallVec<[(bool, &ColumnDef, Slot<'_>); 8]> =
        smallvec::SmallVec::with_capacity(table.columns.len());
    for col in table.columns.iter().filter(|c| !c.is_tagged()) {
        slots.push((!col.is_fixed(), col, plain_slot(col, row, warnings)?));
    }
    slots.sort_by_key(|(variable, c, _)| (*variable, c.fid()));
    let split = slots.partition_point(|(variable, _, _)| !variable);
    let (fixed, variable) = slots.split_at(split);
    // the record reaches the last column, by id, that it holds
    let last_fixed = fixed.iter().rposition(|(_, _, s)| s.is_some());
    let last_var = variable.iter().rposition(|(_, _, s)| s.is_some());
    let mut b = RecordBuilder::new(opts.page_size > SMALL_PAGE_MAX);
    for (_, col, slot) in fixed.iter().take(last_fixed.map_or(0, |i| i + 1)) {
        let value = slot.as_ref().and_then(|v| v.as_deref());
        b.fixed(
            col.fid(),
            usize::from(col.record_offset),
            fixed_size(col),
            value,
        );
    }
    for (_, col, slot) in variable.iter().take(last_var.map_or(0, |i| i + 1)) {
        b.variable(col.fid(), slot.as_ref().and_then(|v| v.as_deref()));
    }
    b.build()
}

impl Builder<'_> {
    fn lid_size(&self) -> usize {
        self.opts.lid_size()
    }

    /// Sets tagged column `col` to `value`, one value after the other as ESE would.
    fn set_tagged(&mut self, col: &ColumnDef, value: &RowValue) -> Result<()> {
        let cells = value.cells();
        if cells.is_empty() {
            if col.flags & column_flags::NOT_NULL != 0 {
                return Err(null_invalid(col));
            }
            if has_default(col) {
                let grow = field_size(0, 0, col.coltype.is_long(), self.large_page);
                self.retry(col, |s, _| Ok(s.fits(grow)))?;
                self.tagged.push(TaggedColumn {
                    column_id: self.table.tagged_record_id(col),
                    long_value: col.coltype.is_long(),
                    values: Vec::new(),
                });
                self.size += grow;
            }
            return Ok(());
        }
        for (k, cell) in cells.iter().enumerate() {
            let bytes = cell_bytes(col, cell)?;
            check_tagged_bytes(col, &bytes)?;
            if col.coltype.is_long() {
                self.set_long_value(col, k, bytes)?;
            } else {
                if bytes.len() > self.record_most.saturating_sub(9) {
                    return Err(column_error(
                        ErrorCode::ColumnDoesNotFit,
                        col,
                        format!("{} bytes cannot fit in a record", bytes.len()),
                    ));
                }
                let stored = Stored::Intrinsic {
                    bytes,
                    compressed: false,
                };
                self.retry(col, |s, _| Ok(s.try_push(col, &stored)))?;
            }
        }
        Ok(())
    }

    /// How many bytes adding `stored` as the next value of `col` adds to the record.
    fn growth(&self, col: &ColumnDef, stored: &Stored) -> usize {
        match self.tagged.last() {
            Some(last) if last.column_id == self.table.tagged_record_id(col) => {
                last.size_with(stored.len(), self.large_page) - last.size(self.large_page)
            }
            _ => field_size(1, stored.len(), col.coltype.is_long(), self.large_page),
        }
    }

    fn fits(&self, grow: usize) -> bool {
        self.size + grow <= self.record_most
    }

    fn push(&mut self, col: &ColumnDef, stored: Stored) {
        let grow = self.growth(col, &stored);
        self.size += grow;
        let id = self.table.tagged_record_id(col);
        match self.tagged.last_mut() {
            Some(last) if last.column_id == id => last.values.push(stored),
            _ => self.tagged.push(TaggedColumn {
                column_id: id,
                long_value: col.coltype.is_long(),
                values: vec![stored],
            }),
        }
    }

    /// Runs `attempt` (which reports whether the value went in) the way ESE retries a set that
    /// fails with `JET_errRecordTooBig` (`ErrFLDSetOneColumn`): first with a separation
    /// threshold of half a page, then, while it fails, halving the threshold (a 64th of a page
    /// is followed by a LID's size), separating every long value stored with more bytes and
    /// trying again. Fails with `JET_errRecordTooBig` once the threshold is a LID's size.
    fn retry(
        &mut self,
        col: &ColumnDef,
        mut attempt: impl FnMut(&mut Self, usize) -> Result<bool>,
    ) -> Result<()> {
        let page = self.opts.page_size;
        let mut threshold = page;
        let mut done = attempt(self, threshold / 2)?;
        while !done && threshold > self.lid_size() {
            threshold /= 2;
            if threshold < page / 64 {
                threshold = self.lid_size();
            }
            self.separate_all(col, threshold)?;
            done = attempt(self, threshold)?;
        }
        if done {
            Ok(())
        } else {
            Err(column_error(
                ErrorCode::RecordTooBig,
                col,
                format!(
                    "the record cannot hold it within {} bytes",
                    self.record_most
                ),
            ))
        }
    }

    /// Adds `stored` as the next value of `col` if it fits.
    fn try_push(&mut self, col: &ColumnDef, stored: &Stored) -> bool {
        let fits = self.fits(self.growth(col, stored));
        if fits {
            self.push(col, stored.clone());
        }
        fits
    }

    /// Sets value `k` of long-value column `col` (`ErrRECSetLongField`, retried as
    /// [`Self::retry`] says). A value over the preferred intrinsic size is separated; a shorter
    /// one stays in the record, compressed when the column asks for it and this is the column's
    /// first value, unless it does not fit and is longer than the current threshold.
    fn set_long_value(&mut self, col: &ColumnDef, k: usize, bytes: Vec<u8>) -> Result<()> {
        if bytes.len() > CB_LV_COLUMN_MOST {
            return Err(column_error(
                ErrorCode::ColumnTooBig,
                col,
                format!("{} bytes", bytes.len()),
            ));
        }
        let compress = col.flags & column_flags::COMPRESSED != 0;
        let separate = bytes.len() > self.preferred_intrinsic;
        let intrinsic = if separate {
            None
        } else if compress && k == 0 {
            // ESE keeps a compressed value only if it is at least a LID long.
            let packed =
                compress_value(&bytes, self.opts.page_size).filter(|c| c.len() >= self.lid_size());
            Some(match packed {
                Some(c) => Stored::Intrinsic {
                    bytes: c,
                    compressed: true,
                },
                None => Stored::Intrinsic {
                    bytes: bytes.clone(),
                    compressed: false,
                },
            })
        } else {
            Some(Stored::Intrinsic {
                bytes: bytes.clone(),
                compressed: false,
            })
        };
        self.retry(col, |s, threshold| {
            if let Some(stored) = &intrinsic {
                if s.try_push(col, stored) {
                    return Ok(true);
                }
                if bytes.len() <= threshold {
                    return Ok(false);
                }
            }
            let stored = Stored::Separated {
                index: s.pending.len(),
                lid_size: s.lid_size(),
            };
            if !s.try_push(col, &stored) {
                return Ok(false);
            }
            s.pending.push(Pending {
                column_id: col.id,
                // k < the number of values given, which is far below u32::MAX
                sequence: k as u32 + 1,
                logical: bytes.clone(),
                compress,
            });
            Ok(true)
        })
    }

    /// Separates every long value in the record stored with more than `threshold` bytes
    /// (`lvaffectSeparateAll`). The chunks of a separated value are compressed when its field's
    /// header says compressed (for multi-values: the first value's flag, cleared once that
    /// value is separated), as ESE does.
    fn separate_all(&mut self, col: &ColumnDef, threshold: usize) -> Result<()> {
        let lid_size = self.lid_size();
        for t in self.tagged.iter_mut().filter(|t| t.long_value) {
            let mut header_compressed = matches!(
                t.values.first(),
                Some(Stored::Intrinsic {
                    compressed: true,
                    ..
                })
            );
            for (i, v) in t.values.iter_mut().enumerate() {
                let Stored::Intrinsic { bytes, compressed } = v else {
                    continue;
                };
                if bytes.len() <= threshold {
                    continue;
                }
                let shrink = bytes.len() - lid_size;
                let logical = if *compressed {
                    decompress(bytes).map_err(|e| {
                        column_error(
                            ErrorCode::InternalError,
                            col,
                            format!("own compression: {e}"),
                        )
                    })?
                } else {
                    std::mem::take(bytes)
                };
                self.pending.push(Pending {
                    column_id: t.column_id,
                    // i < values of one column
                    sequence: i as u32 + 1,
                    logical,
                    compress: header_compressed,
                });
                if i == 0 {
                    header_compressed = false;
                }
                *v = Stored::Separated {
                    index: self.pending.len() - 1,
                    lid_size,
                };
                self.size -= shrink;
            }
        }
        Ok(())
    }

    /// Asks for the LIDs, builds the long values and lays out the record.
    fn finish(
        self,
        base: Vec<u8>,
        warnings: Vec<ColumnWarning>,
        alloc_lid: &mut dyn FnMut(&LongValueWrite) -> Result<Lid>,
    ) -> Result<EncodedRecord> {
        let chunk_size = lv_chunk_size(self.table, self.opts.page_size)?;
        let mut long_values = Vec::with_capacity(self.pending.len());
        let mut lids = Vec::with_capacity(self.pending.len());
        for p in &self.pending {
            let lv = LongValueWrite::new(
                p.column_id,
                p.sequence,
                &p.logical,
                chunk_size,
                p.compress,
                self.opts.page_size,
            );
            let lid = alloc_lid(&lv)?;
            if lid.is_lid64() != self.opts.lid64 {
                return Err(Error::with(
                    ErrorCode::InvalidParameter,
                    format!("LID {lid:?} does not have {} bytes", self.lid_size()),
                ));
            }
            lids.push(lid.to_record_bytes());
            long_values.push((lid, lv));
        }
        let mut data = base;
        // No tagged column: an empty tagged area, nothing to lay out.
        if !self.tagged.is_empty() {
            data.extend(write_area(&self.tagged, self.large_page, &lids)?);
        }
        debug_assert_eq!(data.len(), self.size);
        Ok(EncodedRecord {
            data,
            long_values,
            warnings,
        })
    }
}
