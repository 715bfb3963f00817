//! Redo of logged page changes: [`logged`] turns a [`PageOp`] into the bytes a page
//! record carries, [`redo`] applies one to a page image again, [`restore_image`]
//! puts a page's logged image back whatever the page holds.
//!
//! What must hold: a page changed by `apply` and the same page rebuilt by `redo` of
//! every logged change, in order, from the first (an image) are the same bytes
//! (the checksum field aside, which the cache computes at write-back). Redo is
//! idempotent: a change the page already holds (its dbtime at or past the change's)
//! is skipped. A page whose dbtime is below the change's dbtime-before, or between
//! the two, lost a change the log should hold: `JET_errLogCorrupted`.

use super::change::{apply_op, stamp_dbtime, PageOp};
use crate::format::page::PageHeader;
use crate::format::pageop::{LoggedOp, LoggedOpRef};
use crate::page::NodeSpec;
use crate::{Error, ErrorCode, Result};

/// What [`redo`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redone {
    /// The change was applied.
    Applied,
    /// The page already held it.
    Skipped,
}

fn u16_of(n: usize, what: &str) -> Result<u16> {
    u16::try_from(n).map_err(|_| {
        Error::with(
            ErrorCode::InvalidParameter,
            format!("{what} {n} does not fit a logged page operation"),
        )
    })
}

/// The logged form of `op`.
pub fn logged(op: &PageOp<'_>) -> Result<LoggedOp> {
    logged_ref(op).map(|l| l.to_owned_op())
}

/// The logged form of `op`, its bytes borrowed from it (what the log encodes).
pub fn logged_ref<'a>(op: &PageOp<'a>) -> Result<LoggedOpRef<'a>> {
    Ok(match *op {
        PageOp::Insert { index, ref node } => LoggedOpRef::Insert {
            index: u16_of(index, "node index")?,
            flags: node.flags,
            prefix_len: u16_of(node.prefix_len, "prefix length")?,
            suffix: node.suffix,
            data: node.data,
        },
        PageOp::ReplaceData { index, data } => LoggedOpRef::ReplaceData {
            index: u16_of(index, "node index")?,
            data,
        },
        PageOp::Replace { index, ref node } => LoggedOpRef::Replace {
            index: u16_of(index, "node index")?,
            flags: node.flags,
            prefix_len: u16_of(node.prefix_len, "prefix length")?,
            suffix: node.suffix,
            data: node.data,
        },
        PageOp::Delete { index } => LoggedOpRef::Delete {
            index: u16_of(index, "node index")?,
        },
        PageOp::SetNodeFlags { index, flags } => LoggedOpRef::SetNodeFlags {
            index: u16_of(index, "node index")?,
            flags,
        },
        PageOp::SetExternalHeader { bytes } => LoggedOpRef::SetExternalHeader { bytes },
        PageOp::SetLinks { prev, next } => LoggedOpRef::SetLinks { prev, next },
        PageOp::Image { image } => LoggedOpRef::Image { image },
    })
}

fn spec<'a>(flags: u8, prefix_len: u16, suffix: &'a [u8], data: &'a [u8]) -> NodeSpec<'a> {
    NodeSpec {
        flags,
        prefix_len: prefix_len as usize,
        suffix,
        data,
    }
}

/// The page operation `op` describes.
fn page_op(op: &LoggedOp) -> PageOp<'_> {
    match op {
        LoggedOp::Insert {
            index,
            flags,
            prefix_len,
            suffix,
            data,
        } => PageOp::Insert {
            index: *index as usize,
            node: spec(*flags, *prefix_len, suffix, data),
        },
        LoggedOp::ReplaceData { index, data } => PageOp::ReplaceData {
            index: *index as usize,
            data,
        },
        LoggedOp::Replace {
            index,
            flags,
            prefix_len,
            suffix,
            data,
        } => PageOp::Replace {
            index: *index as usize,
            node: spec(*flags, *prefix_len, suffix, data),
        },
        LoggedOp::Delete { index } => PageOp::Delete {
            index: *index as usize,
        },
        LoggedOp::SetNodeFlags { index, flags } => PageOp::SetNodeFlags {
            index: *index as usize,
            flags: *flags,
        },
        LoggedOp::SetExternalHeader { bytes } => PageOp::SetExternalHeader { bytes },
        LoggedOp::SetLinks { prev, next } => PageOp::SetLinks {
            prev: *prev,
            next: *next,
        },
        LoggedOp::Image { image } => PageOp::Image { image },
    }
}

fn corrupt(pgno: u32, what: String) -> Error {
    Error::with(ErrorCode::LogCorrupted, what).page(pgno)
}

/// Puts `image`, the whole of page `pgno` as a logged change left it at `dbtime`,
/// in place of whatever `page` holds. This is how redo uses the first image of a
/// page after a checkpoint: every later change of the page follows it in the log,
/// so the page is rebuilt from it even when its header claims to be newer. A write
/// the power cut tore can keep its new header over old sectors, and the page
/// checksum (XOR and ECC over 32-bit words) cannot see a lost sector whose words
/// cancel out, such as a long value's repeating text.
pub fn restore_image(page: &mut [u8], pgno: u32, dbtime: u64, image: &[u8]) -> Result<()> {
    if image.len() != page.len() {
        return Err(corrupt(
            pgno,
            format!(
                "logged image of {} bytes for a {}-byte page",
                image.len(),
                page.len()
            ),
        ));
    }
    page.copy_from_slice(image);
    stamp_dbtime(page, dbtime);
    Ok(())
}

/// Applies the logged change of page `pgno` from `dbtime_before` to `dbtime_after`
/// to `page` again (see the module header). An image is applied to any page whose
/// header does not show the change (a torn or never-written page included).
pub fn redo(
    page: &mut [u8],
    pgno: u32,
    dbtime_before: u64,
    dbtime_after: u64,
    op: &LoggedOp,
) -> Result<Redone> {
    let current = PageHeader::decode(page).ok().map(|h| h.dbtime);
    if let LoggedOp::Image { image } = op {
        if current.is_some_and(|t| t >= dbtime_after) {
            return Ok(Redone::Skipped);
        }
        restore_image(page, pgno, dbtime_after, image)?;
        return Ok(Redone::Applied);
    }
    let Some(current) = current else {
        return Err(corrupt(
            pgno,
            "a logged change finds its page unreadable, with no image before it".into(),
        ));
    };
    if current >= dbtime_after {
        return Ok(Redone::Skipped);
    }
    if current != dbtime_before {
        return Err(corrupt(
            pgno,
            format!(
                "the page is at dbtime {current}, the logged change goes from {dbtime_before} to {dbtime_after}: a change is missing"
            ),
        ));
    }
    match apply_op(page, pgno, &page_op(op), false)? {
        Ok(()) => {
            stamp_dbtime(page, dbtime_after);
            Ok(Redone::Applied)
        }
        Err(_) => Err(corrupt(
            pgno,
            "a logged change no longer fits its page".into(),
        )),
    }
}
