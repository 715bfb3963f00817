//! Record layouts the samples do not contain (explicit NULL tagged columns, derived columns,
//! separated multi-value instances) and robustness against damaged bytes.

use ese::format::lv::{decode_lv_key, lv_chunk_key, lv_root_key, Lid, LvRoot};
use ese::format::record::{
    split_values, Field, FieldValue, RawRecord, RecordBuilder, TaggedFlags, TaggedInput,
    COLUMNID_TEMPLATE,
};
use ese::ErrorCode;

fn plain(data: &[u8]) -> FieldValue<'_> {
    FieldValue {
        separated: false,
        compressed: false,
        encrypted: false,
        data,
    }
}

/// A record by hand, small-page layout: fixed 1 (Long) and 2 (Short, NULL), variable 128 "abc"
/// and 129 NULL, tagged: derived 300 "D", 256 "xyz", 257 NULL, 260 two instances "ab", "cd" as a
/// MULTIVALUES array.
fn hand_made() -> Vec<u8> {
    let mut r = vec![2, 129, 11, 0];
    r.extend_from_slice(&7i32.to_le_bytes()); // fixed 1 at 4
    r.extend_from_slice(b"**"); // fixed 2 at 8, NULL
    r.push(0b1111_1110); // null bitmap: column 2 NULL, bits past the last set
    r.extend_from_slice(&3u16.to_le_bytes()); // 128 ends at 3
    r.extend_from_slice(&(3u16 | 0x8000).to_le_bytes()); // 129 NULL
    r.extend_from_slice(b"abc");
    let tags: [(u16, u16); 4] = [
        (300, 16 | 0x8000),
        (256, 17),
        (257, 20 | 0x2000),
        (260, 20 | 0x4000),
    ];
    for (fid, ib) in tags {
        r.extend_from_slice(&fid.to_le_bytes());
        r.extend_from_slice(&ib.to_le_bytes());
    }
    r.extend_from_slice(b"D");
    r.extend_from_slice(b"xyz");
    r.push(0x08);
    r.extend_from_slice(&4u16.to_le_bytes());
    r.extend_from_slice(&6u16.to_le_bytes());
    r.extend_from_slice(b"abcd");
    r
}

#[test]
fn hand_made_small_page_record() {
    let bytes = hand_made();
    let rec = RawRecord::decode(&bytes, false).unwrap();
    rec.validate().unwrap();
    assert_eq!(
        rec.fixed_field(1, 4, 4).unwrap(),
        Field::Data(&[7, 0, 0, 0])
    );
    assert_eq!(rec.fixed_field(2, 8, 2).unwrap(), Field::Null);
    assert_eq!(rec.fixed_field(3, 10, 1).unwrap(), Field::NotInRecord);
    assert_eq!(rec.variable_field(128).unwrap(), Field::Data(b"abc"));
    assert_eq!(rec.variable_field(129).unwrap(), Field::Null);
    assert_eq!(rec.variable_field(130).unwrap(), Field::NotInRecord);
    assert_eq!(rec.tagged_field(300).unwrap(), None);
    let d = rec.tagged_field(300 | COLUMNID_TEMPLATE).unwrap().unwrap();
    assert_eq!(d.data, b"D");
    assert!(d.flags.contains(TaggedFlags::DERIVED));
    assert_eq!(rec.tagged_field(256).unwrap().unwrap().data, b"xyz");
    let n = rec.tagged_field(257).unwrap().unwrap();
    assert!(n.is_null() && n.data.is_empty() && !n.has_header);
    assert!(split_values(&n).unwrap().is_empty());
    let mv = rec.tagged_field(260).unwrap().unwrap();
    let parts: Vec<&[u8]> = split_values(&mv).unwrap().iter().map(|v| v.data).collect();
    assert_eq!(parts, [b"ab", b"cd"]);
    assert_eq!(rec.tagged_field(258).unwrap(), None);
    assert_eq!(rec.tagged_field(261).unwrap(), None);

    // the same columns through the builder (with a third, empty instance: two instances of a
    // non-long column would be written as TWOVALUES instead)
    let mut b = RecordBuilder::new(false);
    b.fixed(1, 4, 4, Some(&[7, 0, 0, 0]))
        .fixed(2, 8, 2, None)
        .variable(128, Some(b"abc"))
        .variable(129, None);
    for (id, derived, values) in [
        (260, false, vec![plain(b"ab"), plain(b"cd"), plain(b"")]),
        (256, false, vec![plain(b"xyz")]),
        (257, false, vec![]),
        (300, true, vec![plain(b"D")]),
    ] {
        b.tagged(TaggedInput {
            column_id: id,
            derived,
            long_value: false,
            values,
        });
    }
    let built = b.build().unwrap();
    let rec2 = RawRecord::decode(&built, false).unwrap();
    rec2.validate().unwrap();
    let mv = rec2.tagged_field(260).unwrap().unwrap();
    let parts: Vec<&[u8]> = split_values(&mv).unwrap().iter().map(|v| v.data).collect();
    assert_eq!(parts, [&b"ab"[..], b"cd", b""]);
}

