//! Exported instance and system parameter calls: `JetCreateInstance*`, `JetInit*`,
//! `JetTerm*`, `JetSetSystemParameter*`, `JetGetSystemParameter*`, `JetGetInstanceInfo*`
//! and `JetFreeBuffer`.
//!
//! What must hold: `*pinstance` is written only when the call succeeds; the buffer of
//! `JetGetInstanceInfo` is one C allocation that `JetFreeBuffer` releases.

use core::ffi::c_void;
use core::mem::{align_of, size_of};

use ese_jet as jet;

use crate::consts::*;
use crate::ffi::ptr::{self, put, read};
use crate::ffi::{
    check_cb, guard_always, need_mut, opt, req, write_str, Enc, Jet, Owner, Ret, Short,
};
use crate::types::*;
use crate::{aw, export};

unsafe fn create_instance<E: Enc>(pinstance: *mut JET_INSTANCE, name: *const E::Ch) -> Ret {
    need_mut(pinstance)?;
    // SAFETY: forwarded C contract.
    let name = unsafe { opt::<E>(name) }?;
    let h = jet::jet_create_instance(name.as_deref()).j()?;
    // SAFETY: checked non-null; the caller's output.
    unsafe { put(pinstance, h) };
    Ok(0)
}

aw! {
    /// `JetCreateInstance`: a new instance, not yet started.
    JetCreateInstanceA JetCreateInstanceW = create_instance(pinstance: (*mut JET_INSTANCE), szInstanceName: s)
}

unsafe fn create_instance2<E: Enc>(
    pinstance: *mut JET_INSTANCE,
    name: *const E::Ch,
    display: *const E::Ch,
    grbit: JET_GRBIT,
) -> Ret {
    need_mut(pinstance)?;
    // SAFETY: forwarded C contract.
    let (name, display) = unsafe { (opt::<E>(name)?, opt::<E>(display)?) };
    let h = jet::jet_create_instance2(name.as_deref(), display.as_deref(), grbit).j()?;
    // SAFETY: checked non-null.
    unsafe { put(pinstance, h) };
    Ok(0)
}

aw! {
    /// `JetCreateInstance2`: a new instance with a display name.
    JetCreateInstance2A JetCreateInstance2W = create_instance2(
        pinstance: (*mut JET_INSTANCE), szInstanceName: s, szDisplayName: s, grbit: (JET_GRBIT))
}

/// Runs `jet_init3` with the instance at `pinstance` (NULL or 0: the single instance) and
/// writes the handle back on success.
unsafe fn init_with(
    pinstance: *mut JET_INSTANCE,
    rst: Option<&jet::JET_RSTINFO>,
    grbit: JET_GRBIT,
) -> Ret {
    // SAFETY: `pinstance` is NULL or readable by the C contract.
    let mut h = unsafe { ptr::read_opt(pinstance) }.unwrap_or(0);
    jet::jet_init3(Some(&mut h), rst, grbit).j()?;
    // SAFETY: NULL or writable by the C contract.
    unsafe { put(pinstance, h) };
    Ok(0)
}

export! {
    /// `JetInit`: starts an instance (NULL or `*pinstance == 0`: the single instance of a
    /// one-instance process, whose handle is written back).
    JetInit(pinstance: *mut JET_INSTANCE) {
        init_with(pinstance, None, 0)
    }
}

export! {
    /// `JetInit2`: [`JetInit`] with recovery options.
    JetInit2(pinstance: *mut JET_INSTANCE, grbit: JET_GRBIT) {
        init_with(pinstance, None, grbit)
    }
}

/// The restore map entries of a `JET_RSTINFO` form.
pub(crate) trait RstMap {
    /// The encoding of its strings.
    type E: Enc;
    /// The old and new names of one entry.
    fn names(&self) -> (*const <Self::E as Enc>::Ch, *const <Self::E as Enc>::Ch);
}

