//! Database pages: the page header, the tag array (line directory) and B+-tree nodes.
//!
//! This module owns the layout of one database page as ESE's `CPAGE` and node layer
//! (`dev/ese/src/inc/cpage.hxx`, `dev/ese/src/ese/cpage.cxx`, `dev/ese/src/ese/node.cxx`)
//! define it:
//!
//! * a header of 40 bytes on small pages (≤ 8 KiB) or 80 bytes on large pages
//!   (16 and 32 KiB), see [`PageHeader`];
//! * the data area, addressed by offsets relative to the end of the header;
//! * the tag array at the end of the page, growing backwards: tag *i* is the 4 bytes at
//!   `page_size - 4 * (i + 1)`, a `cb` u16 then an `ib` u16. On small pages the low 13
//!   bits of each hold the value and the top 3 bits of `ib` hold the node flags; on
//!   large pages the values use 15 bits and the node flags are the top 3 bits of the
//!   node's first u16;
//! * tag 0 is the external header (the space header on a tree's root page, the shared
//!   key prefix elsewhere); the next `reserved_tag_count() - 1` tags are reserved tags;
//!   the remaining tags are the nodes ("lines"), in key order. Legacy pages store no
//!   reserved-tag count (bits 12–14 of `itagState` are 0) and ESE treats that as 1,
//!   so on those pages node *i* is tag *i + 1*.
//!
//! A node is `[cbPrefix u16]` (only if flag 0x4 "compressed" is set), `cbSuffix u16`,
//! the key suffix, then the data; both counts are masked with `0x1FFF`. The key is the
//! first `cbPrefix` bytes of the page's key prefix ([`Page::key_prefix`]) followed by
//! the suffix.
//!
//! What must hold: nothing here panics on any input. [`Page::new`] validates the
//! header and every tag against the page the way ESE's `ErrCheckPage` does, and every
//! accessor re-checks its offsets; any violation is `JET_errDatabaseCorrupted` (-1206)
//! carrying the page number. Checksums are not checked here (see
//! [`crate::format::checksum`]).

use crate::{Error, ErrorCode, Result};

/// Page flags (`CPAGE::fPage*`), stored in the header's `flags` field.
pub mod flags {
    /// The root page of a B+-tree (its FDP, or a space tree's root).
    pub const ROOT: u32 = 0x0001;
    /// A leaf page.
    pub const LEAF: u32 = 0x0002;
    /// A branch page whose children are leaves.
    pub const PARENT_OF_LEAF: u32 = 0x0004;
    /// An empty page (released from its tree).
    pub const EMPTY: u32 = 0x0008;
    /// A page written by repair.
    pub const REPAIR: u32 = 0x0010;
    /// A page of a space tree (owned-extent or available-extent tree).
    pub const SPACE_TREE: u32 = 0x0020;
    /// A page of a secondary index.
    pub const INDEX: u32 = 0x0040;
    /// A page of a long-value tree.
    pub const LONG_VALUE: u32 = 0x0080;
    /// The tree allows duplicate keys (nodes are ordered by key, then data).
    pub const NON_UNIQUE_KEYS: u32 = 0x0400;
    /// Records use the new record format.
    pub const NEW_RECORD_FORMAT: u32 = 0x0800;
    /// The page uses the new ECC+XOR checksum format.
    pub const NEW_CHECKSUM_FORMAT: u32 = 0x2000;
    /// The page was scrubbed (deleted data zeroed).
    pub const SCRUBBED: u32 = 0x4000;
    /// Two bits of flush type (for lost-flush detection).
    pub const FLUSH_TYPE_MASK: u32 = 0x18000;
    /// A pre-initialised page: a fresh header and nothing else.
    pub const PRE_INIT: u32 = 0x20000;
    /// A reverted page of a deleted FDP (revert snapshots).
    pub const FDP_DELETE: u32 = 0x40000;
}

/// Node flags (`fND*`): in the tag on small pages, in the node's first u16 on large pages.
pub mod node_flags {
    /// A version-store entry may exist for this node (an uncommitted or not yet
    /// cleaned-up change).
    pub const VERSIONED: u8 = 0x1;
    /// The node is flag-deleted (to be removed by cleanup).
    pub const DELETED: u8 = 0x2;
    /// The key starts with a prefix shared with the page (a `cbPrefix` u16 comes first).
    pub const COMPRESSED: u8 = 0x4;
}

/// Pages of at most this many bytes are "small" and use the 40-byte header.
pub const SMALL_PAGE_MAX: usize = 8192;

/// Bytes per tag in the tag array.
pub const TAG_SIZE: usize = 4;

/// Mask of `itagState` giving the number of tags (`itagMicFree`).
const ITAG_MIC_FREE_MASK: u16 = 0x0FFF;
/// Shift of the reserved-tag count in `itagState`.
const CTAG_RESERVED_SHIFT: u16 = 12;
/// Mask (after shifting) of the reserved-tag count.
const CTAG_RESERVED_MASK: u16 = 0x7;
/// Mask of a tag value on small pages.
const SMALL_TAG_MASK: u16 = 0x1FFF;
/// Mask of a tag value on large pages.
const LARGE_TAG_MASK: u16 = 0x7FFF;
/// Mask of a node's key counts (`usNDCbKeyMask`).
const KEY_COUNT_MASK: u16 = 0x1FFF;

/// Whether a page of `page_size` bytes uses the large format (80-byte header,
/// 15-bit tags, node flags in the node).
pub fn is_large_page(page_size: usize) -> bool {
    page_size > SMALL_PAGE_MAX
}

/// Whether `len` is a page size ESE supports (2, 4, 8, 16 or 32 KiB).
pub fn is_valid_page_size(len: usize) -> bool {
    matches!(len, 2048 | 4096 | 8192 | 16384 | 32768)
}

/// The smallest free gap [`zero_gap`] reports: below it, leaving the gap out of a
/// logged image saves less than the gap's description costs to read.
const MIN_ELIDED_GAP: usize = 64;

/// The free gap of page `image` (between the end of its lines, `ibMicFree`, and its
/// tag array) as `(start, len)` in bytes from the page's start, when it is at
/// least `MIN_ELIDED_GAP` bytes long and holds only zeros, as the page layer
/// leaves freed space: a logged image may then leave it out and be rebuilt byte
/// for byte with [`fill_gap`]. `None` for a page whose header does not describe
/// such a gap (an unformatted or foreign page, or a gap with old bytes in it).
pub fn zero_gap(image: &[u8]) -> Option<(usize, usize)> {
    if !is_valid_page_size(image.len()) {
        return None;
    }
    let h = PageHeader::decode(image).ok()?;
    let start = h.size().checked_add(usize::from(h.ib_mic_free))?;
    let end = image
        .len()
        .checked_sub(h.tag_count().checked_mul(TAG_SIZE)?)?;
    let len = end.checked_sub(start)?;
    if len < MIN_ELIDED_GAP || !super::is_zero(&image[start..end]) {
        return None;
    }
    Some((start, len))
}

