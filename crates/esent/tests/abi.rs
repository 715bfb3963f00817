//! The C ABI checks: `include/esent.h` against the Rust side, with the system C compiler.
//!
//! - The header compiles as C99 and as C++17 with all warnings as errors.
//! - A generated C program prints `sizeof`, alignment and every field offset of every
//!   structure in [`LAYOUTS`], and the value and size of every `#define JET_*` constant of the
//!   header; both must equal the Rust side (`size_of`, `align_of`, `offset_of!`,
//!   `esent::consts::ALL`). Every structure the header defines must be in [`LAYOUTS`], and
//!   every constant of the header must be in `consts::ALL` and the reverse.
//! - The header declares exactly the functions listed in `functions.txt`.
//!
//! The C compiler is `$CC` (default `cc`) and the C++ compiler `$CXX` (default `c++`). A missing
//! compiler fails the test; it is never skipped.

#![allow(non_snake_case)]

use std::collections::{BTreeMap, BTreeSet};
use std::mem::{align_of, offset_of, size_of};
use std::path::{Path, PathBuf};
use std::process::Command;

use esent::*;

/// Layout of one structure as the Rust side sees it; `fields` pairs the C member name with
/// its offset.
struct Layout {
    name: &'static str,
    size: usize,
    align: usize,
    fields: &'static [(&'static str, usize)],
}

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn include_dir() -> PathBuf {
    crate_dir().join("include")
}

fn header_text() -> String {
    std::fs::read_to_string(include_dir().join("esent.h")).expect("read include/esent.h")
}

/// A fresh scratch directory for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("esent-abi-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch directory");
    dir
}