impl RstMap for JET_RSTMAP_A {
    type E = crate::ffi::A;
    fn names(&self) -> (*const core::ffi::c_char, *const core::ffi::c_char) {
        (self.szDatabaseName, self.szNewDatabaseName)
    }
}

impl RstMap for JET_RSTMAP_W {
    type E = crate::ffi::W;
    fn names(&self) -> (*const WCHAR, *const WCHAR) {
        (self.szDatabaseName, self.szNewDatabaseName)
    }
}

/// Converts a caller's restore map.
pub(crate) unsafe fn rst_map<M: RstMap>(
    map: *const M,
    n: i32,
) -> Result<jet::JET_RSTINFO, JET_ERR> {
    let n = u32::try_from(n).map_err(|_| JET_errInvalidParameter)?;
    // SAFETY: `map` is NULL or an array of `n` entries by the C contract.
    let entries = unsafe { ptr::slice(map, n) }?;
    let mut out = jet::JET_RSTINFO::default();
    for m in entries {
        let (old, new) = m.names();
        // SAFETY: the entries' strings are NUL-terminated by the C contract.
        let (old, new) = unsafe { (req::<M::E>(old)?, req::<M::E>(new)?) };
        out.rgrstmap.push((old, new));
    }
    Ok(out)
}

export! {
    /// `JetInit3A`: [`JetInit2`] with restore information: a restore map for the
    /// recovery the start runs (databases recovered at new paths; see
    /// `ese_jet::JET_RSTINFO`). The stop position and the status callback are not
    /// used.
    JetInit3A(pinstance: *mut JET_INSTANCE, prstInfo: *mut JET_RSTINFO_A, grbit: JET_GRBIT) {
        let rst = match ptr::read_opt(prstInfo) {
            None => None,
            Some(r) => {
                check_cb(r.cbStruct, size_of::<JET_RSTINFO_A>())?;
                Some(rst_map(r.rgrstmap, r.crstmap)?)
            }
        };
        init_with(pinstance, rst.as_ref(), grbit)
    }
}

export! {
    /// `JetInit3W`: [`JetInit3A`] with UTF-16 restore map names.
    JetInit3W(pinstance: *mut JET_INSTANCE, prstInfo: *mut JET_RSTINFO_W, grbit: JET_GRBIT) {
        let rst = match ptr::read_opt(prstInfo) {
            None => None,
            Some(r) => {
                check_cb(r.cbStruct, size_of::<JET_RSTINFO_W>())?;
                Some(rst_map(r.rgrstmap, r.crstmap)?)
            }
        };
        init_with(pinstance, rst.as_ref(), grbit)
    }
}

/// `JetTerm`: stops an instance (works after a caught panic made it unavailable, to
/// release it).
///
/// # Safety
/// No pointers; safe to call with any value.
#[no_mangle]
pub unsafe extern "system" fn JetTerm(instance: JET_INSTANCE) -> JET_ERR {
    guard_always(Owner::Instance(instance), || {
        jet::jet_term(instance).j()?;
        Ok(0)
    })
}

/// `JetTerm2`: stops an instance with `JET_bitTermComplete`, `Abrupt` or `Dirty` (works
/// after a caught panic).
///
/// # Safety
/// No pointers; safe to call with any value.
#[no_mangle]
pub unsafe extern "system" fn JetTerm2(instance: JET_INSTANCE, grbit: JET_GRBIT) -> JET_ERR {
    guard_always(Owner::Instance(instance), || {
        jet::jet_term2(instance, grbit).j()?;
        Ok(0)
    })
}

unsafe fn set_param<E: Enc>(
    pinstance: *mut JET_INSTANCE,
    sesid: JET_SESID,
    paramid: u32,
    lparam: JET_API_PTR,
    sz: *const E::Ch,
) -> Ret {
    // SAFETY: NULL or readable by the C contract.
    let instance = unsafe { ptr::read_opt(pinstance) }.unwrap_or(0);
    // SAFETY: forwarded C contract.
    let sz = unsafe { opt::<E>(sz) }?;
    let sesid = if sesid == JET_sesidNil { 0 } else { sesid };
    if paramid == JET_paramRuntimeCallback {
        // SAFETY: this parameter's lParam is a JET_CALLBACK by the C contract.
        unsafe { define_runtime_callback(lparam) };
    }
    jet::jet_set_system_parameter(instance, sesid, paramid, lparam, sz.as_deref()).j()?;
    Ok(0)
}

