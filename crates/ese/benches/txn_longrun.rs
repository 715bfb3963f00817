//! A long run of small transactions: does memory stay bounded while cleanup keeps
//! up? `S` sessions on `S` threads run `N` transactions over a bounded key space
//! (insert when absent, replace, delete, escrow update, point read; about 5 %
//! rolled back; write conflicts retried). One more session holds a read
//! transaction from 20 % to 35 % of the run, so the version store grows while that
//! snapshot is pinned and shrinks once it ends.
//!
//! Every 50,000 transactions a row shows: transactions done, elapsed seconds,
//! transactions per second, version-store bytes, live transactions, process RSS
//! and the database file's size. The end prints the peaks and the final state and
//! checks the database.
//!
//! Run with `cargo bench -p ese --bench txn_longrun`; arguments `--txns N` and
//! `--sessions S` (or `TXNS` and `SESSIONS` in the environment) change the size.
//! Figures are for reading, nothing here is asserted but the database check.

use ese::db::{KeyLimit, Prep, SeekGrbit};
use ese::format::coltype::Value;
use ese::record::schema::parse_schema;
use ese::record::Cell;
use ese::{CreateOptions, Cursor, ErrorCode, Instance, InstanceOptions};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// Keys the transactions choose from.
const KEYS: u64 = 100_000;
/// Transactions between two rows of the table.
const ROW_EVERY: u64 = 50_000;

// Column ids: id 1, val 2, cnt 3 (escrow), name 128 (text).
const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "val", "type": "Long"},
              {"name": "cnt", "type": "Long", "flags": ["EscrowUpdate"], "default": 0},
              {"name": "name", "type": "Text", "cp": 1252}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
              {"name": "byval", "key": ["+val"]}]}]}"#;

/// A small, seedable generator (SplitMix64), one per thread.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn arg(name: &str, env: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    let from_args = args
        .iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok());
    from_args
        .or_else(|| std::env::var(env).ok().and_then(|v| v.parse().ok()))
        .unwrap_or(default)
}

/// Resident set size of this process in bytes, from `/proc/self/statm`.
fn rss_bytes() -> u64 {
    let pages = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0u64);
    pages * 4096
}

