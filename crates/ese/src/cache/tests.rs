//! Unit tests of the buffer cache: frame states, the dirty generations, write-back
//! outcomes and the error paths, on `MemFs`. Behaviour seen through the public API
//! only is tested in `tests/cache_*.rs`.

use super::frame::Pin;
use super::io::{Outcome, Wait, CHECKPOINT_BEHIND_BYTES};
use super::*;
use crate::format::checksum::{verify_page, PageCheck};
use ese_os::{FileSystem, MemFs, OpenOptions};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize};
use std::sync::Mutex as StdMutex;

const PS: usize = 4096;

fn new_file() -> (MemFs, Arc<dyn File>) {
    let fs = MemFs::new();
    let file = fs
        .open(Path::new("t.edb"), OpenOptions::create_new())
        .expect("create");
    (fs, Arc::from(file))
}

fn cache(file: &Arc<dyn File>, frames: usize) -> BufferCache {
    BufferCache::new(Arc::clone(file), PS, frames, Arc::new(NoWal)).expect("cache")
}

fn fill(page: &mut [u8], v: u8) {
    page[100..].fill(v);
}

fn disk_page(file: &Arc<dyn File>, pgno: u32) -> Vec<u8> {
    let mut buf = vec![0u8; PS];
    file.read_at((u64::from(pgno) + 1) * PS as u64, &mut buf)
        .expect("read");
    buf
}

/// Pins the frame holding `pgno`, as flushers do.
fn pin_of(c: &BufferCache, pgno: u32) -> Pin {
    let table = c.table.lock();
    let index = table.lookup(pgno).expect("resident");
    Pin::new(&c.frames[index])
}

#[derive(Debug, Default)]
struct RecordingWal {
    calls: StdMutex<Vec<u64>>,
    fail: bool,
}

impl WalGate for RecordingWal {
    fn flush_log_to(&self, lsn: u64) -> Result<()> {
        self.calls.lock().expect("wal log").push(lsn);
        if self.fail {
            return Err(Error::new(ErrorCode::LogWriteFail));
        }
        Ok(())
    }
}

#[test]
fn cache_new_rejects_bad_parameters() {
    let (_fs, file) = new_file();
    let bad_size = BufferCache::new(Arc::clone(&file), 3000, 4, Arc::new(NoWal));
    assert_eq!(
        bad_size.expect_err("page size").code(),
        ErrorCode::InvalidParameter
    );
    let no_frames = BufferCache::new(file, PS, 0, Arc::new(NoWal));
    assert_eq!(
        no_frames.expect_err("capacity").code(),
        ErrorCode::InvalidParameter
    );
}

#[test]
fn cache_page_zero_is_refused() {
    let (_fs, file) = new_file();
    let c = cache(&file, 2);
    assert_eq!(
        c.read(0).expect_err("page 0").code(),
        ErrorCode::InvalidParameter
    );
}

#[test]
fn cache_frames_are_allocated_up_front() {
    let (_fs, file) = new_file();
    let c = cache(&file, 7);
    assert_eq!(c.frame_count(), 7);
    assert!(c.frames.iter().all(|f| f.latch.read().buf.len() == PS));
    assert_eq!(c.resident_pages(), 0);
}

#[test]
fn cache_write_marks_dirty_and_write_back_cleans() {
    let (_fs, file) = new_file();
    let c = cache(&file, 4);
    fill(&mut c.create(1).expect("create"), 7);
    assert_eq!(c.dirty_pages(), 1);
    let pin = pin_of(&c, 1);
    assert_eq!(
        c.write_back(&pin, 1, Wait::No).expect("wb"),
        Outcome::Written
    );
    assert_eq!(c.dirty_pages(), 0);
    assert_eq!(c.write_back(&pin, 1, Wait::No).expect("wb"), Outcome::Clean);
}

#[test]
fn cache_checksum_is_computed_on_the_copy_not_the_frame() {
    let (_fs, file) = new_file();
    let c = cache(&file, 4);
    fill(&mut c.create(3).expect("create"), 9);
    c.flush_all().expect("flush");
    // The frame still has the zero checksum the caller left; the disk has a good one.
    assert_eq!(&c.read(3).expect("read")[..8], &[0u8; 8]);
    let disk = disk_page(&file, 3);
    assert_eq!(verify_page(&disk, 3), PageCheck::Ok);
    assert_eq!(disk[100..], vec![9u8; PS - 100][..]);
}

