//! The backup set's manifest, `backup.json`: what the set holds and where each
//! database came from, so a restore needs no other input.
//!
//! What must hold: every name the manifest gives is a plain file name (one path
//! component, no `..`, no separator, not absolute), checked when the manifest is
//! parsed, so nothing read from a set can make a restore write outside its folder;
//! and the manifest carries a CRC-32C of its own contents (`checksum`), so that a
//! changed field (a path, a byte count, a generation) is reported as damage
//! rather than read as another, valid set.

use ese::{Error, ErrorCode, Result};
use serde_json::{json, Value as Json};
use std::path::Path;

/// The manifest's file name inside a set.
pub const MANIFEST_NAME: &str = "backup.json";

/// What the `format` field says.
const FORMAT: &str = "ese-rs backup set";

/// The manifest layout this code writes: version 2, with `checksum`.
const FORMAT_VERSION: u64 = 2;

/// The first layout, without `checksum`: still read (sets made before the
/// checksum), its checksum checked when it has one.
const FORMAT_VERSION_UNCHECKED: u64 = 1;

/// The manifest's field holding its checksum.
const CHECKSUM_FIELD: &str = "checksum";

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

/// `v` as compact JSON with every object's keys sorted and without the
/// top-level checksum field: the text the checksum covers, the same however
/// the manifest's text is spaced or its keys ordered.
fn canonical(v: &Json) -> String {
    fn write(v: &Json, top: bool, out: &mut String) {
        match v {
            Json::Object(map) => {
                let mut keys: Vec<&String> = map
                    .keys()
                    .filter(|k| !(top && k.as_str() == CHECKSUM_FIELD))
                    .collect();
                keys.sort();
                out.push('{');
                for (i, k) in keys.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&Json::String(k.clone()).to_string());
                    out.push(':');
                    write(&map[k], false, out);
                }
                out.push('}');
            }
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(item, false, out);
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut out = String::new();
    write(v, true, &mut out);
    out
}

/// The checksum field's text for a manifest's value: `crc32c:` and eight hex digits.
fn checksum_of(v: &Json) -> String {
    format!("crc32c:{:08x}", crc32c::crc32c(canonical(v).as_bytes()))
}

/// Sets the `checksum` field of a manifest's JSON value to match its contents,
/// for a tool that writes or edits a manifest itself. The checksum finds damage;
/// it is not a seal against anyone: every other check of [`Manifest::parse`]
/// holds for a manifest with a right checksum too.
pub fn stamp_checksum(v: &mut Json) {
    let sum = checksum_of(v);
    if let Json::Object(map) = v {
        map.insert(CHECKSUM_FIELD.into(), Json::String(sum));
    }
}