/// Makes the C function at `lparam` (a `JET_CALLBACK`, 0 for none) the runtime callback
/// of the instances whose `JET_paramRuntimeCallback` is `lparam`: it is called as
/// `f(JET_sesidNil, JET_dbidNil, JET_tableidNil, cbtyp, ls, NULL, NULL, 0)` to free a
/// local storage value (`JET_cbtypFreeCursorLS`, `JET_cbtypFreeTableLS`).
///
/// # Safety
/// `lparam` is 0 or the address of a function of the `JET_CALLBACK` type that stays
/// callable while an instance uses it.
unsafe fn define_runtime_callback(lparam: JET_API_PTR) {
    // SAFETY: by this function's contract `lparam` is 0 or a `JET_CALLBACK`'s address;
    // `JET_CALLBACK` is an `Option` of a function pointer, so 0 is `None`.
    let Some(cb) = (unsafe { core::mem::transmute::<JET_API_PTR, JET_CALLBACK>(lparam) }) else {
        return;
    };
    let f: jet::JET_RUNTIME_CALLBACK = std::sync::Arc::new(move |cbtyp: JET_CBTYP, ls: JET_LS| {
        // SAFETY: the caller's callback with esent.h's arguments; its answer is ignored,
        // as ESE ignores it.
        let _ = unsafe {
            cb(
                JET_sesidNil,
                JET_dbidNil,
                JET_tableidNil,
                cbtyp,
                ls as *mut c_void,
                core::ptr::null_mut(),
                core::ptr::null_mut(),
                0,
            )
        };
    });
    jet::jet_define_runtime_callback(lparam, f);
}

aw! {
    /// `JetSetSystemParameter`: sets a parameter of an instance, or the process default
    /// when `pinstance` is NULL or `*pinstance` is 0.
    JetSetSystemParameterA JetSetSystemParameterW = set_param(
        pinstance: (*mut JET_INSTANCE), sesid: (JET_SESID), paramid: (u32),
        lParam: (JET_API_PTR), szParam: s)
}

unsafe fn get_param<E: Enc>(
    instance: JET_INSTANCE,
    sesid: JET_SESID,
    paramid: u32,
    pl: *mut JET_API_PTR,
    sz: *mut E::Ch,
    cb_max: u32,
) -> Ret {
    let lparam = if paramid == JET_paramErrorToString {
        // SAFETY: the input error number is read from `*plParam` (NULL or readable).
        unsafe { read(pl) }?
    } else {
        0
    };
    let sesid = if sesid == JET_sesidNil { 0 } else { sesid };
    match jet::jet_get_system_parameter(instance, sesid, paramid, lparam).j()? {
        jet::ParamValue::Int(v) => {
            need_mut(pl)?;
            // SAFETY: checked non-null.
            unsafe { put(pl, v) };
            Ok(0)
        }
        jet::ParamValue::Str(s) => {
            need_mut(sz)?;
            // SAFETY: `sz` is writable for `cb_max` bytes by the C contract.
            unsafe { write_str::<E>(sz, cb_max, &s, Short::Fail) }
        }
    }
}

aw! {
    /// `JetGetSystemParameter`: a number through `plParam` or a string into `szParam`
    /// (`cbMax` bytes; too small is `JET_errBufferTooSmall`).
    JetGetSystemParameterA JetGetSystemParameterW = get_param(
        instance: (JET_INSTANCE), sesid: (JET_SESID), paramid: (u32),
        plParam: (*mut JET_API_PTR), szParam: o, cbMax: (u32))
}

