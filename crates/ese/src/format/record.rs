//! Records: the data of a table's clustered-index leaf node, as ESE lays it out (`REC`,
//! `TAGFIELDS`, `TAGFLD`, `TAGFLD_HEADER`, `TWOVALUES`, `MULTIVALUES` in Microsoft's `rec.hxx`,
//! `tagfld.hxx` and `tagfld.cxx`).
//!
//! ```text
//! 0  u8   last fixed column id present (0 = none)
//! 1  u8   last variable column id present (127 = none)
//! 2  u16  offset of the end of the fixed data (the fixed null bitmap ends there)
//! 4  ..   fixed values, each at the RecordOffset the catalog gives its column
//!    ..   null bitmap: one bit per fixed column 1..=last, bit set = NULL
//!    u16  end offset of each variable column, relative to the start of the variable data;
//!         0x8000 = NULL
//!    ..   variable data
//!    ..   tagged area: array of (column id u16, offset u16), sorted, then the tagged data
//! ```
//!
//! Column ids: 1..=127 fixed, 128..=255 variable, 256..=65535 tagged. A column whose id lies past
//! the last id the record holds is not in the record: its catalog default applies (reported as
//! [`Field::NotInRecord`]), which differs from an explicit NULL.
//!
//! Tagged offsets: on small pages (≤ 8 KiB) an offset has 13 bits, 0x4000 marks a header byte
//! before the data and 0x2000 marks an explicit NULL (no data, no header). On large pages the
//! offset has 15 bits and every value starts with a header byte, which carries the NULL flag
//! (0x20). On both, 0x8000 marks a column derived from a template table; such entries sort first.
//!
//! What must hold: every accessor checks every offset against the record and reports
//! `JET_errDatabaseCorrupted` (or `JET_errBadColumnId` for an impossible column id) instead of
//! panicking; returned slices always lie inside the record.

use crate::{Error, ErrorCode, Result};
use smallvec::SmallVec;
use std::borrow::Cow;

/// Size of the record header.
pub const RECORD_HEADER_SIZE: usize = 4;
/// First fixed column id.
pub const FID_FIXED_LEAST: u32 = 1;
/// Last fixed column id.
pub const FID_FIXED_MOST: u32 = 127;
/// First variable column id.
pub const FID_VAR_LEAST: u32 = 128;
/// Last variable column id.
pub const FID_VAR_MOST: u32 = 255;
/// First tagged column id.
pub const FID_TAGGED_LEAST: u32 = 256;
/// Last tagged column id.
pub const FID_TAGGED_MOST: u32 = 0xFFFF;
/// The `JET_COLUMNID` bit of a template column (`fCOLUMNIDTemplate`). Passing a tagged column id
/// with this bit to [`RawRecord::tagged_field`] looks up the entry flagged as derived.
pub const COLUMNID_TEMPLATE: u32 = 0x8000_0000;
/// Largest page size that uses the small-page record format.
pub const SMALL_PAGE_MAX: usize = 8192;

const TAGFLD_SIZE: usize = 4;
const TAG_DERIVED: u16 = 0x8000;
const TAG_EXTENDED_SMALL: u16 = 0x4000;
const TAG_NULL_SMALL: u16 = 0x2000;
const TAG_IB_MASK_SMALL: u16 = 0x1FFF;
const TAG_IB_MASK_LARGE: u16 = 0x7FFF;
const VAR_NULL: u16 = 0x8000;
const VAR_IB_MASK: u16 = 0x7FFF;
const MV_SEPARATED: u16 = 0x8000;
const MV_IB_MASK: u16 = 0x7FFF;
/// The largest non-long value (`JET_cbColumnMost`).
const CB_COLUMN_MOST: usize = 255;

fn corrupt(what: impl Into<String>) -> Error {
    Error::with(ErrorCode::DatabaseCorrupted, what)
}

fn u16_at(data: &[u8], at: usize) -> Result<u16> {
    data.get(at..at.saturating_add(2))
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .ok_or_else(|| corrupt(format!("record too short for a u16 at {at}")))
}

/// What a record holds for one column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field<'a> {
    /// The record ends before this column: the column's default value applies (NULL if none).
    NotInRecord,
    /// The column is explicitly NULL (this overrides a default).
    Null,
    /// The stored bytes (possibly empty: a zero-length, non-NULL value).
    Data(&'a [u8]),
}

impl<'a> Field<'a> {
    /// The stored bytes, or `None` when the column is NULL or not in the record.
    pub fn data(self) -> Option<&'a [u8]> {
        match self {
            Field::Data(d) => Some(d),
            _ => None,
        }
    }
}

/// The flags of a tagged field: the header byte (`TAGFLD_HEADER`) in the low bits, the small-page
/// NULL bit mapped onto [`TaggedFlags::NULL`], and [`TaggedFlags::DERIVED`] from the offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub struct TaggedFlags(pub u16);

