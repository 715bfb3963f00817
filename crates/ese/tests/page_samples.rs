//! Real ESE pages rebuilt node by node with `PageMut`.
//!
//! For every page of the sample databases whose checksum verifies and that has tags:
//!
//! 1. rebuilt in tag order (same header fields, external header, nodes), the page
//!    must read back through `format::page::Page` exactly as ESE's does (every line's
//!    bytes and flags, every header field but the layout ones);
//! 2. rebuilt in ESE's physical order (lines placed in the order of their offsets),
//!    the page must be byte-identical to ESE's page after `PageMut::reorganize`
//!    (comparing everything but the checksums, the tag bits ESE leaves as garbage
//!    and the offsets of empty tags), which shows our placement and accounting rules
//!    are ESE's; and when ESE's page has no holes, identical to ESE's page as stored
//!    (free space aside, which ESE does not clear);
//! 3. editing ESE's page in place (delete nodes, insert them back) keeps it valid.
//!
//! The figures are printed (`cargo test --test page_samples -- --nocapture`).

use std::io::Read;
use std::path::PathBuf;

use ese::format::checksum::{verify_page, PageCheck};
use ese::format::page::{is_large_page, Node, Page, PageHeader, TAG_SIZE};
use ese::page::{NewPage, NodeSpec, PageMut};

const SAMPLES: [&str; 10] = [
    "basic.edb",
    "binary.edb",
    "text.edb",
    "multi.edb",
    "default.edb",
    "index.edb",
    "large.edb",
    "SRUDB.dat",
    "Current.mdb",
    "Windows.edb",
];

fn samples_dir() -> PathBuf {
    match std::env::var("ESE_SAMPLES") {
        Ok(d) => PathBuf::from(d),
        Err(_) => PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/testdata/ese-samples"
        )),
    }
}

/// The decompressed sample; panics if missing so the test never passes vacuously.
fn sample(name: &str) -> Vec<u8> {
    let path = samples_dir().join(format!("{name}.gz"));
    let file = std::fs::File::open(&path)
        .unwrap_or_else(|e| panic!("sample {} missing ({e}); set ESE_SAMPLES", path.display()));
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut out)
        .expect("gunzip sample");
    out
}

/// The file's page size (database header offset 236).
fn page_size(file: &[u8]) -> usize {
    u32::from_le_bytes([file[236], file[237], file[238], file[239]]) as usize
}

/// Tag `itag`'s line and flags, and the node it holds (parsed as stored: root pages
/// keep their prefix count).
fn raw_node<'a>(page: &Page<'a>, itag: usize) -> Node<'a> {
    let (line, flags) = page.tag(itag).unwrap();
    Node::parse(line, flags).unwrap()
}

fn new_page(h: &PageHeader) -> NewPage {
    NewPage {
        objid_fdp: h.objid_fdp,
        flags: h.flags,
        dbtime: h.dbtime,
        prev: h.prev,
        next: h.next,
    }
}

/// Rebuilds `page` placing its lines in `order` (tag indexes; 0 = external header).
fn rebuild(page: &Page<'_>, order: &[usize]) -> Vec<u8> {
    let h = page.header();
    let reserved = page.reserved_tag_count();
    let mut buf = vec![0u8; page.page_size()];
    let mut m = PageMut::init(&mut buf, page.pgno(), &new_page(&h)).unwrap();
    m.set_flags(h.flags);
    let mut placed: Vec<usize> = Vec::new();
    for &itag in order {
        if itag == 0 {
            let ext = page.external_header().unwrap();
            m.set_external_header(ext).unwrap().unwrap();
            continue;
        }
        let node = raw_node(page, itag);
        let index = placed.iter().filter(|&&t| t < itag).count();
        let spec = NodeSpec::from_node(&node);
        assert_eq!(spec.stored_flags(), node.flags, "page {}", page.pgno());
        m.insert_node(index, &spec)
            .unwrap()
            .unwrap_or_else(|e| panic!("page {}: {e:?}", page.pgno()));
        placed.push(itag);
        assert!(itag >= reserved);
    }
    m.set_uncommitted_free(usize::from(h.cb_uncommitted_free))
        .unwrap();
    buf
}

