//! Power cuts of `SimFs`: synced data always survives, unsynced writes are kept,
//! lost or torn only at sector boundaries inside their range, and a seed
//! replays exactly.

use ese_os::{
    File, FileSystem, OpenOptions, PowerCutReport, Rng, SimConfig, SimError, SimFs, SplitMix64,
    TearPolicy,
};
use std::path::{Path, PathBuf};

const POLICIES: [TearPolicy; 5] = [
    TearPolicy::Default,
    TearPolicy::AtomicSector,
    TearPolicy::KeepAll,
    TearPolicy::DropAll,
    TearPolicy::SequentialPrefix,
];

fn small_sectors() -> SimFs {
    SimFs::with_config(SimConfig {
        sector_size: 16,
        ..SimConfig::default()
    })
}

fn random_bytes(rng: &mut SplitMix64, len: usize) -> Vec<u8> {
    let mut v = vec![0u8; len];
    rng.fill_bytes(&mut v);
    v
}

fn read_all(fs: &SimFs, path: &Path) -> Vec<u8> {
    let f = fs.open(path, OpenOptions::read_only()).unwrap();
    let mut buf = vec![0u8; f.len().unwrap() as usize];
    f.read_at(0, &mut buf).unwrap();
    buf
}

/// Per file: the bytes last synced, and which of them were written since.
struct Model {
    path: PathBuf,
    synced: Vec<u8>,
    dirty: Vec<bool>,
}

/// A random workload over a few durable files, mixing synced and unsynced
/// writes (no length changes), then a power cut; every synced byte that no
/// unsynced write touched must read back unchanged.
#[test]
fn synced_bytes_survive_every_power_cut() {
    for seed in 0..400u64 {
        let mut rng = SplitMix64::new(seed);
        let fs = small_sectors();
        let mut models = Vec::new();
        let mut handles: Vec<Box<dyn File>> = Vec::new();
        for i in 0..3 {
            let path = PathBuf::from(format!("/f{i}"));
            handles.push(fs.open(&path, OpenOptions::create_new()).unwrap());
            models.push(Model {
                path,
                synced: Vec::new(),
                dirty: Vec::new(),
            });
        }
        fs.sync_dir(Path::new("/")).unwrap();
        for _ in 0..rng.gen_range(1..30) {
            let i = rng.gen_range(0..3) as usize;
            let offset = rng.gen_range(0..200) as usize;
            let len = rng.gen_range(1..80) as usize;
            let data = random_bytes(&mut rng, len);
            handles[i].write_at(offset as u64, &data).unwrap();
            let m = &mut models[i];
            let end = offset + data.len();
            if m.dirty.len() < end {
                m.dirty.resize(end, false);
            }
            m.dirty[offset..end].iter_mut().for_each(|d| *d = true);
            if rng.chance(0.3) {
                handles[i].sync_data().unwrap();
                m.synced = fs.volatile_image(&m.path).unwrap();
                m.dirty = vec![false; m.synced.len()];
            }
        }
        let policy = POLICIES[(seed % 5) as usize];
        fs.power_cut_with(seed, policy);
        for m in &models {
            let image = read_all(&fs, &m.path);
            assert!(image.len() >= m.synced.len(), "seed {seed}: file shrank");
            for (i, &byte) in m.synced.iter().enumerate() {
                if !m.dirty[i] {
                    assert_eq!(image[i], byte, "seed {seed} {policy:?}: byte {i} changed");
                }
            }
        }
    }
}

