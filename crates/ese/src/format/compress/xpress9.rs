//! Xpress9 (scheme 5): LZ77 with canonical Huffman coding and move-to-front
//! match offsets, from Microsoft's `_xpress9` library as ESE uses it.
//!
//! Value layout (`Xpress9Header` in `compression.cxx`): byte 0 = `5 << 3`,
//! bytes 1–4 = CRC-32C of the uncompressed data (u32 LE), then one Xpress9
//! block. ESE fetches the output of the *first* block only and then checks the
//! CRC, so a value is exactly one block; bytes after the block are ignored.
//!
//! Block layout (`LZ77_BLOCK_HEADER`, all u32 LE): magic 0x4E86D72A, original
//! size, encoded size in bits (header included), flags, reserved (0), session
//! signature, block index (0), CRC-32C of the first 28 bytes. Flags: bits 0–12
//! = size of the table section in bits, 13–15 = log2(window) − 16, 16–17 = MTF
//! entry count / 2 (0, 2 or 4), bit 18 = pointer min match − 3, bit 19 = MTF min
//! match − 2, bits 20–31 = 0. After the header comes an LSB-first bit stream:
//! the initial MTF state (1 bit "last token was a pointer", then per entry a
//! 5-bit msb and an offset), the code lengths of the 704-symbol short alphabet
//! (literals and length/offset slots) and of the 256-symbol long-length
//! alphabet, then the LZ77 tokens.
//!
//! What must hold (the decoder's checks, kept from `Xpress9DecLz77.c` and
//! `Xpress9DecHuffman.c`): the table section ends exactly at its declared bit
//! size, the tokens produce exactly the original size and end exactly at the
//! encoded bit size, offsets never reach before the output, every Huffman code
//! is complete (or a single symbol), and the output CRC matches. Any failure is
//! `DecompressionFailed` (ESE says `JET_errCompressionIntegrityCheckFailed` for
//! a CRC mismatch, a code our error table lacks). The one leniency: ESE's table
//! builder has room for 64 second-level tables and fails beyond; this canonical
//! decoder has no such limit. Work is bounded by the declared output size (which
//! is checked against the caller's limit before anything is allocated); ESE's
//! own decoder, by contrast, can spin forever on some corrupt streams.

use super::crc32c::crc32c;
use super::{corrupt, read_u32, too_large, Scheme};
use crate::Result;

/// Bytes of ESE's header before the block: scheme byte and output CRC.
const ESE_HEADER_SIZE: usize = 5;
/// Bytes of the block header.
const BLOCK_HEADER_SIZE: usize = 32;
/// `XPRESS9_MAGIC`.
const MAGIC: u32 = 0x4E86_D72A;
/// Literals (256) plus 16 lengths for each of 24 + 4 offset slots.
const SHORT_ALPHABET: usize = 256 + (28 << 4);
/// Symbols of the long-length alphabet.
const LONG_ALPHABET: usize = 256;
/// Long-length symbols from here on carry extra bits.
const MAX_LONG_LENGTH: usize = LONG_ALPHABET - 24;
/// The short length field that announces a long length.
const SHORT_LENGTH_ESCAPE: usize = 15;
/// The longest codeword any table may declare.
const MAX_CODEWORD_LENGTH: u8 = 27;
/// Symbols of the small alphabet that codes the code lengths.
const SMALL_ALPHABET: usize = MAX_CODEWORD_LENGTH as usize + 6;
/// Small-alphabet symbol: zeros up to the next multiple of 16.
const LEN_FILL: u16 = 28;
/// Small-alphabet symbol: a run of zeros.
const LEN_ZERO_RUN: u16 = 29;
/// Small-alphabet symbol: repeat the last non-zero length.
const LEN_PREV: u16 = 30;
/// Small-alphabet symbol: the length 16 symbols back.
const LEN_ROW: u16 = 31;
/// Small-alphabet symbol: the length 16 symbols back, plus one.
const LEN_ROW_PLUS_1: u16 = 32;
/// Row width for `LEN_FILL`, `LEN_ROW` and zero runs.
const FILL_BOUNDARY: usize = 16;

