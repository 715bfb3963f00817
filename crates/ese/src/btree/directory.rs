//! Leaf directories: the separators above a unique tree's leaves in one flat, sorted
//! copy, so that a point read (and an insert, replace or flag change, see
//! [`leaf_to_write`]) reaches its leaf by a search of an array of numbers instead of a
//! search of every branch page on the way down.
//!
//! Owns [`LeafDirectory`] (the copy and its search) and [`DirectorySlot`] (a tree's
//! current directory, and when to make it again).
//!
//! What must hold: a directory is only a guess. The page it names is checked to be a
//! leaf of the tree in use (object id, flags), then searched under its read latch as
//! any leaf is, and only an entry found there with the sought key is taken as the
//! answer: keys are unique, and a page that leaves the tree is rewritten as an empty
//! page before its release (see `merge.rs`), so a page of the tree that holds the key
//! holds the tree's entry for it. A seek whose answer must also be right when the key
//! is absent (`Cursor::seek`, `BTree::peek_ge`) takes a place between two entries of the
//! leaf as well, and only when the tree's structure sequence was even and unchanged
//! around the read (no split or merge ran meanwhile, so the leaf holding entries on
//! both sides of the place is the one the key belongs in). Every other outcome goes the
//! usual way down from the root. A directory is made under the tree's shared lock, so it is the leaf level as
//! it was then; later splits and merges make it miss, never answer wrongly, and reads
//! that go the long way make it again, at most once per as many such reads as it has
//! leaves (its cost is a read of every branch page).

use super::read::{
    check_owner, child, is_live_leaf_of, key_parts, leaf_probe, leaf_search_in, number_at, Span,
    MAX_DEPTH,
};
use super::{BTree, TreeKind};
use crate::cache::PageWrite;
use crate::format::page::{Page, Probe};
use crate::thread_kept::{Kept, Source};
use crate::Result;
use arc_swap::ArcSwapOption;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;

/// Leaves at most in a directory: a tree with more (2 GiB of 8 KiB leaves) is read
/// from its root, as a directory would cost tens of megabytes and its making a read
/// of thousands of branch pages.
const LEAVES_MOST: usize = 1 << 18;

/// Reads the long way before a tree without a directory gets one.
const FIRST_AFTER: u32 = 64;

/// Long ways a thread notes before it adds them to a tree's count (the count
/// of the tree whose read ends the batch).
const BATCH: u32 = 8;

thread_local! {
    /// This thread's long ways not yet added to a tree's count.
    static LONG_WAYS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    /// The directories this thread read last, by their slots' [`Source`].
    static KEPT: std::cell::RefCell<Kept<Option<Arc<LeafDirectory>>>> =
        const { std::cell::RefCell::new(Kept::new()) };
}

/// Heads per block of a directory's two-level search.
const BLOCK: usize = 16;

/// The separators between a tree's leaves, in order, and the leaves.
///
/// Leaf `i` takes the keys at or above separator `i − 1` and below separator `i`,
/// as the branch pages above it do (the first leaf everything below separator 0,
/// the last everything from the last separator on). Separators are kept as the
/// bytes they all start with ([`LeafDirectory::common`]) and the rest of each; the
/// search compares the first 8 bytes of the rest as numbers, and the whole rest
/// only where those tie.
#[derive(Debug)]
pub(crate) struct LeafDirectory {
    /// The tree's structure sequence when the directory was made.
    structure: u64,
    /// The bytes every separator starts with.
    common: Box<[u8]>,
    /// Separator `i`'s 8 bytes after `common`, as a big-endian number (zeros past
    /// its end).
    heads: Box<[u64]>,
    /// Every [`BLOCK`]th of `heads`, from the first: a search looks here first and
    /// then within one block, so that most of its loads hit a small array that stays
    /// in the processor's caches.
    tops: Box<[u64]>,
    /// Where separator `i`'s rest ends in `rests` (it starts where `i − 1`'s ends).
    ends: Box<[u32]>,
    /// Every separator's bytes after `common`, back to back.
    rests: Box<[u8]>,
    /// The leaves: one more than the separators.
    pages: Box<[u32]>,
    /// The cache frame (index + 1; 0: none yet) each leaf was last read in: a read
    /// reaches its frame from here, checked under the frame's latch as the cache's own
    /// hint is, without the load of the cache's hint slot before it.
    frames: Box<[AtomicU32]>,
}

