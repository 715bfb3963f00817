//! Crash safety on the simulated disk: random power cuts under concurrent
//! sessions, an exhaustive sweep of crash points over scripted scenarios, crashes
//! during recovery, injected I/O errors at every call, and a planted lying disk
//! that the same checks must catch.
//!
//! The oracle. Every change a test makes is mirrored in a model. A transaction
//! whose commit returned `Ok` must be there after recovery; a rolled-back or
//! never-committed one must not; a commit that was in flight at the crash is all
//! there or all absent. Changes made outside transactions (creating a database
//! or a table) count as acknowledged once a later durable call (a commit, a
//! checkpoint, a detach, a clean term) returned `Ok`; before that they may be
//! lost, but only as a prefix of the log. So the recovered state must equal one
//! of the model states since the last acknowledgement (`Candidates`). Every
//! recovered database must also pass `Database::check` (trees, space, every
//! index against the records).
//!
//! Replaying and scaling (all optional):
//!
//! - `CRASH_SEED=<n>` replays one seed of `random_power_cuts` (and of
//!   `crashes_during_recovery`), printing what it does.
//! - `CRASH_SCENARIO=<name>` with `CRASH_AT=<n>` and `CRASH_TEAR=<0|1|2>`
//!   replays one point of the sweep; `CRASH_SCENARIO` alone sweeps one scenario.
//! - `CRASH_SEEDS` (random seeds, default 1000: 20,000 power cuts), `CRASH_ROUNDS` (power cuts per
//!   seed, default 20), `CRASH_RECOVERY_SEEDS` (default 250; 700 for the soak),
//!   `CRASH_SEED_BASE` (first seed, default 1) scale the suite up for a soak.
//! - `CRASH_SCENARIO=<name> CRASH_FAULT_AT=<n> CRASH_FAULT=<0|1|2>` replays one
//!   injected fault.
//! - Narrowing a random failure: `CRASH_WORKERS=<max>`, `CRASH_DDL=0`,
//!   `CRASH_NESTED=0`, `CRASH_CKPT=0`, `CRASH_BATCH=0` turn parts of the workload off;
//!   `CRASH_POLICY=<0..4>` fixes the tear policy; `CRASH_TRACE=1` prints every
//!   file call of a sweep or fault replay with its call number.
//!
//! Random runs use threads and (half of the time) a crash at a wall-clock
//! moment, so a seed replays the same workload but not always the same
//! interleaving; the sweep and the fault runs replay the same calls, but for the
//! few that the instance's own threads make (the log flusher and cleanup
//! write-back when their timers fire, the log's preparer when the instance starts
//! and after each rollover), which can move a crash point by some calls.
//!
//! Every failure names its seed or scenario point and the command that replays
//! it. A random run that fails after a power cut also recovers the disk it
//! failed on three times more (telling a disk that always recovers wrong from
//! an interleaving), and writes that disk under
//! `<target dir>/tmp/crash-images/seed<n>-round<r>/` with the oracle;
//! `CRASH_IMAGE=<that folder>` recovers and checks it again, printing the
//! tables.

mod script;
mod support;

