//! Backup under load: full streaming backups while writer threads commit, each one
//! restored into a new folder and compared with what was committed; backups stopped
//! at a random point; backups meeting a damaged page; incremental backups chained on
//! a full one and restored together; truncation deleting exactly the logs it may.
//!
//! The model: writer `t` commits transactions in sequence; transaction `k` inserts
//! record `t * 1_000_000 + k` and sets record `t`'s `val` to `k`, in one transaction.
//! A restored database must hold, for each writer, exactly records `1..=k` and
//! `val = k`, with every transaction acknowledged before the log list was asked for
//! (`k ≥ acknowledged before`), and none whose commit the writer had not asked for
//! by the end of the backup (a commit in flight at the log roll may be in or out).
//!
//! `BACKUP_ROUNDS` (default 50), `BACKUP_STOP_ROUNDS` (12), `BACKUP_BAD_PAGE_ROUNDS`
//! (5) and `BACKUP_SEED` scale and replay the run.

use ese::backup::{grbit, AlignedBuffer, BackupOutcome};
use ese::db::{KeyLimit, Prep, SeekGrbit};
use ese::format::coltype::Value;
use ese::record::schema::parse_schema;
use ese::record::{Cell, Row};
use ese::restore::{external_restore, ExternalRestore, RestoreMapEntry};
use ese::{CreateOptions, Database, ErrorCode, Instance, InstanceOptions};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "val", "type": "Long"},
              {"name": "pad", "type": "LongBinary"}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
              {"name": "byval", "key": ["+val"]}]}]}"#;

const PS: usize = 8192;
const WRITERS: usize = 2;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

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
        self.next() % n.max(1)
    }
}

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ese-bkload-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn opts(d: &Path) -> InstanceOptions {
    InstanceOptions {
        log_file_size: 256 * 1024,
        cache_pages: 512,
        ..InstanceOptions::in_dir(d)
    }
}

fn create(inst: &Instance, path: &Path) -> Database {
    let mut db = inst
        .create_database(path, CreateOptions::default())
        .unwrap();
    db.create_table_spec(&parse_schema(SCHEMA).unwrap().tables[0])
        .unwrap();
    db
}

/// The id of writer `t`'s own record.
const WRITER_ROW: i32 = 900_000;

/// The id of writer `t`'s transaction `k`.
fn seq_id(t: usize, k: i32) -> i32 {
    (t as i32 + 1) * 1_000_000 + k
}

/// Per writer: transactions acknowledged so far.
struct Model {
    acked: Vec<AtomicU64>,
    /// Per writer: the transaction whose commit was asked for last (it may be in
    /// the log before its commit call returns).
    tried: Vec<AtomicU64>,
    stop: AtomicBool,
}

fn writer(inst: Instance, db: Database, model: Arc<Model>, t: usize) {
    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    s.begin_transaction().unwrap();
    c.prepare_update(Prep::Insert).unwrap();
    c.set_column(1, Some(Cell::Value(Value::Long(WRITER_ROW + t as i32))), 1)
        .unwrap();
    c.set_column(2, Some(Cell::Value(Value::Long(0))), 1)
        .unwrap();
    c.update().unwrap();
    s.commit_transaction().unwrap();
    let mut k: i32 = 0;
    while !model.stop.load(Ordering::Relaxed) {
        k += 1;
        s.begin_transaction().unwrap();
        c.prepare_update(Prep::Insert).unwrap();
        c.set_column(1, Some(Cell::Value(Value::Long(seq_id(t, k)))), 1)
            .unwrap();
        c.set_column(2, Some(Cell::Value(Value::Long(-k))), 1)
            .unwrap();
        if k % 9 == 0 {
            let pad = vec![(k % 251) as u8; 3000];
            c.set_column(256, Some(Cell::Value(Value::Binary(pad))), 1)
                .unwrap();
        }
        c.update().unwrap();
        c.make_key(&[Some(Value::Long(WRITER_ROW + t as i32))], KeyLimit::None)
            .unwrap();
        c.seek(SeekGrbit::Eq).unwrap();
        c.prepare_update(Prep::Replace).unwrap();
        c.set_column(2, Some(Cell::Value(Value::Long(k))), 1)
            .unwrap();
        c.update().unwrap();
        model.tried[t].store(k as u64, Ordering::SeqCst);
        s.commit_transaction().unwrap();
        model.acked[t].store(k as u64, Ordering::SeqCst);
    }
}

