//! The fault plan and crash points of `SimFs`: faults fire at exactly the
//! chosen call, transiently or persistently, with the chosen error; `crash_at`
//! kills the simulated process at any call.

use ese_os::{
    Fault, FaultKind, FaultOp, File, FileSystem, OpenOptions, SimError, SimFs, TearPolicy,
};
use std::io::{self, ErrorKind};
use std::path::Path;

fn p(s: &str) -> &Path {
    Path::new(s)
}

fn read_all(fs: &SimFs, path: &Path) -> Vec<u8> {
    let f = fs.open(path, OpenOptions::read_only()).unwrap();
    let mut buf = vec![0u8; f.len().unwrap() as usize];
    f.read_at(0, &mut buf).unwrap();
    buf
}

fn setup() -> (SimFs, Box<dyn File>) {
    let fs = SimFs::new();
    let f = fs.open(p("/db.edb"), OpenOptions::create_new()).unwrap();
    (fs, f)
}

#[test]
fn a_transient_fault_fails_exactly_the_nth_matching_call() {
    let (fs, f) = setup();
    f.write_at(0, b"before").unwrap();
    // Counted from injection: the two writes above and below do not count.
    fs.inject(Fault::new(FaultOp::Write, 3, FaultKind::Eio));
    let mut results = Vec::new();
    for i in 0..6u64 {
        results.push(f.write_at(i, &[b'0' + i as u8]).is_ok());
        let mut b = [0u8; 1];
        f.read_at(0, &mut b).unwrap();
    }
    assert_eq!(results, [true, true, false, true, true, true]);
    // The failed write had no effect: offset 2 still holds the old byte.
    assert_eq!(fs.volatile_image(p("/db.edb")).unwrap(), b"01f345");
    assert_eq!(fs.faults_fired(), 1);
}

#[test]
fn a_persistent_fault_keeps_failing_until_cleared() {
    let (fs, f) = setup();
    fs.inject(Fault::new(FaultOp::Sync, 2, FaultKind::Eio).persistent());
    let results: Vec<bool> = (0..5).map(|_| f.sync_data().is_ok()).collect();
    assert_eq!(results, [true, false, false, false, false]);
    assert!(f.sync_all().is_err());
    fs.clear_faults();
    f.sync_all().unwrap();
    assert_eq!(fs.faults_fired(), 5);
}

#[test]
fn disk_full_and_eio_are_told_apart() {
    let (fs, f) = setup();
    fs.inject(Fault::new(FaultOp::Write, 1, FaultKind::DiskFull));
    let full = f.write_at(0, b"x").unwrap_err();
    assert_eq!(full.kind(), ErrorKind::StorageFull);
    assert_eq!(SimError::of(&full), Some(SimError::DiskFull));
    fs.inject(Fault::new(FaultOp::Write, 1, FaultKind::Eio));
    let eio = f.write_at(0, b"x").unwrap_err();
    assert_eq!(eio.kind(), ErrorKind::Other);
    assert!(eio.to_string().contains("EIO"));
    assert_eq!(SimError::of(&eio), Some(SimError::Eio));
    assert_eq!(fs.volatile_image(p("/db.edb")).unwrap(), b"");
}

#[test]
fn faults_can_be_limited_to_a_path() {
    let fs = SimFs::new();
    let db = fs
        .open(p("/x/../db.edb"), OpenOptions::create_new())
        .unwrap();
    let log = fs.open(p("/edb.log"), OpenOptions::create_new()).unwrap();
    fs.inject(
        Fault::new(FaultOp::Any, 1, FaultKind::Eio)
            .on_path(".log")
            .persistent(),
    );
    db.write_at(0, b"fine").unwrap();
    db.sync_data().unwrap();
    assert!(log.write_at(0, b"no").is_err());
    assert!(log.sync_data().is_err());
    assert!(
        fs.rename(p("/db.edb"), p("/edb.log")).is_err(),
        "either path matches"
    );
    assert!(fs.open(p("/edb.log"), OpenOptions::read_only()).is_err());
    fs.rename(p("/db.edb"), p("/db2.edb")).unwrap();
}

/// Runs one call of each counted kind; returns which `FaultOp` each used.
fn each_call(fs: &SimFs) -> Vec<(FaultOp, io::Result<()>)> {
    let mut out = Vec::new();
    out.push((FaultOp::Create, fs.create_dir_all(p("/d")).map(drop)));
    out.push((
        FaultOp::Create,
        fs.open(p("/d/f"), OpenOptions::create_new()).map(drop),
    ));
    match fs.open(p("/keep"), OpenOptions::read_write()) {
        Ok(f) => {
            out.push((FaultOp::Open, Ok(())));
            out.push((FaultOp::Write, f.write_at(0, b"abc")));
            let mut b = [0u8; 1];
            out.push((FaultOp::Read, f.read_at(0, &mut b)));
            out.push((FaultOp::SetLen, f.set_len(2)));
            out.push((FaultOp::Sync, f.sync_data()));
            out.push((FaultOp::Sync, f.sync_all()));
        }
        Err(e) => out.push((FaultOp::Open, Err(e))),
    }
    out.push((FaultOp::SyncDir, fs.sync_dir(p("/"))));
    out.push((FaultOp::Rename, fs.rename(p("/d/f"), p("/d/g"))));
    out.push((FaultOp::Remove, fs.remove_file(p("/d/g"))));
    out.push((FaultOp::Remove, fs.remove_dir(p("/d"))));
    out
}

