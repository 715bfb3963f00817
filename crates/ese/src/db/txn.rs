//! Transactions over a database open for writing: the versioned node changes every
//! record, index-entry and long-value change is made of, their undo, what a commit
//! leaves for cleanup, and the cleanup itself (in a background thread per database).
//!
//! Owns [`TxnCtx`] (one transaction: its snapshot, nesting level and undo list),
//! [`SessionCore`] (a session's transaction state, shared with its cursors), and the
//! `v_*` operations of [`Writer`].
//!
//! What must hold:
//! - Each node change checks for write conflicts, records its version, then changes
//!   the page (`crate::version` explains why in that order); a node is deleted by
//!   flagging it, and removed from its page only by cleanup or by the undo of the
//!   insert that made it.
//! - Every change is undone by exactly its undo entry, newest first; undo runs under
//!   the writer lock and the version store's undo lock.
//! - One call of the record layer (insert, replace, delete, escrow update) is atomic:
//!   when it fails part way, what it changed is undone before the error returns.
//! - Long values a transaction stops referencing are deleted by cleanup after its
//!   commit, once no snapshot can read the records that referenced them; long values
//!   it wrote are deleted when it rolls back.

use super::write::{delete_lv, State, Writer};
use crate::btree::{BTree, Entry, SeekOp as TreeSeek};
use crate::format::log::LogRecord;
use crate::format::lv::Lid;
use crate::format::page::node_flags;
use crate::format::undo::{NodeUndo, UndoInfo};
use crate::version::{
    Committed, Leftover, NodeKey, NodeRef, Snapshot, TxnInfo, TxnManager, VersionKind,
    TRANSACTION_LEVELS_MOST,
};
use crate::{Error, ErrorCode, Result};
use parking_lot::{Condvar, Mutex};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::thread::ThreadId;
use std::time::Duration;

/// What undoing one change takes.
#[derive(Debug)]
pub(crate) enum UndoAction {
    /// A version of a node.
    Node {
        /// The node (its data only in a non-unique tree).
        node: NodeKey,
        unique: bool,
        id: u64,
        kind: VersionKind,
        /// An escrow delta that survives a rollback (`JET_bitEscrowNoRollback`).
        sticky: bool,
    },
    /// A long value the transaction wrote.
    LvAdded { objid: u32, lid: Lid },
    /// A long value the transaction stopped referencing.
    LvDrop { objid: u32, lid: Lid },
    /// A change to a table's definition.
    Schema(Box<super::ddl::SchemaUndo>),
}

/// The undo information of an action, as it is logged: a node's borrowed from
/// the action (no copy of its key and data), the others' built.
pub(super) enum UndoLog<'a> {
    /// An [`UndoInfo::Node`], borrowed.
    Node {
        root: u32,
        unique: bool,
        key: &'a [u8],
        data: &'a [u8],
        kind: NodeUndo,
    },
    /// Any other undo information.
    Info(UndoInfo),
}

/// One undo entry.
#[derive(Debug)]
pub(crate) struct Undo {
    writer: Arc<Writer>,
    level: u8,
    action: UndoAction,
    /// The id its undo information has in the log (0: not logged).
    log_id: u64,
}

/// Ids of logged undo information: unique in the process, so unique among the
/// changes of any one transaction in the log.
static NEXT_LOG_ID: AtomicU64 = AtomicU64::new(1);

/// One transaction (all its nesting levels).
#[derive(Debug)]
pub(crate) struct TxnCtx {
    pub(crate) info: Arc<TxnInfo>,
    pub(crate) level: u8,
    pub(crate) read_only: bool,
    undo: Vec<Undo>,
    manager: Arc<TxnManager>,
    /// The log the transaction's begin went to, once it changed a logged database.
    log: Option<Arc<crate::log::LogWriter>>,
    /// Schema changes of tables with fixed DDL are allowed (see
    /// [`crate::Session::with_fixed_ddl_permitted`]).
    pub(crate) permit_fixed_ddl: bool,
    /// The engine's own catalog maintenance runs: every table but the system tables may
    /// change, deletes included (see [`crate::Session::with_schema_maintenance`]).
    pub(crate) schema_maintenance: bool,
    /// Inserts of index entries keep optionally unique indexes unique (an update with
    /// `JET_bitUpdateEnforceOptionallyUniqueIndices`).
    pub(crate) enforce_optionally_unique: bool,
}

impl TxnCtx {
    /// Begins a transaction at level 1.
    pub(crate) fn begin(manager: &Arc<TxnManager>, session: u64, read_only: bool) -> TxnCtx {
        TxnCtx {
            info: manager.begin(session),
            level: 1,
            read_only,
            undo: Vec::new(),
            manager: manager.clone(),
            log: None,
            permit_fixed_ddl: false,
            schema_maintenance: false,
            enforce_optionally_unique: false,
        }
    }

    /// The snapshot the transaction reads.
    pub(crate) fn snapshot(&self) -> Snapshot {
        Snapshot {
            txn: self.info.id,
            ts: self.info.snapshot,
        }
    }

    pub(crate) fn check_writable(&self) -> Result<()> {
        if self.read_only {
            return Err(Error::with(
                ErrorCode::TransReadOnly,
                "the transaction was begun read-only",
            ));
        }
        Ok(())
    }

    /// Notes schema change `undo` of `writer`'s database (its undo information is
    /// logged now unless [`TxnCtx::log_schema_ahead`] did).
    pub(super) fn push_schema(&mut self, writer: &Arc<Writer>, undo: super::ddl::SchemaUndo) {
        match undo.log_id {
            0 => self.push(writer, UndoAction::Schema(Box::new(undo))),
            log_id => self.undo.push(Undo {
                writer: writer.clone(),
                level: self.level,
                action: UndoAction::Schema(Box::new(undo)),
                log_id,
            }),
        }
    }

    /// Logs the undo information of schema change `undo` in `writer`'s current
    /// step, ahead of the pages the change goes on to write in later steps (a bulk
    /// load closes steps as it goes): a crash between them must still find the
    /// trees to free. Sets `undo.log_id`; [`TxnCtx::push_schema`] then does not
    /// log it again.
    pub(super) fn log_schema_ahead(
        &mut self,
        writer: &Arc<Writer>,
        undo: &mut super::ddl::SchemaUndo,
    ) {
        let probe = UndoAction::Schema(Box::new(super::ddl::SchemaUndo {
            rows: undo.rows.clone(),
            created: undo.created.clone(),
            ..super::ddl::SchemaUndo::rows(undo.objid, Vec::new())
        }));
        undo.log_id = self.log_undo(writer, &probe);
    }

