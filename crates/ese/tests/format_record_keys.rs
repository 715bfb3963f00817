//! Key normalization against the keys stored in the ESE sample databases
//! (tests/data/key/keys.txt, extracted with dissect; see extract_keys.py there) and against
//! dissect's own normaliser (tests/data/key/norm.txt).

use ese::format::coltype::ColumnType;
use ese::format::key::{make_key_with, KeyLimits, SegmentSpec};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn data_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/key"))
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
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Per segment, every candidate value (`None` = NULL) of one indexed record.
type Inputs = Vec<Vec<Option<Vec<u8>>>>;

struct Index {
    name: String,
    limits: KeyLimits,
    specs: Vec<SegmentSpec>,
    entries: Vec<(Vec<u8>, Inputs)>,
}

fn parse_indexes() -> Vec<Index> {
    let text = std::fs::read_to_string(data_dir().join("keys.txt")).unwrap();
    let mut out: Vec<Index> = Vec::new();
    let mut flags = (0u32, 0u32);
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let f: Vec<&str> = line.split_whitespace().collect();
        let num = |s: &str, p: &str| -> usize { s.strip_prefix(p).unwrap().parse().unwrap() };
        match f[0] {
            "index" => {
                flags = (
                    u32::from_str_radix(f[6].strip_prefix("idb=").unwrap(), 16).unwrap(),
                    u32::from_str_radix(f[7].strip_prefix("idx=").unwrap(), 16).unwrap(),
                );
                out.push(Index {
                    name: format!("{} {} {}", f[1], f[2], f[3]),
                    limits: KeyLimits {
                        key_most: num(f[4], "key_most="),
                        var_seg_mac: num(f[5], "var_seg_mac="),
                    },
                    specs: Vec::new(),
                    entries: Vec::new(),
                })
            }
            "seg" => {
                let n = |i: usize| -> u32 { f[i].parse().unwrap() };
                let spec = SegmentSpec {
                    coltype: ColumnType::from_u32(n(1)).unwrap(),
                    code_page: n(2),
                    fixed_column: n(3) == 1,
                    descending: n(4) == 1,
                    sort_nulls_high: flags.0 & 0x0800 != 0,
                    dotnet_guid: flags.1 & 0x0002 != 0,
                };
                out.last_mut().unwrap().specs.push(spec);
            }
            "entry" => {
                let ix = out.last_mut().unwrap();
                let n = ix.specs.len();
                ix.entries.push((unhex(f[1]), vec![Vec::new(); n]));
            }
            "in" => {
                let seg: usize = f[1].parse().unwrap();
                let v = match f[2] {
                    "null" => None,
                    h => Some(unhex(h)),
                };
                out.last_mut().unwrap().entries.last_mut().unwrap().1[seg].push(v);
            }
            other => panic!("unknown line {other}"),
        }
    }
    out
}

/// Every key the record can produce: one per combination of multi-value instances.
fn candidate_keys(ix: &Index, inputs: &Inputs) -> BTreeSet<Vec<u8>> {
    let mut combos: Vec<Vec<Option<&[u8]>>> = vec![Vec::new()];
    for instances in inputs {
        let mut next = Vec::new();
        for c in &combos {
            for v in instances {
                let mut c = c.clone();
                c.push(v.as_deref());
                next.push(c);
            }
        }
        combos = next;
    }
    combos
        .iter()
        .map(|c| {
            let segs: Vec<(SegmentSpec, Option<&[u8]>)> =
                ix.specs.iter().copied().zip(c.iter().copied()).collect();
            make_key_with(&segs, ix.limits).unwrap().bytes
        })
        .collect()
}

#[test]
fn stored_keys_of_the_samples_are_reproduced() {
    let indexes = parse_indexes();
    let mut checked = 0;
    let mut names = BTreeSet::new();
    for ix in &indexes {
        for (stored, inputs) in &ix.entries {
            let keys = candidate_keys(ix, inputs);
            assert!(
                keys.contains(stored),
                "{}: stored {} not among {:?}",
                ix.name,
                hex(stored),
                keys.iter().map(|k| hex(k)).collect::<Vec<_>>()
            );
            checked += 1;
        }
        names.insert(ix.name.clone());
    }
    // every non-Unicode index of index.edb is covered
    for name in [
        "IxId",
        "IxBit",
        "IxUnsignedByte",
        "IxShort",
        "IxLong",
        "IxCurrenc",
        "IxIEEESingle",
        "IxIEEEDouble",
        "IxDateTime",
        "IxUnsignedLong",
        "IxLongLong",
        "IxGUID",
        "IxUnsignedShort",
        "IxBinary",
        "IxLongBinary",
        "IxASCII",
        "IxLongASCII",
    ] {
        assert!(names.contains(&format!("index.edb index {name}")), "{name}");
    }
    assert!(checked > 900, "{checked}");
}

#[test]
fn index_edb_keys_are_exact() {
    let indexes = parse_indexes();
    let ix = indexes
        .iter()
        .find(|i| i.name == "index.edb index IxLongASCII")
        .unwrap();
    let (stored, inputs) = &ix.entries[0];
    let key = make_key_with(&[(ix.specs[0], inputs[0][0].as_deref())], ix.limits).unwrap();
    assert_eq!(&key.bytes, stored);
    assert_eq!(key.bytes.len(), 255);
    assert!(key.truncated);
    // "Long ASCII text aaa…": the last byte is ESE's quirk, 'a' - 0x20 in place of the terminator
    assert_eq!(key.bytes[254], b'A');
}

#[test]
fn single_segments_match_dissects_normaliser() {
    let text = std::fs::read_to_string(data_dir().join("norm.txt")).unwrap();
    let mut n = 0;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split_whitespace().collect();
        let num = |i: usize| -> u32 { f[i].parse().unwrap() };
        let spec = SegmentSpec {
            fixed_column: num(3) == 1,
            descending: num(4) == 1,
            ..SegmentSpec::new(ColumnType::from_u32(num(1)).unwrap(), num(2))
        };
        let value = match f[5] {
            "null" => None,
            h => Some(unhex(h)),
        };
        let key = make_key_with(&[(spec, value.as_deref())], KeyLimits::new(255)).unwrap();
        assert_eq!(hex(&key.bytes), f[6], "{line}");
        n += 1;
    }
    assert!(n > 250, "{n}");
}
