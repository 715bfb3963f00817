//! Checksums of the database header and of database pages.
//!
//! This module owns the two checksum formats ESE writes into its database file:
//!
//! * the **legacy XOR** format: a 32-bit XOR of every dword from byte 4 to the end,
//!   seeded with `0x89ABCDEF`. The database header (and its shadow) always uses it
//!   ([`header_checksum`]); database pages use it when the page flag `0x2000`
//!   ("new checksum format") is clear, and then the second dword of the page must
//!   hold the page number.
//! * the **new ECC+XOR** format (page flag `0x2000` set): the page is cut into
//!   checksum blocks, one block for pages of 8 KiB or less, four blocks of 4 KiB for
//!   16 KiB pages and four blocks of 8 KiB for 32 KiB pages. Each block gets a 64-bit
//!   checksum whose low dword is the XOR of the block's dwords XOR the page number and
//!   whose high dword is a Hsiao single-error-correcting code. The first block treats
//!   its own stored checksum (bytes 0..8) as zero. The checksums of blocks 2–4 live at
//!   bytes 40..64 of the page header, inside block 1, so block 1 protects them too.
//!
//! What must hold: every function here takes untrusted bytes and never panics.
//! [`verify_page`] never modifies the page; [`correct_page`] only flips the one bit
//! per block that the ECC identifies and undoes its change unless the whole page then
//! verifies; [`compute_page_checksums`] writes checksums that [`verify_page`] accepts.
//! A page whose length is not a valid ESE page size (2, 4, 8, 16 or 32 KiB) never
//! verifies.
//!
//! Source of truth: `dev/ese/src/checksum/checksum_amd64.cxx` (`ChecksumNewFormatSlowly`)
//! and `dev/ese/src/ese/_osu/checksumu.cxx` (`ComputePageChecksum`, `TryFixPage`) in
//! Microsoft's Extensible-Storage-Engine repository.

/// Seed of the XOR checksums (and the database header's magic number).
pub const CHECKSUM_SEED: u32 = 0x89AB_CDEF;

/// The page flag that selects the new ECC+XOR checksum format (`fPageNewChecksumFormat`).
pub const PAGE_FLAG_NEW_CHECKSUM: u32 = 0x2000;

/// Byte offset of the page flags in the page header.
const FLAGS_OFFSET: usize = 36;

/// Bit index (from the start of the page) of the new-checksum-format flag. ESE never
/// "corrects" this bit: flipping it changes how the page is checksummed.
pub const NEW_CHECKSUM_FLAG_BIT: usize = FLAGS_OFFSET * 8 + 13;

/// Byte offset of the three extra block checksums in a large page's header.
const EXTRA_CHECKSUMS_OFFSET: usize = 40;

/// Pages larger than this are "large" (16 and 32 KiB) and use four checksum blocks.
const SMALL_PAGE_MAX: usize = 8192;

/// Maximum number of checksum blocks on a page.
pub const MAX_BLOCKS: usize = 4;

/// The checksums of one page: one 64-bit value per checksum block, in block order.
///
/// Small pages and legacy-format pages use only the first entry; unused entries are 0.
/// For a legacy page the value is `pgno << 32 | xor`, as ESE widens it.
pub type PageChecksums = [u64; MAX_BLOCKS];

/// The outcome of checking (or correcting) a page's checksum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageCheck {
    /// The stored checksum(s) match the page's contents.
    Ok,
    /// Every byte of the page is zero: the page was never initialised.
    AllZero,
    /// The stored checksum(s) do not match.
    Mismatch {
        /// The checksums computed from the page's bytes (what should be stored).
        expected: PageChecksums,
        /// The checksums stored in the page header.
        stored: PageChecksums,
    },
    /// A single flipped bit was found by the ECC and flipped back
    /// (only returned by [`correct_page`]).
    Corrected {
        /// Bit index from the start of the page (`byte * 8 + bit`, bit 0 = LSB) of the
        /// bit that was repaired. If several blocks each had one bad bit, this is the
        /// first one, as in ESE.
        bit: usize,
    },
}

/// Reads a little-endian u32 at `off`; 0 if it would run off the end.
fn dword(b: &[u8], off: usize) -> u32 {
    match off.checked_add(4).and_then(|end| b.get(off..end)) {
        Some(s) => u32::from_le_bytes([s[0], s[1], s[2], s[3]]),
        None => 0,
    }
}