use ese::{CreateOptions, Database, Instance};
use ese_os::{Fault, FaultKind, FaultOp, FileSystem, SimFs, TearPolicy};
use script::*;
use std::collections::{BTreeMap, BTreeSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::*;

// ------------------------------------------------------ (a) random power cuts

/// What one worker session knows: its rows (ids `k*10_000 ..`) and tables
/// (`k{k}n{n}`) as last acknowledged, and as they would be if the commit in
/// flight at the crash went through.
#[derive(Clone, Debug, Default, PartialEq)]
struct Part {
    rows: Rows,
    tables: BTreeSet<String>,
}

#[derive(Clone, Debug, Default)]
struct WorkerOracle {
    committed: Part,
    inflight: Option<Part>,
}

fn part_of(k: usize, m: &BTreeMap<String, Rows>) -> Part {
    let lo = k as i32 * 10_000;
    let rows = m
        .get("t")
        .map(|r| {
            r.range(lo..lo + 10_000)
                .map(|(a, b)| (*a, b.clone()))
                .collect()
        })
        .unwrap_or_default();
    let prefix = format!("k{k}n");
    let tables = m
        .keys()
        .filter(|t| t.starts_with(&prefix))
        .cloned()
        .collect();
    Part { rows, tables }
}

/// One worker's transactions. Stops at the first error after the simulated
/// crash; an error before it (a write conflict) rolls the transaction back.
#[allow(clippy::too_many_arguments)]
fn worker(
    k: usize,
    seed: u64,
    inst: &Instance,
    db: &Database,
    sim: &SimFs,
    txns: u64,
    table_seq: &AtomicU64,
    mut oracle: WorkerOracle,
) -> WorkerOracle {
    let mut rng = Rng(seed ^ (k as u64).wrapping_mul(0x51_7CC1_B727_220A));
    let Ok(s) = inst.begin_session() else {
        return oracle;
    };
    let Ok(mut c) = s.open_table(db, "t") else {
        return oracle;
    };
    let base = k as i32 * 10_000;
    for _ in 0..txns {
        if sim.is_crashed() {
            break;
        }
        let mut pending = oracle.committed.clone();
        if s.begin_transaction().is_err() {
            break;
        }
        let mut ok = true;
        let ops = 1 + rng.below(6);
        for _ in 0..ops {
            let id = base + rng.below(40) as i32;
            let r = if rng.chance(8) && env_u64("CRASH_BATCH", 1) == 1 {
                // A batch of new ids in one call: every row or none of them.
                let start = base + 1000 + rng.below(400) as i32;
                let batch: Vec<(i32, i32, String)> = (start..start + 1 + rng.below(12) as i32)
                    .map(|id| {
                        let val = rng.below(1000) as i32;
                        let len = if rng.chance(4) {
                            rng.below(5000) as usize
                        } else {
                            rng.below(40) as usize
                        };
                        (id, val, note(id, val, len))
                    })
                    .collect();
                let dup = batch.iter().any(|(id, ..)| pending.rows.contains_key(id));
                match insert_batch(&mut c, &batch) {
                    Ok(()) if dup => {
                        panic!("seed {seed}: a batch with a key already there went in")
                    }
                    Ok(()) => {
                        for (id, val, text) in batch {
                            pending.rows.insert(id, (val, text));
                        }
                        Ok(())
                    }
                    Err(e) if dup && e.code() == ese::ErrorCode::KeyDuplicate => Ok(()),
                    Err(e) => Err(e),
                }
            } else if rng.chance(5) {
                remove(&mut c, id).map(|gone| {
                    if gone {
                        pending.rows.remove(&id);
                    }
                })
            } else {
                let val = rng.below(1000) as i32;
                let len = if rng.chance(3) {
                    rng.below(5000) as usize
                } else {
                    rng.below(40) as usize
                };
                let text = note(id, val, len);
                put(&mut c, id, val, &text).map(|()| {
                    pending.rows.insert(id, (val, text));
                })
            };
            if r.is_err() {
                ok = false;
                break;
            }
        }
        // A nested level rolled back: none of it may survive.
        if ok && rng.chance(6) && env_u64("CRASH_NESTED", 1) == 1 {
            let saved = pending.clone();
            ok = s.begin_transaction().is_ok();
            if ok {
                for _ in 0..1 + rng.below(3) {
                    let id = base + rng.below(40) as i32;
                    if put(&mut c, id, -7, &note(id, -7, 3000)).is_err() {
                        ok = false;
                        break;
                    }
                }
                ok = ok && s.rollback().is_ok();
                pending = saved;
            }
        }
        // A schema change now and then.
        if ok && rng.chance(12) && env_u64("CRASH_DDL", 1) == 1 {
            let r = if pending.tables.is_empty() || rng.chance(2) {
                let name = format!("k{k}n{}", table_seq.fetch_add(1, Ordering::Relaxed));
                let r = spec(&name)
                    .table_def(8192, "crash")
                    .and_then(|def| s.create_table(db, def))
                    .and_then(|_| s.open_table(db, &name))
                    .and_then(|mut c2| put(&mut c2, 1, 1, &note(1, 1, 2000)));
                r.map(|()| {
                    pending.tables.insert(name);
                })
            } else {
                let name = pending.tables.iter().next().cloned().expect("not empty");
                s.delete_table(db, &name).map(|()| {
                    pending.tables.remove(&name);
                })
            };
            ok = r.is_ok();
        }
        if !ok {
            if sim.is_crashed() || s.rollback().is_err() {
                break;
            }
            continue;
        }
        if rng.chance(6) {
            if s.rollback().is_err() {
                break;
            }
            continue;
        }
        oracle.inflight = Some(pending.clone());
        match s.commit_transaction() {
            Ok(_) => {
                oracle.committed = pending;
                oracle.inflight = None;
            }
            Err(_) => break,
        }
        if rng.chance(15)
            && env_u64("CRASH_CKPT", 1) == 1
            && inst.checkpoint().is_err()
            && sim.is_crashed()
        {
            break;
        }
    }
    drop(c);
    drop(s);
    oracle
}

/// Checks one worker's part of the recovered state.
fn check_part(k: usize, o: &WorkerOracle, actual: &Part) -> Result<(), String> {
    if actual == &o.committed || o.inflight.as_ref() == Some(actual) {
        return Ok(());
    }
    let show = |p: &Part| {
        format!(
            "{} rows {:?}.. tables {:?}",
            p.rows.len(),
            p.rows.keys().take(8).collect::<Vec<_>>(),
            p.tables
        )
    };
    Err(format!(
        "session {k}: recovered {}, committed {}, in flight {}",
        show(actual),
        show(&o.committed),
        o.inflight.as_ref().map_or("none".into(), show)
    ))
}

#[derive(Default, Debug, Clone, Copy)]
struct Stats {
    power_cuts: u64,
    commits: u64,
}

/// One seed: `rounds` times, start (recovering), check, run 2–4 workers, crash
/// at a random call or a random moment, cut the power.
fn random_run(seed: u64, rounds: u64, lying: bool, verbose: bool) -> Result<Stats, String> {
    random_run_on(from_template(), seed, rounds, lying, verbose)
}

/// [`random_run`] on the disk `sim`.
fn random_run_on(
    sim: Arc<SimFs>,
    seed: u64,
    rounds: u64,
    lying: bool,
    verbose: bool,
) -> Result<Stats, String> {
    let mut rng = Rng(seed);
    let table_seq = AtomicU64::new(0);
    let mut oracles: Vec<WorkerOracle> = vec![WorkerOracle::default(); 4];
    let mut stats = Stats::default();
    let mut span = 400u64;
    let policies = [
        TearPolicy::Default,
        TearPolicy::AtomicSector,
        TearPolicy::SequentialPrefix,
        TearPolicy::DropAll,
        TearPolicy::KeepAll,
    ];
    for round in 0..=rounds {
        // The disk as the power cut left it, kept until the round's checks pass.
        let before = (round > 0).then(|| (copy_disk(&*sim), oracles.clone()));
        // Each round is a new process: the power cut that ends it ends its
        // threads' calls too.
        let fs: Arc<dyn FileSystem> = if lying {
            Arc::new(LyingFs(Arc::new(sim.process())))
        } else {
            Arc::new(sim.process())
        };
        let started = recover_round(&fs, round, &mut oracles);
        let (inst, db) = match started {
            Ok(x) => x,
            Err(e) => {
                return Err(match before {
                    Some((disk, prior)) if !lying => {
                        format!("{e}\n  {}", keep_image(&disk, seed, round, &prior))
                    }
                    _ => e,
                })
            }
        };
        if round > 0 {
            stats.power_cuts += 1;
        }
        if round == rounds {
            inst.term().map_err(|e| format!("term: {e}"))?;
            break;
        }
        let workers = (2 + rng.below(3) as usize).min(env_u64("CRASH_WORKERS", 4) as usize);
        let txns = 1 + rng.below(6);
        let start = sim.io_count();
        let by_count = rng.chance(2);
        let crash_point = start + 1 + rng.below(span);
        if by_count {
            sim.crash_at(crash_point);
        }
        let wait = Duration::from_micros(rng.below(4_000));
        let policy = policies[rng.below(policies.len() as u64) as usize];
        let policy = match env_u64("CRASH_POLICY", 9) {
            9 => policy,
            p => policies[p as usize],
        };
        let cut_seed = rng.next();
        if verbose {
            println!(
                "round {round}: {workers} workers × {txns} txns, crash {}, {policy:?}",
                if by_count {
                    format!("at call {crash_point}")
                } else {
                    format!("after {wait:?}")
                }
            );
        }
        let results: Vec<std::thread::Result<WorkerOracle>> = std::thread::scope(|sc| {
            let hs: Vec<_> = (0..workers)
                .map(|k| {
                    let (inst, db, sim, o) = (&inst, &db, &*sim, oracles[k].clone());
                    let ts = &table_seq;
                    let s = seed.wrapping_add(round);
                    sc.spawn(move || worker(k, s, inst, db, sim, txns, ts, o))
                })
                .collect();
            if !by_count {
                let t = Instant::now();
                while t.elapsed() < wait && hs.iter().any(|h| !h.is_finished()) {
                    std::thread::sleep(Duration::from_micros(200));
                }
                if !sim.is_crashed() {
                    sim.crash_at(sim.io_count() + 1);
                }
            }
            hs.into_iter().map(|h| h.join()).collect()
        });
        for (k, r) in results.into_iter().enumerate() {
            match r {
                Ok(o) => {
                    stats.commits += 1;
                    oracles[k] = o;
                }
                Err(p) => {
                    return Err(format!(
                        "round {round}: worker {k} panicked: {}",
                        panic_text(p)
                    ))
                }
            }
        }
        span = span.max((sim.io_count() - start) * 5 / 4 + 1);
        kill_and_cut(&sim, (db, inst), cut_seed, policy);
    }
    Ok(stats)
}

/// Starts an instance on the disk (recovering), checks the database and each
/// worker's part against its oracle, and makes the recovered state the oracles'
/// new committed state.
fn recover_round(
    fs: &Arc<dyn FileSystem>,
    round: u64,
    oracles: &mut [WorkerOracle],
) -> Result<(Instance, Database), String> {
    let inst = Instance::with_fs(fs.clone(), opts())
        .map_err(|e| format!("round {round}: recovery: {e}"))?;
    let (db, _) = inst
        .attach_database(DBS[0], false)
        .map_err(|e| format!("round {round}: attach: {e}"))?;
    db.check()
        .map_err(|e| format!("round {round}: check after recovery: {e}"))?;
    let mut tables = BTreeMap::new();
    for name in db.table_names() {
        if !name.starts_with("MSys") {
            tables.insert(name.clone(), rows_of(&db, &name)?);
        }
    }
    for (k, o) in oracles.iter_mut().enumerate() {
        let actual = part_of(k, &tables);
        check_part(k, o, &actual).map_err(|e| format!("round {round}: {e}"))?;
        *o = WorkerOracle {
            committed: actual,
            inflight: None,
        };
    }
    Ok((inst, db))
}

/// Keeps the disk a failed round recovered from: recovers copies of it again
/// (telling whether the failure follows from the disk alone), writes its files
/// under the target's temporary folder, and returns how to replay them.
fn keep_image(disk: &Arc<SimFs>, seed: u64, round: u64, oracles: &[WorkerOracle]) -> String {
    let again: Vec<String> = (0..3)
        .map(|_| {
            let fs: Arc<dyn FileSystem> = copy_disk(&**disk);
            let mut o = oracles.to_vec();
            match catch_unwind(AssertUnwindSafe(|| recover_round(&fs, round, &mut o))) {
                Ok(Ok(_)) => "passes".to_string(),
                Ok(Err(e)) => e,
                Err(p) => format!("panic {}", panic_text(p)),
            }
        })
        .collect();
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("crash-images")
        .join(format!("seed{seed}-round{round}"));
    let saved = save_disk(&**disk, &dir).map_or_else(
        |e| format!("(image not saved: {e})"),
        |()| {
            format!(
                "image: CRASH_IMAGE={} (the oracle is in oracle.txt)",
                dir.display()
            )
        },
    );
    let _ = std::fs::write(dir.join("oracle.txt"), format!("{oracles:#?}"));
    format!("recovering the same disk again: {again:?}\n  {saved}")
}

fn replay_hint(var: &str, seed: u64) -> String {
    format!("replay: {var}={seed} cargo test --release -p ese --test crash_suite -- --nocapture")
}

/// Runs `run` for the seeds `first..first + seeds` on `threads` threads, printing
/// each failure (an error or a panic) with the command that replays it through
/// `replay_var`, and giving each passing seed's result to `tally`. Returns the
/// failed seeds.
fn run_seeds<T>(
    (first, seeds): (u64, u64),
    threads: usize,
    replay_var: &str,
    run: impl Fn(u64) -> Result<T, String> + Sync,
    tally: impl Fn(T) + Sync,
) -> Vec<u64> {
    let failed = Mutex::new(Vec::new());
    let next = AtomicU64::new(first);
    std::thread::scope(|sc| {
        for _ in 0..threads {
            sc.spawn(|| loop {
                let seed = next.fetch_add(1, Ordering::Relaxed);
                if seed >= first + seeds {
                    return;
                }
                match catch_unwind(AssertUnwindSafe(|| run(seed))) {
                    Ok(Ok(r)) => tally(r),
                    Ok(Err(e)) => {
                        println!("FAIL seed {seed}: {e}\n  {}", replay_hint(replay_var, seed));
                        failed.lock().unwrap().push(seed);
                    }
                    Err(p) => {
                        println!(
                            "FAIL seed {seed}: panic {}\n  {}",
                            panic_text(p),
                            replay_hint(replay_var, seed)
                        );
                        failed.lock().unwrap().push(seed);
                    }
                }
            });
        }
    });
    failed.into_inner().unwrap()
}

#[test]
fn random_power_cuts() {
    if let Ok(dir) = std::env::var("CRASH_IMAGE") {
        let disk = load_disk(std::path::Path::new(&dir)).expect("the image loads");
        let fs: Arc<dyn FileSystem> = disk;
        let inst = Instance::with_fs(fs, opts()).expect("recovery");
        let (db, _) = inst.attach_database(DBS[0], false).expect("attach");
        db.check().expect("check after recovery");
        for name in db.table_names() {
            if !name.starts_with("MSys") {
                println!("{name}: {:?}", rows_of(&db, &name));
            }
        }
        return;
    }
    if let Some(seed) = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        let rounds = env_u64("CRASH_ROUNDS", 20);
        let r = random_run(seed, rounds, false, true);
        println!("seed {seed}: {r:?}");
        r.unwrap();
        return;
    }
    let seeds = env_u64("CRASH_SEEDS", 1000);
    let rounds = env_u64("CRASH_ROUNDS", 20);
    let first = env_u64("CRASH_SEED_BASE", 1);
    let t = Instant::now();
    let total = Mutex::new(Stats::default());
    let failed = run_seeds(
        (first, seeds),
        2,
        "CRASH_SEED",
        |seed| random_run(seed, rounds, false, false),
        |s| {
            let mut t = total.lock().unwrap();
            t.power_cuts += s.power_cuts;
            t.commits += s.commits;
        },
    );
    let total = total.into_inner().unwrap();
    println!(
        "random power cuts: seeds {first}..{}, {} power cuts, {} passed seeds, {} failed seeds {:?}, {:.1?}",
        first + seeds,
        total.power_cuts,
        seeds as usize - failed.len(),
        failed.len(),
        failed,
        t.elapsed()
    );
    assert!(failed.is_empty(), "failing seeds: {failed:?}");
}

