//! ESE's write-time page check (`CPAGE::ErrCheckPage` with its default extensive
//! checks), on top of what [`Page::new`] checks when a page is read.
//!
//! This module owns the rules a page must obey before it is written:
//!
//! * structure (every page): `ibMicFree` plus the tag array fit in the data area;
//!   no two lines overlap; every byte is accounted for (Σ line sizes + `cbFree` +
//!   tag array = data area);
//! * nodes (pages outside the space trees, as in ESE): each node parses; a compressed
//!   node uses no more prefix than the external header holds; data is never empty;
//!   a key is empty only in the last node of a branch page.
//!
//! Violations are `JET_errDatabaseCorrupted` carrying the page number. ESE enforces
//! these with a crash before every page write; here [`PageMut::check`] returns them.

use super::page_mut::tag_at;
use super::PageMut;
use crate::format::page::{Page, PageHeader, TAG_SIZE};
use crate::{Error, ErrorCode, Result};

fn corrupt(pgno: u32, msg: String) -> Error {
    Error::with(ErrorCode::DatabaseCorrupted, msg).page(pgno)
}

/// The structural rules for `page` with its decoded header `hdr` (see the module
/// header). [`Page::new`] must already have accepted the page.
pub(super) fn check_structure(page: &[u8], hdr: &PageHeader, pgno: u32) -> Result<()> {
    let cb_data = page.len().saturating_sub(hdr.size());
    let tags = hdr.tag_count();
    let tag_array = TAG_SIZE * tags;
    let ib_mic_free = usize::from(hdr.ib_mic_free);
    if ib_mic_free + tag_array > cb_data {
        return Err(corrupt(
            pgno,
            format!("ibMicFree {ib_mic_free} runs into the tag array of {tags} tags"),
        ));
    }
    let mut lines: Vec<(usize, usize)> = (0..tags)
        .map(|itag| tag_at(page, itag))
        .filter(|&(cb, _)| cb > 0)
        .map(|(cb, ib)| (ib, cb))
        .collect();
    lines.sort_unstable();
    let mut end = 0usize;
    let mut used = 0usize;
    for &(ib, cb) in &lines {
        if ib < end {
            return Err(corrupt(
                pgno,
                format!("line at {ib} overlaps the one before"),
            ));
        }
        end = ib + cb;
        used += cb;
    }
    let accounted = used + usize::from(hdr.cb_free) + tag_array;
    if accounted != cb_data {
        return Err(corrupt(
            pgno,
            format!("space mismatch: {accounted} bytes accounted for, {cb_data} expected"),
        ));
    }
    Ok(())
}

/// The node rules for `page` (see the module header).
fn check_nodes(page: &Page<'_>) -> Result<()> {
    if page.is_space_tree() {
        return Ok(());
    }
    let pgno = page.pgno();
    let prefix_max = page.external_header()?.len();
    let count = page.node_count();
    for i in 0..count {
        let node = page.node(i)?;
        if node.is_compressed() && node.prefix_len > prefix_max {
            return Err(corrupt(
                pgno,
                format!(
                    "node {i} uses {} prefix bytes, the external header has {prefix_max}",
                    node.prefix_len
                ),
            ));
        }
        if node.key_len() == 0 && (page.is_leaf() || i + 1 < count) {
            return Err(corrupt(pgno, format!("node {i} has an empty key")));
        }
        if node.data.is_empty() {
            return Err(corrupt(pgno, format!("node {i} has no data")));
        }
    }
    Ok(())
}

impl PageMut<'_> {
    /// Checks the page as ESE does before writing it: [`Page::new`], then the
    /// structural and node rules of this module. Pages built through [`PageMut`]
    /// always pass the structural rules; the node rules also depend on what the
    /// caller inserted (e.g. an empty key on a leaf).
    pub fn check(&self) -> Result<()> {
        let page = self.page()?;
        check_structure(self.as_bytes(), page.header(), self.pgno())?;
        check_nodes(&page)
    }
}
