//! XPRESS (scheme 3): MS-XCA "plain LZ77", as ESE's own decoder (`_xpress`,
//! `XpressDecode` built with `CODING_DIRECT2`) reads it.
//!
//! Value layout: byte 0 = `3 << 3`, bytes 1–2 = uncompressed size (u16 LE), then
//! the LZ77 stream: a u32 LE flag word whose 32 bits, most significant first,
//! say literal (0) or match (1); literals are single bytes; a match is a u16 LE
//! `(offset − 1) << 3 | (length − 3)`, where length field 7 extends through a
//! shared nibble (low half first), then a byte, then a u16 (the full length − 3,
//! which must be at least 277), exactly as [MS-XCA] 2.3/2.4 describe.
//!
//! ESE's decoder is stricter than MS-XCA in ways kept here:
//! * the stream ends when the output is full and the *next* flag bit is 1 (a
//!   literal flag at that point, or a match running past the declared size, is
//!   corruption); trailing input is ignored;
//! * a size of 0 decodes to nothing; an input as long as the declared size is
//!   stored raw; otherwise the size must exceed 8, the stream must be at least
//!   8 bytes and not longer than the size.
//!
//! The encoder writes the same format with a greedy hash-chain match finder
//! (offsets ≤ 8192); ESE keeps the result only when it is smaller than the input.

use super::{corrupt, read_u16, read_u32, too_large, Scheme};
use crate::Result;

/// Bytes before the LZ77 stream: the scheme byte and the u16 size.
const HEADER_SIZE: usize = 3;
/// ESE's `MIN_SIZE`: smaller sizes and streams are refused.
const MIN_SIZE: usize = 8;
/// The largest match offset a 13-bit offset field can express.
const MAX_OFFSET: usize = 1 << 13;
/// The shortest match.
const MIN_MATCH: usize = 3;

/// Decodes an XPRESS value (scheme byte not checked here).
pub(crate) fn decompress(value: &[u8], limit: usize) -> Result<Vec<u8>> {
    let size = read_u16(value, 1).ok_or_else(|| corrupt("XPRESS value shorter than its header"))?;
    let size = usize::from(size);
    if size > limit {
        return Err(too_large(Scheme::Xpress, size, limit));
    }
    decode_stream(value.get(HEADER_SIZE..).unwrap_or_default(), size)
}

/// Decodes a plain LZ77 stream that must produce exactly `size` bytes.
pub fn decode_stream(input: &[u8], size: usize) -> Result<Vec<u8>> {
    if size == 0 {
        return Ok(Vec::new());
    }
    if input.len() == size {
        return Ok(input.to_vec());
    }
    if size < input.len() || size <= MIN_SIZE || input.len() < MIN_SIZE {
        return Err(corrupt(format!(
            "XPRESS stream of {} bytes cannot hold {size} bytes",
            input.len()
        )));
    }
    let mut out = Vec::with_capacity(size);
    let mut pos = 0usize;
    let mut nibble_at: Option<usize> = None;
    loop {
        let flags = read_u32(input, pos).ok_or_else(|| truncated(&out))?;
        pos += 4;
        for bit in (0..32).rev() {
            if (flags >> bit) & 1 == 0 {
                if out.len() >= size {
                    return Err(corrupt("XPRESS literal past the declared size"));
                }
                let &b = input.get(pos).ok_or_else(|| truncated(&out))?;
                out.push(b);
                pos += 1;
                continue;
            }
            if out.len() >= size {
                return Ok(out); // a match flag at the end marks the end of data
            }
            let token = usize::from(read_u16(input, pos).ok_or_else(|| truncated(&out))?);
            pos += 2;
            let offset = (token >> 3) + 1;
            let length = match_length(input, &mut pos, &mut nibble_at, token & 7)
                .ok_or_else(|| truncated(&out))??;
            if offset > out.len() {
                return Err(corrupt(format!(
                    "XPRESS match offset {offset} before the start of the output ({})",
                    out.len()
                )));
            }
            if length > size - out.len() {
                return Err(corrupt("XPRESS match runs past the declared size"));
            }
            let from = out.len() - offset;
            for i in 0..length {
                let b = out[from + i];
                out.push(b);
            }
        }
    }
}

/// Reads the rest of a match length whose 3-bit field is `short`; `None` when
/// the input ends, `Some(Err)` for a length ESE refuses.
fn match_length(
    input: &[u8],
    pos: &mut usize,
    nibble_at: &mut Option<usize>,
    short: usize,
) -> Option<Result<usize>> {
    if short < 7 {
        return Some(Ok(short + MIN_MATCH));
    }
    let nibble = match nibble_at.take() {
        Some(at) => usize::from(*input.get(at)? >> 4),
        None => {
            let b = *input.get(*pos)?;
            *nibble_at = Some(*pos);
            *pos += 1;
            usize::from(b & 15)
        }
    };
    if nibble < 15 {
        return Some(Ok(nibble + 7 + MIN_MATCH));
    }
    let byte = usize::from(*input.get(*pos)?);
    *pos += 1;
    if byte < 255 {
        return Some(Ok(byte + 15 + 7 + MIN_MATCH));
    }
    let word = usize::from(read_u16(input, *pos)?);
    *pos += 2;
    if word < 255 + 15 + 7 {
        return Some(Err(corrupt(format!(
            "XPRESS long match length {word} too small"
        ))));
    }
    Some(Ok(word + MIN_MATCH))
}

fn truncated(out: &[u8]) -> crate::Error {
    corrupt(format!(
        "XPRESS stream ends after {} output bytes",
        out.len()
    ))
}

