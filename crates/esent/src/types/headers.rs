//! Structures of database and log headers, backup and restore, instances and
//! per-thread statistics.

#![allow(non_camel_case_types, non_snake_case)]

use core::ffi::c_char;

use super::*;
use crate::consts::{JET_BASE_NAME_LENGTH, JET_MAX_COMPUTERNAME_LENGTH};

/// One entry of a restore map: where a database was, and where to put it. Narrow form: strings are
/// `char` (UTF-8).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_RSTMAP_A {
    /// Database file name.
    pub szDatabaseName: *mut c_char,
    /// New database file name.
    pub szNewDatabaseName: *mut c_char,
}

/// One entry of a restore map: where a database was, and where to put it. Wide form: strings are
/// `WCHAR` (UTF-16LE).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_RSTMAP_W {
    /// Database file name.
    pub szDatabaseName: *mut WCHAR,
    /// New database file name.
    pub szNewDatabaseName: *mut WCHAR,
}

/// `JET_RSTMAP` is the narrow form, as in esent.h without `JET_UNICODE`.
pub type JET_RSTMAP = JET_RSTMAP_A;

/// The conversion options of `JetCompact` (narrow form), which ESE has not supported since
/// Windows Server 2003: callers pass NULL.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_CONVERT_A {
    /// The engine library that would have read the old format.
    pub szOldDll: JET_PSTR,
    /// Conversion flags.
    pub fFlags: u32,
}

/// [`JET_CONVERT_A`] with a UTF-16 library name.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_CONVERT_W {
    /// The engine library that would have read the old format.
    pub szOldDll: JET_PWSTR,
    /// Conversion flags.
    pub fFlags: u32,
}

/// `JET_CONVERT` is the narrow form, as in esent.h without `JET_UNICODE`.
pub type JET_CONVERT = JET_CONVERT_A;

/// Progress report passed to a `JET_PFNSTATUS` callback.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_SNPROG {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Units of work done.
    pub cunitDone: u32,
    /// Units of work in all.
    pub cunitTotal: u32,
}

/// Upgrade estimate for a database (`JET_DbInfoUpgrade`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_DBINFOUPGRADE {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// File size in bytes, low 32 bits.
    pub cbFilesizeLow: u32,
    /// File size in bytes, high 32 bits.
    pub cbFilesizeHigh: u32,
    /// Free space needed for the upgrade, low 32 bits.
    pub cbFreeSpaceRequiredLow: u32,
    /// Free space needed for the upgrade, high 32 bits.
    pub cbFreeSpaceRequiredHigh: u32,
    /// Estimated seconds to upgrade.
    pub csecToUpgrade: u32,
    /// Bit 0: upgradable; bit 1: already upgraded. (In C also readable as bit-fields.)
    pub ulFlags: u32,
}

/// A date and time as stored in database and log headers (packed, 8 bytes; `bYear` counts from
/// 1900).
#[repr(C, packed)]
#[derive(Clone, Copy, Debug)]
pub struct JET_LOGTIME {
    /// Seconds (0-59).
    pub bSeconds: c_char,
    /// Minutes (0-59).
    pub bMinutes: c_char,
    /// Hours (0-23).
    pub bHours: c_char,
    /// Day of month (1-31).
    pub bDay: c_char,
    /// Month (1-12).
    pub bMonth: c_char,
    /// Years since 1900.
    pub bYear: c_char,
    /// Bit 0: the time is UTC; bits 1-7: low 7 bits of the milliseconds. (In C also readable as
    /// bit-fields.)
    pub bFiller1: c_char,
    /// Bit 0: reserved (OS-snapshot flag in `JET_BKLOGTIME`); bits 1-3: high 3 bits of the
    /// milliseconds; bits 4-7: unused. (In C also readable as bit-fields.)
    pub bFiller2: c_char,
}

/// A backup time (packed, 8 bytes): `JET_LOGTIME` with an OS-snapshot flag.
#[repr(C, packed)]
#[derive(Clone, Copy, Debug)]
pub struct JET_BKLOGTIME {
    /// Seconds (0-59).
    pub bSeconds: c_char,
    /// Minutes (0-59).
    pub bMinutes: c_char,
    /// Hours (0-23).
    pub bHours: c_char,
    /// Day of month (1-31).
    pub bDay: c_char,
    /// Month (1-12).
    pub bMonth: c_char,
    /// Years since 1900.
    pub bYear: c_char,
    /// Bit 0: the time is UTC; bits 1-7: low 7 bits of the milliseconds. (In C also readable as
    /// bit-fields.)
    pub bFiller1: c_char,
    /// Bit 0: reserved (OS-snapshot flag in `JET_BKLOGTIME`); bits 1-3: high 3 bits of the
    /// milliseconds; bits 4-7: unused. (In C also readable as bit-fields.)
    pub bFiller2: c_char,
}

