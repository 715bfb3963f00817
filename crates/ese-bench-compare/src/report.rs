//! Measurements and what is printed from them: the table of medians (min–max) with each
//! engine's ratio to the best peer, and the JSON lines.
//!
//! What must hold: every figure printed is computed from the measurements of this run; a line
//! an engine did not produce shows as `n/a`; the ratio reads the same way on every line, for
//! times and sizes (lower is better) as for rates (higher is better): above 1 means behind the
//! best peer (slower, bigger, fewer per second), below 1 ahead of it.

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
}

/// The lines of the table, in order: workload, unit, what it is, which way is better.
pub const LINES: [(&str, &str, &str, Better); 12] = [
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
            .fold(None, |best: Option<f64>, m| {
                Some(best.map_or(m, |b| match better {
                    Better::Lower => b.min(m),
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
                            Better::Lower => med / b,
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
