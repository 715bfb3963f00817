//! What a delete leaves behind: released pages and merges, after ESE's
//! `ErrBTIMergeOrEmptyPage` rules as far as they matter for correctness.
//!
//! Owns the clean-up after a node was deleted from a leaf:
//!
//! - an empty leaf that is the only leaf of the tree makes the tree empty again:
//!   the root becomes an empty leaf and every other page is released
//!   (`ErrBTIMergeEmptyTree`);
//! - another empty leaf is unlinked from its siblings, its pointer removed from its
//!   parent, and it is released (`mergetypeEmptyPage`); a branch page that loses its
//!   only pointer is released the same way, one level up. Removing the last pointer
//!   of a branch page keeps the page's bound: the pointer before it takes over the
//!   last node's key (ESE changes the key; here the last node keeps its key and takes
//!   the previous node's child, which cannot overflow the page). When that child is
//!   a branch page, its upper bound grows to that key, so the last node of every
//!   branch page down its right edge takes the key too (each branch page's last
//!   node carries the page's bound; left stale, a later split of such a page put
//!   its separators out of order). An empty key always fits; when a longer one
//!   would not fit one of those pages, the leaf is not released and keeps its last
//!   node flag-deleted, as ESE leaves a node whose merge would overflow a page;
//! - a leaf that falls below half full, has a right sibling, and whose left sibling
//!   hangs off the same parent, is merged into that left sibling when its nodes fit
//!   there with the density reserve kept free (`mergetypeFullLeft`,
//!   `FBTISPCCheckMergeable`); the parent keeps the merged page's separator for the
//!   left page. ESE checks merges during version clean-up and only against cached
//!   siblings; the half-full gate stands in for that. Branch pages are not merged
//!   (neither does ESE).
//!
//! A released page is rewritten as an empty page (flag `EMPTY`, no nodes, a new
//! dbtime, so a cursor positioned on it re-seeks) and handed to the allocator when
//! the operation ends.

use super::keys::{page_capacity, Line, MAX_TAGS};
use super::read::{
    apply_fitting, apply_image, build_image, child, facts_of, free_bytes, key_parts, lines_of,
    PageFacts, Step,
};
use super::write::WriteCtx;
use super::{BTree, PageOp};
use crate::format::page::{flags, Page, SPLIT_BUFFER_SIZE};
use crate::page::{split_key, NodeSpec};
use crate::{Error, ErrorCode, Result};

/// Clean-up after a delete from `leaf`, reached by `path`.
pub(crate) fn after_delete(
    tree: &BTree,
    ctx: &mut WriteCtx,
    path: &[Step],
    leaf: u32,
) -> Result<()> {
    let env = &tree.shared.env;
    let buf = env.cache.read(leaf)?;
    let page = Page::new(&buf, leaf)?;
    if page.is_root() {
        return Ok(());
    }
    let (prev, next, count) = (page.prev(), page.next(), page.node_count());
    let sparse = below_half(tree, &page);
    drop(buf);
    // A step failing part way (no cache frame, a read error) leaves half a
    // merge: never logged, never written.
    let whole = |r: Result<()>| r.map_err(|e| super::change::broken(env, e));
    if count == 0 {
        ctx.restructure(tree);
        if prev == 0 && next == 0 {
            return whole(empty_tree(tree, ctx, path, leaf));
        }
        return whole(
            relink(tree, prev, next)
                .and_then(|()| release(tree, ctx, leaf))
                .and_then(|()| remove_pointer(tree, ctx, path, path.len())),
        );
    }
    if next != 0 && prev != 0 && sparse {
        ctx.restructure(tree);
        whole(merge_left(tree, ctx, path, leaf).map(|_| ()))?;
    }
    Ok(())
}

/// Links `prev` and `next` (either may be 0) to each other.
fn relink(tree: &BTree, prev: u32, next: u32) -> Result<()> {
    let env = &tree.shared.env;
    if prev != 0 {
        let mut w = env.cache.write(prev)?;
        let p = Page::new(&w, prev)?.prev();
        apply_fitting(env, &mut w, &PageOp::SetLinks { prev: p, next })?;
    }
    if next != 0 {
        let mut w = env.cache.write(next)?;
        let n = Page::new(&w, next)?.next();
        apply_fitting(env, &mut w, &PageOp::SetLinks { prev, next: n })?;
    }
    Ok(())
}

