//! The structural check of one tree.
//!
//! Owns [`check`] and [`TreeStats`]. What it verifies, for every page reachable
//! from the root: the page passes ESE's write-time page check; it carries the tree's
//! object id and kind flags; only the root has the root flag; leaves are all at one
//! depth and flagged leaf, their parents parent-of-leaf; nodes are strictly
//! increasing (key, then data in non-unique trees); every entry lies in the range its
//! ancestors' separators give it (child `i` below separator `i`, at or above
//! separator `i − 1`); the last node of a branch page is empty on the right edge and
//! equals the page's upper bound elsewhere; leaves are chained both ways in key
//! order, the first without a previous and the last without a next page; no page is
//! reached twice. The first violation is `JET_errDatabaseCorrupted` (or
//! `JET_errBadPageLink` for links) naming the page.

use super::keys::{cmp_concat, cmp_separator};
use super::read::{child, corrupt, key_parts, MAX_DEPTH};
use super::TreeEnv;
use crate::format::page::{flags, Page};
use crate::page::PageMut;
use crate::{Error, ErrorCode, Result};
use std::cmp::Ordering;
use std::collections::HashSet;

/// What the check found in a sound tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TreeStats {
    /// Every page of the tree, the root first.
    pub pages: Vec<u32>,
    /// Leaf pages.
    pub leaves: usize,
    /// Leaf entries (flag-deleted ones included).
    pub entries: u64,
    /// Levels (1 for a root leaf).
    pub depth: usize,
}

struct Walk<'a> {
    env: &'a TreeEnv,
    objid: u32,
    kind_flags: u32,
    unique: bool,
    seen: HashSet<u32>,
    stats: TreeStats,
    leaf_depth: Option<usize>,
    /// Leaves in key order with their links.
    leaves: Vec<(u32, u32, u32)>,
    /// The last entry seen, to check order across leaves.
    last: Option<(Vec<u8>, Vec<u8>)>,
}

/// Checks the tree rooted at `root` (see the module header).
pub fn check(env: &TreeEnv, root: u32) -> Result<TreeStats> {
    let buf = env.cache.read(root)?;
    let page = Page::new(&buf, root)?;
    if !page.is_root() {
        return Err(corrupt(root, format!("page {root} is not a root page")));
    }
    let kind_flags = page.flags() & super::KIND_FLAGS;
    let unique = page.flags() & flags::NON_UNIQUE_KEYS == 0 || page.is_space_tree();
    let mut walk = Walk {
        env,
        objid: page.objid_fdp(),
        kind_flags,
        unique,
        seen: HashSet::new(),
        stats: TreeStats::default(),
        leaf_depth: None,
        leaves: Vec::new(),
        last: None,
    };
    drop(buf);
    walk.visit(root, 1, None, None, true)?;
    walk.links()?;
    walk.stats.depth = walk.leaf_depth.unwrap_or(1);
    Ok(walk.stats)
}