impl Manifest {
    /// The manifest as JSON text, its checksum last.
    pub fn to_json(&self) -> String {
        let mut v = json!({
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
        stamp_checksum(&mut v);
        let mut s = serde_json::to_string_pretty(&v).unwrap_or_else(|_| v.to_string());
        s.push('\n');
        s
    }

    /// Parses and checks a manifest: `JET_errInvalidBackup` for one that is not
    /// a manifest of this format or whose checksum does not match its contents
    /// (required from format version 2 on), `JET_errInvalidPath` for a name that
    /// is not a plain file name.
    pub fn parse(text: &str) -> Result<Manifest> {
        let v: Json = serde_json::from_str(text)
            .map_err(|e| bad(format!("{MANIFEST_NAME} is not JSON: {e}")))?;
        if v["format"] != FORMAT {
            return Err(bad(format!(
                "{MANIFEST_NAME} is not an ese-rs backup manifest"
            )));
        }
        let version = v["format_version"].as_u64();
        if version != Some(FORMAT_VERSION) && version != Some(FORMAT_VERSION_UNCHECKED) {
            return Err(bad(format!(
                "{MANIFEST_NAME} has format version {}; this eseutil reads \
                 {FORMAT_VERSION_UNCHECKED} and {FORMAT_VERSION}",
                v["format_version"]
            )));
        }
        match &v[CHECKSUM_FIELD] {
            Json::Null if version == Some(FORMAT_VERSION_UNCHECKED) => {}
            Json::String(stored) => {
                let computed = checksum_of(&v);
                if *stored != computed {
                    return Err(bad(format!(
                        "{MANIFEST_NAME} is damaged: its checksum is {stored}, its \
                         contents' {computed}"
                    )));
                }
            }
            _ => {
                return Err(bad(format!(
                    "{MANIFEST_NAME} has no checksum (`{CHECKSUM_FIELD}`), which format \
                     version {FORMAT_VERSION} requires"
                )))
            }
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

    /// `m`'s JSON with `f` applied to its parsed value, written back compact.
    fn edited(m: &Manifest, f: impl FnOnce(&mut Json)) -> String {
        let mut v: Json = serde_json::from_str(&m.to_json()).unwrap();
        f(&mut v);
        v.to_string()
    }

    #[test]
    fn a_changed_field_fails_the_checksum() {
        let m = sample();
        let edits: [(&str, &str, Json); 5] = [
            ("databases", "bytes", json!(8192 * 6)),
            ("databases", "original", json!("/live/b.edb")),
            ("created", "", json!(2)),
            ("engine", "", json!("ese-rs 0.1.1")),
            ("extra", "", json!(1)),
        ];
        for (key, field, value) in edits {
            let what = format!("{key} {field}");
            let e = Manifest::parse(&edited(&m, |v| match field {
                "" => v[key] = value,
                f => v[key][0][f] = value,
            }))
            .unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidBackup, "{what}: {e}");
            assert!(e.to_string().contains("checksum"), "{what}: {e}");
        }
        // A damaged checksum is refused the same way.
        let e =
            Manifest::parse(&edited(&m, |v| v["checksum"] = json!("crc32c:00000000"))).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidBackup, "{e}");
    }

    #[test]
    fn the_checksum_covers_contents_not_layout() {
        let m = sample();
        // Compact instead of pretty, keys in another order: the same contents.
        let v: Json = serde_json::from_str(&m.to_json()).unwrap();
        let reversed: serde_json::Map<String, Json> = v
            .as_object()
            .unwrap()
            .iter()
            .rev()
            .map(|(k, x)| (k.clone(), x.clone()))
            .collect();
        let text = Json::Object(reversed).to_string();
        assert!(text.starts_with("{\"checksum\""), "{text}");
        assert_eq!(Manifest::parse(&text).unwrap(), m);
        assert!(to_json_starts_with_version(&m, FORMAT_VERSION));
    }

    fn to_json_starts_with_version(m: &Manifest, version: u64) -> bool {
        let v: Json = serde_json::from_str(&m.to_json()).unwrap();
        v["format_version"] == json!(version) && v["checksum"].is_string()
    }

    #[test]
    fn version_1_reads_without_a_checksum_and_version_2_does_not() {
        let m = sample();
        let v1 = edited(&m, |v| {
            v.as_object_mut().unwrap().shift_remove("checksum");
            v["format_version"] = json!(1);
        });
        assert_eq!(Manifest::parse(&v1).unwrap(), m);
        let v2 = edited(&m, |v| {
            v.as_object_mut().unwrap().shift_remove("checksum");
        });
        let e = Manifest::parse(&v2).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidBackup, "{e}");
        assert!(e.to_string().contains("no checksum"), "{e}");
        // A version 1 manifest with a checksum has it checked.
        let v1_changed = edited(&m, |v| {
            v["format_version"] = json!(1);
        });
        assert_eq!(
            Manifest::parse(&v1_changed).unwrap_err().code(),
            ErrorCode::InvalidBackup
        );
    }

    /// The example in `docs/eseutil-backup.md` carries the checksum the
    /// documented rule gives, and this code reads it.
    #[test]
    fn the_documented_example_checks_out() {
        let doc = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/eseutil-backup.md"),
        )
        .unwrap();
        let start = doc.find("```json\n{\n  \"format\"").unwrap() + "```json\n".len();
        let end = start + doc[start..].find("```").unwrap();
        let m = Manifest::parse(&doc[start..end]).unwrap();
        assert_eq!(m.databases[0].bytes, 2105344);
        let changed = doc[start..end].replace("2105344", "2105345");
        assert!(Manifest::parse(&changed).is_err());
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
