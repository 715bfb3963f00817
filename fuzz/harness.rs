//! The decoding harness shared by the fuzz target and the corpus replay test:
//! feeds arbitrary bytes to every decoder of the read path. It must never panic;
//! decoders answer bad input with a `JET_err`.

use ese::format::{checksum, compress, header, page, record};
use ese_os::{FileSystem, MemFs, OpenOptions};
use std::path::Path;

/// Runs every decoder over `data`.
pub fn exercise(data: &[u8]) {
    let _ = header::DbHeader::decode(data);
    let _ = checksum::verify_page(data, 1);
    let _ = compress::decompress(data);
    for large in [false, true] {
        if let Ok(rec) = record::RawRecord::decode(data, large) {
            let _ = rec.variable(128);
            let _ = rec.fixed(1, 4, 4);
            if let Ok(fields) = rec.tagged() {
                for f in &fields {
                    let _ = record::split_values(f);
                }
            }
        }
    }
    for size in [4096usize, 8192, 32768] {
        if data.len() >= size {
            exercise_page(&data[..size]);
        }
    }
    if data.len() >= 2 * 4096 {
        let fs = MemFs::new();
        let path = Path::new("/fuzz.edb");
        if let Ok(f) = fs.open(path, OpenOptions::create_new()) {
            if f.write_at(0, data).is_ok() {
                if let Ok(db) = ese::Database::open_with(&fs, path, &Default::default()) {
                    for name in db.table_names() {
                        if let Ok(t) = db.table(&name) {
                            if let Ok(recs) = t.records() {
                                for r in recs.take(64) {
                                    match r {
                                        Ok(r) => {
                                            let _ = r.values();
                                        }
                                        Err(_) => break,
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn exercise_page(data: &[u8]) {
    if let Ok(p) = page::Page::new(data, 1) {
        let _ = p.external_header();
        let prefix = p.key_prefix().unwrap_or(&[]);
        for i in 0..p.node_count().min(512) {
            if let Ok(n) = p.node(i) {
                let _ = n.key(prefix);
                let _ = page::child_pgno(&n);
                if let Ok(rec) = record::RawRecord::decode(n.data, data.len() > 8192) {
                    let _ = rec.tagged();
                }
            }
        }
    }
}