/// Appends `image` without its zero gap `(at, len)` (from [`zero_gap`]) as a logged
/// image carries it: `u32` gap offset, `u32` gap length, then the bytes before and
/// after the gap. [`fill_gap`] rebuilds the page.
pub fn put_without_gap(out: &mut Vec<u8>, image: &[u8], (at, len): (usize, usize)) {
    out.extend_from_slice(&(at as u32).to_le_bytes());
    out.extend_from_slice(&(len as u32).to_le_bytes());
    out.extend_from_slice(&image[..at]);
    out.extend_from_slice(&image[at + len..]);
}

/// Rebuilds a page of `page_len` bytes from `kept`, the page without its zero gap
/// of `gap_len` bytes at `gap_at` (see [`zero_gap`]). `None` when the parts do not
/// add up to such a page.
pub fn fill_gap(kept: &[u8], page_len: usize, gap_at: usize, gap_len: usize) -> Option<Vec<u8>> {
    if !is_valid_page_size(page_len)
        || gap_at > kept.len()
        || kept.len().checked_add(gap_len)? != page_len
    {
        return None;
    }
    let mut page = Vec::with_capacity(page_len);
    page.extend_from_slice(&kept[..gap_at]);
    page.resize(gap_at + gap_len, 0);
    page.extend_from_slice(&kept[gap_at..]);
    Some(page)
}

fn corrupt(pgno: u32, msg: impl Into<String>) -> Error {
    Error::with(ErrorCode::DatabaseCorrupted, msg).page(pgno)
}

/// Reads a little-endian u16 at `off`, if it lies within `b`.
fn u16_at(b: &[u8], off: usize) -> Option<u16> {
    let s = b.get(off..off.checked_add(2)?)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}

