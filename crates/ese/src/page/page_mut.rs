//! [`PageMut`]: one page image being edited, with ESE's space accounting.
//!
//! This module owns the mutation of a page's header, tag array and data area, step
//! for step as ESE's `CPAGE` does it (`Insert_`, `Replace_`, `Delete_`,
//! `ReorganizeData_`, `ExpandTagArray_`, `ConsumePreInitPage` in
//! `dev/ese/src/ese/cpage.cxx`):
//!
//! * a new line goes at `ibMicFree`, the start of the gap between the data and the
//!   tag array; when the gap is too small but `cbFree` is large enough, the page is
//!   first reorganized (lines moved down in the order of their offsets, so the page
//!   keeps its physical order and tags keep their indexes);
//! * a line that shrinks stays where it is; one that grows stays only if it is the
//!   last line before the gap and the gap has room, otherwise it is moved to the gap;
//! * deleting the line that ends at `ibMicFree` pulls `ibMicFree` back; a page left
//!   with nothing but an empty external header gets `ibMicFree` = 0;
//! * `cbFree` counts every byte not used by a line or a tag, wherever it lies.
//!
//! What must hold: the invariants listed in [`crate::page`] hold after
//! [`PageMut::init`], after a successful [`PageMut::open`], and after every operation;
//! an operation that fails (error or [`NoSpace`]) leaves the page unchanged.
//! Unlike ESE (which leaves stale bytes unless `JET_paramZeroDatabaseUnusedSpace` is
//! set) freed bytes are zeroed, and the high bits of tag fields, which ESE carries
//! along from whatever the memory held, are written as zero.

use super::check::check_structure;
use super::node::{encode_node_into, key_counts, node_size, NodeSpec, KEY_COUNT_SIZE};
use super::{NoSpace, Placement, INSERTION_OVERHEAD};
use crate::format::checksum::compute_page_checksums;
use crate::format::page::{
    flags, is_large_page, is_valid_page_size, node_flags, Node, Page, PageHeader,
    SPLIT_BUFFER_SIZE, TAG_SIZE,
};
use crate::{Error, ErrorCode, Result};

/// Mask of a tag's `cb`/`ib` on small pages.
const SMALL_TAG_MASK: u16 = 0x1FFF;
/// Mask of a tag's `cb`/`ib` on large pages.
const LARGE_TAG_MASK: u16 = 0x7FFF;
/// Shift of the node flags in a small page's tag `ib` or a large page's first u16.
const FLAG_SHIFT: u32 = 13;
/// Mask of the tag count in `itagState` (also the most tags a page can have).
const ITAG_MIC_FREE_MASK: u16 = 0x0FFF;
/// Shift of the stored reserved-tag count in `itagState`.
const CTAG_RESERVED_SHIFT: u32 = 12;
/// Mask (after shifting) of the stored reserved-tag count.
const CTAG_RESERVED_MASK: u16 = 0x7;
/// The node flags [`PageMut::set_node_flags`] may change.
const MUTABLE_NODE_FLAGS: u8 = node_flags::VERSIONED | node_flags::DELETED;

/// Zeros to copy a fresh page's free gap from ([`PageMut::fresh_image`]), a
/// kilobyte at a time: the compiler makes each copy a `memset`, which zeroes
/// runs this short with a few vector stores (the C library hands longer runs
/// to `rep stosb`, one counted step per byte under callgrind).
static ZEROS: [u8; 1024] = [0; 1024];

/// The most tags a page can hold: `itagState` keeps the count in 12 bits.
pub const MAX_TAGS: usize = ITAG_MIC_FREE_MASK as usize;

/// Header fields of a new page (everything [`PageMut::init`] does not derive).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewPage {
    /// Object id of the tree the page belongs to.
    pub objid_fdp: u32,
    /// Page flags ([`flags`]); the new-record-format and new-checksum-format flags are
    /// added and the pre-init flag removed, as ESE does for a consumed new page.
    pub flags: u32,
    /// dbtime of the change that creates the page.
    pub dbtime: u64,
    /// Previous page at this level (0 = none).
    pub prev: u32,
    /// Next page at this level (0 = none).
    pub next: u32,
}

/// Converts a page offset or count to its u16 header field. Every value stored this
/// way is bounded by the page size (at most 32 KiB), so the fallback never applies.
fn u16_of(v: usize) -> u16 {
    u16::try_from(v).unwrap_or(u16::MAX)
}

/// Reads a little-endian u16 at `off` (0 if out of range).
fn get_u16(b: &[u8], off: usize) -> u16 {
    match b.get(off..off + 2) {
        Some(s) => u16::from_le_bytes([s[0], s[1]]),
        None => 0,
    }
}

/// The raw `(cb, ib)` u16s of tag `itag` of `page` (zero if off the page).
pub(super) fn raw_tag(page: &[u8], itag: usize) -> (u16, u16) {
    match page.len().checked_sub(TAG_SIZE * (itag + 1)) {
        Some(off) => (get_u16(page, off), get_u16(page, off + 2)),
        None => (0, 0),
    }
}

/// The masked `(cb, ib)` of tag `itag` of `page`.
pub(super) fn tag_at(page: &[u8], itag: usize) -> (usize, usize) {
    let (cb, ib) = raw_tag(page, itag);
    let mask = if is_large_page(page.len()) {
        LARGE_TAG_MASK
    } else {
        SMALL_TAG_MASK
    };
    (usize::from(cb & mask), usize::from(ib & mask))
}

/// The error for an internal offset that does not lie on the page: impossible while
/// the page's invariants hold, reported rather than panicking.
fn off_page(pgno: u32, what: &str) -> Error {
    Error::with(
        ErrorCode::DatabaseCorrupted,
        format!("{what} lies off the page"),
    )
    .page(pgno)
}

/// One database page being edited in place.
///
/// Node indexes count nodes only (node *i* is tag *i* + the reserved-tag count), as
/// [`Page::node`] does. Operations that add bytes return [`Placement`] inside `Ok`.
#[derive(Debug)]
pub struct PageMut<'a> {
    buf: &'a mut [u8],
    pgno: u32,
    /// The decoded header; every change is written back to `buf` at once.
    hdr: PageHeader,
}

