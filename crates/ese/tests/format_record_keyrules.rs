//! Key normalization rules of ESE's fldnorm.cxx that the sample databases do not exercise:
//! segment limits, truncation across segments, search limits.

use ese::format::coltype::ColumnType;
use ese::format::key::{
    make_key, make_key_with, make_search_key, normalize_segment, KeyLimits, SearchLimit,
    SegmentSpec,
};
use ese::ErrorCode;

fn text() -> SegmentSpec {
    SegmentSpec::new(ColumnType::Text, 1252)
}
fn long() -> SegmentSpec {
    SegmentSpec::new(ColumnType::Long, 0).fixed()
}
fn binary() -> SegmentSpec {
    SegmentSpec::new(ColumnType::Binary, 0)
}
const ONE: &[u8] = &[1, 0, 0, 0];

#[test]
fn var_seg_mac_cuts_text_without_truncating_the_key() {
    let limits = KeyLimits {
        key_most: 255,
        var_seg_mac: 5,
    };
    let k = make_key_with(&[(text(), Some(b"abcdefgh")), (long(), Some(ONE))], limits).unwrap();
    // room 4: "ABC" then the quirk byte 'd' - 0x20
    assert_eq!(k.bytes, [0x7F, b'A', b'B', b'C', b'D', 0x7F, 0x80, 0, 0, 1]);
    assert!(!k.truncated);
}

#[test]
fn var_seg_mac_cuts_binary_without_truncating_the_key() {
    let limits = KeyLimits {
        key_most: 255,
        var_seg_mac: 10,
    };
    let k = make_key_with(
        &[(binary(), Some(b"0123456789abcdef")), (long(), Some(ONE))],
        limits,
    )
    .unwrap();
    assert_eq!(&k.bytes[..10], b"\x7f01234567\x09");
    assert_eq!(k.bytes.len(), 15);
    assert!(!k.truncated);
    // a value that fits keeps its real length marker
    let k = make_key_with(&[(binary(), Some(b"01234567"))], limits).unwrap();
    assert_eq!(k.bytes, b"\x7f01234567\x08");
}

#[test]
fn truncation_ends_the_key() {
    let k = make_key(
        &[
            (long(), Some(ONE)),
            (text(), Some(b"abcdefgh")),
            (long(), Some(ONE)),
        ],
        10,
    )
    .unwrap();
    assert_eq!(k.bytes, [0x7F, 0x80, 0, 0, 1, 0x7F, b'A', b'B', b'C', b'D']);
    assert!(k.truncated);
    // a fixed-size segment cut by the key size
    let k = make_key(&[(long(), Some(ONE))], 3).unwrap();
    assert_eq!(k.bytes, [0x7F, 0x80, 0]);
    assert!(k.truncated);
    // a key that ends exactly where the next segment would start is truncated too
    let k = make_key(&[(long(), Some(ONE)), (long(), None)], 5).unwrap();
    assert_eq!(k.bytes.len(), 5);
    assert!(k.truncated && k.any_null && !k.first_null && !k.all_null);
}

#[test]
fn binary_cut_inside_a_group() {
    // 3 bytes of space after the prefix: the value's bytes, zero-padded, no marker
    let k = make_key(&[(binary(), Some(b"ab"))], 4).unwrap();
    assert_eq!(k.bytes, b"\x7fab\x00");
    assert!(k.truncated);
    let k = make_key(&[(binary(), Some(b"abcdefgh"))], 10).unwrap();
    assert_eq!(k.bytes, b"\x7fabcdefgh\x08");
    assert!(!k.truncated);
    let k = make_key(&[(binary(), Some(b"abcdefghi"))], 10).unwrap();
    assert_eq!(k.bytes, b"\x7fabcdefgh\x09");
    assert!(k.truncated);
}

#[test]
fn null_flags() {
    let k = make_key(&[(long(), None), (text(), Some(b""))], 255).unwrap();
    assert_eq!(k.bytes, [0x00, 0x40]);
    assert!(k.first_null && k.any_null && !k.all_null);
    let k = make_key(&[(long(), None), (text(), None)], 255).unwrap();
    assert!(k.all_null);
}

#[test]
fn descending_inverts_prefix_and_data() {
    let k = make_key(&[(text().descending(), Some(b"ab"))], 255).unwrap();
    assert_eq!(k.bytes, [0x80, !b'A', !b'B', 0xFF]);
}

