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

/// Starts loading the nodes on either side of a guessed probe at `guess` within
/// `lo..hi`: a guess lands within a node or two of the place most of the time, so
/// the search's next probe is most often one of these, and its load then overlaps
/// the comparison at `guess` instead of following it.
#[inline]
fn prefetch_around(probe: &Probe<'_>, lo: usize, guess: usize, hi: usize) {
    let from = guess.saturating_sub(GUESS_NEIGHBOURS).max(lo);
    let to = (guess + GUESS_NEIGHBOURS + 1).min(hi);
    for i in from..to {
        if i != guess {
            probe.prefetch_node(i);
        }
    }
}

/// Nodes on each side of a guessed probe loaded with it ([`prefetch_around`]).
const GUESS_NEIGHBOURS: usize = 1;

/// Searches over fewer nodes than this only halve their range: guessing would
/// cost two extra node reads for a probe or two saved.
const GUIDE_MIN_NODES: usize = 16;

/// Guessed probes at most per search; the rest halve the range, so that keys
/// spread unevenly cost at most this many probes more than halving alone.
const GUIDE_MOST_GUESSES: u8 = 3;

/// Where a search over a page's sorted nodes probes next: at the place the key
/// would have if the keys were spread evenly between two nodes already read
/// (interpolation), else in the middle of the range left.
///
/// Keys are compared as 8-byte numbers taken after the part every key of the
/// searched range shares (the common prefix of its first and last node), as
/// normalized keys order as bytes do. Random keys (GUIDs, hashes) and counters
/// are spread evenly enough that a guess lands within a few nodes of the place,
/// so a search of a few hundred nodes takes three or four probes instead of
/// eight or nine. A guess only chooses which node inside the range left is
/// compared next: the search's answer is the same whatever it chooses.
struct Guide {
    /// Off: the probes halve the range.
    on: bool,
    /// Guessed probes left.
    guesses: u8,
    /// Where the compared bytes start in every key.
    at: usize,
    /// The sought key's number.
    x: u64,
    /// A node at or below the place, and its number.
    lo: (usize, u64),
    /// A node at or above the place, and its number.
    hi: (usize, u64),
}

/// What a branch page's guided search knows of the child it chose: the numbers
/// (as [`Guide`] takes them, from byte `at` on) of the separators on either side
/// of the child, between which every key of the child lies, and the sought key's.
/// The child's search guesses from these instead of reading its own first and
/// last node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    at: usize,
    x: u64,
    lo: u64,
    hi: u64,
}

impl Span {
    /// The span of a child between separators whose numbers from byte `at` on are
    /// `lo` and `hi`, for a key whose number there is `x`.
    pub(super) fn new(at: usize, x: u64, lo: u64, hi: u64) -> Span {
        Span { at, x, lo, hi }
    }
}

impl Guide {
    /// The guide of a search over the first `span` nodes of `page` for `key`
    /// (given in parts, as a bookmark's key and data); off where the span is
    /// small, a node cannot be read through the probe, or the span's first and
    /// last node give the same number.
    /// With `known`, the parent's [`Span`] of this page, no node is read for it.
    #[inline]
    fn new(
        page: &Page<'_>,
        probe: &Probe<'_>,
        span: usize,
        key: [&[u8]; 2],
        known: Option<Span>,
    ) -> Result<Guide> {
        let off = Guide {
            on: false,
            guesses: 0,
            at: 0,
            x: 0,
            lo: (0, 0),
            hi: (0, 0),
        };
        if span < GUIDE_MIN_NODES {
            return Ok(off);
        }
        let last = span - 1;
        if let Some(k) = known.filter(|k| k.lo < k.hi) {
            return Ok(Guide {
                on: true,
                guesses: GUIDE_MOST_GUESSES,
                at: k.at,
                x: k.x,
                lo: (0, k.lo),
                hi: (last, k.hi),
            });
        }
        let seen = SeenEnds {
            page: page.data().as_ptr() as usize,
            pgno: page.pgno(),
            dbtime: page.dbtime(),
            span,
        };
        let (at, a, b): Ends = match seen_ends(&seen) {
            Some(ends) => ends,
            None => {
                // The last node loads while the first is read.
                probe.prefetch_node(last);
                let (Some((first_key, _)), Some((last_key, _))) =
                    (probe.parts(0), probe.parts(last))
                else {
                    // Read as the search reads it, with its error for a damaged node.
                    probed(page, probe, 0)?;
                    probed(page, probe, last)?;
                    return Ok(off);
                };
                // A key outside the span (one that does not share this prefix) makes a
                // guess that is no better than halving: a few probes more, the same answer.
                let at = common_len(first_key, last_key);
                let ends = (at, number_at(first_key, at), number_at(last_key, at));
                remember_ends(seen, ends);
                ends
            }
        };
        if a >= b {
            return Ok(off);
        }
        Ok(Guide {
            on: true,
            guesses: GUIDE_MOST_GUESSES,
            at,
            x: number_at(key, at),
            lo: (0, a),
            hi: (last, b),
        })
    }

