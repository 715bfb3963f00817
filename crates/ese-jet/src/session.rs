//! Sessions and transactions: `JetBeginSession`, `JetEndSession`, `JetDupSession`,
//! `JetGet/SetSessionParameter`, `JetBeginTransaction(2,3)`, `JetCommitTransaction(2)`,
//! `JetRollback`.
//!
//! What must hold: ending a session rolls back its transaction and closes its cursors, so
//! its handle and theirs are stale; a rollback closes the cursors opened inside the
//! levels it undoes and cancels the updates prepared there (as ESE does); a commit hands
//! its cursors to the level below. The registry is not held while the engine waits for
//! the log, so sessions on different threads commit at once.

use crate::consts::*;
use crate::instance::{engine_of, InstanceEntry};
use crate::registry::{self, err, Registry};
use crate::{JetResult, JET_GRBIT, JET_INSTANCE, JET_SESID};
use ese::{CommitMode, ErrorCode};
use parking_lot::Mutex;
use std::sync::Arc;

/// A session as the registry holds it.
pub(crate) struct SessionEntry {
    pub(crate) instance: Arc<InstanceEntry>,
    pub(crate) session: ese::Session,
    pub(crate) state: Mutex<SessState>,
}

/// What a session keeps beside the engine's session.
#[derive(Default)]
pub(crate) struct SessState {
    /// `JetOpenDatabase` counts by `JET_DBID` - 1.
    pub(crate) open_dbs: [u32; 6],
    /// Whether this session opened the database read-only.
    pub(crate) db_read_only: [bool; 6],
    /// `JET_sesparamCommitDefault`.
    pub(crate) commit_default: JET_GRBIT,
    /// The other session parameters set, as their bytes (see
    /// [`jet_set_session_parameter_bytes`]).
    pub(crate) params: std::collections::HashMap<u32, Vec<u8>>,
    /// `JetSetSessionContext`'s context and the thread that set it.
    pub(crate) context: Option<(usize, std::thread::ThreadId)>,
}

/// The session `sesid` names.
pub(crate) fn get(sesid: JET_SESID) -> JetResult<Arc<SessionEntry>> {
    registry::lock().session(sesid)
}

/// The handle of the instance session `sesid` belongs to, or `None` when `sesid` names
/// no live session. Not a Jet call: it passes no gate, so it answers while the instance
/// stops or ends (the C library attributes a caught panic with it).
pub fn session_instance(sesid: JET_SESID) -> Option<JET_INSTANCE> {
    let reg = registry::lock();
    let s = reg.sessions.get(sesid)?;
    let found = reg
        .instances
        .iter()
        .find(|(_, i)| Arc::ptr_eq(i, &s.instance))
        .map(|(h, _)| h);
    found
}

/// `JetBeginSession(instance, psesid, szUserName, szPassword)`: a new session (user and
/// password are ignored). Errors: `JET_errInvalidParameter` for 0 or `JET_instanceNil`,
/// `JET_errInvalidInstance` for a stale handle, `JET_errNotInitialized` before `JetInit`,
/// `JET_errOutOfSessions` beyond `JET_paramMaxSessions`,
/// `JET_errClientRequestToStopJetService` after `JetStopServiceInstance`,
/// `JET_errTermInProgress` while the instance ends.
pub fn jet_begin_session(
    instance: JET_INSTANCE,
    _user: Option<&str>,
    _password: Option<&str>,
) -> JetResult<JET_SESID> {
    let mut reg = registry::lock();
    let entry = reg.instance(instance)?;
    begin_on(&mut reg, entry)
}

fn begin_on(reg: &mut Registry, entry: Arc<InstanceEntry>) -> JetResult<JET_SESID> {
    entry.gate.check()?;
    let engine = engine_of(&entry.state.lock())?;
    let session = engine.begin_session()?;
    Ok(reg.sessions.insert(Arc::new(SessionEntry {
        instance: entry,
        session,
        state: Mutex::new(SessState::default()),
    })))
}

