//! Damaged input: every outcome is the same data or a clear `JET_err`, never a
//! panic, never silently wrong data.

mod common;
use common::*;
use ese::format::checksum::compute_page_checksums;
use ese::{Database, ErrorCode};
use ese_os::{FileSystem, MemFs, StdFs};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Everything a reader can see of a database, as one string.
fn digest(db: &Database) -> ese::Result<String> {
    let mut out = String::new();
    for name in db.table_names() {
        let t = db.table(&name)?;
        out.push_str(&format!("T {name}\n"));
        for r in t.records()? {
            let r = r?;
            out.push_str(&format!(
                "{:?}\n",
                r.values()?
                    .into_iter()
                    .map(|(c, v)| (c.id, v))
                    .collect::<Vec<_>>()
            ));
        }
    }
    Ok(out)
}

fn open_and_digest(bytes: &[u8]) -> ese::Result<String> {
    let db = open_bytes("d.edb", bytes)?;
    digest(&db)
}

/// Codes a damaged file may legitimately produce.
const DAMAGE_CODES: &[ErrorCode] = &[
    ErrorCode::ReadVerifyFailure,
    ErrorCode::DatabaseCorrupted,
    ErrorCode::InvalidDatabase,
    ErrorCode::FileInvalidType,
    ErrorCode::PageNotInitialized,
    ErrorCode::BadPageLink,
    ErrorCode::BadParentPageLink,
    ErrorCode::BadEmptyPage,
    ErrorCode::CatalogCorrupted,
    ErrorCode::LVCorrupted,
    ErrorCode::SecondaryIndexCorrupted,
    ErrorCode::FileIOBeyondEOF,
    ErrorCode::InvalidDatabaseVersion,
    ErrorCode::PageSizeMismatch,
    ErrorCode::DatabaseCorruptedNoRepair,
    ErrorCode::DecompressionFailed,
    ErrorCode::ObjectNotFound,
];

fn check_outcome(baseline: &str, bytes: &[u8], what: &str) {
    let r = catch_unwind(AssertUnwindSafe(|| open_and_digest(bytes)));
    match r {
        Err(_) => panic!("{what}: panicked"),
        Ok(Ok(d)) => assert!(d == baseline, "{what}: opened but read different data"),
        Ok(Err(e)) => assert!(
            DAMAGE_CODES.contains(&e.code()),
            "{what}: unexpected error {e}"
        ),
    }
}

/// Flipping any byte of either header page still gives the same data (the other
/// copy is used) or a clear error.
#[test]
fn damaged_every_header_byte() {
    let clean = sample_bytes("basic.edb");
    let baseline = open_and_digest(&clean).unwrap();
    let page = 4096;
    let mut opened = 0;
    for off in 0..2 * page {
        let mut b = clean.clone();
        b[off] ^= 0xA5;
        check_outcome(&baseline, &b, &format!("header byte {off}"));
        if open_and_digest(&b).is_ok() {
            opened += 1;
        }
    }
    // One good copy is always left, so every single damage still opens.
    assert_eq!(opened, 2 * page);
    // Both copies damaged: a clear error.
    let mut b = clean.clone();
    b[100] ^= 1;
    b[page + 100] ^= 1;
    let e = open_and_digest(&b).unwrap_err();
    assert_eq!(e.code(), ErrorCode::ReadVerifyFailure, "{e}");
}

/// A sample of byte flips in every page: the checksum catches them (or corrects a
/// single flipped bit), so data is identical or the error is clear.
#[test]
fn damaged_sampled_bytes_in_every_page() {
    let clean = sample_bytes("basic.edb");
    let baseline = open_and_digest(&clean).unwrap();
    let page = 4096usize;
    let pages = clean.len() / page;
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut errors = 0;
    for p in 2..pages {
        for k in 0..6 {
            let off = p * page + (next() as usize % page);
            let mut b = clean.clone();
            // k == 0 flips one bit (correctable); the rest flip a whole byte.
            b[off] ^= if k == 0 { 1 << (next() % 8) } else { 0xFF };
            check_outcome(
                &baseline,
                &b,
                &format!("page {} byte {}", p - 1, off % page),
            );
            if open_and_digest(&b).is_err() {
                errors += 1;
            }
        }
    }
    assert!(errors > 0, "some damage must be detected");
}

/// Damage behind a valid checksum reaches the structure decoders: they must
/// answer with an error or read on, never panic or loop.
#[test]
fn damaged_structures_behind_valid_checksums_never_panic() {
    let clean = sample_bytes("multi.edb");
    let page = 4096usize;
    let pages = clean.len() / page;
    let mut rng = 0x2545_F491_4F6C_DD1Du64;
    let mut next = || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    for p in 2..pages {
        if clean[p * page..(p + 1) * page].iter().all(|&b| b == 0) {
            continue;
        }
        for _ in 0..4 {
            let mut b = clean.clone();
            let off = p * page + 40 + (next() as usize % (page - 40));
            b[off] = next() as u8;
            let pgno = (p - 1) as u32;
            compute_page_checksums(&mut b[p * page..(p + 1) * page], pgno);
            let r = catch_unwind(AssertUnwindSafe(|| open_and_digest(&b)));
            match r {
                Err(_) => panic!("page {pgno} byte {}: panicked", off % page),
                Ok(Err(e)) => assert!(
                    DAMAGE_CODES.contains(&e.code()),
                    "page {pgno}: unexpected error {e}"
                ),
                Ok(Ok(_)) => {}
            }
        }
    }
}

#[test]
fn damaged_truncated_empty_foreign_and_directory() {
    let clean = sample_bytes("basic.edb");
    // Truncated inside the data pages: opens, then reading reports the missing pages.
    for len in [
        0usize,
        100,
        4096,
        8191,
        8192,
        12288,
        clean.len() / 2,
        clean.len() - 1,
    ] {
        let r = open_and_digest(&clean[..len]);
        let e = r.expect_err(&format!("truncated to {len} must fail"));
        assert!(DAMAGE_CODES.contains(&e.code()), "len {len}: {e}");
    }
    // A file that is not a database.
    let text = b"hello, this is not a database at all\n".repeat(1000);
    let e = open_and_digest(&text).unwrap_err();
    assert!(
        matches!(
            e.code(),
            ErrorCode::InvalidDatabase | ErrorCode::FileInvalidType
        ),
        "{e}"
    );
    // A directory and a missing file, on the real file system.
    let dir = std::env::temp_dir();
    let e = Database::open_with(&StdFs, &dir, &Default::default()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::FileAccessDenied, "{e}");
    let e = Database::open(dir.join("no-such-file-ese-rs.edb")).unwrap_err();
    assert_eq!(e.code(), ErrorCode::FileNotFound, "{e}");
    // A directory on the in-memory file system.
    let fs = MemFs::new();
    fs.create_dir_all(std::path::Path::new("/d")).unwrap();
    let e = Database::open_with(&fs, std::path::Path::new("/d"), &Default::default()).unwrap_err();
    assert!(
        matches!(
            e.code(),
            ErrorCode::FileAccessDenied | ErrorCode::FileNotFound
        ),
        "{e}"
    );
}
