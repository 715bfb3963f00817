//! `eseutil copy` (esentutl `/y`): every sample copied byte for byte with its
//! pages verified; a damaged page stops the copy and leaves no destination
//! (or, with `--ignore-errors`, is copied as it is and listed); a single
//! flipped bit is listed as correctable; other files are copied as they are;
//! an existing destination is refused; the copy keeps the source's permissions.

mod common;
use common::*;
use ese::format::checksum::{verify_page, PageCheck};
use serde_json::Value as Json;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Sample `name` decompressed into `dir`.
fn unpack(dir: &Scratch, name: &str) -> PathBuf {
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(
        std::fs::File::open(samples().join(format!("{name}.gz"))).unwrap(),
    )
    .read_to_end(&mut bytes)
    .unwrap();
    let p = dir.file(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn copy_json(src: &Path, dest: &Path, extra: &[&str]) -> Result<Json, String> {
    let mut args = vec![
        "copy",
        src.to_str().unwrap(),
        "--to",
        dest.to_str().unwrap(),
        "--json",
    ];
    args.extend_from_slice(extra);
    let out = eseutil(&args);
    if out.status.success() {
        Ok(serde_json::from_str(text(&out.stdout).trim()).unwrap())
    } else {
        Err(format!("{}{}", text(&out.stdout), text(&out.stderr)))
    }
}

/// The page size of database `path` (its header's `cbDbPage` at byte 236).
fn page_size(path: &Path) -> usize {
    let b = std::fs::read(path).unwrap();
    u32::from_le_bytes([b[236], b[237], b[238], b[239]]) as usize
}

/// A page of `path` that holds data and verifies, inside the first extent.
fn data_page(path: &Path) -> u32 {
    let b = std::fs::read(path).unwrap();
    let ps = page_size(path);
    (1..(b.len() / ps - 2) as u32)
        .find(|&pg| {
            let page = &b[(pg as usize + 1) * ps..(pg as usize + 2) * ps];
            pg > 2 && matches!(verify_page(page, pg), PageCheck::Ok)
        })
        .expect("a page that verifies")
}

#[test]
fn every_sample_is_copied_byte_for_byte_with_its_pages_verified() {
    let dir = Scratch::new("copy-samples");
    for name in SAMPLES {
        let src = unpack(&dir, name);
        let dest = dir.file(&format!("{name}.copy"));
        let r = copy_json(&src, &dest, &[]).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            std::fs::read(&dest).unwrap(),
            std::fs::read(&src).unwrap(),
            "{name}"
        );
        assert_eq!(r["database"], true, "{name}");
        assert_eq!(
            r["bytes"].as_u64().unwrap(),
            std::fs::metadata(&src).unwrap().len()
        );
        assert!(r["verified"].as_u64().unwrap() > 0, "{name}: {r}");
        assert_eq!(r["bad"], serde_json::json!([]), "{name}");
        if name == "SRUDB.dat" {
            // Pages 143-158 hold bytes that are not ESE's, beyond the owned space.
            assert_eq!(
                r["outside_owned_space"].as_array().unwrap().len(),
                16,
                "{r}"
            );
        }
        std::fs::remove_file(&src).unwrap();
        std::fs::remove_file(&dest).unwrap();
    }
}

#[test]
fn a_damaged_page_stops_the_copy_unless_errors_are_ignored() {
    let dir = Scratch::new("copy-damaged");
    let src = unpack(&dir, "Current.mdb");
    let ps = page_size(&src);
    let pg = data_page(&src);
    let mut bytes = std::fs::read(&src).unwrap();
    let at = (pg as usize + 1) * ps + ps / 2;
    bytes[at] ^= 0xff;
    bytes[at + 7] ^= 0x5a;
    std::fs::write(&src, &bytes).unwrap();
    let dest = dir.file("copy.mdb");
    let e = copy_json(&src, &dest, &[]).unwrap_err();
    assert!(
        e.contains("-1018") && e.contains(&format!("page {pg}")),
        "{e}"
    );
    assert!(!dest.exists(), "a failed copy left its destination");
    let r = copy_json(&src, &dest, &["--ignore-errors"]).unwrap();
    assert_eq!(r["bad"], serde_json::json!([pg]));
    assert_eq!(std::fs::read(&dest).unwrap(), bytes);
}

#[test]
fn a_single_flipped_bit_is_listed_as_correctable() {
    let dir = Scratch::new("copy-bit");
    let src = unpack(&dir, "basic.edb");
    let ps = page_size(&src);
    let pg = data_page(&src);
    let mut bytes = std::fs::read(&src).unwrap();
    bytes[(pg as usize + 1) * ps + 100] ^= 0x04;
    std::fs::write(&src, &bytes).unwrap();
    let dest = dir.file("copy.edb");
    let r = copy_json(&src, &dest, &[]).unwrap();
    assert_eq!(r["correctable"], serde_json::json!([pg]), "{r}");
    assert_eq!(std::fs::read(&dest).unwrap(), bytes);
}

#[test]
fn other_files_are_copied_as_they_are_and_nothing_is_overwritten() {
    let dir = Scratch::new("copy-plain");
    let src = dir.file("edb00000001.log");
    let bytes: Vec<u8> = (0..3_000_000u32).map(|i| (i * 7 + 3) as u8).collect();
    std::fs::write(&src, &bytes).unwrap();
    std::fs::set_permissions(&src, std::fs::Permissions::from_mode(0o600)).unwrap();
    let dest = dir.file("copy.log");
    let r = copy_json(&src, &dest, &[]).unwrap();
    assert_eq!(r["database"], false);
    assert_eq!(r["bytes"], 3_000_000);
    assert_eq!(std::fs::read(&dest).unwrap(), bytes);
    assert_eq!(
        std::fs::metadata(&dest).unwrap().permissions().mode() & 0o777,
        0o600
    );
    std::fs::write(&dest, b"keep").unwrap();
    let e = copy_json(&src, &dest, &[]).unwrap_err();
    assert!(e.contains("-1066") || e.contains("exists"), "{e}");
    assert_eq!(std::fs::read(&dest).unwrap(), b"keep");
    // A folder as the destination takes the source's name.
    let sub = dir.file("into");
    std::fs::create_dir(&sub).unwrap();
    copy_json(&src, &sub, &[]).unwrap();
    assert_eq!(std::fs::read(sub.join("edb00000001.log")).unwrap(), bytes);
}