    fn push(&mut self, writer: &Arc<Writer>, action: UndoAction) {
        let log_id = self.log_undo(writer, &action);
        self.undo.push(Undo {
            writer: writer.clone(),
            level: self.level,
            action,
            log_id,
        });
    }

    /// Logs the undo information of `action` in `writer`'s current step (with the
    /// transaction's begin before its first); returns its id, 0 when not logged.
    fn log_undo(&mut self, writer: &Arc<Writer>, action: &UndoAction) -> u64 {
        let Some(lw) = writer.log.writer() else {
            return 0;
        };
        let Some(info) = writer.undo_info(action) else {
            return 0;
        };
        if self.log.is_none() {
            self.manager
                .note_log_begin(self.info.id, super::logging::lsn_of(lw.appended_lgpos()));
            writer.log.note(LogRecord::Begin {
                txn: self.info.id,
                session: self.info.session as u32,
            });
            self.log = Some(lw.clone());
        }
        let id = NEXT_LOG_ID.fetch_add(1, Ordering::Relaxed);
        match info {
            UndoLog::Node {
                root,
                unique,
                key,
                data,
                kind,
            } => writer.log.note_undo(self.info.id, id, |out| {
                crate::format::undo::encode_node_into(out, root, unique, key, data, &kind)
            }),
            UndoLog::Info(info) => writer
                .log
                .note_undo(self.info.id, id, |out| info.encode_into(out)),
        }
        id
    }

    /// Runs `f` as one atomic step of the transaction: when it fails, what it
    /// changed is undone before the error returns.
    pub(crate) fn atomic<R>(&mut self, f: impl FnOnce(&mut TxnCtx) -> Result<R>) -> Result<R> {
        let mark = self.undo.len();
        match f(self) {
            Ok(r) => Ok(r),
            Err(e) => {
                self.undo_to(mark)?;
                Err(e)
            }
        }
    }

    /// Commits the innermost level; at level 1 the whole transaction, returning
    /// its commit timestamp.
    pub(crate) fn commit_level(&mut self) -> Result<Option<u64>> {
        self.commit_level_with(false)
    }

    /// [`TxnCtx::commit_level`]; with `lazy` a level-0 commit does not wait for
    /// the log to reach the disk (`JET_bitCommitLazyFlush`).
    pub(crate) fn commit_level_with(&mut self, lazy: bool) -> Result<Option<u64>> {
        if self.level > 1 {
            let l = self.level;
            for u in self.undo.iter_mut().filter(|u| u.level == l) {
                u.level = l - 1;
            }
            self.level -= 1;
            return Ok(None);
        }
        let mut by_writer: Vec<(Arc<Writer>, Vec<Leftover>)> = Vec::new();
        let mut schema_changed: Vec<Arc<Writer>> = Vec::new();
        // The undo list's buffer is kept for the next transaction.
        let mut undo = std::mem::take(&mut self.undo);
        // Most transactions change one database: its list takes every entry at once.
        let entries = undo.len();
        for u in undo.drain(..) {
            let left = match u.action {
                UndoAction::Node { node, id, kind, .. } => {
                    if matches!(kind, VersionKind::ReadLock | VersionKind::WriteLock) {
                        u.writer.versions.remove(node.as_node_ref(), id);
                        continue;
                    }
                    // The action's key moves into the leftover: no copy.
                    Leftover::Version {
                        node,
                        id,
                        delete: kind == VersionKind::Delete,
                    }
                }
                UndoAction::LvAdded { .. } => continue,
                UndoAction::LvDrop { objid, lid } => Leftover::LongValue { objid, lid },
                UndoAction::Schema(undo) => {
                    if !schema_changed.iter().any(|w| Arc::ptr_eq(w, &u.writer)) {
                        schema_changed.push(u.writer.clone());
                    }
                    if undo.released.is_empty() {
                        continue;
                    }
                    Leftover::Trees {
                        objid: undo.objid,
                        trees: undo.released,
                        table_gone: undo.table_gone,
                    }
                }
            };
            match by_writer
                .iter_mut()
                .find(|(w, _)| Arc::ptr_eq(w, &u.writer))
            {
                Some((_, v)) => v.push(left),
                None => {
                    let mut v = Vec::with_capacity(entries);
                    v.push(left);
                    by_writer.push((u.writer.clone(), v));
                }
            }
        }
        self.undo = undo;
        let writers: Vec<Arc<Writer>> = by_writer.iter().map(|(w, _)| w.clone()).collect();
        // Leftovers reach the cleanup queues in commit order: a node's insert is
        // cleaned before a later delete of it, which then removes the node.
        let id = self.info.id;
        let log = self.log.take();
        let mut logged = None;
        let ts = self.manager.commit_with(&self.info, |ts| {
            // In the log in commit order.
            if let Some(log) = &log {
                logged = Some(log.append(&[LogRecord::Commit {
                    txn: id,
                    commit_ts: ts,
                }]));
            }
            for w in &schema_changed {
                w.schema.stamp(id, ts);
            }
            for (w, leftovers) in by_writer {
                w.versions.push_committed(Committed { ts, leftovers });
            }
        });
        self.manager.end(&self.info);
        for w in writers {
            // Cleanup runs in batches: woken when enough commits wait or the budget
            // is half used, otherwise by its timer.
            let m = w.versions.manager();
            if w.versions.pending_cleanup() >= CLEANUP_BATCH
                || w.versions.queued_leftovers() >= CLEANUP_LEFTOVERS
                || m.bytes() > m.limit() / 2
            {
                w.cleanup_signal();
            }
        }
        self.level = 0;
        if log.is_some() {
            self.manager.note_log_end(id);
        }
        if let (Some(log), Some(at)) = (&log, logged) {
            let at = at?;
            if !lazy {
                // Durable before the commit is acknowledged; committers share a flush.
                log.flush_to(at)?;
            }
        }
        Ok(Some(ts))
    }

    /// Undoes the innermost level (or every level with `all`); returns the level
    /// left. At level 0 the transaction is over.
    pub(crate) fn rollback_level(&mut self, all: bool) -> Result<u8> {
        let floor = if all { 1 } else { self.level };
        let keep = self
            .undo
            .iter()
            .position(|u| u.level >= floor)
            .unwrap_or(self.undo.len());
        let result = self.undo_to(keep);
        self.level = floor - 1;
        if self.level == 0 {
            self.manager.end(&self.info);
            if let Some(log) = self.log.take() {
                if result.is_ok() {
                    log.append(&[LogRecord::Rollback { txn: self.info.id }])?;
                    self.manager.note_log_end(self.info.id);
                }
            }
        }
        result.map(|_| self.level)
    }

