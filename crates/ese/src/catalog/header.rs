//! The database header (`DBFILEHDR`) of a new database, created without transaction logs and
//! then cleanly detached, at database version 0x620 update 20.
//!
//! How ESE fills it (`db.cxx`): `InitDBDbfilehdr` zeroes the page, sets the magic, version
//! 0x620,20 and create version 0x620,20, the database signature (`SIGGetSignature`: a random
//! u32 from `rand_s`, the current UTC time, and a computer name that is always zeroed), state
//! "just created", the page size, and a zero log signature when logging is off; the file type is
//! database. `ErrLGCreateDB` gives the null log position when logging is off, so
//! `lgposAttach` and every `lGen*` stay 0. `ErrDBCreateDBFinish` sets `dbtimeDirtied`, the
//! attach time, `objidLast`, the OS version and the default sort version; once `MSysLocales`
//! exists the sort version becomes `g_qwUpgradedLocalesTable` (all ones). The detach
//! (`ErrDBCloseAllDBs` path in `db.cxx`) sets state "clean shutdown", which clears the log
//! generations, and the detach and consistent times; without logs the detach and consistent
//! log positions stay 0. Every header write stamps `signDbHdrFlush` with a new signature; the
//! flush-map signature stays zero when there is no persisted flush map.
//!
//! What must hold: every field that depends on neither time, randomness, the log nor the
//! database's later history equals the header of the sample databases (the tests compare them
//! field by field); the result encodes with [`DbHeader::encode`].

use crate::format::header::{
    BackupInfo, DbHeader, DbState, Lgpos, LogTime, Signature, DB_MAGIC, FILE_TYPE_DATABASE,
};
use crate::{Error, ErrorCode, Result};

/// Database format version (`ulDAEVersionMax` of this format).
pub const DB_VERSION: u32 = 0x620;
/// Update major of database version 0x620,20.
pub const DB_UPDATE_MAJOR: u32 = 20;
/// Update minor of database version 0x620,20.
pub const DB_UPDATE_MINOR: u32 = 0;
/// The first dbtime of a new database (`dbtimeStart`); each page change takes the next.
pub const DBTIME_START: u64 = 0x40;
/// The sort version of a database that keeps locales in `MSysLocales`
/// (`g_qwUpgradedLocalesTable`).
pub const SORT_VERSION_LOCALES_TABLE: u64 = u64::MAX;
/// `dbid` of the first database an instance attaches (the only one here).
pub const DEFAULT_DBID: u32 = 1;

/// The Windows version an engine records in the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OsVersion {
    /// Major version.
    pub major: u32,
    /// Minor version.
    pub minor: u32,
    /// Build number.
    pub build: u32,
    /// Service pack.
    pub service_pack: i32,
}

/// 6.2.9200 SP 0: what Windows reports to programs without a compatibility manifest (Windows 8
/// and later), and what the synthetic sample databases hold. A major version of 0 would make
/// ESE treat the database as coming from an unknown OS on attach.
pub const DEFAULT_OS_VERSION: OsVersion = OsVersion {
    major: 6,
    minor: 2,
    build: 9200,
    service_pack: 0,
};

/// The inputs of a new database's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderParams {
    /// Page size in bytes.
    pub page_size: u32,
    /// The random part of the database signature.
    pub signature_random: u32,
    /// Creation time: the database signature's time.
    pub create_time: LogTime,
    /// When the creation finished (`logtimeAttach`).
    pub attach_time: LogTime,
    /// When the database was detached cleanly (`logtimeDetach` = `logtimeConsistent`).
    pub detach_time: LogTime,
    /// The signature of the last header write (`signDbHdrFlush`).
    pub header_flush: Signature,
    /// `dbtimeDirtied`: at least the highest dbtime of any page.
    pub dbtime: u64,
    /// `objidLast`: the highest object id in use.
    pub objid_last: u32,
    /// The recorded OS version.
    pub os: OsVersion,
    /// `JET_bitDbShadowingOff`: no copy of the header in page 1 of the file.
    pub shadowing_disabled: bool,
}

impl HeaderParams {
    /// Parameters for a database created, finished and detached at `time`: the header-flush
    /// signature reuses `signature_random` and `time`, dbtime is [`DBTIME_START`] (raise it to
    /// the highest dbtime written), `objidLast` that of a new database, the default OS version.
    pub fn new(page_size: u32, signature_random: u32, time: LogTime) -> HeaderParams {
        HeaderParams {
            page_size,
            signature_random,
            create_time: time,
            attach_time: time,
            detach_time: time,
            header_flush: Signature {
                random: signature_random,
                create_time: time,
                computer_name: [0; 16],
            },
            dbtime: DBTIME_START,
            objid_last: super::OBJID_LAST_NEW_DATABASE,
            os: DEFAULT_OS_VERSION,
            shadowing_disabled: false,
        }
    }

