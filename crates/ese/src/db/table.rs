//! Tables, records and typed column values over the read path.
//!
//! What must hold: a value that cannot be decoded (an unknown compression
//! scheme, an encrypted column) is returned as [`Datum::Undecodable`] with its
//! raw bytes, and the rest of the record still reads; damaged structures are
//! errors, never garbage values.

use super::tree::{Entry, TreeCursor};
use super::DbInner;
use super::SessionCore;
use crate::catalog::{index_flags, ColumnDef, IndexDef, TableDef};
use crate::format::coltype::{decode_value, Value};
use crate::format::compress;
use crate::format::lv::{decode_lv_key, lv_root_key, Lid, LvRoot};
use crate::format::page::node_flags;
use crate::format::record::{
    split_values, tagged_entry_order, Field, FieldValue, RawRecord, TaggedField, TaggedFlags,
};
use crate::record::{search_key_onto, Cell, Row, RowValue};
use crate::version::{NodeRef, PinToken, Seen, Snapshot, UndoReadGuard, VersionStore};
use crate::{Error, ErrorCode, Result};
use std::borrow::Cow;
use std::sync::Arc;

/// One stored value of a column, decoded or not.
#[derive(Debug, Clone, PartialEq)]
pub enum Datum {
    /// A decoded value.
    Value(Value),
    /// A value stored in a form this engine cannot decode; its raw bytes as stored.
    Undecodable {
        /// Why it could not be decoded.
        code: ErrorCode,
        /// What was met (e.g. the compression scheme).
        detail: String,
        /// The bytes as stored.
        raw: Vec<u8>,
    },
}

/// How a record holds one column, whatever its value: what tells a column the
/// record leaves to its default from one set to NULL over a default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// The record does not hold the column: its default value applies (NULL if it has
    /// none).
    NotInRecord,
    /// The record holds the column as NULL, which overrides a default.
    Null,
    /// The record holds a value (or, for a multi-valued column, values).
    Set,
}

/// The value of one column in one record.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnValue {
    /// No value.
    Null,
    /// One value.
    Single(Datum),
    /// Several values of a multi-valued column, in itagSequence order.
    Multi(Vec<Datum>),
}

impl ColumnValue {
    /// Whether the column is NULL.
    pub fn is_null(&self) -> bool {
        matches!(self, ColumnValue::Null)
    }
    /// The first value, if it was decoded.
    pub fn first(&self) -> Option<&Value> {
        match self {
            ColumnValue::Single(Datum::Value(v)) => Some(v),
            ColumnValue::Multi(v) => match v.first() {
                Some(Datum::Value(v)) => Some(v),
                _ => None,
            },
            _ => None,
        }
    }
    /// Value `n` (from 0) taken out, if the column has that many.
    pub fn into_nth(self, n: usize) -> Option<Datum> {
        match self {
            ColumnValue::Null => None,
            ColumnValue::Single(d) => (n == 0).then_some(d),
            ColumnValue::Multi(mut v) => (n < v.len()).then(|| v.swap_remove(n)),
        }
    }
    /// Every value (empty when NULL).
    pub fn data(&self) -> Vec<&Datum> {
        match self {
            ColumnValue::Null => Vec::new(),
            ColumnValue::Single(d) => vec![d],
            ColumnValue::Multi(v) => v.iter().collect(),
        }
    }
}

/// How [`Table::seek`] positions relative to the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeekOp {
    /// The first entry whose key equals the key (a prefix when fewer segments are given).
    Eq,
    /// The first entry whose key is at or after the key.
    Ge,
    /// The first entry whose key is after the key (and not starting with it).
    Gt,
}

thread_local! {
    /// The key buffer of this thread's point reads ([`Table::with_key`]).
    static KEY_BUFFER: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// An open table: what it reads is what its session sees (its transaction's
/// snapshot plus its own changes), or, without a session or outside a
/// transaction, every committed change.
#[derive(Clone)]
pub struct Table {
    core: Arc<TableCore>,
    pin: Option<Arc<TablePin>>,
}

/// What a [`Table`] handle reads: its database, definition and session. One
/// reference per handle: a point read copies the handle for its record, and a
/// count in the database or the definition would be written by every reader of
/// the table on every read, where this one is written by the handle's own
/// thread.
struct TableCore {
    db: Arc<DbInner>,
    def: Arc<TableDef>,
    session: Option<Arc<SessionCore>>,
}

/// The snapshot a [`Table`] copy reads with outside transactions
/// ([`Table::pinned`]), given back when the last copy goes.
struct TablePin {
    core: Arc<TableCore>,
    token: PinToken,
}

impl Drop for TablePin {
    fn drop(&mut self) {
        if let Some(w) = &self.core.db.writer {
            w.versions.manager().unpin(self.token);
        }
    }
}

/// What `JetComputeStats` gathers of one index tree ([`Table::index_stats`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IndexStats {
    /// Entries (a record once per key of it; flag-deleted nodes are not entries).
    pub entries: u64,
    /// Distinct keys.
    pub keys: u64,
    /// Leaf pages holding the entries.
    pub pages: u64,
}

/// A walk along the leaves of one tree: over the read path's pages for a database
/// open read-only, through the B-tree layer's cursor (which finds its place again
/// after concurrent changes) for one open for writing.
enum Walk {
    Pages(TreeCursor),
    Tree {
        cur: crate::btree::Cursor,
        /// Where the first step goes: `None` the first entry, else the first at or
        /// after the key; taken by the first step.
        start: Option<Option<Vec<u8>>>,
        /// Entries read ahead from the cursor's leaf, already as the reader sees
        /// them (the cursor is on the last one read).
        ahead: std::collections::VecDeque<Entry>,
        /// Whether to read the rest of each leaf at once (scans; not point reads).
        read_ahead: bool,
    },
}

impl Walk {
    /// A walk for a scan: from the first entry, or from the first at or after `key`.
    fn new(t: &Table, root: u32, key: Option<&[u8]>) -> Result<Walk> {
        Walk::with(t, root, key, true)
    }

    /// A walk for a point read: the first entry at or after `key`, and perhaps a few
    /// more.
    fn point(t: &Table, root: u32, key: &[u8]) -> Result<Walk> {
        Walk::with(t, root, Some(key), false)
    }

    fn with(t: &Table, root: u32, key: Option<&[u8]>, read_ahead: bool) -> Result<Walk> {
        match &t.core.db.writer {
            Some(w) => Ok(Walk::Tree {
                cur: w.tree_cursor(root, crate::btree::DEFAULT_DENSITY)?,
                start: Some(key.map(<[u8]>::to_vec)),
                ahead: std::collections::VecDeque::new(),
                read_ahead,
            }),
            None => Ok(Walk::Pages(match key {
                None => TreeCursor::first(&t.core.db.pager, root)?,
                Some(k) => TreeCursor::seek(&t.core.db.pager, root, k)?,
            })),
        }
    }

    /// The leaf page of the entry last returned (none before the first).
    fn page(&self) -> Option<u32> {
        match self {
            Walk::Pages(c) => c.page(),
            Walk::Tree { cur, .. } => cur.page(),
        }
    }

    /// One step of a B-tree walk: to its start on the first call, else to the next
    /// entry.
    fn step(
        cur: &mut crate::btree::Cursor,
        start: &mut Option<Option<Vec<u8>>>,
    ) -> Result<Option<crate::btree::Entry>> {
        match start.take() {
            Some(None) => cur.first(),
            Some(Some(k)) => cur.seek(crate::btree::SeekOp::Ge, &k, None),
            None => cur.next(),
        }
    }

    /// The next node as its page holds it (for trees without versions: long values).
    fn next_raw(&mut self, pager: &super::pager::Pager) -> Result<Option<Entry>> {
        match self {
            Walk::Pages(c) => c.next_entry(pager),
            Walk::Tree { cur, start, .. } => {
                let e = Walk::step(cur, start)?;
                Ok(e.map(|e| Entry {
                    key: e.key,
                    data: e.data,
                    flags: e.flags,
                }))
            }
        }
    }