/// Reads a little-endian u64 at `off`; 0 if it would run off the end.
fn qword(b: &[u8], off: usize) -> u64 {
    u64::from(dword(b, off)) | (u64::from(dword(b, off + 4)) << 32)
}

/// Writes a little-endian u64 at `off` if it fits.
fn put_qword(b: &mut [u8], off: usize, v: u64) {
    if let Some(s) = off.checked_add(8).and_then(|end| b.get_mut(off..end)) {
        s.copy_from_slice(&v.to_le_bytes());
    }
}

/// XOR of every complete dword of `data`.
fn xor_dwords(data: &[u8]) -> u32 {
    data.chunks_exact(4).fold(0u32, |acc, c| {
        acc ^ u32::from_le_bytes([c[0], c[1], c[2], c[3]])
    })
}

/// The legacy XOR checksum: seed XOR every dword from byte 4 on.
fn xor_checksum_from_4(data: &[u8]) -> u32 {
    CHECKSUM_SEED ^ data.get(4..).map_or(0, xor_dwords)
}

/// Checksum of a database header page (and of its shadow copy): [`CHECKSUM_SEED`]
/// XOR every little-endian dword from byte 4 to the end of `page` (a trailing partial
/// dword is ignored). It is stored in the header's first dword.
///
/// ESE checksums the whole header page; since everything after the 748-byte header is
/// zero, the first 4 KiB give the same value as the whole page.
pub fn header_checksum(page: &[u8]) -> u32 {
    xor_checksum_from_4(page)
}

/// 1 if `x` has an odd number of set bits, else 0 (folded, so no `popcnt` is
/// needed on processors the build does not assume).
#[inline(always)]
fn parity(x: u32) -> u32 {
    let x = x ^ (x >> 16);
    let x = x ^ (x >> 8);
    let x = x ^ (x >> 4);
    (0x6996u32 >> (x & 0xf)) & 1
}

/// The row part of the ECC: the XOR of the row codes of the rows (16-byte groups
/// of four dwords) whose dwords have an odd number of set bits, and the XOR of
/// each of the four dword columns. Row `i`'s code is `0xFF80_0000 + i *
/// 0xFF80_0080` (wrapping): a 16-bit row index in both halves, the high half
/// inverted. Branch-free: a row's parity of random data is a coin toss.
#[inline(always)]
fn rows_ecc(block: &[u8]) -> (u32, [u32; 4]) {
    let mut ecc: u32 = 0;
    let mut col = [0u32; 4];
    let mut row_code: u32 = 0xFF80_0000;
    for row in block.chunks_exact(16) {
        let d = [
            u32::from_le_bytes([row[0], row[1], row[2], row[3]]),
            u32::from_le_bytes([row[4], row[5], row[6], row[7]]),
            u32::from_le_bytes([row[8], row[9], row[10], row[11]]),
            u32::from_le_bytes([row[12], row[13], row[14], row[15]]),
        ];
        for (c, v) in col.iter_mut().zip(d) {
            *c ^= v;
        }
        ecc ^= row_code & parity(d[0] ^ d[1] ^ d[2] ^ d[3]).wrapping_neg();
        row_code = row_code.wrapping_add(0xFF80_0080);
    }
    (ecc, col)
}

/// The 64-bit ECC+XOR checksum of one checksum block (ESE's `ChecksumNewFormat`).
///
/// `header_block` makes the first 8 bytes (the stored checksum) count as zero.
/// The block is read as rows of four dwords; a trailing partial row is ignored
/// (valid block sizes are multiples of 16 bytes).
fn block_checksum(block: &[u8], pgno: u32, header_block: bool) -> u64 {
    let (mut ecc, mut col) = rows_ecc(block);
    if header_block && block.len() >= 16 {
        // Row 0 as if its first two dwords were zero: take them out of the
        // columns, and correct row 0's parity term (its code is the start value).
        let (d0, d1) = (dword(block, 0), dword(block, 4));
        col[0] ^= d0;
        col[1] ^= d1;
        let rest = dword(block, 8) ^ dword(block, 12);
        let before = parity(d0 ^ d1 ^ rest);
        let after = parity(rest);
        ecc ^= 0xFF80_0000 & (before ^ after).wrapping_neg();
    }
    if parity(col[0] ^ col[1]) != 0 {
        ecc |= 0x0040_0000;
    }
    if parity(col[2] ^ col[3]) != 0 {
        ecc |= 0x0000_0040;
    }
    let r0 = col[0] ^ col[2];
    let r1 = col[1] ^ col[3];
    if parity(r0) != 0 {
        ecc |= 0x0020_0000;
    }
    if parity(r1) != 0 {
        ecc |= 0x0000_0020;
    }
    let xor_all = r0 ^ r1;
    // Column code: the bit index in both halves, the high half inverted.
    let mut bits: u32 = 0;
    let mut bit_code: u32 = 0xFFFF_0000;
    for b in 0..32 {
        bits ^= bit_code & ((xor_all >> b) & 1).wrapping_neg();
        bit_code = bit_code.wrapping_add(0xFFFF_0001);
    }
    // Keep only as many index bits as the block has bit positions.
    let size_mask = ((block.len() as u64) << 19).wrapping_sub(1) as u32;
    let ecc = (ecc & 0xFFE0_FFE0 & size_mask) | (bits & 0x001F_001F);
    (u64::from(ecc) << 32) | u64::from(xor_all ^ pgno)
}