/// The decoded block header.
struct BlockHeader {
    orig_size: usize,
    encoded_bits: usize,
    table_bits: usize,
    window_log2: u32,
    mtf_count: usize,
    ptr_min_match: usize,
    mtf_min_match: usize,
}

/// The output size an Xpress9 value declares, if its block header is valid.
pub(crate) fn declared_size(value: &[u8]) -> Option<usize> {
    let block = value.get(ESE_HEADER_SIZE..)?;
    parse_header(block).ok().map(|h| h.orig_size)
}

/// Decodes an Xpress9 value (scheme byte not checked here).
pub(crate) fn decompress(value: &[u8], limit: usize) -> Result<Vec<u8>> {
    let crc = read_u32(value, 1).ok_or_else(|| corrupt("Xpress9 value shorter than its header"))?;
    let block = value.get(ESE_HEADER_SIZE..).unwrap_or_default();
    let header = parse_header(block)?;
    if header.orig_size > limit {
        return Err(too_large(Scheme::Xpress9, header.orig_size, limit));
    }
    if header.orig_size == 0 {
        // ESE asks for the size first and never decodes a zero-size block; only
        // the CRC (of nothing) is checked.
        return if crc == crc32c(&[]) {
            Ok(Vec::new())
        } else {
            Err(corrupt("Xpress9 output fails its CRC-32C check"))
        };
    }
    let stream_len = header.encoded_bits.div_ceil(8);
    let stream = block.get(..stream_len).ok_or_else(|| {
        corrupt(format!(
            "Xpress9 block declares {stream_len} bytes, the value holds {}",
            block.len()
        ))
    })?;
    let out = decode_block(stream, &header)?;
    if crc32c(&out) != crc {
        return Err(corrupt("Xpress9 output fails its CRC-32C check"));
    }
    Ok(out)
}

/// Parses and checks the 32-byte block header at the start of `block`.
fn parse_header(block: &[u8]) -> Result<BlockHeader> {
    let raw = block
        .get(..BLOCK_HEADER_SIZE)
        .ok_or_else(|| corrupt("Xpress9 block header truncated"))?;
    let word = |i: usize| read_u32(raw, i * 4).unwrap_or_default();
    if word(0) != MAGIC {
        return Err(corrupt("Xpress9 block header has a bad magic"));
    }
    if word(6) != 0 || word(4) != 0 {
        return Err(corrupt("Xpress9 block is not a first block"));
    }
    if crc32c(&raw[..28]) != word(7) {
        return Err(corrupt("Xpress9 block header fails its CRC-32C check"));
    }
    let flags = word(3);
    if flags >> 20 != 0 || (flags >> 16) & 3 == 3 {
        return Err(corrupt(format!("Xpress9 block flags {flags:#x} invalid")));
    }
    let header = BlockHeader {
        orig_size: word(1) as usize,
        encoded_bits: word(2) as usize,
        table_bits: (flags & 0x1FFF) as usize,
        window_log2: ((flags >> 13) & 7) + 16,
        mtf_count: (((flags >> 16) & 3) << 1) as usize,
        ptr_min_match: ((flags >> 18) & 1) as usize + 3,
        mtf_min_match: ((flags >> 19) & 1) as usize + 2,
    };
    if header.encoded_bits <= header.table_bits + BLOCK_HEADER_SIZE * 8 {
        return Err(corrupt("Xpress9 block is no larger than its tables"));
    }
    Ok(header)
}

