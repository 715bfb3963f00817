//! Reading tree pages: node keys without copying, the in-page searches (leaf and
//! branch), descending from the root, copying nodes out as [`Line`]s, and building
//! page images from lines.
//!
//! Owns the page-level helpers the other B-tree modules share. What must hold: the
//! searches follow ESE's `IlineNDISeekGEQ` (leaf) and `IlineNDISeekGEQInternal`
//! (branch) order, see [`super::keys`]; descents are bounded in depth and check that
//! every page carries the tree's object id, and name the page in their errors.

use super::keys::{cmp_leaf, cmp_separator, Line};
use super::{apply, PageOp, TreeEnv, TreeInfo};
use crate::cache::PageWrite;
use crate::format::page::{child_pgno, flags, node_flags, Page, Probe};
use crate::page::{NewPage, NodeSpec, PageMut};
use crate::{Error, ErrorCode, Result};
use std::cmp::Ordering;

/// The deepest tree accepted (ESE's trees stay far below this).
pub(crate) const MAX_DEPTH: usize = 16;

pub(crate) fn corrupt(pgno: u32, msg: impl Into<String>) -> Error {
    Error::with(ErrorCode::DatabaseCorrupted, msg).page(pgno)
}

/// A node's key in two parts (prefix part, suffix), its data and flags.
pub(crate) type KeyParts<'a> = crate::format::page::NodeParts<'a>;

/// The key of node `i` in two parts: the page prefix part and the suffix.
pub(crate) fn key_parts<'a>(page: &Page<'a>, i: usize) -> Result<KeyParts<'a>> {
    key_parts_with(page, page.key_prefix()?, i)
}

/// [`key_parts`] with the page's key prefix already read (searches probe many nodes
/// of one page).
fn key_parts_with<'a>(page: &Page<'a>, prefix: &'a [u8], i: usize) -> Result<KeyParts<'a>> {
    page.node_parts(prefix, i)
}

/// Starts loading the nodes a binary search over `lo..hi` probes after `mid`
/// (whichever way the comparison at `mid` goes), so their loads overlap the
/// comparison instead of following it.
#[inline]
fn prefetch_next(probe: &Probe<'_>, lo: usize, mid: usize, hi: usize) {
    if mid > lo {
        probe.prefetch_node((lo + mid) / 2);
    }
    if mid + 1 < hi {
        probe.prefetch_node((mid + 1 + hi) / 2);
    }
}

/// Node `i`'s key parts and data through `probe`, or, where it cannot tell,
/// as [`key_parts`] reads them (with its error for a damaged node).
#[inline(always)]
fn probed<'a>(page: &Page<'a>, probe: &Probe<'a>, i: usize) -> Result<([&'a [u8]; 2], &'a [u8])> {
    match probe.parts(i) {
        Some(p) => Ok(p),
        None => key_parts_with(page, probe.prefix(), i).map(|(k, d, _)| (k, d)),
    }
}

/// Leaf search: the first node ≥ the bookmark, and whether it is equal.
pub(crate) fn leaf_search(
    page: &Page<'_>,
    key: &[u8],
    data: Option<&[u8]>,
    unique: bool,
) -> Result<(usize, bool)> {
    leaf_search_in(page, &leaf_probe(page)?, key, data, unique)
}

/// The probe of a leaf page about to be searched.
pub(crate) fn leaf_probe<'a>(page: &Page<'a>) -> Result<Probe<'a>> {
    page.prefetch_tags();
    page.probe()
}

/// [`leaf_search`] through a probe of the page ([`leaf_probe`]).
pub(crate) fn leaf_search_in(
    page: &Page<'_>,
    probe: &Probe<'_>,
    key: &[u8],
    data: Option<&[u8]>,
    unique: bool,
) -> Result<(usize, bool)> {
    let (mut lo, mut hi) = (0usize, probe.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        prefetch_next(probe, lo, mid, hi);
        let (k, d) = probed(page, probe, mid)?;
        if cmp_leaf(k, d, key, data, unique) == Ordering::Less {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    let equal = if lo < probe.len() {
        let (k, d) = probed(page, probe, lo)?;
        cmp_leaf(k, d, key, data, unique) == Ordering::Equal
    } else {
        false
    };
    Ok((lo, equal))
}

/// Branch search: the child for a bookmark — the first separator greater than it,
/// else the last node — and its page number, read through the search's probe (a
/// node the probe cannot read is read as [`child`] reads it, with its error).
pub(crate) fn branch_child(page: &Page<'_>, key: &[u8], data: &[u8]) -> Result<(usize, u32)> {
    let probe = branch_probe(page)?;
    let i = branch_search_in(page, &probe, key, data)?;
    let pgno = match probe.parts(i) {
        Some((_, [a, b, c, d])) if [*a, *b, *c, *d] != [0; 4] => {
            u32::from_le_bytes([*a, *b, *c, *d])
        }
        _ => child(page, i)?,
    };
    Ok((i, pgno))
}

/// The probe of a branch page about to be searched (`JET_errBadEmptyPage`
/// for one without nodes).
fn branch_probe<'a>(page: &Page<'a>) -> Result<Probe<'a>> {
    if page.node_count() == 0 {
        return Err(
            Error::with(ErrorCode::BadEmptyPage, "branch page without nodes").page(page.pgno()),
        );
    }
    page.prefetch_tags();
    page.probe()
}

