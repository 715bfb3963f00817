//! The database file header (`DBFILEHDR`) and its shadow copy.
//!
//! This module owns the first 748 bytes of physical pages 0 and 1 of an `.edb` file:
//! decoding every field of `DBFILEHDR` (as `eseutil /mh` shows them), encoding them
//! back bit for bit, and choosing between the primary header and its shadow.
//!
//! What must hold:
//! * all fields are little-endian and the struct is packed (no padding); the offsets
//!   below are those of `DBFILEHDR` in `dev/ese/src/inc/daedef.hxx`;
//! * the checksum in the first dword is [`header_checksum`] of the whole header page
//!   (the bytes after the 748-byte header are zero);
//! * [`DbHeader::decode`] followed by [`DbHeader::encode`] reproduces the header bytes
//!   exactly, reserved bytes included;
//! * decoding never panics, whatever the input.
//!
//! | off | size | field |
//! | --- | --- | --- |
//! | 0 | 4 | checksum |
//! | 4 | 4 | magic `0x89ABCDEF` |
//! | 8 | 4 | format version (0x620) |
//! | 12 | 4 | attributes (0 = database) |
//! | 16 | 8 | dbtime (dirtied) |
//! | 24 | 28 | database [`Signature`] |
//! | 52 | 4 | state ([`DbState`]) |
//! | 56 | 8 | lgposConsistent, 64: its [`LogTime`] |
//! | 72 | 8 | attach time, 80: lgposAttach |
//! | 88 | 8 | detach time, 96: lgposDetach |
//! | 104 | 4 | dbid |
//! | 108 | 28 | log [`Signature`] |
//! | 136 / 160 / 184 | 24 each | [`BackupInfo`]: previous full, previous incremental, current full |
//! | 208 | 4 | db flags |
//! | 212 | 4 | objidLast |
//! | 216..232 | 4 each | OS major, minor, build, service pack |
//! | 232 | 4 | update-major version |
//! | 236 | 4 | page size (0 = 4096) |
//! | 240 | 4 | repair count, 244: repair time |
//! | 252 | 28 | reserved (obsolete SLV signature) |
//! | 280 | 8 | dbtime of last scrub, 288: scrub time |
//! | 296 / 300 | 4 each | lGenMinRequired / lGenMaxRequired |
//! | 304..316 | 4 each | cpgUpgrade55Format, cpgUpgradeFreePages, cpgUpgradeSpaceMapPages |
//! | 316 | 24 | current snapshot [`BackupInfo`] |
//! | 340 / 344 | 4 each | creating version / update |
//! | 348 | 8 | creation time of the genMax log |
//! | 356 / 360 | 4 each | backup type of previous full / incremental |
//! | 364 | 4 | old repair count |
//! | 368..416 | | ECC fix success / fail and bad-checksum counters with times |
//! | 416 | 4 | lGenMaxCommitted |
//! | 420 / 444 | 24 each | previous copy / differential [`BackupInfo`] |
//! | 468 / 472 | 4 each | their backup types |
//! | 476..508 | | incremental reseed and page patch counters with times |
//! | 508 | 8 | legacy sort version |
//! | 516 / 524 | 8 each | dbscan: previous finish / start time, 532: highest continuous pgno |
//! | 536 | 4 | lGenRecovering |
//! | 540..564 | | extend / shrink counters with times |
//! | 564 | 8 | last re-attach time, 572: its lgpos |
//! | 580 | 4 | trim count |
//! | 584 / 612 | 28 each | signatures of the last header flush / flush map header flush |
//! | 640 | 4 | lGenMinConsistent |
//! | 644 | 4 | update-minor version |
//! | 648 | 4 | highest engine format version that attached |
//! | 652 | 4 | highest dbscan pgno |
//! | 656 | 8 | lgposLastResize |
//! | 664 | 3 | reserved |
//! | 667 | 4 | file type (1 = database) — same offset in log and checkpoint headers |
//! | 671 | 1 | reserved |
//! | 672 | 8 | creation time of the genMaxRequired log |
//! | 680 / 684 | 4 each | pre-redo lGenMinConsistent / lGenMinRequired |
//! | 688 | 28 | signature of the last RBS header flush |
//! | 716 | 4 | revert count, 720 / 728: revert from / to times, 736: revert page count |
//! | 740 | 8 | lgpos of the last commit before revert |

use std::fmt;

use crate::format::checksum::{header_checksum, CHECKSUM_SEED};
use crate::{Error, ErrorCode, Result};

/// The magic number at offset 4 of a database header.
pub const DB_MAGIC: u32 = CHECKSUM_SEED;

/// The logical pages a database file of `len` bytes holds (after the header
/// and its shadow, physical pages 0 and 1; a part page is not counted).
pub fn file_pages(len: u64, page_size: usize) -> u64 {
    (len / page_size as u64).saturating_sub(2)
}

/// The length of a database file whose last logical page is `last_pgno`.
pub fn file_len_for(last_pgno: u32, page_size: usize) -> u64 {
    (u64::from(last_pgno) + 2) * page_size as u64
}

/// `JET_filetypeUnknown`: headers written before the file type field existed.
pub const FILE_TYPE_UNKNOWN: u32 = 0;
/// `JET_filetypeDatabase`.
pub const FILE_TYPE_DATABASE: u32 = 1;
/// `JET_filetypeStreamingFile` (obsolete SLV file).
pub const FILE_TYPE_STREAMING: u32 = 2;
/// `JET_filetypeLog`.
pub const FILE_TYPE_LOG: u32 = 3;
/// `JET_filetypeCheckpoint`.
pub const FILE_TYPE_CHECKPOINT: u32 = 4;
/// `JET_filetypeTempDatabase`.
pub const FILE_TYPE_TEMP_DATABASE: u32 = 5;
/// `JET_filetypeFlushMap`.
pub const FILE_TYPE_FLUSH_MAP: u32 = 7;

