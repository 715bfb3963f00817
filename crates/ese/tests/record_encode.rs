//! `record::encode_insert` on synthetic tables: every column type round-trips through the read
//! path's record rules on small and large pages; ESE's errors; long-value separation, chunking
//! and compression choices.

use ese::db::{column_flags, ColumnDef, TableDef};
use ese::format::coltype::{decode_value, ColumnType, Value};
use ese::format::compress::{decompress, scheme, Scheme};
use ese::format::lv::Lid;
use ese::format::record::{split_values, Field, RawRecord, TaggedFlags};
use ese::record::{
    encode_insert, Cell, EncodeOptions, EncodedRecord, LongValueWrite, Row, RowValue,
};
use ese::{ErrorCode, Result, Warning};

/// Column `id` of type `t`; fixed columns are laid out by [`table`].
fn col(id: u32, t: ColumnType, flags: u32) -> ColumnDef {
    ColumnDef {
        id,
        name: format!("c{id}"),
        coltype: t,
        coltype_raw: t.as_u32(),
        flags,
        code_page: if t.is_text() { 1252 } else { 0 },
        max_length: t
            .fixed_size()
            .map_or(if t.is_long() { 0 } else { 255 }, |s| s as u32),
        record_offset: 0,
        default_value: None,
    }
}

fn unicode(mut c: ColumnDef) -> ColumnDef {
    c.code_page = 1200;
    c
}

fn sized(mut c: ColumnDef, max: u32) -> ColumnDef {
    c.max_length = max;
    c
}

fn with_default(mut c: ColumnDef, d: &[u8]) -> ColumnDef {
    c.flags |= column_flags::DEFAULT;
    c.default_value = Some(d.to_vec());
    c
}

/// A table of `columns` (fixed offsets assigned in id order from 4), no indexes.
fn table(mut columns: Vec<ColumnDef>) -> TableDef {
    columns.sort_by_key(|c| c.id);
    let mut at = 4u16;
    for c in columns.iter_mut().filter(|c| c.is_fixed()) {
        c.record_offset = at;
        at += c.coltype.fixed_size().unwrap_or(c.max_length as usize) as u16;
    }
    TableDef {
        name: "t".into(),
        objid: 0,
        root: 0,
        flags: 0,
        template_table: None,
        columns,
        indexes: Vec::new(),
        lv_root: None,
        lv_objid: None,
        lv_chunk_max: 0,
        density: 80,
        pages: 0,
    }
}

/// Encodes with LIDs 1, 2, 3… in allocation order.
fn encode(t: &TableDef, row: &Row, page: usize) -> Result<EncodedRecord> {
    let mut next = 0u32;
    encode_insert(
        t,
        row,
        &EncodeOptions::new(page),
        &mut |_: &LongValueWrite| {
            next += 1;
            Lid::new(u64::from(next))
        },
    )
}

/// What the read path gives for column `c`: NULL (`None`) or the values' bytes, with defaults
/// applied, compressed values expanded and separated values reassembled from their chunks by
/// the readers' rule (a chunk shorter than the bytes it stands for is compressed).
fn read_back(
    enc: &EncodedRecord,
    large: bool,
    chunk: usize,
    c: &ColumnDef,
) -> Option<Vec<Vec<u8>>> {
    let rec = RawRecord::decode(&enc.data, large).unwrap();
    rec.validate().unwrap();
    let default = || {
        c.default_value
            .clone()
            .filter(|_| c.flags & column_flags::DEFAULT != 0)
            .map(|d| vec![d])
    };
    let field = if c.is_fixed() {
        let size = c.coltype.fixed_size().unwrap_or(c.max_length as usize);
        rec.fixed_field(c.id, c.record_offset as usize, size)
            .unwrap()
    } else if c.is_variable() {
        rec.variable_field(c.id).unwrap()
    } else {
        let Some(f) = rec.tagged_field(c.id).unwrap() else {
            return default();
        };
        if f.is_null() {
            return None;
        }
        let mut out = Vec::new();
        for v in split_values(&f).unwrap() {
            let bytes = if v.separated {
                let lid = Lid::from_record(v.data).unwrap();
                let (_, lv) = enc.long_values.iter().find(|(l, _)| *l == lid).unwrap();
                let mut whole = Vec::new();
                for ch in &lv.chunks {
                    let expected = chunk.min(lv.size as usize - ch.offset as usize);
                    assert!(ch.data.len() <= expected);
                    if ch.data.len() < expected {
                        whole.extend(decompress(&ch.data).unwrap());
                    } else {
                        whole.extend_from_slice(&ch.data);
                    }
                }
                assert_eq!(whole.len(), lv.size as usize);
                whole
            } else if v.compressed {
                decompress(v.data).unwrap()
            } else {
                v.data.to_vec()
            };
            out.push(bytes);
        }
        return Some(out);
    };
    match field {
        Field::NotInRecord => default(),
        Field::Null => None,
        Field::Data(d) => Some(vec![d.to_vec()]),
    }
}

