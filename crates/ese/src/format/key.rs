//! Index key normalization: turning column values into byte strings whose `memcmp` order is the
//! index order (Microsoft's `fldnorm.cxx` and `_osu/normu.cxx`).
//!
//! A key is the concatenation of one segment per index column. A segment starts with a prefix
//! byte: 0x7F data follows, 0x40 zero-length text or binary, 0x00 NULL (0xC0 when the index sorts
//! NULLs high). After 0x7F:
//!
//! * Bit: 0x00 or 0xFF. UnsignedByte: the byte.
//! * Short, Long, LongLong, Currency: big-endian with the sign bit flipped. Unsigned integers:
//!   big-endian.
//! * IEEESingle, IEEEDouble, DateTime: big-endian bits; negative values inverted entirely,
//!   others with the sign bit flipped.
//! * GUID: bytes 10..16, 8..10, 6..8, 4..6, 0..4 of the stored form (the .NET order
//!   3,2,1,0,5,4,7,6,8..16 when the index asks for it).
//! * Binary of a fixed column: the bytes. Other Binary and LongBinary: groups of 8 bytes each
//!   followed by a marker, 9 = more follows, else the count of real bytes in this last group
//!   (zero-padded); a full last group is marked 8, or 9 when the value was cut.
//! * Text in code page 1252 (and any code page but 1200): the bytes up to the first NUL with a–z
//!   upper-cased, then 0x00. When the text fills the space exactly, ESE's old CRT quirk replaces
//!   the terminator by the next source byte minus 0x20.
//! * Text in code page 1200: Windows stores `LCMapStringEx` sort keys, which cannot be
//!   reproduced off Windows. Keys made here use our own documented normalization
//!   ([`UNICODE_NORMALIZATION_NAME`] version [`UNICODE_NORMALIZATION_VERSION`]), valid only for
//!   indexes we build, which record [`UNICODE_KEY_IDENTITY`] in their catalog row; stored
//!   Windows keys must be treated as opaque bytes (`docs/design/unicode-keys.md`).
//! * A descending segment is the whole segment, prefix included, XORed with 0xFF.
//!
//! Limits: a key holds at most `key_most` bytes; a text or variable binary segment at most
//! `var_seg_mac` bytes (cutting there is deliberate and does not make the key "truncated").
//! Once a segment is cut for lack of key space, the key is truncated and no later segment is
//! added.
//!
//! What must hold: for every type but Unicode text the output is byte-identical to ESE's, which
//! the tests check against the keys stored in the sample databases; no input bytes make these
//! functions panic (bad sizes are `JET_errInvalidBufferSize`, bad limits
//! `JET_errInvalidParameter`).

use crate::format::coltype::{ColumnType, CP_UNICODE};
use crate::{Error, ErrorCode, Result};

/// Prefix of a NULL segment.
pub const PREFIX_NULL: u8 = 0x00;
/// Prefix of a zero-length (non-NULL) text or binary segment.
pub const PREFIX_ZERO_LENGTH: u8 = 0x40;
/// Prefix of a NULL segment in an index that sorts NULLs high.
pub const PREFIX_NULL_HIGH: u8 = 0xC0;
/// Prefix of a segment with data.
pub const PREFIX_DATA: u8 = 0x7F;
/// Filler byte of limit keys.
pub const SENTINEL: u8 = 0xFF;
/// The key size of legacy indexes (`JET_cbKeyMost_OLD`), also the default.
pub const KEY_MOST_LEGACY: usize = 255;
/// The largest key size an index can have (`JET_cbKeyMostMost`).
pub const KEY_MOST_MOST: usize = 2000;

/// Name of our normalization for Unicode (code page 1200) text. A segment is 0x7F, then the
/// UTF-8 bytes of the text up to its first NUL with each character replaced by the lower case of
/// its upper case (Rust's full Unicode mappings, which makes "ß", "SS" and "ss" equal, and
/// "Σ", "σ", "ς"), then 0x00. Unpaired surrogates become U+FFFD and a dangling odd byte is
/// ignored. UTF-8 keeps code point order, and the 0x00 terminator cannot occur inside the text,
/// so multi-column keys compare column by column.
pub const UNICODE_NORMALIZATION_NAME: &str = "ese-rs-casefold-utf8";
/// Version of [`UNICODE_NORMALIZATION_NAME`]; bump it whenever its output changes.
pub const UNICODE_NORMALIZATION_VERSION: u32 = 1;

/// The full identity of the Unicode normalization in use, to persist with an index: name,
/// version and the Unicode version of the case tables (which follows the Rust toolchain).
pub fn unicode_normalization_id() -> String {
    let (a, b, c) = char::UNICODE_VERSION;
    format!("{UNICODE_NORMALIZATION_NAME}/{UNICODE_NORMALIZATION_VERSION}/unicode-{a}.{b}.{c}")
}

