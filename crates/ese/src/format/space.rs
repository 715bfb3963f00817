//! Space management records: the space header of a tree's root page (FDP), the
//! split buffer of a space tree's root, and the extent entries of the owned-extent
//! (OE) and available-extent (AE) trees.
//!
//! This module owns these persisted layouts, as `dev/ese/src/inc/space.hxx`,
//! `dev/ese/src/ese/space.cxx` (`SPACE_HEADER`, `SPEXTKEY`, `SPEXTDATA`),
//! `dev/ese/src/inc/fcb.hxx` (`SPLIT_BUFFER`) and `dev/ese/src/ese/node.cxx`
//! (`NDGetPtrExternalHeader`) define them:
//!
//! * The external header (tag 0) of an FDP root page is either the 16-byte
//!   [`SpaceHeader`] alone (the legacy form), or a flag byte followed by the fields
//!   the flags announce, in order: 0x1 the 16-byte space header, 0x2 an 8-byte
//!   auto-increment value (so 25 bytes when both are present).
//! * A tree is either *single-extent* (it owns `cpg_primary` pages starting at its
//!   FDP, and a 32-bit bitmap says which of the pages after the FDP are free) or
//!   *multiple-extent* (its owned extents are in the OE tree rooted at `pgno_oe`, and
//!   its free extents in the AE tree rooted at `pgno_oe + 1`).
//! * OE/AE leaf nodes: key = big-endian last page number of the extent (4 bytes);
//!   newer AE trees also use a 5-byte key whose first byte is `0x80 | pool`; data =
//!   the extent's page count (little-endian u32). See [`ExtentEntry`].
//!
//! What must hold: decoders never panic and reject lengths, flags and page numbers
//! ESE would reject, with `JET_errDatabaseCorrupted`; encoders produce bytes the
//! decoders read back unchanged.

use crate::{Error, ErrorCode, Result};

/// Highest page number ESE allocates (`pgnoSysMax`).
pub const PGNO_SYS_MAX: u32 = 0x7FEF_FFFF;

/// Space header flag: the tree has multiple extents (OE/AE trees).
pub const SPH_MULTIPLE_EXTENT: u32 = 0x01;
/// Space header flag: the tree has non-unique keys.
pub const SPH_NON_UNIQUE: u32 = 0x02;
/// Space header flag: version 2 — `cpg_primary` holds the size of the last allocation.
pub const SPH_V2: u32 = 0x04;

/// Root-field flag of the extended external header: a space header is present.
pub const ROOT_FIELD_SPACE_HEADER: u8 = 0x01;
/// Root-field flag of the extended external header: an auto-increment value is present.
pub const ROOT_FIELD_AUTO_INC: u8 = 0x02;

/// Space pools of the 5-byte AE key (`SpacePool`).
pub mod pool {
    /// The general (legacy) pool; never stored explicitly (4-byte keys).
    pub const GENERAL: u8 = 0;
    /// Pages reserved for contiguous allocations.
    pub const CONTINUOUS: u8 = 1;
    /// Shelved pages: available space beyond the end of the file.
    pub const SHELVED: u8 = 2;
}

/// Marker bit of the 5-byte AE key's first byte.
const POOL_KEY_MARKER: u8 = 0x80;
/// Bits of the 5-byte key's first byte that must be zero.
const POOL_KEY_RESERVED: u8 = 0x78;
/// Bits of the 5-byte key's first byte holding the pool.
const POOL_KEY_MASK: u8 = 0x07;

fn corrupt(msg: impl Into<String>) -> Error {
    Error::with(ErrorCode::DatabaseCorrupted, msg)
}

