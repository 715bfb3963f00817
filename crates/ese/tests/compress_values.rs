//! Value compression: every scheme decodes real and reference vectors, the
//! encoders round-trip (and reproduce ESE's bytes), and no input panics or
//! allocates past the limit.

use ese::format::compress::{
    compress_seven_bit, decompress, decompress_with_limit, decompressed_size, lz4, scheme,
    sevenbit, xpress, Scheme, MAX_DECOMPRESSED_SIZE,
};
use ese::ErrorCode;

macro_rules! vector {
    ($name:literal) => {
        include_bytes!(concat!("data/compress/", $name))
    };
}

/// (name, value, expected output, scheme)
const REAL: &[(&str, &[u8], &[u8], Scheme)] = &[
    (
        "text_xpress_ascii",
        vector!("text_xpress_ascii.value"),
        vector!("text_xpress_ascii.out"),
        Scheme::Xpress,
    ),
    (
        "text_xpress_unicode",
        vector!("text_xpress_unicode.value"),
        vector!("text_xpress_unicode.out"),
        Scheme::Xpress,
    ),
    (
        "text_7bit_ascii",
        vector!("text_7bit_ascii.value"),
        vector!("text_7bit_ascii.out"),
        Scheme::SevenBitAscii,
    ),
    (
        "binary_xpress",
        vector!("binary_xpress.value"),
        vector!("binary_xpress.out"),
        Scheme::Xpress,
    ),
    (
        "binary_7bit_ascii",
        vector!("binary_7bit_ascii.value"),
        vector!("binary_7bit_ascii.out"),
        Scheme::SevenBitAscii,
    ),
    (
        "windows_7bit_unicode_short",
        vector!("windows_7bit_unicode_short.value"),
        vector!("windows_7bit_unicode_short.out"),
        Scheme::SevenBitUnicode,
    ),
    (
        "windows_7bit_unicode",
        vector!("windows_7bit_unicode.value"),
        vector!("windows_7bit_unicode.out"),
        Scheme::SevenBitUnicode,
    ),
    (
        "windows_7bit_ascii_dimensions",
        vector!("windows_7bit_ascii_dimensions.value"),
        vector!("windows_7bit_ascii_dimensions.out"),
        Scheme::SevenBitAscii,
    ),
    (
        "windows_7bit_ascii_text",
        vector!("windows_7bit_ascii_text.value"),
        vector!("windows_7bit_ascii_text.out"),
        Scheme::SevenBitAscii,
    ),
    (
        "windows_lv_chunk_xpress",
        vector!("windows_lv_chunk_xpress.value"),
        vector!("windows_lv_chunk_xpress.out"),
        Scheme::Xpress,
    ),
    (
        "lz4_reference",
        vector!("lz4_reference.value"),
        vector!("lz4_reference.out"),
        Scheme::Lz4,
    ),
];

const XPRESS9_TEXT: &[&[u8]] = &[
    vector!("xpress9_text_m0p3t2d3o0.value"),
    vector!("xpress9_text_m0p4t2d9o1.value"),
    vector!("xpress9_text_m2p3t2d6o1.value"),
    vector!("xpress9_text_m2p4t3d4o0.value"),
    vector!("xpress9_text_m4p3t3d6o1.value"),
    vector!("xpress9_text_m4p4t2d6o0.value"),
    vector!("xpress9_text_m4p4t3d2o0.value"),
];
const XPRESS9_TEXT_OUT: &[u8] = vector!("xpress9_text.out");
const XPRESS9_SKEWED: &[u8] = vector!("xpress9_skewed_m0p3t2d3o0.value");
const XPRESS9_SKEWED_OUT: &[u8] = vector!("xpress9_skewed.out");
const XPRESS9_LONG_RUN: &[u8] = vector!("xpress9_long_run_m2p3t2d6o1.value");
const XPRESS9_UTF16: &[u8] = vector!("xpress9_utf16_m4p4t2d6o0.value");