/// `JetDupSession(sesid, psesid)`: a new session on the same instance.
/// `JET_errInvalidSesid` for a bad handle, `JET_errOutOfSessions`.
pub fn jet_dup_session(sesid: JET_SESID) -> JetResult<JET_SESID> {
    let mut reg = registry::lock();
    let s = reg.session(sesid)?;
    begin_on(&mut reg, s.instance.clone())
}

/// `JetEndSession(sesid, grbit)`: rolls back the open transaction, closes the session's
/// cursors and databases; every handle of them is stale afterwards. Allowed after
/// `JetStopServiceInstance`, which refuses the session's other calls.
/// `JET_errInvalidSesid`, `JET_errInvalidGrbit` for any grbit.
pub fn jet_end_session(sesid: JET_SESID, grbit: JET_GRBIT) -> JetResult<()> {
    let mut reg = registry::lock();
    reg.session_ungated(sesid)?;
    if grbit != 0 {
        return Err(err(ErrorCode::InvalidGrbit, "JetEndSession takes no grbit"));
    }
    end_locked(&mut reg, sesid);
    Ok(())
}

/// Ends session `sesid` with the registry locked: its cursors close, its transaction
/// rolls back.
pub(crate) fn end_locked(reg: &mut Registry, sesid: JET_SESID) {
    crate::cursor::close_where(reg, |c| c.sesid == sesid);
    if let Some(s) = reg.sessions.remove(sesid) {
        // Nothing can be reported: the session is gone either way, and what it left
        // open is rolled back.
        let _ = s.session.clone().end();
    }
}

/// How `JetGetSessionParameter` checks the caller's buffer for a parameter (ESE's
/// `ErrIsamGetSessionParameter`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SesparamBuffer {
    /// Exactly the value's size, else `JET_errInvalidBufferSize`.
    Exact,
    /// At least the value's size, else `JET_errInvalidBufferSize`.
    AtLeast,
    /// At least the value's size, else `JET_errBufferTooSmall` (strings, the commit
    /// context).
    AtLeastOrTooSmall,
}

/// The buffer rule of session parameter `sesparamid` (see [`SesparamBuffer`]).
pub fn sesparam_buffer(sesparamid: u32) -> SesparamBuffer {
    match sesparamid {
        JET_sesparamCommitDefault | JET_sesparamTransactionLevel | JET_sesparamIOPriority => {
            SesparamBuffer::Exact
        }
        JET_sesparamCommitGenericContext
        | JET_sesparamClientComponentDesc
        | JET_sesparamClientActionDesc
        | JET_sesparamClientActionContextDesc => SesparamBuffer::AtLeastOrTooSmall,
        _ => SesparamBuffer::AtLeast,
    }
}

/// The size of the fixed-size session parameters that are kept as set: the operation
/// context (`JET_OPERATIONCONTEXT`), the correlation id, the activity id (a GUID), the
/// trace flags and the two commit-context flags.
fn fixed_sesparam_size(sesparamid: u32) -> Option<usize> {
    match sesparamid {
        JET_sesparamOperationContext => Some(8),
        JET_sesparamClientActivityId => Some(16),
        JET_sesparamCorrelationID
        | JET_sesparamIOSessTraceFlags
        | JET_sesparamCommitContextContainsCustomerData
        | JET_sesparamCommitContextNeedPreCommitCallback => Some(4),
        _ => None,
    }
}

/// The longest client description string (`JET_sesparamClientComponentDesc`, ...)
/// kept whole, its NUL included (ESE's `USER_CONTEXT_DESC::cchStrMax`).
const DESC_MOST: usize = 32;

fn u32_of(value: &[u8]) -> JetResult<u32> {
    let b: [u8; 4] = value
        .try_into()
        .map_err(|_| err(ErrorCode::InvalidBufferSize, "the parameter takes 4 bytes"))?;
    Ok(u32::from_le_bytes(b))
}

