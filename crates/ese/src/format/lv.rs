//! Long-value ids and the long-value tree's keys and root data (`LvId`, `LVKEY32`, `LVKEY64`,
//! `LVROOT`, `LVROOT2` in Microsoft's `rec.hxx` and `lv.hxx`).
//!
//! A separated long value is stored in the record as its LID, little-endian: 4 bytes (legacy
//! LID32, 31 bits used) or 8 bytes (LID64, top bit set, from `JET_efvLid64`). In the table's
//! long-value tree the LID is big-endian: the root node's key is the LID alone and its data an
//! `LVROOT` (reference count u32, total size u32, both little-endian) or an `LVROOT2` (the same
//! plus a flags byte, 0x01 = encrypted). Each chunk node's key is the LID followed by the
//! big-endian byte offset of the chunk. So a key of 4 bytes is a LID32 root, 12 bytes a LID64
//! chunk, and 8 bytes either a LID64 root (top bit set) or a LID32 chunk.
//!
//! What must hold: decoders accept any bytes and return `JET_errDatabaseCorrupted` for sizes or
//! LIDs ESE would reject (LID 0, a 4-byte LID with the top bit set, an 8-byte one without it);
//! encoders produce exactly the bytes the decoders accept.

use crate::{Error, ErrorCode, Result};

/// The LID64 marker bit (`lid64Flag`).
pub const LID64_FLAG: u64 = 1 << 63;
/// The largest LID32 (`lid32Max`).
pub const LID32_MAX: u32 = 0x7FFF_FFFF;
/// The largest LID64 (`lid64Max`); the high byte is reserved.
pub const LID64_MAX: u64 = LID64_FLAG | 0x00FF_FFFF_FFFF_FFFF;
/// Encrypted flag of [`LvRoot::flags`] (`fLVEncrypted`).
pub const LV_ROOT_ENCRYPTED: u8 = 0x01;

fn corrupt(what: impl Into<String>) -> Error {
    Error::with(ErrorCode::DatabaseCorrupted, what)
}

/// A long-value id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lid {
    /// A legacy 32-bit LID (1..=0x7FFFFFFF).
    Lid32(u32),
    /// A 64-bit LID; the value includes the top marker bit [`LID64_FLAG`].
    Lid64(u64),
}

impl Lid {
    /// Builds a LID from its 64-bit value, choosing the form by the top bit as ESE does. Rejects
    /// 0, values with the top bit clear above [`LID32_MAX`], and LID64 values above
    /// [`LID64_MAX`] (`LvId::FValid`).
    pub fn new(value: u64) -> Result<Lid> {
        let lid = if value & LID64_FLAG != 0 {
            Lid::Lid64(value)
        } else {
            Lid::Lid32(u32::try_from(value).map_err(|_| corrupt(format!("LID {value:#x}")))?)
        };
        lid.check()
    }

    fn check(self) -> Result<Lid> {
        let ok = match self {
            Lid::Lid32(v) => (1..=LID32_MAX).contains(&v),
            Lid::Lid64(v) => v & LID64_FLAG != 0 && v <= LID64_MAX,
        };
        if ok {
            Ok(self)
        } else {
            Err(corrupt(format!("invalid LID {self:?}")))
        }
    }

    /// Decodes the data of a separated value as stored in a record: 4 bytes little-endian for a
    /// LID32, 8 bytes little-endian with the top bit set for a LID64.
    pub fn from_record(data: &[u8]) -> Result<Lid> {
        match *data {
            [a, b, c, d] => Lid::Lid32(u32::from_le_bytes([a, b, c, d])).check(),
            [a, b, c, d, e, f, g, h] => {
                Lid::Lid64(u64::from_le_bytes([a, b, c, d, e, f, g, h])).check()
            }
            _ => Err(corrupt(format!("separated value of {} bytes", data.len()))),
        }
    }

    /// The bytes a record stores for this LID.
    pub fn to_record_bytes(self) -> Vec<u8> {
        match self {
            Lid::Lid32(v) => v.to_le_bytes().to_vec(),
            Lid::Lid64(v) => v.to_le_bytes().to_vec(),
        }
    }

    /// The LID as a number (a LID64 includes its marker bit).
    pub fn value(self) -> u64 {
        match self {
            Lid::Lid32(v) => u64::from(v),
            Lid::Lid64(v) => v,
        }
    }

    /// Whether this is a LID64.
    pub fn is_lid64(self) -> bool {
        matches!(self, Lid::Lid64(_))
    }

    fn key_bytes(self) -> Vec<u8> {
        match self {
            Lid::Lid32(v) => v.to_be_bytes().to_vec(),
            Lid::Lid64(v) => v.to_be_bytes().to_vec(),
        }
    }
}

/// The key of a long value's root node: the LID, big-endian (4 or 8 bytes).
pub fn lv_root_key(lid: Lid) -> Vec<u8> {
    lid.key_bytes()
}

