//! Key order, separators and per-page prefix selection, as ESE's B-tree layer
//! defines them (`dev/ese/src/ese/bt.cxx`, `inc/daedef.hxx`).
//!
//! Owns: [`Line`] (a node copied out of its page), the comparisons, the separator
//! rule (`ErrBTIComputeSeparatorKey`), prefix selection (`BTISelectPrefix`,
//! `BTISetPrefix`) and the byte accounting a split uses to decide what fits.
//!
//! What must hold:
//! - Leaf order is the key (bytewise, shorter first on a tie), then for non-unique
//!   trees the data.
//! - A separator `s` in a branch page is compared with a bookmark `(key, data)` as
//!   ESE's `CmpKeyWithKeyData` does, which is exactly the bytewise order of `s`
//!   against `key ‖ data`. Child `i` holds what sorts below separator `i`; a bookmark
//!   equal to a separator goes right. In non-unique trees this agrees with the leaf
//!   order only when no key is a proper prefix of another, which ESE's normalised keys
//!   guarantee; callers of non-unique trees must keep keys prefix-free.
//! - Sizes count as ESE counts them: a node costs key + data + 2 (key count) + 4
//!   (tag); a node sharing `c` bytes of the page prefix saves `c − 2`; a page holds
//!   `data area − 4` bytes of such nodes (tag 0 is always there).

use crate::format::page::{PageHeader, TAG_SIZE};
use crate::page::{common_prefix_len, MAX_KEY_COUNT, PREFIX_OVERHEAD};
use std::borrow::Cow;
use std::cmp::Ordering;

/// Bytes a node costs besides its key and data: key count plus tag (`cbNDNullKeyData`).
pub(crate) const NODE_OVERHEAD: usize = 2 + TAG_SIZE;

/// The most tags a page holds (12 bits of `itagState`).
pub(crate) const MAX_TAGS: usize = 0x0FFF;

/// A line's key: most keys are short enough to be kept without an allocation.
pub(crate) type LineKey = smallvec::SmallVec<[u8; 32]>;

/// One node out of a page: full key, data and the versioned/deleted flags. A
/// split reads the lines of a page from a copy of it, and the data stays in that
/// copy (`Cow::Borrowed`): copying a page's lines out then costs no allocation
/// per line for the common short keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    /// Full key (page prefix + suffix); empty only for the last node of a branch page.
    pub key: LineKey,
    /// Data (a 4-byte child page number in branch pages).
    pub data: Cow<'a, [u8]>,
    /// Node flags without the compressed bit.
    pub flags: u8,
}

impl<'a> Line<'a> {
    /// A line of `key` and `data` (data borrowed) with `flags`.
    pub fn new(key: &[u8], data: &'a [u8], flags: u8) -> Line<'a> {
        Line {
            key: LineKey::from_slice(key),
            data: Cow::Borrowed(data),
            flags,
        }
    }

    /// A branch line: `key` and the child page `pgno`.
    pub fn branch(key: &[u8], pgno: u32) -> Line<'a> {
        Line {
            key: LineKey::from_slice(key),
            data: Cow::Owned(pgno.to_le_bytes().to_vec()),
            flags: 0,
        }
    }

    /// Bytes the node costs uncompressed, its tag included (`CbNDNodeSizeTotal`).
    pub fn size(&self) -> usize {
        self.key.len() + self.data.len() + NODE_OVERHEAD
    }
}

/// Bytes of node space a page of `page_size` offers (`CbNDPageAvailMostNoInsert`).
pub(crate) fn page_capacity(page_size: usize) -> usize {
    page_size - PageHeader::size_for(page_size) - TAG_SIZE
}

/// Compares the concatenation `a[0] ‖ a[1]` with `b[0] ‖ b[1]` bytewise.
///
/// In runs where each side stays within one part, each compared as slices (one
/// `memcmp`), rather than byte by byte through chained iterators: searches make
/// this comparison at every probe.
pub(crate) fn cmp_concat(a: [&[u8]; 2], b: [&[u8]; 2]) -> Ordering {
    let (mut x, mut x_next) = (a[0], a[1]);
    let (mut y, mut y_next) = (b[0], b[1]);
    loop {
        if x.is_empty() {
            x = std::mem::take(&mut x_next);
        }
        if y.is_empty() {
            y = std::mem::take(&mut y_next);
        }
        match (x.is_empty(), y.is_empty()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            (false, false) => {}
        }
        let n = x.len().min(y.len());
        let (xh, xt) = x.split_at(n);
        let (yh, yt) = y.split_at(n);
        match xh.cmp(yh) {
            Ordering::Equal => (x, y) = (xt, yt),
            o => return o,
        }
    }
}