impl TaggedFlags {
    /// The column is a long-value type (LongText, LongBinary).
    pub const LONG_VALUE: u16 = 0x01;
    /// The value (or the first instance of a multi-value) is compressed.
    pub const COMPRESSED: u16 = 0x02;
    /// The value is separated: the data is the LID of a long value in the LV tree.
    pub const SEPARATED: u16 = 0x04;
    /// The data is a multi-value array (`MULTIVALUES`).
    pub const MULTI_VALUED: u16 = 0x08;
    /// The data holds exactly two values (`TWOVALUES`); also has [`Self::MULTI_VALUED`].
    pub const TWO_VALUED: u16 = 0x10;
    /// The column is explicitly NULL.
    pub const NULL: u16 = 0x20;
    /// The long value is encrypted.
    pub const ENCRYPTED: u16 = 0x40;
    /// The column is derived from a template table (bit 0x8000 of the offset).
    pub const DERIVED: u16 = 0x8000;
    /// The header-byte bits ESE defines (`TAGFLD_HEADER::maskFlags`).
    pub const HEADER_MASK: u16 = 0x7F;

    /// True when every bit of `bits` is set.
    pub fn contains(self, bits: u16) -> bool {
        self.0 & bits == bits
    }

    /// The bits as a number.
    pub fn bits(self) -> u16 {
        self.0
    }
}

/// One entry of a record's tagged area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaggedField<'a> {
    /// The field id (256..=65535). A derived entry (of a template column in a derived table)
    /// also has [`TaggedFlags::DERIVED`] set; [`TaggedField::record_id`] gives both.
    pub column_id: u32,
    /// The flags.
    pub flags: TaggedFlags,
    /// The field bytes after the header byte, if any; empty when NULL. For a multi-value this is
    /// the whole array; see [`split_values`].
    pub data: &'a [u8],
    /// Whether the stored field starts with a header byte (always on large pages).
    pub has_header: bool,
}

/// Where a tagged entry of record id `record_id` (see [`TaggedField::record_id`]) sorts in a
/// record, as ESE sorts `TAGFLD`s: derived entries first, each group by field id.
pub fn tagged_entry_order(record_id: u32) -> (bool, u32) {
    (
        record_id & COLUMNID_TEMPLATE == 0,
        record_id & !COLUMNID_TEMPLATE,
    )
}

impl TaggedField<'_> {
    /// True when the column is explicitly NULL.
    pub fn is_null(&self) -> bool {
        self.flags.contains(TaggedFlags::NULL)
    }

    /// The entry's id as [`RawRecord::tagged_field`] finds it: the field id, with
    /// [`COLUMNID_TEMPLATE`] for a derived entry.
    pub fn record_id(&self) -> u32 {
        if self.flags.contains(TaggedFlags::DERIVED) {
            self.column_id | COLUMNID_TEMPLATE
        } else {
            self.column_id
        }
    }
}

/// One value (instance) of a tagged field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldValue<'a> {
    /// The data is a LID (4 or 8 bytes) of a long value; see `format::lv`.
    pub separated: bool,
    /// The data is compressed (first byte = scheme << 3); see `format::compress`.
    pub compressed: bool,
    /// The data is encrypted (long values of encrypted columns only).
    pub encrypted: bool,
    /// The stored bytes.
    pub data: &'a [u8],
}

/// A decoded view of one record; the layout checks are done once in [`RawRecord::decode`].
#[derive(Clone, Copy, Debug)]
pub struct RawRecord<'a> {
    data: &'a [u8],
    large_page: bool,
    last_fixed: u8,
    last_var: u8,
    end_fixed: usize,
    var_data_start: usize,
    tagged_start: usize,
    tagged_count: usize,
}

impl<'a> RawRecord<'a> {
    /// Checks the header, the variable offset table and the start of the tagged area.
    /// `large_page` is true for pages over 8 KiB (see [`SMALL_PAGE_MAX`]).
    pub fn decode(data: &'a [u8], large_page: bool) -> Result<RawRecord<'a>> {
        if data.len() < RECORD_HEADER_SIZE {
            return Err(corrupt(format!("record of {} bytes", data.len())));
        }
        let (last_fixed, last_var) = (data[0], data[1]);
        if u32::from(last_fixed) > FID_FIXED_MOST || u32::from(last_var) < FID_VAR_LEAST - 1 {
            return Err(corrupt(format!(
                "record header: last fixed id {last_fixed}, last variable id {last_var}"
            )));
        }
        let end_fixed = usize::from(u16_at(data, 2)?);
        let bitmap_len = usize::from(last_fixed).div_ceil(8);
        if end_fixed < RECORD_HEADER_SIZE + bitmap_len || end_fixed > data.len() {
            return Err(corrupt(format!(
                "end of fixed data {end_fixed} outside record of {} bytes",
                data.len()
            )));
        }
        let var_count = usize::from(last_var) + 1 - FID_VAR_LEAST as usize;
        let var_data_start = end_fixed + 2 * var_count;
        if var_data_start > data.len() {
            return Err(corrupt("variable offset table runs past the record"));
        }
        let mut prev_end = 0usize;
        for i in 0..var_count {
            let end = usize::from(u16_at(data, end_fixed + 2 * i)? & VAR_IB_MASK);
            if end < prev_end {
                return Err(corrupt(format!(
                    "variable column {} ends at {end} before its start {prev_end}",
                    FID_VAR_LEAST as usize + i
                )));
            }
            prev_end = end;
        }
        let tagged_start = var_data_start + prev_end;
        if tagged_start > data.len() {
            return Err(corrupt("variable data runs past the record"));
        }
        let mut rec = RawRecord {
            data,
            large_page,
            last_fixed,
            last_var,
            end_fixed,
            var_data_start,
            tagged_start,
            tagged_count: 0,
        };
        let area_len = data.len() - tagged_start;
        if area_len > 0 {
            let first = usize::from(u16_at(data, tagged_start + 2)? & rec.ib_mask());
            if first < TAGFLD_SIZE || first > area_len || first % TAGFLD_SIZE != 0 {
                return Err(corrupt(format!(
                    "first tagged offset {first} in a tagged area of {area_len} bytes"
                )));
            }
            rec.tagged_count = first / TAGFLD_SIZE;
        }
        Ok(rec)
    }

    /// The record bytes.
    pub fn data(&self) -> &'a [u8] {
        self.data
    }