#[test]
fn builder_round_trips_on_both_page_sizes() {
    let lid = Lid::Lid64(0x8000_0000_8000_0010).to_record_bytes();
    for large in [false, true] {
        let mut b = RecordBuilder::new(large);
        b.fixed(1, 4, 4, Some(&[1, 2, 3, 4]))
            .fixed(3, 10, 1, Some(&[9]));
        b.variable(130, Some(b"v"));
        b.tagged(TaggedInput {
            column_id: 256,
            derived: false,
            long_value: true,
            values: vec![],
        });
        b.tagged(TaggedInput {
            column_id: 257,
            derived: false,
            long_value: true,
            values: vec![
                FieldValue {
                    compressed: true,
                    ..plain(b"\x08zip")
                },
                FieldValue {
                    separated: true,
                    ..plain(&lid)
                },
                plain(b"long"),
            ],
        });
        b.tagged(TaggedInput {
            column_id: 258,
            derived: false,
            long_value: false,
            values: vec![plain(b"one"), plain(b"two")],
        });
        b.tagged(TaggedInput {
            column_id: 259,
            derived: false,
            long_value: true,
            values: vec![FieldValue {
                separated: true,
                ..plain(&lid)
            }],
        });
        let bytes = b.build().unwrap();
        let rec = RawRecord::decode(&bytes, large).unwrap();
        rec.validate().unwrap();
        assert_eq!(rec.fixed_field(2, 8, 2).unwrap(), Field::Null);
        assert_eq!(rec.fixed(3, 10, 1).unwrap(), Some(&[9u8][..]));
        assert_eq!(rec.variable_field(128).unwrap(), Field::Null);
        assert_eq!(rec.variable(130).unwrap(), Some(&b"v"[..]));
        let null = rec.tagged_field(256).unwrap().unwrap();
        assert!(null.is_null());
        assert_eq!(null.has_header, large);
        let mv = split_values(&rec.tagged_field(257).unwrap().unwrap()).unwrap();
        assert_eq!(
            mv.iter()
                .map(|v| (v.compressed, v.separated, v.data))
                .collect::<Vec<_>>(),
            [
                (true, false, &b"\x08zip"[..]),
                (false, true, &lid[..]),
                (false, false, b"long")
            ]
        );
        let two = rec.tagged_field(258).unwrap().unwrap();
        // ESE writes TWOVALUES on small pages only.
        assert_eq!(two.flags.contains(TaggedFlags::TWO_VALUED), !large);
        let sep = split_values(&rec.tagged_field(259).unwrap().unwrap()).unwrap();
        assert!(sep[0].separated);
        assert_eq!(
            Lid::from_record(sep[0].data).unwrap(),
            Lid::Lid64(0x8000_0000_8000_0010)
        );
    }
}

