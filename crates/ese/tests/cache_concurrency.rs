//! The buffer cache under concurrent readers, writers and a background flusher,
//! checked against a model: no lost write, no torn page seen through a latch, no
//! deadlock (a watchdog fails the test instead of hanging), memory bounded.
//!
//! Each run prints its seed; `ESE_CACHE_SEED=<n>` replays one.

use ese::cache::{BufferCache, NoWal, PageRead};
use ese::ErrorCode;
use ese_os::{File, FileSystem, MemFs, OpenOptions, Rng, SimFs, SplitMix64, TearPolicy};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::thread;
use std::time::Duration;

const PS: usize = 4096;
const PAGES: u32 = 160;
const FRAMES: usize = 48;
const THREADS: u64 = 8;
const OPS: u64 = 3000;
/// Where the tests' page bytes start: past the page header.
const BODY: usize = 128;

/// The model: how many increments each page received (index = pgno).
type Model = Arc<Vec<AtomicU64>>;

fn counter(page: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&page[BODY..BODY + 8]);
    u64::from_le_bytes(b)
}

/// Writes counter `n` and a filler derived from it over the rest of the page.
fn set_counter(page: &mut [u8], n: u64) {
    page[BODY..BODY + 8].copy_from_slice(&n.to_le_bytes());
    page[BODY + 8..].fill(n as u8 ^ 0xA5);
}

/// A page seen through a latch is never half-changed.
fn assert_whole(page: &[u8]) {
    let n = counter(page);
    assert!(
        page[BODY + 8..].iter().all(|b| *b == n as u8 ^ 0xA5),
        "a page with counter {n} was seen half-written"
    );
}

fn increment(cache: &BufferCache, model: &Model, pgno: u32) {
    let mut page = cache.write(pgno).expect("write");
    assert_whole(&page);
    let n = counter(&page) + 1;
    set_counter(&mut page, n);
    model[pgno as usize].fetch_add(1, Ordering::SeqCst);
}

fn worker(cache: Arc<BufferCache>, model: Model, seed: u64) {
    let mut rng = SplitMix64::new(seed);
    for _ in 0..OPS {
        let pgno = 1 + rng.gen_range(0..u64::from(PAGES)) as u32;
        match rng.gen_range(0..100) {
            0..=49 => {
                let page: PageRead = cache.read(pgno).expect("read");
                assert_whole(&page);
                assert_eq!(page.pgno(), pgno);
            }
            50..=79 => increment(&cache, &model, pgno),
            80..=93 => {
                // Two pages latched at once, always in ascending order.
                let other = 1 + rng.gen_range(0..u64::from(PAGES)) as u32;
                if other == pgno {
                    continue;
                }
                let (lo, hi) = (pgno.min(other), pgno.max(other));
                let first = cache.write(lo).expect("write lo");
                let second = cache.read(hi).expect("read hi");
                assert_whole(&first);
                assert_whole(&second);
                drop(second);
                drop(first);
                increment(&cache, &model, lo);
            }
            94..=97 => {
                // A guard finished on another thread.
                let page = cache.read(pgno).expect("read");
                thread::scope(|s| {
                    s.spawn(move || {
                        assert_whole(&page);
                        drop(page);
                    });
                });
            }
            98 => {
                cache.flush_some(4).expect("flush_some");
            }
            _ => {
                // Holding no guard, so waiting for other threads' latches is allowed.
                cache.flush_all().expect("flush_all");
            }
        }
        assert!(cache.resident_pages() <= FRAMES);
    }
}

