//! Node encoding and key prefix compression: the bytes of one line.
//!
//! This module owns how a node (key, data, flags) becomes the bytes of a page line,
//! as ESE's node layer builds them (`CdataNDIKeydataflagsToDataflags` and
//! `CdataNDIPrefixAndKeydataflagsToDataflags` in `dev/ese/src/ese/node.cxx`):
//!
//! ```text
//! [cbPrefix u16]  only when the node is compressed (flag 0x4)
//! cbSuffix u16
//! suffix          the key after its first cbPrefix bytes
//! data
//! ```
//!
//! On large pages (16 and 32 KiB) the node flags live in the top 3 bits of the first
//! u16 (cbPrefix if present, else cbSuffix); on small pages they live in the tag and
//! the line carries none. The key counts use the low 13 bits.
//!
//! What must hold for every node we encode ([`NodeSpec::validate`]): the counts fit in
//! 13 bits; a prefix is used only when it is longer than its 2-byte count (ESE asserts
//! `cbPrefix > cbPrefixOverhead`); the data is not empty (ESE's page check rejects
//! data-less nodes); only the three node flags are used. The compressed flag is not
//! the caller's to choose: a node is compressed exactly when `prefix_len > 0`.

use crate::format::page::{node_flags, Node};
use crate::{Error, ErrorCode, Result};

/// Bytes of a key count (`cbKeyCount`): the cbSuffix (and cbPrefix) fields.
pub const KEY_COUNT_SIZE: usize = 2;

/// Bytes a compressed node spends on its prefix count (`cbPrefixOverhead`). A prefix
/// saves bytes only if it is longer than this, which is ESE's rule for using one.
pub const PREFIX_OVERHEAD: usize = 2;

/// The largest key count (prefix or suffix) a node can store (`usNDCbKeyMask`).
pub const MAX_KEY_COUNT: usize = 0x1FFF;

/// Shift of the node flags within the first u16 of a large page's line.
const FLAG_SHIFT: u32 = 13;

/// The node flags a caller may set; [`node_flags::COMPRESSED`] follows `prefix_len`.
const CALLER_FLAGS: u8 = node_flags::VERSIONED | node_flags::DELETED;

/// A node to write: its flags, key (as a prefix length plus suffix) and data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeSpec<'a> {
    /// Node flags ([`node_flags`]): versioned (0x1) and deleted (0x2) are written as
    /// given; compressed (0x4) is ignored here and set exactly when `prefix_len > 0`.
    pub flags: u8,
    /// How many bytes of the page's key prefix start the key (0 = no compression;
    /// otherwise more than [`PREFIX_OVERHEAD`]).
    pub prefix_len: usize,
    /// The rest of the key, stored in the node.
    pub suffix: &'a [u8],
    /// The node's data (at least one byte).
    pub data: &'a [u8],
}

impl<'a> NodeSpec<'a> {
    /// A node without flags.
    pub fn new(prefix_len: usize, suffix: &'a [u8], data: &'a [u8]) -> Self {
        NodeSpec {
            flags: 0,
            prefix_len,
            suffix,
            data,
        }
    }

    /// A node for the full `key`, compressed against `page_prefix` (the page's key
    /// prefix, as [`crate::format::page::Page::key_prefix`] gives it) by ESE's rule,
    /// see [`split_key`].
    pub fn for_key(page_prefix: &[u8], key: &'a [u8], data: &'a [u8]) -> Self {
        let (prefix_len, suffix) = split_key(page_prefix, key);
        NodeSpec::new(prefix_len, suffix, data)
    }

    /// The same node with `flags`.
    pub fn with_flags(self, flags: u8) -> Self {
        NodeSpec { flags, ..self }
    }

    /// The spec of a node read from a page, to write it back unchanged.
    pub fn from_node(node: &Node<'a>) -> Self {
        NodeSpec {
            flags: node.flags,
            prefix_len: node.prefix_len,
            suffix: node.suffix,
            data: node.data,
        }
    }

