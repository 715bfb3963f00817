//! `eseutil recover` (esentutl `/r`), `eseutil logs` (`/ml`, the set's
//! verification) and `eseutil checkpoint` (`/mk`): an instance folder's log
//! stream and checkpoint, read and replayed from the command line.

use crate::input;
use crate::render::hex;
use ese::format::log::{CheckpointData, Lgpos, LogFileHeader, LogRecord, LogSignature};
use ese::log::{
    checkpoint_name, current_log_name, list_generations, numbered_log_name, read_header,
    verify_finished_file, Checkpoint, LogReader, ReadEnd,
};
use ese::restore::RestoreMapEntry;
use ese::{Error, ErrorCode, Instance, InstanceOptions, RecoveryMap, Result};
use ese_os::{SharedFs, StdFs};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

/// Where an instance's files are: its log folder, its system (checkpoint)
/// folder and the base name of both.
#[derive(Debug, Clone)]
pub struct Place {
    /// The log files' folder (`JET_paramLogFilePath`).
    pub logs: PathBuf,
    /// The checkpoint's folder (`JET_paramSystemPath`).
    pub system: PathBuf,
    /// The three-character base name (`JET_paramBaseName`).
    pub base: String,
    /// Where the databases are now, when not where the log names them: each is
    /// looked for here under its file name (esentutl `/r`'s `/d`).
    pub db_dir: Option<PathBuf>,
}

impl Place {
    /// `dir` for both folders unless given apart.
    pub fn new(dir: &Path, logs: Option<PathBuf>, system: Option<PathBuf>, base: &str) -> Place {
        Place {
            logs: logs.unwrap_or_else(|| dir.to_path_buf()),
            system: system.unwrap_or_else(|| dir.to_path_buf()),
            base: base.to_string(),
            db_dir: None,
        }
    }

    /// Where database `logged` (a path as the log names it) is now.
    fn database_path(&self, logged: &str) -> PathBuf {
        match (&self.db_dir, Path::new(logged).file_name()) {
            (Some(d), Some(name)) => d.join(name),
            _ => PathBuf::from(logged),
        }
    }
}

fn fs() -> SharedFs {
    Arc::new(StdFs)
}

fn lgpos_json(p: Lgpos) -> serde_json::Value {
    json!({"generation": p.generation, "sector": p.sector, "byte": p.byte, "text": p.to_string()})
}

/// A log position as esentutl prints it: (generation,sector,byte) in hex.
fn lgpos_text(p: Lgpos) -> String {
    format!("({:08X},{:04X},{:04X})", p.generation, p.sector, p.byte)
}

fn signature_text(s: &LogSignature) -> String {
    format!(
        "{} created {}",
        hex(&s.random),
        micros_text(s.created_micros)
    )
}

