//! Damaged pages behind valid checksums met by the write path and by a repair,
//! and damaged log blocks behind valid checksums met by recovery (the harness in
//! `fuzz/write_harness.rs`): every call answers with its result or a
//! `JET_err`, never a panic.
//!
//! Seeded rounds, then the fuzz targets' corpora (`fuzz/corpus/damaged_writes`,
//! `fuzz/corpus/damaged_log`, `fuzz/corpus/damaged_repair`) replayed.
//! `DAMAGED_WRITES_ROUNDS=<n>` runs more rounds, `DAMAGED_WRITES_PAGES=<n>`
//! damages more pages per round; `DAMAGED_WRITES_SEED=<s>` replays one round
//! (a failing round prints its seed); `DAMAGED_WRITES_LIST=1` lists the
//! unexpected errors of every round instead of failing at the first.

#[path = "../../../fuzz/write_harness.rs"]
mod write_harness;

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use write_harness::{
    clean_database, clean_instance, crashed_instance, damaged_log_round, fuzz_repair_round,
    fuzz_round, logged_round, repair_round, round, unexpected, unexpected_in_log_round, Bytes,
    Seeded,
};

/// Rounds that once failed: a space tree's leaf chain damaged into a loop
/// (the space check walked it without end, its memory growing).
const REGRESSIONS: &[u64] = &[7317728685586240962];

/// Log rounds that once failed: a page number changed behind a valid block
/// checksum (redo wrote the page 29 GB past the file's end).
const LOG_REGRESSIONS: &[u64] = &[3249838795595181896];

/// The number in environment variable `name`, else `default`.
fn env_num<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The seeds to run: the one in `replay` if it is set, else `regressions`
/// and then `rounds` seeds spread by `spread`.
fn seeds(replay: &str, regressions: &[u64], rounds: u64, spread: u64) -> Vec<u64> {
    match std::env::var(replay) {
        Ok(s) => vec![s.parse().expect("a seed to replay")],
        Err(_) => regressions
            .iter()
            .copied()
            .chain((1..=rounds).map(|i| i.wrapping_mul(spread)))
            .collect(),
    }
}

/// What a kind of round may answer with: the errors of a round's list outside
/// its allowed codes, and the codes of which some round must answer with one
/// (the damage reached the decoders).
struct Allowed {
    unexpected: for<'a> fn(&'a [ese::Error]) -> Vec<&'a ese::Error>,
    detected: &'static [&'static str],
}

/// The rounds on damaged database pages.
const PAGE_ROUNDS: Allowed = Allowed {
    unexpected: |errors| unexpected(errors).collect(),
    detected: &["DatabaseCorrupted", "ReadVerifyFailure"],
};

/// The rounds on damaged logs.
const LOG_ROUNDS: Allowed = Allowed {
    unexpected: |errors| unexpected_in_log_round(errors).collect(),
    detected: &["LogFileCorrupt"],
};

/// Runs `round` for every seed: a panic or an error outside the allowed list
/// fails (names `replay`, the variable that replays the seed), or with
/// `DAMAGED_WRITES_LIST` is listed; the damage must reach the decoders.
fn run_rounds(
    seeds: Vec<u64>,
    replay: &str,
    allowed: Allowed,
    round: impl Fn(u64) -> Vec<ese::Error>,
) {
    let trace = std::env::var_os("DAMAGED_WRITES_TRACE").is_some();
    let list = std::env::var_os("DAMAGED_WRITES_LIST").is_some();
    let mut met: BTreeMap<String, usize> = BTreeMap::new();
    for seed in seeds {
        if trace {
            eprintln!("round {seed}");
        }
        match catch_unwind(AssertUnwindSafe(|| round(seed))) {
            Ok(errors) => {
                if trace {
                    for e in &errors {
                        eprintln!("  {e}");
                    }
                }
                for e in (allowed.unexpected)(&errors) {
                    assert!(list, "seed {seed}: unexpected error {e}");
                    eprintln!("seed {seed}: unexpected error {e}");
                }
                for e in &errors {
                    *met.entry(format!("{:?}", e.code())).or_default() += 1;
                }
            }
            Err(_) if list => eprintln!("seed {seed}: PANICKED"),
            Err(_) => panic!("seed {seed}: panicked ({replay}={seed} replays it)"),
        }
    }
    eprintln!("codes met: {met:?}");
    // Some rounds end in a damage code.
    assert!(
        allowed.detected.iter().any(|c| met.contains_key(*c)),
        "no damage was detected: {met:?}"
    );
}

