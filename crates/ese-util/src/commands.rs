//! The subcommands: each opens the database, does its work, prints text or JSON,
//! and returns the process exit code.

use crate::input;
use crate::progress::Progress;
use crate::render;
use crate::Format;
use ese::{Database, Error, ErrorCode, Result};
use serde_json::json;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

fn print_warnings(db: &Database) {
    for w in db.warnings() {
        warn!(
            "warning: {} ({}): {}",
            w.code.symbol(),
            w.code.value(),
            w.message
        );
    }
}

/// `eseutil` with no subcommand: a report on one database.
pub fn report(database: Option<PathBuf>) -> Result<ExitCode> {
    let path = match database.or_else(input::default_database) {
        Some(p) => p,
        None => {
            return Err(Error::with(
                ErrorCode::FileNotFound,
                format!(
                    "no database given and no sample found (looked for {} in {:?}); run `eseutil <DB>` or `eseutil --help`",
                    input::DEFAULT_SAMPLE,
                    input::sample_dirs()
                ),
            ))
        }
    };
    let started = Instant::now();
    let db = input::open(&path)?;
    print_warnings(&db);
    say!("Database: {}", path.display());
    for (k, v) in header_fields(&db) {
        if [
            "State",
            "Format ulVersion",
            "cbDbPage",
            "Log Required",
            "DB Signature",
        ]
        .contains(&k.as_str())
        {
            say!("  {k:<18} {v}");
        }
    }
    let check = check_pages(&db, false)?;
    say!(
        "  Pages              {} ({} verified, {} uninitialized, {} bad inside owned space, {} outside owned space)",
        db.page_count(),
        check.ok,
        check.zero,
        check.bad_owned.len(),
        check.outside_owned.len()
    );
    say!("Tables:");
    let mut records = 0u64;
    for t in db.table_defs() {
        let n = db.table(&t.name)?.count()?;
        records += n;
        say!(
            "  {:<44} {:>8} records  {:>5} columns  {:>3} indexes",
            t.name,
            n,
            t.columns.len(),
            t.indexes.len()
        );
    }
    let mut values = 0u64;
    for t in db.table_defs() {
        for rec in db.table(&t.name)?.records()? {
            values += rec?.values()?.iter().filter(|(_, v)| !v.is_null()).count() as u64;
        }
    }
    say!(
        "Read {} tables, {records} records, {values} values in {:.3} s.",
        db.table_defs().len(),
        started.elapsed().as_secs_f64()
    );
    Ok(if check.bad_owned.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// The header as (label, value) pairs, in esentutl's order and wording.
pub fn header_fields(db: &Database) -> Vec<(String, String)> {
    let h = db.header();
    let mut f: Vec<(String, String)> = Vec::new();
    let mut add = |k: &str, v: String| f.push((k.to_string(), v));
    add("Checksum", format!("{:#010x}", h.checksum));
    add("Format ulMagic", format!("{:#010x}", h.magic));
    add(
        "Format ulVersion",
        format!("{:#x},{},{}", h.version, h.update_major, h.update_minor),
    );
    add(
        "Created ulVersion",
        format!("{:#x},{}", h.create_version, h.create_update),
    );
    add("DB Signature", h.signature.to_string());
    add("cbDbPage", h.page_size().to_string());
    add("dbtime", format!("{} ({:#x})", h.dbtime, h.dbtime));
    add("State", h.state.to_string());
    add(
        "Log Required",
        format!(
            "{}-{} ({:#x}-{:#x})",
            h.lgen_min_required, h.lgen_max_required, h.lgen_min_required, h.lgen_max_required
        ),
    );
    add("Log Committed", format!("0-{}", h.lgen_max_committed));
    add("Log Recovering", h.lgen_recovering.to_string());
    add(
        "Shadowed",
        if h.shadowing_disabled() { "No" } else { "Yes" }.to_string(),
    );
    add("Last Objid", h.objid_last.to_string());
    add(
        "Scrub Dbtime",
        format!("{} ({:#x})", h.dbtime_last_scrub, h.dbtime_last_scrub),
    );
    add("Repair Count", h.repair_count.to_string());
    add(
        "Last Consistent",
        format!("{} {}", h.lgpos_consistent, h.time_consistent),
    );
    add(
        "Last Attach",
        format!("{} {}", h.lgpos_attach, h.time_attach),
    );
    add(
        "Last Detach",
        format!("{} {}", h.lgpos_detach, h.time_detach),
    );
    add("Dbid", h.dbid.to_string());
    add("Log Signature", h.log_signature.to_string());
    add(
        "OS Version",
        format!(
            "({}.{}.{} SP {})",
            h.os_major, h.os_minor, h.os_build, h.os_service_pack
        ),
    );
    add("Previous Full Backup", backup(&h.backup_full_prev));
    add(
        "Previous Incremental Backup",
        backup(&h.backup_incremental_prev),
    );
    add("Previous Copy Backup", backup(&h.backup_copy_prev));
    add(
        "Previous Differential Backup",
        backup(&h.backup_differential_prev),
    );
    add("Current Full Backup", backup(&h.backup_full_current));
    add(
        "Current Shadow copy backup",
        backup(&h.backup_snapshot_current),
    );
    add("Header copy used", format!("{:?}", db.header_copy()));
    f
}

fn backup(b: &ese::format::header::BackupInfo) -> String {
    if b.lgpos_mark.is_null() && !b.time_mark.is_set() {
        return "none".to_string();
    }
    format!(
        "Log Gen: {}-{} ({:#x}-{:#x}) Mark: {} Mark Time: {}",
        b.gen_low, b.gen_high, b.gen_low, b.gen_high, b.lgpos_mark, b.time_mark
    )
}

/// `eseutil header`.
pub fn header(path: &Path, as_json: bool) -> Result<ExitCode> {
    let db = input::open(path)?;
    print_warnings(&db);
    let fields = header_fields(&db);
    if as_json {
        let mut map = serde_json::Map::new();
        for (k, v) in fields {
            map.insert(k, json!(v));
        }
        map.insert("page_count".into(), json!(db.page_count()));
        map.insert(
            "warnings".into(),
            json!(db.warnings().iter().map(|w| json!({"code": w.code.value(), "symbol": w.code.symbol(), "message": w.message})).collect::<Vec<_>>()),
        );
        say!("{}", serde_json::Value::Object(map));
    } else {
        say!("DATABASE HEADER: {}", path.display());
        for (k, v) in fields {
            say!("{k:>28}: {v}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `eseutil tables`.
pub fn tables(path: &Path, as_json: bool) -> Result<ExitCode> {
    let db = input::open(path)?;
    print_warnings(&db);
    let mut out = Vec::new();
    for t in db.table_defs() {
        let count = db.table(&t.name)?.count()?;
        let columns: Vec<_> = t
            .columns
            .iter()
            .map(|c| {
                json!({"id": c.id, "name": c.name, "type": c.coltype.name(), "code_page": c.code_page,
                       "max_length": c.max_length, "flags": c.flags,
                       "storage": if c.is_fixed() {"fixed"} else if c.is_variable() {"variable"} else {"tagged"},
                       "multi_valued": c.is_multi_valued(),
                       "default": c.default_value.as_ref().map(|d| render::hex(d))})
            })
            .collect();
        let indexes: Vec<_> = t
            .indexes
            .iter()
            .map(|i| {
                let key: Vec<String> = i
                    .segments
                    .iter()
                    .map(|s| {
                        let name = t.column_by_id(s.column_id).map(|c| c.name.clone()).unwrap_or_else(|| format!("#{}", s.column_id));
                        format!("{}{}", if s.descending { "-" } else { "+" }, name)
                    })
                    .collect();
                json!({"name": i.name, "key": key, "primary": i.is_primary(), "unique": i.is_unique(),
                       "flags": i.flags, "lcmap_flags": i.lcmap_flags, "locale": i.locale_name, "key_most": i.key_most})
            })
            .collect();
        out.push(
            json!({"name": t.name, "objid": t.objid, "root_page": t.root, "records": count,
                        "template": t.is_template(), "template_table": t.template_table,
                        "columns": columns, "indexes": indexes, "long_value_root": t.lv_root}),
        );
    }
    if as_json {
        say!("{}", json!({"tables": out}));
        return Ok(ExitCode::SUCCESS);
    }
    for t in &out {
        let kind = match t["template_table"].as_str() {
            Some(base) => format!(", derived from {base}"),
            None if t["template"].as_bool() == Some(true) => ", template".to_string(),
            None => String::new(),
        };
        say!(
            "Table {} ({} records{kind})",
            t["name"].as_str().unwrap_or(""),
            t["records"]
        );
        for c in t["columns"].as_array().into_iter().flatten() {
            say!(
                "  column {:>5} {:<32} {:<14} {:<8}{}",
                c["id"],
                c["name"].as_str().unwrap_or(""),
                c["type"].as_str().unwrap_or(""),
                c["storage"].as_str().unwrap_or(""),
                if c["multi_valued"].as_bool() == Some(true) {
                    " multi-valued"
                } else {
                    ""
                }
            );
        }
        for i in t["indexes"].as_array().into_iter().flatten() {
            let key: Vec<&str> = i["key"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|k| k.as_str())
                .collect();
            say!(
                "  index  {:<40} {}{}",
                i["name"].as_str().unwrap_or(""),
                key.join(" "),
                if i["primary"].as_bool() == Some(true) {
                    " (primary)"
                } else if i["unique"].as_bool() == Some(true) {
                    " (unique)"
                } else {
                    ""
                }
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `eseutil export`.
pub fn export(
    path: &Path,
    table: Option<&str>,
    format: Format,
    out: Option<&Path>,
) -> Result<ExitCode> {
    let db = input::open(path)?;
    print_warnings(&db);
    let names: Vec<String> = match table {
        Some(t) => vec![db.table(t)?.name().to_string()],
        None => db.table_names(),
    };
    let total: u64 = if out.is_some() || table.is_none() {
        let mut n = 0;
        for name in &names {
            n += db.table(name)?.count()?;
        }
        n
    } else {
        0
    };
    let mut progress = Progress::new(total, "exporting");
    if let Some(dir) = out {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(e).file(dir))?;
    }
    let stdout = std::io::stdout();
    for name in &names {
        let t = db.table(name)?;
        let mut sink: Box<dyn Write> = match out {
            Some(dir) => {
                let ext = if format == Format::Csv {
                    "csv"
                } else {
                    "jsonl"
                };
                let file_name = format!("{}.{ext}", sanitize(name));
                let p = dir.join(file_name);
                Box::new(BufWriter::with_capacity(
                    1 << 20,
                    std::fs::File::create(&p).map_err(|e| Error::io(e).file(&p))?,
                ))
            }
            None => Box::new(BufWriter::with_capacity(1 << 20, stdout.lock())),
        };
        let io_err = |e: std::io::Error| Error::io(e);
        if format == Format::Csv {
            let header: Vec<String> = t
                .def()
                .columns
                .iter()
                .map(|c| render::csv_escape(&c.name))
                .collect();
            writeln!(sink, "{}", header.join(",")).map_err(io_err)?;
        }
        for rec in t.records()? {
            let rec = rec?;
            let values = rec.values()?;
            match format {
                Format::Jsonl => {
                    let mut obj = render::record_json(&values);
                    if table.is_none() {
                        if let serde_json::Value::Object(m) = &mut obj {
                            let mut wrapped = serde_json::Map::new();
                            wrapped.insert("_table".into(), json!(name));
                            wrapped.extend(std::mem::take(m));
                            obj = serde_json::Value::Object(wrapped);
                        }
                    }
                    writeln!(sink, "{obj}").map_err(io_err)?;
                }
                Format::Csv => {
                    let cells: Vec<String> =
                        values.iter().map(|(_, v)| render::csv_cell(v)).collect();
                    writeln!(sink, "{}", cells.join(",")).map_err(io_err)?;
                }
            }
            progress.inc(1);
        }
        sink.flush().map_err(io_err)?;
    }
    progress.finish();
    Ok(ExitCode::SUCCESS)
}

fn sanitize(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.{}".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// What the page check found.
#[derive(Default)]
pub struct PageReport {
    /// Pages whose checksum verified.
    pub ok: u64,
    /// All-zero (never written) pages.
    pub zero: u64,
    /// Pages with a single flipped bit the checksum can correct.
    pub correctable: Vec<u32>,
    /// Pages inside owned space whose checksum fails.
    pub bad_owned: Vec<u32>,
    /// Pages outside the database's owned space whose checksum fails.
    pub outside_owned: Vec<u32>,
}

/// Verifies every page of `db`.
pub fn check_pages(db: &Database, show_progress: bool) -> Result<PageReport> {
    walk_pages(db, show_progress.then_some("verifying"), |_, _, _| Ok(()))
}

/// Reads every page of `db` in order, verifies it and sorts it into the
/// report, then hands `each` its number, its bytes and the report so far (an
/// error from `each` stops the walk). With `label`, a progress bar so named.
pub fn walk_pages(
    db: &Database,
    label: Option<&str>,
    mut each: impl FnMut(u32, &[u8], &PageReport) -> Result<()>,
) -> Result<PageReport> {
    use ese::format::checksum::{verify_page, PageCheck};
    // With the root space tree unreadable, every page counts as owned.
    let owned = match db.owned_extents() {
        Ok(o) => o,
        Err(e) => {
            warn!(
                "warning: owned space unknown ({e}); every page is treated as part of the database"
            );
            vec![(1, db.page_count())]
        }
    };
    let is_owned = |pgno: u32| {
        owned
            .iter()
            .any(|&(first, last)| first <= pgno && pgno <= last)
    };
    let mut report = PageReport::default();
    let mut progress = label.map(|l| Progress::new(u64::from(db.page_count()), l));
    let mut buf = vec![0u8; db.page_size()];
    for pgno in 1..=db.page_count() {
        db.read_raw_page_into(pgno, &mut buf)?;
        match verify_page(&buf, pgno) {
            PageCheck::Ok => report.ok += 1,
            PageCheck::AllZero => report.zero += 1,
            _ => {
                let mut copy = buf.clone();
                if let PageCheck::Corrected { .. } =
                    ese::format::checksum::correct_page(&mut copy, pgno)
                {
                    report.correctable.push(pgno);
                } else if is_owned(pgno) {
                    report.bad_owned.push(pgno);
                } else {
                    report.outside_owned.push(pgno);
                }
            }
        }
        each(pgno, &buf, &report)?;
        if let Some(p) = progress.as_mut() {
            p.inc(1);
        }
    }
    if let Some(p) = progress {
        p.finish();
    }
    Ok(report)
}

fn ranges(pages: &[u32]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < pages.len() {
        let start = pages[i];
        let mut end = start;
        while i + 1 < pages.len() && pages[i + 1] == end + 1 {
            i += 1;
            end = pages[i];
        }
        out.push(if start == end {
            start.to_string()
        } else {
            format!("{start}-{end}")
        });
        i += 1;
    }
    out.join(", ")
}

/// The pages of a tree's primary (first) extent.
fn primary_pages(t: &ese::db::TreeSpaceInfo) -> u32 {
    t.owned.first().map_or(0, |e| e.pages)
}

/// One tree's space as JSON: its root page, whether it keeps extent trees, its primary
/// (first) extent, its owned and free pages and extents (`[last page, pages]`).
fn tree_json(t: &ese::db::TreeSpaceInfo) -> serde_json::Value {
    let ext = |e: &[ese::db::Extent]| -> Vec<[u32; 2]> {
        e.iter().map(|x| [x.last_pgno, x.pages]).collect()
    };
    json!({"fdp": t.fdp, "multiple_extents": t.multiple_extents,
           "primary_extent": primary_pages(t),
           "owned": t.owned_pages(), "available": t.available_pages(),
           "owned_extents": ext(&t.owned), "available_extents": ext(&t.available)})
}

/// `eseutil space`: the database root's space, then each table's tree (its owned pages
/// include those it gave its indexes and long values), each secondary index's and its
/// long-value tree's, as `esentutl /ms` lists them.
pub fn space(path: &Path, as_json: bool) -> Result<ExitCode> {
    let db = input::open(path)?;
    print_warnings(&db);
    let root = db.space_info()?;
    // (depth, name, type, object id, tree)
    let mut rows = vec![(0, "<database>".to_string(), "Db", Some(1), root.clone())];
    let mut tables = Vec::new();
    for t in db.table_defs() {
        let s = db.table(&t.name)?.space_info()?;
        rows.push((1, t.name.clone(), "Table", Some(t.objid), s.table.clone()));
        let mut indexes = Vec::new();
        for (name, tree) in &s.indexes {
            let objid = t.index(name).map(|ix| ix.objid);
            rows.push((2, name.clone(), "Index", objid, tree.clone()));
            indexes.push(json!({"name": name, "objid": objid, "space": tree_json(tree)}));
        }
        if let Some(lv) = &s.long_values {
            rows.push((2, "<long values>".to_string(), "LV", None, lv.clone()));
        }
        tables.push(
            json!({"name": t.name, "objid": t.objid, "space": tree_json(&s.table),
                           "indexes": indexes,
                           "long_values": s.long_values.as_ref().map(tree_json)}),
        );
    }
    if as_json {
        say!(
            "{}",
            json!({"database": path.display().to_string(), "page_size": db.page_size(),
                   "pages": db.page_count(), "root": tree_json(&root), "tables": tables})
        );
        return Ok(ExitCode::SUCCESS);
    }
    say!(
        "Database: {} ({} pages of {} bytes)",
        path.display(),
        db.page_count(),
        db.page_size()
    );
    say!("");
    say!(
        "{:<40} {:<6} {:>9} {:>9} {:>8} {:>10} {:>10}",
        "Name",
        "Type",
        "ObjidFDP",
        "PgnoFDP",
        "PriExt",
        "Owned",
        "Available"
    );
    say!("{}", "=".repeat(98));
    for (depth, name, kind, objid, t) in &rows {
        let pri = format!(
            "{}-{}",
            primary_pages(t),
            if t.multiple_extents { "m" } else { "s" }
        );
        say!(
            "{:<40} {:<6} {:>9} {:>9} {:>8} {:>10} {:>10}",
            format!("{}{}", "  ".repeat(*depth), name),
            kind,
            objid.map_or("-".to_string(), |o| o.to_string()),
            t.fdp,
            pri,
            t.owned_pages(),
            t.available_pages()
        );
    }
    say!("");
    say!("A table owns the pages of its indexes and long values too; PriExt: the first extent's pages, -m with extent trees, -s in one extent.");
    Ok(ExitCode::SUCCESS)
}

/// `eseutil checksum`.
pub fn checksum(path: &Path, as_json: bool) -> Result<ExitCode> {
    let started = Instant::now();
    let db = input::open_pages(path)?;
    print_warnings(&db);
    let r = check_pages(&db, true)?;
    let failed = !r.bad_owned.is_empty();
    if as_json {
        say!(
            "{}",
            json!({"database": path.display().to_string(), "pages": db.page_count(), "ok": r.ok, "uninitialized": r.zero,
                   "correctable": r.correctable, "bad": r.bad_owned, "outside_owned_space": r.outside_owned,
                   "result": if failed { ErrorCode::ReadVerifyFailure.value() } else { 0 }})
        );
    } else {
        say!("File: {}", path.display());
        say!("  {} pages seen", db.page_count());
        say!("  {} pages verified", r.ok);
        say!("  {} uninitialized pages", r.zero);
        say!(
            "  {} correctable (single-bit) checksum errors{}",
            r.correctable.len(),
            if r.correctable.is_empty() {
                String::new()
            } else {
                format!(" (pages {})", ranges(&r.correctable))
            }
        );
        say!(
            "  {} bad checksums{}",
            r.bad_owned.len(),
            if failed {
                format!(" (pages {})", ranges(&r.bad_owned))
            } else {
                String::new()
            }
        );
        if !r.outside_owned.is_empty() {
            say!("  {} pages outside owned space do not verify (pages {}); they are not part of the database", r.outside_owned.len(), ranges(&r.outside_owned));
        }
        if failed {
            say!(
                "Operation terminated with error {} ({}) after {:.3} seconds.",
                ErrorCode::ReadVerifyFailure.value(),
                ErrorCode::ReadVerifyFailure.symbol(),
                started.elapsed().as_secs_f64()
            );
        } else {
            say!(
                "Operation completed successfully in {:.3} seconds.",
                started.elapsed().as_secs_f64()
            );
        }
    }
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
