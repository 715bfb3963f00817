//! The header of a new database (`catalog::header`) against the sample databases, field by
//! field: every field not set by time, randomness, the transaction log or the database's later
//! life must equal the sample's.

mod common;

use ese::catalog::header::{
    logtime_from_unix_millis, HeaderParams, OsVersion, DEFAULT_OS_VERSION,
    SORT_VERSION_LOCALES_TABLE,
};
use ese::catalog::new_database_header;
use ese::format::header::{DbHeader, DbState, LogTime};

/// Copies into `ours` the fields of `theirs` that a new database made without logs cannot
/// share with a sample: times, random signatures, everything the transaction log sets (the
/// samples were created with logging on), the dbtime and objidLast of their later life, and
/// their flush-map signature (they kept a persisted flush map).
fn overlay_variable(ours: &mut DbHeader, theirs: &DbHeader) {
    ours.checksum = theirs.checksum;
    ours.dbtime = theirs.dbtime;
    ours.signature = theirs.signature;
    ours.objid_last = theirs.objid_last;
    // Set by the log: positions and generations.
    ours.lgpos_consistent = theirs.lgpos_consistent;
    ours.lgpos_attach = theirs.lgpos_attach;
    ours.lgpos_detach = theirs.lgpos_detach;
    ours.log_signature = theirs.log_signature;
    // Times.
    ours.time_consistent = theirs.time_consistent;
    ours.time_attach = theirs.time_attach;
    ours.time_detach = theirs.time_detach;
    // A new random signature on every header write; the flush map's own signature.
    ours.signature_header_flush = theirs.signature_header_flush;
    ours.signature_flush_map_flush = theirs.signature_flush_map_flush;
}

#[test]
fn new_header_equals_every_clean_sample_field_by_field() {
    for name in common::SAMPLES {
        if name == "Windows.edb" {
            continue; // dirty, and upgraded to 0x620,110,240 since its creation
        }
        let db = common::open_sample(name);
        let theirs = db.header();
        let mut params = HeaderParams::new(
            db.page_size() as u32,
            theirs.signature.random,
            theirs.signature.create_time,
        );
        if theirs.os_major != DEFAULT_OS_VERSION.major {
            // SRUDB.dat and Current.mdb come from Windows Server 2019 programs with a manifest.
            params.os = OsVersion {
                major: theirs.os_major,
                minor: theirs.os_minor,
                build: theirs.os_build,
                service_pack: theirs.os_service_pack,
            };
        }
        let mut ours = params.header().unwrap();
        assert_eq!(ours.signature, theirs.signature, "{name}: signature");
        overlay_variable(&mut ours, theirs);
        assert_eq!(ours, *theirs, "{name}");
    }
}

#[test]
fn synthetic_samples_record_the_default_os_version() {
    for name in [
        "basic.edb",
        "binary.edb",
        "text.edb",
        "multi.edb",
        "default.edb",
        "index.edb",
        "large.edb",
    ] {
        let h = common::open_sample(name).header().clone();
        assert_eq!(
            (h.os_major, h.os_minor, h.os_build, h.os_service_pack),
            (6, 2, 9200, 0),
            "{name}"
        );
    }
}

#[test]
fn fixed_fields_of_a_new_header() {
    let t = logtime_from_unix_millis(1_660_909_592_636).unwrap();
    let h = new_database_header(4096, 2_277_765_278, t).unwrap();
    assert_eq!(h.format_version(), (0x620, 20, 0));
    assert_eq!((h.create_version, h.create_update), (0x620, 20));
    assert_eq!(h.state, DbState::CleanShutdown);
    assert_eq!(h.page_size(), 4096);
    assert_eq!(h.objid_last, 7);
    assert_eq!(h.dbtime, 0x40);
    assert_eq!(h.sort_version, SORT_VERSION_LOCALES_TABLE);
    assert_eq!(h.file_type, 1);
    assert!(h.lgpos_consistent.is_null() && h.lgpos_attach.is_null() && h.lgpos_detach.is_null());
    assert_eq!(h.log_signature, Default::default());
    assert_eq!(
        (
            h.lgen_min_required,
            h.lgen_max_required,
            h.lgen_max_committed
        ),
        (0, 0, 0)
    );
    assert_eq!(h.signature.computer_name, [0; 16]);
    // The same creation time as basic.edb's signature.
    let basic = common::open_sample("basic.edb");
    assert_eq!(h.signature, basic.header().signature);
    // It encodes, and decodes back with a valid checksum.
    let mut page = vec![0u8; 4096];
    h.encode(&mut page);
    let back = DbHeader::decode(&page).unwrap();
    assert_eq!(
        DbHeader {
            checksum: back.checksum,
            ..h
        },
        back
    );
    assert!(new_database_header(1000, 1, t).is_err());
}

#[test]
fn logtimes_from_unix_time() {
    let t = logtime_from_unix_millis(1_660_909_592_636).unwrap();
    assert_eq!(
        t,
        LogTime {
            seconds: 32,
            minutes: 46,
            hours: 11,
            day: 19,
            month: 8,
            year: 122,
            utc: true,
            milliseconds: 636,
            os_snapshot: false,
            unused: 0,
        }
    );
    let leap = logtime_from_unix_millis(951_868_799_999).unwrap();
    assert_eq!(
        (
            leap.year,
            leap.month,
            leap.day,
            leap.hours,
            leap.minutes,
            leap.seconds,
            leap.milliseconds
        ),
        (100, 2, 29, 23, 59, 59, 999)
    );
    let start = logtime_from_unix_millis(-2_208_988_800_000).unwrap();
    assert_eq!((start.year, start.month, start.day), (0, 1, 1));
    assert!(logtime_from_unix_millis(-2_208_988_800_001).is_err());
    assert!(logtime_from_unix_millis(i64::MAX).is_err());
    assert!(logtime_from_unix_millis(i64::MIN).is_err());
}
