//! ESE value compression: the schemes, their framing, and decoding (plus encoders
//! for the cheap schemes, for the write path).
//!
//! Owns: the persisted layout of a compressed column value or long-value chunk,
//! as `ErrPKDecompressData` in ESE's `compression.cxx` reads it. The first byte
//! holds `scheme << 3`; the low three bits belong to the scheme:
//!
//! | id | scheme | framing after the first byte |
//! | --- | --- | --- |
//! | 1 | 7-bit ASCII | low 3 bits = bits used in the last byte − 1; then 7-bit codes, LSB first |
//! | 2 | 7-bit UTF-16 | the same, one 7-bit code per UTF-16 unit (< 0x80) |
//! | 3 | XPRESS | u16 LE uncompressed size, then MS-XCA plain LZ77 data |
//! | 4 | scrubbed | fill bytes: the value was wiped and holds no data |
//! | 5 | Xpress9 | u32 LE CRC-32C of the output, then one Xpress9 block |
//! | 6 | Xpress10 | u16 LE size, u32 CRC-32C, u64 compressed CRC, data (not decodable here) |
//! | 7 | LZ4 | u16 LE uncompressed size, then a raw LZ4 block |
//!
//! Where compression applies (`lv.cxx`, `tagfld.cxx`):
//! * an intrinsic tagged value carries the "compressed" bit (0x02) in its
//!   tagged-field header; in a multi-valued column only the first instance can
//!   be compressed, and a separated value never carries the bit;
//! * a separated long value is compressed **per chunk**: each LV chunk (at most
//!   `LVChunkMax` bytes of the uncompressed value) is compressed on its own and
//!   has no flag; a chunk is compressed exactly when its stored size is smaller
//!   than the size it must cover (`LVChunkMax`, or what is left of the value for
//!   the last chunk). Callers decide that and hand this module one chunk at a
//!   time; a chunk's output must then be exactly that size.
//!
//! ESE's writer tries Xpress10, Xpress9, LZ4, then XPRESS (as enabled), keeps
//! the result if it beats 7-bit Unicode, and otherwise tries 7-bit Unicode then
//! 7-bit ASCII (ASCII also serves UTF-16 text whose *bytes* are all < 0x80).
//!
//! What must hold: every decoder reads untrusted bytes, so none may panic, index
//! out of bounds or allocate more than the caller's limit (`MAX_DECOMPRESSED_SIZE`
//! by default); corrupt input is `ErrorCode::DecompressionFailed` with a detail.
//! Schemes we cannot decode (Xpress10, unknown ids) are
//! `ErrorCode::FeatureNotAvailable`. This module does no I/O and knows nothing of
//! pages, records or LV trees.

mod crc32c;
pub mod lz4;
pub mod sevenbit;
pub mod xpress;
pub mod xpress9;

use crate::{Error, ErrorCode, Result};

/// The default cap on a decompressed value: 2 GiB. Real ESE values are at most a
/// page or an LV chunk; the cap only stops memory bombs.
pub const MAX_DECOMPRESSED_SIZE: usize = 1 << 31;

/// A compression scheme, as named by the top five bits of a value's first byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// 1: every byte < 0x80, packed as 7-bit codes.
    SevenBitAscii,
    /// 2: every UTF-16 unit < 0x80, packed as 7-bit codes.
    SevenBitUnicode,
    /// 3: XPRESS, i.e. MS-XCA plain LZ77.
    Xpress,
    /// 4: a scrubbed (wiped) value; it carries no data.
    Scrubbed,
    /// 5: Xpress9 (LZ77 with Huffman coding), with a CRC-32C of the output.
    Xpress9,
    /// 6: Xpress10 (Corsica hardware format); no public decoder exists.
    Xpress10,
    /// 7: a raw LZ4 block.
    Lz4,
    /// Any other id (0 or 8–31): not a scheme ESE writes.
    Unknown(u8),
}

impl Scheme {
    /// The scheme named by `id` (the first byte shifted right by three).
    pub fn from_id(id: u8) -> Scheme {
        match id {
            1 => Scheme::SevenBitAscii,
            2 => Scheme::SevenBitUnicode,
            3 => Scheme::Xpress,
            4 => Scheme::Scrubbed,
            5 => Scheme::Xpress9,
            6 => Scheme::Xpress10,
            7 => Scheme::Lz4,
            other => Scheme::Unknown(other),
        }
    }

    /// The persisted id of this scheme.
    pub fn id(self) -> u8 {
        match self {
            Scheme::SevenBitAscii => 1,
            Scheme::SevenBitUnicode => 2,
            Scheme::Xpress => 3,
            Scheme::Scrubbed => 4,
            Scheme::Xpress9 => 5,
            Scheme::Xpress10 => 6,
            Scheme::Lz4 => 7,
            Scheme::Unknown(id) => id,
        }
    }

