//! `eseutil backup`, `restore` and `verify-backup` end to end: an instance folder
//! with data made through the engine's API, backups to a folder and to a tar
//! stream, verification of good and damaged sets, restores compared with the
//! data, `--stop-after`, sets that name files outside themselves, `--json`
//! output, and the progress bar on a pseudo-terminal.

use ese::format::coltype::Value;
use ese::record::schema::parse_schema;
use ese::record::Row;
use ese::{CreateOptions, Instance, InstanceOptions};
use serde_json::Value as Json;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "pad", "type": "LongBinary"}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]}]}]}"#;

fn eseutil(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eseutil"))
        .args(args)
        .output()
        .expect("run eseutil")
}

fn eseutil_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_eseutil"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run eseutil");
    let mut stdin = child.stdin.take().unwrap();
    let data = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ese-bkcli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every line of `b` parsed as JSON.
fn json_lines(b: &[u8]) -> Vec<Json> {
    text(b)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect()
}

/// Adds rows `from..to` to table `t` of `db`.
fn add_rows(db: &ese::Database, from: i32, to: i32) {
    for id in from..to {
        let mut row = Row::new();
        row.set_value(1, Value::Long(id));
        row.set_value(256, Value::Binary(vec![(id % 251) as u8; 700]));
        db.insert("t", &row).unwrap();
    }
}

/// An instance folder `inst` holding `a.edb` (`rows` rows) and `b.edb` (50).
fn instance(root: &Path, rows: i32) -> PathBuf {
    let inst_dir = root.join("inst");
    let inst = Instance::new(InstanceOptions::in_dir(&inst_dir)).unwrap();
    let spec = parse_schema(SCHEMA).unwrap();
    for (name, n) in [("a.edb", rows), ("b.edb", 50)] {
        let mut db = inst
            .create_database(inst_dir.join(name), CreateOptions::default())
            .unwrap();
        db.create_table_spec(&spec.tables[0]).unwrap();
        add_rows(&db, 0, n);
    }
    inst.term().unwrap();
    inst_dir
}

/// Table `t` of database `name` in instance folder `dir`: (id, pad) in key order.
fn contents(dir: &Path, name: &str) -> Vec<(i32, Vec<u8>)> {
    let inst = Instance::new(InstanceOptions::in_dir(dir)).unwrap();
    let (db, _) = inst.attach_database(dir.join(name), false).unwrap();
    let mut out = Vec::new();
    for r in db.table("t").unwrap().records().unwrap() {
        let r = r.unwrap();
        let id = match r.get("id").unwrap().first() {
            Some(Value::Long(v)) => *v,
            other => panic!("bad id {other:?}"),
        };
        let pad = match r.get("pad").unwrap().first() {
            Some(Value::Binary(b)) => b.clone(),
            _ => Vec::new(),
        };
        out.push((id, pad));
    }
    drop(db);
    inst.term().unwrap();
    out
}

fn assert_restored(inst_dir: &Path, target: &Path) {
    for name in ["a.edb", "b.edb"] {
        let want = contents(inst_dir, name);
        assert!(!want.is_empty());
        assert_eq!(contents(target, name), want, "{name}");
    }
}

/// `eseutil backup INST --to SET` with `extra` arguments.
fn backup_with(inst_dir: &Path, set: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["backup", s(inst_dir), "--to", s(set)];
    args.extend_from_slice(extra);
    eseutil(&args)
}

fn backup_folder(inst_dir: &Path, set: &Path) {
    let o = backup_with(inst_dir, set, &[]);
    assert!(o.status.success(), "{}", text(&o.stderr));
}