fn values(c: &ColumnDef, got: Option<Vec<Vec<u8>>>) -> Vec<Value> {
    got.unwrap_or_default()
        .iter()
        .map(|b| decode_value(c.coltype, c.code_page, b).unwrap())
        .collect()
}

fn guid() -> [u8; 16] {
    *b"0123456789abcdef"
}

/// One value of every type, for a column of that type.
fn sample_value(t: ColumnType, n: i32) -> Value {
    match t {
        ColumnType::Bit => Value::Bit(n % 2 == 1),
        ColumnType::UnsignedByte => Value::UnsignedByte(n as u8),
        ColumnType::Short => Value::Short(-(n as i16)),
        ColumnType::Long => Value::Long(-n * 1_000_001),
        ColumnType::Currency => Value::Currency(i64::from(n) * 10_000),
        ColumnType::IEEESingle => Value::IEEESingle(n as f32 / 4.0),
        ColumnType::IEEEDouble => Value::IEEEDouble(f64::from(n) / 3.0),
        ColumnType::DateTime => Value::DateTime(36220.5 + f64::from(n)),
        ColumnType::Binary | ColumnType::LongBinary => Value::Binary(vec![n as u8; n as usize]),
        ColumnType::Text | ColumnType::LongText => Value::Text(format!("text {n} é")),
        ColumnType::UnsignedLong => Value::UnsignedLong(n as u32 * 3),
        ColumnType::LongLong => Value::LongLong(-i64::from(n) << 40),
        ColumnType::Guid => Value::Guid(guid()),
        ColumnType::UnsignedShort => Value::UnsignedShort(n as u16),
        ColumnType::UnsignedLongLong => Value::UnsignedLongLong(u64::MAX - n as u64),
        ColumnType::Nil | ColumnType::SLV => unreachable!(),
    }
}

const TYPES: [ColumnType; 18] = [
    ColumnType::Bit,
    ColumnType::UnsignedByte,
    ColumnType::Short,
    ColumnType::Long,
    ColumnType::Currency,
    ColumnType::IEEESingle,
    ColumnType::IEEEDouble,
    ColumnType::DateTime,
    ColumnType::Binary,
    ColumnType::Text,
    ColumnType::LongBinary,
    ColumnType::LongText,
    ColumnType::UnsignedLong,
    ColumnType::LongLong,
    ColumnType::Guid,
    ColumnType::UnsignedShort,
    ColumnType::UnsignedLongLong,
    ColumnType::Text,
];

/// Every type as a plain column (fixed or variable, tagged for long values) and as a
/// multi-valued tagged column, plus fixed Text and Binary and a Unicode text column.
fn all_types_table() -> TableDef {
    let (mut fixed, mut var, mut tagged) = (1, 128, 256);
    let mut cols = Vec::new();
    for (i, &t) in TYPES.iter().enumerate() {
        let id = if t.is_long() {
            tagged += 1;
            tagged - 1
        } else if t.fixed_size().is_some() {
            fixed += 1;
            fixed - 1
        } else {
            var += 1;
            var - 1
        };
        let c = col(id, t, 0);
        cols.push(if i == 17 { unicode(c) } else { c });
    }
    for &t in &TYPES[..17] {
        cols.push(col(tagged, t, column_flags::MULTI_VALUED));
        tagged += 1;
    }
    cols.push(sized(col(fixed, ColumnType::Text, 0), 20));
    cols.push(sized(col(fixed + 1, ColumnType::Binary, 0), 8));
    cols.push(unicode(sized(col(fixed + 2, ColumnType::Text, 0), 21)));
    table(cols)
}