/// Reads a little-endian u32 at `off`, if it lies within `b`.
fn u32_at(b: &[u8], off: usize) -> Option<u32> {
    let s = b.get(off..off.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// Reads a little-endian u64 at `off`, if it lies within `b`.
fn u64_at(b: &[u8], off: usize) -> Option<u64> {
    let lo = u32_at(b, off)?;
    let hi = u32_at(b, off.checked_add(4)?)?;
    Some(u64::from(lo) | (u64::from(hi) << 32))
}

/// The page header (`PGHDR`, and `PGHDR2` on large pages).
///
/// | off | size | field |
/// | --- | --- | --- |
/// | 0 | 8 | checksum (block 1) |
/// | 8 | 8 | dbtime of the last change |
/// | 16 | 4 | previous page at this tree level |
/// | 20 | 4 | next page at this tree level |
/// | 24 | 4 | objidFDP: the tree this page belongs to |
/// | 28 | 2 | cbFree |
/// | 30 | 2 | cbUncommittedFree |
/// | 32 | 2 | ibMicFree: start of the free gap, relative to the end of the header |
/// | 34 | 2 | itagState: bits 0–11 number of tags, bits 12–14 reserved-tag count |
/// | 36 | 4 | page flags ([`flags`]) |
/// | 40 | 24 | large pages only: checksums of blocks 2, 3 and 4 |
/// | 64 | 4 | large pages only: this page's number |
/// | 68 | 12 | large pages only: reserved (zero) |
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageHeader {
    /// The stored checksum of the first checksum block.
    pub checksum: u64,
    /// dbtime of the last change to the page.
    pub dbtime: u64,
    /// Previous page at the same tree level (0 = none).
    pub prev: u32,
    /// Next page at the same tree level (0 = none).
    pub next: u32,
    /// Object id of the tree (FDP) this page belongs to.
    pub objid_fdp: u32,
    /// Free bytes on the page.
    pub cb_free: u16,
    /// Free bytes that a rollback may still reclaim (≤ `cb_free`).
    pub cb_uncommitted_free: u16,
    /// Start of the free gap, relative to the end of the header.
    pub ib_mic_free: u16,
    /// Tag count (bits 0–11) and reserved-tag count (bits 12–14).
    pub itag_state: u16,
    /// Page flags, see [`flags`].
    pub flags: u32,
    /// Large pages: the stored checksums of blocks 2–4 (zero on small pages).
    pub extra_checksums: [u64; 3],
    /// Large pages: the page's own number (zero on small pages).
    pub pgno: u32,
    /// Large pages: reserved bytes (zero on small pages).
    pub reserved: [u8; 12],
    /// Whether this is the 80-byte large-page header.
    pub large: bool,
}

impl PageHeader {
    /// Size of the small-page header (and of the part common to both forms).
    pub const SIZE: usize = 40;
    /// Size of the large-page header.
    pub const LARGE_SIZE: usize = 80;

    /// The header size for a page of `page_size` bytes.
    pub fn size_for(page_size: usize) -> usize {
        if is_large_page(page_size) {
            Self::LARGE_SIZE
        } else {
            Self::SIZE
        }
    }

    /// Decodes the header of `page`; the form (small or large) follows from
    /// `page.len()`. Errors with `JET_errDatabaseCorrupted` if the page is too short.
    pub fn decode(page: &[u8]) -> Result<PageHeader> {
        let large = is_large_page(page.len());
        let size = if large { Self::LARGE_SIZE } else { Self::SIZE };
        if page.len() < size {
            return Err(Error::with(
                ErrorCode::DatabaseCorrupted,
                format!("page of {} bytes cannot hold its header", page.len()),
            ));
        }
        let u16f = |o| u16_at(page, o).unwrap_or(0);
        let u32f = |o| u32_at(page, o).unwrap_or(0);
        let u64f = |o| u64_at(page, o).unwrap_or(0);
        let mut h = PageHeader {
            checksum: u64f(0),
            dbtime: u64f(8),
            prev: u32f(16),
            next: u32f(20),
            objid_fdp: u32f(24),
            cb_free: u16f(28),
            cb_uncommitted_free: u16f(30),
            ib_mic_free: u16f(32),
            itag_state: u16f(34),
            flags: u32f(36),
            extra_checksums: [0; 3],
            pgno: 0,
            reserved: [0; 12],
            large,
        };
        if large {
            h.extra_checksums = [u64f(40), u64f(48), u64f(56)];
            h.pgno = u32f(64);
            if let Some(r) = page.get(68..80) {
                h.reserved.copy_from_slice(r);
            }
        }
        Ok(h)
    }

    /// Writes the header into the start of `page` (40 bytes, or 80 if `large`);
    /// does nothing if `page` is too short for it.
    pub fn encode(&self, page: &mut [u8]) {
        let size = if self.large {
            Self::LARGE_SIZE
        } else {
            Self::SIZE
        };
        let Some(out) = page.get_mut(..size) else {
            return;
        };
        let mut put = |off: usize, v: &[u8]| {
            if let Some(s) = out.get_mut(off..off + v.len()) {
                s.copy_from_slice(v);
            }
        };
        put(0, &self.checksum.to_le_bytes());
        put(8, &self.dbtime.to_le_bytes());
        put(16, &self.prev.to_le_bytes());
        put(20, &self.next.to_le_bytes());
        put(24, &self.objid_fdp.to_le_bytes());
        put(28, &self.cb_free.to_le_bytes());
        put(30, &self.cb_uncommitted_free.to_le_bytes());
        put(32, &self.ib_mic_free.to_le_bytes());
        put(34, &self.itag_state.to_le_bytes());
        put(36, &self.flags.to_le_bytes());
        if self.large {
            for (i, c) in self.extra_checksums.iter().enumerate() {
                put(40 + 8 * i, &c.to_le_bytes());
            }
            put(64, &self.pgno.to_le_bytes());
            put(68, &self.reserved);
        }
    }

    /// The header's size in bytes (40 or 80).
    pub fn size(&self) -> usize {
        if self.large {
            Self::LARGE_SIZE
        } else {
            Self::SIZE
        }
    }

    /// Number of tags on the page (`itagMicFree`), external header and reserved tags
    /// included.
    pub fn tag_count(&self) -> usize {
        usize::from(self.itag_state & ITAG_MIC_FREE_MASK)
    }

    /// Number of reserved tags (the external header counts as the first); a stored 0
    /// (legacy pages) means 1, as in ESE.
    pub fn reserved_tag_count(&self) -> usize {
        usize::from(((self.itag_state >> CTAG_RESERVED_SHIFT) & CTAG_RESERVED_MASK).max(1))
    }
}

/// A node (line) of a B+-tree page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Node<'a> {
    /// Node flags, see [`node_flags`]: 0x1 versioned, 0x2 deleted, 0x4 compressed.
    pub flags: u8,
    /// How many bytes of the page's key prefix start this node's key (0 unless
    /// compressed; always 0 on root pages of non-space trees, where ESE ignores it).
    pub prefix_len: usize,
    /// The rest of the key, stored in the node.
    pub suffix: &'a [u8],
    /// The node's data.
    pub data: &'a [u8],
}

impl<'a> Node<'a> {
    /// Parses a node from its line bytes and flags (as [`Page::tag`] returns them).
    ///
    /// On large pages the flags also sit in the top 3 bits of the line's first u16;
    /// both forms mask them off the key counts (`& 0x1FFF`), so the parse is the same.
    /// Errors name no page; [`Page::node`] adds it.
    pub fn parse(line: &'a [u8], flags: u8) -> Result<Node<'a>> {
        let compressed = flags & node_flags::COMPRESSED != 0;
        let mut off = 0usize;
        let mut prefix_len = 0usize;
        if compressed {
            let p = u16_at(line, 0).ok_or_else(|| short_node(line.len()))?;
            prefix_len = usize::from(p & KEY_COUNT_MASK);
            off = 2;
        }
        let s = u16_at(line, off).ok_or_else(|| short_node(line.len()))?;
        let cb_suffix = usize::from(s & KEY_COUNT_MASK);
        off += 2;
        if line.len() <= off {
            return Err(short_node(line.len()));
        }
        let end = off + cb_suffix;
        let suffix = line.get(off..end).ok_or_else(|| {
            Error::with(
                ErrorCode::DatabaseCorrupted,
                format!(
                    "node key suffix of {cb_suffix} bytes overruns its {}-byte line",
                    line.len()
                ),
            )
        })?;
        let data = line.get(end..).unwrap_or(&[]);
        Ok(Node {
            flags,
            prefix_len,
            suffix,
            data,
        })
    }

    /// Flag 0x1: a version-store entry may exist (uncommitted or not cleaned up).
    pub fn is_versioned(&self) -> bool {
        self.flags & node_flags::VERSIONED != 0
    }

    /// Flag 0x2: the node is flag-deleted.
    pub fn is_deleted(&self) -> bool {
        self.flags & node_flags::DELETED != 0
    }

    /// Flag 0x4: the key begins with a prefix shared with the page.
    pub fn is_compressed(&self) -> bool {
        self.flags & node_flags::COMPRESSED != 0
    }

    /// Length of the full key.
    pub fn key_len(&self) -> usize {
        self.prefix_len + self.suffix.len()
    }

    /// The full key: the first `prefix_len` bytes of `prefix` (the page's
    /// [`Page::key_prefix`]) followed by the suffix.
    pub fn key(&self, prefix: &[u8]) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(self.key_len());
        self.key_into(prefix, &mut out)?;
        Ok(out)
    }

    /// Like [`Node::key`], into a reusable buffer (its old contents are replaced).
    pub fn key_into(&self, prefix: &[u8], out: &mut Vec<u8>) -> Result<()> {
        out.clear();
        let p = prefix.get(..self.prefix_len).ok_or_else(|| {
            Error::with(
                ErrorCode::DatabaseCorrupted,
                format!(
                    "node uses {} prefix bytes, the page prefix has {}",
                    self.prefix_len,
                    prefix.len()
                ),
            )
        })?;
        out.extend_from_slice(p);
        out.extend_from_slice(self.suffix);
        Ok(())
    }

    /// The child page number of a branch node (its data is a 4-byte page number).
    pub fn child_pgno(&self) -> Result<u32> {
        child_pgno(self)
    }
}

fn short_node(len: usize) -> Error {
    Error::with(
        ErrorCode::DatabaseCorrupted,
        format!("node line of {len} bytes is too short for its key counts"),
    )
}

/// The child page number stored in a branch (internal) node: its data is exactly one
/// little-endian u32, never 0.
pub fn child_pgno(node: &Node<'_>) -> Result<u32> {
    match node.data {
        [a, b, c, d] => {
            let pgno = u32::from_le_bytes([*a, *b, *c, *d]);
            if pgno == 0 {
                Err(Error::with(
                    ErrorCode::DatabaseCorrupted,
                    "branch node points to page 0",
                ))
            } else {
                Ok(pgno)
            }
        }
        other => Err(Error::with(
            ErrorCode::DatabaseCorrupted,
            format!(
                "branch node data is {} bytes, expected a 4-byte page number",
                other.len()
            ),
        )),
    }
}

/// A validated view of one database page.
#[derive(Debug, Clone)]
pub struct Page<'a> {
    data: &'a [u8],
    pgno: u32,
    /// The page flags (the header fields a view reads on every use are kept;
    /// [`Page::header`] decodes the rest when asked).
    flags: u32,
    /// `ibMicFree`.
    ib_mic_free: u16,
    /// The 80-byte header of 16 and 32 KiB pages.
    large: bool,
    tags: usize,
    reserved: usize,
}

