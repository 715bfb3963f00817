//! Unit tests of the version store: what snapshots read through version chains,
//! the write-conflict rules, the byte budget, the oldest snapshot and the order
//! cleanup takes committed work in.

use super::*;

const ROOT: u32 = 7;

fn node(key: &[u8]) -> NodeRef<'_> {
    NodeRef::new(ROOT, true, key, &[])
}

fn store() -> VersionStore {
    VersionStore::new(Arc::new(TxnManager::new(DEFAULT_VERSION_STORE_BYTES)))
}

fn snap(t: &TxnInfo) -> Snapshot {
    Snapshot {
        txn: t.id,
        ts: t.snapshot,
    }
}

fn commit(vs: &VersionStore, t: &TxnInfo) -> u64 {
    let ts = vs.manager().commit(t);
    vs.manager().end(t);
    ts
}

fn data(b: &[u8]) -> Seen {
    Seen::Data(b.to_vec())
}

fn delta(width: u8, delta: i64) -> VersionKind {
    VersionKind::Delta {
        offset: 0,
        width,
        delta,
    }
}

fn conflict(r: Result<()>) -> bool {
    matches!(r, Err(e) if e.code() == ErrorCode::WriteConflict)
}

#[test]
fn own_uncommitted_change_is_visible_only_to_its_transaction() {
    let vs = store();
    let m = vs.manager().clone();
    let writer = m.begin(1);
    let other = m.begin(2);
    vs.add(node(b"k"), &writer, VersionKind::Replace, Some(b"old"))
        .unwrap();
    // The page holds the writer's new data.
    let page = Some(&b"new"[..]);
    assert_eq!(vs.read(node(b"k"), page, snap(&writer)), Seen::Page);
    assert_eq!(vs.read(node(b"k"), page, snap(&other)), data(b"old"));
    assert_eq!(vs.read(node(b"k"), page, Snapshot::LATEST), data(b"old"));
    // Another node of the same tree has no versions.
    assert_eq!(vs.read(node(b"j"), page, snap(&other)), Seen::Page);
}

#[test]
fn commit_after_the_snapshot_stays_invisible() {
    let vs = store();
    let m = vs.manager().clone();
    let writer = m.begin(1);
    let early = m.begin(2);
    vs.add(node(b"k"), &writer, VersionKind::Replace, Some(b"old"))
        .unwrap();
    commit(&vs, &writer);
    let late = m.begin(3);
    let page = Some(&b"new"[..]);
    assert_eq!(vs.read(node(b"k"), page, snap(&early)), data(b"old"));
    assert_eq!(vs.read(node(b"k"), page, snap(&late)), Seen::Page);
    assert_eq!(vs.read(node(b"k"), page, Snapshot::LATEST), Seen::Page);
}

#[test]
fn a_chain_of_versions_reads_as_of_each_snapshot() {
    let vs = store();
    let m = vs.manager().clone();
    let s0 = m.begin(9); // before the insert
    let t1 = m.begin(1);
    vs.add(node(b"k"), &t1, VersionKind::Insert, None).unwrap();
    commit(&vs, &t1);
    let s1 = m.begin(9);
    let t2 = m.begin(2);
    vs.add(node(b"k"), &t2, VersionKind::Replace, Some(b"a"))
        .unwrap();
    commit(&vs, &t2);
    let s2 = m.begin(9);
    let t3 = m.begin(3);
    vs.add(node(b"k"), &t3, VersionKind::Replace, Some(b"b"))
        .unwrap();
    commit(&vs, &t3);
    let s3 = m.begin(9);
    let page = Some(&b"c"[..]);
    assert_eq!(vs.read(node(b"k"), page, snap(&s0)), Seen::Absent);
    assert_eq!(vs.read(node(b"k"), page, snap(&s1)), data(b"a"));
    assert_eq!(vs.read(node(b"k"), page, snap(&s2)), data(b"b"));
    assert_eq!(vs.read(node(b"k"), page, snap(&s3)), Seen::Page);
    assert_eq!(vs.node_count(), 1);
}

