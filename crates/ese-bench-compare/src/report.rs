//! Measurements and what is printed from them: the table of medians (min–max) with each
//! engine's ratio to the best peer, and the JSON lines.
//!
//! What must hold: every figure printed is computed from the measurements of this run; a line
//! an engine did not produce shows as `n/a`; the ratio reads the same way on every line, for
//! times and sizes (lower is better) as for rates (higher is better): above 1 means behind the
//! best peer (slower, bigger, fewer per second), below 1 ahead of it. Lines that are the disk's
//! own figures or ratios of an engine's figures to each other show no ratio to the peers.

use std::fmt::Write as _;

/// One measurement of one engine on one workload in one repetition.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    /// Engine name.
    pub engine: String,
    /// Workload (line) name.
    pub workload: &'static str,
    /// Repetition, from 1.
    pub rep: usize,
    /// The figure.
    pub value: f64,
    /// Its unit.
    pub unit: &'static str,
    /// Records or lookups it covered, each checked.
    pub ops: u64,
}

/// Which way a line's figures are better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    /// Times, sizes, latencies.
    Lower,
    /// Rates.
    Higher,
    /// Not compared with the peers (the disk's own latency, an engine's ratio of two of its
    /// figures).
    Neither,
}

/// The lines of the table, in order: workload, unit, what it is, which way is better.
pub const LINES: [(&str, &str, &str, Better); 51] = [
    ("load_seq", "s", "load, keys in order", Better::Lower),
    ("load_rand", "s", "load, random keys", Better::Lower),
    ("read", "us/op", "point read (warm)", Better::Lower),
    ("scan", "s", "ordered scan", Better::Lower),
    ("index_build", "s", "secondary-index build", Better::Lower),
    (
        "index_read",
        "us/op",
        "lookup through the index",
        Better::Lower,
    ),
    ("size_seq", "MiB", "file size, ordered load", Better::Lower),
    ("size_rand", "MiB", "file size, random load", Better::Lower),
    (
        "conc_read",
        "reads/s",
        "concurrent: reads, 7 readers (higher is better)",
        Better::Higher,
    ),
    (
        "conc_read_p99",
        "us",
        "concurrent: p99 read latency",
        Better::Lower,
    ),
    (
        "conc_write",
        "commits/s",
        "concurrent: update commits, 1 writer (higher is better)",
        Better::Higher,
    ),
    (
        "conc_write_p99",
        "us",
        "concurrent: p99 update-and-commit latency",
        Better::Lower,
    ),
    (
        "fsync_p50",
        "us",
        "durable: raw append + fdatasync, median (the disk, just before the engine)",
        Better::Neither,
    ),
    (
        "fsync_p99",
        "us",
        "durable: raw append + fdatasync, p99",
        Better::Neither,
    ),
    (
        "fsync_pre_p50",
        "us",
        "durable: overwrite in a pre-written file + fdatasync, median",
        Better::Neither,
    ),
    (
        "fsync_pre_p99",
        "us",
        "durable: overwrite in a pre-written file + fdatasync, p99",
        Better::Neither,
    ),
    (
        "commit_p50",
        "us",
        "durable: 1-record durable commit, median",
        Better::Lower,
    ),
    (
        "commit_p99",
        "us",
        "durable: 1-record durable commit, p99",
        Better::Lower,
    ),
    (
        "commit_p50_fsync",
        "x",
        "durable: commit median / fdatasync median",
        Better::Neither,
    ),
    (
        "commit_p99_fsync",
        "x",
        "durable: commit p99 / fdatasync p99",
        Better::Neither,
    ),
    (
        "commit_p50_fsync_pre",
        "x",
        "durable: commit median / overwrite fdatasync median",
        Better::Neither,
    ),
    (
        "group_1",
        "commits/s",
        "durable: commits, 1 thread (higher is better)",
        Better::Higher,
    ),
    (
        "group_8",
        "commits/s",
        "durable: commits, 8 threads (higher is better)",
        Better::Higher,
    ),
    (
        "group_scaling",
        "x",
        "durable: 8 threads / 1 thread",
        Better::Neither,
    ),
    (
        "bulk_lazy",
        "records/s",
        "durable: bulk load, lazy commits (higher is better)",
        Better::Higher,
    ),
    (
        "replay_log",
        "MiB",
        "recovery: log past the checkpoint",
        Better::Neither,
    ),
    (
        "replay_images",
        "MiB",
        "recovery: of which whole-page images",
        Better::Neither,
    ),
    (
        "replay_s",
        "s",
        "recovery: time of Instance::new (replay)",
        Better::Neither,
    ),
    (
        "replay_rate",
        "MiB/s",
        "recovery: log replayed per second (higher is better)",
        Better::Higher,
    ),
    (
        "bk_load",
        "records/s",
        "backup: load of the data set, lazy commits (higher is better)",
        Better::Higher,
    ),
    (
        "bk_db",
        "MiB",
        "backup: database folder after the load",
        Better::Lower,
    ),
    (
        "bk_idle_cps",
        "commits/s",
        "backup: writer's durable commits, no backup (higher is better)",
        Better::Higher,
    ),
    (
        "bk_idle_worst",
        "ms",
        "backup: writer's worst commit, no backup",
        Better::Lower,
    ),
    (
        "bk_cp_mbs",
        "MB/s",
        "backup: cp + fsync of the database files (the disk's figure)",
        Better::Neither,
    ),
    (
        "bk_cp_cps",
        "commits/s",
        "backup: writer's commits during cp",
        Better::Neither,
    ),
    (
        "bk_cp_ratio",
        "x",
        "backup: writer during cp / without",
        Better::Neither,
    ),
    (
        "bk_cp_worst",
        "ms",
        "backup: writer's worst commit during cp",
        Better::Neither,
    ),
    (
        "bk_cp_cpu",
        "s",
        "backup: CPU seconds of the process during cp",
        Better::Neither,
    ),
    (
        "bk_cpa_mbs",
        "MB/s",
        "backup: cp + fsync again, after the online backups",
        Better::Neither,
    ),
    (
        "bk_cpa_ratio",
        "x",
        "backup: writer during that cp / without",
        Better::Neither,
    ),
    (
        "bk_cpa_worst",
        "ms",
        "backup: writer's worst commit during that cp",
        Better::Neither,
    ),
    (
        "bk_on_mbs",
        "MB/s",
        "backup: online backup (higher is better)",
        Better::Higher,
    ),
    (
        "bk_on_cps",
        "commits/s",
        "backup: writer's commits during it (higher is better)",
        Better::Higher,
    ),
    (
        "bk_on_ratio",
        "x",
        "backup: writer during it / without (higher is better)",
        Better::Higher,
    ),
    (
        "bk_on_worst",
        "ms",
        "backup: writer's worst commit during it",
        Better::Lower,
    ),
    ("bk_on_size", "MiB", "backup: the set", Better::Lower),
    (
        "bk_on_cpu",
        "s",
        "backup: CPU seconds of the process during it (writer included)",
        Better::Lower,
    ),
    (
        "bk_on2_mbs",
        "MB/s",
        "backup: second online backup (RocksDB BackupEngine; higher is better)",
        Better::Higher,
    ),
    (
        "bk_on2_ratio",
        "x",
        "backup: writer during it / without (higher is better)",
        Better::Higher,
    ),
    (
        "bk_on2_worst",
        "ms",
        "backup: writer's worst commit during it",
        Better::Lower,
    ),
    (
        "bk_on2_cpu",
        "s",
        "backup: CPU seconds of the process during it (writer included)",
        Better::Lower,
    ),
];