    /// The flags the node is stored with: the caller's versioned/deleted bits plus
    /// compressed when a prefix is used.
    pub fn stored_flags(&self) -> u8 {
        let compressed = if self.prefix_len > 0 {
            node_flags::COMPRESSED
        } else {
            0
        };
        (self.flags & CALLER_FLAGS) | compressed
    }

    /// Length of the full key (prefix plus suffix).
    pub fn key_len(&self) -> usize {
        self.prefix_len + self.suffix.len()
    }

    /// Checks the encoding rules (see the module header); errors are
    /// `JET_errInvalidParameter`.
    pub fn validate(&self) -> Result<()> {
        let bad = |msg: String| Err(Error::with(ErrorCode::InvalidParameter, msg));
        if self.flags & !(CALLER_FLAGS | node_flags::COMPRESSED) != 0 {
            return bad(format!(
                "node flags {:#x} beyond the three node flags",
                self.flags
            ));
        }
        if self.prefix_len > MAX_KEY_COUNT || self.suffix.len() > MAX_KEY_COUNT {
            return bad(format!(
                "key counts {} + {} exceed {MAX_KEY_COUNT}",
                self.prefix_len,
                self.suffix.len()
            ));
        }
        if self.prefix_len > 0 && self.prefix_len <= PREFIX_OVERHEAD {
            return bad(format!(
                "a {}-byte prefix saves nothing (must exceed {PREFIX_OVERHEAD})",
                self.prefix_len
            ));
        }
        if self.data.is_empty() {
            return bad("a node needs at least one byte of data".to_string());
        }
        Ok(())
    }
}

/// Bytes of the node's line (counts, suffix, data; its tag not included).
///
/// The size is the same on small and large pages: large pages put the flags into
/// bits of the first count rather than into extra bytes.
pub fn node_size(spec: &NodeSpec<'_>) -> usize {
    let prefix_count = if spec.prefix_len > 0 {
        KEY_COUNT_SIZE
    } else {
        0
    };
    prefix_count + KEY_COUNT_SIZE + spec.suffix.len() + spec.data.len()
}

/// The key counts that open a node's line, and how many there are: `cbPrefix` (when
/// the node shares a prefix) then `cbSuffix`, each a little-endian u16; with `large`,
/// the flags in the top 3 bits of the first. The spec must have passed
/// [`NodeSpec::validate`] (counts of at most `MAX_KEY_COUNT`).
#[inline]
pub(crate) fn key_counts(spec: &NodeSpec<'_>, large: bool) -> ([u16; 2], usize) {
    let mut counts = [0u16; 2];
    let mut n = 0;
    if spec.prefix_len > 0 {
        counts[n] = spec.prefix_len as u16; // ≤ MAX_KEY_COUNT, checked by validate
        n += 1;
    }
    counts[n] = spec.suffix.len() as u16; // ≤ MAX_KEY_COUNT, checked by validate
    n += 1;
    if large {
        counts[0] |= u16::from(spec.stored_flags()) << FLAG_SHIFT;
    }
    (counts, n)
}

/// Writes the node's line into `out`, which must be exactly [`node_size`] bytes.
/// With `large`, the flags go into the top 3 bits of the first u16.
///
/// Errors (`JET_errInvalidParameter`) if the spec breaks the encoding rules or `out`
/// has the wrong length; `out` is then untouched.
pub fn encode_node_into(spec: &NodeSpec<'_>, large: bool, out: &mut [u8]) -> Result<()> {
    spec.validate()?;
    let size = node_size(spec);
    if out.len() != size {
        return Err(Error::with(
            ErrorCode::InvalidParameter,
            format!("node of {size} bytes given a {}-byte buffer", out.len()),
        ));
    }
    let (counts, n) = key_counts(spec, large);
    let (head, rest) = out.split_at_mut(n * KEY_COUNT_SIZE);
    for (slot, c) in head.chunks_exact_mut(KEY_COUNT_SIZE).zip(counts) {
        slot.copy_from_slice(&c.to_le_bytes());
    }
    let (suffix, data) = rest.split_at_mut(spec.suffix.len());
    suffix.copy_from_slice(spec.suffix);
    data.copy_from_slice(spec.data);
    Ok(())
}

