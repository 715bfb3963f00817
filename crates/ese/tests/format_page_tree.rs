//! B+-tree walks over the sample databases with the page and node decoders.

#[path = "format_page_common.rs"]
mod common;

use std::cmp::Ordering;

use common::{page, page_count, sample, SAMPLES};
use ese::format::checksum::{verify_page, PageCheck};
use ese::format::page::{child_pgno, flags, Page};

/// What a recursive walk of one tree found.
#[derive(Default, Debug)]
struct TreeStats {
    /// (key, data) of every leaf node in key order.
    leaf_entries: Vec<(Vec<u8>, Vec<u8>)>,
    /// leaf pages in key order
    leaf_pages: Vec<u32>,
    /// all pages of the tree
    pages: Vec<u32>,
    /// separator keys checked against their child's keys
    separators_checked: usize,
    depth: usize,
}

/// Orders entries as ESE does: by key, then (non-unique trees) by data.
fn cmp_entry(a: &(Vec<u8>, Vec<u8>), b: &(Vec<u8>, Vec<u8>), non_unique: bool) -> Ordering {
    match a.0.cmp(&b.0) {
        Ordering::Equal if non_unique => a.1.cmp(&b.1),
        o => o,
    }
}

/// Walks the subtree at `pgno`, returning its (min, max) leaf keys.
fn walk(
    db: &[u8],
    pgno: u32,
    objid: u32,
    level: usize,
    st: &mut TreeStats,
) -> Option<(Vec<u8>, Vec<u8>)> {
    let p = Page::new(page(db, pgno), pgno).unwrap();
    assert_eq!(verify_page(p.data(), pgno), PageCheck::Ok, "page {pgno}");
    assert_eq!(p.objid_fdp(), objid, "page {pgno} belongs to another tree");
    assert!(level < 16, "tree too deep at page {pgno}");
    st.pages.push(pgno);
    st.depth = st.depth.max(level + 1);
    let prefix = p.key_prefix().unwrap();
    if p.is_leaf() {
        st.leaf_pages.push(pgno);
        for i in 0..p.node_count() {
            let n = p.node(i).unwrap();
            st.leaf_entries
                .push((n.key(prefix).unwrap(), n.data.to_vec()));
        }
        let first = p.node_key(0).ok()?;
        let last = p.node_key(p.node_count() - 1).unwrap();
        return Some((first, last));
    }
    let mut range: Option<(Vec<u8>, Vec<u8>)> = None;
    let mut prev_sep: Option<Vec<u8>> = None;
    for i in 0..p.node_count() {
        let n = p.node(i).unwrap();
        let sep = n.key(prefix).unwrap();
        let child = child_pgno(&n).unwrap();
        let is_last = i + 1 == p.node_count();
        if is_last {
            assert!(sep.is_empty(), "page {pgno}: last separator is not empty");
        }
        let child_page = Page::new(page(db, child), child).unwrap();
        assert_eq!(
            child_page.is_leaf(),
            p.is_parent_of_leaf(),
            "page {pgno} -> {child}"
        );
        if let Some((lo, hi)) = walk(db, child, objid, level + 1, st) {
            if !is_last {
                // every key in the child sorts before its separator
                assert!(
                    hi < sep || (p.is_non_unique() && hi == sep),
                    "page {pgno} node {i}: child {child} max {hi:?} > separator {sep:?}"
                );
                st.separators_checked += 1;
            }
            if let Some(ps) = &prev_sep {
                assert!(
                    &lo >= ps,
                    "page {pgno} node {i}: child {child} min < previous separator"
                );
            }
            range = Some(match range {
                None => (lo, hi),
                Some((l, _)) => (l, hi),
            });
        }
        prev_sep = Some(sep);
    }
    range
}

/// Walks a whole tree and checks order and the leaf sibling chain.
fn check_tree(db: &[u8], root: u32) -> TreeStats {
    let rp = Page::new(page(db, root), root).unwrap();
    assert!(rp.is_root());
    let mut st = TreeStats::default();
    walk(db, root, rp.objid_fdp(), 0, &mut st);
    let non_unique = rp.is_non_unique();
    for w in st.leaf_entries.windows(2) {
        assert_eq!(
            cmp_entry(&w[0], &w[1], non_unique),
            Ordering::Less,
            "tree {root}: keys out of order: {:?} !< {:?}",
            w[0].0,
            w[1].0
        );
    }
    // the leaf level is a doubly linked chain in key order
    for (i, &l) in st.leaf_pages.iter().enumerate() {
        let lp = Page::new(page(db, l), l).unwrap();
        let want_prev = if i == 0 { 0 } else { st.leaf_pages[i - 1] };
        let want_next = st.leaf_pages.get(i + 1).copied().unwrap_or(0);
        assert_eq!(
            (lp.prev(), lp.next()),
            (want_prev, want_next),
            "tree {root}: leaf {l} links"
        );
    }
    st
}

