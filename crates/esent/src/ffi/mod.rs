//! The boundary machinery of the exported functions: the panic guard, the conversion of
//! `ese-jet` results to `JET_ERR`, the A (UTF-8) and W (UTF-16LE) string encodings, and the
//! macros that export an A/W pair from one generic body.
//!
//! What must hold: no panic unwinds into C. A panic caught by [`guard`] returns
//! `JET_errInternalError` and makes the instance the call worked on unavailable
//! ([`poison`]): its later calls, except `JetTerm`/`JetTerm2`, return
//! `JET_errInstanceUnavailable`, since the state a panic interrupted cannot be trusted.

pub mod poison;
pub mod ptr;

use core::ffi::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};

use ese_jet::{JetResult, Warning};

use crate::consts::{
    JET_errBufferTooSmall, JET_errInstanceUnavailable, JET_errInternalError,
    JET_errInvalidParameter, JET_wrnBufferTruncated,
};
use crate::types::{JET_ERR, WCHAR};

pub use poison::Owner;

/// What an exported body returns: `Ok` with 0 or a warning, `Err` with an error code.
pub type Ret = Result<JET_ERR, JET_ERR>;

/// Runs an exported function's body for `owner`: refuses it when a panic made its instance
/// unavailable, and catches a panic (`JET_errInternalError`, and the instance becomes
/// unavailable).
pub fn guard(owner: Owner, body: impl FnOnce() -> Ret) -> JET_ERR {
    if poison::unavailable(owner) {
        return JET_errInstanceUnavailable;
    }
    guard_always(owner, body)
}

/// [`guard`] for the calls that must work after a panic (ending an instance, freeing a
/// buffer).
pub fn guard_always(owner: Owner, body: impl FnOnce() -> Ret) -> JET_ERR {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(w)) => w,
        Ok(Err(e)) => e,
        Err(_) => {
            poison::mark(owner);
            JET_errInternalError
        }
    }
}

/// `ese-jet` results as `JET_ERR` codes.
pub trait Jet<T> {
    /// The value, or the error's `JET_err` number.
    fn j(self) -> Result<T, JET_ERR>;
}

impl<T> Jet<T> for JetResult<T> {
    fn j(self) -> Result<T, JET_ERR> {
        self.map_err(|e| e.code().value())
    }
}

/// A warning as its `JET_wrn` number (0 for none).
pub fn warn(w: Option<Warning>) -> JET_ERR {
    w.map_or(0, |w| w.value())
}

/// `JET_errInvalidParameter` when a required pointer is NULL.
pub fn need<T>(p: *const T) -> Result<(), JET_ERR> {
    if p.is_null() {
        Err(JET_errInvalidParameter)
    } else {
        Ok(())
    }
}

/// `JET_errInvalidParameter` when a required output pointer is NULL.
pub fn need_mut<T>(p: *mut T) -> Result<(), JET_ERR> {
    need(p.cast_const())
}

/// `JET_errInvalidParameter` when a structure's `cbStruct` is not the size of the form the
/// call expects.
pub fn check_cb(cb: u32, expected: usize) -> Result<(), JET_ERR> {
    if cb as usize == expected {
        Ok(())
    } else {
        Err(JET_errInvalidParameter)
    }
}

/// A string encoding of the C interface: [`A`] (UTF-8 `char`) or [`W`] (UTF-16LE `WCHAR`).
pub trait Enc {
    /// The code unit.
    type Ch: Copy + Default;
    /// Reads a NUL-terminated string (NULL is `None`).
    ///
    /// # Safety
    /// `p` is NULL or a NUL-terminated string of `Ch` that outlives the call.
    unsafe fn read(p: *const Self::Ch) -> Result<Option<String>, JET_ERR>;
    /// Encodes `s` without a terminator.
    fn encode(s: &str) -> Vec<Self::Ch>;
    /// Decodes counted units (a key description, a list of names).
    fn decode(units: &[Self::Ch]) -> Result<String, JET_ERR>;
    /// `s` as the bytes of a text column value (no terminator).
    fn bytes(s: &str) -> Vec<u8>;
    /// The code page of text columns holding [`Enc::bytes`]: 1252 for A, 1200 for W.
    const CP: u16;
}

/// The A form: UTF-8 in `char`.
pub struct A;
/// The W form: UTF-16LE in `WCHAR`.
pub struct W;

