//! Directory durability of `SimFs`: creates, renames and removes are volatile
//! until `sync_dir` of their directory.

use ese_os::{DirPolicy, EntryKind, FileSystem, OpenOptions, SimConfig, SimFs, TearPolicy};
use std::collections::BTreeSet;
use std::path::Path;

fn p(s: &str) -> &Path {
    Path::new(s)
}

fn read_all(fs: &SimFs, path: &Path) -> Vec<u8> {
    let f = fs.open(path, OpenOptions::read_only()).unwrap();
    let mut buf = vec![0u8; f.len().unwrap() as usize];
    f.read_at(0, &mut buf).unwrap();
    buf
}

/// Makes `/db/<name>` durable (name and data) with `data`.
fn durable_file(fs: &SimFs, name: &str, data: &[u8]) {
    let path = Path::new("/db").join(name);
    let f = fs.open(&path, OpenOptions::create_new()).unwrap();
    f.write_at(0, data).unwrap();
    f.sync_all().unwrap();
    fs.sync_dir(p("/db")).unwrap();
}

fn disk() -> SimFs {
    let fs = SimFs::new();
    fs.create_dir_all(p("/db")).unwrap();
    fs.sync_dir(p("/")).unwrap();
    fs
}

#[test]
fn unsynced_create_disappears_and_sync_dir_keeps_it() {
    for seed in 0..100u64 {
        let fs = disk();
        let f = fs.open(p("/db/new"), OpenOptions::create_new()).unwrap();
        f.write_at(0, b"synced data").unwrap();
        f.sync_all().unwrap();
        assert_eq!(fs.durable_kind(p("/db/new")), None);
        fs.power_cut(seed);
        assert!(!fs.exists(p("/db/new")), "seed {seed}");
        assert!(fs.read_dir(p("/db")).unwrap().is_empty());

        let f = fs.open(p("/db/new"), OpenOptions::create_new()).unwrap();
        f.write_at(0, b"synced data").unwrap();
        f.sync_all().unwrap();
        fs.sync_dir(p("/db")).unwrap();
        assert_eq!(fs.durable_kind(p("/db/new")), Some(EntryKind::File));
        fs.power_cut(seed);
        assert_eq!(read_all(&fs, p("/db/new")), b"synced data", "seed {seed}");
    }
}

#[test]
fn unsynced_directories_disappear_with_their_contents() {
    for seed in 0..50u64 {
        let fs = disk();
        fs.create_dir_all(p("/db/sub/deeper")).unwrap();
        let f = fs
            .open(p("/db/sub/deeper/f"), OpenOptions::create_new())
            .unwrap();
        f.sync_all().unwrap();
        fs.sync_dir(p("/db/sub/deeper")).unwrap();
        fs.sync_dir(p("/db/sub")).unwrap();
        fs.power_cut(seed);
        assert!(
            !fs.exists(p("/db/sub")),
            "seed {seed}: /db was never synced"
        );
        fs.create_dir_all(p("/db/sub")).unwrap();
        fs.sync_dir(p("/db")).unwrap();
        fs.power_cut(seed);
        assert_eq!(fs.kind(p("/db/sub")).unwrap(), Some(EntryKind::Dir));
    }
}

#[test]
fn unsynced_rename_is_atomic_and_may_be_undone() {
    let mut outcomes = BTreeSet::new();
    for seed in 0..100u64 {
        let fs = disk();
        durable_file(&fs, "tmp", b"new generation");
        durable_file(&fs, "cur", b"old generation");
        fs.rename(p("/db/tmp"), p("/db/cur")).unwrap();
        assert_eq!(fs.read_dir(p("/db")).unwrap(), vec!["cur".to_string()]);
        fs.power_cut(seed);
        let names = fs.read_dir(p("/db")).unwrap();
        let cur = read_all(&fs, p("/db/cur"));
        if names == ["cur", "tmp"] {
            assert_eq!(cur, b"old generation");
            assert_eq!(read_all(&fs, p("/db/tmp")), b"new generation");
        } else {
            assert_eq!(names, ["cur"], "seed {seed}");
            assert_eq!(cur, b"new generation");
        }
        outcomes.insert(names.len());
    }
    assert_eq!(outcomes.len(), 2, "both outcomes should occur");
}

#[test]
fn synced_rename_survives() {
    for seed in 0..50u64 {
        let fs = disk();
        fs.create_dir_all(p("/other")).unwrap();
        fs.sync_dir(p("/")).unwrap();
        durable_file(&fs, "a", b"A");
        fs.rename(p("/db/a"), p("/other/b")).unwrap();
        // Syncing either directory commits a rename between them.
        fs.sync_dir(if seed % 2 == 0 { p("/db") } else { p("/other") })
            .unwrap();
        fs.power_cut(seed);
        assert!(!fs.exists(p("/db/a")));
        assert_eq!(read_all(&fs, p("/other/b")), b"A");
    }
}

