//! Splits, as ESE's `ErrBTISplit` chooses and performs them.
//!
//! Owns the split plan and its execution. A change that does not fit its page is
//! planned bottom-up over the path from the leaf to the root:
//!
//! - the root never splits sideways: a *vertical* split moves all its nodes (with the
//!   change when they fit together) to a new child and leaves the root with one
//!   node pointing to it (`BTISelectVerticalSplit`); the root page number never
//!   changes;
//! - an insert past the last node of the last leaf is an *append* split: the new
//!   page gets only the new node, with its key as prefix (`BTISelectAppend`); the
//!   branch levels above an append split as far right as their nodes allow
//!   (`BTISelectAppendLeafSplit`);
//! - an insert before the first node of the first leaf moves everything but the new
//!   node right (`BTISelectPrependLeafSplit`);
//! - otherwise the split point balances the bytes of both pages and is moved until
//!   both fit (`BTISelectEvenSplit`); each page gets the prefix that saves most
//!   (`BTISelectPrefix`). ESE's hot-point splits are not made.
//!
//! The separator a leaf split puts in the parent is the shortest key between the
//! two pages ([`super::keys::separator`]); a branch split moves up the key of the
//! last node of the left page. When no split point can hold the change, the page is
//! split without it (ESE's `splitoperNone`) and the caller retries the change.
//!
//! What must hold: the pages a plan needs are allocated before any page is latched
//! for writing, the plan is made from pages that cannot change meanwhile (the caller
//! holds the tree lock exclusive), and external headers are re-read under the write
//! latch (the space layer may change an FDP's space header or a space tree's split
//! buffer while the tree is being split).

use super::keys::{fits_fresh, insert_cost, layout, page_capacity, separator, Layout, Line};
use super::read::{
    apply_fitting, apply_image, build_image, facts_of, free_bytes, line_at, lines_of, non_root,
    PageFacts, Step,
};
use super::write::{LeafOp, WriteCtx};
use super::{BTree, PageOp};
use crate::format::page::{flags, Page, SPLIT_BUFFER_SIZE};
use crate::page::{split_key, NodeSpec};
use crate::{Error, ErrorCode, Result};
use std::borrow::Cow;
use std::cell::OnceCell;

/// One page of the path, copied out.
struct Level {
    pgno: u32,
    facts: PageFacts,
    /// The key prefix the page's nodes use.
    prefix: Vec<u8>,
    /// How many nodes the page has.
    count: usize,
    /// Bytes a change may still take (`cbFree − cbUncommittedFree`).
    free: usize,
    root: bool,
    leaf: bool,
    /// A copy of the page, made when a plan first needs its lines: the lines
    /// borrow their data from it.
    image: OnceCell<Vec<u8>>,
}

/// The change one level receives.
#[derive(Debug, Clone)]
enum LevelOp<'a> {
    /// The caller's change at the leaf.
    Leaf(LeafOp<'a>),
    /// A separator for a split child: insert `(sep, left)` at `at`, and point the
    /// node after it to `new`.
    Separator {
        at: usize,
        sep: Vec<u8>,
        left: u32,
        new: u32,
    },
}

/// What happens to one page.
enum Action<'a> {
    /// The separator fits: insert it in place.
    Insert {
        level: usize,
        at: usize,
        sep: Vec<u8>,
        left: u32,
        new: u32,
    },
    /// The page keeps `lines[..at]`, page `new` gets `lines[at..]`. `left` is `None`
    /// for an append split (the page keeps its nodes and prefix; `lines` then holds
    /// only the page's last node and the new one).
    Horizontal {
        level: usize,
        lines: Vec<Line<'a>>,
        at: usize,
        left: Option<Layout>,
        right: Layout,
        new: u32,
    },
    /// The root's nodes move to page `new`.
    Vertical {
        level: usize,
        lines: Vec<Line<'a>>,
        layout: Layout,
        new: u32,
    },
}

/// A split plan: the actions, whether the caller's change is part of it, and how
/// many new pages it needs.
struct Plan<'a> {
    actions: Vec<Action<'a>>,
    with_op: bool,
    needed: usize,
}

/// How a split ended.
pub(crate) enum Outcome {
    /// The change was made.
    Done,
    /// A split was made without the change; run the change again.
    Retry,
}

