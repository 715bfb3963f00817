//! The writer lock of a database and the steps it bounds.
//!
//! Owns [`StateLock`] and its guard [`StateGuard`]. Every change to a database's
//! pages is made while its writer lock is held, and what one holder changes is one
//! *step* for the log (`docs/design/recovery.md`): letting the lock go ends the step,
//! so that its page records reach the log together, before the next holder's.
//!
//! What must hold: the step ends while the lock is still held (the guard's own drop
//! runs before the mutex is let go), so steps never interleave.

use super::logging::DbLog;
use super::write::State;
use parking_lot::{Mutex, MutexGuard};
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

/// The writer lock: the database's write state, and the log its steps go to.
pub(super) struct StateLock {
    state: Mutex<State>,
    log: Arc<DbLog>,
}

/// The writer lock, held; dropping it ends the step.
pub(super) struct StateGuard<'a> {
    guard: MutexGuard<'a, State>,
    log: &'a DbLog,
}

impl StateLock {
    /// A lock over `state` whose steps go to `log`.
    pub(super) fn new(state: State, log: Arc<DbLog>) -> StateLock {
        StateLock {
            state: Mutex::new(state),
            log,
        }
    }

    /// Takes the lock: a step begins.
    pub(super) fn lock(&self) -> StateGuard<'_> {
        StateGuard {
            guard: self.state.lock(),
            log: &self.log,
        }
    }
}

impl Deref for StateGuard<'_> {
    type Target = State;
    fn deref(&self) -> &State {
        &self.guard
    }
}

impl DerefMut for StateGuard<'_> {
    fn deref_mut(&mut self) -> &mut State {
        &mut self.guard
    }
}

impl Drop for StateGuard<'_> {
    fn drop(&mut self) {
        // A failed append leaves the log failed: later steps and commits report it.
        self.log.end_step();
    }
}
