//! Unit tests of the log layer on the in-memory file system.

use super::*;
use crate::format::log::{Lgpos, LogRecord};
use ese_os::{MemFs, SharedFs, SimClock, SplitMix64};
use std::path::Path;
use std::sync::Arc;

fn cfg(buffer: usize) -> LogConfig {
    let mut c = LogConfig::new("/logs", "edb");
    c.file_size = MIN_LOG_FILE_SIZE;
    c.buffer_size = buffer;
    c
}

fn rec(i: u64, size: usize) -> LogRecord {
    LogRecord::PageOp {
        dbid: 1,
        pgno: i as u32,
        objid: 2,
        dbtime_before: i,
        dbtime_after: i + 1,
        txn: i,
        op: 7,
        payload: vec![(i % 251) as u8; size],
    }
}

fn new_writer(fs: &SharedFs, c: LogConfig) -> LogWriter {
    LogWriter::create(
        fs.clone(),
        c,
        Arc::new(SimClock::new()),
        &mut SplitMix64::new(1),
    )
    .unwrap()
}

fn read_all(fs: &SharedFs) -> (Vec<(Lgpos, LogRecord)>, LogEnd) {
    LogReader::open(fs.clone(), Path::new("/logs"), "edb")
        .unwrap()
        .read_all_from(Lgpos::MIN)
        .unwrap()
}

#[test]
fn records_round_trip_across_blocks_and_generations() {
    round_trip(512);
    round_trip(4096);
}

fn round_trip(sector_size: u32) {
    let fs: SharedFs = Arc::new(MemFs::new());
    let mut c = cfg(4096);
    c.sector_size = sector_size;
    let w = new_writer(&fs, c);
    let mut expect = Vec::new();
    let mut last = Lgpos::MIN;
    for i in 0..400u64 {
        let r = rec(i, (i as usize * 37) % 3000);
        let p = w.append(std::slice::from_ref(&r)).unwrap();
        assert!(p > last, "positions grow");
        last = p;
        expect.push(r);
        if i % 7 == 0 {
            w.flush_to(p).unwrap();
            assert!(w.durable_lgpos() >= p);
        }
    }
    w.flush_all().unwrap();
    assert!(w.generation() > 3, "several rollovers happened");
    let (got, end) = read_all(&fs);
    let recs: Vec<_> = got.iter().map(|(_, r)| r.clone()).collect();
    assert_eq!(recs, expect);
    assert_eq!(end.kind, ReadEnd::Clean);
    assert_eq!(end.end, w.appended_lgpos());
    assert!(got.windows(2).all(|p| p[0].0 < p[1].0));
    // Reading from a position skips what is before it.
    let from = got[200].0;
    let r = LogReader::open(fs.clone(), Path::new("/logs"), "edb").unwrap();
    let tail: Vec<_> = r.iter_from(from).map(|x| x.unwrap()).collect();
    assert_eq!(tail, got[200..].to_vec());
    assert_eq!(w.reserve_count(), 2);
}

#[test]
fn unflushed_records_are_not_on_disk_and_open_after_continues() {
    let fs: SharedFs = Arc::new(MemFs::new());
    let w = new_writer(&fs, cfg(8192));
    let p = w.append(&[rec(1, 10), rec(2, 20)]).unwrap();
    w.flush_to(p).unwrap();
    w.append(&[rec(3, 30)]).unwrap();
    drop(w);
    let (got, end) = read_all(&fs);
    assert_eq!(got.len(), 2);
    let w = LogWriter::open_after(fs.clone(), cfg(8192), Arc::new(SimClock::new()), &end).unwrap();
    let p = w.append(&[rec(4, 40)]).unwrap();
    w.flush_to(p).unwrap();
    let (got, _) = read_all(&fs);
    let recs: Vec<_> = got.into_iter().map(|(_, r)| r).collect();
    assert_eq!(recs, vec![rec(1, 10), rec(2, 20), rec(4, 40)]);
}

