//! The version store: transaction timestamps and snapshots ([`TxnManager`], one per
//! instance) and, per database, the versions of every B-tree node a transaction
//! changed or locked ([`VersionStore`]), as ESE's version store (`ver.cxx`) keeps
//! them.
//!
//! Model. Pages always hold the newest state of a node, uncommitted changes
//! included; a deleted node stays in its page flag-deleted while any version names
//! it. Each change first records a [`Version`] holding the node's state before it
//! (its *before-image*), then changes the page. A reader walks a node's versions
//! from the newest: the first one its snapshot sees means the state after that
//! version is the one it reads; every version it does not see hands it that
//! version's before-image. Escrow deltas it does not see are subtracted instead.
//!
//! What must hold:
//! - A transaction's snapshot is the commit timestamp of the last transaction that
//!   committed before it began; it sees exactly the transactions that committed at
//!   or before it, and itself.
//! - Write conflicts are found at once: a change to a node that carries a version
//!   of another transaction not in the snapshot (uncommitted, or committed after it
//!   began) is `JET_errWriteConflict`, except that read locks commute with read
//!   locks and escrow deltas with escrow deltas.
//! - Versions of one node are kept oldest first; versions of full changes to one
//!   node come in commit order (the conflict rule makes it so).
//! - A version is dropped only when no snapshot can need it: its transaction
//!   committed at or before the oldest snapshot of a live transaction, or it was
//!   undone. Undoing a change and dropping its version happen under
//!   [`VersionStore::undo_lock`] held exclusively; readers hold it shared from the
//!   moment they copy a node out of its page until they have looked its versions up,
//!   so no reader can pair an undone page state with a missing version.
//! - The bytes all versions hold are bounded by the instance's budget
//!   ([`TxnManager::reserve`]); going over it is `JET_errVersionStoreOutOfMemory`
//!   with a message that names the oldest live transaction.

use crate::{Error, ErrorCode, Result};
use hashbrown::{Equivalent, HashTable};
use parking_lot::{Mutex, RwLock};
use std::collections::{BTreeMap, VecDeque};
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The default budget of the version store: 512 MiB. ESE's historical default
/// (`JET_paramMaxVerPages` 64 × 32 KiB = 2 MiB) is far too small for real use.
pub const DEFAULT_VERSION_STORE_BYTES: usize = 512 << 20;

/// The deepest transaction nesting (`JET_errTransTooDeep` beyond it).
pub const TRANSACTION_LEVELS_MOST: u8 = 7;

/// What one version costs beyond its before-image and node key: the allocation,
/// the chain slot and the bookkeeping of its transaction.
const VERSION_OVERHEAD: usize = 96;

/// One transaction, as versions and snapshots refer to it.
#[derive(Debug)]
pub struct TxnInfo {
    /// Unique among the instance's transactions.
    pub id: u64,
    /// The session that runs it.
    pub session: u64,
    /// The commit timestamp it reads as of.
    pub snapshot: u64,
    /// When it began.
    pub began: Instant,
    /// Its commit timestamp; 0 while it has not committed.
    commit: AtomicU64,
}

impl TxnInfo {
    /// The commit timestamp, once committed.
    pub fn committed_at(&self) -> Option<u64> {
        match self.commit.load(Ordering::Acquire) {
            0 => None,
            ts => Some(ts),
        }
    }
}

#[cfg(test)]
thread_local! {
    /// Runs in a commit between the moment its transaction is marked committed
    /// and the moment its timestamp becomes the last commit (tests of what a
    /// reader sees in between).
    pub(crate) static BETWEEN_MARK_AND_PUBLISH: std::cell::RefCell<Option<Box<dyn FnMut()>>> =
        const { std::cell::RefCell::new(None) };
}

/// What a reader sees: the transactions committed at or before `ts`, and the
/// changes of transaction `txn` (0: none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Snapshot {
    /// The reading transaction's id, 0 outside a transaction.
    pub txn: u64,
    /// The last commit timestamp seen (`u64::MAX`: every committed transaction).
    pub ts: u64,
}

impl Snapshot {
    /// Every committed change and nothing uncommitted: a read outside a transaction.
    pub const LATEST: Snapshot = Snapshot {
        txn: 0,
        ts: u64::MAX,
    };

    /// Whether this snapshot sees the changes of `t`.
    pub fn sees(&self, t: &TxnInfo) -> bool {
        t.id == self.txn || t.committed_at().is_some_and(|c| c <= self.ts)
    }
}

/// A live transaction, as the manager lists it.
#[derive(Debug, Clone, Copy)]
pub struct ActiveTxn {
    /// The transaction id.
    pub id: u64,
    /// Its session.
    pub session: u64,
    /// Its snapshot.
    pub snapshot: u64,
    /// When it began.
    pub began: Instant,
}

/// Shards of the read pins (readers outside transactions), to spread their lock.
const PIN_SHARDS: usize = 16;

/// One shard of the read pins: `(timestamp, count)` pairs, unordered. A few
/// threads share a shard, so it holds a few pairs; a vector keeps its capacity, so
/// pinning allocates nothing once warm. Alone on its cache line, so threads of
/// different shards do not contend.
#[derive(Debug, Default)]
#[repr(align(64))]
struct PinShard(Mutex<Vec<(u64, usize)>>);

