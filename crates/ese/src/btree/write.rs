//! The changing operations of a tree: insert, replace, delete and node flags.
//!
//! Owns [`WriteCtx`] (pages reserved for splits and pages to release, settled when
//! the operation ends) and the operations' entry points. Each holds the tree lock
//! exclusive for its whole run, reaches the leaf through the tree's leaf directory
//! when it names one that holds the key's place (see `directory.rs`) or else descends
//! with read latches, and changes the leaf under a write latch when the change fits;
//! otherwise it descends and hands over to [`super::split`] (and retries when the
//! split could not take the change along).
//!
//! What must hold: size limits are checked before anything changes (a key longer
//! than the page size allows is `JET_errKeyTooBig`, a node larger than a page holds
//! `JET_errRecordTooBig`); a unique tree refuses a second node with the same key
//! (`JET_errKeyDuplicate`), a non-unique tree a second identical key and data
//! (`JET_errMultiValuedIndexViolation`, as ESE's `ErrBTInsert`); a flag-deleted node
//! with the same bookmark is reused (ESE's flag-insert-and-replace-data). Appends to
//! the last leaf keep the density reserve free (`FBTIAppend`). Reserved pages left
//! over and released pages go back to the allocator after every latch is dropped.

use super::keys::{insert_cost, Line};
use super::read::{
    apply_fitting, descend_write, free_bytes, is_live_leaf_of, leaf_search, leaf_search_known,
};
use super::split::{split, Outcome};
use super::{BTree, PageOp};
use crate::format::page::{node_flags, Page};
use crate::page::{key_most_for_page, max_node_size, split_key, NodeSpec};
use crate::{Error, ErrorCode, Result};
use std::sync::atomic::Ordering;