    /// The node to compare next in `lo..hi` (not empty).
    #[inline]
    fn next(&mut self, probe: &Probe<'_>, lo: usize, hi: usize) -> usize {
        if self.on && self.guesses > 0 && hi - lo > 2 {
            self.guesses -= 1;
            let ((i, a), (j, b)) = (self.lo, self.hi);
            let guess = if self.x <= a {
                i
            } else if self.x >= b || b <= a {
                j
            } else {
                // (x − a) / (b − a) of the way from node i to node j, in 32 bits of
                // the two distances (a page holds far fewer nodes than that).
                let (num, den) = (self.x - a, b - a);
                let shift = (64 - den.leading_zeros()).saturating_sub(32);
                let nodes = j.saturating_sub(i) as u64;
                let share = (num >> shift) * nodes / (den >> shift).max(1);
                i + usize::try_from(share).unwrap_or(0)
            };
            let guess = guess.clamp(lo, hi - 1);
            prefetch_around(probe, lo, guess, hi);
            return guess;
        }
        let mid = (lo + hi) / 2;
        prefetch_next(probe, lo, mid, hi);
        mid
    }

    /// The [`Span`] of the child at `i`, the search's answer on a branch page:
    /// known when the search compared both separators around it (the last
    /// probes below and above the place were `i − 1` and `i`).
    fn span_of(&self, i: usize) -> Option<Span> {
        (self.on && self.lo.0 + 1 == i && self.hi.0 == i && self.lo.1 < self.hi.1).then_some(Span {
            at: self.at,
            x: self.x,
            lo: self.lo.1,
            hi: self.hi.1,
        })
    }

    /// Node `i`, with key `key`, lies below the place.
    #[inline]
    fn below(&mut self, i: usize, key: [&[u8]; 2]) {
        if self.on {
            self.lo = (i, number_at(key, self.at));
        }
    }

    /// Node `i`, with key `key`, lies at or above the place.
    #[inline]
    fn above(&mut self, i: usize, key: [&[u8]; 2]) {
        if self.on {
            self.hi = (i, number_at(key, self.at));
        }
    }
}

/// Which page state a search without a [`Span`] read the ends of: the page's
/// bytes in the cache, its number and dbtime (every change to a page gives it a
/// new dbtime), and how many nodes the search spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SeenEnds {
    page: usize,
    pgno: u32,
    dbtime: u64,
    span: usize,
}

/// Pages whose ends each thread remembers (by page number): the root of every
/// tree is searched without a span on every descent, and the first and last
/// children of a branch page too.
const SEEN_ENDS: usize = 8;

/// The ends of a searched range as a [`Guide`] takes them: the length of the
/// first and last node's common prefix, and the two numbers after it.
type Ends = (usize, u64, u64);

thread_local! {
    /// The ends last read of a few pages searched without a span.
    static ENDS: [std::cell::Cell<Option<(SeenEnds, Ends)>>; SEEN_ENDS] =
        const { [const { std::cell::Cell::new(None) }; SEEN_ENDS] };
}

/// The ends remembered for `seen`, if any. A wrong answer (a page state met
/// again in another cache with the same bytes' address, number and dbtime)
/// could only choose other nodes to compare: every search's answer stays the
/// same, only its number of probes can change.
fn seen_ends(seen: &SeenEnds) -> Option<Ends> {
    let slot = seen.pgno as usize % SEEN_ENDS;
    ENDS.with(|e| match e[slot].get() {
        Some((s, ends)) if s == *seen => Some(ends),
        _ => None,
    })
}