/// A snapshot held by a read outside any transaction (one call, or one iterator):
/// cleanup keeps every version it needs until it is dropped.
#[derive(Debug)]
pub struct ReadPin {
    manager: Arc<TxnManager>,
    token: PinToken,
    /// The commit timestamp the read sees.
    pub ts: u64,
}

impl Drop for ReadPin {
    fn drop(&mut self) {
        self.manager.unpin(self.token);
    }
}

/// A snapshot pinned with [`TxnManager::pin_token`]: given back to
/// [`TxnManager::unpin`] exactly once, or the versions it needs are kept for
/// good.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinToken {
    shard: usize,
    /// The commit timestamp the read sees.
    pub ts: u64,
}

/// A value alone on its cache lines (128 bytes: processors that fetch lines in
/// pairs would otherwise still share the neighbour's), so that threads writing
/// it do not take lines that others read or write for other values.
#[derive(Debug, Default)]
#[repr(align(128))]
pub(crate) struct Padded<T>(pub(crate) T);

/// The version store's budget (see [`TxnManager::reserve`]).
#[derive(Debug)]
struct Budget {
    bytes: AtomicUsize,
    limit: AtomicUsize,
}

/// The transaction timestamps, live snapshots and version budget of one instance.
#[derive(Debug)]
pub struct TxnManager {
    pins: [PinShard; PIN_SHARDS],
    last_commit: AtomicU64,
    next_id: AtomicU64,
    commit_lock: Mutex<()>,
    active: Mutex<BTreeMap<u64, ActiveTxn>>,
    /// The version bytes held and the most allowed, together on lines of
    /// their own: every change and every cleanup writes the count, and the
    /// snapshot counters beside it are read by every reader.
    budget: Padded<Budget>,
    /// Transactions whose begin is in the log, with the log position (as the cache
    /// orders them) at or before it: a checkpoint must not pass the oldest.
    log_begins: Mutex<BTreeMap<u64, u64>>,
}

impl TxnManager {
    /// A manager whose versions may hold `limit` bytes.
    pub fn new(limit: usize) -> TxnManager {
        TxnManager {
            pins: std::array::from_fn(|_| PinShard::default()),
            last_commit: AtomicU64::new(0),
            next_id: AtomicU64::new(1),
            commit_lock: Mutex::new(()),
            active: Mutex::new(BTreeMap::new()),
            budget: Padded(Budget {
                bytes: AtomicUsize::new(0),
                limit: AtomicUsize::new(limit),
            }),
            log_begins: Mutex::new(BTreeMap::new()),
        }
    }

    /// Notes that transaction `txn` began in the log at or after position `lsn`.
    pub fn note_log_begin(&self, txn: u64, lsn: u64) {
        self.log_begins.lock().entry(txn).or_insert(lsn);
    }

    /// Notes that transaction `txn`'s end is in the log.
    pub fn note_log_end(&self, txn: u64) {
        self.log_begins.lock().remove(&txn);
    }

    /// Where a checkpoint may start: the oldest log position a live
    /// transaction's undo information may be at, and the log position `now`
    /// reads, both taken while no transaction notes its begin or its end. So a
    /// transaction left out of the first began in the log at or after the second
    /// (its begin is noted before its first record is appended), or its end was
    /// appended before the second. Read apart, a transaction could note its
    /// begin and append its first step in between, and a checkpoint starting at
    /// the later position would lose that step's undo information.
    pub fn checkpoint_floor<P>(&self, now: impl FnOnce() -> P) -> (Option<u64>, P) {
        let begins = self.log_begins.lock();
        (begins.values().min().copied(), now())
    }

    /// Begins a transaction for session `session`: its snapshot is the last commit.
    pub fn begin(&self, session: u64) -> Arc<TxnInfo> {
        let mut active = self.active.lock();
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let snapshot = self.last_commit.load(Ordering::Acquire);
        let began = Instant::now();
        active.insert(
            id,
            ActiveTxn {
                id,
                session,
                snapshot,
                began,
            },
        );
        Arc::new(TxnInfo {
            id,
            session,
            snapshot,
            began,
            commit: AtomicU64::new(0),
        })
    }

    /// Gives `t` the next commit timestamp and returns it. The timestamp is set
    /// on `t` before it becomes the last commit, so a snapshot that includes it
    /// always sees `t` committed.
    pub fn commit(&self, t: &TxnInfo) -> u64 {
        self.commit_with(t, |_| {})
    }

    /// [`TxnManager::commit`], running `then` with the timestamp before any
    /// snapshot can include it and before the next commit can take one (so what it
    /// queues is in commit order).
    pub fn commit_with(&self, t: &TxnInfo, then: impl FnOnce(u64)) -> u64 {
        let _g = self.commit_lock.lock();
        let ts = self.last_commit.load(Ordering::Acquire) + 1;
        // Before the timestamp is published: no snapshot that includes this
        // commit can begin before `then` has run.
        then(ts);
        t.commit.store(ts, Ordering::Release);
        #[cfg(test)]
        BETWEEN_MARK_AND_PUBLISH.with(|h| {
            if let Some(f) = h.borrow_mut().as_mut() {
                f();
            }
        });
        self.last_commit.store(ts, Ordering::Release);
        ts
    }