    /// The next entry `t`'s reader sees (its versions resolved), reading the rest of
    /// a leaf at once.
    fn next_seen(&mut self, t: &Table, root: u32) -> Result<Option<Entry>> {
        match self {
            Walk::Pages(c) => loop {
                let vis = t.visibility(root);
                let Some(e) = c.next_entry(&t.core.db.pager)? else {
                    return Ok(None);
                };
                if let Some(e) = vis.see(e) {
                    return Ok(Some(e));
                }
            },
            Walk::Tree {
                cur,
                start,
                ahead,
                read_ahead,
            } => loop {
                if let Some(e) = ahead.pop_front() {
                    return Ok(Some(e));
                }
                // Entries are resolved under the same hold of the undo lock that
                // copied them out of their pages.
                let vis = t.visibility(root);
                let e = Walk::step(cur, start)?;
                let Some(e) = e else { return Ok(None) };
                if !*read_ahead {
                    // A point read: no queue to fill.
                    match vis.see(Entry::from(e)) {
                        Some(e) => return Ok(Some(e)),
                        None => continue,
                    }
                }
                let mut run = vec![e];
                cur.rest_of_leaf(&mut run)?;
                for e in run {
                    let e = Entry {
                        key: e.key,
                        data: e.data,
                        flags: e.flags,
                    };
                    if let Some(e) = vis.see(e) {
                        ahead.push_back(e);
                    }
                }
            },
        }
    }
}

/// What one reader sees of one tree's nodes; holds the version store's undo lock
/// shared while it lives, so take it before copying nodes out of their pages.
pub(crate) struct Visibility<'a> {
    versions: Option<&'a VersionStore>,
    snapshot: Snapshot,
    root: u32,
    unique: bool,
    _guard: Option<UndoReadGuard<'a>>,
}

impl Visibility<'_> {
    /// The data the reader sees of node `(key, data)` with node flags `flags`;
    /// `None` when the node does not exist for it.
    pub(crate) fn see_parts(&self, key: &[u8], data: Vec<u8>, flags: u8) -> Option<Vec<u8>> {
        match self.see_in_place(key, &data, flags) {
            Seen::Page => Some(data),
            Seen::Absent => None,
            Seen::Data(d) => Some(d),
        }
    }

    /// What the reader sees of node `(key, data)` with node flags `flags`, read where it
    /// lies: the node as it is ([`Seen::Page`], never for a flag-deleted node), absent, or
    /// other data from its versions. The versions' lock is a leaf lock: this may run while
    /// a page is latched.
    pub(crate) fn see_in_place(&self, key: &[u8], data: &[u8], flags: u8) -> Seen {
        let deleted = flags & node_flags::DELETED != 0;
        let seen = match self.versions {
            None => Seen::Page,
            Some(v) => v.read(
                NodeRef::new(self.root, self.unique, key, data),
                (!deleted).then_some(data),
                self.snapshot,
            ),
        };
        match seen {
            Seen::Page if deleted => Seen::Absent,
            s => s,
        }
    }

    /// [`Visibility::see_parts`] for a read-path entry.
    pub(crate) fn see(&self, mut e: Entry) -> Option<Entry> {
        let data = std::mem::take(&mut e.data);
        let d = self.see_parts(&e.key, data, e.flags)?;
        e.data = d;
        e.flags &= !node_flags::DELETED;
        Some(e)
    }

    /// [`Visibility::see_parts`] for a B-tree cursor's entry.
    pub(crate) fn see_bt(&self, mut e: crate::btree::Entry) -> Option<crate::btree::Entry> {
        let data = std::mem::take(&mut e.data);
        let d = self.see_parts(&e.key, data, e.flags)?;
        e.data = d;
        e.flags &= !node_flags::DELETED;
        Some(e)
    }
}

impl std::fmt::Debug for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table")
            .field("name", &self.def().name)
            .finish()
    }
}

impl Table {
    pub(crate) fn new(db: Arc<DbInner>, def: Arc<TableDef>) -> Table {
        Table {
            core: Arc::new(TableCore {
                db,
                def,
                session: None,
            }),
            pin: None,
        }
    }

    /// This table with a snapshot of its own for reads outside a transaction
    /// (the session's transaction's otherwise), kept while the copy lives: reads
    /// that span several nodes (an index entry and its record, a record and its
    /// long values) then see one state.
    pub(crate) fn pinned(&self) -> Table {
        let in_txn = self
            .core
            .session
            .as_ref()
            .is_some_and(|s| s.snapshot().txn != 0);
        match &self.core.db.writer {
            Some(w) if self.pin.is_none() && !in_txn => Table {
                core: self.core.clone(),
                pin: Some(Arc::new(TablePin {
                    core: self.core.clone(),
                    token: w.versions.manager().pin_token(),
                })),
            },
            _ => self.clone(),
        }
    }

    /// This table read through `session`.
    pub(crate) fn in_session(self, session: Option<Arc<SessionCore>>) -> Table {
        let core = TableCore {
            db: self.core.db.clone(),
            def: self.core.def.clone(),
            session,
        };
        Table {
            core: Arc::new(core),
            pin: self.pin,
        }
    }

    /// The database the table belongs to.
    pub(super) fn db_inner(&self) -> &Arc<DbInner> {
        &self.core.db
    }

    /// The session the table is read through.
    pub(crate) fn session(&self) -> Option<&Arc<SessionCore>> {
        self.core.session.as_ref()
    }

    /// What the table's reader sees now.
    pub(crate) fn snapshot(&self) -> Snapshot {
        if let Some(snap) = self.core.session.as_ref().map(|s| s.snapshot()) {
            if snap.txn != 0 {
                return snap;
            }
        }
        match &self.pin {
            Some(p) => Snapshot {
                txn: 0,
                ts: p.token.ts,
            },
            None => self.core.db.committed_now(),
        }
    }

    /// Whether the tree at `root` (the table's or one of its indexes') has unique keys.
    fn tree_unique(&self, root: u32) -> bool {
        let def = self.def();
        if root == def.root {
            return true;
        }
        def.indexes
            .iter()
            .find(|ix| ix.root == root)
            .is_none_or(|ix| ix.is_primary() || ix.flags & index_flags::UNIQUE != 0)
    }