/// The node's line as a new vector (see [`encode_node_into`]).
pub fn node_bytes(spec: &NodeSpec<'_>, large: bool) -> Result<Vec<u8>> {
    let mut out = vec![0u8; node_size(spec)];
    encode_node_into(spec, large, &mut out)?;
    Ok(out)
}

/// How many leading bytes `a` and `b` share (ESE's `CbCommonKey`).
pub fn common_prefix_len(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// Splits a full key into the node's `(prefix_len, suffix)` against the page's key
/// prefix, by ESE's rule (`BTIComputePrefix`, `BTIComputePrefixAndInsert`): the key
/// uses the bytes it shares with the page prefix only if there are more than
/// [`PREFIX_OVERHEAD`] of them (fewer would cost more than they save); otherwise the
/// node is uncompressed and the suffix is the whole key. The shared part is capped at
/// [`MAX_KEY_COUNT`].
pub fn split_key<'k>(page_prefix: &[u8], key: &'k [u8]) -> (usize, &'k [u8]) {
    let common = common_prefix_len(page_prefix, key).min(MAX_KEY_COUNT);
    if common > PREFIX_OVERHEAD {
        // common ≤ key.len(): it counts equal bytes of a zip over the key.
        (common, &key[common..])
    } else {
        (0, key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_the_reader_parses() {
        let spec = NodeSpec::new(3, b"xy", b"DATA").with_flags(node_flags::DELETED);
        for large in [false, true] {
            let bytes = node_bytes(&spec, large).unwrap();
            assert_eq!(bytes.len(), node_size(&spec));
            assert_eq!(bytes.len(), 2 + 2 + 2 + 4);
            let flags = if large {
                (u16::from_le_bytes([bytes[0], bytes[1]]) >> 13) as u8
            } else {
                spec.stored_flags()
            };
            assert_eq!(flags, node_flags::DELETED | node_flags::COMPRESSED);
            let n = Node::parse(&bytes, flags).unwrap();
            assert_eq!(
                (n.prefix_len, n.suffix, n.data),
                (3, &b"xy"[..], &b"DATA"[..])
            );
            assert_eq!(NodeSpec::from_node(&n).stored_flags(), spec.stored_flags());
        }
        let plain = NodeSpec::new(0, b"k", b"d").with_flags(node_flags::COMPRESSED);
        assert_eq!(plain.stored_flags(), 0);
        assert_eq!(node_bytes(&plain, true).unwrap(), [1, 0, b'k', b'd']);
    }

    #[test]
    fn rejects_what_ese_never_writes() {
        let long = vec![0u8; MAX_KEY_COUNT + 1];
        for spec in [
            NodeSpec::new(0, b"k", b""),
            NodeSpec::new(2, b"k", b"d"),
            NodeSpec::new(0, &long, b"d"),
            NodeSpec::new(MAX_KEY_COUNT + 1, b"", b"d"),
            NodeSpec::new(0, b"k", b"d").with_flags(0x8),
        ] {
            let e = node_bytes(&spec, false).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidParameter);
        }
        let mut short = [0u8; 3];
        assert!(encode_node_into(&NodeSpec::new(0, b"k", b"d"), false, &mut short).is_err());
        assert!(node_bytes(&NodeSpec::new(0, b"", b"d"), false).is_ok());
    }

    #[test]
    fn prefix_used_only_when_it_saves_bytes() {
        assert_eq!(common_prefix_len(b"abcd", b"abxy"), 2);
        assert_eq!(common_prefix_len(b"", b"abc"), 0);
        assert_eq!(split_key(b"abzz", b"abcd"), (0, &b"abcd"[..]));
        assert_eq!(split_key(b"abcz", b"abcd"), (3, &b"d"[..]));
        assert_eq!(split_key(b"abcd", b"abcd"), (4, &b""[..]));
        assert_eq!(split_key(b"abcdef", b"abcd"), (4, &b""[..]));
        let spec = NodeSpec::for_key(b"prefix-1", b"prefix-2", b"d");
        assert_eq!((spec.prefix_len, spec.suffix), (7, &b"2"[..]));
    }
}