/// Rewrites `pgno` as a released, empty page and queues it for the allocator.
fn release(tree: &BTree, ctx: &mut WriteCtx, pgno: u32) -> Result<()> {
    let env = &tree.shared.env;
    let mut w = env.cache.write(pgno)?;
    let facts = facts_of(&Page::new(&w, pgno)?);
    let facts = PageFacts {
        flags: facts.flags | flags::EMPTY,
        ..facts
    };
    let image = build_image(tree.page_size(), pgno, facts, &[], &[], &[], &[])?;
    apply_image(env, &mut w, &image)?;
    ctx.released.push(pgno);
    Ok(())
}

/// Removes the pointer taken at `path[depth - 1]` (to a page just released).
fn remove_pointer(tree: &BTree, ctx: &mut WriteCtx, path: &[Step], depth: usize) -> Result<()> {
    let env = &tree.shared.env;
    let Some(step) = depth.checked_sub(1).map(|d| path[d]) else {
        return Err(Error::with(
            ErrorCode::InternalError,
            "released the root of a tree",
        ));
    };
    let mut w = env.cache.write(step.pgno)?;
    let page = Page::new(&w, step.pgno)?;
    let n = page.node_count();
    let is_root = page.is_root();
    if n == 1 {
        drop(w);
        if is_root {
            return Err(Error::with(
                ErrorCode::InternalError,
                "the root lost its only child outside an empty-tree clean-up",
            ));
        }
        release(tree, ctx, step.pgno)?;
        return remove_pointer(tree, ctx, path, depth - 1);
    }
    if step.index + 1 == n {
        // Keep the bound in the last node; it now points to the previous child,
        // whose right edge takes that bound when it is a branch page.
        let edge = if depth < path.len() {
            right_edge(tree, &page, step.index)?
        } else {
            None
        };
        let keep = child(&page, step.index - 1)?.to_le_bytes();
        apply_fitting(
            env,
            &mut w,
            &PageOp::Delete {
                index: step.index - 1,
            },
        )?;
        apply_fitting(
            env,
            &mut w,
            &PageOp::ReplaceData {
                index: step.index - 1,
                data: &keep,
            },
        )?;
        drop(w);
        match edge {
            Some((bound, pages)) => set_last_keys(tree, &bound, &pages, true).map(drop),
            None => Ok(()),
        }
    } else {
        apply_fitting(env, &mut w, &PageOp::Delete { index: step.index })
    }
}

/// Where removing the last pointer of branch page `page` (at `last`, the page it
/// points to released) moves a bound: the child before it becomes the page's
/// last child and now ends where the removed one ended (the last node's key,
/// kept), so the last node of every branch page down that child's right edge
/// must carry that key instead of the separator it carried (a branch page's
/// last node carries the page's upper bound, empty on the right edge of the
/// tree). `None` when the child before is a leaf, which carries no bound.
/// Otherwise the key and the pages, top down.
fn right_edge(tree: &BTree, page: &Page<'_>, last: usize) -> Result<Option<(Vec<u8>, Vec<u32>)>> {
    let env = &tree.shared.env;
    let (k, _, _) = key_parts(page, last)?;
    let bound = [k[0], k[1]].concat();
    let mut pgno = child(page, last - 1)?;
    let mut pages = Vec::new();
    loop {
        let buf = env.cache.read(pgno)?;
        let p = Page::new(&buf, pgno)?;
        if p.is_leaf() {
            break;
        }
        pages.push(pgno);
        if p.is_parent_of_leaf() {
            break;
        }
        let n = p.node_count();
        if n == 0 {
            return Err(super::read::corrupt(pgno, "branch page without nodes"));
        }
        pgno = child(&p, n - 1)?;
    }
    Ok((!pages.is_empty()).then_some((bound, pages)))
}

