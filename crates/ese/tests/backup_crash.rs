//! Crashes during a streaming backup, on the simulated disk: a power cut at every
//! file call of a scenario that commits, backs up (database stream and logs written
//! to a backup folder on the same disk, truncation, end with header stamping) and
//! commits again. After each cut the instance recovers with every acknowledged
//! commit; when the backup had finished (its files synced and its end returned), the
//! backup set restores into a new folder with every transaction acknowledged before
//! its log list and none the scenario had not committed.
//!
//! `BACKUP_CRASH_STRIDE` (default 1) sweeps every n-th call only;
//! `BACKUP_CRASH_AT=<n>` replays one point.

use ese::backup::{grbit, AlignedBuffer};
use ese::db::Prep;
use ese::format::coltype::Value;
use ese::record::schema::parse_schema;
use ese::record::Cell;
use ese::restore::{external_restore, ExternalRestore, RestoreMapEntry};
use ese::{CreateOptions, Database, Instance, InstanceOptions};
use ese_os::{FileSystem, OpenOptions, SimFs, TearPolicy};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "note", "type": "LongText", "cp": 1252}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]}]}]}"#;

const PS: usize = 8192;

fn opts(dir: &str) -> InstanceOptions {
    InstanceOptions {
        log_file_size: 64 * 1024,
        cache_pages: 64,
        ..InstanceOptions::in_dir(dir)
    }
}

fn commit(inst: &Instance, db: &Database, id: i32) -> ese::Result<()> {
    let s = inst.begin_session()?;
    let mut c = s.open_table(db, "t")?;
    s.begin_transaction()?;
    c.prepare_update(Prep::Insert)?;
    c.set_column(1, Some(Cell::Value(Value::Long(id))), 1)?;
    c.set_column(
        256,
        Some(Cell::Value(Value::Text(format!("{id} ").repeat(40)))),
        1,
    )?;
    c.update()?;
    s.commit_transaction()?;
    Ok(())
}

fn ids(db: &Database) -> BTreeSet<i32> {
    db.check().expect("the database checks");
    db.table("t")
        .unwrap()
        .records()
        .unwrap()
        .map(|r| match r.unwrap().get("id").unwrap().first() {
            Some(Value::Long(v)) => *v,
            other => panic!("bad id {other:?}"),
        })
        .collect()
}

/// Writes `bytes` to `path` on `fs` and syncs it and its folder.
fn write_file(fs: &dyn FileSystem, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let f = fs.open(path, OpenOptions::create_truncate())?;
    f.write_at(0, bytes)?;
    f.sync_all()?;
    fs.sync_dir(path.parent().unwrap())
}

/// The disk after the set-up: an instance's folder `/d` with `a.edb` holding
/// records 0..30, shut down cleanly.
fn prepared() -> Arc<SimFs> {
    let sim = Arc::new(SimFs::new());
    let fs: Arc<dyn FileSystem> = sim.clone();
    fs.create_dir_all(Path::new("/d")).unwrap();
    fs.create_dir_all(Path::new("/set")).unwrap();
    let inst = Instance::with_fs(fs.clone(), opts("/d")).unwrap();
    let mut db = inst
        .create_database("/d/a.edb", CreateOptions::default())
        .unwrap();
    db.create_table_spec(&parse_schema(SCHEMA).unwrap().tables[0])
        .unwrap();
    for id in 0..30 {
        commit(&inst, &db, id).unwrap();
    }
    inst.term().unwrap();
    sim
}

/// What the scenario got done before the crash.
#[derive(Default, Debug)]
struct Progress {
    acked: BTreeSet<i32>,
    tried: BTreeSet<i32>,
    /// Acknowledged before the log list, and the set's log range, once the
    /// backup has ended.
    backup: Option<(BTreeSet<i32>, u32, u32)>,
}

fn scenario(fs: &Arc<dyn FileSystem>, p: &mut Progress) -> ese::Result<()> {
    p.acked = (0..30).collect();
    p.tried = p.acked.clone();
    let inst = Instance::with_fs(fs.clone(), opts("/d"))?;
    let (db, _) = inst.attach_database("/d/a.edb", false)?;
    let mut next = 30;
    let mut more = |inst: &Instance, p: &mut Progress, n: i32| -> ese::Result<()> {
        for _ in 0..n {
            p.tried.insert(next);
            commit(inst, &db, next)?;
            p.acked.insert(next);
            next += 1;
        }
        Ok(())
    };
    more(&inst, p, 5)?;
    inst.begin_backup(0)?;
    inst.backup_open_file("/d/a.edb", 0)?;
    let mut buf = AlignedBuffer::new(4 * PS);
    let mut stream = Vec::new();
    loop {
        let n = inst.backup_read_file(0, &mut buf)?;
        if n == 0 {
            break;
        }
        stream.extend_from_slice(&buf[..n]);
        // Writers go on during the copy.
        more(&inst, p, 1)?;
    }
    inst.backup_close_file(0)?;
    let io = |e: std::io::Error| ese::Error::io(e);
    write_file(fs.as_ref(), Path::new("/set/a.edb"), &stream).map_err(io)?;
    let before = p.acked.clone();
    let list = inst.backup_log_info()?;
    for name in &list.names {
        inst.backup_open_file(&name.to_string_lossy(), 0)?;
        let mut bytes = Vec::new();
        loop {
            let n = inst.backup_read_file(0, &mut buf)?;
            if n == 0 {
                break;
            }
            bytes.extend_from_slice(&buf[..n]);
        }
        inst.backup_close_file(0)?;
        let to = PathBuf::from("/set").join(name.file_name().unwrap());
        write_file(fs.as_ref(), &to, &bytes).map_err(io)?;
    }
    inst.backup_truncate_log()?;
    inst.end_backup(grbit::END_NORMAL)?;
    p.backup = Some((before, list.gen_low, list.gen_high));
    more(&inst, p, 3)?;
    inst.term()
}