/// A `JET_INSTANCE_INFO` form: its layout is the same for A and W apart from the string
/// unit.
#[repr(C)]
pub(crate) struct InfoRaw<C> {
    h: JET_INSTANCE,
    name: *mut C,
    count: JET_API_PTR,
    files: *mut *mut C,
    display: *mut *mut C,
    slv: *mut *mut C,
}

const _: () = assert!(size_of::<InfoRaw<u16>>() == size_of::<JET_INSTANCE_INFO_W>());
const _: () = assert!(size_of::<InfoRaw<i8>>() == size_of::<JET_INSTANCE_INFO_A>());

fn round_up(n: usize, a: usize) -> usize {
    n.div_ceil(a) * a
}

/// Builds `JetGetInstanceInfo`'s answer in one C allocation: the array of structures, then
/// the pointer arrays, then the strings.
unsafe fn instance_info<E: Enc>(pc: *mut u32, pa: *mut *mut InfoRaw<E::Ch>) -> Ret {
    need_mut(pc)?;
    need_mut(pa)?;
    let infos = jet::jet_get_instance_info().j()?;
    // SAFETY: both pointers were checked non-null; writable by the C contract.
    unsafe { put_instance_info::<E>(&infos, pc, pa) }
}

/// Writes `infos` as one C allocation of `JET_INSTANCE_INFO` structures (freed by
/// `JetFreeBuffer`) through `pa`, and their count through `pc`
/// (`JetGetInstanceInfo`, `JetOSSnapshotFreeze`, `JetOSSnapshotGetFreezeInfo`).
///
/// # Safety
/// `pc` and `pa` are non-null and writable.
pub(crate) unsafe fn put_instance_info<E: Enc>(
    infos: &[jet::JET_INSTANCE_INFO],
    pc: *mut u32,
    pa: *mut *mut InfoRaw<E::Ch>,
) -> Ret {
    let unit = size_of::<E::Ch>();
    let enc = |s: &str| {
        let mut v = E::encode(s);
        v.push(E::Ch::default());
        v
    };
    let n = infos.len();
    let ptrs: usize = infos.iter().map(|i| 3 * i.szDatabaseFileName.len()).sum();
    let strings: Vec<Vec<E::Ch>> = infos
        .iter()
        .flat_map(|i| {
            let name = i.szInstanceName.as_deref().unwrap_or("");
            std::iter::once(enc(name)).chain(i.szDatabaseFileName.iter().map(|f| enc(f)))
        })
        .collect();
    let head = round_up(n * size_of::<InfoRaw<E::Ch>>(), align_of::<usize>());
    let ptr_bytes = ptrs * size_of::<usize>();
    let str_bytes: usize = strings.iter().map(|s| s.len() * unit).sum();
    let block = ptr::c_alloc(head + ptr_bytes + str_bytes).ok_or(JET_errOutOfMemory)?;
    // SAFETY: every offset below stays inside the block just allocated with exactly these
    // sizes; the structure array starts at the (malloc-aligned) start, the pointer arrays
    // at a multiple of the pointer alignment, the strings after them at an even offset.
    unsafe {
        let arr = block.cast::<InfoRaw<E::Ch>>();
        let mut pp = block.add(head).cast::<*mut E::Ch>();
        let mut sp = block.add(head + ptr_bytes).cast::<E::Ch>();
        let mut strs = strings.iter();
        for (k, info) in infos.iter().enumerate() {
            let mut place = |s: &Vec<E::Ch>| {
                let at = sp;
                ptr::copy_out(sp, s);
                sp = sp.add(s.len());
                at
            };
            let name = place(strs.next().expect("one name string per instance"));
            let c = info.szDatabaseFileName.len();
            let files = pp;
            let display = pp.add(c);
            let slv = pp.add(2 * c);
            for d in 0..c {
                let f = place(strs.next().expect("one string per database"));
                files.add(d).write(f);
                display.add(d).write(f);
                slv.add(d).write(core::ptr::null_mut());
            }
            pp = pp.add(3 * c);
            arr.add(k).write(InfoRaw {
                h: info.hInstanceId,
                name,
                count: c,
                files,
                display,
                slv,
            });
        }
        put(pc, n as u32);
        put(pa, arr);
    }
    Ok(0)
}

