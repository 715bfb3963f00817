//! Robustness: random, truncated and mutated bytes fed to every decoder of the page,
//! header, checksum and space modules must give values or errors, never a panic.

#[path = "format_page_common.rs"]
mod common;

use common::{page, page_count, sample};
use ese::format::checksum::{correct_page, verify_page};
use ese::format::header::{read_best, DbHeader};
use ese::format::page::{child_pgno, Node, Page, PageHeader};

/// xorshift64*: deterministic pseudo-random numbers.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Calls every accessor of a page that decoded, ignoring results.
fn exercise(bytes: &[u8], pgno: u32) {
    let _ = PageHeader::decode(bytes);
    let _ = verify_page(bytes, pgno);
    let mut copy = bytes.to_vec();
    let _ = correct_page(&mut copy, pgno);
    let Ok(p) = Page::new(bytes, pgno) else {
        return;
    };
    let _ = p.external_header();
    let prefix = p.key_prefix().unwrap_or(&[]);
    for i in 0..p.tag_count() + 2 {
        let _ = p.tag(i);
    }
    for i in 0..p.node_count() + 2 {
        if let Ok(n) = p.node(i) {
            let _ = n.key(prefix);
            let _ = n.key(b"");
            let _ = child_pgno(&n);
        }
        let _ = p.node_key(i);
    }
    for n in p.nodes().flatten() {
        let mut k = Vec::new();
        let _ = n.key_into(prefix, &mut k);
    }
    let _ = ese::format::space::SpaceHeader::decode(p.external_header().unwrap_or(&[]));
    if let Ok(n) = p.node(0) {
        let _ = ese::format::space::ExtentEntry::decode(n.suffix, n.data);
    }
}

#[test]
fn random_bytes() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..3000 {
        let len = match round % 6 {
            0 => 4096,
            1 => 32768,
            2 => 8192,
            3 => 16384,
            4 => 2048,
            _ => rng.below(40000),
        };
        let mut buf: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        // make the header plausible half of the time so the tag checks get reached
        if round % 2 == 0 && len >= 40 {
            buf[34] = (rng.below(16)) as u8;
            buf[35] &= 0x70;
            let cbd = len.saturating_sub(80) as u16;
            buf[28..30].copy_from_slice(&(rng.below(cbd as usize) as u16).to_le_bytes());
            buf[30..32].copy_from_slice(&0u16.to_le_bytes());
            buf[32..34].copy_from_slice(&(rng.below(cbd as usize) as u16).to_le_bytes());
            if len > 8192 {
                buf[64..68].copy_from_slice(&7u32.to_le_bytes());
            }
        }
        exercise(&buf, 7);
        let _ = Node::parse(&buf[..buf.len().min(rng.below(64))], rng.next() as u8);
        let _ = DbHeader::decode(&buf);
        let _ = read_best(&buf, &buf[..buf.len() / 2]);
    }
}

#[test]
fn truncated_and_mutated_real_pages() {
    let mut rng = Rng(42);
    for name in ["basic.edb", "SRUDB.dat", "large.edb", "Windows.edb"] {
        let db = sample(name);
        let n = page_count(&db);
        for _ in 0..600 {
            let pgno = 1 + rng.below(n as usize) as u32;
            let orig = page(&db, pgno);
            // truncations
            let cut = rng.below(orig.len() + 1);
            exercise(&orig[..cut], pgno);
            // byte mutations, concentrated on the header and the tag array
            let mut p = orig.to_vec();
            for _ in 0..1 + rng.below(8) {
                let at = match rng.below(3) {
                    0 => rng.below(80),
                    1 => p.len() - 1 - rng.below(256.min(p.len())),
                    _ => rng.below(p.len()),
                };
                p[at] = rng.next() as u8;
            }
            exercise(&p, pgno);
            // a real page under the wrong number
            exercise(orig, pgno.wrapping_add(1));
        }
        // the header pages, mutated
        let ps = db.len() / (n as usize + 2);
        for _ in 0..200 {
            let mut h = db[..ps].to_vec();
            let at = rng.below(h.len());
            h[at] = rng.next() as u8;
            let _ = DbHeader::decode(&h);
            let _ = read_best(&h, &db[ps..2 * ps]);
        }
    }
}
