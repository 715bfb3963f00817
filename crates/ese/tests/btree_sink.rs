//! Every page change goes through the change sink: each gets a new dbtime from the
//! shared counter, the page carries it, and the sink's log position reaches the
//! cache frame.

mod btree_support;

use btree_support::*;
use ese::btree::{self, BTree, PageChangeSink, PageOp, TreeEnv, TreeKind};
use ese::cache::{BufferCache, NoWal};
use ese::format::page::Page;
use ese::space::{SpaceManager, SpaceParams};
use ese::ErrorCode;
use ese_os::{FileSystem, MemFs, OpenOptions};
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

#[derive(Debug, Default)]
struct Recorder {
    /// (pgno, before, after, image op?)
    calls: Mutex<Vec<(u32, u64, u64, bool)>>,
}

impl PageChangeSink for Recorder {
    fn changed(
        &self,
        pgno: u32,
        before: u64,
        after: u64,
        op: &PageOp<'_>,
        _page: &[u8],
    ) -> ese::Result<u64> {
        let image = matches!(op, PageOp::Image { .. });
        self.calls
            .lock()
            .unwrap()
            .push((pgno, before, after, image));
        Ok(after * 10)
    }
}

#[test]
fn every_change_is_reported_with_a_new_dbtime() {
    let fs = MemFs::new();
    let file = fs
        .open(Path::new("/s.edb"), OpenOptions::create_new())
        .unwrap();
    let cache = Arc::new(BufferCache::new(Arc::from(file), 4096, 4096, Arc::new(NoWal)).unwrap());
    let counter = Arc::new(AtomicU64::new(0));
    let rec = Arc::new(Recorder::default());
    let env = TreeEnv {
        cache: cache.clone(),
        dbtime: counter.clone(),
        sink: rec.clone(),
    };
    let space =
        Arc::new(SpaceManager::create_database(env.clone(), SpaceParams::default(), 64).unwrap());
    let fdp = space.create_fdp(1, 5, 2, false, TreeKind::Table).unwrap();
    let tree = BTree::open(&env, space.clone(), fdp, 80).unwrap();
    let mut rng = Rng(1);
    for i in 0..3000u32 {
        tree.insert(
            &(rng.next() as u32).to_be_bytes(),
            &vec![i as u8; 1 + (i as usize % 300)],
        )
        .unwrap();
        if i % 3 == 0 {
            let mut c = tree.cursor();
            if let Some(e) = c
                .seek(btree::SeekOp::Ge, &(rng.next() as u32).to_be_bytes(), None)
                .unwrap()
            {
                tree.delete(&e.key, None).unwrap();
            }
        }
    }
    let calls = rec.calls.lock().unwrap().clone();
    // dbtimes are handed out once each, in order, and the counter holds the last.
    for (i, c) in calls.iter().enumerate() {
        assert_eq!(c.2, i as u64 + 1);
        assert!(c.1 < c.2);
    }
    assert_eq!(counter.load(Ordering::SeqCst), calls.len() as u64);
    assert!(calls.iter().any(|c| c.3) && calls.iter().any(|c| !c.3));
    // Each page carries the dbtime of its last change, and its frame that change's lsn.
    let mut last: HashMap<u32, u64> = HashMap::new();
    for c in &calls {
        last.insert(c.0, c.2);
    }
    for (&pgno, &dbtime) in &last {
        let page = cache.read(pgno).unwrap();
        assert_eq!(
            Page::new(&page, pgno).unwrap().dbtime(),
            dbtime,
            "page {pgno}"
        );
        assert_eq!(page.lsn(), dbtime * 10, "page {pgno}");
    }
    btree::check(&env, fdp).unwrap();
    ese::space::check(&env).unwrap();
}

#[test]
fn a_page_newer_than_the_database_dbtime_is_refused() {
    let db = SampleDb::open("basic.edb", 32);
    let tree = BTree::open(&db.env, db.space.clone(), 31, 80).unwrap();
    db.env.dbtime.store(10, Ordering::SeqCst);
    let e = tree.insert(&[0x7F, 0, 0, 0, 9], b"record").unwrap_err();
    assert_eq!(e.code(), ErrorCode::DbTimeCorrupted);
}