/// A node's key in two parts (the page prefix part it uses, its suffix), its data
/// and its flags, as [`Page::node_parts`] gives them.
pub type NodeParts<'a> = ([&'a [u8]; 2], &'a [u8], u8);

/// A page as its in-page searches probe it ([`Page::probe`]): node `i`'s key
/// parts and data in a few loads and checks, the same bytes
/// [`Page::node_parts`] gives. A node whose tag or line that would reject
/// gives `None` here (and so may a node it takes with flags 0, a large page's
/// line of one byte); the caller then asks [`Page::node_parts`].
#[derive(Debug, Clone, Copy)]
pub struct Probe<'a> {
    data: &'a [u8],
    /// Where node 0's tag starts; node `i`'s is `TAG_SIZE * i` below.
    first_tag: usize,
    count: usize,
    mask: u16,
    large: bool,
    hdr: usize,
    /// The end every line must keep, counted from the header's end: the lower
    /// of `ibMicFree` and the start of the tag array.
    limit: usize,
    /// The page prefix the nodes' prefix parts come from.
    prefix: &'a [u8],
    /// [`Page::node_parts`] drops the prefix here (root pages but the space
    /// trees').
    drop_prefix: bool,
}

impl<'a> Probe<'a> {
    /// Nodes on the page.
    #[inline]
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether the page has no nodes.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The page's key prefix ([`Page::key_prefix`]).
    #[inline]
    pub fn prefix(&self) -> &'a [u8] {
        self.prefix
    }

    /// The raw `(cb, ib)` of node `i`'s tag.
    #[inline]
    fn tag(&self, i: usize) -> Option<(u16, u16)> {
        let off = self.first_tag.checked_sub(TAG_SIZE * i)?;
        let t = self.data.get(off..off + TAG_SIZE)?;
        Some((
            u16::from_le_bytes([t[0], t[1]]),
            u16::from_le_bytes([t[2], t[3]]),
        ))
    }

    /// Node `i`'s key in two parts (prefix part, suffix) and its data, as
    /// [`Page::node_parts`] gives them; `None` where that gives an error.
    #[inline]
    pub fn parts(&self, i: usize) -> Option<([&'a [u8]; 2], &'a [u8])> {
        self.node_parts(i).map(|(k, d, _)| (k, d))
    }

    /// [`Probe::parts`] with the node's flags: all that [`Page::node_parts`]
    /// gives; `None` where that gives an error.
    #[inline]
    pub fn node_parts(&self, i: usize) -> Option<NodeParts<'a>> {
        if i >= self.count {
            return None;
        }
        let (raw_cb, raw_ib) = self.tag(i)?;
        let (cb, ib) = (
            usize::from(raw_cb & self.mask),
            usize::from(raw_ib & self.mask),
        );
        if cb == 0 || ib + cb > self.limit {
            return None;
        }
        let start = self.hdr + ib;
        let line = self.data.get(start..start + cb)?;
        let flags = if self.large {
            (u16::from_le_bytes([line[0], *line.get(1)?]) >> 13) as u8
        } else {
            (raw_ib >> 13) as u8
        };
        let (prefix_len, off) = if flags & node_flags::COMPRESSED != 0 {
            let p = line.get(..2)?;
            (
                usize::from(u16::from_le_bytes([p[0], p[1]]) & KEY_COUNT_MASK),
                2,
            )
        } else {
            (0, 0)
        };
        let s = line.get(off..off + 2)?;
        let cb_suffix = usize::from(u16::from_le_bytes([s[0], s[1]]) & KEY_COUNT_MASK);
        let off = off + 2;
        if line.len() <= off {
            return None;
        }
        let suffix = line.get(off..off + cb_suffix)?;
        let data = &line[off + cb_suffix..];
        let used = if self.drop_prefix { 0 } else { prefix_len };
        let head = self.prefix.get(..used)?;
        Some(([head, suffix], data, flags))
    }

    /// Starts loading the lines of node `i` after its first, as far as the node
    /// goes and at most [`NODE_REST_LINES`] of them (its tag is read; a node out of
    /// range or a tag off the page is skipped). A hint for a search about to read
    /// the node's key: a point read that finds its key there reads the node's data
    /// next, and a record's data reaches past the line its key starts in, whose
    /// neighbour alone the processor fetches by itself.
    #[inline]
    pub fn prefetch_node_rest(&self, i: usize) {
        if i >= self.count {
            return;
        }
        let Some((raw_cb, raw_ib)) = self.tag(i) else {
            return;
        };
        let start = self.hdr + usize::from(raw_ib & self.mask);
        let end = (start + usize::from(raw_cb & self.mask)).min(self.data.len());
        let skew = self.data.as_ptr() as usize % LINE;
        for at in rest_lines(start, end, skew) {
            if let Some(b) = self.data.get(at) {
                prefetch_line(b);
            }
        }
    }

    /// Starts loading node `i`'s line into the processor's cache (its tag is
    /// read; a node out of range or a tag off the page is skipped). A hint for
    /// a search that will probe node `i` next.
    #[inline]
    pub fn prefetch_node(&self, i: usize) {
        if i >= self.count {
            return;
        }
        if let Some((_, raw_ib)) = self.tag(i) {
            if let Some(b) = self.data.get(self.hdr + usize::from(raw_ib & self.mask)) {
                prefetch_line(b);
            }
        }
    }
}