/// Db flag (byte 0 of the db flags): shadowing of the header is disabled.
pub const DB_FLAG_SHADOWING_DISABLED: u32 = 0x01;
/// Db flag (byte 0 of the db flags): the database is being upgraded.
pub const DB_FLAG_UPGRADE_DB: u32 = 0x02;

/// Offset of the file type field (shared by database, log and checkpoint headers).
const FILE_TYPE_OFFSET: usize = 667;

/// A little-endian cursor over a fixed-size byte array; reads past the end yield zeros
/// (callers check the length first).
struct Rd<'a> {
    b: &'a [u8],
    off: usize,
}

impl<'a> Rd<'a> {
    fn at(b: &'a [u8], off: usize) -> Self {
        Rd { b, off }
    }
    fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        if let Some(s) = self
            .off
            .checked_add(N)
            .and_then(|e| self.b.get(self.off..e))
        {
            out.copy_from_slice(s);
        }
        self.off += N;
        out
    }
    fn u8(&mut self) -> u8 {
        self.bytes::<1>()[0]
    }
    fn u16(&mut self) -> u16 {
        u16::from_le_bytes(self.bytes())
    }
    fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.bytes())
    }
    fn i32(&mut self) -> i32 {
        i32::from_le_bytes(self.bytes())
    }
    fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.bytes())
    }
    fn lgpos(&mut self) -> Lgpos {
        Lgpos::decode(&self.bytes::<{ Lgpos::SIZE }>())
    }
    fn logtime(&mut self) -> LogTime {
        LogTime::decode(&self.bytes::<{ LogTime::SIZE }>())
    }
    fn signature(&mut self) -> Signature {
        Signature::decode(&self.bytes::<{ Signature::SIZE }>())
    }
    fn bkinfo(&mut self) -> BackupInfo {
        BackupInfo::decode(&self.bytes::<{ BackupInfo::SIZE }>())
    }
}

/// A little-endian writer into a byte slice; writes past the end are dropped
/// (callers check the length first).
struct Wr<'a> {
    b: &'a mut [u8],
    off: usize,
}

impl<'a> Wr<'a> {
    fn at(b: &'a mut [u8], off: usize) -> Self {
        Wr { b, off }
    }
    fn bytes(&mut self, v: &[u8]) {
        if let Some(s) = self
            .off
            .checked_add(v.len())
            .and_then(|e| self.b.get_mut(self.off..e))
        {
            s.copy_from_slice(v);
        }
        self.off += v.len();
    }
    fn u8(&mut self, v: u8) {
        self.bytes(&[v]);
    }
    fn u16(&mut self, v: u16) {
        self.bytes(&v.to_le_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.bytes(&v.to_le_bytes());
    }
    fn i32(&mut self, v: i32) {
        self.bytes(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.bytes(&v.to_le_bytes());
    }
    fn lgpos(&mut self, v: &Lgpos) {
        self.bytes(&v.encode());
    }
    fn logtime(&mut self, v: &LogTime) {
        self.bytes(&v.encode());
    }
    fn signature(&mut self, v: &Signature) {
        self.bytes(&v.encode());
    }
    fn bkinfo(&mut self, v: &BackupInfo) {
        self.bytes(&v.encode());
    }
}

/// A position in the transaction log (`LGPOS`).
///
/// | off | size | field |
/// | --- | --- | --- |
/// | 0 | 2 | `ib`: byte offset within the sector |
/// | 2 | 2 | `isec`: sector number |
/// | 4 | 4 | `lgen`: log generation |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, PartialOrd, Ord)]
pub struct Lgpos {
    /// Byte offset within the sector.
    pub ib: u16,
    /// Sector within the log file.
    pub isec: u16,
    /// Log generation.
    pub lgen: i32,
}

impl Lgpos {
    /// Size of the persisted form in bytes.
    pub const SIZE: usize = 8;

    /// Decodes from exactly [`Lgpos::SIZE`] bytes.
    pub fn decode(b: &[u8; Self::SIZE]) -> Lgpos {
        let mut r = Rd::at(b, 0);
        Lgpos {
            ib: r.u16(),
            isec: r.u16(),
            lgen: r.i32(),
        }
    }

    /// Encodes to [`Lgpos::SIZE`] bytes.
    pub fn encode(&self) -> [u8; Self::SIZE] {
        let mut out = [0u8; Self::SIZE];
        let mut w = Wr::at(&mut out, 0);
        w.u16(self.ib);
        w.u16(self.isec);
        w.i32(self.lgen);
        out
    }

    /// Whether this is the null position (all zero).
    pub fn is_null(&self) -> bool {
        *self == Lgpos::default()
    }
}

impl fmt::Display for Lgpos {
    /// As `eseutil` prints it: `(0xLGEN,ISEC,IB)` in hex.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "(0x{:X},{:X},{:X})", self.lgen, self.isec, self.ib)
    }
}

/// A timestamp as ESE stores it (`LOGTIME`): calendar fields, not a count.
///
/// | off | size | field |
/// | --- | --- | --- |
/// | 0 | 1 | seconds |
/// | 1 | 1 | minutes |
/// | 2 | 1 | hours |
/// | 3 | 1 | day (1–31) |
/// | 4 | 1 | month (1–12 in practice) |
/// | 5 | 1 | year − 1900 |
/// | 6 | 1 | bit 0: time is UTC; bits 1–7: milliseconds, low 7 bits |
/// | 7 | 1 | bit 0: OS snapshot (reserved); bits 1–3: milliseconds, high 3 bits; bits 4–7: unused |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct LogTime {
    /// Seconds.
    pub seconds: u8,
    /// Minutes.
    pub minutes: u8,
    /// Hours.
    pub hours: u8,
    /// Day of the month.
    pub day: u8,
    /// Month.
    pub month: u8,
    /// Years since 1900.
    pub year: u8,
    /// The time is UTC (else local time).
    pub utc: bool,
    /// Milliseconds (10 bits are stored).
    pub milliseconds: u16,
    /// The reserved "OS snapshot" bit.
    pub os_snapshot: bool,
    /// The 4 unused high bits of the last byte, kept for an exact round trip.
    pub unused: u8,
}