/// `JetGetSessionParameter(sesid, sesparamid, ...)`: the value of a session parameter
/// as bytes, as ESE's `ErrIsamGetSessionParameter` gives them: the commit default, the
/// transaction level (0 outside a transaction), the commit context, the operation
/// context (8 bytes), the correlation id, the cache priority (the instance's
/// `JET_paramCachePriority` until the session sets its own), the three client
/// description strings (with their NUL), the activity id (16 bytes), the trace flags,
/// the I/O priority and the two commit-context flags; what was never set is zeros.
/// The caller's buffer is checked by [`sesparam_buffer`]. `JET_errInvalidSesparamId`
/// for an unknown id.
pub fn jet_get_session_parameter_bytes(sesid: JET_SESID, sesparamid: u32) -> JetResult<Vec<u8>> {
    let s = get(sesid)?;
    // Copied out: the session's state is not held while the instance's is taken.
    let (commit_default, kept) = {
        let st = s.state.lock();
        (st.commit_default, st.params.get(&sesparamid).cloned())
    };
    Ok(match sesparamid {
        JET_sesparamCommitDefault => commit_default.to_le_bytes().to_vec(),
        JET_sesparamTransactionLevel => s.session.transaction_level().to_le_bytes().to_vec(),
        JET_sesparamCommitGenericContext => kept.unwrap_or_default(),
        JET_sesparamClientComponentDesc
        | JET_sesparamClientActionDesc
        | JET_sesparamClientActionContextDesc => {
            let mut v = kept.unwrap_or_default();
            v.push(0);
            v
        }
        JET_sesparamCachePriority => match kept {
            Some(v) => v,
            None => {
                let p = s.instance.state.lock().params.int(JET_paramCachePriority);
                (p as u32).to_le_bytes().to_vec()
            }
        },
        JET_sesparamIOPriority => kept.unwrap_or_else(|| vec![0; 4]),
        id => match fixed_sesparam_size(id) {
            Some(n) => kept.unwrap_or_else(|| vec![0; n]),
            None => {
                return Err(err(
                    ErrorCode::InvalidSesparamId,
                    format!("session parameter {sesparamid}"),
                ))
            }
        },
    })
}

/// `JetGetSessionParameter` of a 4-byte parameter ([`jet_get_session_parameter_bytes`]
/// with a 4-byte buffer): the transaction level, the commit default, and the other
/// 4-byte values. `JET_errInvalidBufferSize` for a longer value.
pub fn jet_get_session_parameter(sesid: JET_SESID, sesparamid: u32) -> JetResult<u32> {
    u32_of(&jet_get_session_parameter_bytes(sesid, sesparamid)?)
}

