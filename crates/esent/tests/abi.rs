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
// The structure of JetGetErrorInfoW lives beside its export, not in `esent::types`.
use esent::api::errinfo::JET_ERRINFOBASIC_W;

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

/// One [`Layout`] from a structure name and its C members in order. `c = rust` names the Rust
/// field that holds a member of an anonymous C union; `c = rust + Arm.field` a member of a
/// struct inside such a union.
macro_rules! layout {
    ($s:ident { $( $c:ident $(= $r:ident $(+ $arm:ident . $f:ident)?)? ),* $(,)? }) => {
        Layout {
            name: stringify!($s),
            size: size_of::<$s>(),
            align: align_of::<$s>(),
            fields: &[ $( (stringify!($c), field_offset!($s, $c $(, $r $(, $arm, $f)?)?)) ),* ],
        }
    };
}

macro_rules! field_offset {
    ($s:ident, $c:ident) => {
        offset_of!($s, $c)
    };
    ($s:ident, $c:ident, $r:ident) => {
        offset_of!($s, $r)
    };
    ($s:ident, $c:ident, $r:ident, $arm:ident, $f:ident) => {
        offset_of!($s, $r) + offset_of!($arm, $f)
    };
}

/// Every structure of the header, with its C members in order.
const LAYOUTS: &[Layout] = &[
    layout! { JET_INDEXID { cbStruct, rgbIndexId } },
    layout! { JET_RSTMAP_A { szDatabaseName, szNewDatabaseName } },
    layout! { JET_RSTMAP_W { szDatabaseName, szNewDatabaseName } },
    layout! { JET_SNPROG { cbStruct, cunitDone, cunitTotal } },
    layout! { JET_CONVERT_A { szOldDll, fFlags } },
    layout! { JET_CONVERT_W { szOldDll, fFlags } },
    layout! { JET_DBINFOUPGRADE {
        cbStruct, cbFilesizeLow, cbFilesizeHigh, cbFreeSpaceRequiredLow, cbFreeSpaceRequiredHigh,
        csecToUpgrade, ulFlags,
    } },
    layout! { JET_OBJECTINFO {
        cbStruct, objtyp, dtCreate, dtUpdate, grbit, flags, cRecord, cPage,
    } },
    layout! { JET_OBJECTLIST {
        cbStruct, tableid, cRecord, columnidcontainername, columnidobjectname, columnidobjtyp,
        columniddtCreate, columniddtUpdate, columnidgrbit, columnidflags, columnidcRecord,
        columnidcPage,
    } },
    layout! { JET_COLUMNLIST {
        cbStruct, tableid, cRecord, columnidPresentationOrder, columnidcolumnname,
        columnidcolumnid, columnidcoltyp, columnidCountry, columnidLangid, columnidCp,
        columnidCollate, columnidcbMax, columnidgrbit, columnidDefault, columnidBaseTableName,
        columnidBaseColumnName, columnidDefinitionName,
    } },
    layout! { JET_COLUMNDEF {
        cbStruct, columnid, coltyp, wCountry, langid, cp, wCollate, cbMax, grbit,
    } },
    layout! { JET_COLUMNBASE_A {
        cbStruct, columnid, coltyp, wCountry, langid, cp, wFiller, cbMax, grbit, szBaseTableName,
        szBaseColumnName,
    } },
    layout! { JET_COLUMNBASE_W {
        cbStruct, columnid, coltyp, wCountry, langid, cp, wFiller, cbMax, grbit, szBaseTableName,
        szBaseColumnName,
    } },
    layout! { JET_INDEXLIST {
        cbStruct, tableid, cRecord, columnidindexname, columnidgrbitIndex, columnidcKey,
        columnidcEntry, columnidcPage, columnidcColumn, columnidiColumn, columnidcolumnid,
        columnidcoltyp, columnidCountry, columnidLangid, columnidCp, columnidCollate,
        columnidgrbitColumn, columnidcolumnname, columnidLCMapFlags,
    } },
    layout! { JET_COLUMNCREATE_A {
        cbStruct, szColumnName, coltyp, cbMax, grbit, pvDefault, cbDefault, cp, columnid, err,
    } },
    layout! { JET_COLUMNCREATE_W {
        cbStruct, szColumnName, coltyp, cbMax, grbit, pvDefault, cbDefault, cp, columnid, err,
    } },
    layout! { JET_USERDEFINEDDEFAULT_A { szCallback, pbUserData, cbUserData, szDependantColumns } },
    layout! { JET_USERDEFINEDDEFAULT_W { szCallback, pbUserData, cbUserData, szDependantColumns } },
    layout! { JET_CONDITIONALCOLUMN_A { cbStruct, szColumnName, grbit } },
    layout! { JET_CONDITIONALCOLUMN_W { cbStruct, szColumnName, grbit } },
    layout! { JET_UNICODEINDEX { lcid, dwMapFlags } },
    layout! { JET_UNICODEINDEX2 { szLocaleName, dwMapFlags } },
    layout! { JET_TUPLELIMITS { chLengthMin, chLengthMax, chToIndexMax, cchIncrement, ichStart } },
    layout! { JET_SPACEHINTS {
        cbStruct, ulInitialDensity, cbInitial, grbit, ulMaintDensity, ulGrowth, cbMinExtent,
        cbMaxExtent,
    } },
    layout! { JET_INDEXCREATE_A {
        cbStruct, szIndexName, szKey, cbKey, grbit, ulDensity, lcid = lcid_or_pidxunicode,
        pidxunicode = lcid_or_pidxunicode, cbVarSegMac = cbVarSegMac_or_ptuplelimits,
        ptuplelimits = cbVarSegMac_or_ptuplelimits, rgconditionalcolumn, cConditionalColumn, err,
        cbKeyMost,
    } },
    layout! { JET_INDEXCREATE_W {
        cbStruct, szIndexName, szKey, cbKey, grbit, ulDensity, lcid = lcid_or_pidxunicode,
        pidxunicode = lcid_or_pidxunicode, cbVarSegMac = cbVarSegMac_or_ptuplelimits,
        ptuplelimits = cbVarSegMac_or_ptuplelimits, rgconditionalcolumn, cConditionalColumn, err,
        cbKeyMost,
    } },
    layout! { JET_INDEXCREATE2_A {
        cbStruct, szIndexName, szKey, cbKey, grbit, ulDensity, lcid = lcid_or_pidxunicode,
        pidxunicode = lcid_or_pidxunicode, cbVarSegMac = cbVarSegMac_or_ptuplelimits,
        ptuplelimits = cbVarSegMac_or_ptuplelimits, rgconditionalcolumn, cConditionalColumn, err,
        cbKeyMost, pSpacehints,
    } },
    layout! { JET_INDEXCREATE2_W {
        cbStruct, szIndexName, szKey, cbKey, grbit, ulDensity, lcid = lcid_or_pidxunicode,
        pidxunicode = lcid_or_pidxunicode, cbVarSegMac = cbVarSegMac_or_ptuplelimits,
        ptuplelimits = cbVarSegMac_or_ptuplelimits, rgconditionalcolumn, cConditionalColumn, err,
        cbKeyMost, pSpacehints,
    } },
    layout! { JET_INDEXCREATE3_A {
        cbStruct, szIndexName, szKey, cbKey, grbit, ulDensity, pidxunicode,
        cbVarSegMac = cbVarSegMac_or_ptuplelimits, ptuplelimits = cbVarSegMac_or_ptuplelimits,
        rgconditionalcolumn, cConditionalColumn, err, cbKeyMost, pSpacehints,
    } },
    layout! { JET_INDEXCREATE3_W {
        cbStruct, szIndexName, szKey, cbKey, grbit, ulDensity, pidxunicode,
        cbVarSegMac = cbVarSegMac_or_ptuplelimits, ptuplelimits = cbVarSegMac_or_ptuplelimits,
        rgconditionalcolumn, cConditionalColumn, err, cbKeyMost, pSpacehints,
    } },
    layout! { JET_TABLECREATE_A {
        cbStruct, szTableName, szTemplateTableName, ulPages, ulDensity, rgcolumncreate, cColumns,
        rgindexcreate, cIndexes, grbit, tableid, cCreated,
    } },
    layout! { JET_TABLECREATE_W {
        cbStruct, szTableName, szTemplateTableName, ulPages, ulDensity, rgcolumncreate, cColumns,
        rgindexcreate, cIndexes, grbit, tableid, cCreated,
    } },
    layout! { JET_TABLECREATE2_A {
        cbStruct, szTableName, szTemplateTableName, ulPages, ulDensity, rgcolumncreate, cColumns,
        rgindexcreate, cIndexes, szCallback, cbtyp, grbit, tableid, cCreated,
    } },
    layout! { JET_TABLECREATE2_W {
        cbStruct, szTableName, szTemplateTableName, ulPages, ulDensity, rgcolumncreate, cColumns,
        rgindexcreate, cIndexes, szCallback, cbtyp, grbit, tableid, cCreated,
    } },
    layout! { JET_TABLECREATE3_A {
        cbStruct, szTableName, szTemplateTableName, ulPages, ulDensity, rgcolumncreate, cColumns,
        rgindexcreate, cIndexes, szCallback, cbtyp, grbit, pSeqSpacehints, pLVSpacehints,
        cbSeparateLV, tableid, cCreated,
    } },
    layout! { JET_TABLECREATE3_W {
        cbStruct, szTableName, szTemplateTableName, ulPages, ulDensity, rgcolumncreate, cColumns,
        rgindexcreate, cIndexes, szCallback, cbtyp, grbit, pSeqSpacehints, pLVSpacehints,
        cbSeparateLV, tableid, cCreated,
    } },
    layout! { JET_TABLECREATE4_A {
        cbStruct, szTableName, szTemplateTableName, ulPages, ulDensity, rgcolumncreate, cColumns,
        rgindexcreate, cIndexes, szCallback, cbtyp, grbit, pSeqSpacehints, pLVSpacehints,
        cbSeparateLV, tableid, cCreated,
    } },
    layout! { JET_TABLECREATE4_W {
        cbStruct, szTableName, szTemplateTableName, ulPages, ulDensity, rgcolumncreate, cColumns,
        rgindexcreate, cIndexes, szCallback, cbtyp, grbit, pSeqSpacehints, pLVSpacehints,
        cbSeparateLV, tableid, cCreated,
    } },
    layout! { JET_OPENTEMPORARYTABLE {
        cbStruct, prgcolumndef, ccolumn, pidxunicode, grbit, prgcolumnid, cbKeyMost, cbVarSegMac,
        tableid,
    } },
    layout! { JET_OPENTEMPORARYTABLE2 {
        cbStruct, prgcolumndef, ccolumn, pidxunicode, grbit, prgcolumnid, cbKeyMost, cbVarSegMac,
        tableid,
    } },
    layout! { JET_RETINFO { cbStruct, ibLongValue, itagSequence, columnidNextTagged } },
    layout! { JET_SETINFO { cbStruct, ibLongValue, itagSequence } },
    layout! { JET_RECPOS { cbStruct, centriesLT, centriesInRange, centriesTotal } },
    layout! { JET_RECPOS2 {
        cbStruct, centriesLTDeprecated, centriesInRangeDeprecated, centriesTotalDeprecated,
        centriesLT, centriesTotal,
    } },
    layout! { JET_RECORDLIST { cbStruct, tableid, cRecord, columnidBookmark } },
    layout! { JET_INDEXRANGE { cbStruct, tableid, grbit } },
    layout! { JET_INDEX_COLUMN { columnid, relop, pv, cb, grbit } },
    layout! { JET_INDEX_RANGE { rgStartColumns, cStartColumns, rgEndColumns, cEndColumns } },
    layout! { JET_LOGTIME { bSeconds, bMinutes, bHours, bDay, bMonth, bYear, bFiller1, bFiller2 } },
    layout! { JET_BKLOGTIME {
        bSeconds, bMinutes, bHours, bDay, bMonth, bYear, bFiller1, bFiller2,
    } },
    layout! { JET_LGPOS { ib, isec, lGeneration } },
    layout! { JET_SIGNATURE { ulRandom, logtimeCreate, szComputerName } },
    layout! { JET_BKINFO {
        lgposMark, logtimeMark = logtimeMark_or_bklogtimeMark,
        bklogtimeMark = logtimeMark_or_bklogtimeMark, genLow, genHigh,
    } },
    layout! { JET_DBINFOMISC {
        ulVersion, ulUpdate, signDb, dbstate, lgposConsistent, logtimeConsistent, logtimeAttach,
        lgposAttach, logtimeDetach, lgposDetach, signLog, bkinfoFullPrev, bkinfoIncPrev,
        bkinfoFullCur, fShadowingDisabled, fUpgradeDb, dwMajorVersion, dwMinorVersion,
        dwBuildNumber, lSPNumber, cbPageSize,
    } },
    layout! { JET_DBINFOMISC2 {
        ulVersion, ulUpdate, signDb, dbstate, lgposConsistent, logtimeConsistent, logtimeAttach,
        lgposAttach, logtimeDetach, lgposDetach, signLog, bkinfoFullPrev, bkinfoIncPrev,
        bkinfoFullCur, fShadowingDisabled, fUpgradeDb, dwMajorVersion, dwMinorVersion,
        dwBuildNumber, lSPNumber, cbPageSize, genMinRequired, genMaxRequired, logtimeGenMaxCreate,
        ulRepairCount, logtimeRepair, ulRepairCountOld, ulECCFixSuccess, logtimeECCFixSuccess,
        ulECCFixSuccessOld, ulECCFixFail, logtimeECCFixFail, ulECCFixFailOld, ulBadChecksum,
        logtimeBadChecksum, ulBadChecksumOld,
    } },
    layout! { JET_DBINFOMISC3 {
        ulVersion, ulUpdate, signDb, dbstate, lgposConsistent, logtimeConsistent, logtimeAttach,
        lgposAttach, logtimeDetach, lgposDetach, signLog, bkinfoFullPrev, bkinfoIncPrev,
        bkinfoFullCur, fShadowingDisabled, fUpgradeDb, dwMajorVersion, dwMinorVersion,
        dwBuildNumber, lSPNumber, cbPageSize, genMinRequired, genMaxRequired, logtimeGenMaxCreate,
        ulRepairCount, logtimeRepair, ulRepairCountOld, ulECCFixSuccess, logtimeECCFixSuccess,
        ulECCFixSuccessOld, ulECCFixFail, logtimeECCFixFail, ulECCFixFailOld, ulBadChecksum,
        logtimeBadChecksum, ulBadChecksumOld, genCommitted,
    } },
    layout! { JET_DBINFOMISC4 {
        ulVersion, ulUpdate, signDb, dbstate, lgposConsistent, logtimeConsistent, logtimeAttach,
        lgposAttach, logtimeDetach, lgposDetach, signLog, bkinfoFullPrev, bkinfoIncPrev,
        bkinfoFullCur, fShadowingDisabled, fUpgradeDb, dwMajorVersion, dwMinorVersion,
        dwBuildNumber, lSPNumber, cbPageSize, genMinRequired, genMaxRequired, logtimeGenMaxCreate,
        ulRepairCount, logtimeRepair, ulRepairCountOld, ulECCFixSuccess, logtimeECCFixSuccess,
        ulECCFixSuccessOld, ulECCFixFail, logtimeECCFixFail, ulECCFixFailOld, ulBadChecksum,
        logtimeBadChecksum, ulBadChecksumOld, genCommitted, bkinfoCopyPrev, bkinfoDiffPrev,
    } },
    layout! { JET_THREADSTATS {
        cbStruct, cPageReferenced, cPageRead, cPagePreread, cPageDirtied, cPageRedirtied,
        cLogRecord, cbLogRecord,
    } },
    layout! { JET_THREADSTATS2 {
        cbStruct, cPageReferenced, cPageRead, cPagePreread, cPageDirtied, cPageRedirtied,
        cLogRecord, cbLogRecord, cusecPageCacheMiss, cPageCacheMiss,
    } },
    layout! { JET_THREADSTATS3 {
        cbStruct, cPageReferenced, cPageRead, cPagePreread, cPageDirtied, cPageRedirtied,
        cLogRecord, cbLogRecord, cusecPageCacheMiss, cPageCacheMiss, cSeparatedLongValueRead,
        cusecLongValuePageCacheMiss, cLongValuePageCacheMiss,
    } },
    layout! { JET_RSTINFO_A { cbStruct, rgrstmap, crstmap, lgposStop, logtimeStop, pfnStatus } },
    layout! { JET_RSTINFO_W { cbStruct, rgrstmap, crstmap, lgposStop, logtimeStop, pfnStatus } },
    layout! { JET_COMMIT_ID { signLog, reserved, commitId } },
    layout! { JET_OPERATIONCONTEXT {
        ulUserID, nOperationID, nOperationType, nClientType, fFlags,
    } },
    layout! { JET_SETCOLUMN { columnid, pvData, cbData, grbit, ibLongValue, itagSequence, err } },
    layout! { JET_SETSYSPARAM_A { paramid, lParam, sz, err } },
    layout! { JET_SETSYSPARAM_W { paramid, lParam, sz, err } },
    layout! { JET_RETRIEVECOLUMN {
        columnid, pvData, cbData, cbActual, grbit, ibLongValue, itagSequence, columnidNextTagged,
        err,
    } },
    layout! { JET_ENUMCOLUMNID { columnid, ctagSequence, rgtagSequence } },
    layout! { JET_ENUMCOLUMNVALUE { itagSequence, err, cbData, pvData } },
    layout! { JET_ENUMCOLUMN {
        columnid, err, cEnumColumnValue = values + JET_ENUMCOLUMN_MULTI.cEnumColumnValue,
        rgEnumColumnValue = values + JET_ENUMCOLUMN_MULTI.rgEnumColumnValue,
        cbData = values + JET_ENUMCOLUMN_SINGLE.cbData,
        pvData = values + JET_ENUMCOLUMN_SINGLE.pvData,
    } },
    layout! { JET_RECSIZE {
        cbData, cbLongValueData, cbOverhead, cbLongValueOverhead, cNonTaggedColumns,
        cTaggedColumns, cLongValues, cMultiValues,
    } },
    layout! { JET_RECSIZE2 {
        cbData, cbLongValueData, cbOverhead, cbLongValueOverhead, cNonTaggedColumns,
        cTaggedColumns, cLongValues, cMultiValues, cCompressedColumns, cbDataCompressed,
        cbLongValueDataCompressed,
    } },
    layout! { JET_LOGINFO_A { cbSize, ulGenLow, ulGenHigh, szBaseName } },
    layout! { JET_LOGINFO_W { cbSize, ulGenLow, ulGenHigh, szBaseName } },
    layout! { JET_INSTANCE_INFO_A {
        hInstanceId, szInstanceName, cDatabases, szDatabaseFileName, szDatabaseDisplayName,
        szDatabaseSLVFileName_Obsolete,
    } },
    layout! { JET_INSTANCE_INFO_W {
        hInstanceId, szInstanceName, cDatabases, szDatabaseFileName, szDatabaseDisplayName,
        szDatabaseSLVFileName_Obsolete,
    } },
    layout! { JET_ERRINFOBASIC_W {
        cbStruct, errValue, errcatMostSpecific, rgCategoricalHierarchy, lSourceLine,
        rgszSourceFile,
    } },
];

#[test]
fn the_readme_counts_the_exported_functions() {
    let listed = std::fs::read_to_string(crate_dir().join("functions.txt"))
        .expect("read functions.txt")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count();
    let readme =
        std::fs::read_to_string(crate_dir().join("../../README.md")).expect("read README.md");
    let said = readme
        .split("functions (")
        .nth(1)
        .and_then(|r| r.split(" symbols").next())
        .and_then(|n| n.trim().parse::<usize>().ok())
        .expect("README.md says \"functions (N symbols\"");
    assert_eq!(
        said, listed,
        "README.md's symbol count against functions.txt"
    );
}