/// A log position: generation, sector and byte offset (packed, 8 bytes).
#[repr(C, packed)]
#[derive(Clone, Copy, Debug)]
pub struct JET_LGPOS {
    /// Byte offset within the sector.
    pub ib: u16,
    /// Sector within the log file.
    pub isec: u16,
    /// Log generation.
    pub lGeneration: i32,
}

/// A database or log-stream signature (packed, 28 bytes).
#[repr(C, packed)]
#[derive(Clone, Copy, Debug)]
pub struct JET_SIGNATURE {
    /// Random number.
    pub ulRandom: u32,
    /// Creation time.
    pub logtimeCreate: JET_LOGTIME,
    /// Computer name (unused; zero).
    pub szComputerName: [c_char; JET_MAX_COMPUTERNAME_LENGTH as usize + 1],
}

/// Union inside JET_BKINFO (anonymous in C; its members are named in C as below).
#[repr(C)]
#[derive(Clone, Copy)]
pub union JET_BKINFO_TIME {
    /// Time of the backup.
    pub logtimeMark: JET_LOGTIME,
    /// Time of the backup, with the OS-snapshot flag.
    pub bklogtimeMark: JET_BKLOGTIME,
}

/// Which member is live depends on the context, so the value is shown as opaque.
impl core::fmt::Debug for JET_BKINFO_TIME {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("JET_BKINFO_TIME").finish_non_exhaustive()
    }
}

/// Record of one backup in a database header (packed, 24 bytes).
#[repr(C, packed)]
#[derive(Clone, Copy, Debug)]
pub struct JET_BKINFO {
    /// Log position of the backup.
    pub lgposMark: JET_LGPOS,
    /// The anonymous union of `logtimeMark` and `bklogtimeMark`.
    pub logtimeMark_or_bklogtimeMark: JET_BKINFO_TIME,
    /// First log generation of the backup.
    pub genLow: u32,
    /// Last log generation of the backup.
    pub genHigh: u32,
}

/// Database header summary (`JET_DbInfoMisc` with a buffer of this size).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_DBINFOMISC {
    /// Database format version.
    pub ulVersion: u32,
    /// Database format update.
    pub ulUpdate: u32,
    /// Database signature.
    pub signDb: JET_SIGNATURE,
    /// Database state (`JET_dbstate*`).
    pub dbstate: u32,
    /// Log position at which the database was last consistent.
    pub lgposConsistent: JET_LGPOS,
    /// Time at which the database was last consistent.
    pub logtimeConsistent: JET_LOGTIME,
    /// Time of the last attach.
    pub logtimeAttach: JET_LOGTIME,
    /// Log position of the last attach.
    pub lgposAttach: JET_LGPOS,
    /// Time of the last detach.
    pub logtimeDetach: JET_LOGTIME,
    /// Log position of the last detach.
    pub lgposDetach: JET_LGPOS,
    /// Signature of the log stream.
    pub signLog: JET_SIGNATURE,
    /// Last full backup.
    pub bkinfoFullPrev: JET_BKINFO,
    /// Last incremental backup.
    pub bkinfoIncPrev: JET_BKINFO,
    /// Full backup in progress.
    pub bkinfoFullCur: JET_BKINFO,
    /// Nonzero when the catalog has no shadow copy.
    pub fShadowingDisabled: u32,
    /// Nonzero while the database is being upgraded.
    pub fUpgradeDb: u32,
    /// OS major version that last wrote the header.
    pub dwMajorVersion: u32,
    /// OS minor version.
    pub dwMinorVersion: u32,
    /// OS build number.
    pub dwBuildNumber: u32,
    /// OS service pack number.
    pub lSPNumber: i32,
    /// Database page size in bytes.
    pub cbPageSize: u32,
}