/// What a database holds, per writer: the sequence numbers present and the
/// writer record's `val`.
fn contents(db: &Database) -> BTreeMap<usize, (Vec<i32>, i32)> {
    let mut out: BTreeMap<usize, (Vec<i32>, i32)> = BTreeMap::new();
    for r in db.table("t").unwrap().records().unwrap() {
        let r = r.unwrap();
        let id = match r.get("id").unwrap().first() {
            Some(Value::Long(v)) => *v,
            other => panic!("bad id {other:?}"),
        };
        let val = match r.get("val").unwrap().first() {
            Some(Value::Long(v)) => *v,
            _ => 0,
        };
        if (WRITER_ROW..1_000_000).contains(&id) {
            out.entry((id - WRITER_ROW) as usize).or_default().1 = val;
        } else if (1_000_000..5_000_000).contains(&id) {
            out.entry(id as usize / 1_000_000 - 1)
                .or_default()
                .0
                .push(id % 1_000_000);
        }
    }
    out
}

/// Checks a restored database against the model: per writer a prefix `1..=k` of
/// its transactions, whole, with `lo[t] ≤ k ≤ hi[t]`.
fn check(db: &Database, lo: &[u64], hi: &[u64], what: &str) {
    db.check().unwrap_or_else(|e| panic!("{what}: check: {e}"));
    let c = contents(db);
    for t in 0..WRITERS {
        let (mut seqs, val) = c.get(&t).cloned().unwrap_or_default();
        seqs.sort_unstable();
        let k = seqs.len() as i32;
        assert!(
            seqs.iter().enumerate().all(|(i, s)| *s == i as i32 + 1),
            "{what}: writer {t} holds a gap: {seqs:?}"
        );
        assert_eq!(val, k, "{what}: writer {t}: val {val} with {k} records");
        assert!(
            k as u64 >= lo[t] && k as u64 <= hi[t],
            "{what}: writer {t}: {k} transactions restored, acknowledged {} before the log list, {} asked to commit by the end",
            lo[t],
            hi[t]
        );
    }
}

fn read_all(inst: &Instance, out: &Path, chunk: usize) -> ese::Result<()> {
    let mut buf = AlignedBuffer::new(chunk);
    let mut bytes = Vec::new();
    loop {
        let n = inst.backup_read_file(0, &mut buf)?;
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&buf[..n]);
    }
    std::fs::write(out, bytes).unwrap();
    Ok(())
}

/// Copies the listed logs into `to`; returns the low and high generations.
fn copy_logs(inst: &Instance, to: &Path) -> (u32, u32) {
    let list = inst.backup_log_info().unwrap();
    for p in &list.names {
        inst.backup_open_file(&p.to_string_lossy(), 0).unwrap();
        read_all(inst, &to.join(p.file_name().unwrap()), 16 * PS).unwrap();
        inst.backup_close_file(0).unwrap();
    }
    (list.gen_low, list.gen_high)
}

/// Restores the streams in `set` (name in the set → original path) with the logs
/// in `set`, into `target`; returns the restored databases' instance.
fn restore(set: &Path, target: &Path, dbs: &[(String, String)], lo: u32, hi: u32) -> Instance {
    std::fs::create_dir_all(target).unwrap();
    let mut map = Vec::new();
    for (file, original) in dbs {
        let dest = target.join(file);
        std::fs::copy(set.join(file), &dest).unwrap();
        map.push(RestoreMapEntry {
            database: original.clone(),
            new_database: dest,
        });
    }
    external_restore(
        Arc::new(ese_os::StdFs),
        &ExternalRestore {
            checkpoint_dir: target.to_path_buf(),
            log_dir: target.to_path_buf(),
            backup_log_dir: set.to_path_buf(),
            base_name: "edb".into(),
            gen_low: lo,
            gen_high: hi,
            map,
            cache_pages: 256,
            target: None,
        },
    )
    .unwrap_or_else(|e| panic!("restore of {}: {e}", set.display()));
    Instance::new(opts(target)).unwrap()
}

/// Per writer, transactions whose commit was asked for so far.
fn tried(model: &Model) -> Vec<u64> {
    model
        .tried
        .iter()
        .map(|a| a.load(Ordering::SeqCst))
        .collect()
}

/// Per writer, transactions acknowledged so far.
fn snapshot(model: &Model) -> Vec<u64> {
    model
        .acked
        .iter()
        .map(|a| a.load(Ordering::SeqCst))
        .collect()
}