impl LogTime {
    /// Size of the persisted form in bytes.
    pub const SIZE: usize = 8;

    /// Decodes from exactly [`LogTime::SIZE`] bytes.
    pub fn decode(b: &[u8; Self::SIZE]) -> LogTime {
        LogTime {
            seconds: b[0],
            minutes: b[1],
            hours: b[2],
            day: b[3],
            month: b[4],
            year: b[5],
            utc: b[6] & 1 != 0,
            milliseconds: u16::from(b[6] >> 1) | (u16::from((b[7] >> 1) & 0x7) << 7),
            os_snapshot: b[7] & 1 != 0,
            unused: b[7] >> 4,
        }
    }

    /// Encodes to [`LogTime::SIZE`] bytes (milliseconds are cut to 10 bits).
    pub fn encode(&self) -> [u8; Self::SIZE] {
        let ms_low = (self.milliseconds & 0x7F) as u8;
        let ms_high = ((self.milliseconds >> 7) & 0x7) as u8;
        [
            self.seconds,
            self.minutes,
            self.hours,
            self.day,
            self.month,
            self.year,
            u8::from(self.utc) | (ms_low << 1),
            u8::from(self.os_snapshot) | (ms_high << 1) | ((self.unused & 0xF) << 4),
        ]
    }

    /// Whether any field is set (ESE's `FIsSet`).
    pub fn is_set(&self) -> bool {
        *self != LogTime::default()
    }

    /// The full year (`year + 1900`).
    pub fn full_year(&self) -> u16 {
        u16::from(self.year) + 1900
    }
}

impl fmt::Display for LogTime {
    /// `MM/DD/YYYY hh:mm:ss.mmm`, as `eseutil` prints it (without its `UTC`/`LOC` suffix).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:02}/{:02}/{:04} {:02}:{:02}:{:02}.{:03}",
            self.month,
            self.day,
            self.full_year(),
            self.hours,
            self.minutes,
            self.seconds,
            self.milliseconds
        )
    }
}

/// A database or log signature (`SIGNATURE`): what ties files together.
///
/// | off | size | field |
/// | --- | --- | --- |
/// | 0 | 4 | random number |
/// | 4 | 8 | creation time ([`LogTime`]) |
/// | 12 | 16 | computer name (NUL-padded, usually empty) |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Signature {
    /// A random number chosen at creation.
    pub random: u32,
    /// When the database or log sequence was created.
    pub create_time: LogTime,
    /// The computer name, NUL-padded.
    pub computer_name: [u8; 16],
}

impl Signature {
    /// Size of the persisted form in bytes.
    pub const SIZE: usize = 28;

    /// Decodes from exactly [`Signature::SIZE`] bytes.
    pub fn decode(b: &[u8; Self::SIZE]) -> Signature {
        let mut r = Rd::at(b, 0);
        Signature {
            random: r.u32(),
            create_time: r.logtime(),
            computer_name: r.bytes(),
        }
    }

    /// Encodes to [`Signature::SIZE`] bytes.
    pub fn encode(&self) -> [u8; Self::SIZE] {
        let mut out = [0u8; Self::SIZE];
        let mut w = Wr::at(&mut out, 0);
        w.u32(self.random);
        w.logtime(&self.create_time);
        w.bytes(&self.computer_name);
        out
    }

    /// The computer name up to its first NUL (lossy UTF-8).
    pub fn computer_name_str(&self) -> String {
        let end = self
            .computer_name
            .iter()
            .position(|&c| c == 0)
            .unwrap_or(16);
        String::from_utf8_lossy(self.computer_name.get(..end).unwrap_or(&[])).into_owned()
    }
}

impl fmt::Display for Signature {
    /// Like `eseutil`: `Create time:MM/DD/YYYY hh:mm:ss.mmm Rand:N Computer:NAME`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Create time:{} Rand:{} Computer:{}",
            self.create_time,
            self.random,
            self.computer_name_str()
        )
    }
}

/// One backup record (`BKINFO`).
///
/// | off | size | field |
/// | --- | --- | --- |
/// | 0 | 8 | lgposMark: the log position that identifies the backup |
/// | 8 | 8 | time of the mark |
/// | 16 | 4 | lowest log generation of the backup set |
/// | 20 | 4 | highest log generation of the backup set |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct BackupInfo {
    /// The log position identifying this backup.
    pub lgpos_mark: Lgpos,
    /// When the mark was logged.
    pub time_mark: LogTime,
    /// Lowest log generation in the backup set.
    pub gen_low: u32,
    /// Highest log generation in the backup set.
    pub gen_high: u32,
}