/// The sort id (`SortID`, a GUID) an index records when its Unicode text keys are made by
/// [`UNICODE_NORMALIZATION_NAME`]: `7a1c3e52-0b6d-4f8e-8c21-6573652d7273` (the last six bytes
/// spell `ese-rs`), stored as ESE stores a GUID (`Data1`..`Data3` little-endian). Windows keeps
/// NLS sort ids here; ours is not one of them, so Windows ESE treats such an index as built by
/// an unknown sort order (and, with index checking, deletes or rebuilds it), as it must.
pub const UNICODE_KEY_SORT_ID: [u8; 16] = [
    0x52, 0x3e, 0x1c, 0x7a, 0x6d, 0x0b, 0x8e, 0x4f, 0x8c, 0x21, 0x65, 0x73, 0x65, 0x2d, 0x72, 0x73,
];

/// The sort version (`Version`, a u64) an index records with [`UNICODE_KEY_SORT_ID`]: the high 32
/// bits are [`UNICODE_NORMALIZATION_VERSION`], the low 32 the Unicode version of the case tables
/// (`major << 16 | minor << 8 | update`, from `char::UNICODE_VERSION`). ESE splits its own value
/// the same way (NLS version, defined version). A change of either makes indexes built before
/// it foreign.
pub const UNICODE_KEY_VERSION: u64 = {
    let (a, b, c) = char::UNICODE_VERSION;
    ((UNICODE_NORMALIZATION_VERSION as u64) << 32)
        | ((a as u64) << 16)
        | ((b as u64) << 8)
        | (c as u64)
};

/// What an index over Unicode text records in its catalog row (`Version`, `SortID`) when its
/// keys are ours; any other value (every index Windows built) marks the index as foreign.
pub const UNICODE_KEY_IDENTITY: (u64, [u8; 16]) = (UNICODE_KEY_VERSION, UNICODE_KEY_SORT_ID);

/// How one index column is normalized.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SegmentSpec {
    /// The column's type.
    pub coltype: ColumnType,
    /// The column's code page (text only).
    pub code_page: u32,
    /// The index orders this column descending.
    pub descending: bool,
    /// The column is a fixed column (id 1..=127); fixed Binary is not chunked.
    pub fixed_column: bool,
    /// The index sorts NULLs after data (`JET_bitIndexSortNullsHigh`, index-wide in ESE).
    pub sort_nulls_high: bool,
    /// The index orders GUIDs like .NET (`JET_bitIndexDotNetGuid`, index-wide in ESE).
    pub dotnet_guid: bool,
}

impl SegmentSpec {
    /// An ascending segment of a variable or tagged column with the default index flags.
    pub fn new(coltype: ColumnType, code_page: u32) -> SegmentSpec {
        SegmentSpec {
            coltype,
            code_page,
            descending: false,
            fixed_column: false,
            sort_nulls_high: false,
            dotnet_guid: false,
        }
    }

    /// The same segment, descending.
    pub fn descending(self) -> SegmentSpec {
        SegmentSpec {
            descending: true,
            ..self
        }
    }

    /// The same segment, of a fixed column.
    pub fn fixed(self) -> SegmentSpec {
        SegmentSpec {
            fixed_column: true,
            ..self
        }
    }
}

/// An index's size limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyLimits {
    /// Largest key (`cbKeyMost`, the catalog's KeyMost; 255 when absent).
    pub key_most: usize,
    /// Largest text or variable binary segment (`cbVarSegMac`); equal to `key_most` when the
    /// index sets none.
    pub var_seg_mac: usize,
}

impl KeyLimits {
    /// Limits with no separate segment limit.
    pub fn new(key_most: usize) -> KeyLimits {
        KeyLimits {
            key_most,
            var_seg_mac: key_most,
        }
    }

    /// `JET_errInvalidParameter` for limits no index can have.
    pub(crate) fn check(self) -> Result<()> {
        if !(1..=KEY_MOST_MOST).contains(&self.key_most)
            || !(1..=self.key_most).contains(&self.var_seg_mac)
        {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                format!("key limits {self:?}"),
            ));
        }
        Ok(())
    }

    /// `cbVarSegMac` as ESE uses it: one past `key_most` when not set.
    fn seg_mac(self) -> usize {
        if self.var_seg_mac == self.key_most {
            self.key_most + 1
        } else {
            self.var_seg_mac
        }
    }
}

impl Default for KeyLimits {
    fn default() -> KeyLimits {
        KeyLimits::new(KEY_MOST_LEGACY)
    }
}

