//! The buffer cache under injected I/O faults (`SimFs`): a failed page write or fsync
//! fails the cache for good (`JET_errInstanceUnavailable`, no fsync retried); failed
//! reads and a failed file growth do not.

use ese::cache::{BufferCache, NoWal};
use ese::ErrorCode;
use ese_os::{Fault, FaultKind, FaultOp, File, FileSystem, OpenOptions, SimFs};
use std::path::Path;
use std::sync::Arc;

const PS: usize = 4096;

fn setup(frames: usize) -> (SimFs, Arc<dyn File>, BufferCache) {
    let fs = SimFs::new();
    let file: Arc<dyn File> = Arc::from(
        fs.open(Path::new("/db.edb"), OpenOptions::create_new())
            .expect("create"),
    );
    fs.sync_dir(Path::new("/")).expect("sync dir");
    let cache = BufferCache::new(Arc::clone(&file), PS, frames, Arc::new(NoWal)).expect("cache");
    (fs, file, cache)
}

fn fill(cache: &BufferCache, pgno: u32, v: u8) {
    cache.create(pgno).expect("create")[100..].fill(v);
}

/// Every entry point now answers `JET_errInstanceUnavailable`, without touching the disk.
fn assert_unavailable(fs: &SimFs, cache: &BufferCache) {
    let before = fs.io_count();
    let codes = [
        cache.read(1).map(drop),
        cache.write(1).map(drop),
        cache.create(2).map(drop),
        cache.flush_all(),
        cache.flush_some(10).map(drop),
        cache.ensure_size(100),
    ];
    for result in codes {
        let err = result.expect_err("the cache failed");
        assert_eq!(err.code(), ErrorCode::InstanceUnavailable, "{err}");
    }
    assert!(cache.is_failed());
    assert_eq!(fs.io_count(), before, "no I/O after the failure");
}

fn write_fault_fails_the_cache(kind: FaultKind, code: ErrorCode) {
    let (fs, _file, cache) = setup(8);
    for pgno in 1..=4 {
        fill(&cache, pgno, pgno as u8);
    }
    fs.inject(Fault::new(FaultOp::Write, 2, kind));
    let err = cache.flush_all().expect_err("second page write fails");
    assert_eq!(err.code(), code, "{err}");
    assert_eq!(err.page_number(), Some(2));
    assert_unavailable(&fs, &cache);
    // The message of later errors names the first cause.
    let later = cache.read(3).expect_err("failed");
    assert!(
        later.to_string().contains("writing page 2 failed"),
        "{later}"
    );
}

#[test]
fn cache_eio_on_page_write_is_final() {
    write_fault_fails_the_cache(FaultKind::Eio, ErrorCode::DiskIO);
}

#[test]
fn cache_disk_full_on_page_write_is_final() {
    write_fault_fails_the_cache(FaultKind::DiskFull, ErrorCode::DiskFull);
}

#[test]
fn cache_write_fault_during_eviction_is_final() {
    let (fs, _file, cache) = setup(2);
    fill(&cache, 1, 1);
    fill(&cache, 2, 2);
    fs.inject(Fault::new(FaultOp::Write, 1, FaultKind::Eio));
    let err = cache.create(3).expect_err("the victim's write fails");
    assert_eq!(err.code(), ErrorCode::DiskIO);
    assert_unavailable(&fs, &cache);
}

#[test]
fn cache_write_fault_in_background_write_back_is_final() {
    let (fs, _file, cache) = setup(8);
    fill(&cache, 1, 1);
    fs.inject(Fault::new(FaultOp::Write, 1, FaultKind::DiskFull));
    assert_eq!(
        cache.flush_some(4).expect_err("write fails").code(),
        ErrorCode::DiskFull
    );
    assert_unavailable(&fs, &cache);
}

fn sync_fault_fails_the_cache(kind: FaultKind, code: ErrorCode) {
    let (fs, file, cache) = setup(8);
    fill(&cache, 1, 1);
    fs.inject(Fault::new(FaultOp::Sync, 1, kind));
    let err = cache.flush_all().expect_err("sync fails");
    assert_eq!(err.code(), code, "{err}");
    assert_unavailable(&fs, &cache);
    // The fsync was not retried: the write is still unsynced.
    assert_eq!(fs.unsynced_ops(Path::new("/db.edb")), Some(1));
    drop(file);
}

#[test]
fn cache_eio_on_fsync_is_final_and_never_retried() {
    sync_fault_fails_the_cache(FaultKind::Eio, ErrorCode::DiskIO);
}

#[test]
fn cache_disk_full_on_fsync_is_final() {
    sync_fault_fails_the_cache(FaultKind::DiskFull, ErrorCode::DiskFull);
}

#[test]
fn cache_read_fault_is_not_final() {
    let (fs, _file, cache) = setup(2);
    fill(&cache, 1, 1);
    cache.flush_all().expect("flush");
    fill(&cache, 2, 2);
    fill(&cache, 3, 3); // page 1, clean, leaves the cache
    fs.inject(Fault::new(FaultOp::Read, 1, FaultKind::Eio));
    assert_eq!(
        cache.read(1).expect_err("read fails").code(),
        ErrorCode::DiskIO
    );
    assert!(!cache.is_failed());
    assert_eq!(cache.read(1).expect("read again")[100], 1);
}

#[test]
fn cache_failed_growth_is_not_final() {
    let (fs, _file, cache) = setup(2);
    fs.inject(Fault::new(FaultOp::SetLen, 1, FaultKind::DiskFull));
    assert_eq!(
        cache.ensure_size(64).expect_err("disk full").code(),
        ErrorCode::DiskFull
    );
    assert!(!cache.is_failed());
    cache.ensure_size(64).expect("grow");
    assert_eq!(cache.file_pages().expect("pages"), 64);
}

#[test]
fn cache_durable_after_flush_even_when_later_writes_fail() {
    let (fs, _file, cache) = setup(4);
    for pgno in 1..=3 {
        fill(&cache, pgno, 0x40 + pgno as u8);
    }
    cache.flush_all().expect("flush");
    fill(&cache, 1, 0x77);
    fs.inject(Fault::new(FaultOp::Write, 1, FaultKind::Eio).persistent());
    cache.flush_all().expect_err("fails");
    drop(cache);
    fs.clear_faults();
    let durable = fs.durable_image(Path::new("/db.edb")).expect("image");
    for pgno in 1..=3u32 {
        let off = (pgno as usize + 1) * PS;
        assert_eq!(durable[off + 100], 0x40 + pgno as u8);
    }
}