    /// Takes `t` off the list of live transactions (after commit or rollback).
    pub fn end(&self, t: &TxnInfo) {
        self.active.lock().remove(&t.id);
    }

    /// The last commit timestamp.
    pub fn last_commit(&self) -> u64 {
        self.last_commit.load(Ordering::Acquire)
    }

    /// Pins the last commit as the snapshot of a read outside any transaction.
    pub fn pin_read(self: &Arc<Self>) -> ReadPin {
        let token = self.pin_token();
        ReadPin {
            manager: self.clone(),
            token,
            ts: token.ts,
        }
    }

    /// [`TxnManager::pin_read`] for a holder that reaches this manager otherwise
    /// and gives the token back with [`TxnManager::unpin`]: no reference to the
    /// manager is taken (its count is shared by every reader).
    pub fn pin_token(&self) -> PinToken {
        let shard = crate::thread_slot::slot(PIN_SHARDS);
        let mut pins = self.pins[shard].0.lock();
        // Loaded under the shard lock: a cleanup that has not seen this pin yet
        // took its own bound before, so that bound is at most `ts`.
        let ts = self.last_commit.load(Ordering::Acquire);
        match pins.iter_mut().find(|(t, _)| *t == ts) {
            Some((_, n)) => *n += 1,
            None => pins.push((ts, 1)),
        }
        PinToken { shard, ts }
    }

    /// Lets go of a snapshot pinned with [`TxnManager::pin_token`].
    pub fn unpin(&self, token: PinToken) {
        let mut pins = self.pins[token.shard].0.lock();
        if let Some(i) = pins.iter().position(|&(ts, _)| ts == token.ts) {
            pins[i].1 -= 1;
            if pins[i].1 == 0 {
                pins.swap_remove(i);
            }
        }
    }

    /// The oldest snapshot any live transaction or pinned read reads as of (the
    /// last commit when there is none): versions committed at or before it are
    /// needed by no one.
    pub fn oldest_snapshot(&self) -> u64 {
        // The bound is taken first; a reader pinning after it pins at least it.
        let mut oldest = self.last_commit.load(Ordering::Acquire);
        for p in &self.pins {
            if let Some(ts) = p.0.lock().iter().map(|&(ts, _)| ts).min() {
                oldest = oldest.min(ts);
            }
        }
        let active = self.active.lock();
        active
            .values()
            .map(|a| a.snapshot)
            .min()
            .map_or(oldest, |a| a.min(oldest))
    }

    /// The live transaction with the oldest snapshot, if any.
    pub fn oldest_txn(&self) -> Option<ActiveTxn> {
        let active = self.active.lock();
        active.values().min_by_key(|a| (a.snapshot, a.id)).copied()
    }

    /// How many transactions are live.
    pub fn active_count(&self) -> usize {
        self.active.lock().len()
    }

    /// Bytes the versions hold now.
    pub fn bytes(&self) -> usize {
        self.budget.0.bytes.load(Ordering::Relaxed)
    }

    /// The budget in bytes.
    pub fn limit(&self) -> usize {
        self.budget.0.limit.load(Ordering::Relaxed)
    }

    /// Changes the budget.
    pub fn set_limit(&self, limit: usize) {
        self.budget.0.limit.store(limit, Ordering::Relaxed);
    }

    /// Takes `n` bytes of the budget, or `JET_errVersionStoreOutOfMemory` naming the
    /// oldest live transaction when they are not there.
    pub fn reserve(&self, n: usize) -> Result<()> {
        let limit = self.limit();
        let mut cur = self.budget.0.bytes.load(Ordering::Relaxed);
        loop {
            if cur + n > limit {
                return Err(self.out_of_memory(cur, limit));
            }
            match self.budget.0.bytes.compare_exchange_weak(
                cur,
                cur + n,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Ok(()),
                Err(now) => cur = now,
            }
        }
    }

    /// Gives back `n` bytes of the budget.
    pub fn release(&self, n: usize) {
        self.budget.0.bytes.fetch_sub(n, Ordering::Relaxed);
    }

    fn out_of_memory(&self, used: usize, limit: usize) -> Error {
        let oldest = match self.oldest_txn() {
            Some(a) => format!(
                "the oldest live transaction (id {}) of session {} began {} ago and holds every version since",
                a.id,
                a.session,
                fmt_age(a.began.elapsed())
            ),
            None => "no transaction is live; cleanup has not caught up yet".into(),
        };
        Error::with(
            ErrorCode::VersionStoreOutOfMemory,
            format!("the version store is full ({used} of {limit} bytes): {oldest}"),
        )
    }
}

fn fmt_age(d: Duration) -> String {
    if d.as_secs() >= 1 {
        format!("{:.1} s", d.as_secs_f64())
    } else {
        format!("{} ms", d.as_millis())
    }
}

/// Slots of the undo lock: readers on different threads take different slots, so
/// they do not share one cache line.
const UNDO_SLOTS: usize = 16;

/// A reader-writer lock for many readers and a rare writer: a reader takes the
/// slot of its thread shared; the writer takes every slot, in order.
#[derive(Debug, Default)]
pub struct UndoLock {
    slots: [UndoSlot; UNDO_SLOTS],
}