/// Splits for `op` on leaf `leaf` reached by `path`, allocating pages as needed.
pub(crate) fn split(
    tree: &BTree,
    ctx: &mut WriteCtx,
    path: &[Step],
    leaf: u32,
    op: LeafOp<'_>,
) -> Result<Outcome> {
    let levels = read_levels(tree, path, leaf)?;
    if ctx.reserved.is_empty() {
        // Every split takes at least one new page (the leaf's split is horizontal
        // or vertical): taken first, most plans are made once.
        let pages = tree.shared.alloc.allocate(&tree.shared.info, leaf, 1)?;
        ctx.reserved.extend(pages);
    }
    let mut plan = make_plan(tree, &levels, path, &op, &ctx.reserved)?;
    if plan.needed > ctx.reserved.len() {
        let near = leaf;
        let more = plan.needed - ctx.reserved.len();
        let pages = tree.shared.alloc.allocate(&tree.shared.info, near, more)?;
        ctx.reserved.extend(pages);
        plan = make_plan(tree, &levels, path, &op, &ctx.reserved)?;
    }
    if plan.needed > ctx.reserved.len() {
        return Err(Error::with(
            ErrorCode::InternalError,
            "a split plan changed between two identical passes",
        ));
    }
    ctx.reserved.drain(..plan.needed);
    ctx.restructure(tree);
    for action in plan.actions.iter().rev() {
        // A later action failing (no cache frame for a new page, a read error)
        // leaves the earlier ones half a split: never logged, never written.
        perform(tree, &levels, action).map_err(|e| super::change::broken(&tree.shared.env, e))?;
    }
    Ok(if plan.with_op {
        Outcome::Done
    } else {
        Outcome::Retry
    })
}

fn read_levels(tree: &BTree, path: &[Step], leaf: u32) -> Result<Vec<Level>> {
    let env = &tree.shared.env;
    let mut levels = Vec::with_capacity(path.len() + 1);
    let pgnos = std::iter::once(leaf).chain(path.iter().rev().map(|s| s.pgno));
    for pgno in pgnos {
        let buf = env.cache.read(pgno)?;
        let page = Page::open(&buf, pgno)?;
        levels.push(Level {
            pgno,
            facts: facts_of(&page),
            prefix: page.key_prefix()?.to_vec(),
            count: page.node_count(),
            free: free_bytes(&page),
            root: page.is_root(),
            leaf: page.is_leaf(),
            image: OnceCell::new(),
        });
    }
    Ok(levels)
}

impl Level {
    /// The page's nodes as lines, copied out of the page (the caller holds the tree
    /// lock, so the page cannot change meanwhile). Each plan copies the nodes of the
    /// levels it changes once (most splits change only the leaf and insert one
    /// separator above it); an append split copies only the leaf's last node.
    fn lines(&self, tree: &BTree) -> Result<Vec<Line<'_>>> {
        lines_of(&Page::open(self.image(tree)?, self.pgno)?)
    }

    /// The page's last node as a line.
    fn last_line(&self, tree: &BTree) -> Result<Line<'_>> {
        let page = Page::open(self.image(tree)?, self.pgno)?;
        let last = page
            .node_count()
            .checked_sub(1)
            .ok_or_else(|| no_split(self.pgno))?;
        line_at(&page, last)
    }

    /// The copy of the page (one read of it; later calls reuse it).
    fn image(&self, tree: &BTree) -> Result<&[u8]> {
        if self.image.get().is_none() {
            let buf = tree.shared.env.cache.read(self.pgno)?;
            let _ = self.image.set(buf.to_vec());
        }
        Ok(self.image.get_or_init(Vec::new))
    }
}

/// The lines of a level with its change applied, and where the change is.
fn with_op<'a>(
    tree: &BTree,
    level: &'a Level,
    op: &LevelOp<'a>,
) -> Result<(Vec<Line<'a>>, usize, bool)> {
    let mut lines = level.lines(tree)?;
    match op {
        LevelOp::Leaf(LeafOp::Insert { pos, line }) => {
            lines.insert(*pos, line.clone());
            Ok((lines, *pos, true))
        }
        LevelOp::Leaf(LeafOp::Replace { pos, line }) => {
            lines[*pos] = line.clone();
            Ok((lines, *pos, false))
        }
        LevelOp::Separator { at, sep, left, new } => {
            if let Some(next) = lines.get_mut(*at) {
                next.data = Cow::Owned(new.to_le_bytes().to_vec());
            }
            lines.insert(*at, Line::branch(sep, *left));
            Ok((lines, *at, true))
        }
    }
}