impl BackupInfo {
    /// Size of the persisted form in bytes.
    pub const SIZE: usize = 24;

    /// Decodes from exactly [`BackupInfo::SIZE`] bytes.
    pub fn decode(b: &[u8; Self::SIZE]) -> BackupInfo {
        let mut r = Rd::at(b, 0);
        BackupInfo {
            lgpos_mark: r.lgpos(),
            time_mark: r.logtime(),
            gen_low: r.u32(),
            gen_high: r.u32(),
        }
    }

    /// Encodes to [`BackupInfo::SIZE`] bytes.
    pub fn encode(&self) -> [u8; Self::SIZE] {
        let mut out = [0u8; Self::SIZE];
        let mut w = Wr::at(&mut out, 0);
        w.lgpos(&self.lgpos_mark);
        w.logtime(&self.time_mark);
        w.u32(self.gen_low);
        w.u32(self.gen_high);
        out
    }
}

/// The database state (`JET_dbstate*`), offset 52.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DbState {
    /// 1: created, not yet cleanly detached.
    JustCreated,
    /// 2: not shut down cleanly; log replay is needed.
    DirtyShutdown,
    /// 3: shut down cleanly; consistent on its own.
    CleanShutdown,
    /// 4: a format conversion is in progress.
    BeingConverted,
    /// 5: detached by force.
    ForceDetach,
    /// 6: an incremental reseed is in progress.
    IncrementalReseedInProgress,
    /// 7: dirty, and pages were patched (needs a wider log range).
    DirtyAndPatchedShutdown,
    /// 8: a revert from revert snapshots is in progress.
    RevertInProgress,
    /// Any other value, kept as found.
    Unknown(u32),
}

impl DbState {
    /// The state for a stored value.
    pub fn from_u32(v: u32) -> DbState {
        match v {
            1 => DbState::JustCreated,
            2 => DbState::DirtyShutdown,
            3 => DbState::CleanShutdown,
            4 => DbState::BeingConverted,
            5 => DbState::ForceDetach,
            6 => DbState::IncrementalReseedInProgress,
            7 => DbState::DirtyAndPatchedShutdown,
            8 => DbState::RevertInProgress,
            other => DbState::Unknown(other),
        }
    }

    /// The stored value.
    pub fn to_u32(self) -> u32 {
        match self {
            DbState::JustCreated => 1,
            DbState::DirtyShutdown => 2,
            DbState::CleanShutdown => 3,
            DbState::BeingConverted => 4,
            DbState::ForceDetach => 5,
            DbState::IncrementalReseedInProgress => 6,
            DbState::DirtyAndPatchedShutdown => 7,
            DbState::RevertInProgress => 8,
            DbState::Unknown(v) => v,
        }
    }

    /// Whether the database is consistent without log replay (clean shutdown).
    pub fn is_consistent(self) -> bool {
        self == DbState::CleanShutdown
    }
}

impl fmt::Display for DbState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbState::JustCreated => f.write_str("Just Created"),
            DbState::DirtyShutdown => f.write_str("Dirty Shutdown"),
            DbState::CleanShutdown => f.write_str("Clean Shutdown"),
            DbState::BeingConverted => f.write_str("Being Converted"),
            DbState::ForceDetach => f.write_str("Force Detach"),
            DbState::IncrementalReseedInProgress => f.write_str("Incremental Reseed In Progress"),
            DbState::DirtyAndPatchedShutdown => f.write_str("Dirty And Patched Shutdown"),
            DbState::RevertInProgress => f.write_str("Revert In Progress"),
            DbState::Unknown(v) => write!(f, "Unknown ({v})"),
        }
    }
}

