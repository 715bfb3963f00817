//! Which instances a caught panic made unavailable.
//!
//! A panic inside a call leaves the state it interrupted unknown, so the instance the call
//! worked on is marked: later calls on it, or on its sessions and their cursors, return
//! `JET_errInstanceUnavailable`, as after a failed log write; other instances go on. A
//! call is attributed by its first parameter: `sesid` names a session (mapped to its
//! instance by `ese_jet::session_instance`, the handle registry's own answer), `instance`
//! an instance; a call with neither (`JetCreateInstance`, `JetInit`,
//! `JetGetDatabaseFileInfo`, ...), or one whose session is already gone, that panics marks
//! the whole process.
//!
//! What must hold: the check costs one atomic load until a panic has happened; after
//! one, a session call also asks the registry for the session's instance.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{LazyLock, Mutex, MutexGuard};

use crate::types::{JET_INSTANCE, JET_SESID};

/// What a call works on, for attributing a panic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// No instance can be named: a panic marks the process.
    Process,
    /// An instance handle.
    Instance(JET_INSTANCE),
    /// A session handle.
    Session(JET_SESID),
}

impl Owner {
    /// The owner of a call from the name and value of its first parameter.
    pub fn of(first_param: &str, value: usize) -> Owner {
        match first_param {
            "sesid" => Owner::Session(value),
            "instance" => Owner::Instance(value),
            _ => Owner::Process,
        }
    }
}

#[derive(Default)]
struct State {
    /// Instances a panic made unavailable.
    instances: HashSet<JET_INSTANCE>,
    /// A panic no instance could be named for.
    process: bool,
}

/// Set once anything is marked, so that the common case takes no lock.
static ANY: AtomicBool = AtomicBool::new(false);

static STATE: LazyLock<Mutex<State>> = LazyLock::new(Default::default);

fn state() -> MutexGuard<'static, State> {
    // A panic while this lock is held cannot leave the state inconsistent (each update is
    // one insert or store), so a poisoned lock is used as it is.
    STATE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether calls for `owner` are refused.
pub fn unavailable(owner: Owner) -> bool {
    if !ANY.load(Ordering::Acquire) {
        return false;
    }
    // The registry is asked before this module's lock is taken: the two are never held
    // together.
    let instance = instance_of(owner);
    let st = state();
    st.process || instance.is_some_and(|i| st.instances.contains(&i))
}

/// Marks what `owner` names after a panic: its instance, or the process when no instance
/// is known.
pub fn mark(owner: Owner) {
    let instance = instance_of(owner);
    let mut st = state();
    match instance {
        Some(i) => {
            st.instances.insert(i);
        }
        None => st.process = true,
    }
    ANY.store(true, Ordering::Release);
}

/// The instance `owner` names, if any.
fn instance_of(owner: Owner) -> Option<JET_INSTANCE> {
    match owner {
        Owner::Instance(i) => Some(i),
        Owner::Session(s) => ese_jet::session_instance(s),
        Owner::Process => None,
    }
}
