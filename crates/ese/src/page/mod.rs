//! Operations on one page image: the write side of [`crate::format::page`].
//!
//! This layer owns every change to the bytes of a single database page, laid out
//! exactly as ESE's `CPAGE` (`dev/ese/src/ese/cpage.cxx`) and node layer
//! (`dev/ese/src/ese/node.cxx`) lay them out, so that what we write reads back
//! through [`crate::format::page::Page`] and through ESE's own readers. It does no
//! I/O and knows nothing of trees: the B+tree layer decides which node goes where;
//! this layer places bytes and keeps the page's accounting right.
//!
//! * [`node`]: the node encoding (`[cbPrefix] cbSuffix suffix data`, flags in the
//!   first u16 on large pages), key prefix compression ([`split_key`]) and sizes.
//! * [`PageMut`] ([`page_mut`]): a page being edited: a fresh page ([`PageMut::init`])
//!   or an existing one ([`PageMut::open`]); insert, replace and delete nodes, set the
//!   external header, reorganize, set header fields, and write the checksum.
//! * [`check`](PageMut::check): ESE's write-time page check (`ErrCheckPage`).
//!
//! What must hold after every operation, as in ESE:
//!
//! * space accounting: `cbFree` = data area − tag array − Σ line sizes, exactly;
//!   `cbUncommittedFree` ≤ `cbFree`;
//! * every line lies below `ibMicFree`, lines never overlap, and `ibMicFree` plus the
//!   tag array never exceed the data area (the gap between them is the contiguous
//!   free space a new line is placed in);
//! * tag order is node order; only tag 0 and reserved tags may be empty;
//! * the reserved-tag count is stored in `itagState` only if the page already stored
//!   one: database version 0x620 update 20 predates ESE's reserved-tag feature, so
//!   new pages use the legacy form (`itagState` = tag count).
//!
//! A change that does not fit is not an error: it is reported as [`NoSpace`] inside
//! `Ok` (see [`Placement`]), the condition the B+tree layer answers by splitting.
//! Misuse (a node index out of range, a node that breaks the encoding rules) is an
//! [`Error`](crate::Error) with `JET_errBadLineCount` or `JET_errInvalidParameter`;
//! a damaged page given to [`PageMut::open`] is `JET_errDatabaseCorrupted`.
//! Nothing here panics on any input.

pub mod check;
pub mod node;
pub mod page_mut;

pub use node::{
    common_prefix_len, encode_node_into, node_bytes, node_size, split_key, NodeSpec,
    KEY_COUNT_SIZE, MAX_KEY_COUNT, PREFIX_OVERHEAD,
};
pub use page_mut::{NewPage, PageMut};

use crate::format::page::{is_valid_page_size, PageHeader, TAG_SIZE};

/// A change that did not fit on the page.
///
/// Returned inside `Ok` by the operations that add bytes to a page; the B+tree layer
/// reacts by splitting (or merging elsewhere). It is an internal condition and must
/// never be turned into a public error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoSpace {
    /// Bytes the change needs (for an insert: the node plus its 4-byte tag; for a
    /// replace: how much the line grows).
    pub needed: usize,
    /// Bytes the page can give ([`PageMut::free_space`]).
    pub available: usize,
}

/// The outcome of a change that may not fit: `Ok(())` when it was made, `Err(NoSpace)`
/// when the page was left unchanged because the change does not fit.
pub type Placement = std::result::Result<(), NoSpace>;

/// The page bytes a node costs besides its line: its tag (`CPAGE::cbInsertionOverhead`).
pub const INSERTION_OVERHEAD: usize = TAG_SIZE;

/// The largest node line (as [`node_size`] counts it, tag excluded) a page of
/// `page_size` bytes can hold: the data area minus the tag of an empty external
/// header minus the node's own tag. This is ESE's `CbNDNodeMost` (=
/// `CPAGE::CbPageDataMax`), the figure its record and key limits derive from:
///
/// | page | header | largest node |
/// | --- | --- | --- |
/// | 2 KiB | 40 | 2000 |
/// | 4 KiB | 40 | 4048 |
/// | 8 KiB | 40 | 8144 |
/// | 16 KiB | 80 | 16296 |
/// | 32 KiB | 80 | 32680 |
///
/// A node of exactly this size fits on a fresh page (whose external header is
/// empty) and nowhere else. Returns 0 for a size that is not a page size.
pub fn max_node_size(page_size: usize) -> usize {
    if !is_valid_page_size(page_size) {
        return 0;
    }
    page_size - PageHeader::size_for(page_size) - 2 * TAG_SIZE
}

