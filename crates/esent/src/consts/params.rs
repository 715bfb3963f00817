//! System and session parameter ids and the values some parameters take.

#![allow(non_upper_case_globals)]

#[allow(unused_imports)]
use crate::types::{
    JET_CBTYP, JET_COLTYP, JET_DBID, JET_ENGINEFORMATVERSION, JET_ERR, JET_GRBIT, JET_INSTANCE,
    JET_LS, JET_OBJTYP, JET_RELOP, JET_SESID, JET_SNP, JET_SNT, JET_TABLEID,
};

jet_consts! {
    // System parameter ids (`JetSetSystemParameter`, `JetGetSystemParameter`).
    /// System parameter id: system path.
    JET_paramSystemPath: u32 = 0;
    /// System parameter id: temp path.
    JET_paramTempPath: u32 = 1;
    /// System parameter id: log file path.
    JET_paramLogFilePath: u32 = 2;
    /// System parameter id: base name.
    JET_paramBaseName: u32 = 3;
    /// System parameter id: event source.
    JET_paramEventSource: u32 = 4;
    /// System parameter id: max sessions.
    JET_paramMaxSessions: u32 = 5;
    /// System parameter id: max open tables.
    JET_paramMaxOpenTables: u32 = 6;
    /// System parameter id: preferred max open tables.
    JET_paramPreferredMaxOpenTables: u32 = 7;
    /// System parameter id: cached closed tables.
    JET_paramCachedClosedTables: u32 = 125;
    /// System parameter id: max cursors.
    JET_paramMaxCursors: u32 = 8;
    /// System parameter id: max ver pages.
    JET_paramMaxVerPages: u32 = 9;
    /// System parameter id: preferred ver pages.
    JET_paramPreferredVerPages: u32 = 63;
    /// System parameter id: global min ver pages.
    JET_paramGlobalMinVerPages: u32 = 81;
    /// System parameter id: version store task queue max.
    JET_paramVersionStoreTaskQueueMax: u32 = 105;
    /// System parameter id: max temporary tables.
    JET_paramMaxTemporaryTables: u32 = 10;
    /// System parameter id: log file size.
    JET_paramLogFileSize: u32 = 11;
    /// System parameter id: log buffers.
    JET_paramLogBuffers: u32 = 12;
    /// System parameter id: wait log flush.
    JET_paramWaitLogFlush: u32 = 13;
    /// System parameter id: log checkpoint period.
    JET_paramLogCheckpointPeriod: u32 = 14;
    /// System parameter id: log waiting user max.
    JET_paramLogWaitingUserMax: u32 = 15;
    /// System parameter id: commit default.
    JET_paramCommitDefault: u32 = 16;
    /// System parameter id: circular log.
    JET_paramCircularLog: u32 = 17;
    /// System parameter id: db extension size.
    JET_paramDbExtensionSize: u32 = 18;
    /// System parameter id: page temp DB min.
    JET_paramPageTempDBMin: u32 = 19;
    /// System parameter id: page fragment.
    JET_paramPageFragment: u32 = 20;
    /// System parameter id: enable file cache.
    JET_paramEnableFileCache: u32 = 126;
    /// System parameter id: ver page size.
    JET_paramVerPageSize: u32 = 128;
    /// System parameter id: configuration.
    JET_paramConfiguration: u32 = 129;
    /// System parameter id: enable advanced.
    JET_paramEnableAdvanced: u32 = 130;
    /// System parameter id: max coltyp.
    JET_paramMaxColtyp: u32 = 131;
    /// System parameter id: batch IO buffer max.
    JET_paramBatchIOBufferMax: u32 = 22;
    /// System parameter id: cache size.
    JET_paramCacheSize: u32 = 41;
    /// System parameter id: cache size min.
    JET_paramCacheSizeMin: u32 = 60;
    /// System parameter id: cache size max.
    JET_paramCacheSizeMax: u32 = 23;
    /// System parameter id: checkpoint depth max.
    JET_paramCheckpointDepthMax: u32 = 24;
    /// System parameter id: LRUK corr interval.
    JET_paramLRUKCorrInterval: u32 = 25;
    /// System parameter id: LRUK history max.
    JET_paramLRUKHistoryMax: u32 = 26;
    /// System parameter id: LRUK policy.
    JET_paramLRUKPolicy: u32 = 27;
    /// System parameter id: LRUK timeout.
    JET_paramLRUKTimeout: u32 = 28;
    /// System parameter id: LRUK trx corr interval.
    JET_paramLRUKTrxCorrInterval: u32 = 29;
    /// System parameter id: outstanding IO max.
    JET_paramOutstandingIOMax: u32 = 30;
    /// System parameter id: start flush threshold.
    JET_paramStartFlushThreshold: u32 = 31;
    /// System parameter id: stop flush threshold.
    JET_paramStopFlushThreshold: u32 = 32;
    /// System parameter id: enable view cache.
    JET_paramEnableViewCache: u32 = 127;
    /// System parameter id: checkpoint IO max.
    JET_paramCheckpointIOMax: u32 = 135;
    /// System parameter id: table class 1 name.
    JET_paramTableClass1Name: u32 = 137;
    /// System parameter id: table class 2 name.
    JET_paramTableClass2Name: u32 = 138;
    /// System parameter id: table class 3 name.
    JET_paramTableClass3Name: u32 = 139;
    /// System parameter id: table class 4 name.
    JET_paramTableClass4Name: u32 = 140;
    /// System parameter id: table class 5 name.
    JET_paramTableClass5Name: u32 = 141;
    /// System parameter id: table class 6 name.
    JET_paramTableClass6Name: u32 = 142;
    /// System parameter id: table class 7 name.
    JET_paramTableClass7Name: u32 = 143;
    /// System parameter id: table class 8 name.
    JET_paramTableClass8Name: u32 = 144;
    /// System parameter id: table class 9 name.
    JET_paramTableClass9Name: u32 = 145;
    /// System parameter id: table class 10 name.
    JET_paramTableClass10Name: u32 = 146;
    /// System parameter id: table class 11 name.
    JET_paramTableClass11Name: u32 = 147;
    /// System parameter id: table class 12 name.
    JET_paramTableClass12Name: u32 = 148;
    /// System parameter id: table class 13 name.
    JET_paramTableClass13Name: u32 = 149;
    /// System parameter id: table class 14 name.
    JET_paramTableClass14Name: u32 = 150;
    /// System parameter id: table class 15 name.
    JET_paramTableClass15Name: u32 = 151;
    /// System parameter id: IO priority.
    JET_paramIOPriority: u32 = 152;
    /// System parameter id: recovery.
    JET_paramRecovery: u32 = 34;
    /// System parameter id: enable online defrag.
    JET_paramEnableOnlineDefrag: u32 = 35;
    /// System parameter id: check format when open fail.
    JET_paramCheckFormatWhenOpenFail: u32 = 44;
    /// System parameter id: enable temp table versioning.
    JET_paramEnableTempTableVersioning: u32 = 46;
    /// System parameter id: ignore log version.
    JET_paramIgnoreLogVersion: u32 = 47;
    /// System parameter id: delete old logs.
    JET_paramDeleteOldLogs: u32 = 48;
    /// System parameter id: event source key.
    JET_paramEventSourceKey: u32 = 49;
    /// System parameter id: no information event.
    JET_paramNoInformationEvent: u32 = 50;
    /// System parameter id: event logging level.
    JET_paramEventLoggingLevel: u32 = 51;
    /// System parameter id: delete out of range logs.
    JET_paramDeleteOutOfRangeLogs: u32 = 52;
    /// System parameter id: access denied retry period.
    JET_paramAccessDeniedRetryPeriod: u32 = 53;
    /// System parameter id: enable index checking.
    JET_paramEnableIndexChecking: u32 = 45;
    /// System parameter id: enable index cleanup.
    JET_paramEnableIndexCleanup: u32 = 54;
    /// System parameter id: database page size.
    JET_paramDatabasePageSize: u32 = 64;
    /// System parameter id: disable callbacks.
    JET_paramDisableCallbacks: u32 = 65;
    /// System parameter id: log file create asynch.
    JET_paramLogFileCreateAsynch: u32 = 69;
    /// System parameter id: error to string.
    JET_paramErrorToString: u32 = 70;
    /// System parameter id: zero database during backup.
    JET_paramZeroDatabaseDuringBackup: u32 = 71;
    /// System parameter id: unicode index default.
    JET_paramUnicodeIndexDefault: u32 = 72;
    /// System parameter id: runtime callback.
    JET_paramRuntimeCallback: u32 = 73;
    /// System parameter id: cleanup mismatched log files.
    JET_paramCleanupMismatchedLogFiles: u32 = 77;
    /// System parameter id: record upgrade dirty level.
    JET_paramRecordUpgradeDirtyLevel: u32 = 78;
    /// System parameter id: OS snapshot timeout.
    JET_paramOSSnapshotTimeout: u32 = 82;
    /// System parameter id: exception action.
    JET_paramExceptionAction: u32 = 98;
    /// System parameter id: event log cache.
    JET_paramEventLogCache: u32 = 99;
    /// System parameter id: create path if not exist.
    JET_paramCreatePathIfNotExist: u32 = 100;
    /// System parameter id: page hint cache size.
    JET_paramPageHintCacheSize: u32 = 101;
    /// System parameter id: one database per session.
    JET_paramOneDatabasePerSession: u32 = 102;
    /// System parameter id: max instances.
    JET_paramMaxInstances: u32 = 104;
    /// System parameter id: disable perfmon.
    JET_paramDisablePerfmon: u32 = 107;
    /// System parameter id: index tuples length min.
    JET_paramIndexTuplesLengthMin: u32 = 110;
    /// System parameter id: index tuples length max.
    JET_paramIndexTuplesLengthMax: u32 = 111;
    /// System parameter id: index tuples to index max.
    JET_paramIndexTuplesToIndexMax: u32 = 112;
    /// System parameter id: alternate database recovery path.
    JET_paramAlternateDatabaseRecoveryPath: u32 = 113;
    /// System parameter id: index tuple increment.
    JET_paramIndexTupleIncrement: u32 = 132;
    /// System parameter id: index tuple start.
    JET_paramIndexTupleStart: u32 = 133;
    /// System parameter id: key most.
    JET_paramKeyMost: u32 = 134;
    /// System parameter id: legacy file names.
    JET_paramLegacyFileNames: u32 = 136;
    /// System parameter id: enable persisted callbacks.
    JET_paramEnablePersistedCallbacks: u32 = 156;
    /// System parameter id: waypoint latency.
    JET_paramWaypointLatency: u32 = 153;
    /// System parameter id: defragment sequential b trees.
    JET_paramDefragmentSequentialBTrees: u32 = 160;
    /// System parameter id: defragment sequential b trees density check frequency.
    JET_paramDefragmentSequentialBTreesDensityCheckFrequency: u32 = 161;
    /// System parameter id: IO throttling time quanta.
    JET_paramIOThrottlingTimeQuanta: u32 = 162;
    /// System parameter id: LV chunk size most.
    JET_paramLVChunkSizeMost: u32 = 163;
    /// System parameter id: max coalesce read size.
    JET_paramMaxCoalesceReadSize: u32 = 164;
    /// System parameter id: max coalesce write size.
    JET_paramMaxCoalesceWriteSize: u32 = 165;
    /// System parameter id: max coalesce read gap size.
    JET_paramMaxCoalesceReadGapSize: u32 = 166;
    /// System parameter id: max coalesce write gap size.
    JET_paramMaxCoalesceWriteGapSize: u32 = 167;
    /// System parameter id: enable DB scan in recovery.
    JET_paramEnableDBScanInRecovery: u32 = 169;
    /// System parameter id: db scan throttle.
    JET_paramDbScanThrottle: u32 = 170;
    /// System parameter id: db scan interval min sec.
    JET_paramDbScanIntervalMinSec: u32 = 171;
    /// System parameter id: db scan interval max sec.
    JET_paramDbScanIntervalMaxSec: u32 = 172;
    /// System parameter id: cache priority.
    JET_paramCachePriority: u32 = 177;
    /// System parameter id: max transaction size.
    JET_paramMaxTransactionSize: u32 = 178;
    /// System parameter id: preread IO max.
    JET_paramPrereadIOMax: u32 = 179;
    /// System parameter id: enable DB scan serialization.
    JET_paramEnableDBScanSerialization: u32 = 180;
    /// System parameter id: hung IO threshold.
    JET_paramHungIOThreshold: u32 = 181;
    /// System parameter id: hung IO actions.
    JET_paramHungIOActions: u32 = 182;
    /// System parameter id: min data for xpress.
    JET_paramMinDataForXpress: u32 = 183;
    /// System parameter id: enable shrink database.
    JET_paramEnableShrinkDatabase: u32 = 184;
    /// System parameter id: process friendly name.
    JET_paramProcessFriendlyName: u32 = 186;
    /// System parameter id: durable commit callback.
    JET_paramDurableCommitCallback: u32 = 187;
    /// System parameter id: enable sqm.
    JET_paramEnableSqm: u32 = 188;
    /// System parameter id: config store spec.
    JET_paramConfigStoreSpec: u32 = 189;
    /// System parameter id: use flush for write durability.
    JET_paramUseFlushForWriteDurability: u32 = 214;
    /// System parameter id: enable RBS.
    JET_paramEnableRBS: u32 = 215;
    /// System parameter id: RBS file path.
    JET_paramRBSFilePath: u32 = 216;
    /// System parameter id: perfmon refresh interval.
    JET_paramPerfmonRefreshInterval: u32 = 217;
    /// System parameter id: enable block cache.
    JET_paramEnableBlockCache: u32 = 218;
    /// System parameter id: enable block cache detach.
    JET_paramEnableBlockCacheDetach: u32 = 220;
    /// System parameter id: max value invalid.
    JET_paramMaxValueInvalid: u32 = 221;

    // Session parameter ids (`JetSetSessionParameter`, `JetGetSessionParameter`).
    /// Session parameter id: commit default.
    JET_sesparamCommitDefault: u32 = 4097;
    /// Session parameter id: transaction level.
    JET_sesparamTransactionLevel: u32 = 4099;
    /// Session parameter id: operation context.
    JET_sesparamOperationContext: u32 = 4100;
    /// Session parameter id: correlation ID.
    JET_sesparamCorrelationID: u32 = 4101;
    /// Session parameter id: max value invalid.
    JET_sesparamMaxValueInvalid: u32 = 4111;

    // Bits of `JET_paramConfiguration`.
    /// Configuration bit: default.
    JET_configDefault: u32 = 0x0001;
    /// Configuration bit: remove quotas.
    JET_configRemoveQuotas: u32 = 0x0002;
    /// Configuration bit: low disk footprint.
    JET_configLowDiskFootprint: u32 = 0x0004;
    /// Configuration bit: medium disk footprint.
    JET_configMediumDiskFootprint: u32 = 0x0008;
    /// Configuration bit: low memory.
    JET_configLowMemory: u32 = 0x0010;
    /// Configuration bit: dynamic medium memory.
    JET_configDynamicMediumMemory: u32 = 0x0020;
    /// Configuration bit: low power.
    JET_configLowPower: u32 = 0x0040;
    /// Configuration bit: SSD profile IO.
    JET_configSSDProfileIO: u32 = 0x0080;
    /// Configuration bit: run silent.
    JET_configRunSilent: u32 = 0x0100;
    /// Configuration bit: unthrottled memory.
    JET_configUnthrottledMemory: u32 = 0x0200;
    /// Configuration bit: high concurrency scaling.
    JET_configHighConcurrencyScaling: u32 = 0x0400;

    // Values of `JET_paramEventLoggingLevel`.
    /// Event logging level: disable.
    JET_EventLoggingDisable: u32 = 0;
    /// Event logging level: level min.
    JET_EventLoggingLevelMin: u32 = 1;
    /// Event logging level: level low.
    JET_EventLoggingLevelLow: u32 = 25;
    /// Event logging level: level medium.
    JET_EventLoggingLevelMedium: u32 = 50;
    /// Event logging level: level high.
    JET_EventLoggingLevelHigh: u32 = 75;
    /// Event logging level: level max.
    JET_EventLoggingLevelMax: u32 = 100;

    // Values of `JET_paramExceptionAction`.
    /// Exception action: msg box.
    JET_ExceptionMsgBox: u32 = 0x0001;
    /// Exception action: none.
    JET_ExceptionNone: u32 = 0x0002;
    /// Exception action: fail fast.
    JET_ExceptionFailFast: u32 = 0x0004;

    // Values of `JET_paramIOPriority`.
    /// I/O priority: normal.
    JET_IOPriorityNormal: u32 = 0x0;
    /// I/O priority: low.
    JET_IOPriorityLow: u32 = 0x1;

    // Values of `JET_paramEnableOnlineDefrag`.
    /// Online defragmentation setting: disable.
    JET_OnlineDefragDisable: u32 = 0x0000;
    /// Online defragmentation setting: all OBSOLETE.
    JET_OnlineDefragAllOBSOLETE: u32 = 0x0001;
    /// Online defragmentation setting: databases.
    JET_OnlineDefragDatabases: u32 = 0x0002;
    /// Online defragmentation setting: space trees.
    JET_OnlineDefragSpaceTrees: u32 = 0x0004;
    /// Online defragmentation setting: all.
    JET_OnlineDefragAll: u32 = 0xffff;
}
