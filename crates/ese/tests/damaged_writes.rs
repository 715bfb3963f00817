//! Damaged pages behind valid checksums met by the write path (the harness in
//! `fuzz/write_harness.rs`): every call answers with its result or a
//! `JET_err`, never a panic.
//!
//! Seeded rounds, then the fuzz target's corpus (`fuzz/corpus/damaged_writes`)
//! replayed. `DAMAGED_WRITES_ROUNDS=<n>` runs more rounds, `DAMAGED_WRITES_PAGES=<n>`
//! damages more pages per round; `DAMAGED_WRITES_SEED=<s>` replays one round
//! (a failing round prints its seed); `DAMAGED_WRITES_LIST=1` lists the
//! unexpected errors of every round instead of failing at the first.

#[path = "../../../fuzz/write_harness.rs"]
mod write_harness;

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use write_harness::{
    clean_database, clean_instance, fuzz_round, logged_round, round, unexpected, Seeded,
};

/// Rounds that once failed: a space tree's leaf chain damaged into a loop
/// (the space check walked it without end, its memory growing).
const REGRESSIONS: &[u64] = &[7317728685586240962];

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

/// Runs `round` for every seed: a panic or an error outside the allowed list
/// fails (names `replay`, the variable that replays the seed), or with
/// `DAMAGED_WRITES_LIST` is listed; the damage must reach the decoders.
fn run_rounds(seeds: Vec<u64>, replay: &str, round: impl Fn(u64) -> Vec<ese::Error>) {
    let trace = std::env::var_os("DAMAGED_WRITES_TRACE").is_some();
    let list = std::env::var_os("DAMAGED_WRITES_LIST").is_some();
    let mut met: BTreeMap<String, usize> = BTreeMap::new();
    for seed in seeds {
        if trace {
            eprintln!("round {seed}");
        }
        match catch_unwind(AssertUnwindSafe(|| round(seed))) {
            Ok(errors) => {
                for e in unexpected(&errors) {
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
        met.contains_key("DatabaseCorrupted") || met.contains_key("ReadVerifyFailure"),
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
        |seed| round(&clean, &bookmarks, &mut Seeded(seed | 1), pages_hit, 30),
    );
}

/// Every input the fuzz target `damaged_writes` kept, replayed as it ran them.
#[test]
fn damaged_writes_fuzz_corpus_replays_without_panic() {
    let (clean, bookmarks) = clean_database();
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/damaged_writes");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("fuzz corpus folder") {
        let path = entry.expect("a corpus entry").path();
        let data = std::fs::read(&path).expect("a corpus input");
        let r = catch_unwind(AssertUnwindSafe(|| fuzz_round(&clean, &bookmarks, &data)));
        let Some(errors) = r.unwrap_or_else(|_| panic!("{}: panicked", path.display())) else {
            continue;
        };
        if let Some(e) = unexpected(&errors).next() {
            panic!("{}: unexpected error {e}", path.display());
        }
        n += 1;
    }
    assert!(n >= 10, "the corpus should hold inputs, found {n}");
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
        |seed| logged_round(&files, &bookmarks, &mut Seeded(seed | 1), 1, 30),
    );
}