/// Every field of the database header (`DBFILEHDR`, 748 bytes); see the module
/// documentation for the offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbHeader {
    /// 0: the stored checksum ([`header_checksum`] of the page).
    pub checksum: u32,
    /// 4: magic number, [`DB_MAGIC`].
    pub magic: u32,
    /// 8: format version (0x620).
    pub version: u32,
    /// 12: attributes (0 = database).
    pub attrib: i32,
    /// 16: the database's logical clock (`dbtimeDirtied`).
    pub dbtime: u64,
    /// 24: the database signature.
    pub signature: Signature,
    /// 52: state.
    pub state: DbState,
    /// 56: log position at which the database was last made consistent.
    pub lgpos_consistent: Lgpos,
    /// 64: time of `lgpos_consistent`.
    pub time_consistent: LogTime,
    /// 72: time of the last attach.
    pub time_attach: LogTime,
    /// 80: log position of the last attach.
    pub lgpos_attach: Lgpos,
    /// 88: time of the last detach.
    pub time_detach: LogTime,
    /// 96: log position of the last detach.
    pub lgpos_detach: Lgpos,
    /// 104: database id of the current attachment.
    pub dbid: u32,
    /// 108: signature of the log sequence this database belongs to.
    pub log_signature: Signature,
    /// 136: last successful full backup.
    pub backup_full_prev: BackupInfo,
    /// 160: last successful incremental backup.
    pub backup_incremental_prev: BackupInfo,
    /// 184: current full backup.
    pub backup_full_current: BackupInfo,
    /// 208: db flags (byte 0: shadowing disabled 0x1, upgrade 0x2; byte 3: build flags).
    pub db_flags: u32,
    /// 212: highest object id handed out.
    pub objid_last: u32,
    /// 216: OS major version last seen.
    pub os_major: u32,
    /// 220: OS minor version.
    pub os_minor: u32,
    /// 224: OS build number.
    pub os_build: u32,
    /// 228: OS service pack number.
    pub os_service_pack: i32,
    /// 232: update-major format version.
    pub update_major: u32,
    /// 236: page size as stored (0 means 4096; see [`DbHeader::page_size`]).
    pub page_size_raw: u32,
    /// 240: number of repairs.
    pub repair_count: u32,
    /// 244: time of the last repair.
    pub time_repair: LogTime,
    /// 252: obsolete SLV signature bytes, kept raw.
    pub reserved_slv_signature: [u8; 28],
    /// 280: dbtime of the last scrub.
    pub dbtime_last_scrub: u64,
    /// 288: time of the last scrub.
    pub time_scrub: LogTime,
    /// 296: lowest log generation needed for recovery.
    pub lgen_min_required: i32,
    /// 300: highest log generation needed for recovery.
    pub lgen_max_required: i32,
    /// 304: upgrade bookkeeping.
    pub cpg_upgrade_55_format: i32,
    /// 308: upgrade bookkeeping.
    pub cpg_upgrade_free_pages: i32,
    /// 312: upgrade bookkeeping.
    pub cpg_upgrade_space_map_pages: i32,
    /// 316: current snapshot backup.
    pub backup_snapshot_current: BackupInfo,
    /// 340: format version of the engine that created the database.
    pub create_version: u32,
    /// 344: its update number.
    pub create_update: u32,
    /// 348: creation time of the genMax log.
    pub time_gen_max_create: LogTime,
    /// 356: type of the previous full backup (0 normal, 1 OS snapshot, 2 snapshot).
    pub backup_type_full_prev: u32,
    /// 360: type of the previous incremental backup.
    pub backup_type_incremental_prev: u32,
    /// 364: repair count before the last defragmentation.
    pub repair_count_old: u32,
    /// 368: single-bit errors fixed by the ECC.
    pub ecc_fix_success: u32,
    /// 372: time of the last successful ECC fix.
    pub time_ecc_fix_success: LogTime,
    /// 380: older count of successful ECC fixes.
    pub ecc_fix_success_old: u32,
    /// 384: ECC fixes that did not give a good page.
    pub ecc_fix_fail: u32,
    /// 388: time of the last failed ECC fix.
    pub time_ecc_fix_fail: LogTime,
    /// 396: older count of failed ECC fixes.
    pub ecc_fix_fail_old: u32,
    /// 400: uncorrectable checksum errors seen.
    pub bad_checksum: u32,
    /// 404: time of the last uncorrectable checksum error.
    pub time_bad_checksum: LogTime,
    /// 412: older count of bad checksums.
    pub bad_checksum_old: u32,
    /// 416: last log generation with committed changes for this database.
    pub lgen_max_committed: i32,
    /// 420: last successful copy backup.
    pub backup_copy_prev: BackupInfo,
    /// 444: last successful differential backup.
    pub backup_differential_prev: BackupInfo,
    /// 468: type of the previous copy backup.
    pub backup_type_copy_prev: u32,
    /// 472: type of the previous differential backup.
    pub backup_type_differential_prev: u32,
    /// 476: incremental reseeds started.
    pub incremental_reseed_count: u32,
    /// 480: time of the last incremental reseed.
    pub time_incremental_reseed: LogTime,
    /// 488: older count of incremental reseeds.
    pub incremental_reseed_count_old: u32,
    /// 492: pages patched by incremental reseed.
    pub page_patch_count: u32,
    /// 496: time of the last page patch.
    pub time_page_patch: LogTime,
    /// 504: older count of patched pages.
    pub page_patch_count_old: u32,
    /// 508: legacy sort version (now all ones).
    pub sort_version: u64,
    /// 516: finish time of the previous database scan.
    pub time_dbscan_prev: LogTime,
    /// 524: start time of the current database scan.
    pub time_dbscan_start: LogTime,
    /// 532: highest page scanned without gaps.
    pub pgno_dbscan_highest_continuous: u32,
    /// 536: log generation being replayed.
    pub lgen_recovering: i32,
    /// 540: number of file extensions.
    pub extend_count: u32,
    /// 544: time of the last extension.
    pub time_last_extend: LogTime,
    /// 552: number of shrinks.
    pub shrink_count: u32,
    /// 556: time of the last shrink.
    pub time_last_shrink: LogTime,
    /// 564: time of the last re-attach.
    pub time_last_reattach: LogTime,
    /// 572: log position of the last re-attach.
    pub lgpos_last_reattach: Lgpos,
    /// 580: number of trims.
    pub trim_count: u32,
    /// 584: signature written at the last header flush.
    pub signature_header_flush: Signature,
    /// 612: signature written at the last flush-map header flush.
    pub signature_flush_map_flush: Signature,
    /// 640: lowest log generation needed to make the database consistent.
    pub lgen_min_consistent: i32,
    /// 644: update-minor format version.
    pub update_minor: u32,
    /// 648: highest engine format version (`JET_efv`) that attached (diagnostic).
    pub efv_max_attached: u32,
    /// 652: highest page number scanned.
    pub pgno_dbscan_highest: u32,
    /// 656: log position of the last resize.
    pub lgpos_last_resize: Lgpos,
    /// 664: reserved bytes, kept raw.
    pub reserved_664: [u8; 3],
    /// 667: file type (`JET_filetype*`, 1 = database).
    pub file_type: u32,
    /// 671: reserved byte, kept raw.
    pub reserved_671: u8,
    /// 672: creation time of the genMaxRequired log.
    pub time_gen_max_required: LogTime,
    /// 680: lGenMinConsistent before redo overrode it (0 if not).
    pub lgen_pre_redo_min_consistent: i32,
    /// 684: lGenMinRequired before redo overrode it (0 if not).
    pub lgen_pre_redo_min_required: i32,
    /// 688: signature written at the last revert-snapshot header flush.
    pub signature_rbs_header_flush: Signature,
    /// 716: number of reverts.
    pub revert_count: u32,
    /// 720: time the last revert started from.
    pub time_revert_from: LogTime,
    /// 728: time the last revert went back to.
    pub time_revert_to: LogTime,
    /// 736: pages reverted by the last revert.
    pub revert_page_count: u32,
    /// 740: log position of the last commit before a revert.
    pub lgpos_commit_before_revert: Lgpos,
}

