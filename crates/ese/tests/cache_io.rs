//! The buffer cache's I/O seen from outside: round trips through the file, bounded
//! memory, eviction order, checksums on write and read, the write-ahead rule, file
//! growth, and a power cut after a flush (on `MemFs` and `SimFs`).

use ese::cache::{BufferCache, NoWal, WalGate};
use ese::format::checksum::{verify_page, PageCheck};
use ese::{Error, ErrorCode, Result};
use ese_os::{File, FileSystem, MemFs, OpenOptions, SimFs, TearPolicy};
use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex};

const PS: usize = 8192;
/// Page bytes the tests own: past the largest page header (80 bytes).
const BODY: usize = 128;

fn create_file(fs: &dyn FileSystem) -> Arc<dyn File> {
    Arc::from(
        fs.open(Path::new("/db.edb"), OpenOptions::create_new())
            .expect("create"),
    )
}

fn reopen(fs: &dyn FileSystem) -> Arc<dyn File> {
    Arc::from(
        fs.open(Path::new("/db.edb"), OpenOptions::read_write())
            .expect("reopen"),
    )
}

fn cache(file: &Arc<dyn File>, frames: usize) -> BufferCache {
    BufferCache::new(Arc::clone(file), PS, frames, Arc::new(NoWal)).expect("cache")
}

/// Byte `i` of the body of `pgno` at `version`: pseudo-random, so that sectors of
/// two versions never checksum alike by accident (a periodic pattern can).
fn body_byte(pgno: u32, version: u32, i: usize) -> u8 {
    let mut x = (u64::from(pgno) << 40) ^ (u64::from(version) << 24) ^ i as u64;
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (x ^ (x >> 31)) as u8
}

/// Writes a page body derived from `pgno` and `version`.
fn stamp(page: &mut [u8], pgno: u32, version: u32) {
    for (i, b) in page[BODY..].iter_mut().enumerate() {
        *b = body_byte(pgno, version, i);
    }
}

fn has_stamp(page: &[u8], pgno: u32, version: u32) -> bool {
    page[BODY..]
        .iter()
        .enumerate()
        .all(|(i, b)| *b == body_byte(pgno, version, i))
}

fn offset(pgno: u32) -> u64 {
    (u64::from(pgno) + 1) * PS as u64
}

fn disk_page(file: &Arc<dyn File>, pgno: u32) -> Vec<u8> {
    let mut buf = vec![0u8; PS];
    file.read_at(offset(pgno), &mut buf).expect("read page");
    buf
}

#[test]
fn cache_roundtrip_survives_flush_and_reopen_on_memfs() {
    let fs = MemFs::new();
    let file = create_file(&fs);
    {
        let c = cache(&file, 16);
        for pgno in 1..=40 {
            stamp(&mut c.create(pgno).expect("create"), pgno, 1);
        }
        for pgno in (1..=40).step_by(3) {
            stamp(&mut c.write(pgno).expect("write"), pgno, 2);
        }
        c.flush_all().expect("flush");
        assert_eq!(c.dirty_pages(), 0);
    }
    let c = cache(&reopen(&fs), 16);
    for pgno in 1..=40 {
        let version = if (pgno - 1) % 3 == 0 { 2 } else { 1 };
        assert!(
            has_stamp(&c.read(pgno).expect("read"), pgno, version),
            "page {pgno}"
        );
    }
}

#[test]
fn cache_flushed_pages_survive_a_power_cut_on_simfs() {
    for seed in 0..8u64 {
        let fs = SimFs::new();
        let file = create_file(&fs);
        fs.sync_dir(Path::new("/")).expect("sync dir");
        let c = cache(&file, 8);
        for pgno in 1..=20 {
            stamp(&mut c.create(pgno).expect("create"), pgno, 1);
        }
        c.flush_all().expect("flush");
        // Unflushed changes after the flush: each may be kept, lost or torn.
        for pgno in 1..=5 {
            stamp(&mut c.write(pgno).expect("write"), pgno, 2);
        }
        c.flush_some(5).expect("background write-back");
        drop(c);
        drop(file);
        fs.power_cut_with(seed, TearPolicy::AtomicSector);
        let c = cache(&reopen(&fs), 8);
        for pgno in 6..=20 {
            assert!(
                has_stamp(&c.read(pgno).expect("flushed page"), pgno, 1),
                "seed {seed} page {pgno}"
            );
        }
        for pgno in 1..=5 {
            // A torn page fails its checksum; a whole one is either version.
            if let Ok(page) = c.read(pgno) {
                assert!(has_stamp(&page, pgno, 1) || has_stamp(&page, pgno, 2));
            }
        }
    }
}