/// One slot of an [`UndoLock`], alone on its cache line.
#[derive(Debug, Default)]
#[repr(align(64))]
struct UndoSlot(RwLock<()>);

/// A reader's hold on an [`UndoLock`].
pub type UndoReadGuard<'a> = parking_lot::RwLockReadGuard<'a, ()>;

impl UndoLock {
    /// Holds this thread's slot shared (nested holds on one thread are fine).
    pub fn read(&self) -> UndoReadGuard<'_> {
        let i = crate::thread_slot::slot(UNDO_SLOTS);
        self.slots[i].0.read_recursive()
    }

    /// Holds every slot exclusively.
    pub fn write(&self) -> Vec<parking_lot::RwLockWriteGuard<'_, ()>> {
        self.slots.iter().map(|s| s.0.write()).collect()
    }
}

/// What a version records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionKind {
    /// The node was inserted (it was absent or flag-deleted before).
    Insert,
    /// The node's data was replaced; the before-image holds the old data.
    Replace,
    /// The node was flag-deleted; the before-image holds its data.
    Delete,
    /// `delta` was added to the little-endian signed integer of `width` bytes at
    /// byte `offset` of the node's data (an escrow update).
    Delta {
        /// Byte offset in the data.
        offset: u16,
        /// 4 or 8.
        width: u8,
        /// The amount added.
        delta: i64,
    },
    /// A read lock (`JetGetLock(JET_bitReadLock)`).
    ReadLock,
    /// A write lock (`JetGetLock(JET_bitWriteLock)`, or a prepared replace).
    WriteLock,
}

impl VersionKind {
    fn is_lock(self) -> bool {
        matches!(self, VersionKind::ReadLock | VersionKind::WriteLock)
    }

    /// Whether an operation of kind `self` may stand beside an uncommitted version
    /// of kind `other` of another transaction.
    fn commutes_with(self, other: VersionKind) -> bool {
        match (self, other) {
            (VersionKind::ReadLock, VersionKind::ReadLock) => true,
            (VersionKind::Delta { width: a, .. }, VersionKind::Delta { width: b, .. }) => a == b,
            _ => false,
        }
    }
}

/// One version of one node.
#[derive(Debug, Clone)]
pub struct Version {
    /// Unique in its store.
    pub id: u64,
    /// The transaction that made it.
    pub txn: Arc<TxnInfo>,
    /// What it records.
    pub kind: VersionKind,
    /// The node's data before the change (replace and delete).
    pub before: Option<Box<[u8]>>,
    /// Bytes charged to the budget.
    cost: usize,
}

/// The identity of a node: its tree's root page, its key and, in a non-unique tree,
/// its data (empty in unique trees).
///
/// The key and the data are kept back to back, inline up to 36 bytes: the version
/// store's table, a transaction's undo list and cleanup's leftovers each keep a copy
/// of their own, without an allocation for most nodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeKey {
    /// The tree's root page.
    pub root: u32,
    /// Where the key ends in `bytes`.
    key_len: usize,
    /// The key, then the data.
    bytes: smallvec::SmallVec<[u8; 36]>,
}

/// A borrowed [`NodeKey`], to look versions up without copying the key.
#[derive(Debug, Clone, Copy)]
pub struct NodeRef<'a> {
    /// The tree's root page.
    pub root: u32,
    /// The node's key.
    pub key: &'a [u8],
    /// The node's data in a non-unique tree, else empty.
    pub data: &'a [u8],
}

impl NodeKey {
    /// The borrowed form, to look the node's versions up.
    pub fn as_node_ref(&self) -> NodeRef<'_> {
        NodeRef {
            root: self.root,
            key: self.key(),
            data: self.data(),
        }
    }

    /// The node's key.
    pub fn key(&self) -> &[u8] {
        &self.bytes[..self.key_len]
    }

    /// The node's data in a non-unique tree, else empty.
    pub fn data(&self) -> &[u8] {
        &self.bytes[self.key_len..]
    }
}

impl Hash for NodeKey {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.as_node_ref().hash(h);
    }
}

impl<'a> NodeRef<'a> {
    /// The node `key` (with `data` when the tree is not unique) of tree `root`.
    pub fn new(root: u32, unique: bool, key: &'a [u8], data: &'a [u8]) -> NodeRef<'a> {
        NodeRef {
            root,
            key,
            data: if unique { &[] } else { data },
        }
    }

    /// An owned copy.
    pub fn to_owned_key(&self) -> NodeKey {
        let mut bytes = smallvec::SmallVec::with_capacity(self.key.len() + self.data.len());
        bytes.extend_from_slice(self.key);
        bytes.extend_from_slice(self.data);
        NodeKey {
            root: self.root,
            key_len: self.key.len(),
            bytes,
        }
    }
}

impl Hash for NodeRef<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        // NodeKey hashes through this too.
        self.root.hash(h);
        self.key.hash(h);
        self.data.hash(h);
    }
}

impl Equivalent<NodeKey> for NodeRef<'_> {
    fn equivalent(&self, k: &NodeKey) -> bool {
        self.root == k.root
            && self.key.len() == k.key_len
            && self.key.len() + self.data.len() == k.bytes.len()
            && k.bytes.starts_with(self.key)
            && k.bytes.ends_with(self.data)
    }
}

