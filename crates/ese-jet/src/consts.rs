//! esent.h's constants with their names and values: system and session parameter ids,
//! grbits, column types, `JET_prep*`, `JET_Move*`, and the `JET_err*`/`JET_wrn*` codes the
//! facade returns (as plain `i32`, for callers that compare numbers; the facade itself
//! returns [`ErrorCode`](ese::ErrorCode) and [`Warning`](ese::Warning)).
//!
//! What must hold: every value is esent.h's (see `ese-api-surface.md` §2 and §3); names are
//! esent.h's, character for character.

#![allow(non_upper_case_globals)]

use crate::{JET_GRBIT, JET_INSTANCE};

// ---- Handles -------------------------------------------------------------------------

/// `JET_instanceNil`: no instance (all ones).
pub const JET_instanceNil: JET_INSTANCE = !0;
/// `JET_sesidNil`: no session (all ones).
pub const JET_sesidNil: usize = !0;
/// `JET_tableidNil`: no cursor (all ones).
pub const JET_tableidNil: usize = !0;
/// `JET_dbidNil`: no database.
pub const JET_dbidNil: u32 = 0xFFFF_FFFF;
/// `JET_bitNil`: no grbit.
pub const JET_bitNil: JET_GRBIT = 0;
/// `JET_cbNameMost`: the longest object, column or index name.
pub const JET_cbNameMost: usize = 64;
/// `JET_ccolKeyMost`: the most key segments of an index.
pub const JET_ccolKeyMost: usize = 16;
/// `JET_cbKeyMost`: the legacy longest key.
pub const JET_cbKeyMost: usize = 255;
/// `JET_cbBookmarkMost`: the longest bookmark (`JET_cbKeyMost` + 1).
pub const JET_cbBookmarkMost: usize = 256;

// ---- System parameters (JetSetSystemParameter / JetGetSystemParameter) --------------

/// Checkpoint and temporary-file folder.
pub const JET_paramSystemPath: u32 = 0;
/// Temporary database path.
pub const JET_paramTempPath: u32 = 1;
/// Log file folder.
pub const JET_paramLogFilePath: u32 = 2;
/// Three-character base name of log and checkpoint files.
pub const JET_paramBaseName: u32 = 3;
/// Event source name.
pub const JET_paramEventSource: u32 = 4;
/// Most sessions of an instance.
pub const JET_paramMaxSessions: u32 = 5;
/// Most open B-trees.
pub const JET_paramMaxOpenTables: u32 = 6;
/// Most open cursors.
pub const JET_paramMaxCursors: u32 = 8;
/// Most version store pages.
pub const JET_paramMaxVerPages: u32 = 9;
/// Most temporary tables.
pub const JET_paramMaxTemporaryTables: u32 = 10;
/// Log file size in KiB.
pub const JET_paramLogFileSize: u32 = 11;
/// Log buffers in 512-byte units.
pub const JET_paramLogBuffers: u32 = 12;
/// Default commit grbit.
pub const JET_paramCommitDefault: u32 = 16;
/// Circular logging.
pub const JET_paramCircularLog: u32 = 17;
/// Database growth step in pages.
pub const JET_paramDbExtensionSize: u32 = 18;
/// Smallest temporary database in pages.
pub const JET_paramPageTempDBMin: u32 = 19;
/// Largest cache in pages (process-wide).
pub const JET_paramCacheSizeMax: u32 = 23;
/// Checkpoint depth in bytes.
pub const JET_paramCheckpointDepthMax: u32 = 24;
/// Recovery ("on" or "off").
pub const JET_paramRecovery: u32 = 34;
/// Online defragmentation grbit.
pub const JET_paramEnableOnlineDefrag: u32 = 35;
/// Index checking at attach.
pub const JET_paramEnableIndexChecking: u32 = 45;
/// No information events.
pub const JET_paramNoInformationEvent: u32 = 50;
/// Event logging level.
pub const JET_paramEventLoggingLevel: u32 = 51;
/// Delete out-of-range logs.
pub const JET_paramDeleteOutOfRangeLogs: u32 = 52;
/// Smallest cache in pages (process-wide).
pub const JET_paramCacheSizeMin: u32 = 60;
/// Preferred version store pages.
pub const JET_paramPreferredVerPages: u32 = 63;
/// Database page size in bytes (process-wide).
pub const JET_paramDatabasePageSize: u32 = 64;
/// Get-only: the text of an error number.
pub const JET_paramErrorToString: u32 = 70;
/// Replace logs of the wrong size.
pub const JET_paramCleanupMismatchedLogFiles: u32 = 77;
/// What an exception does (process-wide).
pub const JET_paramExceptionAction: u32 = 98;
/// Create missing folders.
pub const JET_paramCreatePathIfNotExist: u32 = 100;
/// One database per session.
pub const JET_paramOneDatabasePerSession: u32 = 102;
/// Most instances (process-wide).
pub const JET_paramMaxInstances: u32 = 104;
/// Buffered file I/O (process-wide).
pub const JET_paramEnableFileCache: u32 = 126;
/// Version store page size (process-wide).
pub const JET_paramVerPageSize: u32 = 128;
/// Configuration bits.
pub const JET_paramConfiguration: u32 = 129;
/// Advanced parameters enabled.
pub const JET_paramEnableAdvanced: u32 = 130;
/// Read-only: the most column types.
pub const JET_paramMaxColtyp: u32 = 131;
/// Read-only: the longest key.
pub const JET_paramKeyMost: u32 = 134;
/// Legacy file names.
pub const JET_paramLegacyFileNames: u32 = 136;
/// Waypoint latency in logs.
pub const JET_paramWaypointLatency: u32 = 153;
/// Checkpoint too deep in logs.
pub const JET_paramCheckpointTooDeep: u32 = 154;
/// Read-only: the largest long-value chunk.
pub const JET_paramLVChunkSizeMost: u32 = 163;
/// Cache priority in percent.
pub const JET_paramCachePriority: u32 = 177;
/// Largest transaction in percent of the version store.
pub const JET_paramMaxTransactionSize: u32 = 178;
/// Read-only: the largest record.
pub const JET_paramRecordSizeMost: u32 = 213;