/// `JET_errInvalidParameter` (naming page `pgno`) unless `len` is a page size.
fn check_page_size(len: usize, pgno: u32) -> Result<()> {
    if is_valid_page_size(len) {
        return Ok(());
    }
    Err(Error::with(
        ErrorCode::InvalidParameter,
        format!("{len} bytes is not a database page size"),
    )
    .page(pgno))
}

/// The header of a fresh page `pgno` of `page_size` bytes (see [`PageMut::init`]):
/// `new`'s dbtime, neighbours, object and flags (plus the new record and checksum
/// formats, less pre-init), the given free-space fields and `itagState`, and on large
/// pages the page number.
#[inline]
fn fresh_header(
    new: &NewPage,
    pgno: u32,
    page_size: usize,
    cb_free: usize,
    ib_mic_free: usize,
    itag_state: u16,
) -> PageHeader {
    let large = is_large_page(page_size);
    PageHeader {
        checksum: 0,
        dbtime: new.dbtime,
        prev: new.prev,
        next: new.next,
        objid_fdp: new.objid_fdp,
        cb_free: u16_of(cb_free),
        cb_uncommitted_free: 0,
        ib_mic_free: u16_of(ib_mic_free),
        itag_state,
        flags: (new.flags | flags::NEW_RECORD_FORMAT | flags::NEW_CHECKSUM_FORMAT)
            & !flags::PRE_INIT,
        extra_checksums: [0; 3],
        pgno: if large { pgno } else { 0 },
        reserved: [0; 12],
        large,
    }
}

impl<'a> PageMut<'a> {
    /// Formats `buf` as a fresh page `pgno` and returns it for editing.
    ///
    /// As ESE's `PreInitializeNewPage_` + `ConsumePreInitPage`: the page is zeroed;
    /// `cbFree` = data area − 4; `ibMicFree` = 0; one tag (tag 0, the external header,
    /// empty); `itagState` = 1 in the legacy form (no reserved-tag count, as in
    /// database version 0x620 update 20); flags = `new.flags` + new record format +
    /// new checksum format − pre-init; on large pages the header holds `pgno`.
    /// Errors with `JET_errInvalidParameter` if `buf.len()` is not a page size.
    pub fn init(buf: &'a mut [u8], pgno: u32, new: &NewPage) -> Result<PageMut<'a>> {
        check_page_size(buf.len(), pgno)?;
        buf.fill(0);
        let cb_data = buf.len() - PageHeader::size_for(buf.len());
        let hdr = fresh_header(new, pgno, buf.len(), cb_data - TAG_SIZE, 0, 1);
        hdr.encode(buf);
        Ok(PageMut { buf, pgno, hdr })
    }

    /// The bytes of a fresh page `pgno` of `page_size` bytes holding external header
    /// `external` and then the `count` nodes `node(0)`, `node(1)`, … in that order:
    /// byte for byte the page [`Self::init`], [`Self::set_external_header`] and
    /// [`Self::insert_node`] at indexes `0..count` make, built in one pass (the
    /// lines and tags written once, only the free gap zeroed).
    ///
    /// `node` is called once per index, in order. Errors:
    /// `JET_errInvalidParameter` for a page size that is not one, the first error of `node` or of a node's
    /// [`NodeSpec::validate`] in index order. `Ok(None)` when the external header
    /// and the nodes do not all fit on the page.
    pub fn fresh_image<'n>(
        page_size: usize,
        pgno: u32,
        new: &NewPage,
        external: &[u8],
        count: usize,
        node: impl Fn(usize) -> Result<NodeSpec<'n>>,
    ) -> Result<Option<Vec<u8>>> {
        check_page_size(page_size, pgno)?;
        let large = is_large_page(page_size);
        let hdr_size = PageHeader::size_for(page_size);
        let cb_data = page_size - hdr_size;
        // One pass: each node's line written after the external header (the
        // header, which counts them, is written last), its size and tag flags
        // kept for the tag array, and whether it is placed as the node-by-node
        // inserts go: a node that does not fit is left out, and the insert after
        // it then names an index past the nodes placed.
        let mut out = Vec::with_capacity(page_size);
        out.extend_from_slice(&[0u8; PageHeader::LARGE_SIZE][..hdr_size]);
        out.extend_from_slice(external);
        let mut tags: smallvec::SmallVec<[(u16, u8); 128]> =
            smallvec::SmallVec::with_capacity(count);
        let mut free = cb_data - TAG_SIZE;
        let mut fits = external.len() <= free;
        if fits {
            free -= external.len();
        }
        for i in 0..count {
            let spec = node(i)?;
            if i > tags.len() {
                return Err(Error::with(
                    ErrorCode::BadLineCount,
                    format!("node {i} of {}", tags.len()),
                )
                .page(pgno));
            }
            spec.validate()?;
            let size = node_size(&spec);
            if size + INSERTION_OVERHEAD > free || i + 1 >= MAX_TAGS {
                fits = false;
                continue;
            }
            free -= size + INSERTION_OVERHEAD;
            // As `encode_node_into` lays it out: the key counts, suffix, data.
            let (counts, n) = key_counts(&spec, large);
            for c in &counts[..n] {
                out.extend_from_slice(&c.to_le_bytes());
            }
            out.extend_from_slice(spec.suffix);
            out.extend_from_slice(spec.data);
            let tag_flags = if large { 0 } else { spec.stored_flags() };
            tags.push((u16_of(size), tag_flags));
        }
        if !fits {
            return Ok(None);
        }
        let used = cb_data - TAG_SIZE - free;
        let ib_mic_free = used - INSERTION_OVERHEAD * count;
        let hdr = fresh_header(
            new,
            pgno,
            page_size,
            free,
            ib_mic_free,
            u16_of(count + 1) & ITAG_MIC_FREE_MASK,
        );
        hdr.encode(&mut out);
        // The gap, then the tag array from its last tag down to tag 0.
        let mut gap = page_size - TAG_SIZE * (count + 1) - out.len();
        while gap > 0 {
            // In runs of at most a kilobyte (see `ZEROS`).
            let n = gap.min(ZEROS.len());
            out.extend_from_slice(&ZEROS[..n]);
            gap -= n;
        }
        let mut ib = ib_mic_free;
        for &(size, tag_flags) in tags.iter().rev() {
            ib -= usize::from(size);
            let mut raw_ib = u16_of(ib);
            if !large {
                raw_ib |= u16::from(tag_flags) << FLAG_SHIFT;
            }
            out.extend_from_slice(&size.to_le_bytes());
            out.extend_from_slice(&raw_ib.to_le_bytes());
        }
        out.extend_from_slice(&u16_of(external.len()).to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        Ok(Some(out))
    }

    /// Opens the existing page `pgno` in `buf` for editing.
    ///
    /// The page must pass [`Page::new`] and the structural part of [`Self::check`]
    /// (exact space accounting, no overlapping lines, `ibMicFree` below the tag
    /// array): `JET_errDatabaseCorrupted` otherwise, so that no operation can go wrong
    /// on a damaged page. A page without tags (pre-initialised or released) cannot be
    /// edited (`JET_errInvalidParameter`): format it with [`Self::init`].
    pub fn open(buf: &'a mut [u8], pgno: u32) -> Result<PageMut<'a>> {
        let hdr = Page::new(buf, pgno)?.header();
        if hdr.tag_count() == 0 {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                "page has no tags (pre-initialised or released); initialise it",
            )
            .page(pgno));
        }
        check_structure(buf, &hdr, pgno)?;
        Ok(PageMut { buf, pgno, hdr })
    }

