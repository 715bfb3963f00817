//! The tagged area of a record being built: each tagged column's values with their stored form,
//! its size as ESE counts it while setting columns, and its bytes (`TAGFIELDS`, `TAGFLD`,
//! `TWOVALUES`, `MULTIVALUES` in `tagfld.hxx`/`tagfld.cxx`).
//!
//! Layout rules ESE follows and this module keeps:
//! * entries sorted by column id, each a 4-byte `TAGFLD` (id, offset);
//! * small pages (≤ 8 KiB): a header byte only for long values and multi-values, NULL in the
//!   offset's 0x2000 bit; two values of a non-long column as `TWOVALUES` (u8 length of the first,
//!   then both), more, or long ones, as `MULTIVALUES`;
//! * large pages: every field starts with a header byte (NULL is its 0x20 bit) and several values
//!   are always `MULTIVALUES` ("tag column in large page ALWAYS turns into multivalues");
//! * `MULTIVALUES`: one u16 offset per value (0x8000 = separated), then the values; the header's
//!   compressed bit (0x02) belongs to the first value.
//!
//! What must hold: [`TaggedColumn::size`] is the number of bytes [`write_area`] produces for the
//! column, so the size checks made while building match the final record.

use crate::format::record::{TaggedFlags, COLUMNID_TEMPLATE};
use crate::{Error, ErrorCode, Result};

const TAGFLD_SIZE: usize = 4;
const TAG_NULL_SMALL: u16 = 0x2000;
/// The `TAGFLD` flag of an entry of a template column in a derived table's record.
const TAG_DERIVED: u16 = 0x8000;
const TAG_EXTENDED_SMALL: u16 = 0x4000;
const TAG_IB_MASK_SMALL: usize = 0x1FFF;
const TAG_IB_MASK_LARGE: usize = 0x7FFF;
const MV_SEPARATED: u16 = 0x8000;
const MV_IB_MASK: usize = 0x7FFF;

/// How one value is stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Stored {
    /// In the record, as these bytes (compressed when `compressed`).
    Intrinsic { bytes: Vec<u8>, compressed: bool },
    /// In the long-value tree; the record holds a LID of `lid_size` bytes. `index` is the
    /// value's position in the encoder's list of separated values.
    Separated { index: usize, lid_size: usize },
}

impl Stored {
    /// The bytes this value takes in the record.
    pub(crate) fn len(&self) -> usize {
        match self {
            Stored::Intrinsic { bytes, .. } => bytes.len(),
            Stored::Separated { lid_size, .. } => *lid_size,
        }
    }
}

/// One tagged column of the record.
#[derive(Clone, Debug)]
pub(crate) struct TaggedColumn {
    /// The entry's id: the field id, with `COLUMNID_TEMPLATE` for an entry written with the
    /// derived flag (see `TableDef::tagged_record_id`).
    pub column_id: u32,
    /// The column's type is LongText or LongBinary.
    pub long_value: bool,
    /// The values; none makes an explicit NULL entry (written only for columns with a default,
    /// which it overrides).
    pub values: Vec<Stored>,
}

impl TaggedColumn {
    /// Bytes the column takes in the tagged area, its `TAGFLD` included.
    pub(crate) fn size(&self, large_page: bool) -> usize {
        let total = self.values.iter().map(Stored::len).sum();
        field_size(self.values.len(), total, self.long_value, large_page)
    }

    /// [`Self::size`] once one more value of `len` stored bytes is added.
    pub(crate) fn size_with(&self, len: usize, large_page: bool) -> usize {
        let total = self.values.iter().map(Stored::len).sum::<usize>() + len;
        field_size(self.values.len() + 1, total, self.long_value, large_page)
    }

    /// The header byte.
    fn header(&self, large_page: bool) -> u8 {
        let mut h = 0u16;
        if self.long_value {
            h |= TaggedFlags::LONG_VALUE;
        }
        match self.values.as_slice() {
            [] => h |= TaggedFlags::NULL,
            [Stored::Intrinsic { compressed, .. }] => {
                if *compressed {
                    h |= TaggedFlags::COMPRESSED;
                }
            }
            [Stored::Separated { .. }] => h |= TaggedFlags::SEPARATED,
            [_, _] if !large_page && !self.long_value => {
                h |= TaggedFlags::MULTI_VALUED | TaggedFlags::TWO_VALUED;
            }
            [first, ..] => {
                h |= TaggedFlags::MULTI_VALUED;
                if matches!(
                    first,
                    Stored::Intrinsic {
                        compressed: true,
                        ..
                    }
                ) {
                    h |= TaggedFlags::COMPRESSED;
                }
            }
        }
        // every flag above lies in the low byte (TaggedFlags::HEADER_MASK)
        h as u8
    }
}

/// Bytes a tagged field of `count` values totalling `total` stored bytes takes, its `TAGFLD`
/// included: a header byte on large pages, for long values and for several values; a NULL
/// entry (no values) has only its header byte on large pages; `TWOVALUES` adds a length byte,
/// `MULTIVALUES` an offset per value.
pub(crate) fn field_size(count: usize, total: usize, long_value: bool, large_page: bool) -> usize {
    let data = match count {
        0 => usize::from(large_page),
        1 => usize::from(large_page || long_value) + total,
        2 if !large_page && !long_value => 2 + total,
        n => 1 + 2 * n + total,
    };
    TAGFLD_SIZE + data
}