/// A limit option of a search key (`JET_bit*Limit` of `JetMakeKey`), applied to the segment
/// made with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SearchLimit {
    /// An exact key.
    #[default]
    None,
    /// `JET_bitFullColumnStartLimit`: the key itself, marked as a limit.
    FullColumnStart,
    /// `JET_bitFullColumnEndLimit`: the rest of the key space filled with 0xFF.
    FullColumnEnd,
    /// `JET_bitPartialColumnStartLimit`: text without its terminator, binary without its last
    /// group's padding (text and variable binary only).
    PartialColumnStart,
    /// `JET_bitPartialColumnEndLimit`: as the start limit, then 0xFF to the end of key space.
    PartialColumnEnd,
    /// `JET_bitStrLimit`: like [`Self::PartialColumnEnd`] for binary, a full end limit otherwise.
    StrLimit,
    /// `JET_bitSubStrLimit`: like [`Self::PartialColumnEnd`] for text, nothing otherwise.
    SubStrLimit,
}

/// A normalized key.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct NormalizedKey {
    /// The key bytes (at most `key_most`).
    pub bytes: Vec<u8>,
    /// A segment was cut for lack of key space (`JET_errKeyTruncated` on indexes that disallow
    /// truncation).
    pub truncated: bool,
    /// Every segment was NULL (`wrnFLDNullKey`).
    pub all_null: bool,
    /// The first segment was NULL (`wrnFLDNullFirstSeg`).
    pub first_null: bool,
    /// Some segment was NULL (`wrnFLDNullSeg`).
    pub any_null: bool,
}

/// What normalizing one segment onto the end of a buffer tells of it (its bytes are
/// those appended, before descending inversion and before being cut to key space).
#[derive(Default)]
struct Appended {
    /// Cut for lack of key space.
    truncated: bool,
    /// Where the real bytes of variable binary end, from the segment's first byte
    /// (`ibBinaryColumnDelimiter`; 0 = unknown).
    binary_delimiter: usize,
}

fn null_prefix(spec: &SegmentSpec, zero_length: bool) -> u8 {
    if zero_length && (spec.coltype.is_text() || spec.coltype.is_binary()) {
        PREFIX_ZERO_LENGTH
    } else if spec.sort_nulls_high {
        PREFIX_NULL_HIGH
    } else {
        PREFIX_NULL
    }
}

/// Normalizes a non-empty value with `avail` bytes of key space left onto the end
/// of `out`.
fn normalize_value(
    spec: &SegmentSpec,
    value: &[u8],
    avail: usize,
    limits: KeyLimits,
    out: &mut Vec<u8>,
) -> Result<Appended> {
    let seg_mac = limits.seg_mac();
    match spec.coltype {
        ColumnType::Text | ColumnType::LongText => Ok(Appended {
            truncated: text_segment(value, spec.code_page, avail, limits.key_most, seg_mac, out),
            binary_delimiter: 0,
        }),
        ColumnType::Binary | ColumnType::LongBinary => Ok(binary_segment(
            value,
            spec.fixed_column,
            avail,
            limits.key_most,
            seg_mac,
            out,
        )),
        ColumnType::Nil | ColumnType::SLV => Err(Error::with(
            ErrorCode::InvalidColumnType,
            spec.coltype.name(),
        )),
        _ => fixed_type_segment(spec, value, out).map(|()| Appended::default()),
    }
}

/// Appends big-endian `be` with its sign bit flipped (signed integers order as
/// unsigned ones then).
fn push_flipped<const N: usize>(out: &mut Vec<u8>, mut be: [u8; N]) {
    be[0] ^= 0x80;
    out.extend_from_slice(&be);
}

/// Appends big-endian IEEE `be` so that the numbers order as bytes: negative ones
/// inverted, positive ones with the sign bit set.
fn push_float<const N: usize>(out: &mut Vec<u8>, be: [u8; N]) {
    if be[0] & 0x80 != 0 {
        out.extend(be.iter().map(|b| !b));
    } else {
        push_flipped(out, be);
    }
}