/// `JetSetSessionParameter(sesid, sesparamid, pvParam, cbParam)`, as ESE's
/// `ErrIsamSetSessionParameter` takes them: `JET_sesparamCommitDefault` (the grbit
/// commits of this session use when given none: `JET_bitCommitLazyFlush` or 0, else
/// `JET_errInvalidGrbit`), the commit context (any bytes), the operation context (8
/// bytes), the correlation id, the trace flags and the commit-context flags (4 bytes),
/// the activity id (16), the cache priority (4 bytes, 0 to 1,000, else
/// `JET_errInvalidParameter`), the I/O priority (`JET_IOPriorityLow`, the user class id
/// and `JET_IOPriorityMarkAsMaintenance` bits, else `JET_errInvalidGrbit`), and the
/// client description strings (up to their first NUL; one of 32 bytes or more is cut to
/// 28 and "..." with `JET_wrnBufferTruncated`). They are kept for
/// [`jet_get_session_parameter_bytes`]: the engine's I/O and tracing do not use them.
/// Errors: `JET_errInvalidBufferSize` for a value of the wrong size,
/// `JET_errFeatureNotAvailable` for the transaction level (read only),
/// `JET_errInvalidSesparamId` for an unknown id.
pub fn jet_set_session_parameter_bytes(
    sesid: JET_SESID,
    sesparamid: u32,
    value: &[u8],
) -> JetResult<Option<ese::Warning>> {
    let s = get(sesid)?;
    let mut warning = None;
    let kept = match sesparamid {
        JET_sesparamCommitDefault => {
            let v = u32_of(value)?;
            if v & !JET_bitCommitLazyFlush != 0 {
                return Err(err(
                    ErrorCode::InvalidGrbit,
                    "commit default: JET_bitCommitLazyFlush or 0",
                ));
            }
            s.state.lock().commit_default = v;
            return Ok(None);
        }
        JET_sesparamTransactionLevel => {
            return Err(err(
                ErrorCode::FeatureNotAvailable,
                "the transaction level is read only",
            ))
        }
        JET_sesparamCommitGenericContext => value.to_vec(),
        JET_sesparamCachePriority => {
            if u32_of(value)? > 1000 {
                return Err(err(
                    ErrorCode::InvalidParameter,
                    "a cache priority is 0 to 1,000",
                ));
            }
            value.to_vec()
        }
        JET_sesparamIOPriority => {
            const KNOWN: u32 =
                JET_IOPriorityLow | JET_IOPriorityUserClassIdMask | JET_IOPriorityMarkAsMaintenance;
            if u32_of(value)? & !KNOWN != 0 {
                return Err(err(
                    ErrorCode::InvalidGrbit,
                    "I/O priority: JET_IOPriorityLow, a user class id, JET_IOPriorityMarkAsMaintenance",
                ));
            }
            value.to_vec()
        }
        JET_sesparamClientComponentDesc
        | JET_sesparamClientActionDesc
        | JET_sesparamClientActionContextDesc => {
            let mut v = if value.len() < DESC_MOST {
                value.to_vec()
            } else {
                warning = Some(ese::Warning::BufferTruncated);
                [&value[..DESC_MOST - 4], b"..."].concat()
            };
            if let Some(nul) = v.iter().position(|&b| b == 0) {
                v.truncate(nul);
            }
            v
        }
        JET_sesparamCommitContextContainsCustomerData => {
            u32::from(u32_of(value)? != 0).to_le_bytes().to_vec()
        }
        id => match fixed_sesparam_size(id) {
            Some(n) if value.len() == n => value.to_vec(),
            Some(n) => {
                return Err(err(
                    ErrorCode::InvalidBufferSize,
                    format!("session parameter {id} takes {n} bytes"),
                ))
            }
            None => {
                return Err(err(
                    ErrorCode::InvalidSesparamId,
                    format!("session parameter {sesparamid}"),
                ))
            }
        },
    };
    s.state.lock().params.insert(sesparamid, kept);
    Ok(warning)
}

/// `JetSetSessionParameter` of a 4-byte value ([`jet_set_session_parameter_bytes`]).
pub fn jet_set_session_parameter(sesid: JET_SESID, sesparamid: u32, value: u32) -> JetResult<()> {
    jet_set_session_parameter_bytes(sesid, sesparamid, &value.to_le_bytes()).map(|_| ())
}

/// `JetBeginTransaction(sesid)`.
pub fn jet_begin_transaction(sesid: JET_SESID) -> JetResult<()> {
    jet_begin_transaction3(sesid, 0, 0)
}

/// `JetBeginTransaction2(sesid, grbit)`.
pub fn jet_begin_transaction2(sesid: JET_SESID, grbit: JET_GRBIT) -> JetResult<()> {
    jet_begin_transaction3(sesid, 0, grbit)
}

/// `JetBeginTransaction3(sesid, trxid, grbit)`: begins a transaction or one more
/// nesting level (the transaction id is only a label). `JET_bitTransactionReadOnly`:
/// changes fail with `JET_errTransReadOnly`. Errors: `JET_errTransTooDeep` beyond 7
/// levels, `JET_errFeatureNotAvailable` for `JET_bitDistributedTransaction`,
/// `JET_errInvalidGrbit` for other bits, `JET_errInvalidSesid`.
pub fn jet_begin_transaction3(sesid: JET_SESID, _trxid: i64, grbit: JET_GRBIT) -> JetResult<()> {
    let s = get(sesid)?;
    if grbit & !(JET_bitTransactionReadOnly | JET_bitDistributedTransaction) != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetBeginTransaction grbit {grbit:#x}"),
        ));
    }
    if grbit & JET_bitDistributedTransaction != 0 {
        return Err(err(
            ErrorCode::FeatureNotAvailable,
            "distributed transactions are not supported",
        ));
    }
    if grbit & JET_bitTransactionReadOnly != 0 {
        s.session.begin_read_only_transaction()
    } else {
        s.session.begin_transaction()
    }
}