/// A change at one leaf position.
#[derive(Debug, Clone)]
pub(crate) enum LeafOp<'a> {
    /// Insert `line` as node `pos`.
    Insert { pos: usize, line: Line<'a> },
    /// Replace node `pos` with `line` (same key).
    Replace { pos: usize, line: Line<'a> },
}

/// Pages an operation holds on to until it ends.
#[derive(Debug, Default)]
pub(crate) struct WriteCtx {
    /// Allocated for splits, not used yet.
    pub reserved: Vec<u32>,
    /// No longer used by the tree.
    pub released: Vec<u32>,
    /// Whether the operation made the structure sequence odd (see
    /// [`WriteCtx::restructure`]).
    restructuring: bool,
}

impl WriteCtx {
    /// Tells lock-free seeks of `tree` that pages are about to change together:
    /// called before the first page of a split, merge or bulk load changes (once
    /// per operation is enough; [`BTree::write_op`] ends it).
    pub(crate) fn restructure(&mut self, tree: &BTree) {
        if !self.restructuring {
            self.restructuring = true;
            tree.shared.structure.fetch_add(1, Ordering::AcqRel);
        }
    }
}

impl BTree {
    /// Runs `body` under the tree lock, then gives back reserved and released pages.
    pub(crate) fn write_op<R>(
        &self,
        body: impl FnOnce(&BTree, &mut WriteCtx) -> Result<R>,
    ) -> Result<R> {
        let mut ctx = WriteCtx::default();
        let result = {
            let _lock = self.shared.lock.write();
            let result = body(self, &mut ctx);
            if ctx.restructuring {
                // Even again: every page of the change is written and unlatched.
                self.shared.structure.fetch_add(1, Ordering::AcqRel);
            }
            result
        };
        let mut back = std::mem::take(&mut ctx.released);
        back.append(&mut ctx.reserved);
        if !back.is_empty() {
            if let Err(e) = self.shared.alloc.release(&self.shared.info, &back) {
                // The pages left the tree (or were taken for it) in this step and
                // cannot go back: logged as it stands, the step would lose them from
                // every tree's space. The step is dropped instead (the instance
                // fails; recovery starts from the last whole step).
                let e = super::change::broken(&self.shared.env, e);
                result?;
                return Err(e);
            }
        }
        result
    }

    /// The pages of the tree's leaf level, left to right (the leftmost leaf's chain of
    /// right siblings), as they are now; a tree's concurrent changes may change them
    /// afterwards. Errors: a page that is not the tree's (`JET_errBadParentPageLink`), a
    /// chain longer than the file has pages or deeper than [`super::read::MAX_DEPTH`]
    /// (`JET_errDatabaseCorrupted`).
    pub(crate) fn leaf_pages(&self) -> Result<Vec<u32>> {
        let env = &self.shared.env;
        let info = &self.shared.info;
        let owned = |page: &Page<'_>, pgno: u32| -> Result<()> {
            if page.objid_fdp() == info.objid {
                return Ok(());
            }
            Err(Error::with(
                ErrorCode::BadParentPageLink,
                format!("page {pgno} is not a page of tree {}", info.root),
            )
            .page(pgno))
        };
        let mut pgno = info.root;
        let mut depth = 0;
        loop {
            let buf = env.cache.read(pgno)?;
            let page = Page::new(&buf, pgno)?;
            owned(&page, pgno)?;
            if page.is_leaf() {
                break;
            }
            depth += 1;
            if depth > super::read::MAX_DEPTH {
                return Err(Error::with(
                    ErrorCode::DatabaseCorrupted,
                    "tree deeper than the limit",
                )
                .page(info.root));
            }
            pgno = super::read::child(&page, 0)?;
        }
        let most = super::cursor::walk_limit(env)?;
        let mut out = Vec::new();
        while pgno != 0 {
            if out.len() >= most {
                return Err(Error::with(
                    ErrorCode::DatabaseCorrupted,
                    "a leaf chain longer than the file has pages",
                )
                .page(info.root));
            }
            out.push(pgno);
            let buf = env.cache.read(pgno)?;
            let page = Page::new(&buf, pgno)?;
            owned(&page, pgno)?;
            pgno = page.next();
        }
        Ok(out)
    }

    /// Online defragmentation of leaf `leaf` (see [`super::merge::merge_sparse`]) as one
    /// change of the tree; whether it was merged into its left sibling.
    pub(crate) fn defragment_leaf(&self, leaf: u32) -> Result<bool> {
        self.write_op(|tree, ctx| super::merge::merge_sparse(tree, ctx, leaf))
    }

    /// Inserts `(key, data)`. Errors: see the module header; a full database
    /// (`JET_errOutOfDatabaseSpace`, `JET_errDiskFull`) and the cache's errors.
    pub fn insert(&self, key: &[u8], data: &[u8]) -> Result<()> {
        self.insert_admitted(key, data, || Ok(()))
    }

    /// Inserts `(key, data)` as [`BTree::insert`] does, calling `admit` once: after
    /// the tree has been found to hold no live node with this bookmark, before the
    /// node is written, with the leaf latched for writing (so no reader sees the
    /// node before `admit` has run). An error from `admit` ends the insert with the
    /// tree unchanged; `admit` must not latch pages or take the tree's lock.
    pub fn insert_admitted(
        &self,
        key: &[u8],
        data: &[u8],
        admit: impl FnOnce() -> Result<()>,
    ) -> Result<()> {
        self.check_sizes(key, data)?;
        let mut admit = Some(admit);
        self.write_op(|t, ctx| t.insert_locked(ctx, key, data, &mut admit))
    }

    /// Replaces the data of the node with key `key` (unique trees only:
    /// `JET_errInvalidParameter` otherwise), in place when it fits, else by a split.
    /// `JET_errRecordNotFound` if there is no such node (flag-deleted ones count as
    /// absent).
    pub fn replace(&self, key: &[u8], data: &[u8]) -> Result<()> {
        if !self.unique() {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                "replacing data changes the bookmark in a non-unique tree: delete and insert",
            ));
        }
        self.check_sizes(key, data)?;
        self.write_op(|t, ctx| t.replace_locked(ctx, key, data))
    }

    /// Deletes the node with key `key` (and, in a non-unique tree, data `data`; `None`
    /// deletes the first node with the key). The node is removed from its page; an
    /// emptied page is released and a nearly empty one merged into its left
    /// sibling. The last node of a page that cannot be released (the bounds it
    /// moves would not fit, see `merge`) stays, flag-deleted, as every reader
    /// above this layer skips it. `JET_errRecordNotFound` if there is no such node.
    pub fn delete(&self, key: &[u8], data: Option<&[u8]>) -> Result<()> {
        self.write_op(|t, ctx| t.delete_locked(ctx, key, data))
    }

    /// Sets the versioned (0x1) and deleted (0x2) flags of a node, for the version
    /// store. `JET_errRecordNotFound` if there is no such node.
    pub fn set_flags(&self, key: &[u8], data: Option<&[u8]>, flags: u8) -> Result<()> {
        self.write_op(|t, _| {
            let env = &t.shared.env;
            let (mut w, pos, eq) = match t.directory_leaf(key) {
                Some((_, w, pos, eq)) => (w, pos, eq),
                None => {
                    let (_, w, leaf, span) =
                        descend_write(env, &t.shared.info, key, data.unwrap_or(&[]))?;
                    let (pos, eq) =
                        leaf_search_known(&Page::open(&w, leaf)?, key, data, t.unique(), span)?;
                    (w, pos, eq)
                }
            };
            if !eq {
                return Err(Error::new(ErrorCode::RecordNotFound));
            }
            apply_fitting(env, &mut w, &PageOp::SetNodeFlags { index: pos, flags })
        })
    }

    pub(super) fn check_sizes(&self, key: &[u8], data: &[u8]) -> Result<()> {
        let ps = self.page_size();
        let key_most = key_most_for_page(ps);
        let bookmark = if self.unique() {
            key.len()
        } else {
            key.len() + data.len()
        };
        let limit = if self.unique() {
            key_most
        } else {
            2 * key_most
        };
        if bookmark > limit {
            return Err(Error::with(
                ErrorCode::KeyTooBig,
                format!("a bookmark of {bookmark} bytes exceeds {limit} on {ps}-byte pages"),
            ));
        }
        if data.is_empty() {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                "a node needs at least one byte of data",
            ));
        }
        let node = key.len() + data.len() + 2;
        if node > max_node_size(ps) {
            return Err(Error::with(
                ErrorCode::RecordTooBig,
                format!(
                    "a node of {node} bytes exceeds the {} a page holds",
                    max_node_size(ps)
                ),
            ));
        }
        Ok(())
    }

    fn insert_locked(
        &self,
        ctx: &mut WriteCtx,
        key: &[u8],
        data: &[u8],
        admit: &mut Option<impl FnOnce() -> Result<()>>,
    ) -> Result<()> {
        let env = &self.shared.env;
        let unique = self.unique();
        let seek_data = if unique { &[][..] } else { data };
        if self.append_at_hint(key, data, admit)? {
            return Ok(());
        }
        if let Some((leaf, mut w, pos, eq)) = self.directory_leaf(key) {
            if self.insert_in_leaf(&mut w, leaf, pos, eq, key, data, admit)? {
                return Ok(());
            }
        }
        loop {
            let (path, mut w, leaf, span) = descend_write(env, &self.shared.info, key, seek_data)?;
            let (pos, eq) = leaf_search_known(
                &Page::open(&w, leaf)?,
                key,
                (!unique).then_some(data),
                unique,
                span,
            )?;
            if self.insert_in_leaf(&mut w, leaf, pos, eq, key, data, admit)? {
                return Ok(());
            }
            drop(w);
            let line = Line::new(key, data, 0);
            let op = if eq {
                LeafOp::Replace { pos, line }
            } else {
                LeafOp::Insert { pos, line }
            };
            match split(self, ctx, &path, leaf, op)? {
                Outcome::Done => return Ok(()),
                Outcome::Retry => continue,
            }
        }
    }

    /// The leaf the tree's leaf directory names for `key`, latched for writing, with the
    /// key's position there and whether the node at it has the key, when that leaf holds
    /// the key's place ([`super::directory::leaf_to_write`]); `None` (the long way) counts
    /// toward the directory's making. The tree's lock is held exclusive.
    fn directory_leaf(&self, key: &[u8]) -> Option<(u32, crate::cache::PageWrite, usize, bool)> {
        if !super::directory::kept_for(self) {
            return None;
        }
        let found = super::directory::leaf_to_write(self, key);
        if found.is_none() {
            super::directory::note_long_way_held(self);
        }
        found
    }

    /// Puts `(key, data)` at position `pos` of `leaf` (latched as `w`; `eq`: the node
    /// there has the bookmark) when it fits: true when it did, false when the leaf
    /// must split (nothing written). A live node with the bookmark is
    /// `JET_errKeyDuplicate` (`JET_errMultiValuedIndexViolation` in a non-unique
    /// tree); a flag-deleted one is reused. `admit` runs first, once.
    #[allow(clippy::too_many_arguments)]
    fn insert_in_leaf(
        &self,
        w: &mut crate::cache::PageWrite,
        leaf: u32,
        pos: usize,
        eq: bool,
        key: &[u8],
        data: &[u8],
        admit: &mut Option<impl FnOnce() -> Result<()>>,
    ) -> Result<bool> {
        let page = Page::open(w, leaf)?;
        // Equal: a flag-deleted node with the bookmark, reused.
        if eq && !page.node(pos)?.is_deleted() {
            return Err(Error::new(if self.unique() {
                ErrorCode::KeyDuplicate
            } else {
                ErrorCode::MultiValuedIndexViolation
            }));
        }
        if let Some(admit) = admit.take() {
            admit()?;
        }
        let append = !eq && pos == page.node_count() && page.next() == 0 && !page.is_space_tree();
        let Some(node) = self.node_on(&page, key, data, append)? else {
            return Ok(false);
        };
        let op = if eq {
            PageOp::Replace { index: pos, node }
        } else {
            PageOp::Insert { index: pos, node }
        };
        if super::apply(&self.shared.env, w, &op)?.is_err() {
            return Ok(false);
        }
        if append {
            self.note_append(leaf, key);
        }
        Ok(true)
    }

    /// Appends `(key, data)` to the leaf of the last append when it is still the
    /// tree's last leaf, the bookmark lies past its last node and the node fits
    /// within the loading density: true when it did (with `admit` called), false
    /// when the caller must descend (nothing written).
    ///
    /// The leaf is the tree's last one when it is a live leaf of this tree (its
    /// object id and kind flags, not released) with no next page: the tree lock,
    /// held, keeps it so. A bookmark past its last node then belongs there, as a
    /// descent would find.
    fn append_at_hint(
        &self,
        key: &[u8],
        data: &[u8],
        admit: &mut Option<impl FnOnce() -> Result<()>>,
    ) -> Result<bool> {
        // Never set in space trees: their inserts are not appends (`insert_locked`).
        let hint = {
            let h = self.shared.append_hint.lock();
            // Keys below the last one appended (random inserts, most of the time)
            // are not tried; an equal key may still go past it with its data.
            if h.pgno == 0 || key < h.key.as_slice() {
                return Ok(false);
            }
            h.pgno
        };
        let env = &self.shared.env;
        let info = &self.shared.info;
        let mut w = env.cache.write(hint)?;
        let page = Page::open(&w, hint)?;
        let last_leaf = is_live_leaf_of(&page, info) && page.next() == 0 && page.node_count() > 0;
        if !last_leaf {
            return Ok(false);
        }
        let unique = self.unique();
        let (pos, eq) = leaf_search(&page, key, (!unique).then_some(data), unique)?;
        if eq || pos != page.node_count() {
            return Ok(false);
        }
        let Some(node) = self.node_on(&page, key, data, true)? else {
            return Ok(false);
        };
        if let Some(admit) = admit.take() {
            admit()?;
        }
        let op = PageOp::Insert { index: pos, node };
        if super::apply(env, &mut w, &op)?.is_err() {
            return Ok(false);
        }
        self.note_append(hint, key);
        Ok(true)
    }

    /// The node `(key, data)` makes on leaf `page` (its key cut against the page's
    /// prefix), or `None` when it is an `append` that would leave the leaf less
    /// than the loading density free (`FBTIAppend`: the leaf splits instead).
    fn node_on<'k>(
        &self,
        page: &Page<'_>,
        key: &'k [u8],
        data: &'k [u8],
        append: bool,
    ) -> Result<Option<NodeSpec<'k>>> {
        let prefix = page.key_prefix()?;
        if append {
            let (_, cost) = insert_cost(prefix, key, data);
            if cost + self.shared.density_reserve > free_bytes(page) {
                return Ok(None);
            }
        }
        let (plen, suffix) = split_key(prefix, key);
        Ok(Some(NodeSpec::new(plen, suffix, data)))
    }

    /// Records that `key` was appended to leaf `pgno` (see [`Self::append_at_hint`]).
    fn note_append(&self, pgno: u32, key: &[u8]) {
        let mut h = self.shared.append_hint.lock();
        h.pgno = pgno;
        h.key.clear();
        h.key.extend_from_slice(key);
    }

    fn replace_locked(&self, ctx: &mut WriteCtx, key: &[u8], data: &[u8]) -> Result<()> {
        let env = &self.shared.env;
        if let Some((leaf, mut w, pos, eq)) = self.directory_leaf(key) {
            if self.replace_in_leaf(&mut w, leaf, pos, eq, data)?.is_none() {
                return Ok(());
            }
        }
        loop {
            let (path, mut w, leaf, span) = descend_write(env, &self.shared.info, key, &[])?;
            let (pos, eq) = leaf_search_known(&Page::open(&w, leaf)?, key, None, true, span)?;
            let Some(flags) = self.replace_in_leaf(&mut w, leaf, pos, eq, data)? else {
                return Ok(());
            };
            drop(w);
            let line = Line::new(key, data, flags);
            match split(self, ctx, &path, leaf, LeafOp::Replace { pos, line })? {
                Outcome::Done => return Ok(()),
                Outcome::Retry => continue,
            }
        }
    }

    /// Replaces the data of the node at position `pos` of `leaf` (latched as `w`;
    /// `eq`: the node there has the key) with `data` when it fits: `None` when it
    /// did, else the node's flags for the split that must take the change (nothing
    /// written). No live node with the key is `JET_errRecordNotFound`.
    fn replace_in_leaf(
        &self,
        w: &mut crate::cache::PageWrite,
        leaf: u32,
        pos: usize,
        eq: bool,
        data: &[u8],
    ) -> Result<Option<u8>> {
        let env = &self.shared.env;
        let page = Page::open(w, leaf)?;
        let node = if eq { Some(page.node(pos)?) } else { None };
        let flags = match node {
            Some(n) if !n.is_deleted() => n.flags & !node_flags::COMPRESSED,
            _ => return Err(Error::new(ErrorCode::RecordNotFound)),
        };
        let single = page.node_count() == 1 && !page.is_root();
        let op = PageOp::ReplaceData { index: pos, data };
        if super::apply(env, w, &op)?.is_ok() {
            return Ok(None);
        }
        if single && self.reset_unused_prefix(w)? && super::apply(env, w, &op)?.is_ok() {
            return Ok(None);
        }
        Ok(Some(flags))
    }

    /// `ErrBTIResetPrefixIfUnused` on a one-node page: trims the prefix to what the
    /// node uses. Returns whether the page changed.
    fn reset_unused_prefix(&self, w: &mut crate::cache::PageWrite) -> Result<bool> {
        let pgno = w.pgno();
        let page = Page::open(w, pgno)?;
        let used = page.node(0)?.prefix_len;
        let prefix = page.external_header()?;
        if used >= prefix.len() {
            return Ok(false);
        }
        let trimmed = prefix[..used].to_vec();
        apply_fitting(
            &self.shared.env,
            w,
            &PageOp::SetExternalHeader { bytes: &trimmed },
        )?;
        Ok(true)
    }

    fn delete_locked(&self, ctx: &mut WriteCtx, key: &[u8], data: Option<&[u8]>) -> Result<()> {
        let env = &self.shared.env;
        let unique = self.unique();
        let data = if unique { None } else { data };
        let (path, mut w, leaf, span) =
            descend_write(env, &self.shared.info, key, data.unwrap_or(&[]))?;
        let page = Page::open(&w, leaf)?;
        let (pos, eq) = leaf_search_known(&page, key, data, unique, span)?;
        if !eq {
            return Err(Error::new(ErrorCode::RecordNotFound));
        }
        let last_node = page.node_count() == 1 && !page.is_root();
        if last_node && (page.prev() != 0 || page.next() != 0) {
            let flags = page.node(pos)?.flags;
            drop(w);
            let can_go = super::merge::leaf_can_go(self, &path)?;
            w = env.cache.write(leaf)?;
            if !can_go {
                // ESE's rule when the merge would overflow a page: the page keeps
                // its last node, flag-deleted.
                let flags = (flags & node_flags::VERSIONED) | node_flags::DELETED;
                return apply_fitting(env, &mut w, &PageOp::SetNodeFlags { index: pos, flags });
            }
        }
        apply_fitting(env, &mut w, &PageOp::Delete { index: pos })?;
        drop(w);
        super::merge::after_delete(self, ctx, &path, leaf)
    }
}
