//! Loading a B-tree bottom-up from entries in key order ([`BTree::bulk_load`]), as
//! ESE builds an index from its sort (`ErrSORTIndexBuild` → `ErrBTAppend` in
//! `bt.cxx`): every entry is an append at the end of the last leaf.
//!
//! Owns the bulk load. It makes the pages an ascending run of ordinary inserts would
//! make, without descending the tree for each entry:
//!
//! - leaves are filled as appends fill them (`FBTIAppend`): an entry goes on the
//!   current leaf while its cost plus the tree's density reserve fits the leaf's free
//!   bytes, else it starts a new leaf; a new leaf takes its first key as the page
//!   prefix (`BTISelectAppend`) and later entries are compressed against it;
//! - leaves are chained both ways; the separator between two leaves is the shortest
//!   key between them (`keys::separator`), with data for equal keys in
//!   non-unique trees;
//! - branch pages are filled with (separator, child) lines while their uncompressed
//!   bytes fit a page, then laid out with ESE's best prefix, as the append path's
//!   branch splits leave them; the last line of a branch page keeps the page's upper
//!   bound, which is also what its parent holds for it, and the right edge of every
//!   level has the empty (+∞) key;
//! - the root stays on the FDP (its external header, the space header, is re-read
//!   under its write latch, since allocations change it) and holds no key prefix:
//!   all entries when they fit there with the density reserve, else the top level.
//!
//! What must hold: the tree is empty and not a space tree when the load starts
//! (`JET_errInvalidParameter` otherwise); entries come strictly increasing by key (unique trees) or by key then
//! data (non-unique trees): an equal key in a unique tree is `JET_errKeyDuplicate`,
//! an equal key and data `JET_errMultiValuedIndexViolation`, a decreasing entry
//! `JET_errInvalidParameter`, and sizes are checked as inserts check them. Pages come
//! from the tree's [`super::PageAllocator`] (no latch held while asking) and every
//! page is written by one [`super::apply`] of its whole image (new dbtime, sink).
//! The root is written last, so on an error the tree is still the empty root; the
//! pages the load took go back to the allocator, those it wrote first rewritten
//! as released empty pages (as merges release pages).
//! Memory: one leaf's entries, plus one line (separator and page number) per page
//! of the level being built.

use super::keys::{insert_cost, layout, page_capacity, separator, Line, MAX_TAGS};
use super::read::{apply_image, build_image, PageFacts, MAX_DEPTH};
use super::write::WriteCtx;
use super::{BTree, TreeInfo};
use crate::format::page::{flags, Page};
use crate::page::{NewPage, NodeSpec, PageMut, MAX_KEY_COUNT, PREFIX_OVERHEAD};
use crate::{Error, ErrorCode, Result};
use std::cmp::Ordering;

/// Pages asked from the allocator at a time.
const ALLOC_BATCH: usize = 64;

/// What a bulk load built.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BulkStats {
    /// Entries loaded.
    pub entries: u64,
    /// Leaf pages (1 when everything fits on the root).
    pub leaves: u64,
    /// Pages of the tree, root included.
    pub pages: u64,
    /// Levels, root included (1: the root is the only leaf).
    pub depth: u32,
}

/// The leaf being filled: its entries back to back in `buf`.
struct Leaf {
    buf: Vec<u8>,
    /// Per node: start in `buf`, key length, data length, prefix length used.
    nodes: Vec<(usize, usize, usize, usize)>,
    prefix: Vec<u8>,
    /// Free bytes as the page would count them (`cbFree`).
    free: usize,
    /// Bytes the nodes take uncompressed, tags included (the root's accounting).
    plain: usize,
}

impl Leaf {
    fn new() -> Leaf {
        Leaf {
            buf: Vec::new(),
            nodes: Vec::new(),
            prefix: Vec::new(),
            free: 0,
            plain: 0,
        }
    }

    fn key(&self, i: usize) -> &[u8] {
        let (s, k, _, _) = self.nodes[i];
        &self.buf[s..s + k]
    }