/// The random power cuts on a database whose long-value tree is three levels
/// deep ([`deep_template`]): the workers' long values are appended at its right
/// edge, and rollbacks and recovery's undo take the newest away again, which
/// releases pages on that edge (the suite's own small trees stay two levels
/// deep). `CRASH_DEEP_SEEDS` scales it; `CRASH_DEEP_SEED` replays one seed.
#[test]
fn random_power_cuts_on_deep_trees() {
    let rounds = env_u64("CRASH_ROUNDS", 20);
    if let Some(seed) = std::env::var("CRASH_DEEP_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        let r = random_run_on(from_deep_template(), seed, rounds, false, true);
        println!("seed {seed}: {r:?}");
        r.unwrap();
        return;
    }
    let seeds = env_u64("CRASH_DEEP_SEEDS", 40);
    let first = env_u64("CRASH_SEED_BASE", 1);
    let t = Instant::now();
    deep_template();
    let cuts = AtomicU64::new(0);
    let failed = run_seeds(
        (first, seeds),
        2,
        "CRASH_DEEP_SEED",
        |seed| random_run_on(from_deep_template(), seed, rounds, false, false),
        |s| {
            cuts.fetch_add(s.power_cuts, Ordering::Relaxed);
        },
    );
    println!(
        "random power cuts on deep trees: seeds {first}..{}, {} power cuts, {} failed seeds {:?}, {:.1?}",
        first + seeds,
        cuts.into_inner(),
        failed.len(),
        failed,
        t.elapsed()
    );
    assert!(failed.is_empty(), "failing seeds: {failed:?}");
}

