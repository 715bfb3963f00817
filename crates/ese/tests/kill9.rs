//! Real `kill -9` on real files: a child process (this test binary, run again
//! with `ESE_KILL9_CHILD` naming a directory) commits durable transactions in a
//! loop and prints each commit's id once `commit_transaction` has returned; the
//! parent kills it with SIGKILL after a random short delay, recovers the
//! database in-process and checks that every printed id is there and that the
//! database passes its integrity check. The next child continues from the
//! recovered files.
//!
//! `KILL9_CYCLES` (default 300) and `KILL9_SEED` scale and replay the run;
//! with `KILL9_KEEP` set, each cycle's files as the kill left them are copied
//! to `<dir>.pre` before recovery, so a failing cycle's input stays on disk.

use ese::db::{KeyLimit, Prep, SeekGrbit};
use ese::format::coltype::Value;
use ese::record::schema::parse_schema;
use ese::record::Cell;
use ese::{CreateOptions, Database, Instance, InstanceOptions};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "val", "type": "Long"},
              {"name": "note", "type": "LongText", "cp": 1252}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]},
              {"name": "byval", "key": ["+val"]}]}]}"#;

const CHILD_VAR: &str = "ESE_KILL9_CHILD";

fn opts(dir: &Path) -> InstanceOptions {
    InstanceOptions {
        log_file_size: 256 * 1024,
        cache_pages: 64,
        ..InstanceOptions::in_dir(dir)
    }
}

/// Every id in table `t`, after checking the database.
fn ids(db: &Database) -> BTreeSet<i32> {
    db.check().expect("the recovered database checks");
    let t = db.table("t").unwrap();
    let mut out = BTreeSet::new();
    for r in t.records().unwrap() {
        let r = r.unwrap();
        match r.get("id").unwrap().first() {
            Some(Value::Long(id)) => {
                out.insert(*id);
            }
            other => panic!("bad id {other:?}"),
        }
    }
    assert_eq!(t.index_entries("byval").unwrap().count(), out.len());
    out
}

/// The child: commits one record per transaction (some with long values, some
/// replacing an older one's value) and prints its id after each commit.
#[test]
fn kill9_child() {
    let Ok(dir) = std::env::var(CHILD_VAR) else {
        return;
    };
    let dir = PathBuf::from(dir);
    let path = dir.join("k.edb");
    let inst = Instance::new(opts(&dir)).expect("child: start (recovery)");
    let db = if path.exists() {
        inst.attach_database(&path, false).expect("child: attach").0
    } else {
        let mut db = inst
            .create_database(&path, CreateOptions::default())
            .expect("child: create");
        db.create_table_spec(&parse_schema(SCHEMA).unwrap().tables[0])
            .expect("child: table");
        db
    };
    let mut next = db
        .table("t")
        .unwrap()
        .records()
        .unwrap()
        .filter_map(|r| match r.ok()?.get("id").ok()?.first() {
            Some(Value::Long(id)) => Some(*id),
            _ => None,
        })
        .max()
        .map_or(0, |m| m + 1);
    let s = inst.begin_session().unwrap();
    let mut c = s.open_table(&db, "t").unwrap();
    let out = std::io::stdout();
    let mut out = out.lock();
    writeln!(out, "ready").unwrap();
    out.flush().unwrap();
    loop {
        s.begin_transaction().unwrap();
        let long = next % 7 == 0;
        let note = if long {
            format!("{next};").repeat(900)
        } else {
            format!("n{next}")
        };
        c.prepare_update(Prep::Insert).unwrap();
        c.set_column(1, Some(Cell::Value(Value::Long(next))), 1)
            .unwrap();
        c.set_column(2, Some(Cell::Value(Value::Long(next % 97))), 1)
            .unwrap();
        c.set_column(256, Some(Cell::Value(Value::Text(note))), 1)
            .unwrap();
        c.update().unwrap();
        if next % 5 == 4 && next > 10 {
            // Replace an older record's value in the same transaction.
            c.make_key(&[Some(Value::Long(next - 10))], KeyLimit::None)
                .unwrap();
            if c.seek(SeekGrbit::Eq).is_ok() {
                c.prepare_update(Prep::Replace).unwrap();
                c.set_column(2, Some(Cell::Value(Value::Long(next % 89))), 1)
                    .unwrap();
                c.update().unwrap();
            }
        }
        s.commit_transaction().unwrap();
        writeln!(out, "{next}").unwrap();
        out.flush().unwrap();
        next += 1;
    }
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
}