    fn data(&self, i: usize) -> &[u8] {
        let (s, k, d, _) = self.nodes[i];
        &self.buf[s + k..s + k + d]
    }

    fn line(&self, i: usize) -> Line<'_> {
        Line::new(self.key(i), self.data(i), 0)
    }

    /// Starts over as a fresh leaf whose first node is `(key, data)`, with the
    /// key as page prefix when that saves bytes and fits (`BTISelectAppend`).
    fn start(&mut self, key: &[u8], data: &[u8], page_size: usize) {
        self.buf.clear();
        self.nodes.clear();
        let cap = page_capacity(page_size);
        let size = key.len() + data.len() + super::keys::NODE_OVERHEAD;
        let klen = key.len().min(MAX_KEY_COUNT);
        let (plen, used) = if klen > PREFIX_OVERHEAD && size + PREFIX_OVERHEAD <= cap {
            (klen, size + PREFIX_OVERHEAD)
        } else {
            (0, size)
        };
        self.prefix.clear();
        self.prefix.extend_from_slice(&key[..plen]);
        // `used` counts the prefix bytes once (in tag 0) and the node without them.
        self.free = cap.saturating_sub(used);
        self.plain = size;
        self.push(key, data, plen);
    }

    fn push(&mut self, key: &[u8], data: &[u8], plen: usize) {
        let s = self.buf.len();
        self.buf.extend_from_slice(key);
        self.buf.extend_from_slice(data);
        self.nodes.push((s, key.len(), data.len(), plen));
    }

    /// Appends `(key, data)` if the append path would keep it on this leaf: its
    /// cost plus `reserve` fits the free bytes and a tag is left.
    fn try_append(&mut self, key: &[u8], data: &[u8], reserve: usize) -> bool {
        let (plen, cost) = insert_cost(&self.prefix, key, data);
        if cost + reserve > self.free || self.nodes.len() + 2 > MAX_TAGS {
            return false;
        }
        self.free -= cost;
        self.plain += key.len() + data.len() + super::keys::NODE_OVERHEAD;
        self.push(key, data, plen);
        true
    }

    /// The page image of this leaf as page `pgno`.
    fn image(&self, page_size: usize, pgno: u32, new: &NewPage, root: bool) -> Result<Vec<u8>> {
        let mut image = vec![0u8; page_size];
        let mut page = PageMut::init(&mut image, pgno, new)?;
        let mut ok = page.set_external_header(&self.prefix)?.is_ok();
        for i in 0..self.nodes.len() {
            let plen = if root { 0 } else { self.nodes[i].3 };
            let key = self.key(i);
            let spec = NodeSpec::new(plen, &key[plen..], self.data(i));
            ok &= page.insert_node(i, &spec)?.is_ok();
        }
        if !ok {
            return Err(Error::with(
                ErrorCode::InternalError,
                format!("a bulk-loaded leaf did not fit page {pgno}"),
            ));
        }
        Ok(image)
    }
}

/// The pages of one load: allocated in batches, handed out in order.
struct Pages<'a> {
    tree: &'a BTree,
    ctx: &'a mut WriteCtx,
    near: u32,
    used: u64,
    /// Pages taken so far, and whether each was written.
    taken: Vec<(u32, bool)>,
}

