//! The write-ahead rule's upcall: the cache asks the log to be durable up to a
//! page's newest change before it writes that page.
//!
//! Owns: the [`WalGate`] trait (defined here, implemented by the log layer above) and
//! [`NoWal`], the gate used where there is no log yet.
//! What must hold: the cache calls [`WalGate::flush_log_to`] with the frame's newest
//! log position before *every* page write, holding no page latch while it does (only
//! the frame's write-back lock, which nothing but `flush_all` waits for); a page is
//! never written if the call fails. The positions are opaque to the cache; only their
//! order (a larger value is a later change) is assumed.

use crate::Result;
use std::fmt;

/// The log position of a change whose log record is not in the log yet (its step
/// is still running): the cache does not write such a page back until
/// [`PageWrite::settle_lsn`](super::PageWrite::settle_lsn) gives it its position.
pub const LSN_PENDING: u64 = u64::MAX;

/// The log, as the buffer cache sees it: "make the log durable up to here".
///
/// Implementations must not latch database pages (the caller may be evicting a page
/// on behalf of a thread that holds latches) and must be callable from any thread.
pub trait WalGate: Send + Sync + fmt::Debug {
    /// Returns once every log record up to and including position `lsn` is durable.
    ///
    /// `lsn` is the value the newest writer of the page passed to
    /// [`PageWrite::set_lsn`](super::PageWrite::set_lsn) (0 if none did). An error
    /// stops the page write and is returned to the cache's caller; the page stays dirty.
    fn flush_log_to(&self, lsn: u64) -> Result<()>;
}

/// A [`WalGate`] for databases without a log: every position is already durable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoWal;

impl WalGate for NoWal {
    fn flush_log_to(&self, _lsn: u64) -> Result<()> {
        Ok(())
    }
}