#[test]
fn every_type_round_trips() {
    let t = all_types_table();
    for page in [4096, 8192, 16384, 32768] {
        let large = page > 8192;
        let mut row = Row::new();
        let mut want = Vec::new();
        for c in &t.columns {
            let vs: Vec<Value> = if c.is_multi_valued() {
                (1..=3).map(|n| sample_value(c.coltype, n)).collect()
            } else if c.is_fixed() && c.coltype == ColumnType::Text {
                vec![Value::Text("pad".into())]
            } else if c.is_fixed() && c.coltype == ColumnType::Binary {
                vec![Value::Binary(vec![1, 2, 3])]
            } else {
                vec![sample_value(c.coltype, 5)]
            };
            row.set(
                c.id,
                RowValue::Many(vs.iter().cloned().map(Cell::Value).collect()),
            );
            want.push((c, vs));
        }
        let enc = encode(&t, &row, page).unwrap();
        assert!(enc.warnings.is_empty() && enc.long_values.is_empty());
        for (c, vs) in want {
            let got = values(c, read_back(&enc, large, 0, c));
            let expect: Vec<Value> = match (c.is_fixed(), &vs[0]) {
                // fixed text comes back padded with spaces, fixed binary with zeros
                (true, Value::Text(s)) => {
                    // an odd-sized Unicode column ends in half a space, read as one more
                    let size = if c.code_page == 1200 {
                        (c.max_length as usize).div_ceil(2)
                    } else {
                        c.max_length as usize
                    };
                    vec![Value::Text(format!("{s:<size$}"))]
                }
                (true, Value::Binary(b)) => {
                    let mut b = b.clone();
                    b.resize(8, 0);
                    vec![Value::Binary(b)]
                }
                _ => vs,
            };
            assert_eq!(got, expect, "page {page} column {} {:?}", c.id, c.coltype);
        }
    }
}

#[test]
fn two_values_only_on_small_pages() {
    let t = table(vec![col(256, ColumnType::Long, column_flags::MULTI_VALUED)]);
    let mut row = Row::new();
    row.set(
        256,
        RowValue::Many(vec![Value::Long(1).into(), Value::Long(2).into()]),
    );
    let small = encode(&t, &row, 4096).unwrap();
    let f = RawRecord::decode(&small.data, false)
        .unwrap()
        .tagged_at(0)
        .unwrap();
    assert!(f.flags.contains(TaggedFlags::TWO_VALUED));
    let large = encode(&t, &row, 32768).unwrap();
    let f = RawRecord::decode(&large.data, true)
        .unwrap()
        .tagged_at(0)
        .unwrap();
    assert!(f.flags.contains(TaggedFlags::MULTI_VALUED));
    assert!(!f.flags.contains(TaggedFlags::TWO_VALUED));
}

#[test]
fn defaults_and_nulls() {
    let t = table(vec![
        col(1, ColumnType::Long, 0),
        with_default(col(2, ColumnType::Bit, 0), &[1]),
        col(3, ColumnType::Short, 0),
        with_default(col(128, ColumnType::Text, 0), b"dflt"),
        with_default(col(256, ColumnType::Long, 0), &7i32.to_le_bytes()),
        col(257, ColumnType::Long, 0),
    ]);
    // Nothing set: the fixed and variable defaults are in the record (Bit as 0xFF), the tagged
    // one is not.
    let enc = encode(&t, &Row::new(), 4096).unwrap();
    assert_eq!(
        enc.data,
        [
            [2, 128, 10, 0].as_slice(),
            b"****",
            &[0xFF, 0b1111_1101],
            &[4, 0],
            b"dflt"
        ]
        .concat()
    );
    // Explicit NULLs: past the last fixed column the record grows to it ('*' fill); a tagged
    // NULL is stored only where it overrides a default.
    let mut row = Row::new();
    row.set_null(3).set_null(128).set_null(256).set_null(257);
    let enc = encode(&t, &row, 4096).unwrap();
    let rec = RawRecord::decode(&enc.data, false).unwrap();
    assert_eq!(rec.last_fixed_id(), 3);
    assert_eq!(rec.fixed_field(3, 9, 2).unwrap(), Field::Null);
    assert_eq!(&enc.data[9..11], b"**");
    assert_eq!(rec.variable_field(128).unwrap(), Field::Null);
    assert_eq!(rec.tagged_count(), 1);
    assert!(rec.tagged_field(256).unwrap().unwrap().is_null());
    assert!(rec.tagged_field(257).unwrap().is_none());
}

