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
use write_harness::{clean_database, clean_instance, logged_round, round, Bytes, Seeded, ALLOWED};

/// Rounds that once failed: a space tree's leaf chain damaged into a loop
/// (the space check walked it without end, its memory growing).
const REGRESSIONS: &[u64] = &[7317728685586240962];

#[test]
fn damaged_pages_met_by_writes_never_panic() {
    let (clean, bookmarks) = clean_database();
    let rounds: u64 = std::env::var("DAMAGED_WRITES_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    let seeds: Vec<u64> = match std::env::var("DAMAGED_WRITES_SEED") {
        Ok(s) => vec![s.parse().expect("DAMAGED_WRITES_SEED=<number>")],
        Err(_) => REGRESSIONS
            .iter()
            .copied()
            .chain((1..=rounds).map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15)))
            .collect(),
    };
    let mut met: BTreeMap<String, usize> = BTreeMap::new();
    let trace = std::env::var_os("DAMAGED_WRITES_TRACE").is_some();
    let list = std::env::var_os("DAMAGED_WRITES_LIST").is_some();
    // `DAMAGED_WRITES_PAGES=<n>`: pages damaged per round (1 by default).
    let pages_hit: usize = std::env::var("DAMAGED_WRITES_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    for seed in seeds {
        if trace {
            eprintln!("round {seed}");
        }
        let r = catch_unwind(AssertUnwindSafe(|| {
            round(&clean, &bookmarks, &mut Seeded(seed | 1), pages_hit, 30)
        }));
        match r {
            Ok(errors) => {
                for e in errors {
                    if !ALLOWED.contains(&e.code()) {
                        assert!(list, "seed {seed}: unexpected error {e}");
                        eprintln!("seed {seed}: unexpected error {e}");
                    }
                    *met.entry(format!("{:?}", e.code())).or_default() += 1;
                }
            }
            Err(_) if list => {
                eprintln!("seed {seed}: PANICKED");
            }
            Err(_) => panic!("seed {seed}: panicked (DAMAGED_WRITES_SEED={seed} replays it)"),
        }
    }
    eprintln!("codes met: {met:?}");
    // The damage must reach the decoders: some rounds end in a damage code.
    assert!(
        met.contains_key("DatabaseCorrupted") || met.contains_key("ReadVerifyFailure"),
        "no damage was detected: {met:?}"
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
        let Some((&pages, rest)) = data.split_first() else {
            continue;
        };
        let r = catch_unwind(AssertUnwindSafe(|| {
            round(
                &clean,
                &bookmarks,
                &mut Bytes(rest),
                1 + usize::from(pages % 3),
                40,
            )
        }));
        let errors = r.unwrap_or_else(|_| panic!("{}: panicked", path.display()));
        for e in errors {
            assert!(
                ALLOWED.contains(&e.code()),
                "{}: unexpected error {e}",
                path.display()
            );
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
    let rounds: u64 = std::env::var("DAMAGED_WRITES_LOGGED_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let seeds: Vec<u64> = match std::env::var("DAMAGED_WRITES_LOGGED_SEED") {
        Ok(s) => vec![s.parse().expect("DAMAGED_WRITES_LOGGED_SEED=<number>")],
        Err(_) => (1..=rounds)
            .map(|i| i.wrapping_mul(0xD1B5_4A32_D192_ED03))
            .collect(),
    };
    let list = std::env::var_os("DAMAGED_WRITES_LIST").is_some();
    let mut met: BTreeMap<String, usize> = BTreeMap::new();
    for seed in seeds {
        let r = catch_unwind(AssertUnwindSafe(|| {
            logged_round(&files, &bookmarks, &mut Seeded(seed | 1), 1, 30)
        }));
        match r {
            Ok(errors) => {
                for e in errors {
                    if !ALLOWED.contains(&e.code()) {
                        assert!(list, "seed {seed}: unexpected error {e}");
                        eprintln!("seed {seed}: unexpected error {e}");
                    }
                    *met.entry(format!("{:?}", e.code())).or_default() += 1;
                }
            }
            Err(_) if list => eprintln!("seed {seed}: PANICKED"),
            Err(_) => {
                panic!("seed {seed}: panicked (DAMAGED_WRITES_LOGGED_SEED={seed} replays it)")
            }
        }
    }
    eprintln!("codes met: {met:?}");
    assert!(
        met.contains_key("DatabaseCorrupted") || met.contains_key("ReadVerifyFailure"),
        "no damage was detected: {met:?}"
    );
}
