//! The raw pointer handling of the exported functions: reading C and UTF-16 strings, turning
//! a pointer and a length into a slice, reading a caller's structure and writing an output
//! parameter.
//!
//! What must hold: the other modules reach caller memory only through these functions
//! (the two calls that build memory for the caller, `JetGetInstanceInfo` and
//! `JetEnumerateColumns`, also write into the blocks they allocated). Each is `unsafe` with one contract, the C caller's: a non-null pointer points
//! to memory valid for the given length (or, for strings, up to a terminating NUL) for the
//! duration of the call, and an output pointer is writable. NULL is never dereferenced: where
//! a pointer is required it is `JET_errInvalidParameter`.

use core::ffi::{c_char, c_void, CStr};

use crate::consts::JET_errInvalidParameter;
use crate::types::{JET_ERR, WCHAR};

/// The longest UTF-16 string read from a caller (in code units), so that a missing terminator
/// ends in an error rather than a walk through all memory that happens to be mapped.
const MAX_WSTR: usize = 1 << 20;

/// Reads a NUL-terminated UTF-8 string; NULL is `None`, invalid UTF-8 is
/// `JET_errInvalidParameter`.
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string that outlives the call.
pub unsafe fn read_str_a(p: *const c_char) -> Result<Option<String>, JET_ERR> {
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: `p` is non-null and, by the caller's contract, NUL-terminated and live.
    let s = unsafe { CStr::from_ptr(p) };
    s.to_str()
        .map(|s| Some(s.to_string()))
        .map_err(|_| JET_errInvalidParameter)
}

/// Reads a NUL-terminated UTF-16LE string; NULL is `None`, unpaired surrogates are
/// `JET_errInvalidParameter`.
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated `WCHAR` string that outlives the call.
pub unsafe fn read_str_w(p: *const WCHAR) -> Result<Option<String>, JET_ERR> {
    if p.is_null() {
        return Ok(None);
    }
    let mut len = 0usize;
    // SAFETY: `p` is non-null; every unit up to and including the terminator is readable by
    // the caller's contract, and the loop stops at the first NUL.
    while unsafe { p.add(len).read_unaligned() } != 0 {
        len += 1;
        if len > MAX_WSTR {
            return Err(JET_errInvalidParameter);
        }
    }
    let mut units = Vec::with_capacity(len);
    for i in 0..len {
        // SAFETY: `i < len`, and the units before the terminator were just read above.
        units.push(unsafe { p.add(i).read_unaligned() });
    }
    String::from_utf16(&units)
        .map(Some)
        .map_err(|_| JET_errInvalidParameter)
}

/// Reads `n` units of a counted `WCHAR` or `char` buffer (no terminator needed) into owned
/// units; NULL with `n > 0` is `JET_errInvalidParameter`.
///
/// # Safety
/// `p` is NULL or valid for reading `n` elements of `T`.
pub unsafe fn read_units<T: Copy>(p: *const T, n: usize) -> Result<Vec<T>, JET_ERR> {
    if n == 0 {
        return Ok(Vec::new());
    }
    if p.is_null() {
        return Err(JET_errInvalidParameter);
    }
    let mut v = Vec::with_capacity(n);
    for i in 0..n {
        // SAFETY: `p` is non-null and valid for `n` elements; unaligned reads allow any
        // address the caller passes.
        v.push(unsafe { p.add(i).read_unaligned() });
    }
    Ok(v)
}

/// The bytes at `p`, `cb` long: `None` for NULL with `cb == 0`, an error for NULL with
/// `cb > 0`.
///
/// # Safety
/// `p` is NULL or valid for reading `cb` bytes that are not written during the call.
pub unsafe fn bytes<'a>(p: *const c_void, cb: u32) -> Result<Option<&'a [u8]>, JET_ERR> {
    if p.is_null() {
        return if cb == 0 {
            Ok(None)
        } else {
            Err(JET_errInvalidParameter)
        };
    }
    // SAFETY: `p` is non-null and valid for `cb` bytes by the caller's contract; `u8` has
    // alignment 1.
    Ok(Some(unsafe {
        core::slice::from_raw_parts(p.cast::<u8>(), cb as usize)
    }))
}

/// The writable buffer at `p`, `cb` long; NULL with `cb == 0` is an empty buffer, NULL with
/// `cb > 0` an error.
///
/// # Safety
/// `p` is NULL or valid for writing `cb` bytes that nothing else reads or writes during the
/// call.
pub unsafe fn bytes_mut<'a>(p: *mut c_void, cb: u32) -> Result<&'a mut [u8], JET_ERR> {
    if p.is_null() {
        return if cb == 0 {
            Ok(&mut [])
        } else {
            Err(JET_errInvalidParameter)
        };
    }
    // SAFETY: `p` is non-null and valid and unaliased for `cb` bytes by the caller's
    // contract; `u8` has alignment 1.
    Ok(unsafe { core::slice::from_raw_parts_mut(p.cast::<u8>(), cb as usize) })
}