fn file_size(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

fn mib(b: u64) -> f64 {
    b as f64 / (1024.0 * 1024.0)
}

fn goto(c: &mut Cursor, id: i32) -> ese::Result<bool> {
    c.make_key(&[Some(Value::Long(id))], KeyLimit::None)?;
    match c.seek(SeekGrbit::Eq) {
        Ok(_) => Ok(true),
        Err(e) if e.code() == ErrorCode::RecordNotFound => Ok(false),
        Err(e) => Err(e),
    }
}

fn name_of(rng: &mut Rng) -> String {
    let len = 8 + rng.below(40) as usize;
    (0..len)
        .map(|_| char::from(b'a' + rng.below(26) as u8))
        .collect()
}

fn write_record(c: &mut Cursor, prep: Prep, id: Option<i32>, rng: &mut Rng) -> ese::Result<()> {
    c.prepare_update(prep)?;
    let r = (|| {
        if let Some(id) = id {
            c.set_column(1, Some(Cell::Value(Value::Long(id))), 1)?;
        }
        let val = rng.below(1_000_000) as i32;
        c.set_column(2, Some(Cell::Value(Value::Long(val))), 1)?;
        let name = name_of(rng);
        c.set_column(128, Some(Cell::Value(Value::Text(name))), 1)?;
        c.update().map(|_| ())
    })();
    if r.is_err() {
        c.cancel_update();
    }
    r
}

/// One transaction's operations: one to three of insert-or-replace, delete,
/// escrow update and point read, on random keys. A failure names its operation.
fn run_ops(c: &mut Cursor, rng: &mut Rng) -> Result<(), (&'static str, ese::Error)> {
    let ops = 1 + rng.below(3);
    for _ in 0..ops {
        let id = rng.below(KEYS) as i32;
        let present = goto(c, id).map_err(|e| ("seek", e))?;
        let roll = rng.below(100);
        if !present {
            if roll < 70 {
                write_record(c, Prep::Insert, Some(id), rng).map_err(|e| ("insert", e))?;
            }
            continue;
        }
        match roll {
            0..=34 => write_record(c, Prep::Replace, None, rng).map_err(|e| ("replace", e))?,
            35..=54 => c.delete().map_err(|e| ("delete", e))?,
            55..=79 => {
                c.escrow_update(3, 1, false)
                    .map_err(|e| ("escrow update", e))?;
            }
            _ => {
                c.retrieve_column(2, 1).map_err(|e| ("read", e))?;
                c.retrieve_column(128, 1).map_err(|e| ("read", e))?;
            }
        }
    }
    Ok(())
}

/// Counters the workers share.
#[derive(Default)]
struct Stats {
    done: AtomicU64,
    rolled_back: AtomicU64,
    conflicts: AtomicU64,
    failed: AtomicU64,
    peak_rss: AtomicU64,
    peak_versions: AtomicUsize,
}

struct Run {
    inst: Instance,
    path: PathBuf,
    start: Instant,
    stats: Stats,
    rows: Mutex<()>,
}

impl Run {
    fn sample(&self) -> (u64, usize) {
        let rss = rss_bytes();
        let v = self.inst.version_store_bytes();
        self.stats.peak_rss.fetch_max(rss, Ordering::Relaxed);
        self.stats.peak_versions.fetch_max(v, Ordering::Relaxed);
        (rss, v)
    }

    fn row(&self, done: u64, note: &str) {
        let _g = self.rows.lock().unwrap_or_else(|p| p.into_inner());
        let (rss, v) = self.sample();
        let secs = self.start.elapsed().as_secs_f64();
        println!(
            "| {done:>9} | {secs:>7.1} | {:>7.0} | {:>10.2} | {:>4} | {:>8.1} | {:>8.1} | {note}",
            done as f64 / secs,
            mib(v as u64),
            self.inst.active_transactions(),
            mib(rss),
            mib(file_size(&self.path)),
        );
    }
}

fn worker(run: &Run, db: &ese::Database, total: u64, seed: u64) {
    let s = run.inst.begin_session().expect("session");
    let mut c = s.open_table(db, "t").expect("open table");
    let mut rng = Rng(seed);
    loop {
        let ticket = run.stats.done.load(Ordering::Relaxed);
        if ticket >= total {
            break;
        }
        loop {
            s.begin_transaction().expect("begin");
            match run_ops(&mut c, &mut rng) {
                Ok(()) => {
                    if rng.below(100) < 5 {
                        s.rollback().expect("rollback");
                        run.stats.rolled_back.fetch_add(1, Ordering::Relaxed);
                    } else {
                        s.commit_transaction().expect("commit");
                    }
                    break;
                }
                Err((_, e)) if e.code() == ErrorCode::WriteConflict => {
                    s.rollback().expect("rollback");
                    run.stats.conflicts.fetch_add(1, Ordering::Relaxed);
                }
                Err((op, e)) => {
                    // Not expected of the engine: counted, shown, and the
                    // transaction rolled back, so the run goes on and the end
                    // still checks the database.
                    s.rollback().expect("rollback");
                    let n = run.stats.failed.fetch_add(1, Ordering::Relaxed);
                    if n < 5 {
                        println!("unexpected failure of {op}: {e}");
                    }
                    break;
                }
            }
        }
        let done = run.stats.done.fetch_add(1, Ordering::Relaxed) + 1;
        if done.is_multiple_of(ROW_EVERY) {
            run.row(done, "");
        } else if done.is_multiple_of(1000) {
            run.sample();
        }
    }
}

fn main() {
    let total = arg("--txns", "TXNS", 1_000_000);
    let sessions = arg("--sessions", "SESSIONS", 4).max(1);
    let dir = std::env::temp_dir().join(format!("ese-longrun-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp folder");
    let path = dir.join("longrun.edb");
    let opts = InstanceOptions {
        system_path: dir.clone(),
        log_path: dir.clone(),
        ..InstanceOptions::default()
    };
    let inst = Instance::new(opts).expect("instance");
    let mut db = inst
        .create_database(&path, CreateOptions::default())
        .expect("create database");
    db.create_table_spec(&parse_schema(SCHEMA).expect("schema").tables[0])
        .expect("create table");

    println!(
        "txn_longrun: {total} transactions, {sessions} sessions, {KEYS} keys; a long reader \
         holds a snapshot from {} to {} transactions",
        total / 5,
        total * 7 / 20
    );
    println!(
        "| txns done | elapsed s | tx/s | version store MiB | live txns | RSS MiB | file MiB | note"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let run = Run {
        inst: inst.clone(),
        path: path.clone(),
        start: Instant::now(),
        stats: Stats::default(),
        rows: Mutex::new(()),
    };
    std::thread::scope(|scope| {
        for i in 0..sessions {
            let (run, db) = (&run, &db);
            scope.spawn(move || worker(run, db, total, 0x5EED + i));
        }
        // The long reader: one snapshot held over 15 % of the run.
        let reader = inst.begin_session().expect("reader session");
        let wait_for = |n: u64| {
            // Polls the shared counter; the workers do not wait on this thread.
            while run.stats.done.load(Ordering::Relaxed) < n {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        };
        wait_for(total / 5);
        reader.begin_transaction().expect("reader begin");
        let mut c = reader.open_table(&db, "t").expect("reader table");
        let first = c.move_first().is_ok();
        run.row(run.stats.done.load(Ordering::Relaxed), "long reader begins");
        wait_for(total * 7 / 20);
        run.row(run.stats.done.load(Ordering::Relaxed), "long reader ends");
        drop(c);
        reader.commit_transaction().expect("reader commit");
        assert!(first || total == 0);
    });
    let elapsed = run.start.elapsed().as_secs_f64();
    // Cleanup runs in the background: give it a bounded time to finish.
    let settle = Instant::now();
    while inst.version_store_bytes() > 0 && settle.elapsed().as_secs() < 10 {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    run.row(
        run.stats.done.load(Ordering::Relaxed),
        "after cleanup settled",
    );
    let st = &run.stats;
    println!(
        "transactions: {} in {elapsed:.1} s ({:.0} tx/s); rolled back {}; write conflicts retried {}; \
         failed otherwise {}",
        st.done.load(Ordering::Relaxed),
        st.done.load(Ordering::Relaxed) as f64 / elapsed,
        st.rolled_back.load(Ordering::Relaxed),
        st.conflicts.load(Ordering::Relaxed),
        st.failed.load(Ordering::Relaxed),
    );
    println!(
        "RSS: peak {:.1} MiB, final {:.1} MiB; version store: peak {:.2} MiB, final {} bytes \
         (settled in {:.2} s); file {:.1} MiB",
        mib(st.peak_rss.load(Ordering::Relaxed)),
        mib(rss_bytes()),
        mib(st.peak_versions.load(Ordering::Relaxed) as u64),
        inst.version_store_bytes(),
        settle.elapsed().as_secs_f64(),
        mib(file_size(&path)),
    );
    let check = db.check().expect("database check");
    println!(
        "check: {} trees, {} leaf entries, {} tree pages, {} owned pages, {} records, {} index entries",
        check.trees,
        check.entries,
        check.pages,
        check.owned,
        check.indexes.records,
        check.indexes.entries
    );
    drop(db);
    inst.term().expect("term");
    let _ = std::fs::remove_dir_all(&dir);
}
