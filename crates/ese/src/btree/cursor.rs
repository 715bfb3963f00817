//! Cursors: seeks, first/last, next/prev across sibling leaves, and point reads.
//!
//! Owns [`Cursor`], [`SeekOp`] and [`Entry`]. A cursor holds no latch and no lock
//! between calls: it remembers its leaf, node index, the leaf's dbtime and a copy of
//! the entry. A `Ge` or `Eq` seek whose entry lies in the leaf it reaches runs
//! without the tree lock when no change spanning pages overlaps it (see
//! [`Cursor::seek`]); every other call takes the tree lock shared
//! and, if the leaf's dbtime changed since, finds its place again by the remembered
//! bookmark (key, and data in non-unique trees), so positions stay right across
//! other changes to the tree.
//!
//! What must hold: entries come back in the tree's order (key, then data in
//! non-unique trees); flag-deleted nodes are returned with their flags (the layers
//! above decide what they mean); a walk never loops on a damaged chain (bounded by
//! the pages of the file) and checks each page belongs to the tree.

use super::read::{
    check_owner, corrupt, descend_by, descend_read, key_parts, leaf_probe, leaf_search_in,
    probed_node,
};
use super::BTree;
use crate::format::page::{node_flags, NodeParts, Page};
use crate::Result;
use std::sync::atomic::Ordering;

/// Lock-free tries of a seek before it takes the shared tree lock.
const OPTIMISTIC_TRIES: usize = 2;

/// How a seek compares with the sought bookmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeekOp {
    /// The first entry equal to the bookmark.
    Eq,
    /// The first entry at or after the bookmark.
    Ge,
    /// The first entry after the bookmark.
    Gt,
    /// The last entry at or before the bookmark.
    Le,
    /// The last entry before the bookmark.
    Lt,
}

/// One leaf entry, copied out of its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The full key.
    pub key: Vec<u8>,
    /// The data.
    pub data: Vec<u8>,
    /// Node flags: 0x1 versioned, 0x2 deleted (compressed is not reported).
    pub flags: u8,
}

impl Entry {
    /// Whether the node is flag-deleted.
    pub fn is_deleted(&self) -> bool {
        self.flags & node_flags::DELETED != 0
    }
}

#[derive(Debug, Clone)]
enum State {
    Unset,
    BeforeFirst,
    AfterLast,
    On {
        pgno: u32,
        index: usize,
        dbtime: u64,
        /// The entry's key, to find its place again after the page changed.
        key: Vec<u8>,
        /// The entry's data in a tree whose keys are not unique (part of its
        /// bookmark there); `None` in a unique tree.
        bm_data: Option<Vec<u8>>,
    },
    /// On no entry, where bookmark (`key`, `bm_data`) would be (ESE's virtual currency,
    /// `locOnSeekBM`): a step forward lands on the first entry after it, a step back on
    /// the last entry before it.
    Between {
        key: Vec<u8>,
        bm_data: Option<Vec<u8>>,
    },
}

/// A position in one tree (see the module header).
#[derive(Debug, Clone)]
pub struct Cursor {
    tree: BTree,
    state: State,
}

/// Where a step lands before it is turned into an entry: a leaf and an index that
/// may lie one past either end of it.
#[derive(Debug, Clone, Copy)]
struct Loc {
    pgno: u32,
    index: isize,
}

impl Cursor {
    pub(crate) fn new(tree: BTree) -> Cursor {
        Cursor {
            tree,
            state: State::Unset,
        }
    }

    /// The tree this cursor walks.
    pub fn tree(&self) -> &BTree {
        &self.tree
    }

    /// The leaf page of the entry the cursor is on, if any.
    pub fn page(&self) -> Option<u32> {
        match &self.state {
            State::On { pgno, .. } => Some(*pgno),
            _ => None,
        }
    }

    /// The key of the entry the cursor is on, if any.
    pub fn current_key(&self) -> Option<&[u8]> {
        match &self.state {
            State::On { key, .. } => Some(key),
            _ => None,
        }
    }