#[test]
fn damaged_pages_met_by_writes_never_panic() {
    let (clean, bookmarks) = clean_database();
    let rounds = env_num("DAMAGED_WRITES_ROUNDS", 2_000u64);
    // `DAMAGED_WRITES_PAGES=<n>`: pages damaged per round (1 by default).
    let pages_hit = env_num("DAMAGED_WRITES_PAGES", 1usize);
    let replay = "DAMAGED_WRITES_SEED";
    run_rounds(
        seeds(replay, REGRESSIONS, rounds, 0x9E37_79B9_7F4A_7C15),
        replay,
        PAGE_ROUNDS,
        |seed| round(&clean, &bookmarks, &mut Seeded(seed | 1), pages_hit, 30),
    );
}

/// Replays every input of the fuzz corpus `fuzz/corpus/<name>` through
/// `round` (`None`: an input the target skips); a panic or an error outside
/// `allowed` fails.
fn replay_corpus(name: &str, allowed: Allowed, round: impl Fn(&[u8]) -> Option<Vec<ese::Error>>) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(name);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("fuzz corpus folder") {
        let path = entry.expect("a corpus entry").path();
        let data = std::fs::read(&path).expect("a corpus input");
        let r = catch_unwind(AssertUnwindSafe(|| round(&data)));
        let Some(errors) = r.unwrap_or_else(|_| panic!("{}: panicked", path.display())) else {
            continue;
        };
        if let Some(e) = (allowed.unexpected)(&errors).first() {
            panic!("{}: unexpected error {e}", path.display());
        }
        n += 1;
    }
    assert!(n >= 10, "the corpus should hold inputs, found {n}");
}

/// Every input the fuzz target `damaged_writes` kept, replayed as it ran them.
#[test]
fn damaged_writes_fuzz_corpus_replays_without_panic() {
    let (clean, bookmarks) = clean_database();
    replay_corpus("damaged_writes", PAGE_ROUNDS, |data| {
        fuzz_round(&clean, &bookmarks, data)
    });
}

/// The same through an instance: the damaged database attached with its log,
/// written, shut down or cut off by a power cut, then recovered, attached and
/// checked by the next instance (`DAMAGED_WRITES_LOGGED_ROUNDS=<n>`, default
/// 300; `DAMAGED_WRITES_LOGGED_SEED=<s>` replays one).
#[test]
fn damaged_pages_met_by_logged_writes_and_recovery_never_panic() {
    let (files, bookmarks) = clean_instance();
    let rounds = env_num("DAMAGED_WRITES_LOGGED_ROUNDS", 300u64);
    let replay = "DAMAGED_WRITES_LOGGED_SEED";
    run_rounds(
        seeds(replay, &[], rounds, 0xD1B5_4A32_D192_ED03),
        replay,
        PAGE_ROUNDS,
        |seed| logged_round(&files, &bookmarks, &mut Seeded(seed | 1), 1, 30),
    );
}