/// Decodes the bit stream of one block (`stream` starts at the block header).
fn decode_block(stream: &[u8], h: &BlockHeader) -> Result<Vec<u8>> {
    let mut bits = BitReader::new(stream, BLOCK_HEADER_SIZE);
    let mut mtf = Mtf::default();
    if h.mtf_count > 0 {
        mtf.last_was_pointer = bits.read(1) != 0;
        for slot in mtf.offsets.iter_mut().take(h.mtf_count) {
            let msb = bits.read(5);
            if msb >= h.window_log2 {
                return Err(corrupt("Xpress9 MTF offset wider than the window"));
            }
            *slot = bits.read(msb) as usize + (1usize << msb);
        }
    }
    let short = Huffman::new(&decode_lengths(&mut bits, SHORT_ALPHABET)?)?;
    let long = Huffman::new(&decode_lengths(&mut bits, LONG_ALPHABET)?)?;
    if bits.consumed() != BLOCK_HEADER_SIZE * 8 + h.table_bits {
        return Err(corrupt("Xpress9 tables do not end at their declared size"));
    }
    let mut out = Vec::with_capacity(h.orig_size.min(1 << 20));
    while out.len() < h.orig_size {
        let symbol = usize::from(short.decode(&mut bits)?);
        if symbol < 256 {
            out.push(symbol as u8);
            mtf.last_was_pointer = false;
        } else {
            let (offset, length) = decode_pointer(symbol - 256, &mut bits, &long, &mut mtf, h)?;
            copy_match(&mut out, offset, length, h.orig_size)?;
        }
        if bits.consumed() > h.encoded_bits {
            return Err(corrupt("Xpress9 tokens run past the encoded size"));
        }
    }
    if bits.consumed() != h.encoded_bits {
        return Err(corrupt("Xpress9 tokens do not end at the encoded size"));
    }
    Ok(out)
}

/// Decodes the length and offset of a pointer token whose short symbol, less
/// the 256 literals, is `code`; updates the MTF state.
fn decode_pointer(
    code: usize,
    bits: &mut BitReader,
    long: &Huffman,
    mtf: &mut Mtf,
    h: &BlockHeader,
) -> Result<(usize, usize)> {
    // Low four bits: length (15 escapes to the long alphabet); the rest: slot.
    let mut length = code & 15;
    let slot = code >> 4;
    if length == SHORT_LENGTH_ESCAPE {
        let mut extended = usize::from(long.decode(bits)?);
        if extended >= MAX_LONG_LENGTH {
            let extra = (extended - MAX_LONG_LENGTH) as u32;
            extended = bits.read(extra) as usize + (1usize << extra) + MAX_LONG_LENGTH - 1;
        }
        length = extended + SHORT_LENGTH_ESCAPE;
    }
    let offset = if slot < h.mtf_count {
        length += h.mtf_min_match;
        // Right after a pointer, entry 0 would repeat it: the codes shift by one.
        let index = slot + usize::from(mtf.last_was_pointer);
        if index >= h.mtf_count {
            return Err(corrupt("Xpress9 MTF reference out of range"));
        }
        mtf.promote(index)
    } else {
        length += h.ptr_min_match;
        let msb = (slot - h.mtf_count) as u32;
        let offset = bits.read(msb) as usize + (1usize << msb);
        mtf.push(offset, h.mtf_count);
        offset
    };
    mtf.last_was_pointer = true;
    Ok((offset, length))
}

/// Appends `length` bytes copied from `offset` bytes back (overlap allowed).
fn copy_match(out: &mut Vec<u8>, offset: usize, length: usize, size: usize) -> Result<()> {
    if offset == 0 || offset > out.len() {
        return Err(corrupt(format!(
            "Xpress9 match offset {offset} before the start of the output ({})",
            out.len()
        )));
    }
    if length > size - out.len() {
        return Err(corrupt("Xpress9 match runs past the original size"));
    }
    let from = out.len() - offset;
    for i in 0..length {
        let b = out[from + i];
        out.push(b);
    }
    Ok(())
}

/// The move-to-front list of recent match offsets.
#[derive(Default)]
struct Mtf {
    last_was_pointer: bool,
    offsets: [usize; 4],
}

impl Mtf {
    /// Uses entry `index` and moves it to the front.
    fn promote(&mut self, index: usize) -> usize {
        let offset = self.offsets[index];
        self.offsets.copy_within(0..index, 1);
        self.offsets[0] = offset;
        offset
    }

    /// Puts a new offset at the front of the first `count` entries.
    fn push(&mut self, offset: usize, count: usize) {
        if count > 0 {
            self.offsets.copy_within(0..count - 1, 1);
            self.offsets[0] = offset;
        }
    }
}