#[test]
fn cache_write_back_skips_a_page_latched_exclusive() {
    let (_fs, file) = new_file();
    let c = cache(&file, 4);
    let guard = c.create(2).expect("create");
    let pin = pin_of(&c, 2);
    assert_eq!(c.write_back(&pin, 2, Wait::No).expect("wb"), Outcome::Busy);
    drop(guard);
    assert_eq!(
        c.write_back(&pin, 2, Wait::No).expect("wb"),
        Outcome::Written
    );
}

#[test]
fn cache_write_back_under_a_shared_latch_proceeds() {
    let (_fs, file) = new_file();
    let c = cache(&file, 4);
    c.create(2).expect("create").downgrade();
    let reader = c.read(2).expect("read");
    let pin = pin_of(&c, 2);
    assert_eq!(
        c.write_back(&pin, 2, Wait::No).expect("wb"),
        Outcome::Written
    );
    drop(reader);
}

#[test]
fn cache_write_guard_only_read_leaves_the_page_clean() {
    let (_fs, file) = new_file();
    let c = cache(&file, 4);
    fill(&mut c.create(1).expect("create"), 7);
    c.flush_all().expect("flush");
    assert_eq!(c.dirty_pages(), 0);
    {
        // Latched exclusive, read, a log position settled: no change to write.
        let mut w = c.write(1).expect("write");
        assert_eq!(w[PS - 1], 7);
        w.settle_lsn(5);
    }
    assert_eq!(c.dirty_pages(), 0);
    {
        let mut w = c.write(1).expect("write");
        w[PS - 1] = 8;
    }
    assert_eq!(c.dirty_pages(), 1);
}

#[test]
fn cache_change_after_the_copy_keeps_the_page_dirty() {
    let (_fs, file) = new_file();
    let c = cache(&file, 4);
    fill(&mut c.create(5).expect("create"), 1);
    let pin = pin_of(&c, 5);
    let copied = c.frames[pin.frame().index].generation();
    fill(&mut c.write(5).expect("write"), 2);
    // A write-back that copied before the second change cleans only its generation.
    pin.frame().mark_clean(copied);
    assert!(pin.frame().is_dirty());
}

#[test]
fn cache_wal_gate_sees_the_newest_lsn_and_can_veto() {
    let (_fs, file) = new_file();
    let wal = Arc::new(RecordingWal {
        fail: true,
        ..Default::default()
    });
    let c = BufferCache::new(Arc::clone(&file), PS, 4, wal.clone()).expect("cache");
    {
        let mut g = c.create(1).expect("create");
        g.set_lsn(40);
        g.set_lsn(30); // never lowers
        assert_eq!(g.lsn(), 40);
    }
    let err = c.flush_all().expect_err("the log refused");
    assert_eq!(err.code(), ErrorCode::LogWriteFail);
    assert_eq!(*wal.calls.lock().expect("calls"), vec![40]);
    // Nothing was written, the page is still dirty, and the cache is not failed.
    assert_eq!(file.len().expect("len"), 0);
    assert_eq!(c.dirty_pages(), 1);
    assert!(!c.is_failed());
}

#[test]
fn cache_failed_load_frees_the_frame() {
    let (_fs, file) = new_file();
    let c = cache(&file, 1);
    assert_eq!(
        c.read(9).expect_err("beyond").code(),
        ErrorCode::FileIOBeyondEOF
    );
    assert_eq!(c.resident_pages(), 0);
    assert_eq!(c.frames[0].pins(), 0);
    // The one frame is usable again.
    c.create(9).expect("create");
}

#[test]
fn cache_corrected_page_is_marked_dirty() {
    let (_fs, file) = new_file();
    {
        let c = cache(&file, 2);
        fill(&mut c.create(1).expect("create"), 0x5A);
        c.flush_all().expect("flush");
    }
    let mut disk = disk_page(&file, 1);
    disk[2000] ^= 0x10;
    file.write_at(2 * PS as u64, &disk).expect("damage");
    let c = cache(&file, 2);
    assert_eq!(c.read(1).expect("corrected")[2000], 0x5A);
    assert_eq!(c.stats().corrected, 1);
    assert_eq!(c.dirty_pages(), 1);
    c.flush_all().expect("flush");
    assert_eq!(verify_page(&disk_page(&file, 1), 1), PageCheck::Ok);
}

#[test]
fn cache_guards_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<PageRead>();
    check::<PageWrite>();
    check::<BufferCache>();
}