// ------------------------------------------------------------ (e) teeth

#[test]
fn the_checks_catch_a_disk_that_lies() {
    // Syncs that do nothing lose acknowledged commits at a power cut that
    // drops what was not synced; the same checks must say so.
    let mut caught = 0;
    for seed in 1..=20u64 {
        let r = catch_unwind(AssertUnwindSafe(|| random_run(seed, 4, true, false)));
        if !matches!(r, Ok(Ok(_))) {
            caught += 1;
        }
    }
    println!("lying disk: caught by {caught} of 20 seeds");
    assert!(caught > 0, "the checks never noticed lost commits");
    // And the same seeds pass on an honest disk.
    for seed in 1..=3u64 {
        random_run(seed, 4, false, false).unwrap();
    }
}

const TEARS: [TearPolicy; 3] = [
    TearPolicy::Default,
    TearPolicy::SequentialPrefix,
    TearPolicy::DropAll,
];

/// Runs `scenario` on a fresh disk, crashing at call `at` (counted from the
/// scenario's start; `None` runs it whole), cuts the power with `tear`,
/// recovers and checks. Returns how many calls the scenario made.
fn sweep_point(scenario: &Scenario, at: Option<u64>, tear: usize) -> Result<u64, String> {
    let (sim, model) = disk_for(scenario);
    let fs = process_fs(&sim);
    let base = sim.io_count();
    if let Some(n) = at {
        sim.crash_at(base + n);
    }
    let mut w = match World::start(fs.clone(), model.clone()) {
        Ok(w) => w,
        Err(e) if sim.is_crashed() => {
            let _ = e;
            kill_and_cut(&sim, (), at.unwrap_or(0), TEARS[tear]);
            let cands = Candidates::new(model);
            let (_, inst, dbs) = recover_and_check(&process_fs(&sim), &cands)?;
            drop(dbs);
            inst.term().map_err(|e| format!("term: {e}"))?;
            return Ok(0);
        }
        Err(e) => return Err(format!("start: {e}")),
    };
    let r = w.run(&scenario.ops);
    let used = sim.io_count() - base;
    match (&r, at) {
        (Err(e), None) => return Err(format!("uncrashed run failed: {e}")),
        (Err(e), Some(_)) if !sim.is_crashed() => {
            return Err(format!("an op failed before the crash point: {e}"))
        }
        _ => {}
    }
    let cands = w.cands.clone();
    kill_and_cut(
        &sim,
        w.handles(),
        at.unwrap_or(0).wrapping_mul(7919),
        TEARS[tear],
    );
    let (_, inst, dbs) = recover_and_check(&process_fs(&sim), &cands)?;
    drop(dbs);
    inst.term()
        .map_err(|e| format!("term after recovery: {e}"))?;
    Ok(used)
}