/// Reads the code lengths of an alphabet (`HuffmanDecodeLengthTable`).
fn decode_lengths(bits: &mut BitReader, alphabet: usize) -> Result<Vec<u8>> {
    let mut lengths = vec![0u8; alphabet];
    match bits.read(3) {
        0 => {
            // "Stored": the first 2^(m+1) - n symbols get m bits, the rest m + 1.
            let msb = usize::BITS - 1 - alphabet.leading_zeros();
            let short = (1usize << (msb + 1)) - alphabet;
            for (i, len) in lengths.iter_mut().enumerate() {
                *len = if i < short { msb as u8 } else { msb as u8 + 1 };
            }
            return Ok(lengths);
        }
        1 => {}
        k => return Err(corrupt(format!("Xpress9 table encoding {k} unknown"))),
    }
    let small = Huffman::new(&decode_small_lengths(bits)?)?;
    let mut prev = 8u8;
    let mut i = 0;
    while i < alphabet {
        match small.decode(bits)? {
            LEN_FILL => loop {
                lengths[i] = 0;
                i += 1;
                if i % FILL_BOUNDARY == 0 || i >= alphabet {
                    break;
                }
            },
            LEN_ZERO_RUN => {
                let run = zero_run(bits, i, alphabet)?;
                lengths[i..i + run].fill(0);
                i += run;
            }
            LEN_PREV => {
                lengths[i] = prev;
                i += 1;
            }
            sym @ (LEN_ROW | LEN_ROW_PLUS_1) => {
                let above = i
                    .checked_sub(FILL_BOUNDARY)
                    .map(|j| lengths[j])
                    .ok_or_else(|| corrupt("Xpress9 length row reference in the first row"))?;
                // "Same as above" must copy a used symbol; "above + 1" may not.
                let len = above + u8::from(sym == LEN_ROW_PLUS_1);
                if len == 0 || len > MAX_CODEWORD_LENGTH {
                    return Err(corrupt("Xpress9 length row reference invalid"));
                }
                lengths[i] = len;
                prev = len;
                i += 1;
            }
            sym if sym <= u16::from(MAX_CODEWORD_LENGTH) => {
                lengths[i] = sym as u8;
                if sym != 0 {
                    prev = sym as u8;
                }
                i += 1;
            }
            sym => return Err(corrupt(format!("Xpress9 length symbol {sym} invalid"))),
        }
    }
    Ok(lengths)
}

/// Reads the length of a zero run starting at symbol `i`; the run must stay in
/// the alphabet and within one 16-symbol row.
fn zero_run(bits: &mut BitReader, i: usize, alphabet: usize) -> Result<usize> {
    let fits = |run: usize| i + run <= alphabet && (i ^ (i + run)) < FILL_BOUNDARY;
    let mut k = bits.read(2) as usize;
    let mut run = k + 5;
    if k == 3 {
        loop {
            k = bits.read(3) as usize;
            run += k;
            if !fits(run) {
                return Err(corrupt("Xpress9 zero run leaves its row"));
            }
            if k != 7 {
                break;
            }
        }
    }
    if !fits(run) {
        return Err(corrupt("Xpress9 zero run leaves its row"));
    }
    Ok(run)
}

/// Reads the 33 lengths of the small alphabet: each is "same as previous" (0)
/// or a 3-bit value that skips the previous one, starting from 4.
fn decode_small_lengths(bits: &mut BitReader) -> Result<[u8; SMALL_ALPHABET]> {
    let mut lengths = [0u8; SMALL_ALPHABET];
    let mut prev = 4u8;
    for len in lengths.iter_mut() {
        if bits.read(1) != 0 {
            let mut k = bits.read(3) as u8;
            if k >= prev {
                k += 1;
                if k > 8 {
                    return Err(corrupt("Xpress9 small table length above 8"));
                }
            }
            prev = k;
        }
        *len = prev;
    }
    Ok(lengths)
}

/// A canonical Huffman decoder: codes are assigned in order of (length, symbol)
/// and read most significant bit first from the LSB-first stream.
struct Huffman {
    /// Number of codes of each length.
    counts: [u32; 32],
    /// Symbols sorted by (length, symbol).
    symbols: Vec<u16>,
    max_len: usize,
    /// A one-symbol alphabet: (symbol, bits) as ESE's decode table yields it.
    single: Option<(u16, u32)>,
}