/// Runs the scenario crashing at call `at` (`None`: whole), cuts the power and
/// checks the recovered instance and, when the backup had ended, its restore.
fn point(at: Option<u64>, tear: TearPolicy) -> Result<u64, String> {
    let sim = prepared();
    let fs: Arc<dyn FileSystem> = Arc::new(sim.process());
    let base = sim.io_count();
    if let Some(n) = at {
        sim.crash_at(base + n);
    }
    let mut p = Progress::default();
    let r = scenario(&fs, &mut p);
    let used = sim.io_count() - base;
    if at.is_none() {
        r.map_err(|e| format!("the scenario failed without a crash: {e}"))?;
    } else if r.is_err() && !sim.is_crashed() {
        return Err(format!("failed before the crash point: {r:?}"));
    }
    if !sim.is_crashed() {
        sim.crash_at(sim.io_count() + 1);
    }
    sim.power_cut_with(at.unwrap_or(0).wrapping_mul(7919), tear);
    // A new process: the killed one's threads reach the disk no more.
    let fs: Arc<dyn FileSystem> = Arc::new(sim.process());
    // The live instance: every acknowledged commit, nothing never tried.
    let inst = Instance::with_fs(fs.clone(), opts("/d")).map_err(|e| format!("recovery: {e}"))?;
    let (db, _) = inst
        .attach_database("/d/a.edb", false)
        .map_err(|e| format!("attach after recovery: {e}"))?;
    let got = ids(&db);
    if !p.acked.is_subset(&got) || !got.is_subset(&p.tried) {
        return Err(format!(
            "recovered {} records; acknowledged {}, tried {}",
            got.len(),
            p.acked.len(),
            p.tried.len()
        ));
    }
    inst.term().map_err(|e| format!("term: {e}"))?;
    // The backup set, when the backup ended: restores what its log list covered.
    if let Some((before, lo, hi)) = &p.backup {
        fs.create_dir_all(Path::new("/r")).unwrap();
        let stream = sim.durable_image(Path::new("/set/a.edb")).unwrap();
        write_file(fs.as_ref(), Path::new("/r/a.edb"), &stream).unwrap();
        external_restore(
            fs.clone(),
            &ExternalRestore {
                checkpoint_dir: "/r".into(),
                log_dir: "/r".into(),
                backup_log_dir: "/set".into(),
                base_name: "edb".into(),
                gen_low: *lo,
                gen_high: *hi,
                map: vec![RestoreMapEntry {
                    database: "/d/a.edb".into(),
                    new_database: "/r/a.edb".into(),
                }],
                cache_pages: 64,
                target: None,
            },
        )
        .map_err(|e| format!("restore: {e}"))?;
        let r = Instance::with_fs(fs.clone(), opts("/r"))
            .map_err(|e| format!("restored start: {e}"))?;
        let (rdb, _) = r
            .attach_database("/r/a.edb", false)
            .map_err(|e| format!("restored attach: {e}"))?;
        let restored = ids(&rdb);
        if !before.is_subset(&restored) || !restored.is_subset(&p.tried) {
            return Err(format!(
                "restored {} records; {} acknowledged before the log list",
                restored.len(),
                before.len()
            ));
        }
        r.term().map_err(|e| format!("restored term: {e}"))?;
    }
    Ok(used)
}

#[test]
fn a_crash_at_any_call_of_a_backup_loses_nothing() {
    if let Some(at) = std::env::var("BACKUP_CRASH_AT")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        let r = point(Some(at), TearPolicy::Default);
        println!("at {at}: {r:?}");
        r.unwrap();
        return;
    }
    let stride: u64 = std::env::var("BACKUP_CRASH_STRIDE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let calls = point(None, TearPolicy::Default).unwrap();
    assert!(calls > 50, "the scenario made only {calls} calls");
    let mut failed = Vec::new();
    let mut n = 1;
    while n <= calls + 1 {
        for tear in [TearPolicy::Default, TearPolicy::DropAll] {
            if let Err(e) = point(Some(n), tear) {
                if failed.len() < 5 {
                    println!("FAIL at {n} {tear:?}: {e}\n  replay: BACKUP_CRASH_AT={n} cargo test --release -p ese --test backup_crash");
                }
                failed.push(n);
            }
        }
        n += stride;
    }
    println!("{calls} calls swept");
    assert!(failed.is_empty(), "{} crash points failed", failed.len());
}
