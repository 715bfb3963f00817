//! Column types (`JET_coltyp`) and the conversion between stored column bytes and typed values.
//!
//! Owns: the [`ColumnType`] numbering as persisted in the catalog, the fixed sizes of the
//! fixed-length types, the typed [`Value`] and the two directions [`decode_value`] /
//! [`encode_value`], plus the text code pages (UTF-16LE for 1200, Windows-1252 otherwise), OLE
//! dates and GUID strings.
//!
//! What must hold:
//! * Every decoder accepts arbitrary bytes: a fixed-length type whose bytes have the wrong length
//!   is `JET_errDatabaseCorrupted`, never a panic.
//! * Nothing is lost silently. Text that is not valid in its code page (UTF-16 with an unpaired
//!   surrogate) comes back as [`Value::UndecodedText`] holding the stored bytes, and
//!   [`encode_value`] writes those bytes back unchanged.
//! * Values are stored little-endian, as ESE stores them on every platform.

use crate::{Error, ErrorCode, Result};

/// Code page 1200: text stored as UTF-16LE.
pub const CP_UNICODE: u32 = 1200;
/// Code page 1252: text stored as Windows-1252 ("ASCII" in ESE's terms).
pub const CP_WESTERN: u32 = 1252;

/// A column type, numbered as `JET_coltyp` and as the catalog stores it (`ColtypOrPgnoFDP`).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ColumnType {
    /// `JET_coltypNil`: invalid.
    Nil = 0,
    /// `JET_coltypBit`: one byte, zero is false, anything else true.
    Bit = 1,
    /// `JET_coltypUnsignedByte`: one unsigned byte.
    UnsignedByte = 2,
    /// `JET_coltypShort`: signed 16-bit integer.
    Short = 3,
    /// `JET_coltypLong`: signed 32-bit integer.
    Long = 4,
    /// `JET_coltypCurrency`: signed 64-bit integer (by convention scaled by 10⁴).
    Currency = 5,
    /// `JET_coltypIEEESingle`: 32-bit float.
    IEEESingle = 6,
    /// `JET_coltypIEEEDouble`: 64-bit float.
    IEEEDouble = 7,
    /// `JET_coltypDateTime`: an OLE Automation date stored as a 64-bit float.
    DateTime = 8,
    /// `JET_coltypBinary`: up to 255 bytes.
    Binary = 9,
    /// `JET_coltypText`: up to 255 bytes of text in the column's code page.
    Text = 10,
    /// `JET_coltypLongBinary`: a long value of bytes.
    LongBinary = 11,
    /// `JET_coltypLongText`: a long value of text.
    LongText = 12,
    /// `JET_coltypSLV`: obsolete, rejected by current engines.
    SLV = 13,
    /// `JET_coltypUnsignedLong`: unsigned 32-bit integer.
    UnsignedLong = 14,
    /// `JET_coltypLongLong`: signed 64-bit integer.
    LongLong = 15,
    /// `JET_coltypGUID`: 16 bytes in Windows `GUID` memory layout.
    Guid = 16,
    /// `JET_coltypUnsignedShort`: unsigned 16-bit integer.
    UnsignedShort = 17,
    /// `JET_coltypUnsignedLongLong`: unsigned 64-bit integer (Windows 10 and later).
    UnsignedLongLong = 18,
}

/// Every column type with its `JET_coltyp` name, in numeric order.
const NAMES: [(ColumnType, &str); 19] = [
    (ColumnType::Nil, "JET_coltypNil"),
    (ColumnType::Bit, "JET_coltypBit"),
    (ColumnType::UnsignedByte, "JET_coltypUnsignedByte"),
    (ColumnType::Short, "JET_coltypShort"),
    (ColumnType::Long, "JET_coltypLong"),
    (ColumnType::Currency, "JET_coltypCurrency"),
    (ColumnType::IEEESingle, "JET_coltypIEEESingle"),
    (ColumnType::IEEEDouble, "JET_coltypIEEEDouble"),
    (ColumnType::DateTime, "JET_coltypDateTime"),
    (ColumnType::Binary, "JET_coltypBinary"),
    (ColumnType::Text, "JET_coltypText"),
    (ColumnType::LongBinary, "JET_coltypLongBinary"),
    (ColumnType::LongText, "JET_coltypLongText"),
    (ColumnType::SLV, "JET_coltypSLV"),
    (ColumnType::UnsignedLong, "JET_coltypUnsignedLong"),
    (ColumnType::LongLong, "JET_coltypLongLong"),
    (ColumnType::Guid, "JET_coltypGUID"),
    (ColumnType::UnsignedShort, "JET_coltypUnsignedShort"),
    (ColumnType::UnsignedLongLong, "JET_coltypUnsignedLongLong"),
];