#[test]
fn backup_to_folder_verify_and_restore_with_json() {
    let root = tmpdir("folder");
    let inst_dir = instance(&root, 400);
    let set = root.join("set");
    let o = eseutil(&["backup", s(&inst_dir), "--to", s(&set), "--json"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let lines = json_lines(&o.stdout);
    let summary = lines.last().unwrap();
    assert_eq!(summary["command"], "backup");
    assert_eq!(summary["outcome"], "completed");
    assert_eq!(summary["set_written"], true);
    assert_eq!(summary["databases"].as_array().unwrap().len(), 2);
    assert!(summary["mb_per_s"].as_f64().unwrap() > 0.0, "{summary}");
    assert!(summary["gen_high"].as_u64().unwrap() >= summary["gen_low"].as_u64().unwrap());
    let progress: Vec<&Json> = lines
        .iter()
        .filter(|l| l.get("progress").is_some())
        .collect();
    assert!(progress.iter().any(|p| p["file"] == "a.edb"), "{lines:?}");
    assert!(progress.iter().any(|p| p["progress"] == "log"), "{lines:?}");
    assert_eq!(progress.last().unwrap()["progress"], "done");

    let manifest: Json =
        serde_json::from_str(&std::fs::read_to_string(set.join("backup.json")).unwrap()).unwrap();
    assert_eq!(manifest["kind"], "full");
    assert!(manifest["engine"].as_str().unwrap().starts_with("ese-rs "));
    assert_eq!(manifest["databases"][0]["file"], "a.edb");
    assert!(manifest["databases"][0]["original"]
        .as_str()
        .unwrap()
        .ends_with("a.edb"));

    let o = eseutil(&["verify-backup", s(&set), "--json"]);
    assert!(o.status.success(), "{}", text(&o.stdout));
    let v = json_lines(&o.stdout).pop().unwrap();
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(
        v["files"].as_array().unwrap().len(),
        2 + manifest["logs"].as_array().unwrap().len()
    );

    // Restored files get the permissions the engine gives its files, not the set's.
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    std::fs::set_permissions(set.join("a.edb"), std::fs::Permissions::from_mode(0o600)).unwrap();
    let target = root.join("restored");
    let o = eseutil(&["restore", s(&set), "--to", s(&target), "--json"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let r = json_lines(&o.stdout).pop().unwrap();
    assert_eq!(r["command"], "restore");
    assert_eq!(r["databases"].as_array().unwrap().len(), 2);
    assert_restored(&inst_dir, &target);
    assert_eq!(mode(&target.join("a.edb")), mode(&target.join("edb.chk")));
    assert_eq!(mode(&target.join("b.edb")), mode(&target.join("edb.chk")));

    // A restore never goes into a folder that holds something.
    let o = eseutil(&["restore", s(&set), "--to", s(&target)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("-504"), "{}", text(&o.stderr));
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn max_mbs_holds_the_copy_to_its_rate_and_the_set_stays_whole() {
    let root = tmpdir("paced");
    let inst_dir = instance(&root, 400);
    let set = root.join("set");
    let o = backup_with(&inst_dir, &set, &["--json", "--max-mbs", "20"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let summary = json_lines(&o.stdout).pop().unwrap();
    let bytes = summary["bytes"].as_f64().unwrap();
    let seconds = summary["seconds"].as_f64().unwrap();
    // A lower bound only: the copy sleeps whenever it is ahead of 20 MB/s.
    assert!(bytes > 2e6, "{summary}");
    assert!(seconds >= bytes / 20e6 * 0.95, "{summary}");
    assert!(summary["mb_per_s"].as_f64().unwrap() <= 21.0, "{summary}");
    let o = eseutil(&["verify-backup", s(&set)]);
    assert!(o.status.success(), "{}", text(&o.stdout));
    let target = root.join("restored");
    let o = eseutil(&["restore", s(&set), "--to", s(&target)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_restored(&inst_dir, &target);
    // 0 MB/s is refused by the command line.
    let o = backup_with(&inst_dir, &root.join("zero"), &["--max-mbs", "0"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn tar_stream_on_stdout_restored_from_stdin() {
    let root = tmpdir("tar");
    let inst_dir = instance(&root, 300);
    let o = eseutil(&["backup", s(&inst_dir), "--to", "-"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    // stdout is the tar; progress (JSON lines: stderr is no terminal) and the
    // summary go to stderr.
    let err = text(&o.stderr);
    assert!(err.contains("backup completed"), "{err}");
    assert!(err.contains("MB/s"), "{err}");
    let progress: Vec<Json> = err
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(progress.iter().any(|p| p["progress"] == "database"));
    let tar_bytes = o.stdout;
    let mut names: Vec<String> = tar::Archive::new(&tar_bytes[..])
        .entries()
        .unwrap()
        .map(|e| e.unwrap().path().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.pop().as_deref(), Some("backup.json"));
    assert!(names.contains(&"a.edb".to_string()), "{names:?}");

    let target = root.join("from-stdin");
    let o = eseutil_stdin(&["restore", "-", "--to", s(&target)], &tar_bytes);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("restored 2 databases"));
    assert!(!target.join(".eseutil-restore-unpack").exists());
    assert_restored(&inst_dir, &target);

    // A tar file works as a set too.
    let file = root.join("set.tar");
    std::fs::write(&file, &tar_bytes).unwrap();
    let target2 = root.join("from-file");
    let o = eseutil(&["restore", s(&file), "--to", s(&target2)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_restored(&inst_dir, &target2);
    let _ = std::fs::remove_dir_all(&root);
}

/// Flips one byte of `path` at `at`.
fn flip(path: &Path, at: u64) {
    let mut b = std::fs::read(path).unwrap();
    b[at as usize] ^= 0x40;
    std::fs::write(path, b).unwrap();
}

#[test]
fn damaged_sets_are_reported_and_refused() {
    let root = tmpdir("damaged");
    let inst_dir = instance(&root, 300);
    let set = root.join("set");
    backup_folder(&inst_dir, &set);
    // A data page of the copy (physical page 6 = database page 5).
    flip(&set.join("a.edb"), 6 * 8192 + 300);
    let o = eseutil(&["verify-backup", s(&set), "--json"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
    let v = json_lines(&o.stdout).pop().unwrap();
    assert_eq!(v["ok"], false);
    let a = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == "a.edb")
        .unwrap();
    assert_eq!(a["ok"], false);
    assert!(a["problems"][0].as_str().unwrap().contains("page 5"), "{a}");
    let target = root.join("never");
    let o = eseutil(&["restore", s(&set), "--to", s(&target)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("damaged"), "{}", text(&o.stderr));
    assert!(!target.exists(), "a refused restore wrote its target");

    // A damaged log.
    let set2 = root.join("set2");
    backup_folder(&inst_dir, &set2);
    let m: Json =
        serde_json::from_str(&std::fs::read_to_string(set2.join("backup.json")).unwrap()).unwrap();
    // The first log's first block, damaged in its header.
    let log = m["logs"][0].as_str().unwrap().to_string();
    let bytes = std::fs::read(set2.join(&log)).unwrap();
    let block = (4096..bytes.len())
        .step_by(512)
        .find(|&o| bytes[o..o + 512].iter().any(|&x| x != 0))
        .unwrap();
    flip(&set2.join(&log), block as u64 + 1);
    let o = eseutil(&["verify-backup", s(&set2)]);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o.stdout);
    assert!(out.contains(&format!("BAD {log}")), "{out}");
    assert!(out.contains("DAMAGED"), "{out}");
    let o = eseutil(&["restore", s(&set2), "--to", s(&target)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!target.exists());

    // A copy cut short.
    let set3 = root.join("set3");
    backup_folder(&inst_dir, &set3);
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(set3.join("b.edb"))
        .unwrap();
    let len = f.metadata().unwrap().len();
    f.set_len(len - 8192).unwrap();
    let o = eseutil(&["verify-backup", s(&set3), "--json"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json_lines(&o.stdout).pop().unwrap()["ok"], false);
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn stop_after_ends_the_backup_with_801() {
    let root = tmpdir("stop");
    let inst_dir = instance(&root, 300);
    let set = root.join("set");
    let o = backup_with(&inst_dir, &set, &["--stop-after", "1", "--json"]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o.stderr));
    let r = json_lines(&o.stdout).pop().unwrap();
    assert_eq!(r["outcome"], "stopped");
    assert_eq!(r["stopped_error"], -801);
    assert_eq!(r["set_written"], false);
    assert!(!set.exists(), "a stopped backup left files");
    let o = eseutil(&["backup", s(&inst_dir), "--to", s(&set), "--stop-after", "1"]);
    assert_eq!(o.status.code(), Some(3));
    let out = text(&o.stdout);
    assert!(
        out.contains("-801") && out.contains("ended cleanly"),
        "{out}"
    );
    // A stopped tar stream has no manifest: it does not restore.
    let o = eseutil(&["backup", s(&inst_dir), "--to", "-", "--stop-after", "1"]);
    assert_eq!(o.status.code(), Some(3));
    let target = root.join("never");
    let o = eseutil_stdin(&["restore", "-", "--to", s(&target)], &o.stdout);
    assert_eq!(o.status.code(), Some(1));
    assert!(!target.exists());
    // The instance is fine afterwards: a full backup completes.
    backup_folder(&inst_dir, &set);
    let _ = std::fs::remove_dir_all(&root);
}

/// Rewrites the manifest of `set` with `f`, its checksum made right again (as a
/// set made to do harm would have it): what refuses it must be another check.
fn edit_manifest(set: &Path, f: impl FnOnce(&mut Json)) {
    let p = set.join("backup.json");
    let mut m: Json = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    f(&mut m);
    ese_util::backup::stamp_checksum(&mut m);
    std::fs::write(&p, serde_json::to_string_pretty(&m).unwrap()).unwrap();
}

fn assert_refused(set_or_dash: &str, stdin: Option<&[u8]>, target: &Path, what: &str) {
    let args = ["restore", set_or_dash, "--to", s(target)];
    let o = match stdin {
        Some(b) => eseutil_stdin(&args, b),
        None => eseutil(&args),
    };
    assert_eq!(o.status.code(), Some(1), "{what}: {}", text(&o.stdout));
    let err = text(&o.stderr);
    assert!(err.contains("-1023"), "{what}: {err}");
    assert!(!target.exists(), "{what}: the target was written");
}

/// A manifest changed by hand or by damage, still valid JSON with sensible
/// values: `verify-backup` reports it and `restore` refuses it (its checksum).
#[test]
fn a_manifest_changed_after_the_backup_is_reported_and_refused() {
    let root = tmpdir("manifest-sum");
    let inst_dir = instance(&root, 100);
    let set = root.join("set");
    backup_folder(&inst_dir, &set);
    let p = set.join("backup.json");
    let good = std::fs::read_to_string(&p).unwrap();
    let v: Json = serde_json::from_str(&good).unwrap();
    let original = v["databases"][0]["original"].as_str().unwrap().to_string();
    let created = v["created"].to_string();
    for (what, from, to) in [
        (
            "original path",
            original.clone(),
            original.replace("a.edb", "x.edb"),
        ),
        (
            "created",
            created.clone(),
            format!("{}", v["created"].as_u64().unwrap() + 1),
        ),
    ] {
        let changed = good.replacen(&from, &to, 1);
        assert_ne!(changed, good, "{what}");
        std::fs::write(&p, &changed).unwrap();
        let o = eseutil(&["verify-backup", s(&set), "--json"]);
        assert_eq!(o.status.code(), Some(1), "{what}: {}", text(&o.stdout));
        let problems = json_lines(&o.stdout).pop().unwrap()["problems"].to_string();
        assert!(problems.contains("checksum"), "{what}: {problems}");
        let target = root.join("t");
        let o = eseutil(&["restore", s(&set), "--to", s(&target)]);
        assert_eq!(o.status.code(), Some(1), "{what}: {}", text(&o.stdout));
        let err = text(&o.stderr);
        assert!(
            err.contains("-526") && err.contains("checksum"),
            "{what}: {err}"
        );
        assert!(!target.exists(), "{what}: the target was written");
    }
    // The manifest as written restores.
    std::fs::write(&p, &good).unwrap();
    let target = root.join("t");
    let o = eseutil(&["restore", s(&set), "--to", s(&target)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn sets_naming_files_outside_themselves_are_refused() {
    let root = tmpdir("paths");
    let inst_dir = instance(&root, 100);
    let outside = root.join("outside");
    std::fs::create_dir_all(&outside).unwrap();

    // `..` in the manifest.
    let set = root.join("set-dotdot");
    backup_folder(&inst_dir, &set);
    std::fs::copy(set.join("a.edb"), outside.join("a.edb")).unwrap();
    edit_manifest(&set, |m| {
        m["databases"][0]["file"] = "../outside/a.edb".into()
    });
    let target = root.join("t1");
    assert_refused(s(&set), None, &target, "dotdot");
    let o = eseutil(&["verify-backup", s(&set), "--json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(json_lines(&o.stdout).pop().unwrap()["problems"][0]
        .as_str()
        .unwrap()
        .contains("plain file names"));

    // An absolute name.
    let set = root.join("set-abs");
    backup_folder(&inst_dir, &set);
    let abs = outside.join("a.edb");
    edit_manifest(&set, |m| m["databases"][0]["file"] = s(&abs).into());
    assert_refused(s(&set), None, &root.join("t2"), "absolute");

    // A link inside the set, in place of a database copy.
    let set = root.join("set-link");
    backup_folder(&inst_dir, &set);
    std::fs::remove_file(set.join("b.edb")).unwrap();
    std::os::unix::fs::symlink(outside.join("a.edb"), set.join("b.edb")).unwrap();
    assert_refused(s(&set), None, &root.join("t3"), "link");

    // Tar streams: a `..` entry, an absolute entry and a link entry.
    let good = eseutil(&["backup", s(&inst_dir), "--to", "-"]);
    assert!(good.status.success());
    for (i, (name, kind)) in [
        ("../escaped.edb", tar::EntryType::Regular),
        ("/tmp/escaped.edb", tar::EntryType::Regular),
        ("c.edb", tar::EntryType::Symlink),
    ]
    .into_iter()
    .enumerate()
    {
        let mut bytes = Vec::new();
        let mut h = tar::Header::new_gnu();
        {
            let gnu = h.as_gnu_mut().unwrap();
            gnu.name[..name.len()].copy_from_slice(name.as_bytes());
        }
        h.set_entry_type(kind);
        h.set_size(if kind == tar::EntryType::Symlink {
            0
        } else {
            4
        });
        if kind == tar::EntryType::Symlink {
            h.set_link_name("/etc/passwd").unwrap();
        }
        h.set_mode(0o644);
        h.set_cksum();
        bytes.extend_from_slice(h.as_bytes());
        if kind != tar::EntryType::Symlink {
            bytes.extend_from_slice(b"evil");
            bytes.resize(bytes.len() + 508, 0);
        }
        // The good set follows, so only the bad entry can be the reason.
        bytes.extend_from_slice(&good.stdout);
        let target = root.join(format!("tar{i}"));
        assert_refused("-", Some(&bytes), &target, name);
        assert!(!root.join("escaped.edb").exists());
    }
    assert!(!Path::new("/tmp/escaped.edb").exists());
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn incremental_backup_extends_a_full_set() {
    let root = tmpdir("incr");
    let inst_dir = instance(&root, 200);
    let set = root.join("set");
    let o = eseutil(&[
        "backup",
        s(&inst_dir),
        "--to",
        s(&set),
        "--truncate",
        "--json",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    {
        let inst = Instance::new(InstanceOptions::in_dir(&inst_dir)).unwrap();
        let (db, _) = inst.attach_database(inst_dir.join("a.edb"), false).unwrap();
        add_rows(&db, 1000, 1300);
        drop(db);
        inst.term().unwrap();
    }
    let o = eseutil(&[
        "backup",
        s(&inst_dir),
        "--to",
        s(&set),
        "--incremental",
        "--json",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let r = json_lines(&o.stdout).pop().unwrap();
    assert_eq!(r["kind"], "incremental");
    assert!(r["databases"].as_array().unwrap().is_empty());
    let m: Json =
        serde_json::from_str(&std::fs::read_to_string(set.join("backup.json")).unwrap()).unwrap();
    assert_eq!(m["kind"], "full");
    assert_eq!(m["incrementals"].as_array().unwrap().len(), 1);
    let o = eseutil(&["verify-backup", s(&set)]);
    assert!(o.status.success(), "{}", text(&o.stdout));
    let target = root.join("restored");
    let o = eseutil(&["restore", s(&set), "--to", s(&target)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let rows = contents(&target, "a.edb");
    assert_eq!(rows.len(), 500);
    assert_restored(&inst_dir, &target);
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn progress_bar_on_a_terminal() {
    if Command::new("script").arg("--version").output().is_err() {
        panic!(
            "`script` (util-linux/bsdutils) is needed for the terminal test; .ci/run installs it"
        );
    }
    let root = tmpdir("pty");
    let inst_dir = instance(&root, 300);
    let set = root.join("set");
    let cmd = format!(
        "{} backup {} --to {}",
        env!("CARGO_BIN_EXE_eseutil"),
        s(&inst_dir),
        s(&set)
    );
    let o = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let out = text(&o.stdout);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("100%"), "no bar in: {out:?}");
    assert!(out.contains("[=========="), "no bar in: {out:?}");
    assert!(!out.contains("0 B/0 B"), "an empty bar was drawn: {out:?}");
    assert!(out.contains("a.edb") && out.contains("MiB/s"), "{out:?}");
    assert!(out.contains("backup completed"), "{out:?}");
    // On a terminal there are no JSON progress lines.
    assert!(!out.contains("{\"progress\""), "{out:?}");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn library_backup_of_a_live_instance_while_a_writer_commits() {
    use ese_util::backup::{backup_instance, restore_set, BackupOptions, BackupTarget, Outcome};
    use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
    use std::sync::Arc;
    let root = tmpdir("live");
    let inst_dir = instance(&root, 200);
    let inst = Instance::new(InstanceOptions::in_dir(&inst_dir)).unwrap();
    let (a, _) = inst.attach_database(inst_dir.join("a.edb"), false).unwrap();
    inst.attach_database(inst_dir.join("b.edb"), false).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let committed = Arc::new(AtomicI32::new(0));
    let writer = {
        let (a, stop, committed) = (a.clone(), stop.clone(), committed.clone());
        std::thread::spawn(move || {
            let mut id = 10_000;
            while !stop.load(Ordering::SeqCst) {
                add_rows(&a, id, id + 1);
                id += 1;
                committed.store(id - 10_000, Ordering::SeqCst);
            }
        })
    };
    while committed.load(Ordering::SeqCst) < 50 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let before = committed.load(Ordering::SeqCst);
    let reports = std::cell::Cell::new(0);
    let progress = |_: &ese_util::backup::Progress| reports.set(reports.get() + 1);
    let set = root.join("set");
    let r = backup_instance(
        &inst,
        BackupTarget::Folder(set.clone()),
        &BackupOptions {
            progress: Some(&progress),
            ..BackupOptions::default()
        },
    )
    .unwrap();
    assert_eq!(r.outcome, Outcome::Completed);
    assert!(reports.get() > 2);
    // Stopped partway by the library's own stop.
    let stopped = backup_instance(
        &inst,
        BackupTarget::Folder(root.join("stopped")),
        &BackupOptions {
            stop_after_bytes: Some(1),
            ..BackupOptions::default()
        },
    )
    .unwrap();
    assert_eq!(stopped.outcome, Outcome::Stopped);
    assert_eq!(stopped.stopped_error, Some(-801));
    assert!(!root.join("stopped").exists());
    stop.store(true, Ordering::SeqCst);
    writer.join().unwrap();
    let after = committed.load(Ordering::SeqCst);
    drop(a);
    inst.term().unwrap();

    let target = root.join("restored");
    restore_set(&set, &target, &Default::default()).unwrap();
    let rows = contents(&target, "a.edb");
    let live: Vec<i32> = rows
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| *id >= 10_000)
        .collect();
    let k = live.len() as i32;
    assert!(
        live.iter()
            .enumerate()
            .all(|(i, id)| *id == 10_000 + i as i32),
        "the restored writer rows are not a prefix"
    );
    assert!(k >= before && k <= after, "{before} <= {k} <= {after}");
    assert_eq!(rows.len() as i32 - k, 200);
    let _ = std::fs::remove_dir_all(&root);
}

/// Where the data of entry `name` starts in the tar `bytes`.
fn tar_entry_at(bytes: &[u8], name: &str) -> u64 {
    tar::Archive::new(bytes)
        .entries()
        .unwrap()
        .map(Result::unwrap)
        .find(|e| e.path().unwrap().to_str() == Some(name))
        .unwrap_or_else(|| panic!("no {name} in the tar"))
        .raw_file_position()
}

/// The temporary folders `verify-backup` unpacks tar sets into, now.
fn verify_unpack_dirs() -> Vec<PathBuf> {
    std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("eseutil-verify-"))
        })
        .collect()
}

#[test]
fn tar_sets_are_verified_from_a_file_and_from_stdin() {
    let root = tmpdir("verify-tar");
    let inst_dir = instance(&root, 300);
    let o = eseutil(&["backup", s(&inst_dir), "--to", "-"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let good = o.stdout;
    let before = verify_unpack_dirs();

    // A good tar file.
    let file = root.join("set.tar");
    std::fs::write(&file, &good).unwrap();
    let o = eseutil(&["verify-backup", s(&file), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v = json_lines(&o.stdout).pop().unwrap();
    assert_eq!(v["command"], "verify-backup");
    assert_eq!(v["ok"], true);
    assert_eq!(v["set"], s(&file));
    assert!(v["bytes"].as_u64().unwrap() > 0, "{v}");
    assert_eq!(
        v["files"].as_array().unwrap().len(),
        2 + v["gen_high"].as_u64().unwrap() as usize - v["gen_low"].as_u64().unwrap() as usize + 1
    );

    // The same tar on stdin, with the report in words.
    let o = eseutil_stdin(&["verify-backup", "-"], &good);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("backup set ok"), "{out}");
    assert!(out.contains("ok  a.edb"), "{out}");
    let o = eseutil_stdin(&["verify-backup", "-", "--json"], &good);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v = json_lines(&o.stdout).pop().unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["set"], "-");
    assert!(v["bytes"].as_u64().unwrap() > 0);

    // One byte flipped in a data page of a.edb (physical page 6 = database page 5).
    let mut bad = good.clone();
    let at = tar_entry_at(&good, "a.edb") + 6 * 8192 + 300;
    bad[at as usize] ^= 0x40;
    let bad_file = root.join("bad.tar");
    std::fs::write(&bad_file, &bad).unwrap();
    let o = eseutil(&["verify-backup", s(&bad_file), "--json"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let v = json_lines(&o.stdout).pop().unwrap();
    assert_eq!(v["ok"], false);
    let a = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == "a.edb")
        .unwrap();
    assert_eq!(a["ok"], false);
    assert!(a["problems"][0].as_str().unwrap().contains("page 5"), "{a}");
    let o = eseutil_stdin(&["verify-backup", "-"], &bad);
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o.stdout);
    assert!(
        out.contains("BAD a.edb") && out.contains("DAMAGED"),
        "{out}"
    );

    // A `../x` entry ahead of the good set is refused before anything is verified.
    let mut evil = Vec::new();
    let mut h = tar::Header::new_gnu();
    {
        let name = b"../x";
        let gnu = h.as_gnu_mut().unwrap();
        gnu.name[..name.len()].copy_from_slice(name);
    }
    h.set_entry_type(tar::EntryType::Regular);
    h.set_size(4);
    h.set_mode(0o644);
    h.set_cksum();
    evil.extend_from_slice(h.as_bytes());
    evil.extend_from_slice(b"evil");
    evil.resize(evil.len() + 508, 0);
    evil.extend_from_slice(&good);
    let o = eseutil_stdin(&["verify-backup", "-", "--json"], &evil);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
    let err = text(&o.stderr);
    assert!(err.contains("-1023"), "{err}");
    let evil_file = root.join("evil.tar");
    std::fs::write(&evil_file, &evil).unwrap();
    let o = eseutil(&["verify-backup", s(&evil_file)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("-1023"), "{}", text(&o.stderr));

    // Every temporary folder was removed, on success and on refusal alike.
    let mut after = verify_unpack_dirs();
    after.retain(|d| !before.contains(d));
    assert!(after.is_empty(), "left behind: {after:?}");
    let _ = std::fs::remove_dir_all(&root);
}