/// Whether `len` is a page size ESE supports (2, 4, 8, 16 or 32 KiB).
pub fn is_valid_page_size(len: usize) -> bool {
    matches!(len, 2048 | 4096 | 8192 | 16384 | 32768)
}

/// The checksum block size for a page of `len` bytes (ESE's `CbBlockSize`).
fn block_size(len: usize) -> usize {
    if len <= SMALL_PAGE_MAX {
        len
    } else if len <= 16384 {
        4096
    } else {
        8192
    }
}

/// The (offset, length) of each checksum block of a page of `len` bytes.
fn blocks(len: usize) -> ([(usize, usize); MAX_BLOCKS], usize) {
    let cb = block_size(len);
    let mut out = [(0usize, 0usize); MAX_BLOCKS];
    let mut n = 0;
    let mut off = 0;
    while off < len && n < MAX_BLOCKS && cb > 0 {
        let this = cb.min(len - off);
        out[n] = (off, this);
        n += 1;
        off += this;
    }
    (out, n)
}

/// Whether the page's flags select the new checksum format.
fn has_new_format(page: &[u8]) -> bool {
    dword(page, FLAGS_OFFSET) & PAGE_FLAG_NEW_CHECKSUM != 0
}

/// The checksums stored in the page header.
fn stored_checksums(page: &[u8]) -> PageChecksums {
    let mut out = [0u64; MAX_BLOCKS];
    out[0] = qword(page, 0);
    if page.len() > SMALL_PAGE_MAX {
        for (i, slot) in out.iter_mut().skip(1).enumerate() {
            *slot = qword(page, EXTRA_CHECKSUMS_OFFSET + 8 * i);
        }
    }
    out
}

/// The checksums computed from the page's bytes, in the format its flags select.
fn computed_checksums(page: &[u8], pgno: u32) -> PageChecksums {
    let mut out = [0u64; MAX_BLOCKS];
    if !has_new_format(page) {
        out[0] = (u64::from(pgno) << 32) | u64::from(xor_checksum_from_4(page));
        return out;
    }
    let (blks, n) = blocks(page.len());
    for (i, &(off, len)) in blks.iter().take(n).enumerate() {
        let block = page.get(off..off + len).unwrap_or(&[]);
        out[i] = block_checksum(block, pgno, i == 0);
    }
    // Large pages store the three extra checksums; a small page has only one.
    if page.len() <= SMALL_PAGE_MAX {
        out[1..].fill(0);
    }
    out
}

/// The checksums of a page as ESE would compute them (`expected`) and as stored
/// (`stored`), without judging them. Both are zero-padded to [`MAX_BLOCKS`].
pub fn page_checksums(page: &[u8], pgno: u32) -> (PageChecksums, PageChecksums) {
    (computed_checksums(page, pgno), stored_checksums(page))
}