impl ColumnType {
    /// The type with this `JET_coltyp` number, or `None` for numbers ESE never assigned (≥ 19).
    pub fn from_u32(value: u32) -> Option<ColumnType> {
        NAMES.get(usize::try_from(value).ok()?).map(|&(t, _)| t)
    }

    /// The `JET_coltyp` number.
    pub fn as_u32(self) -> u32 {
        self as u32
    }

    /// The stored size of a fixed-length type; `None` for Nil, SLV, text and binary types.
    pub fn fixed_size(self) -> Option<usize> {
        match self {
            ColumnType::Bit | ColumnType::UnsignedByte => Some(1),
            ColumnType::Short | ColumnType::UnsignedShort => Some(2),
            ColumnType::Long | ColumnType::UnsignedLong | ColumnType::IEEESingle => Some(4),
            ColumnType::Currency
            | ColumnType::IEEEDouble
            | ColumnType::DateTime
            | ColumnType::LongLong
            | ColumnType::UnsignedLongLong => Some(8),
            ColumnType::Guid => Some(16),
            _ => None,
        }
    }

    /// True for the long-value types (LongBinary, LongText), which are always tagged columns.
    pub fn is_long(self) -> bool {
        matches!(self, ColumnType::LongBinary | ColumnType::LongText)
    }

    /// True for Text and LongText.
    pub fn is_text(self) -> bool {
        matches!(self, ColumnType::Text | ColumnType::LongText)
    }

    /// True for Binary and LongBinary.
    pub fn is_binary(self) -> bool {
        matches!(self, ColumnType::Binary | ColumnType::LongBinary)
    }

    /// The `JET_coltyp` name, e.g. `"JET_coltypGUID"`.
    pub fn name(self) -> &'static str {
        // NAMES lists every variant at the index of its discriminant.
        NAMES[self as usize].1
    }

    /// The type with this name: the full `JET_coltyp` name (`"JET_coltypLong"`) or its suffix
    /// (`"Long"`), compared ASCII case-insensitively.
    pub fn from_name(name: &str) -> Option<ColumnType> {
        let short = strip_prefix_ignore_case(name, "JET_coltyp").unwrap_or(name);
        NAMES
            .iter()
            .find(|(_, n)| n["JET_coltyp".len()..].eq_ignore_ascii_case(short))
            .map(|&(t, _)| t)
    }
}

fn strip_prefix_ignore_case<'s>(s: &'s str, prefix: &str) -> Option<&'s str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// A typed column value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Bit.
    Bit(bool),
    /// UnsignedByte.
    UnsignedByte(u8),
    /// Short.
    Short(i16),
    /// Long.
    Long(i32),
    /// Currency, the raw 64-bit integer.
    Currency(i64),
    /// IEEESingle.
    IEEESingle(f32),
    /// IEEEDouble.
    IEEEDouble(f64),
    /// DateTime: the OLE Automation date (days since 1899-12-30); see [`ole_date_to_iso8601`].
    DateTime(f64),
    /// Binary and LongBinary.
    Binary(Vec<u8>),
    /// Text and LongText, decoded from the column's code page.
    Text(String),
    /// Text whose stored bytes are not valid in the column's code page (UTF-16 with an unpaired
    /// surrogate). Holds the stored bytes unchanged, trailing NULs included.
    UndecodedText(Vec<u8>),
    /// UnsignedLong.
    UnsignedLong(u32),
    /// LongLong.
    LongLong(i64),
    /// GUID in Windows memory layout (`Data1`..`Data3` little-endian); see [`format_guid`].
    Guid([u8; 16]),
    /// UnsignedShort.
    UnsignedShort(u16),
    /// UnsignedLongLong.
    UnsignedLongLong(u64),
}

