//! Backup sets damaged at random, verified and restored: one tar set of an instance
//! with two databases, then in each round a copy of it changed (a byte of a
//! database copy, a log, the manifest or a tar header; a digit of the manifest
//! replaced by another, which keeps it valid JSON; the stream cut short), given to
//! `verify_tar` and to `restore_tar`. After every round:
//!
//! - a restore that succeeds restored exactly the data of the set (both
//!   databases' rows, compared with the instance's), and the verification of the
//!   same bytes found nothing;
//! - a verification that reports damage or fails means the restore failed too;
//! - a manifest whose contents changed (it parses to other JSON, or not at all)
//!   is reported by the verification and refused by the restore (its checksum);
//! - a restore that fails leaves no target folder behind (it did not exist);
//! - neither call panics (a panic inside one is reported with its round's seed).
//!
//! `DAMAGED_SETS_ROUNDS` (default 300) sets how many rounds run;
//! `DAMAGED_SETS_SEED` replays one round (a failing round prints its seed).

use ese::format::coltype::Value;
use ese::record::schema::parse_schema;
use ese::record::Row;
use ese::{CreateOptions, Instance, InstanceOptions};
use ese_util::backup::{
    backup_instance, restore_tar, verify_tar, BackupOptions, BackupTarget, Outcome,
};
use std::path::{Path, PathBuf};

const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
  "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
              {"name": "pad", "type": "LongBinary"}],
  "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]}]}]}"#;

const DATABASES: [&str; 2] = ["a.edb", "b.edb"];

/// A table's rows: (id, pad) in key order.
type Rows = Vec<(i32, Vec<u8>)>;

/// Rounds that once found a fault, replayed in every run.
const REGRESSIONS: [u64; 1] = [
    // A manifest whose original path was changed: the restore succeeded with a
    // copy never replayed, before copies were found by their signature.
    99026386,
];

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ese-dmgset-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// splitmix64: the rounds' own generator, so that a seed replays a round.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Adds rows `from..to` to table `t` of `db`.
fn add_rows(db: &ese::Database, from: i32, to: i32) {
    for id in from..to {
        let mut row = Row::new();
        row.set_value(1, Value::Long(id));
        // Some values long enough to be stored apart from their record.
        let len = if id % 7 == 0 { 3000 } else { 200 };
        row.set_value(256, Value::Binary(vec![(id % 251) as u8; len]));
        db.insert("t", &row).unwrap();
    }
}

/// Table `t` of database `name` in instance folder `dir`: (id, pad) in key order.
fn contents(dir: &Path, name: &str) -> ese::Result<Rows> {
    let inst = Instance::new(InstanceOptions::in_dir(dir))?;
    let read = || -> ese::Result<Rows> {
        let (db, _) = inst.attach_database(dir.join(name), false)?;
        let mut out = Vec::new();
        for r in db.table("t")?.records()? {
            let r = r?;
            let id = match r.get("id")?.first() {
                Some(Value::Long(v)) => *v,
                other => panic!("bad id {other:?}"),
            };
            let pad = match r.get("pad")?.first() {
                Some(Value::Binary(b)) => b.clone(),
                _ => Vec::new(),
            };
            out.push((id, pad));
        }
        db.check()?;
        Ok(out)
    };
    let out = read();
    inst.term()?;
    out
}

/// An instance with `a.edb` and `b.edb`, backed up live into a tar: the tar's bytes
/// and each database's rows.
fn make_set(root: &Path) -> (Vec<u8>, Vec<Rows>) {
    let inst_dir = root.join("inst");
    let spec = parse_schema(SCHEMA).unwrap();
    {
        let inst = Instance::new(InstanceOptions::in_dir(&inst_dir)).unwrap();
        for (name, n) in DATABASES.iter().zip([120, 40]) {
            let mut db = inst
                .create_database(inst_dir.join(name), CreateOptions::default())
                .unwrap();
            db.create_table_spec(&spec.tables[0]).unwrap();
            add_rows(&db, 0, n);
        }
        inst.term().unwrap();
    }
    let inst = Instance::new(InstanceOptions::in_dir(&inst_dir)).unwrap();
    let (a, _) = inst.attach_database(inst_dir.join("a.edb"), false).unwrap();
    inst.attach_database(inst_dir.join("b.edb"), false).unwrap();
    // Rows the set holds only in its logs, not in the database copy's first pages.
    add_rows(&a, 1000, 1030);
    let tar = root.join("set.tar");
    let file = std::fs::File::create(&tar).unwrap();
    let r = backup_instance(
        &inst,
        BackupTarget::Tar(Box::new(file)),
        &BackupOptions::default(),
    )
    .unwrap();
    assert_eq!(r.outcome, Outcome::Completed);
    drop(a);
    inst.term().unwrap();
    let want = DATABASES
        .iter()
        .map(|n| contents(&inst_dir, n).unwrap())
        .collect();
    (std::fs::read(&tar).unwrap(), want)
}