    /// Undoes every entry after `mark`, newest first.
    pub(crate) fn undo_to(&mut self, mark: usize) -> Result<()> {
        let mut first_err = None;
        while self.undo.len() > mark {
            let Some(u) = self.undo.pop() else { break };
            let w = u.writer.clone();
            let mut st = w.state.lock();
            match w.undo_one(&mut st, u.action) {
                // In the undo's own step: redone with it, never undone twice.
                Ok(()) if u.log_id != 0 => w.log.note_undone(self.info.id, u.log_id),
                Ok(()) => {}
                Err(e) => {
                    first_err.get_or_insert(e);
                }
            }
        }
        match first_err {
            None => Ok(()),
            Some(e) => Err(e),
        }
    }
}

impl Drop for TxnCtx {
    fn drop(&mut self) {
        if self.level > 0 {
            // A transaction dropped without an end is rolled back; errors cannot be
            // reported from here (the writer goes unavailable on a failed write).
            let _ = self.rollback_level(true);
        }
    }
}

/// A session's transaction state, shared by the session and its cursors.
#[derive(Debug)]
pub struct SessionCore {
    pub(crate) id: u64,
    pub(crate) manager: Arc<TxnManager>,
    txn: Mutex<Option<TxnCtx>>,
    view_txn: AtomicU64,
    view_ts: AtomicU64,
    owner: Mutex<(Option<ThreadId>, u32)>,
    ended: AtomicBool,
    /// The undo list's buffer of the last committed transaction, empty, for the
    /// next one.
    spare_undo: Mutex<Vec<Undo>>,
    /// The session's schema changes may change tables with fixed DDL (ESE's
    /// `JET_bitTablePermitDDL` cursor).
    pub(crate) permit_fixed_ddl: AtomicBool,
    /// The session's schema changes are the engine's own catalog maintenance.
    pub(crate) schema_maintenance: AtomicBool,
}

/// Held while a session is in use by one call (see [`SessionCore::enter`]).
pub(crate) struct SessionGuard {
    core: Arc<SessionCore>,
}

impl Drop for SessionGuard {
    fn drop(&mut self) {
        let mut o = self.core.owner.lock();
        o.1 -= 1;
        if o.1 == 0 {
            o.0 = None;
        }
    }
}

static NEXT_SESSION: AtomicU64 = AtomicU64::new(1);

impl SessionCore {
    /// A new session of the instance whose transactions `manager` orders.
    pub(crate) fn new(manager: Arc<TxnManager>) -> SessionCore {
        SessionCore {
            id: NEXT_SESSION.fetch_add(1, Ordering::Relaxed),
            manager,
            txn: Mutex::new(None),
            view_txn: AtomicU64::new(0),
            view_ts: AtomicU64::new(u64::MAX),
            owner: Mutex::new((None, 0)),
            ended: AtomicBool::new(false),
            spare_undo: Mutex::new(Vec::new()),
            permit_fixed_ddl: AtomicBool::new(false),
            schema_maintenance: AtomicBool::new(false),
        }
    }

    /// Marks the session in use by this thread for one call:
    /// `JET_errSessionSharingViolation` while another thread uses it,
    /// `JET_errInvalidSesid` once it has ended. Nested calls on one thread are fine.
    pub(crate) fn enter(self: &Arc<Self>) -> Result<SessionGuard> {
        if self.ended.load(Ordering::Acquire) {
            return Err(Error::with(
                ErrorCode::InvalidSesid,
                "the session has ended",
            ));
        }
        let me = std::thread::current().id();
        let mut o = self.owner.lock();
        match o.0 {
            Some(t) if t != me => Err(Error::with(
                ErrorCode::SessionSharingViolation,
                format!("session {} is in use by another thread", self.id),
            )),
            _ => {
                o.0 = Some(me);
                o.1 += 1;
                Ok(SessionGuard { core: self.clone() })
            }
        }
    }

    /// What the session reads now: its transaction's snapshot, or every committed
    /// change outside a transaction.
    pub(crate) fn snapshot(&self) -> Snapshot {
        Snapshot {
            txn: self.view_txn.load(Ordering::Acquire),
            ts: self.view_ts.load(Ordering::Acquire),
        }
    }

    fn set_view(&self, s: Snapshot) {
        self.view_txn.store(s.txn, Ordering::Release);
        self.view_ts.store(s.ts, Ordering::Release);
    }

    /// The nesting level (0: no transaction).
    pub(crate) fn level(&self) -> u8 {
        self.txn.lock().as_ref().map_or(0, |t| t.level)
    }

    /// The snapshot timestamp of the transaction, if one is open.
    pub(crate) fn snapshot_ts(&self) -> Option<u64> {
        self.txn.lock().as_ref().map(|t| t.info.snapshot)
    }

    /// Begins a transaction or a nested level.
    pub(crate) fn begin(&self, read_only: bool) -> Result<()> {
        let mut t = self.txn.lock();
        match t.as_mut() {
            Some(tx) if tx.level >= TRANSACTION_LEVELS_MOST => Err(Error::with(
                ErrorCode::TransTooDeep,
                format!("transactions nest at most {TRANSACTION_LEVELS_MOST} levels"),
            )),
            Some(tx) => {
                tx.level += 1;
                Ok(())
            }
            None => {
                let mut tx = TxnCtx::begin(&self.manager, self.id, read_only);
                tx.undo = std::mem::take(&mut *self.spare_undo.lock());
                self.set_view(tx.snapshot());
                *t = Some(tx);
                Ok(())
            }
        }
    }

    fn not_in_transaction() -> Error {
        Error::with(
            ErrorCode::NotInTransaction,
            "the session is not in a transaction",
        )
    }

    /// Commits one level; the commit timestamp when the transaction ended.
    pub(crate) fn commit(&self, lazy: bool) -> Result<Option<u64>> {
        let mut t = self.txn.lock();
        let tx = t.as_mut().ok_or_else(Self::not_in_transaction)?;
        let ts = tx.commit_level_with(lazy);
        if tx.level == 0 {
            if let Some(mut done) = t.take() {
                if done.undo.is_empty() {
                    *self.spare_undo.lock() = std::mem::take(&mut done.undo);
                }
            }
            self.set_view(Snapshot::LATEST);
        }
        ts
    }