#[test]
fn delete_then_reinsert() {
    let vs = store();
    let m = vs.manager().clone();
    let before = m.begin(9);
    let del = m.begin(1);
    vs.add(node(b"k"), &del, VersionKind::Delete, Some(b"x"))
        .unwrap();
    // While the delete is uncommitted the page holds the node flag-deleted.
    assert_eq!(vs.read(node(b"k"), None, snap(&del)), Seen::Page);
    assert_eq!(vs.read(node(b"k"), None, snap(&before)), data(b"x"));
    commit(&vs, &del);
    let between = m.begin(9);
    let ins = m.begin(2);
    vs.add(node(b"k"), &ins, VersionKind::Insert, None).unwrap();
    commit(&vs, &ins);
    let after = m.begin(9);
    let page = Some(&b"y"[..]);
    assert_eq!(vs.read(node(b"k"), page, snap(&before)), data(b"x"));
    assert_eq!(vs.read(node(b"k"), page, snap(&between)), Seen::Absent);
    assert_eq!(vs.read(node(b"k"), page, snap(&after)), Seen::Page);
}

#[test]
fn escrow_deltas_not_seen_are_subtracted() {
    let vs = store();
    let m = vs.manager().clone();
    let d1 = m.begin(1);
    vs.add(node(b"k"), &d1, delta(4, 5), None).unwrap();
    commit(&vs, &d1);
    let reader = m.begin(9); // sees d1 only
    let d2 = m.begin(2);
    let d3 = m.begin(3);
    vs.add(node(b"k"), &d2, delta(4, 7), None).unwrap();
    vs.add(node(b"k"), &d3, delta(4, 11), None).unwrap();
    commit(&vs, &d2); // d3 stays uncommitted
    let mut page = 123i32.to_le_bytes().to_vec(); // 100 + 5 + 7 + 11
    page.extend_from_slice(b"rest");
    let with = |v: i32| {
        let mut d = v.to_le_bytes().to_vec();
        d.extend_from_slice(b"rest");
        Seen::Data(d)
    };
    assert_eq!(vs.read(node(b"k"), Some(&page), snap(&reader)), with(105));
    // d3 began before d2 committed: it sees d1 and itself.
    assert_eq!(vs.read(node(b"k"), Some(&page), snap(&d3)), with(116));
    assert_eq!(
        vs.read(node(b"k"), Some(&page), Snapshot::LATEST),
        with(112)
    );
    commit(&vs, &d3);
    assert_eq!(
        vs.read(node(b"k"), Some(&page), Snapshot::LATEST),
        Seen::Page
    );
}

#[test]
fn escrow_delta_under_a_replace_applies_to_the_before_image() {
    let vs = store();
    let m = vs.manager().clone();
    let reader = m.begin(9);
    let d = m.begin(1);
    vs.add(node(b"k"), &d, delta(8, 3), None).unwrap();
    commit(&vs, &d);
    let r = m.begin(2);
    let before = 13i64.to_le_bytes();
    vs.add(node(b"k"), &r, VersionKind::Replace, Some(&before))
        .unwrap();
    let page = 99i64.to_le_bytes();
    // The reader sees neither: the replace's before-image minus the delta.
    assert_eq!(
        vs.read(node(b"k"), Some(&page), snap(&reader)),
        data(&10i64.to_le_bytes())
    );
}

#[test]
fn write_conflicts_with_an_uncommitted_write() {
    let vs = store();
    let m = vs.manager().clone();
    let a = m.begin(1);
    let b = m.begin(2);
    vs.check(node(b"k"), &a, VersionKind::Replace).unwrap();
    vs.add(node(b"k"), &a, VersionKind::Replace, Some(b"x"))
        .unwrap();
    assert!(conflict(vs.check(node(b"k"), &b, VersionKind::Replace)));
    assert!(conflict(vs.check(node(b"k"), &b, VersionKind::Delete)));
    assert!(conflict(vs.check(node(b"k"), &b, VersionKind::ReadLock)));
    // Its own version never stands in its way; other nodes are free.
    vs.check(node(b"k"), &a, VersionKind::Delete).unwrap();
    vs.check(node(b"j"), &b, VersionKind::Replace).unwrap();
}

