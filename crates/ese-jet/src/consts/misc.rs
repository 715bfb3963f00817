//! Column, callback and object types, update kinds, move counts, operators, database states,
//! file types, info levels, limits and nil handles.

#![allow(non_upper_case_globals)]

use crate::types::{
    JET_CBTYP, JET_COLTYP, JET_COLUMNID, JET_DBID, JET_INSTANCE, JET_LS, JET_OBJTYP, JET_RELOP,
    JET_SESID, JET_SNP, JET_SNT, JET_TABLEID,
};

jet_consts! {
    // Column types (`JET_COLTYP`).
    /// Column type: nil.
    JET_coltypNil: JET_COLTYP = 0;
    /// Column type: bit.
    JET_coltypBit: JET_COLTYP = 1;
    /// Column type: unsigned byte.
    JET_coltypUnsignedByte: JET_COLTYP = 2;
    /// Column type: short.
    JET_coltypShort: JET_COLTYP = 3;
    /// Column type: long.
    JET_coltypLong: JET_COLTYP = 4;
    /// Column type: currency.
    JET_coltypCurrency: JET_COLTYP = 5;
    /// Column type: IEEE single.
    JET_coltypIEEESingle: JET_COLTYP = 6;
    /// Column type: IEEE double.
    JET_coltypIEEEDouble: JET_COLTYP = 7;
    /// Column type: date time.
    JET_coltypDateTime: JET_COLTYP = 8;
    /// Column type: binary.
    JET_coltypBinary: JET_COLTYP = 9;
    /// Column type: text.
    JET_coltypText: JET_COLTYP = 10;
    /// Column type: long binary.
    JET_coltypLongBinary: JET_COLTYP = 11;
    /// Column type: long text.
    JET_coltypLongText: JET_COLTYP = 12;
    /// Column type: max.
    JET_coltypMax: JET_COLTYP = 19;
    /// Column type: SLV.
    JET_coltypSLV: JET_COLTYP = 13;
    /// Column type: unsigned long.
    JET_coltypUnsignedLong: JET_COLTYP = 14;
    /// Column type: long long.
    JET_coltypLongLong: JET_COLTYP = 15;
    /// Column type: GUID.
    JET_coltypGUID: JET_COLTYP = 16;
    /// Column type: unsigned short.
    JET_coltypUnsignedShort: JET_COLTYP = 17;
    /// Column type: unsigned long long.
    JET_coltypUnsignedLongLong: JET_COLTYP = 18;

    // Callback types (`JET_CBTYP`).
    /// Callback type: null.
    JET_cbtypNull: JET_CBTYP = 0x00000000;
    /// Callback type: finalize.
    JET_cbtypFinalize: JET_CBTYP = 0x00000001;
    /// Callback type: before insert.
    JET_cbtypBeforeInsert: JET_CBTYP = 0x00000002;
    /// Callback type: after insert.
    JET_cbtypAfterInsert: JET_CBTYP = 0x00000004;
    /// Callback type: before replace.
    JET_cbtypBeforeReplace: JET_CBTYP = 0x00000008;
    /// Callback type: after replace.
    JET_cbtypAfterReplace: JET_CBTYP = 0x00000010;
    /// Callback type: before delete.
    JET_cbtypBeforeDelete: JET_CBTYP = 0x00000020;
    /// Callback type: after delete.
    JET_cbtypAfterDelete: JET_CBTYP = 0x00000040;
    /// Callback type: user defined default value.
    JET_cbtypUserDefinedDefaultValue: JET_CBTYP = 0x00000080;
    /// Callback type: online defrag completed.
    JET_cbtypOnlineDefragCompleted: JET_CBTYP = 0x00000100;
    /// Callback type: free cursor LS.
    JET_cbtypFreeCursorLS: JET_CBTYP = 0x00000200;
    /// Callback type: free table LS.
    JET_cbtypFreeTableLS: JET_CBTYP = 0x00000400;
    /// Callback type: scan progress.
    JET_cbtypScanProgress: JET_CBTYP = 0x00004000;
    /// Callback type: scan completed.
    JET_cbtypScanCompleted: JET_CBTYP = 0x00008000;
    /// Callback type: DTC query prepared transaction.
    JET_cbtypDTCQueryPreparedTransaction: JET_CBTYP = 0x00001000;
    /// Callback type: online defrag progress.
    JET_cbtypOnlineDefragProgress: JET_CBTYP = 0x00002000;
    /// Callback type: old 2 action.
    JET_cbtypOld2Action: JET_CBTYP = 0x00004000;
    /// Callback type: index deferred populate throttle.
    JET_cbtypIndexDeferredPopulateThrottle: JET_CBTYP = 0x00008000;

    // Object types (`JET_OBJTYP`).
    /// Object type: nil.
    JET_objtypNil: JET_OBJTYP = 0;
    /// Object type: table.
    JET_objtypTable: JET_OBJTYP = 1;
    /// Object type: db.
    JET_objtypDb: JET_OBJTYP = 2;
    /// Object type: container.
    JET_objtypContainer: JET_OBJTYP = 3;
    /// Object type: long root.
    JET_objtypLongRoot: JET_OBJTYP = 9;

    // Status notification processes (`JET_SNP`).
    /// Status notification process: repair.
    JET_snpRepair: JET_SNP = 2;
    /// Status notification process: compact.
    JET_snpCompact: JET_SNP = 4;
    /// Status notification process: restore.
    JET_snpRestore: JET_SNP = 8;
    /// Status notification process: backup.
    JET_snpBackup: JET_SNP = 9;
    /// Status notification process: upgrade.
    JET_snpUpgrade: JET_SNP = 10;
    /// Status notification process: scrub.
    JET_snpScrub: JET_SNP = 11;
    /// Status notification process: upgrade record format.
    JET_snpUpgradeRecordFormat: JET_SNP = 12;
    /// Status notification process: recovery control.
    JET_snpRecoveryControl: JET_SNP = 18;
    /// Status notification process: external auto healing.
    JET_snpExternalAutoHealing: JET_SNP = 19;
    /// Status notification process: space categorization.
    JET_snpSpaceCategorization: JET_SNP = 20;

    // Status notification types (`JET_SNT`).
    /// Status notification type: begin.
    JET_sntBegin: JET_SNT = 5;
    /// Status notification type: requirements.
    JET_sntRequirements: JET_SNT = 7;
    /// Status notification type: progress.
    JET_sntProgress: JET_SNT = 0;
    /// Status notification type: complete.
    JET_sntComplete: JET_SNT = 6;
    /// Status notification type: fail.
    JET_sntFail: JET_SNT = 3;
    /// Status notification type: open log.
    JET_sntOpenLog: JET_SNT = 1001;
    /// Status notification type: open checkpoint.
    JET_sntOpenCheckpoint: JET_SNT = 1002;
    /// Status notification type: missing log.
    JET_sntMissingLog: JET_SNT = 1004;
    /// Status notification type: begin undo.
    JET_sntBeginUndo: JET_SNT = 1005;
    /// Status notification type: notification event.
    JET_sntNotificationEvent: JET_SNT = 1006;
    /// Status notification type: signal error condition.
    JET_sntSignalErrorCondition: JET_SNT = 1007;
    /// Status notification type: attached db.
    JET_sntAttachedDb: JET_SNT = 1008;
    /// Status notification type: detaching db.
    JET_sntDetachingDb: JET_SNT = 1009;
    /// Status notification type: commit ctx.
    JET_sntCommitCtx: JET_SNT = 1010;
    /// Status notification type: page patch request.
    JET_sntPagePatchRequest: JET_SNT = 1101;
    /// Status notification type: corrupted page.
    JET_sntCorruptedPage: JET_SNT = 1102;

    // Update kinds for `JetPrepareUpdate`.
    /// `JetPrepareUpdate` option: insert.
    JET_prepInsert: u32 = 0;
    /// `JetPrepareUpdate` option: replace.
    JET_prepReplace: u32 = 2;
    /// `JetPrepareUpdate` option: cancel.
    JET_prepCancel: u32 = 3;
    /// `JetPrepareUpdate` option: replace no lock.
    JET_prepReplaceNoLock: u32 = 4;
    /// `JetPrepareUpdate` option: insert copy.
    JET_prepInsertCopy: u32 = 5;
    /// `JetPrepareUpdate` option: insert copy delete original.
    JET_prepInsertCopyDeleteOriginal: u32 = 7;
    /// `JetPrepareUpdate` option: read only copy.
    JET_prepReadOnlyCopy: u32 = 8;
    /// `JetPrepareUpdate` option: insert copy replace original.
    JET_prepInsertCopyReplaceOriginal: u32 = 9;
    /// `JetPrepareUpdate` option: insert must set auto increment.
    JET_prepInsertMustSetAutoIncrement: u32 = 10;

    // Row counts for `JetMove` (any other value moves that many rows).
    /// `JetMove` row count: first.
    JET_MoveFirst: i32 = i32::MIN;
    /// `JetMove` row count: previous.
    JET_MovePrevious: i32 = -1;
    /// `JetMove` row count: next.
    JET_MoveNext: i32 = 1;
    /// `JetMove` row count: last.
    JET_MoveLast: i32 = 0x7fffffff;

    // Relational operators (`JET_RELOP`); an enum in esent.h.
    /// Relational operator: equals.
    JET_relopEquals: JET_RELOP = 0;
    /// Relational operator: prefix equals.
    JET_relopPrefixEquals: JET_RELOP = 1;
    /// Relational operator: not equals.
    JET_relopNotEquals: JET_RELOP = 2;
    /// Relational operator: less than or equal.
    JET_relopLessThanOrEqual: JET_RELOP = 3;
    /// Relational operator: less than.
    JET_relopLessThan: JET_RELOP = 4;
    /// Relational operator: greater than or equal.
    JET_relopGreaterThanOrEqual: JET_RELOP = 5;
    /// Relational operator: greater than.
    JET_relopGreaterThan: JET_RELOP = 6;
    /// Relational operator: bitmask equals zero.
    JET_relopBitmaskEqualsZero: JET_RELOP = 7;
    /// Relational operator: bitmask not equals zero.
    JET_relopBitmaskNotEqualsZero: JET_RELOP = 8;

    // Database states (`JET_DBINFOMISC.dbstate`).
    /// Database state: just created.
    JET_dbstateJustCreated: u32 = 1;
    /// Database state: dirty shutdown.
    JET_dbstateDirtyShutdown: u32 = 2;
    /// Database state: clean shutdown.
    JET_dbstateCleanShutdown: u32 = 3;
    /// Database state: being converted.
    JET_dbstateBeingConverted: u32 = 4;
    /// Database state: force detach.
    JET_dbstateForceDetach: u32 = 5;
    /// Database state: incremental reseed in progress.
    JET_dbstateIncrementalReseedInProgress: u32 = 6;
    /// Database state: dirty and patched shutdown.
    JET_dbstateDirtyAndPatchedShutdown: u32 = 7;
    /// Database state: revert in progress.
    JET_dbstateRevertInProgress: u32 = 8;

    // Revert snapshot states.
    /// Revert snapshot state: none.
    JET_revertstateNone: u32 = 0;
    /// Revert snapshot state: in progress.
    JET_revertstateInProgress: u32 = 1;
    /// Revert snapshot state: coping logs.
    JET_revertstateCopingLogs: u32 = 2;
    /// Revert snapshot state: backup snapshot.
    JET_revertstateBackupSnapshot: u32 = 3;
    /// Revert snapshot state: remove snapshot.
    JET_revertstateRemoveSnapshot: u32 = 4;
    /// Revert snapshot state: capture root page records.
    JET_revertstateCaptureRootPageRecords: u32 = 5;
    /// Revert snapshot state: apply root page records.
    JET_revertstateApplyRootPageRecords: u32 = 6;

    // Reasons a log is opened (status callbacks during recovery).
    /// Log open reason: for recovery checking and patching.
    JET_OpenLogForRecoveryCheckingAndPatching: u32 = 1;
    /// Log open reason: for redo.
    JET_OpenLogForRedo: u32 = 2;
    /// Log open reason: for undo.
    JET_OpenLogForUndo: u32 = 3;
    /// Log open reason: for do.
    JET_OpenLogForDo: u32 = 4;

    // What recovery does about a missing log (status callbacks).
    /// Missing-log policy: must fail.
    JET_MissingLogMustFail: u32 = 1;
    /// Missing-log policy: continue to redo.
    JET_MissingLogContinueToRedo: u32 = 2;
    /// Missing-log policy: continue try current log.
    JET_MissingLogContinueTryCurrentLog: u32 = 3;
    /// Missing-log policy: continue to undo.
    JET_MissingLogContinueToUndo: u32 = 4;
    /// Missing-log policy: create new log stream.
    JET_MissingLogCreateNewLogStream: u32 = 5;

    // File types (`JET_DbInfoFileType`).
    /// File type: unknown.
    JET_filetypeUnknown: u32 = 0;
    /// File type: database.
    JET_filetypeDatabase: u32 = 1;
    /// File type: streaming file.
    JET_filetypeStreamingFile: u32 = 2;
    /// File type: log.
    JET_filetypeLog: u32 = 3;
    /// File type: checkpoint.
    JET_filetypeCheckpoint: u32 = 4;
    /// File type: temp database.
    JET_filetypeTempDatabase: u32 = 5;
    /// File type: FTL.
    JET_filetypeFTL: u32 = 6;
    /// File type: flush map.
    JET_filetypeFlushMap: u32 = 7;
    /// File type: cached file.
    JET_filetypeCachedFile: u32 = 8;
    /// File type: caching file.
    JET_filetypeCachingFile: u32 = 9;
    /// File type: snapshot.
    JET_filetypeSnapshot: u32 = 10;
    /// File type: RBS revert checkpoint.
    JET_filetypeRBSRevertCheckpoint: u32 = 11;
    /// File type: max.
    JET_filetypeMax: u32 = 12;

    // Info levels of `JetGetDatabaseInfo` and `JetGetDatabaseFileInfo`.
    /// Database info level: filename.
    JET_DbInfoFilename: u32 = 0;
    /// Database info level: connect.
    JET_DbInfoConnect: u32 = 1;
    /// Database info level: country.
    JET_DbInfoCountry: u32 = 2;
    /// Database info level: LCID.
    JET_DbInfoLCID: u32 = 3;
    /// Database info level: langid.
    JET_DbInfoLangid: u32 = 3;
    /// Database info level: cp.
    JET_DbInfoCp: u32 = 4;
    /// Database info level: collate.
    JET_DbInfoCollate: u32 = 5;
    /// Database info level: options.
    JET_DbInfoOptions: u32 = 6;
    /// Database info level: transactions.
    JET_DbInfoTransactions: u32 = 7;
    /// Database info level: version.
    JET_DbInfoVersion: u32 = 8;
    /// Database info level: isam.
    JET_DbInfoIsam: u32 = 9;
    /// Database info level: filesize.
    JET_DbInfoFilesize: u32 = 10;
    /// Database info level: space owned.
    JET_DbInfoSpaceOwned: u32 = 11;
    /// Database info level: space available.
    JET_DbInfoSpaceAvailable: u32 = 12;
    /// Database info level: upgrade.
    JET_DbInfoUpgrade: u32 = 13;
    /// Database info level: misc.
    JET_DbInfoMisc: u32 = 14;
    /// Database info level: DB in use.
    JET_DbInfoDBInUse: u32 = 15;
    /// Database info level: has SLV file obsolete.
    JET_DbInfoHasSLVFile_Obsolete: u32 = 16;
    /// Database info level: page size.
    JET_DbInfoPageSize: u32 = 17;
    /// Database info level: streaming file space obsolete.
    JET_DbInfoStreamingFileSpace_Obsolete: u32 = 18;
    /// Database info level: file type.
    JET_DbInfoFileType: u32 = 19;
    /// Database info level: streaming file size obsolete.
    JET_DbInfoStreamingFileSize_Obsolete: u32 = 20;
    /// Database info level: filesize on disk.
    JET_DbInfoFilesizeOnDisk: u32 = 21;
    /// Database info level: split buffers.
    JET_DbInfoSplitBuffers: u32 = 23;
    /// Database info level: use cached result.
    JET_DbInfoUseCachedResult: u32 = 0x40000000;

    // Info levels of `JetGetColumnInfo` and `JetGetTableColumnInfo`.
    /// Column info level: basic.
    JET_ColInfo: u32 = 0;
    /// Column info level: list.
    JET_ColInfoList: u32 = 1;
    /// Column info level: sys tab cursor.
    JET_ColInfoSysTabCursor: u32 = 3;
    /// Column info level: base.
    JET_ColInfoBase: u32 = 4;
    /// Column info level: list compact.
    JET_ColInfoListCompact: u32 = 5;
    /// Column info level: by colid.
    JET_ColInfoByColid: u32 = 6;
    /// Column info level: list sort columnid.
    JET_ColInfoListSortColumnid: u32 = 7;
    /// Column info level: base by colid.
    JET_ColInfoBaseByColid: u32 = 8;
    /// Column info level: grbit non derived columns only.
    JET_ColInfoGrbitNonDerivedColumnsOnly: u32 = 0x80000000;
    /// Column info level: grbit minimal info.
    JET_ColInfoGrbitMinimalInfo: u32 = 0x40000000;
    /// Column info level: grbit sort by columnid.
    JET_ColInfoGrbitSortByColumnid: u32 = 0x20000000;
    /// Column info level: grbit compacting.
    JET_ColInfoGrbitCompacting: u32 = 0x10000000;

    // Info levels of `JetGetIndexInfo` and `JetGetTableIndexInfo`.
    /// Index info level: basic.
    JET_IdxInfo: u32 = 0;
    /// Index info level: list.
    JET_IdxInfoList: u32 = 1;
    /// Index info level: sys tab cursor.
    JET_IdxInfoSysTabCursor: u32 = 2;
    /// Index info level: OLC.
    JET_IdxInfoOLC: u32 = 3;
    /// Index info level: reset OLC.
    JET_IdxInfoResetOLC: u32 = 4;
    /// Index info level: space alloc.
    JET_IdxInfoSpaceAlloc: u32 = 5;
    /// Index info level: LCID.
    JET_IdxInfoLCID: u32 = 6;
    /// Index info level: langid.
    JET_IdxInfoLangid: u32 = 6;
    /// Index info level: count.
    JET_IdxInfoCount: u32 = 7;
    /// Index info level: var seg mac.
    JET_IdxInfoVarSegMac: u32 = 8;
    /// Index info level: index id.
    JET_IdxInfoIndexId: u32 = 9;
    /// Index info level: key most.
    JET_IdxInfoKeyMost: u32 = 10;
    /// Index info level: create index.
    JET_IdxInfoCreateIndex: u32 = 11;
    /// Index info level: create index 2.
    JET_IdxInfoCreateIndex2: u32 = 12;
    /// Index info level: create index 3.
    JET_IdxInfoCreateIndex3: u32 = 13;
    /// Index info level: locale name.
    JET_IdxInfoLocaleName: u32 = 14;
    /// Index info level: sort version.
    JET_IdxInfoSortVersion: u32 = 15;
    /// Index info level: defined sort version.
    JET_IdxInfoDefinedSortVersion: u32 = 16;
    /// Index info level: sort id.
    JET_IdxInfoSortId: u32 = 17;
    /// Index info level: space owned.
    JET_IdxInfoSpaceOwned: u32 = 18;
    /// Index info level: space available.
    JET_IdxInfoSpaceAvailable: u32 = 19;

    // Info levels of `JetGetTableInfo`.
    /// Table info level: basic.
    JET_TblInfo: u32 = 0;
    /// Table info level: name.
    JET_TblInfoName: u32 = 1;
    /// Table info level: dbid.
    JET_TblInfoDbid: u32 = 2;
    /// Table info level: most many.
    JET_TblInfoMostMany: u32 = 3;
    /// Table info level: rvt.
    JET_TblInfoRvt: u32 = 4;
    /// Table info level: OLC.
    JET_TblInfoOLC: u32 = 5;
    /// Table info level: reset OLC.
    JET_TblInfoResetOLC: u32 = 6;
    /// Table info level: space usage.
    JET_TblInfoSpaceUsage: u32 = 7;
    /// Table info level: dump table.
    JET_TblInfoDumpTable: u32 = 8;
    /// Table info level: space alloc.
    JET_TblInfoSpaceAlloc: u32 = 9;
    /// Table info level: space owned.
    JET_TblInfoSpaceOwned: u32 = 10;
    /// Table info level: space available.
    JET_TblInfoSpaceAvailable: u32 = 11;
    /// Table info level: template table name.
    JET_TblInfoTemplateTableName: u32 = 12;
    /// Table info level: LV chunk max.
    JET_TblInfoLVChunkMax: u32 = 13;
    /// Table info level: encryption key.
    JET_TblInfoEncryptionKey: u32 = 14;
    /// Table info level: retrieve and reserve auto increment.
    JET_TblInfoRetrieveAndReserveAutoIncrement: u32 = 16;
    /// Table info level: space owned LV.
    JET_TblInfoSpaceOwnedLV: u32 = 17;
    /// Table info level: space available LV.
    JET_TblInfoSpaceAvailableLV: u32 = 18;
    /// Table info level: object id.
    JET_TblInfoObjectId: u32 = 19;

    // Info levels of `JetGetObjectInfo`.
    /// Object info level: basic.
    JET_ObjInfo: u32 = 0;
    /// Object info level: list no stats.
    JET_ObjInfoListNoStats: u32 = 1;
    /// Object info level: list.
    JET_ObjInfoList: u32 = 2;
    /// Object info level: sys tab cursor.
    JET_ObjInfoSysTabCursor: u32 = 3;
    /// Object info level: list ACM.
    JET_ObjInfoListACM: u32 = 4;
    /// Object info level: no stats.
    JET_ObjInfoNoStats: u32 = 5;
    /// Object info level: sys tab read only.
    JET_ObjInfoSysTabReadOnly: u32 = 6;
    /// Object info level: rules loaded.
    JET_ObjInfoRulesLoaded: u32 = 7;
    /// Object info level: max.
    JET_ObjInfoMax: u32 = 8;

    // Info levels of `JetGetInstanceMiscInfo`.
    /// Instance misc info level: log signature.
    JET_InstanceMiscInfoLogSignature: u32 = 0;
    /// Instance misc info level: checkpoint.
    JET_InstanceMiscInfoCheckpoint: u32 = 1;
    /// Instance misc info level: RBS.
    JET_InstanceMiscInfoRBS: u32 = 2;

    // Info levels of `JetGetLogFileInfo`.
    /// Log info level: misc.
    JET_LogInfoMisc: u32 = 0;
    /// Log info level: misc 2.
    JET_LogInfoMisc2: u32 = 1;
    /// Log info level: misc 3.
    JET_LogInfoMisc3: u32 = 2;

    // Info levels of revert snapshot files.
    /// Revert snapshot file info level: misc.
    JET_RBSFileInfoMisc: u32 = 0;

    // Info levels of `JetGetSessionInfo`.
    /// Session info level: basic.
    JET_SessionInfo: u32 = 0;

    // Info levels of `JetGetPageInfo`.
    /// Page info level: basic.
    JET_PageInfo: u32 = 0;
    /// Page info level: 2.
    JET_PageInfo2: u32 = 1;

    // Encryption algorithms of encrypted columns.
    /// Encryption algorithm: aes 256.
    JET_EncryptionAlgorithmAes256: u32 = 1;

    // Masks.
    /// Mask: limit options.
    JET_maskLimitOptions: u32 = 0x00000f00;

    // Info levels of `JetGetErrorInfo`.
    /// Error info level: specific err.
    JET_ErrorInfoSpecificErr: u32 = 1;

    // Size limits in bytes.
    /// Size limit in bytes: callback user data most.
    JET_cbCallbackUserDataMost: u32 = 1024;
    /// Size limit in bytes: callback data all most.
    JET_cbCallbackDataAllMost: u32 = 4096;
    /// Size limit in bytes: bookmark most.
    JET_cbBookmarkMost: u32 = 256;
    /// Size limit in bytes: bookmark most most; the same value as `JET_cbKeyMostMost`.
    JET_cbBookmarkMostMost: u32 = JET_cbKeyMostMost;
    /// Size limit in bytes: name most.
    JET_cbNameMost: u32 = 64;
    /// Size limit in bytes: full name most.
    JET_cbFullNameMost: u32 = 255;
    /// Size limit in bytes: column LV page overhead.
    JET_cbColumnLVPageOverhead: u32 = 82;
    /// Size limit in bytes: column LV chunk most OLD.
    JET_cbColumnLVChunkMost_OLD: u32 = 4035;
    /// Size limit in bytes: LV default value most.
    JET_cbLVDefaultValueMost: u32 = 255;
    /// Size limit in bytes: column most.
    JET_cbColumnMost: u32 = 255;
    /// Size limit in bytes: LV column most.
    JET_cbLVColumnMost: u32 = 0x7FFFFFFF;
    /// Size limit in bytes: key most most; the same value as `JET_cbKeyMost32KBytePage`.
    JET_cbKeyMostMost: u32 = JET_cbKeyMost32KBytePage;
    /// Size limit in bytes: key most 32 k byte page; the same value as `JET_cbKeyMost8KBytePage`.
    JET_cbKeyMost32KBytePage: u32 = JET_cbKeyMost8KBytePage;
    /// Size limit in bytes: key most 16 k byte page; the same value as `JET_cbKeyMost8KBytePage`.
    JET_cbKeyMost16KBytePage: u32 = JET_cbKeyMost8KBytePage;
    /// Size limit in bytes: key most 8 k byte page.
    JET_cbKeyMost8KBytePage: u32 = 2000;
    /// Size limit in bytes: key most 4 k byte page.
    JET_cbKeyMost4KBytePage: u32 = 1000;
    /// Size limit in bytes: key most 2 k byte page.
    JET_cbKeyMost2KBytePage: u32 = 500;
    /// Size limit in bytes: key most min.
    JET_cbKeyMostMin: u32 = 255;
    /// Size limit in bytes: key most.
    JET_cbKeyMost: u32 = 255;
    /// Size limit in bytes: limit key most.
    JET_cbLimitKeyMost: u32 = 256;
    /// Size limit in bytes: primary key most.
    JET_cbPrimaryKeyMost: u32 = 255;
    /// Size limit in bytes: secondary key most.
    JET_cbSecondaryKeyMost: u32 = 255;
    /// Size limit in bytes: key most OLD.
    JET_cbKeyMost_OLD: u32 = 255;

    // Column limits.
    /// Column count limit: key most.
    JET_ccolKeyMost: u32 = 16;
    /// Column count limit: most.
    JET_ccolMost: u32 = 0x0000fee0;
    /// Column count limit: fixed most.
    JET_ccolFixedMost: u32 = 0x0000007f;
    /// Column count limit: var most.
    JET_ccolVarMost: u32 = 0x00000080;
    /// Column count limit: tagged most.
    JET_ccolTaggedMost: u32 = JET_ccolMost - 0x000000ff;

    // Lengths used in structures.
    /// Length limit: MAX COMPUTERNAME LENGTH.
    JET_MAX_COMPUTERNAME_LENGTH: u32 = 15;
    /// Length limit: BASE NAME LENGTH.
    JET_BASE_NAME_LENGTH: u32 = 3;

    // Values of the quality-metrics parameter.
    /// Quality-metrics setting: disable.
    JET_sqmDisable: u32 = 0;
    /// Quality-metrics setting: enable.
    JET_sqmEnable: u32 = 1;
    /// Quality-metrics setting: from CEIP.
    JET_sqmFromCEIP: u32 = 2;

    // Nil handles and ids.
    /// The nil (invalid) `JET_INSTANCE`: no instance.
    JET_instanceNil: JET_INSTANCE = JET_INSTANCE::MAX;
    /// The nil (invalid) `JET_SESID`: no session.
    JET_sesidNil: JET_SESID = JET_SESID::MAX;
    /// Column id value: nil.
    JET_columnidNil: JET_COLUMNID = JET_COLUMNID::MAX;
    /// The nil (invalid) `JET_TABLEID`: no cursor.
    JET_tableidNil: JET_TABLEID = JET_TABLEID::MAX;
    /// The nil (invalid) `JET_DBID`: no database.
    JET_dbidNil: JET_DBID = 0xFFFFFFFF;
    /// The nil (invalid) `JET_DBID`: no database.
    JET_dbidNoValid: JET_DBID = 0xFFFFFFFE;
    /// The nil (invalid) `JET_LS`: no local storage.
    JET_LSNil: JET_LS = JET_LS::MAX;
}