/// `JET_DBINFOMISC` plus required log range, repair and checksum counters.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_DBINFOMISC2 {
    /// Database format version.
    pub ulVersion: u32,
    /// Database format update.
    pub ulUpdate: u32,
    /// Database signature.
    pub signDb: JET_SIGNATURE,
    /// Database state (`JET_dbstate*`).
    pub dbstate: u32,
    /// Log position at which the database was last consistent.
    pub lgposConsistent: JET_LGPOS,
    /// Time at which the database was last consistent.
    pub logtimeConsistent: JET_LOGTIME,
    /// Time of the last attach.
    pub logtimeAttach: JET_LOGTIME,
    /// Log position of the last attach.
    pub lgposAttach: JET_LGPOS,
    /// Time of the last detach.
    pub logtimeDetach: JET_LOGTIME,
    /// Log position of the last detach.
    pub lgposDetach: JET_LGPOS,
    /// Signature of the log stream.
    pub signLog: JET_SIGNATURE,
    /// Last full backup.
    pub bkinfoFullPrev: JET_BKINFO,
    /// Last incremental backup.
    pub bkinfoIncPrev: JET_BKINFO,
    /// Full backup in progress.
    pub bkinfoFullCur: JET_BKINFO,
    /// Nonzero when the catalog has no shadow copy.
    pub fShadowingDisabled: u32,
    /// Nonzero while the database is being upgraded.
    pub fUpgradeDb: u32,
    /// OS major version that last wrote the header.
    pub dwMajorVersion: u32,
    /// OS minor version.
    pub dwMinorVersion: u32,
    /// OS build number.
    pub dwBuildNumber: u32,
    /// OS service pack number.
    pub lSPNumber: i32,
    /// Database page size in bytes.
    pub cbPageSize: u32,
    /// Lowest log generation needed to recover.
    pub genMinRequired: u32,
    /// Highest log generation needed to recover.
    pub genMaxRequired: u32,
    /// Creation time of generation `genMaxRequired`.
    pub logtimeGenMaxCreate: JET_LOGTIME,
    /// Number of repairs.
    pub ulRepairCount: u32,
    /// Time of the last repair.
    pub logtimeRepair: JET_LOGTIME,
    /// Number of repairs before the last reset.
    pub ulRepairCountOld: u32,
    /// Pages fixed by error correction.
    pub ulECCFixSuccess: u32,
    /// Time of the last error-correction fix.
    pub logtimeECCFixSuccess: JET_LOGTIME,
    /// Error-correction fixes before the last reset.
    pub ulECCFixSuccessOld: u32,
    /// Pages error correction failed to fix.
    pub ulECCFixFail: u32,
    /// Time of the last failed error correction.
    pub logtimeECCFixFail: JET_LOGTIME,
    /// Failed error corrections before the last reset.
    pub ulECCFixFailOld: u32,
    /// Pages with a bad checksum.
    pub ulBadChecksum: u32,
    /// Time of the last bad checksum.
    pub logtimeBadChecksum: JET_LOGTIME,
    /// Bad checksums before the last reset.
    pub ulBadChecksumOld: u32,
}

/// `JET_DBINFOMISC2` plus the committed log generation.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_DBINFOMISC3 {
    /// Database format version.
    pub ulVersion: u32,
    /// Database format update.
    pub ulUpdate: u32,
    /// Database signature.
    pub signDb: JET_SIGNATURE,
    /// Database state (`JET_dbstate*`).
    pub dbstate: u32,
    /// Log position at which the database was last consistent.
    pub lgposConsistent: JET_LGPOS,
    /// Time at which the database was last consistent.
    pub logtimeConsistent: JET_LOGTIME,
    /// Time of the last attach.
    pub logtimeAttach: JET_LOGTIME,
    /// Log position of the last attach.
    pub lgposAttach: JET_LGPOS,
    /// Time of the last detach.
    pub logtimeDetach: JET_LOGTIME,
    /// Log position of the last detach.
    pub lgposDetach: JET_LGPOS,
    /// Signature of the log stream.
    pub signLog: JET_SIGNATURE,
    /// Last full backup.
    pub bkinfoFullPrev: JET_BKINFO,
    /// Last incremental backup.
    pub bkinfoIncPrev: JET_BKINFO,
    /// Full backup in progress.
    pub bkinfoFullCur: JET_BKINFO,
    /// Nonzero when the catalog has no shadow copy.
    pub fShadowingDisabled: u32,
    /// Nonzero while the database is being upgraded.
    pub fUpgradeDb: u32,
    /// OS major version that last wrote the header.
    pub dwMajorVersion: u32,
    /// OS minor version.
    pub dwMinorVersion: u32,
    /// OS build number.
    pub dwBuildNumber: u32,
    /// OS service pack number.
    pub lSPNumber: i32,
    /// Database page size in bytes.
    pub cbPageSize: u32,
    /// Lowest log generation needed to recover.
    pub genMinRequired: u32,
    /// Highest log generation needed to recover.
    pub genMaxRequired: u32,
    /// Creation time of generation `genMaxRequired`.
    pub logtimeGenMaxCreate: JET_LOGTIME,
    /// Number of repairs.
    pub ulRepairCount: u32,
    /// Time of the last repair.
    pub logtimeRepair: JET_LOGTIME,
    /// Number of repairs before the last reset.
    pub ulRepairCountOld: u32,
    /// Pages fixed by error correction.
    pub ulECCFixSuccess: u32,
    /// Time of the last error-correction fix.
    pub logtimeECCFixSuccess: JET_LOGTIME,
    /// Error-correction fixes before the last reset.
    pub ulECCFixSuccessOld: u32,
    /// Pages error correction failed to fix.
    pub ulECCFixFail: u32,
    /// Time of the last failed error correction.
    pub logtimeECCFixFail: JET_LOGTIME,
    /// Failed error corrections before the last reset.
    pub ulECCFixFailOld: u32,
    /// Pages with a bad checksum.
    pub ulBadChecksum: u32,
    /// Time of the last bad checksum.
    pub logtimeBadChecksum: JET_LOGTIME,
    /// Bad checksums before the last reset.
    pub ulBadChecksumOld: u32,
    /// Highest log generation committed.
    pub genCommitted: u32,
}

