//! The one door every page change goes through: [`apply`], with the
//! [`PageChangeSink`] upcall that logging will plug into.
//!
//! Owns: [`PageOp`] (what a change does to one page), [`PageChangeSink`] (told of
//! every change, returns its log position), [`NoSink`], and [`apply`].
//!
//! What must hold: every change to a database page made by the B-tree and space
//! layers is one call of [`apply`]. A change that does not fit leaves the page as it
//! was and consumes no dbtime. A change that was made stamps the page with a new
//! dbtime taken from the database's shared counter (strictly greater than the page's
//! old one, else `JET_errDbTimeCorrupted`), is reported to the sink, and the sink's
//! log position is recorded on the cache frame so the write-ahead rule holds.
//! If the sink fails, the page is already changed in memory: the caller must treat
//! that as fatal for the instance (a failed log write is final).

use super::TreeEnv;
use crate::cache::PageWrite;
use crate::format::page::PageHeader;
use crate::page::{NodeSpec, PageMut, Placement};
use crate::{Error, ErrorCode, Result};
use std::fmt;
use std::sync::atomic::Ordering;

/// One change to one page, as the sink sees it.
///
/// Single-node operations are described logically; structural changes (a new page,
/// a split, a merge, a released page) carry the page's complete new image.
#[derive(Debug, Clone, Copy)]
pub enum PageOp<'a> {
    /// Insert `node` as node `index`.
    Insert {
        /// Node index (nodes only, reserved tags not counted).
        index: usize,
        /// The node as stored (prefix length, suffix, data, flags).
        node: NodeSpec<'a>,
    },
    /// Replace the data of node `index`, keeping its key and flags.
    ReplaceData {
        /// Node index.
        index: usize,
        /// The new data.
        data: &'a [u8],
    },
    /// Replace node `index` as a whole (key, data and flags).
    Replace {
        /// Node index.
        index: usize,
        /// The node as stored.
        node: NodeSpec<'a>,
    },
    /// Delete node `index`.
    Delete {
        /// Node index.
        index: usize,
    },
    /// Set the versioned/deleted flags of node `index`.
    SetNodeFlags {
        /// Node index.
        index: usize,
        /// The new flag bits.
        flags: u8,
    },
    /// Replace the external header (tag 0).
    SetExternalHeader {
        /// The new external header.
        bytes: &'a [u8],
    },
    /// Set the sibling links.
    SetLinks {
        /// Previous page (0 = none).
        prev: u32,
        /// Next page (0 = none).
        next: u32,
    },
    /// Replace the whole page with `image` (its dbtime is stamped afterwards).
    Image {
        /// The new page image, `page_size` bytes.
        image: &'a [u8],
    },
}

/// The log, as the page-changing layers see it: told of every page change, it
/// returns the log position of the record that describes it (0 without a log).
///
/// Called with the page latched exclusive; implementations must not latch pages.
pub trait PageChangeSink: Send + Sync + fmt::Debug {
    /// Page `pgno` went from `dbtime_before` to `dbtime_after` by `op`; `page` is
    /// the page as it is now (for a log that writes a page's whole image at its
    /// first change after a checkpoint).
    fn changed(
        &self,
        pgno: u32,
        dbtime_before: u64,
        dbtime_after: u64,
        op: &PageOp<'_>,
        page: &[u8],
    ) -> Result<u64>;

    /// The database file grew to hold pages up to `last_pgno` (told after the
    /// growth, before any page past the old end changes): the log records it,
    /// so that redo writes no page past what the file held or grew to.
    fn grew(&self, last_pgno: u32) -> Result<()> {
        let _ = last_pgno;
        Ok(())
    }

    /// Told by a long operation (a bulk load, cleanup, a long value's chunks) at a
    /// point where what it changed so far stands on its own: the log may close its
    /// step here, so that the pages changed so far can be written back. The caller
    /// holds no page latch.
    fn safe_point(&self) {}

    /// A change of several pages (a split, a merge) stopped part way with
    /// `cause`: the pages in memory no longer form a tree, so none of them may
    /// reach the log or the disk. The sink drops its current step and fails for
    /// good (recovery then starts from the last whole step).
    fn broken(&self, cause: &Error) {
        let _ = cause;
    }
}