#[test]
fn write_conflicts_with_a_commit_after_the_snapshot() {
    let vs = store();
    let m = vs.manager().clone();
    let a = m.begin(1);
    let early = m.begin(2);
    vs.add(node(b"k"), &a, VersionKind::Replace, Some(b"x"))
        .unwrap();
    commit(&vs, &a);
    let late = m.begin(3);
    assert!(conflict(vs.check(node(b"k"), &early, VersionKind::Replace)));
    vs.check(node(b"k"), &late, VersionKind::Replace).unwrap();
}

#[test]
fn read_locks_commute_but_not_with_writes() {
    let vs = store();
    let m = vs.manager().clone();
    let a = m.begin(1);
    let b = m.begin(2);
    vs.add(node(b"k"), &a, VersionKind::ReadLock, None).unwrap();
    vs.check(node(b"k"), &b, VersionKind::ReadLock).unwrap();
    assert!(conflict(vs.check(node(b"k"), &b, VersionKind::WriteLock)));
    assert!(conflict(vs.check(node(b"k"), &b, VersionKind::Replace)));
    // A read lock does not change what anyone reads.
    assert_eq!(
        vs.read(node(b"k"), Some(b"v"), Snapshot::LATEST),
        Seen::Page
    );
}

#[test]
fn deltas_commute_only_with_deltas_of_the_same_width() {
    let vs = store();
    let m = vs.manager().clone();
    let a = m.begin(1);
    let b = m.begin(2);
    vs.add(node(b"k"), &a, delta(4, 1), None).unwrap();
    vs.check(node(b"k"), &b, delta(4, -3)).unwrap();
    assert!(conflict(vs.check(node(b"k"), &b, delta(8, 1))));
    assert!(conflict(vs.check(node(b"k"), &b, VersionKind::Replace)));
    assert!(conflict(vs.check(node(b"k"), &b, VersionKind::Delete)));
    // A delta cannot stand beside another's uncommitted replace either.
    vs.add(node(b"r"), &a, VersionKind::Replace, Some(b"0000"))
        .unwrap();
    assert!(conflict(vs.check(node(b"r"), &b, delta(4, 1))));
}

#[test]
fn committed_delta_after_the_snapshot_blocks_only_full_writes() {
    let vs = store();
    let m = vs.manager().clone();
    let a = m.begin(1);
    let b = m.begin(2);
    vs.add(node(b"k"), &a, delta(4, 1), None).unwrap();
    commit(&vs, &a);
    vs.check(node(b"k"), &b, delta(4, 2)).unwrap();
    assert!(conflict(vs.check(node(b"k"), &b, delta(8, 2))));
    assert!(conflict(vs.check(node(b"k"), &b, VersionKind::Replace)));
}

#[test]
fn locks_of_committed_transactions_do_not_conflict() {
    let vs = store();
    let m = vs.manager().clone();
    let a = m.begin(1);
    let b = m.begin(2);
    vs.add(node(b"k"), &a, VersionKind::WriteLock, None)
        .unwrap();
    assert!(conflict(vs.check(node(b"k"), &b, VersionKind::Replace)));
    commit(&vs, &a); // committed after b began, but a lock changes nothing
    vs.check(node(b"k"), &b, VersionKind::Replace).unwrap();
    vs.check(node(b"k"), &b, VersionKind::WriteLock).unwrap();
}

