//! Buffer cache throughput: resident hits, misses with eviction (checksum verified on
//! each read), writes with eviction (checksum computed on each write-back), and hits
//! from two threads. Runs on `MemFs`, so it measures the cache, not a disk.
//!
//! Run with `cargo bench -p ese --bench cache`. Numbers are for comparison between
//! versions on one machine; nothing here is asserted.

use ese::cache::{BufferCache, NoWal};
use ese_os::{File, FileSystem, MemFs, OpenOptions, Rng, SplitMix64};
use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::thread;
use std::time::Instant;

const PS: usize = 8192;
const PAGES: u32 = 4096;
const FRAMES: usize = 256;

/// A cache over a file of `PAGES` written pages.
fn setup() -> Arc<BufferCache> {
    let fs = MemFs::new();
    let file: Arc<dyn File> = Arc::from(
        fs.open(Path::new("/bench.edb"), OpenOptions::create_new())
            .expect("create"),
    );
    let cache = BufferCache::new(file, PS, FRAMES, Arc::new(NoWal)).expect("cache");
    for pgno in 1..=PAGES {
        cache.create(pgno).expect("create")[200..208]
            .copy_from_slice(&pgno.to_le_bytes().repeat(2));
    }
    cache.flush_all().expect("flush");
    Arc::new(cache)
}

fn report(name: &str, ops: u64, start: Instant) {
    let elapsed = start.elapsed();
    let ns = elapsed.as_nanos() as f64 / ops as f64;
    println!(
        "{name:<28} {ops:>9} ops  {ns:>9.0} ns/op  {:>10.0} ops/s",
        ops as f64 / elapsed.as_secs_f64()
    );
}

fn hits(cache: &BufferCache) {
    let ops = 1_000_000u64;
    let resident: Vec<u32> = (1..=64).collect();
    for &p in &resident {
        cache.read(p).expect("warm");
    }
    let start = Instant::now();
    for i in 0..ops {
        let page = cache.read(resident[(i % 64) as usize]).expect("hit");
        black_box(page[200]);
    }
    report("read hit", ops, start);
}

fn misses(cache: &BufferCache) {
    let ops = 100_000u64;
    let mut rng = SplitMix64::new(1);
    let start = Instant::now();
    for _ in 0..ops {
        let pgno = 1 + rng.gen_range(0..u64::from(PAGES)) as u32;
        black_box(cache.read(pgno).expect("read")[200]);
    }
    report("read, mostly misses", ops, start);
}

fn writes(cache: &BufferCache) {
    let ops = 100_000u64;
    let mut rng = SplitMix64::new(2);
    let start = Instant::now();
    for _ in 0..ops {
        let pgno = 1 + rng.gen_range(0..u64::from(PAGES)) as u32;
        cache.write(pgno).expect("write")[300] ^= 1;
    }
    cache.flush_all().expect("flush");
    report("write + evict + flush", ops, start);
}

fn shared_hits(cache: &Arc<BufferCache>) {
    let per_thread = 500_000u64;
    let start = Instant::now();
    let threads: Vec<_> = (0..2u32)
        .map(|t| {
            let cache = Arc::clone(cache);
            thread::spawn(move || {
                for i in 0..per_thread {
                    let pgno = 1 + (t * 32 + (i % 32) as u32);
                    black_box(cache.read(pgno).expect("hit")[200]);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("bench thread");
    }
    report("read hit, 2 threads", 2 * per_thread, start);
}

fn main() {
    let cache = setup();
    hits(&cache);
    misses(&cache);
    writes(&cache);
    shared_hits(&cache);
    println!("{:?}", cache.stats());
}
