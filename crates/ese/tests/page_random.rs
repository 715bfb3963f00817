//! Random insert/replace/delete sequences on one page against a `Vec` model, on every
//! page size and page kind. After every step the page must pass ESE's checks, read
//! back equal to the model through `format::page::Page`, report exactly the free
//! space it has (a node of exactly that size fits, one byte more does not) and
//! verify after its checksum is written. Seeds are printed; set `PAGE_SEED` to
//! replay one run.

use ese::format::checksum::{verify_page, PageCheck};
use ese::format::page::{flags, node_flags, PageHeader, TAG_SIZE};
use ese::page::{node_size, NewPage, NoSpace, NodeSpec, PageMut};

/// xorshift64*: small, deterministic, good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// The page kinds that differ in how the key prefix works.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// A leaf below the root: the external header is the key prefix.
    Leaf,
    /// A branch below the root: the same prefix rule.
    Branch,
    /// A tree's root (FDP): the external header is the space header, no prefix.
    FdpRoot,
    /// A space tree's root: split buffer, then the prefix.
    SpaceRoot,
}

impl Kind {
    fn page_flags(self) -> u32 {
        match self {
            Kind::Leaf => flags::LEAF,
            Kind::Branch => flags::PARENT_OF_LEAF,
            Kind::FdpRoot => flags::ROOT | flags::LEAF,
            Kind::SpaceRoot => flags::ROOT | flags::LEAF | flags::SPACE_TREE,
        }
    }
    /// Bytes of the external header before the prefix.
    fn header_len(self) -> usize {
        match self {
            Kind::Leaf | Kind::Branch => 0,
            Kind::FdpRoot => 16,
            Kind::SpaceRoot => 16,
        }
    }
    fn has_prefix(self) -> bool {
        !matches!(self, Kind::FdpRoot)
    }
}

#[derive(Debug, Clone)]
struct ModelNode {
    flags: u8,
    prefix_len: usize,
    suffix: Vec<u8>,
    data: Vec<u8>,
}

impl ModelNode {
    fn spec(&self) -> NodeSpec<'_> {
        NodeSpec::new(self.prefix_len, &self.suffix, &self.data).with_flags(self.flags)
    }
}

struct Run {
    size: usize,
    kind: Kind,
    seed: u64,
    rng: Rng,
    ext: Vec<u8>,
    nodes: Vec<ModelNode>,
    uncommitted: usize,
    /// How many inserts or replaces did not fit.
    no_space: usize,
    buf: Vec<u8>,
}

const PGNO: u32 = 77;

/// Opens the run's page; a macro so that only the `buf` field is borrowed.
macro_rules! page {
    ($run:expr) => {
        PageMut::open(&mut $run.buf, PGNO).unwrap()
    };
}

impl Run {
    fn new(size: usize, kind: Kind, seed: u64) -> Run {
        let mut buf = vec![0u8; size];
        PageMut::init(
            &mut buf,
            PGNO,
            &NewPage {
                objid_fdp: 5,
                flags: kind.page_flags(),
                dbtime: seed,
                prev: 0,
                next: 0,
            },
        )
        .unwrap();
        let mut run = Run {
            size,
            kind,
            seed,
            rng: Rng(seed | 1),
            ext: Vec::new(),
            nodes: Vec::new(),
            uncommitted: 0,
            no_space: 0,
            buf,
        };
        let ext = run.new_ext(0);
        run.set_ext(ext);
        run
    }

    fn ctx(&self, step: usize) -> String {
        format!(
            "size {} kind {:?} seed {:#x} step {step}",
            self.size, self.kind, self.seed
        )
    }

    /// The key prefix part of the external header.
    fn prefix(&self) -> &[u8] {
        if self.kind.has_prefix() {
            &self.ext[self.kind.header_len()..]
        } else {
            &[]
        }
    }

    /// A new external header whose prefix covers at least `min_prefix` bytes.
    fn new_ext(&mut self, min_prefix: usize) -> Vec<u8> {
        let mut ext = self.rng.bytes(self.kind.header_len());
        if self.kind.has_prefix() {
            let len = min_prefix.max(self.rng.below(24));
            // A small alphabet makes shared prefixes likely.
            ext.extend((0..len).map(|_| b'a' + self.rng.below(3) as u8));
        }
        ext
    }

