//! Error and warning codes (`JET_err*`, `JET_wrn*`).

#![allow(non_upper_case_globals)]

use crate::types::JET_ERR;

jet_consts! {
    // Error codes (negative). `JET_errSuccess` is 0.
    /// Error: OK.
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
    /// Error: fatal internal inconsistency.
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
    /// Error: bookmark has no address in the database.
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
    /// Error: key longer than cbKeyMost on a DisallowTruncation index.
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
    /// Error: key too large.
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
    /// Error: logged operation cannot be redone.
    JET_errInvalidLoggedOperation: JET_ERR = -500;
    /// Error: log corrupt.
    JET_errLogFileCorrupt: JET_ERR = -501;
    /// Error: no backup directory given.
    JET_errNoBackupDirectory: JET_ERR = -503;
    /// Error: the backup directory is not empty.
    JET_errBackupDirectoryNotEmpty: JET_ERR = -504;
    /// Error: a backup is already active.
    JET_errBackupInProgress: JET_ERR = -505;
    /// Error: a restore is in progress.
    JET_errRestoreInProgress: JET_ERR = -506;
    /// Error: log for the checkpoint is missing.
    JET_errMissingPreviousLogFile: JET_ERR = -509;
    /// Error: log write failed; the instance becomes unavailable.
    JET_errLogWriteFail: JET_ERR = -510;
    /// Error: log disabled after a recovery failure.
    JET_errLogDisabledDueToRecoveryFailure: JET_ERR = -511;
    /// Error: logging during redo.
    JET_errCannotLogDuringRecoveryRedo: JET_ERR = -512;
    /// Error: file name and internal generation disagree.
    JET_errLogGenerationMismatch: JET_ERR = -513;
    /// Error: logs written by a newer (or incompatible) engine.
    JET_errBadLogVersion: JET_ERR = -514;
    /// Error: timestamps of consecutive logs do not chain.
    JET_errInvalidLogSequence: JET_ERR = -515;
    /// Error: logging off (Recovery = off) but the operation needs it.
    JET_errLoggingDisabled: JET_ERR = -516;
    /// Error: log record too large.
    JET_errLogBufferTooSmall: JET_ERR = -517;
    /// Error: log generation counter exhausted.
    JET_errLogSequenceEnd: JET_ERR = -519;
    /// Error: no backup in progress.
    JET_errNoBackup: JET_ERR = -520;
    /// Error: backup call out of sequence.
    JET_errInvalidBackupSequence: JET_ERR = -521;
    /// Error: cannot back up now.
    JET_errBackupNotAllowedYet: JET_ERR = -523;
    /// Error: could not delete a backup file.
    JET_errDeleteBackupFileFail: JET_ERR = -524;
    /// Error: could not create the backup temp directory.
    JET_errMakeBackupDirectoryFail: JET_ERR = -525;
    /// Error: incremental backup with circular logging.
    JET_errInvalidBackup: JET_ERR = -526;
    /// Error: recovery completed with errors.
    JET_errRecoveredWithErrors: JET_ERR = -527;
    /// Error: the current log (edb.log or edb.jtx) is missing but needed.
    JET_errMissingLogFile: JET_ERR = -528;
    /// Error: log disk full (after the reserve logs were used).
    JET_errLogDiskFull: JET_ERR = -529;
    /// Error: log files from different streams mixed.
    JET_errBadLogSignature: JET_ERR = -530;
    /// Error: database signature does not match the logs.
    JET_errBadDbSignature: JET_ERR = -531;
    /// Error: checkpoint from another log stream.
    JET_errBadCheckpointSignature: JET_ERR = -532;
    /// Error: checkpoint unreadable.
    JET_errCheckpointCorrupt: JET_ERR = -533;
    /// Error: patch page not found during recovery.
    JET_errMissingPatchPage: JET_ERR = -534;
    /// Error: trailer (patch) page is invalid.
    JET_errBadPatchPage: JET_ERR = -535;
    /// Error: redo ended abruptly.
    JET_errRedoAbruptEnded: JET_ERR = -536;
    /// Error: no patch file in the backup set.
    JET_errPatchFileMissing: JET_ERR = -538;
    /// Error: database belongs to a different log set.
    JET_errDatabaseLogSetMismatch: JET_ERR = -539;
    /// Error: database streaming file mismatch.
    JET_errDatabaseStreamingFileMismatch: JET_ERR = -540;
    /// Error: existing log size ≠ `LogFileSize`, and the databases still need those logs.
    JET_errLogFileSizeMismatch: JET_ERR = -541;
    /// Error: no checkpoint file where one is required.
    JET_errCheckpointFileNotFound: JET_ERR = -542;
    /// Error: logs between the checkpoint and the end are missing.
    JET_errRequiredLogFilesMissing: JET_ERR = -543;
    /// Error: the file came from a backup set and was never restored or recovered.
    JET_errSoftRecoveryOnBackupDatabase: JET_ERR = -544;
    /// Error: recovery succeeded, but the existing logs are not of the configured size. Delete the
    /// logs and checkpoint, or set `CleanupMismatchedLogFiles`.
    JET_errLogFileSizeMismatchDatabasesConsistent: JET_ERR = -545;
    /// Error: log sector size mismatch.
    JET_errLogSectorSizeMismatch: JET_ERR = -546;
    /// Error: log sector size mismatch databases consistent.
    JET_errLogSectorSizeMismatchDatabasesConsistent: JET_ERR = -547;
    /// Error: same, after a clean recovery.
    JET_errLogSequenceEndDatabasesConsistent: JET_ERR = -548;
    /// Error: streaming data not logged.
    JET_errStreamingDataNotLogged: JET_ERR = -549;
    /// Error: database not shut down cleanly.
    JET_errDatabaseDirtyShutdown: JET_ERR = -550;
    /// Error: database inconsistent; the same value as `JET_errDatabaseDirtyShutdown`.
    JET_errDatabaseInconsistent: JET_ERR = JET_errDatabaseDirtyShutdown;
    /// Error: consistent time mismatch.
    JET_errConsistentTimeMismatch: JET_ERR = -551;
    /// Error: trailer/header mismatch.
    JET_errDatabasePatchFileMismatch: JET_ERR = -552;
    /// Error: restore's last log is lower than the database needs.
    JET_errEndingRestoreLogTooLow: JET_ERR = -553;
    /// Error: restore's first log is higher than the database needs.
    JET_errStartingRestoreLogTooHigh: JET_ERR = -554;
    /// Error: backup-set log has a different signature.
    JET_errGivenLogFileHasBadSignature: JET_ERR = -555;
    /// Error: backup-set logs are not contiguous.
    JET_errGivenLogFileIsNotContiguous: JET_ERR = -556;
    /// Error: some restore logs are missing.
    JET_errMissingRestoreLogFiles: JET_ERR = -557;
    /// Error: no earlier full backup before an incremental.
    JET_errMissingFullBackup: JET_ERR = -560;
    /// Error: backup database size is not a multiple of 4 KB.
    JET_errBadBackupDatabaseSize: JET_ERR = -561;
    /// Error: database already upgraded.
    JET_errDatabaseAlreadyUpgraded: JET_ERR = -562;
    /// Error: A format conversion was interrupted.
    JET_errDatabaseIncompleteUpgrade: JET_ERR = -563;
    /// Error: current logs missing for continuous restore.
    JET_errMissingCurrentLogFiles: JET_ERR = -565;
    /// Error: db time too old.
    JET_errDbTimeTooOld: JET_ERR = -566;
    /// Error: db time too new.
    JET_errDbTimeTooNew: JET_ERR = -567;
    /// Error: log or patch file missing during backup.
    JET_errMissingFileToBackup: JET_ERR = -569;
    /// Error: torn write in the backup set.
    JET_errLogTornWriteDuringHardRestore: JET_ERR = -570;
    /// Error: log torn write during hard recovery.
    JET_errLogTornWriteDuringHardRecovery: JET_ERR = -571;
    /// Error: corruption in the backup set.
    JET_errLogCorruptDuringHardRestore: JET_ERR = -573;
    /// Error: log corrupt during hard recovery.
    JET_errLogCorruptDuringHardRecovery: JET_ERR = -574;
    /// Error: must disable logging for db upgrade.
    JET_errMustDisableLoggingForDbUpgrade: JET_ERR = -575;
    /// Error: target instance not found, or its logs do not match.
    JET_errBadRestoreTargetInstance: JET_ERR = -577;
    /// Error: stopped before the undo phase (as requested).
    JET_errRecoveredWithoutUndo: JET_ERR = -579;
    /// Error: databases not from same snapshot.
    JET_errDatabasesNotFromSameSnapshot: JET_ERR = -580;
    /// Error: soft recovery on snapshot.
    JET_errSoftRecoveryOnSnapshot: JET_ERR = -581;
    /// Error: committed transactions' logs are gone. Consistency can still be reached with
    /// `JET_bitReplayIgnoreLostLogs`.
    JET_errCommittedLogFilesMissing: JET_ERR = -582;
    /// Error: disk sector size unsupported.
    JET_errSectorSizeNotSupported: JET_ERR = -583;
    /// Error: recovered without undo databases consistent.
    JET_errRecoveredWithoutUndoDatabasesConsistent: JET_ERR = -584;
    /// Error: same, corrupt instead of missing.
    JET_errCommittedLogFileCorrupt: JET_ERR = -586;
    /// Error: log sequence checksum mismatch.
    JET_errLogSequenceChecksumMismatch: JET_ERR = -590;
    /// Error: page initialized mismatch.
    JET_errPageInitializedMismatch: JET_ERR = -596;
    /// Error: unicode translation buffer too small.
    JET_errUnicodeTranslationBufferTooSmall: JET_ERR = -601;
    /// Error: normalization failed.
    JET_errUnicodeTranslationFail: JET_ERR = -602;
    /// Error: OS lacks Unicode normalization.
    JET_errUnicodeNormalizationNotSupported: JET_ERR = -603;
    /// Error: locale validation failed.
    JET_errUnicodeLanguageValidationFailure: JET_ERR = -604;
    /// Error: log in the log folder has the wrong signature.
    JET_errExistingLogFileHasBadSignature: JET_ERR = -610;
    /// Error: log in the log folder is not contiguous.
    JET_errExistingLogFileIsNotContiguous: JET_ERR = -611;
    /// Error: checksum error in a log file during backup.
    JET_errLogReadVerifyFailure: JET_ERR = -612;
    /// Error: too many log generations between checkpoint and log tip (`CheckpointTooDeep`).
    JET_errCheckpointDepthTooDeep: JET_ERR = -614;
    /// Error: hard restore of a database that is not a backup.
    JET_errRestoreOfNonBackupDatabase: JET_ERR = -615;
    /// Error: truncation without all required logs copied.
    JET_errLogFileNotCopied: JET_ERR = -616;
    /// Error: a surrogate backup is running.
    JET_errSurrogateBackupInProgress: JET_ERR = -617;
    /// Error: too many log generations since the transaction began.
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
    /// Error: backup aborted by JetStopBackup(Instance) or by JetTerm with StopBackup.
    JET_errBackupAbortByServer: JET_ERR = -801;
    /// Error: flags invalid or in conflict.
    JET_errInvalidGrbit: JET_ERR = -900;
    /// Error: termination in progress.
    JET_errTermInProgress: JET_ERR = -1000;
    /// Error: API not supported here.
    JET_errFeatureNotAvailable: JET_ERR = -1001;
    /// Error: name breaks the naming rules.
    JET_errInvalidName: JET_ERR = -1002;
    /// Error: bad argument.
    JET_errInvalidParameter: JET_ERR = -1003;
    /// Error: file is read-only but was attached read-write; also write maintenance on a read-only
    /// database.
    JET_errDatabaseFileReadOnly: JET_ERR = -1008;
    /// Error: invalid database id.
    JET_errInvalidDatabaseId: JET_ERR = -1010;
    /// Error: heap allocation failed.
    JET_errOutOfMemory: JET_ERR = -1011;
    /// Error: reached the size limit (cpgMax) or the format maximum.
    JET_errOutOfDatabaseSpace: JET_ERR = -1012;
    /// Error: `MaxCursors` exhausted.
    JET_errOutOfCursors: JET_ERR = -1013;
    /// Error: database page cache exhausted.
    JET_errOutOfBuffers: JET_ERR = -1014;
    /// Error: too many indexes on the table.
    JET_errTooManyIndexes: JET_ERR = -1015;
    /// Error: too many key columns.
    JET_errTooManyKeys: JET_ERR = -1016;
    /// Error: the record under the cursor (or bookmark) was deleted or is invisible to this
    /// snapshot.
    JET_errRecordDeleted: JET_ERR = -1017;
    /// Error: page checksum mismatch.
    JET_errReadVerifyFailure: JET_ERR = -1018;
    /// Error: blank page where data was expected.
    JET_errPageNotInitialized: JET_ERR = -1019;
    /// Error: out of OS handles.
    JET_errOutOfFileHandles: JET_ERR = -1020;
    /// Error: OS reported a CRC error.
    JET_errDiskReadVerificationFailure: JET_ERR = -1021;
    /// Error: disk I/O error.
    JET_errDiskIO: JET_ERR = -1022;
    /// Error: the path cannot be resolved, for example a missing folder.
    JET_errInvalidPath: JET_ERR = -1023;
    /// Error: invalid system path.
    JET_errInvalidSystemPath: JET_ERR = -1024;
    /// Error: invalid log directory.
    JET_errInvalidLogDirectory: JET_ERR = -1025;
    /// Error: record exceeds the record size limit.
    JET_errRecordTooBig: JET_ERR = -1026;
    /// Error: too many open databases.
    JET_errTooManyOpenDatabases: JET_ERR = -1027;
    /// Error: invalid database.
    JET_errInvalidDatabase: JET_ERR = -1028;
    /// Error: engine or instance not initialized.
    JET_errNotInitialized: JET_ERR = -1029;
    /// Error: already initialized, or the parameter is frozen.
    JET_errAlreadyInitialized: JET_ERR = -1030;
    /// Error: initialization in progress.
    JET_errInitInProgress: JET_ERR = -1031;
    /// Error: file locked or in use (usually by another process, or by another instance using the
    /// same log folder).
    JET_errFileAccessDenied: JET_ERR = -1032;
    /// Error: query not supported.
    JET_errQueryNotSupported: JET_ERR = -1034;
    /// Error: SQL link not supported.
    JET_errSQLLinkNotSupported: JET_ERR = -1035;
    /// Error: output buffer too small (where truncation is not allowed).
    JET_errBufferTooSmall: JET_ERR = -1038;
    /// Error: column id space exhausted (127 fixed, 128 variable, about 65k tagged).
    JET_errTooManyColumns: JET_ERR = -1040;
    /// Error: container not empty.
    JET_errContainerNotEmpty: JET_ERR = -1043;
    /// Error: bad file name.
    JET_errInvalidFilename: JET_ERR = -1044;
    /// Error: empty or malformed bookmark.
    JET_errInvalidBookmark: JET_ERR = -1045;
    /// Error: column is part of an index.
    JET_errColumnInUse: JET_ERR = -1046;
    /// Error: buffer size does not match the column.
    JET_errInvalidBufferSize: JET_ERR = -1047;
    /// Error: column not updatable.
    JET_errColumnNotUpdatable: JET_ERR = -1048;
    /// Error: index in use.
    JET_errIndexInUse: JET_ERR = -1051;
    /// Error: link not supported.
    JET_errLinkNotSupported: JET_ERR = -1052;
    /// Error: NULL key segment in a DisallowNull index.
    JET_errNullKeyDisallowed: JET_ERR = -1053;
    /// Error: operation needs a transaction.
    JET_errNotInTransaction: JET_ERR = -1054;
    /// Error: an unversioned operation failed; only rollback is allowed.
    JET_errMustRollback: JET_ERR = -1057;
    /// Error: too many active users.
    JET_errTooManyActiveUsers: JET_ERR = -1059;
    /// Error: invalid country.
    JET_errInvalidCountry: JET_ERR = -1061;
    /// Error: unknown locale.
    JET_errInvalidLanguageId: JET_ERR = -1062;
    /// Error: code page other than 0, 1252 or 1200.
    JET_errInvalidCodePage: JET_ERR = -1063;
    /// Error: unsupported normalization flags.
    JET_errInvalidLCMapStringFlags: JET_ERR = -1064;
    /// Error: one version record larger than a version page.
    JET_errVersionStoreEntryTooBig: JET_ERR = -1065;
    /// Error: same, and cleanup did not finish in time.
    JET_errVersionStoreOutOfMemoryAndCleanupTimedOut: JET_ERR = -1066;
    /// Error: version store full, cleanup already tried (usually a long transaction).
    JET_errVersionStoreOutOfMemory: JET_ERR = -1069;
    /// Error: currency stack out of memory.
    JET_errCurrencyStackOutOfMemory: JET_ERR = -1070;
    /// Error: cannot index an escrow column.
    JET_errCannotIndex: JET_ERR = -1071;
    /// Error: record not deleted.
    JET_errRecordNotDeleted: JET_ERR = -1072;
    /// Error: too many mempool entries.
    JET_errTooManyMempoolEntries: JET_ERR = -1073;
    /// Error: B-tree object ids exhausted.
    JET_errOutOfObjectIDs: JET_ERR = -1074;
    /// Error: LV id counter at its maximum (run offline defragmentation).
    JET_errOutOfLongValueIDs: JET_ERR = -1075;
    /// Error: autoincrement counter at its maximum (defragmentation does not help).
    JET_errOutOfAutoincrementValues: JET_ERR = -1076;
    /// Error: database timestamp exhausted.
    JET_errOutOfDbtimeValues: JET_ERR = -1077;
    /// Error: hidden sequential key exhausted (no primary index).
    JET_errOutOfSequentialIndexValues: JET_ERR = -1078;
    /// Error: the process committed to legacy single-instance mode.
    JET_errRunningInOneInstanceMode: JET_ERR = -1080;
    /// Error: the call needs an instance handle.
    JET_errRunningInMultiInstanceMode: JET_ERR = -1081;
    /// Error: global parameters already fixed.
    JET_errSystemParamsAlreadySet: JET_ERR = -1082;
    /// Error: another instance in this process uses the same system (checkpoint) path.
    JET_errSystemPathInUse: JET_ERR = -1083;
    /// Error: same, for the log path.
    JET_errLogFilePathInUse: JET_ERR = -1084;
    /// Error: same, for the temp database path.
    JET_errTempPathInUse: JET_ERR = -1085;
    /// Error: instance name (or two unnamed instances) already exists.
    JET_errInstanceNameInUse: JET_ERR = -1086;
    /// Error: global parameters were set to conflicting values.
    JET_errSystemParameterConflict: JET_ERR = -1087;
    /// Error: the instance hit a fatal error (I/O, log write) and is unusable until terminated.
    JET_errInstanceUnavailable: JET_ERR = -1090;
    /// Error: one database hit a fatal error.
    JET_errDatabaseUnavailable: JET_ERR = -1091;
    /// Error: same, caused by a full log disk during an operation that must not fail.
    JET_errInstanceUnavailableDueToFatalLogDiskFull: JET_ERR = -1092;
    /// Error: invalid sesparam id.
    JET_errInvalidSesparamId: JET_ERR = -1093;
    /// Error: count does not fit in 32 bits.
    JET_errTooManyRecords: JET_ERR = -1094;
    /// Error: invalid dbparam id.
    JET_errInvalidDbparamId: JET_ERR = -1095;
    /// Error: session pool (`MaxSessions`) exhausted.
    JET_errOutOfSessions: JET_ERR = -1101;
    /// Error: another session holds or has changed the record since your snapshot. Roll back and
    /// retry.
    JET_errWriteConflict: JET_ERR = -1102;
    /// Error: nesting beyond 7 levels.
    JET_errTransTooDeep: JET_ERR = -1103;
    /// Error: bad or closed session handle.
    JET_errInvalidSesid: JET_ERR = -1104;
    /// Error: update attempted while an uncommitted primary index is being created.
    JET_errWriteConflictPrimaryIndex: JET_ERR = -1105;
    /// Error: operation not allowed inside a transaction.
    JET_errInTransaction: JET_ERR = -1108;
    /// Error: must roll back before committing or beginning.
    JET_errRollbackRequired: JET_ERR = -1109;
    /// Error: write attempted in a read-only transaction.
    JET_errTransReadOnly: JET_ERR = -1110;
    /// Error: same record prepared for replace through two cursors of one session.
    JET_errSessionWriteConflict: JET_ERR = -1111;
    /// Error: record would not fit in the ESE97 format.
    JET_errRecordTooBigForBackwardCompatibility: JET_ERR = -1112;
    /// Error: cannot materialize forward only sort.
    JET_errCannotMaterializeForwardOnlySort: JET_ERR = -1113;
    /// Error: cursor used with a session other than its owner.
    JET_errSesidTableIdMismatch: JET_ERR = -1114;
    /// Error: bad or stale instance handle.
    JET_errInvalidInstance: JET_ERR = -1115;
    /// Error: terminated, but the databases were deliberately left dirty.
    JET_errDirtyShutdown: JET_ERR = -1116;
    /// Error: page read has the wrong page number.
    JET_errReadPgnoVerifyFailure: JET_ERR = -1118;
    /// Error: detected lost flush.
    JET_errReadLostFlushVerifyFailure: JET_ERR = -1119;
    /// Error: file system corruption.
    JET_errFileSystemCorruption: JET_ERR = -1121;
    /// Error: recovery verify failure.
    JET_errRecoveryVerifyFailure: JET_ERR = -1123;
    /// Error: A cursor filter is active and the call cannot honour it.
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
    /// Error: file or database already exists or is attached.
    JET_errDatabaseDuplicate: JET_ERR = -1201;
    /// Error: database open by a session (or exclusive use refused).
    JET_errDatabaseInUse: JET_ERR = -1202;
    /// Error: database not attached to this instance.
    JET_errDatabaseNotFound: JET_ERR = -1203;
    /// Error: invalid name.
    JET_errDatabaseInvalidName: JET_ERR = -1204;
    /// Error: invalid page count.
    JET_errDatabaseInvalidPages: JET_ERR = -1205;
    /// Error: not a database, or corrupt.
    JET_errDatabaseCorrupted: JET_ERR = -1206;
    /// Error: another session has it open exclusively.
    JET_errDatabaseLocked: JET_ERR = -1207;
    /// Error: cannot disable versioning.
    JET_errCannotDisableVersioning: JET_ERR = -1208;
    /// Error: the file format is newer than this engine.
    JET_errInvalidDatabaseVersion: JET_ERR = -1209;
    /// Error: database 200 format.
    JET_errDatabase200Format: JET_ERR = -1210;
    /// Error: database 400 format.
    JET_errDatabase400Format: JET_ERR = -1211;
    /// Error: database 500 format.
    JET_errDatabase500Format: JET_ERR = -1212;
    /// Error: the database (or log) page size differs from `JET_paramDatabasePageSize`.
    JET_errPageSizeMismatch: JET_ERR = -1213;
    /// Error: more than `MaxInstances` (default 16).
    JET_errTooManyInstances: JET_ERR = -1214;
    /// Error: attached to another instance in this process.
    JET_errDatabaseSharingViolation: JET_ERR = -1215;
    /// Error: at recovery start or end, a database in the logs is missing or does not match.
    JET_errAttachedDatabaseMismatch: JET_ERR = -1216;
    /// Error: illegal path.
    JET_errDatabaseInvalidPath: JET_ERR = -1217;
    /// Error: internal dbid conflict.
    JET_errDatabaseIdInUse: JET_ERR = -1218;
    /// Error: force detach not allowed.
    JET_errForceDetachNotAllowed: JET_ERR = -1219;
    /// Error: catalog corrupt.
    JET_errCatalogCorrupted: JET_ERR = -1220;
    /// Error: A previous attach did not complete.
    JET_errPartiallyAttachedDB: JET_ERR = -1221;
    /// Error: A database with the same signature (a copy) is attached.
    JET_errDatabaseSignInUse: JET_ERR = -1222;
    /// Error: corrupt and repair not allowed.
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
    /// Error: database attached only for recovery.
    JET_errDatabaseAttachedForRecovery: JET_ERR = -1231;
    /// Error: transactions not ready during recovery.
    JET_errTransactionsNotReadyDuringRecovery: JET_ERR = -1232;
    /// Error: another session opened the table deny-read (or deny-write while you write).
    JET_errTableLocked: JET_ERR = -1302;
    /// Error: table name exists.
    JET_errTableDuplicate: JET_ERR = -1303;
    /// Error: cannot get exclusive use while others have it open.
    JET_errTableInUse: JET_ERR = -1304;
    /// Error: no such table or object.
    JET_errObjectNotFound: JET_ERR = -1305;
    /// Error: density outside 20–100.
    JET_errDensityInvalid: JET_ERR = -1307;
    /// Error: operation needs an empty table.
    JET_errTableNotEmpty: JET_ERR = -1308;
    /// Error: bad or closed cursor handle.
    JET_errInvalidTableId: JET_ERR = -1310;
    /// Error: `MaxOpenTables` exhausted (cleanup already tried).
    JET_errTooManyOpenTables: JET_ERR = -1311;
    /// Error: operation not supported on this table type.
    JET_errIllegalOperation: JET_ERR = -1312;
    /// Error: same, cleanup timed out.
    JET_errTooManyOpenTablesAndCleanupTimedOut: JET_ERR = -1313;
    /// Error: name already used by another object.
    JET_errObjectDuplicate: JET_ERR = -1314;
    /// Error: invalid object.
    JET_errInvalidObject: JET_ERR = -1316;
    /// Error: use JetCloseTable instead.
    JET_errCannotDeleteTempTable: JET_ERR = -1317;
    /// Error: system tables are protected.
    JET_errCannotDeleteSystemTable: JET_ERR = -1318;
    /// Error: template tables are protected.
    JET_errCannotDeleteTemplateTable: JET_ERR = -1319;
    /// Error: needs an exclusive (deny-read) cursor.
    JET_errExclusiveTableLockRequired: JET_ERR = -1322;
    /// Error: table created with FixedDDL.
    JET_errFixedDDL: JET_ERR = -1323;
    /// Error: fixed inherited DDL.
    JET_errFixedInheritedDDL: JET_ERR = -1324;
    /// Error: cannot nest DDL.
    JET_errCannotNestDDL: JET_ERR = -1325;
    /// Error: DDL not inheritable.
    JET_errDDLNotInheritable: JET_ERR = -1326;
    /// Error: inconsistent parameter settings.
    JET_errInvalidSettings: JET_ERR = -1328;
    /// Error: the client called JetStopService.
    JET_errClientRequestToStopJetService: JET_ERR = -1329;
    /// Error: cannot add fixed var column to derived table.
    JET_errCannotAddFixedVarColumnToDerivedTable: JET_ERR = -1330;
    /// Error: index build failed.
    JET_errIndexCantBuild: JET_ERR = -1401;
    /// Error: primary index already defined.
    JET_errIndexHasPrimary: JET_ERR = -1402;
    /// Error: index name exists.
    JET_errIndexDuplicate: JET_ERR = -1403;
    /// Error: no such index.
    JET_errIndexNotFound: JET_ERR = -1404;
    /// Error: cannot delete the primary (clustered) index.
    JET_errIndexMustStay: JET_ERR = -1405;
    /// Error: bad key string (first character not + or -, no double NUL, more than 16 columns,
    /// trailing data), bad cbKeyMost or cbVarSegMac, primary index with conditions.
    JET_errIndexInvalidDef: JET_ERR = -1406;
    /// Error: bad index-create structure.
    JET_errInvalidCreateIndex: JET_ERR = -1409;
    /// Error: out of index descriptors.
    JET_errTooManyOpenIndexes: JET_ERR = -1410;
    /// Error: A unique multi-valued index would get the same key from two records.
    JET_errMultiValuedIndexViolation: JET_ERR = -1411;
    /// Error: index build corrupted.
    JET_errIndexBuildCorrupted: JET_ERR = -1412;
    /// Error: primary index bad, or built with an out-of-date Unicode sort order.
    JET_errPrimaryIndexCorrupted: JET_ERR = -1413;
    /// Error: same for a secondary index. Often a sort-order change after an OS upgrade.
    JET_errSecondaryIndexCorrupted: JET_ERR = -1414;
    /// Error: bad JET_INDEXID hint.
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
    /// Error: index tuples text columns only; the same value as
    /// `JET_errIndexTuplesTextBinaryColumnsOnly`.
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
    /// Error: encrypted on a non-long, multi-valued or defaulted column.
    JET_errColumnCannotBeEncrypted: JET_ERR = -1439;
    /// Error: cannot index on encrypted column.
    JET_errCannotIndexOnEncryptedColumn: JET_ERR = -1440;
    /// Error: column long.
    JET_errColumnLong: JET_ERR = -1501;
    /// Error: ibLongValue beyond the end of the long value.
    JET_errColumnNoChunk: JET_ERR = -1502;
    /// Error: value does not fit in the record.
    JET_errColumnDoesNotFit: JET_ERR = -1503;
    /// Error: null invalid.
    JET_errNullInvalid: JET_ERR = -1504;
    /// Error: column indexed.
    JET_errColumnIndexed: JET_ERR = -1505;
    /// Error: value longer than cbMax for a tagged or long column.
    JET_errColumnTooBig: JET_ERR = -1506;
    /// Error: no such column.
    JET_errColumnNotFound: JET_ERR = -1507;
    /// Error: column name exists.
    JET_errColumnDuplicate: JET_ERR = -1508;
    /// Error: multiValued without Tagged (and not a long type).
    JET_errMultiValuedColumnMustBeTagged: JET_ERR = -1509;
    /// Error: second autoincrement or version column.
    JET_errColumnRedundant: JET_ERR = -1510;
    /// Error: bad coltyp (0, ≥ 19, SLV); also setting the autoinc column, or the version column
    /// during a replace.
    JET_errInvalidColumnType: JET_ERR = -1511;
    /// Error: tagged not NULL.
    JET_errTaggedNotNULL: JET_ERR = -1514;
    /// Error: operation needs a current index.
    JET_errNoCurrentIndex: JET_ERR = -1515;
    /// Error: key already complete (all segments supplied, or a limit flag used).
    JET_errKeyIsMade: JET_ERR = -1516;
    /// Error: malformed columnid.
    JET_errBadColumnId: JET_ERR = -1517;
    /// Error: illegal itagSequence for the call.
    JET_errBadItagSequence: JET_ERR = -1518;
    /// Error: column in relationship.
    JET_errColumnInRelationship: JET_ERR = -1519;
    /// Error: autoincrement, Version or Escrow combined with Tagged.
    JET_errCannotBeTagged: JET_ERR = -1521;
    /// Error: default longer than cbMax (or than 255 for long types).
    JET_errDefaultValueTooBig: JET_ERR = -1524;
    /// Error: duplicate value with SetUniqueMultiValues.
    JET_errMultiValuedDuplicate: JET_ERR = -1525;
    /// Error: long-value tree corrupt.
    JET_errLVCorrupted: JET_ERR = -1526;
    /// Error: duplicate after normalization and truncation.
    JET_errMultiValuedDuplicateAfterTruncation: JET_ERR = -1528;
    /// Error: derived column corruption.
    JET_errDerivedColumnCorruption: JET_ERR = -1529;
    /// Error: invalid placeholder column.
    JET_errInvalidPlaceholderColumn: JET_ERR = -1530;
    /// Error: compressed on a non-long type.
    JET_errColumnCannotBeCompressed: JET_ERR = -1538;
    /// Error: column no encryption key.
    JET_errColumnNoEncryptionKey: JET_ERR = -1540;
    /// Error: no index entry satisfies the seek.
    JET_errRecordNotFound: JET_ERR = -1601;
    /// Error: record no copy.
    JET_errRecordNoCopy: JET_ERR = -1602;
    /// Error: cursor not on a record (before first, after last, empty table, outside the index
    /// range).
    JET_errNoCurrentRecord: JET_ERR = -1603;
    /// Error: A replace changed primary key columns (use InsertCopyDeleteOriginal).
    JET_errRecordPrimaryChanged: JET_ERR = -1604;
    /// Error: unique constraint violated (primary or unique secondary), or InsertCopy without
    /// changing the key.
    JET_errKeyDuplicate: JET_ERR = -1605;
    /// Error: prepareUpdate while an update is already prepared.
    JET_errAlreadyPrepared: JET_ERR = -1607;
    /// Error: no search key prepared.
    JET_errKeyNotMade: JET_ERR = -1608;
    /// Error: setColumn or Update without PrepareUpdate.
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
    /// Error: explicit autoinc value above the allowed counter.
    JET_errSetAutoIncrementTooHigh: JET_ERR = -1624;
    /// Error: insertMustSetAutoIncrement without a value.
    JET_errAutoIncrementNotSet: JET_ERR = -1625;
    /// Error: too many sorts or temp tables, or temp tables disabled (`MaxTemporaryTables` = 0).
    JET_errTooManySorts: JET_ERR = -1701;
    /// Error: operation not valid on a sort, for example insert after the first move.
    JET_errInvalidOnSort: JET_ERR = -1702;
    /// Error: temp database cannot be opened.
    JET_errTempFileOpenError: JET_ERR = -1803;
    /// Error: more than 6 user databases.
    JET_errTooManyAttachedDatabases: JET_ERR = -1805;
    /// Error: no space left on the database disk.
    JET_errDiskFull: JET_ERR = -1808;
    /// Error: writes through a read-only cursor or database.
    JET_errPermissionDenied: JET_ERR = -1809;
    /// Error: file does not exist.
    JET_errFileNotFound: JET_ERR = -1811;
    /// Error: wrong kind of file.
    JET_errFileInvalidType: JET_ERR = -1812;
    /// Error: file exists.
    JET_errFileAlreadyExists: JET_ERR = -1814;
    /// Error: cannot restore after init.
    JET_errAfterInitialization: JET_ERR = -1850;
    /// Error: logs could not be interpreted.
    JET_errLogCorrupted: JET_ERR = -1852;
    /// Error: invalid in the current state.
    JET_errInvalidOperation: JET_ERR = -1906;
    /// Error: access denied.
    JET_errAccessDenied: JET_ERR = -1907;
    /// Error: too many splits.
    JET_errTooManySplits: JET_ERR = -1909;
    /// Error: session used concurrently by two threads, or moved to another thread in the middle of
    /// a transaction.
    JET_errSessionSharingViolation: JET_ERR = -1910;
    /// Error: entry point not found.
    JET_errEntryPointNotFound: JET_ERR = -1911;
    /// Error: context already bound.
    JET_errSessionContextAlreadySet: JET_ERR = -1912;
    /// Error: wrong thread resetting the context.
    JET_errSessionContextNotSetByThisThread: JET_ERR = -1913;
    /// Error: ending a session that is still inside an API call.
    JET_errSessionInUse: JET_ERR = -1914;
    /// Error: record format conversion failed.
    JET_errRecordFormatConversionFailed: JET_ERR = -1915;
    /// Error: session already has a database open and `OneDatabasePerSession` is set.
    JET_errOneDatabasePerSession: JET_ERR = -1916;
    /// Error: rollback itself failed.
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
    /// Error: a callback failed.
    JET_errCallbackFailed: JET_ERR = -2101;
    /// Error: callback not resolved.
    JET_errCallbackNotResolved: JET_ERR = -2102;
    /// Error: space hints invalid.
    JET_errSpaceHintsInvalid: JET_ERR = -2103;
    /// Error: OS snapshot API used out of sequence.
    JET_errOSSnapshotInvalidSequence: JET_ERR = -2401;
    /// Error: freeze timed out.
    JET_errOSSnapshotTimeOut: JET_ERR = -2402;
    /// Error: snapshot not allowed (backup or recovery in progress).
    JET_errOSSnapshotNotAllowed: JET_ERR = -2403;
    /// Error: invalid JET_OSSNAPID.
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
    /// Warning: not implemented. A negative "warning".
    JET_wrnNyi: JET_ERR = -1;
    /// Warning: version store still has entries.
    JET_wrnRemainingVersions: JET_ERR = 321;
    /// Warning: seekEQ with CheckUniqueness found exactly one match.
    JET_wrnUniqueKey: JET_ERR = 345;
    /// Warning: column is stored separately (long value).
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
    /// Warning: restore done; the target instance is running.
    JET_wrnTargetInstanceRunning: JET_ERR = 578;
    /// Warning: committed log files lost.
    JET_wrnCommittedLogFilesLost: JET_ERR = 585;
    /// Warning: committed log files removed.
    JET_wrnCommittedLogFilesRemoved: JET_ERR = 587;
    /// Warning: finish with undo.
    JET_wrnFinishWithUndo: JET_ERR = 588;
    /// Warning: corruption repaired.
    JET_wrnDatabaseRepaired: JET_ERR = 595;
    /// Warning: value is NULL (cbActual = 0).
    JET_wrnColumnNull: JET_ERR = 1004;
    /// Warning: output buffer too small. cbActual holds the full size.
    JET_wrnBufferTruncated: JET_ERR = 1006;
    /// Warning: database already attached; success otherwise.
    JET_wrnDatabaseAttached: JET_ERR = 1007;
    /// Warning: temp table spilled to disk.
    JET_wrnSortOverflow: JET_ERR = 1009;
    /// Warning: seek not equal.
    JET_wrnSeekNotEqual: JET_ERR = 1039;
    /// Warning: no extended error info.
    JET_wrnNoErrorInfo: JET_ERR = 1055;
    /// Warning: nothing to do.
    JET_wrnNoIdleActivity: JET_ERR = 1058;
    /// Warning: no write lock at level 0.
    JET_wrnNoWriteLock: JET_ERR = 1067;
    /// Warning: column set to NULL.
    JET_wrnColumnSetNull: JET_ERR = 1068;
    /// Warning: shrink not possible.
    JET_wrnShrinkNotPossible: JET_ERR = 1122;
    /// Warning: DTC commit transaction.
    JET_wrnDTCCommitTransaction: JET_ERR = 1163;
    /// Warning: DTC rollback transaction.
    JET_wrnDTCRollbackTransaction: JET_ERR = 1164;
    /// Warning: opened an empty table.
    JET_wrnTableEmpty: JET_ERR = 1301;
    /// Warning: A system cleanup cursor has the table open.
    JET_wrnTableInUseBySystem: JET_ERR = 1327;
    /// Warning: out-of-date indexes were deleted.
    JET_wrnCorruptIndexDeleted: JET_ERR = 1415;
    /// Warning: primary index out of date.
    JET_wrnPrimaryIndexOutOfDate: JET_ERR = 1417;
    /// Warning: secondary index out of date.
    JET_wrnSecondaryIndexOutOfDate: JET_ERR = 1418;
    /// Warning: cbMax clipped to 255 (AddColumn), or a variable column value truncated to cbMax
    /// (SetColumn).
    JET_wrnColumnMaxTruncated: JET_ERR = 1512;
    /// Warning: single-instance long value copied.
    JET_wrnCopyLongValue: JET_ERR = 1520;
    /// Warning: tagged-column list buffer ran out.
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
    /// Warning: data changed.
    JET_wrnDataHasChanged: JET_ERR = 1610;
    /// Warning: moved to a new key.
    JET_wrnKeyChanged: JET_ERR = 1618;
    /// Warning: the database is attached read-only, so this handle is read-only.
    JET_wrnFileOpenReadOnly: JET_ERR = 1813;
    /// Warning: idle queue full.
    JET_wrnIdleFull: JET_ERR = 1908;
    /// Warning: defrag already running.
    JET_wrnDefragAlreadyRunning: JET_ERR = 2000;
    /// Warning: defrag not running.
    JET_wrnDefragNotRunning: JET_ERR = 2001;
    /// Warning: database scan already running.
    JET_wrnDatabaseScanAlreadyRunning: JET_ERR = 2002;
    /// Warning: database scan not running.
    JET_wrnDatabaseScanNotRunning: JET_ERR = 2003;
    /// Warning: unregistering an unknown callback.
    JET_wrnCallbackNotRegistered: JET_ERR = 2100;
    /// Warning: previous log file incomplete.
    JET_wrnPreviousLogFileIncomplete: JET_ERR = 2602;
}
