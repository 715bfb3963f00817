//! Database header decoding, encoding and shadow fallback on the sample databases.

#[path = "format_page_common.rs"]
mod common;

use common::{page_size, sample, SAMPLES};
use ese::format::header::{read_best, DbHeader, DbState, HeaderCopy, FILE_TYPE_DATABASE};
use ese::ErrorCode;

#[test]
fn samples_decode() {
    for name in SAMPLES {
        let db = sample(name);
        let ps = page_size(&db);
        let h = DbHeader::decode(&db[..ps]).unwrap();
        let shadow = DbHeader::decode(&db[ps..2 * ps]).unwrap();
        assert_eq!(h, shadow, "{name}");
        assert_eq!(h.page_size() as usize, ps);
        assert_eq!(h.file_type, FILE_TYPE_DATABASE);
        assert_eq!(h.attrib, 0);
        assert_eq!((h.create_version, h.create_update), (0x620, 20), "{name}");
        let expect_ps = if matches!(name, "large.edb" | "Windows.edb") {
            32768
        } else {
            4096
        };
        assert_eq!(h.page_size(), expect_ps, "{name}");
        if name == "Windows.edb" {
            assert_eq!(h.state, DbState::DirtyShutdown);
            assert_eq!(h.format_version(), (0x620, 110, 240));
            assert_eq!(h.efv_max_attached, 9180);
            assert_eq!((h.os_major, h.os_minor, h.os_build), (10, 0, 19045));
        } else {
            assert_eq!(h.state, DbState::CleanShutdown, "{name}");
            assert_eq!(h.format_version(), (0x620, 20, 0), "{name}");
        }
        if matches!(name, "SRUDB.dat" | "Current.mdb") {
            assert_eq!(
                (h.os_major, h.os_minor, h.os_build),
                (10, 0, 17763),
                "{name}"
            );
        }
        assert!(h.time_consistent.is_set(), "{name}");
        assert!(h.objid_last > 0);
        assert!(h.dbtime > 0);
    }
}

#[test]
fn logtime_display() {
    let db = sample("Current.mdb");
    let h = DbHeader::decode(&db[..4096]).unwrap();
    // bytes 64..72: 26 57 15 22 11 121 (UTC, 695 ms)
    assert_eq!(h.time_consistent.to_string(), "11/22/2021 15:57:26.695");
    assert!(h.time_consistent.utc);
}

#[test]
fn encode_round_trips() {
    for name in SAMPLES {
        let db = sample(name);
        let ps = page_size(&db);
        let orig = &db[..ps];
        let h = DbHeader::decode(orig).unwrap();
        let mut out = vec![0u8; ps];
        h.encode(&mut out);
        assert!(out == orig, "{name}");
        // a changed field gets a fresh, valid checksum
        let mut h2 = h.clone();
        h2.state = DbState::ForceDetach;
        h2.encode(&mut out);
        let back = DbHeader::decode(&out).unwrap();
        assert_eq!(back.state, DbState::ForceDetach);
        assert_ne!(back.checksum, h.checksum);
    }
}

#[test]
fn shadow_fallback() {
    for name in ["basic.edb", "large.edb"] {
        let db = sample(name);
        let ps = page_size(&db);
        let mut primary = db[..ps].to_vec();
        let mut shadow = db[ps..2 * ps].to_vec();
        let (_, which) = read_best(&primary, &shadow).unwrap();
        assert_eq!(which, HeaderCopy::Primary);

        primary[100] ^= 0x40; // checksum now wrong
        assert_eq!(
            DbHeader::decode(&primary).unwrap_err().code(),
            ErrorCode::ReadVerifyFailure
        );
        let (h, which) = read_best(&primary, &shadow).unwrap();
        assert_eq!(which, HeaderCopy::Shadow);
        assert_eq!(h.page_size() as usize, ps);

        shadow[5] ^= 0x01; // magic now wrong
        let err = read_best(&primary, &shadow).unwrap_err();
        assert_eq!(err.code(), ErrorCode::ReadVerifyFailure);
        assert!(err.to_string().contains("shadow"), "{err}");

        // a truncated primary still falls back
        let (_, which) = read_best(&primary[..10], &db[ps..2 * ps]).unwrap();
        assert_eq!(which, HeaderCopy::Shadow);
    }
}

#[test]
fn not_a_database() {
    assert_eq!(
        DbHeader::decode(&[]).unwrap_err().code(),
        ErrorCode::InvalidDatabase
    );
    assert_eq!(
        DbHeader::decode(&vec![0x41; 4096]).unwrap_err().code(),
        ErrorCode::InvalidDatabase
    );
    // a data page is not a header
    let db = sample("basic.edb");
    let e = DbHeader::decode(&db[3 * 4096..4 * 4096]).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidDatabase);
}
