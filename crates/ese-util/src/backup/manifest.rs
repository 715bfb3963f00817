//! The backup set's manifest, `backup.json`: what the set holds and where each
//! database came from, so a restore needs no other input.
//!
//! What must hold: every name the manifest gives is a plain file name (one path
//! component, no `..`, no separator, not absolute), checked when the manifest is
//! parsed, so nothing read from a set can make a restore write outside its folder.

use ese::{Error, ErrorCode, Result};
use serde_json::{json, Value as Json};
use std::path::Path;

/// The manifest's file name inside a set.
pub const MANIFEST_NAME: &str = "backup.json";

/// What the `format` field says.
const FORMAT: &str = "ese-rs backup set";

/// The manifest layout this code writes and reads.
const FORMAT_VERSION: u64 = 1;

/// What kind of backup made a set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetKind {
    /// A full backup: database copies and the logs that make them consistent
    /// (incremental logs may have been added to it later).
    Full,
    /// An incremental backup on its own: logs only.
    Incremental,
}

impl SetKind {
    /// The manifest's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            SetKind::Full => "full",
            SetKind::Incremental => "incremental",
        }
    }
}

/// One database copy of a set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetDatabase {
    /// The database's path as the instance attached it (what its logs name).
    pub original: String,
    /// The copy's file name inside the set.
    pub file: String,
    /// The copy's length in bytes.
    pub bytes: u64,
}

/// The parsed `backup.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// Full or incremental.
    pub kind: SetKind,
    /// The engine that wrote the set (`ese-rs X.Y.Z`).
    pub engine: String,
    /// The logs' base name (`edb`).
    pub base_name: String,
    /// The first log generation of the set.
    pub gen_low: u32,
    /// The last log generation of the set.
    pub gen_high: u32,
    /// The database copies.
    pub databases: Vec<SetDatabase>,
    /// The logs' file names, lowest generation first.
    pub logs: Vec<String>,
    /// The generation ranges of incremental backups added to a full set.
    pub incrementals: Vec<(u32, u32)>,
    /// When the set was finished (Unix seconds).
    pub created: u64,
}

fn bad(what: impl Into<String>) -> Error {
    Error::with(ErrorCode::InvalidBackup, what)
}

/// Checks that `name` is a plain file name: one normal path component, no
/// separator of either kind, no `..`, not absolute, not empty.
pub fn check_name(name: &str) -> Result<()> {
    let plain = !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', '\0'])
        && !Path::new(name).is_absolute()
        && !name.contains(':');
    if plain {
        Ok(())
    } else {
        Err(Error::with(
            ErrorCode::InvalidPath,
            format!(
                "the backup set names {name:?}: only plain file names inside the set are allowed"
            ),
        ))
    }
}

/// The file name of log generation `g` (`edb0000000A.log`).
pub fn log_name(base: &str, g: u32) -> String {
    format!("{base}{g:08X}.log")
}

impl Manifest {
    /// The manifest as JSON text.
    pub fn to_json(&self) -> String {
        let v = json!({
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "engine": self.engine,
            "kind": self.kind.as_str(),
            "created": self.created,
            "base_name": self.base_name,
            "gen_low": self.gen_low,
            "gen_high": self.gen_high,
            "databases": self.databases.iter().map(|d| json!({
                "original": d.original,
                "file": d.file,
                "bytes": d.bytes,
            })).collect::<Vec<_>>(),
            "logs": self.logs,
            "incrementals": self.incrementals.iter()
                .map(|(lo, hi)| json!({"gen_low": lo, "gen_high": hi}))
                .collect::<Vec<_>>(),
        });
        let mut s = serde_json::to_string_pretty(&v).unwrap_or_else(|_| v.to_string());
        s.push('\n');
        s
    }

