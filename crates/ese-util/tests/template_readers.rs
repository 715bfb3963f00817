//! A template table and tables derived from it, written by `eseutil create` and `import`,
//! checked by the independent readers: `ese-crosscheck.py --strict` (every reader counts
//! every table's records alike; dissect's values of the template table equal `eseutil
//! export`'s), and libesedb, which resolves template tables, reads the derived table's
//! template columns (tagged ones carry the derived flag) as `eseutil export` does.

mod common;
use common::*;
use serde_json::Value as Json;
use std::process::Command;

const SCHEMA: &str = r#"{"page_size": PAGE, "tables": [
 {"name": "Message", "template": true,
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "size", "type": "LongLong"},
              {"name": "subject", "type": "Text", "cp": 1252, "max_length": 80},
              {"name": "labels", "type": "Text", "cp": 1200, "flags": ["Tagged", "MultiValued"]},
              {"name": "body", "type": "LongText", "cp": 1200}],
  "indexes": [{"name": "pk", "key": ["+id"], "flags": ["Primary"]},
              {"name": "bysubject", "key": ["+subject", "-id"]}]},
 {"name": "Inbox", "template_table": "Message"},
 {"name": "Outbox", "template_table": "Message",
  "columns": [{"name": "folder", "type": "Text", "cp": 1252},
              {"name": "extra", "type": "Binary", "flags": ["Tagged"]}],
  "indexes": [{"name": "byfolder", "key": ["+folder", "+id"]}]}]}"#;

/// `n` rows for one of the tables (`own`: with the derived table's own columns too).
fn rows(n: i64, own: bool) -> String {
    let mut out = String::new();
    for i in 0..n {
        let mut r =
            serde_json::json!({"id": i, "size": i * 1009, "subject": format!("subj {}", i % 17)});
        let o = r.as_object_mut().unwrap();
        if i % 3 == 0 {
            o.insert(
                "labels".into(),
                serde_json::json!([format!("l{}", i % 7), format!("m{}", i % 5)]),
            );
        }
        if i % 4 == 0 {
            o.insert(
                "body".into(),
                "b".repeat(if i % 8 == 0 { 3000 } else { 40 }).into(),
            );
        }
        if own {
            o.insert("folder".into(), format!("f{}", i % 9).into());
            if i % 2 == 0 {
                o.insert("extra".into(), "0a0b0c".into());
            }
        }
        out.push_str(&r.to_string());
        out.push('\n');
    }
    out
}

/// libesedb's values of every record of `table` as `eseutil export` writes them (only the
/// column types of the template table: Long, LongLong, Text, multi-valued Unicode text and
/// long Unicode text).
const PYESEDB_VALUES: &str = r#"
import json, struct, sys
import pyesedb
f = pyesedb.file()
f.open(sys.argv[1])
t = [t for t in f.tables if t.name == sys.argv[2]][0]
print(t.get_template_name())
for k in range(t.number_of_records):
    r = t.get_record(k)
    out = {}
    for i in range(r.number_of_values):
        name, ct = r.get_column_name(i), r.get_column_type(i)
        raw = r.get_value_data(i)
        if raw is None and not r.is_long_value(i):
            continue
        if r.is_multi_value(i) and r.get_value_data_flags(i) & 0x10:
            # ESE's TWOVALUES: the first value's length in one byte, then both values.
            n = raw[0]
            out[name] = [raw[1:1 + n].decode("utf-16-le"), raw[1 + n:].decode("utf-16-le")]
        elif r.is_multi_value(i):
            # ESE's MULTIVALUES: 2-byte offsets, then the values.
            first = struct.unpack_from("<H", raw, 0)[0] & 0x7FFF
            offs = [struct.unpack_from("<H", raw, 2 * j)[0] & 0x7FFF for j in range(first // 2)]
            offs.append(len(raw))
            out[name] = [raw[offs[j]:offs[j + 1]].decode("utf-16-le") for j in range(len(offs) - 1)]
        elif r.is_long_value(i):
            lv = r.get_value_data_as_long_value(i)
            if lv is None:
                continue
            out[name] = lv.get_data().decode("utf-16-le")
        elif ct in (4, 15):
            out[name] = r.get_value_data_as_integer(i)
        elif ct == 12:
            out[name] = raw.decode("utf-16-le")
        else:
            out[name] = raw.decode("cp1252")
    print(json.dumps(out))
"#;

#[test]
fn template_and_derived_tables_read_by_the_independent_readers() {
    for page in [4096usize, 8192, 32768] {
        let dir = Scratch::new("templates");
        let db = dir.file(&format!("t{page}.edb"));
        let schema = dir.file("schema.json");
        std::fs::write(&schema, SCHEMA.replace("PAGE", &page.to_string())).unwrap();
        let out = eseutil(&["create", s(&db), "--schema", s(&schema)]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        for (table, n, own) in [
            ("Message", 40, false),
            ("Inbox", 300, false),
            ("Outbox", 200, true),
        ] {
            let file = dir.file(&format!("{table}.jsonl"));
            std::fs::write(&file, rows(n, own)).unwrap();
            let out = eseutil(&["import", s(&db), "--table", table, s(&file)]);
            assert!(out.status.success(), "{}", text(&out.stderr));
            assert_eq!(export_table(&db, Some(table)).len(), n as usize);
        }
        // `eseutil tables` tells the template and the tables derived from it.
        let out = eseutil(&["tables", s(&db), "--json"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let doc: Json = serde_json::from_slice(&out.stdout).unwrap();
        let table = |n: &str| {
            doc["tables"]
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["name"] == n)
                .unwrap()
                .clone()
        };
        assert_eq!(table("Message")["template"], true);
        assert_eq!(table("Outbox")["template_table"], "Message");
        assert_eq!(table("Outbox")["columns"].as_array().unwrap().len(), 7);
        // Every reader counts every table's records alike; dissect's values of the
        // template table equal eseutil's.
        cross_check(&db, Some("Message"));
        let Some(py) = reader_python() else { continue };
        let out = Command::new(&py)
            .args(["-c", PYESEDB_VALUES, s(&db), "Inbox"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        let mut lines = stdout.lines();
        assert_eq!(lines.next(), Some("Message"), "libesedb names the template");
        let theirs: Vec<Json> = lines.map(|l| serde_json::from_str(l).unwrap()).collect();
        let ours = export_table(&db, Some("Inbox"));
        assert_eq!(theirs.len(), ours.len());
        for (i, (a, b)) in theirs.iter().zip(&ours).enumerate() {
            assert_eq!(a, b, "{page}-byte pages, record {i}");
        }
    }
}