impl LeafDirectory {
    /// The directory of `separators` (in order; each leaf's upper bound but the last
    /// leaf's) and `pages` (one more), made at structure sequence `structure`.
    fn new(structure: u64, separators: &[Vec<u8>], pages: Vec<u32>) -> LeafDirectory {
        debug_assert_eq!(separators.len() + 1, pages.len());
        let common_len = match separators.split_first() {
            Some((first, rest)) => rest.iter().fold(first.len(), |n, s| {
                first[..n]
                    .iter()
                    .zip(s)
                    .position(|(a, b)| a != b)
                    .unwrap_or(n.min(s.len()))
            }),
            None => 0,
        };
        let common: Box<[u8]> = separators
            .first()
            .map_or(&[][..], |s| &s[..common_len])
            .into();
        let mut heads = Vec::with_capacity(separators.len());
        let mut ends = Vec::with_capacity(separators.len());
        let mut rests = Vec::new();
        for s in separators {
            let rest = &s[common_len..];
            heads.push(number_at([rest, &[]], 0));
            rests.extend_from_slice(rest);
            ends.push(u32::try_from(rests.len()).unwrap_or(u32::MAX));
        }
        let tops = heads.iter().step_by(BLOCK).copied().collect();
        LeafDirectory {
            structure,
            common,
            tops,
            heads: heads.into(),
            ends: ends.into(),
            rests: rests.into(),
            frames: pages.iter().map(|_| AtomicU32::new(0)).collect(),
            pages: pages.into(),
        }
    }

    /// Leaves in the directory.
    pub(crate) fn len(&self) -> usize {
        self.pages.len()
    }

    /// Separator `i`'s bytes after [`LeafDirectory::common`].
    fn rest(&self, i: usize) -> &[u8] {
        let start = i.checked_sub(1).map_or(0, |j| self.ends[j] as usize);
        &self.rests[start..self.ends[i] as usize]
    }

    /// [`LeafDirectory::leaf_at`]'s page.
    #[cfg(test)]
    fn leaf_for(&self, key: &[u8]) -> (u32, Option<Span>) {
        let (i, span) = self.leaf_at(key);
        (self.pages[i], span)
    }

    /// The position of the leaf that takes `key` by this directory, and the [`Span`] of
    /// the two separators around it when the key lies between them (for the leaf's
    /// search).
    fn leaf_at(&self, key: &[u8]) -> (usize, Option<Span>) {
        let last = self.pages.len() - 1;
        let c = self.common.len();
        let shared = key.len().min(c);
        match key[..shared].cmp(&self.common[..shared]) {
            std::cmp::Ordering::Less => return (0, None),
            std::cmp::Ordering::Greater => return (last, None),
            std::cmp::Ordering::Equal if key.len() < c => return (0, None),
            std::cmp::Ordering::Equal => {}
        }
        let rest = &key[c..];
        let x = number_at([rest, &[]], 0);
        // The first separator above the key: its leaf takes it.
        let block = self.tops.partition_point(|&h| h < x);
        let lo = block.saturating_sub(1) * BLOCK;
        let hi = (block * BLOCK).min(self.heads.len());
        // The leaf's number loads while the block is searched.
        crate::format::page::prefetch_line(self.pages[lo..].as_ptr().cast());
        let i = lo + self.heads[lo..hi].partition_point(|&h| h < x);
        let i = i + self.heads[i..]
            .iter()
            .take_while(|&&h| h == x)
            .enumerate()
            .take_while(|&(j, _)| self.rest(i + j) <= rest)
            .count();
        let span = match (i.checked_sub(1), self.heads.get(i)) {
            (Some(below), Some(&hi)) => Some(Span::new(c, x, self.heads[below], hi)),
            _ => None,
        };
        (i.min(last), span)
    }