/// `JET_configDefault`.
pub const JET_configDefault: u32 = 0x1;

// ---- Session parameters --------------------------------------------------------------

/// The session's default commit grbit.
pub const JET_sesparamCommitDefault: u32 = 4097;
/// Read-only: the session's transaction level.
pub const JET_sesparamTransactionLevel: u32 = 4099;

// ---- JetInit / JetTerm / JetCreateInstance2 -----------------------------------------

/// Ignore missing databases during recovery.
pub const JET_bitReplayIgnoreMissingDB: JET_GRBIT = 0x4;
/// Stop recovery before the undo phase.
pub const JET_bitRecoveryWithoutUndo: JET_GRBIT = 0x8;
/// Truncate logs after recovery.
pub const JET_bitTruncateLogsAfterRecovery: JET_GRBIT = 0x10;
/// Replay databases missing from the restore map.
pub const JET_bitReplayMissingMapEntryDB: JET_GRBIT = 0x20;
/// The log stream must exist.
pub const JET_bitLogStreamMustExist: JET_GRBIT = 0x40;
/// Recovery may lose committed transactions at the log's tail.
pub const JET_bitReplayIgnoreLostLogs: JET_GRBIT = 0x80;
/// The current log may be missing.
pub const JET_bitAllowMissingCurrentLog: JET_GRBIT = 0x100;
/// Keep databases attached at the end of recovery.
pub const JET_bitKeepDbAttachedAtEndOfRecovery: JET_GRBIT = 0x1000;
/// Full cleanup at term.
pub const JET_bitTermComplete: JET_GRBIT = 0x1;
/// Skip cleanup at term (still clean).
pub const JET_bitTermAbrupt: JET_GRBIT = 0x2;
/// Stop a backup at term.
pub const JET_bitTermStopBackup: JET_GRBIT = 0x4;
/// Leave the databases dirty.
pub const JET_bitTermDirty: JET_GRBIT = 0x8;

// ---- Transactions --------------------------------------------------------------------

/// A read-only transaction.
pub const JET_bitTransactionReadOnly: JET_GRBIT = 0x1;
/// A distributed transaction.
pub const JET_bitDistributedTransaction: JET_GRBIT = 0x2;
/// Commit without waiting for the log flush.
pub const JET_bitCommitLazyFlush: JET_GRBIT = 0x1;
/// Wait for this session's last level-0 commit.
pub const JET_bitWaitLastLevel0Commit: JET_GRBIT = 0x2;
/// Wait for every level-0 commit.
pub const JET_bitWaitAllLevel0Commit: JET_GRBIT = 0x8;
/// Roll over to a new log generation.
pub const JET_bitForceNewLog: JET_GRBIT = 0x10;
/// Roll back every level.
pub const JET_bitRollbackAll: JET_GRBIT = 0x1;

// ---- Databases -----------------------------------------------------------------------