fn fixed_type_segment(spec: &SegmentSpec, value: &[u8], out: &mut Vec<u8>) -> Result<()> {
    let t = spec.coltype;
    let size_error = || {
        Error::with(
            ErrorCode::InvalidBufferSize,
            format!("{} key value of {} bytes", t.name(), value.len()),
        )
    };
    if t.fixed_size() != Some(value.len()) {
        return Err(size_error());
    }
    let le2 = || -> Result<[u8; 2]> { value.try_into().map_err(|_| size_error()) };
    let le4 = || -> Result<[u8; 4]> { value.try_into().map_err(|_| size_error()) };
    let le8 = || -> Result<[u8; 8]> { value.try_into().map_err(|_| size_error()) };
    out.reserve(1 + value.len());
    out.push(PREFIX_DATA);
    match t {
        ColumnType::Bit => out.push(if value[0] == 0 { 0x00 } else { 0xFF }),
        ColumnType::UnsignedByte => out.push(value[0]),
        ColumnType::Short => push_flipped(out, u16::from_le_bytes(le2()?).to_be_bytes()),
        ColumnType::UnsignedShort => {
            out.extend_from_slice(&u16::from_le_bytes(le2()?).to_be_bytes());
        }
        ColumnType::Long => push_flipped(out, u32::from_le_bytes(le4()?).to_be_bytes()),
        ColumnType::UnsignedLong => {
            out.extend_from_slice(&u32::from_le_bytes(le4()?).to_be_bytes());
        }
        ColumnType::LongLong | ColumnType::Currency => {
            push_flipped(out, u64::from_le_bytes(le8()?).to_be_bytes());
        }
        ColumnType::UnsignedLongLong => {
            out.extend_from_slice(&u64::from_le_bytes(le8()?).to_be_bytes());
        }
        ColumnType::IEEESingle => push_float(out, u32::from_le_bytes(le4()?).to_be_bytes()),
        ColumnType::IEEEDouble | ColumnType::DateTime => {
            push_float(out, u64::from_le_bytes(le8()?).to_be_bytes());
        }
        ColumnType::Guid => {
            let order: [usize; 16] = if spec.dotnet_guid {
                [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15]
            } else {
                [10, 11, 12, 13, 14, 15, 8, 9, 6, 7, 4, 5, 0, 1, 2, 3]
            };
            out.extend(order.iter().map(|&i| value[i]));
        }
        // Text, binary, Nil and SLV never reach here (see normalize_value).
        _ => return Err(size_error()),
    }
    Ok(())
}

/// `ErrFLDNormalizeTextSegment`: the prefix plus the normalized text onto the end of
/// `out`, and whether it was cut for lack of key space (a cut at `var_seg_mac` does not
/// count).
fn text_segment(
    value: &[u8],
    code_page: u32,
    avail: usize,
    key_most: usize,
    seg_mac: usize,
    out: &mut Vec<u8>,
) -> bool {
    let room = avail.min(seg_mac).saturating_sub(1);
    let unit = if code_page == CP_UNICODE { 2 } else { 1 };
    let mut len = value.len() / unit * unit;
    if key_most == KEY_MOST_LEGACY {
        len = len.min(KEY_MOST_LEGACY.div_ceil(unit) * unit);
    }
    let source = &value[..len];
    let (norm, too_big) = if code_page == CP_UNICODE {
        fold_unicode(source, room)
    } else {
        norm_ascii(source, room)
    };
    let truncated = too_big && (seg_mac > key_most || norm.len() < seg_mac - 1);
    out.reserve(norm.len() + 1);
    out.push(PREFIX_DATA);
    out.extend_from_slice(&norm);
    truncated
}

/// `ErrUtilNormText`: C-locale upper-casing of the text up to its first NUL into at most `room`
/// bytes including the 0x00 terminator; true when the text did not fit.
fn norm_ascii(text: &[u8], room: usize) -> (Vec<u8>, bool) {
    let upper = |b: &u8| b.to_ascii_uppercase();
    if room > text.len() {
        let end = text.iter().position(|&b| b == 0).unwrap_or(text.len());
        let mut out: Vec<u8> = text[..end].iter().map(upper).collect();
        out.push(0);
        (out, false)
    } else if room > 0 {
        let n = room - 1;
        let end = text[..n].iter().position(|&b| b == 0).unwrap_or(n);
        let mut out: Vec<u8> = text[..end].iter().map(upper).collect();
        // room <= text.len(), so text[n] exists.
        if end == n && text[n] != 0 {
            // the old CRT _toupper subtracted 0x20 from any byte
            out.push(text[n].wrapping_sub(0x20));
            (out, true)
        } else {
            out.push(0);
            (out, false)
        }
    } else {
        (Vec::new(), false)
    }
}

