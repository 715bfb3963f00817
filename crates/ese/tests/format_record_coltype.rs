//! Column values: decoding rules, encoding, text code pages, dates.

use ese::format::coltype::{
    decode_value, encode_text, encode_value, ole_date_to_iso8601, ole_date_to_iso8601_linear,
    pad_fixed_text, ColumnType, Value, CP_UNICODE, CP_WESTERN,
};
use ese::ErrorCode;

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

#[test]
fn fixed_types_need_their_exact_size() {
    for v in 0..19 {
        let t = ColumnType::from_u32(v).unwrap();
        let Some(size) = t.fixed_size() else { continue };
        for len in [0, size - 1, size + 1] {
            let e = decode_value(t, 0, &vec![0; len]).unwrap_err();
            assert_eq!(e.code(), ErrorCode::DatabaseCorrupted, "{t:?} {len}");
        }
        let v = decode_value(t, 0, &vec![0; size]).unwrap();
        assert_eq!(encode_value(&v, t, 0).unwrap(), vec![0; size]);
    }
    assert_eq!(
        decode_value(ColumnType::SLV, 0, b"").unwrap_err().code(),
        ErrorCode::InvalidColumnType
    );
    assert_eq!(
        decode_value(ColumnType::Nil, 0, b"").unwrap_err().code(),
        ErrorCode::InvalidColumnType
    );
}

#[test]
fn every_type_round_trips() {
    let values = [
        (ColumnType::Bit, Value::Bit(true)),
        (ColumnType::UnsignedByte, Value::UnsignedByte(200)),
        (ColumnType::Short, Value::Short(-2)),
        (ColumnType::Long, Value::Long(-13371337)),
        (ColumnType::Currency, Value::Currency(i64::MIN)),
        (ColumnType::IEEESingle, Value::IEEESingle(-2.5)),
        (ColumnType::IEEEDouble, Value::IEEEDouble(1e300)),
        (ColumnType::DateTime, Value::DateTime(36220.5)),
        (ColumnType::Binary, Value::Binary(vec![0, 1, 2])),
        (ColumnType::LongBinary, Value::Binary(vec![9; 3000])),
        (ColumnType::UnsignedLong, Value::UnsignedLong(u32::MAX)),
        (ColumnType::LongLong, Value::LongLong(-1)),
        (ColumnType::Guid, Value::Guid([7; 16])),
        (ColumnType::UnsignedShort, Value::UnsignedShort(65535)),
        (
            ColumnType::UnsignedLongLong,
            Value::UnsignedLongLong(u64::MAX),
        ),
    ];
    for (t, v) in values {
        let bytes = encode_value(&v, t, 0).unwrap();
        assert_eq!(decode_value(t, 0, &bytes).unwrap(), v, "{t:?}");
    }
    // a Bit is true for any non-zero byte and written as 0xFF
    assert_eq!(
        decode_value(ColumnType::Bit, 0, &[1]).unwrap(),
        Value::Bit(true)
    );
    assert_eq!(
        encode_value(&Value::Bit(true), ColumnType::Bit, 0).unwrap(),
        [0xFF]
    );
    // the variant must match the type
    let e = encode_value(&Value::Long(1), ColumnType::Short, 0).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidParameter);
    let e = encode_value(&Value::IEEEDouble(1.0), ColumnType::DateTime, 0).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidParameter);
}

#[test]
fn unicode_text() {
    let fox = "Simple Unicode text \u{1F98A}";
    let bytes = utf16(fox);
    assert_eq!(
        decode_value(ColumnType::Text, CP_UNICODE, &bytes).unwrap(),
        Value::Text(fox.into())
    );
    assert_eq!(
        encode_value(&Value::Text(fox.into()), ColumnType::LongText, CP_UNICODE).unwrap(),
        bytes
    );
    // trailing NULs are stripped, inner ones kept
    let mut nul = utf16("a\0b");
    nul.extend_from_slice(&[0, 0, 0, 0]);
    assert_eq!(
        decode_value(ColumnType::Text, CP_UNICODE, &nul).unwrap(),
        Value::Text("a\0b".into())
    );
    // a dangling odd byte is the low byte of one more unit
    let mut odd = utf16("ab");
    odd.push(b' ');
    assert_eq!(
        decode_value(ColumnType::Text, CP_UNICODE, &odd).unwrap(),
        Value::Text("ab ".into())
    );
    // an unpaired surrogate keeps the stored bytes, which encode back unchanged
    for bad in [
        vec![0x3E, 0xD8, b'a', 0],
        vec![b'a', 0, 0x8A, 0xDD],
        vec![0x3E, 0xD8],
    ] {
        let v = decode_value(ColumnType::LongText, CP_UNICODE, &bad).unwrap();
        assert_eq!(v, Value::UndecodedText(bad.clone()));
        assert_eq!(
            encode_value(&v, ColumnType::LongText, CP_UNICODE).unwrap(),
            bad
        );
    }
}

