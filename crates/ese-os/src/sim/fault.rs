//! The fault plan of [`crate::SimFs`]: which calls fail, and the errors the
//! simulated disk returns.
//!
//! What must hold:
//!
//! - A [`Fault`] counts only the calls that match it (operation and path), from
//!   the moment it was injected; it fires at exactly its `nth` match, and with
//!   [`Persistence::Persistent`] at every later match too.
//! - A failing call has no effect on the disk.
//! - Every error the simulation makes carries a [`SimError`], so tests can tell a
//!   simulated failure from a bug with [`SimError::of`].

use std::fmt;
use std::io;
use std::path::Path;

/// The kind of call a [`Fault`] matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaultOp {
    /// `File::read_at`.
    Read,
    /// `File::write_at`.
    Write,
    /// `File::sync_data` and `File::sync_all`.
    Sync,
    /// `FileSystem::sync_dir`.
    SyncDir,
    /// `FileSystem::open` without a create flag.
    Open,
    /// `FileSystem::open` with `create` or `create_new`, and
    /// `FileSystem::create_dir_all`.
    Create,
    /// `FileSystem::rename` (matched on either path).
    Rename,
    /// `FileSystem::remove_file` and `FileSystem::remove_dir`.
    Remove,
    /// `File::set_len`.
    SetLen,
    /// Every counted call.
    Any,
}

impl FaultOp {
    /// Whether a fault filtering on `self` matches a call of kind `call`.
    pub fn matches(self, call: FaultOp) -> bool {
        self == FaultOp::Any || self == call
    }
}

/// The error a fault returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaultKind {
    /// A device I/O error: `io::ErrorKind::Other` carrying [`SimError::Eio`].
    Eio,
    /// No space left: `io::ErrorKind::StorageFull` carrying
    /// [`SimError::DiskFull`].
    DiskFull,
}

impl FaultKind {
    /// The error a call failed by this fault returns.
    pub fn error(self) -> io::Error {
        match self {
            FaultKind::Eio => SimError::Eio.into_io(),
            FaultKind::DiskFull => SimError::DiskFull.into_io(),
        }
    }
}

/// How long a fault lasts once it fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Persistence {
    /// Only the `nth` matching call fails.
    Transient,
    /// The `nth` matching call and every later matching call fail.
    Persistent,
}

/// One entry of the fault plan: fail the `nth` call matching `op` and
/// `path_contains`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// The kind of call to fail.
    pub op: FaultOp,
    /// Only calls whose path contains this text match (for handle calls, the
    /// path the file was opened under; for renames, either path).
    pub path_contains: Option<String>,
    /// Which matching call fails, 1-based, counted from when the fault was
    /// injected (0 behaves like 1).
    pub nth: u64,
    /// The error returned.
    pub kind: FaultKind,
    /// Whether later matching calls fail too.
    pub persistence: Persistence,
}

impl Fault {
    /// A transient fault on the `nth` call of kind `op`, on any path.
    pub fn new(op: FaultOp, nth: u64, kind: FaultKind) -> Self {
        Fault {
            op,
            path_contains: None,
            nth,
            kind,
            persistence: Persistence::Transient,
        }
    }
    /// The same fault, restricted to paths containing `text`.
    pub fn on_path(mut self, text: impl Into<String>) -> Self {
        self.path_contains = Some(text.into());
        self
    }
    /// The same fault, made persistent.
    pub fn persistent(mut self) -> Self {
        self.persistence = Persistence::Persistent;
        self
    }
}

/// A fault in the plan with its count of matching calls so far.
#[derive(Debug, Clone)]
pub(super) struct ActiveFault {
    fault: Fault,
    matched: u64,
}

impl ActiveFault {
    pub(super) fn new(fault: Fault) -> Self {
        ActiveFault { fault, matched: 0 }
    }

