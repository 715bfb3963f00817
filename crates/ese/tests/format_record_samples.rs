//! Record decoding against vectors extracted from the ESE sample databases with dissect
//! (tests/data/record/records.txt; see the extraction scripts next to it).

use ese::format::coltype::{
    decode_value, format_guid, ole_date_to_iso8601, ole_date_to_iso8601_linear, ColumnType, Value,
};
use ese::format::lv::Lid;
use ese::format::record::{split_values, Field, RawRecord, TaggedFlags};
use std::path::PathBuf;

fn data_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/record"))
}

fn unhex(s: &str) -> Vec<u8> {
    if s == "-" {
        return Vec::new();
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn hex(b: &[u8]) -> String {
    if b.is_empty() {
        return "-".into();
    }
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The canonical text the extraction script prints for a value.
fn canonical(v: &Value) -> String {
    match v {
        Value::Bit(b) => format!("bit {b}"),
        Value::UnsignedByte(x) => format!("u8 {x}"),
        Value::Short(x) => format!("i16 {x}"),
        Value::Long(x) => format!("i32 {x}"),
        Value::Currency(x) => format!("cur {x}"),
        Value::IEEESingle(x) => format!("f32 {:08x}", x.to_bits()),
        Value::IEEEDouble(x) => format!("f64 {:016x}", x.to_bits()),
        Value::DateTime(x) => format!("dt {:016x}", x.to_bits()),
        Value::Binary(b) => format!("bin {}", hex(b)),
        Value::Text(s) => format!("text {}", hex(s.as_bytes())),
        Value::UndecodedText(b) => format!("undecoded {}", hex(b)),
        Value::UnsignedLong(x) => format!("u32 {x}"),
        Value::LongLong(x) => format!("i64 {x}"),
        Value::Guid(g) => format!("guid {}", format_guid(g)),
        Value::UnsignedShort(x) => format!("u16 {x}"),
        Value::UnsignedLongLong(x) => format!("u64 {x}"),
    }
}

struct Ctx<'a> {
    rec: RawRecord<'a>,
    name: String,
}

fn check_value(ctx: &Ctx<'_>, coltype: u32, cp: u32, bytes: &[u8], expect: &str) {
    if expect == "?" {
        return;
    }
    let t = ColumnType::from_u32(coltype).unwrap();
    let v = decode_value(t, cp, bytes).unwrap();
    assert_eq!(
        canonical(&v),
        expect,
        "{}: value of coltyp {coltype}",
        ctx.name
    );
}

#[test]
fn records_match_dissect() {
    let text = std::fs::read_to_string(data_dir().join("records.txt")).unwrap();
    let mut lines = text.lines().filter(|l| !l.starts_with('#')).peekable();
    let mut records = 0;
    let mut columns = 0;
    let mut values = 0;
    while let Some(line) = lines.next() {
        let f: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(f[0], "record", "{line}");
        let bytes = std::fs::read(data_dir().join(f[1])).unwrap();
        let page_size: usize = f[3].strip_prefix("page_size=").unwrap().parse().unwrap();
        let rec = RawRecord::decode(&bytes, page_size > 8192).unwrap();
        rec.validate().unwrap();
        let ctx = Ctx {
            rec,
            name: f[1].to_string(),
        };
        // tagged entries come back in stored order, and each one is found by its id
        let all = rec.tagged().unwrap();
        assert_eq!(all.len(), rec.tagged_count());
        for t in &all {
            assert_eq!(rec.tagged_field(t.column_id).unwrap(), Some(*t));
        }
        records += 1;
        loop {
            let line = lines.next().unwrap();
            if line == "end" {
                break;
            }
            columns += 1;
            let f: Vec<&str> = line.split_whitespace().collect();
            let id: u32 = f[1].parse().unwrap();
            let coltype: u32 = f[2].parse().unwrap();
            let cp: u32 = f[3].parse().unwrap();
            let ctx_name = format!("{} column {id}", ctx.name);
            match f[0] {
                "fixed" | "var" => {
                    let (field, rest) = if f[0] == "fixed" {
                        let off: usize = f[4].parse().unwrap();
                        let size: usize = f[5].parse().unwrap();
                        assert_eq!(
                            ctx.rec.fixed(id, off, size).unwrap(),
                            ctx.rec.fixed_field(id, off, size).unwrap().data()
                        );
                        (ctx.rec.fixed_field(id, off, size).unwrap(), &f[6..])
                    } else {
                        (ctx.rec.variable_field(id).unwrap(), &f[4..])
                    };
                    match rest[0] {
                        "absent" => assert_eq!(field, Field::NotInRecord, "{ctx_name}"),
                        "null" => assert_eq!(field, Field::Null, "{ctx_name}"),
                        "raw" => {
                            let want = unhex(rest[1]);
                            assert_eq!(field, Field::Data(&want), "{ctx_name}");
                            let v = lines.next().unwrap().trim();
                            let expect = v.strip_prefix("value ").unwrap();
                            check_value(&ctx, coltype, cp, &want, expect);
                            values += 1;
                        }
                        other => panic!("{other}"),
                    }
                }
                "tagged" => {
                    let got = ctx.rec.tagged_field(id).unwrap();
                    match f[4] {
                        "absent" => assert_eq!(got, None, "{ctx_name}"),
                        "null" => {
                            let got = got.unwrap();
                            assert!(got.is_null(), "{ctx_name}");
                            assert!(split_values(&got).unwrap().is_empty());
                        }
                        "raw" => {
                            let got = got.unwrap();
                            assert_eq!(got.column_id, id);
                            assert_eq!(hex(got.data), f[5], "{ctx_name}");
                            let flags =
                                u16::from_str_radix(f[6].strip_prefix("flags=").unwrap(), 16)
                                    .unwrap();
                            assert_eq!(got.flags.bits() & 0xFF, flags, "{ctx_name}");
                            let pieces = split_values(&got).unwrap();
                            for (i, p) in pieces.iter().enumerate() {
                                let line = lines.next().unwrap().trim();
                                let (kind, rest) = line.split_once(' ').unwrap();
                                match kind {
                                    "sep" => {
                                        assert!(p.separated && !p.compressed, "{ctx_name}#{i}");
                                        assert_eq!(hex(p.data), rest);
                                        Lid::from_record(p.data).unwrap();
                                    }
                                    "comp" => {
                                        assert!(p.compressed && !p.separated, "{ctx_name}#{i}");
                                        assert_eq!(hex(p.data), rest);
                                    }
                                    "value" => {
                                        assert!(!p.compressed && !p.separated, "{ctx_name}#{i}");
                                        check_value(&ctx, coltype, cp, p.data, rest);
                                        values += 1;
                                    }
                                    other => panic!("{other}"),
                                }
                            }
                            assert!(
                                !lines.peek().unwrap().starts_with("  "),
                                "{ctx_name}: fewer instances than dissect"
                            );
                        }
                        other => panic!("{other}"),
                    }
                }
                other => panic!("unknown line {other}"),
            }
        }
    }
    assert!(
        records >= 20 && columns > 300 && values > 200,
        "{records} {columns} {values}"
    );
}

fn record(name: &str) -> Vec<u8> {
    std::fs::read(data_dir().join(name)).unwrap()
}

fn text_of(v: Value) -> String {
    match v {
        Value::Text(s) => s,
        other => panic!("{other:?}"),
    }
}

#[test]
fn basic_values_from_the_readme() {
    let data = record("basic_0.bin");
    let rec = RawRecord::decode(&data, false).unwrap();
    let get = |id: u32, off: usize, t: ColumnType| {
        let bytes = rec
            .fixed(id, off, t.fixed_size().unwrap())
            .unwrap()
            .unwrap();
        decode_value(t, 0, bytes).unwrap()
    };
    assert_eq!(get(1, 4, ColumnType::Long), Value::Long(1));
    assert_eq!(get(2, 8, ColumnType::Bit), Value::Bit(false));
    assert_eq!(
        get(3, 9, ColumnType::UnsignedByte),
        Value::UnsignedByte(213)
    );
    assert_eq!(get(4, 10, ColumnType::Short), Value::Short(-1337));
    assert_eq!(get(5, 12, ColumnType::Long), Value::Long(-13371337));
    assert_eq!(
        get(6, 16, ColumnType::Currency),
        Value::Currency(1337133713371337)
    );
    assert_eq!(get(7, 24, ColumnType::IEEESingle), Value::IEEESingle(1.0));
    assert_eq!(
        get(8, 28, ColumnType::IEEEDouble),
        Value::IEEEDouble(13371337.13371337)
    );
    let Value::DateTime(d) = get(9, 36, ColumnType::DateTime) else {
        panic!()
    };
    assert_eq!(ole_date_to_iso8601(d).unwrap(), "1999-03-01T00:00:00");
    assert_eq!(
        get(10, 44, ColumnType::UnsignedLong),
        Value::UnsignedLong(13371337)
    );
    assert_eq!(
        get(11, 48, ColumnType::LongLong),
        Value::LongLong(-13371337)
    );
    let Value::Guid(g) = get(12, 56, ColumnType::Guid) else {
        panic!()
    };
    assert_eq!(format_guid(&g), "3f360af1-6766-46dc-9af2-0dacf295c2a1");
    assert_eq!(
        get(13, 72, ColumnType::UnsignedShort),
        Value::UnsignedShort(1337)
    );

    let data = record("basic_1.bin");
    let rec = RawRecord::decode(&data, false).unwrap();
    assert_eq!(rec.last_fixed_id(), 9);
    let Value::DateTime(d) = decode_value(
        ColumnType::DateTime,
        0,
        rec.fixed(9, 36, 8).unwrap().unwrap(),
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(ole_date_to_iso8601(d).unwrap(), "1337-06-09T00:00:00");
    for (id, off, size) in [(10, 44, 4), (11, 48, 8), (12, 56, 16), (13, 72, 2)] {
        assert_eq!(rec.fixed_field(id, off, size).unwrap(), Field::NotInRecord);
    }
}

#[test]
fn text_values_from_the_readme() {
    let data = record("text_0.bin");
    let rec = RawRecord::decode(&data, false).unwrap();
    let fixed_unicode = rec.fixed(3, 263, 255).unwrap().unwrap();
    let want = format!("Fixed Unicode text \u{1F98A}{}", " ".repeat(107));
    assert_eq!(
        text_of(decode_value(ColumnType::Text, 1200, fixed_unicode).unwrap()),
        want
    );
    let fixed_ascii = rec.fixed(2, 8, 255).unwrap().unwrap();
    let want = format!("Fixed ASCII text{}", " ".repeat(239));
    assert_eq!(
        text_of(decode_value(ColumnType::Text, 1252, fixed_ascii).unwrap()),
        want
    );
    let uni = rec.variable(129).unwrap().unwrap();
    assert_eq!(
        text_of(decode_value(ColumnType::Text, 1200, uni).unwrap()),
        "Simple Unicode text \u{1F98A}"
    );
    assert_eq!(rec.variable_field(130).unwrap(), Field::Null);
    let tagged = rec.tagged_field(257).unwrap().unwrap();
    assert_eq!(
        text_of(decode_value(ColumnType::Text, 1200, tagged.data).unwrap()),
        "Tagged Unicode text \u{1F98A}"
    );
    assert_eq!(rec.tagged_field(259).unwrap(), None);
}

#[test]
fn multi_values_from_the_readme() {
    let data = record("multi_0.bin");
    let rec = RawRecord::decode(&data, false).unwrap();
    let decode_all = |id: u32, t: ColumnType, cp: u32| -> Vec<Value> {
        let f = rec.tagged_field(id).unwrap().unwrap();
        split_values(&f)
            .unwrap()
            .iter()
            .map(|v| decode_value(t, cp, v.data).unwrap())
            .collect()
    };
    assert_eq!(
        decode_all(256, ColumnType::Bit, 0),
        [Value::Bit(false), Value::Bit(true)]
    );
    assert_eq!(
        decode_all(258, ColumnType::Short, 0),
        [Value::Short(0), Value::Short(-32767), Value::Short(32767)]
    );
    assert_eq!(
        decode_all(273, ColumnType::UnsignedLong, 0),
        [Value::UnsignedLong(0), Value::UnsignedLong(u32::MAX)]
    );
    let dates: Vec<String> = decode_all(263, ColumnType::DateTime, 0)
        .into_iter()
        .map(|v| match v {
            Value::DateTime(d) => ole_date_to_iso8601_linear(d).unwrap(),
            other => panic!("{other:?}"),
        })
        .collect();
    // dissect's reading (a linear time line); under the OLE rule the first is 1661-04-18T12:30.
    assert_eq!(
        dates,
        [
            "1661-04-17T11:30:00",
            "2077-04-01T00:00:00",
            "2517-09-24T05:30:00"
        ]
    );
    let guids: Vec<String> = decode_all(275, ColumnType::Guid, 0)
        .into_iter()
        .map(|v| match v {
            Value::Guid(g) => format_guid(&g),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(guids[0], "03402861-fad3-4ce5-986e-d31df852f2a7");
    let uni = decode_all(268, ColumnType::Text, 1200);
    assert_eq!(
        uni[2],
        Value::Text("Some Unicode text that has multiple values, this is value 3 🦊🦊🦊".into())
    );

    // record 2: LongCompressedASCII has its first instance compressed, the rest plain
    let data = record("multi_1.bin");
    let rec = RawRecord::decode(&data, false).unwrap();
    let f = rec.tagged_field(271).unwrap().unwrap();
    assert!(f
        .flags
        .contains(TaggedFlags::COMPRESSED | TaggedFlags::MULTI_VALUED));
    let parts = split_values(&f).unwrap();
    assert_eq!(
        parts.iter().map(|p| p.compressed).collect::<Vec<_>>(),
        [true, false, false]
    );
    assert_eq!(parts[1].data, b"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
}

#[test]
fn large_page_records() {
    let data = record("large_0.bin");
    let rec = RawRecord::decode(&data, true).unwrap();
    assert_eq!(rec.tagged_count(), 4096);
    for n in [0u32, 1, 2047, 4095] {
        let f = rec.tagged_field(256 + n).unwrap().unwrap();
        assert!(f.has_header && f.flags.bits() == 0);
        assert_eq!(
            decode_value(ColumnType::UnsignedShort, 0, f.data).unwrap(),
            Value::UnsignedShort(n as u16)
        );
    }
    assert_eq!(rec.tagged_field(256 + 4096).unwrap(), None);
    // the same bytes read with the small-page layout are not a valid record
    assert!(RawRecord::decode(&data, false)
        .and_then(|r| r.validate())
        .is_err());

    let data = record("win_si1_0.bin");
    let rec = RawRecord::decode(&data, true).unwrap();
    let f = rec.tagged_field(256).unwrap().unwrap();
    let v = split_values(&f).unwrap();
    assert!(v[0].separated);
    assert_eq!(
        Lid::from_record(v[0].data).unwrap(),
        Lid::Lid64(0x8000_0000_8000_0010)
    );
}

#[test]
fn samples_rebuild_byte_for_byte() {
    use ese::format::record::{RecordBuilder, TaggedInput};
    let text = std::fs::read_to_string(data_dir().join("records.txt")).unwrap();
    let mut blocks: Vec<(String, bool, Vec<Vec<String>>)> = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("  "))
    {
        let f: Vec<String> = line.split_whitespace().map(String::from).collect();
        match f[0].as_str() {
            "record" => {
                let page: usize = f[3].strip_prefix("page_size=").unwrap().parse().unwrap();
                blocks.push((f[1].clone(), page > 8192, Vec::new()));
            }
            "end" => {}
            _ => blocks.last_mut().unwrap().2.push(f),
        }
    }
    let mut rebuilt = 0;
    for (name, large, cols) in &blocks {
        let bytes = record(name);
        let rec = RawRecord::decode(&bytes, *large).unwrap();
        let values: Vec<Option<Vec<u8>>> = cols
            .iter()
            .map(|f| {
                let state = if f[0] == "fixed" { &f[6] } else { &f[4] };
                let raw = if f[0] == "fixed" { f.get(7) } else { f.get(5) };
                (state == "raw").then(|| unhex(raw.unwrap()))
            })
            .collect();
        let mut b = RecordBuilder::new(*large);
        for (f, v) in cols.iter().zip(&values) {
            let id: u32 = f[1].parse().unwrap();
            match f[0].as_str() {
                "fixed" if f[6] != "absent" => {
                    b.fixed(
                        id,
                        f[4].parse().unwrap(),
                        f[5].parse().unwrap(),
                        v.as_deref(),
                    );
                }
                "var" if f[4] != "absent" => {
                    b.variable(id, v.as_deref());
                }
                _ => {}
            }
        }
        let tagged = rec.tagged().unwrap();
        for t in &tagged {
            b.tagged(TaggedInput {
                column_id: t.column_id,
                derived: t.flags.contains(TaggedFlags::DERIVED),
                long_value: t.flags.contains(TaggedFlags::LONG_VALUE),
                values: split_values(t).unwrap(),
            });
        }
        // a NULL fixed column keeps whatever bytes it held before; a new record has '*' there
        let mut want = bytes.clone();
        for f in cols.iter().filter(|f| f[0] == "fixed" && f[6] == "null") {
            let (off, size): (usize, usize) = (f[4].parse().unwrap(), f[5].parse().unwrap());
            want[off..off + size].fill(b'*');
        }
        assert_eq!(hex(&b.build().unwrap()), hex(&want), "{name}");
        rebuilt += 1;
    }
    assert!(rebuilt >= 20);
}

/// The sample databases: `ESE_SAMPLES`, else shared/testdata/ese-samples next to the checkout.
fn samples_dir() -> PathBuf {
    std::env::var_os("ESE_SAMPLES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../../shared/testdata/ese-samples"
            ))
        })
}

#[test]
fn vectors_come_from_the_sample_files() {
    use std::io::Read;
    let dir = samples_dir();
    if !dir.join("basic.edb.gz").exists() {
        eprintln!("samples not found in {}; skipped", dir.display());
        return;
    }
    let text = std::fs::read_to_string(data_dir().join("records.txt")).unwrap();
    let mut files: std::collections::BTreeMap<String, Vec<u8>> = Default::default();
    for line in text.lines().filter(|l| l.starts_with("record ")) {
        let f: Vec<&str> = line.split_whitespace().collect();
        let db = files.entry(f[2].to_string()).or_insert_with(|| {
            let gz = std::fs::File::open(dir.join(format!("{}.gz", f[2]))).unwrap();
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(gz)
                .read_to_end(&mut out)
                .unwrap();
            out
        });
        let rec = record(f[1]);
        let needle = &rec[..rec.len().min(48)];
        let found = db
            .windows(needle.len())
            .enumerate()
            .filter(|(_, w)| *w == needle)
            .any(|(i, _)| db.get(i..i + rec.len()) == Some(&rec[..]));
        assert!(found, "{} not in {}", f[1], f[2]);
    }
}