    /// The leaf at position `i` with what [`LeafDirectory::frames`] says of it.
    fn named(&self, i: usize, span: Option<Span>) -> Named {
        Named {
            index: i,
            pgno: self.pages[i],
            span,
            frame: self.frames[i].load(Ordering::Relaxed),
        }
    }
}

/// What a directory names for a key: the leaf's position and page, the [`Span`]
/// around it, and the frame it was last read in (index + 1, 0: none).
struct Named {
    index: usize,
    pgno: u32,
    span: Option<Span>,
    frame: u32,
}

/// A tree's current [`LeafDirectory`], with what decides when to make it again.
#[derive(Debug, Default)]
pub(crate) struct DirectorySlot {
    current: ArcSwapOption<LeafDirectory>,
    /// Raised after every store to `current`: readers keep the directory they read
    /// until it moves (see `thread_kept.rs`).
    source: Source,
    /// Point reads that went the long way since the directory was made.
    long_ways: AtomicU32,
    /// Set while one reader makes a directory.
    making: AtomicBool,
    /// Long ways before the next try while the tree has no directory (0: [`FIRST_AFTER`]);
    /// doubled by every try that makes none (a tree past [`LEAVES_MOST`] leaves), so that
    /// the tries' reads of branch pages stay a vanishing share of its reads.
    without: AtomicU32,
}

/// Runs `f` on the leaf that `tree`'s directory names for bookmark `key` (a unique
/// tree's), under the leaf's read latch, with the leaf search's answer there: the
/// first node at or after the key, and whether it has the key. `None` when the tree
/// has no directory, the page is not a leaf of the tree in use, the page cannot be
/// read or searched (the long way then reads it and tells why), or `f` gives `None`;
/// `f`'s errors are returned.
pub(crate) fn at_leaf<R>(
    tree: &BTree,
    key: &[u8],
    f: impl FnOnce(&Page<'_>, &Probe<'_>, usize, bool) -> Result<Option<R>>,
) -> Result<Option<R>> {
    let t = &tree.shared;
    let Some(named) = leaf_for(&t.directory, key) else {
        return Ok(None);
    };
    let (pgno, span) = (named.pgno, named.span);
    let read = t
        .env
        .cache
        .with_read_at(pgno, named.frame, |bytes| -> Result<Option<R>> {
            let Ok(page) = Page::open(bytes, pgno) else {
                return Ok(None);
            };
            if !is_live_leaf_of(&page, &t.info) {
                return Ok(None);
            }
            let Ok(probe) = leaf_probe(&page) else {
                return Ok(None);
            };
            let Ok((pos, equal)) = leaf_search_in(&page, &probe, key, None, true, span) else {
                return Ok(None);
            };
            f(&page, &probe, pos, equal)
        });
    match read {
        Ok((found, frame)) => {
            if frame != named.frame && frame != 0 {
                note_frame(&t.directory, &named, frame);
            }
            found
        }
        Err(_) => Ok(None),
    }
}