/// The page with what may legitimately differ from ESE cleared: checksums, the tag
/// bits above the offsets (garbage ESE carries along; on small pages the `ib` flags
/// are kept), the offsets of empty tags, and (with `free_too`) the free gap.
fn normalized(bytes: &[u8], free_too: bool) -> Vec<u8> {
    let mut p = bytes.to_vec();
    let large = is_large_page(p.len());
    p[..8].fill(0);
    if large {
        p[40..64].fill(0);
    }
    let h = PageHeader::decode(&p).unwrap();
    let len = p.len();
    let mask: u16 = if large { 0x7FFF } else { 0x1FFF };
    for itag in 0..h.tag_count() {
        let off = len - TAG_SIZE * (itag + 1);
        let cb = u16::from_le_bytes([p[off], p[off + 1]]) & mask;
        let raw_ib = u16::from_le_bytes([p[off + 2], p[off + 3]]);
        let mut ib = if large { raw_ib & mask } else { raw_ib };
        if cb == 0 {
            ib &= !mask;
        }
        p[off..off + 2].copy_from_slice(&cb.to_le_bytes());
        p[off + 2..off + 4].copy_from_slice(&ib.to_le_bytes());
    }
    // The gap holds whatever ESE left there: old lines, vacated tag slots.
    let hdr = h.size();
    let tag_start = len - TAG_SIZE * h.tag_count();
    if free_too {
        p[hdr + usize::from(h.ib_mic_free)..tag_start].fill(0);
    }
    p
}

fn first_diff(a: &[u8], b: &[u8]) -> Option<usize> {
    a.iter().zip(b).position(|(x, y)| x != y)
}

#[derive(Default, Debug)]
struct Tally {
    pages: usize,
    never_written: usize,
    skipped_checksum: usize,
    skipped_no_tags: usize,
    read_back_identical: usize,
    reorganized_identical: usize,
    stored_without_holes: usize,
    stored_identical: usize,
    checksum_identical: usize,
}

fn check_page(page: &Page<'_>, t: &mut Tally) {
    let pgno = page.pgno();
    let tags = page.tag_count();
    let h = page.header();

    // 1. Tag order: reads back the same.
    let by_tag: Vec<usize> = (0..tags).collect();
    let rebuilt = rebuild(page, &by_tag);
    let r = Page::new(&rebuilt, pgno).unwrap_or_else(|e| panic!("page {pgno}: {e}"));
    let rh = r.header();
    assert_eq!(
        (rh.dbtime, rh.prev, rh.next, rh.objid_fdp, rh.flags),
        (h.dbtime, h.prev, h.next, h.objid_fdp, h.flags),
        "page {pgno}"
    );
    assert_eq!(
        (rh.cb_free, rh.cb_uncommitted_free, rh.itag_state, rh.pgno),
        (h.cb_free, h.cb_uncommitted_free, h.itag_state, h.pgno),
        "page {pgno}"
    );
    for itag in 0..tags {
        assert_eq!(
            r.tag(itag).unwrap(),
            page.tag(itag).unwrap(),
            "page {pgno} tag {itag}"
        );
    }
    for i in 0..page.node_count() {
        assert_eq!(
            r.node_key(i).unwrap(),
            page.node_key(i).unwrap(),
            "page {pgno}"
        );
    }
    t.read_back_identical += 1;

    // 2. Physical order: the same bytes as ESE's page compacted.
    let mut order: Vec<(usize, usize)> = (0..tags)
        .map(|i| {
            let line = page.tag(i).unwrap().0;
            let ib = if line.is_empty() {
                0
            } else {
                line.as_ptr() as usize - page.data().as_ptr() as usize
            };
            (ib, i)
        })
        .collect();
    order.sort_by_key(|&(ib, _)| ib);
    let by_ib: Vec<usize> = order.iter().map(|&(_, i)| i).collect();
    let physical = rebuild(page, &by_ib);
    let mut compacted = page.data().to_vec();
    let mut c = PageMut::open(&mut compacted, pgno).unwrap();
    c.reorganize().unwrap();
    let (a, b) = (normalized(&compacted, false), normalized(&physical, false));
    assert_eq!(
        first_diff(&a, &b),
        None,
        "page {pgno}: physical rebuild differs from ESE's page reorganized"
    );
    t.reorganized_identical += 1;

    // Without holes, ESE's stored page itself (its free gap aside).
    let used: usize = (0..tags).map(|i| page.tag(i).unwrap().0.len()).sum();
    if used == usize::from(h.ib_mic_free) {
        t.stored_without_holes += 1;
        let (a, b) = (normalized(page.data(), true), normalized(&physical, true));
        if first_diff(&a, &b).is_none() {
            t.stored_identical += 1;
        }
        let mut signed = physical.clone();
        PageMut::open(&mut signed, pgno).unwrap().finish_checksum();
        assert_eq!(verify_page(&signed, pgno), PageCheck::Ok);
        if signed == page.data() {
            t.checksum_identical += 1;
        }
    }
}