#[test]
fn version_and_autoincrement() {
    let t = table(vec![
        col(
            1,
            ColumnType::Long,
            column_flags::AUTOINCREMENT | column_flags::NOT_NULL,
        ),
        col(2, ColumnType::Long, column_flags::VERSION),
    ]);
    assert_eq!(
        encode(&t, &Row::new(), 4096).unwrap_err().code(),
        ErrorCode::AutoIncrementNotSet
    );
    let mut row = Row::new();
    row.set_autoincrement(&t, 42).unwrap();
    let enc = encode(&t, &row, 4096).unwrap();
    assert_eq!(&enc.data[4..12], &[42, 0, 0, 0, 0, 0, 0, 0]);
    assert!(row.set_autoincrement(&t, 0).is_err());
    assert!(row.set_autoincrement(&t, 1 << 40).is_err());
}

#[test]
fn ese_errors() {
    let t = table(vec![
        col(1, ColumnType::Long, column_flags::NOT_NULL),
        sized(col(128, ColumnType::Text, 0), 10),
        sized(col(256, ColumnType::Binary, 0), 10),
        col(257, ColumnType::Long, 0),
        sized(col(258, ColumnType::LongText, 0), 100),
    ]);
    let code = |row: &Row| encode(&t, row, 4096).unwrap_err().code();
    let base = || {
        let mut r = Row::new();
        r.set_value(1, Value::Long(1));
        r
    };
    assert_eq!(code(&Row::new()), ErrorCode::NullInvalid);
    assert_eq!(code(Row::new().set_null(1)), ErrorCode::NullInvalid);
    assert_eq!(
        code(Row::new().set(1, RowValue::One(Cell::Raw(vec![1, 2])))),
        ErrorCode::InvalidBufferSize
    );
    assert_eq!(
        code(base().set(257, RowValue::One(Cell::Raw(vec![1, 2, 3])))),
        ErrorCode::InvalidBufferSize
    );
    assert_eq!(
        code(base().set_value(256, Value::Binary(vec![0; 11]))),
        ErrorCode::ColumnTooBig
    );
    assert_eq!(
        code(base().set_value(258, Value::Text("x".repeat(101)))),
        ErrorCode::ColumnTooBig
    );
    assert_eq!(
        code(base().set(
            128,
            RowValue::Many(vec![
                Value::Text("a".into()).into(),
                Value::Text("b".into()).into()
            ])
        )),
        ErrorCode::MultiValuedColumnMustBeTagged
    );
    assert_eq!(
        code(base().set_value(999, Value::Long(1))),
        ErrorCode::ColumnNotFound
    );
    assert_eq!(
        code(base().set_value(257, Value::Text("x".into()))),
        ErrorCode::InvalidParameter
    );
    // A variable value over the column size is cut, with ESE's warning.
    let enc = encode(&t, base().set_value(128, Value::Text("y".repeat(12))), 4096).unwrap();
    assert_eq!(enc.warnings[0].warning, Warning::ColumnMaxTruncated);
    let rec = RawRecord::decode(&enc.data, false).unwrap();
    assert_eq!(
        rec.variable(128).unwrap().unwrap(),
        "y".repeat(10).as_bytes()
    );
    // Several values of a tagged column that is not multi-valued are kept, as ESE keeps them.
    let enc = encode(
        &t,
        base().set(
            257,
            RowValue::Many(vec![Value::Long(1).into(), Value::Long(2).into()]),
        ),
        4096,
    )
    .unwrap();
    assert_eq!(
        values(&t.columns[3], read_back(&enc, false, 0, &t.columns[3])).len(),
        2
    );
}