fn le32(b: &[u8], off: usize) -> Option<u32> {
    let s = b.get(off..off.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn le64(b: &[u8], off: usize) -> Option<u64> {
    Some(u64::from(le32(b, off)?) | (u64::from(le32(b, off.checked_add(4)?)?) << 32))
}

/// Where a tree's space is tracked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpaceExtents {
    /// One extent at the FDP; bit *i* of the bitmap set = page `fdp + 1 + i` is free.
    Single {
        /// The available-pages bitmap.
        avail_bitmap: u32,
    },
    /// Several extents, listed in the OE tree (root `pgno_oe`) and AE tree (`pgno_oe + 1`).
    Multiple {
        /// Root page of the owned-extent tree.
        pgno_oe: u32,
    },
}

/// The space header (`SPACE_HEADER`) of a tree's root page, plus the other fields of
/// an extended external header.
///
/// The 16-byte space header:
///
/// | off | size | field |
/// | --- | --- | --- |
/// | 0 | 4 | primary extent size (v1) or size of the last allocation (v2) |
/// | 4 | 4 | parent FDP page (0 for the database root) |
/// | 8 | 4 | flags: 0x1 multiple extents, 0x2 non-unique keys, 0x4 v2 |
/// | 12 | 4 | single extent: available-pages bitmap; multiple extents: OE root page |
///
/// Extended form: `[root-field flags u8]`, then the space header if flag 0x1, then a
/// u64 auto-increment value if flag 0x2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SpaceHeader {
    /// Primary extent size in pages (v1), or the size of the last allocation (v2).
    pub cpg_primary: u32,
    /// The parent FDP (the database root page 1 for tables, the table for its
    /// indexes and long-value tree; 0 for the database root itself).
    pub pgno_parent: u32,
    /// Flags: [`SPH_MULTIPLE_EXTENT`], [`SPH_NON_UNIQUE`], [`SPH_V2`].
    pub flags: u32,
    /// Single extent with its bitmap, or multiple extents with the OE tree.
    pub extents: SpaceExtents,
    /// The root-field flag byte when the external header uses the extended form;
    /// `None` for the legacy 16-byte form.
    pub root_fields: Option<u8>,
    /// The auto-increment value kept in an extended external header.
    pub auto_inc: Option<u64>,
}

impl SpaceHeader {
    /// Size of the persisted space header proper.
    pub const SIZE: usize = 16;

    /// Decodes a root page's external header (16 bytes, or the extended form).
    pub fn decode(ext: &[u8]) -> Result<SpaceHeader> {
        let (sph, root_fields, auto_inc) = if ext.len() == Self::SIZE {
            (ext, None, None)
        } else if let (true, Some(&f)) = (ext.len() > Self::SIZE, ext.first()) {
            if f & ROOT_FIELD_SPACE_HEADER == 0 {
                return Err(corrupt(format!(
                    "external header (root fields 0x{f:02X}) holds no space header"
                )));
            }
            let sph = ext
                .get(1..1 + Self::SIZE)
                .ok_or_else(|| corrupt("external header too short for its space header"))?;
            let auto_inc = if f & ROOT_FIELD_AUTO_INC != 0 {
                Some(le64(ext, 1 + Self::SIZE).ok_or_else(|| {
                    corrupt("external header too short for its auto-increment value")
                })?)
            } else {
                None
            };
            (sph, Some(f), auto_inc)
        } else {
            return Err(corrupt(format!(
                "external header of {} bytes cannot hold a space header",
                ext.len()
            )));
        };
        let field = |o| le32(sph, o).unwrap_or(0);
        let flags = field(8);
        let extents = if flags & SPH_MULTIPLE_EXTENT != 0 {
            let pgno_oe = field(12);
            if pgno_oe == 0 || pgno_oe >= PGNO_SYS_MAX {
                return Err(corrupt(format!("space header names OE page {pgno_oe}")));
            }
            SpaceExtents::Multiple { pgno_oe }
        } else {
            SpaceExtents::Single {
                avail_bitmap: field(12),
            }
        };
        Ok(SpaceHeader {
            cpg_primary: field(0),
            pgno_parent: field(4),
            flags,
            extents,
            root_fields,
            auto_inc,
        })
    }

    /// The 16-byte space header proper.
    pub fn encode_space_header(&self) -> [u8; Self::SIZE] {
        let mut out = [0u8; Self::SIZE];
        let last = match self.extents {
            SpaceExtents::Single { avail_bitmap } => avail_bitmap,
            SpaceExtents::Multiple { pgno_oe } => pgno_oe,
        };
        out[0..4].copy_from_slice(&self.cpg_primary.to_le_bytes());
        out[4..8].copy_from_slice(&self.pgno_parent.to_le_bytes());
        out[8..12].copy_from_slice(&self.flags.to_le_bytes());
        out[12..16].copy_from_slice(&last.to_le_bytes());
        out
    }