/// Runs a compiler or program and panics with its output when it fails or cannot start.
fn run(cmd: &mut Command, what: &str) -> String {
    let out = cmd.output().unwrap_or_else(|e| {
        panic!(
            "{what}: cannot run {:?}: {e}. The ABI test needs a C and C++ compiler (set CC / CXX).",
            cmd.get_program()
        )
    });
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status,
        cmd,
        stdout,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn cc() -> String {
    std::env::var("CC").unwrap_or_else(|_| "cc".to_string())
}

fn cxx() -> String {
    std::env::var("CXX").unwrap_or_else(|_| "c++".to_string())
}

#[test]
fn header_compiles_as_c99() {
    let dir = scratch("c99");
    let src = dir.join("use.c");
    std::fs::write(
        &src,
        "#include \"esent.h\"\nint main(void) { return (int)sizeof(JET_COLUMNDEF) == 0; }\n",
    )
    .unwrap();
    run(
        Command::new(cc())
            .args(["-std=c99", "-Wall", "-Wextra", "-Werror", "-c", "-o"])
            .arg(dir.join("use.o"))
            .arg("-I")
            .arg(include_dir())
            .arg(&src),
        "compiling esent.h as C99",
    );
}

#[test]
fn header_compiles_as_cxx17() {
    let dir = scratch("cxx17");
    let src = dir.join("use.cpp");
    std::fs::write(
        &src,
        "#include \"esent.h\"\n#include \"esent.h\"\nint main() { JET_ERR (JET_API *f)(JET_INSTANCE *) = &JetInit; return f == nullptr; }\n",
    )
    .unwrap();
    run(
        Command::new(cxx())
            .args(["-std=c++17", "-Wall", "-Wextra", "-Werror", "-c", "-o"])
            .arg(dir.join("use.o"))
            .arg("-I")
            .arg(include_dir())
            .arg(&src),
        "compiling esent.h as C++17",
    );
}

/// Compiles `body` (statements of `main`) against the header and returns its output.
fn run_c_program(test: &str, body: &str) -> String {
    let dir = scratch(test);
    let src = dir.join("probe.c");
    let exe = dir.join("probe");
    let text = format!(
        "#include <stdio.h>\n#include <stddef.h>\n#include \"esent.h\"\nint main(void) {{\n{body}    return 0;\n}}\n"
    );
    std::fs::write(&src, text).unwrap();
    run(
        Command::new(cc())
            .args(["-std=c11", "-w", "-o"])
            .arg(&exe)
            .arg("-I")
            .arg(include_dir())
            .arg(&src),
        "compiling the probe program",
    );
    run(&mut Command::new(&exe), "running the probe program")
}

#[test]
fn structure_layouts_match() {
    let mut body = String::new();
    for l in LAYOUTS {
        body += &format!(
            "    printf(\"S {n} %zu %zu\\n\", sizeof({n}), (size_t)_Alignof({n}));\n",
            n = l.name
        );
        for (f, _) in l.fields {
            body += &format!(
                "    printf(\"F {n} {f} %zu\\n\", offsetof({n}, {f}));\n",
                n = l.name
            );
        }
    }
    let out = run_c_program("layouts", &body);
    let mut c: BTreeMap<String, usize> = BTreeMap::new();
    for line in out.lines() {
        let parts: Vec<&str> = line.split(' ').collect();
        match parts[0] {
            "S" => {
                c.insert(format!("{} size", parts[1]), parts[2].parse().unwrap());
                c.insert(format!("{} align", parts[1]), parts[3].parse().unwrap());
            }
            "F" => {
                c.insert(
                    format!("{}.{}", parts[1], parts[2]),
                    parts[3].parse().unwrap(),
                );
            }
            _ => panic!("unexpected probe line {line:?}"),
        }
    }
    let mut wrong = Vec::new();
    let mut check = |key: String, rust: usize| {
        let c_value = c.get(&key).copied();
        if c_value != Some(rust) {
            wrong.push(format!("{key}: C {c_value:?}, Rust {rust}"));
        }
    };
    let mut names = BTreeSet::new();
    for l in LAYOUTS {
        assert!(names.insert(l.name), "{} listed twice", l.name);
        check(format!("{} size", l.name), l.size);
        check(format!("{} align", l.name), l.align);
        for (f, off) in l.fields {
            check(format!("{}.{f}", l.name), *off);
        }
    }
    assert!(
        wrong.is_empty(),
        "layouts differ between esent.h and the Rust types:\n{}",
        wrong.join("\n")
    );

    // Every structure the header defines is in the table.
    let header = header_text();
    let defined: BTreeSet<&str> = header
        .lines()
        .filter_map(|l| l.strip_prefix("} "))
        .filter_map(|l| l.strip_suffix(';'))
        .filter(|n| n.starts_with("JET_"))
        .collect();
    let missing: Vec<_> = defined.difference(&names).collect();
    assert!(
        missing.is_empty(),
        "structures of esent.h missing from LAYOUTS: {missing:?}"
    );
    let extra: Vec<_> = names.difference(&defined).collect();
    assert!(
        extra.is_empty(),
        "LAYOUTS names structures esent.h does not define: {extra:?}"
    );
}

/// The `#define JET_* value` lines of the header (names of constants only).
fn header_constants() -> Vec<String> {
    header_text()
        .lines()
        .filter_map(|l| l.strip_prefix("#define "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| n.starts_with("JET_") && *n != "JET_API")
        .map(str::to_string)
        .collect()
}

#[test]
fn constants_match() {
    let names = header_constants();
    let mut body = String::new();
    for n in &names {
        body += &format!("    printf(\"{n} %lld %zu\\n\", (long long)({n}), sizeof({n}));\n");
    }
    let out = run_c_program("constants", &body);
    let mut c: BTreeMap<String, (i64, usize)> = BTreeMap::new();
    for line in out.lines() {
        let parts: Vec<&str> = line.split(' ').collect();
        assert!(
            c.insert(
                parts[0].to_string(),
                (parts[1].parse().unwrap(), parts[2].parse().unwrap())
            )
            .is_none(),
            "{} defined twice",
            parts[0]
        );
    }
    let mut rust: BTreeMap<&str, (i64, usize)> = BTreeMap::new();
    for table in consts::ALL {
        for (name, value, size) in *table {
            assert!(
                rust.insert(name, (*value, *size)).is_none(),
                "{name} defined twice in consts"
            );
        }
    }
    let mut wrong = Vec::new();
    for (name, (cv, cs)) in &c {
        match rust.get(name.as_str()) {
            None => wrong.push(format!("{name}: in esent.h, missing from consts")),
            Some((rv, rs)) => {
                // A 32-bit constant may be written unsigned in C and signed in Rust
                // (JET_MoveFirst is 0x80000000 and an int32_t count): compare the bits.
                let same = cv == rv || (*rs == 4 && *cv as u32 == *rv as u32);
                if !same || cs != rs {
                    wrong.push(format!(
                        "{name}: C {cv} ({cs} bytes), Rust {rv} ({rs} bytes)"
                    ));
                }
            }
        }
    }
    for name in rust.keys() {
        if !c.contains_key(*name) {
            wrong.push(format!("{name}: in consts, missing from esent.h"));
        }
    }
    assert!(
        wrong.is_empty(),
        "constants differ between esent.h and consts:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn functions_match_list() {
    let list_text =
        std::fs::read_to_string(crate_dir().join("functions.txt")).expect("read functions.txt");
    let mut listed = BTreeSet::new();
    for name in list_text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        assert!(
            listed.insert(name.to_string()),
            "{name} listed twice in functions.txt"
        );
    }
    let header = header_text();
    let mut declared = BTreeSet::new();
    for line in header.lines() {
        if let Some(rest) = line.strip_prefix("JET_ERR JET_API ") {
            let name = rest.split('(').next().unwrap().trim();
            assert!(
                declared.insert(name.to_string()),
                "{name} declared twice in esent.h"
            );
        }
    }
    let missing: Vec<_> = listed.difference(&declared).collect();
    assert!(
        missing.is_empty(),
        "listed in functions.txt but not declared in esent.h: {missing:?}"
    );
    let extra: Vec<_> = declared.difference(&listed).collect();
    assert!(
        extra.is_empty(),
        "declared in esent.h but not listed in functions.txt: {extra:?}"
    );

    // Every unsuffixed name is a macro for the A form, and both forms exist.
    for line in header.lines() {
        let Some(rest) = line.strip_prefix("#define Jet") else {
            continue;
        };
        let mut parts = rest.split_whitespace();
        let (base, target) = (
            format!("Jet{}", parts.next().unwrap()),
            parts.next().unwrap(),
        );
        assert_eq!(target, format!("{base}A"), "{base} must name the A form");
        assert!(
            declared.contains(&format!("{base}A")) && declared.contains(&format!("{base}W")),
            "{base}: A and W forms"
        );
    }
}

/// Every structure of the header: name, Rust size and alignment, and each C member with the
/// Rust offset of the same member. A member of an anonymous C union sits at the offset of the
/// Rust union field that holds it.
const LAYOUTS: &[Layout] = &[
    Layout {
        name: "JET_INDEXID",
        size: size_of::<JET_INDEXID>(),
        align: align_of::<JET_INDEXID>(),
        fields: &[
            ("cbStruct", offset_of!(JET_INDEXID, cbStruct)),
            ("rgbIndexId", offset_of!(JET_INDEXID, rgbIndexId)),
        ],
    },
    Layout {
        name: "JET_RSTMAP_A",
        size: size_of::<JET_RSTMAP_A>(),
        align: align_of::<JET_RSTMAP_A>(),
        fields: &[
            ("szDatabaseName", offset_of!(JET_RSTMAP_A, szDatabaseName)),
            (
                "szNewDatabaseName",
                offset_of!(JET_RSTMAP_A, szNewDatabaseName),
            ),
        ],
    },
    Layout {
        name: "JET_RSTMAP_W",
        size: size_of::<JET_RSTMAP_W>(),
        align: align_of::<JET_RSTMAP_W>(),
        fields: &[
            ("szDatabaseName", offset_of!(JET_RSTMAP_W, szDatabaseName)),
            (
                "szNewDatabaseName",
                offset_of!(JET_RSTMAP_W, szNewDatabaseName),
            ),
        ],
    },
    Layout {
        name: "JET_SNPROG",
        size: size_of::<JET_SNPROG>(),
        align: align_of::<JET_SNPROG>(),
        fields: &[
            ("cbStruct", offset_of!(JET_SNPROG, cbStruct)),
            ("cunitDone", offset_of!(JET_SNPROG, cunitDone)),
            ("cunitTotal", offset_of!(JET_SNPROG, cunitTotal)),
        ],
    },
    Layout {
        name: "JET_DBINFOUPGRADE",
        size: size_of::<JET_DBINFOUPGRADE>(),
        align: align_of::<JET_DBINFOUPGRADE>(),
        fields: &[
            ("cbStruct", offset_of!(JET_DBINFOUPGRADE, cbStruct)),
            (
                "cbFilesizeLow",
                offset_of!(JET_DBINFOUPGRADE, cbFilesizeLow),
            ),
            (
                "cbFilesizeHigh",
                offset_of!(JET_DBINFOUPGRADE, cbFilesizeHigh),
            ),
            (
                "cbFreeSpaceRequiredLow",
                offset_of!(JET_DBINFOUPGRADE, cbFreeSpaceRequiredLow),
            ),
            (
                "cbFreeSpaceRequiredHigh",
                offset_of!(JET_DBINFOUPGRADE, cbFreeSpaceRequiredHigh),
            ),
            (
                "csecToUpgrade",
                offset_of!(JET_DBINFOUPGRADE, csecToUpgrade),
            ),
            ("ulFlags", offset_of!(JET_DBINFOUPGRADE, ulFlags)),
        ],
    },
    Layout {
        name: "JET_OBJECTINFO",
        size: size_of::<JET_OBJECTINFO>(),
        align: align_of::<JET_OBJECTINFO>(),
        fields: &[
            ("cbStruct", offset_of!(JET_OBJECTINFO, cbStruct)),
            ("objtyp", offset_of!(JET_OBJECTINFO, objtyp)),
            ("dtCreate", offset_of!(JET_OBJECTINFO, dtCreate)),
            ("dtUpdate", offset_of!(JET_OBJECTINFO, dtUpdate)),
            ("grbit", offset_of!(JET_OBJECTINFO, grbit)),
            ("flags", offset_of!(JET_OBJECTINFO, flags)),
            ("cRecord", offset_of!(JET_OBJECTINFO, cRecord)),
            ("cPage", offset_of!(JET_OBJECTINFO, cPage)),
        ],
    },
    Layout {
        name: "JET_OBJECTLIST",
        size: size_of::<JET_OBJECTLIST>(),
        align: align_of::<JET_OBJECTLIST>(),
        fields: &[
            ("cbStruct", offset_of!(JET_OBJECTLIST, cbStruct)),
            ("tableid", offset_of!(JET_OBJECTLIST, tableid)),
            ("cRecord", offset_of!(JET_OBJECTLIST, cRecord)),
            (
                "columnidcontainername",
                offset_of!(JET_OBJECTLIST, columnidcontainername),
            ),
            (
                "columnidobjectname",
                offset_of!(JET_OBJECTLIST, columnidobjectname),
            ),
            ("columnidobjtyp", offset_of!(JET_OBJECTLIST, columnidobjtyp)),
            (
                "columniddtCreate",
                offset_of!(JET_OBJECTLIST, columniddtCreate),
            ),
            (
                "columniddtUpdate",
                offset_of!(JET_OBJECTLIST, columniddtUpdate),
            ),
            ("columnidgrbit", offset_of!(JET_OBJECTLIST, columnidgrbit)),
            ("columnidflags", offset_of!(JET_OBJECTLIST, columnidflags)),
            (
                "columnidcRecord",
                offset_of!(JET_OBJECTLIST, columnidcRecord),
            ),
            ("columnidcPage", offset_of!(JET_OBJECTLIST, columnidcPage)),
        ],
    },
    Layout {
        name: "JET_COLUMNLIST",
        size: size_of::<JET_COLUMNLIST>(),
        align: align_of::<JET_COLUMNLIST>(),
        fields: &[
            ("cbStruct", offset_of!(JET_COLUMNLIST, cbStruct)),
            ("tableid", offset_of!(JET_COLUMNLIST, tableid)),
            ("cRecord", offset_of!(JET_COLUMNLIST, cRecord)),
            (
                "columnidPresentationOrder",
                offset_of!(JET_COLUMNLIST, columnidPresentationOrder),
            ),
            (
                "columnidcolumnname",
                offset_of!(JET_COLUMNLIST, columnidcolumnname),
            ),
            (
                "columnidcolumnid",
                offset_of!(JET_COLUMNLIST, columnidcolumnid),
            ),
            ("columnidcoltyp", offset_of!(JET_COLUMNLIST, columnidcoltyp)),
            (
                "columnidCountry",
                offset_of!(JET_COLUMNLIST, columnidCountry),
            ),
            ("columnidLangid", offset_of!(JET_COLUMNLIST, columnidLangid)),
            ("columnidCp", offset_of!(JET_COLUMNLIST, columnidCp)),
            (
                "columnidCollate",
                offset_of!(JET_COLUMNLIST, columnidCollate),
            ),
            ("columnidcbMax", offset_of!(JET_COLUMNLIST, columnidcbMax)),
            ("columnidgrbit", offset_of!(JET_COLUMNLIST, columnidgrbit)),
            (
                "columnidDefault",
                offset_of!(JET_COLUMNLIST, columnidDefault),
            ),
            (
                "columnidBaseTableName",
                offset_of!(JET_COLUMNLIST, columnidBaseTableName),
            ),
            (
                "columnidBaseColumnName",
                offset_of!(JET_COLUMNLIST, columnidBaseColumnName),
            ),
            (
                "columnidDefinitionName",
                offset_of!(JET_COLUMNLIST, columnidDefinitionName),
            ),
        ],
    },
    Layout {
        name: "JET_COLUMNDEF",
        size: size_of::<JET_COLUMNDEF>(),
        align: align_of::<JET_COLUMNDEF>(),
        fields: &[
            ("cbStruct", offset_of!(JET_COLUMNDEF, cbStruct)),
            ("columnid", offset_of!(JET_COLUMNDEF, columnid)),
            ("coltyp", offset_of!(JET_COLUMNDEF, coltyp)),
            ("wCountry", offset_of!(JET_COLUMNDEF, wCountry)),
            ("langid", offset_of!(JET_COLUMNDEF, langid)),
            ("cp", offset_of!(JET_COLUMNDEF, cp)),
            ("wCollate", offset_of!(JET_COLUMNDEF, wCollate)),
            ("cbMax", offset_of!(JET_COLUMNDEF, cbMax)),
            ("grbit", offset_of!(JET_COLUMNDEF, grbit)),
        ],
    },
    Layout {
        name: "JET_COLUMNBASE_A",
        size: size_of::<JET_COLUMNBASE_A>(),
        align: align_of::<JET_COLUMNBASE_A>(),
        fields: &[
            ("cbStruct", offset_of!(JET_COLUMNBASE_A, cbStruct)),
            ("columnid", offset_of!(JET_COLUMNBASE_A, columnid)),
            ("coltyp", offset_of!(JET_COLUMNBASE_A, coltyp)),
            ("wCountry", offset_of!(JET_COLUMNBASE_A, wCountry)),
            ("langid", offset_of!(JET_COLUMNBASE_A, langid)),
            ("cp", offset_of!(JET_COLUMNBASE_A, cp)),
            ("wFiller", offset_of!(JET_COLUMNBASE_A, wFiller)),
            ("cbMax", offset_of!(JET_COLUMNBASE_A, cbMax)),
            ("grbit", offset_of!(JET_COLUMNBASE_A, grbit)),
            (
                "szBaseTableName",
                offset_of!(JET_COLUMNBASE_A, szBaseTableName),
            ),
            (
                "szBaseColumnName",
                offset_of!(JET_COLUMNBASE_A, szBaseColumnName),
            ),
        ],
    },
    Layout {
        name: "JET_COLUMNBASE_W",
        size: size_of::<JET_COLUMNBASE_W>(),
        align: align_of::<JET_COLUMNBASE_W>(),
        fields: &[
            ("cbStruct", offset_of!(JET_COLUMNBASE_W, cbStruct)),
            ("columnid", offset_of!(JET_COLUMNBASE_W, columnid)),
            ("coltyp", offset_of!(JET_COLUMNBASE_W, coltyp)),
            ("wCountry", offset_of!(JET_COLUMNBASE_W, wCountry)),
            ("langid", offset_of!(JET_COLUMNBASE_W, langid)),
            ("cp", offset_of!(JET_COLUMNBASE_W, cp)),
            ("wFiller", offset_of!(JET_COLUMNBASE_W, wFiller)),
            ("cbMax", offset_of!(JET_COLUMNBASE_W, cbMax)),
            ("grbit", offset_of!(JET_COLUMNBASE_W, grbit)),
            (
                "szBaseTableName",
                offset_of!(JET_COLUMNBASE_W, szBaseTableName),
            ),
            (
                "szBaseColumnName",
                offset_of!(JET_COLUMNBASE_W, szBaseColumnName),
            ),
        ],
    },
    Layout {
        name: "JET_INDEXLIST",
        size: size_of::<JET_INDEXLIST>(),
        align: align_of::<JET_INDEXLIST>(),
        fields: &[
            ("cbStruct", offset_of!(JET_INDEXLIST, cbStruct)),
            ("tableid", offset_of!(JET_INDEXLIST, tableid)),
            ("cRecord", offset_of!(JET_INDEXLIST, cRecord)),
            (
                "columnidindexname",
                offset_of!(JET_INDEXLIST, columnidindexname),
            ),
            (
                "columnidgrbitIndex",
                offset_of!(JET_INDEXLIST, columnidgrbitIndex),
            ),
            ("columnidcKey", offset_of!(JET_INDEXLIST, columnidcKey)),
            ("columnidcEntry", offset_of!(JET_INDEXLIST, columnidcEntry)),
            ("columnidcPage", offset_of!(JET_INDEXLIST, columnidcPage)),
            (
                "columnidcColumn",
                offset_of!(JET_INDEXLIST, columnidcColumn),
            ),
            (
                "columnidiColumn",
                offset_of!(JET_INDEXLIST, columnidiColumn),
            ),
            (
                "columnidcolumnid",
                offset_of!(JET_INDEXLIST, columnidcolumnid),
            ),
            ("columnidcoltyp", offset_of!(JET_INDEXLIST, columnidcoltyp)),
            (
                "columnidCountry",
                offset_of!(JET_INDEXLIST, columnidCountry),
            ),
            ("columnidLangid", offset_of!(JET_INDEXLIST, columnidLangid)),
            ("columnidCp", offset_of!(JET_INDEXLIST, columnidCp)),
            (
                "columnidCollate",
                offset_of!(JET_INDEXLIST, columnidCollate),
            ),
            (
                "columnidgrbitColumn",
                offset_of!(JET_INDEXLIST, columnidgrbitColumn),
            ),
            (
                "columnidcolumnname",
                offset_of!(JET_INDEXLIST, columnidcolumnname),
            ),
            (
                "columnidLCMapFlags",
                offset_of!(JET_INDEXLIST, columnidLCMapFlags),
            ),
        ],
    },
    Layout {
        name: "JET_COLUMNCREATE_A",
        size: size_of::<JET_COLUMNCREATE_A>(),
        align: align_of::<JET_COLUMNCREATE_A>(),
        fields: &[
            ("cbStruct", offset_of!(JET_COLUMNCREATE_A, cbStruct)),
            ("szColumnName", offset_of!(JET_COLUMNCREATE_A, szColumnName)),
            ("coltyp", offset_of!(JET_COLUMNCREATE_A, coltyp)),
            ("cbMax", offset_of!(JET_COLUMNCREATE_A, cbMax)),
            ("grbit", offset_of!(JET_COLUMNCREATE_A, grbit)),
            ("pvDefault", offset_of!(JET_COLUMNCREATE_A, pvDefault)),
            ("cbDefault", offset_of!(JET_COLUMNCREATE_A, cbDefault)),
            ("cp", offset_of!(JET_COLUMNCREATE_A, cp)),
            ("columnid", offset_of!(JET_COLUMNCREATE_A, columnid)),
            ("err", offset_of!(JET_COLUMNCREATE_A, err)),
        ],
    },
    Layout {
        name: "JET_COLUMNCREATE_W",
        size: size_of::<JET_COLUMNCREATE_W>(),
        align: align_of::<JET_COLUMNCREATE_W>(),
        fields: &[
            ("cbStruct", offset_of!(JET_COLUMNCREATE_W, cbStruct)),
            ("szColumnName", offset_of!(JET_COLUMNCREATE_W, szColumnName)),
            ("coltyp", offset_of!(JET_COLUMNCREATE_W, coltyp)),
            ("cbMax", offset_of!(JET_COLUMNCREATE_W, cbMax)),
            ("grbit", offset_of!(JET_COLUMNCREATE_W, grbit)),
            ("pvDefault", offset_of!(JET_COLUMNCREATE_W, pvDefault)),
            ("cbDefault", offset_of!(JET_COLUMNCREATE_W, cbDefault)),
            ("cp", offset_of!(JET_COLUMNCREATE_W, cp)),
            ("columnid", offset_of!(JET_COLUMNCREATE_W, columnid)),
            ("err", offset_of!(JET_COLUMNCREATE_W, err)),
        ],
    },
    Layout {
        name: "JET_USERDEFINEDDEFAULT_A",
        size: size_of::<JET_USERDEFINEDDEFAULT_A>(),
        align: align_of::<JET_USERDEFINEDDEFAULT_A>(),
        fields: &[
            (
                "szCallback",
                offset_of!(JET_USERDEFINEDDEFAULT_A, szCallback),
            ),
            (
                "pbUserData",
                offset_of!(JET_USERDEFINEDDEFAULT_A, pbUserData),
            ),
            (
                "cbUserData",
                offset_of!(JET_USERDEFINEDDEFAULT_A, cbUserData),
            ),
            (
                "szDependantColumns",
                offset_of!(JET_USERDEFINEDDEFAULT_A, szDependantColumns),
            ),
        ],
    },
    Layout {
        name: "JET_USERDEFINEDDEFAULT_W",
        size: size_of::<JET_USERDEFINEDDEFAULT_W>(),
        align: align_of::<JET_USERDEFINEDDEFAULT_W>(),
        fields: &[
            (
                "szCallback",
                offset_of!(JET_USERDEFINEDDEFAULT_W, szCallback),
            ),
            (
                "pbUserData",
                offset_of!(JET_USERDEFINEDDEFAULT_W, pbUserData),
            ),
            (
                "cbUserData",
                offset_of!(JET_USERDEFINEDDEFAULT_W, cbUserData),
            ),
            (
                "szDependantColumns",
                offset_of!(JET_USERDEFINEDDEFAULT_W, szDependantColumns),
            ),
        ],
    },
    Layout {
        name: "JET_CONDITIONALCOLUMN_A",
        size: size_of::<JET_CONDITIONALCOLUMN_A>(),
        align: align_of::<JET_CONDITIONALCOLUMN_A>(),
        fields: &[
            ("cbStruct", offset_of!(JET_CONDITIONALCOLUMN_A, cbStruct)),
            (
                "szColumnName",
                offset_of!(JET_CONDITIONALCOLUMN_A, szColumnName),
            ),
            ("grbit", offset_of!(JET_CONDITIONALCOLUMN_A, grbit)),
        ],
    },
    Layout {
        name: "JET_CONDITIONALCOLUMN_W",
        size: size_of::<JET_CONDITIONALCOLUMN_W>(),
        align: align_of::<JET_CONDITIONALCOLUMN_W>(),
        fields: &[
            ("cbStruct", offset_of!(JET_CONDITIONALCOLUMN_W, cbStruct)),
            (
                "szColumnName",
                offset_of!(JET_CONDITIONALCOLUMN_W, szColumnName),
            ),
            ("grbit", offset_of!(JET_CONDITIONALCOLUMN_W, grbit)),
        ],
    },
    Layout {
        name: "JET_UNICODEINDEX",
        size: size_of::<JET_UNICODEINDEX>(),
        align: align_of::<JET_UNICODEINDEX>(),
        fields: &[
            ("lcid", offset_of!(JET_UNICODEINDEX, lcid)),
            ("dwMapFlags", offset_of!(JET_UNICODEINDEX, dwMapFlags)),
        ],
    },
    Layout {
        name: "JET_UNICODEINDEX2",
        size: size_of::<JET_UNICODEINDEX2>(),
        align: align_of::<JET_UNICODEINDEX2>(),
        fields: &[
            ("szLocaleName", offset_of!(JET_UNICODEINDEX2, szLocaleName)),
            ("dwMapFlags", offset_of!(JET_UNICODEINDEX2, dwMapFlags)),
        ],
    },
    Layout {
        name: "JET_TUPLELIMITS",
        size: size_of::<JET_TUPLELIMITS>(),
        align: align_of::<JET_TUPLELIMITS>(),
        fields: &[
            ("chLengthMin", offset_of!(JET_TUPLELIMITS, chLengthMin)),
            ("chLengthMax", offset_of!(JET_TUPLELIMITS, chLengthMax)),
            ("chToIndexMax", offset_of!(JET_TUPLELIMITS, chToIndexMax)),
            ("cchIncrement", offset_of!(JET_TUPLELIMITS, cchIncrement)),
            ("ichStart", offset_of!(JET_TUPLELIMITS, ichStart)),
        ],
    },
    Layout {
        name: "JET_SPACEHINTS",
        size: size_of::<JET_SPACEHINTS>(),
        align: align_of::<JET_SPACEHINTS>(),
        fields: &[
            ("cbStruct", offset_of!(JET_SPACEHINTS, cbStruct)),
            (
                "ulInitialDensity",
                offset_of!(JET_SPACEHINTS, ulInitialDensity),
            ),
            ("cbInitial", offset_of!(JET_SPACEHINTS, cbInitial)),
            ("grbit", offset_of!(JET_SPACEHINTS, grbit)),
            ("ulMaintDensity", offset_of!(JET_SPACEHINTS, ulMaintDensity)),
            ("ulGrowth", offset_of!(JET_SPACEHINTS, ulGrowth)),
            ("cbMinExtent", offset_of!(JET_SPACEHINTS, cbMinExtent)),
            ("cbMaxExtent", offset_of!(JET_SPACEHINTS, cbMaxExtent)),
        ],
    },
    Layout {
        name: "JET_INDEXCREATE_A",
        size: size_of::<JET_INDEXCREATE_A>(),
        align: align_of::<JET_INDEXCREATE_A>(),
        fields: &[
            ("cbStruct", offset_of!(JET_INDEXCREATE_A, cbStruct)),
            ("szIndexName", offset_of!(JET_INDEXCREATE_A, szIndexName)),
            ("szKey", offset_of!(JET_INDEXCREATE_A, szKey)),
            ("cbKey", offset_of!(JET_INDEXCREATE_A, cbKey)),
            ("grbit", offset_of!(JET_INDEXCREATE_A, grbit)),
            ("ulDensity", offset_of!(JET_INDEXCREATE_A, ulDensity)),
            ("lcid", offset_of!(JET_INDEXCREATE_A, lcid_or_pidxunicode)),
            (
                "pidxunicode",
                offset_of!(JET_INDEXCREATE_A, lcid_or_pidxunicode),
            ),
            (
                "cbVarSegMac",
                offset_of!(JET_INDEXCREATE_A, cbVarSegMac_or_ptuplelimits),
            ),
            (
                "ptuplelimits",
                offset_of!(JET_INDEXCREATE_A, cbVarSegMac_or_ptuplelimits),
            ),
            (
                "rgconditionalcolumn",
                offset_of!(JET_INDEXCREATE_A, rgconditionalcolumn),
            ),
            (
                "cConditionalColumn",
                offset_of!(JET_INDEXCREATE_A, cConditionalColumn),
            ),
            ("err", offset_of!(JET_INDEXCREATE_A, err)),
            ("cbKeyMost", offset_of!(JET_INDEXCREATE_A, cbKeyMost)),
        ],
    },
    Layout {
        name: "JET_INDEXCREATE_W",
        size: size_of::<JET_INDEXCREATE_W>(),
        align: align_of::<JET_INDEXCREATE_W>(),
        fields: &[
            ("cbStruct", offset_of!(JET_INDEXCREATE_W, cbStruct)),
            ("szIndexName", offset_of!(JET_INDEXCREATE_W, szIndexName)),
            ("szKey", offset_of!(JET_INDEXCREATE_W, szKey)),
            ("cbKey", offset_of!(JET_INDEXCREATE_W, cbKey)),
            ("grbit", offset_of!(JET_INDEXCREATE_W, grbit)),
            ("ulDensity", offset_of!(JET_INDEXCREATE_W, ulDensity)),
            ("lcid", offset_of!(JET_INDEXCREATE_W, lcid_or_pidxunicode)),
            (
                "pidxunicode",
                offset_of!(JET_INDEXCREATE_W, lcid_or_pidxunicode),
            ),
            (
                "cbVarSegMac",
                offset_of!(JET_INDEXCREATE_W, cbVarSegMac_or_ptuplelimits),
            ),
            (
                "ptuplelimits",
                offset_of!(JET_INDEXCREATE_W, cbVarSegMac_or_ptuplelimits),
            ),
            (
                "rgconditionalcolumn",
                offset_of!(JET_INDEXCREATE_W, rgconditionalcolumn),
            ),
            (
                "cConditionalColumn",
                offset_of!(JET_INDEXCREATE_W, cConditionalColumn),
            ),
            ("err", offset_of!(JET_INDEXCREATE_W, err)),
            ("cbKeyMost", offset_of!(JET_INDEXCREATE_W, cbKeyMost)),
        ],
    },
    Layout {
        name: "JET_INDEXCREATE2_A",
        size: size_of::<JET_INDEXCREATE2_A>(),
        align: align_of::<JET_INDEXCREATE2_A>(),
        fields: &[
            ("cbStruct", offset_of!(JET_INDEXCREATE2_A, cbStruct)),
            ("szIndexName", offset_of!(JET_INDEXCREATE2_A, szIndexName)),
            ("szKey", offset_of!(JET_INDEXCREATE2_A, szKey)),
            ("cbKey", offset_of!(JET_INDEXCREATE2_A, cbKey)),
            ("grbit", offset_of!(JET_INDEXCREATE2_A, grbit)),
            ("ulDensity", offset_of!(JET_INDEXCREATE2_A, ulDensity)),
            ("lcid", offset_of!(JET_INDEXCREATE2_A, lcid_or_pidxunicode)),
            (
                "pidxunicode",
                offset_of!(JET_INDEXCREATE2_A, lcid_or_pidxunicode),
            ),
            (
                "cbVarSegMac",
                offset_of!(JET_INDEXCREATE2_A, cbVarSegMac_or_ptuplelimits),
            ),
            (
                "ptuplelimits",
                offset_of!(JET_INDEXCREATE2_A, cbVarSegMac_or_ptuplelimits),
            ),
            (
                "rgconditionalcolumn",
                offset_of!(JET_INDEXCREATE2_A, rgconditionalcolumn),
            ),
            (
                "cConditionalColumn",
                offset_of!(JET_INDEXCREATE2_A, cConditionalColumn),
            ),
            ("err", offset_of!(JET_INDEXCREATE2_A, err)),
            ("cbKeyMost", offset_of!(JET_INDEXCREATE2_A, cbKeyMost)),
            ("pSpacehints", offset_of!(JET_INDEXCREATE2_A, pSpacehints)),
        ],
    },
    Layout {
        name: "JET_INDEXCREATE2_W",
        size: size_of::<JET_INDEXCREATE2_W>(),
        align: align_of::<JET_INDEXCREATE2_W>(),
        fields: &[
            ("cbStruct", offset_of!(JET_INDEXCREATE2_W, cbStruct)),
            ("szIndexName", offset_of!(JET_INDEXCREATE2_W, szIndexName)),
            ("szKey", offset_of!(JET_INDEXCREATE2_W, szKey)),
            ("cbKey", offset_of!(JET_INDEXCREATE2_W, cbKey)),
            ("grbit", offset_of!(JET_INDEXCREATE2_W, grbit)),
            ("ulDensity", offset_of!(JET_INDEXCREATE2_W, ulDensity)),
            ("lcid", offset_of!(JET_INDEXCREATE2_W, lcid_or_pidxunicode)),
            (
                "pidxunicode",
                offset_of!(JET_INDEXCREATE2_W, lcid_or_pidxunicode),
            ),
            (
                "cbVarSegMac",
                offset_of!(JET_INDEXCREATE2_W, cbVarSegMac_or_ptuplelimits),
            ),
            (
                "ptuplelimits",
                offset_of!(JET_INDEXCREATE2_W, cbVarSegMac_or_ptuplelimits),
            ),
            (
                "rgconditionalcolumn",
                offset_of!(JET_INDEXCREATE2_W, rgconditionalcolumn),
            ),
            (
                "cConditionalColumn",
                offset_of!(JET_INDEXCREATE2_W, cConditionalColumn),
            ),
            ("err", offset_of!(JET_INDEXCREATE2_W, err)),
            ("cbKeyMost", offset_of!(JET_INDEXCREATE2_W, cbKeyMost)),
            ("pSpacehints", offset_of!(JET_INDEXCREATE2_W, pSpacehints)),
        ],
    },
    Layout {
        name: "JET_INDEXCREATE3_A",
        size: size_of::<JET_INDEXCREATE3_A>(),
        align: align_of::<JET_INDEXCREATE3_A>(),
        fields: &[
            ("cbStruct", offset_of!(JET_INDEXCREATE3_A, cbStruct)),
            ("szIndexName", offset_of!(JET_INDEXCREATE3_A, szIndexName)),
            ("szKey", offset_of!(JET_INDEXCREATE3_A, szKey)),
            ("cbKey", offset_of!(JET_INDEXCREATE3_A, cbKey)),
            ("grbit", offset_of!(JET_INDEXCREATE3_A, grbit)),
            ("ulDensity", offset_of!(JET_INDEXCREATE3_A, ulDensity)),
            ("pidxunicode", offset_of!(JET_INDEXCREATE3_A, pidxunicode)),
            (
                "cbVarSegMac",
                offset_of!(JET_INDEXCREATE3_A, cbVarSegMac_or_ptuplelimits),
            ),
            (
                "ptuplelimits",
                offset_of!(JET_INDEXCREATE3_A, cbVarSegMac_or_ptuplelimits),
            ),
            (
                "rgconditionalcolumn",
                offset_of!(JET_INDEXCREATE3_A, rgconditionalcolumn),
            ),
            (
                "cConditionalColumn",
                offset_of!(JET_INDEXCREATE3_A, cConditionalColumn),
            ),
            ("err", offset_of!(JET_INDEXCREATE3_A, err)),
            ("cbKeyMost", offset_of!(JET_INDEXCREATE3_A, cbKeyMost)),
            ("pSpacehints", offset_of!(JET_INDEXCREATE3_A, pSpacehints)),
        ],
    },
    Layout {
        name: "JET_INDEXCREATE3_W",
        size: size_of::<JET_INDEXCREATE3_W>(),
        align: align_of::<JET_INDEXCREATE3_W>(),
        fields: &[
            ("cbStruct", offset_of!(JET_INDEXCREATE3_W, cbStruct)),
            ("szIndexName", offset_of!(JET_INDEXCREATE3_W, szIndexName)),
            ("szKey", offset_of!(JET_INDEXCREATE3_W, szKey)),
            ("cbKey", offset_of!(JET_INDEXCREATE3_W, cbKey)),
            ("grbit", offset_of!(JET_INDEXCREATE3_W, grbit)),
            ("ulDensity", offset_of!(JET_INDEXCREATE3_W, ulDensity)),
            ("pidxunicode", offset_of!(JET_INDEXCREATE3_W, pidxunicode)),
            (
                "cbVarSegMac",
                offset_of!(JET_INDEXCREATE3_W, cbVarSegMac_or_ptuplelimits),
            ),
            (
                "ptuplelimits",
                offset_of!(JET_INDEXCREATE3_W, cbVarSegMac_or_ptuplelimits),
            ),
            (
                "rgconditionalcolumn",
                offset_of!(JET_INDEXCREATE3_W, rgconditionalcolumn),
            ),
            (
                "cConditionalColumn",
                offset_of!(JET_INDEXCREATE3_W, cConditionalColumn),
            ),
            ("err", offset_of!(JET_INDEXCREATE3_W, err)),
            ("cbKeyMost", offset_of!(JET_INDEXCREATE3_W, cbKeyMost)),
            ("pSpacehints", offset_of!(JET_INDEXCREATE3_W, pSpacehints)),
        ],
    },
    Layout {
        name: "JET_TABLECREATE_A",
        size: size_of::<JET_TABLECREATE_A>(),
        align: align_of::<JET_TABLECREATE_A>(),
        fields: &[
            ("cbStruct", offset_of!(JET_TABLECREATE_A, cbStruct)),
            ("szTableName", offset_of!(JET_TABLECREATE_A, szTableName)),
            (
                "szTemplateTableName",
                offset_of!(JET_TABLECREATE_A, szTemplateTableName),
            ),
            ("ulPages", offset_of!(JET_TABLECREATE_A, ulPages)),
            ("ulDensity", offset_of!(JET_TABLECREATE_A, ulDensity)),
            (
                "rgcolumncreate",
                offset_of!(JET_TABLECREATE_A, rgcolumncreate),
            ),
            ("cColumns", offset_of!(JET_TABLECREATE_A, cColumns)),
            (
                "rgindexcreate",
                offset_of!(JET_TABLECREATE_A, rgindexcreate),
            ),
            ("cIndexes", offset_of!(JET_TABLECREATE_A, cIndexes)),
            ("grbit", offset_of!(JET_TABLECREATE_A, grbit)),
            ("tableid", offset_of!(JET_TABLECREATE_A, tableid)),
            ("cCreated", offset_of!(JET_TABLECREATE_A, cCreated)),
        ],
    },
    Layout {
        name: "JET_TABLECREATE_W",
        size: size_of::<JET_TABLECREATE_W>(),
        align: align_of::<JET_TABLECREATE_W>(),
        fields: &[
            ("cbStruct", offset_of!(JET_TABLECREATE_W, cbStruct)),
            ("szTableName", offset_of!(JET_TABLECREATE_W, szTableName)),
            (
                "szTemplateTableName",
                offset_of!(JET_TABLECREATE_W, szTemplateTableName),
            ),
            ("ulPages", offset_of!(JET_TABLECREATE_W, ulPages)),
            ("ulDensity", offset_of!(JET_TABLECREATE_W, ulDensity)),
            (
                "rgcolumncreate",
                offset_of!(JET_TABLECREATE_W, rgcolumncreate),
            ),
            ("cColumns", offset_of!(JET_TABLECREATE_W, cColumns)),
            (
                "rgindexcreate",
                offset_of!(JET_TABLECREATE_W, rgindexcreate),
            ),
            ("cIndexes", offset_of!(JET_TABLECREATE_W, cIndexes)),
            ("grbit", offset_of!(JET_TABLECREATE_W, grbit)),
            ("tableid", offset_of!(JET_TABLECREATE_W, tableid)),
            ("cCreated", offset_of!(JET_TABLECREATE_W, cCreated)),
        ],
    },
    Layout {
        name: "JET_TABLECREATE2_A",
        size: size_of::<JET_TABLECREATE2_A>(),
        align: align_of::<JET_TABLECREATE2_A>(),
        fields: &[
            ("cbStruct", offset_of!(JET_TABLECREATE2_A, cbStruct)),
            ("szTableName", offset_of!(JET_TABLECREATE2_A, szTableName)),
            (
                "szTemplateTableName",
                offset_of!(JET_TABLECREATE2_A, szTemplateTableName),
            ),
            ("ulPages", offset_of!(JET_TABLECREATE2_A, ulPages)),
            ("ulDensity", offset_of!(JET_TABLECREATE2_A, ulDensity)),
            (
                "rgcolumncreate",
                offset_of!(JET_TABLECREATE2_A, rgcolumncreate),
            ),
            ("cColumns", offset_of!(JET_TABLECREATE2_A, cColumns)),
            (
                "rgindexcreate",
                offset_of!(JET_TABLECREATE2_A, rgindexcreate),
            ),
            ("cIndexes", offset_of!(JET_TABLECREATE2_A, cIndexes)),
            ("szCallback", offset_of!(JET_TABLECREATE2_A, szCallback)),
            ("cbtyp", offset_of!(JET_TABLECREATE2_A, cbtyp)),
            ("grbit", offset_of!(JET_TABLECREATE2_A, grbit)),
            ("tableid", offset_of!(JET_TABLECREATE2_A, tableid)),
            ("cCreated", offset_of!(JET_TABLECREATE2_A, cCreated)),
        ],
    },
    Layout {
        name: "JET_TABLECREATE2_W",
        size: size_of::<JET_TABLECREATE2_W>(),
        align: align_of::<JET_TABLECREATE2_W>(),
        fields: &[
            ("cbStruct", offset_of!(JET_TABLECREATE2_W, cbStruct)),
            ("szTableName", offset_of!(JET_TABLECREATE2_W, szTableName)),
            (
                "szTemplateTableName",
                offset_of!(JET_TABLECREATE2_W, szTemplateTableName),
            ),
            ("ulPages", offset_of!(JET_TABLECREATE2_W, ulPages)),
            ("ulDensity", offset_of!(JET_TABLECREATE2_W, ulDensity)),
            (
                "rgcolumncreate",
                offset_of!(JET_TABLECREATE2_W, rgcolumncreate),
            ),
            ("cColumns", offset_of!(JET_TABLECREATE2_W, cColumns)),
            (
                "rgindexcreate",
                offset_of!(JET_TABLECREATE2_W, rgindexcreate),
            ),
            ("cIndexes", offset_of!(JET_TABLECREATE2_W, cIndexes)),
            ("szCallback", offset_of!(JET_TABLECREATE2_W, szCallback)),
            ("cbtyp", offset_of!(JET_TABLECREATE2_W, cbtyp)),
            ("grbit", offset_of!(JET_TABLECREATE2_W, grbit)),
            ("tableid", offset_of!(JET_TABLECREATE2_W, tableid)),
            ("cCreated", offset_of!(JET_TABLECREATE2_W, cCreated)),
        ],
    },
    Layout {
        name: "JET_TABLECREATE3_A",
        size: size_of::<JET_TABLECREATE3_A>(),
        align: align_of::<JET_TABLECREATE3_A>(),
        fields: &[
            ("cbStruct", offset_of!(JET_TABLECREATE3_A, cbStruct)),
            ("szTableName", offset_of!(JET_TABLECREATE3_A, szTableName)),
            (
                "szTemplateTableName",
                offset_of!(JET_TABLECREATE3_A, szTemplateTableName),
            ),
            ("ulPages", offset_of!(JET_TABLECREATE3_A, ulPages)),
            ("ulDensity", offset_of!(JET_TABLECREATE3_A, ulDensity)),
            (
                "rgcolumncreate",
                offset_of!(JET_TABLECREATE3_A, rgcolumncreate),
            ),
            ("cColumns", offset_of!(JET_TABLECREATE3_A, cColumns)),
            (
                "rgindexcreate",
                offset_of!(JET_TABLECREATE3_A, rgindexcreate),
            ),
            ("cIndexes", offset_of!(JET_TABLECREATE3_A, cIndexes)),
            ("szCallback", offset_of!(JET_TABLECREATE3_A, szCallback)),
            ("cbtyp", offset_of!(JET_TABLECREATE3_A, cbtyp)),
            ("grbit", offset_of!(JET_TABLECREATE3_A, grbit)),
            (
                "pSeqSpacehints",
                offset_of!(JET_TABLECREATE3_A, pSeqSpacehints),
            ),
            (
                "pLVSpacehints",
                offset_of!(JET_TABLECREATE3_A, pLVSpacehints),
            ),
            ("cbSeparateLV", offset_of!(JET_TABLECREATE3_A, cbSeparateLV)),
            ("tableid", offset_of!(JET_TABLECREATE3_A, tableid)),
            ("cCreated", offset_of!(JET_TABLECREATE3_A, cCreated)),
        ],
    },
    Layout {
        name: "JET_TABLECREATE3_W",
        size: size_of::<JET_TABLECREATE3_W>(),
        align: align_of::<JET_TABLECREATE3_W>(),
        fields: &[
            ("cbStruct", offset_of!(JET_TABLECREATE3_W, cbStruct)),
            ("szTableName", offset_of!(JET_TABLECREATE3_W, szTableName)),
            (
                "szTemplateTableName",
                offset_of!(JET_TABLECREATE3_W, szTemplateTableName),
            ),
            ("ulPages", offset_of!(JET_TABLECREATE3_W, ulPages)),
            ("ulDensity", offset_of!(JET_TABLECREATE3_W, ulDensity)),
            (
                "rgcolumncreate",
                offset_of!(JET_TABLECREATE3_W, rgcolumncreate),
            ),
            ("cColumns", offset_of!(JET_TABLECREATE3_W, cColumns)),
            (
                "rgindexcreate",
                offset_of!(JET_TABLECREATE3_W, rgindexcreate),
            ),
            ("cIndexes", offset_of!(JET_TABLECREATE3_W, cIndexes)),
            ("szCallback", offset_of!(JET_TABLECREATE3_W, szCallback)),
            ("cbtyp", offset_of!(JET_TABLECREATE3_W, cbtyp)),
            ("grbit", offset_of!(JET_TABLECREATE3_W, grbit)),
            (
                "pSeqSpacehints",
                offset_of!(JET_TABLECREATE3_W, pSeqSpacehints),
            ),
            (
                "pLVSpacehints",
                offset_of!(JET_TABLECREATE3_W, pLVSpacehints),
            ),
            ("cbSeparateLV", offset_of!(JET_TABLECREATE3_W, cbSeparateLV)),
            ("tableid", offset_of!(JET_TABLECREATE3_W, tableid)),
            ("cCreated", offset_of!(JET_TABLECREATE3_W, cCreated)),
        ],
    },
    Layout {
        name: "JET_TABLECREATE4_A",
        size: size_of::<JET_TABLECREATE4_A>(),
        align: align_of::<JET_TABLECREATE4_A>(),
        fields: &[
            ("cbStruct", offset_of!(JET_TABLECREATE4_A, cbStruct)),
            ("szTableName", offset_of!(JET_TABLECREATE4_A, szTableName)),
            (
                "szTemplateTableName",
                offset_of!(JET_TABLECREATE4_A, szTemplateTableName),
            ),
            ("ulPages", offset_of!(JET_TABLECREATE4_A, ulPages)),
            ("ulDensity", offset_of!(JET_TABLECREATE4_A, ulDensity)),
            (
                "rgcolumncreate",
                offset_of!(JET_TABLECREATE4_A, rgcolumncreate),
            ),
            ("cColumns", offset_of!(JET_TABLECREATE4_A, cColumns)),
            (
                "rgindexcreate",
                offset_of!(JET_TABLECREATE4_A, rgindexcreate),
            ),
            ("cIndexes", offset_of!(JET_TABLECREATE4_A, cIndexes)),
            ("szCallback", offset_of!(JET_TABLECREATE4_A, szCallback)),
            ("cbtyp", offset_of!(JET_TABLECREATE4_A, cbtyp)),
            ("grbit", offset_of!(JET_TABLECREATE4_A, grbit)),
            (
                "pSeqSpacehints",
                offset_of!(JET_TABLECREATE4_A, pSeqSpacehints),
            ),
            (
                "pLVSpacehints",
                offset_of!(JET_TABLECREATE4_A, pLVSpacehints),
            ),
            ("cbSeparateLV", offset_of!(JET_TABLECREATE4_A, cbSeparateLV)),
            ("tableid", offset_of!(JET_TABLECREATE4_A, tableid)),
            ("cCreated", offset_of!(JET_TABLECREATE4_A, cCreated)),
        ],
    },
    Layout {
        name: "JET_TABLECREATE4_W",
        size: size_of::<JET_TABLECREATE4_W>(),
        align: align_of::<JET_TABLECREATE4_W>(),
        fields: &[
            ("cbStruct", offset_of!(JET_TABLECREATE4_W, cbStruct)),
            ("szTableName", offset_of!(JET_TABLECREATE4_W, szTableName)),
            (
                "szTemplateTableName",
                offset_of!(JET_TABLECREATE4_W, szTemplateTableName),
            ),
            ("ulPages", offset_of!(JET_TABLECREATE4_W, ulPages)),
            ("ulDensity", offset_of!(JET_TABLECREATE4_W, ulDensity)),
            (
                "rgcolumncreate",
                offset_of!(JET_TABLECREATE4_W, rgcolumncreate),
            ),
            ("cColumns", offset_of!(JET_TABLECREATE4_W, cColumns)),
            (
                "rgindexcreate",
                offset_of!(JET_TABLECREATE4_W, rgindexcreate),
            ),
            ("cIndexes", offset_of!(JET_TABLECREATE4_W, cIndexes)),
            ("szCallback", offset_of!(JET_TABLECREATE4_W, szCallback)),
            ("cbtyp", offset_of!(JET_TABLECREATE4_W, cbtyp)),
            ("grbit", offset_of!(JET_TABLECREATE4_W, grbit)),
            (
                "pSeqSpacehints",
                offset_of!(JET_TABLECREATE4_W, pSeqSpacehints),
            ),
            (
                "pLVSpacehints",
                offset_of!(JET_TABLECREATE4_W, pLVSpacehints),
            ),
            ("cbSeparateLV", offset_of!(JET_TABLECREATE4_W, cbSeparateLV)),
            ("tableid", offset_of!(JET_TABLECREATE4_W, tableid)),
            ("cCreated", offset_of!(JET_TABLECREATE4_W, cCreated)),
        ],
    },
    Layout {
        name: "JET_OPENTEMPORARYTABLE",
        size: size_of::<JET_OPENTEMPORARYTABLE>(),
        align: align_of::<JET_OPENTEMPORARYTABLE>(),
        fields: &[
            ("cbStruct", offset_of!(JET_OPENTEMPORARYTABLE, cbStruct)),
            (
                "prgcolumndef",
                offset_of!(JET_OPENTEMPORARYTABLE, prgcolumndef),
            ),
            ("ccolumn", offset_of!(JET_OPENTEMPORARYTABLE, ccolumn)),
            (
                "pidxunicode",
                offset_of!(JET_OPENTEMPORARYTABLE, pidxunicode),
            ),
            ("grbit", offset_of!(JET_OPENTEMPORARYTABLE, grbit)),
            (
                "prgcolumnid",
                offset_of!(JET_OPENTEMPORARYTABLE, prgcolumnid),
            ),
            ("cbKeyMost", offset_of!(JET_OPENTEMPORARYTABLE, cbKeyMost)),
            (
                "cbVarSegMac",
                offset_of!(JET_OPENTEMPORARYTABLE, cbVarSegMac),
            ),
            ("tableid", offset_of!(JET_OPENTEMPORARYTABLE, tableid)),
        ],
    },
    Layout {
        name: "JET_OPENTEMPORARYTABLE2",
        size: size_of::<JET_OPENTEMPORARYTABLE2>(),
        align: align_of::<JET_OPENTEMPORARYTABLE2>(),
        fields: &[
            ("cbStruct", offset_of!(JET_OPENTEMPORARYTABLE2, cbStruct)),
            (
                "prgcolumndef",
                offset_of!(JET_OPENTEMPORARYTABLE2, prgcolumndef),
            ),
            ("ccolumn", offset_of!(JET_OPENTEMPORARYTABLE2, ccolumn)),
            (
                "pidxunicode",
                offset_of!(JET_OPENTEMPORARYTABLE2, pidxunicode),
            ),
            ("grbit", offset_of!(JET_OPENTEMPORARYTABLE2, grbit)),
            (
                "prgcolumnid",
                offset_of!(JET_OPENTEMPORARYTABLE2, prgcolumnid),
            ),
            ("cbKeyMost", offset_of!(JET_OPENTEMPORARYTABLE2, cbKeyMost)),
            (
                "cbVarSegMac",
                offset_of!(JET_OPENTEMPORARYTABLE2, cbVarSegMac),
            ),
            ("tableid", offset_of!(JET_OPENTEMPORARYTABLE2, tableid)),
        ],
    },
    Layout {
        name: "JET_RETINFO",
        size: size_of::<JET_RETINFO>(),
        align: align_of::<JET_RETINFO>(),
        fields: &[
            ("cbStruct", offset_of!(JET_RETINFO, cbStruct)),
            ("ibLongValue", offset_of!(JET_RETINFO, ibLongValue)),
            ("itagSequence", offset_of!(JET_RETINFO, itagSequence)),
            (
                "columnidNextTagged",
                offset_of!(JET_RETINFO, columnidNextTagged),
            ),
        ],
    },
    Layout {
        name: "JET_SETINFO",
        size: size_of::<JET_SETINFO>(),
        align: align_of::<JET_SETINFO>(),
        fields: &[
            ("cbStruct", offset_of!(JET_SETINFO, cbStruct)),
            ("ibLongValue", offset_of!(JET_SETINFO, ibLongValue)),
            ("itagSequence", offset_of!(JET_SETINFO, itagSequence)),
        ],
    },
    Layout {
        name: "JET_RECPOS",
        size: size_of::<JET_RECPOS>(),
        align: align_of::<JET_RECPOS>(),
        fields: &[
            ("cbStruct", offset_of!(JET_RECPOS, cbStruct)),
            ("centriesLT", offset_of!(JET_RECPOS, centriesLT)),
            ("centriesInRange", offset_of!(JET_RECPOS, centriesInRange)),
            ("centriesTotal", offset_of!(JET_RECPOS, centriesTotal)),
        ],
    },
    Layout {
        name: "JET_RECPOS2",
        size: size_of::<JET_RECPOS2>(),
        align: align_of::<JET_RECPOS2>(),
        fields: &[
            ("cbStruct", offset_of!(JET_RECPOS2, cbStruct)),
            (
                "centriesLTDeprecated",
                offset_of!(JET_RECPOS2, centriesLTDeprecated),
            ),
            (
                "centriesInRangeDeprecated",
                offset_of!(JET_RECPOS2, centriesInRangeDeprecated),
            ),
            (
                "centriesTotalDeprecated",
                offset_of!(JET_RECPOS2, centriesTotalDeprecated),
            ),
            ("centriesLT", offset_of!(JET_RECPOS2, centriesLT)),
            ("centriesTotal", offset_of!(JET_RECPOS2, centriesTotal)),
        ],
    },
    Layout {
        name: "JET_RECORDLIST",
        size: size_of::<JET_RECORDLIST>(),
        align: align_of::<JET_RECORDLIST>(),
        fields: &[
            ("cbStruct", offset_of!(JET_RECORDLIST, cbStruct)),
            ("tableid", offset_of!(JET_RECORDLIST, tableid)),
            ("cRecord", offset_of!(JET_RECORDLIST, cRecord)),
            (
                "columnidBookmark",
                offset_of!(JET_RECORDLIST, columnidBookmark),
            ),
        ],
    },
    Layout {
        name: "JET_INDEXRANGE",
        size: size_of::<JET_INDEXRANGE>(),
        align: align_of::<JET_INDEXRANGE>(),
        fields: &[
            ("cbStruct", offset_of!(JET_INDEXRANGE, cbStruct)),
            ("tableid", offset_of!(JET_INDEXRANGE, tableid)),
            ("grbit", offset_of!(JET_INDEXRANGE, grbit)),
        ],
    },
    Layout {
        name: "JET_INDEX_COLUMN",
        size: size_of::<JET_INDEX_COLUMN>(),
        align: align_of::<JET_INDEX_COLUMN>(),
        fields: &[
            ("columnid", offset_of!(JET_INDEX_COLUMN, columnid)),
            ("relop", offset_of!(JET_INDEX_COLUMN, relop)),
            ("pv", offset_of!(JET_INDEX_COLUMN, pv)),
            ("cb", offset_of!(JET_INDEX_COLUMN, cb)),
            ("grbit", offset_of!(JET_INDEX_COLUMN, grbit)),
        ],
    },
    Layout {
        name: "JET_INDEX_RANGE",
        size: size_of::<JET_INDEX_RANGE>(),
        align: align_of::<JET_INDEX_RANGE>(),
        fields: &[
            (
                "rgStartColumns",
                offset_of!(JET_INDEX_RANGE, rgStartColumns),
            ),
            ("cStartColumns", offset_of!(JET_INDEX_RANGE, cStartColumns)),
            ("rgEndColumns", offset_of!(JET_INDEX_RANGE, rgEndColumns)),
            ("cEndColumns", offset_of!(JET_INDEX_RANGE, cEndColumns)),
        ],
    },
    Layout {
        name: "JET_LOGTIME",
        size: size_of::<JET_LOGTIME>(),
        align: align_of::<JET_LOGTIME>(),
        fields: &[
            ("bSeconds", offset_of!(JET_LOGTIME, bSeconds)),
            ("bMinutes", offset_of!(JET_LOGTIME, bMinutes)),
            ("bHours", offset_of!(JET_LOGTIME, bHours)),
            ("bDay", offset_of!(JET_LOGTIME, bDay)),
            ("bMonth", offset_of!(JET_LOGTIME, bMonth)),
            ("bYear", offset_of!(JET_LOGTIME, bYear)),
            ("bFiller1", offset_of!(JET_LOGTIME, bFiller1)),
            ("bFiller2", offset_of!(JET_LOGTIME, bFiller2)),
        ],
    },
    Layout {
        name: "JET_BKLOGTIME",
        size: size_of::<JET_BKLOGTIME>(),
        align: align_of::<JET_BKLOGTIME>(),
        fields: &[
            ("bSeconds", offset_of!(JET_BKLOGTIME, bSeconds)),
            ("bMinutes", offset_of!(JET_BKLOGTIME, bMinutes)),
            ("bHours", offset_of!(JET_BKLOGTIME, bHours)),
            ("bDay", offset_of!(JET_BKLOGTIME, bDay)),
            ("bMonth", offset_of!(JET_BKLOGTIME, bMonth)),
            ("bYear", offset_of!(JET_BKLOGTIME, bYear)),
            ("bFiller1", offset_of!(JET_BKLOGTIME, bFiller1)),
            ("bFiller2", offset_of!(JET_BKLOGTIME, bFiller2)),
        ],
    },
    Layout {
        name: "JET_LGPOS",
        size: size_of::<JET_LGPOS>(),
        align: align_of::<JET_LGPOS>(),
        fields: &[
            ("ib", offset_of!(JET_LGPOS, ib)),
            ("isec", offset_of!(JET_LGPOS, isec)),
            ("lGeneration", offset_of!(JET_LGPOS, lGeneration)),
        ],
    },
    Layout {
        name: "JET_SIGNATURE",
        size: size_of::<JET_SIGNATURE>(),
        align: align_of::<JET_SIGNATURE>(),
        fields: &[
            ("ulRandom", offset_of!(JET_SIGNATURE, ulRandom)),
            ("logtimeCreate", offset_of!(JET_SIGNATURE, logtimeCreate)),
            ("szComputerName", offset_of!(JET_SIGNATURE, szComputerName)),
        ],
    },
    Layout {
        name: "JET_BKINFO",
        size: size_of::<JET_BKINFO>(),
        align: align_of::<JET_BKINFO>(),
        fields: &[
            ("lgposMark", offset_of!(JET_BKINFO, lgposMark)),
            (
                "logtimeMark",
                offset_of!(JET_BKINFO, logtimeMark_or_bklogtimeMark),
            ),
            (
                "bklogtimeMark",
                offset_of!(JET_BKINFO, logtimeMark_or_bklogtimeMark),
            ),
            ("genLow", offset_of!(JET_BKINFO, genLow)),
            ("genHigh", offset_of!(JET_BKINFO, genHigh)),
        ],
    },
    Layout {
        name: "JET_DBINFOMISC",
        size: size_of::<JET_DBINFOMISC>(),
        align: align_of::<JET_DBINFOMISC>(),
        fields: &[
            ("ulVersion", offset_of!(JET_DBINFOMISC, ulVersion)),
            ("ulUpdate", offset_of!(JET_DBINFOMISC, ulUpdate)),
            ("signDb", offset_of!(JET_DBINFOMISC, signDb)),
            ("dbstate", offset_of!(JET_DBINFOMISC, dbstate)),
            (
                "lgposConsistent",
                offset_of!(JET_DBINFOMISC, lgposConsistent),
            ),
            (
                "logtimeConsistent",
                offset_of!(JET_DBINFOMISC, logtimeConsistent),
            ),
            ("logtimeAttach", offset_of!(JET_DBINFOMISC, logtimeAttach)),
            ("lgposAttach", offset_of!(JET_DBINFOMISC, lgposAttach)),
            ("logtimeDetach", offset_of!(JET_DBINFOMISC, logtimeDetach)),
            ("lgposDetach", offset_of!(JET_DBINFOMISC, lgposDetach)),
            ("signLog", offset_of!(JET_DBINFOMISC, signLog)),
            ("bkinfoFullPrev", offset_of!(JET_DBINFOMISC, bkinfoFullPrev)),
            ("bkinfoIncPrev", offset_of!(JET_DBINFOMISC, bkinfoIncPrev)),
            ("bkinfoFullCur", offset_of!(JET_DBINFOMISC, bkinfoFullCur)),
            (
                "fShadowingDisabled",
                offset_of!(JET_DBINFOMISC, fShadowingDisabled),
            ),
            ("fUpgradeDb", offset_of!(JET_DBINFOMISC, fUpgradeDb)),
            ("dwMajorVersion", offset_of!(JET_DBINFOMISC, dwMajorVersion)),
            ("dwMinorVersion", offset_of!(JET_DBINFOMISC, dwMinorVersion)),
            ("dwBuildNumber", offset_of!(JET_DBINFOMISC, dwBuildNumber)),
            ("lSPNumber", offset_of!(JET_DBINFOMISC, lSPNumber)),
            ("cbPageSize", offset_of!(JET_DBINFOMISC, cbPageSize)),
        ],
    },
    Layout {
        name: "JET_DBINFOMISC2",
        size: size_of::<JET_DBINFOMISC2>(),
        align: align_of::<JET_DBINFOMISC2>(),
        fields: &[
            ("ulVersion", offset_of!(JET_DBINFOMISC2, ulVersion)),
            ("ulUpdate", offset_of!(JET_DBINFOMISC2, ulUpdate)),
            ("signDb", offset_of!(JET_DBINFOMISC2, signDb)),
            ("dbstate", offset_of!(JET_DBINFOMISC2, dbstate)),
            (
                "lgposConsistent",
                offset_of!(JET_DBINFOMISC2, lgposConsistent),
            ),
            (
                "logtimeConsistent",
                offset_of!(JET_DBINFOMISC2, logtimeConsistent),
            ),
            ("logtimeAttach", offset_of!(JET_DBINFOMISC2, logtimeAttach)),
            ("lgposAttach", offset_of!(JET_DBINFOMISC2, lgposAttach)),
            ("logtimeDetach", offset_of!(JET_DBINFOMISC2, logtimeDetach)),
            ("lgposDetach", offset_of!(JET_DBINFOMISC2, lgposDetach)),
            ("signLog", offset_of!(JET_DBINFOMISC2, signLog)),
            (
                "bkinfoFullPrev",
                offset_of!(JET_DBINFOMISC2, bkinfoFullPrev),
            ),
            ("bkinfoIncPrev", offset_of!(JET_DBINFOMISC2, bkinfoIncPrev)),
            ("bkinfoFullCur", offset_of!(JET_DBINFOMISC2, bkinfoFullCur)),
            (
                "fShadowingDisabled",
                offset_of!(JET_DBINFOMISC2, fShadowingDisabled),
            ),
            ("fUpgradeDb", offset_of!(JET_DBINFOMISC2, fUpgradeDb)),
            (
                "dwMajorVersion",
                offset_of!(JET_DBINFOMISC2, dwMajorVersion),
            ),
            (
                "dwMinorVersion",
                offset_of!(JET_DBINFOMISC2, dwMinorVersion),
            ),
            ("dwBuildNumber", offset_of!(JET_DBINFOMISC2, dwBuildNumber)),
            ("lSPNumber", offset_of!(JET_DBINFOMISC2, lSPNumber)),
            ("cbPageSize", offset_of!(JET_DBINFOMISC2, cbPageSize)),
            (
                "genMinRequired",
                offset_of!(JET_DBINFOMISC2, genMinRequired),
            ),
            (
                "genMaxRequired",
                offset_of!(JET_DBINFOMISC2, genMaxRequired),
            ),
            (
                "logtimeGenMaxCreate",
                offset_of!(JET_DBINFOMISC2, logtimeGenMaxCreate),
            ),
            ("ulRepairCount", offset_of!(JET_DBINFOMISC2, ulRepairCount)),
            ("logtimeRepair", offset_of!(JET_DBINFOMISC2, logtimeRepair)),
            (
                "ulRepairCountOld",
                offset_of!(JET_DBINFOMISC2, ulRepairCountOld),
            ),
            (
                "ulECCFixSuccess",
                offset_of!(JET_DBINFOMISC2, ulECCFixSuccess),
            ),
            (
                "logtimeECCFixSuccess",
                offset_of!(JET_DBINFOMISC2, logtimeECCFixSuccess),
            ),
            (
                "ulECCFixSuccessOld",
                offset_of!(JET_DBINFOMISC2, ulECCFixSuccessOld),
            ),
            ("ulECCFixFail", offset_of!(JET_DBINFOMISC2, ulECCFixFail)),
            (
                "logtimeECCFixFail",
                offset_of!(JET_DBINFOMISC2, logtimeECCFixFail),
            ),
            (
                "ulECCFixFailOld",
                offset_of!(JET_DBINFOMISC2, ulECCFixFailOld),
            ),
            ("ulBadChecksum", offset_of!(JET_DBINFOMISC2, ulBadChecksum)),
            (
                "logtimeBadChecksum",
                offset_of!(JET_DBINFOMISC2, logtimeBadChecksum),
            ),
            (
                "ulBadChecksumOld",
                offset_of!(JET_DBINFOMISC2, ulBadChecksumOld),
            ),
        ],
    },
    Layout {
        name: "JET_DBINFOMISC3",
        size: size_of::<JET_DBINFOMISC3>(),
        align: align_of::<JET_DBINFOMISC3>(),
        fields: &[
            ("ulVersion", offset_of!(JET_DBINFOMISC3, ulVersion)),
            ("ulUpdate", offset_of!(JET_DBINFOMISC3, ulUpdate)),
            ("signDb", offset_of!(JET_DBINFOMISC3, signDb)),
            ("dbstate", offset_of!(JET_DBINFOMISC3, dbstate)),
            (
                "lgposConsistent",
                offset_of!(JET_DBINFOMISC3, lgposConsistent),
            ),
            (
                "logtimeConsistent",
                offset_of!(JET_DBINFOMISC3, logtimeConsistent),
            ),
            ("logtimeAttach", offset_of!(JET_DBINFOMISC3, logtimeAttach)),
            ("lgposAttach", offset_of!(JET_DBINFOMISC3, lgposAttach)),
            ("logtimeDetach", offset_of!(JET_DBINFOMISC3, logtimeDetach)),
            ("lgposDetach", offset_of!(JET_DBINFOMISC3, lgposDetach)),
            ("signLog", offset_of!(JET_DBINFOMISC3, signLog)),
            (
                "bkinfoFullPrev",
                offset_of!(JET_DBINFOMISC3, bkinfoFullPrev),
            ),
            ("bkinfoIncPrev", offset_of!(JET_DBINFOMISC3, bkinfoIncPrev)),
            ("bkinfoFullCur", offset_of!(JET_DBINFOMISC3, bkinfoFullCur)),
            (
                "fShadowingDisabled",
                offset_of!(JET_DBINFOMISC3, fShadowingDisabled),
            ),
            ("fUpgradeDb", offset_of!(JET_DBINFOMISC3, fUpgradeDb)),
            (
                "dwMajorVersion",
                offset_of!(JET_DBINFOMISC3, dwMajorVersion),
            ),
            (
                "dwMinorVersion",
                offset_of!(JET_DBINFOMISC3, dwMinorVersion),
            ),
            ("dwBuildNumber", offset_of!(JET_DBINFOMISC3, dwBuildNumber)),
            ("lSPNumber", offset_of!(JET_DBINFOMISC3, lSPNumber)),
            ("cbPageSize", offset_of!(JET_DBINFOMISC3, cbPageSize)),
            (
                "genMinRequired",
                offset_of!(JET_DBINFOMISC3, genMinRequired),
            ),
            (
                "genMaxRequired",
                offset_of!(JET_DBINFOMISC3, genMaxRequired),
            ),
            (
                "logtimeGenMaxCreate",
                offset_of!(JET_DBINFOMISC3, logtimeGenMaxCreate),
            ),
            ("ulRepairCount", offset_of!(JET_DBINFOMISC3, ulRepairCount)),
            ("logtimeRepair", offset_of!(JET_DBINFOMISC3, logtimeRepair)),
            (
                "ulRepairCountOld",
                offset_of!(JET_DBINFOMISC3, ulRepairCountOld),
            ),
            (
                "ulECCFixSuccess",
                offset_of!(JET_DBINFOMISC3, ulECCFixSuccess),
            ),
            (
                "logtimeECCFixSuccess",
                offset_of!(JET_DBINFOMISC3, logtimeECCFixSuccess),
            ),
            (
                "ulECCFixSuccessOld",
                offset_of!(JET_DBINFOMISC3, ulECCFixSuccessOld),
            ),
            ("ulECCFixFail", offset_of!(JET_DBINFOMISC3, ulECCFixFail)),
            (
                "logtimeECCFixFail",
                offset_of!(JET_DBINFOMISC3, logtimeECCFixFail),
            ),
            (
                "ulECCFixFailOld",
                offset_of!(JET_DBINFOMISC3, ulECCFixFailOld),
            ),
            ("ulBadChecksum", offset_of!(JET_DBINFOMISC3, ulBadChecksum)),
            (
                "logtimeBadChecksum",
                offset_of!(JET_DBINFOMISC3, logtimeBadChecksum),
            ),
            (
                "ulBadChecksumOld",
                offset_of!(JET_DBINFOMISC3, ulBadChecksumOld),
            ),
            ("genCommitted", offset_of!(JET_DBINFOMISC3, genCommitted)),
        ],
    },
    Layout {
        name: "JET_DBINFOMISC4",
        size: size_of::<JET_DBINFOMISC4>(),
        align: align_of::<JET_DBINFOMISC4>(),
        fields: &[
            ("ulVersion", offset_of!(JET_DBINFOMISC4, ulVersion)),
            ("ulUpdate", offset_of!(JET_DBINFOMISC4, ulUpdate)),
            ("signDb", offset_of!(JET_DBINFOMISC4, signDb)),
            ("dbstate", offset_of!(JET_DBINFOMISC4, dbstate)),
            (
                "lgposConsistent",
                offset_of!(JET_DBINFOMISC4, lgposConsistent),
            ),
            (
                "logtimeConsistent",
                offset_of!(JET_DBINFOMISC4, logtimeConsistent),
            ),
            ("logtimeAttach", offset_of!(JET_DBINFOMISC4, logtimeAttach)),
            ("lgposAttach", offset_of!(JET_DBINFOMISC4, lgposAttach)),
            ("logtimeDetach", offset_of!(JET_DBINFOMISC4, logtimeDetach)),
            ("lgposDetach", offset_of!(JET_DBINFOMISC4, lgposDetach)),
            ("signLog", offset_of!(JET_DBINFOMISC4, signLog)),
            (
                "bkinfoFullPrev",
                offset_of!(JET_DBINFOMISC4, bkinfoFullPrev),
            ),
            ("bkinfoIncPrev", offset_of!(JET_DBINFOMISC4, bkinfoIncPrev)),
            ("bkinfoFullCur", offset_of!(JET_DBINFOMISC4, bkinfoFullCur)),
            (
                "fShadowingDisabled",
                offset_of!(JET_DBINFOMISC4, fShadowingDisabled),
            ),
            ("fUpgradeDb", offset_of!(JET_DBINFOMISC4, fUpgradeDb)),
            (
                "dwMajorVersion",
                offset_of!(JET_DBINFOMISC4, dwMajorVersion),
            ),
            (
                "dwMinorVersion",
                offset_of!(JET_DBINFOMISC4, dwMinorVersion),
            ),
            ("dwBuildNumber", offset_of!(JET_DBINFOMISC4, dwBuildNumber)),
            ("lSPNumber", offset_of!(JET_DBINFOMISC4, lSPNumber)),
            ("cbPageSize", offset_of!(JET_DBINFOMISC4, cbPageSize)),
            (
                "genMinRequired",
                offset_of!(JET_DBINFOMISC4, genMinRequired),
            ),
            (
                "genMaxRequired",
                offset_of!(JET_DBINFOMISC4, genMaxRequired),
            ),
            (
                "logtimeGenMaxCreate",
                offset_of!(JET_DBINFOMISC4, logtimeGenMaxCreate),
            ),
            ("ulRepairCount", offset_of!(JET_DBINFOMISC4, ulRepairCount)),
            ("logtimeRepair", offset_of!(JET_DBINFOMISC4, logtimeRepair)),
            (
                "ulRepairCountOld",
                offset_of!(JET_DBINFOMISC4, ulRepairCountOld),
            ),
            (
                "ulECCFixSuccess",
                offset_of!(JET_DBINFOMISC4, ulECCFixSuccess),
            ),
            (
                "logtimeECCFixSuccess",
                offset_of!(JET_DBINFOMISC4, logtimeECCFixSuccess),
            ),
            (
                "ulECCFixSuccessOld",
                offset_of!(JET_DBINFOMISC4, ulECCFixSuccessOld),
            ),
            ("ulECCFixFail", offset_of!(JET_DBINFOMISC4, ulECCFixFail)),
            (
                "logtimeECCFixFail",
                offset_of!(JET_DBINFOMISC4, logtimeECCFixFail),
            ),
            (
                "ulECCFixFailOld",
                offset_of!(JET_DBINFOMISC4, ulECCFixFailOld),
            ),
            ("ulBadChecksum", offset_of!(JET_DBINFOMISC4, ulBadChecksum)),
            (
                "logtimeBadChecksum",
                offset_of!(JET_DBINFOMISC4, logtimeBadChecksum),
            ),
            (
                "ulBadChecksumOld",
                offset_of!(JET_DBINFOMISC4, ulBadChecksumOld),
            ),
            ("genCommitted", offset_of!(JET_DBINFOMISC4, genCommitted)),
            (
                "bkinfoCopyPrev",
                offset_of!(JET_DBINFOMISC4, bkinfoCopyPrev),
            ),
            (
                "bkinfoDiffPrev",
                offset_of!(JET_DBINFOMISC4, bkinfoDiffPrev),
            ),
        ],
    },
    Layout {
        name: "JET_THREADSTATS",
        size: size_of::<JET_THREADSTATS>(),
        align: align_of::<JET_THREADSTATS>(),
        fields: &[
            ("cbStruct", offset_of!(JET_THREADSTATS, cbStruct)),
            (
                "cPageReferenced",
                offset_of!(JET_THREADSTATS, cPageReferenced),
            ),
            ("cPageRead", offset_of!(JET_THREADSTATS, cPageRead)),
            ("cPagePreread", offset_of!(JET_THREADSTATS, cPagePreread)),
            ("cPageDirtied", offset_of!(JET_THREADSTATS, cPageDirtied)),
            (
                "cPageRedirtied",
                offset_of!(JET_THREADSTATS, cPageRedirtied),
            ),
            ("cLogRecord", offset_of!(JET_THREADSTATS, cLogRecord)),
            ("cbLogRecord", offset_of!(JET_THREADSTATS, cbLogRecord)),
        ],
    },
    Layout {
        name: "JET_THREADSTATS2",
        size: size_of::<JET_THREADSTATS2>(),
        align: align_of::<JET_THREADSTATS2>(),
        fields: &[
            ("cbStruct", offset_of!(JET_THREADSTATS2, cbStruct)),
            (
                "cPageReferenced",
                offset_of!(JET_THREADSTATS2, cPageReferenced),
            ),
            ("cPageRead", offset_of!(JET_THREADSTATS2, cPageRead)),
            ("cPagePreread", offset_of!(JET_THREADSTATS2, cPagePreread)),
            ("cPageDirtied", offset_of!(JET_THREADSTATS2, cPageDirtied)),
            (
                "cPageRedirtied",
                offset_of!(JET_THREADSTATS2, cPageRedirtied),
            ),
            ("cLogRecord", offset_of!(JET_THREADSTATS2, cLogRecord)),
            ("cbLogRecord", offset_of!(JET_THREADSTATS2, cbLogRecord)),
            (
                "cusecPageCacheMiss",
                offset_of!(JET_THREADSTATS2, cusecPageCacheMiss),
            ),
            (
                "cPageCacheMiss",
                offset_of!(JET_THREADSTATS2, cPageCacheMiss),
            ),
        ],
    },
    Layout {
        name: "JET_THREADSTATS3",
        size: size_of::<JET_THREADSTATS3>(),
        align: align_of::<JET_THREADSTATS3>(),
        fields: &[
            ("cbStruct", offset_of!(JET_THREADSTATS3, cbStruct)),
            (
                "cPageReferenced",
                offset_of!(JET_THREADSTATS3, cPageReferenced),
            ),
            ("cPageRead", offset_of!(JET_THREADSTATS3, cPageRead)),
            ("cPagePreread", offset_of!(JET_THREADSTATS3, cPagePreread)),
            ("cPageDirtied", offset_of!(JET_THREADSTATS3, cPageDirtied)),
            (
                "cPageRedirtied",
                offset_of!(JET_THREADSTATS3, cPageRedirtied),
            ),
            ("cLogRecord", offset_of!(JET_THREADSTATS3, cLogRecord)),
            ("cbLogRecord", offset_of!(JET_THREADSTATS3, cbLogRecord)),
            (
                "cusecPageCacheMiss",
                offset_of!(JET_THREADSTATS3, cusecPageCacheMiss),
            ),
            (
                "cPageCacheMiss",
                offset_of!(JET_THREADSTATS3, cPageCacheMiss),
            ),
            (
                "cSeparatedLongValueRead",
                offset_of!(JET_THREADSTATS3, cSeparatedLongValueRead),
            ),
            (
                "cusecLongValuePageCacheMiss",
                offset_of!(JET_THREADSTATS3, cusecLongValuePageCacheMiss),
            ),
            (
                "cLongValuePageCacheMiss",
                offset_of!(JET_THREADSTATS3, cLongValuePageCacheMiss),
            ),
        ],
    },
    Layout {
        name: "JET_RSTINFO_A",
        size: size_of::<JET_RSTINFO_A>(),
        align: align_of::<JET_RSTINFO_A>(),
        fields: &[
            ("cbStruct", offset_of!(JET_RSTINFO_A, cbStruct)),
            ("rgrstmap", offset_of!(JET_RSTINFO_A, rgrstmap)),
            ("crstmap", offset_of!(JET_RSTINFO_A, crstmap)),
            ("lgposStop", offset_of!(JET_RSTINFO_A, lgposStop)),
            ("logtimeStop", offset_of!(JET_RSTINFO_A, logtimeStop)),
            ("pfnStatus", offset_of!(JET_RSTINFO_A, pfnStatus)),
        ],
    },
    Layout {
        name: "JET_RSTINFO_W",
        size: size_of::<JET_RSTINFO_W>(),
        align: align_of::<JET_RSTINFO_W>(),
        fields: &[
            ("cbStruct", offset_of!(JET_RSTINFO_W, cbStruct)),
            ("rgrstmap", offset_of!(JET_RSTINFO_W, rgrstmap)),
            ("crstmap", offset_of!(JET_RSTINFO_W, crstmap)),
            ("lgposStop", offset_of!(JET_RSTINFO_W, lgposStop)),
            ("logtimeStop", offset_of!(JET_RSTINFO_W, logtimeStop)),
            ("pfnStatus", offset_of!(JET_RSTINFO_W, pfnStatus)),
        ],
    },
    Layout {
        name: "JET_COMMIT_ID",
        size: size_of::<JET_COMMIT_ID>(),
        align: align_of::<JET_COMMIT_ID>(),
        fields: &[
            ("signLog", offset_of!(JET_COMMIT_ID, signLog)),
            ("reserved", offset_of!(JET_COMMIT_ID, reserved)),
            ("commitId", offset_of!(JET_COMMIT_ID, commitId)),
        ],
    },
    Layout {
        name: "JET_OPERATIONCONTEXT",
        size: size_of::<JET_OPERATIONCONTEXT>(),
        align: align_of::<JET_OPERATIONCONTEXT>(),
        fields: &[
            ("ulUserID", offset_of!(JET_OPERATIONCONTEXT, ulUserID)),
            (
                "nOperationID",
                offset_of!(JET_OPERATIONCONTEXT, nOperationID),
            ),
            (
                "nOperationType",
                offset_of!(JET_OPERATIONCONTEXT, nOperationType),
            ),
            ("nClientType", offset_of!(JET_OPERATIONCONTEXT, nClientType)),
            ("fFlags", offset_of!(JET_OPERATIONCONTEXT, fFlags)),
        ],
    },
    Layout {
        name: "JET_SETCOLUMN",
        size: size_of::<JET_SETCOLUMN>(),
        align: align_of::<JET_SETCOLUMN>(),
        fields: &[
            ("columnid", offset_of!(JET_SETCOLUMN, columnid)),
            ("pvData", offset_of!(JET_SETCOLUMN, pvData)),
            ("cbData", offset_of!(JET_SETCOLUMN, cbData)),
            ("grbit", offset_of!(JET_SETCOLUMN, grbit)),
            ("ibLongValue", offset_of!(JET_SETCOLUMN, ibLongValue)),
            ("itagSequence", offset_of!(JET_SETCOLUMN, itagSequence)),
            ("err", offset_of!(JET_SETCOLUMN, err)),
        ],
    },
    Layout {
        name: "JET_SETSYSPARAM_A",
        size: size_of::<JET_SETSYSPARAM_A>(),
        align: align_of::<JET_SETSYSPARAM_A>(),
        fields: &[
            ("paramid", offset_of!(JET_SETSYSPARAM_A, paramid)),
            ("lParam", offset_of!(JET_SETSYSPARAM_A, lParam)),
            ("sz", offset_of!(JET_SETSYSPARAM_A, sz)),
            ("err", offset_of!(JET_SETSYSPARAM_A, err)),
        ],
    },
    Layout {
        name: "JET_SETSYSPARAM_W",
        size: size_of::<JET_SETSYSPARAM_W>(),
        align: align_of::<JET_SETSYSPARAM_W>(),
        fields: &[
            ("paramid", offset_of!(JET_SETSYSPARAM_W, paramid)),
            ("lParam", offset_of!(JET_SETSYSPARAM_W, lParam)),
            ("sz", offset_of!(JET_SETSYSPARAM_W, sz)),
            ("err", offset_of!(JET_SETSYSPARAM_W, err)),
        ],
    },
    Layout {
        name: "JET_RETRIEVECOLUMN",
        size: size_of::<JET_RETRIEVECOLUMN>(),
        align: align_of::<JET_RETRIEVECOLUMN>(),
        fields: &[
            ("columnid", offset_of!(JET_RETRIEVECOLUMN, columnid)),
            ("pvData", offset_of!(JET_RETRIEVECOLUMN, pvData)),
            ("cbData", offset_of!(JET_RETRIEVECOLUMN, cbData)),
            ("cbActual", offset_of!(JET_RETRIEVECOLUMN, cbActual)),
            ("grbit", offset_of!(JET_RETRIEVECOLUMN, grbit)),
            ("ibLongValue", offset_of!(JET_RETRIEVECOLUMN, ibLongValue)),
            ("itagSequence", offset_of!(JET_RETRIEVECOLUMN, itagSequence)),
            (
                "columnidNextTagged",
                offset_of!(JET_RETRIEVECOLUMN, columnidNextTagged),
            ),
            ("err", offset_of!(JET_RETRIEVECOLUMN, err)),
        ],
    },
    Layout {
        name: "JET_ENUMCOLUMNID",
        size: size_of::<JET_ENUMCOLUMNID>(),
        align: align_of::<JET_ENUMCOLUMNID>(),
        fields: &[
            ("columnid", offset_of!(JET_ENUMCOLUMNID, columnid)),
            ("ctagSequence", offset_of!(JET_ENUMCOLUMNID, ctagSequence)),
            ("rgtagSequence", offset_of!(JET_ENUMCOLUMNID, rgtagSequence)),
        ],
    },
    Layout {
        name: "JET_ENUMCOLUMNVALUE",
        size: size_of::<JET_ENUMCOLUMNVALUE>(),
        align: align_of::<JET_ENUMCOLUMNVALUE>(),
        fields: &[
            (
                "itagSequence",
                offset_of!(JET_ENUMCOLUMNVALUE, itagSequence),
            ),
            ("err", offset_of!(JET_ENUMCOLUMNVALUE, err)),
            ("cbData", offset_of!(JET_ENUMCOLUMNVALUE, cbData)),
            ("pvData", offset_of!(JET_ENUMCOLUMNVALUE, pvData)),
        ],
    },
    Layout {
        name: "JET_ENUMCOLUMN",
        size: size_of::<JET_ENUMCOLUMN>(),
        align: align_of::<JET_ENUMCOLUMN>(),
        fields: &[
            ("columnid", offset_of!(JET_ENUMCOLUMN, columnid)),
            ("err", offset_of!(JET_ENUMCOLUMN, err)),
            (
                "cEnumColumnValue",
                offset_of!(JET_ENUMCOLUMN, values)
                    + offset_of!(JET_ENUMCOLUMN_MULTI, cEnumColumnValue),
            ),
            (
                "rgEnumColumnValue",
                offset_of!(JET_ENUMCOLUMN, values)
                    + offset_of!(JET_ENUMCOLUMN_MULTI, rgEnumColumnValue),
            ),
            (
                "cbData",
                offset_of!(JET_ENUMCOLUMN, values) + offset_of!(JET_ENUMCOLUMN_SINGLE, cbData),
            ),
            (
                "pvData",
                offset_of!(JET_ENUMCOLUMN, values) + offset_of!(JET_ENUMCOLUMN_SINGLE, pvData),
            ),
        ],
    },
    Layout {
        name: "JET_RECSIZE",
        size: size_of::<JET_RECSIZE>(),
        align: align_of::<JET_RECSIZE>(),
        fields: &[
            ("cbData", offset_of!(JET_RECSIZE, cbData)),
            ("cbLongValueData", offset_of!(JET_RECSIZE, cbLongValueData)),
            ("cbOverhead", offset_of!(JET_RECSIZE, cbOverhead)),
            (
                "cbLongValueOverhead",
                offset_of!(JET_RECSIZE, cbLongValueOverhead),
            ),
            (
                "cNonTaggedColumns",
                offset_of!(JET_RECSIZE, cNonTaggedColumns),
            ),
            ("cTaggedColumns", offset_of!(JET_RECSIZE, cTaggedColumns)),
            ("cLongValues", offset_of!(JET_RECSIZE, cLongValues)),
            ("cMultiValues", offset_of!(JET_RECSIZE, cMultiValues)),
        ],
    },
    Layout {
        name: "JET_RECSIZE2",
        size: size_of::<JET_RECSIZE2>(),
        align: align_of::<JET_RECSIZE2>(),
        fields: &[
            ("cbData", offset_of!(JET_RECSIZE2, cbData)),
            ("cbLongValueData", offset_of!(JET_RECSIZE2, cbLongValueData)),
            ("cbOverhead", offset_of!(JET_RECSIZE2, cbOverhead)),
            (
                "cbLongValueOverhead",
                offset_of!(JET_RECSIZE2, cbLongValueOverhead),
            ),
            (
                "cNonTaggedColumns",
                offset_of!(JET_RECSIZE2, cNonTaggedColumns),
            ),
            ("cTaggedColumns", offset_of!(JET_RECSIZE2, cTaggedColumns)),
            ("cLongValues", offset_of!(JET_RECSIZE2, cLongValues)),
            ("cMultiValues", offset_of!(JET_RECSIZE2, cMultiValues)),
            (
                "cCompressedColumns",
                offset_of!(JET_RECSIZE2, cCompressedColumns),
            ),
            (
                "cbDataCompressed",
                offset_of!(JET_RECSIZE2, cbDataCompressed),
            ),
            (
                "cbLongValueDataCompressed",
                offset_of!(JET_RECSIZE2, cbLongValueDataCompressed),
            ),
        ],
    },
    Layout {
        name: "JET_LOGINFO_A",
        size: size_of::<JET_LOGINFO_A>(),
        align: align_of::<JET_LOGINFO_A>(),
        fields: &[
            ("cbSize", offset_of!(JET_LOGINFO_A, cbSize)),
            ("ulGenLow", offset_of!(JET_LOGINFO_A, ulGenLow)),
            ("ulGenHigh", offset_of!(JET_LOGINFO_A, ulGenHigh)),
            ("szBaseName", offset_of!(JET_LOGINFO_A, szBaseName)),
        ],
    },
    Layout {
        name: "JET_LOGINFO_W",
        size: size_of::<JET_LOGINFO_W>(),
        align: align_of::<JET_LOGINFO_W>(),
        fields: &[
            ("cbSize", offset_of!(JET_LOGINFO_W, cbSize)),
            ("ulGenLow", offset_of!(JET_LOGINFO_W, ulGenLow)),
            ("ulGenHigh", offset_of!(JET_LOGINFO_W, ulGenHigh)),
            ("szBaseName", offset_of!(JET_LOGINFO_W, szBaseName)),
        ],
    },
    Layout {
        name: "JET_INSTANCE_INFO_A",
        size: size_of::<JET_INSTANCE_INFO_A>(),
        align: align_of::<JET_INSTANCE_INFO_A>(),
        fields: &[
            ("hInstanceId", offset_of!(JET_INSTANCE_INFO_A, hInstanceId)),
            (
                "szInstanceName",
                offset_of!(JET_INSTANCE_INFO_A, szInstanceName),
            ),
            ("cDatabases", offset_of!(JET_INSTANCE_INFO_A, cDatabases)),
            (
                "szDatabaseFileName",
                offset_of!(JET_INSTANCE_INFO_A, szDatabaseFileName),
            ),
            (
                "szDatabaseDisplayName",
                offset_of!(JET_INSTANCE_INFO_A, szDatabaseDisplayName),
            ),
            (
                "szDatabaseSLVFileName_Obsolete",
                offset_of!(JET_INSTANCE_INFO_A, szDatabaseSLVFileName_Obsolete),
            ),
        ],
    },
    Layout {
        name: "JET_INSTANCE_INFO_W",
        size: size_of::<JET_INSTANCE_INFO_W>(),
        align: align_of::<JET_INSTANCE_INFO_W>(),
        fields: &[
            ("hInstanceId", offset_of!(JET_INSTANCE_INFO_W, hInstanceId)),
            (
                "szInstanceName",
                offset_of!(JET_INSTANCE_INFO_W, szInstanceName),
            ),
            ("cDatabases", offset_of!(JET_INSTANCE_INFO_W, cDatabases)),
            (
                "szDatabaseFileName",
                offset_of!(JET_INSTANCE_INFO_W, szDatabaseFileName),
            ),
            (
                "szDatabaseDisplayName",
                offset_of!(JET_INSTANCE_INFO_W, szDatabaseDisplayName),
            ),
            (
                "szDatabaseSLVFileName_Obsolete",
                offset_of!(JET_INSTANCE_INFO_W, szDatabaseSLVFileName_Obsolete),
            ),
        ],
    },
];