#[test]
fn cache_memory_stays_bounded_over_ten_times_capacity() {
    let fs = MemFs::new();
    let file = create_file(&fs);
    let c = cache(&file, 10);
    for pgno in 1..=100 {
        stamp(&mut c.create(pgno).expect("create"), pgno, 1);
        assert!(c.resident_pages() <= 10);
    }
    c.flush_all().expect("flush");
    for round in 0..2 {
        for pgno in 1..=100 {
            assert!(
                has_stamp(&c.read(pgno).expect("read"), pgno, 1),
                "round {round} page {pgno}"
            );
            assert!(c.resident_pages() <= 10);
        }
    }
    assert_eq!(c.frame_count(), 10);
    let stats = c.stats();
    assert!(stats.evictions >= 190, "{stats:?}");
    assert_eq!(
        stats.writes, 100,
        "each page written exactly once: {stats:?}"
    );
}

#[test]
fn cache_eviction_writes_the_dirty_page_first() {
    let fs = MemFs::new();
    let file = create_file(&fs);
    let c = cache(&file, 4);
    for pgno in 1..=4 {
        stamp(&mut c.create(pgno).expect("create"), pgno, 1);
    }
    assert_eq!(file.len().expect("len"), 0, "nothing written yet");
    stamp(&mut c.create(5).expect("create 5"), 5, 1);
    assert_eq!(c.stats().writes, 1);
    assert_eq!(c.stats().evictions, 1);
    // Exactly one of the first four pages left, and its bytes are on disk.
    let evicted: Vec<u32> = (1..=4)
        .filter(|&p| {
            file.len().expect("len") >= offset(p) + PS as u64
                && verify_page(&disk_page(&file, p), p) == PageCheck::Ok
        })
        .collect();
    assert_eq!(evicted.len(), 1, "{evicted:?}");
    let p = evicted[0];
    assert!(has_stamp(&disk_page(&file, p), p, 1));
    // Reading it back goes to disk and finds the same bytes.
    let before = c.stats().reads;
    assert!(has_stamp(&c.read(p).expect("reload"), p, 1));
    assert_eq!(c.stats().reads, before + 1);
}

#[test]
fn cache_latched_pages_are_not_evicted() {
    let fs = MemFs::new();
    let file = create_file(&fs);
    let c = cache(&file, 3);
    let held = c.create(1).expect("create");
    let reader = {
        c.create(2).expect("create");
        c.read(2).expect("read")
    };
    for pgno in 3..=30 {
        stamp(&mut c.create(pgno).expect("create"), pgno, 1);
    }
    assert_eq!(held.pgno(), 1);
    assert_eq!(reader.pgno(), 2);
    drop((held, reader));
    assert_eq!(c.stats().hits, 1);
    let reads = c.stats().reads;
    c.read(1).expect("1 is resident");
    c.read(2).expect("2 is resident");
    assert_eq!(c.stats().reads, reads, "no disk read for latched pages");
}

#[test]
fn cache_hot_pages_stay_resident_under_a_scan() {
    let fs = MemFs::new();
    let file = create_file(&fs);
    let c = cache(&file, 8);
    for pgno in 1..=200 {
        stamp(&mut c.create(pgno).expect("create"), pgno, 1);
    }
    c.flush_all().expect("flush");
    let reads = c.stats().reads;
    for pgno in 3..=200 {
        // Pages 1 and 2 are used between every scanned page.
        c.read(1).expect("hot");
        c.read(2).expect("hot");
        c.read(pgno).expect("scan");
    }
    let loaded = c.stats().reads - reads;
    assert!(loaded <= 198 + 2, "hot pages were reloaded: {loaded} reads");
}