/// Read-only database.
pub const JET_bitDbReadOnly: JET_GRBIT = 0x1;
/// Exclusive use of a database.
pub const JET_bitDbExclusive: JET_GRBIT = 0x2;
/// Drop indexes of another sort order at attach.
pub const JET_bitDbDeleteCorruptIndexes: JET_GRBIT = 0x10;
/// Do not log the database.
pub const JET_bitDbRecoveryOff: JET_GRBIT = 0x8;
/// No shadow catalog.
pub const JET_bitDbShadowingOff: JET_GRBIT = 0x80;
/// Overwrite an existing file.
pub const JET_bitDbOverwriteExisting: JET_GRBIT = 0x200;
/// Upgrade the database format.
pub const JET_bitDbUpgrade: JET_GRBIT = 0x200;
/// Drop Unicode indexes at attach.
pub const JET_bitDbDeleteUnicodeIndexes: JET_GRBIT = 0x400;
/// Background maintenance.
pub const JET_bitDbEnableBackgroundMaintenance: JET_GRBIT = 0x800;
/// Purge the cache at attach.
pub const JET_bitDbPurgeCacheOnAttach: JET_GRBIT = 0x1000;
/// Force detach.
pub const JET_bitForceDetach: JET_GRBIT = 0x1;
/// Force close and detach.
pub const JET_bitForceCloseAndDetach: JET_GRBIT = 0x3;

// ---- Tables --------------------------------------------------------------------------

/// Others may not write the table.
pub const JET_bitTableDenyWrite: JET_GRBIT = 0x1;
/// Others may not read the table (exclusive).
pub const JET_bitTableDenyRead: JET_GRBIT = 0x2;
/// A read-only cursor.
pub const JET_bitTableReadOnly: JET_GRBIT = 0x4;
/// An updatable cursor.
pub const JET_bitTableUpdatable: JET_GRBIT = 0x8;
/// DDL on a fixed-DDL table.
pub const JET_bitTablePermitDDL: JET_GRBIT = 0x10;
/// Do not cache the table's pages.
pub const JET_bitTableNoCache: JET_GRBIT = 0x20;
/// Preread the table.
pub const JET_bitTablePreread: JET_GRBIT = 0x40;
/// Opportune reads.
pub const JET_bitTableOpportuneRead: JET_GRBIT = 0x80;
/// Sequential scan hint.
pub const JET_bitTableSequential: JET_GRBIT = 0x8000;
/// Fixed DDL table.
pub const JET_bitTableCreateFixedDDL: JET_GRBIT = 0x1;
/// Template table.
pub const JET_bitTableCreateTemplateTable: JET_GRBIT = 0x2;
/// No fixed or variable columns in derived tables.
pub const JET_bitTableCreateNoFixedVarColumnsInDerivedTables: JET_GRBIT = 0x4;
/// Immutable structure.
pub const JET_bitTableCreateImmutableStructure: JET_GRBIT = 0x8;
/// `JetDeleteColumn2`: ignore template columns.
pub const JET_bitDeleteColumnIgnoreTemplateColumns: JET_GRBIT = 0x1;

// ---- Column types --------------------------------------------------------------------

/// Invalid.
pub const JET_coltypNil: u32 = 0;
/// One byte, boolean.
pub const JET_coltypBit: u32 = 1;
/// Unsigned byte.
pub const JET_coltypUnsignedByte: u32 = 2;
/// Signed 16-bit.
pub const JET_coltypShort: u32 = 3;
/// Signed 32-bit.
pub const JET_coltypLong: u32 = 4;
/// Signed 64-bit currency.
pub const JET_coltypCurrency: u32 = 5;
/// 32-bit float.
pub const JET_coltypIEEESingle: u32 = 6;
/// 64-bit float.
pub const JET_coltypIEEEDouble: u32 = 7;
/// OLE Automation date.
pub const JET_coltypDateTime: u32 = 8;
/// Binary up to 255 bytes.
pub const JET_coltypBinary: u32 = 9;
/// Text up to 255 bytes.
pub const JET_coltypText: u32 = 10;
/// Long binary.
pub const JET_coltypLongBinary: u32 = 11;
/// Long text.
pub const JET_coltypLongText: u32 = 12;
/// Obsolete.
pub const JET_coltypSLV: u32 = 13;
/// Unsigned 32-bit.
pub const JET_coltypUnsignedLong: u32 = 14;
/// Signed 64-bit.
pub const JET_coltypLongLong: u32 = 15;
/// GUID.
pub const JET_coltypGUID: u32 = 16;
/// Unsigned 16-bit.
pub const JET_coltypUnsignedShort: u32 = 17;
/// Unsigned 64-bit.
pub const JET_coltypUnsignedLongLong: u32 = 18;
/// One past the last column type.
pub const JET_coltypMax: u32 = 19;

