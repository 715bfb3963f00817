//! Extent trees (OE/AE) as B-trees, and their split buffers.
//!
//! Owns the reading and changing of one owned-extent or available-extent tree
//! through [`BTree`] handles whose allocator is [`SpaceTreeAlloc`]: a space tree's
//! own splits take pages from the split buffer kept in its root's external header
//! (`SPLIT_BUFFER`, `ErrSPISPGetPage`), never from the space it describes, which is
//! what keeps space management from recursing without end. Pages a space tree
//! releases are queued and returned to the owner's available extents once the
//! space operation in progress is done.
//!
//! What must hold: everything here runs under the space lock; extents are read with
//! flag-deleted nodes and non-general pools skipped (real files carry both); keys
//! written are ESE's 4-byte big-endian last page numbers.

use super::Inner;
use crate::btree::{self, BTree, Cursor, PageAllocator, PageOp, SeekOp, TreeInfo};
use crate::format::page::{Page, SPLIT_BUFFER_SIZE};
use crate::format::space::{ExtentEntry, SplitBuffer};
use crate::{Error, ErrorCode, Result};
use std::fmt;
use std::sync::Arc;

/// The allocator of a space tree: its split buffer (see the module header).
pub(super) struct SpaceTreeAlloc {
    pub inner: Arc<Inner>,
    /// The FDP owning the space tree.
    pub owner: u32,
}

impl fmt::Debug for SpaceTreeAlloc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SpaceTreeAlloc")
            .field("owner", &self.owner)
            .finish_non_exhaustive()
    }
}

impl PageAllocator for SpaceTreeAlloc {
    fn allocate(&self, tree: &TreeInfo, _near: u32, count: usize) -> Result<Vec<u32>> {
        let env = &self.inner.env;
        let mut w = env.cache.write(tree.root)?;
        let page = Page::new(&w, tree.root)?;
        let ext = page.external_header()?.to_vec();
        let mut buf = SplitBuffer::decode(&ext).unwrap_or_default();
        let mut out = Vec::with_capacity(count);
        for _ in 0..count {
            let p = take_page(&mut buf).ok_or_else(|| {
                Error::with(
                    ErrorCode::InternalError,
                    format!("the split buffer of space tree {} ran out", tree.root),
                )
                .page(tree.root)
            })?;
            self.inner.check_owned(p, tree.root)?;
            out.push(p);
        }
        let mut new_ext = buf.encode().to_vec();
        new_ext.extend_from_slice(ext.get(SPLIT_BUFFER_SIZE..).unwrap_or(&[]));
        btree::apply(env, &mut w, &PageOp::SetExternalHeader { bytes: &new_ext })?
            .map_err(|_| Error::with(ErrorCode::InternalError, "a split buffer grew its page"))?;
        Ok(out)
    }

    fn release(&self, _tree: &TreeInfo, pages: &[u32]) -> Result<()> {
        let mut pending = self.inner.pending.lock();
        pending.extend(pages.iter().map(|&p| (self.owner, p)));
        Ok(())
    }
}

/// `SPLIT_BUFFER::ErrGetPage`: the first page of the smaller non-empty buffer.
fn take_page(buf: &mut SplitBuffer) -> Option<u32> {
    let [(_, c1), (_, c2)] = buf.extents;
    let use1 = c1 > 0 && (c2 == 0 || c1 <= c2);
    let i = if use1 {
        0
    } else if c2 > 0 {
        1
    } else {
        return None;
    };
    let (last, cpg) = &mut buf.extents[i];
    *cpg -= 1;
    Some(*last - *cpg)
}

/// `SPLIT_BUFFER::AddPages`: puts an extent in the buffer that holds fewer pages
/// (buffer 1 on a tie); returns what that buffer held before.
pub(super) fn add_pages(buf: &mut SplitBuffer, last: u32, cpg: u32) -> (u32, u32) {
    let i = if buf.extents[1].1 < buf.extents[0].1 {
        1
    } else {
        0
    };
    std::mem::replace(&mut buf.extents[i], (last, cpg))
}

impl Inner {
    /// A handle on the space tree rooted at `root`, owned by FDP `owner`.
    pub(super) fn space_tree(self: &Arc<Self>, owner: u32, root: u32) -> Result<BTree> {
        let alloc = Arc::new(SpaceTreeAlloc {
            inner: Arc::clone(self),
            owner,
        });
        BTree::open(&self.env, alloc, root, 100)
    }

    /// Live general-pool extents of a tree in key order, from the first whose last
    /// page is ≥ `from`; `f` returns `true` to stop.
    pub(super) fn scan(
        &self,
        tree: &BTree,
        from: u32,
        mut f: impl FnMut(ExtentEntry) -> bool,
    ) -> Result<()> {
        let mut c: Cursor = tree.cursor();
        let mut e = c.seek(SeekOp::Ge, &from.to_be_bytes(), None)?;
        while let Some(entry) = e {
            if !entry.is_deleted() {
                let ext = ExtentEntry::decode(&entry.key, &entry.data)
                    .map_err(|err| err.page(tree.info().root))?;
                self.check_owned(ext.last_pgno, tree.info().root)?;
                if ext.pool.is_none() && !ext.is_empty() && f(ext) {
                    return Ok(());
                }
            }
            e = c.next()?;
        }
        Ok(())
    }