/// The set-up every test shares: an instance, the written database `a.edb`, a
/// quiet database `b.edb`, and the writers.
struct Load {
    d: PathBuf,
    inst: Instance,
    a: String,
    b: String,
    model: Arc<Model>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Load {
    fn start(name: &str) -> Load {
        let d = dir(name);
        let inst = Instance::new(opts(&d)).unwrap();
        let a = create(&inst, &d.join("a.edb"));
        let b = create(&inst, &d.join("b.edb"));
        for id in 0..300 {
            let mut row = Row::new();
            row.set_value(1, Value::Long(5_000_000 + id));
            row.set_value(256, Value::Binary(vec![id as u8; 500]));
            b.insert("t", &row).unwrap();
        }
        let model = Arc::new(Model {
            acked: (0..WRITERS).map(|_| AtomicU64::new(0)).collect(),
            tried: (0..WRITERS).map(|_| AtomicU64::new(0)).collect(),
            stop: AtomicBool::new(false),
        });
        let threads = (0..WRITERS)
            .map(|t| {
                let (inst, db, model) = (inst.clone(), a.clone(), model.clone());
                std::thread::spawn(move || writer(inst, db, model, t))
            })
            .collect();
        let names = |p: &str| d.join(p).to_string_lossy().into_owned();
        Load {
            a: names("a.edb"),
            b: names("b.edb"),
            d,
            inst,
            model,
            threads,
        }
    }

    fn stop(self) {
        self.model.stop.store(true, Ordering::SeqCst);
        for t in self.threads {
            t.join().unwrap();
        }
        self.inst.term().unwrap();
        let _ = std::fs::remove_dir_all(&self.d);
    }
}

#[test]
fn full_backups_under_load_restore_what_was_committed() {
    let rounds = env_usize("BACKUP_ROUNDS", 50);
    let mut rng = Rng(env_usize("BACKUP_SEED", 7) as u64);
    let load = Load::start("full");
    let inst = &load.inst;
    for round in 0..rounds {
        std::thread::sleep(std::time::Duration::from_millis(rng.below(30)));
        let set = load.d.join(format!("set{round}"));
        std::fs::create_dir_all(&set).unwrap();
        inst.begin_backup(0).unwrap();
        let attached = inst.backup_attach_info().unwrap();
        assert_eq!(attached, vec![load.a.clone(), load.b.clone()]);
        for (name, file) in [(&load.a, "a.edb"), (&load.b, "b.edb")] {
            inst.backup_open_file(name, 0).unwrap();
            let chunk = PS * (3 + rng.below(40) as usize);
            read_all(inst, &set.join(file), chunk).unwrap();
            inst.backup_close_file(0).unwrap();
        }
        let lo = snapshot(&load.model);
        let (glo, ghi) = copy_logs(inst, &set);
        let truncate = round % 3 == 0;
        if truncate {
            let doomed = inst.backup_truncate_log_info().unwrap();
            inst.backup_truncate_log().unwrap();
            assert!(doomed.iter().all(|p| !p.exists()), "round {round}");
        }
        inst.end_backup(grbit::END_NORMAL).unwrap();
        assert_eq!(inst.last_backup_outcome(), Some(BackupOutcome::Completed));
        let hi = tried(&load.model);
        let target = load.d.join(format!("restored{round}"));
        let r = restore(
            &set,
            &target,
            &[
                ("a.edb".into(), load.a.clone()),
                ("b.edb".into(), load.b.clone()),
            ],
            glo,
            ghi,
        );
        let (ra, _) = r.attach_database(target.join("a.edb"), false).unwrap();
        check(&ra, &lo, &hi, &format!("round {round}"));
        let (rb, _) = r.attach_database(target.join("b.edb"), false).unwrap();
        assert_eq!(rb.table("t").unwrap().records().unwrap().count(), 300);
        r.term().unwrap();
        let _ = std::fs::remove_dir_all(&set);
        let _ = std::fs::remove_dir_all(&target);
    }
    load.stop();
}

#[test]
fn stopped_backups_end_and_the_next_one_restores() {
    let rounds = env_usize("BACKUP_STOP_ROUNDS", 12);
    let mut rng = Rng(env_usize("BACKUP_SEED", 11) as u64);
    let load = Load::start("stop");
    let inst = &load.inst;
    for round in 0..rounds {
        let set = load.d.join(format!("set{round}"));
        std::fs::create_dir_all(&set).unwrap();
        // Stop at a random point: 0 before the attach list, 1 during the first
        // database, 2 between the databases, 3 after the log list, 4 during a log.
        let at = rng.below(5);
        inst.begin_backup(0).unwrap();
        let stopper = if at == 1 {
            let inst = inst.clone();
            let wait = rng.below(3);
            Some(std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(wait));
                inst.stop_backup();
            }))
        } else {
            None
        };
        let mut stopped = false;
        let mut step = |n: u64, inst: &Instance| {
            if at == n && !stopped {
                inst.stop_backup();
                stopped = true;
            }
        };
        step(0, inst);
        let res = (|| -> ese::Result<()> {
            inst.backup_attach_info()?;
            inst.backup_open_file(&load.a, 0)?;
            let r = read_all(inst, &set.join("a.edb"), 3 * PS);
            inst.backup_close_file(0)?;
            r?;
            step(2, inst);
            inst.backup_open_file(&load.b, 0)?;
            read_all(inst, &set.join("b.edb"), 8 * PS)?;
            inst.backup_close_file(0)?;
            let list = inst.backup_log_info()?;
            step(3, inst);
            for p in &list.names {
                inst.backup_open_file(&p.to_string_lossy(), 0)?;
                step(4, inst);
                let r = read_all(inst, &set.join(p.file_name().unwrap()), 2 * PS);
                inst.backup_close_file(0)?;
                r?;
            }
            inst.backup_truncate_log()?;
            Ok(())
        })();
        if let Some(h) = stopper {
            h.join().unwrap();
        }
        match res {
            Err(e) => assert_eq!(e.code(), ErrorCode::BackupAbortByServer, "round {round}"),
            Ok(()) => assert_eq!(at, 1, "round {round}: a stop at {at} was not seen"),
        }
        // Whatever the state: further calls fail with -801 until the end.
        assert!(inst.backup_running_now());
        assert_eq!(
            inst.backup_attach_info().unwrap_err().code(),
            ErrorCode::BackupAbortByServer
        );
        inst.end_backup(grbit::END_NORMAL).unwrap();
        assert_eq!(
            inst.last_backup_outcome(),
            Some(BackupOutcome::AbortedByServer),
            "round {round}"
        );
        let _ = std::fs::remove_dir_all(&set);
        // The next backup is normal and restores.
        let set = load.d.join(format!("next{round}"));
        std::fs::create_dir_all(&set).unwrap();
        inst.begin_backup(0).unwrap();
        inst.backup_open_file(&load.a, 0).unwrap();
        read_all(inst, &set.join("a.edb"), 32 * PS).unwrap();
        inst.backup_close_file(0).unwrap();
        let lo = snapshot(&load.model);
        let (glo, ghi) = copy_logs(inst, &set);
        inst.end_backup(grbit::END_NORMAL).unwrap();
        let hi = tried(&load.model);
        let target = load.d.join(format!("restored{round}"));
        let r = restore(&set, &target, &[("a.edb".into(), load.a.clone())], glo, ghi);
        let (ra, _) = r.attach_database(target.join("a.edb"), false).unwrap();
        check(&ra, &lo, &hi, &format!("after stop round {round}"));
        r.term().unwrap();
        let _ = std::fs::remove_dir_all(&set);
        let _ = std::fs::remove_dir_all(&target);
    }
    load.stop();
}