/// Code page Unicode (UTF-16LE).
pub const JET_cpUnicode: u32 = 1200;
/// Code page Windows-1252.
pub const JET_cpANSI: u32 = 1252;

// ---- Column grbits -------------------------------------------------------------------

/// Fixed storage.
pub const JET_bitColumnFixed: JET_GRBIT = 0x1;
/// Tagged storage.
pub const JET_bitColumnTagged: JET_GRBIT = 0x2;
/// NULL is refused.
pub const JET_bitColumnNotNULL: JET_GRBIT = 0x4;
/// Version column.
pub const JET_bitColumnVersion: JET_GRBIT = 0x8;
/// Autoincrement column.
pub const JET_bitColumnAutoincrement: JET_GRBIT = 0x10;
/// Output only: updatable.
pub const JET_bitColumnUpdatable: JET_GRBIT = 0x20;
/// Temp tables: a key column.
pub const JET_bitColumnTTKey: JET_GRBIT = 0x40;
/// Temp tables: descending key column.
pub const JET_bitColumnTTDescending: JET_GRBIT = 0x80;
/// Multi-valued.
pub const JET_bitColumnMultiValued: JET_GRBIT = 0x400;
/// Escrow updates.
pub const JET_bitColumnEscrowUpdate: JET_GRBIT = 0x800;
/// Added without versioning.
pub const JET_bitColumnUnversioned: JET_GRBIT = 0x1000;
/// Output only: may be NULL.
pub const JET_bitColumnMaybeNull: JET_GRBIT = 0x2000;
/// Deprecated synonym of DeleteOnZero.
pub const JET_bitColumnFinalize: JET_GRBIT = 0x4000;
/// User-defined default.
pub const JET_bitColumnUserDefinedDefault: JET_GRBIT = 0x8000;
/// Delete the record when the escrow value reaches 0.
pub const JET_bitColumnDeleteOnZero: JET_GRBIT = 0x20000;
/// Compressed long values.
pub const JET_bitColumnCompressed: JET_GRBIT = 0x80000;
/// Encrypted long values.
pub const JET_bitColumnEncrypted: JET_GRBIT = 0x100000;

// ---- Index grbits --------------------------------------------------------------------

/// Unique keys.
pub const JET_bitIndexUnique: JET_GRBIT = 0x1;
/// The primary (clustered) index.
pub const JET_bitIndexPrimary: JET_GRBIT = 0x2;
/// NULL key segments refused.
pub const JET_bitIndexDisallowNull: JET_GRBIT = 0x4;
/// Skip entries whose key columns are all NULL.
pub const JET_bitIndexIgnoreNull: JET_GRBIT = 0x8;
/// Skip entries with any NULL key column.
pub const JET_bitIndexIgnoreAnyNull: JET_GRBIT = 0x20;
/// Skip entries whose first key column is NULL.
pub const JET_bitIndexIgnoreFirstNull: JET_GRBIT = 0x40;
/// Lazy-flush index creation.
pub const JET_bitIndexLazyFlush: JET_GRBIT = 0x80;
/// Do not build the index.
pub const JET_bitIndexEmpty: JET_GRBIT = 0x100;
/// Unversioned index creation.
pub const JET_bitIndexUnversioned: JET_GRBIT = 0x200;
/// NULLs sort high.
pub const JET_bitIndexSortNullsHigh: JET_GRBIT = 0x400;
/// Unicode locale given.
pub const JET_bitIndexUnicode: JET_GRBIT = 0x800;
/// Tuple index.
pub const JET_bitIndexTuples: JET_GRBIT = 0x1000;
/// Tuple limits given.
pub const JET_bitIndexTupleLimits: JET_GRBIT = 0x2000;
/// Cross product of multi-valued columns.
pub const JET_bitIndexCrossProduct: JET_GRBIT = 0x4000;
/// Honour cbKeyMost.
pub const JET_bitIndexKeyMost: JET_GRBIT = 0x8000;
/// An over-long key is an error.
pub const JET_bitIndexDisallowTruncation: JET_GRBIT = 0x10000;
/// Nested-table multi-valued index.
pub const JET_bitIndexNestedTable: JET_GRBIT = 0x20000;
/// .NET GUID ordering.
pub const JET_bitIndexDotNetGuid: JET_GRBIT = 0x40000;
/// Do not write back into the input structures.
pub const JET_bitIndexImmutableStructure: JET_GRBIT = 0x80000;