/// The engine whose figures are compared against the peers.
pub const SUBJECT: &str = "ese";

impl Measurement {
    /// The measurement as one JSON object (no trailing newline).
    pub fn json(&self) -> String {
        format!(
            "{{\"engine\":\"{}\",\"workload\":\"{}\",\"rep\":{},\"value\":{},\"unit\":\"{}\",\"ops\":{}}}",
            escape(&self.engine),
            self.workload,
            self.rep,
            json_number(self.value),
            self.unit,
            self.ops
        )
    }
}

fn escape(s: &str) -> String {
    s.chars()
        .flat_map(|c| match c {
            '"' => vec!['\\', '"'],
            '\\' => vec!['\\', '\\'],
            c => vec![c],
        })
        .collect()
}

fn json_number(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        "null".into()
    }
}

/// Median, min and max of a non-empty sample.
pub fn summary(values: &[f64]) -> Option<(f64, f64, f64)> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let median = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    Some((median, v[0], v[n - 1]))
}

/// A figure with three significant digits (more for figures of 1,000 and above).
pub fn fmt_figure(v: f64) -> String {
    let a = v.abs();
    if a == 0.0 || !a.is_finite() {
        return format!("{v}");
    }
    let digits = 2 - a.log10().floor() as i32;
    format!("{v:.*}", digits.clamp(0, 9) as usize)
}