/// Checks a database page's checksum(s) without modifying the page.
///
/// `pgno` is the logical page number (the page lives at byte `(pgno + 1) * page_size`
/// of the file); it is part of the checksum, so a page read from the wrong place fails.
/// Returns [`PageCheck::AllZero`] for a never-initialised page, [`PageCheck::Ok`] or
/// [`PageCheck::Mismatch`]; it never returns `Corrected` (use [`correct_page`], or
/// [`correctable_bit`] to ask whether the ECC could repair the page).
pub fn verify_page(page: &[u8], pgno: u32) -> PageCheck {
    if page.iter().all(|&b| b == 0) {
        return PageCheck::AllZero;
    }
    let stored = stored_checksums(page);
    if !is_valid_page_size(page.len()) {
        return PageCheck::Mismatch {
            expected: [0; MAX_BLOCKS],
            stored,
        };
    }
    let expected = computed_checksums(page, pgno);
    if expected == stored {
        PageCheck::Ok
    } else {
        PageCheck::Mismatch { expected, stored }
    }
}

/// The ESE verdict on one block: `None` = fatal, `Some(None)` = fine,
/// `Some(Some(bit))` = one bit (block-relative) to flip.
fn try_fix_block(
    cb: usize,
    forbidden_bit: Option<usize>,
    stored: u64,
    computed: u64,
) -> Option<Option<usize>> {
    if stored == computed {
        return Some(None);
    }
    let ecc_diff = ((stored >> 32) as u32) ^ ((computed >> 32) as u32);
    let xor_diff = (stored as u32) ^ (computed as u32);
    // A single-bit error shows as `index` in the low half and `!index` in the high
    // half of the ECC difference, over as many bits as the block has bit positions.
    let mask = ((cb as u64) << 3).wrapping_sub(1) as u32;
    let x = ((ecc_diff >> 16) ^ ecc_diff) & mask;
    if x != mask || xor_diff.count_ones() != 1 {
        return None;
    }
    let bit = (ecc_diff & 0xFFFF) as usize;
    if bit / 8 >= cb || Some(bit) == forbidden_bit {
        return None;
    }
    Some(Some(bit))
}

/// The bits ESE's ECC would flip to repair this page (page-relative bit indexes, one
/// per damaged block), or `None` if the page verifies or cannot be repaired.
fn correction_plan(page: &[u8], pgno: u32) -> Option<([Option<usize>; MAX_BLOCKS], usize)> {
    if !is_valid_page_size(page.len()) || !has_new_format(page) {
        return None;
    }
    let mut stored = stored_checksums(page);
    let computed = computed_checksums(page, pgno);
    if stored == computed {
        return None;
    }
    let large = page.len() > SMALL_PAGE_MAX;
    let (blks, n) = blocks(page.len());
    let mut plan = [None; MAX_BLOCKS];
    let mut first: Option<usize> = None;
    for (i, &(off, cb)) in blks.iter().take(n).enumerate() {
        // The format flag lives in block 0 and must never be "corrected".
        let forbidden = if i == 0 {
            Some(NEW_CHECKSUM_FLAG_BIT)
        } else {
            None
        };
        match try_fix_block(cb, forbidden, stored[i], computed[i])? {
            None => {}
            Some(rel) => {
                let bit = rel + 8 * off;
                plan[i] = Some(bit);
                if first.is_none() {
                    first = Some(bit);
                    // A bad bit among the stored checksums of blocks 2..4 (which block 1
                    // covers) also makes those blocks look wrong: fix our copy of them.
                    let start = EXTRA_CHECKSUMS_OFFSET * 8;
                    let end = start + 64 * (MAX_BLOCKS - 1);
                    if large && i == 0 && (start..end).contains(&bit) {
                        let k = (bit - start) / 64 + 1;
                        stored[k] ^= 1u64 << ((bit - start) % 64);
                    }
                }
            }
        }
    }
    first.map(|b| (plan, b))
}

/// The page-relative index of the bit the ECC says is flipped, if the page fails its
/// checksum and ESE could repair it by flipping that bit (does not modify the page).
pub fn correctable_bit(page: &[u8], pgno: u32) -> Option<usize> {
    correction_plan(page, pgno).map(|(_, first)| first)
}

/// Flips bit `bit` (page-relative) if it lies on the page.
fn flip(page: &mut [u8], bit: usize) {
    if let Some(b) = page.get_mut(bit / 8) {
        *b ^= 1 << (bit % 8);
    }
}