// ---- Cursors, keys, seeks, ranges ----------------------------------------------------

/// `JetMove`: to the first entry.
pub const JET_MoveFirst: i32 = i32::MIN;
/// `JetMove`: to the previous entry.
pub const JET_MovePrevious: i32 = -1;
/// `JetMove`: to the next entry.
pub const JET_MoveNext: i32 = 1;
/// `JetMove`: to the last entry.
pub const JET_MoveLast: i32 = 0x7FFF_FFFF;
/// `JetMove`: skip entries with the current key.
pub const JET_bitMoveKeyNE: JET_GRBIT = 0x1;
/// `JetSetCurrentIndex2`: move to the first entry (the default).
pub const JET_bitMoveFirst: JET_GRBIT = 0x0;
/// `JetSetCurrentIndex2`: stay on the current record.
pub const JET_bitNoMove: JET_GRBIT = 0x2;
/// `JetMakeKey`: start a new key.
pub const JET_bitNewKey: JET_GRBIT = 0x1;
/// `JetMakeKey`: legacy end limit.
pub const JET_bitStrLimit: JET_GRBIT = 0x2;
/// `JetMakeKey`: legacy partial end limit.
pub const JET_bitSubStrLimit: JET_GRBIT = 0x4;
/// `JetMakeKey`: the buffer is a normalized key.
pub const JET_bitNormalizedKey: JET_GRBIT = 0x8;
/// `JetMakeKey`: an empty (not NULL) segment.
pub const JET_bitKeyDataZeroLength: JET_GRBIT = 0x10;
/// `JetMakeKey`: before every key with these values.
pub const JET_bitFullColumnStartLimit: JET_GRBIT = 0x100;
/// `JetMakeKey`: after every key with these values.
pub const JET_bitFullColumnEndLimit: JET_GRBIT = 0x200;
/// `JetMakeKey`: before every key whose last segment starts with the value.
pub const JET_bitPartialColumnStartLimit: JET_GRBIT = 0x400;
/// `JetMakeKey`: after every key whose last segment starts with the value.
pub const JET_bitPartialColumnEndLimit: JET_GRBIT = 0x800;
/// `JetSeek`: equal.
pub const JET_bitSeekEQ: JET_GRBIT = 0x1;
/// `JetSeek`: less than.
pub const JET_bitSeekLT: JET_GRBIT = 0x2;
/// `JetSeek`: less or equal.
pub const JET_bitSeekLE: JET_GRBIT = 0x4;
/// `JetSeek`: greater or equal.
pub const JET_bitSeekGE: JET_GRBIT = 0x8;
/// `JetSeek`: greater than.
pub const JET_bitSeekGT: JET_GRBIT = 0x10;
/// `JetSeek`: set an inclusive upper range at the key.
pub const JET_bitSetIndexRange: JET_GRBIT = 0x20;
/// `JetSeek`: report `JET_wrnUniqueKey` when one entry has the key.
pub const JET_bitCheckUniqueness: JET_GRBIT = 0x40;
/// `JetSetIndexRange`: the limit is inclusive.
pub const JET_bitRangeInclusive: JET_GRBIT = 0x1;
/// `JetSetIndexRange`: the key is an upper limit.
pub const JET_bitRangeUpperLimit: JET_GRBIT = 0x2;
/// `JetSetIndexRange`: test the current entry, then drop the range.
pub const JET_bitRangeInstantDuration: JET_GRBIT = 0x4;
/// `JetSetIndexRange`: remove the range.
pub const JET_bitRangeRemove: JET_GRBIT = 0x8;

// ---- Reading and writing records -----------------------------------------------------