#[test]
// The indices are the replay knobs printed on failure.
#[allow(clippy::needless_range_loop)]
fn sweep_every_crash_point() {
    let only = std::env::var("CRASH_SCENARIO").ok();
    let all = scenarios();
    assert!(all.len() >= 30);
    if let (Some(name), Some(at)) = (&only, std::env::var("CRASH_AT").ok()) {
        let s = all
            .iter()
            .find(|s| s.name == name)
            .expect("a scenario of that name");
        let at: u64 = at.parse().unwrap();
        let tear = env_u64("CRASH_TEAR", 0) as usize;
        let r = sweep_point(s, Some(at), tear);
        println!("{name} at {at} {:?}: {r:?}", TEARS[tear]);
        r.unwrap();
        return;
    }
    let t = Instant::now();
    let jobs: Vec<&Scenario> = all
        .iter()
        .filter(|s| only.as_ref().is_none_or(|n| n == s.name))
        .collect();
    let points = AtomicU64::new(0);
    let failed = Mutex::new(Vec::new());
    let next = AtomicU64::new(0);
    std::thread::scope(|sc| {
        for _ in 0..2 {
            sc.spawn(|| loop {
                let j = next.fetch_add(1, Ordering::Relaxed) as usize;
                let Some(s) = jobs.get(j) else { return };
                let count = match sweep_point(s, None, 0) {
                    Ok(c) => c,
                    Err(e) => {
                        println!("FAIL scenario {} uncrashed: {e}", s.name);
                        failed.lock().unwrap().push((s.name, 0, 0));
                        continue;
                    }
                };
                let mut fails = 0;
                for n in 1..=count + 1 {
                    for tear in 0..TEARS.len() {
                        let r = catch_unwind(AssertUnwindSafe(|| sweep_point(s, Some(n), tear)))
                            .unwrap_or_else(|p| Err(format!("panic: {}", panic_text(p))));
                        points.fetch_add(1, Ordering::Relaxed);
                        if let Err(e) = r {
                            fails += 1;
                            if fails <= 3 {
                                println!(
                                    "FAIL {} at call {n} {:?}: {e}\n  replay: CRASH_SCENARIO={} CRASH_AT={n} CRASH_TEAR={tear} cargo test --release -p ese --test crash_suite sweep -- --nocapture",
                                    s.name, TEARS[tear], s.name
                                );
                            }
                            failed.lock().unwrap().push((s.name, n, tear));
                        }
                    }
                }
                if fails > 3 {
                    println!("  ... {} had {fails} failing points", s.name);
                }
            });
        }
    });
    let failed = failed.into_inner().unwrap();
    let names: BTreeSet<&str> = failed.iter().map(|f| f.0).collect();
    println!(
        "sweep: {} scenarios, {} crash points × tears run, {} failed in {names:?}, {:.1?}",
        jobs.len(),
        points.load(Ordering::Relaxed),
        failed.len(),
        t.elapsed()
    );
    assert!(failed.is_empty());
}