/// Remembers the ends read for `seen`.
fn remember_ends(seen: SeenEnds, ends: Ends) {
    let slot = seen.pgno as usize % SEEN_ENDS;
    ENDS.with(|e| e[slot].set(Some((seen, ends))));
}

/// How many leading bytes two keys given in parts share.
fn common_len(a: [&[u8]; 2], b: [&[u8]; 2]) -> usize {
    let (mut x, mut x_next) = (a[0], a[1]);
    let (mut y, mut y_next) = (b[0], b[1]);
    let mut n = 0;
    loop {
        if x.is_empty() {
            x = std::mem::take(&mut x_next);
        }
        if y.is_empty() {
            y = std::mem::take(&mut y_next);
        }
        let m = x.len().min(y.len());
        if m == 0 {
            return n;
        }
        let same = x[..m]
            .iter()
            .zip(&y[..m])
            .position(|(p, q)| p != q)
            .unwrap_or(m);
        n += same;
        if same < m {
            return n;
        }
        (x, y) = (&x[m..], &y[m..]);
    }
}

/// The 8 bytes of a key from `at` on as a big-endian number (zeros past its end):
/// keys that order as bytes order as these numbers (or tie).
#[inline]
pub(super) fn number_at(key: [&[u8]; 2], at: usize) -> u64 {
    let (head, tail) = (key[0], key[1]);
    let (from_head, tail_from) = match head.get(at..) {
        Some(h) => (h, 0),
        None => (&[][..], at - head.len()),
    };
    if let Some(b) = from_head.first_chunk::<8>() {
        return u64::from_be_bytes(*b);
    }
    let from_tail = tail.get(tail_from..).unwrap_or(&[]);
    let t = match from_tail.first_chunk::<8>() {
        Some(b) => u64::from_be_bytes(*b),
        None => left_aligned(from_tail),
    };
    match from_head.len() {
        0 => t,
        n => left_aligned(from_head) | (t >> (8 * n)),
    }
}

/// Up to 8 bytes as the high bytes of a big-endian number.
#[inline]
fn left_aligned(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .take(8)
        .enumerate()
        .fold(0, |n, (i, &b)| n | (u64::from(b) << (56 - 8 * i)))
}

/// Node `i`'s key parts and data through `probe`, or, where it cannot tell,
/// as [`key_parts`] reads them (with its error for a damaged node).
#[inline(always)]
fn probed<'a>(page: &Page<'a>, probe: &Probe<'a>, i: usize) -> Result<([&'a [u8]; 2], &'a [u8])> {
    probed_node(page, probe, i).map(|(k, d, _)| (k, d))
}

/// [`probed`] with the node's flags: all that [`key_parts`] gives.
#[inline(always)]
pub(crate) fn probed_node<'a>(
    page: &Page<'a>,
    probe: &Probe<'a>,
    i: usize,
) -> Result<KeyParts<'a>> {
    match probe.node_parts(i) {
        Some(p) => Ok(p),
        None => key_parts_with(page, probe.prefix(), i),
    }
}

/// Leaf search: the first node ≥ the bookmark, and whether it is equal.
pub(crate) fn leaf_search(
    page: &Page<'_>,
    key: &[u8],
    data: Option<&[u8]>,
    unique: bool,
) -> Result<(usize, bool)> {
    leaf_search_known(page, key, data, unique, None)
}

/// [`leaf_search`] with the parent's [`Span`] of the page, if the descent knows it.
pub(crate) fn leaf_search_known(
    page: &Page<'_>,
    key: &[u8],
    data: Option<&[u8]>,
    unique: bool,
    known: Option<Span>,
) -> Result<(usize, bool)> {
    leaf_search_in(page, &leaf_probe(page)?, key, data, unique, known)
}

/// The probe of a leaf page about to be searched.
pub(crate) fn leaf_probe<'a>(page: &Page<'a>) -> Result<Probe<'a>> {
    page.prefetch_tags();
    page.probe()
}