/// The outcome of one unsynced write over a synced base, checked piece by piece.
fn check_torn_write(
    seed: u64,
    base: &[u8],
    offset: usize,
    new: &[u8],
    image: &[u8],
    sector: usize,
    garbage_allowed: bool,
) -> (usize, usize) {
    let end = offset + new.len();
    let full = base.len().max(end);
    assert!(
        image.len() >= base.len() && image.len() <= full,
        "seed {seed}: length"
    );
    let pad = |v: &[u8]| {
        let mut p = v.to_vec();
        p.resize(full, 0);
        p
    };
    let (old, got) = (pad(base), pad(image));
    for i in (0..offset).chain(end..full) {
        assert_eq!(
            got[i], old[i],
            "seed {seed}: byte {i} outside the write changed"
        );
    }
    let (mut new_pieces, mut old_pieces) = (0, 0);
    let mut start = offset;
    while start < end {
        let piece_end = ((start / sector + 1) * sector).min(end);
        let piece = &got[start..piece_end];
        if piece == &new[start - offset..piece_end - offset] {
            new_pieces += 1;
        } else if piece == &old[start..piece_end] {
            old_pieces += 1;
        } else {
            assert!(
                garbage_allowed,
                "seed {seed}: piece {start}..{piece_end} is neither old nor new"
            );
        }
        start = piece_end;
    }
    if image.len() > base.len() {
        let ends_on_piece = image.len() == end || image.len().is_multiple_of(sector);
        assert!(
            ends_on_piece,
            "seed {seed}: length {} not on a piece end",
            image.len()
        );
    }
    (new_pieces, old_pieces)
}

fn torn_write_trial(
    seed: u64,
    policy: TearPolicy,
) -> (Vec<u8>, usize, Vec<u8>, Vec<u8>, PowerCutReport) {
    let mut rng = SplitMix64::new(seed);
    let fs = small_sectors();
    let path = Path::new("/t");
    let f = fs.open(path, OpenOptions::create_new()).unwrap();
    fs.sync_dir(Path::new("/")).unwrap();
    let base_len = rng.gen_range(0..120) as usize;
    let base = random_bytes(&mut rng, base_len);
    f.write_at(0, &base).unwrap();
    f.sync_all().unwrap();
    let offset = rng.gen_range(0..140) as usize;
    let new_len = rng.gen_range(1..90) as usize;
    let new = random_bytes(&mut rng, new_len);
    f.write_at(offset as u64, &new).unwrap();
    let report = fs.power_cut_with(seed, policy);
    (base, offset, new, read_all(&fs, path), report)
}

#[test]
fn unsynced_write_tears_only_at_sector_boundaries_inside_its_range() {
    let mut mixed = 0;
    let mut garbage = 0;
    for seed in 0..600u64 {
        let (base, offset, new, image, report) = torn_write_trial(seed, TearPolicy::Default);
        let (n, o) = check_torn_write(seed, &base, offset, &new, &image, 16, true);
        if n > 0 && o > 0 {
            mixed += 1;
        }
        garbage += report.garbage_sectors;
    }
    assert!(mixed > 20, "torn writes seen: {mixed}");
    assert!(garbage > 0, "garbage sectors seen: {garbage}");
}

#[test]
fn atomic_sector_tears_show_only_old_or_new_bytes() {
    let (mut kept, mut dropped, mut torn) = (0, 0, 0);
    for seed in 0..600u64 {
        let (base, offset, new, image, report) = torn_write_trial(seed, TearPolicy::AtomicSector);
        check_torn_write(seed, &base, offset, &new, &image, 16, false);
        assert_eq!(report.garbage_sectors, 0);
        kept += report.kept;
        dropped += report.dropped;
        torn += report.torn;
    }
    assert!(
        kept > 0 && dropped > 0 && torn > 0,
        "{kept} {dropped} {torn}"
    );
}