    /// Whether the record uses the large-page tagged format.
    pub fn large_page(&self) -> bool {
        self.large_page
    }

    /// The last fixed column id the record holds (0 = none).
    pub fn last_fixed_id(&self) -> u32 {
        u32::from(self.last_fixed)
    }

    /// The last variable column id the record holds (127 = none).
    pub fn last_variable_id(&self) -> u32 {
        u32::from(self.last_var)
    }

    /// Offset of the end of the fixed data, where the null bitmap ends.
    pub fn end_of_fixed_data(&self) -> usize {
        self.end_fixed
    }

    /// Offset of the tagged area.
    pub fn tagged_area_offset(&self) -> usize {
        self.tagged_start
    }

    fn ib_mask(&self) -> u16 {
        if self.large_page {
            TAG_IB_MASK_LARGE
        } else {
            TAG_IB_MASK_SMALL
        }
    }

    fn bitmap_start(&self) -> usize {
        self.end_fixed - usize::from(self.last_fixed).div_ceil(8)
    }

    /// The fixed column `column_id` (1..=127), whose value the catalog places at `offset` (its
    /// RecordOffset, counted from the start of the record, so ≥ 4) with `size` bytes.
    ///
    /// NULL when the column's bit in the null bitmap is set. The bitmap sits just before the end of
    /// the fixed data and has one bit per fixed column the record holds, so the record alone
    /// locates it; bit (id − 1) % 8 of byte (id − 1) / 8.
    pub fn fixed_field(&self, column_id: u32, offset: usize, size: usize) -> Result<Field<'a>> {
        if !(FID_FIXED_LEAST..=FID_FIXED_MOST).contains(&column_id) {
            return Err(Error::with(
                ErrorCode::BadColumnId,
                format!("{column_id} is not a fixed column id"),
            ));
        }
        if column_id > self.last_fixed_id() {
            return Ok(Field::NotInRecord);
        }
        let index = (column_id - 1) as usize;
        let bitmap = self.bitmap_start();
        // decode() checked bitmap + (last_fixed + 7) / 8 == end_fixed <= len, and index < last_fixed.
        if self.data[bitmap + index / 8] & (1 << (index % 8)) != 0 {
            return Ok(Field::Null);
        }
        match offset.checked_add(size) {
            Some(end) if offset >= RECORD_HEADER_SIZE && end <= bitmap => {
                Ok(Field::Data(&self.data[offset..end]))
            }
            _ => Err(corrupt(format!(
                "fixed column {column_id} at {offset}+{size} outside the fixed data (ends at {bitmap})"
            ))),
        }
    }

    /// The fixed column's bytes, or `None` when NULL or not in the record (see
    /// [`Self::fixed_field`] to tell the two apart).
    pub fn fixed(&self, column_id: u32, offset: usize, size: usize) -> Result<Option<&'a [u8]>> {
        Ok(self.fixed_field(column_id, offset, size)?.data())
    }

    /// The variable column `column_id` (128..=255).
    pub fn variable_field(&self, column_id: u32) -> Result<Field<'a>> {
        if !(FID_VAR_LEAST..=FID_VAR_MOST).contains(&column_id) {
            return Err(Error::with(
                ErrorCode::BadColumnId,
                format!("{column_id} is not a variable column id"),
            ));
        }
        if column_id > self.last_variable_id() {
            return Ok(Field::NotInRecord);
        }
        let index = (column_id - FID_VAR_LEAST) as usize;
        let entry = u16_at(self.data, self.end_fixed + 2 * index)?;
        if entry & VAR_NULL != 0 {
            return Ok(Field::Null);
        }
        let start = match index {
            0 => 0,
            _ => usize::from(u16_at(self.data, self.end_fixed + 2 * (index - 1))? & VAR_IB_MASK),
        };
        let end = usize::from(entry & VAR_IB_MASK);
        // decode() checked that the ends never decrease and that the last one fits.
        self.data
            .get(self.var_data_start + start..self.var_data_start + end)
            .map(Field::Data)
            .ok_or_else(|| corrupt(format!("variable column {column_id} outside the record")))
    }

    /// The variable column's bytes, or `None` when NULL or not in the record.
    pub fn variable(&self, column_id: u32) -> Result<Option<&'a [u8]>> {
        Ok(self.variable_field(column_id)?.data())
    }

    /// Number of entries in the tagged area.
    pub fn tagged_count(&self) -> usize {
        self.tagged_count
    }

    fn tag(&self, index: usize) -> Result<(u16, u16)> {
        let at = self.tagged_start + TAGFLD_SIZE * index;
        Ok((u16_at(self.data, at)?, u16_at(self.data, at + 2)?))
    }

    /// The tagged entry at `index` (0..[`Self::tagged_count`]).
    pub fn tagged_at(&self, index: usize) -> Result<TaggedField<'a>> {
        if index >= self.tagged_count {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                format!("tagged index {index} of {}", self.tagged_count),
            ));
        }
        let area = &self.data[self.tagged_start..];
        let (fid, ib) = self.tag(index)?;
        let start = usize::from(ib & self.ib_mask());
        let end = if index + 1 < self.tagged_count {
            usize::from(self.tag(index + 1)?.1 & self.ib_mask())
        } else {
            area.len()
        };
        if start > end || end > area.len() {
            return Err(corrupt(format!(
                "tagged column {fid} spans {start}..{end} of a {}-byte tagged area",
                area.len()
            )));
        }
        let mut flags = ib & TAG_DERIVED;
        let has_header = self.large_page || ib & TAG_EXTENDED_SMALL != 0;
        let mut data = &area[start..end];
        if has_header {
            let (&header, rest) = data.split_first().ok_or_else(|| {
                corrupt(format!(
                    "tagged column {fid} has no room for its header byte"
                ))
            })?;
            flags |= u16::from(header);
            data = rest;
        }
        if !self.large_page && ib & TAG_NULL_SMALL != 0 {
            flags |= TaggedFlags::NULL;
        }
        if flags & TaggedFlags::NULL != 0 {
            data = &data[..0];
        }
        Ok(TaggedField {
            column_id: u32::from(fid),
            flags: TaggedFlags(flags),
            data,
            has_header,
        })
    }

    /// All tagged entries, in stored order.
    pub fn tagged(&self) -> Result<Vec<TaggedField<'a>>> {
        (0..self.tagged_count).map(|i| self.tagged_at(i)).collect()
    }

    /// The tagged entry of `column_id`, found by binary search as ESE does (derived entries sort
    /// before the others, each group by id). Set [`COLUMNID_TEMPLATE`] in `column_id` to find the
    /// entry of a template column in a derived table. `None` when the record has no entry: the
    /// column's default applies.
    pub fn tagged_field(&self, column_id: u32) -> Result<Option<TaggedField<'a>>> {
        let fid = column_id & !COLUMNID_TEMPLATE;
        if !(FID_TAGGED_LEAST..=FID_TAGGED_MOST).contains(&fid) {
            return Err(Error::with(
                ErrorCode::BadColumnId,
                format!("{column_id:#x} is not a tagged column id"),
            ));
        }
        let derived = column_id & COLUMNID_TEMPLATE != 0;
        let order = |fid: u32, derived: bool| (u32::from(!derived) << 16) | fid;
        let target = order(fid, derived);
        let (mut lo, mut hi) = (0usize, self.tagged_count);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let (f, ib) = self.tag(mid)?;
            if order(u32::from(f), ib & TAG_DERIVED != 0) < target {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if lo < self.tagged_count {
            let (f, ib) = self.tag(lo)?;
            if u32::from(f) == fid && (ib & TAG_DERIVED != 0) == derived {
                return self.tagged_at(lo).map(Some);
            }
        }
        Ok(None)
    }

    /// The consistency checks ESE's `TAGFIELDS::FValidate` makes, which reading does not need:
    /// tagged ids are tagged, sorted (derived first) and unique; NULL entries carry no data (only
    /// their header byte on large pages); header bytes use only defined bits and, on small pages,
    /// appear only for long values and multi-values; two-value and multi-value arrays are well
    /// formed; separated values hold a valid LID; values of non-long columns are at most 255
    /// bytes.
    pub fn validate(&self) -> Result<()> {
        let mut prev: Option<(bool, u16)> = None;
        for i in 0..self.tagged_count {
            let (fid, ib) = self.tag(i)?;
            let derived = ib & TAG_DERIVED != 0;
            if u32::from(fid) < FID_TAGGED_LEAST {
                return Err(corrupt(format!("tagged entry with column id {fid}")));
            }
            if let Some((prev_derived, prev_fid)) = prev {
                let ordered = match (prev_derived, derived) {
                    (true, false) => true,
                    (false, true) => false,
                    _ => fid > prev_fid,
                };
                if !ordered {
                    return Err(corrupt(format!("tagged column {fid} out of order")));
                }
            }
            prev = Some((derived, fid));
            let field = self.tagged_at(i)?;
            validate_field(&field, ib, self.large_page)?;
            if field.is_null() {
                let start = usize::from(ib & self.ib_mask());
                let end = match i + 1 < self.tagged_count {
                    true => usize::from(self.tag(i + 1)?.1 & self.ib_mask()),
                    false => self.data.len() - self.tagged_start,
                };
                if end - start != usize::from(field.has_header) {
                    return Err(corrupt(format!("tagged column {fid}: NULL with data")));
                }
            }
        }
        Ok(())
    }
}

