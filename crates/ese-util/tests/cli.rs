//! `eseutil` end to end: every subcommand on the real sample databases.

mod common;

use common::samples;
use std::path::PathBuf;
use std::process::{Command, Output};

fn sample(name: &str) -> PathBuf {
    let p = samples().join(format!("{name}.gz"));
    assert!(
        p.is_file(),
        "sample {} missing; set ESE_SAMPLES",
        p.display()
    );
    p
}

fn eseutil(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eseutil"))
        .args(args)
        .output()
        .expect("run eseutil")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

fn json(o: &Output) -> serde_json::Value {
    assert!(
        o.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("JSON output")
}

#[test]
fn cli_a_database_alone_is_reported_on() {
    let o = eseutil(&[sample("SRUDB.dat").to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    assert!(out.contains("SruDbIdMapTable"), "{out}");
    assert!(out.contains("106 records"), "{out}");
    assert!(out.contains("Clean Shutdown"), "{out}");
}

/// `eseutil demo DIR` on 20,000 records with a short baseline, and `extra` arguments.
fn small_demo(dir: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "demo",
        dir.to_str().unwrap(),
        "--records",
        "20000",
        "--baseline-secs",
        "0.3",
    ];
    args.extend_from_slice(extra);
    eseutil(&args)
}

#[test]
fn cli_demo_backs_up_stops_restores_and_checks() {
    let dir = std::env::temp_dir().join(format!("ese-cli-demo-{}", std::process::id()));
    let o = small_demo(&dir, &[]);
    let out = stdout(&o);
    assert!(
        o.status.success(),
        "{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.contains("1. loaded 20000 orders"), "{out}");
    assert!(out.contains("online streaming backup"), "{out}");
    assert!(out.contains("-801 (JET_errBackupAbortByServer)"), "{out}");
    assert!(out.contains("passes its check"), "{out}");
    assert!(dir.join("restored").join("orders.edb").is_file());
    assert!(dir.join("backup").join("orders.edb").is_file());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_demo_backup_held_to_max_mbs() {
    let dir = std::env::temp_dir().join(format!("ese-cli-demo-paced-{}", std::process::id()));
    let o = small_demo(&dir, &["--max-mbs", "40"]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}");
    let line = out
        .lines()
        .find(|l| l.contains("online streaming backup"))
        .unwrap_or_else(|| panic!("{out}"));
    // "... MB in S s (R MB/s); ...": the rate the copy was held to.
    let rate: f64 = line
        .split(" MB/s)")
        .next()
        .and_then(|head| head.rsplit('(').next())
        .and_then(|r| r.trim().parse().ok())
        .unwrap_or_else(|| panic!("no rate in {line}"));
    assert!(rate > 0.0 && rate <= 41.0, "{line}");
    assert!(out.contains("passes its check"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_header_json_fields() {
    let h = json(&eseutil(&[
        "header",
        sample("Windows.edb").to_str().unwrap(),
        "--json",
    ]));
    assert_eq!(h["cbDbPage"], "32768");
    assert_eq!(h["Format ulVersion"], "0x620,110,240");
    assert!(h["State"].as_str().unwrap().contains("Dirty"), "{h}");
    assert_eq!(h["warnings"][0]["symbol"], "JET_errDatabaseDirtyShutdown");
    let h = json(&eseutil(&[
        "header",
        sample("basic.edb").to_str().unwrap(),
        "--json",
    ]));
    assert_eq!(h["cbDbPage"], "4096");
    assert_eq!(h["Format ulVersion"], "0x620,20,0");
    assert_eq!(h["page_count"], 254);
    // The text form names the same fields.
    let o = eseutil(&["header", sample("basic.edb").to_str().unwrap()]);
    assert!(stdout(&o).contains("Clean Shutdown"));
}

#[test]
fn cli_tables_json_counts() {
    let t = json(&eseutil(&[
        "tables",
        sample("Current.mdb").to_str().unwrap(),
        "--json",
    ]));
    let tables = t["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 8);
    let clients = tables.iter().find(|t| t["name"] == "CLIENTS").unwrap();
    assert_eq!(clients["records"], 19);
    assert_eq!(clients["columns"].as_array().unwrap().len(), 374);
    assert!(clients["indexes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["name"] == "Username_RoleGuid_TenantId_index"));
}

#[test]
fn cli_export_jsonl_and_csv() {
    let o = eseutil(&[
        "export",
        sample("basic.edb").to_str().unwrap(),
        "--table",
        "basic",
    ]);
    assert!(o.status.success());
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["Id"], 1);
    assert_eq!(lines[0]["Short"], -1337);
    assert_eq!(lines[0]["GUID"], "3f360af1-6766-46dc-9af2-0dacf295c2a1");
    assert!(lines[1].get("GUID").is_none(), "NULL columns are left out");

    let o = eseutil(&[
        "export",
        sample("multi.edb").to_str().unwrap(),
        "--table",
        "multi",
    ]);
    let first: serde_json::Value =
        serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
    assert_eq!(first["UnsignedByte"], serde_json::json!([0, 127, 255]));

    let o = eseutil(&[
        "export",
        sample("text.edb").to_str().unwrap(),
        "--table",
        "text",
        "--format",
        "csv",
    ]);
    let out = stdout(&o);
    let mut lines = out.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("Id,FixedASCII,FixedUnicode"), "{header}");
    let row = lines.next().unwrap();
    assert!(row.contains("Simple Unicode text 🦊"), "{row}");
}

#[test]
fn cli_export_every_table_of_every_sample() {
    let dir = std::env::temp_dir().join(format!("eseutil-export-{}", std::process::id()));
    for s in common::SAMPLES {
        let out = dir.join(s);
        let o = eseutil(&[
            "export",
            sample(s).to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(
            o.status.success(),
            "{s}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let files = std::fs::read_dir(&out).unwrap().count();
        assert!(files >= 5, "{s}: {files} files");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_checksum_passes_every_sample_and_names_srudb_junk_pages() {
    for s in common::SAMPLES {
        let r = json(&eseutil(&[
            "checksum",
            sample(s).to_str().unwrap(),
            "--json",
        ]));
        assert_eq!(r["result"], 0, "{s}: {r}");
        assert_eq!(r["bad"].as_array().unwrap().len(), 0, "{s}");
        if s == "SRUDB.dat" {
            let outside: Vec<u64> = r["outside_owned_space"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap())
                .collect();
            assert_eq!(outside, (143..=158).collect::<Vec<u64>>());
        } else {
            assert!(
                r["outside_owned_space"].as_array().unwrap().is_empty(),
                "{s}"
            );
        }
    }
    let o = eseutil(&["checksum", sample("SRUDB.dat").to_str().unwrap()]);
    assert!(stdout(&o).contains("143-158"), "{}", stdout(&o));
}

#[test]
fn cli_checksum_fails_on_a_damaged_page() {
    use std::io::Read;
    let mut data = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(sample("basic.edb")).unwrap())
        .read_to_end(&mut data)
        .unwrap();
    // Two flipped bytes in page 4 (the catalog root): not correctable.
    let off = 5 * 4096 + 1000;
    data[off] ^= 0xFF;
    data[off + 7] ^= 0xFF;
    let path = std::env::temp_dir().join(format!("eseutil-bad-{}.edb", std::process::id()));
    std::fs::write(&path, &data).unwrap();
    let o = eseutil(&["checksum", path.to_str().unwrap(), "--json"]);
    assert!(!o.status.success());
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["bad"], serde_json::json!([4]));
    assert_eq!(r["result"], -1018);
    // A single flipped bit is reported as correctable and does not fail.
    data[off] ^= 0xFF;
    data[off + 7] ^= 0xFF;
    data[off] ^= 0x10;
    std::fs::write(&path, &data).unwrap();
    let r = json(&eseutil(&["checksum", path.to_str().unwrap(), "--json"]));
    assert_eq!(r["correctable"], serde_json::json!([4]));
    let _ = std::fs::remove_file(&path);
}

#[test]
fn cli_errors_name_their_jet_code() {
    let o = eseutil(&["header", "/no/such/file.edb"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("JET_errFileNotFound") && err.contains("-1811"),
        "{err}"
    );
    let path = std::env::temp_dir().join(format!("eseutil-notdb-{}.edb", std::process::id()));
    std::fs::write(&path, vec![7u8; 65536]).unwrap();
    let o = eseutil(&["tables", path.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("JET_errInvalidDatabase"));
    let _ = std::fs::remove_file(&path);
    let o = eseutil(&[
        "export",
        sample("basic.edb").to_str().unwrap(),
        "--table",
        "nope",
    ]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("JET_errObjectNotFound"));
}

#[test]
fn cli_help_for_each_subcommand() {
    for sub in [
        "header",
        "tables",
        "export",
        "checksum",
        "recover",
        "logs",
        "checkpoint",
    ] {
        let o = eseutil(&[sub, "--help"]);
        assert!(o.status.success());
        assert!(stdout(&o).contains("Usage"), "{sub}");
    }
}

/// Runs `eseutil` with `args`, reads the first line of its output, then closes
/// the pipe (as `eseutil ... | head -1` does); the line and how the command ended.
fn cut_short(args: &[&str]) -> (String, Output) {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(env!("CARGO_BIN_EXE_eseutil"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The read end is dropped here; the writer meets a broken pipe.
    (first, child.wait_with_output().unwrap())
}

/// A reader that stops early (`eseutil export DB | head`) does not make the export fail.
#[test]
fn cli_export_into_a_closed_pipe_succeeds() {
    let (first, out) = cut_short(&["export", sample("large.edb").to_str().unwrap()]);
    assert!(first.starts_with('{'));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn cli_listing_into_a_closed_pipe_ends_without_a_panic() {
    // A long listing (the 65,000 columns of large.edb), its reader gone after one line.
    let (first, out) = cut_short(&["tables", sample("large.edb").to_str().unwrap()]);
    assert!(first.starts_with("Table"), "{first}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.status.success(), "{:?}: {err}", out.status);
}

/// An error written to a standard error whose reader has gone (a pipe closed before the
/// message) ends the command with its error code, not a panic.
#[test]
fn cli_error_into_a_closed_stderr_exits_with_its_code() {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let missing = std::env::temp_dir()
        .join("ese-no-such-folder")
        .join("none.edb");
    let out = Command::new(env!("CARGO_BIN_EXE_eseutil"))
        .args(["header", missing.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(writer)
        .output()
        .unwrap();
    // 1 is eseutil's error exit; a panic would exit with 101.
    assert_eq!(out.status.code(), Some(1), "{:?}", out.status);
}

/// The space of one tree as `eseutil space --json` gives it: (owned, available, fdp,
/// owned extents as (last page, pages)).
fn tree(v: &serde_json::Value) -> (u64, u64, u64, Vec<(u64, u64)>) {
    let ext = v["owned_extents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e[0].as_u64().unwrap(), e[1].as_u64().unwrap()))
        .collect();
    (
        v["owned"].as_u64().unwrap(),
        v["available"].as_u64().unwrap(),
        v["fdp"].as_u64().unwrap(),
        ext,
    )
}

/// `eseutil space` (as `esentutl /ms`) on real ESE databases: every table of `tables` is
/// listed; each tree's free pages are among its owned ones, its extents add up to what it
/// owns, and a table's indexes and long values start inside it and own no more than it does;
/// the tables together own no more than the database root.
#[test]
fn cli_space_lists_every_tree_and_it_adds_up() {
    for name in ["Windows.edb", "SRUDB.dat", "large.edb", "index.edb"] {
        let db = sample(name);
        let db = db.to_str().unwrap();
        let j = json(&eseutil(&["space", db, "--json"]));
        let listed = json(&eseutil(&["tables", db, "--json"]));
        let names: Vec<&str> = j["tables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        let want: Vec<&str> = listed["tables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, want, "{name}");
        let (root_owned, root_avail, _, root_ext) = tree(&j["root"]);
        assert!(root_avail <= root_owned);
        assert_eq!(root_ext.iter().map(|e| e.1).sum::<u64>(), root_owned);
        let mut tables_owned = 0;
        for t in j["tables"].as_array().unwrap() {
            let (owned, avail, fdp, ext) = tree(&t["space"]);
            assert!(avail <= owned, "{name} {}", t["name"]);
            assert_eq!(
                ext.iter().map(|e| e.1).sum::<u64>(),
                owned,
                "{name} {}",
                t["name"]
            );
            assert!(ext
                .iter()
                .any(|&(last, n)| last + 1 - n <= fdp && fdp <= last));
            let inside = |p: u64| ext.iter().any(|&(last, n)| last + 1 - n <= p && p <= last);
            let mut children = 0;
            let subtrees = t["indexes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| &i["space"])
                .chain(t["long_values"].as_object().map(|_| &t["long_values"]));
            for sub in subtrees {
                let (o, a, f, _) = tree(sub);
                assert!(
                    a <= o && inside(f),
                    "{name} {}: a subtree at {f}",
                    t["name"]
                );
                children += o;
            }
            assert!(children <= owned, "{name} {}", t["name"]);
            tables_owned += owned;
        }
        assert!(tables_owned <= root_owned, "{name}");
        // The text form lists the same trees.
        let o = eseutil(&["space", db]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let text = stdout(&o);
        assert!(
            text.contains("ObjidFDP") && text.contains("<database>"),
            "{text}"
        );
        assert!(names.iter().all(|n| text.contains(n)), "{text}");
    }
}

/// A table created with initial pages (the schema's `"pages"`, ESE's `ulPages`) owns them
/// as its first extent from the start.
#[test]
fn cli_space_shows_a_tables_initial_pages() {
    let dir = common::Scratch::new("cli-space-pages");
    let schema = dir.join("s.json");
    std::fs::write(
        &schema,
        r#"{"page_size": 8192, "tables": [{"name": "t", "pages": 200,
            "columns": [{"name": "k", "type": "Long", "flags": ["NotNULL"]}],
            "indexes": [{"name": "pk", "key": ["+k"], "flags": ["Primary"]}]}]}"#,
    )
    .unwrap();
    let db = dir.join("d.edb");
    let (db, schema) = (db.to_str().unwrap(), schema.to_str().unwrap());
    let o = eseutil(&["create", db, "--schema", schema]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let j = json(&eseutil(&["space", db, "--json"]));
    let t = j["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "t")
        .expect("table t listed");
    assert_eq!(t["space"]["primary_extent"], 200);
    assert_eq!(t["space"]["owned"], 200);
}