#[test]
fn records_that_cannot_fit() {
    // Tagged binary values that cannot be separated: 15 of 255 bytes fill a 4 KiB record.
    let cols: Vec<ColumnDef> = (256..272)
        .map(|id| col(id, ColumnType::Binary, 0))
        .collect();
    let t = table(cols);
    let mut row = Row::new();
    for id in 256..272 {
        row.set_value(id, Value::Binary(vec![id as u8; 255]));
    }
    assert_eq!(
        encode(&t, &row, 4096).unwrap_err().code(),
        ErrorCode::RecordTooBig
    );
    assert!(encode(&t, &row, 8192).is_ok());
}

fn long_table(chunk_max: u32, compressed: bool) -> TableDef {
    let flags = if compressed {
        column_flags::COMPRESSED
    } else {
        0
    };
    let mut t = table(
        (256..264)
            .map(|id| {
                col(
                    id,
                    ColumnType::LongBinary,
                    flags | column_flags::MULTI_VALUED,
                )
            })
            .collect(),
    );
    t.lv_chunk_max = chunk_max;
    t
}

/// (separated?, stored length) of each value of column `id`.
fn layout(enc: &EncodedRecord, large: bool, id: u32) -> Vec<(bool, usize)> {
    let rec = RawRecord::decode(&enc.data, large).unwrap();
    let f = rec.tagged_field(id).unwrap().unwrap();
    split_values(&f)
        .unwrap()
        .iter()
        .map(|v| (v.separated, v.data.len()))
        .collect()
}

#[test]
fn long_values_stay_up_to_1023_bytes() {
    let t = long_table(0, false);
    let mut row = Row::new();
    row.set_value(256, Value::Binary(vec![1; 1023]));
    row.set_value(257, Value::Binary(vec![2; 1024]));
    let enc = encode(&t, &row, 8192).unwrap();
    assert_eq!(layout(&enc, false, 256), [(false, 1023)]);
    assert_eq!(layout(&enc, false, 257), [(true, 4)]);
    assert_eq!(enc.long_values.len(), 1);
    // The table's SeparateLV hint moves the limit.
    let opts = EncodeOptions {
        separate_lv: 100,
        ..EncodeOptions::new(8192)
    };
    let mut next = 0;
    let enc = encode_insert(&t, &row, &opts, &mut |_: &LongValueWrite| {
        next += 1;
        Lid::new(next)
    })
    .unwrap();
    assert_eq!(enc.long_values.len(), 2);
}

#[test]
fn full_records_separate_the_largest_values_first() {
    // Four 1000-byte values on a 4 KiB page: the fourth does not fit; ESE halves its threshold
    // from 2048 to 512 before anything can go, then separates the three in the record and keeps
    // the fourth.
    let t = long_table(0, false);
    let mut row = Row::new();
    for id in 256..260 {
        row.set_value(id, Value::Binary(vec![id as u8; 1000]));
    }
    let enc = encode(&t, &row, 4096).unwrap();
    for id in 256..259 {
        assert_eq!(layout(&enc, false, id), [(true, 4)], "{id}");
    }
    assert_eq!(layout(&enc, false, 259), [(false, 1000)]);
    let order: Vec<u32> = enc.long_values.iter().map(|(_, lv)| lv.column_id).collect();
    assert_eq!(order, [256, 257, 258]);
    // A value over half a page that does not fit goes out itself.
    let mut row = Row::new();
    row.set_value(256, Value::Binary(vec![1; 1000]));
    row.set_value(257, Value::Binary(vec![2; 1000]));
    row.set_value(258, Value::Binary(vec![3; 1000]));
    let opts = EncodeOptions {
        separate_lv: 3000,
        ..EncodeOptions::new(4096)
    };
    row.set_value(259, Value::Binary(vec![4; 2500]));
    let mut next = 0;
    let enc = encode_insert(&t, &row, &opts, &mut |_: &LongValueWrite| {
        next += 1;
        Lid::new(next)
    })
    .unwrap();
    assert_eq!(layout(&enc, false, 256), [(false, 1000)]);
    assert_eq!(layout(&enc, false, 259), [(true, 4)]);
}