/// What a snapshot reads for a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// The node as the page holds it (live, or absent when flag-deleted).
    Page,
    /// The node is absent.
    Absent,
    /// The node with this data.
    Data(Vec<u8>),
}

/// Why a change is refused.
fn write_conflict(what: &str) -> Error {
    Error::with(
        ErrorCode::WriteConflict,
        format!("{what}: another session changed or locked it, or a change committed after this transaction began"),
    )
}

/// Work a committed transaction leaves for cleanup.
#[derive(Debug)]
pub enum Leftover {
    /// A version to drop; for a delete, the node is removed when no later version
    /// names it.
    Version {
        /// The node.
        node: NodeKey,
        /// The version's id.
        id: u64,
        /// Whether the version is a delete.
        delete: bool,
    },
    /// A long value of table `objid` whose last reference went away.
    LongValue {
        /// The table's object id.
        objid: u32,
        /// The long value's id.
        lid: crate::format::lv::Lid,
    },
    /// Trees a committed schema change gave up: the handles on `trees` are
    /// dropped and the first is freed (its space holds the others).
    Trees {
        /// The table they belonged to.
        objid: u32,
        /// Their root pages.
        trees: Vec<u32>,
        /// Whether the table itself was deleted.
        table_gone: bool,
    },
}

/// A committed transaction's leftovers.
#[derive(Debug)]
pub struct Committed {
    /// Its commit timestamp.
    pub ts: u64,
    /// What cleanup must do once no snapshot predates `ts`.
    pub leftovers: Vec<Leftover>,
}

/// One node's versions, oldest first; most nodes have one, kept inline (in the
/// table's slot: no allocation of its own).
type Chain = smallvec::SmallVec<[Version; 1]>;

/// The chains by node (the undo entries and leftovers of the versions'
/// transactions name the node with copies of their own). Entries are placed by the store's hash of the
/// node ([`VersionStore::hash_of`]), computed once per operation: the same
/// number picks the shard (from its middle bits) and the place in the shard.
type Chains = HashTable<(NodeKey, Chain)>;

const SHARDS: usize = 64;

/// Counters of [`VersionStore::filter`]: a power of two.
const FILTER: usize = 1 << 14;

/// Version ids and the count of versions added (see [`VersionStore`]).
#[derive(Debug)]
struct Ids {
    next_id: AtomicU64,
    added: AtomicU64,
}

/// The versions of one database's nodes (see the module header).
pub struct VersionStore {
    manager: Arc<TxnManager>,
    /// Each shard alone on its lines: the writer adding versions and cleanup
    /// removing them lock different shards without taking each other's lines.
    shards: Box<[Padded<RwLock<Chains>>]>,
    hasher: hashbrown::DefaultHashBuilder,
    /// Shards that hold a node with versions: readers skip the lookup while it
    /// is 0 (no node has a version). Raised when a shard gets its first node,
    /// lowered when it loses its last one, both under the shard's lock: while
    /// the versions of many nodes come and go, the count stays where it is and
    /// the writer adding versions and cleanup removing them do not take its line
    /// from each other at every node.
    shards_in_use: Padded<AtomicUsize>,
    /// Nodes that have versions by the low bits of their hash ([`filter_index`]):
    /// a reader whose node's counter is 0 skips the lookup and its shard's lock, as
    /// `shards_in_use` lets every reader skip it while the store is empty. Raised
    /// before a node's chain is added, lowered after it is removed (both under the
    /// shard's lock), so a reader that sees a page change made after a version was
    /// added sees the counter raised.
    filter: Box<[AtomicU32]>,
    /// The next version's id and the versions ever added (changes since a
    /// moment are seen by comparing it): written by the writer only.
    ids: Padded<Ids>,
    /// Held exclusively while a change is undone (see the module header).
    pub undo_lock: UndoLock,
    committed: Mutex<VecDeque<Committed>>,
    /// The leftovers of the transactions in `committed` (changed under its lock).
    queued: AtomicUsize,
}

impl std::fmt::Debug for VersionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VersionStore")
            .field(
                "shards_in_use",
                &self.shards_in_use.0.load(Ordering::Relaxed),
            )
            .finish_non_exhaustive()
    }
}

impl VersionStore {
    /// An empty store charging its versions to `manager`.
    pub fn new(manager: Arc<TxnManager>) -> VersionStore {
        VersionStore {
            manager,
            shards: (0..SHARDS)
                .map(|_| Padded(RwLock::new(Chains::default())))
                .collect(),
            hasher: hashbrown::DefaultHashBuilder::default(),
            shards_in_use: Padded(AtomicUsize::new(0)),
            filter: (0..FILTER).map(|_| AtomicU32::new(0)).collect(),
            ids: Padded(Ids {
                next_id: AtomicU64::new(1),
                added: AtomicU64::new(0),
            }),
            undo_lock: UndoLock::default(),
            committed: Mutex::new(VecDeque::new()),
            queued: AtomicUsize::new(0),
        }
    }

    /// The instance's transaction manager.
    pub fn manager(&self) -> &Arc<TxnManager> {
        &self.manager
    }