/// For a change of `tree` (a unique tree's, with its lock held exclusive, so that no
/// split or merge runs meanwhile): the leaf that its directory names for bookmark
/// `key`, latched for writing, when that leaf is where the key belongs. That is a live
/// leaf of the tree (object id, kind flags, not empty) that has the key, or nodes on
/// both sides of its place: keys are unique and every leaf holds a contiguous run of
/// them, so a place between two of its nodes is nowhere else in the tree. Returns the
/// leaf, its guard, the key's position there and whether the node at it has the key.
/// `None` sends the caller the long way: no directory, another page, one that cannot
/// be read (the long way reads it and tells why), or the key's place at an end of the
/// leaf (a neighbour may take it).
pub(crate) fn leaf_to_write(tree: &BTree, key: &[u8]) -> Option<(u32, PageWrite, usize, bool)> {
    let t = &tree.shared;
    let named = leaf_for(&t.directory, key)?;
    let (w, frame) = t.env.cache.write_at(named.pgno, named.frame).ok()?;
    if frame != named.frame && frame != 0 {
        note_frame(&t.directory, &named, frame);
    }
    let (pos, equal) = {
        let page = Page::open(&w, named.pgno).ok()?;
        if !is_live_leaf_of(&page, &t.info) {
            return None;
        }
        let probe = leaf_probe(&page).ok()?;
        let (pos, equal) = leaf_search_in(&page, &probe, key, None, true, named.span).ok()?;
        if !equal && (pos == 0 || pos >= probe.len()) {
            return None;
        }
        (pos, equal)
    };
    Some((named.pgno, w, pos, equal))
}

/// The leaf that `slot`'s directory names for `key`, and the [`Span`] around it
/// ([`LeafDirectory::leaf_at`]); `None` without a directory. The directory is the
/// one this thread kept, unless the slot's changed since.
fn leaf_for(slot: &DirectorySlot, key: &[u8]) -> Option<Named> {
    let name = |d: &LeafDirectory| {
        let (i, span) = d.leaf_at(key);
        d.named(i, span)
    };
    with_kept(slot, name).unwrap_or_else(|| slot.current.load().as_deref().map(name))
}

/// `f` on `slot`'s directory as this thread keeps it (`None` inside when the slot has
/// none); `None` when this thread's copies cannot be reached (while the thread ends).
fn with_kept<R>(slot: &DirectorySlot, f: impl FnOnce(&LeafDirectory) -> R) -> Option<Option<R>> {
    let (id, generation) = (slot.source.id(), slot.source.generation());
    KEPT.try_with(|kept| {
        let mut kept = kept.try_borrow_mut().ok()?;
        Some(
            kept.get_or(id, generation, || slot.current.load_full())
                .as_deref()
                .map(f),
        )
    })
    .ok()
    .flatten()
}

/// Notes that the leaf `named` names was read in frame `frame` (index + 1), if the
/// directory this thread keeps still names that page there.
fn note_frame(slot: &DirectorySlot, named: &Named, frame: u32) {
    with_kept(slot, |d| {
        if d.pages.get(named.index) == Some(&named.pgno) {
            d.frames[named.index].store(frame, Ordering::Relaxed);
        }
    });
}

/// Leaves in `tree`'s current directory, if it has one.
pub(crate) fn leaves(tree: &BTree) -> Option<usize> {
    tree.shared
        .directory
        .current
        .load()
        .as_deref()
        .map(LeafDirectory::len)
}

/// Whether `tree` keeps a directory: unique trees but the space trees (whose reads
/// run under the space layer's locks).
pub(crate) fn kept_for(tree: &BTree) -> bool {
    let info = &tree.shared.info;
    info.unique() && info.kind != TreeKind::Space
}

/// Notes a point read of `tree` that went the long way (from the root), and makes
/// the tree's directory again when enough did since it was made: as many as it has
/// leaves, at least [`FIRST_AFTER`] (twice as many as last time after a try that made
/// none). Nothing is made while another reader makes one,
/// while the tree's lock is held for a change, or while the tree's structure is the
/// one the directory was made at.
pub(crate) fn note_long_way(tree: &BTree) {
    note(tree, false);
}

/// [`note_long_way`] for a change that went the long way (the tree's lock held
/// exclusive by the caller, no page latched, nothing of the change written yet): the
/// directory is made under that lock when it is due.
pub(crate) fn note_long_way_held(tree: &BTree) {
    note(tree, true);
}