/// [`leaf_search`] through a probe of the page ([`leaf_probe`]), with the
/// parent's [`Span`] of the page if the descent knows it.
pub(crate) fn leaf_search_in(
    page: &Page<'_>,
    probe: &Probe<'_>,
    key: &[u8],
    data: Option<&[u8]>,
    unique: bool,
    known: Option<Span>,
) -> Result<(usize, bool)> {
    let (mut lo, mut hi) = (0usize, probe.len());
    let mut guide = Guide::new(page, probe, hi, [key, &[]], known)?;
    while lo < hi {
        let mid = guide.next(probe, lo, hi);
        // The node's data loads with its key: a guided search's probe is most
        // often the entry sought, whose data the reader takes next.
        probe.prefetch_node_rest(mid);
        let (k, d) = probed(page, probe, mid)?;
        match cmp_leaf(k, d, key, data, unique) {
            Ordering::Less => {
                lo = mid + 1;
                guide.below(mid, k);
            }
            // A unique tree holds one node per key: no node before it can have the
            // key too, so the search ends without reading its neighbour.
            Ordering::Equal if unique => return Ok((mid, true)),
            _ => {
                hi = mid;
                guide.above(mid, k);
            }
        }
    }
    // In a unique tree an equal node ended the search above; the node at `lo`, if
    // any, bounded the range from above, so it compared greater: no need to read it
    // again.
    let equal = if lo < probe.len() && !unique {
        let (k, d) = probed(page, probe, lo)?;
        cmp_leaf(k, d, key, data, unique) == Ordering::Equal
    } else {
        false
    };
    Ok((lo, equal))
}