fn corrupt(coltype: ColumnType, len: usize) -> Error {
    Error::with(
        ErrorCode::DatabaseCorrupted,
        format!("{} value of {len} bytes", coltype.name()),
    )
}

fn array<const N: usize>(coltype: ColumnType, bytes: &[u8]) -> Result<[u8; N]> {
    bytes.try_into().map_err(|_| corrupt(coltype, bytes.len()))
}

/// Decodes stored column bytes as a value of `coltype`.
///
/// * Fixed-length types need exactly their size, else `JET_errDatabaseCorrupted`.
/// * Text in code page 1200 is UTF-16LE with surrogate pairs. A dangling odd last byte is taken
///   as the low byte of one more code unit (as dissect does; fixed Unicode columns of odd size end
///   that way). Unpaired surrogates give [`Value::UndecodedText`] with the stored bytes.
/// * Text in any other code page is decoded as Windows-1252, whose table also covers ASCII (cp
///   20127) and the cp 0 that ESE turns into 1252. The five bytes 1252 leaves undefined (0x81,
///   0x8D, 0x8F, 0x90, 0x9D) become the C1 controls of the same number, as Windows does, so
///   every byte string decodes and re-encodes unchanged.
/// * Trailing NUL characters are stripped from text, as dissect and other readers do (the stored
///   bytes remain available from the record).
/// * Nil and SLV give `JET_errInvalidColumnType`.
pub fn decode_value(coltype: ColumnType, code_page: u32, bytes: &[u8]) -> Result<Value> {
    Ok(match coltype {
        ColumnType::Nil | ColumnType::SLV => {
            return Err(Error::with(ErrorCode::InvalidColumnType, coltype.name()))
        }
        ColumnType::Bit => Value::Bit(array::<1>(coltype, bytes)?[0] != 0),
        ColumnType::UnsignedByte => Value::UnsignedByte(array::<1>(coltype, bytes)?[0]),
        ColumnType::Short => Value::Short(i16::from_le_bytes(array(coltype, bytes)?)),
        ColumnType::Long => Value::Long(i32::from_le_bytes(array(coltype, bytes)?)),
        ColumnType::Currency => Value::Currency(i64::from_le_bytes(array(coltype, bytes)?)),
        ColumnType::IEEESingle => Value::IEEESingle(f32::from_le_bytes(array(coltype, bytes)?)),
        ColumnType::IEEEDouble => Value::IEEEDouble(f64::from_le_bytes(array(coltype, bytes)?)),
        ColumnType::DateTime => Value::DateTime(f64::from_le_bytes(array(coltype, bytes)?)),
        ColumnType::Binary | ColumnType::LongBinary => Value::Binary(bytes.to_vec()),
        ColumnType::Text | ColumnType::LongText => decode_text(code_page, bytes),
        ColumnType::UnsignedLong => Value::UnsignedLong(u32::from_le_bytes(array(coltype, bytes)?)),
        ColumnType::LongLong => Value::LongLong(i64::from_le_bytes(array(coltype, bytes)?)),
        ColumnType::Guid => Value::Guid(array(coltype, bytes)?),
        ColumnType::UnsignedShort => {
            Value::UnsignedShort(u16::from_le_bytes(array(coltype, bytes)?))
        }
        ColumnType::UnsignedLongLong => {
            Value::UnsignedLongLong(u64::from_le_bytes(array(coltype, bytes)?))
        }
    })
}

/// Decodes text bytes in `code_page` (see [`decode_value`] for the rules).
pub fn decode_text(code_page: u32, bytes: &[u8]) -> Value {
    if code_page == CP_UNICODE {
        let mut units: Vec<u16> = bytes
            .chunks(2)
            .map(|c| match *c {
                [lo, hi] => u16::from_le_bytes([lo, hi]),
                [lo] => u16::from(lo),
                _ => 0,
            })
            .collect();
        while units.last() == Some(&0) {
            units.pop();
        }
        match String::from_utf16(&units) {
            Ok(s) => Value::Text(s),
            Err(_) => Value::UndecodedText(bytes.to_vec()),
        }
    } else {
        let mut s: String = bytes.iter().map(|&b| cp1252_to_char(b)).collect();
        let kept = s.trim_end_matches('\0').len();
        s.truncate(kept);
        Value::Text(s)
    }
}