/// `JET_DBINFOMISC3` plus copy and differential backup records.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_DBINFOMISC4 {
    /// Database format version.
    pub ulVersion: u32,
    /// Database format update.
    pub ulUpdate: u32,
    /// Database signature.
    pub signDb: JET_SIGNATURE,
    /// Database state (`JET_dbstate*`).
    pub dbstate: u32,
    /// Log position at which the database was last consistent.
    pub lgposConsistent: JET_LGPOS,
    /// Time at which the database was last consistent.
    pub logtimeConsistent: JET_LOGTIME,
    /// Time of the last attach.
    pub logtimeAttach: JET_LOGTIME,
    /// Log position of the last attach.
    pub lgposAttach: JET_LGPOS,
    /// Time of the last detach.
    pub logtimeDetach: JET_LOGTIME,
    /// Log position of the last detach.
    pub lgposDetach: JET_LGPOS,
    /// Signature of the log stream.
    pub signLog: JET_SIGNATURE,
    /// Last full backup.
    pub bkinfoFullPrev: JET_BKINFO,
    /// Last incremental backup.
    pub bkinfoIncPrev: JET_BKINFO,
    /// Full backup in progress.
    pub bkinfoFullCur: JET_BKINFO,
    /// Nonzero when the catalog has no shadow copy.
    pub fShadowingDisabled: u32,
    /// Nonzero while the database is being upgraded.
    pub fUpgradeDb: u32,
    /// OS major version that last wrote the header.
    pub dwMajorVersion: u32,
    /// OS minor version.
    pub dwMinorVersion: u32,
    /// OS build number.
    pub dwBuildNumber: u32,
    /// OS service pack number.
    pub lSPNumber: i32,
    /// Database page size in bytes.
    pub cbPageSize: u32,
    /// Lowest log generation needed to recover.
    pub genMinRequired: u32,
    /// Highest log generation needed to recover.
    pub genMaxRequired: u32,
    /// Creation time of generation `genMaxRequired`.
    pub logtimeGenMaxCreate: JET_LOGTIME,
    /// Number of repairs.
    pub ulRepairCount: u32,
    /// Time of the last repair.
    pub logtimeRepair: JET_LOGTIME,
    /// Number of repairs before the last reset.
    pub ulRepairCountOld: u32,
    /// Pages fixed by error correction.
    pub ulECCFixSuccess: u32,
    /// Time of the last error-correction fix.
    pub logtimeECCFixSuccess: JET_LOGTIME,
    /// Error-correction fixes before the last reset.
    pub ulECCFixSuccessOld: u32,
    /// Pages error correction failed to fix.
    pub ulECCFixFail: u32,
    /// Time of the last failed error correction.
    pub logtimeECCFixFail: JET_LOGTIME,
    /// Failed error corrections before the last reset.
    pub ulECCFixFailOld: u32,
    /// Pages with a bad checksum.
    pub ulBadChecksum: u32,
    /// Time of the last bad checksum.
    pub logtimeBadChecksum: JET_LOGTIME,
    /// Bad checksums before the last reset.
    pub ulBadChecksumOld: u32,
    /// Highest log generation committed.
    pub genCommitted: u32,
    /// Last copy backup.
    pub bkinfoCopyPrev: JET_BKINFO,
    /// Last differential backup.
    pub bkinfoDiffPrev: JET_BKINFO,
}