/// [`note_long_way`]; `held`: the caller holds the tree's lock exclusive.
fn note(tree: &BTree, held: bool) {
    // Counted by each thread in batches: the tree's count is written once per
    // [`BATCH`] long ways of a thread, not by every read of a tree that has no
    // directory (one too large), whose readers would otherwise all write one line.
    let batch = LONG_WAYS.with(|n| {
        let next = n.get() + 1;
        n.set(next % BATCH);
        next == BATCH
    });
    if !batch {
        return;
    }
    let slot = &tree.shared.directory;
    let current = slot.current.load();
    let after = match current.as_deref() {
        Some(d) => u32::try_from(d.len()).unwrap_or(u32::MAX).max(FIRST_AFTER),
        None => slot.without.load(Ordering::Relaxed).max(FIRST_AFTER),
    };
    if slot.long_ways.fetch_add(BATCH, Ordering::Relaxed) + BATCH < after {
        return;
    }
    if slot
        .making
        .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
        .is_err()
    {
        return;
    }
    slot.long_ways.store(0, Ordering::Relaxed);
    let lock = match held {
        true => None,
        false => tree.shared.lock.try_read(),
    };
    if held || lock.is_some() {
        let structure = tree.shared.structure.load(Ordering::Acquire);
        let same = current.as_deref().is_some_and(|d| d.structure == structure);
        // An odd sequence: a split or merge of the caller's change is under way.
        if !same && structure.is_multiple_of(2) {
            // A tree too large, or one that cannot be read, has no directory: its
            // reads go the long way, as they always can.
            let made = make(tree, structure).ok().flatten().map(Arc::new);
            let without = match made {
                Some(_) => 0,
                None => after.saturating_mul(2).min(1 << 30),
            };
            slot.without.store(without, Ordering::Relaxed);
            slot.current.store(made);
            slot.source.changed();
        }
    }
    drop(lock);
    slot.making.store(false, Ordering::Release);
}

