//! Which instances a caught panic made unavailable.
//!
//! A panic inside a call leaves the state it interrupted unknown, so the instance the call
//! worked on is marked: later calls on it, or on its sessions and their cursors, return
//! `JET_errInstanceUnavailable`, as after a failed log write; other instances go on. A
//! call is attributed by its first parameter: `sesid` names a session (mapped to its
//! instance through the table kept here), `instance` an instance; a call with neither
//! (`JetCreateInstance`, `JetInit`, `JetGetDatabaseFileInfo`, ...) that panics marks the
//! whole process.
//!
//! What must hold: the session table follows `JetBeginSession`, `JetDupSession`,
//! `JetEndSession` and `JetTerm*`; the check costs one atomic load until a panic has
//! happened.

use std::collections::{HashMap, HashSet};
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
    /// Each live session's instance.
    sessions: HashMap<JET_SESID, JET_INSTANCE>,
    /// Instances a panic made unavailable.
    instances: HashSet<JET_INSTANCE>,
    /// A panic no instance could be named for.
    process: bool,
}

/// Set once anything is marked, so that the common case takes no lock.
static ANY: AtomicBool = AtomicBool::new(false);

static STATE: LazyLock<Mutex<State>> = LazyLock::new(Default::default);

fn state() -> MutexGuard<'static, State> {
    // A panic while this lock is held cannot leave the maps inconsistent (each update is
    // one insert or remove), so a poisoned lock is used as it is.
    STATE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Records a new session of `instance`.
pub fn session_begun(sesid: JET_SESID, instance: JET_INSTANCE) {
    state().sessions.insert(sesid, instance);
}

/// Records a session opened with `JetDupSession` from `from`.
pub fn session_duplicated(sesid: JET_SESID, from: JET_SESID) {
    let mut st = state();
    if let Some(&i) = st.sessions.get(&from) {
        st.sessions.insert(sesid, i);
    }
}

/// Forgets an ended session.
pub fn session_ended(sesid: JET_SESID) {
    state().sessions.remove(&sesid);
}

/// Forgets the sessions of an ended instance.
pub fn instance_ended(instance: JET_INSTANCE) {
    state().sessions.retain(|_, i| *i != instance);
}

/// Whether calls for `owner` are refused.
pub fn unavailable(owner: Owner) -> bool {
    if !ANY.load(Ordering::Acquire) {
        return false;
    }
    let st = state();
    if st.process {
        return true;
    }
    match owner {
        Owner::Process => false,
        Owner::Instance(i) => st.instances.contains(&i),
        Owner::Session(s) => st
            .sessions
            .get(&s)
            .is_some_and(|i| st.instances.contains(i)),
    }
}

/// Marks what `owner` names after a panic: its instance, or the process when no instance
/// is known.
pub fn mark(owner: Owner) {
    let mut st = state();
    let instance = match owner {
        Owner::Instance(i) => Some(i),
        Owner::Session(s) => st.sessions.get(&s).copied(),
        Owner::Process => None,
    };
    match instance {
        Some(i) => {
            st.instances.insert(i);
        }
        None => st.process = true,
    }
    ANY.store(true, Ordering::Release);
}
