//! The backup subcommands: `backup`, `restore`, `verify-backup`. The work is in
//! the library (`ese_util::backup`); this module starts the instance, shows
//! progress and prints the reports.
//!
//! Output rules: a progress bar on stderr when stderr is a terminal and `--json`
//! is not given; otherwise one JSON object per line of progress. JSON goes to
//! stdout with `--json`, except when stdout carries a tar stream (`--to -`),
//! where every line of output goes to stderr. Exit codes: 0 done, 1 error or a
//! damaged set, 3 a backup stopped by `--stop-after`.

use ese::{Error, ErrorCode, Instance, InstanceOptions, Result};
use ese_util::backup::{
    backup_instance, restore_set, restore_tar, BackupOptions, BackupTarget, Outcome, Progress,
    RestoreOptions, VerifyReport,
};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::Value as Json;
use std::cell::{Cell, RefCell};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// The exit code of a backup stopped by `--stop-after`.
pub const EXIT_STOPPED: u8 = 3;

/// Least time between two JSON progress lines about the same file.
const JSON_EVERY: Duration = Duration::from_millis(100);

/// Where output goes and how progress is shown.
struct Out {
    json: bool,
    /// stdout carries data: everything goes to stderr.
    stdout_busy: bool,
    bar: Option<ProgressBar>,
    last: Cell<Option<Instant>>,
    last_file: RefCell<String>,
}

impl Out {
    fn new(json: bool, stdout_busy: bool, what: &str) -> Out {
        let bar = (!json && std::io::stderr().is_terminal()).then(|| {
            // Hidden until the first report, so no empty bar is drawn.
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
            let style = ProgressStyle::with_template(
                "{prefix} {msg:16} [{bar:40}] {percent:>3}% {bytes}/{total_bytes} {bytes_per_sec}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
            bar.set_style(style);
            bar.set_prefix(what.to_string());
            bar
        });
        Out {
            json,
            stdout_busy,
            bar,
            last: Cell::new(None),
            last_file: RefCell::new(String::new()),
        }
    }

    /// A line on the data stream (stdout unless it is busy).
    fn line(&self, text: &str) {
        if self.stdout_busy {
            warn!("{text}");
        } else {
            let mut o = std::io::stdout().lock();
            let _ = writeln!(o, "{text}");
            let _ = o.flush();
        }
    }

    /// A JSON progress line: on the JSON stream with `--json`, else on stderr.
    fn progress_line(&self, v: &Json) {
        if self.json {
            self.line(&v.to_string());
        } else {
            warn!("{v}");
        }
    }

    fn progress(&self, p: &Progress) {
        if let Some(bar) = &self.bar {
            if bar.is_hidden() {
                bar.set_draw_target(ProgressDrawTarget::stderr());
            }
            bar.set_length(p.total);
            bar.set_position(p.done);
            bar.set_message(p.file.clone());
            return;
        }
        let now = Instant::now();
        let new_file = *self.last_file.borrow() != p.file;
        let due = self
            .last
            .get()
            .is_none_or(|t| now.duration_since(t) >= JSON_EVERY);
        if new_file || due || p.phase == ese_util::backup::Phase::Done {
            self.last.set(Some(now));
            *self.last_file.borrow_mut() = p.file.clone();
            self.progress_line(&p.to_json());
        }
    }

    fn end_bar(&self, complete: bool) {
        if let Some(bar) = &self.bar {
            if complete {
                bar.set_position(bar.length().unwrap_or(0));
                bar.finish();
            } else {
                bar.abandon();
            }
        }
    }
}

/// `eseutil backup INSTANCE_DIR --to FOLDER|-`.
pub struct BackupArgs {
    /// The instance's log and checkpoint folder.
    pub instance_dir: PathBuf,
    /// A folder, or `-` for a tar stream on stdout.
    pub to: String,
    /// Databases to attach (default: every `*.edb` in the instance folder).
    pub dbs: Vec<PathBuf>,
    /// An incremental backup.
    pub incremental: bool,
    /// Truncate the logs afterwards.
    pub truncate: bool,
    /// Stop the backup after this many bytes.
    pub stop_after: Option<u64>,
    /// Copy at most this many MB (10^6 bytes) per second.
    pub max_mbs: Option<u64>,
    /// JSON output.
    pub json: bool,
}

fn databases_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).map_err(|e| Error::io(e).file(dir))? {
        let p = e.map_err(|e| Error::io(e).file(dir))?.path();
        let edb = p.extension().is_some_and(|x| x.eq_ignore_ascii_case("edb"));
        if edb && p.is_file() {
            out.push(p);
        }
    }
    out.sort();
    Ok(out)
}