    /// The external header bytes: the legacy 16-byte form when there are no root
    /// fields and no auto-increment value, else the extended form.
    pub fn encode(&self) -> Vec<u8> {
        if self.root_fields.is_none() && self.auto_inc.is_none() {
            return self.encode_space_header().to_vec();
        }
        let mut f = self.root_fields.unwrap_or(0) | ROOT_FIELD_SPACE_HEADER;
        if self.auto_inc.is_some() {
            f |= ROOT_FIELD_AUTO_INC;
        } else {
            f &= !ROOT_FIELD_AUTO_INC;
        }
        let mut out = Vec::with_capacity(1 + Self::SIZE + 8);
        out.push(f);
        out.extend_from_slice(&self.encode_space_header());
        if let Some(v) = self.auto_inc {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out
    }

    /// Whether the tree has multiple extents (OE and AE trees).
    pub fn is_multiple_extent(&self) -> bool {
        matches!(self.extents, SpaceExtents::Multiple { .. })
    }

    /// Whether the tree has non-unique keys.
    pub fn is_non_unique(&self) -> bool {
        self.flags & SPH_NON_UNIQUE != 0
    }

    /// Whether `cpg_primary` means the last allocation size (v2).
    pub fn is_v2(&self) -> bool {
        self.flags & SPH_V2 != 0
    }

    /// The root page of the owned-extent tree (multiple-extent trees).
    pub fn pgno_oe(&self) -> Option<u32> {
        match self.extents {
            SpaceExtents::Multiple { pgno_oe } => Some(pgno_oe),
            SpaceExtents::Single { .. } => None,
        }
    }

    /// The root page of the available-extent tree: always the page after the OE root.
    pub fn pgno_ae(&self) -> Option<u32> {
        self.pgno_oe().map(|p| p + 1)
    }

    /// The available-pages bitmap (single-extent trees).
    pub fn avail_bitmap(&self) -> Option<u32> {
        match self.extents {
            SpaceExtents::Single { avail_bitmap } => Some(avail_bitmap),
            SpaceExtents::Multiple { .. } => None,
        }
    }

    /// For a single-extent tree rooted at `pgno_fdp`: the free pages its bitmap marks
    /// (bit *i* = page `pgno_fdp + 1 + i`); empty for multiple-extent trees.
    pub fn avail_pages(&self, pgno_fdp: u32) -> Vec<u32> {
        let Some(bits) = self.avail_bitmap() else {
            return Vec::new();
        };
        (0..32u32)
            .filter(|i| bits & (1 << i) != 0)
            .filter_map(|i| pgno_fdp.checked_add(1 + i))
            .collect()
    }
}

/// The split buffer kept at the start of a space tree root's external header: up to
/// two extents reserved so that splitting the space tree itself never needs space.
///
/// | off | size | field |
/// | --- | --- | --- |
/// | 0 | 4 | buffer 1: last page |
/// | 4 | 4 | buffer 1: page count |
/// | 8 | 4 | buffer 2: last page |
/// | 12 | 4 | buffer 2: page count |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct SplitBuffer {
    /// The two buffers as (last page, page count); (0, 0) when unused.
    pub extents: [(u32, u32); 2],
}

impl SplitBuffer {
    /// Size of the persisted split buffer.
    pub const SIZE: usize = 16;

    /// Decodes the split buffer from a space-tree root's external header; `None` if
    /// the header is shorter than [`SplitBuffer::SIZE`] (ESE then keeps none on the page).
    pub fn decode(ext: &[u8]) -> Option<SplitBuffer> {
        Some(SplitBuffer {
            extents: [
                (le32(ext, 0)?, le32(ext, 4)?),
                (le32(ext, 8)?, le32(ext, 12)?),
            ],
        })
    }

    /// Encodes to [`SplitBuffer::SIZE`] bytes.
    pub fn encode(&self) -> [u8; Self::SIZE] {
        let mut out = [0u8; Self::SIZE];
        for (i, (last, cpg)) in self.extents.iter().enumerate() {
            out[8 * i..8 * i + 4].copy_from_slice(&last.to_le_bytes());
            out[8 * i + 4..8 * i + 8].copy_from_slice(&cpg.to_le_bytes());
        }
        out
    }
}

