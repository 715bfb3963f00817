//! Exported `JetGetErrorInfoW`: the category of an error code and its place in ESE's tree
//! of categories ([`ese_jet::jet_get_error_info`]), written as esent.h's
//! [`JET_ERRINFOBASIC_W`]. ESE has only the W form, and so does this library. There is no
//! `JetGetErrorInfoA`, and no unsuffixed `JetGetErrorInfo`, because in this header an
//! unsuffixed name is always the A form.
//!
//! What must hold: the checks come in ESE's order. An unknown level, a NULL `pvContext`
//! or a non-zero grbit is `JET_errInvalidParameter`. After those, a `cbMax` below
//! `sizeof(JET_ERRINFOBASIC_W)` is `JET_errInvalidBufferSize`, and last a code that
//! ESE's table does not list is `JET_errInvalidParameter`. The result is written only on
//! success, and only `sizeof(JET_ERRINFOBASIC_W)` bytes of the buffer.

use core::ffi::c_void;
use core::mem::size_of;

use ese_jet as jet;

use crate::consts::*;
use crate::export;
use crate::ffi::ptr;
use crate::ffi::{need_mut, Jet};
use crate::types::*;

/// What `JetGetErrorInfoW` writes for `JET_ErrorInfoSpecificErr`: the code, its most
/// specific category (`JET_errcat*`, a `JET_ERRCAT`) and the chain of categories above it.
/// In C the category is an enum, 32 bits wide here.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_ERRINFOBASIC_W {
    /// Size of this structure (152). The call sets it.
    pub cbStruct: u32,
    /// The code that was asked about.
    pub errValue: JET_ERR,
    /// Its most specific category (`JET_ERRCAT`).
    pub errcatMostSpecific: u32,
    /// Categories from `JET_errcatError` (position 0) down to `errcatMostSpecific`, with
    /// `JET_errcatUnknown` (0) in the unused places.
    pub rgCategoricalHierarchy: [u8; 8],
    /// Source line of the error. Always 0, as in ESE.
    pub lSourceLine: u32,
    /// Source file of the error. Always the empty string, as in ESE (this library writes
    /// every unit as 0).
    pub rgszSourceFile: [WCHAR; 64],
}

export! {
    /// `JetGetErrorInfoW`: for `JET_ErrorInfoSpecificErr`, writes a `JET_ERRINFOBASIC_W` for
    /// the `JET_ERR` that `pvContext` points to. There are no grbits.
    JetGetErrorInfoW(pvContext: *mut c_void, pvResult: *mut c_void, cbMax: u32, InfoLevel: u32, grbit: JET_GRBIT) {
        // ESE checks the level, the context and the grbits before the buffer's size, and
        // looks the code up only after that. The facade repeats the first checks.
        if InfoLevel != JET_ErrorInfoSpecificErr || pvContext.is_null() || grbit != 0 {
            return Err(JET_errInvalidParameter);
        }
        if (cbMax as usize) < size_of::<JET_ERRINFOBASIC_W>() {
            return Err(JET_errInvalidBufferSize);
        }
        need_mut(pvResult)?;
        let code = ptr::read(pvContext.cast_const().cast::<JET_ERR>())?;
        let info = jet::jet_get_error_info(code, InfoLevel, grbit).j()?;
        let out = JET_ERRINFOBASIC_W {
            cbStruct: size_of::<JET_ERRINFOBASIC_W>() as u32,
            errValue: info.errValue,
            errcatMostSpecific: info.errcatMostSpecific,
            rgCategoricalHierarchy: info.rgCategoricalHierarchy,
            lSourceLine: 0,
            rgszSourceFile: [0; 64],
        };
        // `pvResult` is not NULL and holds `cbMax >= size_of` bytes. `put` writes unaligned.
        ptr::put(pvResult.cast::<JET_ERRINFOBASIC_W>(), out);
        Ok(0)
    }
}