    /// Rolls back one level, or all with `all`.
    pub(crate) fn rollback(&self, all: bool) -> Result<()> {
        let mut t = self.txn.lock();
        let tx = t.as_mut().ok_or_else(Self::not_in_transaction)?;
        let r = tx.rollback_level(all);
        if tx.level == 0 {
            *t = None;
            self.set_view(Snapshot::LATEST);
        }
        r.map(|_| ())
    }

    /// Runs a change `f` in the session's transaction (atomically: a failure
    /// undoes what `f` changed), or, outside one, in a transaction of its own
    /// that commits at once.
    pub(crate) fn write<R>(&self, f: impl FnOnce(&mut TxnCtx) -> Result<R>) -> Result<R> {
        let permit = self.permit_fixed_ddl.load(Ordering::Acquire);
        let maintenance = self.schema_maintenance.load(Ordering::Acquire);
        let mut t = self.txn.lock();
        match t.as_mut() {
            Some(tx) => {
                tx.check_writable()?;
                (tx.permit_fixed_ddl, tx.schema_maintenance) = (permit, maintenance);
                let r = tx.atomic(f);
                (tx.permit_fixed_ddl, tx.schema_maintenance) = (false, false);
                r
            }
            None => {
                drop(t);
                autocommit(&self.manager, self.id, |tx| {
                    (tx.permit_fixed_ddl, tx.schema_maintenance) = (permit, maintenance);
                    f(tx)
                })
            }
        }
    }

    /// Runs `f` inside the session's transaction: `JET_errNotInTransaction` outside.
    pub(crate) fn in_transaction<R>(&self, f: impl FnOnce(&mut TxnCtx) -> Result<R>) -> Result<R> {
        let mut t = self.txn.lock();
        let tx = t.as_mut().ok_or_else(Self::not_in_transaction)?;
        tx.atomic(f)
    }

    /// Ends the session: rolls back any transaction; later calls get
    /// `JET_errInvalidSesid`.
    pub(crate) fn end(&self) -> Result<()> {
        self.ended.store(true, Ordering::Release);
        let mut t = self.txn.lock();
        let r = match t.as_mut() {
            Some(tx) => tx.rollback_level(true).map(|_| ()),
            None => Ok(()),
        };
        *t = None;
        self.set_view(Snapshot::LATEST);
        r
    }
}

/// Runs `f` in a transaction of its own that commits when `f` succeeds.
pub(crate) fn autocommit<R>(
    manager: &Arc<TxnManager>,
    session: u64,
    f: impl FnOnce(&mut TxnCtx) -> Result<R>,
) -> Result<R> {
    let mut tx = TxnCtx::begin(manager, session, false);
    match f(&mut tx) {
        Ok(r) => {
            tx.commit_level()?;
            Ok(r)
        }
        Err(e) => {
            tx.rollback_level(true)?;
            Err(e)
        }
    }
}

/// Wakes a database's cleanup thread.
#[derive(Debug, Default)]
pub(crate) struct CleanupSignal {
    pending: Mutex<bool>,
    cv: Condvar,
    stop: AtomicBool,
    /// Held while committed leftovers are out of the queue and not yet cleaned:
    /// whoever looks at the version store for what is left (under the writer
    /// lock) waits for such a cleanup to end. Taken after the writer lock, or
    /// alone.
    gate: Mutex<()>,
}

/// Committed transactions waiting for cleanup that wake the cleanup thread.
const CLEANUP_BATCH: usize = 256;

/// Leftovers of committed transactions waiting for cleanup that wake the
/// cleanup thread: transactions of many changes are cleaned in batches of about
/// this many versions, so that the version store's tables stay small enough to
/// stay in the processor's caches (a batch of [`CLEANUP_BATCH`] transactions of
/// a hundred inserts each held 25,600 versions and tables of twice as many
/// slots, each insert's slot a miss).
const CLEANUP_LEFTOVERS: usize = 4096;

/// How long the cleanup thread sleeps when nothing wakes it.
const CLEANUP_PERIOD: Duration = Duration::from_millis(100);

/// Starts the cleanup thread of `writer`; it stops when the writer is dropped or
/// closed.
pub(crate) fn spawn_cleanup(writer: &Arc<Writer>) {
    let weak: Weak<Writer> = Arc::downgrade(writer);
    let spawned = std::thread::Builder::new()
        .name("ese-cleanup-writeback".into())
        .spawn(move || loop {
            let Some(w) = weak.upgrade() else { return };
            if w.cleanup_stopped() {
                return;
            }
            // A failed cleanup leaves its work queued for the next round; a failed
            // page write has made the cache unavailable anyway.
            let _ = w.cleanup();
            w.write_back_some();
            let sig = w.cleanup_sig();
            drop(w);
            let mut p = sig.pending.lock();
            if !*p && !sig.stop.load(Ordering::Acquire) {
                sig.cv.wait_for(&mut p, CLEANUP_PERIOD);
            }
            *p = false;
        });
    // Without the thread, changes still clean up when the budget runs short.
    drop(spawned);
}

pub(super) fn find_node(tree: &BTree, key: &[u8], data: &[u8]) -> Result<Option<Entry>> {
    if tree.unique() {
        return tree.get(key);
    }
    let mut c = tree.cursor();
    Ok(c.seek(TreeSeek::Eq, key, Some(data))?
        .filter(|e| e.key == key && e.data == data))
}

fn not_found() -> Error {
    Error::with(ErrorCode::RecordNotFound, "no such record")
}

impl Writer {
    /// Background write-back: when fewer than a quarter of the cache's frames are
    /// free and more than a quarter are dirty, writes an eighth of them (the log
    /// first, by the write-ahead gate), so that evictions seldom wait for a page
    /// write. While a quarter of the frames are free, a miss takes one of those
    /// and nothing is evicted: pages are then written by checkpoints and the close
    /// only, once for all the changes they gathered, rather than again after each
    /// change that dirties them anew. Errors have failed the cache.
    fn write_back_some(&self) {
        let frames = self.cache.frame_count();
        let free = frames.saturating_sub(self.cache.resident_pages());
        if free < frames / 4 && self.cache.dirty_pages() > frames / 4 {
            let _ = self.cache.flush_some((frames / 8).max(1));
        }
    }

    pub(crate) fn cleanup_sig(&self) -> Arc<CleanupSignal> {
        self.cleanup.clone()
    }

    fn cleanup_stopped(&self) -> bool {
        self.cleanup.stop.load(Ordering::Acquire)
    }

    pub(crate) fn stop_cleanup(&self) {
        self.cleanup.stop.store(true, Ordering::Release);
        self.cleanup.cv.notify_all();
    }