    /// Counts the call when it matches and returns the error kind when the
    /// fault fires on it.
    pub(super) fn check(&mut self, call: FaultOp, paths: &[&Path]) -> Option<FaultKind> {
        if !self.fault.op.matches(call) {
            return None;
        }
        if let Some(text) = &self.fault.path_contains {
            if !paths
                .iter()
                .any(|p| p.to_string_lossy().contains(text.as_str()))
            {
                return None;
            }
        }
        self.matched = self.matched.saturating_add(1);
        let nth = self.fault.nth.max(1);
        let fires = match self.fault.persistence {
            Persistence::Transient => self.matched == nth,
            Persistence::Persistent => self.matched >= nth,
        };
        fires.then_some(self.fault.kind)
    }
}

/// What a simulated failure was; carried inside the `io::Error`s [`crate::SimFs`]
/// returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SimError {
    /// An injected device error (EIO).
    Eio,
    /// An injected disk-full error (ENOSPC).
    DiskFull,
    /// The simulated process died: this call and every later one fail until
    /// the next power cut.
    Crash,
    /// The handle was opened before a power cut and is no longer valid.
    StaleHandle,
    /// The call came through a [`crate::SimFs::process`] view whose process
    /// died at an earlier power cut.
    DeadProcess,
}

impl SimError {
    /// The simulated failure inside `err`, if `err` came from the simulation.
    pub fn of(err: &io::Error) -> Option<SimError> {
        err.get_ref()
            .and_then(|inner| inner.downcast_ref::<SimError>())
            .copied()
    }
    /// This failure as an `io::Error` of the matching kind.
    pub fn into_io(self) -> io::Error {
        let kind = match self {
            SimError::DiskFull => io::ErrorKind::StorageFull,
            SimError::Eio | SimError::Crash | SimError::StaleHandle | SimError::DeadProcess => {
                io::ErrorKind::Other
            }
        };
        io::Error::new(kind, self)
    }
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SimError::Eio => "EIO: simulated input/output error",
            SimError::DiskFull => "ENOSPC: simulated disk full",
            SimError::Crash => "simulated crash: the process is dead until the next power cut",
            SimError::StaleHandle => "stale file handle: opened before a power cut",
            SimError::DeadProcess => "the calling process died at an earlier power cut",
        })
    }
}

impl std::error::Error for SimError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transient_fires_once_at_nth_match() {
        let mut f = ActiveFault::new(Fault::new(FaultOp::Write, 2, FaultKind::Eio).on_path("log"));
        let log = Path::new("/db/edb.log");
        let db = Path::new("/db/x.edb");
        assert_eq!(f.check(FaultOp::Write, &[db]), None);
        assert_eq!(f.check(FaultOp::Read, &[log]), None);
        assert_eq!(f.check(FaultOp::Write, &[log]), None);
        assert_eq!(f.check(FaultOp::Write, &[log]), Some(FaultKind::Eio));
        assert_eq!(f.check(FaultOp::Write, &[log]), None);
    }

    #[test]
    fn persistent_keeps_firing_and_any_matches_all() {
        let mut f = ActiveFault::new(Fault::new(FaultOp::Any, 0, FaultKind::DiskFull).persistent());
        let p = Path::new("f");
        for op in [FaultOp::Read, FaultOp::SyncDir, FaultOp::Rename] {
            assert_eq!(f.check(op, &[p]), Some(FaultKind::DiskFull));
        }
    }

    #[test]
    fn errors_carry_their_kind() {
        let eio = FaultKind::Eio.error();
        assert_eq!(eio.kind(), io::ErrorKind::Other);
        assert!(eio.to_string().contains("EIO"));
        assert_eq!(SimError::of(&eio), Some(SimError::Eio));
        let full = FaultKind::DiskFull.error();
        assert_eq!(full.kind(), io::ErrorKind::StorageFull);
        assert_eq!(SimError::of(&full), Some(SimError::DiskFull));
        assert_eq!(SimError::of(&io::Error::other("x")), None);
    }
}
