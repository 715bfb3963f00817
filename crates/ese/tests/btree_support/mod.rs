//! Shared helpers of the B-tree and space tests: an in-memory database with a
//! cache, keys and data from a seeded generator.
#![allow(dead_code)]

use ese::btree::{self, BTree, PageAllocator, TreeEnv, TreeInfo, TreeKind};
use ese::cache::{BufferCache, NoWal};
use ese::space::{SpaceManager, SpaceParams};
use ese_os::{FileSystem, MemFs, OpenOptions};
use std::path::Path;
use std::sync::atomic::{AtomicU32, AtomicU64};
use std::sync::{Arc, Mutex};

/// SplitMix64.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// A key: varied lengths, shared prefixes. Non-unique trees get prefix-free keys
/// (no key is a proper prefix of another: they end in a 0x00 found nowhere else).
pub fn random_key(rng: &mut Rng, unique: bool) -> Vec<u8> {
    let n = rng.below(3000);
    key_of(n, rng, unique)
}

/// A key for number `n`, of a length picked by `rng`.
pub fn key_of(n: u64, rng: &mut Rng, unique: bool) -> Vec<u8> {
    let mut k = Vec::new();
    match rng.below(4) {
        0 => k.extend_from_slice(b"common-prefix/"),
        1 => k.extend_from_slice(b"c"),
        _ => {}
    }
    k.extend_from_slice(&(n as u32).to_be_bytes());
    let extra = match rng.below(10) {
        0..=5 => 0,
        6..=8 => rng.below(20),
        _ => rng.below(200),
    };
    for i in 0..extra {
        k.push(((n + i) % 251 + 1) as u8);
    }
    if !unique {
        for b in k.iter_mut() {
            if *b == 0 {
                *b = 0xFF;
            }
        }
        k.push(0);
    }
    k
}

/// Data of a random length, now and then near the largest a node holds.
pub fn random_data(rng: &mut Rng, max: usize) -> Vec<u8> {
    let len = match rng.below(100) {
        0 => max - rng.below(16) as usize,
        1..=4 => rng.below(max as u64 / 2) as usize + 1,
        _ => rng.below(60) as usize + 1,
    };
    let seed = rng.next();
    (0..len).map(|i| (seed as usize + i * 31) as u8).collect()
}

/// An allocator handing out pages past a counter, reusing freed ones.
#[derive(Debug)]
pub struct SimpleAlloc {
    next: AtomicU32,
    free: Mutex<Vec<u32>>,
}

impl SimpleAlloc {
    pub fn new(first: u32) -> SimpleAlloc {
        SimpleAlloc {
            next: AtomicU32::new(first),
            free: Mutex::new(Vec::new()),
        }
    }
    pub fn high(&self) -> u32 {
        self.next.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl PageAllocator for SimpleAlloc {
    fn allocate(&self, _: &TreeInfo, _: u32, count: usize) -> ese::Result<Vec<u32>> {
        let mut free = self.free.lock().unwrap();
        Ok((0..count)
            .map(|_| {
                free.pop()
                    .unwrap_or_else(|| self.next.fetch_add(1, std::sync::atomic::Ordering::SeqCst))
            })
            .collect())
    }
    fn release(&self, _: &TreeInfo, pages: &[u32]) -> ese::Result<()> {
        self.free.lock().unwrap().extend_from_slice(pages);
        Ok(())
    }
}

/// An in-memory database file with a cache and a space manager.
pub struct TestDb {
    pub fs: MemFs,
    pub cache: Arc<BufferCache>,
    pub env: TreeEnv,
    pub space: Arc<SpaceManager>,
    objid: AtomicU32,
}

impl TestDb {
    pub fn new(page_size: usize, frames: usize, seed: u64) -> TestDb {
        TestDb::with_sink(page_size, frames, seed, Arc::new(btree::NoSink))
    }

    /// A database whose page changes are told to `sink`.
    pub fn with_sink(
        page_size: usize,
        frames: usize,
        _seed: u64,
        sink: Arc<dyn btree::PageChangeSink>,
    ) -> TestDb {
        let fs = MemFs::new();
        let file = fs
            .open(Path::new("/t.edb"), OpenOptions::create_new())
            .expect("create");
        let cache = Arc::new(
            BufferCache::new(Arc::from(file), page_size, frames, Arc::new(NoWal)).expect("cache"),
        );
        let mut env = TreeEnv::new(cache.clone(), Arc::new(AtomicU64::new(0)));
        env.sink = sink;
        let params = SpaceParams::default();
        let space =
            Arc::new(SpaceManager::create_database(env.clone(), params, 64).expect("create db"));
        TestDb {
            fs,
            cache,
            env,
            space,
            objid: AtomicU32::new(2),
        }
    }

    /// A new table (unique) or non-unique index tree under the database root.
    pub fn new_tree(&self, unique: bool) -> BTree {
        let objid = self.objid.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let kind = if unique {
            TreeKind::Table
        } else {
            TreeKind::Index { unique: false }
        };
        let fdp = self
            .space
            .create_fdp(1, objid, 4, false, kind)
            .expect("create fdp");
        BTree::open(&self.env, self.space.clone(), fdp, btree::DEFAULT_DENSITY).expect("open")
    }

    pub fn check_space(&self) {
        ese::space::check(&self.env).unwrap_or_else(|e| panic!("space check: {e}"));
    }
}

#[path = "../common/mod.rs"]
mod common;

// Not every test crate uses both.
#[allow(unused_imports)]
pub use common::{sample_bytes, SAMPLES};

/// A sample opened through the cache: the file system, the file's path, the
/// environment (dbtime from the header) and the space manager.
pub struct SampleDb {
    pub fs: MemFs,
    pub path: std::path::PathBuf,
    pub env: TreeEnv,
    pub space: Arc<SpaceManager>,
}

impl SampleDb {
    pub fn open(name: &str, frames: usize) -> SampleDb {
        let bytes = sample_bytes(name);
        let fs = MemFs::new();
        let path = std::path::PathBuf::from(format!("/{name}"));
        let f = fs.open(&path, OpenOptions::create_new()).expect("create");
        f.write_at(0, &bytes).expect("write");
        let page_size = u32::from_le_bytes(bytes[236..240].try_into().unwrap()) as usize;
        let dbtime = u64::from_le_bytes(bytes[16..24].try_into().unwrap());
        // Some pages carry dbtimes past the header's (dirty files): start above all.
        let max_page = bytes
            .chunks(page_size)
            .skip(2)
            .map(|p| u64::from_le_bytes(p[8..16].try_into().unwrap()))
            .max()
            .unwrap_or(0);
        let cache = Arc::new(
            BufferCache::new(Arc::from(f), page_size, frames, Arc::new(NoWal)).expect("cache"),
        );
        let env = TreeEnv::new(cache, Arc::new(AtomicU64::new(dbtime.max(max_page))));
        let space =
            Arc::new(SpaceManager::open(env.clone(), SpaceParams::default()).expect("space"));
        SampleDb {
            fs,
            path,
            env,
            space,
        }
    }
}