impl Pages<'_> {
    fn take(&mut self) -> Result<u32> {
        if self.ctx.reserved.is_empty() {
            let info = self.tree.shared.info;
            let mut got = self
                .tree
                .shared
                .alloc
                .allocate(&info, self.near, ALLOC_BATCH)?;
            got.reverse();
            self.ctx.reserved = got;
        }
        let pgno =
            self.ctx.reserved.pop().ok_or_else(|| {
                Error::with(ErrorCode::InternalError, "the allocator gave no pages")
            })?;
        self.near = pgno;
        self.used += 1;
        self.taken.push((pgno, false));
        Ok(pgno)
    }

    /// Writes page `pgno` (taken from here) with `image`.
    fn write(&mut self, pgno: u32, image: &[u8]) -> Result<()> {
        if let Some(t) = self.taken.iter_mut().rev().find(|t| t.0 == pgno) {
            t.1 = true;
        }
        let env = &self.tree.shared.env;
        // The pages loaded so far are unreachable until the root is written last.
        env.sink.safe_point();
        let mut w = env.cache.create(pgno)?;
        apply_image(env, &mut w, image)
    }

    /// After a failed load: the pages taken go back to the allocator (when the
    /// operation ends), those written first rewritten as released empty pages, as
    /// merges release pages. Best effort: the load's error is what is reported.
    fn give_back(&mut self) {
        let info = self.tree.shared.info;
        let env = &self.tree.shared.env;
        for (pgno, written) in std::mem::take(&mut self.taken) {
            if written {
                let facts = PageFacts {
                    objid: info.objid,
                    flags: info.page_flags | flags::EMPTY,
                    prev: 0,
                    next: 0,
                };
                let _ = build_image(env.page_size(), pgno, facts, &[], &[], &[], &[]).and_then(
                    |image| {
                        let mut w = env.cache.write(pgno)?;
                        apply_image(env, &mut w, &image)
                    },
                );
            }
            self.ctx.released.push(pgno);
        }
    }
}

impl BTree {
    /// Loads `entries` (key, data), in the tree's order and without repeats, into
    /// this empty tree, bottom-up (see the module header for the layout and the
    /// errors). The result is the tree the same entries appended one by one would
    /// give, up to the shape of its branch levels.
    pub fn bulk_load<I, K, D>(&self, entries: I) -> Result<BulkStats>
    where
        I: IntoIterator<Item = (K, D)>,
        K: AsRef<[u8]>,
        D: AsRef<[u8]>,
    {
        self.write_op(|t, ctx| t.bulk_locked(ctx, entries.into_iter()))
    }