#[test]
fn chunks_follow_the_table_and_page_size() {
    for (page, chunk_max, chunk) in [
        (4096, 0, 4014),
        (8192, 0, 8110),
        (16384, 0, 4050),
        (32768, 0, 8150),
        (4096, 1000, 1000),
    ] {
        let t = long_table(chunk_max, false);
        let mut row = Row::new();
        let value: Vec<u8> = (0..20_000u32).map(|i| i as u8).collect();
        row.set_value(256, Value::Binary(value.clone()));
        let enc = encode(&t, &row, page).unwrap();
        let (_, lv) = &enc.long_values[0];
        assert_eq!(lv.size, 20_000);
        assert_eq!(lv.chunks.len(), 20_000usize.div_ceil(chunk), "page {page}");
        for (i, c) in lv.chunks.iter().enumerate() {
            assert_eq!(c.offset as usize, i * chunk);
            assert_eq!(c.data, value[i * chunk..((i + 1) * chunk).min(20_000)]);
        }
        let got = read_back(&enc, page > 8192, chunk, &t.columns[0]).unwrap();
        assert_eq!(got, [value]);
    }
}

#[test]
fn compression_choices() {
    let t = long_table(0, true);
    let text: Vec<u8> = "the quick brown fox jumps over the lazy dog. "
        .repeat(300)
        .into_bytes();
    let unicode: Vec<u8> = "Unicode text, all below 0x80. "
        .repeat(10)
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let noise: Vec<u8> = (0..3000u64)
        .map(|i| (i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as u8)
        .collect();
    let mut row = Row::new();
    // 200 ASCII bytes in the record: 7-bit ASCII (XPRESS needs 1024 bytes).
    row.set_value(256, Value::Binary(text[..200].to_vec()));
    // 600 bytes of ASCII-only UTF-16: 7-bit Unicode.
    row.set_value(257, Value::Binary(unicode.clone()));
    // separated text: chunks compressed one by one, the last one too.
    row.set_value(258, Value::Binary(text.clone()));
    // separated noise: the chi-squared gate leaves it alone.
    row.set_value(259, Value::Binary(noise.clone()));
    // only the first value of a multi-value is compressed in the record.
    row.set(
        260,
        RowValue::Many(vec![
            Value::Binary(text[..100].to_vec()).into(),
            Value::Binary(text[..100].to_vec()).into(),
        ]),
    );
    // too short to shrink.
    row.set_value(261, Value::Binary(b"tiny".to_vec()));
    let enc = encode(&t, &row, 4096).unwrap();
    let rec = RawRecord::decode(&enc.data, false).unwrap();
    let first = |id| {
        let f = rec.tagged_field(id).unwrap().unwrap();
        split_values(&f).unwrap()[0].data.to_vec()
    };
    assert_eq!(scheme(&first(256)), Some(Scheme::SevenBitAscii));
    assert_eq!(first(256).len(), 176);
    assert_eq!(scheme(&first(257)), Some(Scheme::SevenBitUnicode));
    assert_eq!(first(257).len(), (600 / 2 * 7usize).div_ceil(8) + 1);
    assert_eq!(layout(&enc, false, 260), [(false, 89), (false, 100)]);
    assert_eq!(first(261), b"tiny");
    let lv = |id| {
        &enc.long_values
            .iter()
            .find(|(_, l)| l.column_id == id)
            .unwrap()
            .1
    };
    let text_lv = lv(258);
    assert_eq!(text_lv.chunks.len(), 4);
    assert!(text_lv.chunks[..3]
        .iter()
        .all(|c| scheme(&c.data) == Some(Scheme::Xpress) && c.data.len() < 4014));
    // the last chunk (1473 bytes) is long enough for XPRESS too
    assert!(text_lv.chunks[3].data.len() < 13_500 - 3 * 4014);
    assert_eq!(lv(259).chunks[0].data, noise);
    for c in &t.columns[..6] {
        let got = read_back(&enc, false, 4014, c).unwrap();
        let given: Vec<Vec<u8>> = row
            .get(c.id)
            .unwrap()
            .cells()
            .iter()
            .map(|cell| match cell {
                Cell::Value(Value::Binary(b)) => b.clone(),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(got, given, "column {}", c.id);
    }
}