/// Whether `op` on `level` is an append split: an insert past the last node of the
/// last leaf (`BTISelectAppend`), which leaves the leaf as it is.
fn is_append(level: &Level, op: &LevelOp<'_>) -> bool {
    matches!(op, LevelOp::Leaf(LeafOp::Insert { pos, .. }) if *pos == level.count)
        && level.leaf
        && !level.root
        && level.count > 0
        && level.facts.next == 0
}

fn make_plan<'a>(
    tree: &BTree,
    levels: &'a [Level],
    path: &[Step],
    op: &LeafOp<'a>,
    reserved: &[u32],
) -> Result<Plan<'a>> {
    let page_size = tree.page_size();
    let mut plan = Plan {
        actions: Vec::new(),
        with_op: true,
        needed: 0,
    };
    let mut level_op = LevelOp::Leaf(op.clone());
    let mut leaf_append = false;
    for (lvl, level) in levels.iter().enumerate() {
        if let LevelOp::Separator { at, sep, left, new } = &level_op {
            let (_, cost) = insert_cost(&level.prefix, sep, &[0; 4]);
            if cost <= level.free && level.count + 1 < super::keys::MAX_TAGS {
                plan.actions.push(Action::Insert {
                    level: lvl,
                    at: *at,
                    sep: sep.clone(),
                    left: *left,
                    new: *new,
                });
                return Ok(plan);
            }
        }
        let append = is_append(level, &level_op);
        let (lines, oper, insert) = match &level_op {
            // The leaf keeps its nodes: only its last one (for the separator) and
            // the new one are needed.
            LevelOp::Leaf(LeafOp::Insert { line, .. }) if append => {
                (vec![level.last_line(tree)?, line.clone()], 1, true)
            }
            _ => with_op(tree, level, &level_op)?,
        };
        if level.root {
            let before = level.lines(tree)?;
            plan_vertical(&mut plan, lvl, &before, lines, page_size, reserved);
            return Ok(plan);
        }
        let prepend = level.leaf && insert && oper == 0 && level.facts.prev == 0;
        let chosen = if append {
            let last = &lines[lines.len() - 1];
            Some((lines.len() - 1, None, append_layout(last, page_size)))
        } else {
            choose(&lines, page_size, leaf_append && !level.leaf, prepend)
        };
        let (lines, at, left, right) = match chosen {
            Some((at, left, right)) => (lines, at, left, right),
            None if level.leaf => {
                plan.with_op = false;
                let lines = level.lines(tree)?;
                let (at, left, right) =
                    choose(&lines, page_size, false, false).ok_or_else(|| no_split(level.pgno))?;
                (lines, at, left, right)
            }
            None => return Err(no_split(level.pgno)),
        };
        if level.leaf {
            leaf_append = append;
        }
        let sep = if level.leaf {
            separator(&lines[at - 1], &lines[at])
        } else {
            lines[at - 1].key.to_vec()
        };
        let new = take_new_page(&mut plan, reserved);
        plan.actions.push(Action::Horizontal {
            level: lvl,
            lines,
            at,
            left,
            right,
            new,
        });
        let Some(parent) = path.len().checked_sub(lvl + 1).map(|i| path[i]) else {
            return Err(no_split(level.pgno));
        };
        level_op = LevelOp::Separator {
            at: parent.index,
            sep,
            left: level.pgno,
            new,
        };
    }
    Err(Error::with(
        ErrorCode::InternalError,
        "a split plan ran past the root",
    ))
}

/// The next page of the plan: a reserved page, or 0 while counting.
fn take_new_page(plan: &mut Plan<'_>, reserved: &[u32]) -> u32 {
    let pgno = reserved.get(plan.needed).copied().unwrap_or(0);
    plan.needed += 1;
    pgno
}

