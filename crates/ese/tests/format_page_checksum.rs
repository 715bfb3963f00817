//! Page and header checksums against the sample databases.

#[path = "format_page_common.rs"]
mod common;

use common::{page, page_count, page_size, sample, SAMPLES};
use ese::format::checksum::{
    compute_page_checksums, correct_page, correctable_bit, header_checksum, verify_page, PageCheck,
    NEW_CHECKSUM_FLAG_BIT,
};

#[test]
fn header_checksums_verify() {
    for name in SAMPLES {
        let db = sample(name);
        let ps = page_size(&db);
        for copy in 0..2 {
            let hdr = &db[copy * ps..(copy + 1) * ps];
            let stored = u32::from_le_bytes(hdr[0..4].try_into().unwrap());
            assert_eq!(header_checksum(hdr), stored, "{name} copy {copy}");
            assert_eq!(
                header_checksum(&hdr[..4096]),
                stored,
                "{name} copy {copy} (4 KiB)"
            );
        }
    }
}

#[test]
fn every_nonzero_page_verifies() {
    let mut total = 0;
    for name in SAMPLES {
        let db = sample(name);
        let mut bad = Vec::new();
        for pgno in 1..=page_count(&db) {
            match verify_page(page(&db, pgno), pgno) {
                PageCheck::Ok => total += 1,
                PageCheck::AllZero => {}
                PageCheck::Mismatch { .. } => bad.push(pgno),
                PageCheck::Corrected { .. } => panic!("verify never corrects"),
            }
        }
        if name == "SRUDB.dat" {
            assert_eq!(bad, (143..=158).collect::<Vec<_>>(), "{name}");
        } else {
            assert!(bad.is_empty(), "{name}: bad pages {bad:?}");
        }
    }
    assert!(total >= 1402, "{total} pages verified");
}

#[test]
fn wrong_pgno_fails() {
    let db = sample("basic.edb");
    assert_eq!(verify_page(page(&db, 4), 4), PageCheck::Ok);
    assert!(matches!(
        verify_page(page(&db, 4), 5),
        PageCheck::Mismatch { .. }
    ));
}

#[test]
fn compute_reproduces_stored_checksums() {
    for name in SAMPLES {
        let db = sample(name);
        let large = page_size(&db) > 8192;
        for pgno in 1..=page_count(&db) {
            let orig = page(&db, pgno);
            if verify_page(orig, pgno) != PageCheck::Ok {
                continue;
            }
            let mut p = orig.to_vec();
            p[0..8].fill(0);
            if large {
                p[40..64].fill(0);
            }
            compute_page_checksums(&mut p, pgno);
            assert!(p == orig, "{name} page {pgno}");
        }
    }
}

/// Flips `bit`, corrects, and checks the page came back.
fn flip_and_correct(orig: &[u8], pgno: u32, bit: usize) {
    let mut p = orig.to_vec();
    p[bit / 8] ^= 1 << (bit % 8);
    let uncorrectable = bit < 64 || bit == NEW_CHECKSUM_FLAG_BIT;
    if uncorrectable {
        assert!(
            matches!(verify_page(&p, pgno), PageCheck::Mismatch { .. }),
            "bit {bit}"
        );
        assert_eq!(correctable_bit(&p, pgno), None, "bit {bit}");
        let before = p.clone();
        assert!(
            matches!(correct_page(&mut p, pgno), PageCheck::Mismatch { .. }),
            "bit {bit}"
        );
        assert_eq!(
            p, before,
            "bit {bit}: an uncorrectable page is left unchanged"
        );
    } else {
        assert_eq!(correctable_bit(&p, pgno), Some(bit), "bit {bit}");
        assert_eq!(
            correct_page(&mut p, pgno),
            PageCheck::Corrected { bit },
            "bit {bit}"
        );
        assert!(p == orig, "bit {bit} not restored");
    }
}

#[test]
fn single_bit_flips_are_corrected_4k() {
    let db = sample("basic.edb");
    let pgno = 4;
    let orig = page(&db, pgno);
    assert_eq!(verify_page(orig, pgno), PageCheck::Ok);
    let bits = orig.len() * 8;
    // the whole page header, then a spread across the page, then the tag array end
    let picks = (0..640)
        .chain((640..bits).step_by(7))
        .chain(bits - 256..bits);
    for bit in picks {
        flip_and_correct(orig, pgno, bit);
    }
}

#[test]
fn single_bit_flips_are_corrected_32k() {
    let db = sample("large.edb");
    // a data page with content in every block
    let pgno = (1..=page_count(&db))
        .find(|&n| {
            let p = page(&db, n);
            verify_page(p, n) == PageCheck::Ok && p.chunks(8192).all(|c| c.iter().any(|&b| b != 0))
        })
        .expect("a full 32 KiB page");
    let orig = page(&db, pgno);
    let bits = orig.len() * 8;
    // the large header (incl. the three extra checksums at bytes 40..64), block
    // boundaries, and a spread over all four 8 KiB blocks
    let mut picks: Vec<usize> = (0..80 * 8).collect();
    for b in 1..4 {
        let start = b * 8192 * 8;
        picks.extend(start - 16..start + 16);
    }
    picks.extend((640..bits).step_by(211));
    picks.extend(bits - 64..bits);
    for bit in picks {
        flip_and_correct(orig, pgno, bit);
    }
}

#[test]
fn two_flips_in_different_blocks_are_both_corrected() {
    let db = sample("large.edb");
    let pgno = 1;
    let orig = page(&db, pgno);
    assert_eq!(verify_page(orig, pgno), PageCheck::Ok);
    let mut p = orig.to_vec();
    p[1000] ^= 0x10;
    p[8192 * 2 + 77] ^= 0x01;
    assert_eq!(
        correct_page(&mut p, pgno),
        PageCheck::Corrected { bit: 1000 * 8 + 4 }
    );
    assert!(p == orig);
}