fn validate_field(field: &TaggedField<'_>, ib: u16, large_page: bool) -> Result<()> {
    let fid = field.column_id;
    let header = field.flags.0 & 0xFF;
    if !large_page && ib & TAG_NULL_SMALL != 0 && ib & TAG_EXTENDED_SMALL != 0 {
        return Err(corrupt(format!(
            "tagged column {fid}: NULL and header flags both set"
        )));
    }
    if field.has_header && header & !TaggedFlags::HEADER_MASK != 0 {
        return Err(corrupt(format!(
            "tagged column {fid}: header byte {header:#x}"
        )));
    }
    if field.is_null() {
        return Ok(());
    }
    let long = header & TaggedFlags::LONG_VALUE != 0;
    if field.has_header
        && !large_page
        && header & (TaggedFlags::LONG_VALUE | TaggedFlags::MULTI_VALUED) == 0
    {
        return Err(corrupt(format!(
            "tagged column {fid}: needless header byte"
        )));
    }
    if header & TaggedFlags::TWO_VALUED != 0 {
        if header & TaggedFlags::MULTI_VALUED == 0 || long || header & TaggedFlags::SEPARATED != 0 {
            return Err(corrupt(format!("tagged column {fid}: bad two-value flags")));
        }
    } else if header & TaggedFlags::MULTI_VALUED != 0 {
        if header & TaggedFlags::SEPARATED != 0 {
            return Err(corrupt(format!(
                "tagged column {fid}: separated multi-value list"
            )));
        }
    } else if header & TaggedFlags::SEPARATED != 0 {
        if !long {
            return Err(corrupt(format!(
                "tagged column {fid}: separated but not long"
            )));
        }
        crate::format::lv::Lid::from_record(field.data)?;
    } else if !long && field.data.len() > CB_COLUMN_MOST {
        return Err(corrupt(format!(
            "tagged column {fid}: {} bytes",
            field.data.len()
        )));
    }
    for value in split_values(field)? {
        if !long && value.data.len() > CB_COLUMN_MOST {
            return Err(corrupt(format!(
                "tagged column {fid}: instance over 255 bytes"
            )));
        }
        if value.separated {
            if !long {
                return Err(corrupt(format!(
                    "tagged column {fid}: separated but not long"
                )));
            }
            crate::format::lv::Lid::from_record(value.data)?;
        }
    }
    Ok(())
}