/// One extent of an OE or AE tree, decoded from a leaf node's full key and data.
///
/// | part | bytes | content |
/// | --- | --- | --- |
/// | key (OE, legacy AE) | 4 | last page of the extent, big-endian |
/// | key (AE with pool) | 5 | `0x80 \| pool`, then the last page, big-endian |
/// | data | 4 | page count, little-endian |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExtentEntry {
    /// The last page of the extent.
    pub last_pgno: u32,
    /// Number of pages in the extent (0 only for AE insertion-region markers).
    pub page_count: u32,
    /// The space pool of a 5-byte AE key (see [`pool`]); `None` for 4-byte keys
    /// (OE extents and the general AE pool).
    pub pool: Option<u8>,
}

impl ExtentEntry {
    /// Size of the persisted data (the page count).
    pub const SIZE: usize = 4;

    /// Decodes an extent from a space-tree leaf node's full key (prefix + suffix) and
    /// data, with ESE's validity checks: a 4-byte key without the marker bit or a
    /// 5-byte key with it (pool 1 or 2, reserved bits clear); page numbers in
    /// 1..=[`PGNO_SYS_MAX`]; a 4-byte count no larger than the last page number.
    pub fn decode(key: &[u8], data: &[u8]) -> Result<ExtentEntry> {
        let (pgno_bytes, pool) = match key {
            [a, b, c, d] => {
                if a & POOL_KEY_MARKER != 0 {
                    return Err(corrupt(format!(
                        "4-byte extent key {key:02X?} has the pool marker"
                    )));
                }
                ([*a, *b, *c, *d], None)
            }
            [f, a, b, c, d] => {
                if f & POOL_KEY_MARKER == 0 || f & POOL_KEY_RESERVED != 0 {
                    return Err(corrupt(format!("bad 5-byte extent key {key:02X?}")));
                }
                let p = f & POOL_KEY_MASK;
                if !matches!(p, pool::CONTINUOUS | pool::SHELVED) {
                    return Err(corrupt(format!("extent key names unknown pool {p}")));
                }
                ([*a, *b, *c, *d], Some(p))
            }
            _ => {
                return Err(corrupt(format!(
                    "extent key of {} bytes (expected 4 or 5)",
                    key.len()
                )))
            }
        };
        let last_pgno = u32::from_be_bytes(pgno_bytes);
        if last_pgno == 0 || last_pgno > PGNO_SYS_MAX {
            return Err(corrupt(format!("extent ends at invalid page {last_pgno}")));
        }
        let page_count = match data {
            [a, b, c, d] => u32::from_le_bytes([*a, *b, *c, *d]),
            _ => {
                return Err(corrupt(format!(
                    "extent data of {} bytes (expected 4)",
                    data.len()
                )))
            }
        };
        if page_count > last_pgno {
            return Err(corrupt(format!(
                "extent of {page_count} pages cannot end at page {last_pgno}"
            )));
        }
        Ok(ExtentEntry {
            last_pgno,
            page_count,
            pool,
        })
    }

    /// The node key: 4 bytes, or 5 with the pool byte.
    pub fn encode_key(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(5);
        if let Some(p) = self.pool {
            out.push(POOL_KEY_MARKER | (p & POOL_KEY_MASK));
        }
        out.extend_from_slice(&self.last_pgno.to_be_bytes());
        out
    }

    /// The node data: the page count.
    pub fn encode_data(&self) -> [u8; Self::SIZE] {
        self.page_count.to_le_bytes()
    }

    /// The first page of the extent, or `None` for an empty (marker) extent.
    pub fn first_pgno(&self) -> Option<u32> {
        // A count larger than the last page number can only come from damage.
        self.page_count
            .checked_sub(1)
            .and_then(|c| self.last_pgno.checked_sub(c))
    }

    /// Whether `pgno` lies in the extent.
    pub fn contains(&self, pgno: u32) -> bool {
        self.first_pgno()
            .is_some_and(|f| (f..=self.last_pgno).contains(&pgno))
    }

    /// Whether the extent is an empty marker (page count 0).
    pub fn is_empty(&self) -> bool {
        self.page_count == 0
    }