/// Compares two byte strings as `<[u8]>::cmp` does, eight bytes at a time
/// (big-endian words order as their bytes): the keys compared at every probe
/// of a search are short, where a call to `memcmp` costs more than the compare.
#[inline]
pub(crate) fn cmp_bytes(a: &[u8], b: &[u8]) -> Ordering {
    let n = a.len().min(b.len());
    let (mut x, mut y) = (&a[..n], &b[..n]);
    while x.len() >= 8 {
        let (xh, xt) = x.split_at(8);
        let (yh, yt) = y.split_at(8);
        let (p, q) = (
            u64::from_be_bytes([xh[0], xh[1], xh[2], xh[3], xh[4], xh[5], xh[6], xh[7]]),
            u64::from_be_bytes([yh[0], yh[1], yh[2], yh[3], yh[4], yh[5], yh[6], yh[7]]),
        );
        if p != q {
            return p.cmp(&q);
        }
        (x, y) = (xt, yt);
    }
    for (p, q) in x.iter().zip(y) {
        if p != q {
            return p.cmp(q);
        }
    }
    a.len().cmp(&b.len())
}

/// Compares the concatenation `a[0] ‖ a[1]` with `b` bytewise: [`cmp_concat`]
/// against a key in one part, in at most two compares.
#[inline(always)]
pub(crate) fn cmp_two(a: [&[u8]; 2], b: &[u8]) -> Ordering {
    let (head, tail) = (a[0], a[1]);
    if head.len() >= b.len() {
        return match cmp_bytes(&head[..b.len()], b) {
            Ordering::Equal if head.len() > b.len() || !tail.is_empty() => Ordering::Greater,
            o => o,
        };
    }
    match cmp_bytes(head, &b[..head.len()]) {
        Ordering::Equal => cmp_bytes(tail, &b[head.len()..]),
        o => o,
    }
}

/// Orders a leaf node `(key, data)` (key given in two parts) against a bookmark.
/// Unique trees compare keys only; so does a bookmark without data.
pub(crate) fn cmp_leaf(
    key: [&[u8]; 2],
    data: &[u8],
    bm_key: &[u8],
    bm_data: Option<&[u8]>,
    unique: bool,
) -> Ordering {
    match cmp_two(key, bm_key) {
        Ordering::Equal if !unique => match bm_data {
            Some(d) => data.cmp(d),
            None => Ordering::Equal,
        },
        o => o,
    }
}

/// Orders a branch separator (given in two parts) against a bookmark, as
/// `CmpKeyWithKeyData`. An empty separator is +∞.
pub(crate) fn cmp_separator(sep: [&[u8]; 2], bm_key: &[u8], bm_data: &[u8]) -> Ordering {
    if sep[0].is_empty() && sep[1].is_empty() {
        return Ordering::Greater;
    }
    if bm_data.is_empty() {
        return cmp_two(sep, bm_key);
    }
    cmp_concat(sep, [bm_key, bm_data])
}

/// The shortest separator `s` with `prev < s ≤ split`, as `ErrBTIComputeSeparatorKey`:
/// the common key prefix plus the split key's first differing byte; for equal keys
/// (non-unique trees) the key, the common data prefix and the split data's first
/// differing byte.
pub(crate) fn separator(prev: &Line<'_>, split: &Line<'_>) -> Vec<u8> {
    let common = common_prefix_len(&prev.key, &split.key);
    if common == split.key.len() && common == prev.key.len() {
        let cd = common_prefix_len(&prev.data, &split.data);
        let mut s = split.key.to_vec();
        s.extend_from_slice(&split.data[..(cd + 1).min(split.data.len())]);
        return s;
    }
    split.key[..(common + 1).min(split.key.len())].to_vec()
}

/// A chosen page prefix (`PREFIXINFO`), over lines indexed from the page's first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct PrefixChoice {
    /// The line whose key becomes the prefix, if any.
    pub line: Option<usize>,
    /// Bytes saved, net of the prefix itself.
    pub savings: usize,
    /// First line of the segment sharing the prefix.
    pub seg_begin: usize,
    /// Last line of the segment sharing the prefix.
    pub seg_end: usize,
}

