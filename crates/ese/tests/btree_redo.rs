//! Redo of logged page changes: every change the B-tree and space layers make is
//! recorded as the log would record it; rebuilding each page from its records alone
//! gives the bytes the cache holds, redo over a page written back midway skips what
//! the page already holds, and redo run twice changes nothing. Random inserts,
//! replaces and deletes on several trees (splits, merges, new and released pages),
//! with a small cache so pages are written back and read again. `REDO_SEED=<n>`
//! replays one seed.

mod btree_support;

use btree_support::*;
use ese::btree::{logged, logged_ref, redo, restore_image, PageChangeSink, PageOp, Redone};
use ese::format::pageop::LoggedOp;
use ese::ErrorCode;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// One page change as the log holds it.
#[derive(Debug, Clone)]
struct Rec {
    pgno: u32,
    before: u64,
    after: u64,
    op: LoggedOp,
}

#[derive(Debug, Default)]
struct Recorder {
    recs: Mutex<Vec<Rec>>,
}

impl PageChangeSink for Recorder {
    fn changed(
        &self,
        pgno: u32,
        before: u64,
        after: u64,
        op: &PageOp<'_>,
        _: &[u8],
    ) -> ese::Result<u64> {
        // Through the bytes, as the log carries it (the log encodes the borrowed form).
        let mut bytes = Vec::new();
        logged_ref(op)?.encode_into(&mut bytes)?;
        assert_eq!(bytes, logged(op)?.encode()?);
        let op = LoggedOp::decode(&bytes)?;
        let mut recs = self.recs.lock().unwrap();
        recs.push(Rec {
            pgno,
            before,
            after,
            op,
        });
        Ok(recs.len() as u64)
    }
}

fn page_of(file: &[u8], page_size: usize, pgno: u32) -> Vec<u8> {
    let at = (pgno as usize + 1) * page_size;
    file.get(at..at + page_size)
        .map_or_else(|| vec![0; page_size], <[u8]>::to_vec)
}

fn file_bytes(db: &TestDb) -> Vec<u8> {
    use ese_os::FileSystem;
    let f = db
        .fs
        .open(
            std::path::Path::new("/t.edb"),
            ese_os::OpenOptions::read_only(),
        )
        .unwrap();
    let mut buf = vec![0; f.len().unwrap() as usize];
    f.read_at(0, &mut buf).unwrap();
    buf
}

/// Applies `recs` to `pages` (page images by number; missing ones from `base`).
fn replay(
    pages: &mut BTreeMap<u32, Vec<u8>>,
    base: &dyn Fn(u32) -> Vec<u8>,
    recs: &[Rec],
) -> usize {
    let mut applied = 0;
    for r in recs {
        let page = pages.entry(r.pgno).or_insert_with(|| base(r.pgno));
        match redo(page, r.pgno, r.before, r.after, &r.op)
            .unwrap_or_else(|e| panic!("redo of {r:?}: {e}"))
        {
            Redone::Applied => applied += 1,
            Redone::Skipped => {}
        }
    }
    applied
}

fn run(seed: u64, page_size: usize) {
    eprintln!("btree redo: seed {seed} page {page_size}");
    let rec = Arc::new(Recorder::default());
    let db = TestDb::with_sink(page_size, 24, seed, rec.clone());
    let trees = [db.new_tree(true), db.new_tree(false), db.new_tree(true)];
    let mut rng = Rng(seed);
    let mut keys: Vec<Vec<(Vec<u8>, Vec<u8>)>> = vec![Vec::new(); 3];
    let mut midway = None;
    for step in 0..3000 {
        let t = rng.below(3) as usize;
        let unique = t != 1;
        match rng.below(10) {
            0..=5 => {
                let key = random_key(&mut rng, unique);
                let data = random_data(&mut rng, page_size / 5);
                if trees[t].insert(&key, &data).is_ok() {
                    keys[t].push((key, data));
                }
            }
            6 if unique && !keys[t].is_empty() => {
                let i = rng.below(keys[t].len() as u64) as usize;
                let data = random_data(&mut rng, page_size / 5);
                trees[t].replace(&keys[t][i].0, &data).unwrap();
                keys[t][i].1 = data;
            }
            _ if !keys[t].is_empty() => {
                let i = rng.below(keys[t].len() as u64) as usize;
                let (k, d) = keys[t].swap_remove(i);
                trees[t].delete(&k, (!unique).then_some(&d[..])).unwrap();
            }
            _ => {}
        }
        if step == 1500 {
            db.cache.flush_all().unwrap();
            midway = Some((file_bytes(&db), rec.recs.lock().unwrap().len()));
        }
    }
    db.cache.flush_all().unwrap();
    let recs = rec.recs.lock().unwrap().clone();
    let last = file_bytes(&db);
    assert!(recs.iter().any(|r| matches!(r.op, LoggedOp::Insert { .. })));
    assert!(recs.iter().any(|r| matches!(r.op, LoggedOp::Image { .. })));
    // From nothing: every page rebuilt from its records alone.
    let zero = |_: u32| vec![0u8; page_size];
    let mut pages = BTreeMap::new();
    let applied = replay(&mut pages, &zero, &recs);
    assert_eq!(
        applied,
        recs.len(),
        "seed {seed}: every record applies once"
    );
    for (&pgno, page) in &pages {
        let disk = page_of(&last, page_size, pgno);
        assert_eq!(&page[8..], &disk[8..], "seed {seed}: page {pgno}");
    }
    // Again over its own result: nothing to do.
    assert_eq!(
        replay(&mut pages, &zero, &recs),
        0,
        "seed {seed}: idempotent"
    );
    // Over the file as it was written back midway: what it held is skipped.
    let (mid, done) = midway.unwrap();
    let mut pages = BTreeMap::new();
    let applied = replay(&mut pages, &|p| page_of(&mid, page_size, p), &recs);
    assert!(
        applied >= recs.len() - done && applied < recs.len(),
        "seed {seed}: {applied}"
    );
    for (&pgno, page) in &pages {
        assert_eq!(
            &page[8..],
            &page_of(&last, page_size, pgno)[8..],
            "seed {seed}: page {pgno}"
        );
    }
}