/// Unix microseconds as UTC `YYYY-MM-DD hh:mm:ss`.
fn micros_text(micros: u64) -> String {
    let secs = micros / 1_000_000;
    let (y, m, d) = ese::format::coltype::civil_from_days((secs / 86_400) as i64);
    let rem = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The end line esentutl prints, with the elapsed time.
fn end_line(started: Instant, error: Option<ErrorCode>) -> String {
    let secs = started.elapsed().as_secs_f64();
    match error {
        None => format!("Operation completed successfully in {secs:.3} seconds."),
        Some(c) => format!(
            "Operation terminated with error {} ({}) after {secs:.3} seconds.",
            c.value(),
            c.symbol()
        ),
    }
}

/// A database file's state as its header says, or why it could not be read.
fn db_state(path: &Path) -> String {
    if !path.exists() {
        return "missing".into();
    }
    match input::open(path) {
        Ok(db) => db.header().state.to_string(),
        Err(e) => format!(
            "unreadable: error {} ({})",
            e.code().value(),
            e.code().symbol()
        ),
    }
}

/// The checkpoint of `place`, `None` when there is no checkpoint file.
fn read_checkpoint(place: &Place) -> Result<Option<CheckpointData>> {
    match Checkpoint::read(&StdFs, &place.system, &place.base) {
        Ok(c) => Ok(Some(c)),
        Err(e) if e.code() == ErrorCode::CheckpointFileNotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// What replay will cover: from where, to where, the bytes between, and the
/// databases the checkpoint and the records from it name.
struct Span {
    from: Lgpos,
    to: Lgpos,
    generations: (u32, u32),
    bytes: u64,
    databases: Vec<String>,
    /// The size of the stream's files: the instance that replays continues it.
    file_size: u64,
}

fn replay_span(place: &Place, checkpoint: Option<&CheckpointData>) -> Result<Span> {
    let reader = LogReader::open(fs(), &place.logs, &place.base)?;
    let gens = reader.generations();
    let first = gens.first().copied().unwrap_or(1);
    let from = checkpoint.map_or(
        Lgpos {
            generation: first,
            sector: 0,
            byte: 0,
        },
        |c| c.lgpos,
    );
    reader.required_from(from)?;
    let (records, end) = reader.read_all_from(from)?;
    let mut databases: Vec<String> = checkpoint
        .map(|c| c.databases.iter().map(|d| d.path.clone()).collect())
        .unwrap_or_default();
    for (_, r) in &records {
        if let LogRecord::Attach { path, .. } = r {
            if !databases.contains(path) {
                databases.push(path.clone());
            }
        }
    }
    let ss = u64::from(end.sector_size);
    let off = |p: Lgpos| u64::from(p.sector) * ss + u64::from(p.byte);
    // From the start position to the end, across the generations between.
    let bytes = (u64::from(end.end.generation.saturating_sub(from.generation)) * end.file_size
        + off(end.end))
    .saturating_sub(off(from));
    Ok(Span {
        from,
        to: end.end,
        generations: (from.generation, end.generation),
        bytes,
        databases,
        file_size: end.file_size,
    })
}

/// `eseutil recover`: soft recovery of an instance folder (esentutl `/r`).
/// Replays the log from the checkpoint into the databases it names, undoes
/// what never committed and shuts the instance down cleanly, so each database
/// is left in a clean state. Prints what it replays and each database's state
/// before and after.
pub fn recover(place: &Place, as_json: bool) -> Result<ExitCode> {
    let started = Instant::now();
    if !as_json {
        say!("Initiating RECOVERY mode...");
        say!("    Logfile base name: {}", place.base);
        say!("            Log files: {}", place.logs.display());
        say!("         System files: {}", place.system.display());
        if let Some(d) = &place.db_dir {
            say!("      Database folder: {}", d.display());
        }
    }
    let checkpoint = read_checkpoint(place)?;
    let span = replay_span(place, checkpoint.as_ref())?;
    let before: Vec<String> = span
        .databases
        .iter()
        .map(|p| db_state(&place.database_path(p)))
        .collect();
    if !as_json {
        match &checkpoint {
            Some(c) => say!("           Checkpoint: {}", lgpos_text(c.lgpos)),
            None => say!("           Checkpoint: none (replay from the first log file)"),
        }
        say!(
            "         Log to replay: {} to {} (generations {:08X} to {:08X}, {:.2} MiB)",
            lgpos_text(span.from),
            lgpos_text(span.to),
            span.generations.0,
            span.generations.1,
            span.bytes as f64 / (1u64 << 20) as f64
        );
        say!();
        say!("Performing soft recovery...");
    }
    let opts = InstanceOptions {
        system_path: place.system.clone(),
        log_path: place.logs.clone(),
        base_name: place.base.clone(),
        log_file_size: span.file_size,
        recovery_map: place.db_dir.as_ref().map(|_| RecoveryMap {
            entries: span
                .databases
                .iter()
                .map(|p| RestoreMapEntry {
                    database: p.clone(),
                    new_database: place.database_path(p),
                })
                .collect(),
            replay_unmapped: false,
        }),
        ..InstanceOptions::default()
    };
    let replay_started = Instant::now();
    let r = Instance::recover(fs(), opts);
    let replay_secs = replay_started.elapsed().as_secs_f64();
    let after: Vec<String> = span
        .databases
        .iter()
        .map(|p| db_state(&place.database_path(p)))
        .collect();
    let error = r.as_ref().err().map(Error::code);
    if as_json {
        let dbs: Vec<_> = span
            .databases
            .iter()
            .zip(before.iter().zip(&after))
            .map(|(p, (b, a))| {
                json!({"path": place.database_path(p).display().to_string(), "logged_as": p, "before": b, "after": a})
            })
            .collect();
        let mut out = json!({
            "base": place.base,
            "logs": place.logs.display().to_string(),
            "system": place.system.display().to_string(),
            "checkpoint": checkpoint.as_ref().map(|c| lgpos_json(c.lgpos)),
            "from": lgpos_json(span.from),
            "to": lgpos_json(span.to),
            "generations": [span.generations.0, span.generations.1],
            "log_bytes": span.bytes,
            "databases": dbs,
            "replay_seconds": replay_secs,
            "seconds": started.elapsed().as_secs_f64(),
            "result": error.map_or(0, ErrorCode::value),
        });
        if let Err(e) = &r {
            out["error"] = json!({"code": e.code().value(), "symbol": e.code().symbol(), "message": e.to_string()});
        }
        say!("{out}");
    } else {
        for (p, (b, a)) in span.databases.iter().zip(before.iter().zip(&after)) {
            say!("    {}: {b} -> {a}", place.database_path(p).display());
        }
        if r.is_ok() {
            say!(
                "Replayed {:.2} MiB of log in {replay_secs:.3} s.",
                span.bytes as f64 / (1u64 << 20) as f64
            );
        }
        if r.is_err() && after.iter().any(|a| a == "missing") {
            say!(
                "A database the log names is missing: if the folder was moved or copied, give \
                 the databases' folder with --db-dir."
            );
        }
        say!();
        say!("{}", end_line(started, error));
    }
    r.map(|()| ExitCode::SUCCESS)
}

/// One log file's verdict.
struct FileReport {
    name: String,
    generation: Option<u32>,
    header: Option<LogFileHeader>,
    problem: Option<Error>,
    /// For the current file: the log ends in a torn block (a write cut by a
    /// crash; recovery drops it).
    torn: Option<Lgpos>,
}

/// `eseutil logs`: verifies every log file of a stream (esentutl `/ml` of a
/// base name): each finished generation whole (every block's checksum, every
/// record decodes), the generations contiguous and of one stream and each
/// continuing the one before, the current file readable to its end. Exit code
/// 2 when anything is damaged or missing.
pub fn logs(place: &Place, as_json: bool) -> Result<ExitCode> {
    let started = Instant::now();
    let dir = &place.logs;
    let base = &place.base;
    let gens = list_generations(&StdFs, dir, base)?;
    let mut reports: Vec<FileReport> = Vec::new();
    for &g in &gens {
        let name = numbered_log_name(base, g);
        let path = ese_os::join(dir, &name);
        let header = read_header(&fs(), &path).ok();
        let problem = match std::fs::read(&path) {
            Err(e) => Some(Error::io(e).file(&path)),
            Ok(data) => match verify_finished_file(&data) {
                Ok(h) if h != g => Some(Error::with(
                    ErrorCode::LogGenerationMismatch,
                    format!("the file name says generation {g:08X}, its header {h:08X}"),
                )),
                Ok(_) => None,
                Err(e) => Some(e),
            },
        };
        reports.push(FileReport {
            name,
            generation: Some(g),
            header,
            problem,
            torn: None,
        });
    }
    let current = ese_os::join(dir, &current_log_name(base));
    let has_current = current.exists();
    if has_current {
        let name = current_log_name(base);
        match read_header(&fs(), &current) {
            Err(e) => reports.push(FileReport {
                name,
                generation: None,
                header: None,
                problem: Some(e),
                torn: None,
            }),
            Ok(h) => {
                let (problem, torn) = match LogReader::open(fs(), dir, base).and_then(|r| r.end()) {
                    Ok(end) => (
                        None,
                        match end.kind {
                            ReadEnd::Torn { at } => Some(at),
                            ReadEnd::Clean => None,
                        },
                    ),
                    Err(e) => (Some(e), None),
                };
                reports.push(FileReport {
                    name,
                    generation: Some(h.generation),
                    header: Some(h),
                    problem,
                    torn,
                });
            }
        }
    }
    // The stream as a whole: one signature, no gap, each finished generation
    // continuing the one before.
    let mut stream: Vec<Error> = Vec::new();
    if gens.is_empty() && !has_current {
        stream.push(Error::with(
            ErrorCode::MissingLogFile,
            format!("no log files of base {base} in {}", dir.display()),
        ));
    }
    let mut known: Vec<u32> = reports.iter().filter_map(|r| r.generation).collect();
    known.sort_unstable();
    known.dedup();
    let mut missing: Vec<(u32, u32)> = Vec::new();
    for w in known.windows(2) {
        if w[1] > w[0] + 1 {
            missing.push((w[0] + 1, w[1] - 1));
        }
    }
    if !missing.is_empty() {
        let list: Vec<String> = missing
            .iter()
            .map(|(a, b)| {
                if a == b {
                    numbered_log_name(base, *a)
                } else {
                    format!(
                        "{} to {}",
                        numbered_log_name(base, *a),
                        numbered_log_name(base, *b)
                    )
                }
            })
            .collect();
        stream.push(Error::with(
            ErrorCode::MissingLogFile,
            format!("missing log files: {}", list.join(", ")),
        ));
    }
    if gens.len() > 1 && missing.is_empty() && reports.iter().all(|r| r.problem.is_none()) {
        let lo = gens[0];
        let hi = gens[gens.len() - 1];
        if let Err(e) =
            LogReader::open_finished(fs(), dir, base, lo, hi).and_then(|r| r.check_finished())
        {
            stream.push(e);
        }
    }
    let signatures: Vec<LogSignature> = reports
        .iter()
        .filter_map(|r| r.header.as_ref().map(|h| h.signature))
        .collect();
    if signatures.windows(2).any(|w| w[0] != w[1]) {
        stream.push(Error::with(
            ErrorCode::BadLogSignature,
            "the files belong to more than one log stream",
        ));
    }
    let damaged = reports.iter().any(|r| r.problem.is_some()) || !stream.is_empty();
    let first_error = reports
        .iter()
        .filter_map(|r| r.problem.as_ref())
        .chain(stream.iter())
        .map(Error::code)
        .next();
    if as_json {
        let files: Vec<_> = reports
            .iter()
            .map(|r| {
                json!({
                    "file": r.name,
                    "generation": r.generation,
                    "created": r.header.as_ref().map(|h| micros_text(h.created_micros)),
                    "ok": r.problem.is_none(),
                    "torn_tail_at": r.torn.map(|p| p.to_string()),
                    "error": r.problem.as_ref().map(|e| json!({"code": e.code().value(), "symbol": e.code().symbol(), "message": e.to_string()})),
                })
            })
            .collect();
        let problems: Vec<_> = stream
            .iter()
            .map(|e| json!({"code": e.code().value(), "symbol": e.code().symbol(), "message": e.to_string()}))
            .collect();
        say!(
            "{}",
            json!({
                "base": base,
                "logs": dir.display().to_string(),
                "signature": signatures.first().map(signature_text),
                "files": files,
                "problems": problems,
                "missing": missing.iter().map(|(a, b)| json!([a, b])).collect::<Vec<_>>(),
                "result": first_error.map_or(0, ErrorCode::value),
            })
        );
    } else {
        say!("Initiating FILE DUMP mode...");
        say!("      Base name: {base}");
        say!("      Log files: {}", dir.display());
        if let (Some(lo), Some(hi)) = (known.first(), known.last()) {
            say!("    Generations: {lo:08X} to {hi:08X}");
        }
        if let Some(s) = signatures.first() {
            say!("      Signature: {}", signature_text(s));
        }
        say!();
        for r in &reports {
            let created = r
                .header
                .as_ref()
                .map(|h| {
                    format!(
                        " (generation {:08X}, created {})",
                        h.generation,
                        micros_text(h.created_micros)
                    )
                })
                .unwrap_or_default();
            match (&r.problem, r.torn) {
                (None, None) => say!("      Log file: {}{created} - OK", r.name),
                (None, Some(at)) => say!(
                    "      Log file: {}{created} - OK, ends in a torn block at {at} (recovery drops it)",
                    r.name
                ),
                (Some(e), _) => say!(
                    "      Log file: {}{created} - error {} ({}): {e}",
                    r.name,
                    e.code().value(),
                    e.code().symbol()
                ),
            }
        }
        for e in &stream {
            say!(
                "      error {} ({}): {e}",
                e.code().value(),
                e.code().symbol()
            );
        }
        say!();
        if !damaged {
            say!("No damaged log files were found.");
        }
        say!("{}", end_line(started, first_error));
    }
    Ok(if damaged {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// `eseutil checkpoint`: the checkpoint file's content (esentutl `/mk`). `path`
/// is the checkpoint file itself or its folder (then `<base>.chk` in it).
pub fn checkpoint(path: &Path, base: &str, as_json: bool) -> Result<ExitCode> {
    let (dir, base) = if path.is_dir() {
        (path.to_path_buf(), base.to_string())
    } else {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let stem = name.strip_suffix(".chk").ok_or_else(|| {
            Error::with(
                ErrorCode::InvalidParameter,
                format!(
                    "{} is not a checkpoint file (<base>.chk) or a folder",
                    path.display()
                ),
            )
        })?;
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        (dir, stem.to_string())
    };
    let c = Checkpoint::read(&StdFs, &dir, &base)?;
    let file = ese_os::join(&dir, &checkpoint_name(&base));
    if as_json {
        let dbs: Vec<_> = c
            .databases
            .iter()
            .map(|d| json!({"dbid": d.dbid, "path": d.path, "signature": hex(&d.db_signature)}))
            .collect();
        say!(
            "{}",
            json!({
                "file": file.display().to_string(),
                "checkpoint": lgpos_json(c.lgpos),
                "log_required": [c.gen_min, c.gen_max],
                "signature": signature_text(&c.signature),
                "databases": dbs,
            })
        );
    } else {
        say!("Checkpoint file: {}", file.display());
        say!("      Checkpoint: {}", lgpos_text(c.lgpos));
        say!("    Log required: {:08X} to {:08X}", c.gen_min, c.gen_max);
        say!("       Signature: {}", signature_text(&c.signature));
        say!("       Databases: {}", c.databases.len());
        for d in &c.databases {
            say!(
                "         dbid {}: {} (signature {})",
                d.dbid,
                d.path,
                hex(&d.db_signature)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::micros_text;

    #[test]
    fn dates_from_unix_microseconds() {
        assert_eq!(micros_text(0), "1970-01-01 00:00:00");
        assert_eq!(micros_text(951_782_400_000_000), "2000-02-29 00:00:00");
        assert_eq!(micros_text(1_796_290_496_000_000), "2026-12-03 09:34:56");
    }
}
