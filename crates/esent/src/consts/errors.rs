//! Error and warning codes (`JET_err*`, `JET_wrn*`).

#![allow(non_upper_case_globals)]

use crate::types::JET_ERR;

jet_consts! {
    // Error codes (negative). `JET_errSuccess` is 0.
    /// Error: success.
    JET_errSuccess: JET_ERR = 0;
    /// Error: rfs failure.
    JET_errRfsFailure: JET_ERR = -100;
    /// Error: rfs not armed.
    JET_errRfsNotArmed: JET_ERR = -101;
    /// Error: file close.
    JET_errFileClose: JET_ERR = -102;
    /// Error: out of threads.
    JET_errOutOfThreads: JET_ERR = -103;
    /// Error: too many IO.
    JET_errTooManyIO: JET_ERR = -105;
    /// Error: task dropped.
    JET_errTaskDropped: JET_ERR = -106;
    /// Error: internal error.
    JET_errInternalError: JET_ERR = -107;
    /// Error: disabled functionality.
    JET_errDisabledFunctionality: JET_ERR = -112;
    /// Error: unloadable OS functionality.
    JET_errUnloadableOSFunctionality: JET_ERR = -113;
    /// Error: device missing.
    JET_errDeviceMissing: JET_ERR = -114;
    /// Error: device misconfigured.
    JET_errDeviceMisconfigured: JET_ERR = -115;
    /// Error: device timeout.
    JET_errDeviceTimeout: JET_ERR = -116;
    /// Error: device failure.
    JET_errDeviceFailure: JET_ERR = -118;
    /// Error: database buffer dependencies corrupted.
    JET_errDatabaseBufferDependenciesCorrupted: JET_ERR = -255;
    /// Error: previous version.
    JET_errPreviousVersion: JET_ERR = -322;
    /// Error: page boundary.
    JET_errPageBoundary: JET_ERR = -323;
    /// Error: key boundary.
    JET_errKeyBoundary: JET_ERR = -324;
    /// Error: bad page link.
    JET_errBadPageLink: JET_ERR = -327;
    /// Error: bad bookmark.
    JET_errBadBookmark: JET_ERR = -328;
    /// Error: NT system call failed.
    JET_errNTSystemCallFailed: JET_ERR = -334;
    /// Error: bad parent page link.
    JET_errBadParentPageLink: JET_ERR = -338;
    /// Error: SP avail ext cache out of sync.
    JET_errSPAvailExtCacheOutOfSync: JET_ERR = -340;
    /// Error: SP avail ext corrupted.
    JET_errSPAvailExtCorrupted: JET_ERR = -341;
    /// Error: SP avail ext cache out of memory.
    JET_errSPAvailExtCacheOutOfMemory: JET_ERR = -342;
    /// Error: SP own ext corrupted.
    JET_errSPOwnExtCorrupted: JET_ERR = -343;
    /// Error: db time corrupted.
    JET_errDbTimeCorrupted: JET_ERR = -344;
    /// Error: key truncated.
    JET_errKeyTruncated: JET_ERR = -346;
    /// Error: database leak in space.
    JET_errDatabaseLeakInSpace: JET_ERR = -348;
    /// Error: bad empty page.
    JET_errBadEmptyPage: JET_ERR = -351;
    /// Error: bad line count.
    JET_errBadLineCount: JET_ERR = -354;
    /// Error: page tag corrupted.
    JET_errPageTagCorrupted: JET_ERR = -357;
    /// Error: node corrupted.
    JET_errNodeCorrupted: JET_ERR = -358;
    /// Error: column illegal null; the same value as `JET_errNullInvalid`.
    JET_errColumnIllegalNull: JET_ERR = JET_errNullInvalid;
    /// Error: key too big.
    JET_errKeyTooBig: JET_ERR = -408;
    /// Error: cannot separate intrinsic LV.
    JET_errCannotSeparateIntrinsicLV: JET_ERR = -416;
    /// Error: separated long value.
    JET_errSeparatedLongValue: JET_ERR = -421;
    /// Error: must be separate long value.
    JET_errMustBeSeparateLongValue: JET_ERR = -423;
    /// Error: invalid preread.
    JET_errInvalidPreread: JET_ERR = -424;
    /// Error: invalid column reference.
    JET_errInvalidColumnReference: JET_ERR = -426;
    /// Error: stale column reference.
    JET_errStaleColumnReference: JET_ERR = -427;
    /// Error: compression integrity check failed.
    JET_errCompressionIntegrityCheckFailed: JET_ERR = -431;
    /// Error: index deferred populate currently unavailable.
    JET_errIndexDeferredPopulateCurrentlyUnavailable: JET_ERR = -434;
    /// Error: invalid logged operation.
    JET_errInvalidLoggedOperation: JET_ERR = -500;
    /// Error: log file corrupt.
    JET_errLogFileCorrupt: JET_ERR = -501;
    /// Error: no backup directory.
    JET_errNoBackupDirectory: JET_ERR = -503;
    /// Error: backup directory not empty.
    JET_errBackupDirectoryNotEmpty: JET_ERR = -504;
    /// Error: backup in progress.
    JET_errBackupInProgress: JET_ERR = -505;
    /// Error: restore in progress.
    JET_errRestoreInProgress: JET_ERR = -506;
    /// Error: missing previous log file.
    JET_errMissingPreviousLogFile: JET_ERR = -509;
    /// Error: log write fail.
    JET_errLogWriteFail: JET_ERR = -510;
    /// Error: log disabled due to recovery failure.
    JET_errLogDisabledDueToRecoveryFailure: JET_ERR = -511;
    /// Error: cannot log during recovery redo.
    JET_errCannotLogDuringRecoveryRedo: JET_ERR = -512;
    /// Error: log generation mismatch.
    JET_errLogGenerationMismatch: JET_ERR = -513;
    /// Error: bad log version.
    JET_errBadLogVersion: JET_ERR = -514;
    /// Error: invalid log sequence.
    JET_errInvalidLogSequence: JET_ERR = -515;
    /// Error: logging disabled.
    JET_errLoggingDisabled: JET_ERR = -516;
    /// Error: log buffer too small.
    JET_errLogBufferTooSmall: JET_ERR = -517;
    /// Error: log sequence end.
    JET_errLogSequenceEnd: JET_ERR = -519;
    /// Error: no backup.
    JET_errNoBackup: JET_ERR = -520;
    /// Error: invalid backup sequence.
    JET_errInvalidBackupSequence: JET_ERR = -521;
    /// Error: backup not allowed yet.
    JET_errBackupNotAllowedYet: JET_ERR = -523;
    /// Error: delete backup file fail.
    JET_errDeleteBackupFileFail: JET_ERR = -524;
    /// Error: make backup directory fail.
    JET_errMakeBackupDirectoryFail: JET_ERR = -525;
    /// Error: invalid backup.
    JET_errInvalidBackup: JET_ERR = -526;
    /// Error: recovered with errors.
    JET_errRecoveredWithErrors: JET_ERR = -527;
    /// Error: missing log file.
    JET_errMissingLogFile: JET_ERR = -528;
    /// Error: log disk full.
    JET_errLogDiskFull: JET_ERR = -529;
    /// Error: bad log signature.
    JET_errBadLogSignature: JET_ERR = -530;
    /// Error: bad db signature.
    JET_errBadDbSignature: JET_ERR = -531;
    /// Error: bad checkpoint signature.
    JET_errBadCheckpointSignature: JET_ERR = -532;
    /// Error: checkpoint corrupt.
    JET_errCheckpointCorrupt: JET_ERR = -533;
    /// Error: missing patch page.
    JET_errMissingPatchPage: JET_ERR = -534;
    /// Error: bad patch page.
    JET_errBadPatchPage: JET_ERR = -535;
    /// Error: redo abrupt ended.
    JET_errRedoAbruptEnded: JET_ERR = -536;
    /// Error: patch file missing.
    JET_errPatchFileMissing: JET_ERR = -538;
    /// Error: database log set mismatch.
    JET_errDatabaseLogSetMismatch: JET_ERR = -539;
    /// Error: database streaming file mismatch.
    JET_errDatabaseStreamingFileMismatch: JET_ERR = -540;
    /// Error: log file size mismatch.
    JET_errLogFileSizeMismatch: JET_ERR = -541;
    /// Error: checkpoint file not found.
    JET_errCheckpointFileNotFound: JET_ERR = -542;
    /// Error: required log files missing.
    JET_errRequiredLogFilesMissing: JET_ERR = -543;
    /// Error: soft recovery on backup database.
    JET_errSoftRecoveryOnBackupDatabase: JET_ERR = -544;
    /// Error: log file size mismatch databases consistent.
    JET_errLogFileSizeMismatchDatabasesConsistent: JET_ERR = -545;
    /// Error: log sector size mismatch.
    JET_errLogSectorSizeMismatch: JET_ERR = -546;
    /// Error: log sector size mismatch databases consistent.
    JET_errLogSectorSizeMismatchDatabasesConsistent: JET_ERR = -547;
    /// Error: log sequence end databases consistent.
    JET_errLogSequenceEndDatabasesConsistent: JET_ERR = -548;
    /// Error: streaming data not logged.
    JET_errStreamingDataNotLogged: JET_ERR = -549;
    /// Error: database dirty shutdown.
    JET_errDatabaseDirtyShutdown: JET_ERR = -550;
    /// Error: database inconsistent; the same value as `JET_errDatabaseDirtyShutdown`.
    JET_errDatabaseInconsistent: JET_ERR = JET_errDatabaseDirtyShutdown;
    /// Error: consistent time mismatch.
    JET_errConsistentTimeMismatch: JET_ERR = -551;
    /// Error: database patch file mismatch.
    JET_errDatabasePatchFileMismatch: JET_ERR = -552;
    /// Error: ending restore log too low.
    JET_errEndingRestoreLogTooLow: JET_ERR = -553;
    /// Error: starting restore log too high.
    JET_errStartingRestoreLogTooHigh: JET_ERR = -554;
    /// Error: given log file has bad signature.
    JET_errGivenLogFileHasBadSignature: JET_ERR = -555;
    /// Error: given log file is not contiguous.
    JET_errGivenLogFileIsNotContiguous: JET_ERR = -556;
    /// Error: missing restore log files.
    JET_errMissingRestoreLogFiles: JET_ERR = -557;
    /// Error: missing full backup.
    JET_errMissingFullBackup: JET_ERR = -560;
    /// Error: bad backup database size.
    JET_errBadBackupDatabaseSize: JET_ERR = -561;
    /// Error: database already upgraded.
    JET_errDatabaseAlreadyUpgraded: JET_ERR = -562;
    /// Error: database incomplete upgrade.
    JET_errDatabaseIncompleteUpgrade: JET_ERR = -563;
    /// Error: missing current log files.
    JET_errMissingCurrentLogFiles: JET_ERR = -565;
    /// Error: db time too old.
    JET_errDbTimeTooOld: JET_ERR = -566;
    /// Error: db time too new.
    JET_errDbTimeTooNew: JET_ERR = -567;
    /// Error: missing file to backup.
    JET_errMissingFileToBackup: JET_ERR = -569;
    /// Error: log torn write during hard restore.
    JET_errLogTornWriteDuringHardRestore: JET_ERR = -570;
    /// Error: log torn write during hard recovery.
    JET_errLogTornWriteDuringHardRecovery: JET_ERR = -571;
    /// Error: log corrupt during hard restore.
    JET_errLogCorruptDuringHardRestore: JET_ERR = -573;
    /// Error: log corrupt during hard recovery.
    JET_errLogCorruptDuringHardRecovery: JET_ERR = -574;
    /// Error: must disable logging for db upgrade.
    JET_errMustDisableLoggingForDbUpgrade: JET_ERR = -575;
    /// Error: bad restore target instance.
    JET_errBadRestoreTargetInstance: JET_ERR = -577;
    /// Error: recovered without undo.
    JET_errRecoveredWithoutUndo: JET_ERR = -579;
    /// Error: databases not from same snapshot.
    JET_errDatabasesNotFromSameSnapshot: JET_ERR = -580;
    /// Error: soft recovery on snapshot.
    JET_errSoftRecoveryOnSnapshot: JET_ERR = -581;
    /// Error: committed log files missing.
    JET_errCommittedLogFilesMissing: JET_ERR = -582;
    /// Error: sector size not supported.
    JET_errSectorSizeNotSupported: JET_ERR = -583;
    /// Error: recovered without undo databases consistent.
    JET_errRecoveredWithoutUndoDatabasesConsistent: JET_ERR = -584;
    /// Error: committed log file corrupt.
    JET_errCommittedLogFileCorrupt: JET_ERR = -586;
    /// Error: log sequence checksum mismatch.
    JET_errLogSequenceChecksumMismatch: JET_ERR = -590;
    /// Error: page initialized mismatch.
    JET_errPageInitializedMismatch: JET_ERR = -596;
    /// Error: unicode translation buffer too small.
    JET_errUnicodeTranslationBufferTooSmall: JET_ERR = -601;
    /// Error: unicode translation fail.
    JET_errUnicodeTranslationFail: JET_ERR = -602;
    /// Error: unicode normalization not supported.
    JET_errUnicodeNormalizationNotSupported: JET_ERR = -603;
    /// Error: unicode language validation failure.
    JET_errUnicodeLanguageValidationFailure: JET_ERR = -604;
    /// Error: existing log file has bad signature.
    JET_errExistingLogFileHasBadSignature: JET_ERR = -610;
    /// Error: existing log file is not contiguous.
    JET_errExistingLogFileIsNotContiguous: JET_ERR = -611;
    /// Error: log read verify failure.
    JET_errLogReadVerifyFailure: JET_ERR = -612;
    /// Error: checkpoint depth too deep.
    JET_errCheckpointDepthTooDeep: JET_ERR = -614;
    /// Error: restore of non backup database.
    JET_errRestoreOfNonBackupDatabase: JET_ERR = -615;
    /// Error: log file not copied.
    JET_errLogFileNotCopied: JET_ERR = -616;
    /// Error: surrogate backup in progress.
    JET_errSurrogateBackupInProgress: JET_ERR = -617;
    /// Error: transaction too long.
    JET_errTransactionTooLong: JET_ERR = -618;
    /// Error: engine format version no longer supported too low.
    JET_errEngineFormatVersionNoLongerSupportedTooLow: JET_ERR = -619;
    /// Error: engine format version not yet implemented too high.
    JET_errEngineFormatVersionNotYetImplementedTooHigh: JET_ERR = -620;
    /// Error: engine format version param too low for requested feature.
    JET_errEngineFormatVersionParamTooLowForRequestedFeature: JET_ERR = -621;
    /// Error: engine format version specified too low for log version.
    JET_errEngineFormatVersionSpecifiedTooLowForLogVersion: JET_ERR = -622;
    /// Error: engine format version specified too low for database version.
    JET_errEngineFormatVersionSpecifiedTooLowForDatabaseVersion: JET_ERR = -623;
    /// Error: db time beyond max required.
    JET_errDbTimeBeyondMaxRequired: JET_ERR = -625;
    /// Error: log operation inconsistent with database.
    JET_errLogOperationInconsistentWithDatabase: JET_ERR = -626;
    /// Error: backup abort by server.
    JET_errBackupAbortByServer: JET_ERR = -801;
    /// Error: invalid grbit.
    JET_errInvalidGrbit: JET_ERR = -900;
    /// Error: term in progress.
    JET_errTermInProgress: JET_ERR = -1000;
    /// Error: feature not available.
    JET_errFeatureNotAvailable: JET_ERR = -1001;
    /// Error: invalid name.
    JET_errInvalidName: JET_ERR = -1002;
    /// Error: invalid parameter.
    JET_errInvalidParameter: JET_ERR = -1003;
    /// Error: database file read only.
    JET_errDatabaseFileReadOnly: JET_ERR = -1008;
    /// Error: invalid database id.
    JET_errInvalidDatabaseId: JET_ERR = -1010;
    /// Error: out of memory.
    JET_errOutOfMemory: JET_ERR = -1011;
    /// Error: out of database space.
    JET_errOutOfDatabaseSpace: JET_ERR = -1012;
    /// Error: out of cursors.
    JET_errOutOfCursors: JET_ERR = -1013;
    /// Error: out of buffers.
    JET_errOutOfBuffers: JET_ERR = -1014;
    /// Error: too many indexes.
    JET_errTooManyIndexes: JET_ERR = -1015;
    /// Error: too many keys.
    JET_errTooManyKeys: JET_ERR = -1016;
    /// Error: record deleted.
    JET_errRecordDeleted: JET_ERR = -1017;
    /// Error: read verify failure.
    JET_errReadVerifyFailure: JET_ERR = -1018;
    /// Error: page not initialized.
    JET_errPageNotInitialized: JET_ERR = -1019;
    /// Error: out of file handles.
    JET_errOutOfFileHandles: JET_ERR = -1020;
    /// Error: disk read verification failure.
    JET_errDiskReadVerificationFailure: JET_ERR = -1021;
    /// Error: disk IO.
    JET_errDiskIO: JET_ERR = -1022;
    /// Error: invalid path.
    JET_errInvalidPath: JET_ERR = -1023;
    /// Error: invalid system path.
    JET_errInvalidSystemPath: JET_ERR = -1024;
    /// Error: invalid log directory.
    JET_errInvalidLogDirectory: JET_ERR = -1025;
    /// Error: record too big.
    JET_errRecordTooBig: JET_ERR = -1026;
    /// Error: too many open databases.
    JET_errTooManyOpenDatabases: JET_ERR = -1027;
    /// Error: invalid database.
    JET_errInvalidDatabase: JET_ERR = -1028;
    /// Error: not initialized.
    JET_errNotInitialized: JET_ERR = -1029;
    /// Error: already initialized.
    JET_errAlreadyInitialized: JET_ERR = -1030;
    /// Error: init in progress.
    JET_errInitInProgress: JET_ERR = -1031;
    /// Error: file access denied.
    JET_errFileAccessDenied: JET_ERR = -1032;
    /// Error: query not supported.
    JET_errQueryNotSupported: JET_ERR = -1034;
    /// Error: SQL link not supported.
    JET_errSQLLinkNotSupported: JET_ERR = -1035;
    /// Error: buffer too small.
    JET_errBufferTooSmall: JET_ERR = -1038;
    /// Error: too many columns.
    JET_errTooManyColumns: JET_ERR = -1040;
    /// Error: container not empty.
    JET_errContainerNotEmpty: JET_ERR = -1043;
    /// Error: invalid filename.
    JET_errInvalidFilename: JET_ERR = -1044;
    /// Error: invalid bookmark.
    JET_errInvalidBookmark: JET_ERR = -1045;
    /// Error: column in use.
    JET_errColumnInUse: JET_ERR = -1046;
    /// Error: invalid buffer size.
    JET_errInvalidBufferSize: JET_ERR = -1047;
    /// Error: column not updatable.
    JET_errColumnNotUpdatable: JET_ERR = -1048;
    /// Error: index in use.
    JET_errIndexInUse: JET_ERR = -1051;
    /// Error: link not supported.
    JET_errLinkNotSupported: JET_ERR = -1052;
    /// Error: null key disallowed.
    JET_errNullKeyDisallowed: JET_ERR = -1053;
    /// Error: not in transaction.
    JET_errNotInTransaction: JET_ERR = -1054;
    /// Error: must rollback.
    JET_errMustRollback: JET_ERR = -1057;
    /// Error: too many active users.
    JET_errTooManyActiveUsers: JET_ERR = -1059;
    /// Error: invalid country.
    JET_errInvalidCountry: JET_ERR = -1061;
    /// Error: invalid language id.
    JET_errInvalidLanguageId: JET_ERR = -1062;
    /// Error: invalid code page.
    JET_errInvalidCodePage: JET_ERR = -1063;
    /// Error: invalid LC map string flags.
    JET_errInvalidLCMapStringFlags: JET_ERR = -1064;
    /// Error: version store entry too big.
    JET_errVersionStoreEntryTooBig: JET_ERR = -1065;
    /// Error: version store out of memory and cleanup timed out.
    JET_errVersionStoreOutOfMemoryAndCleanupTimedOut: JET_ERR = -1066;
    /// Error: version store out of memory.
    JET_errVersionStoreOutOfMemory: JET_ERR = -1069;
    /// Error: currency stack out of memory.
    JET_errCurrencyStackOutOfMemory: JET_ERR = -1070;
    /// Error: cannot index.
    JET_errCannotIndex: JET_ERR = -1071;
    /// Error: record not deleted.
    JET_errRecordNotDeleted: JET_ERR = -1072;
    /// Error: too many mempool entries.
    JET_errTooManyMempoolEntries: JET_ERR = -1073;
    /// Error: out of object i ds.
    JET_errOutOfObjectIDs: JET_ERR = -1074;
    /// Error: out of long value i ds.
    JET_errOutOfLongValueIDs: JET_ERR = -1075;
    /// Error: out of autoincrement values.
    JET_errOutOfAutoincrementValues: JET_ERR = -1076;
    /// Error: out of dbtime values.
    JET_errOutOfDbtimeValues: JET_ERR = -1077;
    /// Error: out of sequential index values.
    JET_errOutOfSequentialIndexValues: JET_ERR = -1078;
    /// Error: running in one instance mode.
    JET_errRunningInOneInstanceMode: JET_ERR = -1080;
    /// Error: running in multi instance mode.
    JET_errRunningInMultiInstanceMode: JET_ERR = -1081;
    /// Error: system params already set.
    JET_errSystemParamsAlreadySet: JET_ERR = -1082;
    /// Error: system path in use.
    JET_errSystemPathInUse: JET_ERR = -1083;
    /// Error: log file path in use.
    JET_errLogFilePathInUse: JET_ERR = -1084;
    /// Error: temp path in use.
    JET_errTempPathInUse: JET_ERR = -1085;
    /// Error: instance name in use.
    JET_errInstanceNameInUse: JET_ERR = -1086;
    /// Error: system parameter conflict.
    JET_errSystemParameterConflict: JET_ERR = -1087;
    /// Error: instance unavailable.
    JET_errInstanceUnavailable: JET_ERR = -1090;
    /// Error: database unavailable.
    JET_errDatabaseUnavailable: JET_ERR = -1091;
    /// Error: instance unavailable due to fatal log disk full.
    JET_errInstanceUnavailableDueToFatalLogDiskFull: JET_ERR = -1092;
    /// Error: invalid sesparam id.
    JET_errInvalidSesparamId: JET_ERR = -1093;
    /// Error: too many records.
    JET_errTooManyRecords: JET_ERR = -1094;
    /// Error: invalid dbparam id.
    JET_errInvalidDbparamId: JET_ERR = -1095;
    /// Error: out of sessions.
    JET_errOutOfSessions: JET_ERR = -1101;
    /// Error: write conflict.
    JET_errWriteConflict: JET_ERR = -1102;
    /// Error: trans too deep.
    JET_errTransTooDeep: JET_ERR = -1103;
    /// Error: invalid sesid.
    JET_errInvalidSesid: JET_ERR = -1104;
    /// Error: write conflict primary index.
    JET_errWriteConflictPrimaryIndex: JET_ERR = -1105;
    /// Error: in transaction.
    JET_errInTransaction: JET_ERR = -1108;
    /// Error: rollback required.
    JET_errRollbackRequired: JET_ERR = -1109;
    /// Error: trans read only.
    JET_errTransReadOnly: JET_ERR = -1110;
    /// Error: session write conflict.
    JET_errSessionWriteConflict: JET_ERR = -1111;
    /// Error: record too big for backward compatibility.
    JET_errRecordTooBigForBackwardCompatibility: JET_ERR = -1112;
    /// Error: cannot materialize forward only sort.
    JET_errCannotMaterializeForwardOnlySort: JET_ERR = -1113;
    /// Error: sesid table id mismatch.
    JET_errSesidTableIdMismatch: JET_ERR = -1114;
    /// Error: invalid instance.
    JET_errInvalidInstance: JET_ERR = -1115;
    /// Error: dirty shutdown.
    JET_errDirtyShutdown: JET_ERR = -1116;
    /// Error: read pgno verify failure.
    JET_errReadPgnoVerifyFailure: JET_ERR = -1118;
    /// Error: read lost flush verify failure.
    JET_errReadLostFlushVerifyFailure: JET_ERR = -1119;
    /// Error: file system corruption.
    JET_errFileSystemCorruption: JET_ERR = -1121;
    /// Error: recovery verify failure.
    JET_errRecoveryVerifyFailure: JET_ERR = -1123;
    /// Error: filtered move not supported.
    JET_errFilteredMoveNotSupported: JET_ERR = -1124;
    /// Error: must commit distributed transaction to level 0.
    JET_errMustCommitDistributedTransactionToLevel0: JET_ERR = -1150;
    /// Error: distributed transaction already prepared to commit.
    JET_errDistributedTransactionAlreadyPreparedToCommit: JET_ERR = -1151;
    /// Error: not in distributed transaction.
    JET_errNotInDistributedTransaction: JET_ERR = -1152;
    /// Error: distributed transaction not yet prepared to commit.
    JET_errDistributedTransactionNotYetPreparedToCommit: JET_ERR = -1153;
    /// Error: cannot nest distributed transactions.
    JET_errCannotNestDistributedTransactions: JET_ERR = -1154;
    /// Error: DTC missing callback.
    JET_errDTCMissingCallback: JET_ERR = -1160;
    /// Error: DTC missing callback on recovery.
    JET_errDTCMissingCallbackOnRecovery: JET_ERR = -1161;
    /// Error: DTC callback unexpected error.
    JET_errDTCCallbackUnexpectedError: JET_ERR = -1162;
    /// Error: database duplicate.
    JET_errDatabaseDuplicate: JET_ERR = -1201;
    /// Error: database in use.
    JET_errDatabaseInUse: JET_ERR = -1202;
    /// Error: database not found.
    JET_errDatabaseNotFound: JET_ERR = -1203;
    /// Error: database invalid name.
    JET_errDatabaseInvalidName: JET_ERR = -1204;
    /// Error: database invalid pages.
    JET_errDatabaseInvalidPages: JET_ERR = -1205;
    /// Error: database corrupted.
    JET_errDatabaseCorrupted: JET_ERR = -1206;
    /// Error: database locked.
    JET_errDatabaseLocked: JET_ERR = -1207;
    /// Error: cannot disable versioning.
    JET_errCannotDisableVersioning: JET_ERR = -1208;
    /// Error: invalid database version.
    JET_errInvalidDatabaseVersion: JET_ERR = -1209;
    /// Error: database 200 format.
    JET_errDatabase200Format: JET_ERR = -1210;
    /// Error: database 400 format.
    JET_errDatabase400Format: JET_ERR = -1211;
    /// Error: database 500 format.
    JET_errDatabase500Format: JET_ERR = -1212;
    /// Error: page size mismatch.
    JET_errPageSizeMismatch: JET_ERR = -1213;
    /// Error: too many instances.
    JET_errTooManyInstances: JET_ERR = -1214;
    /// Error: database sharing violation.
    JET_errDatabaseSharingViolation: JET_ERR = -1215;
    /// Error: attached database mismatch.
    JET_errAttachedDatabaseMismatch: JET_ERR = -1216;
    /// Error: database invalid path.
    JET_errDatabaseInvalidPath: JET_ERR = -1217;
    /// Error: database id in use.
    JET_errDatabaseIdInUse: JET_ERR = -1218;
    /// Error: force detach not allowed.
    JET_errForceDetachNotAllowed: JET_ERR = -1219;
    /// Error: catalog corrupted.
    JET_errCatalogCorrupted: JET_ERR = -1220;
    /// Error: partially attached DB.
    JET_errPartiallyAttachedDB: JET_ERR = -1221;
    /// Error: database sign in use.
    JET_errDatabaseSignInUse: JET_ERR = -1222;
    /// Error: database corrupted no repair.
    JET_errDatabaseCorruptedNoRepair: JET_ERR = -1224;
    /// Error: invalid create db version.
    JET_errInvalidCreateDbVersion: JET_ERR = -1225;
    /// Error: database incomplete incremental reseed.
    JET_errDatabaseIncompleteIncrementalReseed: JET_ERR = -1226;
    /// Error: database invalid incremental reseed.
    JET_errDatabaseInvalidIncrementalReseed: JET_ERR = -1227;
    /// Error: database failed incremental reseed.
    JET_errDatabaseFailedIncrementalReseed: JET_ERR = -1228;
    /// Error: no attachments failed incremental reseed.
    JET_errNoAttachmentsFailedIncrementalReseed: JET_ERR = -1229;
    /// Error: database not ready.
    JET_errDatabaseNotReady: JET_ERR = -1230;
    /// Error: database attached for recovery.
    JET_errDatabaseAttachedForRecovery: JET_ERR = -1231;
    /// Error: transactions not ready during recovery.
    JET_errTransactionsNotReadyDuringRecovery: JET_ERR = -1232;
    /// Error: table locked.
    JET_errTableLocked: JET_ERR = -1302;
    /// Error: table duplicate.
    JET_errTableDuplicate: JET_ERR = -1303;
    /// Error: table in use.
    JET_errTableInUse: JET_ERR = -1304;
    /// Error: object not found.
    JET_errObjectNotFound: JET_ERR = -1305;
    /// Error: density invalid.
    JET_errDensityInvalid: JET_ERR = -1307;
    /// Error: table not empty.
    JET_errTableNotEmpty: JET_ERR = -1308;
    /// Error: invalid table id.
    JET_errInvalidTableId: JET_ERR = -1310;
    /// Error: too many open tables.
    JET_errTooManyOpenTables: JET_ERR = -1311;
    /// Error: illegal operation.
    JET_errIllegalOperation: JET_ERR = -1312;
    /// Error: too many open tables and cleanup timed out.
    JET_errTooManyOpenTablesAndCleanupTimedOut: JET_ERR = -1313;
    /// Error: object duplicate.
    JET_errObjectDuplicate: JET_ERR = -1314;
    /// Error: invalid object.
    JET_errInvalidObject: JET_ERR = -1316;
    /// Error: cannot delete temp table.
    JET_errCannotDeleteTempTable: JET_ERR = -1317;
    /// Error: cannot delete system table.
    JET_errCannotDeleteSystemTable: JET_ERR = -1318;
    /// Error: cannot delete template table.
    JET_errCannotDeleteTemplateTable: JET_ERR = -1319;
    /// Error: exclusive table lock required.
    JET_errExclusiveTableLockRequired: JET_ERR = -1322;
    /// Error: fixed DDL.
    JET_errFixedDDL: JET_ERR = -1323;
    /// Error: fixed inherited DDL.
    JET_errFixedInheritedDDL: JET_ERR = -1324;
    /// Error: cannot nest DDL.
    JET_errCannotNestDDL: JET_ERR = -1325;
    /// Error: DDL not inheritable.
    JET_errDDLNotInheritable: JET_ERR = -1326;
    /// Error: invalid settings.
    JET_errInvalidSettings: JET_ERR = -1328;
    /// Error: client request to stop jet service.
    JET_errClientRequestToStopJetService: JET_ERR = -1329;
    /// Error: cannot add fixed var column to derived table.
    JET_errCannotAddFixedVarColumnToDerivedTable: JET_ERR = -1330;
    /// Error: index cant build.
    JET_errIndexCantBuild: JET_ERR = -1401;
    /// Error: index has primary.
    JET_errIndexHasPrimary: JET_ERR = -1402;
    /// Error: index duplicate.
    JET_errIndexDuplicate: JET_ERR = -1403;
    /// Error: index not found.
    JET_errIndexNotFound: JET_ERR = -1404;
    /// Error: index must stay.
    JET_errIndexMustStay: JET_ERR = -1405;
    /// Error: index invalid def.
    JET_errIndexInvalidDef: JET_ERR = -1406;
    /// Error: invalid create index.
    JET_errInvalidCreateIndex: JET_ERR = -1409;
    /// Error: too many open indexes.
    JET_errTooManyOpenIndexes: JET_ERR = -1410;
    /// Error: multi valued index violation.
    JET_errMultiValuedIndexViolation: JET_ERR = -1411;
    /// Error: index build corrupted.
    JET_errIndexBuildCorrupted: JET_ERR = -1412;
    /// Error: primary index corrupted.
    JET_errPrimaryIndexCorrupted: JET_ERR = -1413;
    /// Error: secondary index corrupted.
    JET_errSecondaryIndexCorrupted: JET_ERR = -1414;
    /// Error: invalid index id.
    JET_errInvalidIndexId: JET_ERR = -1416;
    /// Error: cant use deferred populate index.
    JET_errCantUseDeferredPopulateIndex: JET_ERR = -1419;
    /// Error: index tuples secondary index only.
    JET_errIndexTuplesSecondaryIndexOnly: JET_ERR = -1430;
    /// Error: index tuples too many columns.
    JET_errIndexTuplesTooManyColumns: JET_ERR = -1431;
    /// Error: index tuples one column only; the same value as `JET_errIndexTuplesTooManyColumns`.
    JET_errIndexTuplesOneColumnOnly: JET_ERR = JET_errIndexTuplesTooManyColumns;
    /// Error: index tuples non unique only.
    JET_errIndexTuplesNonUniqueOnly: JET_ERR = -1432;
    /// Error: index tuples text binary columns only.
    JET_errIndexTuplesTextBinaryColumnsOnly: JET_ERR = -1433;
    /// Error: index tuples text columns only; the same value as `JET_errIndexTuplesTextBinaryColumnsOnly`.
    JET_errIndexTuplesTextColumnsOnly: JET_ERR = JET_errIndexTuplesTextBinaryColumnsOnly;
    /// Error: index tuples var seg mac not allowed.
    JET_errIndexTuplesVarSegMacNotAllowed: JET_ERR = -1434;
    /// Error: index tuples invalid limits.
    JET_errIndexTuplesInvalidLimits: JET_ERR = -1435;
    /// Error: index tuples cannot retrieve from index.
    JET_errIndexTuplesCannotRetrieveFromIndex: JET_ERR = -1436;
    /// Error: index tuples key too small.
    JET_errIndexTuplesKeyTooSmall: JET_ERR = -1437;
    /// Error: invalid LV chunk size.
    JET_errInvalidLVChunkSize: JET_ERR = -1438;
    /// Error: column cannot be encrypted.
    JET_errColumnCannotBeEncrypted: JET_ERR = -1439;
    /// Error: cannot index on encrypted column.
    JET_errCannotIndexOnEncryptedColumn: JET_ERR = -1440;
    /// Error: column long.
    JET_errColumnLong: JET_ERR = -1501;
    /// Error: column no chunk.
    JET_errColumnNoChunk: JET_ERR = -1502;
    /// Error: column does not fit.
    JET_errColumnDoesNotFit: JET_ERR = -1503;
    /// Error: null invalid.
    JET_errNullInvalid: JET_ERR = -1504;
    /// Error: column indexed.
    JET_errColumnIndexed: JET_ERR = -1505;
    /// Error: column too big.
    JET_errColumnTooBig: JET_ERR = -1506;
    /// Error: column not found.
    JET_errColumnNotFound: JET_ERR = -1507;
    /// Error: column duplicate.
    JET_errColumnDuplicate: JET_ERR = -1508;
    /// Error: multi valued column must be tagged.
    JET_errMultiValuedColumnMustBeTagged: JET_ERR = -1509;
    /// Error: column redundant.
    JET_errColumnRedundant: JET_ERR = -1510;
    /// Error: invalid column type.
    JET_errInvalidColumnType: JET_ERR = -1511;
    /// Error: tagged not NULL.
    JET_errTaggedNotNULL: JET_ERR = -1514;
    /// Error: no current index.
    JET_errNoCurrentIndex: JET_ERR = -1515;
    /// Error: key is made.
    JET_errKeyIsMade: JET_ERR = -1516;
    /// Error: bad column id.
    JET_errBadColumnId: JET_ERR = -1517;
    /// Error: bad itag sequence.
    JET_errBadItagSequence: JET_ERR = -1518;
    /// Error: column in relationship.
    JET_errColumnInRelationship: JET_ERR = -1519;
    /// Error: cannot be tagged.
    JET_errCannotBeTagged: JET_ERR = -1521;
    /// Error: default value too big.
    JET_errDefaultValueTooBig: JET_ERR = -1524;
    /// Error: multi valued duplicate.
    JET_errMultiValuedDuplicate: JET_ERR = -1525;
    /// Error: LV corrupted.
    JET_errLVCorrupted: JET_ERR = -1526;
    /// Error: multi valued duplicate after truncation.
    JET_errMultiValuedDuplicateAfterTruncation: JET_ERR = -1528;
    /// Error: derived column corruption.
    JET_errDerivedColumnCorruption: JET_ERR = -1529;
    /// Error: invalid placeholder column.
    JET_errInvalidPlaceholderColumn: JET_ERR = -1530;
    /// Error: column cannot be compressed.
    JET_errColumnCannotBeCompressed: JET_ERR = -1538;
    /// Error: column no encryption key.
    JET_errColumnNoEncryptionKey: JET_ERR = -1540;
    /// Error: record not found.
    JET_errRecordNotFound: JET_ERR = -1601;
    /// Error: record no copy.
    JET_errRecordNoCopy: JET_ERR = -1602;
    /// Error: no current record.
    JET_errNoCurrentRecord: JET_ERR = -1603;
    /// Error: record primary changed.
    JET_errRecordPrimaryChanged: JET_ERR = -1604;
    /// Error: key duplicate.
    JET_errKeyDuplicate: JET_ERR = -1605;
    /// Error: already prepared.
    JET_errAlreadyPrepared: JET_ERR = -1607;
    /// Error: key not made.
    JET_errKeyNotMade: JET_ERR = -1608;
    /// Error: update not prepared.
    JET_errUpdateNotPrepared: JET_ERR = -1609;
    /// Error: data has changed.
    JET_errDataHasChanged: JET_ERR = -1611;
    /// Error: language not supported.
    JET_errLanguageNotSupported: JET_ERR = -1619;
    /// Error: decompression failed.
    JET_errDecompressionFailed: JET_ERR = -1620;
    /// Error: update must version.
    JET_errUpdateMustVersion: JET_ERR = -1621;
    /// Error: decryption failed.
    JET_errDecryptionFailed: JET_ERR = -1622;
    /// Error: encryption bad itag.
    JET_errEncryptionBadItag: JET_ERR = -1623;
    /// Error: set auto increment too high.
    JET_errSetAutoIncrementTooHigh: JET_ERR = -1624;
    /// Error: auto increment not set.
    JET_errAutoIncrementNotSet: JET_ERR = -1625;
    /// Error: too many sorts.
    JET_errTooManySorts: JET_ERR = -1701;
    /// Error: invalid on sort.
    JET_errInvalidOnSort: JET_ERR = -1702;
    /// Error: temp file open error.
    JET_errTempFileOpenError: JET_ERR = -1803;
    /// Error: too many attached databases.
    JET_errTooManyAttachedDatabases: JET_ERR = -1805;
    /// Error: disk full.
    JET_errDiskFull: JET_ERR = -1808;
    /// Error: permission denied.
    JET_errPermissionDenied: JET_ERR = -1809;
    /// Error: file not found.
    JET_errFileNotFound: JET_ERR = -1811;
    /// Error: file invalid type.
    JET_errFileInvalidType: JET_ERR = -1812;
    /// Error: file already exists.
    JET_errFileAlreadyExists: JET_ERR = -1814;
    /// Error: after initialization.
    JET_errAfterInitialization: JET_ERR = -1850;
    /// Error: log corrupted.
    JET_errLogCorrupted: JET_ERR = -1852;
    /// Error: invalid operation.
    JET_errInvalidOperation: JET_ERR = -1906;
    /// Error: access denied.
    JET_errAccessDenied: JET_ERR = -1907;
    /// Error: too many splits.
    JET_errTooManySplits: JET_ERR = -1909;
    /// Error: session sharing violation.
    JET_errSessionSharingViolation: JET_ERR = -1910;
    /// Error: entry point not found.
    JET_errEntryPointNotFound: JET_ERR = -1911;
    /// Error: session context already set.
    JET_errSessionContextAlreadySet: JET_ERR = -1912;
    /// Error: session context not set by this thread.
    JET_errSessionContextNotSetByThisThread: JET_ERR = -1913;
    /// Error: session in use.
    JET_errSessionInUse: JET_ERR = -1914;
    /// Error: record format conversion failed.
    JET_errRecordFormatConversionFailed: JET_ERR = -1915;
    /// Error: one database per session.
    JET_errOneDatabasePerSession: JET_ERR = -1916;
    /// Error: rollback error.
    JET_errRollbackError: JET_ERR = -1917;
    /// Error: flush map version unsupported.
    JET_errFlushMapVersionUnsupported: JET_ERR = -1918;
    /// Error: flush map database mismatch.
    JET_errFlushMapDatabaseMismatch: JET_ERR = -1919;
    /// Error: flush map unrecoverable.
    JET_errFlushMapUnrecoverable: JET_ERR = -1920;
    /// Error: RBS file corrupt.
    JET_errRBSFileCorrupt: JET_ERR = -1921;
    /// Error: RBS header corrupt.
    JET_errRBSHeaderCorrupt: JET_ERR = -1922;
    /// Error: RBS db mismatch.
    JET_errRBSDbMismatch: JET_ERR = -1923;
    /// Error: bad RBS version.
    JET_errBadRBSVersion: JET_ERR = -1925;
    /// Error: out of RBS space.
    JET_errOutOfRBSSpace: JET_ERR = -1926;
    /// Error: RBS invalid sign.
    JET_errRBSInvalidSign: JET_ERR = -1927;
    /// Error: RBS invalid record.
    JET_errRBSInvalidRecord: JET_ERR = -1928;
    /// Error: RBSRC invalid RBS.
    JET_errRBSRCInvalidRBS: JET_ERR = -1929;
    /// Error: RBSRC no RBS found.
    JET_errRBSRCNoRBSFound: JET_ERR = -1930;
    /// Error: RBSRC bad db state.
    JET_errRBSRCBadDbState: JET_ERR = -1931;
    /// Error: RBS missing req logs.
    JET_errRBSMissingReqLogs: JET_ERR = -1932;
    /// Error: RBS log divergence failed.
    JET_errRBSLogDivergenceFailed: JET_ERR = -1933;
    /// Error: RBSRC copy logs revert state.
    JET_errRBSRCCopyLogsRevertState: JET_ERR = -1934;
    /// Error: database incomplete revert.
    JET_errDatabaseIncompleteRevert: JET_ERR = -1935;
    /// Error: RBSRC revert cancelled.
    JET_errRBSRCRevertCancelled: JET_ERR = -1936;
    /// Error: RBSRC invalid db format version.
    JET_errRBSRCInvalidDbFormatVersion: JET_ERR = -1937;
    /// Error: RBS cannot determine divergence.
    JET_errRBSCannotDetermineDivergence: JET_ERR = -1938;
    /// Error: RBS delete table too big.
    JET_errRBSDeleteTableTooBig: JET_ERR = -1941;
    /// Error: RBS delete table too soon.
    JET_errRBSDeleteTableTooSoon: JET_ERR = -1942;
    /// Error: RBSFDP to be deleted.
    JET_errRBSFDPToBeDeleted: JET_ERR = -1943;
    /// Error: RBS revertable delete not possible.
    JET_errRBSRevertableDeleteNotPossible: JET_ERR = -1944;
    /// Error: RBS redelete FDP unexpected.
    JET_errRBSRedeleteFDPUnexpected: JET_ERR = -1947;
    /// Error: RBSRC page FDP delete file corrupt.
    JET_errRBSRCPageFDPDeleteFileCorrupt: JET_ERR = -1948;
    /// Error: database already running maintenance.
    JET_errDatabaseAlreadyRunningMaintenance: JET_ERR = -2004;
    /// Error: root space leak estimation already running.
    JET_errRootSpaceLeakEstimationAlreadyRunning: JET_ERR = -2006;
    /// Error: callback failed.
    JET_errCallbackFailed: JET_ERR = -2101;
    /// Error: callback not resolved.
    JET_errCallbackNotResolved: JET_ERR = -2102;
    /// Error: space hints invalid.
    JET_errSpaceHintsInvalid: JET_ERR = -2103;
    /// Error: OS snapshot invalid sequence.
    JET_errOSSnapshotInvalidSequence: JET_ERR = -2401;
    /// Error: OS snapshot time out.
    JET_errOSSnapshotTimeOut: JET_ERR = -2402;
    /// Error: OS snapshot not allowed.
    JET_errOSSnapshotNotAllowed: JET_ERR = -2403;
    /// Error: OS snapshot invalid snap id.
    JET_errOSSnapshotInvalidSnapId: JET_ERR = -2404;
    /// Error: too many test injections.
    JET_errTooManyTestInjections: JET_ERR = -2501;
    /// Error: test injection not supported.
    JET_errTestInjectionNotSupported: JET_ERR = -2502;
    /// Error: invalid log data sequence.
    JET_errInvalidLogDataSequence: JET_ERR = -2601;
    /// Error: LS callback not specified.
    JET_errLSCallbackNotSpecified: JET_ERR = -3000;
    /// Error: LS already set.
    JET_errLSAlreadySet: JET_ERR = -3001;
    /// Error: LS not set.
    JET_errLSNotSet: JET_ERR = -3002;
    /// Error: file IO sparse.
    JET_errFileIOSparse: JET_ERR = -4000;
    /// Error: file IO beyond EOF.
    JET_errFileIOBeyondEOF: JET_ERR = -4001;
    /// Error: file IO abort.
    JET_errFileIOAbort: JET_ERR = -4002;
    /// Error: file IO retry.
    JET_errFileIORetry: JET_ERR = -4003;
    /// Error: file IO fail.
    JET_errFileIOFail: JET_ERR = -4004;
    /// Error: file compressed.
    JET_errFileCompressed: JET_ERR = -4005;
    /// Error: client space begin.
    JET_errClientSpaceBegin: JET_ERR = -10000;
    /// Error: client space end.
    JET_errClientSpaceEnd: JET_ERR = -11999;

    // Warning codes (positive): the call did its work. `JET_wrnNyi` is the one negative "warning".
    /// Warning: nyi.
    JET_wrnNyi: JET_ERR = -1;
    /// Warning: remaining versions.
    JET_wrnRemainingVersions: JET_ERR = 321;
    /// Warning: unique key.
    JET_wrnUniqueKey: JET_ERR = 345;
    /// Warning: separate long value.
    JET_wrnSeparateLongValue: JET_ERR = 406;
    /// Warning: record found greater; the same value as `JET_wrnSeekNotEqual`.
    JET_wrnRecordFoundGreater: JET_ERR = JET_wrnSeekNotEqual;
    /// Warning: record found less; the same value as `JET_wrnSeekNotEqual`.
    JET_wrnRecordFoundLess: JET_ERR = JET_wrnSeekNotEqual;
    /// Warning: no more records.
    JET_wrnNoMoreRecords: JET_ERR = 428;
    /// Warning: index deferred populate incomplete.
    JET_wrnIndexDeferredPopulateIncomplete: JET_ERR = 432;
    /// Warning: index deferred populate halted.
    JET_wrnIndexDeferredPopulateHalted: JET_ERR = 433;
    /// Warning: existing log file has bad signature.
    JET_wrnExistingLogFileHasBadSignature: JET_ERR = 558;
    /// Warning: existing log file is not contiguous.
    JET_wrnExistingLogFileIsNotContiguous: JET_ERR = 559;
    /// Warning: skip this record.
    JET_wrnSkipThisRecord: JET_ERR = 564;
    /// Warning: target instance running.
    JET_wrnTargetInstanceRunning: JET_ERR = 578;
    /// Warning: committed log files lost.
    JET_wrnCommittedLogFilesLost: JET_ERR = 585;
    /// Warning: committed log files removed.
    JET_wrnCommittedLogFilesRemoved: JET_ERR = 587;
    /// Warning: finish with undo.
    JET_wrnFinishWithUndo: JET_ERR = 588;
    /// Warning: database repaired.
    JET_wrnDatabaseRepaired: JET_ERR = 595;
    /// Warning: column null.
    JET_wrnColumnNull: JET_ERR = 1004;
    /// Warning: buffer truncated.
    JET_wrnBufferTruncated: JET_ERR = 1006;
    /// Warning: database attached.
    JET_wrnDatabaseAttached: JET_ERR = 1007;
    /// Warning: sort overflow.
    JET_wrnSortOverflow: JET_ERR = 1009;
    /// Warning: seek not equal.
    JET_wrnSeekNotEqual: JET_ERR = 1039;
    /// Warning: no error info.
    JET_wrnNoErrorInfo: JET_ERR = 1055;
    /// Warning: no idle activity.
    JET_wrnNoIdleActivity: JET_ERR = 1058;
    /// Warning: no write lock.
    JET_wrnNoWriteLock: JET_ERR = 1067;
    /// Warning: column set null.
    JET_wrnColumnSetNull: JET_ERR = 1068;
    /// Warning: shrink not possible.
    JET_wrnShrinkNotPossible: JET_ERR = 1122;
    /// Warning: DTC commit transaction.
    JET_wrnDTCCommitTransaction: JET_ERR = 1163;
    /// Warning: DTC rollback transaction.
    JET_wrnDTCRollbackTransaction: JET_ERR = 1164;
    /// Warning: table empty.
    JET_wrnTableEmpty: JET_ERR = 1301;
    /// Warning: table in use by system.
    JET_wrnTableInUseBySystem: JET_ERR = 1327;
    /// Warning: corrupt index deleted.
    JET_wrnCorruptIndexDeleted: JET_ERR = 1415;
    /// Warning: primary index out of date.
    JET_wrnPrimaryIndexOutOfDate: JET_ERR = 1417;
    /// Warning: secondary index out of date.
    JET_wrnSecondaryIndexOutOfDate: JET_ERR = 1418;
    /// Warning: column max truncated.
    JET_wrnColumnMaxTruncated: JET_ERR = 1512;
    /// Warning: copy long value.
    JET_wrnCopyLongValue: JET_ERR = 1520;
    /// Warning: tagged columns remaining.
    JET_wrnTaggedColumnsRemaining: JET_ERR = 1523;
    /// Warning: column skipped.
    JET_wrnColumnSkipped: JET_ERR = 1531;
    /// Warning: column not local.
    JET_wrnColumnNotLocal: JET_ERR = 1532;
    /// Warning: column more tags.
    JET_wrnColumnMoreTags: JET_ERR = 1533;
    /// Warning: column truncated.
    JET_wrnColumnTruncated: JET_ERR = 1534;
    /// Warning: column present.
    JET_wrnColumnPresent: JET_ERR = 1535;
    /// Warning: column single value.
    JET_wrnColumnSingleValue: JET_ERR = 1536;
    /// Warning: column default.
    JET_wrnColumnDefault: JET_ERR = 1537;
    /// Warning: column not in record.
    JET_wrnColumnNotInRecord: JET_ERR = 1539;
    /// Warning: column reference.
    JET_wrnColumnReference: JET_ERR = 1541;
    /// Warning: data has changed.
    JET_wrnDataHasChanged: JET_ERR = 1610;
    /// Warning: key changed.
    JET_wrnKeyChanged: JET_ERR = 1618;
    /// Warning: file open read only.
    JET_wrnFileOpenReadOnly: JET_ERR = 1813;
    /// Warning: idle full.
    JET_wrnIdleFull: JET_ERR = 1908;
    /// Warning: defrag already running.
    JET_wrnDefragAlreadyRunning: JET_ERR = 2000;
    /// Warning: defrag not running.
    JET_wrnDefragNotRunning: JET_ERR = 2001;
    /// Warning: database scan already running.
    JET_wrnDatabaseScanAlreadyRunning: JET_ERR = 2002;
    /// Warning: database scan not running.
    JET_wrnDatabaseScanNotRunning: JET_ERR = 2003;
    /// Warning: callback not registered.
    JET_wrnCallbackNotRegistered: JET_ERR = 2100;
    /// Warning: previous log file incomplete.
    JET_wrnPreviousLogFileIncomplete: JET_ERR = 2602;
}