#[test]
fn catalog_of_basic_edb() {
    let db = sample("basic.edb");
    let root = Page::new(page(&db, 4), 4).unwrap();
    assert!(root.is_root());
    assert_eq!(root.objid_fdp(), 2, "MSysObjects is objid 2");
    let st = check_tree(&db, 4);
    assert_eq!(st.leaf_entries.len(), 87, "catalog rows of basic.edb");

    // the same count by descending to the first leaf and following next pointers
    let mut pgno = 4;
    loop {
        let p = Page::new(page(&db, pgno), pgno).unwrap();
        if p.is_leaf() {
            break;
        }
        pgno = p.node(0).unwrap().child_pgno().unwrap();
    }
    let mut count = 0;
    let mut last: Option<Vec<u8>> = None;
    while pgno != 0 {
        let p = Page::new(page(&db, pgno), pgno).unwrap();
        for i in 0..p.node_count() {
            let k = p.node_key(i).unwrap();
            if let Some(l) = &last {
                assert!(&k > l);
            }
            last = Some(k);
            count += 1;
        }
        pgno = p.next();
    }
    assert_eq!(count, 87);
}

#[test]
fn catalog_and_indexes_of_every_sample() {
    for name in SAMPLES {
        let db = sample(name);
        // MSysObjects, its Name index, its RootObjects index, MSysObjectsShadow
        for root in [4, 7, 10, 24] {
            let st = check_tree(&db, root);
            assert!(!st.leaf_entries.is_empty(), "{name} tree {root}");
        }
        let cat = check_tree(&db, 4).leaf_entries.len();
        let shadow = check_tree(&db, 24).leaf_entries.len();
        assert_eq!(cat, shadow, "{name}: MSysObjectsShadow mirrors MSysObjects");
        if name == "large.edb" {
            assert_eq!(cat, 65068);
        }
    }
}

#[test]
fn every_root_page_walks() {
    // every tree in every sample: find the root pages and walk each tree fully
    for name in SAMPLES {
        let db = sample(name);
        let mut owned = vec![false; page_count(&db) as usize + 1];
        let mut trees = 0;
        let mut deleted = 0;
        let mut max_depth = 0;
        for pgno in 1..=page_count(&db) {
            let raw = page(&db, pgno);
            if verify_page(raw, pgno) != PageCheck::Ok {
                continue;
            }
            let p = Page::new(raw, pgno).unwrap();
            if !p.is_root() || p.is_empty() {
                continue;
            }
            let st = check_tree(&db, pgno);
            trees += 1;
            max_depth = max_depth.max(st.depth);
            for pg in &st.pages {
                assert!(!owned[*pg as usize], "{name}: page {pg} in two trees");
                owned[*pg as usize] = true;
            }
            for pg in st.leaf_pages {
                let lp = Page::new(page(&db, pg), pg).unwrap();
                deleted += lp
                    .nodes()
                    .filter(|n| n.as_ref().unwrap().is_deleted())
                    .count();
            }
        }
        assert!(trees >= 8, "{name}: {trees} trees");
        if name == "large.edb" || name == "Windows.edb" {
            assert!(max_depth >= 2, "{name}: depth {max_depth}");
        }
        eprintln!("{name}: {trees} trees, max depth {max_depth}, {deleted} deleted leaf nodes");
    }
}

#[test]
fn every_page_decodes() {
    for name in SAMPLES {
        let db = sample(name);
        let mut pages = 0;
        let mut reserved_tags = 0;
        for pgno in 1..=page_count(&db) {
            let raw = page(&db, pgno);
            if verify_page(raw, pgno) != PageCheck::Ok {
                continue;
            }
            let p = Page::new(raw, pgno).unwrap_or_else(|e| panic!("{name} page {pgno}: {e}"));
            pages += 1;
            if p.reserved_tag_count() > 1 {
                reserved_tags += 1;
            }
            if p.tag_count() == 0 {
                assert!(p.has_flag(flags::EMPTY) || p.has_flag(flags::PRE_INIT));
                continue;
            }
            let prefix = p.key_prefix().unwrap();
            for i in 0..p.node_count() {
                let n = p.node(i).unwrap();
                n.key(prefix)
                    .unwrap_or_else(|e| panic!("{name} page {pgno} node {i}: {e}"));
                if !p.is_leaf() {
                    n.child_pgno().unwrap();
                }
            }
        }
        assert!(pages > 0);
        eprintln!("{name}: {pages} pages, {reserved_tags} with extra reserved tags");
    }
}
