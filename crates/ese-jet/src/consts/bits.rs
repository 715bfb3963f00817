//! Option bits (`JET_bit*`), in the order esent.h groups them by call.

#![allow(non_upper_case_globals)]

use crate::types::JET_GRBIT;

jet_consts! {
    // Option bits (grbits), grouped by the call that takes them.
    /// Option bit: DB util space info basic catalog.
    JET_bitDBUtilSpaceInfoBasicCatalog: JET_GRBIT = 0x00000001;
    /// Option bit: DB util space info space trees.
    JET_bitDBUtilSpaceInfoSpaceTrees: JET_GRBIT = 0x00000002;
    /// Option bit: DB util space info parent of leaf.
    JET_bitDBUtilSpaceInfoParentOfLeaf: JET_GRBIT = 0x00000004;
    /// Option bit: DB util space info full walk.
    JET_bitDBUtilSpaceInfoFullWalk: JET_GRBIT = 0x00000008;
    /// Option bit: DB util full categorization.
    JET_bitDBUtilFullCategorization: JET_GRBIT = 0x00000001;
    /// Option bit: DB util option all nodes.
    JET_bitDBUtilOptionAllNodes: JET_GRBIT = 0x00000001;
    /// Option bit: DB util option key stats.
    JET_bitDBUtilOptionKeyStats: JET_GRBIT = 0x00000002;
    /// Option bit: DB util option page dump.
    JET_bitDBUtilOptionPageDump: JET_GRBIT = 0x00000004;
    /// Option bit: DB util option stats.
    JET_bitDBUtilOptionStats: JET_GRBIT = 0x00000008;
    /// Option bit: DB util option suppress console output.
    JET_bitDBUtilOptionSuppressConsoleOutput: JET_GRBIT = 0x00000010;
    /// Option bit: DB util option ignore errors.
    JET_bitDBUtilOptionIgnoreErrors: JET_GRBIT = 0x00000020;
    /// Option bit: DB util option verify.
    JET_bitDBUtilOptionVerify: JET_GRBIT = 0x00000040;
    /// Option bit: DB util option report errors.
    JET_bitDBUtilOptionReportErrors: JET_GRBIT = 0x00000080;
    /// Option bit: DB util option dont repair.
    JET_bitDBUtilOptionDontRepair: JET_GRBIT = 0x00000100;
    /// Option bit: DB util option repair all.
    JET_bitDBUtilOptionRepairAll: JET_GRBIT = 0x00000200;
    /// Option bit: DB util option repair indexes.
    JET_bitDBUtilOptionRepairIndexes: JET_GRBIT = 0x00000400;
    /// Option bit: DB util option dont build indexes.
    JET_bitDBUtilOptionDontBuildIndexes: JET_GRBIT = 0x00000800;
    /// Option bit: DB util option suppress logo.
    JET_bitDBUtilOptionSuppressLogo: JET_GRBIT = 0x00008000;
    /// Option bit: DB util option repair check only.
    JET_bitDBUtilOptionRepairCheckOnly: JET_GRBIT = 0x00010000;
    /// Option bit: DB util option dump LV page usage.
    JET_bitDBUtilOptionDumpLVPageUsage: JET_GRBIT = 0x00020000;
    /// Option bit: DB util option dump log info CSV.
    JET_bitDBUtilOptionDumpLogInfoCSV: JET_GRBIT = 0x00040000;
    /// Option bit: DB util option dump log permit patching.
    JET_bitDBUtilOptionDumpLogPermitPatching: JET_GRBIT = 0x00080000;
    /// Option bit: DB util option skip min log checks update header.
    JET_bitDBUtilOptionSkipMinLogChecksUpdateHeader: JET_GRBIT = 0x00100000;
    /// Option bit: DB util option dump verbose.
    JET_bitDBUtilOptionDumpVerbose: JET_GRBIT = 0x10000000;
    /// Option bit: DB util option dump verbose level 1; the same value as
    /// `JET_bitDBUtilOptionDumpVerbose`.
    JET_bitDBUtilOptionDumpVerboseLevel1: JET_GRBIT = JET_bitDBUtilOptionDumpVerbose;
    /// Option bit: DB util option dump verbose level 2.
    JET_bitDBUtilOptionDumpVerboseLevel2: JET_GRBIT = 0x20000000;
    /// Option bit: DB util option dump log summary.
    JET_bitDBUtilOptionDumpLogSummary: JET_GRBIT = 0x40000000;
    /// Option bit: config store read control inhibit read.
    JET_bitConfigStoreReadControlInhibitRead: JET_GRBIT = 0x1;
    /// Option bit: config store read control disable all.
    JET_bitConfigStoreReadControlDisableAll: JET_GRBIT = 0x2;
    /// Option bit: config store read control disable set param read.
    JET_bitConfigStoreReadControlDisableSetParamRead: JET_GRBIT = 0x4;
    /// Option bit: config store read control disable global init read.
    JET_bitConfigStoreReadControlDisableGlobalInitRead: JET_GRBIT = 0x8;
    /// Option bit: config store read control disable inst init read.
    JET_bitConfigStoreReadControlDisableInstInitRead: JET_GRBIT = 0x10;
    /// Option bit: config store read control disable live read.
    JET_bitConfigStoreReadControlDisableLiveRead: JET_GRBIT = 0x20;
    /// Option bit: config store read control default.
    JET_bitConfigStoreReadControlDefault: JET_GRBIT = 0x0;
    /// Option bit: config store populate control off.
    JET_bitConfigStorePopulateControlOff: JET_GRBIT = 0x00;
    /// Option bit: config store populate control on.
    JET_bitConfigStorePopulateControlOn: JET_GRBIT = 0x01;
    /// Option bit: database scan batch start.
    JET_bitDatabaseScanBatchStart: JET_GRBIT = 0x00000010;
    /// Option bit: database scan batch stop.
    JET_bitDatabaseScanBatchStop: JET_GRBIT = 0x00000020;
    /// Option bit: database scan zero pages.
    JET_bitDatabaseScanZeroPages: JET_GRBIT = 0x00000040;
    /// Option bit: database scan batch start continuous.
    JET_bitDatabaseScanBatchStartContinuous: JET_GRBIT = 0x00000080;
    /// Option bit: defragment batch start.
    JET_bitDefragmentBatchStart: JET_GRBIT = 0x00000001;
    /// Option bit: defragment batch stop.
    JET_bitDefragmentBatchStop: JET_GRBIT = 0x00000002;
    /// Option bit: defragment avail space trees only.
    JET_bitDefragmentAvailSpaceTreesOnly: JET_GRBIT = 0x00000040;
    /// Option bit: defragment no partial merges.
    JET_bitDefragmentNoPartialMerges: JET_GRBIT = 0x00000080;
    /// Option bit: defragment b tree.
    JET_bitDefragmentBTree: JET_GRBIT = 0x00000100;
    /// Option bit: defragment b tree batch.
    JET_bitDefragmentBTreeBatch: JET_GRBIT = 0x00000200;
    /// Option bit: old 2 start.
    JET_bitOld2Start: JET_GRBIT = 0x00000001;
    /// Option bit: old 2 suspend.
    JET_bitOld2Suspend: JET_GRBIT = 0x00000002;
    /// Option bit: old 2 resume.
    JET_bitOld2Resume: JET_GRBIT = 0x00000004;
    /// Option bit: old 2 end.
    JET_bitOld2End: JET_GRBIT = 0x00000008;
    /// Option bit: CIM committed.
    JET_bitCIMCommitted: JET_GRBIT = 0x00000001;
    /// Option bit: CIM dirty.
    JET_bitCIMDirty: JET_GRBIT = 0x00000002;
    /// Option bit: aggregate transaction.
    JET_bitAggregateTransaction: JET_GRBIT = 0x00000008;
    /// Option bit: table info updatable.
    JET_bitTableInfoUpdatable: JET_GRBIT = 0x00000001;
    /// Option bit: table info bookmark.
    JET_bitTableInfoBookmark: JET_GRBIT = 0x00000002;
    /// Option bit: table info rollback.
    JET_bitTableInfoRollback: JET_GRBIT = 0x00000004;
    /// Option bit: object system.
    JET_bitObjectSystem: JET_GRBIT = 0x80000000;
    /// Option bit: object table fixed DDL.
    JET_bitObjectTableFixedDDL: JET_GRBIT = 0x40000000;
    /// Option bit: object table template.
    JET_bitObjectTableTemplate: JET_GRBIT = 0x20000000;
    /// Option bit: object table derived.
    JET_bitObjectTableDerived: JET_GRBIT = 0x10000000;
    /// Option bit: object system dynamic.
    JET_bitObjectSystemDynamic: JET_GRBIT = JET_bitObjectSystem|0x08000000;
    /// Option bit: object table no fixed var columns in derived tables.
    JET_bitObjectTableNoFixedVarColumnsInDerivedTables: JET_GRBIT = 0x04000000;
    /// Option bit: durable commit callback log unavailable.
    JET_bitDurableCommitCallbackLogUnavailable: JET_GRBIT = 0x00000001;
    /// Option bit: nil.
    JET_bitNil: JET_GRBIT = 0;
    /// Option bit: IO sess trace reads.
    JET_bitIOSessTraceReads: JET_GRBIT = 0x01;
    /// Option bit: IO sess trace writes.
    JET_bitIOSessTraceWrites: JET_GRBIT = 0x02;
    /// Option bit: IO sess trace HDD.
    JET_bitIOSessTraceHDD: JET_GRBIT = 0x04;
    /// Option bit: IO sess trace SSD.
    JET_bitIOSessTraceSSD: JET_GRBIT = 0x08;
    /// Option bit: ESE 98 file names.
    JET_bitESE98FileNames: JET_GRBIT = 0x00000001;
    /// Option bit: eight dot three soft compat.
    JET_bitEightDotThreeSoftCompat: JET_GRBIT = 0x00000002;
    /// Option bit: hung IO event.
    JET_bitHungIOEvent: JET_GRBIT = 0x00000001;
    /// Option bit: hung IO cancel.
    JET_bitHungIOCancel: JET_GRBIT = 0x00000002;
    /// Option bit: hung IO debug.
    JET_bitHungIODebug: JET_GRBIT = 0x00000004;
    /// Option bit: hung IO enforce.
    JET_bitHungIOEnforce: JET_GRBIT = 0x00000008;
    /// Option bit: hung IO timeout.
    JET_bitHungIOTimeout: JET_GRBIT = 0x00000010;
    /// Option bit: persisted lost flush detection enabled.
    JET_bitPersistedLostFlushDetectionEnabled: JET_GRBIT = 0x00000001;
    /// Option bit: persisted lost flush detection create new.
    JET_bitPersistedLostFlushDetectionCreateNew: JET_GRBIT = 0x00000002;
    /// Option bit: persisted lost flush detection fail on runtime only.
    JET_bitPersistedLostFlushDetectionFailOnRuntimeOnly: JET_GRBIT = 0x00000004;
    /// Option bit: shrink database off.
    JET_bitShrinkDatabaseOff: JET_GRBIT = 0x0;
    /// Option bit: shrink database on.
    JET_bitShrinkDatabaseOn: JET_GRBIT = 0x1;
    /// Option bit: shrink database realtime.
    JET_bitShrinkDatabaseRealtime: JET_GRBIT = 0x2;
    /// Option bit: shrink database periodically.
    JET_bitShrinkDatabasePeriodically: JET_GRBIT = 0x8000;
    /// Option bit: shrink database trim.
    JET_bitShrinkDatabaseTrim: JET_GRBIT = 0x1;
    /// Option bit: replay replicated log files.
    JET_bitReplayReplicatedLogFiles: JET_GRBIT = 0x00000001;
    /// Option bit: replay ignore missing DB.
    JET_bitReplayIgnoreMissingDB: JET_GRBIT = 0x00000004;
    /// Option bit: recovery without undo.
    JET_bitRecoveryWithoutUndo: JET_GRBIT = 0x00000008;
    /// Option bit: truncate logs after recovery.
    JET_bitTruncateLogsAfterRecovery: JET_GRBIT = 0x00000010;
    /// Option bit: replay missing map entry DB.
    JET_bitReplayMissingMapEntryDB: JET_GRBIT = 0x00000020;
    /// Option bit: log stream must exist.
    JET_bitLogStreamMustExist: JET_GRBIT = 0x00000040;
    /// Option bit: replay ignore lost logs.
    JET_bitReplayIgnoreLostLogs: JET_GRBIT = 0x00000080;
    /// Option bit: allow missing current log.
    JET_bitAllowMissingCurrentLog: JET_GRBIT = 0x00000100;
    /// Option bit: allow soft recovery on backup.
    JET_bitAllowSoftRecoveryOnBackup: JET_GRBIT = 0x00000200;
    /// Option bit: skip lost logs event.
    JET_bitSkipLostLogsEvent: JET_GRBIT = 0x00000400;
    /// Option bit: external recovery control.
    JET_bitExternalRecoveryControl: JET_GRBIT = 0x00000800;
    /// Option bit: keep db attached at end of recovery.
    JET_bitKeepDbAttachedAtEndOfRecovery: JET_GRBIT = 0x00001000;
    /// Option bit: replay ignore log records before min required log.
    JET_bitReplayIgnoreLogRecordsBeforeMinRequiredLog: JET_GRBIT = 0x00002000;
    /// Option bit: replay infer checkpoint from rstmap dbs.
    JET_bitReplayInferCheckpointFromRstmapDbs: JET_GRBIT = 0x00004000;
    /// Option bit: restore map ignore when missing.
    JET_bitRestoreMapIgnoreWhenMissing: JET_GRBIT = 0x00000001;
    /// Option bit: restore map fail when missing.
    JET_bitRestoreMapFailWhenMissing: JET_GRBIT = 0x00000002;
    /// Option bit: restore map overwrite on create.
    JET_bitRestoreMapOverwriteOnCreate: JET_GRBIT = 0x00000004;
    /// Option bit: term complete.
    JET_bitTermComplete: JET_GRBIT = 0x00000001;
    /// Option bit: term abrupt.
    JET_bitTermAbrupt: JET_GRBIT = 0x00000002;
    /// Option bit: term stop backup.
    JET_bitTermStopBackup: JET_GRBIT = 0x00000004;
    /// Option bit: term dirty.
    JET_bitTermDirty: JET_GRBIT = 0x00000008;
    /// Option bit: idle flush buffers.
    JET_bitIdleFlushBuffers: JET_GRBIT = 0x00000001;
    /// Option bit: idle compact.
    JET_bitIdleCompact: JET_GRBIT = 0x00000002;
    /// Option bit: idle status.
    JET_bitIdleStatus: JET_GRBIT = 0x00000004;
    /// Option bit: idle version store test.
    JET_bitIdleVersionStoreTest: JET_GRBIT = 0x00000008;
    /// Option bit: idle compact async.
    JET_bitIdleCompactAsync: JET_GRBIT = 0x00000010;
    /// Option bit: idle avail buffers status.
    JET_bitIdleAvailBuffersStatus: JET_GRBIT = 0x00000020;
    /// Option bit: idle wait for async activity.
    JET_bitIdleWaitForAsyncActivity: JET_GRBIT = 0x00000040;
    /// Option bit: force session closed.
    JET_bitForceSessionClosed: JET_GRBIT = 0x00000001;
    /// Option bit: db read only.
    JET_bitDbReadOnly: JET_GRBIT = 0x00000001;
    /// Option bit: db exclusive.
    JET_bitDbExclusive: JET_GRBIT = 0x00000002;
    /// Option bit: db single exclusive.
    JET_bitDbSingleExclusive: JET_GRBIT = 0x00000002;
    /// Option bit: db delete corrupt indexes.
    JET_bitDbDeleteCorruptIndexes: JET_GRBIT = 0x00000010;
    /// Option bit: db rebuild corrupt indexes.
    JET_bitDbRebuildCorruptIndexes: JET_GRBIT = 0x00000020;
    /// Option bit: db delete unicode indexes.
    JET_bitDbDeleteUnicodeIndexes: JET_GRBIT = 0x00000400;
    /// Option bit: db upgrade.
    JET_bitDbUpgrade: JET_GRBIT = 0x00000200;
    /// Option bit: db enable background maintenance.
    JET_bitDbEnableBackgroundMaintenance: JET_GRBIT = 0x00000800;
    /// Option bit: db purge cache on attach.
    JET_bitDbPurgeCacheOnAttach: JET_GRBIT = 0x00001000;
    /// Option bit: force detach.
    JET_bitForceDetach: JET_GRBIT = 0x00000001;
    /// Option bit: force close and detach.
    JET_bitForceCloseAndDetach: JET_GRBIT = 0x00000002 | JET_bitForceDetach;
    /// Option bit: db recovery off.
    JET_bitDbRecoveryOff: JET_GRBIT = 0x00000008;
    /// Option bit: db versioning off.
    JET_bitDbVersioningOff: JET_GRBIT = 0x00000040;
    /// Option bit: db shadowing off.
    JET_bitDbShadowingOff: JET_GRBIT = 0x00000080;
    /// Option bit: db create streaming file.
    JET_bitDbCreateStreamingFile: JET_GRBIT = 0x00000100;
    /// Option bit: db overwrite existing.
    JET_bitDbOverwriteExisting: JET_GRBIT = 0x00000200;
    /// Option bit: backup incremental.
    JET_bitBackupIncremental: JET_GRBIT = 0x00000001;
    /// Option bit: keep old logs.
    JET_bitKeepOldLogs: JET_GRBIT = 0x00000002;
    /// Option bit: backup atomic.
    JET_bitBackupAtomic: JET_GRBIT = 0x00000004;
    /// Option bit: backup full with all logs.
    JET_bitBackupFullWithAllLogs: JET_GRBIT = 0x00000008;
    /// Option bit: backup snapshot.
    JET_bitBackupSnapshot: JET_GRBIT = 0x00000010;
    /// Option bit: backup surrogate.
    JET_bitBackupSurrogate: JET_GRBIT = 0x00000020;
    /// Option bit: internal copy.
    JET_bitInternalCopy: JET_GRBIT = 0x00000040;
    /// Option bit: backup end normal.
    JET_bitBackupEndNormal: JET_GRBIT = 0x0001;
    /// Option bit: backup end abort.
    JET_bitBackupEndAbort: JET_GRBIT = 0x0002;
    /// Option bit: backup truncate done.
    JET_bitBackupTruncateDone: JET_GRBIT = 0x0100;
    /// Option bit: backup no db header update.
    JET_bitBackupNoDbHeaderUpdate: JET_GRBIT = 0x0200;
    /// Option bit: table create fixed DDL.
    JET_bitTableCreateFixedDDL: JET_GRBIT = 0x00000001;
    /// Option bit: table create template table.
    JET_bitTableCreateTemplateTable: JET_GRBIT = 0x00000002;
    /// Option bit: table create no fixed var columns in derived tables.
    JET_bitTableCreateNoFixedVarColumnsInDerivedTables: JET_GRBIT = 0x00000004;
    /// Option bit: table create immutable structure.
    JET_bitTableCreateImmutableStructure: JET_GRBIT = 0x00000008;
    /// Option bit: table create system table.
    JET_bitTableCreateSystemTable: JET_GRBIT = 0x80000000;
    /// Option bit: column fixed.
    JET_bitColumnFixed: JET_GRBIT = 0x00000001;
    /// Option bit: column tagged.
    JET_bitColumnTagged: JET_GRBIT = 0x00000002;
    /// Option bit: column not NULL.
    JET_bitColumnNotNULL: JET_GRBIT = 0x00000004;
    /// Option bit: column version.
    JET_bitColumnVersion: JET_GRBIT = 0x00000008;
    /// Option bit: column autoincrement.
    JET_bitColumnAutoincrement: JET_GRBIT = 0x00000010;
    /// Option bit: column updatable.
    JET_bitColumnUpdatable: JET_GRBIT = 0x00000020;
    /// Option bit: column TT key.
    JET_bitColumnTTKey: JET_GRBIT = 0x00000040;
    /// Option bit: column TT descending.
    JET_bitColumnTTDescending: JET_GRBIT = 0x00000080;
    /// Option bit: column multi valued.
    JET_bitColumnMultiValued: JET_GRBIT = 0x00000400;
    /// Option bit: column escrow update.
    JET_bitColumnEscrowUpdate: JET_GRBIT = 0x00000800;
    /// Option bit: column unversioned.
    JET_bitColumnUnversioned: JET_GRBIT = 0x00001000;
    /// Option bit: column maybe null.
    JET_bitColumnMaybeNull: JET_GRBIT = 0x00002000;
    /// Option bit: column finalize.
    JET_bitColumnFinalize: JET_GRBIT = 0x00004000;
    /// Option bit: column user defined default.
    JET_bitColumnUserDefinedDefault: JET_GRBIT = 0x00008000;
    /// Option bit: column rename convert to primary index placeholder.
    JET_bitColumnRenameConvertToPrimaryIndexPlaceholder: JET_GRBIT = 0x00010000;
    /// Option bit: column delete on zero.
    JET_bitColumnDeleteOnZero: JET_GRBIT = 0x00020000;
    /// Option bit: column variable.
    JET_bitColumnVariable: JET_GRBIT = 0x00040000;
    /// Option bit: column compressed.
    JET_bitColumnCompressed: JET_GRBIT = 0x00080000;
    /// Option bit: column encrypted.
    JET_bitColumnEncrypted: JET_GRBIT = 0x00100000;
    /// Option bit: delete column ignore template columns.
    JET_bitDeleteColumnIgnoreTemplateColumns: JET_GRBIT = 0x00000001;
    /// Option bit: move first.
    JET_bitMoveFirst: JET_GRBIT = 0x00000000;
    /// Option bit: move before first.
    JET_bitMoveBeforeFirst: JET_GRBIT = 0x00000001;
    /// Option bit: no move.
    JET_bitNoMove: JET_GRBIT = 0x00000002;
    /// Option bit: new key.
    JET_bitNewKey: JET_GRBIT = 0x00000001;
    /// Option bit: str limit.
    JET_bitStrLimit: JET_GRBIT = 0x00000002;
    /// Option bit: sub str limit.
    JET_bitSubStrLimit: JET_GRBIT = 0x00000004;
    /// Option bit: normalized key.
    JET_bitNormalizedKey: JET_GRBIT = 0x00000008;
    /// Option bit: key data zero length.
    JET_bitKeyDataZeroLength: JET_GRBIT = 0x00000010;
    /// Option bit: key override primary index placeholder.
    JET_bitKeyOverridePrimaryIndexPlaceholder: JET_GRBIT = 0x00000020;
    /// Option bit: full column start limit.
    JET_bitFullColumnStartLimit: JET_GRBIT = 0x00000100;
    /// Option bit: full column end limit.
    JET_bitFullColumnEndLimit: JET_GRBIT = 0x00000200;
    /// Option bit: partial column start limit.
    JET_bitPartialColumnStartLimit: JET_GRBIT = 0x00000400;
    /// Option bit: partial column end limit.
    JET_bitPartialColumnEndLimit: JET_GRBIT = 0x00000800;
    /// Option bit: range inclusive.
    JET_bitRangeInclusive: JET_GRBIT = 0x00000001;
    /// Option bit: range upper limit.
    JET_bitRangeUpperLimit: JET_GRBIT = 0x00000002;
    /// Option bit: range instant duration.
    JET_bitRangeInstantDuration: JET_GRBIT = 0x00000004;
    /// Option bit: range remove.
    JET_bitRangeRemove: JET_GRBIT = 0x00000008;
    /// Option bit: read lock.
    JET_bitReadLock: JET_GRBIT = 0x00000001;
    /// Option bit: write lock.
    JET_bitWriteLock: JET_GRBIT = 0x00000002;
    /// Option bit: key lock.
    JET_bitKeyLock: JET_GRBIT = 0x00000004;
    /// Option bit: move key NE.
    JET_bitMoveKeyNE: JET_GRBIT = 0x00000001;
    /// Option bit: seek EQ.
    JET_bitSeekEQ: JET_GRBIT = 0x00000001;
    /// Option bit: seek LT.
    JET_bitSeekLT: JET_GRBIT = 0x00000002;
    /// Option bit: seek LE.
    JET_bitSeekLE: JET_GRBIT = 0x00000004;
    /// Option bit: seek GE.
    JET_bitSeekGE: JET_GRBIT = 0x00000008;
    /// Option bit: seek GT.
    JET_bitSeekGT: JET_GRBIT = 0x00000010;
    /// Option bit: set index range.
    JET_bitSetIndexRange: JET_GRBIT = 0x00000020;
    /// Option bit: check uniqueness.
    JET_bitCheckUniqueness: JET_GRBIT = 0x00000040;
    /// Option bit: bookmark permit virtual currency.
    JET_bitBookmarkPermitVirtualCurrency: JET_GRBIT = 0x00000001;
    /// Option bit: index column must be null.
    JET_bitIndexColumnMustBeNull: JET_GRBIT = 0x00000001;
    /// Option bit: index column must be non null.
    JET_bitIndexColumnMustBeNonNull: JET_GRBIT = 0x00000002;
    /// Option bit: record in index.
    JET_bitRecordInIndex: JET_GRBIT = 0x00000001;
    /// Option bit: record not in index.
    JET_bitRecordNotInIndex: JET_GRBIT = 0x00000002;
    /// Option bit: index unique.
    JET_bitIndexUnique: JET_GRBIT = 0x00000001;
    /// Option bit: index primary.
    JET_bitIndexPrimary: JET_GRBIT = 0x00000002;
    /// Option bit: index disallow null.
    JET_bitIndexDisallowNull: JET_GRBIT = 0x00000004;
    /// Option bit: index ignore null.
    JET_bitIndexIgnoreNull: JET_GRBIT = 0x00000008;
    /// Option bit: index clustered 40.
    JET_bitIndexClustered40: JET_GRBIT = 0x00000010;
    /// Option bit: index ignore any null.
    JET_bitIndexIgnoreAnyNull: JET_GRBIT = 0x00000020;
    /// Option bit: index ignore first null.
    JET_bitIndexIgnoreFirstNull: JET_GRBIT = 0x00000040;
    /// Option bit: index lazy flush.
    JET_bitIndexLazyFlush: JET_GRBIT = 0x00000080;
    /// Option bit: index empty.
    JET_bitIndexEmpty: JET_GRBIT = 0x00000100;
    /// Option bit: index unversioned.
    JET_bitIndexUnversioned: JET_GRBIT = 0x00000200;
    /// Option bit: index sort nulls high.
    JET_bitIndexSortNullsHigh: JET_GRBIT = 0x00000400;
    /// Option bit: index unicode.
    JET_bitIndexUnicode: JET_GRBIT = 0x00000800;
    /// Option bit: index tuples.
    JET_bitIndexTuples: JET_GRBIT = 0x00001000;
    /// Option bit: index tuple limits.
    JET_bitIndexTupleLimits: JET_GRBIT = 0x00002000;
    /// Option bit: index cross product.
    JET_bitIndexCrossProduct: JET_GRBIT = 0x00004000;
    /// Option bit: index key most.
    JET_bitIndexKeyMost: JET_GRBIT = 0x00008000;
    /// Option bit: index disallow truncation.
    JET_bitIndexDisallowTruncation: JET_GRBIT = 0x00010000;
    /// Option bit: index nested table.
    JET_bitIndexNestedTable: JET_GRBIT = 0x00020000;
    /// Option bit: index dot net guid.
    JET_bitIndexDotNetGuid: JET_GRBIT = 0x00040000;
    /// Option bit: index immutable structure.
    JET_bitIndexImmutableStructure: JET_GRBIT = 0x00080000;
    /// Option bit: index deferred populate create.
    JET_bitIndexDeferredPopulateCreate: JET_GRBIT = 0x00100000;
    /// Option bit: index deferred populate process.
    JET_bitIndexDeferredPopulateProcess: JET_GRBIT = 0x00200000;
    /// Option bit: index optionally unique.
    JET_bitIndexOptionallyUnique: JET_GRBIT = 0x00400000;
    /// Option bit: key ascending.
    JET_bitKeyAscending: JET_GRBIT = 0x00000000;
    /// Option bit: key descending.
    JET_bitKeyDescending: JET_GRBIT = 0x00000001;
    /// Option bit: table deny write.
    JET_bitTableDenyWrite: JET_GRBIT = 0x00000001;
    /// Option bit: table deny read.
    JET_bitTableDenyRead: JET_GRBIT = 0x00000002;
    /// Option bit: table read only.
    JET_bitTableReadOnly: JET_GRBIT = 0x00000004;
    /// Option bit: table updatable.
    JET_bitTableUpdatable: JET_GRBIT = 0x00000008;
    /// Option bit: table permit DDL.
    JET_bitTablePermitDDL: JET_GRBIT = 0x00000010;
    /// Option bit: table no cache.
    JET_bitTableNoCache: JET_GRBIT = 0x00000020;
    /// Option bit: table preread.
    JET_bitTablePreread: JET_GRBIT = 0x00000040;
    /// Option bit: table opportune read.
    JET_bitTableOpportuneRead: JET_GRBIT = 0x00000080;
    /// Option bit: table allow out of date.
    JET_bitTableAllowOutOfDate: JET_GRBIT = 0x00000100;
    /// Option bit: allow pgno FDP last set time.
    JET_bitAllowPgnoFDPLastSetTime: JET_GRBIT = 0x00000200;
    /// Option bit: table sequential.
    JET_bitTableSequential: JET_GRBIT = 0x00008000;
    /// Option bit: table try purge on close.
    JET_bitTableTryPurgeOnClose: JET_GRBIT = 0x01000000;
    /// Option bit: table allow sensitive operation.
    JET_bitTableAllowSensitiveOperation: JET_GRBIT = 0x08000000;
    /// Option bit: table delete.
    JET_bitTableDelete: JET_GRBIT = 0x10000000;
    /// Option bit: table create.
    JET_bitTableCreate: JET_GRBIT = 0x20000000;
    /// Option bit: table class mask.
    JET_bitTableClassMask: JET_GRBIT = 0x001F0000;
    /// Option bit: table class none.
    JET_bitTableClassNone: JET_GRBIT = 0x00000000;
    /// Option bit: table class 1.
    JET_bitTableClass1: JET_GRBIT = 0x00010000;
    /// Option bit: table class 2.
    JET_bitTableClass2: JET_GRBIT = 0x00020000;
    /// Option bit: table class 3.
    JET_bitTableClass3: JET_GRBIT = 0x00030000;
    /// Option bit: table class 4.
    JET_bitTableClass4: JET_GRBIT = 0x00040000;
    /// Option bit: table class 5.
    JET_bitTableClass5: JET_GRBIT = 0x00050000;
    /// Option bit: table class 6.
    JET_bitTableClass6: JET_GRBIT = 0x00060000;
    /// Option bit: table class 7.
    JET_bitTableClass7: JET_GRBIT = 0x00070000;
    /// Option bit: table class 8.
    JET_bitTableClass8: JET_GRBIT = 0x00080000;
    /// Option bit: table class 9.
    JET_bitTableClass9: JET_GRBIT = 0x00090000;
    /// Option bit: table class 10.
    JET_bitTableClass10: JET_GRBIT = 0x000A0000;
    /// Option bit: table class 11.
    JET_bitTableClass11: JET_GRBIT = 0x000B0000;
    /// Option bit: table class 12.
    JET_bitTableClass12: JET_GRBIT = 0x000C0000;
    /// Option bit: table class 13.
    JET_bitTableClass13: JET_GRBIT = 0x000D0000;
    /// Option bit: table class 14.
    JET_bitTableClass14: JET_GRBIT = 0x000E0000;
    /// Option bit: table class 15.
    JET_bitTableClass15: JET_GRBIT = 0x000F0000;
    /// Option bit: table class 16.
    JET_bitTableClass16: JET_GRBIT = 0x00100000;
    /// Option bit: table class 17.
    JET_bitTableClass17: JET_GRBIT = 0x00110000;
    /// Option bit: table class 18.
    JET_bitTableClass18: JET_GRBIT = 0x00120000;
    /// Option bit: table class 19.
    JET_bitTableClass19: JET_GRBIT = 0x00130000;
    /// Option bit: table class 20.
    JET_bitTableClass20: JET_GRBIT = 0x00140000;
    /// Option bit: table class 21.
    JET_bitTableClass21: JET_GRBIT = 0x00150000;
    /// Option bit: table class 22.
    JET_bitTableClass22: JET_GRBIT = 0x00160000;
    /// Option bit: table class 23.
    JET_bitTableClass23: JET_GRBIT = 0x00170000;
    /// Option bit: table class 24.
    JET_bitTableClass24: JET_GRBIT = 0x00180000;
    /// Option bit: table class 25.
    JET_bitTableClass25: JET_GRBIT = 0x00190000;
    /// Option bit: table class 26.
    JET_bitTableClass26: JET_GRBIT = 0x001A0000;
    /// Option bit: table class 27.
    JET_bitTableClass27: JET_GRBIT = 0x001B0000;
    /// Option bit: table class 28.
    JET_bitTableClass28: JET_GRBIT = 0x001C0000;
    /// Option bit: table class 29.
    JET_bitTableClass29: JET_GRBIT = 0x001D0000;
    /// Option bit: table class 30.
    JET_bitTableClass30: JET_GRBIT = 0x001E0000;
    /// Option bit: table class 31.
    JET_bitTableClass31: JET_GRBIT = 0x001F0000;
    /// Option bit: LS reset.
    JET_bitLSReset: JET_GRBIT = 0x00000001;
    /// Option bit: LS cursor.
    JET_bitLSCursor: JET_GRBIT = 0x00000002;
    /// Option bit: LS table.
    JET_bitLSTable: JET_GRBIT = 0x00000004;
    /// Option bit: preread forward.
    JET_bitPrereadForward: JET_GRBIT = 0x00000001;
    /// Option bit: preread backward.
    JET_bitPrereadBackward: JET_GRBIT = 0x00000002;
    /// Option bit: preread first page.
    JET_bitPrereadFirstPage: JET_GRBIT = 0x00000004;
    /// Option bit: preread normalized key.
    JET_bitPrereadNormalizedKey: JET_GRBIT = 0x00000008;
    /// Option bit: TT indexed.
    JET_bitTTIndexed: JET_GRBIT = 0x00000001;
    /// Option bit: TT unique.
    JET_bitTTUnique: JET_GRBIT = 0x00000002;
    /// Option bit: TT updatable.
    JET_bitTTUpdatable: JET_GRBIT = 0x00000004;
    /// Option bit: TT scrollable.
    JET_bitTTScrollable: JET_GRBIT = 0x00000008;
    /// Option bit: TT sort nulls high.
    JET_bitTTSortNullsHigh: JET_GRBIT = 0x00000010;
    /// Option bit: TT force materialization.
    JET_bitTTForceMaterialization: JET_GRBIT = 0x00000020;
    /// Option bit: TT error on duplicate insertion; the same value as
    /// `JET_bitTTForceMaterialization`.
    JET_bitTTErrorOnDuplicateInsertion: JET_GRBIT = JET_bitTTForceMaterialization;
    /// Option bit: TT forward only.
    JET_bitTTForwardOnly: JET_GRBIT = 0x00000040;
    /// Option bit: TT intrinsic l vs only.
    JET_bitTTIntrinsicLVsOnly: JET_GRBIT = 0x00000080;
    /// Option bit: TT dot net guid.
    JET_bitTTDotNetGuid: JET_GRBIT = 0x00000100;
    /// Option bit: set append LV.
    JET_bitSetAppendLV: JET_GRBIT = 0x00000001;
    /// Option bit: set overwrite LV.
    JET_bitSetOverwriteLV: JET_GRBIT = 0x00000004;
    /// Option bit: set size LV.
    JET_bitSetSizeLV: JET_GRBIT = 0x00000008;
    /// Option bit: set zero length.
    JET_bitSetZeroLength: JET_GRBIT = 0x00000020;
    /// Option bit: set separate LV.
    JET_bitSetSeparateLV: JET_GRBIT = 0x00000040;
    /// Option bit: set unique multi values.
    JET_bitSetUniqueMultiValues: JET_GRBIT = 0x00000080;
    /// Option bit: set unique normalized multi values.
    JET_bitSetUniqueNormalizedMultiValues: JET_GRBIT = 0x00000100;
    /// Option bit: set revert to default value.
    JET_bitSetRevertToDefaultValue: JET_GRBIT = 0x00000200;
    /// Option bit: set intrinsic LV.
    JET_bitSetIntrinsicLV: JET_GRBIT = 0x00000400;
    /// Option bit: set uncompressed.
    JET_bitSetUncompressed: JET_GRBIT = 0x00010000;
    /// Option bit: set compressed.
    JET_bitSetCompressed: JET_GRBIT = 0x00020000;
    /// Option bit: set contiguous LV.
    JET_bitSetContiguousLV: JET_GRBIT = 0x00040000;
    /// Option bit: space hints utilize parent space.
    JET_bitSpaceHintsUtilizeParentSpace: JET_GRBIT = 0x00000001;
    /// Option bit: create hint append sequential.
    JET_bitCreateHintAppendSequential: JET_GRBIT = 0x00000002;
    /// Option bit: create hint hotpoint sequential.
    JET_bitCreateHintHotpointSequential: JET_GRBIT = 0x00000004;
    /// Option bit: retrieve hint reserve 1.
    JET_bitRetrieveHintReserve1: JET_GRBIT = 0x00000008;
    /// Option bit: retrieve hint table scan forward.
    JET_bitRetrieveHintTableScanForward: JET_GRBIT = 0x00000010;
    /// Option bit: retrieve hint table scan backward.
    JET_bitRetrieveHintTableScanBackward: JET_GRBIT = 0x00000020;
    /// Option bit: retrieve hint reserve 2.
    JET_bitRetrieveHintReserve2: JET_GRBIT = 0x00000040;
    /// Option bit: retrieve hint reserve 3.
    JET_bitRetrieveHintReserve3: JET_GRBIT = 0x00000080;
    /// Option bit: delete hint table sequential.
    JET_bitDeleteHintTableSequential: JET_GRBIT = 0x00000100;
    /// Option bit: space hints utilize exact extents.
    JET_bitSpaceHintsUtilizeExactExtents: JET_GRBIT = 0x00000200;
    /// Option bit: update check ESE 97 compatibility.
    JET_bitUpdateCheckESE97Compatibility: JET_GRBIT = 0x00000001;
    /// Option bit: update no version.
    JET_bitUpdateNoVersion: JET_GRBIT = 0x00000002;
    /// Option bit: update enforce optionally unique indices.
    JET_bitUpdateEnforceOptionallyUniqueIndices: JET_GRBIT = 0x00000004;
    /// Option bit: escrow no rollback.
    JET_bitEscrowNoRollback: JET_GRBIT = 0x0001;
    /// Option bit: retrieve copy.
    JET_bitRetrieveCopy: JET_GRBIT = 0x00000001;
    /// Option bit: retrieve from index.
    JET_bitRetrieveFromIndex: JET_GRBIT = 0x00000002;
    /// Option bit: retrieve from primary bookmark.
    JET_bitRetrieveFromPrimaryBookmark: JET_GRBIT = 0x00000004;
    /// Option bit: retrieve tag.
    JET_bitRetrieveTag: JET_GRBIT = 0x00000008;
    /// Option bit: retrieve null.
    JET_bitRetrieveNull: JET_GRBIT = 0x00000010;
    /// Option bit: retrieve ignore default.
    JET_bitRetrieveIgnoreDefault: JET_GRBIT = 0x00000020;
    /// Option bit: retrieve long id.
    JET_bitRetrieveLongId: JET_GRBIT = 0x00000040;
    /// Option bit: retrieve long value ref count.
    JET_bitRetrieveLongValueRefCount: JET_GRBIT = 0x00000080;
    /// Option bit: retrieve tuple.
    JET_bitRetrieveTuple: JET_GRBIT = 0x00000800;
    /// Option bit: retrieve page number.
    JET_bitRetrievePageNumber: JET_GRBIT = 0x00001000;
    /// Option bit: retrieve copy intrinsic.
    JET_bitRetrieveCopyIntrinsic: JET_GRBIT = 0x00002000;
    /// Option bit: retrieve preread only.
    JET_bitRetrievePrereadOnly: JET_GRBIT = 0x00004000;
    /// Option bit: retrieve preread many.
    JET_bitRetrievePrereadMany: JET_GRBIT = 0x00008000;
    /// Option bit: retrieve physical size.
    JET_bitRetrievePhysicalSize: JET_GRBIT = 0x00010000;
    /// Option bit: retrieve as ref if not in record.
    JET_bitRetrieveAsRefIfNotInRecord: JET_GRBIT = 0x00020000;
    /// Option bit: zero length.
    JET_bitZeroLength: JET_GRBIT = 0x00000001;
    /// Option bit: enumerate copy; the same value as `JET_bitRetrieveCopy`.
    JET_bitEnumerateCopy: JET_GRBIT = JET_bitRetrieveCopy;
    /// Option bit: enumerate ignore default; the same value as `JET_bitRetrieveIgnoreDefault`.
    JET_bitEnumerateIgnoreDefault: JET_GRBIT = JET_bitRetrieveIgnoreDefault;
    /// Option bit: enumerate local.
    JET_bitEnumerateLocal: JET_GRBIT = 0x00010000;
    /// Option bit: enumerate presence only.
    JET_bitEnumeratePresenceOnly: JET_GRBIT = 0x00020000;
    /// Option bit: enumerate tagged only.
    JET_bitEnumerateTaggedOnly: JET_GRBIT = 0x00040000;
    /// Option bit: enumerate compress output.
    JET_bitEnumerateCompressOutput: JET_GRBIT = 0x00080000;
    /// Option bit: enumerate ignore user defined default.
    JET_bitEnumerateIgnoreUserDefinedDefault: JET_GRBIT = 0x00100000;
    /// Option bit: enumerate in record only.
    JET_bitEnumerateInRecordOnly: JET_GRBIT = 0x00200000;
    /// Option bit: enumerate as ref if not in record.
    JET_bitEnumerateAsRefIfNotInRecord: JET_GRBIT = 0x00400000;
    /// Option bit: stream forward.
    JET_bitStreamForward: JET_GRBIT = 0x00000001;
    /// Option bit: stream backward.
    JET_bitStreamBackward: JET_GRBIT = 0x00000002;
    /// Option bit: stream column references.
    JET_bitStreamColumnReferences: JET_GRBIT = 0x00000004;
    /// Option bit: record size in copy buffer.
    JET_bitRecordSizeInCopyBuffer: JET_GRBIT = 0x00000001;
    /// Option bit: record size running total.
    JET_bitRecordSizeRunningTotal: JET_GRBIT = 0x00000002;
    /// Option bit: record size local.
    JET_bitRecordSizeLocal: JET_GRBIT = 0x00000004;
    /// Option bit: record size include default values.
    JET_bitRecordSizeIncludeDefaultValues: JET_GRBIT = 0x00000008;
    /// Option bit: record size secondary index key only.
    JET_bitRecordSizeSecondaryIndexKeyOnly: JET_GRBIT = 0x00000010;
    /// Option bit: record size intrinsic physical only.
    JET_bitRecordSizeIntrinsicPhysicalOnly: JET_GRBIT = 0x00000020;
    /// Option bit: record size extrinsic logical only.
    JET_bitRecordSizeExtrinsicLogicalOnly: JET_GRBIT = 0x00000040;
    /// Option bit: transaction read only.
    JET_bitTransactionReadOnly: JET_GRBIT = 0x00000001;
    /// Option bit: distributed transaction.
    JET_bitDistributedTransaction: JET_GRBIT = 0x00000002;
    /// Option bit: commit lazy flush.
    JET_bitCommitLazyFlush: JET_GRBIT = 0x00000001;
    /// Option bit: wait last level 0 commit.
    JET_bitWaitLastLevel0Commit: JET_GRBIT = 0x00000002;
    /// Option bit: wait all level 0 commit.
    JET_bitWaitAllLevel0Commit: JET_GRBIT = 0x00000008;
    /// Option bit: force new log.
    JET_bitForceNewLog: JET_GRBIT = 0x00000010;
    /// Option bit: commit redo callback.
    JET_bitCommitRedoCallback: JET_GRBIT = 0x00000020;
    /// Option bit: commit flush OLD.
    JET_bitCommitFlush_OLD: JET_GRBIT = 0x00000001;
    /// Option bit: commit lazy flush OLD.
    JET_bitCommitLazyFlush_OLD: JET_GRBIT = 0x00000004;
    /// Option bit: wait last level 0 commit OLD.
    JET_bitWaitLastLevel0Commit_OLD: JET_GRBIT = 0x00000010;
    /// Option bit: rollback all.
    JET_bitRollbackAll: JET_GRBIT = 0x00000001;
    /// Option bit: rollback redo callback.
    JET_bitRollbackRedoCallback: JET_GRBIT = 0x00000020;
    /// Option bit: incremental snapshot.
    JET_bitIncrementalSnapshot: JET_GRBIT = 0x00000001;
    /// Option bit: copy snapshot.
    JET_bitCopySnapshot: JET_GRBIT = 0x00000002;
    /// Option bit: continue after thaw.
    JET_bitContinueAfterThaw: JET_GRBIT = 0x00000004;
    /// Option bit: explicit prepare.
    JET_bitExplicitPrepare: JET_GRBIT = 0x00000008;
    /// Option bit: all databases snapshot.
    JET_bitAllDatabasesSnapshot: JET_GRBIT = 0x00000001;
    /// Option bit: abort snapshot.
    JET_bitAbortSnapshot: JET_GRBIT = 0x00000001;
    /// Option bit: shadow log emit first call.
    JET_bitShadowLogEmitFirstCall: JET_GRBIT = 0x00000001;
    /// Option bit: shadow log emit last call.
    JET_bitShadowLogEmitLastCall: JET_GRBIT = 0x00000002;
    /// Option bit: shadow log emit cancel.
    JET_bitShadowLogEmitCancel: JET_GRBIT = 0x00000004;
    /// Option bit: shadow log emit data buffers.
    JET_bitShadowLogEmitDataBuffers: JET_GRBIT = 0x00000008;
    /// Option bit: shadow log emit log complete.
    JET_bitShadowLogEmitLogComplete: JET_GRBIT = 0x00000010;
    /// Option bit: delete all existing logs.
    JET_bitDeleteAllExistingLogs: JET_GRBIT = 0x00000001;
    /// Option bit: non revertable table delete.
    JET_bitNonRevertableTableDelete: JET_GRBIT = 0x00000001;
    /// Option bit: revertable table delete if too soon.
    JET_bitRevertableTableDeleteIfTooSoon: JET_GRBIT = 0x00000002;
    /// Option bit: page info no structure checksum.
    JET_bitPageInfoNoStructureChecksum: JET_GRBIT = 0x00000001;
    /// Option bit: test uninit shrunk page image.
    JET_bitTestUninitShrunkPageImage: JET_GRBIT = 0x00000001;
    /// Option bit: patching corrupt page.
    JET_bitPatchingCorruptPage: JET_GRBIT = 0x00000002;
    /// Option bit: end database incremental reseed cancel.
    JET_bitEndDatabaseIncrementalReseedCancel: JET_GRBIT = 0x00000001;
    /// Option bit: begin database incremental reseed patch RBS.
    JET_bitBeginDatabaseIncrementalReseedPatchRBS: JET_GRBIT = 0x00000001;
    /// Option bit: compact stats.
    JET_bitCompactStats: JET_GRBIT = 0x00000020;
    /// Option bit: compact repair.
    JET_bitCompactRepair: JET_GRBIT = 0x00000040;
    /// Option bit: compact preserve original.
    JET_bitCompactPreserveOriginal: JET_GRBIT = 0x00000100;
    /// Option bit: resize database only grow.
    JET_bitResizeDatabaseOnlyGrow: JET_GRBIT = 0x00000001;
    /// Option bit: resize database only shrink.
    JET_bitResizeDatabaseOnlyShrink: JET_GRBIT = 0x00000002;
    /// Option bit: stop service all.
    JET_bitStopServiceAll: JET_GRBIT = 0x00000000;
    /// Option bit: stop service background user tasks.
    JET_bitStopServiceBackgroundUserTasks: JET_GRBIT = 0x00000002;
    /// Option bit: stop service quiesce caches.
    JET_bitStopServiceQuiesceCaches: JET_GRBIT = 0x00000004;
    /// Option bit: stop service resume.
    JET_bitStopServiceResume: JET_GRBIT = 0x80000000;
    /// Option bit: stop service stop and emit log.
    JET_bitStopServiceStopAndEmitLog: JET_GRBIT = 0x00000008;
    /// Option bit: stage test env local mode.
    JET_bitStageTestEnvLocalMode: JET_GRBIT = 0x04;
    /// Option bit: stage test env alpha mode.
    JET_bitStageTestEnvAlphaMode: JET_GRBIT = 0x10;
    /// Option bit: stage test env beta mode.
    JET_bitStageTestEnvBetaMode: JET_GRBIT = 0x40;
    /// Option bit: stage selfhost local mode.
    JET_bitStageSelfhostLocalMode: JET_GRBIT = 0x0400;
    /// Option bit: stage selfhost alpha mode.
    JET_bitStageSelfhostAlphaMode: JET_GRBIT = 0x1000;
    /// Option bit: stage selfhost beta mode.
    JET_bitStageSelfhostBetaMode: JET_GRBIT = 0x4000;
    /// Option bit: stage prod local mode.
    JET_bitStageProdLocalMode: JET_GRBIT = 0x040000;
    /// Option bit: stage prod alpha mode.
    JET_bitStageProdAlphaMode: JET_GRBIT = 0x100000;
    /// Option bit: stage prod beta mode.
    JET_bitStageProdBetaMode: JET_GRBIT = 0x400000;
    /// Option bit: shrink database eof on attach.
    JET_bitShrinkDatabaseEofOnAttach: JET_GRBIT = 0x00000001;
    /// Option bit: shrink database full categorization on attach.
    JET_bitShrinkDatabaseFullCategorizationOnAttach: JET_GRBIT = 0x00000002;
    /// Option bit: shrink database dont move roots on attach.
    JET_bitShrinkDatabaseDontMoveRootsOnAttach: JET_GRBIT = 0x00000004;
    /// Option bit: shrink database dont truncate leaked pages on attach.
    JET_bitShrinkDatabaseDontTruncateLeakedPagesOnAttach: JET_GRBIT = 0x00000008;
    /// Option bit: shrink database dont truncate indeterminate pages on attach.
    JET_bitShrinkDatabaseDontTruncateIndeterminatePagesOnAttach: JET_GRBIT = 0x00000010;
    /// Option bit: dump minimum.
    JET_bitDumpMinimum: JET_GRBIT = 0x00000001;
    /// Option bit: dump maximum.
    JET_bitDumpMaximum: JET_GRBIT = 0x00000002;
    /// Option bit: dump cache minimum.
    JET_bitDumpCacheMinimum: JET_GRBIT = 0x00000004;
    /// Option bit: dump cache maximum.
    JET_bitDumpCacheMaximum: JET_GRBIT = 0x00000008;
    /// Option bit: dump cache include dirty pages.
    JET_bitDumpCacheIncludeDirtyPages: JET_GRBIT = 0x00000010;
    /// Option bit: dump cache include cached pages.
    JET_bitDumpCacheIncludeCachedPages: JET_GRBIT = 0x00000020;
    /// Option bit: dump cache include corrupted pages.
    JET_bitDumpCacheIncludeCorruptedPages: JET_GRBIT = 0x00000040;
    /// Option bit: dump cache no decommit.
    JET_bitDumpCacheNoDecommit: JET_GRBIT = 0x00000080;
    /// Option bit: dump unit test.
    JET_bitDumpUnitTest: JET_GRBIT = 0x80000000;
    /// Option bit: injection probability pct.
    JET_bitInjectionProbabilityPct: JET_GRBIT = 0x00000001;
    /// Option bit: injection probability count.
    JET_bitInjectionProbabilityCount: JET_GRBIT = 0x00000002;
    /// Option bit: injection probability permanent.
    JET_bitInjectionProbabilityPermanent: JET_GRBIT = 0x00000004;
    /// Option bit: injection probability fail until.
    JET_bitInjectionProbabilityFailUntil: JET_GRBIT = 0x00000008;
    /// Option bit: injection probability suppress.
    JET_bitInjectionProbabilitySuppress: JET_GRBIT = 0x40000000;
    /// Option bit: injection probability cleanup.
    JET_bitInjectionProbabilityCleanup: JET_GRBIT = 0x80000000;
    /// Option bit: alter db file hdr add field.
    JET_bitAlterDbFileHdrAddField: JET_GRBIT = 0x1;
}