/// Splits a tagged field into its values: none when NULL, two for a `TWOVALUES` field (a u8
/// length of the first value, then both values), n for a `MULTIVALUES` field (n u16 offsets, the
/// first of which is 2n, then the values; offset bit 0x8000 marks a separated instance) and one
/// otherwise. Of a multi-value only the first instance can be compressed, which the header's
/// compressed bit then says. Only single values can be encrypted.
pub fn split_values<'a>(field: &TaggedField<'a>) -> Result<Vec<FieldValue<'a>>> {
    let flags = field.flags;
    let data = field.data;
    let fid = field.column_id;
    if field.is_null() {
        return Ok(Vec::new());
    }
    let plain = |data: &'a [u8]| FieldValue {
        separated: false,
        compressed: false,
        encrypted: false,
        data,
    };
    if flags.contains(TaggedFlags::TWO_VALUED) {
        let (&first_len, rest) = data
            .split_first()
            .ok_or_else(|| corrupt(format!("tagged column {fid}: empty two-value")))?;
        let first_len = usize::from(first_len);
        if first_len > rest.len() {
            return Err(corrupt(format!(
                "tagged column {fid}: first of two values has {first_len} of {} bytes",
                rest.len()
            )));
        }
        let (a, b) = rest.split_at(first_len);
        return Ok(vec![plain(a), plain(b)]);
    }
    if flags.contains(TaggedFlags::MULTI_VALUED) {
        let first = usize::from(u16_at(data, 0)? & MV_IB_MASK);
        if first < 4 || first > data.len() || first % 2 != 0 {
            return Err(corrupt(format!(
                "tagged column {fid}: first multi-value offset {first} of {} bytes",
                data.len()
            )));
        }
        let count = first / 2;
        let mut values = Vec::with_capacity(count);
        for i in 0..count {
            let entry = u16_at(data, 2 * i)?;
            let start = usize::from(entry & MV_IB_MASK);
            let end = match i + 1 < count {
                true => usize::from(u16_at(data, 2 * i + 2)? & MV_IB_MASK),
                false => data.len(),
            };
            let slice = data.get(start..end).ok_or_else(|| {
                corrupt(format!(
                    "tagged column {fid}: instance {} spans {start}..{end}",
                    i + 1
                ))
            })?;
            values.push(FieldValue {
                separated: entry & MV_SEPARATED != 0,
                compressed: i == 0 && flags.contains(TaggedFlags::COMPRESSED),
                encrypted: false,
                data: slice,
            });
        }
        return Ok(values);
    }
    Ok(vec![FieldValue {
        separated: flags.contains(TaggedFlags::SEPARATED),
        compressed: flags.contains(TaggedFlags::COMPRESSED),
        encrypted: flags.contains(TaggedFlags::ENCRYPTED),
        data,
    }])
}