    pub(crate) fn cleanup_signal(&self) {
        let mut p = self.cleanup.pending.lock();
        *p = true;
        self.cleanup.cv.notify_one();
    }

    /// Drops every version no snapshot needs, removes the nodes whose deletes are
    /// final and deletes the long values no record references any more.
    pub(crate) fn cleanup(&self) -> Result<()> {
        if self.versions.pending_cleanup() == 0 {
            // Another thread's cleanup may have taken the last batches out of
            // the queue and not yet dropped their versions: wait for it, so that
            // what was cleanable when this call began is gone when it returns.
            drop(self.cleanup.gate.lock());
            return Ok(());
        }
        self.drop_plain_versions();
        if self.versions.pending_cleanup() == 0 {
            return Ok(());
        }
        let mut st = self.state.lock();
        self.cleanup_locked(&mut st)
    }

    /// Drops the versions of the committed transactions that left nothing but
    /// versions of inserts and replacements, without the writer lock: dropping
    /// them changes no page, so writers go on meanwhile (a bulk load's cleanup is
    /// almost all of this kind). What else is left (deletes, whose nodes may go,
    /// long values, trees) waits for the writer lock in [`Writer::cleanup_locked`].
    ///
    /// The order of drops does not matter: a delete's node goes only when no
    /// version of it is left and it is still flag-deleted, whichever versions were
    /// dropped first.
    fn drop_plain_versions(&self) {
        let _gate = self.cleanup.gate.lock();
        let oldest = self.versions.manager().oldest_snapshot();
        let plain = |c: &Committed| {
            c.leftovers
                .iter()
                .all(|l| matches!(l, Leftover::Version { delete: false, .. }))
        };
        let batches = self.versions.take_cleanable_if(oldest, plain);
        let versions: Vec<_> = batches
            .iter()
            .flat_map(|c| &c.leftovers)
            .filter_map(|left| match left {
                Leftover::Version { node, id, .. } => Some((node.as_node_ref(), *id)),
                _ => None,
            })
            .collect();
        self.versions.remove_many(&versions);
    }

    pub(super) fn cleanup_locked(&self, st: &mut State) -> Result<()> {
        let oldest = self.versions.manager().oldest_snapshot();
        self.clean_up_to(st, oldest)
    }

    /// Cleans every committed leftover, needed or not: for a database no one
    /// reads any more.
    pub(super) fn cleanup_all_locked(&self, st: &mut State) -> Result<()> {
        self.clean_up_to(st, u64::MAX)
    }

    fn clean_up_to(&self, st: &mut State, oldest: u64) -> Result<()> {
        // A cleanup without the writer lock finishes first: what is left is then
        // in the queue or gone.
        let _gate = self.cleanup.gate.lock();
        self.schema.prune(oldest);
        let batches = self.versions.take_cleanable(oldest);
        let mut first_err = None;
        for c in batches {
            for left in c.leftovers {
                if let Err(e) = self.clean_one(st, left) {
                    first_err.get_or_insert(e);
                }
                // Each leftover stands alone: a long cleanup need not pin the cache.
                crate::btree::PageChangeSink::safe_point(&*self.log);
            }
        }
        match first_err {
            None => Ok(()),
            Some(e) => Err(e),
        }
    }

    fn clean_one(&self, st: &mut State, left: Leftover) -> Result<()> {
        match left {
            Leftover::Version { node, id, delete } => {
                let left = self.versions.remove(node.as_node_ref(), id);
                if delete && left == 0 {
                    let tree = self.open_tree(node.root, crate::btree::DEFAULT_DENSITY)?;
                    if let Some(e) = find_node(&tree, node.key(), node.data())? {
                        if e.is_deleted() {
                            let data = (!tree.unique()).then_some(node.data());
                            tree.delete(node.key(), data)?;
                        }
                    }
                }
                Ok(())
            }
            Leftover::Trees {
                objid,
                trees,
                table_gone,
            } => self.release_trees(st, objid, &trees, table_gone),
            Leftover::LongValue { objid, lid } => match self.lv_tree(st, objid) {
                Some(lv) => delete_lv(&lv, lid),
                None => Ok(()),
            },
        }
    }

    /// Makes sure a schema change of `tx` that reads every record or gives trees
    /// up sees the database as it stands: cleans what it can, then
    /// `JET_errTableInUse` while another transaction has uncommitted changes in
    /// the database, or something committed after `tx`'s snapshot (without `tx`:
    /// while any version is left).
    pub(super) fn quiesce_locked(&self, st: &mut State, tx: Option<&TxnCtx>) -> Result<()> {
        self.cleanup_locked(st)?;
        let (others, newer) = match tx {
            Some(t) => (
                self.versions.has_uncommitted_by_others(t.info.id),
                self.versions
                    .newest_pending()
                    .is_some_and(|ts| ts > t.info.snapshot),
            ),
            None => (
                !self.versions.is_empty(),
                self.versions.pending_cleanup() > 0,
            ),
        };
        if others || newer {
            return Err(Error::with(
                ErrorCode::TableInUse,
                "other transactions have uncommitted changes in this database, or changes committed after this transaction began; retry when they end",
            ));
        }
        Ok(())
    }

    fn lv_tree(&self, st: &State, objid: u32) -> Option<BTree> {
        st.tables.get(&objid).and_then(|t| t.lv.clone())
    }