export! {
    /// `JetGetInstanceInfoA`: the running instances and their databases, in one buffer
    /// to release with [`JetFreeBuffer`].
    JetGetInstanceInfoA(pcInstanceInfo: *mut u32, paInstanceInfo: *mut *mut JET_INSTANCE_INFO_A) {
        instance_info::<crate::ffi::A>(pcInstanceInfo, paInstanceInfo.cast())
    }
}

export! {
    /// `JetGetInstanceInfoW`: [`JetGetInstanceInfoA`] with UTF-16 strings.
    JetGetInstanceInfoW(pcInstanceInfo: *mut u32, paInstanceInfo: *mut *mut JET_INSTANCE_INFO_W) {
        instance_info::<crate::ffi::W>(pcInstanceInfo, paInstanceInfo.cast())
    }
}

/// `JetFreeBuffer`: releases a buffer this library allocated (`JetGetInstanceInfo`).
/// NULL is accepted.
///
/// # Safety
/// `pbBuf` is NULL or a buffer from this library not yet freed.
#[no_mangle]
pub unsafe extern "system" fn JetFreeBuffer(pbBuf: *mut core::ffi::c_char) -> JET_ERR {
    guard_always(Owner::Process, || {
        // SAFETY: forwarded contract: NULL or a buffer from this library not yet freed.
        unsafe { ptr::c_free(pbBuf.cast::<c_void>()) };
        Ok(0)
    })
}

/// `JetEnableMultiInstance` for entries whose strings are read by `E`: sets each as a
/// process-wide parameter, writes each entry's result into its `err`, and the count set
/// into `*pcsetsucceed`.
///
/// # Safety
/// `entries` points at `count` entries (or is NULL with `count` 0) whose strings are NULL
/// or NUL-terminated; `pcsetsucceed` is NULL or writable.
unsafe fn enable_multi<E: Enc, P: Copy>(
    entries: *mut P,
    count: u32,
    pcsetsucceed: *mut u32,
    fields: impl Fn(&P) -> (u32, JET_API_PTR, *const E::Ch),
    set_err: impl Fn(&mut P, JET_ERR),
) -> Ret {
    // SAFETY: forwarded C contract.
    unsafe { put(pcsetsucceed, 0) };
    let list: &[P] = if count == 0 {
        &[]
    } else {
        // SAFETY: forwarded C contract.
        unsafe { ptr::slice(entries.cast_const(), count) }?
    };
    let mut params = Vec::with_capacity(list.len());
    for p in list {
        let (paramid, lparam, sz) = fields(p);
        if paramid == JET_paramRuntimeCallback {
            // SAFETY: this parameter's lParam is a JET_CALLBACK by the C contract.
            unsafe { define_runtime_callback(lparam) };
        }
        params.push(jet::JET_SETSYSPARAM {
            paramid,
            lParam: lparam,
            // SAFETY: forwarded C contract.
            sz: unsafe { opt::<E>(sz) }?,
            err: 0,
        });
    }
    let r = jet::jet_enable_multi_instance(&mut params);
    if count > 0 {
        // SAFETY: forwarded C contract.
        let out = unsafe { ptr::slice_mut(entries, count) }?;
        for (o, p) in out.iter_mut().zip(&params) {
            set_err(o, p.err);
        }
    }
    let n = r.j()?;
    // SAFETY: forwarded C contract.
    unsafe { put(pcsetsucceed, n as u32) };
    Ok(0)
}

export! {
    /// `JetEnableMultiInstance`: process-wide parameters, then multi-instance mode; each
    /// entry's `err` gets its result. The UTF-8 (`A`) form.
    JetEnableMultiInstanceA(psetsysparam: *mut JET_SETSYSPARAM_A, csetsysparam: u32, pcsetsucceed: *mut u32) {
        enable_multi::<crate::ffi::A, JET_SETSYSPARAM_A>(
            psetsysparam,
            csetsysparam,
            pcsetsucceed,
            |p| (p.paramid, p.lParam, p.sz),
            |p, e| p.err = e,
        )
    }
}