    fn bulk_locked<K, D>(
        &self,
        ctx: &mut WriteCtx,
        entries: impl Iterator<Item = (K, D)>,
    ) -> Result<BulkStats>
    where
        K: AsRef<[u8]>,
        D: AsRef<[u8]>,
    {
        let info = self.shared.info;
        if info.kind == super::TreeKind::Space {
            // Space trees take their pages from split buffers, never the allocator.
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                "space trees are not bulk-loaded",
            ));
        }
        {
            let buf = self.shared.env.cache.read(info.root)?;
            let root = Page::new(&buf, info.root)?;
            if !root.is_leaf() || root.node_count() != 0 {
                return Err(Error::with(
                    ErrorCode::InvalidParameter,
                    format!("a bulk load needs an empty tree; tree {} is not", info.root),
                ));
            }
        }
        ctx.restructure(self);
        let mut load = Loader {
            tree: self,
            pages: Pages {
                tree: self,
                ctx,
                near: info.root,
                used: 0,
                taken: Vec::new(),
            },
            leaf: Leaf::new(),
            cur: None,
            prev: 0,
            level: Vec::new(),
            stats: BulkStats::default(),
        };
        let run = || -> Result<BulkStats> {
            for (key, data) in entries {
                load.add(key.as_ref(), data.as_ref())?;
            }
            load.finish()
        };
        let result = run();
        if result.is_err() {
            load.pages.give_back();
        }
        result
    }

    /// Whether `leaf`'s entries fit the root leaf with the density reserve (the
    /// append path splits the root leaf when they would not).
    fn fits_root_leaf(&self, leaf: &Leaf, reserve: usize) -> Result<bool> {
        let root = self.shared.info.root;
        let buf = self.shared.env.cache.read(root)?;
        let ext = Page::new(&buf, root)?.external_header()?.len();
        let cap = page_capacity(self.page_size());
        Ok(ext + leaf.plain + reserve <= cap && leaf.nodes.len() + 1 < MAX_TAGS)
    }

    /// Builds the branch levels over `level` (one line per child, the last with the
    /// empty key) and writes the root. Returns the depth.
    fn build_branches(&self, pages: &mut Pages<'_>, mut level: Vec<Line<'_>>) -> Result<u32> {
        let env = &self.shared.env;
        let info = self.shared.info;
        let ps = env.page_size();
        let cap = page_capacity(ps);
        let mut child_leaf = true;
        let mut depth = 2u32;
        loop {
            if depth as usize > MAX_DEPTH {
                return Err(Error::with(
                    ErrorCode::InternalError,
                    "a bulk load built a tree deeper than the limit",
                ));
            }
            if self.write_root_branch(&level, child_leaf)? {
                return Ok(depth);
            }
            let branch_flags = info.page_flags | if child_leaf { flags::PARENT_OF_LEAF } else { 0 };
            let mut up = Vec::new();
            let mut start = 0;
            while start < level.len() {
                let mut end = start;
                let mut used = 0usize;
                while end < level.len()
                    && used + level[end].size() <= cap
                    && end - start + 2 < MAX_TAGS
                {
                    used += level[end].size();
                    end += 1;
                }
                if end == start {
                    return Err(Error::with(
                        ErrorCode::InternalError,
                        "a separator larger than a branch page",
                    ));
                }
                let lines = &level[start..end];
                let lay = layout(lines);
                let pgno = pages.take()?;
                let facts = PageFacts {
                    objid: info.objid,
                    flags: branch_flags,
                    prev: 0,
                    next: 0,
                };
                let image = build_image(
                    ps,
                    pgno,
                    facts,
                    &lay.prefix,
                    &lay.prefix,
                    lines,
                    &lay.prefix_lens,
                )?;
                pages.write(pgno, &image)?;
                up.push(Line::branch(&lines[lines.len() - 1].key, pgno));
                start = end;
            }
            if up.len() >= level.len() {
                return Err(Error::with(
                    ErrorCode::InternalError,
                    "a branch level of a bulk load did not shrink",
                ));
            }
            level = up;
            child_leaf = false;
            depth += 1;
        }
    }

    /// Writes the root as the branch page over `level` if the lines fit there;
    /// `false` when they do not (nothing written).
    fn write_root_branch(&self, level: &[Line<'_>], child_leaf: bool) -> Result<bool> {
        let env = &self.shared.env;
        let info: TreeInfo = self.shared.info;
        let ps = env.page_size();
        let used: usize = level.iter().map(Line::size).sum();
        let mut w = env.cache.write(info.root)?;
        let external = Page::new(&w, info.root)?.external_header()?.to_vec();
        if external.len() + used > page_capacity(ps) || level.len() + 1 >= MAX_TAGS {
            return Ok(false);
        }
        let facts = PageFacts {
            objid: info.objid,
            flags: info.page_flags
                | flags::ROOT
                | if child_leaf { flags::PARENT_OF_LEAF } else { 0 },
            prev: 0,
            next: 0,
        };
        let zeros = vec![0usize; level.len()];
        let image = build_image(ps, info.root, facts, &external, &[], level, &zeros)?;
        apply_image(env, &mut w, &image)?;
        Ok(true)
    }
}

/// The state of one load: the leaf being filled and the level above it.
struct Loader<'a> {
    tree: &'a BTree,
    pages: Pages<'a>,
    leaf: Leaf,
    /// The page of the leaf being filled, once a second leaf is needed.
    cur: Option<u32>,
    /// The leaf written before it (0: none).
    prev: u32,
    /// One line per written leaf: (separator after it, its page).
    level: Vec<Line<'static>>,
    stats: BulkStats,
}