/// The index of the child for a bookmark on a branch page (see [`branch_child`]).
fn branch_search_in(page: &Page<'_>, probe: &Probe<'_>, key: &[u8], data: &[u8]) -> Result<usize> {
    let (mut lo, mut hi) = (0usize, page.node_count() - 1);
    while lo < hi {
        let mid = (lo + hi) / 2;
        prefetch_next(probe, lo, mid, hi);
        let (k, _) = probed(page, probe, mid)?;
        if cmp_separator(k, key, data) == Ordering::Greater {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(lo)
}

/// The child page of branch node `i`.
pub(crate) fn child(page: &Page<'_>, i: usize) -> Result<u32> {
    let node = page.node(i)?;
    child_pgno(&node).map_err(|e| e.page(page.pgno()))
}

/// Checks that `page` belongs to `tree` and is in use.
pub(crate) fn check_owner(page: &Page<'_>, tree: &TreeInfo) -> Result<()> {
    if page.objid_fdp() != tree.objid || page.is_empty() {
        return Err(Error::with(
            ErrorCode::BadParentPageLink,
            format!(
                "page {} (object {}, flags {:#x}) reached from tree {} (object {})",
                page.pgno(),
                page.objid_fdp(),
                page.flags(),
                tree.root,
                tree.objid
            ),
        )
        .page(page.pgno()));
    }
    Ok(())
}

/// The branch steps of a descent, root first: trees are a few levels deep, so
/// the path stays off the heap.
pub(crate) type Path = smallvec::SmallVec<[Step; 6]>;

/// One step of a descent: a branch page and the child index taken there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Step {
    pub pgno: u32,
    pub index: usize,
}

/// Descends from the root to the leaf for a bookmark (`data` empty for key-only),
/// with read latches taken one at a time on the branch pages, and hands the leaf
/// back latched exclusive, for a writer holding the tree's lock; returns the
/// branch steps too. Below a branch page flagged
/// parent-of-leaf the child is latched exclusive at once, not read first; a child
/// that is not a leaf after all (a wrong flag) is descended through as any branch.
pub(crate) fn descend_write(
    env: &TreeEnv,
    tree: &TreeInfo,
    key: &[u8],
    data: &[u8],
) -> Result<(Path, PageWrite, u32)> {
    let mut path = Path::new();
    let mut pgno = tree.root;
    let mut leaf_below = false;
    for _ in 0..MAX_DEPTH {
        if leaf_below {
            let w = env.cache.write(pgno)?;
            let page = Page::open(&w, pgno)?;
            check_owner(&page, tree)?;
            if page.is_leaf() {
                return Ok((path, w, pgno));
            }
        }
        let buf = env.cache.read(pgno)?;
        let page = Page::open(&buf, pgno)?;
        check_owner(&page, tree)?;
        if page.is_leaf() {
            drop(buf);
            // The tree's lock keeps the leaf as it was read.
            return Ok((path, env.cache.write(pgno)?, pgno));
        }
        let (index, next) = branch_child(&page, key, data)?;
        leaf_below = page.is_parent_of_leaf();
        path.push(Step { pgno, index });
        pgno = next;
    }
    Err(corrupt(tree.root, "tree deeper than the limit"))
}

/// Descends to the leaf for a bookmark like [`descend_write`] and runs `at_leaf`
/// on it (with its page number) under one shared latch, so a reader visits it
/// once. Every page is only looked at ([`BufferCache::with_read`]): no latch
/// outlives the call, and no guard is made for any page.
///
/// [`BufferCache::with_read`]: crate::cache::BufferCache::with_read
pub(crate) fn descend_read<R>(
    env: &TreeEnv,
    tree: &TreeInfo,
    key: &[u8],
    data: &[u8],
    at_leaf: impl FnOnce(&Page<'_>, u32) -> Result<R>,
) -> Result<R> {
    /// What one page gave: the child to take, or the leaf's result.
    enum Next<R> {
        Child(u32),
        Leaf(R),
    }
    let mut at_leaf = Some(at_leaf);
    let mut pgno = tree.root;
    for _ in 0..MAX_DEPTH {
        let next = env.cache.with_read(pgno, |bytes| -> Result<Next<R>> {
            let page = Page::open(bytes, pgno)?;
            check_owner(&page, tree)?;
            if page.is_leaf() {
                // Taken once: a leaf ends the descent.
                let f = at_leaf
                    .take()
                    .ok_or_else(|| corrupt(pgno, "a second leaf"))?;
                return f(&page, pgno).map(Next::Leaf);
            }
            Ok(Next::Child(branch_child(&page, key, data)?.1))
        })??;
        match next {
            Next::Leaf(r) => return Ok(r),
            Next::Child(c) => pgno = c,
        }
    }
    Err(corrupt(tree.root, "tree deeper than the limit"))
}

/// Descends choosing the child with `choose` at each branch page.
pub(crate) fn descend_by(
    env: &TreeEnv,
    tree: &TreeInfo,
    mut choose: impl FnMut(&Page<'_>) -> Result<usize>,
) -> Result<(Vec<Step>, u32)> {
    let mut path = Vec::new();
    let mut pgno = tree.root;
    for _ in 0..MAX_DEPTH {
        let buf = env.cache.read(pgno)?;
        let page = Page::open(&buf, pgno)?;
        check_owner(&page, tree)?;
        if page.is_leaf() {
            return Ok((path, pgno));
        }
        let index = choose(&page)?;
        let next = child(&page, index)?;
        path.push(Step { pgno, index });
        pgno = next;
    }
    Err(corrupt(tree.root, "tree deeper than the limit"))
}

/// All nodes of `page` as lines.
pub(crate) fn lines_of<'a>(page: &Page<'a>) -> Result<Vec<Line<'a>>> {
    let prefix = page.key_prefix()?;
    (0..page.node_count())
        .map(|i| line_with(page, prefix, i))
        .collect()
}

/// Node `i` of `page` copied out as a [`Line`].
pub(crate) fn line_at<'a>(page: &Page<'a>, i: usize) -> Result<Line<'a>> {
    line_with(page, page.key_prefix()?, i)
}

