//! Point reads, as the comparison binary's readers make them: a
//! table `kv` of 8-byte big-endian counter keys (the primary index) and 100-byte
//! values, loaded in order into a database without an instance (8 KiB pages,
//! 32,768 cache frames), then random keys read with `Table::seek` on the primary
//! index (the value's length checked), in a second row with `Table::seek_column` (the
//! value copied into a buffer kept from read to read), and in a third with a session's
//! cursor (`make_key`, `seek(Eq)`, `retrieve_column`).
//!
//! Each row: nanoseconds per read, the median and the range over the
//! repetitions. One thread alone: wall time per read. `--threads T` readers at
//! once (`Table::seek`, each its own share of the keys): processor time per
//! read, summed over the threads (each thread's own time on a processor, from
//! `/proc/thread-self/schedstat`, which the kernel brings up to date at its
//! ticks and switches: good to about a tick per thread, so each thread should
//! read for tens of milliseconds at least), which leaves out the waits for a processor
//! when there are more threads than processors and keeps what sharing pages
//! costs (latches and reference counts written by every reader). One small
//! table that stays in the processor's caches and one large table that does not
//! show what a read computes and what it waits for. Run with `cargo bench -p ese
//! --bench point_read`; `--sizes A,B` (default 5000,1000000), `--reads N`
//! (default 200,000), `--reps R` (default 5), `--threads T` (default 7) and
//! `--dir DIR` (default: the system's temp folder) change it. Figures are for
//! reading; nothing is asserted.

mod support;

use ese::db::{CreateOptions, KeyLimit, SeekGrbit};
use ese::format::coltype::Value;
use ese::record::{Cell, Row, RowValue};
use ese::{Database, SeekOp};
use ese_os::{Rng, SplitMix64};
use std::path::PathBuf;
use std::time::Instant;
use support::{arg, kv_spec, thread_cpu_ns};

const VALUE_LEN: usize = 100;

fn load(path: &std::path::Path, n: usize) -> Database {
    let _ = std::fs::remove_file(path);
    let opts = CreateOptions {
        page_size: 8192,
        cache_pages: 32 * 1024,
        ..Default::default()
    };
    let mut db = Database::create(path, opts).expect("create the database");
    db.create_table_spec(&kv_spec(8)).expect("create the table");
    let table = db.table("kv").expect("the table");
    let k = table.def().column("k").expect("column k").id;
    let v = table.def().column("v").expect("column v").id;
    let session = db.begin_session().expect("a session");
    let mut cursor = session.open_table(&db, "kv").expect("open the table");
    let mut rng = SplitMix64::new(7);
    for chunk in (0..n).collect::<Vec<_>>().chunks(1000) {
        session.begin_transaction().expect("begin");
        for &i in chunk {
            let mut value = [0u8; VALUE_LEN];
            for c in value.chunks_mut(8) {
                let w = rng.next_u64().to_le_bytes();
                c.copy_from_slice(&w[..c.len()]);
            }
            let mut row = Row::new();
            row.set(
                k,
                RowValue::One(Cell::Raw((i as u64).to_be_bytes().to_vec())),
            );
            row.set(v, RowValue::One(Cell::Raw(value.to_vec())));
            cursor.insert_row(&row).expect("insert");
        }
        session.commit_transaction().expect("commit");
    }
    drop(cursor);
    drop(session);
    db
}

fn median(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(|a, b| a.total_cmp(b));
    (v[v.len() / 2], v[0], v[v.len() - 1])
}

