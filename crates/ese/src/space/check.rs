//! `space::check`: every page of the database accounted for exactly once.
//!
//! Owns [`check`] and [`SpaceReport`]. Starting from the database root it walks the
//! ownership hierarchy: for each tree it reads its owned extents (OE, or the primary
//! extent of a single-extent tree), its free pages (AE or bitmap), its split
//! buffers, and checks its B-tree and space trees with [`crate::btree::check`]. The
//! owned pages left over belong to its children, whose FDPs are found among them
//! (root pages whose space header names this tree as parent); the children's owned
//! space must cover exactly the rest. Flag-deleted nodes in OE/AE trees are not
//! extents. The first violation (a page in two places, a leak, an extent outside
//! its parent, a damaged tree) is `JET_errDatabaseCorrupted` naming the page.

use super::DB_ROOT;
use crate::btree::{self, TreeEnv};
use crate::format::page::{flags, Page};
use crate::format::space::{ExtentEntry, SpaceExtents, SpaceHeader, SplitBuffer};
use crate::{Error, ErrorCode, Result};
use std::collections::BTreeSet;

/// What a sound database holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpaceReport {
    /// Pages the root owns.
    pub owned: u64,
    /// Pages in some tree's B-tree or space trees.
    pub used: u64,
    /// Pages free in some tree's AE or bitmap, or in a split buffer.
    pub available: u64,
    /// Each tree's own share, in the order found (the database root first):
    /// what esentutl's space dump (`/ms`) lists.
    pub by_tree: Vec<TreeSpace>,
}

impl SpaceReport {
    /// Trees found (the database root included), as (FDP, object id).
    pub fn trees(&self) -> Vec<(u32, u32)> {
        self.by_tree.iter().map(|t| (t.fdp, t.objid)).collect()
    }
}

/// One tree's space (see [`SpaceReport::by_tree`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TreeSpace {
    /// The tree's FDP (its root page).
    pub fdp: u32,
    /// Its object id.
    pub objid: u32,
    /// The FDP of the tree that gave it its space (0 for the database root).
    pub parent: u32,
    /// Pages it owns, its children's included.
    pub owned: u64,
    /// Pages of its B-tree and space trees.
    pub used: u64,
    /// Pages free in its AE or bitmap, or in a split buffer.
    pub available: u64,
}

/// The deepest space tree walked: deeper is damage (a child pointing back up).
const SPACE_TREE_DEPTH_MOST: usize = 16;

fn corrupt(pgno: u32, msg: String) -> Error {
    Error::with(ErrorCode::DatabaseCorrupted, msg).page(pgno)
}

/// Checks the space of the database in `env` (see the module header).
pub fn check(env: &TreeEnv) -> Result<SpaceReport> {
    let mut report = SpaceReport::default();
    let owned = owned_extents(env, DB_ROOT, &read_sph(env, DB_ROOT)?)?;
    let file_pages = env.cache.file_pages()?;
    let mut all = BTreeSet::new();
    for &(first, last) in &owned {
        if last > file_pages.max(last) {
            return Err(corrupt(
                DB_ROOT,
                format!("owned extent ends at {last} past the file"),
            ));
        }
        for p in first..=last {
            if !all.insert(p) {
                return Err(corrupt(
                    p,
                    format!("page {p} is in two owned extents of the root"),
                ));
            }
        }
    }
    report.owned = all.len() as u64;
    check_tree(env, DB_ROOT, 0, &all, &mut report)?;
    Ok(report)
}

fn read_sph(env: &TreeEnv, fdp: u32) -> Result<SpaceHeader> {
    let buf = env.cache.read(fdp)?;
    let page = Page::new(&buf, fdp)?;
    SpaceHeader::decode(page.external_header()?).map_err(|e| e.page(fdp))
}

/// The owned extents of FDP `fdp` as inclusive ranges.
fn owned_extents(env: &TreeEnv, fdp: u32, sph: &SpaceHeader) -> Result<Vec<(u32, u32)>> {
    match sph.pgno_oe() {
        None => Ok(vec![(fdp, fdp + sph.cpg_primary.max(1) - 1)]),
        Some(oe) => Ok(extents(env, oe)?
            .iter()
            .filter_map(|e| e.first_pgno().map(|f| (f, e.last_pgno)))
            .collect()),
    }
}