    /// The pages of the extent.
    pub fn pages(&self) -> std::ops::RangeInclusive<u32> {
        match self.first_pgno() {
            Some(f) => f..=self.last_pgno,
            // an empty range on purpose: a marker extent has no pages
            #[allow(clippy::reversed_empty_ranges)]
            None => 1..=0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_and_extended_space_headers() {
        let legacy = hex(b"fe000000000000000100000002000000");
        let h = SpaceHeader::decode(&legacy).unwrap();
        assert_eq!(h.cpg_primary, 0xfe);
        assert_eq!(h.pgno_parent, 0);
        assert_eq!((h.pgno_oe(), h.pgno_ae()), (Some(2), Some(3)));
        assert_eq!(h.root_fields, None);
        assert_eq!(h.encode(), legacy);

        let ext = hex(b"03010000000100000001000000430000007800000000000000");
        let h = SpaceHeader::decode(&ext).unwrap();
        assert_eq!(
            (h.cpg_primary, h.pgno_parent, h.pgno_oe(), h.auto_inc),
            (1, 1, Some(0x43), Some(0x78))
        );
        assert_eq!(h.encode(), ext);

        let single = hex(b"03010000000100000000000000050000000200000000000000");
        let h = SpaceHeader::decode(&single).unwrap();
        assert_eq!(h.avail_bitmap(), Some(5));
        assert_eq!(h.avail_pages(40), vec![41, 43]);
        assert_eq!(h.encode(), single);

        assert!(SpaceHeader::decode(&[]).is_err());
        assert!(SpaceHeader::decode(&legacy[..15]).is_err());
        assert!(SpaceHeader::decode(&ext[..20]).is_err());
        let mut no_sph = ext.clone();
        no_sph[0] = 2;
        assert!(SpaceHeader::decode(&no_sph).is_err());
    }

    #[test]
    fn extent_keys() {
        let e = ExtentEntry::decode(&[0, 0, 0, 142], &[46, 0, 0, 0]).unwrap();
        assert_eq!((e.last_pgno, e.page_count, e.pool), (142, 46, None));
        assert_eq!(e.first_pgno(), Some(97));
        assert!(e.contains(97) && e.contains(142) && !e.contains(96));
        assert_eq!(e.encode_key(), vec![0, 0, 0, 142]);
        let p = ExtentEntry::decode(&[0x82, 0, 0, 1, 0], &[1, 0, 0, 0]).unwrap();
        assert_eq!((p.last_pgno, p.pool), (256, Some(pool::SHELVED)));
        assert_eq!(p.encode_key(), vec![0x82, 0, 0, 1, 0]);
        let m = ExtentEntry::decode(&[0x81, 0, 0, 1, 0], &[0, 0, 0, 0]).unwrap();
        assert!(m.is_empty() && m.pages().next().is_none());
        assert!(ExtentEntry::decode(&[0x80, 0, 0, 1], &[1, 0, 0, 0]).is_err());
        assert!(ExtentEntry::decode(&[0x80, 0, 0, 1, 0], &[1, 0, 0, 0]).is_err());
        assert!(ExtentEntry::decode(&[0xC1, 0, 0, 1, 0], &[1, 0, 0, 0]).is_err());
        assert!(ExtentEntry::decode(&[0, 0, 0, 5], &[6, 0, 0, 0]).is_err());
        assert!(ExtentEntry::decode(&[0, 0, 0, 0], &[0, 0, 0, 0]).is_err());
        assert!(ExtentEntry::decode(&[0, 0, 5], &[1, 0, 0, 0]).is_err());
        assert!(ExtentEntry::decode(&[0, 0, 0, 5], &[1, 0, 0]).is_err());
    }

    #[test]
    fn split_buffer() {
        let b = SplitBuffer {
            extents: [(10, 2), (0, 0)],
        };
        assert_eq!(SplitBuffer::decode(&b.encode()), Some(b));
        assert_eq!(SplitBuffer::decode(&[0; 15]), None);
    }

    fn hex(s: &[u8]) -> Vec<u8> {
        s.chunks(2)
            .map(|c| u8::from_str_radix(std::str::from_utf8(c).unwrap(), 16).unwrap())
            .collect()
    }
}