fn main() {
    let sizes: Vec<usize> = arg("--sizes")
        .unwrap_or_else(|| "5000,1000000".into())
        .split(',')
        .map(|s| s.parse().expect("--sizes A,B"))
        .collect();
    let reads: usize = arg("--reads").map_or(200_000, |s| s.parse().expect("--reads N"));
    let reps: usize = arg("--reps").map_or(5, |s| s.parse().expect("--reps R"));
    let threads: usize = arg("--threads").map_or(7, |s| s.parse().expect("--threads T"));
    let base: PathBuf = arg("--dir").map_or_else(std::env::temp_dir, PathBuf::from);
    println!(
        "point reads: {reads} random keys per repetition, {reps} repetitions, one thread, then {threads} threads"
    );
    println!("| records | path | ns per read, median (min–max) |");
    println!("| --- | --- | --- |");
    for &n in &sizes {
        let path = base.join(format!("ese-point-read-{n}.edb"));
        let db = load(&path, n);
        let table = db.table("kv").expect("the table");
        let v = table.def().column("v").expect("column v").clone();
        let mut rng = SplitMix64::new(11);
        let keys: Vec<[u8; 8]> = (0..reads)
            .map(|_| (rng.next_u64() % n as u64).to_be_bytes())
            .collect();
        // Warm the cache: every page resident before timing.
        for rec in table.records().expect("scan") {
            rec.expect("a record");
        }
        let mut seek = Vec::new();
        for _ in 0..reps {
            let t = Instant::now();
            for key in &keys {
                let rec = table
                    .seek("primary", &[Some(Value::Binary(key.to_vec()))], SeekOp::Eq)
                    .expect("seek")
                    .expect("the record");
                match rec.value(&v).expect("value").first() {
                    Some(Value::Binary(b)) if b.len() == VALUE_LEN => {}
                    other => panic!("value of key {key:?}: {other:?}"),
                }
            }
            seek.push(t.elapsed().as_nanos() as f64 / reads as f64);
        }
        let mut in_place = Vec::new();
        let mut key = [Some(Value::Binary(Vec::new()))];
        let mut buf = Vec::new();
        for _ in 0..reps {
            let t = Instant::now();
            for k in &keys {
                if let Some(Value::Binary(b)) = &mut key[0] {
                    b.clear();
                    b.extend_from_slice(k);
                }
                let found = table
                    .seek_column("primary", &key, SeekOp::Eq, &v, &mut buf)
                    .expect("seek_column");
                assert!(
                    found == Some(true) && buf.len() == VALUE_LEN,
                    "value of key {k:?}: {found:?}, {} bytes",
                    buf.len()
                );
            }
            in_place.push(t.elapsed().as_nanos() as f64 / reads as f64);
        }
        let session = db.begin_session().expect("a session");
        let mut cursor = session.open_table(&db, "kv").expect("open the table");
        let mut by_cursor = Vec::new();
        for _ in 0..reps {
            let t = Instant::now();
            for key in &keys {
                cursor
                    .make_key(&[Some(Value::Binary(key.to_vec()))], KeyLimit::None)
                    .expect("make_key");
                cursor.seek(SeekGrbit::Eq).expect("seek");
                let (value, _) = cursor.retrieve_column(v.id, 1).expect("retrieve");
                match value {
                    Some(Value::Binary(b)) if b.len() == VALUE_LEN => {}
                    other => panic!("value of key {key:?}: {other:?}"),
                }
            }
            by_cursor.push(t.elapsed().as_nanos() as f64 / reads as f64);
        }
        let mut shared = Vec::new();
        for _ in 0..reps {
            let cpu: u64 = std::thread::scope(|s| {
                let handles: Vec<_> = keys
                    .chunks(reads.div_ceil(threads))
                    .map(|part| {
                        let (table, v) = (&table, &v);
                        s.spawn(move || {
                            let start = thread_cpu_ns();
                            for key in part {
                                let rec = table
                                    .seek(
                                        "primary",
                                        &[Some(Value::Binary(key.to_vec()))],
                                        SeekOp::Eq,
                                    )
                                    .expect("seek")
                                    .expect("the record");
                                match rec.value(v).expect("value").first() {
                                    Some(Value::Binary(b)) if b.len() == VALUE_LEN => {}
                                    other => panic!("value of key {key:?}: {other:?}"),
                                }
                            }
                            thread_cpu_ns() - start
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().expect("a reader"))
                    .sum()
            });
            shared.push(cpu as f64 / reads as f64);
        }
        let many = format!("`Table::seek`, {threads} threads, processor time");
        for (name, figures) in [
            ("`Table::seek`", seek),
            (
                "`Table::seek_column` (the value into a kept buffer)",
                in_place,
            ),
            ("cursor `make_key`, `seek`, `retrieve_column`", by_cursor),
            (many.as_str(), shared),
        ] {
            let (m, lo, hi) = median(figures);
            println!("| {n} | {name} | {m:.0} ({lo:.0}–{hi:.0}) |");
        }
        drop(cursor);
        drop(session);
        drop(table);
        db.close().expect("close");
        let _ = std::fs::remove_file(&path);
    }
}