/// Work done by the calling thread (`JetGetThreadStats`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_THREADSTATS {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Pages referenced.
    pub cPageReferenced: u32,
    /// Pages read from disk.
    pub cPageRead: u32,
    /// Pages read ahead.
    pub cPagePreread: u32,
    /// Clean pages modified.
    pub cPageDirtied: u32,
    /// Dirty pages modified again.
    pub cPageRedirtied: u32,
    /// Log records written.
    pub cLogRecord: u32,
    /// Bytes of log records written.
    pub cbLogRecord: u32,
}

/// `JET_THREADSTATS` plus cache-miss counters.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_THREADSTATS2 {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Pages referenced.
    pub cPageReferenced: u32,
    /// Pages read from disk.
    pub cPageRead: u32,
    /// Pages read ahead.
    pub cPagePreread: u32,
    /// Clean pages modified.
    pub cPageDirtied: u32,
    /// Dirty pages modified again.
    pub cPageRedirtied: u32,
    /// Log records written.
    pub cLogRecord: u32,
    /// Bytes of log records written.
    pub cbLogRecord: u32,
    /// Microseconds spent on cache misses.
    pub cusecPageCacheMiss: u64,
    /// Cache misses.
    pub cPageCacheMiss: u32,
}

/// `JET_THREADSTATS2` plus long-value counters.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_THREADSTATS3 {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Pages referenced.
    pub cPageReferenced: u32,
    /// Pages read from disk.
    pub cPageRead: u32,
    /// Pages read ahead.
    pub cPagePreread: u32,
    /// Clean pages modified.
    pub cPageDirtied: u32,
    /// Dirty pages modified again.
    pub cPageRedirtied: u32,
    /// Log records written.
    pub cLogRecord: u32,
    /// Bytes of log records written.
    pub cbLogRecord: u32,
    /// Microseconds spent on cache misses.
    pub cusecPageCacheMiss: u64,
    /// Cache misses.
    pub cPageCacheMiss: u32,
    /// Separately stored long values read.
    pub cSeparatedLongValueRead: u32,
    /// Microseconds spent on long-value cache misses.
    pub cusecLongValuePageCacheMiss: u64,
    /// Long-value cache misses.
    pub cLongValuePageCacheMiss: u32,
}

/// Restore map, stop position and status callback for `JetInit3`. Narrow form: strings are `char`
/// (UTF-8).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_RSTINFO_A {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Restore map.
    pub rgrstmap: *mut JET_RSTMAP_A,
    /// Number of entries in `rgrstmap`.
    pub crstmap: i32,
    /// Log position at which to stop recovery.
    pub lgposStop: JET_LGPOS,
    /// Time at which to stop recovery.
    pub logtimeStop: JET_LOGTIME,
    /// Status callback, or NULL.
    pub pfnStatus: JET_PFNSTATUS,
}

/// Restore map, stop position and status callback for `JetInit3`. Wide form: strings are `WCHAR`
/// (UTF-16LE).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_RSTINFO_W {
    /// Size of this structure in bytes; the caller sets it.
    pub cbStruct: u32,
    /// Restore map.
    pub rgrstmap: *mut JET_RSTMAP_W,
    /// Number of entries in `rgrstmap`.
    pub crstmap: i32,
    /// Log position at which to stop recovery.
    pub lgposStop: JET_LGPOS,
    /// Time at which to stop recovery.
    pub logtimeStop: JET_LOGTIME,
    /// Status callback, or NULL.
    pub pfnStatus: JET_PFNSTATUS,
}

/// `JET_RSTINFO` is the narrow form, as in esent.h without `JET_UNICODE`.
pub type JET_RSTINFO = JET_RSTINFO_A;

/// Identity of a commit (`JetCommitTransaction2`, durable-commit callback).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_COMMIT_ID {
    /// Signature of the log stream.
    pub signLog: JET_SIGNATURE,
    /// Reserved (zero).
    pub reserved: i32,
    /// Commit id, increasing with every commit of the log stream.
    pub commitId: i64,
}