impl DbHeader {
    /// Size of the persisted header in bytes (the rest of the header page is zero).
    pub const SIZE: usize = 748;

    /// Decodes and checks a database header page (physical page 0 or 1).
    ///
    /// Pass the whole header page (or at least its first 4 KiB when the rest is zero):
    /// the checksum covers all of it.
    ///
    /// Errors: `JET_errInvalidDatabase` (-1028) if the bytes are too short or carry no
    /// database magic; `JET_errFileInvalidType` (-1812) if they are another ESE file
    /// (log, checkpoint, flush map...); `JET_errReadVerifyFailure` (-1018) if the
    /// checksum does not match; `JET_errDatabaseCorrupted` if the page size field is
    /// not a valid page size.
    pub fn decode(page: &[u8]) -> Result<DbHeader> {
        if page.len() < Self::SIZE {
            return Err(Error::with(
                ErrorCode::InvalidDatabase,
                format!(
                    "database header needs {} bytes, got {}",
                    Self::SIZE,
                    page.len()
                ),
            ));
        }
        let mut r = Rd::at(page, 0);
        let checksum = r.u32();
        let magic = r.u32();
        let file_type = Rd::at(page, FILE_TYPE_OFFSET).u32();
        if magic != DB_MAGIC {
            if matches!(
                file_type,
                FILE_TYPE_LOG | FILE_TYPE_CHECKPOINT | FILE_TYPE_FLUSH_MAP | 10 | 11
            ) {
                return Err(Error::with(
                    ErrorCode::FileInvalidType,
                    format!("not a database: file type {file_type}"),
                ));
            }
            return Err(Error::with(
                ErrorCode::InvalidDatabase,
                format!("bad database magic 0x{magic:08X}"),
            ));
        }
        let computed = header_checksum(page);
        if computed != checksum {
            return Err(Error::with(
                ErrorCode::ReadVerifyFailure,
                format!("database header checksum 0x{checksum:08X}, computed 0x{computed:08X}"),
            ));
        }
        if !matches!(
            file_type,
            FILE_TYPE_UNKNOWN | FILE_TYPE_DATABASE | FILE_TYPE_TEMP_DATABASE
        ) {
            return Err(Error::with(
                ErrorCode::FileInvalidType,
                format!("not a database: file type {file_type}"),
            ));
        }
        let h = Self::decode_fields(page, checksum, magic);
        if !matches!(h.page_size_raw, 0 | 2048 | 4096 | 8192 | 16384 | 32768) {
            return Err(Error::with(
                ErrorCode::DatabaseCorrupted,
                format!("invalid page size {} in database header", h.page_size_raw),
            ));
        }
        Ok(h)
    }

