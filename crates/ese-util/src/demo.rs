//! `eseutil demo`: the mission in a minute, on an embedded default. In a folder of
//! its own (`./ese-demo` by default) it starts an instance with its log, loads a
//! database, measures what writers commit per second, takes an online streaming
//! backup while they go on, takes a second backup and stops it with
//! `JetStopBackupInstance` (the next read fails with `JET_errBackupAbortByServer`,
//! the end is clean), restores the first backup into a new folder, and checks that
//! the restored database holds every transaction acknowledged before the backup's
//! log list was taken, whole, and nothing the writers had not committed.
//!
//! The writers: writer `t` commits transactions in sequence; transaction `k`
//! inserts order `(t + 1) * 10^8 + k` and sets the writer's counter row to `k`, in
//! one transaction. A restored database must hold, per writer, exactly orders
//! `1..=k` and counter `k`.

use ese::backup::{grbit, AlignedBuffer, BackupOutcome};
use ese::db::{KeyLimit, Prep, SeekGrbit};
use ese::format::coltype::Value;
use ese::record::schema::parse_schema;
use ese::record::Cell;
use ese::restore::{external_restore, ExternalRestore, RestoreMapEntry};
use ese::{
    CommitMode, CreateOptions, Database, Error, ErrorCode, Instance, InstanceOptions, Result,
};
use ese_util::backup::{Pacer, SET_WRITE_BEHIND_BYTES};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "orders",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "customer", "type": "Text", "cp": 1200},
              {"name": "amount", "type": "Currency"},
              {"name": "note", "type": "LongText", "cp": 1252}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
              {"name": "by_customer", "key": ["+customer", "+id"]}]}]}"#;

/// Column ids of `orders` (fixed columns first, then variable, then tagged).
const COL_ID: u32 = 1;
const COL_AMOUNT: u32 = 2;
const COL_CUSTOMER: u32 = 128;
const COL_NOTE: u32 = 256;

/// The id of writer `t`'s counter row.
const COUNTER_BASE: i32 = 50_000_000;
/// The read size of the backup (ESE's usual 64 KiB multiple).
const READ_CHUNK: usize = 1024 * 1024;
/// Writers committing during the demo.
const WRITERS: usize = 2;

/// What the demo is told.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Records loaded before the backups.
    pub records: u32,
    /// How long the writers' speed is measured without a backup.
    pub baseline: Duration,
    /// The first backup copies at most this many bytes per second (`None`: as fast
    /// as the disk goes), as `eseutil backup --max-mbs`.
    pub max_bytes_per_sec: Option<u64>,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            records: 300_000,
            baseline: Duration::from_secs(2),
            max_bytes_per_sec: None,
        }
    }
}

fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn order_id(t: usize, k: i32) -> i32 {
    (t as i32 + 1) * 100_000_000 + k
}

/// What the writers acknowledged: per writer, transactions committed.
struct Shared {
    acked: Vec<AtomicU64>,
    stop: AtomicBool,
}

/// The writer threads and what they acknowledged.
struct Writers {
    shared: Arc<Shared>,
    threads: Vec<std::thread::JoinHandle<Result<()>>>,
}

impl Writers {
    fn start(inst: &Instance, db: &Database) -> Writers {
        let shared = Arc::new(Shared {
            acked: (0..WRITERS).map(|_| AtomicU64::new(0)).collect(),
            stop: AtomicBool::new(false),
        });
        let threads = (0..WRITERS)
            .map(|t| {
                let (inst, db, w) = (inst.clone(), db.clone(), shared.clone());
                std::thread::spawn(move || write_loop(&inst, &db, &w, t))
            })
            .collect();
        Writers { shared, threads }
    }

    fn snapshot(&self) -> Vec<u64> {
        self.shared
            .acked
            .iter()
            .map(|a| a.load(Ordering::SeqCst))
            .collect()
    }

    fn total(&self) -> u64 {
        self.snapshot().iter().sum()
    }

    fn stop(self) -> Result<()> {
        self.shared.stop.store(true, Ordering::SeqCst);
        for h in self.threads {
            h.join()
                .map_err(|_| Error::with(ErrorCode::InternalError, "a writer panicked"))??;
        }
        Ok(())
    }
}

