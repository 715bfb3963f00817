//! `eseutil recover`, `logs` and `checkpoint` on the folder of an instance whose
//! process was killed with SIGKILL partway through a transaction: the log set
//! verifies, the checkpoint shows, recovery leaves the database clean with
//! exactly the committed rows, and damaged or missing log files are reported
//! and refused.
//!
//! The killed process is this test binary run again with `RECOVER_CLI_CHILD`
//! naming a folder (the `recover_cli_child` test then plays the application).

mod common;

use common::{eseutil, s, text};
use ese::format::coltype::Value;
use ese::record::schema::parse_schema;
use ese::record::Row;
use ese::{CreateOptions, Instance, InstanceOptions};
use serde_json::Value as Json;
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "pad", "type": "LongBinary"}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]}]}]}"#;

const CHILD_VAR: &str = "RECOVER_CLI_CHILD";

/// Rows the child commits before it opens the transaction it never ends.
const COMMITTED: i32 = 300;

fn opts(dir: &Path) -> InstanceOptions {
    InstanceOptions {
        log_file_size: 128 * 1024,
        cache_pages: 64,
        ..InstanceOptions::in_dir(dir)
    }
}

fn json_of(o: &Output) -> Json {
    serde_json::from_str(text(&o.stdout).trim())
        .unwrap_or_else(|e| panic!("not JSON: {}: {e}", text(&o.stdout)))
}

fn row(id: i32) -> Row {
    let mut row = Row::new();
    row.set_value(1, Value::Long(id));
    row.set_value(256, Value::Binary(vec![(id % 251) as u8; 900]));
    row
}

/// The application: commits `COMMITTED` rows durably, one per transaction (a
/// checkpoint taken two thirds of the way), then inserts more in a transaction
/// it never ends, says `ready` and waits to be killed.
#[test]
fn recover_cli_child() {
    let Ok(dir) = std::env::var(CHILD_VAR) else {
        return;
    };
    let dir = PathBuf::from(dir);
    let inst = Instance::new(opts(&dir)).expect("child: start");
    let mut db = inst
        .create_database(dir.join("a.edb"), CreateOptions::default())
        .expect("child: create");
    db.create_table_spec(&parse_schema(SCHEMA).unwrap().tables[0])
        .expect("child: table");
    let session = inst.begin_session().expect("child: session");
    let mut cursor = session.open_table(&db, "t").expect("child: cursor");
    for id in 0..COMMITTED {
        session.begin_transaction().unwrap();
        cursor.insert_row(&row(id)).unwrap();
        session.commit_transaction().unwrap();
        if id == COMMITTED * 2 / 3 {
            // Recovery then starts past the first generation.
            inst.checkpoint().unwrap();
        }
    }
    session.begin_transaction().unwrap();
    for id in 1000..1050 {
        cursor.insert_row(&row(id)).unwrap();
    }
    // Pushes the uncommitted inserts into the log on disk, so that recovery
    // has something to undo.
    session.flush_commits().unwrap();
    println!("ready");
    std::thread::sleep(Duration::from_secs(120));
    panic!("child: not killed");
}

/// An instance folder left by a process killed with SIGKILL in the middle of
/// a transaction.
fn killed_instance(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ese-recover-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "recover_cli_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_VAR, &dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if line.trim_end().ends_with("ready") {
                let _ = tx.send(());
            }
        }
    });
    let ready = rx.recv_timeout(Duration::from_secs(60));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(ready.is_ok(), "the child never became ready");
    dir
}

/// The ids of table `t` of `a.edb` in `dir`, read through an instance.
fn ids(dir: &Path) -> BTreeSet<i32> {
    let inst = Instance::new(opts(dir)).unwrap();
    let (db, _) = inst.attach_database(dir.join("a.edb"), false).unwrap();
    db.check().unwrap();
    let mut out = BTreeSet::new();
    for r in db.table("t").unwrap().records().unwrap() {
        match r.unwrap().get("id").unwrap().first() {
            Some(Value::Long(id)) => {
                out.insert(*id);
            }
            other => panic!("bad id {other:?}"),
        }
    }
    drop(db);
    inst.term().unwrap();
    out
}