/// The root's vertical split, with the change when everything fits on one page;
/// otherwise without it, dropping the lower levels' splits (the change is retried).
fn plan_vertical<'a>(
    plan: &mut Plan<'a>,
    lvl: usize,
    before: &[Line<'a>],
    lines: Vec<Line<'a>>,
    page_size: usize,
    reserved: &[u32],
) {
    let lay = layout(&lines);
    if fits_fresh(&lines, lay.used, page_size) {
        let new = take_new_page(plan, reserved);
        plan.actions.push(Action::Vertical {
            level: lvl,
            lines,
            layout: lay,
            new,
        });
        return;
    }
    plan.actions.clear();
    plan.needed = 0;
    plan.with_op = false;
    let new = take_new_page(plan, reserved);
    plan.actions.push(Action::Vertical {
        level: lvl,
        lines: before.to_vec(),
        layout: layout(before),
        new,
    });
}

fn no_split(pgno: u32) -> Error {
    Error::with(
        ErrorCode::InternalError,
        format!("no split point of page {pgno} fits both halves"),
    )
    .page(pgno)
}

/// The layout of an append split's new page: the new node alone, its key as prefix
/// when that fits (`BTISelectAppend`).
fn append_layout(line: &Line<'_>, page_size: usize) -> Layout {
    let klen = line.key.len().min(crate::page::MAX_KEY_COUNT);
    if klen > crate::page::PREFIX_OVERHEAD
        && line.size() + crate::page::PREFIX_OVERHEAD <= page_capacity(page_size)
    {
        Layout {
            prefix: line.key[..klen].to_vec(),
            prefix_lens: vec![klen],
            used: line.size() + crate::page::PREFIX_OVERHEAD,
        }
    } else {
        Layout {
            prefix: Vec::new(),
            prefix_lens: vec![0],
            used: line.size(),
        }
    }
}

type Choice = (usize, Option<Layout>, Layout);

