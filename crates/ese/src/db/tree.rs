//! Walks ESE B+trees on verified pages: descend to the first leaf, step through
//! the leaf level by the sibling chain, and seek to the first entry whose key is
//! at or after a given key.
//!
//! What must hold: a damaged tree never loops or panics. Every page reached must
//! belong to the tree's object (its `objidFDP`), descents are bounded in depth,
//! and a sibling walk visits at most as many pages as the file holds; anything
//! else is `JET_errDatabaseCorrupted` (or `JET_errBadPageLink`) with the page.

use super::pager::{PageBuf, Pager};
use crate::format::page::{child_pgno, Page};
use crate::{Error, ErrorCode, Result};

/// The deepest tree we accept; ESE trees are rarely deeper than 5.
const MAX_DEPTH: usize = 32;

/// One leaf entry, copied out of its page.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// The full key (page prefix + suffix).
    pub key: Vec<u8>,
    /// The node's data.
    pub data: Vec<u8>,
    /// Node flags (0x1 versioned, 0x2 deleted, 0x4 compressed).
    pub flags: u8,
}

impl From<crate::btree::Entry> for Entry {
    fn from(e: crate::btree::Entry) -> Entry {
        Entry {
            key: e.key,
            data: e.data,
            flags: e.flags,
        }
    }
}

impl Entry {
    /// Whether the node is flagged deleted.
    pub fn is_deleted(&self) -> bool {
        self.flags & 0x2 != 0
    }
}

/// A position on the leaf level of one tree.
pub(crate) struct TreeCursor {
    objid: u32,
    page: Option<(u32, PageBuf)>,
    /// Index of the next node to return on the current page.
    next: usize,
    pages_walked: u64,
}

fn open_page(buf: &PageBuf, pgno: u32) -> Result<Page<'_>> {
    Page::open(buf, pgno)
}