/// Points of the sweep that once failed, each with the fix it checks.
#[test]
fn regression_points() {
    let all = scenarios();
    let points: [(&str, u64, usize); 6] = [
        // A torn page whose new header claimed a dbtime past its logged image.
        ("checkpoint", 45, 0),
        ("checkpoint", 46, 1),
        // A database created just before the crash: header only.
        ("create_db", 41, 0),
        ("create_db", 42, 0),
        ("two_databases", 50, 0),
        ("two_databases_detach_one", 48, 0),
    ];
    for (name, at, tear) in points {
        let s = all.iter().find(|s| s.name == name).unwrap();
        sweep_point(s, Some(at), tear).unwrap_or_else(|e| panic!("{name} at {at}: {e}"));
    }
    // The attach of a database: its header is marked dirty only after its
    // attach record is durable (else JET_errDatabaseDirtyShutdown for ever).
    let s = all.iter().find(|s| s.name == "one_insert").unwrap();
    for at in 15..=45 {
        for tear in 0..TEARS.len() {
            sweep_point(s, Some(at), tear).unwrap_or_else(|e| panic!("one_insert at {at}: {e}"));
        }
    }
    // Long values rewritten across log generations: a torn page that kept its new
    // header and passed its checksum (a lost sector of repeating text) must be
    // rebuilt from its logged image, not read back with zeros. The crash points
    // move by a few calls with the background threads, so the whole stretch runs.
    // An index built in several steps: a crash before its last step must find the
    // new tree in undo information logged with its root, or its pages leak.
    let s = all.iter().find(|s| s.name == "delete_index").unwrap();
    for at in 55..=70 {
        for tear in 0..TEARS.len() {
            sweep_point(s, Some(at), tear).unwrap_or_else(|e| panic!("delete_index at {at}: {e}"));
        }
    }
    let s = all.iter().find(|s| s.name == "many_generations").unwrap();
    for at in 86..=160 {
        sweep_point(s, Some(at), 0).unwrap_or_else(|e| panic!("many_generations at {at}: {e}"));
    }
    // The same torn page in the database detached after its commit.
    let s = all
        .iter()
        .find(|s| s.name == "two_databases_detach_one")
        .unwrap();
    for at in 86..=95 {
        for tear in 0..2 {
            sweep_point(s, Some(at), tear)
                .unwrap_or_else(|e| panic!("two_databases_detach_one at {at}: {e}"));
        }
    }
}

/// The first checkpoint write of a new log stream fails: the instance that
/// follows must still start (from the oldest generation), not fail with
/// `JET_errCheckpointCorrupt` for ever.
#[test]
fn a_failed_first_checkpoint_write_does_not_block_the_next_start() {
    for kind in [FaultKind::Eio, FaultKind::DiskFull] {
        let sim = Arc::new(SimFs::new());
        sim.inject(Fault::new(FaultOp::Write, 1, kind).on_path("edb.chk"));
        let r = Instance::with_fs(process_fs(&sim), opts());
        assert!(r.is_err(), "the failed checkpoint write is reported");
        sim.clear_faults();
        kill_and_cut(&sim, r, 1, TearPolicy::KeepAll);
        let inst = Instance::with_fs(process_fs(&sim), opts()).expect("the next start recovers");
        let db = inst
            .create_database(DBS[0], CreateOptions::default())
            .unwrap();
        db.check().unwrap();
        drop(db);
        inst.term().unwrap();
    }
}

// ------------------------------------------- (c) crashes during recovery