#[test]
fn cache_checksum_is_written_and_verified() {
    let fs = MemFs::new();
    let file = create_file(&fs);
    {
        let c = cache(&file, 4);
        for pgno in 1..=3 {
            stamp(&mut c.create(pgno).expect("create"), pgno, 1);
        }
        c.flush_all().expect("flush");
    }
    for pgno in 1..=3 {
        assert_eq!(verify_page(&disk_page(&file, pgno), pgno), PageCheck::Ok);
    }
    // Page 2: one byte changed (several bits). Page 3: one bit flipped.
    let mut p2 = disk_page(&file, 2);
    p2[4000] ^= 0xFF;
    file.write_at(offset(2), &p2).expect("damage 2");
    let mut p3 = disk_page(&file, 3);
    p3[5000] ^= 0x04;
    file.write_at(offset(3), &p3).expect("damage 3");

    let c = cache(&file, 4);
    assert!(has_stamp(&c.read(1).expect("intact"), 1, 1));
    let err = c.read(2).expect_err("damaged page");
    assert_eq!(err.code(), ErrorCode::ReadVerifyFailure);
    assert_eq!(err.code() as i32, -1018);
    assert_eq!(err.page_number(), Some(2));
    assert!(has_stamp(&c.read(3).expect("corrected"), 3, 1));
    assert_eq!(c.stats().corrected, 1);
    // The write path refuses the damaged page too, and it does not stay resident.
    assert_eq!(
        c.write(2).expect_err("damaged").code(),
        ErrorCode::ReadVerifyFailure
    );
    assert_eq!(c.resident_pages(), 2);
}

#[test]
fn cache_zero_pages_and_reads_past_the_end_are_errors() {
    let fs = MemFs::new();
    let file = create_file(&fs);
    let c = cache(&file, 4);
    c.ensure_size(10).expect("grow");
    let err = c.read(5).expect_err("zero page");
    assert_eq!(err.code(), ErrorCode::PageNotInitialized);
    assert_eq!(err.page_number(), Some(5));
    let err = c.read(11).expect_err("past the end");
    assert_eq!(err.code(), ErrorCode::FileIOBeyondEOF);
    assert_eq!(err.page_number(), Some(11));
    assert!(!c.is_failed(), "read errors are not fatal");
}

#[test]
fn cache_writes_past_the_end_grow_the_file() {
    let fs = MemFs::new();
    let file = create_file(&fs);
    let c = cache(&file, 4);
    c.ensure_size(2).expect("grow");
    assert_eq!(c.file_pages().expect("pages"), 2);
    stamp(&mut c.create(50).expect("create"), 50, 1);
    c.flush_all().expect("flush");
    assert_eq!(c.file_pages().expect("pages"), 50);
    // The gap reads as never-initialised pages.
    assert_eq!(
        cache(&file, 4).read(20).expect_err("gap").code(),
        ErrorCode::PageNotInitialized
    );
}

/// One event seen by the write-ahead test: a log flush or a page write.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Event {
    Log(u64),
    Write(u32),
}

/// A log that records each flush request.
#[derive(Debug)]
struct Log(Arc<Mutex<Vec<Event>>>);

impl WalGate for Log {
    fn flush_log_to(&self, lsn: u64) -> Result<()> {
        self.0.lock().expect("events").push(Event::Log(lsn));
        Ok(())
    }
}

/// A file that records each page write.
#[derive(Debug)]
struct Recording {
    inner: Arc<dyn File>,
    events: Arc<Mutex<Vec<Event>>>,
}

