//! Exported session and transaction calls: `JetBeginSession*`, `JetDupSession`,
//! `JetEndSession`, the session parameters and contexts, `JetIdle`, `JetBeginTransaction*`,
//! `JetCommitTransaction*` and `JetRollback`.
//!
//! What must hold: `*psesid` and `*pCommitId` are written only on success.

use core::ffi::c_void;

use ese_jet as jet;

use crate::consts::*;
use crate::ffi::ptr::{self, put};
use crate::ffi::{need_mut, opt, Enc, Jet, Ret};
use crate::types::*;
use crate::{aw, export};

unsafe fn begin_session<E: Enc>(
    instance: JET_INSTANCE,
    psesid: *mut JET_SESID,
    user: *const E::Ch,
    password: *const E::Ch,
) -> Ret {
    need_mut(psesid)?;
    // SAFETY: forwarded C contract.
    let (user, password) = unsafe { (opt::<E>(user)?, opt::<E>(password)?) };
    let s = jet::jet_begin_session(instance, user.as_deref(), password.as_deref()).j()?;
    // SAFETY: checked non-null.
    unsafe { put(psesid, s) };
    Ok(0)
}

aw! {
    /// `JetBeginSession`: opens a session (the user name and password are ignored).
    JetBeginSessionA JetBeginSessionW = begin_session(
        instance: (JET_INSTANCE), psesid: (*mut JET_SESID), szUserName: s, szPassword: s)
}

export! {
    /// `JetDupSession`: opens another session on the same instance.
    JetDupSession(sesid: JET_SESID, psesid: *mut JET_SESID) {
        need_mut(psesid)?;
        let s = jet::jet_dup_session(sesid).j()?;
        put(psesid, s);
        Ok(0)
    }
}

export! {
    /// `JetEndSession`: rolls back the session's transaction and closes its cursors.
    JetEndSession(sesid: JET_SESID, grbit: JET_GRBIT) {
        jet::jet_end_session(sesid, grbit).j()?;
        Ok(0)
    }
}

export! {
    /// `JetGetSessionParameter`: a session parameter into `pvParam`, its size into
    /// `pcbParamActual` (also with no buffer), the buffer checked as ESE checks it
    /// (`jet::sesparam_buffer`); no buffer and no size is `JET_errInvalidParameter`.
    JetGetSessionParameter(
        sesid: JET_SESID,
        sesparamid: u32,
        pvParam: *mut c_void,
        cbParamMax: u32,
        pcbParamActual: *mut u32,
    ) {
        if pvParam.is_null() && pcbParamActual.is_null() {
            return Err(JET_errInvalidParameter);
        }
        let v = jet::jet_get_session_parameter_bytes(sesid, sesparamid).j()?;
        put(pcbParamActual, v.len() as u32);
        if pvParam.is_null() {
            return Ok(0);
        }
        let out = ptr::bytes_mut(pvParam, cbParamMax)?;
        let rule = jet::sesparam_buffer(sesparamid);
        let fits = match rule {
            jet::SesparamBuffer::Exact => out.len() == v.len(),
            _ => out.len() >= v.len(),
        };
        if !fits {
            return Err(match rule {
                jet::SesparamBuffer::AtLeastOrTooSmall => JET_errBufferTooSmall,
                _ => JET_errInvalidBufferSize,
            });
        }
        out[..v.len()].copy_from_slice(&v);
        Ok(0)
    }
}

export! {
    /// `JetSetSessionParameter`: sets a session parameter from `cbParam` bytes at
    /// `pvParam` (`jet::jet_set_session_parameter_bytes`); a size without a buffer is
    /// `JET_errInvalidParameter`.
    JetSetSessionParameter(sesid: JET_SESID, sesparamid: u32, pvParam: *mut c_void, cbParam: u32) {
        let bytes = ptr::bytes(pvParam, cbParam)?.unwrap_or(&[]);
        jet::jet_set_session_parameter_bytes(sesid, sesparamid, bytes)
            .j()
            .map(crate::ffi::warn)
    }
}

export! {
    /// `JetSetSessionContext`: binds the session to a client context.
    JetSetSessionContext(sesid: JET_SESID, ulContext: JET_API_PTR) {
        jet::jet_set_session_context(sesid, ulContext).j().map(|()| 0)
    }
}

export! {
    /// `JetResetSessionContext`: releases the binding of [`JetSetSessionContext`].
    JetResetSessionContext(sesid: JET_SESID) {
        jet::jet_reset_session_context(sesid).j().map(|()| 0)
    }
}

export! {
    /// `JetIdle`: with `JET_bitIdleStatus`, `JET_wrnIdleFull` when the version
    /// store is more than half full; otherwise (0 or `JET_bitIdleCompact`) cleans
    /// the version store now and answers `JET_wrnNoIdleActivity`;
    /// `JET_bitIdleFlushBuffers` is reserved (`JET_errInvalidGrbit`).
    JetIdle(sesid: JET_SESID, grbit: JET_GRBIT) {
        jet::jet_idle(sesid, grbit).j().map(crate::ffi::warn)
    }
}

export! {
    /// `JetBeginTransaction`: begins a transaction or a nested level.
    JetBeginTransaction(sesid: JET_SESID) {
        jet::jet_begin_transaction(sesid).j().map(|()| 0)
    }
}

export! {
    /// `JetBeginTransaction2`: [`JetBeginTransaction`] with options.
    JetBeginTransaction2(sesid: JET_SESID, grbit: JET_GRBIT) {
        jet::jet_begin_transaction2(sesid, grbit).j().map(|()| 0)
    }
}

export! {
    /// `JetBeginTransaction3`: [`JetBeginTransaction2`] with a client transaction id.
    JetBeginTransaction3(sesid: JET_SESID, trxid: i64, grbit: JET_GRBIT) {
        jet::jet_begin_transaction3(sesid, trxid, grbit).j().map(|()| 0)
    }
}

export! {
    /// `JetCommitTransaction`: commits one level.
    JetCommitTransaction(sesid: JET_SESID, grbit: JET_GRBIT) {
        jet::jet_commit_transaction(sesid, grbit).j().map(|()| 0)
    }
}

export! {
    /// `JetCommitTransaction2`: commits one level and returns the commit id (its log
    /// signature is zero: the log has none yet).
    JetCommitTransaction2(
        sesid: JET_SESID,
        grbit: JET_GRBIT,
        cmsecDurableCommit: u32,
        pCommitId: *mut JET_COMMIT_ID,
    ) {
        let id = jet::jet_commit_transaction2(sesid, grbit, cmsecDurableCommit).j()?;
        if let Some(id) = id {
            // SAFETY: JET_COMMIT_ID holds only integers, so all-zero bytes are a value.
            let mut c: JET_COMMIT_ID = core::mem::zeroed();
            c.commitId = id;
            put(pCommitId, c);
        }
        Ok(0)
    }
}

export! {
    /// `JetRollback`: rolls back one level, or all with `JET_bitRollbackAll`.
    JetRollback(sesid: JET_SESID, grbit: JET_GRBIT) {
        jet::jet_rollback(sesid, grbit).j().map(|()| 0)
    }
}

export! {
    /// `JetGetVersion`: this library's version in esent.dll's layout (major in bits
    /// 28–31, minor in 24–27, build in 8–23, service pack 0).
    JetGetVersion(sesid: JET_SESID, pwVersion: *mut u32) {
        need_mut(pwVersion)?;
        let v = jet::jet_get_version(sesid).j()?;
        put(pwVersion, v);
        Ok(0)
    }
}