    /// What this table's reader sees of the tree at `root`, from now on.
    pub(crate) fn visibility(&self, root: u32) -> Visibility<'_> {
        let versions = self.core.db.writer.as_ref().map(|w| &w.versions);
        Visibility {
            versions,
            snapshot: self.snapshot(),
            root,
            unique: self.tree_unique(root),
            _guard: versions.map(|v| v.undo_lock.read()),
        }
    }

    /// The next entry of `cur` (on the tree at `root`) this table's reader sees.
    fn next_seen(&self, cur: &mut Walk, root: u32) -> Result<Option<Entry>> {
        cur.next_seen(self, root)
    }

    /// The table's definition: columns, indexes, trees.
    pub fn def(&self) -> &TableDef {
        &self.core.def
    }

    /// The shared definition this handle reads with.
    pub(crate) fn def_arc(&self) -> &Arc<TableDef> {
        &self.core.def
    }

    /// The table's name.
    pub fn name(&self) -> &str {
        &self.def().name
    }

    fn large(&self) -> bool {
        self.core.db.pager.page_size() > 8192
    }

    /// The pager this table's pages are read through.
    pub(super) fn pager(&self) -> &super::pager::Pager {
        &self.core.db.pager
    }

    /// Every record in primary-index order.
    pub fn records(&self) -> Result<Records> {
        let this = self.pinned();
        let this = &this;
        let cur = Walk::new(this, this.def().root, None)?;
        Ok(Records {
            table: this.clone(),
            inner: RecordsInner::Primary(cur),
        })
    }

    /// Counts the records this table's reader sees.
    pub fn count(&self) -> Result<u64> {
        let this = self.pinned();
        let this = &this;
        let root = this.def().root;
        let mut cur = Walk::new(this, root, None)?;
        let mut n = 0;
        while this.next_seen(&mut cur, root)?.is_some() {
            n += 1;
        }
        Ok(n)
    }

    fn index_def(&self, name: &str) -> Result<&IndexDef> {
        self.def().index(name).ok_or_else(|| {
            Error::with(
                ErrorCode::IndexNotFound,
                format!("table {} has no index {name:?}", self.name()),
            )
        })
    }

    /// What `JetComputeStats` gathers of index `index` (ESE's `ErrBTComputeStats`), as
    /// this reader sees the index: its entries, its distinct keys, and the leaf pages
    /// holding them. `JET_errIndexNotFound` for an unknown name.
    pub fn index_stats(&self, index: &str) -> Result<IndexStats> {
        let root = self.index_def(index)?.root;
        self.tree_stats(root)
    }

    /// [`Table::index_stats`] of the tree holding the records (the primary index, or
    /// the sequential one): ESE's table statistics, whose pages are `JET_OBJECTINFO`'s
    /// `cPage`.
    pub fn record_stats(&self) -> Result<IndexStats> {
        self.tree_stats(self.def().root)
    }

    fn tree_stats(&self, root: u32) -> Result<IndexStats> {
        self.tree_sizes(root).map(|(stats, _)| stats)
    }

    /// [`Table::record_stats`] of the table's long-value tree, and the bytes of its
    /// entries' data as stored (chunks, compressed ones as compressed, and each long
    /// value's root); zeros for a table without one.
    pub(crate) fn long_value_sizes(&self) -> Result<(IndexStats, u64)> {
        match self.def().lv_root.or_else(|| self.writer_lv_root()) {
            Some(root) => self.tree_sizes(root),
            None => Ok((IndexStats::default(), 0)),
        }
    }

    /// The statistics of the tree at `root` (see [`Table::index_stats`]) and the
    /// bytes of its entries' data.
    fn tree_sizes(&self, root: u32) -> Result<(IndexStats, u64)> {
        let this = self.pinned();
        let this = &this;
        // No read-ahead: the walk stays on the entry it returned, so its page is known.
        let mut cur = Walk::with(this, root, None, false)?;
        let mut stats = IndexStats::default();
        let mut bytes = 0u64;
        let (mut last_key, mut last_page) = (None::<Vec<u8>>, None);
        while let Some(e) = this.next_seen(&mut cur, root)? {
            stats.entries += 1;
            bytes += e.data.len() as u64;
            if last_key.as_deref() != Some(&e.key[..]) {
                stats.keys += 1;
                last_key = Some(e.key);
            }
            let page = cur.page();
            if page != last_page || page.is_none() {
                stats.pages += 1;
                last_page = page;
            }
        }
        Ok((stats, bytes))
    }

    /// An empty sort for an index build or check over this table: in memory up to the
    /// database's [`super::Database::set_sort_memory`], past it in runs in its
    /// [`super::Database::set_temp_folder`] folder.
    pub(super) fn sort_entries(&self) -> super::sort::Entries {
        let db = &self.core.db;
        let (fs, dir) = db.temp_folder.lock().clone();
        super::sort::Entries::with_budget(
            db.sort_memory.load(std::sync::atomic::Ordering::Relaxed),
            fs,
            dir,
        )
    }

    /// The entries of index `index` in its stored key order: (key, primary bookmark).
    pub fn index_entries(&self, index: &str) -> Result<IndexEntries> {
        let this = self.pinned();
        let this = &this;
        let def = this.index_def(index)?.clone();
        let cur = Walk::new(this, def.root, None)?;
        Ok(IndexEntries {
            table: this.clone(),
            primary: def.is_primary(),
            root: def.root,
            cur,
        })
    }

    /// Every record in the order of index `index` (a secondary index lists a
    /// record once per entry, as ESE does for multi-valued keys).
    pub fn records_by_index(&self, index: &str) -> Result<Records> {
        let this = self.pinned();
        let this = &this;
        let def = this.index_def(index)?;
        if def.is_primary() {
            return this.records();
        }
        let entries = this.index_entries(index)?;
        Ok(Records {
            table: this.clone(),
            inner: RecordsInner::Secondary(entries),
        })
    }

    /// The number of indexes of the table, the primary or sequential index counted as
    /// one: what `JetGetIndexInfo(JET_IdxInfoCount)` returns (`info.cxx`).
    pub fn index_count(&self) -> usize {
        1 + self
            .def()
            .indexes
            .iter()
            .filter(|ix| !ix.is_primary())
            .count()
    }

    /// The number of entries of index `index` (flag-deleted nodes are not entries): the
    /// records it lists, a record once per key (several times for a multi-valued key).
    /// What `JetIndexRecordCount` gives on a cursor just set to the index, without a
    /// limit. `JET_errIndexNotFound` for an unknown name.
    pub fn index_entry_count(&self, index: &str) -> Result<u64> {
        let this = self.pinned();
        let this = &this;
        let root = this.index_def(index)?.root;
        let mut cur = Walk::new(this, root, None)?;
        let mut n = 0;
        while this.next_seen(&mut cur, root)?.is_some() {
            n += 1;
        }
        Ok(n)
    }

    /// Normalizes `values` (one per leading key segment) into a key of `index`.
    ///
    /// Unicode text is normalized by this engine's own collation, so an index whose
    /// catalog entry records another (a foreign index, every Unicode index of a file
    /// Windows wrote) is refused: `JET_errSecondaryIndexCorrupted` (-1414), or
    /// `JET_errPrimaryIndexCorrupted` (-1413) for the primary index.
    pub fn make_key(&self, index: &str, values: &[Option<Value>]) -> Result<Vec<u8>> {
        let mut key = Vec::new();
        self.make_key_into(self.index_def(index)?, values, &mut key)?;
        Ok(key)
    }

    /// Runs `f` on the key of `values` for index `def` ([`Table::make_key_into`]),
    /// made into a buffer this thread keeps from read to read.
    fn with_key<R>(
        &self,
        def: &IndexDef,
        values: &[Option<Value>],
        f: impl FnOnce(&[u8]) -> Result<R>,
    ) -> Result<R> {
        let mut key = KEY_BUFFER.take();
        key.clear();
        let r = self
            .make_key_into(def, values, &mut key)
            .and_then(|()| f(&key));
        KEY_BUFFER.set(key);
        r
    }

    /// [`Table::make_key`] for an index already looked up, onto the end of `out`
    /// (empty): the key `JetMakeKey` makes ([`search_key`]: each value as a record
    /// holds it, a fixed column's padded), and the empty key (every entry starts with
    /// it) for no values.
    fn make_key_into(
        &self,
        def: &IndexDef,
        values: &[Option<Value>],
        out: &mut Vec<u8>,
    ) -> Result<()> {
        self.def().check_index_keys(def)?;
        if values.len() > def.segments.len() {
            return Err(Error::with(
                ErrorCode::InvalidParameter,
                format!(
                    "index {} has {} key segments, {} values given",
                    def.name,
                    def.segments.len(),
                    values.len()
                ),
            ));
        }
        if values.is_empty() {
            return Ok(());
        }
        search_key_onto(self.def(), def, values, out)
    }

    /// Seeks index `index` by key values; returns the first matching record.
    pub fn seek(
        &self,
        index: &str,
        values: &[Option<Value>],
        op: SeekOp,
    ) -> Result<Option<Record>> {
        let def = self.index_def(index)?;
        self.with_key(def, values, |key| self.seek_key(def, key, op))
    }

    /// [`Table::seek`] of index `def` by `key`, made of the values sought.
    fn seek_key(&self, def: &IndexDef, key: &[u8], op: SeekOp) -> Result<Option<Record>> {
        let this = self.pinned();
        let (root, primary) = (def.root, def.is_primary());
        let settled = |e: &Entry| match op {
            SeekOp::Eq => Some(e.key.starts_with(key)),
            SeekOp::Ge => Some(true),
            SeekOp::Gt => (!e.key.starts_with(key)).then_some(true),
        };
        match this.point_read(root, key, settled)? {
            // The pinned copy becomes the record's table: no second clone.
            Some(e) => this.into_record(primary, e).map(Some),
            None => Ok(None),
        }
    }

    /// Seeks index `index` by key values as [`Table::seek`] does and puts the first value
    /// of column `col` of the record found into `buf` (cleared first), as
    /// `JetRetrieveColumn` gives it: the bytes stored (a long value read whole, a
    /// compressed one decompressed, the default's bytes for a column the record leaves to
    /// it). `None` when no record matches; `Some(false)` when the column is NULL in it
    /// (`buf` empty), `Some(true)` when `buf` holds its value.
    ///
    /// A point read of a whole key of the primary index (the usual `JetMakeKey`,
    /// `JetSeek(JET_bitSeekEQ)`, `JetRetrieveColumn` of one fixed or variable column) is
    /// answered in place: the record is read in its leaf, under the leaf's latch, and only
    /// the column's bytes are copied, into the caller's buffer (so a buffer kept from read
    /// to read costs no allocation); nothing else of the record is copied or decoded.
    /// Every other read goes as [`Table::seek`] and [`Record::stored_values`]. Errors:
    /// those of [`Table::seek`], and of a damaged record.
    pub fn seek_column(
        &self,
        index: &str,
        values: &[Option<Value>],
        op: SeekOp,
        col: &ColumnDef,
        buf: &mut Vec<u8>,
    ) -> Result<Option<bool>> {
        buf.clear();
        let def = self.index_def(index)?;
        let whole_key = values.len() == def.segments.len();
        self.with_key(def, values, |key| {
            if let Some(found) = self.seek_column_in_place(def, key, whole_key, op, col, buf)? {
                return Ok(Some(found));
            }
            let Some(rec) = self.seek_key(def, key, op)? else {
                return Ok(None);
            };
            match rec.stored_values(col)?.into_iter().next() {
                Some(v) => {
                    buf.extend_from_slice(&v);
                    Ok(Some(true))
                }
                None => Ok(Some(false)),
            }
        })
    }

    /// [`Table::seek_column`]'s read in place of index `def` by `key` (made of a value
    /// for every segment when `whole_key`): `None` when the read is not one it takes (see
    /// there) or the leaf has no entry with the key that this reader sees as it is stored
    /// there.
    fn seek_column_in_place(
        &self,
        def: &IndexDef,
        key: &[u8],
        whole_key: bool,
        op: SeekOp,
        col: &ColumnDef,
        buf: &mut Vec<u8>,
    ) -> Result<Option<bool>> {
        let Some(w) = &self.core.db.writer else {
            return Ok(None);
        };
        if op != SeekOp::Eq || !def.is_primary() || col.is_tagged() || !whole_key {
            return Ok(None);
        }
        let vis = self.visibility(def.root);
        let large = self.large();
        // The entry's key is the key sought (`with_entry_at` finds only that one).
        let read = |(_, d, flags): crate::format::page::NodeParts<'_>| -> Result<Option<bool>> {
            match vis.see_in_place(key, d, flags) {
                Seen::Page => plain_column_into(d, large, col, buf).map(Some),
                Seen::Data(v) => plain_column_into(&v, large, col, buf).map(Some),
                Seen::Absent => Ok(None),
            }
        };
        let found = w.with_tree(def.root, crate::btree::DEFAULT_DENSITY, |t| {
            t.with_entry_at(key, read)
        })??;
        Ok(found.flatten())
    }

    /// A point read in the tree at `root`: the entries this reader sees from the
    /// first at or after `key` on, until `settled` tells of one that it is the
    /// answer (`Some(true)`) or that there is none (`Some(false)`); `None` from
    /// `settled` goes on to the next entry.
    fn point_read(
        &self,
        root: u32,
        key: &[u8],
        settled: impl Fn(&Entry) -> Option<bool>,
    ) -> Result<Option<Entry>> {
        if let Some(w) = &self.core.db.writer {
            // Most point reads end at the first entry: it is read without keeping
            // a position, and only when it does not settle the read (not seen by
            // this reader, or one to step over) does the walk below start again.
            let vis = self.visibility(root);
            let first = w.with_tree(root, crate::btree::DEFAULT_DENSITY, |t| {
                t.peek_ge(key, None)
            })??;
            let Some(first) = first else {
                return Ok(None);
            };
            if let Some(e) = vis.see(Entry::from(first)) {
                match settled(&e) {
                    Some(true) => return Ok(Some(e)),
                    Some(false) => return Ok(None),
                    None => {}
                }
            }
        }
        let mut cur = Walk::point(self, root, key)?;
        while let Some(e) = self.next_seen(&mut cur, root)? {
            match settled(&e) {
                Some(true) => return Ok(Some(e)),
                Some(false) => return Ok(None),
                None => continue,
            }
        }
        Ok(None)
    }

    /// Every record whose key in `index` starts with the key made of `values`.
    ///
    /// A foreign index (Unicode text keys of another collation, such as Windows sort
    /// keys) cannot be searched by key; it is then walked in its stored order and each
    /// record's values are compared, text case-insensitively as the index compares it.
    pub fn find_all(&self, index: &str, values: &[Option<Value>]) -> Result<Vec<Record>> {
        let this = self.pinned();
        let this = &this;
        if this.def().is_foreign_index(this.index_def(index)?) {
            return this.find_all_by_scan(index, values);
        }
        let key = this.make_key(index, values)?;
        let def = this.index_def(index)?.clone();
        let mut cur = Walk::new(this, def.root, Some(&key))?;
        let mut out = Vec::new();
        while let Some(e) = this.next_seen(&mut cur, def.root)? {
            if !e.key.starts_with(&key) {
                break;
            }
            out.push(this.clone().into_record(def.is_primary(), e)?);
        }
        Ok(out)
    }

    fn find_all_by_scan(&self, index: &str, values: &[Option<Value>]) -> Result<Vec<Record>> {
        let def = self.index_def(index)?.clone();
        let mut out: Vec<Record> = Vec::new();
        for rec in self.records_by_index(index)? {
            let rec = rec?;
            let mut all = true;
            for (seg, want) in def.segments.iter().zip(values) {
                let col = self.def().column_by_id(seg.column_id).ok_or_else(|| {
                    Error::with(
                        ErrorCode::CatalogCorrupted,
                        format!("index {index} names unknown column {}", seg.column_id),
                    )
                })?;
                let have = rec.value(col)?;
                let ok = match want {
                    None => have.is_null(),
                    Some(want) => have.data().iter().any(|d| match d {
                        Datum::Value(v) => values_match(v, want),
                        Datum::Undecodable { .. } => false,
                    }),
                };
                if !ok {
                    all = false;
                    break;
                }
            }
            if all && !out.iter().any(|r| r.key == rec.key) {
                out.push(rec);
            }
        }
        Ok(out)
    }

    /// The long-value tree a writer created after this handle's catalog was read.
    pub(super) fn writer_lv_root(&self) -> Option<u32> {
        self.core
            .db
            .writer
            .as_ref()
            .and_then(|w| w.lv_root(self.def().objid))
    }

    /// The record stored as `key` and `data` in this table's tree (read elsewhere).
    pub(super) fn record_from(&self, key: Vec<u8>, data: Vec<u8>) -> Record {
        Record {
            table: self.clone(),
            key,
            data,
            lvs: None,
        }
    }

    /// The record with primary bookmark `bookmark`, or `JET_errRecordNotFound`.
    pub fn record_at(&self, bookmark: &[u8]) -> Result<Record> {
        let this = self.pinned();
        let root = this.def().root;
        // The first entry this reader sees at or after the bookmark settles it.
        if let Some(e) = this.point_read(root, bookmark, |e| Some(e.key == bookmark))? {
            return Ok(Record {
                table: this,
                key: e.key,
                data: e.data,
                lvs: None,
            });
        }
        Err(Error::with(
            ErrorCode::RecordNotFound,
            "no record with this bookmark",
        ))
    }

    /// Looks a record up by its primary bookmark (the primary key), as an index
    /// entry names it: a missing record means the index is damaged.
    pub fn record_by_bookmark(&self, bookmark: &[u8]) -> Result<Record> {
        self.record_at(bookmark).map_err(|e| {
            if e.code() == ErrorCode::RecordNotFound {
                Error::with(
                    ErrorCode::SecondaryIndexCorrupted,
                    "an index entry points to a record that does not exist",
                )
            } else {
                e
            }
        })
    }

    /// The record entry `e` of an index leads to: the entry itself in the
    /// primary index (this table becomes the record's), else the record its
    /// bookmark names.
    fn into_record(self, primary: bool, e: Entry) -> Result<Record> {
        if primary {
            Ok(Record {
                table: self,
                key: e.key,
                data: e.data,
                lvs: None,
            })
        } else {
            self.record_by_bookmark(&e.data)
        }
    }

    /// The root node of long value `lid` in the table's long-value tree, and a walk
    /// positioned just after it (on the value's chunks). `JET_errLVCorrupted` when the
    /// table has no long-value tree or the value no live root.
    fn long_value_root(&self, lid: Lid) -> Result<(Walk, Entry)> {
        let lv_root = self.def().lv_root.or_else(|| self.writer_lv_root());
        let lv_root = lv_root.ok_or_else(|| {
            Error::with(
                ErrorCode::LVCorrupted,
                format!(
                    "table {} has a separated value but no long-value tree",
                    self.name()
                ),
            )
        })?;
        let root_key = lv_root_key(lid);
        let mut cur = Walk::new(self, lv_root, Some(&root_key))?;
        loop {
            match cur.next_raw(&self.core.db.pager)? {
                Some(e) if e.key == root_key && e.is_deleted() => continue,
                Some(e) if e.key == root_key => return Ok((cur, e)),
                _ => {
                    return Err(Error::with(
                        ErrorCode::LVCorrupted,
                        format!("long value {lid:?} not found"),
                    ))
                }
            }
        }
    }

    /// Reads long value `lid` whole from the table's long-value tree.
    ///
    /// Chunks are compressed one by one; a chunk is compressed exactly when it is
    /// shorter than the chunk size it stands for (ESE's rule). The inner result is
    /// `Err((why, stored bytes))` when a chunk uses a scheme that cannot be decoded.
    pub(crate) fn read_long_value(&self, lid: Lid) -> Result<LongValue> {
        let _counted = crate::thread_stats::LongValueRead::start();
        let (mut cur, root_entry) = self.long_value_root(lid)?;
        let pager = &self.core.db.pager;
        self.assemble_long_value(lid, &root_entry.data, || loop {
            match cur.next_raw(pager)? {
                Some(e) if e.is_deleted() => continue,
                Some(e) => return Ok(Some((Cow::Owned(e.key), Cow::Owned(e.data)))),
                None => return Ok(None),
            }
        })
    }

    /// [`Table::read_long_value`] from `nodes`, the live nodes of the table's
    /// long-value tree a repair salvaged, instead of the tree: each chunk read from the
    /// page `nodes` places it on.
    pub(super) fn read_long_value_from(&self, lid: Lid, nodes: &LvNodes) -> Result<LongValue> {
        let root_key = lv_root_key(lid);
        let not_found = || {
            Error::with(
                ErrorCode::LVCorrupted,
                format!("long value {lid:?} not found"),
            )
        };
        let &(pgno, index) = nodes.places.get(&root_key).ok_or_else(not_found)?;
        // The page read last: a value's chunks are mostly on one page or a few.
        let mut last: Option<(u32, Vec<u8>)> = None;
        let mut data_at = move |pgno: u32, index: usize| -> Result<Vec<u8>> {
            if last.as_ref().is_none_or(|(p, _)| *p != pgno) {
                last = Some((pgno, (nodes.page)(pgno).ok_or_else(not_found)?));
            }
            let Some((_, bytes)) = &last else {
                return Err(not_found());
            };
            let page = crate::format::page::Page::new(bytes, pgno)?;
            let (_, d, _) = crate::btree::read::key_parts(&page, index)?;
            Ok(d.to_vec())
        };
        let root = data_at(pgno, index)?;
        let mut after = nodes.places.range::<Vec<u8>, _>((
            std::ops::Bound::Excluded(&root_key),
            std::ops::Bound::Unbounded,
        ));
        self.assemble_long_value(lid, &root, || match after.next() {
            Some((k, &(pgno, index))) => Ok(Some((
                Cow::Borrowed(&k[..]),
                Cow::Owned(data_at(pgno, index)?),
            ))),
            None => Ok(None),
        })
    }

    /// Long value `lid` from its root's data `root` and `next`, which gives the live
    /// nodes after the root in key order (its chunks first).
    fn assemble_long_value<'a>(
        &self,
        lid: Lid,
        root: &[u8],
        mut next: impl FnMut() -> Result<Option<(Cow<'a, [u8]>, Cow<'a, [u8]>)>>,
    ) -> Result<LongValue> {
        let root = LvRoot::decode(root)?;
        let size = root.size as usize;
        let chunk_max =
            crate::record::lv_chunk_size(self.def(), self.core.db.pager.page_size())?.max(1);
        let mut out = Vec::with_capacity(size.min(1 << 26));
        let mut stored = Vec::new();
        let mut undecodable: Option<Error> = None;
        while out.len() < size {
            let Some((key, data)) = next()? else {
                break;
            };
            let (elid, offset) = decode_lv_key(&key)?;
            if elid != lid {
                break;
            }
            let Some(offset) = offset else { continue };
            if offset as usize != out.len() {
                return Err(Error::with(
                    ErrorCode::LVCorrupted,
                    format!(
                        "long value {lid:?}: chunk at offset {offset}, expected {}",
                        out.len()
                    ),
                ));
            }
            let expected = chunk_max.min(size - out.len());
            stored.extend_from_slice(&data);
            if data.len() > expected {
                return Err(Error::with(
                    ErrorCode::LVCorrupted,
                    format!("long value {lid:?}: chunk at {offset} holds {} bytes, at most {expected} expected", data.len()),
                ));
            }
            if data.len() == expected {
                out.extend_from_slice(&data);
                continue;
            }
            match compress::decompress(&data) {
                Ok(d) if d.len() == expected => out.extend_from_slice(&d),
                Ok(d) => {
                    return Err(Error::with(
                        ErrorCode::LVCorrupted,
                        format!("long value {lid:?}: chunk at {offset} decompresses to {} bytes, {expected} expected", d.len()),
                    ))
                }
                Err(err) if err.code() == ErrorCode::FeatureNotAvailable => {
                    undecodable.get_or_insert(err);
                    // Keep positions consistent so the remaining chunks still line up.
                    out.resize(out.len() + expected, 0);
                }
                Err(err) => return Err(Error::with(ErrorCode::LVCorrupted, format!("long value {lid:?}: {err}"))),
            }
        }
        if out.len() != size {
            return Err(Error::with(
                ErrorCode::LVCorrupted,
                format!(
                    "long value {lid:?}: {} bytes found, {size} expected",
                    out.len()
                ),
            ));
        }
        Ok(match undecodable {
            None => Ok(out),
            Some(err) => Err((err, stored)),
        })
    }
}