/// A value's record bytes: its stored bytes, or the LID given for its separated index.
fn value_bytes<'a>(v: &'a Stored, lids: &'a [Vec<u8>]) -> Result<&'a [u8]> {
    match v {
        Stored::Intrinsic { bytes, .. } => Ok(bytes),
        Stored::Separated { index, lid_size } => match lids.get(*index) {
            Some(l) if l.len() == *lid_size => Ok(l),
            _ => Err(Error::with(
                ErrorCode::InvalidParameter,
                format!("separated value {index} has no LID of {lid_size} bytes"),
            )),
        },
    }
}

/// The tagged area for `columns` (sorted by id); `lids[i]` is the record form of the LID of
/// separated value `i`.
pub(crate) fn write_area(
    columns: &[TaggedColumn],
    large_page: bool,
    lids: &[Vec<u8>],
) -> Result<Vec<u8>> {
    let mask = if large_page {
        TAG_IB_MASK_LARGE
    } else {
        TAG_IB_MASK_SMALL
    };
    let mut tags = Vec::with_capacity(columns.len() * TAGFLD_SIZE);
    let mut data = Vec::new();
    for col in columns {
        let derived = col.column_id & COLUMNID_TEMPLATE != 0;
        let fid = u16::try_from(col.column_id & !COLUMNID_TEMPLATE).map_err(|_| {
            Error::with(
                ErrorCode::BadColumnId,
                format!("tagged column {}", col.column_id),
            )
        })?;
        let start = columns.len() * TAGFLD_SIZE + data.len();
        if start > mask {
            return Err(Error::with(
                ErrorCode::RecordTooBig,
                format!("tagged column {fid} starts at {start}, past the offset range"),
            ));
        }
        // start <= mask <= 0x7FFF
        let mut ib = start as u16 | if derived { TAG_DERIVED } else { 0 };
        let header = col.header(large_page);
        let needs_header = large_page || col.long_value || col.values.len() > 1;
        if col.values.is_empty() && !large_page {
            ib |= TAG_NULL_SMALL;
        } else if needs_header {
            if !large_page {
                ib |= TAG_EXTENDED_SMALL;
            }
            data.push(header);
        }
        match col.values.as_slice() {
            [] => {}
            [v] => data.extend_from_slice(value_bytes(v, lids)?),
            [a, b] if header & TaggedFlags::TWO_VALUED as u8 != 0 => {
                let a = value_bytes(a, lids)?;
                let len = u8::try_from(a.len()).map_err(|_| {
                    Error::with(
                        ErrorCode::ColumnTooBig,
                        format!("tagged column {fid}: first of two values over 255 bytes"),
                    )
                })?;
                data.push(len);
                data.extend_from_slice(a);
                data.extend_from_slice(value_bytes(b, lids)?);
            }
            vs => {
                let mut at = 2 * vs.len();
                for v in vs {
                    if at > MV_IB_MASK {
                        return Err(Error::with(
                            ErrorCode::RecordTooBig,
                            format!("tagged column {fid}: multi-value offset {at}"),
                        ));
                    }
                    // at <= 0x7FFF
                    let mut o = at as u16;
                    if matches!(v, Stored::Separated { .. }) {
                        o |= MV_SEPARATED;
                    }
                    data.extend_from_slice(&o.to_le_bytes());
                    at += v.len();
                }
                for v in vs {
                    data.extend_from_slice(value_bytes(v, lids)?);
                }
            }
        }
        tags.extend_from_slice(&fid.to_le_bytes());
        tags.extend_from_slice(&ib.to_le_bytes());
    }
    tags.extend_from_slice(&data);
    Ok(tags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(b: &[u8]) -> Stored {
        Stored::Intrinsic {
            bytes: b.to_vec(),
            compressed: false,
        }
    }

    #[test]
    fn sizes_match_bytes() {
        let lids = vec![vec![1, 0, 0, 0]];
        let cols = vec![
            TaggedColumn {
                column_id: 256,
                long_value: false,
                values: vec![plain(b"ab"), plain(b"c")],
            },
            TaggedColumn {
                column_id: 257,
                long_value: true,
                values: vec![
                    plain(b"x"),
                    Stored::Separated {
                        index: 0,
                        lid_size: 4,
                    },
                ],
            },
            TaggedColumn {
                column_id: 258,
                long_value: false,
                values: vec![],
            },
            TaggedColumn {
                column_id: 259,
                long_value: false,
                values: vec![plain(b"abc"), plain(b""), plain(b"d")],
            },
        ];
        for large in [false, true] {
            let area = write_area(&cols, large, &lids).unwrap();
            let total: usize = cols.iter().map(|c| c.size(large)).sum();
            assert_eq!(area.len(), total, "large={large}");
        }
        let small = write_area(&cols[..1], false, &lids).unwrap();
        assert_eq!(small, [0, 1, 0x04, 0x40, 0x18, 2, b'a', b'b', b'c']);
        let large = write_area(&cols[..1], true, &lids).unwrap();
        assert_eq!(large, [0, 1, 4, 0, 0x08, 4, 0, 6, 0, b'a', b'b', b'c']);
    }
}
