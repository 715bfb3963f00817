//! `JetGetTableIndexInfo` / `JetGetIndexInfo` at `JET_IdxInfoCreateIndex`, `2` and `3`: a
//! `JET_INDEXCREATE`, `JET_INDEXCREATE2` or `JET_INDEXCREATE3` that re-creates the index
//! (`ErrINFOIBuildIndexCreateVX`), written into the caller's buffer with everything it points
//! to.
//!
//! What must hold: the structure starts at `pvResult`; its space hints (forms 2 and 3), name,
//! key description, Unicode settings, tuple limits and conditions follow it in the buffer,
//! each aligned for its type; every pointer the structure holds points inside
//! the buffer; a buffer too small for all of it is `JET_errBufferTooSmall` and nothing the
//! caller could follow is left half written. As in ESE the grbit always has
//! `JET_bitIndexUnicode`, and `JET_bitIndexTupleLimits` for a tuple index (whose limits
//! replace `cbVarSegMac`); `cbKeyMost` is at least 255.

use core::ffi::c_void;
use core::mem::{align_of, size_of};
use core::ptr::null_mut;

use ese_jet as jet;

use crate::consts::*;
use crate::ffi::{need_mut, Enc, Ret, A, W};
use crate::types::*;

/// Hands out consecutive, aligned pieces of the caller's buffer.
struct Placer {
    base: *mut u8,
    cb: usize,
    at: usize,
}

impl Placer {
    /// `size` bytes aligned to `align`, after the pieces already handed out.
    fn take(&mut self, size: usize, align: usize) -> Result<*mut u8, JET_ERR> {
        let addr = self.base as usize + self.at;
        let start = addr.next_multiple_of(align) - self.base as usize;
        let end = start.checked_add(size).ok_or(JET_errBufferTooSmall)?;
        if end > self.cb {
            return Err(JET_errBufferTooSmall);
        }
        self.at = end;
        // SAFETY: `start + size <= cb`, inside the caller's buffer.
        Ok(unsafe { self.base.add(start) })
    }

    /// `units` copied into the buffer.
    fn units<C: Copy>(&mut self, units: &[C]) -> Result<*mut C, JET_ERR> {
        let p = self.take(size_of_val(units), align_of::<C>())?.cast::<C>();
        // SAFETY: `p` is aligned for `C` and has room for `units` (just taken).
        unsafe { core::ptr::copy_nonoverlapping(units.as_ptr(), p, units.len()) };
        Ok(p)
    }

    /// `v` placed in the buffer.
    fn put<T: Copy>(&mut self, v: T) -> Result<*mut T, JET_ERR> {
        self.units(core::slice::from_ref(&v))
    }

    /// `s` NUL-terminated in the form `E`.
    fn str<E: Enc>(&mut self, s: &str) -> Result<*mut E::Ch, JET_ERR> {
        let mut u = E::encode(s);
        u.push(E::Ch::default());
        self.units(&u)
    }
}

/// The key description ESE writes: each segment's `+` or `-` and column name, NUL-terminated,
/// then a second NUL.
fn key_units<E: Enc>(info: &jet::JET_INDEXINFO) -> Vec<E::Ch> {
    let mut out = Vec::new();
    for (name, descending) in &info.segments {
        out.extend(E::encode(if *descending { "-" } else { "+" }));
        out.extend(E::encode(name));
        out.push(E::Ch::default());
    }
    out.push(E::Ch::default());
    out
}

fn space_hints(info: &jet::JET_INDEXINFO) -> JET_SPACEHINTS {
    JET_SPACEHINTS {
        cbStruct: size_of::<JET_SPACEHINTS>() as u32,
        ulInitialDensity: info.ulDensity,
        cbInitial: 0,
        grbit: 0,
        ulMaintDensity: 0,
        ulGrowth: 0,
        cbMinExtent: 0,
        cbMaxExtent: 0,
    }
}

fn tuple_limits(t: &jet::JET_TUPLELIMITS) -> JET_TUPLELIMITS {
    JET_TUPLELIMITS {
        chLengthMin: t.chLengthMin,
        chLengthMax: t.chLengthMax,
        chToIndexMax: t.chToIndexMax,
        cchIncrement: t.cchIncrement,
        ichStart: t.ichStart,
    }
}

/// The A or W family of the three structures.
pub(crate) trait IndexCreateForm: Enc + Sized {
    /// Writes the structure of `level` describing `info` at `pv`.
    ///
    /// # Safety
    /// `pv` is NULL or writable for `cb` bytes.
    unsafe fn index_create(info: &jet::JET_INDEXINFO, level: u32, pv: *mut c_void, cb: u32) -> Ret;
}