#[test]
fn create_refuses_an_existing_stream_and_oversized_records() {
    let fs: SharedFs = Arc::new(MemFs::new());
    let w = new_writer(&fs, cfg(4096));
    let e = w.append(&[rec(0, 70_000)]).unwrap_err();
    assert_eq!(e.code(), crate::ErrorCode::LogBufferTooSmall);
    let e = LogWriter::create(
        fs.clone(),
        cfg(4096),
        Arc::new(SimClock::new()),
        &mut SplitMix64::new(2),
    )
    .unwrap_err();
    assert_eq!(e.code(), crate::ErrorCode::InvalidParameter);
}

#[test]
fn delete_generations_below_keeps_the_rest() {
    let fs: SharedFs = Arc::new(MemFs::new());
    let w = new_writer(&fs, cfg(4096));
    while w.generation() < 5 {
        w.append(&[rec(1, 2000)]).unwrap();
    }
    assert_eq!(
        list_generations(fs.as_ref(), Path::new("/logs"), "edb").unwrap(),
        vec![1, 2, 3, 4]
    );
    assert_eq!(w.delete_generations_below(3).unwrap(), 2);
    let r = LogReader::open(fs.clone(), Path::new("/logs"), "edb").unwrap();
    assert_eq!(r.generations(), vec![3, 4, 5]);
    assert!(r
        .required_from(Lgpos {
            generation: 3,
            sector: 0,
            byte: 0
        })
        .is_ok());
    let e = r
        .required_from(Lgpos {
            generation: 1,
            sector: 0,
            byte: 0,
        })
        .unwrap_err();
    assert_eq!(e.code(), crate::ErrorCode::RequiredLogFilesMissing);
    assert!(e.to_string().contains("00000001 to 00000002"), "{e}");
}

#[test]
fn background_flusher_makes_lazy_commits_durable() {
    let fs: SharedFs = Arc::new(MemFs::new());
    let w = new_writer(&fs, cfg(4096));
    let bg = w.start_background_flusher(std::time::Duration::from_millis(2));
    let p = w.append(&[rec(1, 10)]).unwrap();
    let t = std::time::Instant::now();
    while w.durable_lgpos() < p {
        assert!(
            t.elapsed() < std::time::Duration::from_secs(10),
            "never flushed"
        );
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    bg.stop();
    let p2 = w.append(&[rec(2, 10)]).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert!(w.durable_lgpos() < p2, "a stopped flusher does not flush");
}

/// A stream of three generations on a `MemFs`, with its records.
fn sample_stream() -> (SharedFs, Vec<LogRecord>) {
    let fs: SharedFs = Arc::new(MemFs::new());
    let w = new_writer(&fs, cfg(2048));
    let mut all = Vec::new();
    let mut i = 0;
    while w.generation() < 3 {
        let r = rec(i, (i as usize * 131) % 2500);
        let p = w.append(std::slice::from_ref(&r)).unwrap();
        if i % 2 == 0 {
            w.flush_to(p).unwrap();
        }
        all.push(r);
        i += 1;
    }
    w.flush_all().unwrap();
    (fs, all)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Damaged files give an error or a prefix of what was written: never a
    /// panic, never a record that was not written.
    #[test]
    fn damaged_logs_read_as_a_prefix_or_an_error(
        damage in proptest::collection::vec((0u8..3, proptest::prelude::any::<u32>(), proptest::prelude::any::<u8>()), 1..6)
    ) {
        let (fs, all) = sample_stream();
        let names = ["edb00000001.log", "edb00000002.log", "edb.log"];
        for (file, off, val) in damage {
            let p = Path::new("/logs").join(names[file as usize]);
            let f = fs.open(&p, ese_os::OpenOptions::read_write()).unwrap();
            let off = u64::from(off) % f.len().unwrap();
            f.write_at(off, &[val]).unwrap();
        }
        let res = LogReader::open(fs.clone(), Path::new("/logs"), "edb")
            .and_then(|r| r.read_all_from(Lgpos::MIN));
        if let Ok((got, _)) = res {
            let got: Vec<_> = got.into_iter().map(|(_, r)| r).collect();
            proptest::prop_assert!(got.len() <= all.len());
            proptest::prop_assert_eq!(&got[..], &all[..got.len()]);
        }
    }
}
