//! Space headers and OE/AE extent trees of the sample databases.

#[path = "format_page_common.rs"]
mod common;

use std::collections::BTreeMap;

use common::{page, page_count, sample, SAMPLES};
use ese::format::checksum::{verify_page, PageCheck};
use ese::format::page::Page;
use ese::format::space::{pool, ExtentEntry, SpaceExtents, SpaceHeader, SplitBuffer};

/// A leaf node's key, data and whether it is flag-deleted.
type Entry = (Vec<u8>, Vec<u8>, bool);

/// All pages of the tree rooted at `root`, and its leaf nodes in key order.
fn tree(db: &[u8], root: u32) -> (Vec<u32>, Vec<Entry>) {
    let mut pages = Vec::new();
    let mut leaves = Vec::new();
    let mut stack = vec![root];
    let mut order = Vec::new();
    while let Some(pgno) = stack.pop() {
        let p = Page::new(page(db, pgno), pgno).unwrap();
        pages.push(pgno);
        if p.is_leaf() {
            order.push(pgno);
            continue;
        }
        for i in (0..p.node_count()).rev() {
            stack.push(p.node(i).unwrap().child_pgno().unwrap());
        }
    }
    for pgno in order {
        let p = Page::new(page(db, pgno), pgno).unwrap();
        let prefix = p.key_prefix().unwrap();
        for n in p.nodes() {
            let n = n.unwrap();
            leaves.push((n.key(prefix).unwrap(), n.data.to_vec(), n.is_deleted()));
        }
    }
    (pages, leaves)
}

/// The extents of a space tree, in key order. Flag-deleted nodes are skipped: in a
/// cleanly shut down database their deletion is committed, only not yet cleaned up.
fn extents(db: &[u8], root: u32) -> Vec<ExtentEntry> {
    let rp = Page::new(page(db, root), root).unwrap();
    assert!(
        rp.is_root() && rp.is_space_tree(),
        "page {root} is not a space tree root"
    );
    let split = SplitBuffer::decode(rp.external_header().unwrap());
    assert!(
        split.is_some(),
        "space tree root {root} has no split buffer"
    );
    tree(db, root)
        .1
        .iter()
        .filter(|(_, _, deleted)| !deleted)
        .map(|(k, d, _)| ExtentEntry::decode(k, d).unwrap())
        .collect()
}

#[test]
fn database_root_owns_the_file() {
    for name in SAMPLES {
        let db = sample(name);
        let root = Page::new(page(&db, 1), 1).unwrap();
        assert!(root.is_root());
        let sph = SpaceHeader::decode(root.external_header().unwrap()).unwrap();
        assert_eq!(sph.pgno_parent, 0, "{name}");
        assert_eq!((sph.pgno_oe(), sph.pgno_ae()), (Some(2), Some(3)), "{name}");

        let oe = extents(&db, 2);
        assert!(!oe.is_empty());
        // contiguous, sorted, non-empty extents from page 1
        let mut next = 1;
        for e in &oe {
            assert_eq!(e.pool, None);
            assert!(!e.is_empty(), "{name}: empty OE extent");
            assert_eq!(
                e.first_pgno(),
                Some(next),
                "{name}: gap or overlap before {e:?}"
            );
            next = e.last_pgno + 1;
        }
        let last = oe.last().unwrap().last_pgno;
        match name {
            // 16 pages of non-ESE bytes after the owned space (they fail their checksums)
            "SRUDB.dat" => assert_eq!((last, page_count(&db)), (142, 158)),
            // the file is 256 pages longer than the database owns; those pages are zero
            "large.edb" => assert_eq!((last, page_count(&db)), (510, 766)),
            _ => assert_eq!(last, page_count(&db), "{name}: OE ends at {last}"),
        }
        for pgno in last + 1..=page_count(&db) {
            let check = verify_page(page(&db, pgno), pgno);
            if name == "SRUDB.dat" {
                assert!(
                    matches!(check, PageCheck::Mismatch { .. }),
                    "{name} page {pgno}"
                );
            } else {
                assert_eq!(check, PageCheck::AllZero, "{name} page {pgno}");
            }
        }

        // the available extents lie in owned space (or, shelved, beyond the end)
        for e in extents(&db, 3) {
            if e.pool == Some(pool::SHELVED) {
                continue;
            }
            for pg in e.pages() {
                assert!(pg <= last, "{name}: available page {pg} is not owned");
            }
        }
    }
}