/// The markdown table: one row per line, one column per engine. Each cell: median
/// (min–max), then the ratio to the best peer's median (`SUBJECT` not counted), turned so
/// that above 1 is behind on every line.
pub fn table(measurements: &[Measurement], engines: &[&str]) -> String {
    let mut out = String::new();
    let _ = write!(out, "| line | unit |");
    for e in engines {
        let _ = write!(out, " {e} |");
    }
    out.push('\n');
    out.push_str("| --- | --- |");
    for _ in engines {
        out.push_str(" --- |");
    }
    out.push('\n');
    for (workload, unit, what, better) in LINES {
        let stats: Vec<Option<(f64, f64, f64)>> = engines
            .iter()
            .map(|e| {
                let v: Vec<f64> = measurements
                    .iter()
                    .filter(|m| m.engine == *e && m.workload == workload)
                    .map(|m| m.value)
                    .collect();
                summary(&v)
            })
            .collect();
        if stats.iter().all(Option::is_none) {
            continue;
        }
        let best_peer = engines
            .iter()
            .zip(&stats)
            .filter(|(e, _)| **e != SUBJECT)
            .filter_map(|(_, s)| s.map(|s| s.0))
            .filter(|_| better != Better::Neither)
            .fold(None, |best: Option<f64>, m| {
                Some(best.map_or(m, |b| match better {
                    Better::Lower | Better::Neither => b.min(m),
                    Better::Higher => b.max(m),
                }))
            });
        let _ = write!(out, "| {what} | {unit} |");
        for s in &stats {
            match s {
                None => out.push_str(" n/a |"),
                Some((med, min, max)) => {
                    let _ = write!(
                        out,
                        " {} ({}–{})",
                        fmt_figure(*med),
                        fmt_figure(*min),
                        fmt_figure(*max)
                    );
                    if let Some(b) = best_peer.filter(|b| *b > 0.0) {
                        let ratio = match better {
                            Better::Lower | Better::Neither => med / b,
                            Better::Higher => b / med,
                        };
                        let _ = write!(out, " **{ratio:.2}×**");
                    }
                    out.push_str(" |");
                }
            }
        }
        out.push('\n');
    }
    out
}

/// The median of `workload` for `engine`, if it ran.
fn median(measurements: &[Measurement], engine: &str, workload: &str) -> Option<f64> {
    let v: Vec<f64> = measurements
        .iter()
        .filter(|m| m.engine == engine && m.workload == workload)
        .map(|m| m.value)
        .collect();
    summary(&v).map(|s| s.0)
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "NOT met"
    }
}