/// One seed: a workload crashed at a random call and cut, then chains of one
/// to three crashes at random calls of the recovery itself (each followed by a
/// power cut), then a full recovery checked against the workload's oracle.
/// Returns how many crashes landed inside recovery.
fn recovery_crash_run(seed: u64, chains: u64) -> Result<u64, String> {
    let mut rng = Rng(seed ^ 0xC0FFEE);
    let sim = from_template();
    let table_seq = AtomicU64::new(0);
    let oracles = {
        let inst =
            Instance::with_fs(process_fs(&sim), opts()).map_err(|e| format!("start: {e}"))?;
        let (db, _) = inst
            .attach_database(DBS[0], false)
            .map_err(|e| format!("attach: {e}"))?;
        let workers = 2 + rng.below(2) as usize;
        let start = sim.io_count();
        sim.crash_at(start + 50 + rng.below(400));
        let txns = 3 + rng.below(8);
        let results: Vec<_> = std::thread::scope(|sc| {
            let hs: Vec<_> = (0..workers)
                .map(|k| {
                    let (inst, db, sim, ts) = (&inst, &db, &*sim, &table_seq);
                    sc.spawn(move || {
                        worker(k, seed, inst, db, sim, txns, ts, WorkerOracle::default())
                    })
                })
                .collect();
            hs.into_iter().map(|h| h.join()).collect()
        });
        let mut oracles = Vec::new();
        for r in results {
            oracles.push(r.map_err(|p| format!("worker panicked: {}", panic_text(p)))?);
        }
        kill_and_cut(&sim, (db, inst), rng.next(), TearPolicy::Default);
        oracles
    };
    // The disk as the crash left it, and how many calls its recovery makes.
    let image = copy_disk(&*sim);
    let probe = copy_disk(&*image);
    let c0 = probe.io_count();
    check_recovered(&(probe.clone() as Arc<dyn FileSystem>), &oracles)?;
    let count = probe.io_count() - c0;
    let mut crashes = 0;
    for chain in 0..chains {
        let disk = copy_disk(&*image);
        for _ in 0..1 + rng.below(3) {
            disk.crash_at(disk.io_count() + 1 + rng.below(count));
            let fs = process_fs(&disk);
            let r = catch_unwind(AssertUnwindSafe(|| Instance::with_fs(fs, opts())))
                .map_err(|p| format!("chain {chain}: recovery panicked: {}", panic_text(p)))?;
            let attached = r.as_ref().ok().map(|i| i.attach_database(DBS[0], false));
            if disk.is_crashed() {
                crashes += 1;
            }
            let policy = [
                TearPolicy::Default,
                TearPolicy::SequentialPrefix,
                TearPolicy::DropAll,
            ][rng.below(3) as usize];
            kill_and_cut(&disk, (attached, r), rng.next(), policy);
        }
        check_recovered(&process_fs(&disk), &oracles).map_err(|e| format!("chain {chain}: {e}"))?;
    }
    Ok(crashes)
}

/// Recovers `fs` and checks every worker's part against its oracle.
fn check_recovered(fs: &Arc<dyn FileSystem>, oracles: &[WorkerOracle]) -> Result<(), String> {
    let inst = Instance::with_fs(fs.clone(), opts()).map_err(|e| format!("recovery: {e}"))?;
    let (db, _) = inst
        .attach_database(DBS[0], false)
        .map_err(|e| format!("attach: {e}"))?;
    db.check()
        .map_err(|e| format!("check after recovery: {e}"))?;
    let mut tables = BTreeMap::new();
    for name in db.table_names() {
        if !name.starts_with("MSys") {
            tables.insert(name.clone(), rows_of(&db, &name)?);
        }
    }
    for (k, o) in oracles.iter().enumerate() {
        check_part(k, o, &part_of(k, &tables))?;
    }
    drop(db);
    inst.term().map_err(|e| format!("term: {e}"))
}

#[test]
fn crashes_during_recovery() {
    let chains = 10;
    if let Some(seed) = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        let r = recovery_crash_run(seed, chains);
        println!("seed {seed}: {r:?}");
        r.unwrap();
        return;
    }
    let seeds = env_u64("CRASH_RECOVERY_SEEDS", 250);
    let first = env_u64("CRASH_SEED_BASE", 1);
    let t = Instant::now();
    let crashes = AtomicU64::new(0);
    let failed = run_seeds(
        (first, seeds),
        1,
        "CRASH_SEED",
        |seed| recovery_crash_run(seed, chains),
        |n| {
            crashes.fetch_add(n, Ordering::Relaxed);
        },
    );
    println!(
        "crashes during recovery: seeds {first}..{}, {} crashes inside recovery, {} failed seeds {failed:?}, {:.1?}",
        first + seeds,
        crashes.load(Ordering::Relaxed),
        failed.len(),
        t.elapsed()
    );
    assert!(failed.is_empty());
    assert!(seeds < 200 || crashes.load(Ordering::Relaxed) >= 2000);
}

// ------------------------------------------------- (d) injected I/O errors

/// The faults tried at every call.
const FAULTS: [(&str, FaultKind, bool); 3] = [
    ("transient EIO", FaultKind::Eio, false),
    ("persistent EIO", FaultKind::Eio, true),
    ("disk full", FaultKind::DiskFull, true),
];