    /// Whether no node has a version.
    pub fn is_empty(&self) -> bool {
        self.shards_in_use.0.load(Ordering::Acquire) == 0
    }

    /// Nodes that have versions (each shard read in turn: for checks and
    /// reports, not for a hot path).
    pub fn node_count(&self) -> usize {
        self.shards.iter().map(|sh| sh.0.read().len()).sum()
    }

    /// How many versions were ever added: when it has not moved, nothing changed.
    pub fn added_count(&self) -> u64 {
        self.ids.0.added.load(Ordering::Acquire)
    }

    /// Committed transactions whose leftovers wait for cleanup.
    pub fn pending_cleanup(&self) -> usize {
        self.committed.lock().len()
    }

    /// The hash of `node` that places it: in its shard (bits 32 and up, which
    /// the table's own use of the number leaves alone: its low bits pick the
    /// bucket, its top seven the bucket's tag) and in the shard's table.
    ///
    /// The root, the key's length, the key, then the data when there is some:
    /// the key's length alone tells where the key ends, so no other length is
    /// hashed.
    pub fn hash_of(&self, node: &NodeRef<'_>) -> u64 {
        let mut h = self.hasher.build_hasher();
        h.write_u32(node.root);
        h.write_usize(node.key.len());
        h.write(node.key);
        if !node.data.is_empty() {
            h.write(node.data);
        }
        h.finish()
    }

    /// The shard of the node whose hash is `hash`.
    fn shard_at(&self, hash: u64) -> &RwLock<Chains> {
        &self.shards[shard_index(hash)].0
    }

    /// What snapshot `snap` reads for `node`, whose page state is `page` (`None`:
    /// flag-deleted).
    pub fn read(&self, node: NodeRef<'_>, page: Option<&[u8]>, snap: Snapshot) -> Seen {
        if self.is_empty() {
            return Seen::Page;
        }
        let hash = self.hash_of(&node);
        if self.filter[filter_index(hash)].load(Ordering::Acquire) == 0 {
            return Seen::Page;
        }
        let shard = self.shard_at(hash).read();
        let Some(chain) = find(&shard, hash, &node) else {
            return Seen::Page;
        };
        let mut cur: Option<Vec<u8>> = None; // None: still the page state
        let mut replaced = false;
        for v in chain.iter().rev() {
            match v.kind {
                k if k.is_lock() => continue,
                VersionKind::Delta {
                    offset,
                    width,
                    delta,
                } => {
                    if !snap.sees(&v.txn) {
                        let base = match (&mut cur, replaced) {
                            (Some(d), _) => Some(d),
                            (None, false) => {
                                cur = page.map(<[u8]>::to_vec);
                                replaced = true;
                                cur.as_mut()
                            }
                            (None, true) => None,
                        };
                        if let Some(d) = base {
                            add_at(d, offset, width, delta.wrapping_neg());
                        }
                    }
                }
                _ => {
                    if snap.sees(&v.txn) {
                        break;
                    }
                    cur = v.before.as_deref().map(<[u8]>::to_vec);
                    replaced = true;
                }
            }
        }
        match (replaced, cur) {
            (false, _) => Seen::Page,
            (true, Some(d)) => Seen::Data(d),
            (true, None) => Seen::Absent,
        }
    }

    /// Whether `node` carries a version (a change or a lock) of a transaction other
    /// than `own` (0: none) that has not committed: ESE's `vsUncommittedByOther`.
    pub fn uncommitted_by_other(&self, node: NodeRef<'_>, own: u64) -> bool {
        if self.is_empty() {
            return false;
        }
        let hash = self.hash_of(&node);
        let shard = self.shard_at(hash).read();
        find(&shard, hash, &node).is_some_and(|chain| {
            chain
                .iter()
                .any(|v| v.txn.id != own && v.txn.committed_at().is_none())
        })
    }

    /// Checks that transaction `t` may make a change of kind `kind` to `node`:
    /// `JET_errWriteConflict` when another transaction's version stands in the way.
    pub fn check(&self, node: NodeRef<'_>, t: &TxnInfo, kind: VersionKind) -> Result<()> {
        self.check_hashed(node, self.hash_of(&node), t, kind)
    }