    /// Like [`PageMut::open`] for a page whose structure the caller knows holds
    /// (it was checked by `open` and changed only through `PageMut` since): the
    /// header is decoded, nothing else is checked again.
    pub fn open_checked(buf: &'a mut [u8], pgno: u32) -> Result<PageMut<'a>> {
        let hdr = PageHeader::decode(buf).map_err(|e| e.page(pgno))?;
        if hdr.tag_count() == 0 {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                "page has no tags (pre-initialised or released); initialise it",
            )
            .page(pgno));
        }
        Ok(PageMut { buf, pgno, hdr })
    }

    /// A read view of the page, validated by [`Page::new`] (which the invariants
    /// this type keeps make succeed).
    pub fn page(&self) -> Result<Page<'_>> {
        Page::new(self.buf, self.pgno)
    }

    /// The page's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.buf
    }

    /// Gives the buffer back.
    pub fn into_inner(self) -> &'a mut [u8] {
        self.buf
    }

    /// The page header as last written (checksums as of [`Self::finish_checksum`]).
    pub fn header(&self) -> &PageHeader {
        &self.hdr
    }

    /// The page number.
    pub fn pgno(&self) -> u32 {
        self.pgno
    }

    /// The page size in bytes.
    pub fn page_size(&self) -> usize {
        self.buf.len()
    }

    /// Whether the page uses the large format (16 and 32 KiB).
    pub fn is_large(&self) -> bool {
        self.hdr.large
    }

    /// Number of tags (external header and reserved tags included).
    pub fn tag_count(&self) -> usize {
        self.hdr.tag_count()
    }

    /// Number of reserved tags (at least 1: the external header).
    pub fn reserved_tag_count(&self) -> usize {
        self.hdr.reserved_tag_count()
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.tag_count().saturating_sub(self.reserved_tag_count())
    }

    /// Bytes a new node can use, its 4-byte tag included: `cbFree −
    /// cbUncommittedFree`, ESE's test in `ErrNDInsert`. A node fits iff
    /// [`node_size`] + 4 ≤ this (and the page has fewer than [`MAX_TAGS`] tags); a
    /// line may grow by at most this much.
    pub fn free_space(&self) -> usize {
        usize::from(self.hdr.cb_free).saturating_sub(usize::from(self.hdr.cb_uncommitted_free))
    }

    /// Bytes of the gap between the last line and the tag array: what a line (with
    /// its tag) can take without a reorganization.
    pub fn contiguous_free(&self) -> usize {
        self.cb_data()
            .saturating_sub(usize::from(self.hdr.ib_mic_free))
            .saturating_sub(TAG_SIZE * self.tag_count())
    }

    /// Whether `spec` is a valid node that [`Self::insert_node`] would place here
    /// (enough free space, a tag left).
    pub fn fits(&self, spec: &NodeSpec<'_>) -> bool {
        spec.validate().is_ok()
            && self.tag_count() < MAX_TAGS
            && node_size(spec) + INSERTION_OVERHEAD <= self.free_space()
    }

    /// The external header (tag 0).
    pub fn external_header(&self) -> &[u8] {
        self.line(0).unwrap_or(&[])
    }

    /// The key prefix compressed nodes on this page refer to, chosen as
    /// [`Page::key_prefix`] chooses it: the external header on non-root pages, the
    /// part after the 16-byte split buffer on space-tree roots, nothing on other roots.
    pub fn key_prefix(&self) -> &[u8] {
        let ext = self.external_header();
        let f = self.hdr.flags;
        if f & flags::ROOT == 0 {
            ext
        } else if f & flags::SPACE_TREE != 0 {
            ext.get(SPLIT_BUFFER_SIZE..).unwrap_or(&[])
        } else {
            &[]
        }
    }

    /// Node `index` as [`Page::node`] reads it (on non-space root pages the prefix
    /// count is ignored). Errors with `JET_errBadLineCount` for an index past the end.
    pub fn node(&self, index: usize) -> Result<Node<'_>> {
        let mut node = self.raw_node(self.node_itag(index, false)?)?;
        let f = self.hdr.flags;
        if f & flags::ROOT != 0 && f & flags::SPACE_TREE == 0 {
            node.prefix_len = 0;
        }
        Ok(node)
    }

    /// The full key of node `index` (page prefix + suffix).
    pub fn node_key(&self, index: usize) -> Result<Vec<u8>> {
        let node = self.node(index)?;
        node.key(self.key_prefix()).map_err(|e| e.page(self.pgno))
    }

    /// Inserts `spec` as node `index` (0 ≤ index ≤ node count), moving later nodes up.
    ///
    /// Errors: `JET_errBadLineCount` for an index past the end;
    /// `JET_errInvalidParameter` if the spec breaks the node rules
    /// ([`NodeSpec::validate`]). `Ok(Err(NoSpace))` if it does not fit; the page is
    /// then unchanged.
    ///
    /// As in ESE's `CPAGE`, the prefix count is not checked against the external
    /// header here (a split may place nodes before it sets the new prefix);
    /// [`Self::check`] rejects a page whose nodes overrun the prefix.
    pub fn insert_node(&mut self, index: usize, spec: &NodeSpec<'_>) -> Result<Placement> {
        let itag = self.node_itag(index, true)?;
        spec.validate()?;
        let large = self.hdr.large;
        let tag_flags = if large { 0 } else { spec.stored_flags() };
        self.insert_line(itag, node_size(spec), tag_flags, |out| {
            encode_node_into(spec, large, out)
        })
    }

    /// Replaces node `index` with `spec` (key, data and flags).
    ///
    /// Errors as [`Self::insert_node`]; `Ok(Err(NoSpace))` if the line grows by more
    /// than [`Self::free_space`], leaving the page unchanged.
    pub fn replace_node(&mut self, index: usize, spec: &NodeSpec<'_>) -> Result<Placement> {
        let itag = self.node_itag(index, false)?;
        spec.validate()?;
        let large = self.hdr.large;
        let tag_flags = if large { 0 } else { spec.stored_flags() };
        self.replace_line(itag, node_size(spec), tag_flags, |out| {
            encode_node_into(spec, large, out)
        })
    }

    /// Replaces the data of node `index`, keeping its key bytes and flags exactly
    /// (ESE's `NDReplace`). `data` must not be empty (`JET_errInvalidParameter`).
    pub fn replace_node_data(&mut self, index: usize, data: &[u8]) -> Result<Placement> {
        let itag = self.node_itag(index, false)?;
        if data.is_empty() {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                "a node needs at least one byte of data",
            ));
        }
        let node = self.raw_node(itag)?;
        let key_len = key_counts_len(&node) + node.suffix.len();
        let key_part = self
            .line(itag)?
            .get(..key_len)
            .ok_or_else(|| off_page(self.pgno, "node key"))?
            .to_vec();
        let tag_flags = if self.hdr.large { 0 } else { node.flags };
        self.replace_line(itag, key_len + data.len(), tag_flags, |out| {
            let (k, d) = out.split_at_mut(key_len);
            k.copy_from_slice(&key_part);
            d.copy_from_slice(data);
            Ok(())
        })
    }

    /// Deletes node `index`, moving later nodes down (`JET_errBadLineCount` if there
    /// is no such node).
    pub fn delete_node(&mut self, index: usize) -> Result<()> {
        let itag = self.node_itag(index, false)?;
        self.delete_line(itag)
    }

    /// Sets the versioned (0x1) and deleted (0x2) flags of node `index` to those of
    /// `flag_bits`, keeping its compressed flag (ESE's `ReplaceFlags`, as
    /// `NDISetFlag`/`NDIResetFlag` use it). The compressed bit of `flag_bits` is
    /// ignored; other bits are `JET_errInvalidParameter`.
    pub fn set_node_flags(&mut self, index: usize, flag_bits: u8) -> Result<()> {
        let itag = self.node_itag(index, false)?;
        if flag_bits & !(MUTABLE_NODE_FLAGS | node_flags::COMPRESSED) != 0 {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                format!("node flags {flag_bits:#x} beyond the three node flags"),
            ));
        }
        let old = self.raw_node(itag)?.flags; // also proves the line holds its counts
        let new = (old & node_flags::COMPRESSED) | (flag_bits & MUTABLE_NODE_FLAGS);
        let (_, ib) = self.tag(itag);
        if self.hdr.large {
            let at = self.hdr.size() + ib;
            let first = get_u16(self.buf, at);
            let v = (first & SMALL_TAG_MASK) | (u16::from(new) << FLAG_SHIFT);
            self.put(at, &v.to_le_bytes())?;
        } else {
            let raw_ib = (u16_of(ib) & SMALL_TAG_MASK) | (u16::from(new) << FLAG_SHIFT);
            let off = self.tag_offset(itag);
            self.put(off + 2, &raw_ib.to_le_bytes())?;
        }
        Ok(())
    }

    /// Replaces the external header (tag 0) with `bytes` (ESE's `SetExternalHeader`,
    /// with no flags). Nodes are not checked against a new, shorter prefix: the tree
    /// layer changes prefixes and node prefix counts together.
    /// `Ok(Err(NoSpace))` if it grows by more than [`Self::free_space`].
    pub fn set_external_header(&mut self, bytes: &[u8]) -> Result<Placement> {
        self.replace_line(0, bytes.len(), 0, |out| {
            out.copy_from_slice(bytes);
            Ok(())
        })
    }

    /// Compacts the data area as ESE's `ReorganizeData_`: lines are moved to the
    /// start of the data area in the order of their offsets (ties in tag order), so
    /// physical order and tag indexes are kept; `ibMicFree` becomes the total of the
    /// line sizes and the rest of the data area is zeroed. Inserts and growing
    /// replaces call this when the contiguous gap is too small.
    pub fn reorganize(&mut self) -> Result<()> {
        let hdr_size = self.hdr.size();
        let mut order: Vec<(usize, usize)> = (0..self.tag_count())
            .map(|itag| (self.tag(itag).1, itag))
            .collect();
        order.sort_by_key(|&(ib, _)| ib); // stable: equal offsets keep tag order
        let mut dest = 0usize;
        for (ib, itag) in order {
            let cb = self.tag(itag).0;
            if cb > 0 {
                if ib < dest {
                    return Err(
                        Error::with(ErrorCode::DatabaseCorrupted, "lines overlap").page(self.pgno)
                    );
                }
                // dest ≤ ib, so the target lies within the checked source range's page.
                let src = hdr_size + ib..hdr_size + ib + cb;
                if src.end > self.buf.len() {
                    return Err(off_page(self.pgno, "a line"));
                }
                self.buf.copy_within(src, hdr_size + dest);
            }
            self.set_tag_ib(itag, dest)?;
            dest += cb;
        }
        let data_end = self.data_end();
        self.zero(hdr_size + dest, hdr_size + data_end.max(dest))?;
        self.hdr.ib_mic_free = u16_of(dest);
        self.store_space();
        Ok(())
    }

    /// Sets the previous page at this level.
    pub fn set_prev(&mut self, pgno: u32) {
        self.hdr.prev = pgno;
        self.store_header();
    }

    /// Sets the next page at this level.
    pub fn set_next(&mut self, pgno: u32) {
        self.hdr.next = pgno;
        self.store_header();
    }

    /// Sets the dbtime of the page's last change.
    pub fn set_dbtime(&mut self, dbtime: u64) {
        self.hdr.dbtime = dbtime;
        if let Some(out) = self.buf.get_mut(8..16) {
            out.copy_from_slice(&dbtime.to_le_bytes());
        }
    }

    /// Sets the page flags ([`flags`]) as given. Changing the root or space-tree
    /// flags changes which bytes form the key prefix ([`Self::key_prefix`]).
    pub fn set_flags(&mut self, page_flags: u32) {
        self.hdr.flags = page_flags;
        self.store_header();
    }

    /// Sets the object id of the tree the page belongs to.
    pub fn set_objid_fdp(&mut self, objid: u32) {
        self.hdr.objid_fdp = objid;
        self.store_header();
    }

    /// Sets `cbUncommittedFree`, the freed bytes a rollback may reclaim (kept by the
    /// version store). It must not exceed `cbFree` (`JET_errInvalidParameter`).
    pub fn set_uncommitted_free(&mut self, cb: usize) -> Result<()> {
        if cb > usize::from(self.hdr.cb_free) {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                format!("cbUncommittedFree {cb} exceeds cbFree {}", self.hdr.cb_free),
            ));
        }
        self.hdr.cb_uncommitted_free = u16_of(cb);
        self.store_space();
        Ok(())
    }

    /// Computes and stores the page checksum(s) in the new ECC+XOR format (setting its
    /// page flag), as ESE does before every page write. Any later change invalidates
    /// them.
    pub fn finish_checksum(&mut self) {
        compute_page_checksums(self.buf, self.pgno);
        if let Ok(h) = PageHeader::decode(self.buf) {
            self.hdr = h;
        }
    }

    // ---- internals -------------------------------------------------------------

    fn cb_data(&self) -> usize {
        self.buf.len() - self.hdr.size()
    }

    /// End of the data area (exclusive, relative to the data area): the tag array's start.
    fn data_end(&self) -> usize {
        self.cb_data().saturating_sub(TAG_SIZE * self.tag_count())
    }

    fn store_header(&mut self) {
        self.hdr.encode(self.buf);
    }

    /// Writes the header's space fields (`cbFree`, `cbUncommittedFree`,
    /// `ibMicFree`, `itagState`: bytes 28–35, the same in both forms), all
    /// that a line's insertion, replacement, deletion or a reorganization
    /// changes: one 8-byte store rather than the whole header.
    fn store_space(&mut self) {
        let h = &self.hdr;
        let v = u64::from(h.cb_free)
            | u64::from(h.cb_uncommitted_free) << 16
            | u64::from(h.ib_mic_free) << 32
            | u64::from(h.itag_state) << 48;
        if let Some(out) = self.buf.get_mut(28..36) {
            out.copy_from_slice(&v.to_le_bytes());
        }
    }

    fn tag_offset(&self, itag: usize) -> usize {
        self.buf.len().saturating_sub(TAG_SIZE * (itag + 1))
    }

    fn tag(&self, itag: usize) -> (usize, usize) {
        tag_at(self.buf, itag)
    }

    /// Writes `bytes` at `off`.
    fn put(&mut self, off: usize, bytes: &[u8]) -> Result<()> {
        let pgno = self.pgno;
        self.buf
            .get_mut(off..off + bytes.len())
            .ok_or_else(|| off_page(pgno, "a write"))?
            .copy_from_slice(bytes);
        Ok(())
    }

    /// Zeroes `start..end` of the page.
    fn zero(&mut self, start: usize, end: usize) -> Result<()> {
        let pgno = self.pgno;
        self.buf
            .get_mut(start..end)
            .ok_or_else(|| off_page(pgno, "freed space"))?
            .fill(0);
        Ok(())
    }

    /// Writes tag `itag` afresh: `cb`, `ib` and (small pages) the node flags.
    fn write_tag(&mut self, itag: usize, cb: usize, ib: usize, tag_flags: u8) -> Result<()> {
        let mut raw_ib = u16_of(ib);
        if !self.hdr.large {
            raw_ib |= u16::from(tag_flags) << FLAG_SHIFT;
        }
        let off = self.tag_offset(itag);
        let [c0, c1] = u16_of(cb).to_le_bytes();
        let [i0, i1] = raw_ib.to_le_bytes();
        self.put(off, &[c0, c1, i0, i1])
    }

    /// Sets the `ib` of tag `itag`, keeping the bits above it (the node flags on
    /// small pages), as `TAG::SetIb` does.
    fn set_tag_ib(&mut self, itag: usize, ib: usize) -> Result<()> {
        let mask = if self.hdr.large {
            LARGE_TAG_MASK
        } else {
            SMALL_TAG_MASK
        };
        let (_, raw) = raw_tag(self.buf, itag);
        let v = (raw & !mask) | (u16_of(ib) & mask);
        let off = self.tag_offset(itag);
        self.put(off + 2, &v.to_le_bytes())
    }

    /// Stores the tag count, keeping the form of `itagState` (legacy, or with a
    /// reserved-tag count if the page already stored one, as `SetITagState_`).
    fn set_tag_count(&mut self, n: usize) {
        let stored = (self.hdr.itag_state >> CTAG_RESERVED_SHIFT) & CTAG_RESERVED_MASK;
        let count = u16_of(n) & ITAG_MIC_FREE_MASK;
        self.hdr.itag_state = (stored << CTAG_RESERVED_SHIFT) | count;
    }

    /// The bytes of line `itag`.
    fn line(&self, itag: usize) -> Result<&[u8]> {
        let (cb, ib) = self.tag(itag);
        let start = self.hdr.size() + ib;
        self.buf
            .get(start..start + cb)
            .ok_or_else(|| off_page(self.pgno, "a line"))
    }

    /// The node flags of line `itag` (tag on small pages, first u16 on large ones).
    fn line_flags(&self, itag: usize) -> u8 {
        if self.hdr.large {
            match self.line(itag) {
                Ok(l) if l.len() >= 2 => (get_u16(l, 0) >> FLAG_SHIFT) as u8,
                _ => 0,
            }
        } else {
            (raw_tag(self.buf, itag).1 >> FLAG_SHIFT) as u8
        }
    }

    /// Node at tag `itag`, parsed without the root-page prefix rule.
    fn raw_node(&self, itag: usize) -> Result<Node<'_>> {
        let line = self.line(itag)?;
        Node::parse(line, self.line_flags(itag)).map_err(|e| e.page(self.pgno))
    }

    /// The tag of node `index`; `insert` allows one past the last node.
    #[inline]
    fn node_itag(&self, index: usize, insert: bool) -> Result<usize> {
        let count = self.node_count();
        if index > count || (index == count && !insert) || self.tag_count() == 0 {
            return Err(
                Error::with(ErrorCode::BadLineCount, format!("node {index} of {count}"))
                    .page(self.pgno),
            );
        }
        Ok(index + self.reserved_tag_count())
    }

    /// `CPAGE::Insert_`: a new line of `size` bytes at tag `itag`, filled by `fill`.
    fn insert_line(
        &mut self,
        itag: usize,
        size: usize,
        tag_flags: u8,
        fill: impl FnOnce(&mut [u8]) -> Result<()>,
    ) -> Result<Placement> {
        let needed = size + INSERTION_OVERHEAD;
        let available = self.free_space();
        let n = self.tag_count();
        if needed > available || n >= MAX_TAGS {
            return Ok(Err(NoSpace { needed, available }));
        }
        if self.contiguous_free() < needed {
            self.reorganize()?;
        }
        // Tags itag..n move one slot down in memory (towards the data). In range:
        // the gap now holds at least `needed` ≥ 4 bytes below the tag array.
        let len = self.buf.len();
        let lo = len - TAG_SIZE * n;
        let hi = len - TAG_SIZE * itag;
        self.buf.copy_within(lo..hi, lo - TAG_SIZE);
        let ib = usize::from(self.hdr.ib_mic_free);
        self.write_tag(itag, size, ib, tag_flags)?;
        let start = self.hdr.size() + ib;
        let pgno = self.pgno;
        let out = self
            .buf
            .get_mut(start..start + size)
            .ok_or_else(|| off_page(pgno, "a new line"))?;
        fill(out)?;
        self.hdr.ib_mic_free = u16_of(ib + size);
        // needed ≤ free_space() ≤ cbFree, checked above.
        self.hdr.cb_free = u16_of(usize::from(self.hdr.cb_free) - needed);
        self.set_tag_count(n + 1);
        self.store_space();
        Ok(Ok(()))
    }

    /// `CPAGE::Replace_`: line `itag` becomes `size` bytes filled by `fill`.
    fn replace_line(
        &mut self,
        itag: usize,
        size: usize,
        tag_flags: u8,
        fill: impl FnOnce(&mut [u8]) -> Result<()>,
    ) -> Result<Placement> {
        let (old_cb, old_ib) = self.tag(itag);
        let growth = size.saturating_sub(old_cb);
        let available = self.free_space();
        if growth > available {
            return Ok(Err(NoSpace {
                needed: growth,
                available,
            }));
        }
        let hdr_size = self.hdr.size();
        let ib_mic_free = usize::from(self.hdr.ib_mic_free);
        let is_last = old_ib + old_cb == ib_mic_free;
        let cb_free = usize::from(self.hdr.cb_free);
        let ib = if growth == 0 || (is_last && self.contiguous_free() >= growth) {
            // In place: shrinking, or the last line growing into the gap.
            if is_last {
                self.hdr.ib_mic_free = u16_of(old_ib + size);
            }
            self.hdr.cb_free = u16_of(cb_free + old_cb - size);
            if size < old_cb {
                self.zero(hdr_size + old_ib + size, hdr_size + old_ib + old_cb)?;
            }
            old_ib
        } else {
            // Growing elsewhere: free the old line, then place it like a new one.
            self.zero(hdr_size + old_ib, hdr_size + old_ib + old_cb)?;
            self.write_tag(itag, 0, 0, 0)?;
            self.hdr.cb_free = u16_of(cb_free + old_cb);
            if self.contiguous_free() < size {
                self.reorganize()?;
            }
            let ib = usize::from(self.hdr.ib_mic_free);
            self.hdr.ib_mic_free = u16_of(ib + size);
            // size = old_cb + growth ≤ old_cb + free_space() ≤ the cbFree set above.
            self.hdr.cb_free = u16_of(usize::from(self.hdr.cb_free) - size);
            ib
        };
        let tag_flags = if itag == 0 { 0 } else { tag_flags };
        self.write_tag(itag, size, ib, tag_flags)?;
        let pgno = self.pgno;
        let out = self
            .buf
            .get_mut(hdr_size + ib..hdr_size + ib + size)
            .ok_or_else(|| off_page(pgno, "a replaced line"))?;
        fill(out)?;
        self.store_space();
        Ok(Ok(()))
    }

    /// `CPAGE::Delete_`: removes line `itag` and its tag.
    fn delete_line(&mut self, itag: usize) -> Result<()> {
        let (cb, ib) = self.tag(itag);
        let hdr_size = self.hdr.size();
        self.zero(hdr_size + ib, hdr_size + ib + cb)?;
        if ib + cb == usize::from(self.hdr.ib_mic_free) {
            self.hdr.ib_mic_free = u16_of(ib);
        }
        self.hdr.cb_free = u16_of(usize::from(self.hdr.cb_free) + cb + TAG_SIZE);
        // Tags itag+1..n move one slot up in memory (towards the page end); itag < n,
        // so the moved range ends at least one slot before the page end.
        let n = self.tag_count();
        let len = self.buf.len();
        let lo = len - TAG_SIZE * n;
        let hi = len - TAG_SIZE * (itag + 1);
        self.buf.copy_within(lo..hi, lo + TAG_SIZE);
        self.zero(lo, lo + TAG_SIZE)?;
        self.set_tag_count(n - 1);
        if usize::from(self.hdr.cb_free) + TAG_SIZE == self.cb_data() {
            // Only an empty external header is left.
            self.hdr.ib_mic_free = 0;
        }
        self.store_space();
        Ok(())
    }
}