impl<'a> Page<'a> {
    /// Validates `data` as database page `pgno` and returns a view of it.
    ///
    /// The page size is `data.len()`; pages larger than 8 KiB use the large format.
    /// Checks, as ESE's `ErrCheckPage` does: a valid page size
    /// (`JET_errInvalidParameter` otherwise); not all zero
    /// (`JET_errPageNotInitialized`); on large pages, the stored page number
    /// (`JET_errReadPgnoVerifyFailure`); `cbFree`, `cbUncommittedFree`, `ibMicFree`
    /// and the tag count within the page; coherent flags; and every tag lying in the
    /// data area below `ibMicFree`, with only reserved tags empty
    /// (`JET_errDatabaseCorrupted` with the page number for all of these).
    /// It does not verify the checksum.
    pub fn new(data: &'a [u8], pgno: u32) -> Result<Page<'a>> {
        let page = Page::open(data, pgno)?;
        for itag in 0..page.tags {
            let (cb, ib) = page.raw_tag(itag)?;
            if cb == 0 && itag < page.reserved {
                continue;
            }
            page.checked_line(itag, cb, ib)?;
        }
        Ok(page)
    }

    /// Like [`Page::new`], but the tags are checked when they are read rather
    /// than all at once: the same errors, met on the tag that is read. For pages
    /// read many times from the cache (tree descents and seeks), where checking
    /// every tag of every page on every visit would cost more than the search.
    pub fn open(data: &'a [u8], pgno: u32) -> Result<Page<'a>> {
        if !is_valid_page_size(data.len()) {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                format!("{} bytes is not a database page size", data.len()),
            )
            .page(pgno));
        }
        // The tag array ends the page: its last lines load while the header
        // is read (searches ask for the rest with `prefetch_tags`).
        prefetch_line(&data[data.len() - 64]);
        prefetch_line(&data[data.len() - 128]);
        // The fields are read where they lie rather than through a decoded
        // `PageHeader`: a view is made at every visit of a cached page.
        let large = is_large_page(data.len());
        let Some(h) = data.first_chunk::<{ PageHeader::LARGE_SIZE }>() else {
            return Err(corrupt(pgno, "page too short for its header"));
        };
        let le16 = |o: usize| u16::from_le_bytes([h[o], h[o + 1]]);
        let (cb_free, cb_uncommitted_free, ib_mic_free, itag_state) =
            (le16(28), le16(30), le16(32), le16(34));
        let f = u32::from_le_bytes([h[36], h[37], h[38], h[39]]);
        let tags = usize::from(itag_state & ITAG_MIC_FREE_MASK);
        if tags == 0 && f == 0 && data.iter().all(|&b| b == 0) {
            // Only a page with no tags and no flags can be all zero.
            return Err(Error::new(ErrorCode::PageNotInitialized).page(pgno));
        }
        if large {
            let stored = u32::from_le_bytes([h[64], h[65], h[66], h[67]]);
            if stored != pgno {
                return Err(Error::with(
                    ErrorCode::ReadPgnoVerifyFailure,
                    format!("page header says page {stored}"),
                )
                .page(pgno));
            }
        }
        let hdr = PageHeader::size_for(data.len());
        let cb_data = data.len() - hdr;
        // As `PageHeader::reserved_tag_count`: a stored 0 means 1.
        let reserved =
            usize::from(((itag_state >> CTAG_RESERVED_SHIFT) & CTAG_RESERVED_MASK).max(1));
        if usize::from(cb_free) > cb_data {
            return Err(corrupt(pgno, format!("cbFree {cb_free} too large")));
        }
        if cb_uncommitted_free > cb_free {
            return Err(corrupt(
                pgno,
                format!("cbUncommittedFree {cb_uncommitted_free} exceeds cbFree {cb_free}"),
            ));
        }
        if usize::from(ib_mic_free) > cb_data {
            return Err(corrupt(pgno, format!("ibMicFree {ib_mic_free} too large")));
        }
        if tags >= cb_data / TAG_SIZE {
            return Err(corrupt(pgno, format!("tag count {tags} too large")));
        }
        if tags == 0 && f & (flags::EMPTY | flags::PRE_INIT) == 0 {
            return Err(corrupt(pgno, "page without tags is not marked empty"));
        }
        // ESE's pbPageDataEnd is the last byte before the tag array (inclusive).
        let data_end = data.len() - tags * TAG_SIZE; // exclusive
        if data_end <= hdr + 2 {
            return Err(corrupt(pgno, "tag array overlaps the page header"));
        }
        if tags > 0 && (data_end - 1 - hdr) < (tags - 1) * 4 {
            return Err(corrupt(pgno, "tag array leaves no room for its nodes"));
        }
        if f & flags::EMPTY != 0 && f & flags::PRE_INIT != 0 {
            return Err(corrupt(pgno, "page is both empty and pre-initialised"));
        }
        if f & flags::LONG_VALUE != 0 && f & flags::INDEX != 0 {
            return Err(corrupt(pgno, "page is both long-value and index"));
        }
        if tags > 0 && reserved > tags {
            return Err(corrupt(
                pgno,
                format!("{reserved} reserved tags but only {tags} tags"),
            ));
        }
        Ok(Page {
            data,
            pgno,
            flags: f,
            ib_mic_free,
            large,
            tags,
            reserved,
        })
    }