impl Loader<'_> {
    fn leaf_page(&self, prev: u32, next: u32) -> NewPage {
        NewPage {
            objid_fdp: self.tree.shared.info.objid,
            flags: self.tree.shared.info.page_flags | flags::LEAF,
            dbtime: 0,
            prev,
            next,
        }
    }

    /// Adds one entry: on the current leaf when the append path would keep it
    /// there, else on a new leaf after writing the current one.
    fn add(&mut self, key: &[u8], data: &[u8]) -> Result<()> {
        let tree = self.tree;
        let ps = tree.page_size();
        tree.check_sizes(key, data)?;
        self.stats.entries += 1;
        if self.leaf.nodes.is_empty() {
            self.leaf.start(key, data, ps);
            return Ok(());
        }
        let last = self.leaf.nodes.len() - 1;
        check_order(
            self.leaf.key(last),
            self.leaf.data(last),
            key,
            data,
            tree.unique(),
        )?;
        if self.leaf.try_append(key, data, tree.shared.density_reserve) {
            return Ok(());
        }
        // The leaf is full: it gets its page and a right sibling.
        let pgno = match self.cur {
            Some(p) => p,
            None => self.pages.take()?,
        };
        let next = self.pages.take()?;
        let new = self.leaf_page(self.prev, next);
        let image = self.leaf.image(ps, pgno, &new, false)?;
        self.pages.write(pgno, &image)?;
        self.stats.leaves += 1;
        let first = Line::new(key, data, 0);
        let sep = separator(&self.leaf.line(last), &first);
        self.level.push(Line::branch(&sep, pgno));
        self.prev = pgno;
        self.cur = Some(next);
        self.leaf.start(key, data, ps);
        Ok(())
    }

    /// Writes the last leaf, the branch levels and the root.
    fn finish(&mut self) -> Result<BulkStats> {
        let tree = self.tree;
        let env = &tree.shared.env;
        let info = tree.shared.info;
        let ps = tree.page_size();
        let root_only = BulkStats {
            depth: 1,
            leaves: 1,
            pages: 1,
            ..self.stats
        };
        if self.leaf.nodes.is_empty() {
            return Ok(root_only);
        }
        if self.cur.is_none() && tree.fits_root_leaf(&self.leaf, tree.shared.density_reserve)? {
            let mut w = env.cache.write(info.root)?;
            let external = Page::new(&w, info.root)?.external_header()?.to_vec();
            let mut new = self.leaf_page(0, 0);
            new.flags |= flags::ROOT;
            let root_leaf = Leaf {
                prefix: external,
                buf: std::mem::take(&mut self.leaf.buf),
                nodes: std::mem::take(&mut self.leaf.nodes),
                ..Leaf::new()
            };
            let image = root_leaf.image(ps, info.root, &new, true)?;
            apply_image(env, &mut w, &image)?;
            return Ok(root_only);
        }
        let pgno = match self.cur {
            Some(p) => p,
            None => self.pages.take()?,
        };
        let new = self.leaf_page(self.prev, 0);
        let image = self.leaf.image(ps, pgno, &new, false)?;
        self.pages.write(pgno, &image)?;
        self.stats.leaves += 1;
        self.level.push(Line::branch(&[], pgno));
        let level = std::mem::take(&mut self.level);
        let depth = tree.build_branches(&mut self.pages, level)?;
        Ok(BulkStats {
            pages: self.pages.used + 1,
            depth,
            ..self.stats
        })
    }
}

/// Checks that `(key, data)` comes after `(pkey, pdata)` in the tree's order.
fn check_order(pkey: &[u8], pdata: &[u8], key: &[u8], data: &[u8], unique: bool) -> Result<()> {
    let o = match pkey.cmp(key) {
        Ordering::Equal if !unique => pdata.cmp(data),
        o => o,
    };
    match o {
        Ordering::Less => Ok(()),
        Ordering::Equal if unique => Err(Error::with(
            ErrorCode::KeyDuplicate,
            "a bulk load met the same key twice in a unique tree",
        )),
        Ordering::Equal => Err(Error::with(
            ErrorCode::MultiValuedIndexViolation,
            "a bulk load met the same key and data twice",
        )),
        Ordering::Greater => Err(Error::with(
            ErrorCode::InvalidParameter,
            "bulk load entries are not in key order",
        )),
    }
}