#[test]
fn budget_reserve_and_release() {
    let m = TxnManager::new(1000);
    m.reserve(600).unwrap();
    assert_eq!(m.bytes(), 600);
    m.reserve(400).unwrap(); // exactly the limit
    assert_eq!(m.bytes(), 1000);
    m.release(1000);
    assert_eq!(m.bytes(), 0);
    m.set_limit(10);
    assert_eq!(m.limit(), 10);
    assert!(m.reserve(11).is_err());
    assert_eq!(m.bytes(), 0, "a refused reservation takes nothing");
}

#[test]
fn out_of_memory_names_the_oldest_transactions_session() {
    let m = Arc::new(TxnManager::new(500));
    let e = m.reserve(501).unwrap_err();
    assert_eq!(e.code(), ErrorCode::VersionStoreOutOfMemory);
    assert!(e.to_string().contains("no transaction is live"), "{e}");
    let oldest = m.begin(4242);
    let t = m.begin(1);
    m.commit(&t);
    m.end(&t);
    let _newer = m.begin(77);
    m.reserve(400).unwrap();
    let e = m.reserve(101).unwrap_err();
    assert_eq!(e.code(), ErrorCode::VersionStoreOutOfMemory);
    let msg = e.to_string();
    assert!(msg.contains("session 4242"), "{msg}");
    assert!(msg.contains(&format!("id {}", oldest.id)), "{msg}");
    assert!(msg.contains("400 of 500 bytes"), "{msg}");
}

#[test]
fn versions_charge_and_return_their_bytes() {
    let vs = VersionStore::new(Arc::new(TxnManager::new(1 << 20)));
    let m = vs.manager().clone();
    let t = m.begin(1);
    let id = vs
        .add(node(b"key"), &t, VersionKind::Replace, Some(b"before"))
        .unwrap();
    assert_eq!(m.bytes(), VERSION_OVERHEAD + 3 + 6);
    let nu = NodeRef::new(ROOT, false, b"key", b"bm");
    let id2 = vs.add(nu, &t, VersionKind::Insert, None).unwrap();
    assert_eq!(m.bytes(), 2 * VERSION_OVERHEAD + 3 + 6 + 3 + 2);
    assert_eq!(vs.node_count(), 2);
    assert!(vs.has_uncommitted());
    assert!(vs.get(node(b"key"), id).is_some());
    assert_eq!(vs.remove(node(b"key"), id), 0);
    assert!(vs.get(node(b"key"), id).is_none());
    assert_eq!(vs.remove(nu, id2), 0);
    assert_eq!(m.bytes(), 0);
    assert!(vs.is_empty());
    assert!(!vs.has_uncommitted());
}