impl Table {
    /// The sizes of long value `lid` as `JetGetRecordSize` counts them: (logical bytes,
    /// stored bytes, overhead: 4 bytes of tag, 2 of key count and the key per node,
    /// and the root's data), walking its root and chunks; with `root_only` its root alone
    /// (`ErrRECGetLVSize`'s `fLogicalOnly`: the stored bytes are the logical size, the
    /// overhead the root's).
    pub(crate) fn long_value_size(&self, lid: Lid, root_only: bool) -> Result<(u64, u64, u64)> {
        const NODE: u64 = 4 + 2;
        let (mut cur, e) = self.long_value_root(lid)?;
        let size = u64::from(LvRoot::decode(&e.data)?.size);
        let mut overhead = NODE + e.key.len() as u64 + e.data.len() as u64;
        if root_only {
            return Ok((size, size, overhead));
        }
        let mut stored = 0u64;
        while let Some(e) = cur.next_raw(&self.core.db.pager)? {
            if e.is_deleted() {
                continue;
            }
            let (elid, offset) = decode_lv_key(&e.key)?;
            if elid != lid {
                break;
            }
            if offset.is_none() {
                continue;
            }
            stored += e.data.len() as u64;
            overhead += NODE + e.key.len() as u64;
        }
        Ok((size, stored, overhead))
    }
}