/// Stops a structural change that failed part way (see
/// [`PageChangeSink::broken`]): the sink drops the step, the cache writes
/// nothing more. Returns `cause`.
pub(crate) fn broken(env: &TreeEnv, cause: Error) -> Error {
    env.sink.broken(&cause);
    env.cache.fail(Error::with(
        ErrorCode::InstanceUnavailable,
        format!("a change of several pages stopped part way: {cause}"),
    ));
    cause
}

/// A [`PageChangeSink`] for databases without a log: records nothing, position 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoSink;

impl PageChangeSink for NoSink {
    fn changed(&self, _: u32, _: u64, _: u64, _: &PageOp<'_>, _: &[u8]) -> Result<u64> {
        Ok(0)
    }
}

/// Applies `op` to the latched page `w`: the one function through which the B-tree
/// and space layers change pages (see the module header).
///
/// Returns `Ok(Err(NoSpace))` when the change does not fit (the page is unchanged).
/// Errors: the page layer's errors for a malformed op, `JET_errDbTimeCorrupted` when
/// the page's dbtime is not below the next database dbtime, the sink's error.
pub fn apply(env: &TreeEnv, w: &mut PageWrite, op: &PageOp<'_>) -> Result<Placement> {
    let pgno = w.pgno();
    let before = page_dbtime(w).map_err(|e| e.page(pgno))?;
    if let PageOp::Image { image } = op {
        if image.len() != w.len() {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                format!(
                    "page image of {} bytes for a {}-byte page",
                    image.len(),
                    w.len()
                ),
            ));
        }
        w.copy_from_slice(image);
    } else {
        let checked = w.structure_checked();
        let placed = apply_op(w, pgno, op, checked)?;
        if placed.is_err() {
            // Nothing was placed; a page that held before still holds.
            if checked {
                w.set_structure_checked();
            }
            return Ok(placed);
        }
    }
    let after = env.dbtime.fetch_add(1, Ordering::AcqRel) + 1;
    if after <= before {
        return Err(Error::with(
            ErrorCode::DbTimeCorrupted,
            format!("page dbtime {before} is not below the database dbtime {after}"),
        )
        .page(pgno));
    }
    stamp_dbtime(w, after);
    if !matches!(op, PageOp::Image { .. }) {
        w.set_structure_checked();
    }
    let lsn = env.sink.changed(pgno, before, after, op, w)?;
    w.set_lsn(lsn);
    Ok(Ok(()))
}

/// Applies node or header operation `op` (not an image) to page `pgno` in `buf`;
/// `checked`: the page's structure is known to hold.
pub(super) fn apply_op(
    buf: &mut [u8],
    pgno: u32,
    op: &PageOp<'_>,
    checked: bool,
) -> Result<Placement> {
    let mut page = if checked {
        PageMut::open_checked(buf, pgno)?
    } else {
        PageMut::open(buf, pgno)?
    };
    Ok(match *op {
        PageOp::Insert { index, ref node } => page.insert_node(index, node)?,
        PageOp::ReplaceData { index, data } => page.replace_node_data(index, data)?,
        PageOp::Replace { index, ref node } => page.replace_node(index, node)?,
        PageOp::Delete { index } => {
            page.delete_node(index)?;
            Ok(())
        }
        PageOp::SetNodeFlags { index, flags } => {
            page.set_node_flags(index, flags)?;
            Ok(())
        }
        PageOp::SetExternalHeader { bytes } => page.set_external_header(bytes)?,
        PageOp::SetLinks { prev, next } => {
            page.set_prev(prev);
            page.set_next(next);
            Ok(())
        }
        PageOp::Image { .. } => Ok(()),
    })
}

/// The dbtime in the page header (offset 8), as [`PageHeader::decode`] reads it
/// (with its error for a buffer too short for a header), without decoding the
/// other fields.
fn page_dbtime(page: &[u8]) -> Result<u64> {
    if page.len() >= PageHeader::size_for(page.len()) {
        if let Some(b) = page.get(8..16).and_then(|b| <[u8; 8]>::try_from(b).ok()) {
            return Ok(u64::from_le_bytes(b));
        }
    }
    PageHeader::decode(page).map(|h| h.dbtime)
}

/// Writes `dbtime` into the page header (offset 8).
pub(super) fn stamp_dbtime(page: &mut [u8], dbtime: u64) {
    if let Some(field) = page.get_mut(8..16) {
        field.copy_from_slice(&dbtime.to_le_bytes());
    }
}