    /// Parses and checks a manifest: `JET_errInvalidBackup` for one that is not
    /// a manifest of this format, `JET_errInvalidPath` for a name that is not a
    /// plain file name.
    pub fn parse(text: &str) -> Result<Manifest> {
        let v: Json = serde_json::from_str(text)
            .map_err(|e| bad(format!("{MANIFEST_NAME} is not JSON: {e}")))?;
        if v["format"] != FORMAT {
            return Err(bad(format!(
                "{MANIFEST_NAME} is not an ese-rs backup manifest"
            )));
        }
        if v["format_version"].as_u64() != Some(FORMAT_VERSION) {
            return Err(bad(format!(
                "{MANIFEST_NAME} has format version {}; this eseutil reads {FORMAT_VERSION}",
                v["format_version"]
            )));
        }
        let text_of = |k: &str| -> Result<String> {
            v[k].as_str()
                .map(str::to_string)
                .ok_or_else(|| bad(format!("{MANIFEST_NAME}: `{k}` is missing or not text")))
        };
        let gen = |j: &Json, k: &str| -> Result<u32> {
            j[k].as_u64()
                .and_then(|g| u32::try_from(g).ok())
                .ok_or_else(|| bad(format!("{MANIFEST_NAME}: `{k}` is not a log generation")))
        };
        let kind = match text_of("kind")?.as_str() {
            "full" => SetKind::Full,
            "incremental" => SetKind::Incremental,
            k => return Err(bad(format!("{MANIFEST_NAME}: unknown kind {k:?}"))),
        };
        let base_name = text_of("base_name")?;
        if base_name.len() != 3 || !base_name.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(bad(format!(
                "{MANIFEST_NAME}: base name {base_name:?} is not three letters or digits"
            )));
        }
        let (gen_low, gen_high) = (gen(&v, "gen_low")?, gen(&v, "gen_high")?);
        if gen_low == 0 || gen_low > gen_high {
            return Err(bad(format!(
                "{MANIFEST_NAME}: log range {gen_low}..{gen_high} is empty"
            )));
        }
        let mut databases = Vec::new();
        for d in v["databases"].as_array().into_iter().flatten() {
            let field = |k: &str| {
                d[k].as_str()
                    .map(str::to_string)
                    .ok_or_else(|| bad(format!("{MANIFEST_NAME}: a database has no `{k}`")))
            };
            let file = field("file")?;
            check_name(&file)?;
            databases.push(SetDatabase {
                original: field("original")?,
                file,
                bytes: d["bytes"].as_u64().unwrap_or(0),
            });
        }
        let mut logs = Vec::new();
        for l in v["logs"].as_array().into_iter().flatten() {
            let name = l
                .as_str()
                .ok_or_else(|| bad(format!("{MANIFEST_NAME}: a log name is not text")))?;
            check_name(name)?;
            logs.push(name.to_string());
        }
        let expected: Vec<String> = (gen_low..=gen_high)
            .map(|g| log_name(&base_name, g))
            .collect();
        if logs != expected {
            return Err(bad(format!(
                "{MANIFEST_NAME}: the logs listed are not generations {gen_low:08X} to {gen_high:08X}"
            )));
        }
        for (i, d) in databases.iter().enumerate() {
            let clash = databases[..i]
                .iter()
                .any(|o| o.file.eq_ignore_ascii_case(&d.file))
                || logs.iter().any(|l| l.eq_ignore_ascii_case(&d.file))
                || d.file.eq_ignore_ascii_case(MANIFEST_NAME);
            if clash {
                return Err(bad(format!("{MANIFEST_NAME}: {} is named twice", d.file)));
            }
        }
        if kind == SetKind::Full && databases.is_empty() {
            return Err(bad(format!(
                "{MANIFEST_NAME}: a full set without a database"
            )));
        }
        let incrementals = v["incrementals"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|i| Ok((gen(i, "gen_low")?, gen(i, "gen_high")?)))
            .collect::<Result<Vec<_>>>()?;
        Ok(Manifest {
            kind,
            engine: v["engine"].as_str().unwrap_or_default().to_string(),
            base_name,
            gen_low,
            gen_high,
            databases,
            logs,
            incrementals,
            created: v["created"].as_u64().unwrap_or(0),
        })
    }

    /// Every file name of the set the manifest lists (databases, then logs).
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.databases
            .iter()
            .map(|d| d.file.as_str())
            .chain(self.logs.iter().map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Manifest {
        Manifest {
            kind: SetKind::Full,
            engine: "ese-rs 0.1.0".into(),
            base_name: "edb".into(),
            gen_low: 3,
            gen_high: 4,
            databases: vec![SetDatabase {
                original: "/live/a.edb".into(),
                file: "a.edb".into(),
                bytes: 8192 * 5,
            }],
            logs: vec![log_name("edb", 3), log_name("edb", 4)],
            incrementals: vec![],
            created: 1,
        }
    }

    #[test]
    fn round_trip() {
        let m = sample();
        assert_eq!(Manifest::parse(&m.to_json()).unwrap(), m);
    }

    #[test]
    fn names_outside_the_set_are_refused() {
        for name in [
            "../a.edb",
            "/etc/passwd",
            "x/../../a",
            "..",
            "",
            "a\\b",
            "C:a",
        ] {
            let mut m = sample();
            m.databases[0].file = name.into();
            let e = Manifest::parse(&m.to_json()).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidPath, "{name}: {e}");
        }
    }

    #[test]
    fn logs_must_be_the_range() {
        let mut m = sample();
        m.logs.pop();
        assert_eq!(
            Manifest::parse(&m.to_json()).unwrap_err().code(),
            ErrorCode::InvalidBackup
        );
    }
}