/// Windows-1252 bytes 0x80..=0x9F; 0 marks the five undefined bytes, which map to U+0080+n.
const CP1252_HIGH: [u16; 32] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
    0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
];

/// The character a Windows-1252 byte stands for.
pub fn cp1252_to_char(b: u8) -> char {
    let cp = match b {
        0x80..=0x9F => match CP1252_HIGH[usize::from(b - 0x80)] {
            0 => u16::from(b),
            u => u,
        },
        _ => u16::from(b),
    };
    char::from_u32(u32::from(cp)).unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// The Windows-1252 byte for a character, if it has one (the inverse of [`cp1252_to_char`]).
pub fn char_to_cp1252(c: char) -> Option<u8> {
    let cp = u32::from(c);
    if cp < 0x80 || (0xA0..=0xFF).contains(&cp) {
        return u8::try_from(cp).ok();
    }
    (0x80u8..=0x9F).find(|&b| cp1252_to_char(b) == c)
}

fn mismatch(value: &Value, coltype: ColumnType) -> Error {
    Error::with(
        ErrorCode::InvalidParameter,
        format!("{value:?} cannot be stored in a {} column", coltype.name()),
    )
}

/// Encodes a value as the bytes ESE stores for a column of `coltype` (the write path).
///
/// The variant must match the type (`Text` and `UndecodedText` for Text/LongText, `Binary` for
/// Binary/LongBinary, `DateTime` for DateTime, and so on), else `JET_errInvalidParameter`. Bit is
/// stored as 0x00 or 0xFF, as ESE normalises it. Text is encoded without a terminator: UTF-16LE in
/// code page 1200, Windows-1252 otherwise, where a character 1252 cannot represent is
/// `JET_errInvalidParameter` rather than a lossy substitute. Fixed text columns are padded by
/// [`pad_fixed_text`], not here.
pub fn encode_value(value: &Value, coltype: ColumnType, code_page: u32) -> Result<Vec<u8>> {
    encode_value_cow(value, coltype, code_page).map(std::borrow::Cow::into_owned)
}

/// [`encode_value`], borrowing the bytes of a binary or undecoded text value
/// rather than copying them.
pub fn encode_value_cow(
    value: &Value,
    coltype: ColumnType,
    code_page: u32,
) -> Result<std::borrow::Cow<'_, [u8]>> {
    use std::borrow::Cow;
    match (value, coltype) {
        (Value::Binary(v), ColumnType::Binary | ColumnType::LongBinary)
        | (Value::UndecodedText(v), ColumnType::Text | ColumnType::LongText) => {
            Ok(Cow::Borrowed(v))
        }
        _ => encode_owned(value, coltype, code_page).map(Cow::Owned),
    }
}

fn encode_owned(value: &Value, coltype: ColumnType, code_page: u32) -> Result<Vec<u8>> {
    Ok(match (value, coltype) {
        (Value::Bit(b), ColumnType::Bit) => vec![if *b { 0xFF } else { 0x00 }],
        (Value::UnsignedByte(v), ColumnType::UnsignedByte) => vec![*v],
        (Value::Short(v), ColumnType::Short) => v.to_le_bytes().to_vec(),
        (Value::Long(v), ColumnType::Long) => v.to_le_bytes().to_vec(),
        (Value::Currency(v), ColumnType::Currency) => v.to_le_bytes().to_vec(),
        (Value::IEEESingle(v), ColumnType::IEEESingle) => v.to_le_bytes().to_vec(),
        (Value::IEEEDouble(v), ColumnType::IEEEDouble) => v.to_le_bytes().to_vec(),
        (Value::DateTime(v), ColumnType::DateTime) => v.to_le_bytes().to_vec(),
        (Value::Binary(v), ColumnType::Binary | ColumnType::LongBinary) => v.clone(),
        (Value::UndecodedText(v), ColumnType::Text | ColumnType::LongText) => v.clone(),
        (Value::Text(s), ColumnType::Text | ColumnType::LongText) => encode_text(s, code_page)?,
        (Value::UnsignedLong(v), ColumnType::UnsignedLong) => v.to_le_bytes().to_vec(),
        (Value::LongLong(v), ColumnType::LongLong) => v.to_le_bytes().to_vec(),
        (Value::Guid(v), ColumnType::Guid) => v.to_vec(),
        (Value::UnsignedShort(v), ColumnType::UnsignedShort) => v.to_le_bytes().to_vec(),
        (Value::UnsignedLongLong(v), ColumnType::UnsignedLongLong) => v.to_le_bytes().to_vec(),
        _ => return Err(mismatch(value, coltype)),
    })
}