#[test]
fn search_limits() {
    let l = KeyLimits::default();
    let end = |spec, v: &[u8], lim| normalize_segment(&spec, Some(v), l, lim).unwrap();
    // text: partial limits drop the terminator, end limits fill key space + 1 with 0xFF
    assert_eq!(
        end(text(), b"abc", SearchLimit::PartialColumnStart),
        b"\x7fABC"
    );
    let e = end(text(), b"abc", SearchLimit::PartialColumnEnd);
    assert_eq!(e.len(), 256);
    assert_eq!(&e[..4], b"\x7fABC");
    assert!(e[4..].iter().all(|&b| b == 0xFF));
    let e = end(text(), b"abc", SearchLimit::FullColumnEnd);
    assert_eq!(&e[..5], b"\x7fABC\x00");
    assert_eq!(e.len(), 256);
    assert_eq!(
        end(text(), b"abc", SearchLimit::FullColumnStart),
        b"\x7fABC\x00"
    );
    assert_eq!(end(text(), b"abc", SearchLimit::SubStrLimit).len(), 256);
    // descending text: the inverted terminator is stripped
    let e = end(text().descending(), b"abc", SearchLimit::PartialColumnStart);
    assert_eq!(e, [0x80, !b'A', !b'B', !b'C']);
    // binary: cut after the real bytes of the last group; the end limit adds 0xFF up to one
    // byte past the segment
    assert_eq!(
        end(binary(), b"abc", SearchLimit::PartialColumnStart),
        b"\x7fabc"
    );
    assert_eq!(
        end(binary(), b"abc", SearchLimit::PartialColumnEnd),
        b"\x7fabc\xff\xff\xff\xff\xff\xff\xff"
    );
    assert_eq!(
        end(binary(), b"abc", SearchLimit::StrLimit),
        b"\x7fabc\xff\xff\xff\xff\xff\xff\xff"
    );
    // other types: StrLimit is a full end limit, SubStrLimit nothing, partial limits invalid
    assert_eq!(end(long(), ONE, SearchLimit::StrLimit).len(), 256);
    assert_eq!(end(long(), ONE, SearchLimit::SubStrLimit).len(), 5);
    let err = normalize_segment(&long(), Some(ONE), l, SearchLimit::PartialColumnEnd).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidGrbit);
    let err = normalize_segment(
        &binary().fixed(),
        Some(b"x"),
        l,
        SearchLimit::PartialColumnStart,
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidGrbit);
    // the limit goes with the last segment only
    let k = make_search_key(
        &[(long(), Some(ONE)), (text(), Some(b"x"))],
        l,
        SearchLimit::PartialColumnStart,
    )
    .unwrap();
    assert_eq!(k.bytes, b"\x7f\x80\x00\x00\x01\x7fX");
    // a full key gets no limit
    let k = make_search_key(
        &[(long(), Some(ONE)), (long(), Some(ONE))],
        KeyLimits::new(5),
        SearchLimit::FullColumnEnd,
    )
    .unwrap();
    assert_eq!(k.bytes.len(), 5);
}

#[test]
fn guid_orders() {
    let g: Vec<u8> = (0u8..16).collect();
    let k = make_key(&[(SegmentSpec::new(ColumnType::Guid, 0), Some(&g))], 255).unwrap();
    assert_eq!(
        k.bytes,
        [0x7F, 10, 11, 12, 13, 14, 15, 8, 9, 6, 7, 4, 5, 0, 1, 2, 3]
    );
    let spec = SegmentSpec {
        dotnet_guid: true,
        ..SegmentSpec::new(ColumnType::Guid, 0)
    };
    let k = make_key(&[(spec, Some(&g))], 255).unwrap();
    assert_eq!(
        k.bytes,
        [0x7F, 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15]
    );
}

#[test]
fn unsigned_long_long() {
    let v = 0x0102_0304_0506_0708u64.to_le_bytes();
    let k = make_key(
        &[(SegmentSpec::new(ColumnType::UnsignedLongLong, 0), Some(&v))],
        255,
    )
    .unwrap();
    assert_eq!(k.bytes, [0x7F, 1, 2, 3, 4, 5, 6, 7, 8]);
}

#[test]
fn unicode_keys_order_like_the_text() {
    let spec = SegmentSpec::new(ColumnType::Text, 1200);
    let key = |s: &str| {
        let v: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
        make_key(&[(spec, Some(&v)), (long(), Some(ONE))], 255)
            .unwrap()
            .bytes
    };
    let mut words = ["b", "ab", "a", "\u{1F98A}", "é", "z"];
    words.sort_by_key(|w| key(w));
    assert_eq!(words, ["a", "ab", "b", "z", "é", "\u{1F98A}"]);
    assert_eq!(key("A"), key("a"));
    assert!(key("a") < key("ab") && key("ab") < key("b") && key("z") < key("é"));
    assert!(key("é") < key("\u{1F98A}"));
}

#[test]
fn random_input_never_panics() {
    let mut x = 0x1234_5678_9ABC_DEF0u64;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let limits_all = [
        SearchLimit::None,
        SearchLimit::FullColumnStart,
        SearchLimit::FullColumnEnd,
        SearchLimit::PartialColumnStart,
        SearchLimit::PartialColumnEnd,
        SearchLimit::StrLimit,
        SearchLimit::SubStrLimit,
    ];
    for _ in 0..20_000 {
        let n = 1 + (next() % 4) as usize;
        let mut values = Vec::new();
        let mut specs = Vec::new();
        for _ in 0..n {
            let t = ColumnType::from_u32((next() % 19) as u32).unwrap();
            let cp = [0, 1200, 1252][(next() % 3) as usize];
            let spec = SegmentSpec {
                descending: next() % 2 == 0,
                fixed_column: next() % 3 == 0,
                sort_nulls_high: next() % 4 == 0,
                dotnet_guid: next() % 2 == 0,
                ..SegmentSpec::new(t, cp)
            };
            let len = match next() % 4 {
                0 => t.fixed_size().unwrap_or(3),
                1 => (next() % 20) as usize,
                _ => (next() % 600) as usize,
            };
            let v: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            specs.push(spec);
            values.push(if next() % 5 == 0 { None } else { Some(v) });
        }
        let segs: Vec<(SegmentSpec, Option<&[u8]>)> = specs
            .iter()
            .copied()
            .zip(values.iter().map(|v| v.as_deref()))
            .collect();
        let key_most = 1 + (next() % 300) as usize;
        let limits = KeyLimits {
            key_most,
            var_seg_mac: 1 + (next() as usize % key_most),
        };
        if let Ok(k) = make_key_with(&segs, limits) {
            assert!(k.bytes.len() <= key_most);
        }
        let limit = limits_all[(next() % 7) as usize];
        if let Ok(k) = make_search_key(&segs, limits, limit) {
            assert!(k.bytes.len() <= key_most + 1);
        }
    }
}
