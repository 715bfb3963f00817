//! eseutil: inspect, check and export ESE databases.
//!
//! Subcommands follow esentutl's modes: `header` (/mh), `tables` (/mm), `export`,
//! `checksum` (/k), `integrity` (/g), `repair` (/p), `recover` (/r), `logs` (/ml) and `checkpoint` (/mk);
//! `create` and `import` write databases; `backup`, `restore` and `verify-backup` make,
//! restore and check backup sets of an instance; `demo` shows the engine's mission end
//! to end. Without a subcommand it reports on the database given,
//! or, given none, runs the demo in `./ese-demo`. Errors print their `JET_err` code and
//! the process exits nonzero.

/// `println!` that never panics: once standard output is closed (`eseutil tables DB |
/// head`), the rest of the output is dropped and the command goes on to its end, as
/// `export` does when its reader has gone.
macro_rules! say {
    () => {
        say!("")
    };
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `eprintln!` that never panics: a message for a standard error that is closed
/// (`eseutil ... 2>&-`, or a reader that has gone) is dropped, and the command ends as it
/// would have.
macro_rules! warn {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod backup_cmd;
mod commands;
mod copy_cmd;
mod defrag_cmd;
mod demo;
mod input;
mod integrity_cmd;
mod logs_cmd;
mod progress;
mod render;
mod repair_cmd;
mod write;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// Inspect, check and export ESE (Extensible Storage Engine) databases.
#[derive(Parser, Debug)]
#[command(name = "eseutil", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Database to report on when no subcommand is given (none: run the demo in
    /// `./ese-demo`).
    database: Option<PathBuf>,
}

/// Output format of `export`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per record, column names as keys.
    Jsonl,
    /// A header row of column names, then one row per record.
    Csv,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// The mission in a minute: load a database, back it up online while writers
    /// commit, stop a second backup with JetStopBackupInstance, restore the first
    /// into a new folder and check it against what was committed.
    Demo {
        /// The folder to work in (emptied first).
        #[arg(default_value = "ese-demo")]
        dir: PathBuf,
        /// Records loaded before the backups.
        #[arg(long, default_value_t = 300_000)]
        records: u32,
        /// Seconds the writers' speed is measured without a backup.
        #[arg(long, default_value_t = 2.0)]
        baseline_secs: f64,
        /// The online backup copies at most this many MB (10^6 bytes) per second
        /// (default: full speed), as `eseutil backup --max-mbs`.
        #[arg(long, value_name = "MB_PER_S", value_parser = clap::value_parser!(u64).range(1..))]
        max_mbs: Option<u64>,
    },
    /// Show the database header (as `esentutl /mh`).
    Header {
        /// The database file (.edb, or .gz).
        database: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// List tables with their columns, indexes and record counts.
    Tables {
        /// The database file.
        database: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Export records (all tables, or one) as JSONL or CSV.
    Export {
        /// The database file.
        database: PathBuf,
        /// Export only this table.
        #[arg(long)]
        table: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "jsonl")]
        format: Format,
        /// Write into this directory, one file per table (default: stdout).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Create a database from a JSON schema (tables, columns, indexes, page size).
    Create {
        /// The database file to create (must not exist).
        database: PathBuf,
        /// The schema document.
        #[arg(long)]
        schema: PathBuf,
        /// Buffer cache size in pages.
        #[arg(long, default_value_t = 4096)]
        cache_pages: usize,
    },
    /// Import rows (JSONL or CSV, as `export` writes them) into one table; all or nothing.
    Import {
        /// The database file.
        database: PathBuf,
        /// The table to load.
        #[arg(long)]
        table: String,
        /// The rows.
        file: PathBuf,
        /// Input format (default: from the file's extension, JSONL unless `.csv`).
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Buffer cache size in pages.
        #[arg(long, default_value_t = 4096)]
        cache_pages: usize,
    },
    /// Back up an instance (its folder's databases and logs) into a backup set:
    /// a folder, or a tar stream on stdout with `--to -`. Exit code 3 when
    /// stopped by `--stop-after`.
    Backup {
        /// The instance's folder (logs and checkpoint); it is recovered first.
        instance_dir: PathBuf,
        /// The set's folder (missing or empty; a full set's folder with
        /// `--incremental`), or `-` for a tar stream on stdout.
        #[arg(long)]
        to: String,
        /// A database to attach and back up (repeat; default: every *.edb in
        /// the instance's folder).
        #[arg(long = "db")]
        dbs: Vec<PathBuf>,
        /// Only the logs since the last backup that truncated (added to the full
        /// set in --to).
        #[arg(long)]
        incremental: bool,
        /// Delete the logs the backup made unnecessary.
        #[arg(long)]
        truncate: bool,
        /// Stop the backup (JetStopBackupInstance) after this many bytes.
        #[arg(long, value_name = "BYTES")]
        stop_after: Option<u64>,
        /// Copy at most this many MB (10^6 bytes) per second, so that the live
        /// instance's commits keep more of the disk (default: full speed).
        #[arg(long, value_name = "MB_PER_S", value_parser = clap::value_parser!(u64).range(1..))]
        max_mbs: Option<u64>,
        /// JSON progress lines and a JSON summary.
        #[arg(long)]
        json: bool,
    },
    /// Restore a backup set (a folder, a tar file, or `-` for a tar stream on
    /// stdin) into a new or empty folder, after verifying it whole.
    Restore {
        /// The set.
        set: String,
        /// The folder to restore into; start an instance there afterwards.
        #[arg(long)]
        to: PathBuf,
        /// JSON progress lines and a JSON summary.
        #[arg(long)]
        json: bool,
    },
    /// Check every page and log of a backup set (a folder, a tar file, or `-`
    /// for a tar stream on stdin) without restoring it (exit code 1 when
    /// damaged).
    VerifyBackup {
        /// The set.
        set: String,
        /// JSON progress lines and a JSON summary.
        #[arg(long)]
        json: bool,
    },
    /// Show what the database and each table, index and long-value tree own and have
    /// free, in pages (as `esentutl /ms`).
    Space {
        /// The database file.
        database: PathBuf,
        /// Print JSON, with every tree's owned and free extents.
        #[arg(long)]
        json: bool,
    },
    /// Verify every page checksum (as `esentutl /k`).
    Checksum {
        /// The database file.
        database: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check a database's structure (as `esentutl /g`): every B-tree, the space
    /// against the pages in use, every index against the records. Runs on a
    /// temporary copy; the database is not written (exit code 2 when
    /// corrupted).
    Integrity {
        /// The database file (.edb, or .gz).
        database: PathBuf,
        /// The temporary copy (default: `TEMPINTEG<pid>.EDB` beside the database).
        #[arg(long)]
        temp: Option<PathBuf>,
        /// Also list each tree's owned, used and available pages (as
        /// `esentutl /ms`; always in the JSON).
        #[arg(long)]
        space: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Copy a database, log or checkpoint file (as `esentutl /y`), verifying
    /// every page of a database on the way (a bad page stops the copy, exit
    /// code 1, unless `--ignore-errors`).
    Copy {
        /// The file to copy.
        source: PathBuf,
        /// The copy, or the folder to put it in (default: the source's name in
        /// the current folder); it must not exist.
        #[arg(long)]
        to: Option<PathBuf>,
        /// Copy pages whose checksum does not verify as they are, and list them.
        #[arg(long)]
        ignore_errors: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Offline defragmentation (as `esentutl /d`): copy every table of a
    /// database shut down cleanly into a new file, then move it over the
    /// original (take a full backup afterwards: older backups do not apply).
    Defrag {
        /// The database file.
        database: PathBuf,
        /// The new file while it is made (default: `TEMPDFRG<pid>.EDB` beside
        /// the database).
        #[arg(long)]
        temp: Option<PathBuf>,
        /// Leave the database as it is and the defragmented copy at `--temp`.
        #[arg(long, conflicts_with = "backup")]
        preserve: bool,
        /// Keep the original under this name (it must not exist).
        #[arg(long)]
        backup: Option<PathBuf>,
        /// Append statistics of the database's tables and of the compaction to
        /// this text file (what `JetCompact` writes to `DFRGINFO.TXT` with
        /// `JET_bitCompactStats`).
        #[arg(long)]
        stats: Option<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Repair a damaged database, or one shut down dirty without its logs (as
    /// `esentutl /p`): every table copied into a new file from what can still be
    /// read, unreadable pages and long values left out, indexes built again; the
    /// new file then replaces the database. Data on damaged pages is lost.
    Repair {
        /// The database file.
        database: PathBuf,
        /// The new file while it is made (default: `TEMPREPAIR<pid>.EDB` beside
        /// the database).
        #[arg(long)]
        temp: Option<PathBuf>,
        /// Leave the database as it is and the repaired copy at `--temp`.
        #[arg(long, conflicts_with = "backup")]
        preserve: bool,
        /// Keep the original under this name (it must not exist).
        #[arg(long)]
        backup: Option<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Soft recovery of an instance folder (as `esentutl /r`): replay its log
    /// from the checkpoint into the databases it names, undo what never
    /// committed, and leave every database in a clean state.
    Recover {
        /// The instance's folder (its logs and checkpoint, unless given apart).
        instance_dir: PathBuf,
        /// The base name of the log and checkpoint files.
        #[arg(long, default_value = "edb")]
        base: String,
        /// The log files' folder (default: the instance's folder).
        #[arg(long)]
        logs: Option<PathBuf>,
        /// The checkpoint's folder (default: the instance's folder).
        #[arg(long)]
        system: Option<PathBuf>,
        /// The databases are in this folder under their file names, not where
        /// the log names them (a folder moved or copied since; esentutl's `/d`).
        #[arg(long)]
        db_dir: Option<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Verify every log file of an instance folder (as `esentutl /ml` of a
    /// base name): each file's blocks and records, and that the generations
    /// are contiguous, of one stream and each continue the one before (exit
    /// code 2 when damaged or missing).
    Logs {
        /// The folder of the log files.
        dir: PathBuf,
        /// The base name of the log files.
        #[arg(long, default_value = "edb")]
        base: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show the checkpoint file (as `esentutl /mk`): where recovery starts,
    /// the log generations it needs and the attached databases.
    Checkpoint {
        /// The checkpoint file, or the folder holding `<base>.chk`.
        path: PathBuf,
        /// The base name, when a folder is given.
        #[arg(long, default_value = "edb")]
        base: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

fn run_demo(dir: &std::path::Path, opts: &demo::DemoOptions) -> ese::Result<ExitCode> {
    demo::run(dir, opts).map(|()| ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => match cli.database {
            Some(db) => commands::report(Some(db)),
            None => run_demo(
                std::path::Path::new("ese-demo"),
                &demo::DemoOptions::default(),
            ),
        },
        Some(Command::Demo {
            dir,
            records,
            baseline_secs,
            max_mbs,
        }) => run_demo(
            &dir,
            &demo::DemoOptions {
                records,
                baseline: std::time::Duration::from_secs_f64(baseline_secs.clamp(0.05, 60.0)),
                max_bytes_per_sec: max_mbs.map(|m| m.saturating_mul(1_000_000)),
            },
        ),
        Some(Command::Header { database, json }) => commands::header(&database, json),
        Some(Command::Tables { database, json }) => commands::tables(&database, json),
        Some(Command::Export {
            database,
            table,
            format,
            out,
        }) => commands::export(&database, table.as_deref(), format, out.as_deref()),
        Some(Command::Checksum { database, json }) => commands::checksum(&database, json),
        Some(Command::Space { database, json }) => commands::space(&database, json),
        Some(Command::Recover {
            instance_dir,
            base,
            logs,
            system,
            db_dir,
            json,
        }) => logs_cmd::recover(
            &logs_cmd::Place {
                db_dir,
                ..logs_cmd::Place::new(&instance_dir, logs, system, &base)
            },
            json,
        ),
        Some(Command::Integrity {
            database,
            temp,
            space,
            json,
        }) => integrity_cmd::integrity(&database, temp, space, json),
        Some(Command::Copy {
            source,
            to,
            ignore_errors,
            json,
        }) => copy_cmd::copy(&source, to, ignore_errors, json),
        Some(Command::Defrag {
            database,
            temp,
            preserve,
            backup,
            stats,
            json,
        }) => defrag_cmd::defrag(&database, temp, preserve, backup, stats, json),
        Some(Command::Repair {
            database,
            temp,
            preserve,
            backup,
            json,
        }) => repair_cmd::repair_database(&database, temp, preserve, backup, json),
        Some(Command::Logs { dir, base, json }) => {
            logs_cmd::logs(&logs_cmd::Place::new(&dir, None, None, &base), json)
        }
        Some(Command::Checkpoint { path, base, json }) => logs_cmd::checkpoint(&path, &base, json),
        Some(Command::Backup {
            instance_dir,
            to,
            dbs,
            incremental,
            truncate,
            stop_after,
            max_mbs,
            json,
        }) => backup_cmd::backup(backup_cmd::BackupArgs {
            instance_dir,
            to,
            dbs,
            incremental,
            truncate,
            stop_after,
            max_mbs,
            json,
        }),
        Some(Command::Restore { set, to, json }) => backup_cmd::restore(&set, &to, json),
        Some(Command::VerifyBackup { set, json }) => backup_cmd::verify(&set, json),
        Some(Command::Create {
            database,
            schema,
            cache_pages,
        }) => write::create(&database, &schema, cache_pages),
        Some(Command::Import {
            database,
            table,
            file,
            format,
            cache_pages,
        }) => write::import(&database, &table, &file, format, cache_pages),
    };
    match result {
        Ok(code) => code,
        // A reader that stops early (`eseutil export DB | head`) is not a failure.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            warn!(
                "eseutil: error {} ({}): {}",
                e.code().value(),
                e.code().symbol(),
                e
            );
            ExitCode::from(1)
        }
    }
}

/// Whether `e` is a write to a pipe whose reader has gone.
fn is_broken_pipe(e: &ese::Error) -> bool {
    std::error::Error::source(e)
        .and_then(|s| s.downcast_ref::<std::io::Error>())
        .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}