/// Our Unicode normalization (see [`UNICODE_NORMALIZATION_NAME`]) into at most `room` bytes;
/// true when it did not fit.
fn fold_unicode(text: &[u8], room: usize) -> (Vec<u8>, bool) {
    let units = text
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .take_while(|&u| u != 0);
    let mut out = Vec::new();
    for c in char::decode_utf16(units).map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER)) {
        for u in c.to_uppercase() {
            for l in u.to_lowercase() {
                let mut buf = [0u8; 4];
                out.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    out.push(0);
    if out.len() > room {
        out.truncate(room);
        (out, true)
    } else {
        (out, false)
    }
}

const CHUNK: usize = 8;
const CHUNK_NORMALIZED: usize = 9;

/// `FLDNormalizeBinarySegment`, onto the end of `out`.
fn binary_segment(
    value: &[u8],
    fixed: bool,
    avail: usize,
    key_most: usize,
    seg_mac: usize,
    out: &mut Vec<u8>,
) -> Appended {
    // Room for the whole normalized value: chunks of CHUNK bytes grow by one.
    out.reserve(value.len() + value.len() / CHUNK + 2);
    let start = out.len();
    out.push(PREFIX_DATA);
    let mut truncated = false;
    let mut delimiter = 0;
    if fixed {
        let mut len = value.len() + 1;
        if seg_mac < key_most && len > seg_mac {
            len = seg_mac;
        }
        if len > avail {
            len = avail;
            truncated = true;
        }
        out.extend_from_slice(&value[..len.saturating_sub(1).min(value.len())]);
    } else {
        let mut entire = true;
        let mut len = value.len().div_ceil(CHUNK) * CHUNK_NORMALIZED + 1;
        if seg_mac < key_most && len > seg_mac {
            len = seg_mac;
            entire = false;
        }
        if len > avail {
            len = avail;
            entire = false;
            truncated = true;
        }
        let mut seg_left = len.saturating_sub(1);
        let mut rest = value;
        while seg_left >= CHUNK_NORMALIZED && !rest.is_empty() {
            if rest.len() <= CHUNK {
                out.extend_from_slice(rest);
                delimiter = out.len() - start;
                if rest.len() == CHUNK {
                    out.push(if entire { 8 } else { 9 });
                } else {
                    out.resize(out.len() + CHUNK - rest.len(), 0);
                    // rest.len() < 8 here
                    out.push(rest.len() as u8);
                }
                rest = &[];
            } else {
                out.extend_from_slice(&rest[..CHUNK]);
                out.push(CHUNK_NORMALIZED as u8);
                rest = &rest[CHUNK..];
            }
            seg_left -= CHUNK_NORMALIZED;
        }
        if seg_left > 0 {
            if rest.len() >= seg_left {
                out.extend_from_slice(&rest[..seg_left]);
            } else {
                delimiter = out.len() - start + rest.len();
                out.extend_from_slice(rest);
                out.resize(out.len() + seg_left - rest.len(), 0);
            }
        }
    }
    Appended {
        truncated,
        binary_delimiter: delimiter,
    }
}

/// The value a key's first segment holds when it is a binary column's (what ESE's
/// `ErrRECIRetrieveColumnFromKey` gives back for `JET_bitRetrieveFromIndex`, and, for an
/// index over substring tuples, the tuple with `JET_bitRetrieveTuple`): `key` a stored
/// key, `descending` the segment's order, `fixed_len` the column's size for a fixed
/// column (its bytes follow the prefix as they are) or `None` for a variable one (chunks
/// of 8 bytes, each followed by 9 when more follow, else by the bytes it holds).
/// `None` when the segment holds no whole value: NULL, zero-length, or cut by the key's
/// size or the index's segment limit (the record must be read instead).
pub fn binary_first_segment(
    key: &[u8],
    descending: bool,
    fixed_len: Option<usize>,
) -> Option<Vec<u8>> {
    let byte = |i: usize| key.get(i).map(|b| if descending { b ^ 0xFF } else { *b });
    if byte(0)? != PREFIX_DATA {
        return None;
    }
    if let Some(n) = fixed_len {
        return (1..=n).map(byte).collect();
    }
    let mut out = Vec::new();
    let mut at = 1;
    loop {
        let group: Vec<u8> = (at..at + CHUNK_NORMALIZED)
            .map(byte)
            .collect::<Option<_>>()?;
        let (data, marker) = group.split_at(CHUNK);
        match marker[0] as usize {
            CHUNK_NORMALIZED => out.extend_from_slice(data),
            n @ 1..=CHUNK => {
                out.extend_from_slice(&data[..n]);
                return Some(out);
            }
            _ => return None,
        }
        at += CHUNK_NORMALIZED;
    }
}

fn invert(bytes: &mut [u8]) {
    for b in bytes {
        *b ^= 0xFF;
    }
}

/// Normalizes one segment as the first segment of a key with the given limits: with
/// `limits.key_most` bytes of space and `limit` applied (which may add one sentinel byte).
/// `value` is `None` for NULL and `Some(&[])` for a zero-length value. For a long value the
/// first `key_most` bytes suffice.
pub fn normalize_segment(
    spec: &SegmentSpec,
    value: Option<&[u8]>,
    limits: KeyLimits,
    limit: SearchLimit,
) -> Result<Vec<u8>> {
    Ok(make_search_key(&[(*spec, value)], limits, limit)?.bytes)
}

/// Builds the key ESE stores for a record (`ErrRECIRetrieveKey`): the segments of
/// `segments` (one per index column, each value as stored: `None` for NULL, the column's
/// default already applied, one instance of a multi-value) within `limits`. Text is cut at
/// `var_seg_mac` deliberately; a segment cut for lack of key space marks the key truncated and
/// ends it.
pub fn make_key_with(
    segments: &[(SegmentSpec, Option<&[u8]>)],
    limits: KeyLimits,
) -> Result<NormalizedKey> {
    make_key_from(segments, limits)
}

/// [`make_key_with`] over segment values held in any byte container (such as
/// values borrowed or encoded for the call).
pub fn make_key_from<B: AsRef<[u8]>>(
    segments: &[(SegmentSpec, Option<B>)],
    limits: KeyLimits,
) -> Result<NormalizedKey> {
    make_key_after(segments, limits, limits.key_most)
}

/// [`make_key_from`] for segments that follow `limits.key_most - avail` bytes of key
/// already made (`ErrIsamMakeKey` appending to a key): each segment is normalized with
/// the space left, as ESE's `cbKeyAvail`.
pub fn make_key_after<B: AsRef<[u8]>>(
    segments: &[(SegmentSpec, Option<B>)],
    limits: KeyLimits,
    avail: usize,
) -> Result<NormalizedKey> {
    limits.check()?;
    let mut key = NormalizedKey {
        all_null: true,
        ..NormalizedKey::default()
    };
    let mut avail = avail.min(limits.key_most);
    for (i, (spec, value)) in segments.iter().enumerate() {
        let value = value.as_ref().map(AsRef::as_ref);
        append_segment(i, spec, value, limits, &mut avail, &mut key)?;
    }
    Ok(key)
}

/// Segment `i` of [`make_key_after`] onto the end of `key.bytes`, its flags set
/// (`limits` checked), `avail` the key space left (taken down by what the segment adds).
pub(crate) fn append_segment(
    i: usize,
    spec: &SegmentSpec,
    value: Option<&[u8]>,
    limits: KeyLimits,
    avail: &mut usize,
    key: &mut NormalizedKey,
) -> Result<()> {
    if value.is_none() {
        key.first_null |= i == 0;
        key.any_null = true;
    }
    if *avail == 0 {
        key.truncated = true;
        return Ok(());
    }
    let start = key.bytes.len();
    let seg = match value {
        None => {
            key.bytes.push(null_prefix(spec, false));
            Appended::default()
        }
        Some(v) => {
            key.all_null = false;
            if v.is_empty() {
                key.bytes.push(null_prefix(spec, true));
                Appended::default()
            } else {
                normalize_value(spec, v, *avail, limits, &mut key.bytes)?
            }
        }
    };
    if key.truncated {
        key.bytes.truncate(start);
        return Ok(());
    }
    if seg.truncated || key.bytes.len() - start > *avail {
        key.truncated = true;
        key.bytes.truncate(start + *avail);
    }
    if spec.descending {
        invert(&mut key.bytes[start..]);
    }
    *avail -= key.bytes.len() - start;
    Ok(())
}

/// [`make_key_with`] for an index with `key_most` and no separate segment limit.
pub fn make_key(
    segments: &[(SegmentSpec, Option<&[u8]>)],
    key_most: usize,
) -> Result<NormalizedKey> {
    make_key_with(segments, KeyLimits::new(key_most))
}

/// Builds a search key as successive `JetMakeKey` calls would (`ErrIsamMakeKey` and
/// `ErrFLDNormalizeSegment`): one call per segment, `limit` given with the last. Differences
/// from [`make_key_with`]: a zero-length value of a fixed column or of a type other than text and
/// binary is `JET_errInvalidBufferSize`; partial limits on other columns are
/// `JET_errInvalidGrbit`; a limit adds up to one byte past `key_most`. The result's `truncated`
/// says a segment did not fit.
pub fn make_search_key(
    segments: &[(SegmentSpec, Option<&[u8]>)],
    limits: KeyLimits,
    limit: SearchLimit,
) -> Result<NormalizedKey> {
    limits.check()?;
    let mut key = NormalizedKey {
        all_null: true,
        ..NormalizedKey::default()
    };
    let last = segments.len().saturating_sub(1);
    for (i, (spec, value)) in segments.iter().enumerate() {
        let limit = if i == last { limit } else { SearchLimit::None };
        let textual = spec.coltype.is_text() || spec.coltype.is_binary();
        if matches!(
            limit,
            SearchLimit::PartialColumnStart | SearchLimit::PartialColumnEnd
        ) && !spec.coltype.is_text()
            && (spec.fixed_column || !spec.coltype.is_binary())
        {
            return Err(Error::with(
                ErrorCode::InvalidGrbit,
                "partial column limits need a text or variable binary column",
            ));
        }
        if value == &Some(&[][..]) && (spec.fixed_column || !textual) {
            return Err(Error::with(
                ErrorCode::InvalidBufferSize,
                "zero-length key data for a fixed-size column",
            ));
        }
        if value.is_none() {
            key.first_null |= i == 0;
            key.any_null = true;
        } else {
            key.all_null = false;
        }
        if key.truncated || key.bytes.len() >= limits.key_most {
            continue;
        }
        let avail = limits.key_most - key.bytes.len();
        let mut bytes = Vec::new();
        let seg = match value {
            None => {
                bytes.push(null_prefix(spec, false));
                Appended::default()
            }
            Some([]) => {
                bytes.push(null_prefix(spec, true));
                Appended::default()
            }
            Some(v) => normalize_value(spec, v, avail, limits, &mut bytes)?,
        };
        if seg.truncated || bytes.len() > avail {
            key.truncated = true;
            bytes.truncate(avail);
        }
        if spec.descending {
            invert(&mut bytes);
        }
        apply_limit(&mut bytes, spec, avail + 1, seg.binary_delimiter, limit);
        bytes.truncate(limits.key_most + 1 - key.bytes.len());
        key.bytes.extend_from_slice(&bytes);
    }
    Ok(key)
}

/// Applies a search limit to a (possibly inverted) segment that may grow to `room` bytes.
fn apply_limit(
    seg: &mut Vec<u8>,
    spec: &SegmentSpec,
    room: usize,
    delimiter: usize,
    limit: SearchLimit,
) {
    match limit {
        SearchLimit::None => {}
        SearchLimit::FullColumnStart => {}
        SearchLimit::FullColumnEnd => full_limit(seg, room, true),
        SearchLimit::PartialColumnStart | SearchLimit::PartialColumnEnd => {
            let end = limit == SearchLimit::PartialColumnEnd;
            if spec.coltype.is_text() {
                partial_text_limit(seg, room, spec.descending, end);
            } else {
                partial_binary_limit(seg, room, delimiter, end);
            }
        }
        SearchLimit::SubStrLimit => {
            if spec.coltype.is_text() {
                partial_text_limit(seg, room, spec.descending, true);
            }
        }
        SearchLimit::StrLimit => partial_binary_limit(seg, room, delimiter, true),
    }
}

/// `FLDISetFullColumnLimit`.
fn full_limit(seg: &mut Vec<u8>, room: usize, sentinel: bool) {
    if sentinel && seg.len() < room {
        seg.resize(room, SENTINEL);
    }
}

/// `FLDISetPartialColumnLimitOnTextColumn` for terminator-ended text (code page 1252 and our
/// Unicode normalization).
fn partial_text_limit(seg: &mut Vec<u8>, room: usize, descending: bool, sentinel: bool) {
    if seg.len() < 2 {
        full_limit(seg, room, sentinel);
        return;
    }
    let terminator = if descending { 0xFF } else { 0x00 };
    let suffix = room - 1;
    let mut end = seg.len();
    if seg[end - 1] == terminator {
        end -= 1;
    }
    seg.truncate(end.min(suffix));
    if sentinel {
        seg.resize(room, SENTINEL);
    }
}

/// `FLDITrySetPartialColumnLimitOnBinaryColumn`.
fn partial_binary_limit(seg: &mut Vec<u8>, room: usize, delimiter: usize, sentinel: bool) {
    if delimiter == 0 || delimiter > seg.len() {
        full_limit(seg, room, sentinel);
    } else if sentinel {
        let len = (seg.len() + 1).min(room);
        seg.truncate(delimiter);
        seg.resize(len, SENTINEL);
    } else {
        seg.truncate(delimiter);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(spec: SegmentSpec, v: Option<&[u8]>) -> Vec<u8> {
        make_key(&[(spec, v)], KEY_MOST_LEGACY).unwrap().bytes
    }

    #[test]
    fn prefixes() {
        let t = SegmentSpec::new(ColumnType::Text, 1252);
        assert_eq!(key(t, None), [PREFIX_NULL]);
        assert_eq!(key(t, Some(b"")), [PREFIX_ZERO_LENGTH]);
        assert_eq!(key(t.descending(), Some(b"")), [!PREFIX_ZERO_LENGTH]);
        let l = SegmentSpec {
            sort_nulls_high: true,
            ..SegmentSpec::new(ColumnType::Long, 0)
        };
        assert_eq!(key(l, None), [PREFIX_NULL_HIGH]);
        assert_eq!(key(l, Some(b"")), [PREFIX_NULL_HIGH]);
    }

    #[test]
    fn ascii_quirk_at_the_end_of_key_space() {
        let t = SegmentSpec::new(ColumnType::Text, 1252);
        let k = make_key(&[(t, Some(b"ab{d"))], 4).unwrap();
        // room 3: "AB" then '{' - 0x20 = '[' instead of the terminator
        assert_eq!(k.bytes, [0x7F, b'A', b'B', b'[']);
        assert!(k.truncated);
        let k = make_key(&[(t, Some(b"ab\0d"))], 4).unwrap();
        assert_eq!(k.bytes, [0x7F, b'A', b'B', 0]);
        assert!(!k.truncated);
    }

    #[test]
    fn unicode_fold() {
        let t = SegmentSpec::new(ColumnType::Text, CP_UNICODE);
        let enc = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
        assert_eq!(key(t, Some(&enc("Straße"))), key(t, Some(&enc("STRASSE"))));
        assert_eq!(key(t, Some(&enc("ab"))), b"\x7fab\x00");
        assert!(key(t, Some(&enc("a"))) < key(t, Some(&enc("ab"))));
        assert_eq!(key(t, Some(&enc("x\0y"))), b"\x7fx\x00");
        assert!(unicode_normalization_id().starts_with("ese-rs-casefold-utf8/1/unicode-"));
    }

    #[test]
    fn unicode_identity() {
        let (a, b, c) = char::UNICODE_VERSION;
        assert_eq!(
            UNICODE_KEY_VERSION >> 32,
            u64::from(UNICODE_NORMALIZATION_VERSION)
        );
        assert_eq!(
            UNICODE_KEY_VERSION & 0xFFFF_FFFF,
            u64::from(a) << 16 | u64::from(b) << 8 | u64::from(c)
        );
        assert_eq!(
            UNICODE_KEY_IDENTITY,
            (UNICODE_KEY_VERSION, UNICODE_KEY_SORT_ID)
        );
        assert_eq!(&UNICODE_KEY_SORT_ID[10..], b"ese-rs");
        assert_eq!(u32::from_le_bytes([0x52, 0x3e, 0x1c, 0x7a]), 0x7a1c_3e52);
    }

    #[test]
    fn bad_input_is_an_error() {
        let s = SegmentSpec::new(ColumnType::Long, 0);
        assert!(make_key(&[(s, Some(&[1, 2]))], 255).is_err());
        assert!(make_key(&[(s, Some(&[1, 2, 3, 4]))], 0).is_err());
        let n = SegmentSpec::new(ColumnType::Nil, 0);
        assert!(make_key(&[(n, Some(&[1]))], 255).is_err());
        assert!(
            make_search_key(&[(s, Some(&[]))], KeyLimits::default(), SearchLimit::None).is_err()
        );
    }
}

#[cfg(test)]
mod binary_first_segment_tests {
    use super::*;

    /// Every binary value of 1 to 40 bytes comes back out of a key it begins, ascending and
    /// descending, variable and fixed, with a segment after it; NULL, zero-length and a key
    /// cut inside the segment give none.
    #[test]
    fn binary_values_come_back_out_of_their_keys() {
        let long = SegmentSpec::new(ColumnType::Long, 0);
        for len in 1..=40usize {
            let v: Vec<u8> = (0..len).map(|i| (i * 37 % 256) as u8).collect();
            for descending in [false, true] {
                let mut spec = SegmentSpec::new(ColumnType::Binary, 0);
                spec.descending = descending;
                let segs = [(spec, Some(&v[..])), (long, Some(&7i32.to_le_bytes()[..]))];
                let k = make_key_with(&segs, KeyLimits::new(1000)).unwrap().bytes;
                assert_eq!(
                    binary_first_segment(&k, descending, None),
                    Some(v.clone()),
                    "{len}"
                );
                // Cut inside the segment: no value.
                assert_eq!(
                    binary_first_segment(&k[..len.min(8)], descending, None),
                    None
                );
                let fixed = SegmentSpec {
                    fixed_column: true,
                    ..spec
                };
                let segs = [(fixed, Some(&v[..])), (long, Some(&7i32.to_le_bytes()[..]))];
                let k = make_key_with(&segs, KeyLimits::new(1000)).unwrap().bytes;
                assert_eq!(
                    binary_first_segment(&k, descending, Some(len)),
                    Some(v.clone())
                );
            }
        }
        let spec = SegmentSpec::new(ColumnType::Binary, 0);
        for v in [None, Some(&[][..])] {
            let k = make_key_with(&[(spec, v)], KeyLimits::new(255))
                .unwrap()
                .bytes;
            assert_eq!(binary_first_segment(&k, false, None), None);
        }
    }
}