/// `eseutil backup`: starts an instance on the folder (recovering it), attaches
/// the databases, backs up, ends the instance.
pub fn backup(a: BackupArgs) -> Result<ExitCode> {
    if !a.instance_dir.is_dir() {
        return Err(Error::with(
            ErrorCode::FileNotFound,
            format!("{} is not a folder", a.instance_dir.display()),
        ));
    }
    let to_stdout = a.to == "-";
    if to_stdout && std::io::stdout().is_terminal() {
        return Err(Error::with(
            ErrorCode::InvalidParameter,
            "--to - writes a tar stream to stdout: redirect it to a file or a pipe",
        ));
    }
    let dbs = if a.dbs.is_empty() {
        databases_in(&a.instance_dir)?
    } else {
        a.dbs.clone()
    };
    if dbs.is_empty() && !a.incremental {
        return Err(Error::with(
            ErrorCode::DatabaseNotFound,
            format!(
                "no *.edb in {} (name databases with --db)",
                a.instance_dir.display()
            ),
        ));
    }
    let inst = Instance::new(InstanceOptions::in_dir(&a.instance_dir))?;
    let result = (|| -> Result<ExitCode> {
        for d in &dbs {
            inst.attach_database(d, false)?;
        }
        let out = Out::new(a.json, to_stdout, "backup");
        let progress = |p: &Progress| out.progress(p);
        let opts = BackupOptions {
            incremental: a.incremental,
            truncate: a.truncate,
            stop_after_bytes: a.stop_after,
            max_bytes_per_sec: a.max_mbs.map(|m| m.saturating_mul(1_000_000)),
            progress: Some(&progress),
        };
        let target = if to_stdout {
            BackupTarget::Tar(Box::new(std::io::BufWriter::with_capacity(
                1 << 20,
                std::io::stdout(),
            )))
        } else {
            BackupTarget::Folder(PathBuf::from(&a.to))
        };
        let r = backup_instance(&inst, target, &opts);
        out.end_bar(matches!(&r, Ok(r) if r.outcome == Outcome::Completed));
        let r = r?;
        if a.json {
            out.line(&r.to_json().to_string());
        } else {
            let gens = if r.gen_high > 0 {
                format!(" (generations {:08X}-{:08X})", r.gen_low, r.gen_high)
            } else {
                String::new()
            };
            match r.outcome {
                Outcome::Completed => out.line(&format!(
                    "backup completed: {} databases, {} logs{gens}, {:.1} MB in {:.2} s, {:.1} MB/s, into {}",
                    r.databases.len(),
                    r.logs.len(),
                    r.bytes as f64 / 1e6,
                    r.seconds,
                    r.mb_per_s,
                    if to_stdout { "a tar stream on stdout" } else { &a.to },
                )),
                Outcome::Stopped => out.line(&format!(
                    "backup stopped after {:.1} MB in {:.2} s: the next call returned {} ({}); the backup was ended cleanly; {}",
                    r.bytes as f64 / 1e6,
                    r.seconds,
                    ErrorCode::BackupAbortByServer.value(),
                    ErrorCode::BackupAbortByServer.symbol(),
                    if r.set_written {
                        "the set was already finished"
                    } else {
                        "no set was written"
                    },
                )),
            }
            for d in &r.databases {
                out.line(&format!(
                    "  {} <- {} ({} bytes)",
                    d.file, d.original, d.bytes
                ));
            }
            if !r.truncated.is_empty() {
                out.line(&format!("  {} logs truncated", r.truncated.len()));
            }
        }
        Ok(if r.outcome == Outcome::Stopped {
            ExitCode::from(EXIT_STOPPED)
        } else {
            ExitCode::SUCCESS
        })
    })();
    let ended = inst.term();
    let code = result?;
    ended?;
    Ok(code)
}

/// `eseutil restore SET --to DIR`.
pub fn restore(set: &str, to: &Path, json: bool) -> Result<ExitCode> {
    let out = Out::new(json, false, "restore");
    let progress = |p: &Progress| out.progress(p);
    let opts = RestoreOptions {
        progress: Some(&progress),
    };
    let r = if set == "-" {
        restore_tar(std::io::stdin().lock(), to, &opts)
    } else {
        restore_set(Path::new(set), to, &opts)
    };
    out.end_bar(r.is_ok());
    let r = r?;
    if json {
        out.line(&r.to_json().to_string());
    } else {
        out.line(&format!(
            "restored {} databases into {} (log generations {:08X}-{:08X}): {:.1} MB verified and copied in {:.2} s, {:.1} MB/s",
            r.databases.len(),
            r.target.display(),
            r.gen_low,
            r.gen_high,
            r.bytes as f64 / 1e6,
            r.seconds,
            r.mb_per_s
        ));
        for (orig, path) in &r.databases {
            out.line(&format!("  {} <- {}", path.display(), orig));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `eseutil verify-backup SET` (a set folder, a tar file, or `-` for a tar on
/// stdin): exit code 1 when the set is damaged.
pub fn verify(set: &str, json: bool) -> Result<ExitCode> {
    let out = Out::new(json, false, "verify");
    let progress = |p: &Progress| out.progress(p);
    let r = if set == "-" {
        ese_util::backup::verify_tar(std::io::stdin().lock(), Some(&progress))
    } else {
        ese_util::backup::verify_set_with(Path::new(set), Some(&progress))
    };
    out.end_bar(r.as_ref().is_ok_and(|r| !r.is_damaged()));
    let r: VerifyReport = r?;
    if json {
        out.line(&r.to_json().to_string());
    } else {
        for p in &r.problems {
            out.line(&format!("set: {p}"));
        }
        for f in &r.files {
            if f.problems.is_empty() {
                out.line(&format!("  ok  {} ({} bytes)", f.file, f.bytes));
            } else {
                for p in &f.problems {
                    out.line(&format!("  BAD {}: {p}", f.file));
                }
            }
        }
        out.line(&format!(
            "{}: {} files, {:.1} MB checked in {:.2} s, {:.1} MB/s",
            if r.is_damaged() {
                "backup set DAMAGED"
            } else {
                "backup set ok"
            },
            r.files.len(),
            r.bytes as f64 / 1e6,
            r.seconds,
            r.mb_per_s
        ));
    }
    Ok(if r.is_damaged() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