    /// The first byte of a value of this scheme whose low three bits are `low`.
    pub fn header_byte(self, low: u8) -> u8 {
        (self.id() << 3) | (low & 7)
    }

    /// A short name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Scheme::SevenBitAscii => "7-bit ASCII",
            Scheme::SevenBitUnicode => "7-bit Unicode",
            Scheme::Xpress => "XPRESS",
            Scheme::Scrubbed => "scrubbed",
            Scheme::Xpress9 => "Xpress9",
            Scheme::Xpress10 => "Xpress10",
            Scheme::Lz4 => "LZ4",
            Scheme::Unknown(_) => "unknown",
        }
    }
}

/// The scheme of a compressed value, or `None` for an empty slice.
pub fn scheme(value: &[u8]) -> Option<Scheme> {
    value.first().map(|b| Scheme::from_id(b >> 3))
}

/// The decompressed size, where the framing tells it without decoding: computed
/// for the 7-bit schemes, read from the header for XPRESS, LZ4, Xpress10 and
/// Xpress9 (whose block header must be valid), 0 for a scrubbed value (as ESE
/// reports). `None` for unknown schemes and headers too short to hold the size.
pub fn decompressed_size(value: &[u8]) -> Option<usize> {
    match scheme(value)? {
        Scheme::SevenBitAscii => Some(sevenbit::char_count(value)),
        Scheme::SevenBitUnicode => Some(sevenbit::char_count(value) * 2),
        Scheme::Xpress | Scheme::Lz4 => read_u16(value, 1).map(usize::from),
        Scheme::Xpress10 if value.len() >= XPRESS10_HEADER_SIZE => {
            read_u16(value, 1).map(usize::from)
        }
        Scheme::Xpress9 => xpress9::declared_size(value),
        Scheme::Scrubbed => Some(0),
        Scheme::Xpress10 | Scheme::Unknown(_) => None,
    }
}

/// Decompresses one value (an intrinsic column value or one LV chunk), refusing
/// output larger than [`MAX_DECOMPRESSED_SIZE`].
pub fn decompress(value: &[u8]) -> Result<Vec<u8>> {
    decompress_with_limit(value, MAX_DECOMPRESSED_SIZE)
}

/// Decompresses one value, refusing output larger than `limit` bytes (callers
/// that know the bound, e.g. `LVChunkMax` or the page size, should pass it).
pub fn decompress_with_limit(value: &[u8], limit: usize) -> Result<Vec<u8>> {
    let limit = limit.min(MAX_DECOMPRESSED_SIZE);
    let Some(scheme) = scheme(value) else {
        return Err(corrupt("empty compressed value"));
    };
    match scheme {
        Scheme::SevenBitAscii => sevenbit::decompress(value, false, limit),
        Scheme::SevenBitUnicode => sevenbit::decompress(value, true, limit),
        Scheme::Xpress => xpress::decompress(value, limit),
        Scheme::Xpress9 => xpress9::decompress(value, limit),
        Scheme::Lz4 => lz4::decompress(value, limit),
        Scheme::Scrubbed => Err(corrupt(
            "scrubbed value (scheme 4): its bytes were wiped and hold no data",
        )),
        Scheme::Xpress10 => Err(Error::with(
            ErrorCode::FeatureNotAvailable,
            "Xpress10 (scheme 6) compression is not supported: its decoder is not published",
        )),
        Scheme::Unknown(id) => Err(Error::with(
            ErrorCode::FeatureNotAvailable,
            format!("unknown compression scheme {id}"),
        )),
    }
}

/// Compresses with the 7-bit schemes the way ESE chooses between them: 7-bit
/// Unicode when the data is UTF-16 with every unit < 0x80, else 7-bit ASCII when
/// every byte is < 0x80; `None` when neither applies or the result is not
/// smaller than the input.
pub fn compress_seven_bit(data: &[u8]) -> Option<Vec<u8>> {
    sevenbit::compress_unicode(data).or_else(|| sevenbit::compress_ascii(data))
}

/// Size of the Xpress10 header: scheme byte, u16 size, u32 CRC, u64 CRC.
const XPRESS10_HEADER_SIZE: usize = 15;

/// A `DecompressionFailed` error with a detail.
pub(crate) fn corrupt(detail: impl Into<String>) -> Error {
    Error::with(ErrorCode::DecompressionFailed, detail)
}

/// The error for a declared size above the caller's limit.
pub(crate) fn too_large(scheme: Scheme, size: usize, limit: usize) -> Error {
    corrupt(format!(
        "{} value declares {size} bytes, more than the limit of {limit}",
        scheme.name()
    ))
}

/// A little-endian u16 at `at`, if the slice holds it.
pub(crate) fn read_u16(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

/// A little-endian u32 at `at`, if the slice holds it.
pub(crate) fn read_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}