impl Enc for A {
    type Ch = c_char;
    unsafe fn read(p: *const c_char) -> Result<Option<String>, JET_ERR> {
        // SAFETY: forwarded contract.
        unsafe { ptr::read_str_a(p) }
    }
    fn encode(s: &str) -> Vec<c_char> {
        s.bytes().map(|b| b as c_char).collect()
    }
    fn decode(units: &[c_char]) -> Result<String, JET_ERR> {
        let bytes: Vec<u8> = units.iter().map(|&c| c as u8).collect();
        String::from_utf8(bytes).map_err(|_| JET_errInvalidParameter)
    }
    fn bytes(s: &str) -> Vec<u8> {
        s.as_bytes().to_vec()
    }
    const CP: u16 = 1252;
}

impl Enc for W {
    type Ch = WCHAR;
    unsafe fn read(p: *const WCHAR) -> Result<Option<String>, JET_ERR> {
        // SAFETY: forwarded contract.
        unsafe { ptr::read_str_w(p) }
    }
    fn encode(s: &str) -> Vec<WCHAR> {
        s.encode_utf16().collect()
    }
    fn decode(units: &[WCHAR]) -> Result<String, JET_ERR> {
        String::from_utf16(units).map_err(|_| JET_errInvalidParameter)
    }
    fn bytes(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }
    const CP: u16 = 1200;
}

/// Reads a required string: NULL is `JET_errInvalidParameter`.
///
/// # Safety
/// As [`Enc::read`].
pub unsafe fn req<E: Enc>(p: *const E::Ch) -> Result<String, JET_ERR> {
    // SAFETY: forwarded contract.
    unsafe { E::read(p) }?.ok_or(JET_errInvalidParameter)
}

/// Reads an optional string.
///
/// # Safety
/// As [`Enc::read`].
pub unsafe fn opt<E: Enc>(p: *const E::Ch) -> Result<Option<String>, JET_ERR> {
    // SAFETY: forwarded contract.
    unsafe { E::read(p) }
}

/// How a string output treats a buffer that is too small.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Short {
    /// Write what fits (ended by NUL) and return `JET_wrnBufferTruncated`.
    Truncate,
    /// Write nothing and return `JET_errBufferTooSmall`.
    Fail,
}

/// Writes `s` with its NUL into the caller's buffer of `cb` bytes.
///
/// # Safety
/// `dst` is NULL or writable for `cb` bytes.
pub unsafe fn write_str<E: Enc>(dst: *mut E::Ch, cb: u32, s: &str, short: Short) -> Ret {
    let mut units = E::encode(s);
    units.push(E::Ch::default());
    let unit = core::mem::size_of::<E::Ch>();
    let fits = cb as usize / unit;
    if dst.is_null() && cb > 0 {
        return Err(JET_errInvalidParameter);
    }
    if units.len() <= fits {
        // SAFETY: `dst` is writable for `cb` bytes, which hold `units.len()` units.
        unsafe { ptr::copy_out(dst, &units) };
        return Ok(0);
    }
    match short {
        Short::Fail => Err(JET_errBufferTooSmall),
        Short::Truncate => {
            if fits > 0 {
                units.truncate(fits);
                units[fits - 1] = E::Ch::default();
                // SAFETY: `fits` units fit in the `cb` writable bytes.
                unsafe { ptr::copy_out(dst, &units) };
            }
            Ok(JET_wrnBufferTruncated)
        }
    }
}

/// Copies bytes into the caller's buffer of `cb` bytes; a short buffer gets what fits and
/// `JET_wrnBufferTruncated`. `*pcb` (optional) gets the full size.
///
/// # Safety
/// `dst` is NULL or writable for `cb` bytes; `pcb` is NULL or writable.
pub unsafe fn write_bytes(dst: *mut core::ffi::c_void, cb: u32, data: &[u8], pcb: *mut u32) -> Ret {
    if dst.is_null() && cb > 0 {
        return Err(JET_errInvalidParameter);
    }
    let n = data.len().min(cb as usize);
    // SAFETY: `dst` is writable for `cb >= n` bytes.
    unsafe { ptr::copy_out(dst.cast::<u8>(), &data[..n]) };
    // SAFETY: `pcb` is NULL or writable.
    unsafe { ptr::put(pcb, data.len() as u32) };
    Ok(if n < data.len() {
        JET_wrnBufferTruncated
    } else {
        0
    })
}

/// Type of a string parameter in the A form of an exported pair (`s`: input, `o`: output).
#[macro_export]
#[doc(hidden)]
macro_rules! ta {
    (s) => { *const core::ffi::c_char };
    (o) => { *mut core::ffi::c_char };
    (($t:ty)) => { $t };
}