#[test]
fn kill9_cycles_keep_every_acknowledged_commit() {
    if std::env::var(CHILD_VAR).is_ok() {
        return;
    }
    let cycles = std::env::var("KILL9_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300u32);
    let seed = std::env::var("KILL9_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x9E11u64);
    let mut rng = Rng(seed);
    let dir = std::env::temp_dir().join(format!("ese-kill9-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let exe = std::env::current_exe().unwrap();
    let t = Instant::now();
    let mut acked: BTreeSet<i32> = BTreeSet::new();
    let mut total_commits = 0usize;
    for cycle in 0..cycles {
        let mut child = Command::new(&exe)
            .args(["--exact", "kill9_child", "--nocapture", "--test-threads=1"])
            .env(CHILD_VAR, &dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let got: Arc<Mutex<(bool, Vec<i32>)>> = Arc::default();
        let reader = {
            let got = got.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stdout).lines() {
                    let Ok(line) = line else { break };
                    let line = line.trim();
                    if line.ends_with("ready") {
                        got.lock().unwrap().0 = true;
                    } else if let Ok(id) = line.parse::<i32>() {
                        got.lock().unwrap().1.push(id);
                    }
                }
            })
        };
        // Wait for the child to be up (recovery included), then let it commit
        // for a random short while.
        let up = Instant::now();
        while !got.lock().unwrap().0 {
            if let Ok(Some(status)) = child.try_wait() {
                let mut err = String::new();
                if let Some(mut e) = child.stderr.take() {
                    use std::io::Read;
                    let _ = e.read_to_string(&mut err);
                }
                panic!(
                    "cycle {cycle}: the child ended ({status}) before it was ready ({} commits printed):\n{err}",
                    got.lock().unwrap().1.len()
                );
            }
            assert!(up.elapsed() < Duration::from_secs(30), "child never ready");
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(Duration::from_micros(rng.next() % 40_000));
        child.kill().unwrap();
        let status = child.wait().unwrap();
        reader.join().unwrap();
        let printed = std::mem::take(&mut got.lock().unwrap().1);
        total_commits += printed.len();
        acked.extend(printed);
        assert!(!status.success(), "cycle {cycle}: the child was killed");

        if std::env::var_os("KILL9_KEEP").is_some() {
            let pre = dir.with_extension("pre");
            let _ = std::fs::remove_dir_all(&pre);
            std::fs::create_dir_all(&pre).unwrap();
            for e in std::fs::read_dir(&dir).unwrap() {
                let e = e.unwrap();
                let name = e.file_name();
                let closed = name.to_string_lossy().len() == "edb00000001.log".len();
                if !e.file_type().unwrap().is_file() {
                } else if closed {
                    // A closed generation is never written again.
                    std::fs::hard_link(e.path(), pre.join(&name)).unwrap();
                } else {
                    std::fs::copy(e.path(), pre.join(&name)).unwrap();
                }
            }
        }
        // Recovery in this process, then the check.
        let inst = Instance::new(opts(&dir))
            .unwrap_or_else(|e| panic!("cycle {cycle} (KILL9_SEED={seed}): recovery: {e}"));
        let (db, _) = inst
            .attach_database(dir.join("k.edb"), false)
            .unwrap_or_else(|e| panic!("cycle {cycle} (KILL9_SEED={seed}): attach: {e}"));
        let present = ids(&db);
        let lost: Vec<_> = acked.difference(&present).take(10).collect();
        assert!(
            lost.is_empty(),
            "cycle {cycle} (KILL9_SEED={seed}): acknowledged commits lost: {lost:?}"
        );
        drop(db);
        inst.term().unwrap();
    }
    println!(
        "kill -9: {cycles} cycles, {total_commits} acknowledged commits, all present, {:.1?}",
        t.elapsed()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