#[test]
fn keep_all_keeps_everything_and_drop_all_keeps_only_synced() {
    for seed in 0..50u64 {
        for policy in [TearPolicy::KeepAll, TearPolicy::DropAll] {
            let mut rng = SplitMix64::new(seed);
            let fs = small_sectors();
            fs.create_dir_all(Path::new("/db")).unwrap();
            fs.sync_dir(Path::new("/")).unwrap();
            let durable = fs
                .open(Path::new("/db/durable"), OpenOptions::create_new())
                .unwrap();
            fs.sync_dir(Path::new("/db")).unwrap();
            durable.write_at(0, &random_bytes(&mut rng, 100)).unwrap();
            durable.sync_all().unwrap();
            durable
                .write_at(rng.gen_range(0..150), &random_bytes(&mut rng, 70))
                .unwrap();
            durable.set_len(rng.gen_range(50..250)).unwrap();
            durable
                .write_at(rng.gen_range(0..150), &random_bytes(&mut rng, 30))
                .unwrap();
            let fresh = fs
                .open(Path::new("/db/fresh"), OpenOptions::create_new())
                .unwrap();
            fresh.write_at(0, b"unsynced").unwrap();
            fresh.sync_data().unwrap();
            let before_volatile = fs.volatile_image(Path::new("/db/durable")).unwrap();
            let before_durable = fs.durable_image(Path::new("/db/durable")).unwrap();
            let report = fs.power_cut_with(seed, policy);
            let after = read_all(&fs, Path::new("/db/durable"));
            match policy {
                TearPolicy::KeepAll => {
                    assert_eq!(after, before_volatile);
                    assert_eq!(read_all(&fs, Path::new("/db/fresh")), b"unsynced");
                    assert_eq!((report.dropped, report.torn, report.dir_dropped), (0, 0, 0));
                }
                _ => {
                    assert_eq!(after, before_durable);
                    assert!(!fs.exists(Path::new("/db/fresh")));
                    assert_eq!((report.kept, report.torn, report.dir_kept), (0, 0, 0));
                }
            }
            assert_eq!(fs.durable_image(Path::new("/db/durable")).unwrap(), after);
            assert_eq!(fs.unsynced_ops(Path::new("/db/durable")), Some(0));
        }
    }
}

#[test]
fn sequential_prefix_keeps_a_prefix_of_writes_in_order() {
    // Eight sector-aligned writes of two sectors each, round-robin over two
    // files: the survivors must form a prefix (in issue order) of sectors.
    let mut cut_points = std::collections::BTreeSet::new();
    for seed in 0..200u64 {
        let fs = small_sectors();
        let a = fs.open(Path::new("/a"), OpenOptions::create_new()).unwrap();
        let b = fs.open(Path::new("/b"), OpenOptions::create_new()).unwrap();
        fs.sync_dir(Path::new("/")).unwrap();
        for w in 0..8u8 {
            let file = if w % 2 == 0 { &a } else { &b };
            file.write_at(u64::from(w / 2) * 32, &[w + 1; 32]).unwrap();
        }
        fs.power_cut_with(seed, TearPolicy::SequentialPrefix);
        let images = [
            read_all(&fs, Path::new("/a")),
            read_all(&fs, Path::new("/b")),
        ];
        // Sector k of write w (issue order) survived?
        let mut survived = Vec::new();
        for w in 0..8u8 {
            let image = &images[usize::from(w % 2)];
            for k in 0..2usize {
                let at = usize::from(w / 2) * 32 + k * 16;
                let piece = image.get(at..at + 16);
                survived.push(piece == Some(&[w + 1; 16][..]));
                if let Some(p) = piece {
                    assert!(p == [w + 1; 16] || p == [0; 16], "seed {seed}: garbage");
                }
            }
        }
        let prefix = survived.iter().take_while(|&&s| s).count();
        assert!(
            survived[prefix..].iter().all(|&s| !s),
            "seed {seed}: {survived:?}"
        );
        cut_points.insert(prefix);
    }
    assert!(cut_points.len() > 8, "cut points seen: {cut_points:?}");
}

/// Everything observable after a workload and a power cut, for comparing runs.
fn run_and_snapshot(workload: u64, seed: u64) -> (Vec<String>, Vec<Vec<u8>>, PowerCutReport) {
    let mut rng = SplitMix64::new(workload);
    let fs = small_sectors();
    let mut handles = Vec::new();
    for i in 0..4 {
        handles.push(
            fs.open(Path::new(&format!("/f{i}")), OpenOptions::create_new())
                .unwrap(),
        );
        if rng.chance(0.5) {
            fs.sync_dir(Path::new("/")).unwrap();
        }
    }
    for _ in 0..40 {
        let h = &handles[rng.gen_range(0..4) as usize];
        h.write_at(rng.gen_range(0..300), &random_bytes(&mut rng, 50))
            .unwrap();
        if rng.chance(0.2) {
            h.sync_data().unwrap();
        }
    }
    fs.rename(Path::new("/f0"), Path::new("/g0")).unwrap();
    fs.remove_file(Path::new("/f1")).unwrap();
    let report = fs.power_cut(seed);
    let names = fs.read_dir(Path::new("/")).unwrap();
    let images = names
        .iter()
        .map(|n| read_all(&fs, &Path::new("/").join(n)))
        .collect();
    (names, images, report)
}