fn numbered_logs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_str().unwrap();
            n.starts_with("edb") && n.ends_with(".log") && n.len() == "edb00000001.log".len()
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_killed_instance_is_verified_shown_and_recovered() {
    if std::env::var(CHILD_VAR).is_ok() {
        return;
    }
    let dir = killed_instance("ok");
    let db = dir.join("a.edb");
    let logs = numbered_logs(&dir);
    assert!(logs.len() >= 2, "expected finished generations: {logs:?}");

    let o = eseutil(&["header", s(&db)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("Dirty Shutdown"),
        "{}",
        text(&o.stdout)
    );

    // The checkpoint, given as the folder and as the file.
    let o = eseutil(&["checkpoint", s(&dir)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains("Checkpoint: (") && out.contains("a.edb"),
        "{out}"
    );
    let o = eseutil(&["checkpoint", s(&dir.join("edb.chk")), "--json"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let j = json_of(&o);
    let cp_gen = j["checkpoint"]["generation"].as_u64().unwrap();
    let (lo, hi) = (
        j["log_required"][0].as_u64().unwrap(),
        j["log_required"][1].as_u64().unwrap(),
    );
    assert!(cp_gen > 1 && lo <= cp_gen && cp_gen <= hi, "{j}");
    assert!(
        j["databases"][0]["path"]
            .as_str()
            .unwrap()
            .ends_with("a.edb"),
        "{j}"
    );

    // Every log file verifies.
    let o = eseutil(&["logs", s(&dir)]);
    assert!(o.status.success(), "{}{}", text(&o.stdout), text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("No damaged log files were found."), "{out}");
    assert_eq!(out.matches(" - OK").count(), logs.len() + 1, "{out}");
    let o = eseutil(&["logs", s(&dir), "--json"]);
    let j = json_of(&o);
    assert_eq!(j["result"], 0, "{j}");
    assert_eq!(j["files"].as_array().unwrap().len(), logs.len() + 1);
    assert!(j["files"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["ok"] == true));

    // Recovery: dirty before, clean after, the log from the checkpoint replayed.
    let o = eseutil(&["recover", s(&dir), "--json"]);
    assert!(o.status.success(), "{}{}", text(&o.stdout), text(&o.stderr));
    let j = json_of(&o);
    assert_eq!(j["result"], 0, "{j}");
    assert!(j["log_bytes"].as_u64().unwrap() > 0, "{j}");
    assert_eq!(j["from"]["generation"].as_u64().unwrap(), cp_gen, "{j}");
    let d = &j["databases"][0];
    assert!(d["path"].as_str().unwrap().ends_with("a.edb"), "{j}");
    assert_eq!(d["before"], "Dirty Shutdown", "{j}");
    assert_eq!(d["after"], "Clean Shutdown", "{j}");
    let o = eseutil(&["header", s(&db)]);
    assert!(
        text(&o.stdout).contains("Clean Shutdown"),
        "{}",
        text(&o.stdout)
    );

    // Exactly what was committed.
    assert_eq!(ids(&dir), (0..COMMITTED).collect::<BTreeSet<i32>>());

    // Recovering a clean folder again changes nothing and succeeds.
    let o = eseutil(&["recover", s(&dir)]);
    assert!(o.status.success(), "{}{}", text(&o.stdout), text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains("Performing soft recovery...")
            && out.contains("Operation completed successfully"),
        "{out}"
    );
    assert_eq!(ids(&dir), (0..COMMITTED).collect::<BTreeSet<i32>>());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn damaged_and_missing_log_files_are_reported_and_refused() {
    if std::env::var(CHILD_VAR).is_ok() {
        return;
    }
    // A byte of a finished generation changed.
    let dir = killed_instance("damaged");
    let logs = numbered_logs(&dir);
    let victim = logs.last().unwrap().clone();
    let mut bytes = std::fs::read(&victim).unwrap();
    let at = bytes.len() / 3;
    bytes[at] ^= 0x5A;
    std::fs::write(&victim, &bytes).unwrap();
    let o = eseutil(&["logs", s(&dir)]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stdout));
    let out = text(&o.stdout);
    let name = victim.file_name().unwrap().to_str().unwrap();
    assert!(
        out.lines().any(|l| l.contains(name) && l.contains("-501")),
        "{out}"
    );
    assert!(!out.contains("No damaged log files"), "{out}");
    let o = eseutil(&["recover", s(&dir)]);
    assert!(!o.status.success(), "{}", text(&o.stdout));
    assert!(text(&o.stderr).contains("-501"), "{}", text(&o.stderr));
    let o = eseutil(&["header", s(&dir.join("a.edb"))]);
    assert!(
        text(&o.stdout).contains("Dirty Shutdown"),
        "{}",
        text(&o.stdout)
    );
    let _ = std::fs::remove_dir_all(&dir);

    // A generation in the middle removed.
    let dir = killed_instance("missing");
    let logs = numbered_logs(&dir);
    assert!(logs.len() >= 3, "{logs:?}");
    let gone = logs[logs.len() / 2].clone();
    std::fs::remove_file(&gone).unwrap();
    let o = eseutil(&["logs", s(&dir), "--json"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stdout));
    let j = json_of(&o);
    assert_ne!(j["result"], 0, "{j}");
    assert_eq!(j["missing"].as_array().unwrap().len(), 1, "{j}");
    let gone_name = gone.file_name().unwrap().to_str().unwrap();
    assert!(
        j["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains(gone_name),
        "{j}"
    );
    let o = eseutil(&["recover", s(&dir)]);
    assert!(!o.status.success(), "{}", text(&o.stdout));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn checkpoint_and_logs_of_a_folder_without_them_fail_with_their_codes() {
    if std::env::var(CHILD_VAR).is_ok() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("ese-recover-cli-empty-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let o = eseutil(&["checkpoint", s(&dir)]);
    assert!(!o.status.success());
    assert!(
        text(&o.stderr).contains("JET_errCheckpointFileNotFound"),
        "{}",
        text(&o.stderr)
    );
    let o = eseutil(&["logs", s(&dir)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stdout).contains("JET_errMissingLogFile"),
        "{}",
        text(&o.stdout)
    );
    let o = eseutil(&["checkpoint", s(&dir.join("notes.txt"))]);
    assert!(!o.status.success());
    assert!(
        text(&o.stderr).contains("JET_errInvalidParameter"),
        "{}",
        text(&o.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A killed instance's folder moved elsewhere: the log names the database at
/// its old path, `--db-dir` says where it is now; nothing is written at the old
/// path.
#[test]
fn a_moved_folder_is_recovered_with_db_dir() {
    if std::env::var(CHILD_VAR).is_ok() {
        return;
    }
    let dir = killed_instance("moved-from");
    let moved = dir.with_file_name(format!(
        "{}-now",
        dir.file_name().unwrap().to_str().unwrap()
    ));
    let _ = std::fs::remove_dir_all(&moved);
    std::fs::rename(&dir, &moved).unwrap();

    // Without it, recovery stops with ESE's code and points at the option.
    let o = eseutil(&["recover", s(&moved)]);
    assert!(!o.status.success(), "{}", text(&o.stdout));
    assert!(text(&o.stderr).contains("-1216"), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("--db-dir"), "{}", text(&o.stdout));
    assert!(!dir.exists(), "recovery wrote at the old path");

    let o = eseutil(&["recover", s(&moved), "--db-dir", s(&moved), "--json"]);
    assert!(o.status.success(), "{}{}", text(&o.stdout), text(&o.stderr));
    let j = json_of(&o);
    let d = &j["databases"][0];
    assert_eq!(d["logged_as"], s(&dir.join("a.edb")), "{j}");
    assert_eq!(d["path"], s(&moved.join("a.edb")), "{j}");
    assert_eq!(
        (d["before"].as_str(), d["after"].as_str()),
        (Some("Dirty Shutdown"), Some("Clean Shutdown")),
        "{j}"
    );
    assert!(!dir.exists(), "recovery wrote at the old path");
    assert_eq!(ids(&moved), (0..COMMITTED).collect::<BTreeSet<i32>>());
    let _ = std::fs::remove_dir_all(&moved);
}