/// Filler of new fixed-column space and of NULL fixed columns (`chRECFill`).
pub const RECORD_FILL: u8 = b'*';

/// A tagged column to write: its id, whether it is a derived (template) column, whether its
/// type is a long value, and its values. No values writes an explicit NULL (which overrides a
/// default); one value a plain field; two or more a multi-value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaggedInput<'b> {
    /// Column id (256..=65535).
    pub column_id: u32,
    /// Write the entry as derived from a template table.
    pub derived: bool,
    /// The column's type is LongText or LongBinary.
    pub long_value: bool,
    /// The values, with their separated / compressed / encrypted flags.
    pub values: Vec<FieldValue<'b>>,
}

/// Builds record bytes in ESE's layout (the inverse of [`RawRecord`]).
///
/// * Fixed columns: the record holds fixed columns up to the largest id given; each given column
///   is written at its catalog offset, a NULL one filled with `*` as ESE does, and the fixed data
///   ends where the last given column ends. Ids left out below that are NULL and their space
///   (which must lie between the given columns) is filled with `*`. Null bits of ids past the last
///   are set, as ESE leaves them.
/// * Variable columns: the record holds them up to the largest id given; ids left out are NULL.
/// * Tagged columns: sorted as ESE sorts them (derived first, then by id). Exactly two values of a
///   non-long column are written as `TWOVALUES`, more (or long ones) as `MULTIVALUES`. On small
///   pages a header byte is written only when some flag needs it, and NULL uses the offset's NULL
///   bit; on large pages every value has a header byte, which also carries NULL.
#[derive(Clone, Debug, Default)]
pub struct RecordBuilder<'b> {
    large_page: bool,
    // Records have a few fixed and variable columns: kept without an allocation.
    fixed: SmallVec<[FixedInput<'b>; 8]>,
    variable: SmallVec<[VariableInput<'b>; 8]>,
    tagged: Vec<TaggedInput<'b>>,
}

/// A fixed column given to a [`RecordBuilder`]: id, offset, size, value.
type FixedInput<'b> = (u32, usize, usize, Option<&'b [u8]>);

/// A variable column given to a [`RecordBuilder`]: id, value.
type VariableInput<'b> = (u32, Option<&'b [u8]>);

/// `items` sorted by `key`: themselves when they already are (as the record
/// layer gives columns), else a sorted copy.
fn sorted_by_key<T: Clone, K: Ord>(items: &[T], key: impl Fn(&T) -> K) -> Cow<'_, [T]> {
    if items.is_sorted_by_key(&key) {
        Cow::Borrowed(items)
    } else {
        let mut sorted = items.to_vec();
        sorted.sort_by_key(key);
        Cow::Owned(sorted)
    }
}

fn invalid(code: ErrorCode, what: impl Into<String>) -> Error {
    Error::with(code, what)
}