/// `JetRetrieveColumn`: read the prepared update's copy.
pub const JET_bitRetrieveCopy: JET_GRBIT = 0x1;
/// `JetRetrieveColumn`: read from the index entry.
pub const JET_bitRetrieveFromIndex: JET_GRBIT = 0x2;
/// `JetRetrieveColumn`: read from the primary bookmark.
pub const JET_bitRetrieveFromPrimaryBookmark: JET_GRBIT = 0x4;
/// `JetRetrieveColumn`: retrieve the tag.
pub const JET_bitRetrieveTag: JET_GRBIT = 0x8;
/// `JetRetrieveColumns`: retrieve NULL values too.
pub const JET_bitRetrieveNull: JET_GRBIT = 0x10;
/// `JetRetrieveColumn`: ignore default values.
pub const JET_bitRetrieveIgnoreDefault: JET_GRBIT = 0x20;
/// `JetRetrieveColumn`: the long-value id.
pub const JET_bitRetrieveLongId: JET_GRBIT = 0x40;
/// `JetRetrieveColumn`: tuple segment.
pub const JET_bitRetrieveTuple: JET_GRBIT = 0x800;
/// `JetRetrieveColumn`: the page number.
pub const JET_bitRetrievePageNumber: JET_GRBIT = 0x1000;
/// `JetRetrieveColumn`: the physical size.
pub const JET_bitRetrievePhysicalSize: JET_GRBIT = 0x10000;
/// `JetSetColumn`: append to a long value.
pub const JET_bitSetAppendLV: JET_GRBIT = 0x1;
/// `JetSetColumn`: overwrite part of a long value.
pub const JET_bitSetOverwriteLV: JET_GRBIT = 0x4;
/// `JetSetColumn`: resize a long value.
pub const JET_bitSetSizeLV: JET_GRBIT = 0x8;
/// `JetSetColumn`: an empty (not NULL) value.
pub const JET_bitSetZeroLength: JET_GRBIT = 0x20;
/// `JetSetColumn`: store the long value separately.
pub const JET_bitSetSeparateLV: JET_GRBIT = 0x40;
/// `JetSetColumn`: a duplicate value is an error.
pub const JET_bitSetUniqueMultiValues: JET_GRBIT = 0x80;
/// `JetSetColumn`: a duplicate normalized value is an error.
pub const JET_bitSetUniqueNormalizedMultiValues: JET_GRBIT = 0x100;
/// `JetSetColumn`: back to the default value.
pub const JET_bitSetRevertToDefaultValue: JET_GRBIT = 0x200;
/// `JetSetColumn`: keep the long value in the record.
pub const JET_bitSetIntrinsicLV: JET_GRBIT = 0x400;
/// `JetSetColumn`: store uncompressed.
pub const JET_bitSetUncompressed: JET_GRBIT = 0x10000;
/// `JetSetColumn`: store compressed.
pub const JET_bitSetCompressed: JET_GRBIT = 0x20000;
/// `JetUpdate2`: no version.
pub const JET_bitUpdateNoVersion: JET_GRBIT = 0x2;
/// `JetUpdate2`: enforce optionally-unique indexes.
pub const JET_bitUpdateEnforceOptionallyUniqueIndices: JET_GRBIT = 0x4;
/// `JetEscrowUpdate`: the delta survives a rollback.
pub const JET_bitEscrowNoRollback: JET_GRBIT = 0x1;
/// `JetGetLock`: a read lock.
pub const JET_bitReadLock: JET_GRBIT = 0x1;
/// `JetGetLock`: a write lock.
pub const JET_bitWriteLock: JET_GRBIT = 0x2;

/// `JetPrepareUpdate`: a new record.
pub const JET_prepInsert: u32 = 0;
/// `JetPrepareUpdate`: change the current record.
pub const JET_prepReplace: u32 = 2;
/// `JetPrepareUpdate`: cancel the prepared update.
pub const JET_prepCancel: u32 = 3;
/// `JetPrepareUpdate`: change without a lock (optimistic).
pub const JET_prepReplaceNoLock: u32 = 4;
/// `JetPrepareUpdate`: a new record copied from the current one.
pub const JET_prepInsertCopy: u32 = 5;
/// `JetPrepareUpdate`: a copy that replaces the original (new key).
pub const JET_prepInsertCopyDeleteOriginal: u32 = 7;
/// `JetPrepareUpdate`: a read-only copy.
pub const JET_prepReadOnlyCopy: u32 = 8;
/// `JetPrepareUpdate`: a copy that replaces the original, keeping autoincrement.
pub const JET_prepInsertCopyReplaceOriginal: u32 = 9;
/// `JetPrepareUpdate`: insert, the autoincrement column set by the caller.
pub const JET_prepInsertMustSetAutoIncrement: u32 = 10;

// ---- Error and warning codes ---------------------------------------------------------