/// Live extents of a space tree, read leaf by leaf.
fn extents(env: &TreeEnv, root: u32) -> Result<Vec<ExtentEntry>> {
    let mut out = Vec::new();
    let mut pgno = root;
    let mut depth = 0;
    loop {
        let buf = env.cache.read(pgno)?;
        let page = Page::new(&buf, pgno)?;
        if page.is_leaf() {
            break;
        }
        depth += 1;
        if depth > SPACE_TREE_DEPTH_MOST {
            return Err(corrupt(root, "space tree deeper than the limit".into()));
        }
        pgno = page.node(0)?.child_pgno().map_err(|e| e.page(pgno))?;
    }
    // A damaged chain may lead back to a leaf already read.
    let mut seen = BTreeSet::new();
    while pgno != 0 {
        if !seen.insert(pgno) {
            return Err(corrupt(pgno, "space tree leaf chain loops".into()));
        }
        let buf = env.cache.read(pgno)?;
        let page = Page::new(&buf, pgno)?;
        let prefix = page.key_prefix()?;
        for i in 0..page.node_count() {
            let node = page.node(i)?;
            if node.is_deleted() {
                continue;
            }
            let key = node.key(prefix).map_err(|e| e.page(pgno))?;
            let e = ExtentEntry::decode(&key, node.data).map_err(|e| e.page(pgno))?;
            if e.pool.is_none() && !e.is_empty() {
                out.push(e);
            }
        }
        pgno = page.next();
    }
    Ok(out)
}

/// Claims `pages` in `set` (each exactly once) out of `within`.
fn claim(
    set: &mut BTreeSet<u32>,
    within: &BTreeSet<u32>,
    pages: impl IntoIterator<Item = u32>,
    what: &str,
    fdp: u32,
) -> Result<()> {
    for p in pages {
        if !within.contains(&p) {
            return Err(corrupt(
                p,
                format!("{what} page {p} of tree {fdp} lies outside its owned space"),
            ));
        }
        if !set.insert(p) {
            return Err(corrupt(
                p,
                format!("{what} page {p} of tree {fdp} is accounted for twice"),
            ));
        }
    }
    Ok(())
}

fn check_tree(
    env: &TreeEnv,
    fdp: u32,
    parent: u32,
    owned: &BTreeSet<u32>,
    report: &mut SpaceReport,
) -> Result<()> {
    let sph = read_sph(env, fdp)?;
    let objid = {
        let buf = env.cache.read(fdp)?;
        Page::new(&buf, fdp)?.objid_fdp()
    };
    let (used0, avail0) = (report.used, report.available);
    let slot = report.by_tree.len();
    report.by_tree.push(TreeSpace {
        fdp,
        objid,
        parent,
        owned: owned.len() as u64,
        ..TreeSpace::default()
    });
    let mut taken = BTreeSet::new();
    let stats = btree::check(env, fdp)?;
    claim(
        &mut taken,
        owned,
        stats.pages.iter().copied(),
        "B-tree",
        fdp,
    )?;
    report.used += stats.pages.len() as u64;
    match sph.extents {
        SpaceExtents::Single { .. } => {
            // Pages past the 32 the bitmap covers stay unused until the tree converts
            // to multiple extents (`SPIConvertCalcExtents` then makes them available).
            let mut free = sph.avail_pages(fdp);
            free.extend((fdp + 33)..fdp.saturating_add(sph.cpg_primary));
            report.available += free.len() as u64;
            claim(&mut taken, owned, free, "free", fdp)?;
        }
        SpaceExtents::Multiple { pgno_oe } => {
            for root in [pgno_oe, pgno_oe + 1] {
                let s = btree::check(env, root)?;
                for &p in &s.pages {
                    let buf = env.cache.read(p)?;
                    let page = Page::new(&buf, p)?;
                    if page.objid_fdp() != objid || !page.is_space_tree() {
                        return Err(corrupt(
                            p,
                            format!(
                                "space tree page {p} of tree {fdp} has the wrong object or flags"
                            ),
                        ));
                    }
                }
                claim(
                    &mut taken,
                    owned,
                    s.pages.iter().copied(),
                    "space tree",
                    fdp,
                )?;
                report.used += s.pages.len() as u64;
                let buf = env.cache.read(root)?;
                let page = Page::new(&buf, root)?;
                if let Some(sb) = SplitBuffer::decode(page.external_header()?) {
                    for (last, cpg) in sb.extents {
                        if cpg > 0 {
                            let e = ExtentEntry {
                                last_pgno: last,
                                page_count: cpg,
                                pool: None,
                            };
                            report.available += u64::from(cpg);
                            claim(&mut taken, owned, e.pages(), "split buffer", fdp)?;
                        }
                    }
                }
            }
            for e in extents(env, pgno_oe + 1)? {
                report.available += u64::from(e.page_count);
                claim(&mut taken, owned, e.pages(), "available", fdp)?;
            }
        }
    }
    let rest: BTreeSet<u32> = owned.difference(&taken).copied().collect();
    let t = &mut report.by_tree[slot];
    t.used = report.used - used0;
    t.available = report.available - avail0;
    check_children(env, fdp, &rest, report)
}