    fn set_ext(&mut self, ext: Vec<u8>) {
        let placed = page!(self).set_external_header(&ext).unwrap();
        if placed.is_ok() {
            self.ext = ext;
        }
    }

    /// A random node: a key often sharing the page prefix, data of mixed sizes.
    fn random_node(&mut self) -> ModelNode {
        let max_data = self.size / 6;
        let data_len = match self.rng.below(100) {
            0..=69 => 1 + self.rng.below(40),
            70..=94 => 40 + self.rng.below(self.size / 10),
            _ => 400 + self.rng.below(max_data - 400),
        };
        let prefix = self.prefix().to_vec();
        let shared = self.rng.below(prefix.len() + 1);
        let mut key = prefix[..shared].to_vec();
        let extra = 1 + self.rng.below(12);
        key.extend((0..extra).map(|_| b'a' + self.rng.below(4) as u8));
        let spec = NodeSpec::for_key(&prefix, &key, &[0]);
        let flags = self.rng.below(4) as u8 & (node_flags::VERSIONED | node_flags::DELETED);
        ModelNode {
            flags,
            prefix_len: spec.prefix_len,
            suffix: spec.suffix.to_vec(),
            data: self.rng.bytes(data_len),
        }
    }

    fn step(&mut self, step: usize) {
        let ctx = self.ctx(step);
        let before = self.buf.clone();
        let n = self.nodes.len();
        match self.rng.below(100) {
            0..=44 => {
                let node = self.random_node();
                let i = self.rng.below(n + 1);
                let needed = node_size(&node.spec()) + TAG_SIZE;
                let mut p = page!(self);
                let free = p.free_space();
                match p.insert_node(i, &node.spec()).unwrap() {
                    Ok(()) => self.nodes.insert(i, node),
                    Err(NoSpace {
                        needed: nd,
                        available,
                    }) => {
                        assert_eq!((nd, available), (needed, free), "{ctx}");
                        assert!(needed > free, "{ctx}");
                        self.no_space += 1;
                        assert_eq!(self.buf, before, "{ctx}: NoSpace changed the page");
                    }
                }
            }
            45..=59 if n > 0 => {
                let i = self.rng.below(n);
                let node = self.random_node();
                let mut p = page!(self);
                if p.replace_node(i, &node.spec()).unwrap().is_ok() {
                    self.nodes[i] = node;
                } else {
                    assert_eq!(self.buf, before, "{ctx}: NoSpace changed the page");
                    self.no_space += 1;
                }
            }
            60..=69 if n > 0 => {
                let i = self.rng.below(n);
                let len = 1 + self.rng.below(200);
                let data = self.rng.bytes(len);
                if page!(self).replace_node_data(i, &data).unwrap().is_ok() {
                    self.nodes[i].data = data;
                }
            }
            70..=86 if n > 0 => {
                let i = self.rng.below(n);
                page!(self).delete_node(i).unwrap();
                self.nodes.remove(i);
            }
            87..=91 if n > 0 => {
                let i = self.rng.below(n);
                let f = self.rng.below(4) as u8;
                page!(self).set_node_flags(i, f).unwrap();
                self.nodes[i].flags = f;
            }
            92..=94 => {
                let min = self.nodes.iter().map(|m| m.prefix_len).max().unwrap_or(0);
                let ext = self.new_ext(min);
                self.set_ext(ext);
            }
            95..=96 => page!(self).reorganize().unwrap(),
            97..=98 => {
                let cb_free = usize::from(page!(self).header().cb_free);
                let unc = if self.rng.chance(50) {
                    0
                } else {
                    self.rng.below(cb_free.min(300) + 1)
                };
                page!(self).set_uncommitted_free(unc).unwrap();
                self.uncommitted = unc;
            }
            _ => {}
        }
        self.verify(&ctx);
    }