/// How [`Record::size_with`] counts (`JetGetRecordSize2`'s grbits).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecordSizeOptions {
    /// Leave the long-value tree out (`JET_bitRecordSizeLocal`): separated values are
    /// counted, not their sizes.
    pub local: bool,
    /// Count compressed values in the record by their stored size, without decompressing
    /// them (`JET_bitRecordSizeIntrinsicPhysicalOnly`).
    pub intrinsic_physical_only: bool,
    /// Count each separated value by its root alone: its logical size, the root's overhead
    /// (`JET_bitRecordSizeExtrinsicLogicalOnly`).
    pub extrinsic_logical_only: bool,
}

/// What `JetGetRecordSize2` reports of one record (`JET_RECSIZE2`), counted as ESE's
/// `ErrRECIGetRecordSize` counts: overhead is the page's tag and key count (6 bytes),
/// the 4-byte record header, the key, the fixed columns' NULL bits, 2 bytes per
/// variable column and, per tagged column, its 4-byte tag, its header byte (long-value
/// columns and multi-values) and its multi-value offsets or long-value ids.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecordSize {
    /// User data in the record (compressed values counted as their logical size).
    pub data: u64,
    /// User data in the long-value tree (logical size).
    pub long_value_data: u64,
    /// The record's overhead.
    pub overhead: u64,
    /// The long values' overhead in their tree (nodes' tags, key counts and keys, and
    /// each root's data).
    pub long_value_overhead: u64,
    /// Fixed and variable columns the record holds (NULL ones among them).
    pub non_tagged_columns: u64,
    /// Tagged columns the record holds.
    pub tagged_columns: u64,
    /// Values in the long-value tree.
    pub long_values: u64,
    /// Values beyond the first of each multi-valued column.
    pub multi_values: u64,
    /// Tagged columns with a compressed value in the record.
    pub compressed_columns: u64,
    /// User data in the record as stored (compressed).
    pub data_compressed: u64,
    /// User data in the long-value tree as stored (compressed).
    pub long_value_data_compressed: u64,
}

impl Record {
    /// The record's sizes (see [`RecordSize`]); `key_len` is its key's length, counted
    /// as overhead; `local` leaves the long-value tree out (`JET_bitRecordSizeLocal`:
    /// its values are counted, not their sizes). Errors: a damaged record or long value.
    pub fn size(&self, key_len: usize, local: bool) -> Result<RecordSize> {
        self.size_with(
            key_len,
            RecordSizeOptions {
                local,
                ..RecordSizeOptions::default()
            },
        )
    }