    /// The bytes of tag `itag` (`cb`, `ib` from [`Page::raw_tag`]), checked as
    /// [`Page::new`] checks every tag: only reserved tags may be empty, and a
    /// line ends below `ibMicFree` and inside the data area.
    fn checked_line(&self, itag: usize, cb: usize, ib: usize) -> Result<&'a [u8]> {
        if cb == 0 {
            return Err(corrupt(self.pgno, format!("tag {itag} is empty")));
        }
        if ib + cb > usize::from(self.ib_mic_free) {
            return Err(corrupt(
                self.pgno,
                format!(
                    "tag {itag} (ib {ib}, cb {cb}) ends in free space (ibMicFree {})",
                    self.ib_mic_free
                ),
            ));
        }
        self.line(itag, cb, ib)
    }

    /// The `(cb, ib)` of tag `itag`, masked for the page format.
    fn raw_tag(&self, itag: usize) -> Result<(usize, usize)> {
        if itag >= self.tags {
            return Err(corrupt(self.pgno, format!("tag {itag} of {}", self.tags)));
        }
        let off = self
            .data
            .len()
            .checked_sub(TAG_SIZE * (itag + 1))
            .ok_or_else(|| corrupt(self.pgno, format!("tag {itag} is off the page")))?;
        let cb = u16_at(self.data, off).ok_or_else(|| corrupt(self.pgno, "tag off the page"))?;
        let ib =
            u16_at(self.data, off + 2).ok_or_else(|| corrupt(self.pgno, "tag off the page"))?;
        let mask = self.tag_mask();
        Ok((usize::from(cb & mask), usize::from(ib & mask)))
    }

    /// The mask of a tag's `cb` and `ib` for the page format (the bits above it
    /// hold flags).
    fn tag_mask(&self) -> u16 {
        if self.large {
            LARGE_TAG_MASK
        } else {
            SMALL_TAG_MASK
        }
    }

    /// The raw `ib` u16 of tag `itag` (small pages keep the node flags in its top bits).
    fn raw_ib(&self, itag: usize) -> u16 {
        self.data
            .len()
            .checked_sub(TAG_SIZE * (itag + 1))
            .and_then(|off| u16_at(self.data, off + 2))
            .unwrap_or(0)
    }

    /// The bytes of a non-empty line, checked to lie in the data area.
    fn line(&self, itag: usize, cb: usize, ib: usize) -> Result<&'a [u8]> {
        let hdr = self.header_size();
        let data_end = self.data.len() - self.tags * TAG_SIZE;
        let start = hdr + ib;
        let end = start + cb;
        if end > data_end {
            return Err(corrupt(
                self.pgno,
                format!("tag {itag} (ib {ib}, cb {cb}) runs past the data area"),
            ));
        }
        self.data
            .get(start..end)
            .ok_or_else(|| corrupt(self.pgno, format!("tag {itag} is off the page")))
    }

    /// Tag `i`'s bytes and node flags, exactly as ESE's `GetPtr` reads them.
    ///
    /// An empty tag gives an empty slice and flags 0. On small pages the flags are the
    /// top 3 bits of the tag's `ib`; on large pages they are the top 3 bits of the
    /// line's first u16 (0 if the line is shorter than 2 bytes), which for tag 0 and
    /// reserved tags is just data.
    pub fn tag(&self, i: usize) -> Result<(&'a [u8], u8)> {
        let (cb, ib) = self.raw_tag(i)?;
        if cb == 0 && i < self.reserved {
            return Ok((&[], 0));
        }
        let line = self.checked_line(i, cb, ib)?;
        let flags = if self.large {
            u16_at(line, 0).map_or(0, |v| (v >> 13) as u8)
        } else {
            (self.raw_ib(i) >> 13) as u8
        };
        Ok((line, flags))
    }

    /// The external header (tag 0): the space header on root pages, the shared key
    /// prefix elsewhere, a split buffer + prefix on space-tree roots.
    pub fn external_header(&self) -> Result<&'a [u8]> {
        self.tag(0).map(|(b, _)| b)
    }

    /// The key prefix shared by this page's compressed nodes, as ESE's node layer
    /// chooses it: the whole external header on non-root pages; on the root page of a
    /// space tree, the external header after its 16-byte split buffer (empty if the
    /// header is shorter); on any other root page, nothing (tag 0 holds the space
    /// header there, never a prefix).
    pub fn key_prefix(&self) -> Result<&'a [u8]> {
        if !self.is_root() {
            return self.external_header();
        }
        if self.is_space_tree() {
            let ext = self.external_header()?;
            return Ok(ext.get(SPLIT_BUFFER_SIZE..).unwrap_or(&[]));
        }
        Ok(&[])
    }

    /// Node `i` (0-based), which is tag `i + reserved_tag_count()`.
    pub fn node(&self, i: usize) -> Result<Node<'a>> {
        if i >= self.node_count() {
            return Err(corrupt(
                self.pgno,
                format!("node {i} of {}", self.node_count()),
            ));
        }
        let (line, flags) = self.tag(i + self.reserved)?;
        let mut node = Node::parse(line, flags).map_err(|e| e.page(self.pgno))?;
        if self.is_root() && !self.is_space_tree() {
            // ESE's NDIGetKeydataflags drops the prefix on such pages.
            node.prefix_len = 0;
        }
        Ok(node)
    }

    /// Node `i`'s key in two parts (the part of `prefix` it uses, its suffix), its
    /// data and flags: what [`Page::node`] gives, with `prefix` the page's
    /// [`Page::key_prefix`], checked the same way in one pass. For searches, which
    /// probe many nodes of one page and would otherwise redo the tag lookup's
    /// bounds work and the root test per probe.
    #[inline]
    pub fn node_parts(&self, prefix: &'a [u8], i: usize) -> Result<NodeParts<'a>> {
        let itag = i + self.reserved;
        if itag >= self.tags {
            return Err(corrupt(
                self.pgno,
                format!("node {i} of {}", self.node_count()),
            ));
        }
        // In range: `open` checked that the tag array fits the page.
        let off = self.data.len() - TAG_SIZE * (itag + 1);
        let (raw_cb, raw_ib) = match (u16_at(self.data, off), u16_at(self.data, off + 2)) {
            (Some(cb), Some(ib)) => (cb, ib),
            _ => return Err(corrupt(self.pgno, format!("tag {itag} is off the page"))),
        };
        let mask = self.tag_mask();
        let (cb, ib) = (usize::from(raw_cb & mask), usize::from(raw_ib & mask));
        let line = self.checked_line(itag, cb, ib)?;
        let flags = if self.large {
            u16_at(line, 0).map_or(0, |v| (v >> 13) as u8)
        } else {
            (raw_ib >> 13) as u8
        };
        let node = Node::parse(line, flags).map_err(|e| e.page(self.pgno))?;
        // ESE's NDIGetKeydataflags drops the prefix on such pages (as `node`).
        let used = if self.is_root() && !self.is_space_tree() {
            0
        } else {
            node.prefix_len
        };
        let head = prefix
            .get(..used)
            .ok_or_else(|| corrupt(self.pgno, format!("node {i} overruns the page prefix")))?;
        Ok(([head, node.suffix], node.data, node.flags))
    }

    /// What the in-page searches read of every node, gathered once
    /// ([`Probe`]): the prefix, the tag array's place and the bounds each line
    /// must keep. `Err` as [`Page::key_prefix`].
    pub fn probe(&self) -> Result<Probe<'a>> {
        let drop_prefix = self.is_root() && !self.is_space_tree();
        let prefix = self.key_prefix()?;
        let hdr = self.header_size();
        let data_end = self.data.len() - self.tags * TAG_SIZE;
        Ok(Probe {
            data: self.data,
            first_tag: self.data.len() - TAG_SIZE * (self.reserved + 1),
            count: self.node_count(),
            mask: self.tag_mask(),
            large: self.large,
            hdr,
            limit: usize::from(self.ib_mic_free).min(data_end.saturating_sub(hdr)),
            prefix,
            drop_prefix,
        })
    }

    /// Starts loading the page's tag array into the processor's cache, all of
    /// its lines at once, so that a search's probes do not each wait for the
    /// line of their tag in turn. A hint: nothing is read or checked.
    #[inline]
    pub fn prefetch_tags(&self) {
        let len = self.data.len();
        let start = len - self.tags * TAG_SIZE;
        let mut at = len;
        while at > start {
            at = at.saturating_sub(64).max(start);
            prefetch_line(&self.data[at]);
        }
    }

    /// The full key of node `i` (prefix + suffix), errors carrying the page number.
    pub fn node_key(&self, i: usize) -> Result<Vec<u8>> {
        let prefix = self.key_prefix()?;
        self.node(i)?.key(prefix).map_err(|e| e.page(self.pgno))
    }

    /// All nodes in order.
    pub fn nodes(&self) -> impl Iterator<Item = Result<Node<'a>>> + '_ {
        (0..self.node_count()).map(move |i| self.node(i))
    }

    /// The page header, decoded from the page's bytes.
    pub fn header(&self) -> PageHeader {
        // `open` checked that the page is long enough for its header.
        PageHeader::decode(self.data).unwrap_or(PageHeader {
            checksum: 0,
            dbtime: 0,
            prev: 0,
            next: 0,
            objid_fdp: 0,
            cb_free: 0,
            cb_uncommitted_free: 0,
            ib_mic_free: self.ib_mic_free,
            itag_state: 0,
            flags: self.flags,
            extra_checksums: [0; 3],
            pgno: 0,
            reserved: [0; 12],
            large: self.large,
        })
    }

    /// The header's size in bytes (40, or 80 on large pages).
    fn header_size(&self) -> usize {
        PageHeader::size_for(self.data.len())
    }

    /// A little-endian u32 of the header at `off` (0 past the page's end).
    fn header_u32(&self, off: usize) -> u32 {
        u32_at(self.data, off).unwrap_or(0)
    }

    /// `cbFree`: free bytes on the page.
    pub fn cb_free(&self) -> u16 {
        u16_at(self.data, 28).unwrap_or(0)
    }

    /// `cbUncommittedFree`: free bytes a rollback may still reclaim.
    pub fn cb_uncommitted_free(&self) -> u16 {
        u16_at(self.data, 30).unwrap_or(0)
    }

    /// The page's bytes.
    pub fn data(&self) -> &'a [u8] {
        self.data
    }

    /// The page number this view was created for.
    pub fn pgno(&self) -> u32 {
        self.pgno
    }

    /// The page size in bytes.
    pub fn page_size(&self) -> usize {
        self.data.len()
    }

    /// Whether the page uses the large format (16 or 32 KiB).
    pub fn is_large(&self) -> bool {
        self.large
    }

    /// Number of tags (external header and reserved tags included).
    pub fn tag_count(&self) -> usize {
        self.tags
    }

    /// Number of reserved tags at the start of the tag array (at least 1: tag 0).
    pub fn reserved_tag_count(&self) -> usize {
        self.reserved
    }

    /// Number of nodes (tags after the reserved ones; tags − 1 on legacy pages).
    pub fn node_count(&self) -> usize {
        self.tags.saturating_sub(self.reserved)
    }

    /// The page flags.
    pub fn flags(&self) -> u32 {
        self.flags
    }

    /// Whether all the bits of `flag` are set.
    pub fn has_flag(&self, flag: u32) -> bool {
        self.flags & flag == flag
    }

    /// A tree's root page (its FDP, or a space tree's root).
    pub fn is_root(&self) -> bool {
        self.has_flag(flags::ROOT)
    }

    /// A leaf page.
    pub fn is_leaf(&self) -> bool {
        self.has_flag(flags::LEAF)
    }

    /// A branch page whose children are leaves.
    pub fn is_parent_of_leaf(&self) -> bool {
        self.has_flag(flags::PARENT_OF_LEAF)
    }

    /// A branch (internal) page: not a leaf; its nodes point to child pages.
    pub fn is_branch(&self) -> bool {
        !self.is_leaf()
    }

    /// An empty page.
    pub fn is_empty(&self) -> bool {
        self.has_flag(flags::EMPTY)
    }

    /// A page of a space tree (OE or AE).
    pub fn is_space_tree(&self) -> bool {
        self.has_flag(flags::SPACE_TREE)
    }

    /// A page of a secondary index.
    pub fn is_index(&self) -> bool {
        self.has_flag(flags::INDEX)
    }

    /// A page of a long-value tree.
    pub fn is_long_value(&self) -> bool {
        self.has_flag(flags::LONG_VALUE)
    }

    /// A page of a tree with non-unique keys (ordered by key, then data).
    pub fn is_non_unique(&self) -> bool {
        self.has_flag(flags::NON_UNIQUE_KEYS)
    }

    /// The previous page at this level (0 = none).
    pub fn prev(&self) -> u32 {
        self.header_u32(16)
    }

    /// The next page at this level (0 = none).
    pub fn next(&self) -> u32 {
        self.header_u32(20)
    }

    /// The object id of the tree this page belongs to.
    pub fn objid_fdp(&self) -> u32 {
        self.header_u32(24)
    }

    /// dbtime of the page's last change.
    pub fn dbtime(&self) -> u64 {
        u64_at(self.data, 8).unwrap_or(0)
    }
}