#[test]
fn a_damaged_page_fails_its_database_and_the_rest_restores() {
    let rounds = env_usize("BACKUP_BAD_PAGE_ROUNDS", 5);
    let mut rng = Rng(env_usize("BACKUP_SEED", 13) as u64);
    let load = Load::start("badpage");
    let inst = &load.inst;
    inst.checkpoint().unwrap();
    let b_pages = inst
        .databases()
        .iter()
        .find(|d| d.path().ends_with("b.edb"))
        .unwrap()
        .page_count();
    for round in 0..rounds {
        let set = load.d.join(format!("set{round}"));
        std::fs::create_dir_all(&set).unwrap();
        // Damage a page of the quiet database on disk (the cache holds it clean).
        let victim = 1 + rng.below(u64::from(b_pages) - 1) as u32;
        let at = (u64::from(victim) + 1) * PS as u64 + 100;
        let saved = {
            use std::os::unix::fs::FileExt;
            let f = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(&load.b)
                .unwrap();
            let mut saved = [0u8; 32];
            f.read_exact_at(&mut saved, at).unwrap();
            // Not a repeated word: ESE's older XOR checksum cannot see an even
            // number of equal words.
            let bad: Vec<u8> = saved
                .iter()
                .enumerate()
                .map(|(i, b)| b ^ (i as u8 * 37 + 11))
                .collect();
            f.write_all_at(&bad, at).unwrap();
            saved
        };
        inst.begin_backup(0).unwrap();
        inst.backup_open_file(&load.b, 0).unwrap();
        let e = read_all(inst, &set.join("b.edb"), 8 * PS);
        let damaged_zero = matches!(e, Ok(()));
        if !damaged_zero {
            assert_eq!(e.unwrap_err().code(), ErrorCode::ReadVerifyFailure);
            assert_eq!(
                inst.backup_close_file(0).unwrap_err().code(),
                ErrorCode::InvalidParameter
            );
        } else {
            inst.backup_close_file(0).unwrap();
        }
        inst.backup_open_file(&load.a, 0).unwrap();
        read_all(inst, &set.join("a.edb"), 16 * PS).unwrap();
        inst.backup_close_file(0).unwrap();
        let lo = snapshot(&load.model);
        let (glo, ghi) = copy_logs(inst, &set);
        inst.backup_truncate_log().unwrap();
        inst.end_backup(grbit::END_NORMAL).unwrap();
        let hi = tried(&load.model);
        {
            use std::os::unix::fs::FileExt;
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(&load.b)
                .unwrap();
            f.write_all_at(&saved, at).unwrap();
        }
        assert!(
            !damaged_zero,
            "round {round}: page {victim} was not noticed ({} pages)",
            b_pages
        );
        let target = load.d.join(format!("restored{round}"));
        let r = restore(&set, &target, &[("a.edb".into(), load.a.clone())], glo, ghi);
        let (ra, _) = r.attach_database(target.join("a.edb"), false).unwrap();
        check(&ra, &lo, &hi, &format!("bad page round {round}"));
        r.term().unwrap();
        let _ = std::fs::remove_dir_all(&set);
        let _ = std::fs::remove_dir_all(&target);
    }
    load.stop();
}