    /// [`Record::size`] counted as `opts` says (`JetGetRecordSize2`'s grbits).
    pub fn size_with(&self, key_len: usize, opts: RecordSizeOptions) -> Result<RecordSize> {
        let local = opts.local;
        let rec = RawRecord::decode(&self.data, self.table.large())?;
        let mut z = RecordSize {
            overhead: 4 + 2 + 4 + key_len as u64,
            ..RecordSize::default()
        };
        let fixed = u64::from(rec.last_fixed_id());
        let var = match rec.last_variable_id() {
            v if v >= 128 => u64::from(v - 127),
            _ => 0,
        };
        let null_bits = fixed.div_ceil(8);
        let end_fixed = rec.end_of_fixed_data() as u64;
        let fixed_data = end_fixed.saturating_sub(4 + null_bits);
        let var_data = (rec.tagged_area_offset() as u64).saturating_sub(end_fixed + 2 * var);
        z.overhead += null_bits + 2 * var;
        z.data += fixed_data + var_data;
        z.data_compressed += fixed_data + var_data;
        z.non_tagged_columns += fixed + var;
        let def = self.table.def();
        for f in rec.tagged()? {
            let long = def
                .column_by_tagged_record_id(f.record_id())
                .is_some_and(|c| c.coltype.is_long())
                || f.flags.contains(TaggedFlags::LONG_VALUE);
            z.tagged_columns += 1;
            if f.is_null() {
                z.overhead += 4 + u64::from(long);
                continue;
            }
            let parts = split_values(&f)?;
            let multi = f.flags.contains(TaggedFlags::MULTI_VALUED);
            if !multi {
                let p = parts.first().copied();
                match p {
                    Some(p) if p.separated => {
                        z.overhead += 4 + 1 + p.data.len() as u64;
                        z.long_values += 1;
                        if !local {
                            self.add_long_value(&mut z, p.data, opts)?;
                        }
                    }
                    Some(p) => {
                        z.overhead += 4 + u64::from(long);
                        let logical = self.logical_len(&p, opts)?;
                        z.data += logical;
                        z.data_compressed += p.data.len() as u64;
                        z.compressed_columns +=
                            u64::from(p.compressed && !opts.intrinsic_physical_only);
                    }
                    None => z.overhead += 4 + u64::from(long),
                }
                continue;
            }
            let n = parts.len() as u64;
            z.multi_values += n.saturating_sub(1);
            if f.flags.contains(TaggedFlags::TWO_VALUED) {
                let bytes: u64 = parts.iter().map(|p| p.data.len() as u64).sum();
                z.overhead += 4 + 1 + 1;
                z.data += bytes;
                z.data_compressed += bytes;
                continue;
            }
            z.overhead += 4 + 1 + 2 * n;
            let mut compressed = false;
            for p in &parts {
                if p.separated {
                    z.overhead += p.data.len() as u64;
                    z.long_values += 1;
                    if !local {
                        self.add_long_value(&mut z, p.data, opts)?;
                    }
                } else {
                    z.data += self.logical_len(p, opts)?;
                    z.data_compressed += p.data.len() as u64;
                    compressed |= p.compressed;
                }
            }
            z.compressed_columns += u64::from(compressed && !opts.intrinsic_physical_only);
        }
        Ok(z)
    }

    /// The logical length of an intrinsic value (a compressed one decompressed; its stored
    /// length with [`RecordSizeOptions::intrinsic_physical_only`]).
    fn logical_len(&self, p: &FieldValue<'_>, opts: RecordSizeOptions) -> Result<u64> {
        if !p.compressed || p.encrypted || opts.intrinsic_physical_only {
            return Ok(p.data.len() as u64);
        }
        match compress::decompress(p.data) {
            Ok(d) => Ok(d.len() as u64),
            Err(e) if e.code() == ErrorCode::FeatureNotAvailable => Ok(p.data.len() as u64),
            Err(e) => Err(e),
        }
    }

    fn add_long_value(
        &self,
        z: &mut RecordSize,
        lid_bytes: &[u8],
        opts: RecordSizeOptions,
    ) -> Result<()> {
        let (logical, stored, overhead) = self
            .table
            .long_value_size(Lid::from_record(lid_bytes)?, opts.extrinsic_logical_only)?;
        z.long_value_data += logical;
        z.long_value_data_compressed += stored;
        z.long_value_overhead += overhead;
        Ok(())
    }
}

/// A long value read whole, or the reason it cannot be decoded and its stored bytes.
pub(crate) type LongValue = std::result::Result<Vec<u8>, (Error, Vec<u8>)>;

/// Records of a table, in the order of the index they were listed by.
pub struct Records {
    table: Table,
    inner: RecordsInner,
}

enum RecordsInner {
    Primary(Walk),
    Secondary(IndexEntries),
}

impl Iterator for Records {
    type Item = Result<Record>;
    fn next(&mut self) -> Option<Result<Record>> {
        match &mut self.inner {
            RecordsInner::Primary(cur) => {
                let root = self.table.def().root;
                match self.table.next_seen(cur, root) {
                    Ok(Some(e)) => Some(Ok(Record {
                        table: self.table.clone(),
                        key: e.key,
                        data: e.data,
                        lvs: None,
                    })),
                    Ok(None) => None,
                    Err(e) => Some(Err(e)),
                }
            }
            RecordsInner::Secondary(entries) => match entries.next()? {
                Ok((_, bookmark)) => Some(self.table.record_by_bookmark(&bookmark)),
                Err(e) => Some(Err(e)),
            },
        }
    }
}

/// The entries of one index in stored key order: (key, primary bookmark).
pub struct IndexEntries {
    table: Table,
    primary: bool,
    root: u32,
    cur: Walk,
}