fn write_loop(inst: &Instance, db: &Database, w: &Shared, t: usize) -> Result<()> {
    let s = inst.begin_session()?;
    let mut c = s.open_table(db, "orders")?;
    s.begin_transaction()?;
    c.prepare_update(Prep::Insert)?;
    c.set_column(
        COL_ID,
        Some(Cell::Value(Value::Long(COUNTER_BASE + t as i32))),
        1,
    )?;
    c.set_column(COL_AMOUNT, Some(Cell::Value(Value::Currency(0))), 1)?;
    c.update()?;
    s.commit_transaction()?;
    let mut k = 0i32;
    while !w.stop.load(Ordering::Relaxed) {
        k += 1;
        s.begin_transaction()?;
        c.prepare_update(Prep::Insert)?;
        c.set_column(COL_ID, Some(Cell::Value(Value::Long(order_id(t, k)))), 1)?;
        c.set_column(
            COL_CUSTOMER,
            Some(Cell::Value(Value::Text(format!("writer {t}")))),
            1,
        )?;
        c.set_column(
            COL_AMOUNT,
            Some(Cell::Value(Value::Currency(i64::from(k) * 100))),
            1,
        )?;
        c.update()?;
        c.make_key(
            &[Some(Value::Long(COUNTER_BASE + t as i32))],
            KeyLimit::None,
        )?;
        c.seek(SeekGrbit::Eq)?;
        c.prepare_update(Prep::Replace)?;
        c.set_column(
            COL_AMOUNT,
            Some(Cell::Value(Value::Currency(i64::from(k)))),
            1,
        )?;
        c.update()?;
        s.commit_transaction()?;
        w.acked[t].store(k as u64, Ordering::SeqCst);
    }
    Ok(())
}

/// What one streaming backup did.
struct BackupRun {
    bytes: u64,
    seconds: f64,
    commits_during: u64,
    /// Per writer, transactions acknowledged before the log list.
    before_log_list: Vec<u64>,
    gen_low: u32,
    gen_high: u32,
}

/// Copies the open file to `to`.
fn copy_open_file(
    inst: &Instance,
    to: &Path,
    buf: &mut AlignedBuffer,
    pacer: &mut Pacer,
) -> Result<u64> {
    let mut out = std::fs::File::create(to).map_err(Error::io)?;
    let mut behind = ese_os::WriteBehind::new(SET_WRITE_BEHIND_BYTES);
    let mut total = 0u64;
    loop {
        let n = inst.backup_read_file(0, buf)?;
        if n == 0 {
            break;
        }
        out.write_all(&buf[..n])
            .and_then(|()| behind.wrote(&out, n))
            .map_err(Error::io)?;
        total += n as u64;
        pacer.copied(n);
    }
    out.sync_all().map_err(Error::io)?;
    Ok(total)
}

fn full_backup(
    inst: &Instance,
    set: &Path,
    writers: &Writers,
    rate: Option<u64>,
) -> Result<BackupRun> {
    std::fs::create_dir_all(set).map_err(Error::io)?;
    let start = Instant::now();
    let commits_before = writers.total();
    let mut buf = AlignedBuffer::new(READ_CHUNK);
    let mut bytes = 0;
    let mut pacer = Pacer::new(rate);
    inst.begin_backup(0)?;
    for name in inst.backup_attach_info()? {
        let file = Path::new(&name)
            .file_name()
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("database.edb"));
        inst.backup_open_file(&name, 0)?;
        bytes += copy_open_file(inst, &set.join(file), &mut buf, &mut pacer)?;
        inst.backup_close_file(0)?;
    }
    let before_log_list = writers.snapshot();
    let list = inst.backup_log_info()?;
    for p in &list.names {
        inst.backup_open_file(&p.to_string_lossy(), 0)?;
        let name = p.file_name().map(PathBuf::from).unwrap_or_default();
        bytes += copy_open_file(inst, &set.join(name), &mut buf, &mut pacer)?;
        inst.backup_close_file(0)?;
    }
    inst.backup_truncate_log()?;
    inst.end_backup(grbit::END_NORMAL)?;
    Ok(BackupRun {
        bytes,
        seconds: start.elapsed().as_secs_f64(),
        commits_during: writers.total() - commits_before,
        before_log_list,
        gen_low: list.gen_low,
        gen_high: list.gen_high,
    })
}