    /// Seeks by `op` to bookmark `key` (with `data` in non-unique trees; `None`
    /// compares keys only). Returns the entry, or `None` (the cursor is then before
    /// the first or after the last entry, by the direction of `op`).
    ///
    /// A `Ge` or `Eq` seek takes no tree lock when it can: it descends as if it held
    /// it and keeps the result only when the entry lies in the leaf it reached (read
    /// under one latch) and no change spanning pages (split, merge, bulk load) ran
    /// meanwhile; otherwise it runs again under the shared tree lock. So point reads
    /// do not queue behind the writer's exclusive lock for changes within one page.
    pub fn seek(&mut self, op: SeekOp, key: &[u8], data: Option<&[u8]>) -> Result<Option<Entry>> {
        let data = if self.tree.unique() { None } else { data };
        if matches!(op, SeekOp::Ge | SeekOp::Eq) {
            if let Some(found) = self.lower_bound_unlocked(key, data, true)? {
                return Ok(self.keep_if_equal(op, Some(found), key, data));
            }
        }
        let tree = self.tree.clone();
        let _lock = tree.shared.lock.read();
        self.seek_in(op, key, data)
    }

    /// The first entry at or after bookmark `key` (with `data` in non-unique trees),
    /// found as a `Ge` [`Cursor::seek`] finds it, for a read that does not go on
    /// from it: the cursor keeps no position (a later step starts as on a new
    /// cursor), so the entry's key is not copied a second time for it.
    pub fn peek_ge(&mut self, key: &[u8], data: Option<&[u8]>) -> Result<Option<Entry>> {
        let found = self.tree.peek_ge(key, data)?;
        self.state = State::Unset;
        Ok(found)
    }

    /// The first entry at or after the bookmark without the tree lock, when it lies
    /// in the leaf the descent reaches; `None` when that cannot be told so (the
    /// entry is past the leaf's end, or a change spanning pages ran meanwhile, or
    /// one was under way [`OPTIMISTIC_TRIES`] times): then seek under the lock.
    /// With `keep` the cursor is then on the entry; without, its position is left
    /// as it was.
    ///
    /// Why this is sound: without a change spanning pages, every key stays in the
    /// leaf whose range holds it, and branch pages do not change; a change within
    /// one leaf happens under its write latch, and the leaf is searched and its entry
    /// copied under one read latch. A change spanning pages makes the structure
    /// sequence odd before it latches its first page, so a descent that read a page
    /// it changed sees the sequence moved (the page latch orders the two) and its
    /// result, or error, is dropped.
    fn lower_bound_unlocked(
        &mut self,
        key: &[u8],
        data: Option<&[u8]>,
        keep: bool,
    ) -> Result<Option<Entry>> {
        Ok(
            lower_bound_unlocked(&self.tree, key, data, keep)?.map(|(state, entry)| {
                if let Some(state) = state {
                    self.state = state;
                }
                entry
            }),
        )
    }

    /// For `Eq`, `found` only when it has the bookmark sought (else the cursor is
    /// after the last entry).
    fn keep_if_equal(
        &mut self,
        op: SeekOp,
        found: Option<Entry>,
        key: &[u8],
        data: Option<&[u8]>,
    ) -> Option<Entry> {
        if op == SeekOp::Eq {
            if let Some(e) = &found {
                let same = e.key == key && data.is_none_or(|d| d == e.data.as_slice());
                if !same {
                    self.state = State::AfterLast;
                    return None;
                }
            }
        }
        found
    }

    fn seek_in(&mut self, op: SeekOp, key: &[u8], data: Option<&[u8]>) -> Result<Option<Entry>> {
        let found = match op {
            SeekOp::Ge | SeekOp::Eq => self.land_forward(self.lower_bound(key, data)?)?,
            SeekOp::Gt => {
                let loc = self.upper_bound(key, data)?;
                self.land_forward(loc)?
            }
            SeekOp::Lt => {
                let mut loc = self.lower_bound(key, data)?;
                loc.index -= 1;
                self.land_backward(loc)?
            }
            SeekOp::Le => {
                let mut loc = self.upper_bound(key, data)?;
                loc.index -= 1;
                self.land_backward(loc)?
            }
        };
        Ok(self.keep_if_equal(op, found, key, data))
    }