impl Iterator for IndexEntries {
    type Item = Result<(Vec<u8>, Vec<u8>)>;
    fn next(&mut self) -> Option<Self::Item> {
        match self.table.next_seen(&mut self.cur, self.root) {
            Ok(Some(e)) => {
                let bm = if self.primary { e.key.clone() } else { e.data };
                Some(Ok((e.key, bm)))
            }
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

/// Column `col`'s value `v` (as [`Record::values`] reads it) as a row sets it:
/// `None` leaves the column out (the record has no value: NULL, or the column's
/// default); a NULL read from a column that has a default is a NULL the record
/// stores over that default, so the row sets NULL, not nothing (left out, the
/// column would take its default again, in a copy of the record and in the keys
/// an index makes of it). Values that could not be decoded keep their stored bytes.
pub(crate) fn row_value(col: &ColumnDef, v: &ColumnValue) -> Option<RowValue> {
    let mut cells: Vec<Cell> = v
        .data()
        .into_iter()
        .map(|d| match d {
            Datum::Value(v) => Cell::Value(v.clone()),
            Datum::Undecodable { raw, .. } => Cell::Raw(raw.clone()),
        })
        .collect();
    match cells.len() {
        0 if col.has_default() => Some(RowValue::Null),
        0 => None,
        1 => cells.pop().map(RowValue::One),
        _ => Some(RowValue::Many(cells)),
    }
}

/// One record of a table.
#[derive(Clone)]
pub struct Record {
    table: Table,
    key: Vec<u8>,
    data: Vec<u8>,
    /// The live nodes of the table's long-value tree a repair salvaged, read in
    /// place of the tree (see [`Record::salvaged`]).
    lvs: Option<Arc<LvNodes>>,
}

/// The live nodes of a long-value tree that a repair could read of it when damaged
/// (flag-deleted ones left out): where each is, by key. Only the places are held; a
/// value's chunks are read from their pages when a record reads it.
pub(super) struct LvNodes {
    /// (page, node index) by key.
    pub(super) places: std::collections::BTreeMap<Vec<u8>, (u32, usize)>,
    /// Page `pgno` of the tree, read and checked again; `None` when it does not read.
    pub(super) page: Box<dyn Fn(u32) -> Option<Vec<u8>> + Send + Sync>,
}

impl std::fmt::Debug for Record {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Record")
            .field("table", &self.table.name())
            .field("key", &self.key)
            .finish()
    }
}

impl Record {
    /// The record of `table` whose primary key is `key` and whose stored bytes
    /// are `data`, as a repair reads them from a leaf page.
    /// With `lvs`, the record's separated values are read from those nodes instead
    /// of the table's long-value tree (one that a repair could not walk whole).
    pub(super) fn salvaged(
        table: &Table,
        key: Vec<u8>,
        data: Vec<u8>,
        lvs: Option<Arc<LvNodes>>,
    ) -> Record {
        Record {
            table: table.clone(),
            key,
            data,
            lvs,
        }
    }

    /// The record's primary key (its bookmark).
    pub fn key(&self) -> &[u8] {
        &self.key
    }

    /// The record's bytes as stored.
    pub fn raw(&self) -> &[u8] {
        &self.data
    }

    /// The value of the column named `name`.
    pub fn get(&self, name: &str) -> Result<ColumnValue> {
        let col = self.table.def().column(name).ok_or_else(|| {
            Error::with(
                ErrorCode::ColumnNotFound,
                format!("table {} has no column {name:?}", self.table.name()),
            )
        })?;
        self.value(col)
    }

    /// Every column's value, in column-id order.
    pub fn values(&self) -> Result<Vec<(&ColumnDef, ColumnValue)>> {
        let rec = RawRecord::decode(&self.data, self.table.large())?;
        let tagged = rec.tagged()?;
        let order = |f: &TaggedField<'_>| tagged_entry_order(f.record_id());
        if tagged.windows(2).any(|w| order(&w[0]) >= order(&w[1])) {
            return Err(Error::with(
                ErrorCode::DatabaseCorrupted,
                "tagged columns out of order in a record",
            ));
        }
        let mut out = Vec::with_capacity(self.table.def().columns.len());
        let view = self.view();
        let def = self.table.def();
        // Columns and tagged fields are both in column-id order (but for a derived table,
        // whose template columns come first in records and last by id): walk them together.
        let walk = !def.is_derived();
        let mut next_tagged = 0;
        for col in &def.columns {
            let v = if col.is_tagged() && walk {
                let id = col.fid();
                while next_tagged < tagged.len() && tagged[next_tagged].column_id < id {
                    next_tagged += 1;
                }
                let f = tagged.get(next_tagged).filter(|f| f.column_id == id);
                view.tagged_value(col, f)?
            } else if col.is_tagged() {
                let f = rec.tagged_field(def.tagged_record_id(col))?;
                view.tagged_value(col, f.as_ref())?
            } else {
                view.plain_value(&rec, col)?
            };
            out.push((col, v));
        }
        Ok(out)
    }

    /// The record as a [`Row`] of every non-NULL column's values (long values
    /// read whole), plus the LIDs of its separated long values.
    pub fn to_row(&self) -> Result<(Row, Vec<Lid>)> {
        let mut row = Row::new();
        for (col, v) in self.values()? {
            if let Some(v) = row_value(col, &v) {
                row.set(col.id, v);
            }
        }
        let rec = RawRecord::decode(&self.data, self.table.large())?;
        let mut lids = Vec::new();
        for f in rec.tagged()? {
            for v in split_values(&f)? {
                if v.separated {
                    lids.push(Lid::from_record(v.data)?);
                }
            }
        }
        Ok((row, lids))
    }

    /// The record as a [`Row`] of its values as stored, to be written again
    /// as they are (what a compaction copies): each value's bytes undecoded
    /// (so a value whose type this engine would read differently, such as a
    /// Unicode text of an odd number of bytes, keeps every byte), long values
    /// read whole and compressed values decompressed; a column the record
    /// leaves to its default is left out, and a NULL stored over a default is
    /// kept. Errors: a value that cannot be read as stored (an encrypted one,
    /// an unknown compression, a damaged long value) with its code, since
    /// writing its stored bytes again would change what it reads as.
    pub fn stored_row(&self) -> Result<Row> {
        self.stored_row_with(None)
    }

    /// [`Record::stored_row`] for a repair: a tagged column whose values cannot be
    /// read (a long value on a damaged page) is left out of the row (NULL, also
    /// over a default) and counted in the second result, where `stored_row` fails.
    pub(super) fn salvaged_row(&self) -> Result<(Row, u32)> {
        let mut lost = 0;
        let row = self.stored_row_with(Some(&mut lost))?;
        Ok((row, lost))
    }

    /// [`Record::stored_row`]; with `lost`, a tagged column whose values cannot be
    /// read is counted there and left out instead of failing the row.
    fn stored_row_with(&self, mut lost: Option<&mut u32>) -> Result<Row> {
        let rec = RawRecord::decode(&self.data, self.table.large())?;
        let mut row = Row::new();
        let def = self.table.def();
        for col in &def.columns {
            let has_default = col.has_default();
            let cells = if col.is_tagged() {
                match rec.tagged_field(def.tagged_record_id(col))? {
                    None => continue,
                    Some(f) if f.is_null() => None,
                    Some(f) => match (self.stored_cells(col, &f), lost.as_deref_mut()) {
                        (Ok(cells), _) => Some(cells),
                        (Err(_), Some(n)) => {
                            // Left out; NULL over a default, which the lost value
                            // was not (a NOT NULL column then refuses the row).
                            *n += 1;
                            if has_default {
                                row.set(col.id, RowValue::Null);
                            }
                            continue;
                        }
                        (Err(e), None) => return Err(e),
                    },
                }
            } else {
                match plain_field(&rec, col)? {
                    Field::NotInRecord => continue,
                    Field::Null => None,
                    Field::Data(b) => Some(vec![Cell::Raw(b.to_vec())]),
                }
            };
            match cells {
                None if has_default => {
                    row.set(col.id, RowValue::Null);
                }
                None => {}
                Some(mut c) if c.len() == 1 => {
                    row.set(col.id, RowValue::One(c.remove(0)));
                }
                Some(c) if c.is_empty() => {}
                Some(c) => {
                    row.set(col.id, RowValue::Many(c));
                }
            }
        }
        Ok(row)
    }

    /// The stored bytes of each value of tagged field `f` of column `col`
    /// (see [`Record::stored_row`]).
    fn stored_cells(&self, col: &ColumnDef, f: &TaggedField<'_>) -> Result<Vec<Cell>> {
        let view = self.view();
        let mut out = Vec::new();
        for part in split_values(f)? {
            match view.part_bytes(&part)? {
                Ok(bytes) => out.push(Cell::Raw(bytes)),
                Err((code, detail, _)) => {
                    return Err(Error::with(
                        code,
                        format!("column {} ({}): {detail}", col.name, col.id),
                    ))
                }
            }
        }
        Ok(out)
    }

    /// The bytes of each value of column `col` as stored, undecoded (what `JetRetrieveColumn`
    /// returns: a long value read whole, a compressed one decompressed, the default's bytes
    /// for a column the record leaves to its default; none for NULL). Unlike
    /// [`Record::value`] nothing is decoded into a [`Value`](crate::format::coltype::Value),
    /// so bytes no type reading would keep (an odd byte of Unicode text) come back as they
    /// are. Errors: a damaged record or long value.
    pub fn stored_values(&self, col: &ColumnDef) -> Result<Vec<Vec<u8>>> {
        let rec = RawRecord::decode(&self.data, self.table.large())?;
        let default = || match &col.default_value {
            Some(d) if col.has_default() => vec![d.clone()],
            _ => Vec::new(),
        };
        if !col.is_tagged() {
            return Ok(plain_stored(&rec, col)?
                .map(|b| vec![b.to_vec()])
                .unwrap_or_default());
        }
        let Some(f) = rec.tagged_field(self.table.def().tagged_record_id(col))? else {
            return Ok(default());
        };
        if f.is_null() {
            return Ok(Vec::new());
        }
        let view = self.view();
        let mut out = Vec::new();
        for part in split_values(&f)? {
            out.push(match view.part_bytes(&part)? {
                Ok(bytes) => bytes,
                Err((_, _, raw)) => raw,
            });
        }
        Ok(out)
    }

    /// How value `itag` (from 1) of column `col` is kept, without reading a long value's
    /// chunks into memory (`JetRetrieveColumn`'s `JET_bitRetrieveLongId` and
    /// `JET_bitRetrievePhysicalSize`); `None` when the column has no such value (NULL, or
    /// fewer values). Errors: a damaged record or long-value tree.
    pub fn value_storage(&self, col: &ColumnDef, itag: u32) -> Result<Option<ValueStorage>> {
        let rec = RawRecord::decode(&self.data, self.table.large())?;
        let at = itag.max(1) as usize - 1;
        let default = || ValueStorage::of_default(col, itag);
        if !col.is_tagged() {
            return Ok(match plain_field(&rec, col)? {
                Field::Data(b) if at == 0 => Some(ValueStorage::InRecord {
                    physical: b.len() as u64,
                }),
                Field::NotInRecord => default(),
                _ => None,
            });
        }
        let Some(f) = rec.tagged_field(self.table.def().tagged_record_id(col))? else {
            return Ok(default());
        };
        if f.is_null() {
            return Ok(None);
        }
        let Some(part) = split_values(&f)?.into_iter().nth(at) else {
            return Ok(None);
        };
        if part.separated {
            let lid = Lid::from_record(part.data)?;
            let (_, stored, _) = self.table.long_value_size(lid, false)?;
            return Ok(Some(ValueStorage::Separated {
                lid,
                physical: stored,
            }));
        }
        Ok(Some(ValueStorage::InRecord {
            physical: part.data.len() as u64,
        }))
    }

    /// The value of column `col`.
    pub fn value(&self, col: &ColumnDef) -> Result<ColumnValue> {
        self.view().value(col)
    }

    /// How the record holds column `col` (see [`Presence`]); the column's values are
    /// not read. Errors: those of a damaged record.
    pub fn presence(&self, col: &ColumnDef) -> Result<Presence> {
        let rec = RawRecord::decode(&self.data, self.table.large())?;
        if col.is_tagged() {
            return Ok(
                match rec.tagged_field(self.table.def().tagged_record_id(col))? {
                    None => Presence::NotInRecord,
                    Some(f) if f.is_null() => Presence::Null,
                    Some(_) => Presence::Set,
                },
            );
        }
        Ok(match plain_field(&rec, col)? {
            Field::NotInRecord => Presence::NotInRecord,
            Field::Null => Presence::Null,
            Field::Data(_) => Presence::Set,
        })
    }

    fn view(&self) -> RecordView<'_> {
        RecordView {
            table: &self.table,
            data: &self.data,
            lvs: self.lvs.as_deref(),
        }
    }
}

/// A record's bytes read through the table they belong to, neither owned: what
/// [`Record`] decodes its columns with, and what a cursor decodes the copy it keeps
/// of its current record with.
pub(crate) struct RecordView<'a> {
    pub(crate) table: &'a Table,
    pub(crate) data: &'a [u8],
    /// Salvaged long-value nodes read in place of the tree (see [`Record::salvaged`]).
    pub(crate) lvs: Option<&'a LvNodes>,
}