/// The directory of `tree` as its branch pages give it (the tree's lock held shared,
/// so that nothing changes meanwhile); `None` for a tree with more than
/// [`LEAVES_MOST`] leaves.
fn make(tree: &BTree, structure: u64) -> Result<Option<LeafDirectory>> {
    let info = &tree.shared.info;
    let cache = &tree.shared.env.cache;
    let mut separators: Vec<Vec<u8>> = Vec::new();
    let mut pages: Vec<u32> = Vec::new();
    // Branch pages to read, each with its upper bound (`None`: the tree's right
    // edge) and depth; taken last first, so children are pushed in reverse order.
    let mut todo: Vec<(u32, Option<Vec<u8>>, usize)> = vec![(info.root, None, 0)];
    while let Some((pgno, bound, depth)) = todo.pop() {
        if depth >= MAX_DEPTH {
            return Ok(None);
        }
        let nodes = cache.with_read(pgno, |bytes| -> Result<Option<(bool, Vec<_>)>> {
            let page = Page::open(bytes, pgno)?;
            check_owner(&page, info)?;
            if page.is_leaf() {
                return Ok(None);
            }
            let n = page.node_count();
            let mut nodes = Vec::with_capacity(n);
            for i in 0..n {
                let (k, _, _) = key_parts(&page, i)?;
                let key = (i + 1 < n).then(|| [k[0], k[1]].concat());
                nodes.push((key, child(&page, i)?));
            }
            Ok(Some((page.is_parent_of_leaf(), nodes)))
        })??;
        let Some((parent_of_leaf, nodes)) = nodes else {
            // The root is the only leaf.
            if pgno == info.root {
                return Ok(Some(LeafDirectory::new(structure, &[], vec![pgno])));
            }
            return Ok(None);
        };
        if parent_of_leaf {
            if pages.len() + nodes.len() > LEAVES_MOST {
                return Ok(None);
            }
            for (key, child) in nodes {
                pages.push(child);
                match key.or_else(|| bound.clone()) {
                    Some(s) if !s.is_empty() => separators.push(s),
                    // Only the tree's last leaf has no upper bound.
                    _ => {}
                }
            }
        } else {
            let n = nodes.len();
            for (i, (key, child)) in nodes.into_iter().enumerate().rev() {
                let upper = if i + 1 < n { key } else { bound.clone() };
                todo.push((child, upper, depth + 1));
            }
        }
    }
    // Every leaf but the last has its upper bound; a tree whose pages say otherwise
    // gets no directory.
    if pages.is_empty() || separators.len() + 1 != pages.len() {
        return Ok(None);
    }
    Ok(Some(LeafDirectory::new(structure, &separators, pages)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(seps: &[&[u8]]) -> LeafDirectory {
        let seps: Vec<Vec<u8>> = seps.iter().map(|s| s.to_vec()).collect();
        let pages = (0..=seps.len() as u32).map(|p| 100 + p).collect();
        LeafDirectory::new(7, &seps, pages)
    }

    /// The leaf as the branch pages choose it: the first separator above the key.
    fn by_scan(seps: &[&[u8]], key: &[u8]) -> u32 {
        100 + seps.iter().take_while(|s| **s <= key).count() as u32
    }

    #[test]
    fn leaves_as_the_separators_choose_them() {
        let seps: &[&[u8]] = &[
            b"\x7f\x00\x00\x00\x00\x00\x00\x00\x10",
            b"\x7f\x00\x00\x00\x00\x00\x00\x00\x20\x05",
            b"\x7f\x00\x00\x00\x00\x00\x00\x00\x20\x06",
            b"\x7f\x00\x00\x00\x00\x00\x00\x01",
            b"\x7f\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x01",
            b"\x7f\x00\x00\x00\x01",
        ];
        let d = dir(seps);
        let mut keys: Vec<Vec<u8>> = seps.iter().map(|s| s.to_vec()).collect();
        for s in seps {
            let mut below = s.to_vec();
            *below.last_mut().unwrap() -= 1;
            keys.push(below);
            let mut above = s.to_vec();
            above.push(0);
            keys.push(above.clone());
            above.push(0xff);
            keys.push(above);
        }
        keys.extend([
            b"".to_vec(),
            b"\x00".to_vec(),
            b"\x7f".to_vec(),
            b"\x7f\x00\x00\x00".to_vec(),
            b"\x80".to_vec(),
            b"\xff\xff".to_vec(),
            b"\x7f\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00".to_vec(),
        ]);
        for k in &keys {
            assert_eq!(d.leaf_for(k).0, by_scan(seps, k), "key {k:02x?}");
        }
    }

    #[test]
    fn random_separators_against_a_scan() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for round in 0..200 {
            let n = (next() % 300) as usize;
            let mut seps: Vec<Vec<u8>> = (0..n)
                .map(|_| {
                    let len = 1 + (next() % 12) as usize;
                    // A few distinct bytes, so that heads tie often.
                    (0..len)
                        .map(|_| [0u8, 1, 0x7f, 0xff][(next() % 4) as usize])
                        .collect()
                })
                .collect();
            seps.sort();
            seps.dedup();
            let refs: Vec<&[u8]> = seps.iter().map(|s| s.as_slice()).collect();
            let d = dir(&refs);
            for _ in 0..200 {
                let len = (next() % 14) as usize;
                let k: Vec<u8> = (0..len)
                    .map(|_| [0u8, 1, 0x7e, 0x7f, 0x80, 0xff][(next() % 6) as usize])
                    .collect();
                assert_eq!(
                    d.leaf_for(&k).0,
                    by_scan(&refs, &k),
                    "round {round}, key {k:02x?}"
                );
            }
        }
    }

    #[test]
    fn one_leaf_takes_every_key() {
        let d = LeafDirectory::new(0, &[], vec![5]);
        for k in [&b""[..], b"\x00", b"\xff\xff\xff"] {
            assert_eq!(d.leaf_for(k), (5, None));
        }
    }
}