    fn verify(&mut self, ctx: &str) {
        let size = self.size;
        let ext_len = self.ext.len();
        let used: usize = self.nodes.iter().map(|m| node_size(&m.spec())).sum();
        let prefix = self.prefix().to_vec();
        let p = page!(self);
        p.check().unwrap_or_else(|e| panic!("{ctx}: {e}"));
        let page = p.page().unwrap();
        assert_eq!(page.external_header().unwrap(), &self.ext[..], "{ctx}");
        assert_eq!(p.key_prefix(), page.key_prefix().unwrap(), "{ctx}");
        assert_eq!(page.node_count(), self.nodes.len(), "{ctx}");
        for (i, m) in self.nodes.iter().enumerate() {
            let node = page.node(i).unwrap();
            assert_eq!(node.flags, m.spec().stored_flags(), "{ctx} node {i}");
            let mut key = prefix[..m.prefix_len].to_vec();
            key.extend_from_slice(&m.suffix);
            assert_eq!(page.node_key(i).unwrap(), key, "{ctx} node {i}");
            assert_eq!(p.node_key(i).unwrap(), key, "{ctx} node {i}");
            assert_eq!(p.node(i).unwrap(), node, "{ctx} node {i}");
            assert_eq!(node.data, &m.data[..], "{ctx} node {i}");
        }
        // Free space: everything but header, tags, lines and uncommitted bytes.
        let tags = 1 + self.nodes.len();
        let expected =
            size - PageHeader::size_for(size) - TAG_SIZE * tags - ext_len - used - self.uncommitted;
        assert_eq!(p.free_space(), expected, "{ctx}");
        let free = p.free_space();
        self.probe_exact_fit(free, ctx);
        let mut copy = self.buf.clone();
        let mut c = PageMut::open(&mut copy, PGNO).unwrap();
        c.finish_checksum();
        assert_eq!(verify_page(&copy, PGNO), PageCheck::Ok, "{ctx}");
    }

    /// A node of exactly `free` bytes (tag included) fits; one byte more does not.
    fn probe_exact_fit(&self, free: usize, ctx: &str) {
        // The smallest node is 4 bytes (counts, 1-byte key, 1 byte data) + its tag.
        if free < 4 + TAG_SIZE {
            return;
        }
        let data = vec![0x5Au8; free - TAG_SIZE - 3];
        let spec = NodeSpec::new(0, b"~", &data);
        assert_eq!(node_size(&spec) + TAG_SIZE, free);
        let mut copy = self.buf.clone();
        let mut c = PageMut::open(&mut copy, PGNO).unwrap();
        assert!(c.fits(&spec), "{ctx}");
        let at = c.node_count();
        c.insert_node(at, &spec)
            .unwrap()
            .unwrap_or_else(|e| panic!("{ctx}: exact fit refused: {e:?}"));
        assert_eq!(c.free_space(), 0, "{ctx}");
        c.check().unwrap();
        assert_eq!(c.page().unwrap().node(at).unwrap().data, &data[..]);
        let more = vec![0x5Au8; data.len() + 1];
        let spec = NodeSpec::new(0, b"~", &more);
        let mut copy = self.buf.clone();
        let mut c = PageMut::open(&mut copy, PGNO).unwrap();
        assert!(!c.fits(&spec), "{ctx}");
        let at = c.node_count();
        assert!(c.insert_node(at, &spec).unwrap().is_err(), "{ctx}");
        assert_eq!(copy, self.buf, "{ctx}");
    }
}

fn seeds() -> Vec<u64> {
    match std::env::var("PAGE_SEED") {
        Ok(s) => {
            let s = s.trim_start_matches("0x");
            vec![u64::from_str_radix(s, 16).expect("PAGE_SEED is hex")]
        }
        Err(_) => vec![0x5EED_0001, 0xC0FF_EE42, 0x0123_4567_89AB_CDEF],
    }
}

fn run_size(size: usize) {
    for kind in [Kind::Leaf, Kind::Branch, Kind::FdpRoot, Kind::SpaceRoot] {
        for seed in seeds() {
            let seed = seed ^ (size as u64) << 32 ^ kind as u64;
            eprintln!("page_random: size {size} kind {kind:?} seed {seed:#x}");
            let mut run = Run::new(size, kind, seed);
            for step in 0..500 {
                run.step(step);
            }
            assert!(run.no_space > 0, "{}: the page never filled", run.ctx(500));
        }
    }
}

#[test]
fn random_operations_4k() {
    run_size(4096);
}

#[test]
fn random_operations_8k() {
    run_size(8192);
}

#[test]
fn random_operations_16k() {
    run_size(16384);
}

#[test]
fn random_operations_32k() {
    run_size(32768);
}