#[test]
fn every_tree_has_a_consistent_space_header() {
    for name in SAMPLES {
        let db = sample(name);
        let n = page_count(&db);
        // root pages of data trees, by page number
        let mut fdps: BTreeMap<u32, SpaceHeader> = BTreeMap::new();
        let mut extended = 0;
        for pgno in 1..=n {
            let raw = page(&db, pgno);
            if verify_page(raw, pgno) != PageCheck::Ok {
                continue;
            }
            let p = Page::new(raw, pgno).unwrap();
            if p.is_root() && !p.is_space_tree() && !p.is_empty() {
                let sph = SpaceHeader::decode(p.external_header().unwrap())
                    .unwrap_or_else(|e| panic!("{name} page {pgno}: {e}"));
                assert_eq!(SpaceHeader::decode(&sph.encode()).unwrap(), sph);
                assert_eq!(
                    sph.encode(),
                    p.external_header().unwrap(),
                    "{name} page {pgno}"
                );
                if sph.root_fields.is_some() {
                    extended += 1;
                }
                fdps.insert(pgno, sph);
            }
        }
        if name == "Windows.edb" {
            assert!(
                extended > 0,
                "Windows.edb keeps auto-increment values in its roots"
            );
        }
        // Root pages found by scanning include stale ones of deleted objects (ESE does
        // not wipe freed pages). The live trees are those reachable from the database
        // root: an FDP whose page its parent owns and does not list as available, and
        // that lies in no sibling's space.
        let owned_of = |fdp: u32, sph: &SpaceHeader| -> Vec<(u32, u32)> {
            match sph.extents {
                SpaceExtents::Multiple { pgno_oe } => extents(&db, pgno_oe)
                    .iter()
                    .map(|e| (e.first_pgno().unwrap(), e.last_pgno))
                    .collect(),
                SpaceExtents::Single { .. } => vec![(fdp, fdp + sph.cpg_primary - 1)],
            }
        };
        let avail_of = |fdp: u32, sph: &SpaceHeader| -> Vec<u32> {
            match sph.extents {
                SpaceExtents::Multiple { pgno_oe } => extents(&db, pgno_oe + 1)
                    .iter()
                    .flat_map(|e| e.pages())
                    .collect(),
                SpaceExtents::Single { .. } => sph.avail_pages(fdp),
            }
        };
        let mut live = vec![1u32];
        let mut i = 0;
        while i < live.len() {
            let parent = live[i];
            let psph = fdps[&parent];
            let powned = owned_of(parent, &psph);
            let pavail = avail_of(parent, &psph);
            let kids: Vec<u32> = fdps
                .iter()
                .filter(|(&fdp, sph)| {
                    fdp != 1
                        && sph.pgno_parent == parent
                        && powned.iter().any(|&(f, l)| (f..=l).contains(&fdp))
                        && !pavail.contains(&fdp)
                })
                .map(|(&fdp, _)| fdp)
                .collect();
            // a live FDP's page is owned by itself, so never by a sibling: an FDP page
            // inside a sibling's space is a stale one whose space was reused
            let spaces: Vec<Vec<(u32, u32)>> =
                kids.iter().map(|&k| owned_of(k, &fdps[&k])).collect();
            let inside =
                |pg: u32, sp: &[(u32, u32)]| sp.iter().any(|&(f, l)| (f..=l).contains(&pg));
            for (a, &k) in kids.iter().enumerate() {
                let stale = kids
                    .iter()
                    .enumerate()
                    .any(|(b, &j)| b != a && inside(k, &spaces[b]) && !inside(j, &spaces[a]));
                if !stale {
                    live.push(k);
                }
            }
            i += 1;
        }
        eprintln!(
            "{name}: {} live trees, {} stale root pages",
            live.len(),
            fdps.len() - live.len()
        );
        assert!(live.len() >= 8, "{name}");
        for &fdp in &live {
            let sph = fdps[&fdp];
            let objid = Page::new(page(&db, fdp), fdp).unwrap().objid_fdp();
            if fdp == 1 {
                assert_eq!(sph.pgno_parent, 0);
            }
            if let Some(oe) = sph.pgno_oe() {
                for sp in [oe, oe + 1] {
                    let s = Page::new(page(&db, sp), sp).unwrap();
                    assert_eq!(s.objid_fdp(), objid, "{name}: space tree {sp} of FDP {fdp}");
                }
            } else {
                assert!(sph.cpg_primary >= 1);
                for a in sph.avail_pages(fdp) {
                    assert!(
                        a < fdp + sph.cpg_primary,
                        "{name}: FDP {fdp} free page {a} not owned"
                    );
                }
            }
            let owned = owned_of(fdp, &sph);
            let avail = avail_of(fdp, &sph);
            let is_owned = |pg: u32| owned.iter().any(|&(f, l)| (f..=l).contains(&pg));
            assert!(is_owned(fdp), "{name}: FDP {fdp} does not own itself");
            for pg in tree(&db, fdp).0 {
                assert!(
                    is_owned(pg),
                    "{name}: page {pg} of tree {fdp} is not owned by it"
                );
                assert!(
                    !avail.contains(&pg),
                    "{name}: page {pg} of tree {fdp} is marked free"
                );
            }
            // the parent owns all of this tree's space, and siblings do not overlap
            if fdp != 1 {
                let parent = fdps[&sph.pgno_parent];
                let powned = owned_of(sph.pgno_parent, &parent);
                for &(f, l) in &owned {
                    assert!(
                        powned.iter().any(|&(pf, pl)| pf <= f && l <= pl),
                        "{name}: extent {f}..={l} of FDP {fdp} not inside its parent {}",
                        sph.pgno_parent
                    );
                }
                for &other in &live {
                    if other != fdp && other != 1 && fdps[&other].pgno_parent == sph.pgno_parent {
                        for &(of, ol) in &owned_of(other, &fdps[&other]) {
                            for &(f, l) in &owned {
                                assert!(l < of || ol < f, "{name}: FDPs {fdp} and {other} overlap");
                            }
                        }
                    }
                }
            }
        }
    }
}