    /// Moves to the first entry.
    pub fn first(&mut self) -> Result<Option<Entry>> {
        let tree = self.tree.clone();
        let _lock = tree.shared.lock.read();
        let (_, leaf) = descend_by(&tree.shared.env, &tree.shared.info, |_| Ok(0))?;
        self.land_forward(Loc {
            pgno: leaf,
            index: 0,
        })
    }

    /// Moves to the last entry.
    pub fn last(&mut self) -> Result<Option<Entry>> {
        let tree = self.tree.clone();
        let _lock = tree.shared.lock.read();
        let (_, leaf) = descend_by(&tree.shared.env, &tree.shared.info, |p| {
            Ok(p.node_count().saturating_sub(1))
        })?;
        self.land_backward(Loc {
            pgno: leaf,
            index: isize::MAX,
        })
    }

    /// Moves to the next entry (from before the first: the first).
    // A fallible step that moves the cursor, not an `Iterator`.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Option<Entry>> {
        let tree = self.tree.clone();
        let _lock = tree.shared.lock.read();
        let loc = match &self.state {
            State::Unset | State::BeforeFirst => {
                let (_, leaf) = descend_by(&tree.shared.env, &tree.shared.info, |_| Ok(0))?;
                Loc {
                    pgno: leaf,
                    index: 0,
                }
            }
            State::AfterLast => return Ok(None),
            State::On {
                pgno,
                index,
                dbtime,
                key,
                bm_data,
            } => match self.still_valid(*pgno, *dbtime)? {
                true => Loc {
                    pgno: *pgno,
                    index: *index as isize + 1,
                },
                false => self.upper_bound(key, bm_data.as_deref())?,
            },
            State::Between { key, bm_data } => self.upper_bound(key, bm_data.as_deref())?,
        };
        self.land_forward(loc)
    }

    /// Moves to the previous entry (from after the last: the last).
    pub fn prev(&mut self) -> Result<Option<Entry>> {
        let tree = self.tree.clone();
        let _lock = tree.shared.lock.read();
        let loc = match &self.state {
            State::Unset | State::AfterLast => {
                let (_, leaf) = descend_by(&tree.shared.env, &tree.shared.info, |p| {
                    Ok(p.node_count().saturating_sub(1))
                })?;
                Loc {
                    pgno: leaf,
                    index: isize::MAX,
                }
            }
            State::BeforeFirst => return Ok(None),
            State::On {
                pgno,
                index,
                dbtime,
                key,
                bm_data,
            } => match self.still_valid(*pgno, *dbtime)? {
                true => Loc {
                    pgno: *pgno,
                    index: *index as isize - 1,
                },
                false => {
                    let mut loc = self.lower_bound(key, bm_data.as_deref())?;
                    loc.index -= 1;
                    loc
                }
            },
            State::Between { key, bm_data } => {
                let mut loc = self.lower_bound(key, bm_data.as_deref())?;
                loc.index -= 1;
                loc
            }
        };
        self.land_backward(loc)
    }

    /// Places the cursor on no entry, where bookmark `key` (with `data` in a tree whose
    /// keys are not unique) would be: [`Cursor::next`] then lands on the first entry
    /// after it and [`Cursor::prev`] on the last entry before it, whether or not an entry
    /// with that bookmark exists (ESE's virtual currency after
    /// `JET_bitBookmarkPermitVirtualCurrency`).
    pub fn set_between(&mut self, key: &[u8], data: Option<&[u8]>) {
        let bm_data = if self.tree.unique() { None } else { data };
        self.state = State::Between {
            key: key.to_vec(),
            bm_data: bm_data.map(<[u8]>::to_vec),
        };
    }

    /// The rest of the leaf the cursor is on, after its entry, copied in one visit of
    /// the page; the cursor moves to the last one. Empty when the cursor is not on
    /// an entry, its page changed since, or it is on the leaf's last entry (a
    /// [`Cursor::next`] then goes on).
    pub fn rest_of_leaf(&mut self, out: &mut Vec<Entry>) -> Result<()> {
        let State::On {
            pgno,
            index,
            dbtime,
            ..
        } = &self.state
        else {
            return Ok(());
        };
        let (pgno, index, dbtime) = (*pgno, *index, *dbtime);
        let tree = self.tree.clone();
        let _lock = tree.shared.lock.read();
        let buf = tree.shared.env.cache.read(pgno)?;
        let page = Page::open(&buf, pgno)?;
        if page.dbtime() != dbtime || check_owner(&page, &tree.shared.info).is_err() {
            return Ok(());
        }
        let n = page.node_count();
        if index + 1 >= n {
            return Ok(());
        }
        let prefix = page.key_prefix()?;
        for i in index + 1..n - 1 {
            let node = page.node(i)?;
            let head = prefix
                .get(..node.prefix_len)
                .ok_or_else(|| corrupt(pgno, format!("node {i} overruns the page prefix")))?;
            let mut key = Vec::with_capacity(head.len() + node.suffix.len());
            key.extend_from_slice(head);
            key.extend_from_slice(node.suffix);
            out.push(Entry {
                key,
                data: node.data.to_vec(),
                flags: node.flags & !node_flags::COMPRESSED,
            });
        }
        out.push(self.settle(&page, n - 1)?);
        Ok(())
    }

    /// Whether the entry the cursor is on is still as it was copied: its page has
    /// not changed since (`false` off any entry).
    pub fn is_fresh(&self) -> Result<bool> {
        match &self.state {
            State::On { pgno, dbtime, .. } => {
                let _lock = self.tree.shared.lock.read();
                self.still_valid(*pgno, *dbtime)
            }
            _ => Ok(false),
        }
    }

    fn still_valid(&self, pgno: u32, dbtime: u64) -> Result<bool> {
        let buf = self.tree.shared.env.cache.read(pgno)?;
        let page = Page::open(&buf, pgno)?;
        Ok(page.dbtime() == dbtime && check_owner(&page, &self.tree.shared.info).is_ok())
    }

    /// The first position at or after the bookmark (key-only: the first with the key).
    fn lower_bound(&self, key: &[u8], data: Option<&[u8]>) -> Result<Loc> {
        let t = &self.tree.shared;
        let unique = t.info.unique();
        descend_read(
            &t.env,
            &t.info,
            key,
            data.unwrap_or(&[]),
            |page, leaf, span| {
                let (pos, _) = leaf_search_in(page, &leaf_probe(page)?, key, data, unique, span)?;
                Ok(Loc {
                    pgno: leaf,
                    index: pos as isize,
                })
            },
        )
    }

    /// The first position after the bookmark (key-only in a non-unique tree: after
    /// every entry with the key).
    fn upper_bound(&self, key: &[u8], data: Option<&[u8]>) -> Result<Loc> {
        let mut loc = self.lower_bound(key, data)?;
        let env = &self.tree.shared.env;
        let mut bound = WalkBound::new(env);
        while bound.step()? {
            let buf = env.cache.read(loc.pgno)?;
            let page = Page::open(&buf, loc.pgno)?;
            let n = page.node_count() as isize;
            while loc.index < n {
                let (k, d, _) = key_parts(&page, loc.index as usize)?;
                let eq = super::keys::cmp_leaf(k, d, key, data, self.tree.unique())
                    == std::cmp::Ordering::Equal;
                if !eq {
                    return Ok(loc);
                }
                loc.index += 1;
            }
            let next = page.next();
            if next == 0 {
                return Ok(loc);
            }
            loc = Loc {
                pgno: next,
                index: 0,
            };
        }
        Err(corrupt(loc.pgno, "sibling chain does not end"))
    }

    /// Turns a location into the entry there, moving right past page ends.
    fn land_forward(&mut self, loc: Loc) -> Result<Option<Entry>> {
        self.land(loc, true)
    }

    /// Turns a location into the entry there, moving left past page starts.
    fn land_backward(&mut self, loc: Loc) -> Result<Option<Entry>> {
        self.land(loc, false)
    }

    /// Walks the leaf chain from `loc` in one direction to the first node that
    /// exists; an index past the end of a page counts as its last node when moving
    /// left.
    fn land(&mut self, mut loc: Loc, forward: bool) -> Result<Option<Entry>> {
        let env = self.tree.shared.env.clone();
        let mut bound = WalkBound::new(&env);
        // The last node of the page left behind (the first, moving left).
        let mut boundary: Option<(Vec<u8>, Vec<u8>)> = None;
        while bound.step()? {
            let buf = env.cache.read(loc.pgno)?;
            let page = Page::open(&buf, loc.pgno)?;
            check_owner(&page, &self.tree.shared.info)?;
            let n = page.node_count() as isize;
            if !forward && loc.index >= n {
                loc.index = n - 1;
            }
            if (0..n).contains(&loc.index) {
                let i = loc.index as usize;
                if let Some(b) = &boundary {
                    self.check_order(&page, i, b, forward)?;
                }
                return Ok(Some(self.settle(&page, i)?));
            }
            if n > 0 {
                let (k, d, _) = key_parts(&page, if forward { n as usize - 1 } else { 0 })?;
                boundary = Some(([k[0], k[1]].concat(), d.to_vec()));
            }
            let (sibling, index, end) = if forward {
                (page.next(), 0, State::AfterLast)
            } else {
                (page.prev(), isize::MAX, State::BeforeFirst)
            };
            if sibling == 0 {
                self.state = end;
                return Ok(None);
            }
            loc = Loc {
                pgno: sibling,
                index,
            };
        }
        Err(corrupt(loc.pgno, "sibling chain does not end"))
    }

    /// After a step that crossed into a sibling page: node `i` of `page` must
    /// lie past `boundary`, the last node of the page left behind (the first,
    /// moving left). A leaf chain damaged into a loop leads back to keys
    /// already passed, and a walk going on step by step would never end.
    fn check_order(
        &self,
        page: &Page<'_>,
        i: usize,
        boundary: &(Vec<u8>, Vec<u8>),
        forward: bool,
    ) -> Result<()> {
        let (k, d, _) = key_parts(page, i)?;
        let unique = self.tree.unique();
        let o = super::keys::cmp_leaf(k, d, &boundary.0, Some(&boundary.1), unique);
        let past = if forward {
            o == std::cmp::Ordering::Greater
        } else {
            o == std::cmp::Ordering::Less
        };
        if past {
            Ok(())
        } else {
            Err(corrupt(
                page.pgno(),
                "the leaf chain leads back to keys already passed",
            ))
        }
    }

    /// Positions on node `i` of `page` and returns its entry.
    fn settle(&mut self, page: &Page<'_>, i: usize) -> Result<Entry> {
        let (state, entry) = entry_at(page, i, self.tree.unique())?;
        self.state = state;
        Ok(entry)
    }
}