/// Per writer: the orders a database holds and the counter's value.
fn contents(db: &Database) -> Result<BTreeMap<usize, (Vec<i32>, i64)>> {
    let mut out: BTreeMap<usize, (Vec<i32>, i64)> = BTreeMap::new();
    for r in db.table("orders")?.records()? {
        let r = r?;
        let id = match r.get("id")?.first() {
            Some(Value::Long(v)) => *v,
            _ => continue,
        };
        if id >= 100_000_000 {
            out.entry(id as usize / 100_000_000 - 1)
                .or_default()
                .0
                .push(id % 100_000_000);
        } else if id >= COUNTER_BASE {
            let v = match r.get("amount")?.first() {
                Some(Value::Currency(v)) => *v,
                _ => 0,
            };
            out.entry((id - COUNTER_BASE) as usize).or_default().1 = v;
        }
    }
    Ok(out)
}

/// Runs the demo in `dir` (emptied first), printing as it goes. Returns an error
/// when a step fails or the restored data does not match.
pub fn run(dir: &Path, opts: &DemoOptions) -> Result<()> {
    let started = Instant::now();
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| Error::io(e).file(dir))?;
    }
    let live = dir.join("live");
    std::fs::create_dir_all(&live).map_err(|e| Error::io(e).file(&live))?;
    say(&format!("ese-rs demo in {}", dir.display()));
    let inst = Instance::new(InstanceOptions {
        cache_pages: 16 * 1024,
        ..InstanceOptions::in_dir(&live)
    })?;
    let db_path = live.join("orders.edb");
    let mut db = inst.create_database(&db_path, CreateOptions::default())?;
    db.create_table_spec(&parse_schema(SCHEMA)?.tables[0])?;

    // 1. Load.
    let t = Instant::now();
    {
        let s = inst.begin_session()?;
        let mut c = s.open_table(&db, "orders")?;
        let mut id = 0;
        while id < opts.records as i32 {
            s.begin_transaction()?;
            for _ in 0..1000 {
                if id >= opts.records as i32 {
                    break;
                }
                id += 1;
                c.prepare_update(Prep::Insert)?;
                c.set_column(COL_ID, Some(Cell::Value(Value::Long(id))), 1)?;
                c.set_column(
                    COL_CUSTOMER,
                    Some(Cell::Value(Value::Text(format!("customer {}", id % 977)))),
                    1,
                )?;
                c.set_column(
                    COL_AMOUNT,
                    Some(Cell::Value(Value::Currency(i64::from(id) * 37))),
                    1,
                )?;
                c.set_column(
                    COL_NOTE,
                    Some(Cell::Value(Value::Text(format!("order {id} ").repeat(16)))),
                    1,
                )?;
                c.update()?;
            }
            s.commit_transaction_with(CommitMode::Lazy)?;
        }
        s.flush_commits()?;
    }
    inst.checkpoint()?;
    let db_bytes = std::fs::metadata(&db_path).map_err(Error::io)?.len();
    let secs = t.elapsed().as_secs_f64();
    say(&format!(
        "1. loaded {} orders in {secs:.1} s ({:.0} records/s); {} is {:.1} MB",
        opts.records,
        f64::from(opts.records) / secs,
        db_path.display(),
        mb(db_bytes)
    ));

    // 2. Writers without a backup.
    let writers = Writers::start(&inst, &db);
    let c0 = writers.total();
    std::thread::sleep(opts.baseline);
    let base_rate = (writers.total() - c0) as f64 / opts.baseline.as_secs_f64();
    say(&format!(
        "2. {WRITERS} writers commit durable transactions: {base_rate:.0} commits/s without a backup"
    ));

    // 3. An online streaming backup while they commit.
    let set = dir.join("backup");
    let run1 = full_backup(&inst, &set, &writers, opts.max_bytes_per_sec)?;
    let during = run1.commits_during as f64 / run1.seconds;
    say(&format!(
        "3. online streaming backup to {}: {:.1} MB in {:.2} s ({:.0} MB/s); logs {:08X}..{:08X}; writers meanwhile {during:.0} commits/s ({:.0}% of without)",
        set.display(),
        mb(run1.bytes),
        run1.seconds,
        mb(run1.bytes) / run1.seconds.max(1e-9),
        run1.gen_low,
        run1.gen_high,
        100.0 * during / base_rate.max(1e-9)
    ));

    // 4. A second backup, stopped partway.
    inst.begin_backup(0)?;
    let name = db_path.to_string_lossy().into_owned();
    inst.backup_open_file(&name, 0)?;
    let mut buf = AlignedBuffer::new(READ_CHUNK);
    let mut read = 0u64;
    for _ in 0..3 {
        read += inst.backup_read_file(0, &mut buf)? as u64;
    }
    inst.stop_backup();
    let next = inst.backup_read_file(0, &mut buf);
    let code = match next {
        Err(e) if e.code() == ErrorCode::BackupAbortByServer => e.code(),
        Err(e) => return Err(e),
        Ok(_) => {
            return Err(Error::with(
                ErrorCode::InternalError,
                "a read after JetStopBackupInstance succeeded",
            ))
        }
    };
    inst.backup_close_file(0)?;
    inst.end_backup(grbit::END_NORMAL)?;
    let outcome = inst.last_backup_outcome();
    if outcome != Some(BackupOutcome::AbortedByServer) {
        return Err(Error::with(
            ErrorCode::InternalError,
            format!("the stopped backup ended as {outcome:?}"),
        ));
    }
    say(&format!(
        "4. second backup stopped with JetStopBackupInstance after {:.1} MB: next read -> {} ({}); JetEndExternalBackupInstance -> 0; recorded as aborted by the server",
        mb(read),
        code.value(),
        code.symbol()
    ));

    // Once the writers stopped, every commit they asked for has returned.
    let shared = writers.shared.clone();
    writers.stop()?;
    let total_acked: Vec<u64> = shared
        .acked
        .iter()
        .map(|a| a.load(Ordering::SeqCst))
        .collect();
    inst.term()?;

    // 5. Restore the first backup into a new folder.
    let target = dir.join("restored");
    std::fs::create_dir_all(&target).map_err(|e| Error::io(e).file(&target))?;
    let restored_db = target.join("orders.edb");
    std::fs::copy(set.join("orders.edb"), &restored_db).map_err(Error::io)?;
    let t = Instant::now();
    let mut r = ExternalRestore::new(&target, &target, &set);
    r.gen_low = run1.gen_low;
    r.gen_high = run1.gen_high;
    r.map = vec![RestoreMapEntry {
        database: name.clone(),
        new_database: restored_db.clone(),
    }];
    external_restore(Arc::new(ese_os::StdFs), &r)?;
    say(&format!(
        "5. restored the first backup into {} in {:.2} s",
        target.display(),
        t.elapsed().as_secs_f64()
    ));

    // 6. Check it.
    let check = Instance::new(InstanceOptions::in_dir(&target))?;
    let (rdb, _) = check.attach_database(&restored_db, false)?;
    rdb.check()?;
    let got = contents(&rdb)?;
    let loaded = rdb.table("orders")?.records()?.count();
    let mut restored_txns = 0;
    for (t, (&lo, &hi)) in run1.before_log_list.iter().zip(&total_acked).enumerate() {
        let (mut seqs, counter) = got.get(&t).cloned().unwrap_or_default();
        seqs.sort_unstable();
        let k = seqs.len() as u64;
        let whole = seqs.iter().enumerate().all(|(i, s)| *s == i as i32 + 1) && counter == k as i64;
        if !whole || k < lo || k > hi {
            check.term()?;
            return Err(Error::with(
                ErrorCode::DatabaseCorrupted,
                format!(
                    "writer {t}: {k} transactions restored (whole: {whole}); {lo} were acknowledged before the log list, {hi} in all"
                ),
            ));
        }
        restored_txns += k;
    }
    check.term()?;
    say(&format!(
        "6. the restored database passes its check and holds {loaded} records: every one of the {} transactions acknowledged before the log list, whole ({restored_txns} restored, none the writers had not committed)",
        run1.before_log_list.iter().sum::<u64>()
    ));
    say(&format!(
        "done in {:.1} s. Files: {} (live instance), {} (backup set), {} (restored)",
        started.elapsed().as_secs_f64(),
        live.display(),
        set.display(),
        target.display()
    ));
    Ok(())
}
