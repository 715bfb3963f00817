//! Side-by-side export benchmark: `eseutil export` of every table of a database
//! against Debian's `esedbexport` (libesedb-utils) on the same file, in one run,
//! interleaved. Prints a table of medians (min–max) and the speed ratio.
//!
//! Run: `cargo bench -p ese-util --bench export` (needs `esedbexport` on PATH;
//! `ESE_BENCH_DB` picks another database, `ESE_BENCH_RUNS` the repetitions).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn samples_dir() -> PathBuf {
    std::env::var("ESE_SAMPLES")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/testdata/ese-samples")
        })
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn time(mut cmd: Command) -> f64 {
    let t = Instant::now();
    let out = cmd.output().expect("run");
    let secs = t.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    secs
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let work = std::env::temp_dir().join(format!("ese-bench-export-{}", std::process::id()));
    std::fs::create_dir_all(&work).unwrap();
    let db = match std::env::var("ESE_BENCH_DB") {
        Ok(p) => PathBuf::from(p),
        Err(_) => {
            let gz = samples_dir().join("Windows.edb.gz");
            let mut data = Vec::new();
            flate2::read::GzDecoder::new(std::fs::File::open(&gz).expect("Windows.edb.gz"))
                .read_to_end(&mut data)
                .unwrap();
            let p = work.join("Windows.edb");
            std::fs::write(&p, data).unwrap();
            p
        }
    };
    let runs: usize = std::env::var("ESE_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let eseutil = env!("CARGO_BIN_EXE_eseutil");
    let has_esedbexport = Command::new("esedbexport").arg("-h").output().is_ok();
    let size = std::fs::metadata(&db).unwrap().len() as f64 / 1e6;
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for i in 0..runs {
        let out = work.join(format!("ours-{i}"));
        let mut c = Command::new(eseutil);
        c.arg("export").arg(&db).arg("--out").arg(&out);
        ours.push(time(c));
        let _ = std::fs::remove_dir_all(&out);
        if has_esedbexport {
            let target = work.join(format!("theirs-{i}"));
            let mut c = Command::new("esedbexport");
            c.arg("-t").arg(&target).arg(&db);
            theirs.push(time(c));
            let _ = std::fs::remove_dir_all(work.join(format!("theirs-{i}.export")));
        }
    }
    let row = |name: &str, v: &[f64]| {
        let min = v.iter().cloned().fold(f64::INFINITY, f64::min);
        let max = v.iter().cloned().fold(0.0, f64::max);
        let m = median(v.to_vec());
        println!(
            "| {name:<22} | {:>9.3} s ({min:.3}–{max:.3}) | {:>8.1} MB/s |",
            m,
            size / m
        );
        m
    };
    println!(
        "database: {} ({size:.1} MB), {runs} runs each, interleaved",
        db.display()
    );
    println!("| tool                   | median (min–max)          | throughput  |");
    println!("| ---------------------- | ------------------------- | ----------- |");
    let a = row("eseutil export", &ours);
    if has_esedbexport {
        let b = row("esedbexport (libesedb)", &theirs);
        println!("eseutil is {:.1}x faster than esedbexport", b / a);
    } else {
        println!("esedbexport not found: install libesedb-utils to compare");
    }
    let _ = std::fs::remove_dir_all(&work);
}
