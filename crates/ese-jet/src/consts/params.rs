//! System and session parameter ids and the values some parameters take.

#![allow(non_upper_case_globals)]

use crate::types::JET_ENGINEFORMATVERSION;

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
    /// System parameter id: page read ahead max.
    JET_paramPageReadAheadMax: u32 = 21;
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
    /// System parameter id: table class name.
    JET_paramTableClassName: u32 = 33;
    /// System parameter id: idle flush time.
    JET_paramIdleFlushTime: u32 = 106;
    /// System parameter id: VA reserve.
    JET_paramVAReserve: u32 = 109;
    /// System parameter id: DBA page avail min.
    JET_paramDBAPageAvailMin: u32 = 120;
    /// System parameter id: DBA page avail threshold.
    JET_paramDBAPageAvailThreshold: u32 = 121;
    /// System parameter id: DBAK 1.
    JET_paramDBAK1: u32 = 122;
    /// System parameter id: DBAK 2.
    JET_paramDBAK2: u32 = 123;
    /// System parameter id: max random IO size.
    JET_paramMaxRandomIOSize: u32 = 124;
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
    /// System parameter id: table class 16 name.
    JET_paramTableClass16Name: u32 = 196;
    /// System parameter id: table class 17 name.
    JET_paramTableClass17Name: u32 = 197;
    /// System parameter id: table class 18 name.
    JET_paramTableClass18Name: u32 = 198;
    /// System parameter id: table class 19 name.
    JET_paramTableClass19Name: u32 = 199;
    /// System parameter id: table class 20 name.
    JET_paramTableClass20Name: u32 = 200;
    /// System parameter id: table class 21 name.
    JET_paramTableClass21Name: u32 = 201;
    /// System parameter id: table class 22 name.
    JET_paramTableClass22Name: u32 = 202;
    /// System parameter id: table class 23 name.
    JET_paramTableClass23Name: u32 = 203;
    /// System parameter id: table class 24 name.
    JET_paramTableClass24Name: u32 = 204;
    /// System parameter id: table class 25 name.
    JET_paramTableClass25Name: u32 = 205;
    /// System parameter id: table class 26 name.
    JET_paramTableClass26Name: u32 = 206;
    /// System parameter id: table class 27 name.
    JET_paramTableClass27Name: u32 = 207;
    /// System parameter id: table class 28 name.
    JET_paramTableClass28Name: u32 = 208;
    /// System parameter id: table class 29 name.
    JET_paramTableClass29Name: u32 = 209;
    /// System parameter id: table class 30 name.
    JET_paramTableClass30Name: u32 = 210;
    /// System parameter id: table class 31 name.
    JET_paramTableClass31Name: u32 = 211;
    /// System parameter id: IO priority.
    JET_paramIOPriority: u32 = 152;
    /// System parameter id: recovery.
    JET_paramRecovery: u32 = 34;
    /// System parameter id: on line compact.
    JET_paramOnLineCompact: u32 = 35;
    /// System parameter id: enable online defrag.
    JET_paramEnableOnlineDefrag: u32 = 35;
    /// System parameter id: assert action.
    JET_paramAssertAction: u32 = 36;
    /// System parameter id: print function.
    JET_paramPrintFunction: u32 = 37;
    /// System parameter id: transaction level.
    JET_paramTransactionLevel: u32 = 38;
    /// System parameter id: RFS 2 i os permitted.
    JET_paramRFS2IOsPermitted: u32 = 39;
    /// System parameter id: RFS 2 allocs permitted.
    JET_paramRFS2AllocsPermitted: u32 = 40;
    /// System parameter id: cache requests.
    JET_paramCacheRequests: u32 = 42;
    /// System parameter id: cache hits.
    JET_paramCacheHits: u32 = 43;
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
    /// System parameter id: flight smooth io test permillage.
    JET_paramFlight_SmoothIoTestPermillage: u32 = 55;
    /// System parameter id: elastic waypoint latency.
    JET_paramElasticWaypointLatency: u32 = 56;
    /// System parameter id: flight synchronous LV cleanup.
    JET_paramFlight_SynchronousLVCleanup: u32 = 57;
    /// System parameter id: flight RBS revert IO urgent level.
    JET_paramFlight_RBSRevertIOUrgentLevel: u32 = 58;
    /// System parameter id: flight enable xpress 10 compression.
    JET_paramFlight_EnableXpress10Compression: u32 = 59;
    /// System parameter id: log file failover path.
    JET_paramLogFileFailoverPath: u32 = 61;
    /// System parameter id: enable improved seek shortcut.
    JET_paramEnableImprovedSeekShortcut: u32 = 62;
    /// System parameter id: database page size.
    JET_paramDatabasePageSize: u32 = 64;
    /// System parameter id: disable callbacks.
    JET_paramDisableCallbacks: u32 = 65;
    /// System parameter id: abort retry fail callback.
    JET_paramAbortRetryFailCallback: u32 = 108;
    /// System parameter id: backup chunk size.
    JET_paramBackupChunkSize: u32 = 66;
    /// System parameter id: backup outstanding reads.
    JET_paramBackupOutstandingReads: u32 = 67;
    /// System parameter id: flight RBS max table delete pages.
    JET_paramFlight_RBSMaxTableDeletePages: u32 = 68;
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
    /// System parameter id: enable sorted retrieve columns.
    JET_paramEnableSortedRetrieveColumns: u32 = 76;
    /// System parameter id: cleanup mismatched log files.
    JET_paramCleanupMismatchedLogFiles: u32 = 77;
    /// System parameter id: record upgrade dirty level.
    JET_paramRecordUpgradeDirtyLevel: u32 = 78;
    /// System parameter id: recovery current logfile.
    JET_paramRecoveryCurrentLogfile: u32 = 79;
    /// System parameter id: OS snapshot timeout.
    JET_paramOSSnapshotTimeout: u32 = 82;
    /// System parameter id: flight RBS db scan raise corruption reverted FDP.
    JET_paramFlight_RBSDbScanRaiseCorruptionRevertedFDP: u32 = 74;
    /// System parameter id: flight RBS allow too soon non revertable delete.
    JET_paramFlight_RBSAllowTooSoonNonRevertableDelete: u32 = 75;
    /// System parameter id: flight RBS force roll interval sec.
    JET_paramFlight_RBSForceRollIntervalSec: u32 = 80;
    /// System parameter id: flight enable scan check FDP delete flags.
    JET_paramFlight_EnableScanCheckFDPDeleteFlags: u32 = 83;
    /// System parameter id: flight new queue options.
    JET_paramFlight_NewQueueOptions: u32 = 84;
    /// System parameter id: flight concurrent meted ops.
    JET_paramFlight_ConcurrentMetedOps: u32 = 85;
    /// System parameter id: flight low meted ops threshold.
    JET_paramFlight_LowMetedOpsThreshold: u32 = 86;
    /// System parameter id: flight meted op starved threshold.
    JET_paramFlight_MetedOpStarvedThreshold: u32 = 87;
    /// System parameter id: flight max RBS buffers.
    JET_paramFlight_MaxRBSBuffers: u32 = 88;
    /// System parameter id: flight enable shrink archiving.
    JET_paramFlight_EnableShrinkArchiving: u32 = 89;
    /// System parameter id: flight enable backup during recovery.
    JET_paramFlight_EnableBackupDuringRecovery: u32 = 90;
    /// System parameter id: flight RBS roll interval sec.
    JET_paramFlight_RBSRollIntervalSec: u32 = 91;
    /// System parameter id: flight RBS max required range.
    JET_paramFlight_RBSMaxRequiredRange: u32 = 92;
    /// System parameter id: flight RBS cleanup enabled.
    JET_paramFlight_RBSCleanupEnabled: u32 = 93;
    /// System parameter id: flight RBS low disk space threshold gb.
    JET_paramFlight_RBSLowDiskSpaceThresholdGb: u32 = 94;
    /// System parameter id: flight RBS max space when low disk space gb.
    JET_paramFlight_RBSMaxSpaceWhenLowDiskSpaceGb: u32 = 95;
    /// System parameter id: flight RBS max time span sec.
    JET_paramFlight_RBSMaxTimeSpanSec: u32 = 96;
    /// System parameter id: flight RBS cleanup interval min sec.
    JET_paramFlight_RBSCleanupIntervalMinSec: u32 = 97;
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
    /// System parameter id: max databases per instance.
    JET_paramMaxDatabasesPerInstance: u32 = 103;
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
    /// System parameter id: flight extent page count cache verify only.
    JET_paramFlight_ExtentPageCountCacheVerifyOnly: u32 = 114;
    /// System parameter id: flight enable pgno FDP last set time.
    JET_paramFlight_EnablePgnoFDPLastSetTime: u32 = 115;
    /// System parameter id: flight enable scan check 2 flags.
    JET_paramFlight_EnableScanCheck2Flags: u32 = 116;
    /// System parameter id: flight enable extent freed 2.
    JET_paramFlight_EnableExtentFreed2: u32 = 117;
    /// System parameter id: flight RBS large revertable delete pages.
    JET_paramFlight_RBSLargeRevertableDeletePages: u32 = 118;
    /// System parameter id: flight RBS revertable delete if too soon time null.
    JET_paramFlight_RBSRevertableDeleteIfTooSoonTimeNull: u32 = 119;
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
    /// System parameter id: checkpoint too deep.
    JET_paramCheckpointTooDeep: u32 = 154;
    /// System parameter id: disable block verification.
    JET_paramDisableBlockVerification: u32 = 155;
    /// System parameter id: aggressive log rollover.
    JET_paramAggressiveLogRollover: u32 = 157;
    /// System parameter id: periodic log rollover LLR.
    JET_paramPeriodicLogRolloverLLR: u32 = 158;
    /// System parameter id: use page dependencies.
    JET_paramUsePageDependencies: u32 = 159;
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
    /// System parameter id: enable ha publish.
    JET_paramEnableHaPublish: u32 = 168;
    /// System parameter id: enable DB scan in recovery.
    JET_paramEnableDBScanInRecovery: u32 = 169;
    /// System parameter id: db scan throttle.
    JET_paramDbScanThrottle: u32 = 170;
    /// System parameter id: db scan interval min sec.
    JET_paramDbScanIntervalMinSec: u32 = 171;
    /// System parameter id: db scan interval max sec.
    JET_paramDbScanIntervalMaxSec: u32 = 172;
    /// System parameter id: emit log data callback.
    JET_paramEmitLogDataCallback: u32 = 173;
    /// System parameter id: emit log data callback ctx.
    JET_paramEmitLogDataCallbackCtx: u32 = 174;
    /// System parameter id: enable external auto healing.
    JET_paramEnableExternalAutoHealing: u32 = 175;
    /// System parameter id: patch request timeout.
    JET_paramPatchRequestTimeout: u32 = 176;
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
    /// System parameter id: stage flighting.
    JET_paramStageFlighting: u32 = 190;
    /// System parameter id: zero database unused space.
    JET_paramZeroDatabaseUnusedSpace: u32 = 191;
    /// System parameter id: disable verifications.
    JET_paramDisableVerifications: u32 = 192;
    /// System parameter id: persisted lost flush detection.
    JET_paramPersistedLostFlushDetection: u32 = 193;
    /// System parameter id: engine format version.
    JET_paramEngineFormatVersion: u32 = 194;
    /// System parameter id: replay throttling level.
    JET_paramReplayThrottlingLevel: u32 = 195;
    /// System parameter id: block cache configuration.
    JET_paramBlockCacheConfiguration: u32 = 212;
    /// System parameter id: record size most.
    JET_paramRecordSizeMost: u32 = 213;
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
    /// System parameter id: deferred index populate rows per transaction.
    JET_paramDeferredIndexPopulateRowsPerTransaction: u32 = 219;
    /// System parameter id: enable block cache detach.
    JET_paramEnableBlockCacheDetach: u32 = 220;
    /// System parameter id: max value invalid.
    JET_paramMaxValueInvalid: u32 = 221;

    // Session parameter ids (`JetSetSessionParameter`, `JetGetSessionParameter`).
    /// Session parameter id: commit default.
    JET_sesparamCommitDefault: u32 = 4097;
    /// Session parameter id: commit generic context.
    JET_sesparamCommitGenericContext: u32 = 4098;
    /// Session parameter id: transaction level.
    JET_sesparamTransactionLevel: u32 = 4099;
    /// Session parameter id: operation context.
    JET_sesparamOperationContext: u32 = 4100;
    /// Session parameter id: correlation ID.
    JET_sesparamCorrelationID: u32 = 4101;
    /// Session parameter id: cache priority.
    JET_sesparamCachePriority: u32 = 4102;
    /// Session parameter id: client component desc.
    JET_sesparamClientComponentDesc: u32 = 4103;
    /// Session parameter id: client action desc.
    JET_sesparamClientActionDesc: u32 = 4104;
    /// Session parameter id: client action context desc.
    JET_sesparamClientActionContextDesc: u32 = 4105;
    /// Session parameter id: client activity id.
    JET_sesparamClientActivityId: u32 = 4106;
    /// Session parameter id: IO sess trace flags.
    JET_sesparamIOSessTraceFlags: u32 = 4107;
    /// Session parameter id: IO priority.
    JET_sesparamIOPriority: u32 = 4108;
    /// Session parameter id: commit context contains customer data.
    JET_sesparamCommitContextContainsCustomerData: u32 = 4109;
    /// Session parameter id: commit context need pre commit callback.
    JET_sesparamCommitContextNeedPreCommitCallback: u32 = 4110;
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
    /// Configuration bit: mask.
    JET_configMask: u32 = JET_configDefault
        | JET_configRemoveQuotas
        | JET_configLowDiskFootprint
        | JET_configMediumDiskFootprint
        | JET_configLowMemory
        | JET_configDynamicMediumMemory
        | JET_configLowPower
        | JET_configSSDProfileIO
        | JET_configRunSilent
        | JET_configUnthrottledMemory
        | JET_configHighConcurrencyScaling;

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
    /// I/O priority: low for checkpoint.
    JET_IOPriorityLowForCheckpoint: u32 = 0x2;
    /// I/O priority: low for scavenge.
    JET_IOPriorityLowForScavenge: u32 = 0x4;
    /// I/O priority: user class id mask.
    JET_IOPriorityUserClassIdMask: u32 = 0x0F000000;
    /// I/O priority: mark as maintenance.
    JET_IOPriorityMarkAsMaintenance: u32 = 0x40000000;

    // Values of `JET_paramEnableOnlineDefrag`.
    /// Online defragmentation setting: disable.
    JET_OnlineDefragDisable: u32 = 0x0000;
    /// Online defragmentation setting: all OBSOLETE.
    JET_OnlineDefragAllOBSOLETE: u32 = 0x0001;
    /// Online defragmentation setting: databases.
    JET_OnlineDefragDatabases: u32 = 0x0002;
    /// Online defragmentation setting: space trees.
    JET_OnlineDefragSpaceTrees: u32 = 0x0004;
    /// Online defragmentation setting: streaming files.
    JET_OnlineDefragStreamingFiles: u32 = 0x0008;
    /// Online defragmentation setting: all.
    JET_OnlineDefragAll: u32 = 0xffff;

    // Values of `JET_paramReplayThrottlingLevel`.
    /// Replay throttling: none.
    JET_ReplayThrottlingNone: u32 = 0;
    /// Replay throttling: sleep.
    JET_ReplayThrottlingSleep: u32 = 1;

    // Database parameter ids (`JET_SETDBPARAM`, `JetGetDatabaseParameter`).
    /// Database parameter id: db size max pages.
    JET_dbparamDbSizeMaxPages: u32 = 8193;
    /// Database parameter id: cache priority.
    JET_dbparamCachePriority: u32 = 8194;
    /// Database parameter id: shrink database options.
    JET_dbparamShrinkDatabaseOptions: u32 = 8195;
    /// Database parameter id: shrink database time quota.
    JET_dbparamShrinkDatabaseTimeQuota: u32 = 8196;
    /// Database parameter id: shrink database size limit.
    JET_dbparamShrinkDatabaseSizeLimit: u32 = 8197;
    /// Database parameter id: leak reclaimer enabled.
    JET_dbparamLeakReclaimerEnabled: u32 = 8198;
    /// Database parameter id: leak reclaimer time quota.
    JET_dbparamLeakReclaimerTimeQuota: u32 = 8199;
    /// Database parameter id: maintain extent page count cache.
    JET_dbparamMaintainExtentPageCountCache: u32 = 8200;
    /// Database parameter id: flight self alloc sp buf reservation enabled.
    JET_dbparamFlight_SelfAllocSpBufReservationEnabled: u32 = 8201;
    /// Database parameter id: max value invalid.
    JET_dbparamMaxValueInvalid: u32 = 8202;

    // Engine format versions (`JET_paramEngineFormatVersion`).
    /// Engine format version: exchange 55 rtm.
    JET_efvExchange55Rtm: JET_ENGINEFORMATVERSION = 500;
    /// Engine format version: windows 2000 rtm.
    JET_efvWindows2000Rtm: JET_ENGINEFORMATVERSION = 600;
    /// Engine format version: exchange 2000 rtm.
    JET_efvExchange2000Rtm: JET_ENGINEFORMATVERSION = 1000;
    /// Engine format version: windows xp rtm.
    JET_efvWindowsXpRtm: JET_ENGINEFORMATVERSION = 1200;
    /// Engine format version: exchange 2010 rtm.
    JET_efvExchange2010Rtm: JET_ENGINEFORMATVERSION = 5520;
    /// Engine format version: exchange 2010 sp 1.
    JET_efvExchange2010Sp1: JET_ENGINEFORMATVERSION = 5920;
    /// Engine format version: exchange 2010 sp 2.
    JET_efvExchange2010Sp2: JET_ENGINEFORMATVERSION = 6080;
    /// Engine format version: scrub last node on empty page.
    JET_efvScrubLastNodeOnEmptyPage: JET_ENGINEFORMATVERSION = 6960;
    /// Engine format version: exchange 2013 rtm.
    JET_efvExchange2013Rtm: JET_ENGINEFORMATVERSION = 7020;
    /// Engine format version: ext hdr root field auto inc storage staged to debug.
    JET_efvExtHdrRootFieldAutoIncStorageStagedToDebug: JET_ENGINEFORMATVERSION = 7060;
    /// Engine format version: log extend db lr after create db lr.
    JET_efvLogExtendDbLrAfterCreateDbLr: JET_ENGINEFORMATVERSION = 7940;
    /// Engine format version: rollback insert space staged to test.
    JET_efvRollbackInsertSpaceStagedToTest: JET_ENGINEFORMATVERSION = 7960;
    /// Engine format version: windows 10 rtm.
    JET_efvWindows10Rtm: JET_ENGINEFORMATVERSION = 8020;
    /// Engine format version: qfe msys locales guid ref count fixup.
    JET_efvQfeMsysLocalesGuidRefCountFixup: JET_ENGINEFORMATVERSION = 8023;
    /// Engine format version: persisted lost flush map staged to debug.
    JET_efvPersistedLostFlushMapStagedToDebug: JET_ENGINEFORMATVERSION = 8220;
    /// Engine format version: tri state page flush type staged to prod.
    JET_efvTriStatePageFlushTypeStagedToProd: JET_ENGINEFORMATVERSION = 8280;
    /// Engine format version: log split merge compression released.
    JET_efvLogSplitMergeCompressionReleased: JET_ENGINEFORMATVERSION = 8400;
    /// Engine format version: tri state page flush type released.
    JET_efvTriStatePageFlushTypeReleased: JET_ENGINEFORMATVERSION = 8420;
    /// Engine format version: irs dbid based macro info 2.
    JET_efvIrsDbidBasedMacroInfo2: JET_ENGINEFORMATVERSION = 8440;
    /// Engine format version: lost flush map crash resiliency.
    JET_efvLostFlushMapCrashResiliency: JET_ENGINEFORMATVERSION = 8460;
    /// Engine format version: exchange 2016 rtm.
    JET_efvExchange2016Rtm: JET_ENGINEFORMATVERSION = 8520;
    /// Engine format version: msys locales guid ref count fixup.
    JET_efvMsysLocalesGuidRefCountFixup: JET_ENGINEFORMATVERSION = 8620;
    /// Engine format version: windows 10 v 2 rtm.
    JET_efvWindows10v2Rtm: JET_ENGINEFORMATVERSION = 8620;
    /// Engine format version: encrypted columns.
    JET_efvEncryptedColumns: JET_ENGINEFORMATVERSION = 8720;
    /// Engine format version: logging delete of table fcbs.
    JET_efvLoggingDeleteOfTableFcbs: JET_ENGINEFORMATVERSION = 8820;
    /// Engine format version: empty idx upgrades update msys locales.
    JET_efvEmptyIdxUpgradesUpdateMsysLocales: JET_ENGINEFORMATVERSION = 8860;
    /// Engine format version: support nls invariant locale.
    JET_efvSupportNlsInvariantLocale: JET_ENGINEFORMATVERSION = 8880;
    /// Engine format version: exchange 2016 cu 1 rtm.
    JET_efvExchange2016Cu1Rtm: JET_ENGINEFORMATVERSION = 8920;
    /// Engine format version: windows 19 h 1 rtm.
    JET_efvWindows19H1Rtm: JET_ENGINEFORMATVERSION = 8920;
    /// Engine format version: set db version.
    JET_efvSetDbVersion: JET_ENGINEFORMATVERSION = 8940;
    /// Engine format version: ext hdr root field auto inc storage released.
    JET_efvExtHdrRootFieldAutoIncStorageReleased: JET_ENGINEFORMATVERSION = 8960;
    /// Engine format version: xpress 9 compression.
    JET_efvXpress9Compression: JET_ENGINEFORMATVERSION = 8980;
    /// Engine format version: uppercase text normalization.
    JET_efvUppercaseTextNormalization: JET_ENGINEFORMATVERSION = 9000;
    /// Engine format version: dbscan header highest page seen.
    JET_efvDbscanHeaderHighestPageSeen: JET_ENGINEFORMATVERSION = 9020;
    /// Engine format version: escrow 64.
    JET_efvEscrow64: JET_ENGINEFORMATVERSION = 9040;
    /// Engine format version: synchronous LV cleanup.
    JET_efvSynchronousLVCleanup: JET_ENGINEFORMATVERSION = 9060;
    /// Engine format version: lid 64.
    JET_efvLid64: JET_ENGINEFORMATVERSION = 9080;
    /// Engine format version: shrink eof.
    JET_efvShrinkEof: JET_ENGINEFORMATVERSION = 9100;
    /// Engine format version: log new page.
    JET_efvLogNewPage: JET_ENGINEFORMATVERSION = 9120;
    /// Engine format version: root page move.
    JET_efvRootPageMove: JET_ENGINEFORMATVERSION = 9140;
    /// Engine format version: scan check 2.
    JET_efvScanCheck2: JET_ENGINEFORMATVERSION = 9160;
    /// Engine format version: lgpos last resize.
    JET_efvLgposLastResize: JET_ENGINEFORMATVERSION = 9180;
    /// Engine format version: shelved pages.
    JET_efvShelvedPages: JET_ENGINEFORMATVERSION = 9200;
    /// Engine format version: shelved pages revert.
    JET_efvShelvedPagesRevert: JET_ENGINEFORMATVERSION = 9220;
    /// Engine format version: shelved pages 2.
    JET_efvShelvedPages2: JET_ENGINEFORMATVERSION = 9240;
    /// Engine format version: logtime gen max required.
    JET_efvLogtimeGenMaxRequired: JET_ENGINEFORMATVERSION = 9260;
    /// Engine format version: variable db hdr signature snapshot.
    JET_efvVariableDbHdrSignatureSnapshot: JET_ENGINEFORMATVERSION = 9280;
    /// Engine format version: lower min req log gen on redo.
    JET_efvLowerMinReqLogGenOnRedo: JET_ENGINEFORMATVERSION = 9300;
    /// Engine format version: db time shrink.
    JET_efvDbTimeShrink: JET_ENGINEFORMATVERSION = 9320;
    /// Engine format version: xpress 10 compression.
    JET_efvXpress10Compression: JET_ENGINEFORMATVERSION = 9340;
    /// Engine format version: revert snapshot.
    JET_efvRevertSnapshot: JET_ENGINEFORMATVERSION = 9360;
    /// Engine format version: apply revert snapshot.
    JET_efvApplyRevertSnapshot: JET_ENGINEFORMATVERSION = 9380;
    /// Engine format version: extent page count cache.
    JET_efvExtentPageCountCache: JET_ENGINEFORMATVERSION = 9400;
    /// Engine format version: lz 4 compression.
    JET_efvLz4Compression: JET_ENGINEFORMATVERSION = 9420;
    /// Engine format version: RBS non revertable table deletes.
    JET_efvRBSNonRevertableTableDeletes: JET_ENGINEFORMATVERSION = 9460;
    /// Engine format version: scan check 2 flags.
    JET_efvScanCheck2Flags: JET_ENGINEFORMATVERSION = 9480;
    /// Engine format version: extent freed 2.
    JET_efvExtentFreed2: JET_ENGINEFORMATVERSION = 9500;
    /// Engine format version: KVP store v 2.
    JET_efvKVPStoreV2: JET_ENGINEFORMATVERSION = 9520;
    /// Engine format version: index deferred populate.
    JET_efvIndexDeferredPopulate: JET_ENGINEFORMATVERSION = 9540;
    /// Engine format version: reserved tags.
    JET_efvReservedTags: JET_ENGINEFORMATVERSION = 9560;
    /// Engine format version: RBS too soon deletes.
    JET_efvRBSTooSoonDeletes: JET_ENGINEFORMATVERSION = 9580;
    /// Engine format version: optionally unique indices.
    JET_efvOptionallyUniqueIndices: JET_ENGINEFORMATVERSION = 9600;
    /// Engine format version: use engine default.
    JET_efvUseEngineDefault: JET_ENGINEFORMATVERSION = 0x40000001;
    /// Engine format version: use persisted format.
    JET_efvUsePersistedFormat: JET_ENGINEFORMATVERSION = 0x40000002;
    /// Engine format version: allow higher persisted format.
    JET_efvAllowHigherPersistedFormat: JET_ENGINEFORMATVERSION = 0x41000000;
}