/// The key of the chunk that starts at byte `offset` of a long value: the LID then the offset,
/// both big-endian (8 or 12 bytes). Chunks start at multiples of the table's LV chunk size.
pub fn lv_chunk_key(lid: Lid, offset: u32) -> Vec<u8> {
    let mut key = lid.key_bytes();
    key.extend_from_slice(&offset.to_be_bytes());
    key
}

/// The start of the chunk that holds byte `offset` of a long value whose chunks hold
/// `chunk_size` bytes (`None` when `chunk_size` is 0).
pub fn lv_chunk_start(offset: u32, chunk_size: u32) -> Option<u32> {
    offset.checked_div(chunk_size).map(|n| n * chunk_size)
}

/// Decodes a key of the long-value tree: the LID and, for a chunk, its offset (`None` for the
/// root). Follows `LidFromKey` / `FIsLVRootKey`: the length decides, and for 8 bytes the top bit.
pub fn decode_lv_key(key: &[u8]) -> Result<(Lid, Option<u32>)> {
    let be32 = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    let be64 = |b: &[u8]| u64::from_be_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
    match key.len() {
        4 => Ok((Lid::Lid32(be32(key)).check()?, None)),
        8 if key[0] & 0x80 != 0 => Ok((Lid::Lid64(be64(key)).check()?, None)),
        8 => Ok((Lid::Lid32(be32(key)).check()?, Some(be32(&key[4..])))),
        12 => Ok((Lid::Lid64(be64(key)).check()?, Some(be32(&key[8..])))),
        n => Err(corrupt(format!("long-value key of {n} bytes"))),
    }
}

/// The data of a long value's root node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct LvRoot {
    /// How many records reference this long value (0 = awaiting cleanup).
    pub refcount: u32,
    /// Total length of the long value in bytes (before compression).
    pub size: u32,
    /// `LVROOT2` flags ([`LV_ROOT_ENCRYPTED`]); 0 for an 8-byte `LVROOT`.
    pub flags: u8,
}

impl LvRoot {
    /// Decodes an `LVROOT` (8 bytes) or an `LVROOT2` (9 bytes); other sizes are corrupt.
    pub fn decode(data: &[u8]) -> Result<LvRoot> {
        let (refcount, size, flags) = match *data {
            [a, b, c, d, e, f, g, h] => ([a, b, c, d], [e, f, g, h], 0),
            [a, b, c, d, e, f, g, h, i] => ([a, b, c, d], [e, f, g, h], i),
            _ => return Err(corrupt(format!("long-value root of {} bytes", data.len()))),
        };
        Ok(LvRoot {
            refcount: u32::from_le_bytes(refcount),
            size: u32::from_le_bytes(size),
            flags,
        })
    }

    /// The root data ESE writes: 9 bytes when a flag is set, else 8.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(9);
        out.extend_from_slice(&self.refcount.to_le_bytes());
        out.extend_from_slice(&self.size.to_le_bytes());
        if self.flags != 0 {
            out.push(self.flags);
        }
        out
    }

    /// Whether the long value is encrypted.
    pub fn encrypted(&self) -> bool {
        self.flags & LV_ROOT_ENCRYPTED != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for lid in [
            Lid::Lid32(1),
            Lid::Lid32(LID32_MAX),
            Lid::Lid64(0x8000_0000_8000_0010),
        ] {
            assert_eq!(decode_lv_key(&lv_root_key(lid)).unwrap(), (lid, None));
            let key = lv_chunk_key(lid, 0x1FD6);
            assert_eq!(decode_lv_key(&key).unwrap(), (lid, Some(0x1FD6)));
            assert_eq!(Lid::from_record(&lid.to_record_bytes()).unwrap(), lid);
        }
    }

    #[test]
    fn invalid_lids() {
        assert!(Lid::from_record(&[0, 0, 0, 0]).is_err());
        assert!(Lid::from_record(&[0, 0, 0, 0x80]).is_err());
        assert!(Lid::from_record(&[1, 0, 0, 0, 0, 0, 0, 0]).is_err());
        assert!(Lid::from_record(&[1, 0, 0]).is_err());
        assert!(decode_lv_key(&[0; 5]).is_err());
        assert!(decode_lv_key(&[0; 12]).is_err());
        assert!(Lid::new(0x1_0000_0000).is_err());
        assert_eq!(Lid::new(5).unwrap(), Lid::Lid32(5));
    }

    #[test]
    fn roots() {
        let r = LvRoot::decode(&[1, 0, 0, 0, 0x09, 0x04, 0, 0]).unwrap();
        assert_eq!((r.refcount, r.size, r.flags), (1, 0x409, 0));
        assert_eq!(r.encode(), [1, 0, 0, 0, 0x09, 0x04, 0, 0]);
        let e = LvRoot { flags: 1, ..r };
        assert_eq!(LvRoot::decode(&e.encode()).unwrap(), e);
        assert!(e.encrypted());
        assert!(LvRoot::decode(&[0; 10]).is_err());
        assert_eq!(lv_chunk_start(9000, 8150), Some(8150));
        assert_eq!(lv_chunk_start(1, 0), None);
    }
}
