//! System parameters (`JetSetSystemParameter`, `JetGetSystemParameter`,
//! `JetEnableMultiInstance`): ids, types, defaults, ranges, scope (process-wide or per
//! instance) and write windows as `ese-api-surface.md` §2.1 gives them.
//!
//! What must hold: a per-instance parameter set with no instance changes the default that
//! instances created later copy; a parameter whose window has closed
//! (`JET_errAlreadyInitialized`) may still be set to its current value; an unknown id or
//! a value out of range is `JET_errInvalidParameter`; nothing here panics on any input.

use crate::consts::*;
use crate::registry::{self, err, Registry, RunMode};
use crate::{JetResult, JET_INSTANCE, JET_SESID};
use ese::ErrorCode;
use std::borrow::Cow;

/// A parameter's value as `JetGetSystemParameter` returns it: a number (`*plParam`) or a
/// string (`szParam`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamValue {
    /// A number, flag or size.
    Int(usize),
    /// A path or name.
    Str(String),
}

/// One entry of `JetEnableMultiInstance`'s array (`JET_SETSYSPARAM`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JET_SETSYSPARAM {
    /// The parameter id.
    pub paramid: u32,
    /// The number, for numeric parameters.
    pub lParam: usize,
    /// The string, for string parameters.
    pub sz: Option<String>,
    /// Set by the call: this entry's result (0 or a `JET_err`).
    pub err: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Bool,
    Str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Global,
    Instance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Window {
    /// Only before the first instance of the process starts.
    PreGlobalInit,
    /// Only before the instance's `JetInit`.
    PreInit,
    /// Any time.
    Any,
    /// Never: computed.
    ReadOnly,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Val {
    Int(usize),
    Str(Cow<'static, str>),
}

/// A default value (no destructor, so the table is a constant).
#[derive(Clone, Copy)]
enum DefVal {
    Int(usize),
    Str(&'static str),
}

struct Def {
    id: u32,
    kind: Kind,
    scope: Scope,
    window: Window,
    default: DefVal,
    min: usize,
    max: usize,
}

const fn int(id: u32, scope: Scope, window: Window, default: usize, min: usize, max: usize) -> Def {
    Def {
        id,
        kind: Kind::Int,
        scope,
        window,
        default: DefVal::Int(default),
        min,
        max,
    }
}

const fn boolean(id: u32, scope: Scope, window: Window, default: bool) -> Def {
    Def {
        id,
        kind: Kind::Bool,
        scope,
        window,
        default: DefVal::Int(default as usize),
        min: 0,
        max: usize::MAX,
    }
}

const fn string(id: u32, window: Window, default: &'static str) -> Def {
    Def {
        id,
        kind: Kind::Str,
        scope: Scope::Instance,
        window,
        default: DefVal::Str(default),
        min: 0,
        max: 246,
    }
}

use Scope::{Global as G, Instance as I};
use Window::{Any, PreGlobalInit, PreInit, ReadOnly};

const MAX: usize = usize::MAX;

/// The parameters, in the order [`Params`] stores their values.
/// How many parameters [`DEFS`] lists.
const N_PARAMS: usize = 52;

const DEFS: [Def; N_PARAMS] = [
    string(JET_paramSystemPath, PreInit, "."),
    string(JET_paramTempPath, PreInit, "tmp.edb"),
    string(JET_paramLogFilePath, PreInit, "."),
    string(JET_paramBaseName, PreInit, "edb"),
    string(JET_paramEventSource, PreInit, ""),
    int(JET_paramMaxSessions, I, PreInit, 16, 0, 30_000),
    int(JET_paramMaxOpenTables, I, PreInit, 300, 1, MAX),
    int(JET_paramMaxCursors, I, PreInit, 1024, 1, MAX),
    int(JET_paramMaxVerPages, I, PreInit, 64, 1, MAX),
    int(JET_paramPreferredVerPages, I, Any, 58, 0, MAX),
    int(JET_paramMaxTemporaryTables, I, PreInit, 20, 0, MAX),
    int(JET_paramLogFileSize, I, PreInit, 5120, 64, 32_768),
    int(JET_paramLogBuffers, I, Any, 126, 1, MAX),
    int(JET_paramCommitDefault, I, Any, 0, 0, MAX),
    boolean(JET_paramCircularLog, I, PreInit, false),
    int(JET_paramDbExtensionSize, I, Any, 256, 1, MAX),
    int(JET_paramPageTempDBMin, I, PreInit, 0, 0, MAX),
    int(JET_paramCacheSizeMax, G, Any, 2_000_000_000, 1, MAX),
    int(JET_paramCacheSizeMin, G, Any, 1, 1, MAX),
    int(JET_paramCheckpointDepthMax, I, Any, 20 << 20, 0, MAX),
    string(JET_paramRecovery, PreInit, "on"),
    int(JET_paramEnableOnlineDefrag, I, Any, 0xFFFF, 0, MAX),
    int(JET_paramEnableIndexChecking, I, Any, 1, 0, 2),
    boolean(JET_paramNoInformationEvent, I, PreInit, false),
    int(JET_paramEventLoggingLevel, I, PreInit, 100, 0, 100),
    boolean(JET_paramDeleteOutOfRangeLogs, I, PreInit, false),
    int(
        JET_paramDatabasePageSize,
        G,
        PreGlobalInit,
        4096,
        4096,
        32_768,
    ),
    boolean(JET_paramCleanupMismatchedLogFiles, I, PreInit, false),
    int(JET_paramExceptionAction, G, Any, 4, 0, MAX),
    boolean(JET_paramCreatePathIfNotExist, I, Any, false),
    int(JET_paramOSSnapshotTimeout, G, Any, 70_000, 0, MAX),
    boolean(JET_paramOneDatabasePerSession, I, PreInit, false),
    int(JET_paramMaxInstances, G, PreGlobalInit, 16, 1, 10_240),
    boolean(JET_paramEnableFileCache, G, PreGlobalInit, false),
    int(JET_paramVerPageSize, G, PreGlobalInit, 32_768, 1024, 65_536),
    int(JET_paramConfiguration, G, PreGlobalInit, 1, 0, MAX),
    boolean(JET_paramEnableAdvanced, G, Any, true),
    int(
        JET_paramMaxColtyp,
        G,
        ReadOnly,
        JET_coltypMax as usize,
        0,
        MAX,
    ),
    int(JET_paramKeyMost, G, ReadOnly, 1000, 0, MAX),
    int(JET_paramLegacyFileNames, I, PreInit, 3, 0, MAX),
    int(JET_paramWaypointLatency, I, Any, 0, 0, 1023),
    int(JET_paramCheckpointTooDeep, I, Any, 65_536, 1, MAX),
    int(JET_paramLVChunkSizeMost, G, ReadOnly, 4096 - 82, 0, MAX),
    int(JET_paramCachePriority, I, Any, 100, 0, 1000),
    int(JET_paramMaxTransactionSize, I, Any, 100, 1, 100),
    int(JET_paramRecordSizeMost, G, ReadOnly, 0, 0, MAX),
    int(JET_paramRuntimeCallback, I, Any, 0, 0, MAX),
    // The limits `JET_bitIndexTuples` takes without `JET_bitIndexTupleLimits` (0: ESE's
    // default; the index's creation checks them as it checks given limits).
    int(JET_paramIndexTuplesLengthMin, I, Any, 3, 0, MAX),
    int(JET_paramIndexTuplesLengthMax, I, Any, 10, 0, MAX),
    int(JET_paramIndexTuplesToIndexMax, I, Any, 0x7fff, 0, MAX),
    int(JET_paramIndexTupleIncrement, I, Any, 1, 0, MAX),
    int(JET_paramIndexTupleStart, I, Any, 0, 0, MAX),
];

fn def_index(id: u32) -> Option<usize> {
    DEFS.iter().position(|d| d.id == id)
}

/// A full set of parameter values (the process-wide set, or one instance's copy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Params {
    values: [Val; N_PARAMS],
}

impl Params {
    /// esent's defaults.
    pub(crate) fn defaults() -> Params {
        Params {
            values: DEFS.map(|d| match d.default {
                DefVal::Int(n) => Val::Int(n),
                DefVal::Str(s) => Val::Str(Cow::Borrowed(s)),
            }),
        }
    }

    /// The number parameter `id` holds (0 for a string or unknown id).
    pub(crate) fn int(&self, id: u32) -> usize {
        match def_index(id).map(|i| &self.values[i]) {
            Some(Val::Int(n)) => *n,
            _ => 0,
        }
    }

    /// The string parameter `id` holds ("" for a number or unknown id).
    pub(crate) fn str(&self, id: u32) -> &str {
        match def_index(id).map(|i| &self.values[i]) {
            Some(Val::Str(s)) => s.as_ref(),
            _ => "",
        }
    }

    fn set(&mut self, i: usize, v: Val) {
        self.values[i] = v;
    }

    /// Sets number parameter `id` without the checks of `JetSetSystemParameter` (the
    /// engine's own changes, such as `JetStopServiceInstance`'s checkpoint depth).
    pub(crate) fn set_int(&mut self, id: u32, n: usize) {
        if let Some(i) = def_index(id) {
            self.set(i, Val::Int(n));
        }
    }
}

/// The value `lparam`/`sz` give parameter `def`, checked.
fn parse(def: &Def, lparam: usize, sz: Option<&str>) -> JetResult<Val> {
    let bad = |what: String| err(ErrorCode::InvalidParameter, what);
    match def.kind {
        Kind::Bool => Ok(Val::Int(usize::from(lparam != 0))),
        Kind::Int => {
            if lparam < def.min || lparam > def.max {
                return Err(bad(format!(
                    "parameter {}: {lparam} is outside {}..={}",
                    def.id, def.min, def.max
                )));
            }
            if def.id == JET_paramDatabasePageSize && !lparam.is_power_of_two() {
                return Err(bad(format!(
                    "page size {lparam}: 4096, 8192, 16384 or 32768"
                )));
            }
            Ok(Val::Int(lparam))
        }
        Kind::Str => {
            let s = sz.ok_or_else(|| bad(format!("parameter {} takes a string", def.id)))?;
            if s.len() > def.max {
                return Err(bad(format!(
                    "parameter {}: longer than {} characters",
                    def.id, def.max
                )));
            }
            if def.id == JET_paramBaseName
                && (s.len() != 3 || !s.chars().all(|c| c.is_ascii_alphanumeric()))
            {
                return Err(bad(format!("base name {s:?}: three letters or digits")));
            }
            Ok(Val::Str(Cow::Owned(s.to_string())))
        }
    }
}

/// Which instance a parameter call addresses: the instance handle if given, else the
/// session's instance, else in single-instance mode the one instance, else none.
fn target(
    reg: &Registry,
    instance: JET_INSTANCE,
    sesid: JET_SESID,
) -> JetResult<Option<std::sync::Arc<crate::instance::InstanceEntry>>> {
    if instance != 0 && instance != JET_instanceNil {
        return reg.instance(instance).map(Some);
    }
    if sesid != 0 && sesid != JET_sesidNil {
        return Ok(Some(reg.session_ungated(sesid)?.instance.clone()));
    }
    if reg.mode == RunMode::Single {
        return Ok(reg.instances.iter().next().map(|(_, e)| e.clone()));
    }
    Ok(None)
}

/// `JetSetSystemParameter(pinstance, sesid, paramid, lParam, szParam)`. `instance` 0 or
/// `JET_instanceNil` (a NULL `pinstance` or `*pinstance` 0) with `sesid` 0 sets the
/// process-wide value: for a per-instance parameter, the default later instances copy
/// (in single-instance mode, the one instance's value). Errors:
/// `JET_errInvalidParameter` for an unknown or read-only id or a value out of range,
/// `JET_errAlreadyInitialized` when the parameter's window has closed and the value
/// differs, `JET_errInvalidInstance`/`JET_errInvalidSesid` for bad handles.
pub fn jet_set_system_parameter(
    instance: JET_INSTANCE,
    sesid: JET_SESID,
    paramid: u32,
    lparam: usize,
    sz: Option<&str>,
) -> JetResult<()> {
    let mut reg = registry::lock();
    set_locked(&mut reg, instance, sesid, paramid, lparam, sz)
}

pub(crate) fn set_locked(
    reg: &mut Registry,
    instance: JET_INSTANCE,
    sesid: JET_SESID,
    paramid: u32,
    lparam: usize,
    sz: Option<&str>,
) -> JetResult<()> {
    let i = def_index(paramid).ok_or_else(|| {
        err(
            ErrorCode::InvalidParameter,
            format!("{paramid} is not a system parameter id"),
        )
    })?;
    let def = &DEFS[i];
    if def.window == ReadOnly {
        return Err(err(
            ErrorCode::InvalidParameter,
            format!("parameter {paramid} is read-only"),
        ));
    }
    let value = parse(def, lparam, sz)?;
    let closed = || {
        err(
            ErrorCode::AlreadyInitialized,
            format!("parameter {paramid} can no longer be changed"),
        )
    };
    if def.scope == Scope::Global {
        let started = crate::instance::any_running(reg);
        if def.window == PreGlobalInit && started && reg.params.values[i] != value {
            return Err(closed());
        }
        reg.params.set(i, value);
        return Ok(());
    }
    match target(reg, instance, sesid)? {
        Some(inst) => {
            let mut st = inst.state.lock();
            if def.window == PreInit && st.engine.is_some() && st.params.values[i] != value {
                return Err(closed());
            }
            st.params.set(i, value);
            if paramid == JET_paramCheckpointDepthMax {
                crate::instance::push_checkpoint_depth(&st);
            }
        }
        None => reg.params.set(i, value),
    }
    Ok(())
}

/// `JetGetSystemParameter(instance, sesid, paramid, plParam, szParam, cbMax)`: the
/// value as [`ParamValue`]. `lparam` is the input of `JET_paramErrorToString` (the error
/// number), which returns `"JET_errName, message"`. The computed read-only parameters
/// (`KeyMost`, `LVChunkSizeMost`, `RecordSizeMost`) follow `JET_paramDatabasePageSize`.
/// `JET_errInvalidParameter` for an unknown id.
pub fn jet_get_system_parameter(
    instance: JET_INSTANCE,
    sesid: JET_SESID,
    paramid: u32,
    lparam: usize,
) -> JetResult<ParamValue> {
    if paramid == JET_paramErrorToString {
        return Ok(ParamValue::Str(error_text(lparam as i32)));
    }
    let reg = registry::lock();
    let i = def_index(paramid).ok_or_else(|| {
        err(
            ErrorCode::InvalidParameter,
            format!("{paramid} is not a system parameter id"),
        )
    })?;
    let def = &DEFS[i];
    let page = reg.params.int(JET_paramDatabasePageSize);
    let computed = match paramid {
        JET_paramKeyMost => Some(if page <= 4096 { 1000 } else { 2000 }),
        JET_paramLVChunkSizeMost => Some(page - 82),
        JET_paramRecordSizeMost => {
            Some(ese::record::record_size_most(page, JET_cbKeyMost as usize).unwrap_or(0))
        }
        _ => None,
    };
    if let Some(n) = computed {
        return Ok(ParamValue::Int(n));
    }
    let v = if def.scope == Scope::Global {
        reg.params.values[i].clone()
    } else {
        match target(&reg, instance, sesid)? {
            Some(inst) => inst.state.lock().params.values[i].clone(),
            None => reg.params.values[i].clone(),
        }
    };
    Ok(match v {
        Val::Int(n) => ParamValue::Int(n),
        Val::Str(s) => ParamValue::Str(s.into_owned()),
    })
}

/// The text `JET_paramErrorToString` gives an error or warning number.
fn error_text(value: i32) -> String {
    if value == 0 {
        return "JET_errSuccess, Successful Operation".into();
    }
    if value < 0 {
        if let Some(c) = ErrorCode::from_i32(value) {
            return format!("{}, {}", c.symbol(), c.message());
        }
    } else if let Some(w) = ese::Warning::from_i32(value) {
        return format!("{}, {}", w.symbol(), w.message());
    }
    format!("Unknown Error, {value}")
}

/// `JetEnableMultiInstance(psetsysparam, csetsysparam, pcsetsucceed)`: sets each
/// parameter as a process-wide value (recording each entry's result in its `err`) and
/// enters multi-instance mode; returns how many were set, or the first entry's error.
/// `JET_errRunningInOneInstanceMode` after a plain `JetInit`,
/// `JET_errSystemParamsAlreadySet` once multi-instance mode has begun.
pub fn jet_enable_multi_instance(params: &mut [JET_SETSYSPARAM]) -> JetResult<usize> {
    let mut reg = registry::lock();
    match reg.mode {
        RunMode::Single => {
            return Err(err(
                ErrorCode::RunningInOneInstanceMode,
                "the process runs one instance (JetInit without an instance)",
            ))
        }
        RunMode::Multi => {
            return Err(err(
                ErrorCode::SystemParamsAlreadySet,
                "multi-instance mode has already begun",
            ))
        }
        RunMode::None => {}
    }
    let mut set = 0;
    let mut first = None;
    for p in params.iter_mut() {
        match set_locked(&mut reg, 0, 0, p.paramid, p.lParam, p.sz.as_deref()) {
            Ok(()) => {
                p.err = 0;
                set += 1;
            }
            Err(e) => {
                p.err = e.code().value();
                first.get_or_insert(e);
            }
        }
    }
    if let Some(e) = first {
        return Err(e);
    }
    reg.mode = RunMode::Multi;
    reg.multi_enabled = true;
    Ok(set)
}