/// Branch search: the child for a bookmark — the first separator greater than it,
/// else the last node — and its page number, read through the search's probe (a
/// node the probe cannot read is read as [`child`] reads it, with its error);
/// with the parent's [`Span`] of the page if the descent knows it; also gives
/// the chosen child's span when the search learned it.
pub(crate) fn branch_child_in(
    page: &Page<'_>,
    key: &[u8],
    data: &[u8],
    known: Option<Span>,
) -> Result<(usize, u32, Option<Span>)> {
    let probe = branch_probe(page)?;
    let (i, span) = branch_search_in(page, &probe, key, data, known)?;
    let pgno = match probe.parts(i) {
        Some((_, [a, b, c, d])) if [*a, *b, *c, *d] != [0; 4] => {
            u32::from_le_bytes([*a, *b, *c, *d])
        }
        _ => child(page, i)?,
    };
    Ok((i, pgno, span))
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

/// The index of the child for a bookmark on a branch page (see [`branch_child_in`]),
/// and the child's [`Span`] if the search learned it.
fn branch_search_in(
    page: &Page<'_>,
    probe: &Probe<'_>,
    key: &[u8],
    data: &[u8],
    known: Option<Span>,
) -> Result<(usize, Option<Span>)> {
    let (mut lo, mut hi) = (0usize, page.node_count() - 1);
    // The last node takes what is past every separator: the others span the keys.
    let mut guide = Guide::new(page, probe, hi, [key, data], known)?;
    while lo < hi {
        let mid = guide.next(probe, lo, hi);
        let (k, _) = probed(page, probe, mid)?;
        if cmp_separator(k, key, data) == Ordering::Greater {
            hi = mid;
            guide.above(mid, k);
        } else {
            lo = mid + 1;
            guide.below(mid, k);
        }
    }
    Ok((lo, guide.span_of(lo)))
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

/// Whether `page` is a live leaf of `tree`: its object id and kind flags, a leaf, not
/// empty (a page leaves a tree only rewritten as an empty page). The check of a leaf
/// reached without its parent (a leaf directory's, the append hint's), where another
/// tree of the same object (its space trees) may have taken the page since.
pub(crate) fn is_live_leaf_of(page: &Page<'_>, tree: &TreeInfo) -> bool {
    page.objid_fdp() == tree.objid
        && page.flags() & super::KIND_FLAGS == tree.page_flags
        && page.is_leaf()
        && !page.is_empty()
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
/// branch steps too, and the leaf's [`Span`] if the descent learned it (for its
/// [`leaf_search_in`]). Below a branch page flagged
/// parent-of-leaf the child is latched exclusive at once, not read first; a child
/// that is not a leaf after all (a wrong flag) is descended through as any branch.
pub(crate) fn descend_write(
    env: &TreeEnv,
    tree: &TreeInfo,
    key: &[u8],
    data: &[u8],
) -> Result<(Path, PageWrite, u32, Option<Span>)> {
    let mut path = Path::new();
    let mut pgno = tree.root;
    let mut leaf_below = false;
    let mut span = None;
    for _ in 0..MAX_DEPTH {
        if leaf_below {
            let w = env.cache.write(pgno)?;
            let page = Page::open(&w, pgno)?;
            check_owner(&page, tree)?;
            if page.is_leaf() {
                return Ok((path, w, pgno, span));
            }
        }
        // A branch page is only looked at (no guard of its own, as the reads'
        // descent does); the child, whether the page is a parent of leaves.
        let below_here = env.cache.with_read(pgno, |bytes| -> Result<_> {
            let page = Page::open(bytes, pgno)?;
            check_owner(&page, tree)?;
            if page.is_leaf() {
                return Ok(None);
            }
            let found = branch_child_in(&page, key, data, span)?;
            Ok(Some((found, page.is_parent_of_leaf())))
        })??;
        let Some(((index, next, below), parent_of_leaf)) = below_here else {
            // The tree's lock keeps the leaf as it was read.
            return Ok((path, env.cache.write(pgno)?, pgno, span));
        };
        span = below;
        leaf_below = parent_of_leaf;
        path.push(Step { pgno, index });
        pgno = next;
    }
    Err(corrupt(tree.root, "tree deeper than the limit"))
}

/// Descends to the leaf for a bookmark like [`descend_write`] and runs `at_leaf`
/// on it (with its page number and [`Span`], if learned) under one shared latch, so a reader visits it
/// once. Every page is only looked at ([`BufferCache::with_read`]): no latch
/// outlives the call, and no guard is made for any page.
///
/// [`BufferCache::with_read`]: crate::cache::BufferCache::with_read
pub(crate) fn descend_read<R>(
    env: &TreeEnv,
    tree: &TreeInfo,
    key: &[u8],
    data: &[u8],
    at_leaf: impl FnOnce(&Page<'_>, u32, Option<Span>) -> Result<R>,
) -> Result<R> {
    /// What one page gave: the child to take, or the leaf's result.
    enum Next<R> {
        Child(u32, Option<Span>),
        Leaf(R),
    }
    let mut at_leaf = Some(at_leaf);
    let mut pgno = tree.root;
    let mut span = None;
    for _ in 0..MAX_DEPTH {
        let next = env.cache.with_read(pgno, |bytes| -> Result<Next<R>> {
            let page = Page::open(bytes, pgno)?;
            check_owner(&page, tree)?;
            if page.is_leaf() {
                // Taken once: a leaf ends the descent.
                let f = at_leaf
                    .take()
                    .ok_or_else(|| corrupt(pgno, "a second leaf"))?;
                return f(&page, pgno, span).map(Next::Leaf);
            }
            let (_, child, below) = branch_child_in(&page, key, data, span)?;
            Ok(Next::Child(child, below))
        })??;
        match next {
            Next::Leaf(r) => return Ok(r),
            Next::Child(c, below) => (pgno, span) = (c, below),
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
///
/// Read through the page's [`Probe`] (a few loads and checks a node); a node the
/// probe does not take is read again through [`Page::node_parts`], whose error
/// names what is wrong with it. The vector has room for one more line: a split
/// inserts its change among them.
pub(crate) fn lines_of<'a>(page: &Page<'a>) -> Result<Vec<Line<'a>>> {
    let probe = page.probe()?;
    let n = probe.len();
    let mut lines = Vec::with_capacity(n + 1);
    for i in 0..n {
        let parts = match probe.node_parts(i) {
            Some(parts) => parts,
            None => key_parts_with(page, page.key_prefix()?, i)?,
        };
        lines.push(line_of(parts));
    }
    Ok(lines)
}

/// Node `i` of `page` copied out as a [`Line`].
pub(crate) fn line_at<'a>(page: &Page<'a>, i: usize) -> Result<Line<'a>> {
    line_with(page, page.key_prefix()?, i)
}

fn line_with<'a>(page: &Page<'a>, prefix: &'a [u8], i: usize) -> Result<Line<'a>> {
    Ok(line_of(key_parts_with(page, prefix, i)?))
}

/// The bytes a [`super::keys::LineKey`] holds without an allocation.
const LINE_KEY_INLINE: usize = 32;

/// A node's parts as a [`Line`]: the key joined, the data borrowed.
#[inline]
fn line_of((k, d, f): KeyParts<'_>) -> Line<'_> {
    let len = k[0].len() + k[1].len();
    let key = if len <= LINE_KEY_INLINE {
        // Laid out in place: no growth checks per part.
        let mut buf = [0u8; LINE_KEY_INLINE];
        buf[..k[0].len()].copy_from_slice(k[0]);
        buf[k[0].len()..len].copy_from_slice(k[1]);
        super::keys::LineKey::from_buf_and_len(buf, len)
    } else {
        let mut key = super::keys::LineKey::with_capacity(len);
        key.extend_from_slice(k[0]);
        key.extend_from_slice(k[1]);
        key
    };
    Line {
        key,
        data: std::borrow::Cow::Borrowed(d),
        flags: f & !node_flags::COMPRESSED,
    }
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
    let new = NewPage {
        objid_fdp: facts.objid,
        flags: facts.flags,
        dbtime: 0,
        prev: facts.prev,
        next: facts.next,
    };
    let node = |i: usize| -> Result<NodeSpec<'_>> {
        let line = &lines[i];
        let p = prefix_lens.get(i).copied().unwrap_or(0);
        if p > prefix.len() || p > line.key.len() {
            return Err(Error::with(
                ErrorCode::InternalError,
                format!("prefix length {p} beyond the prefix or key of a node on page {pgno}"),
            ));
        }
        Ok(NodeSpec::new(p, &line.key[p..], &line.data).with_flags(line.flags))
    };
    PageMut::fresh_image(page_size, pgno, &new, external, lines.len(), node)?.ok_or_else(|| {
        Error::with(
            ErrorCode::InternalError,
            format!("a split or merge planned more than page {pgno} holds"),
        )
    })
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
    usize::from(page.cb_free()).saturating_sub(usize::from(page.cb_uncommitted_free()))
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

#[cfg(test)]
mod tests {
    use super::*;

    use ese_os::{Rng as _, SplitMix64};

    /// The searches' test data: random bytes from a seeded generator.
    struct Rng(SplitMix64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0.next_u64()
        }

        fn bytes(&mut self, len: usize) -> Vec<u8> {
            (0..len).map(|_| self.next() as u8).collect()
        }
    }

    /// `n` sorted distinct keys spread as `kind` says: counters, random, clustered
    /// behind a few shared prefixes, short, or far from even (cubes).
    fn keys(kind: usize, n: usize, rng: &mut Rng) -> Vec<Vec<u8>> {
        let mut keys: Vec<Vec<u8>> = (0..n * 2)
            .map(|i| match kind {
                0 => (1_000_000 + 7 * i as u64).to_be_bytes().to_vec(),
                1 => rng.bytes(16),
                2 => {
                    let mut k = vec![0x7f, (rng.next() % 3) as u8];
                    let len = 1 + (rng.next() % 20) as usize;
                    k.extend(rng.bytes(len));
                    k
                }
                3 => {
                    let len = 1 + (rng.next() % 3) as usize;
                    rng.bytes(len)
                }
                _ => ((i as u64).pow(3)).to_be_bytes().to_vec(),
            })
            .collect();
        keys.sort();
        keys.dedup();
        keys.truncate(n);
        keys
    }

    fn common(keys: &[Vec<u8>]) -> usize {
        let (first, last) = (&keys[0], &keys[keys.len() - 1]);
        first.iter().zip(last).take_while(|(a, b)| a == b).count()
    }

    /// A page of `lines` with their shared prefix compressed (two-part keys).
    fn page_of(lines: &[Line<'_>], prefix: &[u8], flags: u32) -> Vec<u8> {
        let facts = PageFacts {
            objid: 7,
            flags,
            prev: 0,
            next: 0,
        };
        let lens: Vec<usize> = lines
            .iter()
            .map(|l| if l.key.is_empty() { 0 } else { prefix.len() })
            .collect();
        build_image(8192, 5, facts, prefix, prefix, lines, &lens).unwrap()
    }

    /// Keys to look for on a page of `keys`: each key, its neighbours, keys
    /// outside the page's span and random ones.
    fn probes(keys: &[Vec<u8>], rng: &mut Rng) -> Vec<Vec<u8>> {
        let mut out = vec![vec![], vec![0], vec![0xff; 30]];
        for k in keys {
            out.push(k.clone());
            let mut up = k.clone();
            up.push(0);
            out.push(up);
            let mut down = k.clone();
            if let Some(b) = down.last_mut() {
                *b = b.wrapping_sub(1);
            }
            out.push(down);
            out.push(k[..k.len() / 2].to_vec());
        }
        for _ in 0..50 {
            let len = 1 + (rng.next() % 18) as usize;
            out.push(rng.bytes(len));
            let mut near = keys[(rng.next() as usize) % keys.len()].clone();
            near.extend(rng.bytes(2));
            out.push(near);
        }
        out
    }

    /// The guided searches give what a scan of every node with the same
    /// comparisons gives, for keys spread evenly, unevenly and in clusters,
    /// pages small and large, keys on, between and outside the page's nodes.
    #[test]
    fn guided_searches_match_a_scan() {
        let mut rng = Rng(SplitMix64::new(42));
        for kind in 0..5 {
            for n in [1usize, 2, 15, 16, 17, 40, 120, 200] {
                let keys = keys(kind, n, &mut rng);
                // ESE compresses a prefix only when it saves something (3 bytes or more).
                let shared = common(&keys);
                let prefix = keys[0][..if shared > 2 { shared } else { 0 }].to_vec();
                let data = [1u8, 2, 3, 4];
                let leaf: Vec<Line<'_>> = keys.iter().map(|k| Line::new(k, &data, 0)).collect();
                let image = page_of(&leaf, &prefix, flags::LEAF);
                let page = Page::open(&image, 5).unwrap();
                // Branch: each separator points to a child; the last takes the rest.
                let children: Vec<[u8; 4]> =
                    (0..n).map(|i| (1000 + i as u32).to_le_bytes()).collect();
                let mut branch: Vec<Line<'_>> = keys
                    .iter()
                    .zip(&children)
                    .map(|(k, c)| Line::new(k, c, 0))
                    .collect();
                if kind % 2 == 0 {
                    // The rightmost page's last separator is empty (+∞).
                    branch.last_mut().unwrap().key.clear();
                }
                let bimage = page_of(&branch, &prefix, 0);
                let bpage = Page::open(&bimage, 5).unwrap();
                for probe in probes(&keys, &mut rng) {
                    let scan = (0..n)
                        .find(|&i| {
                            let (k, d, _) = key_parts(&page, i).unwrap();
                            cmp_leaf(k, d, &probe, None, true) != Ordering::Less
                        })
                        .unwrap_or(n);
                    let equal = keys.get(scan) == Some(&probe);
                    // Whatever the parent's span says (right, or nonsense), the same answer.
                    let spans = [
                        None,
                        Some(Span {
                            at: 0,
                            x: number_at([&probe, &[]], 0),
                            lo: number_at([&keys[0], &[]], 0),
                            hi: number_at([&keys[n - 1], &[]], 0).saturating_add(1),
                        }),
                        Some(Span {
                            at: (rng.next() % 4) as usize,
                            x: rng.next(),
                            lo: rng.next() >> 1,
                            hi: rng.next(),
                        }),
                    ];
                    for span in spans {
                        let probe_of = leaf_probe(&page).unwrap();
                        assert_eq!(
                            leaf_search_in(&page, &probe_of, &probe, None, true, span).unwrap(),
                            (scan, equal),
                            "leaf, kind {kind}, {n} nodes, key {probe:02x?}, {span:?}"
                        );
                    }
                    for bm_data in [&[][..], &[9u8, 9][..]] {
                        let child = (0..n - 1)
                            .find(|&i| {
                                let (k, _, _) = key_parts(&bpage, i).unwrap();
                                cmp_separator(k, &probe, bm_data) == Ordering::Greater
                            })
                            .unwrap_or(n - 1);
                        let pgno = 1000 + child as u32;
                        for span in spans {
                            let (i, p, below) =
                                branch_child_in(&bpage, &probe, bm_data, span).unwrap();
                            assert_eq!(
                                (i, p),
                                (child, pgno),
                                "branch, kind {kind}, {n} nodes, key {probe:02x?}, {span:?}"
                            );
                            // A child's span holds its keys: the separators around it.
                            if let Some(b) = below {
                                let (lo, _, _) = key_parts(&bpage, i - 1).unwrap();
                                let (hi, _, _) = key_parts(&bpage, i).unwrap();
                                assert_eq!(
                                    (b.lo, b.hi),
                                    (number_at(lo, b.at), number_at(hi, b.at))
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    /// A page searched without a span has its ends remembered for its state
    /// (bytes, number, dbtime, span) and read again only when that changes; ends
    /// remembered wrongly change no answer.
    #[test]
    fn ends_are_remembered_per_page_state_and_never_change_an_answer() {
        let seen = |dbtime| SeenEnds {
            page: 0x1000,
            pgno: 5,
            dbtime,
            span: 40,
        };
        remember_ends(seen(9), (3, 10, 20));
        assert_eq!(seen_ends(&seen(9)), Some((3, 10, 20)));
        assert_eq!(
            seen_ends(&seen(10)),
            None,
            "a new dbtime reads the ends again"
        );
        let other = SeenEnds {
            pgno: 5 + SEEN_ENDS as u32,
            ..seen(9)
        };
        remember_ends(other, (0, 1, 2));
        assert_eq!(seen_ends(&seen(9)), None, "its slot went to another page");
        assert_eq!(seen_ends(&other), Some((0, 1, 2)));

        let mut rng = Rng(SplitMix64::new(3));
        let keys = keys(1, 120, &mut rng);
        let children: Vec<[u8; 4]> = (0..120u32).map(|i| (1000 + i).to_le_bytes()).collect();
        let branch: Vec<Line<'_>> = keys
            .iter()
            .zip(&children)
            .map(|(k, c)| Line::new(k, c, 0))
            .collect();
        let image = page_of(&branch, &[], 0);
        let page = Page::open(&image, 5).unwrap();
        let state = SeenEnds {
            page: page.data().as_ptr() as usize,
            pgno: 5,
            dbtime: page.dbtime(),
            span: 119,
        };
        let probes = probes(&keys, &mut rng);
        let right: Vec<_> = probes
            .iter()
            .map(|p| branch_child_in(&page, p, &[], None).unwrap().0)
            .collect();
        assert!(
            seen_ends(&state).is_some(),
            "the search remembered the page's ends"
        );
        for wrong in [
            (0, 0, u64::MAX),
            (2, u64::MAX / 2, u64::MAX / 2 + 1),
            (7, 5, 6),
        ] {
            remember_ends(state, wrong);
            for (p, want) in probes.iter().zip(&right) {
                assert_eq!(branch_child_in(&page, p, &[], None).unwrap().0, *want);
            }
        }
    }

    /// The numbers the guesses are made of order as the keys' bytes do.
    #[test]
    fn numbers_order_as_bytes() {
        let mut rng = Rng(SplitMix64::new(7));
        for _ in 0..2000 {
            let (la, lb) = ((rng.next() % 12) as usize, (rng.next() % 12) as usize);
            let (a, b) = (rng.bytes(la), rng.bytes(lb));
            let (sa, sb) = (
                (rng.next() as usize) % (a.len() + 1),
                (rng.next() as usize) % (b.len() + 1),
            );
            let at = (rng.next() % 4) as usize;
            let (na, nb) = (
                number_at([&a[..sa], &a[sa..]], at),
                number_at([&b[..sb], &b[sb..]], at),
            );
            let (ta, tb) = (a.get(at..).unwrap_or(&[]), b.get(at..).unwrap_or(&[]));
            if ta < tb {
                assert!(na <= nb, "{a:02x?} {b:02x?} at {at}");
            }
            let mut padded = ta.iter().copied().chain(std::iter::repeat(0)).take(8);
            let want = (0..8).fold(0u64, |n, _| (n << 8) | u64::from(padded.next().unwrap()));
            assert_eq!(na, want, "{a:02x?} split at {sa}, at {at}");
        }
    }
}