/// Both layouts for a split at `at`, if both pages fit; `Err((left_over, right_over))`.
fn try_at(
    lines: &[Line<'_>],
    at: usize,
    page_size: usize,
) -> std::result::Result<Choice, (bool, bool)> {
    let left = layout(&lines[..at]);
    let right = layout(&lines[at..]);
    let lo = !fits_fresh(&lines[..at], left.used, page_size);
    let ro = !fits_fresh(&lines[at..], right.used, page_size);
    if lo || ro {
        Err((lo, ro))
    } else {
        Ok((at, Some(left), right))
    }
}

/// Chooses a horizontal split point (`BTISelectRightSplit`).
fn choose(
    lines: &[Line<'_>],
    page_size: usize,
    append_leaf: bool,
    prepend: bool,
) -> Option<Choice> {
    let n = lines.len();
    if n < 2 {
        return None;
    }
    if append_leaf {
        return (1..n)
            .rev()
            .find_map(|at| try_at(lines, at, page_size).ok());
    }
    if prepend {
        if let Ok(c) = try_at(lines, 1, page_size) {
            return Some(c);
        }
    }
    // The most even split by bytes, ties to the right (fewest nodes moved).
    let total: usize = lines.iter().map(Line::size).sum();
    let mut le = 0usize;
    let mut best = (usize::MAX, 1usize);
    for (i, line) in lines.iter().enumerate().take(n - 1) {
        le += line.size();
        let diff = le.abs_diff(total / 2);
        if diff <= best.0 {
            best = (diff, i + 1);
        }
    }
    let mut at = best.1;
    let mut direction: Option<bool> = None; // Some(true) = left page larger
    loop {
        match try_at(lines, at, page_size) {
            Ok(c) => return Some(c),
            Err((true, true)) => return None,
            Err((left_over, _)) => {
                let grow_left = !left_over;
                if direction.is_some_and(|d| d != grow_left) {
                    return None;
                }
                direction = Some(grow_left);
                if grow_left {
                    at += 1;
                    if at >= n {
                        return None;
                    }
                } else {
                    at -= 1;
                    if at == 0 {
                        return None;
                    }
                }
            }
        }
    }
}

/// Performs one action of a plan.
fn perform(tree: &BTree, levels: &[Level], action: &Action<'_>) -> Result<()> {
    let env = &tree.shared.env;
    match action {
        Action::Insert {
            level,
            at,
            sep,
            left,
            new,
        } => {
            let mut w = env.cache.write(levels[*level].pgno)?;
            let prefix = Page::open(&w, levels[*level].pgno)?.key_prefix()?.to_vec();
            let (plen, suffix) = split_key(&prefix, sep);
            let data = left.to_le_bytes();
            let node = NodeSpec::new(plen, suffix, &data);
            apply_fitting(env, &mut w, &PageOp::Insert { index: *at, node })?;
            let new = new.to_le_bytes();
            apply_fitting(
                env,
                &mut w,
                &PageOp::ReplaceData {
                    index: at + 1,
                    data: &new,
                },
            )
        }
        Action::Horizontal {
            level,
            lines,
            at,
            left,
            right,
            new,
        } => horizontal(
            tree,
            &levels[*level],
            lines,
            *at,
            left.as_ref(),
            right,
            *new,
        ),
        Action::Vertical {
            level,
            lines,
            layout,
            new,
        } => vertical(tree, &levels[*level], lines, layout, *new),
    }
}

fn horizontal(
    tree: &BTree,
    level: &Level,
    lines: &[Line<'_>],
    at: usize,
    left: Option<&Layout>,
    right: &Layout,
    new: u32,
) -> Result<()> {
    let env = &tree.shared.env;
    let ps = tree.page_size();
    let old_next = level.facts.next;
    let leaf = level.leaf;
    let mut w = env.cache.write(level.pgno)?;
    match left {
        Some(lay) => {
            let facts = PageFacts {
                next: if leaf { new } else { 0 },
                ..level.facts
            };
            let image = build_image(
                ps,
                level.pgno,
                facts,
                &lay.prefix,
                &lay.prefix,
                &lines[..at],
                &lay.prefix_lens,
            )?;
            apply_image(env, &mut w, &image)?;
        }
        None => apply_fitting(
            env,
            &mut w,
            &PageOp::SetLinks {
                prev: level.facts.prev,
                next: new,
            },
        )?,
    }
    drop(w);
    let facts = PageFacts {
        objid: level.facts.objid,
        flags: level.facts.flags,
        prev: if leaf { level.pgno } else { 0 },
        next: if leaf { old_next } else { 0 },
    };
    let image = build_image(
        ps,
        new,
        facts,
        &right.prefix,
        &right.prefix,
        &lines[at..],
        &right.prefix_lens,
    )?;
    let mut w = env.cache.create(new)?;
    apply_image(env, &mut w, &image)?;
    drop(w);
    if leaf && old_next != 0 {
        let mut r = env.cache.write(old_next)?;
        let next = Page::open(&r, old_next)?.next();
        apply_fitting(env, &mut r, &PageOp::SetLinks { prev: new, next })?;
    }
    Ok(())
}

fn vertical(tree: &BTree, root: &Level, lines: &[Line<'_>], lay: &Layout, new: u32) -> Result<()> {
    let env = &tree.shared.env;
    let ps = tree.page_size();
    let child_flags = non_root(root.facts.flags);
    let facts = PageFacts {
        objid: root.facts.objid,
        flags: child_flags,
        prev: 0,
        next: 0,
    };
    let image = build_image(
        ps,
        new,
        facts,
        &lay.prefix,
        &lay.prefix,
        lines,
        &lay.prefix_lens,
    )?;
    let mut w = env.cache.create(new)?;
    apply_image(env, &mut w, &image)?;
    drop(w);
    let mut w = env.cache.write(root.pgno)?;
    let page = Page::new(&w, root.pgno)?;
    let mut external = page.external_header()?.to_vec();
    if page.is_space_tree() {
        // The split buffer stays; the prefix after it has no node left to serve.
        external.truncate(SPLIT_BUFFER_SIZE);
    }
    let mut root_flags = root.facts.flags & !(flags::LEAF | flags::PARENT_OF_LEAF);
    if root.leaf {
        root_flags |= flags::PARENT_OF_LEAF;
    }
    let facts = PageFacts {
        flags: root_flags,
        prev: 0,
        next: 0,
        ..root.facts
    };
    let pointer = [Line::branch(&[], new)];
    let image = build_image(ps, root.pgno, facts, &external, &[], &pointer, &[0])?;
    apply_image(env, &mut w, &image)
}