fn all_vectors() -> Vec<&'static [u8]> {
    let mut v: Vec<&[u8]> = REAL.iter().map(|r| r.1).collect();
    v.extend_from_slice(XPRESS9_TEXT);
    v.extend_from_slice(&[XPRESS9_SKEWED, XPRESS9_LONG_RUN, XPRESS9_UTF16]);
    v
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

fn crc32c(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0x82F6_3B78
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Feeds `value` to every entry point; only a panic fails.
fn exercise(value: &[u8]) {
    let _ = scheme(value);
    let _ = decompressed_size(value);
    if let Ok(out) = decompress_with_limit(value, 1 << 20) {
        assert!(out.len() <= 1 << 20);
    }
}

#[test]
fn decompress_real_values_match_expected_output() {
    for &(name, value, expected, want_scheme) in REAL {
        assert_eq!(scheme(value), Some(want_scheme), "{name}");
        let out = decompress(value).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(out, expected, "{name}");
        assert_eq!(decompressed_size(value), Some(expected.len()), "{name}");
    }
}

#[test]
fn seven_bit_encoders_reproduce_ese_bytes() {
    for &(name, value, expected, want_scheme) in REAL {
        let encoded = match want_scheme {
            Scheme::SevenBitAscii => sevenbit::compress_ascii(expected),
            Scheme::SevenBitUnicode => sevenbit::compress_unicode(expected),
            _ => continue,
        };
        assert_eq!(encoded.as_deref(), Some(value), "{name}");
    }
}

#[test]
fn xpress9_reference_values_decode_with_every_parameter_set() {
    for value in XPRESS9_TEXT {
        assert_eq!(scheme(value), Some(Scheme::Xpress9));
        assert_eq!(decompress(value).unwrap(), XPRESS9_TEXT_OUT);
        assert_eq!(decompressed_size(value), Some(XPRESS9_TEXT_OUT.len()));
    }
    assert_eq!(decompress(XPRESS9_SKEWED).unwrap(), XPRESS9_SKEWED_OUT);
    let mut run = vec![b'a'; 40_000];
    run.push(b'b');
    run.extend_from_slice(&[b'a'; 5000]);
    assert_eq!(decompress(XPRESS9_LONG_RUN).unwrap(), run);
}

#[test]
fn xpress9_utf16_value_decodes_to_declared_size_of_valid_text() {
    let out = decompress(XPRESS9_UTF16).unwrap();
    assert_eq!(decompressed_size(XPRESS9_UTF16), Some(out.len()));
    assert_eq!(out.len(), 60_000);
    let units: Vec<u16> = out
        .chunks_exact(2)
        .map(|u| u16::from_le_bytes([u[0], u[1]]))
        .collect();
    let text: String = char::decode_utf16(units).map(|c| c.unwrap()).collect();
    assert!(text.is_ascii(), "came from 7-bit Unicode values");
    assert!(text.contains("Users"));
}

#[test]
fn xpress9_crc_mismatch_is_decompression_failed() {
    let mut value = XPRESS9_TEXT[5].to_vec();
    value[1] ^= 0x80;
    let err = decompress(&value).unwrap_err();
    assert_eq!(err.code(), ErrorCode::DecompressionFailed);
}

#[test]
fn encoders_round_trip_random_data() {
    let mut rng = Rng(0x1234_5678_9ABC_DEF1);
    for round in 0..300 {
        let len = rng.below(3000) + 2;
        // Mostly small alphabets, so the LZ77 schemes find matches.
        let alphabet = [2, 4, 16, 95, 128][round % 5];
        let data: Vec<u8> = (0..len).map(|_| rng.below(alphabet) as u8 + 32).collect();
        let data = if alphabet == 128 {
            data.iter().map(|b| b & 0x7F).collect()
        } else {
            data
        };
        for value in [
            sevenbit::compress_ascii(&data),
            xpress::compress(&data),
            lz4::compress(&data),
        ]
        .into_iter()
        .flatten()
        {
            assert!(value.len() < data.len());
            assert_eq!(decompress(&value).unwrap(), data);
            assert_eq!(decompressed_size(&value), Some(data.len()));
        }
        let wide: Vec<u8> = data.iter().flat_map(|&b| [b & 0x7F, 0]).collect();
        let value = compress_seven_bit(&wide).unwrap();
        assert_eq!(scheme(&value), Some(Scheme::SevenBitUnicode));
        assert_eq!(decompress(&value).unwrap(), wide);
    }
}

#[test]
fn xpress_encoder_handles_long_runs_and_all_length_forms() {
    // After "yx" the run is one match: nibble, byte and u16 length forms.
    for len in [17, 26, 27, 28, 281, 282, 283, 4000, 65_535] {
        let mut data = vec![b'x'; len];
        data[0] = b'y';
        let value = xpress::compress(&data).unwrap();
        assert_eq!(decompress(&value).unwrap(), data, "len {len}");
    }
    assert!(xpress::compress(&[0u8; 65_536]).is_none());
    assert!(xpress::compress(b"yxxxxxxxx").is_none(), "would not shrink");
}

#[test]
fn unsupported_schemes_report_feature_not_available() {
    let xpress10 = [
        6 << 3,
        0x10,
        0,
        1,
        2,
        3,
        4,
        5,
        6,
        7,
        8,
        9,
        10,
        11,
        12,
        13,
        14,
    ];
    assert_eq!(scheme(&xpress10), Some(Scheme::Xpress10));
    assert_eq!(decompressed_size(&xpress10), Some(16));
    let err = decompress(&xpress10).unwrap_err();
    assert_eq!(err.code(), ErrorCode::FeatureNotAvailable);
    assert!(err.detail_text().unwrap().contains("Xpress10"));
    for first in [0u8, 8 << 3, 31 << 3] {
        let value = [first, 1, 2, 3];
        assert_eq!(scheme(&value), Some(Scheme::Unknown(first >> 3)));
        assert_eq!(decompressed_size(&value), None);
        let err = decompress(&value).unwrap_err();
        assert_eq!(err.code(), ErrorCode::FeatureNotAvailable);
        assert!(err.detail_text().unwrap().contains("scheme"));
    }
}

#[test]
fn scrubbed_and_empty_values_are_refused() {
    let scrubbed = [4 << 3, 0x5A, 0x5A, 0x5A];
    assert_eq!(scheme(&scrubbed), Some(Scheme::Scrubbed));
    assert_eq!(decompressed_size(&scrubbed), Some(0));
    assert_eq!(
        decompress(&scrubbed).unwrap_err().code(),
        ErrorCode::DecompressionFailed
    );
    assert_eq!(scheme(&[]), None);
    assert_eq!(decompressed_size(&[]), None);
    assert_eq!(
        decompress(&[]).unwrap_err().code(),
        ErrorCode::DecompressionFailed
    );
}

#[test]
fn uncompressed_chunk_that_looks_like_xpress9_is_refused() {
    // Windows.edb's SystemIndex_1_Properties holds full (uncompressed) 8150-byte
    // LV chunks starting 2F 02 00 00 …; the first byte alone says "Xpress9".
    let mut chunk = Vec::new();
    for _ in 0..64 {
        chunk.extend_from_slice(&[0x2F, 0x02, 0, 0]);
        chunk.extend_from_slice(&[0; 12]);
    }
    assert_eq!(scheme(&chunk), Some(Scheme::Xpress9));
    assert_eq!(decompressed_size(&chunk), None);
    assert_eq!(
        decompress(&chunk).unwrap_err().code(),
        ErrorCode::DecompressionFailed
    );
}

#[test]
fn bomb_sizes_are_refused_before_allocating() {
    // An Xpress9 block header (valid CRC) claiming ~4 GiB of output.
    let mut block = Vec::new();
    for word in [0x4E86_D72Au32, 0xFFFF_FFF0, 4096, 0x0006_0010, 0, 7, 0] {
        block.extend_from_slice(&word.to_le_bytes());
    }
    block.extend_from_slice(&crc32c(&block).to_le_bytes());
    block.resize(600, 0);
    let mut value = vec![5 << 3, 0, 0, 0, 0];
    value.extend_from_slice(&block);
    assert_eq!(decompressed_size(&value), Some(0xFFFF_FFF0));
    let err = decompress(&value).unwrap_err();
    assert_eq!(err.code(), ErrorCode::DecompressionFailed);
    assert!(err.detail_text().unwrap().contains("limit"));
    assert_eq!(MAX_DECOMPRESSED_SIZE, 1 << 31);
    // Callers can lower the limit, e.g. to an LV chunk size.
    let lv = REAL
        .iter()
        .find(|r| r.0 == "windows_lv_chunk_xpress")
        .unwrap();
    assert!(decompress_with_limit(lv.1, 2054).is_err());
    assert!(decompress_with_limit(lv.1, 2055).is_ok());
    let seven = vec![1 << 3; 100_000];
    assert!(decompress_with_limit(&seven, 1000).is_err());
}

#[test]
fn truncated_values_never_panic() {
    for value in all_vectors() {
        for len in 0..value.len().min(400) {
            exercise(&value[..len]);
        }
        for len in (400..value.len()).step_by(97) {
            exercise(&value[..len]);
        }
        // LZ77 schemes and Xpress9 need their whole stream.
        if matches!(
            scheme(value),
            Some(Scheme::Xpress | Scheme::Xpress9 | Scheme::Lz4)
        ) {
            assert!(decompress(&value[..value.len() - 1]).is_err());
        }
    }
}

#[test]
fn random_values_never_panic() {
    let mut rng = Rng(0xDEAD_BEEF_CAFE_F00D);
    for _ in 0..20_000 {
        let len = rng.below(200);
        let mut value = rng.bytes(len);
        if let Some(first) = value.first_mut() {
            *first = (rng.below(9) as u8) << 3 | (*first & 7);
        }
        exercise(&value);
    }
}

#[test]
fn bit_flipped_vectors_never_panic() {
    let mut rng = Rng(0x0BAD_5EED_1234_4321);
    let vectors = all_vectors();
    for _ in 0..6_000 {
        let mut value = vectors[rng.below(vectors.len())].to_vec();
        for _ in 0..=rng.below(3) {
            let at = rng.below(value.len());
            value[at] ^= 1 << rng.below(8);
        }
        exercise(&value);
    }
}

#[test]
fn xpress9_random_bodies_behind_valid_headers_never_panic() {
    let mut rng = Rng(0x5151_7777_2222_9999);
    for _ in 0..4_000 {
        let body_len = rng.below(400) + 1;
        let table_bits = rng.below(body_len * 8).min(0x1FFF) as u32;
        let flags = table_bits
            | (rng.below(8) as u32) << 13
            | (rng.below(3) as u32) << 16
            | (rng.below(2) as u32) << 18
            | (rng.below(2) as u32) << 19;
        let encoded_bits = 256 + table_bits + 1 + rng.below(body_len * 8) as u32;
        let mut block = Vec::new();
        for word in [
            0x4E86_D72Au32,
            rng.below(70_000) as u32,
            encoded_bits,
            flags,
            0,
            1,
            0,
        ] {
            block.extend_from_slice(&word.to_le_bytes());
        }
        block.extend_from_slice(&crc32c(&block).to_le_bytes());
        block.extend(rng.bytes(body_len));
        let mut value = vec![5 << 3];
        value.extend_from_slice(&rng.bytes(4));
        value.extend_from_slice(&block);
        exercise(&value);
    }
}