#[test]
fn root_fields_change_without_losing_the_space_header() {
    use ese::format::space::SpaceHeader;
    let db = TestDb::new(4096, 64, 1);
    let tree = db.new_tree(true);
    for i in 0..2000u32 {
        tree.insert(&i.to_be_bytes(), &[0u8; 40]).unwrap();
    }
    tree.update_root_header(|ext| {
        let mut sph = SpaceHeader::decode(ext)?;
        sph.auto_inc = Some(4242);
        *ext = sph.encode();
        Ok(())
    })
    .unwrap();
    // The space layer keeps the root fields when it changes the space header.
    for i in 2000..6000u32 {
        tree.insert(&i.to_be_bytes(), &[0u8; 40]).unwrap();
    }
    let sph = SpaceHeader::decode(&tree.root_header().unwrap()).unwrap();
    assert_eq!(sph.auto_inc, Some(4242));
    assert!(sph.is_multiple_extent());
    btree::check(&db.env, tree.info().root).unwrap();
    db.check_space();
}

/// Fails the change numbered `fail_at` (from 1); remembers `broken` calls.
#[derive(Debug, Default)]
struct Failing {
    count: AtomicU64,
    fail_at: AtomicU64,
    broken: AtomicU64,
}

impl PageChangeSink for Failing {
    fn changed(&self, _: u32, _: u64, _: u64, _: &PageOp<'_>, _: &[u8]) -> ese::Result<u64> {
        let n = self.count.fetch_add(1, Ordering::SeqCst) + 1;
        if n == self.fail_at.load(Ordering::SeqCst) {
            return Err(ese::Error::with(ErrorCode::LogWriteFail, "planted"));
        }
        Ok(0)
    }
    fn broken(&self, _: &ese::Error) {
        self.broken.fetch_add(1, Ordering::SeqCst);
    }
}

/// Inserts until a split, failing the change `fail_at`; returns the sink, the
/// cache, and for each insert the changes it made.
fn split_run(fail_at: u64) -> (Arc<Failing>, Arc<BufferCache>, Vec<u64>, Option<ErrorCode>) {
    let fs = MemFs::new();
    let file = fs
        .open(Path::new("/s.edb"), OpenOptions::create_new())
        .unwrap();
    let cache = Arc::new(BufferCache::new(Arc::from(file), 4096, 256, Arc::new(NoWal)).unwrap());
    let sink = Arc::new(Failing::default());
    let env = TreeEnv {
        cache: cache.clone(),
        dbtime: Arc::new(AtomicU64::new(0)),
        sink: sink.clone(),
    };
    let space =
        Arc::new(SpaceManager::create_database(env.clone(), SpaceParams::default(), 64).unwrap());
    let fdp = space.create_fdp(1, 5, 2, false, TreeKind::Table).unwrap();
    let tree = BTree::open(&env, space, fdp, 80).unwrap();
    // Counted from the first insert on.
    sink.count.store(0, Ordering::SeqCst);
    sink.fail_at.store(fail_at, Ordering::SeqCst);
    let mut per_insert = Vec::new();
    for i in 0..400u32 {
        let before = sink.count.load(Ordering::SeqCst);
        if let Err(e) = tree.insert(&i.to_be_bytes(), &[7u8; 100]) {
            return (sink, cache, per_insert, Some(e.code()));
        }
        per_insert.push(sink.count.load(Ordering::SeqCst) - before);
    }
    (sink, cache, per_insert, None)
}

#[test]
fn a_split_that_fails_part_way_is_never_written() {
    // The first insert that splits with pages allocated for it.
    let (_, _, per_insert, err) = split_run(0);
    assert_eq!(err, None);
    let at = per_insert.iter().position(|&n| n > 3).expect("a split");
    let first_change = per_insert[..at].iter().sum::<u64>();
    // Fail each of its changes in turn: one that fails after the split's first
    // page stands in memory breaks it, and then nothing can be written again.
    let mut broke = 0;
    for k in 1..=per_insert[at] {
        let (sink, cache, _, err) = split_run(first_change + k);
        assert_eq!(err, Some(ErrorCode::LogWriteFail));
        let broken = sink.broken.load(Ordering::SeqCst);
        assert!(broken <= 1);
        assert_eq!(cache.is_failed(), broken == 1, "change {k}");
        if broken == 1 {
            assert!(cache.flush_all().is_err());
            broke += 1;
        }
    }
    assert!(
        broke > 0,
        "no failure inside the split was reported as broken"
    );
    // A change that fails whole (an insert of one page) is not a broken split.
    assert_eq!(per_insert[0], 1);
    let (sink, cache, _, err) = split_run(1);
    assert_eq!(err, Some(ErrorCode::LogWriteFail));
    assert_eq!(sink.broken.load(Ordering::SeqCst), 0);
    assert!(!cache.is_failed());
}