/// Runs the workload on `file` and checks the result against the model.
fn run(file: Arc<dyn File>, seed: u64) -> Model {
    let cache = Arc::new(BufferCache::new(file, PS, FRAMES, Arc::new(NoWal)).expect("cache"));
    for pgno in 1..=PAGES {
        set_counter(&mut cache.create(pgno).expect("create"), 0);
    }
    cache.flush_all().expect("initial flush");
    let model: Model = Arc::new((0..=PAGES).map(|_| AtomicU64::new(0)).collect());
    let stop = Arc::new(AtomicBool::new(false));
    let flusher = {
        let (cache, stop) = (Arc::clone(&cache), Arc::clone(&stop));
        thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                cache.flush_some(8).expect("background flush");
                thread::yield_now();
            }
        })
    };
    let (done_tx, done_rx) = mpsc::channel();
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let (cache, model, done) = (Arc::clone(&cache), Arc::clone(&model), done_tx.clone());
            thread::spawn(move || {
                worker(cache, model, seed.wrapping_mul(31).wrapping_add(t));
                let _ = done.send(t);
            })
        })
        .collect();
    drop(done_tx);
    for _ in 0..THREADS {
        match done_rx.recv_timeout(Duration::from_secs(120)) {
            Ok(_) => {}
            Err(mpsc::RecvTimeoutError::Timeout) => {
                panic!("seed {seed}: a worker is stuck (deadlock?)")
            }
            // A worker panicked: its join below reports why.
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    for w in workers {
        w.join().expect("worker panicked");
    }
    stop.store(true, Ordering::Relaxed);
    flusher.join().expect("flusher panicked");

    for pgno in 1..=PAGES {
        let page = cache.read(pgno).expect("final read");
        assert_eq!(
            counter(&page),
            model[pgno as usize].load(Ordering::SeqCst),
            "seed {seed}: page {pgno} lost a write"
        );
    }
    cache.flush_all().expect("final flush");
    assert_eq!(cache.dirty_pages(), 0);
    assert_eq!(cache.frame_count(), FRAMES);
    let stats = cache.stats();
    assert!(
        stats.evictions > 0 && stats.writes > u64::from(PAGES),
        "{stats:?}"
    );
    model
}

/// Checks the file's pages against the model through a fresh cache.
fn check_reopened(file: Arc<dyn File>, model: &Model, seed: u64) {
    let cache = BufferCache::new(file, PS, 8, Arc::new(NoWal)).expect("reopen");
    for pgno in 1..=PAGES {
        let page = cache.read(pgno).expect("reread");
        assert_eq!(
            counter(&page),
            model[pgno as usize].load(Ordering::SeqCst),
            "seed {seed}: page {pgno} differs after reopen"
        );
    }
}

fn seeds() -> Vec<u64> {
    match std::env::var("ESE_CACHE_SEED") {
        Ok(s) => vec![s.parse().expect("ESE_CACHE_SEED is a number")],
        Err(_) => vec![1, 2],
    }
}

fn open(fs: &dyn FileSystem, opts: OpenOptions) -> Arc<dyn File> {
    Arc::from(fs.open(Path::new("/db.edb"), opts).expect("open"))
}

#[test]
fn cache_concurrent_readers_and_writers_lose_nothing_on_memfs() {
    for seed in seeds() {
        println!("cache concurrency seed {seed} (MemFs)");
        let fs = MemFs::new();
        let model = run(open(&fs, OpenOptions::create_new()), seed);
        check_reopened(open(&fs, OpenOptions::read_write()), &model, seed);
    }
}

#[test]
fn cache_concurrent_run_is_durable_after_flush_on_simfs() {
    for seed in seeds() {
        println!("cache concurrency seed {seed} (SimFs)");
        let fs = SimFs::new();
        let file = open(&fs, OpenOptions::create_new());
        fs.sync_dir(Path::new("/")).expect("sync dir");
        let model = run(file, seed);
        fs.power_cut_with(seed, TearPolicy::Default);
        check_reopened(open(&fs, OpenOptions::read_write()), &model, seed);
    }
}

#[test]
fn cache_out_of_buffers_is_an_error_not_a_hang() {
    let fs = MemFs::new();
    let cache = Arc::new(
        BufferCache::new(open(&fs, OpenOptions::create_new()), PS, 4, Arc::new(NoWal))
            .expect("cache"),
    );
    let guards: Vec<_> = (1..=4).map(|p| cache.create(p).expect("create")).collect();
    let c = Arc::clone(&cache);
    let err = thread::spawn(move || c.read(9).map(drop))
        .join()
        .expect("thread")
        .expect_err("every frame is latched");
    assert_eq!(err.code(), ErrorCode::OutOfBuffers);
    drop(guards);
    cache.create(9).expect("frames are free again");
}