impl Walk<'_> {
    fn visit(
        &mut self,
        pgno: u32,
        depth: usize,
        lower: Option<&[u8]>,
        upper: Option<&[u8]>,
        is_root: bool,
    ) -> Result<bool> {
        if depth > MAX_DEPTH {
            return Err(corrupt(pgno, "tree deeper than the limit"));
        }
        if !self.seen.insert(pgno) {
            return Err(corrupt(pgno, format!("page {pgno} is reached twice")));
        }
        self.stats.pages.push(pgno);
        let buf = self.env.cache.read(pgno)?;
        let mut copy = buf.to_vec();
        drop(buf);
        PageMut::open(&mut copy, pgno)?.check()?;
        let page = Page::new(&copy, pgno)?;
        self.page_facts(&page, is_root)?;
        if page.is_leaf() {
            self.leaf(&page, depth, lower, upper)?;
            return Ok(true);
        }
        let n = page.node_count();
        if n == 0 {
            return Err(
                Error::with(ErrorCode::BadEmptyPage, "branch page without nodes").page(pgno),
            );
        }
        let mut seps: Vec<Vec<u8>> = Vec::with_capacity(n);
        for i in 0..n {
            let (k, _, _) = key_parts(&page, i)?;
            seps.push([k[0], k[1]].concat());
        }
        self.separators(pgno, &seps, lower, upper)?;
        let mut children_leaves = None;
        for i in 0..n {
            let lo = if i == 0 {
                lower
            } else {
                Some(seps[i - 1].as_slice())
            };
            let hi = if i + 1 == n {
                upper
            } else {
                Some(seps[i].as_slice())
            };
            let c = child(&page, i)?;
            let is_leaf = self.visit(c, depth + 1, lo, hi, false)?;
            if children_leaves.is_some_and(|l| l != is_leaf) {
                return Err(corrupt(pgno, "children at different depths"));
            }
            children_leaves = Some(is_leaf);
        }
        if (children_leaves == Some(true)) != page.is_parent_of_leaf() {
            return Err(corrupt(
                pgno,
                "parent-of-leaf flag disagrees with the children",
            ));
        }
        Ok(false)
    }

    fn page_facts(&self, page: &Page<'_>, is_root: bool) -> Result<()> {
        let pgno = page.pgno();
        if page.objid_fdp() != self.objid || page.is_empty() {
            return Err(corrupt(
                pgno,
                format!(
                    "page {pgno} has object {} (tree object {}) or is released",
                    page.objid_fdp(),
                    self.objid
                ),
            ));
        }
        if page.is_root() != is_root {
            return Err(corrupt(
                pgno,
                format!("page {pgno}: root flag where it does not belong"),
            ));
        }
        if page.flags() & super::KIND_FLAGS != self.kind_flags {
            return Err(corrupt(
                pgno,
                format!(
                    "page {pgno}: kind flags {:#x} differ from the root's",
                    page.flags()
                ),
            ));
        }
        if !page.is_leaf() && (page.prev() != 0 || page.next() != 0) && !is_root {
            return Err(
                Error::with(ErrorCode::BadPageLink, "branch page with sibling links").page(pgno),
            );
        }
        Ok(())
    }

    fn separators(
        &self,
        pgno: u32,
        seps: &[Vec<u8>],
        lower: Option<&[u8]>,
        upper: Option<&[u8]>,
    ) -> Result<()> {
        let n = seps.len();
        for (i, s) in seps.iter().enumerate() {
            let last = i + 1 == n;
            if s.is_empty() && !last {
                return Err(corrupt(pgno, format!("branch node {i} has an empty key")));
            }
            if i > 0 && !s.is_empty() && seps[i - 1].as_slice() >= s.as_slice() {
                return Err(corrupt(
                    pgno,
                    format!("separators {} and {i} out of order", i - 1),
                ));
            }
            if let Some(lo) = lower {
                if !s.is_empty() && s.as_slice() <= lo {
                    return Err(corrupt(
                        pgno,
                        format!("separator {i} not above the page's lower bound"),
                    ));
                }
            }
            if last {
                let ok = match upper {
                    None => s.is_empty(),
                    Some(u) => s.as_slice() == u,
                };
                if !ok {
                    return Err(corrupt(
                        pgno,
                        "the last branch node does not carry the page's bound",
                    ));
                }
            } else if let Some(u) = upper {
                if s.as_slice() >= u {
                    return Err(corrupt(
                        pgno,
                        format!("separator {i} not below the page's upper bound"),
                    ));
                }
            }
        }
        Ok(())
    }

    fn leaf(
        &mut self,
        page: &Page<'_>,
        depth: usize,
        lower: Option<&[u8]>,
        upper: Option<&[u8]>,
    ) -> Result<()> {
        let pgno = page.pgno();
        if self.leaf_depth.is_some_and(|d| d != depth) {
            return Err(corrupt(pgno, "leaves at different depths"));
        }
        self.leaf_depth = Some(depth);
        if page.node_count() == 0 && !page.is_root() {
            return Err(Error::with(ErrorCode::BadEmptyPage, "empty leaf in a tree").page(pgno));
        }
        for i in 0..page.node_count() {
            let (k, d, _) = key_parts(page, i)?;
            let data: &[u8] = if self.unique { &[] } else { d };
            if let Some(lo) = lower {
                if cmp_separator([lo, &[]], &[k[0], k[1]].concat(), data) == Ordering::Greater {
                    return Err(corrupt(
                        pgno,
                        format!("entry {i} below the range its parent gives"),
                    ));
                }
            }
            if let Some(hi) = upper {
                if cmp_separator([hi, &[]], &[k[0], k[1]].concat(), data) != Ordering::Greater {
                    return Err(corrupt(
                        pgno,
                        format!("entry {i} at or above the range its parent gives"),
                    ));
                }
            }
            if let Some((pk, pd)) = &self.last {
                let ord = match cmp_concat(k, [pk, &[]]) {
                    Ordering::Equal if !self.unique => d.cmp(pd.as_slice()),
                    o => o,
                };
                if ord != Ordering::Greater {
                    return Err(corrupt(
                        pgno,
                        format!("entry {i} does not follow the one before"),
                    ));
                }
            }
            self.last = Some(([k[0], k[1]].concat(), d.to_vec()));
            self.stats.entries += 1;
        }
        self.stats.leaves += 1;
        self.leaves.push((pgno, page.prev(), page.next()));
        Ok(())
    }

    fn links(&self) -> Result<()> {
        for (i, &(pgno, prev, next)) in self.leaves.iter().enumerate() {
            let want_prev = if i == 0 { 0 } else { self.leaves[i - 1].0 };
            let want_next = self.leaves.get(i + 1).map_or(0, |l| l.0);
            if prev != want_prev || next != want_next {
                return Err(Error::with(
                    ErrorCode::BadPageLink,
                    format!("leaf {pgno} links {prev}/{next}, expected {want_prev}/{want_next}"),
                )
                .page(pgno));
            }
        }
        Ok(())
    }
}