/// One entry of the tar: its name, where its 512-byte header starts, where its
/// data starts and how long the data is.
struct Entry {
    name: String,
    header: usize,
    data: usize,
    len: usize,
}

fn entries(tar_bytes: &[u8]) -> Vec<Entry> {
    tar::Archive::new(tar_bytes)
        .entries()
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let data = e.raw_file_position() as usize;
            Entry {
                name: e.path().unwrap().to_string_lossy().into_owned(),
                header: data - 512,
                data,
                len: e.size() as usize,
            }
        })
        .collect()
}

/// What a round did to the set, for its failure message, and whether it
/// changed the manifest's contents.
struct Damage {
    bytes: Vec<u8>,
    what: String,
    manifest_changed: bool,
}

/// The damage of one round.
fn damage(good: &[u8], ents: &[Entry], rng: &mut Rng) -> Damage {
    let (bytes, what) = change(good, ents, rng);
    let manifest = &ents[ents.len() - 1];
    let range = manifest.data..manifest.data + manifest.len;
    // Only a change inside the manifest's bytes, the tar's layout kept.
    let manifest_changed = bytes.len() == good.len()
        && bytes[range.clone()] != good[range.clone()]
        && serde_json::from_slice::<serde_json::Value>(&bytes[range.clone()]).ok()
            != serde_json::from_slice::<serde_json::Value>(&good[range]).ok();
    Damage {
        bytes,
        what,
        manifest_changed,
    }
}

/// The set changed at random: its bytes and what was done.
fn change(good: &[u8], ents: &[Entry], rng: &mut Rng) -> (Vec<u8>, String) {
    let mut b = good.to_vec();
    let pick = |rng: &mut Rng, f: &dyn Fn(&Entry) -> bool| -> usize {
        let c: Vec<usize> = (0..ents.len()).filter(|&i| f(&ents[i])).collect();
        c[rng.below(c.len())]
    };
    let flip = |b: &mut Vec<u8>, at: usize, rng: &mut Rng| {
        let mask = (1 + rng.below(255)) as u8;
        b[at] ^= mask;
        format!("byte {at} ^= {mask:#04x}")
    };
    match rng.below(8) {
        0 => {
            let at = rng.below(b.len());
            let what = flip(&mut b, at, rng);
            (b, format!("anywhere: {what}"))
        }
        1 | 2 => {
            let e = &ents[pick(rng, &|e| e.name.ends_with(".edb"))];
            let at = e.data + rng.below(e.len);
            let what = flip(&mut b, at, rng);
            (b, format!("{} at {}: {what}", e.name, at - e.data))
        }
        3 => {
            // Logs are preallocated: most of a log is zeros past its end. The
            // written part is where a change matters.
            let e = &ents[pick(rng, &|e| e.name.ends_with(".log"))];
            let used = (e.data..e.data + e.len)
                .rev()
                .find(|&i| good[i] != 0)
                .map_or(e.len, |i| i + 1 - e.data);
            let at = e.data + rng.below(used.max(1));
            let what = flip(&mut b, at, rng);
            (b, format!("{} at {}: {what}", e.name, at - e.data))
        }
        4 => {
            let e = &ents[pick(rng, &|_| true)];
            let at = e.header + rng.below(512);
            let what = flip(&mut b, at, rng);
            (b, format!("tar header of {}: {what}", e.name))
        }
        5 => {
            let e = &ents[pick(rng, &|e| e.name == "backup.json")];
            let at = e.data + rng.below(e.len);
            let what = flip(&mut b, at, rng);
            (b, format!("manifest at {}: {what}", at - e.data))
        }
        6 => {
            // A digit of the manifest replaced by another: still JSON, other numbers.
            let e = &ents[pick(rng, &|e| e.name == "backup.json")];
            let digits: Vec<usize> = (e.data..e.data + e.len)
                .filter(|&i| good[i].is_ascii_digit())
                .collect();
            let at = digits[rng.below(digits.len())];
            let to = b'0' + ((good[at] - b'0') as usize + 1 + rng.below(9)) as u8 % 10;
            b[at] = to;
            let text = String::from_utf8_lossy(&good[at.saturating_sub(24)..at + 8]).into_owned();
            (
                b,
                format!(
                    "manifest digit at {} -> {}: ...{text}...",
                    at - e.data,
                    to as char
                ),
            )
        }
        _ => {
            let at = rng.below(b.len());
            b.truncate(at);
            (b, format!("cut at {at} of {}", good.len()))
        }
    }
}