#[test]
fn the_same_seed_gives_the_same_outcome() {
    let mut distinct = std::collections::BTreeSet::new();
    for seed in 0..40u64 {
        let first = run_and_snapshot(seed % 4, seed);
        assert_eq!(first, run_and_snapshot(seed % 4, seed), "seed {seed}");
        if seed % 4 == 0 {
            distinct.insert((first.0, first.1));
        }
    }
    assert!(
        distinct.len() > 5,
        "different cut seeds should differ: {}",
        distinct.len()
    );
}

#[test]
fn handles_from_before_a_power_cut_are_stale() {
    let fs = SimFs::new();
    let keep = fs.clone();
    let f = fs.open(Path::new("/f"), OpenOptions::create_new()).unwrap();
    f.write_at(0, b"data").unwrap();
    f.sync_all().unwrap();
    fs.sync_dir(Path::new("/")).unwrap();
    keep.power_cut(1);
    let mut buf = [0u8; 4];
    for err in [
        f.read_at(0, &mut buf).unwrap_err(),
        f.write_at(0, b"x").unwrap_err(),
        f.len().unwrap_err(),
        f.sync_data().unwrap_err(),
    ] {
        assert_eq!(SimError::of(&err), Some(SimError::StaleHandle));
    }
    drop(f);
    let g = fs.open(Path::new("/f"), OpenOptions::read_write()).unwrap();
    g.read_at(0, &mut buf).unwrap();
    assert_eq!(&buf, b"data");
}

#[test]
fn lost_growth_under_lazy_length() {
    // With sync_data not persisting the length, appended-and-data-synced bytes
    // may vanish at a power cut; sync_all pins them.
    let config = SimConfig {
        sync_data_persists_len: false,
        ..SimConfig::default()
    };
    let fs = SimFs::with_config(config);
    let f = fs
        .open(Path::new("/log"), OpenOptions::create_new())
        .unwrap();
    fs.sync_dir(Path::new("/")).unwrap();
    f.write_at(0, &[1; 1024]).unwrap();
    f.sync_data().unwrap();
    fs.power_cut_with(0, TearPolicy::DropAll);
    assert_eq!(read_all(&fs, Path::new("/log")).len(), 0);
    let f = fs
        .open(Path::new("/log"), OpenOptions::read_write())
        .unwrap();
    f.write_at(0, &[1; 1024]).unwrap();
    f.sync_all().unwrap();
    fs.power_cut_with(0, TearPolicy::DropAll);
    assert_eq!(read_all(&fs, Path::new("/log")), vec![1; 1024]);
}

#[test]
fn unsynced_length_changes_are_kept_or_lost_whole() {
    for policy in [
        TearPolicy::Default,
        TearPolicy::AtomicSector,
        TearPolicy::SequentialPrefix,
    ] {
        let mut outcomes = std::collections::BTreeSet::new();
        for seed in 0..100u64 {
            let fs = small_sectors();
            let f = fs.open(Path::new("/f"), OpenOptions::create_new()).unwrap();
            fs.sync_dir(Path::new("/")).unwrap();
            let base: Vec<u8> = (0..100u8).collect();
            f.write_at(0, &base).unwrap();
            f.sync_all().unwrap();
            let new_len = if seed % 2 == 0 { 40 } else { 200 };
            f.set_len(new_len).unwrap();
            fs.power_cut_with(seed, policy);
            let image = read_all(&fs, Path::new("/f"));
            let mut resized = base.clone();
            resized.resize(new_len as usize, 0);
            assert!(
                image == base || image == resized,
                "seed {seed} {policy:?}: {image:?}"
            );
            outcomes.insert((new_len, image == base));
        }
        assert_eq!(outcomes.len(), 4, "{policy:?}: {outcomes:?}");
    }
}