#[test]
fn cache_out_of_buffers_when_every_frame_is_latched() {
    let (_fs, file) = new_file();
    let c = cache(&file, 2);
    let _a = c.create(1).expect("1");
    let _b = c.create(2).expect("2");
    let err = c.create(3).expect_err("no frame");
    assert_eq!(err.code(), ErrorCode::OutOfBuffers);
    assert_eq!(err.page_number(), Some(3));
}

#[test]
fn cache_flush_some_walks_on_and_writes_at_most_max() {
    let (_fs, file) = new_file();
    let c = cache(&file, 8);
    for pgno in 1..=6 {
        fill(&mut c.create(pgno).expect("create"), pgno as u8);
    }
    assert_eq!(c.flush_some(4).expect("some"), 4);
    assert_eq!(c.dirty_pages(), 2);
    assert_eq!(c.flush_some(4).expect("rest"), 2);
    assert_eq!(c.dirty_pages(), 0);
    assert_eq!(c.flush_some(4).expect("none"), 0);
}

#[test]
fn cache_ensure_size_grows_and_never_shrinks() {
    let (_fs, file) = new_file();
    let c = cache(&file, 2);
    c.ensure_size(10).expect("grow");
    assert_eq!(file.len().expect("len"), 12 * PS as u64);
    assert_eq!(c.file_pages().expect("pages"), 10);
    c.ensure_size(3).expect("no-op");
    assert_eq!(c.file_pages().expect("pages"), 10);
}

/// A hint naming a frame that holds another page now is never taken, and one that
/// meets a frame its own thread holds latched goes the locked way instead of
/// waiting on itself.
#[test]
fn stale_hints_are_checked_under_the_latch() {
    let (_fs, file) = new_file();
    let c = cache(&file, 2);
    for pgno in 1..=3u32 {
        let mut w = c.create(pgno).expect("create");
        fill(&mut w, pgno as u8);
    }
    let index_of = |pgno: u32| c.table.lock().lookup(pgno).expect("resident");
    let two = index_of(2);
    // Page 1 was evicted; its hint is pointed at the frame of page 2.
    c.set_hint(1, two);
    let held = c.write(2).expect("latch page 2");
    let one = c.read(1).expect("read page 1");
    assert_eq!(one[PS - 1], 1, "page 1's bytes, not page 2's");
    drop(one);
    drop(held);
    // A fresh hint is taken, for reads and writes alike.
    let hits = c.stats().hits;
    assert_eq!(c.read(1).expect("read")[PS - 1], 1);
    assert_eq!(c.write(1).expect("write")[PS - 1], 1);
    assert_eq!(c.stats().hits, hits + 2);
}

#[test]
fn a_hinted_read_guard_keeps_its_page_by_the_latch_alone() {
    let (_fs, file) = new_file();
    let c = cache(&file, 2);
    for pgno in 1..=2u32 {
        let mut w = c.create(pgno).expect("create");
        fill(&mut w, pgno as u8);
    }
    c.flush_all().expect("flush");
    let index = c.table.lock().lookup(1).expect("resident");
    let held = c.read(1).expect("read page 1");
    assert_eq!(
        c.frames[index].pins(),
        0,
        "served by the hint, without a pin"
    );
    // Other pages pass through the cache while the guard lives: none takes its frame.
    for pgno in 3..=6u32 {
        let mut w = c.create(pgno).expect("create");
        fill(&mut w, pgno as u8);
        drop(w);
        c.flush_all().expect("flush");
    }
    assert_eq!(held[PS - 1], 1);
    assert_eq!(c.table.lock().lookup(1), Some(index));
    drop(held);
    assert_eq!(c.read(1).expect("read")[PS - 1], 1);
}

/// A borrowed look at a page sees the same bytes as a guard, through the hint
/// (counted as a hit, no pin left behind), past a stale hint, from the file
/// when the page is not resident, and refuses what `read` refuses.
#[test]
fn with_read_sees_what_read_sees() {
    let (_fs, file) = new_file();
    let c = cache(&file, 2);
    for pgno in 1..=3u32 {
        let mut w = c.create(pgno).expect("create");
        fill(&mut w, pgno as u8);
    }
    c.flush_all().expect("flush");
    let index_of = |pgno: u32| c.table.lock().lookup(pgno);
    // Page 3 is resident: the hint serves it.
    let hits = c.stats().hits;
    let last = c.with_read(3, |b| b[PS - 1]).expect("look at page 3");
    assert_eq!(last, 3);
    assert_eq!(c.stats().hits, hits + 1);
    let three = index_of(3).expect("page 3 resident");
    assert_eq!(c.frames[three].pins(), 0, "nothing stays pinned");
    // Page 1 was evicted (2 frames); its hint is pointed at page 3's frame.
    assert_eq!(index_of(1), None);
    c.set_hint(1, three);
    assert_eq!(c.with_read(1, |b| b[PS - 1]).expect("look at page 1"), 1);
    assert_eq!(c.read(1).expect("read page 1")[PS - 1], 1);
    // While a writer holds a page, a look goes the locked way and waits for it;
    // from the same thread, a look at another page is not disturbed.
    let held = c.write(1).expect("latch page 1");
    let other = if index_of(2).is_some() { 2 } else { 3 };
    assert_eq!(
        c.with_read(other, |b| b[PS - 1])
            .expect("look at another page"),
        other as u8
    );
    drop(held);
    assert_eq!(
        c.with_read(0, |b| b.len()).expect_err("page 0").code(),
        ErrorCode::InvalidParameter
    );
}