/// The cursor state on node `i` of `page`, and the node's entry; the state
/// keeps the entry's bookmark only (its data too when keys are not `unique`).
fn entry_at(page: &Page<'_>, i: usize, unique: bool) -> Result<(State, Entry)> {
    Ok(entry_of(page, i, key_parts(page, i)?, unique))
}

/// [`entry_at`] with node `i`'s parts already read.
fn entry_of(page: &Page<'_>, i: usize, parts: NodeParts<'_>, unique: bool) -> (State, Entry) {
    let entry = entry_from(parts);
    let state = State::On {
        pgno: page.pgno(),
        index: i,
        dbtime: page.dbtime(),
        key: entry.key.clone(),
        bm_data: (!unique).then(|| entry.data.clone()),
    };
    (state, entry)
}

/// Node `i`'s entry, with the state of a cursor on it when `keep`.
fn kept_entry(
    page: &Page<'_>,
    i: usize,
    parts: NodeParts<'_>,
    unique: bool,
    keep: bool,
) -> (Option<State>, Entry) {
    match keep {
        true => {
            let (state, entry) = entry_of(page, i, parts, unique);
            (Some(state), entry)
        }
        false => (None, entry_from(parts)),
    }
}

/// A node's parts copied out as an entry.
fn entry_from((k, d, f): NodeParts<'_>) -> Entry {
    let mut key = Vec::with_capacity(k[0].len() + k[1].len());
    key.extend_from_slice(k[0]);
    key.extend_from_slice(k[1]);
    Entry {
        key,
        data: d.to_vec(),
        flags: f & !node_flags::COMPRESSED,
    }
}

