//! Compression of long values and the chunks of separated long values, as ESE writes them
//! (`ErrRECAOIntrinsicLV`, `ErrLVITryCompress`, `ErrRECICreateLvRootAndChunks` in `lv.cxx`;
//! `CDataCompressor::ErrCompress` in `compression.cxx`).
//!
//! ESE's rules, for columns with the Compressed flag (the only ones it compresses):
//! * Data of at least 128 bytes is compressed only if a chi-squared test on its first 1024
//!   bytes (byte frequencies against a uniform spread) reaches 500: random-looking data is left
//!   alone.
//! * XPRESS is tried first when the data has at least 1024 bytes (`JET_paramMinDataForXpress`);
//!   its result is kept if it is no larger than what 7-bit Unicode would give. Otherwise 7-bit
//!   Unicode is tried (UTF-16 with every unit below 0x80), then, only when XPRESS did not work,
//!   7-bit ASCII (every byte below 0x80); either only when it shrinks the data. The databases
//!   this engine writes predate LZ4, Xpress9 and Xpress10, which ESE would only use when their
//!   format features are on.
//! * A value kept in the record is stored compressed only if the result has at least as many
//!   bytes as a LID (so compression never lets more columns into a record than older engines
//!   allow); only the first value of a multi-valued column can be.
//! * A separated value is cut into chunks of the table's chunk size, each compressed on its own
//!   and kept compressed only when that makes it shorter: a chunk shorter than the bytes it
//!   stands for is how readers recognise a compressed chunk.
//!
//! What must hold: every compressed result decompresses (`format::compress::decompress`) to its
//! input; 7-bit results equal ESE's byte for byte. XPRESS results are valid but not ESE's bytes
//! (ESE's match finder is not public), so their lengths, and in rare cases the choice between
//! XPRESS and 7-bit Unicode, can differ from ESE's.

use super::limits::MIN_DATA_FOR_XPRESS;
use crate::format::compress::{sevenbit, xpress};
use crate::format::lv::{lv_chunk_key, lv_root_key, Lid, LvRoot};

/// Data shorter than this skips the chi-squared test (`cbMinChiSquared`).
const CHI_SQUARED_MIN: usize = 128;
/// The test looks at most at this many leading bytes (`cbChiSquaredSample`).
const CHI_SQUARED_SAMPLE: usize = 1024;
/// The statistic must reach this for compression to be tried (`dChiSquaredThreshold`).
const CHI_SQUARED_THRESHOLD: f64 = 500.0;

/// The chi-squared statistic of the byte frequencies of `sample` against a uniform spread over
/// 256 values: Σ (observed − expected)² / expected, expected = len / 256
/// (`ChiSquaredSignificanceTest`).
pub fn chi_squared(sample: &[u8]) -> f64 {
    let mut freq = [0u32; 256];
    for &b in sample {
        freq[usize::from(b)] += 1;
    }
    let expected = sample.len() as f64 / 256.0;
    freq.iter()
        .map(|&f| {
            let d = f64::from(f) - expected;
            d * d / expected
        })
        .sum()
}

/// Whether ESE would try to compress `data` at all (the chi-squared gate).
fn worth_trying(data: &[u8]) -> bool {
    data.len() < CHI_SQUARED_MIN
        || chi_squared(&data[..data.len().min(CHI_SQUARED_SAMPLE)]) >= CHI_SQUARED_THRESHOLD
}

/// The size 7-bit Unicode would give (`CbCompressed7BitUnicode_`).
fn seven_bit_unicode_size(len: usize) -> usize {
    (len / 2 * 7).div_ceil(8) + 1
}

/// Compresses `data` as ESE does for a column with the Compressed flag (chi-squared gate,
/// XPRESS then the 7-bit schemes); `None` when ESE would store it as it is. `page_size` bounds
/// XPRESS as ESE's compressor does (`m_cbMax`).
pub fn compress_value(data: &[u8], page_size: usize) -> Option<Vec<u8>> {
    if !worth_trying(data) {
        return None;
    }
    let xpress = if data.len() >= MIN_DATA_FOR_XPRESS && data.len() <= page_size {
        xpress::compress(data)
    } else {
        None
    };
    match xpress {
        Some(x) if x.len() <= seven_bit_unicode_size(data.len()) => Some(x),
        Some(x) => sevenbit::compress_unicode(data).or(Some(x)),
        None => sevenbit::compress_unicode(data).or_else(|| sevenbit::compress_ascii(data)),
    }
}

/// One chunk of a separated long value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LvChunk {
    /// Offset of the chunk in the value (a multiple of the chunk size).
    pub offset: u32,
    /// The bytes stored in the chunk node: compressed exactly when shorter than the chunk.
    pub data: Vec<u8>,
}