/// A dirty frame whose page cannot be written yet (changed by a step that is not
/// in the log) is passed over, not chosen again and again: with every frame dirty
/// and one of them waiting for its step, requests for new pages write back the
/// others and get frames. Before, the clock's hand stopped on the frame it chose,
/// chose it again after every failed write-back and gave up with
/// `JET_errOutOfBuffers`, which failed the instance (a run of table creations in
/// a small cache met it).
#[test]
fn a_victim_that_cannot_be_written_yet_is_passed_over() {
    for pending in 1..=4u32 {
        let (_fs, file) = new_file();
        let c = cache(&file, 4);
        for pgno in 1..=4u32 {
            let mut w = c.create(pgno).expect("create");
            fill(&mut w, pgno as u8);
            w.set_lsn(if pgno == pending { LSN_PENDING } else { 1 });
        }
        for pgno in 5..=40u32 {
            let mut w = c
                .create(pgno)
                .unwrap_or_else(|e| panic!("page {pending} pending, page {pgno}: {e}"));
            fill(&mut w, pgno as u8);
            w.set_lsn(1);
        }
        // The waiting page stayed, unwritten; the others reached the file.
        let w = c.read(pending).expect("still resident");
        assert_eq!(w[200], pending as u8);
        assert_eq!(disk_page(&file, pending)[200], 0, "written before its step");
        let other = if pending == 1 { 2 } else { 1 };
        assert_eq!(disk_page(&file, other)[200], other as u8);
    }
}

#[test]
fn cache_read_at_a_remembered_frame_checks_that_it_holds_the_page() {
    let (_fs, file) = new_file();
    let c = cache(&file, 4);
    fill(&mut c.create(1).expect("create"), 7);
    fill(&mut c.create(2).expect("create"), 9);
    let byte = |b: &[u8]| b[200];
    // No frame remembered: the cache finds it and names its frame.
    let (v, f1) = c.with_read_at(1, 0, byte).expect("read");
    assert_eq!(v, 7);
    let index = c.table.lock().lookup(1).expect("resident");
    assert_eq!(f1 as usize, index + 1);
    // The remembered frame serves.
    assert_eq!(c.with_read_at(1, f1, byte).expect("read"), (7, f1));
    // Another page's frame, or one past the cache, is checked and not taken.
    let (v, f2) = c.with_read_at(2, f1, byte).expect("read");
    assert_eq!(v, 9);
    assert_ne!(f2, f1);
    assert_eq!(c.with_read_at(2, 99, byte).expect("read"), (9, f2));
    // A page no longer in its frame (evicted by four others) is read again.
    for p in 3..=6 {
        fill(&mut c.create(p).expect("create"), p as u8);
    }
    let _ = c.flush_all();
    let (v, _) = c.with_read_at(1, f1, byte).expect("read");
    assert_eq!(v, 7);
}

