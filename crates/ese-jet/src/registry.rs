//! The process-wide handle registry: slot maps with generation counters that turn
//! `JET_INSTANCE`, `JET_SESID` and `JET_TABLEID` integers into engine objects, plus the
//! run-instance mode and the process-wide parameters.
//!
//! What must hold: a handle names one object for its whole life, and once the object is
//! gone its number never names another (the slot's generation moved on), so a stale or
//! foreign number is an error code, never another caller's object. Lock order: the
//! registry, then an instance's state, then a session's state, then a cursor; the registry
//! lock is never taken while a cursor is locked, and never held across row-level engine
//! work (only across instance start and end).

use crate::params::Params;
use crate::{JET_INSTANCE, JET_SESID, JET_TABLEID};
use ese::{Error, ErrorCode};
use parking_lot::Mutex;
use std::sync::{Arc, LazyLock};

/// Bits of a handle that hold the slot index (plus one).
const INDEX_BITS: u32 = 24;
const INDEX_MASK: usize = (1 << INDEX_BITS) - 1;

/// A slot map whose handles carry the slot's generation.
pub(crate) struct Slots<T> {
    slots: Vec<(usize, Option<T>)>,
    free: Vec<usize>,
}

impl<T> Slots<T> {
    const fn new() -> Slots<T> {
        Slots {
            slots: Vec::new(),
            free: Vec::new(),
        }
    }

    fn handle(index: usize, generation: usize) -> usize {
        (generation << INDEX_BITS) | (index + 1)
    }

    /// Stores `value`; its handle is never 0 nor all ones.
    pub(crate) fn insert(&mut self, value: T) -> usize {
        let generation_mask = usize::MAX >> INDEX_BITS;
        if let Some(i) = self.free.pop() {
            let slot = &mut self.slots[i];
            let mut g = (slot.0 + 1) & generation_mask;
            if g == 0 || Self::handle(i, g) == usize::MAX {
                g = 1;
            }
            *slot = (g, Some(value));
            return Self::handle(i, g);
        }
        self.slots.push((1, Some(value)));
        Self::handle(self.slots.len() - 1, 1)
    }

    fn index_of(&self, handle: usize) -> Option<usize> {
        let i = (handle & INDEX_MASK).checked_sub(1)?;
        let (g, v) = self.slots.get(i)?;
        (v.is_some() && Self::handle(i, *g) == handle).then_some(i)
    }

    /// The object `handle` names, if it is live.
    pub(crate) fn get(&self, handle: usize) -> Option<&T> {
        let i = self.index_of(handle)?;
        self.slots[i].1.as_ref()
    }

    /// Takes the object out; the handle is stale from now on.
    pub(crate) fn remove(&mut self, handle: usize) -> Option<T> {
        let i = self.index_of(handle)?;
        self.free.push(i);
        self.slots[i].1.take()
    }

    /// Every live object with its handle.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (usize, &T)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, (g, v))| v.as_ref().map(|v| (Self::handle(i, *g), v)))
    }

    /// How many objects are live.
    pub(crate) fn len(&self) -> usize {
        self.slots.len() - self.free.len()
    }
}

/// The run-instance mode of the process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RunMode {
    /// No instance yet.
    None,
    /// Legacy mode: one instance, made by a plain `JetInit`.
    Single,
    /// Instances made by `JetCreateInstance(2)` or after `JetEnableMultiInstance`.
    Multi,
}

/// Everything the handles name.
pub(crate) struct Registry {
    pub(crate) mode: RunMode,
    /// `JetEnableMultiInstance` has run.
    pub(crate) multi_enabled: bool,
    /// Process-wide parameters and the defaults new instances copy.
    pub(crate) params: Params,
    pub(crate) instances: Slots<Arc<crate::instance::InstanceEntry>>,
    pub(crate) sessions: Slots<Arc<crate::session::SessionEntry>>,
    pub(crate) cursors: Slots<Arc<crate::cursor::CursorEntry>>,
}

static REGISTRY: LazyLock<Mutex<Registry>> = LazyLock::new(|| {
    Mutex::new(Registry {
        mode: RunMode::None,
        multi_enabled: false,
        params: Params::defaults(),
        instances: Slots::new(),
        sessions: Slots::new(),
        cursors: Slots::new(),
    })
});

/// Locks the registry.
pub(crate) fn lock() -> parking_lot::MutexGuard<'static, Registry> {
    REGISTRY.lock()
}

pub(crate) fn err(code: ErrorCode, detail: impl Into<String>) -> Error {
    Error::with(code, detail)
}

impl Registry {
    /// The instance `handle` names: `JET_errInvalidParameter` for 0 and
    /// `JET_instanceNil`, `JET_errInvalidInstance` for anything else that names none.
    pub(crate) fn instance(
        &self,
        handle: JET_INSTANCE,
    ) -> ese::Result<Arc<crate::instance::InstanceEntry>> {
        if handle == 0 || handle == usize::MAX {
            return Err(err(
                ErrorCode::InvalidParameter,
                "0 and JET_instanceNil name no instance",
            ));
        }
        self.instances.get(handle).cloned().ok_or_else(|| {
            err(
                ErrorCode::InvalidInstance,
                format!("{handle:#x} is not a live instance"),
            )
        })
    }

    /// The session `sesid` names (`JET_errInvalidSesid`), if its instance's gate lets
    /// calls in (`JET_errClientRequestToStopJetService` after a stop of the service,
    /// `JET_errTermInProgress` while the instance ends).
    pub(crate) fn session(
        &self,
        sesid: JET_SESID,
    ) -> ese::Result<Arc<crate::session::SessionEntry>> {
        let s = self.session_ungated(sesid)?;
        s.instance.gate.check()?;
        Ok(s)
    }

    /// The session `sesid` names (`JET_errInvalidSesid`), whatever its instance's gate
    /// says (`JetEndSession` and the parameter calls).
    pub(crate) fn session_ungated(
        &self,
        sesid: JET_SESID,
    ) -> ese::Result<Arc<crate::session::SessionEntry>> {
        self.sessions.get(sesid).cloned().ok_or_else(|| {
            err(
                ErrorCode::InvalidSesid,
                format!("{sesid:#x} is not a live session"),
            )
        })
    }

    /// The cursor `tableid` names (`JET_errInvalidTableId`).
    pub(crate) fn cursor(
        &self,
        tableid: JET_TABLEID,
    ) -> ese::Result<Arc<crate::cursor::CursorEntry>> {
        self.cursors.get(tableid).cloned().ok_or_else(|| {
            err(
                ErrorCode::InvalidTableId,
                format!("{tableid:#x} is not an open cursor"),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_removed_slots_handle_is_stale_even_after_reuse() {
        let mut s = Slots::new();
        let a = s.insert(1);
        assert_eq!(s.get(a), Some(&1));
        assert_eq!(s.remove(a), Some(1));
        let b = s.insert(2);
        assert_ne!(a, b);
        assert_eq!(s.get(a), None);
        assert_eq!(s.get(b), Some(&2));
        assert_eq!(s.get(0), None);
        assert_eq!(s.get(usize::MAX), None);
        assert_eq!(s.len(), 1);
    }
}