/// `cbCommonPrev` of each line: bytes it shares with the line before, less the
/// prefix count, or 0.
pub(crate) fn common_prev(lines: &[Line<'_>]) -> Vec<usize> {
    let mut out = Vec::with_capacity(lines.len() + 1);
    out.push(0);
    for w in lines.windows(2) {
        let c = common_prefix_len(&w[0].key, &w[1].key).min(MAX_KEY_COUNT);
        out.push(c.saturating_sub(PREFIX_OVERHEAD));
    }
    out
}

/// `BTISelectPrefix`: the prefix that saves the most bytes for `lines` (whose
/// `cbCommonPrev` values are `cp`, one per line). Ties keep the earliest line.
pub(crate) fn select_prefix(cp: &[usize]) -> PrefixChoice {
    let n = cp.len();
    let mut best = PrefixChoice::default();
    if n < 2 {
        return best;
    }
    // cbCommonPrev of line 0 and of the sentinel past the end count as 0.
    let at = |i: usize| if i == 0 || i >= n { 0 } else { cp[i] };
    if n == 2 {
        let s = at(1);
        if s > PREFIX_OVERHEAD {
            best = PrefixChoice {
                line: Some(1),
                savings: s - PREFIX_OVERHEAD,
                seg_begin: 0,
                seg_end: 1,
            };
        }
        return best;
    }
    for i in 1..n - 1 {
        if i != 1 && i != n - 2 && at(i + 1) >= at(i) {
            continue;
        }
        if i > 1 && i != n - 2 && at(i - 1) > at(i) && at(i + 1) < at(i) {
            continue;
        }
        let (mut left, mut right) = (0usize, 0usize);
        let mut min = at(i);
        let mut seg_left = i;
        while at(seg_left) > 0 {
            min = min.min(at(seg_left));
            left += min;
            seg_left -= 1;
        }
        let mut min = at(i + 1);
        let mut seg_right = i + 1;
        while at(seg_right) > 0 {
            min = min.min(at(seg_right));
            right += min;
            seg_right += 1;
        }
        let savings = (left + right).saturating_sub(PREFIX_OVERHEAD);
        if left + right > PREFIX_OVERHEAD && savings > best.savings {
            best = PrefixChoice {
                line: Some(i),
                savings,
                seg_begin: seg_left,
                seg_end: seg_right - 1,
            };
        }
    }
    best
}

/// `BTISetPrefix`: the prefix length each line uses under `choice` (0 = none).
pub(crate) fn prefix_lengths(
    lines: &[Line<'_>],
    cp: &[usize],
    choice: &PrefixChoice,
) -> Vec<usize> {
    let mut out = vec![0; lines.len()];
    let Some(p) = choice.line else {
        return out;
    };
    out[p] = lines[p].key.len().min(MAX_KEY_COUNT);
    let mut min = cp[p];
    let mut i = p;
    while i > choice.seg_begin {
        min = min.min(cp[i]);
        out[i - 1] = min + PREFIX_OVERHEAD;
        i -= 1;
    }
    let mut min = usize::MAX;
    for (i, len) in out
        .iter_mut()
        .enumerate()
        .take(choice.seg_end + 1)
        .skip(p + 1)
    {
        min = min.min(cp[i]);
        *len = min + PREFIX_OVERHEAD;
    }
    out
}

/// A set of lines laid out on one fresh non-root page: the prefix and each line's
/// prefix length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Layout {
    /// The page's key prefix (its external header).
    pub prefix: Vec<u8>,
    /// Prefix length per line.
    pub prefix_lens: Vec<usize>,
    /// Bytes the lines take (`Σ size − savings`).
    pub used: usize,
}

/// Lays out `lines` on a fresh non-root page with ESE's best prefix.
pub(crate) fn layout(lines: &[Line<'_>]) -> Layout {
    let cp = common_prev(lines);
    let choice = select_prefix(&cp);
    let total: usize = lines.iter().map(Line::size).sum();
    let prefix = match choice.line {
        Some(p) => lines[p].key[..lines[p].key.len().min(MAX_KEY_COUNT)].to_vec(),
        None => Vec::new(),
    };
    Layout {
        prefix,
        prefix_lens: prefix_lengths(lines, &cp, &choice),
        used: total - choice.savings,
    }
}

/// Whether `lines` fit on a fresh non-root page of `page_size` bytes.
pub(crate) fn fits_fresh(lines: &[Line<'_>], used: usize, page_size: usize) -> bool {
    used <= page_capacity(page_size) && lines.len() < MAX_TAGS
}

/// The bytes a node with `key` and `data` takes when compressed against `prefix`
/// (tag included), by ESE's rule for inserts (`BTIComputePrefix`).
pub(crate) fn insert_cost(prefix: &[u8], key: &[u8], data: &[u8]) -> (usize, usize) {
    let (prefix_len, _) = crate::page::split_key(prefix, key);
    let cost = key.len() + data.len() + NODE_OVERHEAD - prefix_len
        + if prefix_len > 0 { PREFIX_OVERHEAD } else { 0 };
    (prefix_len, cost)
}

/// Bytes to keep free on a leaf for a density of `density` percent
/// (`CbReservedBytesFromDensity`).
pub(crate) fn density_reserve(page_size: usize, density: u8) -> usize {
    (100 - usize::from(density.clamp(20, 100))) * page_size / 100
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(k: &[u8]) -> Line<'static> {
        Line::new(k, b"d", 0)
    }

    proptest::proptest! {
        /// The word-wise compares order as the slices' own `cmp` does, every
        /// split of the first key into two parts included.
        #[test]
        fn word_compares_order_as_slices(
            a in proptest::collection::vec(0u8..4, 0..40),
            b in proptest::collection::vec(0u8..4, 0..40),
            cut in 0usize..41,
        ) {
            proptest::prop_assert_eq!(cmp_bytes(&a, &b), a.cmp(&b));
            let cut = cut.min(a.len());
            let parts = [&a[..cut], &a[cut..]];
            proptest::prop_assert_eq!(cmp_two(parts, &b), a.cmp(&b));
            proptest::prop_assert_eq!(cmp_two(parts, &b), cmp_concat(parts, [&b, &[]]));
        }
    }

    #[test]
    fn separators() {
        let s = separator(&line(b"abc1"), &line(b"abd"));
        assert_eq!(s, b"abd");
        let s = separator(&line(b"ab"), &line(b"abzz"));
        assert_eq!(s, b"abz");
        let mut a = line(b"k");
        a.data = Cow::Borrowed(b"xa1");
        let mut b = line(b"k");
        b.data = Cow::Borrowed(b"xb2");
        assert_eq!(separator(&a, &b), b"kxb");
    }

    #[test]
    fn separator_order() {
        assert_eq!(cmp_separator([b"ab", b""], b"ab", b""), Ordering::Equal);
        assert_eq!(cmp_separator([b"a", b"b"], b"abc", b""), Ordering::Less);
        assert_eq!(cmp_separator([b"", b""], b"zz", b""), Ordering::Greater);
        assert_eq!(cmp_separator([b"kx", b""], b"k", b"y"), Ordering::Less);
    }

    #[test]
    fn prefix_selection_saves_bytes() {
        let lines: Vec<Line<'_>> = [&b"prefix-0001"[..], b"prefix-0002", b"prefix-0003", b"zzz"]
            .iter()
            .map(|k| line(k))
            .collect();
        let l = layout(&lines);
        assert_eq!(l.prefix.len(), 11);
        assert!(l.prefix.starts_with(b"prefix-000"));
        assert_eq!(l.prefix_lens[3], 0);
        assert!(l.prefix_lens[..3].iter().all(|&p| p >= 10));
        let total: usize = lines.iter().map(Line::size).sum();
        assert!(l.used < total);
        let few = layout(&lines[..1]);
        assert!(few.prefix.is_empty());
    }

    #[test]
    fn concatenations_compare_as_their_bytes() {
        let words: [&[u8]; 6] = [b"", b"a", b"ab", b"abc", b"b", b"\xffa"];
        for a0 in words {
            for a1 in words {
                for b0 in words {
                    for b1 in words {
                        let want = [a0, a1].concat().cmp(&[b0, b1].concat());
                        assert_eq!(cmp_concat([a0, a1], [b0, b1]), want);
                    }
                }
            }
        }
    }
}