/// `JetCommitTransaction(sesid, grbit)`: [`jet_commit_transaction2`] without a wait
/// time; returns nothing.
pub fn jet_commit_transaction(sesid: JET_SESID, grbit: JET_GRBIT) -> JetResult<()> {
    jet_commit_transaction2(sesid, grbit, 0).map(|_| ())
}

/// `JetCommitTransaction2(sesid, grbit, cmsecDurableCommit, pCommitId)`: commits the
/// innermost level; returns the commit id (the engine's commit timestamp) when the
/// transaction ended. A commit to level 0 waits for the log unless
/// `JET_bitCommitLazyFlush` (or the session's or instance's `CommitDefault` when `grbit`
/// is 0) says otherwise. `JET_bitWaitLastLevel0Commit` and `JET_bitWaitAllLevel0Commit`
/// alone wait until the commits made so far are durable, inside a transaction or not.
/// `JET_bitForceNewLog` alone starts a new log generation, in a transaction or not, and
/// commits nothing (with recovery off it does nothing, as ESE).
/// Errors: `JET_errNotInTransaction`, `JET_errInvalidGrbit` for unknown bits, or a wait
/// bit or `JET_bitForceNewLog` with others.
pub fn jet_commit_transaction2(
    sesid: JET_SESID,
    grbit: JET_GRBIT,
    _cmsec_durable_commit: u32,
) -> JetResult<Option<i64>> {
    let s = get(sesid)?;
    let known = JET_bitCommitLazyFlush
        | JET_bitWaitLastLevel0Commit
        | JET_bitWaitAllLevel0Commit
        | JET_bitForceNewLog;
    if grbit & !known != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetCommitTransaction grbit {grbit:#x}"),
        ));
    }
    let wait = JET_bitWaitLastLevel0Commit | JET_bitWaitAllLevel0Commit;
    if grbit & wait != 0 {
        if grbit & !wait != 0 || grbit == wait {
            return Err(err(
                ErrorCode::InvalidGrbit,
                "a wait grbit cannot be combined with others",
            ));
        }
        s.session.flush_commits()?;
        return Ok(None);
    }
    if grbit & JET_bitForceNewLog != 0 {
        if grbit != JET_bitForceNewLog {
            return Err(err(
                ErrorCode::InvalidGrbit,
                "JET_bitForceNewLog cannot be combined with other grbits",
            ));
        }
        let engine = engine_of(&s.instance.state.lock())?;
        engine.force_new_log()?;
        return Ok(None);
    }
    let grbit = if grbit == 0 {
        let own = s.state.lock().commit_default;
        if own != 0 {
            own
        } else {
            s.instance.state.lock().params.int(JET_paramCommitDefault) as JET_GRBIT
        }
    } else {
        grbit
    };
    let mode = if grbit & JET_bitCommitLazyFlush != 0 {
        CommitMode::Lazy
    } else {
        CommitMode::Durable
    };
    let ts = s.session.commit_transaction_with(mode)?;
    let level = s.session.transaction_level();
    crate::cursor::after_commit(&registry::lock(), sesid, level);
    Ok(ts.map(|t| t as i64))
}

/// `JetRollback(sesid, grbit)`: undoes the innermost level, or every level with
/// `JET_bitRollbackAll`. The cursors opened inside the undone levels close (their
/// handles are stale) and the updates prepared there are cancelled.
/// `JET_errNotInTransaction` outside a transaction, `JET_errInvalidGrbit`.
pub fn jet_rollback(sesid: JET_SESID, grbit: JET_GRBIT) -> JetResult<()> {
    let s = get(sesid)?;
    if grbit & !JET_bitRollbackAll != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetRollback grbit {grbit:#x}"),
        ));
    }
    if grbit & JET_bitRollbackAll != 0 {
        s.session.rollback_all()?;
    } else {
        s.session.rollback()?;
    }
    let level = s.session.transaction_level();
    crate::cursor::after_rollback(&mut registry::lock(), sesid, level);
    Ok(())
}