/// Type of a string parameter in the W form of an exported pair (`s`: input, `o`: output).
#[macro_export]
#[doc(hidden)]
macro_rules! tw {
    (s) => { *const $crate::types::WCHAR };
    (o) => { *mut $crate::types::WCHAR };
    (($t:ty)) => { $t };
}

/// Exports `JetXA` and `JetXW` from one body generic over [`Enc`]. Parameters are
/// `name: s` (input string), `name: o` (output string) or `name: (Type)`.
#[macro_export]
#[doc(hidden)]
macro_rules! aw {
    ($(#[$doc:meta])* $a:ident $w:ident = $imp:ident(
        $first:ident: $fk:tt $(, $arg:ident: $k:tt)* $(,)?
    )) => {
        $(#[$doc])*
        ///
        /// The UTF-8 (`A`) form.
        ///
        /// # Safety
        /// The caller keeps esent.h's contract: pointers are NULL or valid as the header
        /// describes for the duration of the call.
        #[no_mangle]
        pub unsafe extern "system" fn $a(
            $first: $crate::ta!($fk) $(, $arg: $crate::ta!($k))*
        ) -> $crate::types::JET_ERR {
            let owner = $crate::ffi::Owner::of(stringify!($first), $first as usize);
            // SAFETY: forwarded C contract; the body reaches memory through `ffi::ptr` only.
            $crate::ffi::guard(owner, || unsafe { $imp::<$crate::ffi::A>($first $(, $arg)*) })
        }
        $(#[$doc])*
        ///
        /// The UTF-16LE (`W`) form.
        ///
        /// # Safety
        /// The caller keeps esent.h's contract: pointers are NULL or valid as the header
        /// describes for the duration of the call.
        #[no_mangle]
        pub unsafe extern "system" fn $w(
            $first: $crate::tw!($fk) $(, $arg: $crate::tw!($k))*
        ) -> $crate::types::JET_ERR {
            let owner = $crate::ffi::Owner::of(stringify!($first), $first as usize);
            // SAFETY: forwarded C contract; the body reaches memory through `ffi::ptr` only.
            $crate::ffi::guard(owner, || unsafe { $imp::<$crate::ffi::W>($first $(, $arg)*) })
        }
    };
}

/// Exports one function (no string parameters) from a body returning [`Ret`].
#[macro_export]
#[doc(hidden)]
macro_rules! export {
    ($(#[$doc:meta])* $name:ident($first:ident: $ft:ty $(, $arg:ident: $t:ty)* $(,)?) $body:block) => {
        $(#[$doc])*
        ///
        /// # Safety
        /// The caller keeps esent.h's contract: pointers are NULL or valid as the header
        /// describes for the duration of the call.
        #[no_mangle]
        #[allow(unused_unsafe)]
        pub unsafe extern "system" fn $name($first: $ft $(, $arg: $t)*) -> $crate::types::JET_ERR {
            let owner = $crate::ffi::Owner::of(stringify!($first), $first as usize);
            // SAFETY: forwarded C contract; the body reaches memory through `ffi::ptr` only.
            $crate::ffi::guard(owner, || unsafe { $body })
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_round_trip_and_reject_bad_text() {
        let a = c"héllo";
        let w: Vec<u16> = "héllo".encode_utf16().chain([0]).collect();
        let bad = [0xD800u16, 0];
        let bad8 = [0xFFu8 as c_char, 0];
        // SAFETY: every pointer is NULL or a NUL-terminated buffer that lives to the end.
        let got = unsafe {
            [
                req::<A>(a.as_ptr()),
                req::<W>(w.as_ptr()),
                req::<A>(core::ptr::null()),
                req::<W>(bad.as_ptr()),
                req::<A>(bad8.as_ptr()),
            ]
        };
        let ok = Ok("héllo".to_string());
        let bad = Err(JET_errInvalidParameter);
        assert_eq!(got, [ok.clone(), ok, bad.clone(), bad.clone(), bad]);
        // SAFETY: NULL is allowed.
        let none = unsafe { opt::<W>(core::ptr::null()) };
        assert_eq!(none, Ok(None));
    }

    #[test]
    fn string_outputs_fail_or_truncate() {
        let mut buf = [0x55 as c_char; 4];
        // SAFETY: `buf` is writable for its length.
        let r = unsafe { write_str::<A>(buf.as_mut_ptr(), 4, "abcdef", Short::Fail) };
        assert_eq!(r, Err(JET_errBufferTooSmall));
        assert_eq!(buf, [0x55; 4], "nothing written on failure");
        // SAFETY: as above.
        let r = unsafe { write_str::<A>(buf.as_mut_ptr(), 4, "abcdef", Short::Truncate) };
        assert_eq!(r, Ok(JET_wrnBufferTruncated));
        assert_eq!(buf, [b'a' as c_char, b'b' as c_char, b'c' as c_char, 0]);
        let mut w = [0u16; 3];
        // SAFETY: 6 writable bytes.
        let r = unsafe { write_str::<W>(w.as_mut_ptr(), 6, "hi", Short::Fail) };
        assert_eq!((r, w), (Ok(0), [b'h' as u16, b'i' as u16, 0]));
        // SAFETY: NULL with a length is refused before any write.
        let r = unsafe { write_str::<W>(core::ptr::null_mut(), 6, "hi", Short::Fail) };
        assert_eq!(r, Err(JET_errInvalidParameter));
    }

    #[test]
    fn buffers_and_slices_check_null_with_length() {
        // SAFETY: NULL pointers are checked, never read.
        unsafe {
            assert_eq!(ptr::bytes(core::ptr::null(), 0), Ok(None));
            assert_eq!(
                ptr::bytes(core::ptr::null(), 1),
                Err(JET_errInvalidParameter)
            );
            assert_eq!(
                ptr::bytes_mut(core::ptr::null_mut(), 0).map(|b| b.len()),
                Ok(0)
            );
            assert!(ptr::bytes_mut(core::ptr::null_mut(), 2).is_err());
            assert!(ptr::slice::<u32>(core::ptr::null(), 1).is_err());
            assert!(ptr::read::<u32>(core::ptr::null()).is_err());
        }
        let mut out = 0u32;
        let data = [1u8, 2, 3];
        // SAFETY: `out` is 4 writable bytes; `pcb` NULL is allowed.
        let r = unsafe {
            write_bytes(
                (&mut out as *mut u32).cast(),
                2,
                &data,
                core::ptr::null_mut(),
            )
        };
        assert_eq!(r, Ok(JET_wrnBufferTruncated));
        assert_eq!(out.to_le_bytes(), [1, 2, 0, 0]);
    }

    /// The only test that panics inside `guard`: it marks an instance and then the whole
    /// process unavailable for the rest of this test binary.
    #[test]
    fn a_panic_is_an_internal_error_and_makes_its_instance_unavailable() {
        let dir = std::env::temp_dir().join(format!("esent-poison-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.to_str().unwrap();
        let instance = ese_jet::jet_create_instance(Some("poison")).unwrap();
        for p in [
            ese_jet::consts::JET_paramSystemPath,
            ese_jet::consts::JET_paramLogFilePath,
        ] {
            ese_jet::jet_set_system_parameter(instance, 0, p, 0, Some(path)).unwrap();
        }
        ese_jet::jet_init(Some(&mut instance.clone())).unwrap();
        let sesid = ese_jet::jet_begin_session(instance, None, None).unwrap();
        assert_eq!(ese_jet::session_instance(sesid), Some(instance));
        assert_eq!(ese_jet::session_instance(sesid ^ 0x1000_0000), None);
        let (ses, inst, other) = (
            Owner::Session(sesid),
            Owner::Instance(instance),
            Owner::Instance(8000),
        );
        assert_eq!(
            guard(ses, || Ok(JET_wrnBufferTruncated)),
            JET_wrnBufferTruncated
        );
        assert_eq!(
            guard(ses, || Err(JET_errInvalidParameter)),
            JET_errInvalidParameter
        );
        assert_eq!(guard(ses, || panic!("boom")), JET_errInternalError);
        assert_eq!(guard(ses, || Ok(0)), JET_errInstanceUnavailable);
        assert_eq!(guard(inst, || Ok(0)), JET_errInstanceUnavailable);
        assert_eq!(guard(other, || Ok(0)), 0, "other instances go on");
        assert_eq!(guard(Owner::Process, || Ok(0)), 0);
        assert_eq!(guard_always(inst, || Ok(0)), 0, "JetTerm still runs");
        assert_eq!(
            guard(Owner::Process, || panic!("no instance")),
            JET_errInternalError
        );
        assert_eq!(guard(other, || Ok(0)), JET_errInstanceUnavailable);
        assert_eq!(Owner::of("sesid", 5), Owner::Session(5));
        assert_eq!(Owner::of("pinstance", 5), Owner::Process);
        ese_jet::jet_term(instance).unwrap();
        assert_eq!(ese_jet::session_instance(sesid), None);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
