//! Measures `Database::create_index`: a table of `ROWS` records (8-byte big-endian
//! binary primary key, a 100-byte binary column) gets a secondary index over the
//! first 8 bytes of the binary column (`cbVarSegMac` 8). Prints rows, seconds of
//! the build, MB/s of column data indexed (key and payload bytes of every row), and
//! the process's peak resident memory (`VmHWM`), also as it was before the build
//! (the buffer cache of 4,096 pages is most of that).
//!
//! `cargo run --release -p ese --example index_build_speed [rows] [page_size] [dir]`

use ese::db::{CreateOptions, Database};
use ese::format::coltype::Value;
use ese::record::schema::{parse_schema, IndexSpec, KeySegmentSpec};
use ese::record::Row;
use std::time::Instant;

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> ese::Result<()> {
    let mut args = std::env::args().skip(1);
    let rows: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let page_size: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(8192);
    let dir = args
        .next()
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let path = dir.join(format!("ese-index-speed-{}.edb", std::process::id()));
    let doc = format!(
        r#"{{"page_size": {page_size}, "tables": [{{"name": "t",
        "columns": [{{"name": "id", "type": "Binary", "flags": ["Fixed"], "max_length": 8}},
                    {{"name": "payload", "type": "Binary", "max_length": 100}}],
        "indexes": [{{"name": "pk", "key": ["+id"], "flags": ["Primary"]}}]}}]}}"#
    );
    let spec = parse_schema(&doc)?;
    let mut db = Database::create(
        &path,
        CreateOptions {
            page_size,
            cache_pages: 4096,
            overwrite: true,
            ..Default::default()
        },
    )?;
    db.create_table_spec(&spec.tables[0])?;
    let (id_col, payload_col) = {
        let t = db.table("t")?;
        let d = t.def();
        let id = |n: &str| d.columns.iter().find(|c| c.name == n).map(|c| c.id);
        (id("id").unwrap_or(1), id("payload").unwrap_or(128))
    };
    let mut state = 0x1234_5678_9abc_def0u64;
    let load = Instant::now();
    for i in 0..rows {
        let mut payload = Vec::with_capacity(100);
        while payload.len() < 100 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            payload.extend_from_slice(&state.to_le_bytes());
        }
        payload.truncate(100);
        let mut row = Row::new();
        row.set_value(id_col, Value::Binary(i.to_be_bytes().to_vec()));
        row.set_value(payload_col, Value::Binary(payload));
        db.insert("t", &row)?;
    }
    let load_secs = load.elapsed().as_secs_f64();
    let index = IndexSpec {
        name: "by_payload".into(),
        key: vec![KeySegmentSpec {
            column: "payload".into(),
            descending: false,
        }],
        flags: 0,
        key_most: None,
        var_seg_mac: Some(8),
        conditions: Vec::new(),
        tuple_limits: None,
        density: 0,
    };
    let rss_before = peak_rss_kib().unwrap_or(0) / 1024;
    let start = Instant::now();
    db.create_index("t", &index)?;
    let secs = start.elapsed().as_secs_f64();
    let entries = db.table("t")?.index_entries("by_payload")?.count() as u64;
    let mb = (rows * (8 + 100)) as f64 / 1e6;
    println!("rows {rows}  page_size {page_size}  load {load_secs:.2} s");
    println!(
        "create_index {secs:.3} s  {:.1} MB/s  {:.0} rows/s  entries {entries}  peak RSS {} MiB (before the build {rss_before} MiB)",
        mb / secs,
        rows as f64 / secs,
        peak_rss_kib().map(|k| k / 1024).unwrap_or(0)
    );
    db.close()?;
    drop(db);
    let _ = std::fs::remove_file(&path);
    Ok(())
}