/// Gives the last node of each branch page of `pages` the key `bound` (its child
/// kept). With `apply` false nothing is written: whether every page can take the
/// key (a longer key may not fit a full page; an empty one always fits).
fn set_last_keys(tree: &BTree, bound: &[u8], pages: &[u32], apply: bool) -> Result<bool> {
    let env = &tree.shared.env;
    for &pgno in pages {
        let mut copy = env.cache.read(pgno)?.to_vec();
        let (last, plen, suffix, data) = {
            let page = Page::new(&copy, pgno)?;
            let last = page
                .node_count()
                .checked_sub(1)
                .ok_or_else(|| super::read::corrupt(pgno, "branch page without nodes"))?;
            let (k, data, _) = key_parts(&page, last)?;
            if k[0].len() + k[1].len() == bound.len() && [k[0], k[1]].concat() == bound {
                continue;
            }
            let (plen, suffix) = split_key(page.key_prefix()?, bound);
            (last, plen, suffix, data.to_vec())
        };
        let op = PageOp::Replace {
            index: last,
            node: NodeSpec::new(plen, suffix, &data),
        };
        if apply {
            let mut w = env.cache.write(pgno)?;
            apply_fitting(env, &mut w, &op)?;
        } else if super::change::apply_op(&mut copy, pgno, &op, false)?.is_err() {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Whether leaf `leaf` (reached by `path`), about to lose its only node, can be
/// released with the branch pages above it that point to nothing else: false
/// when the branch pages whose last key the release changes (see [`right_edge`])
/// cannot all take the new key. ESE leaves the page's last node flag-deleted
/// then (a merge that would overflow is not made).
pub(crate) fn leaf_can_go(tree: &BTree, path: &[Step]) -> Result<bool> {
    let env = &tree.shared.env;
    let mut depth = path.len();
    while let Some(step) = depth.checked_sub(1).map(|d| path[d]) {
        let buf = env.cache.read(step.pgno)?;
        let page = Page::new(&buf, step.pgno)?;
        let n = page.node_count();
        if n == 1 && !page.is_root() {
            depth -= 1;
            continue;
        }
        // A root with one child (index 0) loses it only in an empty-tree clean-up.
        if step.index + 1 != n || depth == path.len() || step.index == 0 {
            return Ok(true);
        }
        return match right_edge(tree, &page, step.index)? {
            Some((bound, pages)) => {
                drop(buf);
                set_last_keys(tree, &bound, &pages, false)
            }
            None => Ok(true),
        };
    }
    Ok(true)
}

/// The only leaf emptied: the root becomes an empty leaf, the rest is released.
fn empty_tree(tree: &BTree, ctx: &mut WriteCtx, path: &[Step], leaf: u32) -> Result<()> {
    let env = &tree.shared.env;
    let root = tree.shared.info.root;
    let mut w = env.cache.write(root)?;
    let page = Page::new(&w, root)?;
    let mut external = page.external_header()?.to_vec();
    if page.is_space_tree() {
        external.truncate(SPLIT_BUFFER_SIZE);
    }
    let facts = facts_of(&page);
    let facts = PageFacts {
        flags: (facts.flags & !flags::PARENT_OF_LEAF) | flags::LEAF,
        prev: 0,
        next: 0,
        ..facts
    };
    let image = build_image(tree.page_size(), root, facts, &external, &[], &[], &[])?;
    apply_image(env, &mut w, &image)?;
    drop(w);
    for step in path.iter().skip(1) {
        release(tree, ctx, step.pgno)?;
    }
    release(tree, ctx, leaf)
}

/// Whether `page` of `tree` uses less than half of a page's room: a leaf a delete's
/// clean-up, or online defragmentation, tries to merge into its left sibling.
fn below_half(tree: &BTree, page: &Page<'_>) -> bool {
    let room = page_capacity(tree.page_size());
    room.saturating_sub(free_bytes(page)) < room / 2
}

/// Online defragmentation of one leaf (`JetDefragment`): `leaf`, if it is still a
/// leaf of `tree` below half full with siblings on both sides, is merged into its
/// left sibling as a delete's clean-up merges it (same parent, its nodes fit there
/// with the density reserve free). Returns whether it was merged (and released). A
/// page that no longer belongs to the tree, is no leaf or is empty is left alone.
pub(crate) fn merge_sparse(tree: &BTree, ctx: &mut WriteCtx, leaf: u32) -> Result<bool> {
    let env = &tree.shared.env;
    let (key, data) = {
        let buf = env.cache.read(leaf)?;
        let page = Page::new(&buf, leaf)?;
        if page.objid_fdp() != tree.shared.info.objid
            || !page.is_leaf()
            || page.is_root()
            || page.flags() & flags::EMPTY != 0
            || page.node_count() == 0
            || page.prev() == 0
            || page.next() == 0
            || !below_half(tree, &page)
        {
            return Ok(false);
        }
        let (k, d, _) = key_parts(&page, 0)?;
        let mut key = k[0].to_vec();
        key.extend_from_slice(k[1]);
        (
            key,
            if tree.unique() {
                Vec::new()
            } else {
                d.to_vec()
            },
        )
    };
    let (path, w, found, _) = super::read::descend_write(env, &tree.shared.info, &key, &data)?;
    drop(w);
    if found != leaf {
        // Its first node leads elsewhere: not a page of this tree's leaf level now.
        return Ok(false);
    }
    ctx.restructure(tree);
    merge_left(tree, ctx, &path, leaf).map_err(|e| super::change::broken(env, e))
}

/// Merges `leaf` into its left sibling when both hang off the same parent and the
/// nodes fit there with the density reserve free; whether it did.
fn merge_left(tree: &BTree, ctx: &mut WriteCtx, path: &[Step], leaf: u32) -> Result<bool> {
    let env = &tree.shared.env;
    let Some(parent) = path.last().copied() else {
        return Ok(false);
    };
    if parent.index == 0 {
        return Ok(false);
    }
    let left_pgno = {
        let buf = env.cache.read(parent.pgno)?;
        child(&Page::new(&buf, parent.pgno)?, parent.index - 1)?
    };
    // The leaf's lines borrow from a copy of it (the leaf's latch is not held
    // while the left page is latched).
    let leaf_copy = env.cache.read(leaf)?.to_vec();
    let page = Page::new(&leaf_copy, leaf)?;
    if page.prev() != left_pgno {
        return Ok(false);
    }
    let (moved, next) = (lines_of(&page)?, page.next());
    let mut w = env.cache.write(left_pgno)?;
    let page = Page::new(&w, left_pgno)?;
    let prefix = page.key_prefix()?.to_vec();
    let free = free_bytes(&page);
    let need: usize = moved
        .iter()
        .map(|l| super::keys::insert_cost(&prefix, &l.key, &l.data).1)
        .sum();
    if need + tree.shared.density_reserve > free || page.node_count() + moved.len() + 1 >= MAX_TAGS
    {
        return Ok(false);
    }
    let mut lines: Vec<Line<'_>> = lines_of(&page)?;
    lines.extend(moved);
    let lens: Vec<usize> = lines.iter().map(|l| split_key(&prefix, &l.key).0).collect();
    let facts = PageFacts {
        next,
        ..facts_of(&page)
    };
    let external = page.external_header()?.to_vec();
    let image = build_image(
        tree.page_size(),
        left_pgno,
        facts,
        &external,
        &prefix,
        &lines,
        &lens,
    )?;
    apply_image(env, &mut w, &image)?;
    drop(w);
    if next != 0 {
        let mut r = env.cache.write(next)?;
        let n = Page::new(&r, next)?.next();
        apply_fitting(
            env,
            &mut r,
            &PageOp::SetLinks {
                prev: left_pgno,
                next: n,
            },
        )?;
    }
    // The parent: the left page takes the merged page's separator.
    let mut p = env.cache.write(parent.pgno)?;
    let keep = left_pgno.to_le_bytes();
    apply_fitting(
        env,
        &mut p,
        &PageOp::Delete {
            index: parent.index - 1,
        },
    )?;
    apply_fitting(
        env,
        &mut p,
        &PageOp::ReplaceData {
            index: parent.index - 1,
            data: &keep,
        },
    )?;
    drop(p);
    release(tree, ctx, leaf)?;
    Ok(true)
}