/// Counts the pages a walk visits against [`walk_limit`]; the limit (a query of the
/// file's length) is only computed once a walk has gone past a few pages, so the
/// common one- or two-page walk costs nothing.
struct WalkBound<'a> {
    env: &'a super::TreeEnv,
    visited: usize,
    limit: usize,
}

/// Pages a walk visits before its bound is computed.
const WALK_FREE_PAGES: usize = 64;

impl<'a> WalkBound<'a> {
    fn new(env: &'a super::TreeEnv) -> WalkBound<'a> {
        WalkBound {
            env,
            visited: 0,
            limit: usize::MAX,
        }
    }

    /// Whether one more page may be visited.
    fn step(&mut self) -> Result<bool> {
        self.visited += 1;
        if self.visited == WALK_FREE_PAGES {
            self.limit = walk_limit(self.env)?.max(WALK_FREE_PAGES);
        }
        Ok(self.visited <= self.limit)
    }
}

/// The most pages a walk along the leaf chain may visit: every page of the file
/// (and those not written yet), so a damaged chain cannot loop.
pub(super) fn walk_limit(env: &super::TreeEnv) -> Result<usize> {
    Ok(env.cache.file_pages()? as usize + env.cache.frame_count() + 16)
}

impl BTree {
    /// The data of the entry with key `key` (the first one in a non-unique tree),
    /// flag-deleted entries included; `None` if there is none.
    pub fn get(&self, key: &[u8]) -> Result<Option<Entry>> {
        let mut c = self.cursor();
        c.seek(SeekOp::Eq, key, None)
    }
}

/// [`Cursor::lower_bound_unlocked`] on `tree` itself: the entry, with the state a
/// cursor settles in when `keep`.
fn lower_bound_unlocked(
    tree: &BTree,
    key: &[u8],
    data: Option<&[u8]>,
    keep: bool,
) -> Result<Option<(Option<State>, Entry)>> {
    let directory = data.is_none() && super::directory::kept_for(tree);
    let unique = tree.unique();
    let mut long_way = false;
    let mut found = Ok(None);
    for _ in 0..OPTIMISTIC_TRIES {
        let seq = &tree.shared.structure;
        let before = seq.load(Ordering::Acquire);
        if before & 1 != 0 {
            break;
        }
        // The leaf the directory names answers when it has the key, or nodes on
        // both sides of its place (see `directory.rs`); else the long way.
        let near = match directory {
            true => super::directory::at_leaf(tree, key, |page, probe, pos, equal| {
                if !equal && (pos == 0 || pos >= page.node_count()) {
                    return Ok(None);
                }
                Ok(Some(kept_entry(
                    page,
                    pos,
                    probed_node(page, probe, pos)?,
                    unique,
                    keep,
                )))
            }),
            false => Ok(None),
        };
        let result = match near {
            Ok(None) => {
                long_way = true;
                lower_bound_in_leaf(tree, key, data, keep)
            }
            other => other,
        };
        if seq.load(Ordering::Acquire) == before {
            found = result;
            break;
        }
    }
    if directory && long_way {
        super::directory::note_long_way(tree);
    }
    found
}

/// Descends to the bookmark's leaf and finds the first entry at or after it
/// there, under one latch of the leaf; `None` past the leaf's end. With `keep`
/// also the state of a cursor on it.
fn lower_bound_in_leaf(
    tree: &BTree,
    key: &[u8],
    data: Option<&[u8]>,
    keep: bool,
) -> Result<Option<(Option<State>, Entry)>> {
    let t = &tree.shared;
    let unique = t.info.unique();
    descend_read(
        &t.env,
        &t.info,
        key,
        data.unwrap_or(&[]),
        |page, _, span| {
            let probe = leaf_probe(page)?;
            let (pos, _) = leaf_search_in(page, &probe, key, data, unique, span)?;
            if pos >= page.node_count() {
                return Ok(None);
            }
            let parts = probed_node(page, &probe, pos)?;
            Ok(Some(kept_entry(page, pos, parts, unique, keep)))
        },
    )
}

impl BTree {
    /// Runs `f` on the entry whose key is exactly `key` in this unique tree, read in place
    /// under one latch of its leaf (its key in two parts, its data and flags): nothing is
    /// copied. `None` when the leaf the descent reaches has no such entry, or the
    /// descent failed while a change spanning pages ran; the entry may then still be
    /// elsewhere, so a caller that needs to know reads as [`BTree::peek_ge`] reads. An
    /// entry found under the latch is the tree's entry whatever else changes meanwhile
    /// (keys are unique). `f` runs while the leaf is latched: it must not reach for
    /// pages, nor wait for anything that does.
    pub(crate) fn with_entry_at<R>(
        &self,
        key: &[u8],
        f: impl FnOnce(NodeParts<'_>) -> Result<R>,
    ) -> Result<Option<R>> {
        let t = &self.shared;
        if !t.info.unique() {
            return Ok(None);
        }
        let directory = super::directory::kept_for(self);
        let mut f = Some(f);
        if directory {
            // The leaf the directory names, taken only if it has the key (see
            // `directory.rs`); anything else goes the long way.
            // `Some(None)`: the key's place lies between two entries of the leaf,
            // where it would be; the caller's other read tells whether it is absent.
            let hit = super::directory::at_leaf(self, key, |page, probe, pos, equal| {
                if !equal {
                    let inside = pos > 0 && pos < page.node_count();
                    return Ok(inside.then_some(None));
                }
                match f.take() {
                    Some(f) => f(probed_node(page, probe, pos)?).map(|r| Some(Some(r))),
                    None => Ok(None),
                }
            })?;
            if let Some(hit) = hit {
                return Ok(hit);
            }
        }
        let Some(f) = f else {
            return Ok(None);
        };
        // A descent that meets a change spanning pages may reach a page just
        // released; its error then says nothing of the tree, and the caller reads
        // the way that waits for the change.
        let before = t.structure.load(Ordering::Acquire);
        let found = descend_read(&t.env, &t.info, key, &[], |page, _, span| {
            let probe = leaf_probe(page)?;
            let (pos, equal) = leaf_search_in(page, &probe, key, None, true, span)?;
            if !equal {
                return Ok(None);
            }
            let parts = probed_node(page, &probe, pos)?;
            f(parts).map(Some)
        });
        if directory {
            super::directory::note_long_way(self);
        }
        match found {
            Err(_) if before & 1 != 0 || t.structure.load(Ordering::Acquire) != before => Ok(None),
            found => found,
        }
    }

    /// How many leaves the tree's leaf directory names, if it has one: the directory
    /// its point reads and lock-free seeks search instead of the branch pages (made
    /// by those reads themselves, see `docs/design/btree-and-space.md`). For
    /// diagnostics and tests: what the reads answer never depends on it.
    pub fn directory_leaves(&self) -> Option<usize> {
        super::directory::leaves(self)
    }

    /// [`Cursor::peek_ge`] without a cursor: the first entry at or after bookmark
    /// `key` (with `data` in non-unique trees), for a point read that takes no
    /// reference to the tree when the entry lies in the leaf the descent reaches
    /// (the usual case); otherwise a `Ge` seek of a new cursor under the shared
    /// tree lock.
    pub fn peek_ge(&self, key: &[u8], data: Option<&[u8]>) -> Result<Option<Entry>> {
        let data = if self.unique() { None } else { data };
        if let Some((_, entry)) = lower_bound_unlocked(self, key, data, false)? {
            return Ok(Some(entry));
        }
        let mut cur = self.cursor();
        let _lock = self.shared.lock.read();
        cur.seek_in(SeekOp::Ge, key, data)
    }
}
