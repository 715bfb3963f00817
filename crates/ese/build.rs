//! Generates the `ErrorCode` and `Warning` enums from `data/jet_errors.tsv`, the one
//! table of `JET_err`/`JET_wrn` names, values and messages. Negative values are
//! errors, positive ones warnings.

use std::fmt::Write as _;

fn main() {
    println!("cargo:rerun-if-changed=data/jet_errors.tsv");
    let table = std::fs::read_to_string("data/jet_errors.tsv").expect("data/jet_errors.tsv");
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for line in table.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut cols = line.splitn(3, '\t');
        let value: i32 = cols.next().unwrap().parse().expect("value");
        let symbol = cols.next().expect("symbol").to_string();
        let message = cols
            .next()
            .unwrap_or("")
            .replace('\\', "\\\\")
            .replace('"', "\\\"");
        // The sign decides, as in ESE: `JET_wrnNyi` (-1) is a negative "warning" that
        // every caller sees as an error, so it is `ErrorCode::Nyi`.
        let name = symbol
            .strip_prefix("JET_err")
            .or_else(|| symbol.strip_prefix("JET_wrn"))
            .expect("a JET_err or JET_wrn symbol")
            .to_string();
        if value < 0 {
            errors.push((value, name, symbol, message));
        } else {
            warnings.push((value, name, symbol, message));
        }
    }
    let mut out = String::new();
    emit(
        &mut out,
        "ErrorCode",
        "A `JET_err` error code; the discriminant is the value esent.h gives it.",
        &errors,
    );
    emit(
        &mut out,
        "Warning",
        "A `JET_wrn` warning code; the discriminant is the value esent.h gives it.",
        &warnings,
    );
    let path = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("jet_codes.rs");
    std::fs::write(path, out).unwrap();
}

fn emit(out: &mut String, ty: &str, doc: &str, rows: &[(i32, String, String, String)]) {
    writeln!(out, "/// {doc}").unwrap();
    writeln!(out, "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\n#[repr(i32)]\n#[non_exhaustive]\npub enum {ty} {{").unwrap();
    for (v, name, symbol, msg) in rows {
        writeln!(out, "    /// `{symbol}` ({v}): {msg}.\n    {name} = {v},").unwrap();
    }
    writeln!(out, "}}\n\nimpl {ty} {{").unwrap();
    writeln!(
        out,
        "    /// Every code of this kind, in table order.\n    pub const ALL: &'static [{ty}] = &["
    )
    .unwrap();
    for (_, name, _, _) in rows {
        writeln!(out, "        {ty}::{name},").unwrap();
    }
    writeln!(out, "    ];").unwrap();
    writeln!(out, "    /// The code with numeric value `value`, if there is one.\n    pub fn from_i32(value: i32) -> Option<{ty}> {{\n        match value {{").unwrap();
    for (v, name, _, _) in rows {
        writeln!(out, "            {v} => Some({ty}::{name}),").unwrap();
    }
    writeln!(out, "            _ => None,\n        }}\n    }}").unwrap();
    writeln!(out, "    /// The esent.h symbol, e.g. `JET_errRecordNotFound`.\n    pub fn symbol(self) -> &'static str {{\n        match self {{").unwrap();
    for (_, name, symbol, _) in rows {
        writeln!(out, "            {ty}::{name} => \"{symbol}\",").unwrap();
    }
    writeln!(out, "        }}\n    }}").unwrap();
    writeln!(out, "    /// The message text for this code.\n    pub fn message(self) -> &'static str {{\n        match self {{").unwrap();
    for (_, name, _, msg) in rows {
        writeln!(out, "            {ty}::{name} => \"{msg}\",").unwrap();
    }
    writeln!(out, "        }}\n    }}\n    /// The numeric value.\n    pub fn value(self) -> i32 {{\n        self as i32\n    }}\n}}\n").unwrap();
}