#[test]
fn every_op_kind_is_faultable_and_counted() {
    let kinds = [
        FaultOp::Read,
        FaultOp::Write,
        FaultOp::Sync,
        FaultOp::SyncDir,
        FaultOp::Open,
        FaultOp::Create,
        FaultOp::Rename,
        FaultOp::Remove,
        FaultOp::SetLen,
        FaultOp::Any,
    ];
    for kind in kinds {
        let fs = SimFs::new();
        fs.open(p("/keep"), OpenOptions::create_new()).unwrap();
        fs.inject(Fault::new(kind, 1, FaultKind::Eio).persistent());
        let before = fs.io_count();
        let calls = each_call(&fs);
        // Queries are not counted and not faulted.
        fs.kind(p("/")).unwrap();
        fs.read_dir(p("/")).unwrap();
        assert_eq!(fs.io_count() - before, calls.len() as u64);
        for (op, result) in calls {
            if kind.matches(op) {
                let err = result.expect_err("matching call must fail");
                assert_eq!(
                    SimError::of(&err),
                    Some(SimError::Eio),
                    "{kind:?} on {op:?}"
                );
            } else if let Err(e) = result {
                // A failure caused by an earlier failed call (e.g. the renamed
                // file was never created) is not an injected one.
                assert_eq!(SimError::of(&e), None, "{kind:?} leaked onto {op:?}");
            }
        }
    }
}

/// A small script in the shape of a log rollover plus a database write.
fn script(fs: &SimFs) -> io::Result<()> {
    fs.create_dir_all(p("/db"))?;
    fs.sync_dir(p("/"))?;
    let tmp = fs.open(p("/db/edbtmp.log"), OpenOptions::create_new())?;
    tmp.write_at(0, &[0x11; 1024])?;
    tmp.write_at(1024, &[0x22; 1024])?;
    tmp.sync_all()?;
    drop(tmp);
    fs.rename(p("/db/edbtmp.log"), p("/db/edb.log"))?;
    fs.sync_dir(p("/db"))?;
    let db = fs.open(p("/db/x.edb"), OpenOptions::create_new())?;
    db.set_len(4096)?;
    db.write_at(0, &[0x33; 4096])?;
    db.sync_all()?;
    fs.sync_dir(p("/db"))?;
    Ok(())
}

#[test]
fn crash_at_every_call_then_recover() {
    let probe = SimFs::new();
    script(&probe).unwrap();
    let total = probe.io_count();
    assert_eq!(total, 13);
    for n in 1..=total + 1 {
        for seed in 0..8u64 {
            let fs = SimFs::new();
            fs.crash_at(n);
            let result = script(&fs);
            if n > total {
                result.unwrap();
                assert!(!fs.is_crashed());
            } else {
                let err = result.unwrap_err();
                assert_eq!(SimError::of(&err), Some(SimError::Crash));
                assert_eq!(fs.io_count(), n, "the crash is the nth call");
                assert!(fs.is_crashed());
                // Everything fails once dead, counted or not.
                assert!(fs.kind(p("/")).is_err());
                assert!(fs.read_dir(p("/")).is_err());
                assert!(!fs.exists(p("/")));
                assert!(fs.open(p("/z"), OpenOptions::create_new()).is_err());
            }
            let policy = [TearPolicy::Default, TearPolicy::AtomicSector][(seed % 2) as usize];
            fs.power_cut_with(seed, policy);
            assert!(!fs.is_crashed());
            // The rollover is all or nothing: the log is whole or absent.
            if fs.exists(p("/db/edb.log")) {
                assert_eq!(
                    read_all(&fs, p("/db/edb.log")).len(),
                    2048,
                    "n={n} seed={seed}"
                );
            }
            // Durable once its directory sync completed (call 13 is the last).
            if n > 8 {
                assert_eq!(read_all(&fs, p("/db/edb.log"))[1024], 0x22);
            }
            if n > total {
                assert_eq!(read_all(&fs, p("/db/x.edb")), vec![0x33; 4096]);
            }
            // After the power cut the disk is usable again.
            fs.create_dir_all(p("/db")).unwrap();
            fs.open(p("/db/after"), OpenOptions::create_new()).unwrap();
        }
    }
}

#[test]
fn crash_at_a_passed_number_crashes_the_next_call() {
    let (fs, f) = setup();
    f.write_at(0, b"a").unwrap();
    fs.crash_at(1);
    let err = f.write_at(0, b"b").unwrap_err();
    assert_eq!(SimError::of(&err), Some(SimError::Crash));
    assert!(f.len().is_err());
    fs.power_cut_with(0, TearPolicy::KeepAll);
    // The crashed write never happened; the earlier one survives under KeepAll
    // (the create too).
    assert_eq!(read_all(&fs, p("/db.edb")), b"a");
}

#[test]
fn faults_are_deterministic() {
    let run = || {
        let fs = SimFs::new();
        fs.inject(Fault::new(FaultOp::Any, 7, FaultKind::DiskFull));
        let f = fs.open(p("/f"), OpenOptions::create_new()).unwrap();
        let results: Vec<bool> = (0..10).map(|i| f.write_at(i, b"z").is_ok()).collect();
        (results, fs.volatile_image(p("/f")).unwrap(), fs.io_count())
    };
    let first = run();
    assert_eq!(first, run());
    assert_eq!(first.0.iter().filter(|ok| !**ok).count(), 1);
    assert!(!first.0[5], "call 7 is the 6th write");
}