impl<'b> RecordBuilder<'b> {
    /// A builder for a small-page (≤ 8 KiB) or large-page record.
    pub fn new(large_page: bool) -> RecordBuilder<'b> {
        // Field by field: no default builder made first and copied over.
        RecordBuilder {
            large_page,
            fixed: SmallVec::new(),
            variable: SmallVec::new(),
            tagged: Vec::new(),
        }
    }

    /// Adds fixed column `column_id` at `offset` (its catalog RecordOffset) with `size` bytes;
    /// `None` writes NULL.
    pub fn fixed(
        &mut self,
        column_id: u32,
        offset: usize,
        size: usize,
        value: Option<&'b [u8]>,
    ) -> &mut Self {
        self.fixed.push((column_id, offset, size, value));
        self
    }

    /// Adds variable column `column_id`; `None` writes NULL.
    pub fn variable(&mut self, column_id: u32, value: Option<&'b [u8]>) -> &mut Self {
        self.variable.push((column_id, value));
        self
    }

    /// Adds a tagged column.
    pub fn tagged(&mut self, input: TaggedInput<'b>) -> &mut Self {
        self.tagged.push(input);
        self
    }

    /// Lays out the record; errors: `JET_errBadColumnId` for an id outside its class,
    /// `JET_errInvalidParameter` for a column given twice, overlapping fixed columns or flags a
    /// value cannot carry, `JET_errInvalidBufferSize` for a fixed value of the wrong size, and
    /// `JET_errRecordTooBig` when an offset does not fit its field.
    pub fn build(&self) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(self.size_guess());
        out.resize(RECORD_HEADER_SIZE, 0);
        let (last_fixed, end_fixed) = self.write_fixed(&mut out)?;
        let last_var = self.write_variable(&mut out)?;
        self.write_tagged(&mut out)?;
        out[0] = last_fixed;
        out[1] = last_var;
        let end = u16::try_from(end_fixed)
            .map_err(|_| invalid(ErrorCode::RecordTooBig, "fixed data over 64 KiB"))?;
        out[2..4].copy_from_slice(&end.to_le_bytes());
        Ok(out)
    }

    /// About the record's size, so that it is laid out in one allocation.
    fn size_guess(&self) -> usize {
        let fixed = self
            .fixed
            .iter()
            .map(|c| c.1.saturating_add(c.2).min(usize::from(u16::MAX)))
            .max()
            .unwrap_or(0)
            + 16;
        let variable: usize = self
            .variable
            .iter()
            .map(|c| 2 + c.1.map_or(0, <[u8]>::len))
            .sum();
        let tagged: usize = self
            .tagged
            .iter()
            .map(|t| 8 + t.values.iter().map(|v| 4 + v.data.len()).sum::<usize>())
            .sum();
        RECORD_HEADER_SIZE + fixed + variable + tagged
    }

    fn write_fixed(&self, out: &mut Vec<u8>) -> Result<(u8, usize)> {
        let cols = sorted_by_key(&self.fixed, |c| c.1);
        let mut last = 0u32;
        let mut end = RECORD_HEADER_SIZE;
        // Ids seen (1..=127, checked as they come), for a column given twice.
        let mut seen = 0u128;
        let mut twice = false;
        for &(id, offset, size, value) in cols.iter() {
            if !(FID_FIXED_LEAST..=FID_FIXED_MOST).contains(&id) {
                return Err(invalid(
                    ErrorCode::BadColumnId,
                    format!("fixed column {id}"),
                ));
            }
            if offset.saturating_add(size) > usize::from(u16::MAX) {
                return Err(invalid(
                    ErrorCode::RecordTooBig,
                    format!("fixed column {id} ends past 64 KiB"),
                ));
            }
            if offset < end {
                return Err(invalid(
                    ErrorCode::InvalidParameter,
                    format!("fixed column {id} at {offset} overlaps the column before"),
                ));
            }
            if let Some(v) = value {
                if v.len() != size {
                    return Err(invalid(
                        ErrorCode::InvalidBufferSize,
                        format!(
                            "fixed column {id}: {} bytes for a {size}-byte column",
                            v.len()
                        ),
                    ));
                }
            }
            out.resize(offset, RECORD_FILL);
            match value {
                Some(v) => out.extend_from_slice(v),
                None => out.resize(offset + size, RECORD_FILL),
            }
            end = offset + size;
            last = last.max(id);
            let bit = 1u128 << (id - 1);
            twice |= seen & bit != 0;
            seen |= bit;
        }
        if twice {
            return Err(invalid(
                ErrorCode::InvalidParameter,
                "fixed column given twice",
            ));
        }
        // The null bitmap: a set bit is a NULL column.
        let at = out.len();
        out.resize(at + (last as usize).div_ceil(8), 0xFF);
        for &(id, _, _, value) in cols.iter() {
            if value.is_some() {
                let i = (id - 1) as usize;
                out[at + i / 8] &= !(1 << (i % 8));
            }
        }
        // last <= 127, checked above
        Ok((last as u8, out.len()))
    }

    fn write_variable(&self, out: &mut Vec<u8>) -> Result<u8> {
        let cols = sorted_by_key(&self.variable, |c| c.0);
        if cols.windows(2).any(|w| w[0].0 == w[1].0) {
            return Err(invalid(
                ErrorCode::InvalidParameter,
                "variable column given twice",
            ));
        }
        let last = match cols.last() {
            Some(&(id, _)) if (FID_VAR_LEAST..=FID_VAR_MOST).contains(&id) => id,
            Some(&(id, _)) => {
                return Err(invalid(
                    ErrorCode::BadColumnId,
                    format!("variable column {id}"),
                ))
            }
            None => FID_VAR_LEAST - 1,
        };
        if let Some(&(id, _)) = cols.first() {
            if id < FID_VAR_LEAST {
                return Err(invalid(
                    ErrorCode::BadColumnId,
                    format!("variable column {id}"),
                ));
            }
        }
        // The offsets' array, then the data, both straight into `out`.
        let offsets_at = out.len();
        let count = (last + 1 - FID_VAR_LEAST) as usize;
        out.resize(offsets_at + 2 * count, 0);
        let data_at = out.len();
        let mut given = cols.iter().peekable();
        for (i, id) in (FID_VAR_LEAST..=last).enumerate() {
            let value = match given.peek() {
                Some(&&(gid, v)) if gid == id => {
                    given.next();
                    v
                }
                _ => None,
            };
            if let Some(v) = value {
                out.extend_from_slice(v);
            }
            let end = u16::try_from(out.len() - data_at)
                .ok()
                .filter(|&e| e <= VAR_IB_MASK)
                .ok_or_else(|| invalid(ErrorCode::RecordTooBig, "variable data over 32 KiB"))?;
            let o = if value.is_some() { end } else { end | VAR_NULL };
            out[offsets_at + 2 * i..offsets_at + 2 * i + 2].copy_from_slice(&o.to_le_bytes());
        }
        // last <= 255, checked above
        Ok(last as u8)
    }

    fn write_tagged(&self, out: &mut Vec<u8>) -> Result<()> {
        if self.tagged.is_empty() {
            return Ok(());
        }
        let mut cols: Vec<&TaggedInput<'b>> = self.tagged.iter().collect();
        cols.sort_by_key(|t| (!t.derived, t.column_id));
        if cols
            .windows(2)
            .any(|w| (w[0].derived, w[0].column_id) == (w[1].derived, w[1].column_id))
        {
            return Err(invalid(
                ErrorCode::InvalidParameter,
                "tagged column given twice",
            ));
        }
        let mask = if self.large_page {
            TAG_IB_MASK_LARGE
        } else {
            TAG_IB_MASK_SMALL
        };
        let mut tags = Vec::with_capacity(cols.len() * TAGFLD_SIZE);
        let mut data = Vec::new();
        for t in &cols {
            let fid = u16::try_from(t.column_id)
                .ok()
                .filter(|&f| u32::from(f) >= FID_TAGGED_LEAST)
                .ok_or_else(|| {
                    invalid(
                        ErrorCode::BadColumnId,
                        format!("tagged column {}", t.column_id),
                    )
                })?;
            let start = cols.len() * TAGFLD_SIZE + data.len();
            let mut ib = u16::try_from(start)
                .ok()
                .filter(|&s| s <= mask)
                .ok_or_else(|| invalid(ErrorCode::RecordTooBig, "tagged data too large"))?;
            if t.derived {
                ib |= TAG_DERIVED;
            }
            let (header, body) = encode_tagged(t, self.large_page)?;
            if self.large_page {
                data.push(header);
                data.extend_from_slice(&body);
            } else if t.values.is_empty() {
                ib |= TAG_NULL_SMALL;
            } else if header != 0 {
                ib |= TAG_EXTENDED_SMALL;
                data.push(header);
                data.extend_from_slice(&body);
            } else {
                data.extend_from_slice(&body);
            }
            tags.extend_from_slice(&fid.to_le_bytes());
            tags.extend_from_slice(&ib.to_le_bytes());
        }
        out.extend_from_slice(&tags);
        out.extend_from_slice(&data);
        Ok(())
    }
}