#[test]
fn versions_removed_together_leave_what_one_by_one_would() {
    let vs = VersionStore::new(Arc::new(TxnManager::new(1 << 20)));
    let m = vs.manager().clone();
    let t = m.begin(1);
    // Many nodes (every shard has several), one of them with two versions.
    let keys: Vec<Vec<u8>> = (0..300u32).map(|i| i.to_be_bytes().to_vec()).collect();
    let mut ids = Vec::new();
    for k in &keys {
        ids.push(vs.add(node(k), &t, VersionKind::Insert, None).unwrap());
    }
    let second = vs
        .add(node(&keys[7]), &t, VersionKind::Replace, Some(b"before"))
        .unwrap();
    let all = m.bytes();
    assert_eq!(vs.node_count(), 300);
    // The first 200 versions go, a node's first version among them, a version
    // already gone and a node without versions changing nothing.
    let mut gone: Vec<(NodeRef<'_>, u64)> = keys[..200]
        .iter()
        .zip(&ids)
        .map(|(k, id)| (node(k), *id))
        .collect();
    gone.push((node(&keys[0]), ids[0]));
    gone.push((node(b"none"), 1));
    vs.remove_many(&gone);
    assert_eq!(vs.node_count(), 101, "node 7 keeps its second version");
    assert!(vs.get(node(&keys[7]), second).is_some());
    assert!(vs.get(node(&keys[7]), ids[7]).is_none());
    assert!(vs.get(node(&keys[250]), ids[250]).is_some());
    let per = VERSION_OVERHEAD + 4;
    assert_eq!(m.bytes(), all - 200 * per);
    // The rest, the second version of node 7 with them.
    let mut rest: Vec<(NodeRef<'_>, u64)> = keys[200..]
        .iter()
        .zip(&ids[200..])
        .map(|(k, id)| (node(k), *id))
        .collect();
    rest.push((node(&keys[7]), second));
    vs.remove_many(&rest);
    assert!(vs.is_empty());
    assert_eq!(m.bytes(), 0);
}

#[test]
fn the_store_is_empty_exactly_when_its_last_node_goes() {
    let vs = VersionStore::new(Arc::new(TxnManager::new(1 << 20)));
    let t = vs.manager().begin(1);
    assert!(vs.is_empty());
    // Nodes in many shards, each added and taken away in turn: while any node keeps a
    // version the store is not empty, and readers look it up.
    let keys: Vec<Vec<u8>> = (0..500u32).map(|i| i.to_le_bytes().to_vec()).collect();
    let mut ids = Vec::new();
    for (n, k) in keys.iter().enumerate() {
        ids.push(vs.add(node(k), &t, VersionKind::Insert, None).unwrap());
        assert!(!vs.is_empty(), "after {} nodes", n + 1);
    }
    assert_eq!(vs.node_count(), 500);
    // Half go together, all but the last one by one, then the last.
    let half: Vec<(NodeRef<'_>, u64)> = keys[..250]
        .iter()
        .zip(&ids)
        .map(|(k, id)| (node(k), *id))
        .collect();
    vs.remove_many(&half);
    assert!(!vs.is_empty());
    assert_eq!(vs.node_count(), 250);
    for (k, id) in keys[250..499].iter().zip(&ids[250..499]) {
        vs.remove(node(k), *id);
        assert!(!vs.is_empty());
        assert_ne!(
            vs.read(node(&keys[499]), Some(b"page"), Snapshot::LATEST),
            Seen::Page,
            "the last node's insert is still seen"
        );
    }
    assert_eq!(vs.node_count(), 1);
    vs.remove(node(&keys[499]), ids[499]);
    assert!(vs.is_empty());
    assert_eq!(vs.node_count(), 0);
    // And again from empty: the count comes back up.
    let id = vs
        .add(node(&keys[3]), &t, VersionKind::Insert, None)
        .unwrap();
    assert!(!vs.is_empty());
    vs.remove_many(&[(node(&keys[3]), id)]);
    assert!(vs.is_empty());
}

#[test]
fn add_over_budget_fails_and_records_nothing() {
    let vs = VersionStore::new(Arc::new(TxnManager::new(VERSION_OVERHEAD + 10)));
    let t = vs.manager().begin(31);
    vs.add(node(b"k"), &t, VersionKind::Replace, Some(b"123456789"))
        .unwrap();
    let e = vs
        .add(node(b"j"), &t, VersionKind::Replace, Some(b"x"))
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::VersionStoreOutOfMemory);
    assert!(e.to_string().contains("session 31"), "{e}");
    assert_eq!(vs.node_count(), 1);
    assert_eq!(
        vs.read(node(b"j"), Some(b"y"), Snapshot::LATEST),
        Seen::Page
    );
}

#[test]
fn oldest_snapshot_follows_live_transactions() {
    let m = Arc::new(TxnManager::new(1000));
    assert_eq!(m.oldest_snapshot(), 0);
    let old = m.begin(1);
    for s in 2..5 {
        let t = m.begin(s);
        m.commit(&t);
        m.end(&t);
    }
    assert_eq!(m.last_commit(), 3);
    assert_eq!(m.oldest_snapshot(), 0);
    let mid = m.begin(5);
    assert_eq!(m.active_count(), 2);
    assert_eq!(m.oldest_txn().map(|a| a.id), Some(old.id));
    m.end(&old);
    assert_eq!(m.oldest_snapshot(), 3);
    let t = m.begin(6);
    m.commit(&t);
    m.end(&t);
    assert_eq!(m.oldest_snapshot(), 3);
    m.end(&mid);
    assert_eq!(m.oldest_snapshot(), 4);
    assert_eq!(m.active_count(), 0);
    assert!(m.oldest_txn().is_none());
}

#[test]
fn read_pins_hold_the_oldest_snapshot() {
    let m = Arc::new(TxnManager::new(1000));
    let bump = |m: &TxnManager| {
        let t = m.begin(1);
        m.commit(&t);
        m.end(&t);
    };
    bump(&m);
    let p1 = m.pin_read();
    let p2 = m.pin_read();
    assert_eq!(p1.ts, 1);
    bump(&m);
    bump(&m);
    let live = m.begin(2); // snapshot 3
    assert_eq!(m.oldest_snapshot(), 1);
    drop(p1);
    assert_eq!(m.oldest_snapshot(), 1, "the second pin still holds ts 1");
    drop(p2);
    assert_eq!(m.oldest_snapshot(), 3);
    m.end(&live);
    let p3 = m.pin_read();
    assert_eq!(p3.ts, 3);
    bump(&m);
    assert_eq!(m.oldest_snapshot(), 3);
    drop(p3);
    assert_eq!(m.oldest_snapshot(), 4);
}

#[test]
fn read_pins_of_one_thread_at_several_snapshots_leave_in_any_order() {
    let m = Arc::new(TxnManager::new(1000));
    let bump = |m: &TxnManager| {
        let t = m.begin(1);
        m.commit(&t);
        m.end(&t);
    };
    bump(&m);
    let first = m.pin_read();
    bump(&m);
    let second = m.pin_read();
    bump(&m);
    let third = m.pin_read();
    assert_eq!((first.ts, second.ts, third.ts), (1, 2, 3));
    assert_eq!(m.oldest_snapshot(), 1);
    drop(second);
    assert_eq!(m.oldest_snapshot(), 1);
    drop(first);
    assert_eq!(m.oldest_snapshot(), 3);
    drop(third);
    bump(&m);
    assert_eq!(m.oldest_snapshot(), 4);
}

#[test]
fn take_cleanable_takes_only_what_no_snapshot_needs() {
    let vs = store();
    // Transaction `ts` leaves `ts` long values to clean.
    for ts in [3, 1, 5, 2] {
        let leftovers = (0..ts)
            .map(|lid| Leftover::LongValue {
                objid: 1,
                lid: crate::format::lv::Lid::Lid32(lid as u32 + 1),
            })
            .collect();
        vs.push_committed(Committed { ts, leftovers });
    }
    assert_eq!(vs.pending_cleanup(), 4);
    assert_eq!(vs.queued_leftovers(), 11);
    assert!(vs.take_cleanable(0).is_empty());
    let first: Vec<u64> = vs.take_cleanable(2).iter().map(|c| c.ts).collect();
    assert_eq!(first, [1, 2], "in queue order, past a later head");
    assert_eq!(vs.pending_cleanup(), 2);
    assert_eq!(vs.queued_leftovers(), 8);
    let rest: Vec<u64> = vs.take_cleanable(u64::MAX).iter().map(|c| c.ts).collect();
    assert_eq!(rest, [3, 5]);
    assert_eq!(vs.pending_cleanup(), 0);
    assert_eq!(vs.queued_leftovers(), 0);
}

#[test]
fn add_at_wraps_and_ignores_out_of_range() {
    let mut d = i32::MAX.to_le_bytes().to_vec();
    add_at(&mut d, 0, 4, 1);
    assert_eq!(d, i32::MIN.to_le_bytes());
    let mut d = [0u8; 10];
    add_at(&mut d, 2, 8, -2);
    assert_eq!(&d[2..], (-2i64).to_le_bytes());
    assert_eq!(&d[..2], [0, 0]);
    let before = d;
    add_at(&mut d, 3, 8, 1); // would end past the data
    add_at(&mut d, 0, 3, 1); // no such width
    assert_eq!(d, before);
}

#[test]
fn a_checkpoint_floor_sees_no_begin_noted_while_it_reads_the_log() {
    use std::sync::atomic::{AtomicU64, Ordering};
    let m = Arc::new(TxnManager::new(1 << 20));
    m.note_log_begin(1, 100);
    // The log's position as the transaction and the checkpoint read it.
    let log = Arc::new(AtomicU64::new(200));
    let started = Arc::new(std::sync::Barrier::new(2));
    let (floor, begin) = std::thread::scope(|s| {
        let (m2, log2, started2) = (m.clone(), log.clone(), started.clone());
        let h = s.spawn(move || {
            started2.wait();
            // A transaction's first step: its begin is noted at the position the
            // log has reached, then its records are appended.
            let at = log2.load(Ordering::SeqCst);
            m2.note_log_begin(2, at);
            log2.store(at + 50, Ordering::SeqCst);
            at
        });
        let floor = m.checkpoint_floor(|| {
            started.wait();
            // The other thread runs now; its begin must wait for the floor.
            std::thread::sleep(std::time::Duration::from_millis(20));
            log.load(Ordering::SeqCst)
        });
        (floor, h.join().unwrap())
    });
    assert_eq!(floor, (Some(100), 200));
    // Left out of the floor, the transaction began at or after its log position.
    assert!(begin >= floor.1, "begin {begin} before the floor {floor:?}");
    m.note_log_end(1);
    assert_eq!(m.checkpoint_floor(|| 0).0, Some(begin));
}

#[test]
fn the_filter_counts_the_nodes_with_versions_and_reads_find_every_one() {
    let vs = store();
    let m = vs.manager().clone();
    let writer = m.begin(1);
    let other = m.begin(2);
    // More nodes than counters: many share one.
    let keys: Vec<[u8; 4]> = (0..FILTER as u32 * 2).map(u32::to_be_bytes).collect();
    let mut ids = Vec::new();
    for k in &keys {
        ids.push(
            vs.add(node(k), &writer, VersionKind::Replace, Some(b"old"))
                .unwrap(),
        );
        // A second version of the node counts it once.
        if k[3] % 7 == 0 {
            vs.add(node(k), &writer, VersionKind::Replace, Some(b"mid"))
                .unwrap();
        }
    }
    let counted = |vs: &VersionStore| {
        vs.filter
            .iter()
            .map(|c| c.load(Ordering::Relaxed) as usize)
            .sum::<usize>()
    };
    assert_eq!(counted(&vs), keys.len());
    assert_eq!(vs.node_count(), keys.len());
    let page = Some(&b"new"[..]);
    for k in &keys {
        assert_eq!(vs.read(node(k), page, snap(&other)), data(b"old"));
    }
    // Half the nodes lose their versions one by one, the other half in one batch.
    let (one_by_one, batch) = keys.split_at(keys.len() / 2);
    for (k, &id) in one_by_one.iter().zip(&ids) {
        vs.remove(node(k), id);
        if k[3] % 7 == 0 {
            assert_eq!(vs.read(node(k), page, snap(&other)), data(b"mid"));
            vs.remove(node(k), id + 1);
        }
        assert_eq!(vs.read(node(k), page, snap(&other)), Seen::Page);
    }
    assert_eq!(counted(&vs), batch.len());
    for k in batch {
        assert_eq!(vs.read(node(k), page, snap(&other)), data(b"old"));
    }
    let mut items = Vec::new();
    for (k, &id) in batch.iter().zip(&ids[one_by_one.len()..]) {
        items.push((node(k), id));
        if k[3] % 7 == 0 {
            items.push((node(k), id + 1));
        }
    }
    vs.remove_many(&items);
    assert_eq!(counted(&vs), 0);
    assert!(vs.is_empty());
    for k in &keys {
        assert_eq!(vs.read(node(k), page, snap(&other)), Seen::Page);
    }
}