fn line_with<'a>(page: &Page<'a>, prefix: &'a [u8], i: usize) -> Result<Line<'a>> {
    let (k, d, f) = key_parts_with(page, prefix, i)?;
    let mut key = super::keys::LineKey::with_capacity(k[0].len() + k[1].len());
    key.extend_from_slice(k[0]);
    key.extend_from_slice(k[1]);
    Ok(Line {
        key,
        data: std::borrow::Cow::Borrowed(d),
        flags: f & !node_flags::COMPRESSED,
    })
}

/// The header facts a rebuilt page keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PageFacts {
    pub objid: u32,
    pub flags: u32,
    pub prev: u32,
    pub next: u32,
}

/// Builds the image of page `pgno`: `external` in tag 0, `lines` compressed with
/// `prefix_lens` against `prefix` (the part of `external` that is the key prefix).
pub(crate) fn build_image(
    page_size: usize,
    pgno: u32,
    facts: PageFacts,
    external: &[u8],
    prefix: &[u8],
    lines: &[Line<'_>],
    prefix_lens: &[usize],
) -> Result<Vec<u8>> {
    let mut image = vec![0u8; page_size];
    let new = NewPage {
        objid_fdp: facts.objid,
        flags: facts.flags,
        dbtime: 0,
        prev: facts.prev,
        next: facts.next,
    };
    let mut page = PageMut::init(&mut image, pgno, &new)?;
    let mut ok = page.set_external_header(external)?.is_ok();
    for (i, line) in lines.iter().enumerate() {
        let p = prefix_lens.get(i).copied().unwrap_or(0);
        if p > prefix.len() || p > line.key.len() {
            return Err(Error::with(
                ErrorCode::InternalError,
                format!("prefix length {p} beyond the prefix or key of a node on page {pgno}"),
            ));
        }
        let spec = NodeSpec::new(p, &line.key[p..], &line.data).with_flags(line.flags);
        ok &= page.insert_node(i, &spec)?.is_ok();
    }
    if !ok {
        return Err(Error::with(
            ErrorCode::InternalError,
            format!("a split or merge planned more than page {pgno} holds"),
        ));
    }
    Ok(image)
}

/// Writes a built image into the latched page through [`apply`].
///
/// `image` is one the engine built with the page layer ([`build_image`], or
/// `PageMut` directly), so its structure holds by construction: the page is
/// marked checked, and the next change to it does not check every tag again.
pub(crate) fn apply_image(env: &TreeEnv, w: &mut PageWrite, image: &[u8]) -> Result<()> {
    apply(env, w, &PageOp::Image { image })?.map_err(|_| {
        Error::with(
            ErrorCode::InternalError,
            "a page image did not fit its page",
        )
    })?;
    w.set_structure_checked();
    Ok(())
}

/// Applies a change that must fit (the caller checked); a misfit is an internal error.
pub(crate) fn apply_fitting(env: &TreeEnv, w: &mut PageWrite, op: &PageOp<'_>) -> Result<()> {
    apply(env, w, op)?.map_err(|_| {
        Error::with(
            ErrorCode::InternalError,
            format!("a change planned to fit page {} did not", w.pgno()),
        )
    })
}

/// Bytes a change may still take on `page` (`cbFree − cbUncommittedFree`).
pub(crate) fn free_bytes(page: &Page<'_>) -> usize {
    let h = page.header();
    usize::from(h.cb_free).saturating_sub(usize::from(h.cb_uncommitted_free))
}

/// The facts of a page view.
pub(crate) fn facts_of(page: &Page<'_>) -> PageFacts {
    PageFacts {
        objid: page.objid_fdp(),
        flags: page.flags(),
        prev: page.prev(),
        next: page.next(),
    }
}

/// The flags of a non-root copy of a page with flags `f`.
pub(crate) fn non_root(f: u32) -> u32 {
    f & !flags::ROOT
}