/// The header byte and the bytes after it for one tagged column. Two values are
/// stored as TWOVALUES on small pages only; large pages always use MULTIVALUES, as
/// ESE does.
fn encode_tagged(t: &TaggedInput<'_>, large_page: bool) -> Result<(u8, Vec<u8>)> {
    let lv = if t.long_value {
        TaggedFlags::LONG_VALUE as u8
    } else {
        0
    };
    let bad = |what: &str| {
        invalid(
            ErrorCode::InvalidParameter,
            format!("tagged column {}: {what}", t.column_id),
        )
    };
    let flagged = |v: &FieldValue<'_>| v.separated || v.compressed || v.encrypted;
    if !t.long_value && t.values.iter().any(flagged) {
        return Err(bad(
            "only long values can be separated, compressed or encrypted",
        ));
    }
    match t.values.as_slice() {
        [] => Ok((lv | TaggedFlags::NULL as u8, Vec::new())),
        [v] => {
            if v.separated && (v.compressed || v.encrypted) {
                return Err(bad("a separated value is neither compressed nor encrypted"));
            }
            let mut h = lv;
            for (on, bit) in [
                (v.separated, TaggedFlags::SEPARATED),
                (v.compressed, TaggedFlags::COMPRESSED),
                (v.encrypted, TaggedFlags::ENCRYPTED),
            ] {
                if on {
                    h |= bit as u8;
                }
            }
            Ok((h, v.data.to_vec()))
        }
        [a, b] if !large_page && !t.long_value && a.data.len() <= CB_COLUMN_MOST => {
            let mut body = vec![a.data.len() as u8];
            body.extend_from_slice(a.data);
            body.extend_from_slice(b.data);
            Ok((
                (TaggedFlags::MULTI_VALUED | TaggedFlags::TWO_VALUED) as u8,
                body,
            ))
        }
        // two or more values here: the shorter slices matched above
        values => {
            if values.iter().any(|v| v.encrypted) {
                return Err(bad("multi-values cannot be encrypted"));
            }
            if values.iter().skip(1).any(|v| v.compressed)
                || (values[0].compressed && values[0].separated)
            {
                return Err(bad(
                    "only the first instance, unseparated, can be compressed",
                ));
            }
            let mut h = lv | TaggedFlags::MULTI_VALUED as u8;
            if values[0].compressed {
                h |= TaggedFlags::COMPRESSED as u8;
            }
            let mut offsets = Vec::with_capacity(values.len() * 2);
            let mut body = Vec::new();
            let base = values.len() * 2;
            for v in values {
                let o = u16::try_from(base + body.len())
                    .ok()
                    .filter(|&o| o <= MV_IB_MASK)
                    .ok_or_else(|| invalid(ErrorCode::RecordTooBig, "multi-value too large"))?;
                let o = if v.separated { o | MV_SEPARATED } else { o };
                offsets.extend_from_slice(&o.to_le_bytes());
                body.extend_from_slice(v.data);
            }
            offsets.extend_from_slice(&body);
            Ok((h, offsets))
        }
    }
}