    /// Reads every field; `page` holds at least [`DbHeader::SIZE`] bytes.
    fn decode_fields(page: &[u8], checksum: u32, magic: u32) -> DbHeader {
        let mut r = Rd::at(page, 8);
        DbHeader {
            checksum,
            magic,
            version: r.u32(),
            attrib: r.i32(),
            dbtime: r.u64(),
            signature: r.signature(),
            state: DbState::from_u32(r.u32()),
            lgpos_consistent: r.lgpos(),
            time_consistent: r.logtime(),
            time_attach: r.logtime(),
            lgpos_attach: r.lgpos(),
            time_detach: r.logtime(),
            lgpos_detach: r.lgpos(),
            dbid: r.u32(),
            log_signature: r.signature(),
            backup_full_prev: r.bkinfo(),
            backup_incremental_prev: r.bkinfo(),
            backup_full_current: r.bkinfo(),
            db_flags: r.u32(),
            objid_last: r.u32(),
            os_major: r.u32(),
            os_minor: r.u32(),
            os_build: r.u32(),
            os_service_pack: r.i32(),
            update_major: r.u32(),
            page_size_raw: r.u32(),
            repair_count: r.u32(),
            time_repair: r.logtime(),
            reserved_slv_signature: r.bytes(),
            dbtime_last_scrub: r.u64(),
            time_scrub: r.logtime(),
            lgen_min_required: r.i32(),
            lgen_max_required: r.i32(),
            cpg_upgrade_55_format: r.i32(),
            cpg_upgrade_free_pages: r.i32(),
            cpg_upgrade_space_map_pages: r.i32(),
            backup_snapshot_current: r.bkinfo(),
            create_version: r.u32(),
            create_update: r.u32(),
            time_gen_max_create: r.logtime(),
            backup_type_full_prev: r.u32(),
            backup_type_incremental_prev: r.u32(),
            repair_count_old: r.u32(),
            ecc_fix_success: r.u32(),
            time_ecc_fix_success: r.logtime(),
            ecc_fix_success_old: r.u32(),
            ecc_fix_fail: r.u32(),
            time_ecc_fix_fail: r.logtime(),
            ecc_fix_fail_old: r.u32(),
            bad_checksum: r.u32(),
            time_bad_checksum: r.logtime(),
            bad_checksum_old: r.u32(),
            lgen_max_committed: r.i32(),
            backup_copy_prev: r.bkinfo(),
            backup_differential_prev: r.bkinfo(),
            backup_type_copy_prev: r.u32(),
            backup_type_differential_prev: r.u32(),
            incremental_reseed_count: r.u32(),
            time_incremental_reseed: r.logtime(),
            incremental_reseed_count_old: r.u32(),
            page_patch_count: r.u32(),
            time_page_patch: r.logtime(),
            page_patch_count_old: r.u32(),
            sort_version: r.u64(),
            time_dbscan_prev: r.logtime(),
            time_dbscan_start: r.logtime(),
            pgno_dbscan_highest_continuous: r.u32(),
            lgen_recovering: r.i32(),
            extend_count: r.u32(),
            time_last_extend: r.logtime(),
            shrink_count: r.u32(),
            time_last_shrink: r.logtime(),
            time_last_reattach: r.logtime(),
            lgpos_last_reattach: r.lgpos(),
            trim_count: r.u32(),
            signature_header_flush: r.signature(),
            signature_flush_map_flush: r.signature(),
            lgen_min_consistent: r.i32(),
            update_minor: r.u32(),
            efv_max_attached: r.u32(),
            pgno_dbscan_highest: r.u32(),
            lgpos_last_resize: r.lgpos(),
            reserved_664: r.bytes(),
            file_type: r.u32(),
            reserved_671: r.u8(),
            time_gen_max_required: r.logtime(),
            lgen_pre_redo_min_consistent: r.i32(),
            lgen_pre_redo_min_required: r.i32(),
            signature_rbs_header_flush: r.signature(),
            revert_count: r.u32(),
            time_revert_from: r.logtime(),
            time_revert_to: r.logtime(),
            revert_page_count: r.u32(),
            lgpos_commit_before_revert: r.lgpos(),
        }
    }

    /// Writes every field into the first [`DbHeader::SIZE`] bytes of `page`, then the
    /// checksum of the whole `page` (the stored `checksum` field is ignored). Bytes
    /// after the header are left as they are; ESE keeps them zero.
    ///
    /// # Panics
    ///
    /// If `page` is shorter than [`DbHeader::SIZE`] (a caller bug, not a data error).
    pub fn encode(&self, page: &mut [u8]) {
        assert!(page.len() >= Self::SIZE, "header page buffer too short");
        let mut w = Wr::at(page, 0);
        w.u32(0);
        w.u32(self.magic);
        w.u32(self.version);
        w.i32(self.attrib);
        w.u64(self.dbtime);
        w.signature(&self.signature);
        w.u32(self.state.to_u32());
        w.lgpos(&self.lgpos_consistent);
        w.logtime(&self.time_consistent);
        w.logtime(&self.time_attach);
        w.lgpos(&self.lgpos_attach);
        w.logtime(&self.time_detach);
        w.lgpos(&self.lgpos_detach);
        w.u32(self.dbid);
        w.signature(&self.log_signature);
        w.bkinfo(&self.backup_full_prev);
        w.bkinfo(&self.backup_incremental_prev);
        w.bkinfo(&self.backup_full_current);
        w.u32(self.db_flags);
        w.u32(self.objid_last);
        w.u32(self.os_major);
        w.u32(self.os_minor);
        w.u32(self.os_build);
        w.i32(self.os_service_pack);
        w.u32(self.update_major);
        w.u32(self.page_size_raw);
        w.u32(self.repair_count);
        w.logtime(&self.time_repair);
        w.bytes(&self.reserved_slv_signature);
        w.u64(self.dbtime_last_scrub);
        w.logtime(&self.time_scrub);
        w.i32(self.lgen_min_required);
        w.i32(self.lgen_max_required);
        w.i32(self.cpg_upgrade_55_format);
        w.i32(self.cpg_upgrade_free_pages);
        w.i32(self.cpg_upgrade_space_map_pages);
        w.bkinfo(&self.backup_snapshot_current);
        w.u32(self.create_version);
        w.u32(self.create_update);
        w.logtime(&self.time_gen_max_create);
        w.u32(self.backup_type_full_prev);
        w.u32(self.backup_type_incremental_prev);
        w.u32(self.repair_count_old);
        w.u32(self.ecc_fix_success);
        w.logtime(&self.time_ecc_fix_success);
        w.u32(self.ecc_fix_success_old);
        w.u32(self.ecc_fix_fail);
        w.logtime(&self.time_ecc_fix_fail);
        w.u32(self.ecc_fix_fail_old);
        w.u32(self.bad_checksum);
        w.logtime(&self.time_bad_checksum);
        w.u32(self.bad_checksum_old);
        w.i32(self.lgen_max_committed);
        w.bkinfo(&self.backup_copy_prev);
        w.bkinfo(&self.backup_differential_prev);
        w.u32(self.backup_type_copy_prev);
        w.u32(self.backup_type_differential_prev);
        w.u32(self.incremental_reseed_count);
        w.logtime(&self.time_incremental_reseed);
        w.u32(self.incremental_reseed_count_old);
        w.u32(self.page_patch_count);
        w.logtime(&self.time_page_patch);
        w.u32(self.page_patch_count_old);
        w.u64(self.sort_version);
        w.logtime(&self.time_dbscan_prev);
        w.logtime(&self.time_dbscan_start);
        w.u32(self.pgno_dbscan_highest_continuous);
        w.i32(self.lgen_recovering);
        w.u32(self.extend_count);
        w.logtime(&self.time_last_extend);
        w.u32(self.shrink_count);
        w.logtime(&self.time_last_shrink);
        w.logtime(&self.time_last_reattach);
        w.lgpos(&self.lgpos_last_reattach);
        w.u32(self.trim_count);
        w.signature(&self.signature_header_flush);
        w.signature(&self.signature_flush_map_flush);
        w.i32(self.lgen_min_consistent);
        w.u32(self.update_minor);
        w.u32(self.efv_max_attached);
        w.u32(self.pgno_dbscan_highest);
        w.lgpos(&self.lgpos_last_resize);
        w.bytes(&self.reserved_664);
        w.u32(self.file_type);
        w.u8(self.reserved_671);
        w.logtime(&self.time_gen_max_required);
        w.i32(self.lgen_pre_redo_min_consistent);
        w.i32(self.lgen_pre_redo_min_required);
        w.signature(&self.signature_rbs_header_flush);
        w.u32(self.revert_count);
        w.logtime(&self.time_revert_from);
        w.logtime(&self.time_revert_to);
        w.u32(self.revert_page_count);
        w.lgpos(&self.lgpos_commit_before_revert);
        debug_assert_eq!(w.off, Self::SIZE);
        let c = header_checksum(page);
        Wr::at(page, 0).u32(c);
    }