    /// What the log must keep to undo `action` in recovery (`None`: nothing, for
    /// locks, escrow updates that survive a rollback and released long values).
    pub(super) fn undo_info<'a>(&self, action: &'a UndoAction) -> Option<UndoLog<'a>> {
        match action {
            UndoAction::Node {
                node,
                unique,
                id,
                kind,
                sticky,
            } => {
                let before = || {
                    self.versions
                        .with_version(node.as_node_ref(), *id, |v| {
                            v.before.as_deref().map(<[u8]>::to_vec)
                        })
                        .flatten()
                        .unwrap_or_default()
                };
                let kind = match *kind {
                    _ if *sticky => return None,
                    VersionKind::Insert => NodeUndo::Insert,
                    VersionKind::Replace => NodeUndo::Replace { before: before() },
                    VersionKind::Delete => NodeUndo::Delete { before: before() },
                    VersionKind::Delta {
                        offset,
                        width,
                        delta,
                    } => NodeUndo::Delta {
                        offset,
                        width,
                        delta,
                    },
                    VersionKind::ReadLock | VersionKind::WriteLock => return None,
                };
                Some(UndoLog::Node {
                    root: node.root,
                    unique: *unique,
                    key: node.key(),
                    data: node.data(),
                    kind,
                })
            }
            UndoAction::LvAdded { objid, lid } => Some(UndoLog::Info(UndoInfo::LvAdded {
                objid: *objid,
                lid: match *lid {
                    Lid::Lid32(v) => u64::from(v),
                    Lid::Lid64(v) => v,
                },
            })),
            UndoAction::LvDrop { .. } => None,
            UndoAction::Schema(u) => {
                let large = self.page_size > 8192;
                let rows = u
                    .rows
                    .iter()
                    .map(|r| r.encode(large))
                    .collect::<Result<Vec<_>>>()
                    .ok()?;
                Some(UndoLog::Info(UndoInfo::Schema {
                    objid: u.objid,
                    large,
                    rows,
                    created: u.created.clone(),
                }))
            }
        }
    }

    /// Undoes one change (the caller holds the writer lock).
    fn undo_one(&self, st: &mut State, action: UndoAction) -> Result<()> {
        match action {
            UndoAction::Schema(undo) => self.undo_schema(st, *undo),
            UndoAction::Node {
                node: shared,
                unique,
                id,
                kind,
                sticky,
            } => {
                let node = shared.as_node_ref();
                let key = node.key;
                let tree = self.open_tree(node.root, crate::btree::DEFAULT_DENSITY)?;
                let ndata = (!unique).then_some(node.data);
                let _undo = self.versions.undo_lock.write();
                let v = self.versions.get(node, id);
                match (kind, v) {
                    (_, None) => Ok(()),
                    (_, Some(_)) if sticky => {
                        self.versions.remove(node, id);
                        Ok(())
                    }
                    (VersionKind::Insert, Some(_)) => {
                        let left = self.versions.remove(node, id);
                        if left == 0 {
                            tree.delete(key, ndata)
                        } else {
                            tree.set_flags(key, ndata, node_flags::DELETED)
                        }
                    }
                    (VersionKind::Replace, Some(v)) => {
                        let before = v.before.as_deref().ok_or_else(|| {
                            Error::with(ErrorCode::InternalError, "replace without before-image")
                        })?;
                        tree.replace(key, before)?;
                        self.versions.remove(node, id);
                        Ok(())
                    }
                    (VersionKind::Delete, Some(v)) => {
                        tree.set_flags(key, ndata, 0)?;
                        // An insert of the same key since reused the node with its own
                        // data; that insert is undone already, its data is not.
                        if let (true, Some(before)) = (unique, v.before.as_deref()) {
                            if tree.get(key)?.is_some_and(|e| e.data != before) {
                                tree.replace(key, before)?;
                            }
                        }
                        self.versions.remove(node, id);
                        Ok(())
                    }
                    (
                        VersionKind::Delta {
                            offset,
                            width,
                            delta,
                        },
                        Some(_),
                    ) => {
                        let e = tree.get(key)?.ok_or_else(not_found)?;
                        let mut d = e.data;
                        crate::version::add_at(&mut d, offset, width, delta.wrapping_neg());
                        tree.replace(key, &d)?;
                        self.versions.remove(node, id);
                        Ok(())
                    }
                    (VersionKind::ReadLock | VersionKind::WriteLock, Some(_)) => {
                        self.versions.remove(node, id);
                        Ok(())
                    }
                }
            }
            UndoAction::LvAdded { objid, lid } => match self.lv_tree(st, objid) {
                Some(lv) => delete_lv(&lv, lid),
                None => Ok(()),
            },
            UndoAction::LvDrop { .. } => Ok(()),
        }
    }

    /// Records a version, running cleanup once when the budget is short.
    fn add_version(
        &self,
        st: &mut State,
        node: NodeRef<'_>,
        tx: &TxnCtx,
        kind: VersionKind,
        before: Option<&[u8]>,
    ) -> Result<(u64, NodeKey)> {
        match self.versions.add_keyed(node, &tx.info, kind, before) {
            Err(e) if e.code() == ErrorCode::VersionStoreOutOfMemory => {
                self.cleanup_locked(st)?;
                self.versions.add_keyed(node, &tx.info, kind, before)
            }
            r => r,
        }
    }

    /// Records version `kind` of `node` (with `before`), makes the page change
    /// `change`, and notes the undo entry; a failed change takes the version back.
    #[allow(clippy::too_many_arguments)]
    fn versioned(
        self: &Arc<Self>,
        st: &mut State,
        tx: &mut TxnCtx,
        node: NodeRef<'_>,
        unique: bool,
        kind: VersionKind,
        before: Option<&[u8]>,
        sticky: bool,
        change: impl FnOnce() -> Result<()>,
    ) -> Result<()> {
        let (id, shared) = self.add_version(st, node, tx, kind, before)?;
        if let Err(e) = change() {
            self.versions.remove(node, id);
            return Err(e);
        }
        self.push_node_with(tx, shared, unique, id, kind, sticky);
        Ok(())
    }

    fn push_node(
        self: &Arc<Self>,
        tx: &mut TxnCtx,
        node: NodeKey,
        unique: bool,
        id: u64,
        kind: VersionKind,
    ) {
        self.push_node_with(tx, node, unique, id, kind, false);
    }

    fn push_node_with(
        self: &Arc<Self>,
        tx: &mut TxnCtx,
        node: NodeKey,
        unique: bool,
        id: u64,
        kind: VersionKind,
        sticky: bool,
    ) {
        tx.push(
            self,
            UndoAction::Node {
                node,
                unique,
                id,
                kind,
                sticky,
            },
        );
    }

    /// Inserts node `(key, data)` into `tree` for `tx`. A live node with the same
    /// bookmark is `JET_errKeyDuplicate` (`JET_errMultiValuedIndexViolation` in a
    /// non-unique tree); a flag-deleted one is reused.
    pub(super) fn v_insert(
        self: &Arc<Self>,
        st: &mut State,
        tx: &mut TxnCtx,
        tree: &BTree,
        key: &[u8],
        data: &[u8],
    ) -> Result<()> {
        let unique = tree.unique();
        let node = NodeRef::new(tree.info().root, unique, key, data);
        let kind = VersionKind::Insert;
        let hash = self.versions.hash_of(&node);
        self.versions.check_hashed(node, hash, &tx.info, kind)?;
        // The version is added once the tree has found no live node with this
        // bookmark (an insert version on a live node would tell readers the node did
        // not exist before) and before the node is written; the tree reuses a
        // flag-deleted node with this bookmark.
        let mut cleaned = false;
        loop {
            let mut added = None;
            let inserted = tree.insert_admitted(key, data, || {
                added = Some(
                    self.versions
                        .add_keyed_hashed(node, hash, &tx.info, kind, None)?,
                );
                Ok(())
            });
            match (inserted, added) {
                (Ok(()), Some((id, shared))) => {
                    self.push_node_with(tx, shared, unique, id, kind, false);
                    return Ok(());
                }
                (Ok(()), None) => {
                    return Err(Error::with(
                        ErrorCode::InternalError,
                        "the tree inserted a node without admitting it",
                    ))
                }
                (Err(e), None) if !cleaned && e.code() == ErrorCode::VersionStoreOutOfMemory => {
                    // The version store is full: clean it (which changes trees, so
                    // not from inside the insert) and try once more.
                    self.cleanup_locked(st)?;
                    cleaned = true;
                }
                (Err(e), added) => {
                    if let Some((id, _)) = added {
                        self.versions.remove(node, id);
                    }
                    return Err(e);
                }
            }
        }
    }

    /// Replaces the data of live node `key` of unique tree `tree` for `tx`;
    /// `before` is the node's data, read by the caller under the writer lock.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn v_replace(
        self: &Arc<Self>,
        st: &mut State,
        tx: &mut TxnCtx,
        tree: &BTree,
        key: &[u8],
        data: &[u8],
        before: &[u8],
    ) -> Result<()> {
        let node = NodeRef::new(tree.info().root, true, key, &[]);
        self.versions.check(node, &tx.info, VersionKind::Replace)?;
        let kind = VersionKind::Replace;
        self.versioned(st, tx, node, true, kind, Some(before), false, || {
            tree.replace(key, data)
        })
    }

    /// Flag-deletes live node `(key, data)` of `tree` for `tx`.
    pub(super) fn v_delete(
        self: &Arc<Self>,
        st: &mut State,
        tx: &mut TxnCtx,
        tree: &BTree,
        key: &[u8],
        data: &[u8],
    ) -> Result<()> {
        let unique = tree.unique();
        let node = NodeRef::new(tree.info().root, unique, key, data);
        self.versions.check(node, &tx.info, VersionKind::Delete)?;
        let e = find_node(tree, key, data)?
            .filter(|e| !e.is_deleted())
            .ok_or_else(not_found)?;
        let ndata = (!unique).then_some(data);
        let kind = VersionKind::Delete;
        self.versioned(st, tx, node, unique, kind, Some(&e.data), false, || {
            tree.set_flags(key, ndata, node_flags::DELETED)
        })
    }

    /// Adds `delta` to the integer of `width` bytes at `offset` of record `key` of
    /// unique tree `tree` for `tx`; returns the record's data before.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn v_delta(
        self: &Arc<Self>,
        st: &mut State,
        tx: &mut TxnCtx,
        tree: &BTree,
        key: &[u8],
        offset: u16,
        width: u8,
        delta: i64,
        no_rollback: bool,
    ) -> Result<Vec<u8>> {
        let node = NodeRef::new(tree.info().root, true, key, &[]);
        let kind = VersionKind::Delta {
            offset,
            width,
            delta,
        };
        self.versions.check(node, &tx.info, kind)?;
        let e = tree
            .get(key)?
            .filter(|e| !e.is_deleted())
            .ok_or_else(not_found)?;
        let mut d = e.data.clone();
        crate::version::add_at(&mut d, offset, width, delta);
        // A reader takes a delta it does not see off the page's value, so it must
        // never find the version without the page change: both happen under the
        // undo lock, which readers hold from copying the page to the lookup.
        let undo = self.versions.undo_lock.write();
        // With `no_rollback` the delta stays whatever the transaction does; a
        // rollback only drops its version.
        self.versioned(st, tx, node, true, kind, None, no_rollback, || {
            tree.replace(key, &d)
        })?;
        drop(undo);
        Ok(e.data)
    }

    /// Takes a read or write lock on live record `key` of `tree` for `tx`.
    pub(super) fn v_lock(
        self: &Arc<Self>,
        st: &mut State,
        tx: &mut TxnCtx,
        tree: &BTree,
        key: &[u8],
        write: bool,
    ) -> Result<()> {
        let node = NodeRef::new(tree.info().root, true, key, &[]);
        let kind = if write {
            VersionKind::WriteLock
        } else {
            VersionKind::ReadLock
        };
        self.versions.check(node, &tx.info, kind)?;
        tree.get(key)?
            .filter(|e| !e.is_deleted())
            .ok_or_else(not_found)?;
        let (id, shared) = self.add_version(st, node, tx, kind, None)?;
        self.push_node(tx, shared, true, id, kind);
        Ok(())
    }

    /// Notes that `tx` wrote long value `lid` of table `objid`.
    pub(super) fn lv_added(self: &Arc<Self>, tx: &mut TxnCtx, objid: u32, lid: Lid) {
        tx.push(self, UndoAction::LvAdded { objid, lid });
    }

    /// Notes that `tx` no longer references long value `lid` of table `objid`.
    pub(super) fn lv_dropped(self: &Arc<Self>, tx: &mut TxnCtx, objid: u32, lid: Lid) {
        tx.push(self, UndoAction::LvDrop { objid, lid });
    }
}