#[test]
fn builder_rejects_bad_input() {
    let code = |b: &RecordBuilder| b.build().unwrap_err().code();
    let mut b = RecordBuilder::new(false);
    b.fixed(1, 4, 4, Some(&[1, 2]));
    assert_eq!(code(&b), ErrorCode::InvalidBufferSize);
    let mut b = RecordBuilder::new(false);
    b.fixed(128, 4, 4, None);
    assert_eq!(code(&b), ErrorCode::BadColumnId);
    let mut b = RecordBuilder::new(false);
    b.fixed(1, 4, 4, None).fixed(2, 6, 2, None);
    assert_eq!(code(&b), ErrorCode::InvalidParameter);
    let mut b = RecordBuilder::new(false);
    b.fixed(1, 70_000, 4, None);
    assert_eq!(code(&b), ErrorCode::RecordTooBig);
    let mut b = RecordBuilder::new(false);
    b.variable(300, None);
    assert_eq!(code(&b), ErrorCode::BadColumnId);
    let mut b = RecordBuilder::new(false);
    b.tagged(TaggedInput {
        column_id: 256,
        derived: false,
        long_value: false,
        values: vec![FieldValue {
            separated: true,
            ..plain(&[1, 0, 0, 0])
        }],
    });
    assert_eq!(code(&b), ErrorCode::InvalidParameter);
    let big = vec![0u8; 9000];
    let mut b = RecordBuilder::new(false);
    for id in 256..260 {
        b.tagged(TaggedInput {
            column_id: id,
            derived: false,
            long_value: true,
            values: vec![plain(&big)],
        });
    }
    assert_eq!(code(&b), ErrorCode::RecordTooBig);
}

#[test]
fn damaged_records_are_errors() {
    let corrupt = |bytes: &[u8], large: bool| {
        let e = RawRecord::decode(bytes, large).unwrap_err();
        assert_eq!(e.code(), ErrorCode::DatabaseCorrupted, "{bytes:?}");
    };
    corrupt(&[], false);
    corrupt(&[1, 127, 4], false);
    corrupt(&[200, 127, 4, 0], false); // last fixed id > 127
    corrupt(&[0, 100, 4, 0], false); // last variable id < 127
    corrupt(&[1, 127, 4, 0], false); // no room for the null bitmap
    corrupt(&[0, 127, 9, 0], false); // end of fixed data past the record
    corrupt(&[0, 128, 4, 0, 9, 0], false); // variable data past the record
    corrupt(&[0, 129, 4, 0, 2, 0, 1, 0, 0, 0], false); // variable ends decrease
    corrupt(&[0, 127, 4, 0, 0, 1, 2, 0], false); // first tagged offset < 4
    corrupt(&[0, 127, 4, 0, 0, 1, 6, 0, 0, 0], false); // first tagged offset not a multiple of 4
                                                       // a record whose bytes are fine but whose catalog offset is not
    let bytes = hand_made();
    let rec = RawRecord::decode(&bytes, false).unwrap();
    assert_eq!(
        rec.fixed_field(1, 8, 4).unwrap_err().code(),
        ErrorCode::DatabaseCorrupted
    );
    assert_eq!(
        rec.fixed_field(0, 4, 4).unwrap_err().code(),
        ErrorCode::BadColumnId
    );
    assert_eq!(
        rec.variable_field(127).unwrap_err().code(),
        ErrorCode::BadColumnId
    );
    assert_eq!(
        rec.tagged_field(255).unwrap_err().code(),
        ErrorCode::BadColumnId
    );
    // out-of-order tagged entries fail validation
    let mut swapped = bytes.clone();
    let t = rec.tagged_area_offset();
    swapped[t + 4..t + 6].copy_from_slice(&258u16.to_le_bytes());
    swapped[t + 8..t + 10].copy_from_slice(&257u16.to_le_bytes());
    let rec = RawRecord::decode(&swapped, false).unwrap();
    assert!(rec.validate().is_err());
}