#[test]
fn unsynced_remove_may_be_undone_and_sync_dir_makes_it_final() {
    let mut outcomes = BTreeSet::new();
    for seed in 0..100u64 {
        let fs = disk();
        durable_file(&fs, "victim", b"still here");
        let handle = fs.open(p("/db/victim"), OpenOptions::read_write()).unwrap();
        handle.write_at(0, b"STILL").unwrap();
        fs.remove_file(p("/db/victim")).unwrap();
        assert!(!fs.exists(p("/db/victim")));
        fs.power_cut(seed);
        if fs.exists(p("/db/victim")) {
            // The unsynced write may be lost, kept or torn; the synced tail is there.
            assert_eq!(&read_all(&fs, p("/db/victim"))[5..], b" here");
            outcomes.insert(true);
        } else {
            outcomes.insert(false);
        }
        fs.remove_file(p("/db/victim")).ok();
        fs.sync_dir(p("/db")).unwrap();
        fs.power_cut(seed);
        assert!(!fs.exists(p("/db/victim")));
    }
    assert_eq!(outcomes.len(), 2, "both outcomes should occur");
}

#[test]
fn unsynced_rmdir_may_be_undone() {
    let mut outcomes = BTreeSet::new();
    for seed in 0..60u64 {
        let fs = disk();
        fs.create_dir_all(p("/db/empty")).unwrap();
        fs.sync_dir(p("/db")).unwrap();
        fs.remove_dir(p("/db/empty")).unwrap();
        fs.power_cut(seed);
        outcomes.insert(fs.exists(p("/db/empty")));
    }
    assert_eq!(outcomes.len(), 2);
}

#[test]
fn keep_all_and_drop_all_settle_directory_changes_whole() {
    for seed in 0..20u64 {
        for policy in [TearPolicy::KeepAll, TearPolicy::DropAll] {
            let fs = disk();
            durable_file(&fs, "a", b"A");
            durable_file(&fs, "b", b"B");
            fs.open(p("/db/c"), OpenOptions::create_new()).unwrap();
            fs.rename(p("/db/a"), p("/db/a2")).unwrap();
            fs.remove_file(p("/db/b")).unwrap();
            fs.create_dir_all(p("/db/sub")).unwrap();
            let report = fs.power_cut_with(seed, policy);
            let names = fs.read_dir(p("/db")).unwrap();
            if policy == TearPolicy::KeepAll {
                assert_eq!(names, ["a2", "c", "sub"]);
                assert_eq!(report.dir_kept, 4);
            } else {
                assert_eq!(names, ["a", "b"]);
                assert_eq!(report.dir_dropped, 4);
            }
        }
    }
}

/// The log-rollover protocol: create a temporary file, write and sync it, then
/// rename it into place. Under an ordered journal a crash before `sync_dir`
/// leaves the new file absent, under its temporary name, or in place, and
/// never a partial file.
#[test]
fn ordered_journal_gives_every_rollover_outcome() {
    let config = SimConfig {
        dir_policy: DirPolicy::OrderedJournal,
        ..SimConfig::default()
    };
    let mut outcomes = BTreeSet::new();
    for seed in 0..100u64 {
        let fs = SimFs::with_config(config);
        fs.create_dir_all(p("/db")).unwrap();
        fs.sync_dir(p("/")).unwrap();
        let f = fs
            .open(p("/db/edbtmp.log"), OpenOptions::create_new())
            .unwrap();
        f.write_at(0, &[0x5A; 4096]).unwrap();
        f.sync_all().unwrap();
        drop(f);
        fs.rename(p("/db/edbtmp.log"), p("/db/edb00001.log"))
            .unwrap();
        fs.power_cut(seed);
        let names = fs.read_dir(p("/db")).unwrap();
        for name in &names {
            assert_eq!(
                read_all(&fs, &Path::new("/db").join(name)),
                vec![0x5A; 4096]
            );
        }
        outcomes.insert(names);
    }
    let expected: BTreeSet<Vec<String>> = [
        vec![],
        vec!["edb00001.log".to_string()],
        vec!["edbtmp.log".to_string()],
    ]
    .into();
    assert_eq!(outcomes, expected);
}

#[test]
fn strict_rename_carries_an_unsynced_create() {
    // Under the default policy the temporary file's create is lost, but a kept
    // rename still brings the file in under its final name.
    let mut outcomes = BTreeSet::new();
    for seed in 0..100u64 {
        let fs = disk();
        let f = fs.open(p("/db/tmp"), OpenOptions::create_new()).unwrap();
        f.write_at(0, b"whole").unwrap();
        f.sync_all().unwrap();
        fs.rename(p("/db/tmp"), p("/db/final")).unwrap();
        fs.power_cut(seed);
        let names = fs.read_dir(p("/db")).unwrap();
        assert!(!names.contains(&"tmp".to_string()));
        if !names.is_empty() {
            assert_eq!(read_all(&fs, p("/db/final")), b"whole");
        }
        outcomes.insert(names.len());
    }
    assert_eq!(outcomes.len(), 2);
}

#[test]
fn removed_file_comes_back_with_its_durable_bytes() {
    // A file removed and recreated under the same name, neither synced: after
    // the cut the name holds the original durable file or nothing.
    for seed in 0..60u64 {
        let fs = disk();
        durable_file(&fs, "x", b"original");
        fs.remove_file(p("/db/x")).unwrap();
        let f = fs.open(p("/db/x"), OpenOptions::create_new()).unwrap();
        f.write_at(0, b"replacement").unwrap();
        f.sync_all().unwrap();
        fs.power_cut(seed);
        if fs.exists(p("/db/x")) {
            assert_eq!(read_all(&fs, p("/db/x")), b"original", "seed {seed}");
        }
    }
}