#[test]
fn redo_rebuilds_every_page_from_its_records() {
    if let Some(seed) = std::env::var("REDO_SEED").ok().and_then(|s| s.parse().ok()) {
        run(seed, 8192);
        return;
    }
    for seed in 1..=6 {
        for page_size in [4096, 8192] {
            run(seed, page_size);
        }
    }
}

#[test]
fn a_missing_change_is_log_corruption() {
    let rec = Arc::new(Recorder::default());
    let db = TestDb::with_sink(8192, 64, 1, rec.clone());
    let tree = db.new_tree(true);
    for i in 0..200u32 {
        tree.insert(&i.to_be_bytes(), &[7; 100]).unwrap();
    }
    let recs = rec.recs.lock().unwrap().clone();
    let zero = |_: u32| vec![0u8; 8192];
    // Leave out one node change of a page that has later ones.
    let gap = recs
        .iter()
        .enumerate()
        .rposition(|(i, r)| {
            !matches!(r.op, LoggedOp::Image { .. })
                && recs[i + 1..].iter().any(|l| l.pgno == r.pgno)
        })
        .unwrap();
    let mut pages = BTreeMap::new();
    let mut err = None;
    for (i, r) in recs.iter().enumerate() {
        if i == gap {
            continue;
        }
        let page = pages.entry(r.pgno).or_insert_with(|| zero(r.pgno));
        if let Err(e) = redo(page, r.pgno, r.before, r.after, &r.op) {
            err = Some(e);
            break;
        }
    }
    assert_eq!(
        err.expect("the gap is found").code(),
        ErrorCode::LogCorrupted
    );
    // A node change on a page never imaged is refused, not applied to zeros.
    let first_node = recs
        .iter()
        .find(|r| !matches!(r.op, LoggedOp::Image { .. }))
        .unwrap();
    let mut blank = vec![0u8; 8192];
    assert!(redo(
        &mut blank,
        first_node.pgno,
        first_node.before,
        first_node.after,
        &first_node.op
    )
    .is_err());
}

#[test]
fn a_torn_page_its_checksum_passes_is_rebuilt_from_its_image() {
    let rec = Arc::new(Recorder::default());
    let db = TestDb::with_sink(8192, 64, 1, rec.clone());
    let tree = db.new_tree(true);
    tree.insert(&[1], "1.1;".repeat(600).as_bytes()).unwrap();
    db.cache.flush_all().unwrap();
    let file = file_bytes(&db);
    let pgno = (0..(file.len() / 8192) as u32)
        .find(|&p| page_of(&file, 8192, p).windows(8).any(|w| w == b"1.1;1.1;"))
        .expect("the leaf");
    // The page's image as a checkpoint's first change would log it.
    let image = page_of(&file, 8192, pgno);
    let imaged_at = ese::format::page::PageHeader::decode(&image)
        .unwrap()
        .dbtime;
    let first_after = rec.recs.lock().unwrap().len();
    tree.insert(&[2], "2.2;".repeat(400).as_bytes()).unwrap();
    tree.replace(&[1], "3.3;".repeat(700).as_bytes()).unwrap();
    db.cache.flush_all().unwrap();
    let written = page_of(&file_bytes(&db), 8192, pgno);
    let later: Vec<Rec> = rec.recs.lock().unwrap()[first_after..]
        .iter()
        .filter(|r| r.pgno == pgno)
        .cloned()
        .collect();
    assert!(!later.is_empty());
    // The power cut kept the write's new header but lost a sector of long-value
    // text: one 32-bit word repeated, whose XOR and ECC terms cancel out, so the
    // checksum still holds.
    let sector = (1..16)
        .find(|&i| {
            let s = &written[i * 512..(i + 1) * 512];
            s[0] != 0 && s.chunks(4).all(|w| w == &s[..4])
        })
        .expect("a sector of repeated text");
    let mut torn = written.clone();
    torn[sector * 512..(sector + 1) * 512].fill(0);
    assert_eq!(
        ese::format::checksum::verify_page(&torn, pgno),
        ese::format::checksum::PageCheck::Ok
    );
    // Judged by its header the torn page holds every change: only the image,
    // put back whatever the page holds, and the changes after it rebuild it.
    let image_op = LoggedOp::Image {
        image: image.clone(),
    };
    let mut kept = torn.clone();
    assert_eq!(
        redo(&mut kept, pgno, 0, imaged_at, &image_op).unwrap(),
        Redone::Skipped
    );
    let mut page = torn;
    restore_image(&mut page, pgno, imaged_at, &image).unwrap();
    for r in &later {
        assert_eq!(
            redo(&mut page, r.pgno, r.before, r.after, &r.op).unwrap(),
            Redone::Applied
        );
    }
    assert_eq!(&page[8..], &written[8..]);
    // An image of another size is log corruption, not a panic.
    let e = restore_image(&mut page, pgno, imaged_at, &image[..4096]).unwrap_err();
    assert_eq!(e.code(), ErrorCode::LogCorrupted);
}