export! {
    /// `JetEnableMultiInstance`, the UTF-16LE (`W`) form.
    JetEnableMultiInstanceW(psetsysparam: *mut JET_SETSYSPARAM_W, csetsysparam: u32, pcsetsucceed: *mut u32) {
        enable_multi::<crate::ffi::W, JET_SETSYSPARAM_W>(
            psetsysparam,
            csetsysparam,
            pcsetsucceed,
            |p| (p.paramid, p.lParam, p.sz),
            |p, e| p.err = e,
        )
    }
}

/// The `JET_THREADSTATS3` image of `s`, counters cut to their 32 bits as ESE keeps
/// them, `cbStruct` set to `cb` (padding zero).
fn thread_stats_image(s: &jet::ThreadStats, cb: u32) -> [u8; size_of::<JET_THREADSTATS3>()] {
    use core::mem::offset_of;
    let mut out = [0u8; size_of::<JET_THREADSTATS3>()];
    let mut u32_at = |at: usize, v: u64| out[at..at + 4].copy_from_slice(&(v as u32).to_ne_bytes());
    u32_at(offset_of!(JET_THREADSTATS3, cbStruct), u64::from(cb));
    u32_at(
        offset_of!(JET_THREADSTATS3, cPageReferenced),
        s.pages_referenced,
    );
    u32_at(offset_of!(JET_THREADSTATS3, cPageRead), s.pages_read);
    u32_at(offset_of!(JET_THREADSTATS3, cPagePreread), s.pages_preread);
    u32_at(offset_of!(JET_THREADSTATS3, cPageDirtied), s.pages_dirtied);
    u32_at(
        offset_of!(JET_THREADSTATS3, cPageRedirtied),
        s.pages_redirtied,
    );
    u32_at(offset_of!(JET_THREADSTATS3, cLogRecord), s.log_records);
    u32_at(offset_of!(JET_THREADSTATS3, cbLogRecord), s.log_bytes);
    u32_at(offset_of!(JET_THREADSTATS3, cPageCacheMiss), s.cache_misses);
    u32_at(
        offset_of!(JET_THREADSTATS3, cSeparatedLongValueRead),
        s.long_values_read,
    );
    u32_at(
        offset_of!(JET_THREADSTATS3, cLongValuePageCacheMiss),
        s.long_value_cache_misses,
    );
    let mut u64_at = |at: usize, v: u64| out[at..at + 8].copy_from_slice(&v.to_ne_bytes());
    u64_at(
        offset_of!(JET_THREADSTATS3, cusecPageCacheMiss),
        s.cache_miss_micros,
    );
    u64_at(
        offset_of!(JET_THREADSTATS3, cusecLongValuePageCacheMiss),
        s.long_value_cache_miss_micros,
    );
    out
}

export! {
    /// `JetGetThreadStats`: the calling thread's counters as `JET_THREADSTATS`,
    /// `JET_THREADSTATS2` or `JET_THREADSTATS3`, as many of their bytes as `cbMax`
    /// holds (`cbStruct` says how many were written); `JET_errBufferTooSmall` below
    /// `JET_THREADSTATS`. Needs no instance.
    JetGetThreadStats(pvResult: *mut c_void, cbMax: u32) {
        if (cbMax as usize) < size_of::<JET_THREADSTATS>() {
            return Err(JET_errBufferTooSmall);
        }
        let cb = cbMax.min(size_of::<JET_THREADSTATS3>() as u32);
        let image = thread_stats_image(&jet::jet_get_thread_stats(), cb);
        let out = ptr::bytes_mut(pvResult, cb)?;
        out.copy_from_slice(&image[..cb as usize]);
        Ok(0)
    }
}