    /// The first live extent whose last page is ≥ `from`.
    pub(super) fn find_ge(&self, tree: &BTree, from: u32) -> Result<Option<ExtentEntry>> {
        let mut found = None;
        self.scan(tree, from, |e| {
            found = Some(e);
            true
        })?;
        Ok(found)
    }

    /// Every live extent of a tree.
    pub(super) fn all(&self, tree: &BTree) -> Result<Vec<ExtentEntry>> {
        let mut out = Vec::new();
        self.scan(tree, 0, |e| {
            out.push(e);
            false
        })?;
        Ok(out)
    }

    /// Adds extent `(last, cpg)`.
    pub(super) fn add(&self, tree: &BTree, last: u32, cpg: u32) -> Result<()> {
        tree.insert(&last.to_be_bytes(), &cpg.to_le_bytes())
    }

    /// Takes `cpg` pages from the front of extent `e` (deleting it when emptied).
    pub(super) fn consume_front(&self, tree: &BTree, e: &ExtentEntry, cpg: u32) -> Result<u32> {
        let first = e.first_pgno().unwrap_or(e.last_pgno);
        let key = e.last_pgno.to_be_bytes();
        if cpg >= e.page_count {
            tree.delete(&key, None)?;
        } else {
            tree.replace(&key, &(e.page_count - cpg).to_le_bytes())?;
        }
        Ok(first)
    }

    /// The split buffer of space tree `root`, and the rest of its external header.
    pub(super) fn split_buffer(&self, root: u32) -> Result<(SplitBuffer, Vec<u8>)> {
        let buf = self.env.cache.read(root)?;
        let page = Page::new(&buf, root)?;
        let ext = page.external_header()?;
        Ok((
            SplitBuffer::decode(ext).unwrap_or_default(),
            ext.get(SPLIT_BUFFER_SIZE..).unwrap_or(&[]).to_vec(),
        ))
    }

    /// Stores a split buffer (keeping the prefix after it).
    pub(super) fn set_split_buffer(&self, root: u32, buf: &SplitBuffer) -> Result<()> {
        let mut w = self.env.cache.write(root)?;
        let page = Page::new(&w, root)?;
        let mut ext = buf.encode().to_vec();
        ext.extend_from_slice(
            page.external_header()?
                .get(SPLIT_BUFFER_SIZE..)
                .unwrap_or(&[]),
        );
        btree::apply(
            &self.env,
            &mut w,
            &PageOp::SetExternalHeader { bytes: &ext },
        )?
        .map_err(|_| Error::with(ErrorCode::InternalError, "a split buffer grew its page"))
    }

    /// Pages one split of space tree `root` may need (ESE's `cpgMaxRootPageSplit`,
    /// `cpgMaxParentOfLeafRootSplit`, `cpgMaxSpaceTreeSplit`, by depth): none while
    /// its root is a leaf with room for a few more extents.
    pub(super) fn split_need(&self, root: u32) -> Result<u32> {
        let buf = self.env.cache.read(root)?;
        let page = Page::new(&buf, root)?;
        if page.is_leaf() {
            let h = page.header();
            let free = h.cb_free.saturating_sub(h.cb_uncommitted_free);
            return Ok(if free >= 100 { 0 } else { 2 });
        }
        let mut depth = 1u32;
        let mut pgno = page.node(0)?.child_pgno().map_err(|e| e.page(root))?;
        drop(buf);
        for _ in 0..16 {
            depth += 1;
            let b = self.env.cache.read(pgno)?;
            let p = Page::new(&b, pgno)?;
            if p.is_leaf() {
                break;
            }
            pgno = p.node(0)?.child_pgno().map_err(|e| e.page(pgno))?;
        }
        Ok(depth + 1)
    }
}

/// `CpgSPICpgPrefFromCpgRequired`: how many pages to put in a split buffer.
pub(super) fn preferred_refill(required: u32, min_for_split: u32) -> u32 {
    let pref = match min_for_split {
        0..=2 => 2,
        3 => 8,
        _ => 16,
    };
    if required > pref {
        required.next_power_of_two()
    } else {
        pref
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_buffer_rules() {
        let mut b = SplitBuffer::default();
        assert_eq!(take_page(&mut b), None);
        assert_eq!(add_pages(&mut b, 10, 3), (0, 0));
        assert_eq!(b.extents[0], (10, 3));
        assert_eq!(add_pages(&mut b, 20, 2), (0, 0));
        assert_eq!(b.extents[1], (20, 2));
        // smaller buffer first: buffer 2 (2 pages) gives 19, then 20
        assert_eq!(take_page(&mut b), Some(19));
        assert_eq!(take_page(&mut b), Some(20));
        assert_eq!(take_page(&mut b), Some(8));
        assert_eq!(preferred_refill(0, 0), 2);
        assert_eq!(preferred_refill(3, 3), 8);
        assert_eq!(preferred_refill(4, 4), 16);
        assert_eq!(preferred_refill(17, 16), 32);
        assert_eq!(preferred_refill(5, 2), 8);
    }
}
