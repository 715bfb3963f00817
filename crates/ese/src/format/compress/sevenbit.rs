//! The 7-bit schemes (ids 1 and 2): text whose characters are all below 0x80,
//! stored as 7-bit codes.
//!
//! Layout (`ErrCompress7BitAscii_` / `ErrCompress7BitUnicode_`): byte 0 is
//! `scheme << 3 | (bits used in the last byte − 1)`; the codes follow as one
//! little-endian bit stream, each code's least significant bit first, so code
//! `i` occupies stream bits `7i .. 7i+7` counted from bit 0 of byte 1. ASCII
//! packs each byte; Unicode packs the low byte of each UTF-16LE unit and
//! decoding restores the zero high byte.
//!
//! The code count is what ESE computes: `((len − 2) · 8 + last_bits) / 7`,
//! rounded down, and 0 for a one-byte value. A count that is not a whole number
//! of codes is not an error to ESE, so it is not one here either. Output size is
//! bounded by the input (at most 16/7 of it), so no value is a memory bomb.

use super::{too_large, Scheme};
use crate::Result;

/// The number of 7-bit codes a 7-bit value holds, by ESE's arithmetic.
pub fn char_count(value: &[u8]) -> usize {
    let Some(&first) = value.first() else {
        return 0;
    };
    if value.len() < 2 {
        return 0;
    }
    let last_bits = usize::from(first & 7) + 1;
    (value.len() - 2)
        .saturating_mul(8)
        .saturating_add(last_bits)
        / 7
}

/// Decodes a 7-bit value (ASCII, or UTF-16LE when `wide`); the scheme byte is
/// not checked here.
pub(crate) fn decompress(value: &[u8], wide: bool, limit: usize) -> Result<Vec<u8>> {
    let count = char_count(value);
    let out_len = if wide { count.saturating_mul(2) } else { count };
    if out_len > limit {
        let scheme = if wide {
            Scheme::SevenBitUnicode
        } else {
            Scheme::SevenBitAscii
        };
        return Err(too_large(scheme, out_len, limit));
    }
    let mut out = Vec::with_capacity(out_len);
    let mut acc: u32 = 0;
    let mut acc_bits = 0u32;
    // `count` codes need at most (len - 1) * 8 bits, so the payload never runs out.
    let mut payload = value.iter().skip(1);
    for _ in 0..count {
        while acc_bits < 7 {
            let Some(&b) = payload.next() else {
                return Ok(out);
            };
            acc |= u32::from(b) << acc_bits;
            acc_bits += 8;
        }
        out.push((acc & 0x7F) as u8);
        if wide {
            out.push(0);
        }
        acc >>= 7;
        acc_bits -= 7;
    }
    Ok(out)
}

/// Packs ASCII data as a 7-bit ASCII value; `None` when the data is empty, has a
/// byte ≥ 0x80, or would not shrink (ESE's rule).
pub fn compress_ascii(data: &[u8]) -> Option<Vec<u8>> {
    if data.is_empty() || data.iter().any(|&b| b >= 0x80) {
        return None;
    }
    pack(
        Scheme::SevenBitAscii,
        data.iter().copied(),
        data.len(),
        data.len(),
    )
}

/// Packs UTF-16LE data as a 7-bit Unicode value; `None` when the data is empty,
/// of odd length, has a unit ≥ 0x80, or would not shrink (ESE's rule).
pub fn compress_unicode(data: &[u8]) -> Option<Vec<u8>> {
    if data.is_empty() || data.len() & 1 != 0 {
        return None;
    }
    let units = data.chunks_exact(2);
    if units.clone().any(|u| u[0] >= 0x80 || u[1] != 0) {
        return None;
    }
    let codes = data.chunks_exact(2).map(|u| u[0]);
    pack(Scheme::SevenBitUnicode, codes, data.len() / 2, data.len())
}

/// Writes the header byte and `count` 7-bit codes; `None` if the result would
/// not be smaller than `input_len`.
fn pack(
    scheme: Scheme,
    codes: impl Iterator<Item = u8>,
    count: usize,
    input_len: usize,
) -> Option<Vec<u8>> {
    let total_bits = count.checked_mul(7)?;
    let size = total_bits.div_ceil(8) + 1;
    if size >= input_len {
        return None;
    }
    let last_bits = (total_bits - 1) % 8; // stored as (bits used in last byte) − 1
    let mut out = Vec::with_capacity(size);
    out.push(scheme.header_byte(last_bits as u8));
    let mut acc: u32 = 0;
    let mut acc_bits = 0u32;
    for code in codes {
        acc |= u32::from(code & 0x7F) << acc_bits;
        acc_bits += 7;
        while acc_bits >= 8 {
            out.push(acc as u8);
            acc >>= 8;
            acc_bits -= 8;
        }
    }
    if acc_bits > 0 {
        out.push(acc as u8);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_matches_ese_unit_test_sizes() {
        // ESE's own unit test: 16 ASCII bytes -> 15 bytes, 2 UTF-16 units -> 3.
        let c = compress_ascii(b"1234567890ABCDEF").unwrap();
        assert_eq!(c.len(), 15);
        assert_eq!(decompress(&c, false, 100).unwrap(), b"1234567890ABCDEF");
        let u = compress_unicode(&[b'1', 0, b'2', 0]).unwrap();
        assert_eq!(u.len(), 3);
        assert_eq!(decompress(&u, true, 100).unwrap(), [b'1', 0, b'2', 0]);
    }

    #[test]
    fn ascii_layout_matches_ese_comment_example() {
        // compression.cxx documents "01234567" packing to B0 98 6C 46 AB D9 6E.
        let c = pack(Scheme::SevenBitAscii, b"01234567".iter().copied(), 8, 100).unwrap();
        assert_eq!(&c[1..], [0xB0, 0x98, 0x6C, 0x46, 0xAB, 0xD9, 0x6E]);
    }

    #[test]
    fn refuses_what_does_not_shrink_or_fit() {
        assert!(compress_ascii(b"foo").is_none());
        assert!(compress_ascii(&[0x80; 32]).is_none());
        assert!(compress_unicode(&[b'f', 0]).is_none());
        assert!(compress_unicode(&[b'a', 1, b'b', 0, b'c', 0]).is_none());
    }
}