#[test]
fn western_text() {
    let all: Vec<u8> = (1..=255).collect();
    let Value::Text(s) = decode_value(ColumnType::Text, CP_WESTERN, &all).unwrap() else {
        panic!()
    };
    assert_eq!(s.chars().count(), 255);
    assert!(s.contains('€') && s.contains('Ÿ') && s.contains('ÿ') && s.contains('\u{81}'));
    assert_eq!(encode_text(&s, CP_WESTERN).unwrap(), all);
    // other code pages read as 1252
    assert_eq!(
        decode_value(ColumnType::Text, 20127, b"ASCII\0\0").unwrap(),
        Value::Text("ASCII".into())
    );
    assert_eq!(
        decode_value(ColumnType::Text, 0, &[0x80]).unwrap(),
        Value::Text("€".into())
    );
    // a character 1252 lacks is an error, not a '?'
    let e = encode_text("\u{1F98A}", CP_WESTERN).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidParameter);
}

#[test]
fn fixed_text_padding() {
    assert_eq!(pad_fixed_text(b"ab", 5, CP_WESTERN), b"ab   ");
    assert_eq!(pad_fixed_text(b"abcdef", 3, CP_WESTERN), b"abc");
    let mut want = utf16("ab  ");
    want.push(b' ');
    assert_eq!(pad_fixed_text(&utf16("ab"), 9, CP_UNICODE), want);
    // the fill follows byte parity, as in ESE
    assert_eq!(pad_fixed_text(b"a", 4, CP_UNICODE), [b'a', 0, b' ', 0]);
}

#[test]
fn dates() {
    // basic.edb row 1 and 2, multi.edb's three dates
    assert_eq!(ole_date_to_iso8601(36220.0).unwrap(), "1999-03-01T00:00:00");
    assert_eq!(
        ole_date_to_iso8601(-205470.0).unwrap(),
        "1337-06-09T00:00:00"
    );
    assert_eq!(ole_date_to_iso8601(64741.0).unwrap(), "2077-04-01T00:00:00");
    assert_eq!(
        ole_date_to_iso8601(225623.22916666666).unwrap(),
        "2517-09-24T05:30:00"
    );
    // negative with a fraction: the OLE rule and the linear reading differ
    assert_eq!(
        ole_date_to_iso8601(-87183.52083333333).unwrap(),
        "1661-04-18T12:30:00"
    );
    assert_eq!(
        ole_date_to_iso8601_linear(-87183.52083333333).unwrap(),
        "1661-04-17T11:30:00"
    );
    assert_eq!(ole_date_to_iso8601(0.5).unwrap(), "1899-12-30T12:00:00");
    assert_eq!(ole_date_to_iso8601(-0.5).unwrap(), "1899-12-30T12:00:00");
    assert_eq!(
        ole_date_to_iso8601(1.0 + 1.0 / 86_400_000.0 * 5.0).unwrap(),
        "1899-12-31T00:00:00.005"
    );
    assert_eq!(
        ole_date_to_iso8601(2_958_465.999).unwrap(),
        "9999-12-31T23:58:33.600"
    );
    for bad in [f64::INFINITY, f64::NEG_INFINITY, -700_000.0, 2_958_466.0] {
        assert_eq!(ole_date_to_iso8601(bad), None);
        assert_eq!(ole_date_to_iso8601_linear(bad), None);
    }
}