/// Finds the children of `fdp` among `rest` and checks they own exactly it.
fn check_children(
    env: &TreeEnv,
    fdp: u32,
    rest: &BTreeSet<u32>,
    report: &mut SpaceReport,
) -> Result<()> {
    let mut children = Vec::new();
    for &p in rest {
        let Ok(buf) = env.cache.read(p) else {
            continue;
        };
        let page = match Page::new(&buf, p) {
            Ok(page) => page,
            Err(_) => continue,
        };
        if !page.is_root() || page.is_space_tree() || page.flags() & flags::EMPTY != 0 {
            continue;
        }
        let Ok(sph) = page.external_header().and_then(SpaceHeader::decode) else {
            continue;
        };
        if sph.pgno_parent == fdp {
            children.push((p, sph));
        }
    }
    let children = live_children(env, children)?;
    let mut covered = BTreeSet::new();
    for (child, sph) in children {
        let mut owned = BTreeSet::new();
        for (first, last) in owned_extents(env, child, &sph)? {
            for p in first..=last {
                if !rest.contains(&p) {
                    return Err(corrupt(
                        p,
                        format!(
                            "page {p} owned by tree {child} is not free for it in parent {fdp}"
                        ),
                    ));
                }
                if !covered.insert(p) || !owned.insert(p) {
                    return Err(corrupt(
                        p,
                        format!("page {p} is owned twice under tree {fdp}"),
                    ));
                }
            }
        }
        check_tree(env, child, fdp, &owned, report)?;
    }
    if let Some(p) = rest.difference(&covered).next() {
        return Err(corrupt(
            *p,
            format!(
                "page {p} of tree {fdp} is neither used, available nor owned by a child (leaked)"
            ),
        ));
    }
    Ok(())
}

/// Drops the FDPs of released trees from `candidates`. A released tree's FDP page
/// lingers, unwritten, in space given to a live tree since: its page lies inside a
/// live candidate's owned space. A candidate whose FDP lies inside a candidate that
/// is itself inside no other is stale; what remains in such containments is decided
/// by dbtime (the live tree's FDP was written after the released tree's last change).
fn live_children(
    env: &TreeEnv,
    candidates: Vec<(u32, SpaceHeader)>,
) -> Result<Vec<(u32, SpaceHeader)>> {
    // A candidate whose owned extents cannot be read is a released tree whose OE page
    // was reused (a live tree with a damaged OE then shows as leaked space).
    let mut ranges = Vec::with_capacity(candidates.len());
    let mut dbtimes = Vec::with_capacity(candidates.len());
    let mut readable = Vec::with_capacity(candidates.len());
    for (fdp, sph) in candidates {
        let Ok(range) = owned_extents(env, fdp, &sph) else {
            continue;
        };
        let buf = env.cache.read(fdp)?;
        dbtimes.push(Page::new(&buf, fdp)?.dbtime());
        ranges.push(range);
        readable.push((fdp, sph));
    }
    let candidates = readable;
    let n = candidates.len();
    let inside = |i: usize, j: usize| {
        i != j
            && ranges[j]
                .iter()
                .any(|&(f, l)| (f..=l).contains(&candidates[i].0))
    };
    let mut alive = vec![true; n];
    loop {
        let outs: Vec<Vec<usize>> = (0..n)
            .map(|i| {
                (0..n)
                    .filter(|&j| alive[i] && alive[j] && inside(i, j))
                    .collect()
            })
            .collect();
        let mut changed = false;
        for i in 0..n {
            if alive[i] && outs[i].iter().any(|&j| outs[j].is_empty()) {
                alive[i] = false;
                changed = true;
            }
        }
        if !changed {
            for i in 0..n {
                if alive[i] && outs[i].iter().any(|&j| alive[j] && dbtimes[i] < dbtimes[j]) {
                    alive[i] = false;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    Ok(candidates
        .into_iter()
        .zip(alive)
        .filter_map(|(c, a)| a.then_some(c))
        .collect())
}