/// Bytes of a node's key counts: 2, or 4 when it is compressed.
fn key_counts_len(node: &Node<'_>) -> usize {
    if node.is_compressed() {
        2 * KEY_COUNT_SIZE
    } else {
        KEY_COUNT_SIZE
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::checksum::{verify_page, PageCheck};

    fn leaf() -> NewPage {
        NewPage {
            objid_fdp: 7,
            flags: flags::LEAF,
            dbtime: 42,
            prev: 3,
            next: 5,
        }
    }

    /// A fresh image built in one pass has the bytes of a page initialised and
    /// filled node by node, and is refused exactly when those do not all fit.
    #[test]
    fn fresh_image_matches_node_by_node() {
        let keys: Vec<Vec<u8>> = (0u32..400)
            .map(|i| {
                let mut k = b"prefix-key-".to_vec();
                k.extend_from_slice(&(i * 7919).to_be_bytes());
                k
            })
            .collect();
        for size in [2048, 8192, 16384, 32768] {
            for (external, plen) in [(&b""[..], 0usize), (&b"prefix-key-"[..], 11)] {
                for count in [0usize, 1, 3, 40, 150, 400] {
                    let spec = |i: usize| -> Result<NodeSpec<'_>> {
                        let data: &[u8] = if i.is_multiple_of(3) {
                            b"dd"
                        } else {
                            &keys[i][2..]
                        };
                        let p = if i.is_multiple_of(2) { plen } else { 0 };
                        Ok(NodeSpec::new(p, &keys[i][p..], data).with_flags((i % 4) as u8 & 0x3))
                    };
                    let mut buf = vec![0u8; size];
                    let by_node = (|| -> Result<Option<Vec<u8>>> {
                        let mut p = PageMut::init(&mut buf, 9, &leaf())?;
                        let mut ok = p.set_external_header(external)?.is_ok();
                        for i in 0..count {
                            ok &= p.insert_node(i, &spec(i)?)?.is_ok();
                        }
                        Ok(ok.then(|| p.as_bytes().to_vec()))
                    })();
                    let built = PageMut::fresh_image(size, 9, &leaf(), external, count, spec);
                    assert_eq!(
                        format!("{built:?}"),
                        format!("{by_node:?}"),
                        "{size} {count} {plen}"
                    );
                }
            }
        }
        let bad = |_: usize| -> Result<NodeSpec<'static>> { Ok(NodeSpec::new(0, b"k", b"")) };
        assert!(PageMut::fresh_image(8192, 1, &leaf(), b"", 1, bad).is_err());
        let none = |_: usize| -> Result<NodeSpec<'static>> { Ok(NodeSpec::new(0, b"k", b"d")) };
        assert!(PageMut::fresh_image(1000, 1, &leaf(), b"", 0, none).is_err());
    }

    #[test]
    fn fresh_page_is_what_ese_consumes() {
        for size in [2048, 4096, 8192, 16384, 32768] {
            let mut buf = vec![0xAAu8; size];
            let mut p = PageMut::init(&mut buf, 9, &leaf()).unwrap();
            let hdr = PageHeader::size_for(size);
            assert_eq!(usize::from(p.header().cb_free), size - hdr - 4);
            assert_eq!(p.header().itag_state, 1);
            assert_eq!(p.header().ib_mic_free, 0);
            assert_eq!(
                p.header().flags,
                flags::LEAF | flags::NEW_RECORD_FORMAT | flags::NEW_CHECKSUM_FORMAT
            );
            assert_eq!(p.node_count(), 0);
            assert_eq!(p.free_space() - 4, super::super::max_node_size(size));
            p.finish_checksum();
            p.check().unwrap();
            let page = p.page().unwrap();
            assert_eq!((page.prev(), page.next(), page.dbtime()), (3, 5, 42));
            assert_eq!(page.header().pgno, if size > 8192 { 9 } else { 0 });
            assert_eq!(verify_page(&buf, 9), PageCheck::Ok);
        }
        assert!(PageMut::init(&mut [0u8; 1000], 1, &leaf()).is_err());
    }

    #[test]
    fn insert_replace_delete_like_cpage() {
        let mut buf = vec![0u8; 4096];
        let mut p = PageMut::init(&mut buf, 1, &leaf()).unwrap();
        p.set_external_header(b"key-").unwrap().unwrap();
        let a = NodeSpec::for_key(b"key-", b"key-a", b"AAAA");
        assert_eq!(a.prefix_len, 4);
        p.insert_node(0, &a).unwrap().unwrap();
        p.insert_node(1, &NodeSpec::new(0, b"zz", b"Z"))
            .unwrap()
            .unwrap();
        p.insert_node(1, &NodeSpec::new(0, b"m", b"M"))
            .unwrap()
            .unwrap();
        assert_eq!(p.node_key(0).unwrap(), b"key-a");
        assert_eq!(p.node_key(1).unwrap(), b"m");
        assert_eq!(p.node_key(2).unwrap(), b"zz");
        // Lines lie in insertion order: ext 0..4, a 4..13, zz 13..18, m 18..22.
        assert_eq!(tag_at(p.as_bytes(), 3), (5, 13));
        assert_eq!(p.header().ib_mic_free, 22);
        // Growing a line that is not last moves it to the gap.
        p.replace_node_data(0, b"AAAAAAAA").unwrap().unwrap();
        assert_eq!(tag_at(p.as_bytes(), 1), (13, 22));
        assert_eq!(p.header().ib_mic_free, 35);
        // The last line grows in place; a line of the same size stays.
        p.replace_node_data(0, b"AAAAAAAAAA").unwrap().unwrap();
        assert_eq!(tag_at(p.as_bytes(), 1), (15, 22));
        p.replace_node_data(2, b"z").unwrap().unwrap();
        assert_eq!(tag_at(p.as_bytes(), 3), (5, 13));
        assert_eq!(p.node(0).unwrap().data, b"AAAAAAAAAA");
        p.check().unwrap();
        // Reorganize keeps physical order: ext, zz, m, a.
        p.reorganize().unwrap();
        assert_eq!(tag_at(p.as_bytes(), 3), (5, 4));
        assert_eq!(tag_at(p.as_bytes(), 2), (4, 9));
        assert_eq!(tag_at(p.as_bytes(), 1), (15, 13));
        assert_eq!(p.header().ib_mic_free, 28);
        for i in (0..3).rev() {
            p.delete_node(i).unwrap();
        }
        // Only the last line's space returns to the gap; the holes stay below it.
        assert_eq!(p.header().ib_mic_free, 13);
        p.set_external_header(b"").unwrap().unwrap();
        assert_eq!(usize::from(p.header().cb_free), 4096 - 40 - 4);
        p.insert_node(0, &NodeSpec::new(0, b"k", b"d"))
            .unwrap()
            .unwrap();
        p.delete_node(0).unwrap();
        // Only an empty external header left: ibMicFree goes back to 0.
        assert_eq!(p.header().ib_mic_free, 0);
        assert!(p.as_bytes()[40..4092].iter().all(|&b| b == 0));
    }

    #[test]
    fn misuse_is_an_error_and_leaves_the_page() {
        let mut buf = vec![0u8; 8192];
        let mut p = PageMut::init(&mut buf, 1, &leaf()).unwrap();
        let before = p.as_bytes().to_vec();
        let e = p.insert_node(1, &NodeSpec::new(0, b"k", b"d")).unwrap_err();
        assert_eq!(e.code(), ErrorCode::BadLineCount);
        assert_eq!(
            p.delete_node(0).unwrap_err().code(),
            ErrorCode::BadLineCount
        );
        let e = p.insert_node(0, &NodeSpec::new(0, b"k", b"")).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidParameter);
        assert_eq!(p.as_bytes(), &before[..]);
        assert!(p.set_uncommitted_free(9000).is_err());
    }

    #[test]
    fn no_space_is_exact_and_changes_nothing() {
        for size in [4096, 32768] {
            let mut buf = vec![0u8; size];
            let mut p = PageMut::init(&mut buf, 2, &leaf()).unwrap();
            p.insert_node(0, &NodeSpec::new(0, b"a", b"1"))
                .unwrap()
                .unwrap();
            p.set_uncommitted_free(10).unwrap();
            let free = p.free_space();
            let data = vec![7u8; free - 4 - 2 - 1];
            let spec = NodeSpec::new(0, b"b", &data);
            assert_eq!(node_size(&spec) + 4, free);
            let big = vec![7u8; data.len() + 1];
            let too_big = NodeSpec::new(0, b"b", &big);
            assert!(!p.fits(&too_big));
            let before = p.as_bytes().to_vec();
            let r = p.insert_node(1, &too_big).unwrap();
            assert_eq!(
                r,
                Err(NoSpace {
                    needed: free + 1,
                    available: free
                })
            );
            assert_eq!(p.as_bytes(), &before[..]);
            let grown = p.replace_node_data(0, &vec![1u8; free + 2]).unwrap();
            assert!(grown.is_err());
            assert!(p.fits(&spec));
            p.insert_node(1, &spec).unwrap().unwrap();
            assert_eq!(p.free_space(), 0);
            assert_eq!(p.header().cb_free, 10);
            p.check().unwrap();
        }
    }

    #[test]
    fn node_flags_small_and_large() {
        for size in [8192, 16384] {
            let mut buf = vec![0u8; size];
            let mut p = PageMut::init(&mut buf, 4, &leaf()).unwrap();
            p.set_external_header(b"abcdef").unwrap().unwrap();
            let spec =
                NodeSpec::for_key(b"abcdef", b"abcdxyz", b"D").with_flags(node_flags::VERSIONED);
            p.insert_node(0, &spec).unwrap().unwrap();
            let n = p.node(0).unwrap();
            assert!(n.is_versioned() && n.is_compressed() && !n.is_deleted());
            p.set_node_flags(0, node_flags::DELETED).unwrap();
            assert!(p.set_node_flags(0, 0x10).is_err());
            let n = p.node(0).unwrap();
            assert!(!n.is_versioned() && n.is_compressed() && n.is_deleted());
            assert_eq!(n.prefix_len, 4);
            let page = p.page().unwrap();
            assert_eq!(page.node_key(0).unwrap(), b"abcdxyz");
            assert_eq!(page.node(0).unwrap().flags, n.flags);
            let (_, ib) = tag_at(p.as_bytes(), 1);
            let raw_ib = raw_tag(p.as_bytes(), 1).1;
            if size > 8192 {
                assert_eq!(raw_ib, u16_of(ib));
            } else {
                assert_eq!(raw_ib >> 13, 0x6);
            }
        }
    }

    #[test]
    fn stored_reserved_count_is_kept() {
        let mut buf = vec![0u8; 4096];
        PageMut::init(&mut buf, 1, &leaf()).unwrap();
        buf[34..36].copy_from_slice(&0x1001u16.to_le_bytes());
        let mut p = PageMut::open(&mut buf, 1).unwrap();
        p.insert_node(0, &NodeSpec::new(0, b"k", b"d"))
            .unwrap()
            .unwrap();
        assert_eq!(p.header().itag_state, 0x1002);
        p.delete_node(0).unwrap();
        assert_eq!(p.header().itag_state, 0x1001);
    }

    #[test]
    fn open_rejects_bad_accounting() {
        let mut buf = vec![0u8; 4096];
        let mut p = PageMut::init(&mut buf, 1, &leaf()).unwrap();
        p.insert_node(0, &NodeSpec::new(0, b"k", b"d"))
            .unwrap()
            .unwrap();
        buf[28] ^= 1; // cbFree off by one
        let e = PageMut::open(&mut buf, 1).unwrap_err();
        assert_eq!(e.code(), ErrorCode::DatabaseCorrupted);
        buf[28] ^= 1;
        assert!(PageMut::open(&mut buf, 1).is_ok());
        let mut empty = vec![0u8; 4096];
        empty[36] = flags::EMPTY as u8;
        assert_eq!(
            PageMut::open(&mut empty, 1).unwrap_err().code(),
            ErrorCode::InvalidParameter
        );
    }
}