#[cfg(test)]
mod tests {
    use crate::db::{KeyLimit, SeekGrbit};
    use crate::format::coltype::Value;
    use crate::record::schema::parse_schema;
    use crate::record::{Cell, Row, RowValue};
    use crate::{CreateOptions, Instance, InstanceOptions};
    use std::sync::mpsc;
    use std::time::Duration;

    const SCHEMA: &str = r#"{"page_size": 8192, "tables": [{"name": "t",
      "columns": [{"name": "id", "type": "Long", "flags": ["NotNULL"]},
                  {"name": "val", "type": "Long"}],
      "indexes": [{"name": "primary", "key": ["+id"], "flags": ["Primary"]}]}]}"#;

    /// A read outside a transaction made while a commit is marked on its
    /// transaction but its timestamp is not yet the last commit does not see that
    /// commit: a transaction begun right after the read would not see it either
    /// (the concurrent model test caught a read that did, under load).
    #[test]
    fn a_read_outside_a_transaction_sees_commits_only_once_published() {
        use crate::version::BETWEEN_MARK_AND_PUBLISH;
        use std::cell::RefCell;
        use std::rc::Rc;
        let dir = std::env::temp_dir().join(format!("ese-publish-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let inst = Instance::new(InstanceOptions::in_dir(&dir)).unwrap();
        let mut db = inst
            .create_database(dir.join("t.edb"), CreateOptions::default())
            .unwrap();
        db.create_table_spec(&parse_schema(SCHEMA).unwrap().tables[0])
            .unwrap();
        let writer_session = inst.begin_session().unwrap();
        let mut w = writer_session.open_table(&db, "t").unwrap();
        let reader_session = inst.begin_session().unwrap();
        let reader = Rc::new(RefCell::new(reader_session.open_table(&db, "t").unwrap()));
        let found = |c: &mut crate::Cursor| {
            c.make_key(&[Some(Value::Long(7))], KeyLimit::None).unwrap();
            c.seek(SeekGrbit::Eq).is_ok()
        };
        let in_between: Rc<RefCell<Vec<bool>>> = Rc::default();
        {
            let (reader, in_between) = (reader.clone(), in_between.clone());
            BETWEEN_MARK_AND_PUBLISH.with(|h| {
                *h.borrow_mut() = Some(Box::new(move || {
                    in_between
                        .borrow_mut()
                        .push(found(&mut reader.borrow_mut()));
                }));
            });
        }
        writer_session.begin_transaction().unwrap();
        let mut row = Row::new();
        row.set(1, RowValue::One(Cell::Value(Value::Long(7))));
        w.insert_row(&row).unwrap();
        writer_session.commit_transaction().unwrap();
        BETWEEN_MARK_AND_PUBLISH.with(|h| *h.borrow_mut() = None);
        assert_eq!(*in_between.borrow(), vec![false]);
        assert!(
            found(&mut reader.borrow_mut()),
            "published, the commit is seen"
        );
        drop(w);
        drop(reader);
        drop(db);
        inst.term().unwrap();
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// The same for the catalog: a table whose creating transaction is marked
    /// committed but not yet published is not among the tables "as committed now".
    #[test]
    fn a_created_table_is_listed_only_once_its_commit_is_published() {
        use crate::version::BETWEEN_MARK_AND_PUBLISH;
        use std::cell::RefCell;
        use std::rc::Rc;
        let dir = std::env::temp_dir().join(format!("ese-publish-ddl-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let inst = Instance::new(InstanceOptions::in_dir(&dir)).unwrap();
        let db = inst
            .create_database(dir.join("t.edb"), CreateOptions::default())
            .unwrap();
        let def = parse_schema(SCHEMA)
            .unwrap()
            .table_defs()
            .unwrap()
            .remove(0);
        let s = inst.begin_session().unwrap();
        let in_between: Rc<RefCell<Vec<(bool, bool)>>> = Rc::default();
        {
            let (db, in_between) = (db.clone(), in_between.clone());
            BETWEEN_MARK_AND_PUBLISH.with(|h| {
                *h.borrow_mut() = Some(Box::new(move || {
                    let listed = db.table_names().iter().any(|n| n == "t");
                    in_between
                        .borrow_mut()
                        .push((listed, db.table("t").is_ok()));
                }));
            });
        }
        s.begin_transaction().unwrap();
        s.create_table(&db, def).unwrap();
        s.commit_transaction().unwrap();
        BETWEEN_MARK_AND_PUBLISH.with(|h| *h.borrow_mut() = None);
        assert_eq!(*in_between.borrow(), vec![(false, false)]);
        assert!(db.table("t").is_ok(), "published, the table is there");
        drop(db);
        inst.term().unwrap();
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Cleanup of inserts' versions goes on while another thread holds the writer
    /// lock; a delete's cleanup (which may remove its node) waits for the lock.
    #[test]
    fn inserts_clean_up_without_the_writer_lock_and_deletes_wait_for_it() {
        let dir = std::env::temp_dir().join(format!("ese-plain-clean-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let inst = Instance::new(InstanceOptions {
            system_path: dir.clone(),
            log_path: dir.clone(),
            ..InstanceOptions::default()
        })
        .unwrap();
        let mut db = inst
            .create_database(dir.join("t.edb"), CreateOptions::default())
            .unwrap();
        db.create_table_spec(&parse_schema(SCHEMA).unwrap().tables[0])
            .unwrap();
        let writer = db.writer().unwrap().clone();
        // Cleanup runs only when called below.
        writer.stop_cleanup();
        let s = inst.begin_session().unwrap();
        let mut c = s.open_table(&db, "t").unwrap();
        s.begin_transaction().unwrap();
        for id in 0..50 {
            let mut row = Row::new();
            row.set(1, RowValue::One(Cell::Value(Value::Long(id))));
            row.set(2, RowValue::One(Cell::Value(Value::Long(id * 2))));
            c.insert_row(&row).unwrap();
        }
        s.commit_transaction().unwrap();
        assert_eq!(writer.versions.pending_cleanup(), 1);
        assert!(writer.versions.manager().bytes() > 0);

        let cleaned = |w: &std::sync::Arc<super::Writer>| {
            let (tx, rx) = mpsc::channel();
            let w = w.clone();
            std::thread::spawn(move || tx.send(w.cleanup().is_ok()).unwrap());
            rx
        };
        {
            let _held = writer.state.lock();
            let rx = cleaned(&writer);
            assert_eq!(rx.recv_timeout(Duration::from_secs(20)), Ok(true));
            assert_eq!(writer.versions.pending_cleanup(), 0);
            assert_eq!(writer.versions.manager().bytes(), 0);
        }

        s.begin_transaction().unwrap();
        c.make_key(&[Some(Value::Long(7))], KeyLimit::None).unwrap();
        c.seek(SeekGrbit::Eq).unwrap();
        c.delete().unwrap();
        s.commit_transaction().unwrap();
        assert_eq!(writer.versions.pending_cleanup(), 1);
        let held = writer.state.lock();
        let rx = cleaned(&writer);
        assert!(
            rx.recv_timeout(Duration::from_millis(300)).is_err(),
            "a delete's cleanup ran without the writer lock"
        );
        drop(held);
        assert_eq!(rx.recv_timeout(Duration::from_secs(20)), Ok(true));
        assert_eq!(writer.versions.pending_cleanup(), 0);
        assert_eq!(writer.versions.manager().bytes(), 0);
        db.check().unwrap();
        let mut left = 0;
        let mut r = c.move_first();
        while r.is_ok() {
            left += 1;
            r = c.move_next();
        }
        assert_eq!(left, 49);

        drop(c);
        drop(s);
        drop(db);
        inst.term().unwrap();
        let _ = std::fs::remove_dir_all(&dir);
    }
}