/// Size of the `SPLIT_BUFFER` at the start of a space tree root's external header
/// (two extents of page number + count).
pub const SPLIT_BUFFER_SIZE: usize = 16;

/// A processor cache line's size in bytes (the x86-64 and most ARM processors').
const LINE: usize = 64;

/// Lines past a node's first that [`Probe::prefetch_node_rest`] starts loading.
pub const NODE_REST_LINES: usize = 3;

/// The offsets in a page, whose first byte lies `skew` bytes into a cache line, of
/// the lines that start after offset `start` and before `end`: the first
/// [`NODE_REST_LINES`] of them.
fn rest_lines(start: usize, end: usize, skew: usize) -> impl Iterator<Item = usize> {
    let first = start + LINE - (skew + start) % LINE;
    (0..NODE_REST_LINES)
        .map(move |k| first + k * LINE)
        .take_while(move |&at| at < end)
}

/// Asks the processor to start loading the cache line at address `p`, which
/// need not point at anything live: nothing is read through it, and nothing
/// changes what the program computes. For a line whose address is known before
/// the loads that would reach it through references (a cached page's bytes
/// before its latch is taken).
#[inline(always)]
pub(crate) fn prefetch_line(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    {
        use core::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: `_mm_prefetch` needs SSE, which every x86_64 processor has
        // (it is in the target's baseline), and it never dereferences its
        // pointer: a prefetch cannot fault, whatever the address.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(p.cast()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a small page with the given external header and nodes (already encoded).
    fn build(size: usize, pgflags: u32, ext: &[u8], nodes: &[(&[u8], u8)]) -> Vec<u8> {
        let large = is_large_page(size);
        let hdr = PageHeader::size_for(size);
        let mut p = vec![0u8; size];
        let mut ib = 0usize;
        let mut lines: Vec<(&[u8], u8)> = vec![(ext, 0)];
        lines.extend_from_slice(nodes);
        for (i, (line, fl)) in lines.iter().enumerate() {
            p[hdr + ib..hdr + ib + line.len()].copy_from_slice(line);
            let t = size - 4 * (i + 1);
            let mut ibv = ib as u16;
            if large {
                if !line.is_empty() && i > 0 {
                    p[hdr + ib + 1] |= fl << 5;
                }
            } else {
                ibv |= u16::from(*fl) << 13;
            }
            p[t..t + 2].copy_from_slice(&(line.len() as u16).to_le_bytes());
            p[t + 2..t + 4].copy_from_slice(&ibv.to_le_bytes());
            ib += line.len();
        }
        let h = PageHeader {
            checksum: 0,
            dbtime: 1,
            prev: 0,
            next: 0,
            objid_fdp: 9,
            cb_free: 0,
            cb_uncommitted_free: 0,
            ib_mic_free: ib as u16,
            itag_state: lines.len() as u16,
            flags: pgflags,
            extra_checksums: [0; 3],
            pgno: 7,
            reserved: [0; 12],
            large,
        };
        h.encode(&mut p);
        p
    }

    #[test]
    fn a_nodes_rest_is_the_lines_after_its_first_within_it() {
        let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n) as usize
        };
        for _ in 0..10_000 {
            let (start, cb, skew) = (next(8192), next(400), next(LINE as u64));
            let end = start + cb;
            let got: Vec<usize> = rest_lines(start, end, skew).collect();
            // Every line start in (start, end), first ones first, at most NODE_REST_LINES.
            let want: Vec<usize> = (start + 1..end)
                .filter(|at| (skew + at) % LINE == 0)
                .take(NODE_REST_LINES)
                .collect();
            assert_eq!(got, want, "start {start}, cb {cb}, skew {skew}");
        }
        // On a page: a node of 300 bytes of data, the last node, and nodes past the end.
        let mut long = vec![3, 0, b'a', b'b', b'c'];
        long.extend(std::iter::repeat_n(7u8, 300));
        let n2: &[u8] = &[3, 0, b'a', b'b', b'd', b'D'];
        let p = build(8192, flags::LEAF, b"ab", &[(&long, 0), (n2, 0)]);
        let page = Page::new(&p, 7).unwrap();
        let probe = page.probe().unwrap();
        for i in 0..4 {
            probe.prefetch_node_rest(i);
        }
        assert_eq!(probe.parts(0).unwrap().1.len(), 300);
    }

    #[test]
    fn prefix_compression_small_and_large() {
        for size in [4096, 32768] {
            // node 1: uncompressed key "abc", data "D1"; node 2: prefix 2 of "abz", suffix "q"
            let n1: &[u8] = &[3, 0, b'a', b'b', b'c', b'D', b'1'];
            let n2: &[u8] = &[2, 0, 1, 0, b'q', b'D', b'2'];
            let p = build(
                size,
                flags::LEAF,
                b"abz",
                &[(n1, 0), (n2, node_flags::COMPRESSED | node_flags::DELETED)],
            );
            let page = Page::new(&p, 7).unwrap();
            assert_eq!(page.node_count(), 2);
            assert_eq!(page.key_prefix().unwrap(), b"abz");
            assert_eq!(page.node_key(0).unwrap(), b"abc");
            let n = page.node(1).unwrap();
            assert!(n.is_deleted() && n.is_compressed() && !n.is_versioned());
            assert_eq!(n.key(page.key_prefix().unwrap()).unwrap(), b"abq");
            assert_eq!(n.data, b"D2");
            assert!(page.node(2).is_err());
        }
    }

    #[test]
    fn root_pages_have_no_prefix() {
        let sph = [0u8; 16];
        let n1: &[u8] = &[2, 0, 1, 0, b'q', 5, 0, 0, 0];
        let p = build(4096, flags::ROOT, &sph, &[(n1, node_flags::COMPRESSED)]);
        let page = Page::new(&p, 7).unwrap();
        assert_eq!(page.key_prefix().unwrap(), b"");
        assert_eq!(page.node(0).unwrap().prefix_len, 0);
        assert_eq!(page.node_key(0).unwrap(), b"q");
        assert_eq!(page.node(0).unwrap().child_pgno().unwrap(), 5);

        let mut ext = vec![0u8; 16];
        ext.extend_from_slice(b"\x00\x00\x01");
        let p = build(
            4096,
            flags::ROOT | flags::SPACE_TREE | flags::LEAF,
            &ext,
            &[(n1, node_flags::COMPRESSED)],
        );
        let page = Page::new(&p, 7).unwrap();
        assert_eq!(page.key_prefix().unwrap(), b"\x00\x00\x01");
        assert_eq!(page.node_key(0).unwrap(), b"\x00\x00q");
    }

    #[test]
    fn bad_pages_are_rejected() {
        let n1: &[u8] = &[3, 0, b'a', b'b', b'c', b'D'];
        let good = build(4096, flags::LEAF, b"", &[(n1, 0)]);
        assert!(Page::new(&good, 7).is_ok());
        assert_eq!(
            Page::new(&good[..4000], 7).unwrap_err().code(),
            ErrorCode::InvalidParameter
        );
        assert_eq!(
            Page::new(&[0u8; 4096], 7).unwrap_err().code(),
            ErrorCode::PageNotInitialized
        );
        let mut p = good.clone();
        p[32] = 2; // ibMicFree below the node's end
        let e = Page::new(&p, 7).unwrap_err();
        assert_eq!(e.code(), ErrorCode::DatabaseCorrupted);
        assert_eq!(e.page_number(), Some(7));
        let mut p = good.clone();
        p[4096 - 8] = 0xFF; // node cb huge
        assert_eq!(
            Page::new(&p, 7).unwrap_err().code(),
            ErrorCode::DatabaseCorrupted
        );
        let large = build(32768, flags::LEAF, b"", &[(n1, 0)]);
        assert!(Page::new(&large, 7).is_ok());
        assert_eq!(
            Page::new(&large, 8).unwrap_err().code(),
            ErrorCode::ReadPgnoVerifyFailure
        );
    }

    #[test]
    fn node_parse_bounds() {
        assert!(Node::parse(&[], 0).is_err());
        assert!(Node::parse(&[1], 0).is_err());
        assert!(Node::parse(&[0, 0], 0).is_err());
        assert!(Node::parse(&[5, 0, 1], 0).is_err());
        assert!(Node::parse(&[1, 0, 0, 0], node_flags::COMPRESSED).is_err());
        let n = Node::parse(&[0, 0, 9], 0).unwrap();
        assert_eq!((n.suffix, n.data), (&[][..], &[9u8][..]));
        let n = Node::parse(&[1, 0x20, 7, 9], 0).unwrap();
        assert_eq!(n.suffix, &[7]); // top bits masked off the count
        assert!(n.key(b"").is_ok());
        let n = Node::parse(&[4, 0, 0, 0, 1], node_flags::COMPRESSED).unwrap();
        assert!(n.key(b"abc").is_err());
        assert!(child_pgno(&n).is_err());
    }
}