/// Encodes text in `code_page` (UTF-16LE for 1200, Windows-1252 otherwise), no terminator.
pub fn encode_text(s: &str, code_page: u32) -> Result<Vec<u8>> {
    if code_page == CP_UNICODE {
        return Ok(s.encode_utf16().flat_map(u16::to_le_bytes).collect());
    }
    s.chars()
        .map(|c| {
            char_to_cp1252(c).ok_or_else(|| {
                Error::with(
                    ErrorCode::InvalidParameter,
                    format!("U+{:04X} has no Windows-1252 byte", u32::from(c)),
                )
            })
        })
        .collect()
}

/// Pads a value for a fixed Text column of `size` bytes the way ESE does
/// (`RECTextColumnPadding`): with spaces, in code page 1200 with the bytes of U+0020 chosen by
/// the parity of each byte's position. A value longer than `size` is cut to `size`.
pub fn pad_fixed_text(value: &[u8], size: usize, code_page: u32) -> Vec<u8> {
    let mut out = value[..value.len().min(size)].to_vec();
    while out.len() < size {
        let fill = if code_page == CP_UNICODE && out.len() % 2 == 1 {
            0x00
        } else {
            0x20
        };
        out.push(fill);
    }
    out
}

/// Formats a GUID stored in Windows memory layout the standard way, lower case:
/// `Data1` (LE u32), `Data2` and `Data3` (LE u16), then the last 8 bytes in order, e.g.
/// `3f360af1-6766-46dc-9af2-0dacf295c2a1`.
pub fn format_guid(g: &[u8; 16]) -> String {
    let d1 = u32::from_le_bytes([g[0], g[1], g[2], g[3]]);
    let d2 = u16::from_le_bytes([g[4], g[5]]);
    let d3 = u16::from_le_bytes([g[6], g[7]]);
    let mut s = format!("{d1:08x}-{d2:04x}-{d3:04x}-{:02x}{:02x}-", g[8], g[9]);
    for b in &g[10..] {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Parses the standard GUID form (optionally in braces, any case) into Windows memory layout; the
/// inverse of [`format_guid`].
pub fn parse_guid(s: &str) -> Option<[u8; 16]> {
    let s = s
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .unwrap_or(s);
    let parts: Vec<&str> = s.split('-').collect();
    let lens = [8, 4, 4, 4, 12];
    if parts.len() != 5 || parts.iter().zip(lens).any(|(p, l)| p.len() != l) {
        return None;
    }
    let hex: String = parts.concat();
    let mut raw = [0u8; 16];
    for (i, b) in raw.iter_mut().enumerate() {
        *b = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    let mut g = raw;
    g[..4].copy_from_slice(&[raw[3], raw[2], raw[1], raw[0]]);
    g[4..6].copy_from_slice(&[raw[5], raw[4]]);
    g[6..8].copy_from_slice(&[raw[7], raw[6]]);
    Some(g)
}

/// OLE dates outside 0100-01-01 ..= 9999-12-31 are rejected, as `VariantTimeToSystemTime` does.
const OLE_DAYS_MIN: f64 = -657_434.0;
const OLE_DAYS_MAX: f64 = 2_958_466.0;
const MS_PER_DAY: i64 = 86_400_000;
/// Days from 1970-01-01 back to the OLE epoch 1899-12-30.
const OLE_EPOCH_UNIX_DAYS: i64 = -25_569;

/// Converts an OLE Automation date to ISO-8601 (`YYYY-MM-DDTHH:MM:SS`, plus `.mmm` when the
/// milliseconds are not zero), with the Windows (`VariantTimeToSystemTime`) meaning: the integer
/// part counts days from 1899-12-30 and the fraction's magnitude is the time of day, even for
/// negative dates (−1.25 is 1899-12-29 06:00). Rounded to the millisecond. No time zone is
/// attached, as OLE dates carry none. `None` for NaN, infinities and dates outside years
/// 100..=9999.
pub fn ole_date_to_iso8601(days: f64) -> Option<String> {
    if !(OLE_DAYS_MIN..OLE_DAYS_MAX).contains(&days) {
        return None;
    }
    let whole = days.trunc();
    let time_ms = ((days - whole).abs() * MS_PER_DAY as f64).round() as i64;
    // `whole` lies within the range checked above, so the cast is exact.
    format_day_ms(whole as i64, time_ms)
}

/// Converts an OLE date to ISO-8601 on a linear time line (`1899-12-30 + days × 24 h`), as
/// dissect and other readers that ignore the OLE rule for negative dates do. Equal to
/// [`ole_date_to_iso8601`] for dates from 1899-12-30 on and for whole negative days.
pub fn ole_date_to_iso8601_linear(days: f64) -> Option<String> {
    if !(OLE_DAYS_MIN - 1.0..OLE_DAYS_MAX).contains(&days) {
        return None;
    }
    let total_ms = (days * MS_PER_DAY as f64).round() as i64;
    format_day_ms(
        total_ms.div_euclid(MS_PER_DAY),
        total_ms.rem_euclid(MS_PER_DAY),
    )
}

fn format_day_ms(mut day: i64, mut ms: i64) -> Option<String> {
    if ms >= MS_PER_DAY {
        day += 1;
        ms -= MS_PER_DAY;
    }
    let (y, m, d) = civil_from_days(day + OLE_EPOCH_UNIX_DAYS);
    if !(100..=9999).contains(&y) {
        return None;
    }
    let (h, mi, s, milli) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    let mut out = format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}");
    if milli != 0 {
        out.push_str(&format!(".{milli:03}"));
    }
    Some(out)
}

/// Proleptic Gregorian (year, month, day) of a day count from 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for v in 0..19 {
            let t = ColumnType::from_u32(v).unwrap();
            assert_eq!(t.as_u32(), v);
            assert_eq!(ColumnType::from_name(t.name()), Some(t));
        }
        assert_eq!(ColumnType::from_u32(19), None);
        assert_eq!(ColumnType::from_name("guid"), Some(ColumnType::Guid));
        assert_eq!(ColumnType::from_name("JET_coltypFoo"), None);
    }

    #[test]
    fn cp1252_is_a_bijection_on_bytes() {
        for b in 0..=255u8 {
            assert_eq!(char_to_cp1252(cp1252_to_char(b)), Some(b));
        }
        assert_eq!(cp1252_to_char(0x80), '€');
        assert_eq!(cp1252_to_char(0x9F), 'Ÿ');
        assert_eq!(cp1252_to_char(0x81), '\u{81}');
    }

    #[test]
    fn guid_round_trip() {
        let g = [
            0xf1, 0x0a, 0x36, 0x3f, 0x66, 0x67, 0xdc, 0x46, 0x9a, 0xf2, 0x0d, 0xac, 0xf2, 0x95,
            0xc2, 0xa1,
        ];
        assert_eq!(format_guid(&g), "3f360af1-6766-46dc-9af2-0dacf295c2a1");
        assert_eq!(
            parse_guid("{3F360AF1-6766-46DC-9AF2-0DACF295C2A1}"),
            Some(g)
        );
        assert_eq!(parse_guid("3f360af1-6766-46dc-9af2"), None);
    }

    #[test]
    fn ole_dates() {
        assert_eq!(ole_date_to_iso8601(0.0).unwrap(), "1899-12-30T00:00:00");
        assert_eq!(ole_date_to_iso8601(-1.25).unwrap(), "1899-12-29T06:00:00");
        assert_eq!(
            ole_date_to_iso8601_linear(-1.25).unwrap(),
            "1899-12-28T18:00:00"
        );
        assert_eq!(ole_date_to_iso8601(36220.0).unwrap(), "1999-03-01T00:00:00");
        assert_eq!(
            ole_date_to_iso8601(2.999_999_999_9).unwrap(),
            "1900-01-02T00:00:00"
        );
        assert_eq!(ole_date_to_iso8601(f64::NAN), None);
        assert_eq!(ole_date_to_iso8601(3e6), None);
        assert_eq!(
            ole_date_to_iso8601(-657_434.0).unwrap(),
            "0100-01-01T00:00:00"
        );
    }
}