/// The first of the page's first `n` nodes whose key is at or after `key` (`n`
/// when none is): a binary search, node keys being in order.
fn first_ge(page: &Page<'_>, n: usize, key: &[u8], scratch: &mut Vec<u8>) -> Result<usize> {
    let prefix = page.key_prefix()?;
    let (mut lo, mut hi) = (0usize, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        scratch.clear();
        page.node(mid)?.key_into(prefix, scratch)?;
        if scratch.as_slice() >= key {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(lo)
}

fn corrupt(pgno: u32, what: impl Into<String>) -> Error {
    Error::with(ErrorCode::DatabaseCorrupted, what).page(pgno)
}

impl TreeCursor {
    /// Reads the object id owning the tree rooted at `root`.
    fn root_objid(pager: &Pager, root: u32) -> Result<u32> {
        pager.with_page(root, |buf| {
            let page = Page::open(buf, root)?;
            if !page.is_root() {
                return Err(corrupt(root, format!("page {root} is not a tree root")));
            }
            Ok(page.objid_fdp())
        })
    }

    /// A cursor before the first entry of the tree rooted at `root`.
    pub fn first(pager: &Pager, root: u32) -> Result<TreeCursor> {
        let objid = Self::root_objid(pager, root)?;
        let mut cur = TreeCursor {
            objid,
            page: None,
            next: 0,
            pages_walked: 0,
        };
        let leaf = cur.descend(pager, root, |_page| Ok(0))?;
        cur.page = Some(leaf);
        Ok(cur)
    }

    /// A cursor before the first entry whose key is `>= key`.
    pub fn seek(pager: &Pager, root: u32, key: &[u8]) -> Result<TreeCursor> {
        let objid = Self::root_objid(pager, root)?;
        let mut cur = TreeCursor {
            objid,
            page: None,
            next: 0,
            pages_walked: 0,
        };
        let mut scratch = Vec::new();
        let leaf = cur.descend(pager, root, |page| {
            let last = page.node_count().saturating_sub(1);
            Ok(first_ge(page, last, key, &mut scratch)?.min(last))
        })?;
        // Position on the leaf at the first key >= `key`.
        {
            let page = open_page(&leaf.1, leaf.0)?;
            cur.next = first_ge(&page, page.node_count(), key, &mut scratch)?;
        }
        cur.page = Some(leaf);
        Ok(cur)
    }

    /// Descends from `root` to a leaf, choosing the child at each internal page
    /// with `choose`.
    fn descend(
        &mut self,
        pager: &Pager,
        root: u32,
        mut choose: impl FnMut(&Page<'_>) -> Result<usize>,
    ) -> Result<(u32, PageBuf)> {
        let mut pgno = root;
        let objid = self.objid;
        for _ in 0..MAX_DEPTH {
            // Branch pages are read in place; only the leaf is kept.
            let child = pager.with_page(pgno, |buf| {
                let page = Page::open(buf, pgno)?;
                if page.objid_fdp() != objid {
                    return Err(corrupt(
                        pgno,
                        format!(
                            "page {pgno} belongs to object {}, expected {objid}",
                            page.objid_fdp(),
                        ),
                    ));
                }
                if page.is_leaf() {
                    return Ok(None);
                }
                if page.node_count() == 0 {
                    return Err(Error::with(
                        ErrorCode::BadEmptyPage,
                        "internal page without nodes",
                    )
                    .page(pgno));
                }
                let i = choose(&page)?;
                let node = page.node(i)?;
                child_pgno(&node).map(Some).map_err(|e| e.page(pgno))
            })?;
            match child {
                Some(c) => pgno = c,
                None => {
                    let buf = pager.page(pgno)?;
                    let page = open_page(&buf, pgno)?;
                    if !page.is_leaf() || page.objid_fdp() != objid {
                        return Err(corrupt(pgno, "the leaf changed while it was read"));
                    }
                    return Ok((pgno, buf));
                }
            }
        }
        Err(corrupt(root, "tree deeper than 32 levels"))
    }

    /// The leaf page of the entry last returned (or to be returned next), if any.
    pub(crate) fn page(&self) -> Option<u32> {
        self.page.as_ref().map(|(p, _)| *p)
    }

    /// The next entry in key order, or `None` at the end of the tree.
    pub fn next_entry(&mut self, pager: &Pager) -> Result<Option<Entry>> {
        loop {
            let Some((pgno, buf)) = &self.page else {
                return Ok(None);
            };
            let (pgno, buf) = (*pgno, buf.clone());
            let page = open_page(&buf, pgno)?;
            if self.next < page.node_count() {
                let node = page.node(self.next)?;
                self.next += 1;
                let mut key = Vec::with_capacity(node.prefix_len + node.suffix.len());
                node.key_into(page.key_prefix()?, &mut key)?;
                return Ok(Some(Entry {
                    key,
                    data: node.data.to_vec(),
                    flags: node.flags,
                }));
            }
            let next = page.next();
            if next == 0 {
                self.page = None;
                return Ok(None);
            }
            self.pages_walked += 1;
            if self.pages_walked > u64::from(pager.page_count()) {
                return Err(Error::with(ErrorCode::BadPageLink, "sibling chain loops").page(pgno));
            }
            let nbuf = pager.page(next)?;
            let npage = open_page(&nbuf, next)?;
            if npage.objid_fdp() != self.objid || !npage.is_leaf() {
                return Err(Error::with(
                    ErrorCode::BadPageLink,
                    format!(
                        "leaf {pgno} links to page {next}, which is not a leaf of the same tree"
                    ),
                )
                .page(pgno));
            }
            if npage.prev() != pgno {
                return Err(Error::with(
                    ErrorCode::BadPageLink,
                    format!("page {next} does not link back to page {pgno}"),
                )
                .page(next));
            }
            self.page = Some((next, nbuf));
            self.next = 0;
        }
    }
}