/// The stored bytes of fixed or variable column `col` of `rec`: its own, the default's for
/// a column the record leaves to it, none for NULL.
fn plain_stored<'a>(rec: &RawRecord<'a>, col: &'a ColumnDef) -> Result<Option<&'a [u8]>> {
    Ok(match plain_field(rec, col)? {
        Field::Data(b) => Some(b),
        Field::Null => None,
        Field::NotInRecord => col.default_value.as_deref().filter(|_| col.has_default()),
    })
}

/// [`plain_stored`] of record `data` into `buf`: whether the column has a value.
fn plain_column_into(data: &[u8], large: bool, col: &ColumnDef, buf: &mut Vec<u8>) -> Result<bool> {
    let rec = RawRecord::decode(data, large)?;
    let stored = plain_stored(&rec, col)?;
    if let Some(b) = stored {
        buf.extend_from_slice(b);
    }
    Ok(stored.is_some())
}

impl RecordView<'_> {
    /// The value of column `col`.
    pub(crate) fn value(&self, col: &ColumnDef) -> Result<ColumnValue> {
        let rec = RawRecord::decode(self.data, self.table.large())?;
        if col.is_tagged() {
            let f = rec.tagged_field(self.table.def().tagged_record_id(col))?;
            self.tagged_value(col, f.as_ref())
        } else {
            self.plain_value(&rec, col)
        }
    }

    fn default_or_null(&self, col: &ColumnDef) -> Result<ColumnValue> {
        match &col.default_value {
            Some(d) if col.has_default() => Ok(ColumnValue::Single(decode_datum(col, d.clone()))),
            _ => Ok(ColumnValue::Null),
        }
    }

    fn plain_value(&self, rec: &RawRecord<'_>, col: &ColumnDef) -> Result<ColumnValue> {
        match plain_field(rec, col)? {
            Field::NotInRecord => self.default_or_null(col),
            Field::Null => Ok(ColumnValue::Null),
            Field::Data(b) => Ok(ColumnValue::Single(decode_datum(col, b.to_vec()))),
        }
    }

    fn tagged_value(
        &self,
        col: &ColumnDef,
        field: Option<&TaggedField<'_>>,
    ) -> Result<ColumnValue> {
        let Some(field) = field else {
            return self.default_or_null(col);
        };
        if field.is_null() {
            return Ok(ColumnValue::Null);
        }
        let parts = split_values(field)?;
        let mut out = Vec::with_capacity(parts.len());
        for part in parts {
            out.push(match self.part_bytes(&part)? {
                Ok(bytes) => decode_datum(col, bytes),
                Err((code, detail, raw)) => Datum::Undecodable { code, detail, raw },
            });
        }
        Ok(match out.len() {
            0 => ColumnValue::Null,
            1 if !col.is_multi_valued() => ColumnValue::Single(out.remove(0)),
            1 => ColumnValue::Multi(out),
            _ => ColumnValue::Multi(out),
        })
    }

    /// The bytes value `part` of a tagged field stands for: a separated value
    /// read whole from the long-value tree (its chunks decompressed one by one),
    /// a compressed one decompressed. `Err` is why a value cannot be read so
    /// (encrypted, an unknown compression, a damaged long value) and its bytes
    /// as stored, the parts of a [`Datum::Undecodable`].
    fn part_bytes(
        &self,
        part: &FieldValue<'_>,
    ) -> Result<std::result::Result<Vec<u8>, Undecodable>> {
        let undecodable =
            |code: ErrorCode, detail: String, raw: Vec<u8>| Ok(Err((code, detail, raw)));
        if part.encrypted {
            return undecodable(
                ErrorCode::FeatureNotAvailable,
                "encrypted column value".into(),
                part.data.to_vec(),
            );
        }
        if part.separated {
            let lid = Lid::from_record(part.data)?;
            let value = match self.lvs {
                Some(nodes) => self.table.read_long_value_from(lid, nodes)?,
                None => self.table.read_long_value(lid)?,
            };
            return match value {
                Ok(b) => Ok(Ok(b)),
                Err((err, raw)) => undecodable(err.code(), err.to_string(), raw),
            };
        }
        if part.compressed {
            return match compress::decompress(part.data) {
                Ok(b) => Ok(Ok(b)),
                Err(e) => undecodable(e.code(), e.to_string(), part.data.to_vec()),
            };
        }
        Ok(Ok(part.data.to_vec()))
    }
}

/// How one value of a record's column is kept (see [`Record::value_storage`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueStorage {
    /// In the record itself, taking `physical` bytes there (a compressed value its
    /// compressed bytes).
    InRecord {
        /// Bytes in the record.
        physical: u64,
    },
    /// In the table's long-value tree: its long-value id, and the bytes its chunks take
    /// there (compressed chunks at their compressed size), as ESE's `ErrRECGetLVSize`
    /// counts them.
    Separated {
        /// The long value's id.
        lid: Lid,
        /// Bytes of its chunks.
        physical: u64,
    },
    /// Not in the record: the column's default value, of `physical` bytes.
    Default {
        /// Bytes of the default value.
        physical: u64,
    },
}

impl ValueStorage {
    /// Value `itag` (from 1) of column `col` left to its default: the default's bytes for
    /// the first value, `None` for any other or without a default.
    pub fn of_default(col: &ColumnDef, itag: u32) -> Option<ValueStorage> {
        col.default_value
            .as_ref()
            .filter(|_| col.has_default() && itag <= 1)
            .map(|d| ValueStorage::Default {
                physical: d.len() as u64,
            })
    }
}

/// Why a value cannot be read as it stands for, and its bytes as stored.
type Undecodable = (ErrorCode, String, Vec<u8>);

/// The field of fixed or variable column `col` in record `rec`.
fn plain_field<'a>(rec: &RawRecord<'a>, col: &ColumnDef) -> Result<Field<'a>> {
    if col.is_fixed() {
        let size = col.coltype.fixed_size().unwrap_or(col.max_length as usize);
        rec.fixed_field(col.fid(), usize::from(col.record_offset), size)
    } else {
        rec.variable_field(col.fid())
    }
}

fn decode_datum(col: &ColumnDef, bytes: Vec<u8>) -> Datum {
    match decode_value(col.coltype, col.code_page, &bytes) {
        Ok(v) => Datum::Value(v),
        Err(e) => Datum::Undecodable {
            code: e.code(),
            detail: e.to_string(),
            raw: bytes,
        },
    }
}

/// Equality as an index compares: text ignores case, everything else is exact.
fn values_match(have: &Value, want: &Value) -> bool {
    match (have, want) {
        (Value::Text(a), Value::Text(b)) => a.to_lowercase() == b.to_lowercase(),
        _ => have == want,
    }
}