/// The durable workloads' targets for [`SUBJECT`] (issue 7), each met or not, from the
/// medians; empty when the durable workloads did not run.
pub fn durable_targets(measurements: &[Measurement], engines: &[&str]) -> String {
    let mut out = String::new();
    let Some(ratio) = median(measurements, SUBJECT, "commit_p50_fsync") else {
        return out;
    };
    let _ = writeln!(
        out,
        "- durable commit median <= 1.2x raw fdatasync median: {ratio:.2}x, {}",
        verdict(ratio <= 1.2)
    );
    if let Some(pre) = median(measurements, SUBJECT, "commit_p50_fsync_pre") {
        let _ = writeln!(
            out,
            "  (against an overwrite + fdatasync in a pre-written file: {pre:.2}x)"
        );
    }
    if let Some(own) = median(measurements, SUBJECT, "commit_p50") {
        let peers: Vec<(&str, f64)> = engines
            .iter()
            .filter(|e| **e != SUBJECT)
            .filter_map(|e| median(measurements, e, "commit_p50").map(|m| (*e, m)))
            .collect();
        let list: Vec<String> = peers
            .iter()
            .map(|(e, m)| format!("{e} {}", fmt_figure(*m)))
            .collect();
        let _ = writeln!(
            out,
            "- durable commit faster than every peer: {} us against {}: {}",
            fmt_figure(own),
            list.join(", "),
            verdict(peers.iter().all(|(_, m)| own < *m))
        );
    }
    if let Some(scaling) = median(measurements, SUBJECT, "group_scaling") {
        let _ = writeln!(
            out,
            "- group commit 8 threads >= 4x 1 thread: {scaling:.2}x, {}",
            verdict(scaling >= 4.0)
        );
    }
    if let Some(own) = median(measurements, SUBJECT, "bulk_lazy") {
        match median(measurements, "rocksdb", "bulk_lazy") {
            Some(rocks) => {
                let _ = writeln!(
                    out,
                    "- lazy bulk load ahead of RocksDB sync=false: {} against {} records/s, {}",
                    fmt_figure(own),
                    fmt_figure(rocks),
                    verdict(own > rocks)
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "- lazy bulk load ahead of RocksDB sync=false: RocksDB not in this run"
                );
            }
        }
    }
    out
}