/// Runs `scenario` with fault `f` at its `n`th call: every op goes on after an
/// error (a failed transaction is rolled back and skipped). Then the process
/// ends, the faults are cleared, and a new instance must recover every
/// acknowledged commit. Returns whether an op saw an error.
fn fault_point(scenario: &Scenario, n: u64, f: usize) -> Result<bool, String> {
    let (sim, model) = disk_for(scenario);
    let fs = process_fs(&sim);
    let (_, kind, persistent) = FAULTS[f];
    let fault = Fault::new(FaultOp::Any, n, kind);
    sim.inject(if persistent {
        fault.persistent()
    } else {
        fault
    });
    let mut saw_error = false;
    let mut w = match World::start(fs.clone(), model.clone()) {
        Ok(w) => w,
        Err(_) => {
            sim.clear_faults();
            kill_and_cut(&sim, (), n, TearPolicy::KeepAll);
            let (_, inst, dbs) = recover_and_check(&process_fs(&sim), &Candidates::new(model))?;
            drop(dbs);
            inst.term().map_err(|e| format!("term: {e}"))?;
            return Ok(true);
        }
    };
    let mut skipping = false;
    let mut depth = 0usize;
    for &op in &scenario.ops {
        match op {
            Begin => depth += 1,
            Commit | Rollback => depth = depth.saturating_sub(1),
            _ => {}
        }
        if skipping {
            if depth == 0 {
                skipping = false;
            }
            continue;
        }
        if w.step(op).is_err() {
            saw_error = true;
            if !w.saved.is_empty() || matches!(op, Commit | Rollback) {
                // The transaction is over: rolled back here, or its commit
                // failed (then it stays a candidate, all or nothing).
                let _ = w.s.as_ref().map(|s| s.rollback_all());
                if let Some(m) = w.saved.first().cloned() {
                    w.pending = m;
                }
                w.saved.clear();
                skipping = depth > 0;
            }
            if matches!(op, Restart) && w.inst.is_none() {
                break;
            }
        }
    }
    // A clean end if the instance still works; then the process ends.
    if let Some(inst) = &w.inst {
        w.s = None;
        let _ = inst.term();
    }
    let cands = w.cands.clone();
    sim.clear_faults();
    kill_and_cut(&sim, w.handles(), n, TearPolicy::KeepAll);
    let (_, inst, dbs) = recover_and_check(&process_fs(&sim), &cands)?;
    drop(dbs);
    inst.term()
        .map_err(|e| format!("term after recovery: {e}"))?;
    Ok(saw_error)
}

/// Injected faults that once failed, each with the fix it checks.
#[test]
fn injected_fault_regression_points() {
    let all = scenarios();
    let points: [(&str, u64, usize); 7] = [
        // A transient EIO on the header an attach marks dirty: the instance went
        // on and its term logged a clean end over the dirty file.
        ("detach_attach", 72, 0),
        ("detach_attach", 73, 0),
        // A transient EIO on a page written at term: a second term logged a
        // clean end over the database the first could not close.
        ("clean_term_restart", 44, 0),
        ("clean_term_restart", 45, 0),
        ("clean_term_restart", 46, 0),
        ("clean_term_restart", 47, 0),
        ("clean_term_restart", 48, 0),
    ];
    for (name, n, f) in points {
        let s = all.iter().find(|s| s.name == name).unwrap();
        fault_point(s, n, f).unwrap_or_else(|e| panic!("{name} with fault {f} at {n}: {e}"));
    }
}

#[test]
// The indices are the replay knobs printed on failure.
#[allow(clippy::needless_range_loop)]
fn injected_io_errors_at_every_call() {
    if let (Some(name), Some(n)) = (
        std::env::var("CRASH_SCENARIO").ok(),
        std::env::var("CRASH_FAULT_AT").ok(),
    ) {
        let s = scenarios().into_iter().find(|s| s.name == name).unwrap();
        let f = env_u64("CRASH_FAULT", 0) as usize;
        let r = fault_point(&s, n.parse().unwrap(), f);
        println!("{name} with {} at call {n}: {r:?}", FAULTS[f].0);
        r.unwrap();
        return;
    }
    let names = [
        "inserts_in_three_txns",
        "long_values",
        "rollback",
        "checkpoint",
        "create_table_rolled_back",
        "detach_attach",
        "clean_term_restart",
        "create_db_then_commit",
        "online_defragmentation",
    ];
    let all = scenarios();
    let t = Instant::now();
    let mut runs = 0u64;
    let mut errors_seen = 0u64;
    let mut failed = Vec::new();
    for name in names {
        let s = all.iter().find(|s| s.name == name).unwrap();
        let count = sweep_point(s, None, 0).unwrap();
        let mut fails = 0;
        for n in 1..=count {
            for f in 0..FAULTS.len() {
                runs += 1;
                let r = catch_unwind(AssertUnwindSafe(|| fault_point(s, n, f)))
                    .unwrap_or_else(|p| Err(format!("panic: {}", panic_text(p))));
                match r {
                    Ok(saw) => errors_seen += u64::from(saw),
                    Err(e) => {
                        fails += 1;
                        if fails <= 3 {
                            println!(
                                "FAIL {name} with {} at call {n}: {e}\n  replay: CRASH_SCENARIO={name} CRASH_FAULT_AT={n} CRASH_FAULT={f} cargo test --release -p ese --test crash_suite injected -- --nocapture",
                                FAULTS[f].0
                            );
                        }
                        failed.push((name, n, f));
                    }
                }
            }
        }
    }
    println!(
        "injected faults: {} scenarios, {runs} runs, {errors_seen} saw the error, {} failed, {:.1?}",
        names.len(),
        failed.len(),
        t.elapsed()
    );
    assert!(failed.is_empty(), "{failed:?}");
}
