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
        check_structure(self.as_bytes(), &page.header(), self.pgno())?;
        check_nodes(&page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::page::flags;
    use crate::page::{NewPage, NodeSpec};

    fn page(buf: &mut [u8], page_flags: u32) -> PageMut<'_> {
        let new = NewPage {
            objid_fdp: 3,
            flags: page_flags,
            ..NewPage::default()
        };
        PageMut::init(buf, 1, &new).unwrap()
    }

    #[test]
    fn prefix_overrun_is_caught_at_check() {
        let mut buf = vec![0u8; 4096];
        let mut p = page(&mut buf, flags::LEAF);
        p.insert_node(0, &NodeSpec::new(5, b"k", b"d"))
            .unwrap()
            .unwrap();
        assert_eq!(p.check().unwrap_err().code(), ErrorCode::DatabaseCorrupted);
        p.set_external_header(b"12345").unwrap().unwrap();
        p.check().unwrap();
        p.set_external_header(b"1234").unwrap().unwrap();
        assert!(p.check().is_err());
    }

    #[test]
    fn empty_keys_only_last_on_branch_pages() {
        let empty = NodeSpec::new(0, b"", &[1, 0, 0, 0]);
        let keyed = NodeSpec::new(0, b"k", &[2, 0, 0, 0]);
        let mut buf = vec![0u8; 8192];
        let mut p = page(&mut buf, flags::PARENT_OF_LEAF);
        p.insert_node(0, &keyed).unwrap().unwrap();
        p.insert_node(1, &empty).unwrap().unwrap();
        p.check().unwrap();
        p.insert_node(2, &keyed).unwrap().unwrap();
        assert!(p.check().is_err());
        let mut buf = vec![0u8; 8192];
        let mut p = page(&mut buf, flags::LEAF);
        p.insert_node(0, &empty).unwrap().unwrap();
        assert!(p.check().is_err());
        // Space trees are exempt, as in ESE.
        let mut buf = vec![0u8; 8192];
        let mut p = page(&mut buf, flags::LEAF | flags::SPACE_TREE);
        p.insert_node(0, &empty).unwrap().unwrap();
        p.check().unwrap();
    }

    #[test]
    fn overlap_and_accounting_are_structural_errors() {
        let mut buf = vec![0u8; 4096];
        let mut p = page(&mut buf, flags::LEAF);
        p.insert_node(0, &NodeSpec::new(0, b"a", b"1"))
            .unwrap()
            .unwrap();
        p.insert_node(1, &NodeSpec::new(0, b"b", b"2"))
            .unwrap()
            .unwrap();
        // Point node 1 (tag 2) at node 0's line: same size, overlapping.
        let t2 = 4096 - 12;
        buf[t2 + 2] = 0;
        let hdr = PageHeader::decode(&buf).unwrap();
        let e = check_structure(&buf, &hdr, 1).unwrap_err();
        assert_eq!(e.code(), ErrorCode::DatabaseCorrupted);
        assert!(PageMut::open(&mut buf, 1).is_err());
    }
}