/// One round: the set damaged by `seed`, verified and restored, the properties
/// checked. Returns whether the restore succeeded.
fn round(good: &[u8], ents: &[Entry], want: &[Rows], root: &Path, seed: u64) -> bool {
    let mut rng = Rng(seed);
    let Damage {
        bytes: bad,
        what,
        manifest_changed,
    } = damage(good, ents, &mut rng);
    let ctx = format!("DAMAGED_SETS_SEED={seed} ({what})");
    let no_panic = |call: &str, f: &mut dyn FnMut()| {
        if std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).is_err() {
            panic!("{ctx}: {call} panicked");
        }
    };
    let mut verified = None;
    no_panic("verify_tar", &mut || {
        verified = Some(verify_tar(&bad[..], None))
    });
    let verified = verified.unwrap();
    let target = root.join(format!("restored-{seed}"));
    let mut restored = None;
    no_panic("restore_tar", &mut || {
        restored = Some(restore_tar(&bad[..], &target, &Default::default()))
    });
    let restored = restored.unwrap();
    if manifest_changed {
        assert!(
            restored.is_err(),
            "{ctx}: the manifest's contents changed, but the set restored"
        );
        if let Ok(v) = &verified {
            assert!(
                v.is_damaged(),
                "{ctx}: the manifest's contents changed, but verification found nothing"
            );
        }
    }
    match &restored {
        Ok(_) => {
            match &verified {
                Ok(v) => assert!(
                    !v.is_damaged(),
                    "{ctx}: restored, but verification found {:?}",
                    v.all_problems()
                ),
                Err(e) => panic!("{ctx}: restored, but verification failed: {e}"),
            }
            for (name, rows) in DATABASES.iter().zip(want) {
                match contents(&target, name) {
                    Ok(got) => assert!(
                        &got == rows,
                        "{ctx}: {name} restored with {} rows, the set holds {}",
                        got.len(),
                        rows.len()
                    ),
                    Err(e) => panic!("{ctx}: {name} restored but does not read back: {e}"),
                }
            }
            std::fs::remove_dir_all(&target).unwrap();
            true
        }
        Err(e) => {
            assert!(
                !target.exists(),
                "{ctx}: the refused restore ({e}) left {}",
                target.display()
            );
            if let Ok(v) = &verified {
                // A set whose layout and contents check out restores.
                assert!(
                    v.is_damaged(),
                    "{ctx}: verification found nothing, but the restore failed: {e}"
                );
            }
            false
        }
    }
}

#[test]
fn damaged_sets_are_refused_or_restored_whole() {
    let root = tmpdir("rounds");
    let (good, want) = make_set(&root);
    let ents = entries(&good);
    assert_eq!(ents.iter().filter(|e| e.name.ends_with(".edb")).count(), 2);
    assert!(ents.iter().any(|e| e.name.ends_with(".log")));
    assert_eq!(ents.last().unwrap().name, "backup.json");
    // The undamaged set restores, as every round's comparison assumes.
    let target = root.join("good");
    restore_tar(&good[..], &target, &Default::default()).unwrap();
    for (name, rows) in DATABASES.iter().zip(&want) {
        assert_eq!(&contents(&target, name).unwrap(), rows, "{name}");
    }
    std::fs::remove_dir_all(&target).unwrap();

    let seeds: Vec<u64> = match std::env::var("DAMAGED_SETS_SEED") {
        Ok(s) => vec![s.parse().expect("DAMAGED_SETS_SEED is a number")],
        Err(_) => {
            let rounds: u64 = std::env::var("DAMAGED_SETS_ROUNDS")
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(300);
            let base = 0x5e7_0000u64;
            (0..rounds).map(|i| base + i).chain(REGRESSIONS).collect()
        }
    };
    let n = seeds.len();
    let restored = seeds
        .into_iter()
        .filter(|&seed| round(&good, &ents, &want, &root, seed))
        .count();
    eprintln!(
        "{n} rounds: {restored} restored whole, {} refused",
        n - restored
    );
    if n >= 100 {
        // Both ends are reached: harmless changes (tar padding, the logs' unused
        // tails) and refused ones.
        assert!(restored > 0 && restored < n, "{restored} of {n} restored");
    }
    let _ = std::fs::remove_dir_all(&root);
}