/// The array of `n` structures at `p`; NULL with `n > 0` is an error, and NULL or `n == 0`
/// an empty slice.
///
/// # Safety
/// `p` is NULL or a properly aligned array of at least `n` initialised `T` that nothing
/// writes during the call.
pub unsafe fn slice<'a, T>(p: *const T, n: u32) -> Result<&'a [T], JET_ERR> {
    if n == 0 {
        return Ok(&[]);
    }
    if p.is_null() {
        return Err(JET_errInvalidParameter);
    }
    // SAFETY: non-null, aligned, `n` initialised elements by the caller's contract.
    Ok(unsafe { core::slice::from_raw_parts(p, n as usize) })
}

/// The writable array of `n` structures at `p`; NULL with `n > 0` is an error.
///
/// # Safety
/// `p` is NULL or a properly aligned array of at least `n` initialised `T` that nothing else
/// touches during the call.
pub unsafe fn slice_mut<'a, T>(p: *mut T, n: u32) -> Result<&'a mut [T], JET_ERR> {
    if n == 0 {
        return Ok(&mut []);
    }
    if p.is_null() {
        return Err(JET_errInvalidParameter);
    }
    // SAFETY: non-null, aligned, `n` initialised unaliased elements by the caller's contract.
    Ok(unsafe { core::slice::from_raw_parts_mut(p, n as usize) })
}

/// A copy of the caller's structure at `p`; NULL is `JET_errInvalidParameter`.
///
/// # Safety
/// `p` is NULL or points to an initialised `T` (any alignment).
pub unsafe fn read<T: Copy>(p: *const T) -> Result<T, JET_ERR> {
    if p.is_null() {
        return Err(JET_errInvalidParameter);
    }
    // SAFETY: non-null and pointing to an initialised `T` by the caller's contract.
    Ok(unsafe { p.read_unaligned() })
}

/// A copy of the caller's optional structure at `p` (NULL is `None`).
///
/// # Safety
/// As [`read`].
pub unsafe fn read_opt<T: Copy>(p: *const T) -> Option<T> {
    if p.is_null() {
        return None;
    }
    // SAFETY: non-null and pointing to an initialised `T` by the caller's contract.
    Some(unsafe { p.read_unaligned() })
}

/// The `cbStruct` (first `u32`) of the caller's structure at `p`; NULL is
/// `JET_errInvalidParameter`.
///
/// # Safety
/// `p` is NULL or points to at least 4 readable bytes.
pub unsafe fn read_cb_struct(p: *const c_void) -> Result<u32, JET_ERR> {
    // SAFETY: forwarded contract; the first field of every `cbStruct` structure is a `u32`.
    unsafe { read(p.cast::<u32>()) }
}

/// Writes `v` to `*p` when `p` is not NULL (an optional output).
///
/// # Safety
/// `p` is NULL or valid for writing a `T` (any alignment).
pub unsafe fn put<T>(p: *mut T, v: T) {
    if !p.is_null() {
        // SAFETY: non-null and writable by the caller's contract.
        unsafe { p.write_unaligned(v) }
    }
}

/// Copies `src` into the caller's buffer at `dst` (its length checked by the caller).
///
/// # Safety
/// `dst` is valid for writing `src.len()` elements of `T`, and `src` does not overlap it.
pub unsafe fn copy_out<T: Copy>(dst: *mut T, src: &[T]) {
    if src.is_empty() || dst.is_null() {
        return;
    }
    // SAFETY: `dst` is writable for `src.len()` elements by the contract; the regions do not
    // overlap because `src` is memory this library owns.
    unsafe { core::ptr::copy_nonoverlapping(src.as_ptr(), dst, src.len()) }
}

/// Allocates `bytes` with the C allocator, for memory the caller frees with `JetFreeBuffer`.
/// `None` when the allocation fails.
pub fn c_alloc(bytes: usize) -> Option<*mut u8> {
    // SAFETY: `malloc` may be called with any size; a NULL result is handled.
    let p = unsafe { libc_malloc(bytes.max(1)) };
    (!p.is_null()).then_some(p.cast::<u8>())
}

/// Frees memory from [`c_alloc`].
///
/// # Safety
/// `p` is NULL or came from [`c_alloc`] and was not freed yet.
pub unsafe fn c_free(p: *mut c_void) {
    // SAFETY: forwarded contract; `free(NULL)` is a no-op.
    unsafe { libc_free(p) }
}

extern "C" {
    #[link_name = "malloc"]
    fn libc_malloc(size: usize) -> *mut c_void;
    #[link_name = "free"]
    fn libc_free(p: *mut c_void);
}