/// Compresses `data` into an XPRESS value (header included); `None` when ESE
/// could not store it: more than 65535 bytes, too small for the decoder, or not
/// smaller than the input.
pub fn compress(data: &[u8]) -> Option<Vec<u8>> {
    let size = u16::try_from(data.len()).ok()?;
    if data.len() <= MIN_SIZE {
        return None;
    }
    let mut out = Vec::with_capacity(data.len());
    out.push(Scheme::Xpress.header_byte(0));
    out.extend_from_slice(&size.to_le_bytes());
    encode_stream(data, &mut out);
    let stream_len = out.len() - HEADER_SIZE;
    if stream_len < MIN_SIZE || out.len() >= data.len() {
        return None;
    }
    Some(out)
}

/// Appends the plain LZ77 encoding of `data` to `out`.
fn encode_stream(data: &[u8], out: &mut Vec<u8>) {
    let mut enc = FlagWriter::new(out);
    let mut head = vec![usize::MAX; 1 << 12];
    let mut prev = vec![usize::MAX; data.len()];
    let mut i = 0;
    while i < data.len() {
        let (offset, length) = find_match(data, i, &head, &prev);
        let step = if length >= MIN_MATCH {
            enc.push_match(offset, length);
            length
        } else {
            enc.push_literal(data[i]);
            1
        };
        for p in i..i + step {
            insert(data, p, &mut head, &mut prev);
        }
        i += step;
    }
    enc.finish();
}

fn hash3(data: &[u8], at: usize) -> Option<usize> {
    let b = data.get(at..at + 3)?;
    let v = u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16;
    Some((v.wrapping_mul(0x9E37_79B1) >> 20) as usize)
}

fn insert(data: &[u8], at: usize, head: &mut [usize], prev: &mut [usize]) {
    if let Some(h) = hash3(data, at) {
        prev[at] = head[h];
        head[h] = at;
    }
}

/// The longest match for position `at` among the last few candidates.
fn find_match(data: &[u8], at: usize, head: &[usize], prev: &[usize]) -> (usize, usize) {
    let Some(h) = hash3(data, at) else {
        return (0, 0);
    };
    let (mut best_off, mut best_len) = (0, 0);
    let mut cand = head[h];
    let mut tries = 32;
    while cand != usize::MAX && tries > 0 && at - cand <= MAX_OFFSET {
        let len = data[cand..]
            .iter()
            .zip(&data[at..])
            .take_while(|(a, b)| a == b)
            .count();
        if len > best_len {
            (best_off, best_len) = (at - cand, len);
        }
        cand = prev[cand];
        tries -= 1;
    }
    (best_off, best_len)
}

/// Writes flag words and tokens in stream order.
struct FlagWriter<'a> {
    out: &'a mut Vec<u8>,
    flag_at: usize,
    flags: u32,
    count: u32,
    nibble_at: Option<usize>,
}

impl<'a> FlagWriter<'a> {
    fn new(out: &'a mut Vec<u8>) -> Self {
        let flag_at = out.len();
        out.extend_from_slice(&[0; 4]);
        FlagWriter {
            out,
            flag_at,
            flags: 0,
            count: 0,
            nibble_at: None,
        }
    }

    fn push_flag(&mut self, bit: u32) {
        self.flags = self.flags << 1 | bit;
        self.count += 1;
        if self.count == 32 {
            self.out[self.flag_at..self.flag_at + 4].copy_from_slice(&self.flags.to_le_bytes());
            self.flag_at = self.out.len();
            self.out.extend_from_slice(&[0; 4]);
            self.flags = 0;
            self.count = 0;
        }
    }

    fn push_literal(&mut self, b: u8) {
        self.out.push(b);
        self.push_flag(0);
    }

    fn push_match(&mut self, offset: usize, length: usize) {
        let extra = length - MIN_MATCH;
        let short = extra.min(7);
        let token = ((offset - 1) << 3 | short) as u16;
        self.out.extend_from_slice(&token.to_le_bytes());
        if short == 7 {
            let rest = extra - 7;
            let nibble = rest.min(15) as u8;
            match self.nibble_at.take() {
                Some(at) => self.out[at] |= nibble << 4,
                None => {
                    self.nibble_at = Some(self.out.len());
                    self.out.push(nibble);
                }
            }
            if rest >= 15 {
                let rest = rest - 15;
                if rest < 255 {
                    self.out.push(rest as u8);
                } else {
                    self.out.push(255);
                    self.out.extend_from_slice(&(extra as u16).to_le_bytes());
                }
            }
        }
        self.push_flag(1);
    }

    /// Pads the open flag word with 1s: the first of them marks the end.
    fn finish(self) {
        let pad = 32 - self.count;
        let flags = ((u64::from(self.flags) << pad) | ((1u64 << pad) - 1)) as u32;
        self.out[self.flag_at..self.flag_at + 4].copy_from_slice(&flags.to_le_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xpress_round_trips_repetitive_and_long_matches() {
        let mut data = b"abcabcabcabc hello hello hello ".repeat(40);
        data.extend_from_slice(&[b'z'; 3000]);
        data.extend((0..=255u8).cycle().take(600));
        let c = compress(&data).unwrap();
        assert!(c.len() < data.len());
        assert_eq!(decompress(&c, usize::MAX).unwrap(), data);
    }

    #[test]
    fn xpress_end_marker_needs_a_match_flag() {
        let data = b"0123456789".repeat(10);
        let mut c = compress(&data).unwrap();
        // Turn every padding flag into a literal flag: the end is then corrupt.
        c[3..7].copy_from_slice(&[0, 0, 0, 0]);
        assert!(decompress(&c, usize::MAX).is_err());
    }
}