    /// The header.
    ///
    /// Errors: `JET_errInvalidParameter` for a page size ESE does not support.
    pub fn header(&self) -> Result<DbHeader> {
        if !super::bootstrap::is_supported_page_size(self.page_size) {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                format!("page size {}", self.page_size),
            ));
        }
        let t0 = LogTime::default();
        let b0 = BackupInfo::default();
        let s0 = Signature::default();
        let l0 = Lgpos::default();
        Ok(DbHeader {
            checksum: 0,
            magic: DB_MAGIC,
            version: DB_VERSION,
            attrib: 0,
            dbtime: self.dbtime,
            signature: Signature {
                random: self.signature_random,
                create_time: self.create_time,
                computer_name: [0; 16],
            },
            state: DbState::CleanShutdown,
            lgpos_consistent: l0,
            time_consistent: self.detach_time,
            time_attach: self.attach_time,
            lgpos_attach: l0,
            time_detach: self.detach_time,
            lgpos_detach: l0,
            dbid: DEFAULT_DBID,
            log_signature: s0,
            backup_full_prev: b0,
            backup_incremental_prev: b0,
            backup_full_current: b0,
            db_flags: if self.shadowing_disabled {
                crate::format::header::DB_FLAG_SHADOWING_DISABLED
            } else {
                0
            },
            objid_last: self.objid_last,
            os_major: self.os.major,
            os_minor: self.os.minor,
            os_build: self.os.build,
            os_service_pack: self.os.service_pack,
            update_major: DB_UPDATE_MAJOR,
            page_size_raw: self.page_size,
            repair_count: 0,
            time_repair: t0,
            reserved_slv_signature: [0; 28],
            dbtime_last_scrub: 0,
            time_scrub: t0,
            lgen_min_required: 0,
            lgen_max_required: 0,
            cpg_upgrade_55_format: 0,
            cpg_upgrade_free_pages: 0,
            cpg_upgrade_space_map_pages: 0,
            backup_snapshot_current: b0,
            create_version: DB_VERSION,
            create_update: DB_UPDATE_MAJOR,
            time_gen_max_create: t0,
            backup_type_full_prev: 0,
            backup_type_incremental_prev: 0,
            repair_count_old: 0,
            ecc_fix_success: 0,
            time_ecc_fix_success: t0,
            ecc_fix_success_old: 0,
            ecc_fix_fail: 0,
            time_ecc_fix_fail: t0,
            ecc_fix_fail_old: 0,
            bad_checksum: 0,
            time_bad_checksum: t0,
            bad_checksum_old: 0,
            lgen_max_committed: 0,
            backup_copy_prev: b0,
            backup_differential_prev: b0,
            backup_type_copy_prev: 0,
            backup_type_differential_prev: 0,
            incremental_reseed_count: 0,
            time_incremental_reseed: t0,
            incremental_reseed_count_old: 0,
            page_patch_count: 0,
            time_page_patch: t0,
            page_patch_count_old: 0,
            sort_version: SORT_VERSION_LOCALES_TABLE,
            time_dbscan_prev: t0,
            time_dbscan_start: t0,
            pgno_dbscan_highest_continuous: 0,
            lgen_recovering: 0,
            extend_count: 0,
            time_last_extend: t0,
            shrink_count: 0,
            time_last_shrink: t0,
            time_last_reattach: t0,
            lgpos_last_reattach: l0,
            trim_count: 0,
            signature_header_flush: self.header_flush,
            signature_flush_map_flush: s0,
            lgen_min_consistent: 0,
            update_minor: DB_UPDATE_MINOR,
            efv_max_attached: 0,
            pgno_dbscan_highest: 0,
            lgpos_last_resize: l0,
            reserved_664: [0; 3],
            file_type: FILE_TYPE_DATABASE,
            reserved_671: 0,
            time_gen_max_required: t0,
            lgen_pre_redo_min_consistent: 0,
            lgen_pre_redo_min_required: 0,
            signature_rbs_header_flush: s0,
            revert_count: 0,
            time_revert_from: t0,
            time_revert_to: t0,
            revert_page_count: 0,
            lgpos_commit_before_revert: l0,
        })
    }
}

/// The header of a new database of `page_size`-byte pages, created, finished and cleanly
/// detached at `time` without logs, with signature random `signature_random` (see
/// [`HeaderParams::new`] for the other fields and [`HeaderParams::header`] for the errors).
pub fn new_database_header(
    page_size: u32,
    signature_random: u32,
    time: LogTime,
) -> Result<DbHeader> {
    HeaderParams::new(page_size, signature_random, time).header()
}

/// A UTC [`LogTime`] (as `LGIGetDateTime` fills it) for `millis` milliseconds after the Unix
/// epoch. Errors: `JET_errInvalidParameter` for a time before 1900 or after 2155 (the year is
/// stored as one byte above 1900).
pub fn logtime_from_unix_millis(millis: i64) -> Result<LogTime> {
    let days = millis.div_euclid(86_400_000);
    let ms_of_day = millis.rem_euclid(86_400_000);
    let (year, month, day) = crate::format::coltype::civil_from_days(days);
    let year_byte = u8::try_from(year - 1900).map_err(|_| {
        Error::with(
            ErrorCode::InvalidParameter,
            format!("year {year} cannot be stored in a LOGTIME"),
        )
    })?;
    // Every value below is bounded by its unit (day < 32, hour < 24, ...), so the casts hold.
    Ok(LogTime {
        seconds: (ms_of_day / 1000 % 60) as u8,
        minutes: (ms_of_day / 60_000 % 60) as u8,
        hours: (ms_of_day / 3_600_000) as u8,
        day: day as u8,
        month: month as u8,
        year: year_byte,
        utc: true,
        milliseconds: (ms_of_day % 1000) as u16,
        os_snapshot: false,
        unused: 0,
    })
}