/// A log damaged behind valid checksums met by recovery: the folder of an
/// instance that lost its process after 60 calls, a few bytes of one log
/// block (or of a log file's header) changed and its checksum made valid, then
/// an instance that recovers, attaches, makes calls and checks
/// (`DAMAGED_LOG_ROUNDS=<n>`, default 300; `DAMAGED_LOG_SEED=<s>` replays one).
/// Recovery answers with its result or a `JET_err`, never a panic.
#[test]
fn damaged_log_records_met_by_recovery_never_panic() {
    let (files, bookmarks) = clean_instance();
    let crashed = crashed_instance(&files, &bookmarks, 60);
    let rounds = env_num("DAMAGED_LOG_ROUNDS", 300u64);
    let replay = "DAMAGED_LOG_SEED";
    run_rounds(
        seeds(replay, LOG_REGRESSIONS, rounds, 0xA076_1D64_78BD_642F),
        replay,
        LOG_ROUNDS,
        |seed| damaged_log_round(&crashed, &bookmarks, &mut Seeded(seed | 1), 10),
    );
}

/// Every input the fuzz target `damaged_log` kept, replayed as it ran them.
#[test]
fn damaged_log_fuzz_corpus_replays_without_panic() {
    let (files, bookmarks) = clean_instance();
    let crashed = crashed_instance(&files, &bookmarks, 60);
    replay_corpus("damaged_log", LOG_ROUNDS, |data| {
        Some(damaged_log_round(
            &crashed,
            &bookmarks,
            &mut Bytes(data),
            10,
        ))
    });
}

/// One repair round's outcome, as the repair tests count it: `Err` for a panic or an
/// error outside [`unexpected`]'s list (named), else whether the repair was refused
/// and whether it lost anything.
fn repair_outcome(
    round: impl FnOnce() -> ese::Result<ese::db::RepairReport>,
) -> Result<(bool, bool), String> {
    match catch_unwind(AssertUnwindSafe(round)) {
        Err(_) => Err("panicked".into()),
        Ok(Ok(report)) => Ok((false, report.lost_anything())),
        Ok(Err(e)) => match unexpected(std::slice::from_ref(&e)).next() {
            Some(e) => Err(format!("unexpected error {e}")),
            None => Ok((true, false)),
        },
    }
}

/// A database with pages damaged behind valid checksums (and, in half the rounds,
/// one more page damaged without: a checksum that fails) repaired into a new file
/// (`DAMAGED_REPAIR_ROUNDS=<n>`, default 300; `DAMAGED_REPAIR_PAGES=<n>` pages behind
/// valid checksums, default 1; `DAMAGED_REPAIR_SEED=<s>` replays one): the repair
/// ends in a refusal with a code of the damage and no new file, or in a new file
/// that passes the integrity check and reads whole, as many records as its report
/// says; never a panic. Some rounds must lose records (the damage reached the
/// repair's reading).
#[test]
fn damaged_pages_met_by_a_repair_never_panic() {
    let (clean, _) = clean_database();
    let rounds = env_num("DAMAGED_REPAIR_ROUNDS", 300u64);
    let pages_hit = env_num("DAMAGED_REPAIR_PAGES", 1usize);
    let replay = "DAMAGED_REPAIR_SEED";
    let (mut refused, mut lost, mut n) = (0, 0, 0);
    for seed in seeds(replay, &[], rounds, 0xC2B2_AE3D_27D4_EB4F) {
        match repair_outcome(|| repair_round(&clean, &mut Seeded(seed | 1), pages_hit)) {
            Ok((r, l)) => {
                refused += usize::from(r);
                lost += usize::from(l);
                n += 1;
            }
            Err(why) => panic!("seed {seed}: {why} ({replay}={seed} replays it)"),
        }
    }
    eprintln!("{n} repairs: {refused} refused, {lost} lost something");
    assert!(
        n < 10 || lost > 0,
        "no repair met the damage: {n} rounds, {refused} refused"
    );
}

/// Every input the fuzz target `damaged_repair` kept, replayed as it ran them: a
/// refused repair's code must be one [`unexpected`] allows.
#[test]
fn damaged_repair_fuzz_corpus_replays_without_panic() {
    let (clean, _) = clean_database();
    replay_corpus("damaged_repair", PAGE_ROUNDS, |data| {
        fuzz_repair_round(&clean, data).map(|r| r.err().into_iter().collect())
    });
}