    /// The page size in bytes (a stored 0 means 4096).
    pub fn page_size(&self) -> u32 {
        if self.page_size_raw == 0 {
            4096
        } else {
            self.page_size_raw
        }
    }

    /// The format version as `(version, update major, update minor)`, e.g. `(0x620, 20, 0)`.
    pub fn format_version(&self) -> (u32, u32, u32) {
        (self.version, self.update_major, self.update_minor)
    }

    /// Whether header shadowing is disabled (db flag 0x1): then page 1 of the file
    /// is not a copy of the header.
    pub fn shadowing_disabled(&self) -> bool {
        self.db_flags & DB_FLAG_SHADOWING_DISABLED != 0
    }
}

/// Which copy of the header [`read_best`] used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeaderCopy {
    /// Physical page 0.
    Primary,
    /// Physical page 1, the shadow copy.
    Shadow,
}

/// Decodes the primary header (physical page 0) and falls back to the shadow copy
/// (physical page 1) when the primary is damaged, as ESE does when it reads a
/// database header.
///
/// When both decode, the primary wins (ESE then treats a differing shadow as the bad
/// one). When neither does, the error is the primary's, with both reasons in its
/// detail text.
pub fn read_best(primary: &[u8], shadow: &[u8]) -> Result<(DbHeader, HeaderCopy)> {
    let p = DbHeader::decode(primary);
    let p_err = match p {
        Ok(h) => return Ok((h, HeaderCopy::Primary)),
        Err(e) => e,
    };
    match DbHeader::decode(shadow) {
        Ok(h) => Ok((h, HeaderCopy::Shadow)),
        Err(s_err) => Err(Error::with(
            p_err.code(),
            format!("both database header copies are damaged: primary: {p_err}; shadow: {s_err}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal_header() -> Vec<u8> {
        let mut page = vec![0u8; 4096];
        page[4..8].copy_from_slice(&DB_MAGIC.to_le_bytes());
        page[8..12].copy_from_slice(&0x620u32.to_le_bytes());
        page[52..56].copy_from_slice(&3u32.to_le_bytes());
        page[667..671].copy_from_slice(&1u32.to_le_bytes());
        let c = header_checksum(&page);
        page[0..4].copy_from_slice(&c.to_le_bytes());
        page
    }

    #[test]
    fn logtime_round_trip_and_display() {
        let b = [26, 57, 15, 22, 11, 121, 111, 10];
        let t = LogTime::decode(&b);
        assert_eq!(t.milliseconds, 55 | (5 << 7));
        assert!(t.utc);
        assert_eq!(t.encode(), b);
        assert_eq!(t.to_string(), "11/22/2021 15:57:26.695");
    }

    #[test]
    fn decode_minimal_and_errors() {
        let page = minimal_header();
        let h = DbHeader::decode(&page).unwrap();
        assert_eq!(h.state, DbState::CleanShutdown);
        assert_eq!(h.page_size(), 4096);
        let mut out = vec![0u8; 4096];
        h.encode(&mut out);
        assert_eq!(out, page);

        assert_eq!(
            DbHeader::decode(&page[..100]).unwrap_err().code(),
            ErrorCode::InvalidDatabase
        );
        let mut bad = page.clone();
        bad[300] ^= 1;
        assert_eq!(
            DbHeader::decode(&bad).unwrap_err().code(),
            ErrorCode::ReadVerifyFailure
        );
        let mut log = vec![0u8; 4096];
        log[667] = FILE_TYPE_LOG as u8;
        assert_eq!(
            DbHeader::decode(&log).unwrap_err().code(),
            ErrorCode::FileInvalidType
        );
        assert_eq!(
            DbHeader::decode(&[0u8; 4096]).unwrap_err().code(),
            ErrorCode::InvalidDatabase
        );
    }

    #[test]
    fn state_values() {
        for v in 0..12 {
            assert_eq!(DbState::from_u32(v).to_u32(), v);
        }
        assert_eq!(DbState::from_u32(99), DbState::Unknown(99));
    }
}