/// xorshift64*: a fixed pseudo-random sequence, so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Exercises every reader on the bytes; only errors may come back, never a panic.
fn read_everything(bytes: &[u8], large: bool) {
    let Ok(rec) = RawRecord::decode(bytes, large) else {
        return;
    };
    let _ = rec.validate();
    for id in 1..=rec.last_fixed_id() {
        let _ = rec.fixed_field(id, 4 + 4 * (id as usize - 1), 4);
        let _ = rec.fixed_field(id, usize::MAX - 1, 8);
    }
    for id in 128..=rec.last_variable_id() {
        let _ = rec.variable_field(id);
    }
    for i in 0..rec.tagged_count() {
        if let Ok(t) = rec.tagged_at(i) {
            let _ = rec.tagged_field(t.column_id);
            let _ = rec.tagged_field(t.column_id | COLUMNID_TEMPLATE);
            if let Ok(values) = split_values(&t) {
                for v in values {
                    let _ = Lid::from_record(v.data);
                }
            }
        }
    }
    let _ = rec.tagged_field(256);
    let _ = rec.tagged_field(0xFFFF);
    let _ = rec.tagged();
    let _ = decode_lv_key(bytes.get(..12).unwrap_or(bytes));
    let _ = LvRoot::decode(bytes.get(..9).unwrap_or(bytes));
}

#[test]
fn damaged_bytes_never_panic() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/record");
    let mut samples: Vec<(Vec<u8>, bool)> = vec![(hand_made(), false)];
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "bin") {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let large = name.starts_with("large")
                || name.starts_with("win")
                || name.contains("catalog_large");
            samples.push((std::fs::read(&path).unwrap(), large));
        }
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for (bytes, large) in &samples {
        // every prefix, on both layouts
        for n in 0..bytes.len().min(600) {
            read_everything(&bytes[..n], *large);
            read_everything(&bytes[..n], !*large);
        }
        // random byte damage
        let rounds = if bytes.len() > 4096 { 20 } else { 300 };
        for _ in 0..rounds {
            let mut b = bytes.clone();
            for _ in 0..1 + rng.below(4) {
                let i = rng.below(b.len());
                b[i] = rng.next() as u8;
            }
            read_everything(&b, *large);
            read_everything(&b, !*large);
        }
    }
    // pure noise
    for _ in 0..3000 {
        let len = rng.below(64);
        let b: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        read_everything(&b, rng.below(2) == 0);
    }
}

#[test]
fn lv_tree_nodes_of_the_samples() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/record");
    let text = std::fs::read_to_string(format!("{dir}/lv_nodes.txt")).unwrap();
    let unhex = |s: &str| -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    };
    let mut roots = std::collections::BTreeSet::new();
    let (mut n_roots, mut n_chunks) = (0, 0);
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split_whitespace().collect();
        let key = unhex(f[3]);
        let len: usize = f[4].parse().unwrap();
        let head = unhex(f[5]);
        let (lid, offset) = decode_lv_key(&key).unwrap();
        match offset {
            None => {
                assert_eq!(lv_root_key(lid), key);
                assert_eq!(len, 8, "{line}");
                let root = LvRoot::decode(&head).unwrap();
                assert!(root.refcount <= 1 && root.size > 0 && !root.encrypted());
                assert_eq!(root.encode(), head);
                roots.insert((f[1].to_string(), lid));
                n_roots += 1;
            }
            Some(off) => {
                assert_eq!(lv_chunk_key(lid, off), key);
                assert!(
                    roots.contains(&(f[1].to_string(), lid)),
                    "chunk before root: {line}"
                );
                n_chunks += 1;
            }
        }
        assert_eq!(lid.is_lid64(), f[1] == "Windows.edb");
    }
    assert!(n_roots >= 20 && n_chunks >= 20, "{n_roots} {n_chunks}");

    // every separated value in the record vectors names a root of its database's LV tree
    let records = std::fs::read_to_string(format!("{dir}/records.txt")).unwrap();
    let mut db = String::new();
    let mut seen = 0;
    for line in records.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        match f.first() {
            Some(&"record") => db = f[2].to_string(),
            Some(&"sep") => {
                let lid = Lid::from_record(&unhex(f[1])).unwrap();
                if db != "Windows.edb" || roots.iter().any(|(d, _)| d == "Windows.edb") {
                    assert!(roots.contains(&(db.clone(), lid)), "{db} {lid:?}");
                    seen += 1;
                }
            }
            _ => {}
        }
    }
    assert!(seen >= 5, "{seen}");
}