/// The backup workload's targets for [`SUBJECT`] (issue 10), each met or not, from the
/// medians; empty when the backup workload did not run.
pub fn backup_targets(measurements: &[Measurement], engines: &[&str]) -> String {
    let mut out = String::new();
    let get = |e: &str, w: &str| median(measurements, e, w);
    let (Some(mbs), Some(ratio), Some(worst)) = (
        get(SUBJECT, "bk_on_mbs"),
        get(SUBJECT, "bk_on_ratio"),
        get(SUBJECT, "bk_on_worst"),
    ) else {
        return out;
    };
    for (line, when) in [("bk_cp_mbs", "before"), ("bk_cpa_mbs", "after")] {
        if let Some(cp) = get(SUBJECT, line) {
            let _ = writeln!(
                out,
                "- streaming backup >= 0.9x cp + fsync of the same files ({when} it): {} against {} MB/s = {:.2}x, {}",
                fmt_figure(mbs),
                fmt_figure(cp),
                mbs / cp,
                verdict(mbs >= 0.9 * cp)
            );
        }
    }
    let _ = writeln!(
        out,
        "- writer during the backup >= 0.85x without: {ratio:.2}x, {}",
        verdict(ratio >= 0.85)
    );
    let peers = |w1: &str, w2: &str| -> Vec<(String, f64)> {
        let mut v = Vec::new();
        for e in engines.iter().filter(|e| **e != SUBJECT) {
            if let Some(m) = get(e, w1) {
                v.push((e.to_string(), m));
            }
            if let Some(m) = get(e, w2) {
                v.push((format!("{e} (second)"), m));
            }
        }
        v
    };
    let list = |v: &[(String, f64)]| -> String {
        v.iter()
            .map(|(e, m)| format!("{e} {}", fmt_figure(*m)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let p = peers("bk_on_mbs", "bk_on2_mbs");
    let _ = writeln!(
        out,
        "- backup MB/s ahead of every peer: {} against {}: {}",
        fmt_figure(mbs),
        list(&p),
        verdict(p.iter().all(|(_, m)| mbs > *m))
    );
    let p = peers("bk_on_ratio", "bk_on2_ratio");
    let _ = writeln!(
        out,
        "- writer's slowdown smaller than every peer's (during/without): {ratio:.2} against {}: {}",
        list(&p),
        verdict(p.iter().all(|(_, m)| ratio > *m))
    );
    let p = peers("bk_on_worst", "bk_on2_worst");
    let _ = writeln!(
        out,
        "- writer's worst commit during the backup below every peer's: {} ms against {}: {}",
        fmt_figure(worst),
        list(&p),
        verdict(p.iter().all(|(_, m)| worst < *m))
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(engine: &str, workload: &'static str, rep: usize, value: f64) -> Measurement {
        Measurement {
            engine: engine.into(),
            workload,
            rep,
            value,
            unit: "s",
            ops: 1,
        }
    }

    #[test]
    fn median_of_odd_and_even_samples() {
        assert_eq!(summary(&[3.0, 1.0, 2.0]), Some((2.0, 1.0, 3.0)));
        assert_eq!(summary(&[4.0, 1.0, 2.0, 3.0]), Some((2.5, 1.0, 4.0)));
        assert_eq!(summary(&[]), None);
    }

    #[test]
    fn ratios_are_to_the_best_peer() {
        let ms = vec![
            m("ese", "scan", 1, 4.0),
            m("sqlite", "scan", 1, 2.0),
            m("lmdb", "scan", 1, 1.0),
        ];
        let t = table(&ms, &["ese", "sqlite", "lmdb"]);
        let row = t.lines().find(|l| l.starts_with("| ordered scan")).unwrap();
        assert!(row.contains("4.00 (4.00–4.00) **4.00×**"), "{row}");
        assert!(row.contains("2.00 (2.00–2.00) **2.00×**"), "{row}");
        assert!(row.contains("1.00 (1.00–1.00) **1.00×**"), "{row}");
        assert!(!t.contains("load, keys in order"));
    }

    #[test]
    fn rates_are_turned_so_above_one_is_behind() {
        let ms = vec![
            m("ese", "conc_read", 1, 100.0),
            m("sqlite", "conc_read", 1, 200.0),
            m("lmdb", "conc_read", 1, 400.0),
        ];
        let t = table(&ms, &["ese", "sqlite", "lmdb"]);
        let row = t.lines().find(|l| l.contains("reads, 7 readers")).unwrap();
        assert!(row.contains("100 (100–100) **4.00×**"), "{row}");
        assert!(row.contains("200 (200–200) **2.00×**"), "{row}");
        assert!(row.contains("400 (400–400) **1.00×**"), "{row}");
    }

    #[test]
    fn durable_lines_and_targets() {
        let ms = vec![
            m("ese", "fsync_p50", 1, 100.0),
            m("sqlite", "fsync_p50", 1, 50.0),
            m("ese", "commit_p50", 1, 110.0),
            m("sqlite", "commit_p50", 1, 200.0),
            m("ese", "commit_p50_fsync", 1, 1.1),
            m("ese", "group_scaling", 1, 3.0),
            m("ese", "bulk_lazy", 1, 10.0),
            m("rocksdb", "bulk_lazy", 1, 20.0),
        ];
        let engines = ["ese", "sqlite", "rocksdb"];
        let t = table(&ms, &engines);
        let row = t.lines().find(|l| l.contains("raw append")).unwrap();
        assert!(!row.contains('×'), "the disk's line has no ratio: {row}");
        let targets = durable_targets(&ms, &engines);
        assert!(targets.contains("1.10x, met"), "{targets}");
        assert!(
            targets.contains("110 us against sqlite 200: met"),
            "{targets}"
        );
        assert!(targets.contains("3.00x, NOT met"), "{targets}");
        assert!(
            targets.contains("10.0 against 20.0 records/s, NOT met"),
            "{targets}"
        );
        assert!(durable_targets(&[], &engines).is_empty());
    }

    #[test]
    fn figures_keep_three_digits() {
        assert_eq!(fmt_figure(1234.6), "1235");
        assert_eq!(fmt_figure(12.345), "12.3");
        assert_eq!(fmt_figure(0.000_123_4), "0.000123");
        assert_eq!(fmt_figure(0.0), "0");
    }

    #[test]
    fn json_lines_have_the_fields() {
        let j = m("ese", "scan", 2, 1.5).json();
        assert_eq!(
            j,
            r#"{"engine":"ese","workload":"scan","rep":2,"value":1.5,"unit":"s","ops":1}"#
        );
    }
}