macro_rules! index_create_form {
    ($enc:ty, $ic1:ident, $ic2:ident, $ic3:ident, $cond:ident) => {
        impl IndexCreateForm for $enc {
            unsafe fn index_create(
                info: &jet::JET_INDEXINFO,
                level: u32,
                pv: *mut c_void,
                cb: u32,
            ) -> Ret {
                need_mut(pv)?;
                let mut p = Placer {
                    base: pv.cast(),
                    cb: cb as usize,
                    at: 0,
                };
                let head = match level {
                    JET_IdxInfoCreateIndex => size_of::<$ic1>(),
                    JET_IdxInfoCreateIndex2 => size_of::<$ic2>(),
                    _ => size_of::<$ic3>(),
                };
                p.take(head, 1)?;
                let hints = match level {
                    JET_IdxInfoCreateIndex => null_mut(),
                    _ => p.put(space_hints(info))?,
                };
                let name = p.str::<$enc>(&info.szIndexName)?;
                let key = key_units::<$enc>(info);
                let cb_key = size_of_val(key.as_slice()) as u32;
                let key = p.units(&key)?;
                let mut grbit = info.grbit | JET_bitIndexUnicode;
                let (unicode, unicode2) = if level == JET_IdxInfoCreateIndex3 {
                    let locale = p.str::<W>(info.szLocaleName.as_deref().unwrap_or(""))?;
                    let u = p.put(JET_UNICODEINDEX2 {
                        szLocaleName: locale,
                        dwMapFlags: info.dwMapFlags,
                    })?;
                    (null_mut(), u)
                } else {
                    let u = p.put(JET_UNICODEINDEX {
                        lcid: info.lcid,
                        dwMapFlags: info.dwMapFlags,
                    })?;
                    (u, null_mut())
                };
                let segment = match &info.tuple_limits {
                    Some(t) => {
                        grbit |= JET_bitIndexTupleLimits;
                        JET_INDEXCREATE_SEGMENT {
                            ptuplelimits: p.put(tuple_limits(t))?,
                        }
                    }
                    None => JET_INDEXCREATE_SEGMENT {
                        cbVarSegMac: info.cbVarSegMac,
                    },
                };
                let mut conds = Vec::with_capacity(info.conditions.len());
                for (column, must_be_null) in &info.conditions {
                    conds.push($cond {
                        cbStruct: size_of::<$cond>() as u32,
                        szColumnName: p.str::<$enc>(column)?,
                        grbit: if *must_be_null {
                            JET_bitIndexColumnMustBeNull
                        } else {
                            JET_bitIndexColumnMustBeNonNull
                        },
                    });
                }
                let rgcond = if conds.is_empty() {
                    null_mut()
                } else {
                    p.units(&conds)?
                };
                let cb_key_most = info.cbKeyMost.max(255);
                let c_cond = conds.len() as u32;
                // SAFETY: the buffer holds `head` bytes at `pv` (taken first); the caller's
                // buffer need not be aligned for the structure, so it is written unaligned.
                unsafe {
                    match level {
                        JET_IdxInfoCreateIndex => pv.cast::<$ic1>().write_unaligned($ic1 {
                            cbStruct: size_of::<$ic1>() as u32,
                            szIndexName: name,
                            szKey: key,
                            cbKey: cb_key,
                            grbit,
                            ulDensity: info.ulDensity,
                            lcid_or_pidxunicode: JET_INDEXCREATE_LOCALE {
                                pidxunicode: unicode,
                            },
                            cbVarSegMac_or_ptuplelimits: segment,
                            rgconditionalcolumn: rgcond,
                            cConditionalColumn: c_cond,
                            err: 0,
                            cbKeyMost: cb_key_most,
                        }),
                        JET_IdxInfoCreateIndex2 => pv.cast::<$ic2>().write_unaligned($ic2 {
                            cbStruct: size_of::<$ic2>() as u32,
                            szIndexName: name,
                            szKey: key,
                            cbKey: cb_key,
                            grbit,
                            ulDensity: info.ulDensity,
                            lcid_or_pidxunicode: JET_INDEXCREATE_LOCALE {
                                pidxunicode: unicode,
                            },
                            cbVarSegMac_or_ptuplelimits: segment,
                            rgconditionalcolumn: rgcond,
                            cConditionalColumn: c_cond,
                            err: 0,
                            cbKeyMost: cb_key_most,
                            pSpacehints: hints,
                        }),
                        _ => pv.cast::<$ic3>().write_unaligned($ic3 {
                            cbStruct: size_of::<$ic3>() as u32,
                            szIndexName: name,
                            szKey: key,
                            cbKey: cb_key,
                            grbit,
                            ulDensity: info.ulDensity,
                            pidxunicode: unicode2,
                            cbVarSegMac_or_ptuplelimits: segment,
                            rgconditionalcolumn: rgcond,
                            cConditionalColumn: c_cond,
                            err: 0,
                            cbKeyMost: cb_key_most,
                            pSpacehints: hints,
                        }),
                    }
                }
                Ok(0)
            }
        }
    };
}

index_create_form!(
    A,
    JET_INDEXCREATE_A,
    JET_INDEXCREATE2_A,
    JET_INDEXCREATE3_A,
    JET_CONDITIONALCOLUMN_A
);
index_create_form!(
    W,
    JET_INDEXCREATE_W,
    JET_INDEXCREATE2_W,
    JET_INDEXCREATE3_W,
    JET_CONDITIONALCOLUMN_W
);