impl Huffman {
    fn new(lengths: &[u8]) -> Result<Huffman> {
        let mut counts = [0u32; 32];
        for &len in lengths {
            let slot = counts
                .get_mut(usize::from(len))
                .ok_or_else(|| corrupt("Xpress9 code length above 31"))?;
            *slot += 1;
        }
        counts[0] = 0;
        let used: u32 = counts.iter().sum();
        if used == 0 {
            return Err(corrupt("Xpress9 Huffman table is empty"));
        }
        let max_len = counts.iter().rposition(|&c| c != 0).unwrap_or(0);
        let mut symbols = Vec::with_capacity(used as usize);
        for len in 1..=max_len {
            for (sym, &l) in lengths.iter().enumerate() {
                if usize::from(l) == len {
                    symbols.push(sym as u16);
                }
            }
        }
        let single = if used == 1 {
            // ESE packs (symbol << 4) + length into one entry, so lengths of 16
            // and more spill into the symbol; reproduce that exactly.
            let sym = symbols.first().copied().unwrap_or(0);
            let len = max_len as u16;
            Some((sym + (len >> 4), u32::from(len & 15)))
        } else {
            check_complete(&counts)?;
            None
        };
        Ok(Huffman {
            counts,
            symbols,
            max_len,
            single,
        })
    }

    fn decode(&self, bits: &mut BitReader) -> Result<u16> {
        if let Some((sym, len)) = self.single {
            bits.skip(len);
            return Ok(sym);
        }
        let (mut code, mut first, mut index) = (0u32, 0u32, 0u32);
        for len in 1..=self.max_len {
            code |= bits.read(1);
            let count = self.counts[len];
            let delta = code
                .checked_sub(first)
                .ok_or_else(|| corrupt("Xpress9 Huffman state invalid"))?;
            if delta < count {
                let at = (index + delta) as usize;
                return self
                    .symbols
                    .get(at)
                    .copied()
                    .ok_or_else(|| corrupt("Xpress9 code"));
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err(corrupt("Xpress9 Huffman code not in table"))
    }
}

/// Checks that the code lengths describe a full binary tree (Kraft sum 1), as
/// `HuffmanDecodeVerifyTree` does.
fn check_complete(counts: &[u32; 32]) -> Result<()> {
    let mut nodes = 0u32;
    for &count in counts[1..].iter().rev() {
        nodes += count;
        if nodes & 1 != 0 {
            return Err(corrupt("Xpress9 Huffman code is not complete"));
        }
        nodes >>= 1;
    }
    if nodes != 1 {
        return Err(corrupt("Xpress9 Huffman code is not complete"));
    }
    Ok(())
}

/// An LSB-first bit reader that reads zeros past the end of its slice; callers
/// compare `consumed` with the declared size to catch reads past the end.
struct BitReader<'a> {
    data: &'a [u8],
    /// Next byte to load (may pass the end).
    pos: usize,
    buf: u64,
    count: u32,
}

impl<'a> BitReader<'a> {
    fn new(data: &'a [u8], start: usize) -> Self {
        BitReader {
            data,
            pos: start,
            buf: 0,
            count: 0,
        }
    }

    fn refill(&mut self) {
        while self.count <= 56 {
            let b = self.data.get(self.pos).copied().unwrap_or(0);
            self.buf |= u64::from(b) << self.count;
            self.count += 8;
            self.pos += 1;
        }
    }

    /// Drops `n` ≤ 32 bits.
    fn skip(&mut self, n: u32) {
        self.refill();
        self.buf >>= n;
        self.count -= n;
    }

    /// Reads `n` ≤ 32 bits, the first one least significant.
    fn read(&mut self, n: u32) -> u32 {
        self.refill();
        let v = (self.buf & ((1u64 << n) - 1)) as u32;
        self.buf >>= n;
        self.count -= n;
        v
    }

    /// Bits consumed since the start of the slice.
    fn consumed(&self) -> usize {
        self.pos * 8 - self.count as usize
    }
}