/// Two values of a short column are TWOVALUES on small pages and MULTIVALUES on
/// large pages, as ESE writes them; both read back the same.
#[test]
fn builder_two_values_only_on_small_pages() {
    for large in [false, true] {
        let mut b = RecordBuilder::new(large);
        b.fixed(1, 4, 4, Some(&[1, 0, 0, 0]));
        b.tagged(TaggedInput {
            column_id: 256,
            derived: false,
            long_value: false,
            values: vec![plain(b"one"), plain(b"two")],
        });
        let built = b.build().unwrap();
        let rec = RawRecord::decode(&built, large).unwrap();
        rec.validate().unwrap();
        let f = rec.tagged_field(256).unwrap().unwrap();
        assert!(f.flags.contains(TaggedFlags::MULTI_VALUED));
        assert_eq!(
            f.flags.contains(TaggedFlags::TWO_VALUED),
            !large,
            "large page: {large}"
        );
        let parts: Vec<&[u8]> = split_values(&f).unwrap().iter().map(|v| v.data).collect();
        assert_eq!(parts, [&b"one"[..], b"two"]);
    }
}

/// The builder lays columns out by offset (fixed) and id (variable) whatever the
/// order they were given in, and refuses a column given twice.
#[test]
fn builder_order_does_not_matter_and_a_column_twice_is_refused() {
    let a = [1u8, 2, 3, 4];
    let b = [9u8, 8];
    let mut in_order = RecordBuilder::new(false);
    in_order
        .fixed(1, 4, 4, Some(&a))
        .fixed(2, 8, 2, None)
        .fixed(3, 10, 2, Some(&b))
        .variable(128, Some(b"abc"))
        .variable(129, None)
        .variable(131, Some(b"xyz!"));
    let mut shuffled = RecordBuilder::new(false);
    shuffled
        .variable(131, Some(b"xyz!"))
        .fixed(3, 10, 2, Some(&b))
        .variable(128, Some(b"abc"))
        .fixed(1, 4, 4, Some(&a))
        .variable(129, None)
        .fixed(2, 8, 2, None);
    let bytes = in_order.build().unwrap();
    assert_eq!(shuffled.build().unwrap(), bytes);
    let rec = RawRecord::decode(&bytes, false).unwrap();
    assert_eq!(rec.last_fixed_id(), 3);
    assert_eq!(rec.last_variable_id(), 131);
    assert_eq!(rec.fixed(1, 4, 4).unwrap(), Some(&a[..]));
    assert_eq!(rec.fixed(2, 8, 2).unwrap(), None);
    assert_eq!(rec.fixed(3, 10, 2).unwrap(), Some(&b[..]));
    assert_eq!(rec.variable(128).unwrap(), Some(&b"abc"[..]));
    assert_eq!(rec.variable(129).unwrap(), None);
    assert_eq!(rec.variable(130).unwrap(), None);
    assert_eq!(rec.variable(131).unwrap(), Some(&b"xyz!"[..]));
    let code = |b: &RecordBuilder| b.build().unwrap_err().code();
    let mut twice = RecordBuilder::new(false);
    twice.fixed(2, 4, 2, None).fixed(2, 6, 2, Some(&b));
    assert_eq!(code(&twice), ErrorCode::InvalidParameter);
    let mut twice = RecordBuilder::new(false);
    twice.variable(130, Some(b"a")).variable(130, None);
    assert_eq!(code(&twice), ErrorCode::InvalidParameter);
}