impl File for Recording {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        self.inner.read_at(offset, buf)
    }
    fn write_at(&self, offset: u64, buf: &[u8]) -> io::Result<()> {
        let pgno = (offset / PS as u64 - 1) as u32;
        self.events.lock().expect("events").push(Event::Write(pgno));
        self.inner.write_at(offset, buf)
    }
    fn len(&self) -> io::Result<u64> {
        self.inner.len()
    }
    fn set_len(&self, len: u64) -> io::Result<()> {
        self.inner.set_len(len)
    }
    fn sync_data(&self) -> io::Result<()> {
        self.inner.sync_data()
    }
}

#[test]
fn cache_wal_gate_is_called_with_the_page_lsn_before_its_write() {
    let fs = MemFs::new();
    let events = Arc::new(Mutex::new(Vec::new()));
    let file: Arc<dyn File> = Arc::new(Recording {
        inner: create_file(&fs),
        events: Arc::clone(&events),
    });
    let c = BufferCache::new(file, PS, 2, Arc::new(Log(Arc::clone(&events)))).expect("cache");
    {
        let mut g = c.create(1).expect("create");
        g.set_lsn(100);
    }
    {
        let mut g = c.create(2).expect("create");
        g.set_lsn(205);
        g.set_lsn(210);
    }
    // Page 3 needs a frame: one of 1 and 2 is evicted, after its log flush.
    c.create(3).expect("create").set_lsn(300);
    c.flush_all().expect("flush");
    let events = events.lock().expect("events").clone();
    let writes: Vec<u32> = events
        .iter()
        .filter_map(|e| match e {
            Event::Write(p) => Some(*p),
            Event::Log(_) => None,
        })
        .collect();
    assert_eq!(writes.len(), 3, "{events:?}");
    for (i, e) in events.iter().enumerate() {
        if let Event::Write(p) = e {
            let want = match p {
                1 => 100,
                2 => 210,
                _ => 300,
            };
            assert_eq!(
                events.get(i.wrapping_sub(1)),
                Some(&Event::Log(want)),
                "page {p} written without its log flush first: {events:?}"
            );
        }
    }
}

#[test]
fn cache_wal_gate_failure_blocks_eviction_without_failing_the_cache() {
    #[derive(Debug)]
    struct Refusing;
    impl WalGate for Refusing {
        fn flush_log_to(&self, lsn: u64) -> Result<()> {
            Err(Error::with(
                ErrorCode::LogWriteFail,
                format!("log unavailable at {lsn}"),
            ))
        }
    }
    let fs = MemFs::new();
    let file = create_file(&fs);
    let c = BufferCache::new(Arc::clone(&file), PS, 1, Arc::new(Refusing)).expect("cache");
    c.create(1).expect("create").set_lsn(7);
    let err = c.create(2).expect_err("eviction needs the log");
    assert_eq!(err.code(), ErrorCode::LogWriteFail);
    assert_eq!(file.len().expect("len"), 0);
    assert!(!c.is_failed());
    assert_eq!(c.read(1).expect("still resident").lsn(), 7);
}

/// A read-only cache never writes the file: a repaired single-bit error stays in
/// memory, and changes are refused with `JET_errPermissionDenied`.
#[test]
fn cache_read_only_never_writes() {
    let fs = MemFs::new();
    let file = create_file(&fs);
    {
        let c = cache(&file, 4);
        let mut w = c.create(1).unwrap();
        stamp(&mut w, 1, 1);
        drop(w);
        c.flush_all().unwrap();
    }
    // Flip one bit of page 1 on disk: the ECC can repair it.
    let mut page = disk_page(&file, 1);
    page[BODY + 3] ^= 0x04;
    file.write_at(offset(1), &page).unwrap();
    let before = disk_page(&file, 1);
    let c = cache(&file, 4).into_read_only();
    assert!(c.is_read_only());
    let r = c.read(1).unwrap();
    assert!(has_stamp(&r, 1, 1), "the repaired page is served");
    drop(r);
    assert_eq!(c.write(1).unwrap_err().code(), ErrorCode::PermissionDenied);
    assert_eq!(c.create(2).unwrap_err().code(), ErrorCode::PermissionDenied);
    c.flush_all().unwrap();
    assert_eq!(disk_page(&file, 1), before, "nothing was written back");
}