    /// [`VersionStore::check`] of `node` whose [`VersionStore::hash_of`] is `hash`
    /// (a caller that checks and then adds a version hashes the node once).
    pub fn check_hashed(
        &self,
        node: NodeRef<'_>,
        hash: u64,
        t: &TxnInfo,
        kind: VersionKind,
    ) -> Result<()> {
        if self.is_empty() {
            return Ok(());
        }
        let shard = self.shard_at(hash).read();
        let Some(chain) = find(&shard, hash, &node) else {
            return Ok(());
        };
        for v in chain.iter() {
            if v.txn.id == t.id {
                continue;
            }
            match v.txn.committed_at() {
                None => {
                    if !kind.commutes_with(v.kind) {
                        return Err(write_conflict(what(kind)));
                    }
                }
                Some(c) if c > t.snapshot && !v.kind.is_lock() => {
                    // A committed delta does not stand in the way of another delta.
                    if !kind.commutes_with(v.kind) || !matches!(kind, VersionKind::Delta { .. }) {
                        return Err(write_conflict(what(kind)));
                    }
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// Records a version of `node` by `t` (after [`VersionStore::check`]), charging
    /// the budget; returns its id.
    pub fn add(
        &self,
        node: NodeRef<'_>,
        t: &Arc<TxnInfo>,
        kind: VersionKind,
        before: Option<&[u8]>,
    ) -> Result<u64> {
        self.add_keyed(node, t, kind, before).map(|(id, _)| id)
    }

    /// [`VersionStore::add`], also returning the node's key as the store keeps
    /// it: the transaction's undo entry and its leftover share it instead of
    /// copying the key again.
    pub fn add_keyed(
        &self,
        node: NodeRef<'_>,
        t: &Arc<TxnInfo>,
        kind: VersionKind,
        before: Option<&[u8]>,
    ) -> Result<(u64, NodeKey)> {
        self.add_keyed_hashed(node, self.hash_of(&node), t, kind, before)
    }

    /// [`VersionStore::add_keyed`] of `node` whose [`VersionStore::hash_of`] is
    /// `hash`.
    pub fn add_keyed_hashed(
        &self,
        node: NodeRef<'_>,
        hash: u64,
        t: &Arc<TxnInfo>,
        kind: VersionKind,
        before: Option<&[u8]>,
    ) -> Result<(u64, NodeKey)> {
        let cost =
            VERSION_OVERHEAD + node.key.len() + node.data.len() + before.map_or(0, <[u8]>::len);
        self.manager.reserve(cost)?;
        let id = self.ids.0.next_id.fetch_add(1, Ordering::Relaxed);
        self.ids.0.added.fetch_add(1, Ordering::AcqRel);
        let v = Version {
            id,
            txn: t.clone(),
            kind,
            before: before.map(Into::into),
            cost,
        };
        // The caller's copy of the node's name, made before the shard's lock.
        let key = node.to_owned_key();
        let mut shard = self.shard_at(hash).write();
        match shard.find_mut(hash, |(k, _)| node.equivalent(k)) {
            Some((_, chain)) => chain.push(v),
            None => {
                self.filter[filter_index(hash)].fetch_add(1, Ordering::AcqRel);
                if shard.is_empty() {
                    self.shards_in_use.0.fetch_add(1, Ordering::AcqRel);
                }
                shard.insert_unique(hash, (key.clone(), smallvec::smallvec![v]), |(k, _)| {
                    self.hash_of(&k.as_node_ref())
                });
            }
        }
        Ok((id, key))
    }

    /// A copy of the version `id` of `node`, if it is still there.
    pub fn get(&self, node: NodeRef<'_>, id: u64) -> Option<Version> {
        self.with_version(node, id, Version::clone)
    }

    /// `f` on the version `id` of `node` (under its shard's lock), if it is still
    /// there: what a caller takes of it, without a copy of the whole version.
    pub fn with_version<R>(
        &self,
        node: NodeRef<'_>,
        id: u64,
        f: impl FnOnce(&Version) -> R,
    ) -> Option<R> {
        let hash = self.hash_of(&node);
        let shard = self.shard_at(hash).read();
        find(&shard, hash, &node)?
            .iter()
            .find(|v| v.id == id)
            .map(f)
    }

    /// Drops version `id` of `node`; returns how many versions the node has left.
    pub fn remove(&self, node: NodeRef<'_>, id: u64) -> usize {
        let hash = self.hash_of(&node);
        let mut shard = self.shard_at(hash).write();
        let Some((cost, left)) = drop_version(&mut shard, hash, &node, id) else {
            return 0;
        };
        self.manager.release(cost);
        if left == 0 {
            self.filter[filter_index(hash)].fetch_sub(1, Ordering::AcqRel);
            if shard.is_empty() {
                self.shards_in_use.0.fetch_sub(1, Ordering::AcqRel);
            }
        }
        left
    }

    /// Drops the versions `(node, id)`, as [`Self::remove`] does one by one,
    /// with each shard locked once for all of its nodes and the budget changed
    /// once: cleanup's batches of committed transactions then contend with the
    /// writer's changes a few times per batch instead of a few times per version.
    pub fn remove_many(&self, items: &[(NodeRef<'_>, u64)]) {
        let hashes: Vec<u64> = items.iter().map(|(node, _)| self.hash_of(node)).collect();
        let mut order: Vec<(usize, usize)> = hashes
            .iter()
            .enumerate()
            .map(|(i, &hash)| (shard_index(hash), i))
            .collect();
        order.sort_unstable();
        let mut released = 0;
        for group in order.chunk_by(|a, b| a.0 == b.0) {
            let mut shard = self.shards[group[0].0].0.write();
            let had_nodes = !shard.is_empty();
            for &(_, i) in group {
                let (node, id) = &items[i];
                if let Some((cost, left)) = drop_version(&mut shard, hashes[i], node, *id) {
                    released += cost;
                    if left == 0 {
                        self.filter[filter_index(hashes[i])].fetch_sub(1, Ordering::AcqRel);
                    }
                }
            }
            if had_nodes && shard.is_empty() {
                // Lowered under the shard's lock, as it was raised.
                self.shards_in_use.0.fetch_sub(1, Ordering::AcqRel);
            }
        }
        self.manager.release(released);
    }

    /// Whether any version belongs to a transaction that has not committed.
    pub fn has_uncommitted(&self) -> bool {
        self.shards.iter().any(|sh| {
            sh.0.read()
                .iter()
                .any(|(_, c)| c.iter().any(|v| v.txn.committed_at().is_none()))
        })
    }

    /// Whether any version belongs to a transaction other than `txn` that has not
    /// committed.
    pub fn has_uncommitted_by_others(&self, txn: u64) -> bool {
        self.shards.iter().any(|sh| {
            sh.0.read().iter().any(|(_, c)| {
                c.iter()
                    .any(|v| v.txn.id != txn && v.txn.committed_at().is_none())
            })
        })
    }

    /// Hands a committed transaction's leftovers to cleanup.
    pub fn push_committed(&self, c: Committed) {
        let mut q = self.committed.lock();
        self.queued.fetch_add(c.leftovers.len(), Ordering::Relaxed);
        q.push_back(c);
    }

    /// The leftovers of the committed transactions waiting for cleanup.
    pub fn queued_leftovers(&self) -> usize {
        self.queued.load(Ordering::Relaxed)
    }

    /// The newest commit whose leftovers wait for cleanup.
    pub fn newest_pending(&self) -> Option<u64> {
        self.committed.lock().iter().map(|c| c.ts).max()
    }

    /// Takes the leftovers of every transaction committed at or before `oldest`.
    pub fn take_cleanable(&self, oldest: u64) -> Vec<Committed> {
        self.take_cleanable_if(oldest, |_| true)
    }

    /// [`VersionStore::take_cleanable`] limited to the commits `pick` accepts; the
    /// others stay queued, in their order.
    pub fn take_cleanable_if(
        &self,
        oldest: u64,
        pick: impl Fn(&Committed) -> bool,
    ) -> Vec<Committed> {
        let mut q = self.committed.lock();
        let mut out = Vec::new();
        // Commits are pushed in timestamp order per committer; a later timestamp may
        // arrive first from another thread, so look past the head.
        let mut keep = VecDeque::with_capacity(q.len());
        while let Some(c) = q.pop_front() {
            if c.ts <= oldest && pick(&c) {
                out.push(c);
            } else {
                keep.push_back(c);
            }
        }
        *q = keep;
        let taken = out.iter().map(|c| c.leftovers.len()).sum();
        self.queued.fetch_sub(taken, Ordering::Relaxed);
        // In commit order: a node's insert is cleaned before a later delete of it,
        // which then finds no version left and removes the node.
        out.sort_by_key(|c| c.ts);
        out
    }
}

/// Drops version `id` of `node` from its shard's `chains`: the bytes the version
/// was charged (0 if it was not there) and the versions the node has left (the
/// node goes with its last); `None` when the node has no versions.
fn drop_version(
    chains: &mut Chains,
    hash: u64,
    node: &NodeRef<'_>,
    id: u64,
) -> Option<(usize, usize)> {
    let mut entry = chains.find_entry(hash, |(k, _)| node.equivalent(k)).ok()?;
    let chain = &mut entry.get_mut().1;
    let cost = match chain.iter().position(|v| v.id == id) {
        Some(at) => chain.remove(at).cost,
        None => 0,
    };
    let left = chain.len();
    if left == 0 {
        entry.remove();
    }
    Some((cost, left))
}

/// The shard of a node whose hash is `hash` (see [`VersionStore::hash_of`]).
fn shard_index(hash: u64) -> usize {
    ((hash >> 32) as usize) % SHARDS
}

/// The counter of [`VersionStore::filter`] for a node whose hash is `hash`.
fn filter_index(hash: u64) -> usize {
    hash as usize & (FILTER - 1)
}

/// The chain of `node` (whose hash is `hash`) in `chains`.
fn find<'c>(chains: &'c Chains, hash: u64, node: &NodeRef<'_>) -> Option<&'c Chain> {
    chains
        .find(hash, |(k, _)| node.equivalent(k))
        .map(|(_, chain)| chain)
}

fn what(kind: VersionKind) -> &'static str {
    match kind {
        VersionKind::Insert => "cannot insert this key",
        VersionKind::Replace => "cannot change this record",
        VersionKind::Delete => "cannot delete this record",
        VersionKind::Delta { .. } => "cannot apply an escrow update to this record",
        VersionKind::ReadLock => "cannot read-lock this record",
        VersionKind::WriteLock => "cannot write-lock this record",
    }
}

/// Adds `delta` to the little-endian integer of `width` bytes at `offset` of
/// `data` (wrapping); nothing when it lies outside `data`.
pub fn add_at(data: &mut [u8], offset: u16, width: u8, delta: i64) {
    let o = usize::from(offset);
    match width {
        4 if o + 4 <= data.len() => {
            let mut b = [0u8; 4];
            b.copy_from_slice(&data[o..o + 4]);
            let v = i32::from_le_bytes(b).wrapping_add(delta as i32);
            data[o..o + 4].copy_from_slice(&v.to_le_bytes());
        }
        8 if o + 8 <= data.len() => {
            let mut b = [0u8; 8];
            b.copy_from_slice(&data[o..o + 8]);
            let v = i64::from_le_bytes(b).wrapping_add(delta);
            data[o..o + 8].copy_from_slice(&v.to_le_bytes());
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