/// Success.
pub const JET_errSuccess: i32 = 0;
/// Not implemented.
pub const JET_wrnNyi: i32 = -1;
/// Bad grbit.
pub const JET_errInvalidGrbit: i32 = -900;
/// Termination in progress.
pub const JET_errTermInProgress: i32 = -1000;
/// Not supported here.
pub const JET_errFeatureNotAvailable: i32 = -1001;
/// Bad name.
pub const JET_errInvalidName: i32 = -1002;
/// Bad argument.
pub const JET_errInvalidParameter: i32 = -1003;
/// Bad database id.
pub const JET_errInvalidDatabaseId: i32 = -1010;
/// Record deleted.
pub const JET_errRecordDeleted: i32 = -1017;
/// Not initialized.
pub const JET_errNotInitialized: i32 = -1029;
/// Already initialized.
pub const JET_errAlreadyInitialized: i32 = -1030;
/// Buffer too small.
pub const JET_errBufferTooSmall: i32 = -1038;
/// Bookmark empty or malformed.
pub const JET_errInvalidBookmark: i32 = -1045;
/// Buffer size does not match the column.
pub const JET_errInvalidBufferSize: i32 = -1047;
/// Not in a transaction.
pub const JET_errNotInTransaction: i32 = -1054;
/// Single-instance mode.
pub const JET_errRunningInOneInstanceMode: i32 = -1080;
/// Multi-instance mode.
pub const JET_errRunningInMultiInstanceMode: i32 = -1081;
/// Global parameters already set.
pub const JET_errSystemParamsAlreadySet: i32 = -1082;
/// System path in use.
pub const JET_errSystemPathInUse: i32 = -1083;
/// Log path in use.
pub const JET_errLogFilePathInUse: i32 = -1084;
/// Instance name in use.
pub const JET_errInstanceNameInUse: i32 = -1086;
/// Out of sessions.
pub const JET_errOutOfSessions: i32 = -1101;
/// Write conflict.
pub const JET_errWriteConflict: i32 = -1102;
/// Transactions nest too deep.
pub const JET_errTransTooDeep: i32 = -1103;
/// Bad session handle.
pub const JET_errInvalidSesid: i32 = -1104;
/// Inside a transaction.
pub const JET_errInTransaction: i32 = -1108;
/// Write in a read-only transaction.
pub const JET_errTransReadOnly: i32 = -1110;
/// Cursor of another session.
pub const JET_errSesidTableIdMismatch: i32 = -1114;
/// Bad instance handle.
pub const JET_errInvalidInstance: i32 = -1115;
/// Terminated dirty.
pub const JET_errDirtyShutdown: i32 = -1116;
/// Database already exists.
pub const JET_errDatabaseDuplicate: i32 = -1201;
/// Database in use.
pub const JET_errDatabaseInUse: i32 = -1202;
/// Database not attached.
pub const JET_errDatabaseNotFound: i32 = -1203;
/// Too many instances.
pub const JET_errTooManyInstances: i32 = -1214;
/// Page size mismatch.
pub const JET_errPageSizeMismatch: i32 = -1213;
/// Table locked by another session.
pub const JET_errTableLocked: i32 = -1302;
/// Table already exists.
pub const JET_errTableDuplicate: i32 = -1303;
/// Table in use.
pub const JET_errTableInUse: i32 = -1304;
/// No such object.
pub const JET_errObjectNotFound: i32 = -1305;
/// Bad density.
pub const JET_errDensityInvalid: i32 = -1307;
/// Bad cursor handle.
pub const JET_errInvalidTableId: i32 = -1310;
/// Index already exists.
pub const JET_errIndexDuplicate: i32 = -1403;
/// No such index.
pub const JET_errIndexNotFound: i32 = -1404;
/// Bad index definition.
pub const JET_errIndexInvalidDef: i32 = -1406;
/// NULL for a NOT NULL column.
pub const JET_errNullInvalid: i32 = -1504;
/// Value too long.
pub const JET_errColumnTooBig: i32 = -1506;
/// No such column.
pub const JET_errColumnNotFound: i32 = -1507;
/// Column name exists.
pub const JET_errColumnDuplicate: i32 = -1508;
/// Bad column type.
pub const JET_errInvalidColumnType: i32 = -1511;
/// Key already complete.
pub const JET_errKeyIsMade: i32 = -1516;
/// Malformed column id.
pub const JET_errBadColumnId: i32 = -1517;
/// Bad itagSequence.
pub const JET_errBadItagSequence: i32 = -1518;
/// Duplicate multi-value.
pub const JET_errMultiValuedDuplicate: i32 = -1525;
/// No entry for the seek.
pub const JET_errRecordNotFound: i32 = -1601;
/// No current record.
pub const JET_errNoCurrentRecord: i32 = -1603;
/// Duplicate key.
pub const JET_errKeyDuplicate: i32 = -1605;
/// Update already prepared.
pub const JET_errAlreadyPrepared: i32 = -1607;
/// No key made.
pub const JET_errKeyNotMade: i32 = -1608;
/// No update prepared.
pub const JET_errUpdateNotPrepared: i32 = -1609;
/// Write through a read-only cursor or database.
pub const JET_errPermissionDenied: i32 = -1809;
/// Invalid in this state.
pub const JET_errInvalidOperation: i32 = -1906;
/// Found exactly one match.
pub const JET_wrnUniqueKey: i32 = 345;
/// Value is NULL.
pub const JET_wrnColumnNull: i32 = 1004;
/// Output buffer too small.
pub const JET_wrnBufferTruncated: i32 = 1006;
/// Database already attached.
pub const JET_wrnDatabaseAttached: i32 = 1007;
/// Seek landed on another key.
pub const JET_wrnSeekNotEqual: i32 = 1039;
/// Value cut to cbMax.
pub const JET_wrnColumnMaxTruncated: i32 = 1512;
/// Database handle read-only.
pub const JET_wrnFileOpenReadOnly: i32 = 1813;