/// A long value to write to the table's long-value tree: its root (reference count 1, the
/// value's size) and its chunks. The record holds its LID, which the caller assigns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LongValueWrite {
    /// The column the value belongs to.
    pub column_id: u32,
    /// Which value of the column (`itagSequence`, from 1).
    pub sequence: u32,
    /// The value's size in bytes (before compression).
    pub size: u32,
    /// The chunks, in offset order.
    pub chunks: Vec<LvChunk>,
}

impl LongValueWrite {
    /// Cuts `value` into chunks of `chunk_size` bytes, each compressed when `compressed` and
    /// ESE would keep the compressed form.
    pub(crate) fn new(
        column_id: u32,
        sequence: u32,
        value: &[u8],
        chunk_size: usize,
        compressed: bool,
        page_size: usize,
    ) -> LongValueWrite {
        let chunks = value
            .chunks(chunk_size.max(1))
            .enumerate()
            .map(|(i, chunk)| {
                let packed = compressed
                    .then(|| compress_value(chunk, page_size))
                    .flatten()
                    .filter(|c| c.len() < chunk.len());
                LvChunk {
                    // value.len() fits in u32 (checked by the caller), so every offset does
                    offset: (i * chunk_size) as u32,
                    data: packed.unwrap_or_else(|| chunk.to_vec()),
                }
            })
            .collect();
        LongValueWrite {
            column_id,
            sequence,
            size: value.len() as u32,
            chunks,
        }
    }

    /// The root node's data: one reference, the size, no flags.
    pub fn root(&self) -> LvRoot {
        LvRoot {
            refcount: 1,
            size: self.size,
            flags: 0,
        }
    }

    /// The long-value tree's nodes for this value under `lid`, in key order: the root, then the
    /// chunks.
    pub fn nodes(&self, lid: Lid) -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut out = Vec::with_capacity(self.chunks.len() + 1);
        out.push((lv_root_key(lid), self.root().encode()));
        for c in &self.chunks {
            out.push((lv_chunk_key(lid, c.offset), c.data.clone()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::compress::decompress;

    #[test]
    fn seven_bit_choices() {
        // 16 ASCII bytes shrink to 15 with 7-bit ASCII; 15 would not shrink.
        let a = compress_value(b"abcdefghijklmnop", 4096).unwrap();
        assert_eq!(a.len(), 15);
        assert_eq!(decompress(&a).unwrap(), b"abcdefghijklmnop");
        assert!(compress_value(b"abcdefghijklmno", 4096).is_none());
        // UTF-16 ASCII text prefers 7-bit Unicode.
        let u: Vec<u8> = "hello world!"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let c = compress_value(&u, 4096).unwrap();
        assert_eq!(c[0] >> 3, 2);
        assert_eq!(c.len(), seven_bit_unicode_size(u.len()));
        assert!(compress_value(&[0xFF; 64], 4096).is_none());
    }

    #[test]
    fn xpress_for_large_repetitive_data() {
        let data = b"0123456789abcdef".repeat(100);
        let c = compress_value(&data, 4096).unwrap();
        assert_eq!(c[0] >> 3, 3);
        assert_eq!(decompress(&c).unwrap(), data);
    }

    /// Bytes spread evenly over all 256 values.
    fn noise(n: usize) -> Vec<u8> {
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 32) as u8
            })
            .collect()
    }

    #[test]
    fn the_chi_squared_gate() {
        assert!(chi_squared(&noise(1024)) < CHI_SQUARED_THRESHOLD);
        assert!(!worth_trying(&noise(2000)));
        assert!(worth_trying(&noise(127)));
        // 7-bit data leaves half the byte values unused, which alone passes the gate.
        let seven: Vec<u8> = noise(1024).iter().map(|b| b & 0x7F).collect();
        assert!(chi_squared(&seven) >= CHI_SQUARED_THRESHOLD);
        assert!(chi_squared(&[b'a'; 1024]) > CHI_SQUARED_THRESHOLD);
    }

    #[test]
    fn chunks_compress_one_by_one() {
        let mut value = b"a".repeat(4014);
        value.extend(noise(3986));
        let lv = LongValueWrite::new(256, 1, &value, 4014, true, 4096);
        assert_eq!(lv.size, 8000);
        let offsets: Vec<u32> = lv.chunks.iter().map(|c| c.offset).collect();
        assert_eq!(offsets, [0, 4014]);
        assert!(lv.chunks[0].data.len() < 4014);
        assert!(decompress(&lv.chunks[0].data).unwrap() == value[..4014]);
        assert!(lv.chunks[1].data == value[4014..]);
        let nodes = lv.nodes(Lid::Lid32(7));
        assert_eq!(
            nodes[0],
            (vec![0, 0, 0, 7], vec![1, 0, 0, 0, 0x40, 0x1F, 0, 0])
        );
        assert_eq!(nodes[2].0, vec![0, 0, 0, 7, 0, 0, 0x0F, 0xAE]);
    }
}