#[test]
fn incremental_backups_chain_on_a_full_one() {
    let load = Load::start("incr");
    let inst = &load.inst;
    let set = load.d.join("set");
    std::fs::create_dir_all(&set).unwrap();
    inst.begin_backup(0).unwrap();
    for (name, file) in [(&load.a, "a.edb"), (&load.b, "b.edb")] {
        inst.backup_open_file(name, 0).unwrap();
        read_all(inst, &set.join(file), 16 * PS).unwrap();
        inst.backup_close_file(0).unwrap();
    }
    let (glo, mut ghi) = copy_logs(inst, &set);
    let doomed = inst.backup_truncate_log_info().unwrap();
    let cp = ese::log::Checkpoint::read(&ese_os::StdFs, &load.d, "edb").unwrap();
    inst.backup_truncate_log().unwrap();
    // Exactly the listed logs went, and they were all below the checkpoint.
    for p in &doomed {
        assert!(!p.exists());
        let g = ese::log::parse_numbered_log_name("edb", &p.file_name().unwrap().to_string_lossy())
            .unwrap();
        assert!(g < cp.lgpos.generation.max(1) + 1);
    }
    let left = ese::log::list_generations(&ese_os::StdFs, &load.d, "edb").unwrap();
    assert!(left.iter().all(|g| !doomed
        .iter()
        .any(|p| p.ends_with(ese::log::numbered_log_name("edb", *g)))));
    inst.end_backup(grbit::END_NORMAL).unwrap();
    let mut lo = vec![0u64; WRITERS];
    for round in 0..3 {
        std::thread::sleep(std::time::Duration::from_millis(100));
        inst.begin_backup(grbit::INCREMENTAL).unwrap();
        lo = snapshot(&load.model);
        let (ilo, ihi) = copy_logs(inst, &set);
        assert!(ilo <= ghi + 1, "round {round}: gap {ghi} → {ilo}");
        assert!(ihi > ghi);
        ghi = ihi;
        inst.backup_truncate_log().unwrap();
        inst.end_backup(grbit::END_NORMAL).unwrap();
    }
    let hi = tried(&load.model);
    let target = load.d.join("restored");
    let r = restore(
        &set,
        &target,
        &[
            ("a.edb".into(), load.a.clone()),
            ("b.edb".into(), load.b.clone()),
        ],
        glo,
        ghi,
    );
    let (ra, _) = r.attach_database(target.join("a.edb"), false).unwrap();
    // Everything acknowledged before the last incremental's log list is there.
    check(&ra, &lo, &hi, "incremental chain");
    r.term().unwrap();
    load.stop();
}