/// `JetSetSessionContext(sesid, ulContext)`: binds the session to a context (and this
/// thread) until `JetResetSessionContext`. `JET_errSessionContextAlreadySet` when bound.
pub fn jet_set_session_context(sesid: JET_SESID, context: usize) -> JetResult<()> {
    let s = get(sesid)?;
    let mut st = s.state.lock();
    if st.context.is_some() {
        return Err(err(
            ErrorCode::SessionContextAlreadySet,
            "the session already has a context",
        ));
    }
    st.context = Some((context, std::thread::current().id()));
    Ok(())
}

/// `JetResetSessionContext(sesid)`: unbinds the context.
/// `JET_errSessionContextNotSetByThisThread` when none is set or another thread set it.
pub fn jet_reset_session_context(sesid: JET_SESID) -> JetResult<()> {
    let s = get(sesid)?;
    let mut st = s.state.lock();
    match st.context {
        Some((_, t)) if t == std::thread::current().id() => {
            st.context = None;
            Ok(())
        }
        _ => Err(err(
            ErrorCode::SessionContextNotSetByThisThread,
            "this thread did not set the session's context",
        )),
    }
}

/// `JetIdle(sesid, grbit)`, as ESE's `ErrIsamIdle`: with `JET_bitIdleStatus`,
/// `JET_wrnIdleFull` when the version store holds more than half of what it may
/// (else no warning); otherwise (0 or `JET_bitIdleCompact`) the version store is
/// cleaned up now, in this thread, in every database of the instance (what the
/// background cleanup would do: `Database::clean_up`; what a live snapshot still
/// needs stays), and the answer is `JET_wrnNoIdleActivity`, as ESE's. ESE keeps
/// `JET_bitIdleFlushBuffers` reserved: `JET_errInvalidGrbit` after the rest is
/// done, as for unknown bits.
pub fn jet_idle(sesid: JET_SESID, grbit: JET_GRBIT) -> JetResult<Option<ese::Warning>> {
    let s = get(sesid)?;
    if grbit & !(JET_bitIdleFlushBuffers | JET_bitIdleCompact | JET_bitIdleStatus) != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            format!("JetIdle grbit {grbit:#x}"),
        ));
    }
    let engine = engine_of(&s.instance.state.lock())?;
    let warning = if grbit & JET_bitIdleStatus != 0 {
        (engine.version_store_bytes().saturating_mul(2) > engine.version_store_limit())
            .then_some(ese::Warning::IdleFull)
    } else {
        for db in engine.databases() {
            // As ESE's, the cleanup's own failure is not the call's: a read-only
            // database has nothing to clean, and a failing one says so itself on
            // its next change.
            let _ = db.clean_up();
        }
        Some(ese::Warning::NoIdleActivity)
    };
    if grbit & JET_bitIdleFlushBuffers != 0 {
        return Err(err(
            ErrorCode::InvalidGrbit,
            "JET_bitIdleFlushBuffers is reserved",
        ));
    }
    Ok(warning)
}

/// `JetGetVersion(sesid, pwVersion)`: this library's version in esent.dll's layout (bits
/// 28–31 the major version, 24–27 the minor, 8–23 the build, 0–7 the service pack), taken
/// from the crate's version (major.minor.patch: the patch as the build, service pack 0).
/// Needs a session (`JET_errInvalidSesid`).
pub fn jet_get_version(sesid: JET_SESID) -> JetResult<u32> {
    get(sesid)?;
    let part = |s: &str| s.parse::<u32>().unwrap_or(0);
    let major = part(env!("CARGO_PKG_VERSION_MAJOR")) & 0xF;
    let minor = part(env!("CARGO_PKG_VERSION_MINOR")) & 0xF;
    let build = part(env!("CARGO_PKG_VERSION_PATCH")) & 0xFFFF;
    Ok(major << 28 | minor << 24 | build << 8)
}