/// Client context attached to a session for tracing (`JET_sesparamOperationContext`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_OPERATIONCONTEXT {
    /// Client user id.
    pub ulUserID: u32,
    /// Client operation id.
    pub nOperationID: u8,
    /// Client operation type.
    pub nOperationType: u8,
    /// Client type.
    pub nClientType: u8,
    /// Client flags.
    pub fFlags: u8,
}

/// One system parameter to set with `JetEnableMultiInstance`; `err` is an output. Narrow form:
/// strings are `char` (UTF-8).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_SETSYSPARAM_A {
    /// System parameter id (`JET_param*`).
    pub paramid: u32,
    /// Integer value of the parameter.
    pub lParam: JET_API_PTR,
    /// String value of the parameter, or NULL.
    pub sz: *const c_char,
    /// Result for this entry, written by the engine.
    pub err: JET_ERR,
}

/// One system parameter to set with `JetEnableMultiInstance`; `err` is an output. Wide form:
/// strings are `WCHAR` (UTF-16LE).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_SETSYSPARAM_W {
    /// System parameter id (`JET_param*`).
    pub paramid: u32,
    /// Integer value of the parameter.
    pub lParam: JET_API_PTR,
    /// String value of the parameter, or NULL.
    pub sz: *const WCHAR,
    /// Result for this entry, written by the engine.
    pub err: JET_ERR,
}

/// `JET_SETSYSPARAM` is the narrow form, as in esent.h without `JET_UNICODE`.
pub type JET_SETSYSPARAM = JET_SETSYSPARAM_A;

/// Log generation range and base name of a streaming backup (`JetGetLogInfoInstance2`,
/// `JetExternalRestore2`). Narrow form: strings are `char` (UTF-8).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_LOGINFO_A {
    /// Size of this structure in bytes; the caller sets it.
    pub cbSize: u32,
    /// First log generation.
    pub ulGenLow: u32,
    /// Last log generation.
    pub ulGenHigh: u32,
    /// Log base name (3 characters and a NUL).
    pub szBaseName: [c_char; JET_BASE_NAME_LENGTH as usize + 1],
}

/// Log generation range and base name of a streaming backup (`JetGetLogInfoInstance2`,
/// `JetExternalRestore2`). Wide form: strings are `WCHAR` (UTF-16LE).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_LOGINFO_W {
    /// Size of this structure in bytes; the caller sets it.
    pub cbSize: u32,
    /// First log generation.
    pub ulGenLow: u32,
    /// Last log generation.
    pub ulGenHigh: u32,
    /// Log base name (3 characters and a NUL).
    pub szBaseName: [WCHAR; JET_BASE_NAME_LENGTH as usize + 1],
}

/// `JET_LOGINFO` is the narrow form, as in esent.h without `JET_UNICODE`.
pub type JET_LOGINFO = JET_LOGINFO_A;

/// A running instance and its attached databases (`JetGetInstanceInfo`). Narrow form: strings are
/// `char` (UTF-8).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_INSTANCE_INFO_A {
    /// Instance handle.
    pub hInstanceId: JET_INSTANCE,
    /// Instance name.
    pub szInstanceName: *mut c_char,
    /// Number of attached databases.
    pub cDatabases: JET_API_PTR,
    /// File names of the attached databases.
    pub szDatabaseFileName: *mut *mut c_char,
    /// Display names of the attached databases.
    pub szDatabaseDisplayName: *mut *mut c_char,
    /// Obsolete; NULL entries.
    pub szDatabaseSLVFileName_Obsolete: *mut *mut c_char,
}

/// A running instance and its attached databases (`JetGetInstanceInfo`). Wide form: strings are
/// `WCHAR` (UTF-16LE).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct JET_INSTANCE_INFO_W {
    /// Instance handle.
    pub hInstanceId: JET_INSTANCE,
    /// Instance name.
    pub szInstanceName: *mut WCHAR,
    /// Number of attached databases.
    pub cDatabases: JET_API_PTR,
    /// File names of the attached databases.
    pub szDatabaseFileName: *mut *mut WCHAR,
    /// Display names of the attached databases.
    pub szDatabaseDisplayName: *mut *mut WCHAR,
    /// Obsolete; NULL entries.
    pub szDatabaseSLVFileName_Obsolete: *mut *mut WCHAR,
}

/// `JET_INSTANCE_INFO` is the narrow form, as in esent.h without `JET_UNICODE`.
pub type JET_INSTANCE_INFO = JET_INSTANCE_INFO_A;
