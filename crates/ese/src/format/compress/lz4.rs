//! LZ4 (scheme 7): a raw LZ4 block (no frame, no checksum) after a 3-byte header.
//!
//! Value layout (`Lz4Header` in `compression.cxx`): byte 0 = `7 << 3`, bytes
//! 1–2 = uncompressed size (u16 LE), then the block as `LZ4_compress_default`
//! writes it. ESE decodes with `LZ4_decompress_safe_partial` into a buffer of
//! the declared size; here the block must decode to exactly that size, and a
//! size of 0 is an empty value (ESE never reads a byte of such a value).
//! Decoding and encoding are `lz4_flex`'s safe block codec.

use super::{corrupt, read_u16, too_large, Scheme};
use crate::Result;

/// Bytes before the LZ4 block: the scheme byte and the u16 size.
const HEADER_SIZE: usize = 3;

/// Decodes an LZ4 value (scheme byte not checked here).
pub(crate) fn decompress(value: &[u8], limit: usize) -> Result<Vec<u8>> {
    let size = read_u16(value, 1).ok_or_else(|| corrupt("LZ4 value shorter than its header"))?;
    let size = usize::from(size);
    if size > limit {
        return Err(too_large(Scheme::Lz4, size, limit));
    }
    if size == 0 {
        return Ok(Vec::new());
    }
    let block = value.get(HEADER_SIZE..).unwrap_or_default();
    let mut out = vec![0u8; size];
    match lz4_flex::block::decompress_into(block, &mut out) {
        Ok(n) if n == size => Ok(out),
        Ok(n) => Err(corrupt(format!(
            "LZ4 block decodes to {n} bytes, the header says {size}"
        ))),
        Err(e) => Err(corrupt(format!("LZ4 block is corrupt: {e}"))),
    }
}

/// Compresses `data` into an LZ4 value (header included); `None` when ESE could
/// not store it: more than 65535 bytes, or not smaller than the input.
pub fn compress(data: &[u8]) -> Option<Vec<u8>> {
    let size = u16::try_from(data.len()).ok()?;
    let block = lz4_flex::block::compress(data);
    if block.is_empty() || block.len() + HEADER_SIZE >= data.len() {
        return None;
    }
    let mut out = Vec::with_capacity(block.len() + HEADER_SIZE);
    out.push(Scheme::Lz4.header_byte(0));
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(&block);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lz4_round_trips_and_checks_size() {
        let data = b"lz4 lz4 lz4 lz4 lz4 lz4 lz4 lz4 lz4 lz4 lz4 lz4!".repeat(20);
        let mut c = compress(&data).unwrap();
        assert_eq!(decompress(&c, usize::MAX).unwrap(), data);
        c[1] ^= 1; // declared size no longer matches
        assert!(decompress(&c, usize::MAX).is_err());
    }
}