/// Deletes every third node of ESE's page, inserts them back, and checks the page.
fn edit_in_place(page: &Page<'_>) {
    let pgno = page.pgno();
    let mut bytes = page.data().to_vec();
    let mut m = PageMut::open(&mut bytes, pgno).unwrap();
    let reserved = page.reserved_tag_count();
    let doomed: Vec<usize> = (0..page.node_count()).filter(|i| i % 3 == 1).collect();
    for &i in doomed.iter().rev() {
        m.delete_node(i).unwrap();
    }
    for &i in &doomed {
        let spec = NodeSpec::from_node(&raw_node(page, i + reserved));
        m.insert_node(i, &spec).unwrap().unwrap();
    }
    assert_eq!(m.header().cb_free, page.header().cb_free, "page {pgno}");
    let r = m.page().unwrap();
    for itag in 0..page.tag_count() {
        assert_eq!(r.tag(itag).unwrap(), page.tag(itag).unwrap(), "page {pgno}");
    }
    m.finish_checksum();
    assert_eq!(verify_page(m.as_bytes(), pgno), PageCheck::Ok);
}

fn run_sample(name: &str) -> Tally {
    let file = sample(name);
    let ps = page_size(&file);
    let mut t = Tally::default();
    for (i, bytes) in file.chunks_exact(ps).enumerate().skip(2) {
        let pgno = (i - 1) as u32;
        match verify_page(bytes, pgno) {
            PageCheck::Ok => {}
            PageCheck::AllZero => {
                t.never_written += 1;
                continue;
            }
            _ => {
                t.skipped_checksum += 1;
                continue;
            }
        }
        let page = Page::new(bytes, pgno).unwrap_or_else(|e| panic!("{name} page {pgno}: {e}"));
        if page.tag_count() == 0 {
            t.skipped_no_tags += 1;
            continue;
        }
        t.pages += 1;
        check_page(&page, &mut t);
        edit_in_place(&page);
    }
    eprintln!("page_samples {name} ({ps} bytes/page): {t:?}");
    assert!(t.pages > 0, "{name}: no pages checked");
    t
}

#[test]
fn small_page_samples_rebuild_byte_for_byte() {
    for name in SAMPLES
        .iter()
        .filter(|n| !matches!(**n, "large.edb" | "Windows.edb"))
    {
        let t = run_sample(name);
        assert_eq!(t.stored_identical, t.stored_without_holes, "{name}");
    }
}

#[test]
fn large_edb_rebuilds_byte_for_byte() {
    let t = run_sample("large.edb");
    assert_eq!(t.stored_identical, t.stored_without_holes);
}

#[test]
fn windows_edb_rebuilds_byte_for_byte() {
    let t = run_sample("Windows.edb");
    assert_eq!(t.stored_identical, t.stored_without_holes);
}