/// Checks a page and, as ESE does on read, repairs a single flipped bit per checksum
/// block using the ECC.
///
/// Returns [`PageCheck::Ok`] / [`PageCheck::AllZero`] as [`verify_page`] would,
/// [`PageCheck::Corrected`] with the (first) repaired bit index when the page now
/// verifies, or [`PageCheck::Mismatch`] (page left unchanged) when the damage is not
/// correctable: more than one bit, a bit in block 1's own stored checksum (bytes 0..8),
/// the new-checksum-format flag itself, or any legacy-format page.
pub fn correct_page(page: &mut [u8], pgno: u32) -> PageCheck {
    let first = verify_page(page, pgno);
    if !matches!(first, PageCheck::Mismatch { .. }) {
        return first;
    }
    let Some((plan, bit)) = correction_plan(page, pgno) else {
        return first;
    };
    for b in plan.iter().flatten() {
        flip(page, *b);
    }
    if verify_page(page, pgno) == PageCheck::Ok {
        PageCheck::Corrected { bit }
    } else {
        // The fix did not produce a good page: put the bytes back as they were.
        for b in plan.iter().flatten() {
            flip(page, *b);
        }
        first
    }
}

/// Writes the new-format (ECC+XOR) checksum(s) of a page, as ESE's `SetPageChecksum`:
/// sets the page flag `0x2000`, stores the checksums of blocks 2–4 at bytes 40..64 on
/// large pages, then the checksum of block 1 at bytes 0..8.
///
/// Does nothing if `page.len()` is not a valid page size (see [`is_valid_page_size`]).
pub fn compute_page_checksums(page: &mut [u8], pgno: u32) {
    if !is_valid_page_size(page.len()) {
        return;
    }
    let flags = dword(page, FLAGS_OFFSET) | PAGE_FLAG_NEW_CHECKSUM;
    if let Some(s) = page.get_mut(FLAGS_OFFSET..FLAGS_OFFSET + 4) {
        s.copy_from_slice(&flags.to_le_bytes());
    }
    let (blks, n) = blocks(page.len());
    if page.len() > SMALL_PAGE_MAX {
        for (i, &(off, len)) in blks.iter().take(n).enumerate().skip(1) {
            let c = block_checksum(page.get(off..off + len).unwrap_or(&[]), pgno, false);
            put_qword(page, EXTRA_CHECKSUMS_OFFSET + 8 * (i - 1), c);
        }
    }
    let (off, len) = blks[0];
    let c = block_checksum(page.get(off..off + len).unwrap_or(&[]), pgno, true);
    put_qword(page, 0, c);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_page(len: usize, pgno: u32) -> Vec<u8> {
        let mut p = vec![0u8; len];
        let mut x: u32 = 0x1234_5678 ^ pgno;
        for b in p.iter_mut().skip(8) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            *b = x as u8;
        }
        compute_page_checksums(&mut p, pgno);
        p
    }

    /// The checksum of one block as ESE's `ChecksumNewFormat` is written, row by
    /// row with a branch per row: the reference [`block_checksum`] must equal.
    fn reference_block_checksum(block: &[u8], pgno: u32, header_block: bool) -> u64 {
        let mut ecc: u32 = 0;
        let mut col = [0u32; 4];
        let mut row_code: u32 = 0xFF80_0000;
        for (i, row) in block.chunks_exact(16).enumerate() {
            let mut d = [0u32; 4];
            for (k, v) in d.iter_mut().enumerate() {
                *v = u32::from_le_bytes([
                    row[4 * k],
                    row[4 * k + 1],
                    row[4 * k + 2],
                    row[4 * k + 3],
                ]);
            }
            if header_block && i == 0 {
                d[0] = 0;
                d[1] = 0;
            }
            for (c, v) in col.iter_mut().zip(d) {
                *c ^= v;
            }
            if (d[0] ^ d[1] ^ d[2] ^ d[3]).count_ones() % 2 == 1 {
                ecc ^= row_code;
            }
            row_code = row_code.wrapping_add(0xFF80_0080);
        }
        let odd = |x: u32| x.count_ones() % 2 == 1;
        if odd(col[0] ^ col[1]) {
            ecc |= 0x0040_0000;
        }
        if odd(col[2] ^ col[3]) {
            ecc |= 0x0000_0040;
        }
        let (r0, r1) = (col[0] ^ col[2], col[1] ^ col[3]);
        if odd(r0) {
            ecc |= 0x0020_0000;
        }
        if odd(r1) {
            ecc |= 0x0000_0020;
        }
        let xor_all = r0 ^ r1;
        let mut bits: u32 = 0;
        let mut bit_code: u32 = 0xFFFF_0000;
        for b in 0..32 {
            if xor_all & (1 << b) != 0 {
                bits ^= bit_code;
            }
            bit_code = bit_code.wrapping_add(0xFFFF_0001);
        }
        let size_mask = ((block.len() as u64) << 19).wrapping_sub(1) as u32;
        let ecc = (ecc & 0xFFE0_FFE0 & size_mask) | (bits & 0x001F_001F);
        (u64::from(ecc) << 32) | u64::from(xor_all ^ pgno)
    }

    proptest::proptest! {
        #[test]
        fn block_checksum_matches_the_row_by_row_reference(
            words in proptest::collection::vec(proptest::num::u32::ANY, 0..1030),
            pgno in proptest::num::u32::ANY,
            header in proptest::bool::ANY,
            cut in 0usize..20,
        ) {
            let mut block: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
            block.truncate(block.len().saturating_sub(cut));
            proptest::prop_assert_eq!(
                block_checksum(&block, pgno, header),
                reference_block_checksum(&block, pgno, header)
            );
        }
    }

    #[test]
    fn parity_matches_count_ones() {
        let mut x: u32 = 1;
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            assert_eq!(parity(x), x.count_ones() & 1, "{x:#x}");
        }
        assert_eq!(parity(0), 0);
        assert_eq!(parity(u32::MAX), 0);
        assert_eq!(parity(1 << 31), 1);
    }

    #[test]
    fn compute_then_verify() {
        for len in [2048, 4096, 8192, 16384, 32768] {
            let p = sample_page(len, 77);
            assert_eq!(verify_page(&p, 77), PageCheck::Ok, "len {len}");
            assert!(matches!(verify_page(&p, 78), PageCheck::Mismatch { .. }));
        }
    }

    #[test]
    fn header_checksum_is_seeded_xor() {
        let mut p = vec![0u8; 4096];
        assert_eq!(header_checksum(&p), CHECKSUM_SEED);
        p[4..8].copy_from_slice(&CHECKSUM_SEED.to_le_bytes());
        assert_eq!(header_checksum(&p), 0);
        p[0] = 0xFF; // the checksum slot itself is not covered
        assert_eq!(header_checksum(&p), 0);
    }

    #[test]
    fn legacy_format() {
        let mut p = vec![0u8; 4096];
        p[100] = 7;
        p[4..8].copy_from_slice(&9u32.to_le_bytes());
        let c = xor_checksum_from_4(&p);
        p[0..4].copy_from_slice(&c.to_le_bytes());
        assert_eq!(verify_page(&p, 9), PageCheck::Ok);
        assert!(matches!(verify_page(&p, 10), PageCheck::Mismatch { .. }));
        p[100] ^= 1;
        assert!(matches!(
            correct_page(&mut p, 9),
            PageCheck::Mismatch { .. }
        ));
    }

    #[test]
    fn odd_sizes_do_not_panic() {
        for len in [
            0, 1, 3, 7, 8, 39, 40, 41, 100, 4095, 4097, 8200, 40000, 65536,
        ] {
            let mut p = vec![0xA5u8; len];
            let _ = verify_page(&p, 1);
            let _ = correct_page(&mut p, 1);
            compute_page_checksums(&mut p, 1);
            let _ = header_checksum(&p);
        }
    }

    #[test]
    fn corrects_every_bit_of_a_small_page() {
        let orig = sample_page(2048, 5);
        for bit in 0..orig.len() * 8 {
            let mut p = orig.clone();
            flip(&mut p, bit);
            let r = correct_page(&mut p, 5);
            if bit < 64 || bit == NEW_CHECKSUM_FLAG_BIT {
                assert!(matches!(r, PageCheck::Mismatch { .. }), "bit {bit}: {r:?}");
            } else {
                assert_eq!(r, PageCheck::Corrected { bit }, "bit {bit}");
                assert_eq!(p, orig, "bit {bit}");
            }
        }
    }

    #[test]
    fn two_bits_are_not_corrected() {
        let orig = sample_page(4096, 5);
        let mut p = orig.clone();
        flip(&mut p, 1000);
        flip(&mut p, 2001);
        assert!(matches!(
            correct_page(&mut p, 5),
            PageCheck::Mismatch { .. }
        ));
        let mut q = orig.clone();
        flip(&mut q, 1000);
        flip(&mut q, 2001);
        assert_eq!(p, q, "an uncorrectable page is left unchanged");
    }
}