#[test]
fn cache_write_at_a_remembered_frame_checks_that_it_holds_the_page() {
    let (_fs, file) = new_file();
    let c = cache(&file, 4);
    fill(&mut c.create(1).expect("create"), 7);
    fill(&mut c.create(2).expect("create"), 9);
    let index = |p: u32| c.table.lock().lookup(p).expect("resident") as u32 + 1;
    // No frame remembered: the page is found through its hint, its frame named.
    let (w, f1) = c.write_at(1, 0).expect("write");
    assert_eq!((w[200], f1), (7, index(1)));
    drop(w);
    // The remembered frame serves, and the change lands on the page.
    let (mut w, f) = c.write_at(1, f1).expect("write");
    assert_eq!(f, f1);
    w[201] = 70;
    drop(w);
    assert_eq!(c.read(1).expect("read")[201], 70);
    // Another page's frame, or one past the cache, is checked and not taken.
    let (w, f2) = c.write_at(2, f1).expect("write");
    assert_eq!((w[200], f2), (9, index(2)));
    drop(w);
    let (w, f) = c.write_at(2, 99).expect("write");
    assert_eq!((w[200], f), (9, f2));
    drop(w);
    // A page no longer in its frame (evicted by four others) is read again; the
    // frame it lands in is then not known.
    for p in 3..=6 {
        fill(&mut c.create(p).expect("create"), p as u8);
    }
    let _ = c.flush_all();
    for p in 3..=6 {
        drop(c.read(p).expect("read"));
    }
    let (w, _) = c.write_at(1, f1).expect("write");
    assert_eq!((w[200], w[201]), (7, 70));
    drop(w);
    // A page past the end of the file is refused as `write` refuses it.
    assert_eq!(
        c.write_at(1 << 20, 0).map(|_| ()).map_err(|e| e.code()),
        c.write(1 << 20).map(|_| ()).map_err(|e| e.code())
    );
}

/// A file that counts its hand-overs to the device and can fail them.
#[derive(Debug)]
struct BehindFile {
    inner: Arc<dyn File>,
    behinds: AtomicUsize,
    fail: AtomicBool,
}

impl File for BehindFile {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<()> {
        self.inner.read_at(offset, buf)
    }
    fn write_at(&self, offset: u64, buf: &[u8]) -> std::io::Result<()> {
        self.inner.write_at(offset, buf)
    }
    fn len(&self) -> std::io::Result<u64> {
        self.inner.len()
    }
    fn set_len(&self, len: u64) -> std::io::Result<()> {
        self.inner.set_len(len)
    }
    fn sync_data(&self) -> std::io::Result<()> {
        self.inner.sync_data()
    }
    fn write_behind(&self) -> std::io::Result<()> {
        self.behinds.fetch_add(1, Ordering::SeqCst);
        if self.fail.load(Ordering::SeqCst) {
            return Err(std::io::Error::other("injected"));
        }
        Ok(())
    }
}

/// A cache of 1,024 frames over a [`BehindFile`] whose hand-overs fail if
/// `fail`; the file system is returned to be kept.
fn behind_cache(fail: bool) -> (MemFs, Arc<BehindFile>, BufferCache) {
    let (fs, inner) = new_file();
    let bf = Arc::new(BehindFile {
        inner,
        behinds: Default::default(),
        fail: AtomicBool::new(fail),
    });
    let file: Arc<dyn File> = bf.clone();
    let c = cache(&file, 1024);
    (fs, bf, c)
}

/// Dirties `n` pages from `first` on and writes them as a checkpoint does.
fn checkpoint_pages(c: &BufferCache, first: u32, n: u32) -> Result<()> {
    for pgno in first..first + n {
        fill(&mut c.create(pgno)?, 3);
    }
    let busy = c.write_dirty(&c.dirty_now(), true)?;
    assert!(busy.is_empty());
    Ok(())
}

#[test]
fn cache_checkpoint_hands_pages_to_the_device_unless_a_backup_reads() {
    let (_fs, bf, c) = behind_cache(false);
    let per = CHECKPOINT_BEHIND_BYTES / PS;
    // Three and a half hand-overs' worth of pages: three hand-overs.
    checkpoint_pages(&c, 1, (per * 7 / 2) as u32).expect("checkpoint");
    assert_eq!(bf.behinds.load(Ordering::SeqCst), 3);
    assert_eq!(c.dirty_pages(), 0);
    // A streaming backup reading the file: the pages are left to the sync.
    let mut buf = vec![0u8; PS];
    c.read_for_backup(1, &mut buf).expect("backup read");
    checkpoint_pages(&c, 500, (per * 2) as u32).expect("checkpoint");
    assert_eq!(bf.behinds.load(Ordering::SeqCst), 3);
    assert_eq!(c.dirty_pages(), 0);
}

#[test]
fn cache_failed_hand_over_fails_the_cache() {
    let (_fs, bf, c) = behind_cache(true);
    let per = CHECKPOINT_BEHIND_BYTES / PS;
    let err = checkpoint_pages(&c, 1, per as u32).expect_err("hand-over failed");
    assert_eq!(bf.behinds.load(Ordering::SeqCst), 1);
    assert!(c.is_failed(), "{err}");
    assert!(c.sync_file().is_err());
}