/// `JET_cbKeyMostMin`: every index may use keys of at least this many bytes, and
/// small pages reserve at least this much key room in a record's node.
pub const KEY_MOST_MIN: usize = 255;

/// `cbKeyMostMost` (`JET_cbKeyMostMost`): the longest key any index may have, on
/// any page size.
pub const KEY_MOST_MOST: usize = 2000;

/// The longest key an index may declare on pages of `page_size` bytes
/// (`CbKeyMostForPage`): 500 on 2 KiB pages, 1000 on 4 KiB pages, 2000 on 8, 16 and
/// 32 KiB pages (ESE keeps the 8 KiB limit for large pages). 0 for other sizes.
pub fn key_most_for_page(page_size: usize) -> usize {
    match page_size {
        2048 => 500,
        4096 => 1000,
        8192 | 16384 | 32768 => KEY_MOST_MOST,
        _ => 0,
    }
}

/// The largest record a table may store on pages of `page_size` bytes when its
/// primary index allows keys of `key_most` bytes (`REC::CbRecordMost`); an update
/// that makes a record longer fails with `JET_errRecordTooBig`. A table without a
/// primary index uses 4-byte keys (`sizeof(DBK)`).
///
/// ESE assumes the worst node: on large pages a compressed one
/// (`max_node_size − 2 − 2 − key_most`); on small pages it keeps the older figure for
/// compatibility (`max_node_size − 2 − max(255, 2 + key_most)`). With 4-byte keys:
/// 4 KiB → 3791, 8 KiB → 7887, 16 KiB → 16288, 32 KiB → 32672. Returns 0 when the
/// key leaves no room or the page size is invalid.
pub fn max_record_size(page_size: usize, key_most: usize) -> usize {
    let node_most = max_node_size(page_size);
    let overhead = if crate::format::page::is_large_page(page_size) {
        KEY_COUNT_SIZE + PREFIX_OVERHEAD + key_most
    } else {
        KEY_COUNT_SIZE + KEY_MOST_MIN.max(KEY_COUNT_SIZE + key_most)
    };
    node_most.saturating_sub(overhead)
}

/// A formatted leaf page of `page_size` bytes holding `nodes` nodes (key: the node's
/// number as 4 big-endian bytes, `data_len` bytes of data), for tests of what is
/// made of whole pages.
#[cfg(test)]
pub(crate) fn test_leaf(page_size: usize, nodes: usize, data_len: usize) -> Vec<u8> {
    let mut buf = vec![0u8; page_size];
    let new = NewPage {
        objid_fdp: 5,
        flags: crate::format::page::flags::LEAF,
        dbtime: 3,
        prev: 0,
        next: 0,
    };
    let mut p = PageMut::init(&mut buf, 9, &new).expect("a page size");
    for i in 0..nodes {
        let key = (i as u32).to_be_bytes();
        let data = vec![i as u8 | 1; data_len];
        let spec = NodeSpec {
            flags: 0,
            prefix_len: 0,
            suffix: &key,
            data: &data,
        };
        p.insert_node(i, &spec)
            .expect("a node")
            .expect("room for it");
    }
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_page_size() {
        assert_eq!(max_node_size(2048), 2000);
        assert_eq!(max_node_size(4096), 4048);
        assert_eq!(max_node_size(8192), 8144);
        assert_eq!(max_node_size(16384), 16296);
        assert_eq!(max_node_size(32768), 32680);
        assert_eq!(max_node_size(1000), 0);
        assert_eq!(max_record_size(4096, 4), 3791);
        assert_eq!(max_record_size(8192, 4), 7887);
        assert_eq!(max_record_size(16384, 4), 16288);
        assert_eq!(max_record_size(32768, 4), 32672);
        assert_eq!(max_record_size(8192, 2000), 8144 - 2 - 2002);
        assert_eq!(max_record_size(32768, 2000), 32680 - 4 - 2000);
        assert_eq!(key_most_for_page(4096), 1000);
        assert_eq!(key_most_for_page(32768), 2000);
        assert_eq!(key_most_for_page(100), 0);
    }
}