/// The esent.h name of an error or warning number, if known.
pub fn code_name(value: i32) -> Option<&'static str> {
    if value == 0 {
        return Some("JET_errSuccess");
    }
    if value < 0 {
        ese::ErrorCode::from_i32(value).map(ese::ErrorCode::symbol)
    } else {
        ese::Warning::from_i32(value).map(ese::Warning::symbol)
    }
}

// ---- JetEnumerateColumns, JetIdle ----------------------------------------------------

/// `JetEnumerateColumns`: read the prepared update's copy.
pub const JET_bitEnumerateCopy: JET_GRBIT = 0x1;
/// `JetEnumerateColumns`: leave out values equal to the column's default.
pub const JET_bitEnumerateIgnoreDefault: JET_GRBIT = 0x20;
/// `JetEnumerateColumns`: local columns only.
pub const JET_bitEnumerateLocal: JET_GRBIT = 0x10000;
/// `JetEnumerateColumns`: say which values exist, without their data.
pub const JET_bitEnumeratePresenceOnly: JET_GRBIT = 0x20000;
/// `JetEnumerateColumns`: tagged columns only.
pub const JET_bitEnumerateTaggedOnly: JET_GRBIT = 0x40000;
/// `JetEnumerateColumns`: compact output.
pub const JET_bitEnumerateCompressOutput: JET_GRBIT = 0x80000;
/// `JetEnumerateColumns`: ignore user-defined defaults.
pub const JET_bitEnumerateIgnoreUserDefinedDefault: JET_GRBIT = 0x100000;
/// `JetEnumerateColumns`: only what the record itself holds.
pub const JET_bitEnumerateInRecordOnly: JET_GRBIT = 0x200000;
/// `JetIdle`: flush buffers.
pub const JET_bitIdleFlushBuffers: JET_GRBIT = 0x1;
/// `JetIdle`: compact.
pub const JET_bitIdleCompact: JET_GRBIT = 0x2;
/// `JetIdle`: report status.
pub const JET_bitIdleStatus: JET_GRBIT = 0x4;
/// Nothing to do (`JetIdle`).
pub const JET_wrnNoIdleActivity: i32 = 1058;
/// A value exists but was not returned (`JetEnumerateColumns` presence only).
pub const JET_wrnColumnPresent: i32 = 1535;
/// Context already bound.
pub const JET_errSessionContextAlreadySet: i32 = -1912;
/// Wrong thread resetting the context.
pub const JET_errSessionContextNotSetByThisThread: i32 = -1913;

// ---- Temporary tables ----------------------------------------------------------------

/// Seekable.
pub const JET_bitTTIndexed: JET_GRBIT = 0x1;
/// Duplicates removed.
pub const JET_bitTTUnique: JET_GRBIT = 0x2;
/// Updatable after the insert phase.
pub const JET_bitTTUpdatable: JET_GRBIT = 0x4;
/// Can move backwards.
pub const JET_bitTTScrollable: JET_GRBIT = 0x8;
/// NULLs sort high.
pub const JET_bitTTSortNullsHigh: JET_GRBIT = 0x10;
/// Materialize at once.
pub const JET_bitTTForceMaterialization: JET_GRBIT = 0x20;
/// A duplicate insert is an error.
pub const JET_bitTTErrorOnDuplicateInsertion: JET_GRBIT = 0x20;
/// Forward-only sort.
pub const JET_bitTTForwardOnly: JET_GRBIT = 0x40;
/// Long values stay in the record.
pub const JET_bitTTIntrinsicLVsOnly: JET_GRBIT = 0x80;
/// .NET GUID ordering.
pub const JET_bitTTDotNetGuid: JET_GRBIT = 0x100;
